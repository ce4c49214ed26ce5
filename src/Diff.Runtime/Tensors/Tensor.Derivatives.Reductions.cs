using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Backward of <see cref="Sum()"/>: the scalar gradient, spread over every element.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Sum))]
        [PiecewiseLinear]
        public static void SumBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, self.IsOnDevice ? dResult.BroadcastTo(self._shape) : FilledLike(self, dResult.Host()[0]));
            }
        }

        /// <summary>Backward of <see cref="Sum(int, bool)"/>: the gradient repeated along the summed dimension.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Sum))]
        [PiecewiseLinear]
        public static void SumBackward(Tensor self, int dim, bool keepDim, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, SpreadAlong(self, dim, dResult));
            }
        }

        /// <summary>Backward of <see cref="Mean()"/>: the scalar gradient divided by the count, over every element.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Mean))]
        [PiecewiseLinear]
        public static void MeanBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(
                    ref dSelf,
                    self.IsOnDevice ? (dResult * (1f / self.Count)).BroadcastTo(self._shape) : FilledLike(self, dResult.Host()[0] / self.Host().Length));
            }
        }

        /// <summary>Backward of <see cref="Mean(int, bool)"/>: the gradient divided by the dimension's size, repeated along it.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Mean))]
        [PiecewiseLinear]
        public static void MeanBackward(Tensor self, int dim, bool keepDim, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                int d = NormalizeDim(dim, self._shape.Length, nameof(dim), self._shape);
                Grad.Accumulate(ref dSelf, SpreadAlong(self, d, dResult * (1f / self._shape[d])));
            }
        }

        /// <summary>Backward of <see cref="Max(int)"/>: each gradient goes to the (first) position of its maximum.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Max))]
        [PiecewiseLinear]
        public static void MaxBackward(Tensor self, int dim, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            if (self.IsOnDevice)
            {
                DeviceOps.MaxAlongGradient(self, dim, result, dResult, ref dSelf);
                return;
            }

            int[] indices = self.ArgMaxIndices(dim, out int d);
            (int outer, int size, int inner) = SplitAt(self._shape, d);
            Tensor gradient = UninitializedLike(self);
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    int at = o * inner + i;
                    gradient.Host()[(o * size + indices[at]) * inner + i] = dResult.Host()[at];
                }
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>Backward of <see cref="SumTo"/>: the gradient stretched back to this tensor's shape.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(SumTo))]
        [PiecewiseLinear]
        public static void SumToBackward(Tensor self, int[] shape, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.BroadcastTo(self._shape));
            }
        }

        private static Tensor FilledLike(Tensor like, float value)
        {
            Tensor filled = UninitializedLike(like);
            filled.Host().AsSpan().Fill(value);
            return filled;
        }

        /// <summary>A gradient of a reduction over <paramref name="dim"/>, repeated along that dimension to <paramref name="self"/>'s shape.</summary>
        private static Tensor SpreadAlong(Tensor self, int dim, Tensor gradient)
        {
            int d = NormalizeDim(dim, self._shape.Length, nameof(dim), self._shape);
            int[] kept = (int[])self._shape.Clone();
            kept[d] = 1;

            // With keepDim or not, the reduced gradient has the same elements in the same order.
            return gradient.SharingStorage(kept).BroadcastTo(self._shape);
        }
    }
}
