using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using Diff.NN;
using Diff.Optim;
using Diff.Workloads;

namespace Diff.Benchmarks
{
    /// <summary>
    /// The MLP training step timed one step at a time from the process's start, to show what a run of BenchmarkDotNet
    /// averages away or straddles: how long the step takes before the JIT has optimized everything it runs, and how the
    /// steps spread afterwards. Not a benchmark: each step is timed once, with the stopwatch alone.
    /// <c>dotnet run -c Release --project bench/Diff.Benchmarks -- --step-times [in-h1-h2-out/batch] [steps]</c>
    /// </summary>
    internal static class StepTimes
    {
        public const string Switch = "--step-times";

        public static void Run(string[] args)
        {
            string net = args.Length > 1 ? args[1] : "784-256-128-10/64";
            int steps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
            string[] parts = net.Split('/');
            int[] sizes = parts[0].Split('-').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Sequential model = MlpStep.CreateModel(hidden1: sizes[1], hidden2: sizes[2]);
            SGD optimizer = MlpStep.CreateOptimizer(model);
            (Tensor x, int[] y) = MlpStep.CreateBatch(batch: int.Parse(parts[1], CultureInfo.InvariantCulture));

            var micros = new double[steps];
            var jitted = new long[steps];
            for (int i = 0; i < steps; i++)
            {
                long start = Stopwatch.GetTimestamp();
                MlpStep.Step(model, optimizer, x, y);
                micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                jitted[i] = System.Runtime.JitInfo.GetCompiledMethodCount();
            }

            double[] sorted = micros.OrderBy(v => v).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{net}, {Environment.ProcessorCount} processor(s), {steps} steps from the start: min {sorted[0]:F0} µs, median {sorted[steps / 2]:F0}, 90th percentile {sorted[steps * 9 / 10]:F0}, max {sorted[^1]:F0}"));
            var chunks = new StringBuilder("median of each 100 steps (methods compiled by the JIT so far): ");
            for (int from = 0; from < steps; from += 100)
            {
                double[] chunk = micros.Skip(from).Take(100).OrderBy(v => v).ToArray();
                chunks.Append(string.Create(CultureInfo.InvariantCulture, $"{chunk[chunk.Length / 2]:F0} ({jitted[Math.Min(from + 99, steps - 1)]}) "));
            }

            Console.WriteLine(chunks.ToString().TrimEnd());

            // The optimizer's update alone, on the last step's gradients: the part of the step that is bound by memory
            // bandwidth rather than by the matrix products.
            var updates = new double[200];
            for (int i = 0; i < updates.Length; i++)
            {
                long start = Stopwatch.GetTimestamp();
                optimizer.Step();
                updates[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            Array.Sort(updates);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"optimizer.Step() alone, {updates.Length} times after the steps: min {updates[0]:F0} µs, median {updates[updates.Length / 2]:F0}"));
        }
    }
}
