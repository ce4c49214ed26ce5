using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using Diff.NN;

namespace Diff.Optim
{
    /// <summary>
    /// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight
    /// decay, exactly as PyTorch's <c>torch.optim.SGD</c>.
    /// </summary>
    /// <remarks>
    /// For each parameter p with gradient g, at step t (counted per parameter), with learning rate
    /// γ, momentum μ, dampening τ and weight decay λ:
    /// <code>
    /// g ← g + λ·p                        if λ ≠ 0
    /// if μ ≠ 0:
    ///     b ← g                          if t = 1
    ///     b ← μ·b + (1 − τ)·g            otherwise
    ///     g ← g + μ·b                    if nesterov
    ///     g ← b                          otherwise
    /// p ← p − γ·g
    /// </code>
    /// </remarks>
    public sealed class SGD : Optimizer
    {
        private readonly float[]?[] _momentumBuffers;
        private readonly Tensor?[] _deviceMomentum;

        /// <summary>Creates the optimizer.</summary>
        /// <param name="parameters">The parameters to update.</param>
        /// <param name="lr">The learning rate γ, not negative.</param>
        /// <param name="momentum">The momentum factor μ, not negative; 0 disables momentum.</param>
        /// <param name="dampening">The dampening τ of the momentum, in [0, 1].</param>
        /// <param name="weightDecay">The L2 penalty λ, not negative.</param>
        /// <param name="nesterov">Whether to use Nesterov momentum; needs μ &gt; 0 and τ = 0.</param>
        /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
        /// <exception cref="ArgumentException">The parameter list is empty or invalid, or Nesterov momentum is asked without momentum or with dampening.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
        public SGD(
            IEnumerable<Parameter> parameters,
            double lr,
            double momentum = 0,
            double dampening = 0,
            double weightDecay = 0,
            bool nesterov = false)
            : base(parameters, lr)
        {
            RequireNonNegative(momentum, nameof(momentum));
            if (!(dampening >= 0 && dampening <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(dampening), dampening, "dampening must be in [0, 1].");
            }

            RequireNonNegative(weightDecay, nameof(weightDecay));
            if (nesterov && (momentum <= 0 || dampening != 0))
            {
                throw new ArgumentException("Nesterov momentum requires a momentum above 0 and zero dampening.", nameof(nesterov));
            }

            Momentum = momentum;
            Dampening = dampening;
            WeightDecay = weightDecay;
            Nesterov = nesterov;
            _momentumBuffers = new float[Parameters.Count][];
            _deviceMomentum = new Tensor?[Parameters.Count];
        }

        /// <summary>The momentum factor μ (<see cref="OneCycleLR"/> may change it).</summary>
        public double Momentum { get; private set; }

