using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Backward of <see cref="IndexSelect(int, int[])"/>: each selected block's gradient added back at its position (repeats add up).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(IndexSelect))]
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
        /// Backward of <see cref="Scatter"/>: the overwritten positions pass no gradient to
        /// <paramref name="self"/>; each used element of <paramref name="source"/> gets the gradient
        /// of the position it was written to (PyTorch's rule, also when an index repeats).
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Scatter))]
        public static void ScatterBackward(Tensor self, int dim, IntTensor index, Tensor source, Tensor result, Tensor dResult,
            ref Tensor? dSelf, ref Tensor? dSource)
        {
            (int[] offsets, int[] sourceOffsets) = self.ScatterOffsets(dim, index, source);
            if (Grad.Wanted(ref dSelf))
            {
                Tensor gradient = dResult.Clone();
                foreach (int offset in offsets)
                {
                    gradient.Host()[offset] = 0f;
                }

                Grad.Accumulate(ref dSelf, gradient);
            }

            if (Grad.Wanted(ref dSource))
            {
                Grad.Accumulate(ref dSource, GatherSourceGradient(source, offsets, sourceOffsets, dResult));
            }
        }

        /// <summary>Backward of <see cref="ScatterAdd"/>: <paramref name="self"/> gets the gradient; each used element of <paramref name="source"/> the gradient at its target.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(ScatterAdd))]
        public static void ScatterAddBackward(Tensor self, int dim, IntTensor index, Tensor source, Tensor result, Tensor dResult,
            ref Tensor? dSelf, ref Tensor? dSource)
        {
            Grad.Accumulate(ref dSelf, dResult);
            if (Grad.Wanted(ref dSource))
            {
                (int[] offsets, int[] sourceOffsets) = self.ScatterOffsets(dim, index, source);
                Grad.Accumulate(ref dSource, GatherSourceGradient(source, offsets, sourceOffsets, dResult));
            }
        }

        private static Tensor GatherSourceGradient(Tensor source, int[] offsets, int[] sourceOffsets, Tensor dResult)
        {
            Tensor gradient = UninitializedLike(source);
            for (int i = 0; i < offsets.Length; i++)
            {
                gradient.Host()[sourceOffsets[i]] = dResult.Host()[offsets[i]];
            }

            return gradient;
        }
    }
}
