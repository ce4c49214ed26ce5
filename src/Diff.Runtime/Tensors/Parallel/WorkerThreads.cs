using System;
using System.Diagnostics;
using System.Threading;

namespace Diff
{
    /// <summary>
    /// Helper threads of the runtime's own, one fewer than the processors, started with the first parallel job (a matrix
    /// product, or a long element-wise pass such as an optimizer's update).
    /// The thread pool served as helpers before, but its thread-count controller adds and retires threads every few
    /// hundred milliseconds, and while it holds more threads than cores a product's helper competes with them: a training
    /// step on two threads then alternated between two speeds, about 2.5 and 3.4 ms at 784-256-128-10, batch 64.
    /// </summary>
    /// <remarks>
    /// A job is handed to a worker through its pending slot, also while the worker finishes the blocks of the job before
    /// (the caller's next product often starts before the worker has left the last one). A worker that still holds a
    /// pending job is passed over, and the caller queues that helper on the thread pool instead. The caller computes
    /// blocks too, so a product never waits for a worker that another product keeps busy. A worker spins briefly after
    /// each job, since a training step starts its next product microseconds later, then sleeps until it is handed one.
    /// </remarks>
    internal static class WorkerThreads
    {
        private static readonly object s_startGate = new();
        private static Worker[]? s_workers;

        // How long a worker polls for its next job before it sleeps: a millisecond, a fraction of what OpenMP runtimes spin
        // by default. The products of a training step come a few microseconds to a few hundred apart, and on a virtual
        // machine waking a sleeping processor can cost as much as a small product.
        private static readonly long s_spinTicks = Stopwatch.Frequency / 1_000;

        /// <summary>
        /// Hands <paramref name="job"/> to up to <paramref name="helpers"/> workers and returns how many took it;
        /// the caller queues the rest elsewhere.
        /// </summary>
        public static int Offer(ParallelBlocks job, int helpers)
        {
            Worker[] workers = s_workers ?? Start();
            int handed = 0;
            for (int i = 0; i < workers.Length && handed < helpers; i++)
            {
                if (workers[i].TryHand(job))
                {
                    handed++;
                }
            }

            return handed;
        }

        private static Worker[] Start()
        {
            lock (s_startGate)
            {
                if (s_workers is null)
                {
                    var workers = new Worker[Math.Max(0, Environment.ProcessorCount - 1)];
                    for (int i = 0; i < workers.Length; i++)
                    {
                        workers[i] = new Worker(i);
                    }

                    Volatile.Write(ref s_workers, workers);
                }

                return s_workers;
            }
        }

        private sealed class Worker
        {
            private readonly SemaphoreSlim _wake = new(0);
            private ParallelBlocks? _pending;

            public Worker(int index)
            {
                var thread = new Thread(Loop) { IsBackground = true, Name = $"Diff worker {index + 1}" };
                thread.Start();
            }

            public bool TryHand(ParallelBlocks job)
            {
                if (Interlocked.CompareExchange(ref _pending, job, null) is not null)
                {
                    return false;
                }

                _wake.Release();
                return true;
            }

            private void Loop()
            {
                while (true)
                {
                    ParallelBlocks? job = Interlocked.Exchange(ref _pending, null) ?? SpinForJob();
                    if (job is null)
                    {
                        _wake.Wait();
                        continue;
                    }

                    // A job handed over is also counted by the semaphore: take that count, so that the next pass does not
                    // wake for a job already done (if the hand-over has not released it yet, that pass finds no job).
                    _wake.Wait(0);
                    job.RunBlocks();
                }
            }

            private ParallelBlocks? SpinForJob()
            {
                long until = Stopwatch.GetTimestamp() + s_spinTicks;
                var spinner = default(SpinWait);
                while (Stopwatch.GetTimestamp() < until)
                {
                    if (Volatile.Read(ref _pending) is not null)
                    {
                        return Interlocked.Exchange(ref _pending, null);
                    }

                    spinner.SpinOnce(sleep1Threshold: -1);
                }

                return null;
            }
        }
    }
}
