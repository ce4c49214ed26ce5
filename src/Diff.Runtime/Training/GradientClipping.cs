using System;
using System.Collections.Generic;
using Diff.NN;

namespace Diff.Training
{
    /// <summary>Gradient clipping, like PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>.</summary>
    public static class GradientClipping
    {
        /// <summary>
        /// Scales every gradient by <c>maxNorm / (total + 1e-6)</c> when that factor is below 1, where
        /// <c>total</c> is the <paramref name="normType"/>-norm of all gradients taken together (the
        /// norm of the per-parameter norms), as PyTorch does. Parameters without a gradient are skipped.
        /// </summary>
        /// <param name="parameters">The parameters whose gradients to clip, typically <c>model.Parameters()</c>.</param>
        /// <param name="maxNorm">The largest total norm allowed, not negative.</param>
        /// <param name="normType">The p of the p-norm, above 0; <see cref="double.PositiveInfinity"/> for the largest absolute value.</param>
        /// <returns>The total norm before clipping.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> or <paramref name="normType"/> is out of range.</exception>
        public static double ClipGradNorm(IEnumerable<Parameter> parameters, double maxNorm, double normType = 2.0)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            if (!(maxNorm >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must not be negative.");
            }

            if (!(normType > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(normType), normType, "normType must be above 0.");
            }

            var gradients = new List<Tensor>();
            foreach (Parameter parameter in parameters)
            {
                if (parameter?.Grad is { } grad)
                {
                    gradients.Add(grad);
                }
            }

            double total = 0;
            foreach (Tensor grad in gradients)
            {
                // A gradient on a GPU is read through one copy to the host; the sum is the same either way.
                foreach (float g in grad.IsOnDevice ? grad.ToArray() : grad.AsSpan())
                {
                    double a = Math.Abs((double)g);
                    total = double.IsPositiveInfinity(normType) ? Math.Max(total, a) : total + (normType == 2 ? a * a : Math.Pow(a, normType));
                }
            }

            if (!double.IsPositiveInfinity(normType))
            {
                total = normType == 2 ? Math.Sqrt(total) : Math.Pow(total, 1 / normType);
            }

            double coefficient = maxNorm / (total + 1e-6);
            if (coefficient < 1)
            {
                float scale = (float)coefficient;
                foreach (Tensor grad in gradients)
                {
                    if (grad.IsOnDevice)
                    {
                        DeviceOps.ScaledSum(grad, grad, scale, 0f);
                        continue;
                    }

                    System.Numerics.Tensors.TensorPrimitives.Multiply(grad.AsSpan(), scale, grad.AsSpan());
                }
            }

            return total;
        }

        /// <summary>Clamps every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>], like <c>clip_grad_value_</c>.</summary>
        /// <param name="parameters">The parameters whose gradients to clip.</param>
        /// <param name="clipValue">The largest absolute value allowed, not negative.</param>
        /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative or NaN.</exception>
        public static void ClipGradValue(IEnumerable<Parameter> parameters, double clipValue)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            if (!(clipValue >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "clipValue must not be negative.");
            }

            float limit = (float)clipValue;
            foreach (Parameter parameter in parameters)
            {
                if (parameter?.Grad is { } grad && grad.IsOnDevice)
                {
                    DeviceOps.ClampInPlace(grad, -limit, limit);
                }
                else if (parameter?.Grad is { } hostGrad)
                {
                    System.Numerics.Tensors.TensorPrimitives.Clamp(hostGrad.AsSpan(), -limit, limit, hostGrad.AsSpan());
                }
            }
        }
    }
}
