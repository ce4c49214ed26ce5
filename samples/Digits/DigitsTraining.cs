using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Diff;
using Diff.NN;
using Diff.Optim;
using Diff.Training;

namespace Samples.Digits;

/// <summary>Settings of one training run.</summary>
public sealed record DigitsOptions
{
    public string DataPath { get; init; } = DigitsData.DefaultPath;
    public double TestFraction { get; init; } = 0.2;
    public int Epochs { get; init; } = 12;
    public int BatchSize { get; init; } = 32;
    public float LearningRate { get; init; } = 0.005f;
    public int Seed { get; init; } = 0;
    public string OutputDirectory { get; init; } = "digits-output";
}

/// <summary>What a training run measured and wrote.</summary>
public sealed record DigitsResult(
    int TrainCount, int TestCount, string ModelDescription, string Summary, float[] EpochLosses, float[] TestLosses,
    double TrainAccuracy, double TestAccuracy, string CheckpointPath, bool ReloadedPredictionsIdentical,
    string LossCurvePngPath, TimeSpan Elapsed);

/// <summary>Trains a small convolutional network on the 8×8 UCI digits.</summary>
public static partial class DigitsTraining
{
    private static readonly CrossEntropyLoss Criterion = new();

    // The training loss. The model is a Module argument, so the generated LossGradient(model, x,
    // labels) adds every weight's gradient into its Parameter.Grad; the labels are constants.
    [Differentiable]
    static Tensor Loss(Module model, [NoDiff] Tensor images, int[] labels) =>
        Criterion.Forward(model.Forward(images), labels);

    /// <summary>
    /// Two convolution blocks (Conv2d, BatchNorm2d, ReLU, MaxPool2d) take 1×8×8 to 32×2×2; a
    /// linear layer gives the ten class scores.
    /// </summary>
    public static Sequential CreateModel(Generator generator) => new(
        new Conv2d(1, 16, 3, padding: 1, generator: generator),
        new BatchNorm2d(16),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(16, 32, 3, padding: 1, generator: generator),
        new BatchNorm2d(32),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(32 * 2 * 2, 10, generator: generator));

    /// <summary>
    /// Splits the data, trains with mini-batches from a DataLoader, measures test accuracy, saves a
    /// checkpoint (BatchNorm's running statistics included), reloads it and draws the loss curves.
    /// </summary>
    public static DigitsResult Run(DigitsOptions options, ProgressReporter? progress = null)
    {
        var clock = Stopwatch.StartNew();

        // --- Data: a seeded shuffle split into training and test samples ---------------------------
        DigitsData all = DigitsData.Load(options.DataPath);
        var random = new System.Random(options.Seed);
        int[] order = Enumerable.Range(0, all.Count).OrderBy(_ => random.Next()).ToArray();
        int testCount = (int)Math.Round(all.Count * options.TestFraction);
        DigitsData train = all.Take(order[testCount..]);
        DigitsData test = all.Take(order[..testCount]);

        // PyTorch: DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True, generator=g)
        var dataset = TensorDataset.Create(Images(train), IntTensor.FromArray(train.Labels));
        var loader = DataLoader.Create(dataset, options.BatchSize, shuffle: true, generator: new Generator(options.Seed));
        Tensor testImages = Images(test);

        // --- Model and optimizer ------------------------------------------------------------------
        Sequential model = CreateModel(new Generator(options.Seed));
        var optimizer = new Adam(model.Parameters(), lr: options.LearningRate);
        string description = model.ToString();
        string summary = model.Summary(1, 1, DigitsData.Side, DigitsData.Side);

        // --- Training loop ------------------------------------------------------------------------
        var epochLosses = new float[options.Epochs];
        var testLosses = new float[options.Epochs];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            model.Train();
            double lossSum = 0;
            foreach (var (images, labels) in loader)
            {
                optimizer.ZeroGrad();
                Tensor loss = LossGradient(model, images, labels.ToArray());
                optimizer.Step();

                lossSum += loss.Item();
                progress?.Batch(images.Shape[0], loss.Item());
            }

            epochLosses[epoch] = (float)(lossSum / loader.Count);
            // Evaluation mode: BatchNorm normalises with its running statistics (PyTorch: model.eval()).
            model.Eval();
            testLosses[epoch] = Loss(model, testImages, test.Labels).Item();
            progress?.EndEpoch(testLosses[epoch], $"test accuracy {Accuracy(model, test):P1}");
        }

        // --- Evaluation ---------------------------------------------------------------------------
        model.Eval();
        double trainAccuracy = Accuracy(model, train);
        double testAccuracy = Accuracy(model, test);

        // --- Checkpoint: weights and BatchNorm buffers under PyTorch's names ------------------------
        Directory.CreateDirectory(options.OutputDirectory);
        string checkpointPath = Path.Combine(options.OutputDirectory, "digits-cnn.safetensors");
        model.Save(checkpointPath);
        Sequential reloaded = CreateModel(new Generator(options.Seed + 1));
        reloaded.Load(checkpointPath);
        reloaded.Eval();
        bool identical = model.Forward(testImages).ToArray().AsSpan().SequenceEqual(reloaded.Forward(testImages).ToArray());

        // --- The loss curves, training and test, as PNG -------------------------------------------
        string png = Path.Combine(options.OutputDirectory, "loss-curve.png");
        LossPlot.Save(png, epochLosses.Select(v => (double)v).ToArray(), testLosses.Select(v => (double)v).ToArray(), "Digits CNN");

        return new DigitsResult(train.Count, test.Count, description, summary, epochLosses, testLosses,
            trainAccuracy, testAccuracy, checkpointPath, identical, png, clock.Elapsed);
    }

    private static Tensor Images(DigitsData data) => Tensor.FromArray(data.Pixels, data.Count, 1, DigitsData.Side, DigitsData.Side);

    // PyTorch: (model(x).argmax(1) == y).float().mean()
    private static double Accuracy(Module model, DigitsData data)
    {
        float[] predictions = model.Forward(Images(data)).ArgMax(1).ToArray();
        return (double)predictions.Where((p, i) => (int)p == data.Labels[i]).Count() / data.Count;
    }
}
