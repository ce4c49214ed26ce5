using System.Linq;

namespace Diff.Runtime.Tests.Pooling
{
    /// <summary><c>Tensor.MatMul(a, b, destination)</c>: the product without an allocation, and clear errors.</summary>
    public sealed class MatMulDestinationTests
    {
        [Theory]
        [InlineData(new[] { 5, 7 }, new[] { 7, 3 })]
        [InlineData(new[] { 2, 5, 7 }, new[] { 7, 3 })]
        [InlineData(new[] { 2, 5, 7 }, new[] { 2, 7, 3 })]
        [InlineData(new[] { 7 }, new[] { 7, 3 })]
        [InlineData(new[] { 5, 7 }, new[] { 7 })]
        [InlineData(new[] { 2, 3, 5, 7 }, new[] { 2, 3, 7, 3 })]
        [InlineData(new[] { 2, 5, 7 }, new[] { 1, 1, 7, 3 })]
        [InlineData(new[] { 3, 1, 5, 7 }, new[] { 2, 7, 3 })]
        public void WritesWhatMatMulReturns(int[] aShape, int[] bShape)
        {
            Tensor a = Tensor.Randn(aShape, new Diff.Generator(1));
            Tensor b = Tensor.Randn(bShape, new Diff.Generator(2));
            Tensor expected = Tensor.MatMul(a, b);
            Tensor destination = Tensor.Full(expected.Shape, float.NaN);
            Assert.Same(destination, Tensor.MatMul(a, b, destination));
            Assert.Equal(expected.ToArray(), destination.ToArray());
        }

        [Fact]
        public void RepeatedProductsIntoOneDestinationAllocateNoResult()
        {
            Tensor a = Tensor.Randn(new[] { 64, 64 }, new Diff.Generator(3));
            Tensor b = Tensor.Randn(new[] { 64, 64 }, new Diff.Generator(4));
            Tensor destination = Tensor.Zeros(64, 64);
            Tensor.MatMul(a, b, destination);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                Tensor.MatMul(a, b, destination);
            }

            // Nothing at all: no result, and the destination's shape is checked without building the result's.
            long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
            Assert.True(perCall == 0, $"MatMul into a destination allocated {perCall} bytes per call.");
            Assert.Equal(Tensor.MatMul(a, b).ToArray(), destination.ToArray());
        }

        [Fact]
        public void WrongShapeNamesTheArgumentAndTheShapes()
        {
            Tensor a = Tensor.Zeros(5, 7), b = Tensor.Zeros(7, 3);
            var error = Assert.Throws<ArgumentException>(() => Tensor.MatMul(a, b, Tensor.Zeros(3, 5)));
            Assert.Equal("destination", error.ParamName);
            Assert.Contains("[5, 3]", error.Message);
            Assert.Contains("[3, 5]", error.Message);
            Assert.Contains("[5, 7]", error.Message);
        }

        [Theory]
        [InlineData(new[] { 2, 5, 7 }, new[] { 7, 3 }, new[] { 2, 3, 5 })]
        [InlineData(new[] { 2, 5, 7 }, new[] { 7, 3 }, new[] { 10, 3 })]
        [InlineData(new[] { 2, 5, 7 }, new[] { 2, 7, 3 }, new[] { 2, 5, 3, 1 })]
        [InlineData(new[] { 7 }, new[] { 7, 3 }, new[] { 1, 3 })]
        [InlineData(new[] { 5, 7 }, new[] { 7 }, new[] { 5, 1 })]
        [InlineData(new[] { 7 }, new[] { 7 }, new[] { 1 })]
        public void EveryWrongDestinationShapeIsRefused(int[] aShape, int[] bShape, int[] destinationShape)
        {
            Tensor a = Tensor.Zeros(aShape), b = Tensor.Zeros(bShape);
            Tensor destination = Tensor.Full(destinationShape, 7f);
            var error = Assert.Throws<ArgumentException>(() => Tensor.MatMul(a, b, destination));
            Assert.Equal("destination", error.ParamName);
            Assert.Contains($"gives shape [{string.Join(", ", Tensor.MatMul(a, b).Shape)}]", error.Message);
            Assert.All(destination.ToArray(), value => Assert.Equal(7f, value));
        }

        [Fact]
        public void DestinationSharingAnOperandsStorageIsRefused()
        {
            Tensor a = Tensor.Ones(4, 4), b = Tensor.Ones(4, 4);
            var error = Assert.Throws<ArgumentException>(() => Tensor.MatMul(a, b, a.Reshape(4, 4)));
            Assert.Equal("destination", error.ParamName);
            Assert.Contains("shares", error.Message);
            Assert.Equal(new float[16].Select(_ => 1f), a.ToArray());
        }

        [Fact]
        public void InnerSizesThatDifferAreReportedAsForMatMul()
        {
            var error = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5), Tensor.Zeros(2, 5)));
            Assert.Contains("inner sizes differ", error.Message);
        }
    }
}
