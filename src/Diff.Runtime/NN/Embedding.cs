using System;

namespace Diff.NN
{
    /// <summary>
    /// A lookup table of learnable vectors, like PyTorch's <c>nn.Embedding</c>: an input of
    /// whole-number indices of any shape gives that shape followed by <see cref="EmbeddingDim"/>.
    /// </summary>
    /// <remarks>
    /// The indices come as an <see cref="IntTensor"/>, as PyTorch's come as a <c>LongTensor</c>, or
    /// as a float tensor of whole numbers (exact below 2²⁴); they get no gradient. The table starts
    /// from N(0, 1), as in PyTorch, with the padding row, if any, zeroed; that row gets no gradient.
    /// </remarks>
    public sealed partial class Embedding : Module
    {
        /// <summary>Creates the table.</summary>
        /// <param name="numEmbeddings">The number of rows, at least 1.</param>
        /// <param name="embeddingDim">The size of each vector, at least 1.</param>
        /// <param name="paddingIdx">A row that stays zero and gets no gradient (negative counts from the end), or null.</param>
        /// <param name="generator">The random source for the initial values; null uses the default one.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size or the padding index is out of range.</exception>
        public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, Generator? generator = null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(numEmbeddings, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDim, 1);
            if (paddingIdx is int p)
            {
                if (p < -numEmbeddings || p >= numEmbeddings)
                {
                    throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"paddingIdx must be within [{-numEmbeddings}, {numEmbeddings}).");
                }

                paddingIdx = p < 0 ? p + numEmbeddings : p;
            }

            NumEmbeddings = numEmbeddings;
            EmbeddingDim = embeddingDim;
            PaddingIdx = paddingIdx;
            Tensor table = Init.Normal(Tensor.Zeros(numEmbeddings, embeddingDim), generator: generator);
            if (paddingIdx is int row)
            {
                table.AsSpan().Slice(row * embeddingDim, embeddingDim).Clear();
            }

            Weight = RegisterParameter("weight", table);
        }

        /// <summary>The number of rows.</summary>
        public int NumEmbeddings { get; }

        /// <summary>The size of each vector.</summary>
        public int EmbeddingDim { get; }

        /// <summary>The padding row, or null.</summary>
        public int? PaddingIdx { get; }

        /// <summary>The table, [<see cref="NumEmbeddings"/>, <see cref="EmbeddingDim"/>].</summary>
        public Parameter Weight { get; }

        /// <summary>Looks up the rows named by <paramref name="input"/>.</summary>
        /// <param name="input">Whole-number indices in [0, <see cref="NumEmbeddings"/>).</param>
        /// <returns>[*input.Shape, <see cref="EmbeddingDim"/>].</returns>
        /// <exception cref="ArgumentException">An index is not a whole number.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="NumEmbeddings"/>).</exception>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return Tensor.Embedding(input, Weight.Value, PaddingIdx);
        }

        /// <summary>Looks up the rows named by the integer <paramref name="input"/>, like <c>embedding(torch.tensor([...]))</c>.</summary>
        /// <param name="input">Indices in [0, <see cref="NumEmbeddings"/>), any shape.</param>
        /// <returns>[*input.Shape, <see cref="EmbeddingDim"/>].</returns>
        /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="NumEmbeddings"/>).</exception>
        [Differentiable]
        public Tensor Forward(IntTensor input)
        {
            return Tensor.Embedding(input, Weight.Value, PaddingIdx);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() =>
            $"{NumEmbeddings}, {EmbeddingDim}" + (PaddingIdx is int p ? $", padding_idx={p}" : string.Empty);
    }
}
