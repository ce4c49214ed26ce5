using System.IO;
using BenchmarkDotNet.Attributes;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>
    /// ADBench bundle adjustment: the objective (all residuals) against the sparse Jacobian computed block by
    /// block with the generated <c>ReprojectionJacobian</c> and <c>WeightErrorJacobian</c>.
    /// </summary>
    [MemoryDiagnoser]
    public class BaBenchmarks
    {
        private BaData _data;
        private double[] _reprojection;
        private double[] _weights;
        private double[] _values;

        /// <summary>The data file under <c>adbench/data/ba</c>.</summary>
        [Params("ba1_n49_m7776_p31843.txt")]
        public string File { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _data = BaData.Load(AdBenchData.File(Path.Combine("data", "ba", File)));
            _reprojection = new double[2 * _data.P];
            _weights = new double[_data.P];
            _values = new double[31 * _data.P];
        }

        [Benchmark(Baseline = true)]
        public void Objective() => BundleAdjustment.Objective(_data, _reprojection, _weights);

        [Benchmark]
        public void Jacobian() => BundleAdjustment.Jacobian(_data, _reprojection, _weights, _values);
    }
}
