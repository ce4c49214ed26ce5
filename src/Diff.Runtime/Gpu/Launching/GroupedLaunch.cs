using System;
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Diff.Gpu
{
    /// <summary>
    /// The launch configuration of a generated grouped adjoint kernel (<c>KAdjointGrouped</c>), which
    /// reduces each group's part of a scalar's gradient in shared memory before one atomic per group.
    /// </summary>
    public static class GroupedLaunch
    {
        /// <summary>The group size the launchers prefer: large enough to cut atomics 256-fold, small enough for every GPU.</summary>
        public const int PreferredGroupSize = 256;

        /// <summary>
        /// A power-of-two group size (the tree reduction halves it) of at most <see cref="PreferredGroupSize"/>
        /// and what the accelerator allows, and enough groups to cover <paramref name="extent"/> threads.
        /// </summary>
        /// <param name="accelerator">The accelerator to launch on.</param>
        /// <param name="extent">The number of threads the kernel's body runs for.</param>
        /// <returns>The configuration.</returns>
        public static KernelConfig Config(Accelerator accelerator, long extent)
        {
            ArgumentNullException.ThrowIfNull(accelerator);
            ArgumentOutOfRangeException.ThrowIfNegative(extent);
            if (extent > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(extent), extent, $"A 1-D kernel runs at most {int.MaxValue} threads; the extent is {extent}.");
            }

            int limit = Math.Max(1, Math.Min(PreferredGroupSize, accelerator.MaxNumThreadsPerGroup));
            int groupSize = 1 << (31 - BitOperations.LeadingZeroCount((uint)limit));
            int groups = (int)Math.Max(1, (extent + groupSize - 1) / groupSize);
            return new KernelConfig(groups, groupSize);
        }
    }
}
