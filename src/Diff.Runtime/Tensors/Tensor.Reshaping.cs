using System;

namespace Diff
{
    // Squeeze, Unsqueeze and Flatten only change the shape, so, like Reshape, they share storage
    // with their source. Permute and Transpose(dim0, dim1) move elements, so they copy.
    public sealed partial class Tensor
    {
        /// <summary>Removes every dimension of size 1, like <c>x.squeeze()</c>; shares storage.</summary>
        /// <returns>A tensor viewing this tensor's elements.</returns>
        public Tensor Squeeze()
        {
            int[] shape = Array.FindAll(_shape, size => size != 1);
            return SharingStorage(shape);
        }

        /// <summary>Removes dimension <paramref name="dim"/> when its size is 1 (otherwise returns the same shape), like <c>x.squeeze(dim)</c>; shares storage.</summary>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <returns>A tensor viewing this tensor's elements.</returns>
        /// <exception cref="ArgumentOutOfRangeException">The dimension is out of range.</exception>
        public Tensor Squeeze(int dim)
        {
            if (_shape.Length == 0 && (dim == 0 || dim == -1))
            {
                return SharingStorage(_shape);
            }

            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            if (_shape[d] != 1)
            {
                return SharingStorage(_shape);
            }

            var shape = new int[_shape.Length - 1];
            for (int i = 0, j = 0; i < _shape.Length; i++)
            {
                if (i != d)
                {
                    shape[j++] = _shape[i];
                }
            }

            return SharingStorage(shape);
        }

        /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>, like <c>x.unsqueeze(dim)</c>; shares storage.</summary>
        /// <param name="dim">The new dimension's position in the result, from −(Rank+1) to Rank.</param>
        /// <returns>A tensor viewing this tensor's elements.</returns>
        /// <exception cref="ArgumentOutOfRangeException">The dimension is out of range.</exception>
        public Tensor Unsqueeze(int dim)
        {
            int d = NormalizeDim(dim, _shape.Length + 1, nameof(dim), _shape);
            var shape = new int[_shape.Length + 1];
            for (int i = 0, j = 0; i < shape.Length; i++)
            {
                shape[i] = i == d ? 1 : _shape[j++];
            }

            return SharingStorage(shape);
        }

        /// <summary>
        /// Merges dimensions <paramref name="startDim"/> to <paramref name="endDim"/> into one, like
        /// <c>torch.flatten(x, start_dim, end_dim)</c>; shares storage. A scalar becomes shape <c>[1]</c>.
        /// </summary>
        /// <param name="startDim">The first dimension to merge; negative counts from the end.</param>
        /// <param name="endDim">The last dimension to merge; negative counts from the end.</param>
        /// <returns>A tensor viewing this tensor's elements.</returns>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range, or <paramref name="startDim"/> comes after <paramref name="endDim"/>.</exception>
        public Tensor Flatten(int startDim = 0, int endDim = -1)
        {
            if (_shape.Length == 0)
            {
                return SharingStorage(new[] { 1 });
            }

            int start = NormalizeDim(startDim, _shape.Length, nameof(startDim), _shape);
            int end = NormalizeDim(endDim, _shape.Length, nameof(endDim), _shape);
            if (start > end)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(startDim), startDim, $"startDim ({start}) comes after endDim ({end}) for a tensor of shape {ShapeText(_shape)}.");
            }

            var shape = new int[_shape.Length - (end - start)];
            int merged = 1;
            for (int i = start; i <= end; i++)
            {
                merged *= _shape[i];
            }

            for (int i = 0, j = 0; i < _shape.Length; i++)
            {
                if (i < start || i > end)
                {
                    shape[j++] = _shape[i];
                }
                else if (i == start)
                {
                    shape[j++] = merged;
                }
            }

            return SharingStorage(shape);
        }

        /// <summary>
        /// Reorders the dimensions, like <c>x.permute(dims)</c>: result dimension i is this tensor's
        /// dimension <c>dims[i]</c>. The result is a contiguous copy.
        /// </summary>
        /// <param name="dims">A permutation of the dimensions; negative entries count from the end.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException"><paramref name="dims"/> is not a permutation of this tensor's dimensions.</exception>
        public Tensor Permute(params int[] dims)
        {
            ArgumentNullException.ThrowIfNull(dims);
            StridedView view = PermuteView(dims);
            return CopyView(view);
        }

        /// <summary>Swaps two dimensions of a tensor of any rank, like <c>x.transpose(dim0, dim1)</c>; the result is a contiguous copy.</summary>
        /// <param name="dim0">One dimension; negative counts from the end.</param>
        /// <param name="dim1">The other dimension; negative counts from the end.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range.</exception>
        public Tensor Transpose(int dim0, int dim1)
        {
            int d0 = NormalizeDim(dim0, _shape.Length, nameof(dim0), _shape);
            int d1 = NormalizeDim(dim1, _shape.Length, nameof(dim1), _shape);
            int[] dims = TransposedDims(_shape.Length, d0, d1);
            if (_shape.Length == 2 && d0 != d1)
            {
                return Transpose();
            }

            return Permute(dims);
        }

        internal static int[] TransposedDims(int rank, int d0, int d1)
        {
            var dims = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                dims[i] = i;
            }

            (dims[d0], dims[d1]) = (dims[d1], dims[d0]);
            return dims;
        }

        /// <summary>The permutation that undoes <paramref name="dims"/> (already normalised).</summary>
        internal static int[] InversePermutation(int[] dims)
        {
            var inverse = new int[dims.Length];
            for (int i = 0; i < dims.Length; i++)
            {
                inverse[dims[i]] = i;
            }

            return inverse;
        }

        /// <summary>Validates and normalises a permutation of this tensor's dimensions.</summary>
        internal int[] NormalizePermutation(int[] dims)
        {
            if (dims.Length != _shape.Length)
            {
                throw new ArgumentException(
                    $"Permute needs one entry per dimension: {_shape.Length} for shape {ShapeText(_shape)}, but got {ShapeText(dims)}.", nameof(dims));
            }

            var normalized = new int[dims.Length];
            var seen = new bool[dims.Length];
            for (int i = 0; i < dims.Length; i++)
            {
                int d = dims[i] < 0 ? dims[i] + dims.Length : dims[i];
                if ((uint)d >= (uint)dims.Length || seen[d])
                {
                    throw new ArgumentException(
                        $"{ShapeText(dims)} is not a permutation of the dimensions of a tensor of shape {ShapeText(_shape)}.", nameof(dims));
                }

                seen[d] = true;
                normalized[i] = d;
            }

            return normalized;
        }

        private StridedView PermuteView(int[] dims)
        {
            int[] normalized = NormalizePermutation(dims);
            int[] strides = StridedView.ContiguousStrides(_shape);
            var shape = new int[dims.Length];
            var viewStrides = new int[dims.Length];
            for (int i = 0; i < dims.Length; i++)
            {
                shape[i] = _shape[normalized[i]];
                viewStrides[i] = strides[normalized[i]];
            }

            return new StridedView(shape, viewStrides, 0);
        }
    }
}
