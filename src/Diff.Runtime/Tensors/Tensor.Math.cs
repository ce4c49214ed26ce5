using System;
using System.Numerics.Tensors;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>e raised to each element.</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Exp()
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, DeviceKernels.ExpLauncher.Forward);
            }

            Tensor result = UninitializedLike(this);
            TensorPrimitives.Exp(Host(), result.Host());
            return result;
        }

        /// <summary>The natural logarithm of each element (−infinity at 0, NaN below).</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Log()
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, DeviceKernels.LogLauncher.Forward);
            }

            Tensor result = UninitializedLike(this);
            TensorPrimitives.Log(Host(), result.Host());
            return result;
        }

        /// <summary>The square root of each element (NaN below 0).</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Sqrt()
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, DeviceKernels.SqrtLauncher.Forward);
            }

            Tensor result = UninitializedLike(this);
            TensorPrimitives.Sqrt<float>(Host(), result.Host());
            return result;
        }

        /// <summary>The absolute value of each element.</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Abs()
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, DeviceKernels.AbsLauncher.Forward);
            }

            Tensor result = UninitializedLike(this);
            TensorPrimitives.Abs(Host(), result.Host());
            return result;
        }

        /// <summary>Each element raised to <paramref name="exponent"/>, like <c>x ** p</c> (NaN for a negative base and a non-integer exponent).</summary>
        /// <param name="exponent">The exponent.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Pow(float exponent)
        {
            if (IsOnDevice)
            {
                return exponent == 2f
                    ? DeviceOps.Unary(this, DeviceKernels.SquareLauncher.Forward)
                    : DeviceOps.Unary(this, (accelerator, extent, x, y) => DeviceKernels.PowLauncher.Forward(accelerator, extent, exponent, x, y));
            }

            Tensor result = UninitializedLike(this);
            if (exponent == 2f)
            {
                // The common square is exact as a product and cheaper than a general power.
                TensorPrimitives.Multiply(Host(), Host(), result.Host());
            }
            else if (exponent == 1f)
            {
                Host().AsSpan().CopyTo(result.Host());
            }
            else
            {
                TensorPrimitives.Pow(Host(), exponent, result.Host());
            }

            return result;
        }

        /// <summary>max(x, 0) for each element.</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Relu()
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, DeviceKernels.ReluLauncher.Forward);
            }

            Tensor result = UninitializedLikeForOverwrite(this);
            TensorPrimitives.Max(Host(), 0f, result.Host());
            return result;
        }

        /// <summary>The logistic function 1 / (1 + e^−x) of each element.</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Sigmoid()
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, DeviceKernels.SigmoidLauncher.Forward);
            }

            Tensor result = UninitializedLike(this);
            TensorPrimitives.Sigmoid(Host(), result.Host());
            return result;
        }

        /// <summary>The hyperbolic tangent of each element.</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Tanh()
        {
            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, DeviceKernels.TanhLauncher.Forward);
            }

            Tensor result = UninitializedLike(this);
            TensorPrimitives.Tanh(Host(), result.Host());
            return result;
        }

        /// <summary>
        /// Limits each element to [<paramref name="min"/>, <paramref name="max"/>]: <c>min(max(x, min), max)</c>, as
        /// <c>torch.clamp</c> computes it, so that with <paramref name="min"/> above <paramref name="max"/> every element
        /// is <paramref name="max"/>. Its gradient is 1 where min ≤ x ≤ max and 0 elsewhere (everywhere when min is
        /// above max), as in PyTorch.
        /// </summary>
        /// <param name="min">The lower bound.</param>
        /// <param name="max">The upper bound.</param>
        /// <returns>A new tensor of the same shape.</returns>
        /// <exception cref="ArgumentException"><paramref name="min"/> or <paramref name="max"/> is NaN.</exception>
        public Tensor Clamp(float min, float max)
        {
            if (float.IsNaN(min) || float.IsNaN(max))
            {
                throw new ArgumentException($"Clamp needs bounds that are numbers, but got min = {min} and max = {max} (tensor of shape {ShapeText(_shape)}).", float.IsNaN(min) ? nameof(min) : nameof(max));
            }

            if (IsOnDevice)
            {
                return DeviceOps.Unary(this, (accelerator, extent, x, y) => DeviceKernels.ClampLauncher.Forward(accelerator, extent, min, max, x, y));
            }

            Tensor result = UninitializedLike(this);
            if (min > max)
            {
                // TensorPrimitives.Clamp refuses crossed bounds; PyTorch's result is max everywhere.
                result.Host().AsSpan(0, Count).Fill(max);
            }
            else
            {
                TensorPrimitives.Clamp<float>(Host(), min, max, result.Host());
            }

            return result;
        }
    }
}
