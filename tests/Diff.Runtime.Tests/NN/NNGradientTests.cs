using System.Linq;
using Diff.NN;
using static Diff.Runtime.Tests.NN.FiniteDifferences;

namespace Diff.Runtime.Tests.NN
{
    /// <summary>
    /// The generated gradients of the nn family's layers and losses against central finite
    /// differences (accumulated in double) of Σ seed ⊙ output, for the input and every parameter.
    /// Points are kept away from kinks, where a difference straddles two slopes; the kinks
    /// themselves are pinned by <see cref="KinkTests"/> and the PyTorch reference tests.
    /// </summary>
    public sealed class NNGradientTests
    {
        private static void CheckModule(Module model, Tensor input, int seed = 5, bool checkInput = true)
        {
            Tensor output = model.Forward(input);
            Tensor weights = Tensor.Randn(output.Shape, new Generator(seed));
            Tensor dInput = Tensor.ZerosLike(input);
            model.ZeroGrad();

            model.ForwardPullback(input, weights, dInput);

            double Objective() => Dot(model.Forward(input), weights);
            if (checkInput)
            {
                AssertClose(Gradient(Objective, input), dInput, "input");
            }

            foreach ((string name, Parameter parameter) in model.NamedParameters())
            {
                AssertClose(Gradient(Objective, parameter.Value), parameter.Grad, name);
            }
        }

        /// <summary>A [N, C, H, W] input whose elements are a shuffle of 0.1·k, so no window has two maxima within a finite-difference step.</summary>
        private static Tensor Distinct(params int[] shape)
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            System.Random random = new System.Random(11);
            float[] values = Enumerable.Range(0, count).Select(k => 0.1f * (k - count / 2)).OrderBy(_ => random.Next()).ToArray();
            return Tensor.FromArray(values, shape);
        }

        [Theory]
        [InlineData(1, 1, 0, 0, 1, 1, 1, true)]
        [InlineData(1, 1, 1, 1, 1, 1, 1, true)]
        [InlineData(2, 1, 1, 2, 1, 2, 1, true)]
        [InlineData(1, 2, 2, 0, 2, 1, 2, false)]
        [InlineData(2, 2, 1, 1, 1, 1, 4, true)]
        public void Conv2dGradientsMatchFiniteDifferences(int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups, bool bias)
        {
            Conv2d layer = new Conv2d(4, 4, (3, 2), (strideH, strideW), (padH, padW), (dilH, dilW), groups, bias, new Generator(1));
            CheckModule(layer, Tensor.Randn(new[] { 2, 4, 6, 5 }, new Generator(2)));
        }

        [Fact]
        public void Conv2dOnAnUnbatchedInputMatchesFiniteDifferences()
        {
            CheckModule(new Conv2d(2, 3, 3, padding: 1, generator: new Generator(1)), Tensor.Randn(new[] { 2, 4, 4 }, new Generator(2)));
        }

        [Theory]
        [InlineData(1, 0, 1, 1)]
        [InlineData(2, 2, 2, 2)]
        public void Conv1dGradientsMatchFiniteDifferences(int stride, int padding, int dilation, int groups)
        {
            CheckModule(new Conv1d(4, 2, 3, stride, padding, dilation, groups, generator: new Generator(3)), Tensor.Randn(new[] { 2, 4, 9 }, new Generator(4)));
        }

        [Fact]
        public void PoolingGradientsMatchFiniteDifferences()
        {
            Tensor input = Distinct(2, 2, 7, 6);
            CheckModule(new MaxPool2d(2), input);
            CheckModule(new MaxPool2d(3, 2, 1, ceilMode: true), input);
            CheckModule(new MaxPool2d(2, 1, 0, dilation: 2), input);
            CheckModule(new AvgPool2d(3, 2, 1), input);
            CheckModule(new AvgPool2d(3, 2, 1, ceilMode: true, countIncludePad: false), input);
            CheckModule(new AdaptiveAvgPool2d((3, 4)), input);
            CheckModule(new AdaptiveAvgPool2d(1), input);
        }

        [Fact]
        public void BatchNormGradientsMatchFiniteDifferencesInTrainingAndEvaluation()
        {
            BatchNorm2d norm2d = new BatchNorm2d(3);
            Init.Uniform(norm2d.Weight!.Value, 0.5, 1.5, new Generator(5));
            Init.Normal(norm2d.Bias!.Value, generator: new Generator(6));
            Tensor input = Tensor.Randn(new[] { 3, 3, 2, 2 }, new Generator(7));
            CheckModule(norm2d, input);
            norm2d.Eval();
            Init.Uniform(norm2d.RunningVar!, 0.5, 2.0, new Generator(8));
            CheckModule(norm2d, input);

            BatchNorm1d norm1d = new BatchNorm1d(4, affine: false);
            CheckModule(norm1d, Tensor.Randn(new[] { 5, 4 }, new Generator(9)));
            CheckModule(new BatchNorm1d(2, momentum: null, trackRunningStats: false), Tensor.Randn(new[] { 3, 2, 4 }, new Generator(10)));
        }

