using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Diff
{
    /// <summary>
    /// Splits a large product into a grid of independent C blocks and computes them on the calling
    /// thread and on helper threads (<see cref="ParallelBlocks"/>). Each block packs its own slices of A and B, so the
    /// workers never wait on each other; the grid is shaped to keep that duplicated packing small. A worker done with its
    /// blocks helps with the row blocks of another block's last panel step (<see cref="SharedRowBlocks"/>).
    /// </summary>
    internal sealed unsafe class ParallelGemm : ParallelBlocks
    {
        private static readonly IdleJobs<ParallelGemm> s_idleJobs = new();

        private delegate*<in GemmProblem, SharedRowBlocks?, void> _multiplyBlock;

        // One per block, reused across the job's uses.
        private SharedRowBlocks[] _sharedRows = Array.Empty<SharedRowBlocks>();
        private int _blockCount;
        private GemmProblem _problem;
        private int _rowBlocks;
        private int _rowsPerBlock;
        private int _columnsPerBlock;

        private ParallelGemm()
        {
        }

        /// <summary>
        /// Computes <c>problem</c> as a <c>rowBlocks</c> × <c>columnBlocks</c> grid of blocks, each
        /// computed by <c>multiplyBlock</c> on one of at most <c>workers</c> threads, and returns when
        /// all are done. Every block but the last in its row or column has <c>rowsPerBlock</c> rows
        /// and <c>columnsPerBlock</c> columns, multiples of the kernel's tile. A worker with no block left helps with the row
        /// blocks another block offers.
        /// </summary>
        public static void Run(
            in GemmProblem problem,
            int rowBlocks, int rowsPerBlock,
            int columnBlocks, int columnsPerBlock,
            int workers,
            delegate*<in GemmProblem, SharedRowBlocks?, void> multiplyBlock)
        {
            ParallelGemm job = s_idleJobs.TryRent() ?? new ParallelGemm();
            int blockCount = rowBlocks * columnBlocks;
            if (job._sharedRows.Length < blockCount)
            {
                var sharedRows = new SharedRowBlocks[blockCount];
                for (int i = 0; i < sharedRows.Length; i++)
                {
                    sharedRows[i] = i < job._sharedRows.Length ? job._sharedRows[i] : new SharedRowBlocks();
                }

                job._sharedRows = sharedRows;
            }

            job._problem = problem;
            job._multiplyBlock = multiplyBlock;
            job._rowBlocks = rowBlocks;
            job._rowsPerBlock = rowsPerBlock;
            job._columnsPerBlock = columnsPerBlock;
            job._blockCount = blockCount;

            Exception? failure = job.RunAll(blockCount, workers);
            job._problem = default;
            s_idleJobs.Return(job);
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        protected override void RunBlock(int block)
        {
            int row = block % _rowBlocks * _rowsPerBlock;
            int column = block / _rowBlocks * _columnsPerBlock;
            int rows = Math.Min(_rowsPerBlock, _problem.M - row);
            int columns = Math.Min(_columnsPerBlock, _problem.N - column);
            GemmProblem slice = _problem.Slice(row, rows, column, columns);
            _multiplyBlock(in slice, _sharedRows[block]);
        }

        protected override void HelpUnfinishedBlocks()
        {
            // A late helper may see the block count and the array of a later use (or of none); claims only succeed on
            // row blocks that a running block has offered, and each claim carries its own kernel, so reading them racily
            // is safe.
            SharedRowBlocks[] sharedRows = Volatile.Read(ref _sharedRows);
            int blockCount = Math.Min(Volatile.Read(ref _blockCount), sharedRows.Length);
            while (true)
            {
                SharedRowBlocks? mostUnclaimed = null;
                int unclaimed = 0;
                for (int i = 0; i < blockCount; i++)
                {
                    int left = sharedRows[i].Unclaimed;
                    if (left > unclaimed)
                    {
                        unclaimed = left;
                        mostUnclaimed = sharedRows[i];
                    }
                }

                if (mostUnclaimed is null)
                {
                    return;
                }

                mostUnclaimed.Help();
            }
        }
    }
}
