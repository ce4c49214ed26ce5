using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Backward of the indexer: the gradient placed at the indexed positions, zero elsewhere.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "get_At")]
        [PiecewiseLinear]
        public static void IndexerBackward(Tensor self, TensorIndex[] indices, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, self.ScatterView(self.IndexerView(indices), dResult));
            }
        }

        /// <summary>Backward of <see cref="Narrow"/>: the gradient placed in the narrowed window, zero elsewhere.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Narrow))]
        [PiecewiseLinear]
        public static void NarrowBackward(Tensor self, int dim, int start, int length, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, self.ScatterView(self.NarrowView(dim, start, length), dResult));
            }
        }

        /// <summary>Backward of <see cref="Select"/>: the gradient placed at the selected position, zero elsewhere.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Select))]
        [PiecewiseLinear]
        public static void SelectBackward(Tensor self, int dim, int index, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, self.ScatterView(self.SelectView(dim, index), dResult));
            }
        }

        /// <summary>Backward of <see cref="Slice"/>: the gradient placed at every step-th position, zero elsewhere.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Slice))]
        [PiecewiseLinear]
        public static void SliceBackward(Tensor self, int dim, int start, int end, int step, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, self.ScatterView(self.SliceView(dim, start, end, step), dResult));
            }
        }
    }
}
