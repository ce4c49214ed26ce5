using System;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// A call of a buffer-writing [Differentiable] method is recorded once: the caller's forward sweep runs the callee's
    /// <c>…Record</c> and its reverse sweep the callee's <c>…Reverse</c>, over shared tapes, instead of a pullback that
    /// runs the callee again at every level of the chain. These tests read the generated code; the gradients
    /// themselves are checked against finite differences in Diff.Gradients.Tests (RecordedCalls).
    /// </summary>
    public sealed class RecordReverseTests
    {
        // The helpers are small enough to be inlined; NoInlining keeps them calls, which these tests are about.
        private const string Chain = @"using System;
using System.Runtime.CompilerServices;
using Diff;
public static partial class C
{
    [Differentiable, MethodImpl(MethodImplOptions.NoInlining)]
    public static void Cell(double[] w, double[] state)
    {
        int n = state.Length;
        for (int j = 0; j < n; j++) state[j] = Math.Tanh(w[j] * state[j]);
    }

    [Differentiable, MethodImpl(MethodImplOptions.NoInlining)]
    public static void Predict(double[] w, double[] state, int layers)
    {
        for (int k = 0; k < layers; k++) Cell(w, state);
    }

    [Differentiable]
    public static double Objective(double[] w, double[] initial)
    {
        double[] state = new double[initial.Length];
        for (int j = 0; j < state.Length; j++) state[j] = initial[j];
        Predict(w, state, 3);
        return state[0] * state[1];
    }
}";


        [Fact]
        public void Callers_record_a_buffer_writing_call_once_and_reverse_it_from_the_tapes()
        {
            GeneratorHarness run = GeneratorHarness.Run(Chain);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            string objective = run.Source("C.Objective.g.cs");
            Assert.Contains("global::C.PredictRecord(w, state, 3, __callTape);", objective);
            Assert.Contains("global::C.PredictReverse(", objective);
            Assert.DoesNotContain("PredictPullback(", objective);
            Assert.Contains("global::Diff.Internal.CallTape.Rent()", objective);

            // Predict's halves call Cell's halves: no level runs its callee's forward again.
            string predict = run.Source("C.Predict.g.cs");
            string record = Body(predict, "PredictRecord");
            string reverse = Body(predict, "PredictReverse");
            Assert.Contains("CellRecord(", record);
            Assert.DoesNotContain("CellPullback(", record + reverse);
            Assert.Contains("CellReverse(", reverse);

            // Cell's reverse half starts from the frame its record half left: the loop's trip count, a top-level local.
            string cell = run.Source("C.Cell.g.cs");
            Match pushed = Regex.Match(Body(cell, "CellRecord"), @"__tapeI\[__topI\+\+\] = (__s\d+);");
            Assert.True(pushed.Success, cell);
            Assert.Contains("int " + pushed.Groups[1].Value + " = __tapeI[--__topI];", Body(cell, "CellReverse"));
        }

        [Fact]
        public void A_callee_whose_reverse_reads_a_span_local_gets_halves_that_run_its_pullback()
        {
            GeneratorHarness run = GeneratorHarness.Run(@"using System;
using Diff;
public static partial class C
{
    private static readonly int[] Map = { 1, 0 };

    [Differentiable]
    public static void Swap(double[] x, double[] y)
    {
        ReadOnlySpan<int> map = Map;
        for (int i = 0; i < y.Length; i++) y[i] = y[i] * x[map[i]];
    }

    [Differentiable]
    public static double Twice(double[] x, double[] y)
    {
        Swap(x, y);
        Swap(x, y);
        return y[0] + y[1];
    }
}");
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            string swap = run.Source("C.Swap.g.cs");
            Assert.Contains("Swap(x, y);", Body(swap, "SwapRecord"));
            Assert.Contains("SwapPullback(x, __before_y, dX, dY);", Body(swap, "SwapReverse"));

            // Run it: the gradient of y0·y1-style products through two swaps, against the closed form.
            Type c = run.Load().GetType("C")!;
            double[] x = { 0.5, -1.5 };
            double[] y = { 2.0, 3.0 };
            double[] dX = new double[2], dY = new double[2];
            c.GetMethod("TwiceGradient")!.Invoke(null, new object[] { x, y, dX, dY });

            // y_i' = y_i · x_{1-i}²: the sum's gradient is x_{1-i}² for y_i and 2 · y_{1-i} · x_i for x_i.
            Assert.Equal(new[] { 1.5 * 1.5, 0.5 * 0.5 }, dY);
            Assert.Equal(new[] { 2 * 3.0 * 0.5, 2 * 2.0 * -1.5 }, dX);
        }

        /// <summary>
        /// The Reverse half and the Pullback take the result's adjoint as <c>dResult</c> and copy the body beside it: a
        /// local of that name hid it (CS0136, reported at the user's own declaration through <c>#line</c>).
        /// </summary>
        [Fact]
        public void A_local_named_like_the_result_adjoint_renames_the_adjoint()
        {
            GeneratorHarness run = GeneratorHarness.Run(@"using System;
using Diff;
public static partial class C
{
    [Differentiable]
    public static double Scaled(double[] x)
    {
        double dResult = 2.0;
        return x[0] * dResult;
    }

    [Differentiable]
    public static double WritesAndReturns(double[] x, double[] y)
    {
        double dResult = 2.0;
        y[0] = x[0] * dResult;
        return y[0] * x[1];
    }

    [Differentiable]
    public static double Caller(double[] x) => Scaled(x) + Math.Sin(x[1]);
}");
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Contains("double dResult_", run.Source("C.WritesAndReturns.g.cs"));
        }

        [Fact]
        public void Halves_of_instance_methods_of_structs_and_classes_compile()
        {
            // A struct's instance members cannot be reached from a local function: no half may use one.
            GeneratorHarness run = GeneratorHarness.Run(@"using System;
using Diff;
public partial struct S
{
    public double W;
    [Differentiable] public double Leaf(double[] a) => W * a[0] + a[1];
    [Differentiable] public double Looped(double[] a) { double s = 0; for (int i = 0; i < a.Length; i++) s += W * a[i] * a[i]; return s; }
    [Differentiable] public void Scale(double[] a, double[] into) { for (int i = 0; i < a.Length; i++) into[i] = W * a[i]; }
    [Differentiable] public double Caller(double[] a) { double[] t = new double[a.Length]; Scale(a, t); return Looped(t) + Leaf(a); }
}
public partial class K
{
    private readonly double _w = 2;
    [Differentiable] public double Looped(double[] a) { double s = 0; for (int i = 0; i < a.Length; i++) s += _w * a[i]; return s; }
    [Differentiable] public double Caller(double[] a) => Looped(a) * Looped(a);
}");
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Contains("LoopedReverse(", run.Source("S.Caller.g.cs"));
            Assert.Contains("ScaleRecord(", run.Source("S.Caller.g.cs"));
            Assert.Contains("LoopedReverse(", run.Source("K.Caller.g.cs"));
            Assert.Contains("public void LeafReverse(", run.Source("S.Leaf.g.cs"));

            // Run the struct's: a = (1, 2), W = 3. Caller = Σ 3·(3aᵢ)² + 3a₀ + a₁ = 27·Σaᵢ² + 3a₀ + a₁.
            Type s = run.Load().GetType("S")!;
            object instance = Activator.CreateInstance(s)!;
            s.GetField("W")!.SetValue(instance, 3.0);
            double[] dA = new double[2];
            object value = s.GetMethod("CallerGradient")!.Invoke(instance, new object[] { new[] { 1.0, 2.0 }, dA })!;
            Assert.Equal(27 * 5 + 3 + 2, (double)value, 10);
            Assert.Equal(new[] { 54 * 1.0 + 3, 54 * 2.0 + 1 }, dA);
        }

        /// <summary>The body of the generated method <paramref name="name"/>: from its signature to the next one.</summary>
        private static string Body(string source, string name)
        {
            int start = source.IndexOf(" " + name + "(", StringComparison.Ordinal);
            Assert.True(start >= 0, name + " is not generated");
            int end = source.IndexOf("[global::System.CodeDom.Compiler.GeneratedCode", start, StringComparison.Ordinal);
            return end < 0 ? source.Substring(start) : source.Substring(start, end - start);
        }
    }
}
