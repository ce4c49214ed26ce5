using System;

namespace Diff.NN
{
    /// <summary>
    /// A fully connected layer, <c>y = x Wᵀ + b</c>, like PyTorch's <c>nn.Linear</c>: it maps the last
    /// dimension of its input from <see cref="InFeatures"/> to <see cref="OutFeatures"/>.
    /// </summary>
    public sealed partial class Linear : Module
    {
        /// <summary>
        /// Creates the layer with PyTorch's default initialisation: the weight from kaiming-uniform
        /// with <c>a = √5</c>, which is U(−1/√in, 1/√in), and the bias from U(−1/√in, 1/√in).
        /// </summary>
        /// <param name="inFeatures">The size of each input sample; at least 1.</param>
        /// <param name="outFeatures">The size of each output sample; at least 1.</param>
        /// <param name="bias">Whether the layer learns an additive bias.</param>
        /// <param name="generator">The random source for the initial values, for reproducible runs; null uses the default one.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
        public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
            InFeatures = inFeatures;
            OutFeatures = outFeatures;

            float bound = 1f / MathF.Sqrt(inFeatures);
            // Registered in PyTorch's order so that names and checkpoints line up: weight, then bias.
            Weight = RegisterParameter("weight", Uniform(new[] { outFeatures, inFeatures }, bound, generator));
            Bias = bias ? RegisterParameter("bias", Uniform(new[] { outFeatures }, bound, generator)) : null;
        }

        /// <summary>The size of each input sample.</summary>
        public int InFeatures { get; }

        /// <summary>The size of each output sample.</summary>
        public int OutFeatures { get; }

        /// <summary>The weight, of shape [<see cref="OutFeatures"/>, <see cref="InFeatures"/>].</summary>
        public Parameter Weight { get; }

        /// <summary>The bias, of shape [<see cref="OutFeatures"/>], or null for a layer without one.</summary>
        public Parameter? Bias { get; }

        /// <summary>Computes <c>input Wᵀ + b</c>.</summary>
        /// <param name="input">A tensor whose last dimension is <see cref="InFeatures"/>.</param>
        /// <returns>The same shape with the last dimension <see cref="OutFeatures"/>.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight.Value, Bias?.Value);

        /// <summary>Describes the layer like PyTorch does.</summary>
        /// <returns>For example <c>Linear(in_features=10, out_features=32, bias=True)</c>.</returns>
        public override string ToString() =>
            $"Linear(in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is null ? "False" : "True")})";

        private static Tensor Uniform(int[] shape, float bound, Generator? generator)
        {
            // U(0, 1) mapped onto U(-bound, bound) in place: the fresh tensor is not shared yet.
            Tensor tensor = Tensor.Rand(shape, generator);
            Span<float> values = tensor.AsSpan();
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (values[i] * 2f - 1f) * bound;
            }

            return tensor;
        }
    }
}
