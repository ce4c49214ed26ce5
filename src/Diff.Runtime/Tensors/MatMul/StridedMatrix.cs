namespace Diff
{
    /// <summary>
    /// A pinned matrix operand read through two strides, so that one code path serves a matrix and
    /// its transpose: element (row, column) is at <c>Data[row * RowStride + column * ColumnStride]</c>.
    /// One of the two strides is 1 for every operand the kernel sees.
    /// </summary>
    internal readonly unsafe struct StridedMatrix
    {
        public StridedMatrix(float* data, int rowStride, int columnStride)
        {
            Data = data;
            RowStride = rowStride;
            ColumnStride = columnStride;
        }

        /// <summary>The element at (0, 0).</summary>
        public float* Data { get; }

        /// <summary>Elements between (r, c) and (r + 1, c).</summary>
        public int RowStride { get; }

        /// <summary>Elements between (r, c) and (r, c + 1).</summary>
        public int ColumnStride { get; }

        /// <summary>The same matrix seen from (<paramref name="row"/>, <paramref name="column"/>).</summary>
        public StridedMatrix Slice(int row, int column) =>
            new(Data + (nint)row * RowStride + (nint)column * ColumnStride, RowStride, ColumnStride);
    }
}
