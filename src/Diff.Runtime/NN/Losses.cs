using System;

namespace Diff.NN
{
    /// <summary>
    /// The base of the loss modules, like PyTorch's <c>_Loss</c>: it holds the reduction. Each loss
    /// has a <c>[Differentiable] Forward(input, target)</c>, so it can be called from differentiable
    /// code, and a matching function in <see cref="Functional"/>.
    /// </summary>
    public abstract class Loss
    {
        /// <summary>Creates the loss.</summary>
        /// <param name="reduction">How per-element losses are combined.</param>
        protected Loss(Reduction reduction)
        {
            Reduction = reduction;
        }

        /// <summary>How per-element losses are combined.</summary>
        public Reduction Reduction { get; }

        /// <summary>Describes the loss like PyTorch does: the type name and parentheses.</summary>
        /// <returns>For example <c>MSELoss()</c>.</returns>
        public override string ToString() => GetType().Name + "()";
    }

    /// <summary>The mean squared error, like PyTorch's <c>nn.MSELoss</c>.</summary>
    public sealed partial class MSELoss : Loss
    {
        /// <summary>Creates the loss.</summary>
        /// <param name="reduction">Mean (default), sum or none.</param>
        public MSELoss(Reduction reduction = Reduction.Mean)
            : base(reduction)
        {
        }

        /// <summary>Computes the loss.</summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, of the input's shape.</param>
        /// <returns>The reduced loss.</returns>
        [Differentiable]
        public Tensor Forward(Tensor input, Tensor target)
        {
            return Functional.MSELoss(input, target, Reduction);
        }
    }

    /// <summary>The cross-entropy of class scores, like PyTorch's <c>nn.CrossEntropyLoss</c>, with ignore_index and label smoothing.</summary>
    public sealed partial class CrossEntropyLoss : Loss
    {
        /// <summary>Creates the loss.</summary>
        /// <param name="reduction">Mean over the samples not ignored (default), sum or none.</param>
        /// <param name="ignoreIndex">A target value whose samples are skipped (−100).</param>
        /// <param name="labelSmoothing">The smoothing ε in [0, 1] (0).</param>
        /// <exception cref="ArgumentOutOfRangeException">ε is outside [0, 1].</exception>
        public CrossEntropyLoss(Reduction reduction = Reduction.Mean, int ignoreIndex = -100, double labelSmoothing = 0.0)
            : base(reduction)
        {
            if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "labelSmoothing must be in [0, 1].");
            }

