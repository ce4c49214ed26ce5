using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Backward of <see cref="Exp"/>: dResult · result.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Exp))]
        public static void ExpBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, DeviceKernels.ExpLauncher.Backward);
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                TensorPrimitives.Multiply(dResult.Host(), result.Host(), gradient.Host());
                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Log"/>: dResult / self.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Log))]
        public static void LogBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, DeviceKernels.LogLauncher.Backward);
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                TensorPrimitives.Divide(dResult.Host(), self.Host(), gradient.Host());
                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Sqrt"/>: dResult / (2 · result).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Sqrt))]
        public static void SqrtBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, DeviceKernels.SqrtLauncher.Backward);
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                TensorPrimitives.Divide(dResult.Host(), result.Host(), gradient.Host());
                TensorPrimitives.Multiply(gradient.Host(), 0.5f, gradient.Host());
                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Abs"/>: dResult · sign(self), with sign(0) = 0 as in PyTorch.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Abs))]
        [PiecewiseLinear]
        public static void AbsBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, DeviceKernels.AbsLauncher.Backward);
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                float[] x = self.Host(), g = dResult.Host(), d = gradient.Host();
                GradientGates.Sign(x, g, d);

                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Pow"/>: dResult · p · self^(p−1), and 0 for p = 0 as in PyTorch.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Pow))]
        public static void PowBackward(Tensor self, float exponent, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                if (exponent == 0f)
                {
                    // x⁰ is 1 everywhere, also at 0 where the general rule would give 0·0⁻¹.
                    Grad.Accumulate(ref dSelf, ZerosLike(self));
                }
                else if (exponent == 2f)
                {
                    DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, DeviceKernels.SquareLauncher.Backward);
                }
                else
                {
                    DeviceOps.UnaryGradient(
                        self, result, dResult, ref dSelf, (accelerator, extent, x, y, dX, dY) => DeviceKernels.PowLauncher.Backward(accelerator, extent, exponent, x, y, dX, dY));
                }

                return;
            }

            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            Tensor gradient = UninitializedLike(self);
            if (exponent == 0f)
            {
                Grad.Accumulate(ref dSelf, gradient);
                return;
            }

            if (exponent == 2f)
            {
                TensorPrimitives.Multiply(self.Host(), 2f, gradient.Host());
            }
            else if (exponent == 1f)
            {
                gradient.Host().AsSpan().Fill(1f);
            }
            else
            {
                TensorPrimitives.Pow(self.Host(), exponent - 1f, gradient.Host());
                TensorPrimitives.Multiply(gradient.Host(), exponent, gradient.Host());
            }

            TensorPrimitives.Multiply(gradient.Host(), dResult.Host(), gradient.Host());
            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>Backward of <see cref="Relu"/>: dResult where self &gt; 0 or is NaN, else 0 (also at 0), as in PyTorch.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Relu))]
        [PiecewiseLinear]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void ReluBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, DeviceKernels.ReluLauncher.Backward);
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLikeForOverwrite(self);
                float[] x = self.Host(), g = dResult.Host(), d = gradient.Host();
                GradientGates.Select(x, g, d, default(GradientGates.NotAtMostZero));

                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Sigmoid"/>: dResult · result · (1 − result).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Sigmoid))]
        public static void SigmoidBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, DeviceKernels.SigmoidLauncher.Backward);
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                TensorPrimitives.Subtract(1f, result.Host(), gradient.Host());
                TensorPrimitives.Multiply(gradient.Host(), result.Host(), gradient.Host());
                TensorPrimitives.Multiply(gradient.Host(), dResult.Host(), gradient.Host());
                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Tanh"/>: dResult · (1 − result²).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Tanh))]
        public static void TanhBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(self, result, dResult, ref dSelf, DeviceKernels.TanhLauncher.Backward);
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                TensorPrimitives.Multiply(result.Host(), result.Host(), gradient.Host());
                TensorPrimitives.Subtract(1f, gradient.Host(), gradient.Host());
                TensorPrimitives.Multiply(gradient.Host(), dResult.Host(), gradient.Host());
                Grad.Accumulate(ref dSelf, gradient);
            }
        }

        /// <summary>Backward of <see cref="Clamp"/>: dResult where min ≤ self ≤ max, else 0.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Clamp))]
        [PiecewiseLinear]
        public static void ClampBackward(Tensor self, float min, float max, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (self.IsOnDevice)
            {
                DeviceOps.UnaryGradient(
                    self, result, dResult, ref dSelf, (accelerator, extent, x, y, dX, dY) => DeviceKernels.ClampLauncher.Backward(accelerator, extent, min, max, x, y, dX, dY));
                return;
            }

            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = UninitializedLike(self);
                float[] x = self.Host(), g = dResult.Host(), d = gradient.Host();
                GradientGates.Select(x, g, d, new GradientGates.Between(min, max));

                Grad.Accumulate(ref dSelf, gradient);
            }
        }
    }
}
