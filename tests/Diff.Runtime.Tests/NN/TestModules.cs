using Diff.NN;

namespace Diff.Runtime.Tests.NN
{
    /// <summary>A user-style module with its own parameter and two submodules, registered in that order.</summary>
    public sealed partial class ScaledTwoLayer : Module
    {
        public ScaledTwoLayer()
        {
            Scale = RegisterParameter("scale", Tensor.FromArray(new[] { 2f }, 1));
            Hidden = RegisterModule("hidden", new Linear(3, 4, generator: new Generator(11)));
            Output = RegisterModule("output", new Sequential(new ReLU(), new Linear(4, 2, generator: new Generator(12))));
        }

        public Parameter Scale { get; }

        public Linear Hidden { get; }

        public Sequential Output { get; }

        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            Tensor hidden = Hidden.Forward(input);
            return Output.Forward(hidden) * Scale.Value;
        }
    }

    /// <summary>A module that registers names given by a test, to exercise name validation.</summary>
    public sealed partial class NamedByTest : Module
    {
        public NamedByTest(string parameterName, string? moduleName = null)
        {
            RegisterParameter(parameterName, Tensor.Zeros(2));
            if (moduleName is not null)
            {
                RegisterModule(moduleName, new ReLU());
            }
        }

        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input;
        }
    }

    /// <summary>Two paths through one shared layer, so its parameters are reachable twice.</summary>
    public sealed partial class SharedLayer : Module
    {
        public SharedLayer()
        {
            Linear shared = new Linear(2, 2, generator: new Generator(13));
            RegisterModule("first", shared);
            RegisterModule("second", shared);
        }

        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return input;
        }
    }
}
