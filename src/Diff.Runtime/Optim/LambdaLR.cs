using System;

namespace Diff.Optim
{
    /// <summary>
    /// Sets the learning rate to <c>base_lr · lrLambda(epoch)</c>, like PyTorch's <c>LambdaLR</c>.
    /// The epoch-0 rate is set when the scheduler is created, as in PyTorch.
    /// </summary>
    public sealed class LambdaLR : LRScheduler
    {
        private readonly Func<int, double> _lrLambda;

        /// <summary>Creates the scheduler and sets the optimizer's learning rate to <c>base_lr · lrLambda(0)</c>.</summary>
        /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
        /// <param name="lrLambda">The factor for each epoch; it must give a finite number not below 0.</param>
        /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> or <paramref name="lrLambda"/> is null.</exception>
        public LambdaLR(Optimizer optimizer, Func<int, double> lrLambda)
            : base(optimizer)
        {
            _lrLambda = lrLambda ?? throw new ArgumentNullException(nameof(lrLambda));
            ApplyInitialLearningRate();
        }

        /// <inheritdoc/>
        /// <exception cref="InvalidOperationException">The lambda gave a negative or non-finite factor.</exception>
        protected override double LearningRateAt(int epoch)
        {
            double factor = _lrLambda(epoch);
            if (!(factor >= 0) || double.IsInfinity(factor))
            {
                throw new InvalidOperationException($"lrLambda({epoch}) gave {factor}; the factor must be a finite number not below 0.");
            }

            return BaseLearningRate * factor;
        }
    }
}
