using System.Linq;
using Diff;
using Diff.NN;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>
    /// Tensor-mode code as PyTorch users write it: a switch statement choosing an activation, accumulators started with
    /// ZerosLike or OnesLike of a differentiable tensor, a mask from ArgMax of the logits, and x.T of any rank.
    /// </summary>
    public static partial class SwitchAndConstantFunctions
    {
        [Differentiable]
        public static Tensor SwitchActivation(Tensor x, int kind)
        {
            Tensor y;
            switch (kind)
            {
                case 0:
                    y = x.Relu();
                    break;
                case 1 or 2:
                    y = x.Sigmoid() * (float)kind;
                    break;
                case > 5 when kind % 2 == 0:
                    y = x * x;
                    break;
                default:
                    y = x.Tanh();
                    break;
            }

            return (y * x).Sum();
        }

        [Differentiable]
        public static Tensor IfActivation(Tensor x, int kind)
        {
            Tensor y;
            if (kind == 0)
            {
                y = x.Relu();
            }
            else if (kind == 1 || kind == 2)
            {
                y = x.Sigmoid() * (float)kind;
            }
            else if (kind > 5 && kind % 2 == 0)
            {
                y = x * x;
            }
            else
            {
                y = x.Tanh();
            }

            return (y * x).Sum();
        }

        /// <summary>Σ (6x)², the accumulator started as zeros of x's shape: the gradient is 72x.</summary>
        [Differentiable]
        public static Tensor AccumulateFromZerosLike(Tensor x)
        {
            Tensor total = Tensor.ZerosLike(x);
            for (int i = 0; i < 3; i++)
            {
                total = total + x * (i + 1);
            }

            return (total * total).Sum();
        }

        /// <summary>Σ x², as a product started from ones of x's shape: the gradient is 2x.</summary>
        [Differentiable]
        public static Tensor PowerFromOnesLike(Tensor x)
        {
            Tensor p = Tensor.OnesLike(x);
            p = p * x;
            p = p * x;
            return p.Sum();
        }

        /// <summary>Σᵢ argmaxᵢ · Σⱼ xᵢⱼ: the predicted class is a constant, so ∂/∂xᵢⱼ = argmaxᵢ.</summary>
        [Differentiable]
        public static Tensor WeightedByPrediction(Tensor logits)
        {
            Tensor predicted = logits.ArgMax(1);
            return (logits.Sum(1) * predicted).Sum();
        }

        /// <summary>x.T of a vector and of a rank-3 tensor, each against a weight of the transposed shape.</summary>
        [Differentiable]
        public static Tensor TransposedProducts(Tensor v, Tensor cube, [NoDiff] Tensor w, [NoDiff] Tensor u) =>
            (v.T * w).Sum() + (cube.T * cube.T * u).Sum();

        [Differentiable]
        public static Tensor Huber(Tensor x, Tensor y) => Functional.HuberLoss(x, y, Reduction.Sum, delta: 0.5f);

        [Differentiable]
        public static Tensor SmoothL1(Tensor x, Tensor y) => Functional.SmoothL1Loss(x, y, Reduction.Sum, beta: 0.5f) * 0.5f;
    }

    public sealed class TensorSwitchAndConstantsTests
    {
        private static Tensor Values(params float[] data) => Tensor.FromArray(data, data.Length);

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(6)]
        [InlineData(7)]
        public void A_switch_statement_gives_what_its_if_chain_gives(int kind)
        {
            Tensor x = Values(-1.5f, -0.25f, 0f, 0.5f, 2f);
            Tensor dSwitch = Tensor.ZerosLike(x), dIf = Tensor.ZerosLike(x);
            float switched = SwitchAndConstantFunctions.SwitchActivationGradient(x, kind, dSwitch).ToArray()[0];
            float chained = SwitchAndConstantFunctions.IfActivationGradient(x, kind, dIf).ToArray()[0];
            Assert.Equal(chained, switched);
            Assert.Equal(dIf.ToArray(), dSwitch.ToArray());

            Tensor t = Values(0.5f, -1f, 2f, 0.25f, 1f);
            SwitchAndConstantFunctions.SwitchActivationTangent(x, kind, t, out Tensor tSwitch);
            SwitchAndConstantFunctions.IfActivationTangent(x, kind, t, out Tensor tIf);
            Assert.Equal(tIf.ToArray(), tSwitch.ToArray());
        }

        [Fact]
        public void Accumulators_started_from_the_shape_of_x_carry_no_gradient_of_their_own()
        {
            float[] xs = { -1.5f, 0.25f, 2f };
            Tensor dX = Tensor.ZerosLike(Values(xs));
            float value = SwitchAndConstantFunctions.AccumulateFromZerosLikeGradient(Values(xs), dX).ToArray()[0];
            Assert.Equal(36 * xs.Sum(v => v * v), value, 3);
            Assert.Equal(xs.Select(v => 72 * v).ToArray(), dX.ToArray());

            Tensor dP = Tensor.ZerosLike(Values(xs));
            SwitchAndConstantFunctions.PowerFromOnesLikeGradient(Values(xs), dP);
            Assert.Equal(xs.Select(v => 2 * v).ToArray(), dP.ToArray());

            SwitchAndConstantFunctions.PowerFromOnesLikeTangent(Values(xs), Values(1f, 1f, 1f), out Tensor tP);
            Assert.Equal(2 * xs.Sum(), tP.ToArray()[0], 4);
        }

        [Fact]
        public void A_prediction_from_ArgMax_is_a_constant()
        {
            // Row 0 predicts class 2, row 1 class 0 (a tie between 0 and 1 goes to the first, as torch.argmax does).
            Tensor logits = Tensor.FromArray(new[] { 0.5f, -1f, 3f, 2f, 2f, -0.5f }, 2, 3);
            Tensor dLogits = Tensor.ZerosLike(logits);
            float value = SwitchAndConstantFunctions.WeightedByPredictionGradient(logits, dLogits).ToArray()[0];
            Assert.Equal(2 * 2.5f + 0 * 3.5f, value);
            Assert.Equal(new[] { 2f, 2f, 2f, 0f, 0f, 0f }, dLogits.ToArray());
        }

        [Fact]
        public void T_reverses_the_dimensions_in_gradients_and_tangents()
        {
            Tensor v = Values(1f, -2f, 0.5f);
            Tensor w = Values(0.25f, 3f, -1f);
            Tensor cube = Tensor.Arange(24).Reshape(2, 3, 4) * 0.1f;
            Tensor u = Tensor.Arange(24).Reshape(4, 3, 2) * 0.01f;
            Tensor dV = Tensor.ZerosLike(v), dCube = Tensor.ZerosLike(cube);
            SwitchAndConstantFunctions.TransposedProductsGradient(v, cube, w, u, dV, dCube);
            Assert.Equal(w.ToArray(), dV.ToArray());

            // ∂/∂cube[a, b, c] of Σ cube.T² · u = 2 · cube[a, b, c] · u[c, b, a].
            float[] expected = new float[24];
            float[] c = cube.ToArray(), us = u.ToArray();
            for (int a = 0; a < 2; a++)
            {
                for (int b = 0; b < 3; b++)
                {
                    for (int k = 0; k < 4; k++)
                    {
                        expected[(a * 3 + b) * 4 + k] = 2 * c[(a * 3 + b) * 4 + k] * us[(k * 3 + b) * 2 + a];
                    }
                }
            }

            float[] actual = dCube.ToArray();
            for (int i = 0; i < 24; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"element {i}: {expected[i]} against {actual[i]}");
            }

            SwitchAndConstantFunctions.TransposedProductsTangent(v, cube, w, u, Values(1f, 0f, 0f), null, out Tensor tResult);
            Assert.Equal(0.25f, tResult.ToArray()[0]);
        }

        [Fact]
        public void Huber_curvature_is_zero_where_the_quadratic_meets_the_line_as_smooth_L1s()
        {
            // d = x − y = ±δ in the first two elements, inside and outside in the others.
            Tensor x = Values(0.5f, -0.5f, 0.25f, 1.5f), y = Values(0f, 0f, 0f, 0f);
            Tensor v = Values(1f, 1f, 1f, 1f);
            Tensor hvHuber = Tensor.ZerosLike(x), hvSmooth = Tensor.ZerosLike(x);
            SwitchAndConstantFunctions.HuberHessianVector(x, y, v, null, null, null, hvHuber, null);
            SwitchAndConstantFunctions.SmoothL1HessianVector(x, y, v, null, null, null, hvSmooth, null);
            Assert.Equal(new[] { 0f, 0f, 1f, 0f }, hvHuber.ToArray());
            Assert.Equal(hvHuber.ToArray(), hvSmooth.ToArray());
        }
    }
}
