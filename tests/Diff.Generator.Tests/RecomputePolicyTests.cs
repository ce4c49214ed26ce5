using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// Kernels compute partials again instead of recording them; the fuzzer turns the same policy on for every
    /// method (<c>--recompute</c>) to check it on random programs. Here: the switch does what it says.
    /// </summary>
    public sealed class RecomputePolicyTests
    {
        private const string Source = @"using System; using Diff;
static partial class C
{
    [Differentiable] static double F(double[] x)
    {
        double s = 0;
        for (int j = 0; j < x.Length; j++) s += Math.Exp(x[j]);
        double t = 0;
        for (int j = 0; j < x.Length; j++) t += Math.Exp(x[j]) / s;
        return t * s;
    }
}";

        [Fact]
        public void With_the_policy_the_loops_record_nothing()
        {
            string recorded = Generate(new DifferentiableGenerator());
            string recomputed = Generate(new DifferentiableGenerator(recomputePartials: true));
            Assert.Contains("TapeArrays", recorded);
            // The gradient itself: what precedes the halves that callers record calls through, and the tangent.
            Assert.DoesNotContain("TapeArrays", recomputed.Substring(0, recomputed.IndexOf("FRecord", System.StringComparison.Ordinal)));
        }

        [Fact]
        public void Loop_locals_are_declared_again_in_the_reverse_sweep_and_forward_over_reverse_compiles()
        {
            // half is not differentiated (its tangent is zero, and the Hessian-vector product declares none for it);
            // square is: both are evaluated again at the top of the reverse trip instead of being recorded.
            const string loopLocals = @"using System; using Diff;
static partial class C
{
    [Differentiable] static double G(double[] x, double a)
    {
        double s = 0;
        for (int j = 0; j < x.Length; j++) { float half = 0.5f; double square = x[j] * x[j]; s += half * square + a * Math.Sin(square); }
        return s;
    }
}";
            string recomputed = Generate(new DifferentiableGenerator(recomputePartials: true), loopLocals);
            string gradient = recomputed.Substring(0, recomputed.IndexOf("GRecord", System.StringComparison.Ordinal));
            Assert.DoesNotContain("TapeArrays", gradient);
            string[] lines = gradient.Split('\n').Select(l => l.Trim()).ToArray();
            Assert.Equal(2, lines.Count(l => l == "float half = 0.5f;"));
            Assert.Single(lines, l => l == "double square = x[j] * x[j];");   // the forward computes it through a temporary
            Assert.Contains("GHessianVector(", recomputed);
        }

        private static string Generate(DifferentiableGenerator generator, string source = Source)
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(source);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        }
    }
}
