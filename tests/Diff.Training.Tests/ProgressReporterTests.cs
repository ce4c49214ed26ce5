using System.IO;
using Spectre.Console;

namespace Diff.Training.Tests;

/// <summary>The progress reporter's modes: plain lines without escape codes, quiet, and the live bar.</summary>
public class ProgressReporterTests
{
    private static void ThreeEpochs(ProgressReporter progress)
    {
        for (int epoch = 0; epoch < 3; epoch++)
        {
            progress.Batch(32, 1.0 / (epoch + 1));
            progress.Batch(16, 0.5 / (epoch + 1));
            progress.EndEpoch(validationLoss: 0.9 / (epoch + 1), extra: "[accuracy]");
        }
    }

    /// <summary>A console that writes to a string, as Spectre sees output redirected to a file.</summary>
    private static IAnsiConsole FileLikeConsole(StringWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(writer),
    });

    [Fact]
    public void Plain_mode_writes_one_line_per_epoch_without_escape_codes()
    {
        var output = new StringWriter();
        ProgressReporter? seen = null;
        ProgressReporter.Run(3, p => { seen = p; ThreeEpochs(p); }, ProgressMode.Plain, plainOutput: output);
        string[] lines = output.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("epoch 1/3  loss 0.7500  validation 0.9000  ", lines[0]);
        Assert.StartsWith("epoch 3/3  loss 0.2500  validation 0.3000  ", lines[2]);
        Assert.EndsWith("samples/s  [accuracy]", lines[2]);
        Assert.DoesNotContain('\u001b', output.ToString());
        Assert.Equal(3, seen!.Epoch);
        Assert.Equal(0.25, seen.LastEpochLoss, 12);
        Assert.True(seen.LastSamplesPerSecond > 0);
    }

    [Fact]
    public void Auto_mode_on_a_redirected_or_non_interactive_console_is_plain()
    {
        var console = new StringWriter();
        var plain = new StringWriter();
        ProgressReporter.Run(3, ThreeEpochs, ProgressMode.Auto, FileLikeConsole(console), plain);
        Assert.Equal(string.Empty, console.ToString());
        Assert.Equal(3, plain.ToString().TrimEnd().Split(Environment.NewLine).Length);
        Assert.DoesNotContain('\u001b', plain.ToString());
        Assert.False(ProgressReporter.IsLiveTerminal(FileLikeConsole(new StringWriter())));
    }

    [Fact]
    public void Quiet_mode_writes_nothing()
    {
        var console = new StringWriter();
        var plain = new StringWriter();
        ProgressReporter.Run(3, ThreeEpochs, ProgressMode.Quiet, FileLikeConsole(console), plain);
        Assert.Equal(string.Empty, console.ToString());
        Assert.Equal(string.Empty, plain.ToString());
    }

    [Fact]
    public void Bar_mode_draws_on_the_given_console_and_escapes_markup()
    {
        var writer = new StringWriter();
        IAnsiConsole terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        terminal.Profile.Width = 200;
        var plain = new StringWriter();
        ProgressReporter.Run(3, ThreeEpochs, ProgressMode.Bar, terminal, plain);
        string text = writer.ToString();
        // "[accuracy]" would be a markup error if it were not escaped.
        Assert.Contains("epoch 3/3", text);
        Assert.Contains("[accuracy]", text);
        Assert.Contains('\u001b', text);
        Assert.Equal(string.Empty, plain.ToString());
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Equal("epochs", Assert.Throws<ArgumentOutOfRangeException>(() => ProgressReporter.Run(0, _ => { })).ParamName);
    }
}
