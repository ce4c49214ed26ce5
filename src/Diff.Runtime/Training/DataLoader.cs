using System;
using System.Collections;
using System.Collections.Generic;

namespace Diff.Training
{
    /// <summary>Makes <see cref="DataLoader{TBatch}"/> instances, inferring the batch type.</summary>
    public static class DataLoader
    {
        /// <summary>A loader over <paramref name="dataset"/>; see <see cref="DataLoader{TBatch}(Dataset{TBatch}, int, bool, bool, Generator?)"/>.</summary>
        /// <typeparam name="TBatch">What one batch is.</typeparam>
        /// <param name="dataset">The samples.</param>
        /// <param name="batchSize">The number of samples per batch, at least 1.</param>
        /// <param name="shuffle">Whether each epoch visits the samples in a new random order.</param>
        /// <param name="dropLast">Whether to drop the last batch when it is smaller than <paramref name="batchSize"/>.</param>
        /// <param name="generator">The source of the shuffling order; the default generator when null.</param>
        /// <returns>The loader.</returns>
        public static DataLoader<TBatch> Create<TBatch>(Dataset<TBatch> dataset, int batchSize = 1, bool shuffle = false, bool dropLast = false, Generator? generator = null) =>
            new(dataset, batchSize, shuffle, dropLast, generator);
    }

    /// <summary>
    /// Iterates over a dataset in batches, like PyTorch's <c>DataLoader</c>: each enumeration is one
    /// epoch that visits every sample once (all but the last partial batch's with
    /// <see cref="DropLast"/>), in order or, with <see cref="Shuffle"/>, in a new random order drawn
    /// from the generator. Batches are made one at a time as the enumeration reaches them, each with
    /// a single gather of its samples.
    /// </summary>
    /// <typeparam name="TBatch">What one batch is.</typeparam>
    public sealed class DataLoader<TBatch> : IEnumerable<TBatch>
    {
        private readonly Generator? _generator;

        /// <summary>Creates the loader.</summary>
        /// <param name="dataset">The samples.</param>
        /// <param name="batchSize">The number of samples per batch, at least 1.</param>
        /// <param name="shuffle">Whether each epoch visits the samples in a new random order.</param>
        /// <param name="dropLast">Whether to drop the last batch when it is smaller than <paramref name="batchSize"/>.</param>
        /// <param name="generator">The source of the shuffling order; the default generator (see <see cref="Generator.ManualSeed"/>) when null.</param>
        /// <exception cref="ArgumentNullException"><paramref name="dataset"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
        public DataLoader(Dataset<TBatch> dataset, int batchSize = 1, bool shuffle = false, bool dropLast = false, Generator? generator = null)
        {
            Dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
            ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
            BatchSize = batchSize;
            Shuffle = shuffle;
            DropLast = dropLast;
            _generator = generator;
        }

        /// <summary>The samples.</summary>
        public Dataset<TBatch> Dataset { get; }

        /// <summary>The number of samples per batch (the last may hold fewer unless <see cref="DropLast"/>).</summary>
        public int BatchSize { get; }

        /// <summary>Whether each epoch visits the samples in a new random order.</summary>
        public bool Shuffle { get; }

        /// <summary>Whether the last batch is dropped when it is smaller than <see cref="BatchSize"/>.</summary>
        public bool DropLast { get; }

        /// <summary>The number of batches per epoch (PyTorch's <c>len(loader)</c>).</summary>
        public int Count => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

        /// <summary>Starts an epoch; with <see cref="Shuffle"/> it draws the epoch's order now.</summary>
        /// <returns>The batches of one epoch.</returns>
        public IEnumerator<TBatch> GetEnumerator()
        {
            int count = Dataset.Count;
            int[] order = Shuffle ? IntTensor.RandPerm(count, _generator).Data : IntTensor.Arange(count).Data;
            return Batches(order, count);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private IEnumerator<TBatch> Batches(int[] order, int count)
        {
            int batches = Count;
            for (int b = 0; b < batches; b++)
            {
                int start = b * BatchSize;
                int size = Math.Min(BatchSize, count - start);
                yield return Dataset.GetBatch(order.AsSpan(start, size).ToArray());
            }
        }
    }
}
