using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// A local array that no reference outlives the method takes its storage from the thread's scratch arrays in the
    /// bodies that run both sweeps (<c>MGradient</c>, <c>MPullback</c>), and keeps <c>new</c> wherever a reference might
    /// outlive the call: a swap between locals, a helper in another file, a Record half read by its Reverse half later.
    /// The derivatives and the allocation are checked in Diff.Gradients.Tests (PooledLocalArrays).
    /// </summary>
    public sealed class PooledLocalArraysTests
    {
        private const string Source = @"using System;
using System.Linq;
using Diff;
public static partial class C
{
    [Differentiable]
    public static double Norm(double[] v)
    {
        double s = 0;
        for (int k = 0; k < v.Length; k++) s += v[k] * v[k];
        return s;
    }

    [Differentiable]
    public static double Stays(double[] a, int n)
    {
        double[] u = new double[n];
        for (int k = 0; k < u.Length; k++) u[k] = Math.Sin(a[k % a.Length]);
        Span<double> t = stackalloc double[2];
        t[0] = u.Max();
        Array.Clear(u, 0, 1);
        return Norm(u) + t[0];
    }

    [Differentiable]
    public static double Swapped(double[] a)
    {
        double[] u = new double[a.Length];
        double[] w = new double[a.Length];
        for (int k = 0; k < a.Length; k++) { u[k] = a[k] * a[k]; w[k] = a[k]; }
        (u, w) = (w, u);
        return Norm(u) * w[0];
    }

    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double Inner(double[] a, double w)
    {
        double[] u = new double[a.Length];
        for (int k = 0; k < a.Length; k++) u[k] = Math.Exp(w * a[k]);
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += u[k] * a[k];
        return s;
    }

    [Differentiable]
    public static double Outer(double[] a)
    {
        double s = 0;
        for (int i = 0; i < 3; i++) s += Inner(a, 0.1 * i);
        return s;
    }

    [Differentiable]
    public static double ToOtherFile(double[] a)
    {
        double[] u = new double[a.Length];
        for (int k = 0; k < a.Length; k++) u[k] = a[k] * 3;
        return D.Sum(u);
    }
}";

        private const string OtherFile = @"using Diff;
public static partial class D
{
    [Differentiable]
    public static double Sum(double[] v)
    {
        double s = 0;
        for (int k = 0; k < v.Length; k++) s += v[k];
        return s;
    }
}";

        private static GeneratorHarness Generated()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source, OtherFile);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return run;
        }

        [Fact]
        public void A_gradient_takes_the_storage_of_arrays_that_stay_in_the_method_from_the_scratch_arrays()
        {
            GeneratorHarness run = Generated();
            string gradient = run.Method("C.Stays.g.cs", "StaysGradient(");
            Assert.Contains("double[] u = global::Diff.Internal.ScratchArrays.Zeroed(ref ", gradient);
            Assert.Contains("double[] t = global::Diff.Internal.ScratchArrays.Zeroed(ref ", gradient);
            Assert.DoesNotContain("new double[", gradient);

            // Forward mode keeps the arrays as written.
            Assert.Contains("double[] u = new double[n];", run.Method("C.Stays.g.cs", "StaysTangent("));
        }

        [Theory]
        [InlineData("C.Swapped.g.cs", "SwappedGradient(")]
        [InlineData("C.ToOtherFile.g.cs", "ToOtherFileGradient(")]
        public void An_array_a_reference_to_which_may_outlive_the_method_keeps_its_allocation(string file, string method)
        {
            GeneratorHarness run = Generated();
            string gradient = run.Method(file, method);
            Assert.Contains("double[] u = new double[a.Length];", gradient);
            Assert.DoesNotContain("double[] u = global::Diff.Internal.ScratchArrays", gradient);
        }

        /// <summary>
        /// A Record half runs once per call of its caller: an array its reverse half does not read takes pooled storage and
        /// gives it back at the end, after the frame (here the array's length, for the reverse half's adjoint) is recorded.
        /// </summary>
        [Fact]
        public void A_record_half_pools_the_arrays_its_reverse_half_does_not_read()
        {
            GeneratorHarness run = Generated();
            string record = run.Method("C.Inner.g.cs", "InnerRecord(");
            Assert.Contains("double[] u = global::Diff.Internal.ScratchArrays.Zeroed(ref ", record);
            Assert.DoesNotContain("new double[", record);
            int frame = record.IndexOf("= u.Length;", System.StringComparison.Ordinal);
            int given = record.IndexOf("global::Diff.Internal.ScratchArrays.Return(", System.StringComparison.Ordinal);
            Assert.True(frame >= 0 && given > frame, record);
            Assert.DoesNotContain("double[] u =", run.Method("C.Inner.g.cs", "InnerReverse("));
            Assert.Contains("InnerRecord(", run.Method("C.Outer.g.cs", "OuterGradient("));
            Assert.Contains("double[] u = global::Diff.Internal.ScratchArrays.Zeroed(ref ", run.Method("C.Inner.g.cs", "InnerGradient("));
        }
    }
}
