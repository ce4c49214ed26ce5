// Training a classifier end to end: data, mini-batches, an optimizer, a progress bar, held-out
// accuracy, a checkpoint saved and reloaded, and the loss curve as an SVG picture.
//
//   dotnet run --project samples/Training [output-folder]
//
// The output folder defaults to ./training-output under the current directory.
// The model and the training loop are in SpiralTraining.cs.

using System;
using System.Globalization;
using System.IO;
using Spectre.Console;

namespace Samples.Training;

public static class Program
{
    public static void Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var options = new TrainingOptions
        {
            OutputDirectory = args.Length > 0 ? args[0] : Path.Combine(".", "training-output"),
        };

        Console.WriteLine($"Three interleaved spirals, {options.Classes * options.PointsPerClass} points; an MLP 2-{options.Hidden}-{options.Hidden}-{options.Classes} trained with Adam.");

        TrainingResult result = null!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: options.Epochs);
                result = SpiralTraining.Run(options, (epoch, loss) =>
                {
                    task.Description = $"epoch {epoch,3}/{options.Epochs}  loss {loss:F4}";
                    task.Value = epoch;
                });
            });

        Console.WriteLine($"training points:    {result.TrainCount}, held out: {result.HeldOutCount}");
        Console.WriteLine($"loss:               {result.EpochLosses[0]:F4} after epoch 1, {result.EpochLosses[^1]:F4} after epoch {result.EpochLosses.Length}");
        Console.WriteLine($"train accuracy:     {result.TrainAccuracy:P1}");
        Console.WriteLine($"held-out accuracy:  {result.HeldOutAccuracy:P1}");
        Console.WriteLine($"checkpoint:         {result.CheckpointPath}");
        Console.WriteLine($"reloaded model:     {(result.ReloadedPredictionsIdentical ? "identical predictions" : "DIFFERENT predictions")}");
        Console.WriteLine($"loss curve:         {result.LossCurvePath}");
        Console.WriteLine($"time:               {result.Elapsed.TotalSeconds:F1} s");
    }
}
