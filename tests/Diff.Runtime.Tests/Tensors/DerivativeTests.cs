using System.Linq;
using System.Runtime.CompilerServices;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>Every registered backward against finite differences of a double-precision reference.</summary>
    public sealed class DerivativeTests
    {
        public static TheoryData<int[], int[]> BroadcastShapes => new()
        {
            { new[] { 2, 3 }, new[] { 2, 3 } },
            { new[] { 4, 3 }, new[] { 3 } },
            { new[] { 3 }, new[] { 4, 3 } },
            { new[] { 4, 1 }, new[] { 1, 3 } },
            { new[] { 2, 3, 4 }, new[] { 3, 1 } },
            { new[] { 2, 3 }, new int[0] },
            { new[] { 1 }, new[] { 2, 2 } },
        };

        [Theory]
        [MemberData(nameof(BroadcastShapes))]
        public void Add(int[] left, int[] right) => GradientHarness.Check(
            new[] { left, right },
            x => x[0] + x[1],
            x => Reference.Binary(x[0], left, x[1], right, (a, b) => a + b),
            (x, r, g, d) => Tensor.AddBackward(x[0], x[1], r, g, ref d[0], ref d[1]));

        [Theory]
        [MemberData(nameof(BroadcastShapes))]
        public void Subtract(int[] left, int[] right) => GradientHarness.Check(
            new[] { left, right },
            x => x[0] - x[1],
            x => Reference.Binary(x[0], left, x[1], right, (a, b) => a - b),
            (x, r, g, d) => Tensor.SubtractBackward(x[0], x[1], r, g, ref d[0], ref d[1]));

        [Theory]
        [MemberData(nameof(BroadcastShapes))]
        public void Multiply(int[] left, int[] right) => GradientHarness.Check(
            new[] { left, right },
            x => x[0] * x[1],
            x => Reference.Binary(x[0], left, x[1], right, (a, b) => a * b),
            (x, r, g, d) => Tensor.MultiplyBackward(x[0], x[1], r, g, ref d[0], ref d[1]));

        [Theory]
        [MemberData(nameof(BroadcastShapes))]
        public void Divide(int[] left, int[] right) => GradientHarness.Check(
            new[] { left, right },
            x => x[0] / x[1],
            x => Reference.Binary(x[0], left, x[1], right, (a, b) => a / b),
            (x, r, g, d) => Tensor.DivideBackward(x[0], x[1], r, g, ref d[0], ref d[1]),
            allowed: v => Math.Abs(v) > 0.5);

        [Fact]
        public void ScalarOperators()
        {
            int[] shape = { 2, 3 };
            Check1(shape, x => x + 1.5f, a => a + 1.5, (x, r, g, d) => Tensor.AddBackward(x[0], 1.5f, r, g, ref d[0]));
            Check1(shape, x => 1.5f + x, a => 1.5 + a, (x, r, g, d) => Tensor.AddBackward(1.5f, x[0], r, g, ref d[0]));
            Check1(shape, x => x - 1.5f, a => a - 1.5, (x, r, g, d) => Tensor.SubtractBackward(x[0], 1.5f, r, g, ref d[0]));
            Check1(shape, x => 1.5f - x, a => 1.5 - a, (x, r, g, d) => Tensor.SubtractBackward(1.5f, x[0], r, g, ref d[0]));
            Check1(shape, x => x * 2.5f, a => a * 2.5, (x, r, g, d) => Tensor.MultiplyBackward(x[0], 2.5f, r, g, ref d[0]));
            Check1(shape, x => 2.5f * x, a => 2.5 * a, (x, r, g, d) => Tensor.MultiplyBackward(2.5f, x[0], r, g, ref d[0]));
            Check1(shape, x => x / 2.5f, a => a / 2.5, (x, r, g, d) => Tensor.DivideBackward(x[0], 2.5f, r, g, ref d[0]));
            Check1(shape, x => 2.5f / x, a => 2.5 / a, (x, r, g, d) => Tensor.DivideBackward(2.5f, x[0], r, g, ref d[0]), v => Math.Abs(v) > 0.5);
            Check1(shape, x => -x, a => -a, (x, r, g, d) => Tensor.NegateBackward(x[0], r, g, ref d[0]));
        }

        [Fact]
        public void Unary()
        {
            int[] shape = { 3, 4 };
            Check1(shape, x => x.Exp(), Math.Exp, (x, r, g, d) => Tensor.ExpBackward(x[0], r, g, ref d[0]));
            Check1(shape, x => x.Log(), Math.Log, (x, r, g, d) => Tensor.LogBackward(x[0], r, g, ref d[0]), v => v > 0.2);
            Check1(shape, x => x.Sqrt(), Math.Sqrt, (x, r, g, d) => Tensor.SqrtBackward(x[0], r, g, ref d[0]), v => v > 0.2);
            Check1(shape, x => x.Abs(), Math.Abs, (x, r, g, d) => Tensor.AbsBackward(x[0], r, g, ref d[0]), v => Math.Abs(v) > 0.1);
            Check1(shape, x => x.Relu(), a => Math.Max(a, 0), (x, r, g, d) => Tensor.ReluBackward(x[0], r, g, ref d[0]), v => Math.Abs(v) > 0.1);
            Check1(shape, x => x.Sigmoid(), a => 1 / (1 + Math.Exp(-a)), (x, r, g, d) => Tensor.SigmoidBackward(x[0], r, g, ref d[0]));
            Check1(shape, x => x.Tanh(), Math.Tanh, (x, r, g, d) => Tensor.TanhBackward(x[0], r, g, ref d[0]));
            Check1(shape, x => x.Clamp(-0.5f, 0.75f), a => Math.Clamp(a, -0.5, 0.75), (x, r, g, d) => Tensor.ClampBackward(x[0], -0.5f, 0.75f, r, g, ref d[0]),
                v => Math.Abs(v + 0.5) > 0.05 && Math.Abs(v - 0.75) > 0.05);
        }

        [Theory]
        [InlineData(2f)]
        [InlineData(3f)]
        [InlineData(1f)]
        [InlineData(0f)]
        [InlineData(-1.5f)]
        [InlineData(0.5f)]
        public void Pow(float exponent) => Check1(
            new[] { 2, 3 },
            x => x.Pow(exponent),
            a => Math.Pow(a, exponent),
            (x, r, g, d) => Tensor.PowBackward(x[0], exponent, r, g, ref d[0]),
            v => v > 0.3);

        [Fact]
        public void PowOfNegativeBaseWithIntegerExponent() => Check1(
            new[] { 5 },
            x => x.Pow(3f),
            a => a * a * a,
            (x, r, g, d) => Tensor.PowBackward(x[0], 3f, r, g, ref d[0]),
            v => v < -0.2);

        [Fact]
        public void SumAndMeanOfAll()
        {
            int[] shape = { 3, 4 };
            Check1Raw(shape, x => x.Sum(), a => new[] { a.Sum() }, (x, r, g, d) => Tensor.SumBackward(x[0], r, g, ref d[0]));
            Check1Raw(shape, x => x.Mean(), a => new[] { a.Average() }, (x, r, g, d) => Tensor.MeanBackward(x[0], r, g, ref d[0]));
        }

        [Theory]
        [InlineData(0, false)]
        [InlineData(1, true)]
        [InlineData(2, false)]
        [InlineData(-1, true)]
        [InlineData(-3, true)]
        public void SumAndMeanOverDim(int dim, bool keepDim)
        {
            int[] shape = { 2, 3, 4 };
            int d = dim < 0 ? dim + 3 : dim;
            Check1Raw(shape, x => x.Sum(dim, keepDim), a => Reference.Reduce(a, shape, d, s => s.Sum()),
                (x, r, g, dd) => Tensor.SumBackward(x[0], dim, keepDim, r, g, ref dd[0]));
            Check1Raw(shape, x => x.Mean(dim, keepDim), a => Reference.Reduce(a, shape, d, s => s.Average()),
                (x, r, g, dd) => Tensor.MeanBackward(x[0], dim, keepDim, r, g, ref dd[0]));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(-1)]
        public void MaxOverDim(int dim)
        {
            int[] shape = { 3, 4, 5 };
            int d = dim < 0 ? dim + 3 : dim;

            // Random continuous values are distinct with probability 1, so each maximum is unique and smooth nearby.
            Check1Raw(shape, x => x.Max(dim), a => Reference.Reduce(a, shape, d, s => s.Max()),
                (x, r, g, dd) => Tensor.MaxBackward(x[0], dim, r, g, ref dd[0]));
        }

        [Theory]
        [InlineData(new[] { 4, 3 }, new[] { 3 })]
        [InlineData(new[] { 2, 3, 4 }, new[] { 3, 1 })]
        [InlineData(new[] { 2, 3 }, new int[0])]
        [InlineData(new[] { 2, 3 }, new[] { 2, 3 })]
        [InlineData(new[] { 2, 3 }, new[] { 1, 3 })]
        public void SumTo(int[] shape, int[] target) => Check1Raw(
            shape,
            x => x.SumTo(target),
            a => Reference.SumTo(a, shape, target),
            (x, r, g, d) => Tensor.SumToBackward(x[0], target, r, g, ref d[0]));

        [Fact]
        public void ShapeOps()
        {
            Check1Raw(new[] { 2, 6 }, x => x.Reshape(3, -1), a => a, (x, r, g, d) => Tensor.ReshapeBackward(x[0], new[] { 3, -1 }, r, g, ref d[0]));
            Check1Raw(new[] { 2, 3 }, x => x.Transpose(), a => Reference.Transpose(a, 2, 3), (x, r, g, d) => Tensor.TransposeBackward(x[0], r, g, ref d[0]));
            Check1Raw(new[] { 3, 2 }, x => x.T, a => Reference.Transpose(a, 3, 2), (x, r, g, d) => Tensor.TBackward(x[0], r, g, ref d[0]));
            Check1Raw(new[] { 2, 2 }, x => x.Clone(), a => a, (x, r, g, d) => Tensor.CloneBackward(x[0], r, g, ref d[0]));
            int[] indices = { 2, 0, 3 };
            Check1Raw(new[] { 3, 4 }, x => x.Gather(indices), a => indices.Select((c, i) => a[i * 4 + c]).ToArray(),
                (x, r, g, d) => Tensor.GatherBackward(x[0], indices, r, g, ref d[0]));
        }

        [Theory]
        [InlineData(new[] { 3, 5 }, 1)]
        [InlineData(new[] { 3, 5 }, 0)]
        [InlineData(new[] { 2, 3, 4 }, 1)]
        [InlineData(new[] { 4 }, -1)]
        public void SoftmaxAndLogSoftmax(int[] shape, int dim)
        {
            int d = dim < 0 ? dim + shape.Length : dim;
            Check1Raw(shape, x => x.Softmax(dim), a => Reference.AlongDim(a, shape, d, Reference.Softmax),
                (x, r, g, dd) => Tensor.SoftmaxBackward(x[0], dim, r, g, ref dd[0]));
            Check1Raw(shape, x => x.LogSoftmax(dim), a => Reference.AlongDim(a, shape, d, Reference.LogSoftmax),
                (x, r, g, dd) => Tensor.LogSoftmaxBackward(x[0], dim, r, g, ref dd[0]));
        }

        public static TheoryData<int[], int[]> MatMulShapes => new()
        {
            { new[] { 3, 4 }, new[] { 4, 5 } },
            { new[] { 4 }, new[] { 4 } },
            { new[] { 3, 4 }, new[] { 4 } },
            { new[] { 4 }, new[] { 4, 5 } },
            { new[] { 2, 3, 4 }, new[] { 2, 4, 5 } },
            { new[] { 2, 3, 4 }, new[] { 4, 5 } },
            { new[] { 3, 4 }, new[] { 2, 4, 5 } },
            { new[] { 1, 3, 4 }, new[] { 2, 4, 5 } },
            { new[] { 2, 3, 4 }, new[] { 1, 4, 5 } },
            { new[] { 2, 3, 4 }, new[] { 4 } },
            { new[] { 4 }, new[] { 2, 4, 5 } },

            // Rank 4 and 5, as attention's [B, H, T, D] products: equal batches, one operand shared, broadcast from the right.
            { new[] { 2, 3, 3, 4 }, new[] { 2, 3, 4, 5 } },
            { new[] { 2, 3, 3, 4 }, new[] { 4, 5 } },
            { new[] { 3, 4 }, new[] { 2, 3, 4, 5 } },
            { new[] { 3, 3, 4 }, new[] { 2, 3, 4, 5 } },
            { new[] { 2, 3, 3, 4 }, new[] { 3, 4, 5 } },
            { new[] { 1, 1, 3, 4 }, new[] { 2, 3, 4, 5 } },
            { new[] { 2, 3, 4 }, new[] { 1, 1, 4, 5 } },
            { new[] { 2, 1, 3, 4 }, new[] { 1, 3, 4, 5 } },
            { new[] { 2, 1, 3, 4 }, new[] { 2, 3, 4, 5 } },
            { new[] { 2, 2, 3, 3, 4 }, new[] { 2, 2, 3, 4, 2 } },
            { new[] { 2, 3, 3, 4 }, new[] { 4 } },
            { new[] { 4 }, new[] { 2, 3, 4, 5 } },
        };

        [Theory]
        [MemberData(nameof(MatMulShapes))]
        public void MatMul(int[] a, int[] b) => GradientHarness.Check(
            new[] { a, b },
            x => Tensor.MatMul(x[0], x[1]),
            x => Reference.MatMul(x[0], a, x[1], b),
            (x, r, g, d) => Tensor.MatMulBackward(x[0], x[1], r, g, ref d[0], ref d[1]));

        [Theory]
        [InlineData(new[] { 5, 3 })]
        [InlineData(new[] { 3 })]
        [InlineData(new[] { 2, 2, 3 })]
        public void Linear(int[] input)
        {
            int[] weight = { 4, 3 };
            int[] bias = { 4 };
            int rows = Reference.Count(input) / 3;
            double[] LinearReference(double[][] x, bool withBias)
            {
                double[] y = Reference.MatMul(x[0], new[] { rows, 3 }, Reference.Transpose(x[1], 4, 3), new[] { 3, 4 });
                return withBias ? Reference.Binary(y, new[] { rows, 4 }, x[2], bias, (p, q) => p + q) : y;
            }

            GradientHarness.Check(
                new[] { input, weight, bias },
                x => Tensor.Linear(x[0], x[1], x[2]),
                x => LinearReference(x, true),
                (x, r, g, d) => Tensor.LinearBackward(x[0], x[1], x[2], r, g, ref d[0], ref d[1], ref d[2]));
            GradientHarness.Check(
                new[] { input, weight },
                x => Tensor.Linear(x[0], x[1], null),
                x => LinearReference(x, false),
                (x, r, g, d) =>
                {
                    Tensor? unused = null;
                    Tensor.LinearBackward(x[0], x[1], null, r, g, ref d[0], ref d[1], ref unused);
                    Assert.Null(unused);
                });
        }

        [Fact]
        public void UnwantedSlotsAreSkipped()
        {
            Tensor a = Tensor.FromArray(new[] { 1f, 2f, 3f, 4f }, 2, 2);
            Tensor b = Tensor.FromArray(new[] { 5f, 6f, 7f, 8f }, 2, 2);
            Tensor result = Tensor.MatMul(a, b);
            Tensor? dB = null;
            Tensor.MatMulBackward(a, b, result, Tensor.OnesLike(result), ref Unsafe.NullRef<Tensor?>(), ref dB);
            Assert.Equal(new[] { 4f, 4f, 6f, 6f }, dB!.ToArray());
            Tensor.ExpBackward(a, a.Exp(), a, ref Unsafe.NullRef<Tensor?>());
            Tensor.LinearBackward(a, b, null, result, result, ref Unsafe.NullRef<Tensor?>(), ref Unsafe.NullRef<Tensor?>(), ref Unsafe.NullRef<Tensor?>());
        }

        [Fact]
        public void AccumulationMakesANewTensorAndLeavesSharedAdjointsAlone()
        {
            Tensor x = Tensor.FromArray(new[] { 1f, 2f }, 2);
            Tensor dResult = Tensor.FromArray(new[] { 10f, 20f }, 2);
            Tensor? dLeft = null;
            Tensor? dRight = null;
            Tensor.AddBackward(x, x, x + x, dResult, ref dLeft, ref dRight);

            // Equal shapes: the incoming gradient itself is the contribution, in both slots.
            Assert.Same(dResult, dLeft);
            Assert.Same(dResult, dRight);

            Tensor.AddBackward(x, x, x + x, dResult, ref dLeft, ref dRight);
            Assert.NotSame(dResult, dLeft);
            Assert.Equal(new[] { 20f, 40f }, dLeft!.ToArray());
            Assert.Equal(new[] { 10f, 20f }, dResult.ToArray());
        }

        [Fact]
        public void AccumulateRejectsAMismatchedShape()
        {
            Tensor? slot = Tensor.Zeros(2, 3);
            var error = Assert.Throws<ArgumentException>(() => Internal.Grad.Accumulate(ref slot, Tensor.Zeros(3)));
            Assert.Contains("[3]", error.Message);
            Assert.Contains("[2, 3]", error.Message);
        }

        private static void Check1(int[] shape, Func<Tensor, Tensor> forward, Func<double, double> reference, GradientHarness.Backward backward, Func<double, bool>? allowed = null) =>
            GradientHarness.Check(new[] { shape }, x => forward(x[0]), x => Reference.Map(x[0], reference), backward, allowed: allowed);

        private static void Check1Raw(int[] shape, Func<Tensor, Tensor> forward, Func<double[], double[]> reference, GradientHarness.Backward backward) =>
            GradientHarness.Check(new[] { shape }, x => forward(x[0]), x => reference(x[0]), backward);
    }
}
