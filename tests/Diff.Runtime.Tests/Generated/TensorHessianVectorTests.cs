using System.Linq;
using Diff;
using Diff.Internal;
using Diff.NN;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>Tensor-mode methods whose Hessian-vector products the tests check, one or more curvature rules each.</summary>
    public static partial class HessianFunctions
    {
        [Differentiable]
        public static Tensor LogSumExp(Tensor x) => x.Exp().Sum().Log();

        /// <summary>The Rosenbrock function of a vector: Σ 100 (xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)².</summary>
        [Differentiable]
        public static Tensor Rosenbrock(Tensor x)
        {
            int n = x.Shape[0];
            Tensor head = x.Narrow(0, 0, n - 1);
            Tensor tail = x.Narrow(0, 1, n - 1);
            Tensor valley = tail - head * head;
            Tensor slope = 1f - head;
            return (valley * valley * 100f + slope * slope).Sum();
        }

        /// <summary>A two-layer perceptron's squared error, differentiated in its input and both weights.</summary>
        [Differentiable]
        public static Tensor Perceptron(Tensor x, Tensor w1, Tensor w2, [NoDiff] Tensor target)
        {
            Tensor hidden = Tensor.MatMul(x, w1).Tanh();
            Tensor error = Tensor.MatMul(hidden, w2) - target;
            return (error * error).Mean();
        }

        /// <summary>Softmax cross-entropy against one-hot labels, through <c>LogSoftmax</c>, and a softmax penalty.</summary>
        [Differentiable]
        public static Tensor Classifier(Tensor x, Tensor w, [NoDiff] Tensor oneHot)
        {
            Tensor logits = Tensor.MatMul(x, w);
            Tensor crossEntropy = -(logits.LogSoftmax(1) * oneHot).Sum() / 4f;
            Tensor probabilities = logits.Softmax(1);
            return crossEntropy + (probabilities * probabilities).Sum();
        }

        /// <summary>Quotients, powers and roots, with a broadcast operand.</summary>
        [Differentiable]
        public static Tensor Quotients(Tensor x, Tensor bias)
        {
            Tensor denominator = bias * bias + 1f;
            Tensor ratio = (x * bias) / denominator;
            Tensor inverse = 2f / denominator;
            return ratio.Sum() + inverse.Sum() + (x * x + 1f).Sqrt().Sum() + (x * x + 0.5f).Pow(1.5f).Sum() + (ratio * ratio / 2f).Sum();
        }

        /// <summary>Smooth activations: sigmoid, SiLU, log-sigmoid, and a linear layer whose weight is an input.</summary>
        [Differentiable]
        public static Tensor Activations(Tensor x, Tensor w, Tensor b)
        {
            Tensor z = Functional.Linear(x, w, b);
            return (z.Sigmoid() * z).Sum() + z.Silu().Sum() - z.LogSigmoid().Mean();
        }

        /// <summary>Relu times its input: Σ x² over positive x, whose second derivative is 2 for x &gt; 0 and 0 elsewhere, also at the kink.</summary>
        [Differentiable]
        public static Tensor RectifiedSquare(Tensor x) => (x.Relu() * x).Sum();

        /// <summary>A method with an op that has no curvature rule: its Hessian-vector product throws and says why.</summary>
        [Differentiable]
        public static Tensor WithoutCurvature(Tensor x) => QuarticOps.Quartic(x).Sum();

        /// <summary>The pointwise activations whose curvature changes form at a threshold or needs erf.</summary>
        [Differentiable]
        public static Tensor PointwiseActivations(Tensor x) =>
            x.Gelu().Sum() + x.Gelu(GeluApproximation.Tanh).Sum() + x.Elu(0.7f).Sum() + x.Softplus(2f, 3f).Sum();

        /// <summary>The pointwise losses, in both their arguments (and BCE's positive weight).</summary>
        [Differentiable]
        public static Tensor PointwiseLosses(Tensor input, Tensor target, Tensor weight) =>
            Tensor.HuberLossElements(input, target, 0.8f).Sum() + Tensor.SmoothL1LossElements(input, target, 0.6f).Sum()
            + Tensor.KLDivElements(input, target, true).Sum() + Tensor.KLDivElements(input, target * target + 0.5f, false).Sum()
            + Tensor.BCEWithLogitsElements(input, target.Sigmoid(), weight * weight + 0.5f).Sum();
    }

    /// <summary>The normalizations, whose curvature rules run the generated halves of their primitive-op forms.</summary>
    public static partial class NormalizationFunctions
    {
        /// <summary>LayerNorm over two dimensions with an affine map, over one without, and GroupNorm, on x of shape [2, 4, 3].</summary>
        [Differentiable]
        public static Tensor Layers(Tensor x, Tensor w, Tensor b, Tensor groupWeight, Tensor groupBias, [NoDiff] Tensor mix)
        {
            Tensor layer = Tensor.LayerNorm(x, new[] { 4, 3 }, w, b, 1e-5f);
            Tensor plain = Tensor.LayerNorm(x * mix, new[] { 3 }, null, null, 1e-3f);
            Tensor grouped = Tensor.GroupNorm(x, 2, groupWeight, groupBias, 1e-5f);
            return (layer * mix).Tanh().Sum() + (plain * mix).Sigmoid().Sum() + (grouped * mix).Tanh().Sum();
        }

        /// <summary>BatchNorm with batch statistics, and with running ones (constants), on x of shape [2, 4, 3].</summary>
        [Differentiable]
        public static Tensor Batches(Tensor x, Tensor w, Tensor b, [NoDiff] Tensor mix, [NoDiff] Tensor runningMean, [NoDiff] Tensor runningVar)
        {
            Tensor training = Tensor.BatchNorm(x, null, null, w, b, true, 0.1f, 1e-5f);
            Tensor evaluation = Tensor.BatchNorm(x, runningMean, runningVar, w, null, false, 0.1f, 1e-5f);
            return (training * mix).Tanh().Sum() + (evaluation * evaluation * mix).Sum();
        }
    }

    /// <summary>A user's op with a backward and a tangent, and no curvature rule.</summary>
    public static class QuarticOps
    {
        public static Tensor Quartic(Tensor x) => x * x * x * x;

        [DerivativeOf(typeof(QuarticOps), nameof(Quartic))]
        public static void QuarticBackward(Tensor x, Tensor result, Tensor dResult, ref Tensor? dX)
        {
            if (Grad.Wanted(ref dX))
            {
                Grad.Accumulate(ref dX, dResult * x * x * x * 4f);
            }
        }

        [TangentOf(typeof(QuarticOps), nameof(Quartic))]
        public static Tensor QuarticTangent(Tensor x, Tensor result, Tensor? tX) => tX is null ? Tensor.ZerosLike(result) : tX * x * x * x * 4f;
    }

    /// <summary>
    /// The generated <c>MHessianVector</c> of tensor-mode methods (forward over reverse): its gradient against
    /// <c>MGradient</c>, its H·v against central finite differences of the gradient, against closed forms, and the
    /// Hessian's symmetry ⟨u, H v⟩ = ⟨v, H u⟩.
    /// </summary>
    public sealed class TensorHessianVectorTests
    {
        private delegate Tensor HessianCall(Tensor[] inputs, Tensor?[] directions, Tensor?[] adjoints, Tensor?[] products);

        private static Tensor Draw(int seed, params int[] shape) => TensorModeTests.Random(seed, shape);

        private static Tensor[] Products(Tensor[] inputs, Tensor[] directions, HessianCall hessianVector, out Tensor value, out Tensor[] gradient)
        {
            Tensor[] products = inputs.Select(Tensor.ZerosLike).ToArray();
            gradient = inputs.Select(Tensor.ZerosLike).ToArray();
            value = hessianVector(inputs, directions, gradient, products);
            return products;
        }

        private static double Dot(Tensor[] a, Tensor[] b) =>
            a.Zip(b).Sum(pair => pair.First.ToArray().Zip(pair.Second.ToArray()).Sum(p => (double)p.First * p.Second));

        /// <summary>Checks the value, the gradient, H·v against finite differences of the gradient, the symmetry, and that null directions give zero.</summary>
        private static void Check(Tensor[] inputs, Func<Tensor[], Tensor> f, Action<Tensor[], Tensor[]> gradientOf, HessianCall hessianVector, double epsilon = 1e-2)
        {
            Tensor[] v = inputs.Select((x, i) => Draw(200 + i, x.Shape)).ToArray();
            Tensor[] u = inputs.Select((x, i) => Draw(300 + i, x.Shape)).ToArray();
            Tensor[] hv = Products(inputs, v, hessianVector, out Tensor value, out Tensor[] gradient);
            Assert.Equal(f(inputs).ToArray(), value.ToArray());

            Tensor[] expectedGradient = inputs.Select(Tensor.ZerosLike).ToArray();
            gradientOf(inputs, expectedGradient);
            for (int i = 0; i < inputs.Length; i++)
            {
                Assert.Equal(expectedGradient[i].ToArray(), gradient[i].ToArray());
            }

            Tensor[] up = inputs.Select(Tensor.ZerosLike).ToArray(), down = inputs.Select(Tensor.ZerosLike).ToArray();
            gradientOf(inputs.Select((x, i) => x + v[i] * (float)epsilon).ToArray(), up);
            gradientOf(inputs.Select((x, i) => x - v[i] * (float)epsilon).ToArray(), down);
            for (int i = 0; i < inputs.Length; i++)
            {
                float[] actual = hv[i].ToArray(), plus = up[i].ToArray(), minus = down[i].ToArray();
                for (int j = 0; j < actual.Length; j++)
                {
                    double numeric = ((double)plus[j] - minus[j]) / (2 * epsilon);
                    Assert.True(Math.Abs(numeric - actual[j]) <= 5e-3 * (1 + Math.Abs(numeric)), $"input {i}, element {j}: finite differences of the gradient give {numeric}, H·v {actual[j]}");
                }
            }

            Tensor[] hu = Products(inputs, u, hessianVector, out _, out _);
            double uHv = Dot(u, hv), vHu = Dot(v, hu);
            Assert.True(Math.Abs(uHv - vHu) <= 1e-4 * (1 + Math.Abs(uHv)), $"⟨u, Hv⟩ = {uHv} but ⟨v, Hu⟩ = {vHu}");

            Tensor[] none = Products(inputs, new Tensor[inputs.Length], (x, d, a, p) => hessianVector(x, new Tensor?[x.Length], a, p), out _, out _);
            Assert.All(none, p => Assert.All(p.ToArray(), e => Assert.Equal(0f, e)));
        }

        [Fact]
        public void Log_sum_exp_matches_its_closed_form()
        {
            Tensor x = Draw(1, 6), v = Draw(2, 6);
            Tensor hv = Tensor.ZerosLike(x);
            HessianFunctions.LogSumExpHessianVector(x, v, null, hv);
            float[] xs = x.ToArray(), vs = v.ToArray();
            double total = xs.Sum(e => Math.Exp(e));
            double[] s = xs.Select(e => Math.Exp(e) / total).ToArray();
            double sv = s.Zip(vs).Sum(p => p.First * p.Second);
            float[] actual = hv.ToArray();
            for (int i = 0; i < s.Length; i++)
            {
                // H = diag(s) − s sᵀ.
                double expected = s[i] * vs[i] - s[i] * sv;
                Assert.True(Math.Abs(expected - actual[i]) <= 1e-5, $"element {i}: closed form {expected}, H·v {actual[i]}");
            }

            Check(new[] { x }, a => HessianFunctions.LogSumExp(a[0]), (a, d) => HessianFunctions.LogSumExpGradient(a[0], d[0]),
                (a, v, d, p) => HessianFunctions.LogSumExpHessianVector(a[0], v[0], d[0], p[0]));
        }

        [Fact]
        public void Rosenbrock_matches_its_closed_form()
        {
            Tensor x = Tensor.FromArray(new[] { -1.2f, 1f, 0.5f, 2f }), v = Tensor.FromArray(new[] { 0.3f, -0.7f, 1.1f, 0.2f });
            Tensor hv = Tensor.ZerosLike(x);
            HessianFunctions.RosenbrockHessianVector(x, v, null, hv);
            float[] xs = x.ToArray(), vs = v.ToArray();
            var h = new double[4, 4];
            for (int i = 0; i < 3; i++)
            {
                // 100 (x₊ − x²)² + (1 − x)²: its Hessian block in (xᵢ, xᵢ₊₁).
                h[i, i] += 1200.0 * xs[i] * xs[i] - 400.0 * xs[i + 1] + 2.0;
                h[i, i + 1] += -400.0 * xs[i];
                h[i + 1, i] += -400.0 * xs[i];
                h[i + 1, i + 1] += 200.0;
            }

            float[] actual = hv.ToArray();
            for (int i = 0; i < 4; i++)
            {
                double expected = Enumerable.Range(0, 4).Sum(j => h[i, j] * vs[j]);
                Assert.True(Math.Abs(expected - actual[i]) <= 1e-5 * (1 + Math.Abs(expected)), $"row {i}: closed form {expected}, H·v {actual[i]}");
            }
        }

        [Fact]
        public void Perceptron_in_its_input_and_both_weights()
        {
            Tensor target = Draw(13, 4, 2);
            Check(new[] { Draw(10, 4, 3), Draw(11, 3, 5), Draw(12, 5, 2) },
                a => HessianFunctions.Perceptron(a[0], a[1], a[2], target),
                (a, d) => HessianFunctions.PerceptronGradient(a[0], a[1], a[2], target, d[0], d[1], d[2]),
                (a, v, d, p) => HessianFunctions.PerceptronHessianVector(a[0], a[1], a[2], target, v[0], v[1], v[2], d[0], d[1], d[2], p[0], p[1], p[2]));
        }

        [Fact]
        public void Softmax_and_log_softmax()
        {
            var oneHot = Tensor.Zeros(4, 3);
            for (int row = 0; row < 4; row++)
            {
                oneHot.AsSpan()[row * 3 + row % 3] = 1f;
            }

            Check(new[] { Draw(20, 4, 2), Draw(21, 2, 3) },
                a => HessianFunctions.Classifier(a[0], a[1], oneHot),
                (a, d) => HessianFunctions.ClassifierGradient(a[0], a[1], oneHot, d[0], d[1]),
                (a, v, d, p) => HessianFunctions.ClassifierHessianVector(a[0], a[1], oneHot, v[0], v[1], d[0], d[1], p[0], p[1]));
        }

        [Fact]
        public void Quotients_powers_and_roots_with_broadcasting()
        {
            Check(new[] { Draw(30, 2, 3), Draw(31, 3) },
                a => HessianFunctions.Quotients(a[0], a[1]),
                (a, d) => HessianFunctions.QuotientsGradient(a[0], a[1], d[0], d[1]),
                (a, v, d, p) => HessianFunctions.QuotientsHessianVector(a[0], a[1], v[0], v[1], d[0], d[1], p[0], p[1]));
        }

        [Fact]
        public void Smooth_activations_through_a_linear_layer()
        {
            Check(new[] { Draw(40, 3, 4), Draw(41, 2, 4), Draw(42, 2) },
                a => HessianFunctions.Activations(a[0], a[1], a[2]),
                (a, d) => HessianFunctions.ActivationsGradient(a[0], a[1], a[2], d[0], d[1], d[2]),
                (a, v, d, p) => HessianFunctions.ActivationsHessianVector(a[0], a[1], a[2], v[0], v[1], v[2], d[0], d[1], d[2], p[0], p[1], p[2]));
        }

        [Fact]
        public void Pointwise_activations_at_and_beside_their_thresholds()
        {
            // Softplus(β = 2, threshold 3) is linear above x = 1.5; Elu changes form at 0.
            Tensor x = Tensor.FromArray(new[] { -2.5f, -0.6f, -0.05f, 0.3f, 1.2f, 1.9f, 2.6f });
            Check(new[] { x }, a => HessianFunctions.PointwiseActivations(a[0]), (a, d) => HessianFunctions.PointwiseActivationsGradient(a[0], d[0]),
                (a, v, d, p) => HessianFunctions.PointwiseActivationsHessianVector(a[0], v[0], d[0], p[0]));
        }

        [Fact]
        public void Pointwise_losses_in_both_arguments_and_the_positive_weight()
        {
            // Differences inside and outside Huber's δ = 0.8 and smooth L1's β = 0.6, none at a threshold.
            Tensor input = Tensor.FromArray(new[] { 0.1f, -1.3f, 0.9f, 2.2f, -0.4f, 0.05f });
            Tensor target = Tensor.FromArray(new[] { 0.3f, 0.4f, -0.6f, 0.7f, -0.2f, 1.4f });
            Check(new[] { input, target, Draw(95, 6) },
                a => HessianFunctions.PointwiseLosses(a[0], a[1], a[2]),
                (a, d) => HessianFunctions.PointwiseLossesGradient(a[0], a[1], a[2], d[0], d[1], d[2]),
                (a, v, d, p) => HessianFunctions.PointwiseLossesHessianVector(a[0], a[1], a[2], v[0], v[1], v[2], d[0], d[1], d[2], p[0], p[1], p[2]),
                epsilon: 2e-3);
        }

        [Fact]
        public void Layer_and_group_normalization()
        {
            Tensor mix = Draw(105, 2, 4, 3);
            Check(new[] { Draw(100, 2, 4, 3), Draw(101, 4, 3), Draw(102, 4, 3), Draw(103, 4), Draw(104, 4) },
                a => NormalizationFunctions.Layers(a[0], a[1], a[2], a[3], a[4], mix),
                (a, d) => NormalizationFunctions.LayersGradient(a[0], a[1], a[2], a[3], a[4], mix, d[0], d[1], d[2], d[3], d[4]),
                (a, v, d, p) => NormalizationFunctions.LayersHessianVector(a[0], a[1], a[2], a[3], a[4], mix, v[0], v[1], v[2], v[3], v[4], d[0], d[1], d[2], d[3], d[4], p[0], p[1], p[2], p[3], p[4]),
                epsilon: 3e-3);
        }

        [Fact]
        public void Batch_normalization_with_batch_and_running_statistics()
        {
            Tensor mix = Draw(113, 2, 4, 3), runningMean = Draw(114, 4) * 0.1f, runningVar = Draw(115, 4) * Draw(115, 4) + 0.5f;
            Check(new[] { Draw(110, 2, 4, 3), Draw(111, 4), Draw(112, 4) },
                a => NormalizationFunctions.Batches(a[0], a[1], a[2], mix, runningMean, runningVar),
                (a, d) => NormalizationFunctions.BatchesGradient(a[0], a[1], a[2], mix, runningMean, runningVar, d[0], d[1], d[2]),
                (a, v, d, p) => NormalizationFunctions.BatchesHessianVector(a[0], a[1], a[2], mix, runningMean, runningVar, v[0], v[1], v[2], d[0], d[1], d[2], p[0], p[1], p[2]),
                epsilon: 3e-3);
        }

        [Fact]
        public void Control_flow_calls_and_reassigned_parameters()
        {
            Tensor x = Draw(50, 2, 3), w = Draw(51, 2, 3);
            Check(new[] { x }, a => TensorFunctions.SumOfSquares(a[0]), (a, d) => TensorFunctions.SumOfSquaresGradient(a[0], d[0]),
                (a, v, d, p) => TensorFunctions.SumOfSquaresHessianVector(a[0], v[0], d[0], p[0]));
            Check(new[] { x, w }, a => TensorFunctions.Reassigned(a[0], a[1], 3), (a, d) => TensorFunctions.ReassignedGradient(a[0], a[1], 3, d[0], d[1]),
                (a, v, d, p) => TensorFunctions.ReassignedHessianVector(a[0], a[1], 3, v[0], v[1], d[0], d[1], p[0], p[1]));
            foreach (bool square in new[] { true, false })
            {
                Check(new[] { x }, a => TensorFunctions.Branches(a[0], square), (a, d) => TensorFunctions.BranchesGradient(a[0], square, d[0]),
                    (a, v, d, p) => TensorFunctions.BranchesHessianVector(a[0], square, v[0], d[0], p[0]));
            }

            // Helper calls Relu and Abs (piecewise linear) and Sqrt; no element sits at a kink.
            Check(new[] { x, w }, a => TensorFunctions.Nested(a[0], a[1]), (a, d) => TensorFunctions.NestedGradient(a[0], a[1], d[0], d[1]),
                (a, v, d, p) => TensorFunctions.NestedHessianVector(a[0], a[1], v[0], v[1], d[0], d[1], p[0], p[1]));
            Check(new[] { x }, a => TensorFunctions.Elementwise(a[0]), (a, d) => TensorFunctions.ElementwiseGradient(a[0], d[0]),
                (a, v, d, p) => TensorFunctions.ElementwiseHessianVector(a[0], v[0], d[0], p[0]));
            Check(new[] { Draw(52, 2, 3) }, a => TensorFunctions.Shapes(a[0]), (a, d) => TensorFunctions.ShapesGradient(a[0], d[0]),
                (a, v, d, p) => TensorFunctions.ShapesHessianVector(a[0], v[0], d[0], p[0]));
        }

        [Fact]
        public void A_loss_through_modules_holds_their_parameters_constant()
        {
            var model = new Sequential(new Linear(3, 5, generator: new Generator(1)), new Tanh(), new Linear(5, 2, generator: new Generator(2)));
            Tensor target = Draw(61, 4, 2);
            Check(new[] { Draw(60, 4, 3) },
                a => TangentFunctions.ModelLoss(model, a[0], target),
                (a, d) => TangentFunctions.ModelLossGradient(model, a[0], target, d[0]),
                (a, v, d, p) => TangentFunctions.ModelLossHessianVector(model, a[0], target, v[0], d[0], p[0]));
        }

        [Fact]
        public void A_users_registered_curvature_is_called()
        {
            Check(new[] { Draw(70, 3), Draw(71, 3) }, a => TangentFunctions.CubeSum(a[0], a[1]), (a, d) => TangentFunctions.CubeSumGradient(a[0], a[1], d[0], d[1]),
                (a, v, d, p) => TangentFunctions.CubeSumHessianVector(a[0], a[1], v[0], v[1], d[0], d[1], p[0], p[1]));
        }

        [Fact]
        public void At_relus_kink_the_curvature_is_the_backwards_one_sided_choice()
        {
            Tensor x = Tensor.FromArray(new[] { -1f, 0f, 0.5f, 2f }), v = Tensor.FromArray(new[] { 1f, 1f, 1f, -3f });
            Tensor hv = Tensor.ZerosLike(x), gradient = Tensor.ZerosLike(x);
            HessianFunctions.RectifiedSquareHessianVector(x, v, gradient, hv);

            // The backward takes Relu's derivative at 0 as 0, so the gradient there is 0 and so is its change.
            Assert.Equal(new[] { 0f, 0f, 1f, 4f }, gradient.ToArray());
            Assert.Equal(new[] { 0f, 0f, 2f, -6f }, hv.ToArray());
        }

        [Fact]
        public void An_op_without_a_curvature_rule_says_which()
        {
            Tensor x = Draw(80, 3);
            var error = Assert.Throws<NotSupportedException>(() => HessianFunctions.WithoutCurvatureHessianVector(x, x, null, Tensor.ZerosLike(x)));
            Assert.Contains("Quartic", error.Message);
            Assert.Contains("[CurvatureOf]", error.Message);

            // The gradient and the tangent are unaffected.
            Tensor gradient = Tensor.ZerosLike(x);
            HessianFunctions.WithoutCurvatureGradient(x, gradient);
            HessianFunctions.WithoutCurvatureTangent(x, x, out Tensor jv);
            Assert.True(Math.Abs(Dot(new[] { gradient }, new[] { x }) - jv.Item()) <= 1e-4 * (1 + Math.Abs(jv.Item())));
        }

        [Fact]
        public void Repeated_calls_reuse_pooled_storage_without_changing_results()
        {
            // The halves return their intermediates to the pool when the call ends; what the caller holds must not change.
            Tensor target = Draw(13, 4, 2);
            Tensor[] inputs = { Draw(10, 4, 3), Draw(11, 3, 5), Draw(12, 5, 2) };
            Tensor[] v = inputs.Select((x, i) => Draw(120 + i, x.Shape)).ToArray();
            Tensor[] Run(out Tensor value)
            {
                Tensor[] products = inputs.Select(Tensor.ZerosLike).ToArray();
                value = HessianFunctions.PerceptronHessianVector(inputs[0], inputs[1], inputs[2], target, v[0], v[1], v[2], null, null, null, products[0], products[1], products[2]);
                return products;
            }

            Tensor[] first = Run(out Tensor firstValue);
            float[][] kept = first.Select(p => p.ToArray()).ToArray();
            float keptValue = firstValue.Item();
            for (int round = 0; round < 3; round++)
            {
                HessianFunctions.PerceptronGradient(inputs[0], inputs[1], inputs[2], target, Tensor.ZerosLike(inputs[0]), null, null);
                Tensor[] again = Run(out Tensor value);
                Assert.Equal(keptValue, value.Item());
                for (int k = 0; k < 3; k++)
                {
                    Assert.Equal(kept[k], again[k].ToArray());
                    Assert.Equal(kept[k], first[k].ToArray());
                }
            }

            Assert.Equal(keptValue, firstValue.Item());
        }

        [Fact]
        public void Directions_and_products_are_checked_against_the_inputs_shape()
        {
            Tensor x = Draw(90, 3);
            var error = Assert.ThrowsAny<ArgumentException>(() => HessianFunctions.LogSumExpHessianVector(x, Draw(91, 4), null, Tensor.ZerosLike(x)));
            Assert.Contains("vX", error.Message);
            error = Assert.ThrowsAny<ArgumentException>(() => HessianFunctions.LogSumExpHessianVector(x, x, null, Tensor.Zeros(2)));
            Assert.Contains("hvX", error.Message);
        }
    }
}
