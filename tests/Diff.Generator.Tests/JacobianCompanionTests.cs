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

        /// <summary>
        /// A written buffer's initial values are kept only where a run could see them: where the method reads the buffer
        /// (itself or through a call that is passed it), or where it shares memory with an input (checked at run time).
        /// </summary>
        [Fact]
        public void Initial_values_are_kept_only_for_buffers_a_run_could_see()
        {
            GeneratorHarness run = GeneratorHarness.Run(@"using Diff;
public static partial class K
{
    [Differentiable]
    public static void WriteOnly(System.ReadOnlySpan<double> x, System.Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i % x.Length] * x[0];
    }

    [Differentiable]
    public static void ScalarOnly(double s, System.Span<double> y)
    {
        int n = y.Length;
        for (int i = 0; i < n; i++) y[i] = s * i;
    }

    [Differentiable]
    public static void ReadsIt(System.ReadOnlySpan<double> x, System.Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = y[i] * x[0];
    }

    [Differentiable]
    public static void Scale(System.Span<double> y, double s)
    {
        for (int i = 0; i < y.Length; i++) y[i] *= s;
    }

    [Differentiable]
    public static void ThroughCall(System.ReadOnlySpan<double> x, System.Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i % x.Length];
        Scale(y, x[0]);
    }
}");
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
            const string Stacked = "__initial_y = __initial_y_rented is null ? stackalloc double[y.Length]";
            string writeOnly = run.Source("K.WriteOnly.g.cs");
            Assert.Contains("global::System.MemoryExtensions.Overlaps((global::System.ReadOnlySpan<double>)y, (global::System.ReadOnlySpan<double>)x)", writeOnly);
            Assert.DoesNotContain(Stacked, writeOnly);
            string scalarOnly = run.Source("K.ScalarOnly.g.cs");
            Assert.DoesNotContain("__initial_y", scalarOnly);
            Assert.DoesNotContain("__dirty", scalarOnly);
            Assert.Contains(Stacked, run.Source("K.ReadsIt.g.cs"));
            Assert.Contains(Stacked, run.Source("K.ThroughCall.g.cs"));
        }

        [Fact]
        public void A_single_column_or_row_is_one_run_written_into_the_Jacobian()
        {
            GeneratorHarness run = GeneratorHarness.Run(@"using Diff;
public static partial class K
{
    [Differentiable]
    public static void Curve(double t, System.Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = System.Math.Sin(t * i);
    }

    [Differentiable]
    public static void OfBuffer(System.ReadOnlySpan<double> a, System.Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = a[0] * i;
    }

    [Differentiable]
    public static void ReadsIt(double t, System.Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = y[i] * t;
    }

    [Differentiable]
    public static void OfArrays(double t, double[] y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = t * i;
    }
}");
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
            string curve = run.Source("K.Curve.g.cs");
            Assert.Contains("if (__columns == 1)", curve);
            Assert.Contains("CurveTangent(t, y, 1, jacobian.Slice(0, y.Length));", curve);
            Assert.Contains("CurvePullback(t, y, ref jacobian[0], global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref __one, 1));", curve);

            // An output that may share the input's memory is checked first: a tangent run that throws would have changed it.
            string ofBuffer = run.Source("K.OfBuffer.g.cs");
            Assert.Contains("if (__columns == 1 && !global::System.MemoryExtensions.Overlaps((global::System.ReadOnlySpan<double>)y, (global::System.ReadOnlySpan<double>)a))", ofBuffer);
            Assert.Contains("OfBufferPullback(a, y, jacobian.Slice(0, a.Length), global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref __one_, 1));", ofBuffer);

            // A method that reads what it writes gets no single tangent run (it could not start again), but its single row is one pullback.
            string readsIt = run.Source("K.ReadsIt.g.cs");
            Assert.DoesNotContain("if (__columns == 1", readsIt);
            Assert.Contains("if (__rows == 1)", readsIt);

            // An array's shadow cannot be a slice of the Jacobian.
            string ofArrays = run.Source("K.OfArrays.g.cs");
            Assert.DoesNotContain("if (__columns == 1", ofArrays);
            Assert.DoesNotContain("if (__rows == 1)", ofArrays);
        }
    }
}
