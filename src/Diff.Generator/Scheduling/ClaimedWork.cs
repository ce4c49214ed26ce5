using System;
using System.Threading;

namespace Diff.Generator.Scheduling
{
    /// <summary>Work the helper thread may do ahead of the driver (<see cref="AheadHelper"/>).</summary>
    internal interface IAheadWork
    {
        /// <summary>Whether a thread has taken the work on.</summary>
        bool IsClaimed { get; }

        /// <summary>Does the work, unless a thread has taken it on already.</summary>
        void RunIfUnclaimed();
    }

    /// <summary>
    /// Work done once, by whichever thread claims it first: the helper ahead of the driver, or the driver when it gets
    /// there first. The driver takes the result; the helper only ever does the work or skips it.
    /// </summary>
    /// <typeparam name="T">The result; null when the work failed or was cancelled, and the driver must do it itself.</typeparam>
    internal sealed class ClaimedWork<T> : IAheadWork
        where T : class
    {
        private readonly Func<T?> _work;
        private readonly CancellationToken _cancellationToken;
        private readonly ManualResetEventSlim _done = new(false);
        private int _claimed;
        private T? _result;

        /// <param name="work">The work; it may throw, which makes the result null.</param>
        /// <param name="cancellationToken">The driver's run that asked for the work: once cancelled, the helper skips it.</param>
        public ClaimedWork(Func<T?> work, CancellationToken cancellationToken)
        {
            _work = work;
            _cancellationToken = cancellationToken;
        }

        /// <inheritdoc/>
        public bool IsClaimed => Volatile.Read(ref _claimed) != 0;

        /// <inheritdoc/>
        public void RunIfUnclaimed()
        {
            if (TryClaim())
            {
                Run();
            }
        }

        /// <summary>
        /// For the driver: the result, done here when no thread has claimed the work, or waited for; the result is let go
        /// here, since the driver asks once.
        /// </summary>
        public T? Take(CancellationToken cancellationToken)
        {
            if (TryClaim())
            {
                Run();
            }
            else
            {
                _done.Wait(cancellationToken);
            }

            T? result = _result;
            _result = null;
            return result;
        }

        private bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        private void Run()
        {
            try
            {
                _result = _cancellationToken.IsCancellationRequested ? null : _work();
            }
            catch (Exception)
            {
                // Cancelled, or anything else: the driver does the work itself and reports what it finds.
                _result = null;
            }

            _done.Set();
        }
    }
}
