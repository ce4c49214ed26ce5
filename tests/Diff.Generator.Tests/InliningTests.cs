using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// Small [Differentiable] helpers of the same type and file are inlined into their callers before the transforms
    /// (Lowering/InlineLowering); these tests read the generated code. The gradients of inlined callers are checked
    /// against finite differences in Diff.Gradients.Tests (InlinedHelpers).
    /// </summary>
    public sealed class InliningTests
    {
        private const string Source = @"using System;
using System.Runtime.CompilerServices;
using Diff;
public static partial class Other
{
    [Differentiable]
    public static double Cube(double v) => v * v * v;
}

public static partial class C
{
    [Differentiable]
    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    [Differentiable, MethodImpl(MethodImplOptions.NoInlining)]
    public static double Kept(double v) => Math.Sin(v);

    [Differentiable]
    public static double F(double[] a, double[] b, double x) => Dot(a, b) * Kept(x) + Other.Cube(x);
}";


        [Fact]
        public void A_small_helper_of_the_same_type_is_inlined_with_its_names_made_fresh()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            string f = run.Source("C.F.g.cs");
            Assert.DoesNotContain("DotRecord(", f);
            Assert.DoesNotContain("DotGradient(", f);
            Assert.Contains("// Dot: s += a[i] * b[i]", f);
            Assert.Contains("Dot_s = Dot_s + ", f);
        }

        [Fact]
        public void NoInlining_and_a_helper_of_another_type_stay_calls()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            string f = run.Source("C.F.g.cs");
            Assert.Contains("global::C.KeptGradient(", f);
            Assert.Contains("global::Other.CubeGradient(", f);
        }
    }
}
