using System;
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

namespace Diff.Benchmarks
{
    /// <summary>
    /// The parts of the bundle-adjustment Jacobian, each over every observation of the file: the objective's part
    /// (<c>Reprojection</c>), one pullback in lanes seeding both rows, the 2 × 15 block with its wrapper, and the 1 × 1
    /// weight block. Divide by the observation count (31,843) for a time per observation.
    /// </summary>
    [MemoryDiagnoser]
    public class BaPartsBenchmarks
    {
        private BaData _data;
        private double[] _reprojection;
        private double[] _weights;

        /// <summary>The data file under <c>adbench/data/ba</c>.</summary>
        [Params("ba1_n49_m7776_p31843.txt")]
        public string File { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _data = BaData.Load(AdBenchData.File(System.IO.Path.Combine("data", "ba", File)));
            _reprojection = new double[2 * _data.P];
            _weights = new double[_data.P];
        }

        [Benchmark(Baseline = true)]
        public void Reprojection()
        {
            for (int i = 0; i < _data.P; i++)
            {
                BundleAdjustment.Reprojection(Camera(i), Point(i), _data.Weights[i], Feature(i), _reprojection.AsSpan(2 * i, 2));
            }
        }

        /// <summary>The pullback in the two lanes the Jacobian of a 2-row block runs in.</summary>
        [Benchmark]
        public void ReprojectionPullbackLanes() => PullbackInLanes<Diff.Internal.TangentLanes2>();

        /// <summary>The same pullback in eight lanes, six of them zero: what the Jacobian cost before it chose its width.</summary>
        [Benchmark]
        public void ReprojectionPullbackLanes8() => PullbackInLanes<Diff.Internal.TangentLanes>();

        private void PullbackInLanes<TLanes>()
            where TLanes : unmanaged, Diff.Internal.ITangentLanes<TLanes>
        {
            System.Span<TLanes> dCamera = stackalloc TLanes[11];
            System.Span<TLanes> dPoint = stackalloc TLanes[3];
            System.Span<TLanes> dResidual = stackalloc TLanes[2];
            for (int i = 0; i < _data.P; i++)
            {
                dCamera.Clear();
                dPoint.Clear();
                TLanes dWeight = default;
                dResidual[0] = TLanes.Unit(0);
                dResidual[1] = TLanes.Unit(1);
                BundleAdjustment.ReprojectionPullbackLanes(Camera(i), Point(i), _data.Weights[i], Feature(i), _reprojection.AsSpan(2 * i, 2), dCamera, dPoint, ref dWeight, dResidual);
            }
        }

        [Benchmark]
        public void ReprojectionJacobian()
        {
            System.Span<double> block = stackalloc double[30];
            for (int i = 0; i < _data.P; i++)
            {
                BundleAdjustment.ReprojectionJacobian(Camera(i), Point(i), _data.Weights[i], Feature(i), _reprojection.AsSpan(2 * i, 2), block);
            }
        }

        [Benchmark]
        public void WeightErrorJacobian()
        {
            System.Span<double> block = stackalloc double[1];
            for (int i = 0; i < _data.P; i++)
            {
                BundleAdjustment.WeightErrorJacobian(_data.Weights[i], _weights.AsSpan(i, 1), block);
            }
        }

        private System.ReadOnlySpan<double> Camera(int i) => _data.Cameras.AsSpan(_data.CameraOf(i) * 11, 11);

        private System.ReadOnlySpan<double> Point(int i) => _data.Points.AsSpan(_data.PointOf(i) * 3, 3);

        private System.ReadOnlySpan<double> Feature(int i) => _data.Features.AsSpan(2 * i, 2);
    }
}
