using System;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>
    /// The vectorised gates give, bit for bit, what the per-element conditionals they replaced give, on every length
    /// (whole vectors and tails) and on the values where a comparison decides: signed zeros, the bounds themselves,
    /// infinities and NaN, in x and in g.
    /// </summary>
    public sealed class GradientGatesTests
    {
        private static readonly float[] Special = { 0f, -0f, 1f, -1f, 0.5f, -0.5f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1e-30f, -1e-30f };

        private static (float[] X, float[] G) Inputs(int length, int seed)
        {
            var random = new System.Random(seed);
            var x = new float[length];
            var g = new float[length];
            for (int i = 0; i < length; i++)
            {
                x[i] = random.Next(3) == 0 ? Special[random.Next(Special.Length)] : (float)(random.NextDouble() * 4 - 2);
                g[i] = random.Next(5) == 0 ? Special[random.Next(Special.Length)] : (float)(random.NextDouble() * 4 - 2);
            }

            return (x, g);
        }

        private static void AssertSameBits(float[] expected, float[] actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(
                    BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]) || (float.IsNaN(expected[i]) && float.IsNaN(actual[i])),
                    $"{what}, element {i} of {expected.Length}: expected {expected[i]}, got {actual[i]}");
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(8)]
        [InlineData(9)]
        [InlineData(31)]
        [InlineData(1000)]
        public void Each_gate_matches_its_scalar_definition(int length)
        {
            for (int seed = 0; seed < 20; seed++)
            {
                (float[] x, float[] g) = Inputs(length, seed * 1000 + length);
                var d = new float[length];
                var expected = new float[length];

                GradientGates.Select(x, g, d, default(GradientGates.Positive));
                for (int i = 0; i < length; i++)
                {
                    expected[i] = x[i] > 0f ? g[i] : 0f;
                }

                AssertSameBits(expected, d, "x > 0 ? g : 0");

                GradientGates.Select(x, g, d, default(GradientGates.NotAtMostZero));
                for (int i = 0; i < length; i++)
                {
                    expected[i] = !(x[i] <= 0f) ? g[i] : 0f;
                }

                AssertSameBits(expected, d, "!(x <= 0) ? g : 0");

                GradientGates.Select(x, g, d, default(GradientGates.Positive), 0.01f);
                for (int i = 0; i < length; i++)
                {
                    expected[i] = x[i] > 0f ? g[i] : g[i] * 0.01f;
                }

                AssertSameBits(expected, d, "x > 0 ? g : 0.01 g");

                GradientGates.Select(x, g, d, default(GradientGates.Positive), 0f);
                for (int i = 0; i < length; i++)
                {
                    expected[i] = x[i] > 0f ? g[i] : g[i] * 0f;
                }

                AssertSameBits(expected, d, "x > 0 ? g : 0 g");

                GradientGates.Select(x, g, d, new GradientGates.NotOutside(-0.5f, 1f));
                for (int i = 0; i < length; i++)
                {
                    expected[i] = !(x[i] <= -0.5f || x[i] >= 1f) ? g[i] : 0f;
                }

                AssertSameBits(expected, d, "!(x <= -0.5 || x >= 1) ? g : 0");

                GradientGates.Select(x, g, d, new GradientGates.Between(-0.5f, 1f));
                for (int i = 0; i < length; i++)
                {
                    expected[i] = x[i] >= -0.5f && x[i] <= 1f ? g[i] : 0f;
                }

                AssertSameBits(expected, d, "-0.5 <= x <= 1 ? g : 0");

                GradientGates.Sign(x, g, d);
                for (int i = 0; i < length; i++)
                {
                    expected[i] = x[i] > 0f ? g[i] : x[i] < 0f ? -g[i] : 0f;
                }

                AssertSameBits(expected, d, "sign(x) g");

                // In place, as the leaky ReLU's forward pass calls it (g is x).
                var inPlace = (float[])x.Clone();
                GradientGates.Select(inPlace, inPlace, inPlace, default(GradientGates.Positive), 0.2f);
                for (int i = 0; i < length; i++)
                {
                    expected[i] = x[i] > 0f ? x[i] : x[i] * 0.2f;
                }

                AssertSameBits(expected, inPlace, "in place: x > 0 ? x : 0.2 x");
            }
        }

        [Fact]
        public void Spans_of_different_lengths_are_refused_with_each_length()
        {
            var error = Assert.Throws<ArgumentException>(() => GradientGates.Select(new float[4], new float[3], new float[4], default(GradientGates.Positive)));
            Assert.Contains("x has 4, g 3, d 4", error.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => GradientGates.Sign(new float[4], new float[4], new float[5]));
        }
    }
}
