using System;

namespace Diff
{
    // Slices are copies. PyTorch returns views that share storage; here a tensor is always
    // contiguous (one float[] in row-major order, which every kernel relies on), so a slice copies
    // the elements it selects into a new tensor. Writing to a slice therefore never changes its source.
    public sealed partial class Tensor
    {
        /// <summary>
        /// Indexes and slices with C# indices and ranges, like <c>t[0]</c>, <c>t[^1]</c> or
        /// <c>t[.., 1..3]</c> in PyTorch. An <see cref="int"/> or <see cref="System.Index"/> entry
        /// picks one position and removes its dimension; a <see cref="System.Range"/> keeps the
        /// dimension. Dimensions without an entry are taken whole. The result is a copy.
        /// </summary>
        /// <param name="indices">At most <see cref="Rank"/> entries, one per leading dimension.</param>
        /// <returns>A new tensor.</returns>
        /// <exception cref="ArgumentException">There are more entries than dimensions.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A position or range lies outside its dimension (ranges are not clamped, as in C#).</exception>
        /// <remarks>In a <c>[Differentiable]</c> method use <see cref="Select"/>, <see cref="Narrow"/> or <see cref="Slice"/>, which the generator differentiates.</remarks>
        // Item() already names .item(), so the indexer's metadata name is At (its getter get_At).
        [System.Runtime.CompilerServices.IndexerName("At")]
        public Tensor this[params TensorIndex[] indices]
        {
            get
            {
                ArgumentNullException.ThrowIfNull(indices);
                StridedView view = IndexerView(indices);
                return CopyView(view);
            }
        }

        /// <summary>
        /// The <paramref name="length"/> positions of dimension <paramref name="dim"/> from
        /// <paramref name="start"/>, like <c>x.narrow(dim, start, length)</c>; the result is a copy.
        /// </summary>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <param name="start">The first position; negative counts from the end.</param>
        /// <param name="length">The number of positions, at least 0.</param>
        /// <returns>A new tensor of the same rank.</returns>
        /// <exception cref="ArgumentOutOfRangeException">The dimension, start or length is out of range.</exception>
        public Tensor Narrow(int dim, int start, int length)
        {
            StridedView view = NarrowView(dim, start, length);
            return CopyView(view);
        }

        /// <summary>
        /// The slice at position <paramref name="index"/> of dimension <paramref name="dim"/>, which
        /// is removed, like <c>x.select(dim, index)</c>; the result is a copy.
        /// </summary>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <param name="index">The position; negative counts from the end.</param>
        /// <returns>A new tensor with one dimension fewer.</returns>
        /// <exception cref="ArgumentOutOfRangeException">The dimension or the position is out of range.</exception>
        public Tensor Select(int dim, int index)
        {
            StridedView view = SelectView(dim, index);
            return CopyView(view);
        }

        /// <summary>
        /// Every <paramref name="step"/>-th position of dimension <paramref name="dim"/> from
        /// <paramref name="start"/> up to (not including) <paramref name="end"/>, like
        /// <c>x[..., start:end:step]</c> in PyTorch: negative bounds count from the end, and bounds
        /// outside the dimension are clamped to it. The result is a copy.
        /// </summary>
        /// <param name="dim">The dimension; negative counts from the end.</param>
        /// <param name="start">The first position (clamped).</param>
        /// <param name="end">The position after the last (clamped); <see cref="int.MaxValue"/> for "to the end".</param>
        /// <param name="step">The stride, at least 1.</param>
        /// <returns>A new tensor of the same rank.</returns>
        /// <exception cref="ArgumentOutOfRangeException">The dimension is out of range or <paramref name="step"/> is below 1.</exception>
        public Tensor Slice(int dim, int start, int end, int step = 1)
        {
            StridedView view = SliceView(dim, start, end, step);
            return CopyView(view);
        }

        /// <summary>The gradient of a strided copy: <paramref name="dResult"/> added into zeros of this tensor's shape.</summary>
        private Tensor ScatterView(StridedView view, Tensor dResult)
        {
            if (IsOnDevice)
            {
                Tensor zeros = DeviceOps.Filled(Device, _shape, 0f);
                DeviceOps.StridedAdd(dResult, view, zeros);
                return zeros;
            }

            Tensor gradient = UninitializedLike(this);
            view.AddInto(dResult.Host(), gradient.Host());
            return gradient;
        }

