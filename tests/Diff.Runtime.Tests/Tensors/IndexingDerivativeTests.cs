using System.Linq;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>
    /// The registered backward of every slicing, joining, reshaping, gathering and masking op against
    /// finite differences of a double-precision reference written index by index.
    /// </summary>
    public sealed class IndexingDerivativeTests
    {
        [Theory]
        [InlineData(0, 1, 2)]
        [InlineData(1, 0, 3)]
        [InlineData(-1, 2, 2)]
        [InlineData(2, -3, 1)]
        public void Narrow(int dim, int start, int length)
        {
            int[] shape = { 3, 4, 4 };
            int d = dim < 0 ? dim + 3 : dim;
            int first = start < 0 ? start + shape[d] : start;
            int[] outShape = (int[])shape.Clone();
            outShape[d] = length;
            Check1(shape, x => x.Narrow(dim, start, length),
                a => Gathered(a, shape, outShape, o => With(o, d, first + o[d])),
                (x, r, g, dd) => Tensor.NarrowBackward(x[0], dim, start, length, r, g, ref dd[0]));
        }

        [Theory]
        [InlineData(0, 2)]
        [InlineData(1, -1)]
        [InlineData(2, 0)]
        public void Select(int dim, int index)
        {
            int[] shape = { 3, 4, 2 };
            int d = dim < 0 ? dim + 3 : dim;
            int position = index < 0 ? index + shape[d] : index;
            int[] outShape = shape.Where((_, i) => i != d).ToArray();
            Check1(shape, x => x.Select(dim, index),
                a => Gathered(a, shape, outShape, o => Insert(o, d, position)),
                (x, r, g, dd) => Tensor.SelectBackward(x[0], dim, index, r, g, ref dd[0]));
        }

        [Theory]
        [InlineData(1, 1, 7, 2)]
        [InlineData(1, 0, int.MaxValue, 3)]
        [InlineData(0, -2, 10, 1)]
        [InlineData(-1, -7, -1, 2)]
        public void Slice(int dim, int start, int end, int step)
        {
            int[] shape = { 3, 7 };
            int d = dim < 0 ? dim + 2 : dim;
            int size = shape[d];
            int first = Math.Clamp(start < 0 ? Math.Max(start + size, 0) : start, 0, size);
            int last = Math.Clamp(end < 0 ? Math.Max(end + size, 0) : end, 0, size);
            int[] outShape = (int[])shape.Clone();
            outShape[d] = Enumerable.Range(0, size).Count(i => i >= first && i < last && (i - first) % step == 0);
            Check1(shape, x => x.Slice(dim, start, end, step),
                a => Gathered(a, shape, outShape, o => With(o, d, first + step * o[d])),
                (x, r, g, dd) => Tensor.SliceBackward(x[0], dim, start, end, step, r, g, ref dd[0]));
        }

        [Fact]
        public void Indexer()
        {
            int[] shape = { 3, 5, 2 };
            TensorIndex[] indices = { .., 1..4, ^1 };
            Check1(shape, x => x[indices],
                a => Gathered(a, shape, new[] { 3, 3 }, o => new[] { o[0], o[1] + 1, 1 }),
                (x, r, g, dd) => Tensor.IndexerBackward(x[0], indices, r, g, ref dd[0]));
            TensorIndex[] single = { 2 };
            Check1(shape, x => x[single],
                a => Gathered(a, shape, new[] { 5, 2 }, o => new[] { 2, o[0], o[1] }),
                (x, r, g, dd) => Tensor.IndexerBackward(x[0], single, r, g, ref dd[0]));
        }

        [Theory]
        [InlineData(new[] { 1, 0 })]
        [InlineData(new[] { 2, 0, 1 })]
        [InlineData(new[] { 0, 2, 1, 3 })]
        [InlineData(new[] { -1, 0, 1 })]
        public void Permute(int[] dims)
        {
            int[] shape = new[] { 2, 3, 4, 2 }.Take(dims.Length).ToArray();
            int[] normalized = dims.Select(d => d < 0 ? d + dims.Length : d).ToArray();
            int[] outShape = normalized.Select(d => shape[d]).ToArray();
            Check1(shape, x => x.Permute(dims),
                a => Gathered(a, shape, outShape, o =>
                {
                    var i = new int[o.Length];
                    for (int k = 0; k < o.Length; k++)
                    {
                        i[normalized[k]] = o[k];
                    }

                    return i;
                }),
                (x, r, g, dd) => Tensor.PermuteBackward(x[0], dims, r, g, ref dd[0]));
        }

        [Theory]
        [InlineData(0, 2)]
        [InlineData(1, -1)]
        [InlineData(0, 1)]
        public void TransposeAnyRank(int dim0, int dim1)
        {
            int[] shape = { 2, 3, 4 };
            int d0 = dim0 < 0 ? dim0 + 3 : dim0, d1 = dim1 < 0 ? dim1 + 3 : dim1;
            int[] outShape = (int[])shape.Clone();
            (outShape[d0], outShape[d1]) = (shape[d1], shape[d0]);
            Check1(shape, x => x.Transpose(dim0, dim1),
                a => Gathered(a, shape, outShape, o =>
                {
                    int[] i = (int[])o.Clone();
                    (i[d0], i[d1]) = (o[d1], o[d0]);
                    return i;
                }),
                (x, r, g, dd) => Tensor.TransposeBackward(x[0], dim0, dim1, r, g, ref dd[0]));
        }

        [Fact]
        public void ShapeOnlyOps()
        {
            Check1(new[] { 2, 1, 3, 1 }, x => x.Squeeze(), a => a, (x, r, g, d) => Tensor.SqueezeBackward(x[0], r, g, ref d[0]));
            Check1(new[] { 2, 1, 3 }, x => x.Squeeze(1), a => a, (x, r, g, d) => Tensor.SqueezeBackward(x[0], 1, r, g, ref d[0]));
            Check1(new[] { 2, 3 }, x => x.Unsqueeze(-1), a => a, (x, r, g, d) => Tensor.UnsqueezeBackward(x[0], -1, r, g, ref d[0]));
            Check1(new[] { 2, 3, 4 }, x => x.Flatten(1), a => a, (x, r, g, d) => Tensor.FlattenBackward(x[0], 1, -1, r, g, ref d[0]));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(-1)]
        public void Cat(int dim)
        {
            int d = dim < 0 ? dim + 2 : dim;
            int[] a = { 2, 3 };
            int[] b = d == 0 ? new[] { 4, 3 } : new[] { 2, 4 };
            int[] outShape = { a[0] + (d == 0 ? b[0] : 0), a[1] + (d == 1 ? b[1] : 0) };
            GradientHarness.Check(
                new[] { a, b },
                x => Tensor.Cat(x[0], x[1], dim),
                x => Reference.Indices(outShape).Select(o => o[d] < a[d]
                    ? x[0][Flat(o, a)]
                    : x[1][Flat(With(o, d, o[d] - a[d]), b)]).ToArray(),
                (x, r, g, dd) => Tensor.CatBackward(x[0], x[1], dim, r, g, ref dd[0], ref dd[1]));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(-1)]
        public void Stack(int dim)
        {
            int[] shape = { 2, 3 };
            int d = dim < 0 ? dim + 3 : dim;
            int[] outShape = Insert(shape, d, 2);
            GradientHarness.Check(
                new[] { shape, shape },
                x => Tensor.Stack(x[0], x[1], dim),
                x => Reference.Indices(outShape).Select(o => x[o[d]][Flat(o.Where((_, k) => k != d).ToArray(), shape)]).ToArray(),
                (x, r, g, dd) => Tensor.StackBackward(x[0], x[1], dim, r, g, ref dd[0], ref dd[1]));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void IndexSelectWithRepeats(int dim)
        {
            int[] shape = { 4, 3 };
            int[] indices = { 2, 0, 2, 3 };
            int[] outShape = (int[])shape.Clone();
            outShape[dim] = indices.Length;
            if (dim == 1)
            {
                indices = new[] { 2, 0, 2, 1 };
            }

            Check1(shape, x => x.IndexSelect(dim, indices),
                a => Gathered(a, shape, outShape, o => With(o, dim, indices[o[dim]])),
                (x, r, g, dd) => Tensor.IndexSelectBackward(x[0], dim, indices, r, g, ref dd[0]));
            IntTensor index = IntTensor.FromArray(indices);
            Check1(shape, x => x.IndexSelect(dim, index),
                a => Gathered(a, shape, outShape, o => With(o, dim, indices[o[dim]])),
                (x, r, g, dd) => Tensor.IndexSelectBackward(x[0], dim, index, r, g, ref dd[0]));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void Gather(int dim)
        {
            int[] shape = { 3, 4 };
            // Smaller than the input outside dim, with repeats, as PyTorch allows.
            IntTensor index = dim == 0
                ? IntTensor.FromArray(new[] { 2, 0, 1, 0, 0, 2 }, 2, 3)
                : IntTensor.FromArray(new[] { 3, 3, 0, 1, 2, 0 }, 2, 3);
            int[] values = index.ToArray();
            Check1(shape, x => x.Gather(dim, index),
                a => Gathered(a, shape, index.Shape, o => With(o, dim, values[Flat(o, index.Shape)])),
                (x, r, g, dd) => Tensor.GatherBackward(x[0], dim, index, r, g, ref dd[0]));
        }

        [Theory]
        [InlineData(0, false)]
        [InlineData(1, false)]
        [InlineData(0, true)]
        [InlineData(1, true)]
        public void ScatterAndScatterAdd(int dim, bool add)
        {
            int[] self = { 3, 4 };
            int[] source = { 2, 4 };
            // Scatter: distinct targets per column (dim 0) or per row (dim 1), so the result is deterministic.
            // ScatterAdd: with repeats, which add up.
            IntTensor index = (dim, add) switch
            {
                (0, false) => IntTensor.FromArray(new[] { 2, 0, 1, 2, 0, 1, 2, 1 }, 2, 4),
                (1, false) => IntTensor.FromArray(new[] { 3, 0, 1, 2, 1, 0 }, 2, 3),
                (0, true) => IntTensor.FromArray(new[] { 2, 2, 1, 0, 2, 1, 1, 0 }, 2, 4),
                _ => IntTensor.FromArray(new[] { 3, 3, 1, 0, 0, 0 }, 2, 3),
            };
            int[] indexShape = index.Shape;
            int[] values = index.ToArray();
            double[] Reference(double[][] x)
            {
                double[] result = (double[])x[0].Clone();
                foreach (int[] p in Tests.Tensors.Reference.Indices(indexShape))
                {
                    int target = Flat(With(p, dim, values[Flat(p, indexShape)]), self);
                    double v = x[1][Flat(p, source)];
                    result[target] = add ? result[target] + v : v;
                }

                return result;
            }

            GradientHarness.Check(
                new[] { self, source },
                x => add ? x[0].ScatterAdd(dim, index, x[1]) : x[0].Scatter(dim, index, x[1]),
                Reference,
                (x, r, g, dd) =>
                {
                    if (add)
                    {
                        Tensor.ScatterAddBackward(x[0], dim, index, x[1], r, g, ref dd[0], ref dd[1]);
                    }
                    else
                    {
                        Tensor.ScatterBackward(x[0], dim, index, x[1], r, g, ref dd[0], ref dd[1]);
                    }
                });
        }

        [Fact]
        public void MaskedFill()
        {
            int[] shape = { 3, 4 };
            Tensor mask = Tensor.FromArray(new float[] { 1, 0, 0, 1 }, 4);
            Check1(shape, x => x.MaskedFill(mask, -7f),
                a => a.Select((v, i) => i % 4 is 0 or 3 ? -7.0 : v).ToArray(),
                (x, r, g, dd) =>
                {
                    Tensor? dMask = null;
                    Tensor.MaskedFillBackward(x[0], mask, -7f, r, g, ref dd[0], ref dMask);
                    Assert.Null(dMask);
                });
        }

        [Fact]
        public void WhereBroadcasts()
        {
            int[] a = { 3, 4 };
            int[] b = { 4 };
            Tensor condition = Tensor.FromArray(new float[] { 1, 0, 1 }, 3, 1);
            float[] c = condition.ToArray();
            GradientHarness.Check(
                new[] { a, b },
                x => Tensor.Where(condition, x[0], x[1]),
                x => Tests.Tensors.Reference.Indices(a).Select(o => c[o[0]] != 0 ? x[0][Flat(o, a)] : x[1][o[1]]).ToArray(),
                (x, r, g, dd) =>
                {
                    Tensor? dCondition = null;
                    Tensor.WhereBackward(condition, x[0], x[1], r, g, ref dCondition, ref dd[0], ref dd[1]);
                    Assert.Null(dCondition);
                });
        }

        private static void Check1(int[] shape, Func<Tensor, Tensor> forward, Func<double[], double[]> reference, GradientHarness.Backward backward) =>
            GradientHarness.Check(new[] { shape }, x => forward(x[0]), x => reference(x[0]), backward);

        /// <summary>The elements of <paramref name="a"/> (of <paramref name="shape"/>) read at <paramref name="source"/> of each output position.</summary>
        private static double[] Gathered(double[] a, int[] shape, int[] outShape, Func<int[], int[]> source) =>
            Tests.Tensors.Reference.Indices(outShape).Select(o => a[Flat(source(o), shape)]).ToArray();

        private static int Flat(int[] index, int[] shape)
        {
            int flat = 0;
            for (int i = 0; i < shape.Length; i++)
            {
                Assert.InRange(index[i], 0, shape[i] - 1);
                flat = flat * shape[i] + index[i];
            }

            return flat;
        }

        private static int[] With(int[] index, int dim, int value)
        {
            int[] copy = (int[])index.Clone();
            copy[dim] = value;
            return copy;
        }

        private static int[] Insert(int[] index, int dim, int value)
        {
            var list = index.ToList();
            list.Insert(dim, value);
            return list.ToArray();
        }
    }
}
