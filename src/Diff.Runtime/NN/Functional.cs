using System;

namespace Diff.NN
{
    /// <summary>
    /// Layers and losses as plain functions, like PyTorch's <c>torch.nn.functional</c>. Each is
    /// <c>[Differentiable]</c>, so it can be called from any differentiable method.
    /// </summary>
    public static partial class Functional
    {
        /// <summary>The rectified linear unit, <c>max(0, x)</c> elementwise.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor Relu(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.Relu();
        }

        /// <summary>The logistic function, <c>1 / (1 + e^−x)</c> elementwise.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor Sigmoid(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.Sigmoid();
        }

        /// <summary>The hyperbolic tangent elementwise.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor Tanh(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.Tanh();
        }

        /// <summary>The softmax along <paramref name="dim"/>, <c>exp(xᵢ − max) / Σⱼ exp(xⱼ − max)</c>.</summary>
        /// <param name="input">Any tensor.</param>
        /// <param name="dim">The dimension whose slices sum to one; negative values count from the end.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor Softmax(Tensor input, int dim)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.Softmax(dim);
        }

        /// <summary>
        /// The logarithm of the softmax along <paramref name="dim"/>, <c>xᵢ − max − log Σⱼ exp(xⱼ − max)</c>,
        /// which stays finite where <c>log(softmax)</c> would underflow.
        /// </summary>
        /// <param name="input">Any tensor.</param>
        /// <param name="dim">The dimension to normalise; negative values count from the end.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor LogSoftmax(Tensor input, int dim)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.LogSoftmax(dim);
        }

        /// <summary>The affine map <c>input · weightᵀ + bias</c>, like PyTorch's <c>F.linear</c>.</summary>
        /// <param name="input">A tensor whose last dimension is the weight's second.</param>
        /// <param name="weight">The weight, [out, in].</param>
        /// <param name="bias">The bias, [out], or null for none.</param>
        /// <returns>The input's shape with the last dimension <c>out</c>.</returns>
        [Differentiable]
        public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(weight);
            return Tensor.Linear(input, weight, bias);
        }
    }
}
