using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
            int lane = 0;
            if (Avx.IsSupported && stepStride == 1)
            {
                // Eight lanes by eight steps at a time, transposed in registers: contiguous loads and
                // stores instead of one scattered store per element.
                for (; lane + 8 <= count; lane += 8)
                {
                    float* from = source + (nint)lane * laneStride;
                    float* to = destination + lane;
                    int step = 0;
                    for (; step + 8 <= depth; step += 8)
                    {
                        Transpose8x8(from + step, laneStride, to + (nint)step * width, width);
                    }

                    for (; step < depth; step++)
                    {
                        for (int i = 0; i < 8; i++)
                        {
                            to[(nint)step * width + i] = from[(nint)i * laneStride + step];
                        }
                    }
                }
            }

            if (lane < count)
            {
                // The remaining lanes, one step at a time: the reads follow a few sequential streams
                // and the writes are contiguous.
                int remaining = count - lane;
                float* from = source + (nint)lane * laneStride;
                float* to = destination + lane;
                for (int step = 0; step < depth; step++)
                {
                    float* stepSource = from + (nint)step * stepStride;
                    float* stepDestination = to + (nint)step * width;
                    for (int i = 0; i < remaining; i++)
                    {
                        stepDestination[i] = stepSource[(nint)i * laneStride];
                    }
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

        /// <summary>
        /// Writes the transpose of the 8×8 block at <paramref name="source"/> (rows
        /// <paramref name="sourceStride"/> apart) to <paramref name="destination"/> (rows
        /// <paramref name="destinationStride"/> apart): interleave pairs of rows, then pairs of pairs,
        /// then swap 128-bit halves.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose8x8(float* source, int sourceStride, float* destination, int destinationStride)
        {
            Vector256<float> r0 = Avx.LoadVector256(source);
            Vector256<float> r1 = Avx.LoadVector256(source + sourceStride);
            Vector256<float> r2 = Avx.LoadVector256(source + 2 * (nint)sourceStride);
            Vector256<float> r3 = Avx.LoadVector256(source + 3 * (nint)sourceStride);
            Vector256<float> r4 = Avx.LoadVector256(source + 4 * (nint)sourceStride);
            Vector256<float> r5 = Avx.LoadVector256(source + 5 * (nint)sourceStride);
            Vector256<float> r6 = Avx.LoadVector256(source + 6 * (nint)sourceStride);
            Vector256<float> r7 = Avx.LoadVector256(source + 7 * (nint)sourceStride);

            // Within each 128-bit half: element pairs of rows (0,1), (2,3), (4,5), (6,7).
            Vector256<float> t0 = Avx.UnpackLow(r0, r1);
            Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3);
            Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5);
            Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
            Vector256<float> t6 = Avx.UnpackLow(r6, r7);
            Vector256<float> t7 = Avx.UnpackHigh(r6, r7);

            // Within each half: columns of rows 0–3 and of rows 4–7.
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
            Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
            Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44);
            Vector256<float> u5 = Avx.Shuffle(t4, t6, 0xEE);
            Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44);
            Vector256<float> u7 = Avx.Shuffle(t5, t7, 0xEE);

            // Join the halves: low halves give columns 0–3, high halves columns 4–7.
            Avx.Store(destination, Avx.Permute2x128(u0, u4, 0x20));
            Avx.Store(destination + destinationStride, Avx.Permute2x128(u1, u5, 0x20));
            Avx.Store(destination + 2 * (nint)destinationStride, Avx.Permute2x128(u2, u6, 0x20));
            Avx.Store(destination + 3 * (nint)destinationStride, Avx.Permute2x128(u3, u7, 0x20));
            Avx.Store(destination + 4 * (nint)destinationStride, Avx.Permute2x128(u0, u4, 0x31));
            Avx.Store(destination + 5 * (nint)destinationStride, Avx.Permute2x128(u1, u5, 0x31));
            Avx.Store(destination + 6 * (nint)destinationStride, Avx.Permute2x128(u2, u6, 0x31));
            Avx.Store(destination + 7 * (nint)destinationStride, Avx.Permute2x128(u3, u7, 0x31));
        }
    }
}
