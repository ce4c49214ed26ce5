using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Diff.Internal
{
    /// <summary>
    /// Storage for the tapes of generated adjoints: the values recorded in loops (local partial
    /// derivatives, indices, branch choices, trip counts).
    /// </summary>
    /// <remarks>
    /// A tape is a plain local array plus a local top index in the generated method, so that both
    /// live in registers in hot loops; this class only rents, grows and returns the arrays, through
    /// <see cref="ArrayPool{T}"/>. A gradient therefore allocates nothing once the pool is warm, and
    /// every call has its own tape: generated methods are reentrant and thread-safe.
    /// <para>
    /// Each thread keeps its last tape of each type in a slot of its own, taken and put back without the
    /// pool: for a short gradient the pool's lookup and return cost more than the sweeps. A nested gradient,
    /// which finds the slot taken, rents from the pool.
    /// </para>
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class TapeArrays
    {
        /// <summary>Rents a tape with room for at least <paramref name="capacity"/> values.</summary>
        /// <typeparam name="T">The recorded value type.</typeparam>
        /// <param name="capacity">The expected number of values.</param>
        /// <returns>An array from the shared pool.</returns>
        public static T[] Rent<T>(int capacity) where T : unmanaged
        {
            // A tape too long for the slot went back to the pool last time: asking for that length at once finds it there,
            // where growing from the estimate would copy the tape about twice over (GMM at d = 10, K = 50: 10 MB a call).
            int wanted = Math.Max(capacity, Kept<T>.PooledLength);
            T[]? kept = Kept<T>.Tape;
            if (kept is not null && kept.Length >= wanted)
            {
                Kept<T>.Tape = null;
                return kept;
            }

            return ArrayPool<T>.Shared.Rent(Math.Max(wanted, 16));
        }

        /// <summary>Returns a bigger tape holding the same values (the old one goes back to the pool).</summary>
        /// <typeparam name="T">The recorded value type.</typeparam>
        /// <param name="tape">The full tape.</param>
        /// <returns>A tape at least twice as long.</returns>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static T[] Grow<T>(T[] tape) where T : unmanaged => Resize(tape, tape.Length, (long)tape.Length * 2);

        /// <summary>Makes sure <paramref name="additional"/> more values fit after <paramref name="top"/>.</summary>
        /// <typeparam name="T">The recorded value type.</typeparam>
        /// <param name="tape">The tape.</param>
        /// <param name="top">How many values it holds.</param>
        /// <param name="additional">How many values are about to be pushed.</param>
        /// <returns>The same tape, or a bigger one holding the same values.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T[] Reserve<T>(T[] tape, int top, long additional) where T : unmanaged
        {
            long needed = top + Math.Max(additional, 0);
            return needed <= tape.Length ? tape : Resize(tape, top, needed);
        }

        /// <summary>Gives a tape back to the pool.</summary>
        /// <typeparam name="T">The recorded value type.</typeparam>
        /// <param name="tape">The tape, no longer used.</param>
        public static void Return<T>(T[] tape) where T : unmanaged
        {
            if (Kept<T>.Tape is null && tape.Length <= MostKept)
            {
                Kept<T>.Tape = tape;
                return;
            }

            Kept<T>.PooledLength = tape.Length;
            ArrayPool<T>.Shared.Return(tape);
        }

        /// <summary>The longest tape a thread keeps in its slot; a longer one goes back to the pool, which may trim it.</summary>
        private const int MostKept = 1 << 16;

        private static T[] Resize<T>(T[] tape, int count, long needed) where T : unmanaged
        {
            if (needed > Array.MaxLength)
            {
                throw new InsufficientMemoryException(
                    $"The gradient tape would need {needed} entries, more than an array can hold; split the computation or record less in its loops.");
            }

            T[] bigger = ArrayPool<T>.Shared.Rent((int)Math.Max(needed, Math.Min((long)tape.Length * 2, Array.MaxLength)));
            Array.Copy(tape, bigger, Math.Min(count, tape.Length));
            ArrayPool<T>.Shared.Return(tape);
            return bigger;
        }

        /// <summary>The thread's kept tape of <typeparamref name="T"/>, or null while a gradient on the thread holds it.</summary>
        private static class Kept<T>
        {
            [ThreadStatic]
            public static T[]? Tape;

            /// <summary>The length of the last tape the thread gave back to the pool (0 for none): the length the next one rents.</summary>
            [ThreadStatic]
            public static int PooledLength;
        }
    }
}
