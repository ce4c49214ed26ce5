using System.Linq;
using Diff.NN;

namespace Diff.Runtime.Tests.NN
{
    /// <summary>
    /// Group normalisation against the normalisations it generalises: one group is layer normalisation over
    /// [C, *], C groups normalise each channel of each sample alone, and any grouping is layer normalisation of
    /// the [N·G, C/G·*] rows followed by the per-channel affine map. Its gradients are checked against finite
    /// differences in <see cref="NNGradientTests"/>.
    /// </summary>
    public sealed class GroupNormTests
    {
        private static readonly Tensor Input = Tensor.Randn(new[] { 3, 6, 2, 4 }, new Generator(30));

        [Fact]
        public void OneGroupIsLayerNormalisationOverTheChannelsAndPositions()
        {
            Tensor expected = Tensor.LayerNorm(Input, new[] { 6, 2, 4 }, null, null, 1e-5f);
            AssertClose(expected, Tensor.GroupNorm(Input, 1, null, null, 1e-5f));
        }

        [Fact]
        public void OneGroupPerChannelNormalisesEachChannelAlone()
        {
            Tensor expected = Tensor.LayerNorm(Input.Reshape(18, 2, 4), new[] { 2, 4 }, null, null, 1e-3f).Reshape(3, 6, 2, 4);
            AssertClose(expected, Tensor.GroupNorm(Input, 6, null, null, 1e-3f));
        }

        [Fact]
        public void GroupsAreLayerNormalisedRowsFollowedByTheChannelsAffineMap()
        {
            Tensor weight = Tensor.Randn(new[] { 6 }, new Generator(31));
            Tensor bias = Tensor.Randn(new[] { 6 }, new Generator(32));
            Tensor rows = Tensor.LayerNorm(Input.Reshape(3, 2, 24), new[] { 24 }, null, null, 1e-5f).Reshape(3, 6, 2, 4);
            Tensor expected = rows * weight.Reshape(1, 6, 1, 1) + bias.Reshape(1, 6, 1, 1);
            AssertClose(expected, Tensor.GroupNorm(Input, 2, weight, bias, 1e-5f));
            AssertClose(expected, Functional.GroupNorm(Input, 2, weight, bias));

            GroupNorm layer = new GroupNorm(2, 6);
            weight.AsSpan().CopyTo(layer.Weight!.Value.AsSpan());
            bias.AsSpan().CopyTo(layer.Bias!.Value.AsSpan());
            AssertClose(expected, layer.Forward(Input));

            // [N, C] inputs have one position per channel.
            Tensor flat = Tensor.Randn(new[] { 4, 6 }, new Generator(33));
            AssertClose(Tensor.LayerNorm(flat.Reshape(4, 3, 2), new[] { 2 }, null, null, 1e-5f).Reshape(4, 6), Tensor.GroupNorm(flat, 3, null, null, 1e-5f));
        }

        [Fact]
        public void TheLayerHasPyTorchsParametersAndPrintsLikeIt()
        {
            GroupNorm layer = new GroupNorm(2, 6);
            Assert.Equal("GroupNorm(2, 6, eps=1e-05, affine=True)", layer.ToString());
            Assert.Equal("GroupNorm(3, 3, eps=0.001, affine=False)", new GroupNorm(3, 3, 1e-3, affine: false).ToString());
            Assert.Equal(new[] { "weight", "bias" }, layer.NamedParameters().Select(p => p.Name));
            Assert.All(layer.Weight!.Value.ToArray(), w => Assert.Equal(1f, w));
            Assert.All(layer.Bias!.Value.ToArray(), b => Assert.Equal(0f, b));
            Assert.Empty(new GroupNorm(3, 3, affine: false).NamedParameters());
        }

        [Fact]
        public void BadArgumentsAreNamedWithTheShapes()
        {
            ArgumentException divides = Assert.Throws<ArgumentException>(() => new GroupNorm(4, 6));
            Assert.Equal("numGroups", divides.ParamName);
            Assert.Throws<ArgumentOutOfRangeException>(() => new GroupNorm(0, 6));
            Assert.Throws<ArgumentOutOfRangeException>(() => new GroupNorm(2, 6, eps: 0));

            ArgumentException channels = Assert.Throws<ArgumentException>(() => new GroupNorm(2, 4, affine: false).Forward(Input));
            Assert.Contains("[3, 6, 2, 4]", channels.Message);
            ArgumentException groups = Assert.Throws<ArgumentException>(() => Tensor.GroupNorm(Input, 4, null, null, 1e-5f));
            Assert.Equal("numGroups", groups.ParamName);
            Assert.Contains("[3, 6, 2, 4]", groups.Message);
            ArgumentException weight = Assert.Throws<ArgumentException>(() => Tensor.GroupNorm(Input, 2, Tensor.Ones(3), null, 1e-5f));
            Assert.Equal("weight", weight.ParamName);
            Assert.Contains("must be [6]", weight.Message);
            ArgumentException rank = Assert.Throws<ArgumentException>(() => Tensor.GroupNorm(Tensor.Ones(6), 2, null, null, 1e-5f));
            Assert.Equal("input", rank.ParamName);
            Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.GroupNorm(Input, 0, null, null, 1e-5f));
            Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.GroupNorm(Input, 2, null, null, 0f));
        }

        [Fact]
        public void AnEmptyBatchGivesAnEmptyResult()
        {
            Assert.Equal(new[] { 0, 6, 2 }, Tensor.GroupNorm(Tensor.Zeros(0, 6, 2), 3, null, null, 1e-5f).Shape);
        }

        private static void AssertClose(Tensor expected, Tensor actual)
        {
            Assert.Equal(expected.Shape, actual.Shape);
            float[] e = expected.ToArray(), a = actual.ToArray();
            for (int i = 0; i < e.Length; i++)
            {
                Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5 * Math.Max(1, Math.Abs(e[i])), $"[{i}]: expected {e[i]}, got {a[i]}");
            }
        }
    }
}