        [Fact]
        public void LayerNormAndEmbeddingGradientsMatchFiniteDifferences()
        {
            LayerNorm norm = new LayerNorm(new[] { 2, 3 });
            Init.Normal(norm.Weight!.Value, 1.0, 0.3, new Generator(11));
            Init.Normal(norm.Bias!.Value, generator: new Generator(12));
            CheckModule(norm, Tensor.Randn(new[] { 4, 2, 3 }, new Generator(13)));
            CheckModule(new LayerNorm(5, elementwiseAffine: false), Tensor.Randn(new[] { 3, 5 }, new Generator(14)));

            // Indices are data: only the table is checked.
            Tensor indices = Tensor.FromArray(new float[] { 0, 2, 4, 4, 1, 2 }, 2, 3);
            CheckModule(new Embedding(5, 3, generator: new Generator(15)), indices, checkInput: false);

            // The padding row is used by the forward pass but, as in PyTorch, gets no gradient.
            Embedding padded = new Embedding(5, 3, paddingIdx: 2, generator: new Generator(15));
            Assert.All(padded.Weight.Value.ToArray().Skip(6).Take(3), v => Assert.Equal(0f, v));
            padded.ForwardPullback(indices, Tensor.OnesLike(padded.Forward(indices)), null);
            Assert.All(padded.Weight.Grad!.ToArray().Skip(6).Take(3), g => Assert.Equal(0f, g));
            Assert.Equal(2f, padded.Weight.Grad!.ToArray()[12]);
        }

        [Theory]
        [InlineData(1, true)]
        [InlineData(2, true)]
        [InlineData(6, true)]
        [InlineData(3, false)]
        public void GroupNormGradientsMatchFiniteDifferences(int groups, bool affine)
        {
            GroupNorm norm = new GroupNorm(groups, 6, affine: affine);
            if (affine)
            {
                Init.Normal(norm.Weight!.Value, 1.0, 0.3, new Generator(16));
                Init.Normal(norm.Bias!.Value, generator: new Generator(17));
            }

            CheckModule(norm, Tensor.Randn(new[] { 2, 6, 2, 3 }, new Generator(18)));
        }

        [Fact]
        public void ActivationGradientsMatchFiniteDifferencesAwayFromKinks()
        {
            Tensor input = TestTensors.Matrix(2, 5, -3.1f, -1.2f, -0.4f, 0.3f, 0.8f, 1.7f, 2.9f, -0.7f, 0.55f, 25f);
            CheckModule(new GELU(), input);
            CheckModule(new GELU(GeluApproximation.Tanh), input);
            CheckModule(new LeakyReLU(0.2), input);
            CheckModule(new ELU(0.7), input);
            CheckModule(new SiLU(), input);
            CheckModule(new Softplus(), input);
            CheckModule(new Softplus(2.0, 3.0), input);
            CheckModule(new LogSigmoid(), input);
            CheckModule(new Hardtanh(-0.5, 2.0), input);
            CheckModule(new Flatten(), input);
            CheckModule(new Identity(), input);
        }

        [Fact]
        public void ConvolutionalNetworkGradientsMatchFiniteDifferences()
        {
            Generator generator = new Generator(16);
            Sequential model = new Sequential(
                new Conv2d(1, 3, 3, padding: 1, generator: generator),
                new BatchNorm2d(3),
                new ReLU(),
                new MaxPool2d(2),
                new Flatten(),
                new Linear(12, 2, generator: generator));
            CheckModule(model, Tensor.Randn(new[] { 2, 1, 4, 4 }, new Generator(17)));
        }

        private static void CheckLoss(Func<Tensor, Tensor, Tensor> loss, Func<Tensor, Tensor, Tensor, Tensor, Tensor, Tensor> pullback, Tensor input, Tensor target, bool checkTarget = true)
        {
            Tensor output = loss(input, target);
            Tensor weights = Tensor.Randn(output.Shape, new Generator(21));
            Tensor dInput = Tensor.ZerosLike(input);
            Tensor dTarget = Tensor.ZerosLike(target);
            pullback(input, target, weights, dInput, dTarget);

            double Objective() => Dot(loss(input, target), weights);
            AssertClose(Gradient(Objective, input), dInput, "input");
            if (checkTarget)
            {
                AssertClose(Gradient(Objective, target), dTarget, "target");
            }
        }

