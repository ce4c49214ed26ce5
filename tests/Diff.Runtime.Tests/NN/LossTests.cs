using Diff.NN;

namespace Diff.Runtime.Tests.NN
{
    public sealed class LossTests
    {
        private static readonly Tensor Input = TestTensors.Vector(0.5f, -1f, 2f);
        private static readonly Tensor Target = TestTensors.Vector(1f, 1f, 0f);

        [Fact]
        public void MSELossIsTheMeanOfSquares()
        {
            // ((−0.5)² + (−2)² + 2²) / 3
            Assert.Equal(8.25f / 3f, Functional.MSELoss(Input, Target).Item(), 5);
        }

        [Fact]
        public void L1LossIsTheMeanOfAbsoluteValues()
        {
            Assert.Equal(4.5f / 3f, Functional.L1Loss(Input, Target).Item(), 5);
        }

        [Fact]
        public void BCELossMatchesTheFormulaAndClampsLogarithmsAtMinus100()
        {
            Tensor probabilities = TestTensors.Vector(0.8f, 0.3f, 0f, 1f);
            Tensor targets = TestTensors.Vector(1f, 0f, 1f, 1f);
            // −(log 0.8 + log 0.7 + max(log 0, −100) + log 1) / 4
            double expected = -(Math.Log(0.8) + Math.Log(0.7) - 100 + 0) / 4;

            Assert.Equal(expected, Functional.BCELoss(probabilities, targets).Item(), 4);
        }

        [Fact]
        public void BCEWithLogitsLossEqualsBCEOfTheSigmoidAndStaysFiniteForLargeLogits()
        {
            double expected = 0;
            float[] x = { 0.5f, -1f, 2f };
            float[] y = { 1f, 1f, 0f };
            for (int i = 0; i < 3; i++)
            {
                double p = 1 / (1 + Math.Exp(-x[i]));
                expected -= y[i] * Math.Log(p) + (1 - y[i]) * Math.Log(1 - p);
            }

            Assert.Equal(expected / 3, Functional.BCEWithLogitsLoss(Input, Target).Item(), 5);
            // log(1 + e^200) would overflow; the stable form gives 200.
            Assert.Equal(100f, Functional.BCEWithLogitsLoss(TestTensors.Vector(200f, -200f), TestTensors.Vector(0f, 0f)).Item(), 3);
        }

        [Fact]
        public void CrossEntropyLossIsNllOfLogSoftmax()
        {
            Tensor logits = TestTensors.Matrix(2, 3, 1, 2, 3, 0, 0, 0);
            int[] targets = { 2, 0 };
            double first = -(3 - Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)));
            double second = Math.Log(3);

            Assert.Equal((first + second) / 2, Functional.CrossEntropyLoss(logits, targets).Item(), 5);
            Assert.Equal(
                Functional.CrossEntropyLoss(logits, targets).Item(),
                Functional.NLLLoss(Functional.LogSoftmax(logits, 1), targets).Item(),
                6);
        }

        [Fact]
        public void NLLLossIsMinusTheMeanOfThePickedEntries()
        {
            Tensor logProbabilities = TestTensors.Matrix(2, 2, -0.1f, -2f, -3f, -0.05f);

            Assert.Equal((2f + 0.05f) / 2, Functional.NLLLoss(logProbabilities, new[] { 1, 1 }).Item(), 5);
        }

        [Fact]
        public void ElementwiseLossesRejectDifferentShapesWithoutBroadcasting()
        {
            Tensor input = Tensor.Zeros(3);
            Tensor target = Tensor.Zeros(4);

            foreach (Func<Tensor, Tensor, Tensor> loss in new Func<Tensor, Tensor, Tensor>[]
                     { Functional.MSELoss, Functional.L1Loss, Functional.BCELoss, Functional.BCEWithLogitsLoss })
            {
                ArgumentException error = Assert.Throws<ArgumentException>(() => loss(input, target));
                Assert.Equal("input [3] and target [4] must have the same shape.", error.Message.Split(" (Parameter")[0]);
            }

            Assert.Throws<ArgumentException>(() => Functional.MSELoss(Tensor.Zeros(3), Tensor.Zeros(3, 1)));
        }

        [Fact]
        public void ClassLossesRejectBadTargets()
        {
            Tensor logits = Tensor.Zeros(2, 3);

            ArgumentOutOfRangeException outOfRange = Assert.Throws<ArgumentOutOfRangeException>(
                () => Functional.CrossEntropyLoss(logits, new[] { 0, 3 }));
            Assert.Equal("targets", outOfRange.ParamName);
            Assert.Contains("targets[1] = 3", outOfRange.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => Functional.NLLLoss(logits, new[] { -1, 0 }));

            ArgumentException count = Assert.Throws<ArgumentException>(() => Functional.NLLLoss(logits, new[] { 0 }));
            Assert.Equal("targets", count.ParamName);
            ArgumentException rank = Assert.Throws<ArgumentException>(() => Functional.CrossEntropyLoss(Tensor.Zeros(6), new[] { 0 }));
            Assert.Equal("logits", rank.ParamName);
            Assert.Contains("[6]", rank.Message);
        }
    }
}
