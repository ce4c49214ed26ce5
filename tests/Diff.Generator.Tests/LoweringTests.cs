using System.Collections.Immutable;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>The IR after Parse and Analyse, printed: lowering rules and analyses, checked directly.</summary>
    public sealed class LoweringTests
    {
        private static AnalysedMethod Analyse(string member) => GeneratorHarness.AnalyseFirstMethod(member);

        [Fact]
        public void Break_becomes_a_flag_that_guards_the_rest_of_the_body_and_ends_the_loop()
        {
            AnalysedMethod analysed = Analyse("[Differentiable] static double F(double x) { double y = x; for (int i = 0; i < 10; i++) { if (y > 5) break; y = y * x; } return y; }");
            string ir = IrPrinter.Print(analysed.Method.Body);
            Assert.Single(analysed.Flags);
            string flag = analysed.Flags[0];
            Assert.Contains("inactive " + flag + " = true;", ir);
            Assert.Contains("if !" + flag, ir);
            Assert.Contains("while !" + flag + " && i < 10", ir);
            Assert.DoesNotContain("counted", ir);
        }

        [Fact]
        public void A_running_choice_written_as_a_branch_becomes_a_scan_and_one_assignment()
        {
            AnalysedMethod analysed = Analyse("[Differentiable] static double F(double[] x, int n) { double m = x[0]; for (int i = 1; i < n; i++) { if (m < x[i]) m = x[i]; } return m * m; }");
            string ir = IrPrinter.Print(analysed.Method.Body);

            // The loop assigns only the scan's copy; m is assigned once, after it, at the counter the scan found.
            var loop = analysed.Method.Body.Statements.OfType<LoopStmt>().Single();
            Assert.DoesNotContain("m := x[i]", IrPrinter.Print(loop.Body));
            Assert.Matches(@"if __picked\d+\s+m := x\[__at\d+\]", ir);
            Assert.Contains("x[i]", IrPrinter.Print(loop.Body));
        }

        [Fact]
        public void A_branch_that_does_more_than_assign_the_accumulator_or_reads_it_in_the_candidate_is_left_as_written()
        {
            foreach (string body in new[]
            {
                "if (m < x[i]) { m = x[i]; c = c + 1; }",
                "if (m < x[i]) m = x[i] + m;",
                "if (m < x[i]) m = x[i]; else m = m * 0.5;",

                // Math on the accumulator in the condition is kept as written, where the scan could not rename it.
                "if (Math.Abs(m) < Math.Abs(x[i])) m = x[i];",
            })
            {
                AnalysedMethod analysed = Analyse("[Differentiable] static double F(double[] x, int n) { double m = x[0]; double c = 0; for (int i = 1; i < n; i++) { " + body + " } return m * m + c; }");
                Assert.DoesNotContain("__picked", IrPrinter.Print(analysed.Method.Body));
            }

            // Math.Max splits a tie between its arguments; recording methods keep each trip's choice for it.
            AnalysedMethod max = Analyse("[Differentiable] static double F(double[] x, int n) { double m = x[0]; for (int i = 1; i < n; i++) m = Math.Max(m, x[i]); return m * m; }");
            Assert.DoesNotContain("__picked", IrPrinter.Print(max.Method.Body));
        }

        [Fact]
        public void Tail_returns_assign_the_result_without_flags()
        {
            AnalysedMethod analysed = Analyse("[Differentiable] static double F(double x) { if (x > 0) return x * x; else return -x; }");
            Assert.Empty(analysed.Flags);
            Assert.Equal(2, IrPrinter.Print(analysed.Method.Body).Split('\n').Count(l => l.Contains("return :=")));
        }

        [Fact]
        public void Conditional_expressions_are_hoisted_into_ifs()
        {
            AnalysedMethod analysed = Analyse("[Differentiable] static double F(double x, double[] a, int i) => x * (i < a.Length ? a[i] : 0);");
            string ir = IrPrinter.Print(analysed.Method.Body);
            Assert.Contains("if i < a.Length", ir);
            Assert.DoesNotContain("?", ir);
        }

        [Fact]
        public void Activity_excludes_values_that_never_meet_a_differentiable_input()
        {
            AnalysedMethod analysed = Analyse("[Differentiable] static double F(double x, [NoDiff] double c) { double k = c * 2; double y = k * x; return y; }");
            Assert.Contains("y", analysed.Active);
            Assert.Contains("x", analysed.Active);
            Assert.DoesNotContain("k", analysed.Active);
            Assert.DoesNotContain("c", analysed.Active);
        }

        [Fact]
        public void Counted_loop_variables_and_single_assignment_integers_are_stable()
        {
            AnalysedMethod analysed = Analyse("[Differentiable] static double F(double[] x) { int n = x.Length; int k = 0; double s = 0; for (int i = 0; i < n; i++) { k += 2; s += x[i]; } return s; }");
            Assert.Contains("i", analysed.Stable);
            Assert.Contains("n", analysed.Stable);
            Assert.DoesNotContain("k", analysed.Stable);
        }
    }
}
