using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Diff.Internal
{
    /// <summary>
    /// The last-in-first-out store that generated adjoints use for values recorded in loops
    /// (local partial derivatives, array indices, branch choices and trip counts).
    /// </summary>
    /// <remarks>
    /// Storage is rented from <see cref="ArrayPool{T}"/> and returned by <see cref="Dispose"/>, so a
    /// generated gradient allocates nothing once the pool is warm. It is a mutable struct on purpose:
    /// generated code keeps it in a local, which makes every gradient call reentrant and thread-safe.
    /// </remarks>
    /// <typeparam name="T">The recorded value type.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public struct TapeStack<T> : IDisposable where T : unmanaged
    {
        private T[] _items;
        private int _count;

        /// <summary>Creates a tape with room for at least <paramref name="capacity"/> values.</summary>
        /// <param name="capacity">The expected number of values; the tape grows past it when needed.</param>
        public TapeStack(int capacity)
        {
            _items = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 16));
            _count = 0;
        }

        /// <summary>The number of values recorded and not yet popped.</summary>
        public readonly int Count => _count;

        /// <summary>Makes sure <paramref name="additional"/> more values fit without growing.</summary>
        /// <param name="additional">How many values are about to be pushed.</param>
        public void Reserve(long additional)
        {
            long needed = _count + Math.Max(additional, 0);
            if (_items is null || needed > _items.Length)
            {
                Grow(needed);
            }
        }

        /// <summary>Records one value.</summary>
        /// <param name="value">The value to record.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Push(T value)
        {
            T[] items = _items;
            int count = _count;
            if ((uint)count < (uint)items.Length)
            {
                items[count] = value;
                _count = count + 1;
            }
            else
            {
                PushSlow(value);
            }
        }

        /// <summary>Removes and returns the most recently recorded value.</summary>
        /// <returns>The value pushed last.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T Pop() => _items[--_count];

        /// <summary>Returns the storage to the pool.</summary>
        public void Dispose()
        {
            T[] items = _items;
            _items = Array.Empty<T>();
            _count = 0;
            if (items is not null && items.Length > 0)
            {
                ArrayPool<T>.Shared.Return(items);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void PushSlow(T value)
        {
            Grow((long)_count + 1);
            _items[_count++] = value;
        }

        private void Grow(long needed)
        {
            if (needed > Array.MaxLength)
            {
                throw new InsufficientExecutionStackException(
                    $"The gradient tape would need {needed} entries, more than an array can hold.");
            }

            long doubled = Math.Max(needed, (long)(_items?.Length ?? 0) * 2);
            int size = (int)Math.Min(Math.Max(doubled, 16), Array.MaxLength);
            T[] bigger = ArrayPool<T>.Shared.Rent(size);
            if (_items is not null)
            {
                Array.Copy(_items, bigger, _count);
                if (_items.Length > 0)
                {
                    ArrayPool<T>.Shared.Return(_items);
                }
            }

            _items = bigger;
        }
    }
}
