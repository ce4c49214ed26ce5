using System.Linq;
using Diff.NN;
using Diff.Runtime.Tests.Tensors;
using static Diff.Runtime.Tests.NN.FiniteDifferences;

namespace Diff.Runtime.Tests.NN
{
    /// <summary>[Differentiable] code that looks up an embedding with integer indices, through the generator.</summary>
    public static partial class EmbeddingFunctions
    {
        [Differentiable]
        public static Tensor BagScore(Tensor weight, IntTensor tokens) => (Functional.Embedding(tokens, weight).Tanh() * 1.5f).Sum();
    }

    /// <summary>
    /// <see cref="Embedding"/> and <see cref="Functional.Embedding(IntTensor, Tensor, int?)"/> with an
    /// <see cref="IntTensor"/> of indices: the same values and table gradient as whole-number float
    /// indices, the gradient against finite differences, and the argument checks.
    /// </summary>
    public sealed class EmbeddingIndexTests
    {
        private static readonly int[] Indices = { 0, 2, 4, 4, 1, 2 };

        private static IntTensor IntegerIndices() => IntTensor.FromArray(Indices, 2, 3);

        private static Tensor FloatIndices() => Tensor.FromArray(Indices.Select(i => (float)i).ToArray(), 2, 3);

        [Fact]
        public void Integer_indices_look_up_the_same_rows_as_float_indices()
        {
            var layer = new Embedding(5, 3, generator: new Generator(15));
            float[] table = layer.Weight.Value.ToArray();
            Tensor output = layer.Forward(IntegerIndices());

            Assert.Equal(new[] { 2, 3, 3 }, output.Shape);
            float[] expected = Indices.SelectMany(row => table.Skip(3 * row).Take(3)).ToArray();
            Assert.Equal(expected, output.ToArray());
            Assert.Equal(layer.Forward(FloatIndices()).ToArray(), output.ToArray());
            Assert.Equal(expected, Functional.Embedding(IntegerIndices(), layer.Weight.Value).ToArray());
            Assert.Equal(expected, Functional.Embedding(FloatIndices(), layer.Weight.Value).ToArray());

            // A scalar index gives one vector; an empty index gives no vectors.
            Assert.Equal(new[] { 3 }, layer.Forward(IntTensor.FromArray(new[] { 4 }, System.Array.Empty<int>())).Shape);
            Assert.Equal(new[] { 0, 3 }, layer.Forward(IntTensor.FromArray(System.Array.Empty<int>())).Shape);
        }

        [Theory]
        [InlineData(null)]
        [InlineData(2)]
        public void Integer_indices_give_the_table_the_gradient_float_indices_give(int? paddingIdx)
        {
            var fromFloats = new Embedding(5, 3, paddingIdx, new Generator(15));
            var fromIntegers = new Embedding(5, 3, paddingIdx, new Generator(15));
            Tensor seed = Tensor.Randn(new[] { 2, 3, 3 }, new Generator(16));

            fromFloats.ForwardPullback(FloatIndices(), seed, null);
            Tensor output = fromIntegers.ForwardPullback(IntegerIndices(), seed);

            Assert.Equal(fromFloats.Forward(FloatIndices()).ToArray(), output.ToArray());
            Assert.Equal(fromFloats.Weight.Grad!.ToArray(), fromIntegers.Weight.Grad!.ToArray());
            if (paddingIdx is int padding)
            {
                // Row 2 is looked up twice but, as in PyTorch, gets no gradient.
                Assert.All(fromIntegers.Weight.Grad!.ToArray().Skip(3 * padding).Take(3), g => Assert.Equal(0f, g));
            }
            else
            {
                // Row 4 is looked up at positions 2 and 3: its gradient is the sum of theirs.
                float[] s = seed.ToArray();
                float[] g = fromIntegers.Weight.Grad!.ToArray();
                for (int k = 0; k < 3; k++)
                {
                    Assert.Equal(s[6 + k] + s[9 + k], g[12 + k], 6);
                }
            }

            // The functional form's pullback gives the same table gradient.
            Tensor dWeight = Tensor.ZerosLike(fromIntegers.Weight.Value);
            Functional.EmbeddingPullback(IntegerIndices(), fromIntegers.Weight.Value, paddingIdx, seed, dWeight);
            Assert.Equal(fromIntegers.Weight.Grad!.ToArray(), dWeight.ToArray());
        }

        [Fact]
        public void The_registered_backward_matches_finite_differences_in_double()
        {
            IntTensor index = IntegerIndices();
            GradientHarness.Check(
                new[] { new[] { 5, 3 } },
                x => Tensor.Embedding(index, x[0], null),
                a => Indices.SelectMany(row => a[0].Skip(3 * row).Take(3)).ToArray(),
                (x, r, g, dd) => Tensor.EmbeddingBackward(index, x[0], null, r, g, ref dd[0]));
        }

        [Fact]
        public void Generated_gradients_through_integer_indices_match_finite_differences()
        {
            Tensor weight = Tensor.Randn(new[] { 5, 3 }, new Generator(21));
            IntTensor tokens = IntegerIndices();
            Tensor dWeight = Tensor.ZerosLike(weight);
            Tensor value = EmbeddingFunctions.BagScoreGradient(weight, tokens, dWeight);

            Assert.Equal(EmbeddingFunctions.BagScore(weight, tokens).Item(), value.Item());
            AssertClose(Gradient(() => EmbeddingFunctions.BagScore(weight, tokens).Item(), weight), dWeight, "weight");

            // Row 3 is never looked up, so it gets nothing.
            Assert.All(dWeight.ToArray().Skip(9).Take(3), g => Assert.Equal(0f, g));
        }

        [Theory]
        [InlineData(5)]
        [InlineData(-1)]
        [InlineData(int.MaxValue)]
        public void An_index_out_of_range_names_the_argument_the_index_and_the_count(int bad)
        {
            var layer = new Embedding(5, 3);
            IntTensor tokens = IntTensor.FromArray(new[] { 0, 1, 2, bad }, 2, 2);

            ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(tokens));
            Assert.Equal("input", error.ParamName);
            Assert.Equal(bad, error.ActualValue);
            Assert.Contains($"input element 3 is {bad}", error.Message);
            Assert.Contains("5 embeddings", error.Message);
            Assert.Contains("[2, 2]", error.Message);

            Assert.Equal("input", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Embedding(tokens, layer.Weight.Value)).ParamName);
            Assert.Equal("input", Assert.Throws<ArgumentOutOfRangeException>(() => layer.ForwardPullback(tokens, Tensor.Ones(2, 2, 3))).ParamName);
        }

        [Fact]
        public void Bad_tables_and_padding_rows_are_refused()
        {
            IntTensor tokens = IntTensor.FromArray(new[] { 0, 1 });
            Assert.Equal("weight", Assert.Throws<ArgumentException>(() => Tensor.Embedding(tokens, Tensor.Zeros(6), null)).ParamName);
            Assert.Equal("paddingIndex", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Embedding(tokens, Tensor.Zeros(3, 2), 3)).ParamName);
            Assert.Throws<ArgumentNullException>(() => Tensor.Embedding((IntTensor)null!, Tensor.Zeros(3, 2), null));
        }
    }
}
