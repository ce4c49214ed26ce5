using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using Diff.NN;

namespace Diff.Optim
{
    /// <summary>
    /// Adam (Kingma and Ba), exactly as PyTorch's <c>torch.optim.Adam</c> without AMSGrad: moment
    /// estimates with bias correction, and weight decay added to the gradient (L2 regularisation).
    /// </summary>
    /// <remarks>
    /// For each parameter p with gradient g, at step t (counted per parameter), with learning rate
    /// γ, decay rates β₁ and β₂, ε and weight decay λ, starting from m = v = 0:
    /// <code>
    /// g ← g + λ·p                        if λ ≠ 0
    /// m ← β₁·m + (1 − β₁)·g
    /// v ← β₂·v + (1 − β₂)·g²
    /// m̂ ← m / (1 − β₁ᵗ)
    /// v̂ ← v / (1 − β₂ᵗ)
    /// p ← p − γ·m̂ / (√v̂ + ε)
    /// </code>
    /// For decoupled weight decay use <see cref="AdamW"/>.
    /// </remarks>
    public sealed class Adam : Optimizer
    {
        private readonly AdamState _state;

        /// <summary>Creates the optimizer.</summary>
        /// <param name="parameters">The parameters to update.</param>
        /// <param name="lr">The learning rate γ, not negative.</param>
        /// <param name="beta1">The decay rate β₁ of the first-moment estimate, in [0, 1).</param>
        /// <param name="beta2">The decay rate β₂ of the second-moment estimate, in [0, 1).</param>
        /// <param name="eps">The term ε added to the denominator, not negative.</param>
        /// <param name="weightDecay">The L2 penalty λ, not negative.</param>
        /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
        /// <exception cref="ArgumentException">The parameter list is empty or invalid.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
        public Adam(
            IEnumerable<Parameter> parameters,
            double lr = 1e-3,
            double beta1 = 0.9,
            double beta2 = 0.999,
            double eps = 1e-8,
            double weightDecay = 0)
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

        /// <summary>The L2 penalty λ, added to the gradient.</summary>
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
                    _state.UpdateOnDevice(index, deviceValue, deviceGradient, LearningRate, decoupled: false);
                    continue;
                }

