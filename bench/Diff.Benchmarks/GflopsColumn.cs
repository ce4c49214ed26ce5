using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Diff.Benchmarks
{
    /// <summary>
    /// Throughput of a square product: 2·N³ floating-point operations divided by the mean time,
    /// with N taken from the benchmark's <c>N</c> parameter.
    /// </summary>
    public sealed class GflopsColumn : IColumn
    {
        public string Id => nameof(GflopsColumn);

        public string ColumnName => "GFLOP/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "2·N³ floating-point operations per mean time, in 10⁹ per second";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            BenchmarkReport report = summary[benchmarkCase];
            if (report?.ResultStatistics is null || benchmarkCase.Parameters["N"] is not int n)
            {
                return "-";
            }

            double flops = 2.0 * n * n * n;
            double seconds = report.ResultStatistics.Mean * 1e-9;
            return (flops / seconds * 1e-9).ToString("F1", CultureInfo.InvariantCulture);
        }

        public override string ToString() => ColumnName;
    }
}
