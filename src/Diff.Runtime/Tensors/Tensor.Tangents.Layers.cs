using System;
using System.ComponentModel;

namespace Diff
{
    // Convolutions are bilinear in input and weight (product rule) and affine in the bias; pooling by averages is
    // linear; max pooling passes the tangent at each window's maximum; the normalisations split into the input's
    // part, whose Jacobian through x̂ is symmetric (the backward applied to the tangent), and the affine parts.
    public sealed partial class Tensor
    {
        /// <summary>Tangent of <see cref="Conv2d"/>: conv(tInput, W) + conv(input, tW) + tBias per channel.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Conv2d))]
        public static Tensor Conv2dTangent(
            Tensor input, Tensor weight, Tensor? bias,
            int strideH, int strideW, int paddingH, int paddingW, int dilationH, int dilationW, int groups,
            Tensor result, Tensor? tInput, Tensor? tWeight, Tensor? tBias) =>
            TangentSum(
                result,
                tInput is null ? null : Conv2d(tInput, weight, null, strideH, strideW, paddingH, paddingW, dilationH, dilationW, groups),
                tWeight is null ? null : Conv2d(input, tWeight, null, strideH, strideW, paddingH, paddingW, dilationH, dilationW, groups),
                bias is null || tBias is null ? null : tBias.Reshape(ChannelShape(result)));

        /// <summary>Tangent of <see cref="Conv1d"/>: conv(tInput, W) + conv(input, tW) + tBias per channel.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Conv1d))]
        public static Tensor Conv1dTangent(
            Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int dilation, int groups,
            Tensor result, Tensor? tInput, Tensor? tWeight, Tensor? tBias) =>
            TangentSum(
                result,
                tInput is null ? null : Conv1d(tInput, weight, null, stride, padding, dilation, groups),
                tWeight is null ? null : Conv1d(input, tWeight, null, stride, padding, dilation, groups),
                bias is null || tBias is null ? null : tBias.Reshape(ChannelShape(result)));

        /// <summary>
        /// Tangent of <see cref="MaxPool2d"/>: each window's tangent at its (first) maximum, the backward's tie rule.
        /// The maxima are found on the host; a device tensor's tangent is computed there and moved back.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(MaxPool2d))]
        public static Tensor MaxPool2dTangent(
            Tensor input, int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW, int dilationH, int dilationW, bool ceilMode,
            Tensor result, Tensor? tInput)
        {
            if (tInput is null)
            {
                return ZerosLike(result);
            }

            if (input.IsOnDevice || tInput.IsOnDevice)
            {
                return MaxPool2dTangent(
                    input.To(Device.Cpu), kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW, ceilMode,
                    result.To(Device.Cpu), tInput.To(Device.Cpu)).To(result.Device);
            }

            PoolGeometry g = PoolGeometry.Create("MaxPool2d", input, kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW, ceilMode);
            int[] argMax = MaxPoolIndices(input, g);
            Tensor tangent = UninitializedLike(result);
            float[] t = tInput.Host(), into = tangent.Host();
            for (int i = 0; i < into.Length; i++)
            {
                into[i] = t[argMax[i]];
            }

            return tangent;
        }

        /// <summary>Tangent of <see cref="AvgPool2d"/>: the tangent pooled the same way.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(AvgPool2d))]
        public static Tensor AvgPool2dTangent(
            Tensor input, int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW, bool ceilMode, bool countIncludePad,
            Tensor result, Tensor? tInput) =>
            tInput is null ? ZerosLike(result) : AvgPool2d(tInput, kernelH, kernelW, strideH, strideW, paddingH, paddingW, ceilMode, countIncludePad);

        /// <summary>Tangent of <see cref="AdaptiveAvgPool2d"/>: the tangent pooled the same way.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(AdaptiveAvgPool2d))]
        public static Tensor AdaptiveAvgPool2dTangent(Tensor input, int outputH, int outputW, Tensor result, Tensor? tInput) =>
            tInput is null ? ZerosLike(result) : AdaptiveAvgPool2d(tInput, outputH, outputW);

        /// <summary>
        /// Tangent of <see cref="BatchNorm"/>: w · J·tInput + x̂ · tWeight + tBias per channel, where J (the Jacobian of x̂,
        /// symmetric) is applied by the backward. The running statistics get no gradient from the backward, so they pass
        /// no tangent either.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(BatchNorm))]
        public static Tensor BatchNormTangent(
            Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, float momentum, float eps,
            Tensor result, Tensor? tInput, Tensor? tRunningMean, Tensor? tRunningVar, Tensor? tWeight, Tensor? tBias)
        {
            BatchNormGeometry g = BatchNormGeometry.Create(input, runningMean, runningVar, weight, bias, training, eps);
            int[] channels = ChannelShape(input);
            Tensor? inputPart = Symmetric(tInput, (Tensor t, ref Tensor? slot) => BatchNormBackward(
                input, runningMean, runningVar, null, null, training, momentum, eps, result, t, ref slot, ref Unwanted, ref Unwanted, ref Unwanted, ref Unwanted));
            if (inputPart is not null && weight is not null)
            {
                inputPart *= weight.Reshape(channels);
            }

            Tensor? weightPart = null;
            if (weight is not null && tWeight is not null)
            {
                // x̂ without updating the running statistics again: no running statistics when the batch's are used.
                Tensor xHat = g.UsesBatchStatistics
                    ? BatchNorm(input, null, null, null, null, training: true, momentum, eps)
                    : BatchNorm(input, runningMean, runningVar, null, null, training: false, momentum, eps);
                weightPart = xHat * tWeight.Reshape(channels);
            }

            return TangentSum(result, inputPart, weightPart, bias is null ? null : tBias?.Reshape(channels));
        }

