using Diff;
using Diff.NN;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>Early exits and optional parameters in tensor mode, written the way users write them.</summary>
    public static partial class TensorControlFlow
    {
        [Differentiable]
        public static Tensor EarlyReturn(Tensor x, int mode)
        {
            if (mode == 0)
            {
                return (x * x).Sum();
            }

            Tensor y = x.Exp();
            if (mode == 1)
            {
                return y.Mean();
            }
            else if (mode == 2)
            {
                y = y * x;
            }

            return (y * 2f).Sum();
        }

        [Differentiable]
        public static Tensor BreakAndContinue(Tensor x, int steps)
        {
            Tensor acc = x * 0f;
            for (int i = 0; i < steps; i++)
            {
                if (i == 1)
                {
                    continue;
                }

                acc = acc + x * (float)(i + 1);
                if (i >= 3)
                {
                    break;
                }
            }

            int k = 0;
            while (true)
            {
                acc = acc * x;
                k++;
                if (k == 2)
                {
                    break;
                }
            }

            return acc.Sum();
        }

        [Differentiable]
        public static Tensor ForEachWithBreak(Tensor x, float[] scales)
        {
            Tensor acc = x;
            foreach (float scale in scales)
            {
                if (scale < 0f)
                {
                    break;
                }

                acc = acc * scale + x;
            }

            return acc.Sum();
        }

        [Differentiable]
        public static Tensor DoWhileWithBreak(Tensor x, int limit)
        {
            Tensor acc = x;
            int n = 0;
            do
            {
                acc = (acc * x).Tanh();
                n++;
                if (n > limit)
                {
                    break;
                }
            }
            while (n < 3);

            return acc.Sum();
        }

        /// <summary>A return from inside nested loops: the loops stop and the rest of the method is skipped.</summary>
        [Differentiable]
        public static Tensor ReturnInsideLoops(Tensor x, int limit)
        {
            Tensor acc = x;
            for (int i = 0; i < 4; i++)
            {
                int j = 0;
                while (j < 3)
                {
                    acc = (acc * x).Tanh() + x;
                    if (i * 3 + j >= limit)
                    {
                        return (acc * acc).Sum();
                    }

                    j++;
                }
            }

            return acc.Mean();
        }

        /// <summary>A return from a foreach, and a continue that skips part of a trip.</summary>
        [Differentiable]
        public static Tensor ReturnFromForEach(Tensor x, float[] scales)
        {
            Tensor acc = x * 0.5f;
            foreach (float scale in scales)
            {
                if (scale == 0f)
                {
                    continue;
                }

                acc = acc * x + scale;
                if (scale < 0f)
                {
                    return (acc * 0.25f).Exp().Sum();
                }
            }

            return acc.Sum();
        }
    }

    /// <summary>A layer with an optional bias, written without workarounds.</summary>
    public sealed partial class OptionalBiasLinear : Module
    {
        public OptionalBiasLinear(int inFeatures, int outFeatures, bool bias, int seed)
        {
            var generator = new Diff.Generator(seed);
            Weight = RegisterParameter("weight", Tensor.Randn(new[] { outFeatures, inFeatures }, generator));
            Bias = bias ? RegisterParameter("bias", Tensor.Randn(new[] { outFeatures }, generator)) : null;
        }

        public Parameter Weight { get; }

        public Parameter? Bias { get; }

        [Differentiable]
        public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight.Value, Bias?.Value);
    }

    /// <summary>The same layer with the null check written out: an early return when there is no bias.</summary>
    public sealed partial class ExplicitBiasLinear : Module
    {
        public ExplicitBiasLinear(int inFeatures, int outFeatures, bool bias, int seed)
        {
            var generator = new Diff.Generator(seed);
            Weight = RegisterParameter("weight", Tensor.Randn(new[] { outFeatures, inFeatures }, generator));
            Bias = bias ? RegisterParameter("bias", Tensor.Randn(new[] { outFeatures }, generator)) : null;
        }

        public Parameter Weight { get; }

        public Parameter? Bias { get; }

        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            Tensor y = Tensor.MatMul(input, Weight.Value.T);
            if (Bias is null)
            {
                return y;
            }

            return y + Bias.Value;
        }
    }

    public sealed class TensorControlFlowTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Null_check_with_an_early_return(bool bias)
        {
            var layer = new ExplicitBiasLinear(3, 2, bias, seed: 9);
            Tensor input = TensorModeTests.Random(18, 4, 3);
            Tensor output = layer.Forward(input);
            Tensor expected = Functional.Linear(input, layer.Weight.Value, layer.Bias?.Value);
            Assert.Equal(expected.ToArray(), output.ToArray());

            Tensor dInput = Tensor.ZerosLike(input);
            layer.ForwardPullback(input, Tensor.Ones(output.Shape), dInput);
            Assert.NotNull(layer.Weight.Grad);
            Assert.Equal(bias, layer.Bias?.Grad is not null);
            if (bias)
            {
                Assert.Equal(new[] { 4f, 4f }, layer.Bias!.Grad!.ToArray());
            }

            // d(sum of outputs)/d W[o, i] = Σ_b input[b, i].
            float[] x = input.ToArray();
            float[] gradient = layer.Weight.Grad!.ToArray();
            for (int i = 0; i < 3; i++)
            {
                float column = 0;
                for (int b = 0; b < 4; b++)
                {
                    column += x[b * 3 + i];
                }

                Assert.Equal(column, gradient[i], 4);
                Assert.Equal(column, gradient[3 + i], 4);
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Early_returns_take_the_path_the_method_takes(int mode) => TensorModeTests.Check(
            a => TensorControlFlow.EarlyReturn(a[0], mode),
            (a, d) => TensorControlFlow.EarlyReturnGradient(a[0], mode, d[0]),
            TensorModeTests.Random(11, 3, 2));

        [Theory]
        [InlineData(0)]
        [InlineData(2)]
        [InlineData(6)]
        public void Break_and_continue_in_for_and_while(int steps) => TensorModeTests.Check(
            a => TensorControlFlow.BreakAndContinue(a[0], steps),
            (a, d) => TensorControlFlow.BreakAndContinueGradient(a[0], steps, d[0]),
            TensorModeTests.Random(12, 4));

        [Fact]
        public void Break_in_foreach_and_do_while()
        {
            TensorModeTests.Check(
                a => TensorControlFlow.ForEachWithBreak(a[0], new[] { 0.5f, 2f, -1f, 3f }),
                (a, d) => TensorControlFlow.ForEachWithBreakGradient(a[0], new[] { 0.5f, 2f, -1f, 3f }, d[0]),
                TensorModeTests.Random(13, 3));
            foreach (int limit in new[] { 0, 1, 5 })
            {
                TensorModeTests.Check(
                    a => TensorControlFlow.DoWhileWithBreak(a[0], limit),
                    (a, d) => TensorControlFlow.DoWhileWithBreakGradient(a[0], limit, d[0]),
                    TensorModeTests.Random(14, 3));
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(4)]
        [InlineData(11)]
        [InlineData(20)]
        public void Return_inside_nested_loops(int limit) => TensorModeTests.Check(
            a => TensorControlFlow.ReturnInsideLoops(a[0], limit),
            (a, d) => TensorControlFlow.ReturnInsideLoopsGradient(a[0], limit, d[0]),
            TensorModeTests.Random(16, 3));

        [Theory]
        [InlineData(new[] { 0.5f, 0f, 2f })]
        [InlineData(new[] { 0.5f, 0f, -1f, 3f })]
        [InlineData(new float[0])]
        public void Return_and_continue_in_foreach(float[] scales) => TensorModeTests.Check(
            a => TensorControlFlow.ReturnFromForEach(a[0], scales),
            (a, d) => TensorControlFlow.ReturnFromForEachGradient(a[0], scales, d[0]),
            TensorModeTests.Random(17, 3));

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Optional_bias_through_a_null_conditional(bool bias)
        {
            var layer = new OptionalBiasLinear(3, 2, bias, seed: 5);
            Tensor input = TensorModeTests.Random(15, 4, 3);
            Tensor output = layer.Forward(input);
            Tensor expected = Functional.Linear(input, layer.Weight.Value, layer.Bias?.Value);
            Assert.Equal(expected.ToArray(), output.ToArray());

            Tensor dInput = Tensor.ZerosLike(input);
            Tensor seed = Tensor.Ones(output.Shape);
            layer.ForwardPullback(input, seed, dInput);
            Assert.NotNull(layer.Weight.Grad);
            Assert.Equal(bias, layer.Bias?.Grad is not null);
            if (bias)
            {
                // d(sum of outputs)/d bias = the batch size for every output.
                Assert.Equal(new[] { 4f, 4f }, layer.Bias!.Grad!.ToArray());
            }

            // d(sum)/d input[b, i] = Σ_o W[o, i].
            float[] weight = layer.Weight.Value.ToArray();
            float[] gradient = dInput.ToArray();
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(weight[i] + weight[3 + i], gradient[i], 5);
            }
        }
    }
}
