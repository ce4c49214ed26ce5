using System;
using System.Text;

namespace Diff.NN
{
    /// <summary>Shape comparison and formatting for the messages of layers, losses and checkpoints.</summary>
    internal static class Shapes
    {
        /// <summary>Whether two shapes have the same rank and sizes.</summary>
        public static bool Equal(ReadOnlySpan<int> left, ReadOnlySpan<int> right) => left.SequenceEqual(right);

        /// <summary>Formats a shape like <c>[3, 4]</c>; a scalar is <c>[]</c>.</summary>
        public static string Format(ReadOnlySpan<int> shape)
        {
            StringBuilder builder = new StringBuilder("[");
            for (int i = 0; i < shape.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }

                builder.Append(shape[i]);
            }

            return builder.Append(']').ToString();
        }

        /// <summary>The number of elements of <paramref name="shape"/>, or -1 when it overflows a long.</summary>
        public static long ElementCount(ReadOnlySpan<int> shape)
        {
            long count = 1;
            foreach (int size in shape)
            {
                if (size < 0)
                {
                    return -1;
                }

                try
                {
                    count = checked(count * size);
                }
                catch (OverflowException)
                {
                    return -1;
                }
            }

            return count;
        }
    }
}
