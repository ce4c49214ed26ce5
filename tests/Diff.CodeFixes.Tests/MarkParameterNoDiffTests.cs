using System.Threading.Tasks;
using Xunit;
using Verify = Diff.CodeFixes.Tests.CodeFixVerifier<Diff.CodeFixes.MarkParameterNoDiffCodeFixProvider>;

namespace Diff.CodeFixes.Tests
{
    public sealed class MarkParameterNoDiffTests
    {
        private const string Source = """
            using Diff;

            static partial class Functions
            {
                [Differentiable]
                public static double Scaled(double x, double scale) => {|DIFF001:Opaque(scale)|} * x;

                private static double Opaque(double s) => s + 1.0;
            }
            """;

        [Fact]
        public async Task Marks_the_parameter_that_reaches_the_call()
        {
            await Verify.VerifyAsync(
                Source,
                """
                using Diff;

                static partial class Functions
                {
                    [Differentiable]
                    public static double Scaled(double x, [NoDiff] double scale) => Opaque(scale) * x;

                    private static double Opaque(double s) => s + 1.0;
                }
                """,
                equivalenceKey: "MarkParameterNoDiffCodeFixProvider.scale");
        }

        [Fact]
        public async Task Writes_the_full_name_when_the_namespace_is_not_imported()
        {
            await Verify.VerifyAsync(
                """
                static partial class Functions
                {
                    [Diff.Differentiable]
                    public static double Scaled(double x, double scale) => {|DIFF001:Opaque(scale)|} * x;

                    private static double Opaque(double s) => s + 1.0;
                }
                """,
                """
                static partial class Functions
                {
                    [Diff.Differentiable]
                    public static double Scaled(double x, [Diff.NoDiff] double scale) => Opaque(scale) * x;

                    private static double Opaque(double s) => s + 1.0;
                }
                """);
        }

        [Fact]
        public void Fixed_code_builds_with_the_generator()
        {
            var (diagnostics, generated) = GeneratorCompilation.Build(
                """
                using Diff;

                static partial class Functions
                {
                    [Differentiable]
                    public static double Scaled(double x, [NoDiff] double scale) => Opaque(scale) * x;

                    private static double Opaque(double s) => s + 1.0;
                }
                """);
            Assert.Empty(diagnostics);
            Assert.Contains("Functions.Scaled.g.cs", generated);
        }
    }
}
