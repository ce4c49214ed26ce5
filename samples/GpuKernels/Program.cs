// A GPU kernel and its gradient. The kernel is ordinary C# marked [Kernel]; ILGPU compiles it for the
// device as written, and DiffGen writes, at build time:
//   DiffuseAdjoint            the adjoint kernel (each thread replays its forward, then its reverse sweep)
//   DiffuseHost, ...Adjoint   host twins over arrays: the CPU path and the CPU reference
//   DiffuseLauncher           Forward/Backward: loads both kernels once per accelerator, checks lengths
// The sample runs on the best device there is (CUDA, else OpenCL, else ILGPU's CPU accelerator), says
// which, and checks the gradient against finite differences.

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Diff;
using Diff.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace Samples.GpuKernels;

public static partial class GpuKernelsSample
{
    /// <summary>
    /// One explicit step of a nonlinear diffusion: u' = u + rate·(u[i-1] − 2u[i] + u[i+1]) − rate·u³,
    /// with the ends held. Each thread writes its own element and reads its neighbours.
    /// </summary>
    [Kernel]
    public static void Diffuse(Index1D i, double rate, ArrayView<double> u, ArrayView<double> next)
    {
        if (i == 0 || i == u.Length - 1)
        {
            next[i] = u[i];
            return;
        }

        double laplacian = u[i - 1] - 2.0 * u[i] + u[i + 1];
        next[i] = u[i] + rate * laplacian - rate * u[i] * u[i] * u[i];
    }

    /// <summary>What the sample measured.</summary>
    /// <param name="Device">The device the kernels ran on.</param>
    /// <param name="Loss">L = Σ wᵢ·nextᵢ.</param>
    /// <param name="MaxErrorVersusHostTwin">Largest difference between the device's gradient and the host twin's.</param>
    /// <param name="MaxErrorVersusFiniteDifferences">Largest relative difference from central finite differences (checked elements).</param>
    /// <param name="RateGradient">∂L/∂rate, summed over every thread by the adjoint kernel.</param>
    public sealed record Result(string Device, double Loss, double MaxErrorVersusHostTwin, double MaxErrorVersusFiniteDifferences, double RateGradient);

    static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Run(Console.Out);
    }

    /// <summary>Runs the kernel and its adjoint on the best device, and checks the gradient.</summary>
    public static Result Run(TextWriter output)
    {
        const int n = 2048;
        const double rate = 0.1;
        var random = new System.Random(7);
        double[] u = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] weights = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();

        GpuContext gpu = GpuContext.Default;
        output.WriteLine($"device: {gpu}{(gpu.IsGpu ? string.Empty : "; no GPU found, so ILGPU's CPU accelerator runs the same kernels")}");
        Accelerator accelerator = gpu.Accelerator;

        // Gradient of L = Σ wᵢ·nextᵢ: seed next's adjoint with w and run the adjoint kernel.
        using var uView = accelerator.Allocate1D(u);
        using var nextView = accelerator.Allocate1D<double>(n);
        using var dRate = accelerator.Allocate1D<double>(1);
        using var dU = accelerator.Allocate1D<double>(n);
        using var dNext = accelerator.Allocate1D(weights);
        dRate.MemSetToZero();
        dU.MemSetToZero();
        DiffuseLauncher.Backward(accelerator, n, rate, uView.View, nextView.View, dRate.View, dU.View, dNext.View);
        accelerator.Synchronize();
        double[] next = nextView.GetAsArray1D();
        double[] gradient = dU.GetAsArray1D();
        double rateGradient = dRate.GetAsArray1D()[0];
        double loss = weights.Zip(next, (w, v) => w * v).Sum();
        output.WriteLine($"L = Σ w·next = {loss:F6}   ∂L/∂rate = {rateGradient:F6}");

        // The host twin of the adjoint: the same code over arrays, threads run in order.
        double[] hostRate = new double[1];
        double[] hostU = new double[n];
        DiffuseHostAdjoint(n, rate, (double[])u.Clone(), new double[n], hostRate, hostU, (double[])weights.Clone());
        double versusHost = Math.Max(Math.Abs(hostRate[0] - rateGradient), gradient.Zip(hostU, (a, b) => Math.Abs(a - b)).Max());
        output.WriteLine($"device vs host twin: max difference {versusHost:E2}");

        // Central finite differences of the forward host twin, at a few elements and for the rate.
        double Loss(double[] values, double r)
        {
            double[] result = new double[n];
            DiffuseHost(n, r, values, result);
            return weights.Zip(result, (w, v) => w * v).Sum();
        }

        const double h = 1e-6;
        double worst = 0;
        foreach (int k in new[] { 0, 1, 2, n / 2, n - 2, n - 1 })
        {
            double[] plus = (double[])u.Clone();
            double[] minus = (double[])u.Clone();
            plus[k] += h;
            minus[k] -= h;
            double expected = (Loss(plus, rate) - Loss(minus, rate)) / (2 * h);
            worst = Math.Max(worst, Math.Abs(expected - gradient[k]) / Math.Max(1, Math.Abs(expected)));
            output.WriteLine($"  ∂L/∂u[{k,4}]  kernel {gradient[k],12:F8}   finite differences {expected,12:F8}");
        }

        double expectedRate = (Loss(u, rate + h) - Loss(u, rate - h)) / (2 * h);
        worst = Math.Max(worst, Math.Abs(expectedRate - rateGradient) / Math.Max(1, Math.Abs(expectedRate)));
        output.WriteLine($"  ∂L/∂rate     kernel {rateGradient,12:F8}   finite differences {expectedRate,12:F8}");
        output.WriteLine($"largest relative difference from finite differences: {worst:E2}");
        return new Result(gpu.ToString(), loss, versusHost, worst, rateGradient);
    }
}
