using System;
using System.Collections.Generic;
using Diff.NN;

namespace Diff.Optim
{
    /// <summary>
    /// Adam with decoupled weight decay (Loshchilov and Hutter), exactly as PyTorch's
    /// <c>torch.optim.AdamW</c> without AMSGrad: the parameter is shrunk directly instead of adding
    /// the penalty to the gradient.
    /// </summary>
    /// <remarks>
    /// For each parameter p with gradient g, at step t (counted per parameter), with learning rate
    /// γ, decay rates β₁ and β₂, ε and weight decay λ, starting from m = v = 0:
    /// <code>
    /// p ← p − γ·λ·p
    /// m ← β₁·m + (1 − β₁)·g
    /// v ← β₂·v + (1 − β₂)·g²
    /// m̂ ← m / (1 − β₁ᵗ)
    /// v̂ ← v / (1 − β₂ᵗ)
    /// p ← p − γ·m̂ / (√v̂ + ε)
    /// </code>
    /// </remarks>
    public sealed class AdamW : Optimizer
    {
        private readonly AdamState _state;

        /// <summary>Creates the optimizer.</summary>
        /// <param name="parameters">The parameters to update.</param>
        /// <param name="lr">The learning rate γ, not negative.</param>
        /// <param name="beta1">The decay rate β₁ of the first-moment estimate, in [0, 1).</param>
        /// <param name="beta2">The decay rate β₂ of the second-moment estimate, in [0, 1).</param>
        /// <param name="eps">The term ε added to the denominator, not negative.</param>
        /// <param name="weightDecay">The decoupled weight decay λ, not negative.</param>
        /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
        /// <exception cref="ArgumentException">The parameter list is empty or invalid.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
        public AdamW(
            IEnumerable<Parameter> parameters,
            double lr = 1e-3,
            double beta1 = 0.9,
            double beta2 = 0.999,
            double eps = 1e-8,
            double weightDecay = 1e-2)
            : base(parameters, lr)
        {
            _state = new AdamState(Parameters.Count, beta1, beta2, eps, weightDecay);
        }

        /// <summary>The decay rate β₁ of the first-moment estimate.</summary>
        public double Beta1 => _state.Beta1;

        /// <inheritdoc/>
        internal override double? CycledMomentum
        {
            get => _state.Beta1;
            set => _state.Beta1 = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>The decay rate β₂ of the second-moment estimate.</summary>
        public double Beta2 => _state.Beta2;

        /// <summary>The term ε added to the denominator.</summary>
        public double Eps => _state.Eps;

        /// <summary>The decoupled weight decay λ.</summary>
        public double WeightDecay => _state.WeightDecay;

        /// <inheritdoc/>
        protected override IEnumerable<(string Key, string Value)> HyperParameters() => new[]
        {
            ("betas", "(" + PythonFloat(Beta1) + ", " + PythonFloat(Beta2) + ")"),
            ("eps", PythonFloat(Eps)),
            ("weight_decay", PythonFloat(WeightDecay)),
        };

        /// <inheritdoc/>
        public override void Step()
        {
            for (int index = 0; index < Parameters.Count; index++)
            {
                if (TryGetDeviceUpdate(index, out Tensor deviceValue, out Tensor deviceGradient))
                {
                    _state.UpdateOnDevice(index, deviceValue, deviceGradient, LearningRate, decoupled: true);
                    continue;
                }

                if (TryGetUpdate(index, out Span<float> value, out ReadOnlySpan<float> gradient))
                {
                    _state.Update(index, value, gradient, LearningRate, decoupled: true);
                }
            }
        }
    }
}
