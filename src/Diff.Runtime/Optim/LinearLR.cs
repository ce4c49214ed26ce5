using System;

namespace Diff.Optim
{
    /// <summary>
    /// Scales the learning rate by a factor that moves linearly from <see cref="StartFactor"/> to
    /// <see cref="EndFactor"/> over <see cref="TotalIters"/> steps and stays there, like PyTorch's
    /// <c>LinearLR</c> (a warm-up when the start factor is below 1):
    /// <c>lr = base_lr · (start + (end − start) · min(epoch, total_iters) / total_iters)</c>.
    /// The epoch-0 rate is set when the scheduler is created, as in PyTorch.
    /// </summary>
    public sealed class LinearLR : LRScheduler
    {
        /// <summary>Creates the scheduler and sets the optimizer's learning rate to <c>base_lr · startFactor</c>.</summary>
        /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
        /// <param name="startFactor">The factor at epoch 0, in (0, 1].</param>
        /// <param name="endFactor">The factor from <paramref name="totalIters"/> on, in [0, 1].</param>
        /// <param name="totalIters">The number of steps the factor takes to reach <paramref name="endFactor"/>, at least 1.</param>
        /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A factor or <paramref name="totalIters"/> is out of range.</exception>
        public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5)
            : base(optimizer)
        {
            if (!(startFactor > 0 && startFactor <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "startFactor must be in (0, 1].");
            }

            if (!(endFactor >= 0 && endFactor <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(endFactor), endFactor, "endFactor must be in [0, 1].");
            }

            ArgumentOutOfRangeException.ThrowIfLessThan(totalIters, 1);
            StartFactor = startFactor;
            EndFactor = endFactor;
            TotalIters = totalIters;
            ApplyInitialLearningRate();
        }

        /// <summary>The factor at epoch 0.</summary>
        public double StartFactor { get; }

        /// <summary>The factor from <see cref="TotalIters"/> on.</summary>
        public double EndFactor { get; }

        /// <summary>The number of steps of the linear ramp.</summary>
        public int TotalIters { get; }

        /// <inheritdoc/>
        protected override double LearningRateAt(int epoch) =>
            BaseLearningRate * (StartFactor + (EndFactor - StartFactor) * Math.Min(epoch, TotalIters) / TotalIters);
    }
}
