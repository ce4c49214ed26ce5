using System.Linq;
using Diff;
using Diff.Internal;
using Diff.NN;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>A user's own tensor op, with its backward, its tangent and its curvature registered beside it.</summary>
    public static class CubeOps
    {
        public static Tensor Cube(Tensor x) => x * x * x;

        [DerivativeOf(typeof(CubeOps), nameof(Cube))]
        public static void CubeBackward(Tensor x, Tensor result, Tensor dResult, ref Tensor? dX)
        {
            if (Grad.Wanted(ref dX))
            {
                Grad.Accumulate(ref dX, dResult * x * x * 3f);
            }
        }

        [TangentOf(typeof(CubeOps), nameof(Cube))]
        public static Tensor CubeTangent(Tensor x, Tensor result, Tensor? tX) => tX is null ? Tensor.ZerosLike(result) : tX * x * x * 3f;

        [CurvatureOf(typeof(CubeOps), nameof(Cube))]
        public static void CubeCurvature(Tensor x, Tensor result, Tensor dResult, Tensor? tX, Tensor? tResult, ref Tensor? dX)
        {
            if (tX is not null && Grad.Wanted(ref dX))
            {
                Grad.Accumulate(ref dX, dResult * x * tX * 6f);
            }
        }
    }

    public static partial class TangentFunctions
    {
        /// <summary>A loss through a model: the module's parameters are constants of the tangent, the input varies.</summary>
        [Differentiable]
        public static Tensor ModelLoss(Module model, Tensor input, [NoDiff] Tensor target) => Functional.MSELoss(model.Forward(input), target);

        [Differentiable]
        public static Tensor CubeSum(Tensor x, Tensor w) => (CubeOps.Cube(x * w) - w).Sum();
    }

    /// <summary>
    /// The generated <c>MTangent</c> of tensor-mode methods: against central finite differences of the method, and
    /// against its <c>MGradient</c> through ⟨∇f, v⟩ = JVP(v).
    /// </summary>
    public sealed class TensorTangentTests
    {
        private delegate Tensor TangentCall(Tensor[] inputs, Tensor?[] tangents, out Tensor tResult);

        private static Tensor Draw(int seed, params int[] shape) => TensorModeTests.Random(seed, shape);

        /// <summary>Checks a method of scalar (one-element) result with its gradient and its tangent.</summary>
        private static void Check(Tensor[] inputs, Func<Tensor[], Tensor> f, Action<Tensor[], Tensor[]> gradient, TangentCall tangent, double epsilon = 1e-2)
        {
            Tensor[] directions = inputs.Select((x, i) => Draw(100 + i, x.Shape)).ToArray();
            Tensor value = tangent(inputs, directions, out Tensor jv);
            Assert.Equal(f(inputs).ToArray(), value.ToArray());
            Assert.Equal(value.Shape, jv.Shape);

            Tensor[] adjoints = inputs.Select(Tensor.ZerosLike).ToArray();
            gradient(inputs, adjoints);
            double expected = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                float[] g = adjoints[i].ToArray(), v = directions[i].ToArray();
                expected += Enumerable.Range(0, g.Length).Sum(j => (double)g[j] * v[j]);
            }

            Assert.True(Math.Abs(expected - jv.Item()) <= 1e-4 * (1 + Math.Abs(expected)), $"⟨∇f, v⟩ = {expected} but the tangent is {jv.Item()}");

            double numeric = ((double)f(inputs.Select((x, i) => x + directions[i] * (float)epsilon).ToArray()).Item()
                - f(inputs.Select((x, i) => x - directions[i] * (float)epsilon).ToArray()).Item()) / (2 * epsilon);
            Assert.True(Math.Abs(numeric - jv.Item()) <= 3e-3 * (1 + Math.Abs(numeric)), $"finite differences give {numeric}, the tangent {jv.Item()}");

            // Null tangents are zero.
            tangent(inputs, new Tensor?[inputs.Length], out Tensor zero);
            Assert.Equal(0f, zero.Item());
        }

        [Fact]
        public void Mlp_loss_through_a_module()
        {
            // Checked before the gradient runs: the tangent leaves Parameter.Grad alone.
            var fresh = new Sequential(new Linear(3, 5, generator: new Generator(1)));
            TangentFunctions.ModelLossTangent(fresh, Draw(4, 4, 3), Draw(3, 4, 5), Draw(9, 4, 3), out _);
            Assert.All(fresh.Parameters(), p => Assert.Null(p.Grad));

            var model = new Sequential(new Linear(3, 5, generator: new Generator(1)), new Tanh(), new Linear(5, 2, generator: new Generator(2)));
            Tensor target = Draw(3, 4, 2);
            Check(
                new[] { Draw(4, 4, 3) },
                x => TangentFunctions.ModelLoss(model, x[0], target),
                (x, d) => TangentFunctions.ModelLossGradient(model, x[0], target, d[0]),
                (Tensor[] x, Tensor?[] t, out Tensor r) => TangentFunctions.ModelLossTangent(model, x[0], target, t[0], out r));
        }

        [Fact]
        public void Module_forward_tangent_is_the_jacobian_vector_product()
        {
            // Through Sequential's virtual Forward: each layer's ForwardTangent override, checked element by element.
            var model = new Sequential(new Linear(3, 4, generator: new Generator(5)), new ReLU(), new Linear(4, 2, generator: new Generator(6)));
            Tensor x = Draw(7, 2, 3), v = Draw(8, 2, 3);
            Tensor y = model.ForwardTangent(x, v, out Tensor jv);
            Assert.Equal(model.Forward(x).ToArray(), y.ToArray());
            float[] up = model.Forward(x + v * 1e-2f).ToArray(), down = model.Forward(x - v * 1e-2f).ToArray(), actual = jv.ToArray();
            for (int i = 0; i < actual.Length; i++)
            {
                double numeric = ((double)up[i] - down[i]) / 2e-2;
                Assert.True(Math.Abs(numeric - actual[i]) <= 3e-3 * (1 + Math.Abs(numeric)), $"output {i}: finite differences give {numeric}, the tangent {actual[i]}");
            }
        }

        [Fact]
        public void Control_flow_calls_and_reassigned_parameters()
        {
            Tensor x = Draw(11, 2, 3), w = Draw(12, 2, 3);
            Check(new[] { x }, a => TensorFunctions.SumOfSquares(a[0]), (a, d) => TensorFunctions.SumOfSquaresGradient(a[0], d[0]),
                (Tensor[] a, Tensor?[] t, out Tensor r) => TensorFunctions.SumOfSquaresTangent(a[0], t[0], out r));
            Check(new[] { x, w }, a => TensorFunctions.Reassigned(a[0], a[1], 3), (a, d) => TensorFunctions.ReassignedGradient(a[0], a[1], 3, d[0], d[1]),
                (Tensor[] a, Tensor?[] t, out Tensor r) => TensorFunctions.ReassignedTangent(a[0], a[1], 3, t[0], t[1], out r));
            foreach (bool square in new[] { true, false })
            {
                Check(new[] { x }, a => TensorFunctions.Branches(a[0], square), (a, d) => TensorFunctions.BranchesGradient(a[0], square, d[0]),
                    (Tensor[] a, Tensor?[] t, out Tensor r) => TensorFunctions.BranchesTangent(a[0], square, t[0], out r));
            }

            Check(new[] { x, w }, a => TensorFunctions.Nested(a[0], a[1]), (a, d) => TensorFunctions.NestedGradient(a[0], a[1], d[0], d[1]),
                (Tensor[] a, Tensor?[] t, out Tensor r) => TensorFunctions.NestedTangent(a[0], a[1], t[0], t[1], out r));
            Check(new[] { x }, a => TensorFunctions.Elementwise(a[0]), (a, d) => TensorFunctions.ElementwiseGradient(a[0], d[0]),
                (Tensor[] a, Tensor?[] t, out Tensor r) => TensorFunctions.ElementwiseTangent(a[0], t[0], out r));
        }

        [Fact]
        public void No_diff_parameters_get_no_tangent()
        {
            Tensor w = Draw(21, 2, 3), x = Draw(22, 3, 4), target = Draw(23, 2, 4);
            Check(new[] { w }, a => TensorFunctions.MeanSquaredError(a[0], x, target), (a, d) => TensorFunctions.MeanSquaredErrorGradient(a[0], x, target, d[0]),
                (Tensor[] a, Tensor?[] t, out Tensor r) => TensorFunctions.MeanSquaredErrorTangent(a[0], x, target, t[0], out r));
        }

        [Fact]
        public void A_users_registered_tangent_is_called()
        {
            Tensor x = Draw(31, 3), w = Draw(32, 3);
            Check(new[] { x, w }, a => TangentFunctions.CubeSum(a[0], a[1]), (a, d) => TangentFunctions.CubeSumGradient(a[0], a[1], d[0], d[1]),
                (Tensor[] a, Tensor?[] t, out Tensor r) => TangentFunctions.CubeSumTangent(a[0], a[1], t[0], t[1], out r));
        }
    }
}
