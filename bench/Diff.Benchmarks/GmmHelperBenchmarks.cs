using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>
    /// ADBench GMM written with helpers (<see cref="GmmWithHelpers"/>): objective and generated gradient on every
    /// file of <c>adbench/data/gmm/1k</c> (d = 2, 10, 64; K = 5 to 50). The Ratio column is gradient ÷ objective.
    /// </summary>
    [MemoryDiagnoser]
    public class GmmHelperBenchmarks
    {
        private GmmData _data;
        private double[] _dAlphas;
        private double[] _dMeans;
        private double[] _dIcf;

        /// <summary>Every file of the 1k set.</summary>
        public static IEnumerable<string> Files()
        {
            foreach (int d in new[] { 2, 10, 64 })
            {
                foreach (int k in new[] { 5, 10, 25, 50 })
                {
                    yield return $"gmm_d{d}_K{k}.txt";
                }
            }
        }

        /// <summary>The data file under <c>adbench/data/gmm/1k</c>.</summary>
        [ParamsSource(nameof(Files))]
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
            return GmmWithHelpers.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);
        }

        [Benchmark]
        public double GeneratedGradient()
        {
            GmmData g = _data;
            Array.Clear(_dAlphas);
            Array.Clear(_dMeans);
            Array.Clear(_dIcf);
            return GmmWithHelpers.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M,
                _dAlphas, _dMeans, _dIcf);
        }
    }
}
