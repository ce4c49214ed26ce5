using System.Runtime.CompilerServices;

namespace Diff
{
    /// <summary>
    /// A 4×4 tile in scalar registers, for machines without hardware-accelerated vectors. It keeps
    /// the blocking (and so the cache behaviour) of the vector kernels.
    /// </summary>
    internal readonly struct ScalarMicroKernel : IMicroKernel
    {
        public static int Rows => 4;

        public static int Columns => 4;

        public static int Depth => 256;

        public static int BlockRows => 128;

        public static int BlockColumns => 1024;

        // A fallback without vectors: packing keeps it simple.
        public static bool ReadsAliasedBInPlace => false;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Multiply(int depth, float* packedA, int aRowStride, int aStepStride, float* packedB, int bStepStride, float* c, int cRowStride, bool addToC)
        {
            float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
            float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
            float c30 = 0, c31 = 0, c32 = 0, c33 = 0;

            // Row r of the A sliver is row·aRowStride past row 0 (1 when packed, A's row stride when read in place).
            nint row1 = 1 * (nint)aRowStride;
            nint row2 = 2 * (nint)aRowStride;
            nint row3 = 3 * (nint)aRowStride;
            float* a = packedA;
            float* b = packedB;
            for (int step = 0; step < depth; step++)
            {
                float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
                float a0 = a[0];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                float a1 = a[row1];
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                float a2 = a[row2];
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                float a3 = a[row3];
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
                a += aStepStride;
                b += bStepStride;
            }

            StoreRow(c, addToC, c00, c01, c02, c03);
            StoreRow(c + cRowStride, addToC, c10, c11, c12, c13);
            StoreRow(c + 2 * cRowStride, addToC, c20, c21, c22, c23);
            StoreRow(c + 3 * cRowStride, addToC, c30, c31, c32, c33);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void StoreRow(float* row, bool addToC, float v0, float v1, float v2, float v3)
        {
            if (addToC)
            {
                v0 += row[0];
                v1 += row[1];
                v2 += row[2];
                v3 += row[3];
            }

            row[0] = v0;
            row[1] = v1;
            row[2] = v2;
            row[3] = v3;
        }
    }
}
