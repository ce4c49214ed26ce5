using System;
using Xunit;

namespace Diff.Workloads.Tests
{
    /// <summary>ADBench bundle adjustment: the residuals and the sparse Jacobian from <c>MJacobian</c>, against ADBench's test values.</summary>
    public class BaTests
    {
        private static BaData LoadTest() => BaData.Load(AdBenchData.File("data/ba/test.txt"));

        [Fact]
        public void Reader_reads_and_replicates_the_test_file()
        {
            BaData data = LoadTest();
            Assert.Equal((2, 10, 10), (data.N, data.M, data.P));
            Assert.Equal(211.628116, data.Cameras[11 + 6]);
            Assert.Equal(1.403869, data.Points[9 * 3 + 2]);
            Assert.Equal(0.417022, data.Weights[9]);
            Assert.Equal(161.811929, data.Features[19]);
        }

        [Fact]
        public void Objective_reproduces_the_reference_residuals()
        {
            BaData data = LoadTest();
            var reprojection = new double[2 * data.P];
            var weights = new double[data.P];
            BundleAdjustment.Objective(data, reprojection, weights);

            // The reference gives one observation's x error, y error and weight error: every observation is identical.
            double[] expected = Compare.ReadReference("reference_values_from_tests/ba_test_F.txt");
            Assert.Equal(3, expected.Length);
            for (int i = 0; i < data.P; i++)
            {
                Compare.AllClose(expected, new[] { reprojection[2 * i], reprojection[2 * i + 1], weights[i] }, 1e-8, "F of observation " + i);
            }
        }

        [Fact]
        public void Jacobian_from_the_generated_MJacobian_reproduces_the_reference()
        {
            BaData data = LoadTest();
            var reprojection = new double[2 * data.P];
            var weights = new double[data.P];
            var values = new double[31 * data.P];
            BundleAdjustment.Jacobian(data, reprojection, weights, values);
            Compare.AllClose(Compare.ReadReference("reference_values_from_tests/ba_test_J_vals.txt"), values, 1e-8, "J");

            // The Jacobian run leaves the residuals as the objective computes them.
            var objective = new double[2 * data.P];
            var objectiveWeights = new double[data.P];
            BundleAdjustment.Objective(data, objective, objectiveWeights);
            Assert.Equal(objective, reprojection);
            Assert.Equal(objectiveWeights, weights);
        }
    }
}
