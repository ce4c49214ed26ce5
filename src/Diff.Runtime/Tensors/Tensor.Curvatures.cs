using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using Diff.Internal;

namespace Diff
{
    // The registered curvature rule of each op that is not piecewise linear: how its backward, at a fixed incoming
    // gradient dResult, changes when the op's inputs move along their tangents. The generated …HessianVector companions
    // add it to the backward run on the gradient's tangent, which together are the tangent of the backward (forward over
    // reverse). Shape of every method: the op's parameters, the result, dResult, one Tensor? tangent per Tensor parameter,
    // the result's tangent, then one ref Tensor? slot per Tensor parameter, added into as a backward does. A null tangent
    // is zero. Rules are written with tensor ops, so they run wherever the op runs.
    public sealed partial class Tensor
    {
        /// <summary>Curvature of <c>left * right</c>: dResult · tRight into left's slot and dResult · tLeft into right's (the product is bilinear).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), "op_Multiply")]
        public static void MultiplyCurvature(
            Tensor left, Tensor right, Tensor result, Tensor dResult, Tensor? tLeft, Tensor? tRight, Tensor? tResult, ref Tensor? dLeft, ref Tensor? dRight) =>
            MultiplyBackward(tLeft ?? left, tRight ?? right, result, dResult, ref WantedWith(tRight, ref dLeft), ref WantedWith(tLeft, ref dRight));

        /// <summary>
        /// Curvature of <c>left / right</c>: the backward is dResult / right for left and −dResult · result / right for right;
        /// their changes are −dResult · tRight / right² and −dResult · (tResult − result · tRight / right) / right.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), "op_Division")]
        public static void DivideCurvature(
            Tensor left, Tensor right, Tensor result, Tensor dResult, Tensor? tLeft, Tensor? tRight, Tensor? tResult, ref Tensor? dLeft, ref Tensor? dRight)
        {
            if (tRight is not null && Grad.Wanted(ref dLeft))
            {
                Grad.Accumulate(ref dLeft, (-(dResult * tRight) / (right * right)).SumToShared(left._shape));
            }

            if (Grad.Wanted(ref dRight))
            {
                Tensor? change = QuotientDivisorCurvature(right, result, dResult, tRight, tResult ?? DivideTangent(left, right, result, tLeft, tRight));
                if (change is not null)
                {
                    Grad.Accumulate(ref dRight, change.SumToShared(right._shape));
                }
            }
        }

        /// <summary>Curvature of <c>number / right</c>: −dResult · (tResult − result · tRight / right) / right.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), "op_Division")]
        public static void DivideCurvature(float left, Tensor right, Tensor result, Tensor dResult, Tensor? tRight, Tensor? tResult, ref Tensor? dRight)
        {
            if (Grad.Wanted(ref dRight)
                && QuotientDivisorCurvature(right, result, dResult, tRight, tResult ?? DivideTangent(left, right, result, tRight)) is { } change)
            {
                Grad.Accumulate(ref dRight, change);
            }
        }

        /// <summary>Curvature of <see cref="MatMul(Tensor, Tensor)"/>: dResult · tBᵀ into a's slot and tAᵀ · dResult into b's (the product is bilinear).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(MatMul))]
        public static void MatMulCurvature(Tensor a, Tensor b, Tensor result, Tensor dResult, Tensor? tA, Tensor? tB, Tensor? tResult, ref Tensor? dA, ref Tensor? dB) =>
            MatMulBackward(tA ?? a, tB ?? b, result, dResult, ref WantedWith(tB, ref dA), ref WantedWith(tA, ref dB));

        /// <summary>Curvature of <see cref="Linear"/>: dResult · tWeight into the input's slot, dResultᵀ · tInput into the weight's; the bias enters linearly.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Linear))]
        public static void LinearCurvature(
            Tensor input, Tensor weight, Tensor? bias, Tensor result, Tensor dResult, Tensor? tInput, Tensor? tWeight, Tensor? tBias, Tensor? tResult,
            ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias) =>
            LinearBackward(tInput ?? input, tWeight ?? weight, null, result, dResult, ref WantedWith(tWeight, ref dInput), ref WantedWith(tInput, ref dWeight), ref Unsafe.NullRef<Tensor?>());

