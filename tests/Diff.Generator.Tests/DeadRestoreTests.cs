using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Model;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// A write to a restored local array that nothing before it reads records no old value (Analyse/DeadRestoreAnalysis).
    /// The gradients are checked against finite differences in Diff.Gradients.Tests (DeadRestores).
    /// </summary>
    public sealed class DeadRestoreTests
    {
        private const string Fill = @"
    [Differentiable] static double F(double[] p)
    {
        double[] xo = new double[3];
        for (int k = 0; k < 3; k++) xo[k] = p[k] * 2;
        double s = xo[0] * xo[1] + xo[2] * xo[0] + xo[1] * xo[2];
        double t = xo[0] * xo[0] * xo[1] * xo[2];
        xo[1] = s * xo[2];
        return xo[1] * xo[0] * t;
    }";

        [Fact]
        public void Only_the_writes_before_any_read_have_dead_restores()
        {
            Assert.Equal("xo[k] := (p[k] Multiply ⟨2⟩)", SingleDeadWrite(Fill));
        }

        [Fact]
        public void A_write_that_reads_the_array_or_follows_a_read_keeps_its_restore()
        {
            string write = SingleDeadWrite(@"
    [Differentiable] static double F(double[] p)
    {
        double[] xo = new double[3];
        xo[0] = p[0];
        for (int k = 1; k < 3; k++) xo[k] = xo[k - 1] * p[k];
        double s = xo[0] * xo[1] + xo[2] * xo[0] + xo[1] * xo[2] + xo[0] * xo[2] * xo[1];
        return s;
    }");
            Assert.Equal("xo[0] := p[0]", write);
        }

        /// <summary>The one write of the method's restored array <c>xo</c> whose restore is dead, printed.</summary>
        private static string SingleDeadWrite(string method)
        {
            AnalysedMethod analysed = GeneratorHarness.AnalyseFirstMethod(method);
            Assert.Contains("xo", analysed.Restored);
            AssignStmt write = Assert.Single(DeadRestoreAnalysis.Run(analysed.Method.Body, analysed.Restored));
            return IrPrinter.Print(new Block(new Stmt[] { write }.ToEquatableArray())).Trim();
        }

        [Fact]
        public void The_generated_gradient_records_no_old_value_for_the_fill()
        {
            GeneratorHarness run = GeneratorHarness.Run("using System; using Diff; static partial class C { " + Fill + " }");
            Assert.Empty(run.GeneratedCodeErrors);
            string gradient = run.Sources.Single(s => s.HintName.EndsWith("C.F.g.cs", System.StringComparison.Ordinal)).Text;
            Assert.DoesNotContain("= xo[k];", gradient);
            Assert.Contains("= xo[1];", gradient);
        }
    }
}
