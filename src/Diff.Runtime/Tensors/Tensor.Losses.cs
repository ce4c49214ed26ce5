using System;
using System.ComponentModel;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// The unreduced binary cross-entropy of logits, element by element:
        /// <c>(1 − y)·x + (1 + (p − 1)·y)·log(1 + e^(−x))</c> with p the positive weight, computed
        /// stably, like PyTorch's <c>binary_cross_entropy_with_logits(…, reduction='none')</c>.
        /// </summary>
        /// <remarks>Use <c>Diff.NN.Functional.BCEWithLogitsLoss</c> for the reduced loss.</remarks>
        /// <param name="input">Logits.</param>
        /// <param name="target">Targets in [0, 1], of the input's shape.</param>
        /// <param name="posWeight">The weight of positive examples, broadcast to the input's shape (typically [C]), or null for 1.</param>
        /// <returns>A new tensor of the input's shape.</returns>
        /// <exception cref="ArgumentException">The shapes do not fit.</exception>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static Tensor BCEWithLogitsElements(Tensor input, Tensor target, Tensor? posWeight)
        {
            float[]? p = CheckPointwiseLoss("BCEWithLogitsLoss", input, target, posWeight);
            if (DeviceOps.OnDevice(input, target, "BCEWithLogitsLoss") | (posWeight is not null && DeviceOps.OnDevice(input, posWeight, "BCEWithLogitsLoss")))
            {
                return DeviceOps.BCEWithLogits(input, target, posWeight);
            }

            Tensor output = UninitializedLike(input);
            float[] x = input.Host(), y = target.Host(), l = output.Host();
            for (int i = 0; i < l.Length; i++)
            {
                double v = x[i];
                double logWeight = p is null ? 1.0 : 1.0 + (p[i] - 1.0) * y[i];
                // log(1 + e^(−x)) = max(−x, 0) + log(1 + e^(−|x|)), finite for every x.
                l[i] = (float)((1.0 - y[i]) * v + logWeight * (Math.Max(-v, 0.0) + Log1P(Math.Exp(-Math.Abs(v)))));
            }

            return output;
        }

        /// <summary>
        /// The unreduced Huber loss of <c>d = input − target</c>, element by element:
        /// <c>½d²</c> where |d| &lt; δ, else <c>δ·(|d| − ½δ)</c>, like PyTorch's <c>huber_loss(…, reduction='none')</c>.
        /// </summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, of the input's shape.</param>
        /// <param name="delta">The threshold δ, positive.</param>
        /// <returns>A new tensor of the input's shape.</returns>
        /// <exception cref="ArgumentException">The shapes differ or δ is not positive.</exception>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static Tensor HuberLossElements(Tensor input, Tensor target, float delta)
        {
            CheckPointwiseLoss("HuberLoss", input, target, null);
            if (!(delta > 0f))
            {
                throw new ArgumentOutOfRangeException(nameof(delta), delta, "HuberLoss needs a positive delta.");
            }

            if (DeviceOps.OnDevice(input, target, "HuberLoss"))
            {
                return DeviceOps.PairLoss(input, target, (accelerator, extent, x, t, l) => DeviceKernels.HuberLauncher.Forward(accelerator, extent, delta, x, t, l));
            }

            Tensor output = UninitializedLike(input);
            float[] x = input.Host(), y = target.Host(), l = output.Host();
            for (int i = 0; i < l.Length; i++)
            {
                double d = (double)x[i] - y[i];
                double a = Math.Abs(d);
                l[i] = (float)(a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta));
            }

            return output;
        }

        /// <summary>
        /// The unreduced smooth L1 loss of <c>d = input − target</c>, element by element:
        /// <c>½d²/β</c> where |d| &lt; β, else <c>|d| − ½β</c>; β = 0 is the L1 loss, like PyTorch's
        /// <c>smooth_l1_loss(…, reduction='none')</c>.
        /// </summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, of the input's shape.</param>
        /// <param name="beta">The threshold β, at least 0.</param>
        /// <returns>A new tensor of the input's shape.</returns>
        /// <exception cref="ArgumentException">The shapes differ or β is negative.</exception>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static Tensor SmoothL1LossElements(Tensor input, Tensor target, float beta)
        {
            CheckPointwiseLoss("SmoothL1Loss", input, target, null);
            if (!(beta >= 0f))
            {
                throw new ArgumentOutOfRangeException(nameof(beta), beta, "SmoothL1Loss needs beta >= 0.");
            }

            if (DeviceOps.OnDevice(input, target, "SmoothL1Loss"))
            {
                return DeviceOps.PairLoss(input, target, (accelerator, extent, x, t, l) => DeviceKernels.SmoothL1Launcher.Forward(accelerator, extent, beta, x, t, l));
            }

            Tensor output = UninitializedLike(input);
            float[] x = input.Host(), y = target.Host(), l = output.Host();
            for (int i = 0; i < l.Length; i++)
            {
                double d = (double)x[i] - y[i];
                double a = Math.Abs(d);
                l[i] = (float)(a < beta ? 0.5 * d * d / beta : a - 0.5 * beta);
            }

            return output;
        }

        /// <summary>
        /// The unreduced Kullback–Leibler divergence with log-probability input, element by element:
        /// <c>y·(log y − x)</c> with <c>0·log 0 = 0</c>, or <c>eʸ·(y − x)</c> when the target is given as
        /// log-probabilities, like PyTorch's <c>kl_div(…, reduction='none')</c>.
        /// </summary>
        /// <param name="input">Log-probabilities.</param>
        /// <param name="target">Probabilities, or log-probabilities with <paramref name="logTarget"/>; of the input's shape.</param>
        /// <param name="logTarget">Whether the target holds log-probabilities.</param>
        /// <returns>A new tensor of the input's shape.</returns>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public static Tensor KLDivElements(Tensor input, Tensor target, bool logTarget)
        {
            CheckPointwiseLoss("KLDivLoss", input, target, null);
            if (DeviceOps.OnDevice(input, target, "KLDivLoss"))
            {
                return DeviceOps.PairLoss(input, target, (accelerator, extent, x, t, l) => DeviceKernels.KLDivLauncher.Forward(accelerator, extent, logTarget ? 1 : 0, x, t, l));
            }

            Tensor output = UninitializedLike(input);
            float[] x = input.Host(), y = target.Host(), l = output.Host();
            for (int i = 0; i < l.Length; i++)
            {
                double t = y[i];
                l[i] = logTarget
                    ? (float)(Math.Exp(t) * (t - x[i]))
                    : (float)((t == 0.0 ? 0.0 : t * Math.Log(t)) - t * x[i]);
            }

            return output;
        }

        /// <summary>Checks that target has the input's shape and that a weight broadcasts to it; returns the broadcast weight's data.</summary>
        private static float[]? CheckPointwiseLoss(string op, Tensor input, Tensor target, Tensor? weight)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(target);
            if (!SameShape(input._shape, target._shape))
            {
                throw new ArgumentException($"{op}: input {ShapeText(input._shape)} and target {ShapeText(target._shape)} must have the same shape.", nameof(target));
            }

            if (weight is null)
            {
                return null;
            }

            int[] ws = weight._shape, xs = input._shape;
            bool fits = ws.Length <= xs.Length;
            for (int i = 1; fits && i <= ws.Length; i++)
            {
                fits = ws[^i] == 1 || ws[^i] == xs[^i];
            }

            if (!fits)
            {
                throw new ArgumentException($"{op}: posWeight {ShapeText(ws)} does not broadcast to input {ShapeText(xs)}.", "posWeight");
            }

            return weight.IsOnDevice ? null : weight.BroadcastTo(xs).Host();
        }
    }
}
