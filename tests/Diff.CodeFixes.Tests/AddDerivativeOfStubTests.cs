using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Verify = Diff.CodeFixes.Tests.CodeFixVerifier<Diff.CodeFixes.AddDerivativeOfStubCodeFixProvider>;

namespace Diff.CodeFixes.Tests
{
    public sealed class AddDerivativeOfStubTests
    {
        private const string ScalarFixed = """
            using Diff;

            static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, double x) => Library.Dot(w, x, 3);

                [DerivativeOf(typeof(Library), nameof(Library.Dot))]
                public static double DotDerivative(double[] w, double x, int n, double[] dW, ref double dX)
                {
                    // Return Dot's value and add (+=) its partial derivative with respect to each parameter into that parameter's adjoint.
                    throw new System.NotImplementedException("Write the derivative of Dot.");
                }
            }

            static class Library
            {
                public static double Dot(double[] w, double x, int n) => w[0] * x * n;
            }
            """;

        private const string PullbackFixed = """
            using Diff;

            static partial class Functions
            {
                [Differentiable]
                public static void Scale(double[] x, double[] y)
                {
                    Library.Twice(x, y);
                }

                [DerivativeOf(typeof(Library), nameof(Library.Twice))]
                public static void TwiceDerivative(double[] a, double[] b, double[] dA, double[] dB)
                {
                    // Perform Twice's writes; on entry each written buffer's adjoint holds the gradient of its final value, on exit it must hold the gradient of its initial value, and the other adjoints accumulate (+=).
                    throw new System.NotImplementedException("Write the derivative of Twice.");
                }
            }

            static class Library
            {
                public static void Twice(double[] a, double[] b)
                {
                    for (int i = 0; i < a.Length; i++)
                    {
                        b[i] = 2.0 * a[i];
                    }
                }
            }
            """;

        [Fact]
        public async Task Writes_the_scalar_shape_with_an_adjoint_per_differentiable_parameter()
        {
            await Verify.VerifyAsync(
                """
                using Diff;

                static partial class Functions
                {
                    [Differentiable]
                    public static double F(double[] w, double x) => {|DIFF001:Library.Dot(w, x, 3)|};
                }

                static class Library
                {
                    public static double Dot(double[] w, double x, int n) => w[0] * x * n;
                }
                """,
                ScalarFixed);
        }

        [Fact]
        public async Task Writes_the_pullback_shape_for_a_void_callee_that_writes_arrays()
        {
            await Verify.VerifyAsync(
                """
                using Diff;

                static partial class Functions
                {
                    [Differentiable]
                    public static void Scale(double[] x, double[] y)
                    {
                        {|DIFF001:Library.Twice(x, y)|};
                    }
                }

                static class Library
                {
                    public static void Twice(double[] a, double[] b)
                    {
                        for (int i = 0; i < a.Length; i++)
                        {
                            b[i] = 2.0 * a[i];
                        }
                    }
                }
                """,
                PullbackFixed);
        }

        [Theory]
        [InlineData(ScalarFixed, "Functions.F.g.cs")]
        [InlineData(PullbackFixed, "Functions.Scale.g.cs")]
        public void The_stub_compiles_and_the_generator_accepts_it(string fixedSource, string generatedFile)
        {
            var (diagnostics, generated) = GeneratorCompilation.Build(fixedSource);
            Assert.Empty(diagnostics.Select(d => d.ToString()));
            Assert.Contains(generatedFile, generated);
        }

        [Fact]
        public async Task Offers_nothing_for_an_instance_callee()
        {
            await Verify.VerifyNoFixAsync(
                """
                using Diff;

                static partial class Functions
                {
                    [Differentiable]
                    public static double F(double x) => {|DIFF001:new Library().Twice(x)|};
                }

                sealed class Library
                {
                    public double Twice(double x) => 2.0 * x;
                }
                """);
        }
    }
}
