using System;
using Xunit;

namespace Diff.Workloads.Tests
{
    public class GmmTests
    {
        private const double ExpectedTestObjective = 8.07380408004975791;

        private static GmmData LoadTest() => GmmData.Load(AdBenchData.File("data/gmm/test.txt"));

        private static double Objective(GmmData g) =>
            GmmObjective.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);

        private static (double Value, double[] Gradient) Generated(GmmData g)
        {
            var dAlphas = new double[g.Alphas.Length];
            var dMeans = new double[g.Means.Length];
            var dIcf = new double[g.Icf.Length];
            double value = GmmObjective.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M,
                dAlphas, dMeans, dIcf);
            return (value, Compare.Concat(dAlphas, dMeans, dIcf));
        }

        private static (double Value, double[] Gradient) Hand(GmmData g)
        {
            var dAlphas = new double[g.Alphas.Length];
            var dMeans = new double[g.Means.Length];
            var dIcf = new double[g.Icf.Length];
            double value = GmmObjective.HandGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M,
                dAlphas, dMeans, dIcf);
            return (value, Compare.Concat(dAlphas, dMeans, dIcf));
        }

        [Fact]
        public void Reader_reads_the_test_file()
        {
            GmmData g = LoadTest();
            Assert.Equal((2, 3, 1), (g.D, g.K, g.N));
            Assert.Equal(-0.649014, g.Alphas[0]);
            Assert.Equal(0.396767, g.Means[3]);
            Assert.Equal(-1.270071, g.Icf[8]);
            Assert.Equal(2.029160, g.X[1]);
            Assert.Equal(1.0, g.Gamma);
            Assert.Equal(0, g.M);
            Assert.Equal(18, g.GradientLength);
        }

        [Fact]
        public void Objective_reproduces_the_reference_value()
        {
            double err = Objective(LoadTest());
            Assert.True(Compare.Rho(ExpectedTestObjective, err) < 1e-12, $"err = {err:R}, expected {ExpectedTestObjective:R}.");
        }

        [Fact]
        public void Reference_objective_file_agrees()
        {
            double[] f = Compare.ReadReference("reference_values_from_tests/gmm_test_F.txt");
            Assert.Single(f);
            Assert.Equal(ExpectedTestObjective, f[0]);
        }

        [Fact]
        public void Generated_gradient_reproduces_the_reference_jacobian()
        {
            GmmData g = LoadTest();
            (double value, double[] gradient) = Generated(g);
            Assert.Equal(Objective(g), value, 12);
            Compare.AllClose(Compare.ReadReference("reference_values_from_tests/gmm_test_J.txt"), gradient, 1e-8, "generated dGMM");
        }

        [Fact]
        public void Hand_gradient_reproduces_the_reference_jacobian()
        {
            GmmData g = LoadTest();
            (double value, double[] gradient) = Hand(g);
            Assert.Equal(Objective(g), value, 12);
            Compare.AllClose(Compare.ReadReference("reference_values_from_tests/gmm_test_J.txt"), gradient, 1e-8, "hand dGMM");
        }

        [Theory]
        [InlineData("data/gmm/test.txt")]
        [InlineData("data/gmm/1k/gmm_d2_K5.txt")]
        [InlineData("data/gmm/1k/gmm_d10_K25.txt")]
        public void Generated_gradient_matches_hand_gradient(string file)
        {
            GmmData g = GmmData.Load(AdBenchData.File(file));
            (double generatedValue, double[] generated) = Generated(g);
            (double handValue, double[] hand) = Hand(g);
            Assert.True(Compare.Rho(handValue, generatedValue) < 1e-12, $"value: hand {handValue:R}, generated {generatedValue:R}.");
            Compare.AllClose(hand, generated, 1e-8, $"generated vs hand dGMM ({file})");
        }

        [Theory]
        [InlineData("data/gmm/test.txt")]
        [InlineData("data/gmm/1k/gmm_d2_K5.txt")]
        public void Hand_gradient_matches_central_differences(string file)
        {
            GmmData g = GmmData.Load(AdBenchData.File(file));
            double[] hand = Hand(g).Gradient;
            double[] fd = CentralDifferences(g);
            Compare.AllClose(fd, hand, 1e-4, $"hand vs finite differences ({file})");
        }

        [Fact]
        public void Generated_gradient_accumulates_into_the_adjoints()
        {
            GmmData g = LoadTest();
            var dAlphas = new double[g.Alphas.Length];
            var dMeans = new double[g.Means.Length];
            var dIcf = new double[g.Icf.Length];
            GmmObjective.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
            GmmObjective.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
            double[] once = Generated(g).Gradient;
            double[] twice = Compare.Concat(dAlphas, dMeans, dIcf);
            for (int i = 0; i < once.Length; i++) once[i] *= 2.0;
            Compare.AllClose(once, twice, 1e-12, "twice-accumulated dGMM");
        }

        private static double[] CentralDifferences(GmmData g)
        {
            var result = new double[g.GradientLength];
            int offset = 0;
            foreach (double[] parameters in new[] { g.Alphas, g.Means, g.Icf })
            {
                for (int i = 0; i < parameters.Length; i++)
                {
                    double old = parameters[i];
                    double h = 1e-6 * Math.Max(1.0, Math.Abs(old));
                    parameters[i] = old + h;
                    double plus = Objective(g);
                    parameters[i] = old - h;
                    double minus = Objective(g);
                    parameters[i] = old;
                    result[offset + i] = (plus - minus) / (2.0 * h);
                }
                offset += parameters.Length;
            }
            return result;
        }
    }
}
