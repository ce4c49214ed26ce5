using Diff.Internal;
using Diff.NN;

namespace Diff.Runtime.Tests.NN
{
    /// <summary>An identity op whose pullback counts how often it was asked for its input's gradient.</summary>
    public static class SlotProbe
    {
        [ThreadStatic] private static int s_calls;
        [ThreadStatic] private static int s_inputSlotsWanted;

        /// <summary>Pullbacks run on this thread since the last <see cref="Reset"/>.</summary>
        public static int Calls => s_calls;

        /// <summary>Of those, the ones handed a real (not null-ref) slot for the input's gradient.</summary>
        public static int InputSlotsWanted => s_inputSlotsWanted;

        public static void Reset() => (s_calls, s_inputSlotsWanted) = (0, 0);

        public static Tensor Pass(Tensor x) => x * 1f;

        [DerivativeOf(typeof(SlotProbe), nameof(Pass))]
        public static void PassBackward(Tensor x, Tensor result, Tensor dResult, ref Tensor? dX)
        {
            s_calls++;
            if (Grad.Wanted(ref dX))
            {
                s_inputSlotsWanted++;
                Grad.Accumulate(ref dX, dResult);
            }
        }

        [TangentOf(typeof(SlotProbe), nameof(Pass))]
        public static Tensor PassTangent(Tensor x, Tensor result, Tensor? tX) => tX ?? Tensor.ZerosLike(result);

        /// <summary>An identity has no second-order term.</summary>
        [CurvatureOf(typeof(SlotProbe), nameof(Pass))]
        public static void PassCurvature(Tensor x, Tensor result, Tensor dResult, Tensor? tX, Tensor? tResult, ref Tensor? dX)
        {
        }
    }

    /// <summary>A layer that only passes its input through <see cref="SlotProbe.Pass"/>.</summary>
    public sealed partial class ProbeLayer : Module
    {
        [Differentiable]
        public override Tensor Forward(Tensor input) => SlotProbe.Pass(input);
    }

    /// <summary>
    /// <see cref="Sequential"/> hands its first module the caller's slot for the chain's input, so a batch of data
    /// (whose gradient nobody asked for) costs no input-gradient product in the first layer, as in PyTorch.
    /// </summary>
    public sealed class SequentialSlotTests
    {
        private static Sequential ProbedChain() =>
            new Sequential(new ProbeLayer(), new Linear(3, 2, generator: new Generator(3)), new ProbeLayer());

        private static void AssertClose(Tensor expected, Tensor actual)
        {
            Assert.Equal(expected.Shape, actual.Shape);
            float[] e = expected.ToArray(), a = actual.ToArray();
            for (int i = 0; i < e.Length; i++)
            {
                Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5f * (1f + Math.Abs(e[i])), $"element {i}: expected {e[i]}, got {a[i]}");
            }
        }

        [Fact]
        public void The_first_module_is_not_asked_for_an_input_gradient_nobody_wants()
        {
            Sequential model = ProbedChain();
            Tensor input = Tensor.Randn(new[] { 4, 3 }, new Generator(4));
            Tensor seed = Tensor.Randn(new[] { 4, 2 }, new Generator(5));

            SlotProbe.Reset();
            model.ZeroGrad();
            model.ForwardPullback(input, seed, null);

            Assert.Equal(2, SlotProbe.Calls);
            // The last probe's input is the Linear's output, whose gradient the Linear needs; the first one's is the data.
            Assert.Equal(1, SlotProbe.InputSlotsWanted);
            Tensor weightGradient = ((Linear)model[1]).Weight.Grad!.Clone();

            Tensor dInput = Tensor.ZerosLike(input);
            SlotProbe.Reset();
            model.ZeroGrad();
            model.ForwardPullback(input, seed, dInput);

            Assert.Equal(2, SlotProbe.InputSlotsWanted);
            Assert.Equal(weightGradient.ToArray(), ((Linear)model[1]).Weight.Grad!.ToArray());
            // The chain is linear: dInput = seed · W.
            AssertClose(Tensor.MatMul(seed, ((Linear)model[1]).Weight.Value), dInput);
        }

        [Fact]
        public void An_empty_chain_passes_its_input_and_its_gradient_through()
        {
            Sequential model = new Sequential();
            Tensor input = Tensor.Randn(new[] { 2, 3 }, new Generator(6));
            Tensor seed = Tensor.Randn(new[] { 2, 3 }, new Generator(7));
            Tensor dInput = Tensor.ZerosLike(input);

            Assert.Equal(input.ToArray(), model.Forward(input).ToArray());
            model.ForwardPullback(input, seed, dInput);

            Assert.Equal(seed.ToArray(), dInput.ToArray());
        }

        [Fact]
        public void A_chain_of_one_module_gives_its_gradients()
        {
            Linear layer = new Linear(3, 2, generator: new Generator(8));
            Sequential model = new Sequential(layer);
            Tensor input = Tensor.Randn(new[] { 4, 3 }, new Generator(9));
            Tensor seed = Tensor.Randn(new[] { 4, 2 }, new Generator(10));
            Tensor dInput = Tensor.ZerosLike(input);

            model.ZeroGrad();
            model.ForwardPullback(input, seed, dInput);

            AssertClose(Tensor.MatMul(seed, layer.Weight.Value), dInput);
            AssertClose(Tensor.MatMul(seed.Transpose(), input), layer.Weight.Grad!);
        }
    }
}
