namespace Diff
{
    /// <summary>
    /// The process-wide random state, like PyTorch's <c>torch.manual_seed</c> and <c>torch.initial_seed</c>:
    /// <see cref="ManualSeed"/> makes every draw that is given no <see cref="Generator"/> reproducible.
    /// </summary>
    /// <remarks>
    /// Every draw given no generator (<see cref="Tensor.Rand(int[], Generator)"/>, <see cref="Tensor.Randn(int[], Generator)"/>, layer
    /// initialisation and <see cref="NN.Init"/>, dropout masks, <see cref="IntTensor.RandPerm"/>, shuffling
    /// data loaders) uses one default generator. This class is its front door; it holds no state of its own.
    /// Because its name is <c>Random</c>, code in a <c>Diff.*</c> namespace, or in a file with both
    /// <c>using System;</c> and <c>using Diff;</c>, writes <c>System.Random</c> for .NET's class
    /// (otherwise the simple name is ambiguous, CS0104, or means this class).
    /// </remarks>
    public static class Random
    {
        /// <summary>
        /// Reseeds the default generator, like <c>torch.manual_seed(seed)</c>: after it, every draw
        /// that is given no generator repeats the same sequence on every run and every machine.
        /// </summary>
        /// <param name="seed">Any integer; equal seeds give equal sequences.</param>
        public static void ManualSeed(int seed) => Generator.ManualSeed(seed);

        /// <summary>
        /// The seed the default generator last started from, like <c>torch.initial_seed()</c>: the
        /// last <see cref="ManualSeed"/> argument, or the seed drawn from the system's random source
        /// at start-up (any 64-bit value) when it was never called.
        /// </summary>
        public static long InitialSeed => Generator.DefaultInitialSeed;
    }
}
