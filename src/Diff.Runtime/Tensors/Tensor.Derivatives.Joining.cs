using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Backward of <see cref="Cat(Tensor, Tensor, int)"/>: each input gets its own window of the gradient.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Cat))]
        [PiecewiseLinear]
        public static void CatBackward(Tensor first, Tensor second, int dim, Tensor result, Tensor dResult, ref Tensor? dFirst, ref Tensor? dSecond)
        {
            int d = NormalizeDim(dim, first._shape.Length, nameof(dim), first._shape);
            if (Grad.Wanted(ref dFirst))
            {
                Grad.Accumulate(ref dFirst, dResult.Narrow(d, 0, first._shape[d]));
            }

            if (Grad.Wanted(ref dSecond))
            {
                Grad.Accumulate(ref dSecond, dResult.Narrow(d, first._shape[d], second._shape[d]));
            }
        }

        /// <summary>Backward of <see cref="Stack(Tensor, Tensor, int)"/>: each input gets its slice of the gradient.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Stack))]
        [PiecewiseLinear]
        public static void StackBackward(Tensor first, Tensor second, int dim, Tensor result, Tensor dResult, ref Tensor? dFirst, ref Tensor? dSecond)
        {
            int d = NormalizeDim(dim, first._shape.Length + 1, nameof(dim), first._shape);
            if (Grad.Wanted(ref dFirst))
            {
                Grad.Accumulate(ref dFirst, dResult.Select(d, 0));
            }

            if (Grad.Wanted(ref dSecond))
            {
                Grad.Accumulate(ref dSecond, dResult.Select(d, 1));
            }
        }
    }
}
