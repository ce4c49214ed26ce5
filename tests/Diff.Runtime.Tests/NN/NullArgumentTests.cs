using System;
using Diff.NN;
using Xunit;

namespace Diff.Runtime.Tests.NN
{
    /// <summary>A null tensor given to a functional layer or loss is an <see cref="ArgumentNullException"/> naming the argument.</summary>
    public sealed class NullArgumentTests
    {
        private static readonly Tensor Some = Tensor.Ones(2, 3);

        public static TheoryData<string, Action> Calls() => new()
        {
            { "input", () => Functional.MSELoss(null!, Some) },
            { "target", () => Functional.MSELoss(Some, null!) },
            { "input", () => Functional.L1Loss(null!, Some) },
            { "input", () => Functional.BCELoss(null!, Some) },
            { "input", () => Functional.BCEWithLogitsLoss(null!, Some) },
            { "logits", () => Functional.CrossEntropyLoss(null!, new[] { 0, 1 }) },
            { "logProbabilities", () => Functional.NLLLoss(null!, new[] { 0, 1 }) },
            { "input", () => Functional.Relu(null!) },
            { "input", () => Functional.Softmax(null!, 1) },
            { "input", () => Functional.Linear(null!, Some) },
            { "input", () => Functional.MSELossPullback(null!, Some, Tensor.Scalar(1f), null, null) },
        };

        [Theory]
        [MemberData(nameof(Calls))]
        public void Names_the_null_argument(string name, Action call)
        {
            ArgumentNullException thrown = Assert.Throws<ArgumentNullException>(call);
            Assert.Equal(name, thrown.ParamName);
        }
    }
}
