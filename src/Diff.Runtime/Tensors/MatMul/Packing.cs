using System;
using System.Runtime.CompilerServices;

namespace Diff
{
    /// <summary>
    /// Copies blocks of A and B into the contiguous, step-major slivers the micro-kernels read, so the
    /// inner loop sees unit-stride data whatever the operands' layout and transposition. The last
    /// sliver of a block is padded with zeros, which lets the kernel always compute a full tile.
    /// </summary>
    internal static unsafe class Packing
    {
        /// <summary>
        /// Packs rows [0, <paramref name="rows"/>) and steps [0, <paramref name="depth"/>) of A into
        /// slivers of <paramref name="sliverRows"/> rows: sliver s holds, for each step, its rows' values.
        /// </summary>
        public static void PackA(StridedMatrix a, int rows, int depth, int sliverRows, float* destination)
        {
            for (int first = 0; first < rows; first += sliverRows)
            {
                int count = Math.Min(sliverRows, rows - first);
                StridedMatrix source = a.Slice(first, 0);
                if (source.RowStride == 1)
                {
                    // A is stored transposed: the rows of one step are adjacent in memory.
                    PackContiguousSteps(source.Data, source.ColumnStride, count, depth, sliverRows, destination);
                }
                else
                {
                    PackStridedSteps(source.Data, source.RowStride, source.ColumnStride, count, depth, sliverRows, destination);
                }

                destination += (nint)sliverRows * depth;
            }
        }

        /// <summary>
        /// Packs steps [0, <paramref name="depth"/>) and columns [0, <paramref name="columns"/>) of B
        /// into slivers of <paramref name="sliverColumns"/> columns: sliver s holds, for each step, its
        /// columns' values.
        /// </summary>
        public static void PackB(StridedMatrix b, int depth, int columns, int sliverColumns, float* destination)
        {
            for (int first = 0; first < columns; first += sliverColumns)
            {
                int count = Math.Min(sliverColumns, columns - first);
                StridedMatrix source = b.Slice(0, first);
                if (source.ColumnStride == 1)
                {
                    // B is stored as is: the columns of one step are adjacent in memory.
                    PackContiguousSteps(source.Data, source.RowStride, count, depth, sliverColumns, destination);
                }
                else
                {
                    PackStridedSteps(source.Data, source.ColumnStride, source.RowStride, count, depth, sliverColumns, destination);
                }

                destination += (nint)sliverColumns * depth;
            }
        }

        /// <summary>
        /// One step's <paramref name="count"/> values are adjacent; consecutive steps are
        /// <paramref name="stepStride"/> apart. Each step becomes one row of the sliver.
        /// </summary>
        private static void PackContiguousSteps(float* source, int stepStride, int count, int depth, int width, float* destination)
        {
            nint byteCount = (nint)count * sizeof(float);
            for (int step = 0; step < depth; step++)
            {
                Buffer.MemoryCopy(source, destination, byteCount, byteCount);
                for (int lane = count; lane < width; lane++)
                {
                    destination[lane] = 0f;
                }

                source += stepStride;
                destination += width;
            }
        }

        /// <summary>
        /// Each of the <paramref name="count"/> lanes (rows of A, or columns of B) has its own run of
        /// steps, <paramref name="stepStride"/> apart (usually 1), and consecutive lanes are
        /// <paramref name="laneStride"/> apart: the sliver is a transpose of the source.
        /// </summary>
        private static void PackStridedSteps(float* source, int laneStride, int stepStride, int count, int depth, int width, float* destination)
        {
            for (int lane = 0; lane < count; lane++)
            {
                float* from = source + (nint)lane * laneStride;
                float* to = destination + lane;
                for (int step = 0; step < depth; step++)
                {
                    to[(nint)step * width] = from[(nint)step * stepStride];
                }
            }

            if (count < width)
            {
                for (int step = 0; step < depth; step++)
                {
                    new Span<float>(destination + (nint)step * width + count, width - count).Clear();
                }
            }
        }
    }
}
