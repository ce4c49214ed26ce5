using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using Diff.NN;

namespace Diff.Optim
{
    /// <summary>
    /// RMSprop (Hinton), exactly as PyTorch's <c>torch.optim.RMSprop</c>: the gradient divided by a
    /// running root mean square, optionally centred and with momentum.
    /// </summary>
    /// <remarks>
    /// For each parameter p with gradient g, with learning rate γ, smoothing α, ε, weight decay λ
    /// and momentum μ, starting from v = 0, ḡ = 0 and b = 0:
    /// <code>
    /// g ← g + λ·p                        if λ ≠ 0
    /// v ← α·v + (1 − α)·g²
    /// ṽ ← v
    /// if centered:
    ///     ḡ ← α·ḡ + (1 − α)·g
    ///     ṽ ← ṽ − ḡ²
    /// if μ &gt; 0:
    ///     b ← μ·b + g / (√ṽ + ε)
    ///     p ← p − γ·b
    /// else:
    ///     p ← p − γ·g / (√ṽ + ε)
    /// </code>
    /// </remarks>
    public sealed class RMSprop : Optimizer
    {
        private readonly float[]?[] _squareAverages;
        private readonly Tensor?[] _deviceSquareAverages;
        private readonly Tensor?[] _deviceGradientAverages;
        private readonly Tensor?[] _deviceMomentumBuffers;
        private readonly float[]?[] _gradientAverages;
        private readonly float[]?[] _momentumBuffers;

        /// <summary>Creates the optimizer.</summary>
        /// <param name="parameters">The parameters to update.</param>
        /// <param name="lr">The learning rate γ, not negative.</param>
        /// <param name="alpha">The smoothing constant α of the running averages, in [0, 1].</param>
        /// <param name="eps">The term ε added to the denominator, not negative.</param>
        /// <param name="weightDecay">The L2 penalty λ, not negative.</param>
        /// <param name="momentum">The momentum factor μ, not negative; 0 disables momentum.</param>
        /// <param name="centered">Whether to normalise by the estimated variance instead of the raw second moment.</param>
        /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
        /// <exception cref="ArgumentException">The parameter list is empty or invalid.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
        public RMSprop(
            IEnumerable<Parameter> parameters,
            double lr = 1e-2,
            double alpha = 0.99,
            double eps = 1e-8,
            double weightDecay = 0,
            double momentum = 0,
            bool centered = false)
            : base(parameters, lr)
        {
            if (!(alpha >= 0 && alpha <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1].");
            }

            RequireNonNegative(eps, nameof(eps));
            RequireNonNegative(weightDecay, nameof(weightDecay));
            RequireNonNegative(momentum, nameof(momentum));
            Alpha = alpha;
            Eps = eps;
            WeightDecay = weightDecay;
            Momentum = momentum;
            Centered = centered;
            _squareAverages = new float[Parameters.Count][];
            _deviceSquareAverages = new Tensor?[Parameters.Count];
            _deviceGradientAverages = new Tensor?[Parameters.Count];
            _deviceMomentumBuffers = new Tensor?[Parameters.Count];
            _gradientAverages = new float[Parameters.Count][];
            _momentumBuffers = new float[Parameters.Count][];
        }

        /// <summary>The smoothing constant α.</summary>
        public double Alpha { get; }

        /// <summary>The term ε added to the denominator.</summary>
        public double Eps { get; }

        /// <summary>The L2 penalty λ.</summary>
        public double WeightDecay { get; }

        /// <summary>The momentum factor μ.</summary>
        public double Momentum { get; private set; }

