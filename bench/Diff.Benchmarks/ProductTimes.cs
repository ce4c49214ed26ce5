using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace Diff.Benchmarks
{
    /// <summary>
    /// <c>Tensor.MatMul(a, b, destination)</c> products, square (<c>N</c>) or of any shape (<c>MxKxN</c>: A is M × K, B is
    /// K × N; a suffix <c>/at</c>, <c>/bt</c> or <c>/abt</c> stores that operand transposed and calls the kernel behind
    /// <c>Tensor.Linear</c> and its backward directly, as they do), timed in batches of about 2 GFLOP with the stopwatch alone,
    /// printing the best and the median batch in GFLOP/s: a quick figure to interleave two builds of the runtime with, or
    /// to set beside OpenBLAS's C peer (<c>bench/peers/sgemm.c</c>, which also reports its best batch). The figures of
    /// record come from <c>MatMulBenchmarks</c>.
    /// <c>dotnet run -c Release --project bench/Diff.Benchmarks -- --product-times [N | MxKxN[/at|/bt|/abt] ...]</c>
    /// </summary>
    internal static class ProductTimes
    {
        public const string Switch = "--product-times";

        // As many batches as the C peer times, so that the best batches of both compare.
        private const int Batches = 5;

        public static void Run(string[] args)
        {
            string[] shapes = args.Length > 1 ? args.Skip(1).ToArray() : new[] { "256", "512", "1024", "2048" };
            foreach (string shape in shapes)
            {
                string[] parts = shape.Split('/');
                bool transposeA = parts.Length > 1 && parts[1].Contains('a', StringComparison.Ordinal);
                bool transposeB = parts.Length > 1 && parts[1].Contains('b', StringComparison.Ordinal);
                int[] sizes = parts[0].Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                (int m, int k, int n) = sizes.Length switch
                {
                    1 => (sizes[0], sizes[0], sizes[0]),
                    3 => (sizes[0], sizes[1], sizes[2]),
                    _ => throw new ArgumentException($"A product's shape is N or MxKxN, not '{shape}'."),
                };
                var generator = new Generator(n);
                Tensor a = Tensor.Randn(transposeA ? new[] { k, m } : new[] { m, k }, generator);
                Tensor b = Tensor.Randn(transposeB ? new[] { n, k } : new[] { k, n }, generator);
                Tensor c = Tensor.Zeros(m, n);
                void Multiply()
                {
                    if (transposeA || transposeB)
                    {
                        MatMulKernel.Multiply(a.Host(), 0, transposeA, b.Host(), 0, transposeB, c.Host(), 0, m, n, k, accumulate: false);
                    }
                    else
                    {
                        Tensor.MatMul(a, b, c);
                    }
                }

                double flops = 2.0 * m * k * n;
                int perBatch = Math.Max(1, (int)(2e9 / flops));
                for (int i = 0; i < 5; i++)
                {
                    Multiply();
                }

                var seconds = new double[Batches];
                for (int batch = 0; batch < Batches; batch++)
                {
                    long start = Stopwatch.GetTimestamp();
                    for (int i = 0; i < perBatch; i++)
                    {
                        Multiply();
                    }

                    seconds[batch] = Stopwatch.GetElapsedTime(start).TotalSeconds / perBatch;
                }

                Array.Sort(seconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(sizes.Length == 1 ? $"N={n}" : shape)}, {Environment.ProcessorCount} processor(s): best {flops / seconds[0] / 1e9:F1} GFLOP/s, median {flops / seconds[Batches / 2] / 1e9:F1} GFLOP/s ({Batches} batches of {perBatch})"));
            }
        }
    }
}
