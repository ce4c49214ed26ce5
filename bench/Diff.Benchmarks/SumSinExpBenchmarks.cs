using System;
using BenchmarkDotNet.Attributes;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>f(x) = Σ x_i² sin(x_{i+1}) + exp(−x_i): objective, generated gradient, hand-written gradient.</summary>
    [MemoryDiagnoser]
    public class SumSinExpBenchmarks
    {
        private double[] _x;
        private double[] _dX;

        [Params(100, 1000)]
        public int N { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            var rng = new System.Random(42);
            _x = new double[N];
            for (int i = 0; i < N; i++) _x[i] = rng.NextDouble() * 4.0 - 2.0;
            _dX = new double[N];
        }

        [Benchmark(Baseline = true)]
        public double Objective() => SumSinExp.Objective(_x);

        [Benchmark]
        public double GeneratedGradient()
        {
            Array.Clear(_dX);
            return SumSinExp.ObjectiveGradient(_x, _dX);
        }

        [Benchmark]
        public double HandGradient()
        {
            Array.Clear(_dX);
            return SumSinExp.HandGradient(_x, _dX);
        }
    }
}
