using Diff.NN;

namespace Diff.Runtime.Tests.Pooling
{
    /// <summary>[Differentiable] methods whose gradient calls return their intermediates' storage to the pool.</summary>
    public static partial class PooledFunctions
    {
        private static Tensor? s_cachedScale;

        /// <summary>The loss of the training-step benchmark: cross-entropy of a model's logits.</summary>
        [Differentiable]
        public static Tensor Loss(Module model, [NoDiff] Tensor x, [NoDiff] int[] y) => Functional.CrossEntropyLoss(model.Forward(x), y);

        /// <summary>Returns a view (a reshape) of an intermediate: its storage must outlive the call.</summary>
        [Differentiable]
        public static Tensor ViewOfIntermediate(Tensor w, [NoDiff] Tensor x)
        {
            Tensor hidden = Tensor.MatMul(x, w).Relu();
            Tensor flat = hidden.Reshape(hidden.Count);
            return flat.Sum() + flat.Reshape(1, hidden.Count).Sum();
        }

        /// <summary>Returns the intermediate itself, reshaped, as a non-scalar result (for the pullback).</summary>
        [Differentiable]
        public static Tensor Activations(Tensor w, [NoDiff] Tensor x) => Tensor.MatMul(x, w).Tanh().Reshape(-1);

        /// <summary>Scales by a tensor that host code makes once, inside the first gradient call, and caches.</summary>
        [Differentiable]
        public static Tensor ScaledByCachedConstant(Tensor w, [NoDiff] Tensor x) => (Tensor.MatMul(x, w) * CachedScale(w.Shape[1])).Sum();

        /// <summary>Hands an intermediate to host code, which keeps it.</summary>
        [Differentiable]
        public static Tensor LoggedHidden(Tensor w, [NoDiff] Tensor x)
        {
            Tensor hidden = Tensor.MatMul(x, w).Tanh();
            Log(hidden);
            return (hidden * hidden).Sum();
        }

        /// <summary>What <see cref="Log"/> kept, in call order.</summary>
        public static System.Collections.Generic.List<Tensor> Logged { get; } = new();

        /// <summary>Host code that keeps the tensor it is given.</summary>
        public static void Log(Tensor value) => Logged.Add(value);

        /// <summary>The cached constant, made with an op (so from the pool) on first use.</summary>
        public static Tensor CachedScale(int n) => s_cachedScale ??= (Tensor.Ones(n) * 3f).Exp();
    }
}
