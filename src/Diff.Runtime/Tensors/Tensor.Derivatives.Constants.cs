using System.ComponentModel;

namespace Diff
{
    // Ops whose result does not change with their tensor input: a tensor built only from its shape, and the indices of its
    // largest elements, piecewise constant. Their backward passes nothing back and their tangent is zero, as PyTorch's
    // zeros_like, ones_like and argmax carry no gradient; registered so that such a call on a differentiable tensor
    // (an accumulator started with ZerosLike(x), a mask built from ArgMax of the logits) is taken.
    public sealed partial class Tensor
    {
        /// <summary>Backward of <see cref="ZerosLike"/>: nothing, since the zeros do not depend on the input's values.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(ZerosLike))]
        [PiecewiseLinear]
        public static void ZerosLikeBackward(Tensor other, Tensor result, Tensor dResult, ref Tensor? dOther)
        {
        }

        /// <summary>Backward of <see cref="OnesLike"/>: nothing, since the ones do not depend on the input's values.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(OnesLike))]
        [PiecewiseLinear]
        public static void OnesLikeBackward(Tensor other, Tensor result, Tensor dResult, ref Tensor? dOther)
        {
        }

        /// <summary>Backward of <see cref="ArgMax"/>: nothing, since the indices are constant between ties.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(ArgMax))]
        [PiecewiseLinear]
        public static void ArgMaxBackward(Tensor self, int dim, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
        }

        /// <summary>Tangent of <see cref="ZerosLike"/>: zero.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(ZerosLike))]
        public static Tensor ZerosLikeTangent(Tensor other, Tensor result, Tensor? tOther) => ZerosLike(result);

        /// <summary>Tangent of <see cref="OnesLike"/>: zero.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(OnesLike))]
        public static Tensor OnesLikeTangent(Tensor other, Tensor result, Tensor? tOther) => ZerosLike(result);

        /// <summary>Tangent of <see cref="ArgMax"/>: zero.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(ArgMax))]
        public static Tensor ArgMaxTangent(Tensor self, int dim, Tensor result, Tensor? tSelf) => ZerosLike(result);
    }
}
