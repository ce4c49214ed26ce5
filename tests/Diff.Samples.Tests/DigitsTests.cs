using System.IO;
using Samples.Digits;

namespace Diff.Samples.Tests;

public sealed class DigitsFixture : IDisposable
{
    public DigitsFixture()
    {
        // Four epochs instead of the sample's twelve keep the test to a few seconds.
        Options = new DigitsOptions
        {
            Epochs = 4,
            OutputDirectory = Path.Combine(Path.GetTempPath(), "diffgen-digits-" + Guid.NewGuid().ToString("N")),
        };
        Result = DigitsTraining.Run(Options);
    }

    public DigitsOptions Options { get; }

    public DigitsResult Result { get; }

    public void Dispose()
    {
        if (Directory.Exists(Options.OutputDirectory)) Directory.Delete(Options.OutputDirectory, recursive: true);
    }
}

public class DigitsTests : IClassFixture<DigitsFixture>
{
    private readonly DigitsFixture _fixture;

    public DigitsTests(DigitsFixture fixture) => _fixture = fixture;

    private DigitsResult Result => _fixture.Result;

    [Fact]
    public void All_1797_digits_are_split_into_training_and_test_images()
    {
        Assert.Equal(1438, Result.TrainCount);
        Assert.Equal(359, Result.TestCount);
    }

    [Fact]
    public void Test_accuracy_is_above_ninety_five_percent()
    {
        Assert.True(Result.TestAccuracy > 0.95, $"test accuracy {Result.TestAccuracy:P1}");
        Assert.True(Result.EpochLosses[^1] < 0.25f * Result.EpochLosses[0], $"loss went from {Result.EpochLosses[0]} to {Result.EpochLosses[^1]}");
    }

    [Fact]
    public void Checkpoint_with_batchnorm_buffers_reloads_to_identical_predictions()
    {
        Assert.True(Result.ReloadedPredictionsIdentical);
        Assert.True(File.Exists(Result.CheckpointPath));
    }

    [Fact]
    public void Loss_curves_are_a_png_and_the_model_prints_its_layers()
    {
        byte[] header = File.ReadAllBytes(Result.LossCurvePngPath)[..8];
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
        Assert.Contains("(1): BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", Result.ModelDescription);
        Assert.Contains("Total params: 6,186", Result.Summary);
    }
}
