using System.IO;
using BenchmarkDotNet.Attributes;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>
    /// ADBench hand tracking: the objective (every vertex of the mesh posed, then the residuals, as ADBench's objective
    /// does), the residuals alone (only the corresponding vertices posed), and the Jacobian assembled from the generated
    /// <c>GlobalPoseResidualsJacobian</c>, one <c>FingerResidualsJacobian</c> per finger and, for the complicated problem,
    /// two <c>TriangleResidualsTangent</c> runs (the block-diagonal u columns, compressed).
    /// </summary>
    [MemoryDiagnoser]
    public class HandBenchmarks
    {
        private HandData _data;
        private double[] _residuals;
        private double[] _jacobian;

        /// <summary>The instance folder under <c>adbench/data/hand</c>; each has its own <c>model</c> folder.</summary>
        [Params("simple_small", "complicated_small")]
        public string Instance { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            string folder = Path.Combine("data", "hand", Instance);
            bool complicated = Instance.StartsWith("complicated", System.StringComparison.Ordinal);
            _data = HandData.Load(AdBenchData.File(Path.Combine(folder, "hand1_t26_c100.txt")),
                Path.Combine(AdBenchData.Locate(), folder, "model"), complicated);
            _residuals = new double[3 * _data.N];
            _jacobian = new double[3 * _data.N * ((complicated ? 2 : 0) + HandTracking.ThetaCount)];
        }

        [Benchmark(Baseline = true)]
        public void Objective() => HandTracking.Objective(_data, _data.Theta, _residuals);

        [Benchmark]
        public void Residuals() => HandTracking.Residuals(_data, _data.Theta, _residuals);

        [Benchmark]
        public void Jacobian() => HandTracking.Jacobian(_data, _data.Theta, _residuals, _jacobian);
    }
}
