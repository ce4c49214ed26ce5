using System.Collections.Generic;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;

namespace Diff.Gpu.Tests.Differentiated
{
    /// <summary>
    /// Checks a kernel's adjoint three ways: the adjoint kernel run on ILGPU's CPU accelerator (through
    /// the generated launcher), the sequential host twin, and central finite differences in double of the
    /// forward host twin. The loss is L = Σ wₖ·yₖ over the final values of the written views, with fixed
    /// random weights w, so the written views' adjoints are seeded with w.
    /// </summary>
    internal sealed class KernelGradientCheck
    {
        /// <summary>The views' initial values, in the kernel's parameter order.</summary>
        public required double[][] Inputs { get; init; }

        /// <summary>Which of <see cref="Inputs"/> the kernel writes.</summary>
        public required bool[] Written { get; init; }

        /// <summary>Runs the forward host twin on the arrays, in place.</summary>
        public required Action<double[][]> HostForward { get; init; }

        /// <summary>Runs the host adjoint twin: primal arrays, then their adjoints.</summary>
        public required Action<double[][], double[][]> HostAdjoint { get; init; }

        /// <summary>Runs the launcher's Backward on the accelerator: primal views, then their adjoints.</summary>
        public required Action<Accelerator, ArrayView<double>[], ArrayView<double>[]> DeviceBackward { get; init; }

        /// <summary>Runs the launcher's Tangent on the accelerator: primal views, then their tangents; null when the kernel has none.</summary>
        public Action<Accelerator, ArrayView<double>[], ArrayView<double>[]>? DeviceTangent { get; init; }

        /// <summary>Where finite differences are not taken (at a kink they have no meaning): (view, element).</summary>
        public Func<int, int, bool> SkipFiniteDifference { get; init; } = (_, _) => false;

        public double Step { get; init; } = 1e-6;

        public double Tolerance { get; init; } = 1e-6;

        public void Run()
        {
            if (DeviceTangent is not null)
            {
                RunTangent();
            }

            var random = new System.Random(20261202);
            double[][] weights = Inputs.Select((input, v) => Written[v] ? input.Select(_ => random.NextDouble() * 2 - 1).ToArray() : new double[input.Length]).ToArray();

            // The host adjoint twin.
            double[][] hostPrimal = Copy(Inputs);
            double[][] hostAdjoint = Copy(weights);
            HostAdjoint(hostPrimal, hostAdjoint);

            // The adjoint kernel, on the CPU accelerator.
            double[][] deviceAdjoint;
            double[][] deviceFinal;
            using (var gpu = GpuContext.Create(GpuPreference.Cpu))
            {
                Accelerator accelerator = gpu.Accelerator;
                var primalBuffers = Inputs.Select(input => accelerator.Allocate1D(input)).ToArray();
                var adjointBuffers = weights.Select(w => accelerator.Allocate1D(w)).ToArray();
                try
                {
                    DeviceBackward(accelerator, primalBuffers.Select(b => b.View.AsContiguous()).ToArray(), adjointBuffers.Select(b => b.View.AsContiguous()).ToArray());
                    accelerator.Synchronize();
                    deviceAdjoint = adjointBuffers.Select(b => b.GetAsArray1D()).ToArray();
                    deviceFinal = primalBuffers.Select(b => b.GetAsArray1D()).ToArray();
                }
                finally
                {
                    foreach (var buffer in primalBuffers.Concat(adjointBuffers))
                    {
                        buffer.Dispose();
                    }
                }
            }

            // Both replay the forward: the written views end as the forward leaves them.
            double[][] forward = Copy(Inputs);
            HostForward(forward);
            for (int v = 0; v < Inputs.Length; v++)
            {
                for (int k = 0; k < Inputs[v].Length; k++)
                {
                    Assert.True(Close(forward[v][k], deviceFinal[v][k], 1e-12), $"view {v}[{k}] after Backward: {deviceFinal[v][k]}, forward gives {forward[v][k]}");
                    Assert.True(Close(forward[v][k], hostPrimal[v][k], 1e-12), $"view {v}[{k}] after HostAdjoint: {hostPrimal[v][k]}, forward gives {forward[v][k]}");
                }
            }

            for (int v = 0; v < Inputs.Length; v++)
            {
                for (int k = 0; k < Inputs[v].Length; k++)
                {
                    Assert.True(Close(hostAdjoint[v][k], deviceAdjoint[v][k], 1e-12), $"adjoint of view {v}[{k}]: kernel {deviceAdjoint[v][k]}, host twin {hostAdjoint[v][k]}");
                    if (SkipFiniteDifference(v, k))
                    {
                        continue;
                    }

                    double expected = FiniteDifference(weights, v, k);
                    Assert.True(Close(expected, deviceAdjoint[v][k], Tolerance), $"adjoint of view {v}[{k}]: kernel {deviceAdjoint[v][k]}, finite differences {expected}");
                }
            }
        }

