using System;

namespace Diff.NN
{
    /// <summary>
    /// Dropout, like PyTorch's <c>nn.Dropout</c>: in training mode each element is zeroed with
    /// probability <see cref="P"/> and the kept ones are scaled by <c>1 / (1 − p)</c>, so that the
    /// expected output equals the input; in evaluation mode the input passes through unchanged.
    /// </summary>
    public sealed partial class Dropout : Module
    {
        private readonly Generator? _generator;

        /// <summary>Creates the layer.</summary>
        /// <param name="p">The probability of zeroing an element, in [0, 1].</param>
        /// <param name="generator">The random source for the masks, for reproducible runs; null uses the default one.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
        public Dropout(float p = 0.5f, Generator? generator = null)
        {
            if (!(p >= 0f && p <= 1f))
            {
                throw new ArgumentOutOfRangeException(nameof(p), p, "The dropout probability must be between 0 and 1.");
            }

            P = p;
            _generator = generator;
        }

        /// <summary>The probability of zeroing an element.</summary>
        public float P { get; }

        /// <summary>Applies dropout in training mode; returns the input itself in evaluation mode.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            Tensor output = input;
            if (Training && P > 0f)
            {
                // Drawn on the host, so that a seed drops the same elements on every device.
                Tensor mask = CreateMask(input.Shape).To(input.Device);
                output = input * mask;
            }

            return output;
        }

        /// <summary>Describes the layer like PyTorch does.</summary>
        /// <returns>For example <c>Dropout(p=0.5)</c>.</returns>
        public override string ToString() => $"Dropout(p={P.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

        /// <summary>
        /// A tensor of <c>1 / (1 − p)</c> for kept elements and 0 for dropped ones. It depends on no
        /// tensor's values, so the gradient treats it as a constant: the backward of the product
        /// multiplies by the same mask, as PyTorch's does.
        /// </summary>
        private Tensor CreateMask(int[] shape)
        {
            Tensor mask = Tensor.Rand(shape, _generator);
            Span<float> values = mask.AsSpan();
            // With p = 1 everything is dropped; the scale would be infinite, and PyTorch returns zeros.
            float scale = P < 1f ? 1f / (1f - P) : 0f;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = values[i] < P ? 0f : scale;
            }

            return mask;
        }
    }
}
