using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics.Tensors;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// Backward of <see cref="Conv2d"/>: dInput = col2im(Wᵀ · dY), dWeight = Σₙ dYₙ · colsₙᵀ,
        /// dBias = dY summed over batch and positions, per group.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Conv2d))]
        public static void Conv2dBackward(
            Tensor input, Tensor weight, Tensor? bias,
            int strideH, int strideW, int paddingH, int paddingW, int dilationH, int dilationW, int groups,
            Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            ConvGeometry geometry = ConvGeometry.Create(input, weight, bias, 2, strideH, strideW, paddingH, paddingW, dilationH, dilationW, groups);
            ConvolutionBackward(input, weight, bias, geometry, dResult, ref dInput, ref dWeight, ref dBias);
        }

        /// <summary>Backward of <see cref="Conv1d"/>: the 2-D backward with a height of one.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Conv1d))]
        public static void Conv1dBackward(
            Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int dilation, int groups,
            Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            ConvGeometry geometry = ConvGeometry.Create(input, weight, bias, 1, 1, stride, 0, padding, 1, dilation, groups);
            ConvolutionBackward(input, weight, bias, geometry, dResult, ref dInput, ref dWeight, ref dBias);
        }

        private static void ConvolutionBackward(
            Tensor input, Tensor weight, Tensor? bias, ConvGeometry g, Tensor dResult,
            ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            if (input.IsOnDevice)
            {
                DeviceOps.ConvolutionGradient(input, weight, bias, g, dResult, ref dInput, ref dWeight, ref dBias);
                return;
            }

            bool wantInput = Grad.Wanted(ref dInput);
            bool wantWeight = Grad.Wanted(ref dWeight);
            bool wantBias = bias is not null && Grad.Wanted(ref dBias);
            float[] dy = dResult.Host();
            if (wantBias)
            {
                Tensor gradient = UninitializedLike(bias!);
                for (int n = 0; n < g.Batch; n++)
                {
                    for (int o = 0; o < g.OutChannels; o++)
                    {
                        gradient.Host()[o] += TensorPrimitives.Sum<float>(dy.AsSpan(n * g.OutputSample + o * g.OutputPlane, g.OutputPlane));
                    }
                }

                Grad.Accumulate(ref dBias, gradient);
            }

            if (!wantInput && !wantWeight)
            {
                return;
            }

            float[] x = input.Host(), w = weight.Host();
            Tensor? inputGradient = wantInput ? UninitializedLike(input) : null;
            Tensor? weightGradient = wantWeight ? UninitializedLike(weight) : null;
            int chunk = ChunkSamples(g);
            float[] columns = ArrayPool<float>.Shared.Rent(g.ColumnRows * chunk * g.OutputPlane);
            float[] gradientRows = ArrayPool<float>.Shared.Rent(g.OutChannels * chunk * g.OutputPlane);
            try
            {
                for (int first = 0; first < g.Batch; first += chunk)
                {
                    int count = Math.Min(chunk, g.Batch - first);
                    int width = count * g.OutputPlane;
                    int start = first;
                    // dY [count, O, P] → [O, count·P], the layout of the forward product.
                    ForEachSample(count, g, s =>
                    {
                        for (int o = 0; o < g.OutChannels; o++)
                        {
                            dy.AsSpan((start + s) * g.OutputSample + o * g.OutputPlane, g.OutputPlane)
                                .CopyTo(gradientRows.AsSpan(o * width + s * g.OutputPlane, g.OutputPlane));
                        }
                    });

                    if (weightGradient is not null)
                    {
                        ForEachSample(count, g, s => Im2Col(x, (start + s) * g.InputSample, columns, s * g.OutputPlane, width, g));
                        for (int group = 0; group < g.Groups; group++)
                        {
                            // dW_group (Og × Kg) += dY_group (Og × count·P) · columns_groupᵀ (count·P × Kg).
                            MatMulKernel.Multiply(
                                gradientRows, group * g.GroupOutChannels * width, false,
                                columns, group * g.GroupColumnRows * width, true,
                                weightGradient.Host(), group * g.GroupOutChannels * g.GroupColumnRows,
                                g.GroupOutChannels, g.GroupColumnRows, width, accumulate: first > 0);
                        }
                    }

                    if (inputGradient is not null)
                    {
                        for (int group = 0; group < g.Groups; group++)
                        {
                            // dColumns_group (Kg × count·P) = W_groupᵀ (Kg × Og) · dY_group (Og × count·P).
                            MatMulKernel.Multiply(
                                w, group * g.GroupOutChannels * g.GroupColumnRows, true,
                                gradientRows, group * g.GroupOutChannels * width, false,
                                columns, group * g.GroupColumnRows * width,
                                g.GroupColumnRows, width, g.GroupOutChannels, accumulate: false);
                        }

                        ForEachSample(count, g, s => Col2Im(columns, s * g.OutputPlane, width, inputGradient.Host(), (start + s) * g.InputSample, g));
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(columns);
                ArrayPool<float>.Shared.Return(gradientRows);
            }

            if (inputGradient is not null)
            {
                Grad.Accumulate(ref dInput, inputGradient);
            }

            if (weightGradient is not null)
            {
                Tensor gradient = weightGradient;
                Grad.Accumulate(ref dWeight, gradient);
            }
        }
    }
}
