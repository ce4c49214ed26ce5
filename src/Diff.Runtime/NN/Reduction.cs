namespace Diff.NN
{
    /// <summary>How a loss combines its per-element values, like PyTorch's <c>reduction</c> argument.</summary>
    public enum Reduction
    {
        /// <summary>The per-element losses, unreduced (<c>'none'</c>).</summary>
        None,

        /// <summary>The mean (<c>'mean'</c>, PyTorch's default).</summary>
        Mean,

        /// <summary>The sum (<c>'sum'</c>).</summary>
        Sum,

        /// <summary>The sum divided by the batch size (<c>'batchmean'</c>); only <see cref="Functional.KLDivLoss(Tensor, Tensor, Reduction, bool)"/> accepts it.</summary>
        BatchMean,
    }
}
