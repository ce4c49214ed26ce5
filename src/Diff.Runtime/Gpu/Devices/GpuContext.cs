using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using ILGPU;
using ILGPU.Backends.OpenCL;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Diff.Gpu
{
    // ILGPU's device, not Diff.Device (a tensor's place), which the enclosing namespace would otherwise find first.
    using Device = ILGPU.Runtime.Device;

    /// <summary>
    /// An ILGPU context with one chosen device, whose accelerator is created on first use: the device
    /// that generated launchers run kernels on.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Creating a context lists the devices (0.1 to 0.35 s, more with drivers installed); creating the
    /// accelerator initialises the device. Neither happens until it is needed: <see cref="Default"/> is
    /// created on first use, never at start-up, and <see cref="Accelerator"/> on first access.
    /// </para>
    /// <para>
    /// The context enables ILGPU.Algorithms, so kernels may call <c>XMath</c> and the other algorithm
    /// intrinsics.
    /// </para>
    /// </remarks>
    public sealed class GpuContext : IDisposable
    {
        private const string CpuDeviceName = "ILGPU CPU accelerator";

        private static readonly object DefaultGate = new();
        private static GpuContext? defaultContext;

        private readonly object gate = new();
        private readonly int ordinal;
        private readonly bool isDefault;
        private Accelerator? accelerator;
        private bool disposed;

        private GpuContext(Context context, Device device, int ordinal, bool isDefault)
        {
            Context = context;
            Device = device;
            this.ordinal = ordinal;
            this.isDefault = isDefault;
            AcceleratorType = device.AcceleratorType;
            DeviceName = device.AcceleratorType == AcceleratorType.CPU ? CpuDeviceName : device.Name.Trim();
            IsGpu = device switch
            {
                CudaDevice => true,
                CLDevice cl => IsOpenCLGpu(cl),
                _ => false,
            };
        }

        /// <summary>
        /// The process-wide context on the <see cref="GpuPreference.Best"/> device, created on first use
        /// (thread-safely, once). It lives as long as the process: disposing it does nothing.
        /// </summary>
        public static GpuContext Default
        {
            get
            {
                // Double-checked rather than Lazy<T>, which would cache an exception for good.
                var created = Volatile.Read(ref defaultContext);
                if (created is not null)
                {
                    return created;
                }

                lock (DefaultGate)
                {
                    if (defaultContext is null)
                    {
                        NativeLibraryResolver.Register();
                        Volatile.Write(ref defaultContext, CreateBest(isDefault: true));
                    }

                    return defaultContext!;
                }
            }
        }

        /// <summary>The ILGPU context, with ILGPU.Algorithms enabled.</summary>
        public Context Context { get; }

        /// <summary>The chosen device.</summary>
        public Device Device { get; }

        /// <summary>The accelerator on <see cref="Device"/>, created (thread-safely, once) on first access.</summary>
        /// <exception cref="ObjectDisposedException">The context has been disposed.</exception>
        public Accelerator Accelerator
        {
            get
            {
                var created = Volatile.Read(ref accelerator);
                if (created is not null)
                {
                    return created;
                }

                lock (gate)
                {
                    ObjectDisposedException.ThrowIf(disposed, this);
                    if (accelerator is null)
                    {
                        Volatile.Write(ref accelerator, Device.CreateAccelerator(Context));
                    }

                    return accelerator!;
                }
            }
        }

        /// <summary>The kind of accelerator: <c>Cuda</c>, <c>OpenCL</c> or <c>CPU</c>.</summary>
        public AcceleratorType AcceleratorType { get; }

        /// <summary>The device's name as its driver reports it, or "ILGPU CPU accelerator".</summary>
        public string DeviceName { get; }

        /// <summary>
        /// Whether kernels run on a GPU: a CUDA device, or an OpenCL device of GPU type. False for ILGPU's
        /// CPU accelerator and for OpenCL devices that are CPUs.
        /// </summary>
        public bool IsGpu { get; }

        /// <summary>Creates a context on the device <paramref name="preference"/> asks for.</summary>
        /// <param name="preference">Which kind of device to choose.</param>
        /// <returns>A new context; dispose it when done.</returns>
        /// <exception cref="InvalidOperationException">
        /// <see cref="GpuPreference.Cuda"/> or <see cref="GpuPreference.OpenCL"/> was asked for and no such
        /// device that ILGPU can use exists; the message lists the devices that were found.
        /// </exception>
        public static GpuContext Create(GpuPreference preference = GpuPreference.Best)
        {
            NativeLibraryResolver.Register();
            return preference switch
            {
                GpuPreference.Best => CreateBest(isDefault: false),
                GpuPreference.Cuda => CreateOn(preference, static context => context.Devices.OfType<CudaDevice>()),
                GpuPreference.OpenCL => CreateOn(preference, static context => OpenCLDevicesGpuFirst(context)),
                GpuPreference.Cpu => CreateCpu(isDefault: false),
                _ => throw new ArgumentOutOfRangeException(nameof(preference), preference, "Unknown GPU preference."),
            };
        }

        /// <summary>The device, for logs: "cuda:0 (NVIDIA H200)", "opencl:0 (…)" or "cpu (ILGPU CPU accelerator)".</summary>
        public override string ToString() => AcceleratorType switch
        {
            AcceleratorType.Cuda => string.Create(CultureInfo.InvariantCulture, $"cuda:{ordinal} ({DeviceName})"),
            AcceleratorType.OpenCL => string.Create(CultureInfo.InvariantCulture, $"opencl:{ordinal} ({DeviceName})"),
            _ => $"cpu ({DeviceName})",
        };

        /// <summary>Disposes the accelerator (if it was created) and the context; does nothing for <see cref="Default"/>.</summary>
        public void Dispose()
        {
            if (isDefault)
            {
                // Shared by every caller for the life of the process; a using block around Default
                // must not pull the device from under the others.
                return;
            }

            Accelerator? created;
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }

                disposed = true;
                created = accelerator;
                accelerator = null;
            }

            created?.Dispose();
            Context.Dispose();
        }

        private static GpuContext CreateBest(bool isDefault)
        {
            Context context;
            try
            {
                context = CreateContext(builder => builder.DefaultCPU().Cuda().OpenCL());
            }
            catch (Exception)
            {
                // A driver that is installed but broken (a container with libcuda and no GPU passed
                // through, say) may fail while devices are listed. Best promises a device, and the
                // CPU accelerator needs no driver.
                return CreateCpu(isDefault);
            }

            try
            {
                var device =
                    context.Devices.OfType<CudaDevice>().FirstOrDefault() ??
                    context.Devices.OfType<CLDevice>().Where(IsOpenCLGpu).FirstOrDefault() ??
                    (Device)context.Devices.OfType<CPUDevice>().First();
                return new GpuContext(context, device, OrdinalOf(context, device), isDefault);
            }
            catch
            {
                context.Dispose();
                throw;
            }
        }

        private static GpuContext CreateCpu(bool isDefault)
        {
            var context = CreateContext(builder => builder.DefaultCPU());
            return new GpuContext(context, context.Devices.OfType<CPUDevice>().First(), 0, isDefault);
        }

        private static GpuContext CreateOn(GpuPreference preference, Func<Context, IEnumerable<Device>> candidates)
        {
            // Every backend is listed, so that the message can say what there is instead.
            var context = CreateContext(builder => builder.DefaultCPU().Cuda().OpenCL());
            try
            {
                var device = candidates(context).FirstOrDefault();
                if (device is null)
                {
                    throw new InvalidOperationException(NoDeviceMessage(preference, context));
                }

                return new GpuContext(context, device, OrdinalOf(context, device), isDefault: false);
            }
            catch
            {
                context.Dispose();
                throw;
            }
        }

        private static Context CreateContext(Action<Context.Builder> devices) =>
            Context.Create(builder =>
            {
                devices(builder);
                builder.EnableAlgorithms();
            });

        private static IEnumerable<Device> OpenCLDevicesGpuFirst(Context context) =>
            context.Devices.OfType<CLDevice>().OrderBy(device => IsOpenCLGpu(device) ? 0 : 1);

        private static bool IsOpenCLGpu(CLDevice device) =>
            (device.DeviceType & CLDeviceType.CL_DEVICE_TYPE_GPU) != 0;

        // The device's index among the context's devices of its kind: the i of GetCudaDevice(i) and
        // GetCLDevice(i), and of CUDA's own numbering when every CUDA device is usable.
        private static int OrdinalOf(Context context, Device device)
        {
            var index = 0;
            foreach (var candidate in context.Devices)
            {
                if (ReferenceEquals(candidate, device))
                {
                    return index;
                }

                if (candidate.AcceleratorType == device.AcceleratorType)
                {
                    index++;
                }
            }

            return 0;
        }

        private static string NoDeviceMessage(GpuPreference preference, Context context)
        {
            var wanted = preference == GpuPreference.Cuda ? "CUDA" : "OpenCL";
            var found = context.Devices.Select(Describe).ToList();
            found.AddRange(UnusableDevices());
            var listing = found.Count == 0 ? "no device at all" : string.Join("; ", found);
            var hint = preference == GpuPreference.Cuda
                ? "Is the NVIDIA driver (libcuda.so.1) installed and a GPU visible?"
                : "ILGPU needs OpenCL C 2.0 with the generic address space (PoCL 3.1, for one, lacks it).";
            return $"No {wanted} device that ILGPU can use was found. Found: {listing}. {hint} GpuPreference.Best falls back to the CPU accelerator.";
        }

        private static string Describe(Device device) => device switch
        {
            CPUDevice => $"cpu ({CpuDeviceName})",
            CLDevice cl => $"OpenCL device '{cl.Name.Trim()}' ({cl.PlatformName.Trim()}, {cl.DeviceType})",
            _ => $"{device.AcceleratorType} device '{device.Name.Trim()}'",
        };

        // Devices the driver reports but ILGPU's default filters leave out, so that the message says
        // why a GPU the user can see is not used. Listing is diagnostic only: it never fails the call.
        private static IEnumerable<string> UnusableDevices()
        {
            var result = new List<string>();
            try
            {
                foreach (var cuda in CudaDevice.GetDevices(device => !IsUsableCuda(device)).OfType<CudaDevice>())
                {
                    result.Add($"CUDA device '{cuda.Name.Trim()}' (not usable by ILGPU 1.5.3: architecture {cuda.Architecture?.ToString() ?? "unknown"}, driver {cuda.DriverVersion})");
                }

                foreach (var cl in CLDevice.GetDevices(device => !IsUsableOpenCL(device)).OfType<CLDevice>())
                {
                    result.Add($"OpenCL device '{cl.Name.Trim()}' (not usable by ILGPU: OpenCL C {cl.CLStdVersion}, generic address space {(cl.Capabilities.GenericAddressSpace ? "yes" : "no")})");
                }
            }
            catch (Exception)
            {
                // Listing them is only for the message: a failure here must not hide the real error.
            }

            return result;
        }

        // The filters of ILGPU 1.5.3's Cuda() and OpenCL() builder methods, restated for the message.
        private static bool IsUsableCuda(CudaDevice device) =>
            device.Architecture.HasValue && device.InstructionSet.HasValue;

        private static bool IsUsableOpenCL(CLDevice device) =>
            device.CLStdVersion >= CLBackend.MinimumVersion && device.Capabilities.GenericAddressSpace;
    }
}
