using System.Threading.Tasks;
using Xunit;
using Verify = Diff.CodeFixes.Tests.CodeFixVerifier<Diff.CodeFixes.MakeTypePartialCodeFixProvider>;

namespace Diff.CodeFixes.Tests
{
    public sealed class MakeTypePartialTests
    {
        [Fact]
        public async Task Adds_partial_after_the_other_modifiers()
        {
            await Verify.VerifyAsync(
                """
                using Diff;

                public static class {|DIFF008:Model|}
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
                """,
                """
                using Diff;

                public static partial class Model
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
                """);
        }

        [Fact]
        public async Task Makes_an_enclosing_type_without_modifiers_partial_and_keeps_its_comment()
        {
            await Verify.VerifyAsync(
                """
                using Diff;

                // The shell.
                class {|DIFF008:Shell|}
                {
                    partial class Inner
                    {
                        [Differentiable]
                        public static double Cube(double x) => x * x * x;
                    }
                }
                """,
                """
                using Diff;

                // The shell.
                partial class Shell
                {
                    partial class Inner
                    {
                        [Differentiable]
                        public static double Cube(double x) => x * x * x;
                    }
                }
                """);
        }

        [Fact]
        public void Fixed_code_builds_with_the_generator()
        {
            var (diagnostics, generated) = GeneratorCompilation.Build(
                """
                using Diff;

                public static partial class Model
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;

                    public static double Slope(double x)
                    {
                        double dX = 0.0;
                        SquareGradient(x, ref dX);
                        return dX;
                    }
                }
                """);
            Assert.Empty(diagnostics);
            Assert.Contains("Model.Square.g.cs", generated);
        }
    }
}
