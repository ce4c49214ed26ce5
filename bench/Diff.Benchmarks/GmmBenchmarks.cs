using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>ADBench GMM (1k points): objective, generated gradient, hand-written gradient.</summary>
    [MemoryDiagnoser]
    public class GmmBenchmarks
    {
        private GmmData _data;
        private double[] _dAlphas;
        private double[] _dMeans;
        private double[] _dIcf;

        /// <summary>The data file under <c>adbench/data/gmm/1k</c>.</summary>
        [Params("gmm_d10_K25.txt")]
        public string File { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _data = GmmData.Load(AdBenchData.File(Path.Combine("data", "gmm", "1k", File)));
            _dAlphas = new double[_data.Alphas.Length];
            _dMeans = new double[_data.Means.Length];
            _dIcf = new double[_data.Icf.Length];
        }

        [Benchmark(Baseline = true)]
        public double Objective()
        {
            GmmData g = _data;
            return GmmObjective.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);
        }

        [Benchmark]
        public double GeneratedGradient()
        {
            GmmData g = _data;
            Array.Clear(_dAlphas);
            Array.Clear(_dMeans);
            Array.Clear(_dIcf);
            return GmmObjective.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M,
                _dAlphas, _dMeans, _dIcf);
        }

        [Benchmark]
        public double HandGradient()
        {
            GmmData g = _data;
            Array.Clear(_dAlphas);
            Array.Clear(_dMeans);
            Array.Clear(_dIcf);
            return GmmObjective.HandGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M,
                _dAlphas, _dMeans, _dIcf);
        }
    }
}
