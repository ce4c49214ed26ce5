using System;

namespace Diff.Optim
{
    /// <summary>
    /// The base of the learning-rate schedulers, like PyTorch's <c>LRScheduler</c>: each
    /// <see cref="Step"/> (usually once per epoch) sets the optimizer's learning rate from a closed
    /// form of the epoch count.
    /// </summary>
    public abstract class LRScheduler
    {
        /// <summary>
        /// Attaches the scheduler to <paramref name="optimizer"/>, whose current learning rate becomes
        /// <see cref="BaseLearningRate"/>; as in PyTorch, the epoch count starts at 0.
        /// </summary>
        /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
        /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
        protected LRScheduler(Optimizer optimizer)
        {
            Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
            BaseLearningRate = optimizer.LearningRate;
            LastLearningRate = BaseLearningRate;
        }

        /// <summary>The optimizer whose learning rate is scheduled.</summary>
        public Optimizer Optimizer { get; }

        /// <summary>The optimizer's learning rate when the scheduler was created.</summary>
        public double BaseLearningRate { get; }

        /// <summary>The number of <see cref="Step"/> calls so far (PyTorch's <c>last_epoch</c>).</summary>
        public int LastEpoch { get; private set; }

        /// <summary>The learning rate the scheduler set last (PyTorch's <c>get_last_lr()</c>).</summary>
        public double LastLearningRate { get; private set; }

        /// <summary>Advances one epoch and sets the optimizer's learning rate for it.</summary>
        public void Step()
        {
            LastEpoch++;
            double learningRate = LearningRateAt(LastEpoch);
            Optimizer.LearningRate = learningRate;
            LastLearningRate = learningRate;
        }

        /// <summary>
        /// Sets the learning rate of epoch 0, for schedulers whose first rate differs from the base
        /// rate (PyTorch applies it in the scheduler's constructor); call it at the end of the constructor.
        /// </summary>
        protected void ApplyInitialLearningRate()
        {
            double learningRate = LearningRateAt(0);
            Optimizer.LearningRate = learningRate;
            LastLearningRate = learningRate;
        }

        /// <summary>The learning rate for epoch <paramref name="epoch"/>, from <see cref="BaseLearningRate"/>.</summary>
        /// <param name="epoch">The epoch count: 0 at construction, then from 1.</param>
        /// <returns>The learning rate, not negative.</returns>
        protected abstract double LearningRateAt(int epoch);
    }

    /// <summary>
    /// Decays the learning rate by <see cref="Gamma"/> every <see cref="StepSize"/> epochs, like
    /// PyTorch's <c>StepLR</c>: <c>lr = base_lr · γ^⌊epoch / step_size⌋</c>.
    /// </summary>
    public sealed class StepLR : LRScheduler
    {
        /// <summary>Creates the scheduler.</summary>
        /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
        /// <param name="stepSize">The number of epochs between decays, at least 1.</param>
        /// <param name="gamma">The multiplicative factor, finite and not negative.</param>
        /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> or <paramref name="gamma"/> is out of range.</exception>
        public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
            : base(optimizer)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
            if (!(gamma >= 0) || double.IsInfinity(gamma))
            {
                throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be a finite number not below 0.");
            }

            StepSize = stepSize;
            Gamma = gamma;
        }

        /// <summary>The number of epochs between decays.</summary>
        public int StepSize { get; }

        /// <summary>The multiplicative factor applied at each decay.</summary>
        public double Gamma { get; }

        /// <inheritdoc/>
        protected override double LearningRateAt(int epoch) => BaseLearningRate * Math.Pow(Gamma, epoch / StepSize);
    }

    /// <summary>
    /// Anneals the learning rate along a cosine from its base value to <see cref="EtaMin"/> over
    /// <see cref="TMax"/> epochs, like PyTorch's <c>CosineAnnealingLR</c> in its closed form:
    /// <c>lr = η_min + (base_lr − η_min) · (1 + cos(π · epoch / T_max)) / 2</c>. Past
    /// <see cref="TMax"/> the cosine continues, so the rate rises again, as in PyTorch.
    /// </summary>
    public sealed class CosineAnnealingLR : LRScheduler
    {
        /// <summary>Creates the scheduler.</summary>
        /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
        /// <param name="tMax">The number of epochs of one half-period, at least 1.</param>
        /// <param name="etaMin">The smallest learning rate, finite and not negative.</param>
        /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="tMax"/> or <paramref name="etaMin"/> is out of range.</exception>
        public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0)
            : base(optimizer)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(tMax, 1);
            if (!(etaMin >= 0) || double.IsInfinity(etaMin))
            {
                throw new ArgumentOutOfRangeException(nameof(etaMin), etaMin, "etaMin must be a finite number not below 0.");
            }

            TMax = tMax;
            EtaMin = etaMin;
        }

        /// <summary>The number of epochs from the base learning rate down to <see cref="EtaMin"/>.</summary>
        public int TMax { get; }

        /// <summary>The smallest learning rate.</summary>
        public double EtaMin { get; }

        /// <inheritdoc/>
        protected override double LearningRateAt(int epoch)
        {
            double learningRate = EtaMin + (BaseLearningRate - EtaMin) * (1 + Math.Cos(Math.PI * epoch / TMax)) / 2;
            // Rounding can take the cosine form a hair below zero when η_min = 0.
            return Math.Max(learningRate, 0);
        }
    }
}
