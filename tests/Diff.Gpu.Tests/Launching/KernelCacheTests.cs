using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Diff.Gpu.Tests.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace Diff.Gpu.Tests.Launching
{
    public sealed class KernelCacheTests
    {
        private static Action<Index1D, float, ArrayView<float>, ArrayView<float>> LoadSaxpy(Accelerator accelerator) =>
            accelerator.LoadAutoGroupedStreamKernel<Index1D, float, ArrayView<float>, ArrayView<float>>(TestKernels.Saxpy);

        [Fact]
        public void AKernelLoadsOncePerAccelerator()
        {
            var cache = new KernelCache<Action<Index1D, float, ArrayView<float>, ArrayView<float>>>();
            var loads = 0;
            using var gpu = GpuContext.Create(GpuPreference.Cpu);

            var first = cache.GetOrLoad(gpu.Accelerator, accelerator =>
            {
                loads++;
                return LoadSaxpy(accelerator);
            });
            var second = cache.GetOrLoad(gpu.Accelerator, accelerator =>
            {
                loads++;
                return LoadSaxpy(accelerator);
            });

            Assert.Equal(1, loads);
            Assert.Same(first, second);

            // The cached kernel launches.
            using var x = gpu.Accelerator.Allocate1D(new[] { 1f, 2f });
            using var y = gpu.Accelerator.Allocate1D(new[] { 10f, 20f });
            second(2, 3f, x.View, y.View);
            gpu.Accelerator.Synchronize();
            Assert.Equal(new[] { 13f, 26f }, y.GetAsArray1D());
        }

        [Fact]
        public void ConcurrentFirstLaunchesLoadOnce()
        {
            var cache = new KernelCache<Action>();
            var loads = 0;
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            var accelerator = gpu.Accelerator;

            var kernels = Enumerable.Range(0, 8)
                .Select(_ => Task.Run(() => cache.GetOrLoad(accelerator, _ =>
                {
                    Interlocked.Increment(ref loads);
                    Thread.Sleep(20); // Widen the race a compilation would have.
                    return () => { };
                })))
                .Select(task => task.Result)
                .ToArray();

            Assert.Equal(1, loads);
            Assert.All(kernels, kernel => Assert.Same(kernels[0], kernel));
        }

        [Fact]
        public void EachAcceleratorGetsItsOwnKernel()
        {
            var cache = new KernelCache<Action>();
            var loads = 0;
            using var one = GpuContext.Create(GpuPreference.Cpu);
            using var two = GpuContext.Create(GpuPreference.Cpu);

            var a = cache.GetOrLoad(one.Accelerator, _ => { loads++; return () => { }; });
            var b = cache.GetOrLoad(two.Accelerator, _ => { loads++; return () => { }; });
            var c = cache.GetOrLoad(one.Accelerator, _ => { loads++; return () => { }; });

            Assert.Equal(2, loads);
            Assert.NotSame(a, b);
            Assert.Same(a, c);
        }

        [Fact]
        public void AFailedLoadIsNotCached()
        {
            var cache = new KernelCache<Action>();
            using var gpu = GpuContext.Create(GpuPreference.Cpu);

            Assert.Throws<InvalidOperationException>(() =>
                cache.GetOrLoad(gpu.Accelerator, _ => throw new InvalidOperationException("compilation failed")));
            var loaded = cache.GetOrLoad(gpu.Accelerator, _ => () => { });

            Assert.NotNull(loaded);
        }

        [Fact]
        public void ADisposedAcceleratorIsRefused()
        {
            var cache = new KernelCache<Action>();
            var gpu = GpuContext.Create(GpuPreference.Cpu);
            var accelerator = gpu.Accelerator;
            gpu.Dispose();

            Assert.Throws<ObjectDisposedException>(() => cache.GetOrLoad(accelerator, _ => () => { }));
        }
    }
}
