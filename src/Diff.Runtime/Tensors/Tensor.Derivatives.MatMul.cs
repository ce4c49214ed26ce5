using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// Backward of <see cref="MatMul(Tensor, Tensor)"/>: dA = dResult · Bᵀ and dB = Aᵀ · dResult per batch, read
        /// transposed by the kernel (no transpose copy), summed over batches an operand shares.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(MatMul))]
        public static void MatMulBackward(Tensor a, Tensor b, Tensor result, Tensor dResult, ref Tensor? dA, ref Tensor? dB)
        {
            bool wantA = Grad.Wanted(ref dA);
            bool wantB = Grad.Wanted(ref dB);
            if (!wantA && !wantB)
            {
                return;
            }

            MatMulPlan plan = MatMulPlan.Create(a, b);
            if (a.IsOnDevice)
            {
                DeviceOps.MatMulGradient(a, b, plan, dResult, ref dA, ref dB);
                return;
            }

            // The kernel overwrites every element of each gradient (the first batch does not accumulate), so the
            // rented storage need not be cleared.
            if (wantA)
            {
                Tensor gradient = UninitializedForOverwrite(a._shape);
                for (int batch = 0; batch < plan.Batches; batch++)
                {
                    // dA[m×k] = dC[m×n] · B[k×n]ᵀ; a shared A collects every batch.
                    MatMulKernel.Multiply(
                        dResult.Host(), plan.COffset(batch), false,
                        b.Host(), plan.BOffset(batch), true,
                        gradient.Host(), plan.AOffset(batch),
                        plan.M, plan.K, plan.N, accumulate: plan.AccumulatesA(batch));
                }

                Grad.Accumulate(ref dA, gradient);
            }

            if (wantB)
            {
                Tensor gradient = UninitializedForOverwrite(b._shape);
                for (int batch = 0; batch < plan.Batches; batch++)
                {
                    // dB[k×n] = A[m×k]ᵀ · dC[m×n]; a shared B collects every batch.
                    MatMulKernel.Multiply(
                        a.Host(), plan.AOffset(batch), true,
                        dResult.Host(), plan.COffset(batch), false,
                        gradient.Host(), plan.BOffset(batch),
                        plan.K, plan.N, plan.M, accumulate: plan.AccumulatesB(batch));
                }

                Grad.Accumulate(ref dB, gradient);
            }
        }

        /// <summary>
        /// Backward of <see cref="Linear"/>: dInput = dResult · W, dWeight = dResultᵀ · input (read
        /// transposed, no copy), dBias = dResult summed over rows.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Linear))]
        public static void LinearBackward(
            Tensor input, Tensor weight, Tensor? bias, Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            (int rows, int inFeatures, int outFeatures, _) = CheckLinear(input, weight, bias);
            if (input.IsOnDevice && Grad.Wanted(ref dInput))
            {
                Tensor gradient = UninitializedLike(input);
                DeviceOps.Gemm(dResult, false, weight, false, gradient, rows, inFeatures, outFeatures, accumulate: false);
                Grad.Accumulate(ref dInput, gradient);
            }
            else if (Grad.Wanted(ref dInput))
            {
                // Overwritten by the kernel (accumulate: false), so the rented storage need not be cleared.
                Tensor gradient = UninitializedForOverwrite(input._shape);
                MatMulKernel.Multiply(
                    dResult.Host(), 0, false,
                    weight.Host(), 0, false,
                    gradient.Host(), 0,
                    rows, inFeatures, outFeatures, accumulate: false);
                Grad.Accumulate(ref dInput, gradient);
            }

            if (weight.IsOnDevice && Grad.Wanted(ref dWeight))
            {
                Tensor gradient = UninitializedLike(weight);
                DeviceOps.Gemm(dResult, true, input, false, gradient, outFeatures, inFeatures, rows, accumulate: false);
                Grad.Accumulate(ref dWeight, gradient);
            }
            else if (Grad.Wanted(ref dWeight))
            {
                Tensor gradient = UninitializedForOverwrite(weight._shape);
                MatMulKernel.Multiply(
                    dResult.Host(), 0, true,
                    input.Host(), 0, false,
                    gradient.Host(), 0,
                    outFeatures, inFeatures, rows, accumulate: false);
                Grad.Accumulate(ref dWeight, gradient);
            }

            if (bias is not null && Grad.Wanted(ref dBias))
            {
                Grad.Accumulate(ref dBias, dResult.SumToShared(bias._shape));
            }
        }
    }
}
