using BenchmarkDotNet.Running;

namespace Diff.Benchmarks
{
    public static class Program
    {
        /// <summary>
        /// Runs the suites chosen by BenchmarkDotNet's command line, for example
        /// <c>dotnet run -c Release --project bench/Diff.Benchmarks -- --filter '*'</c>; with
        /// <c>--step-times</c> first, times the MLP step one step at a time instead (<see cref="StepTimes"/>); with
        /// <c>--product-times</c>, square matrix products in batches (<see cref="ProductTimes"/>); with <c>--product-pairs</c>,
        /// DiffGen's and OpenBLAS's products timed in alternating pairs (<see cref="PairedProductTimes"/>).
        /// </summary>
        public static void Main(string[] args)
        {
            if (args.Length > 0 && args[0] == StepTimes.Switch)
            {
                StepTimes.Run(args);
                return;
            }

            if (args.Length > 0 && args[0] == ProductTimes.Switch)
            {
                ProductTimes.Run(args);
                return;
            }

            if (args.Length > 0 && args[0] == PairedProductTimes.Switch)
            {
                PairedProductTimes.Run(args);
                return;
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
