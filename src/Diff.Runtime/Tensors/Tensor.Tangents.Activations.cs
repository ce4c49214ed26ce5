using System.ComponentModel;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Tangent of <see cref="Gelu"/>: tSelf · Gelu′(self), in the approximation's own form; the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Gelu))]
        public static Tensor GeluTangent(Tensor self, GeluApproximation approximate, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => GeluBackward(self, approximate, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="LeakyRelu"/>: tSelf above zero, tSelf · slope at and below zero; the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(LeakyRelu))]
        public static Tensor LeakyReluTangent(Tensor self, float negativeSlope, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => LeakyReluBackward(self, negativeSlope, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Elu"/>: tSelf above zero, tSelf · α·eˣ at and below zero; the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Elu))]
        public static Tensor EluTangent(Tensor self, float alpha, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => EluBackward(self, alpha, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Silu"/>: tSelf · σ(x)·(1 + x·(1 − σ(x))); the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Silu))]
        public static Tensor SiluTangent(Tensor self, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => SiluBackward(self, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Softplus"/>: tSelf · σ(βx), and tSelf where βx exceeds the threshold; the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Softplus))]
        public static Tensor SoftplusTangent(Tensor self, float beta, float threshold, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => SoftplusBackward(self, beta, threshold, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="LogSigmoid"/>: tSelf · σ(−x); the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(LogSigmoid))]
        public static Tensor LogSigmoidTangent(Tensor self, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => LogSigmoidBackward(self, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Hardtanh"/>: tSelf strictly inside the bounds, 0 at and beyond them; the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Hardtanh))]
        public static Tensor HardtanhTangent(Tensor self, float minValue, float maxValue, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => HardtanhBackward(self, minValue, maxValue, result, t, ref slot)) ?? ZerosLike(result);
    }
}
