using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Backward of <see cref="Reshape"/>: the gradient in the original shape (sharing its storage).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Reshape))]
        [PiecewiseLinear]
        public static void ReshapeBackward(Tensor self, int[] shape, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.SharingStorage(self._shape));
            }
        }

        /// <summary>Backward of <see cref="Transpose()"/>: the transposed gradient.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Transpose))]
        [PiecewiseLinear]
        public static void TransposeBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.Transpose());
            }
        }

        /// <summary>Backward of the <see cref="T"/> property: the transposed gradient.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), "get_T")]
        [PiecewiseLinear]
        public static void TBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                // Reversing the dimensions is its own inverse.
                Grad.Accumulate(ref dSelf, dResult.T);
            }
        }

        /// <summary>Backward of <see cref="Clone"/>: the gradient itself.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Clone))]
        [PiecewiseLinear]
        public static void CloneBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            Grad.Accumulate(ref dSelf, dResult);
        }

        /// <summary>Backward of <see cref="Gather(int[])"/>: each row's gradient placed at its gathered column, zero elsewhere.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Gather))]
        [PiecewiseLinear]
        public static void GatherBackward(Tensor self, int[] indices, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            if (self.IsOnDevice)
            {
                DeviceOps.GatherRowsGradient(self, indices, result, dResult, ref dSelf);
                return;
            }

            int columns = self._shape[1];
            Tensor gradient = UninitializedLike(self);
            for (int i = 0; i < indices.Length; i++)
            {
                gradient.Host()[i * columns + indices[i]] = dResult.Host()[i];
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>Backward of <see cref="Squeeze()"/>: the gradient in the original shape (sharing its storage).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Squeeze))]
        [PiecewiseLinear]
        public static void SqueezeBackward(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.SharingStorage(self._shape));
            }
        }

        /// <summary>Backward of <see cref="Squeeze(int)"/>: the gradient in the original shape (sharing its storage).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Squeeze))]
        [PiecewiseLinear]
        public static void SqueezeBackward(Tensor self, int dim, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.SharingStorage(self._shape));
            }
        }

        /// <summary>Backward of <see cref="Unsqueeze"/>: the gradient in the original shape (sharing its storage).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Unsqueeze))]
        [PiecewiseLinear]
        public static void UnsqueezeBackward(Tensor self, int dim, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.SharingStorage(self._shape));
            }
        }

        /// <summary>Backward of <see cref="Flatten"/>: the gradient in the original shape (sharing its storage).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Flatten))]
        [PiecewiseLinear]
        public static void FlattenBackward(Tensor self, int startDim, int endDim, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.SharingStorage(self._shape));
            }
        }

        /// <summary>Backward of <see cref="Permute"/>: the gradient permuted back by the inverse permutation.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Permute))]
        [PiecewiseLinear]
        public static void PermuteBackward(Tensor self, int[] dims, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.Permute(InversePermutation(self.NormalizePermutation(dims))));
            }
        }

        /// <summary>Backward of <see cref="Transpose(int, int)"/>: the gradient with the same two dimensions swapped back.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Transpose))]
        [PiecewiseLinear]
        public static void TransposeBackward(Tensor self, int dim0, int dim1, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.Transpose(dim0, dim1));
            }
        }

        /// <summary>Backward of <see cref="To"/>: the gradient goes back to the device the tensor came from, as in PyTorch.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(To))]
        [PiecewiseLinear]
        public static void ToBackward(Tensor self, Device device, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult.To(self.Device));
            }
        }
    }
}
