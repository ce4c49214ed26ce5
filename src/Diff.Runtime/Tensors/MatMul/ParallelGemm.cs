using System;
using System.Runtime.ExceptionServices;

namespace Diff
{
    /// <summary>
    /// Splits a large product into a grid of independent C blocks and computes them on the calling
    /// thread and on helper threads (<see cref="ParallelBlocks"/>). Each block packs its own slices of A and B, so the
    /// workers never wait on each other; the grid is shaped to keep that duplicated packing small.
    /// </summary>
    internal sealed unsafe class ParallelGemm : ParallelBlocks
    {
        private static readonly IdleJobs<ParallelGemm> s_idleJobs = new();

        private delegate*<in GemmProblem, void> _multiplyBlock;
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
        /// and <c>columnsPerBlock</c> columns, multiples of the kernel's tile.
        /// </summary>
        public static void Run(
            in GemmProblem problem,
            int rowBlocks, int rowsPerBlock,
            int columnBlocks, int columnsPerBlock,
            int workers,
            delegate*<in GemmProblem, void> multiplyBlock)
        {
            ParallelGemm job = s_idleJobs.TryRent() ?? new ParallelGemm();
            job._problem = problem;
            job._multiplyBlock = multiplyBlock;
            job._rowBlocks = rowBlocks;
            job._rowsPerBlock = rowsPerBlock;
            job._columnsPerBlock = columnsPerBlock;

            Exception? failure = job.RunAll(rowBlocks * columnBlocks, workers);
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
            _multiplyBlock(in slice);
        }
    }
}
