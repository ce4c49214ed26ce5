using System.Linq;
using Diff.Gpu.Tests.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Diff.Gpu.Tests.Launching
{
    /// <summary>A hand-written kernel run on ILGPU's CPU accelerator, against a plain loop.</summary>
    public sealed class SaxpyTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(37)]
        [InlineData(4096)]
        public void SaxpyOnTheCpuAcceleratorMatchesALoop(int n)
        {
            var x = Enumerable.Range(0, n).Select(k => MathF.Sin(k) * 3f).ToArray();
            var y = Enumerable.Range(0, n).Select(k => MathF.Cos(k) - 0.5f).ToArray();
            const float a = 1.75f;

            var expected = (float[])y.Clone();
            for (var k = 0; k < n; k++)
            {
                expected[k] = a * x[k] + expected[k];
            }

            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            var accelerator = gpu.Accelerator;
            var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, float, ArrayView<float>, ArrayView<float>>(TestKernels.Saxpy);
            using var dx = accelerator.Allocate1D(x);
            using var dy = accelerator.Allocate1D(y);

            kernel(n, a, dx.View, dy.View);
            accelerator.Synchronize();

            // The same single-precision multiply and add in the same order: equal up to fused multiply-add.
            var actual = dy.GetAsArray1D();
            for (var k = 0; k < n; k++)
            {
                Assert.Equal(expected[k], actual[k], 1e-5f * MathF.Max(1f, MathF.Abs(expected[k])));
            }
        }

        [Fact]
        public void AtomicsAndSystemMathRunOnTheCpuAccelerator()
        {
            const int n = 64;
            var x = Enumerable.Range(0, n).Select(k => k / 32f - 1f).ToArray();
            var d = Enumerable.Range(0, n).Select(k => (double)k).ToArray();

            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            var accelerator = gpu.Accelerator;
            var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<double>, ArrayView<float>>(TestKernels.MathAndAtomics);
            using var dx = accelerator.Allocate1D(x);
            using var dd = accelerator.Allocate1D(d);
            using var sum = accelerator.Allocate1D(new float[1]);

            kernel(n, dx.View, dd.View, sum.View);
            accelerator.Synchronize();

            var ex = dx.GetAsArray1D();
            var sd = dd.GetAsArray1D();
            for (var k = 0; k < n; k++)
            {
                Assert.Equal(MathF.Exp(x[k]), ex[k], 1e-5f);
                Assert.Equal(Math.Sqrt(d[k]), sd[k], 1e-12);
            }

            Assert.Equal(x.Sum(MathF.Exp), sum.GetAsArray1D()[0], 1e-3f);
        }
    }
}
