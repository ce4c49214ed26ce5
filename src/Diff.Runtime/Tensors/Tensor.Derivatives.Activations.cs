using System;
using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        private const double InverseSqrtTwoPi = 0.3989422804014327;

        /// <summary>Backward of <see cref="Gelu"/>: Φ(x) + x·φ(x) for the exact form, the tanh form's own derivative otherwise.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Gelu))]
        public static void GeluBackward(Tensor self, GeluApproximation approximate, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(
                    self, result, dResult, ref dSelf, approximate == GeluApproximation.Tanh ? DeviceKernels.GeluTanhLauncher.Backward : DeviceKernels.GeluErfLauncher.Backward);
                return;
            }

            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            Tensor gradient = UninitializedLike(self);
            float[] x = self.Host(), g = dResult.Host(), d = gradient.Host();
            for (int i = 0; i < d.Length; i++)
            {
                double v = x[i];
                double slope;
                if (approximate == GeluApproximation.Tanh)
                {
                    double inner = SqrtTwoOverPi * (v + GeluTanhCoefficient * v * v * v);
                    double t = Math.Tanh(inner);
                    slope = 0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * SqrtTwoOverPi * (1.0 + 3.0 * GeluTanhCoefficient * v * v);
                }
                else
                {
                    slope = 0.5 * SpecialFunctions.Erfc(-v * InverseSqrtTwo) + v * InverseSqrtTwoPi * Math.Exp(-0.5 * v * v);
                }

                d[i] = (float)(g[i] * slope);
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>Backward of <see cref="LeakyRelu"/>: 1 above zero, the slope at and below zero (PyTorch's choice at 0).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(LeakyRelu))]
        [PiecewiseLinear]
        public static void LeakyReluBackward(Tensor self, float negativeSlope, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, (accelerator, extent, x, y, dX, dY) => DeviceKernels.LeakyReluLauncher.Backward(accelerator, extent, negativeSlope, x, y, dX, dY));
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLikeForOverwrite(self);
                float[] x = self.Host(), g = dResult.Host(), d = gradient.Host();
                GradientGates.Select(x, g, d, default(GradientGates.Positive), negativeSlope);

                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Elu"/>: 1 above zero, α·eˣ at and below zero (α at 0, as in PyTorch).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Elu))]
        public static void EluBackward(Tensor self, float alpha, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, (accelerator, extent, x, y, dX, dY) => DeviceKernels.EluLauncher.Backward(accelerator, extent, alpha, x, y, dX, dY));
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                float[] x = self.Host(), g = dResult.Host(), d = gradient.Host();
                for (int i = 0; i < d.Length; i++)
                {
                    // Tested as "not at most 0", as PyTorch does: a NaN passes its gradient.
                    d[i] = !(x[i] <= 0f) ? g[i] : (float)(g[i] * alpha * Math.Exp(x[i]));
                }

                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Silu"/>: σ(x)·(1 + x·(1 − σ(x))).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Silu))]
        public static void SiluBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, DeviceKernels.SiluLauncher.Backward);
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                float[] x = self.Host(), g = dResult.Host(), d = gradient.Host();
                for (int i = 0; i < d.Length; i++)
                {
                    double s = Logistic(x[i]);
                    d[i] = (float)(g[i] * s * (1.0 + x[i] * (1.0 - s)));
                }

                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Softplus"/>: σ(βx), and 1 where βx exceeds the threshold.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Softplus))]
        public static void SoftplusBackward(Tensor self, float beta, float threshold, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, (accelerator, extent, x, y, dX, dY) => DeviceKernels.SoftplusLauncher.Backward(accelerator, extent, beta, threshold, x, y, dX, dY));
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                float[] x = self.Host(), g = dResult.Host(), d = gradient.Host();
                for (int i = 0; i < d.Length; i++)
                {
                    double scaled = (double)x[i] * beta;
                    d[i] = scaled > threshold ? g[i] : (float)(g[i] * Logistic(scaled));
                }

                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="LogSigmoid"/>: σ(−x) = 1 − σ(x) (½ at 0).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(LogSigmoid))]
        public static void LogSigmoidBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, DeviceKernels.LogSigmoidLauncher.Backward);
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                float[] x = self.Host(), g = dResult.Host(), d = gradient.Host();
                for (int i = 0; i < d.Length; i++)
                {
                    d[i] = (float)(g[i] * Logistic(-(double)x[i]));
                }

                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Hardtanh"/>: 1 strictly inside the bounds and at NaN, 0 at and beyond them (PyTorch).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Hardtanh))]
        [PiecewiseLinear]
        public static void HardtanhBackward(Tensor self, float minValue, float maxValue, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, (accelerator, extent, x, y, dX, dY) => DeviceKernels.HardtanhLauncher.Backward(accelerator, extent, minValue, maxValue, x, y, dX, dY));
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                float[] x = self.Host(), g = dResult.Host(), d = gradient.Host();
                GradientGates.Select(x, g, d, new GradientGates.NotOutside(minValue, maxValue));

                Grad.Accumulate(ref dSelf, gradient);
            }
        }
    }
}
