using System.Linq;
using Diff.NN;

namespace Diff.Runtime.Tests.NN
{
    public sealed class LayerTests
    {
        [Fact]
        public void LinearHasPyTorchShapesAndInitialisationBounds()
        {
            Linear layer = new Linear(16, 5);

            Assert.Equal(new[] { 5, 16 }, TestTensors.ShapeOf(layer.Weight.Value));
            Assert.Equal(new[] { 5 }, TestTensors.ShapeOf(layer.Bias!.Value));
            float bound = 1f / MathF.Sqrt(16);
            Assert.All(layer.Weight.Value.ToArray(), w => Assert.InRange(w, -bound, bound));
            Assert.All(layer.Bias.Value.ToArray(), b => Assert.InRange(b, -bound, bound));
            // Not all equal and both signs: the values are spread over the interval.
            Assert.Contains(layer.Weight.Value.ToArray(), w => w < 0);
            Assert.Contains(layer.Weight.Value.ToArray(), w => w > 0);
            Assert.Equal("Linear(in_features=16, out_features=5, bias=True)", layer.ToString());
        }

        [Fact]
        public void LinearInitialisationIsReproducibleWithAGenerator()
        {
            Linear first = new Linear(4, 3, generator: new Generator(7));
            Linear second = new Linear(4, 3, generator: new Generator(7));

            Assert.Equal(first.Weight.Value.ToArray(), second.Weight.Value.ToArray());
            Assert.Equal(first.Bias!.Value.ToArray(), second.Bias!.Value.ToArray());
        }

        [Fact]
        public void LinearWithoutBiasHasOnlyAWeight()
        {
            Linear layer = new Linear(3, 2, bias: false);

            Assert.Null(layer.Bias);
            Assert.Equal(new[] { "weight" }, layer.NamedParameters().Select(p => p.Name).ToArray());
        }

        [Fact]
        public void LinearForwardComputesInputTimesWeightTransposedPlusBias()
        {
            Linear layer = new Linear(2, 3);
            TestTensors.Matrix(3, 2, 1, 2, 3, 4, 5, 6).AsSpan().CopyTo(layer.Weight.Value.AsSpan());
            TestTensors.Vector(0.5f, -1, 2).AsSpan().CopyTo(layer.Bias!.Value.AsSpan());

            Tensor output = layer.Forward(TestTensors.Matrix(2, 2, 1, 1, 2, -1));

            Assert.Equal(new[] { 2, 3 }, TestTensors.ShapeOf(output));
            Assert.Equal(new[] { 3.5f, 6f, 13f, 0.5f, 1f, 6f }, output.ToArray());
        }

        [Theory]
        [InlineData(0, 1)]
        [InlineData(1, 0)]
        [InlineData(-3, 2)]
        public void LinearRejectsSizesBelowOne(int inFeatures, int outFeatures)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(inFeatures, outFeatures));
        }

        [Fact]
        public void ActivationLayersApplyTheirFunction()
        {
            Tensor input = TestTensors.Vector(-1f, 0f, 2f);

            Assert.Equal(new[] { 0f, 0f, 2f }, new ReLU().Forward(input).ToArray());
            TestTensors.AllClose(new[] { 1f / (1f + MathF.E), 0.5f, 1f / (1f + MathF.Exp(-2f)) }, new Sigmoid().Forward(input).ToArray());
            TestTensors.AllClose(new[] { MathF.Tanh(-1f), 0f, MathF.Tanh(2f) }, new Tanh().Forward(input).ToArray());
        }

        [Fact]
        public void SoftmaxRowsSumToOne()
        {
            Tensor output = new Softmax(1).Forward(TestTensors.Matrix(2, 3, 1, 2, 3, 1000, 1000, 1000));

            float[] values = output.ToArray();
            float sum = 1 + MathF.E + MathF.E * MathF.E;
            TestTensors.AllClose(new[] { 1 / sum, MathF.E / sum, MathF.E * MathF.E / sum, 1f / 3, 1f / 3, 1f / 3 }, values);
        }

        [Fact]
        public void DropoutIsTheIdentityInEvaluationMode()
        {
            Dropout dropout = new Dropout(0.9f);
            dropout.Eval();
            Tensor input = TestTensors.Vector(1, 2, 3);

            Assert.Same(input, dropout.Forward(input));
        }

        [Fact]
        public void DropoutZeroesAboutPAndScalesTheRest()
        {
            Dropout dropout = new Dropout(0.25f, new Generator(3));
            Tensor input = Tensor.OnesLike(Tensor.Zeros(10_000));

            float[] output = dropout.Forward(input).ToArray();

            Assert.All(output, v => Assert.True(v == 0f || Math.Abs(v - 1f / 0.75f) < 1e-6f, $"unexpected {v}"));
            double dropped = output.Count(v => v == 0f) / (double)output.Length;
            Assert.InRange(dropped, 0.22, 0.28);
            Assert.Equal(1f, input.AsSpan()[0]);
        }

        [Fact]
        public void DropoutWithProbabilityOneOrZero()
        {
            Tensor input = TestTensors.Vector(1, 2, 3);

            Assert.Equal(new[] { 0f, 0f, 0f }, new Dropout(1f).Forward(input).ToArray());
            Assert.Equal(new[] { 1f, 2f, 3f }, new Dropout(0f).Forward(input).ToArray());
        }

        [Fact]
        public void DropoutIsReproducibleWithAGenerator()
        {
            Tensor input = Tensor.OnesLike(Tensor.Zeros(64));

            float[] first = new Dropout(0.5f, new Generator(11)).Forward(input).ToArray();
            float[] second = new Dropout(0.5f, new Generator(11)).Forward(input).ToArray();

            Assert.Equal(first, second);
        }

        [Theory]
        [InlineData(-0.1f)]
        [InlineData(1.5f)]
        [InlineData(float.NaN)]
        public void DropoutRejectsProbabilitiesOutsideTheUnitInterval(float p)
        {
            ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(p));
            Assert.Equal("p", error.ParamName);
        }

        [Fact]
        public void SequentialAppliesItsLayersInOrder()
        {
            Linear first = new Linear(2, 2);
            TestTensors.Matrix(2, 2, 1, 0, 0, -1).AsSpan().CopyTo(first.Weight.Value.AsSpan());
            first.Bias!.Value.AsSpan().Clear();
            Sequential model = new Sequential(first, new ReLU());

            Assert.Equal(new[] { 3f, 0f }, model.Forward(TestTensors.Matrix(1, 2, 3, 4)).ToArray());
            Assert.Equal(2, model.Count);
            Assert.Same(first, model[0]);
            Assert.Throws<ArgumentOutOfRangeException>(() => model[2]);
        }

        [Fact]
        public void EmptySequentialReturnsItsInput()
        {
            Tensor input = TestTensors.Vector(1);

            Assert.Same(input, new Sequential().Forward(input));
        }

        [Fact]
        public void SequentialRejectsNullLayers()
        {
            Assert.Throws<ArgumentNullException>(() => new Sequential(new ReLU(), null!));
        }
    }
}
