using BenchmarkDotNet.Attributes;
using Diff.NN;
using Diff.Optim;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>
    /// One training step of the 784-256-128-10 perceptron, batch 64, cross-entropy, SGD with
    /// momentum: <c>ZeroGrad</c>, forward and backward through the generated <c>LossGradient</c>,
    /// <c>Step</c>. <c>bench/peers/mlp_step.py</c> times the same step in PyTorch.
    /// </summary>
    [MemoryDiagnoser]
    public class MlpStepBenchmarks
    {
        private Sequential _model;
        private SGD _optimizer;
        private Tensor _x;
        private int[] _y;

        [GlobalSetup]
        public void Setup()
        {
            _model = MlpStep.CreateModel();
            _optimizer = MlpStep.CreateOptimizer(_model);
            (_x, _y) = MlpStep.CreateBatch();
        }

        [Benchmark]
        public float TrainingStep() => MlpStep.Step(_model, _optimizer, _x, _y);
    }
}
