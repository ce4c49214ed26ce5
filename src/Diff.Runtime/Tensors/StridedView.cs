using System;

namespace Diff
{
    /// <summary>
    /// A strided window onto a row-major tensor's storage: an offset and a stride per dimension of
    /// the window's shape. Slicing, selecting and permuting all describe their result this way, so
    /// one copy loop serves their forwards and one scatter-add loop their backwards.
    /// </summary>
    internal readonly struct StridedView
    {
        public StridedView(int[] shape, int[] strides, int offset)
        {
            Shape = shape;
            Strides = strides;
            Offset = offset;
        }

        /// <summary>The window's dimensions (taken over, never written).</summary>
        public int[] Shape { get; }

        /// <summary>The storage step of each window dimension.</summary>
        public int[] Strides { get; }

        /// <summary>The storage index of the window's first element.</summary>
        public int Offset { get; }

        /// <summary>The row-major strides of a contiguous tensor of <paramref name="shape"/>.</summary>
        public static int[] ContiguousStrides(int[] shape)
        {
            var strides = new int[shape.Length];
            int stride = 1;
            for (int i = shape.Length - 1; i >= 0; i--)
            {
                strides[i] = stride;
                stride *= shape[i];
            }

            return strides;
        }

        /// <summary>Copies the window's elements out of <paramref name="source"/> into <paramref name="destination"/>, row-major.</summary>
        public void CopyOut(float[] source, float[] destination) => Walk(source, destination, scatter: false);

        /// <summary>Adds the row-major <paramref name="values"/> into the window's elements of <paramref name="target"/>.</summary>
        public void AddInto(float[] values, float[] target) => Walk(target, values, scatter: true);

        /// <summary>
        /// Visits the window row by row: the last dimension is the inner loop (a span copy when its
        /// stride is 1), the others advance an odometer, so no element costs more than an add.
        /// </summary>
        private void Walk(float[] storage, float[] dense, bool scatter)
        {
            int count = dense.Length;
            if (count == 0)
            {
                return;
            }

            int rank = Shape.Length;
            if (rank == 0)
            {
                if (scatter)
                {
                    storage[Offset] += dense[0];
                }
                else
                {
                    dense[0] = storage[Offset];
                }

                return;
            }

            int rowLength = Shape[rank - 1];
            int rowStride = Strides[rank - 1];
            Span<int> counter = rank <= 16 ? stackalloc int[rank] : new int[rank];
            counter.Clear();
            int offset = Offset;
            for (int start = 0; start < count; start += rowLength)
            {
                if (scatter)
                {
                    if (rowStride == 1)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Add(
                            storage.AsSpan(offset, rowLength), dense.AsSpan(start, rowLength), storage.AsSpan(offset, rowLength));
                    }
                    else
                    {
                        for (int j = 0, s = offset; j < rowLength; j++, s += rowStride)
                        {
                            storage[s] += dense[start + j];
                        }
                    }
                }
                else if (rowStride == 1)
                {
                    storage.AsSpan(offset, rowLength).CopyTo(dense.AsSpan(start, rowLength));
                }
                else
                {
                    for (int j = 0, s = offset; j < rowLength; j++, s += rowStride)
                    {
                        dense[start + j] = storage[s];
                    }
                }

                // Advance the odometer over the dimensions before the last.
                for (int d = rank - 2; d >= 0; d--)
                {
                    counter[d]++;
                    offset += Strides[d];
                    if (counter[d] < Shape[d])
                    {
                        break;
                    }

                    offset -= Strides[d] * Shape[d];
                    counter[d] = 0;
                }
            }
        }
    }
}
