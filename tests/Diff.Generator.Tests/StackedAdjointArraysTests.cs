using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// A local array of a fixed literal length gets its adjoint on the stack, in the gradient and in the pullback in lanes
    /// (Differentiate/StackedAdjointArrays), unless a callee's pullback takes adjoint arrays whole. The derivatives are
    /// checked against finite differences in Diff.Gradients.Tests (StackedAdjointArrays).
    /// </summary>
    public sealed class StackedAdjointArraysTests
    {
        private const string Source = @"using System;
using Diff;
public static partial class C
{
    [Differentiable]
    public static double Fixed(double[] a)
    {
        double[] u = new double[3];
        for (int k = 0; k < 3; k++) u[k] = a[k] * a[k];
        return u[0] * u[1] + u[2];
    }

    [Differentiable]
    public static double Sized(double[] a, int n)
    {
        double[] u = new double[n];
        for (int k = 0; k < n; k++) u[k] = a[k] * a[k];
        return u[0];
    }

    [Differentiable]
    public static void Residual(ReadOnlySpan<double> p, Span<double> r)
    {
        double[] q = new double[2];
        q[0] = p[0] * p[1];
        q[1] = Math.Sin(p[1]);
        r[0] = q[0] + q[1];
        r[1] = q[0] * q[1];
    }

    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double Fill(double[] v)
    {
        double s = 0;
        for (int k = 0; k < v.Length; k++) s += v[k] * v[k];
        return s;
    }

    [Differentiable]
    public static double CallsWithTheArray(double[] a)
    {
        double[] u = new double[3];
        for (int k = 0; k < 3; k++) u[k] = a[k] * 2;
        return Fill(u) * Fill(u);
    }
}";

        [Fact]
        public void A_fixed_length_local_array_has_its_adjoint_on_the_stack()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            string gradient = run.Method("C.Fixed.g.cs", "FixedGradient(");
            Assert.Contains("global::System.Span<double> adj_u = stackalloc double[3];", gradient);
            Assert.Contains("adj_u.Clear();", gradient);
            Assert.DoesNotContain("adj_u = global::Diff.Internal.ScratchArrays", gradient);
            string lanes = run.Method("C.Residual.g.cs", "ResidualPullbackLanes<__TLanes>(");
            Assert.Contains("global::System.Span<__TLanes> adj_q = stackalloc __TLanes[2];", lanes);
            Assert.Contains("__TLanes.AddScaled(ref ", lanes);
        }

        [Theory]
        [InlineData("C.Sized.g.cs", "SizedGradient(")]
        [InlineData("C.CallsWithTheArray.g.cs", "CallsWithTheArrayGradient(")]
        public void A_length_known_only_at_run_time_or_a_call_taking_adjoints_keeps_the_array(string file, string method)
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.DoesNotContain("stackalloc", run.Method(file, method));
        }
    }
}
