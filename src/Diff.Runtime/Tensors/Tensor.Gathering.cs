using System;

namespace Diff
{
    // Index-driven reads and writes: IndexSelect, Gather, Scatter, ScatterAdd (PyTorch semantics).
    public sealed partial class Tensor
    {
        /// <summary>
        /// The positions <paramref name="indices"/> of dimension <paramref name="dim"/>, in that order
        /// (repeats allowed), like <c>x.index_select(dim, index)</c>. The result is a copy.
        /// </summary>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <param name="indices">Positions, each in [0, size of <paramref name="dim"/>).</param>
        /// <returns>A new tensor whose dimension <paramref name="dim"/> has <c>indices.Length</c> positions.</returns>
        /// <exception cref="ArgumentException">A position is out of range.</exception>
        public Tensor IndexSelect(int dim, int[] indices)
        {
            ArgumentNullException.ThrowIfNull(indices);
            return IndexSelectCore(dim, indices, nameof(indices));
        }

        /// <summary>The positions in the rank-1 <paramref name="index"/> of dimension <paramref name="dim"/>, like <c>x.index_select(dim, index)</c>.</summary>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <param name="index">A rank-1 tensor of positions.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException"><paramref name="index"/> is not rank 1, or a position is out of range.</exception>
        public Tensor IndexSelect(int dim, IntTensor index)
        {
            ArgumentNullException.ThrowIfNull(index);
            if (index.Rank != 1)
            {
                throw new ArgumentException($"IndexSelect needs a rank-1 index, but got shape {ShapeText(index.ShapeView)}.", nameof(index));
            }

            return IndexSelectCore(dim, index.Data, nameof(index));
        }

        /// <summary>
        /// Picks values along <paramref name="dim"/> by <paramref name="index"/>, like
        /// <c>torch.gather(x, dim, index)</c>: for rank 2 and dim 1, <c>out[i, j] = x[i, index[i, j]]</c>.
        /// </summary>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <param name="index">Positions, of this tensor's rank and no larger than it in every other dimension.</param>
        /// <returns>A new tensor of <paramref name="index"/>'s shape.</returns>
        /// <exception cref="ArgumentException">The index's shape does not fit, or a position is out of range.</exception>
        public Tensor Gather(int dim, IntTensor index)
        {
            ArgumentNullException.ThrowIfNull(index);
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            int[] offsets = IndexedOffsets(index, d, _shape, nameof(index));
            if (IsOnDevice)
            {
                return DeviceOps.GatherAt(this, offsets, (int[])index.ShapeView.Clone());
            }

            Tensor result = Uninitialized((int[])index.ShapeView.Clone());
            for (int i = 0; i < offsets.Length; i++)
            {
                result.Host()[i] = Host()[offsets[i]];
            }

            return result;
        }

        /// <summary>
        /// A copy of this tensor with values of <paramref name="source"/> written at the positions
        /// <paramref name="index"/> gives along <paramref name="dim"/>, like
        /// <c>x.scatter(dim, index, src)</c>: for rank 2 and dim 0, <c>out[index[i, j], j] = src[i, j]</c>.
        /// When an index repeats, the last write wins.
        /// </summary>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <param name="index">Positions, of this tensor's rank, no larger than <paramref name="source"/> anywhere and than this tensor outside <paramref name="dim"/>.</param>
        /// <param name="source">The values; the part that <paramref name="index"/> covers is used.</param>
        /// <returns>A new tensor of this tensor's shape.</returns>
        /// <exception cref="ArgumentException">The shapes do not fit, or a position is out of range.</exception>
        public Tensor Scatter(int dim, IntTensor index, Tensor source)
        {
            ArgumentNullException.ThrowIfNull(index);
            ArgumentNullException.ThrowIfNull(source);
            (int[] offsets, int[] sourceOffsets) = ScatterOffsets(dim, index, source);
            if (DeviceOps.OnDevice(this, source, nameof(Scatter)))
            {
                return DeviceOps.Scatter(this, source, offsets, sourceOffsets, add: false);
            }

            Tensor result = Clone();
            for (int i = 0; i < offsets.Length; i++)
            {
                result.Host()[offsets[i]] = source.Host()[sourceOffsets[i]];
            }

            return result;
        }