        /// <inheritdoc/>
        internal override double? CycledMomentum
        {
            get => Momentum;
            set => Momentum = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>Whether the second moment is centred by the running mean of the gradient.</summary>
        public bool Centered { get; }

        /// <inheritdoc/>
        protected override IEnumerable<(string Key, string Value)> HyperParameters() => new[]
        {
            ("alpha", PythonFloat(Alpha)),
            ("centered", PythonBool(Centered)),
            ("eps", PythonFloat(Eps)),
            ("momentum", PythonFloat(Momentum)),
            ("weight_decay", PythonFloat(WeightDecay)),
        };

        /// <inheritdoc/>
        public override void Step()
        {
            float lr = (float)LearningRate;
            float alpha = (float)Alpha;
            float oneMinusAlpha = (float)(1 - Alpha);
            float eps = (float)Eps;
            float decay = (float)WeightDecay;
            float momentum = (float)Momentum;
            for (int index = 0; index < Parameters.Count; index++)
            {
                if (TryGetDeviceUpdate(index, out Tensor deviceValue, out Tensor deviceGradient))
                {
                    // Buffers this configuration does not use are stood in for by the square averages.
                    Tensor squares = _deviceSquareAverages[index] ??= Tensor.ZerosLike(deviceValue);
                    Tensor means = Centered ? _deviceGradientAverages[index] ??= Tensor.ZerosLike(deviceValue) : squares;
                    Tensor buffer = Momentum > 0 ? _deviceMomentumBuffers[index] ??= Tensor.ZerosLike(deviceValue) : squares;
                    DeviceOps.RmspropStep(deviceValue, deviceGradient, squares, means, buffer, lr, alpha, eps, decay, momentum, Centered, Momentum > 0);
                    continue;
                }

                if (!TryGetUpdate(index, out Span<float> p, out ReadOnlySpan<float> g))
                {
                    continue;
                }

                float[] v = StateBuffer(_squareAverages, index, p.Length);
                // Buffers this configuration does not use are never allocated.
                Span<float> mean = Centered ? StateBuffer(_gradientAverages, index, p.Length) : Span<float>.Empty;
                Span<float> b = Momentum > 0 ? StateBuffer(_momentumBuffers, index, p.Length) : Span<float>.Empty;
                Update(p, g, v, mean, b, lr, alpha, oneMinusAlpha, eps, decay, momentum, Centered, Momentum > 0);
            }
        }

        // Split among the processors when the parameter is large (ParallelElementwise): the update is bound by memory
        // bandwidth, which one core does not saturate.
        private static unsafe void Update(
            Span<float> p, ReadOnlySpan<float> g, Span<float> v, Span<float> mean, Span<float> b,
            float lr, float alpha, float oneMinusAlpha, float eps, float decay, float momentum,
            bool centered, bool useMomentum)
        {
            fixed (float* value = p)
            fixed (float* gradient = g)
            fixed (float* squares = v)
            fixed (float* means = mean)
            fixed (float* buffer = b)
            {
                var arguments = new Averages(
                    value, gradient, squares, means, buffer, lr, alpha, oneMinusAlpha, eps, decay, momentum, centered, useMomentum);
                ParallelElementwise.Run(new ElementwisePass(&UpdateChunk, p.Length, &arguments));
            }
        }

        private static unsafe void UpdateChunk(void* arguments, int start, int count)
        {
            Averages update = *(Averages*)arguments;
            // A buffer the configuration does not use is empty, and the loop never reads it.
            UpdateElements(
                new Span<float>(update.Value + start, count),
                new ReadOnlySpan<float>(update.Gradient + start, count),
                new Span<float>(update.Squares + start, count),
                update.Centered ? new Span<float>(update.Means + start, count) : Span<float>.Empty,
                update.UseMomentum ? new Span<float>(update.Buffer + start, count) : Span<float>.Empty,
                update.LearningRate, update.Alpha, update.OneMinusAlpha, update.Eps, update.Decay, update.Momentum, update.Centered, update.UseMomentum);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void UpdateElements(
            Span<float> p, ReadOnlySpan<float> g, Span<float> v, Span<float> mean, Span<float> b,
            float lr, float alpha, float oneMinusAlpha, float eps, float decay, float momentum,
            bool centered, bool useMomentum)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                Vector<float> epsVector = new Vector<float>(eps);
                for (; i <= p.Length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    Vector<float> pv = new Vector<float>(p.Slice(i));
                    Vector<float> gv = new Vector<float>(g.Slice(i)) + decay * pv;
                    Vector<float> vv = alpha * new Vector<float>(v.Slice(i)) + oneMinusAlpha * gv * gv;
                    vv.CopyTo(v.Slice(i));
                    Vector<float> variance = vv;
                    if (centered)
                    {
                        Vector<float> meanV = alpha * new Vector<float>(mean.Slice(i)) + oneMinusAlpha * gv;
                        meanV.CopyTo(mean.Slice(i));
                        variance -= meanV * meanV;
                    }

                    Vector<float> scaled = gv / (Vector.SquareRoot(variance) + epsVector);
                    if (useMomentum)
                    {
                        Vector<float> bv = momentum * new Vector<float>(b.Slice(i)) + scaled;
                        bv.CopyTo(b.Slice(i));
                        scaled = bv;
                    }

                    (pv - lr * scaled).CopyTo(p.Slice(i));
                }
            }

            for (; i < p.Length; i++)
            {
                float gi = g[i] + decay * p[i];
                float vi = alpha * v[i] + oneMinusAlpha * gi * gi;
                v[i] = vi;
                float variance = vi;
                if (centered)
                {
                    float meanI = alpha * mean[i] + oneMinusAlpha * gi;
                    mean[i] = meanI;
                    variance -= meanI * meanI;
                }

                float scaled = gi / (MathF.Sqrt(variance) + eps);
                if (useMomentum)
                {
                    scaled = momentum * b[i] + scaled;
                    b[i] = scaled;
                }

                p[i] -= lr * scaled;
            }
        }

        /// <summary>One parameter's RMSprop update, as the chunks of <see cref="ParallelElementwise"/> read it.</summary>
        private readonly unsafe struct Averages
        {
            public Averages(
                float* value, float* gradient, float* squares, float* means, float* buffer, float learningRate, float alpha,
                float oneMinusAlpha, float eps, float decay, float momentum, bool centered, bool useMomentum)
            {
                Value = value;
                Gradient = gradient;
                Squares = squares;
                Means = means;
                Buffer = buffer;
                LearningRate = learningRate;
                Alpha = alpha;
                OneMinusAlpha = oneMinusAlpha;
                Eps = eps;
                Decay = decay;
                Momentum = momentum;
                Centered = centered;
                UseMomentum = useMomentum;
            }

            public float* Value { get; }

            public float* Gradient { get; }

            public float* Squares { get; }

            /// <summary>The gradients' running means; null unless <see cref="Centered"/>.</summary>
            public float* Means { get; }

            /// <summary>The momentum buffer; null unless <see cref="UseMomentum"/>.</summary>
            public float* Buffer { get; }

            public float LearningRate { get; }

            public float Alpha { get; }

            public float OneMinusAlpha { get; }

            public float Eps { get; }

            public float Decay { get; }

            public float Momentum { get; }

            public bool Centered { get; }

            public bool UseMomentum { get; }
        }
    }
}
