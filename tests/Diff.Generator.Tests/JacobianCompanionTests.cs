using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// The companions <c>MJacobian</c> runs (<c>MPullbackLanes</c>, <c>MTangentLanes</c>) and the Jacobian itself compile
    /// in a file that imports nothing but Diff: the generated code names every type and extension method it needs in
    /// full. The Jacobians' values are checked in Diff.Gradients.Tests (ReverseLanes, TangentLanes).
    /// </summary>
    public sealed class JacobianCompanionTests
    {
        private const string Source = @"using Diff;
public static partial class C
{
    [Differentiable]
    public static void Arrays(double[] x, double s, double[] y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = System.Math.Sin(x[i % x.Length] * s);
    }

    [Differentiable]
    public static void Spans(System.ReadOnlySpan<double> x, System.Span<double> y)
    {
        double[] work = new double[2];
        work[0] = x[0] * x[1];
        work[1] = System.Math.Exp(x[0]);
        for (int i = 0; i < y.Length; i++) y[i] = work[i % 2] * x[i % x.Length];
    }

    [Differentiable]
    public static void Suffixes(System.ReadOnlySpan<double> x, double x_rented, System.ReadOnlySpan<double> x_flat, System.Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i % x.Length] * x_rented + x_flat[0];
    }

    [Differentiable]
    public static void Floats(float[] x, float[] y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i % x.Length] * x[0];
    }
}";

        [Fact]
        public void Jacobians_and_their_lanes_compile_without_System_imported()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
            Assert.Contains("ArraysPullbackLanes(", run.Source("C.Arrays.g.cs"));
            Assert.Contains("SpansPullbackLanes(", run.Source("C.Spans.g.cs"));
            Assert.Contains("FloatsJacobian(", run.Source("C.Floats.g.cs"));

            // Parameters named like the Jacobian's own locals for another parameter (x_rented, x_flat) take nothing from them.
            Assert.Contains("SuffixesPullbackLanes(", run.Source("C.Suffixes.g.cs"));

            // The lanes are double: a float method's Jacobian runs its pullbacks one row at a time.
            Assert.DoesNotContain("FloatsPullbackLanes(", run.Source("C.Floats.g.cs"));
        }
    }
}
