using Diff;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>[Differentiable] tensor code over the slicing, joining and indexing ops.</summary>
    public static partial class SlicingFunctions
    {
        /// <summary>Splits the columns in two halves, mixes them, and joins them back with Cat.</summary>
        [Differentiable]
        public static Tensor HalvesMixed(Tensor x, Tensor w)
        {
            int half = x.Shape[1] / 2;
            Tensor left = x.Narrow(1, 0, half);
            Tensor right = x.Narrow(1, half, half);
            Tensor joined = Tensor.Cat(left * w, (right + left).Tanh(), 1);
            Tensor firstRow = joined.Select(0, 0);
            Tensor everyOther = joined.Slice(1, 0, int.MaxValue, 2);
            return (joined * joined).Sum() + firstRow.Sum() * 0.5f + everyOther.Exp().Mean();
        }

        /// <summary>Indexes with C# indices and ranges, and joins the pieces.</summary>
        [Differentiable]
        public static Tensor Indexed(Tensor x, int row)
        {
            Tensor middle = x[.., 1..3];
            Tensor last = x[^1];
            Tensor picked = x[row, 2];
            return (middle * middle).Sum() + (last.Exp() * picked).Sum() + Tensor.Cat(x[0], last, 0).Tanh().Sum();
        }

        /// <summary>Permutes, flattens, picks rows by index, gathers, and masks.</summary>
        [Differentiable]
        public static Tensor Reindexed(Tensor x, [NoDiff] IntTensor rows, [NoDiff] IntTensor columns, [NoDiff] Tensor mask)
        {
            Tensor p = x.Permute(1, 0, 2).Flatten(1);
            Tensor picked = p.IndexSelect(0, rows);
            Tensor gathered = picked.Gather(1, columns);
            Tensor stacked = Tensor.Stack(gathered, gathered * gathered, 0);
            Tensor masked = stacked.MaskedFill(mask, 0.25f);
            Tensor chosen = Tensor.Where(mask, x.Transpose(0, 1).Sum().Unsqueeze(0), masked.Squeeze());
            return (chosen * masked).Sum();
        }
    }
}
