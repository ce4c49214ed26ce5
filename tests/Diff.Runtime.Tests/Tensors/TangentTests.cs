using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>Every registered tangent rule against finite differences and, through ⟨backward(u), v⟩ = ⟨u, tangent(v)⟩, its backward.</summary>
    public sealed class TangentTests
    {
        private static readonly System.Random Random = new(5);

        private static Tensor R(params int[] shape) => TangentHarness.Draw(Random, shape);

        private static Tensor Positive(params int[] shape) => TangentHarness.Draw(Random, shape, 0.5, 2);

        /// <summary>Draws away from the kinks at <paramref name="kinks"/>, for finite differences.</summary>
        private static Tensor Away(int[] shape, params double[] kinks) => TangentHarness.Draw(Random, shape, -2, 2, v => kinks.All(k => Math.Abs(v - k) > 0.1));

        private static void Unary(Tensor x, Func<Tensor, Tensor> forward, Func<Tensor, Tensor, Tensor?, Tensor> tangent, Func<Tensor, Tensor, Tensor, Tensor?, Tensor?> backward, bool finiteDifferences = true) =>
            TangentHarness.Check(
                new[] { x },
                t => forward(t[0]),
                (t, r, v) => tangent(t[0], r, v[0]),
                (t, r, g, d) => d[0] = backward(t[0], r, g, d[0]),
                finiteDifferences: finiteDifferences);

        private static Tensor? Slot(Action<Tensor?[]> backward)
        {
            var slot = new Tensor?[1];
            backward(slot);
            return slot[0];
        }

        [Fact]
        public void Every_registered_backward_has_a_tangent()
        {
            MethodInfo[] methods = typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Static);

            // An op is its name and its inputs' types: a backward's parameters before (result, dResult, slots…), a
            // tangent's before (result, tangents…), where there is one slot or tangent per tensor input.
            static string Key(string target, ParameterInfo[] inputs) => target + "(" + string.Join(",", inputs.Select(p => p.ParameterType.Name)) + ")";
            string[] backwards = methods
                .SelectMany(m => m.GetCustomAttributes<DerivativeOfAttribute>().Select(a => Key(a.MethodName, m.GetParameters().Take(m.GetParameters().Length - 2 - m.GetParameters().Count(p => p.ParameterType.IsByRef)).ToArray())))
                .OrderBy(k => k, StringComparer.Ordinal).ToArray();
            string[] tangents = methods
                .SelectMany(m => m.GetCustomAttributes<TangentOfAttribute>().Select(a =>
                {
                    ParameterInfo[] all = m.GetParameters();
                    int inputs = Enumerable.Range(0, all.Length).First(k => k + 1 + all.Take(k).Count(p => p.ParameterType == typeof(Tensor)) == all.Length);
                    Assert.Equal(typeof(Tensor), m.ReturnType);
                    return Key(a.MethodName, all.Take(inputs).ToArray());
                }))
                .OrderBy(k => k, StringComparer.Ordinal).ToArray();
            Assert.Equal(81, backwards.Length);
            Assert.Equal(backwards, tangents);
        }

        [Fact]
        public void Every_registered_backward_has_a_curvature_rule_or_is_piecewise_linear()
        {
            MethodInfo[] methods = typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Static);
            static string Key(string target, ParameterInfo[] inputs) => target + "(" + string.Join(",", inputs.Select(p => p.ParameterType.Name)) + ")";

            // A backward's inputs come before (result, dResult, slots…); a curvature rule's before
            // (result, dResult, tangents…, tResult, slots…), with as many tangents as slots.
            static ParameterInfo[] Inputs(MethodInfo m, int trailingPerSlot, int fixedTrailing)
            {
                ParameterInfo[] all = m.GetParameters();
                int slots = all.Count(p => p.ParameterType.IsByRef);
                return all.Take(all.Length - fixedTrailing - trailingPerSlot * slots).ToArray();
            }

            var piecewiseLinear = new List<string>();
            var backwards = new List<string>();
            foreach (MethodInfo m in methods)
            {
                foreach (DerivativeOfAttribute a in m.GetCustomAttributes<DerivativeOfAttribute>())
                {
                    string key = Key(a.MethodName, Inputs(m, 1, 2));
                    backwards.Add(key);
                    if (m.GetCustomAttribute<PiecewiseLinearAttribute>() is not null)
                    {
                        piecewiseLinear.Add(key);
                    }
                }
            }

            string[] curvatures = methods
                .SelectMany(m => m.GetCustomAttributes<CurvatureOfAttribute>().Select(a =>
                {
                    Assert.Equal(typeof(void), m.ReturnType);
                    return Key(a.MethodName, Inputs(m, 2, 3));
                }))
                .ToArray();
            Assert.Empty(curvatures.Intersect(piecewiseLinear));
            Assert.Equal(backwards.OrderBy(k => k, StringComparer.Ordinal), curvatures.Concat(piecewiseLinear).OrderBy(k => k, StringComparer.Ordinal));
        }

        public static TheoryData<int[], int[]> BroadcastShapes => new()
        {
            { new[] { 2, 3 }, new[] { 2, 3 } },
            { new[] { 4, 3 }, new[] { 3 } },
            { new[] { 3 }, new[] { 4, 3 } },
            { new[] { 4, 1 }, new[] { 1, 3 } },
            { new[] { 2, 3 }, new int[0] },
        };

        [Theory]
        [MemberData(nameof(BroadcastShapes))]
        public void Binary_operators(int[] left, int[] right)
        {
            Binary(R(left), R(right), (a, b) => a + b, Tensor.AddTangent, (a, b, r, g, d) => Tensor.AddBackward(a, b, r, g, ref d[0], ref d[1]));
            Binary(R(left), R(right), (a, b) => a - b, Tensor.SubtractTangent, (a, b, r, g, d) => Tensor.SubtractBackward(a, b, r, g, ref d[0], ref d[1]));
            Binary(R(left), R(right), (a, b) => a * b, Tensor.MultiplyTangent, (a, b, r, g, d) => Tensor.MultiplyBackward(a, b, r, g, ref d[0], ref d[1]));
            Binary(R(left), Positive(right), (a, b) => a / b, Tensor.DivideTangent, (a, b, r, g, d) => Tensor.DivideBackward(a, b, r, g, ref d[0], ref d[1]));
        }

        private static void Binary(Tensor a, Tensor b, Func<Tensor, Tensor, Tensor> forward, Func<Tensor, Tensor, Tensor, Tensor?, Tensor?, Tensor> tangent, Action<Tensor, Tensor, Tensor, Tensor, Tensor?[]> backward) =>
            TangentHarness.Check(new[] { a, b }, x => forward(x[0], x[1]), (x, r, t) => tangent(x[0], x[1], r, t[0], t[1]), (x, r, g, d) => backward(x[0], x[1], r, g, d));

        [Fact]
        public void Scalar_operators()
        {
            Tensor x = R(2, 3);
            Unary(x, a => a + 1.5f, (a, r, t) => Tensor.AddTangent(a, 1.5f, r, t), (a, r, g, d) => Slot(s => Tensor.AddBackward(a, 1.5f, r, g, ref s[0])));
            Unary(x, a => 1.5f + a, (a, r, t) => Tensor.AddTangent(1.5f, a, r, t), (a, r, g, d) => Slot(s => Tensor.AddBackward(1.5f, a, r, g, ref s[0])));
            Unary(x, a => a - 1.5f, (a, r, t) => Tensor.SubtractTangent(a, 1.5f, r, t), (a, r, g, d) => Slot(s => Tensor.SubtractBackward(a, 1.5f, r, g, ref s[0])));
            Unary(x, a => 1.5f - a, (a, r, t) => Tensor.SubtractTangent(1.5f, a, r, t), (a, r, g, d) => Slot(s => Tensor.SubtractBackward(1.5f, a, r, g, ref s[0])));
            Unary(x, a => a * 2.5f, (a, r, t) => Tensor.MultiplyTangent(a, 2.5f, r, t), (a, r, g, d) => Slot(s => Tensor.MultiplyBackward(a, 2.5f, r, g, ref s[0])));
            Unary(x, a => 2.5f * a, (a, r, t) => Tensor.MultiplyTangent(2.5f, a, r, t), (a, r, g, d) => Slot(s => Tensor.MultiplyBackward(2.5f, a, r, g, ref s[0])));
            Unary(x, a => a / 2.5f, (a, r, t) => Tensor.DivideTangent(a, 2.5f, r, t), (a, r, g, d) => Slot(s => Tensor.DivideBackward(a, 2.5f, r, g, ref s[0])));
            Tensor p = Positive(2, 3);
            Unary(p, a => 2.5f / a, (a, r, t) => Tensor.DivideTangent(2.5f, a, r, t), (a, r, g, d) => Slot(s => Tensor.DivideBackward(2.5f, a, r, g, ref s[0])));
            Unary(x, a => -a, Tensor.NegateTangent, (a, r, g, d) => Slot(s => Tensor.NegateBackward(a, r, g, ref s[0])));
        }

        [Fact]
        public void Elementwise_math()
        {
            Unary(R(3, 4), a => a.Exp(), Tensor.ExpTangent, (a, r, g, d) => Slot(s => Tensor.ExpBackward(a, r, g, ref s[0])));
            Unary(Positive(3, 4), a => a.Log(), Tensor.LogTangent, (a, r, g, d) => Slot(s => Tensor.LogBackward(a, r, g, ref s[0])));
            Unary(Positive(3, 4), a => a.Sqrt(), Tensor.SqrtTangent, (a, r, g, d) => Slot(s => Tensor.SqrtBackward(a, r, g, ref s[0])));
            Unary(Away(new[] { 3, 4 }, 0), a => a.Abs(), Tensor.AbsTangent, (a, r, g, d) => Slot(s => Tensor.AbsBackward(a, r, g, ref s[0])));
            Unary(Away(new[] { 3, 4 }, 0), a => a.Relu(), Tensor.ReluTangent, (a, r, g, d) => Slot(s => Tensor.ReluBackward(a, r, g, ref s[0])));
            Unary(R(3, 4), a => a.Sigmoid(), Tensor.SigmoidTangent, (a, r, g, d) => Slot(s => Tensor.SigmoidBackward(a, r, g, ref s[0])));
            Unary(R(3, 4), a => a.Tanh(), Tensor.TanhTangent, (a, r, g, d) => Slot(s => Tensor.TanhBackward(a, r, g, ref s[0])));
            Unary(Away(new[] { 3, 4 }, -0.5, 0.75), a => a.Clamp(-0.5f, 0.75f), (a, r, t) => Tensor.ClampTangent(a, -0.5f, 0.75f, r, t), (a, r, g, d) => Slot(s => Tensor.ClampBackward(a, -0.5f, 0.75f, r, g, ref s[0])));
        }

        [Theory]
        [InlineData(2f)]
        [InlineData(3f)]
        [InlineData(1f)]
        [InlineData(0f)]
        [InlineData(-1.5f)]
        [InlineData(0.5f)]
        public void Pow(float exponent) =>
            Unary(Positive(2, 3), a => a.Pow(exponent), (a, r, t) => Tensor.PowTangent(a, exponent, r, t), (a, r, g, d) => Slot(s => Tensor.PowBackward(a, exponent, r, g, ref s[0])));

        [Fact]
        public void Activations()
        {
            Unary(R(3, 4), a => a.Gelu(), (a, r, t) => Tensor.GeluTangent(a, GeluApproximation.None, r, t), (a, r, g, d) => Slot(s => Tensor.GeluBackward(a, GeluApproximation.None, r, g, ref s[0])));
            Unary(R(3, 4), a => a.Gelu(GeluApproximation.Tanh), (a, r, t) => Tensor.GeluTangent(a, GeluApproximation.Tanh, r, t), (a, r, g, d) => Slot(s => Tensor.GeluBackward(a, GeluApproximation.Tanh, r, g, ref s[0])));
            Unary(Away(new[] { 3, 4 }, 0), a => a.LeakyRelu(0.1f), (a, r, t) => Tensor.LeakyReluTangent(a, 0.1f, r, t), (a, r, g, d) => Slot(s => Tensor.LeakyReluBackward(a, 0.1f, r, g, ref s[0])));
            Unary(Away(new[] { 3, 4 }, 0), a => a.Elu(0.7f), (a, r, t) => Tensor.EluTangent(a, 0.7f, r, t), (a, r, g, d) => Slot(s => Tensor.EluBackward(a, 0.7f, r, g, ref s[0])));
            Unary(R(3, 4), a => a.Silu(), Tensor.SiluTangent, (a, r, g, d) => Slot(s => Tensor.SiluBackward(a, r, g, ref s[0])));
            Unary(R(3, 4), a => a.Softplus(1.5f, 20f), (a, r, t) => Tensor.SoftplusTangent(a, 1.5f, 20f, r, t), (a, r, g, d) => Slot(s => Tensor.SoftplusBackward(a, 1.5f, 20f, r, g, ref s[0])));
            Unary(Away(new[] { 3, 4 }, 1), a => a.Softplus(2f, 2f), (a, r, t) => Tensor.SoftplusTangent(a, 2f, 2f, r, t), (a, r, g, d) => Slot(s => Tensor.SoftplusBackward(a, 2f, 2f, r, g, ref s[0])));
            Unary(R(3, 4), a => a.LogSigmoid(), Tensor.LogSigmoidTangent, (a, r, g, d) => Slot(s => Tensor.LogSigmoidBackward(a, r, g, ref s[0])));
            Unary(Away(new[] { 3, 4 }, -1, 1), a => a.Hardtanh(), (a, r, t) => Tensor.HardtanhTangent(a, -1f, 1f, r, t), (a, r, g, d) => Slot(s => Tensor.HardtanhBackward(a, -1f, 1f, r, g, ref s[0])));
        }

        [Fact]
        public void Kinks_follow_the_backward()
        {
            // Exactly at the kinks: the tangent and the backward agree on the one-sided choice (0 for Relu and Abs at 0, …).
            Tensor x = Tensor.FromArray(new[] { 0f, -1f, 1f, 0f, -0.5f, 0.75f, 2f, -2f }, 2, 4);
            bool fd = false;
            Unary(x, a => a.Relu(), Tensor.ReluTangent, (a, r, g, d) => Slot(s => Tensor.ReluBackward(a, r, g, ref s[0])), fd);
            Unary(x, a => a.Abs(), Tensor.AbsTangent, (a, r, g, d) => Slot(s => Tensor.AbsBackward(a, r, g, ref s[0])), fd);
            Unary(x, a => a.LeakyRelu(0.1f), (a, r, t) => Tensor.LeakyReluTangent(a, 0.1f, r, t), (a, r, g, d) => Slot(s => Tensor.LeakyReluBackward(a, 0.1f, r, g, ref s[0])), fd);
            Unary(x, a => a.Elu(), (a, r, t) => Tensor.EluTangent(a, 1f, r, t), (a, r, g, d) => Slot(s => Tensor.EluBackward(a, 1f, r, g, ref s[0])), fd);
            Unary(x, a => a.Hardtanh(), (a, r, t) => Tensor.HardtanhTangent(a, -1f, 1f, r, t), (a, r, g, d) => Slot(s => Tensor.HardtanhBackward(a, -1f, 1f, r, g, ref s[0])), fd);
            Unary(x, a => a.Clamp(-0.5f, 0.75f), (a, r, t) => Tensor.ClampTangent(a, -0.5f, 0.75f, r, t), (a, r, g, d) => Slot(s => Tensor.ClampBackward(a, -0.5f, 0.75f, r, g, ref s[0])), fd);
            Assert.Equal(new[] { 0f, 0f, 1f, 0f, 0f, 1f, 1f, 0f }, Tensor.ReluTangent(x, x.Relu(), Tensor.OnesLike(x)).ToArray());
            Assert.Equal(new[] { 0f, -1f, 1f, 0f, -1f, 1f, 1f, -1f }, Tensor.AbsTangent(x, x.Abs(), Tensor.OnesLike(x)).ToArray());

            // Ties of Max: the first maximum, in both.
            Tensor tied = Tensor.FromArray(new[] { 1f, 3f, 3f, 0f, 2f, 2f }, 2, 3);
            Unary(tied, a => a.Max(1), (a, r, t) => Tensor.MaxTangent(a, 1, r, t), (a, r, g, d) => Slot(s => Tensor.MaxBackward(a, 1, r, g, ref s[0])), fd);
            Tensor direction = Tensor.FromArray(new[] { 10f, 20f, 30f, 40f, 50f, 60f }, 2, 3);
            Assert.Equal(new[] { 20f, 50f }, Tensor.MaxTangent(tied, 1, tied.Max(1), direction).ToArray());

            Tensor plane = Tensor.FromArray(new[] { 1f, 1f, 0f, 1f, 2f, 2f, 2f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f }, 1, 1, 4, 4);
            TangentHarness.Check(
                new[] { plane },
                x => Tensor.MaxPool2d(x[0], 2, 2, 2, 2, 0, 0, 1, 1, false),
                (x, r, t) => Tensor.MaxPool2dTangent(x[0], 2, 2, 2, 2, 0, 0, 1, 1, false, r, t[0]),
                (x, r, g, d) => Tensor.MaxPool2dBackward(x[0], 2, 2, 2, 2, 0, 0, 1, 1, false, r, g, ref d[0]),
                finiteDifferences: false);
        }

        [Fact]
        public void Shapes()
        {
            Tensor x = R(2, 3, 4);
            Unary(x, a => a.Reshape(6, 4), (a, r, t) => Tensor.ReshapeTangent(a, new[] { 6, 4 }, r, t), (a, r, g, d) => Slot(s => Tensor.ReshapeBackward(a, new[] { 6, 4 }, r, g, ref s[0])));
            Tensor m = R(3, 4);
            Unary(m, a => a.Transpose(), Tensor.TransposeTangent, (a, r, g, d) => Slot(s => Tensor.TransposeBackward(a, r, g, ref s[0])));
            Unary(m, a => a.T, Tensor.TTangent, (a, r, g, d) => Slot(s => Tensor.TBackward(a, r, g, ref s[0])));
            Unary(m, a => a.Clone(), Tensor.CloneTangent, (a, r, g, d) => Slot(s => Tensor.CloneBackward(a, r, g, ref s[0])));
            int[] columns = { 2, 0, 3 };
            Unary(m, a => a.Gather(columns), (a, r, t) => Tensor.GatherTangent(a, columns, r, t), (a, r, g, d) => Slot(s => Tensor.GatherBackward(a, columns, r, g, ref s[0])));
            Tensor ones = R(2, 1, 3, 1);
            Unary(ones, a => a.Squeeze(), Tensor.SqueezeTangent, (a, r, g, d) => Slot(s => Tensor.SqueezeBackward(a, r, g, ref s[0])));
            Unary(ones, a => a.Squeeze(1), (a, r, t) => Tensor.SqueezeTangent(a, 1, r, t), (a, r, g, d) => Slot(s => Tensor.SqueezeBackward(a, 1, r, g, ref s[0])));
            Unary(m, a => a.Unsqueeze(1), (a, r, t) => Tensor.UnsqueezeTangent(a, 1, r, t), (a, r, g, d) => Slot(s => Tensor.UnsqueezeBackward(a, 1, r, g, ref s[0])));
            Unary(x, a => a.Flatten(1, 2), (a, r, t) => Tensor.FlattenTangent(a, 1, 2, r, t), (a, r, g, d) => Slot(s => Tensor.FlattenBackward(a, 1, 2, r, g, ref s[0])));
            int[] order = { 2, 0, 1 };
            Unary(x, a => a.Permute(order), (a, r, t) => Tensor.PermuteTangent(a, order, r, t), (a, r, g, d) => Slot(s => Tensor.PermuteBackward(a, order, r, g, ref s[0])));
            Unary(x, a => a.Transpose(0, 2), (a, r, t) => Tensor.TransposeTangent(a, 0, 2, r, t), (a, r, g, d) => Slot(s => Tensor.TransposeBackward(a, 0, 2, r, g, ref s[0])));
            Unary(m, a => a.To(Device.Cpu), (a, r, t) => Tensor.ToTangent(a, Device.Cpu, r, t), (a, r, g, d) => Slot(s => Tensor.ToBackward(a, Device.Cpu, r, g, ref s[0])));
        }

        [Fact]
        public void Slicing_and_joining()
        {
            Tensor x = R(4, 5);
            TensorIndex[] indices = { 1..3, 2 };
            Unary(x, a => a[indices], (a, r, t) => Tensor.IndexerTangent(a, indices, r, t), (a, r, g, d) => Slot(s => Tensor.IndexerBackward(a, indices, r, g, ref s[0])));
            Unary(x, a => a.Narrow(1, 1, 3), (a, r, t) => Tensor.NarrowTangent(a, 1, 1, 3, r, t), (a, r, g, d) => Slot(s => Tensor.NarrowBackward(a, 1, 1, 3, r, g, ref s[0])));
            Unary(x, a => a.Select(0, 2), (a, r, t) => Tensor.SelectTangent(a, 0, 2, r, t), (a, r, g, d) => Slot(s => Tensor.SelectBackward(a, 0, 2, r, g, ref s[0])));
            Unary(x, a => a.Slice(1, 0, 5, 2), (a, r, t) => Tensor.SliceTangent(a, 1, 0, 5, 2, r, t), (a, r, g, d) => Slot(s => Tensor.SliceBackward(a, 1, 0, 5, 2, r, g, ref s[0])));
            Binary(R(2, 3), R(2, 4), (a, b) => Tensor.Cat(a, b, 1), (a, b, r, ta, tb) => Tensor.CatTangent(a, b, 1, r, ta, tb), (a, b, r, g, d) => Tensor.CatBackward(a, b, 1, r, g, ref d[0], ref d[1]));
            Binary(R(2, 3), R(2, 3), (a, b) => Tensor.Stack(a, b, 1), (a, b, r, ta, tb) => Tensor.StackTangent(a, b, 1, r, ta, tb), (a, b, r, g, d) => Tensor.StackBackward(a, b, 1, r, g, ref d[0], ref d[1]));
        }

        [Theory]
        [InlineData(0, false)]
        [InlineData(1, true)]
        [InlineData(-1, false)]
        public void Reductions(int dim, bool keepDim)
        {
            Tensor x = R(3, 4, 2);
            Unary(x, a => a.Sum(), Tensor.SumTangent, (a, r, g, d) => Slot(s => Tensor.SumBackward(a, r, g, ref s[0])));
            Unary(x, a => a.Mean(), Tensor.MeanTangent, (a, r, g, d) => Slot(s => Tensor.MeanBackward(a, r, g, ref s[0])));
            Unary(x, a => a.Sum(dim, keepDim), (a, r, t) => Tensor.SumTangent(a, dim, keepDim, r, t), (a, r, g, d) => Slot(s => Tensor.SumBackward(a, dim, keepDim, r, g, ref s[0])));
            Unary(x, a => a.Mean(dim, keepDim), (a, r, t) => Tensor.MeanTangent(a, dim, keepDim, r, t), (a, r, g, d) => Slot(s => Tensor.MeanBackward(a, dim, keepDim, r, g, ref s[0])));
            Unary(x, a => a.Max(dim), (a, r, t) => Tensor.MaxTangent(a, dim, r, t), (a, r, g, d) => Slot(s => Tensor.MaxBackward(a, dim, r, g, ref s[0])));
            int[] to = { 4, 1 };
            Unary(x, a => a.SumTo(to), (a, r, t) => Tensor.SumToTangent(a, to, r, t), (a, r, g, d) => Slot(s => Tensor.SumToBackward(a, to, r, g, ref s[0])));
            Unary(x, a => a.Softmax(dim), (a, r, t) => Tensor.SoftmaxTangent(a, dim, r, t), (a, r, g, d) => Slot(s => Tensor.SoftmaxBackward(a, dim, r, g, ref s[0])));
            Unary(x, a => a.LogSoftmax(dim), (a, r, t) => Tensor.LogSoftmaxTangent(a, dim, r, t), (a, r, g, d) => Slot(s => Tensor.LogSoftmaxBackward(a, dim, r, g, ref s[0])));
        }

        [Fact]
        public void Products()
        {
            Binary(R(3, 4), R(4, 2), Tensor.MatMul, Tensor.MatMulTangent, (a, b, r, g, d) => Tensor.MatMulBackward(a, b, r, g, ref d[0], ref d[1]));
            Binary(R(2, 3, 4), R(4, 2), Tensor.MatMul, Tensor.MatMulTangent, (a, b, r, g, d) => Tensor.MatMulBackward(a, b, r, g, ref d[0], ref d[1]));
            Binary(R(3, 4), R(2, 4, 5), Tensor.MatMul, Tensor.MatMulTangent, (a, b, r, g, d) => Tensor.MatMulBackward(a, b, r, g, ref d[0], ref d[1]));
            TangentHarness.Check(
                new[] { R(3, 4), R(2, 4), R(2) },
                x => Tensor.Linear(x[0], x[1], x[2]),
                (x, r, t) => Tensor.LinearTangent(x[0], x[1], x[2], r, t[0], t[1], t[2]),
                (x, r, g, d) => Tensor.LinearBackward(x[0], x[1], x[2], r, g, ref d[0], ref d[1], ref d[2]));
            Binary(R(3, 4), R(2, 4), (a, w) => Tensor.Linear(a, w, null), (a, w, r, ta, tw) => Tensor.LinearTangent(a, w, null, r, ta, tw, null), (a, w, r, g, d) => Tensor.LinearBackward(a, w, null, r, g, ref d[0], ref d[1], ref System.Runtime.CompilerServices.Unsafe.NullRef<Tensor?>()));
        }

        [Fact]
        public void Masks_and_gathers()
        {
            Tensor mask = Tensor.FromArray(new[] { 1f, 0f, 0f, 1f }, 4, 1);
            TangentHarness.Check(
                new[] { R(4, 3), mask },
                x => x[0].MaskedFill(x[1], 7f),
                (x, r, t) => Tensor.MaskedFillTangent(x[0], x[1], 7f, r, t[0], t[1]),
                (x, r, g, d) => Tensor.MaskedFillBackward(x[0], x[1], 7f, r, g, ref d[0], ref d[1]),
                constant: new[] { 1 });
            Tensor condition = Tensor.FromArray(new[] { 1f, 0f, 1f }, 3);
            TangentHarness.Check(
                new[] { condition, R(2, 3), R(3) },
                x => Tensor.Where(x[0], x[1], x[2]),
                (x, r, t) => Tensor.WhereTangent(x[0], x[1], x[2], r, t[0], t[1], t[2]),
                (x, r, g, d) => Tensor.WhereBackward(x[0], x[1], x[2], r, g, ref d[0], ref d[1], ref d[2]),
                constant: new[] { 0 });
            Tensor x = R(4, 3);
            int[] picks = { 2, 0, 2, 3 };
            Unary(x, a => a.IndexSelect(0, picks), (a, r, t) => Tensor.IndexSelectTangent(a, 0, picks, r, t), (a, r, g, d) => Slot(s => Tensor.IndexSelectBackward(a, 0, picks, r, g, ref s[0])));
            IntTensor pickTensor = IntTensor.FromArray(new[] { 1, 1, 0 });
            Unary(x, a => a.IndexSelect(1, pickTensor), (a, r, t) => Tensor.IndexSelectTangent(a, 1, pickTensor, r, t), (a, r, g, d) => Slot(s => Tensor.IndexSelectBackward(a, 1, pickTensor, r, g, ref s[0])));
            IntTensor index = IntTensor.FromArray(new[] { 0, 2, 1, 1, 0, 0, 2, 2 }, 4, 2);
            Unary(x, a => a.Gather(1, index), (a, r, t) => Tensor.GatherTangent(a, 1, index, r, t), (a, r, g, d) => Slot(s => Tensor.GatherBackward(a, 1, index, r, g, ref s[0])));

            // Distinct targets per row: with repeated ones the last write wins forwards, which the backward does not follow.
            IntTensor targets = IntTensor.FromArray(new[] { 2, 0, 1, 2, 0, 1, 1, 0 }, 4, 2);
            Binary(R(4, 3), R(4, 2), (a, b) => a.Scatter(1, targets, b), (a, b, r, ta, tb) => Tensor.ScatterTangent(a, 1, targets, b, r, ta, tb), (a, b, r, g, d) => Tensor.ScatterBackward(a, 1, targets, b, r, g, ref d[0], ref d[1]));
            IntTensor repeated = IntTensor.FromArray(new[] { 2, 2, 1, 1, 0, 0, 1, 0 }, 4, 2);
            Binary(R(4, 3), R(4, 2), (a, b) => a.ScatterAdd(1, repeated, b), (a, b, r, ta, tb) => Tensor.ScatterAddTangent(a, 1, repeated, b, r, ta, tb), (a, b, r, g, d) => Tensor.ScatterAddBackward(a, 1, repeated, b, r, g, ref d[0], ref d[1]));
        }

        [Fact]
        public void Losses()
        {
            Tensor target = TangentHarness.Draw(Random, new[] { 3, 4 }, 0.1, 0.9);
            TangentHarness.Check(
                new[] { R(3, 4), target, Positive(4) },
                x => Tensor.BCEWithLogitsElements(x[0], x[1], x[2]),
                (x, r, t) => Tensor.BCEWithLogitsElementsTangent(x[0], x[1], x[2], r, t[0], t[1], t[2]),
                (x, r, g, d) => Tensor.BCEWithLogitsElementsBackward(x[0], x[1], x[2], r, g, ref d[0], ref d[1], ref d[2]));
            Binary(R(3, 4), target, (a, b) => Tensor.BCEWithLogitsElements(a, b, null), (a, b, r, ta, tb) => Tensor.BCEWithLogitsElementsTangent(a, b, null, r, ta, tb, null),
                (a, b, r, g, d) => Tensor.BCEWithLogitsElementsBackward(a, b, null, r, g, ref d[0], ref d[1], ref System.Runtime.CompilerServices.Unsafe.NullRef<Tensor?>()));

            // Differences away from ±δ (and from ±β), where the slopes switch.
            Tensor a0 = Tensor.FromArray(new[] { 0.1f, 1.5f, -1.2f, 0.3f, -0.2f, 2f }, 2, 3);
            Tensor b0 = Tensor.FromArray(new[] { 0.4f, 0.1f, 0.2f, -0.5f, -0.1f, 0.5f }, 2, 3);
            Binary(a0, b0, (a, b) => Tensor.HuberLossElements(a, b, 1f), (a, b, r, ta, tb) => Tensor.HuberLossElementsTangent(a, b, 1f, r, ta, tb), (a, b, r, g, d) => Tensor.HuberLossElementsBackward(a, b, 1f, r, g, ref d[0], ref d[1]));
            Binary(a0, b0, (a, b) => Tensor.SmoothL1LossElements(a, b, 1f), (a, b, r, ta, tb) => Tensor.SmoothL1LossElementsTangent(a, b, 1f, r, ta, tb), (a, b, r, g, d) => Tensor.SmoothL1LossElementsBackward(a, b, 1f, r, g, ref d[0], ref d[1]));
            Binary(R(3, 4), target, (a, b) => Tensor.KLDivElements(a, b, false), (a, b, r, ta, tb) => Tensor.KLDivElementsTangent(a, b, false, r, ta, tb), (a, b, r, g, d) => Tensor.KLDivElementsBackward(a, b, false, r, g, ref d[0], ref d[1]));
            Binary(R(3, 4), R(3, 4), (a, b) => Tensor.KLDivElements(a, b, true), (a, b, r, ta, tb) => Tensor.KLDivElementsTangent(a, b, true, r, ta, tb), (a, b, r, g, d) => Tensor.KLDivElementsBackward(a, b, true, r, g, ref d[0], ref d[1]));
        }

        [Fact]
        public void Convolutions_and_pooling()
        {
            TangentHarness.Check(
                new[] { R(2, 4, 5, 5), R(6, 2, 3, 2), R(6) },
                x => Tensor.Conv2d(x[0], x[1], x[2], 2, 1, 1, 0, 1, 2, 2),
                (x, r, t) => Tensor.Conv2dTangent(x[0], x[1], x[2], 2, 1, 1, 0, 1, 2, 2, r, t[0], t[1], t[2]),
                (x, r, g, d) => Tensor.Conv2dBackward(x[0], x[1], x[2], 2, 1, 1, 0, 1, 2, 2, r, g, ref d[0], ref d[1], ref d[2]));
            TangentHarness.Check(
                new[] { R(2, 3, 7), R(4, 3, 3), R(4) },
                x => Tensor.Conv1d(x[0], x[1], x[2], 2, 1, 1, 1),
                (x, r, t) => Tensor.Conv1dTangent(x[0], x[1], x[2], 2, 1, 1, 1, r, t[0], t[1], t[2]),
                (x, r, g, d) => Tensor.Conv1dBackward(x[0], x[1], x[2], 2, 1, 1, 1, r, g, ref d[0], ref d[1], ref d[2]));

            // Distinct values, so that no window's maximum is near a tie for the finite differences.
            float[] values = Enumerable.Range(0, 2 * 2 * 5 * 5).Select(i => (float)((i * 37 % 100) / 25.0 - 2)).ToArray();
            Tensor image = Tensor.FromArray(values, 2, 2, 5, 5);
            Unary(image, a => Tensor.MaxPool2d(a, 3, 2, 2, 1, 1, 0, 1, 1, true), (a, r, t) => Tensor.MaxPool2dTangent(a, 3, 2, 2, 1, 1, 0, 1, 1, true, r, t),
                (a, r, g, d) => Slot(s => Tensor.MaxPool2dBackward(a, 3, 2, 2, 1, 1, 0, 1, 1, true, r, g, ref s[0])));
            Unary(image, a => Tensor.AvgPool2d(a, 3, 2, 2, 1, 1, 0, true, false), (a, r, t) => Tensor.AvgPool2dTangent(a, 3, 2, 2, 1, 1, 0, true, false, r, t),
                (a, r, g, d) => Slot(s => Tensor.AvgPool2dBackward(a, 3, 2, 2, 1, 1, 0, true, false, r, g, ref s[0])));
            Unary(image, a => Tensor.AdaptiveAvgPool2d(a, 3, 2), (a, r, t) => Tensor.AdaptiveAvgPool2dTangent(a, 3, 2, r, t),
                (a, r, g, d) => Slot(s => Tensor.AdaptiveAvgPool2dBackward(a, 3, 2, r, g, ref s[0])));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Normalizations(bool training)
        {
            Tensor runningMean = R(3), runningVar = Positive(3);
            TangentHarness.Check(
                new[] { R(4, 3, 2), R(3), R(3) },
                x => Tensor.BatchNorm(x[0], training ? null : runningMean, training ? null : runningVar, x[1], x[2], training, 0.1f, 1e-5f),
                (x, r, t) => Tensor.BatchNormTangent(x[0], training ? null : runningMean, training ? null : runningVar, x[1], x[2], training, 0.1f, 1e-5f, r, t[0], null, null, t[1], t[2]),
                (x, r, g, d) => Tensor.BatchNormBackward(
                    x[0], training ? null : runningMean, training ? null : runningVar, x[1], x[2], training, 0.1f, 1e-5f, r, g,
                    ref d[0], ref System.Runtime.CompilerServices.Unsafe.NullRef<Tensor?>(), ref System.Runtime.CompilerServices.Unsafe.NullRef<Tensor?>(), ref d[1], ref d[2]));
            int[] normalized = { 4 };
            TangentHarness.Check(
                new[] { R(3, 4), R(4), R(4) },
                x => Tensor.LayerNorm(x[0], normalized, x[1], x[2], 1e-5f),
                (x, r, t) => Tensor.LayerNormTangent(x[0], normalized, x[1], x[2], 1e-5f, r, t[0], t[1], t[2]),
                (x, r, g, d) => Tensor.LayerNormBackward(x[0], normalized, x[1], x[2], 1e-5f, r, g, ref d[0], ref d[1], ref d[2]));
            Unary(R(3, 4), a => Tensor.LayerNorm(a, normalized, null, null, 1e-5f), (a, r, t) => Tensor.LayerNormTangent(a, normalized, null, null, 1e-5f, r, t, null, null),
                (a, r, g, d) => Slot(s => Tensor.LayerNormBackward(a, normalized, null, null, 1e-5f, r, g, ref s[0], ref System.Runtime.CompilerServices.Unsafe.NullRef<Tensor?>(), ref System.Runtime.CompilerServices.Unsafe.NullRef<Tensor?>())));
            TangentHarness.Check(
                new[] { R(2, 4, 3), R(4), R(4) },
                x => Tensor.GroupNorm(x[0], 2, x[1], x[2], 1e-5f),
                (x, r, t) => Tensor.GroupNormTangent(x[0], 2, x[1], x[2], 1e-5f, r, t[0], t[1], t[2]),
                (x, r, g, d) => Tensor.GroupNormBackward(x[0], 2, x[1], x[2], 1e-5f, r, g, ref d[0], ref d[1], ref d[2]));
            Unary(R(2, 4, 3), a => Tensor.GroupNorm(a, 4, null, null, 1e-5f), (a, r, t) => Tensor.GroupNormTangent(a, 4, null, null, 1e-5f, r, t, null, null),
                (a, r, g, d) => Slot(s => Tensor.GroupNormBackward(a, 4, null, null, 1e-5f, r, g, ref s[0], ref System.Runtime.CompilerServices.Unsafe.NullRef<Tensor?>(), ref System.Runtime.CompilerServices.Unsafe.NullRef<Tensor?>())));
        }

        [Fact]
        public void Embeddings()
        {
            Tensor rows = Tensor.FromArray(new[] { 1f, 3f, 0f, 1f, 2f, 3f }, 2, 3);
            TangentHarness.Check(
                new[] { rows, R(4, 5) },
                x => Tensor.Embedding(x[0], x[1], 3),
                (x, r, t) => Tensor.EmbeddingTangent(x[0], x[1], 3, r, t[0], t[1]),
                (x, r, g, d) => Tensor.EmbeddingBackward(x[0], x[1], 3, r, g, ref d[0], ref d[1]),
                constant: new[] { 0 },
                finiteDifferences: false);
            IntTensor index = IntTensor.FromArray(new[] { 1, 3, 0, 1 });
            Unary(R(4, 5), w => Tensor.Embedding(index, w, null), (w, r, t) => Tensor.EmbeddingTangent(index, w, null, r, t),
                (w, r, g, d) => Slot(s => Tensor.EmbeddingBackward(index, w, null, r, g, ref s[0])));
        }
    }
}
