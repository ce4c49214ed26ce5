using System.ComponentModel;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Tangent of <see cref="Sum()"/>: the tangent summed.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Sum))]
        public static Tensor SumTangent(Tensor self, Tensor result, Tensor? tSelf) => tSelf?.Sum() ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Sum(int, bool)"/>: the tangent summed along the same dimension.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Sum))]
        public static Tensor SumTangent(Tensor self, int dim, bool keepDim, Tensor result, Tensor? tSelf) => tSelf?.Sum(dim, keepDim) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Mean()"/>: the tangent's mean.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Mean))]
        public static Tensor MeanTangent(Tensor self, Tensor result, Tensor? tSelf) => tSelf?.Mean() ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Mean(int, bool)"/>: the tangent's mean along the same dimension.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Mean))]
        public static Tensor MeanTangent(Tensor self, int dim, bool keepDim, Tensor result, Tensor? tSelf) => tSelf?.Mean(dim, keepDim) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="SumTo"/>: the tangent summed to the same shape.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(SumTo))]
        public static Tensor SumToTangent(Tensor self, int[] shape, Tensor result, Tensor? tSelf) => tSelf?.SumTo(shape) ?? ZerosLike(result);

        /// <summary>
        /// Tangent of <see cref="Max(int)"/>: the tangent at the (first) position of each maximum, the backward's tie rule.
        /// The positions are found on the host; a device tensor's tangent is computed there and moved back.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Max))]
        public static Tensor MaxTangent(Tensor self, int dim, Tensor result, Tensor? tSelf)
        {
            if (tSelf is null)
            {
                return ZerosLike(result);
            }

            if (self.IsOnDevice || tSelf.IsOnDevice)
            {
                return MaxTangent(self.To(Device.Cpu), dim, result.To(Device.Cpu), tSelf.To(Device.Cpu)).To(result.Device);
            }

            int[] indices = self.ArgMaxIndices(dim, out int d);
            (int outer, int size, int inner) = SplitAt(self._shape, d);
            Tensor tangent = UninitializedLike(result);
            float[] t = tSelf.Host(), into = tangent.Host();
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    int at = o * inner + i;
                    into[at] = t[(o * size + indices[at]) * inner + i];
                }
            }

            return tangent;
        }

        /// <summary>Tangent of <see cref="Softmax"/>: result · (tSelf − Σ tSelf · result), the backward applied to the tangent (the Jacobian is symmetric).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Softmax))]
        public static Tensor SoftmaxTangent(Tensor self, int dim, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => SoftmaxBackward(self, dim, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="LogSoftmax"/>: tSelf − Σ exp(result) · tSelf along the dimension.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(LogSoftmax))]
        public static Tensor LogSoftmaxTangent(Tensor self, int dim, Tensor result, Tensor? tSelf)
        {
            if (tSelf is null)
            {
                return ZerosLike(result);
            }

            int d = NormalizeDim(dim, self._shape.Length, nameof(dim), self._shape);
            return tSelf - (result.Exp() * tSelf).Sum(d, keepDim: true);
        }

        /// <summary>Tangent of <see cref="MatMul(Tensor, Tensor)"/>: the product rule, tA · B + A · tB.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(MatMul))]
        public static Tensor MatMulTangent(Tensor a, Tensor b, Tensor result, Tensor? tA, Tensor? tB) =>
            TangentSum(result, tA is null ? null : MatMul(tA, b), tB is null ? null : MatMul(a, tB));

        /// <summary>Tangent of <see cref="Linear"/>: tInput · Wᵀ + input · tWeightᵀ + tBias.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Linear))]
        public static Tensor LinearTangent(Tensor input, Tensor weight, Tensor? bias, Tensor result, Tensor? tInput, Tensor? tWeight, Tensor? tBias) =>
            TangentSum(
                result,
                tInput is null ? null : Linear(tInput, weight, null),
                tWeight is null ? null : Linear(input, tWeight, null),
                bias is null ? null : tBias);

        /// <summary>Tangent of <see cref="MaskedFill"/>: the tangent where the mask is zero, zero where it filled. The mask has no tangent.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(MaskedFill))]
        public static Tensor MaskedFillTangent(Tensor self, Tensor mask, float value, Tensor result, Tensor? tSelf, Tensor? tMask) =>
            tSelf?.MaskedFill(mask, 0f) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Where"/>: each branch's tangent where it was picked. The condition has no tangent.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Where))]
        public static Tensor WhereTangent(Tensor condition, Tensor input, Tensor other, Tensor result, Tensor? tCondition, Tensor? tInput, Tensor? tOther) =>
            tInput is null && tOther is null ? ZerosLike(result) : Where(condition, tInput ?? ZerosLike(input), tOther ?? ZerosLike(other));

        /// <summary>Tangent of <see cref="IndexSelect(int, int[])"/>: the tangent's same blocks.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(IndexSelect))]
        public static Tensor IndexSelectTangent(Tensor self, int dim, int[] indices, Tensor result, Tensor? tSelf) => tSelf?.IndexSelect(dim, indices) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="IndexSelect(int, IntTensor)"/>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(IndexSelect))]
        public static Tensor IndexSelectTangent(Tensor self, int dim, IntTensor index, Tensor result, Tensor? tSelf) => tSelf?.IndexSelect(dim, index) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Gather(int, IntTensor)"/>: the tangent gathered at the same positions.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Gather))]
        public static Tensor GatherTangent(Tensor self, int dim, IntTensor index, Tensor result, Tensor? tSelf) => tSelf?.Gather(dim, index) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Scatter"/>: the source's tangent scattered into the tangent of <paramref name="self"/> (linear in both).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Scatter))]
        public static Tensor ScatterTangent(Tensor self, int dim, IntTensor index, Tensor source, Tensor result, Tensor? tSelf, Tensor? tSource) =>
            tSelf is null && tSource is null ? ZerosLike(result) : (tSelf ?? ZerosLike(self)).Scatter(dim, index, tSource ?? ZerosLike(source));

        /// <summary>Tangent of <see cref="ScatterAdd"/>: the source's tangent scatter-added into the tangent of <paramref name="self"/>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(ScatterAdd))]
        public static Tensor ScatterAddTangent(Tensor self, int dim, IntTensor index, Tensor source, Tensor result, Tensor? tSelf, Tensor? tSource) =>
            tSelf is null && tSource is null ? ZerosLike(result) : (tSelf ?? ZerosLike(self)).ScatterAdd(dim, index, tSource ?? ZerosLike(source));
    }
}
