using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Diff;
using Diff.NN;
using Diff.Optim;

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
}

/// <summary>What a training run measured and wrote.</summary>
public sealed record TrainingResult(
    int TrainCount, int HeldOutCount, float[] EpochLosses,
    double TrainAccuracy, double HeldOutAccuracy,
    string CheckpointPath, string LossCurvePath, bool ReloadedPredictionsIdentical,
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
    /// fresh model and writes the loss curve. <paramref name="onEpoch"/> hears (epoch, mean loss).
    /// </summary>
    public static TrainingResult Run(TrainingOptions options, Action<int, float>? onEpoch = null)
    {
        var clock = Stopwatch.StartNew();

        // --- Data: shuffled spirals, split into a training part and a held-out part ---------------
        Spirals all = Spirals.Generate(options.Classes, options.PointsPerClass, options.Seed);
        int heldOutCount = (int)Math.Round(all.Count * options.HeldOutFraction);
        Spirals train = all.Slice(0, all.Count - heldOutCount);
        Spirals heldOut = all.Slice(all.Count - heldOutCount, heldOutCount);

        // --- Model and optimizer ------------------------------------------------------------------
        var generator = new Generator(options.Seed);        // the initial weights depend only on the seed
        Sequential model = CreateModel(options.Hidden, options.Classes, generator);
        var optimizer = new Adam(model.Parameters(), lr: options.LearningRate);

        // --- Training loop ------------------------------------------------------------------------
        var order = Enumerable.Range(0, train.Count).ToArray();
        var shuffle = new Random(options.Seed);
        var epochLosses = new float[options.Epochs];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            shuffle.Shuffle(order);                          // a new order of mini-batches each epoch
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                int size = Math.Min(options.BatchSize, order.Length - start);
                (float[] points, int[] labels) = train.Gather(order.AsSpan(start, size));
                Tensor x = Tensor.FromArray(points, new[] { size, 2 });

                // PyTorch: optimizer.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); optimizer.step()
                optimizer.ZeroGrad();
                Tensor loss = LossGradient(model, x, labels);
                optimizer.Step();

                lossSum += loss.Item();
                batches++;
            }

            epochLosses[epoch] = (float)(lossSum / batches);
            onEpoch?.Invoke(epoch + 1, epochLosses[epoch]);
        }

        // --- Evaluation: the plain Forward computes no gradient (PyTorch: torch.no_grad()) --------
        double trainAccuracy = Accuracy(Predict(model, train), train.Labels);
        int[] heldOutPredictions = Predict(model, heldOut);
        double heldOutAccuracy = Accuracy(heldOutPredictions, heldOut.Labels);

        // --- Checkpoint: save, reload into a freshly initialised model, compare -------------------
        Directory.CreateDirectory(options.OutputDirectory);
        string checkpointPath = Path.Combine(options.OutputDirectory, "spiral-mlp.safetensors");
        model.Save(checkpointPath);

        Sequential reloaded = CreateModel(options.Hidden, options.Classes, new Generator(options.Seed + 1));
        reloaded.Load(checkpointPath);
        bool identical = Scores(model, heldOut).AsSpan().SequenceEqual(Scores(reloaded, heldOut));

        // --- The loss curve -----------------------------------------------------------------------
        string svgPath = Path.Combine(options.OutputDirectory, "loss-curve.svg");
        File.WriteAllText(svgPath, LossCurveSvg.Render(epochLosses, "Spiral classifier: training loss"));

        return new TrainingResult(
            train.Count, heldOut.Count, epochLosses, trainAccuracy, heldOutAccuracy,
            checkpointPath, svgPath, identical, clock.Elapsed);
    }

    // The class scores for every point, row-major [Count, Classes].
    private static float[] Scores(Module model, Spirals data) =>
        model.Forward(Tensor.FromArray(data.Points, new[] { data.Count, 2 })).ToArray();

    // The class with the highest score, for every point.
    private static int[] Predict(Module model, Spirals data)
    {
        float[] scores = Scores(model, data);
        var predictions = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<float> row = scores.AsSpan(i * data.Classes, data.Classes);
            int best = 0;
            for (int c = 1; c < row.Length; c++)
            {
                if (row[c] > row[best]) best = c;
            }

            predictions[i] = best;
        }

        return predictions;
    }

    private static double Accuracy(int[] predictions, int[] labels) =>
        (double)predictions.Where((p, i) => p == labels[i]).Count() / labels.Length;
}