                if (TryGetUpdate(index, out Span<float> value, out ReadOnlySpan<float> gradient))
                {
                    _state.Update(index, value, gradient, LearningRate, decoupled: false);
                }
            }
        }
    }

    /// <summary>The moment estimates and the update shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
    internal sealed class AdamState
    {
        private readonly float[]?[] _firstMoments;
        private readonly float[]?[] _secondMoments;
        private readonly int[] _steps;
        private Tensor?[]? _deviceFirst;
        private Tensor?[]? _deviceSecond;

        public AdamState(int count, double beta1, double beta2, double eps, double weightDecay)
        {
            RequireBeta(beta1, nameof(beta1));
            RequireBeta(beta2, nameof(beta2));
            if (!(eps >= 0) || double.IsInfinity(eps))
            {
                throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be a finite number not below 0.");
            }

            if (!(weightDecay >= 0) || double.IsInfinity(weightDecay))
            {
                throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weightDecay must be a finite number not below 0.");
            }

            Beta1 = beta1;
            Beta2 = beta2;
            Eps = eps;
            WeightDecay = weightDecay;
            _firstMoments = new float[count][];
            _secondMoments = new float[count][];
            _steps = new int[count];
        }

        public double Beta1 { get; set; }

        public double Beta2 { get; }

        public double Eps { get; }

        public double WeightDecay { get; }

        /// <summary>One step for one parameter; <paramref name="decoupled"/> selects AdamW's decay.</summary>
        public void UpdateOnDevice(int index, Tensor p, Tensor g, double lr, bool decoupled)
        {
            _deviceFirst ??= new Tensor?[_steps.Length];
            _deviceSecond ??= new Tensor?[_steps.Length];
            Tensor m = _deviceFirst[index] ??= Tensor.ZerosLike(p);
            Tensor v = _deviceSecond[index] ??= Tensor.ZerosLike(p);
            int step = ++_steps[index];
            (float stepSize, float inverseSqrtCorrection2) = Corrections(step, lr);
            DeviceOps.AdamStep(
                p, g, m, v, stepSize, inverseSqrtCorrection2, (float)Eps, (float)Beta1, (float)Beta2,
                decoupled ? 0f : (float)WeightDecay, decoupled ? (float)(1 - lr * WeightDecay) : 1f);
        }

        public void Update(int index, Span<float> p, ReadOnlySpan<float> g, double lr, bool decoupled)
        {
            float[] m = Moment(_firstMoments, index, p.Length);
            float[] v = Moment(_secondMoments, index, p.Length);
            int step = ++_steps[index];

            // PyTorch's arrangement of the same formula: γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε),
            // with the scalar factors computed once in double.
            (float stepSize, float inverseSqrtCorrection2) = Corrections(step, lr);
            float eps = (float)Eps;
            float b1 = (float)Beta1;
            float b2 = (float)Beta2;
            float oneMinusB1 = (float)(1 - Beta1);
            float oneMinusB2 = (float)(1 - Beta2);
            float coupledDecay = decoupled ? 0f : (float)WeightDecay;
            // AdamW shrinks the parameter before, and independently of, the moment update.
            float shrink = decoupled ? (float)(1 - lr * WeightDecay) : 1f;

            // Split among the processors when the parameter is large (ParallelElementwise): the update is bound by memory
            // bandwidth, which one core does not saturate.
            unsafe
            {
                fixed (float* value = p)
                fixed (float* gradient = g)
                fixed (float* first = m)
                fixed (float* second = v)
                {
                    var arguments = new Moments(
                        value, gradient, first, second, shrink, coupledDecay, b1, oneMinusB1, b2, oneMinusB2, stepSize, inverseSqrtCorrection2, eps);
                    ParallelElementwise.Run(new ElementwisePass(&UpdateChunk, p.Length, &arguments));
                }
            }
        }

        private static unsafe void UpdateChunk(void* arguments, int start, int count)
        {
            Moments update = *(Moments*)arguments;
            var p = new Span<float>(update.Value + start, count);
            var g = new ReadOnlySpan<float>(update.Gradient + start, count);
            var m = new Span<float>(update.First + start, count);
            var v = new Span<float>(update.Second + start, count);
            UpdateElements(p, g, m, v, update);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void UpdateElements(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in Moments update)
        {
            float shrink = update.Shrink, coupledDecay = update.CoupledDecay, b1 = update.B1, oneMinusB1 = update.OneMinusB1;
            float b2 = update.B2, oneMinusB2 = update.OneMinusB2, stepSize = update.StepSize, eps = update.Eps;
            float inverseSqrtCorrection2 = update.InverseSqrtCorrection2;
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i <= p.Length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    Vector<float> pv = new Vector<float>(p.Slice(i)) * shrink;
                    Vector<float> gv = new Vector<float>(g.Slice(i)) + coupledDecay * pv;
                    Vector<float> mv = b1 * new Vector<float>(m.Slice(i)) + oneMinusB1 * gv;
                    Vector<float> vv = b2 * new Vector<float>(v.Slice(i)) + oneMinusB2 * gv * gv;
                    mv.CopyTo(m.Slice(i));
                    vv.CopyTo(v.Slice(i));
                    Vector<float> denominator = Vector.SquareRoot(vv) * inverseSqrtCorrection2 + new Vector<float>(eps);
                    (pv - stepSize * mv / denominator).CopyTo(p.Slice(i));
                }
            }

            for (; i < p.Length; i++)
            {
                float pi = p[i] * shrink;
                float gi = g[i] + coupledDecay * pi;
                float mi = b1 * m[i] + oneMinusB1 * gi;
                float vi = b2 * v[i] + oneMinusB2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] = pi - stepSize * mi / (MathF.Sqrt(vi) * inverseSqrtCorrection2 + eps);
            }
        }

        // The step's scalar factors, computed once in double: γ/(1 − β₁ᵗ) and 1/√(1 − β₂ᵗ).
        private (float StepSize, float InverseSqrtCorrection2) Corrections(int step, double lr)
        {
            double biasCorrection1 = 1 - Math.Pow(Beta1, step);
            double biasCorrection2 = 1 - Math.Pow(Beta2, step);
            return ((float)(lr / biasCorrection1), (float)(1 / Math.Sqrt(biasCorrection2)));
        }

        private static float[] Moment(float[]?[] moments, int index, int length)
        {
            float[]? moment = moments[index];
            if (moment is null)
            {
                moment = new float[length];
                moments[index] = moment;
            }
            else if (moment.Length != length)
            {
                throw new InvalidOperationException(
                    $"Parameter {index} has {length} elements but its optimizer state was created for {moment.Length}; create a new optimizer after replacing a parameter's value with one of another size.");
            }

            return moment;
        }

        /// <summary>One parameter's Adam update, as the chunks of <see cref="ParallelElementwise"/> read it.</summary>
        private readonly unsafe struct Moments
        {
            public Moments(
                float* value, float* gradient, float* first, float* second, float shrink, float coupledDecay,
                float b1, float oneMinusB1, float b2, float oneMinusB2, float stepSize, float inverseSqrtCorrection2, float eps)
            {
                Value = value;
                Gradient = gradient;
                First = first;
                Second = second;
                Shrink = shrink;
                CoupledDecay = coupledDecay;
                B1 = b1;
                OneMinusB1 = oneMinusB1;
                B2 = b2;
                OneMinusB2 = oneMinusB2;
                StepSize = stepSize;
                InverseSqrtCorrection2 = inverseSqrtCorrection2;
                Eps = eps;
            }

            public float* Value { get; }

            public float* Gradient { get; }

            public float* First { get; }

            public float* Second { get; }

            public float Shrink { get; }

            public float CoupledDecay { get; }

            public float B1 { get; }

            public float OneMinusB1 { get; }

            public float B2 { get; }

            public float OneMinusB2 { get; }

            public float StepSize { get; }

            public float InverseSqrtCorrection2 { get; }

            public float Eps { get; }
        }

        private static void RequireBeta(double value, string name)
        {
            if (!(value >= 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
            }
        }
    }
}
