using System.ComponentModel;

namespace Diff
{
    // The elementwise losses have a diagonal Jacobian with respect to each input, so each input's part of the
    // tangent is that input's backward applied to its tangent, with the backward's conventions (PyTorch's forms).
    public sealed partial class Tensor
    {
        /// <summary>Tangent of <see cref="BCEWithLogitsElements"/>: each input's backward applied to its tangent; the positive weight's, which broadcasts, in the input's shape.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(BCEWithLogitsElements))]
        public static Tensor BCEWithLogitsElementsTangent(
            Tensor input, Tensor target, Tensor? posWeight, Tensor result, Tensor? tInput, Tensor? tTarget, Tensor? tPosWeight)
        {
            Tensor? inputPart = Symmetric(tInput, (Tensor t, ref Tensor? slot) => BCEWithLogitsElementsBackward(input, target, posWeight, result, t, ref slot, ref Unwanted, ref Unwanted));
            Tensor? targetPart = Symmetric(tTarget, (Tensor t, ref Tensor? slot) => BCEWithLogitsElementsBackward(input, target, posWeight, result, t, ref Unwanted, ref slot, ref Unwanted));
            Tensor? weightPart = null;
            if (posWeight is not null && tPosWeight is not null)
            {
                // Stretched to the input's shape, the weight is elementwise too, and its backward sums over nothing.
                Tensor expanded = posWeight.BroadcastTo(input._shape);
                weightPart = Symmetric(tPosWeight.BroadcastTo(input._shape), (Tensor t, ref Tensor? slot) =>
                    BCEWithLogitsElementsBackward(input, target, expanded, result, t, ref Unwanted, ref Unwanted, ref slot));
            }

            return TangentSum(result, inputPart, targetPart, weightPart);
        }

        /// <summary>Tangent of <see cref="HuberLossElements"/>: d clipped to [−δ, δ] times tInput, and the target's part likewise.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(HuberLossElements))]
        public static Tensor HuberLossElementsTangent(Tensor input, Tensor target, float delta, Tensor result, Tensor? tInput, Tensor? tTarget) =>
            TangentSum(
                result,
                Symmetric(tInput, (Tensor t, ref Tensor? slot) => HuberLossElementsBackward(input, target, delta, result, t, ref slot, ref Unwanted)),
                Symmetric(tTarget, (Tensor t, ref Tensor? slot) => HuberLossElementsBackward(input, target, delta, result, t, ref Unwanted, ref slot)));

        /// <summary>Tangent of <see cref="SmoothL1LossElements"/>: each input's backward applied to its tangent.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(SmoothL1LossElements))]
        public static Tensor SmoothL1LossElementsTangent(Tensor input, Tensor target, float beta, Tensor result, Tensor? tInput, Tensor? tTarget) =>
            TangentSum(
                result,
                Symmetric(tInput, (Tensor t, ref Tensor? slot) => SmoothL1LossElementsBackward(input, target, beta, result, t, ref slot, ref Unwanted)),
                Symmetric(tTarget, (Tensor t, ref Tensor? slot) => SmoothL1LossElementsBackward(input, target, beta, result, t, ref Unwanted, ref slot)));

        /// <summary>Tangent of <see cref="KLDivElements"/>: each input's backward applied to its tangent (NaN where the target is 0, as there).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(KLDivElements))]
        public static Tensor KLDivElementsTangent(Tensor input, Tensor target, bool logTarget, Tensor result, Tensor? tInput, Tensor? tTarget) =>
            TangentSum(
                result,
                Symmetric(tInput, (Tensor t, ref Tensor? slot) => KLDivElementsBackward(input, target, logTarget, result, t, ref slot, ref Unwanted)),
                Symmetric(tTarget, (Tensor t, ref Tensor? slot) => KLDivElementsBackward(input, target, logTarget, result, t, ref Unwanted, ref slot)));
    }
}
