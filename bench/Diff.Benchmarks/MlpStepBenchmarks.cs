using BenchmarkDotNet.Attributes;
using Diff.NN;
using Diff.Optim;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>
    /// One training step of a perceptron, cross-entropy, SGD with momentum: <c>ZeroGrad</c>, forward and
    /// backward through the generated <c>LossGradient</c>, <c>Step</c>. The 784-256-128-10 net at batch 64 is
    /// the one <c>bench/peers/mlp_step.py</c> times in PyTorch; batch 256 and the wider 784-1024-1024-10 net
    /// show how the step scales. Min and Median are reported beside the mean: a median step far above the
    /// best one is time spent outside the kernels (the garbage collector, before storage was pooled).
    /// </summary>
    [MemoryDiagnoser]
    [MinColumn, MaxColumn, MedianColumn]
    public class MlpStepBenchmarks
    {
        private Sequential _model;
        private SGD _optimizer;
        private Tensor _x;
        private int[] _y;

        /// <summary>The hidden sizes and the batch, as <c>in-h1-h2-out/batch</c>.</summary>
        [Params("784-256-128-10/64", "784-256-128-10/256", "784-1024-1024-10/256")]
        public string Net { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            string[] sizes = Net.Split('/')[0].Split('-');
            int batch = int.Parse(Net.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
            _model = MlpStep.CreateModel(hidden1: int.Parse(sizes[1], System.Globalization.CultureInfo.InvariantCulture), hidden2: int.Parse(sizes[2], System.Globalization.CultureInfo.InvariantCulture));
            _optimizer = MlpStep.CreateOptimizer(_model);
            (_x, _y) = MlpStep.CreateBatch(batch: batch);
        }

        [Benchmark]
        public float TrainingStep() => MlpStep.Step(_model, _optimizer, _x, _y);
    }
}
