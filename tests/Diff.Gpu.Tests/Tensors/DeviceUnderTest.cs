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

        /// <summary>ILGPU's CPU accelerator: the device code, kernels and launches run as on a GPU, on the CPU.</summary>
        internal static Device CpuAccelerator => CpuAcceleratorDevice.Value;
    }
}
