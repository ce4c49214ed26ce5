using System.Collections.Generic;
using System.Linq;
using Diff;
using Diff.NN;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>
    /// The methods of <see cref="TensorPeerFns"/> against PyTorch 1.13 computed in float64 on the same inputs:
    /// the value, each gradient, the tangent against ⟨∇f, v⟩, and the Hessian-vector product against PyTorch's
    /// double backward. Inputs are multiples of 1/64 (exact in float32), some placed exactly on kinks and ties.
    /// </summary>
    public sealed partial class TensorPeerTests
    {
        internal readonly record struct Input(float[] Data, int[] Shape);

        /// <summary>One case: inputs, value, the gradients of the first inputs, directions, ⟨∇f, v⟩ and H·v.</summary>
        internal sealed record PeerCase(Input[] Inputs, double Value, double[][] Gradients, float[][] Directions, double Tangent, double[][]? HessianVector);

        internal delegate Tensor GradientCall(Tensor[] x, Tensor?[] d);

        internal delegate Tensor TangentCall(Tensor[] x, Tensor?[] t, out Tensor tResult);

        internal delegate Tensor HessianCall(Tensor[] x, Tensor?[] v, Tensor?[] d, Tensor?[] h);

        private static Input In(float[] data, params int[] shape) => new(data, shape);

        private static Tensor Make(Input input) => Tensor.FromArray((float[])input.Data.Clone(), input.Shape);

        /// <summary>Whether <paramref name="actual"/> is within float32 tolerance of <paramref name="expected"/>, at the scale of its tensor.</summary>
        private static bool Close(double expected, double actual, double scale)
        {
            if (double.IsNaN(expected) || double.IsInfinity(expected))
            {
                return expected.Equals(actual);
            }

            return Math.Abs(actual - expected) <= 2e-4 * scale + 1e-3 * Math.Abs(expected);
        }

        private static void Compare(List<string> failures, string what, double[] expected, float[] actual)
        {
            if (expected.Length != actual.Length)
            {
                failures.Add($"{what}: {actual.Length} elements, PyTorch {expected.Length}");
                return;
            }

            double scale = Math.Max(1.0, expected.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max());
            for (int i = 0; i < expected.Length; i++)
            {
                if (!Close(expected[i], actual[i], scale))
                {
                    failures.Add($"{what}[{i}]: DiffGen {actual[i]:R}, PyTorch {expected[i]:R}");
                }
            }
        }

        /// <summary>Runs a case: the plain method, the gradient, the tangent and the Hessian-vector product.</summary>
        private static void Run(string name, int differentiable, Func<Tensor[], Tensor> plain, GradientCall gradient, TangentCall tangent, HessianCall? hessianVector)
        {
            PeerCase c = Data[name];
            int known = c.Gradients.Length;
            var failures = new List<string>();
            Tensor[] x = c.Inputs.Select(Make).ToArray();

            Compare(failures, "plain value", new[] { c.Value }, plain(x).ToArray());

            Tensor?[] d = Enumerable.Range(0, differentiable).Select(i => i < known ? Tensor.ZerosLike(x[i]) : null).ToArray();
            Tensor value = gradient(x, d);
            Compare(failures, "gradient's value", new[] { c.Value }, value.ToArray());
            for (int i = 0; i < known; i++)
            {
                Compare(failures, $"gradient {i}", c.Gradients[i], d[i]!.ToArray());
            }

            Tensor?[] t = Enumerable.Range(0, differentiable).Select(i => i < known ? Tensor.FromArray(c.Directions[i], c.Inputs[i].Shape) : null).ToArray();
            Tensor tangentValue = tangent(x, t, out Tensor tResult);
            Compare(failures, "tangent's value", new[] { c.Value }, tangentValue.ToArray());
            double tangentScale = c.Gradients.Zip(c.Directions).Sum(p => p.First.Zip(p.Second).Sum(q => Math.Abs(q.First * q.Second)));
            Compare(failures, "tangent", new[] { c.Tangent }, new[] { tResult.Item() });
            if (!Close(c.Tangent, tResult.Item(), Math.Max(1, tangentScale)))
            {
                failures.Add($"tangent at the scale of Σ|g v| = {tangentScale}: DiffGen {tResult.Item():R}, PyTorch {c.Tangent:R}");
            }

            if (hessianVector is not null && c.HessianVector is not null)
            {
                Tensor?[] dd = Enumerable.Range(0, differentiable).Select(i => i < known ? Tensor.ZerosLike(x[i]) : null).ToArray();
                Tensor?[] h = Enumerable.Range(0, differentiable).Select(i => i < known ? Tensor.ZerosLike(x[i]) : null).ToArray();
                Tensor hvValue = hessianVector(x, t, dd, h);
                Compare(failures, "H·v's value", new[] { c.Value }, hvValue.ToArray());
                for (int i = 0; i < known; i++)
                {
                    Compare(failures, $"H·v's gradient {i}", c.Gradients[i], dd[i]!.ToArray());
                    Compare(failures, $"H·v {i}", c.HessianVector[i], h[i]!.ToArray());
                }
            }

            Assert.True(failures.Count == 0, name + ":\n" + string.Join("\n", failures));
        }

        /// <summary>A module's parameter gradients against PyTorch's for the same weights.</summary>
        [Fact]
        public void ModuleLoss()
        {
            PeerCase c = Data[nameof(ModuleLoss)];
            Tensor[] x = c.Inputs.Select(Make).ToArray();
            var model = new PeerModule();
            model.Fc1.Weight.Value = x[1];
            model.Fc1.Bias!.Value = x[2];
            model.Fc2.Weight.Value = x[3];
            model.Fc2.Bias!.Value = x[4];
            model.Scale.Value = x[5];
            var failures = new List<string>();

            Tensor dX = Tensor.ZerosLike(x[0]);
            Tensor value = TensorPeerFns.ModuleLossGradient(model, x[0], x[6], dX);
            Compare(failures, "value", new[] { c.Value }, value.ToArray());
            Compare(failures, "input gradient", c.Gradients[0], dX.ToArray());
            Parameter[] parameters = { model.Fc1.Weight, model.Fc1.Bias!, model.Fc2.Weight, model.Fc2.Bias!, model.Scale };
            for (int i = 0; i < parameters.Length; i++)
            {
                Compare(failures, $"parameter {i} gradient", c.Gradients[i + 1], parameters[i].Grad!.ToArray());
            }

            TensorPeerFns.ModuleLossTangent(model, x[0], x[6], Tensor.FromArray(c.Directions[0], c.Inputs[0].Shape), out Tensor tResult);
            double expected = c.Gradients[0].Zip(c.Directions[0]).Sum(p => p.First * p.Second);
            Compare(failures, "tangent", new[] { expected }, new[] { tResult.Item() });
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public void SequentialLoss()
        {
            var model = new Sequential(new Linear(3, 4, generator: new Generator(6)), new ReLU(), new Linear(4, 2, generator: new Generator(7)));
            RunModule(nameof(SequentialLoss), model, ((Linear)model[0]).Weight, ((Linear)model[0]).Bias!, ((Linear)model[2]).Weight, ((Linear)model[2]).Bias!);
        }

        [Fact]
        public void SharedAndListedLoss()
        {
            var model = new SharedAndListed();
            RunModule(nameof(SharedAndListedLoss), model, model.Shared.Weight, model.Shared.Bias!, model.Layers[0].Weight, model.Layers[0].Bias!, model.Layers[1].Weight);
        }

        /// <summary>Loads x, the parameters and y from the case, and checks <see cref="TensorPeerFns.SequentialLoss"/> and its parameters' gradients.</summary>
        private static void RunModule(string name, Module model, params Parameter[] parameters)
        {
            PeerCase c = Data[name];
            Tensor[] x = c.Inputs.Select(Make).ToArray();
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = x[i + 1];
            }

            var failures = new List<string>();
            Tensor target = x[^1];
            Compare(failures, "plain value", new[] { c.Value }, TensorPeerFns.SequentialLoss(model, x[0], target).ToArray());
            Tensor dX = Tensor.ZerosLike(x[0]);
            Tensor value = TensorPeerFns.SequentialLossGradient(model, x[0], target, dX);
            Compare(failures, "value", new[] { c.Value }, value.ToArray());
            Compare(failures, "input gradient", c.Gradients[0], dX.ToArray());
            for (int i = 0; i < parameters.Length; i++)
            {
                Compare(failures, $"parameter {i} gradient", c.Gradients[i + 1], parameters[i].Grad!.ToArray());
            }

            TensorPeerFns.SequentialLossTangent(model, x[0], target, Tensor.FromArray(c.Directions[0], c.Inputs[0].Shape), out Tensor tResult);
            double expected = c.Gradients[0].Zip(c.Directions[0]).Sum(p => p.First * p.Second);
            Compare(failures, "tangent", new[] { expected }, new[] { tResult.Item() });
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        /// <summary>A pullback's result (a view of an intermediate) and a gradient's value stay intact through later calls.</summary>
        [Fact]
        public void ResultsSurviveLaterCalls()
        {
            Tensor x = Tensor.FromArray(new[] { 0.5f, -1f, 2f, 0.25f, 1.5f, -0.75f }, 2, 3);
            Tensor first = TensorPeerFns.PullViewPullback(x, Tensor.OnesLike(x.Reshape(-1)), Tensor.ZerosLike(x));
            float[] kept = first.ToArray();
            Tensor[] qkv = { Make(Data["Attention"].Inputs[0]), Make(Data["Attention"].Inputs[1]), Make(Data["Attention"].Inputs[2]) };
            Tensor value = TensorPeerFns.AttentionGradient(qkv[0], qkv[1], qkv[2], null, null, null);
            float keptValue = value.Item();
            for (int i = 0; i < 5; i++)
            {
                TensorPeerFns.PullViewPullback(x * (float)(i + 2), Tensor.OnesLike(x.Reshape(-1)), Tensor.ZerosLike(x));
                TensorPeerFns.AttentionGradient(qkv[0] * 2f, qkv[1], qkv[2], Tensor.ZerosLike(qkv[0]), null, Tensor.ZerosLike(qkv[2]));
            }

            Assert.Equal(kept, first.ToArray());
            Assert.Equal(keptValue, value.Item());
            Assert.Equal((float)Data["Attention"].Value, value.Item(), 4);
        }

        /// <summary>One adjoint buffer passed for both parameters collects both gradients (f(x, x) of max/min written with Abs: 3 + 2x).</summary>
        [Fact]
        public void OneBufferForTwoAdjoints()
        {
            Tensor x = Tensor.FromArray(new[] { 1f, -0.5f, 0f, 2f });
            Tensor d = Tensor.ZerosLike(x);
            TensorPeerFns.MaximumByAbsGradient(x, x, d, d);
            Assert.Equal(new[] { 5f, 2f, 3f, 7f }, d.ToArray());
        }

        /// <summary>Two gradient calls without ZeroGrad double every Parameter.Grad, as two backward() calls do.</summary>
        [Fact]
        public void ParameterGradientsAccumulate()
        {
            var model = new PeerModule();
            Tensor x = Make(Data[nameof(ModuleLoss)].Inputs[0]), y = Make(Data[nameof(ModuleLoss)].Inputs[6]);
            TensorPeerFns.ModuleLossGradient(model, x, y, null);
            float[] once = model.Fc1.Weight.Grad!.ToArray();
            TensorPeerFns.ModuleLossGradient(model, x, y, null);
            float[] twice = model.Fc1.Weight.Grad!.ToArray();
            Assert.Equal(once.Select(e => 2 * e).ToArray(), twice);
            model.ZeroGrad();
            TensorPeerFns.ModuleLossGradient(model, x, y, null);
            Assert.Equal(once, model.Fc1.Weight.Grad!.ToArray());
        }

        /// <summary>Gradients computed on several threads at once equal the single-threaded ones.</summary>
        [Fact]
        public void GradientsOnSeveralThreads()
        {
            PeerCase c = Data["MultiHead"];
            Tensor[] Inputs() => c.Inputs.Select(Make).ToArray();
            float[] Gradient()
            {
                Tensor[] x = Inputs();
                Tensor dX = Tensor.ZerosLike(x[0]);
                TensorPeerFns.MultiHeadGradient(x[0], x[1], x[2], x[3], dX, null, null, null);
                return dX.ToArray();
            }

            float[] expected = Gradient();
            var results = new float[16][];
            System.Threading.Tasks.Parallel.For(0, results.Length, i => results[i] = Gradient());
            Assert.All(results, r => Assert.Equal(expected, r));
        }

        [Fact]
        public void HuberByClamp() => Run(
            "HuberByClamp",
            2,
            x => TensorPeerFns.HuberByClamp(x[0], x[1], 0.5f),
            (x, d) => TensorPeerFns.HuberByClampGradient(x[0], x[1], 0.5f, d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.HuberByClampTangent(x[0], x[1], 0.5f, t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.HuberByClampHessianVector(x[0], x[1], 0.5f, v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void HuberByWhere() => Run(
            "HuberByWhere",
            2,
            x => TensorPeerFns.HuberByWhere(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.HuberByWhereGradient(x[0], x[1], x[2], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.HuberByWhereTangent(x[0], x[1], x[2], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.HuberByWhereHessianVector(x[0], x[1], x[2], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void SmoothL1ByRelu() => Run(
            "SmoothL1ByRelu",
            2,
            x => TensorPeerFns.SmoothL1ByRelu(x[0], x[1]),
            (x, d) => TensorPeerFns.SmoothL1ByReluGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.SmoothL1ByReluTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.SmoothL1ByReluHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void FocalLoss() => Run(
            "FocalLoss",
            1,
            x => TensorPeerFns.FocalLoss(x[0], x[1], 2f),
            (x, d) => TensorPeerFns.FocalLossGradient(x[0], x[1], 2f, d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.FocalLossTangent(x[0], x[1], 2f, t[0], out r),
            (x, v, d, h) => TensorPeerFns.FocalLossHessianVector(x[0], x[1], 2f, v[0], d[0], h[0]));

        [Fact]
        public void LabelSmoothedCrossEntropy() => Run(
            "LabelSmoothedCrossEntropy",
            1,
            x => TensorPeerFns.LabelSmoothedCrossEntropy(x[0], IntTensor.FromArray(new[] { 2, 0, 3 }, 3, 1), 0.1f),
            (x, d) => TensorPeerFns.LabelSmoothedCrossEntropyGradient(x[0], IntTensor.FromArray(new[] { 2, 0, 3 }, 3, 1), 0.1f, d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.LabelSmoothedCrossEntropyTangent(x[0], IntTensor.FromArray(new[] { 2, 0, 3 }, 3, 1), 0.1f, t[0], out r),
            (x, v, d, h) => TensorPeerFns.LabelSmoothedCrossEntropyHessianVector(x[0], IntTensor.FromArray(new[] { 2, 0, 3 }, 3, 1), 0.1f, v[0], d[0], h[0]));

        [Fact]
        public void BuiltInCrossEntropy() => Run(
            "BuiltInCrossEntropy",
            1,
            x => TensorPeerFns.BuiltInCrossEntropy(x[0], new[] { 0, 1, 2, 1 }),
            (x, d) => TensorPeerFns.BuiltInCrossEntropyGradient(x[0], new[] { 0, 1, 2, 1 }, d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BuiltInCrossEntropyTangent(x[0], new[] { 0, 1, 2, 1 }, t[0], out r),
            (x, v, d, h) => TensorPeerFns.BuiltInCrossEntropyHessianVector(x[0], new[] { 0, 1, 2, 1 }, v[0], d[0], h[0]));

        [Fact]
        public void KLByHand() => Run(
            "KLByHand",
            1,
            x => TensorPeerFns.KLByHand(x[0], x[1]),
            (x, d) => TensorPeerFns.KLByHandGradient(x[0], x[1], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.KLByHandTangent(x[0], x[1], t[0], out r),
            (x, v, d, h) => TensorPeerFns.KLByHandHessianVector(x[0], x[1], v[0], d[0], h[0]));

        [Fact]
        public void BuiltInKL() => Run(
            "BuiltInKL",
            2,
            x => TensorPeerFns.BuiltInKL(x[0], x[1]),
            (x, d) => TensorPeerFns.BuiltInKLGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BuiltInKLTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.BuiltInKLHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void BuiltInKLTargetGrad() => Run(
            "BuiltInKLTargetGrad",
            2,
            x => TensorPeerFns.BuiltInKL(x[0], x[1]),
            (x, d) => TensorPeerFns.BuiltInKLGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BuiltInKLTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.BuiltInKLHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void CosineEmbedding() => Run(
            "CosineEmbedding",
            2,
            x => TensorPeerFns.CosineEmbedding(x[0], x[1]),
            (x, d) => TensorPeerFns.CosineEmbeddingGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.CosineEmbeddingTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.CosineEmbeddingHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void TripletMargin() => Run(
            "TripletMargin",
            3,
            x => TensorPeerFns.TripletMargin(x[0], x[1], x[2], 1f),
            (x, d) => TensorPeerFns.TripletMarginGradient(x[0], x[1], x[2], 1f, d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.TripletMarginTangent(x[0], x[1], x[2], 1f, t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.TripletMarginHessianVector(x[0], x[1], x[2], 1f, v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void BceWithLogitsByHand() => Run(
            "BceWithLogitsByHand",
            1,
            x => TensorPeerFns.BceWithLogitsByHand(x[0], x[1]),
            (x, d) => TensorPeerFns.BceWithLogitsByHandGradient(x[0], x[1], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BceWithLogitsByHandTangent(x[0], x[1], t[0], out r),
            (x, v, d, h) => TensorPeerFns.BceWithLogitsByHandHessianVector(x[0], x[1], v[0], d[0], h[0]));

        [Fact]
        public void BuiltInBceWithLogits() => Run(
            "BuiltInBceWithLogits",
            1,
            x => TensorPeerFns.BuiltInBceWithLogits(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.BuiltInBceWithLogitsGradient(x[0], x[1], x[2], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BuiltInBceWithLogitsTangent(x[0], x[1], x[2], t[0], out r),
            (x, v, d, h) => TensorPeerFns.BuiltInBceWithLogitsHessianVector(x[0], x[1], x[2], v[0], d[0], h[0]));

        [Fact]
        public void BuiltInPointwiseLosses() => Run(
            "BuiltInPointwiseLosses",
            2,
            x => TensorPeerFns.BuiltInPointwiseLosses(x[0], x[1]),
            (x, d) => TensorPeerFns.BuiltInPointwiseLossesGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BuiltInPointwiseLossesTangent(x[0], x[1], t[0], t[1], out r),
            null);

        [Fact]
        public void Attention() => Run(
            "Attention",
            3,
            x => TensorPeerFns.Attention(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.AttentionGradient(x[0], x[1], x[2], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.AttentionTangent(x[0], x[1], x[2], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.AttentionHessianVector(x[0], x[1], x[2], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void CausalAttention() => Run(
            "CausalAttention",
            3,
            x => TensorPeerFns.CausalAttention(x[0], x[1], x[2], x[3]),
            (x, d) => TensorPeerFns.CausalAttentionGradient(x[0], x[1], x[2], x[3], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.CausalAttentionTangent(x[0], x[1], x[2], x[3], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.CausalAttentionHessianVector(x[0], x[1], x[2], x[3], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void PaddedAttention() => Run(
            "PaddedAttention",
            3,
            x => TensorPeerFns.PaddedAttention(x[0], x[1], x[2], x[3]),
            (x, d) => TensorPeerFns.PaddedAttentionGradient(x[0], x[1], x[2], x[3], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.PaddedAttentionTangent(x[0], x[1], x[2], x[3], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.PaddedAttentionHessianVector(x[0], x[1], x[2], x[3], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void MultiHead() => Run(
            "MultiHead",
            4,
            x => TensorPeerFns.MultiHead(x[0], x[1], x[2], x[3]),
            (x, d) => TensorPeerFns.MultiHeadGradient(x[0], x[1], x[2], x[3], d[0], d[1], d[2], d[3]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.MultiHeadTangent(x[0], x[1], x[2], x[3], t[0], t[1], t[2], t[3], out r),
            (x, v, d, h) => TensorPeerFns.MultiHeadHessianVector(x[0], x[1], x[2], x[3], v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3], h[0], h[1], h[2], h[3]));

        [Fact]
        public void LayerNormByHand() => Run(
            "LayerNormByHand",
            3,
            x => TensorPeerFns.LayerNormByHand(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.LayerNormByHandGradient(x[0], x[1], x[2], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.LayerNormByHandTangent(x[0], x[1], x[2], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.LayerNormByHandHessianVector(x[0], x[1], x[2], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void LayerNormBuiltIn() => Run(
            "LayerNormBuiltIn",
            3,
            x => TensorPeerFns.LayerNormBuiltIn(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.LayerNormBuiltInGradient(x[0], x[1], x[2], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.LayerNormBuiltInTangent(x[0], x[1], x[2], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.LayerNormBuiltInHessianVector(x[0], x[1], x[2], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void RmsNorm() => Run(
            "RmsNorm",
            2,
            x => TensorPeerFns.RmsNorm(x[0], x[1]),
            (x, d) => TensorPeerFns.RmsNormGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.RmsNormTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.RmsNormHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void Standardize() => Run(
            "Standardize",
            1,
            x => TensorPeerFns.Standardize(x[0]),
            (x, d) => TensorPeerFns.StandardizeGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.StandardizeTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.StandardizeHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void BuiltInNorms() => Run(
            "BuiltInNorms",
            3,
            x => TensorPeerFns.BuiltInNorms(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.BuiltInNormsGradient(x[0], x[1], x[2], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BuiltInNormsTangent(x[0], x[1], x[2], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.BuiltInNormsHessianVector(x[0], x[1], x[2], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void GeluTanhByHand() => Run(
            "GeluTanhByHand",
            1,
            x => TensorPeerFns.GeluTanhByHand(x[0]),
            (x, d) => TensorPeerFns.GeluTanhByHandGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.GeluTanhByHandTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.GeluTanhByHandHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void SiluMishByHand() => Run(
            "SiluMishByHand",
            1,
            x => TensorPeerFns.SiluMishByHand(x[0]),
            (x, d) => TensorPeerFns.SiluMishByHandGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.SiluMishByHandTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.SiluMishByHandHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void StableSoftplus() => Run(
            "StableSoftplus",
            1,
            x => TensorPeerFns.StableSoftplus(x[0]),
            (x, d) => TensorPeerFns.StableSoftplusGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.StableSoftplusTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.StableSoftplusHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void BuiltInActivations() => Run(
            "BuiltInActivations",
            1,
            x => TensorPeerFns.BuiltInActivations(x[0]),
            (x, d) => TensorPeerFns.BuiltInActivationsGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BuiltInActivationsTangent(x[0], t[0], out r),
            null);

        [Fact]
        public void KinkedSquared() => Run(
            "KinkedSquared",
            1,
            x => TensorPeerFns.KinkedSquared(x[0]),
            (x, d) => TensorPeerFns.KinkedSquaredGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.KinkedSquaredTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.KinkedSquaredHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void LogSumExpStable() => Run(
            "LogSumExpStable",
            1,
            x => TensorPeerFns.LogSumExpStable(x[0]),
            (x, d) => TensorPeerFns.LogSumExpStableGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.LogSumExpStableTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.LogSumExpStableHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void MaxWithTies() => Run(
            "MaxWithTies",
            1,
            x => TensorPeerFns.MaxWithTies(x[0]),
            (x, d) => TensorPeerFns.MaxWithTiesGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.MaxWithTiesTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.MaxWithTiesHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void MaximumByAbs() => Run(
            "MaximumByAbs",
            2,
            x => TensorPeerFns.MaximumByAbs(x[0], x[1]),
            (x, d) => TensorPeerFns.MaximumByAbsGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.MaximumByAbsTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.MaximumByAbsHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void OuterBroadcast() => Run(
            "OuterBroadcast",
            3,
            x => TensorPeerFns.OuterBroadcast(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.OuterBroadcastGradient(x[0], x[1], x[2], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.OuterBroadcastTangent(x[0], x[1], x[2], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.OuterBroadcastHessianVector(x[0], x[1], x[2], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void Broadcast3D() => Run(
            "Broadcast3D",
            3,
            x => TensorPeerFns.Broadcast3D(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.Broadcast3DGradient(x[0], x[1], x[2], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.Broadcast3DTangent(x[0], x[1], x[2], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.Broadcast3DHessianVector(x[0], x[1], x[2], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void ReductionsOverDims() => Run(
            "ReductionsOverDims",
            1,
            x => TensorPeerFns.ReductionsOverDims(x[0]),
            (x, d) => TensorPeerFns.ReductionsOverDimsGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ReductionsOverDimsTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.ReductionsOverDimsHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void NormalizeRows() => Run(
            "NormalizeRows",
            1,
            x => TensorPeerFns.NormalizeRows(x[0], x[1]),
            (x, d) => TensorPeerFns.NormalizeRowsGradient(x[0], x[1], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.NormalizeRowsTangent(x[0], x[1], t[0], out r),
            (x, v, d, h) => TensorPeerFns.NormalizeRowsHessianVector(x[0], x[1], v[0], d[0], h[0]));

        [Fact]
        public void DegenerateReductions() => Run(
            "DegenerateReductions",
            2,
            x => TensorPeerFns.DegenerateReductions(x[0], x[1]),
            (x, d) => TensorPeerFns.DegenerateReductionsGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.DegenerateReductionsTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.DegenerateReductionsHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void SoftmaxOverDims() => Run(
            "SoftmaxOverDims",
            1,
            x => TensorPeerFns.SoftmaxOverDims(x[0], x[1]),
            (x, d) => TensorPeerFns.SoftmaxOverDimsGradient(x[0], x[1], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.SoftmaxOverDimsTangent(x[0], x[1], t[0], out r),
            (x, v, d, h) => TensorPeerFns.SoftmaxOverDimsHessianVector(x[0], x[1], v[0], d[0], h[0]));

        [Fact]
        public void TransposedProducts() => Run(
            "TransposedProducts",
            3,
            x => TensorPeerFns.TransposedProducts(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.TransposedProductsGradient(x[0], x[1], x[2], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.TransposedProductsTangent(x[0], x[1], x[2], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.TransposedProductsHessianVector(x[0], x[1], x[2], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void MatMulRanks() => Run(
            "MatMulRanks",
            3,
            x => TensorPeerFns.MatMulRanks(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.MatMulRanksGradient(x[0], x[1], x[2], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.MatMulRanksTangent(x[0], x[1], x[2], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.MatMulRanksHessianVector(x[0], x[1], x[2], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void JoinInTheMiddle() => Run(
            "JoinInTheMiddle",
            3,
            x => TensorPeerFns.JoinInTheMiddle(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.JoinInTheMiddleGradient(x[0], x[1], x[2], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.JoinInTheMiddleTangent(x[0], x[1], x[2], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.JoinInTheMiddleHessianVector(x[0], x[1], x[2], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void NarrowChunks() => Run(
            "NarrowChunks",
            1,
            x => TensorPeerFns.NarrowChunks(x[0]),
            (x, d) => TensorPeerFns.NarrowChunksGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.NarrowChunksTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.NarrowChunksHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void RangesAndSteps() => Run(
            "RangesAndSteps",
            1,
            x => TensorPeerFns.RangesAndSteps(x[0]),
            (x, d) => TensorPeerFns.RangesAndStepsGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.RangesAndStepsTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.RangesAndStepsHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void OverlappingSlices() => Run(
            "OverlappingSlices",
            1,
            x => TensorPeerFns.OverlappingSlices(x[0]),
            (x, d) => TensorPeerFns.OverlappingSlicesGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.OverlappingSlicesTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.OverlappingSlicesHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void RepeatedIndices() => Run(
            "RepeatedIndices",
            1,
            x => TensorPeerFns.RepeatedIndices(x[0], IntTensor.FromArray(new[] { 0, 0, 3, 1, 2, 2, 1, 3 }, 4, 2)),
            (x, d) => TensorPeerFns.RepeatedIndicesGradient(x[0], IntTensor.FromArray(new[] { 0, 0, 3, 1, 2, 2, 1, 3 }, 4, 2), d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.RepeatedIndicesTangent(x[0], IntTensor.FromArray(new[] { 0, 0, 3, 1, 2, 2, 1, 3 }, 4, 2), t[0], out r),
            (x, v, d, h) => TensorPeerFns.RepeatedIndicesHessianVector(x[0], IntTensor.FromArray(new[] { 0, 0, 3, 1, 2, 2, 1, 3 }, 4, 2), v[0], d[0], h[0]));

        [Fact]
        public void ScatterAddBoth() => Run(
            "ScatterAddBoth",
            2,
            x => TensorPeerFns.ScatterAddBoth(x[0], x[1], IntTensor.FromArray(new[] { 0, 1, 3, 0, 1, 2, 3, 1, 0 }, 3, 3)),
            (x, d) => TensorPeerFns.ScatterAddBothGradient(x[0], x[1], IntTensor.FromArray(new[] { 0, 1, 3, 0, 1, 2, 3, 1, 0 }, 3, 3), d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ScatterAddBothTangent(x[0], x[1], IntTensor.FromArray(new[] { 0, 1, 3, 0, 1, 2, 3, 1, 0 }, 3, 3), t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.ScatterAddBothHessianVector(x[0], x[1], IntTensor.FromArray(new[] { 0, 1, 3, 0, 1, 2, 3, 1, 0 }, 3, 3), v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void ScatterOverwrite() => Run(
            "ScatterOverwrite",
            2,
            x => TensorPeerFns.ScatterOverwrite(x[0], x[1], IntTensor.FromArray(new[] { 4, 0, 2, 1, 3, 0 }, 2, 3)),
            (x, d) => TensorPeerFns.ScatterOverwriteGradient(x[0], x[1], IntTensor.FromArray(new[] { 4, 0, 2, 1, 3, 0 }, 2, 3), d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ScatterOverwriteTangent(x[0], x[1], IntTensor.FromArray(new[] { 4, 0, 2, 1, 3, 0 }, 2, 3), t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.ScatterOverwriteHessianVector(x[0], x[1], IntTensor.FromArray(new[] { 4, 0, 2, 1, 3, 0 }, 2, 3), v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void EmbeddingLookup() => Run(
            "EmbeddingLookup",
            1,
            x => TensorPeerFns.EmbeddingLookup(x[0], IntTensor.FromArray(new[] { 1, 0, 3, 3, 3, 4 }, 2, 3)),
            (x, d) => TensorPeerFns.EmbeddingLookupGradient(x[0], IntTensor.FromArray(new[] { 1, 0, 3, 3, 3, 4 }, 2, 3), d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.EmbeddingLookupTangent(x[0], IntTensor.FromArray(new[] { 1, 0, 3, 3, 3, 4 }, 2, 3), t[0], out r),
            (x, v, d, h) => TensorPeerFns.EmbeddingLookupHessianVector(x[0], IntTensor.FromArray(new[] { 1, 0, 3, 3, 3, 4 }, 2, 3), v[0], d[0], h[0]));

        [Fact]
        public void WhereBroadcast() => Run(
            "WhereBroadcast",
            2,
            x => TensorPeerFns.WhereBroadcast(x[0], x[1], x[2], x[3]),
            (x, d) => TensorPeerFns.WhereBroadcastGradient(x[0], x[1], x[2], x[3], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.WhereBroadcastTangent(x[0], x[1], x[2], x[3], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.WhereBroadcastHessianVector(x[0], x[1], x[2], x[3], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void ClampAtBounds() => Run(
            "ClampAtBounds",
            1,
            x => TensorPeerFns.ClampAtBounds(x[0]),
            (x, d) => TensorPeerFns.ClampAtBoundsGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ClampAtBoundsTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.ClampAtBoundsHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void PowTensorExponent() => Run(
            "PowTensorExponent",
            2,
            x => TensorPeerFns.PowTensorExponent(x[0], x[1]),
            (x, d) => TensorPeerFns.PowTensorExponentGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.PowTensorExponentTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.PowTensorExponentHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void PowEdges() => Run(
            "PowEdges",
            1,
            x => TensorPeerFns.PowEdges(x[0]),
            (x, d) => TensorPeerFns.PowEdgesGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.PowEdgesTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.PowEdgesHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void SqrtNearZero() => Run(
            "SqrtNearZero",
            2,
            x => TensorPeerFns.SqrtNearZero(x[0], x[1]),
            (x, d) => TensorPeerFns.SqrtNearZeroGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.SqrtNearZeroTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.SqrtNearZeroHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void ExpLogChain() => Run(
            "ExpLogChain",
            1,
            x => TensorPeerFns.ExpLogChain(x[0]),
            (x, d) => TensorPeerFns.ExpLogChainGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ExpLogChainTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.ExpLogChainHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void Saturation() => Run(
            "Saturation",
            1,
            x => TensorPeerFns.Saturation(x[0]),
            (x, d) => TensorPeerFns.SaturationGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.SaturationTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.SaturationHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void Reused() => Run(
            "Reused",
            1,
            x => TensorPeerFns.Reused(x[0]),
            (x, d) => TensorPeerFns.ReusedGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ReusedTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.ReusedHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void InPlaceLooking() => Run(
            "InPlaceLooking",
            2,
            x => TensorPeerFns.InPlaceLooking(x[0], x[1]),
            (x, d) => TensorPeerFns.InPlaceLookingGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.InPlaceLookingTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.InPlaceLookingHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void LoopPowers3() => Run(
            "LoopPowers3",
            1,
            x => TensorPeerFns.LoopPowers(x[0], 3),
            (x, d) => TensorPeerFns.LoopPowersGradient(x[0], 3, d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.LoopPowersTangent(x[0], 3, t[0], out r),
            (x, v, d, h) => TensorPeerFns.LoopPowersHessianVector(x[0], 3, v[0], d[0], h[0]));

        [Fact]
        public void LoopPowers0() => Run(
            "LoopPowers0",
            1,
            x => TensorPeerFns.LoopPowers(x[0], 0),
            (x, d) => TensorPeerFns.LoopPowersGradient(x[0], 0, d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.LoopPowersTangent(x[0], 0, t[0], out r),
            (x, v, d, h) => TensorPeerFns.LoopPowersHessianVector(x[0], 0, v[0], d[0], h[0]));

        [Fact]
        public void UnrolledRnn() => Run(
            "UnrolledRnn",
            4,
            x => TensorPeerFns.UnrolledRnn(x[0], x[1], x[2], x[3]),
            (x, d) => TensorPeerFns.UnrolledRnnGradient(x[0], x[1], x[2], x[3], d[0], d[1], d[2], d[3]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.UnrolledRnnTangent(x[0], x[1], x[2], x[3], t[0], t[1], t[2], t[3], out r),
            (x, v, d, h) => TensorPeerFns.UnrolledRnnHessianVector(x[0], x[1], x[2], x[3], v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3], h[0], h[1], h[2], h[3]));

        [Fact]
        public void BranchMode0Exp() => Run(
            "BranchMode0Exp",
            2,
            x => TensorPeerFns.BranchOnScalar(x[0], x[1], 0, true),
            (x, d) => TensorPeerFns.BranchOnScalarGradient(x[0], x[1], 0, true, d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BranchOnScalarTangent(x[0], x[1], 0, true, t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.BranchOnScalarHessianVector(x[0], x[1], 0, true, v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void BranchMode1Sigmoid() => Run(
            "BranchMode1Sigmoid",
            2,
            x => TensorPeerFns.BranchOnScalar(x[0], x[1], 1, false),
            (x, d) => TensorPeerFns.BranchOnScalarGradient(x[0], x[1], 1, false, d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BranchOnScalarTangent(x[0], x[1], 1, false, t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.BranchOnScalarHessianVector(x[0], x[1], 1, false, v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void BranchMode2Sigmoid() => Run(
            "BranchMode2Sigmoid",
            2,
            x => TensorPeerFns.BranchOnScalar(x[0], x[1], 2, false),
            (x, d) => TensorPeerFns.BranchOnScalarGradient(x[0], x[1], 2, false, d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BranchOnScalarTangent(x[0], x[1], 2, false, t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.BranchOnScalarHessianVector(x[0], x[1], 2, false, v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void LoopWithBreak3() => Run(
            "LoopWithBreak3",
            1,
            x => TensorPeerFns.LoopWithBreak(x[0], 3),
            (x, d) => TensorPeerFns.LoopWithBreakGradient(x[0], 3, d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.LoopWithBreakTangent(x[0], 3, t[0], out r),
            (x, v, d, h) => TensorPeerFns.LoopWithBreakHessianVector(x[0], 3, v[0], d[0], h[0]));

        [Fact]
        public void LoopWithBreak9() => Run(
            "LoopWithBreak9",
            1,
            x => TensorPeerFns.LoopWithBreak(x[0], 9),
            (x, d) => TensorPeerFns.LoopWithBreakGradient(x[0], 9, d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.LoopWithBreakTangent(x[0], 9, t[0], out r),
            (x, v, d, h) => TensorPeerFns.LoopWithBreakHessianVector(x[0], 9, v[0], d[0], h[0]));

        [Fact]
        public void HelperCalls() => Run(
            "HelperCalls",
            2,
            x => TensorPeerFns.HelperCalls(x[0], x[1]),
            (x, d) => TensorPeerFns.HelperCallsGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.HelperCallsTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.HelperCallsHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void ScalarBroadcast() => Run(
            "ScalarBroadcast",
            1,
            x => TensorPeerFns.ScalarBroadcast(x[0]),
            (x, d) => TensorPeerFns.ScalarBroadcastGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ScalarBroadcastTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.ScalarBroadcastHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void ShapeShuffle() => Run(
            "ShapeShuffle",
            1,
            x => TensorPeerFns.ShapeShuffle(x[0]),
            (x, d) => TensorPeerFns.ShapeShuffleGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ShapeShuffleTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.ShapeShuffleHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void ConvNet() => Run(
            "ConvNet",
            4,
            x => TensorPeerFns.ConvNet(x[0], x[1], x[2], x[3]),
            (x, d) => TensorPeerFns.ConvNetGradient(x[0], x[1], x[2], x[3], d[0], d[1], d[2], d[3]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ConvNetTangent(x[0], x[1], x[2], x[3], t[0], t[1], t[2], t[3], out r),
            (x, v, d, h) => TensorPeerFns.ConvNetHessianVector(x[0], x[1], x[2], x[3], v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3], h[0], h[1], h[2], h[3]));

        [Fact]
        public void DilatedConv1d() => Run(
            "DilatedConv1d",
            2,
            x => TensorPeerFns.DilatedConv1d(x[0], x[1]),
            (x, d) => TensorPeerFns.DilatedConv1dGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.DilatedConv1dTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.DilatedConv1dHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void MaxPoolPlateau() => Run(
            "MaxPoolPlateau",
            1,
            x => TensorPeerFns.MaxPoolPlateau(x[0]),
            (x, d) => TensorPeerFns.MaxPoolPlateauGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.MaxPoolPlateauTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.MaxPoolPlateauHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void LinearRegression() => Run(
            "LinearRegression",
            2,
            x => TensorPeerFns.LinearRegression(x[0], x[1], x[2], x[3]),
            (x, d) => TensorPeerFns.LinearRegressionGradient(x[0], x[1], x[2], x[3], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.LinearRegressionTangent(x[0], x[1], x[2], x[3], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.LinearRegressionHessianVector(x[0], x[1], x[2], x[3], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void MlpMse() => Run(
            "MlpMse",
            4,
            x => TensorPeerFns.MlpMse(x[0], x[1], x[2], x[3], x[4], x[5]),
            (x, d) => TensorPeerFns.MlpMseGradient(x[0], x[1], x[2], x[3], x[4], x[5], d[0], d[1], d[2], d[3]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.MlpMseTangent(x[0], x[1], x[2], x[3], x[4], x[5], t[0], t[1], t[2], t[3], out r),
            (x, v, d, h) => TensorPeerFns.MlpMseHessianVector(x[0], x[1], x[2], x[3], x[4], x[5], v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3], h[0], h[1], h[2], h[3]));

        [Fact]
        public void MlpBce() => Run(
            "MlpBce",
            4,
            x => TensorPeerFns.MlpBce(x[0], x[1], x[2], x[3], x[4], x[5]),
            (x, d) => TensorPeerFns.MlpBceGradient(x[0], x[1], x[2], x[3], x[4], x[5], d[0], d[1], d[2], d[3]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.MlpBceTangent(x[0], x[1], x[2], x[3], x[4], x[5], t[0], t[1], t[2], t[3], out r),
            (x, v, d, h) => TensorPeerFns.MlpBceHessianVector(x[0], x[1], x[2], x[3], x[4], x[5], v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3], h[0], h[1], h[2], h[3]));

        [Fact]
        public void LoopOfResultOps() => Run(
            "LoopOfResultOps",
            2,
            x => TensorPeerFns.LoopOfResultOps(x[0], x[1], 3),
            (x, d) => TensorPeerFns.LoopOfResultOpsGradient(x[0], x[1], 3, d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.LoopOfResultOpsTangent(x[0], x[1], 3, t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.LoopOfResultOpsHessianVector(x[0], x[1], 3, v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void AlternatingUpdates() => Run(
            "AlternatingUpdates",
            2,
            x => TensorPeerFns.AlternatingUpdates(x[0], x[1], 5),
            (x, d) => TensorPeerFns.AlternatingUpdatesGradient(x[0], x[1], 5, d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.AlternatingUpdatesTangent(x[0], x[1], 5, t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.AlternatingUpdatesHessianVector(x[0], x[1], 5, v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void NestedLoops() => Run(
            "NestedLoops",
            1,
            x => TensorPeerFns.NestedLoops(x[0], 3, 3),
            (x, d) => TensorPeerFns.NestedLoopsGradient(x[0], 3, 3, d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.NestedLoopsTangent(x[0], 3, 3, t[0], out r),
            (x, v, d, h) => TensorPeerFns.NestedLoopsHessianVector(x[0], 3, 3, v[0], d[0], h[0]));

        [Fact]
        public void DetachThroughHelper() => Run(
            "DetachThroughHelper",
            1,
            x => TensorPeerFns.DetachThroughHelper(x[0]),
            (x, d) => TensorPeerFns.DetachThroughHelperGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.DetachThroughHelperTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.DetachThroughHelperHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void SameArgumentTwice() => Run(
            "SameArgumentTwice",
            1,
            x => TensorPeerFns.SameArgumentTwice(x[0]),
            (x, d) => TensorPeerFns.SameArgumentTwiceGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.SameArgumentTwiceTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.SameArgumentTwiceHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void Energy() => Run(
            "Energy",
            1,
            x => TensorPeerFns.Energy(x[0]),
            (x, d) => TensorPeerFns.EnergyGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.EnergyTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.EnergyHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void NamedArguments() => Run(
            "NamedArguments",
            1,
            x => TensorPeerFns.NamedArguments(x[0]),
            (x, d) => TensorPeerFns.NamedArgumentsGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.NamedArgumentsTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.NamedArgumentsHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void IdentityHelpers() => Run(
            "IdentityHelpers",
            1,
            x => TensorPeerFns.IdentityHelpers(x[0]),
            (x, d) => TensorPeerFns.IdentityHelpersGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.IdentityHelpersTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.IdentityHelpersHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void ReturnsParameter() => Run(
            "ReturnsParameter",
            2,
            x => TensorPeerFns.ReturnsParameter(x[0], x[1]),
            (x, d) => TensorPeerFns.ReturnsParameterGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ReturnsParameterTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.ReturnsParameterHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void ReturnsViewOfParameter() => Run(
            "ReturnsViewOfParameter",
            1,
            x => TensorPeerFns.ReturnsViewOfParameter(x[0]),
            (x, d) => TensorPeerFns.ReturnsViewOfParameterGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ReturnsViewOfParameterTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.ReturnsViewOfParameterHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void NegativeDims() => Run(
            "NegativeDims",
            2,
            x => TensorPeerFns.NegativeDims(x[0], x[1]),
            (x, d) => TensorPeerFns.NegativeDimsGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.NegativeDimsTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.NegativeDimsHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void PartialIndex() => Run(
            "PartialIndex",
            3,
            x => TensorPeerFns.PartialIndex(x[0], x[1], x[2], IntTensor.FromArray(new[] { 3, 0, 1, 1 }, 2, 2), IntTensor.FromArray(new[] { 0, 3, 2, 0 }, 2, 2)),
            (x, d) => TensorPeerFns.PartialIndexGradient(x[0], x[1], x[2], IntTensor.FromArray(new[] { 3, 0, 1, 1 }, 2, 2), IntTensor.FromArray(new[] { 0, 3, 2, 0 }, 2, 2), d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.PartialIndexTangent(x[0], x[1], x[2], IntTensor.FromArray(new[] { 3, 0, 1, 1 }, 2, 2), IntTensor.FromArray(new[] { 0, 3, 2, 0 }, 2, 2), t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.PartialIndexHessianVector(x[0], x[1], x[2], IntTensor.FromArray(new[] { 3, 0, 1, 1 }, 2, 2), IntTensor.FromArray(new[] { 0, 3, 2, 0 }, 2, 2), v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void SliceEdges() => Run(
            "SliceEdges",
            1,
            x => TensorPeerFns.SliceEdges(x[0]),
            (x, d) => TensorPeerFns.SliceEdgesGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.SliceEdgesTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.SliceEdgesHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void ScalarShapes() => Run(
            "ScalarShapes",
            1,
            x => TensorPeerFns.ScalarShapes(x[0]),
            (x, d) => TensorPeerFns.ScalarShapesGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ScalarShapesTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.ScalarShapesHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void MaskedLogSoftmax() => Run(
            "MaskedLogSoftmax",
            1,
            x => TensorPeerFns.MaskedLogSoftmax(x[0], x[1], IntTensor.FromArray(new[] { 0, 3, 1 }, 3, 1)),
            (x, d) => TensorPeerFns.MaskedLogSoftmaxGradient(x[0], x[1], IntTensor.FromArray(new[] { 0, 3, 1 }, 3, 1), d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.MaskedLogSoftmaxTangent(x[0], x[1], IntTensor.FromArray(new[] { 0, 3, 1 }, 3, 1), t[0], out r),
            (x, v, d, h) => TensorPeerFns.MaskedLogSoftmaxHessianVector(x[0], x[1], IntTensor.FromArray(new[] { 0, 3, 1 }, 3, 1), v[0], d[0], h[0]));

        [Fact]
        public void RootsAtZero() => Run(
            "RootsAtZero",
            1,
            x => TensorPeerFns.RootsAtZero(x[0]),
            (x, d) => TensorPeerFns.RootsAtZeroGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.RootsAtZeroTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.RootsAtZeroHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void PullLinear() => Run(
            "PullLinear",
            3,
            x => (TensorPeerFns.PullLinear(x[0], x[1], x[2]) * x[3]).Sum(),
            (x, d) => (TensorPeerFns.PullLinearPullback(x[0], x[1], x[2], x[3], d[0], d[1], d[2]) * x[3]).Sum(),
            (Tensor[] x, Tensor?[] t, out Tensor r) =>
            {
                Tensor y = TensorPeerFns.PullLinearTangent(x[0], x[1], x[2], t[0], t[1], t[2], out Tensor ty);
                r = (ty * x[3]).Sum();
                return (y * x[3]).Sum();
            },
            null);

        [Fact]
        public void PullBroadcast() => Run(
            "PullBroadcast",
            2,
            x => (TensorPeerFns.PullBroadcast(x[0], x[1]) * x[2]).Sum(),
            (x, d) => (TensorPeerFns.PullBroadcastPullback(x[0], x[1], x[2], d[0], d[1]) * x[2]).Sum(),
            (Tensor[] x, Tensor?[] t, out Tensor r) =>
            {
                Tensor y = TensorPeerFns.PullBroadcastTangent(x[0], x[1], t[0], t[1], out Tensor ty);
                r = (ty * x[2]).Sum();
                return (y * x[2]).Sum();
            },
            null);

        [Fact]
        public void PullIdentity() => Run(
            "PullIdentity",
            1,
            x => (TensorPeerFns.PullIdentity(x[0]) * x[1]).Sum(),
            (x, d) => (TensorPeerFns.PullIdentityPullback(x[0], x[1], d[0]) * x[1]).Sum(),
            (Tensor[] x, Tensor?[] t, out Tensor r) =>
            {
                Tensor y = TensorPeerFns.PullIdentityTangent(x[0], t[0], out Tensor ty);
                r = (ty * x[1]).Sum();
                return (y * x[1]).Sum();
            },
            null);

        [Fact]
        public void PullView() => Run(
            "PullView",
            1,
            x => (TensorPeerFns.PullView(x[0]) * x[1]).Sum(),
            (x, d) => (TensorPeerFns.PullViewPullback(x[0], x[1], d[0]) * x[1]).Sum(),
            (Tensor[] x, Tensor?[] t, out Tensor r) =>
            {
                Tensor y = TensorPeerFns.PullViewTangent(x[0], t[0], out Tensor ty);
                r = (ty * x[1]).Sum();
                return (y * x[1]).Sum();
            },
            null);

        [Fact]
        public void PullSoftmax() => Run(
            "PullSoftmax",
            1,
            x => (TensorPeerFns.PullSoftmax(x[0]) * x[1]).Sum(),
            (x, d) => (TensorPeerFns.PullSoftmaxPullback(x[0], x[1], d[0]) * x[1]).Sum(),
            (Tensor[] x, Tensor?[] t, out Tensor r) =>
            {
                Tensor y = TensorPeerFns.PullSoftmaxTangent(x[0], t[0], out Tensor ty);
                r = (ty * x[1]).Sum();
                return (y * x[1]).Sum();
            },
            null);

        [Fact]
        public void PullCat() => Run(
            "PullCat",
            2,
            x => (TensorPeerFns.PullCat(x[0], x[1]) * x[2]).Sum(),
            (x, d) => (TensorPeerFns.PullCatPullback(x[0], x[1], x[2], d[0], d[1]) * x[2]).Sum(),
            (Tensor[] x, Tensor?[] t, out Tensor r) =>
            {
                Tensor y = TensorPeerFns.PullCatTangent(x[0], x[1], t[0], t[1], out Tensor ty);
                r = (ty * x[2]).Sum();
                return (y * x[2]).Sum();
            },
            null);

        [Fact]
        public void PullCrossEntropyNone() => Run(
            "PullCrossEntropyNone",
            1,
            x => (TensorPeerFns.PullCrossEntropyNone(x[0]) * x[1]).Sum(),
            (x, d) => (TensorPeerFns.PullCrossEntropyNonePullback(x[0], x[1], d[0]) * x[1]).Sum(),
            (Tensor[] x, Tensor?[] t, out Tensor r) =>
            {
                Tensor y = TensorPeerFns.PullCrossEntropyNoneTangent(x[0], t[0], out Tensor ty);
                r = (ty * x[1]).Sum();
                return (y * x[1]).Sum();
            },
            null);

        [Fact]
        public void BuiltInActivationsSmooth() => Run(
            "BuiltInActivationsSmooth",
            1,
            x => TensorPeerFns.BuiltInActivations(x[0]),
            (x, d) => TensorPeerFns.BuiltInActivationsGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BuiltInActivationsTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.BuiltInActivationsHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void BuiltInPointwiseLossesSmooth() => Run(
            "BuiltInPointwiseLossesSmooth",
            2,
            x => TensorPeerFns.BuiltInPointwiseLosses(x[0], x[1]),
            (x, d) => TensorPeerFns.BuiltInPointwiseLossesGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.BuiltInPointwiseLossesTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.BuiltInPointwiseLossesHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void ParametersReassigned() => Run(
            "ParametersReassigned",
            2,
            x => TensorPeerFns.ParametersReassigned(x[0], x[1]),
            (x, d) => TensorPeerFns.ParametersReassignedGradient(x[0], x[1], d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ParametersReassignedTangent(x[0], x[1], t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.ParametersReassignedHessianVector(x[0], x[1], v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void ParameterReassignedInLoop() => Run(
            "ParameterReassignedInLoop",
            2,
            x => TensorPeerFns.ParameterReassignedInLoop(x[0], x[1], 3),
            (x, d) => TensorPeerFns.ParameterReassignedInLoopGradient(x[0], x[1], 3, d[0], d[1]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ParameterReassignedInLoopTangent(x[0], x[1], 3, t[0], t[1], out r),
            (x, v, d, h) => TensorPeerFns.ParameterReassignedInLoopHessianVector(x[0], x[1], 3, v[0], v[1], d[0], d[1], h[0], h[1]));

        [Fact]
        public void OptionalBiasGiven() => Run(
            "OptionalBiasGiven",
            3,
            x => TensorPeerFns.OptionalBias(x[0], x[1], x[2]),
            (x, d) => TensorPeerFns.OptionalBiasGradient(x[0], x[1], x[2], d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.OptionalBiasTangent(x[0], x[1], x[2], t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.OptionalBiasHessianVector(x[0], x[1], x[2], v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void OptionalBiasNull() => Run(
            "OptionalBiasNull",
            3,
            x => TensorPeerFns.OptionalBias(x[0], x[1], null),
            (x, d) => TensorPeerFns.OptionalBiasGradient(x[0], x[1], null, d[0], d[1], d[2]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.OptionalBiasTangent(x[0], x[1], null, t[0], t[1], t[2], out r),
            (x, v, d, h) => TensorPeerFns.OptionalBiasHessianVector(x[0], x[1], null, v[0], v[1], v[2], d[0], d[1], d[2], h[0], h[1], h[2]));

        [Fact]
        public void Constants() => Run(
            "Constants",
            1,
            x => TensorPeerFns.Constants(x[0]),
            (x, d) => TensorPeerFns.ConstantsGradient(x[0], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.ConstantsTangent(x[0], t[0], out r),
            (x, v, d, h) => TensorPeerFns.ConstantsHessianVector(x[0], v[0], d[0], h[0]));

        [Fact]
        public void CrossEntropyIntTensor() => Run(
            "CrossEntropyIntTensor",
            1,
            x => TensorPeerFns.CrossEntropyIntTensor(x[0], IntTensor.FromArray(new[] { 2, 0, 1 }, 3)),
            (x, d) => TensorPeerFns.CrossEntropyIntTensorGradient(x[0], IntTensor.FromArray(new[] { 2, 0, 1 }, 3), d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.CrossEntropyIntTensorTangent(x[0], IntTensor.FromArray(new[] { 2, 0, 1 }, 3), t[0], out r),
            (x, v, d, h) => TensorPeerFns.CrossEntropyIntTensorHessianVector(x[0], IntTensor.FromArray(new[] { 2, 0, 1 }, 3), v[0], d[0], h[0]));

        [Fact]
        public void WhileLoops2() => Run(
            "WhileLoops2",
            1,
            x => TensorPeerFns.WhileLoops(x[0], 2),
            (x, d) => TensorPeerFns.WhileLoopsGradient(x[0], 2, d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.WhileLoopsTangent(x[0], 2, t[0], out r),
            (x, v, d, h) => TensorPeerFns.WhileLoopsHessianVector(x[0], 2, v[0], d[0], h[0]));

        [Fact]
        public void WhileLoops0() => Run(
            "WhileLoops0",
            1,
            x => TensorPeerFns.WhileLoops(x[0], 0),
            (x, d) => TensorPeerFns.WhileLoopsGradient(x[0], 0, d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.WhileLoopsTangent(x[0], 0, t[0], out r),
            (x, v, d, h) => TensorPeerFns.WhileLoopsHessianVector(x[0], 0, v[0], d[0], h[0]));

        [Fact]
        public void EmbeddingFloatIndices() => Run(
            "EmbeddingFloatIndices",
            1,
            x => TensorPeerFns.EmbeddingFloatIndices(x[0], x[1]),
            (x, d) => TensorPeerFns.EmbeddingFloatIndicesGradient(x[0], x[1], d[0]),
            (Tensor[] x, Tensor?[] t, out Tensor r) => TensorPeerFns.EmbeddingFloatIndicesTangent(x[0], x[1], t[0], out r),
            (x, v, d, h) => TensorPeerFns.EmbeddingFloatIndicesHessianVector(x[0], x[1], v[0], d[0], h[0]));

        internal static readonly Dictionary<string, PeerCase> Data = new()
        {
            ["HuberByClamp"] = new(
                new[] { In(new float[] { 0.5f, -0.5f, 0.0f, 1.25f, -2.0f, 0.25f, 0.75f, -0.125f, 0.5f, 3.0f, -0.375f, 0.0f }, 4, 3), In(new float[] { 0.0f, 0.0f, 0.0f, 0.25f, -1.0f, 0.25f, 0.25f, 0.375f, 1.0f, -1.0f, 0.125f, 0.5f }, 4, 3) },
                0.2916666666666667,
                new[] { new double[] { 0.041666666666666664, -0.041666666666666664, 0.0, 0.041666666666666664, -0.041666666666666664, 0.0, 0.041666666666666664, -0.041666666666666664, -0.041666666666666664, 0.041666666666666664, -0.041666666666666664, -0.041666666666666664 }, new double[] { -0.041666666666666664, 0.041666666666666664, -0.0, -0.041666666666666664, 0.041666666666666664, -0.0, -0.041666666666666664, 0.041666666666666664, 0.041666666666666664, -0.041666666666666664, 0.041666666666666664, 0.041666666666666664 } },
                new[] { new float[] { 0.4375f, -0.859375f, 0.890625f, 0.15625f, -0.453125f, -0.125f, 0.03125f, 0.03125f, -0.5f, -0.46875f, -0.265625f, 0.5625f }, new float[] { -0.125f, -0.921875f, -0.09375f, -0.59375f, -0.96875f, 0.953125f, -0.40625f, 0.078125f, -0.28125f, -0.890625f, 0.796875f, 0.875f } },
                0.134765625,
                new[] { new double[] { 0.046875, 0.005208333333333333, 0.08203125, 0.0, 0.0, -0.08984375, 0.03645833333333333, -0.00390625, -0.018229166666666664, 0.0, -0.08854166666666666, -0.026041666666666664 }, new double[] { -0.046875, -0.005208333333333333, -0.08203125, -0.0, -0.0, 0.08984375, -0.03645833333333333, 0.00390625, 0.018229166666666664, -0.0, 0.08854166666666666, 0.026041666666666664 } }),
            ["HuberByWhere"] = new(
                new[] { In(new float[] { 0.5f, -0.5f, 0.0f, 1.25f, -2.0f, 0.25f, 0.75f, -0.125f, 0.5f, 3.0f, -0.375f, 0.0f }, 4, 3), In(new float[] { 0.0f, 0.0f, 0.0f, 0.25f, -1.0f, 0.25f, 0.25f, 0.375f, 1.0f, -1.0f, 0.125f, 0.5f }, 4, 3), In(new float[] { 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 0.0f, 1.0f, 1.0f }, 4, 3) },
                5.375,
                new[] { new double[] { 0.5, -0.5, 0.0, 1.0, -1.0, 0.0, 0.5, -0.5, -0.5, 1.0, -0.5, -0.5 }, new double[] { -0.5, 0.5, -0.0, -1.0, 1.0, -0.0, -0.5, 0.5, 0.5, -1.0, 0.5, 0.5 } },
                new[] { new float[] { -0.625f, -0.15625f, -0.25f, -0.671875f, 0.328125f, 0.5625f, 0.515625f, 0.34375f, -0.96875f, -0.546875f, 0.03125f, 0.40625f }, new float[] { -0.234375f, -0.09375f, 0.6875f, -0.953125f, -0.46875f, -0.421875f, 0.984375f, -0.546875f, -0.90625f, -0.171875f, 0.296875f, -0.6875f } },
                -2.1171875,
                new[] { new double[] { -0.390625, -0.0625, -0.9375, 0.28125, 0.796875, 0.984375, -0.46875, 0.890625, -0.0625, -0.0, -0.265625, 1.09375 }, new double[] { 0.390625, 0.0625, 0.9375, -0.28125, -0.796875, -0.984375, 0.46875, -0.890625, 0.0625, 0.0, 0.265625, -1.09375 } }),
            ["SmoothL1ByRelu"] = new(
                new[] { In(new float[] { 1.0f, -1.0f, 0.0f, 2.5f, -0.25f, 0.75f }, 2, 3), In(new float[] { 0.0f, 0.0f, 0.0f, 0.5f, 0.5f, -1.5f }, 2, 3) },
                0.7552083333333334,
                new[] { new double[] { 0.16666666666666666, -0.16666666666666666, 0.0, 0.16666666666666666, -0.125, 0.16666666666666666 }, new double[] { -0.16666666666666666, 0.16666666666666666, -0.0, -0.16666666666666666, 0.125, -0.16666666666666666 } },
                new[] { new float[] { 0.671875f, -0.609375f, 0.40625f, -0.671875f, 0.765625f, -0.59375f }, new float[] { 0.46875f, 0.671875f, -0.484375f, -0.8125f, 0.171875f, -0.0f } },
                0.09765625,
                new[] { new double[] { 0.033854166666666664, -0.21354166666666666, 0.0, 0.0, 0.09895833333333333, 0.0 }, new double[] { -0.033854166666666664, 0.21354166666666666, -0.0, -0.0, -0.09895833333333333, -0.0 } }),
            ["FocalLoss"] = new(
                new[] { In(new float[] { 0.375f, 1.1875f, 0.828125f, -0.828125f, -0.59375f, 1.125f, -1.484375f, 0.96875f, 0.890625f, -0.09375f, -0.59375f, -0.671875f }, 3, 4), In(new float[] { 0.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 1.0f }, 3, 4) },
                1.4387341846448995,
                new[] { new double[] { 0.06391037016650779, 0.14402424243389852, -0.22712398558934546, 0.01918937298893919, -0.3722929567136583, 0.19300532354328617, 0.014201431532165042, 0.1650862016382071, 0.22529289998736715, 0.08418580609529516, 0.05106127250941921, -0.3605399785920815 } },
                new[] { new float[] { -0.046875f, 0.5625f, -0.078125f, -0.0f, -0.03125f, -0.09375f, -0.1875f, -0.671875f, -0.40625f, -0.46875f, -0.5f, 0.5625f } },
                -0.383599966620945,
                new[] { new double[] { -0.005837068886733002, 0.07461073494154422, -0.06792056201046566, -0.0008531040443455552, 0.0069109659298598955, 0.046585968482615384, 0.0020964354499172716, -0.05559336986239255, -0.023931461402914186, -0.014204146664114424, -0.010210915212759674, 0.048346523279788306 } }),
            ["LabelSmoothedCrossEntropy"] = new(
                new[] { In(new float[] { -0.734375f, -0.171875f, 0.015625f, 0.15625f, 1.484375f, 0.875f, 0.359375f, 1.46875f, -0.859375f, -1.015625f, 0.34375f, -1.375f }, 3, 4) },
                1.5189178625681485,
                new[] { new double[] { 0.037274370523724884, 0.07171067971426286, -0.21178182351027516, 0.10279677327228746, -0.19149068011514764, 0.055192915338272065, 0.02959992232664668, 0.10669784245022901, 0.04930706468536151, 0.040969111776097314, 0.18363850316403388, -0.2739146796254927 } },
                new[] { new float[] { -0.765625f, -0.59375f, 0.046875f, -0.375f, -0.515625f, -0.25f, 0.0f, 0.34375f, 0.9375f, 0.703125f, -0.140625f, -0.09375f } },
                0.07691118404289135,
                new[] { new double[] { -0.0185553845410541, -0.018808149307910537, 0.03916635234956868, -0.001802818500604042, -0.04742237082769546, -0.008908935999571257, 0.004163545252483238, 0.05216776157478349, 0.04392529186623241, 0.026016032575873815, -0.060676077572228114, -0.009265246869878098 } }),
            ["BuiltInCrossEntropy"] = new(
                new[] { In(new float[] { -1.390625f, 0.046875f, -0.09375f, 1.25f, 0.390625f, 0.046875f, -0.015625f, -0.75f, -1.46875f, -0.921875f, 0.578125f, -0.890625f }, 4, 3) },
                1.9235567210109186,
                new[] { new double[] { -0.3769508679644011, 0.20404571235896246, 0.17290515560543868, 0.0, 0.0, 0.0, 0.25844261544449104, 0.1066622968348667, -0.36510491227935776, 0.0, 0.0, 0.0 } },
                new[] { new float[] { -0.171875f, -0.515625f, 0.90625f, -0.859375f, -0.59375f, 0.328125f, 0.171875f, -0.4375f, 0.875f, -0.1875f, 0.1875f, -0.8125f } },
                -0.2054390713164501,
                new[] { new double[] { -0.015871869676738187, -0.14842211424481724, 0.1642939839215554, 0.0, 0.0, 0.0, 0.021787918811478613, -0.0748558794417469, 0.0530679606302683, 0.0, 0.0, 0.0 } }),
            ["KLByHand"] = new(
                new[] { In(new float[] { 0.015625f, 1.109375f, -0.421875f, 0.296875f, -1.328125f, -0.34375f, -0.53125f, -1.046875f, 0.953125f, -0.359375f, 1.4375f, 0.265625f }, 3, 4), In(new float[] { 0.26669685506866614f, 0.0637242459320647f, 0.5222208455769921f, 0.14735805342227698f, 0.12840614315479443f, 0.33616029704485145f, 0.21052397201250203f, 0.3249095877878521f, 0.3053920253614673f, 0.34690139788915925f, 0.08240829123359353f, 0.2652982855157799f }, 3, 4) },
                0.4495493621130056,
                new[] { new double[] { -0.03293186853473149, 0.14584543134642014, -0.13793855042495134, 0.025024987613262713, 0.003369070325797106, 0.011506886929660303, 0.03226044519558207, -0.0471364024510395, -0.003617733399429636, -0.08920911617916877, 0.1318918040070223, -0.03906495442842393 } },
                new[] { new float[] { 0.78125f, -0.796875f, -0.21875f, 0.765625f, 0.890625f, 0.8125f, 0.65625f, -0.53125f, -0.9375f, -0.09375f, -0.875f, 0.921875f } },
                -0.1737160851651831,
                new[] { new double[] { 0.050534498300813725, -0.11281578574102376, -0.0035075404056861444, 0.06578882784589618, 0.016709269201214502, 0.0350631732659308, 0.01306290684246703, -0.06483534930961232, -0.03653729692226655, 0.012461946321090293, -0.04934580963589133, 0.07342116023706756 } }),
            ["BuiltInKL"] = new(
                new[] { In(new float[] { 0.3125f, 0.40625f, 0.53125f, -1.046875f, -0.171875f, -0.78125f, -0.296875f, -1.203125f, 1.40625f, -0.859375f, 0.515625f, -0.59375f }, 3, 4), In(new float[] { 0.5f, 0.0f, 0.25f, 0.25f, 0.0f, 0.0f, 1.0f, 0.0f, 0.125f, 0.375f, 0.25f, 0.25f }, 3, 4) },
                0.8088513063010679,
                new[] { new double[] { -0.07406446629103577, 0.10170362063236316, 0.03191196705752434, -0.05955112139885172, 0.11978565040707868, 0.06512632848930977, -0.2276228678750052, 0.0427108889786167, 0.16041481902857604, -0.10403098209276408, -0.0003992587059198083, -0.05598457822989217 } },
                new[] { new float[] { -0.984375f, -0.34375f, -0.59375f, -0.96875f, -0.0f, -0.84375f, 0.796875f, 0.375f, -0.265625f, 0.6875f, 0.59375f, -0.34375f } },
                -0.23875556888952792,
                new[] { new double[] { -0.03070962358402813, 0.031425958720822794, 0.006798951412927876, -0.007515286549722536, -0.01628040465578997, -0.06380184214206366, 0.06987062048054674, 0.010211626317306903, -0.05402907836075465, 0.014379759175656048, 0.04909798130052081, -0.009448662115422212 } }),
            ["BuiltInKLTargetGrad"] = new(
                new[] { In(new float[] { 1.125f, 0.484375f, -1.109375f, 1.03125f, 1.328125f, 1.21875f, 0.203125f, -1.0625f, -0.921875f, 1.28125f, 0.15625f, -0.953125f }, 3, 4), In(new float[] { 0.5f, 0.125f, 0.25f, 0.125f, 0.25f, 0.25f, 0.25f, 0.25f, 0.125f, 0.375f, 0.25f, 0.25f }, 3, 4) },
                0.3190673752367077,
                new[] { new double[] { -0.03566682571663378, 0.02736539849077201, -0.06930861863161301, 0.07761004585747477, 0.060803386930684024, 0.04586998767472311, -0.03653899146267984, -0.07013438314272731, -0.017791755383073586, 0.09114579794992504, -0.013161066719750841, -0.06019297584710065 }, new double[] { 0.41359990022518456, 0.16504344651855446, 0.9273425067052028, -0.01724822014811217, 0.1506954445930886, 0.18715377792642196, 0.5256954445930886, 0.9475704445930886, 0.5189577593815828, 0.15078685560428598, 0.39063181956823123, 0.7604234862348979 } },
                new[] { new float[] { 0.6875f, 0.859375f, 0.234375f, -0.296875f, 0.796875f, 0.890625f, -0.3125f, -0.828125f, 0.734375f, 0.328125f, -0.53125f, 0.140625f }, new float[] { -0.390625f, 0.84375f, -0.3125f, -0.609375f, -0.90625f, -0.3125f, 0.984375f, -0.5625f, -0.078125f, 0.9375f, -0.984375f, -0.40625f } },
                -0.9709181043312188,
                new[] { new double[] { 0.11278001357416842, -0.27856919293027765, 0.09594585896922497, 0.06984332038688428, 0.21370862275746727, 0.037060899437907455, -0.4087285408532912, 0.1579590186579164, 0.026992646828441134, -0.39169975901599857, 0.24210831120022194, 0.12259880098733551 }, new double[] { -0.3723197432079006, 2.0808052567920994, -0.37752807654123394, -1.408778076541234, -1.269581289061319, -0.5091646223946523, 1.621043710938681, -0.26958128906131906, -0.39869392594075637, 0.778389407392577, -1.080985592607423, -0.534110592607423 } }),
            ["CosineEmbedding"] = new(
                new[] { In(new float[] { 1.15625f, 0.421875f, 0.203125f, -0.375f, -0.265625f, -0.78125f, -1.390625f, 1.125f, -0.09375f, 0.140625f, -0.53125f, 0.75f }, 3, 4), In(new float[] { -1.421875f, -0.390625f, -1.40625f, -1.125f, 1.40625f, 0.46875f, -0.21875f, 0.078125f, 1.125f, -0.46875f, 0.265625f, 0.546875f }, 3, 4) },
                1.1975244395028846,
                new[] { new double[] { 0.031014410213621113, -0.002775022980237865, 0.13259330207979442, 0.16432723593245294, -0.15591325857200447, -0.044971694932328235, 0.038722090623010456, -0.02017838995684107, -0.29737911316241605, 0.12688239559614212, -0.08512480546310826, -0.12125957552261367 }, new double[] { -0.07885734233398406, -0.03312279488631839, 0.02540171660515548, 0.07941574347342387, 0.005465067838491256, 0.07994551277672646, 0.1606449400417855, -0.12823846563620184, 0.04006389765404338, -0.043292146868141576, 0.14279482326197546, -0.18888220093111296 } },
                new[] { new float[] { 0.640625f, -0.8125f, 0.859375f, 0.671875f, -0.71875f, 0.1875f, 0.109375f, 0.390625f, -0.390625f, -0.234375f, -0.515625f, -0.421875f }, new float[] { -0.65625f, 0.8125f, 0.78125f, -0.28125f, 0.390625f, -0.015625f, -0.4375f, -0.296875f, 0.9375f, -0.3125f, 0.15625f, 0.890625f } },
                0.42413479695657486,
                new[] { new double[] { -0.15784772966288166, -0.05762937294031277, -0.22735000882206155, -0.017403350246394975, 0.024300633288609937, 0.03129147930200292, 0.061594826997484975, 0.0147316651835884, 0.013734000154861564, -0.04762698748269415, 0.05708447513194822, -0.19088437441149497 }, new double[] { 0.04547527721569058, 0.0892847209804177, -0.04475359752744899, -0.012671096972124388, 0.034001829765607304, -0.06229757311484481, -0.05634435513683873, 0.004957566704309614, 0.011945777313385808, 0.12372872504782548, -0.00559764946586272, 0.25758817856111155 } }),
            ["TripletMargin"] = new(
                new[] { In(new float[] { -0.4375f, 0.0625f, 0.796875f, 1.234375f, -1.046875f, 1.296875f, -1.484375f, 0.765625f, 0.9375f, -1.09375f, -0.25f, 0.953125f }, 4, 3), In(new float[] { -1.1640625f, 0.2578125f, 1.234375f, 1.25f, -0.7109375f, 0.8828125f, -1.9375f, 0.5625f, 0.453125f, -1.328125f, 0.421875f, 1.0625f }, 4, 3), In(new float[] { 2.5625f, 0.0625f, 0.796875f, 1.334375f, -0.846875f, 1.296875f, -1.484375f, -1.734375f, 1.4375f, -0.89375f, -0.15f, 1.253125f }, 4, 3) },
                0.6638979595286432,
                new[] { new double[] { 0.0, -0.0, -0.0, 0.10447938080605967, 0.06616221060374652, 0.19405685137035245, 0.0, 0.0, 0.0, 0.21501729576581496, -0.1664947640499473, 0.162464544598837 }, new double[] { -0.0, 0.0, 0.0, 0.007322900051711413, 0.1574423511117954, -0.19405685137035245, -0.0, -0.0, -0.0, -0.0813871520592638, 0.2333098359032229, 0.037980670960989775 }, new double[] { -0.0, 0.0, 0.0, -0.11180228085777108, -0.2236045617155419, 0.0, 0.0, 0.0, -0.0, -0.13363014370655116, -0.06681507185327559, -0.20044521555982678 } },
                new[] { new float[] { -0.40625f, 0.625f, -0.765625f, 0.46875f, 0.609375f, 0.671875f, 0.953125f, 0.421875f, 0.953125f, -0.4375f, 0.046875f, -0.578125f }, new float[] { -0.828125f, -0.125f, 0.4375f, 0.5625f, -0.96875f, 0.890625f, -0.5f, -0.421875f, 0.671875f, 0.78125f, 0.46875f, -0.328125f }, new float[] { -0.078125f, 0.671875f, -0.28125f, 0.609375f, 0.5625f, -0.0625f, 0.796875f, -0.234375f, 0.5f, 0.28125f, -0.34375f, 0.0625f } },
                -0.4850929379956469,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.0868663911400606, 0.32359947394765204, -0.5012404380578619, 0.0, 0.0, 0.0, -0.23029392180438724, -0.5378566856067616, -0.08198443423550954 }, new double[] { -0.0, -0.0, 0.0, 0.05987431211084786, -0.3969693015103961, -0.31980756199139376, -0.0, -0.0, -0.0, 0.42716178255399, 0.1351775770819961, 0.08497028600183291 }, new double[] { -0.0, -0.0, -0.0, -0.14674070325090846, 0.07336982756274406, 0.8210480000492556, -0.0, -0.0, 0.0, -0.19686786074960277, 0.4026791085247655, -0.0029858517663233775 } }),
            ["BceWithLogitsByHand"] = new(
                new[] { In(new float[] { 0.0f, 1.5f, -2.0f, 0.0f, 0.25f, -0.75f }, 6), In(new float[] { 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.5f }, 6) },
                1.0920743460232265,
                new[] { new double[] { -0.16666666666666666, 0.1362624126989406, -0.14679951299631372, 0.0, -0.0729705831857003, -0.029863116529232167 } },
                new[] { new float[] { 0.21875f, 0.078125f, -0.78125f, 0.984375f, 0.9375f, -0.921875f } },
                0.047994426000933385,
                new[] { new double[] { 0.0, 0.0019420110946657923, -0.013671039766081578, 0.0, 0.03845845042774974, -0.03347865789569538 } }),
            ["BuiltInBceWithLogits"] = new(
                new[] { In(new float[] { 0.0f, 1.5f, -2.0f, 0.0f, 0.25f, -0.75f }, 2, 3), In(new float[] { 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.5f }, 2, 3), In(new float[] { 2.0f, 0.5f, 1.0f }, 3) },
                1.1596039244599803,
                new[] { new double[] { -0.16666666666666666, 0.1362624126989406, -0.14679951299631375, 0.08333333333333333, -0.03648529159285016, -0.029863116529232164 } },
                new[] { new float[] { 0.890625f, 0.0625f, -0.75f, 0.640625f, -0.140625f, 0.421875f } },
                0.01609619405206051,
                new[] { new double[] { 0.07421875, 0.001553608875732634, -0.013124198175438313, 0.026692708333333332, -0.002884383782081231, 0.01532074174887755 } }),
            ["BuiltInPointwiseLosses"] = new(
                new[] { In(new float[] { 0.5f, -0.5f, 0.0f, 1.25f, 0.25f, -2.0f, 0.75f, 0.125f }, 2, 4), In(new float[] { 0.0f, 0.0f, 0.0f, 0.25f, 0.25f, -1.0f, 0.25f, 0.5f }, 2, 4) },
                4.869140625,
                new[] { new double[] { 1.75, -1.75, 0.0, 2.75, 0.0, -2.75, 1.75, -1.34375 }, new double[] { -1.75, 1.75, 0.0, -2.75, 0.0, 2.75, -1.75, 1.34375 } },
                new[] { new float[] { 0.65625f, 0.078125f, -0.90625f, 0.640625f, 0.390625f, 0.8125f, -0.453125f, 0.578125f }, new float[] { 0.75f, -0.296875f, -0.171875f, -0.328125f, -0.984375f, -0.53125f, -0.34375f, -0.78125f } },
                -3.86962890625,
                new[] { new double[] { -0.1875, 0.75, -2.38671875, 1.9375, 4.46875, 2.6875, -0.21875, 4.41796875 }, new double[] { 0.1875, -0.75, 2.38671875, -1.9375, -4.46875, -2.6875, 0.21875, -4.41796875 } }),
            ["Attention"] = new(
                new[] { In(new float[] { -0.484375f, -0.6875f, 1.359375f, -0.171875f, 1.4375f, 0.046875f, 0.0625f, 1.1875f, 0.734375f, 0.234375f, -0.21875f, 1.140625f }, 3, 4), In(new float[] { -0.265625f, 1.265625f, -1.296875f, -0.203125f, 0.0625f, 1.359375f, -0.75f, 0.921875f, 0.53125f, 0.65625f, 0.390625f, 1.421875f, -0.5f, -0.3125f, -0.890625f, -1.34375f, -0.859375f, 1.25f, 1.015625f, -1.15625f }, 5, 4), In(new float[] { 0.3125f, -0.0625f, 0.28125f, 0.484375f, -0.578125f, 1.390625f, -0.109375f, 0.390625f, 0.40625f, -0.953125f }, 5, 2) },
                1.213283572587366,
                new[] { new double[] { -0.028380342575703627, 0.02051685180770485, 0.0189926142012572, -0.04798017120581939, 0.23647862043908938, -0.15295582584328987, 0.25191407533806764, 0.42872989150804774, 0.1951331061670933, -0.11603256285321771, 0.1769206784605268, 0.364824116985893 }, new double[] { -0.19455569914011817, -0.025155582770872903, 0.014832244528543396, -0.2055181350899522, -0.18778741052281459, -0.01739661257852268, 0.005426137512539732, -0.18319718161183576, 0.5730076823739684, 0.0770968320819825, -0.05616130095124226, 0.5833049209165695, -0.031218706652878597, 0.00025485909931284405, -0.006106540405786848, -0.03332780178942753, -0.1594458660581569, -0.03479949583189973, 0.04200945931594596, -0.16126180242535376 }, new double[] { -0.052046686378525095, 0.39168689337271667, -0.13617668645750655, 0.8895642160275212, -0.2217063321916654, 1.4296738960909239, 0.007991739715104938, 0.14711481673584978, 0.05352691545645592, 0.12582083334124627 } },
                new[] { new float[] { 0.53125f, -0.140625f, 0.140625f, -0.4375f, -0.28125f, 0.5f, -0.0625f, 0.1875f, -0.15625f, 0.109375f, 0.796875f, -0.46875f }, new float[] { 0.03125f, 0.375f, -0.828125f, 0.921875f, -0.0f, -0.515625f, 0.515625f, 0.625f, 0.265625f, 0.828125f, -0.828125f, 0.0625f, 0.484375f, 0.828125f, 0.28125f, 0.203125f, -0.21875f, 0.140625f, 0.109375f, 0.8125f }, new float[] { 0.65625f, 0.46875f, 0.84375f, -0.875f, 0.546875f, -0.078125f, 0.5f, -0.40625f, -0.0625f, 0.65625f } },
                -1.239973101420658,
                new[] { new double[] { -0.1435323001032087, 0.08439135272943349, 0.10650607551098361, -0.1974727056993758, -0.11649759909503682, 0.307260741435055, -0.3295093814432475, -0.5936858742000055, -0.06894361505747769, 0.24232494542012395, -0.3597973029700412, -0.42438175267628025 }, new double[] { 0.3028676064276816, -0.020645991322273315, -0.07709873229718964, 0.31833227104391876, -0.0325930903391281, -0.06650298837653136, -0.027947334918636935, -0.06052577105025757, -0.42296098513269187, 0.18888547652993215, 0.04673353945053592, -0.3851795026553724, 0.03302451928348622, 0.011410125283316303, -0.04851159384603401, 0.02157708207967516, 0.1196619497606516, -0.11314662211444379, 0.10682412161132482, 0.1057959205820356 }, new double[] { 0.38328439381774265, -0.09681729326370149, 0.853680913579319, -0.45654139465375665, 1.4196636542341607, -0.8013685642088088, 0.3165772228087898, -0.13381669552335812, 0.5384088464166724, -0.13837151879693327 } }),
            ["CausalAttention"] = new(
                new[] { In(new float[] { -1.3125f, -0.265625f, 0.796875f, 0.953125f, 0.6875f, -1.15625f, 1.234375f, 0.90625f, 1.140625f, 0.0625f, 1.25f, -1.359375f, -1.40625f, -1.4375f, -0.734375f, -0.75f, -0.9375f, 0.203125f, -1.390625f, 0.265625f, -1.0f, 0.53125f, -1.4375f, -0.5625f }, 2, 3, 4), In(new float[] { 1.3125f, 0.109375f, 0.9375f, 0.46875f, 0.328125f, -0.921875f, 0.21875f, -1.375f, 0.90625f, 1.375f, 1.0625f, -1.34375f, -0.484375f, -0.546875f, -1.15625f, 0.375f, 0.890625f, -0.5625f, 1.09375f, 0.890625f, -1.109375f, 0.796875f, 1.140625f, -0.90625f }, 2, 3, 4), In(new float[] { 0.21875f, 0.421875f, 0.328125f, -1.21875f, 0.484375f, 0.390625f, 0.96875f, 0.90625f, -0.515625f, 0.671875f, 1.109375f, 1.171875f, -1.015625f, -1.421875f, 0.453125f, -0.859375f, 0.1875f, 1.328125f, -0.359375f, -0.734375f, -0.125f, 0.46875f, -1.203125f, -0.359375f }, 2, 3, 4), In(new float[] { 0.0f, 1.0f, 1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f }, 3, 3) },
                -3.350830464687964,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.0, -0.20539194763525273, -0.2151725165702648, -0.14996872367018454, -0.3847023781104734, -0.09452705190030264, -0.02759484352431532, -0.05121113740555857, -0.22146744902019544, 0.0, 0.0, 0.0, 0.0, 0.057243085418207475, -0.0006504896070251287, 0.0936705034116122, 0.021466157031827846, 0.031566656347798414, 0.06043184106697362, 0.2026295790757705, -0.035774233532989384 }, new double[] { -0.2812744364146349, 0.23370191909827173, -0.40859727459581935, -0.024832506163686346, 0.23309689561872177, -0.23634178434736292, 0.3557999696139966, 0.08224957533141854, 0.04817754079591318, 0.002639865249091133, 0.05279730498182266, -0.05741706916773214, 0.1281394700141179, -0.05579610211240167, 0.18598933456461345, 0.03906610432641829, -0.08265960884309581, 0.03163492586529616, -0.12061203413126921, -0.013483682417718313, -0.045479861171022096, 0.02416117624710549, -0.06537730043334426, -0.02558242190869993 }, new double[] { 1.815770873098683, 1.6040250383633214, 1.5672468169045943, 0.9130980738459634, 0.4722581696242457, 0.39736610208167533, 0.3175482142956732, 0.33250352676637596, 0.5661130146920499, 0.4291753389691741, 0.2698326623266759, 0.38536007807726796, 1.2639112580233263, 0.9272629487647718, 2.2082683747460026, 1.3826844642286693, 0.08731488897247718, 0.07142224449467954, 0.14400800142852652, 0.08930873386945182, 0.221034576037018, 0.22273846595713095, 0.32478462863861834, 0.21335637423798937 } },
                new[] { new float[] { -0.921875f, -0.421875f, -0.015625f, 0.703125f, -0.453125f, 0.640625f, -0.515625f, -0.390625f, 0.109375f, 0.3125f, 0.765625f, 0.765625f, -0.5f, 0.484375f, 0.265625f, -0.234375f, 0.546875f, 0.796875f, -0.046875f, 0.828125f, -0.75f, -0.671875f, 0.53125f, -0.390625f }, new float[] { 0.171875f, -0.0f, -0.703125f, 0.515625f, 0.484375f, -0.703125f, -0.484375f, 0.59375f, 0.828125f, 0.734375f, 0.0f, -0.265625f, -0.109375f, -0.640625f, -0.015625f, -0.53125f, -0.671875f, -0.234375f, -0.875f, -0.0625f, 0.390625f, 0.296875f, 0.953125f, 0.765625f }, new float[] { 0.265625f, 0.796875f, -0.109375f, 0.59375f, -0.4375f, 0.046875f, 0.953125f, 0.203125f, 0.015625f, 0.578125f, -0.375f, 0.65625f, -0.96875f, -0.53125f, -0.640625f, -0.484375f, 0.890625f, -0.953125f, -0.40625f, 0.15625f, 0.40625f, 0.546875f, -0.234375f, -0.5625f } },
                -0.5431788424994537,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.0, -0.11066810407967795, -0.33095528324206996, -0.08277174593929107, -0.3131099064354792, 0.22725702590408492, 0.09799283556743874, 0.15942697026277164, 0.33885127660837683, 0.0, 0.0, 0.0, 0.0, 0.05173850669577387, 0.016058682821871735, 0.08720583396600078, 0.04769823791650639, -0.008905597922237041, 0.21121942044172837, 0.3693977383033327, -0.041320056132019445 }, new double[] { 0.18544013680045499, 0.04758651820354651, 0.0432386443236361, -0.44338760090631113, -0.14887041208102614, -0.05852888615281909, -0.030437827701344074, 0.3619604086629661, -0.03656972471942893, 0.010942367949272738, -0.012800816622292155, 0.08142719224334503, 0.2542177003440009, -0.06882738096357852, 0.2590542436855609, 0.07520044772510191, -0.10730579706577421, 0.03945809625663037, -0.12106253429522391, 0.006016252207306191, -0.14691190327822662, 0.029369284706948304, -0.1379917093903371, -0.08121669993240803 }, new double[] { -0.4372300472382864, -1.1332854348128665, -0.3112952665024437, 0.5425308288378441, -0.1280305311433532, -0.23950595229116337, -0.03505529364713343, 0.01146063985341253, 0.27990569221729705, 0.0006084579123878942, 0.13494667162664903, -0.10170157160285706, -1.2352776116474569, -0.4235097391467115, 0.7228483431075021, -0.8913708449801302, 0.04027707699203803, 0.06026276796501577, 0.21501636118896372, 0.054713237599923394, -0.1867541249520833, -0.139192095518148, -0.13755728466799047, -0.2027821746780847 } }),
            ["PaddedAttention"] = new(
                new[] { In(new float[] { -1.09375f, 0.484375f, 0.984375f, -0.375f, -0.390625f, 0.125f, -0.859375f, -0.75f, -0.515625f, -0.125f, -1.25f, 0.765625f }, 3, 4), In(new float[] { 0.234375f, -0.59375f, -1.265625f, 0.796875f, -1.109375f, -1.09375f, -1.109375f, -1.25f, 1.21875f, -0.6875f, -0.578125f, 1.0f, 0.359375f, -0.9375f, -0.203125f, 1.15625f }, 4, 4), In(new float[] { -0.375f, 0.625f, -1.203125f, 0.6875f, 0.828125f, 0.984375f, 0.515625f, -0.390625f }, 4, 2), In(new float[] { 0.0f, 0.0f, 0.0f, 1.0f }, 1, 4) },
                0.6014317953257229,
                new[] { new double[] { -0.10419440147671036, -0.024113372952860597, -0.013435080954454524, -0.11741334383636107, -0.09307254837986999, -0.024128816477254587, -0.007487045531383652, -0.11217705715553508, -0.03939687506449967, -0.009166429980091298, -0.004994615187528528, -0.0445329864674093 }, new double[] { 0.04048979918971142, -0.013455610874429725, 0.014327981748327574, 0.02404991460218584, -0.09041191972447504, 0.030249230318054068, -0.017511112236004746, -0.04397883019766469, 0.04992212053476364, -0.016793619443624338, 0.003183130487677179, 0.019928915595478762, 0.0, 0.0, 0.0, 0.0 }, new double[] { -0.14416294960334886, 0.19333663842670065, -0.5869386247050107, 0.4391752489108294, -0.05386079711366773, 0.06550048677470155, 0.0, 0.0 } },
                new[] { new float[] { 0.703125f, -0.75f, -0.875f, -0.53125f, -0.015625f, 0.890625f, 0.453125f, 0.125f, 0.046875f, 0.390625f, 0.25f, -0.328125f }, new float[] { -0.8125f, -0.59375f, 0.5625f, 0.265625f, 0.59375f, -0.90625f, 0.796875f, -0.234375f, 0.859375f, 0.1875f, 0.09375f, 0.640625f, 0.25f, 0.34375f, -0.6875f, 0.203125f }, new float[] { -0.28125f, -0.84375f, -0.734375f, -0.046875f, -0.46875f, 0.53125f, -0.75f, -0.96875f } },
                0.2949655932922618,
                new[] { new double[] { -0.03618630818592773, -0.06966237444487153, 0.04467517363235738, -0.14555673736358865, -0.11362977477853141, -0.07916010910089058, 0.021791062615339793, -0.23226676872802574, -0.01572862294918355, -0.03350281904297492, 0.028207359841919147, -0.07649320849932083 }, new double[] { 0.1103159644706963, -0.047571542925353545, 0.0632489845545233, 0.050210611431448005, -0.07331728856491682, 0.0477599415049387, -0.08693767636028162, -0.09507604677919651, -0.03699867590577953, -0.0001883985795850993, 0.02368869180575827, 0.04486543534774848, 0.0, 0.0, 0.0, 0.0 }, new double[] { -0.17269501892754824, -0.019649717940747033, -0.29734282965576997, -0.17057557937628862, -0.027381075446491446, -0.02870088703915319, 0.0, 0.0 } }),
            ["MultiHead"] = new(
                new[] { In(new float[] { -1.3125f, 0.0625f, 0.765625f, -0.921875f, -0.703125f, 0.109375f, 0.75f, 1.1875f, -1.125f, -0.953125f, 0.90625f, 0.4375f }, 3, 4), In(new float[] { 0.65625f, 1.484375f, 1.3125f, 1.03125f, 0.828125f, -0.3125f, 0.421875f, -0.953125f, 0.78125f, 0.765625f, 0.65625f, -0.171875f, -0.359375f, -0.234375f, -1.40625f, 1.03125f }, 4, 4), In(new float[] { 0.125f, -0.34375f, 0.140625f, 0.671875f, -0.359375f, 0.984375f, 1.265625f, -0.34375f, -1.09375f, 0.78125f, 1.484375f, -1.0625f, 0.640625f, 0.96875f, 1.265625f, -1.125f }, 4, 4), In(new float[] { -1.21875f, 1.46875f, -1.15625f, -0.96875f, 0.21875f, -0.15625f, 0.75f, -0.921875f, 1.25f, -0.84375f, 0.8125f, -1.296875f, -0.078125f, -1.40625f, -0.5625f, -0.5625f }, 4, 4) },
                0.06612625574309394,
                new[] { new double[] { 1.498821782359518, -3.1668271277509, -2.313056295783055, -2.309149698635485, 2.6785035758853786, -1.2870803422995254, 3.788295194921299, 1.53209301949521, 3.781119386153763, -1.2514876052714146, 2.517914420957094, 1.2185105934877916 }, new double[] { -0.692212569438422, -0.6000749956657482, -0.020507415658164108, -0.3814191312940721, -0.4007777227595402, -0.3065922570888422, 0.19423952975132353, -0.2652768836075204, 0.5285887872732731, 0.4556367704196927, -0.098828899243989, 0.3832732874651561, 0.1272457034258468, 0.09783422304150188, -0.560655681405573, 0.5247836784959008 }, new double[] { -0.12077074444395142, -0.16712039425295724, 0.2009916311648594, -0.15600646088295403, 0.2009479675577242, 0.19716625826890333, -0.7601604628679949, -0.3002277014252727, -0.0265868626738949, -0.02536786338778682, 0.10435650176461198, 0.04469502183233212, -0.5630358589169158, -0.7233277551071524, 1.2306203344498727, -0.3412565795065601 }, new double[] { 3.70878269939007, 0.9553455520037313, -2.6875539920054092, -1.3187232644159992, 0.8528162578117011, 0.12813600688101695, -0.38825952217690374, -0.2213423995650533, -2.5465559133204376, -0.6220948490636722, 1.9231786309605392, 0.5816371820349272, 0.7192502121418318, 0.35199831888834043, -0.13431816819354422, -1.856572038885552 } },
                new[] { new float[] { 1.0f, -0.375f, 0.015625f, -0.578125f, -0.578125f, -0.203125f, 0.578125f, -0.921875f, 0.671875f, 0.984375f, 0.125f, -0.28125f }, new float[] { -0.53125f, -0.640625f, -0.359375f, 0.703125f, -1.0f, 0.578125f, 0.328125f, -0.96875f, -0.859375f, 0.46875f, 0.34375f, -0.375f, 0.71875f, -0.578125f, -0.140625f, -0.765625f }, new float[] { 0.296875f, -0.828125f, -0.640625f, 0.53125f, 0.0f, 0.328125f, 0.46875f, 0.21875f, -0.609375f, 0.390625f, -0.765625f, -0.453125f, -0.109375f, -0.765625f, -0.78125f, 0.296875f }, new float[] { 0.484375f, -0.265625f, -0.21875f, -0.578125f, 0.046875f, 0.15625f, 0.875f, -0.921875f, 0.8125f, 0.984375f, -0.3125f, 0.453125f, 0.65625f, 0.296875f, -0.421875f, 0.25f } },
                4.045382834516189,
                new[] { new double[] { -3.610568275722432, 0.5472537107769743, 1.4833356953487056, -2.5390260380889647, 0.014607621951137073, 4.097345192795223, -2.0371361462228967, 3.3801683558090616, -4.233293304832945, 0.38515725136509693, -4.840142330017269, 1.0735603425451916 }, new double[] { 1.8399003337185684, 0.8443076917289719, 1.8261024404514759, -1.4284464532578076, 0.6340642984518009, 0.017486536826035293, 0.10515605902998626, -0.18607447799902832, -0.9566459180936435, -0.28432891567837737, -1.3931132736018947, 1.4175989799074125, -0.19661491077128393, -0.1734566451610484, -0.5674473182929536, 0.889811030594005 }, new double[] { 0.5389052291780796, 0.8798102788956543, 0.08329456830402882, 0.6901724424305691, -1.166227386731642, -1.4208604540181817, 1.2938961988565325, -0.11528299591642305, 0.019904281705285756, 0.007987228417463521, 0.09461021885780682, -0.10372857919710857, 1.4905444641734362, 2.459702718392544, 1.720499109137895, 1.3528108746281151 }, new double[] { -4.37640301025967, -1.4089751037913025, 0.7237426852454982, 3.71344740928662, -0.4391321276553779, 0.37330097613274127, -0.3396229872561943, -0.841109524240219, 0.5120144797769012, 0.20591193667655072, 1.048489188687289, -1.6348813140379987, -1.7245855209246312, -1.0374161600886807, -0.3671025486950623, 0.6345324915445213 } }),
            ["LayerNormByHand"] = new(
                new[] { In(new float[] { 0.65625f, -0.140625f, -1.328125f, 1.484375f, 1.171875f, 1.25f, -0.765625f, -0.3125f, -0.8125f, -1.125f, -1.40625f, 0.015625f, -1.125f, -0.96875f, 1.078125f }, 3, 5), In(new float[] { -0.046875f, -0.953125f, 0.515625f, -0.703125f, 0.078125f }, 5), In(new float[] { -0.65625f, 0.046875f, 0.390625f, 0.109375f, -0.3125f }, 5) },
                -0.9389738792359601,
                new[] { new double[] { 0.2896138909443693, -0.6246635756798382, 0.22119034884896138, -0.3762396566719102, 0.4900989925584177, -0.06249289823400053, -0.5916734184872352, 0.5590515872039518, -0.29814197948216414, 0.3932567089994482, 0.19542893501830239, -0.4344826978103563, 0.2547935690362199, -0.2859103677735245, 0.2701705615293586 }, new double[] { 2.430495194863237, -0.4463600606908167, -1.1115162839305612, 0.6987471388188421, -0.0915355221596462 }, new double[] { 4.1242361485852, 2.289281243994461, 1.1964075086862698, 2.763748075891009, 0.7272238221649282 } },
                new[] { new float[] { 0.75f, -0.78125f, -0.046875f, -0.953125f, 0.6875f, 0.5625f, -0.90625f, 0.484375f, 0.390625f, -0.75f, 0.046875f, 0.375f, -0.328125f, 0.0f, 0.953125f }, new float[] { 0.265625f, 0.0f, -0.875f, -0.75f, 0.703125f }, new float[] { 0.484375f, 0.671875f, 0.15625f, 0.15625f, 0.0625f } },
                7.000746351534879,
                new[] { new double[] { 1.7183091654594922, -1.8473013156224194, 0.9959306968642851, -1.405075215385996, 0.538136668684638, 0.05997599210258153, -3.3214788365950447, 0.5898059906822704, 0.6771265599901315, 1.9945702938200616, 0.4722241069352284, 2.0066028048997695, 0.03764561122119836, -1.6454457415046968, -0.8710267815514997 }, new double[] { -7.288931148351155, -6.613538830734793, 8.312614324280542, -1.4079026571873619, -4.459861447648628 }, new double[] { -7.308558574583575, 6.532221859799459, -3.582171967887058, 1.7755873431654667, -0.9670940068425529 } }),
            ["LayerNormBuiltIn"] = new(
                new[] { In(new float[] { 0.65625f, -0.140625f, -1.328125f, 1.484375f, 1.171875f, 1.25f, -0.765625f, -0.3125f, -0.8125f, -1.125f, -1.40625f, 0.015625f, -1.125f, -0.96875f, 1.078125f }, 3, 5), In(new float[] { -0.046875f, -0.953125f, 0.515625f, -0.703125f, 0.078125f }, 5), In(new float[] { -0.65625f, 0.046875f, 0.390625f, 0.109375f, -0.3125f }, 5) },
                -0.9389738792359598,
                new[] { new double[] { 0.2896138909443692, -0.624663575679838, 0.2211903488489615, -0.37623965667191006, 0.4900989925584175, -0.062492898234000505, -0.5916734184872352, 0.5590515872039518, -0.298141979482164, 0.3932567089994482, 0.19542893501830239, -0.43448269781035675, 0.25479356903621997, -0.2859103677735245, 0.2701705615293587 }, new double[] { 2.430495194863237, -0.4463600606908164, -1.1115162839305606, 0.6987471388188414, -0.09153552215964617 }, new double[] { 4.1242361485852, 2.2892812439944614, 1.1964075086862693, 2.7637480758910087, 0.7272238221649283 } },
                new[] { new float[] { 0.46875f, -0.34375f, -0.0f, -0.0625f, 0.328125f, -0.5625f, -0.953125f, -0.828125f, -0.640625f, 0.71875f, 0.4375f, 0.5f, -0.109375f, -0.796875f, -0.0625f }, new float[] { 0.71875f, 0.015625f, 0.265625f, -0.25f, -0.703125f }, new float[] { 0.25f, -0.03125f, -0.3125f, -0.484375f, 0.390625f } },
                2.0613247504042658,
                new[] { new double[] { 1.4139335965956557, -1.0978970714673915, 0.3521820327098414, -1.1722111196254015, 0.5039925617872958, -0.10765044949158156, -1.3640705340042756, -0.20081511726161208, 0.9578867841051274, 0.7146493166523419, 0.8461075836722245, -1.0802029406313272, 0.0813578884404566, -0.5287192009078588, 0.6814566694265046 }, new double[] { -14.423617729110326, -1.1588043930161376, -3.573007067192708, 1.2153351363035734, 4.60853599618004 }, new double[] { -7.097906867947243, 4.414753201097015, 0.6351521329742329, 2.7243925709765042, -1.484095431936247 } }),
            ["RmsNorm"] = new(
                new[] { In(new float[] { 0.875f, 1.125f, -0.96875f, -1.09375f, -1.15625f, 1.4375f, 1.328125f, -0.8125f }, 2, 4), In(new float[] { 1.40625f, -0.875f, 0.015625f, -0.015625f }, 4) },
                8.36303286089741,
                new[] { new double[] { 3.832225174034857, -1.3153451961647475, 0.8663377744014071, 0.9455226951259428, 0.16606268436634725, -0.08556641329836723, 0.17035440853215045, -0.10924218545256356 }, new double[] { 2.6138499399369435, 0.8402346996612231, 0.18415843339692084, -1.770107444017936 } },
                new[] { new float[] { -0.359375f, 0.15625f, -0.484375f, 0.5f, -0.25f, -0.046875f, 0.859375f, 0.4375f }, new float[] { 0.46875f, -0.328125f, 0.6875f, -0.234375f } },
                0.02251850116755616,
                new[] { new double[] { 1.997983863284655, -0.033107529989376924, 1.0239065963246807, -0.7410459377452919, 0.10969789329951443, -0.3158867323793305, 0.4082641097007632, 0.027568832706931723 }, new double[] { -0.9994863492550108, -0.3096603924109401, 1.4885832585463108, 0.5569500690119588 } }),
            ["Standardize"] = new(
                new[] { In(new float[] { 1.25f, -1.375f, -0.546875f, 0.296875f, -1.296875f, -0.796875f, -0.109375f, 1.140625f, 0.78125f, 0.984375f, 0.78125f, 0.625f }, 4, 3) },
                5.718403942558756,
                new[] { new double[] { 2.0019523688990146, 0.15077240918335688, -1.0177605738061648, -2.6241699154532707, -0.07584540162390518, 0.9128647772335006, 2.135666665017532, 0.4660501761445177, 0.6738651692786144, -1.5134491184632757, -0.5409771837039701, -0.5689693727059493 } },
                new[] { new float[] { 0.984375f, 0.796875f, 0.3125f, 0.65625f, 0.09375f, 0.46875f, -0.75f, 0.984375f, 0.59375f, -0.71875f, -0.515625f, 0.15625f } },
                1.0064088356941037,
                new[] { new double[] { 8.412182277680415, -0.6344746426558954, 0.8190502064449074, -4.037826837408347, 1.3575534712613826, -0.22594788612585465, 4.338371455522918, 1.6760601031872566, 1.391959329950572, -8.712726895794987, -2.399138931792744, -1.9850616502696248 } }),
            ["BuiltInNorms"] = new(
                new[] { In(new float[] { 1.046875f, 0.546875f, 0.703125f, -0.59375f, -1.0f, 0.765625f, -1.0f, 1.265625f, 0.296875f, -0.515625f, 1.3125f, -1.03125f, 0.046875f, -1.21875f, 1.390625f, 0.21875f, 0.90625f, -0.65625f, 0.90625f, 0.609375f, 0.4375f, 1.359375f, -0.203125f, -0.25f }, 3, 4, 2), In(new float[] { 0.578125f, 1.0f, -0.5f, 0.515625f }, 4), In(new float[] { -0.875f, 0.15625f, 0.8125f, -1.296875f }, 4) },
                31.86196178113027,
                new[] { new double[] { -0.7744880869769275, -1.361275519187002, 1.6827658734216748, -1.5963139219403035, 1.2007358384005962, 0.1632795405186407, -1.0588191035226773, -0.36453832723538704, -0.8384763474664816, -0.4218420379320367, 1.366012483047884, -0.18036476174989635, 0.6473675443902582, 1.060027136213473, -0.30372192632505307, -1.1270008920712489, -1.5745965518863305, -1.3223211224786227, 1.2426251621220827, 0.9201466026658239, 0.9596126659403279, -0.09451237772872707, -1.1502435829057953, -1.1802140016342664 }, new double[] { 7.804297062878343, 14.123349521295715, -2.7983601852276894, 8.471728486193243 }, new double[] { -8.531806803156602, 3.0667938356864504, 11.578182621029423, -13.797756506517608 } },
                new[] { new float[] { 0.53125f, -0.703125f, 0.921875f, -0.3125f, 0.984375f, 0.5f, -0.03125f, -0.28125f, -0.8125f, -0.828125f, 0.265625f, 0.546875f, 0.8125f, -0.265625f, 0.875f, -0.40625f, 0.875f, 0.84375f, -0.6875f, 0.71875f, 0.40625f, 0.40625f, 0.6875f, 0.078125f }, new float[] { 0.015625f, -0.265625f, 0.734375f, 0.796875f }, new float[] { -0.671875f, 0.546875f, -0.453125f, -0.625f } },
                14.361395605709447,
                new[] { new double[] { -0.7800247793861081, -1.1639796431204468, 0.5783398769243804, 2.0671404690427253, 1.3980213495062335, 0.05217204191425079, -1.8266081536446865, 0.25182234928453406, -0.3214239537924448, 0.1620145986463737, 0.21120391140158723, 0.17004510593435512, -0.4353302004206799, 0.8940299562522198, 1.3641094405224825, -2.069676823790467, -0.8981154722781257, -1.4499524190886444, -0.22757845957494838, 1.4954316476415117, 1.378539122190263, -0.05395460097024429, -0.7140465942662126, -1.0741952690422139 }, new double[] { 2.042502406699959, -3.2766907057895516, 12.460390255695893, 12.376990081556384 }, new double[] { -9.857316332373102, 7.340716126194124, -5.53609944941475, -6.692516666460182 } }),
            ["GeluTanhByHand"] = new(
                new[] { In(new float[] { 0.0f, 0.5f, -1.25f, 2.0f, -3.0f, 0.125f }, 6) },
                2.233105713425084,
                new[] { new double[] { 0.5, 0.8673699035346424, -0.12249263224964861, 1.0860992566236183, -0.011584166630969651, 0.5992154061627915 } },
                new[] { new float[] { -0.609375f, 0.140625f, -0.4375f, -0.515625f, -0.796875f, -0.34375f } },
                -0.8858921729871785,
                new[] { new double[] { -0.4862109042392461, 0.08655565712568537, -0.0355166786646367, 0.0556230880997748, 0.025314853174840612, -0.26999168706099747 } }),
            ["SiluMishByHand"] = new(
                new[] { In(new float[] { 0.0f, 0.5f, -1.25f, 2.0f, -3.0f, 0.125f }, 6) },
                5.382244719597248,
                new[] { new double[] { 1.6, 2.366346749963031, -0.002059252303644399, 3.250886431849281, -0.26960132656266017, 1.8035679010017645 } },
                new[] { new float[] { 0.546875f, -0.953125f, -0.03125f, 0.203125f, -0.90625f, -0.40625f } },
                -1.2083968455391956,
                new[] { new double[] { 0.8968750000000001, -1.2872062084333682, -0.021756763058011525, 0.008612432964915005, 0.09476794207000329, -0.654737455691533 } }),
            ["StableSoftplus"] = new(
                new[] { In(new float[] { 0.0f, 0.5f, -1.25f, 2.0f, -3.0f }, 5) },
                4.09466860870214,
                new[] { new double[] { 0.0, 0.6224593312018545, 0.2227001388253088, 0.8807970779778824, 0.04742587317756679 } },
                new[] { new float[] { 0.8125f, 0.984375f, 0.703125f, -0.65625f, 0.53125f } },
                0.2164913519659677,
                new[] { new double[] { 0.0, 0.23133177919844458, 0.12171430335409945, -0.06890204042105114, 0.024000100482047072 } }),
            ["BuiltInActivations"] = new(
                new[] { In(new float[] { 0.0f, -0.5f, 1.0f, 1.5f, -1.25f, 0.75f, 2.5f, -3.0f }, 8) },
                39.059860592445666,
                new[] { new double[] { 4.050000000000001, 0.8748309506445572, 7.7022065237299415, 7.867618393733629, -0.023877345111491116, 8.479690571322946, 7.731846165377249, -0.015944138698265567 } },
                new[] { new float[] { -0.09375f, -0.65625f, -0.03125f, 0.84375f, 0.75f, -0.21875f, -0.875f, 0.796875f } },
                -3.207097447055088,
                new[] { new double[] { -0.18251501636290296, -1.2783017706721225, -0.021212068121455516, -0.03424558859891566, 0.38577015685556293, -0.24208263831765559, 0.167285865427581, -0.06743225270395539 } }),
            ["KinkedSquared"] = new(
                new[] { In(new float[] { 0.0f, 1.0f, -1.0f, 0.5f, -2.0f, 1.5f }, 6) },
                2.125,
                new[] { new double[] { 0.0, 7.0, 5.0, 2.75, 4.0, 6.0 } },
                new[] { new float[] { 0.96875f, 0.015625f, -0.546875f, 0.09375f, 0.390625f, -0.03125f } },
                -0.9921875,
                new[] { new double[] { 0.0, 0.15625, 4.375, 0.65625, -0.78125, -0.125 } }),
            ["LogSumExpStable"] = new(
                new[] { In(new float[] { 1.0f, 1.0f, 0.5f, -0.5f, 0.25f, 2.0f, 2.0f, 2.0f, -1.0f, 0.0f, 0.5f, 0.75f }, 3, 4) },
                16.791634566478866,
                new[] { new double[] { 1.441979786774117, 1.441979786774117, 0.8746049513643878, 0.32174918075370745, 0.3454834165342686, 1.988119793303705, 1.988119793303705, 1.988119793303705, 0.23444748069020283, 0.6372943264881813, 1.0507207117775768, 1.3491520997626432 } },
                new[] { new float[] { -0.296875f, -0.5f, -0.40625f, -0.90625f, -0.484375f, 0.90625f, -0.984375f, 0.453125f, 0.578125f, -0.1875f, 0.1875f, -0.5625f } },
                -1.763610365631053,
                new[] { new double[] { -0.10449391462957289, -0.3973960588180653, -0.15903867953171025, -0.2193816509276234, -0.1889672638532582, 1.677297565315524, -2.081491418899293, 0.7764307839747829, 0.1507434184884444, -0.07816537348057812, 0.2651473530269424, -0.6714081343679112 } }),
            ["MaxWithTies"] = new(
                new[] { In(new float[] { 1.0f, 2.0f, 0.5f, 1.0f, 2.0f, 0.5f, -1.0f, 2.0f, 0.75f }, 3, 3) },
                23.25,
                new[] { new double[] { 3.0, 7.0, 0.0, 0.0, 4.0, 0.0, 0.0, 4.0, 3.0 } },
                new[] { new float[] { 0.34375f, 0.421875f, 0.46875f, -0.015625f, 0.9375f, 0.734375f, 0.140625f, 0.359375f, -0.453125f } },
                7.8125,
                new[] { new double[] { 0.0, 0.84375, 0.0, 0.0, 1.875, 0.0, 0.0, 0.71875, 0.0 } }),
            ["MaximumByAbs"] = new(
                new[] { In(new float[] { 1.0f, 0.5f, -0.25f, 2.0f, 0.0f }, 5), In(new float[] { 1.0f, -0.5f, -0.25f, 3.0f, 0.0f }, 5) },
                18.0625,
                new[] { new double[] { 2.5, 3.0, 1.25, 4.0, 1.5 }, new double[] { 2.5, -1.0, 1.25, 3.0, 1.5 } },
                new[] { new float[] { 0.890625f, 0.296875f, 0.796875f, -0.421875f, 0.96875f }, new float[] { -0.796875f, 0.0625f, -0.78125f, -0.625f, 0.53125f } },
                -0.23046875,
                new[] { new double[] { 0.046875, 0.0, 0.0078125, -0.84375, 0.75 }, new double[] { 0.046875, 0.125, 0.0078125, 0.0, 0.75 } }),
            ["OuterBroadcast"] = new(
                new[] { In(new float[] { 0.6875f, -1.453125f, 1.375f }, 3, 1), In(new float[] { -0.09375f, -0.265625f, 0.65625f, 0.0625f }, 1, 4), In(new float[] { 0.6875f, -1.25f, 0.1875f, 0.171875f }, 4) },
                1.3012481705081929,
                new[] { new double[] { 0.7453451564466349, -0.0984925905488534, 0.6807639800320899 }, new double[] { 4.788166910359254, 3.314842891488909, 2.383959887494811, 4.568481866154306 }, new double[] { -0.04688477376350296, -0.16251787183570982, 0.3282224188115624, 0.03135727714058944 } },
                new[] { new float[] { -0.875f, -0.234375f, -0.609375f }, new float[] { 0.703125f, -0.828125f, -0.328125f, 0.71875f }, new float[] { 0.375f, 0.40625f, 0.984375f, -0.953125f } },
                2.288603594381734,
                new[] { new double[] { 2.192029727437056, -0.7714666948405816, 3.4709560572837956 }, new double[] { -2.0657201412269153, -3.1572563739885706, 0.7556293677581871, -3.688464401882227 }, new double[] { 0.5118467393065004, -0.09026848223409067, -0.873227776950799, 0.25420317819672833 } }),
            ["Broadcast3D"] = new(
                new[] { In(new float[] { 1.296875f, -1.375f, -0.140625f, 0.390625f, 0.15625f, -1.28125f }, 2, 1, 3), In(new float[] { 0.28125f, -0.828125f, -0.90625f, 1.140625f }, 4, 1), In(new float[] { 0.375f }) },
                1.2892330426479295,
                new[] { new double[] { 1.7612442348896564, -1.9943726616055986, -0.30820061126036996, 0.5739142756478726, 0.18904971631277195, -1.8998896695268517 }, new double[] { 0.5975555963506021, -2.533752126300438, -2.701264175528267, 2.3524839164173095 }, new double[] { -8.716438931770616 } },
                new[] { new float[] { 0.328125f, 0.484375f, 0.5f, 0.421875f, -0.859375f, -0.828125f }, new float[] { 0.546875f, 0.21875f, -0.46875f, -0.984375f }, new float[] { 0.0625f } },
                -0.7109709484167092,
                new[] { new double[] { -0.5503165275603241, 0.40474600101124747, 0.7712007981717157, 0.21402907075475003, -1.7051470857317836, -0.8974268947694277 }, new double[] { 1.7351787825887215, 0.1061860594178054, -1.3647691712913308, -0.7948753957887726 }, new double[] { 0.6825087799097829 } }),
            ["ReductionsOverDims"] = new(
                new[] { In(new float[] { 0.5f, 0.8125f, 1.1875f, 1.140625f, 0.9375f, 1.265625f, 0.828125f, 1.03125f, 1.28125f, 1.09375f, 1.046875f, 0.75f, 0.953125f, 0.75f, 1.1875f, 0.71875f, 0.828125f, 1.1875f, 0.875f, 0.671875f, 1.28125f, 0.71875f, 1.3125f, 1.234375f }, 2, 3, 4) },
                72.16168212890625,
                new[] { new double[] { 3.486328125, 3.705078125, 6.330078125, 4.298828125, 4.1640625, 6.5390625, 4.0390625, 4.0390625, 6.771484375, 4.271484375, 5.365234375, 4.615234375, 3.482421875, 3.701171875, 6.326171875, 4.294921875, 4.1015625, 6.4765625, 3.9765625, 3.9765625, 5.818359375, 4.318359375, 6.412109375, 4.662109375 } },
                new[] { new float[] { -0.8125f, 0.5f, -0.3125f, 0.609375f, -0.8125f, -0.015625f, -0.796875f, 0.5625f, 0.125f, -0.53125f, 0.921875f, 0.359375f, -0.328125f, 0.703125f, -0.234375f, 0.890625f, -0.40625f, 0.96875f, -0.875f, 0.46875f, -0.421875f, -0.15625f, 0.265625f, -0.90625f } },
                1.554534912109375,
                new[] { new double[] { -2.283203125, 2.404296875, -1.095703125, 2.998046875, -2.5703125, 1.7734375, -3.4765625, 1.9296875, -0.484375, -1.265625, 2.484375, -0.984375, -2.15234375, 2.53515625, -0.96484375, 3.12890625, -2.41796875, 1.92578125, -3.32421875, 2.08203125, -0.74609375, -1.52734375, 2.22265625, -1.24609375 } }),
            ["NormalizeRows"] = new(
                new[] { In(new float[] { 0.8125f, 1.140625f, 0.296875f, 0.734375f, 1.328125f, 0.96875f, 0.953125f, 1.078125f, 1.09375f, 0.984375f, 0.78125f, 0.484375f }, 3, 4), In(new float[] { -0.625f, -0.625f, -0.203125f, 1.5f, -0.4375f, -0.15625f, -0.390625f, 0.25f, 1.34375f, 1.171875f, -0.375f, -0.703125f }, 3, 4) },
                0.5456370162050383,
                new[] { new double[] { -0.19235818229126228, -0.1739376346089071, -0.07994350067617499, 0.5152978578392166, -0.05048416215483506, 0.004905586180214272, -0.0496630905912802, 0.10168776762399694, 0.23255877548788084, 0.1762656494506724, -0.29543493575327556, -0.40684204554452374 } },
                new[] { new float[] { -0.546875f, -0.796875f, 0.484375f, -0.5625f, -0.0f, -0.34375f, -0.53125f, 0.875f, 0.015625f, 0.296875f, 0.40625f, 0.640625f } },
                -0.2957922588859706,
                new[] { new double[] { -0.06488801895869462, -0.06137015819462478, 0.03277265816922581, 0.2693007167397706, -0.02690542028150742, -0.03608056918218383, -0.041085195855280046, -0.003550495807058386, -0.012791826395626621, 0.024659716121656433, 0.22501003035552414, 0.28618033213268623 } }),
            ["DegenerateReductions"] = new(
                new[] { In(new float[] { 1.15625f, -0.015625f, 0.5625f }, 3, 1), In(new float[] { -1.28125f, 1.09375f, -0.5625f, -0.015625f }, 4) },
                2.935526529947917,
                new[] { new double[] { 2.9791666666666665, 0.6354166666666666, 1.7916666666666665 }, new double[] { -0.3828125, -0.3828125, -0.3828125, -0.3828125 } },
                new[] { new float[] { -0.46875f, -0.84375f, -0.0625f }, new float[] { -0.65625f, -0.953125f, 0.84375f, 0.25f } },
                -1.8472086588541665,
                new[] { new double[] { -0.9375, -1.6875, -0.125 }, new double[] { -0.2578125, -0.2578125, -0.2578125, -0.2578125 } }),
            ["SoftmaxOverDims"] = new(
                new[] { In(new float[] { -0.90625f, -0.234375f, 0.984375f, 0.984375f, -0.078125f, 0.796875f, -0.125f, -0.375f, 0.140625f, -0.890625f, -0.546875f, 0.625f, 0.8125f, -1.328125f, 0.703125f, 0.953125f, -0.171875f, -1.3125f, 0.546875f, -0.765625f, 0.4375f, -0.375f, 0.40625f, -0.71875f }, 2, 3, 4), In(new float[] { -0.078125f, 0.078125f, 0.390625f, -0.890625f, 1.390625f, -0.625f, -0.578125f, -0.734375f, -1.296875f, -0.234375f, 0.8125f, 0.625f, -0.90625f, -1.09375f, -0.53125f, 0.8125f, -0.03125f, 1.265625f, 0.46875f, 0.359375f, 0.796875f, 0.75f, -0.46875f, -0.734375f }, 2, 3, 4) },
                -16.031436886904512,
                new[] { new double[] { -0.4772253699388006, 0.1218942908691901, -0.3633240051804755, -0.513898147583879, 0.9377984800125747, -0.08478263085829978, -0.14468906797900116, 0.049669405067288064, -0.5111952561792774, -0.22970149183233285, 0.7570262910282518, -0.0016565576653197744, 0.007443436295180336, 0.24697798494328596, -0.22147523591523668, 0.11404575787528765, -0.6179306479683448, 1.043690368382505, 0.2164411610053435, 0.2181847713623361, 0.6611093577786682, -1.0980785215043485, -0.24397914295888187, 0.13365477094428715 } },
                new[] { new float[] { -0.171875f, -0.734375f, 0.515625f, 0.0625f, -0.65625f, 0.96875f, 0.90625f, 0.859375f, 0.65625f, 0.0625f, -0.40625f, 0.296875f, -0.703125f, 0.234375f, -0.875f, -0.96875f, 0.4375f, -0.3125f, 0.390625f, 0.5625f, 0.671875f, 0.234375f, 0.6875f, 0.3125f } },
                -1.8632244664374518,
                new[] { new double[] { 0.15968209210910753, 0.2317088467255331, -0.07775776046122744, 0.17290484473335607, 0.9475961906271666, 0.035865489126671674, -0.14584916384358793, -0.1226711959626691, -1.0484567723414242, 0.031863126478117086, 0.01577340277278981, -0.026258143991153997, 0.4309818345125652, -0.1941554371660727, 0.2837121752780262, 0.35939828929764994, -0.14375010327388865, 0.13259051055026894, -0.05641640602200418, -0.21620034265201665, -0.34605324163352674, -0.23787253571451808, -0.019462247723996615, -0.16717345142516632 } }),
            ["TransposedProducts"] = new(
                new[] { In(new float[] { -0.1875f, -0.03125f, -1.078125f, -0.171875f, 0.421875f, -1.09375f, -1.078125f, -0.984375f, -0.65625f, 1.390625f, -1.421875f, -0.953125f }, 6, 2), In(new float[] { -1.0f, -0.078125f, -1.453125f, -0.125f, -1.015625f, -0.6875f, 0.875f, -0.953125f, 0.34375f, -0.28125f, -0.25f, 0.953125f, -1.015625f, 1.265625f, 1.1875f, 0.5f, -1.359375f, 0.484375f }, 6, 3), In(new float[] { 0.296875f, 0.8125f, -0.859375f, 1.359375f, 1.15625f, -1.15625f, -0.546875f, -1.40625f, 1.0f, 1.25f, 1.46875f, 0.328125f, 0.5f, 0.53125f, 0.203125f, 1.359375f, 0.328125f, -0.5f, 0.03125f, -1.4375f, 0.671875f, 0.578125f, -0.234375f, 1.046875f }, 2, 3, 4) },
                29.811842047137798,
                new[] { new double[] { 3.0627582311372548, 4.0642392673687695, -4.553691019425797, -8.650495513374404, -1.751698902008096, -12.601133481267578, -2.720397985842123, -0.685062288421017, -1.2121704694814484, 16.673207166800676, -4.861188825700101, -14.7634633217928 }, new double[] { -0.1990509033203125, -1.0623321533203125, 0.4989013671875, -1.1838607788085938, -6.0377655029296875, 2.869293212890625, 6.3062591552734375, -8.135765075683594, -1.213470458984375, 2.9052200317382812, -13.384780883789062, 2.805816650390625, -8.245750427246094, 9.845558166503906, 1.86334228515625, 2.0946884155273438, -14.531753540039062, 3.727386474609375 }, new double[] { -0.006476467889424259, -0.14016460206915374, -0.042682554706091315, -0.13184594310791523, -0.036663864845471565, -0.8058635170918583, -0.24379112458213392, -0.7581102756353347, -0.07122594953776568, 0.30301157859500527, -0.14736543361707363, 0.29607268395132647, -0.09654971879213536, -0.814489776892539, -0.41368188228281194, -0.7585155880938194, 0.08789086198085595, -0.47465070453308905, 0.16425553428377826, -0.46071253172357784, -0.10189722071061007, -1.0705181728871953, -0.47341949616121315, -1.000188981792983 } },
                new[] { new float[] { 0.859375f, 0.796875f, -0.90625f, -0.46875f, -0.21875f, -0.5f, -0.640625f, 0.75f, -0.953125f, -0.640625f, 0.515625f, -0.546875f }, new float[] { -0.484375f, 0.9375f, 0.53125f, -0.109375f, -0.734375f, -0.46875f, 0.96875f, 0.578125f, -0.859375f, 0.40625f, -0.25f, 0.4375f, -0.40625f, -0.734375f, -0.953125f, -0.40625f, 0.71875f, 0.78125f }, new float[] { 0.359375f, 0.5f, -0.609375f, -0.296875f, 0.796875f, 0.96875f, -0.109375f, 0.546875f, 0.859375f, 1.0f, -0.40625f, 0.3125f, -0.21875f, -0.0625f, -0.078125f, -0.4375f, -0.96875f, 0.53125f, 0.390625f, 0.6875f, -0.6875f, -0.53125f, 0.1875f, 0.875f } },
                13.463096564304927,
                new[] { new double[] { 8.150902227990658, 24.386654933875242, 2.4824908256998905, 0.7514406070211305, 7.612456392668413, -3.966909954429614, -7.247488382383887, -7.6865572267021065, -12.324369953682442, -9.610301254571748, -0.28165017273746507, 6.714275727333685 }, new double[] { -2.7735671997070312, 10.900588989257812, -0.8943328857421875, -1.682525634765625, -7.3330535888671875, 10.054634094238281, 9.075164794921875, -2.5366744995117188, 4.0821685791015625, -3.0655670166015625, 7.002296447753906, 14.014289855957031, -7.812553405761719, -13.413459777832031, -1.2527999877929688, 4.469383239746094, 0.0647735595703125, 12.781761169433594 }, new double[] { 0.08937453381658621, 0.8834540389481338, 0.2526232797983543, 0.3481982407335708, 0.008630129613407415, 0.6653653885851709, -0.730829128727976, -2.111814906301847, 0.35726683905362455, -0.7196884977159833, 0.023363436950668753, 0.4193299490395766, 0.4009407419421177, 0.8592782931390359, -0.43120122029526176, -1.9269373008804696, -0.5756482249695668, 0.13331964705988808, -0.584737081391794, -1.5633362939133084, 0.31987747447135545, 2.138848752132321, -0.6248391500176406, -1.5844655536832772 } }),
            ["MatMulRanks"] = new(
                new[] { In(new float[] { 0.765625f, -0.484375f, -1.265625f }, 3), In(new float[] { -1.109375f, -0.953125f, -0.59375f, -0.15625f, 1.28125f, -0.671875f }, 2, 3), In(new float[] { 1.203125f, 0.546875f, 1.0625f, -0.296875f, -1.484375f, 0.859375f, -0.765625f, -1.078125f, 0.90625f, 0.5625f, -0.859375f, -0.703125f, 1.3125f, -0.6875f, 0.609375f, -1.109375f }, 2, 4, 2) },
                11.904670586138264,
                new[] { new double[] { -3.1820106506347656, -0.07543563842773438, -4.845546722412109 }, new double[] { 2.7916113940678784, -1.1461354120635874, -3.524642099300966, 1.5699223594523586, -1.5977120369084998, -3.755836440911174 }, new double[] { -0.5129716051622258, 0.15336760550395462, -0.4981082252196164, 0.01497611235422891, -0.3751363387315268, -0.09865033118444634, -0.5378065683937003, 0.1372419950274563, -0.5668177846361808, 0.15217032443364256, -0.5672236721803741, 0.1568115779406095, -0.4166289834279169, -0.06791673044809124, -0.503549586674293, -0.0643368617917606 } },
                new[] { new float[] { -0.0625f, -0.59375f, 0.1875f }, new float[] { 0.921875f, 0.734375f, 0.796875f, -0.171875f, -0.46875f, 0.734375f }, new float[] { 0.578125f, 0.703125f, -0.21875f, -0.421875f, -0.515625f, 0.734375f, 0.84375f, -0.265625f, 0.75f, -0.234375f, -0.109375f, 0.140625f, -0.5625f, -0.46875f, -0.46875f, -0.484375f } },
                -4.319467899481137,
                new[] { new double[] { 0.39167022705078125, -1.8266181945800781, 11.752754211425781 }, new double[] { -0.17272782019308594, -1.0987063330786986, 0.8642990305166907, -3.237653874878406, 0.025562405509530484, 4.537574604461523 }, new double[] { 0.3630962221564572, 0.027614729771824442, 0.2517369107808547, 0.08588273381992362, 0.251287280951432, 0.09219322749781214, 0.3285772925995524, -0.2466901935992243, 0.49088211299380347, -0.0619311996541206, 0.39242270399872314, -0.0873753068057706, 0.08455412894795433, 0.16228968677033612, 0.34609682736207575, 0.16498324255639002 } }),
            ["JoinInTheMiddle"] = new(
                new[] { In(new float[] { 0.9375f, -1.140625f, 0.046875f, -1.390625f, 0.15625f, 1.046875f }, 2, 3), In(new float[] { -1.25f, -0.671875f, 0.796875f, 0.328125f, -0.5625f, 0.390625f }, 2, 3), In(new float[] { -0.140625f, 1.09375f, -0.625f, 0.765625f, 0.40625f, 0.71875f, -0.359375f, 0.671875f, 0.59375f, -0.34375f, -1.421875f, 1.390625f }, 6, 2) },
                19.573248834776336,
                new[] { new double[] { 16.093559826575998, 14.93279579944586, 7.045900901575802, 7.447672241716032, 7.841708047615324, 2.547000942548327 }, new double[] { 1.5634793831470655, -2.6131664240442944, 32.36799361806249, 4.167627775998828, -1.318385738456945, 11.423377725117847 }, new double[] { 0.18422251055610595, 4.714482405981238, 7.243200128635731, -14.915016001295273, -5.41939255993013, 6.908717259236757, -4.380608027519269, 6.139754589294658, -3.177094298384393, 5.251284603022475, -11.376386616863995, 19.830544634436123 } },
                new[] { new float[] { 0.03125f, -0.796875f, 0.5625f, -0.65625f, -0.109375f, 0.28125f }, new float[] { -0.71875f, -0.1875f, 0.125f, 0.09375f, 0.78125f, 0.5625f }, new float[] { -0.765625f, 0.671875f, 0.09375f, 0.359375f, -0.6875f, -0.0625f, 0.40625f, 0.59375f, 0.609375f, -0.5625f, 0.671875f, 0.140625f } },
                -9.502983416204675,
                new[] { new double[] { 16.38305659229276, 2.8049544760122487, 7.5635185511306675, 1.262292916886085, -7.3788201593904015, 3.250174854483486 }, new double[] { -0.38118556709518214, -2.1691233593947485, -3.5873487434047715, -2.5810936352455105, -0.38748241529404215, -9.45522549558812 }, new double[] { -4.546011933667087, 5.774621666423559, 1.702013883740503, -15.110340083959024, 4.173226917955005, 4.227274880588874, 7.267623870796761, -4.282143234426037, 3.069572007817783, -0.21991818590267076, 9.176604557582118, 3.1273463849472165 } }),
            ["NarrowChunks"] = new(
                new[] { In(new float[] { 0.640625f, -0.890625f, 0.6875f, -0.65625f, -0.09375f, 1.078125f, -0.15625f, -0.640625f, -0.578125f, -1.265625f, -0.84375f, -0.6875f }, 2, 6) },
                2.205638686130964,
                new[] { new double[] { 0.4425361352150235, 0.5287035011768684, 0.09485601010708597, -0.3100333649005596, 0.6650572783943555, 1.547806172875498, -0.6467840539660004, -0.36452626469693356, 0.06474266489208177, 0.1821475599251571, -1.7998012953625318, -1.6568840965494256 } },
                new[] { new float[] { 0.34375f, 0.703125f, -0.1875f, 0.84375f, 0.765625f, 0.609375f, -0.234375f, 0.0625f, -0.65625f, 0.515625f, 0.78125f, -0.671875f } },
                1.5842329808047797,
                new[] { new double[] { 1.2599624922432535, 0.7586388571198384, 0.3328013826007214, -0.11075019587531916, 1.9352341347482527, 1.3610856484300555, 0.789856885813445, -0.46113275750134464, 0.03331827342217103, 0.1919866531182811, 1.4412614620636481, -1.4296183406896095 } }),
            ["RangesAndSteps"] = new(
                new[] { In(new float[] { -0.984375f, -1.3125f, -0.109375f, -0.859375f, 0.71875f, 1.265625f, -0.6875f, 0.21875f, 0.015625f, -1.28125f, -1.125f, 1.15625f, -0.078125f, 0.90625f, -1.296875f, 0.28125f, 1.09375f, 1.09375f, -1.484375f, 0.0625f }, 4, 5) },
                5.651992604717101,
                new[] { new double[] { 2.906982421875, 5.90625, 0.035888671875, 5.423426641285263, 4.648546460987976, 7.336669921875, 3.625, 0.5810546875, 6.0469977085866855, 3.68686965845379, 1.8919067777702523, 7.640404985603694, 0.8559817808942611, 8.457591716239587, 4.0309868449787984, -0.6346800670437001, 3.5659335048245735, 2.154800692324574, 3.615651733248473, 1.3223171089723293 } },
                new[] { new float[] { 0.484375f, 0.390625f, -0.921875f, 0.828125f, -0.046875f, -0.46875f, -0.9375f, 0.5625f, -0.328125f, 0.03125f, -0.609375f, 0.21875f, -0.203125f, 0.609375f, 0.328125f, 0.4375f, -0.5f, -0.875f, 0.765625f, 0.875f } },
                6.376143559289327,
                new[] { new double[] { -2.86083984375, 0.609375, 0.60498046875, 0.35065018731435826, 0.40479530749275106, -4.4970703125, -1.875, 1.86328125, -0.9895422168800063, 0.534068436592306, 2.5542140970899867, 0.3198907679504604, -0.3425164850347079, 2.6945347535765842, -0.9579145055918707, 1.7039889710014415, 1.4771092602616656, -4.047871294542085, 1.617844213390382, 3.0413754266776354 } }),
            ["OverlappingSlices"] = new(
                new[] { In(new float[] { -0.390625f, 0.78125f, -1.28125f, -0.703125f, 0.9375f, -0.09375f }, 6) },
                -3.8037109375,
                new[] { new double[] { -0.5, -4.376953125, 3.037109375, 0.6669921875, -1.665771484375, 0.17578125 } },
                new[] { new float[] { 0.28125f, 0.84375f, 0.40625f, 0.21875f, -0.15625f, -0.28125f } },
                -2.2431106567382812,
                new[] { new double[] { 1.25, -0.62109375, 1.3740234375, 0.4013671875, -0.1806640625, -0.07421875 } }),
            ["RepeatedIndices"] = new(
                new[] { In(new float[] { -0.140625f, 1.40625f, -0.546875f, -1.375f, -0.328125f, -1.046875f, -1.25f, 0.203125f, 1.359375f, 0.234375f, 0.4375f, -0.53125f }, 3, 4) },
                2.672863591603238,
                new[] { new double[] { -0.4587413668692222, 0.10375863313077788, -2.083741366869222, 0.10375863313077788, 0.008875504563653425, -2.0848744954363467, 0.008875504563653425, 0.41512550456365344, 0.44816890703380646, 0.9169189070338064, 0.44816890703380646, -0.6143310929661936 } },
                new[] { new float[] { -0.015625f, -0.5625f, -0.140625f, 0.015625f, -0.9375f, -0.21875f, -0.4375f, 0.265625f, 0.625f, 0.234375f, 0.328125f, 0.234375f } },
                1.295661158770013,
                new[] { new double[] { -0.1354552889200782, -0.07295528892007819, -0.6354552889200782, -0.07295528892007819, -0.011787779498602205, -0.4492877794986022, -0.011787779498602205, 0.5194622205013978, 0.6372401646886935, 1.1059901646886936, 0.6372401646886935, 1.1059901646886936 } }),
            ["ScatterAddBoth"] = new(
                new[] { In(new float[] { 0.21875f, 0.75f, 0.265625f, 0.90625f, 0.15625f, -0.90625f, 0.25f, -0.03125f, -1.0f, 0.359375f, 0.953125f, -1.09375f }, 4, 3), In(new float[] { 0.140625f, 0.703125f, -0.296875f, -0.6875f, -0.390625f, 0.125f, 0.5625f, 0.171875f, -1.171875f }, 3, 3) },
                8.324427901283665,
                new[] { new double[] { 0.24336558206315673, 2.0965858082813313, -1.3299320537234387, 2.2950679462765615, 1.9616576919687205, -1.3299320537234387, 1.440014848806378, 0.9365240729312235, -1.2454830992533792, 2.3155361512026547, 2.3568806585930453, -2.5614835860200103 }, new double[] { 0.24336558206315673, 1.9616576919687205, -2.5614835860200103, 0.24336558206315673, 1.9616576919687205, -1.2454830992533792, 2.3155361512026547, 1.9616576919687205, -1.3299320537234387 } },
                new[] { new float[] { -0.484375f, -0.25f, 0.6875f, 0.890625f, -0.640625f, -0.984375f, 0.921875f, 0.71875f, 0.21875f, 0.640625f, 0.1875f, 0.8125f }, new float[] { -0.515625f, -0.109375f, 0.34375f, -0.5625f, 0.421875f, -0.46875f, 0.421875f, 0.609375f, -0.15625f } },
                4.546449432097605,
                new[] { new double[] { -4.015717824854931, -0.3105395744304946, 1.4313196695466042, 1.1629346716424576, 0.34613355947565905, -2.652151152395178, 1.4192686379641346, 1.4823634314952925, -0.6775661368581412, 1.3963667015423185, 0.2497481316482676, 2.761405972580044 }, new double[] { -4.015717824854931, 0.34613355947565905, 2.761405972580044, -4.015717824854931, 0.34613355947565905, -0.6775661368581412, 1.3963667015423185, 0.34613355947565905, 1.4313196695466042 } }),
            ["ScatterOverwrite"] = new(
                new[] { In(new float[] { 0.953125f, 1.265625f, -1.203125f, -0.75f, -0.984375f, 1.046875f, 1.234375f, -1.359375f, -0.5f, -0.921875f }, 2, 5), In(new float[] { -0.09375f, 1.265625f, -1.296875f, -0.984375f, -0.03125f, 0.078125f }, 2, 3) },
                6.67944166872775,
                new[] { new double[] { 3.545307861223541, 8.032338123084585, 0.27338478699614155, 0.1180916381852537, 0.9105103613800342, 1.0812578074490395, 0.373672699406043, -0.09229513315326665, 0.9692332344763441, 0.031075977966141533 }, new double[] { -0.8962836369834711, 3.3791215552286875, -0.3289160718547328, 0.4612522383293343, -0.48461661723817206, 1.1319417671732133 } },
                new[] { new float[] { 0.984375f, 0.265625f, 0.515625f, -0.953125f, -0.78125f, 0.421875f, 0.890625f, 0.25f, 0.828125f, -0.875f }, new float[] { 0.78125f, 0.75f, 0.25f, -0.140625f, 0.40625f, -0.515625f } },
                7.38840683847352,
                new[] { new double[] { 2.6589808959176557, 3.075312214581846, 0.06834619674903539, -0.5627804632265996, 0.7113362198281517, -0.557523556965911, -0.05254772335397479, 0.041131526731347096, 0.39375100150601483, -0.3752424339411591 }, new double[] { -1.4115578112214886, 6.024253592313439, 0.058735012831202284, 0.2679386518934444, 0.6057707715477151, -0.12750183618112454 } }),
            ["EmbeddingLookup"] = new(
                new[] { In(new float[] { 0.734375f, -0.1875f, -1.078125f, -0.4375f, 1.453125f, 0.75f, -1.15625f, 0.921875f, -0.5625f, 0.84375f, -1.46875f, 1.109375f, -1.015625f, -0.125f, 0.484375f }, 5, 3) },
                6.363281249999998,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.7604166666666666, -0.13541666666666666, 0.5208333333333334, 0.0, 0.0, 0.0, 1.65625, -4.21875, 4.125, 0.4479166666666667, -2.0416666666666665, 1.8020833333333333 } },
                new[] { new float[] { 0.328125f, 0.390625f, 0.078125f, -0.484375f, -1.0f, -0.609375f, 0.671875f, -0.578125f, -0.84375f, -0.5f, 0.03125f, 0.171875f, 0.75f, 0.703125f, 0.9375f } },
                -0.21142578125,
                new[] { new double[] { 0.0, 0.0, 0.0, -0.65625, -0.6458333333333333, -0.2916666666666667, 0.0, 0.0, 0.0, -0.9895833333333333, 0.375, 1.4166666666666665, -0.16666666666666663, 0.5104166666666666, 0.8541666666666666 } }),
            ["WhereBroadcast"] = new(
                new[] { In(new float[] { 0.03125f, -1.0f, -1.078125f, -0.640625f, -1.34375f, -0.84375f, -1.109375f, -0.109375f, -0.4375f, 0.265625f, -0.65625f, -1.390625f }, 3, 4), In(new float[] { -0.5f, 0.765625f, -0.734375f, -0.28125f }, 4), In(new float[] { 1.0f, 0.0f, 1.0f }, 3, 1), In(new float[] { 1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 1.0f, 1.0f, 0.0f, 0.0f, 0.0f, 1.0f, 1.0f }, 3, 4) },
                1.1663351160646558,
                new[] { new double[] { 1.1567434074991028, 9.419974341614026, 10.833121037783881, -2.035537030756629, -1.2613784249622504, 0.43009464064006225, 0.3297649998062575, 0.1443818737879794, 2.553266339272482, 1.5676439707171215, -2.1062068343461107, -5.3135803187963395 }, new double[] { -4.03125, 2.0, 2.0, -0.328125 } },
                new[] { new float[] { 0.765625f, -0.09375f, -0.71875f, 0.90625f, -0.546875f, 0.25f, -0.46875f, 0.640625f, -0.59375f, -0.15625f, -0.5625f, 0.71875f }, new float[] { 0.234375f, 0.265625f, -0.375f, -0.640625f } },
                -14.241954732450456,
                new[] { new double[] { 3.8524285463665007, 1.6275281242078852, 13.524520384065744, 4.102560190876805, 0.4753909041691727, 0.10752366016001556, -0.15457734365918321, -1.7839509933184106, 4.26982933918623, -0.6714251638639017, -2.5418211556803127, 3.053911020865131 }, new double[] { -1.640625, 0.0, 0.0, 1.921875 } }),
            ["ClampAtBounds"] = new(
                new[] { In(new float[] { -1.0f, 1.0f, 0.0f, 0.5f, 2.0f, -3.0f, 0.25f }, 7) },
                12.5625,
                new[] { new double[] { -2.0, 2.0, 3.0, 4.0, 1.0, -1.0, 3.5 } },
                new[] { new float[] { 0.71875f, 0.53125f, 0.46875f, 1.0f, 0.125f, -0.640625f, 0.21875f } },
                6.5625,
                new[] { new double[] { 1.4375, 1.0625, 0.9375, 2.0, 0.0, 0.0, 0.4375 } }),
            ["PowTensorExponent"] = new(
                new[] { In(new float[] { 1.578125f, 0.96875f, 1.796875f, 1.859375f }, 4), In(new float[] { -0.5625f, 0.703125f, -0.734375f, -1.078125f }, 4) },
                2.9142137052966453,
                new[] { new double[] { -0.2757570278898992, 0.7097835612170595, -0.26575929282406724, -0.2970919238133629 }, new double[] { 0.3529688484880227, -0.03104781461180421, 0.3810854823923969, 0.31779625464690114 } },
                new[] { new float[] { -0.421875f, 0.03125f, -0.078125f, 0.125f }, new float[] { 0.84375f, 0.625f, -0.171875f, 0.640625f } },
                0.5386434268306637,
                new[] { new double[] { 0.19229961721179128, 0.6100372085749014, -0.0554700721661061, 0.0999914172634605 }, new double[] { -0.01786591456036507, 0.031457806361435754, -0.05449012010696938, 0.1376855328595047 } }),
            ["PowEdges"] = new(
                new[] { In(new float[] { 0.0f, -1.5f, 2.0f, -0.25f, 0.75f }, 5) },
                33.80761877828054,
                new[] { new double[] { 2.0, -0.7159763313609471, 29.84, 1.9429065743944638, 6.2606 } },
                new[] { new float[] { 0.71875f, 0.546875f, 0.109375f, 0.796875f, -0.015625f } },
                5.760132245257571,
                new[] { new double[] { double.NaN, 1.2769543695949022, 2.8629999999999995, 0.5141652249134947, -0.177507 } }),
            ["SqrtNearZero"] = new(
                new[] { In(new float[] { 0.0f, 0.001f, -0.5f, 2.0f }, 4), In(new float[] { 1e-06f, 0.01f, 4.0f }, 3) },
                4.60200100050125,
                new[] { new double[] { 0.0, 0.999999500000375, -0.999999999998, 0.999999999999875 }, new double[] { 500.0, 5.0, 0.25 } },
                new[] { new float[] { -0.78125f, -0.453125f, 0.3125f, -0.234375f }, new float[] { -0.15625f, -0.203125f, -0.609375f } },
                -80.29296852343701,
                new[] { new double[] { -781250.0, -0.00045312432030186756, 2.5000002068509275e-12, -2.929601006229632e-14 }, new double[] { 39062500.0, 50.78125, 0.01904296875 } }),
            ["ExpLogChain"] = new(
                new[] { In(new float[] { -0.1875f, 0.3125f, 1.3125f, -1.0625f, 0.640625f }, 5) },
                16.466664775112797,
                new[] { new double[] { 0.7956648327460019, 1.8702313449270014, 4.50093065108797, -2.009247892287587, 2.5760365385275352 } },
                new[] { new float[] { -0.8125f, -0.90625f, 0.34375f, -0.359375f, -0.09375f } },
                -0.3136098858308368,
                new[] { new double[] { -1.8919432562008573, -1.8832117280976624, 1.2774444714841784, -1.6183957940475846, -0.2131356106502716 } }),
            ["Saturation"] = new(
                new[] { In(new float[] { -30.0f, 30.0f, 0.0f, 5.0f }, 4) },
                8.49321635333822,
                new[] { new double[] { 1.0000000000000935, 1.000000000000187, 2.25, 1.0068296399017338 } },
                new[] { new float[] { 0.875f, 0.25f, 0.625f, 0.53125f } },
                3.066128246197925,
                new[] { new double[] { 8.187920097732088e-14, -4.6740389336710356e-14, 0.0, -0.0036774194163168286 } }),
            ["Reused"] = new(
                new[] { In(new float[] { -0.078125f, -1.109375f, 1.421875f, 0.59375f }, 4) },
                6.328176213731888,
                new[] { new double[] { -0.15512321369853418, 4.162889780624237, 20.499613402075536, 1.206493924134672 } },
                new[] { new float[] { 0.90625f, -0.859375f, -0.234375f, 0.90625f } },
                -7.429275590002658,
                new[] { new double[] { 1.7710789869284698, 14.386864575904522, -12.264900444586033, 3.2764385082084733 } }),
            ["InPlaceLooking"] = new(
                new[] { In(new float[] { -1.109375f, 1.21875f, -1.1875f, -1.21875f }, 4), In(new float[] { -0.5f, 1.3125f, -1.40625f, 1.25f }, 4) },
                -935.3923816350868,
                new[] { new double[] { -19.405015117458376, 30.799390556621162, -26.871385198308033, 9939.7447977476 }, new double[] { -4.006608544916977, -2.133940858712579, 2.2630306635814, -3815.814518546348 } },
                new[] { new float[] { -0.078125f, 0.890625f, -0.625f, -0.875f }, new float[] { 0.796875f, -0.171875f, 0.015625f, 0.875f } },
                -11993.163697232741,
                new[] { new double[] { 1.9801370857147544, 103.84024961152406, -59.1139716217204, 133309.86743071617 }, new double[] { -11.220333377051688, -6.617845166572945, 3.9562773535581837, -50426.47482862834 } }),
            ["LoopPowers3"] = new(
                new[] { In(new float[] { 0.328125f, -1.296875f, 0.203125f, -0.125f }, 4) },
                1.6197194106692523,
                new[] { new double[] { 1.1306394170969725, -3.276925863698124, 0.5638270359486341, -0.20989990234375 } },
                new[] { new float[] { -0.5625f, 0.9375f, -0.203125f, -0.5f } },
                -3.7176800848392295,
                new[] { new double[] { -3.052819959819317, 7.131851501762867, -0.7585001494735479, -0.704833984375 } }),
            ["LoopPowers0"] = new(
                new[] { In(new float[] { 0.328125f, -1.296875f, 0.203125f, -0.125f }, 4) },
                0.0,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.0 } },
                new[] { new float[] { -0.53125f, 0.03125f, -0.0625f, 0.765625f } },
                0.0,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.0 } }),
            ["UnrolledRnn"] = new(
                new[] { In(new float[] { 0.1875f, 0.71875f, 0.53125f, 1.484375f, -1.03125f, 0.9375f, -0.265625f, 0.84375f, 1.171875f, 1.46875f, -0.703125f, -0.140625f }, 4, 3), In(new float[] { 1.328125f, 1.34375f, -0.375f, 1.328125f, -0.28125f, -0.375f }, 3, 2), In(new float[] { 0.765625f, -0.09375f, -0.15625f, -0.34375f }, 2, 2), In(new float[] { -0.203125f, -1.078125f }, 2) },
                3.5454456833509522,
                new[] { new double[] { 0.9975657107566769, -3.2190458776764066, -0.05566829745255353, -0.8092309887916697, -1.794205709982244, 0.2785003414475745, 1.358451999480729, -2.4612624386679864, -0.1776250178794021, -0.9136363335763668, -1.426088858057792, 0.28267346718443986 }, new double[] { 1.1982895882740698, -3.206235694846224, 2.867046420114667, -0.3480422647882968, 4.4737745415255485, -3.311637607304684 }, new double[] { 1.7607591484607377, -0.3345668928325616, -1.6405883072036962, 1.39996320553718 }, new double[] { 5.644661038396088, -5.107843760930557 } },
                new[] { new float[] { -0.890625f, -0.90625f, -0.6875f, 0.21875f, 0.5625f, -0.046875f, 0.234375f, 0.28125f, -0.96875f, -0.5f, 1.0f, -0.34375f }, new float[] { 0.890625f, -0.015625f, -0.5625f, -1.0f, -0.5625f, -0.359375f }, new float[] { -0.125f, -0.109375f, 0.09375f, -0.046875f }, new float[] { -0.9375f, -0.46875f } },
                -5.174671400203706,
                new[] { new double[] { -12.891218111002374, 5.045850231959989, 2.3982124252246946, -8.137618672520505, -4.383402609779665, 2.3397650843215954, -11.34132636811321, 4.420190888198423, 1.9633535832425224, -1.8094529372459676, -1.4544188457703913, 0.7764472734175029 }, new double[] { -3.8964269488637955, -7.72028148054974, -16.244523613831785, 5.919577446092499, -24.380106492004955, -0.6101150568426915 }, new double[] { -10.836931021022693, 6.79929301529843, 7.9896339027293015, 4.0730159469225695 }, new double[] { -24.012453495849222, -5.503376808032271 } }),
            ["BranchMode0Exp"] = new(
                new[] { In(new float[] { 0.5f, -0.25f, 1.0f, 0.75f, -1.0f, 0.125f }, 2, 3), In(new float[] { 0.5f, 0.5f, -0.5f, 0.25f, 0.375f, -0.75f }, 2, 3) },
                5.577082868576957,
                new[] { new double[] { 0.6420127083438707, 0.4412484512922977, -0.3032653298563167, 0.30155756235524517, 0.2577334795466146, -0.6828827710350256 }, new double[] { 0.6420127083438707, -0.22062422564614886, 0.6065306597126334, 0.9046726870657356, -0.6872892787909722, 0.11381379517250427 } },
                new[] { new float[] { 0.921875f, -0.9375f, 0.46875f, -0.046875f, 0.40625f, -0.328125f }, new float[] { -0.265625f, 0.03125f, 0.8125f, -0.34375f, -0.828125f, -0.921875f } },
                0.8193041773306129,
                new[] { new double[] { -0.1304088313823487, -0.18270443686321702, 0.31748089219333153, -0.49592083496702427, -0.3164618114745541, -0.9287383520131306 }, new double[] { 1.3943713509343443, -0.7221996136385654, 0.6349617843866631, -0.300379603127295, -0.3946543905557536, -0.28386761022517176 } }),
            ["BranchMode1Sigmoid"] = new(
                new[] { In(new float[] { 0.5f, -0.25f, 1.0f, 0.75f, -1.0f, 0.125f }, 2, 3), In(new float[] { 0.5f, 0.5f, -0.5f, 0.25f, 0.375f, -0.75f }, 2, 3) },
                -0.5659413129942572,
                new[] { new double[] { 0.17407736394947373, 0.19039088080018324, -0.23933143135231166, 0.2812447799479993, 0.32340422134075864, -0.44988254551903684 }, new double[] { 0.4368391759917756, -0.4645769594489884, 0.3321321347867297, 0.3182107157593942, -0.36990256484349404, 0.1726675761984352 } },
                new[] { new float[] { 0.765625f, -0.375f, -0.765625f, 0.1875f, 0.6875f, 0.203125f }, new float[] { -0.703125f, -0.1875f, -0.46875f, -0.96875f, 0.9375f, -0.078125f } },
                -0.6154603087706751,
                new[] { new double[] { -0.39367865825594384, -0.005901058744593984, -0.046974514766521716, -0.8495576781396643, -0.11705181439976692, 0.4889490807947057 }, new double[] { 0.20753092509111049, 0.2297464963860194, -0.2504876984932227, -0.5453699830123175, 1.1047283397565304, -0.19991013163806226 } }),
            ["BranchMode2Sigmoid"] = new(
                new[] { In(new float[] { 0.5f, -0.25f, 1.0f, 0.75f, -1.0f, 0.125f }, 2, 3), In(new float[] { 0.5f, 0.5f, -0.5f, 0.25f, 0.375f, -0.75f }, 2, 3) },
                3.762044123022301,
                new[] { new double[] { 0.0, -0.8425999444967535, 1.041294154299143, 0.7399611873026518, -1.019678165413856, 0.8874809848653668 }, new double[] { -0.0, 0.8425999444967535, -1.041294154299143, -0.7399611873026518, 1.019678165413856, -0.8874809848653668 } },
                new[] { new float[] { -0.734375f, 0.765625f, 0.96875f, 0.625f, -0.5f, -0.625f }, new float[] { 0.046875f, 0.171875f, 0.75f, 0.9375f, 0.828125f, -0.3125f } },
                0.5731737638457617,
                new[] { new double[] { -0.0, 0.223978397783918, 0.034168221710773654, -0.13788407093032143, -0.25244692510801164, -0.10641388421448 }, new double[] { 0.0, -0.223978397783918, -0.034168221710773654, 0.13788407093032143, 0.25244692510801164, 0.10641388421448 } }),
            ["LoopWithBreak3"] = new(
                new[] { In(new float[] { 0.0625f, 0.75f, 0.5625f }, 3) },
                6.841540231259755,
                new[] { new double[] { 1.3265064698389888, 9.556763108976714, 7.970700277538141 } },
                new[] { new float[] { 0.171875f, -0.75f, 0.03125f } },
                -6.690494648555893,
                new[] { new double[] { 3.4013882574726924, -5.807198084940871, 0.28987315336899805 } }),
            ["LoopWithBreak9"] = new(
                new[] { In(new float[] { 0.0625f, 0.75f, 0.5625f }, 3) },
                11.7034971299261,
                new[] { new double[] { 13.027667457366988, 4.750000175899331, 5.533816309350269 } },
                new[] { new float[] { -0.859375f, -0.78125f, -0.75f } },
                -19.05695159060881,
                new[] { new double[] { 39.86416733418636, 2.653738793547226, 3.864949389306189 } }),
            ["HelperCalls"] = new(
                new[] { In(new float[] { 0.515625f, 0.90625f, -0.8125f, -0.796875f }, 4), In(new float[] { -0.671875f, -0.59375f, 0.78125f, -0.375f }, 4) },
                2.121624150067182,
                new[] { new double[] { 0.8854795585697035, 2.1624249058950222, -0.45792678636207595, -0.48981666938104634 }, new double[] { 0.07035436736195279, 0.04614130786615499, -0.0973334931929713, -0.14027894012739814 } },
                new[] { new float[] { -0.390625f, -0.375f, 0.40625f, -0.84375f }, new float[] { -0.78125f, 0.3125f, 0.34375f, 0.421875f } },
                -1.0627334913909414,
                new[] { new double[] { -1.0685898416389106, -1.2656976899180254, 0.21581710891200392, -0.34022393757360164 }, new double[] { -0.05592341589554167, 0.08170846252886657, 0.020404136189583214, -0.023064207818109132 } }),
            ["ScalarBroadcast"] = new(
                new[] { In(new float[] { 0.65625f, 1.046875f, 0.484375f, 0.390625f }, 4) },
                2.6758810728788376,
                new[] { new double[] { 1.4558601379394531, 6.648616790771484, -0.8289527893066406, -2.075214385986328 } },
                new[] { new float[] { 0.4375f, 0.328125f, 0.109375f, 0.484375f } },
                1.7226675152778625,
                new[] { new double[] { 2.1133460998535156, 6.135372161865234, -4.658008575439453, -0.987201690673828 } }),
            ["ShapeShuffle"] = new(
                new[] { In(new float[] { 0.59375f, 0.765625f, -0.609375f, 0.40625f, -1.390625f, -0.28125f }, 2, 3) },
                5.790814012386421,
                new[] { new double[] { 4.789759210048303, 5.912717039547319, -0.3019664205535162, 3.7750875465858367, -2.6587178364901902, 0.904931209385899 } },
                new[] { new float[] { -0.84375f, -0.578125f, 0.484375f, -0.609375f, 0.0625f, -0.484375f } },
                -10.510853749949835,
                new[] { new double[] { -5.006505257758388, -4.158680656804348, 1.7059788140283958, -3.020079032605786, 0.15874552712787193, -1.8427244490795147 } }),
            ["ConvNet"] = new(
                new[] { In(new float[] { 0.234375f, -0.734375f, -0.453125f, 0.328125f, 0.265625f, -1.03125f, 0.625f, -1.265625f, 1.40625f, -0.890625f, -0.734375f, -0.90625f, 1.46875f, -0.640625f, 0.3125f, 1.46875f, 1.34375f, -1.375f, 0.0625f, 0.296875f, 0.609375f, -0.5f, -0.515625f, -1.484375f, -1.390625f, 0.15625f, -1.265625f, -0.890625f, -0.5f, -1.28125f, -1.40625f, 1.28125f, -0.1875f, -0.890625f, 0.625f, -1.46875f, -0.765625f, 1.375f, 1.1875f, 0.40625f, -1.21875f, -0.546875f, -1.421875f, -0.84375f, -1.421875f, -1.125f, 0.40625f, -1.203125f, -1.03125f, 1.203125f, -0.5f, -0.5f, -1.234375f, 0.890625f, 0.53125f, 0.140625f, 0.359375f, -1.203125f, -0.71875f, 0.25f, 1.359375f, 0.953125f, 0.421875f, 0.0625f }, 2, 2, 4, 4), In(new float[] { -0.7265625f, 0.5859375f, -0.6484375f, -0.5546875f, 0.2890625f, 0.46875f, 0.4296875f, -0.0703125f, -0.484375f, -0.6953125f, 0.5234375f, 0.71875f, -0.3828125f, 0.546875f, -0.1484375f, -0.28125f, 0.0078125f, -0.734375f, -0.0859375f, -0.453125f, 0.3203125f, 0.0f, 0.5546875f, 0.59375f, -0.2734375f, -0.328125f, 0.65625f, 0.0078125f, -0.6015625f, -0.6796875f, 0.734375f, 0.1171875f, -0.671875f, 0.015625f, 0.0078125f, -0.09375f, 0.6796875f, 0.671875f, -0.5625f, -0.5234375f, -0.140625f, 0.5f, 0.1875f, 0.34375f, 0.1171875f, -0.4375f, 0.4765625f, -0.7265625f, 0.296875f, -0.4609375f, -0.046875f, 0.7109375f, 0.0546875f, -0.6640625f }, 3, 2, 3, 3), In(new float[] { -0.21875f, 0.484375f, -1.328125f }, 3), In(new float[] { -0.734375f, -1.4375f, 0.125f, -0.359375f, 0.015625f, -0.609375f, 0.46875f, -0.984375f, 1.21875f, 1.375f, -0.015625f, -0.109375f, 1.078125f, -0.625f, 0.90625f, -0.640625f, 0.65625f, -0.5f, 0.3125f, 1.28125f, -1.34375f, 0.921875f, 0.125f, -0.359375f }, 12, 2) },
                76.66360668281993,
                new[] { new double[] { 7.560506534003825, -3.2099814603829553, 0.4490593325657148, 2.1127237792954676, -9.927563931430793, 7.145667497568797, -6.699853746082496, 1.6438043913459066, 6.092243916165359, -10.033738165472945, 1.1153264920123747, 13.107395974212086, -6.037377607749982, -0.47323412979366575, -2.349948127391852, 10.593169130195209, 7.233227868529932, -7.288891423683337, 3.8221398204978967, -0.452607096241856, -10.647105139335272, 9.62913917074049, -5.502836177194561, -10.398504271482429, 10.797760025822315, -4.73713446744821, -14.521782839843244, -1.9546876042494896, 8.264517649318334, 9.112411363516003, -12.42044112055252, 4.875689200125635, -9.888847956382152, 18.083850972354412, -8.315398107351804, -11.606895916250155, -8.314943574248225, -4.295252425095962, 0.06350606115948672, -1.4938146408854263, 2.627075833647892, -11.403000404316657, -14.215362806235335, -6.064862107616607, -4.456076736079046, 2.4596018456612474, 25.31988243755229, 15.485191158691627, -10.505871536641347, 6.690440339484701, 28.441381103065968, 3.7115030129336652, -14.305421104637423, -8.266922467301978, 11.235041008813788, 5.494577701617448, -9.872262494621316, -14.410574930547565, -15.673941758237088, -2.0494264355446727, 6.9625040605940205, 13.496105057549562, -0.22131657241671082, -14.530872008590787 }, new double[] { -33.68285277144363, -44.64319785018624, -27.696427425990503, -31.988808108976595, 46.53099917478997, -2.468950425274673, -24.973986078778076, -4.9226700471093245, -39.54819301043258, -38.26031418693149, -12.001956069255595, -14.519633756605561, -8.639093555544537, 45.59213414653722, 6.825678355439948, -2.873043333835623, -22.626611242277754, -23.938715653528494, -15.435699181044821, -20.156595109582504, -60.305258630740425, -16.172504338297852, -39.65454688909705, -31.5520834101502, 2.804175479441053, 9.501581147968494, 34.61976800555432, -24.88663713302877, -41.81729744050514, -33.44014400440372, 40.49207779475384, -20.798885362705697, -26.280759170858392, -17.44574091649028, -3.0030393575973555, 25.29888558574021, 7.366095336774984, 3.92507442800949, 13.013739038258791, 10.514859230740477, -38.074790520628014, 23.65540968278354, -26.744485089348423, -28.151955214087607, -9.497765194555676, 4.747707717086154, 4.147573816245076, -2.645938135166135, -24.584058596614607, 31.901757272684737, 2.03297987545806, -8.341268300009823, -9.278043108233426, 20.762601747556968 }, new double[] { 68.79963691146285, 39.062804813738225, -17.805845251789798 }, new double[] { 23.78701343201101, -47.18012832244858, 16.820980648510158, -21.32417222019285, 8.842304272111505, -13.062789636198431, 14.835281571373343, -20.32858185702935, 14.043430984485894, -20.19945941818878, 20.58656001649797, -42.386772360187024, 21.36100356001407, -38.43042123969644, 19.095380858983845, -31.009890496265143, 1.913997388444841, -2.075797809753567, 1.0706928349100053, -2.7273866650648415, 9.392141447402537, -10.186109324451536, 2.100805474910885, -5.351402990054339 } },
                new[] { new float[] { -0.140625f, 0.671875f, 0.328125f, -0.109375f, -0.453125f, 0.609375f, 0.3125f, -0.125f, 0.734375f, 0.390625f, 0.96875f, 0.328125f, 0.796875f, 0.09375f, 0.421875f, 0.6875f, -0.8125f, -0.046875f, 0.21875f, -0.890625f, 0.578125f, 0.4375f, 0.875f, -0.25f, -0.0625f, 0.828125f, -0.171875f, 0.671875f, -0.15625f, -0.328125f, -0.453125f, -0.578125f, -0.140625f, -0.671875f, 0.65625f, 0.953125f, -0.8125f, -0.890625f, -1.0f, 0.859375f, -0.859375f, 0.359375f, -0.390625f, -0.609375f, -0.5f, 0.375f, -0.96875f, 0.734375f, 0.140625f, -0.53125f, -0.578125f, 0.3125f, 0.265625f, -0.359375f, -0.328125f, -0.078125f, 0.828125f, 0.078125f, 0.6875f, 0.28125f, 0.125f, -0.015625f, 0.359375f, -0.015625f }, new float[] { 0.453125f, -0.640625f, -0.359375f, 0.75f, -0.203125f, 0.6875f, 0.875f, 0.15625f, -0.796875f, 0.515625f, 0.328125f, -0.421875f, 0.71875f, -0.03125f, -0.890625f, -0.859375f, -0.546875f, 0.21875f, 0.625f, -0.796875f, -0.953125f, 0.25f, -0.1875f, -0.109375f, 0.640625f, 0.84375f, 0.9375f, 0.5625f, -1.0f, -0.703125f, 0.171875f, 0.90625f, -0.84375f, 0.03125f, -0.203125f, -0.1875f, -0.46875f, -0.453125f, -0.515625f, -0.796875f, 0.109375f, -0.109375f, 0.421875f, 0.28125f, 0.90625f, -0.328125f, 0.765625f, -0.234375f, 0.328125f, 0.609375f, -0.203125f, -0.109375f, 0.265625f, -0.78125f }, new float[] { 0.0625f, -0.8125f, -0.546875f }, new float[] { 0.25f, 0.9375f, 1.0f, -0.484375f, -0.703125f, 0.03125f, -0.125f, -0.234375f, 0.53125f, 0.421875f, 0.125f, 0.25f, 0.15625f, 0.359375f, 0.859375f, 0.890625f, 0.953125f, 0.71875f, -0.796875f, -0.09375f, 0.5625f, -0.40625f, 0.21875f, -0.890625f } },
                -36.03465966081583,
                new[] { new double[] { -13.903727566823363, -42.73469580528844, 17.233403806367683, 5.380957259434378, -7.2994321467423875, 74.37573039735219, 11.612693207855854, -13.191329610723725, -4.835948961545472, -25.855722777372986, 27.195935551973953, -1.3875304651791591, -3.8633885220279565, -4.774315342565792, 21.10318203937883, 15.942436715639714, -9.893722831495797, -32.72292192906348, -23.460870444860863, -4.3179969727234155, 4.774849399993265, 31.56313052124999, -46.33807581231964, -22.12558841408679, -0.8994671881060903, -21.69350279229521, -4.870068462013646, -13.653317967929912, 4.9453630482398525, 43.42740220645511, -14.545137433404172, -3.5020615427099444, 20.72142590713446, -25.70059252292332, 30.74852783984884, 2.5610848245452402, 25.770582700061993, 0.17245272250363097, 13.641117987740369, -15.025011478112665, 7.997762814319383, -10.391656452910631, -23.88635731717848, -18.11261653156813, 15.745902255574173, 11.431760803020248, -14.966489666227803, 4.627096411703086, 23.18853928335011, -14.544376574491185, -42.8383885866583, 6.626709034700912, 34.69870416776932, -19.091729373498648, -5.237389242724964, -10.345064068368323, 15.563783258389407, -0.5834843852660718, 1.5299024666935441, -19.56906193265415, 7.260584898827668, 18.61057018074725, -4.541974479056618, -25.83999795594287 }, new double[] { 20.560149972637497, 38.457822261619626, 9.196469024168671, 44.07977107381103, -72.69110414299561, 9.087043281058193, 15.643041866762491, -8.697388679996408, 65.97728934597777, 51.79853084493705, -19.413599757650108, 28.84767081440185, 7.377471990090002, -82.90979755900938, 28.308120881966143, -10.695771970027298, 21.564293969353592, 55.41435739280725, 38.592382772894645, -10.919168150155908, -23.17345382293893, 48.153965606181714, -18.272287402405507, 69.5877275986045, 41.25957817332474, -38.07597843723165, -30.013282391277176, 39.1106267929836, 17.85087381879351, -25.31396065366075, -21.805324128759956, -48.45835010831555, -36.46553092867274, -72.81889046438866, -37.02687884891337, -65.5563964707156, 7.419892129833223, 10.770265206729096, 8.3385421619923, -5.275297525166362, -45.11682695674675, -46.911679763484884, 24.745932109584963, 20.21818336054545, -13.614880431753894, 5.965464024735546, -7.409061829869948, -14.455272289579389, 14.651477370342171, 26.513742284849286, -24.607337505556643, 26.271775019182652, 12.324806650100205, 32.03480464947859 }, new double[] { -81.55957651138306, 61.106217205524445, 21.26039558649063 }, new double[] { 22.154661704786122, 96.0479297353886, 66.82803926989436, -31.40603981213644, 33.4306928771548, -7.626235906500369, 21.086054553743452, 48.22008073842153, 30.978950020857155, 62.3437467450276, 21.39542682049796, 57.44122336152941, 62.28448015684262, 7.938325158786029, 57.07065202714875, 17.225509328767657, 4.237991372589022, 4.577975467778742, 11.074140347074717, -23.481213442515582, 31.000216437038034, 11.397850030101836, -31.388815416488796, 89.23396093817428 } }),
            ["DilatedConv1d"] = new(
                new[] { In(new float[] { -0.453125f, -1.296875f, -0.71875f, 0.375f, -1.203125f, 0.515625f, 1.390625f, 1.4375f, 1.171875f, 0.921875f, -0.96875f, 1.40625f, -0.890625f, 1.109375f, 1.140625f, 0.359375f, 0.0625f, -0.90625f, 0.0625f, -0.625f, -1.125f, -1.109375f, 0.90625f, 1.265625f, -1.078125f, -1.453125f, -0.703125f, -1.09375f }, 1, 4, 7), In(new float[] { -0.9375f, 0.25f, -0.234375f, -0.21875f, -0.890625f, 0.5f, -0.625f, -0.296875f, -0.109375f, 1.21875f, -0.765625f, 0.65625f, -0.578125f, 1.1875f, -0.3125f, 0.015625f, 1.125f, 0.515625f, -1.21875f, -1.09375f, 1.46875f, -1.40625f, -0.59375f, 1.375f }, 4, 2, 3) },
                -0.019411933433930884,
                new[] { new double[] { -1.0707774169288455, 0.0, -0.6136373299285827, 0.0, -1.2627019527529444, 0.0, 0.0075680192334889596, -1.4194950948372898, 0.0, 0.13620686535840354, 0.0, 0.0467015173263835, 0.0, -0.6994676451649156, -0.19791112000131733, 0.0, 1.3237852906378471, 0.0, -0.16636273908168656, 0.0, -0.009085484845920408, 0.493799655127612, 0.0, 1.8099918145516574, 0.0, 0.6630684198431471, 0.0, 0.07795802995229037 }, new double[] { -1.9883835141477946, -0.2578070017229501, -0.8893036199854875, 3.2664471143227076, 3.562404472818118, 2.511541634472827, -0.5222208545253353, -0.2598751725281871, -0.4053358230395445, 0.647096155407286, 1.9738147169116176, 1.1105950794929, 1.1453903928448017, 0.7351467502276643, -0.018772078145812138, -1.0027475475574552, 0.41519858828167333, -0.7995712283432675, 0.027316239000949667, 0.32306939914996774, 0.018241573326015875, -0.027950915230903782, -0.28783794809081814, 0.3235001323968541 } },
                new[] { new float[] { -0.59375f, -0.203125f, -0.859375f, -0.15625f, -0.546875f, 0.71875f, -0.359375f, -0.234375f, 0.609375f, 0.125f, -0.90625f, -0.5625f, 0.21875f, -0.59375f, -0.5f, 0.25f, -0.015625f, -0.46875f, 0.125f, 0.265625f, -0.921875f, -0.453125f, -0.390625f, 0.75f, -0.890625f, -0.3125f, -0.609375f, 0.390625f }, new float[] { 0.625f, -0.890625f, 0.734375f, 0.390625f, -0.5625f, 0.828125f, -0.40625f, 0.578125f, -0.84375f, -0.09375f, 0.015625f, 0.796875f, 0.671875f, 0.09375f, -0.890625f, -0.140625f, -0.25f, 0.984375f, 0.359375f, -0.1875f, -0.265625f, 0.53125f, -0.8125f, 0.640625f } },
                5.033380036701555,
                new[] { new double[] { 0.5943044881696041, 0.0, -3.140752992271636, 0.0, 1.58208581221054, 0.0, -0.6930614420820145, -0.7279303950368192, 0.0, 1.0837037330063106, 0.0, -2.079020021626228, 0.0, 1.3532950778354271, 1.732952639047026, 0.0, -2.5551962519721663, 0.0, -0.8542692842660192, 0.0, -0.13259281048604946, -0.19905357676872665, 0.0, -1.9841717791091438, 0.0, 0.9750081781112802, 0.0, 0.13342468809356645 }, new double[] { -3.4941391582182995, -3.957052836404123, 1.9352549865109185, 1.5852620697053874, 2.6295136955535954, 1.54967948640574, 0.5745931727569795, -2.0171775235498215, -1.4763744962930805, -1.3098029238581932, -0.2574998016431861, 0.5713596013683804, -0.49658491553840844, -1.0515406188588188, -0.12810038711336982, -0.23854648920006402, 1.051392806285014, -0.7437892967274071, -0.09759646798163005, -1.953432921715326, -0.10549496076708649, 0.07922418177195187, 1.5624047097853089, -1.693841404743898 } }),
            ["MaxPoolPlateau"] = new(
                new[] { In(new float[] { 1.0f, 1.0f, 0.5f, 0.5f, 1.0f, 1.0f, 0.5f, 0.5f }, 1, 1, 2, 4) },
                3.0,
                new[] { new double[] { 2.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0 } },
                new[] { new float[] { 0.34375f, -0.125f, 0.421875f, -0.203125f, -0.71875f, -0.171875f, -0.890625f, -0.828125f } },
                1.53125,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 } }),
            ["LinearRegression"] = new(
                new[] { In(new float[] { 0.5f }, 1), In(new float[] { 0.0f }, 1), In(new float[] { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f }, 5), In(new float[] { 2.5f, 4.5f, 6.5f, 8.5f, 10.5f }, 5) },
                29.5,
                new[] { new double[] { -36.0 }, new double[] { -10.0 } },
                new[] { new float[] { -0.125f }, new float[] { 0.65625f } },
                -2.0625,
                new[] { new double[] { 1.1875 }, new double[] { 0.5625000000000001 } }),
            ["MlpMse"] = new(
                new[] { In(new float[] { -1.453125f, -1.015625f, -0.859375f, -1.234375f, -0.078125f, 0.28125f, -0.546875f, -1.171875f, 0.9375f, 0.90625f, 0.1875f, -1.09375f }, 4, 3), In(new float[] { 0.125f, 0.390625f, -0.21875f, 1.09375f }, 4), In(new float[] { -0.328125f, 0.03125f, -1.15625f, 0.1875f, 0.796875f, 0.6875f, -0.734375f, 1.46875f }, 2, 4), In(new float[] { 0.65625f, -0.234375f }, 2), In(new float[] { -0.25f, 0.84375f, -0.96875f, 0.421875f, 0.65625f, 0.046875f, 1.125f, -0.09375f, -0.109375f, -0.640625f, 1.265625f, -0.546875f, 0.578125f, -0.265625f, 1.3125f }, 5, 3), In(new float[] { 1.34375f, -1.40625f, 1.484375f, 0.3125f, -1.28125f, -0.015625f, -1.359375f, 0.140625f, -0.9375f, -0.390625f }, 5, 2) },
                5.293164368186263,
                new[] { new double[] { -0.35592931844294073, 0.9837481040507555, -0.9096057917922735, -0.41515446342527873, 1.0138071272522213, -0.8925109829753639, -0.03192154467105866, 0.014666655659675601, -0.07247053384780885, 0.3954649154096843, 2.449562394246459, -1.995658126845956 }, new double[] { 1.044609045982361, 0.9689230203628542, -0.05521564483642579, 3.5907720327377324 }, new double[] { 0.06611717399209738, 0.38662320896983143, 0.09192355573177338, 1.3040257997810842, 0.5672833612188697, 0.7980181448161603, -0.06902946829795838, 4.550356546789407 }, new double[] { 0.8105155944824218, 2.3413108825683597 } },
                new[] { new float[] { -0.59375f, 0.0f, 0.953125f, 0.65625f, 0.796875f, 0.34375f, 0.171875f, 0.15625f, 0.203125f, -0.0625f, -0.28125f, -0.515625f }, new float[] { -0.875f, -0.265625f, 0.546875f, 0.109375f }, new float[] { -0.671875f, 0.625f, -0.921875f, 0.859375f, 0.296875f, 0.109375f, -0.171875f, 0.65625f }, new float[] { -0.984375f, -0.96875f } },
                0.48243552956846525,
                new[] { new double[] { 0.13521486483514308, -0.1892770562320947, -0.05266430415213111, -0.3352644497528672, 0.4322234043851495, -0.531465950421989, 0.5281442096456886, -0.24266085308045152, 1.1990300975739958, 0.27675567325204625, 1.363989500887692, -1.9072599375620487 }, new double[] { -0.07537255287170405, 0.01968122720718382, 0.9135467410087587, 1.5411137223243716 }, new double[] { -0.13732686843723058, 0.33339571524411443, -0.49487200751900673, 1.2744532046839596, -2.1422818208113314, -0.18878831062465906, -0.5070461757481098, 0.436108154244721 }, new double[] { 0.1378890991210937, -0.4886894226074219 } }),
            ["MlpBce"] = new(
                new[] { In(new float[] { -0.578125f, 0.3125f, 0.96875f, 1.3125f, -0.515625f, 0.203125f, -1.484375f, -0.390625f, 1.375f, -1.140625f, 1.109375f, 0.453125f }, 4, 3), In(new float[] { -0.625f, 0.828125f, -0.625f, 1.1875f }, 4), In(new float[] { -1.25f, -1.140625f, 0.75f, -0.15625f }, 1, 4), In(new float[] { -1.0625f }, 1), In(new float[] { 0.046875f, -0.609375f, 0.140625f, 0.734375f, 1.078125f, -1.328125f, 0.28125f, 1.453125f, -0.125f, 0.8125f, -1.203125f, 1.125f, 0.25f, 1.171875f, 0.859375f }, 5, 3), In(new float[] { 1.0f, 0.0f, 0.0f, 1.0f, 1.0f }, 5) },
                1.296235487692282,
                new[] { new double[] { 0.18945992471959777, -0.10839722132366653, 0.3936671932745702, 0.017680899545202706, 0.059916660326178164, 0.1496739954108353, -0.13392675822476915, 0.06414175367588784, -0.2621109177063851, 0.014650832681075185, -0.03693837113534672, 0.02792759610247549 }, new double[] { 0.4717008143923542, 0.14460750052385438, -0.36195876436823765, 0.0368146433456453 }, new double[] { 0.03954762105265264, -0.38082612750890704, 0.0017067962447686533, -0.12726366596963207 }, new double[] { -0.4536312745250789 } },
                new[] { new float[] { 0.046875f, -0.40625f, -0.203125f, 0.078125f, -0.90625f, 0.96875f, 0.359375f, -0.796875f, 0.484375f, 0.0625f, 0.375f, 0.46875f }, new float[] { 0.984375f, -0.765625f, 1.0f, -0.046875f }, new float[] { -0.59375f, -0.25f, -0.265625f, 0.796875f }, new float[] { 0.046875f } },
                -0.2224903443953751,
                new[] { new double[] { 0.18018378242901237, -0.5600307556574907, 0.3571044304897398, -0.08275685030816735, -0.08711766192864429, 0.31683926000907925, 0.14009656771307846, -0.15407330674642086, 0.19791870002792197, -0.07881589452445954, 0.1781953958860365, -0.13367233284884916 }, new double[] { 0.3937193530091361, -0.05730782647453343, 0.15417359473797845, -0.19341269481047552 }, new double[] { -0.4637191268197444, 0.13614648372066773, -0.9350363309614872, 0.15836764637924058 }, new double[] { 0.18973809006291256 } }),
            ["ModuleLoss"] = new(
                new[] { In(new float[] { 1.109375f, -1.328125f, 0.640625f, -0.90625f, -0.703125f, -0.53125f, 0.28125f, 0.390625f, 1.296875f, -1.46875f, -0.921875f, -0.40625f, 0.953125f, 0.15625f, 0.03125f }, 5, 3), In(new float[] { 0.78125f, 0.46875f, -0.625f, -1.234375f, -0.109375f, 1.140625f, 0.296875f, -1.34375f, -0.1875f, -0.34375f, 0.25f, 0.265625f }, 4, 3), In(new float[] { 1.359375f, -0.484375f, -0.28125f, 0.34375f }, 4), In(new float[] { 1.15625f, 0.625f, -0.09375f, 0.9375f, -0.046875f, 1.390625f, -0.65625f, -1.125f }, 2, 4), In(new float[] { 0.984375f, -0.609375f }, 2), In(new float[] { 1.046875f, 0.328125f, 0.03125f, -1.234375f }, 4), In(new float[] { 0.859375f, -1.296875f, 1.390625f, 1.125f, -0.59375f, -1.109375f, 1.15625f, -0.0625f, -1.125f, -0.0f }, 5, 2) },
                7.570906914615542,
                new[] { new double[] { 0.21655464999066526, -0.4108515251215938, 0.04952765457055555, 0.1350943091625992, -0.18220349677572498, -0.015114841562374005, -0.3878593826769373, -0.5720651374614871, 0.6160672950712497, -0.7900561368448464, -0.5323835570354829, 0.8623521691472064, 0.8716607195769808, -0.2636373792377331, -0.4998962002763435 }, new double[] { 2.774423239056702, -3.2695904781300156, 3.3371041551954397, 0.35795314004622636, -2.233352798018265, 2.13584869983286, 0.8714032775922038, -2.0227532625440237, 1.838449798105952, -0.04524981472263356, -2.119273199661961, 1.7579872847257285 }, new double[] { 8.708698776347386, 5.53263059069637, 4.775965415289768, 3.9179654024327304 }, new double[] { 3.9828419995061277, 0.14824422567594533, 0.039776302051298826, -0.6995188637606888, 0.8375108634549625, 0.20076747716655988, 0.028005906999619135, -0.5594134493413552 }, new double[] { 3.279179153624244, 1.5219048826619743 }, new double[] { 4.361459333926695, 1.133241642612459, -0.7074529531458984, 0.021434980671693138 } },
                new[] { new float[] { -0.859375f, 0.4375f, -0.0f, 0.625f, -0.90625f, 0.734375f, 0.78125f, -0.984375f, -0.046875f, -0.75f, 0.0625f, -0.828125f, 0.78125f, -0.625f, 0.34375f }, new float[] { 0.3125f, -0.359375f, -0.578125f, 0.828125f, -0.921875f, -0.484375f, -0.34375f, 0.171875f, -0.265625f, -0.78125f, 0.140625f, 0.453125f }, new float[] { 0.40625f, -0.015625f, -0.390625f, -0.984375f }, new float[] { 0.0625f, 0.25f, -0.125f, 0.921875f, -0.59375f, 0.625f, 0.4375f, 0.796875f }, new float[] { 0.84375f, -0.53125f }, new float[] { 0.84375f, -0.1875f, 0.359375f, 0.90625f } },
                3.2056744971704845,
                null),
            ["LoopOfResultOps"] = new(
                new[] { In(new float[] { -0.765625f, -0.28125f, 0.421875f, 1.25f, 0.90625f, -1.015625f, -0.0625f, -0.03125f }, 2, 4), In(new float[] { 1.46875f, -1.234375f, 0.03125f, 1.25f, -0.296875f, -0.71875f, 0.171875f, -0.546875f }, 2, 4) },
                4.285301570545135,
                new[] { new double[] { -0.0006748415459476527, -0.015513161108577993, 3.8726854680701715e-05, -0.016684271193169, 0.00034444813796926315, -0.0023791094265636645, -0.00012958190298941456, 0.0007633761721896568 }, new double[] { 0.17647864994873907, -0.14743082500439736, 0.06679160741922065, 0.16554399163940775, 0.01355045662387022, -0.06400299118603091, 0.07653519211614716, -0.02070558775695256 } },
                new[] { new float[] { 0.1875f, 0.171875f, -0.859375f, 0.1875f, -0.515625f, -0.21875f, -0.25f, 0.953125f }, new float[] { 0.28125f, 0.453125f, -0.65625f, -0.390625f, 0.75f, -0.765625f, 0.90625f, -0.140625f } },
                0.0009176607541690907,
                new[] { new double[] { -0.0015276716180264464, 0.014472245471451465, -0.0010002518121841168, 0.02277216552920735, 0.00044125314992699493, -0.015622020494447825, -0.001446763879003003, 0.0053091997912047394 }, new double[] { -0.07075961576572656, 0.06191264649325849, -0.29796094597005707, -0.017995259201681178, 0.10805721902312929, -0.1823861802716001, 0.10249726277186959, -0.02174103579843006 } }),
            ["AlternatingUpdates"] = new(
                new[] { In(new float[] { 1.28125f, -1.25f, -0.875f, -1.25f }, 4), In(new float[] { 0.640625f, -0.625f, 1.203125f, 1.1875f }, 4) },
                2.1135886765279417,
                new[] { new double[] { 0.013556679366662093, -0.0734629993889257, 0.02473564942997522, 0.020768658012069542 }, new double[] { 0.06993361421280837, 0.40961736901423407, 0.012773640887444981, 0.015044442997014316 } },
                new[] { new float[] { -0.21875f, 0.03125f, -0.109375f, -0.0625f }, new float[] { -0.15625f, 0.40625f, -0.453125f, -0.671875f } },
                0.13031914265101963,
                new[] { new double[] { 0.0014721982714416713, 0.05007835872432702, -0.0009004728082750695, 0.004954404706109356 }, new double[] { 0.02539586360550354, -0.17160385916364054, 0.018001810682638644, 0.025630655573428175 } }),
            ["NestedLoops"] = new(
                new[] { In(new float[] { 1.3125f, -0.734375f, -1.5f, -0.34375f }, 4) },
                4.0,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.0 } },
                new[] { new float[] { -0.125f, -0.828125f, -0.109375f, -0.015625f } },
                0.0,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.0 } }),
            ["DetachThroughHelper"] = new(
                new[] { In(new float[] { 1.390625f, 0.796875f, -1.328125f, 0.609375f }, 4) },
                11.96552786957099,
                new[] { new double[] { 6.193267502747412, 4.077876366730333, 1.7803657065615652, 3.631791731031679 } },
                new[] { new float[] { 0.5625f, -0.78125f, -0.203125f, 0.5625f } },
                1.979118123347348,
                new[] { new double[] { 2.6575410952954193, -2.0383799740080724, -0.06329694039531794, 1.2167109737053194 } }),
            ["SameArgumentTwice"] = new(
                new[] { In(new float[] { 1.25f, 1.40625f, 0.640625f, 1.09375f }, 4) },
                33.161641223786766,
                new[] { new double[] { 14.70639183341284, 16.97553391097693, 7.9230081675124175, 12.736573602343311 } },
                new[] { new float[] { -0.328125f, 0.671875f, 0.4375f, -0.921875f } },
                -1.6953106902745194,
                new[] { new double[] { -4.416654027522934, 10.544279897188908, 4.343787305428229, -10.926784059744495 } }),
            ["Energy"] = new(
                new[] { In(new float[] { 1.03125f, -0.421875f, -1.203125f, 0.6875f, -1.09375f }, 5) },
                6.556829416675791,
                new[] { new double[] { 2.2220559541436704, -0.6868212665682581, -2.8233467987852063, 1.2514533177446694, -2.431386911415692 } },
                new[] { new float[] { -0.234375f, 0.53125f, 0.046875f, 0.34375f, 0.984375f } },
                -2.981221956259958,
                new[] { new double[] { -0.7652866632069906, 0.9955600130008335, 0.1750571940064871, 0.8265567005793706, 3.3801575443451775 } }),
            ["NamedArguments"] = new(
                new[] { In(new float[] { -0.34375f, 1.484375f, 0.171875f, 0.0625f, 1.34375f }, 5) },
                1.8955007838951161,
                new[] { new double[] { -0.06819135244591552, 1.4525632352875435, -0.11038072147314565, -0.10110653082451374, 0.22082588211210802 } },
                new[] { new float[] { 0.34375f, 0.09375f, 0.6875f, -0.140625f, -0.984375f } },
                -0.166307091914773,
                new[] { new double[] { -0.05597761225627712, 1.2594187574165931, -0.09499259013482987, -0.025985590042712503, -0.959502502082266 } }),
            ["IdentityHelpers"] = new(
                new[] { In(new float[] { -0.640625f, 1.5f, 1.234375f, -0.40625f }, 4) },
                41.31289441724369,
                new[] { new double[] { -2.0071200580924202, 46.171073846375336, 28.55285605104231, -0.7375053798378403 } },
                new[] { new float[] { -0.453125f, 0.1875f, 0.890625f, 0.21875f } },
                34.83511074113853,
                new[] { new double[] { -2.3158130723537442, 15.814152692390751, 45.62735296591911, 1.263278896320945 } }),
            ["ReturnsParameter"] = new(
                new[] { In(new float[] { -0.515625f, -1.125f, 1.25f }, 3), In(new float[] { 0.75f }, 1) },
                0.75,
                new[] { new double[] { 0.0, 0.0, 0.0 }, new double[] { 1.0 } },
                new[] { new float[] { -0.4375f, 0.984375f, -0.203125f }, new float[] { -0.546875f } },
                -0.546875,
                new[] { new double[] { 0.0, 0.0, 0.0 }, new double[] { 0.0 } }),
            ["ReturnsViewOfParameter"] = new(
                new[] { In(new float[] { 0.75f }, 1, 1) },
                0.75,
                new[] { new double[] { 1.0 } },
                new[] { new float[] { 0.109375f } },
                0.109375,
                new[] { new double[] { 0.0 } }),
            ["NegativeDims"] = new(
                new[] { In(new float[] { -0.9375f, -1.46875f, 1.171875f, 0.296875f, 0.515625f, 0.703125f, -1.375f, -1.21875f, -0.0f, -1.34375f, 0.015625f, 0.703125f, 0.46875f, 0.34375f, -1.359375f, -0.796875f, 1.1875f, -1.125f, 0.09375f, -1.34375f, 1.3125f, -0.984375f, -0.265625f, 0.140625f }, 2, 3, 4), In(new float[] { 0.65625f, 1.3125f, 0.703125f, -0.453125f, -1.28125f, 0.625f, 1.421875f, -1.453125f, 0.828125f, -0.96875f, -0.125f, 0.0625f, 0.34375f, 1.46875f, 0.5625f, -0.328125f, 0.640625f, -0.09375f, -0.265625f, -0.40625f, -0.015625f, -0.65625f, -0.78125f, -1.046875f }, 2, 3, 4) },
                28.26264132005681,
                new[] { new double[] { -0.22298881928000447, 0.1897184750831823, 0.7722626702586741, 0.9283830567010559, 0.4846051148544164, 0.4505302514027574, 0.23936954463119753, 0.561625097569937, 0.40711476288065007, -0.19045695101933902, 1.1174475106760382, 0.9877689805635108, 0.2977499053438796, 0.5646746485084313, 0.4860128711205917, 0.7379607075015936, 0.24162680946811338, -0.088209355116181, 1.080412390245937, 0.22956095370999352, 0.16725930959504728, 0.07577033599408896, 1.1835377615793008, 1.3566465214167776 }, new double[] { 0.4188127473812905, 0.5633926825041513, -0.07651069183438586, 0.5801346799499657, -0.14135954408542245, -0.07962468310964871, 0.6479522305751764, 0.5386251508821815, 0.29456825674630294, -0.0020999993421633167, 0.24800076654089817, 1.5196534432085134, 0.10997738472514573, 0.4781397790881533, 0.012543571529056857, 0.9192483896599533, 0.2749612179220679, 0.1848389900076193, 0.3030961282949802, 0.8115574555371339, 0.26928544098258195, 0.12792665887224586, 0.267813672550832, 0.3694452232477814 } },
                new[] { new float[] { -0.3125f, -0.78125f, 0.421875f, 0.390625f, 0.9375f, -0.71875f, 0.828125f, 0.59375f, -0.5f, -0.046875f, 0.265625f, -0.375f, -0.78125f, 0.671875f, -0.671875f, -0.015625f, -0.125f, 0.8125f, 0.125f, -0.15625f, 0.953125f, -0.296875f, 0.453125f, -0.53125f }, new float[] { 0.515625f, 0.5f, 0.65625f, -0.03125f, -0.5625f, 0.265625f, 0.828125f, -0.375f, -0.953125f, -0.625f, 0.859375f, -0.984375f, -0.890625f, -0.796875f, 0.78125f, -0.234375f, 0.390625f, 0.40625f, -0.125f, 0.46875f, -0.078125f, 0.078125f, -0.390625f, -1.0f } },
                -0.6222553018067798,
                new[] { new double[] { 0.4109183318636344, -0.324500673553492, -0.4452496392422444, 0.04655687659116059, 0.00039862012363003213, 0.01921845510010345, 0.5695245806339574, 0.25692085806303, -0.4890946409197935, 0.21572595226500735, 0.07623423549605236, 0.16830912020132963, -0.25667405356935946, -0.6999454399276034, -0.46850349762773535, -0.06479922452913417, 0.053353826379249, 0.6397642342758113, 0.1284504476600098, 0.021348939112657006, 0.1680566237620902, 0.13173625765610694, 0.20760152720625336, 0.07598808348655381 }, new double[] { 0.07791428760388926, -0.2656582840403611, 0.2742307583379662, 0.20654550695406085, 0.004807723814081594, 0.39942368569610553, -0.5809909975038657, -0.47015699452434656, -0.3210285327193413, 0.2414049654821585, 0.17225070694420488, -1.5765689823913824, 0.013637698073507093, -0.32323881467858334, 0.2146623967760619, -0.14143955055225466, -0.029448809277385326, 0.14310196540874282, -0.10358106972075269, 0.6443050554215995, -0.13314026519678498, 0.26416596811345483, -0.21186190344142306, -0.36429041918944777 } }),
            ["PartialIndex"] = new(
                new[] { In(new float[] { -0.171875f, -0.625f, 1.015625f, 1.046875f, -0.46875f, 0.359375f, 1.203125f, -0.421875f, 0.171875f, -0.171875f, 0.453125f, 1.375f }, 3, 4), In(new float[] { -1.078125f, 1.390625f, 0.5f, 0.890625f, 0.40625f, 1.109375f, -0.515625f, 0.625f, -0.703125f, 0.03125f, 0.546875f, -0.890625f }, 4, 3), In(new float[] { -1.3125f, 0.875f, 0.921875f, 0.5f, -0.53125f, 0.46875f, -1.25f, 0.484375f, 0.234375f }, 3, 3) },
                13.9775390625,
                new[] { new double[] { -0.34375, 0.0, 0.0, 2.09375, 0.0, 1.4375, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }, new double[] { -4.78125, 1.71875, 1.0, 1.78125, 0.8125, 2.21875, -0.03125, 1.25, -1.40625, 0.0625, 2.84375, -1.78125 }, new double[] { -4.78125, 2.84375, 0.0, -0.03125, 1.71875, 0.0, 0.0, 0.0, 0.0 } },
                new[] { new float[] { 0.1875f, -0.46875f, -0.453125f, 0.75f, -0.28125f, -0.796875f, 0.265625f, 0.078125f, -0.890625f, -0.296875f, 0.21875f, -0.4375f }, new float[] { 0.96875f, 0.59375f, 0.015625f, 0.828125f, -0.9375f, -0.546875f, 0.828125f, 0.015625f, -0.65625f, 0.140625f, 0.453125f, 0.203125f }, new float[] { -0.90625f, -0.921875f, -0.1875f, -0.96875f, -0.828125f, 0.28125f, -0.125f, -0.828125f, 0.75f } },
                -1.56494140625,
                new[] { new double[] { 0.375, 0.0, 0.0, 1.5, 0.0, -3.1875, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 }, new double[] { 0.125, -0.46875, 0.03125, 1.65625, -1.875, -1.09375, -0.28125, 0.03125, -1.3125, 0.28125, -0.9375, 0.40625 }, new double[] { 0.125, -0.9375, 0.0, -0.28125, -0.46875, 0.0, 0.0, 0.0, 0.0 } }),
            ["SliceEdges"] = new(
                new[] { In(new float[] { 0.359375f, -0.15625f, -0.828125f, 0.671875f, -0.109375f, 0.734375f }, 6) },
                5.8829627948319745,
                new[] { new double[] { 0.387451171875, -0.3125, 0.0, 4.655902999817918, 0.8963942066351505, 3.0 } },
                new[] { new float[] { -0.265625f, 0.765625f, 0.21875f, 0.234375f, -0.15625f, 0.34375f } },
                1.6402411407662854,
                new[] { new double[] { -0.57275390625, 1.53125, 0.0, 1.8724581920959964, -0.14006159478674227, 0.0 } }),
            ["ScalarShapes"] = new(
                new[] { In(new float[] { -0.40625f, -1.234375f, 0.125f, 0.375f }, 4) },
                -2.386716552184165,
                new[] { new double[] { 1.5621051539551842, 0.6679148209681931, 0.430380100155785, -1.1916500750791625 } },
                new[] { new float[] { -0.515625f, -0.484375f, 0.75f, -0.59375f } },
                -0.09865440421951888,
                new[] { new double[] { -1.1170353757603793, -1.159281447347654, -1.4721545721555238, -3.8765286047364427 } }),
            ["MaskedLogSoftmax"] = new(
                new[] { In(new float[] { 1.265625f, 1.15625f, -1.328125f, 0.8125f, -0.71875f, 0.59375f, -0.359375f, -0.53125f, -0.03125f, 0.09375f, 0.578125f, 0.40625f }, 3, 4), In(new float[] { 0.0f, 1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 1.0f }, 3, 4) },
                1.06574748968048,
                new[] { new double[] { -0.1384446304942663, 0.0, 0.014565833877962233, 0.12387879661630409, 0.0, 0.25163832895587607, 0.0, -0.25163832895587607, 0.08391169592240873, -0.23824892490464195, 0.15433722898223323, 0.0 } },
                new[] { new float[] { -0.234375f, 0.484375f, -0.34375f, -0.265625f, 0.8125f, -0.59375f, -0.515625f, 0.78125f, -0.453125f, -0.34375f, 0.765625f, -0.359375f } },
                -0.1894270311283397,
                new[] { new double[] { 0.003194820527594533, 0.0, -0.0013543596166074635, -0.0018404609109870676, 0.0, -0.08480007684054357, 0.0, 0.08480007684054355, -0.0499690008160608, -0.046222438804126166, 0.09619143962018696, 0.0 } }),
            ["RootsAtZero"] = new(
                new[] { In(new float[] { 0.0f, 0.25f, 4.0f }, 3) },
                5.0,
                new[] { new double[] { double.PositiveInfinity, 2.0, 0.5 } },
                new[] { new float[] { 1.0f, 0.640625f, 0.6875f } },
                double.PositiveInfinity,
                null),
            ["PullLinear"] = new(
                new[] { In(new float[] { 0.53125f, -0.34375f, 0.53125f, -0.46875f, 0.328125f, -0.125f, 0.1875f, -1.453125f, -0.0f, -0.84375f, -0.34375f, -1.28125f }, 4, 3), In(new float[] { 0.46875f, 1.1875f, -0.4375f, -1.1875f, 0.359375f, -1.125f }, 2, 3), In(new float[] { 1.171875f, -1.125f }, 2), In(new float[] { -0.421875f, -0.015625f, -1.140625f, -0.546875f, -0.671875f, 0.640625f, 1.453125f, -0.40625f }, 4, 2) },
                -0.7008010738294986,
                new[] { new double[] { -0.11294881816934371, -0.2876011023240833, 0.10638982874173797, 0.4745710461331135, -0.4734178505302875, 0.6683026219926609, -0.32438126994902194, -0.6261289603157538, 0.17301704462110645, 0.4665963227371047, 0.7611232073381479, -0.15635157236177488 }, new double[] { -0.6871743991502924, 0.560207138396823, -0.9672580786256499, 0.34935441966360836, -0.20456566870603934, 0.22210505648020634 }, new double[] { -0.35622265572224066, -0.5648982321024445 } },
                new[] { new float[] { -0.546875f, -0.5625f, 0.5f, 0.65625f, -0.546875f, -0.59375f, -0.515625f, -0.71875f, -0.15625f, 0.0f, 0.25f, -0.890625f }, new float[] { -0.609375f, -0.765625f, -0.453125f, -0.625f, 0.875f, -0.25f }, new float[] { -0.71875f, 0.328125f } },
                1.4159963547701415,
                null),
            ["PullBroadcast"] = new(
                new[] { In(new float[] { 0.875f, -1.078125f, 0.234375f }, 3, 1), In(new float[] { -0.203125f, -0.640625f, 0.96875f, 0.734375f }, 4), In(new float[] { -1.09375f, -0.625f, 0.953125f, 1.484375f, 0.328125f, 1.109375f, 1.453125f, 0.71875f, 0.4375f, -0.84375f, -0.390625f, 0.375f }, 3, 4) },
                -2.2218170166015625,
                new[] { new double[] { 3.354736328125, 4.767578125, -0.0732421875 }, new double[] { -1.208251953125, -1.940673828125, -0.82421875, 0.61181640625 } },
                new[] { new float[] { 0.953125f, 0.59375f, 0.296875f }, new float[] { -0.25f, -0.1875f, -0.390625f, 0.609375f } },
                7.367214202880859,
                null),
            ["PullIdentity"] = new(
                new[] { In(new float[] { 1.28125f, -0.59375f, -0.3125f, -1.4375f, 0.59375f, -0.171875f }, 2, 3), In(new float[] { 0.890625f, -0.796875f, 0.484375f, 0.515625f, -0.109375f, -0.9375f }, 2, 3) },
                0.81787109375,
                new[] { new double[] { 0.890625, -0.796875, 0.484375, 0.515625, -0.109375, -0.9375 } },
                new[] { new float[] { 0.609375f, -0.015625f, 0.71875f, 0.296875f, 0.375f, -0.46875f } },
                1.454833984375,
                null),
            ["PullView"] = new(
                new[] { In(new float[] { -0.296875f, 0.734375f, -0.9375f, -1.234375f, -0.109375f, -0.796875f }, 2, 3), In(new float[] { 0.90625f, 0.953125f, 1.328125f, 1.015625f, 0.4375f, -0.9375f }, 6) },
                -2.7373046875,
                new[] { new double[] { 1.8125, 1.90625, 2.65625, 2.03125, 0.875, -1.875 } },
                new[] { new float[] { -0.515625f, -0.546875f, 0.828125f, 0.59375f, 0.796875f, 0.640625f } },
                0.9248046875,
                null),
            ["PullSoftmax"] = new(
                new[] { In(new float[] { 0.96875f, 0.6875f, 0.734375f, 0.59375f, 0.984375f, -0.609375f }, 2, 3), In(new float[] { 0.515625f, 0.046875f, -0.484375f, -0.515625f, -1.03125f, -0.03125f }, 2, 3) },
                -0.6716497744628664,
                new[] { new double[] { 0.17663705453130352, -0.005647837792362111, -0.1709892167389414, 0.07989056539463875, -0.15622775489547416, 0.07633718950083535 } },
                new[] { new float[] { 0.609375f, -0.125f, 0.53125f, -0.671875f, 0.3125f, -0.921875f } },
                -0.15536483016394545,
                null),
            ["PullCat"] = new(
                new[] { In(new float[] { -0.390625f, -0.234375f, 1.0625f, 0.546875f, 0.546875f, 1.453125f }, 2, 3), In(new float[] { -0.84375f, 0.03125f, -1.21875f }, 1, 3), In(new float[] { -0.328125f, 1.34375f, -1.25f, 0.765625f, 1.09375f, 0.03125f, 0.890625f, -0.171875f, -0.4375f }, 3, 3) },
                0.34669672075244273,
                new[] { new double[] { -0.2220204807718173, 1.0629937427050853, -3.6169949302147013, 1.3228813714036094, 1.8898305305765848, 0.13363929955368237 }, new double[] { 0.890625, -0.171875, -0.4375 } },
                new[] { new float[] { 0.9375f, 0.765625f, -0.671875f, 0.53125f, 0.640625f, -0.921875f }, new float[] { 0.125f, -0.15625f, 0.234375f } },
                4.861778066455745,
                null),
            ["PullCrossEntropyNone"] = new(
                new[] { In(new float[] { 0.015625f, -0.921875f, -0.578125f, -0.578125f, 1.46875f, -0.5f, -0.8125f, 1.3125f, -1.078125f, 1.390625f, 1.0625f, 0.4375f }, 3, 4), In(new float[] { -0.21875f, -0.90625f, -1.1875f }, 3) },
                -2.3971202880805267,
                new[] { new double[] { -0.0876363436769205, 0.18443111471473622, -0.048397385518907855, -0.048397385518907855, 0.47411241950919547, -0.06033992621446264, -0.044145633067988035, -0.36962686022674485, -0.04591200499759135, -0.5421141725176769, 0.7970298094846154, -0.20900363196934701 } },
                new[] { new float[] { 0.765625f, 0.453125f, -0.578125f, 0.109375f, 0.125f, -0.984375f, -0.734375f, -0.28125f, -0.640625f, -0.53125f, 0.359375f, 0.921875f } },
                0.7053661156319372,
                null),
            ["SequentialLoss"] = new(
                new[] { In(new float[] { -1.1875f, -0.453125f, -0.28125f, 1.265625f, 0.109375f, 1.46875f, 0.65625f, -1.0625f, 0.15625f, -1.015625f, -1.375f, 1.328125f, -0.484375f, -0.9375f, -1.1875f }, 5, 3), In(new float[] { 0.453125f, -0.109375f, -1.46875f, 0.640625f, -0.734375f, 0.84375f, -0.03125f, 0.109375f, -0.125f, 0.53125f, 1.46875f, 0.890625f }, 4, 3), In(new float[] { -1.296875f, -0.015625f, -0.796875f, -1.1875f }, 4), In(new float[] { -0.921875f, -0.75f, 1.375f, 0.734375f, 1.0625f, 0.59375f, -0.546875f, -0.328125f }, 2, 4), In(new float[] { -0.171875f, -0.625f }, 2), In(new float[] { -0.234375f, 0.8125f, -1.265625f, -0.671875f, -0.0625f, 0.53125f, 0.4375f, 0.671875f, -1.1875f, -0.953125f }, 5, 2) },
                8.386547493122634,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.309170626103878, -0.5712704733014107, 0.387272872030735, 0.7694133669137955, -0.8820104449987411, 1.013373702764511, 1.3154988065361977, -1.5080108270049095, 1.7326081842184067, 0.05979611910879612, -0.014433545991778374, -0.19382190331816673 }, new double[] { -0.06391998939216137, -0.12371610850095749, -0.15670707076787949, -0.577025443315506, -4.037358082830906, 3.750867746770382, 0.0, 0.0, 0.0, -0.13209403306245804, -0.011415533721446991, -0.15329430997371674 }, new double[] { 0.131963849067688, 3.8236560821533203, 0.0, -0.1043705940246582 }, new double[] { 0.4697903785854578, -6.605425581336021, 0.0, 0.6264926120638847, 0.4486386850476265, 1.256856869906187, 0.0, 1.7054771706461906 }, new double[] { -3.4048233032226562, -1.332183837890625 } },
                new[] { new float[] { -0.078125f, 0.296875f, 0.515625f, 0.34375f, 0.3125f, -1.0f, 0.734375f, -0.671875f, -0.640625f, 0.015625f, 0.171875f, 0.515625f, -0.421875f, 0.890625f, 0.25f }, new float[] { 0.6875f, -0.046875f, -0.859375f, -0.96875f, 0.28125f, -0.140625f, -0.125f, -0.34375f, -0.640625f, -0.046875f, -0.484375f, 0.78125f }, new float[] { -0.640625f, 0.9375f, 0.71875f, -0.234375f }, new float[] { 0.546875f, 0.15625f, -0.0625f, 0.625f, 0.65625f, -0.59375f, 0.8125f, -0.9375f }, new float[] { -0.984375f, -0.03125f } },
                3.98514442765736,
                null),
            ["SharedAndListedLoss"] = new(
                new[] { In(new float[] { -0.578125f, -0.65625f, 0.765625f, 1.484375f, 0.546875f, -1.40625f, -0.609375f, 0.90625f, 1.265625f, 0.28125f, -0.453125f, -0.4375f, 0.40625f, 1.09375f, -0.484375f }, 5, 3), In(new float[] { -0.921875f, -1.484375f, -1.09375f, 1.046875f, 0.375f, 1.46875f, -1.296875f, -0.40625f, 0.890625f }, 3, 3), In(new float[] { 0.484375f, -1.296875f, -0.296875f }, 3), In(new float[] { 0.40625f, 0.5625f, -0.140625f, -0.9375f, 1.390625f, -0.09375f, 0.65625f, 0.109375f, -1.265625f }, 3, 3), In(new float[] { -0.796875f, -1.3125f, -0.921875f }, 3), In(new float[] { -0.90625f, -0.25f, -0.53125f, -0.40625f, 0.953125f, -1.4375f }, 2, 3), In(new float[] { -1.1875f, 0.921875f, 0.109375f, -0.1875f, -0.703125f, 0.125f, -0.828125f, 1.078125f, 0.96875f, -0.53125f }, 5, 2) },
                7.228486677474633,
                new[] { new double[] { 0.11381108670569424, 0.1444309969117621, -0.04923495638634802, 0.04309565616913801, 0.06534668508284885, 0.052108242721574646, 0.04594210562003583, 0.02801897074267235, 0.08677203713319168, 0.033740998476887246, 0.017054057978395366, -0.009976864525165063, 0.009396481605869573, 0.029121127614100253, 0.04073551149311874 }, new double[] { 0.05767844783718041, 0.07782594462651873, 0.030836324538530926, -0.2202526963999915, 0.44211067733124365, -0.22301031911513475, -0.0070214737122757526, -0.10592346540023097, -0.04746891940551522 }, new double[] { -0.271992403954808, -0.3228001747116213, 0.11045735906457538 }, new double[] { -0.2502362453422916, 0.07978445243998704, 0.024852182585850497, -0.030671282579579365, -0.07891968493785695, 0.03093724890580094, -0.290201733011098, 0.2798250041658974, -0.05770442996913346 }, new double[] { -0.3044665426479399, -0.09774671636370252, -0.10163561367814207 }, new double[] { 0.5724215199532713, 0.3011259167550349, 0.6378926865253526, -0.07894917423433738, -0.09211760501808014, -0.0266815450591944 } },
                new[] { new float[] { -0.390625f, -0.15625f, -0.046875f, -0.0625f, 0.8125f, 0.84375f, -0.3125f, -0.421875f, 0.3125f, -0.609375f, -0.203125f, 0.4375f, -0.984375f, 0.546875f, 0.46875f }, new float[] { -0.21875f, -0.5f, 0.078125f, -0.40625f, 0.640625f, 0.1875f, -0.390625f, 0.609375f, 0.21875f }, new float[] { -0.734375f, -0.171875f, -0.015625f }, new float[] { 0.890625f, -0.359375f, -0.109375f, 0.953125f, -0.140625f, 0.65625f, -0.8125f, -0.21875f, -0.625f }, new float[] { 0.765625f, 0.109375f, -0.5625f }, new float[] { -0.8125f, -0.15625f, -0.8125f, -0.03125f, 0.453125f, -0.375f } },
                -0.7967245811336384,
                null),
            ["BuiltInActivationsSmooth"] = new(
                new[] { In(new float[] { 0.125f, -0.625f, 1.125f, 1.25f, -1.25f, 0.75f, 2.5f, -3.0f }, 8) },
                38.891182282552876,
                new[] { new double[] { 7.492130386542102, 0.6468817282112653, 7.774748749461075, 7.824430702913623, -0.023877345111491116, 8.479690571322946, 7.731846165377249, -0.015944138698265567 } },
                new[] { new float[] { -0.671875f, -0.28125f, -0.671875f, 0.6875f, -0.8125f, 0.484375f, -0.328125f, 0.453125f } },
                -3.4775600447828596,
                new[] { new double[] { -1.2883584384103213, -0.47724814781574476, -0.3259781653445687, 0.21574221029529947, -0.41791766992685986, 0.5360401277033803, 0.06273219953534288, -0.03834382996891582 } }),
            ["BuiltInPointwiseLossesSmooth"] = new(
                new[] { In(new float[] { 0.375f, -0.75f, 0.125f, 1.25f, 0.25f, -2.0f, 0.75f, 0.125f }, 2, 4), In(new float[] { 0.0f, 0.0f, 0.0f, 0.25f, 0.5f, -1.0f, 0.375f, 0.5f }, 2, 4) },
                5.15625,
                new[] { new double[] { 1.34375, -2.25, 0.53125, 2.75, -0.9375, -2.75, 1.34375, -1.34375 }, new double[] { -1.34375, 2.25, -0.53125, -2.75, 0.9375, 2.75, -1.34375, 1.34375 } },
                new[] { new float[] { 0.546875f, -0.734375f, 0.515625f, 0.890625f, 0.140625f, 0.296875f, -0.359375f, -0.65625f }, new float[] { 0.484375f, 0.640625f, -0.59375f, -0.765625f, -0.296875f, 0.25f, -0.265625f, 0.921875f } },
                9.77734375,
                new[] { new double[] { 0.203125, -2.75, 3.60546875, 3.3125, 1.421875, 0.09375, -0.3046875, -5.12890625 }, new double[] { -0.203125, 2.75, -3.60546875, -3.3125, -1.421875, -0.09375, 0.3046875, 5.12890625 } }),
            ["ParametersReassigned"] = new(
                new[] { In(new float[] { -1.421875f, 1.15625f, -0.609375f, 0.46875f }, 4), In(new float[] { 1.078125f, 0.890625f, 1.09375f, -0.03125f }, 4) },
                20.427871465975635,
                new[] { new double[] { 3.168785594389146, 2.170143261450635, 3.265334339930858, -0.030288538577385754 }, new double[] { 8.592623522778798, 17.201153864549596, 14.016735145326344, 2.3189564518295884 } },
                new[] { new float[] { 0.578125f, 0.828125f, 0.203125f, 0.515625f }, new float[] { 0.90625f, -0.921875f, 0.15625f, -0.625f } },
                -3.0527239970601032,
                new[] { new double[] { 5.535328821358214, -4.246889458195198, 0.9766848248900335, -0.586840434936849 }, new double[] { 23.188503597924097, -25.586430345971433, 5.960828304239551, -2.4234258012504286 } }),
            ["ParameterReassignedInLoop"] = new(
                new[] { In(new float[] { 1.03125f, -0.109375f, -0.703125f, -0.0625f }, 4), In(new float[] { -0.5f, 0.796875f, 1.0f, -1.078125f }, 4) },
                10.320896861952763,
                new[] { new double[] { 0.04819546226938219, -6.908482645269064, -13.530159717385741, -2.6077878416413055e-08 }, new double[] { 0.21888662642916992, 1.2407657191737937, 6.569208323509832, -6.57413687099056e-08 } },
                new[] { new float[] { 0.59375f, -0.53125f, 0.484375f, -0.328125f }, new float[] { 0.296875f, 0.359375f, 0.8125f, 0.75f } },
                2.993440217564675,
                new[] { new double[] { 0.18432247197118706, -36.931811532191, -0.7305946536659538, 1.4063947203188115e-06 }, new double[] { 0.8604300095503112, 12.185066424532177, -9.361503103195904, 2.5080636727215138e-06 } }),
            ["OptionalBiasGiven"] = new(
                new[] { In(new float[] { -1.0f, -0.34375f, -0.109375f, 1.375f, 1.328125f, 1.40625f }, 2, 3), In(new float[] { 0.6875f, 0.53125f, -0.6875f, -0.375f, -1.484375f, 1.0f, -0.671875f, -1.265625f, -0.546875f, -0.53125f, 0.671875f, -1.484375f }, 3, 4), In(new float[] { -0.8125f, 1.1875f, 1.0625f, 0.390625f }, 4) },
                0.6242201749050998,
                new[] { new double[] { 0.6405112556911945, -0.16650515376446015, -1.0052233642547708, -0.6397695863325324, -0.6602622269109181, 0.6245229774681808 }, new double[] { -0.4367216903660358, -0.8376798839427331, 1.2517655595128092, -0.2284212953009502, -0.1317336510740701, -0.26515976295712584, 1.2615988900757944, -0.0771000536526993, -0.020770079899559625, -0.05816072528275397, 1.3572972005207322, -0.022899309930841643 }, new double[] { 0.48777545033620423, 0.9009582394956953, 1.056148245180825, 0.23236293044733114 } },
                new[] { new float[] { -0.125f, 0.375f, -0.640625f, -0.796875f, 0.421875f, 0.8125f }, new float[] { 0.5f, 0.03125f, 0.265625f, 0.453125f, 0.140625f, -0.28125f, 0.703125f, -0.265625f, 0.8125f, 0.59375f, 0.59375f, 0.671875f }, new float[] { 0.96875f, 0.984375f, 0.0f, -0.25f } },
                4.228635725467104,
                new[] { new double[] { -0.2866105660820641, -1.4447031950988098, 1.6559485027532501, 0.9427338612700225, 1.1847145756851445, -0.03476080630407685 }, new double[] { -0.02224632995315417, 0.8059969620267818, -2.2960666422638676, -0.09793672247792112, 0.2519402909593701, 0.6135588142844237, -0.900591099962493, 0.06256508891418733, -0.20240857113279354, -0.505727005265687, -0.6376096845045935, -0.1558417617255562 }, new double[] { 0.0849230877514861, -1.0683274065240371, -0.7729832723851102, 0.0640263822066743 } }),
            ["OptionalBiasNull"] = new(
                new[] { In(new float[] { 0.171875f, -0.828125f, 1.125f, 0.78125f, 0.03125f, -1.015625f }, 2, 3), In(new float[] { -0.859375f, -0.359375f, -0.5f, -1.3125f, -0.28125f, -0.15625f, -0.640625f, -0.34375f, -0.5f, -0.375f, 0.359375f, -0.015625f }, 3, 4) },
                -1.548165920836838,
                new[] { new double[] { -2.5795607627287405, -1.042315195387511, -0.5605746329303429, -2.0134729227607693, -0.9376527989015427, -0.6559686904545713 }, new double[] { 0.8964727120845281, 0.9262000528037133, 0.5409056567961207, 0.4896575372790987, -0.6344772195558354, -0.7013478909875175, -0.41526431496854366, -0.8139769991883862, -0.08289192373038823, -0.011628078104011785, 0.002371237277422056, 0.709562582686969 } },
                new[] { new float[] { 0.46875f, 0.9375f, 0.265625f, -0.953125f, -0.921875f, -0.078125f }, new float[] { 0.578125f, 0.78125f, -0.25f, 0.03125f, 0.03125f, -0.8125f, -1.0f, 0.046875f, 0.015625f, 0.734375f, -0.640625f, 0.703125f } },
                3.0361222814790128,
                new[] { new double[] { 0.9619674586490509, -1.4600983229390165, 1.1812844776188676, -0.4887472506933941, -2.3608721722027464, 0.8129768001790605 }, new double[] { -0.2334402903171343, -0.4561826826138381, 0.6369560232001316, 0.5139742566818493, 0.29189065929609714, -0.6937700981425837, -0.41122981615890375, 0.565188292998603, -0.9538397032068744, 1.0501155392764954, -0.4728309216104031, -0.3103948085113776 } }),
            ["Constants"] = new(
                new[] { In(new float[] { -0.90625f, 0.890625f, 0.046875f, -0.125f }, 4) },
                -0.1546630859375,
                new[] { new double[] { -1.3125, -2.0625, 2.546875, 2.75 } },
                new[] { new float[] { -0.453125f, 0.078125f, 0.40625f, -0.703125f } },
                -0.46533203125,
                new[] { new double[] { -0.90625, -0.3125, 0.40625, -4.21875 } }),
            ["CrossEntropyIntTensor"] = new(
                new[] { In(new float[] { 0.640625f, 0.75f, 1.046875f, 0.9375f, 0.5f, 0.65625f, -1.03125f, 0.59375f, -0.734375f, -0.71875f, -1.140625f, -0.3125f }, 3, 4) },
                3.8647822668859617,
                new[] { new double[] { 0.20151517252370735, 0.22480642002378298, -0.6974898966442158, 0.2711683040967255, -0.7129463014959011, 0.3355997739623215, 0.0620797159961251, 0.31526681153745456, 0.23771550287121512, -0.7585410226630315, 0.15835266340282655, 0.36247285638898985 } },
                new[] { new float[] { 0.890625f, 0.921875f, 0.9375f, -1.0f, 0.28125f, 0.34375f, 0.765625f, -0.59375f, -0.75f, 0.625f, -0.484375f, -0.875f } },
                -1.8094014119932469,
                new[] { new double[] { 0.09903910783609014, 0.11751130941917158, 0.1628554711101591, -0.3794058883654209, 0.06453357873752434, 0.09642238317201693, 0.04402622760742346, -0.2049821895169647, -0.0781512091863867, 0.25262418218398064, -0.009997502451887411, -0.16447547054570652 } }),
            ["WhileLoops2"] = new(
                new[] { In(new float[] { -1.4375f, 0.46875f, 0.75f, 0.828125f }, 4) },
                1.342315475660295,
                new[] { new double[] { 0.9887171516597115, 1.4662716572824745, 1.6269718118491967, 1.6734101032057573 } },
                new[] { new float[] { -0.8125f, 0.296875f, 0.078125f, 0.5f } },
                0.5957789369358162,
                new[] { new double[] { -0.05145752487768962, 0.16047060118692738, 0.04628680367323025, 0.29771056379667926 } }),
            ["WhileLoops0"] = new(
                new[] { In(new float[] { -1.109375f, 0.421875f, 1.015625f, -1.390625f }, 4) },
                -1.59375,
                new[] { new double[] { 1.5, 1.5, 1.5, 1.5 } },
                new[] { new float[] { 0.609375f, -1.0f, 0.859375f, 0.765625f } },
                1.8515625,
                new[] { new double[] { 0.0, 0.0, 0.0, 0.0 } }),
            ["EmbeddingFloatIndices"] = new(
                new[] { In(new float[] { -0.921875f, -0.703125f, -0.109375f, -0.984375f, 0.109375f, -0.46875f, 0.46875f, 0.09375f, 0.5625f, -0.765625f, 0.625f, 0.703125f }, 4, 3), In(new float[] { 1.0f, 3.0f, 1.0f, 0.0f, 2.0f, 3.0f }, 2, 3) },
                7.244873046875,
                new[] { new double[] { -1.84375, -1.40625, -0.21875, -3.9375, 0.4375, -1.875, 0.9375, 0.1875, 1.125, -3.0625, 2.5, 2.8125 } },
                new[] { new float[] { 0.859375f, 0.53125f, -0.234375f, -0.5f, 0.828125f, -0.15625f, -0.03125f, 0.390625f, 0.375f, 0.390625f, 0.25f, 0.015625f } },
                0.2822265625,
                new[] { new double[] { 1.71875, 1.0625, -0.46875, -2.0, 3.3125, -0.625, -0.0625, 0.78125, 0.75, 1.5625, 1.0, 0.0625 } }),
        };
    }
}
