namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>ToString prints as PyTorch does with its default print options.</summary>
    public sealed class FormatTests
    {
        [Fact]
        public void Scalars()
        {
            Assert.Equal("tensor(5.)", Tensor.Scalar(5f).ToString());
            Assert.Equal("tensor(10.)", Tensor.Scalar(10f).ToString());
            Assert.Equal("tensor(-9.3333)", Tensor.Scalar(-28f / 3f).ToString());
            Assert.Equal("tensor(4.6667)", Tensor.Scalar(14f / 3f).ToString());
            Assert.Equal("tensor(0.)", Tensor.Scalar(0f).ToString());
        }

        [Fact]
        public void IntegerValuedVectors()
        {
            Assert.Equal("tensor([2., 4., 6.])", Tensor.FromArray(new[] { 2f, 4f, 6f }, 3).ToString());
            Assert.Equal("tensor([ 5., 10., 15.])", Tensor.FromArray(new[] { 5f, 10f, 15f }, 3).ToString());
            Assert.Equal("tensor([0., 0.])", Tensor.Zeros(2).ToString());
            Assert.Equal("tensor([-1.,  2.])", Tensor.FromArray(new[] { -1f, 2f }, 2).ToString());
        }

        [Fact]
        public void DecimalVectorsAlignAndWrapAtEightyColumns()
        {
            Assert.Equal("tensor([2.8894, 1.8146, 0.8963])", Tensor.FromArray(new[] { 2.8894f, 1.8146f, 0.8963f }, 3).ToString());
            Assert.Equal("tensor([ 0.8894, -0.1854, -1.1037])", Tensor.FromArray(new[] { 0.8894f, -0.1854f, -1.1037f }, 3).ToString());
            var values = new[] { 0.4072f, 0.5207f, 0.1551f, 0.7769f, 0.4643f, 0.4301f, 0.2313f, 0.3698f, 0.5858f, 0.0340f };
            Assert.Equal(
                "tensor([0.4072, 0.5207, 0.1551, 0.7769, 0.4643, 0.4301, 0.2313, 0.3698, 0.5858,\n        0.0340])",
                Tensor.FromArray(values, 10).ToString());
        }

        [Fact]
        public void Matrices()
        {
            Tensor grad = Tensor.FromArray(
                new[] { 0.6976f, 1.3953f, 2.7905f, 0.6840f, 1.3681f, 2.7362f, -2.1385f, -4.2770f, -8.5540f, -3.9168f, -7.8335f, -15.6671f },
                4, 3);
            Assert.Equal(
                "tensor([[  0.6976,   1.3953,   2.7905],\n"
                + "        [  0.6840,   1.3681,   2.7362],\n"
                + "        [ -2.1385,  -4.2770,  -8.5540],\n"
                + "        [ -3.9168,  -7.8335, -15.6671]])",
                grad.ToString());

            var row = new[] { 0.0344f, -0.0085f, -0.0005f, -0.0075f, -0.0155f, -0.0474f, -0.0291f, 0.0173f, 0.0019f, 0.0006f };
            Assert.Equal(
                "tensor([[ 0.0344, -0.0085, -0.0005, -0.0075, -0.0155, -0.0474, -0.0291,  0.0173,\n"
                + "          0.0019,  0.0006]])",
                Tensor.FromArray(row, 1, 10).ToString());

            Assert.Equal("tensor([[0.0871]])", Tensor.FromArray(new[] { 0.0871f }, 1, 1).ToString());
        }

        [Fact]
        public void RankThreeSeparatesBlocksWithABlankLine()
        {
            Assert.Equal(
                "tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])",
                Tensor.Arange(8).Reshape(2, 2, 2).ToString());
        }

        [Fact]
        public void ScientificNotationForWideRanges()
        {
            Assert.Equal("tensor([1.0000e-05, 1.0000e+00])", Tensor.FromArray(new[] { 1e-5f, 1f }, 2).ToString());
            Assert.Equal("tensor([1.0000e+00, 1.0000e+04])", Tensor.FromArray(new[] { 1f, 1e4f }, 2).ToString());
        }

        [Fact]
        public void NonFiniteValues()
        {
            Assert.Equal("tensor([   nan,    inf,   -inf, 1.5000])", Tensor.FromArray(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.5f }, 4).ToString());
            Assert.Equal("tensor([inf, 1.])", Tensor.FromArray(new[] { float.PositiveInfinity, 1f }, 2).ToString());
        }

        [Fact]
        public void LongTensorsAreSummarized()
        {
            Assert.Equal(
                "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.9970e+03, 9.9980e+03,\n        9.9990e+03])",
                Tensor.Arange(10000).ToString());
            Assert.Equal(
                "tensor([[1000., 1001., 1002.,  ..., 1037., 1038., 1039.],\n"
                + "        [1040., 1041., 1042.,  ..., 1077., 1078., 1079.],\n"
                + "        [1080., 1081., 1082.,  ..., 1117., 1118., 1119.],\n"
                + "        ...,\n"
                + "        [6000., 6001., 6002.,  ..., 6037., 6038., 6039.],\n"
                + "        [6040., 6041., 6042.,  ..., 6077., 6078., 6079.],\n"
                + "        [6080., 6081., 6082.,  ..., 6117., 6118., 6119.]])",
                (Tensor.Arange(128 * 40).Reshape(128, 40) + 1000f).ToString());
            Assert.Equal("tensor([0., 0., 0.,  ..., 0., 0., 0.])", Tensor.Zeros(1001).ToString());
            Assert.DoesNotContain("...", Tensor.Zeros(1000).ToString());
        }

        [Fact]
        public void EmptyTensors()
        {
            Assert.Equal("tensor([])", Tensor.Zeros(0).ToString());
            Assert.Equal("tensor([], size=(0, 3))", Tensor.Zeros(0, 3).ToString());
        }
    }
}
