using System.Linq;
using Diff;
using Diff.NN;

namespace Diff.Runtime.Tests.Generated
{
    /// <summary>Cross-entropy over [N, C, d₁, …], a class score at every position (a sequence, an image), as PyTorch's K-dimensional loss.</summary>
    public static partial class PositionwiseCrossEntropyFunctions
    {
        [Differentiable]
        public static Tensor Mean(Tensor logits, int[] targets) => Functional.CrossEntropyLoss(logits, targets, Reduction.Mean);

        [Differentiable]
        public static Tensor SumSmoothed(Tensor logits, int[] targets) => Functional.CrossEntropyLoss(logits, targets, Reduction.Sum, -100, 0.1f);

        [Differentiable]
        public static Tensor Weighted(Tensor logits, int[] targets, [NoDiff] Tensor weights) =>
            (Functional.CrossEntropyLoss(logits, targets, Reduction.None, -100, 0.2f) * weights).Sum();
        [Differentiable]
        public static Tensor Default(Tensor logits, int[] targets) => Functional.CrossEntropyLoss(logits, targets);

        [Differentiable]
        public static Tensor NllOfLogSoftmax(Tensor logits, int[] targets) => Functional.NLLLoss(Functional.LogSoftmax(logits, 1), targets);

        [Differentiable]
        public static Tensor Nll(Tensor logProbabilities, int[] targets) => Functional.NLLLoss(logProbabilities, targets);
    }

    /// <summary>Values and gradients against PyTorch 1.13's <c>F.cross_entropy</c> and <c>F.nll_loss</c> in float64 on the same inputs.</summary>
    public sealed class PositionwiseCrossEntropyTests
    {
        private static Tensor Logits(params int[] shape)
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            return Tensor.FromArray(Enumerable.Range(0, count).Select(i => ((i * 7 + 3) % 13) / 4f - 1.5f).ToArray(), shape);
        }

        private static void Near(double[] expected, float[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(System.Math.Abs(expected[i] - actual[i]) <= 2e-6 + 1e-5 * System.Math.Abs(expected[i]), $"element {i}: {actual[i]} against PyTorch's {expected[i]}");
            }
        }

        [Fact]
        public void A_sequence_of_class_scores_with_an_ignored_position_matches_PyTorch()
        {
            int[] targets = { 0, 2, 1, -100, 2, 2, 0, 1 };
            Tensor dX = Tensor.Zeros(2, 3, 4);
            Near(new[] { 1.75148188 }, PositionwiseCrossEntropyFunctions.MeanGradient(Logits(2, 3, 4), targets, dX).ToArray());
            Near(new[] { -0.116239468, 0.0518703314, 0.0266176747, 0, 0.0438851265, 0.0855197187, -0.0989720163, 0, 0.0723543416, -0.13739005, 0.0723543416, 0, 0.0518703314, 0.0266176747, -0.0909868114, 0.0266176747, 0.0855197187, 0.0438851265, 0.0855197187, -0.0989720163, -0.13739005, -0.0705028013, 0.00546709271, 0.0723543416 }, dX.ToArray());

            dX = Tensor.Zeros(2, 3, 4);
            Near(new[] { 11.9853731 }, PositionwiseCrossEntropyFunctions.SumSmoothedGradient(Logits(2, 3, 4), targets, dX).ToArray());
            Near(new[] { -0.74700961, 0.329758987, 0.15299039, 0, 0.273862552, 0.565304698, -0.626137448, 0, 0.473147058, -0.895063684, 0.473147058, 0, 0.329758987, 0.15299039, -0.570241013, 0.15299039, 0.565304698, 0.273862552, 0.565304698, -0.626137448, -0.895063684, -0.426852942, 0.00493631563, 0.473147058 }, dX.ToArray());
        }

