using System;

namespace Diff.Training
{
    /// <summary>
    /// A collection of samples that can hand out a batch of them by position, like PyTorch's map-style
    /// <c>Dataset</c> combined with its collate step: <see cref="DataLoader{TBatch}"/> asks for whole
    /// batches, so a dataset can gather them with one copy per batch rather than one per sample.
    /// </summary>
    /// <typeparam name="TBatch">What one batch is, for example <see cref="Batch{TTarget}"/>.</typeparam>
    public abstract class Dataset<TBatch>
    {
        /// <summary>The number of samples (PyTorch's <c>len(dataset)</c>).</summary>
        public abstract int Count { get; }

        /// <summary>The samples at <paramref name="indices"/>, in that order, as one batch.</summary>
        /// <param name="indices">Sample positions, each in [0, <see cref="Count"/>).</param>
        /// <returns>The batch.</returns>
        public abstract TBatch GetBatch(int[] indices);
    }

    /// <summary>A batch of inputs and their targets; deconstructs as <c>var (x, y) = batch</c>.</summary>
    /// <typeparam name="TTarget">The targets' type: <see cref="Tensor"/> for regression, <see cref="IntTensor"/> for class labels.</typeparam>
    /// <param name="Input">The inputs, batch first.</param>
    /// <param name="Target">The targets, batch first.</param>
    public readonly record struct Batch<TTarget>(Tensor Input, TTarget Target);

    /// <summary>Makes <see cref="TensorDataset{TTarget}"/> instances, inferring the target type.</summary>
    public static class TensorDataset
    {
        /// <summary>Pairs each row of <paramref name="inputs"/> with the same row of <paramref name="targets"/>, like <c>TensorDataset(x, y)</c>.</summary>
        /// <param name="inputs">The inputs, one sample per position of dimension 0.</param>
        /// <param name="targets">The targets, with as many rows.</param>
        /// <returns>The dataset.</returns>
        /// <exception cref="ArgumentException">The row counts differ, or a tensor is a scalar.</exception>
        public static TensorDataset<Tensor> Create(Tensor inputs, Tensor targets)
        {
            ArgumentNullException.ThrowIfNull(targets);
            return new TensorDataset<Tensor>(inputs, targets, Rows(targets.ShapeView, nameof(targets)), static (t, rows) => t.IndexSelect(0, rows));
        }

        /// <summary>Pairs each row of <paramref name="inputs"/> with a class label, like <c>TensorDataset(x, labels)</c>.</summary>
        /// <param name="inputs">The inputs, one sample per position of dimension 0.</param>
        /// <param name="targets">The labels (or any integer targets), with as many rows.</param>
        /// <returns>The dataset.</returns>
        /// <exception cref="ArgumentException">The row counts differ, or a tensor is a scalar.</exception>
        public static TensorDataset<IntTensor> Create(Tensor inputs, IntTensor targets)
        {
            ArgumentNullException.ThrowIfNull(targets);
            return new TensorDataset<IntTensor>(inputs, targets, Rows(targets.ShapeView, nameof(targets)), static (t, rows) => t.Rows(rows));
        }

        internal static int Rows(int[] shape, string argumentName)
        {
            if (shape.Length == 0)
            {
                throw new ArgumentException("A dataset tensor needs a batch dimension, but got a scalar (shape []).", argumentName);
            }

            return shape[0];
        }
    }

    /// <summary>
    /// Inputs and targets held as two tensors whose dimension 0 is the sample, like PyTorch's
    /// <c>TensorDataset</c>. A batch is gathered by row with one copy per tensor.
    /// </summary>
    /// <typeparam name="TTarget">The targets' type.</typeparam>
    public sealed class TensorDataset<TTarget> : Dataset<Batch<TTarget>>
    {
        private readonly Func<TTarget, int[], TTarget> _rows;

        internal TensorDataset(Tensor inputs, TTarget targets, int targetRows, Func<TTarget, int[], TTarget> rows)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            int inputRows = TensorDataset.Rows(inputs.ShapeView, nameof(inputs));
            if (inputRows != targetRows)
            {
                throw new ArgumentException(
                    $"inputs of shape {Tensor.ShapeText(inputs.ShapeView)} have {inputRows} samples but targets have {targetRows}.", nameof(targets));
            }

            Inputs = inputs;
            Targets = targets;
            _rows = rows;
        }

        /// <summary>All inputs.</summary>
        public Tensor Inputs { get; }

        /// <summary>All targets.</summary>
        public TTarget Targets { get; }

        /// <inheritdoc/>
        public override int Count => Inputs.ShapeView[0];

        /// <inheritdoc/>
        public override Batch<TTarget> GetBatch(int[] indices)
        {
            ArgumentNullException.ThrowIfNull(indices);
            return new Batch<TTarget>(Inputs.IndexSelect(0, indices), _rows(Targets, indices));
        }
    }
}
