// Kernels and their generated adjoints on the best device: effective bandwidth against the device's own
// copy bandwidth, and the device's gradients against the host twins; then device tensors (TensorBench.cs):
// elementwise ops, sgemm through cuBLAS and the tiled kernel, an MLP training step. No arguments needed.
//
//   bench/Diff.GpuBench [--elements N] [--repeats R]

using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Diff;
using Diff.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace Diff.GpuBench;

public static partial class Program
{
    /// <summary>y ← a·x + y: reads 8 bytes and writes 4 per element.</summary>
    [Kernel]
    public static void Saxpy(Index1D i, float a, ArrayView<float> x, ArrayView<float> y) => y[i] = a * x[i] + y[i];

    /// <summary>y = tanh(x): reads 4 bytes and writes 4 per element.</summary>
    [Kernel]
    public static void Tanh(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        y[i] = MathF.Tanh(x[i]);
    }

    /// <summary>A three-point stencil, whose adjoint the launcher runs as a gather.</summary>
    [Kernel]
    public static void Smooth(Index1D i, ArrayView<float> x, ArrayView<float> y)
    {
        if (i > 0 && i < x.Length - 1)
        {
            y[i] = 0.25f * x[i - 1] + 0.5f * x[i] + 0.25f * x[i + 1];
        }
        else
        {
            y[i] = x[i];
        }
    }

    public static int Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        GpuContext gpu = GpuContext.Default;
        int elements = gpu.IsGpu ? 1 << 26 : 1 << 16;
        int repeats = gpu.IsGpu ? 20 : 3;
        for (int k = 0; k + 1 < args.Length; k += 2)
        {
            if (args[k] == "--elements")
            {
                elements = int.Parse(args[k + 1], CultureInfo.InvariantCulture);
            }
            else if (args[k] == "--repeats")
            {
                repeats = int.Parse(args[k + 1], CultureInfo.InvariantCulture);
            }
        }

        Accelerator accelerator = gpu.Accelerator;
        Console.WriteLine($"device: {gpu}; elements: {elements}; repeats: {repeats} (median)");
        int failures = CheckAgainstHostTwins(accelerator);

        using var x = accelerator.Allocate1D<float>(elements);
        using var y = accelerator.Allocate1D<float>(elements);
        using var dX = accelerator.Allocate1D<float>(elements);
        using var dY = accelerator.Allocate1D<float>(elements);
        using var dA = accelerator.Allocate1D<float>(1);
        foreach (var buffer in new[] { x, y, dX, dY })
        {
            buffer.MemSetToZero();
        }

        double copy = Median(repeats, accelerator, () => x.View.CopyTo(y.View));
        double copyBandwidth = 2.0 * 4 * elements / copy;
        Console.WriteLine("| kernel | bytes/element | median | GB/s | of copy |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("device copy (x → y)", 8, copy, elements, copyBandwidth);
        Row("Saxpy forward", 12, Median(repeats, accelerator, () => SaxpyLauncher.Forward(accelerator, elements, 0.5f, x.View, y.View)), elements, copyBandwidth);
        Row("Saxpy adjoint (grouped dA)", 24, Median(repeats, accelerator, () => SaxpyLauncher.Backward(accelerator, elements, 0.5f, x.View, y.View, dA.View, dX.View, dY.View)), elements, copyBandwidth);
        Row("Tanh forward", 8, Median(repeats, accelerator, () => TanhLauncher.Forward(accelerator, elements, x.View, y.View)), elements, copyBandwidth);
        Row("Tanh adjoint", 24, Median(repeats, accelerator, () => TanhLauncher.Backward(accelerator, elements, x.View, y.View, dX.View, dY.View)), elements, copyBandwidth);
        Row("Tanh tangent", 16, Median(repeats, accelerator, () => TanhLauncher.Tangent(accelerator, elements, x.View, y.View, dX.View, dY.View)), elements, copyBandwidth);
        Row("Smooth forward", 8, Median(repeats, accelerator, () => SmoothLauncher.Forward(accelerator, elements, x.View, y.View)), elements, copyBandwidth);
        Row("Smooth adjoint (gather + local)", 40, Median(repeats, accelerator, () => SmoothLauncher.Backward(accelerator, elements, x.View, y.View, dX.View, dY.View)), elements, copyBandwidth);
        Console.WriteLine(failures == 0 ? "host-twin checks: all passed" : $"host-twin checks: {failures} failed");

        // Device tensors on the same accelerator: elementwise ops, sgemm, an MLP training step.
        TensorBench.Run(Device.Accelerator(accelerator), gpu.IsGpu, repeats);
        return failures == 0 ? 0 : 1;
    }

