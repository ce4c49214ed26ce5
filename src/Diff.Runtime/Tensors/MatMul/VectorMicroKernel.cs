using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Diff
{
    /// <summary>
    /// A 6 × (2 × <see cref="Vector{T}.Count"/>) tile with the machine's preferred vector width:
    /// 6×16 with 256-bit AVX2 (12 accumulators in 16 registers), 6×8 with 128-bit NEON or SSE.
    /// Multiply-add is fused where the hardware has FMA and split otherwise.
    /// </summary>
    internal readonly struct VectorMicroKernel : IMicroKernel
    {
        public static int Rows => 6;

        public static int Columns => 2 * Vector<float>.Count;

        // Long depth blocks, whose B sliver (800 steps × 16 columns × 4 bytes = 50 KiB with AVX2) streams from L2 instead of
        // staying in L1: a step needs 64 bytes of B and 24 of A for twelve multiply-adds, well within what L2 refills, and
        // C is loaded and stored once every 800 steps instead of every 256. On one Zen 3 core a depth of 256 gave 87-92
        // GFLOP/s from square 512 to 2048 and 86 for a layer's 256 × 784 by 784 × 256, 800 gave 92-95 and 93
        // (bench/Diff.Benchmarks --product-times); 512 and 1024 were between the two or less even. Measured with AVX2 only:
        // the 128-bit tile's sliver is half as large.
        public static int Depth => 800;

        // 78 rows × 800 steps × 4 bytes = 244 KiB of packed A, kept in a 512 KiB L2 beside the B sliver.
        public static int BlockRows => 78;

        public static int BlockColumns => 2048;

        // Zen 3 (AVX2, 32 KiB 8-way L1, refilled at 32 bytes a cycle): a square 256 product on one core ran at
        // 74 GFLOP/s with its B slivers read in place and 90 with them packed (bench/Diff.Benchmarks --product-times).
        public static bool ReadsAliasedBInPlace => false;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Multiply(int depth, float* packedA, int aRowStride, int aStepStride, float* packedB, int bStepStride, float* c, int cRowStride, bool addToC)
        {
            int width = Vector<float>.Count;
            Vector<float> c00 = default, c01 = default;
            Vector<float> c10 = default, c11 = default;
            Vector<float> c20 = default, c21 = default;
            Vector<float> c30 = default, c31 = default;
            Vector<float> c40 = default, c41 = default;
            Vector<float> c50 = default, c51 = default;

            if (Sse.IsSupported)
            {
                // C is read only after the whole depth loop, often from memory: ask for it now.
                for (int row = 0; row < 6; row++)
                {
                    float* line = c + (nint)row * cRowStride;
                    Sse.Prefetch0(line);
                    Sse.Prefetch0(line + 2 * width - 1);
                }
            }

            // Row r of the A sliver is row·aRowStride past row 0 (1 when packed, A's row stride when read in place).
            nint row1 = 1 * (nint)aRowStride;
            nint row2 = 2 * (nint)aRowStride;
            nint row3 = 3 * (nint)aRowStride;
            nint row4 = 4 * (nint)aRowStride;
            nint row5 = 5 * (nint)aRowStride;
            // The strides widened once: the JIT does not hoist the conversion out of the loop.
            nint aStep = aStepStride;
            nint bStep = bStepStride;
            float* a = packedA;
            float* b = packedB;

            // Two steps a trip: the pointer updates and the loop's test come half as often, which leaves the
            // front end more room for the twelve multiply-adds of each step.
            for (int pairs = depth >> 1; pairs > 0; pairs--)
            {
                Step(a, b, width, row1, row2, row3, row4, row5, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
                Step(a + aStep, b + bStep, width, row1, row2, row3, row4, row5, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
                a += 2 * aStep;
                b += 2 * bStep;
            }

            if ((depth & 1) != 0)
            {
                Step(a, b, width, row1, row2, row3, row4, row5, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            }

            StoreRow(c, width, addToC, c00, c01);
            StoreRow(c + cRowStride, width, addToC, c10, c11);
            StoreRow(c + 2 * cRowStride, width, addToC, c20, c21);
            StoreRow(c + 3 * cRowStride, width, addToC, c30, c31);
            StoreRow(c + 4 * cRowStride, width, addToC, c40, c41);
            StoreRow(c + 5 * cRowStride, width, addToC, c50, c51);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void Step(
            float* a, float* b, int width, nint row1, nint row2, nint row3, nint row4, nint row5,
            ref Vector<float> c00, ref Vector<float> c01, ref Vector<float> c10, ref Vector<float> c11, ref Vector<float> c20, ref Vector<float> c21,
            ref Vector<float> c30, ref Vector<float> c31, ref Vector<float> c40, ref Vector<float> c41, ref Vector<float> c50, ref Vector<float> c51)
        {
            Vector<float> b0 = Vector.Load(b);
            Vector<float> b1 = Vector.Load(b + width);

            MultiplyAddRow(a[0], b0, b1, ref c00, ref c01);
            MultiplyAddRow(a[row1], b0, b1, ref c10, ref c11);
            MultiplyAddRow(a[row2], b0, b1, ref c20, ref c21);
            MultiplyAddRow(a[row3], b0, b1, ref c30, ref c31);
            MultiplyAddRow(a[row4], b0, b1, ref c40, ref c41);
            MultiplyAddRow(a[row5], b0, b1, ref c50, ref c51);
        }

        /// <summary>One row of the tile: its value of A, broadcast, times the step's two vectors of B.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void MultiplyAddRow(float a, Vector<float> b0, Vector<float> b1, ref Vector<float> c0, ref Vector<float> c1)
        {
            Vector<float> broadcast = new(a);
            c0 = Vector.MultiplyAddEstimate(broadcast, b0, c0);
            c1 = Vector.MultiplyAddEstimate(broadcast, b1, c1);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void StoreRow(float* row, int width, bool addToC, Vector<float> v0, Vector<float> v1)
        {
            if (addToC)
            {
                v0 += Vector.Load(row);
                v1 += Vector.Load(row + width);
            }

            Vector.Store(v0, row);
            Vector.Store(v1, row + width);
        }
    }
}
