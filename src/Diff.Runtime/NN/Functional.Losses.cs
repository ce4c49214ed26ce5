using System;

namespace Diff.NN
{
    /// <summary>
    /// The loss functions. The two-argument forms are the mean over all elements (PyTorch's
    /// <c>reduction='mean'</c>); the others take a <see cref="Reduction"/> and PyTorch's options.
    /// </summary>
    public static partial class Functional
    {
        // BCELoss clamps log(x) at -100, as PyTorch does. Clamping only the logarithm's result would
        // give the right value, but at x = 0 its gradient would be 0 · ∞ = NaN; so x is first raised
        // to a positive subnormal whose logarithm (about -101.2) is below -100, which keeps the
        // gradient at 0 there and leaves the clamped value unchanged.
        private const float SmallestLogInput = 1e-44f;
        private const float LogFloor = -100f;

        /// <summary>PyTorch's default <c>ignore_index</c> of <c>cross_entropy</c> and <c>nll_loss</c>: the target that marks padding.</summary>
        private const int DefaultIgnoreIndex = -100;

        /// <summary>The mean squared error, <c>mean((input − target)²)</c>.</summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, with exactly the input's shape (no broadcasting).</param>
        /// <returns>A one-element tensor.</returns>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        [Differentiable]
        public static Tensor MSELoss(Tensor input, Tensor target)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(target);
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
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(target);
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
        /// The gradient is that of this clamped function. Inside (0, 1) it is PyTorch's. At an input of exactly 0 or 1
        /// it is the exact derivative where the answer is right (target equal to the input) and 0 where the clamp holds
        /// the loss at 100; PyTorch instead divides by max(x·(1 − x), 1e-12) there, about ±10¹¹.
        /// </remarks>
        /// <param name="input">Probabilities in [0, 1].</param>
        /// <param name="target">Targets in [0, 1], with exactly the input's shape.</param>
        /// <returns>A one-element tensor.</returns>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        [Differentiable]
        public static Tensor BCELoss(Tensor input, Tensor target)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(target);
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
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(target);
            RequireSameShape(input.Shape, target.Shape);
            // One op with its own backward rather than a composite of Relu and Abs: at a logit of
            // exactly 0 their kinks would give −y/N instead of PyTorch's (σ(0) − y)/N.
            return Tensor.BCEWithLogitsElements(input, target, null).Mean();
        }

