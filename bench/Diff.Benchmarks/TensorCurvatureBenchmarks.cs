using BenchmarkDotNet.Attributes;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>
    /// The generated tensor-mode <c>LossHessianVector</c> (forward over reverse: the loss, its gradient and H·v in one
    /// call) against the loss and <c>LossGradient</c>, for a 784-128-10 tanh perceptron at batch 64. The gradient is the
    /// baseline: H·v ÷ gradient is what a curvature step costs over a gradient step.
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn]
    public class TensorCurvatureBenchmarks
    {
        private Tensor _w1, _b1, _w2, _x, _oneHot, _v1, _vb1, _v2;
        private Tensor _d1, _db1, _d2, _h1, _hb1, _h2;

        [GlobalSetup]
        public void Setup()
        {
            (_w1, _b1, _w2, _x, _oneHot) = TensorCurvature.Create(inputs: 784, hidden: 128, classes: 10, batch: 64);
            (_v1, _vb1, _v2, _, _) = TensorCurvature.Create(inputs: 784, hidden: 128, classes: 10, batch: 1, seed: 4);
            _d1 = Tensor.ZerosLike(_w1);
            _db1 = Tensor.ZerosLike(_b1);
            _d2 = Tensor.ZerosLike(_w2);
            _h1 = Tensor.ZerosLike(_w1);
            _hb1 = Tensor.ZerosLike(_b1);
            _h2 = Tensor.ZerosLike(_w2);
        }

        [Benchmark]
        public float Loss() => TensorCurvature.Loss(_w1, _b1, _w2, _x, _oneHot).Item();

        [Benchmark(Baseline = true)]
        public float Gradient() => TensorCurvature.LossGradient(_w1, _b1, _w2, _x, _oneHot, _d1, _db1, _d2).Item();

        [Benchmark]
        public float HessianVector() =>
            TensorCurvature.LossHessianVector(_w1, _b1, _w2, _x, _oneHot, _v1, _vb1, _v2, _d1, _db1, _d2, _h1, _hb1, _h2).Item();
    }
}
