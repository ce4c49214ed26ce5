using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace Diff
{
    /// <summary>
    /// The cache-blocked product around a micro-kernel, in the loop order of GotoBLAS and BLIS:
    /// a panel of B (depth × <c>BlockColumns</c>) is packed once and reused by every block of A; a
    /// block of A (<c>BlockRows</c> × depth) is packed once and reused by every sliver of B; inside
    /// it, one sliver of B stays in a near cache while the slivers of A stream past it. A block small enough is not packed
    /// at all: the kernel reads it where it is stored (<see cref="ReadsInPlace"/>).
    /// </summary>
    /// <typeparam name="TKernel">The micro-kernel; the loops are specialised for it.</typeparam>
    internal static unsafe class BlockedGemm<TKernel> where TKernel : struct, IMicroKernel
    {
        // Packed buffers start on a cache line, so the kernel's vector loads never split one.
        private const int AlignmentBytes = 64;
        private const int AlignmentFloats = AlignmentBytes / sizeof(float);

        // Depth blocks are whole multiples of eight, the transposing packer's step.
        private const int DepthMultiple = 8;

        /// <summary>
        /// Computes <paramref name="problem"/> on the calling thread, with packing buffers rented
        /// from the shared array pool, or the thread's huge pages for a large product.
        /// </summary>
        public static void Multiply(in GemmProblem problem) => Multiply(problem, sharedRows: null);

        /// <summary>
        /// Computes <paramref name="problem"/>, one block of a parallel product, offering the row blocks of its last panel
        /// step to other workers through <paramref name="sharedRows"/> (when not null; see <see cref="SharedRowBlocks"/>).
        /// </summary>
        public static void Multiply(in GemmProblem problem, SharedRowBlocks? sharedRows)
        {
            int depth = DepthBlock(problem.K);
            int blockRows = RowBlock(problem.M);
            int blockColumns = BalancedBlock(problem.N, TKernel.BlockColumns, TKernel.Columns);
            int packedBLength = blockColumns * depth + AlignmentFloats + Packing.Overrun;
            float* tile = stackalloc float[TKernel.Rows * TKernel.Columns];

            // A large product packs into its thread's huge pages (see HugePagePackingBuffers), which start aligned.
            if ((long)packedBLength * sizeof(float) >= HugePagePackingBuffers.MinimumPanelBytes
                && HugePagePackingBuffers.TryTake((long)PackedALength(blockRows, depth) * sizeof(float), (long)packedBLength * sizeof(float), out float* packedA, out float* packedB))
            {
                try
                {
                    Multiply(problem, depth, blockRows, blockColumns, packedA, packedB, tile, sharedRows);
                }
                finally
                {
                    HugePagePackingBuffers.Release();
                }

                return;
            }

            float[] packedAArray = ArrayPool<float>.Shared.Rent(PackedALength(blockRows, depth));
            float[] packedBArray = ArrayPool<float>.Shared.Rent(packedBLength);
            try
            {
                fixed (float* packedAStorage = packedAArray)
                fixed (float* packedBStorage = packedBArray)
                {
                    Multiply(problem, depth, blockRows, blockColumns, Align(packedAStorage), Align(packedBStorage), tile, sharedRows);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(packedBArray);
                ArrayPool<float>.Shared.Return(packedAArray);
            }
        }

        /// <summary>
        /// Rows of C times one panel step, for a worker helping with another block (<see cref="SharedRowBlocks"/>):
        /// <paramref name="scratch"/> holds <see cref="HelperScratchLength"/> floats for the packed rows of A and an edge tile.
        /// </summary>
        private static void MultiplyHelpedRows(in PanelStep step, int firstRow, int rows, float* scratch)
        {
            float* packedA = Align(scratch);
            float* tile = packedA + (nint)RowBlock(step.Problem.M) * step.Depth + Packing.Overrun;
            MultiplyRows(step, firstRow, rows, packedA, tile);
        }

        private static int HelperScratchLength(int blockRows, int depth) => PackedALength(blockRows, depth) + TKernel.Rows * TKernel.Columns;

        private static int PackedALength(int blockRows, int depth) => blockRows * depth + AlignmentFloats + Packing.Overrun;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Multiply(in GemmProblem problem, int depth, int blockRows, int blockColumns, float* packedA, float* packedB, float* tile, SharedRowBlocks? sharedRows)
        {
            int nr = TKernel.Columns;
            int m = problem.M;
            int n = problem.N;
            int k = problem.K;

            for (int jc = 0; jc < n; jc += blockColumns)
            {
                int nc = Math.Min(blockColumns, n - jc);
                for (int pc = 0; pc < k; pc += depth)
                {
                    int kc = Math.Min(depth, k - pc);
                    StridedMatrix bPanel = problem.B.Slice(pc, jc);

                    // Whole slivers of a B small enough are read where they are stored; only a narrower last
                    // sliver is packed, padded with zeros.
                    int inPlaceColumns = ReadsBInPlace(kc, bPanel.RowStride, bPanel.ColumnStride, m) ? nc / nr * nr : 0;
                    if (inPlaceColumns < nc)
                    {
                        Packing.PackB(bPanel.Slice(0, inPlaceColumns), kc, nc - inPlaceColumns, nr, packedB);
                    }

                    var step = new PanelStep(problem, jc, nc, pc, kc, inPlaceColumns, packedB);
                    bool lastStep = jc + nc >= n && pc + kc >= k;
                    if (sharedRows is null || !lastStep)
                    {
                        for (int ic = 0; ic < m; ic += blockRows)
                        {
                            MultiplyRows(step, ic, Math.Min(blockRows, m - ic), packedA, tile);
                        }

                        continue;
                    }

                    // The last step's row blocks may be taken by workers done with their own blocks: they read this
                    // step's packed panel, so it stays until they are done.
                    sharedRows.Open(step, blockRows, &MultiplyHelpedRows, HelperScratchLength(blockRows, kc));
                    try
                    {
                        for (int rowBlock = sharedRows.ClaimFront(); rowBlock >= 0; rowBlock = sharedRows.ClaimFront())
                        {
                            int ic = rowBlock * blockRows;
                            MultiplyRows(step, ic, Math.Min(blockRows, m - ic), packedA, tile);
                        }
                    }
                    finally
                    {
                        sharedRows.Close();
                    }
                }
            }
        }

        /// <summary>
        /// Rows [<paramref name="firstRow"/>, +<paramref name="rows"/>) of C times one panel step: the rows of A packed
        /// into <paramref name="packedA"/> (or read in place), then every sliver of the panel against every sliver of
        /// those rows.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void MultiplyRows(in PanelStep step, int firstRow, int rows, float* packedA, float* tile)
        {
            int mr = TKernel.Rows;
            int nr = TKernel.Columns;
            int kc = step.Depth;
            int nc = step.Columns;
            int ldc = step.Problem.CRowStride;
            bool addToC = step.AddsToC;
            StridedMatrix bPanel = step.BPanel;
            int inPlaceColumns = step.InPlaceColumns;
            StridedMatrix aBlock = step.Problem.A.Slice(firstRow, step.Step);

            // Likewise whole slivers of an A block small enough, by rows.
            int inPlaceRows = ReadsInPlace(rows, aBlock.RowStride, aBlock.ColumnStride) ? rows / mr * mr : 0;
            if (inPlaceRows < rows)
            {
                Packing.PackA(aBlock.Slice(inPlaceRows, 0), rows - inPlaceRows, kc, mr, packedA);
            }

            float* cBlock = step.Problem.C + (nint)firstRow * ldc + step.Column;

            for (int jr = 0; jr < nc; jr += nr)
            {
                int columns = Math.Min(nr, nc - jr);
                bool inPlace = jr < inPlaceColumns;
                float* bSliver = inPlace ? bPanel.Data + jr : step.PackedB + (nint)(jr - inPlaceColumns) * kc;
                int bStepStride = inPlace ? bPanel.RowStride : nr;
                for (int ir = 0; ir < rows; ir += mr)
                {
                    int sliverRows = Math.Min(mr, rows - ir);
                    bool aInPlace = ir < inPlaceRows;
                    float* aSliver = aInPlace ? aBlock.Data + (nint)ir * aBlock.RowStride : packedA + (nint)(ir - inPlaceRows) * kc;
                    int aRowStride = aInPlace ? aBlock.RowStride : 1;
                    int aStepStride = aInPlace ? 1 : mr;
                    float* cTile = cBlock + (nint)ir * ldc + jr;
                    if (sliverRows == mr && columns == nr)
                    {
                        TKernel.Multiply(kc, aSliver, aRowStride, aStepStride, bSliver, bStepStride, cTile, ldc, addToC);
                    }
                    else
                    {
                        // An edge tile: compute the full padded tile aside, keep its valid part.
                        TKernel.Multiply(kc, aSliver, aRowStride, aStepStride, bSliver, bStepStride, tile, nr, addToC: false);
                        StoreEdgeTile(tile, nr, cTile, ldc, sliverRows, columns, addToC);
                    }
                }
            }
        }

        /// <summary>The length of the depth blocks a product of inner size <paramref name="k"/> is computed in.</summary>
        internal static int DepthBlock(int k) => BalancedBlock(k, TKernel.Depth, DepthMultiple);

        /// <summary>The rows of A one block packs or reads: the block of a product with <paramref name="m"/> rows.</summary>
        internal static int RowBlock(int m) => BalancedBlock(m, TKernel.BlockRows, TKernel.Rows);

        /// <summary>
        /// Whether the kernel reads a block of an operand where it is stored instead of from a packed copy: when
        /// the block is made of <paramref name="lines"/> runs of adjacent values (the rows of A's block, or the
        /// steps of B's), and those runs span at most <see cref="InPlaceSpanBytes"/>.
        /// </summary>
        /// <remarks>
        /// Packing copies the block every time it is used, and every worker of a split product copies the parts it
        /// shares with the others again. Read in place, the kernel steps through the runs with their stride
        /// instead of from one contiguous sliver. Within the span limit that costs nothing measurable: the block's
        /// lines then fall at most four to a set of a 1 MiB 16-way L2 (the span divided by the 64 KiB one way
        /// holds), whatever the stride. Beyond it, strides of a power of two would put more lines on one set than it
        /// has ways, and the block would no longer stay in L2 while it is reused.
        /// </remarks>
        /// <param name="lines">Runs in the block: rows of an A block, or steps of a B depth block.</param>
        /// <param name="lineStride">Elements between the starts of consecutive runs.</param>
        /// <param name="elementStride">Elements between consecutive values of one run; only 1 is read in place.</param>
        internal static bool ReadsInPlace(int lines, int lineStride, int elementStride) =>
            elementStride == 1 && (long)lines * lineStride * sizeof(float) <= InPlaceSpanBytes;

        /// <summary>
        /// Whether a depth block of B is read where it is stored: <see cref="ReadsInPlace"/>, and, for a kernel that does
        /// not read aliased steps in place (<see cref="IMicroKernel.ReadsAliasedBInPlace"/>) in a product of many rows,
        /// steps that spread over the sets of the L1 cache.
        /// </summary>
        /// <remarks>
        /// A sliver read in place takes one cache line from each step, <paramref name="stepStride"/> elements apart. An L1
        /// of 64 sets (32 KiB 8-way, or 48 KiB 12-way) maps lines 64 lines apart to one set, so a stride of 2ᵖ lines puts
        /// the steps on only 64 / 2ᵖ sets: with 1 KiB between rows (a 256-column B), 256 steps fall 64 to a set, far
        /// beyond its ways, and the lines of the B sliver evict each other while an A sliver passes. Such a block is packed when
        /// more than 4 steps fall to one set, half of an 8-way set, and when the product has rows enough
        /// (<see cref="RowsToPackAliasedB"/>) for the slivers of A to pay for the copy by passing a packed sliver many times.
        /// </remarks>
        /// <param name="steps">Steps in the depth block.</param>
        /// <param name="stepStride">Elements between consecutive steps of B.</param>
        /// <param name="elementStride">Elements between consecutive columns of one step; only 1 is read in place.</param>
        /// <param name="rows">Rows of A (and of C) the product computes with this block.</param>
        internal static bool ReadsBInPlace(int steps, int stepStride, int elementStride, int rows)
        {
            if (!ReadsInPlace(steps, stepStride, elementStride))
            {
                return false;
            }

            long strideBytes = (long)stepStride * sizeof(float);
            if (TKernel.ReadsAliasedBInPlace || rows < RowsToPackAliasedB || strideBytes % L1LineBytes != 0)
            {
                return true;
            }

            long strideLines = strideBytes / L1LineBytes;
            long sets = L1Sets / Math.Min(strideLines & -strideLines, L1Sets);
            return (steps + sets - 1) / sets <= StepsPerL1Set;
        }

        /// <summary>
        /// The fewest rows of A for which an aliased B (<see cref="ReadsBInPlace"/>) is packed. With fewer, a packed
        /// sliver is passed by too few slivers of A to repay its copy. On one Zen 3 core (<c>--product-times</c> of
        /// <c>bench/Diff.Benchmarks</c>), packing a 256-column B made products of 64 to 256 rows 5–20 % faster and
        /// products of 10 to 48 rows up to 36 % slower.
        /// </summary>
        internal const int RowsToPackAliasedB = 64;

        private const long L1LineBytes = 64;
        private const long L1Sets = 64;

        // Half the ways of an 8-way L1 set: the A sliver and the C tile need lines too.
        private const long StepsPerL1Set = 4;

        /// <summary>The most bytes the runs of one block may span to be read in place.</summary>
        internal const long InPlaceSpanBytes = 256 * 1024;

        /// <summary>
        /// Splits <paramref name="total"/> into as few blocks of at most <paramref name="limit"/> as
        /// possible, of nearly equal size rounded up to <paramref name="multiple"/> (which divides
        /// <paramref name="limit"/>): 784 steps become four blocks of 200, not three of 256 and a
        /// short one of 16 that would load and store C for little work.
        /// </summary>
        internal static int BalancedBlock(int total, int limit, int multiple)
        {
            int blocks = (int)(((long)total + limit - 1) / limit);
            int size = (int)(((long)total + blocks - 1) / blocks);
            return (int)Math.Min(limit, ((long)size + multiple - 1) / multiple * multiple);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        private static float* Align(float* pointer) =>
            (float*)(((nuint)pointer + (AlignmentBytes - 1)) & ~(nuint)(AlignmentBytes - 1));
    }
}