        /// <summary>
        /// Tangent of <see cref="LayerNorm"/>: w · J·tInput + x̂ · tWeight + tBias, where J (the Jacobian of x̂ per row,
        /// symmetric) is applied by the backward.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(LayerNorm))]
        public static Tensor LayerNormTangent(
            Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, float eps,
            Tensor result, Tensor? tInput, Tensor? tWeight, Tensor? tBias)
        {
            bool wantWeight = weight is not null && tWeight is not null;
            if (tInput is null && !wantWeight)
            {
                return TangentSum(result, bias is null ? null : tBias);
            }

            Tensor xHat = weight is null && bias is null ? result : LayerNorm(input, normalizedShape, null, null, eps);
            Tensor? inputPart = Symmetric(tInput, (Tensor t, ref Tensor? slot) => LayerNormBackward(
                input, normalizedShape, null, null, eps, xHat, t, ref slot, ref Unwanted, ref Unwanted));
            if (inputPart is not null && weight is not null)
            {
                inputPart *= weight;
            }

            return TangentSum(result, inputPart, wantWeight ? xHat * tWeight! : null, bias is null ? null : tBias);
        }

        /// <summary>
        /// Tangent of <see cref="GroupNorm"/>: w · J·tInput + x̂ · tWeight + tBias, per channel, where J (the Jacobian of
        /// x̂ over each sample's group, symmetric) is applied by the backward.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(GroupNorm))]
        public static Tensor GroupNormTangent(
            Tensor input, int numGroups, Tensor? weight, Tensor? bias, float eps,
            Tensor result, Tensor? tInput, Tensor? tWeight, Tensor? tBias)
        {
            int[] channels = ChannelShape(input);
            bool wantWeight = weight is not null && tWeight is not null;
            if (tInput is null && !wantWeight)
            {
                return TangentSum(result, bias is null ? null : tBias?.Reshape(channels));
            }

            Tensor xHat = weight is null && bias is null ? result : GroupNorm(input, numGroups, null, null, eps);
            Tensor? inputPart = Symmetric(tInput, (Tensor t, ref Tensor? slot) => GroupNormBackward(
                input, numGroups, null, null, eps, xHat, t, ref slot, ref Unwanted, ref Unwanted));
            if (inputPart is not null && weight is not null)
            {
                inputPart *= weight.Reshape(channels);
            }

            return TangentSum(result, inputPart, wantWeight ? xHat * tWeight!.Reshape(channels) : null, bias is null ? null : tBias?.Reshape(channels));
        }

        /// <summary>
        /// Tangent of <see cref="Embedding(Tensor, Tensor, int?)"/>: the tangent's rows, zero for the padding row, which
        /// gets no gradient either. The indices have no tangent.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Embedding))]
        public static Tensor EmbeddingTangent(Tensor input, Tensor weight, int? paddingIndex, Tensor result, Tensor? tInput, Tensor? tWeight) =>
            tWeight is null ? ZerosLike(result) : Embedding(input, WithoutPaddingRow(tWeight, paddingIndex), paddingIndex);

        /// <summary>Tangent of <see cref="Embedding(IntTensor, Tensor, int?)"/>: as for float indices.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Embedding))]
        public static Tensor EmbeddingTangent(IntTensor input, Tensor weight, int? paddingIndex, Tensor result, Tensor? tWeight) =>
            tWeight is null ? ZerosLike(result) : Embedding(input, WithoutPaddingRow(tWeight, paddingIndex), paddingIndex);

        /// <summary>A table's tangent with its padding row zeroed.</summary>
        private static Tensor WithoutPaddingRow(Tensor tangent, int? paddingIndex)
        {
            if (paddingIndex is not int row || row < 0 || row >= tangent._shape[0])
            {
                return tangent;
            }

            float[] mask = new float[tangent._shape[0]];
            mask[row] = 1f;
            return tangent.MaskedFill(FromArray(mask, mask.Length, 1).To(tangent.Device), 0f);
        }

        /// <summary>[1, C, 1, …]: a per-channel vector shaped to broadcast over a tensor [N, C, …].</summary>
        private static int[] ChannelShape(Tensor like)
        {
            int[] shape = new int[Math.Max(2, like._shape.Length)];
            Array.Fill(shape, 1);
            shape[1] = like._shape.Length > 1 ? like._shape[1] : 1;
            return shape;
        }
    }
}
