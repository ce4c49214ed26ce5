using System;
using BenchmarkDotNet.Attributes;
using Diff.NN;
using Diff.Optim;
using Diff.Workloads;

namespace Diff.TorchPeers
{
    /// <summary>
    /// One MLP training step (zero_grad, forward, backward, step; cross-entropy, SGD lr 0.01 momentum
    /// 0.9) by DiffGen and by TorchSharp in the same benchmark class, with the same number of threads
    /// (<see cref="Threads"/>) and the same initial weights and batch.
    /// </summary>
    [MemoryDiagnoser]
    [MinColumn, MedianColumn, MaxColumn]
    public class MlpStepPeerBenchmarks
    {
        private Sequential _model;
        private SGD _optimizer;
        private Tensor _x;
        private int[] _y;
        private TorchMlp _torch;

        /// <summary>The layer sizes and the batch, as <c>in-h1-h2-out/batch</c>.</summary>
        [ParamsSource(nameof(Nets))]
        public string Net { get; set; }

        /// <summary>Threads for both: DiffGen's matrix products (the processor count) and torch's intra-op pool.</summary>
        [Params(1, 2)]
        public int Threads { get; set; }

        public static string[] Nets => MlpNets.All;

        /// <summary>
        /// DiffGen's process holds DiffGen alone (BenchmarkDotNet runs each benchmark in a process of its own), so that
        /// libtorch's thread pool and allocator are not in the process whose step is timed; the check that both compute
        /// the same runs in TorchSharp's.
        /// </summary>
        [GlobalSetup(Target = nameof(DiffGen))]
        public void SetupDiffGen()
        {
            ThreadSettings.ApplyToDiffGen(Threads);
            (_model, _optimizer, _x, _y) = MlpNets.Create(Net);
            SteadyState.Reach(DiffGen);
        }

        /// <summary>TorchSharp's process, with DiffGen's initial weights and batch copied in.</summary>
        [GlobalSetup(Target = nameof(TorchSharp))]
        public void SetupTorchSharp()
        {
            ThreadSettings.Apply(Threads);

            // Not timed: fresh copies of the net must give the same losses in both before anything is measured.
            LossAgreement.Check(Net, steps: 3);

            (_model, _optimizer, _x, _y) = MlpNets.Create(Net);
            _torch = new TorchMlp(_model, _x, _y);
            SteadyState.Reach(TorchSharp);
        }

        [GlobalCleanup]
        public void Cleanup() => _torch?.Dispose();

        [Benchmark(Baseline = true)]
        public float DiffGen() => MlpStep.Step(_model, _optimizer, _x, _y);

        [Benchmark]
        public float TorchSharp() => _torch.Step();
    }
}
