// Training a classifier end to end: data in a DataLoader, an optimizer, a progress report,
// held-out accuracy, a checkpoint saved and reloaded, and the loss curves as PNG and SVG pictures.
//
//   dotnet run --project samples/Training [output-folder] [--quiet]
//
// The output folder defaults to ./training-output under the current directory. The progress bar
// appears on an interactive terminal; redirected to a file, the run writes one plain line per epoch.
// The model and the training loop are in SpiralTraining.cs.

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Diff.Training;

namespace Samples.Training;

public static class Program
{
    public static void Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        bool quiet = args.Contains("--quiet");
        string[] positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var options = new TrainingOptions
        {
            OutputDirectory = positional.Length > 0 ? positional[0] : Path.Combine(".", "training-output"),
        };

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
