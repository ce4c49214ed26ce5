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
        /// Reads the lanes of one input out into <paramref name="count"/> rows of a Jacobian: lane ℓ of element k goes to
        /// <c>rows[ℓ · stride + k]</c>, so <paramref name="rows"/> starts at the input's first column in the first row.
        /// </summary>
        /// <typeparam name="TLanes">The lanes type.</typeparam>
        /// <param name="lanes">The adjoints of the input, one lane per row.</param>
        /// <param name="rows">The Jacobian from the input's first entry in the run's first row.</param>
        /// <param name="stride">The Jacobian's row length.</param>
        /// <param name="count">How many rows the run has, 1 to <c>TLanes.Width</c>.</param>
        /// <returns>Whether a number read is NaN, so that the Jacobian can be computed again by rows.</returns>
        /// <remarks>The bounds are checked once, not per number.</remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool ReadRows<TLanes>(ReadOnlySpan<TLanes> lanes, Span<double> rows, int stride, int count)
            where TLanes : unmanaged, ITangentLanes<TLanes>
        {
            if ((uint)(count - 1) >= (uint)TLanes.Width)
            {
                ThrowCount(count);
            }

            if (lanes.Length > 0 && ((long)(count - 1) * stride + lanes.Length > rows.Length || stride < lanes.Length))
            {
                ThrowLengthMismatch(lanes.Length, rows.Length, stride, count);
            }

            ref TLanes source = ref MemoryMarshal.GetReference(lanes);
            ref double target = ref MemoryMarshal.GetReference(rows);
            bool nan = false;
            for (int k = 0; k < lanes.Length; k++)
            {
                nan |= Unsafe.Add(ref source, k).Scatter(ref Unsafe.Add(ref target, k), stride, count);
            }

            return nan;
        }

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowCount(int count) =>
            throw new ArgumentOutOfRangeException(nameof(count), count, "A run reads 1 to the lanes' width rows.");

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowLengthMismatch(int lanes, int rows, int stride, int count) =>
            throw new ArgumentException($"{count} rows of {lanes} numbers, {stride} apart, do not fit in the {rows} numbers passed; pass the Jacobian from the input's first entry, with its row length as the stride.", nameof(rows));

        /// <summary>The array one thread keeps for one lanes type.</summary>
        private static class Kept<TLanes>
        {
            [ThreadStatic]
            internal static TLanes[]? Array;
        }
    }
}
