using System.Linq;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// A method with compile errors of its own gets no generated code, and its neighbours still do.
    /// The generator asks the compiler once per file (see Parse/CompileErrors.cs), so the answer must
    /// still be per method.
    /// </summary>
    public sealed class CompileErrorTests
    {
        private const string Usings = "using System;\nusing Diff;\n";

        [Theory]
        [InlineData("{ int n = x; return x * n; }")] // CS0266: no implicit conversion
        [InlineData("{ double y; return x * y; }")] // CS0165: use of an unassigned local (flow analysis)
        [InlineData("{ if (x > 0) return x; }")] // CS0161: not every path returns
        [InlineData("=> x * Missing(x);")] // CS0103: no such name
        public void Only_the_method_with_the_error_is_left_out(string badBody)
        {
            string source = Usings + @"static partial class C
{
    [Differentiable] static double A(double x) => x * x;
    [Differentiable] static double Bad(double x) " + badBody + @"
    [Differentiable] static double B(double x) { double s = x; s += Math.Sin(x); return s; }
    static double Helper(double x) => x;
}
static partial class D
{
    [Differentiable] static double Far(double x) => x + 1.0;
}";
            GeneratorHarness run = GeneratorHarness.Run(source);
            string[] hints = run.Sources.Select(s => s.HintName).ToArray();
            Assert.Contains("C.A.g.cs", hints);
            Assert.Contains("C.B.g.cs", hints);
            Assert.Contains("D.Far.g.cs", hints);
            Assert.DoesNotContain("C.Bad.g.cs", hints);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void A_lone_method_in_a_file_of_other_members_is_still_checked()
        {
            string others = string.Concat(Enumerable.Range(0, 5).Select(i => $"    static double H{i}(double x) => x;\n"));
            string source = Usings + "static partial class C\n{\n" + others
                + "    [Differentiable] static double Bad(double x) { int n = x; return x * n; }\n"
                + others.Replace("H", "K") + "}";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.DoesNotContain(run.Sources, s => s.HintName == "C.Bad.g.cs");
        }
    }
}
