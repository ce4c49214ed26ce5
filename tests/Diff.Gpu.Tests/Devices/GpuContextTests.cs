using System.Linq;
using System.Threading.Tasks;
using ILGPU.Runtime;

namespace Diff.Gpu.Tests.Devices
{
    /// <summary>Device choice. Written to hold on a machine with a GPU as well as on CI, which has none.</summary>
    public sealed class GpuContextTests
    {
        [Fact]
        public void CpuGivesIlgpusCpuAccelerator()
        {
            using var gpu = GpuContext.Create(GpuPreference.Cpu);

            Assert.Equal(AcceleratorType.CPU, gpu.AcceleratorType);
            Assert.False(gpu.IsGpu);
            Assert.Equal("ILGPU CPU accelerator", gpu.DeviceName);
            Assert.Equal("cpu (ILGPU CPU accelerator)", gpu.ToString());
            Assert.Equal(AcceleratorType.CPU, gpu.Accelerator.AcceleratorType);
            Assert.Same(gpu.Context, gpu.Accelerator.Context);
        }

        [Fact]
        public void DefaultIsTheBestDeviceAndDescribesIt()
        {
            var gpu = GpuContext.Default;

            Assert.Same(gpu, GpuContext.Default);
            switch (gpu.AcceleratorType)
            {
                case AcceleratorType.Cuda:
                    Assert.True(gpu.IsGpu);
                    Assert.Matches(@"^cuda:\d+ \(.+\)$", gpu.ToString());
                    break;
                case AcceleratorType.OpenCL:
                    // Best takes an OpenCL device only when it is a GPU.
                    Assert.True(gpu.IsGpu);
                    Assert.Matches(@"^opencl:\d+ \(.+\)$", gpu.ToString());
                    break;
                default:
                    Assert.Equal(AcceleratorType.CPU, gpu.AcceleratorType);
                    Assert.False(gpu.IsGpu);
                    Assert.Equal("cpu (ILGPU CPU accelerator)", gpu.ToString());
                    break;
            }

            Assert.Equal(gpu.AcceleratorType, gpu.Accelerator.AcceleratorType);
        }

        [Fact]
        public void DisposingDefaultLeavesItUsable()
        {
            var gpu = GpuContext.Default;
            gpu.Dispose();

            Assert.Same(gpu, GpuContext.Default);
            Assert.False(gpu.Accelerator.IsDisposed);
            Assert.False(gpu.Context.IsDisposed);
        }

        [Fact]
        public void TheAcceleratorIsCreatedOnceUnderConcurrentFirstUse()
        {
            using var gpu = GpuContext.Create(GpuPreference.Cpu);

            var accelerators = Enumerable.Range(0, 8)
                .Select(_ => Task.Run(() => gpu.Accelerator))
                .Select(task => task.Result)
                .ToArray();

            Assert.All(accelerators, accelerator => Assert.Same(accelerators[0], accelerator));
        }

        [Fact]
        public void DisposeReleasesTheAcceleratorAndContext()
        {
            var gpu = GpuContext.Create(GpuPreference.Cpu);
            var accelerator = gpu.Accelerator;

            gpu.Dispose();
            gpu.Dispose();

            Assert.True(accelerator.IsDisposed);
            Assert.True(gpu.Context.IsDisposed);
            Assert.Throws<ObjectDisposedException>(() => gpu.Accelerator);
        }

        [Theory]
        [InlineData(GpuPreference.Cuda, AcceleratorType.Cuda, "CUDA")]
        [InlineData(GpuPreference.OpenCL, AcceleratorType.OpenCL, "OpenCL")]
        public void AnExplicitGpuPreferenceGivesThatKindOrSaysWhatWasFound(GpuPreference preference, AcceleratorType kind, string kindName)
        {
            GpuContext? gpu = null;
            var error = Record.Exception(() => gpu = GpuContext.Create(preference));

            if (error is null)
            {
                using (gpu)
                {
                    Assert.Equal(kind, gpu!.AcceleratorType);
                }

                return;
            }

            var invalid = Assert.IsType<InvalidOperationException>(error);
            Assert.Contains($"No {kindName} device", invalid.Message);
            // The CPU accelerator is always listed, so the message names at least what it found.
            Assert.Contains("cpu (ILGPU CPU accelerator)", invalid.Message);
        }

        [Fact]
        public void AnUnknownPreferenceIsRefused()
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => GpuContext.Create((GpuPreference)42));
            Assert.Equal("preference", error.ParamName);
        }
    }
}
