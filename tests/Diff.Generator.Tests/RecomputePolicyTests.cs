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
            Assert.DoesNotContain("TapeArrays", recomputed.Substring(0, recomputed.IndexOf("FTangent", System.StringComparison.Ordinal)));
        }

        private static string Generate(DifferentiableGenerator generator)
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(Source);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        }
    }
}
