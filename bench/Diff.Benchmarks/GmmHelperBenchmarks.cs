using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>
    /// ADBench GMM written with helpers: objective and generated gradient on every file of <c>adbench/data/gmm/1k</c>
    /// (d = 2, 10, 64; K = 5 to 50). The Ratio column is gradient ÷ objective. Each formulation is a class of its own.
    /// </summary>
    [MemoryDiagnoser]
    public abstract class GmmFormulationBenchmarks
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
            return RunObjective(g);
        }

        [Benchmark]
        public double GeneratedGradient()
        {
            Array.Clear(_dAlphas);
            Array.Clear(_dMeans);
            Array.Clear(_dIcf);
            return RunGradient(_data, _dAlphas, _dMeans, _dIcf);
        }

        /// <summary>The formulation's objective on <paramref name="g"/>.</summary>
        protected abstract double RunObjective(GmmData g);

        /// <summary>The formulation's generated gradient on <paramref name="g"/>, added into the adjoints.</summary>
        protected abstract double RunGradient(GmmData g, double[] dAlphas, double[] dMeans, double[] dIcf);
    }

    /// <summary><see cref="GmmWithHelpers"/>: the log-sum-exp, the Mahalanobis term and the prior as value-returning helpers.</summary>
    public class GmmHelperBenchmarks : GmmFormulationBenchmarks
    {
        protected override double RunObjective(GmmData g) =>
            GmmWithHelpers.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);

        protected override double RunGradient(GmmData g, double[] dAlphas, double[] dMeans, double[] dIcf) =>
            GmmWithHelpers.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
    }

    /// <summary><see cref="GmmWithBufferHelpers"/>: helpers that write buffers, as ADBench's C++ objective is organised.</summary>
    public class GmmBufferHelperBenchmarks : GmmFormulationBenchmarks
    {
        protected override double RunObjective(GmmData g) =>
            GmmWithBufferHelpers.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M);

        protected override double RunGradient(GmmData g, double[] dAlphas, double[] dMeans, double[] dIcf) =>
            GmmWithBufferHelpers.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.N, g.Gamma, g.M, dAlphas, dMeans, dIcf);
    }
}
