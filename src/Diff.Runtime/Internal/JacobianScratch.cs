using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

            if (typeof(TLanes) == typeof(TangentLanes2) && count == 2)
            {
                return ReadTwoRows(MemoryMarshal.Cast<TLanes, Vector128<double>>(lanes), ref MemoryMarshal.GetReference(rows), stride);
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

        /// <summary>
        /// Two full lanes read out two elements at a time: the pair's lanes are loaded whole and transposed, so that each row
        /// gets one 16-byte store per pair and NaN is tested once for the whole input. Reading an element's lanes one at a time
        /// costs a load of half a 16-byte store the pullback has just made, which the processor may not forward.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool ReadTwoRows(ReadOnlySpan<Vector128<double>> lanes, ref double first, int stride)
        {
            ref Vector128<double> source = ref MemoryMarshal.GetReference(lanes);
            ref double second = ref Unsafe.Add(ref first, stride);
            Vector128<double> unordered = Vector128<double>.Zero;
            int k = 0;
            if (Sse2.IsSupported)
            {
                for (; k + 1 < lanes.Length; k += 2)
                {
                    Vector128<double> a = Unsafe.Add(ref source, k), b = Unsafe.Add(ref source, k + 1);
                    Sse2.UnpackLow(a, b).StoreUnsafe(ref Unsafe.Add(ref first, k));
                    Sse2.UnpackHigh(a, b).StoreUnsafe(ref Unsafe.Add(ref second, k));
                    unordered |= ~Vector128.Equals(a, a) | ~Vector128.Equals(b, b);
                }
            }

            for (; k < lanes.Length; k++)
            {
                Vector128<double> a = Unsafe.Add(ref source, k);
                Unsafe.Add(ref first, k) = a.GetElement(0);
                Unsafe.Add(ref second, k) = a.GetElement(1);
                unordered |= ~Vector128.Equals(a, a);
            }

            return unordered != Vector128<double>.Zero;
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
