using System;
using Xunit;

namespace Diff.Workloads.Tests
{
    public class SumSinExpTests
    {
        private static double[] RandomPoint(int n, int seed)
        {
            var rng = new System.Random(seed);
            var x = new double[n];
            for (int i = 0; i < n; i++) x[i] = rng.NextDouble() * 4.0 - 2.0;
            return x;
        }

        private static void AssertRelativelyClose(double[] expected, double[] actual, double tolerance, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                double scale = Math.Max(1e-3, Math.Abs(expected[i]));
                double rel = Math.Abs(expected[i] - actual[i]) / scale;
                Assert.True(rel < tolerance, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (relative error {rel:E3}).");
            }
        }

        [Theory]
        [InlineData(2, 1)]
        [InlineData(10, 2)]
        [InlineData(100, 3)]
        [InlineData(1000, 4)]
        public void Generated_gradient_equals_hand_gradient(int n, int seed)
        {
            double[] x = RandomPoint(n, seed);
            var generated = new double[n];
            var hand = new double[n];
            double generatedValue = SumSinExp.ObjectiveGradient(x, generated);
            double handValue = SumSinExp.HandGradient(x, hand);
            Assert.Equal(SumSinExp.Objective(x), generatedValue, 12);
            Assert.Equal(SumSinExp.Objective(x), handValue, 12);
            AssertRelativelyClose(hand, generated, 1e-12, "generated vs hand");
        }

        [Theory]
        [InlineData(2, 5)]
        [InlineData(10, 6)]
        [InlineData(100, 7)]
        public void Gradients_match_central_differences(int n, int seed)
        {
            double[] x = RandomPoint(n, seed);
            var fd = new double[n];
            for (int i = 0; i < n; i++)
            {
                double old = x[i];
                double h = 1e-6 * Math.Max(1.0, Math.Abs(old));
                x[i] = old + h;
                double plus = SumSinExp.Objective(x);
                x[i] = old - h;
                double minus = SumSinExp.Objective(x);
                x[i] = old;
                fd[i] = (plus - minus) / (2.0 * h);
            }

            var generated = new double[n];
            var hand = new double[n];
            SumSinExp.ObjectiveGradient(x, generated);
            SumSinExp.HandGradient(x, hand);
            AssertRelativelyClose(fd, generated, 1e-6, "generated vs finite differences");
            AssertRelativelyClose(fd, hand, 1e-6, "hand vs finite differences");
        }

        [Fact]
        public void Generated_gradient_accumulates()
        {
            double[] x = RandomPoint(20, 8);
            var once = new double[x.Length];
            var twice = new double[x.Length];
            SumSinExp.ObjectiveGradient(x, once);
            SumSinExp.ObjectiveGradient(x, twice);
            SumSinExp.ObjectiveGradient(x, twice);
            for (int i = 0; i < once.Length; i++) once[i] *= 2.0;
            AssertRelativelyClose(once, twice, 1e-12, "twice-accumulated");
        }

        [Fact]
        public void Single_element_has_zero_gradient()
        {
            var x = new[] { 0.7 };
            var dX = new double[1];
            Assert.Equal(0.0, SumSinExp.ObjectiveGradient(x, dX));
            Assert.Equal(0.0, dX[0]);
        }
    }
}
