using ILGPU;
using ILGPU.Runtime.CPU;

namespace Diff.Gpu.Tests.Tensors
{
    /// <summary>The devices the device-agnostic suite runs on.</summary>
    internal static class DeviceUnderTest
    {
        private static readonly Lazy<Device> CpuAcceleratorDevice = new(() =>
        {
            // One context for the whole test run, with the algorithms library the device ops use.
            Context context = Context.Create(builder => builder.CPU().EnableAlgorithms());
            return Device.Accelerator(context.CreateCPUAccelerator(0));
        });

        private static readonly Lazy<Device> WideGroupDevice = new(() =>
        {
            // 32 threads per warp and 8 warps per group: 256-thread groups, as the GPU kernels launch.
            Context context = Context.Create(builder => builder.CPU(new CPUDevice(32, 8, 1)).EnableAlgorithms());
            return Device.Accelerator(context.CreateCPUAccelerator(0));
        });

        /// <summary>ILGPU's CPU accelerator: the device code, kernels and launches run as on a GPU, on the CPU.</summary>
        internal static Device CpuAccelerator => CpuAcceleratorDevice.Value;

        /// <summary>A CPU accelerator whose groups hold 256 threads, so that the kernels sized for GPUs run too.</summary>
        internal static Device WideGroups => WideGroupDevice.Value;
    }
}
