using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Diff.Gpu.Tests.Differentiated
{
    /// <summary>
    /// The adjoints of <see cref="PeerKernels"/>, each launched through its generated launcher on ILGPU's CPU accelerator,
    /// against central finite differences of the primal kernel launched on the same accelerator.
    /// </summary>
    public sealed class PeerKernelTests
    {
        private static double[] V(int length, int seed, double low = -1, double high = 1) => PeerKernelCheck.Values(length, seed, low, high);

        [Fact]
        public void Elementwise_chain_with_two_outputs()
        {
            int n = 19;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 1), V(n, 2), V(n, 3), V(n, 4) },
                Written = new[] { false, false, true, true },
                Forward = (a, v, s) => PeerKernels.MathChainLauncher.Forward(a, n, v[0], v[1], v[2], v[3]),
                Backward = (a, v, s, d, ds) => PeerKernels.MathChainLauncher.Backward(a, n, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3]),
            }.Run();
        }

        [Fact]
        public void Elementwise_chain_with_xmath()
        {
            int n = 17;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 5, -2, 2), V(n, 6) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.XMathChainLauncher.Forward(a, n, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.XMathChainLauncher.Backward(a, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Float_gelu_against_its_derivative()
        {
            int n = 33;
            float[] x = V(n, 7, -3, 3).Select(v => (float)v).ToArray();
            float[] w = V(n, 8).Select(v => (float)v).ToArray();
            float[] dx = FloatBackward(n, x, w, (a, xs, ys, dxs, dys) => PeerKernels.FloatGeluLauncher.Backward(a, n, xs, ys, dxs, dys));
            for (int k = 0; k < n; k++)
            {
                double z = x[k];
                double u = 0.7978845608 * (z + 0.044715 * z * z * z);
                double t = Math.Tanh(u);
                double derivative = 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * 0.7978845608 * (1 + 3 * 0.044715 * z * z);
                Assert.Equal(w[k] * derivative, dx[k], 1e-4);
            }
        }

        [Fact]
        public void Float_views_computed_in_double()
        {
            int n = 21;
            float[] x = V(n, 9, -3, 3).Select(v => (float)v).ToArray();
            float[] w = V(n, 10).Select(v => (float)v).ToArray();
            float[] dx = FloatBackward(n, x, w, (a, xs, ys, dxs, dys) => PeerKernels.FloatThroughDoubleLauncher.Backward(a, n, xs, ys, dxs, dys));
            for (int k = 0; k < n; k++)
            {
                double z = x[k];
                double derivative = Math.Log(1 + Math.Exp(z)) + z / (1 + Math.Exp(-z));
                Assert.Equal(w[k] * derivative, dx[k], 1e-4);
            }
        }

        [Fact]
        public void Float_axpby_with_two_float_scalars()
        {
            int n = 300;
            const float a = 0.75f, b = -1.25f;
            float[] x = V(n, 11).Select(v => (float)v).ToArray();
            float[] y = V(n, 12).Select(v => (float)v).ToArray();
            float[] w = V(n, 13).Select(v => (float)v).ToArray();
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator acc = gpu.Accelerator;
            using var xs = acc.Allocate1D(x);
            using var ys = acc.Allocate1D(y);
            using var dA = acc.Allocate1D(new float[1]);
            using var dB = acc.Allocate1D(new float[1]);
            using var dX = acc.Allocate1D(new float[n]);
            using var dY = acc.Allocate1D(w);
            PeerKernels.FloatAxpbyLauncher.Backward(acc, n, a, b, xs.View, ys.View, dA.View, dB.View, dX.View, dY.View);
            acc.Synchronize();
            double expectedA = 0, expectedB = 0;
            for (int k = 0; k < n; k++)
            {
                expectedA += w[k] * Math.Exp(x[k]);
                expectedB += w[k] * y[k];
            }

            Assert.Equal(expectedA, dA.GetAsArray1D()[0], 1e-3);
            Assert.Equal(expectedB, dB.GetAsArray1D()[0], 1e-3);
            float[] gx = dX.GetAsArray1D(), gy = dY.GetAsArray1D();
            for (int k = 0; k < n; k++)
            {
                Assert.Equal(w[k] * a * Math.Exp(x[k]), gx[k], 1e-5);
                Assert.Equal(w[k] * b, gy[k], 1e-6);
            }

            // The grouped adjoint, which runs on GPUs, reduces the float scalars in shared memory.
            using var dA2 = acc.Allocate1D(new float[1]);
            using var dB2 = acc.Allocate1D(new float[1]);
            using var dX2 = acc.Allocate1D(new float[n]);
            using var dY2 = acc.Allocate1D(w);
            using var ys2 = acc.Allocate1D(y);
            var grouped = acc.LoadStreamKernel<int, float, float, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(PeerKernels.FloatAxpbyAdjointGrouped);
            grouped(GroupedLaunch.Config(acc, n), n, a, b, xs.View, ys2.View, dA2.View, dB2.View, dX2.View, dY2.View);
            acc.Synchronize();
            Assert.Equal(expectedA, dA2.GetAsArray1D()[0], 1e-3);
            Assert.Equal(expectedB, dB2.GetAsArray1D()[0], 1e-3);
        }

        private static float[] FloatBackward(int n, float[] x, float[] w, Action<Accelerator, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> backward)
        {
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator acc = gpu.Accelerator;
            using var xs = acc.Allocate1D(x);
            using var ys = acc.Allocate1D(new float[n]);
            using var dX = acc.Allocate1D(new float[n]);
            using var dY = acc.Allocate1D(w);
            backward(acc, xs.View, ys.View, dX.View, dY.View);
            acc.Synchronize();
            return dX.GetAsArray1D();
        }

        [Fact]
        public void Bias_broadcast_over_rows()
        {
            int rows = 7, columns = 5, n = rows * columns;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 14), V(columns, 15), V(n, 16) },
                Written = new[] { false, false, true },
                Forward = (a, v, s) => PeerKernels.BiasBroadcastLauncher.Forward(a, n, columns, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.BiasBroadcastLauncher.Backward(a, n, columns, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Scale_in_a_view_read_by_every_thread()
        {
            int n = 40;
            new PeerKernelCheck
            {
                Views = new[] { V(2, 17), V(n, 18), V(n, 19) },
                Written = new[] { false, false, true },
                Forward = (a, v, s) => PeerKernels.ScaleByFirstLauncher.Forward(a, n, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.ScaleByFirstLauncher.Backward(a, n, v[0], v[1], v[2], d[0], d[1], d[2]),
                Tolerance = 1e-5,
            }.Run();
        }

        [Fact]
        public void Scalar_inside_a_nonlinearity()
        {
            int n = 45;
            var check = new PeerKernelCheck
            {
                Views = new[] { V(n, 20), V(n, 21) },
                Written = new[] { false, true },
                Scalars = new[] { 0.3 },
                Forward = (a, v, s) => PeerKernels.ShiftedSineLauncher.Forward(a, n, s[0], v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.ShiftedSineLauncher.Backward(a, n, s[0], v[0], v[1], ds[0], d[0], d[1]),
                Tolerance = 1e-5,
            }.Run();

            // The grouped adjoint, which the launcher runs on GPUs, gives the same gradients.
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator acc = gpu.Accelerator;
            using var xs = acc.Allocate1D(check.Views[0]);
            using var ys = acc.Allocate1D(check.Views[1]);
            using var dB = acc.Allocate1D(new double[1]);
            using var dX = acc.Allocate1D(new double[n]);
            using var dY = acc.Allocate1D(check.Weights[1]);
            var grouped = acc.LoadStreamKernel<int, double, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(PeerKernels.ShiftedSineAdjointGrouped);
            grouped(GroupedLaunch.Config(acc, n), n, 0.3, xs.View, ys.View, dB.View, dX.View, dY.View);
            acc.Synchronize();
            Assert.Equal(check.ScalarAdjoints[0], dB.GetAsArray1D()[0], 1e-10);
            Assert.Equal(check.ViewAdjoints[0], dX.GetAsArray1D());
        }

        [Fact]
        public void Nonlinear_three_point_stencil()
        {
            int n = 23;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 22), V(n, 23) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.ProductStencilLauncher.Forward(a, n, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.ProductStencilLauncher.Backward(a, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Heat_step_with_a_scalar()
        {
            int n = 26;
            var check = new PeerKernelCheck
            {
                Views = new[] { V(n, 24), V(n, 25) },
                Written = new[] { false, true },
                Scalars = new[] { 0.2 },
                Forward = (a, v, s) => PeerKernels.HeatStepLauncher.Forward(a, n, n, s[0], v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.HeatStepLauncher.Backward(a, n, n, s[0], v[0], v[1], ds[0], d[0], d[1]),
                Tolerance = 1e-5,
            }.Run();

            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator acc = gpu.Accelerator;
            using var us = acc.Allocate1D(check.Views[0]);
            using var next = acc.Allocate1D(check.Views[1]);
            using var dAlpha = acc.Allocate1D(new double[1]);
            using var dU = acc.Allocate1D(new double[n]);
            using var dNext = acc.Allocate1D(check.Weights[1]);
            var grouped = acc.LoadStreamKernel<int, int, double, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(PeerKernels.HeatStepAdjointGrouped);
            grouped(GroupedLaunch.Config(acc, n), n, n, 0.2, us.View, next.View, dAlpha.View, dU.View, dNext.View);
            acc.Synchronize();
            Assert.Equal(check.ScalarAdjoints[0], dAlpha.GetAsArray1D()[0], 1e-10);
            double[] du = dU.GetAsArray1D();
            for (int k = 0; k < n; k++)
            {
                Assert.Equal(check.ViewAdjoints[0][k], du[k], 1e-12);
            }
        }

        [Fact]
        public void Stencil_with_offsets_of_two()
        {
            int n = 20;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 26), V(n, 27) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.WideStencilLauncher.Forward(a, n, n, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.WideStencilLauncher.Backward(a, n, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Stencil_with_an_early_return_at_the_boundary()
        {
            int n = 18;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 28), V(n, 29) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.GuardedDifferenceLauncher.Forward(a, n, n, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.GuardedDifferenceLauncher.Backward(a, n, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Stencil_with_two_outputs()
        {
            int n = 16;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 30), V(n, 31), V(n, 32) },
                Written = new[] { false, true, true },
                Forward = (a, v, s) => PeerKernels.TwoOutputStencilLauncher.Forward(a, n, n, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.TwoOutputStencilLauncher.Backward(a, n, n, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Valid_one_dimensional_convolution()
        {
            int n = 15, taps = 4;
            new PeerKernelCheck
            {
                Views = new[] { V(n + taps - 1, 33), V(taps, 34), V(n, 35) },
                Written = new[] { false, false, true },
                Forward = (a, v, s) => PeerKernels.Conv1DLauncher.Forward(a, n, taps, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.Conv1DLauncher.Backward(a, n, taps, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Rms_norm_rows()
        {
            int rows = 4, size = 6;
            new PeerKernelCheck
            {
                Views = new[] { V(rows * size, 36, -2, 2), V(size, 37, 0.5, 1.5), V(rows * size, 38) },
                Written = new[] { false, false, true },
                Forward = (a, v, s) => PeerKernels.RmsNormRowsLauncher.Forward(a, rows, size, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.RmsNormRowsLauncher.Backward(a, rows, size, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Log_sum_exp_rows()
        {
            int rows = 5, columns = 7;
            new PeerKernelCheck
            {
                Views = new[] { V(rows * columns, 39, -2, 2), V(rows, 40) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.LogSumExpRowsLauncher.Forward(a, rows, columns, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.LogSumExpRowsLauncher.Backward(a, rows, columns, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Row_dot_product()
        {
            int rows = 5, columns = 6;
            new PeerKernelCheck
            {
                Views = new[] { V(rows * columns, 41), V(rows * columns, 42), V(rows, 43) },
                Written = new[] { false, false, true },
                Forward = (a, v, s) => PeerKernels.RowDotLauncher.Forward(a, rows, columns, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.RowDotLauncher.Backward(a, rows, columns, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Matrix_vector_product_accumulated_in_the_output_view()
        {
            int rows = 5, columns = 6;
            new PeerKernelCheck
            {
                Views = new[] { V(rows * columns, 44), V(columns, 45), V(rows, 46) },
                Written = new[] { false, false, true },
                Forward = (a, v, s) => PeerKernels.MatVecIntoViewLauncher.Forward(a, rows, columns, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.MatVecIntoViewLauncher.Backward(a, rows, columns, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Leaky_relu_with_its_kink()
        {
            int n = 20;
            double[] x = V(n, 47);
            x[4] = 0.0;
            x[11] = 0.0;
            var check = new PeerKernelCheck
            {
                Views = new[] { x, V(n, 48) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.LeakyReluLauncher.Forward(a, n, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.LeakyReluLauncher.Backward(a, n, v[0], v[1], d[0], d[1]),
                Skip = (v, k) => v == 0 && k is 4 or 11,
            }.Run();

            // At 0 the comparison picks the negative side.
            Assert.Equal(0.01 * check.Weights[1][4], check.ViewAdjoints[0][4], 15);
            Assert.Equal(0.01 * check.Weights[1][11], check.ViewAdjoints[0][11], 15);
        }

        [Fact]
        public void Abs_clamp_and_relu_at_their_kinks()
        {
            int n = 12;
            double[] x = V(n, 49, -2, 2);
            x[2] = 0.0;
            x[5] = 1.0;
            x[8] = -1.0;
            var check = new PeerKernelCheck
            {
                Views = new[] { x, V(n, 50), V(n, 51), V(n, 52) },
                Written = new[] { false, true, true, true },
                Forward = (a, v, s) => PeerKernels.KinksLauncher.Forward(a, n, v[0], v[1], v[2], v[3]),
                Backward = (a, v, s, d, ds) => PeerKernels.KinksLauncher.Backward(a, n, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3]),
                Skip = (v, k) => v == 0 && k is 2 or 5 or 8,
            }.Run();

            double[][] w = check.Weights;
            // Abs'(0) = 0, the ReLU's comparison picks the zero side at 0, Max and Min split a tie on a bound in half.
            Assert.Equal(0.0, check.ViewAdjoints[0][2] - w[2][2], 15);
            Assert.Equal((2.0 * w[1][5]) + (0.5 * w[2][5]) + w[3][5], check.ViewAdjoints[0][5], 14);
            Assert.Equal((-2.0 * w[1][8]) + (0.5 * w[2][8]), check.ViewAdjoints[0][8], 14);
        }

        [Fact]
        public void In_place_scaling_by_a_scalar()
        {
            int n = 30;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 53) },
                Written = new[] { true },
                Scalars = new[] { 1.7 },
                Forward = (a, v, s) => PeerKernels.ScaleInPlaceLauncher.Forward(a, n, s[0], v[0]),
                Backward = (a, v, s, d, ds) => PeerKernels.ScaleInPlaceLauncher.Backward(a, n, s[0], v[0], ds[0], d[0]),
                Tolerance = 1e-5,
            }.Run();
        }

        [Fact]
        public void Two_in_place_updates_of_one_element()
        {
            int n = 14;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 54, -2, 2) },
                Written = new[] { true },
                Forward = (a, v, s) => PeerKernels.TwoUpdatesInPlaceLauncher.Forward(a, n, v[0]),
                Backward = (a, v, s, d, ds) => PeerKernels.TwoUpdatesInPlaceLauncher.Backward(a, n, v[0], d[0]),
            }.Run();
        }

        [Fact]
        public void Local_reassigned_in_straight_line_code()
        {
            int n = 14;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 55), V(n, 56) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.ReassignedLocalLauncher.Forward(a, n, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.ReassignedLocalLauncher.Backward(a, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Output_read_back_by_the_next_statement()
        {
            int n = 14;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 57, -2, 2), V(n, 58), V(n, 59) },
                Written = new[] { false, true, true },
                Forward = (a, v, s) => PeerKernels.ReadBackOutputLauncher.Forward(a, n, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.ReadBackOutputLauncher.Backward(a, n, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Compound_assignments_into_the_output()
        {
            int n = 14;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 60, -2, 2), V(n, 61) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.CompoundOutputLauncher.Forward(a, n, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.CompoundOutputLauncher.Backward(a, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Output_written_on_one_branch_only()
        {
            int n = 24;
            double[] x = V(n, 62);
            for (int k = 0; k < n; k++)
            {
                if (Math.Abs(x[k] - 0.25) < 0.01)
                {
                    x[k] = 0.5;
                }
            }

            new PeerKernelCheck
            {
                Views = new[] { x, V(n, 63) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.ConditionalWriteLauncher.Forward(a, n, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.ConditionalWriteLauncher.Backward(a, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Early_return_after_a_first_write()
        {
            int n = 24;
            double[] x = V(n, 64);
            new PeerKernelCheck
            {
                Views = new[] { x, V(n, 65) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.ReturnAfterWriteLauncher.Forward(a, n, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.ReturnAfterWriteLauncher.Backward(a, n, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Sparse_matrix_vector_product_in_csr()
        {
            int rows = 5, columns = 6;
            int[] rowStart = { 0, 2, 2, 5, 6, 9 };
            int[] column = { 0, 3, 1, 2, 5, 4, 0, 3, 5 };
            new PeerKernelCheck
            {
                Views = new[] { V(column.Length, 66), V(columns, 67), V(rows, 68) },
                Written = new[] { false, false, true },
                Forward = (a, v, s) =>
                {
                    using var starts = a.Allocate1D(rowStart);
                    using var columnsView = a.Allocate1D(column);
                    PeerKernels.CsrMatVecLauncher.Forward(a, rows, starts.View, columnsView.View, v[0], v[1], v[2]);
                    a.Synchronize();
                },
                Backward = (a, v, s, d, ds) =>
                {
                    using var starts = a.Allocate1D(rowStart);
                    using var columnsView = a.Allocate1D(column);
                    PeerKernels.CsrMatVecLauncher.Backward(a, rows, starts.View, columnsView.View, v[0], v[1], v[2], d[0], d[1], d[2]);
                    a.Synchronize();
                },
            }.Run();
        }

        [Fact]
        public void Loop_with_a_trip_count_from_a_view()
        {
            int rows = 5, width = 4;
            int[] length = { 4, 0, 2, 3, 1 };
            new PeerKernelCheck
            {
                Views = new[] { V(rows * width, 69), V(rows, 70) },
                Written = new[] { false, true },
                Forward = (a, v, s) =>
                {
                    using var lengths = a.Allocate1D(length);
                    PeerKernels.SegmentSumLauncher.Forward(a, rows, width, lengths.View, v[0], v[1]);
                    a.Synchronize();
                },
                Backward = (a, v, s, d, ds) =>
                {
                    using var lengths = a.Allocate1D(length);
                    PeerKernels.SegmentSumLauncher.Backward(a, rows, width, lengths.View, v[0], v[1], d[0], d[1]);
                    a.Synchronize();
                },
            }.Run();
        }

        [Fact]
        public void Transpose_over_a_two_dimensional_index()
        {
            int width = 5, height = 3;
            new PeerKernelCheck
            {
                Views = new[] { V(width * height, 71), V(width * height, 72) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.SineTransposeLauncher.Forward(a, new Index2D(width, height), width, height, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.SineTransposeLauncher.Backward(a, new Index2D(width, height), width, height, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Three_dimensional_kernel_with_a_scalar()
        {
            int width = 3, height = 4, depth = 2;
            new PeerKernelCheck
            {
                Views = new[] { V(width * height * depth, 73), V(width * height * depth, 74) },
                Written = new[] { false, true },
                Scalars = new[] { 0.6 },
                Forward = (a, v, s) => PeerKernels.VolumeLauncher.Forward(a, new Index3D(width, height, depth), width, height, s[0], v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.VolumeLauncher.Backward(a, new Index3D(width, height, depth), width, height, s[0], v[0], v[1], ds[0], d[0], d[1]),
                Tolerance = 1e-5,
            }.Run();
        }

        [Fact]
        public void Helper_of_two_arguments_called_twice()
        {
            int n = 15;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 75, -2, 2), V(n, 76, 0.5, 2), V(n, 77) },
                Written = new[] { false, false, true },
                Forward = (a, v, s) => PeerKernels.HelperTwiceLauncher.Forward(a, n, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.HelperTwiceLauncher.Backward(a, n, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Two_argument_functions_of_two_views()
        {
            int n = 15;
            double[] x = V(n, 78, 0.5, 1.5);
            double[] y = V(n, 79, 0.5, 1.5);
            new PeerKernelCheck
            {
                Views = new[] { x, y, V(n, 80) },
                Written = new[] { false, false, true },
                Forward = (a, v, s) => PeerKernels.TwoArgFunctionsLauncher.Forward(a, n, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.TwoArgFunctionsLauncher.Backward(a, n, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Per_channel_affine()
        {
            int batch = 2, channels = 3, spatial = 4, n = batch * channels * spatial;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 81), V(channels, 82), V(channels, 83), V(n, 84) },
                Written = new[] { false, false, false, true },
                Forward = (a, v, s) => PeerKernels.ChannelAffineLauncher.Forward(a, n, spatial, channels, v[0], v[1], v[2], v[3]),
                Backward = (a, v, s, d, ds) => PeerKernels.ChannelAffineLauncher.Backward(a, n, spatial, channels, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3]),
            }.Run();
        }

        [Fact]
        public void Views_may_be_named_as_the_launchers_locals()
        {
            int n = 12;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 91), V(n, 92), V(n, 93), V(n, 94) },
                Written = new[] { false, false, false, true },
                Forward = (a, v, s) => PeerKernels.NamedLikeLauncherLocalsLauncher.Forward(a, n, v[0], v[1], v[2], v[3]),
                Backward = (a, v, s, d, ds) => PeerKernels.NamedLikeLauncherLocalsLauncher.Backward(a, n, v[0], v[1], v[2], v[3], d[0], d[1], d[2], d[3]),
            }.Run();
        }

        [Fact]
        public void Mean_squared_error_with_a_target_view()
        {
            int n = 25;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 85), V(n, 86), new[] { 0.1 } },
                Written = new[] { false, false, true },
                Forward = (a, v, s) => PeerKernels.MseLossLauncher.Forward(a, n, n, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.MseLossLauncher.Backward(a, n, n, v[0], v[1], v[2], d[0], d[1], d[2]),
            }.Run();
        }

        [Fact]
        public void Max_of_two_views_splits_a_tie()
        {
            int n = 10;
            double[] x = V(n, 87);
            double[] y = V(n, 88);
            y[3] = x[3];
            var check = new PeerKernelCheck
            {
                Views = new[] { x, y, V(n, 89) },
                Written = new[] { false, false, true },
                Forward = (a, v, s) => PeerKernels.PairMaxLauncher.Forward(a, n, v[0], v[1], v[2]),
                Backward = (a, v, s, d, ds) => PeerKernels.PairMaxLauncher.Backward(a, n, v[0], v[1], v[2], d[0], d[1], d[2]),
                Skip = (v, k) => k == 3,
            }.Run();
            Assert.Equal(check.Weights[2][3], check.ViewAdjoints[0][3], 15);
            Assert.Equal(check.Weights[2][3], check.ViewAdjoints[1][3], 15);
        }

        [Fact]
        public void Grid_stride_loop_with_two_outputs_and_a_scalar()
        {
            int n = 29;
            var config = new KernelConfig(2, 4);
            new PeerKernelCheck
            {
                Views = new[] { V(n, 90), V(n, 91), V(n, 92) },
                Written = new[] { false, true, true },
                Scalars = new[] { 0.8 },
                Forward = (a, v, s) => PeerKernels.GridStrideTwoOutputsLauncher.Forward(a, config, v[0], v[1], v[2], s[0]),
                Backward = (a, v, s, d, ds) => PeerKernels.GridStrideTwoOutputsLauncher.Backward(a, config, v[0], v[1], v[2], s[0], d[0], d[1], d[2], ds[0]),
                Tolerance = 1e-5,
            }.Run();
        }

        [Fact]
        public void Explicitly_grouped_kernel_guarded_by_an_if()
        {
            int n = 20;
            var config = new KernelConfig(3, 8);
            new PeerKernelCheck
            {
                Views = new[] { V(n, 93), V(n, 94) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.GuardedGridLauncher.Forward(a, config, v[0], v[1], n),
                Backward = (a, v, s, d, ds) => PeerKernels.GuardedGridLauncher.Backward(a, config, v[0], v[1], n, d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Accumulation_with_two_updates_per_trip()
        {
            int rows = 4, columns = 5;
            new PeerKernelCheck
            {
                Views = new[] { V(rows * columns, 95), V(rows, 96) },
                Written = new[] { false, true },
                Forward = (a, v, s) => PeerKernels.ScaledAccumulationLauncher.Forward(a, rows, columns, v[0], v[1]),
                Backward = (a, v, s, d, ds) => PeerKernels.ScaledAccumulationLauncher.Backward(a, rows, columns, v[0], v[1], d[0], d[1]),
            }.Run();
        }

        [Fact]
        public void Polynomial_with_seven_scalar_coefficients_matches_finite_differences_on_the_host()
        {
            // Its adjoint has more parameters than ILGPU loads, so the launcher has no Backward: the host twins stand in.
            int n = 11;
            double[] c = { 0.5, -1.0, 0.25, 0.75, -0.5, 0.1, 0.3 };
            double[] x = V(n, 97);
            double[] w = V(n, 98);
            double[][] dc = c.Select(_ => new double[1]).ToArray();
            PeerKernels.PolynomialHostAdjoint(n, c[0], c[1], c[2], c[3], c[4], c[5], c[6], x, new double[n], dc[0], dc[1], dc[2], dc[3], dc[4], dc[5], dc[6], new double[n], (double[])w.Clone());
            for (int p = 0; p < c.Length; p++)
            {
                double expected = 0;
                for (int k = 0; k < n; k++)
                {
                    expected += w[k] * Math.Pow(x[k], p);
                }

                Assert.Equal(expected, dc[p][0], 1e-12);
            }
        }

        private static void Unary(Action<Accelerator, ArrayView<double>, ArrayView<double>> forward, Action<Accelerator, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>> backward, double low, double high)
        {
            int n = 9;
            new PeerKernelCheck
            {
                Views = new[] { V(n, 99, low, high), V(n, 100) },
                Written = new[] { false, true },
                Forward = (a, v, s) => forward(a, v[0], v[1]),
                Backward = (a, v, s, d, ds) => backward(a, v[0], v[1], d[0], d[1]),
                Tolerance = 1e-5,
            }.Run();
        }

        [Fact]
        public void Function_Cbrt() => Unary((a, x, y) => PeerKernels.FnCbrtLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnCbrtLauncher.Backward(a, x.IntLength, x, y, dx, dy), -0.9, 0.9);

        [Fact]
        public void Function_Log2() => Unary((a, x, y) => PeerKernels.FnLog2Launcher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnLog2Launcher.Backward(a, x.IntLength, x, y, dx, dy), 0.3, 1.8);

        [Fact]
        public void Function_Log10() => Unary((a, x, y) => PeerKernels.FnLog10Launcher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnLog10Launcher.Backward(a, x.IntLength, x, y, dx, dy), 0.3, 1.8);

        [Fact]
        public void Function_LogBase() => Unary((a, x, y) => PeerKernels.FnLogBaseLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnLogBaseLauncher.Backward(a, x.IntLength, x, y, dx, dy), 0.3, 1.8);

        [Fact]
        public void Function_Asinh() => Unary((a, x, y) => PeerKernels.FnAsinhLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnAsinhLauncher.Backward(a, x.IntLength, x, y, dx, dy), -0.9, 0.9);

        [Fact]
        public void Function_Acosh() => Unary((a, x, y) => PeerKernels.FnAcoshLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnAcoshLauncher.Backward(a, x.IntLength, x, y, dx, dy), 0.3, 1.8);

        [Fact]
        public void Function_Atanh() => Unary((a, x, y) => PeerKernels.FnAtanhLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnAtanhLauncher.Backward(a, x.IntLength, x, y, dx, dy), -0.9, 0.9);

        [Fact]
        public void Function_Asin() => Unary((a, x, y) => PeerKernels.FnAsinLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnAsinLauncher.Backward(a, x.IntLength, x, y, dx, dy), -0.9, 0.9);

        [Fact]
        public void Function_Acos() => Unary((a, x, y) => PeerKernels.FnAcosLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnAcosLauncher.Backward(a, x.IntLength, x, y, dx, dy), -0.9, 0.9);

        [Fact]
        public void Function_Tan() => Unary((a, x, y) => PeerKernels.FnTanLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnTanLauncher.Backward(a, x.IntLength, x, y, dx, dy), -0.9, 0.9);

        [Fact]
        public void Function_Sinh() => Unary((a, x, y) => PeerKernels.FnSinhLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnSinhLauncher.Backward(a, x.IntLength, x, y, dx, dy), -0.9, 0.9);


        [Fact]
        public void Function_FloorPlus() => Unary((a, x, y) => PeerKernels.FnFloorPlusLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnFloorPlusLauncher.Backward(a, x.IntLength, x, y, dx, dy), -0.9, 0.9);

        [Fact]
        public void Function_RoundPlus() => Unary((a, x, y) => PeerKernels.FnRoundPlusLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnRoundPlusLauncher.Backward(a, x.IntLength, x, y, dx, dy), -0.9, 0.9);

        [Fact]
        public void Function_CopySign() => Unary((a, x, y) => PeerKernels.FnCopySignLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnCopySignLauncher.Backward(a, x.IntLength, x, y, dx, dy), 0.3, 1.8);








        [Fact]
        public void Function_PowInt() => Unary((a, x, y) => PeerKernels.FnPowIntLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnPowIntLauncher.Backward(a, x.IntLength, x, y, dx, dy), 0.3, 1.8);


        [Fact]
        public void Function_XPow() => Unary((a, x, y) => PeerKernels.FnXPowLauncher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnXPowLauncher.Backward(a, x.IntLength, x, y, dx, dy), 0.3, 1.8);

        [Fact]
        public void Function_XLog2() => Unary((a, x, y) => PeerKernels.FnXLog2Launcher.Forward(a, x.IntLength, x, y), (a, x, y, dx, dy) => PeerKernels.FnXLog2Launcher.Backward(a, x.IntLength, x, y, dx, dy), 0.3, 1.8);

        public static IEnumerable<object[]> Kernels()
        {
            foreach (MethodInfo kernel in typeof(PeerKernels).GetMethods(BindingFlags.Public | BindingFlags.Static)
                         .Where(m => m.GetCustomAttribute<KernelAttribute>() is not null)
                         .OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                foreach (string part in new[] { "", "Adjoint", "AdjointGrouped", "Tangent", "AdjointGather", "AdjointLocal" })
                {
                    if (typeof(PeerKernels).GetMethod(kernel.Name + part, BindingFlags.Public | BindingFlags.Static) is not null)
                    {
                        yield return new object[] { kernel.Name + part };
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void Peer_kernel_compiles_to_ptx(string name)
        {
            MethodInfo method = typeof(PeerKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
            string ptx = KernelCompilation.ToPtx(method, CudaArchitecture.SM_90, CudaInstructionSet.ISA_85);
            Assert.Matches(@"\.entry \w*" + name, ptx);
        }

        /// <summary>
        /// CUDA refuses to launch a kernel that declares more than 48 KiB of static shared memory. A grouped adjoint
        /// reduces each scalar's gradient through shared memory, one buffer of up to 1,024 values per element type
        /// reused scalar after scalar: a buffer per scalar would make <c>Polynomial</c>'s seven coefficients 56 KiB.
        /// </summary>
        [Theory]
        [MemberData(nameof(Kernels))]
        public void Peer_kernel_declares_at_most_48_KiB_of_shared_memory(string name)
        {
            MethodInfo method = typeof(PeerKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
            string ptx = KernelCompilation.ToPtx(method, CudaArchitecture.SM_90, CudaInstructionSet.ISA_85);
            long bytes = System.Text.RegularExpressions.Regex.Matches(ptx, @"\.shared\s+\.align\s+\d+\s+\.b8\s+\w+\[(\d+)\]")
                .Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(bytes, 0, 48 * 1024);
            if (name == nameof(PeerKernels.Polynomial) + "AdjointGrouped")
            {
                Assert.Equal(1024 * sizeof(double), bytes);
            }
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void Peer_kernel_compiles_to_opencl(string name)
        {
            MethodInfo method = typeof(PeerKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
            Assert.Contains("kernel", KernelCompilation.ToOpenCL(method), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Checks a kernel's adjoint, launched through its generated launcher on ILGPU's CPU accelerator, against central
    /// finite differences in double of the primal kernel itself, launched on the same accelerator (not the host twin).
    /// The loss is L = Σ wₖ·yₖ over the final values of the written views; every view and every scalar is perturbed,
    /// the written views' initial values included, so the check also covers "on exit, the gradient of the initial value".
    /// </summary>
    internal sealed class PeerKernelCheck
    {
        public required double[][] Views { get; init; }

        public required bool[] Written { get; init; }

        public double[] Scalars { get; init; } = Array.Empty<double>();

        /// <summary>Launches the primal kernel: views, scalars.</summary>
        public required Action<Accelerator, ArrayView<double>[], double[]> Forward { get; init; }

        /// <summary>Launches the adjoint: views, scalars, the views' adjoints, the scalars' adjoints (views of length 1).</summary>
        public required Action<Accelerator, ArrayView<double>[], double[], ArrayView<double>[], ArrayView<double>[]> Backward { get; init; }

        /// <summary>Where finite differences are not taken (view, element); a scalar s is view −1 − s.</summary>
        public Func<int, int, bool> Skip { get; init; } = (_, _) => false;

        public double Step { get; init; } = 1e-6;

        public double Tolerance { get; init; } = 1e-6;

        /// <summary>The views' adjoints after Backward, for further checks.</summary>
        public double[][] ViewAdjoints { get; private set; } = Array.Empty<double[]>();

        public double[] ScalarAdjoints { get; private set; } = Array.Empty<double>();

        public double[][] Weights { get; private set; } = Array.Empty<double[]>();

        public PeerKernelCheck Run()
        {
            var random = new System.Random(7001);
            Weights = Views.Select((v, k) => Written[k] ? v.Select(_ => random.NextDouble() * 2 - 1).ToArray() : new double[v.Length]).ToArray();
            using var gpu = GpuContext.Create(GpuPreference.Cpu);
            Accelerator accelerator = gpu.Accelerator;

            double[][] forward = Launch(accelerator, Views, Scalars);
            var primal = Views.Select(v => accelerator.Allocate1D(v)).ToArray();
            var adjoints = Weights.Select(w => accelerator.Allocate1D(w)).ToArray();
            var scalarAdjoints = Scalars.Select(_ => accelerator.Allocate1D(new double[1])).ToArray();
            try
            {
                Backward(accelerator, primal.Select(b => b.View.AsContiguous()).ToArray(), Scalars, adjoints.Select(b => b.View.AsContiguous()).ToArray(), scalarAdjoints.Select(b => b.View.AsContiguous()).ToArray());
                accelerator.Synchronize();
                ViewAdjoints = adjoints.Select(b => b.GetAsArray1D()).ToArray();
                ScalarAdjoints = scalarAdjoints.Select(b => b.GetAsArray1D()[0]).ToArray();
                double[][] final = primal.Select(b => b.GetAsArray1D()).ToArray();
                for (int v = 0; v < Views.Length; v++)
                {
                    for (int k = 0; k < Views[v].Length; k++)
                    {
                        Assert.True(Close(forward[v][k], final[v][k], 1e-12), $"view {v}[{k}] after Backward: {final[v][k]}, the forward leaves {forward[v][k]}");
                    }
                }
            }
            finally
            {
                foreach (var buffer in primal.Concat(adjoints).Concat(scalarAdjoints))
                {
                    buffer.Dispose();
                }
            }

            for (int v = 0; v < Views.Length; v++)
            {
                for (int k = 0; k < Views[v].Length; k++)
                {
                    if (Skip(v, k))
                    {
                        continue;
                    }

                    double[][] plus = Copy(Views), minus = Copy(Views);
                    plus[v][k] += Step;
                    minus[v][k] -= Step;
                    double expected = (Loss(Launch(accelerator, plus, Scalars)) - Loss(Launch(accelerator, minus, Scalars))) / (2 * Step);
                    Assert.True(Close(expected, ViewAdjoints[v][k], Tolerance), $"adjoint of view {v}[{k}]: kernel {ViewAdjoints[v][k]}, finite differences {expected}");
                }
            }

            for (int s = 0; s < Scalars.Length; s++)
            {
                if (Skip(-1 - s, 0))
                {
                    continue;
                }

                double[] plus = (double[])Scalars.Clone(), minus = (double[])Scalars.Clone();
                plus[s] += Step;
                minus[s] -= Step;
                double expected = (Loss(Launch(accelerator, Views, plus)) - Loss(Launch(accelerator, Views, minus))) / (2 * Step);
                Assert.True(Close(expected, ScalarAdjoints[s], Tolerance), $"adjoint of scalar {s}: kernel {ScalarAdjoints[s]}, finite differences {expected}");
            }

            return this;
        }

        private double Loss(double[][] values)
        {
            double loss = 0;
            for (int v = 0; v < values.Length; v++)
            {
                for (int k = 0; k < values[v].Length; k++)
                {
                    loss += Weights[v][k] * values[v][k];
                }
            }

            return loss;
        }

        private double[][] Launch(Accelerator accelerator, double[][] views, double[] scalars)
        {
            var buffers = views.Select(v => accelerator.Allocate1D(v)).ToArray();
            try
            {
                Forward(accelerator, buffers.Select(b => b.View.AsContiguous()).ToArray(), scalars);
                accelerator.Synchronize();
                return buffers.Select(b => b.GetAsArray1D()).ToArray();
            }
            finally
            {
                foreach (var buffer in buffers)
                {
                    buffer.Dispose();
                }
            }
        }

        private static bool Close(double expected, double actual, double tolerance) =>
            Math.Abs(expected - actual) <= tolerance * Math.Max(1.0, Math.Abs(expected));

        private static double[][] Copy(double[][] arrays) => arrays.Select(a => (double[])a.Clone()).ToArray();

        public static double[] Values(int length, int seed, double low = -1, double high = 1) => KernelGradientCheck.Values(length, seed, low, high);
    }
}
