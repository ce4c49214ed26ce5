using Diff;
using Diff.NN;

namespace Diff.Runtime.Tests.NN
{
    /// <summary>Class targets given as an integer tensor give exactly what the int[] form gives, gradients included.</summary>
    public sealed class IntTensorTargetTests
    {
        [Fact]
        public void Cross_entropy_with_an_integer_tensor_matches_the_array_form()
        {
            Tensor logits = Tensor.FromArray(new[] { 0.5f, -1f, 2f, 0f, 1.5f, -0.5f }, 2, 3);
            int[] classes = { 2, 0 };
            IntTensor targets = IntTensor.FromArray(classes);

            Assert.Equal(Functional.CrossEntropyLoss(logits, classes).Item(), Functional.CrossEntropyLoss(logits, targets).Item());
            var loss = new CrossEntropyLoss(labelSmoothing: 0.1);
            Assert.Equal(loss.Forward(logits, classes).Item(), loss.Forward(logits, targets).Item());

            Tensor fromArray = Tensor.ZerosLike(logits);
            Tensor fromTensor = Tensor.ZerosLike(logits);
            Functional.CrossEntropyLossPullback(logits, classes, Tensor.Scalar(1f), fromArray);
            Functional.CrossEntropyLossPullback(logits, targets, Tensor.Scalar(1f), fromTensor);
            Assert.Equal(fromArray.ToArray(), fromTensor.ToArray());
        }

        [Fact]
        public void Targets_of_the_wrong_rank_are_refused_with_their_shape()
        {
            Tensor logits = Tensor.Zeros(2, 3);
            var error = Assert.Throws<ArgumentException>(() => Functional.CrossEntropyLoss(logits, IntTensor.FromArray(new[] { 0, 1 }, 2, 1)));
            Assert.Equal("targets", error.ParamName);
            Assert.Contains("[2, 1]", error.Message);
        }
    }
}
