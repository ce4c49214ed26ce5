using System;

namespace Diff.NN
{
    /// <summary>The rectified linear unit, <c>max(0, x)</c> elementwise, like PyTorch's <c>nn.ReLU</c>.</summary>
    public sealed partial class ReLU : Module
    {
        /// <summary>Applies <c>max(0, x)</c> to every element.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return Functional.Relu(input);
        }

        /// <summary>Describes the layer like PyTorch does.</summary>
        /// <returns><c>ReLU()</c>.</returns>
        public override string ToString() => "ReLU()";
    }

    /// <summary>The logistic function, <c>1 / (1 + e^−x)</c> elementwise, like PyTorch's <c>nn.Sigmoid</c>.</summary>
    public sealed partial class Sigmoid : Module
    {
        /// <summary>Applies the logistic function to every element.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape, with values in (0, 1).</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return Functional.Sigmoid(input);
        }

        /// <summary>Describes the layer like PyTorch does.</summary>
        /// <returns><c>Sigmoid()</c>.</returns>
        public override string ToString() => "Sigmoid()";
    }

    /// <summary>The hyperbolic tangent elementwise, like PyTorch's <c>nn.Tanh</c>.</summary>
    public sealed partial class Tanh : Module
    {
        /// <summary>Applies tanh to every element.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape, with values in (−1, 1).</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return Functional.Tanh(input);
        }

        /// <summary>Describes the layer like PyTorch does.</summary>
        /// <returns><c>Tanh()</c>.</returns>
        public override string ToString() => "Tanh()";
    }

    /// <summary>
    /// The softmax along one dimension, <c>exp(xᵢ) / Σⱼ exp(xⱼ)</c>, computed stably, like PyTorch's
    /// <c>nn.Softmax(dim)</c>.
    /// </summary>
    public sealed partial class Softmax : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="dim">
        /// The dimension whose slices sum to one; negative values count from the end, as in PyTorch.
        /// It is checked against the input's rank when <see cref="Forward(Tensor)"/> runs.
        /// </param>
        public Softmax(int dim)
        {
            Dim = dim;
        }

        /// <summary>The dimension whose slices sum to one.</summary>
        public int Dim { get; }

        /// <summary>Applies the softmax along <see cref="Dim"/>.</summary>
        /// <param name="input">Any tensor with the dimension <see cref="Dim"/>.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return Functional.Softmax(input, Dim);
        }

        /// <summary>Describes the layer like PyTorch does.</summary>
        /// <returns>For example <c>Softmax(dim=1)</c>.</returns>
        public override string ToString() => $"Softmax(dim={Dim})";
    }
}
