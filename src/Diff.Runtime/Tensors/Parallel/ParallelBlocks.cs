using System;
using System.Threading;

namespace Diff
{
    /// <summary>
    /// A job of independent blocks, computed on the calling thread and on helper threads: the runtime's own workers
    /// (<see cref="WorkerThreads"/>) where one holds no pending job, thread-pool threads otherwise. A derived job holds
    /// the operands and computes one block (<see cref="RunBlock"/>); this class hands the blocks out and waits for them.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Jobs are pooled by the derived classes and queued as <see cref="IThreadPoolWorkItem"/>, so a warm parallel call
    /// allocates nothing. The calling thread claims blocks too, which keeps a call correct and prompt when every helper
    /// is busy (also when the caller is itself a helper).
    /// </para>
    /// <para>
    /// A queued helper may start after its call has finished, even after the job was rented again. Blocks are therefore
    /// claimed with a compare-and-swap on one word holding the job's use count (its generation) and the next block
    /// index: a claim succeeds only for the generation whose operands are published, and that generation cannot end
    /// before the claimed block is done. A late helper thus finds nothing to do, or helps the job's current use.
    /// </para>
    /// </remarks>
    internal abstract class ParallelBlocks : IThreadPoolWorkItem
    {
        private const long BlockIndexMask = 0xFFFF_FFFF;

        // Larger than any block count, and positive as an int.
        private const long ExhaustedIndex = int.MaxValue;

        private readonly ManualResetEventSlim _allBlocksDone = new(initialState: false, spinCount: 2047);
        private int _blockCount;
        private int _finishedBlocks;
        private Exception? _failure;

        // The generation in the high 32 bits, the next unclaimed block in the low 32 bits.
        private long _claim;

        /// <summary>
        /// Computes blocks 0 to <paramref name="blockCount"/> − 1 on at most <paramref name="workers"/> threads, the calling
        /// one included, and returns when all are done, with the first exception a block threw (or null). The derived job's
        /// operands must be set before; no thread reads them once this returns.
        /// </summary>
        protected Exception? RunAll(int blockCount, int workers)
        {
            _blockCount = blockCount;
            _finishedBlocks = 0;
            _failure = null;
            _allBlocksDone.Reset();

            // Publishes everything above and the derived job's operands: a claim reads them only after it succeeded.
            long generation = unchecked((_claim >> 32) + 1);
            Volatile.Write(ref _claim, generation << 32);

            int helpers = Math.Min(workers, blockCount) - 1;
            for (int i = helpers > 0 ? WorkerThreads.Offer(this, helpers) : 0; i < helpers; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }

            RunBlocks();
            if (Volatile.Read(ref _finishedBlocks) < _blockCount)
            {
                HelpUnfinishedBlocks();
                _allBlocksDone.Wait();
            }

            // Every block is done, so no thread reads the operands any more. The claim word now says the generation is
            // exhausted whatever block count the job's next use writes: a late helper compares the index it reads with
            // _blockCount, a separate field, and the next use writes that field before it publishes its generation, so an
            // index at the old count could pass the test against a larger new count and be claimed for a generation whose
            // call has returned.
            Volatile.Write(ref _claim, (generation << 32) | ExhaustedIndex);
            Exception? failure = _failure;
            _failure = null;
            return failure;
        }

        /// <summary>Computes one block of the job's current use.</summary>
        protected abstract void RunBlock(int block);

        /// <summary>
        /// Called on a thread that found no block left to claim while others may still be computing theirs: a job whose
        /// blocks can share their work (<see cref="ParallelGemm"/>) helps them here. It must not throw. A helper may call
        /// it after the job's use has ended, or during a later use, so it may only touch work that its running blocks
        /// offer.
        /// </summary>
        protected virtual void HelpUnfinishedBlocks()
        {
        }

        void IThreadPoolWorkItem.Execute()
        {
            RunBlocks();
            HelpUnfinishedBlocks();
        }

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

                try
                {
                    RunBlock(block);
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

        /// <summary>A few idle jobs of one kind, so that a warm call rents one instead of allocating it.</summary>
        protected sealed class IdleJobs<TJob>
            where TJob : ParallelBlocks
        {
            private readonly TJob?[] _jobs = new TJob?[4];

            /// <summary>An idle job, or null when there is none.</summary>
            public TJob? TryRent()
            {
                for (int i = 0; i < _jobs.Length; i++)
                {
                    TJob? job = Interlocked.Exchange(ref _jobs[i], null);
                    if (job is not null)
                    {
                        return job;
                    }
                }

                return null;
            }

            /// <summary>Keeps <paramref name="job"/> for a later call, unless enough are kept already.</summary>
            public void Return(TJob job)
            {
                for (int i = 0; i < _jobs.Length; i++)
                {
                    if (Interlocked.CompareExchange(ref _jobs[i], job, null) is null)
                    {
                        return;
                    }
                }
            }
        }
    }
}
