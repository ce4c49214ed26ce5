using System;
using Diff.Internal;

namespace Diff
{
    /// <summary>Which formula <see cref="Tensor.Gelu(GeluApproximation)"/> uses, like PyTorch's <c>approximate</c> argument.</summary>
    public enum GeluApproximation
    {
        /// <summary>The exact <c>x · Φ(x)</c> with the Gaussian cumulative distribution Φ (PyTorch's <c>'none'</c>).</summary>
        None,

        /// <summary>The tanh form <c>0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))</c> (PyTorch's <c>'tanh'</c>).</summary>
        Tanh,
    }

    public sealed partial class Tensor
    {
        internal const double SqrtTwoOverPi = 0.7978845608028654;
        internal const double GeluTanhCoefficient = 0.044715;
        private const double InverseSqrtTwo = 0.7071067811865476;

        /// <summary>The Gaussian error linear unit of each element, like <c>F.gelu(x, approximate=…)</c>.</summary>
        /// <param name="approximate">The exact form (PyTorch's default) or the tanh approximation.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Gelu(GeluApproximation approximate = GeluApproximation.None)
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, approximate == GeluApproximation.Tanh ? DeviceKernels.GeluTanhLauncher.Forward : DeviceKernels.GeluErfLauncher.Forward);
            }

            Tensor result = UninitializedLike(this);
            float[] x = Host(), y = result.Host();
            if (approximate == GeluApproximation.Tanh)
            {
                for (int i = 0; i < y.Length; i++)
                {
                    double v = x[i];
                    y[i] = (float)(0.5 * v * (1.0 + Math.Tanh(SqrtTwoOverPi * (v + GeluTanhCoefficient * v * v * v))));
                }
            }
            else
            {
                for (int i = 0; i < y.Length; i++)
                {
                    double v = x[i];
                    // x·Φ(x) = x·erfc(−x/√2)/2 stays accurate for large negative x, where 1 + erf cancels.
                    y[i] = (float)(0.5 * v * SpecialFunctions.Erfc(-v * InverseSqrtTwo));
                }
            }

            return result;
        }

        /// <summary><c>x</c> for positive elements and <c>negativeSlope · x</c> otherwise, like <c>F.leaky_relu</c>.</summary>
        /// <param name="negativeSlope">The slope below zero (PyTorch's default 0.01).</param>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor LeakyRelu(float negativeSlope = 0.01f)
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, (accelerator, extent, x, y) => DeviceKernels.LeakyReluLauncher.Forward(accelerator, extent, negativeSlope, x, y));
            }

            Tensor result = UninitializedLike(this);
            float[] x = Host(), y = result.Host();
            GradientGates.Select(x, x, y, default(GradientGates.Positive), negativeSlope);

            return result;
        }

        /// <summary><c>x</c> for positive elements and <c>α(eˣ − 1)</c> otherwise, like <c>F.elu</c>.</summary>
        /// <param name="alpha">The scale of the negative part (PyTorch's default 1).</param>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Elu(float alpha = 1f)
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, (accelerator, extent, x, y) => DeviceKernels.EluLauncher.Forward(accelerator, extent, alpha, x, y));
            }

            Tensor result = UninitializedLike(this);
            float[] x = Host(), y = result.Host();
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = x[i] > 0f ? x[i] : (float)(alpha * (Math.Exp(x[i]) - 1.0));
            }

            return result;
        }

        /// <summary>The sigmoid-weighted linear unit <c>x · σ(x)</c> of each element, like <c>F.silu</c>.</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Silu()
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, DeviceKernels.SiluLauncher.Forward);
            }

            Tensor result = UninitializedLike(this);
            float[] x = Host(), y = result.Host();
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = (float)(x[i] / (1.0 + Math.Exp(-x[i])));
            }

            return result;
        }

        /// <summary>
        /// <c>log(1 + e^(βx)) / β</c> of each element, and <c>x</c> itself where <c>βx</c> exceeds
        /// <paramref name="threshold"/>, like <c>F.softplus</c>.
        /// </summary>
        /// <param name="beta">The sharpness β (PyTorch's default 1); not zero.</param>
        /// <param name="threshold">Above this value of βx the function is linear (PyTorch's default 20).</param>
        /// <returns>A new tensor of the same shape.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is zero or not finite.</exception>
        public Tensor Softplus(float beta = 1f, float threshold = 20f)
        {
            if (beta == 0f || !float.IsFinite(beta))
            {
                throw new ArgumentOutOfRangeException(nameof(beta), beta, $"Softplus needs a finite, non-zero beta (tensor of shape {ShapeText(_shape)}).");
            }

            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, (accelerator, extent, x, y) => DeviceKernels.SoftplusLauncher.Forward(accelerator, extent, beta, threshold, x, y));
            }

            Tensor result = UninitializedLike(this);
            float[] x = Host(), y = result.Host();
            for (int i = 0; i < y.Length; i++)
            {
                double scaled = (double)x[i] * beta;
                y[i] = scaled > threshold ? x[i] : (float)(Log1PExp(scaled) / beta);
            }

            return result;
        }

        /// <summary><c>log σ(x) = −softplus(−x)</c> of each element, computed stably, like <c>F.logsigmoid</c>.</summary>
        /// <returns>A new tensor of the same shape, with values at most 0.</returns>
        public Tensor LogSigmoid()
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, DeviceKernels.LogSigmoidLauncher.Forward);
            }

            Tensor result = UninitializedLike(this);
            float[] x = Host(), y = result.Host();
            for (int i = 0; i < y.Length; i++)
            {
                double v = x[i];
                y[i] = (float)(Math.Min(v, 0.0) - Log1P(Math.Exp(-Math.Abs(v))));
            }

            return result;
        }

        /// <summary>
        /// Each element clipped to [<paramref name="minValue"/>, <paramref name="maxValue"/>], like
        /// <c>F.hardtanh</c>. Unlike <see cref="Clamp"/>, its gradient is 0 at the bounds themselves, as in PyTorch.
        /// </summary>
        /// <param name="minValue">The lower bound (PyTorch's default −1).</param>
        /// <param name="maxValue">The upper bound (PyTorch's default 1); greater than <paramref name="minValue"/>.</param>
        /// <returns>A new tensor of the same shape.</returns>
        /// <exception cref="ArgumentException"><paramref name="maxValue"/> is not greater than <paramref name="minValue"/>.</exception>
        public Tensor Hardtanh(float minValue = -1f, float maxValue = 1f)
        {
            if (!(maxValue > minValue))
            {
                throw new ArgumentException($"Hardtanh needs maxValue > minValue, but got minValue = {minValue} and maxValue = {maxValue} (tensor of shape {ShapeText(_shape)}).", nameof(maxValue));
            }

            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, (accelerator, extent, x, y) => DeviceKernels.HardtanhLauncher.Forward(accelerator, extent, minValue, maxValue, x, y));
            }

            Tensor result = UninitializedLike(this);
            float[] x = Host(), y = result.Host();
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = Math.Clamp(x[i], minValue, maxValue);
            }

            return result;
        }

        /// <summary>log(1 + u) for u ≥ 0, accurate also for tiny u.</summary>
        internal static double Log1P(double u) => u < 1e-4 ? u * (1.0 - u * (0.5 - u / 3.0)) : Math.Log(1.0 + u);

        /// <summary>log(1 + eᵗ) without overflow.</summary>
        internal static double Log1PExp(double t) => t > 0 ? t + Log1P(Math.Exp(-t)) : Log1P(Math.Exp(t));

        /// <summary>The logistic function 1 / (1 + e^(−t)) in double, without overflow.</summary>
        internal static double Logistic(double t) => t >= 0 ? 1.0 / (1.0 + Math.Exp(-t)) : Math.Exp(t) / (1.0 + Math.Exp(t));
    }
}
