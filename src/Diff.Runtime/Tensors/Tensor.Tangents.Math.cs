using System.ComponentModel;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Tangent of <see cref="Exp"/>: tSelf · result; the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Exp))]
        public static Tensor ExpTangent(Tensor self, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => ExpBackward(self, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Log"/>: tSelf / self; the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Log))]
        public static Tensor LogTangent(Tensor self, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => LogBackward(self, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Sqrt"/>: tSelf / (2 · result); the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Sqrt))]
        public static Tensor SqrtTangent(Tensor self, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => SqrtBackward(self, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Abs"/>: tSelf · sign(self), with sign(0) = 0 as in the backward; the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Abs))]
        public static Tensor AbsTangent(Tensor self, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => AbsBackward(self, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Pow"/>: tSelf · p · self^(p−1), 0 for p = 0 as in the backward; the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Pow))]
        public static Tensor PowTangent(Tensor self, float exponent, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => PowBackward(self, exponent, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Relu"/>: tSelf where self &gt; 0, else 0 (also at 0, as in the backward); the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Relu))]
        public static Tensor ReluTangent(Tensor self, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => ReluBackward(self, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Sigmoid"/>: tSelf · result · (1 − result); the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Sigmoid))]
        public static Tensor SigmoidTangent(Tensor self, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => SigmoidBackward(self, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Tanh"/>: tSelf · (1 − result²); the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Tanh))]
        public static Tensor TanhTangent(Tensor self, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => TanhBackward(self, result, t, ref slot)) ?? ZerosLike(result);

        /// <summary>Tangent of <see cref="Clamp"/>: tSelf where min ≤ self ≤ max, else 0; the backward applied to the tangent, since the Jacobian is diagonal.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [TangentOf(typeof(Tensor), nameof(Clamp))]
        public static Tensor ClampTangent(Tensor self, float min, float max, Tensor result, Tensor? tSelf) =>
            Symmetric(tSelf, (Tensor t, ref Tensor? slot) => ClampBackward(self, min, max, result, t, ref slot)) ?? ZerosLike(result);
    }
}
