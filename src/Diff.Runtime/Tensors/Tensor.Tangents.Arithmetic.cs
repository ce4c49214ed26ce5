using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Diff
{
    // The registered tangent (forward-mode) rule of each op. Shape of every method: the op's parameters
    // (the receiver first, as `self`), the op's result, then one `Tensor?` tangent per Tensor parameter;
    // it returns the result's tangent, Σ ∂op/∂pⱼ · tⱼ, in the result's shape. A null tangent is zero.
    // Rules are written with tensor ops, so they run wherever the op runs, and they keep the backward's
    // conventions at kinks and ties, so that ⟨backward(u), v⟩ = ⟨u, tangent(v)⟩ holds everywhere.
    public sealed partial class Tensor
    {
        /// <summary>Tangent of <c>left + right</c>: the tangents' sum, in the broadcast shape.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Addition")]
        public static Tensor AddTangent(Tensor left, Tensor right, Tensor result, Tensor? tLeft, Tensor? tRight) => TangentSum(result, tLeft, tRight);

        /// <summary>Tangent of <c>left + number</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Addition")]
        public static Tensor AddTangent(Tensor left, float right, Tensor result, Tensor? tLeft) => tLeft ?? ZerosLike(result);

        /// <summary>Tangent of <c>number + right</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Addition")]
        public static Tensor AddTangent(float left, Tensor right, Tensor result, Tensor? tRight) => tRight ?? ZerosLike(result);

        /// <summary>Tangent of <c>left - right</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Subtraction")]
        public static Tensor SubtractTangent(Tensor left, Tensor right, Tensor result, Tensor? tLeft, Tensor? tRight) =>
            TangentSum(result, tLeft, tRight is null ? null : -tRight);

        /// <summary>Tangent of <c>left - number</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Subtraction")]
        public static Tensor SubtractTangent(Tensor left, float right, Tensor result, Tensor? tLeft) => tLeft ?? ZerosLike(result);

        /// <summary>Tangent of <c>number - right</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Subtraction")]
        public static Tensor SubtractTangent(float left, Tensor right, Tensor result, Tensor? tRight) => tRight is null ? ZerosLike(result) : -tRight;

        /// <summary>Tangent of <c>left * right</c>: the product rule, tLeft · right + left · tRight.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Multiply")]
        public static Tensor MultiplyTangent(Tensor left, Tensor right, Tensor result, Tensor? tLeft, Tensor? tRight) =>
            TangentSum(result, tLeft is null ? null : tLeft * right, tRight is null ? null : left * tRight);

        /// <summary>Tangent of <c>left * number</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Multiply")]
        public static Tensor MultiplyTangent(Tensor left, float right, Tensor result, Tensor? tLeft) => tLeft is null ? ZerosLike(result) : tLeft * right;

        /// <summary>Tangent of <c>number * right</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Multiply")]
        public static Tensor MultiplyTangent(float left, Tensor right, Tensor result, Tensor? tRight) => tRight is null ? ZerosLike(result) : left * tRight;

        /// <summary>Tangent of <c>left / right</c>: (tLeft − result · tRight) / right, the backward's form of −left/right².</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Division")]
        public static Tensor DivideTangent(Tensor left, Tensor right, Tensor result, Tensor? tLeft, Tensor? tRight) =>
            TangentSum(result, tLeft is null ? null : tLeft / right, tRight is null ? null : -(result * tRight / right));

        /// <summary>Tangent of <c>left / number</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Division")]
        public static Tensor DivideTangent(Tensor left, float right, Tensor result, Tensor? tLeft) => tLeft is null ? ZerosLike(result) : tLeft / right;

        /// <summary>Tangent of <c>number / right</c>: −result · tRight / right.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_Division")]
        public static Tensor DivideTangent(float left, Tensor right, Tensor result, Tensor? tRight) => tRight is null ? ZerosLike(result) : -(result * tRight / right);

        /// <summary>Tangent of <c>-operand</c>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), "op_UnaryNegation")]
        public static Tensor NegateTangent(Tensor operand, Tensor result, Tensor? tOperand) => tOperand is null ? ZerosLike(result) : -tOperand;

        /// <summary>The sum of the parts of a result's tangent, which broadcast to its shape; null parts are zero.</summary>
        private static Tensor TangentSum(Tensor result, params Tensor?[] parts)
        {
            Tensor? sum = null;
            foreach (Tensor? part in parts)
            {
                if (part is not null)
                {
                    sum = sum is null ? part : sum + part;
                }
            }

            return sum is null ? ZerosLike(result) : sum.BroadcastTo(result._shape);
        }

        /// <summary>A slot a backward is given for a gradient nobody wants.</summary>
        private static ref Tensor? Unwanted => ref Unsafe.NullRef<Tensor?>();

        /// <summary>A backward called with one wanted slot.</summary>
        private delegate void OneSlotBackward(Tensor dResult, ref Tensor? slot);

        /// <summary>
        /// The tangent of an op whose Jacobian with respect to one input is symmetric (elementwise ops, softmax,
        /// the normalisations): Jᵀ = J, so the backward applied to the tangent gives J · t, with the backward's own
        /// conventions at kinks.
        /// </summary>
        private static Tensor? Symmetric(Tensor? tangent, OneSlotBackward backward)
        {
            if (tangent is null)
            {
                return null;
            }

            Tensor? part = null;
            backward(tangent, ref part);
            return part;
        }
    }
}
