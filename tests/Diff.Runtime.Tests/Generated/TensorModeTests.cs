using Diff;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>
    /// Generated tensor-mode gradients against central finite differences of the plain methods.
    /// The methods run in float32, so the differences accumulate in double with a step of 1e-2
    /// relative to each element; tolerances allow for float rounding.
    /// </summary>
    public sealed class TensorModeTests
    {
        /// <summary>Normal samples moved at least 0.1 away from 0, so that no element sits within a finite-difference step of a kink (relu, abs).</summary>
        internal static Tensor Random(int seed, params int[] shape)
        {
            Tensor values = Tensor.Randn(shape, new Diff.Generator(seed));
            Span<float> span = values.AsSpan();
            for (int i = 0; i < span.Length; i++)
            {
                span[i] += span[i] < 0 ? -0.1f : 0.1f;
            }

            return values;
        }

        [Fact]
        public void SumOfSquaresMatchesTheSeed()
        {
            Tensor x = Tensor.FromArray(new[] { 1f, 2f, 3f }, 3);
            Tensor dX = Tensor.ZerosLike(x);
            Tensor y = TensorFunctions.SumOfSquaresGradient(x, dX);
            Assert.Equal(14f, y.Item());
            Assert.Equal(new[] { 2f, 4f, 6f }, dX.ToArray());
        }

        [Fact]
        public void GradientsAccumulateLikeGrad()
        {
            Tensor x = Tensor.FromArray(new[] { 1f, 2f, 3f }, 3);
            Tensor dX = Tensor.ZerosLike(x);
            TensorFunctions.SumOfSquaresGradient(x, dX);
            TensorFunctions.SumOfSquaresGradient(x, dX);
            Assert.Equal(new[] { 4f, 8f, 12f }, dX.ToArray());
        }

        [Fact]
        public void MatMulLoss() => Check(
            a => TensorFunctions.MeanSquaredError(a[0], a[1], a[2]),
            (a, d) => TensorFunctions.MeanSquaredErrorGradient(a[0], a[1], a[2], d[0]),
            1,
            Random(1, 4, 3), Random(2, 3), Random(3, 4));

        [Fact]
        public void BroadcastAdjointsReduceToTheInputShape() => Check(
            a => TensorFunctions.Broadcasting(a[0], a[1]),
            (a, d) => TensorFunctions.BroadcastingGradient(a[0], a[1], d[0], d[1]),
            Random(4, 2, 3), Random(5, 3));

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(4)]
        public void ReassignmentInLoops(int steps) => Check(
            a => TensorFunctions.Reassigned(a[0], a[1], steps),
            (a, d) => TensorFunctions.ReassignedGradient(a[0], a[1], steps, d[0], d[1]),
            Random(6, 5), Random(7, 5));

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void BranchesAndConditionals(bool square) => Check(
            a => TensorFunctions.Branches(a[0], square),
            (a, d) => TensorFunctions.BranchesGradient(a[0], square, d[0]),
            Random(8, 4));

        [Fact]
        public void NestedCallsReverseThroughTheCallee() => Check(
            a => TensorFunctions.Nested(a[0], a[1]),
            (a, d) => TensorFunctions.NestedGradient(a[0], a[1], d[0], d[1]),
            Random(9, 6), Random(10, 6));

        [Fact]
        public void HelperAlone() => Check(
            a => TensorFunctions.Helper(a[0], a[1]).Sum(),
            (a, d) => TensorFunctions.HelperPullback(a[0], a[1], Tensor.OnesLike(a[0]), d[0], d[1]),
            Random(9, 6), Random(10, 6));

        [Fact]
        public void ElementwiseMath() => Check(
            a => TensorFunctions.Elementwise(a[0]),
            (a, d) => TensorFunctions.ElementwiseGradient(a[0], d[0]),
            Random(11, 7));

        [Fact]
        public void ReductionsOverDims() => Check(
            a => TensorFunctions.Reductions(a[0]),
            (a, d) => TensorFunctions.ReductionsGradient(a[0], d[0]),
            Random(12, 3, 4));

        [Fact]
        public void ReshapeTransposeSoftmax() => Check(
            a => TensorFunctions.Shapes(a[0]),
            (a, d) => TensorFunctions.ShapesGradient(a[0], d[0]),
            Random(13, 2, 3));

        [Fact]
        public void CrossEntropyByHand() => Check(
            a => TensorFunctions.LogSoftmaxPick(a[0], new[] { 2, 0, 1 }),
            (a, d) => TensorFunctions.LogSoftmaxPickGradient(a[0], new[] { 2, 0, 1 }, d[0]),
            Random(14, 3, 4));

        [Fact]
        public void LinearOp() => Check(
            a => TensorFunctions.LinearLayer(a[0], a[1], a[2]),
            (a, d) => TensorFunctions.LinearLayerGradient(a[0], a[1], a[2], d[0], d[1], d[2]),
            Random(15, 5, 4), Random(16, 3, 4), Random(17, 3));

        [Fact]
        public void WhileLoopWithCounter() => Check(
            a => TensorFunctions.WhileLoop(a[0], 3),
            (a, d) => TensorFunctions.WhileLoopGradient(a[0], 3, d[0]),
            Random(18, 4));

        [Fact]
        public void NullAdjointMeansNotWanted()
        {
            Tensor w = Random(19, 4, 3);
            Tensor dW = Tensor.ZerosLike(w);
            TensorFunctions.MeanSquaredErrorGradient(w, Random(20, 3), Random(21, 4), dW);
            Tensor x = Random(22, 2, 3), bias = Random(23, 3);
            Tensor dBias = Tensor.ZerosLike(bias);
            TensorFunctions.BroadcastingGradient(x, bias, null, dBias);
            Tensor expected = Tensor.ZerosLike(bias);
            TensorFunctions.BroadcastingGradient(x, bias, Tensor.ZerosLike(x), expected);
            Assert.Equal(expected.ToArray(), dBias.ToArray());
        }

        [Fact]
        public void NoDiffParameterGetsNoAdjoint()
        {
            var method = typeof(TensorFunctions).GetMethod(nameof(TensorFunctions.NoDiffParameterGradient))!;
            Assert.Equal(new[] { "x", "scale", "dX" }, System.Array.ConvertAll(method.GetParameters(), p => p.Name));
        }

        [Fact]
        public void PullbackTakesTheResultGradient()
        {
            Tensor x = Tensor.FromArray(new[] { 1f, -2f, 3f }, 3);
            Tensor dX = Tensor.ZerosLike(x);
            Tensor y = TensorFunctions.VectorPullback(x, Tensor.FromArray(new[] { 1f, 10f, 100f }, 3), dX);
            Assert.Equal(new[] { 1f, 4f, 9f }, y.ToArray());
            Assert.Equal(new[] { 2f, -40f, 600f }, dX.ToArray());
        }

        [Fact]
        public void GradientOfANonScalarResultIsAnError()
        {
            Tensor x = Tensor.FromArray(new[] { 1f, 2f }, 2);
            InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => TensorFunctions.VectorGradient(x, Tensor.ZerosLike(x)));
            Assert.Contains("VectorPullback", error.Message);
        }

        [Fact]
        public void AdjointOfTheWrongShapeIsAnError()
        {
            Tensor x = Tensor.FromArray(new[] { 1f, 2f }, 2);
            ArgumentException error = Assert.Throws<ArgumentException>(() => TensorFunctions.SumOfSquaresGradient(x, Tensor.Zeros(3)));
            Assert.Equal("dX", error.ParamName);
            Assert.Contains("[3]", error.Message);
            Assert.Contains("[2]", error.Message);
        }

        /// <summary>Checks every gradient element against a central difference (double accumulation).</summary>
        internal static void Check(Func<Tensor[], Tensor> function, Action<Tensor[], Tensor[]> gradient, params Tensor[] inputs) =>
            Check(function, gradient, inputs.Length, inputs);

        /// <summary>Checks the first <paramref name="differentiable"/> inputs (the others are [NoDiff]).</summary>
        internal static void Check(Func<Tensor[], Tensor> function, Action<Tensor[], Tensor[]> gradient, int differentiable, params Tensor[] inputs)
        {
            Tensor[] adjoints = Array.ConvertAll(inputs, Tensor.ZerosLike);
            gradient(inputs, adjoints);
            for (int input = 0; input < differentiable; input++)
            {
                Span<float> values = inputs[input].AsSpan();
                float[] analytic = adjoints[input].ToArray();
                for (int i = 0; i < values.Length; i++)
                {
                    float original = values[i];
                    float step = 1e-2f * Math.Max(1f, Math.Abs(original));
                    values[i] = original + step;
                    double plus = function(inputs).Item();
                    values[i] = original - step;
                    double minus = function(inputs).Item();
                    values[i] = original;
                    double numeric = (plus - minus) / (2.0 * step);
                    double tolerance = 2e-3 + 1e-2 * Math.Abs(numeric);
                    Assert.True(
                        Math.Abs(analytic[i] - numeric) <= tolerance,
                        $"input {input}, element {i}: generated {analytic[i]}, finite difference {numeric}");
                }
            }
        }
    }
}
