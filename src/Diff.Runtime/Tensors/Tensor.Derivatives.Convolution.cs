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
            bool wantInput = Grad.Wanted(ref dInput);
            bool wantWeight = Grad.Wanted(ref dWeight);
            bool wantBias = bias is not null && Grad.Wanted(ref dBias);
            float[] dy = dResult._data;
            if (wantBias)
            {
                Tensor gradient = UninitializedLike(bias!);
                for (int n = 0; n < g.Batch; n++)
                {
                    for (int o = 0; o < g.OutChannels; o++)
                    {
                        gradient._data[o] += TensorPrimitives.Sum<float>(dy.AsSpan(n * g.OutputSample + o * g.OutputPlane, g.OutputPlane));
                    }
                }

                Grad.Accumulate(ref dBias, gradient);
            }

            if (!wantInput && !wantWeight)
            {
                return;
            }

            float[] x = input._data, w = weight._data;
            Tensor? inputGradient = wantInput ? UninitializedLike(input) : null;
            int workers = Math.Min(g.Batch, Environment.ProcessorCount);
            // Each worker sums its samples' weight gradients into its own slice; the slices are added at the end.
            float[]? partialWeights = wantWeight ? new float[Math.Max(workers, 1) * w.Length] : null;
            ForEachSampleBlock(g, (worker, first, end) =>
            {
                float[] columns = ArrayPool<float>.Shared.Rent(g.ColumnRows * g.OutputPlane);
                try
                {
                    for (int n = first; n < end; n++)
                    {
                        int outputOffset = n * g.OutputSample;
                        if (partialWeights is not null)
                        {
                            Im2Col(x, n * g.InputSample, columns, g);
                            for (int group = 0; group < g.Groups; group++)
                            {
                                // dW_group (Og × Kg) += dY_group (Og × P) · columns_groupᵀ (P × Kg).
                                MatMulKernel.Multiply(
                                    dy, outputOffset + group * g.GroupOutChannels * g.OutputPlane, false,
                                    columns, group * g.GroupColumnRows * g.OutputPlane, true,
                                    partialWeights, worker * w.Length + group * g.GroupOutChannels * g.GroupColumnRows,
                                    g.GroupOutChannels, g.GroupColumnRows, g.OutputPlane, accumulate: true);
                            }
                        }

                        if (inputGradient is not null)
                        {
                            for (int group = 0; group < g.Groups; group++)
                            {
                                // dColumns_group (Kg × P) = W_groupᵀ (Kg × Og) · dY_group (Og × P).
                                MatMulKernel.Multiply(
                                    w, group * g.GroupOutChannels * g.GroupColumnRows, true,
                                    dy, outputOffset + group * g.GroupOutChannels * g.OutputPlane, false,
                                    columns, group * g.GroupColumnRows * g.OutputPlane,
                                    g.GroupColumnRows, g.OutputPlane, g.GroupOutChannels, accumulate: false);
                            }

                            Col2Im(columns, inputGradient._data, n * g.InputSample, g);
                        }
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(columns);
                }
            });

            if (inputGradient is not null)
            {
                Grad.Accumulate(ref dInput, inputGradient);
            }

            if (partialWeights is not null)
            {
                Tensor gradient = UninitializedLike(weight);
                for (int worker = 0; worker < Math.Max(workers, 1); worker++)
                {
                    TensorPrimitives.Add(gradient._data, partialWeights.AsSpan(worker * w.Length, w.Length), gradient._data);
                }

                Grad.Accumulate(ref dWeight, gradient);
            }
        }
    }
}
