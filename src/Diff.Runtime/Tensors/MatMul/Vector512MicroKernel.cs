using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Diff
{
    /// <summary>
    /// A 6×64 tile with 512-bit vectors: 24 accumulators, four loads of B and six broadcasts of A
    /// per step, which fits the 32 vector registers of AVX-512 and keeps both FMA pipes busy.
    /// </summary>
    internal readonly struct Vector512MicroKernel : IMicroKernel
    {
        public static int Rows => 6;

        public static int Columns => 64;

        // A sliver of B (512 steps × 64 columns, 128 KiB) is read once per tile from L2, which keeps
        // up with the FMAs; the depth is long so that each C tile is loaded and stored rarely. C's
        // rows lie a power of two apart in the common square shapes, so its loads and stores are
        // the costly part of a tile: on a Zen 5 core, depth 512 instead of 256 made products of 2048
        // 6-10 % faster on one thread and 2-11 % on two, and 512 and 1024 within 1 % or faster
        // (interleaved runs; a product of 256 has one depth block either way).
        public static int Depth => 512;

        // 96 rows × 512 steps × 4 bytes = 192 KiB of packed A, resident in L2 beside the B sliver
        // (320 KiB together, within the L2 of current AVX-512 processors, 512 KiB to 2 MiB per core).
        public static int BlockRows => 96;

        public static int BlockColumns => 2048;

        // Zen 5 (48 KiB 12-way L1, refilled at 64 bytes a cycle): read in place, square products of 256 to 2048 were
        // faster than packed (docs/benchmarks.md, "Operands read where they are stored").
        public static bool ReadsAliasedBInPlace => true;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Multiply(int depth, float* packedA, int aRowStride, int aStepStride, float* packedB, int bStepStride, float* c, int cRowStride, bool addToC)
        {
            Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
            Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
            Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
            Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
            Vector512<float> c40 = default, c41 = default, c42 = default, c43 = default;
            Vector512<float> c50 = default, c51 = default, c52 = default, c53 = default;

            if (Sse.IsSupported)
            {
                // C is read only after the whole depth loop, often from memory: ask for it now, so
                // the loads at the end find it in cache instead of stalling.
                for (int row = 0; row < 6; row++)
                {
                    float* line = c + (nint)row * cRowStride;
                    Sse.Prefetch0(line);
                    Sse.Prefetch0(line + 16);
                    Sse.Prefetch0(line + 32);
                    Sse.Prefetch0(line + 48);
                }
            }

            // Row r of the A sliver is row·aRowStride past row 0 (1 when packed, A's row stride when read in place).
            nint row1 = 1 * (nint)aRowStride;
            nint row2 = 2 * (nint)aRowStride;
            nint row3 = 3 * (nint)aRowStride;
            nint row4 = 4 * (nint)aRowStride;
            nint row5 = 5 * (nint)aRowStride;
            float* a = packedA;
            float* b = packedB;
            for (int step = 0; step < depth; step++)
            {
                Vector512<float> b0 = Vector512.Load(b);
                Vector512<float> b1 = Vector512.Load(b + 16);
                Vector512<float> b2 = Vector512.Load(b + 32);
                Vector512<float> b3 = Vector512.Load(b + 48);

                Vector512<float> av = Vector512.Create(a[0]);
                c00 = Vector512.MultiplyAddEstimate(av, b0, c00);
                c01 = Vector512.MultiplyAddEstimate(av, b1, c01);
                c02 = Vector512.MultiplyAddEstimate(av, b2, c02);
                c03 = Vector512.MultiplyAddEstimate(av, b3, c03);

                av = Vector512.Create(a[row1]);
                c10 = Vector512.MultiplyAddEstimate(av, b0, c10);
                c11 = Vector512.MultiplyAddEstimate(av, b1, c11);
                c12 = Vector512.MultiplyAddEstimate(av, b2, c12);
                c13 = Vector512.MultiplyAddEstimate(av, b3, c13);

                av = Vector512.Create(a[row2]);
                c20 = Vector512.MultiplyAddEstimate(av, b0, c20);
                c21 = Vector512.MultiplyAddEstimate(av, b1, c21);
                c22 = Vector512.MultiplyAddEstimate(av, b2, c22);
                c23 = Vector512.MultiplyAddEstimate(av, b3, c23);

                av = Vector512.Create(a[row3]);
                c30 = Vector512.MultiplyAddEstimate(av, b0, c30);
                c31 = Vector512.MultiplyAddEstimate(av, b1, c31);
                c32 = Vector512.MultiplyAddEstimate(av, b2, c32);
                c33 = Vector512.MultiplyAddEstimate(av, b3, c33);

                av = Vector512.Create(a[row4]);
                c40 = Vector512.MultiplyAddEstimate(av, b0, c40);
                c41 = Vector512.MultiplyAddEstimate(av, b1, c41);
                c42 = Vector512.MultiplyAddEstimate(av, b2, c42);
                c43 = Vector512.MultiplyAddEstimate(av, b3, c43);

                av = Vector512.Create(a[row5]);
                c50 = Vector512.MultiplyAddEstimate(av, b0, c50);
                c51 = Vector512.MultiplyAddEstimate(av, b1, c51);
                c52 = Vector512.MultiplyAddEstimate(av, b2, c52);
                c53 = Vector512.MultiplyAddEstimate(av, b3, c53);

                a += aStepStride;
                b += bStepStride;
            }

            StoreRow(c, addToC, c00, c01, c02, c03);
            StoreRow(c + cRowStride, addToC, c10, c11, c12, c13);
            StoreRow(c + 2 * cRowStride, addToC, c20, c21, c22, c23);
            StoreRow(c + 3 * cRowStride, addToC, c30, c31, c32, c33);
            StoreRow(c + 4 * cRowStride, addToC, c40, c41, c42, c43);
            StoreRow(c + 5 * cRowStride, addToC, c50, c51, c52, c53);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void StoreRow(float* row, bool addToC, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
        {
            if (addToC)
            {
                v0 += Vector512.Load(row);
                v1 += Vector512.Load(row + 16);
                v2 += Vector512.Load(row + 32);
                v3 += Vector512.Load(row + 48);
            }

            Vector512.Store(v0, row);
            Vector512.Store(v1, row + 16);
            Vector512.Store(v2, row + 32);
            Vector512.Store(v3, row + 48);
        }
    }
}
