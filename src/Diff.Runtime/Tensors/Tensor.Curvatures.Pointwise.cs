using System;
using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    // Curvature rules of the pointwise ops whose second derivative is no composition of tensor ops (it changes form at a
    // threshold, or needs erf): each gives its per-element Hessian, and one helper applies it. They follow their
    // backward's choice at every threshold, so at a kink the curvature is the side the backward takes.
    public sealed partial class Tensor
    {
        /// <summary>Fills the symmetric per-element Hessian (row-major, three by three) of a pointwise op of up to three inputs.</summary>
        private delegate void ElementHessian(double a, double b, double c, Span<double> hessian);

        /// <summary>Curvature of <see cref="Gelu"/>: d²/dx² of x·Φ(x) is φ(x)(2 − x²); for the tanh form, that of its formula.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Gelu))]
        public static void GeluCurvature(Tensor self, GeluApproximation approximate, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf) =>
            Unary(self, dResult, tSelf, ref dSelf, v =>
            {
                if (approximate != GeluApproximation.Tanh)
                {
                    return InverseSqrtTwoPi * Math.Exp(-0.5 * v * v) * (2.0 - v * v);
                }

                double inner = SqrtTwoOverPi * (v + GeluTanhCoefficient * v * v * v);
                double t = Math.Tanh(inner);
                double slope = SqrtTwoOverPi * (1.0 + 3.0 * GeluTanhCoefficient * v * v);
                double bend = SqrtTwoOverPi * 6.0 * GeluTanhCoefficient * v;
                return (1.0 - t * t) * (slope + 0.5 * v * (bend - 2.0 * t * slope * slope));
            });

        /// <summary>Curvature of <see cref="Elu"/>: α·eˣ for x ≤ 0, zero above, where the backward's slope is 1.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Elu))]
        public static void EluCurvature(Tensor self, float alpha, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf) =>
            Unary(self, dResult, tSelf, ref dSelf, v => v > 0.0 ? 0.0 : alpha * Math.Exp(v));

        /// <summary>Curvature of <see cref="Softplus"/>: β·σ(βx)(1 − σ(βx)), zero above the threshold, where the op is linear.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Softplus))]
        public static void SoftplusCurvature(Tensor self, float beta, float threshold, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf) =>
            Unary(self, dResult, tSelf, ref dSelf, v =>
            {
                double scaled = (float)(v * beta);
                if (scaled > threshold)
                {
                    return 0.0;
                }

                double s = Logistic(scaled);
                return beta * s * (1.0 - s);
            });

        /// <summary>
        /// Curvature of <see cref="HuberLossElements"/>: the Hessian of ℓ(input − target) is ℓ'' · [[1, −1], [−1, 1]], ℓ'' = 1
        /// where |d| &lt; δ; at |d| = δ, where the quadratic meets the line, 0, as PyTorch's double backward and
        /// <see cref="SmoothL1LossElementsCurvature"/> give.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(HuberLossElements))]
        public static void HuberLossElementsCurvature(
            Tensor input, Tensor target, float delta, Tensor result, Tensor dResult, Tensor? tInput, Tensor? tTarget, Tensor? tResult, ref Tensor? dInput, ref Tensor? dTarget) =>
            Difference(input, target, dResult, tInput, tTarget, ref dInput, ref dTarget, d => Math.Abs(d) < delta ? 1.0 : 0.0);

        /// <summary>Curvature of <see cref="SmoothL1LossElements"/>: as Huber's, with ℓ'' = 1/β where |d| &lt; β (none for β = 0).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(SmoothL1LossElements))]
        public static void SmoothL1LossElementsCurvature(
            Tensor input, Tensor target, float beta, Tensor result, Tensor dResult, Tensor? tInput, Tensor? tTarget, Tensor? tResult, ref Tensor? dInput, ref Tensor? dTarget) =>
            Difference(input, target, dResult, tInput, tTarget, ref dInput, ref dTarget, d => d > -beta && d < beta ? 1.0 / beta : 0.0);

        /// <summary>
        /// Curvature of <see cref="KLDivElements"/>: for log targets ℓ = eᵗ(t − x), for plain ones ℓ = t(log t − x) (t &gt; 0),
        /// whose second derivative in t is unbounded at t = 0 (NaN there, as the backward's first derivative).
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(KLDivElements))]
        public static void KLDivElementsCurvature(
            Tensor input, Tensor target, bool logTarget, Tensor result, Tensor dResult, Tensor? tInput, Tensor? tTarget, Tensor? tResult, ref Tensor? dInput, ref Tensor? dTarget)
        {
            Tensor?[] changes = Pointwise(
                input, dResult, new[] { input, target }, new[] { tInput, tTarget }, new[] { Grad.Wanted(ref dInput), Grad.Wanted(ref dTarget) },
                (x, t, _, h) =>
                {
                    if (logTarget)
                    {
                        double e = Math.Exp(t);
                        h[1] = h[3] = -e;
                        h[4] = e * (t - x + 2.0);
                    }
                    else
                    {
                        h[1] = h[3] = -1.0;
                        h[4] = t == 0.0 ? double.NaN : 1.0 / t;
                    }
                });
            AccumulateChange(ref dInput, changes[0], input);
            AccumulateChange(ref dTarget, changes[1], target);
        }

        /// <summary>
        /// Curvature of <see cref="BCEWithLogitsElements"/>, in the input x, the target y and the positive weight p: from the
        /// backward's partials (p·y + 1 − y)·σ(x) − p·y, −x + (p − 1)·softplus(−x) and y·softplus(−x).
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(BCEWithLogitsElements))]
        public static void BCEWithLogitsElementsCurvature(
            Tensor input, Tensor target, Tensor? posWeight, Tensor result, Tensor dResult, Tensor? tInput, Tensor? tTarget, Tensor? tPosWeight, Tensor? tResult,
            ref Tensor? dInput, ref Tensor? dTarget, ref Tensor? dPosWeight)
        {
            bool wantWeight = posWeight is not null && Grad.Wanted(ref dPosWeight);
            Tensor?[] changes = Pointwise(
                input, dResult, new[] { input, target, posWeight }, new[] { tInput, tTarget, posWeight is null ? null : tPosWeight },
                new[] { Grad.Wanted(ref dInput), Grad.Wanted(ref dTarget), wantWeight },
                (x, y, weight, h) =>
                {
                    double p = posWeight is null ? 1.0 : weight;
                    double s = Logistic(x);
                    double softplusNegative = Math.Max(-x, 0.0) + Log1P(Math.Exp(-Math.Abs(x)));
                    h[0] = (p * y + 1.0 - y) * s * (1.0 - s);
                    h[1] = h[3] = -p * (1.0 - s) - s;
                    h[2] = h[6] = -y * (1.0 - s);
                    h[5] = h[7] = softplusNegative;
                });
            AccumulateChange(ref dInput, changes[0], input);
            AccumulateChange(ref dTarget, changes[1], target);
            if (wantWeight)
            {
                AccumulateChange(ref dPosWeight, changes[2], posWeight!);
            }
        }

        /// <summary>A unary op's curvature, dResult · f''(x) · tSelf.</summary>
        private static void Unary(Tensor self, Tensor dResult, Tensor? tSelf, ref Tensor? dSelf, Func<double, double> second)
        {
            Tensor?[] changes = Pointwise(self, dResult, new Tensor?[] { self }, new[] { tSelf }, new[] { Grad.Wanted(ref dSelf) }, (x, _, _, h) => h[0] = second(x));
            AccumulateChange(ref dSelf, changes[0], self);
        }

        /// <summary>A loss of input − target: its Hessian is ℓ''(d) · [[1, −1], [−1, 1]].</summary>
        private static void Difference(
            Tensor input, Tensor target, Tensor dResult, Tensor? tInput, Tensor? tTarget, ref Tensor? dInput, ref Tensor? dTarget, Func<double, double> second)
        {
            Tensor?[] changes = Pointwise(
                input, dResult, new[] { input, target }, new[] { tInput, tTarget }, new[] { Grad.Wanted(ref dInput), Grad.Wanted(ref dTarget) },
                (x, t, _, h) =>
                {
                    double bend = second(x - t);
                    h[0] = h[4] = bend;
                    h[1] = h[3] = -bend;
                });
            AccumulateChange(ref dInput, changes[0], input);
            AccumulateChange(ref dTarget, changes[1], target);
        }

        private static void AccumulateChange(ref Tensor? slot, Tensor? change, Tensor input)
        {
            if (change is not null)
            {
                Grad.Accumulate(ref slot, SameShape(change._shape, input._shape) ? change : change.SumTo(input._shape));
            }
        }

        /// <summary>
        /// dResult · Σⱼ Hᵢⱼ · tⱼ for each wanted input i of a pointwise op, in the shape of <paramref name="like"/> (inputs and
        /// tangents broadcast to it); null where it is not wanted or nothing moves. Computed on the host in double, as the
        /// pointwise backwards are; tensors on a device are copied there and the changes back.
        /// </summary>
        private static Tensor?[] Pointwise(Tensor like, Tensor dResult, Tensor?[] inputs, Tensor?[] tangents, bool[] wanted, ElementHessian hessian)
        {
            var changes = new Tensor?[inputs.Length];
            if (Array.TrueForAll(tangents, t => t is null) || Array.TrueForAll(wanted, w => !w))
            {
                return changes;
            }

            float[] Spread(Tensor tensor)
            {
                Tensor host = tensor.IsOnDevice ? tensor.To(Device.Cpu) : tensor;
                return SameShape(host._shape, like._shape) ? host.Host() : (ZerosLike(like.IsOnDevice ? like.To(Device.Cpu) : like) + host).Host();
            }

            float[]?[] values = Array.ConvertAll(inputs, t => t is null ? null : Spread(t));
            float[]?[] moves = Array.ConvertAll(tangents, t => t is null ? null : Spread(t));
            float[] gradient = Spread(dResult);
            var outputs = new float[]?[inputs.Length];
            for (int k = 0; k < inputs.Length; k++)
            {
                outputs[k] = wanted[k] ? new float[gradient.Length] : null;
            }

            Span<double> h = stackalloc double[9];
            for (int i = 0; i < gradient.Length; i++)
            {
                h.Clear();
                hessian(values[0]?[i] ?? 0.0, values.Length > 1 ? values[1]?[i] ?? 0.0 : 0.0, values.Length > 2 ? values[2]?[i] ?? 0.0 : 0.0, h);
                for (int k = 0; k < inputs.Length; k++)
                {
                    if (outputs[k] is not { } output)
                    {
                        continue;
                    }

                    double sum = 0.0;
                    for (int j = 0; j < inputs.Length; j++)
                    {
                        if (moves[j] is { } move && h[3 * k + j] != 0.0)
                        {
                            sum += h[3 * k + j] * move[i];
                        }
                    }

                    output[i] = (float)(gradient[i] * sum);
                }
            }

            for (int k = 0; k < inputs.Length; k++)
            {
                if (outputs[k] is { } output)
                {
                    Tensor change = FromArray(output, (int[])like._shape.Clone());
                    changes[k] = like.IsOnDevice ? change.To(like.Device) : change;
                }
            }

            return changes;
        }
    }
}