        /// <summary>The elements a strided view selects, copied into a new contiguous tensor on this tensor's device.</summary>
        private Tensor CopyView(StridedView view)
        {
            if (IsOnDevice)
            {
                return DeviceOps.StridedCopy(this, view);
            }

            Tensor result = Uninitialized(view.Shape);
            view.CopyOut(Host(), result.Host());
            return result;
        }

        private StridedView IndexerView(TensorIndex[] indices)
        {
            if (indices.Length > _shape.Length)
            {
                throw new ArgumentException(
                    $"Too many indices: {indices.Length} for a tensor of shape {ShapeText(_shape)}.", nameof(indices));
            }

            int[] strides = StridedView.ContiguousStrides(_shape);
            var shape = new System.Collections.Generic.List<int>(_shape.Length);
            var viewStrides = new System.Collections.Generic.List<int>(_shape.Length);
            int offset = 0;
            for (int d = 0; d < _shape.Length; d++)
            {
                if (d >= indices.Length)
                {
                    shape.Add(_shape[d]);
                    viewStrides.Add(strides[d]);
                    continue;
                }

                TensorIndex entry = indices[d];
                if (entry.IsRange)
                {
                    Range range = entry.Range;
                    int first = range.Start.GetOffset(_shape[d]);
                    int last = range.End.GetOffset(_shape[d]);
                    if (first < 0 || last > _shape[d] || first > last)
                    {
                        throw new ArgumentOutOfRangeException(
                            nameof(indices), $"Range {range} of dimension {d} is outside [0, {_shape[d]}] for a tensor of shape {ShapeText(_shape)}.");
                    }

                    offset += first * strides[d];
                    shape.Add(last - first);
                    viewStrides.Add(strides[d]);
                }
                else
                {
                    int position = entry.Index.GetOffset(_shape[d]);
                    if ((uint)position >= (uint)_shape[d])
                    {
                        throw new ArgumentOutOfRangeException(
                            nameof(indices), $"Index {entry.Index} of dimension {d} is outside [0, {_shape[d]}) for a tensor of shape {ShapeText(_shape)}.");
                    }

                    offset += position * strides[d];
                }
            }

            return new StridedView(shape.ToArray(), viewStrides.ToArray(), offset);
        }

        private StridedView NarrowView(int dim, int start, int length)
        {
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            int size = _shape[d];
            int first = start < 0 ? start + size : start;
            if (first < 0 || first > size)
            {
                throw new ArgumentOutOfRangeException(nameof(start), start, $"Start {start} is outside dimension {d} of size {size} (tensor of shape {ShapeText(_shape)}).");
            }

            if (length < 0 || first + length > size)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(length), length, $"Length {length} from {first} runs past dimension {d} of size {size} (tensor of shape {ShapeText(_shape)}).");
            }

            return StepView(d, first, length, 1);
        }

        private StridedView SelectView(int dim, int index)
        {
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            int size = _shape[d];
            int position = index < 0 ? index + size : index;
            if ((uint)position >= (uint)size)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Index {index} is outside dimension {d} of size {size} (tensor of shape {ShapeText(_shape)}).");
            }

            int[] strides = StridedView.ContiguousStrides(_shape);
            var shape = new int[_shape.Length - 1];
            var viewStrides = new int[_shape.Length - 1];
            for (int i = 0, j = 0; i < _shape.Length; i++)
            {
                if (i != d)
                {
                    shape[j] = _shape[i];
                    viewStrides[j++] = strides[i];
                }
            }

            return new StridedView(shape, viewStrides, position * strides[d]);
        }

        private StridedView SliceView(int dim, int start, int end, int step)
        {
            int d = NormalizeDim(dim, _shape.Length, nameof(dim), _shape);
            ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
            int size = _shape[d];
            int first = Math.Clamp(start < 0 ? (int)Math.Max((long)start + size, 0) : start, 0, size);
            int last = Math.Clamp(end < 0 ? (int)Math.Max((long)end + size, 0) : end, 0, size);
            int length = last > first ? (last - first + step - 1) / step : 0;
            return StepView(d, first, length, step);
        }

        /// <summary>The view keeping every dimension, with dimension <paramref name="d"/> narrowed to <paramref name="length"/> positions <paramref name="step"/> apart.</summary>
        private StridedView StepView(int d, int first, int length, int step)
        {
            int[] strides = StridedView.ContiguousStrides(_shape);
            int[] shape = (int[])_shape.Clone();
            shape[d] = length;
            int offset = first * strides[d];
            strides[d] *= step;
            return new StridedView(shape, strides, offset);
        }
    }
}
