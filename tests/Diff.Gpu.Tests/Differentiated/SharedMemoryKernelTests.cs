using System.Linq;
using ILGPU;
using ILGPU.Runtime;

namespace Diff.Gpu.Tests.Differentiated
{
    /// <summary>
    /// Explicitly grouped kernels: two that stage values in shared memory between barriers
    /// (<see cref="UserKernels.TiledStencil"/>, <see cref="UserKernels.PhasedPairs"/>) and a grid-stride loop
    /// (<see cref="UserKernels.GridStrideSineAxpy"/>). Their generated adjoint and
    /// tangent kernels run on ILGPU's CPU accelerator, whose groups really share memory and wait at barriers, and
    /// are checked against central finite differences of the forward kernel, in double. They have no host twin:
    /// a barrier exists only inside a launch.
    /// </summary>
    public sealed class SharedMemoryKernelTests
    {
        private const double Step = 1e-6;
        private const double Tolerance = 1e-6;

        /// <summary>A kernel under test: its forward, backward and tangent launches, over one input view and one output view.</summary>
        private sealed class Launches
        {
            public required System.Action<Accelerator, ArrayView<double>, ArrayView<double>, double> Forward { get; init; }

            public required System.Action<Accelerator, ArrayView<double>, ArrayView<double>, double, ArrayView<double>, ArrayView<double>, ArrayView<double>?> Backward { get; init; }

            public required System.Action<Accelerator, ArrayView<double>, ArrayView<double>, double, ArrayView<double>, ArrayView<double>> Tangent { get; init; }
        }

        [Fact]
        public void A_tiled_stencil_with_a_halo_matches_finite_differences()
        {
            // 29 elements in four groups of eight: the last group's guard leaves three threads idle.
            const int n = 29;
            var config = new KernelConfig((n + UserKernels.TileGroup - 1) / UserKernels.TileGroup, UserKernels.TileGroup);
            Check(n, scalar: null, new Launches
            {
                Forward = (acc, x, y, _) => UserKernels.TiledStencilLauncher.Forward(acc, config, x, y, n),
                Backward = (acc, x, y, _, dX, dY, _) => UserKernels.TiledStencilLauncher.Backward(acc, config, x, y, n, dX, dY),
                Tangent = (acc, x, y, _, tX, tY) => UserKernels.TiledStencilLauncher.Tangent(acc, config, x, y, n, tX, tY),
            });
        }

        [Fact]
        public void Three_phases_over_two_shared_arrays_and_a_scalar_match_finite_differences()
        {
            const int n = 3 * UserKernels.TileGroup;
            var config = new KernelConfig(n / UserKernels.TileGroup, UserKernels.TileGroup);
            Check(n, scalar: 0.75, new Launches
            {
                Forward = (acc, x, y, a) => UserKernels.PhasedPairsLauncher.Forward(acc, config, x, y, a),
                Backward = (acc, x, y, a, dX, dY, dA) => UserKernels.PhasedPairsLauncher.Backward(acc, config, x, y, a, dX, dY, dA!.Value),
                Tangent = (acc, x, y, a, tX, tY) => UserKernels.PhasedPairsLauncher.Tangent(acc, config, x, y, a, tX, tY, 0.0),
            });
        }

        [Fact]
        public void A_grid_stride_loop_launched_with_fewer_threads_than_elements_matches_finite_differences()
        {
            // Eight threads for 37 elements: each thread's loop runs four or five trips.
            const int n = 37;
            var config = new KernelConfig(2, 4);
            Check(n, scalar: 0.7, new Launches
            {
                Forward = (acc, x, y, a) => UserKernels.GridStrideSineAxpyLauncher.Forward(acc, config, x, y, a),
                Backward = (acc, x, y, a, dX, dY, dA) => UserKernels.GridStrideSineAxpyLauncher.Backward(acc, config, x, y, a, dX, dY, dA!.Value),
                Tangent = (acc, x, y, a, tX, tY) => UserKernels.GridStrideSineAxpyLauncher.Tangent(acc, config, x, y, a, tX, tY, 0.0),
            }, overwrites: false);
        }

