using System;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// A refused [Differentiable] method and the code that calls it: the build reports the DIFF errors at the offending
    /// code and nothing else. A method refused for its body gets stand-ins for its companions (every one a caller may
    /// name: gradient, pullbacks, tangent, Hessian-vector product, Jacobian; Record and Reverse in tensor mode), so that
    /// a [Differentiable] caller's generated code, and the user's own calls, compile; a call of a method whose
    /// declaration is refused, so that it gets no companions at all, is refused at the call.
    /// </summary>
    public sealed class RefusedMethodTests
    {
        private const string Usings = "using System;\nusing Diff;\n";

        /// <summary>Every error of the build, the generated files' and the user's, besides the analyzer's DIFF errors.</summary>
        private static Diagnostic[] CompileErrors(GeneratorHarness run) =>
            run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();


        [Fact]
        public void Callers_of_methods_refused_for_passing_one_buffer_twice_compile()
        {
            (string source, _) = Markup.Parse(Usings + @"public static partial class C
{
    [Differentiable] public static void Into(double[] a, double s, double[] c) { for (int i = 0; i < a.Length; i++) c[i] = a[i] * s; }

    // Refused (DIFF013): the same buffer passed twice to a callee that writes buffers. F returns a value, F2 also writes
    // its buffer itself (its callers use its seeded pullback) and H returns nothing (its callers use its pullback).
    [Differentiable] public static double F(double[] v, double x) { Into(v, x, v); return v[0] * x; }
    [Differentiable] public static double F2(double[] v, double x) { v[0] = v[0] * x; Into(v, x, v); return v[0]; }
    [Differentiable] public static void H(double[] v, double x) { Into(v, x, v); }

    // Their callers: gradients, tangents and Hessian-vector products that call the refused methods' companions.
    [Differentiable] public static double G(double[] v, double x) => F(v, x) * x;
    [Differentiable] public static double W(double[] v, double x) { double r = F2(v, x); return r * v[1]; }
    [Differentiable] public static double K(double[] v, double x) { H(v, x); return v[0] * x; }

    // The user's own calls of the refused methods' companions.
    public static double Use(double[] v, double[] dV, double[] jacobian)
    {
        double dX = 0;
        HJacobian(v, 2.0, jacobian);
        return FGradient(v, 2.0, dV, ref dX) + F2Pullback(v, 2.0, 1.0, dV, ref dX);
    }
}");
            GeneratorHarness run = GeneratorHarness.Run(source);

            Diagnostic[] refusals = run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.Equal(3, refusals.Length);
            Assert.All(refusals, d =>
            {
                Assert.Equal("DIFF013", d.Id);
                Assert.Contains("the same buffer is passed twice", d.GetMessage());
                Assert.Equal("v", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
            });
            Assert.Empty(CompileErrors(run));

            Assert.Equal(new[] { "C.F.g.cs", "C.F2.g.cs", "C.H.g.cs" }, run.StandIns.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal));
            Assert.Equal(new[] { "C.G.g.cs", "C.Into.g.cs", "C.K.g.cs", "C.W.g.cs" }, run.Adjoints.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal));

            // The callers do call the stand-ins, in every mode.
            // F writes v through Into, so G differentiates its call through F's seeded pullback (its halves).
            string g = run.Source("C.G.g.cs");
            Assert.Contains("C.FRecord(", g);
            Assert.Contains("C.FReverse(", g);
            Assert.Contains("C.FTangent(", g);
            Assert.Contains("C.FPullbackHessianVector(", g);
            Assert.Contains("C.F2Record(", run.Source("C.W.g.cs"));
            Assert.Contains("C.F2Reverse(", run.Source("C.W.g.cs"));
            Assert.Contains("C.F2Tangent(", run.Source("C.W.g.cs"));
            Assert.Contains("C.HReverse(", run.Source("C.K.g.cs"));
            Assert.Contains("C.HTangent(", run.Source("C.K.g.cs"));

            // The stand-ins throw, naming the method and its error; the build stops at the DIFF error before they could run.
            Type c = run.Load().GetType("C")!;
            var thrown = Assert.Throws<TargetInvocationException>(() =>
                c.GetMethod("GGradient")!.Invoke(null, new object?[] { new[] { 1.0, 2.0 }, 3.0, new double[2], 0.0 }));
            var refused = Assert.IsType<InvalidOperationException>(thrown.InnerException);
            Assert.Contains("C.F", refused.Message);
            Assert.Contains("DIFF013", refused.Message);
        }

        [Theory]
        [InlineData("DIFF001", "static double Opaque(double v) => v; [Differentiable] public static double F(double x, double[] a) => Opaque(x) * a[0];")]
        [InlineData("DIFF002", "[Differentiable] public static double F(double x, double[] a) { try { return x * a[0]; } catch { return 0; } }")]
        [InlineData("DIFF003", "[Differentiable] public static double F(double x, double[] a) { Func<double> f = () => x * a[0]; return x * a[0]; }")]
        [InlineData("DIFF005", "static double _last; [Differentiable] public static double F(double x, double[] a) { _last = x; return x * a[0]; }")]
        [InlineData("DIFF013", "[Differentiable] public static double F(double x, double[] a) { double @double = x * a[0]; return @double * x; }")]
        [InlineData("DIFF013", "[Differentiable] public static double F(double x, double[] a) { ref double r = ref a[0]; return r * x; }")]
        [InlineData("DIFF014", "[Differentiable] public static double F(double x, double[] a) { double dX = 2 * x; return dX * a[0]; }")]
        public void Callers_of_a_method_refused_for_its_body_compile(string id, string refused)
        {
            string source = Usings + "public static partial class C { " + refused
                + " [Differentiable] public static double G(double x, double[] a) { double s = F(x, a); return s * F(a[1], a) + x; } }";
            GeneratorHarness run = GeneratorHarness.Run(source);

            Assert.Contains(run.GeneratorDiagnostics, d => d.Id == id && d.Severity == DiagnosticSeverity.Error);
            Assert.All(run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), d => Assert.Equal(id, d.Id));
            Assert.Empty(CompileErrors(run));
            Assert.Contains(id, Assert.Single(run.StandIns).Text);
            string g = Assert.Single(run.Adjoints).Text;

            // Through its gradient when it is a straight-line leaf, through its halves otherwise; through its seeded
            // pullback where it may write its buffer (a ref local of an element).
            Assert.True(g.Contains("C.FGradient(", StringComparison.Ordinal) || g.Contains("C.FRecord(", StringComparison.Ordinal) && g.Contains("C.FReverse(", StringComparison.Ordinal)
                        || g.Contains("C.FPullback(", StringComparison.Ordinal) && refused.Contains("ref double", StringComparison.Ordinal), g);
            Assert.Contains("C.FTangent(", g);
            Assert.True(g.Contains("C.FHessianVector(", StringComparison.Ordinal) || g.Contains("C.FPullbackHessianVector(", StringComparison.Ordinal), g);
        }

        [Fact]
        public void Callers_of_a_refused_method_with_a_read_only_span_parameter_compile()
        {
            // The caller records the call through the callee's halves, which the stand-ins must have too.
            string source = Usings + "public static partial class C { "
                + "[Differentiable] public static double H(ReadOnlySpan<double> x) { double s = 0; foreach (double v in x) { s += v * v; } try { s += 1; } finally { } return s; } "
                + "[Differentiable] public static double G(double[] a) => H(a) + a[0]; }";
            GeneratorHarness run = GeneratorHarness.Run(source);

            Assert.All(run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), d => Assert.Equal("DIFF002", d.Id));
            Assert.Empty(CompileErrors(run));
            Assert.Contains("C.HRecord(", Assert.Single(run.Adjoints).Text);
        }

        [Fact]
        public void Callers_of_a_method_refused_while_analysing_compile_and_so_do_overloads_and_instance_methods()
        {
            // DIFF001 for a call left without a registration is found by Analyse, after Bind.
            string source = Usings + @"public partial class M
{
    static float Opaque(float v) => v;
    [Differentiable] public float F(float x, Span<float> s) { s[0] = Opaque(x) * s[0]; return s[0]; }
    [Differentiable] public float F(float x) => Opaque(x);
    [Differentiable] public float G(float x, Span<float> s, ReadOnlySpan<float> r) => F(x, s) * F(x) * r[0];
}";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Equal(2, run.GeneratorDiagnostics.Count(d => d.Id == "DIFF001"));
            Assert.Empty(CompileErrors(run));
            Assert.Equal(2, run.StandIns.Count);
            string g = Assert.Single(run.Adjoints, s => s.HintName == "M.G.g.cs").Text;
            Assert.Contains("FReverse(", g);
            Assert.Contains("FGradient(", g);
        }

        [Theory]
        [InlineData("DIFF001", "static Tensor Opaque(Tensor v) => v; [Differentiable] public static Tensor F(Tensor x) => Opaque(x).Sum();")]
        [InlineData("DIFF013", "[Differentiable] public static Tensor F(Tensor x) { float s = x.Sum().Item(); return (x * s).Sum(); }")]
        public void Callers_of_a_tensor_method_refused_for_its_body_compile(string id, string refused)
        {
            string source = Usings + "public static partial class C { " + refused + " [Differentiable] public static Tensor G(Tensor x) => (F(x) * x).Sum(); }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.All(run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), d => Assert.Equal(id, d.Id));
            Assert.NotEmpty(run.GeneratorDiagnostics);
            Assert.Empty(CompileErrors(run));
            string standIn = Assert.Single(run.StandIns).Text;
            Assert.Contains("FRecord(", standIn);
            Assert.Contains("FReverse(", standIn);
            Assert.Contains("C.FRecord(", Assert.Single(run.Adjoints).Text);
        }

        [Fact]
        public void An_override_of_a_refused_virtual_tensor_method_compiles()
        {
            string source = Usings + @"public partial class Base
{
    [Differentiable] public virtual Tensor F(Tensor x) { float s = x.Sum().Item(); return (x * s).Sum(); }
}

public partial class Derived : Base
{
    [Differentiable] public override Tensor F(Tensor x) => (x * x).Sum();
}";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id == "DIFF013");
            Assert.Empty(CompileErrors(run));
            string standIn = Assert.Single(run.StandIns).Text;
            Assert.Contains("public virtual global::Diff.Tensor FRecord(", standIn);
            Assert.Contains("public override global::Diff.Tensor FRecord(", Assert.Single(run.Adjoints).Text);
        }

        [Theory]
        [InlineData("D.F(x)", "DIFF008", "its type 'D' is not partial (DIFF008)", "public static class D { [Differentiable] public static double F(double x) => x * x; }")]
        [InlineData("D.F<int>(x)", "DIFF010", "it is generic (DIFF010)", "public static partial class D { [Differentiable] public static double F<T>(double x) => x * x; }")]
        public void An_active_call_of_a_method_whose_declaration_is_refused_is_refused_at_the_call(string call, string id, string reason, string callee)
        {
            (string source, var span) = Markup.Parse(Usings + callee
                + "\npublic static partial class C { [Differentiable] public static double G(double x, int n) => [|" + call + "|] * x + D.F" + (call.Contains("<") ? "<int>" : string.Empty) + "(n); }");
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Contains(run.GeneratorDiagnostics, d => d.Id == id);
            Diagnostic atCall = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF013");
            Assert.Equal(span!.Value, atCall.Location.SourceSpan);
            Assert.Contains(reason, atCall.GetMessage());
            Assert.Empty(CompileErrors(run));

            // G is refused for its body in turn, so its own callers still compile; F gets nothing.
            Assert.Empty(run.Adjoints);
            Assert.Equal("C.G.g.cs", Assert.Single(run.StandIns).HintName);
        }

        [Fact]
        public void A_call_with_constant_arguments_of_a_method_whose_declaration_is_refused_is_fine()
        {
            string source = Usings + "public static class D { [Differentiable] public static double F(double x) => x * x; }\n"
                + "public static partial class C { [Differentiable] public static double G(double x, int n) => D.F(n) * x; }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Equal("DIFF008", Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error).Id);
            Assert.Empty(CompileErrors(run));
            Assert.Equal("C.G.g.cs", Assert.Single(run.Adjoints).HintName);
        }

        [Fact]
        public void A_tensor_call_of_a_method_whose_type_is_not_partial_is_refused_at_the_call()
        {
            (string source, var span) = Markup.Parse(Usings + "public static class D { [Differentiable] public static Tensor F(Tensor x) => (x * x).Sum(); }\n"
                + "public static partial class C { [Differentiable] public static Tensor G(Tensor x) => ([|D.F(x)|] * x).Sum(); }");
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic atCall = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF013");
            Assert.Equal(span!.Value, atCall.Location.SourceSpan);
            Assert.Contains("(DIFF008)", atCall.GetMessage());
            Assert.Empty(CompileErrors(run));
        }

        [Fact]
        public void A_method_with_a_compile_error_besides_its_refusal_gets_no_stand_ins()
        {
            string source = Usings + "public static partial class C { static double _last; [Differentiable] public static double F(double x) { _last = x; int n = x; return x * n; } }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Empty(run.Sources);
        }
    }
}
