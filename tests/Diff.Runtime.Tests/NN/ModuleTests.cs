using System.Collections.Generic;
using System.Linq;
using Diff.NN;

namespace Diff.Runtime.Tests.NN
{
    public sealed class ModuleTests
    {
        [Fact]
        public void NestedSequentialHasPyTorchNames()
        {
            Sequential model = new Sequential(
                new Linear(2, 3),
                new ReLU(),
                new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 1, bias: false)));

            string[] names = model.NamedParameters().Select(p => p.Name).ToArray();

            Assert.Equal(new[] { "0.weight", "0.bias", "2.0.weight", "2.0.bias", "2.2.weight" }, names);
            Assert.Equal(5, model.Parameters().Count());
            Assert.Same(((Linear)model[0]).Weight, model.Parameters().First());
        }

        [Fact]
        public void OwnParametersComeBeforeSubmodulesInRegistrationOrder()
        {
            ScaledTwoLayer model = new ScaledTwoLayer();

            string[] names = model.NamedParameters().Select(p => p.Name).ToArray();

            Assert.Equal(new[] { "scale", "hidden.weight", "hidden.bias", "output.1.weight", "output.1.bias" }, names);
            Assert.Same(model.Hidden.Weight, model.NamedParameters().Single(p => p.Name == "hidden.weight").Parameter);
        }

        [Fact]
        public void SharedParametersAppearOnceUnderTheirFirstName()
        {
            SharedLayer model = new SharedLayer();

            Assert.Equal(new[] { "first.weight", "first.bias" }, model.NamedParameters().Select(p => p.Name).ToArray());
        }

        [Theory]
        [InlineData("")]
        [InlineData("a.b")]
        public void InvalidNamesAreRejected(string name)
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => new NamedByTest(name));
            Assert.Equal("name", error.ParamName);
        }

        [Fact]
        public void NamesMustBeUniqueAcrossParametersAndSubmodules()
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => new NamedByTest("w", "w"));
            Assert.Contains("'w'", error.Message);
            Assert.Throws<ArgumentNullException>(() => new NamedByTest(null!));
        }

        [Fact]
        public void ZeroGradClearsEveryParameterRecursively()
        {
            ScaledTwoLayer model = new ScaledTwoLayer();
            foreach (Parameter parameter in model.Parameters())
            {
                parameter.AccumulateGrad(Tensor.OnesLike(parameter.Value));
            }

            model.ZeroGrad();

            Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
        }

        [Fact]
        public void TrainAndEvalAreRecursive()
        {
            Dropout dropout = new Dropout(0.5f);
            Sequential inner = new Sequential(dropout);
            Sequential model = new Sequential(new Linear(2, 2), inner);
            Assert.True(model.Training && inner.Training && dropout.Training);

            Assert.Same(model, model.Eval());
            Assert.False(model.Training || inner.Training || dropout.Training);

            model.Train();
            Assert.True(model.Training && inner.Training && dropout.Training);
            model.Train(false);
            Assert.False(dropout.Training);
        }

        [Fact]
        public void StateDictHoldsCopiesInRegistrationOrder()
        {
            ScaledTwoLayer model = new ScaledTwoLayer();

            Dictionary<string, Tensor> state = model.StateDict();

            Assert.Equal(model.NamedParameters().Select(p => p.Name), state.Keys);
            Assert.NotSame(model.Scale.Value, state["scale"]);
            state["scale"].AsSpan()[0] = 42f;
            Assert.Equal(2f, model.Scale.Value.AsSpan()[0]);
        }

        [Fact]
        public void LoadStateDictCopiesIntoTheExistingTensors()
        {
            ScaledTwoLayer source = new ScaledTwoLayer();
            ScaledTwoLayer target = new ScaledTwoLayer();
            Tensor targetWeight = target.Hidden.Weight.Value;
            source.Scale.Value.AsSpan()[0] = 7f;

            target.LoadStateDict(source.StateDict());

            Assert.Same(targetWeight, target.Hidden.Weight.Value);
            foreach (((string name, Parameter expected), (string _, Parameter actual)) in source.NamedParameters().Zip(target.NamedParameters()))
            {
                Assert.True(expected.Value.ToArray().SequenceEqual(actual.Value.ToArray()), name);
            }
        }

        [Fact]
        public void LoadStateDictReportsEveryProblemAndChangesNothing()
        {
            ScaledTwoLayer model = new ScaledTwoLayer();
            Dictionary<string, float[]> before = Snapshot(model);
            Dictionary<string, Tensor> state = model.StateDict();
            state.Remove("hidden.bias");
            state["extra"] = Tensor.Zeros(1);
            state["hidden.weight"] = Tensor.Zeros(3, 4);
            state["scale"].AsSpan()[0] = 9f;

            ArgumentException error = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state));

            Assert.Equal("state", error.ParamName);
            Assert.Contains("missing keys: 'hidden.bias'", error.Message);
            Assert.Contains("unexpected keys: 'extra'", error.Message);
            Assert.Contains("'hidden.weight' has shape [3, 4] but the parameter has shape [4, 3]", error.Message);
            AssertUnchanged(before, model);
        }

        [Fact]
        public void LoadStateDictRejectsNullTensors()
        {
            ScaledTwoLayer model = new ScaledTwoLayer();
            Dictionary<string, Tensor> state = model.StateDict();
            state["scale"] = null!;

            ArgumentException error = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state));
            Assert.Contains("'scale' is null", error.Message);
            Assert.Throws<ArgumentNullException>(() => model.LoadStateDict(null!));
        }

        internal static Dictionary<string, float[]> Snapshot(Module model) =>
            model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Value.ToArray());

        internal static void AssertUnchanged(Dictionary<string, float[]> before, Module model)
        {
            foreach ((string name, Parameter parameter) in model.NamedParameters())
            {
                Assert.True(before[name].SequenceEqual(parameter.Value.ToArray()), $"'{name}' changed");
            }
        }
    }
}
