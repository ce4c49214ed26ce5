using System.ComponentModel;
using System.Numerics.Tensors;
using Diff.Internal;

namespace Diff
{
    // The registered backward of each op. Shape of every method: the op's parameters (the receiver
    // first, as `self`), the op's result, the incoming gradient `dResult`, then one `ref Tensor?` slot
    // per Tensor parameter. A slot that is a null reference is not wanted and its work is skipped.
    // Adjoint tensors are values: a backward never writes into dResult or into a tensor already in a
    // slot, and may store dResult itself as a contribution.
    public sealed partial class Tensor
    {
        /// <summary>Backward of <c>left + right</c>: the gradient, summed over broadcast dimensions.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Addition")]
        [PiecewiseLinear]
        public static void AddBackward(Tensor left, Tensor right, Tensor result, Tensor dResult, ref Tensor? dLeft, ref Tensor? dRight)
        {
            if (Grad.Wanted(ref dLeft))
            {
                Grad.Accumulate(ref dLeft, dResult.SumToShared(left._shape));
            }

            if (Grad.Wanted(ref dRight))
            {
                Grad.Accumulate(ref dRight, dResult.SumToShared(right._shape));
            }
        }

        /// <summary>Backward of <c>left + number</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Addition")]
        [PiecewiseLinear]
        public static void AddBackward(Tensor left, float right, Tensor result, Tensor dResult, ref Tensor? dLeft)
        {
            Grad.Accumulate(ref dLeft, dResult);
        }

        /// <summary>Backward of <c>number + right</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Addition")]
        [PiecewiseLinear]
        public static void AddBackward(float left, Tensor right, Tensor result, Tensor dResult, ref Tensor? dRight)
        {
            Grad.Accumulate(ref dRight, dResult);
        }

        /// <summary>Backward of <c>left - right</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Subtraction")]
        [PiecewiseLinear]
        public static void SubtractBackward(Tensor left, Tensor right, Tensor result, Tensor dResult, ref Tensor? dLeft, ref Tensor? dRight)
        {
            if (Grad.Wanted(ref dLeft))
            {
                Grad.Accumulate(ref dLeft, dResult.SumToShared(left._shape));
            }

            if (Grad.Wanted(ref dRight))
            {
                Grad.Accumulate(ref dRight, -dResult.SumToShared(right._shape));
            }
        }

        /// <summary>Backward of <c>left - number</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Subtraction")]
        [PiecewiseLinear]
        public static void SubtractBackward(Tensor left, float right, Tensor result, Tensor dResult, ref Tensor? dLeft)
        {
            Grad.Accumulate(ref dLeft, dResult);
        }

        /// <summary>Backward of <c>number - right</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Subtraction")]
        [PiecewiseLinear]
        public static void SubtractBackward(float left, Tensor right, Tensor result, Tensor dResult, ref Tensor? dRight)
        {
            if (Grad.Wanted(ref dRight))
            {
                Grad.Accumulate(ref dRight, -dResult);
            }
        }

        /// <summary>Backward of <c>left * right</c>: the gradient times the other operand, summed over broadcast dimensions.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Multiply")]
        public static void MultiplyBackward(Tensor left, Tensor right, Tensor result, Tensor dResult, ref Tensor? dLeft, ref Tensor? dRight)
        {
            if (Grad.Wanted(ref dLeft))
            {
                Grad.Accumulate(ref dLeft, (dResult * right).SumToShared(left._shape));
            }

            if (Grad.Wanted(ref dRight))
            {
                Grad.Accumulate(ref dRight, (dResult * left).SumToShared(right._shape));
            }
        }

        /// <summary>Backward of <c>left * number</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Multiply")]
        [PiecewiseLinear]
        public static void MultiplyBackward(Tensor left, float right, Tensor result, Tensor dResult, ref Tensor? dLeft)
        {
            if (Grad.Wanted(ref dLeft))
            {
                Grad.Accumulate(ref dLeft, dResult * right);
            }
        }

        /// <summary>Backward of <c>number * right</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Multiply")]
        [PiecewiseLinear]
        public static void MultiplyBackward(float left, Tensor right, Tensor result, Tensor dResult, ref Tensor? dRight)
        {
            if (Grad.Wanted(ref dRight))
            {
                Grad.Accumulate(ref dRight, dResult * left);
            }
        }

        /// <summary>Backward of <c>left / right</c>: d/dleft = 1/right, d/dright = −left/right² = −result/right.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Division")]
        public static void DivideBackward(Tensor left, Tensor right, Tensor result, Tensor dResult, ref Tensor? dLeft, ref Tensor? dRight)
        {
            if (Grad.Wanted(ref dLeft))
            {
                Grad.Accumulate(ref dLeft, (dResult / right).SumToShared(left._shape));
            }

            if (Grad.Wanted(ref dRight))
            {
                Grad.Accumulate(ref dRight, QuotientDivisorGradient(result, right, dResult).SumToShared(right._shape));
            }
        }

        /// <summary>Backward of <c>left / number</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Division")]
        [PiecewiseLinear]
        public static void DivideBackward(Tensor left, float right, Tensor result, Tensor dResult, ref Tensor? dLeft)
        {
            if (Grad.Wanted(ref dLeft))
            {
                Grad.Accumulate(ref dLeft, dResult / right);
            }
        }

        /// <summary>Backward of <c>number / right</c>: d/dright = −result/right.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_Division")]
        public static void DivideBackward(float left, Tensor right, Tensor result, Tensor dResult, ref Tensor? dRight)
        {
            if (Grad.Wanted(ref dRight))
            {
                Grad.Accumulate(ref dRight, QuotientDivisorGradient(result, right, dResult));
            }
        }

        /// <summary>Backward of <c>-operand</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "op_UnaryNegation")]
        [PiecewiseLinear]
        public static void NegateBackward(Tensor operand, Tensor result, Tensor dResult, ref Tensor? dOperand)
        {
            if (Grad.Wanted(ref dOperand))
            {
                Grad.Accumulate(ref dOperand, -dResult);
            }
        }

        /// <summary>−dResult · result / right in the broadcast shape of the quotient.</summary>
        private static Tensor QuotientDivisorGradient(Tensor result, Tensor right, Tensor dResult)
        {
            Tensor gradient = dResult * result;
            if (!gradient.IsOnDevice && SameShape(gradient._shape, right._shape))
            {
                TensorPrimitives.Divide(gradient.Host(), right.Host(), gradient.Host());
                TensorPrimitives.Negate(gradient.Host(), gradient.Host());
                return gradient;
            }

            return -(gradient / right);
        }
    }
}
