using System.Linq;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>Forward values, shapes, copy semantics and argument errors of the slicing, joining and indexing ops.</summary>
    public sealed class SlicingTests
    {
        // 0 1 2 3
        // 4 5 6 7
        // 8 9 10 11
        private static Tensor Grid() => Tensor.Arange(12).Reshape(3, 4);

        [Fact]
        public void FromArrayInfersShapes()
        {
            Assert.Equal(new[] { 3 }, Tensor.FromArray(new[] { 1f, 2f, 3f }).Shape);
            Assert.Equal(new[] { 1 }, Tensor.FromArray(new[] { 5f }).Shape);
            Assert.Empty(Tensor.FromArray(new[] { 5f }, new int[0]).Shape);
            Tensor m = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
            Assert.Equal(new[] { 2, 3 }, m.Shape);
            Assert.Equal(new[] { 1f, 2, 3, 4, 5, 6 }, m.ToArray());
            Tensor c = Tensor.FromArray(new float[,,] { { { 1, 2 } }, { { 3, 4 } }, { { 5, 6 } } });
            Assert.Equal(new[] { 3, 1, 2 }, c.Shape);
            Assert.Equal(new[] { 1f, 2, 3, 4, 5, 6 }, c.ToArray());
        }

        [Fact]
        public void IndexerPicksAndSlices()
        {
            Tensor x = Grid();
            Assert.Equal(new[] { 4f, 5, 6, 7 }, x[1].ToArray());
            Assert.Equal(new[] { 4 }, x[1].Shape);
            Assert.Equal(new[] { 8f, 9, 10, 11 }, x[^1].ToArray());
            Assert.Equal(6f, x[1, 2].Item());
            Assert.Empty(x[1, 2].Shape);
            Tensor columns = x[.., 1..3];
            Assert.Equal(new[] { 3, 2 }, columns.Shape);
            Assert.Equal(new[] { 1f, 2, 5, 6, 9, 10 }, columns.ToArray());
            Assert.Equal(new[] { 3f, 7, 11 }, x[.., -1].ToArray());
            Assert.Equal(new[] { 0, 4 }, x[1..1].Shape);
        }

        [Fact]
        public void SlicesAreCopies()
        {
            Tensor x = Grid();
            Tensor row = x[0];
            row.AsSpan()[0] = 100f;
            Assert.Equal(0f, x.ToArray()[0]);
            Tensor narrow = x.Narrow(1, 0, 2);
            narrow.AsSpan()[0] = 100f;
            Assert.Equal(0f, x.ToArray()[0]);
        }

        [Fact]
        public void NarrowSelectSlice()
        {
            Tensor x = Grid();
            Assert.Equal(new[] { 4f, 5, 6, 7, 8, 9, 10, 11 }, x.Narrow(0, 1, 2).ToArray());
            Assert.Equal(new[] { 2f, 6, 10 }, x.Select(1, 2).ToArray());
            Assert.Equal(new[] { 3f, 7, 11 }, x.Select(-1, -1).ToArray());
            Assert.Equal(new[] { 1f, 3, 5, 7, 9, 11 }, x.Slice(1, 1, 100, 2).ToArray());
            Assert.Equal(new[] { 8f, 9, 10, 11 }, x.Slice(0, -1, int.MaxValue).ToArray());
            Assert.Equal(new[] { 3, 0 }, x.Slice(1, 3, 1).Shape);
        }

        [Fact]
        public void ReshapingOps()
        {
            Tensor x = Tensor.Arange(6).Reshape(1, 2, 1, 3);
            Assert.Equal(new[] { 2, 3 }, x.Squeeze().Shape);
            Assert.Equal(new[] { 2, 1, 3 }, x.Squeeze(0).Shape);
            Assert.Equal(new[] { 1, 2, 1, 3 }, x.Squeeze(1).Shape);
            Assert.Equal(new[] { 1, 2, 1, 3, 1 }, x.Unsqueeze(-1).Shape);
            Assert.Equal(new[] { 1, 1, 2, 1, 3 }, x.Unsqueeze(0).Shape);
            Assert.Equal(new[] { 6 }, x.Flatten().Shape);
            Assert.Equal(new[] { 1, 2, 3 }, x.Flatten(1, 2).Shape);
            Assert.Equal(new[] { 1 }, Tensor.Scalar(2f).Flatten().Shape);
            Tensor p = Tensor.Arange(24).Reshape(2, 3, 4).Permute(2, 0, 1);
            Assert.Equal(new[] { 4, 2, 3 }, p.Shape);
            // p[k, i, j] = x[i, j, k] = 12 i + 4 j + k
            Assert.Equal(12f * 1 + 4 * 2 + 3, p[3, 1, 2].Item());
            Tensor t = Tensor.Arange(24).Reshape(2, 3, 4).Transpose(0, 2);
            Assert.Equal(new[] { 4, 3, 2 }, t.Shape);
            Assert.Equal(12f * 1 + 4 * 2 + 3, t[3, 2, 1].Item());
            Assert.Equal(Grid().T.ToArray(), Grid().Transpose(0, 1).ToArray());
        }

        [Fact]
        public void CatStackSplitChunk()
        {
            Tensor x = Grid();
            Tensor rows = Tensor.Cat(new[] { x, x.Narrow(0, 0, 1) }, 0);
            Assert.Equal(new[] { 4, 4 }, rows.Shape);
            Assert.Equal(new[] { 0f, 1, 2, 3 }, rows[3].ToArray());
            Tensor columns = Tensor.Cat(x.Narrow(1, 2, 2), x.Narrow(1, 0, 2), 1);
            Assert.Equal(new[] { 2f, 3, 0, 1 }, columns[0].ToArray());
            Tensor stacked = Tensor.Stack(new[] { x, x * 2f, x * 3f }, 1);
            Assert.Equal(new[] { 3, 3, 4 }, stacked.Shape);
            Assert.Equal(new[] { 8f, 10, 12, 14 }, stacked[1, 1].ToArray());
            Assert.Equal(new[] { 3, 4, 2 }, Tensor.Stack(x, x, -1).Shape);

            Tensor[] parts = x.Split(3, 1);
            Assert.Equal(new[] { new[] { 3, 3 }, new[] { 3, 1 } }, parts.Select(p => p.Shape));
            Assert.Equal(new[] { 3f, 7, 11 }, parts[1].ToArray());
            Assert.Equal(new[] { 1, 3 }, x.Split(new[] { 1, 3 }, 1).Select(p => p.Shape[1]));
            // Like PyTorch: 3 rows in 2 chunks are 2 + 1; 4 columns in 3 chunks are 2 + 2 (fewer chunks).
            Assert.Equal(new[] { 2, 1 }, x.Chunk(2).Select(p => p.Shape[0]));
            Assert.Equal(new[] { 2, 2 }, x.Chunk(3, 1).Select(p => p.Shape[1]));
        }

        [Fact]
        public void GatherScatterIndexSelect()
        {
            Tensor x = Grid();
            Assert.Equal(new[] { 8f, 9, 10, 11, 0, 1, 2, 3 }, x.IndexSelect(0, new[] { 2, 0 }).ToArray());
            Assert.Equal(new[] { 3f, 0, 7, 4, 11, 8 }, x.IndexSelect(1, IntTensor.FromArray(new[] { 3, 0 })).ToArray());
            IntTensor index = IntTensor.FromArray(new[] { 1, 1, 0, 3, 2, 2 }, 3, 2);
            Assert.Equal(new[] { 1f, 1, 4, 7, 10, 10 }, x.Gather(1, index).ToArray());
            // The old row-wise form is the same as Gather(1, index) with one column.
            Assert.Equal(x.Gather(new[] { 3, 0, 2 }).ToArray(), x.Gather(1, IntTensor.FromArray(new[] { 3, 0, 2 }, 3, 1)).ToArray());

            Tensor zeros = Tensor.Zeros(3, 4);
            Tensor source = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 4);
            IntTensor rows = IntTensor.FromArray(new[] { 2, 0, 1, 2, 0, 2, 2, 0 }, 2, 4);
            Assert.Equal(new[] { 5f, 2, 0, 8, 0, 0, 3, 0, 1, 6, 7, 4 }, zeros.Scatter(0, rows, source).ToArray());
            IntTensor repeated = IntTensor.FromArray(new[] { 2, 0, 1, 2, 2, 2, 2, 0 }, 2, 4);
            Assert.Equal(new[] { 0f, 2, 0, 8, 0, 0, 3, 0, 6, 6, 7, 4 }, zeros.ScatterAdd(0, repeated, source).ToArray());
            Assert.Equal(new float[12], zeros.ToArray());
        }

        [Fact]
        public void MaskedFillAndWhere()
        {
            Tensor x = Tensor.FromArray(new[] { -1f, 2f, -3f, 4f });
            Tensor positive = Tensor.FromArray(new[] { 0f, 1f, 0f, 1f });
            Assert.Equal(new[] { 0f, 2f, 0f, 4f }, x.MaskedFill(1f - positive, 0f).ToArray());
            Assert.Equal(new[] { 10f, 2f, 10f, 4f }, Tensor.Where(positive, x, Tensor.Scalar(10f)).ToArray());
        }

        [Fact]
        public void ArgumentErrorsNameTheArgumentAndShapes()
        {
            Tensor x = Grid();
            var cat = Assert.Throws<ArgumentException>(() => Tensor.Cat(x, Tensor.Zeros(2, 3), 0));
            Assert.Equal("tensors", cat.ParamName);
            Assert.Contains("[3, 4]", cat.Message);
            Assert.Contains("[2, 3]", cat.Message);
            Assert.Equal("indices", Assert.Throws<ArgumentOutOfRangeException>(() => x[.., 2..9]).ParamName);
            Assert.Equal("indices", Assert.Throws<ArgumentException>(() => x[0, 0, 0]).ParamName);
            Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 3, 2)).ParamName);
            Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => x.Select(0, 3)).ParamName);
            Assert.Equal("dim", Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(2, 0, 1)).ParamName);
            Assert.Equal("dims", Assert.Throws<ArgumentException>(() => x.Permute(0, 0)).ParamName);
            Assert.Equal("indices", Assert.Throws<ArgumentException>(() => x.IndexSelect(0, new[] { 3 })).ParamName);
            Assert.Equal("index", Assert.Throws<ArgumentException>(() => x.Gather(1, IntTensor.FromArray(new[] { 4 }, 1, 1))).ParamName);
            Assert.Equal("index", Assert.Throws<ArgumentException>(() => x.Gather(1, IntTensor.FromArray(new[] { 0 }, 1))).ParamName);
            Assert.Equal("source", Assert.Throws<ArgumentException>(() => x.Scatter(0, IntTensor.FromArray(new[] { 0, 0 }, 1, 2), Tensor.Zeros(1, 1))).ParamName);
            Assert.Equal("mask", Assert.Throws<ArgumentException>(() => x.MaskedFill(Tensor.Zeros(3), 0f)).ParamName);
            Assert.Equal("splitSizes", Assert.Throws<ArgumentException>(() => x.Split(new[] { 1, 1 }, 1)).ParamName);
        }

        [Fact]
        public void IntTensorHoldsIndices()
        {
            IntTensor t = IntTensor.FromArray(new[] { 3, 1, 2 });
            Assert.Equal(new[] { 3 }, t.Shape);
            Assert.Equal("tensor([3, 1, 2], dtype=int32)", t.ToString());
            Assert.Equal(new[] { 2, 3 }, IntTensor.FromArray(new[,] { { 1, 2, 3 }, { 4, 5, 6 } }).Shape);
            Assert.Equal(new[] { 2, 3, 1 }, t.Rows(new[] { 2, 0, 1 }).ToArray());
            Assert.Equal(new[] { 3f, 1f, 2f }, t.ToFloat().ToArray());
            Assert.Throws<ArgumentException>(() => IntTensor.FromArray(new[] { 1, 2 }, 3));
        }
    }
}