        /// <summary>Curvature of <see cref="Conv2d"/>: the backward with the weight's tangent for the input's slot and the input's tangent for the weight's (the convolution is bilinear).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Conv2d))]
        public static void Conv2dCurvature(
            Tensor input, Tensor weight, Tensor? bias,
            int strideH, int strideW, int paddingH, int paddingW, int dilationH, int dilationW, int groups,
            Tensor result, Tensor dResult, Tensor? tInput, Tensor? tWeight, Tensor? tBias, Tensor? tResult,
            ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias) =>
            Conv2dBackward(
                tInput ?? input, tWeight ?? weight, bias, strideH, strideW, paddingH, paddingW, dilationH, dilationW, groups,
                result, dResult, ref WantedWith(tWeight, ref dInput), ref WantedWith(tInput, ref dWeight), ref Unsafe.NullRef<Tensor?>());

        /// <summary>Curvature of <see cref="Conv1d"/>: as for <see cref="Conv2d"/>.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Conv1d))]
        public static void Conv1dCurvature(
            Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int dilation, int groups,
            Tensor result, Tensor dResult, Tensor? tInput, Tensor? tWeight, Tensor? tBias, Tensor? tResult,
            ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias) =>
            Conv1dBackward(
                tInput ?? input, tWeight ?? weight, bias, stride, padding, dilation, groups,
                result, dResult, ref WantedWith(tWeight, ref dInput), ref WantedWith(tInput, ref dWeight), ref Unsafe.NullRef<Tensor?>());

        /// <summary>Curvature of <see cref="Exp"/>: the backward is dResult · result, so its change is dResult · tResult.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Exp))]
        public static void ExpCurvature(Tensor self, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf)
        {
            Tensor? moved = tResult ?? (tSelf is null ? null : result * tSelf);
            if (moved is not null && Grad.Wanted(ref dSelf))
            {
                Grad.Accumulate(ref dSelf, dResult * moved);
            }
        }

        /// <summary>Curvature of <see cref="Log"/>: −dResult · tSelf / self².</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Log))]
        public static void LogCurvature(Tensor self, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf) =>
            Accumulate(ref dSelf, tSelf, () => -(dResult * tSelf!) / (self * self));

        /// <summary>Curvature of <see cref="Sqrt"/>: −dResult · tSelf / (4 · self · result), from d²√x/dx² = −1 / (4x√x).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Sqrt))]
        public static void SqrtCurvature(Tensor self, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf) =>
            Accumulate(ref dSelf, tSelf, () => -(dResult * tSelf!) / (self * result * 4f));

        /// <summary>Curvature of <see cref="Pow"/>: dResult · p(p − 1) · self^(p−2) · tSelf; zero for p = 0 and p = 1, as the backward is then constant.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Pow))]
        public static void PowCurvature(Tensor self, float exponent, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf)
        {
            if (exponent == 0f || exponent == 1f)
            {
                return;
            }

            // p = 2 (a square) needs no power, and stays exact at self = 0.
            Accumulate(ref dSelf, tSelf, () => exponent == 2f ? dResult * tSelf! * 2f : dResult * tSelf! * self.Pow(exponent - 2f) * (exponent * (exponent - 1f)));
        }

        /// <summary>Curvature of <see cref="Sigmoid"/>: dResult · tSelf · σ(1 − σ)(1 − 2σ), with σ the result.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Sigmoid))]
        public static void SigmoidCurvature(Tensor self, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf) =>
            Accumulate(ref dSelf, tSelf, () => dResult * tSelf! * result * (1f - result) * (1f - result * 2f));

        /// <summary>Curvature of <see cref="Tanh"/>: −2 · dResult · tSelf · result · (1 − result²).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Tanh))]
        public static void TanhCurvature(Tensor self, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf) =>
            Accumulate(ref dSelf, tSelf, () => dResult * tSelf! * result * (1f - result * result) * -2f);

        /// <summary>Curvature of <see cref="Silu"/>: dResult · tSelf · σ(1 − σ)(2 + self · (1 − 2σ)), with σ = sigmoid(self).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Silu))]
        public static void SiluCurvature(Tensor self, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf) =>
            Accumulate(ref dSelf, tSelf, () =>
            {
                Tensor sigma = self.Sigmoid();
                return dResult * tSelf! * sigma * (1f - sigma) * (self * (1f - sigma * 2f) + 2f);
            });

        /// <summary>Curvature of <see cref="LogSigmoid"/>: −dResult · tSelf · σ(1 − σ), with σ = sigmoid(self).</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(LogSigmoid))]
        public static void LogSigmoidCurvature(Tensor self, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf) =>
            Accumulate(ref dSelf, tSelf, () =>
            {
                Tensor sigma = self.Sigmoid();
                return -(dResult * tSelf! * sigma * (1f - sigma));
            });

