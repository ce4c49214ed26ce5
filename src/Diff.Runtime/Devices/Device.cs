using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Diff
{
    /// <summary>
    /// Where a tensor's elements live, like <c>torch.device</c>: <see cref="Cpu"/> (managed memory) or a
    /// GPU reached through ILGPU.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Ops run on the device of their operands; mixing devices in one op throws an
    /// <see cref="ArgumentException"/> naming both, as PyTorch does. Copy with <see cref="Tensor.To(Device)"/>.
    /// </para>
    /// <para>
    /// A device's accelerator is created on first use, not when the <see cref="Device"/> is made, so
    /// <c>Device.Cuda()</c> on a machine without CUDA fails only when a tensor is put there.
    /// </para>
    /// </remarks>
    public sealed class Device
    {
        private static readonly object Gate = new();
        private static readonly Dictionary<int, Device> CudaDevices = new();
        private static readonly ConditionalWeakTable<ILGPU.Runtime.Accelerator, Device> UserDevices = new();
        private static Context? sharedContext;
        private static Device? best;

        private readonly Func<ILGPU.Runtime.Accelerator>? _create;
        private ILGPU.Runtime.Accelerator? _accelerator;
        private DeviceMemory? _memory;

        private Device(string type, int? index, ILGPU.Runtime.Accelerator? accelerator, Func<ILGPU.Runtime.Accelerator>? create)
        {
            Type = type;
            Index = index;
            _accelerator = accelerator;
            _create = create;
        }

        /// <summary>Managed memory on the host; every op runs there.</summary>
        public static Device Cpu { get; } = new("cpu", null, null, null);

        /// <summary>
        /// The best device of this machine: the first CUDA GPU when one is present, otherwise <see cref="Cpu"/>.
        /// The first call lists the machine's devices (a fraction of a second).
        /// </summary>
        public static Device Best
        {
            get
            {
                lock (Gate)
                {
                    if (best is null)
                    {
                        best = CudaDeviceCount() > 0 ? CudaLocked(0) : Cpu;
                    }

                    return best;
                }
            }
        }

        /// <summary>The kind of device: <c>cpu</c>, <c>cuda</c>, <c>opencl</c> or <c>ilgpu-cpu</c> (ILGPU's CPU accelerator).</summary>
        public string Type { get; }

        /// <summary>The device's ordinal among those of its kind; null for <see cref="Cpu"/>.</summary>
        public int? Index { get; }

        /// <summary>Whether this is <see cref="Cpu"/>, where tensors live in managed arrays.</summary>
        public bool IsCpu => ReferenceEquals(this, Cpu);

        /// <summary>Bytes held by live tensors on this device (PyTorch's <c>memory_allocated</c>); 0 for <see cref="Cpu"/>.</summary>
        public long MemoryAllocated => _memory?.BytesInUse ?? 0;

        /// <summary>Bytes this device's caching allocator holds, in use or cached (PyTorch's <c>memory_reserved</c>); 0 for <see cref="Cpu"/>.</summary>
        public long MemoryReserved => _memory?.BytesReserved ?? 0;

        /// <summary>The accelerator, created on first use; for the runtime's device ops.</summary>
        internal ILGPU.Runtime.Accelerator AcceleratorInstance
        {
            get
            {
                if (_accelerator is not null)
                {
                    return _accelerator;
                }

                if (_create is null)
                {
                    throw new InvalidOperationException("The CPU device runs ops on managed arrays and has no accelerator.");
                }

                lock (Gate)
                {
                    _accelerator ??= _create();
                    return _accelerator;
                }
            }
        }

        /// <summary>This device's caching allocator.</summary>
        internal DeviceMemory Memory
        {
            get
            {
                if (_memory is not null)
                {
                    return _memory;
                }

                ILGPU.Runtime.Accelerator accelerator = AcceleratorInstance;
                lock (Gate)
                {
                    _memory ??= new DeviceMemory(accelerator);
                    return _memory;
                }
            }
        }

        /// <summary>The CUDA GPU with ordinal <paramref name="index"/>, like <c>torch.device("cuda", index)</c>.</summary>
        /// <param name="index">The GPU's ordinal, from 0.</param>
        /// <returns>The device; the same instance for the same ordinal.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
        /// <remarks>Its accelerator is created when a tensor is first put there; that throws an
        /// <see cref="InvalidOperationException"/> when the machine has no such GPU.</remarks>
        public static Device Cuda(int index = 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            lock (Gate)
            {
                return CudaLocked(index);
            }
        }

        /// <summary>
        /// A device over an accelerator that the caller created and owns, for programs that manage ILGPU
        /// themselves (and for running the device code on ILGPU's CPU accelerator). The caller disposes
        /// the accelerator after the last tensor on it is no longer used.
        /// </summary>
        /// <param name="accelerator">The accelerator. Its context must have ILGPU.Algorithms enabled
        /// (<c>builder.EnableAlgorithms()</c>), because the device ops use <c>XMath</c>.</param>
        /// <returns>The device; the same instance for the same accelerator.</returns>
        public static Device Accelerator(ILGPU.Runtime.Accelerator accelerator)
        {
            ArgumentNullException.ThrowIfNull(accelerator);
            lock (Gate)
            {
                if (!UserDevices.TryGetValue(accelerator, out Device? device))
                {
                    device = new Device(TypeOf(accelerator), OrdinalOf(accelerator), accelerator, null);
                    UserDevices.Add(accelerator, device);
                }

                return device;
            }
        }

        /// <summary>Returns this device's cached, unused buffers to the driver (PyTorch's <c>torch.cuda.empty_cache()</c>).</summary>
        public void EmptyCache() => _memory?.ReleaseCached();

        /// <summary>The device as PyTorch prints it: <c>cpu</c>, <c>cuda:0</c>, <c>opencl:0</c> or <c>ilgpu-cpu:0</c>.</summary>
        /// <returns>The text.</returns>
        public override string ToString() =>
            Index is int index ? string.Create(CultureInfo.InvariantCulture, $"{Type}:{index}") : Type;

        private static Device CudaLocked(int index)
        {
            if (!CudaDevices.TryGetValue(index, out Device? device))
            {
                device = new Device("cuda", index, null, () => CreateCudaAccelerator(index));
                CudaDevices.Add(index, device);
            }

            return device;
        }

        private static int CudaDeviceCount()
        {
            try
            {
                return SharedContext().Devices.OfType<CudaDevice>().Count();
            }
            catch (Exception exception) when (exception is DllNotFoundException or TypeInitializationException or InvalidOperationException or EntryPointNotFoundException)
            {
                // An installed but unusable driver (a container without the GPU passed through) is no GPU.
                return 0;
            }
        }

        private static ILGPU.Runtime.Accelerator CreateCudaAccelerator(int index)
        {
            CudaDevice[] devices = SharedContext().Devices.OfType<CudaDevice>().ToArray();
            if (index >= devices.Length)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"cuda:{index} is not available: this machine has {devices.Length} CUDA device(s) that ILGPU can use. Use Device.Best to fall back to the CPU."));
            }

            return devices[index].CreateAccelerator(SharedContext());
        }

        // One context for every device this class creates, with the CPU and CUDA backends and the
        // algorithms library the device ops need. Created on first use: it loads the CUDA driver.
        private static Context SharedContext()
        {
            lock (Gate)
            {
                if (sharedContext is null)
                {
                    Gpu.NativeLibraryResolver.Register();
                    sharedContext = Context.Create(builder => builder.DefaultCPU().Cuda().EnableAlgorithms());
                }

                return sharedContext;
            }
        }

        private static string TypeOf(ILGPU.Runtime.Accelerator accelerator) => accelerator switch
        {
            CudaAccelerator => "cuda",
            CLAccelerator => "opencl",
            CPUAccelerator => "ilgpu-cpu",
            _ => accelerator.AcceleratorType.ToString().ToLowerInvariant(),
        };

        private static int OrdinalOf(ILGPU.Runtime.Accelerator accelerator)
        {
            int index = 0;
            foreach (ILGPU.Runtime.Device candidate in accelerator.Context.Devices)
            {
                if (ReferenceEquals(candidate, accelerator.Device))
                {
                    return index;
                }

                if (candidate.AcceleratorType == accelerator.AcceleratorType)
                {
                    index++;
                }
            }

            return 0;
        }
    }
}
