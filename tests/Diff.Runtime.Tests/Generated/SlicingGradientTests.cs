using Diff;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>Generated gradients of methods that slice, join and index, against finite differences.</summary>
    public sealed class SlicingGradientTests
    {
        [Fact]
        public void CatOfNarrowedHalves() => TensorModeTests.Check(
            a => SlicingFunctions.HalvesMixed(a[0], a[1]),
            (a, d) => SlicingFunctions.HalvesMixedGradient(a[0], a[1], d[0], d[1]),
            TensorModeTests.Random(81, 3, 4), TensorModeTests.Random(82, 2));

        [Fact]
        public void IndexerWithIndicesAndRanges() => TensorModeTests.Check(
            a => SlicingFunctions.Indexed(a[0], 1),
            (a, d) => SlicingFunctions.IndexedGradient(a[0], 1, d[0]),
            TensorModeTests.Random(84, 3, 4));

        [Fact]
        public void PermuteIndexSelectGatherStackMaskWhere()
        {
            IntTensor rows = IntTensor.FromArray(new[] { 2, 0, 2 });
            IntTensor columns = IntTensor.FromArray(new[] { 0, 5, 3, 3, 1, 1 }, 3, 2);
            Tensor mask = Tensor.FromArray(new float[] { 0, 1, 0, 0, 0, 1 }, 2, 3, 1);
            TensorModeTests.Check(
                a => SlicingFunctions.Reindexed(a[0], rows, columns, mask),
                (a, d) => SlicingFunctions.ReindexedGradient(a[0], rows, columns, mask, d[0]),
                TensorModeTests.Random(83, 2, 3, 3));
        }
    }
}
