using System.Collections.Generic;
using System.IO;
using System.Linq;
using Diff.NN;

namespace Diff.Runtime.Tests.NN
{
    /// <summary>A user model with its own arguments in the printed tree.</summary>
    public sealed partial class SmallConvNet : Module
    {
        public SmallConvNet()
        {
            Features = RegisterModule("features", new Sequential(new Conv2d(1, 4, 3, padding: 1, generator: new Generator(1)), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2)));
            Head = RegisterModule("head", new Linear(16, 3, generator: new Generator(2)));
        }

        public Sequential Features { get; }

        public Linear Head { get; }

        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            Tensor features = Features.Forward(input);
            return Head.Forward(features.Reshape(input.Shape[0], 16));
        }

        protected override string ExtraRepr() => "classes=3";
    }

    /// <summary>Buffers in the state dict and checkpoints, printing, summaries, initialisers and argument checks.</summary>
    public sealed class NNModuleTests
    {
        private static Sequential ConvBatchNorm() =>
            new Sequential(new Conv2d(1, 2, 3, generator: new Generator(3)), new BatchNorm2d(2), new ReLU());

        [Fact]
        public void StateDictListsBuffersWithPyTorchNamesInPyTorchOrder()
        {
            Sequential model = ConvBatchNorm();

            Assert.Equal(
                new[] { "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked" },
                model.StateDict().Keys.ToArray());
            Assert.Equal(new[] { "1.running_mean", "1.running_var", "1.num_batches_tracked" }, model.NamedBuffers().Select(b => b.Name).ToArray());
            // Buffers are not parameters: an optimizer never sees them.
            Assert.Equal(4, model.Parameters().Count());
        }

        [Fact]
        public void LoadingABadBufferChangesNothingAndNamesTheBuffer()
        {
            Sequential model = ConvBatchNorm();
            model.Forward(Tensor.Randn(new[] { 4, 1, 5, 5 }, new Generator(4)));
            Dictionary<string, Tensor> before = model.StateDict();
            Dictionary<string, Tensor> state = model.StateDict();
            state["0.weight"] = Tensor.Zeros(2, 1, 3, 3);
            state["1.running_var"] = Tensor.Zeros(3);

            ArgumentException error = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state));

            Assert.Contains("'1.running_var' has shape [3] but the buffer has shape [2]", error.Message);
            foreach ((string key, Tensor value) in model.StateDict())
            {
                Assert.Equal(before[key].ToArray(), value.ToArray());
            }
        }

        [Fact]
        public void CheckpointWithoutTheCounterIsRejectedBeforeAnythingChanges()
        {
            Sequential model = ConvBatchNorm();
            Dictionary<string, Tensor> before = model.StateDict();
            string path = Path.Combine(Path.GetTempPath(), "diff-nobuffer-" + Guid.NewGuid().ToString("N") + ".safetensors");
            try
            {
                using (FileStream file = File.Create(path))
                {
                    Diff.Checkpoints.SafeTensors.Write(file, before.Where(e => e.Key != "1.num_batches_tracked").Select(e => (e.Key, e.Value.Clone())));
                }

                model.Forward(Tensor.Randn(new[] { 4, 1, 5, 5 }, new Generator(5)));
                Dictionary<string, Tensor> trained = model.StateDict();
                InvalidDataException error = Assert.Throws<InvalidDataException>(() => model.Load(path));

                Assert.Contains("missing keys: '1.num_batches_tracked'", error.Message);
                Assert.Equal(trained["1.running_mean"].ToArray(), model.StateDict()["1.running_mean"].ToArray());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void BatchNormWithoutMomentumKeepsTheCumulativeAverage()
        {
            BatchNorm1d norm = new BatchNorm1d(1, momentum: null);
            norm.Forward(Tensor.FromArray(new float[] { 1, 3 }, 2, 1));
            norm.Forward(Tensor.FromArray(new float[] { 5, 9 }, 2, 1));

            // The batch means are 2 and 7; the unbiased variances 2 and 8.
            Assert.Equal(4.5f, norm.RunningMean!.Item(), 5);
            Assert.Equal(5f, norm.RunningVar!.Item(), 5);
            Assert.Equal(2f, norm.NumBatchesTracked!.Item());
        }

        [Fact]
        public void BatchNormInTrainingRejectsOneValuePerChannel()
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).Forward(Tensor.Zeros(1, 3)));
            Assert.Contains("more than one value per channel", error.Message);
            BatchNorm1d evaluating = new BatchNorm1d(3);
            evaluating.Eval();
            Assert.Equal(new[] { 1, 3 }, evaluating.Forward(Tensor.Zeros(1, 3)).Shape);
        }

        [Fact]
        public void LayersPrintLikePyTorch()
        {
            // Each expected string is what PyTorch 1.13's repr prints for the same layer.
            Assert.Equal("Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))", new Conv2d(1, 8, 3, padding: 1).ToString());
            Assert.Equal("Conv2d(4, 6, kernel_size=(3, 2), stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2, bias=False)",
                new Conv2d(4, 6, (3, 2), (2, 1), (1, 2), (2, 1), 2, false).ToString());
            Assert.Equal("Conv1d(4, 2, kernel_size=(3,), stride=(2,))", new Conv1d(4, 2, 3, stride: 2).ToString());
            Assert.Equal("BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new BatchNorm2d(8).ToString());
            Assert.Equal("BatchNorm1d(4, eps=1e-05, momentum=None, affine=False, track_running_stats=True)", new BatchNorm1d(4, momentum: null, affine: false).ToString());
            Assert.Equal("LayerNorm((2, 3), eps=1e-05, elementwise_affine=True)", new LayerNorm(new[] { 2, 3 }).ToString());
            Assert.Equal("LayerNorm((5,), eps=1e-05, elementwise_affine=False)", new LayerNorm(5, elementwiseAffine: false).ToString());
            Assert.Equal("Embedding(10, 3, padding_idx=0)", new Embedding(10, 3, 0).ToString());
            Assert.Equal("Flatten(start_dim=1, end_dim=-1)", new Flatten().ToString());
            Assert.Equal("Identity()", new Identity().ToString());
            Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).ToString());
            Assert.Equal("MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=True)", new MaxPool2d(3, 2, 1, ceilMode: true).ToString());
            Assert.Equal("AvgPool2d(kernel_size=3, stride=2, padding=1)", new AvgPool2d(3, 2, 1).ToString());
            Assert.Equal("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).ToString());
            Assert.Equal("AdaptiveAvgPool2d(output_size=(3, 4))", new AdaptiveAvgPool2d((3, 4)).ToString());
            Assert.Equal("GELU(approximate='none')", new GELU().ToString());
            Assert.Equal("GELU(approximate='tanh')", new GELU(GeluApproximation.Tanh).ToString());
            Assert.Equal("LeakyReLU(negative_slope=0.01)", new LeakyReLU().ToString());
            Assert.Equal("ELU(alpha=1.0)", new ELU().ToString());
            Assert.Equal("SiLU()", new SiLU().ToString());
            Assert.Equal("Softplus(beta=1, threshold=20)", new Softplus().ToString());
            Assert.Equal("LogSigmoid()", new LogSigmoid().ToString());
            Assert.Equal("Hardtanh(min_val=-1.0, max_val=1.0)", new Hardtanh().ToString());
            Assert.Equal("MSELoss()", new MSELoss().ToString());
            Assert.Equal("CrossEntropyLoss()", new CrossEntropyLoss(labelSmoothing: 0.1).ToString());
        }

        [Fact]
        public void AModelPrintsItsTreeWithArguments()
        {
            string expected = string.Join("\n",
                "SmallConvNet(",
                "  classes=3",
                "  (features): Sequential(",
                "    (0): Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))",
                "    (1): BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)",
                "    (2): ReLU()",
                "    (3): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)",
                "  )",
                "  (head): Linear(in_features=16, out_features=3, bias=True)",
                ")");

            Assert.Equal(expected, new SmallConvNet().ToString());
        }

        [Fact]
        public void SummaryListsOutputShapesAndParameterCountsWithoutChangingTheModel()
        {
            SmallConvNet model = new SmallConvNet();
            float[] runningMean = ((BatchNorm2d)model.Features[1]).RunningMean!.ToArray();

            string summary = new Sequential(model.Features, new Flatten(), model.Head).Summary(2, 1, 4, 4);

            string[] lines = summary.Split('\n');
            Assert.Contains(lines, l => l.StartsWith("0.0 (Conv2d)", StringComparison.Ordinal) && l.Contains("[2, 4, 4, 4]") && l.TrimEnd().EndsWith(" 40", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("0.1 (BatchNorm2d)", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 8", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("0.3 (MaxPool2d)", StringComparison.Ordinal) && l.Contains("[2, 4, 2, 2]"));
            Assert.Contains(lines, l => l.StartsWith("1 (Flatten)", StringComparison.Ordinal) && l.Contains("[2, 16]"));
            Assert.Contains(lines, l => l.StartsWith("2 (Linear)", StringComparison.Ordinal) && l.Contains("[2, 3]") && l.TrimEnd().EndsWith(" 51", StringComparison.Ordinal));
            Assert.Contains("Total params: 99", summary);
            Assert.True(model.Training);
            Assert.Equal(runningMean, ((BatchNorm2d)model.Features[1]).RunningMean!.ToArray());
        }

        [Fact]
        public void InitialisersFollowPyTorchsBoundsAndFans()
        {
            Tensor weight = Tensor.Zeros(64, 16, 3, 3);
            Assert.Equal((144, 576), Init.CalculateFanInAndFanOut(weight));
            Assert.Equal(Math.Sqrt(2.0), Init.CalculateGain(Nonlinearity.ReLU), 12);
            Assert.Equal(5.0 / 3.0, Init.CalculateGain(Nonlinearity.Tanh), 12);
            Assert.Equal(Math.Sqrt(2.0 / 1.0001), Init.CalculateGain(Nonlinearity.LeakyReLU), 12);

            double kaimingBound = Math.Sqrt(2.0) * Math.Sqrt(3.0 / 144);
            float[] values = Init.KaimingUniform(weight, nonlinearity: Nonlinearity.ReLU, generator: new Generator(1)).ToArray();
            Assert.All(values, v => Assert.InRange(v, -kaimingBound, kaimingBound));
            Assert.True(values.Max() > 0.95 * kaimingBound && values.Min() < -0.95 * kaimingBound);

            double xavierBound = Math.Sqrt(6.0 / (144 + 576));
            values = Init.XavierUniform(weight, generator: new Generator(2)).ToArray();
            Assert.All(values, v => Assert.InRange(v, -xavierBound, xavierBound));

            values = Init.KaimingNormal(weight, mode: FanMode.FanOut, nonlinearity: Nonlinearity.ReLU, generator: new Generator(3)).ToArray();
            Assert.Equal(Math.Sqrt(2.0 / 576), StandardDeviation(values), 3);
            values = Init.XavierNormal(weight, 2.0, new Generator(4)).ToArray();
            Assert.Equal(2.0 * Math.Sqrt(2.0 / 720), StandardDeviation(values), 3);
            values = Init.Normal(weight, 1.0, 0.5, new Generator(5)).ToArray();
            Assert.Equal(1.0, values.Average(), 1);
            Assert.All(Init.Uniform(weight, -2, -1, new Generator(6)).ToArray(), v => Assert.InRange(v, -2f, -1f));
            Assert.All(Init.Zeros(weight).ToArray(), v => Assert.Equal(0f, v));
            Assert.All(Init.Ones(weight).ToArray(), v => Assert.Equal(1f, v));

            // Conv2d's default: kaiming-uniform with a = √5, i.e. U(±1/√fan_in).
            Conv2d conv = new Conv2d(16, 64, 3, generator: new Generator(7));
            Assert.All(conv.Weight.Value.ToArray(), v => Assert.InRange(v, -1 / 12.0, 1 / 12.0));
            Assert.Throws<ArgumentException>(() => Init.KaimingUniform(Tensor.Zeros(5)));
        }

        private static double StandardDeviation(float[] values)
        {
            double mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        }

        [Fact]
        public void OpsNameTheArgumentAndTheShapesWhenTheyDoNotFit()
        {
            ArgumentException channels = Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 3).Forward(Tensor.Zeros(1, 2, 5, 5)));
            Assert.Equal("weight", channels.ParamName);
            Assert.Contains("[4, 3, 3, 3]", channels.Message);
            Assert.Contains("[1, 2, 5, 5]", channels.Message);

            ArgumentException tooSmall = Assert.Throws<ArgumentException>(() => new Conv2d(1, 1, 5).Forward(Tensor.Zeros(1, 1, 3, 3)));
            Assert.Contains("larger than input [1, 1, 3, 3]", tooSmall.Message);

            Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 3, groups: 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool2d(2, padding: 2));
            ArgumentException rank = Assert.Throws<ArgumentException>(() => new MaxPool2d(2).Forward(Tensor.Zeros(4, 4)));
            Assert.Contains("[4, 4]", rank.Message);
            ArgumentOutOfRangeException index = Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(3, 2).Forward(Tensor.FromArray(new float[] { 1, 3 }, 2)));
            Assert.Equal("input", index.ParamName);
            Assert.Contains("input element 1 is 3", index.Message);
            ArgumentException fraction = Assert.Throws<ArgumentException>(() => new Embedding(3, 2).Forward(Tensor.FromArray(new float[] { 0.5f })));
            Assert.Contains("not a whole-number index", fraction.Message);
            ArgumentException layerNorm = Assert.Throws<ArgumentException>(() => new LayerNorm(4).Forward(Tensor.Zeros(2, 3)));
            Assert.Equal("normalizedShape", layerNorm.ParamName);
            ArgumentException bn = Assert.Throws<ArgumentException>(() => new BatchNorm2d(3).Forward(Tensor.Zeros(2, 3, 4)));
            Assert.Contains("[2, 3, 4]", bn.Message);
            ArgumentException target = Assert.Throws<ArgumentException>(() => new HuberLoss().Forward(Tensor.Zeros(3), Tensor.Zeros(4)));
            Assert.Equal("target", target.ParamName);
            Assert.Throws<ArgumentException>(() => new MSELoss(Reduction.BatchMean).Forward(Tensor.Zeros(3), Tensor.Zeros(3)));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss().Forward(Tensor.Zeros(2, 3), new[] { 0, 3 }));
        }
    }

    /// <summary>The derivative of each composite loss and activation exactly at its kink, against the value PyTorch returns there.</summary>
    public sealed class KinkTests
    {
        private static float[] InputGradient(Module layer, params float[] x)
        {
            Tensor input = TestTensors.Vector(x);
            Tensor dInput = Tensor.ZerosLike(input);
            layer.ForwardPullback(input, Tensor.OnesLike(input), dInput);
            return dInput.ToArray();
        }

        [Fact]
        public void BCEWithLogitsAtALogitOfZeroIsSigmoidMinusTarget()
        {
            // The former composite of Relu and Abs gave −y/N here.
            Tensor logits = TestTensors.Vector(0f, 0f, 0f);
            Tensor target = TestTensors.Vector(1f, 0f, 0.3f);
            Tensor dLogits = Tensor.ZerosLike(logits);

            Functional.BCEWithLogitsLossGradient(logits, target, dLogits, null);

            TestTensors.AllClose(new[] { -0.5f / 3, 0.5f / 3, 0.2f / 3 }, dLogits.ToArray(), 1e-6);
        }

        [Fact]
        public void ActivationsTakePyTorchsSlopeAtTheirKinks()
        {
            Assert.Equal(new[] { 0f }, InputGradient(new ReLU(), 0f));
            Assert.Equal(new[] { 0.2f }, InputGradient(new LeakyReLU(0.2), 0f));
            Assert.Equal(new[] { 1.5f }, InputGradient(new ELU(1.5), 0f));
            Assert.Equal(new[] { 0f, 1f, 0f }, InputGradient(new Hardtanh(), -1f, 0f, 1f));
            Assert.Equal(new[] { 0.5f }, InputGradient(new LogSigmoid(), 0f));
            Assert.Equal(new[] { 0.5f }, InputGradient(new Softplus(3.0), 0f));
            Assert.Equal(new[] { 1f }, InputGradient(new Softplus(1.0, 2.0), 2.5f));
            Assert.Equal(new[] { 0.5f }, InputGradient(new GELU(), 0f));
            Assert.Equal(new[] { 0.5f }, InputGradient(new GELU(GeluApproximation.Tanh), 0f));
            Assert.Equal(new[] { 0.5f }, InputGradient(new SiLU(), 0f));
        }

        [Fact]
        public void DistanceLossesTakePyTorchsSlopeAtTheirKinks()
        {
            Tensor input = TestTensors.Vector(0f, 0.5f, -0.5f);
            Tensor target = Tensor.Zeros(3);
            Tensor dHuber = Tensor.ZerosLike(input);
            new HuberLoss(Reduction.Sum, 0.5).ForwardPullback(input, target, Tensor.Scalar(1f), dHuber, null);
            Assert.Equal(new[] { 0f, 0.5f, -0.5f }, dHuber.ToArray());

            Tensor dSmooth = Tensor.ZerosLike(input);
            new SmoothL1Loss(Reduction.Sum, 0.5).ForwardPullback(input, target, Tensor.Scalar(1f), dSmooth, null);
            Assert.Equal(new[] { 0f, 1f, -1f }, dSmooth.ToArray());

            // β = 0: PyTorch 1.13 tests d ≤ −β first, so d = 0 gets −1 (its L1Loss gives 0).
            Tensor dL1 = Tensor.ZerosLike(input);
            new SmoothL1Loss(Reduction.Sum, 0.0).ForwardPullback(input, target, Tensor.Scalar(1f), dL1, null);
            Assert.Equal(new[] { -1f, 1f, -1f }, dL1.ToArray());
        }

        [Fact]
        public void MaxPoolSendsATiedWindowsGradientToItsFirstMaximum()
        {
            Tensor input = Tensor.Ones(1, 1, 2, 2);
            Tensor dInput = Tensor.ZerosLike(input);
            new MaxPool2d(2).ForwardPullback(input, Tensor.Ones(1, 1, 1, 1), dInput);
            Assert.Equal(new[] { 1f, 0f, 0f, 0f }, dInput.ToArray());
        }
    }
}
