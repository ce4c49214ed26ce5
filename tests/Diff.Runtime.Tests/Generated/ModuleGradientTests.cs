using System.Linq;
using Diff;
using Diff.NN;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>A user's own module: a Parameter field read in a [Differentiable] override.</summary>
    public sealed partial class ScaledTanh : Module
    {
        public ScaledTanh(int features)
        {
            Scale = RegisterParameter("scale", TensorModeTests.Random(31, features));
        }

        public Parameter Scale { get; }

        [Differentiable]
        public override Tensor Forward(Tensor input) => input.Tanh() * Scale.Value;
    }

    public static partial class ModuleFunctions
    {
        [Differentiable]
        public static Tensor Loss(Module model, [NoDiff] Tensor input, [NoDiff] Tensor target) => Functional.MSELoss(model.Forward(input), target);

        [Differentiable]
        public static Tensor OutputSum(Module model, Tensor input) => model.Forward(input).Sum();

        [Differentiable]
        public static Tensor Classify(Module model, [NoDiff] Tensor input, int[] labels) => Functional.CrossEntropyLoss(model.Forward(input), labels);
    }

    /// <summary>Module gradients go to Parameter.Grad; checked against finite differences of each parameter.</summary>
    public sealed class ModuleGradientTests
    {
        private static Sequential Network(int seed) => new(
            new Linear(3, 5, generator: new Diff.Generator(seed)),
            new ReLU(),
            new Linear(5, 4, generator: new Diff.Generator(seed + 1)),
            new Tanh(),
            new ScaledTanh(4),
            new Linear(4, 2, generator: new Diff.Generator(seed + 2)));

        [Fact]
        public void ParameterGradientsOfAnMseLoss()
        {
            Sequential model = Network(40);
            Tensor input = TensorModeTests.Random(41, 6, 3), target = TensorModeTests.Random(42, 6, 2);
            model.ZeroGrad();
            ModuleFunctions.LossGradient(model, input, target);
            CheckParameters(model, () => ModuleFunctions.Loss(model, input, target).Item());
        }

        [Fact]
        public void ParameterGradientsOfACrossEntropyLoss()
        {
            Sequential model = Network(50);
            Tensor input = TensorModeTests.Random(51, 5, 3);
            int[] labels = { 0, 1, 1, 0, 1 };
            model.ZeroGrad();
            ModuleFunctions.ClassifyGradient(model, input, labels);
            CheckParameters(model, () => ModuleFunctions.Classify(model, input, labels).Item());
        }

        [Fact]
        public void InputGradientThroughVirtualForward() => TensorModeTests.Check(
            a => ModuleFunctions.OutputSum(Network(60), a[0]),
            (a, d) => ModuleFunctions.OutputSumGradient(Network(60), a[0], d[0]),
            TensorModeTests.Random(61, 2, 3));

        [Fact]
        public void GradientsAccumulateUntilZeroGrad()
        {
            Sequential model = Network(70);
            Tensor input = TensorModeTests.Random(71, 4, 3), target = TensorModeTests.Random(72, 4, 2);
            Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
            ModuleFunctions.LossGradient(model, input, target);
            float[] once = model.Parameters().First().Grad!.ToArray();
            ModuleFunctions.LossGradient(model, input, target);
            float[] twice = model.Parameters().First().Grad!.ToArray();
            Assert.Equal(once.Select(v => 2 * v), twice, (x, y) => Math.Abs(x - y) <= 1e-5f * Math.Max(1f, Math.Abs(x)));
            model.ZeroGrad();
            Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
        }

        private static void CheckParameters(Module model, Func<double> loss)
        {
            foreach ((string name, Parameter parameter) in model.NamedParameters())
            {
                Span<float> values = parameter.Value.AsSpan();
                float[] analytic = parameter.Grad!.ToArray();
                for (int i = 0; i < values.Length; i++)
                {
                    float original = values[i];
                    // A small step keeps ReLU units from switching between the two evaluations.
                    float step = 1e-3f * Math.Max(1f, Math.Abs(original));
                    values[i] = original + step;
                    double plus = loss();
                    values[i] = original - step;
                    double minus = loss();
                    values[i] = original;
                    double numeric = (plus - minus) / (2.0 * step);
                    Assert.True(
                        Math.Abs(analytic[i] - numeric) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                        $"{name}[{i}]: generated {analytic[i]}, finite difference {numeric}");
                }
            }
        }
    }
}
