using System;
using System.Linq;
using Xunit;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>
    /// Long sums keep float precision: a sum of millions of values, along any dimension and through a broadcast
    /// operand's gradient, is within a few float roundings of the sum in double (added one after another in float,
    /// four million values of 0.1 come out 0.25 % low).
    /// </summary>
    public sealed class SummationAccuracyTests
    {
        private const int Many = 1 << 22;

        private static void AssertClose(double expected, float actual, string what) =>
            Assert.True(Math.Abs(actual - expected) <= 2e-6 * Math.Abs(expected), $"{what}: {actual} against {expected} in double");

        [Fact]
        public void The_sum_of_all_elements()
        {
            Tensor x = Tensor.Full(new[] { Many }, 0.1f);
            double expected = Many * (double)0.1f;
            AssertClose(expected, x.Sum().Item(), "Sum()");
            AssertClose(0.1f, x.Mean().Item(), "Mean()");
            AssertClose(expected, x.Reshape(Many, 1).Sum(0).Item(), "Sum(0) of [n, 1]");
        }

        [Fact]
        public void Sums_of_rows_along_the_first_dimension()
        {
            var random = new System.Random(5);
            float[] values = Enumerable.Range(0, Many).Select(_ => (float)(10 + random.NextDouble())).ToArray();
            Tensor x = Tensor.FromArray(values, Many / 2, 2);
            double[] expected = new double[2];
            for (int i = 0; i < values.Length; i++)
            {
                expected[i % 2] += values[i];
            }

            float[] sums = x.Sum(0).ToArray();
            AssertClose(expected[0], sums[0], "Sum(0)[0]");
            AssertClose(expected[1], sums[1], "Sum(0)[1]");
        }

        [Fact]
        public void The_gradient_of_a_broadcast_operand()
        {
            // A bias added to every row: its gradient sums the rows of the output's gradient.
            const int rows = 1 << 20;
            Tensor bias = Tensor.Zeros(4);
            Tensor rowsOfOnes = Tensor.Ones(rows, 4);
            Tensor? dBias = Tensor.ZerosLike(bias);
            Tensor? dRows = Tensor.ZerosLike(rowsOfOnes);
            Tensor.AddBackward(rowsOfOnes, bias, rowsOfOnes + bias, Tensor.Full(new[] { rows, 4 }, 0.1f), ref dRows, ref dBias);
            foreach (float g in dBias!.ToArray())
            {
                AssertClose(rows * (double)0.1f, g, "dBias");
            }
        }
    }
}