        [Theory]
        [InlineData(Reduction.Mean)]
        [InlineData(Reduction.Sum)]
        [InlineData(Reduction.None)]
        public void LossGradientsMatchFiniteDifferencesAwayFromKinks(Reduction reduction)
        {
            Tensor input = TestTensors.Matrix(2, 3, 0.3f, -1.2f, 2.0f, 0.9f, -0.1f, 0.45f);
            Tensor target = TestTensors.Matrix(2, 3, 0.1f, 0.6f, 0.8f, 0.0f, 1.0f, 0.35f);

            MSELoss mse = new MSELoss(reduction);
            CheckLoss(mse.Forward, mse.ForwardPullback, input, target);
            HuberLoss huber = new HuberLoss(reduction, 0.5);
            CheckLoss(huber.Forward, huber.ForwardPullback, input, target);
            SmoothL1Loss smooth = new SmoothL1Loss(reduction, 0.7);
            CheckLoss(smooth.Forward, smooth.ForwardPullback, input, target);
            SmoothL1Loss l1 = new SmoothL1Loss(reduction, 0.0);
            CheckLoss(l1.Forward, l1.ForwardPullback, input, target);
            BCEWithLogitsLoss bce = new BCEWithLogitsLoss(reduction);
            CheckLoss(bce.Forward, bce.ForwardPullback, input, target);

            Tensor logQ = TestTensors.Matrix(2, 3, -1.2f, -0.9f, -1.3f, -0.4f, -2.1f, -1.6f);
            Tensor p = TestTensors.Matrix(2, 3, 0.2f, 0.5f, 0.3f, 0.6f, 0.15f, 0.25f);
            KLDivLoss kl = new KLDivLoss(reduction);
            CheckLoss(kl.Forward, kl.ForwardPullback, logQ, p);
            KLDivLoss klLog = new KLDivLoss(reduction, logTarget: true);
            CheckLoss(klLog.Forward, klLog.ForwardPullback, logQ, logQ * 0.5f);
        }

        [Fact]
        public void KLDivBatchMeanAndPosWeightGradientsMatchFiniteDifferences()
        {
            Tensor logQ = TestTensors.Matrix(2, 3, -1.2f, -0.9f, -1.3f, -0.4f, -2.1f, -1.6f);
            Tensor p = TestTensors.Matrix(2, 3, 0.2f, 0.5f, 0.3f, 0.6f, 0.15f, 0.25f);
            KLDivLoss kl = new KLDivLoss(Reduction.BatchMean);
            CheckLoss(kl.Forward, kl.ForwardPullback, logQ, p);

            // The positive weight is a differentiable input of the function (PyTorch 1.13 refuses it).
            Tensor logits = TestTensors.Matrix(2, 3, 0.3f, -1.2f, 2.0f, 0.9f, -0.1f, 0.45f);
            Tensor targets = TestTensors.Matrix(2, 3, 0.1f, 0.6f, 0.8f, 0.0f, 1.0f, 0.35f);
            Tensor posWeight = TestTensors.Vector(0.5f, 2.0f, 1.5f);
            Tensor dWeight = Tensor.ZerosLike(posWeight);
            Tensor seed = Tensor.Scalar(1.3f);
            Functional.BCEWithLogitsLossPullback(logits, targets, posWeight, Reduction.Mean, seed, null, null, dWeight);
            double Objective() => 1.3 * Functional.BCEWithLogitsLoss(logits, targets, posWeight, Reduction.Mean).Item();
            AssertClose(Gradient(Objective, posWeight), dWeight, "posWeight");
        }

        [Theory]
        [InlineData(Reduction.Mean, 0f)]
        [InlineData(Reduction.Mean, 0.3f)]
        [InlineData(Reduction.Sum, 0.1f)]
        [InlineData(Reduction.None, 0.2f)]
        public void CrossEntropyGradientsMatchFiniteDifferencesWithIgnoredSamplesAndSmoothing(Reduction reduction, float smoothing)
        {
            Tensor logits = Tensor.Randn(new[] { 5, 4 }, new Generator(22));
            int[] targets = { 1, -100, 3, 0, -100 };
            CrossEntropyLoss loss = new CrossEntropyLoss(reduction, labelSmoothing: smoothing);
            Tensor output = loss.Forward(logits, targets);
            Tensor weights = Tensor.Randn(output.Shape, new Generator(23));
            Tensor dLogits = Tensor.ZerosLike(logits);
            loss.ForwardPullback(logits, targets, weights, dLogits);

            AssertClose(Gradient(() => Dot(loss.Forward(logits, targets), weights), logits), dLogits, "logits");
            // Ignored samples get no gradient at all.
            Assert.All(dLogits.ToArray().Skip(4).Take(4).Concat(dLogits.ToArray().Skip(16)), g => Assert.Equal(0f, g));
        }

        [Theory]
        [InlineData(0f)]
        [InlineData(0.2f)]
        public void CrossEntropyOfABatchWhoseSamplesAreAllIgnoredIsNaNWithAZeroGradient(float smoothing)
        {
            // As PyTorch: the mean over no samples is NaN, and the gradient 0, so an optimizer step changes nothing.
            Tensor logits = Tensor.Randn(new[] { 2, 3 }, new Generator(24));
            CrossEntropyLoss loss = new CrossEntropyLoss(Reduction.Mean, ignoreIndex: 1, labelSmoothing: smoothing);
            Assert.True(float.IsNaN(loss.Forward(logits, new[] { 1, 1 }).Item()));
            Tensor dLogits = Tensor.ZerosLike(logits);
            loss.ForwardPullback(logits, new[] { 1, 1 }, Tensor.Scalar(1f), dLogits);
            Assert.All(dLogits.ToArray(), g => Assert.Equal(0f, g));
        }
    }
}
