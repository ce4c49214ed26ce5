using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace Diff.Benchmarks
{
    /// <summary>
    /// Square <c>Tensor.MatMul(a, b, destination)</c> products timed in batches of about 2 GFLOP with the stopwatch alone,
    /// printing the best and the median batch in GFLOP/s: a quick figure to interleave two builds of the runtime with, or
    /// to set beside OpenBLAS's C peer (<c>bench/peers/sgemm.c</c>, which also reports its best batch). The figures of
    /// record come from <c>MatMulBenchmarks</c>.
    /// <c>dotnet run -c Release --project bench/Diff.Benchmarks -- --product-times [N ...]</c>
    /// </summary>
    internal static class ProductTimes
    {
        public const string Switch = "--product-times";

        // As many batches as the C peer times, so that the best batches of both compare.
        private const int Batches = 5;

        public static void Run(string[] args)
        {
            int[] sizes = args.Length > 1
                ? args.Skip(1).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
                : new[] { 256, 512, 1024, 2048 };
            foreach (int n in sizes)
            {
                var generator = new Generator(n);
                Tensor a = Tensor.Randn(new[] { n, n }, generator);
                Tensor b = Tensor.Randn(new[] { n, n }, generator);
                Tensor c = Tensor.Zeros(n, n);
                double flops = 2.0 * n * n * n;
                int perBatch = Math.Max(1, (int)(2e9 / flops));
                for (int i = 0; i < 5; i++)
                {
                    Tensor.MatMul(a, b, c);
                }

                var seconds = new double[Batches];
                for (int batch = 0; batch < Batches; batch++)
                {
                    long start = Stopwatch.GetTimestamp();
                    for (int i = 0; i < perBatch; i++)
                    {
                        Tensor.MatMul(a, b, c);
                    }

                    seconds[batch] = Stopwatch.GetElapsedTime(start).TotalSeconds / perBatch;
                }

                Array.Sort(seconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"N={n}, {Environment.ProcessorCount} processor(s): best {flops / seconds[0] / 1e9:F1} GFLOP/s, median {flops / seconds[Batches / 2] / 1e9:F1} GFLOP/s ({Batches} batches of {perBatch})"));
            }
        }
    }
}
