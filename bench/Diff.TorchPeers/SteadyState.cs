using System;
using System.Diagnostics;

namespace Diff.TorchPeers
{
    /// <summary>Runs a benchmark's operation until the process has reached its steady state, before anything is timed.</summary>
    /// <remarks>
    /// .NET's tiered compilation first runs each method unoptimized and promotes it only after a delay that restarts
    /// with each round of promotions, and is ten times longer where the process sees one processor
    /// (<c>DOTNET_TC_DelaySingleProcMultiplier</c>). For its first 1–4 s a one-thread training step therefore runs partly
    /// unoptimized code (<c>TensorPrimitives</c>' loops, the activations' gates) and takes up to 1.4× as long; the
    /// warm-up of BenchmarkDotNet's short job is over before then, and its median mixed the two states. A training run
    /// lasts minutes, so its steady state is what is compared, and both peers get the same warm-up.
    /// </remarks>
    internal static class SteadyState
    {
        /// <summary>Seconds of warm-up: past the last promotion of a one-processor process, with room to spare.</summary>
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
