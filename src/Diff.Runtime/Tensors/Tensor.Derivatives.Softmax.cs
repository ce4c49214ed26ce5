using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Backward of <see cref="Softmax"/>: result · (dResult − Σ dResult · result) along the dimension.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Softmax))]
        public static void SoftmaxBackward(Tensor self, int dim, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            if (self.IsOnDevice)
            {
                DeviceOps.SoftmaxLastDimGradient(self, dim, logarithm: false, result, dResult, ref dSelf);
                return;
            }

            int d = NormalizeDim(dim, self._shape.Length, nameof(dim), self._shape);
            (int outer, int size, int inner) = SplitAt(self._shape, d);
            if (inner != 1)
            {
                // Strided slices: the same formula with broadcasting ops.
                Grad.Accumulate(ref dSelf, result * (dResult - (dResult * result).Sum(d, keepDim: true)));
                return;
            }

            Tensor gradient = UninitializedLike(self);
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<float> y = result.Host().AsSpan(o * size, size);
                ReadOnlySpan<float> g = dResult.Host().AsSpan(o * size, size);
                Span<float> into = gradient.Host().AsSpan(o * size, size);
                float dot = TensorPrimitives.Dot(g, y);
                TensorPrimitives.Subtract(g, dot, into);
                TensorPrimitives.Multiply(into, y, into);
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>Backward of <see cref="LogSoftmax"/>: dResult − exp(result) · Σ dResult along the dimension.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(LogSoftmax))]
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void LogSoftmaxBackward(Tensor self, int dim, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            if (self.IsOnDevice)
            {
                DeviceOps.SoftmaxLastDimGradient(self, dim, logarithm: true, result, dResult, ref dSelf);
                return;
            }

            int d = NormalizeDim(dim, self._shape.Length, nameof(dim), self._shape);
            (int outer, int size, int inner) = SplitAt(self._shape, d);
            if (inner != 1)
            {
                Grad.Accumulate(ref dSelf, dResult - result.Exp() * dResult.Sum(d, keepDim: true));
                return;
            }

            Tensor gradient = UninitializedLike(self);
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<float> y = result.Host().AsSpan(o * size, size);
                ReadOnlySpan<float> g = dResult.Host().AsSpan(o * size, size);
                Span<float> into = gradient.Host().AsSpan(o * size, size);
                float total = TensorPrimitives.Sum(g);
                TensorPrimitives.Exp(y, into);
                TensorPrimitives.Multiply(into, total, into);
                TensorPrimitives.Subtract(g, into, into);
            }

            Grad.Accumulate(ref dSelf, gradient);
        }
    }
}
