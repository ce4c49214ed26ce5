// Training a classifier end to end: data in a DataLoader, an optimizer, a progress report,
// held-out accuracy, a checkpoint saved and reloaded, and the loss curves as PNG and SVG pictures.
//
//   dotnet run --project samples/Training [output-folder] [--quiet] [--device cpu|cuda|best|ilgpu-cpu]
//
// --device picks where the model trains (the default is cpu). best takes the first CUDA GPU and
// falls back to the CPU on a machine without one; the run says which device it used. ilgpu-cpu runs
// the device code (kernels, caching allocator, device optimizer steps) on ILGPU's CPU accelerator,
// for trying the GPU path on a machine without a GPU.
// The output folder defaults to ./training-output under the current directory. The progress bar
// appears on an interactive terminal; redirected to a file, the run writes one plain line per epoch.
// The model and the training loop are in SpiralTraining.cs.

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Diff;
using ILGPU;
using ILGPU.Runtime.CPU;
using Diff.Training;

namespace Samples.Training;

public static class Program
{
    public static void Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        bool quiet = args.Contains("--quiet");
        int deviceFlag = Array.IndexOf(args, "--device");
        string deviceName = deviceFlag >= 0 && deviceFlag + 1 < args.Length ? args[deviceFlag + 1] : "cpu";
        string[] positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (deviceFlag < 0 || i != deviceFlag + 1)).ToArray();
        Device device = deviceName switch
        {
            "cpu" => Device.Cpu,
            "cuda" => Device.Cuda(),
            "best" => Device.Best,
            "ilgpu-cpu" => Device.Accelerator(Context.Create(builder => builder.CPU().EnableAlgorithms()).CreateCPUAccelerator(0)),
            _ => throw new ArgumentException($"--device must be cpu, cuda, best or ilgpu-cpu, not '{deviceName}'."),
        };
        var options = new TrainingOptions
        {
            OutputDirectory = positional.Length > 0 ? positional[0] : Path.Combine(".", "training-output"),
            Device = device,
        };
        if (deviceName == "ilgpu-cpu")
        {
            // The CPU accelerator runs every GPU thread and barrier in software: enough to see the
            // device path work, far too slow for the full run.
            options = options with { Epochs = 2 };
            Console.WriteLine("ILGPU's CPU accelerator emulates GPU threads in software, so this run trains for 2 epochs only.");
        }

        Console.WriteLine(deviceName == "best" && device.IsCpu
            ? "device:             cpu (--device best found no CUDA GPU, so the model trains on the CPU)"
            : $"device:             {device}");

        Console.WriteLine($"Three interleaved spirals, {options.Classes * options.PointsPerClass} points; an MLP 2-{options.Hidden}-{options.Hidden}-{options.Classes} trained with Adam.");

        TrainingResult result = null!;
        ProgressReporter.Run(options.Epochs, progress => result = SpiralTraining.Run(options, progress),
            quiet ? ProgressMode.Quiet : ProgressMode.Auto);

        Console.WriteLine($"training points:    {result.TrainCount}, held out: {result.HeldOutCount}");
        Console.WriteLine($"loss:               {result.EpochLosses[0]:F4} after epoch 1, {result.EpochLosses[^1]:F4} after epoch {result.EpochLosses.Length}");
        Console.WriteLine($"held-out loss:      {result.HeldOutLosses[^1]:F4}");
        Console.WriteLine($"train accuracy:     {result.TrainAccuracy:P1}");
        Console.WriteLine($"held-out accuracy:  {result.HeldOutAccuracy:P1}");
        Console.WriteLine($"checkpoint:         {result.CheckpointPath}");
        Console.WriteLine($"reloaded model:     {(result.ReloadedPredictionsIdentical ? "identical predictions" : "DIFFERENT predictions")}");
        Console.WriteLine($"loss curves:        {result.LossCurvePngPath}, {result.LossCurveSvgPath}");
        Console.WriteLine($"time:               {result.Elapsed.TotalSeconds:F1} s");
    }
}
