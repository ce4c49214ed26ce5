using System;
using System.Runtime.ExceptionServices;

namespace Diff
{
    /// <summary>
    /// One element-wise pass: its length, and a kernel that computes elements [start, start + count) from arguments the
    /// caller keeps at a fixed address (on its stack, with its arrays pinned) until the pass returns. What
    /// <see cref="ParallelElementwise"/> splits into chunks.
    /// </summary>
    internal readonly unsafe struct ElementwisePass
    {
        public ElementwisePass(delegate*<void*, int, int, void> kernel, int length, void* arguments)
        {
            Kernel = kernel;
            Length = length;
            Arguments = arguments;
        }

        /// <summary>Computes elements [start, start + count) of the pass, given <see cref="Arguments"/>.</summary>
        public delegate*<void*, int, int, void> Kernel { get; }

        public int Length { get; }

        /// <summary>The kernel's own arguments (a struct of the kernel's), which it reads and never writes.</summary>
        public void* Arguments { get; }

        /// <summary>Computes elements [start, start + count).</summary>
        public void Compute(int start, int count) => Kernel(Arguments, start, count);
    }

    /// <summary>
    /// Runs a long element-wise pass in chunks on the calling thread and the runtime's workers. Such passes (an
    /// optimizer's update, a gradient copied into <c>Parameter.Grad</c>) are bound by memory bandwidth, which one core
    /// does not saturate: on the 2-core Zen 3 machine, SGD with momentum over the 1.06 M parameters of 784-1024-1024-10
    /// takes 641 µs on one core and 347 µs split over two (<c>--step-times</c> of <c>bench/Diff.Benchmarks</c>).
    /// </summary>
    internal sealed unsafe class ParallelElementwise : ParallelBlocks
    {
        /// <summary>
        /// Elements per thread below which a pass is not split further: a pass shorter than twice this stays on the
        /// calling thread. 256 KiB of each array is about 10 µs of traffic, well above what handing a chunk to a spinning
        /// worker costs.
        /// </summary>
        internal const int MinimumLengthPerWorker = 64 * 1024;

        // Chunk lengths are whole 64-byte lines of floats, so that every chunk's vector loop but the last runs without a
        // scalar tail, and at most one line at each boundary is written by two threads.
        private const int ChunkAlignment = 16;

        private static readonly IdleJobs<ParallelElementwise> s_idleJobs = new();

        private ElementwisePass _pass;
        private int _chunkLength;

        private ParallelElementwise()
        {
        }

        /// <summary>Runs <paramref name="pass"/>, split among the processors when it is long enough to gain from that.</summary>
        public static void Run(in ElementwisePass pass)
        {
            int workers = Math.Min(Environment.ProcessorCount, pass.Length / MinimumLengthPerWorker);
            if (workers <= 1)
            {
                pass.Compute(0, pass.Length);
                return;
            }

            int chunkLength = ((pass.Length + workers - 1) / workers + ChunkAlignment - 1) / ChunkAlignment * ChunkAlignment;
            int chunks = (pass.Length + chunkLength - 1) / chunkLength;
            ParallelElementwise job = s_idleJobs.TryRent() ?? new ParallelElementwise();
            job._pass = pass;
            job._chunkLength = chunkLength;

            Exception? failure = job.RunAll(chunks, workers);
            job._pass = default;
            s_idleJobs.Return(job);
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        /// <summary>Copies <paramref name="source"/> into the start of <paramref name="destination"/>, as <see cref="ReadOnlySpan{T}.CopyTo"/> does.</summary>
        public static void Copy(ReadOnlySpan<float> source, Span<float> destination)
        {
            // Chunks of an overlapping copy could read what another chunk has already written; a destination too short
            // gets CopyTo's own exception.
            if (source.Length < 2 * MinimumLengthPerWorker || source.Overlaps(destination) || destination.Length < source.Length)
            {
                source.CopyTo(destination);
                return;
            }

            fixed (float* from = source)
            fixed (float* to = destination)
            {
                var arguments = new CopyArguments(from, to);
                Run(new ElementwisePass(&CopyChunk, source.Length, &arguments));
            }
        }

        protected override void RunBlock(int block)
        {
            int start = block * _chunkLength;
            _pass.Compute(start, Math.Min(_chunkLength, _pass.Length - start));
        }

        private static void CopyChunk(void* arguments, int start, int count)
        {
            var copy = (CopyArguments*)arguments;
            new ReadOnlySpan<float>(copy->From + start, count).CopyTo(new Span<float>(copy->To + start, count));
        }

        private readonly struct CopyArguments
        {
            public CopyArguments(float* from, float* to)
            {
                From = from;
                To = to;
            }

            public float* From { get; }

            public float* To { get; }
        }
    }
}
