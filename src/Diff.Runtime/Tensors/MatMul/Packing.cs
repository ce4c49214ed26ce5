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
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void PackA(StridedMatrix a, int rows, int depth, int sliverRows, float* destination)
        {
            if (a.RowStride == 1)
            {
                // A is stored transposed: the rows of one step are adjacent in memory.
                PackContiguousSteps(a.Data, a.ColumnStride, rows, depth, sliverRows, destination);
                return;
            }

            for (int first = 0; first < rows; first += sliverRows)
            {
                int count = Math.Min(sliverRows, rows - first);
                StridedMatrix source = a.Slice(first, 0);
                PackStridedSteps(source.Data, source.RowStride, source.ColumnStride, count, depth, sliverRows, destination);
                destination += (nint)sliverRows * depth;
            }
        }

        /// <summary>
        /// Packs steps [0, <paramref name="depth"/>) and columns [0, <paramref name="columns"/>) of B
        /// into slivers of <paramref name="sliverColumns"/> columns: sliver s holds, for each step, its
        /// columns' values.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void PackB(StridedMatrix b, int depth, int columns, int sliverColumns, float* destination)
        {
            if (b.ColumnStride == 1)
            {
                // B is stored as is: the columns of one step are adjacent in memory.
                PackContiguousSteps(b.Data, b.RowStride, columns, depth, sliverColumns, destination);
                return;
            }

            for (int first = 0; first < columns; first += sliverColumns)
            {
                int count = Math.Min(sliverColumns, columns - first);
                StridedMatrix source = b.Slice(0, first);
                PackStridedSteps(source.Data, source.ColumnStride, source.RowStride, count, depth, sliverColumns, destination);
                destination += (nint)sliverColumns * depth;
            }
        }

        /// <summary>
        /// Floats a packed buffer needs beyond its last sliver: a sliver narrower than eight is written
        /// eight values per step, each step's store running into the next step's place before that
        /// step overwrites it, and the last one running past the end.
        /// </summary>
        public const int Overrun = 8;

        /// <summary>
        /// All slivers of a block whose steps each hold <paramref name="lanes"/> adjacent values (rows of a transposed A, or
        /// columns of B as stored), consecutive steps <paramref name="stepStride"/> apart, packed one step at a time: each
        /// step is read from start to end, once, and its values go to every sliver.
        /// </summary>
        /// <remarks>
        /// Packed sliver by sliver instead, the block is read a few lines from each step at a time, one step after the
        /// other, and a block beyond L2 (the input batch of a layer's weight gradient, say) is then fetched one line per
        /// step at the latency of the next cache level.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PackContiguousSteps(float* source, int stepStride, int lanes, int depth, int width, float* destination)
        {
            int wholeSlivers = lanes / width;
            int lastCount = lanes - wholeSlivers * width;
            nint sliverSize = (nint)width * depth;
            for (int step = 0; step < depth; step++)
            {
                float* from = source + (nint)step * stepStride;
                float* to = destination + (nint)step * width;
                for (int sliver = 0; sliver < wholeSlivers; sliver++)
                {
                    CopyLanes(from, to, width, width);
                    from += width;
                    to += sliverSize;
                }

                if (lastCount > 0)
                {
                    CopyLanes(from, to, lastCount, width);
                }
            }
        }

        /// <summary>Copies <paramref name="count"/> values and pads them with zeros to <paramref name="width"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void CopyLanes(float* from, float* to, int count, int width)
        {
            int lane = 0;
            for (; lane + Vector256<float>.Count <= count; lane += Vector256<float>.Count)
            {
                Vector256.Store(Vector256.Load(from + lane), to + lane);
            }

            if (lane + Vector128<float>.Count <= count)
            {
                Vector128.Store(Vector128.Load(from + lane), to + lane);
                lane += Vector128<float>.Count;
            }

            for (; lane < count; lane++)
            {
                to[lane] = from[lane];
            }

            for (; lane < width; lane++)
            {
                to[lane] = 0f;
            }
        }

        /// <summary>
        /// Each of the <paramref name="count"/> lanes (rows of A, or columns of B) has its own run of
        /// steps, <paramref name="stepStride"/> apart (1 for every operand the kernel builds), and
        /// consecutive lanes are <paramref name="laneStride"/> apart: the sliver is a transpose of the
        /// source, done eight steps at a time in registers where the hardware allows.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PackStridedSteps(float* source, int laneStride, int stepStride, int count, int depth, int width, float* destination)
        {
            int lane = 0;
            int blockedDepth = depth & ~7;
            if (Avx.IsSupported && stepStride == 1)
            {
                if (width <= 8)
                {
                    // A whole sliver (six rows of A, say) in one pass, missing lanes read as zeros.
                    PackNarrowTransposed(source, laneStride, count, blockedDepth, width, destination);
                    lane = count;
                }
                else
                {
                    for (; lane + 8 <= count; lane += 8)
                    {
                        float* from = source + (nint)lane * laneStride;
                        for (int step = 0; step < blockedDepth; step += 8)
                        {
                            Transpose8x8(from + step, laneStride, destination + (nint)step * width + lane, width);
                        }
                    }

                    if (lane + 4 <= count)
                    {
                        float* from = source + (nint)lane * laneStride;
                        for (int step = 0; step < blockedDepth; step += 8)
                        {
                            Transpose4x8(from + step, laneStride, destination + (nint)step * width + lane, width);
                        }

                        lane += 4;
                    }
                }
            }
            else
            {
                blockedDepth = 0;
            }

            // Whatever the transposes left: steps past the last multiple of eight for the lanes done,
            // and every step of the remaining lanes.
            for (int step = 0; step < depth; step++)
            {
                float* stepSource = source + (nint)step * stepStride;
                float* stepDestination = destination + (nint)step * width;
                int first = step < blockedDepth ? lane : 0;
                for (int i = first; i < count; i++)
                {
                    stepDestination[i] = stepSource[(nint)i * laneStride];
                }

                for (int i = count; i < width; i++)
                {
                    stepDestination[i] = 0f;
                }
            }
        }

        /// <summary>
        /// Transposes <paramref name="count"/> ≤ <paramref name="width"/> ≤ 8 lanes, eight steps at a
        /// time, into rows of <paramref name="width"/>; lanes from <paramref name="count"/> to 8 are
        /// zeros. Each step is stored as eight values, and steps are stored in order, so the values
        /// past <paramref name="width"/> land in the next step's place just before it is written
        /// (the last ones in the buffer's <see cref="Overrun"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PackNarrowTransposed(float* source, int laneStride, int count, int depth, int width, float* destination)
        {
            for (int step = 0; step < depth; step += 8)
            {
                float* from = source + step;
                Vector256<float> r0 = count > 0 ? Avx.LoadVector256(from) : Vector256<float>.Zero;
                Vector256<float> r1 = count > 1 ? Avx.LoadVector256(from + laneStride) : Vector256<float>.Zero;
                Vector256<float> r2 = count > 2 ? Avx.LoadVector256(from + 2 * (nint)laneStride) : Vector256<float>.Zero;
                Vector256<float> r3 = count > 3 ? Avx.LoadVector256(from + 3 * (nint)laneStride) : Vector256<float>.Zero;
                Vector256<float> r4 = count > 4 ? Avx.LoadVector256(from + 4 * (nint)laneStride) : Vector256<float>.Zero;
                Vector256<float> r5 = count > 5 ? Avx.LoadVector256(from + 5 * (nint)laneStride) : Vector256<float>.Zero;
                Vector256<float> r6 = count > 6 ? Avx.LoadVector256(from + 6 * (nint)laneStride) : Vector256<float>.Zero;
                Vector256<float> r7 = count > 7 ? Avx.LoadVector256(from + 7 * (nint)laneStride) : Vector256<float>.Zero;
                Transpose8x8(r0, r1, r2, r3, r4, r5, r6, r7, destination + (nint)step * width, width);
            }
        }

        /// <summary>
        /// Writes the transpose of the 8×8 block at <paramref name="source"/> (rows
        /// <paramref name="sourceStride"/> apart) to <paramref name="destination"/> (rows
        /// <paramref name="destinationStride"/> apart).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose8x8(float* source, int sourceStride, float* destination, int destinationStride)
        {
            Transpose8x8(
                Avx.LoadVector256(source),
                Avx.LoadVector256(source + sourceStride),
                Avx.LoadVector256(source + 2 * (nint)sourceStride),
                Avx.LoadVector256(source + 3 * (nint)sourceStride),
                Avx.LoadVector256(source + 4 * (nint)sourceStride),
                Avx.LoadVector256(source + 5 * (nint)sourceStride),
                Avx.LoadVector256(source + 6 * (nint)sourceStride),
                Avx.LoadVector256(source + 7 * (nint)sourceStride),
                destination,
                destinationStride);
        }

        /// <summary>
        /// Stores the columns of the 8×8 block with rows <paramref name="r0"/> … <paramref name="r7"/>
        /// as rows of <paramref name="destination"/>, <paramref name="destinationStride"/> apart, in
        /// order: interleave pairs of rows, then pairs of pairs, then swap 128-bit halves.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose8x8(
            Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
            Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
            float* destination, int destinationStride)
        {
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

        /// <summary>
        /// Writes the transpose of the 4×8 block at <paramref name="source"/> (four rows
        /// <paramref name="sourceStride"/> apart) as eight rows of four values,
        /// <paramref name="destinationStride"/> apart.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose4x8(float* source, int sourceStride, float* destination, int destinationStride)
        {
            Vector256<float> r0 = Avx.LoadVector256(source);
            Vector256<float> r1 = Avx.LoadVector256(source + sourceStride);
            Vector256<float> r2 = Avx.LoadVector256(source + 2 * (nint)sourceStride);
            Vector256<float> r3 = Avx.LoadVector256(source + 3 * (nint)sourceStride);
            Vector256<float> t0 = Avx.UnpackLow(r0, r1);
            Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3);
            Vector256<float> t3 = Avx.UnpackHigh(r2, r3);

            // Each holds column c in its low half and column c + 4 in its high half.
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44);
            Vector256<float> u1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44);
            Vector256<float> u3 = Avx.Shuffle(t1, t3, 0xEE);
            Sse.Store(destination, u0.GetLower());
            Sse.Store(destination + destinationStride, u1.GetLower());
            Sse.Store(destination + 2 * (nint)destinationStride, u2.GetLower());
            Sse.Store(destination + 3 * (nint)destinationStride, u3.GetLower());
            Sse.Store(destination + 4 * (nint)destinationStride, u0.GetUpper());
            Sse.Store(destination + 5 * (nint)destinationStride, u1.GetUpper());
            Sse.Store(destination + 6 * (nint)destinationStride, u2.GetUpper());
            Sse.Store(destination + 7 * (nint)destinationStride, u3.GetUpper());
        }
    }
}
