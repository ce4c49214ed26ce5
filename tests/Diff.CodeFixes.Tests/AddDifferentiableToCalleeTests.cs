using System.Threading.Tasks;
using Xunit;
using Verify = Diff.CodeFixes.Tests.CodeFixVerifier<Diff.CodeFixes.AddDifferentiableToCalleeCodeFixProvider>;

namespace Diff.CodeFixes.Tests
{
    public sealed class AddDifferentiableToCalleeTests
    {
        private const string Fixed = """
            using Diff;

            static partial class Functions
            {
                [Differentiable]
                public static double F(double x) => Helpers.Cube(x) + x;
            }

            static partial class Helpers
            {
                // x³
                [Differentiable]
                public static double Cube(double x) => x * x * x;
            }
            """;

        [Fact]
        public async Task Marks_the_callee_and_makes_its_type_partial()
        {
            await Verify.VerifyAsync(
                """
                using Diff;

                static partial class Functions
                {
                    [Differentiable]
                    public static double F(double x) => {|DIFF001:Helpers.Cube(x)|} + x;
                }

                static class Helpers
                {
                    // x³
                    public static double Cube(double x) => x * x * x;
                }
                """,
                Fixed);
        }

        [Fact]
        public async Task Offers_nothing_for_a_callee_without_source()
        {
            await Verify.VerifyNoFixAsync(
                """
                using Diff;

                static partial class Functions
                {
                    [Differentiable]
                    public static double F(double x) => {|DIFF001:System.Math.BitIncrement(x)|};
                }
                """);
        }

        [Fact]
        public void Fixed_code_builds_with_the_generator()
        {
            var (diagnostics, generated) = GeneratorCompilation.Build(Fixed);
            Assert.Empty(diagnostics);
            Assert.Contains("Functions.F.g.cs", generated);
            Assert.Contains("Helpers.Cube.g.cs", generated);
        }
    }
}
