using System.Linq;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>Forward values, shapes and argument validation of the tensor API.</summary>
    public sealed class TensorTests
    {
        [Fact]
        public void FromArrayCopiesAndValidates()
        {
            var data = new[] { 1f, 2f, 3f, 4f, 5f, 6f };
            Tensor t = Tensor.FromArray(data, 2, 3);
            data[0] = 99f;
            Assert.Equal(1f, t.ToArray()[0]);
            Assert.Equal(new[] { 2, 3 }, t.Shape);
            Assert.Equal(2, t.Rank);
            Assert.Equal(6, t.Count);

            var error = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { 1f, 2f }, 3));
            Assert.Equal("data", error.ParamName);
            Assert.Contains("[3]", error.Message);
            Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, -1));
        }

        [Fact]
        public void ShapeIsACopy()
        {
            Tensor t = Tensor.Zeros(2, 3);
            t.Shape[0] = 7;
            Assert.Equal(new[] { 2, 3 }, t.Shape);
        }

        [Fact]
        public void Creation()
        {
            Assert.Equal(new[] { 0f, 0f }, Tensor.Zeros(2).ToArray());
            Assert.Equal(new[] { 1f, 1f, 1f, 1f }, Tensor.Ones(2, 2).ToArray());
            Assert.Equal(new[] { 2.5f, 2.5f }, Tensor.Full(new[] { 2 }, 2.5f).ToArray());
            Tensor scalar = Tensor.Scalar(5f);
            Assert.Equal(0, scalar.Rank);
            Assert.Empty(scalar.Shape);
            Assert.Equal(5f, scalar.Item());
            Assert.Equal(new[] { 0f, 1f, 2f, 3f }, Tensor.Arange(4).ToArray());
            Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Arange(-1));

            Tensor like = Tensor.FromArray(new[] { 3f, 4f }, 2);
            Assert.Equal(new[] { 0f, 0f }, Tensor.ZerosLike(like).ToArray());
            Assert.Equal(new[] { 1f, 1f }, Tensor.OnesLike(like).ToArray());
            Tensor clone = like.Clone();
            clone.AsSpan()[0] = 9f;
            Assert.Equal(3f, like.ToArray()[0]);
        }

        [Fact]
        public void ItemNeedsOneElement()
        {
            Assert.Equal(3f, Tensor.FromArray(new[] { 3f }, 1, 1).Item());
            var error = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).Item());
            Assert.Contains("[2]", error.Message);
        }

        [Fact]
        public void RandomTensorsAreReproducibleAndDistributedAsDocumented()
        {
            Tensor a = Tensor.Rand(new[] { 1000 }, new Generator(42));
            Tensor b = Tensor.Rand(new[] { 1000 }, new Generator(42));
            Assert.Equal(a.ToArray(), b.ToArray());
            Assert.NotEqual(a.ToArray(), Tensor.Rand(new[] { 1000 }, new Generator(43)).ToArray());
            Assert.All(a.ToArray(), v => Assert.InRange(v, 0f, 0.99999994f));
            Assert.InRange(a.Mean().Item(), 0.45f, 0.55f);

            float[] normal = Tensor.Randn(new[] { 4001 }, new Generator(7)).ToArray();
            Assert.Equal(normal, Tensor.Randn(new[] { 4001 }, new Generator(7)).ToArray());
            double mean = normal.Average();
            double variance = normal.Select(v => (v - mean) * (v - mean)).Average();
            Assert.InRange(mean, -0.06, 0.06);
            Assert.InRange(variance, 0.9, 1.1);
            Assert.Equal(new[] { 3, 2 }, Tensor.Randn(new[] { 3, 2 }).Shape);
        }

        [Fact]
        public void ArithmeticWithBroadcasting()
        {
            Tensor m = Tensor.FromArray(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2, 3);
            Tensor row = Tensor.FromArray(new[] { 10f, 20f, 30f }, 3);
            Tensor column = Tensor.FromArray(new[] { 100f, 200f }, 2, 1);
            Assert.Equal(new[] { 11f, 22f, 33f, 14f, 25f, 36f }, (m + row).ToArray());
            Assert.Equal(new[] { 101f, 102f, 103f, 204f, 205f, 206f }, (m + column).ToArray());
            Assert.Equal(new[] { 110f, 120f, 130f, 210f, 220f, 230f }, (row + column).ToArray());
            Assert.Equal(new[] { 2, 3 }, (row + column).Shape);
            Assert.Equal(new[] { -9f, -18f, -27f, -6f, -15f, -24f }, (m - row).ToArray());
            Assert.Equal(new[] { 10f, 40f, 90f, 40f, 100f, 180f }, (m * row).ToArray());
            Assert.Equal(new[] { 10f, 10f, 10f, 2.5f, 4f, 5f }, (row / m).ToArray());
            Assert.Equal(new[] { 2, 2, 3 }, (Tensor.Zeros(2, 1, 3) + Tensor.Zeros(2, 1)).Shape);
            Assert.Equal(new[] { 2, 3 }, (m * Tensor.Scalar(2f)).Shape);
            Assert.Equal(new[] { 2f, 4f, 6f, 8f, 10f, 12f }, (m * Tensor.Scalar(2f)).ToArray());
        }

        [Fact]
        public void ArithmeticWithNumbers()
        {
            Tensor x = Tensor.FromArray(new[] { 1f, 2f, 4f }, 3);
            Assert.Equal(new[] { 3f, 4f, 6f }, (x + 2f).ToArray());
            Assert.Equal(new[] { 3f, 4f, 6f }, (2f + x).ToArray());
            Assert.Equal(new[] { -1f, 0f, 2f }, (x - 2f).ToArray());
            Assert.Equal(new[] { 1f, 0f, -2f }, (2f - x).ToArray());
            Assert.Equal(new[] { 2f, 4f, 8f }, (x * 2f).ToArray());
            Assert.Equal(new[] { 2f, 4f, 8f }, (2f * x).ToArray());
            Assert.Equal(new[] { 0.5f, 1f, 2f }, (x / 2f).ToArray());
            Assert.Equal(new[] { 4f, 2f, 1f }, (4f / x).ToArray());
            Assert.Equal(new[] { -1f, -2f, -4f }, (-x).ToArray());
        }

        [Fact]
        public void ShapesThatDoNotBroadcastAreRejected()
        {
            var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4));
            Assert.StartsWith("Shapes [2, 3] and [4] cannot be broadcast (left, right)", error.Message);
            Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) * Tensor.Zeros(3, 2));
        }

        [Fact]
        public void UnaryOps()
        {
            Tensor x = Tensor.FromArray(new[] { -2f, 0f, 1f, 4f }, 4);
            Assert.Equal(new[] { 0f, 0f, 1f, 4f }, x.Relu().ToArray());
            Assert.Equal(new[] { 2f, 0f, 1f, 4f }, x.Abs().ToArray());
            Assert.Equal(new[] { 4f, 0f, 1f, 16f }, x.Pow(2f).ToArray());
            Assert.Equal(new[] { -8f, 0f, 1f, 64f }, x.Pow(3f).ToArray());
            Assert.Equal(new[] { -1f, 0f, 1f, 1.5f }, x.Clamp(-1f, 1.5f).ToArray());
            Assert.Equal(2f, Tensor.Scalar(4f).Sqrt().Item());
            Assert.Equal(0f, Tensor.Scalar(1f).Log().Item());
            Assert.Equal(1f, Tensor.Scalar(0f).Exp().Item());
            Assert.Equal(0.5f, Tensor.Scalar(0f).Sigmoid().Item());
            Assert.Equal(0f, Tensor.Scalar(0f).Tanh().Item());
            Assert.True(float.IsNaN(Tensor.Scalar(-1f).Sqrt().Item()));

            // Crossed bounds give max everywhere, and no gradient, as torch.clamp(x, min=2, max=1) does.
            Assert.Equal(new[] { 1f, 1f, 1f, 1f }, x.Clamp(2f, 1f).ToArray());
            Tensor? dX = null;
            Tensor.ClampBackward(x, 2f, 1f, x.Clamp(2f, 1f), Tensor.Full(new[] { 4 }, 0.5f), ref dX);
            Assert.Equal(new[] { 0f, 0f, 0f, 0f }, dX!.ToArray());
            Assert.Equal("min", Assert.Throws<ArgumentException>(() => x.Clamp(float.NaN, 1f)).ParamName);
            Assert.Equal("max", Assert.Throws<ArgumentException>(() => x.Clamp(0f, float.NaN)).ParamName);
        }

        [Fact]
        public void Reductions()
        {
            Tensor m = Tensor.FromArray(new[] { 1f, 5f, 3f, 4f, 2f, 6f }, 2, 3);
            Assert.Equal(21f, m.Sum().Item());
            Assert.Equal(3.5f, m.Mean().Item());
            Assert.Equal(new[] { 5f, 7f, 9f }, m.Sum(0).ToArray());
            Assert.Equal(new[] { 9f, 12f }, m.Sum(-1).ToArray());
            Assert.Equal(new[] { 2, 1 }, m.Sum(1, keepDim: true).Shape);
            Assert.Equal(new[] { 2.5f, 3.5f, 4.5f }, m.Mean(0).ToArray());
            Assert.Equal(new[] { 1, 3 }, m.Mean(0, keepDim: true).Shape);
            Assert.Equal(new[] { 4f, 5f, 6f }, m.Max(0).ToArray());
            Assert.Equal(new[] { 5f, 6f }, m.Max(1).ToArray());
            Assert.Equal(new[] { 1f, 0f, 1f }, m.ArgMax(0).ToArray());
            Assert.Equal(new[] { 1f, 2f }, m.ArgMax(-1).ToArray());
            Assert.Equal(new[] { 0f }, Tensor.FromArray(new[] { 3f, 3f }, 1, 2).ArgMax(1).ToArray());
            Assert.Equal(new[] { 3f, 3f }, Tensor.FromArray(new[] { 1f, 2f, 2f, 1f }, 2, 2).SumTo(new[] { 2 }).ToArray());

            var error = Assert.Throws<ArgumentOutOfRangeException>(() => m.Sum(2));
            Assert.Equal("dim", error.ParamName);
            Assert.Contains("[2, 3]", error.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => m.Mean(-3));
            var scalar = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Scalar(2.5f).Sum(0));
            Assert.Contains("shape [], which has no dimensions", scalar.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => m.Max(5));
            Assert.Throws<ArgumentOutOfRangeException>(() => m.ArgMax(-4));
            Assert.Throws<ArgumentException>(() => m.SumTo(new[] { 2 }));
            // 0/0, as in PyTorch.
            Assert.True(float.IsNaN(Tensor.Zeros(0).Mean().Item()));
            Assert.All(Tensor.Zeros(3, 0).Mean(1).ToArray(), mean => Assert.True(float.IsNaN(mean)));
        }

        [Fact]
        public void SumToShapeMustBroadcastBack()
        {
            var error = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).SumTo(new[] { 1, 1, 3 }));
            Assert.Equal("shape", error.ParamName);
            Assert.Contains("[1, 1, 3]", error.Message);
            Tensor t = Tensor.Ones(2, 3);
            Assert.NotSame(t, t.SumTo(new[] { 2, 3 }));
        }

        [Fact]
        public void MatMulFollowsTorchMatmul()
        {
            Tensor w = Tensor.FromArray(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2, 3);
            Tensor x = Tensor.FromArray(new[] { 1f, 2f, 4f }, 3);
            Assert.Equal(new[] { 17f, 38f }, Tensor.MatMul(w, x).ToArray());
            Assert.Equal(new[] { 2 }, Tensor.MatMul(w, x).Shape);
            Assert.Equal(Array.Empty<int>(), Tensor.MatMul(x, x).Shape);
            Assert.Equal(21f, Tensor.MatMul(x, x).Item());
            Assert.Equal(new[] { 9f, 12f, 15f }, Tensor.MatMul(Tensor.FromArray(new[] { 1f, 2f }, 2), w).ToArray());
            Tensor product = Tensor.MatMul(w, w.T);
            Assert.Equal(new[] { 2, 2 }, product.Shape);
            Assert.Equal(new[] { 14f, 32f, 32f, 77f }, product.ToArray());
            Assert.Equal(new[] { 3, 2, 2 }, Tensor.MatMul(Tensor.Zeros(3, 2, 4), Tensor.Zeros(3, 4, 2)).Shape);
            Assert.Equal(new[] { 3, 2, 5 }, Tensor.MatMul(Tensor.Zeros(3, 2, 4), Tensor.Zeros(4, 5)).Shape);
            Assert.Equal(new[] { 3, 2 }, Tensor.MatMul(Tensor.Zeros(3, 2, 4), Tensor.Zeros(4)).Shape);

            var error = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
            Assert.Contains("[2, 3]", error.Message);
            Assert.Contains("[4, 5]", error.Message);
            Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Scalar(1f), Tensor.Zeros(1)));
            Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Scalar(1f), Tensor.Zeros(2, 2, 2, 2)));

            // Rank 4 and above, batch dimensions broadcast from the right, as torch.matmul's.
            Assert.Equal(new[] { 2, 3, 5, 6 }, Tensor.MatMul(Tensor.Zeros(2, 3, 5, 4), Tensor.Zeros(2, 3, 4, 6)).Shape);
            Assert.Equal(new[] { 2, 3, 5, 6 }, Tensor.MatMul(Tensor.Zeros(2, 3, 5, 4), Tensor.Zeros(4, 6)).Shape);
            Assert.Equal(new[] { 2, 3, 5 }, Tensor.MatMul(Tensor.Zeros(2, 3, 5, 4), Tensor.Zeros(4)).Shape);
            Assert.Equal(new[] { 1, 2, 5, 6 }, Tensor.MatMul(Tensor.Zeros(2, 5, 4), Tensor.Zeros(1, 1, 4, 6)).Shape);
            Assert.Equal(new[] { 7, 2, 3, 5, 6 }, Tensor.MatMul(Tensor.Zeros(7, 2, 3, 5, 4), Tensor.Zeros(3, 4, 6)).Shape);
            var mismatch = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 3, 5, 4), Tensor.Zeros(2, 4, 4, 6)));
            Assert.Contains("3 vs 4 in batch dimension 1", mismatch.Message);

            // Repeated along one batch dimension and not another: the same product as with the operand broadcast first.
            Tensor partly = Tensor.Randn(new[] { 2, 1, 5, 4 }, new Diff.Generator(3));
            Tensor right = Tensor.Randn(new[] { 2, 3, 4, 6 }, new Diff.Generator(4));
            Assert.Equal(Tensor.MatMul(partly * Tensor.Ones(2, 3, 5, 4), right).ToArray(), Tensor.MatMul(partly, right).ToArray());
            Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 3, 4), Tensor.Zeros(3, 4, 5)));
        }

        [Fact]
        public void LinearIsInputTimesWeightTransposedPlusBias()
        {
            Tensor input = Tensor.FromArray(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2, 3);
            Tensor weight = Tensor.FromArray(new[] { 1f, 0f, -1f, 0.5f, 0.5f, 0.5f }, 2, 3);
            Tensor bias = Tensor.FromArray(new[] { 10f, 20f }, 2);
            Assert.Equal(new[] { 8f, 23f, 8f, 27.5f }, Tensor.Linear(input, weight, bias).ToArray());
            Assert.Equal(new[] { -2f, 3f, -2f, 7.5f }, Tensor.Linear(input, weight, null).ToArray());
            Assert.Equal(new[] { 2 }, Tensor.Linear(Tensor.Zeros(3), weight, bias).Shape);

            Assert.Equal("input", Assert.Throws<ArgumentException>(() => Tensor.Linear(Tensor.Zeros(2, 4), weight, bias)).ParamName);
            Assert.Equal("weight", Assert.Throws<ArgumentException>(() => Tensor.Linear(input, Tensor.Zeros(3), bias)).ParamName);
            Assert.Equal("bias", Assert.Throws<ArgumentException>(() => Tensor.Linear(input, weight, Tensor.Zeros(3))).ParamName);
        }

        [Fact]
        public void ReshapeSharesStorageAndInfersOneDimension()
        {
            Tensor t = Tensor.Arange(6);
            Tensor r = t.Reshape(2, -1);
            Assert.Equal(new[] { 2, 3 }, r.Shape);
            t.AsSpan()[0] = 42f;
            Assert.Equal(42f, r.ToArray()[0]);
            Assert.Equal(new[] { 6 }, r.Reshape(-1).Shape);
            Assert.Equal(Array.Empty<int>(), Tensor.Ones(1).Reshape().Shape);

            Assert.Equal("shape", Assert.Throws<ArgumentException>(() => t.Reshape(4, -1)).ParamName);
            Assert.Throws<ArgumentException>(() => t.Reshape(-1, -1));
            Assert.Throws<ArgumentException>(() => t.Reshape(5));
            Assert.Throws<ArgumentException>(() => t.Reshape(-2, 3));
        }

        [Fact]
        public void Transpose()
        {
            Tensor m = Tensor.Arange(6).Reshape(2, 3);
            Assert.Equal(new[] { 3, 2 }, m.T.Shape);
            Assert.Equal(new[] { 0f, 3f, 1f, 4f, 2f, 5f }, m.Transpose().ToArray());
            Tensor big = Tensor.Arange(70 * 45).Reshape(70, 45);
            Assert.Equal(big.ToArray(), big.T.T.ToArray());
            Assert.Equal(big.ToArray()[3 * 45 + 44], big.T.ToArray()[44 * 70 + 3]);
            Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2, 2, 2).Transpose());

            // As PyTorch's x.T and x.t(): a vector or a scalar as it is, and more dimensions reversed (x.T only).
            Tensor v = Tensor.FromArray(new[] { 1f, 2f, 3f });
            Assert.Equal(new[] { 3 }, v.T.Shape);
            Assert.Equal(new[] { 1f, 2f, 3f }, v.T.ToArray());
            Assert.Equal(new[] { 1f, 2f, 3f }, v.Transpose().ToArray());
            Assert.NotSame(v, v.T);
            Tensor cube = Tensor.Arange(24).Reshape(2, 3, 4);
            Assert.Equal(new[] { 4, 3, 2 }, cube.T.Shape);
            Assert.Equal(cube.Permute(2, 1, 0).ToArray(), cube.T.ToArray());
            Assert.Equal(cube.ToArray(), cube.T.T.ToArray());
        }

        [Fact]
        public void SoftmaxIsStable()
        {
            Tensor x = Tensor.FromArray(new[] { 1000f, 1001f, 1002f, -1000f, 0f, 1000f }, 2, 3);
            float[] p = x.Softmax(1).ToArray();
            Assert.Equal(1.0, p[0] + p[1] + p[2], 5);
            Assert.Equal(0.66524096, p[2], 5);
            Assert.Equal(1f, p[5]);
            float[] logP = x.LogSoftmax(-1).ToArray();
            Assert.All(logP, v => Assert.True(float.IsFinite(v)));
            Assert.Equal(-2000f, logP[3]);
            Tensor columns = x.Softmax(0);
            Assert.Equal(1f, columns.ToArray()[0]);
            Assert.Throws<ArgumentOutOfRangeException>(() => x.Softmax(2));
            Assert.Throws<ArgumentOutOfRangeException>(() => x.LogSoftmax(-3));
        }

        [Fact]
        public void GatherPicksOnePerRow()
        {
            Tensor x = Tensor.Arange(6).Reshape(2, 3);
            Assert.Equal(new[] { 2f, 3f }, x.Gather(new[] { 2, 0 }).ToArray());
            Assert.Equal("indices", Assert.Throws<ArgumentException>(() => x.Gather(new[] { 0 })).ParamName);
            Assert.Contains("[2, 3]", Assert.Throws<ArgumentException>(() => x.Gather(new[] { 0, 3 })).Message);
            Assert.Throws<ArgumentException>(() => x.Gather(new[] { -1, 0 }));
            Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(3).Gather(new[] { 0, 0, 0 }));
        }

        [Fact]
        public void AddInPlaceNeedsEqualShapes()
        {
            Tensor a = Tensor.Ones(2, 2);
            a.AddInPlace(Tensor.Full(new[] { 2, 2 }, 2f));
            Assert.Equal(new[] { 3f, 3f, 3f, 3f }, a.ToArray());
            var error = Assert.Throws<ArgumentException>(() => a.AddInPlace(Tensor.Ones(2)));
            Assert.Equal("other", error.ParamName);
            Assert.Contains("[2, 2]", error.Message);
        }

        [Fact]
        public void OpsDoNotMutateOperands()
        {
            Tensor a = Tensor.FromArray(new[] { 1f, 2f, 3f, 4f }, 2, 2);
            float[] before = a.ToArray();
            _ = a + a;
            _ = a.Exp();
            _ = a.Softmax(1);
            _ = Tensor.MatMul(a, a);
            _ = a.Sum(0);
            _ = a.Pow(1f);
            Assert.Equal(before, a.ToArray());
        }

        [Fact]
        public void SeedComputations()
        {
            // y = (x ** 2).sum() for x = [1, 2, 3] is 14; its gradient 2x prints as in PyTorch.
            Tensor x = Tensor.FromArray(new[] { 1f, 2f, 3f }, 3);
            Tensor squared = x.Pow(2f);
            Tensor y = squared.Sum();
            Assert.Equal("tensor(14.)", y.ToString());
            Tensor? dSquared = null;
            Tensor.SumBackward(squared, y, Tensor.Scalar(1f), ref dSquared);
            Tensor? dX = null;
            Tensor.PowBackward(x, 2f, squared, dSquared!, ref dX);
            Assert.Equal("tensor([2., 4., 6.])", dX!.ToString());

            // MSE of m * x against y = 2x with m = 1: loss 4.6667, gradient -9.3333.
            Tensor inputs = Tensor.FromArray(new[] { 1f, 2f, 3f }, 3);
            Tensor targets = Tensor.FromArray(new[] { 2f, 4f, 6f }, 3);
            Tensor loss = ((Tensor.Scalar(1f) * inputs - targets).Pow(2f)).Mean();
            Assert.Equal("tensor(4.6667)", loss.ToString());
        }
    }
}
