using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Diff.Generator.Scheduling
{
    /// <summary>
    /// One helper thread per compilation, beside the compiler's driver, which runs the generator's steps one item at a
    /// time on its own thread while the compiler's other cores are idle. The helper binds the methods of the file the
    /// driver is binding, from the file's last method up (<see cref="BindAhead{T}"/>), and in between analyses and emits
    /// the methods already bound (<see cref="EmitAhead"/>), the latest first, while the driver will take them from the
    /// first. Bindings come first: the driver needs them next, and the emitted files only after every method is bound.
    /// <para>
    /// One thread, fed through a lock, rather than a task per method: a task per method woke a pool thread 500 times
    /// per 500 methods, and the pool's threads spin while they wait for work, which on a two-core machine took the time
    /// the work saved. The helper waits a little for more work before it ends, and starts again when some arrives.
    /// </para>
    /// </summary>
    internal sealed class AheadHelper
    {
        // How long the helper waits for more work before its thread goes back to the pool.
        private const int IdleMilliseconds = 50;

        private static readonly ConditionalWeakTable<Compilation, AheadHelper> OfCompilation = new();

        private readonly object _gate = new();
        private readonly Stack<IAheadWork> _pending = new();
        private Func<IAheadWork?>? _nextBinding;
        private bool _running;

        private AheadHelper()
        {
        }

        /// <summary>The helper of <paramref name="compilation"/>.</summary>
        public static AheadHelper Of(Compilation compilation) => OfCompilation.GetValue(compilation, static _ => new AheadHelper());

        /// <summary>
        /// Makes <paramref name="nextBinding"/> the helper's first concern: it gives the next binding to make, or null
        /// once the driver has reached the rest. It replaces the file before, which the driver has left.
        /// </summary>
        public void BindAhead(Func<IAheadWork?> nextBinding)
        {
            lock (_gate)
            {
                _nextBinding = nextBinding;
                Wake();
            }
        }

        /// <summary>Adds work for the helper to do when it has no binding to make.</summary>
        public void Help(IAheadWork work)
        {
            lock (_gate)
            {
                _pending.Push(work);
                Wake();
            }
        }

        private void Wake()
        {
            if (_running)
            {
                Monitor.Pulse(_gate);
                return;
            }

            _running = true;
            Task.Run(Work);
        }

        private void Work()
        {
            while (true)
            {
                IAheadWork? next;
                lock (_gate)
                {
                    while ((next = Next()) is null)
                    {
                        // A pulse that comes as the wait times out still reports a timeout, so the work is looked for
                        // once more before the helper ends.
                        if (!Monitor.Wait(_gate, IdleMilliseconds) && (next = Next()) is null)
                        {
                            _running = false;
                            return;
                        }
                    }
                }

                try
                {
                    next.RunIfUnclaimed();
                }
                catch (Exception)
                {
                    // The work guards itself; whatever else failed, the driver does that work itself.
                }
            }
        }

        private IAheadWork? Next()
        {
            if (_nextBinding is not null)
            {
                IAheadWork? binding = _nextBinding();
                if (binding is not null)
                {
                    return binding;
                }

                _nextBinding = null;
            }

            while (_pending.Count > 0)
            {
                IAheadWork work = _pending.Pop();
                if (!work.IsClaimed)
                {
                    return work;
                }
            }

            return null;
        }
    }
}
