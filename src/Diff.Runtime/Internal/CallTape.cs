using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Diff.Internal
{
    /// <summary>
    /// The tapes that a gradient shares with the <c>…Record</c> and <c>…Reverse</c> halves of the
    /// buffer-writing methods it calls.
    /// </summary>
    /// <remarks>
    /// A call of a method that writes buffers is recorded once: the caller's forward sweep runs the
    /// callee's <c>…Record</c>, which pushes what its reverse sweep needs on these tapes, and the caller's
    /// reverse sweep runs the callee's <c>…Reverse</c>, which pops it. Nested calls push and pop in
    /// stack order, so one set of tapes serves the whole call tree. Each generated method keeps the tapes
    /// in locals while it runs (so they stay in registers) and hands them back here around every call.
    /// The outermost gradient rents one from a per-thread cache and returns it, so a gradient allocates
    /// nothing here once warm, and gradients stay reentrant and thread-safe.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class CallTape
    {
        [ThreadStatic]
        private static CallTape? s_free;

        private CallTape? _next;

        private CallTape()
        {
        }

        /// <summary>The tape of <c>double</c> values.</summary>
        public double[] Doubles { get; set; } = TapeArrays.Rent<double>(64);

        /// <summary>How many values <see cref="Doubles"/> holds.</summary>
        public int DoubleCount { get; set; }

        /// <summary>The tape of <c>float</c> values.</summary>
        public float[] Floats { get; set; } = TapeArrays.Rent<float>(16);

        /// <summary>How many values <see cref="Floats"/> holds.</summary>
        public int FloatCount { get; set; }

        /// <summary>The tape of integers, booleans and trip counts.</summary>
        public int[] Integers { get; set; } = TapeArrays.Rent<int>(64);

        /// <summary>How many values <see cref="Integers"/> holds.</summary>
        public int IntegerCount { get; set; }

        /// <summary>The tape of integers wider than <c>int</c>.</summary>
        public long[] Longs { get; set; } = TapeArrays.Rent<long>(16);

        /// <summary>How many values <see cref="Longs"/> holds.</summary>
        public int LongCount { get; set; }

        private object?[] _objects = new object?[16];
        private int _objectCount;

        /// <summary>A tape set with nothing on it, from this thread's cache when one is free.</summary>
        /// <returns>An empty tape set; give it back with <see cref="Return"/>.</returns>
        public static CallTape Rent()
        {
            CallTape? tape = s_free;
            if (tape is null)
            {
                return new CallTape();
            }

            s_free = tape._next;
            tape._next = null;
            return tape;
        }

        /// <summary>Empties a tape set and keeps it, with its arrays, for the next gradient on this thread.</summary>
        /// <param name="tape">A tape set from <see cref="Rent"/>.</param>
        public static void Return(CallTape tape)
        {
            ArgumentNullException.ThrowIfNull(tape);

            // An exception may have left values behind: nothing may leak into the next gradient.
            tape.DoubleCount = tape.FloatCount = tape.IntegerCount = tape.LongCount = 0;
            Array.Clear(tape._objects, 0, tape._objectCount);
            tape._objectCount = 0;
            tape._next = s_free;
            s_free = tape;
        }

        /// <summary>Records a reference (a local array a reverse sweep reads again).</summary>
        /// <param name="value">The reference.</param>
        public void PushObject(object? value)
        {
            if (_objectCount == _objects.Length)
            {
                Array.Resize(ref _objects, _objects.Length * 2);
            }

            _objects[_objectCount++] = value;
        }

        /// <summary>Takes back the reference recorded last, and forgets it.</summary>
        /// <returns>The reference.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public object? PopObject()
        {
            object? value = _objects[--_objectCount];
            _objects[_objectCount] = null;
            return value;
        }
    }
}