        /// <summary>
        /// The tangent kernel in a random direction v (every view, written ones included: their tangent on entry is
        /// that of their initial value) against central differences of the forward along v.
        /// </summary>
        public void RunTangent()
        {
            var random = new System.Random(20261203);
            double[][] direction = Inputs.Select(input => input.Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
            double[][] deviceTangent;
            using (var gpu = GpuContext.Create(GpuPreference.Cpu))
            {
                Accelerator accelerator = gpu.Accelerator;
                var primalBuffers = Inputs.Select(input => accelerator.Allocate1D(input)).ToArray();
                var tangentBuffers = direction.Select(v => accelerator.Allocate1D(v)).ToArray();
                try
                {
                    DeviceTangent!(accelerator, primalBuffers.Select(b => b.View.AsContiguous()).ToArray(), tangentBuffers.Select(b => b.View.AsContiguous()).ToArray());
                    accelerator.Synchronize();
                    deviceTangent = tangentBuffers.Select(b => b.GetAsArray1D()).ToArray();
                }
                finally
                {
                    foreach (var buffer in primalBuffers.Concat(tangentBuffers))
                    {
                        buffer.Dispose();
                    }
                }
            }

            double[][] Along(double h)
            {
                double[][] values = Inputs.Select((input, v) => input.Select((x, k) => x + h * direction[v][k]).ToArray()).ToArray();
                HostForward(values);
                return values;
            }

            double[][] plus = Along(Step);
            double[][] minus = Along(-Step);
            for (int v = 0; v < Inputs.Length; v++)
            {
                for (int k = 0; k < Inputs[v].Length; k++)
                {
                    if (SkipFiniteDifference(v, k))
                    {
                        continue;
                    }

                    double expected = (plus[v][k] - minus[v][k]) / (2 * Step);
                    Assert.True(Close(expected, deviceTangent[v][k], Tolerance), $"tangent of view {v}[{k}]: kernel {deviceTangent[v][k]}, finite differences {expected}");
                }
            }
        }

        private double FiniteDifference(double[][] weights, int view, int element)
        {
            double Loss(double delta)
            {
                double[][] values = Copy(Inputs);
                values[view][element] += delta;
                HostForward(values);
                double loss = 0;
                for (int v = 0; v < values.Length; v++)
                {
                    for (int k = 0; k < values[v].Length; k++)
                    {
                        loss += weights[v][k] * values[v][k];
                    }
                }

                return loss;
            }

            return (Loss(Step) - Loss(-Step)) / (2 * Step);
        }

        private static bool Close(double expected, double actual, double tolerance) =>
            Math.Abs(expected - actual) <= tolerance * Math.Max(1.0, Math.Abs(expected));

        private static double[][] Copy(double[][] arrays) => arrays.Select(a => (double[])a.Clone()).ToArray();

        public static double[] Values(int length, int seed, double low = -1, double high = 1)
        {
            var random = new System.Random(seed);
            return Enumerable.Range(0, length).Select(_ => low + (high - low) * random.NextDouble()).ToArray();
        }
    }
}
