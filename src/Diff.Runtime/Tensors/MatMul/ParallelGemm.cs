using System;
using System.Threading;

namespace Diff
{
    /// <summary>
    /// Splits a large product into a grid of independent C blocks and computes them on the calling
    /// thread and on thread-pool threads. Each block packs its own slices of A and B, so the workers
    /// never wait on each other; the grid is shaped to keep that duplicated packing small.
    /// </summary>
    /// <remarks>
    /// Jobs are pooled and queued as <see cref="IThreadPoolWorkItem"/>, so a parallel call allocates
    /// nothing once warm. The calling thread claims blocks too, which keeps a call correct and
    /// prompt when every pool thread is busy (also when the caller is itself a pool thread).
    /// </remarks>
    internal sealed unsafe class ParallelGemm : IThreadPoolWorkItem
    {
        private static readonly ParallelGemm?[] s_idleJobs = new ParallelGemm?[4];

        private readonly ManualResetEventSlim _allBlocksDone = new(initialState: false);
        private delegate*<in GemmProblem, void> _multiplyBlock;
        private GemmProblem _problem;
        private int _rowBlocks;
        private int _rowsPerBlock;
        private int _columnsPerBlock;
        private int _blockCount;
        private int _nextBlock;
        private int _finishedBlocks;

        // The caller and every queued work item each hold one reference; the last one out pools the job.
        private int _references;

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
            ParallelGemm job = Rent();
            job._problem = problem;
            job._multiplyBlock = multiplyBlock;
            job._rowBlocks = rowBlocks;
            job._rowsPerBlock = rowsPerBlock;
            job._columnsPerBlock = columnsPerBlock;
            job._blockCount = rowBlocks * columnBlocks;
            job._nextBlock = 0;
            job._finishedBlocks = 0;
            job._allBlocksDone.Reset();

            int helpers = Math.Min(workers, job._blockCount) - 1;
            job._references = helpers + 1;
            for (int i = 0; i < helpers; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
            }

            job.RunBlocks();
            if (Volatile.Read(ref job._finishedBlocks) < job._blockCount)
            {
                job._allBlocksDone.Wait();
            }

            // The pinned operands may be released now: a helper that starts late finds no block left.
            job.Release();
        }

        void IThreadPoolWorkItem.Execute()
        {
            RunBlocks();
            Release();
        }

        private void RunBlocks()
        {
            int block;
            while ((block = Interlocked.Increment(ref _nextBlock) - 1) < _blockCount)
            {
                int rowBlock = block % _rowBlocks;
                int columnBlock = block / _rowBlocks;
                int row = rowBlock * _rowsPerBlock;
                int column = columnBlock * _columnsPerBlock;
                int rows = Math.Min(_rowsPerBlock, _problem.M - row);
                int columns = Math.Min(_columnsPerBlock, _problem.N - column);
                GemmProblem slice = _problem.Slice(row, rows, column, columns);
                _multiplyBlock(in slice);

                if (Interlocked.Increment(ref _finishedBlocks) == _blockCount)
                {
                    _allBlocksDone.Set();
                }
            }
        }

        private static ParallelGemm Rent()
        {
            for (int i = 0; i < s_idleJobs.Length; i++)
            {
                ParallelGemm? job = Interlocked.Exchange(ref s_idleJobs[i], null);
                if (job is not null)
                {
                    return job;
                }
            }

            return new ParallelGemm();
        }

        private void Release()
        {
            if (Interlocked.Decrement(ref _references) != 0)
            {
                return;
            }

            _problem = default;
            for (int i = 0; i < s_idleJobs.Length; i++)
            {
                if (Interlocked.CompareExchange(ref s_idleJobs[i], this, null) is null)
                {
                    return;
                }
            }
        }
    }
}
