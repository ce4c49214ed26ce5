using System;

namespace Diff.NN
{
    /// <summary>The loss functions, each the mean over all elements (PyTorch's <c>reduction='mean'</c>).</summary>
    public static partial class Functional
    {
        // BCELoss clamps log(x) at -100, as PyTorch does. Clamping only the logarithm's result would
        // give the right value, but at x = 0 its gradient would be 0 · ∞ = NaN; so x is first raised
        // to a positive subnormal whose logarithm (about -101.2) is below -100, which keeps the
        // gradient at 0 there and leaves the clamped value unchanged.
        private const float SmallestLogInput = 1e-44f;
        private const float LogFloor = -100f;

        /// <summary>The mean squared error, <c>mean((input − target)²)</c>.</summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, with exactly the input's shape (no broadcasting).</param>
        /// <returns>A one-element tensor.</returns>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        [Differentiable]
        public static Tensor MSELoss(Tensor input, Tensor target)
        {
            RequireSameShape(input.Shape, target.Shape);
            Tensor difference = input - target;
            return (difference * difference).Mean();
        }

        /// <summary>The mean absolute error, <c>mean(|input − target|)</c>.</summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, with exactly the input's shape (no broadcasting).</param>
        /// <returns>A one-element tensor.</returns>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        [Differentiable]
        public static Tensor L1Loss(Tensor input, Tensor target)
        {
            RequireSameShape(input.Shape, target.Shape);
            return (input - target).Abs().Mean();
        }

        /// <summary>
        /// The binary cross-entropy of probabilities, <c>−mean(y·log x + (1 − y)·log(1 − x))</c>, with
        /// each logarithm clamped at −100 as in PyTorch, so that a confident wrong answer costs 100
        /// rather than infinity.
        /// </summary>
        /// <remarks>
        /// Unlike PyTorch, inputs outside [0, 1] are not rejected: checking them would read the
        /// values of a differentiable tensor in a plain call, which a differentiable method cannot do.
        /// Such inputs are clamped into [0, 1] before the logarithms.
        /// </remarks>
        /// <param name="input">Probabilities in [0, 1].</param>
        /// <param name="target">Targets in [0, 1], with exactly the input's shape.</param>
        /// <returns>A one-element tensor.</returns>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        [Differentiable]
        public static Tensor BCELoss(Tensor input, Tensor target)
        {
            RequireSameShape(input.Shape, target.Shape);
            Tensor logInput = input.Clamp(SmallestLogInput, 1f).Log().Clamp(LogFloor, 0f);
            Tensor logComplement = (1f - input).Clamp(SmallestLogInput, 1f).Log().Clamp(LogFloor, 0f);
            Tensor loss = target * logInput + (1f - target) * logComplement;
            return -loss.Mean();
        }

        /// <summary>
        /// The binary cross-entropy of logits, <c>mean(max(x, 0) − x·y + log(1 + e^−|x|))</c>: the
        /// sigmoid and the cross-entropy in one numerically stable formula, like PyTorch's
        /// <c>binary_cross_entropy_with_logits</c>.
        /// </summary>
        /// <param name="input">Logits, any real values.</param>
        /// <param name="target">Targets in [0, 1], with exactly the input's shape.</param>
        /// <returns>A one-element tensor.</returns>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        [Differentiable]
        public static Tensor BCEWithLogitsLoss(Tensor input, Tensor target)
        {
            RequireSameShape(input.Shape, target.Shape);
            Tensor softplusOfNegativeAbs = ((-input.Abs()).Exp() + 1f).Log();
            Tensor loss = input.Relu() - input * target + softplusOfNegativeAbs;
            return loss.Mean();
        }

        /// <summary>
        /// The cross-entropy of class scores, <c>NLLLoss(LogSoftmax(logits, 1), targets)</c>, like
        /// PyTorch's <c>cross_entropy</c> with class-index targets.
        /// </summary>
        /// <param name="logits">Unnormalised scores, [N, C].</param>
        /// <param name="targets">The N correct classes, each in [0, C).</param>
        /// <returns>A one-element tensor.</returns>
        /// <exception cref="ArgumentException">The logits are not [N, C] or the target count is not N.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A target is not a class index.</exception>
        [Differentiable]
        public static Tensor CrossEntropyLoss(Tensor logits, int[] targets)
        {
            RequireClassTargets(logits.Shape, targets, "logits");
            return NLLLoss(LogSoftmax(logits, 1), targets);
        }

        /// <summary>
        /// The negative log-likelihood, <c>−mean(logProbabilities[i, targets[i]])</c>, like PyTorch's
        /// <c>nll_loss</c>.
        /// </summary>
        /// <param name="logProbabilities">Log-probabilities, [N, C], typically from <see cref="LogSoftmax"/>.</param>
        /// <param name="targets">The N correct classes, each in [0, C).</param>
        /// <returns>A one-element tensor.</returns>
        /// <exception cref="ArgumentException">The input is not [N, C] or the target count is not N.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A target is not a class index.</exception>
        [Differentiable]
        public static Tensor NLLLoss(Tensor logProbabilities, int[] targets)
        {
            RequireClassTargets(logProbabilities.Shape, targets, "logProbabilities");
            return -logProbabilities.Gather(targets).Mean();
        }

        // The checks take shapes, not tensors: a shape is never differentiable, so the generator
        // keeps these calls as plain statements in the forward sweep.
        private static void RequireSameShape(int[] input, int[] target)
        {
            if (!Shapes.Equal(input, target))
            {
                // No broadcasting: a [N] prediction against a [N, 1] target would silently become
                // an [N, N] loss.
                throw new ArgumentException(
                    $"input {Shapes.Format(input)} and target {Shapes.Format(target)} must have the same shape.",
                    nameof(target));
            }
        }

        private static void RequireClassTargets(int[] input, int[] targets, string inputName)
        {
            ArgumentNullException.ThrowIfNull(targets);
            if (input.Length != 2)
            {
                throw new ArgumentException(
                    $"{inputName} {Shapes.Format(input)} must have shape [N, C].", inputName);
            }

            int count = input[0];
            int classes = input[1];
            if (targets.Length != count)
            {
                throw new ArgumentException(
                    $"{inputName} {Shapes.Format(input)} has {count} rows but targets has {targets.Length} entries.",
                    nameof(targets));
            }

            for (int i = 0; i < targets.Length; i++)
            {
                if ((uint)targets[i] >= (uint)classes)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(targets), targets[i], $"targets[{i}] = {targets[i]} is not a class index in [0, {classes}).");
                }
            }
        }
    }
}
