using System;
using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Diff
{
    /// <summary>
    /// The row blocks of one parallel block's last panel step, which the worker computing the block claims from the
    /// front and workers done with their own blocks claim from the back (<see cref="ParallelGemm"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// A product split into one block per worker waits for its slowest worker, and on a shared machine one of two workers
    /// often runs a few per cent behind the other. Only the last step can be shared this way: every earlier step of a row
    /// block must be added to C before the next, and the owner's packed B panel of the last step stays in place until the
    /// block is done. The owner's own order is unchanged, so where the workers keep pace nothing is taken.
    /// </para>
    /// <para>
    /// Each claim takes a lock, once per row block of tens of rows: nothing measurable beside the block's product. A
    /// helper counts itself in with its claim, before it reads the step, and the owner closes the block (after which no
    /// claim succeeds) and waits for its helpers to finish before its packed panel goes back to the pool.
    /// </para>
    /// </remarks>
    internal sealed unsafe class SharedRowBlocks
    {
        private readonly object _gate = new();
        private PanelStep _step;
        private int _blockRows;
        private delegate*<in PanelStep, int, int, float*, void> _multiplyRows;
        private int _scratchLength;
        private int _front;
        private int _back;
        private int _helpers;
        private bool _open;
        private Exception? _failure;

        /// <summary>Row blocks not yet claimed, as last seen: a hint for picking which block to help.</summary>
        public int Unclaimed => Volatile.Read(ref _back) - Volatile.Read(ref _front);

        /// <summary>
        /// Offers the row blocks of <paramref name="step"/>, <paramref name="blockRows"/> rows each, to be claimed. A helper
        /// computes rows with <paramref name="multiplyRows"/> (the step, the first row, the rows, and scratch space of
        /// <paramref name="scratchLength"/> floats), which comes with the claim: a helper never mixes one product's step
        /// with another's kernel.
        /// </summary>
        public void Open(in PanelStep step, int blockRows, delegate*<in PanelStep, int, int, float*, void> multiplyRows, int scratchLength)
        {
            lock (_gate)
            {
                _step = step;
                _blockRows = blockRows;
                _multiplyRows = multiplyRows;
                _scratchLength = scratchLength;
                _front = 0;
                _back = (step.Problem.M + blockRows - 1) / blockRows;
                _helpers = 0;
                _open = true;
            }
        }

        /// <summary>The owner's next row block from the front, or −1 when none is left.</summary>
        public int ClaimFront()
        {
            lock (_gate)
            {
                return _front < _back ? _front++ : -1;
            }
        }

        /// <summary>
        /// Computes row blocks claimed from the back until none is left. A row block that throws is still counted as
        /// done, and its exception goes to the owner (<see cref="Close"/>).
        /// </summary>
        public void Help()
        {
            while (TryClaimBack(out int rowBlock, out PanelStep step, out int blockRows, out var multiplyRows, out int scratchLength))
            {
                Exception? failure = null;
                try
                {
                    float[] scratch = ArrayPool<float>.Shared.Rent(scratchLength);
                    try
                    {
                        fixed (float* scratchStorage = scratch)
                        {
                            int firstRow = rowBlock * blockRows;
                            multiplyRows(step, firstRow, Math.Min(blockRows, step.Problem.M - firstRow), scratchStorage);
                        }
                    }
                    finally
                    {
                        ArrayPool<float>.Shared.Return(scratch);
                    }
                }
                catch (Exception exception)
                {
                    failure = exception;
                }

                Release(failure);
            }
        }

        private bool TryClaimBack(
            out int rowBlock, out PanelStep step, out int blockRows,
            out delegate*<in PanelStep, int, int, float*, void> multiplyRows, out int scratchLength)
        {
            lock (_gate)
            {
                if (_open && _front < _back)
                {
                    rowBlock = --_back;
                    step = _step;
                    blockRows = _blockRows;
                    multiplyRows = _multiplyRows;
                    scratchLength = _scratchLength;
                    _helpers++;
                    return true;
                }
            }

            rowBlock = -1;
            step = default;
            blockRows = 0;
            multiplyRows = null;
            scratchLength = 0;
            return false;
        }

        /// <summary>A helper is done with the row block it claimed, or failed on it with <paramref name="failure"/>.</summary>
        private void Release(Exception? failure)
        {
            lock (_gate)
            {
                _failure ??= failure;
                if (--_helpers == 0)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }

        /// <summary>
        /// Ends the claims and waits until every helper is done with its row block; rethrows the first exception a
        /// helper's row block threw, so that the owner's block fails with it.
        /// </summary>
        public void Close()
        {
            Exception? failure;
            lock (_gate)
            {
                _open = false;
                _front = _back;
                while (_helpers > 0)
                {
                    Monitor.Wait(_gate);
                }

                _step = default;
                failure = _failure;
                _failure = null;
            }

            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
    }
}
