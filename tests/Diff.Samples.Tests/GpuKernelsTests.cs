using System.IO;
using Samples.GpuKernels;
using Xunit;

namespace Diff.Samples.Tests;

public class GpuKernelsTests
{
    private static readonly GpuKernelsSample.Result Result = GpuKernelsSample.Run(TextWriter.Null);

    [Fact]
    public void The_adjoint_kernel_agrees_with_its_host_twin()
    {
        Assert.True(Result.MaxErrorVersusHostTwin < 1e-12, $"device vs host twin: {Result.MaxErrorVersusHostTwin}");
    }

    [Fact]
    public void The_gradient_agrees_with_finite_differences()
    {
        Assert.True(Result.MaxErrorVersusFiniteDifferences < 1e-6, $"relative difference {Result.MaxErrorVersusFiniteDifferences}");
        Assert.NotEqual(0.0, Result.RateGradient);
    }

    [Fact]
    public void It_says_which_device_it_used()
    {
        var output = new StringWriter();
        GpuKernelsSample.Run(output);
        Assert.StartsWith("device: ", output.ToString());
        Assert.Contains(Result.Device, output.ToString());
    }
}
