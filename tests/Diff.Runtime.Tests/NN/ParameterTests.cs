using Diff.NN;

namespace Diff.Runtime.Tests.NN
{
    public sealed class ParameterTests
    {
        [Fact]
        public void GradientAfterZeroGradIsTheNewOneAlthoughItsStorageIsReused()
        {
            var parameter = new Parameter(Tensor.Zeros(3));
            parameter.AccumulateGrad(Tensor.FromArray(new[] { 1f, 2f, 3f }, 3));
            Tensor first = parameter.Grad!;
            parameter.ZeroGrad();
            Assert.Null(parameter.Grad);
            parameter.AccumulateGrad(Tensor.FromArray(new[] { 10f, 20f, 30f }, 3));
            parameter.AccumulateGrad(Tensor.FromArray(new[] { 1f, 1f, 1f }, 3));
            Assert.Same(first, parameter.Grad);
            Assert.Equal(new[] { 11f, 21f, 31f }, parameter.Grad!.ToArray());
        }

        [Fact]
        public void GradIsNullUntilTheFirstGradient()
        {
            Parameter parameter = new Parameter(Tensor.Zeros(2, 3));
            Assert.Null(parameter.Grad);
            Assert.True(parameter.RequiresGrad);
        }

        [Fact]
        public void FirstGradientIsCopiedThenLaterOnesAdd()
        {
            Parameter parameter = new Parameter(Tensor.Zeros(3));
            Tensor gradient = Tensor.FromArray(new[] { 1f, 2f, 3f }, 3);
            parameter.AccumulateGrad(gradient);
            gradient.AsSpan()[0] = 100f;
            Assert.Equal(new[] { 1f, 2f, 3f }, parameter.Grad!.ToArray());

            parameter.AccumulateGrad(Tensor.FromArray(new[] { 10f, 20f, 30f }, 3));
            Assert.Equal(new[] { 11f, 22f, 33f }, parameter.Grad!.ToArray());
            Assert.Equal(100f, gradient.AsSpan()[0]);
        }

        [Fact]
        public void GradientOfAnotherShapeIsRejectedWithBothShapes()
        {
            Parameter parameter = new Parameter(Tensor.Zeros(2, 3));
            ArgumentException error = Assert.Throws<ArgumentException>(() => parameter.AccumulateGrad(Tensor.Zeros(3, 2)));
            Assert.Equal("gradient", error.ParamName);
            Assert.Contains("[3, 2]", error.Message);
            Assert.Contains("[2, 3]", error.Message);
        }

        [Fact]
        public void FrozenParameterIgnoresGradients()
        {
            Parameter parameter = new Parameter(Tensor.Zeros(2)) { RequiresGrad = false };
            parameter.AccumulateGrad(Tensor.FromArray(new[] { 1f, 1f }, 2));
            Assert.Null(parameter.Grad);
        }

        [Fact]
        public void ZeroGradSetsGradToNull()
        {
            Parameter parameter = new Parameter(Tensor.Zeros(2));
            parameter.AccumulateGrad(Tensor.FromArray(new[] { 1f, 1f }, 2));
            parameter.ZeroGrad();
            Assert.Null(parameter.Grad);
        }

        [Fact]
        public void NullValuesAreRejected()
        {
            Assert.Throws<ArgumentNullException>(() => new Parameter(null!));
            Parameter parameter = new Parameter(Tensor.Zeros(2));
            Assert.Throws<ArgumentNullException>(() => parameter.Value = null!);
            Assert.Throws<ArgumentNullException>(() => parameter.AccumulateGrad(null!));
        }

        [Fact]
        public void ValueMayChangeShapeButAStaleGradientIsReported()
        {
            Parameter parameter = new Parameter(Tensor.Zeros(2));
            parameter.AccumulateGrad(Tensor.Zeros(2));
            parameter.Value = Tensor.Zeros(3);
            Assert.Throws<InvalidOperationException>(() => parameter.AccumulateGrad(Tensor.Zeros(3)));
            parameter.ZeroGrad();
            parameter.AccumulateGrad(Tensor.Zeros(3));
            Assert.Equal(new[] { 3 }, TestTensors.ShapeOf(parameter.Grad!));
        }
    }
}
