using System;

namespace Diff.Optim
{
    /// <summary>How <see cref="OneCycleLR"/> moves between two values within a phase.</summary>
    public enum AnnealStrategy
    {
        /// <summary>Along half a cosine: <c>end + (start − end) · (1 + cos(π·t)) / 2</c>.</summary>
        Cos,

        /// <summary>In a straight line: <c>start + (end − start) · t</c>.</summary>
        Linear,
    }

    /// <summary>
    /// The 1cycle policy (Smith and Topin), like PyTorch's <c>OneCycleLR</c>, stepped once per batch:
    /// the learning rate rises from <c>max_lr / div_factor</c> to <see cref="MaxLearningRate"/> over
    /// the first <see cref="PctStart"/> of the steps, then falls to
    /// <c>initial_lr / final_div_factor</c>; with <see cref="ThreePhase"/> it first comes back down
    /// to the initial rate symmetrically and only then anneals to the minimum. When momentum is
    /// cycled (the default, as in PyTorch) the optimizer's momentum (SGD, RMSprop) or β₁ (Adam,
    /// AdamW) moves the opposite way, between <see cref="MaxMomentum"/> and <see cref="BaseMomentum"/>.
    /// </summary>
    /// <remarks>
    /// Phase boundaries follow PyTorch: the first phase ends at step <c>pct_start · total_steps − 1</c>,
    /// the last at <c>total_steps − 1</c>. Stepping more than <see cref="TotalSteps"/> times throws, as in PyTorch.
    /// The rate after the last step extrapolates the last phase, as in PyTorch, except that it stops at 0.
    /// </remarks>
    public sealed class OneCycleLR : LRScheduler
    {
        private readonly (double EndStep, double StartLr, double EndLr, double StartMomentum, double EndMomentum)[] _phases;

        /// <summary>Creates the scheduler and sets the optimizer's learning rate (and momentum, when cycled) for step 0.</summary>
        /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
        /// <param name="maxLr">The peak learning rate, above 0.</param>
        /// <param name="totalSteps">The number of steps of the cycle, at least 1.</param>
        /// <param name="pctStart">The fraction of the steps spent rising, in (0, 1).</param>
        /// <param name="annealStrategy">How each phase moves between its values.</param>
        /// <param name="cycleMomentum">Whether to cycle the momentum (or β₁) inversely to the learning rate.</param>
        /// <param name="baseMomentum">The momentum at the learning-rate peak.</param>
        /// <param name="maxMomentum">The momentum at the start and end of the cycle.</param>
        /// <param name="divFactor">The initial rate is <c>maxLr / divFactor</c>; above 0.</param>
        /// <param name="finalDivFactor">The final rate is <c>initial_lr / finalDivFactor</c>; above 0.</param>
        /// <param name="threePhase">Whether to come back down to the initial rate before the final annealing.</param>
        /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
        /// <exception cref="ArgumentException">Momentum is to be cycled but the optimizer has none.</exception>
        public OneCycleLR(
            Optimizer optimizer,
            double maxLr,
            int totalSteps,
            double pctStart = 0.3,
            AnnealStrategy annealStrategy = AnnealStrategy.Cos,
            bool cycleMomentum = true,
            double baseMomentum = 0.85,
            double maxMomentum = 0.95,
            double divFactor = 25.0,
            double finalDivFactor = 1e4,
            bool threePhase = false)
            : base(optimizer)
        {
            RequirePositive(maxLr, nameof(maxLr));
            ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
            if (!(pctStart > 0 && pctStart < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "pctStart must be in (0, 1).");
            }

            RequirePositive(divFactor, nameof(divFactor));
            RequirePositive(finalDivFactor, nameof(finalDivFactor));
            if (cycleMomentum && optimizer.CycledMomentum is null)
            {
                throw new ArgumentException($"{optimizer.GetType().Name} has no momentum or beta1 to cycle; pass cycleMomentum: false.", nameof(cycleMomentum));
            }

            MaxLearningRate = maxLr;
            TotalSteps = totalSteps;
            PctStart = pctStart;
            Strategy = annealStrategy;
            CycleMomentum = cycleMomentum;
            BaseMomentum = baseMomentum;
            MaxMomentum = maxMomentum;
            DivFactor = divFactor;
            FinalDivFactor = finalDivFactor;
            ThreePhase = threePhase;

            double initial = maxLr / divFactor;
            double minimum = initial / finalDivFactor;
            _phases = threePhase
                ? new[]
                {
                    (pctStart * totalSteps - 1, initial, maxLr, maxMomentum, baseMomentum),
                    (2 * pctStart * totalSteps - 2, maxLr, initial, baseMomentum, maxMomentum),
                    (totalSteps - 1.0, initial, minimum, maxMomentum, maxMomentum),
                }
                : new[]
                {
                    (pctStart * totalSteps - 1, initial, maxLr, maxMomentum, baseMomentum),
                    (totalSteps - 1.0, maxLr, minimum, baseMomentum, maxMomentum),
                };
            ApplyInitialLearningRate();
        }

        /// <summary>The peak learning rate.</summary>
        public double MaxLearningRate { get; }

        /// <summary>The number of steps of the cycle.</summary>
        public int TotalSteps { get; }

        /// <summary>The fraction of the steps spent rising.</summary>
        public double PctStart { get; }

        /// <summary>How each phase moves between its values.</summary>
        public AnnealStrategy Strategy { get; }

        /// <summary>Whether the momentum (or β₁) is cycled.</summary>
        public bool CycleMomentum { get; }

        /// <summary>The momentum at the learning-rate peak.</summary>
        public double BaseMomentum { get; }

        /// <summary>The momentum at the start and end of the cycle.</summary>
        public double MaxMomentum { get; }

        /// <summary>The initial rate is the peak divided by this.</summary>
        public double DivFactor { get; }

        /// <summary>The final rate is the initial rate divided by this.</summary>
        public double FinalDivFactor { get; }

        /// <summary>Whether the rate comes back to the initial rate before the final annealing.</summary>
        public bool ThreePhase { get; }

        /// <inheritdoc/>
        /// <exception cref="InvalidOperationException">The scheduler was stepped more than <see cref="TotalSteps"/> times.</exception>
        protected override double LearningRateAt(int epoch)
        {
            if (epoch > TotalSteps)
            {
                throw new InvalidOperationException($"OneCycleLR was stepped {epoch} times, but its cycle has {TotalSteps} steps.");
            }

            double start = 0;
            for (int i = 0; i < _phases.Length; i++)
            {
                var phase = _phases[i];
                if (epoch <= phase.EndStep || i == _phases.Length - 1)
                {
                    double t = (epoch - start) / (phase.EndStep - start);
                    if (CycleMomentum)
                    {
                        Optimizer.CycledMomentum = Anneal(phase.StartMomentum, phase.EndMomentum, t);
                    }

                    // The step after the last (t > 1) extrapolates; PyTorch lets a linear phase go
                    // below zero there, an optimizer here refuses a negative rate, so it stops at 0.
                    return Math.Max(Anneal(phase.StartLr, phase.EndLr, t), 0);
                }

                start = phase.EndStep;
            }

            throw new InvalidOperationException("unreachable: the last phase always matches");
        }

        private double Anneal(double from, double to, double t) => Strategy == AnnealStrategy.Cos
            ? to + (from - to) / 2 * (Math.Cos(Math.PI * t) + 1)
            : (to - from) * t + from;

        private static void RequirePositive(double value, string name)
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number above 0.");
            }
        }
    }
}
