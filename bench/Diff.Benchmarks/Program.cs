using BenchmarkDotNet.Running;

namespace Diff.Benchmarks
{
    public static class Program
    {
        /// <summary>
        /// Runs the suites chosen by BenchmarkDotNet's command line, for example
        /// <c>dotnet run -c Release --project bench/Diff.Benchmarks -- --filter '*'</c>.
        /// </summary>
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
