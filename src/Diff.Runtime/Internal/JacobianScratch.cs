using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Diff.Internal
{
    /// <summary>
    /// The lanes a generated <c>MJacobian</c> seeds and reads back: one array per thread and lanes type, kept between
    /// calls, so that a Jacobian called once per observation neither allocates nor zeroes a fresh stack frame of lanes
    /// each time.
    /// </summary>
    /// <remarks>
    /// A stack buffer of lanes would be zeroed on entry 16 bytes at a time, up to 64 bytes per element, and a pooled
    /// array costs a lookup; the Jacobian clears the part it uses on every run, so the kept array's old contents never
    /// matter.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class JacobianScratch
    {
        /// <summary>The most bytes of lanes a thread keeps per lanes type (64 KiB); a longer array is left to the collector.</summary>
        private const int MostKeptBytes = 64 * 1024;

        /// <summary>An array of at least <paramref name="length"/> lanes, with any contents.</summary>
        /// <typeparam name="TLanes">The lanes type.</typeparam>
        /// <param name="length">How many lanes the caller needs.</param>
        /// <returns>The thread's kept array when it is long enough and free, a new one otherwise.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TLanes[] Rent<TLanes>(int length)
            where TLanes : unmanaged, ITangentLanes<TLanes>
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            TLanes[]? kept = Kept<TLanes>.Array;
            if (kept is not null && kept.Length >= length)
            {
                Kept<TLanes>.Array = null;
                return kept;
            }

            return Longer<TLanes>(length);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static TLanes[] Longer<TLanes>(int length) => new TLanes[Math.Max(length, 16)];

        /// <summary>Gives an array from <see cref="Rent{TLanes}"/> back, for the thread's next Jacobian.</summary>
        /// <typeparam name="TLanes">The lanes type.</typeparam>
        /// <param name="lanes">The array, no longer used.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Return<TLanes>(TLanes[] lanes)
            where TLanes : unmanaged, ITangentLanes<TLanes>
        {
            ArgumentNullException.ThrowIfNull(lanes);
            TLanes[]? kept = Kept<TLanes>.Array;
            if (lanes.Length <= MostKeptBytes / Unsafe.SizeOf<TLanes>() && (kept is null || kept.Length < lanes.Length))
            {
                Kept<TLanes>.Array = lanes;
            }
        }

        /// <summary>
        /// Copies lane <paramref name="lane"/> of each of <paramref name="lanes"/> into <paramref name="destination"/>: one
        /// input's part of a Jacobian row after a pullback in lanes.
        /// </summary>
        /// <typeparam name="TLanes">The lanes type.</typeparam>
        /// <param name="lanes">The adjoints of one input buffer, one lane per row.</param>
        /// <param name="lane">The lane to read, 0 to <c>TLanes.Width</c> − 1.</param>
        /// <param name="destination">Receives one number per element of <paramref name="lanes"/>.</param>
        /// <returns>Whether a number copied is NaN, so that the Jacobian can be computed again by rows.</returns>
        /// <remarks>
        /// The lengths are checked once, not per element, and NaN is noticed in the same pass: a Jacobian of a short
        /// residual (bundle adjustment's 2 × 15 block) spent as long reading its lanes out as running its pullback.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool CopyLane<TLanes>(ReadOnlySpan<TLanes> lanes, int lane, Span<double> destination)
            where TLanes : unmanaged, ITangentLanes<TLanes>
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)lane, (uint)TLanes.Width, nameof(lane));
            if (destination.Length != lanes.Length)
            {
                ThrowLengthMismatch(lanes.Length, destination.Length);
            }

            ref double source = ref Unsafe.Add(ref Unsafe.As<TLanes, double>(ref MemoryMarshal.GetReference(lanes)), lane);
            ref double target = ref MemoryMarshal.GetReference(destination);
            bool nan = false;
            for (int k = 0; k < lanes.Length; k++)
            {
                double value = Unsafe.Add(ref source, k * TLanes.Width);
                Unsafe.Add(ref target, k) = value;
                nan |= value != value;
            }

            return nan;
        }

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowLengthMismatch(int lanes, int destination) =>
            throw new ArgumentException($"The destination has length {destination} but there are {lanes} lanes to read; pass one element per lane.", "destination");

        /// <summary>The array one thread keeps for one lanes type.</summary>
        private static class Kept<TLanes>
        {
            [ThreadStatic]
            internal static TLanes[]? Array;
        }
    }
}
