using System;
using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// Backward of <see cref="BCEWithLogitsElements"/>, PyTorch's formulas:
        /// dx = ((p·y + 1 − y)·σ(x) − p·y)·g (σ(x) − y at p = 1, so ½ − y at x = 0),
        /// dy = (−x + (p − 1)·log(1 + e^(−x)))·g, dp = y·log(1 + e^(−x))·g summed to p's shape.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(BCEWithLogitsElements))]
        public static void BCEWithLogitsElementsBackward(
            Tensor input, Tensor target, Tensor? posWeight, Tensor result, Tensor dResult,
            ref Tensor? dInput, ref Tensor? dTarget, ref Tensor? dPosWeight)
        {
            bool wantInput = Grad.Wanted(ref dInput), wantTarget = Grad.Wanted(ref dTarget);
            bool wantWeight = posWeight is not null && Grad.Wanted(ref dPosWeight);
            if (!wantInput && !wantTarget && !wantWeight)
            {
                return;
            }

            float[]? p = CheckPointwiseLoss("BCEWithLogitsLoss", input, target, posWeight);
            if (input.IsOnDevice)
            {
                DeviceOps.BCEWithLogitsGradient(input, target, posWeight, result, dResult, ref dInput, ref dTarget, ref dPosWeight);
                return;
            }

            float[] x = input.Host(), y = target.Host(), g = dResult.Host();
            Tensor? gx = wantInput ? UninitializedLike(input) : null;
            Tensor? gy = wantTarget ? UninitializedLike(target) : null;
            Tensor? gp = wantWeight ? UninitializedLike(input) : null;
            for (int i = 0; i < x.Length; i++)
            {
                double v = x[i], pw = p is null ? 1.0 : p[i];
                double softplusNegative = Math.Max(-v, 0.0) + Log1P(Math.Exp(-Math.Abs(v)));
                if (gx is not null)
                {
                    gx.Host()[i] = (float)(((pw * y[i] + 1.0 - y[i]) * Logistic(v) - pw * y[i]) * g[i]);
                }

                if (gy is not null)
                {
                    gy.Host()[i] = (float)((-v + (pw - 1.0) * softplusNegative) * g[i]);
                }

                if (gp is not null)
                {
                    gp.Host()[i] = (float)(y[i] * softplusNegative * g[i]);
                }
            }

            if (gx is not null)
            {
                Grad.Accumulate(ref dInput, gx);
            }

            if (gy is not null)
            {
                Grad.Accumulate(ref dTarget, gy);
            }

            if (gp is not null)
            {
                Grad.Accumulate(ref dPosWeight, gp.SumTo(posWeight!._shape));
            }
        }

        /// <summary>Backward of <see cref="HuberLossElements"/>: d clipped to [−δ, δ] for the input, its negative for the target.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(HuberLossElements))]
        public static void HuberLossElementsBackward(
            Tensor input, Tensor target, float delta, Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dTarget)
        {
            if (input.IsOnDevice)
            {
                DeviceOps.PairLossGradient(
                    input, target, result, dResult, ref dInput, ref dTarget,
                    (accelerator, extent, x, t, l, dX, dT, dL) => DeviceKernels.HuberLauncher.Backward(accelerator, extent, delta, x, t, l, dX, dT, dL));
                return;
            }

            DifferenceBackward(input, target, dResult, ref dInput, ref dTarget, d => Math.Clamp(d, -delta, delta));
        }

        /// <summary>
        /// Backward of <see cref="SmoothL1LossElements"/>: d/β inside (−β, β), sign(d) outside, with
        /// PyTorch 1.13's order of tests: d ≤ −β gives −1 first, so β = 0 gives −1 at d = 0.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(SmoothL1LossElements))]
        public static void SmoothL1LossElementsBackward(
            Tensor input, Tensor target, float beta, Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dTarget)
        {
            if (input.IsOnDevice)
            {
                DeviceOps.PairLossGradient(
                    input, target, result, dResult, ref dInput, ref dTarget,
                    (accelerator, extent, x, t, l, dX, dT, dL) => DeviceKernels.SmoothL1Launcher.Backward(accelerator, extent, beta, x, t, l, dX, dT, dL));
                return;
            }

            DifferenceBackward(input, target, dResult, ref dInput, ref dTarget, d => d <= -beta ? -1.0 : d >= beta ? 1.0 : d / beta);
        }

        /// <summary>
        /// Backward of <see cref="KLDivElements"/>: dx = −y·g (−eʸ·g for a log target);
        /// dy = (log y + 1 − x)·g, NaN where y = 0 as in PyTorch (eʸ·(y − x + 1)·g for a log target).
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(KLDivElements))]
        public static void KLDivElementsBackward(
            Tensor input, Tensor target, bool logTarget, Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dTarget)
        {
            bool wantInput = Grad.Wanted(ref dInput), wantTarget = Grad.Wanted(ref dTarget);
            if (!wantInput && !wantTarget)
            {
                return;
            }

            if (DeviceOps.OnDevice(input, target, "KLDivLoss"))
            {
                DeviceOps.PairGradient(
                    input, target, result, dResult, ref dInput, ref dTarget,
                    (accelerator, extent, x, t, l, dX, dT, dL) => DeviceKernels.KLDivLauncher.Backward(accelerator, extent, logTarget ? 1 : 0, x, t, l, dX, dT, dL));
                return;
            }

            float[] x = input.Host(), y = target.Host(), g = dResult.Host();
            Tensor? gx = wantInput ? UninitializedLike(input) : null;
            Tensor? gy = wantTarget ? UninitializedLike(target) : null;
            for (int i = 0; i < x.Length; i++)
            {
                double t = y[i];
                if (logTarget)
                {
                    double e = Math.Exp(t);
                    if (gx is not null)
                    {
                        gx.Host()[i] = (float)(-e * g[i]);
                    }

                    if (gy is not null)
                    {
                        gy.Host()[i] = (float)(e * (t - x[i] + 1.0) * g[i]);
                    }
                }
                else
                {
                    if (gx is not null)
                    {
                        gx.Host()[i] = (float)(-t * g[i]);
                    }

                    if (gy is not null)
                    {
                        // d(t·log t)/dt is unbounded at t = 0; PyTorch 1.13 returns NaN there, and so do we.
                        gy.Host()[i] = t == 0.0 ? float.NaN : (float)((Math.Log(t) + 1.0 - x[i]) * g[i]);
                    }
                }
            }

            if (gx is not null)
            {
                Grad.Accumulate(ref dInput, gx);
            }

            if (gy is not null)
            {
                Grad.Accumulate(ref dTarget, gy);
            }
        }

        /// <summary>
        /// The backward of a loss of d = input − target: slope(x − y)·g for the input and
        /// slope(y − x)·g for the target, PyTorch's form (the same as −slope(x − y)·g except where
        /// the slope is not odd, such as smooth L1 with β = 0 at d = 0).
        /// </summary>
        private static void DifferenceBackward(
            Tensor input, Tensor target, Tensor dResult, ref Tensor? dInput, ref Tensor? dTarget, Func<double, double> slope)
        {
            float[] x = input.Host(), y = target.Host(), g = dResult.Host();
            if (Grad.Wanted(ref dInput))
            {
                Tensor gradient = UninitializedLike(input);
                for (int i = 0; i < x.Length; i++)
                {
                    gradient.Host()[i] = (float)(slope((double)x[i] - y[i]) * g[i]);
                }

                Grad.Accumulate(ref dInput, gradient);
            }

            if (Grad.Wanted(ref dTarget))
            {
                Tensor gradient = UninitializedLike(target);
                for (int i = 0; i < x.Length; i++)
                {
                    gradient.Host()[i] = (float)(slope((double)y[i] - x[i]) * g[i]);
                }

                Grad.Accumulate(ref dTarget, gradient);
            }
        }
    }
}
