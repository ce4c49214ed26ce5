using System;
using Xunit;

namespace Diff.Workloads.Tests
{
    /// <summary>
    /// ADBench hand tracking: the residuals and the Jacobians assembled from the generated <c>MJacobian</c>s, against
    /// ADBench's test values (<c>test.txt</c> and <c>hand_complicated.txt</c> with <c>data/hand/model</c>), and
    /// against central differences on the benchmark instances.
    /// </summary>
    public class HandTests
    {
        private static HandData Load(string file, bool complicated, string modelFolder = "data/hand/model") =>
            HandData.Load(AdBenchData.File(file), System.IO.Path.Combine(AdBenchData.Locate(), modelFolder), complicated);

        private static HandData Simple() => Load("data/hand/test.txt", complicated: false);

        private static HandData Complicated() => Load("data/hand/hand_complicated.txt", complicated: true);

        [Fact]
        public void Reader_reads_the_model_and_the_test_files()
        {
            HandData data = Simple();
            HandModel model = data.Model;
            Assert.Equal((22, 544, 1084), (model.Bones, model.Vertices, model.TriangleCount));
            Assert.Equal("wrist", model.BoneNames[0]);
            Assert.Equal("forearm", model.BoneNames[21]);
            Assert.Equal(-1, model.Parents[0]);
            Assert.Equal(2, model.Parents[3]);
            Assert.Equal(0.9205236434936523, model.BaseRelatives[0]);
            Assert.Equal(-0.1684776246547699, model.BaseRelatives[1]);
            Assert.Equal(0.9205235242843628, model.InverseBaseAbsolutes[0]);
            Assert.Equal(-0.11152653396129608, model.InverseBaseAbsolutes[1]);
            Assert.Equal(0.07706871628761292, model.Positions[1]);

            // Vertex 0 lists four bone:weight pairs, vertex 1 three.
            Assert.Equal(new[] { 0, 4, 7 }, model.WeightStart[..3]);
            Assert.Equal(new[] { 2, 0, 3, 5 }, model.WeightBones[..4]);
            Assert.Equal(0.3625080610927875, model.Weights[1]);
            Assert.Equal(new[] { 290, 412, 289 }, model.Triangles[..3]);

            Assert.False(data.IsComplicated);
            Assert.Equal(new[] { 309, 387 }, data.Correspondences);
            Assert.Equal(-1.730528, data.Points[5]);
            Assert.Equal(HandTracking.ThetaCount, data.Theta.Length);
            Assert.Equal(-0.521279, data.Theta[0]);
            Assert.Equal(0.204648, data.Theta[25]);

            HandData complicated = Complicated();
            Assert.True(complicated.IsComplicated);
            Assert.Equal(new[] { 0.2, 0.25, 0.4, 0.5 }, complicated.Us);
            Assert.Equal(data.Theta, complicated.Theta);
        }