        /// <summary>
        /// A copy of this tensor with values of <paramref name="source"/> added at the positions
        /// <paramref name="index"/> gives along <paramref name="dim"/>, like
        /// <c>x.scatter_add(dim, index, src)</c>; repeated positions add up.
        /// </summary>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <param name="index">Positions, shaped as for <see cref="Scatter"/>.</param>
        /// <param name="source">The values to add.</param>
        /// <returns>A new tensor of this tensor's shape.</returns>
        /// <exception cref="ArgumentException">The shapes do not fit, or a position is out of range.</exception>
        public Tensor ScatterAdd(int dim, IntTensor index, Tensor source)
        {
            ArgumentNullException.ThrowIfNull(index);
            ArgumentNullException.ThrowIfNull(source);
            (int[] offsets, int[] sourceOffsets) = ScatterOffsets(dim, index, source);
            if (DeviceOps.OnDevice(this, source, nameof(ScatterAdd)))
            {
                return DeviceOps.Scatter(this, source, offsets, sourceOffsets, add: true);
            }

            Tensor result = Clone();
            for (int i = 0; i < offsets.Length; i++)
            {
                result.Host()[offsets[i]] += source.Host()[sourceOffsets[i]];
            }

            return result;
        }

        private Tensor IndexSelectCore(int dim, int[] indices, string argumentName)
        {
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            (int outer, int size, int inner) = SplitAt(_shape, d);
            for (int k = 0; k < indices.Length; k++)
            {
                if ((uint)indices[k] >= (uint)size)
                {
                    throw new ArgumentException(
                        $"{argumentName}[{k}] = {indices[k]} is outside [0, {size}) for dimension {d} of a tensor of shape {ShapeText(_shape)}.", argumentName);
                }
            }

            int[] shape = (int[])_shape.Clone();
            shape[d] = indices.Length;
            if (IsOnDevice)
            {
                return DeviceOps.GatherAt(this, SelectedOffsets(indices, outer, size, inner), shape);
            }

            Tensor result = Uninitialized(shape);
            for (int o = 0; o < outer; o++)
            {
                for (int k = 0; k < indices.Length; k++)
                {
                    Host().AsSpan((o * size + indices[k]) * inner, inner).CopyTo(result.Host().AsSpan((o * indices.Length + k) * inner, inner));
                }
            }

            return result;
        }

        /// <summary>The gradient of an index selection: each selected block of <paramref name="dResult"/> added back at its position.</summary>
        private Tensor IndexSelectGradient(int dim, int[] indices, Tensor dResult)
        {
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            (int outer, int size, int inner) = SplitAt(_shape, d);
            if (IsOnDevice)
            {
                return DeviceOps.GatherAtGradient(this, SelectedOffsets(indices, outer, size, inner), dResult);
            }

            Tensor gradient = UninitializedLike(this);
            for (int o = 0; o < outer; o++)
            {
                for (int k = 0; k < indices.Length; k++)
                {
                    Span<float> target = gradient.Host().AsSpan((o * size + indices[k]) * inner, inner);
                    System.Numerics.Tensors.TensorPrimitives.Add(target, dResult.Host().AsSpan((o * indices.Length + k) * inner, inner), target);
                }
            }

            return gradient;
        }

        /// <summary>The element offsets an index selection reads, in the order of its result, for the device's gather.</summary>
        private static int[] SelectedOffsets(int[] indices, int outer, int size, int inner)
        {
            var offsets = new int[outer * indices.Length * inner];
            int at = 0;
            for (int o = 0; o < outer; o++)
            {
                foreach (int index in indices)
                {
                    for (int i = 0; i < inner; i++)
                    {
                        offsets[at++] = (o * size + index) * inner + i;
                    }
                }
            }

            return offsets;
        }