        /// <summary>
        /// Curvature of <see cref="Softmax"/>: the backward is result · (dResult − Σ dResult · result) along the dimension;
        /// its change is tResult · (dResult − Σ dResult · result) − result · Σ dResult · tResult.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(Softmax))]
        public static void SoftmaxCurvature(Tensor self, int dim, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf)
        {
            Tensor? moved = tResult ?? (tSelf is null ? null : SoftmaxTangent(self, dim, result, tSelf));
            if (moved is null || !Grad.Wanted(ref dSelf))
            {
                return;
            }

            int d = NormalizeDim(dim, self._shape.Length, nameof(dim), self._shape);
            Grad.Accumulate(ref dSelf, moved * (dResult - (dResult * result).Sum(d, keepDim: true)) - result * (dResult * moved).Sum(d, keepDim: true));
        }

        /// <summary>
        /// Curvature of <see cref="LogSoftmax"/>: the backward is dResult − exp(result) · Σ dResult along the dimension; its
        /// change is −exp(result) · tResult · Σ dResult.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(LogSoftmax))]
        public static void LogSoftmaxCurvature(Tensor self, int dim, Tensor result, Tensor dResult, Tensor? tSelf, Tensor? tResult, ref Tensor? dSelf)
        {
            Tensor? moved = tResult ?? (tSelf is null ? null : LogSoftmaxTangent(self, dim, result, tSelf));
            if (moved is null || !Grad.Wanted(ref dSelf))
            {
                return;
            }

            int d = NormalizeDim(dim, self._shape.Length, nameof(dim), self._shape);
            Grad.Accumulate(ref dSelf, -(result.Exp() * moved * dResult.Sum(d, keepDim: true)));
        }

        /// <summary>
        /// Curvature of <see cref="LayerNorm"/>: the generated Hessian-vector halves of the same function written with primitive
        /// ops (<see cref="NormalizationForms.Rows"/>), run on dResult with a zero tangent, give exactly the change of the backward.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(LayerNorm))]
        public static void LayerNormCurvature(
            Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, float eps, Tensor result, Tensor dResult,
            Tensor? tInput, Tensor? tWeight, Tensor? tBias, Tensor? tResult, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            int size = CheckLayerNorm(input, normalizedShape, weight, bias, eps);
            int rows = size == 0 ? 0 : input.Count / size;
            int[] affine = (int[])normalizedShape.Clone();
            RowsCurvature(input, rows, size, affine, weight, bias, eps, dResult, tInput, tWeight, tBias, ref dInput, ref dWeight, ref dBias);
        }

        /// <summary>Curvature of <see cref="GroupNorm"/>, as for <see cref="LayerNorm"/>: each group of each sample is a row.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(GroupNorm))]
        public static void GroupNormCurvature(
            Tensor input, int numGroups, Tensor? weight, Tensor? bias, float eps, Tensor result, Tensor dResult,
            Tensor? tInput, Tensor? tWeight, Tensor? tBias, Tensor? tResult, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            GroupNormGeometry g = GroupNormGeometry.Create(input, numGroups, weight, bias, eps);
            int[] affine = new int[input._shape.Length];
            Array.Fill(affine, 1);
            affine[1] = input._shape[1];
            RowsCurvature(input, g.Rows, g.Size, affine, weight, bias, eps, dResult, tInput, tWeight, tBias, ref dInput, ref dWeight, ref dBias);
        }

