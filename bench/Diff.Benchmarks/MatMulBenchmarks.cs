using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Diff.Benchmarks
{
    /// <summary>
    /// Square float32 products C = A·B, row-major: DiffGen's kernel against OpenBLAS's
    /// <c>cblas_sgemm</c> in the same process and run, both with one thread per processor; and
    /// <c>Tensor.MatMul</c> over the same kernel, once allocating its result and once writing into a
    /// destination (<c>Tensor.MatMul(a, b, destination)</c>), to show what the allocation costs.
    /// </summary>
    [Config(typeof(Config))]
    [MemoryDiagnoser]
    public class MatMulBenchmarks
    {
        private float[] _a;
        private float[] _b;
        private float[] _c;
        private Tensor _tensorA;
        private Tensor _tensorB;
        private Tensor _tensorC;

        [Params(256, 512, 1024, 2048)]
        public int N { get; set; }

        /// <summary>
        /// The threads both sides use: DiffGen's kernel splits large products over every processor,
        /// so OpenBLAS gets the same count whatever <c>OPENBLAS_NUM_THREADS</c> says.
        /// </summary>
        public static int Threads => Environment.ProcessorCount;

        [GlobalSetup(Target = nameof(OpenBlasSgemm))]
        public void SetupOpenBlas()
        {
            Setup();
            OpenBlas.SetThreadCount(Threads);
            if (OpenBlas.GetThreadCount() != Threads)
            {
                throw new InvalidOperationException($"OpenBLAS runs {OpenBlas.GetThreadCount()} threads, not {Threads}.");
            }

            Console.WriteLine($"// OpenBLAS kernel: {OpenBlas.CoreName}, {Threads} threads");
        }

        [GlobalSetup(Targets = new[] { nameof(DiffGen), nameof(TensorMatMul), nameof(TensorMatMulInto) })]
        public void Setup()
        {
            var random = new System.Random(42);
            _a = new float[N * N];
            _b = new float[N * N];
            _c = new float[N * N];
            for (int i = 0; i < _a.Length; i++)
            {
                _a[i] = (float)(random.NextDouble() * 2.0 - 1.0);
                _b[i] = (float)(random.NextDouble() * 2.0 - 1.0);
            }

            _tensorA = Tensor.FromArray(_a, N, N);
            _tensorB = Tensor.FromArray(_b, N, N);
            _tensorC = Tensor.Zeros(N, N);
        }

        [Benchmark(Baseline = true)]
        public void OpenBlasSgemm() =>
            OpenBlas.Sgemm(OpenBlas.RowMajor, OpenBlas.NoTranspose, OpenBlas.NoTranspose, N, N, N, 1f, _a, N, _b, N, 0f, _c, N);

        [Benchmark]
        public void DiffGen() =>
            MatMulKernel.Multiply(_a, 0, false, _b, 0, false, _c, 0, N, N, N, accumulate: false);

        [Benchmark]
        public Tensor TensorMatMul() => Tensor.MatMul(_tensorA, _tensorB);

        [Benchmark]
        public Tensor TensorMatMulInto() => Tensor.MatMul(_tensorA, _tensorB, _tensorC);

        private sealed class Config : ManualConfig
        {
            public Config()
            {
                AddColumn(new GflopsColumn());
            }
        }
    }
}