        [Fact]
        public void Unreduced_losses_over_an_image_take_the_positions_shape_and_match_PyTorch()
        {
            int[] targets = { 1, 0, 2, 2, 0, 1, 1, -100 };
            Tensor losses = Functional.CrossEntropyLoss(Logits(2, 3, 2, 2), targets, Reduction.None, -100, 0.2f);
            Assert.Equal(new[] { 2, 2, 2 }, losses.Shape);
            Near(new[] { 1.18026967, 1.12976482, 0.780269671, 2.28976178, 1.12976482, 1.18026967, 0.729764819, 0 }, losses.ToArray());

            Tensor weights = Tensor.FromArray(new[] { -1f, 2f / 3, 0f, -2f / 3, 1f, 1f / 3, -1f / 3, -1f }, 2, 2, 2);
            Tensor dX = Tensor.Zeros(2, 3, 2, 2);
            PositionwiseCrossEntropyFunctions.WeightedGradient(Logits(2, 3, 2, 2), targets, weights, dX);
            Near(new[] { -0.119657057, -0.335716231, 0, -0.525684029, 0.559470781, 0.354647576, 0, 0.00799735051, -0.439813724, -0.0189313451, 0, 0.517686679, -0.503574347, 0.0398856855, -0.0988085511, 0, 0.531971364, -0.18649026, 0.0893428785, 0, -0.0283970177, 0.146604575, 0.00946567257, 0 }, dX.ToArray());

            // The module and the integer-tensor targets, shaped as the positions, and the overload without options.
            var targetTensor = IntTensor.FromArray(new[] { 1, 0, 2, 2, 0, 1, 1, 0 }, 2, 2, 2);
            Near(new[] { 1.2083502 }, new CrossEntropyLoss().Forward(Logits(2, 3, 2, 2), targetTensor).ToArray());
            Near(new[] { 1.2083502 }, Functional.CrossEntropyLoss(Logits(2, 3, 2, 2), targetTensor.ToArray()).ToArray());
            Near(new[] { 1.2083502 }, Functional.CrossEntropyLoss(Logits(2, 3, 2, 2), targetTensor).ToArray());
        }

        [Fact]
        public void A_target_of_minus_100_is_padding_for_the_overloads_without_options_as_in_PyTorch()
        {
            // PyTorch's default ignore_index: cross_entropy(x, t) and nll_loss(log_softmax(x, 1), t) skip those rows.
            int[] targets = { 2, -100, 0, 1 };
            double[] expectedGradient = { 0.0414664455, 0.238622918, -0.280089363, 0, 0, 0, -0.200380542, 0.0296657777, 0.170714764, 0.0414664455, -0.0947104154, 0.0532439699 };
            Tensor dX = Tensor.Zeros(4, 3);
            Near(new[] { 1.02922191 }, PositionwiseCrossEntropyFunctions.DefaultGradient(Logits(4, 3), targets, dX).ToArray());
            Near(expectedGradient, dX.ToArray());
            dX = Tensor.Zeros(4, 3);
            Near(new[] { 1.02922191 }, PositionwiseCrossEntropyFunctions.NllOfLogSoftmaxGradient(Logits(4, 3), targets, dX).ToArray());
            Near(expectedGradient, dX.ToArray());

            // nll_loss over [N, C, d]: a row of classes per position, padding skipped, and with none skipped.
            dX = Tensor.Zeros(2, 3, 4);
            Near(new[] { 0.25 }, PositionwiseCrossEntropyFunctions.NllGradient(Logits(2, 3, 4), new[] { 0, 2, -100, 1, 1, 1, 0, -100 }, dX).ToArray());
            double sixth = -1.0 / 6;
            Near(new[] { sixth, 0, 0, 0, 0, 0, 0, sixth, 0, sixth, 0, 0, 0, 0, sixth, 0, sixth, sixth, 0, 0, 0, 0, 0, 0 }, dX.ToArray());
            dX = Tensor.Zeros(2, 3, 4);
            Near(new[] { 0.1875 }, PositionwiseCrossEntropyFunctions.NllGradient(Logits(2, 3, 4), new[] { 0, 2, 2, 1, 1, 1, 0, 0 }, dX).ToArray());
            Near(new[] { -0.125, 0, 0, 0, 0, 0, 0, -0.125, 0, -0.125, -0.125, 0, 0, 0, -0.125, -0.125, -0.125, -0.125, 0, 0, 0, 0, 0, 0 }, dX.ToArray());

            // Every target padding: the mean over no rows is NaN and the gradient zero, as in PyTorch.
            dX = Tensor.Zeros(2, 3);
            Assert.True(float.IsNaN(PositionwiseCrossEntropyFunctions.DefaultGradient(Logits(2, 3), new[] { -100, -100 }, dX).Item()));
            Assert.All(dX.ToArray(), g => Assert.Equal(0f, g));

            // Any other negative target is still refused, named.
            var refused = Assert.Throws<System.ArgumentOutOfRangeException>(() => Functional.CrossEntropyLoss(Logits(4, 3), new[] { 2, -1, 0, 1 }));
            Assert.Contains("targets", refused.Message);
        }

        [Fact]
        public void Targets_that_do_not_fit_the_positions_are_named_with_both_shapes()
        {
            var error = Assert.Throws<System.ArgumentException>(() => Functional.CrossEntropyLoss(Logits(2, 3, 4), new int[6]));
            Assert.Contains("[2, 3, 4] has 8 positions", error.Message);
            var shaped = Assert.Throws<System.ArgumentException>(() => Functional.CrossEntropyLoss(Logits(2, 3, 4), IntTensor.FromArray(new int[8], 8)));
            Assert.Contains("[2, 4] for logits [2, 3, 4]", shaped.Message);
        }
    }
}
