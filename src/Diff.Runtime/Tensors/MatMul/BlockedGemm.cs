using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace Diff
{
    /// <summary>
    /// The cache-blocked product around a micro-kernel, in the loop order of GotoBLAS and BLIS:
    /// a panel of B (depth × <c>BlockColumns</c>) is packed once and reused by every block of A; a
    /// block of A (<c>BlockRows</c> × depth) is packed once and reused by every sliver of B; inside
    /// it, one sliver of B stays in L1 while the slivers of A stream past it.
    /// </summary>
    /// <typeparam name="TKernel">The micro-kernel; the loops are specialised for it.</typeparam>
    internal static unsafe class BlockedGemm<TKernel> where TKernel : struct, IMicroKernel
    {
        // Packed buffers start on a cache line, so the kernel's vector loads never split one.
        private const int AlignmentBytes = 64;
        private const int AlignmentFloats = AlignmentBytes / sizeof(float);

        /// <summary>
        /// Computes <paramref name="problem"/> on the calling thread, with packing buffers rented
        /// from the shared array pool.
        /// </summary>
        public static void Multiply(in GemmProblem problem)
        {
            int mr = TKernel.Rows;
            int nr = TKernel.Columns;
            int depth = Math.Min(TKernel.Depth, problem.K);
            int blockRows = problem.M >= TKernel.BlockRows ? TKernel.BlockRows : RoundUp(problem.M, mr);
            int blockColumns = problem.N >= TKernel.BlockColumns ? TKernel.BlockColumns : RoundUp(problem.N, nr);

            float[] packedAArray = ArrayPool<float>.Shared.Rent(blockRows * depth + AlignmentFloats);
            float[] packedBArray = ArrayPool<float>.Shared.Rent(blockColumns * depth + AlignmentFloats);
            try
            {
                fixed (float* packedAStorage = packedAArray)
                fixed (float* packedBStorage = packedBArray)
                {
                    float* tile = stackalloc float[mr * nr];
                    Multiply(problem, Align(packedAStorage), Align(packedBStorage), tile);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packedBArray);
                ArrayPool<float>.Shared.Return(packedAArray);
            }
        }

        private static void Multiply(in GemmProblem problem, float* packedA, float* packedB, float* tile)
        {
            int mr = TKernel.Rows;
            int nr = TKernel.Columns;
            int m = problem.M;
            int n = problem.N;
            int k = problem.K;
            int ldc = problem.CRowStride;

            for (int jc = 0; jc < n; jc += TKernel.BlockColumns)
            {
                int nc = Math.Min(TKernel.BlockColumns, n - jc);
                for (int pc = 0; pc < k; pc += TKernel.Depth)
                {
                    int kc = Math.Min(TKernel.Depth, k - pc);

                    // The first depth block overwrites C unless the caller asked to accumulate.
                    bool addToC = problem.Accumulate || pc > 0;
                    Packing.PackB(problem.B.Slice(pc, jc), kc, nc, nr, packedB);

                    for (int ic = 0; ic < m; ic += TKernel.BlockRows)
                    {
                        int mc = Math.Min(TKernel.BlockRows, m - ic);
                        Packing.PackA(problem.A.Slice(ic, pc), mc, kc, mr, packedA);
                        float* cBlock = problem.C + (nint)ic * ldc + jc;

                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int columns = Math.Min(nr, nc - jr);
                            float* bSliver = packedB + (nint)jr * kc;
                            for (int ir = 0; ir < mc; ir += mr)
                            {
                                int rows = Math.Min(mr, mc - ir);
                                float* aSliver = packedA + (nint)ir * kc;
                                float* cTile = cBlock + (nint)ir * ldc + jr;
                                if (rows == mr && columns == nr)
                                {
                                    TKernel.Multiply(kc, aSliver, bSliver, cTile, ldc, addToC);
                                }
                                else
                                {
                                    // An edge tile: compute the full padded tile aside, keep its valid part.
                                    TKernel.Multiply(kc, aSliver, bSliver, tile, nr, addToC: false);
                                    StoreEdgeTile(tile, nr, cTile, ldc, rows, columns, addToC);
                                }
                            }
                        }
                    }
                }
            }
        }

        private static void StoreEdgeTile(float* tile, int tileStride, float* c, int ldc, int rows, int columns, bool addToC)
        {
            for (int row = 0; row < rows; row++)
            {
                float* from = tile + (nint)row * tileStride;
                float* to = c + (nint)row * ldc;
                if (addToC)
                {
                    for (int column = 0; column < columns; column++)
                    {
                        to[column] += from[column];
                    }
                }
                else
                {
                    Buffer.MemoryCopy(from, to, (nint)columns * sizeof(float), (nint)columns * sizeof(float));
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float* Align(float* pointer) =>
            (float*)(((nuint)pointer + (AlignmentBytes - 1)) & ~(nuint)(AlignmentBytes - 1));
    }
}
