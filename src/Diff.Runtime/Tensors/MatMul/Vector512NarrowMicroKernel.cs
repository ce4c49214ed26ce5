using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Diff
{
    /// <summary>
    /// A 12×16 tile with 512-bit vectors, for products with few columns (a layer with ten outputs),
    /// where the 64 columns of <see cref="Vector512MicroKernel"/> would be mostly padding. Twelve
    /// accumulators hide the FMA latency; each step loads one vector of B and broadcasts twelve
    /// values of A.
    /// </summary>
    internal readonly struct Vector512NarrowMicroKernel : IMicroKernel
    {
        public static int Rows => 12;

        public static int Columns => 16;

        // 256 steps × 16 columns × 4 bytes = 16 KiB: the B sliver stays in L1.
        public static int Depth => 256;

        public static int BlockRows => 96;

        public static int BlockColumns => 2048;

        // As the wide AVX-512 tile: its processors refill L1 fast enough that aliased steps cost nothing measured.
        public static bool ReadsAliasedBInPlace => true;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Multiply(int depth, float* packedA, int aRowStride, int aStepStride, float* packedB, int bStepStride, float* c, int cRowStride, bool addToC)
        {
            if (Sse.IsSupported)
            {
                // C is read only after the whole depth loop: ask for it now.
                for (int row = 0; row < 12; row++)
                {
                    Sse.Prefetch0(c + (nint)row * cRowStride);
                }
            }

            Vector512<float> c0 = default;
            Vector512<float> c1 = default;
            Vector512<float> c2 = default;
            Vector512<float> c3 = default;
            Vector512<float> c4 = default;
            Vector512<float> c5 = default;
            Vector512<float> c6 = default;
            Vector512<float> c7 = default;
            Vector512<float> c8 = default;
            Vector512<float> c9 = default;
            Vector512<float> c10 = default;
            Vector512<float> c11 = default;

            // Row r of the A sliver is row·aRowStride past row 0 (1 when packed, A's row stride when read in place).
            nint row1 = 1 * (nint)aRowStride;
            nint row2 = 2 * (nint)aRowStride;
            nint row3 = 3 * (nint)aRowStride;
            nint row4 = 4 * (nint)aRowStride;
            nint row5 = 5 * (nint)aRowStride;
            nint row6 = 6 * (nint)aRowStride;
            nint row7 = 7 * (nint)aRowStride;
            nint row8 = 8 * (nint)aRowStride;
            nint row9 = 9 * (nint)aRowStride;
            nint row10 = 10 * (nint)aRowStride;
            nint row11 = 11 * (nint)aRowStride;
            float* a = packedA;
            float* b = packedB;
            for (int step = 0; step < depth; step++)
            {
                Vector512<float> b0 = Vector512.Load(b);
                c0 = Vector512.MultiplyAddEstimate(Vector512.Create(a[0]), b0, c0);
                c1 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row1]), b0, c1);
                c2 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row2]), b0, c2);
                c3 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row3]), b0, c3);
                c4 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row4]), b0, c4);
                c5 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row5]), b0, c5);
                c6 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row6]), b0, c6);
                c7 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row7]), b0, c7);
                c8 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row8]), b0, c8);
                c9 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row9]), b0, c9);
                c10 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row10]), b0, c10);
                c11 = Vector512.MultiplyAddEstimate(Vector512.Create(a[row11]), b0, c11);
                a += aStepStride;
                b += bStepStride;
            }

            StoreRow(c, addToC, c0);
            StoreRow(c + cRowStride, addToC, c1);
            StoreRow(c + 2 * (nint)cRowStride, addToC, c2);
            StoreRow(c + 3 * (nint)cRowStride, addToC, c3);
            StoreRow(c + 4 * (nint)cRowStride, addToC, c4);
            StoreRow(c + 5 * (nint)cRowStride, addToC, c5);
            StoreRow(c + 6 * (nint)cRowStride, addToC, c6);
            StoreRow(c + 7 * (nint)cRowStride, addToC, c7);
            StoreRow(c + 8 * (nint)cRowStride, addToC, c8);
            StoreRow(c + 9 * (nint)cRowStride, addToC, c9);
            StoreRow(c + 10 * (nint)cRowStride, addToC, c10);
            StoreRow(c + 11 * (nint)cRowStride, addToC, c11);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void StoreRow(float* row, bool addToC, Vector512<float> value)
        {
            if (addToC)
            {
                value += Vector512.Load(row);
            }

            Vector512.Store(value, row);
        }
    }
}