            IgnoreIndex = ignoreIndex;
            LabelSmoothing = labelSmoothing;
        }

        /// <summary>The target value whose samples are skipped.</summary>
        public int IgnoreIndex { get; }

        /// <summary>The label smoothing ε.</summary>
        public double LabelSmoothing { get; }

        /// <summary>Computes the loss.</summary>
        /// <param name="input">Unnormalised scores, [N, C].</param>
        /// <param name="target">The N correct classes (or <see cref="IgnoreIndex"/>).</param>
        /// <returns>The reduced loss.</returns>
        [Differentiable]
        public Tensor Forward(Tensor input, int[] target)
        {
            return Functional.CrossEntropyLoss(input, target, Reduction, IgnoreIndex, (float)LabelSmoothing);
        }

        /// <summary>Computes the loss with the targets in an integer tensor of shape [N].</summary>
        /// <param name="input">Unnormalised scores, [N, C].</param>
        /// <param name="target">The N correct classes (or <see cref="IgnoreIndex"/>).</param>
        /// <returns>The reduced loss.</returns>
        [Differentiable]
        public Tensor Forward(Tensor input, IntTensor target)
        {
            return Functional.CrossEntropyLoss(input, target, Reduction, IgnoreIndex, (float)LabelSmoothing);
        }
    }

    /// <summary>The binary cross-entropy of logits, like PyTorch's <c>nn.BCEWithLogitsLoss</c>, with pos_weight.</summary>
    public sealed partial class BCEWithLogitsLoss : Loss
    {
        /// <summary>Creates the loss.</summary>
        /// <param name="reduction">Mean (default), sum or none.</param>
        /// <param name="posWeight">The weight of positive examples, broadcast to the input (typically [C]), or null.</param>
        public BCEWithLogitsLoss(Reduction reduction = Reduction.Mean, Tensor? posWeight = null)
            : base(reduction)
        {
            PosWeight = posWeight;
        }

        /// <summary>The weight of positive examples, or null.</summary>
        public Tensor? PosWeight { get; }

        /// <summary>Computes the loss.</summary>
        /// <param name="input">Logits.</param>
        /// <param name="target">Targets in [0, 1], of the input's shape.</param>
        /// <returns>The reduced loss.</returns>
        [Differentiable]
        public Tensor Forward(Tensor input, Tensor target)
        {
            return Functional.BCEWithLogitsLoss(input, target, PosWeight, Reduction);
        }
    }

    /// <summary>The Huber loss, like PyTorch's <c>nn.HuberLoss</c>.</summary>
    public sealed partial class HuberLoss : Loss
    {
        /// <summary>Creates the loss.</summary>
        /// <param name="reduction">Mean (default), sum or none.</param>
        /// <param name="delta">The threshold δ (1), positive.</param>
        /// <exception cref="ArgumentOutOfRangeException">δ is not positive.</exception>
        public HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1.0)
            : base(reduction)
        {
            if (!(delta > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be positive.");
            }

            Delta = delta;
        }

        /// <summary>The threshold δ.</summary>
        public double Delta { get; }

        /// <summary>Computes the loss.</summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, of the input's shape.</param>
        /// <returns>The reduced loss.</returns>
        [Differentiable]
        public Tensor Forward(Tensor input, Tensor target)
        {
            return Functional.HuberLoss(input, target, Reduction, (float)Delta);
        }
    }

    /// <summary>The smooth L1 loss, like PyTorch's <c>nn.SmoothL1Loss</c>.</summary>
    public sealed partial class SmoothL1Loss : Loss
    {
        /// <summary>Creates the loss.</summary>
        /// <param name="reduction">Mean (default), sum or none.</param>
        /// <param name="beta">The threshold β (1), at least 0.</param>
        /// <exception cref="ArgumentOutOfRangeException">β is negative.</exception>
        public SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0)
            : base(reduction)
        {
            if (!(beta >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be at least 0.");
            }

            Beta = beta;
        }

        /// <summary>The threshold β.</summary>
        public double Beta { get; }

        /// <summary>Computes the loss.</summary>
        /// <param name="input">The prediction.</param>
        /// <param name="target">The target, of the input's shape.</param>
        /// <returns>The reduced loss.</returns>
        [Differentiable]
        public Tensor Forward(Tensor input, Tensor target)
        {
            return Functional.SmoothL1Loss(input, target, Reduction, (float)Beta);
        }
    }

    /// <summary>The Kullback–Leibler divergence, like PyTorch's <c>nn.KLDivLoss</c> (input as log-probabilities).</summary>
    public sealed partial class KLDivLoss : Loss
    {
        /// <summary>Creates the loss.</summary>
        /// <param name="reduction">Mean (PyTorch's default), batch mean (the true divergence), sum or none.</param>
        /// <param name="logTarget">Whether the target holds log-probabilities.</param>
        public KLDivLoss(Reduction reduction = Reduction.Mean, bool logTarget = false)
            : base(reduction)
        {
            LogTarget = logTarget;
        }

        /// <summary>Whether the target holds log-probabilities.</summary>
        public bool LogTarget { get; }

        /// <summary>Computes the loss.</summary>
        /// <param name="input">Log-probabilities.</param>
        /// <param name="target">The target distribution, of the input's shape.</param>
        /// <returns>The reduced loss.</returns>
        [Differentiable]
        public Tensor Forward(Tensor input, Tensor target)
        {
            return Functional.KLDivLoss(input, target, Reduction, LogTarget);
        }
    }
}
