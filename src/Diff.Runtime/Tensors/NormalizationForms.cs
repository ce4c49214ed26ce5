namespace Diff.Internal
{
    /// <summary>
    /// The normalizations written with the runtime's primitive ops: the same functions as the fused
    /// <see cref="Tensor.LayerNorm"/>, <see cref="Tensor.GroupNorm"/> and <see cref="Tensor.BatchNorm"/> (biased variance, eps
    /// inside the root), which are faster and keep their own backwards. The generator differentiates these forms, and the
    /// fused ops' curvature rules run their generated Hessian-vector halves, so the second derivatives of a normalization
    /// are derived by the generator, not written by hand.
    /// </summary>
    internal static partial class NormalizationForms
    {
        /// <summary>
        /// Each of <paramref name="rows"/> rows of <paramref name="size"/> consecutive elements normalized to mean 0 and
        /// variance 1, then scaled by <paramref name="weight"/> and shifted by <paramref name="bias"/>, both reshaped to
        /// <paramref name="affineShape"/> (which broadcasts against the input): LayerNorm and GroupNorm.
        /// </summary>
        [Differentiable]
        internal static Tensor Rows(Tensor input, int rows, int size, int[] affineShape, Tensor weight, Tensor bias, float eps)
        {
            Tensor flat = input.Reshape(rows, size);
            Tensor centered = flat - flat.Mean(1, keepDim: true);
            Tensor variance = (centered * centered).Mean(1, keepDim: true);
            Tensor normalized = (centered / (variance + eps).Sqrt()).Reshape(input.Shape);
            return normalized * weight.Reshape(affineShape) + bias.Reshape(affineShape);
        }

        /// <summary>
        /// Training BatchNorm: each channel of an input viewed as [batch, channels, spatial] normalized with its own mean and
        /// biased variance over the batch and the positions, then scaled and shifted per channel.
        /// </summary>
        [Differentiable]
        internal static Tensor Channels(Tensor input, int batch, int channels, int spatial, Tensor weight, Tensor bias, float eps)
        {
            Tensor grouped = input.Reshape(batch, channels, spatial);
            Tensor centered = grouped - grouped.Mean(2, keepDim: true).Mean(0, keepDim: true);
            Tensor variance = (centered * centered).Mean(2, keepDim: true).Mean(0, keepDim: true);
            Tensor normalized = centered / (variance + eps).Sqrt();
            return (normalized * weight.Reshape(1, channels, 1) + bias.Reshape(1, channels, 1)).Reshape(input.Shape);
        }

        /// <summary>Evaluation BatchNorm: each channel normalized with the running statistics, which are constants here.</summary>
        [Differentiable]
        internal static Tensor Running(
            Tensor input, int batch, int channels, int spatial, [NoDiff] Tensor mean, [NoDiff] Tensor variance, Tensor weight, Tensor bias, float eps)
        {
            Tensor grouped = input.Reshape(batch, channels, spatial);
            Tensor normalized = (grouped - mean.Reshape(1, channels, 1)) / (variance.Reshape(1, channels, 1) + eps).Sqrt();
            return (normalized * weight.Reshape(1, channels, 1) + bias.Reshape(1, channels, 1)).Reshape(input.Shape);
        }
    }
}
