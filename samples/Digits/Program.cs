// A small convolutional network on real data: the UCI handwritten digits (8×8 images, 1,797
// samples, CC BY 4.0; see data/README.md). Conv2d, BatchNorm2d, ReLU, MaxPool2d and Linear, trained
// with Adam on mini-batches from a DataLoader; it prints the test accuracy, saves a checkpoint with
// BatchNorm's running statistics under PyTorch's names, and draws the loss curves as a PNG.
//
//   dotnet run --project samples/Digits [output-folder] [--quiet]

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Diff.Training;

namespace Samples.Digits;

public static class Program
{
    public static void Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        bool quiet = args.Contains("--quiet");
        string[] positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var options = new DigitsOptions
        {
            OutputDirectory = positional.Length > 0 ? positional[0] : Path.Combine(".", "digits-output"),
        };

        DigitsResult result = null!;
        ProgressReporter.Run(options.Epochs, progress => result = DigitsTraining.Run(options, progress),
            quiet ? ProgressMode.Quiet : ProgressMode.Auto);

        Console.WriteLine(result.ModelDescription);
        Console.WriteLine(result.Summary);
        Console.WriteLine($"training images:    {result.TrainCount}, test images: {result.TestCount}");
        Console.WriteLine($"loss:               {result.EpochLosses[0]:F4} after epoch 1, {result.EpochLosses[^1]:F4} after epoch {result.EpochLosses.Length}");
        Console.WriteLine($"test loss:          {result.TestLosses[^1]:F4}");
        Console.WriteLine($"train accuracy:     {result.TrainAccuracy:P1}");
        Console.WriteLine($"test accuracy:      {result.TestAccuracy:P1}");
        Console.WriteLine($"checkpoint:         {result.CheckpointPath}");
        Console.WriteLine($"reloaded model:     {(result.ReloadedPredictionsIdentical ? "identical predictions" : "DIFFERENT predictions")}");
        Console.WriteLine($"loss curves:        {result.LossCurvePngPath}");
        Console.WriteLine($"time:               {result.Elapsed.TotalSeconds:F1} s");
    }
}