        private (int[] Offsets, int[] SourceOffsets) ScatterOffsets(int dim, IntTensor index, Tensor source)
        {
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            int[] offsets = IndexedOffsets(index, d, _shape, nameof(index));
            if (source._shape.Length != index.Rank)
            {
                throw new ArgumentException(
                    $"source of shape {ShapeText(source._shape)} needs the index's rank ({ShapeText(index.ShapeView)}).", nameof(source));
            }

            for (int k = 0; k < index.Rank; k++)
            {
                if (index.ShapeView[k] > source._shape[k])
                {
                    throw new ArgumentException(
                        $"index of shape {ShapeText(index.ShapeView)} is larger than source of shape {ShapeText(source._shape)} in dimension {k}.", nameof(source));
                }
            }

            return (offsets, PositionOffsets(index.ShapeView, source._shape));
        }

        /// <summary>
        /// For each element p of <paramref name="index"/> (row-major), the flat position in a tensor
        /// of <paramref name="shape"/> of p with coordinate <paramref name="dim"/> replaced by index[p].
        /// </summary>
        private static int[] IndexedOffsets(IntTensor index, int dim, int[] shape, string argumentName)
        {
            int[] indexShape = index.ShapeView;
            if (indexShape.Length != shape.Length)
            {
                throw new ArgumentException(
                    $"index of shape {ShapeText(indexShape)} needs the rank of the tensor of shape {ShapeText(shape)}.", argumentName);
            }

            for (int k = 0; k < shape.Length; k++)
            {
                if (k != dim && indexShape[k] > shape[k])
                {
                    throw new ArgumentException(
                        $"index of shape {ShapeText(indexShape)} is larger than the tensor of shape {ShapeText(shape)} in dimension {k}.", argumentName);
                }
            }

            int[] strides = StridedView.ContiguousStrides(shape);
            int[] offsets = PositionOffsets(indexShape, shape);
            int[] values = index.Data;
            int size = shape[dim];
            for (int i = 0; i < offsets.Length; i++)
            {
                if ((uint)values[i] >= (uint)size)
                {
                    throw new ArgumentException(
                        $"index element {i} = {values[i]} is outside [0, {size}) for dimension {dim} of a tensor of shape {ShapeText(shape)}.", argumentName);
                }

                // PositionOffsets placed the element at its own coordinate along dim; move it to the indexed one.
                offsets[i] += (values[i] - CoordinateOf(i, indexShape, dim)) * strides[dim];
            }

            return offsets;
        }

        /// <summary>Coordinate <paramref name="dim"/> of the row-major element <paramref name="flat"/> of <paramref name="shape"/>.</summary>
        private static int CoordinateOf(int flat, int[] shape, int dim)
        {
            int inner = 1;
            for (int k = dim + 1; k < shape.Length; k++)
            {
                inner *= shape[k];
            }

            return flat / inner % shape[dim];
        }

        /// <summary>For each element of a tensor of <paramref name="innerShape"/> (row-major), its flat position at the same coordinates in a tensor of <paramref name="outerShape"/>.</summary>
        private static int[] PositionOffsets(int[] innerShape, int[] outerShape)
        {
            int count = ProductOf(innerShape);
            var offsets = new int[count];
            if (count == 0)
            {
                return offsets;
            }

            // An odometer over innerShape that steps with outerShape's strides.
            int rank = innerShape.Length;
            int[] strides = StridedView.ContiguousStrides(outerShape);
            Span<int> counter = rank <= 16 ? stackalloc int[rank] : new int[rank];
            counter.Clear();
            int offset = 0;
            for (int i = 0; i < count; i++)
            {
                offsets[i] = offset;
                for (int d = rank - 1; d >= 0; d--)
                {
                    counter[d]++;
                    offset += strides[d];
                    if (counter[d] < innerShape[d])
                    {
                        break;
                    }

                    offset -= strides[d] * innerShape[d];
                    counter[d] = 0;
                }
            }

            return offsets;
        }
    }
}
