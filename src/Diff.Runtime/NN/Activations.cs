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

    /// <summary>The Gaussian error linear unit, like PyTorch's <c>nn.GELU</c> (exact by default, or the tanh form).</summary>
    public sealed partial class GELU : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="approximate">The exact form (PyTorch's default <c>'none'</c>) or the tanh approximation.</param>
        public GELU(GeluApproximation approximate = GeluApproximation.None)
        {
            Approximate = approximate;
        }

        /// <summary>The formula used.</summary>
        public GeluApproximation Approximate { get; }

        /// <summary>Applies GELU to every element.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input.Gelu(Approximate);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => "approximate='" + (Approximate == GeluApproximation.Tanh ? "tanh" : "none") + "'";
    }

    /// <summary><c>x</c> above zero and <c>negativeSlope · x</c> below, like PyTorch's <c>nn.LeakyReLU</c>.</summary>
    public sealed partial class LeakyReLU : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="negativeSlope">The slope below zero (0.01).</param>
        public LeakyReLU(double negativeSlope = 0.01)
        {
            NegativeSlope = negativeSlope;
        }

        /// <summary>The slope below zero.</summary>
        public double NegativeSlope { get; }

        /// <summary>Applies the function to every element.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input.LeakyRelu((float)NegativeSlope);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => "negative_slope=" + PythonFloat(NegativeSlope);
    }

    /// <summary><c>x</c> above zero and <c>α(eˣ − 1)</c> below, like PyTorch's <c>nn.ELU</c>.</summary>
    public sealed partial class ELU : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="alpha">The scale of the negative part (1).</param>
        public ELU(double alpha = 1.0)
        {
            Alpha = alpha;
        }

        /// <summary>The scale of the negative part.</summary>
        public double Alpha { get; }

        /// <summary>Applies the function to every element.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input.Elu((float)Alpha);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => "alpha=" + PythonFloat(Alpha);
    }

    /// <summary>The sigmoid-weighted linear unit <c>x · σ(x)</c>, like PyTorch's <c>nn.SiLU</c>.</summary>
    public sealed partial class SiLU : Module
    {
        /// <summary>Applies the function to every element.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input.Silu();
        }
    }

    /// <summary><c>log(1 + e^(βx)) / β</c>, linear above a threshold, like PyTorch's <c>nn.Softplus</c>.</summary>
    public sealed partial class Softplus : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="beta">The sharpness β (1); not zero.</param>
        /// <param name="threshold">Above this value of βx the function is linear (20).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is zero or not finite.</exception>
        public Softplus(double beta = 1.0, double threshold = 20.0)
        {
            if (beta == 0 || !double.IsFinite(beta))
            {
                throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be finite and not zero.");
            }

            Beta = beta;
            Threshold = threshold;
        }

        /// <summary>The sharpness β.</summary>
        public double Beta { get; }

        /// <summary>The value of βx above which the function is linear.</summary>
        public double Threshold { get; }

        /// <summary>Applies the function to every element.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input.Softplus((float)Beta, (float)Threshold);
        }

        /// <inheritdoc/>
        // PyTorch's defaults are the integers 1 and 20, and it prints them so.
        protected override string ExtraRepr() => $"beta={Number(Beta)}, threshold={Number(Threshold)}";

        private static string Number(double value) =>
            value == Math.Floor(value) && Math.Abs(value) < 1e15 ? ((long)value).ToString(System.Globalization.CultureInfo.InvariantCulture) : PythonFloat(value);
    }

    /// <summary><c>log σ(x)</c>, computed stably, like PyTorch's <c>nn.LogSigmoid</c>.</summary>
    public sealed partial class LogSigmoid : Module
    {
        /// <summary>Applies the function to every element.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input.LogSigmoid();
        }
    }

    /// <summary>Clips to [min, max], like PyTorch's <c>nn.Hardtanh</c>; its gradient is 0 at the bounds.</summary>
    public sealed partial class Hardtanh : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="minValue">The lower bound (−1).</param>
        /// <param name="maxValue">The upper bound (1), greater than <paramref name="minValue"/>.</param>
        /// <exception cref="ArgumentException"><paramref name="maxValue"/> is not greater than <paramref name="minValue"/>.</exception>
        public Hardtanh(double minValue = -1.0, double maxValue = 1.0)
        {
            if (!(maxValue > minValue))
            {
                throw new ArgumentException($"maxValue ({maxValue}) must be greater than minValue ({minValue}).", nameof(maxValue));
            }

            MinValue = minValue;
            MaxValue = maxValue;
        }

        /// <summary>The lower bound.</summary>
        public double MinValue { get; }

        /// <summary>The upper bound.</summary>
        public double MaxValue { get; }

        /// <summary>Applies the function to every element.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input.Hardtanh((float)MinValue, (float)MaxValue);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"min_val={PythonFloat(MinValue)}, max_val={PythonFloat(MaxValue)}";
    }
}
