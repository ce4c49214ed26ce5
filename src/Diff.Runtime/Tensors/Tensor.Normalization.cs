using System;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// Batch normalisation, like PyTorch's <c>F.batch_norm</c>: each channel (dimension 1) of
        /// [N, C, *] is normalised by the mean and biased variance over the batch and all positions,
        /// then scaled by <paramref name="weight"/> and shifted by <paramref name="bias"/>.
        /// </summary>
        /// <remarks>
        /// In training (or without running statistics) the batch statistics are used and, when
        /// running statistics are given, they are updated in place:
        /// <c>running = (1 − momentum)·running + momentum·batch</c>, with the unbiased batch
        /// variance for <paramref name="runningVar"/>, as PyTorch does. In evaluation the running
        /// statistics normalise and stay unchanged. The running statistics get no gradient.
        /// </remarks>
        /// <param name="input">[N, C] or [N, C, *].</param>
        /// <param name="runningMean">[C], updated in training; null to track nothing.</param>
        /// <param name="runningVar">[C], updated in training; null exactly when <paramref name="runningMean"/> is.</param>
        /// <param name="weight">[C] scale, or null for 1.</param>
        /// <param name="bias">[C] shift, or null for 0.</param>
        /// <param name="training">Use and record batch statistics rather than the running ones.</param>
        /// <param name="momentum">The weight of the new batch in the running statistics, in [0, 1].</param>
        /// <param name="eps">Added to the variance before the square root, positive.</param>
        /// <returns>A new tensor of the input's shape.</returns>
        /// <exception cref="ArgumentException">A shape does not fit, or training sees one value per channel.</exception>
        public static Tensor BatchNorm(
            Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, float momentum, float eps)
        {
            ArgumentNullException.ThrowIfNull(input);
            BatchNormGeometry g = BatchNormGeometry.Create(input, runningMean, runningVar, weight, bias, training, eps);
            if (input.IsOnDevice)
            {
                return DeviceOps.BatchNorm(input, runningMean, runningVar, weight, bias, g.UsesBatchStatistics, momentum, eps, g.Batch, g.Channels, g.Spatial);
            }

            Tensor output = UninitializedLike(input);
            (double[] mean, double[] inverseStd) = BatchNormStatistics(input, runningMean, runningVar, g, eps, out double[]? batchVariance);
            if (batchVariance is not null && runningMean is not null)
            {
                float[] rm = runningMean.Host(), rv = runningVar!.Host();
                int count = g.Batch * g.Spatial;
                for (int c = 0; c < g.Channels; c++)
                {
                    rm[c] = (float)((1.0 - momentum) * rm[c] + momentum * mean[c]);
                    rv[c] = (float)((1.0 - momentum) * rv[c] + momentum * batchVariance[c] * count / (count - 1));
                }
            }

            float[] x = input.Host(), y = output.Host();
            for (int n = 0; n < g.Batch; n++)
            {
                for (int c = 0; c < g.Channels; c++)
                {
                    double scale = inverseStd[c] * (weight is null ? 1.0 : weight.Host()[c]);
                    double shift = (bias is null ? 0.0 : bias.Host()[c]) - mean[c] * scale;
                    int start = (n * g.Channels + c) * g.Spatial;
                    for (int s = start; s < start + g.Spatial; s++)
                    {
                        y[s] = (float)(x[s] * scale + shift);
                    }
                }
            }

            return output;
        }

        /// <summary>
        /// Layer normalisation, like PyTorch's <c>F.layer_norm</c>: each slice over the last
        /// dimensions (<paramref name="normalizedShape"/>) is normalised by its own mean and biased
        /// variance, then scaled by <paramref name="weight"/> and shifted by <paramref name="bias"/>.
        /// </summary>
        /// <param name="input">A tensor whose trailing dimensions equal <paramref name="normalizedShape"/>.</param>
        /// <param name="normalizedShape">The trailing dimensions to normalise over; not empty.</param>
        /// <param name="weight">A scale of shape <paramref name="normalizedShape"/>, or null for 1.</param>
        /// <param name="bias">A shift of shape <paramref name="normalizedShape"/>, or null for 0.</param>
        /// <param name="eps">Added to the variance before the square root, positive.</param>
        /// <returns>A new tensor of the input's shape.</returns>
        /// <exception cref="ArgumentException">A shape does not fit; the message names it and the shapes.</exception>
        public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, float eps)
        {
            ArgumentNullException.ThrowIfNull(input);
            int size = CheckLayerNorm(input, normalizedShape, weight, bias, eps);
            if (input.IsOnDevice)
            {
                return DeviceOps.LayerNorm(input, size, weight, bias, eps);
            }

            Tensor output = UninitializedLike(input);
            float[] x = input.Host(), y = output.Host();
            int rows = size == 0 ? 0 : x.Length / size;
            for (int r = 0; r < rows; r++)
            {
                (double mean, double inverseStd) = RowStatistics(x, r * size, size, eps);
                for (int i = 0; i < size; i++)
                {
                    double normalized = (x[r * size + i] - mean) * inverseStd;
                    y[r * size + i] = (float)(normalized * (weight is null ? 1.0 : weight.Host()[i]) + (bias is null ? 0.0 : bias.Host()[i]));
                }
            }

            return output;
        }

        /// <summary>
        /// Group normalisation, like PyTorch's <c>F.group_norm</c>: the channels (dimension 1) of [N, C, *]
        /// are split into <paramref name="numGroups"/> groups of C / numGroups consecutive channels; each
        /// sample's group is normalised by its own mean and biased variance over its channels and positions,
        /// then each channel is scaled by <paramref name="weight"/> and shifted by <paramref name="bias"/>.
        /// </summary>
        /// <remarks>
        /// One group is layer normalisation over [C, *] with a per-channel affine map; C groups are
        /// instance normalisation.
        /// </remarks>
        /// <param name="input">[N, C] or [N, C, *].</param>
        /// <param name="numGroups">The number of groups, at least 1, dividing C.</param>
        /// <param name="weight">A scale per channel, [C], or null for 1.</param>
        /// <param name="bias">A shift per channel, [C], or null for 0.</param>
        /// <param name="eps">Added to the variance before the square root, positive.</param>
        /// <returns>A new tensor of the input's shape.</returns>
        /// <exception cref="ArgumentException">A shape does not fit, or the groups do not divide the channels; the message names the shapes.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="numGroups"/> is below 1 or <paramref name="eps"/> is not positive.</exception>
        public static Tensor GroupNorm(Tensor input, int numGroups, Tensor? weight, Tensor? bias, float eps)
        {
            ArgumentNullException.ThrowIfNull(input);
            GroupNormGeometry g = GroupNormGeometry.Create(input, numGroups, weight, bias, eps);
            if (input.IsOnDevice)
            {
                return DeviceOps.GroupNorm(input, g.Groups, g.GroupChannels, g.Spatial, weight, bias, eps);
            }

            Tensor output = UninitializedLike(input);
            float[] x = input.Host(), y = output.Host();
            for (int r = 0; r < g.Rows; r++)
            {
                int start = r * g.Size;
                int firstChannel = r % g.Groups * g.GroupChannels;
                (double mean, double inverseStd) = RowStatistics(x, start, g.Size, eps);
                for (int i = 0; i < g.Size; i++)
                {
                    int c = firstChannel + i / g.Spatial;
                    double normalized = (x[start + i] - mean) * inverseStd;
                    y[start + i] = (float)(normalized * (weight is null ? 1.0 : weight.Host()[c]) + (bias is null ? 0.0 : bias.Host()[c]));
                }
            }

            return output;
        }

        /// <summary>
        /// Looks up rows of <paramref name="weight"/>, like PyTorch's <c>F.embedding</c>: the result
        /// has the indices' shape followed by the embedding size.
        /// </summary>
        /// <remarks>
        /// Indices are a float tensor of whole numbers (tensors here are float32; every index below
        /// 2²⁴ is exact). They are data, not variables: they get no gradient.
        /// </remarks>
        /// <param name="input">Whole-number indices in [0, num_embeddings).</param>
        /// <param name="weight">The table [num_embeddings, embedding_dim].</param>
        /// <param name="paddingIndex">A row whose lookups get no gradient into the table (PyTorch's <c>padding_idx</c>), or null.</param>
        /// <returns>A new tensor [*input.Shape, embedding_dim].</returns>
        /// <exception cref="ArgumentException">The table is not rank 2, or an index is not a whole number.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An index, or <paramref name="paddingIndex"/>, is outside [0, num_embeddings).</exception>
        public static Tensor Embedding(Tensor input, Tensor weight, int? paddingIndex)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(weight);
            int[] rows = EmbeddingRows(input, weight, paddingIndex);
            return EmbeddingLookup(rows, input._shape, weight, paddingIndex);
        }

        /// <summary>
        /// The rows of <paramref name="weight"/> named by the integer <paramref name="input"/>, like
        /// <c>F.embedding(input, weight, padding_idx)</c> with a <c>LongTensor</c> of indices.
        /// </summary>
        /// <remarks>The indices are data, not variables: they get no gradient.</remarks>
        /// <param name="input">Indices in [0, num_embeddings), any shape.</param>
        /// <param name="weight">The table [num_embeddings, embedding_dim].</param>
        /// <param name="paddingIndex">A row whose lookups get no gradient into the table (PyTorch's <c>padding_idx</c>), or null.</param>
        /// <returns>A new tensor [*input.Shape, embedding_dim].</returns>
        /// <exception cref="ArgumentException">The table is not rank 2.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An index, or <paramref name="paddingIndex"/>, is outside [0, num_embeddings).</exception>
        public static Tensor Embedding(IntTensor input, Tensor weight, int? paddingIndex)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(weight);
            int[] rows = EmbeddingRows(input, weight, paddingIndex);
            return EmbeddingLookup(rows, input.ShapeView, weight, paddingIndex);
        }

        private static Tensor EmbeddingLookup(int[] rows, int[] inputShape, Tensor weight, int? paddingIndex)
        {
            int dim = weight._shape[1];
            int[] shape = new int[inputShape.Length + 1];
            inputShape.CopyTo(shape, 0);
            shape[^1] = dim;
            if (weight.IsOnDevice)
            {
                return DeviceOps.EmbeddingLookup(rows, shape, weight, paddingIndex);
            }

            Tensor output = Uninitialized(shape);
            for (int i = 0; i < rows.Length; i++)
            {
                weight.Host().AsSpan(rows[i] * dim, dim).CopyTo(output.Host().AsSpan(i * dim, dim));
            }

            return output;
        }

        /// <summary>Checks the table and the padding row; returns the number of rows.</summary>
        private static int CheckEmbeddingTable(Tensor weight, int? paddingIndex)
        {
            if (weight._shape.Length != 2)
            {
                throw new ArgumentException($"Embedding needs weight [num_embeddings, embedding_dim], but got {ShapeText(weight._shape)}.", nameof(weight));
            }

            int count = weight._shape[0];
            if (paddingIndex is int padding && (padding < 0 || padding >= count))
            {
                throw new ArgumentOutOfRangeException(nameof(paddingIndex), padding, $"Embedding: paddingIndex must be in [0, {count}) for weight {ShapeText(weight._shape)}.");
            }

            return count;
        }

        private static int[] EmbeddingRows(Tensor input, Tensor weight, int? paddingIndex)
        {
            int count = CheckEmbeddingTable(weight, paddingIndex);
            // Indices on a device are read through one copy: they are data the lookup needs on the host to check.
            float[] indices = input.IsOnDevice ? input.ToArray() : input.Host();
            int[] rows = new int[indices.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                float value = indices[i];
                if (value != MathF.Floor(value))
                {
                    throw new ArgumentException(
                        $"Embedding: input element {i} is {value}, not a whole-number index in [0, {count}) for weight {ShapeText(weight._shape)} (input {ShapeText(input._shape)}).", nameof(input));
                }

                if (!(value >= 0f && value < count))
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(input), value,
                        $"Embedding: input element {i} is {value}, outside [0, {count}): the table has {count} embeddings (weight {ShapeText(weight._shape)}, input {ShapeText(input._shape)}).");
                }

                rows[i] = (int)value;
            }

            return rows;
        }

        private static int[] EmbeddingRows(IntTensor input, Tensor weight, int? paddingIndex)
        {
            int count = CheckEmbeddingTable(weight, paddingIndex);
            int[] rows = input.Data;
            for (int i = 0; i < rows.Length; i++)
            {
                if ((uint)rows[i] >= (uint)count)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(input), rows[i],
                        $"Embedding: input element {i} is {rows[i]}, outside [0, {count}): the table has {count} embeddings (weight {ShapeText(weight._shape)}, input {ShapeText(input.ShapeView)}).");
                }
            }

            return rows;
        }

        private static int CheckLayerNorm(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, float eps)
        {
            ArgumentNullException.ThrowIfNull(normalizedShape);
            int[] xs = input._shape;
            bool fits = normalizedShape.Length >= 1 && normalizedShape.Length <= xs.Length;
            for (int i = 0; fits && i < normalizedShape.Length; i++)
            {
                fits = xs[xs.Length - normalizedShape.Length + i] == normalizedShape[i];
            }

            if (!fits)
            {
                throw new ArgumentException(
                    $"LayerNorm: normalizedShape {ShapeText(normalizedShape)} must be non-empty and equal the trailing dimensions of input {ShapeText(xs)}.", nameof(normalizedShape));
            }

            if (weight is not null && !SameShape(weight._shape, normalizedShape))
            {
                throw new ArgumentException($"LayerNorm: weight {ShapeText(weight._shape)} must have shape {ShapeText(normalizedShape)}.", nameof(weight));
            }

            if (bias is not null && !SameShape(bias._shape, normalizedShape))
            {
                throw new ArgumentException($"LayerNorm: bias {ShapeText(bias._shape)} must have shape {ShapeText(normalizedShape)}.", nameof(bias));
            }

            if (!(eps > 0f))
            {
                throw new ArgumentOutOfRangeException(nameof(eps), eps, "LayerNorm needs a positive eps.");
            }

            return ProductOf(normalizedShape);
        }

        /// <summary>The mean and 1/√(biased variance + eps) of one row, in double.</summary>
        private static (double Mean, double InverseStd) RowStatistics(float[] x, int start, int size, float eps)
        {
            double sum = 0;
            for (int i = start; i < start + size; i++)
            {
                sum += x[i];
            }

            double mean = sum / size;
            double squares = 0;
            for (int i = start; i < start + size; i++)
            {
                double d = x[i] - mean;
                squares += d * d;
            }

            return (mean, 1.0 / Math.Sqrt(squares / size + eps));
        }

        /// <summary>
        /// The mean and inverse standard deviation that normalise each channel: the batch's (with
        /// its biased variance returned too) or the running ones.
        /// </summary>
        private static (double[] Mean, double[] InverseStd) BatchNormStatistics(
            Tensor input, Tensor? runningMean, Tensor? runningVar, BatchNormGeometry g, float eps, out double[]? batchVariance)
        {
            double[] mean = new double[g.Channels];
            double[] inverseStd = new double[g.Channels];
            float[] x = input.Host();
            if (!g.UsesBatchStatistics)
            {
                batchVariance = null;
                for (int c = 0; c < g.Channels; c++)
                {
                    mean[c] = runningMean!.Host()[c];
                    inverseStd[c] = 1.0 / Math.Sqrt((double)runningVar!.Host()[c] + eps);
                }

                return (mean, inverseStd);
            }

            batchVariance = new double[g.Channels];
            int count = g.Batch * g.Spatial;
            for (int c = 0; c < g.Channels; c++)
            {
                double sum = 0;
                for (int n = 0; n < g.Batch; n++)
                {
                    int start = (n * g.Channels + c) * g.Spatial;
                    for (int s = start; s < start + g.Spatial; s++)
                    {
                        sum += x[s];
                    }
                }

                double m = sum / count;
                double squares = 0;
                for (int n = 0; n < g.Batch; n++)
                {
                    int start = (n * g.Channels + c) * g.Spatial;
                    for (int s = start; s < start + g.Spatial; s++)
                    {
                        double d = x[s] - m;
                        squares += d * d;
                    }
                }

                mean[c] = m;
                batchVariance[c] = squares / count;
                inverseStd[c] = 1.0 / Math.Sqrt(batchVariance[c] + eps);
            }

            return (mean, inverseStd);
        }

        /// <summary>
        /// The sizes of a group normalisation, checked once: N·groups rows of groupChannels·spatial consecutive
        /// elements each (a sample's group is contiguous in [N, C, *]).
        /// </summary>
        private sealed record GroupNormGeometry(int Groups, int GroupChannels, int Spatial, int Rows)
        {
            /// <summary>The elements of one row.</summary>
            public int Size => GroupChannels * Spatial;

            public static GroupNormGeometry Create(Tensor input, int numGroups, Tensor? weight, Tensor? bias, float eps)
            {
                int[] xs = input._shape;
                if (xs.Length < 2)
                {
                    throw new ArgumentException($"GroupNorm needs input [N, C] or [N, C, *], but got {ShapeText(xs)}.", nameof(input));
                }

                if (numGroups < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(numGroups), numGroups, "GroupNorm needs at least one group.");
                }

                int batch = xs[0], channels = xs[1];
                if (channels % numGroups != 0)
                {
                    throw new ArgumentException(
                        $"GroupNorm: numGroups {numGroups} must divide the {channels} channels of input {ShapeText(xs)}.", nameof(numGroups));
                }

                RequireChannels(weight, channels, xs, nameof(weight));
                RequireChannels(bias, channels, xs, nameof(bias));
                if (!(eps > 0f))
                {
                    throw new ArgumentOutOfRangeException(nameof(eps), eps, "GroupNorm needs a positive eps.");
                }

                if (weight is not null)
                {
                    DeviceOps.OnDevice(input, weight, "GroupNorm");
                }

                if (bias is not null)
                {
                    DeviceOps.OnDevice(input, bias, "GroupNorm");
                }

                int spatial = batch * channels == 0 ? 0 : input.Count / (batch * channels);
                int rows = spatial == 0 ? 0 : batch * numGroups;
                return new GroupNormGeometry(numGroups, channels / numGroups, spatial, rows);
            }

            private static void RequireChannels(Tensor? tensor, int channels, int[] inputShape, string name)
            {
                if (tensor is not null && (tensor._shape.Length != 1 || tensor._shape[0] != channels))
                {
                    throw new ArgumentException($"GroupNorm: {name} must be [{channels}] for input {ShapeText(inputShape)}, but got {ShapeText(tensor._shape)}.", name);
                }
            }
        }

        /// <summary>The sizes of a batch normalisation, checked once.</summary>
        private sealed record BatchNormGeometry(int Batch, int Channels, int Spatial, bool UsesBatchStatistics)
        {
            public static BatchNormGeometry Create(
                Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, float eps)
            {
                int[] xs = input._shape;
                if (xs.Length < 2)
                {
                    throw new ArgumentException($"BatchNorm needs input [N, C] or [N, C, *], but got {ShapeText(xs)}.", nameof(input));
                }

                int batch = xs[0], channels = xs[1];
                int spatial = batch * channels == 0 ? 0 : input.Count / (batch * channels);
                RequireChannels(runningMean, channels, xs, nameof(runningMean));
                RequireChannels(runningVar, channels, xs, nameof(runningVar));
                RequireChannels(weight, channels, xs, nameof(weight));
                RequireChannels(bias, channels, xs, nameof(bias));
                if ((runningMean is null) != (runningVar is null))
                {
                    throw new ArgumentException("BatchNorm needs both running statistics or neither.", runningMean is null ? nameof(runningMean) : nameof(runningVar));
                }

                if (!(eps > 0f))
                {
                    throw new ArgumentOutOfRangeException(nameof(eps), eps, "BatchNorm needs a positive eps.");
                }

                bool usesBatch = training || runningMean is null;
                if (usesBatch && batch * spatial <= 1)
                {
                    // As in PyTorch: the unbiased variance of one value is undefined.
                    throw new ArgumentException($"BatchNorm in training needs more than one value per channel, but input {ShapeText(xs)} has {batch * spatial}.", nameof(input));
                }

                return new BatchNormGeometry(batch, channels, spatial, usesBatch);
            }

            private static void RequireChannels(Tensor? tensor, int channels, int[] inputShape, string name)
            {
                if (tensor is not null && (tensor._shape.Length != 1 || tensor._shape[0] != channels))
                {
                    throw new ArgumentException($"BatchNorm: {name} must be [{channels}] for input {ShapeText(inputShape)}, but got {ShapeText(tensor._shape)}.", name);
                }
            }
        }
    }
}
