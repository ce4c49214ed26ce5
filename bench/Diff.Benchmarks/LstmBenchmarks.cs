using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>ADBench LSTM, written with helpers: the objective against the generated gradient.</summary>
    [MemoryDiagnoser]
    public class LstmBenchmarks
    {
        private LstmData _data;
        private double[] _dMain;
        private double[] _dExtra;

        /// <summary>The data file under <c>adbench/data/lstm</c>.</summary>
        [Params("lstm_l2_c1024.txt")]
        public string File { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _data = LstmData.Load(AdBenchData.File(Path.Combine("data", "lstm", File)));
            _dMain = new double[_data.Main.Length];
            _dExtra = new double[_data.Extra.Length];
        }

        [Benchmark(Baseline = true)]
        public double Objective()
        {
            LstmData d = _data;
            return Lstm.Objective(d.Main, d.Extra, d.State, d.Sequence, d.Layers, d.Characters, d.Bits);
        }

        [Benchmark]
        public double GeneratedGradient()
        {
            LstmData d = _data;
            Array.Clear(_dMain);
            Array.Clear(_dExtra);
            return Lstm.ObjectiveGradient(d.Main, d.Extra, d.State, d.Sequence, d.Layers, d.Characters, d.Bits, _dMain, _dExtra);
        }
    }
}
