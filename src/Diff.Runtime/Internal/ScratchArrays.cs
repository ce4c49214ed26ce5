using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace Diff.Internal
{
    /// <summary>
    /// Zeroed scratch arrays of an exact length for generated code (the seeds, shadows and saved inputs of an
    /// <c>MJacobian</c>), kept per thread and reused, so that a Jacobian called once per observation allocates
    /// nothing once warm.
    /// </summary>
    /// <remarks>
    /// <see cref="System.Buffers.ArrayPool{T}"/> hands out arrays of at least the asked length, but a generated
    /// companion checks that a shadow is exactly as long as its buffer, so arrays are kept by exact length here.
    /// Each thread keeps a few of them, the most recently given back; a rented array belongs to its caller until it is returned, so nested and
    /// concurrent Jacobians never share one.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class ScratchArrays
    {
        /// <summary>How many free arrays a thread keeps per element type.</summary>
        private const int Kept = 16;

        /// <summary>A zeroed array of exactly <paramref name="length"/> elements.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="length">The length.</param>
        /// <returns>A reused array, cleared, or a new one.</returns>
        public static T[] Rent<T>(int length)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            List<T[]>? free = Free<T>.Arrays;
            if (free is not null)
            {
                for (int i = free.Count - 1; i >= 0; i--)
                {
                    T[] array = free[i];
                    if (array.Length == length)
                    {
                        free.RemoveAt(i);
                        Array.Clear(array);
                        return array;
                    }
                }
            }

            return length == 0 ? Array.Empty<T>() : new T[length];
        }

        /// <summary>
        /// A zeroed array of at least <paramref name="minimumLength"/> elements: the shortest kept one that is long enough, or
        /// a new one of that length. For scratch that only grows and is used through a view of its first elements, so that
        /// the one array a gradient grew to is found again by the next gradient's first request, however short.
        /// </summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="minimumLength">The least length.</param>
        /// <returns>A reused array, cleared, or a new one.</returns>
        public static T[] RentAtLeast<T>(int minimumLength)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(minimumLength);
            List<T[]>? free = Free<T>.Arrays;
            if (free is not null)
            {
                int best = -1;
                for (int i = free.Count - 1; i >= 0; i--)
                {
                    if (free[i].Length >= minimumLength && (best < 0 || free[i].Length < free[best].Length))
                    {
                        best = i;
                    }
                }

                if (best >= 0)
                {
                    T[] array = free[best];
                    free.RemoveAt(best);
                    Array.Clear(array);
                    return array;
                }
            }

            return minimumLength == 0 ? Array.Empty<T>() : new T[minimumLength];
        }

        /// <summary>
        /// A local array of generated code that no reference outlives its method: <paramref name="kept"/> itself, cleared,
        /// when it has <paramref name="length"/> elements; otherwise <paramref name="kept"/> goes back and a zeroed array of
        /// that length takes its place. The method gives <paramref name="kept"/> back (<see cref="Return{T}"/>) when it ends,
        /// so that a gradient called once per observation allocates nothing for the arrays its method allocates.
        /// </summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="kept">The method's storage for the array, empty until first used.</param>
        /// <param name="length">The length, as in <c>new T[length]</c>.</param>
        /// <returns>The array, all zeros, as <c>new T[length]</c> would be.</returns>
        /// <exception cref="OverflowException"><paramref name="length"/> is negative, as <c>new T[length]</c> would throw.</exception>
        public static T[] Zeroed<T>(ref T[] kept, int length)
        {
            if (kept.Length == length)
            {
                Array.Clear(kept);
                return kept;
            }

            if (length < 0)
            {
                throw new OverflowException($"An array cannot have a negative length ({length}).");
            }

            Return(kept);
            kept = Rent<T>(length);
            return kept;
        }

        /// <summary>An array of exactly <paramref name="source"/>'s length holding a copy of it.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="source">The values to copy.</param>
        /// <returns>A reused array, or a new one.</returns>
        public static T[] RentCopy<T>(ReadOnlySpan<T> source)
        {
            T[] array = Rent<T>(source.Length);
            source.CopyTo(array);
            return array;
        }

        /// <summary>Gives an array back for reuse on this thread; the caller must not use it afterwards.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="array">An array from <see cref="Rent{T}"/> or <see cref="RentCopy{T}"/>.</param>
        public static void Return<T>(T[] array)
        {
            ArgumentNullException.ThrowIfNull(array);
            if (array.Length == 0)
            {
                return;
            }

            // When the thread already keeps as many as it may, the one given back longest ago makes room: the arrays
            // kept are then those of the work the thread does now, not of whatever it did first.
            List<T[]> free = Free<T>.Arrays ??= new List<T[]>(Kept);
            if (free.Count == Kept)
            {
                free.RemoveAt(0);
            }

            free.Add(array);
        }

        private static class Free<T>
        {
            [ThreadStatic]
            public static List<T[]>? Arrays;
        }
    }
}