        /// <summary>
        /// Curvature of <see cref="BatchNorm"/>, from <see cref="NormalizationForms.Channels"/> (batch statistics) or
        /// <see cref="NormalizationForms.Running"/> (running statistics, where the op is bilinear in input and weight). The
        /// running statistics are constants: the backward gives them no gradient.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [CurvatureOf(typeof(Tensor), nameof(BatchNorm))]
        public static void BatchNormCurvature(
            Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, float momentum, float eps,
            Tensor result, Tensor dResult, Tensor? tInput, Tensor? tRunningMean, Tensor? tRunningVar, Tensor? tWeight, Tensor? tBias, Tensor? tResult,
            ref Tensor? dInput, ref Tensor? dRunningMean, ref Tensor? dRunningVar, ref Tensor? dWeight, ref Tensor? dBias)
        {
            BatchNormGeometry g = BatchNormGeometry.Create(input, runningMean, runningVar, weight, bias, training, eps);
            Tensor scale = weight ?? Ones(new[] { g.Channels }, input.Device), shift = bias ?? Zeros(new[] { g.Channels }, input.Device);
            Tensor? tScale = weight is null ? null : tWeight, tShift = bias is null ? null : tBias;
            ref Tensor? scaleSlot = ref weight is null ? ref Unsafe.NullRef<Tensor?>() : ref dWeight;
            ref Tensor? shiftSlot = ref bias is null ? ref Unsafe.NullRef<Tensor?>() : ref dBias;
            var stack = new ValueStack();
            if (g.UsesBatchStatistics)
            {
                NormalizationForms.ChannelsRecordTangent(input, g.Batch, g.Channels, g.Spatial, scale, shift, eps, tInput, tScale, tShift, stack, out _);
                NormalizationForms.ChannelsReverseTangent(
                    input, g.Batch, g.Channels, g.Spatial, scale, shift, eps, tInput, tScale, tShift, stack, dResult, null,
                    ref Unsafe.NullRef<Tensor?>(), ref Unsafe.NullRef<Tensor?>(), ref Unsafe.NullRef<Tensor?>(), ref dInput, ref scaleSlot, ref shiftSlot);
            }
            else
            {
                NormalizationForms.RunningRecordTangent(input, g.Batch, g.Channels, g.Spatial, runningMean!, runningVar!, scale, shift, eps, tInput, tScale, tShift, stack, out _);
                NormalizationForms.RunningReverseTangent(
                    input, g.Batch, g.Channels, g.Spatial, runningMean!, runningVar!, scale, shift, eps, tInput, tScale, tShift, stack, dResult, null,
                    ref Unsafe.NullRef<Tensor?>(), ref Unsafe.NullRef<Tensor?>(), ref Unsafe.NullRef<Tensor?>(), ref dInput, ref scaleSlot, ref shiftSlot);
            }
        }

        /// <summary>The curvature of a row normalization through <see cref="NormalizationForms.Rows"/>; an absent weight is one and an absent bias zero, with no slot.</summary>
        private static void RowsCurvature(
            Tensor input, int rows, int size, int[] affine, Tensor? weight, Tensor? bias, float eps, Tensor dResult,
            Tensor? tInput, Tensor? tWeight, Tensor? tBias, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            int channels = 1;
            foreach (int extent in affine)
            {
                channels *= extent;
            }

            int[] parameterShape = weight?._shape ?? bias?._shape ?? new[] { channels };
            Tensor scale = weight ?? Ones(parameterShape, input.Device), shift = bias ?? Zeros(parameterShape, input.Device);
            Tensor? tScale = weight is null ? null : tWeight, tShift = bias is null ? null : tBias;
            ref Tensor? scaleSlot = ref weight is null ? ref Unsafe.NullRef<Tensor?>() : ref dWeight;
            ref Tensor? shiftSlot = ref bias is null ? ref Unsafe.NullRef<Tensor?>() : ref dBias;
            var stack = new ValueStack();
            NormalizationForms.RowsRecordTangent(input, rows, size, affine, scale, shift, eps, tInput, tScale, tShift, stack, out _);
            NormalizationForms.RowsReverseTangent(
                input, rows, size, affine, scale, shift, eps, tInput, tScale, tShift, stack, dResult, null,
                ref Unsafe.NullRef<Tensor?>(), ref Unsafe.NullRef<Tensor?>(), ref Unsafe.NullRef<Tensor?>(), ref dInput, ref scaleSlot, ref shiftSlot);
        }

        /// <summary>−dResult · (tResult − result · tRight / right) / right, the change of a quotient's backward for its divisor; null when nothing moves.</summary>
        private static Tensor? QuotientDivisorCurvature(Tensor right, Tensor result, Tensor dResult, Tensor? tRight, Tensor? tResult)
        {
            Tensor? moved = tResult is null ? null : tRight is null ? tResult : tResult - result * tRight / right;
            moved ??= tRight is null ? null : -(result * tRight) / right;
            return moved is null ? null : -(dResult * moved) / right;
        }

        /// <summary>The slot when <paramref name="tangent"/> moves what fills it; otherwise a null reference, which the backward skips.</summary>
        private static ref Tensor? WantedWith(Tensor? tangent, ref Tensor? slot)
        {
            if (tangent is null)
            {
                return ref Unsafe.NullRef<Tensor?>();
            }

            return ref slot;
        }

        /// <summary>Adds <paramref name="change"/>() into the slot when it is wanted and the tangent is not zero.</summary>
        private static void Accumulate(ref Tensor? slot, Tensor? tangent, System.Func<Tensor> change)
        {
            if (tangent is not null && Grad.Wanted(ref slot))
            {
                Grad.Accumulate(ref slot, change());
            }
        }
    }
}
