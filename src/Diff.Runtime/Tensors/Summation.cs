using System;
using System.Buffers;
using System.Numerics.Tensors;

namespace Diff
{
    /// <summary>
    /// Sums of many floats with the error of a few hundred additions, not of all of them. Added one after another in
    /// float, a million values of 0.1 lose 0.25 % (each addition rounds to the running total's precision); PyTorch
    /// sums in a cascade for this reason. Here blocks are summed in float, vectorised, and the block sums added in
    /// double, which costs one conversion per block.
    /// </summary>
    internal static class Summation
    {
        /// <summary>Values per block of <see cref="Sum"/>: 32 additions per vector lane with AVX-512, 64 with AVX2.</summary>
        private const int Block = 512;

        /// <summary>Rows per block of <see cref="SumRows"/>.</summary>
        private const int RowBlock = 32;

        /// <summary>The sum of <paramref name="values"/>.</summary>
        public static float Sum(ReadOnlySpan<float> values)
        {
            if (values.Length <= Block)
            {
                return TensorPrimitives.Sum(values);
            }

            double total = 0;
            for (int start = 0; start < values.Length; start += Block)
            {
                total += TensorPrimitives.Sum(values.Slice(start, Math.Min(Block, values.Length - start)));
            }

            return (float)total;
        }

        /// <summary>
        /// The elementwise sum of <paramref name="rows"/> rows of <paramref name="width"/> values, each
        /// <paramref name="stride"/> apart in <paramref name="source"/>, written into <paramref name="into"/> or, when
        /// <paramref name="accumulate"/>, added to what it holds.
        /// </summary>
        public static void SumRows(ReadOnlySpan<float> source, int rows, int width, int stride, Span<float> into, bool accumulate)
        {
            if (rows <= RowBlock)
            {
                if (!accumulate)
                {
                    into.Slice(0, width).Clear();
                }

                for (int r = 0; r < rows; r++)
                {
                    TensorPrimitives.Add(into.Slice(0, width), source.Slice(r * stride, width), into.Slice(0, width));
                }

                return;
            }

            // Rented, so that a training step that sums a batch's rows allocates nothing in steady state.
            double[] total = ArrayPool<double>.Shared.Rent(width);
            float[] block = ArrayPool<float>.Shared.Rent(width);
            try
            {
                Span<double> totals = total.AsSpan(0, width);
                Span<float> partial = block.AsSpan(0, width);
                for (int j = 0; j < width; j++)
                {
                    totals[j] = accumulate ? into[j] : 0;
                }

                for (int first = 0; first < rows; first += RowBlock)
                {
                    int last = Math.Min(first + RowBlock, rows);
                    source.Slice(first * stride, width).CopyTo(partial);
                    for (int r = first + 1; r < last; r++)
                    {
                        TensorPrimitives.Add(partial, source.Slice(r * stride, width), partial);
                    }

                    for (int j = 0; j < width; j++)
                    {
                        totals[j] += partial[j];
                    }
                }

                for (int j = 0; j < width; j++)
                {
                    into[j] = (float)totals[j];
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(block);
                ArrayPool<double>.Shared.Return(total);
            }
        }
    }
}
