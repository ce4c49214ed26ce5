using System;
using System.Linq;
using Xunit;

namespace Diff.Workloads.Tests
{
    /// <summary>The generated Hessian-vector product of the ADBench GMM objective (forward over reverse) on the small test file.</summary>
    public class GmmHessianVectorTests
    {
        [Fact]
        public void Hessian_vector_product_matches_differences_of_the_gradient()
        {
            GmmData g = GmmData.Load(AdBenchData.File("data/gmm/test.txt"));
            var random = new System.Random(7);
            double[] vAlphas = g.Alphas.Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] vMeans = g.Means.Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] vIcf = g.Icf.Select(_ => random.NextDouble() - 0.5).ToArray();

            var dAlphas = new double[g.Alphas.Length];
            var dMeans = new double[g.Means.Length];
            var dIcf = new double[g.Icf.Length];
            var hvAlphas = new double[g.Alphas.Length];
            var hvMeans = new double[g.Means.Length];
            var hvIcf = new double[g.Icf.Length];
            double value = GmmObjective.ObjectiveHessianVector(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M,
                vAlphas, vMeans, vIcf, dAlphas, dMeans, dIcf, hvAlphas, hvMeans, hvIcf);

            Assert.Equal(GmmObjective.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M), value);
            double[] gradient = Gradient(g, g.Alphas, g.Means, g.Icf);
            Assert.Equal(gradient, Compare.Concat(dAlphas, dMeans, dIcf));

            const double h = 1e-5;
            double[] Shift(double[] p, double[] v, double s) => p.Zip(v, (a, b) => a + s * b).ToArray();
            double[] plus = Gradient(g, Shift(g.Alphas, vAlphas, h), Shift(g.Means, vMeans, h), Shift(g.Icf, vIcf, h));
            double[] minus = Gradient(g, Shift(g.Alphas, vAlphas, -h), Shift(g.Means, vMeans, -h), Shift(g.Icf, vIcf, -h));
            double[] product = Compare.Concat(hvAlphas, hvMeans, hvIcf);
            for (int i = 0; i < product.Length; i++)
            {
                double expected = (plus[i] - minus[i]) / (2 * h);
                Assert.True(Math.Abs(expected - product[i]) <= 1e-6 * (1 + Math.Abs(expected)), $"component {i}: H·v {product[i]:R}, differences {expected:R}");
            }
        }

        private static double[] Gradient(GmmData g, double[] alphas, double[] means, double[] icf)
        {
            var dAlphas = new double[alphas.Length];
            var dMeans = new double[means.Length];
            var dIcf = new double[icf.Length];
            GmmObjective.ObjectiveGradient(alphas, means, icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
            return Compare.Concat(dAlphas, dMeans, dIcf);
        }
    }
}
