using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Diff.Gpu.Tests.Differentiated
{
    /// <summary>An explicitly grouped kernel with a registered backward, through the generated launcher.</summary>
    public sealed class TiledKernelTests
    {
        [Fact]
        public void The_tiled_product_and_its_registered_backward_match_the_closed_forms()
        {
            const int n = 8;
            double[] a = KernelGradientCheck.Values(n * n, 50);
            double[] b = KernelGradientCheck.Values(n * n, 51);
            double[] dC = KernelGradientCheck.Values(n * n, 52);
            var config = new KernelConfig(new Index2D(n / TiledKernels.Tile, n / TiledKernels.Tile), new Index2D(TiledKernels.Tile, TiledKernels.Tile));

            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = gpu.Accelerator;
            using var aView = accelerator.Allocate1D(a);
            using var bView = accelerator.Allocate1D(b);
            using var cView = accelerator.Allocate1D<double>(n * n);
            using var dAView = accelerator.Allocate1D(new double[n * n]);
            using var dBView = accelerator.Allocate1D(new double[n * n]);
            using var dCView = accelerator.Allocate1D(dC);
            TiledKernels.MatMulLauncher.Backward(accelerator, config, aView.View, bView.View, cView.View, n, dAView.View, dBView.View, dCView.View);
            accelerator.Synchronize();

            double[] c = cView.GetAsArray1D();
            double[] dA = dAView.GetAsArray1D();
            double[] dB = dBView.GetAsArray1D();
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double product = 0, gradientA = 0, gradientB = 0;
                    for (int k = 0; k < n; k++)
                    {
                        product += a[i * n + k] * b[k * n + j];
                        gradientA += dC[i * n + k] * b[j * n + k];   // (dC·Bᵀ)[i, j]
                        gradientB += a[k * n + i] * dC[k * n + j];   // (Aᵀ·dC)[i, j]
                    }

                    Assert.Equal(product, c[i * n + j], 1e-12);
                    Assert.Equal(gradientA, dA[i * n + j], 1e-12);
                    Assert.Equal(gradientB, dB[i * n + j], 1e-12);
                }
            }

            Assert.All(dCView.GetAsArray1D(), value => Assert.Equal(0.0, value));
        }

        [Fact]
        public void The_launcher_checks_adjoint_lengths()
        {
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = gpu.Accelerator;
            using var square = accelerator.Allocate1D<double>(16);
            using var shorter = accelerator.Allocate1D<double>(15);
            var config = new KernelConfig(new Index2D(1, 1), new Index2D(TiledKernels.Tile, TiledKernels.Tile));
            var error = Assert.Throws<ArgumentException>(() =>
                TiledKernels.MatMulLauncher.Backward(accelerator, config, square.View, square.View, square.View, 4, shorter.View, null, null));
            Assert.Equal("dA", error.ParamName);
            Assert.Contains("15", error.Message);
            Assert.Contains("16", error.Message);
        }

        [Fact]
        public void The_tiled_kernel_compiles_to_ptx_as_an_explicitly_grouped_kernel()
        {
            MethodInfo kernel = typeof(TiledKernels).GetMethod(nameof(TiledKernels.MatMul))!;
            string ptx = KernelCompilation.ToPtx(kernel, CudaArchitecture.SM_90, CudaInstructionSet.ISA_85);
            Assert.Contains("bar.sync", ptx, StringComparison.Ordinal);
            Assert.Contains(".shared", ptx, StringComparison.Ordinal);
        }
    }
}
