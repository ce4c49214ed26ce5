using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Backward of <see cref="IndexSelect(int, int[])"/>: each selected block's gradient added back at its position (repeats add up).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(IndexSelect))]
        [PiecewiseLinear]
        public static void IndexSelectBackward(Tensor self, int dim, int[] indices, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, self.IndexSelectGradient(dim, indices, dResult));
            }
        }

        /// <summary>Backward of <see cref="IndexSelect(int, IntTensor)"/>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(IndexSelect))]
        [PiecewiseLinear]
        public static void IndexSelectBackward(Tensor self, int dim, IntTensor index, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, self.IndexSelectGradient(dim, index.Data, dResult));
            }
        }

        /// <summary>Backward of <see cref="Gather(int, IntTensor)"/>: the gradient scatter-added to the gathered positions.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Gather))]
        [PiecewiseLinear]
        public static void GatherBackward(Tensor self, int dim, IntTensor index, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            int d = NormalizeDim(dim, self._shape.Length, nameof(dim), self._shape);
            int[] offsets = IndexedOffsets(index, d, self._shape, nameof(index));
            if (self.IsOnDevice)
            {
                Grad.Accumulate(ref dSelf, DeviceOps.GatherAtGradient(self, offsets, dResult));
                return;
            }

            Tensor gradient = UninitializedLike(self);
            for (int i = 0; i < offsets.Length; i++)
            {
                gradient.Host()[offsets[i]] += dResult.Host()[i];
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>
        /// Backward of <see cref="Scatter"/>, PyTorch's rule written with tensor ops, so that a device runs it as
        /// the CPU does: <c>dSelf = dResult.Scatter(dim, index, 0)</c> (the overwritten positions pass no gradient)
        /// and <c>dSource = dResult.Gather(dim, index)</c> in the part of <paramref name="source"/> the index covers.
        /// Every used element of the source gets the gradient of the position it was written to, also when an
        /// index repeats and a later write won.
        /// </summary>
        /// <remarks>
        /// No kernel's derivative gives that last rule: the elements a later write overwrote do not reach the
        /// result, so their true derivative is 0. PyTorch, whose device scatter picks no winner among repeats,
        /// defines the gradient this way instead, and the CPU and the device both follow it.
        /// </remarks>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Scatter))]
        [PiecewiseLinear]
        public static void ScatterBackward(Tensor self, int dim, IntTensor index, Tensor source, Tensor result, Tensor dResult,
            ref Tensor? dSelf, ref Tensor? dSource)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.Scatter(dim, index, Zeros(index.Shape, dResult.Device)));
            }

            if (Grad.Wanted(ref dSource))
            {
                Grad.Accumulate(ref dSource, SourceGradient(source, dim, index, dResult));
            }
        }

        /// <summary>
        /// Backward of <see cref="ScatterAdd"/>, PyTorch's rule written with tensor ops: <paramref name="self"/> gets the
        /// gradient, and each used element of <paramref name="source"/> the gradient at its target (<c>dResult.Gather(dim, index)</c>).
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(ScatterAdd))]
        [PiecewiseLinear]
        public static void ScatterAddBackward(Tensor self, int dim, IntTensor index, Tensor source, Tensor result, Tensor dResult,
            ref Tensor? dSelf, ref Tensor? dSource)
        {
            Grad.Accumulate(ref dSelf, dResult);
            if (Grad.Wanted(ref dSource))
            {
                Grad.Accumulate(ref dSource, SourceGradient(source, dim, index, dResult));
            }
        }

        /// <summary>
        /// <c>dResult.Gather(dim, index)</c>, placed in the leading corner of zeros of the source's shape when the source
        /// is larger than the index (its other elements were never used).
        /// </summary>
        private static Tensor SourceGradient(Tensor source, int dim, IntTensor index, Tensor dResult)
        {
            Tensor gathered = dResult.Gather(dim, index);
            return SameShape(source._shape, index.ShapeView)
                ? gathered
                : source.ScatterView(new StridedView(index.ShapeView, StridedView.ContiguousStrides(source._shape), 0), gathered);
        }
    }
}
