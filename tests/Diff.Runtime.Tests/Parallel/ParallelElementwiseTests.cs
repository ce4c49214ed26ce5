using Diff.NN;
using Diff.Optim;
using Diff.Runtime.Tests.Optim;

namespace Diff.Runtime.Tests.Parallel
{
    /// <summary>
    /// Long element-wise passes split among the processors (<see cref="ParallelElementwise"/>): every element once, the
    /// same result as the serial loop, at lengths on both sides of the split and of the chunks' alignment.
    /// </summary>
    public sealed class ParallelElementwiseTests
    {
        private const int Split = 2 * ParallelElementwise.MinimumLengthPerWorker;

        public static TheoryData<int> Lengths => new() { Split - 1, Split, Split + 1, Split + 15, 5 * ParallelElementwise.MinimumLengthPerWorker + 17 };

        private static float[] Ramp(int length, float scale)
        {
            var values = new float[length];
            for (int i = 0; i < length; i++)
            {
                values[i] = scale * (i % 1009) - 3f;
            }

            return values;
        }

        [Theory]
        [MemberData(nameof(Lengths))]
        public void A_copy_writes_every_element_once_and_nothing_beyond(int length)
        {
            float[] source = Ramp(length, 0.5f);
            float[] destination = new float[length + 40];
            Array.Fill(destination, 7f);

            ParallelElementwise.Copy(source, destination);

            Assert.Equal(source, destination[..length]);
            Assert.All(destination[length..], value => Assert.Equal(7f, value));
        }

        [Fact]
        public void An_overlapping_copy_moves_the_elements_as_a_span_copy_does()
        {
            float[] values = Ramp(3 * Split, 1f);
            float[] expected = (float[])values.Clone();
            expected.AsSpan(0, 2 * Split).CopyTo(expected.AsSpan(5));

            ParallelElementwise.Copy(values.AsSpan(0, 2 * Split), values.AsSpan(5));

            Assert.Equal(expected, values);
        }

        [Fact]
        public void A_destination_too_short_is_refused_before_anything_is_written()
        {
            float[] source = Ramp(Split + 3, 1f);
            float[] destination = new float[Split];

            Assert.Throws<ArgumentException>(() => ParallelElementwise.Copy(source, destination));
            Assert.All(destination, value => Assert.Equal(0f, value));
        }

        [Theory]
        [InlineData(0.0, false)]
        [InlineData(0.1, false)]
        [InlineData(0.1, true)]
        public void Adam_updates_a_large_parameter_as_the_serial_formula_does(double weightDecay, bool decoupled)
        {
            const double lr = 0.01, beta1 = 0.8, beta2 = 0.95, eps = 1e-6;
            CheckAgainstFormula(
                parameter => decoupled
                    ? new AdamW(new[] { parameter }, lr, beta1, beta2, eps, weightDecay)
                    : new Adam(new[] { parameter }, lr, beta1, beta2, eps, weightDecay),
                OptimizerReference.AdamFormula(lr, beta1, beta2, eps, weightDecay, decoupled));
        }

        [Theory]
        [InlineData(0.0, 0.0, 0.0, false)]
        [InlineData(0.9, 0.0, 0.01, true)]
        [InlineData(0.8, 0.3, 0.05, false)]
        public void Sgd_updates_a_large_parameter_as_the_serial_formula_does(double momentum, double dampening, double weightDecay, bool nesterov)
        {
            const double lr = 0.05;
            CheckAgainstFormula(
                parameter => new SGD(new[] { parameter }, lr, momentum, dampening, weightDecay, nesterov),
                OptimizerReference.SgdFormula(lr, momentum, dampening, weightDecay, nesterov));
        }

        [Theory]
        [InlineData(0.0, 0.0, false)]
        [InlineData(0.1, 0.5, true)]
        [InlineData(0.0, 0.9, false)]
        public void Rmsprop_updates_a_large_parameter_as_the_serial_formula_does(double weightDecay, double momentum, bool centered)
        {
            const double lr = 0.01, alpha = 0.9, eps = 1e-6;
            CheckAgainstFormula(
                parameter => new RMSprop(new[] { parameter }, lr, alpha, eps, weightDecay, momentum, centered),
                OptimizerReference.RmspropFormula(lr, alpha, eps, weightDecay, momentum, centered));
        }

        /// <summary>
        /// Three steps of the optimizer on a parameter long enough to be split, each with a known gradient, against
        /// <paramref name="formula"/> applied in double to the expected values (step from 1, values, gradient).
        /// </summary>
        private static void CheckAgainstFormula(Func<Parameter, Optimizer> create, Action<int, double[], double[]> formula)
        {
            int length = 2 * Split + 13;
            float[] initial = Ramp(length, 0.003f);
            var parameter = new Parameter(Tensor.FromArray((float[])initial.Clone(), length));
            Optimizer optimizer = create(parameter);
            double[] expected = Array.ConvertAll(initial, value => (double)value);
            for (int step = 1; step <= 3; step++)
            {
                float[] gradient = new float[length];
                for (int i = 0; i < length; i++)
                {
                    gradient[i] = (float)Math.Sin(0.37 * i + step);
                }

                optimizer.ZeroGrad();
                parameter.AccumulateGrad(Tensor.FromArray(gradient, length));
                optimizer.Step();
                formula(step, expected, Array.ConvertAll(gradient, value => (double)value));
            }

            float[] actual = parameter.Value.ToArray();
            for (int i = 0; i < length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-5 * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
            }
        }
    }
}
