using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>Tensor-mode diagnostics: ID, severity and the exact span (between [| and |]).</summary>
    public sealed class TensorDiagnosticTests
    {
        private const string Usings = "using System;\nusing Diff;\nusing Diff.NN;\n";

        [Theory]
        [InlineData("DIFF001", "static Tensor Opaque(Tensor v) => v; [Differentiable] static Tensor F(Tensor x) => [|Opaque(x)|].Sum();")]
        [InlineData("DIFF001", "[Differentiable] static Tensor F(Tensor x) => [|Tensor.FromArray(x.ToArray(), 2)|].Sum();")]
        [InlineData("DIFF002", "[Differentiable] static Tensor F(Tensor x) { [|try|] { } finally { } return x.Sum(); }")]
        [InlineData("DIFF005", "static Tensor? _cache; [Differentiable] static Tensor F(Tensor x) { [|_cache = x * 2f|]; return x.Sum(); }")]
        [InlineData("DIFF006", "[Differentiable] static Tensor F(ref Tensor [|x|]) => x.Sum();")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x, Tensor y) { Tensor h = x * 1f; [|h.AddInPlace(y)|]; return h.Sum(); }")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x) => [|x.Split(2)[0]|].Sum();")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x, int k) => [|k switch { 0 => x.Sum(), _ => x.Exp().Sum() }|];")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x) { [|var (a, b)|] = (x.Exp(), x.Sigmoid()); return (a * b).Sum(); }")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x) { Tensor h = x * 2f; [|h.AsSpan()|][0] = 0f; return h.Sum(); }")]
        [InlineData("DIFF010", "[Differentiable] static [|float|] F(Tensor x) => 1f;")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x) { float s = [|x.Sum().Item()|]; return (x * s).Sum(); }")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x) => (x * [|x.Max(0).Item()|]).Sum();")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x) { [|x * 2f|]; return x.Sum(); }")]
        [InlineData("DIFF014", "[Differentiable] static Tensor F(Tensor x, Tensor [|dX|]) => (x * dX).Sum();")]
        [InlineData("DIFF001", "[Differentiable] static Tensor F(Tensor x) => [|Tensor.Cat(new[] { x, x }, 0)|].Sum();")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x) => x[[|(int)x.Sum().Item()|]].Sum();")]
        [InlineData("DIFF001", "[Differentiable] static Tensor F(Tensor x, Tensor w) => [|Tensor.MatMul(x, w, Tensor.Zeros(2, 2))|].Sum();")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x) { Tensor y = x; switch ([|x.Sum().Item()|]) { case > 0: y = x * x; break; } return y.Sum(); }")]
        [InlineData("DIFF013", "[Differentiable] static Tensor F(Tensor x, int k) { Tensor y = x; switch (k) { case 0: if (k > 1) [|break;|] y = x * x; break; } return y.Sum(); }")]
        public void Reports_error_at_the_offending_code(string id, string member) =>
            DiagnosticTests.AssertErrorAt(id, Usings + "static partial class C { " + member + " }");

        [Fact]
        public void Code_quoted_from_several_lines_is_quoted_on_one()
        {
            // A build log ends a message at its first line break: the reason must follow the code on the same line.
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { [Differentiable] static Tensor F(Tensor x, int k) => k switch\n    {\n        0 => x.Sum(),\n        _ => x.Exp().Sum(),\n    };\n}");
            Diagnostic refused = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF013");
            string message = refused.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.DoesNotContain('\n', message);
            Assert.Contains("k switch { 0 => x.Sum(), _ => x.Exp().Sum(), }", message);
        }

        [Fact]
        public void An_array_of_parts_is_refused_with_the_way_out_of_an_array_of_parts()
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { [Differentiable] static Tensor F(Tensor x) { Tensor[] parts = x.Split(2, 0); return x.Sum(); } }");
            Diagnostic refused = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF013");
            Assert.Contains("Narrow(dim, start, length)", refused.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Theory]
        [InlineData("[Differentiable] static Tensor F(Tensor x, Tensor b) => (b != null ? x * x + b : x * x).Sum();")]
        [InlineData("[Differentiable] static Tensor F(Tensor x, Tensor b) { bool has = b is not null && !(b == null); return (has ? x + b : x).Sum(); }")]
        [InlineData("[Differentiable] static Tensor F(Tensor x, int kind) { Tensor y; switch (kind) { case 0: y = x.Relu(); break; case > 3 when kind % 2 == 0: y = x * x; break; default: y = x.Tanh(); break; } return (y * x).Sum(); }")]
        [InlineData("[Differentiable] static Tensor F(Tensor x) { Tensor total = Tensor.ZerosLike(x); total = total + x * Tensor.OnesLike(x); return (total * x.ArgMax(0)).Sum(); }")]
        public void Tensor_mode_takes(string member)
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { " + member + " }");
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void Constant_tensor_result_gets_a_warning_and_still_generates()
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { [Differentiable] static Tensor F([NoDiff] Tensor x) => x.Sum(); }");
            Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "DIFF009" && d.Severity == DiagnosticSeverity.Warning);
            Assert.Contains(run.Sources, s => s.HintName.Contains("C.F"));
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void A_refused_statement_does_not_also_call_the_result_constant()
        {
            // The refused tuple leaves a and b without a derivative; DIFF009 would blame the result for it.
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { [Differentiable] static Tensor F(Tensor x) { var (a, b) = (x.Exp(), x.Sigmoid()); return (a * b).Sum(); } }");
            Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "DIFF013");
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "DIFF009");
        }

        private const string CubeOp = @"