        [Fact]
        public void The_scalar_of_a_phased_kernel_has_its_tangent()
        {
            const int n = 2 * UserKernels.TileGroup;
            const double a = -1.5;
            var config = new KernelConfig(n / UserKernels.TileGroup, UserKernels.TileGroup);
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            double[] x = KernelGradientCheck.Values(n, 41);
            double[] Run(double scale)
            {
                using var xs = gpu.Accelerator.Allocate1D(x);
                using var ys = gpu.Accelerator.Allocate1D(new double[n]);
                UserKernels.PhasedPairsLauncher.Forward(gpu.Accelerator, config, xs.View, ys.View, scale);
                gpu.Accelerator.Synchronize();
                return ys.GetAsArray1D();
            }

            using var xv = gpu.Accelerator.Allocate1D(x);
            using var yv = gpu.Accelerator.Allocate1D(new double[n]);
            using var tX = gpu.Accelerator.Allocate1D(new double[n]);
            using var tY = gpu.Accelerator.Allocate1D(new double[n]);
            UserKernels.PhasedPairsLauncher.Tangent(gpu.Accelerator, config, xv.View, yv.View, a, tX.View, tY.View, 1.0);
            gpu.Accelerator.Synchronize();
            double[] tangent = tY.GetAsArray1D();
            double[] plus = Run(a + Step), minus = Run(a - Step);
            for (int k = 0; k < n; k++)
            {
                Assert.Equal((plus[k] - minus[k]) / (2 * Step), tangent[k], Tolerance);
            }
        }

        /// <summary>
        /// The gradient of Σ w·y with respect to x (and the scalar, when there is one) against central differences, y starting at zero; the
        /// written view's adjoint is that of its initial value on exit (zero: the kernel overwrites it); the tangent
        /// of a random direction against a central difference along it, and against ⟨gradient, direction⟩.
        /// </summary>
        private static void Check(int n, double? scalar, Launches kernel, bool overwrites = true)
        {
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = gpu.Accelerator;
            double a = scalar ?? 0.0;
            double[] x = KernelGradientCheck.Values(n, 31);
            double[] weights = KernelGradientCheck.Values(n, 32);
            double[] direction = KernelGradientCheck.Values(n, 33);

            double[] Forward(double[] input, double scale)
            {
                using var xs = accelerator.Allocate1D(input);
                using var ys = accelerator.Allocate1D(new double[n]);
                kernel.Forward(accelerator, xs.View, ys.View, scale);
                accelerator.Synchronize();
                return ys.GetAsArray1D();
            }

            double Loss(double[] input, double scale) => Forward(input, scale).Zip(weights, (value, w) => value * w).Sum();

            using var xv = accelerator.Allocate1D(x);
            using var yv = accelerator.Allocate1D(new double[n]);
            using var dX = accelerator.Allocate1D(new double[n]);
            using var dY = accelerator.Allocate1D(weights);
            using var dA = accelerator.Allocate1D(new double[1]);
            kernel.Backward(accelerator, xv.View, yv.View, a, dX.View, dY.View, scalar is null ? null : dA.View);
            accelerator.Synchronize();
            double[] gradient = dX.GetAsArray1D();

            for (int k = 0; k < n; k++)
            {
                double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
                plus[k] += Step;
                minus[k] -= Step;
                Assert.Equal((Loss(plus, a) - Loss(minus, a)) / (2 * Step), gradient[k], Tolerance);
            }

            if (scalar is not null)
            {
                Assert.Equal((Loss(x, a + Step) - Loss(x, a - Step)) / (2 * Step), dA.GetAsArray1D()[0], Tolerance);
            }

            // The backward replays the forward: y ends as the forward leaves it, and its adjoint is that of its initial value
            // (zero where the kernel overwrites y; the weights again where it adds into y).
            Assert.Equal(Forward(x, a), yv.GetAsArray1D());
            Assert.Equal(overwrites ? new double[n] : weights, dY.GetAsArray1D());

            using var tX = accelerator.Allocate1D(direction);
            using var tY = accelerator.Allocate1D(new double[n]);
            using var xt = accelerator.Allocate1D(x);
            using var yt = accelerator.Allocate1D(new double[n]);
            kernel.Tangent(accelerator, xt.View, yt.View, a, tX.View, tY.View);
            accelerator.Synchronize();
            double[] tangent = tY.GetAsArray1D();
            double[] forwardPlus = Forward(x.Zip(direction, (v, d) => v + Step * d).ToArray(), a);
            double[] forwardMinus = Forward(x.Zip(direction, (v, d) => v - Step * d).ToArray(), a);
            for (int k = 0; k < n; k++)
            {
                Assert.Equal((forwardPlus[k] - forwardMinus[k]) / (2 * Step), tangent[k], Tolerance);
            }

            Assert.Equal(gradient.Zip(direction, (g, d) => g * d).Sum(), tangent.Zip(weights, (t, w) => t * w).Sum(), 1e-10);
        }
    }
}
