using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.ConsoleArguments;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;

namespace Diff.TorchPeers
{
    /// <summary>
    /// DiffGen against TorchSharp (libtorch) in one BenchmarkDotNet run. Start it through
    /// <c>bench/run-torch-peers.sh</c>, which makes libtorch loadable on Debian 12.
    /// </summary>
    public static class Program
    {
        /// <summary>The thread counts compared; each runs in processes of its own.</summary>
        private static readonly int[] ThreadCounts = { 1, 2 };

        /// <summary>
        /// <c>--verify [steps]</c> prints the losses of the first steps of every net by both and their
        /// largest relative difference (nothing is timed). <c>--peak</c> prints the measured peak of one
        /// core (<see cref="PeakProbe"/>), which the <c>% of peak</c> column divides by. Anything else goes
        /// to BenchmarkDotNet, for example <c>--filter '*MlpStepPeer*' --job short</c>.
        /// </summary>
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "--peak")
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"float32 peak of one core, measured: {PeakProbe.GflopsPerCore:F1} GFLOP/s"));
                return 0;
            }

            if (args.Length > 0 && args[0] == "--verify")
            {
                int steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
                return Verify(steps);
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ThreadJobs(args));
            return 0;
        }

        private static int Verify(int steps)
        {
            TorchSharp.torch.set_num_threads(Environment.ProcessorCount);
            Console.WriteLine($"TorchSharp over libtorch {TorchSharp.torch.__version__}");
            double worst = 0;
            foreach (string net in MlpNets.All)
            {
                (float[] diffGen, float[] torch, double maxRelative) = LossAgreement.Measure(net, steps);
                Console.WriteLine(LossAgreement.Format(net, diffGen, torch, maxRelative));
                worst = Math.Max(worst, maxRelative);
            }

            Console.WriteLine($"Largest relative loss difference: {worst:E2} (tolerance {LossAgreement.Tolerance:E0})");
            return worst <= LossAgreement.Tolerance ? 0 : 1;
        }

        /// <summary>
        /// The job the command line asks for (default, <c>--job short</c>, <c>--iterationCount</c>, ...),
        /// once per thread count with <c>DOTNET_PROCESSOR_COUNT</c> set, and a filter that runs each
        /// <c>Threads</c> parameter only in its own job.
        /// </summary>
        private static IConfig ThreadJobs(string[] args)
        {
            (bool parsed, IConfig commandLine, _) = ConfigParser.Parse(args, NullLogger.Instance);
            Job baseJob = (parsed ? commandLine.GetJobs().FirstOrDefault() : null) ?? Job.Default;

            ManualConfig config = ManualConfig.Create(DefaultConfig.Instance);
            foreach (int threads in ThreadCounts)
            {
                var job = new Job($"{threads}thread", baseJob);
                job.Meta.IsDefault = false;
                config.AddJob(job.WithEnvironmentVariable(ThreadSettings.ProcessorCountVariable, threads.ToString(CultureInfo.InvariantCulture)));
            }

            config.AddFilter(new SimpleFilter(benchmarkCase =>
            {
                object threads = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Threads")?.Value;
                // Any other job (the command line's own) has no such variable and runs nothing.
                return threads is int count && (benchmarkCase.Job.Environment.EnvironmentVariables ?? new List<EnvironmentVariable>()).Any(variable =>
                    variable.Key == ThreadSettings.ProcessorCountVariable && variable.Value == count.ToString(CultureInfo.InvariantCulture));
            }));
            return config;
        }
    }
}
