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

        /// <summary>
        /// Once warm, a gradient call allocates exactly what the objective allocates (the helpers' own arrays): the tapes,
        /// the adjoint arrays, short ones included, and the callees' halves' scratch all come from the per-thread pools.
        /// </summary>
        [Theory]
        [InlineData("data/gmm/test.txt")]
        [InlineData("data/gmm/1k/gmm_d2_K5.txt")]
        [InlineData("data/gmm/1k/gmm_d10_K25.txt")]
        [InlineData("data/gmm/1k/gmm_d64_K50.txt")]
        public void A_warm_gradient_allocates_nothing(string file)
        {
            GmmData g = GmmData.Load(AdBenchData.File(file));
            var dAlphas = new double[g.Alphas.Length];
            var dMeans = new double[g.Means.Length];
            var dIcf = new double[g.Icf.Length];
            for (int warm = 0; warm < 3; warm++)
            {
                GmmWithHelpers.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);
                GmmWithHelpers.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
            }

            long before = System.GC.GetAllocatedBytesForCurrentThread();
            GmmWithHelpers.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);
            long objective = System.GC.GetAllocatedBytesForCurrentThread() - before;
            before = System.GC.GetAllocatedBytesForCurrentThread();
            GmmWithHelpers.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
            long gradient = System.GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(gradient == 0, $"{file}: objective {objective} B, gradient {gradient} B");
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
