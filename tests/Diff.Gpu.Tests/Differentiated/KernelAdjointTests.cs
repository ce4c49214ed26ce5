using System.Linq;
using ILGPU;
using ILGPU.Runtime;

namespace Diff.Gpu.Tests.Differentiated
{
    /// <summary>
    /// Every generated adjoint kernel, run on ILGPU's CPU accelerator through its generated launcher, against
    /// its sequential host twin and finite differences in double of its forward host twin.
    /// </summary>
    public sealed class KernelAdjointTests
    {
        [Fact]
        public void Daxpy_views()
        {
            const double a = 1.75;
            int n = 37;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(n, 1), KernelGradientCheck.Values(n, 2) },
                Written = new[] { false, true },
                HostForward = v => UserKernels.DaxpyHost(n, a, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.DaxpyHostAdjoint(n, a, v[0], v[1], new double[1], d[0], d[1]),
                // The scalar's adjoint is not wanted: the launcher stands a zeroed scratch view in for it.
                DeviceBackward = (acc, v, d) => UserKernels.DaxpyLauncher.Backward(acc, n, a, v[0], v[1], null, d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.DaxpyLauncher.Tangent(acc, n, a, v[0], v[1], 0.0, d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Daxpy_scalar_adjoint_is_the_sum_over_threads()
        {
            const double a = -0.5;
            int n = 1000;
            double[] x = KernelGradientCheck.Values(n, 3);
            double[] y = KernelGradientCheck.Values(n, 4);
            double[] weights = KernelGradientCheck.Values(n, 5);

            // L = Σ w·(a·x + y), so dL/da = Σ w·x.
            double expected = weights.Zip(x, (w, xi) => w * xi).Sum();
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = gpu.Accelerator;
            using var xs = accelerator.Allocate1D(x);
            using var ys = accelerator.Allocate1D(y);
            using var dA = accelerator.Allocate1D(new double[1]);
            using var dY = accelerator.Allocate1D(weights);
            UserKernels.DaxpyLauncher.Backward(accelerator, n, a, xs.View, ys.View, dA.View, null, dY.View);
            accelerator.Synchronize();

            Assert.Equal(expected, dA.GetAsArray1D()[0], 1e-10);
            double[] hostDa = new double[1];
            UserKernels.DaxpyHostAdjoint(n, a, x, (double[])y.Clone(), hostDa, new double[n], (double[])weights.Clone());
            Assert.Equal(expected, hostDa[0], 1e-10);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(255)]
        [InlineData(1000)]
        public void The_grouped_adjoint_sums_the_scalar_gradient_over_groups(int n)
        {
            // The launcher runs the per-thread kernel on ILGPU's CPU accelerator and the grouped one on a GPU;
            // here the grouped one runs on the CPU accelerator directly, partial last group included.
            const double a = 0.75;
            double[] x = KernelGradientCheck.Values(n, 30);
            double[] y = KernelGradientCheck.Values(n, 31);
            double[] weights = KernelGradientCheck.Values(n, 32);
            double[] hostDa = new double[1];
            double[] hostDx = new double[n];
            double[] hostDy = (double[])weights.Clone();
            UserKernels.DaxpyHostAdjoint(n, a, x, (double[])y.Clone(), hostDa, hostDx, hostDy);

            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = gpu.Accelerator;
            using var xs = accelerator.Allocate1D(x);
            using var ys = accelerator.Allocate1D(y);
            using var dA = accelerator.Allocate1D(new double[1]);
            using var dX = accelerator.Allocate1D(new double[n]);
            using var dY = accelerator.Allocate1D(weights);
            var kernel = accelerator.LoadStreamKernel<int, double, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(UserKernels.DaxpyAdjointGrouped);
            kernel(GroupedLaunch.Config(accelerator, n), n, a, xs.View, ys.View, dA.View, dX.View, dY.View);
            accelerator.Synchronize();

            Assert.Equal(hostDa[0], dA.GetAsArray1D()[0], 1e-10);
            Assert.Equal(hostDx, dX.GetAsArray1D());
            Assert.Equal(hostDy, dY.GetAsArray1D());
        }

        [Fact]
        public void The_grouped_adjoint_of_a_two_dimensional_kernel_runs_over_flat_thread_numbers()
        {
            // 7 × 5 threads in groups of the preferred size: one partial group, the threads past the extent idle.
            int width = 7, height = 5;
            var extent = new Index2D(width, height);
            const double a = -0.6;
            double[] x = KernelGradientCheck.Values(width * height, 33);
            double[] weights = KernelGradientCheck.Values(width * height, 34);
            double[] hostDa = new double[1];
            double[] hostDx = new double[x.Length];
            double[] hostDy = (double[])weights.Clone();
            UserKernels.ScaledFieldHostAdjoint(extent, width, a, x, new double[x.Length], hostDa, hostDx, hostDy);

            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = gpu.Accelerator;
            using var xs = accelerator.Allocate1D(x);
            using var ys = accelerator.Allocate1D(new double[x.Length]);
            using var dA = accelerator.Allocate1D(new double[1]);
            using var dX = accelerator.Allocate1D(new double[x.Length]);
            using var dY = accelerator.Allocate1D(weights);
            var kernel = accelerator.LoadStreamKernel<int, Index2D, int, double, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(UserKernels.ScaledFieldAdjointGrouped);
            kernel(GroupedLaunch.Config(accelerator, extent.Size), extent.Size, extent, width, a, xs.View, ys.View, dA.View, dX.View, dY.View);
            accelerator.Synchronize();

            Assert.Equal(hostDa[0], dA.GetAsArray1D()[0], 1e-10);
            Assert.Equal(hostDx, dX.GetAsArray1D());
            Assert.Equal(hostDy, dY.GetAsArray1D());
        }

        [Fact]
        public void A_two_dimensional_kernel_with_a_scalar_parameter()
        {
            int width = 6, height = 4;
            var extent = new Index2D(width, height);
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(width * height, 35), new double[width * height] },
                Written = new[] { false, true },
                HostForward = v => UserKernels.ScaledFieldHost(extent, width, 0.8, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.ScaledFieldHostAdjoint(extent, width, 0.8, v[0], v[1], new double[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.ScaledFieldLauncher.Backward(acc, extent, width, 0.8, v[0], v[1], null, d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.ScaledFieldLauncher.Tangent(acc, extent, width, 0.8, v[0], v[1], 0.0, d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void The_tangent_of_a_scalar_parameter()
        {
            // y ← a·x + y with ȧ = 1 and ẋ = ẏ = 0: ẏ = x.
            int n = 50;
            double[] x = KernelGradientCheck.Values(n, 40);
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = gpu.Accelerator;
            using var xs = accelerator.Allocate1D(x);
            using var ys = accelerator.Allocate1D(KernelGradientCheck.Values(n, 41));
            using var tY = accelerator.Allocate1D(new double[n]);
            UserKernels.DaxpyLauncher.Tangent(accelerator, n, 2.0, xs.View, ys.View, 1.0, null, tY.View);
            accelerator.Synchronize();
            Assert.Equal(x, tY.GetAsArray1D());
        }

        [Fact]
        public void Saxpy_in_float_matches_its_host_twin()
        {
            const float a = 2.5f;
            int n = 257;
            float[] x = KernelGradientCheck.Values(n, 6).Select(v => (float)v).ToArray();
            float[] y = KernelGradientCheck.Values(n, 7).Select(v => (float)v).ToArray();
            float[] dY = KernelGradientCheck.Values(n, 8).Select(v => (float)v).ToArray();

            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = gpu.Accelerator;
            using var xs = accelerator.Allocate1D(x);
            using var ys = accelerator.Allocate1D(y);
            using var dAs = accelerator.Allocate1D(new float[1]);
            using var dXs = accelerator.Allocate1D(new float[n]);
            using var dYs = accelerator.Allocate1D(dY);
            UserKernels.SaxpyLauncher.Backward(accelerator, n, a, xs.View, ys.View, dAs.View, dXs.View, dYs.View);
            accelerator.Synchronize();

            float[] dX = dXs.GetAsArray1D();
            for (int k = 0; k < n; k++)
            {
                Assert.Equal(a * dY[k], dX[k], 1e-6f);
            }

            float expectedDa = 0;
            for (int k = 0; k < n; k++)
            {
                expectedDa += dY[k] * x[k];
            }

            Assert.Equal(expectedDa, dAs.GetAsArray1D()[0], 1e-3f);
            Assert.Equal(dY, dYs.GetAsArray1D());
        }

        [Fact]
        public void Tanh_activation()
        {
            int n = 64;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(n, 9, -3, 3), new double[n] },
                Written = new[] { false, true },
                HostForward = v => UserKernels.TanhHost(n, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.TanhHostAdjoint(n, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.TanhLauncher.Backward(acc, n, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.TanhLauncher.Tangent(acc, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Relu_in_place_with_a_guard_and_its_kink_at_zero()
        {
            int n = 40;
            int threads = 48;   // more threads than elements: the guard returns early
            double[] x = KernelGradientCheck.Values(n, 10);
            x[3] = 0.0;
            x[7] = 0.0;
            new KernelGradientCheck
            {
                Inputs = new[] { x },
                Written = new[] { true },
                HostForward = v => UserKernels.ReluInPlaceHost(threads, n, v[0]),
                HostAdjoint = (v, d) => UserKernels.ReluInPlaceHostAdjoint(threads, n, v[0], d[0]),
                DeviceBackward = (acc, v, d) => UserKernels.ReluInPlaceLauncher.Backward(acc, threads, n, v[0], d[0]),
                DeviceTangent = (acc, v, d) => UserKernels.ReluInPlaceLauncher.Tangent(acc, threads, n, v[0], d[0]),
                SkipFiniteDifference = (_, k) => k is 3 or 7,
            }.Run();

            // At the kink, Max(x, 0) splits the gradient in half between its arguments, as the CPU adjoint does.
            double[] adjoint = new double[n];
            adjoint[3] = 1.0;
            UserKernels.ReluInPlaceHostAdjoint(threads, n, (double[])x.Clone(), adjoint);
            Assert.Equal(0.5, adjoint[3]);
        }

        [Fact]
        public void A_stencil_that_reads_past_its_extent_gathers_every_element_of_the_view()
        {
            // x has n + 1 elements: the last one is read only by thread n − 1, at i + 1, beyond the threads' extent.
            int n = 12;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(n + 1, 13), KernelGradientCheck.Values(n, 14) },
                Written = new[] { false, true },
                HostForward = v => UserKernels.AheadDifferenceHost(n, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.AheadDifferenceHostAdjoint(n, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.AheadDifferenceLauncher.Backward(acc, n, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.AheadDifferenceLauncher.Tangent(acc, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void A_loop_starting_at_the_thread_index()
        {
            int n = 20, threads = 6, stride = 3;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(n, 21), KernelGradientCheck.Values(threads, 22) },
                Written = new[] { false, true },
                HostForward = v => UserKernels.StridedSquaresHost(threads, n, stride, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.StridedSquaresHostAdjoint(threads, n, stride, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.StridedSquaresLauncher.Backward(acc, threads, n, stride, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.StridedSquaresLauncher.Tangent(acc, threads, n, stride, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void One_dimensional_stencil()
        {
            int n = 50;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(n, 11), KernelGradientCheck.Values(n, 12) },
                Written = new[] { false, true },
                HostForward = v => UserKernels.SmoothHost(n, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.SmoothHostAdjoint(n, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.SmoothLauncher.Backward(acc, n, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.SmoothLauncher.Tangent(acc, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Two_dimensional_stencil()
        {
            int width = 9, height = 7;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(width * height, 13), KernelGradientCheck.Values(width * height, 14) },
                Written = new[] { false, true },
                HostForward = v => UserKernels.LaplacianHost(new Index2D(width, height), width, height, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.LaplacianHostAdjoint(new Index2D(width, height), width, height, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.LaplacianLauncher.Backward(acc, new Index2D(width, height), width, height, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.LaplacianLauncher.Tangent(acc, new Index2D(width, height), width, height, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void A_two_dimensional_stencil_over_part_of_the_image_gathers_the_elements_no_thread_owns()
        {
            // The threads cover columns 0..6 and rows 0..5 of a 9 × 7 image: the rightmost threads read image[c + 1], an
            // element that no thread writes, and the launcher's gather (extent narrower than the row stride) collects it.
            int width = 9, height = 7;
            var extent = new Index2D(width - 2, height - 1);
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(width * height, 15), KernelGradientCheck.Values(width * height, 16) },
                Written = new[] { false, true },
                HostForward = v => UserKernels.LaplacianHost(extent, width, height, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.LaplacianHostAdjoint(extent, width, height, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.LaplacianLauncher.Backward(acc, extent, width, height, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.LaplacianLauncher.Tangent(acc, extent, width, height, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void A_stable_softmax_with_a_running_maximum()
        {
            int rows = 6, columns = 5;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(rows * columns, 17, -2, 2), new double[rows * columns] },
                Written = new[] { false, true },
                HostForward = v => UserKernels.StableSoftmaxRowsHost(rows, columns, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.StableSoftmaxRowsHostAdjoint(rows, columns, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.StableSoftmaxRowsLauncher.Backward(acc, rows, columns, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.StableSoftmaxRowsLauncher.Tangent(acc, rows, columns, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void A_negative_log_likelihood_over_a_label_view_matches_finite_differences()
        {
            int rows = 4, classes = 5;
            double[] logits = KernelGradientCheck.Values(rows * classes, 20, -2, 2);
            int[] labels = { 1, 4, 0, 2 };
            double Loss(double[] values)
            {
                double[] loss = new double[1];
                UserKernels.NllRowsHost(rows, classes, values, labels, loss);
                return loss[0];
            }

            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = gpu.Accelerator;
            using var lv = accelerator.Allocate1D(logits);
            using var labelView = accelerator.Allocate1D(labels);
            using var lossView = accelerator.Allocate1D(new double[1]);
            using var dLogits = accelerator.Allocate1D(new double[logits.Length]);
            using var dLoss = accelerator.Allocate1D(new[] { 1.0 });
            UserKernels.NllRowsLauncher.Backward(accelerator, rows, classes, lv.View, labelView.View, lossView.View, dLogits.View, dLoss.View);
            accelerator.Synchronize();
            double[] gradient = dLogits.GetAsArray1D();
            for (int k = 0; k < logits.Length; k++)
            {
                double[] plus = (double[])logits.Clone(), minus = (double[])logits.Clone();
                plus[k] += 1e-6;
                minus[k] -= 1e-6;
                Assert.Equal((Loss(plus) - Loss(minus)) / 2e-6, gradient[k], 1e-6);
            }

            // Each row's gradient is its softmax minus the label's indicator: it sums to zero.
            for (int r = 0; r < rows; r++)
            {
                Assert.Equal(0.0, gradient.Skip(r * classes).Take(classes).Sum(), 1e-12);
            }
        }

        [Fact]
        public void Running_extrema_with_the_element_first_and_a_sine_in_a_loop()
        {
            int rows = 4, columns = 6;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(rows * columns, 18, -2, 2), new double[rows] },
                Written = new[] { false, true },
                HostForward = v => UserKernels.RowRangeHost(rows, columns, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.RowRangeHostAdjoint(rows, columns, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.RowRangeLauncher.Backward(acc, rows, columns, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.RowRangeLauncher.Tangent(acc, rows, columns, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void At_ties_a_running_extremum_passes_its_adjoint_to_the_argument_it_keeps()
        {
            // Each row has its maximum square twice (±1.5): the kink. Scalar mode, which records every choice, splits the
            // tie in half, as the catalog does. The kernel, which finds the pick without a tape, passes all of it to the
            // argument the loop keeps, the later square (the element is Max's first argument, which wins a tie). Elsewhere,
            // the smallest sine (at −1.5) included, they agree.
            int rows = 3, columns = 6;
            double[] x = KernelGradientCheck.Values(rows * columns, 19, -1, 1);
            for (int r = 0; r < rows; r++)
            {
                x[r * columns + 1] = 1.5;
                x[r * columns + 4] = -1.5;
                x[r * columns + 2] = x[r * columns + 5] = -1.2;
            }

            double[] weights = { 0.5, -1.25, 2.0 };
            double[] kernelGradient = new double[x.Length];
            UserKernels.RowRangeHostAdjoint(rows, columns, (double[])x.Clone(), new double[rows], kernelGradient, (double[])weights.Clone());

            double[] tapeGradient = new double[x.Length];
            for (int r = 0; r < rows; r++)
            {
                double[] rowGradient = new double[x.Length];
                UserKernels.RowRangeReferenceGradient(x, r * columns, columns, rowGradient);
                for (int k = 0; k < x.Length; k++)
                {
                    tapeGradient[k] += weights[r] * rowGradient[k];
                }
            }

            for (int r = 0; r < rows; r++)
            {
                int start = r * columns;
                // The square's share of x1 moves to x4: 2 · 1.5 · a/2 there, 2 · (−1.5) · a/2 more here.
                Assert.NotEqual(0.0, tapeGradient[start + 1]);
                Assert.Equal(0.0, kernelGradient[start + 1]);
                Assert.Equal(tapeGradient[start + 4] - tapeGradient[start + 1], kernelGradient[start + 4], 12);
                foreach (int k in new[] { 0, 2, 3, 5 })
                {
                    Assert.Equal(tapeGradient[start + k], kernelGradient[start + k], 12);
                }
            }
        }

        [Fact]
        public void Row_wise_softmax()
        {
            int rows = 6, columns = 5;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(rows * columns, 15, -2, 2), new double[rows * columns] },
                Written = new[] { false, true },
                HostForward = v => UserKernels.SoftmaxRowsHost(rows, columns, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.SoftmaxRowsHostAdjoint(rows, columns, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.SoftmaxRowsLauncher.Backward(acc, rows, columns, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.SoftmaxRowsLauncher.Tangent(acc, rows, columns, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Reduction_into_a_scalar()
        {
            int n = 100;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(n, 16), new[] { 0.25 } },
                Written = new[] { false, true },
                HostForward = v => UserKernels.SumOfSquaresHost(n, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.SumOfSquaresHostAdjoint(n, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.SumOfSquaresLauncher.Backward(acc, n, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.SumOfSquaresLauncher.Tangent(acc, n, v[0], v[1], d[0], d[1]),
                Tolerance = 1e-5,
            }.Run();
        }

        [Fact]
        public void Gather_by_an_index_view()
        {
            const double w = 1.5;
            int n = 30, sources = 12;
            int[] index = Enumerable.Range(0, n).Select(k => k * 7 % sources).ToArray();
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            using var indexView = gpu.Accelerator.Allocate1D(index);
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(sources, 17), new double[n] },
                Written = new[] { false, true },
                HostForward = v => UserKernels.GatherHost(n, w, index, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.GatherHostAdjoint(n, w, index, v[0], v[1], new double[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) =>
                {
                    using var indices = acc.Allocate1D(index);
                    UserKernels.GatherLauncher.Backward(acc, n, w, indices.View, v[0], v[1], null, d[0], d[1]);
                    acc.Synchronize();
                },
                DeviceTangent = (acc, v, d) =>
                {
                    using var indices = acc.Allocate1D(index);
                    UserKernels.GatherLauncher.Tangent(acc, n, w, indices.View, v[0], v[1], 0.0, d[0], d[1]);
                    acc.Synchronize();
                },
            }.Run();
        }

        [Fact]
        public void Scatter_with_atomics()
        {
            int n = 30, targets = 8;
            int[] index = Enumerable.Range(0, n).Select(k => k * 5 % targets).ToArray();
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(n, 18), KernelGradientCheck.Values(targets, 19) },
                Written = new[] { false, true },
                HostForward = v => UserKernels.ScatterAddHost(n, index, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.ScatterAddHostAdjoint(n, index, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) =>
                {
                    using var indices = acc.Allocate1D(index);
                    UserKernels.ScatterAddLauncher.Backward(acc, n, indices.View, v[0], v[1], d[0], d[1]);
                    acc.Synchronize();
                },
                DeviceTangent = (acc, v, d) =>
                {
                    using var indices = acc.Allocate1D(index);
                    UserKernels.ScatterAddLauncher.Tangent(acc, n, indices.View, v[0], v[1], d[0], d[1]);
                    acc.Synchronize();
                },
                Tolerance = 1e-5,
            }.Run();
        }

        [Fact]
        public void Softplus_with_xmath_and_dense_views()
        {
            int n = 33;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(n, 22, -4, 4), new double[n] },
                Written = new[] { false, true },
                HostForward = v => UserKernels.SoftplusHost(n, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.SoftplusHostAdjoint(n, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.SoftplusLauncher.Backward(acc, n, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.SoftplusLauncher.Tangent(acc, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void A_branch_inside_a_loop()
        {
            int rows = 4, columns = 9;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(rows * columns, 23), new double[rows] },
                Written = new[] { false, true },
                HostForward = v => UserKernels.PositiveSquaresHost(rows, columns, v[0], v[1]),
                HostAdjoint = (v, d) => UserKernels.PositiveSquaresHostAdjoint(rows, columns, v[0], v[1], d[0], d[1]),
                DeviceBackward = (acc, v, d) => UserKernels.PositiveSquaresLauncher.Backward(acc, rows, columns, v[0], v[1], d[0], d[1]),
                DeviceTangent = (acc, v, d) => UserKernels.PositiveSquaresLauncher.Tangent(acc, rows, columns, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void An_explicitly_grouped_kernel_that_reads_its_grid_position()
        {
            // No host twin (Grid.GlobalIndex exists only in a launch): the forward runs on the accelerator too.
            const double a = 1.25;
            int n = 21;
            var config = new KernelConfig(4, 6);   // 24 threads for 21 elements: the guard returns early; groups of 6 reduce dA
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            void Forward(double[][] v)
            {
                using var xs = gpu.Accelerator.Allocate1D(v[0]);
                using var ys = gpu.Accelerator.Allocate1D(v[1]);
                UserKernels.GridSineLauncher.Forward(gpu.Accelerator, config, xs.View, ys.View, a);
                gpu.Accelerator.Synchronize();
                v[1] = ys.GetAsArray1D();
            }

            double[] x = KernelGradientCheck.Values(n, 24);
            double[] y = KernelGradientCheck.Values(n, 25);
            double[] weights = KernelGradientCheck.Values(n, 26);
            using var xv = gpu.Accelerator.Allocate1D(x);
            using var yv = gpu.Accelerator.Allocate1D(y);
            using var dX = gpu.Accelerator.Allocate1D(new double[n]);
            using var dY = gpu.Accelerator.Allocate1D(weights);
            using var dA = gpu.Accelerator.Allocate1D(new double[1]);
            UserKernels.GridSineLauncher.Backward(gpu.Accelerator, config, xv.View, yv.View, a, dX.View, dY.View, dA.View);
            gpu.Accelerator.Synchronize();
            double[] gradient = dX.GetAsArray1D();
            double scalar = dA.GetAsArray1D()[0];

            const double h = 1e-6;
            double Loss(double[] xs, double scale)
            {
                double[][] v = { (double[])xs.Clone(), (double[])y.Clone() };
                using var xb = gpu.Accelerator.Allocate1D(v[0]);
                using var yb = gpu.Accelerator.Allocate1D(v[1]);
                UserKernels.GridSineLauncher.Forward(gpu.Accelerator, config, xb.View, yb.View, scale);
                gpu.Accelerator.Synchronize();
                return yb.GetAsArray1D().Zip(weights, (value, w) => value * w).Sum();
            }

            for (int k = 0; k < n; k++)
            {
                double[] plus = (double[])x.Clone();
                double[] minus = (double[])x.Clone();
                plus[k] += h;
                minus[k] -= h;
                Assert.Equal((Loss(plus, a) - Loss(minus, a)) / (2 * h), gradient[k], 1e-6);
            }

            Assert.Equal((Loss(x, a + h) - Loss(x, a - h)) / (2 * h), scalar, 1e-6);
            Assert.Equal(weights, dY.GetAsArray1D());

            // The forward's writes happened in the adjoint kernel too.
            double[][] forward = { (double[])x.Clone(), (double[])y.Clone() };
            Forward(forward);
            Assert.Equal(forward[1], yv.GetAsArray1D());
        }

        [Fact]
        public void A_kernel_that_calls_a_differentiable_helper()
        {
            int n = 40;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(n, 27, -2, 2), KernelGradientCheck.Values(n, 28, -2, 2), new double[n] },
                Written = new[] { false, false, true },
                HostForward = v => UserKernels.GateHost(n, v[0], v[1], v[2]),
                HostAdjoint = (v, d) => UserKernels.GateHostAdjoint(n, v[0], v[1], v[2], d[0], d[1], d[2]),
                DeviceBackward = (acc, v, d) => UserKernels.GateLauncher.Backward(acc, n, v[0], v[1], v[2], d[0], d[1], d[2]),
                DeviceTangent = (acc, v, d) => UserKernels.GateLauncher.Tangent(acc, n, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Matrix_vector_product_with_a_loop()
        {
            int rows = 5, columns = 7;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(rows * columns, 20), KernelGradientCheck.Values(columns, 21), new double[rows] },
                Written = new[] { false, false, true },
                HostForward = v => UserKernels.MatVecHost(rows, columns, v[0], v[1], v[2]),
                HostAdjoint = (v, d) => UserKernels.MatVecHostAdjoint(rows, columns, v[0], v[1], v[2], d[0], d[1], d[2]),
                DeviceBackward = (acc, v, d) => UserKernels.MatVecLauncher.Backward(acc, rows, columns, v[0], v[1], v[2], d[0], d[1], d[2]),
                DeviceTangent = (acc, v, d) => UserKernels.MatVecLauncher.Tangent(acc, rows, columns, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void A_padded_convolution_with_its_input_position_in_loop_locals()
        {
            int inH = 5, inW = 6, kH = 3, kW = 3;
            int outH = inH, outW = inW;
            new KernelGradientCheck
            {
                Inputs = new[] { KernelGradientCheck.Values(inH * inW, 40), KernelGradientCheck.Values(kH * kW, 41), new double[outH * outW] },
                Written = new[] { false, false, true },
                HostForward = v => UserKernels.PaddedConvolutionHost(outH * outW, inH, inW, kH, kW, outW, v[0], v[1], v[2]),
                HostAdjoint = (v, d) => UserKernels.PaddedConvolutionHostAdjoint(outH * outW, inH, inW, kH, kW, outW, v[0], v[1], v[2], d[0], d[1], d[2]),
                DeviceBackward = (acc, v, d) => UserKernels.PaddedConvolutionLauncher.Backward(acc, outH * outW, inH, inW, kH, kW, outW, v[0], v[1], v[2], d[0], d[1], d[2]),
                DeviceTangent = (acc, v, d) => UserKernels.PaddedConvolutionLauncher.Tangent(acc, outH * outW, inH, inW, kH, kW, outW, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Layer_norm_with_a_centred_local_in_each_loop()
        {
            int rows = 4, size = 6;
            const double eps = 1e-5;
            new KernelGradientCheck
            {
                Inputs = new[]
                {
                    KernelGradientCheck.Values(rows * size, 42, -2, 2), KernelGradientCheck.Values(size, 43, 0.5, 1.5), KernelGradientCheck.Values(size, 44),
                    new double[rows * size],
                },
                Written = new[] { false, false, false, true },
                HostForward = v => UserKernels.LayerNormRowsHost(rows, size, eps, v[0], v[1], v[2], v[3]),
                HostAdjoint = (v, d) => UserKernels.LayerNormRowsHostAdjoint(rows, size, eps, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3]),
                DeviceBackward = (acc, v, d) => UserKernels.LayerNormRowsLauncher.Backward(acc, rows, size, eps, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3]),
                DeviceTangent = (acc, v, d) => UserKernels.LayerNormRowsLauncher.Tangent(acc, rows, size, eps, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3]),
            }.Run();
        }

        [Fact]
        public void A_convolution_whose_index_is_taken_apart_through_a_reassigned_local()
        {
            int batch = 2, channels = 2, outChannels = 3, height = 4, width = 5, k = 3;
            int outputs = batch * outChannels * height * width;
            new KernelGradientCheck
            {
                Inputs = new[]
                {
                    KernelGradientCheck.Values(batch * channels * height * width, 45), KernelGradientCheck.Values(outChannels * channels * k * k, 46, -0.5, 0.5),
                    KernelGradientCheck.Values(outChannels, 47), new double[outputs],
                },
                Written = new[] { false, false, false, true },
                HostForward = v => UserKernels.ChannelConvolutionHost(outputs, channels, outChannels, height, width, k, v[0], v[1], v[2], v[3]),
                HostAdjoint = (v, d) => UserKernels.ChannelConvolutionHostAdjoint(outputs, channels, outChannels, height, width, k, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3]),
                DeviceBackward = (acc, v, d) => UserKernels.ChannelConvolutionLauncher.Backward(acc, outputs, channels, outChannels, height, width, k, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3]),
                DeviceTangent = (acc, v, d) => UserKernels.ChannelConvolutionLauncher.Tangent(acc, outputs, channels, outChannels, height, width, k, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3]),
            }.Run();
        }
    }
}
