using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Diff.Benchmarks
{
    /// <summary>
    /// Square float32 products timed in pairs, in one process: <c>Tensor.MatMul(a, b, destination)</c> and OpenBLAS's
    /// <c>cblas_sgemm</c> on the same operands, one after the other in every round, the order swapped each round.
    /// <c>dotnet run -c Release --project bench/Diff.Benchmarks -- --product-pairs [N ...] [--rounds R] [--pause-ms P]</c>
    /// </summary>
    /// <remarks>
    /// <para>
    /// The speed of a shared virtual machine drifts by several per cent over minutes. BenchmarkDotNet runs one library
    /// after the other, each for a minute or more, so the drift lands on whichever ran in the slower minutes; timed in
    /// pairs, both libraries see the same minutes, and the ratio within each round is the statistic that drift does not move.
    /// </para>
    /// <para>
    /// Each measurement starts with a pause (<c>--pause-ms</c>, 300 ms by default) and one product that is not timed. The
    /// pause lets the other library's threads go to sleep: OpenBLAS's workers poll for new work for a while after each
    /// call (its <c>THREAD_TIMEOUT</c>; here about 0.1 s of polling after each call), DiffGen's for a millisecond, and a
    /// poller left running takes a core from the other library's product (timed right after an OpenBLAS call, DiffGen's
    /// two-thread products ran at half speed). The product not timed is there to wake the measured library's threads.
    /// </para>
    /// <para>
    /// That is not enough for short two-thread products. After an idle spell the second virtual processor does little
    /// work for a few milliseconds: DiffGen alone, after a 300 ms pause and one product not timed, multiplied 512
    /// matrices on two threads at about half speed in most rounds, and at full speed without the pause. So the pairs are
    /// a fair comparison on one thread at every size, and on two threads only for products long enough (2048) that the
    /// first milliseconds do not decide their time.
    /// </para>
    /// </remarks>
    internal static class PairedProductTimes
    {
        public const string Switch = "--product-pairs";

        public static void Run(string[] args)
        {
            int rounds = 30;
            int pauseMilliseconds = 300;
            var sizes = new System.Collections.Generic.List<int>();
            for (int i = 1; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--rounds":
                        rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--pause-ms":
                        pauseMilliseconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    default:
                        sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
                        break;
                }
            }

            if (sizes.Count == 0)
            {
                sizes.AddRange(new[] { 256, 512, 1024, 2048 });
            }

            int threads = Environment.ProcessorCount;
            OpenBlas.SetThreadCount(threads);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"OpenBLAS kernel: {OpenBlas.CoreName}, {OpenBlas.GetThreadCount()} threads; DiffGen: {threads} processor(s); {rounds} rounds, {pauseMilliseconds} ms and one product not timed before each measurement"));
            foreach (int n in sizes)
            {
                Measure(n, rounds, pauseMilliseconds);
            }
        }

        private static void Measure(int n, int rounds, int pauseMilliseconds)
        {
            var random = new System.Random(42);
            float[] a = new float[n * n];
            float[] b = new float[n * n];
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = (float)(random.NextDouble() * 2.0 - 1.0);
                b[i] = (float)(random.NextDouble() * 2.0 - 1.0);
            }

            Tensor tensorA = Tensor.FromArray(a, n, n);
            Tensor tensorB = Tensor.FromArray(b, n, n);
            Tensor tensorC = Tensor.Zeros(n, n);
            float[] blasC = new float[n * n];
            void DiffGen() => Tensor.MatMul(tensorA, tensorB, tensorC);
            void Blas() => OpenBlas.Sgemm(OpenBlas.RowMajor, OpenBlas.NoTranspose, OpenBlas.NoTranspose, n, n, n, 1f, a, n, b, n, 0f, blasC, n);

            for (int i = 0; i < 3; i++)
            {
                DiffGen();
                Blas();
            }

            // The same product from both, so that the pair times the same work.
            float[] diffGenC = tensorC.ToArray();
            double largestDifference = 0;
            for (int i = 0; i < blasC.Length; i++)
            {
                largestDifference = Math.Max(largestDifference, Math.Abs(diffGenC[i] - blasC[i]));
            }

            // Small products are timed several to a measurement, so that each measurement lasts a few milliseconds.
            double flops = 2.0 * n * n * n;
            int perTiming = Math.Max(1, (int)(1e9 / flops));
            var diffGenSeconds = new double[rounds];
            var blasSeconds = new double[rounds];
            for (int round = 0; round < rounds; round++)
            {
                if (round % 2 == 0)
                {
                    diffGenSeconds[round] = Time(DiffGen, perTiming, pauseMilliseconds);
                    blasSeconds[round] = Time(Blas, perTiming, pauseMilliseconds);
                }
                else
                {
                    blasSeconds[round] = Time(Blas, perTiming, pauseMilliseconds);
                    diffGenSeconds[round] = Time(DiffGen, perTiming, pauseMilliseconds);
                }
            }

            double[] ratios = Enumerable.Range(0, rounds).Select(r => blasSeconds[r] / diffGenSeconds[r]).ToArray();
            int diffGenFaster = ratios.Count(r => r > 1.0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"N={n} ({perTiming} per measurement): DiffGen median {flops / Median(diffGenSeconds) / 1e9:F1} GFLOP/s (best {flops / diffGenSeconds.Min() / 1e9:F1}), "
                + $"OpenBLAS median {flops / Median(blasSeconds) / 1e9:F1} GFLOP/s (best {flops / blasSeconds.Min() / 1e9:F1}); "
                + $"OpenBLAS time ÷ DiffGen time per round: median {Median(ratios):F3}, DiffGen faster in {diffGenFaster} of {rounds}; "
                + $"largest difference between the products {largestDifference:G3}"));
        }

        /// <summary>Seconds per product, over <paramref name="count"/> products after a pause and one product not timed.</summary>
        private static double Time(Action product, int count, int pauseMilliseconds)
        {
            Thread.Sleep(pauseMilliseconds);
            product();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                product();
            }

            return Stopwatch.GetElapsedTime(start).TotalSeconds / count;
        }

        private static double Median(double[] values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            int middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}
