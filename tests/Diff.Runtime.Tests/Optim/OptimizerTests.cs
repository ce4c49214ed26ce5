using System.Collections.Generic;
using Diff.NN;
using Diff.Optim;
using static Diff.Runtime.Tests.Optim.OptimizerReference;

namespace Diff.Runtime.Tests.Optim
{
    public sealed class OptimizerTests
    {
        private const int Steps = 4;

        [Theory]
        [InlineData(0.0)]
        [InlineData(0.1)]
        public void SgdWithoutMomentum(double weightDecay)
        {
            Parameter parameter = NewParameter();
            Run(new SGD(One(parameter), lr: 0.1, weightDecay: weightDecay), parameter, Steps);

            double[] expected = Expected(Steps, SgdFormula(0.1, 0, 0, weightDecay, nesterov: false));
            AssertClose(expected, parameter);
        }

        [Theory]
        [InlineData(0.9, 0.0, 0.0, false)]
        [InlineData(0.8, 0.3, 0.05, false)]
        [InlineData(0.9, 0.0, 0.01, true)]
        public void SgdWithMomentum(double momentum, double dampening, double weightDecay, bool nesterov)
        {
            Parameter parameter = NewParameter();
            Run(new SGD(One(parameter), 0.05, momentum, dampening, weightDecay, nesterov), parameter, Steps);

            double[] expected = Expected(Steps, SgdFormula(0.05, momentum, dampening, weightDecay, nesterov));
            AssertClose(expected, parameter);
        }

        [Theory]
        [InlineData(0.0, false)]
        [InlineData(0.1, false)]
        [InlineData(0.1, true)]
        public void AdamAndAdamW(double weightDecay, bool decoupled)
        {
            const double lr = 0.01, beta1 = 0.8, beta2 = 0.95, eps = 1e-6;
            Parameter parameter = NewParameter();
            Optimizer optimizer = decoupled
                ? new AdamW(One(parameter), lr, beta1, beta2, eps, weightDecay)
                : new Adam(One(parameter), lr, beta1, beta2, eps, weightDecay);
            Run(optimizer, parameter, Steps);

            double[] expected = Expected(Steps, AdamFormula(lr, beta1, beta2, eps, weightDecay, decoupled));
            AssertClose(expected, parameter);
        }

