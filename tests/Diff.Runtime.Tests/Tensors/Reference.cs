using System.Collections.Generic;
using System.Linq;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>Straightforward double-precision versions of the tensor ops, the yardstick for values and gradients.</summary>
    internal static class Reference
    {
        public static int Count(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

        public static int[] BroadcastShape(int[] a, int[] b)
        {
            int rank = Math.Max(a.Length, b.Length);
            var shape = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                int l = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
                int r = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
                shape[i] = Math.Max(l, r);
            }

            return shape;
        }

        /// <summary>The flat index into an operand of shape <paramref name="operand"/> for output coordinates <paramref name="index"/>.</summary>
        public static int SourceIndex(int[] index, int[] operand)
        {
            int offset = index.Length - operand.Length;
            int flat = 0;
            for (int i = 0; i < operand.Length; i++)
            {
                flat = flat * operand[i] + (operand[i] == 1 ? 0 : index[i + offset]);
            }

            return flat;
        }

        public static IEnumerable<int[]> Indices(int[] shape)
        {
            int count = Count(shape);
            for (int flat = 0; flat < count; flat++)
            {
                var index = new int[shape.Length];
                int rest = flat;
                for (int d = shape.Length - 1; d >= 0; d--)
                {
                    index[d] = rest % shape[d];
                    rest /= shape[d];
                }

                yield return index;
            }
        }

        public static double[] Binary(double[] a, int[] sa, double[] b, int[] sb, Func<double, double, double> op)
        {
            int[] shape = BroadcastShape(sa, sb);
            return Indices(shape).Select(i => op(a[SourceIndex(i, sa)], b[SourceIndex(i, sb)])).ToArray();
        }

        public static double[] Map(double[] a, Func<double, double> op) => a.Select(op).ToArray();

        /// <summary>Reduces over <paramref name="dim"/> with <paramref name="reduce"/> applied to each slice.</summary>
        public static double[] Reduce(double[] a, int[] shape, int dim, Func<double[], double> reduce)
        {
            int outer = shape.Take(dim).Aggregate(1, (x, y) => x * y);
            int size = shape[dim];
            int inner = shape.Skip(dim + 1).Aggregate(1, (x, y) => x * y);
            var result = new double[outer * inner];
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    var slice = new double[size];
                    for (int s = 0; s < size; s++)
                    {
                        slice[s] = a[(o * size + s) * inner + i];
                    }

                    result[o * inner + i] = reduce(slice);
                }
            }

            return result;
        }

        /// <summary>Replaces each slice along <paramref name="dim"/> by <paramref name="transform"/> of it.</summary>
        public static double[] AlongDim(double[] a, int[] shape, int dim, Func<double[], double[]> transform)
        {
            int outer = shape.Take(dim).Aggregate(1, (x, y) => x * y);
            int size = shape[dim];
            int inner = shape.Skip(dim + 1).Aggregate(1, (x, y) => x * y);
            var result = new double[a.Length];
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    var slice = new double[size];
                    for (int s = 0; s < size; s++)
                    {
                        slice[s] = a[(o * size + s) * inner + i];
                    }

                    double[] transformed = transform(slice);
                    for (int s = 0; s < size; s++)
                    {
                        result[(o * size + s) * inner + i] = transformed[s];
                    }
                }
            }

            return result;
        }

        public static double[] Softmax(double[] slice)
        {
            double max = slice.Max();
            double[] e = slice.Select(v => Math.Exp(v - max)).ToArray();
            double sum = e.Sum();
            return e.Select(v => v / sum).ToArray();
        }

        public static double[] LogSoftmax(double[] slice)
        {
            double max = slice.Max();
            double lse = max + Math.Log(slice.Sum(v => Math.Exp(v - max)));
            return slice.Select(v => v - lse).ToArray();
        }

        /// <summary>
        /// torch.matmul by the definition, for any rank: the batch dimensions (all but the last two) broadcast from the
        /// right, each result batch reading the operands' batches at its own index, or at 0 where an operand's size is 1.
        /// </summary>
        public static double[] MatMul(double[] a, int[] sa, double[] b, int[] sb)
        {
            int m = sa.Length == 1 ? 1 : sa[^2], k = sa[^1], n = sb.Length == 1 ? 1 : sb[^1];
            int[] aBatch = sa.Length > 2 ? sa[..^2] : Array.Empty<int>();
            int[] bBatch = sb.Length > 2 ? sb[..^2] : Array.Empty<int>();
            int rank = Math.Max(aBatch.Length, bBatch.Length);
            int Size(int[] dims, int i) => i - (rank - dims.Length) is int at && at >= 0 ? dims[at] : 1;
            int[] batchShape = Enumerable.Range(0, rank).Select(i => Math.Max(Size(aBatch, i), Size(bBatch, i))).ToArray();
            int batch = batchShape.Aggregate(1, (x, y) => x * y);
            var c = new double[batch * m * n];
            for (int t = 0; t < batch; t++)
            {
                // The result batch's index in each dimension, and each operand's batch at that index.
                int rest = t, ta = 0, tb = 0, aStep = 1, bStep = 1;
                for (int i = rank - 1; i >= 0; i--)
                {
                    int index = rest % batchShape[i];
                    rest /= batchShape[i];
                    ta += (Size(aBatch, i) == 1 ? 0 : index) * aStep;
                    tb += (Size(bBatch, i) == 1 ? 0 : index) * bStep;
                    aStep *= Size(aBatch, i);
                    bStep *= Size(bBatch, i);
                }

                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        double sum = 0;
                        for (int p = 0; p < k; p++)
                        {
                            sum += a[(ta * m + i) * k + p] * b[(tb * k + p) * n + j];
                        }

                        c[(t * m + i) * n + j] = sum;
                    }
                }
            }

            return c;
        }

        public static double[] Transpose(double[] a, int rows, int columns)
        {
            var t = new double[a.Length];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    t[c * rows + r] = a[r * columns + c];
                }
            }

            return t;
        }

        public static double[] SumTo(double[] a, int[] shape, int[] target)
        {
            var result = new double[Count(target)];
            int flat = 0;
            foreach (int[] index in Indices(shape))
            {
                result[SourceIndex(index, target)] += a[flat++];
            }

            return result;
        }
    }
}
