using System;
using System.Diagnostics;
using System.Linq;
using Diff.NN;
using Diff.Optim;

namespace Diff.GpuBench;

/// <summary>
/// Device tensors on the best device: an elementwise op against the device's copy bandwidth, sgemm
/// through cuBLAS (directly and through <c>Tensor.MatMul</c>) and through the tiled ILGPU fallback,
/// and an MLP training step. Every figure is the median of synchronised repeats after a warm-up.
/// </summary>
public static partial class TensorBench
{
    [Differentiable]
    private static Tensor Loss(Module model, [NoDiff] Tensor x, int[] labels) => Functional.CrossEntropyLoss(model.Forward(x), labels);

    /// <summary>Runs the three measurements and prints their tables.</summary>
    public static void Run(Device device, bool large, int repeats)
    {
        Console.WriteLine($"device tensors on {device} (cuBLAS {(CuBlas.IsAvailable ? "loaded: " + CuBlas.LoadedName : "not found")})");
        Elementwise(device, large ? 1 << 26 : 1 << 16, repeats);
        Sgemm(device, large ? 4096 : 32, repeats);
        TrainingStep(device, large, large ? 512 : 8, large ? 1024 : 16, repeats);
    }

    private static void Elementwise(Device device, int elements, int repeats)
    {
        Tensor x = Tensor.Randn(new[] { elements }, device, new Generator(1));
        Tensor y = Tensor.Randn(new[] { elements }, device, new Generator(2));
        double copy = Median(device, repeats, () => x.Clone());
        double copyBandwidth = 8.0 * elements / copy;
        Console.WriteLine("| op | bytes/element | median | GB/s | of copy |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("copy (Clone)", 8, copy, elements, copyBandwidth);
        Row("Relu", 8, Median(device, repeats, () => x.Relu()), elements, copyBandwidth);
        Row("x * y", 12, Median(device, repeats, () => x * y), elements, copyBandwidth);
        Row("x * 0.5", 8, Median(device, repeats, () => x * 0.5f), elements, copyBandwidth);
        Row("Tanh", 8, Median(device, repeats, () => x.Tanh()), elements, copyBandwidth);
    }

    private static void Sgemm(Device device, int n, int repeats)
    {
        Tensor a = Tensor.Randn(new[] { n, n }, device, new Generator(3));
        Tensor b = Tensor.Randn(new[] { n, n }, device, new Generator(4));
        Tensor c = Tensor.Zeros(new[] { n, n }, device);
        double flops = 2.0 * n * n * n;
        Console.WriteLine($"| sgemm {n}² | median | GFLOP/s |");
        Console.WriteLine("|---|---:|---:|");
        if (CuBlas.IsAvailable)
        {
            double direct = Median(device, repeats, () => CuBlas.TryGemm(device.AcceleratorInstance, DeviceOps.View(a), false, DeviceOps.View(b), false, DeviceOps.View(c), n, n, n, false));
            Console.WriteLine($"| cuBLAS, called directly | {direct * 1e3:F3} ms | {flops / direct / 1e9:F0} |");
            double wrapped = Median(device, repeats, () => Tensor.MatMul(a, b));
            Console.WriteLine($"| Tensor.MatMul (cuBLAS) | {wrapped * 1e3:F3} ms | {flops / wrapped / 1e9:F0} |");
        }

        bool enabled = CuBlas.Enabled;
        CuBlas.Enabled = false;
        double tiled = Median(device, repeats, () => Tensor.MatMul(a, b));
        CuBlas.Enabled = enabled;
        Console.WriteLine($"| Tensor.MatMul (tiled ILGPU kernel) | {tiled * 1e3:F3} ms | {flops / tiled / 1e9:F0} |");
    }

    private static void TrainingStep(Device device, bool large, int batch, int hidden, int repeats)
    {
        var generator = new Generator(5);
        var model = new Sequential(
            new Linear(784, hidden, generator: generator), new ReLU(),
            new Linear(hidden, hidden, generator: generator), new ReLU(),
            new Linear(hidden, 10, generator: generator));
        model.To(device);
        var optimizer = new SGD(model.Parameters(), lr: 0.01, momentum: 0.9);
        Tensor x = Tensor.Randn(new[] { batch, 784 }, device, new Generator(6));
        int[] labels = Enumerable.Range(0, batch).Select(i => i % 10).ToArray();
        float loss = 0f;
        double step = Median(device, large ? Math.Max(repeats, 20) : 1, () =>
        {
            optimizer.ZeroGrad();
            loss = LossGradient(model, x, labels).Item();
            optimizer.Step();
        });
        Console.WriteLine($"| MLP step 784-{hidden}-{hidden}-10, batch {batch}, SGD momentum | median | loss |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| DiffGen on {device} | {step * 1e3:F3} ms | {loss:F4} |");
        Console.WriteLine($"driver allocations: {device.Memory.DriverAllocations}; reserved {device.MemoryReserved / (1 << 20)} MiB");
    }

    private static void Row(string name, int bytes, double seconds, int elements, double copyBandwidth)
    {
        double bandwidth = (double)bytes * elements / seconds;
        Console.WriteLine($"| {name} | {bytes} | {seconds * 1e3:F3} ms | {bandwidth / 1e9:F1} | {bandwidth / copyBandwidth:P0} |");
    }

    private static double Median(Device device, int repeats, Action run)
    {
        run();
        device.AcceleratorInstance.Synchronize();
        double[] times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            device.AcceleratorInstance.Synchronize();
            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    private static double Median(Device device, int repeats, Func<object> run) => Median(device, repeats, () => { run(); });
}