    private static void Row(string name, int bytes, double seconds, int elements, double copyBandwidth)
    {
        double bandwidth = (double)bytes * elements / seconds;
        Console.WriteLine($"| {name} | {bytes} | {seconds * 1e3:F3} ms | {bandwidth / 1e9:F1} | {bandwidth / copyBandwidth:P0} |");
    }

    /// <summary>The median time of <paramref name="repeats"/> runs of <paramref name="launch"/>, each synchronised, after a warm-up run.</summary>
    private static double Median(int repeats, Accelerator accelerator, Action launch)
    {
        launch();
        accelerator.Synchronize();
        double[] times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            launch();
            accelerator.Synchronize();
            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    /// <summary>The adjoints and tangents on the device against the host twins (float: relative 1e-4), at 4096 threads.</summary>
    private static int CheckAgainstHostTwins(Accelerator accelerator)
    {
        const int n = 4096;
        var random = new System.Random(3);
        float[] x = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        float[] y = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] seed = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
        int failures = 0;

        void Compare(string name, float[] expected, float[] actual)
        {
            double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Max(1.0, Math.Abs(e))).Max();
            bool ok = worst <= 1e-4;
            failures += ok ? 0 : 1;
            Console.WriteLine($"check {name}: largest relative difference {worst:E2} {(ok ? "ok" : "FAILED")}");
        }

        // Saxpy's adjoint: dX, dA.
        {
            float[] hostDa = new float[1];
            float[] hostDx = new float[n];
            SaxpyHostAdjoint(n, 1.5f, x, (float[])y.Clone(), hostDa, hostDx, (float[])seed.Clone());
            using var xs = accelerator.Allocate1D(x);
            using var ys = accelerator.Allocate1D(y);
            using var dA = accelerator.Allocate1D(new float[1]);
            using var dX = accelerator.Allocate1D(new float[n]);
            using var dY = accelerator.Allocate1D(seed);
            SaxpyLauncher.Backward(accelerator, n, 1.5f, xs.View, ys.View, dA.View, dX.View, dY.View);
            accelerator.Synchronize();
            Compare("Saxpy dX", hostDx, dX.GetAsArray1D());
            Compare("Saxpy dA", hostDa, dA.GetAsArray1D());
        }

        // Tanh's and Smooth's adjoints: dX.
        foreach ((string name, Action<float[], float[], float[], float[]> host, Action<Accelerator, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> device) in new (string, Action<float[], float[], float[], float[]>, Action<Accelerator, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>)[]
        {
            ("Tanh dX", (a, b, c, d) => TanhHostAdjoint(n, a, b, c, d), (acc, a, b, c, d) => TanhLauncher.Backward(acc, n, a, b, c, d)),
            ("Smooth dX", (a, b, c, d) => SmoothHostAdjoint(n, a, b, c, d), (acc, a, b, c, d) => SmoothLauncher.Backward(acc, n, a, b, c, d)),
        })
        {
            float[] hostDx = new float[n];
            host(x, new float[n], hostDx, (float[])seed.Clone());
            using var xs = accelerator.Allocate1D(x);
            using var ys = accelerator.Allocate1D<float>(n);
            using var dX = accelerator.Allocate1D(new float[n]);
            using var dY = accelerator.Allocate1D(seed);
            device(accelerator, xs.View, ys.View, dX.View, dY.View);
            accelerator.Synchronize();
            Compare(name, hostDx, dX.GetAsArray1D());
        }

        return failures;
    }
}
