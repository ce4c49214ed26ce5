using System.Linq;
using Diff.NN;
using Diff.Optim;
using static Diff.Runtime.Tests.NN.FiniteDifferences;

namespace Diff.Runtime.Tests.NN
{
    /// <summary>A loss over a whole model, as a training loop writes it: the model's gradients go into its parameters.</summary>
    public static partial class TrainingLosses
    {
        [Differentiable]
        public static Tensor MeanSquaredError(Module model, Tensor input, Tensor target)
        {
            Tensor output = model.Forward(input);
            return Functional.MSELoss(output, target);
        }
    }

    public sealed class LayerGradientTests
    {
        /// <summary>
        /// Checks a module's generated pullback against finite differences of Σ seed ⊙ Forward(input),
        /// for the input and every parameter.
        /// </summary>
        private static void CheckModule(Module model, Tensor input, int seed = 5)
        {
            Tensor output = model.Forward(input);
            Tensor weights = Tensor.Randn(output.Shape, new Generator(seed));
            Tensor dInput = Tensor.ZerosLike(input);
            model.ZeroGrad();

            model.ForwardPullback(input, weights, dInput);

            double Objective() => Dot(model.Forward(input), weights);
            AssertClose(Gradient(Objective, input), dInput, "input");
            foreach ((string name, Parameter parameter) in model.NamedParameters())
            {
                AssertClose(Gradient(Objective, parameter.Value), parameter.Grad, name);
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void LinearGradientsMatchFiniteDifferences(bool bias)
        {
            CheckModule(new Linear(4, 3, bias, new Generator(1)), Tensor.Randn(new[] { 5, 4 }, new Generator(2)));
        }

        [Fact]
        public void ActivationGradientsMatchFiniteDifferences()
        {
            // Values kept away from ReLU's kink, where finite differences straddle two slopes.
            Tensor input = TestTensors.Matrix(2, 3, -1.5f, -0.4f, 0.3f, 0.8f, 2.0f, -2.5f);
            CheckModule(new ReLU(), input);
            CheckModule(new Sigmoid(), input);
            CheckModule(new Tanh(), input);
            CheckModule(new Softmax(1), input);
            CheckModule(new Softmax(0), input);
        }

        [Fact]
        public void NestedSequentialGradientsMatchFiniteDifferences()
        {
            Generator generator = new Generator(3);
            Sequential model = new Sequential(
                new Linear(3, 5, generator: generator),
                new Tanh(),
                new Sequential(new Linear(5, 4, generator: generator), new Sigmoid()),
                new Linear(4, 2, generator: generator));

            CheckModule(model, Tensor.Randn(new[] { 4, 3 }, new Generator(4)));
        }

        [Fact]
        public void UserModuleGradientsMatchFiniteDifferences()
        {
            ScaledTwoLayer model = new ScaledTwoLayer();

            CheckModule(model, Tensor.Randn(new[] { 2, 3 }, new Generator(6)));
        }

        [Fact]
        public void DropoutGradientIsTheSameScaledMask()
        {
            Dropout dropout = new Dropout(0.4f, new Generator(8));
            Tensor input = Tensor.OnesLike(Tensor.Zeros(200));
            Tensor dInput = Tensor.ZerosLike(input);

            Tensor output = dropout.ForwardPullback(input, Tensor.OnesLike(input), dInput);

            // With an input of ones, the output is the mask, and so is the gradient.
            Assert.Equal(output.ToArray(), dInput.ToArray());
            Assert.Contains(0f, output.ToArray());

            dropout.Eval();
            Tensor dEval = Tensor.ZerosLike(input);
            dropout.ForwardPullback(input, Tensor.OnesLike(input), dEval);
            Assert.All(dEval.ToArray(), g => Assert.Equal(1f, g));
        }

        [Fact]
        public void GradientsAccumulateAcrossCallsAndSkipFrozenParameters()
        {
            Linear layer = new Linear(2, 2, generator: new Generator(9));
            layer.Bias!.RequiresGrad = false;
            Tensor input = TestTensors.Matrix(1, 2, 1, 2);
            Tensor seed = TestTensors.Matrix(1, 2, 1, -1);

            layer.ForwardPullback(input, seed, null);
            float[] once = layer.Weight.Grad!.ToArray();
            layer.ForwardPullback(input, seed, null);

            Assert.Equal(once.Select(g => 2 * g), layer.Weight.Grad!.ToArray());
            Assert.Null(layer.Bias.Grad);
        }

        [Theory]
        [InlineData("mse")]
        [InlineData("l1")]
        [InlineData("bce")]
        [InlineData("bce-logits")]
        public void ElementwiseLossGradientsMatchFiniteDifferences(string loss)
        {
            Tensor input = TestTensors.Vector(0.2f, 0.7f, 0.45f, 0.9f);
            Tensor target = TestTensors.Vector(0f, 1f, 0.3f, 0.5f);
            Func<Tensor> value = loss switch
            {
                "mse" => () => Functional.MSELoss(input, target),
                "l1" => () => Functional.L1Loss(input, target),
                "bce" => () => Functional.BCELoss(input, target),
                _ => () => Functional.BCEWithLogitsLoss(input, target),
            };
            Tensor dInput = Tensor.ZerosLike(input);
            Tensor dTarget = Tensor.ZerosLike(target);

            Tensor result = loss switch
            {
                "mse" => Functional.MSELossGradient(input, target, dInput, dTarget),
                "l1" => Functional.L1LossGradient(input, target, dInput, dTarget),
                "bce" => Functional.BCELossGradient(input, target, dInput, dTarget),
                _ => Functional.BCEWithLogitsLossGradient(input, target, dInput, dTarget),
            };

            Assert.Equal(value().Item(), result.Item());
            AssertClose(Gradient(() => value().Item(), input), dInput, "input");
            AssertClose(Gradient(() => value().Item(), target), dTarget, "target");
        }

        [Fact]
        public void BCELossGradientIsFiniteAtZeroAndOne()
        {
            Tensor input = TestTensors.Vector(0f, 1f);
            Tensor dInput = Tensor.ZerosLike(input);

            Functional.BCELossGradient(input, TestTensors.Vector(1f, 0f), dInput, null);

            Assert.All(dInput.ToArray(), g => Assert.True(float.IsFinite(g), $"gradient {g}"));
        }

        [Fact]
        public void ClassLossGradientsMatchFiniteDifferences()
        {
            Tensor logits = Tensor.Randn(new[] { 3, 4 }, new Generator(10));
            int[] targets = { 1, 3, 0 };
            Tensor dLogits = Tensor.ZerosLike(logits);

            Functional.CrossEntropyLossGradient(logits, targets, dLogits);

            AssertClose(Gradient(() => Functional.CrossEntropyLoss(logits, targets).Item(), logits), dLogits, "logits");

            Tensor logProbabilities = Functional.LogSoftmax(logits, 1);
            Tensor dLogProbabilities = Tensor.ZerosLike(logProbabilities);
            Functional.NLLLossGradient(logProbabilities, targets, dLogProbabilities);
            AssertClose(Gradient(() => Functional.NLLLoss(logProbabilities, targets).Item(), logProbabilities), dLogProbabilities, "logProbabilities");
        }

        [Fact]
        public void ALossOverAModelFillsEveryParameterGradientAndTrains()
        {
            Generator generator = new Generator(12);
            Sequential model = new Sequential(new Linear(3, 8, generator: generator), new Tanh(), new Linear(8, 1, generator: generator));
            Tensor input = Tensor.Randn(new[] { 16, 3 }, new Generator(13));
            Tensor target = Tensor.Randn(new[] { 16, 1 }, new Generator(14));

            TrainingLosses.MeanSquaredErrorGradient(model, input, target, null, null);
            foreach ((string name, Parameter parameter) in model.NamedParameters())
            {
                AssertClose(Gradient(() => TrainingLosses.MeanSquaredError(model, input, target).Item(), parameter.Value), parameter.Grad, name);
            }

            Adam optimizer = new Adam(model.Parameters(), lr: 0.05);
            double first = TrainingLosses.MeanSquaredError(model, input, target).Item();
            for (int step = 0; step < 50; step++)
            {
                optimizer.ZeroGrad();
                TrainingLosses.MeanSquaredErrorGradient(model, input, target, null, null);
                optimizer.Step();
            }

            Assert.True(TrainingLosses.MeanSquaredError(model, input, target).Item() < 0.5 * first);
        }
    }
}