        /// <inheritdoc/>
        internal override double? CycledMomentum
        {
            get => Momentum;
            set => Momentum = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>The dampening τ.</summary>
        public double Dampening { get; }

        /// <summary>The weight decay λ.</summary>
        public double WeightDecay { get; }

        /// <summary>Whether Nesterov momentum is used.</summary>
        public bool Nesterov { get; }

        /// <inheritdoc/>
        protected override IEnumerable<(string Key, string Value)> HyperParameters() => new[]
        {
            ("dampening", PythonFloat(Dampening)),
            ("momentum", PythonFloat(Momentum)),
            ("nesterov", PythonBool(Nesterov)),
            ("weight_decay", PythonFloat(WeightDecay)),
        };

        /// <inheritdoc/>
        public override void Step()
        {
            float lr = (float)LearningRate;
            float decay = (float)WeightDecay;
            for (int index = 0; index < Parameters.Count; index++)
            {
                if (TryGetDeviceUpdate(index, out Tensor deviceValue, out Tensor deviceGradient))
                {
                    bool firstOnDevice = _deviceMomentum[index] is null;
                    Tensor buffer = _deviceMomentum[index] ??= Tensor.ZerosLike(deviceValue);
                    DeviceOps.SgdStep(deviceValue, deviceGradient, buffer, lr, decay, (float)Momentum, (float)(1 - Dampening), firstOnDevice, Nesterov);
                    continue;
                }

                if (!TryGetUpdate(index, out Span<float> value, out ReadOnlySpan<float> gradient))
                {
                    continue;
                }

                if (Momentum == 0)
                {
                    UpdatePlain(value, gradient, lr, decay);
                }
                else
                {
                    bool first = _momentumBuffers[index] is null;
                    float[] buffer = StateBuffer(_momentumBuffers, index, value.Length);
                    UpdateWithMomentum(value, gradient, buffer, lr, decay, (float)Momentum, (float)(1 - Dampening), first, Nesterov);
                }
            }
        }

        // The update of a large parameter is split among the processors (ParallelElementwise): it is bound by memory
        // bandwidth, which one core does not saturate. Each chunk runs the same vector loop on its own elements.
        private static unsafe void UpdatePlain(Span<float> p, ReadOnlySpan<float> g, float lr, float decay)
        {
            fixed (float* value = p)
            fixed (float* gradient = g)
            {
                var arguments = new Update(value, gradient, null, lr, decay, 0, 0, first: false, nesterov: false);
                ParallelElementwise.Run(new ElementwisePass(&PlainChunk, p.Length, &arguments));
            }
        }

        private static unsafe void UpdateWithMomentum(
            Span<float> p, ReadOnlySpan<float> g, Span<float> b,
            float lr, float decay, float momentum, float undamped, bool first, bool nesterov)
        {
            fixed (float* value = p)
            fixed (float* gradient = g)
            fixed (float* buffer = b)
            {
                var arguments = new Update(value, gradient, buffer, lr, decay, momentum, undamped, first, nesterov);
                ParallelElementwise.Run(new ElementwisePass(&MomentumChunk, p.Length, &arguments));
            }
        }

        private static unsafe void PlainChunk(void* arguments, int start, int count)
        {
            var update = (Update*)arguments;
            UpdatePlainChunk(new Span<float>(update->Value + start, count), new ReadOnlySpan<float>(update->Gradient + start, count), update->LearningRate, update->Decay);
        }

        private static unsafe void MomentumChunk(void* arguments, int start, int count)
        {
            var update = (Update*)arguments;
            UpdateWithMomentumChunk(
                new Span<float>(update->Value + start, count), new ReadOnlySpan<float>(update->Gradient + start, count), new Span<float>(update->Buffer + start, count),
                update->LearningRate, update->Decay, update->Momentum, update->Undamped, update->First, update->Nesterov);
        }

        /// <summary>One parameter's update, as the chunks of <see cref="ParallelElementwise"/> read it.</summary>
        private readonly unsafe struct Update
        {
            public Update(float* value, float* gradient, float* buffer, float learningRate, float decay, float momentum, float undamped, bool first, bool nesterov)
            {
                Value = value;
                Gradient = gradient;
                Buffer = buffer;
                LearningRate = learningRate;
                Decay = decay;
                Momentum = momentum;
                Undamped = undamped;
                First = first;
                Nesterov = nesterov;
            }

            public float* Value { get; }

            public float* Gradient { get; }

            public float* Buffer { get; }

            public float LearningRate { get; }

            public float Decay { get; }

            public float Momentum { get; }

            public float Undamped { get; }

            public bool First { get; }

            public bool Nesterov { get; }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void UpdatePlainChunk(Span<float> p, ReadOnlySpan<float> g, float lr, float decay)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i <= p.Length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    Vector<float> pv = new Vector<float>(p.Slice(i));
                    Vector<float> gv = new Vector<float>(g.Slice(i)) + decay * pv;
                    (pv - lr * gv).CopyTo(p.Slice(i));
                }
            }

            for (; i < p.Length; i++)
            {
                p[i] -= lr * (g[i] + decay * p[i]);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void UpdateWithMomentumChunk(
            Span<float> p, ReadOnlySpan<float> g, Span<float> b,
            float lr, float decay, float momentum, float undamped, bool first, bool nesterov)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i <= p.Length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    Vector<float> pv = new Vector<float>(p.Slice(i));
                    Vector<float> gv = new Vector<float>(g.Slice(i)) + decay * pv;
                    // The buffer starts as the first gradient itself, not as a damped one (PyTorch).
                    Vector<float> bv = first ? gv : momentum * new Vector<float>(b.Slice(i)) + undamped * gv;
                    bv.CopyTo(b.Slice(i));
                    Vector<float> direction = nesterov ? gv + momentum * bv : bv;
                    (pv - lr * direction).CopyTo(p.Slice(i));
                }
            }

            for (; i < p.Length; i++)
            {
                float gi = g[i] + decay * p[i];
                float bi = first ? gi : momentum * b[i] + undamped * gi;
                b[i] = bi;
                p[i] -= lr * (nesterov ? gi + momentum * bi : bi);
            }
        }
    }
}
