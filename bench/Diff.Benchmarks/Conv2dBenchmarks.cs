using BenchmarkDotNet.Attributes;
using Diff.NN;

namespace Diff.Benchmarks
{
    /// <summary>
    /// One forward and backward pass of a 3×3 convolution, 3 → 64 channels, padding 1, over a
    /// 32×3×32×32 batch: the output, and the gradients of the input, the weight and the bias for an
    /// upstream gradient, through the generated <c>ForwardPullback</c>.
    /// <c>bench/peers/conv2d_step.py</c> times the same pass in PyTorch.
    /// </summary>
    [MemoryDiagnoser]
    public class Conv2dBenchmarks
    {
        private Conv2d _layer = null!;
        private Tensor _input = null!;
        private Tensor _upstream = null!;
        private Tensor _inputGradient = null!;

        [GlobalSetup]
        public void Setup()
        {
            _layer = new Conv2d(3, 64, 3, padding: 1, generator: new Generator(0));
            _input = Tensor.Randn(new[] { 32, 3, 32, 32 }, new Generator(1));
            _upstream = Tensor.Randn(new[] { 32, 64, 32, 32 }, new Generator(2));
            _inputGradient = Tensor.ZerosLike(_input);
        }

        [Benchmark]
        public Tensor ForwardBackward()
        {
            // PyTorch: conv.zero_grad(set_to_none=True); x.grad = None; conv(x).backward(upstream)
            _layer.ZeroGrad();
            _inputGradient.AsSpan().Clear();
            return _layer.ForwardPullback(_input, _upstream, _inputGradient);
        }

        [Benchmark]
        public Tensor Forward() => _layer.Forward(_input);
    }
}
