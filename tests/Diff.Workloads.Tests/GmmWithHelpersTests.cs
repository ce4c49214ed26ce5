using System.Collections.Generic;
using Xunit;

namespace Diff.Workloads.Tests
{
    /// <summary>
    /// The GMM objective written with helpers, both ways (<see cref="GmmWithHelpers"/>, value-returning helpers, and
    /// <see cref="GmmWithBufferHelpers"/>, helpers that write buffers as ADBench's C++ code does): the same value and the
    /// same gradient as the one-method objective, the reference Jacobian, and no allocation once warm.
    /// </summary>
    public class GmmWithHelpersTests
    {
        private delegate double Objective(double[] alphas, double[] means, double[] icf, double[] x, int d, int k, int n, double gamma, int m);

        private delegate double Gradient(double[] alphas, double[] means, double[] icf, double[] x, int d, int k, int n, double gamma, int m,
            double[] dAlphas, double[] dMeans, double[] dIcf);

        private static readonly Dictionary<string, (Objective Objective, Gradient Gradient)> Formulations = new()
        {
            [nameof(GmmWithHelpers)] = (GmmWithHelpers.Objective, GmmWithHelpers.ObjectiveGradient),
            [nameof(GmmWithBufferHelpers)] = (GmmWithBufferHelpers.Objective, GmmWithBufferHelpers.ObjectiveGradient),
        };

        [Theory]
        [InlineData(nameof(GmmWithHelpers), "data/gmm/test.txt")]
        [InlineData(nameof(GmmWithHelpers), "data/gmm/1k/gmm_d2_K5.txt")]
        [InlineData(nameof(GmmWithHelpers), "data/gmm/1k/gmm_d10_K25.txt")]
        [InlineData(nameof(GmmWithBufferHelpers), "data/gmm/test.txt")]
        [InlineData(nameof(GmmWithBufferHelpers), "data/gmm/1k/gmm_d2_K5.txt")]
        [InlineData(nameof(GmmWithBufferHelpers), "data/gmm/1k/gmm_d10_K25.txt")]
        public void Value_and_gradient_match_the_one_method_objective(string formulation, string file)
        {
            (Objective objective, Gradient gradient) = Formulations[formulation];
            GmmData g = GmmData.Load(AdBenchData.File(file));
            double expected = GmmObjective.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);
            Assert.True(Compare.Rho(expected, objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M)) < 1e-12);

            var dAlphas = new double[g.Alphas.Length];
            var dMeans = new double[g.Means.Length];
            var dIcf = new double[g.Icf.Length];
            GmmObjective.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);

            var hAlphas = new double[g.Alphas.Length];
            var hMeans = new double[g.Means.Length];
            var hIcf = new double[g.Icf.Length];
            double value = gradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, hAlphas, hMeans, hIcf);
            Assert.True(Compare.Rho(expected, value) < 1e-12);
            Compare.AllClose(Compare.Concat(dAlphas, dMeans, dIcf), Compare.Concat(hAlphas, hMeans, hIcf), 1e-9, $"{formulation} vs one method ({file})");
        }

        /// <summary>
        /// Once warm, a gradient call allocates nothing: the tapes, the adjoint arrays, the callees' halves' scratch and the
        /// objective's own local arrays (the helpers' included) all come from the per-thread pools.
        /// </summary>
        [Theory]
        [InlineData(nameof(GmmWithHelpers), "data/gmm/test.txt")]
        [InlineData(nameof(GmmWithHelpers), "data/gmm/1k/gmm_d2_K5.txt")]
        [InlineData(nameof(GmmWithHelpers), "data/gmm/1k/gmm_d10_K25.txt")]
        [InlineData(nameof(GmmWithHelpers), "data/gmm/1k/gmm_d64_K50.txt")]
        [InlineData(nameof(GmmWithBufferHelpers), "data/gmm/1k/gmm_d2_K5.txt")]
        [InlineData(nameof(GmmWithBufferHelpers), "data/gmm/1k/gmm_d64_K50.txt")]
        public void A_warm_gradient_allocates_nothing(string formulation, string file)
        {
            (Objective objective, Gradient gradient) = Formulations[formulation];
            GmmData g = GmmData.Load(AdBenchData.File(file));
            var dAlphas = new double[g.Alphas.Length];
            var dMeans = new double[g.Means.Length];
            var dIcf = new double[g.Icf.Length];
            for (int warm = 0; warm < 3; warm++)
            {
                objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);
                gradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
            }

            long before = System.GC.GetAllocatedBytesForCurrentThread();
            objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);
            long objectiveBytes = System.GC.GetAllocatedBytesForCurrentThread() - before;
            before = System.GC.GetAllocatedBytesForCurrentThread();
            gradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
            long gradientBytes = System.GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(gradientBytes == 0, $"{formulation}, {file}: objective {objectiveBytes} B, gradient {gradientBytes} B");
        }

        [Theory]
        [InlineData(nameof(GmmWithHelpers))]
        [InlineData(nameof(GmmWithBufferHelpers))]
        public void The_reference_jacobian_is_reproduced(string formulation)
        {
            GmmData g = GmmData.Load(AdBenchData.File("data/gmm/test.txt"));
            var dAlphas = new double[g.Alphas.Length];
            var dMeans = new double[g.Means.Length];
            var dIcf = new double[g.Icf.Length];
            Formulations[formulation].Gradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
            Compare.AllClose(Compare.ReadReference("reference_values_from_tests/gmm_test_J.txt"), Compare.Concat(dAlphas, dMeans, dIcf), 1e-8, $"d{formulation}");
        }
    }
}
