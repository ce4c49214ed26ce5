using System.Linq;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// A method with compile errors of its own gets no generated code, and its neighbours still do.
    /// The generator reads most errors off the binding its parser has done, and asks the compiler only
    /// about constructs that binding cannot clear (see Parse/CompileErrors.cs); either way the answer is
    /// per method.
    /// </summary>
    public sealed class CompileErrorTests
    {
        private const string Usings = "using System;\nusing Diff;\n";

        [Theory]
        [InlineData("{ int n = x; return x * n; }")] // CS0266: no implicit conversion
        [InlineData("{ double y; return x * y; }")] // CS0165: use of an unassigned local (flow analysis)
        [InlineData("{ if (x > 0) return x; }")] // CS0161: not every path returns
        [InlineData("=> x * Missing(x);")] // CS0103: no such name
        [InlineData("{ Func<double, double> f = t => t * Missing(t); return f(x); }")] // CS0103 in a nested lambda
        [InlineData("{ int k = 3 * Nope(); return x * 2.0; }")] // CS0103 in an int expression that does not reach the result
        [InlineData("{ return x * Math.Sin(x, x); }")] // CS1501: no overload takes two arguments
        [InlineData("{ return x * \"s\"; }")] // CS0019: no such operator
        [InlineData("{ double a = b + x; double b = 1.0; return a; }")] // CS0841: a local used before its declaration
        [InlineData("{ double[] a = new double[-1]; return x; }")] // CS0248: a negative array size
        [InlineData("{ double s = 0.0; foreach (double v in new[] { x }) { v = 2.0; s += v; } return s; }")] // CS1656: a write to the iteration variable
        [InlineData("{ double y; if (x > 0) y = 1.0; return x * y; }")] // CS0165 on one path only
        [InlineData("{ double t = x; { double t = 1.0; } return t; }")] // CS0136: a name declared again in a nested scope
        [InlineData("{ double x = 2.0; return x; }")] // CS0136: a local named like a parameter
        [InlineData("{ int i = 2; i += 1.5; return x * i; }")] // CS0266 in a compound assignment
        [InlineData("{ int m = int.MaxValue + 1; return x * m; }")] // CS0220: constant overflow
        [InlineData("{ return this.Helper(x); }")] // CS0026: `this` in a static method
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

        /// <summary>
        /// Valid code the check cannot clear from the binding alone (it then asks the compiler), or that
        /// looks like an error case and is not: it must still be generated.
        /// </summary>
        [Theory]
        [InlineData("{ double y; if (x > 0) { y = x; } else { y = 2.0; } return y * x; }")] // assigned on every path
        [InlineData("{ double s = 0.0; for (int j = 0; j < 2; j++) { s += x; } for (int j = 0; j < 2; j++) { s += x * j; } return s; }")] // one name in two disjoint loops
        [InlineData("{ int i = 2; i += 1; double s = x; s *= 2.0; return s * i; }")] // compound assignments that convert nothing
        [InlineData("{ double s = 0.0; for (int i = 0; i < 3; i++) { if (i == 1) break; s += x; } return s; }")] // break inside a loop
        [InlineData("{ while (true) { return x * x; } }")] // no reachable end, although the last statement is no return
        [InlineData("{ int k = 4; double m = k / 2; return x * m; }")] // an integer division by a constant that is not zero
        public void Valid_code_is_still_generated(string body)
        {
            string source = Usings + "static partial class C\n{\n    [Differentiable] static double Good(double x) " + body + "\n}";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Contains(run.Sources, s => s.HintName == "C.Good.g.cs");
            Assert.Empty(run.GeneratedCodeErrors);
        }

        /// <summary>
        /// An optional argument left out of a call into a referenced assembly is the compiler's tree of the default; an enum
        /// default from metadata is an explicit conversion marked implicit, once taken for CS0266, which dropped the method
        /// with no diagnostic at all (the user met CS0117 where they called the gradient).
        /// </summary>
        [Theory]
        [InlineData("Functional.HuberLoss(x, y)")]
        [InlineData("Functional.SmoothL1Loss(x, y, beta: 0.5f)")]
        [InlineData("Functional.KLDivLoss(x, y, logTarget: true)")]
        [InlineData("new MSELoss().Forward(x, y)")]
        [InlineData("new HuberLoss().Forward(x, y)")]
        public void A_call_that_leaves_out_an_enum_default_from_metadata_is_generated(string call)
        {
            string source = "using Diff;\nusing Diff.NN;\nstatic partial class C\n{\n    [Differentiable] static Tensor Loss(Tensor x, Tensor y) => " + call + ";\n}";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Contains(run.Adjoints, s => s.HintName == "C.Loss.g.cs");
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
