using Xunit;

namespace Diff.Workloads.Tests
{
    /// <summary>The GMM objective written with helpers: the same value and the same gradient as the one-method objective.</summary>
    public class GmmWithHelpersTests
    {
        [Theory]
        [InlineData("data/gmm/test.txt")]
        [InlineData("data/gmm/1k/gmm_d2_K5.txt")]
        [InlineData("data/gmm/1k/gmm_d10_K25.txt")]
        public void Value_and_gradient_match_the_one_method_objective(string file)
        {
            GmmData g = GmmData.Load(AdBenchData.File(file));
            double expected = GmmObjective.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);
            Assert.True(Compare.Rho(expected, GmmWithHelpers.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M)) < 1e-12);

            var dAlphas = new double[g.Alphas.Length];
            var dMeans = new double[g.Means.Length];
            var dIcf = new double[g.Icf.Length];
            GmmObjective.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);

            var hAlphas = new double[g.Alphas.Length];
            var hMeans = new double[g.Means.Length];
            var hIcf = new double[g.Icf.Length];
            double value = GmmWithHelpers.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, hAlphas, hMeans, hIcf);
            Assert.True(Compare.Rho(expected, value) < 1e-12);
            Compare.AllClose(Compare.Concat(dAlphas, dMeans, dIcf), Compare.Concat(hAlphas, hMeans, hIcf), 1e-9, $"helpers vs one method ({file})");
        }

        [Fact]
        public void The_reference_jacobian_is_reproduced()
        {
            GmmData g = GmmData.Load(AdBenchData.File("data/gmm/test.txt"));
            var dAlphas = new double[g.Alphas.Length];
            var dMeans = new double[g.Means.Length];
            var dIcf = new double[g.Icf.Length];
            GmmWithHelpers.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
            Compare.AllClose(Compare.ReadReference("reference_values_from_tests/gmm_test_J.txt"), Compare.Concat(dAlphas, dMeans, dIcf), 1e-8, "dGMM with helpers");
        }
    }
}
