using System;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Diff
{
    /// <summary>
    /// The float32 matrix product behind <c>Tensor.MatMul</c>, <c>Tensor.Linear</c> and their
    /// backward: C (+)= op(A) · op(B), all row-major.
    /// </summary>
    /// <remarks>
    /// The product is cache-blocked and packed in the manner of GotoBLAS and BLIS (see
    /// <see cref="BlockedGemm{TKernel}"/>; blocks small enough are read in place instead of packed) around a register-blocked micro-kernel picked for the
    /// machine: 6×64 with AVX-512 (12×16 when C has few columns), 6×16 with AVX2 (6×8 with 128-bit
    /// vectors), 4×4 scalar otherwise. Products large enough to pay for it are split over the
    /// processors (<see cref="ParallelGemm"/>). A warm call allocates nothing: packing buffers come
    /// from the shared array pool (or, for a large product, from its thread's huge pages:
    /// <see cref="HugePagePackingBuffers"/>), and parallel jobs are pooled.
    /// </remarks>
    internal static class MatMulKernel
    {
        /// <summary>
        /// Multiply-adds each worker must get before another one is used: about 8 µs of work for one
        /// core, enough to pay for waking a pool thread and for packing the operands twice.
        /// </summary>
        internal const long MinimumWorkPerWorker = 1L << 21;

        /// <summary>
        /// Up to this many columns, 64-column tiles would be at least a quarter padding, so the
        /// 16-column AVX-512 kernel is used instead.
        /// </summary>
        private const int NarrowColumns = 48;

        /// <summary>
        /// Computes C[m×n] = op(A)[m×k] · op(B)[k×n], or adds it to C when <paramref name="accumulate"/>.
        /// </summary>
        /// <param name="a">A's storage; A is m×k, or k×m read transposed when <paramref name="transposeA"/>.</param>
        /// <param name="aOffset">Where A starts in <paramref name="a"/>.</param>
        /// <param name="transposeA">Whether A is stored k×m.</param>
        /// <param name="b">B's storage; B is k×n, or n×k read transposed when <paramref name="transposeB"/>.</param>
        /// <param name="bOffset">Where B starts in <paramref name="b"/>.</param>
        /// <param name="transposeB">Whether B is stored n×k.</param>
        /// <param name="c">C's storage, m×n.</param>
        /// <param name="cOffset">Where C starts in <paramref name="c"/>.</param>
        /// <param name="m">Rows of C.</param>
        /// <param name="n">Columns of C.</param>
        /// <param name="k">The inner size.</param>
        /// <param name="accumulate">Add to C instead of overwriting it.</param>
        public static void Multiply(
            float[] a, int aOffset, bool transposeA,
            float[] b, int bOffset, bool transposeB,
            float[] c, int cOffset,
            int m, int n, int k, bool accumulate)
        {
            if (Vector512.IsHardwareAccelerated && n <= NarrowColumns)
            {
                Multiply<Vector512NarrowMicroKernel>(a, aOffset, transposeA, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate, MinimumWorkPerWorker, Environment.ProcessorCount);
            }
            else if (Vector512.IsHardwareAccelerated)
            {
                Multiply<Vector512MicroKernel>(a, aOffset, transposeA, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate, MinimumWorkPerWorker, Environment.ProcessorCount);
            }
            else if (Vector.IsHardwareAccelerated)
            {
                Multiply<VectorMicroKernel>(a, aOffset, transposeA, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate, MinimumWorkPerWorker, Environment.ProcessorCount);
            }
            else
            {
                Multiply<ScalarMicroKernel>(a, aOffset, transposeA, b, bOffset, transposeB, c, cOffset, m, n, k, accumulate, MinimumWorkPerWorker, Environment.ProcessorCount);
            }
        }

        /// <summary>
        /// <see cref="Multiply(float[], int, bool, float[], int, bool, float[], int, int, int, int, bool)"/>
        /// with a chosen micro-kernel and threading policy (tests use it to reach every kernel and the
        /// parallel path on small inputs): another worker is used only when each gets at least
        /// <c>minimumWorkPerWorker</c> multiply-adds, and at most <c>maximumWorkers</c> threads are
        /// used, the caller's included.
        /// </summary>
        internal static unsafe void Multiply<TKernel>(
            float[] a, int aOffset, bool transposeA,
            float[] b, int bOffset, bool transposeB,
            float[] c, int cOffset,
            int m, int n, int k, bool accumulate,
            long minimumWorkPerWorker, int maximumWorkers)
            where TKernel : struct, IMicroKernel
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(b);
            ArgumentNullException.ThrowIfNull(c);
            ArgumentOutOfRangeException.ThrowIfNegative(m);
            ArgumentOutOfRangeException.ThrowIfNegative(n);
            ArgumentOutOfRangeException.ThrowIfNegative(k);
            CheckRange(a.Length, aOffset, (long)m * k, nameof(a));
            CheckRange(b.Length, bOffset, (long)k * n, nameof(b));
            CheckRange(c.Length, cOffset, (long)m * n, nameof(c));

            if (m == 0 || n == 0)
            {
                return;
            }

            if (k == 0)
            {
                // An empty sum: C = 0, or C unchanged when accumulating.
                if (!accumulate)
                {
                    c.AsSpan(cOffset, m * n).Clear();
                }

                return;
            }

            fixed (float* aData = &a[aOffset])
            fixed (float* bData = &b[bOffset])
            fixed (float* cData = &c[cOffset])
            {
                // Element (i, p) of op(A) and (p, j) of op(B), whichever way each is stored.
                var aView = transposeA ? new StridedMatrix(aData, 1, m) : new StridedMatrix(aData, k, 1);
                var bView = transposeB ? new StridedMatrix(bData, 1, k) : new StridedMatrix(bData, n, 1);
                var problem = new GemmProblem(aView, bView, cData, n, m, n, k, accumulate);
                Multiply<TKernel>(problem, minimumWorkPerWorker, maximumWorkers);
            }
        }

        private static unsafe void Multiply<TKernel>(in GemmProblem problem, long minimumWorkPerWorker, int maximumWorkers)
            where TKernel : struct, IMicroKernel
        {
            long work = (long)problem.M * problem.N * problem.K;
            int workers = (int)Math.Clamp(work / Math.Max(1, minimumWorkPerWorker), 1, Math.Max(1, maximumWorkers));
            int rowTiles = (problem.M + TKernel.Rows - 1) / TKernel.Rows;
            int columnTiles = (problem.N + TKernel.Columns - 1) / TKernel.Columns;

            // One block per worker. Every block packs its own slices of A and B, so each extra block repeats packing; two
            // blocks per worker (so that a late worker would leave one to the others) made square products of 512 and 1024
            // about a tenth slower on two cores, and the product's own workers start within microseconds. A worker that
            // finishes first helps with the row blocks of the others' last panel step (SharedRowBlocks).
            // Packing transposes an operand whose steps are not adjacent (A as stored, B read transposed), which
            // costs about twice a copy, and an operand read in place is not packed at all: the grid repeats the
            // cheaper packing. (Read in place, A's rows are the adjacent runs; B's are its steps.)
            int aPackWeight = BlockedGemm<TKernel>.ReadsInPlace(BlockedGemm<TKernel>.RowBlock(problem.M), problem.A.RowStride, problem.A.ColumnStride) ? 0
                : problem.A.RowStride == 1 ? 1 : 2;
            int bPackWeight = BlockedGemm<TKernel>.ReadsBInPlace(BlockedGemm<TKernel>.DepthBlock(problem.K), problem.B.RowStride, problem.B.ColumnStride, problem.M) ? 0
                : problem.B.ColumnStride == 1 ? 1 : 2;
            (int rowBlocks, int columnBlocks) = ChooseGrid(workers, rowTiles, columnTiles, (long)problem.M * aPackWeight, (long)problem.N * bPackWeight);
            if (rowBlocks * columnBlocks <= 1)
            {
                BlockedGemm<TKernel>.Multiply(problem);
                return;
            }

            int rowsPerBlock = (rowTiles + rowBlocks - 1) / rowBlocks * TKernel.Rows;
            int columnsPerBlock = (columnTiles + columnBlocks - 1) / columnBlocks * TKernel.Columns;
            ParallelGemm.Run(
                problem,
                (problem.M + rowsPerBlock - 1) / rowsPerBlock, rowsPerBlock,
                (problem.N + columnsPerBlock - 1) / columnsPerBlock, columnsPerBlock,
                workers,
                &BlockedGemm<TKernel>.Multiply);
        }

        /// <summary>
        /// Picks a grid of at most <paramref name="maximumBlocks"/> blocks of whole tiles. Every block
        /// packs its rows of A and its columns of B, so among grids with the most blocks it takes the
        /// one that minimises aPackingCost·columnBlocks + bPackingCost·rowBlocks.
        /// </summary>
        /// <param name="maximumBlocks">The most blocks wanted.</param>
        /// <param name="rowTiles">Rows of C in whole tiles.</param>
        /// <param name="columnTiles">Columns of C in whole tiles.</param>
        /// <param name="aPackingCost">What packing all of A's rows costs once, in any unit shared with B's.</param>
        /// <param name="bPackingCost">What packing all of B's columns costs once.</param>
        internal static (int RowBlocks, int ColumnBlocks) ChooseGrid(int maximumBlocks, int rowTiles, int columnTiles, long aPackingCost, long bPackingCost)
        {
            (int, int) best = (1, 1);
            long bestBlocks = 1;
            long bestPackingCost = long.MaxValue;
            for (int blocks = maximumBlocks; blocks >= 2 && bestBlocks == 1; blocks--)
            {
                for (int rowBlocks = 1; rowBlocks <= blocks; rowBlocks++)
                {
                    if (blocks % rowBlocks != 0)
                    {
                        continue;
                    }

                    int columnBlocks = blocks / rowBlocks;
                    if (rowBlocks > rowTiles || columnBlocks > columnTiles)
                    {
                        continue;
                    }

                    long packingCost = aPackingCost * columnBlocks + bPackingCost * rowBlocks;
                    if (packingCost < bestPackingCost)
                    {
                        best = (rowBlocks, columnBlocks);
                        bestBlocks = blocks;
                        bestPackingCost = packingCost;
                    }
                }
            }

            return best;
        }

        private static void CheckRange(int length, int offset, long count, string name)
        {
            if (offset < 0 || offset > length || count > length - offset)
            {
                throw new ArgumentException(
                    $"The matrix needs {count} elements from offset {offset}, but its storage holds {length}.", name);
            }
        }
    }
}
