using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Diff
{
    /// <summary>An elementwise binary kernel in the shapes <see cref="TensorPrimitives"/> offers.</summary>
    internal interface IBinaryKernel
    {
        static abstract float Apply(float x, float y);

        /// <summary>The op's code in the device kernels: 0 add, 1 subtract, 2 multiply, 3 divide.</summary>
        static abstract int DeviceCode { get; }

        /// <summary>The name of the operator, for messages.</summary>
        static abstract string Name { get; }

        static abstract void Run(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination);

        static abstract void Run(ReadOnlySpan<float> x, float y, Span<float> destination);

        static abstract void Run(float x, ReadOnlySpan<float> y, Span<float> destination);
    }

    internal readonly struct AddKernel : IBinaryKernel
    {
        public static int DeviceCode => 0;

        public static string Name => "operator +";

        public static float Apply(float x, float y) => x + y;

        public static void Run(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) => TensorPrimitives.Add(x, y, destination);

        public static void Run(ReadOnlySpan<float> x, float y, Span<float> destination) => TensorPrimitives.Add(x, y, destination);

        public static void Run(float x, ReadOnlySpan<float> y, Span<float> destination) => TensorPrimitives.Add(y, x, destination);
    }

    internal readonly struct SubtractKernel : IBinaryKernel
    {
        public static int DeviceCode => 1;

        public static string Name => "operator -";

        public static float Apply(float x, float y) => x - y;

        public static void Run(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) => TensorPrimitives.Subtract(x, y, destination);

        public static void Run(ReadOnlySpan<float> x, float y, Span<float> destination) => TensorPrimitives.Subtract(x, y, destination);

        public static void Run(float x, ReadOnlySpan<float> y, Span<float> destination) => TensorPrimitives.Subtract(x, y, destination);
    }

    internal readonly struct MultiplyKernel : IBinaryKernel
    {
        public static int DeviceCode => 2;

        public static string Name => "operator *";

        public static float Apply(float x, float y) => x * y;

        public static void Run(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) => TensorPrimitives.Multiply(x, y, destination);

        public static void Run(ReadOnlySpan<float> x, float y, Span<float> destination) => TensorPrimitives.Multiply(x, y, destination);

        public static void Run(float x, ReadOnlySpan<float> y, Span<float> destination) => TensorPrimitives.Multiply(y, x, destination);
    }

    internal readonly struct DivideKernel : IBinaryKernel
    {
        public static int DeviceCode => 3;

        public static string Name => "operator /";

        public static float Apply(float x, float y) => x / y;

        public static void Run(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) => TensorPrimitives.Divide(x, y, destination);

        public static void Run(ReadOnlySpan<float> x, float y, Span<float> destination) => TensorPrimitives.Divide(x, y, destination);

        public static void Run(float x, ReadOnlySpan<float> y, Span<float> destination) => TensorPrimitives.Divide(x, y, destination);
    }

    /// <summary>
    /// NumPy broadcasting: shapes are aligned at their last dimension, and each pair of sizes must be
    /// equal or contain a 1, which is stretched.
    /// </summary>
    /// <remarks>
    /// The general path walks the result in runs along its last (coalesced) dimension, where each
    /// operand either advances one element at a time or repeats one element, so every run is one
    /// <see cref="TensorPrimitives"/> call: a row bias <c>[N, C] + [C]</c> is N vectorised adds.
    /// </remarks>
    internal static class Broadcasting
    {
        /// <summary>The broadcast shape of two shapes, or an <see cref="ArgumentException"/> naming both.</summary>
        public static int[] Shape(int[] left, int[] right, string leftName, string rightName)
        {
            int rank = Math.Max(left.Length, right.Length);
            var shape = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                int l = i < rank - left.Length ? 1 : left[i - (rank - left.Length)];
                int r = i < rank - right.Length ? 1 : right[i - (rank - right.Length)];
                if (l != r && l != 1 && r != 1)
                {
                    throw new ArgumentException(
                        $"Shapes {Tensor.ShapeText(left)} and {Tensor.ShapeText(right)} cannot be broadcast ({leftName}, {rightName}): dimension {i} has sizes {l} and {r}.",
                        leftName);
                }

                shape[i] = l == 1 ? r : l;
            }

            return shape;
        }

        /// <summary>Whether <paramref name="shape"/> broadcasts to exactly <paramref name="target"/>.</summary>
        public static bool BroadcastsTo(int[] shape, int[] target)
        {
            if (shape.Length > target.Length)
            {
                return false;
            }

            int offset = target.Length - shape.Length;
            for (int i = 0; i < shape.Length; i++)
            {
                if (shape[i] != 1 && shape[i] != target[i + offset])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Computes <c>destination = TKernel(x, y)</c> where the operands broadcast to <paramref name="shape"/>.</summary>
        public static void Binary<TKernel>(float[] x, int[] xShape, float[] y, int[] yShape, float[] destination, int[] shape)
            where TKernel : IBinaryKernel
        {
            Plan(shape, xShape, yShape, out int[] sizes, out int[] xStrides, out int[] yStrides);
            int last = sizes.Length - 1;
            int inner = sizes[last];
            bool xRuns = xStrides[last] != 0;
            bool yRuns = yStrides[last] != 0;
            Span<int> counter = stackalloc int[last + 1];
            int xOffset = 0, yOffset = 0;
            for (int d = 0; d < destination.Length; d += inner)
            {
                Span<float> run = destination.AsSpan(d, inner);
                if (xRuns && yRuns)
                {
                    TKernel.Run(x.AsSpan(xOffset, inner), y.AsSpan(yOffset, inner), run);
                }
                else if (xRuns)
                {
                    TKernel.Run(x.AsSpan(xOffset, inner), y[yOffset], run);
                }
                else if (yRuns)
                {
                    TKernel.Run(x[xOffset], y.AsSpan(yOffset, inner), run);
                }
                else
                {
                    run.Fill(TKernel.Apply(x[xOffset], y[yOffset]));
                }

                Advance(counter, sizes, xStrides, yStrides, ref xOffset, ref yOffset);
            }
        }

        /// <summary>Copies <paramref name="source"/> stretched to <paramref name="shape"/> into <paramref name="destination"/>.</summary>
        public static void Expand(float[] source, int[] sourceShape, float[] destination, int[] shape)
        {
            Plan(shape, sourceShape, shape, out int[] sizes, out int[] sourceStrides, out int[] destinationStrides);
            int last = sizes.Length - 1;
            int inner = sizes[last];
            bool sourceRuns = sourceStrides[last] != 0;
            Span<int> counter = stackalloc int[last + 1];
            int sourceOffset = 0, destinationOffset = 0;
            for (int d = 0; d < destination.Length; d += inner)
            {
                if (sourceRuns)
                {
                    source.AsSpan(sourceOffset, inner).CopyTo(destination.AsSpan(d, inner));
                }
                else
                {
                    destination.AsSpan(d, inner).Fill(source[sourceOffset]);
                }

                Advance(counter, sizes, sourceStrides, destinationStrides, ref sourceOffset, ref destinationOffset);
            }
        }

        /// <summary>
        /// Sums <paramref name="source"/> (of shape <paramref name="sourceShape"/>) over the dimensions
        /// that <paramref name="targetShape"/> broadcasts, adding into <paramref name="target"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void SumInto(float[] source, int[] sourceShape, float[] target, int[] targetShape)
        {
            Plan(sourceShape, targetShape, sourceShape, out int[] sizes, out int[] targetStrides, out int[] sourceStrides);
            int last = sizes.Length - 1;
            int inner = sizes[last];
            bool targetRuns = targetStrides[last] != 0;
            if (sizes.Length == 2 && targetRuns && targetStrides[0] == 0 && targetStrides[1] == 1 && sourceStrides[0] == inner && sourceStrides[1] == 1)
            {
                // Rows summed into one row (a bias's gradient): in blocks, for the accuracy of a cascade.
                Summation.SumRows(source, sizes[0], inner, inner, target.AsSpan(0, inner), accumulate: true);
                return;
            }

            Span<int> counter = stackalloc int[last + 1];
            int targetOffset = 0, sourceOffset = 0;
            for (int s = 0; s < source.Length; s += inner)
            {
                ReadOnlySpan<float> run = source.AsSpan(s, inner);
                if (targetRuns)
                {
                    Span<float> into = target.AsSpan(targetOffset, inner);
                    TensorPrimitives.Add(into, run, into);
                }
                else
                {
                    target[targetOffset] += Summation.Sum(run);
                }

                Advance(counter, sizes, targetStrides, sourceStrides, ref targetOffset, ref sourceOffset);
            }
        }

        /// <summary>Steps to the next run: an odometer over all dimensions but the last.</summary>
        private static void Advance(Span<int> counter, int[] sizes, int[] xStrides, int[] yStrides, ref int xOffset, ref int yOffset)
        {
            for (int d = sizes.Length - 2; d >= 0; d--)
            {
                xOffset += xStrides[d];
                yOffset += yStrides[d];
                if (++counter[d] < sizes[d])
                {
                    return;
                }

                counter[d] = 0;
                xOffset -= xStrides[d] * sizes[d];
                yOffset -= yStrides[d] * sizes[d];
            }
        }

        /// <summary>
        /// Element strides of two operands read in the iteration order of <paramref name="shape"/>
        /// (stride 0 where an operand is stretched), with size-1 dimensions dropped and neighbouring
        /// dimensions merged wherever both operands are contiguous across them.
        /// </summary>
        private static void Plan(int[] shape, int[] xShape, int[] yShape, out int[] sizes, out int[] xStrides, out int[] yStrides)
        {
            int rank = shape.Length;
            Span<int> xFull = stackalloc int[rank];
            Span<int> yFull = stackalloc int[rank];
            FillStrides(shape, xShape, xFull);
            FillStrides(shape, yShape, yFull);

            Span<int> mergedSizes = stackalloc int[rank + 1];
            Span<int> mergedX = stackalloc int[rank + 1];
            Span<int> mergedY = stackalloc int[rank + 1];
            int count = 0;
            for (int i = rank - 1; i >= 0; i--)
            {
                if (shape[i] == 1)
                {
                    continue;
                }

                // Dimension i joins the group after it when stepping it once equals running through that whole group.
                if (count > 0
                    && xFull[i] == mergedX[count - 1] * mergedSizes[count - 1]
                    && yFull[i] == mergedY[count - 1] * mergedSizes[count - 1])
                {
                    mergedSizes[count - 1] *= shape[i];
                    continue;
                }

                mergedSizes[count] = shape[i];
                mergedX[count] = xFull[i];
                mergedY[count] = yFull[i];
                count++;
            }

            if (count == 0)
            {
                mergedSizes[0] = 1;
                mergedX[0] = 0;
                mergedY[0] = 0;
                count = 1;
            }

            sizes = new int[count];
            xStrides = new int[count];
            yStrides = new int[count];
            for (int i = 0; i < count; i++)
            {
                sizes[i] = mergedSizes[count - 1 - i];
                xStrides[i] = mergedX[count - 1 - i];
                yStrides[i] = mergedY[count - 1 - i];
            }
        }

        /// <summary>The strides of an operand read at the coordinates of <paramref name="shape"/>: its own contiguous strides, 0 where it is broadcast.</summary>
        internal static void FillStrides(int[] shape, int[] operandShape, Span<int> strides)
        {
            int offset = shape.Length - operandShape.Length;
            int stride = 1;
            for (int i = shape.Length - 1; i >= 0; i--)
            {
                int size = i < offset ? 1 : operandShape[i - offset];
                strides[i] = size == 1 ? 0 : stride;
                stride *= size;
            }
        }
    }
}