        /// <summary>
        /// The binary cross-entropy of logits with a weight for positive examples, like PyTorch's
        /// <c>binary_cross_entropy_with_logits(input, target, pos_weight=…, reduction=…)</c>:
        /// <c>−[p·y·log σ(x) + (1 − y)·log(1 − σ(x))]</c> per element, computed stably.
        /// </summary>
        /// <param name="input">Logits.</param>
        /// <param name="target">Targets in [0, 1], of the input's shape.</param>
        /// <param name="posWeight">The weight p of positive examples, broadcast to the input (typically [C]), or null for 1.</param>
        /// <param name="reduction">Mean, sum or none.</param>
        /// <returns>A one-element tensor, or the per-element losses for <see cref="Reduction.None"/>.</returns>
        /// <exception cref="ArgumentException">The shapes do not fit, or the reduction is <see cref="Reduction.BatchMean"/>.</exception>
        [Differentiable]
        public static Tensor BCEWithLogitsLoss(Tensor input, Tensor target, Tensor? posWeight, Reduction reduction)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(target);
            RequireSameShape(input.Shape, target.Shape);
            RequireElementwiseReduction(reduction);
            return Reduce(Tensor.BCEWithLogitsElements(input, target, posWeight), reduction);
        }

        /// <summary>The squared error <c>(input − target)²</c>, reduced as PyTorch's <c>mse_loss(…, reduction=…)</c>.</summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, of the input's shape.</param>
        /// <param name="reduction">Mean, sum or none.</param>
        /// <returns>A one-element tensor, or the per-element losses for <see cref="Reduction.None"/>.</returns>
        /// <exception cref="ArgumentException">The shapes differ, or the reduction is <see cref="Reduction.BatchMean"/>.</exception>
        [Differentiable]
        public static Tensor MSELoss(Tensor input, Tensor target, Reduction reduction)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(target);
            RequireSameShape(input.Shape, target.Shape);
            RequireElementwiseReduction(reduction);
            Tensor difference = input - target;
            return Reduce(difference * difference, reduction);
        }

        /// <summary>
        /// The Huber loss of <c>d = input − target</c>: <c>½d²</c> where |d| &lt; δ, else
        /// <c>δ(|d| − ½δ)</c>, like PyTorch's <c>huber_loss</c>.
        /// </summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, of the input's shape.</param>
        /// <param name="reduction">Mean (PyTorch's default), sum or none.</param>
        /// <param name="delta">The threshold δ (1), positive.</param>
        /// <returns>A one-element tensor, or the per-element losses for <see cref="Reduction.None"/>.</returns>
        /// <exception cref="ArgumentException">The shapes differ, δ is not positive, or the reduction is <see cref="Reduction.BatchMean"/>.</exception>
        [Differentiable]
        public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, float delta = 1f)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(target);
            RequireSameShape(input.Shape, target.Shape);
            RequireElementwiseReduction(reduction);
            return Reduce(Tensor.HuberLossElements(input, target, delta), reduction);
        }

        /// <summary>
        /// The smooth L1 loss of <c>d = input − target</c>: <c>½d²/β</c> where |d| &lt; β, else
        /// <c>|d| − ½β</c> (the L1 loss for β = 0), like PyTorch's <c>smooth_l1_loss</c>.
        /// </summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, of the input's shape.</param>
        /// <param name="reduction">Mean (PyTorch's default), sum or none.</param>
        /// <param name="beta">The threshold β (1), at least 0.</param>
        /// <returns>A one-element tensor, or the per-element losses for <see cref="Reduction.None"/>.</returns>
        /// <exception cref="ArgumentException">The shapes differ, β is negative, or the reduction is <see cref="Reduction.BatchMean"/>.</exception>
        [Differentiable]
        public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, float beta = 1f)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(target);
            RequireSameShape(input.Shape, target.Shape);
            RequireElementwiseReduction(reduction);
            return Reduce(Tensor.SmoothL1LossElements(input, target, beta), reduction);
        }

        /// <summary>
        /// The Kullback–Leibler divergence of the target distribution from the input's, like
        /// PyTorch's <c>kl_div</c>: the input holds log-probabilities, the target probabilities (or
        /// log-probabilities with <paramref name="logTarget"/>); per element <c>y·(log y − x)</c>.
        /// </summary>
        /// <remarks>
        /// <see cref="Reduction.BatchMean"/> (the sum over the batch size) is the mathematically
        /// correct KL divergence; <see cref="Reduction.Mean"/>, PyTorch's default, averages over
        /// every element.
        /// </remarks>
        /// <param name="input">Log-probabilities, [N, …].</param>
        /// <param name="target">The target, of the input's shape.</param>
        /// <param name="reduction">Mean, batch mean, sum or none.</param>
        /// <param name="logTarget">Whether the target holds log-probabilities.</param>
        /// <returns>A one-element tensor, or the per-element values for <see cref="Reduction.None"/>.</returns>
        /// <exception cref="ArgumentException">The shapes differ.</exception>
        [Differentiable]
        public static Tensor KLDivLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool logTarget = false)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(target);
            RequireSameShape(input.Shape, target.Shape);
            Tensor elements = Tensor.KLDivElements(input, target, logTarget);
            Tensor result = elements;
            if (reduction == Reduction.BatchMean)
            {
                result = elements.Sum() * BatchScale(input.Shape);
            }
            else
            {
                result = Reduce(elements, reduction);
            }

            return result;
        }

        /// <summary>
        /// The cross-entropy of class scores, <c>NLLLoss(LogSoftmax(logits, 1), targets)</c>, like
        /// PyTorch's <c>cross_entropy</c> with class-index targets: a target of −100 (PyTorch's default
        /// <c>ignore_index</c>, the usual padding) is skipped, and the mean taken over the others.
        /// </summary>
        /// <param name="logits">Unnormalised scores, [N, C], or [N, C, d₁, …] for a class score at every position (PyTorch's K-dimensional loss).</param>
        /// <param name="targets">The correct classes, each in [0, C) or −100: N of them, or N·d₁·… in the row-major order of [N, d₁, …].</param>
        /// <returns>A one-element tensor; NaN when every target is −100, as in PyTorch.</returns>
        /// <exception cref="ArgumentException">The logits have rank below 2 or the target count does not fit them.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A target is neither a class index nor −100.</exception>
        [Differentiable]
        public static Tensor CrossEntropyLoss(Tensor logits, int[] targets)
        {
            ArgumentNullException.ThrowIfNull(logits);
            RequireClassTargets(logits.Shape, targets, "logits", DefaultIgnoreIndex);

            // Rows of [N, C] with no target ignored take the plain path, the one a training step takes.
            Tensor result = logits.Rank > 2 || KeptCount(targets, DefaultIgnoreIndex) < targets.Length
                ? CrossEntropyLoss(logits, targets, Reduction.Mean)
                : NLLLoss(LogSoftmax(logits, 1), targets);
            return result;
        }

        /// <summary>As <see cref="CrossEntropyLoss(Tensor, int[])"/>, with the targets in an integer tensor of shape [N] (or [N, d₁, …]).</summary>
        /// <param name="logits">Unnormalised scores, [N, C] or [N, C, d₁, …].</param>
        /// <param name="targets">The correct classes, each in [0, C), shaped as the logits without their class dimension.</param>
        /// <returns>A one-element tensor.</returns>
        /// <exception cref="ArgumentException">The targets are not shaped as the logits without their class dimension.</exception>
        [Differentiable]
        public static Tensor CrossEntropyLoss(Tensor logits, IntTensor targets)
        {
            ArgumentNullException.ThrowIfNull(logits);
            return CrossEntropyLoss(logits, ClassTargets(targets, logits.Shape, nameof(targets)));
        }

        /// <summary>As <see cref="CrossEntropyLoss(Tensor, int[], Reduction, int, float)"/>, with the targets in an integer tensor of shape [N] (or [N, d₁, …]).</summary>
        /// <param name="logits">Unnormalised scores, [N, C] or [N, C, d₁, …].</param>
        /// <param name="targets">The correct classes, each in [0, C) or <paramref name="ignoreIndex"/>, shaped as the logits without their class dimension.</param>
        /// <param name="reduction">Mean (over the samples not ignored), sum or none.</param>
        /// <param name="ignoreIndex">A target value whose samples are skipped (PyTorch's default −100).</param>
        /// <param name="labelSmoothing">The smoothing ε in [0, 1].</param>
        /// <returns>A one-element tensor, or the per-sample losses (shaped as the targets) for <see cref="Reduction.None"/>.</returns>
        /// <exception cref="ArgumentException">The targets are not shaped as the logits without their class dimension.</exception>
        [Differentiable]
        public static Tensor CrossEntropyLoss(Tensor logits, IntTensor targets, Reduction reduction, int ignoreIndex = -100, float labelSmoothing = 0f)
        {
            ArgumentNullException.ThrowIfNull(logits);
            return CrossEntropyLoss(logits, ClassTargets(targets, logits.Shape, nameof(targets)), reduction, ignoreIndex, labelSmoothing);
        }

        /// <summary>Class-index targets held in an integer tensor: shaped as the logits without their class dimension ([N] for [N, C]).</summary>
        private static int[] ClassTargets(IntTensor targets, int[] logitsShape, string name)
        {
            ArgumentNullException.ThrowIfNull(targets, name);
            int[] shape = targets.Shape;
            bool fits = logitsShape.Length >= 2 && shape.Length == logitsShape.Length - 1 && shape[0] == logitsShape[0];
            for (int i = 1; fits && i < shape.Length; i++)
            {
                fits = shape[i] == logitsShape[i + 1];
            }

            if (!fits)
            {
                int[] expected = logitsShape.Length >= 2 ? PositionsShape(logitsShape) : new[] { -1 };
                throw new ArgumentException(
                    $"Class targets must have the logits' shape without the class dimension, {Shapes.Format(expected)} for logits {Shapes.Format(logitsShape)}, but {name} has shape {Shapes.Format(shape)}.", name);
            }

            return targets.ToArray();
        }

        /// <summary>
        /// The negative log-likelihood, <c>−mean(logProbabilities[i, targets[i]])</c>, like PyTorch's
        /// <c>nll_loss</c>: a target of −100 (its default <c>ignore_index</c>) is skipped, and the mean taken over
        /// the others.
        /// </summary>
        /// <param name="logProbabilities">Log-probabilities, [N, C] (or [N, C, d₁, …], one row of classes per position), typically from <see cref="LogSoftmax"/>.</param>
        /// <param name="targets">The correct classes, each in [0, C) or −100: N of them, or N·d₁·… in the row-major order of [N, d₁, …].</param>
        /// <returns>A one-element tensor; NaN when every target is −100, as in PyTorch.</returns>
        /// <exception cref="ArgumentException">The input has rank below 2 or the target count does not fit it.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A target is neither a class index nor −100.</exception>
        [Differentiable]
        public static Tensor NLLLoss(Tensor logProbabilities, int[] targets)
        {
            ArgumentNullException.ThrowIfNull(logProbabilities);
            RequireClassTargets(logProbabilities.Shape, targets, "logProbabilities", DefaultIgnoreIndex);
            Tensor result = logProbabilities.Rank > 2 || KeptCount(targets, DefaultIgnoreIndex) < targets.Length
                ? NegativeLogLikelihoodRows(logProbabilities.Rank > 2 ? ClassesLast(logProbabilities) : logProbabilities, targets, Reduction.Mean, DefaultIgnoreIndex, 0f)
                : -logProbabilities.Gather(targets).Mean();
            return result;
        }

        /// <summary>
        /// The cross-entropy of class scores with PyTorch's options, like <c>cross_entropy(logits,
        /// targets, ignore_index=…, reduction=…, label_smoothing=…)</c>: per sample
        /// <c>(1 − ε)·(−log pᵢ[yᵢ]) + ε/C·Σ_c(−log pᵢ[c])</c>, samples whose target is
        /// <paramref name="ignoreIndex"/> contributing nothing, and the mean taken over the others.
        /// </summary>
        /// <param name="logits">Unnormalised scores, [N, C], or [N, C, d₁, …] for a class score at every position (PyTorch's K-dimensional loss).</param>
        /// <param name="targets">The correct classes, each in [0, C) or <paramref name="ignoreIndex"/>: N of them, or N·d₁·… in the row-major order of [N, d₁, …].</param>
        /// <param name="reduction">Mean (over the samples not ignored), sum or none.</param>
        /// <param name="ignoreIndex">A target value whose samples are skipped (PyTorch's default −100).</param>
        /// <param name="labelSmoothing">The smoothing ε in [0, 1].</param>
        /// <returns>A one-element tensor, or the per-sample losses (0 where ignored), [N] or [N, d₁, …], for <see cref="Reduction.None"/>.</returns>
        /// <exception cref="ArgumentException">The shapes do not fit, or the reduction is <see cref="Reduction.BatchMean"/>.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A target is neither a class index nor the ignored value, or ε is outside [0, 1].</exception>
        [Differentiable]
        public static Tensor CrossEntropyLoss(Tensor logits, int[] targets, Reduction reduction, int ignoreIndex = -100, float labelSmoothing = 0f)
        {
            ArgumentNullException.ThrowIfNull(logits);
            RequireClassTargets(logits.Shape, targets, "logits", ignoreIndex);
            RequireElementwiseReduction(reduction);
            if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
            {
                throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "labelSmoothing must be in [0, 1].");
            }

            // [N, C, d₁, …]: one sample per position, the classes moved last and the positions made rows in the targets'
            // row-major order; the unreduced losses take the positions' shape again.
            Tensor result = logits.Rank > 2
                ? PositionsShaped(CrossEntropyRows(ClassesLast(logits), targets, reduction, ignoreIndex, labelSmoothing), logits, reduction)
                : CrossEntropyRows(logits, targets, reduction, ignoreIndex, labelSmoothing);
            return result;
        }

        /// <summary>[N, C, d₁, …] as [N·d₁·…, C]: the class dimension moved last, one row per position.</summary>
        [Differentiable]
        private static Tensor ClassesLast(Tensor logits)
        {
            Tensor moved = logits;
            for (int dimension = 1; dimension < logits.Rank - 1; dimension++)
            {
                moved = moved.Transpose(dimension, dimension + 1);
            }

            return moved.Reshape(-1, logits.Shape[1]);
        }

        /// <summary>Unreduced per-position losses in the shape [N, d₁, …] of the logits' positions; a reduced loss as it is.</summary>
        [Differentiable]
        private static Tensor PositionsShaped(Tensor losses, Tensor logits, Reduction reduction)
        {
            Tensor result = losses;
            if (reduction == Reduction.None)
            {
                result = losses.Reshape(PositionsShape(logits.Shape));
            }

            return result;
        }

        /// <summary>[N, d₁, …] of logits [N, C, d₁, …]: their shape without the class dimension.</summary>
        private static int[] PositionsShape(int[] logitsShape)
        {
            var shape = new int[logitsShape.Length - 1];
            shape[0] = logitsShape[0];
            Array.Copy(logitsShape, 2, shape, 1, logitsShape.Length - 2);
            return shape;
        }

        /// <summary>The cross-entropy of <see cref="CrossEntropyLoss(Tensor, int[], Reduction, int, float)"/> for logits [N, C], checked already.</summary>
        [Differentiable]
        private static Tensor CrossEntropyRows(Tensor logits, int[] targets, Reduction reduction, int ignoreIndex, float labelSmoothing) =>
            NegativeLogLikelihoodRows(logits.LogSoftmax(1), targets, reduction, ignoreIndex, labelSmoothing);

        /// <summary>The negative log-likelihood of log-probabilities [N, C], checked already, with targets to skip and label smoothing.</summary>
        [Differentiable]
        private static Tensor NegativeLogLikelihoodRows(Tensor logProbabilities, int[] targets, Reduction reduction, int ignoreIndex, float labelSmoothing)
        {
            Tensor kept = KeptMask(targets, ignoreIndex, logProbabilities.Device);
            Tensor perSample = -(logProbabilities.Gather(ClassesOrZero(targets, ignoreIndex)) * kept);
            if (labelSmoothing > 0f)
            {
                Tensor smooth = -(logProbabilities.Sum(1) * kept);
                perSample = perSample * (1f - labelSmoothing) + smooth * (labelSmoothing / logProbabilities.Shape[1]);
            }

            Tensor result = perSample;
            if (reduction == Reduction.Mean)
            {
                // PyTorch divides by the samples not ignored. With none left the loss is 0/0 = NaN, as there, and its
                // gradient 0, as there, so that one batch of ignored samples leaves the parameters as they are.
                int keptCount = KeptCount(targets, ignoreIndex);
                if (keptCount > 0)
                {
                    result = perSample.Sum() * (1f / keptCount);
                }
                else
                {
                    result = perSample.Sum() * 0f + float.NaN;
                }
            }
            else if (reduction == Reduction.Sum)
            {
                result = perSample.Sum();
            }

            return result;
        }

        /// <summary>The loss reduced as <paramref name="reduction"/> says (mean, sum, or unreduced).</summary>
        [Differentiable]
        private static Tensor Reduce(Tensor elements, Reduction reduction)
        {
            Tensor result = elements;
            if (reduction == Reduction.Mean)
            {
                result = elements.Mean();
            }
            else if (reduction == Reduction.Sum)
            {
                result = elements.Sum();
            }

            return result;
        }

        private static void RequireElementwiseReduction(Reduction reduction)
        {
            if (reduction is not (Reduction.None or Reduction.Mean or Reduction.Sum))
            {
                throw new ArgumentException($"This loss takes the reduction None, Mean or Sum, not {reduction}; BatchMean belongs to KLDivLoss.", nameof(reduction));
            }
        }

        private static float BatchScale(int[] shape) => shape.Length == 0 ? 1f : 1f / shape[0];

        private static int[] ClassesOrZero(int[] targets, int ignoreIndex)
        {
            int[] classes = new int[targets.Length];
            for (int i = 0; i < targets.Length; i++)
            {
                classes[i] = targets[i] == ignoreIndex ? 0 : targets[i];
            }

            return classes;
        }

        private static Tensor KeptMask(int[] targets, int ignoreIndex, Device device)
        {
            float[] mask = new float[targets.Length];
            for (int i = 0; i < targets.Length; i++)
            {
                mask[i] = targets[i] == ignoreIndex ? 0f : 1f;
            }

            return Tensor.FromArray(mask, new[] { targets.Length }, device);
        }

        private static int KeptCount(int[] targets, int ignoreIndex)
        {
            int count = 0;
            foreach (int target in targets)
            {
                count += target == ignoreIndex ? 0 : 1;
            }

            return count;
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

        private static void RequireClassTargets(int[] input, int[] targets, string inputName, int? ignoreIndex = null)
        {
            ArgumentNullException.ThrowIfNull(targets);
            if (input.Length < 2)
            {
                throw new ArgumentException(
                    $"{inputName} {Shapes.Format(input)} must have shape [N, C] (or [N, C, d₁, …]).", inputName);
            }

            long count = input[0];
            for (int i = 2; i < input.Length; i++)
            {
                count *= input[i];
            }

            int classes = input[1];
            if (targets.Length != count)
            {
                throw new ArgumentException(
                    input.Length == 2
                        ? $"{inputName} {Shapes.Format(input)} has {count} rows but targets has {targets.Length} entries."
                        : $"{inputName} {Shapes.Format(input)} has {count} positions (N·d₁·…, the shape {Shapes.Format(PositionsShape(input))}) but targets has {targets.Length} entries.",
                    nameof(targets));
            }

            for (int i = 0; i < targets.Length; i++)
            {
                if ((uint)targets[i] >= (uint)classes && targets[i] != ignoreIndex)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(targets), targets[i], $"targets[{i}] = {targets[i]} is not a class index in [0, {classes}).");
                }
            }
        }
    }
}
