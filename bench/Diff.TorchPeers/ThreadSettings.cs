using System;
using System.Globalization;

namespace Diff.TorchPeers
{
    /// <summary>
    /// One thread count for both libraries. DiffGen's matrix kernel splits a product over
    /// <see cref="Environment.ProcessorCount"/> threads, which .NET takes from the
    /// <c>DOTNET_PROCESSOR_COUNT</c> environment variable at start-up; <see cref="Program"/> launches one
    /// benchmark process per thread count with it set. TorchSharp gets the same count through
    /// <c>torch.set_num_threads</c>.
    /// </summary>
    internal static class ThreadSettings
    {
        public const string ProcessorCountVariable = "DOTNET_PROCESSOR_COUNT";

        /// <summary>Checks DiffGen's count and sets torch's.</summary>
        public static void Apply(int threads)
        {
            ApplyToDiffGen(threads);
            TorchSharp.torch.set_num_threads(threads);
            if (TorchSharp.torch.get_num_threads() != threads)
            {
                throw new InvalidOperationException($"torch runs {TorchSharp.torch.get_num_threads()} threads, not {threads}.");
            }
        }

        /// <summary>Checks DiffGen's count alone, without loading libtorch into the process.</summary>
        public static void ApplyToDiffGen(int threads)
        {
            if (Environment.ProcessorCount != threads)
            {
                throw new InvalidOperationException(
                    $"This process has {Environment.ProcessorCount} processors for DiffGen, not {threads}: start it with {ProcessorCountVariable}={threads.ToString(CultureInfo.InvariantCulture)} (Program does, one job per thread count).");
            }
        }
    }
}