        [Fact]
        public void AdamDefaultsArePyTorchs()
        {
            Adam adam = new Adam(One(NewParameter()));
            AdamW adamW = new AdamW(One(NewParameter()));

            Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 0.0), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Eps, adam.WeightDecay));
            Assert.Equal((1e-3, 0.9, 0.999, 1e-8, 1e-2), (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Eps, adamW.WeightDecay));
        }

        [Theory]
        [InlineData(0.0, 0.0, false)]
        [InlineData(0.05, 0.0, true)]
        [InlineData(0.0, 0.7, false)]
        [InlineData(0.05, 0.7, true)]
        public void RmsProp(double weightDecay, double momentum, bool centered)
        {
            const double lr = 0.01, alpha = 0.9, eps = 1e-6;
            Parameter parameter = NewParameter();
            Run(new RMSprop(One(parameter), lr, alpha, eps, weightDecay, momentum, centered), parameter, Steps);

            double[] expected = Expected(Steps, RmspropFormula(lr, alpha, eps, weightDecay, momentum, centered));
            AssertClose(expected, parameter);
        }

        [Fact]
        public void ParametersWithoutGradientOrFrozenAreSkippedAndKeepTheirOwnStepCount()
        {
            Parameter late = NewParameter();
            Parameter frozen = NewParameter();
            frozen.RequiresGrad = false;
            Parameter untouched = NewParameter();
            Adam adam = new Adam(new[] { late, frozen, untouched }, lr: 0.1);

            // Step 1: only the frozen parameter receives (and ignores) a gradient.
            frozen.AccumulateGrad(Tensor.OnesLike(frozen.Value));
            adam.Step();
            // Step 2: the late parameter gets its first gradient, so its bias correction uses t = 1.
            late.AccumulateGrad(Tensor.FromArray(ToFloats(Gradient(1, Initial)), Initial.Length));
            adam.Step();

            AssertClose(Initial, frozen);
            AssertClose(Initial, untouched);
            double[] expected = (double[])Initial.Clone();
            double[] g = Gradient(1, Initial);
            for (int i = 0; i < expected.Length; i++)
            {
                // At t = 1, m̂ = g and v̂ = g², so the step is γ·g / (|g| + ε).
                expected[i] -= 0.1 * g[i] / (Math.Abs(g[i]) + 1e-8);
            }

            AssertClose(expected, late);
        }

        [Fact]
        public void ZeroGradClearsTheGradients()
        {
            Parameter parameter = NewParameter();
            SGD sgd = new SGD(One(parameter), 0.1);
            parameter.AccumulateGrad(Tensor.OnesLike(parameter.Value));

            sgd.ZeroGrad();

            Assert.Null(parameter.Grad);
        }

        [Fact]
        public void StepsAllocateNothingAfterTheFirst()
        {
            Parameter parameter = NewParameter();
            parameter.AccumulateGrad(Tensor.OnesLike(parameter.Value));
            Optimizer[] optimizers =
            {
                new SGD(One(parameter), 0.01, momentum: 0.9, weightDecay: 0.1, nesterov: true),
                new Adam(One(parameter), weightDecay: 0.1),
                new AdamW(One(parameter)),
                new RMSprop(One(parameter), weightDecay: 0.1, momentum: 0.5, centered: true),
            };
            foreach (Optimizer optimizer in optimizers)
            {
                for (int i = 0; i < 3; i++)
                {
                    optimizer.Step();
                }
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (Optimizer optimizer in optimizers)
            {
                for (int i = 0; i < 10; i++)
                {
                    optimizer.Step();
                }
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        public static IEnumerable<object[]> InvalidConstructions()
        {
            IEnumerable<Parameter> one = One(NewParameter());
            yield return Case("lr", () => new SGD(one, -0.1));
            yield return Case("lr", () => new SGD(one, double.NaN));
            yield return Case("momentum", () => new SGD(one, 0.1, momentum: -0.5));
            yield return Case("dampening", () => new SGD(one, 0.1, momentum: 0.5, dampening: 1.5));
            yield return Case("weightDecay", () => new SGD(one, 0.1, weightDecay: -1));
            yield return Case("nesterov", () => new SGD(one, 0.1, nesterov: true));
            yield return Case("nesterov", () => new SGD(one, 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
            yield return Case("beta1", () => new Adam(one, beta1: 1.0));
            yield return Case("beta2", () => new Adam(one, beta2: -0.1));
            yield return Case("eps", () => new Adam(one, eps: -1e-8));
            yield return Case("weightDecay", () => new AdamW(one, weightDecay: -0.01));
            yield return Case("beta1", () => new AdamW(one, beta1: double.NaN));
            yield return Case("alpha", () => new RMSprop(one, alpha: 1.1));
            yield return Case("eps", () => new RMSprop(one, eps: -1));
            yield return Case("momentum", () => new RMSprop(one, momentum: -0.1));
            yield return Case("parameters", () => new SGD(Array.Empty<Parameter>(), 0.1));
            yield return Case("parameters", () => new Adam(new Parameter[] { null! }));
            Parameter twice = NewParameter();
            yield return Case("parameters", () => new Adam(new[] { twice, twice }));
        }

        [Theory]
        [MemberData(nameof(InvalidConstructions))]
        public void ConstructorsNameTheInvalidArgument(string argument, Func<Optimizer> construct)
        {
            ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => construct());
            Assert.Equal(argument, error.ParamName);
        }

        [Fact]
        public void LearningRateSetterValidates()
        {
            SGD sgd = new SGD(One(NewParameter()), 0.1);
            Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = -1);
            Assert.Throws<ArgumentNullException>(() => new SGD(null!, 0.1));
            sgd.LearningRate = 0.5;
            Assert.Equal(0.5, sgd.LearningRate);
        }

        private static object[] Case(string argument, Func<Optimizer> construct) => new object[] { argument, construct };
    }
}
