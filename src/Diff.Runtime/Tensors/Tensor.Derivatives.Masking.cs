using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Backward of <see cref="MaskedFill"/>: the gradient where the mask is zero, zero where it filled. The mask gets no gradient.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(MaskedFill))]
        [PiecewiseLinear]
        public static void MaskedFillBackward(Tensor self, Tensor mask, float value, Tensor result, Tensor dResult, ref Tensor? dSelf, ref Tensor? dMask)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            if (self.IsOnDevice)
            {
                RequireBroadcastMask(mask, self._shape, nameof(mask));
                Grad.Accumulate(ref dSelf, DeviceOps.MaskedFillGradient(self, mask.BroadcastTo(self._shape), value, result, dResult));
                return;
            }

            float[] expanded = ExpandMask(mask, self._shape, nameof(mask));
            Tensor gradient = dResult.Clone();
            for (int i = 0; i < expanded.Length; i++)
            {
                if (expanded[i] != 0f)
                {
                    gradient.Host()[i] = 0f;
                }
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>Backward of <see cref="Where"/>: each branch gets the gradient where it was picked, summed over its broadcast dimensions. The condition gets no gradient.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Where))]
        [PiecewiseLinear]
        public static void WhereBackward(Tensor condition, Tensor input, Tensor other, Tensor result, Tensor dResult,
            ref Tensor? dCondition, ref Tensor? dInput, ref Tensor? dOther)
        {
            bool wantInput = Grad.Wanted(ref dInput);
            bool wantOther = Grad.Wanted(ref dOther);
            if (!wantInput && !wantOther)
            {
                return;
            }

            if (dResult.IsOnDevice)
            {
                int[] shape = dResult._shape;
                (Tensor inputPart, Tensor otherPart) = DeviceOps.WhereGradient(condition.BroadcastTo(shape), input.BroadcastTo(shape), other.BroadcastTo(shape), result, dResult);
                if (wantInput)
                {
                    Grad.Accumulate(ref dInput, inputPart.SumToShared(input._shape));
                }

                if (wantOther)
                {
                    Grad.Accumulate(ref dOther, otherPart.SumToShared(other._shape));
                }

                return;
            }

            float[] mask = ExpandMask(condition, dResult._shape, nameof(condition));
            float[] picked = new float[mask.Length];
            float[] rest = new float[mask.Length];
            for (int i = 0; i < mask.Length; i++)
            {
                if (mask[i] != 0f)
                {
                    picked[i] = dResult.Host()[i];
                }
                else
                {
                    rest[i] = dResult.Host()[i];
                }
            }

            if (wantInput)
            {
                Grad.Accumulate(ref dInput, Wrap(picked, dResult._shape).SumToShared(input._shape));
            }

            if (wantOther)
            {
                Grad.Accumulate(ref dOther, Wrap(rest, dResult._shape).SumToShared(other._shape));
            }
        }
    }
}
