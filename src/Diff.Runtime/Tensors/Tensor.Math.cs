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
            Tensor result = UninitializedLike(this);
            TensorPrimitives.Exp(_data, result._data);
            return result;
        }

        /// <summary>The natural logarithm of each element (−infinity at 0, NaN below).</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Log()
        {
            Tensor result = UninitializedLike(this);
            TensorPrimitives.Log(_data, result._data);
            return result;
        }

        /// <summary>The square root of each element (NaN below 0).</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Sqrt()
        {
            Tensor result = UninitializedLike(this);
            TensorPrimitives.Sqrt<float>(_data, result._data);
            return result;
        }

        /// <summary>The absolute value of each element.</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Abs()
        {
            Tensor result = UninitializedLike(this);
            TensorPrimitives.Abs(_data, result._data);
            return result;
        }

        /// <summary>Each element raised to <paramref name="exponent"/>, like <c>x ** p</c> (NaN for a negative base and a non-integer exponent).</summary>
        /// <param name="exponent">The exponent.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Pow(float exponent)
        {
            Tensor result = UninitializedLike(this);
            if (exponent == 2f)
            {
                // The common square is exact as a product and cheaper than a general power.
                TensorPrimitives.Multiply(_data, _data, result._data);
            }
            else if (exponent == 1f)
            {
                _data.AsSpan().CopyTo(result._data);
            }
            else
            {
                TensorPrimitives.Pow(_data, exponent, result._data);
            }

            return result;
        }

        /// <summary>max(x, 0) for each element.</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Relu()
        {
            Tensor result = UninitializedLike(this);
            TensorPrimitives.Max(_data, 0f, result._data);
            return result;
        }

        /// <summary>The logistic function 1 / (1 + e^−x) of each element.</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Sigmoid()
        {
            Tensor result = UninitializedLike(this);
            TensorPrimitives.Sigmoid(_data, result._data);
            return result;
        }

        /// <summary>The hyperbolic tangent of each element.</summary>
        /// <returns>A new tensor of the same shape.</returns>
        public Tensor Tanh()
        {
            Tensor result = UninitializedLike(this);
            TensorPrimitives.Tanh(_data, result._data);
            return result;
        }

        /// <summary>
        /// Limits each element to [<paramref name="min"/>, <paramref name="max"/>]. Its gradient is 1
        /// where min ≤ x ≤ max and 0 outside, as in PyTorch.
        /// </summary>
        /// <param name="min">The lower bound.</param>
        /// <param name="max">The upper bound, at least <paramref name="min"/>.</param>
        /// <returns>A new tensor of the same shape.</returns>
        /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>, or either is NaN.</exception>
        public Tensor Clamp(float min, float max)
        {
            if (!(min <= max))
            {
                throw new ArgumentException($"Clamp needs min <= max, but got min = {min} and max = {max} (tensor of shape {ShapeText(_shape)}).", nameof(min));
            }

            Tensor result = UninitializedLike(this);
            TensorPrimitives.Clamp<float>(_data, min, max, result._data);
            return result;
        }
    }
}
