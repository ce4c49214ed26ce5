using System;
using System.ComponentModel;

namespace Diff.Internal
{
    /// <summary>
    /// The lanes a generated <c>MJacobian</c> seeds and reads back: one array per thread, kept between calls, so that a
    /// Jacobian called once per observation neither allocates nor zeroes a fresh stack frame of lanes each time.
    /// </summary>
    /// <remarks>
    /// A stack buffer of lanes would be zeroed on entry 16 bytes at a time, 64 bytes per element, and a pooled array costs
    /// a lookup; the Jacobian clears the part it uses on every run, so the kept array's old contents never matter.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class JacobianScratch
    {
        /// <summary>The longest array a thread keeps (64 KiB of lanes); a longer one is left to the collector.</summary>
        private const int MostKept = 1024;

        [ThreadStatic]
        private static TangentLanes[]? t_kept;

        /// <summary>An array of at least <paramref name="length"/> lanes, with any contents.</summary>
        /// <param name="length">How many lanes the caller needs.</param>
        /// <returns>The thread's kept array when it is long enough and free, a new one otherwise.</returns>
        public static TangentLanes[] Rent(int length)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            TangentLanes[]? kept = t_kept;
            if (kept is not null && kept.Length >= length)
            {
                t_kept = null;
                return kept;
            }

            return new TangentLanes[Math.Max(length, 16)];
        }

        /// <summary>Gives an array from <see cref="Rent"/> back, for the thread's next Jacobian.</summary>
        /// <param name="lanes">The array, no longer used.</param>
        public static void Return(TangentLanes[] lanes)
        {
            ArgumentNullException.ThrowIfNull(lanes);
            if (lanes.Length <= MostKept && (t_kept is null || t_kept.Length < lanes.Length))
            {
                t_kept = lanes;
            }
        }
    }
}
