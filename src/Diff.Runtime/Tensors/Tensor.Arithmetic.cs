using System;
using System.Numerics.Tensors;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Elementwise sum with NumPy broadcasting.</summary>
        /// <param name="left">The left operand.</param>
        /// <param name="right">The right operand.</param>
        /// <returns>A new tensor of the broadcast shape.</returns>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast.</exception>
        public static Tensor operator +(Tensor left, Tensor right) => Binary<AddKernel>(left, right);

        /// <summary>Adds a number to every element.</summary>
        /// <param name="left">The tensor.</param>
        /// <param name="right">The number.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public static Tensor operator +(Tensor left, float right) => WithScalar<AddKernel>(left, right, nameof(left));

        /// <summary>Adds a number to every element.</summary>
        /// <param name="left">The number.</param>
        /// <param name="right">The tensor.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public static Tensor operator +(float left, Tensor right) => ScalarWith<AddKernel>(left, right, nameof(right));

        /// <summary>Elementwise difference with NumPy broadcasting.</summary>
        /// <param name="left">The left operand.</param>
        /// <param name="right">The right operand.</param>
        /// <returns>A new tensor of the broadcast shape.</returns>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast.</exception>
        public static Tensor operator -(Tensor left, Tensor right) => Binary<SubtractKernel>(left, right);

        /// <summary>Subtracts a number from every element.</summary>
        /// <param name="left">The tensor.</param>
        /// <param name="right">The number.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public static Tensor operator -(Tensor left, float right) => WithScalar<SubtractKernel>(left, right, nameof(left));

        /// <summary>Subtracts every element from a number.</summary>
        /// <param name="left">The number.</param>
        /// <param name="right">The tensor.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public static Tensor operator -(float left, Tensor right) => ScalarWith<SubtractKernel>(left, right, nameof(right));

        /// <summary>Elementwise product with NumPy broadcasting (not the matrix product: see <see cref="MatMul"/>).</summary>
        /// <param name="left">The left operand.</param>
        /// <param name="right">The right operand.</param>
        /// <returns>A new tensor of the broadcast shape.</returns>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast.</exception>
        public static Tensor operator *(Tensor left, Tensor right) => Binary<MultiplyKernel>(left, right);

        /// <summary>Multiplies every element by a number.</summary>
        /// <param name="left">The tensor.</param>
        /// <param name="right">The number.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public static Tensor operator *(Tensor left, float right) => WithScalar<MultiplyKernel>(left, right, nameof(left));

        /// <summary>Multiplies every element by a number.</summary>
        /// <param name="left">The number.</param>
        /// <param name="right">The tensor.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public static Tensor operator *(float left, Tensor right) => ScalarWith<MultiplyKernel>(left, right, nameof(right));

        /// <summary>Elementwise quotient with NumPy broadcasting (IEEE rules: x/0 is ±infinity or NaN).</summary>
        /// <param name="left">The dividend.</param>
        /// <param name="right">The divisor.</param>
        /// <returns>A new tensor of the broadcast shape.</returns>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast.</exception>
        public static Tensor operator /(Tensor left, Tensor right) => Binary<DivideKernel>(left, right);

        /// <summary>Divides every element by a number.</summary>
        /// <param name="left">The tensor.</param>
        /// <param name="right">The divisor.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public static Tensor operator /(Tensor left, float right) => WithScalar<DivideKernel>(left, right, nameof(left));

        /// <summary>Divides a number by every element.</summary>
        /// <param name="left">The dividend.</param>
        /// <param name="right">The tensor of divisors.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public static Tensor operator /(float left, Tensor right) => ScalarWith<DivideKernel>(left, right, nameof(right));

        /// <summary>Negates every element.</summary>
        /// <param name="operand">The tensor.</param>
        /// <returns>A new tensor of the same shape.</returns>
        public static Tensor operator -(Tensor operand)
        {
            ArgumentNullException.ThrowIfNull(operand);
            Tensor result = UninitializedLike(operand);
            TensorPrimitives.Negate(operand._data, result._data);
            return result;
        }

        /// <summary>The sum of two tensors of equal shape (no broadcasting), for gradient accumulation.</summary>
        internal static Tensor AddSameShape(Tensor left, Tensor right, string rightName)
        {
            if (!SameShape(left._shape, right._shape))
            {
                throw new ArgumentException(
                    $"A gradient of shape {ShapeText(right._shape)} cannot be added to one of shape {ShapeText(left._shape)}; shapes must be equal.", rightName);
            }

            Tensor result = UninitializedLike(left);
            TensorPrimitives.Add(left._data, right._data, result._data);
            return result;
        }

        private static Tensor Binary<TKernel>(Tensor left, Tensor right)
            where TKernel : IBinaryKernel
        {
            ArgumentNullException.ThrowIfNull(left);
            ArgumentNullException.ThrowIfNull(right);
            if (SameShape(left._shape, right._shape))
            {
                Tensor same = UninitializedLike(left);
                TKernel.Run(left._data, right._data, same._data);
                return same;
            }

            int[] shape = Broadcasting.Shape(left._shape, right._shape, nameof(left), nameof(right));
            Tensor result = Uninitialized(shape);

            // A one-element operand only adds leading or size-1 dimensions, so the other operand's layout is the result's.
            if (right._data.Length == 1 && left._data.Length == result._data.Length)
            {
                TKernel.Run(left._data, right._data[0], result._data);
            }
            else if (left._data.Length == 1 && right._data.Length == result._data.Length)
            {
                TKernel.Run(left._data[0], right._data, result._data);
            }
            else
            {
                Broadcasting.Binary<TKernel>(left._data, left._shape, right._data, right._shape, result._data, shape);
            }

            return result;
        }

        private static Tensor WithScalar<TKernel>(Tensor left, float right, string leftName)
            where TKernel : IBinaryKernel
        {
            ArgumentNullException.ThrowIfNull(left, leftName);
            Tensor result = UninitializedLike(left);
            TKernel.Run(left._data, right, result._data);
            return result;
        }

        private static Tensor ScalarWith<TKernel>(float left, Tensor right, string rightName)
            where TKernel : IBinaryKernel
        {
            ArgumentNullException.ThrowIfNull(right, rightName);
            Tensor result = UninitializedLike(right);
            TKernel.Run(left, right._data, result._data);
            return result;
        }
    }
}
