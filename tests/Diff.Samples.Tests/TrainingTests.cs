using System.IO;
using System.Linq;
using Diff;
using Samples.Training;

namespace Diff.Samples.Tests;

public sealed class TrainingFixture : IDisposable
{
    public TrainingFixture()
    {
        Options = new TrainingOptions
        {
            OutputDirectory = Path.Combine(Path.GetTempPath(), "diffgen-training-" + Guid.NewGuid().ToString("N")),
        };
        Result = SpiralTraining.Run(Options);
    }

    public TrainingOptions Options { get; }

    public TrainingResult Result { get; }

    public void Dispose()
    {
        if (Directory.Exists(Options.OutputDirectory)) Directory.Delete(Options.OutputDirectory, recursive: true);
    }
}

public class TrainingTests : IClassFixture<TrainingFixture>
{
    private readonly TrainingFixture _fixture;

    public TrainingTests(TrainingFixture fixture) => _fixture = fixture;

    private TrainingResult Result => _fixture.Result;

    [Fact]
    public void Held_out_accuracy_is_above_ninety_percent()
    {
        Assert.Equal(720, Result.TrainCount);
        Assert.Equal(180, Result.HeldOutCount);
        Assert.True(Result.HeldOutAccuracy > 0.9, $"held-out accuracy {Result.HeldOutAccuracy:P1}");
    }

    [Fact]
    public void Loss_falls()
    {
        Assert.Equal(_fixture.Options.Epochs, Result.EpochLosses.Length);
        Assert.True(Result.EpochLosses[^1] < 0.25f * Result.EpochLosses[0],
            $"loss went from {Result.EpochLosses[0]} to {Result.EpochLosses[^1]}");
    }

    [Fact]
    public void Reloaded_checkpoint_gives_identical_predictions()
    {
        Assert.True(Result.ReloadedPredictionsIdentical);
        Assert.True(File.Exists(Result.CheckpointPath));
    }

    [Fact]
    public void Loading_replaces_the_fresh_weights()
    {
        // A freshly initialised model predicts differently; after Load it predicts what a second
        // reload predicts, so the identity above is not an accident of the initialisation.
        Tensor points = Tensor.FromArray(new[] { 0.5f, -0.25f, -0.1f, 0.7f }, new[] { 2, 2 });
        var fresh = SpiralTraining.CreateModel(_fixture.Options.Hidden, _fixture.Options.Classes, new Generator(12345));
        float[] before = fresh.Forward(points).ToArray();
        fresh.Load(Result.CheckpointPath);
        float[] after = fresh.Forward(points).ToArray();

        var other = SpiralTraining.CreateModel(_fixture.Options.Hidden, _fixture.Options.Classes, new Generator(54321));
        other.Load(Result.CheckpointPath);

        Assert.NotEqual(before, after);
        Assert.Equal(after, other.Forward(points).ToArray());
    }

    [Fact]
    public void Held_out_loss_is_recorded_every_epoch_and_falls()
    {
        Assert.Equal(_fixture.Options.Epochs, Result.HeldOutLosses.Length);
        Assert.True(Result.HeldOutLosses[^1] < 0.25f * Result.HeldOutLosses[0],
            $"held-out loss went from {Result.HeldOutLosses[0]} to {Result.HeldOutLosses[^1]}");
    }

    [Fact]
    public void Loss_curves_are_written_as_png_and_svg()
    {
        byte[] png = File.ReadAllBytes(Result.LossCurvePngPath);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
        string svg = File.ReadAllText(Result.LossCurveSvgPath);
        Assert.Contains("<svg", svg);
        Assert.EndsWith("</svg>", svg.TrimEnd());
    }

    [Fact]
    public void Progress_redirected_to_a_file_is_plain_text_one_line_per_epoch()
    {
        var options = _fixture.Options with
        {
            Epochs = 3,
            OutputDirectory = Path.Combine(_fixture.Options.OutputDirectory, "short"),
        };
        var output = new StringWriter();
        TrainingResult result = null!;
        Diff.Training.ProgressReporter.Run(options.Epochs, p => result = SpiralTraining.Run(options, p),
            Diff.Training.ProgressMode.Plain, plainOutput: output);
        string[] lines = output.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith(FormattableString.Invariant($"epoch 3/3  loss {result.EpochLosses[2]:F4}  validation {result.HeldOutLosses[2]:F4}  "), lines[2]);
        Assert.DoesNotContain('\u001b', output.ToString());
    }
}
