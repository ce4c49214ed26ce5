using Xunit;

namespace Diff.Gradients.Tests.Scoped.Constants
{
    public static class Scale
    {
        public const double Factor = 2.5;
    }
}

namespace Diff.Gradients.Tests.Scoped
{
    // A using inside a namespace declaration, naming a namespace relative to it: the generated file
    // must put it inside its own namespace, where it resolves the same way.
    using Constants;
    using Diff;

    public static partial class RelativeUsingFns
    {
        [Differentiable]
        public static double Scaled(double x) => x * x * Scale.Factor;
    }

    public sealed class RelativeUsings
    {
        [Fact]
        public void A_using_inside_a_namespace_declaration_resolves_in_the_generated_file()
        {
            double dX = 0;
            double value = RelativeUsingFns.ScaledGradient(1.5, ref dX);
            Assert.Equal(RelativeUsingFns.Scaled(1.5), value);
            Assert.Equal(2 * 1.5 * 2.5, dX, 12);
        }
    }
}
