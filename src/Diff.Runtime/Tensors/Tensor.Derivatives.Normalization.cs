using System;
using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// Backward of <see cref="BatchNorm"/>. With batch statistics, per channel,
        /// dx = inv·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·w; with running statistics
        /// dx = dy·w·inv. dWeight = Σ dy·x̂ and dBias = Σ dy in both. The running statistics get none.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(BatchNorm))]
        public static void BatchNormBackward(
            Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, float momentum, float eps,
            Tensor result, Tensor dResult,
            ref Tensor? dInput, ref Tensor? dRunningMean, ref Tensor? dRunningVar, ref Tensor? dWeight, ref Tensor? dBias)
        {
            bool wantInput = Grad.Wanted(ref dInput);
            bool wantWeight = weight is not null && Grad.Wanted(ref dWeight);
            bool wantBias = bias is not null && Grad.Wanted(ref dBias);
            if (!wantInput && !wantWeight && !wantBias)
            {
                return;
            }

            // The forward already updated the running statistics; the batch ones are recomputed from the input.
            BatchNormGeometry g = BatchNormGeometry.Create(input, runningMean, runningVar, weight, bias, training, eps);
            if (input.IsOnDevice)
            {
                DeviceOps.BatchNormGradient(
                    input, runningMean, runningVar, weight, bias, g.UsesBatchStatistics, eps, g.Batch, g.Channels, g.Spatial, dResult, ref dInput, ref dWeight, ref dBias);
                return;
            }

            (double[] mean, double[] inverseStd) = BatchNormStatistics(input, runningMean, runningVar, g, eps, out _);
            float[] x = input.Host(), dy = dResult.Host();
            double[] sumDy = new double[g.Channels];
            double[] sumDyXHat = new double[g.Channels];
            for (int n = 0; n < g.Batch; n++)
            {
                for (int c = 0; c < g.Channels; c++)
                {
                    int start = (n * g.Channels + c) * g.Spatial;
                    for (int s = start; s < start + g.Spatial; s++)
                    {
                        sumDy[c] += dy[s];
                        sumDyXHat[c] += dy[s] * (x[s] - mean[c]) * inverseStd[c];
                    }
                }
            }

            if (wantWeight)
            {
                Tensor gradient = UninitializedLike(weight!);
                for (int c = 0; c < g.Channels; c++)
                {
                    gradient.Host()[c] = (float)sumDyXHat[c];
                }

                Grad.Accumulate(ref dWeight, gradient);
            }

            if (wantBias)
            {
                Tensor gradient = UninitializedLike(bias!);
                for (int c = 0; c < g.Channels; c++)
                {
                    gradient.Host()[c] = (float)sumDy[c];
                }

                Grad.Accumulate(ref dBias, gradient);
            }

            if (wantInput)
            {
                Tensor gradient = UninitializedLike(input);
                float[] dx = gradient.Host();
                int count = g.Batch * g.Spatial;
                for (int n = 0; n < g.Batch; n++)
                {
                    for (int c = 0; c < g.Channels; c++)
                    {
                        double w = weight is null ? 1.0 : weight.Host()[c];
                        double inv = inverseStd[c];
                        double meanDy = sumDy[c] / count;
                        double meanDyXHat = sumDyXHat[c] / count;
                        int start = (n * g.Channels + c) * g.Spatial;
                        for (int s = start; s < start + g.Spatial; s++)
                        {
                            dx[s] = g.UsesBatchStatistics
                                ? (float)(w * inv * (dy[s] - meanDy - (x[s] - mean[c]) * inv * meanDyXHat))
                                : (float)(w * inv * dy[s]);
                        }
                    }
                }

                Grad.Accumulate(ref dInput, gradient);
            }
        }

        /// <summary>
        /// Backward of <see cref="LayerNorm"/>: per row, dx = inv·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))
        /// with dx̂ = dy·w; dWeight = Σ_rows dy·x̂ and dBias = Σ_rows dy.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(LayerNorm))]
        public static void LayerNormBackward(
            Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, float eps,
            Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            bool wantInput = Grad.Wanted(ref dInput);
            bool wantWeight = weight is not null && Grad.Wanted(ref dWeight);
            bool wantBias = bias is not null && Grad.Wanted(ref dBias);
            if (!wantInput && !wantWeight && !wantBias)
            {
                return;
            }

            int size = CheckLayerNorm(input, normalizedShape, weight, bias, eps);
            if (input.IsOnDevice)
            {
                DeviceOps.LayerNormGradient(input, size, weight, bias, eps, result, dResult, ref dInput, ref dWeight, ref dBias);
                return;
            }

            float[] x = input.Host(), dy = dResult.Host();
            int rows = size == 0 ? 0 : x.Length / size;
            double[] weightGradient = new double[size];
            double[] biasGradient = new double[size];
            Tensor? inputGradient = wantInput ? UninitializedLike(input) : null;
            for (int r = 0; r < rows; r++)
            {
                int start = r * size;
                (double mean, double inv) = RowStatistics(x, start, size, eps);
                double sumDxHat = 0, sumDxHatXHat = 0;
                for (int i = 0; i < size; i++)
                {
                    double xHat = (x[start + i] - mean) * inv;
                    double dxHat = dy[start + i] * (weight is null ? 1.0 : weight.Host()[i]);
                    sumDxHat += dxHat;
                    sumDxHatXHat += dxHat * xHat;
                    weightGradient[i] += dy[start + i] * xHat;
                    biasGradient[i] += dy[start + i];
                }

                if (inputGradient is not null)
                {
                    for (int i = 0; i < size; i++)
                    {
                        double xHat = (x[start + i] - mean) * inv;
                        double dxHat = dy[start + i] * (weight is null ? 1.0 : weight.Host()[i]);
                        inputGradient.Host()[start + i] = (float)(inv * (dxHat - sumDxHat / size - xHat * sumDxHatXHat / size));
                    }
                }
            }

            if (inputGradient is not null)
            {
                Grad.Accumulate(ref dInput, inputGradient);
            }

            if (wantWeight)
            {
                Grad.Accumulate(ref dWeight, FromDoubles(weightGradient, weight!._shape));
            }

            if (wantBias)
            {
                Grad.Accumulate(ref dBias, FromDoubles(biasGradient, bias!._shape));
            }
        }

        /// <summary>
        /// Backward of <see cref="GroupNorm"/>: per row (a sample's group), dx = inv·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))
        /// with dx̂ = dy·w[c]; dWeight[c] = Σ dy·x̂ and dBias[c] = Σ dy over the samples and the channel's positions.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(GroupNorm))]
        public static void GroupNormBackward(
            Tensor input, int numGroups, Tensor? weight, Tensor? bias, float eps,
            Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            bool wantInput = Grad.Wanted(ref dInput);
            bool wantWeight = weight is not null && Grad.Wanted(ref dWeight);
            bool wantBias = bias is not null && Grad.Wanted(ref dBias);
            if (!wantInput && !wantWeight && !wantBias)
            {
                return;
            }

            GroupNormGeometry g = GroupNormGeometry.Create(input, numGroups, weight, bias, eps);
            if (input.IsOnDevice)
            {
                DeviceOps.GroupNormGradient(input, g.Groups, g.GroupChannels, g.Spatial, weight, bias, eps, result, dResult, ref dInput, ref dWeight, ref dBias);
                return;
            }

            float[] x = input.Host(), dy = dResult.Host();
            int channels = g.Groups * g.GroupChannels;
            double[] weightGradient = new double[channels];
            double[] biasGradient = new double[channels];
            Tensor? inputGradient = wantInput ? UninitializedLike(input) : null;
            for (int r = 0; r < g.Rows; r++)
            {
                int start = r * g.Size;
                int firstChannel = r % g.Groups * g.GroupChannels;
                (double mean, double inv) = RowStatistics(x, start, g.Size, eps);
                double sumDxHat = 0, sumDxHatXHat = 0;
                for (int i = 0; i < g.Size; i++)
                {
                    int c = firstChannel + i / g.Spatial;
                    double xHat = (x[start + i] - mean) * inv;
                    double dxHat = dy[start + i] * (weight is null ? 1.0 : weight.Host()[c]);
                    sumDxHat += dxHat;
                    sumDxHatXHat += dxHat * xHat;
                    weightGradient[c] += dy[start + i] * xHat;
                    biasGradient[c] += dy[start + i];
                }

                if (inputGradient is not null)
                {
                    for (int i = 0; i < g.Size; i++)
                    {
                        int c = firstChannel + i / g.Spatial;
                        double xHat = (x[start + i] - mean) * inv;
                        double dxHat = dy[start + i] * (weight is null ? 1.0 : weight.Host()[c]);
                        inputGradient.Host()[start + i] = (float)(inv * (dxHat - sumDxHat / g.Size - xHat * sumDxHatXHat / g.Size));
                    }
                }
            }

            if (inputGradient is not null)
            {
                Grad.Accumulate(ref dInput, inputGradient);
            }

            if (wantWeight)
            {
                Grad.Accumulate(ref dWeight, FromDoubles(weightGradient, weight!._shape));
            }

            if (wantBias)
            {
                Grad.Accumulate(ref dBias, FromDoubles(biasGradient, bias!._shape));
            }
        }

        /// <summary>
        /// Backward of <see cref="Embedding(Tensor, Tensor, int?)"/>: each looked-up row's gradient is added into that row
        /// of dWeight (except the padding row); the indices get none.
        /// </summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Embedding))]
        [PiecewiseLinear]
        public static void EmbeddingBackward(Tensor input, Tensor weight, int? paddingIndex, Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dWeight)
        {
            if (Grad.Wanted(ref dWeight))
            {
                Grad.Accumulate(ref dWeight, EmbeddingGradient(EmbeddingRows(input, weight, paddingIndex), weight, paddingIndex, dResult));
            }
        }

        /// <summary>Backward of <see cref="Embedding(IntTensor, Tensor, int?)"/>: as for float indices.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(Embedding))]
        [PiecewiseLinear]
        public static void EmbeddingBackward(IntTensor input, Tensor weight, int? paddingIndex, Tensor result, Tensor dResult, ref Tensor? dWeight)
        {
            if (Grad.Wanted(ref dWeight))
            {
                Grad.Accumulate(ref dWeight, EmbeddingGradient(EmbeddingRows(input, weight, paddingIndex), weight, paddingIndex, dResult));
            }
        }

        private static Tensor EmbeddingGradient(int[] rows, Tensor weight, int? paddingIndex, Tensor dResult)
        {
            if (weight.IsOnDevice)
            {
                return DeviceOps.EmbeddingLookupGradient(rows, weight, paddingIndex, dResult);
            }

            int dim = weight._shape[1];
            Tensor gradient = UninitializedLike(weight);
            for (int i = 0; i < rows.Length; i++)
            {
                if (rows[i] == paddingIndex)
                {
                    continue;
                }

                System.Numerics.Tensors.TensorPrimitives.Add(
                    gradient.Host().AsSpan(rows[i] * dim, dim), dResult.Host().AsSpan(i * dim, dim), gradient.Host().AsSpan(rows[i] * dim, dim));
            }

            return gradient;
        }

        private static Tensor FromDoubles(double[] values, int[] shape)
        {
            Tensor tensor = Uninitialized((int[])shape.Clone());
            for (int i = 0; i < values.Length; i++)
            {
                tensor.Host()[i] = (float)values[i];
            }

            return tensor;
        }
    }
}
