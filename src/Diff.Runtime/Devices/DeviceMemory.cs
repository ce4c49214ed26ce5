using System;
using System.Collections.Generic;
using System.Threading;
using ILGPU;
using ILGPU.Runtime;

namespace Diff
{
    /// <summary>
    /// A caching allocator for one accelerator, as PyTorch's CUDA allocator is: a tensor's buffer goes
    /// back to a free list when the tensor is collected, and the next request of the same size class
    /// takes it, so a training step in steady state does not call the driver's allocator.
    /// </summary>
    /// <remarks>
    /// Sizes are rounded up to 128 floats (512 bytes, PyTorch's small-block granularity), and above
    /// 1 Mi floats to 256 Ki floats (1 MiB), so that slightly different shapes share buffers. Buffers
    /// are returned by <see cref="DeviceStorage"/>'s finalizer; the memory pressure each live buffer adds
    /// makes the collector run before device memory runs out. When an allocation still fails, the
    /// cache is emptied, pending finalizers run, and the allocation is tried once more.
    /// </remarks>
    internal sealed class DeviceMemory
    {
        private const long SmallGranule = 128;
        private const long LargeThreshold = 1L << 20;
        private const long LargeGranule = 1L << 18;

        private readonly Accelerator _accelerator;
        private readonly Dictionary<long, Stack<MemoryBuffer1D<float, Stride1D.Dense>>> _free = new();
        private readonly Dictionary<long, Stack<MemoryBuffer1D<int, Stride1D.Dense>>> _freeInts = new();

        // Every buffer a live tensor holds. The cache references them so that ILGPU's own finalizers
        // never free one: when its tensor is collected, the tensor's storage hands it back here, and
        // a buffer reachable only from that storage would be finalized in the same collection.
        private readonly HashSet<MemoryBuffer1D<float, Stride1D.Dense>> _rented = new(ReferenceEqualityComparer.Instance);
        private readonly object _gate = new();
        private long _bytesInUse;
        private long _bytesCached;
        private long _driverAllocations;

        internal DeviceMemory(Accelerator accelerator)
        {
            _accelerator = accelerator;
        }

        /// <summary>Bytes of buffers held by live tensors.</summary>
        internal long BytesInUse => Interlocked.Read(ref _bytesInUse);

        /// <summary>Bytes held in use or cached.</summary>
        internal long BytesReserved
        {
            get
            {
                lock (_gate)
                {
                    return _bytesInUse + _bytesCached;
                }
            }
        }

        /// <summary>How many times a buffer was allocated from the driver (not taken from the cache).</summary>
        internal long DriverAllocations => Interlocked.Read(ref _driverAllocations);

        internal Accelerator Accelerator => _accelerator;

        /// <summary>A buffer of at least <paramref name="length"/> floats, from the cache when one of its size class is free.</summary>
        internal MemoryBuffer1D<float, Stride1D.Dense> Rent(long length)
        {
            long capacity = SizeClass(length);
            lock (_gate)
            {
                if (_free.TryGetValue(capacity, out var stack) && stack.Count > 0)
                {
                    _bytesCached -= capacity * sizeof(float);
                    _bytesInUse += capacity * sizeof(float);
                    var reused = stack.Pop();
                    _rented.Add(reused);
                    return reused;
                }
            }

            MemoryBuffer1D<float, Stride1D.Dense> buffer;
            try
            {
                buffer = _accelerator.Allocate1D<float>(capacity);
            }
            catch (Exception exception) when (exception is OutOfMemoryException or AcceleratorException)
            {
                // Give back what the cache and the unreachable tensors hold, then try once more.
                ReleaseCached();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                ReleaseCached();
                buffer = _accelerator.Allocate1D<float>(capacity);
            }

            Interlocked.Increment(ref _driverAllocations);
            GC.AddMemoryPressure(capacity * sizeof(float));
            lock (_gate)
            {
                _bytesInUse += capacity * sizeof(float);
                _rented.Add(buffer);
            }

            return buffer;
        }

        /// <summary>
        /// A device copy of small integer data (a broadcast layout, class labels) in a cached buffer,
        /// given back when the lease is disposed. Launches queued before that on the device's one
        /// stream finish before any later copy into the same buffer.
        /// </summary>
        internal IntLease RentInts(int[] values)
        {
            IntLease lease = RentInts(values.Length);
            lease.View.CopyFromCPU(values);
            return lease;
        }

        /// <summary>A cached integer buffer of <paramref name="length"/> elements for a kernel to fill, given back when the lease is disposed.</summary>
        internal IntLease RentInts(int length)
        {
            long capacity = SizeClass(length);
            MemoryBuffer1D<int, Stride1D.Dense>? buffer = null;
            lock (_gate)
            {
                if (_freeInts.TryGetValue(capacity, out var stack) && stack.Count > 0)
                {
                    buffer = stack.Pop();
                }
            }

            if (buffer is null)
            {
                buffer = _accelerator.Allocate1D<int>(capacity);
                Interlocked.Increment(ref _driverAllocations);
            }

            return new IntLease(this, buffer, buffer.View.BaseView.SubView(0, length));
        }

        /// <summary>Puts a buffer back on its free list; called when its tensor's storage is collected.</summary>
        internal void Return(MemoryBuffer1D<float, Stride1D.Dense> buffer)
        {
            long capacity = buffer.Length;
            lock (_gate)
            {
                _bytesInUse -= capacity * sizeof(float);
                _rented.Remove(buffer);
                if (buffer.IsDisposed || _accelerator.IsDisposed)
                {
                    return;
                }

                if (!_free.TryGetValue(capacity, out var stack))
                {
                    stack = new Stack<MemoryBuffer1D<float, Stride1D.Dense>>();
                    _free.Add(capacity, stack);
                }

                stack.Push(buffer);
                _bytesCached += capacity * sizeof(float);
            }
        }

        /// <summary>Frees every cached buffer.</summary>
        internal void ReleaseCached()
        {
            List<MemoryBuffer1D<float, Stride1D.Dense>> released = new();
            lock (_gate)
            {
                foreach (var stack in _free.Values)
                {
                    released.AddRange(stack);
                    stack.Clear();
                }

                _bytesCached = 0;
            }

            foreach (var buffer in released)
            {
                GC.RemoveMemoryPressure(buffer.Length * sizeof(float));
                buffer.Dispose();
            }
        }

        private void ReturnInts(MemoryBuffer1D<int, Stride1D.Dense> buffer)
        {
            lock (_gate)
            {
                if (!_freeInts.TryGetValue(buffer.Length, out var stack))
                {
                    stack = new Stack<MemoryBuffer1D<int, Stride1D.Dense>>();
                    _freeInts.Add(buffer.Length, stack);
                }

                stack.Push(buffer);
            }
        }

        /// <summary>A leased integer buffer; disposing it gives the buffer back to the cache.</summary>
        internal readonly struct IntLease : IDisposable
        {
            private readonly DeviceMemory _owner;
            private readonly MemoryBuffer1D<int, Stride1D.Dense> _buffer;

            internal IntLease(DeviceMemory owner, MemoryBuffer1D<int, Stride1D.Dense> buffer, ArrayView<int> view)
            {
                _owner = owner;
                _buffer = buffer;
                View = view;
            }

            /// <summary>The data on the device.</summary>
            internal ArrayView<int> View { get; }

            public void Dispose() => _owner.ReturnInts(_buffer);
        }

        private static long SizeClass(long length)
        {
            long granule = length > LargeThreshold ? LargeGranule : SmallGranule;
            return Math.Max(granule, (length + granule - 1) / granule * granule);
        }
    }
}
