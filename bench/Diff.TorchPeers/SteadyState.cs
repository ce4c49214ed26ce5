using System;
using System.Diagnostics;

namespace Diff.TorchPeers
{
    /// <summary>Runs a benchmark's operation until the process has reached its steady state, before anything is timed.</summary>
    /// <remarks>
    /// .NET's tiered compilation first runs each method unoptimized and promotes it only after a delay that restarts
    /// with each round of promotions, and is ten times longer where the process sees one processor
    /// (<c>DOTNET_TC_DelaySingleProcMultiplier</c>). For its first seconds a one-thread training step therefore runs partly
    /// unoptimized code (<c>TensorPrimitives</c>' loops) and takes up to 1.5× as long: at 784-256-128-10, batch 64,
    /// <c>--step-times</c> of <c>bench/Diff.Benchmarks</c> reaches its steady speed about 7 s into the process. The
    /// warm-up of BenchmarkDotNet's short job is over before then, and its median mixed the two states. A training run
    /// lasts minutes, so its steady state is what is compared, and both peers get the same warm-up.
    /// </remarks>
    internal static class SteadyState
    {
        /// <summary>
        /// Seconds of warm-up. With the process's start, the setup before it and BenchmarkDotNet's own pilot and warm-up
        /// iterations after it, the one-processor steps are timed past the last promotion: their medians matched the
        /// steady speed of <c>--step-times</c>.
        /// </summary>
        public const double Seconds = 6;

        /// <summary>Calls <paramref name="operation"/> for <see cref="Seconds"/> seconds.</summary>
        public static void Reach(Func<float> operation)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < Seconds)
            {
                operation();
            }
        }
    }
}