        [Fact]
        public void Reader_rejects_a_correspondence_outside_the_model()
        {
            string path = System.IO.Path.GetTempFileName();
            try
            {
                System.IO.File.WriteAllText(path, "1 26\n544 0 0 0\n" + string.Join("\n", new string('0', 26).ToCharArray()));
                var error = Assert.Throws<System.IO.InvalidDataException>(() =>
                    HandData.Load(path, System.IO.Path.Combine(AdBenchData.Locate(), "data/hand/model"), complicated: false));
                Assert.Contains("544", error.Message);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [Fact]
        public void Simple_objective_reproduces_the_reference_residuals()
        {
            HandData data = Simple();
            var residuals = new double[3 * data.N];
            HandTracking.Objective(data, data.Theta, residuals);
            Compare.AllClose(Compare.ReadReference("reference_values_from_tests/hand_test_simple_F.txt"), residuals, 1e-8, "F");
        }

        [Fact]
        public void Simple_Jacobian_from_the_generated_MJacobian_reproduces_the_reference()
        {
            HandData data = Simple();
            var residuals = new double[3 * data.N];
            var jacobian = new double[3 * data.N * HandTracking.ThetaCount];
            HandTracking.Jacobian(data, data.Theta, residuals, jacobian);
            Compare.AllClose(Compare.ReadReference("reference_values_from_tests/hand_test_simple_J_colmajor.txt"), jacobian, 1e-8, "J");

            // The Jacobian run leaves the residuals as the objective computes them.
            var objective = new double[3 * data.N];
            HandTracking.Objective(data, data.Theta, objective);
            Assert.Equal(objective, residuals);
        }

        [Fact]
        public void Complicated_objective_reproduces_the_reference_residuals()
        {
            HandData data = Complicated();
            var residuals = new double[3 * data.N];
            HandTracking.Objective(data, data.Theta, residuals);
            Compare.AllClose(Compare.ReadReference("reference_values_from_tests/hand_test_complicated_F.txt"), residuals, 1e-8, "F");
        }

        [Fact]
        public void Complicated_Jacobian_from_the_generated_MJacobian_reproduces_the_reference()
        {
            HandData data = Complicated();
            var residuals = new double[3 * data.N];
            var jacobian = new double[3 * data.N * (2 + HandTracking.ThetaCount)];
            HandTracking.Jacobian(data, data.Theta, residuals, jacobian);
            Compare.AllClose(Compare.ReadReference("reference_values_from_tests/hand_test_complicated_J_colmajor.txt"), jacobian, 1e-8, "J");

            var objective = new double[3 * data.N];
            HandTracking.Objective(data, data.Theta, objective);
            Assert.Equal(objective, residuals);
        }

        /// <summary>Posing only the corresponding vertices gives the objective's residuals exactly.</summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Residuals_of_the_corresponding_vertices_equal_the_objective(bool complicated)
        {
            string folder = complicated ? "data/hand/complicated_small" : "data/hand/simple_small";
            HandData data = Load(folder + "/hand1_t26_c100.txt", complicated, folder + "/model");
            var objective = new double[3 * data.N];
            var residuals = new double[3 * data.N];
            HandTracking.Objective(data, data.Theta, objective);
            HandTracking.Residuals(data, data.Theta, residuals);
            Assert.Equal(objective, residuals);
            Assert.Contains(objective, v => Math.Abs(v) > 0.1);
        }

        /// <summary>
        /// The benchmark instances (100 correspondences, vertices of up to four bones, triangles whose vertices share
        /// bones) against central differences of the objective, with ADBench's finite-difference tolerance.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Jacobian_of_the_benchmark_instance_matches_central_differences(bool complicated)
        {
            string folder = complicated ? "data/hand/complicated_small" : "data/hand/simple_small";
            HandData data = Load(folder + "/hand1_t26_c100.txt", complicated, folder + "/model");
            int rows = 3 * data.N, lead = complicated ? 2 : 0;
            var residuals = new double[rows];
            var jacobian = new double[rows * (lead + HandTracking.ThetaCount)];
            HandTracking.Jacobian(data, data.Theta, residuals, jacobian);

            var expected = new double[jacobian.Length];
            var plus = new double[rows];
            var minus = new double[rows];
            const double h = 1e-6;

            // θ columns.
            for (int c = 0; c < HandTracking.ThetaCount; c++)
            {
                double[] theta = (double[])data.Theta.Clone();
                theta[c] = data.Theta[c] + h;
                HandTracking.Objective(data, theta, plus);
                theta[c] = data.Theta[c] - h;
                HandTracking.Objective(data, theta, minus);
                for (int r = 0; r < rows; r++) expected[r + rows * (lead + c)] = (plus[r] - minus[r]) / (2 * h);
            }

            // The u columns: u_j1 and u_j2 move only observation j's rows, so perturb every observation's at once.
            for (int c = 0; c < lead; c++)
            {
                double[] us = data.Us!;
                double[] saved = (double[])us.Clone();
                for (int j = 0; j < data.N; j++) us[2 * j + c] = saved[2 * j + c] + h;
                HandTracking.Objective(data, data.Theta, plus);
                for (int j = 0; j < data.N; j++) us[2 * j + c] = saved[2 * j + c] - h;
                HandTracking.Objective(data, data.Theta, minus);
                saved.CopyTo(us, 0);
                for (int r = 0; r < rows; r++) expected[r + rows * c] = (plus[r] - minus[r]) / (2 * h);
            }

            Compare.AllClose(expected, jacobian, 1e-4, "J");

            // Not vacuous: every column has a non-zero somewhere.
            for (int c = 0; c < lead + HandTracking.ThetaCount; c++)
            {
                Assert.Contains(jacobian.AsSpan(rows * c, rows).ToArray(), v => Math.Abs(v) > 1e-3);
            }
        }

        [Fact]
        public void Jacobian_rejects_a_buffer_of_the_wrong_length()
        {
            HandData data = Simple();
            var error = Assert.Throws<ArgumentException>(() =>
                HandTracking.Jacobian(data, data.Theta, new double[3 * data.N], new double[3 * data.N * HandTracking.ThetaCount - 1]));
            Assert.Equal("jacobian", error.ParamName);
        }
    }
}
