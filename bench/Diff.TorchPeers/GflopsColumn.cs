using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Diff.TorchPeers
{
    /// <summary>
    /// Throughput of a square product, 2·N³ floating-point operations per median time, in GFLOP/s or
    /// as a percentage of the machine's peak at the benchmark's thread count: the peak of one core as
    /// <see cref="PeakProbe"/> measures it when the table is written, times the threads.
    /// </summary>
    public sealed class GflopsColumn : IColumn
    {
        private readonly bool _percentOfPeak;

        public GflopsColumn(bool percentOfPeak) => _percentOfPeak = percentOfPeak;

        public string Id => nameof(GflopsColumn) + (_percentOfPeak ? ".Peak" : string.Empty);

        public string ColumnName => _percentOfPeak ? "% of peak" : "GFLOP/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => _percentOfPeak ? 1 : 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => _percentOfPeak
            ? string.Create(CultureInfo.InvariantCulture, $"GFLOP/s as a percentage of {PeakProbe.GflopsPerCore:F0} GFLOP/s per thread, the peak of one core measured by an FMA loop")
            : "2·N³ floating-point operations per median time, in 10⁹ per second";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            BenchmarkReport report = summary[benchmarkCase];
            if (report?.ResultStatistics is null
                || benchmarkCase.Parameters["N"] is not int n
                || benchmarkCase.Parameters["Threads"] is not int threads)
            {
                return "-";
            }

            double gflops = 2.0 * n * n * n / report.ResultStatistics.Median;
            return _percentOfPeak
                ? (100 * gflops / (PeakProbe.GflopsPerCore * threads)).ToString("F1", CultureInfo.InvariantCulture)
                : gflops.ToString("F1", CultureInfo.InvariantCulture);
        }

        public override string ToString() => ColumnName;
    }
}
