using System.Runtime.CompilerServices;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>GradCheck on compositions of registered backward functions, and on a wrong gradient.</summary>
    public sealed class GradCheckTests
    {
        private static readonly Tensor Input = Tensor.Randn(new[] { 4, 3 }, new Generator(1));

        /// <summary>tanh(linear(x; W, b)).sum()</summary>
        private static Tensor Layer(Tensor[] p) => Tensor.Linear(Input, p[0], p[1]).Tanh().Sum();

        private static void LayerGradient(Tensor[] p, Tensor[] adjoints)
        {
            Tensor linear = Tensor.Linear(Input, p[0], p[1]);
            Tensor activated = linear.Tanh();
            Tensor sum = activated.Sum();
            Tensor? dActivated = null, dLinear = null, dWeight = null, dBias = null;
            Tensor.SumBackward(activated, sum, Tensor.Scalar(1f), ref dActivated);
            Tensor.TanhBackward(linear, activated, dActivated!, ref dLinear);
            Tensor.LinearBackward(Input, p[0], p[1], linear, dLinear!, ref Unsafe.NullRef<Tensor?>(), ref dWeight, ref dBias);
            adjoints[0].AddInPlace(dWeight!);
            adjoints[1].AddInPlace(dBias!);
        }

        [Fact]
        public void PassesForALayer()
        {
            Tensor[] parameters = { Tensor.Randn(new[] { 2, 3 }, new Generator(2)), Tensor.Randn(new[] { 2 }, new Generator(3)) };
            float[] weightBefore = parameters[0].ToArray();
            GradCheckResult result = GradCheck.Check(Layer, LayerGradient, parameters);
            Assert.True(result.Passed, result.Message);
            Assert.InRange(result.MaxRelativeError, 0, 1e-2);
            Assert.StartsWith("Gradient check passed", result.Message);
            Assert.Equal(weightBefore, parameters[0].ToArray());
            GradCheck.Assert(Layer, LayerGradient, parameters);
        }

        [Fact]
        public void PassesForAMeanSquaredErrorOfABatchedProduct()
        {
            Tensor target = Tensor.Randn(new[] { 2, 3, 2 }, new Generator(4));
            Tensor Loss(Tensor[] p) => (Tensor.MatMul(p[0], p[1]) - target).Pow(2f).Mean();
            void Gradient(Tensor[] p, Tensor[] adjoints)
            {
                Tensor product = Tensor.MatMul(p[0], p[1]);
                Tensor error = product - target;
                Tensor squared = error.Pow(2f);
                Tensor loss = squared.Mean();
                Tensor? dSquared = null, dError = null, dProduct = null, dA = null, dB = null;
                Tensor.MeanBackward(squared, loss, Tensor.Scalar(1f), ref dSquared);
                Tensor.PowBackward(error, 2f, squared, dSquared!, ref dError);
                Tensor.SubtractBackward(product, target, error, dError!, ref dProduct, ref Unsafe.NullRef<Tensor?>());
                Tensor.MatMulBackward(p[0], p[1], product, dProduct!, ref dA, ref dB);
                adjoints[0].AddInPlace(dA!);
                adjoints[1].AddInPlace(dB!);
            }

            Tensor[] inputs = { Tensor.Randn(new[] { 2, 3, 4 }, new Generator(5)), Tensor.Randn(new[] { 4, 2 }, new Generator(6)) };
            GradCheck.Assert(Loss, Gradient, inputs);
        }

        [Fact]
        public void PassesForANegativeLogLikelihood()
        {
            int[] labels = { 2, 0, 1 };
            Tensor Loss(Tensor[] p) => -p[0].LogSoftmax(1).Gather(labels).Mean();
            void Gradient(Tensor[] p, Tensor[] adjoints)
            {
                Tensor logP = p[0].LogSoftmax(1);
                Tensor picked = logP.Gather(labels);
                Tensor mean = picked.Mean();
                Tensor loss = -mean;
                Tensor? dMean = null, dPicked = null, dLogP = null, dLogits = null;
                Tensor.NegateBackward(mean, loss, Tensor.Scalar(1f), ref dMean);
                Tensor.MeanBackward(picked, mean, dMean!, ref dPicked);
                Tensor.GatherBackward(logP, labels, picked, dPicked!, ref dLogP);
                Tensor.LogSoftmaxBackward(p[0], 1, logP, dLogP!, ref dLogits);
                adjoints[0].AddInPlace(dLogits!);
            }

            GradCheck.Assert(Loss, Gradient, new[] { Tensor.Randn(new[] { 3, 4 }, new Generator(8)) });
        }

        [Fact]
        public void ReportsAWrongGradient()
        {
            Tensor[] parameters = { Tensor.Randn(new[] { 2, 3 }, new Generator(2)), Tensor.Randn(new[] { 2 }, new Generator(3)) };
            void WrongGradient(Tensor[] p, Tensor[] adjoints)
            {
                LayerGradient(p, adjoints);

                // A classic slip: the bias gradient doubled.
                adjoints[1].AddInPlace(adjoints[1].Clone());
            }

            GradCheckResult result = GradCheck.Check(Layer, WrongGradient, parameters);
            Assert.False(result.Passed);
            Assert.Equal(1, result.WorstInput);
            Assert.Contains("failed", result.Message);
            Assert.Contains("input 1", result.Message);
            var error = Assert.Throws<GradCheckException>(() => GradCheck.Assert(Layer, WrongGradient, parameters));
            Assert.Equal(result.Message, error.Message);
        }

        [Fact]
        public void RejectsInvalidArguments()
        {
            Tensor[] inputs = { Tensor.Ones(2) };
            var error = Assert.Throws<ArgumentException>(() => GradCheck.Check(p => p[0] * 2f, (p, a) => { }, inputs));
            Assert.Contains("[2]", error.Message);
            Assert.Throws<ArgumentException>(() => GradCheck.Check(p => p[0].Sum(), (p, a) => { }, Array.Empty<Tensor>()));
            Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(p => p[0].Sum(), (p, a) => { }, inputs, epsilon: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Check(p => p[0].Sum(), (p, a) => { }, inputs, tolerance: -1));
        }
    }
}