public static class Ops
{
    public static Tensor Cube(Tensor x) => x * x * x;

    [DerivativeOf(typeof(Ops), nameof(Cube))]
    public static void CubeBackward(Tensor x, Tensor result, Tensor dResult, ref Tensor? dX) => Diff.Internal.Grad.Accumulate(ref dX, dResult * x * x * 3f);
";

        [Fact]
        public void Runtime_op_results_go_to_the_value_stack_and_a_user_op_keeps_what_it_is_given()
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings + CubeOp + "}\nstatic partial class C { [Differentiable] static Tensor F(Tensor x) => (Ops.Cube(x.Tanh()) * 2f).Sum(); }");
            Assert.Empty(run.GeneratedCodeErrors);
            string text = Assert.Single(run.Adjoints, s => s.HintName.Contains("C.F")).Text;
            // Pooled: the runtime ops' results (Tanh, * 2f, Sum) and the gradients their backwards write.
            Assert.Contains("= __stack1.Own(__stack1.Mark(), x.Tanh());", text);
            Assert.Contains("__stack1.Own(__mark, ref dX);", text);
            Assert.Contains("return __stack.Unwind(__result);", text);
            // Never pooled: what a user-registered op and its backward are given, and what the op returns.
            Assert.Contains("__stack1.Keep(", text);
            Assert.Contains("__stack1.Keep(__g);", text);
            Assert.DoesNotContain("Own(__stack1.Mark(), global::Ops.Cube(", text);
        }

        [Fact]
        public void A_null_check_or_a_shape_read_does_not_keep_a_tensor_from_the_pool()
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings
                + "static partial class C { static void Check(int[] a, int[] b) { }"
                + " [Differentiable] static Tensor F(Tensor x, Tensor w) { ArgumentNullException.ThrowIfNull(x); Check(x.Shape, w.Shape); Tensor h = x.Tanh(); int n = h.Shape[0]; return (h * w).Sum() * (float)n; } }");
            Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Empty(run.GeneratedCodeErrors);
            string text = Assert.Single(run.Adjoints, s => s.HintName.Contains("C.F")).Text;
            Assert.DoesNotContain(".Keep(", text);
        }

        [Fact]
        public void Tensors_that_host_code_reads_never_go_back_to_the_pool()
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings
                + "static partial class C { static void Log(Tensor v) { }"
                + " [Differentiable] static Tensor F(Tensor x, Tensor w) { Tensor h = x * 2f; Log(h); Tensor g = w.Tanh(); int n = g.Shape[0]; Tensor u = h.Exp(); return (u * g).Sum() * (float)n; } }");
            Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Empty(run.GeneratedCodeErrors);
            string text = Assert.Single(run.Adjoints, s => s.HintName.Contains("C.F")).Text;
            Assert.Contains("__stack1.Keep(h);", text);
            // g is only measured (g.Shape[0]), which keeps nothing.
            Assert.DoesNotContain("__stack1.Keep(g);", text);
            Assert.DoesNotContain("__stack1.Keep(u);", text);
            Assert.DoesNotContain("__stack1.Keep(x);", text);
        }

        [Fact]
        public void Parameters_that_host_code_reads_are_kept_on_entry()
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings
                + "static partial class C { static void Log(Tensor v) { } [Differentiable] static Tensor F(Tensor x, Tensor w) { Log(x); return (x * w).Sum(); } }");
            Assert.Empty(run.GeneratedCodeErrors);
            string text = Assert.Single(run.Adjoints, s => s.HintName.Contains("C.F")).Text;
            Assert.Contains("__stack1.Keep(x);", text);
            Assert.DoesNotContain("__stack1.Keep(w);", text);
        }

        [Fact]
        public void Op_without_a_tangent_gets_a_warning_and_a_tangent_that_throws()
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings + CubeOp + "}\nstatic partial class C { [Differentiable] static Tensor F(Tensor x) => (Ops.Cube(x) * 2f).Sum(); }");
            Diagnostic warning = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("DIFF019", warning.Id);
            Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
            Assert.Equal("Ops.Cube(x)", warning.Location.SourceTree!.GetText().ToString(warning.Location.SourceSpan));
            Assert.Contains("[TangentOf(typeof(Ops), nameof(Cube))]", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(run.GeneratedCodeErrors);
            string text = Assert.Single(run.Adjoints, s => s.HintName.Contains("C.F")).Text;
            Assert.Contains("global::Ops.CubeBackward(", text);
            Assert.Contains("FTangent is not available: 'global::Ops.Cube(x)' has no registered tangent", text);
        }

        [Fact]
        public void Registered_tangent_of_a_users_op_is_called()
        {
            const string tangent = "[TangentOf(typeof(Ops), nameof(Cube))] public static Tensor CubeTangent(Tensor x, Tensor result, Tensor? tX) => tX! * x * x * 3f;\n}";
            GeneratorHarness run = GeneratorHarness.Run(Usings + CubeOp + tangent + "\nstatic partial class C { [Differentiable] static Tensor F(Tensor x, Tensor w) => (Ops.Cube(x) * w).Sum(); }");
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.GeneratedCodeErrors);
            string text = Assert.Single(run.Adjoints, s => s.HintName.Contains("C.F")).Text;
            Assert.Contains("static global::Diff.Tensor FTangent(global::Diff.Tensor x, global::Diff.Tensor w, global::Diff.Tensor? tX, global::Diff.Tensor? tW, out global::Diff.Tensor tResult)", text);
            Assert.Contains("tX is null ? null : global::Ops.CubeTangent(x, __v, tX)", text);
        }

        [Fact]
        public void Tangents_of_virtual_and_abstract_methods_keep_their_modifiers()
        {
            const string source = @"
public abstract partial class Base : Module
{
    [Differentiable] public abstract Tensor Score(Tensor x);
    [Differentiable] public virtual Tensor Shift(Tensor x) => x + 1f;
}

public partial class Derived : Base
{
    [Differentiable] public override Tensor Score(Tensor x) => Shift(x).Tanh();
    [Differentiable] public sealed override Tensor Shift(Tensor x) => x * 2f;
    [Differentiable] public override Tensor Forward(Tensor input) => Score(input);
}";
            GeneratorHarness run = GeneratorHarness.Run(Usings + source);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.GeneratedCodeErrors);
            string all = string.Join("\n", run.Adjoints.Select(s => s.Text));
            Assert.Contains("public virtual global::Diff.Tensor ScoreTangent(global::Diff.Tensor x, global::Diff.Tensor? tX, out global::Diff.Tensor tResult)", all);
            Assert.Contains("public virtual global::Diff.Tensor ShiftTangent(", all);
            Assert.Contains("public override global::Diff.Tensor ScoreTangent(", all);
            Assert.Contains("public sealed override global::Diff.Tensor ShiftTangent(", all);
            Assert.Contains("public override global::Diff.Tensor ForwardTangent(", all);
            Assert.Contains("ShiftTangent(x, tX, out global::Diff.Tensor __tv)", all);
        }

        [Fact]
        public void Checks_and_shapes_inside_tensor_code_are_plain_code()
        {
            const string member = @"
static void Check(Tensor a, Tensor b) { if (a.Count != b.Count) throw new ArgumentException(nameof(a)); }
[Differentiable] static Tensor F(Tensor x, Tensor y)
{
    Check(x, y);
    int n = x.Shape[0];
    float scale = 1f / n;
    Tensor total = x * 0f;
    for (int i = 0; i < n; i++) { total = total + y * scale; }
    return (total * x).Sum();
}";
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { " + member + " }");
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void Tensor_indexer_is_an_op_with_a_registered_backward()
        {
            const string member = "[Differentiable] static Tensor F(Tensor x, int i) => (x[.., 1..3] * x[i, ^1]).Sum();";
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { " + member + " }");
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.GeneratedCodeErrors);
            string text = Assert.Single(run.Sources, s => s.HintName.Contains("C.F")).Text;
            Assert.Contains("new global::Diff.TensorIndex[] { .., 1..3 }", text);
            Assert.Contains("global::Diff.Tensor.IndexerBackward(", text);
        }

        [Fact]
        public void Module_subclass_that_is_not_partial_gets_a_DIFF_error_not_CS0534()
        {
            (string source, var span) = Markup.Parse(Usings + @"
sealed class [|Net|] : Module
{
    [Differentiable] public override Tensor Forward(Tensor input) => input * 2f;
}");
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("DIFF008", error.Id);
            Assert.Equal(span!.Value, error.Location.SourceSpan);
            Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id == "CS0534");
        }

        [Fact]
        public void Modules_get_virtual_companions()
        {
            const string source = Usings + @"
sealed partial class Twice : Module
{
    [Differentiable] public override Tensor Forward(Tensor input) => input * 2f;
}
abstract partial class Base : Module
{
    [Differentiable] public abstract Tensor Shift(Tensor input);
}";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.GeneratedCodeErrors);
            string twice = Assert.Single(run.Sources, s => s.HintName.Contains("Twice.Forward")).Text;
            Assert.Contains("public override global::Diff.Tensor ForwardRecord(", twice);
            Assert.Contains("public override void ForwardReverse(", twice);
            Assert.DoesNotContain("ForwardGradient", twice);
            string shift = Assert.Single(run.Sources, s => s.HintName.Contains("Base.Shift")).Text;
            // Virtual with a refusing body, so that a subclass the generator cannot complete gets a DIFF error, not CS0534.
            Assert.Contains("public virtual global::Diff.Tensor ShiftRecord(", shift);
            Assert.Contains("has no generated gradient", shift);
            Assert.Contains("public global::Diff.Tensor ShiftGradient(", shift);
        }
    }
}
