using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Diff
{
    /// <summary>
    /// Splits a large product into a grid of independent C blocks and computes them on the calling
    /// thread and on helper threads: the product's own (<see cref="ProductWorkers"/>) where one holds no pending job,
    /// thread-pool threads otherwise. Each block packs its own slices of A and B, so the workers
    /// never wait on each other; the grid is shaped to keep that duplicated packing small.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Jobs are pooled and queued as <see cref="IThreadPoolWorkItem"/>, so a warm parallel call
    /// allocates nothing. The calling thread claims blocks too, which keeps a call correct and prompt
    /// when every pool thread is busy (also when the caller is itself a pool thread).
    /// </para>
    /// <para>
    /// A queued helper may start after its call has finished, even after the job was rented again.
    /// Blocks are therefore claimed with a compare-and-swap on one word holding the job's use count
    /// (its generation) and the next block index: a claim succeeds only for the generation whose
    /// operands are published, and that generation cannot end before the claimed block is done.
    /// A late helper thus finds nothing to do, or helps the job's current use.
    /// </para>
    /// </remarks>
    internal sealed unsafe class ParallelGemm : IThreadPoolWorkItem
    {
        private const long BlockIndexMask = 0xFFFF_FFFF;

        // Larger than any block count, and positive as an int.
        private const long ExhaustedIndex = int.MaxValue;

        private static readonly ParallelGemm?[] s_idleJobs = new ParallelGemm?[4];

        private readonly ManualResetEventSlim _allBlocksDone = new(initialState: false, spinCount: 2047);
        private delegate*<in GemmProblem, void> _multiplyBlock;
        private GemmProblem _problem;
        private int _rowBlocks;
        private int _rowsPerBlock;
        private int _columnsPerBlock;
        private int _blockCount;
        private int _finishedBlocks;
        private Exception? _failure;

        // The generation in the high 32 bits, the next unclaimed block in the low 32 bits.
        private long _claim;

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
            job._finishedBlocks = 0;
            job._failure = null;
            job._allBlocksDone.Reset();

            // Publishes everything above: a claim reads the operands only after it succeeded.
            long generation = unchecked((job._claim >> 32) + 1);
            Volatile.Write(ref job._claim, generation << 32);

            int helpers = Math.Min(workers, job._blockCount) - 1;
            for (int i = helpers > 0 ? ProductWorkers.Offer(job, helpers) : 0; i < helpers; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
            }

            job.RunBlocks();
            if (Volatile.Read(ref job._finishedBlocks) < job._blockCount)
            {
                job._allBlocksDone.Wait();
            }

            // Every block is done, so no thread reads the pinned operands any more. The claim word now says the
            // generation is exhausted whatever block count the job's next use writes: a late helper compares the index
            // it reads with _blockCount, a separate field, and the next use writes that field before it publishes its
            // generation, so an index at the old count could pass the test against a larger new count and be claimed
            // for a generation whose call has returned.
            Volatile.Write(ref job._claim, (generation << 32) | ExhaustedIndex);
            Exception? failure = job._failure;
            job._problem = default;
            job._failure = null;
            Return(job);
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        void IThreadPoolWorkItem.Execute() => RunBlocks();

        /// <summary>Claims and computes blocks of the job's current use until none is left.</summary>
        internal void RunBlocks()
        {
            while (true)
            {
                long claim = Volatile.Read(ref _claim);
                int block = (int)(claim & BlockIndexMask);
                if (block >= _blockCount)
                {
                    return;
                }

                if (Interlocked.CompareExchange(ref _claim, claim + 1, claim) != claim)
                {
                    continue;
                }

                int row = block % _rowBlocks * _rowsPerBlock;
                int column = block / _rowBlocks * _columnsPerBlock;
                int rows = Math.Min(_rowsPerBlock, _problem.M - row);
                int columns = Math.Min(_columnsPerBlock, _problem.N - column);
                GemmProblem slice = _problem.Slice(row, rows, column, columns);
                try
                {
                    _multiplyBlock(in slice);
                }
                catch (Exception exception)
                {
                    // The block must still count as finished, or the caller would wait forever; it
                    // rethrows the first failure once no block is running.
                    Interlocked.CompareExchange(ref _failure, exception, null);
                }

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

        private static void Return(ParallelGemm job)
        {
            for (int i = 0; i < s_idleJobs.Length; i++)
            {
                if (Interlocked.CompareExchange(ref s_idleJobs[i], job, null) is null)
                {
                    return;
                }
            }
        }
    }
}
