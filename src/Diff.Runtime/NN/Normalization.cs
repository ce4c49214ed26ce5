using System;

namespace Diff.NN
{
    /// <summary>
    /// Batch normalisation over the channel dimension, PyTorch's <c>_BatchNorm</c>: a learnable scale
    /// (<c>weight</c>, ones) and shift (<c>bias</c>, zeros), and the buffers <c>running_mean</c>
    /// (zeros), <c>running_var</c> (ones) and <c>num_batches_tracked</c> (0, stored as int64).
    /// </summary>
    /// <remarks>
    /// In training mode a batch is normalised by its own mean and biased variance, and the running
    /// statistics move towards the batch's by <see cref="Momentum"/> (the variance unbiased); in
    /// evaluation mode the running statistics normalise. With a null momentum the running
    /// statistics are the cumulative average over all batches, as in PyTorch.
    /// </remarks>
    public abstract partial class BatchNorm : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="numFeatures">The channels C, at least 1.</param>
        /// <param name="eps">Added to the variance for stability, positive.</param>
        /// <param name="momentum">The weight of each new batch in the running statistics, in [0, 1]; null for a cumulative average.</param>
        /// <param name="affine">Whether the layer learns a scale and a shift.</param>
        /// <param name="trackRunningStats">Whether the layer keeps running statistics; without them it always normalises by the batch.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
        protected BatchNorm(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
            if (!(eps > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive.");
            }

            if (momentum is double m && !(m >= 0 && m <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1] or null.");
            }

            NumFeatures = numFeatures;
            Eps = eps;
            Momentum = momentum;
            Affine = affine;
            TrackRunningStats = trackRunningStats;
            Weight = affine ? RegisterParameter("weight", Tensor.Ones(numFeatures)) : null;
            Bias = affine ? RegisterParameter("bias", Tensor.Zeros(numFeatures)) : null;
            if (trackRunningStats)
            {
                RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
                RunningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
                NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros(), storedAsInt64: true);
            }
        }

        /// <summary>The channels C.</summary>
        public int NumFeatures { get; }

        /// <summary>Added to the variance for stability.</summary>
        public double Eps { get; }

        /// <summary>The weight of each new batch in the running statistics; null for a cumulative average.</summary>
        public double? Momentum { get; }

        /// <summary>Whether the layer learns a scale and a shift.</summary>
        public bool Affine { get; }

        /// <summary>Whether the layer keeps running statistics.</summary>
        public bool TrackRunningStats { get; }

        /// <summary>The scale, [C] (ones at first), or null without <see cref="Affine"/>.</summary>
        public Parameter? Weight { get; }

        /// <summary>The shift, [C] (zeros at first), or null without <see cref="Affine"/>.</summary>
        public Parameter? Bias { get; }

        /// <summary>The running mean, [C], or null without <see cref="TrackRunningStats"/>.</summary>
        public Tensor? RunningMean { get; }

        /// <summary>The running (unbiased) variance, [C], or null without <see cref="TrackRunningStats"/>.</summary>
        public Tensor? RunningVar { get; }

        /// <summary>The number of training batches seen, a one-element tensor, or null without <see cref="TrackRunningStats"/>.</summary>
        public Tensor? NumBatchesTracked { get; }

        /// <summary>Normalises <paramref name="input"/>.</summary>
        /// <param name="input">[N, C, …] with the rank the layer expects.</param>
        /// <returns>A tensor of the input's shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            CheckInput(input.Shape);
            Tensor output;
            if (Weight is null || Bias is null)
            {
                output = Tensor.BatchNorm(input, RunningMean, RunningVar, null, null, Training, NextMomentumFactor(), (float)Eps);
            }
            else
            {
                output = Tensor.BatchNorm(input, RunningMean, RunningVar, Weight.Value, Bias.Value, Training, NextMomentumFactor(), (float)Eps);
            }

            return output;
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() =>
            $"{NumFeatures}, eps={PythonFloat(Eps)}, momentum={(Momentum is double m ? PythonFloat(m) : "None")}, affine={PythonBool(Affine)}, track_running_stats={PythonBool(TrackRunningStats)}";

        /// <summary>Checks the input's rank; throws <see cref="ArgumentException"/> naming the shape.</summary>
        /// <param name="shape">The input's shape.</param>
        protected abstract void CheckInput(int[] shape);

