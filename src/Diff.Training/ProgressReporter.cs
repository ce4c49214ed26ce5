using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Spectre.Console;

namespace Diff.Training
{
    /// <summary>How <see cref="ProgressReporter"/> shows progress.</summary>
    public enum ProgressMode
    {
        /// <summary>A live progress bar on an interactive terminal; plain lines when the output is redirected or the terminal cannot show one.</summary>
        Auto,

        /// <summary>A live progress bar (Spectre.Console), whatever the output is.</summary>
        Bar,

        /// <summary>One plain text line per epoch, without escape codes (for logs and files).</summary>
        Plain,

        /// <summary>Nothing at all.</summary>
        Quiet,
    }

    /// <summary>
    /// Reports a training run: the epoch, the running loss and the throughput in samples per
    /// second, as a live Spectre.Console progress bar on a terminal or as one plain line per epoch
    /// when the output goes to a file or pipe (so logs hold no escape codes), or not at all.
    /// </summary>
    /// <example>
    /// <code>
    /// ProgressReporter.Run(epochs, progress =>
    /// {
    ///     for (int epoch = 0; epoch &lt; epochs; epoch++)
    ///     {
    ///         foreach (var (x, y) in loader) { …; progress.Batch(x.Shape[0], loss.Item()); }
    ///         progress.EndEpoch(validationLoss);
    ///     }
    /// });
    /// </code>
    /// </example>
    public sealed class ProgressReporter
    {
        private readonly int _epochs;
        private readonly ProgressTask? _bar;
        private readonly TextWriter? _plain;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _lossSum;
        private int _batches;
        private long _samples;
        private TimeSpan _epochStart;

        private ProgressReporter(int epochs, ProgressTask? bar, TextWriter? plain)
        {
            _epochs = epochs;
            _bar = bar;
            _plain = plain;
        }

        /// <summary>The number of epochs finished so far.</summary>
        public int Epoch { get; private set; }

        /// <summary>The mean batch loss of the last finished epoch (NaN before the first).</summary>
        public double LastEpochLoss { get; private set; } = double.NaN;

        /// <summary>The training throughput of the last finished epoch, in samples per second.</summary>
        public double LastSamplesPerSecond { get; private set; }

        /// <summary>
        /// Runs <paramref name="training"/>, showing its progress as <paramref name="mode"/> asks.
        /// </summary>
        /// <param name="epochs">The number of epochs the run will report, at least 1.</param>
        /// <param name="training">The training loop; it calls <see cref="Batch"/> and <see cref="EndEpoch"/>.</param>
        /// <param name="mode">How to show progress; <see cref="ProgressMode.Auto"/> picks the bar only for an interactive terminal.</param>
        /// <param name="console">The console for the bar; <see cref="AnsiConsole.Console"/> when null.</param>
        /// <param name="plainOutput">Where plain lines go; <see cref="Console.Out"/> when null.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is below 1.</exception>
        public static void Run(int epochs, Action<ProgressReporter> training, ProgressMode mode = ProgressMode.Auto,
            IAnsiConsole? console = null, TextWriter? plainOutput = null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
            ArgumentNullException.ThrowIfNull(training);
            console ??= AnsiConsole.Console;
            if (mode == ProgressMode.Auto)
            {
                mode = IsLiveTerminal(console) ? ProgressMode.Bar : ProgressMode.Plain;
            }

            switch (mode)
            {
                case ProgressMode.Quiet:
                    training(new ProgressReporter(epochs, null, null));
                    break;

                case ProgressMode.Plain:
                    training(new ProgressReporter(epochs, null, plainOutput ?? Console.Out));
                    break;

                default:
                    console.Progress()
                        .AutoClear(false)
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .Start(context =>
                        {
                            ProgressTask task = context.AddTask("training", maxValue: epochs);
                            training(new ProgressReporter(epochs, task, null));
                        });
                    break;
            }
        }

        /// <summary>
        /// Whether <paramref name="console"/> is a terminal that can redraw a bar: standard output not
        /// redirected, and Spectre's profile reports ANSI support and interactivity.
        /// </summary>
        /// <param name="console">The console to ask.</param>
        /// <returns>True for a live terminal.</returns>
        public static bool IsLiveTerminal(IAnsiConsole console)
        {
            ArgumentNullException.ThrowIfNull(console);
            return !Console.IsOutputRedirected && console.Profile.Capabilities.Ansi && console.Profile.Capabilities.Interactive;
        }

        /// <summary>Records one batch: its size and its loss.</summary>
        /// <param name="samples">The number of samples in the batch.</param>
        /// <param name="loss">The batch's loss.</param>
        public void Batch(int samples, double loss)
        {
            _lossSum += loss;
            _batches++;
            _samples += samples;
            if (_bar is not null)
            {
                _bar.Description = Markup.Escape(Describe(Math.Min(Epoch + 1, _epochs), _lossSum / _batches, Throughput(), null));
            }
        }

        /// <summary>Ends the epoch: reports its mean batch loss, the validation loss when given, and the throughput.</summary>
        /// <param name="validationLoss">The validation loss after this epoch, or null.</param>
        /// <param name="extra">More to show on the line, for example <c>"accuracy 97.2%"</c>, or null.</param>
        public void EndEpoch(double? validationLoss = null, string? extra = null)
        {
            Epoch++;
            LastEpochLoss = _batches == 0 ? double.NaN : _lossSum / _batches;
            LastSamplesPerSecond = Throughput();
            string line = Describe(Epoch, LastEpochLoss, LastSamplesPerSecond, validationLoss) + (extra is null ? string.Empty : "  " + extra);
            if (_bar is not null)
            {
                _bar.Description = Markup.Escape(line);
                _bar.Value = Epoch;
            }

            _plain?.WriteLine(line);
            _lossSum = 0;
            _batches = 0;
            _samples = 0;
            _epochStart = _clock.Elapsed;
        }

        private double Throughput()
        {
            // At least one clock tick (100 ns): an epoch too short to time still reports a finite, positive rate.
            double seconds = System.Math.Max((_clock.Elapsed - _epochStart).TotalSeconds, 1e-7);
            return _samples / seconds;
        }

        private string Describe(int epoch, double loss, double samplesPerSecond, double? validationLoss)
        {
            string text = string.Format(CultureInfo.InvariantCulture, "epoch {0," + _epochs.ToString(CultureInfo.InvariantCulture).Length + "}/{1}  loss {2:F4}", epoch, _epochs, loss);
            if (validationLoss is { } v)
            {
                text += string.Format(CultureInfo.InvariantCulture, "  validation {0:F4}", v);
            }

            return text + string.Format(CultureInfo.InvariantCulture, "  {0:N0} samples/s", samplesPerSecond);
        }
    }
}
