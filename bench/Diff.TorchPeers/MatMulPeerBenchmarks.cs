using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using static TorchSharp.torch;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Diff.TorchPeers
{
    /// <summary>
    /// Square float32 products C = A·B (row-major) by DiffGen's allocation-free
    /// <c>Tensor.MatMul(a, b, destination)</c> and by TorchSharp with the same thread count.
    /// TorchSharp 0.107 has no <c>out</c> argument on <c>matmul</c> or <c>mm</c>; its allocation-free
    /// product is <c>c.addmm_(a, b, beta: 0, alpha: 1)</c>, libtorch's GEMM into C with C's old values
    /// ignored. <c>torch.matmul(a, b)</c>, which allocates C each call, is timed beside it.
    /// </summary>
    [Config(typeof(Config))]
    [MemoryDiagnoser]
    [MinColumn, MedianColumn, MaxColumn]
    public class MatMulPeerBenchmarks
    {
        private Tensor _a;
        private Tensor _b;
        private Tensor _c;
        private TorchTensor _torchA;
        private TorchTensor _torchB;
        private TorchTensor _torchC;

        [Params(256, 512, 1024, 2048)]
        public int N { get; set; }

        /// <summary>Threads for both: DiffGen's kernel (the processor count) and torch's intra-op pool.</summary>
        [Params(1, 2)]
        public int Threads { get; set; }

        /// <summary>DiffGen's process holds DiffGen alone, as in <see cref="MlpStepPeerBenchmarks"/>.</summary>
        [GlobalSetup(Target = nameof(DiffGen))]
        public void SetupDiffGen()
        {
            ThreadSettings.ApplyToDiffGen(Threads);
            (float[] a, float[] b) = Operands();
            CreateDiffGenOperands(a, b);
        }

        /// <summary>A TorchSharp process: its operands, and the check that both products agree.</summary>
        [GlobalSetup(Targets = new[] { nameof(TorchSharpAddmmInto), nameof(TorchSharpMatMul) })]
        public void SetupTorchSharp()
        {
            ThreadSettings.Apply(Threads);
            (float[] a, float[] b) = Operands();
            CreateDiffGenOperands(a, b);
            _torchA = tensor(a, new long[] { N, N });
            _torchB = tensor(b, new long[] { N, N });
            _torchC = zeros(N, N);

            // Not timed: both products must agree (float32, sums of N terms of size about 1/3).
            DiffGen();
            TorchSharpAddmmInto();
            float[] diffGen = _c.ToArray();
            float[] torch = _torchC.data<float>().ToArray();
            double maxDifference = 0;
            for (int i = 0; i < diffGen.Length; i++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs(diffGen[i] - torch[i]));
            }

            Console.WriteLine($"// N={N}: largest |DiffGen - TorchSharp| element difference {maxDifference:E2}");
            if (!(maxDifference < 1e-3 * Math.Sqrt(N)))
            {
                throw new InvalidOperationException($"DiffGen and TorchSharp products differ by {maxDifference} at N = {N}.");
            }
        }

        private (float[] A, float[] B) Operands()
        {
            var random = new System.Random(42);
            var a = new float[N * N];
            var b = new float[N * N];
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = (float)(random.NextDouble() * 2.0 - 1.0);
                b[i] = (float)(random.NextDouble() * 2.0 - 1.0);
            }

            return (a, b);
        }

        private void CreateDiffGenOperands(float[] a, float[] b)
        {
            _a = Tensor.FromArray(a, N, N);
            _b = Tensor.FromArray(b, N, N);
            _c = Tensor.Zeros(N, N);
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _torchA?.Dispose();
            _torchB?.Dispose();
            _torchC?.Dispose();
        }

        [Benchmark(Baseline = true)]
        public Tensor DiffGen() => Tensor.MatMul(_a, _b, _c);

        [Benchmark]
        public void TorchSharpAddmmInto()
        {
            // An in-place op hands back a second managed handle on C; release it, C stays.
            TorchTensor result = _torchC.addmm_(_torchA, _torchB, beta: 0f, alpha: 1f);
            if (!ReferenceEquals(result, _torchC))
            {
                result.Dispose();
            }
        }

        [Benchmark]
        public void TorchSharpMatMul()
        {
            using TorchTensor result = matmul(_torchA, _torchB);
        }

        private sealed class Config : ManualConfig
        {
            public Config()
            {
                AddColumn(new GflopsColumn(percentOfPeak: false), new GflopsColumn(percentOfPeak: true));
            }
        }
    }
}