        /// <summary>
        /// Counts a training batch and returns the running statistics' update factor: the momentum,
        /// or 1 / batches for a cumulative average.
        /// </summary>
        private float NextMomentumFactor()
        {
            if (!Training || NumBatchesTracked is null)
            {
                return (float)(Momentum ?? 0.0);
            }

            Span<float> count = NumBatchesTracked.AsSpan();
            count[0] += 1f;
            return (float)(Momentum ?? 1.0 / count[0]);
        }
    }

    /// <summary>Batch normalisation of [N, C] or [N, C, L] inputs, like PyTorch's <c>nn.BatchNorm1d</c>.</summary>
    public sealed partial class BatchNorm1d : BatchNorm
    {
        /// <summary>Creates the layer with PyTorch's defaults.</summary>
        /// <param name="numFeatures">The channels C, at least 1.</param>
        /// <param name="eps">Added to the variance for stability (1e-5).</param>
        /// <param name="momentum">The running statistics' update weight (0.1); null for a cumulative average.</param>
        /// <param name="affine">Whether the layer learns a scale and a shift.</param>
        /// <param name="trackRunningStats">Whether the layer keeps running statistics.</param>
        public BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
            : base(numFeatures, eps, momentum, affine, trackRunningStats)
        {
        }

        /// <inheritdoc/>
        protected override void CheckInput(int[] shape)
        {
            if (shape.Length is not (2 or 3))
            {
                throw new ArgumentException($"BatchNorm1d needs input [N, C] or [N, C, L], but got {Shapes.Format(shape)}.", "input");
            }
        }
    }

    /// <summary>Batch normalisation of [N, C, H, W] inputs, like PyTorch's <c>nn.BatchNorm2d</c>.</summary>
    public sealed partial class BatchNorm2d : BatchNorm
    {
        /// <summary>Creates the layer with PyTorch's defaults.</summary>
        /// <param name="numFeatures">The channels C, at least 1.</param>
        /// <param name="eps">Added to the variance for stability (1e-5).</param>
        /// <param name="momentum">The running statistics' update weight (0.1); null for a cumulative average.</param>
        /// <param name="affine">Whether the layer learns a scale and a shift.</param>
        /// <param name="trackRunningStats">Whether the layer keeps running statistics.</param>
        public BatchNorm2d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
            : base(numFeatures, eps, momentum, affine, trackRunningStats)
        {
        }

        /// <inheritdoc/>
        protected override void CheckInput(int[] shape)
        {
            if (shape.Length != 4)
            {
                throw new ArgumentException($"BatchNorm2d needs input [N, C, H, W], but got {Shapes.Format(shape)}.", "input");
            }
        }
    }

    /// <summary>
    /// Layer normalisation over the trailing dimensions, like PyTorch's <c>nn.LayerNorm</c>, with a
    /// learnable elementwise scale (ones) and shift (zeros).
    /// </summary>
    public sealed partial class LayerNorm : Module
    {
        private readonly int[] _normalizedShape;

        /// <summary>Creates the layer.</summary>
        /// <param name="normalizedShape">The trailing dimensions to normalise over; not empty, each at least 1.</param>
        /// <param name="eps">Added to the variance for stability (1e-5).</param>
        /// <param name="elementwiseAffine">Whether the layer learns a scale and a shift.</param>
        /// <exception cref="ArgumentException">The shape is empty or has a size below 1.</exception>
        public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
        {
            ArgumentNullException.ThrowIfNull(normalizedShape);
            if (normalizedShape.Length == 0 || Array.Exists(normalizedShape, s => s < 1))
            {
                throw new ArgumentException($"normalizedShape {Shapes.Format(normalizedShape)} must be non-empty with sizes of at least 1.", nameof(normalizedShape));
            }

            if (!(eps > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive.");
            }

            _normalizedShape = (int[])normalizedShape.Clone();
            Eps = eps;
            ElementwiseAffine = elementwiseAffine;
            Weight = elementwiseAffine ? RegisterParameter("weight", Tensor.Ones(_normalizedShape)) : null;
            Bias = elementwiseAffine ? RegisterParameter("bias", Tensor.Zeros(_normalizedShape)) : null;
        }

        /// <summary>Creates the layer over the last dimension.</summary>
        /// <param name="normalizedShape">The size of the last dimension.</param>
        /// <param name="eps">Added to the variance for stability (1e-5).</param>
        /// <param name="elementwiseAffine">Whether the layer learns a scale and a shift.</param>
        public LayerNorm(int normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
            : this(new[] { normalizedShape }, eps, elementwiseAffine)
        {
        }

        /// <summary>The trailing dimensions normalised over (a copy).</summary>
        public int[] NormalizedShape => (int[])_normalizedShape.Clone();

        /// <summary>Added to the variance for stability.</summary>
        public double Eps { get; }

        /// <summary>Whether the layer learns a scale and a shift.</summary>
        public bool ElementwiseAffine { get; }

        /// <summary>The scale, of <see cref="NormalizedShape"/>, or null.</summary>
        public Parameter? Weight { get; }

        /// <summary>The shift, of <see cref="NormalizedShape"/>, or null.</summary>
        public Parameter? Bias { get; }

        /// <summary>Normalises <paramref name="input"/>.</summary>
        /// <param name="input">A tensor whose trailing dimensions are <see cref="NormalizedShape"/>.</param>
        /// <returns>A tensor of the input's shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            Tensor output;
            if (Weight is null || Bias is null)
            {
                output = Tensor.LayerNorm(input, _normalizedShape, null, null, (float)Eps);
            }
            else
            {
                output = Tensor.LayerNorm(input, _normalizedShape, Weight.Value, Bias.Value, (float)Eps);
            }

            return output;
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() =>
            $"{Tuple(_normalizedShape)}, eps={PythonFloat(Eps)}, elementwise_affine={PythonBool(ElementwiseAffine)}";
    }

    /// <summary>
    /// Group normalisation, like PyTorch's <c>nn.GroupNorm</c>: the channels of [N, C, *] in
    /// <see cref="NumGroups"/> groups, each sample's group normalised by its own statistics, with a
    /// learnable scale (ones) and shift (zeros) per channel. It keeps no running statistics, so
    /// training and evaluation compute the same.
    /// </summary>
    public sealed partial class GroupNorm : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="numGroups">The number of groups, at least 1, dividing <paramref name="numChannels"/>.</param>
        /// <param name="numChannels">The channels C, at least 1.</param>
        /// <param name="eps">Added to the variance for stability (1e-5).</param>
        /// <param name="affine">Whether the layer learns a scale and a shift per channel.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
        /// <exception cref="ArgumentException"><paramref name="numGroups"/> does not divide <paramref name="numChannels"/>.</exception>
        public GroupNorm(int numGroups, int numChannels, double eps = 1e-5, bool affine = true)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(numGroups, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(numChannels, 1);
            if (numChannels % numGroups != 0)
            {
                throw new ArgumentException($"numGroups {numGroups} must divide numChannels {numChannels}.", nameof(numGroups));
            }

            if (!(eps > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive.");
            }

            NumGroups = numGroups;
            NumChannels = numChannels;
            Eps = eps;
            Affine = affine;
            Weight = affine ? RegisterParameter("weight", Tensor.Ones(numChannels)) : null;
            Bias = affine ? RegisterParameter("bias", Tensor.Zeros(numChannels)) : null;
        }

        /// <summary>The number of groups the channels are split into.</summary>
        public int NumGroups { get; }

        /// <summary>The channels C.</summary>
        public int NumChannels { get; }

        /// <summary>Added to the variance for stability.</summary>
        public double Eps { get; }

        /// <summary>Whether the layer learns a scale and a shift.</summary>
        public bool Affine { get; }

        /// <summary>The scale, [C] (ones at first), or null without <see cref="Affine"/>.</summary>
        public Parameter? Weight { get; }

        /// <summary>The shift, [C] (zeros at first), or null without <see cref="Affine"/>.</summary>
        public Parameter? Bias { get; }

        /// <summary>Normalises <paramref name="input"/>.</summary>
        /// <param name="input">[N, C] or [N, C, *] with C = <see cref="NumChannels"/>.</param>
        /// <returns>A tensor of the input's shape.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            CheckChannels(input.Shape);
            Tensor output;
            if (Weight is null || Bias is null)
            {
                output = Tensor.GroupNorm(input, NumGroups, null, null, (float)Eps);
            }
            else
            {
                output = Tensor.GroupNorm(input, NumGroups, Weight.Value, Bias.Value, (float)Eps);
            }

            return output;
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"{NumGroups}, {NumChannels}, eps={PythonFloat(Eps)}, affine={PythonBool(Affine)}";

        // Without affine parameters nothing else would tie the input's channels to the layer's.
        private void CheckChannels(int[] shape)
        {
            if (shape.Length < 2 || shape[1] != NumChannels)
            {
                throw new ArgumentException($"GroupNorm({NumGroups}, {NumChannels}) needs input [N, {NumChannels}, *], but got {Shapes.Format(shape)}.", "input");
            }
        }
    }
}
