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

        /// <summary>Elementwise product with NumPy broadcasting (not the matrix product: see <see cref="MatMul(Tensor, Tensor)"/>).</summary>
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
            if (operand.IsOnDevice)
            {
                return DeviceOps.Scaled(operand, -1f);
            }

            Tensor result = UninitializedLike(operand);
            TensorPrimitives.Negate(operand.Host(), result.Host());
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

            if (DeviceOps.OnDevice(left, right, "gradient accumulation"))
            {
                Tensor sum = DeviceOps.Copy(left);
                DeviceOps.AddInto(sum, right);
                return sum;
            }

            Tensor result = UninitializedLikeForOverwrite(left);
            TensorPrimitives.Add(left.Host(), right.Host(), result.Host());
            return result;
        }

        private static Tensor Binary<TKernel>(Tensor left, Tensor right)
            where TKernel : IBinaryKernel
        {
            ArgumentNullException.ThrowIfNull(left);
            ArgumentNullException.ThrowIfNull(right);
            if (DeviceOps.OnDevice(left, right, TKernel.Name))
            {
                return DeviceBinary<TKernel>(left, right);
            }

            if (SameShape(left._shape, right._shape))
            {
                // The kernel writes every element, so the rented storage need not be cleared.
                Tensor same = UninitializedLikeForOverwrite(left);
                TKernel.Run(left.Host(), right.Host(), same.Host());
                return same;
            }

            int[] shape = Broadcasting.Shape(left._shape, right._shape, nameof(left), nameof(right));
            Tensor result = Uninitialized(shape);

            // A one-element operand only adds leading or size-1 dimensions, so the other operand's layout is the result's.
            if (right.Host().Length == 1 && left.Host().Length == result.Host().Length)
            {
                TKernel.Run(left.Host(), right.Host()[0], result.Host());
            }
            else if (left.Host().Length == 1 && right.Host().Length == result.Host().Length)
            {
                TKernel.Run(left.Host()[0], right.Host(), result.Host());
            }
            else
            {
                Broadcasting.Binary<TKernel>(left.Host(), left._shape, right.Host(), right._shape, result.Host(), shape);
            }

            return result;
        }

        private static Tensor DeviceBinary<TKernel>(Tensor left, Tensor right)
            where TKernel : IBinaryKernel
        {
            if (SameShape(left._shape, right._shape))
            {
                return TKernel.DeviceCode switch
                {
                    0 => DeviceOps.SameShape(left, right, DeviceKernels.AddLauncher.Forward),
                    1 => DeviceOps.SameShape(left, right, DeviceKernels.SubtractLauncher.Forward),
                    2 => DeviceOps.SameShape(left, right, DeviceKernels.MultiplyLauncher.Forward),
                    _ => DeviceOps.SameShape(left, right, DeviceKernels.DivideLauncher.Forward),
                };
            }

            int[] shape = Broadcasting.Shape(left._shape, right._shape, nameof(left), nameof(right));
            return DeviceOps.Broadcast(left, right, shape, TKernel.DeviceCode);
        }

        private static Tensor WithScalar<TKernel>(Tensor left, float right, string leftName)
            where TKernel : IBinaryKernel
        {
            ArgumentNullException.ThrowIfNull(left, leftName);
            if (left.IsOnDevice)
            {
                return DeviceOps.WithScalar(left, right, TKernel.DeviceCode switch { 0 => 0, 1 => 1, 2 => 3, _ => 4 });
            }

            Tensor result = UninitializedLike(left);
            TKernel.Run(left.Host(), right, result.Host());
            return result;
        }

        private static Tensor ScalarWith<TKernel>(float left, Tensor right, string rightName)
            where TKernel : IBinaryKernel
        {
            ArgumentNullException.ThrowIfNull(right, rightName);
            if (right.IsOnDevice)
            {
                return DeviceOps.WithScalar(right, left, TKernel.DeviceCode switch { 0 => 0, 1 => 2, 2 => 3, _ => 5 });
            }

            Tensor result = UninitializedLike(right);
            TKernel.Run(left, right.Host(), result.Host());
            return result;
        }
    }
}
