using System;

namespace Diff.Optim
{
    /// <summary>Whether <see cref="ReduceLROnPlateau"/> watches a quantity that should fall or rise.</summary>
    public enum PlateauMode
    {
        /// <summary>Lower is better (a loss).</summary>
        Min,

        /// <summary>Higher is better (an accuracy).</summary>
        Max,
    }

    /// <summary>How <see cref="ReduceLROnPlateau"/> decides that a value improves on the best so far.</summary>
    public enum ThresholdMode
    {
        /// <summary>By a fraction of the best value: <c>best · (1 ∓ threshold)</c>.</summary>
        Rel,

        /// <summary>By an absolute amount: <c>best ∓ threshold</c>.</summary>
        Abs,
    }

    /// <summary>
    /// Multiplies the learning rate by <see cref="Factor"/> when a watched metric has not improved
    /// for more than <see cref="Patience"/> epochs, like PyTorch's <c>ReduceLROnPlateau</c>; call
    /// <see cref="Step(double)"/> once per epoch with the metric (for example the validation loss).
    /// </summary>
    /// <remarks>
    /// After a reduction, <see cref="Cooldown"/> epochs pass before bad epochs count again. A
    /// reduction never goes below <see cref="MinLearningRate"/>, and is skipped when it would change
    /// the rate by no more than <see cref="Eps"/>.
    /// </remarks>
    public sealed class ReduceLROnPlateau
    {
        private int _cooldownCounter;

        /// <summary>Creates the scheduler.</summary>
        /// <param name="optimizer">The optimizer whose learning rate is reduced.</param>
        /// <param name="mode">Whether the metric should fall or rise.</param>
        /// <param name="factor">The multiplier of each reduction, in [0, 1).</param>
        /// <param name="patience">The number of epochs without improvement that are tolerated, not negative.</param>
        /// <param name="threshold">The least improvement that counts, not negative.</param>
        /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative or absolute.</param>
        /// <param name="cooldown">The number of epochs after a reduction during which bad epochs do not count, not negative.</param>
        /// <param name="minLr">The lowest learning rate, not negative.</param>
        /// <param name="eps">The smallest change of the learning rate that is applied, not negative.</param>
        /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
        public ReduceLROnPlateau(
            Optimizer optimizer,
            PlateauMode mode = PlateauMode.Min,
            double factor = 0.1,
            int patience = 10,
            double threshold = 1e-4,
            ThresholdMode thresholdMode = ThresholdMode.Rel,
            int cooldown = 0,
            double minLr = 0,
            double eps = 1e-8)
        {
            Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
            if (!(factor >= 0 && factor < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in [0, 1).");
            }

            ArgumentOutOfRangeException.ThrowIfNegative(patience);
            ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
            RequireNonNegative(threshold, nameof(threshold));
            RequireNonNegative(minLr, nameof(minLr));
            RequireNonNegative(eps, nameof(eps));
            Mode = mode;
            Factor = factor;
            Patience = patience;
            Threshold = threshold;
            ThresholdMode = thresholdMode;
            Cooldown = cooldown;
            MinLearningRate = minLr;
            Eps = eps;
            Best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        }

        /// <summary>The optimizer whose learning rate is reduced.</summary>
        public Optimizer Optimizer { get; }

        /// <summary>Whether the metric should fall or rise.</summary>
        public PlateauMode Mode { get; }

        /// <summary>The multiplier of each reduction.</summary>
        public double Factor { get; }

        /// <summary>The number of epochs without improvement that are tolerated.</summary>
        public int Patience { get; }

        /// <summary>The least improvement that counts.</summary>
        public double Threshold { get; }

        /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
        public ThresholdMode ThresholdMode { get; }

        /// <summary>The number of epochs after a reduction during which bad epochs do not count.</summary>
        public int Cooldown { get; }

        /// <summary>The lowest learning rate.</summary>
        public double MinLearningRate { get; }

        /// <summary>The smallest change of the learning rate that is applied.</summary>
        public double Eps { get; }

        /// <summary>The best metric seen so far.</summary>
        public double Best { get; private set; }

        /// <summary>The number of consecutive epochs without improvement.</summary>
        public int NumBadEpochs { get; private set; }

        /// <summary>The number of <see cref="Step(double)"/> calls so far.</summary>
        public int LastEpoch { get; private set; }

        /// <summary>Records one epoch's metric, and reduces the learning rate when it has stopped improving.</summary>
        /// <param name="metric">The epoch's value of the watched quantity.</param>
        /// <exception cref="ArgumentException"><paramref name="metric"/> is NaN.</exception>
        public void Step(double metric)
        {
            if (double.IsNaN(metric))
            {
                throw new ArgumentException("The metric is NaN.", nameof(metric));
            }

            LastEpoch++;
            if (IsBetter(metric))
            {
                Best = metric;
                NumBadEpochs = 0;
            }
            else
            {
                NumBadEpochs++;
            }

            if (_cooldownCounter > 0)
            {
                _cooldownCounter--;
                NumBadEpochs = 0;
            }

            if (NumBadEpochs > Patience)
            {
                double old = Optimizer.LearningRate;
                double reduced = Math.Max(old * Factor, MinLearningRate);
                if (old - reduced > Eps)
                {
                    Optimizer.LearningRate = reduced;
                }

                _cooldownCounter = Cooldown;
                NumBadEpochs = 0;
            }
        }

        private bool IsBetter(double value) => (Mode, ThresholdMode) switch
        {
            (PlateauMode.Min, ThresholdMode.Rel) => value < Best * (1 - Threshold),
            (PlateauMode.Min, ThresholdMode.Abs) => value < Best - Threshold,
            (PlateauMode.Max, ThresholdMode.Rel) => value > Best * (Threshold + 1),
            _ => value > Best + Threshold,
        };

        private static void RequireNonNegative(double value, string name)
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number not below 0.");
            }
        }
    }
}
