using ILGPU;
using ILGPU.Runtime;

namespace Diff
{
    /// <summary>
    /// A device tensor's elements: a buffer from its device's caching allocator, of which the first
    /// <see cref="Length"/> floats are the tensor's. Reshaped views share one storage.
    /// </summary>
    internal sealed class DeviceStorage
    {
        private readonly MemoryBuffer1D<float, Stride1D.Dense> _buffer;

        internal DeviceStorage(Device device, int length)
        {
            Device = device;
            Length = length;
            _buffer = device.Memory.Rent(length);
        }

        // The buffer goes back to the cache, not to the driver: its tensor is unreachable, and every
        // launch that used it is queued before any launch that can reuse it (one stream per device).
        ~DeviceStorage() => Device.Memory.Return(_buffer);

        internal Device Device { get; }

        internal int Length { get; }

        internal Accelerator Accelerator => Device.Memory.Accelerator;

        /// <summary>The tensor's elements as a view of exactly <see cref="Length"/> floats.</summary>
        internal ArrayView<float> View => _buffer.View.SubView(0, Length).BaseView;
    }
}
