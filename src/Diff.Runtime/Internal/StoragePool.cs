using System;
using System.Collections.Generic;

namespace Diff.Internal
{
    /// <summary>
    /// Free float arrays of CPU tensor storage, kept per thread and handed out again by exact length: the
    /// CPU side of what PyTorch's caching allocator does (<see cref="DeviceMemory"/> is the device side).
    /// </summary>
    /// <remarks>
    /// Arrays come back only from <see cref="ValueStack.Unwind"/>, for the intermediates of a gradient call
    /// that nothing outside the call can reach any more (see there for the rules). A tensor's length is its
    /// shape's product, so lengths repeat from one training step to the next and exact lengths make hits
    /// certain in steady state. Each thread keeps its own lists: a gradient call runs on one thread, so its
    /// arrays go back to the thread that will run the next step, and no lock is taken.
    /// </remarks>
    internal static class StoragePool
    {
        /// <summary>The most bytes of free arrays one thread keeps; beyond that, returned arrays are left to the collector.</summary>
        internal const long MaxKeptBytes = 512L * 1024 * 1024;

        [ThreadStatic]
        private static Dictionary<int, Stack<float[]>>? t_free;

        [ThreadStatic]
        private static long t_keptBytes;

        /// <summary>An array of exactly <paramref name="length"/> elements that no tensor holds: a free one, or a new one.</summary>
        /// <param name="length">The length.</param>
        /// <param name="clear">Whether a reused array must be zeroed (a new one always is).</param>
        public static float[] Rent(int length, bool clear)
        {
            if (length > 0 && t_free is { } free && free.TryGetValue(length, out Stack<float[]>? arrays) && arrays.TryPop(out float[]? array))
            {
                t_keptBytes -= (long)length * sizeof(float);
                if (clear)
                {
                    Array.Clear(array);
                }

                return array;
            }

            return length == 0 ? Array.Empty<float>() : new float[length];
        }

        /// <summary>Keeps <paramref name="array"/> for a later <see cref="Rent"/>; the caller guarantees that nothing reads or writes it any more.</summary>
        /// <param name="array">The array.</param>
        public static void Return(float[] array)
        {
            long bytes = (long)array.Length * sizeof(float);
            if (array.Length == 0 || t_keptBytes + bytes > MaxKeptBytes)
            {
                return;
            }

            Dictionary<int, Stack<float[]>> free = t_free ??= new Dictionary<int, Stack<float[]>>();
            if (!free.TryGetValue(array.Length, out Stack<float[]>? arrays))
            {
                arrays = new Stack<float[]>();
                free.Add(array.Length, arrays);
            }

            arrays.Push(array);
            t_keptBytes += bytes;
        }

        /// <summary>How many bytes of free arrays this thread keeps (for tests).</summary>
        internal static long KeptBytes => t_keptBytes;

        /// <summary>Whether <paramref name="array"/> is among this thread's free arrays (for tests).</summary>
        internal static bool IsFree(float[] array) =>
            t_free is { } free && free.TryGetValue(array.Length, out Stack<float[]>? arrays) && arrays.Contains(array);
    }
}
