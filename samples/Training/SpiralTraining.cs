using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Diff;
using Diff.NN;
using Diff.Optim;
using Diff.Training;

namespace Samples.Training;

/// <summary>Settings of one training run.</summary>
public sealed record TrainingOptions
{
    public int Classes { get; init; } = 3;
    public int PointsPerClass { get; init; } = 300;
    public double HeldOutFraction { get; init; } = 0.2;
    public int Hidden { get; init; } = 64;
    public int Epochs { get; init; } = 60;
    public int BatchSize { get; init; } = 32;
    public float LearningRate { get; init; } = 0.01f;
    public int Seed { get; init; } = 0;
    public string OutputDirectory { get; init; } = "training-output";

    /// <summary>Where the model trains (PyTorch: model.to(device)); the data goes there batch by batch.</summary>
    public Device Device { get; init; } = Device.Cpu;
}

/// <summary>What a training run measured and wrote.</summary>
public sealed record TrainingResult(
    int TrainCount, int HeldOutCount, float[] EpochLosses, float[] HeldOutLosses,
    double TrainAccuracy, double HeldOutAccuracy,
    string CheckpointPath, string LossCurvePngPath, string LossCurveSvgPath, bool ReloadedPredictionsIdentical,
    TimeSpan Elapsed);

/// <summary>Trains a small MLP to tell the arms of a spiral apart.</summary>
public static partial class SpiralTraining
{
    // The training loss: cross-entropy of the model's class scores against the labels. The model is
    // a Module argument, so the generated LossGradient(model, x, labels) has no adjoint parameter
    // for it: it adds the gradient of every weight into that weight's Parameter.Grad, where the
    // optimizer finds it. int[] labels are constants automatically.
    [Differentiable]
    static Tensor Loss(Module model, [NoDiff] Tensor x, int[] labels) =>
        Functional.CrossEntropyLoss(model.Forward(x), labels);

    /// <summary>The network: 2 inputs, two hidden layers with ReLU, one score per class.</summary>
    public static Sequential CreateModel(int hidden, int classes, Generator generator) => new(
        new Linear(2, hidden, generator: generator),
        new ReLU(),
        new Linear(hidden, hidden, generator: generator),
        new ReLU(),
        new Linear(hidden, classes, generator: generator));

    /// <summary>
    /// Generates the data, trains, measures held-out accuracy, saves a checkpoint, reloads it into a
    /// fresh model and writes the loss curves. <paramref name="progress"/> hears every batch and epoch.
    /// </summary>
    public static TrainingResult Run(TrainingOptions options, ProgressReporter? progress = null)
    {
        var clock = Stopwatch.StartNew();

        // --- Data: shuffled spirals, split into a training part and a held-out part ---------------
        Spirals all = Spirals.Generate(options.Classes, options.PointsPerClass, options.Seed);
        int heldOutCount = (int)Math.Round(all.Count * options.HeldOutFraction);
        Spirals train = all.Slice(0, all.Count - heldOutCount);
        Spirals heldOut = all.Slice(all.Count - heldOutCount, heldOutCount);

        // PyTorch: DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True, generator=g)
        var loader = DataLoader.Create(train.ToDataset(), options.BatchSize, shuffle: true, generator: new Generator(options.Seed));
        Tensor heldOutX = Tensor.FromArray(heldOut.Points, new[] { heldOut.Count, 2 }, options.Device);

        // --- Model and optimizer ------------------------------------------------------------------
        var generator = new Generator(options.Seed);        // the initial weights depend only on the seed
        Sequential model = CreateModel(options.Hidden, options.Classes, generator);
        model.To(options.Device);                           // PyTorch: model.to(device), before the optimizer
        var optimizer = new Adam(model.Parameters(), lr: options.LearningRate);

        // --- Training loop ------------------------------------------------------------------------
        var epochLosses = new float[options.Epochs];
        var heldOutLosses = new float[options.Epochs];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            double lossSum = 0;
            foreach (var (x, y) in loader)                   // a new order of mini-batches each epoch
            {
                // PyTorch: optimizer.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); optimizer.step()
                optimizer.ZeroGrad();
                Tensor loss = LossGradient(model, x.To(options.Device), y.ToArray());
                optimizer.Step();

                lossSum += loss.Item();
                progress?.Batch(x.Shape[0], loss.Item());
            }

            epochLosses[epoch] = (float)(lossSum / loader.Count);
            // The plain Loss computes no gradient (PyTorch: with torch.no_grad()).
            heldOutLosses[epoch] = Loss(model, heldOutX, heldOut.Labels).Item();
            progress?.EndEpoch(heldOutLosses[epoch]);
        }

        // --- Evaluation ---------------------------------------------------------------------------
        double trainAccuracy = Accuracy(model, train, options.Device);
        double heldOutAccuracy = Accuracy(model, heldOut, options.Device);

        // --- Checkpoint: save, reload into a freshly initialised model, compare -------------------
        Directory.CreateDirectory(options.OutputDirectory);
        string checkpointPath = Path.Combine(options.OutputDirectory, "spiral-mlp.safetensors");
        model.Save(checkpointPath);

        Sequential reloaded = CreateModel(options.Hidden, options.Classes, new Generator(options.Seed + 1));
        reloaded.To(options.Device);
        reloaded.Load(checkpointPath);
        bool identical = model.Forward(heldOutX).ToArray().AsSpan().SequenceEqual(reloaded.Forward(heldOutX).ToArray());

        // --- The loss curves, training and held-out, as PNG and SVG -------------------------------
        (string png, string svg) = LossPlot.SavePngAndSvg(
            Path.Combine(options.OutputDirectory, "loss-curve"),
            epochLosses.Select(v => (double)v).ToArray(),
            heldOutLosses.Select(v => (double)v).ToArray(),
            "Spiral classifier");

        return new TrainingResult(
            train.Count, heldOut.Count, epochLosses, heldOutLosses, trainAccuracy, heldOutAccuracy,
            checkpointPath, png, svg, identical, clock.Elapsed);
    }

    // The fraction of points whose highest class score is their label (PyTorch: (model(x).argmax(1) == y).float().mean()).
    private static double Accuracy(Module model, Spirals data, Device device)
    {
        Tensor scores = model.Forward(Tensor.FromArray(data.Points, new[] { data.Count, 2 }, device));
        float[] predictions = scores.To(Device.Cpu).ArgMax(1).ToArray();
        return (double)predictions.Where((p, i) => (int)p == data.Labels[i]).Count() / data.Count;
    }
}
