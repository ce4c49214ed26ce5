using System;
using BenchmarkDotNet.Attributes;
using Diff.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace Diff.Benchmarks
{
    /// <summary>
    /// A [Kernel] on the CPU: a plain loop, the generated host twin (the CPU path) and its adjoint, and the
    /// kernel and its adjoint kernel on ILGPU's CPU accelerator (what runs where there is no GPU).
    /// </summary>
    [MemoryDiagnoser]
    public partial class KernelBenchmarks
    {
        /// <summary>y ← a·tanh(x) + y.</summary>
        [Kernel]
        public static void ScaledTanh(Index1D i, double a, ArrayView<double> x, ArrayView<double> y) => y[i] = a * Math.Tanh(x[i]) + y[i];

        private double[] _x;
        private double[] _y;
        private double[] _dA;
        private double[] _dX;
        private double[] _dY;
        private GpuContext _gpu;
        private MemoryBuffer1D<double, Stride1D.Dense> _xs;
        private MemoryBuffer1D<double, Stride1D.Dense> _ys;
        private MemoryBuffer1D<double, Stride1D.Dense> _dAs;
        private MemoryBuffer1D<double, Stride1D.Dense> _dXs;
        private MemoryBuffer1D<double, Stride1D.Dense> _dYs;

        [Params(65536)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            var random = new System.Random(1);
            _x = new double[N];
            _y = new double[N];
            _dX = new double[N];
            _dY = new double[N];
            _dA = new double[1];
            for (int k = 0; k < N; k++)
            {
                _x[k] = random.NextDouble() * 4 - 2;
                _dY[k] = random.NextDouble();
            }

            _gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = _gpu.Accelerator;
            _xs = accelerator.Allocate1D(_x);
            _ys = accelerator.Allocate1D(_y);
            _dAs = accelerator.Allocate1D(_dA);
            _dXs = accelerator.Allocate1D(_dX);
            _dYs = accelerator.Allocate1D(_dY);

            // Compile both kernels before measuring.
            ScaledTanhLauncher.Forward(accelerator, N, 0.5, _xs.View, _ys.View);
            ScaledTanhLauncher.Backward(accelerator, N, 0.5, _xs.View, _ys.View, _dAs.View, _dXs.View, _dYs.View);
            accelerator.Synchronize();
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _xs.Dispose();
            _ys.Dispose();
            _dAs.Dispose();
            _dXs.Dispose();
            _dYs.Dispose();
            _gpu.Dispose();
        }

        [Benchmark(Baseline = true)]
        public void Loop()
        {
            double[] x = _x, y = _y;
            for (int k = 0; k < x.Length; k++)
            {
                y[k] = 0.5 * Math.Tanh(x[k]) + y[k];
            }
        }

        [Benchmark]
        public void HostTwin() => ScaledTanhHost(N, 0.5, _x, _y);

        [Benchmark]
        public void HostAdjointTwin() => ScaledTanhHostAdjoint(N, 0.5, _x, _y, _dA, _dX, _dY);

        [Benchmark]
        public void CpuAcceleratorForward()
        {
            ScaledTanhLauncher.Forward(_gpu.Accelerator, N, 0.5, _xs.View, _ys.View);
            _gpu.Accelerator.Synchronize();
        }

        [Benchmark]
        public void CpuAcceleratorBackward()
        {
            ScaledTanhLauncher.Backward(_gpu.Accelerator, N, 0.5, _xs.View, _ys.View, _dAs.View, _dXs.View, _dYs.View);
            _gpu.Accelerator.Synchronize();
        }
    }
}
