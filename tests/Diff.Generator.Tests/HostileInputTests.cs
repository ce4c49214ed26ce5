using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>Malformed and half-typed code: the generator must not throw and must not emit broken code.</summary>
    public sealed class HostileInputTests
    {
        public static TheoryData<string> Inputs => new()
        {
            "[Differentiable] static double F(double x) { return x * x }",
            "[Differentiable] static double F(double x) { return Unknown(x); }",
            "[Differentiable] static double F(double x) { var y = missing + x; return y; }",
            "[Differentiable] static double F(double x) => ",
            "[Differentiable] static double F(",
            "[Differentiable] static double F(double x) { for (int i = 0; i < ; i++) x += 1; return x; }",
            "[Differentiable] static T F<T>(T x) => x;",
            "[Differentiable] static partial double F(double x);",
            "[Differentiable] static double F(double x) { double G(double y) { return y * x; } return G(x); }",
            "[Differentiable] static double F(double x) { if (x > ) return 1; return x; }",
            "[Differentiable] static double F(double[] x) { return x[0, 1]; }",
            "[Differentiable] static double F(double x) { return (x switch { > 0 => x, _ => -x }); }",
            "[Differentiable] static double F(double x) { var list = new List<double> { x }; return list[0]; }",
            "[Differentiable] static double F(double x) { dynamic d = x; return d * 2; }",
            "[Differentiable] static double F(double x) { return x is double y ? y : 0; }",
            "[Differentiable] static double F(double x) { x++; x--; ++x; return -x; }",
            "[Differentiable] static double F(double x) { while (true) { } }",
            "[Differentiable] static double F(string s) => s.Length;",
            "[Differentiable] static void F(double x) { }",
            "[Differentiable] static double F(params double[] x) => x[0];",
            "[Differentiable] static double F(double x) { unsafe { double* p = &x; return *p; } }",
            "[Differentiable] static double F(double x) { lock (new object()) { return x; } }",
            "[Differentiable] static double F(double x) { using var s = new System.IO.MemoryStream(); return x; }",
            "[Differentiable] static double F(double x) { double[] a = { x, x }; return a[0]; }",
            "[Differentiable] static double F(double x) { checked { return x; } }",
            "[Differentiable] static System.Collections.Generic.IEnumerable<double> F(double x) { yield return x; }",
            "[Differentiable] extern static double F(double x);",
            "[Differentiable] static double F(double x) { return F(x) + ; }",
            "[Differentiable] double F(double x) => x * Field; double Field = 2;",
            "[Differentiable] static double F(double x) { const double c = 2; return c * x; }",
        };

        /// <summary>
        /// A constructor that creates its own type through a helper is followed once: the generator ends, accepts the one
        /// that keeps nothing outside its objects and refuses the one that adds its argument to the list it is given.
        /// </summary>
        [Fact]
        public void A_constructor_creating_its_own_type_through_a_helper_is_followed_once()
        {
            string source = "using System.Collections.Generic;\nusing Diff;\n"
                            + "public sealed class Node { public double V; public Node(List<Node> l, double v) { V = v; Add(l, v); } static void Add(List<Node> l, double v) { if (v > 0) { var n = new Node(l, v - 1); } } }\n"
                            + "public sealed class Kept { public Kept(List<double> l, double v) { Put(l, v); } static void Put(List<double> l, double v) { if (v > 5) { var n = new Kept(l, v - 1); } else l.Add(v); } }\n"
                            + "public static partial class Demo {\n"
                            + "[Differentiable] public static double F(double[] x) { var l = new List<Node>(); var n = new Node(l, x[1]); return x[0] * x[1]; }\n"
                            + "[Differentiable] public static double G(double[] x) { var l = new List<double>(); var k = new Kept(l, x[1]); return x[0]; } }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("DIFF013", error.Id);
            Assert.Contains("'Kept'", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains(run.Adjoints, s => s.HintName.Contains("Demo.F"));
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void Generated_code_needs_no_using_directive_of_the_users_file()
        {
            // Every name the generated code writes is fully qualified: a file that writes System.Span<double> in full, and
            // takes its views with Slice (which needs no using), gets code that compiles, the rebuilt views of a [NoDiff]
            // span given to a helper in a loop included.
            const string source =
                "namespace NoUsings\n" +
                "{\n" +
                "    public static partial class K\n" +
                "    {\n" +
                "        [Diff.Differentiable, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]\n" +
                "        public static double Weighted([Diff.NoDiff] System.ReadOnlySpan<double> w, double[] x)\n" +
                "        {\n" +
                "            double s = 0;\n" +
                "            for (int i = 0; i < w.Length; i++) s += w[i] * x[i] * System.Math.Sin(x[i]);\n" +
                "            return s;\n" +
                "        }\n" +
                "\n" +
                "        [Diff.Differentiable]\n" +
                "        public static double Rows(double[] x, [Diff.NoDiff] System.Span<double> w)\n" +
                "        {\n" +
                "            double t = 0;\n" +
                "            for (int o = 0; o < x.Length; o++)\n" +
                "            {\n" +
                "                System.Span<double> v = w.Slice(0, o + 1);\n" +
                "                t += Weighted(v, x) * x[o];\n" +
                "                w[o] += 0.3;\n" +
                "            }\n" +
                "\n" +
                "            return t;\n" +
                "        }\n" +
                "    }\n" +
                "}\n";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.Contains(run.Sources, s => s.Text.Contains("RowsGradient(", System.StringComparison.Ordinal) && s.Text.Contains("MemoryExtensions.AsSpan(", System.StringComparison.Ordinal));
        }

        [Theory]
        [MemberData(nameof(Inputs))]
        public void Never_throws_and_never_emits_broken_code(string member)
        {
            string source = "using System; using System.Collections.Generic; using Diff;\nstatic partial class C { " + member + " }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.All(run.RunResult.Results, r => Assert.Null(r.Exception));
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.GetMessage().Contains("generator failed"));
        }

        [Fact]
        public void Attribute_on_something_other_than_a_method_is_ignored()
        {
            GeneratorHarness run = GeneratorHarness.Run("using Diff; static partial class C { [Differentiable] static double P => 1; }");
            Assert.All(run.RunResult.Results, r => Assert.Null(r.Exception));
            Assert.Empty(run.Sources);
        }
    }
}

namespace Diff.Generator.Tests
{
    public sealed class ShapeTests
    {
        [Fact]
        public void Overloads_get_distinct_files_and_both_compile()
        {
            GeneratorHarness run = GeneratorHarness.Run(
                "using Diff; static partial class C { [Differentiable] static double F(double x) => x * x; [Differentiable] static double F(double[] x) => x[0] * x[1]; }");
            Xunit.Assert.All(run.RunResult.Results, r => Xunit.Assert.Null(r.Exception));
            Xunit.Assert.Equal(2, run.Sources.Count);
            Xunit.Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void Generic_containing_type_and_file_scoped_namespace_work()
        {
            GeneratorHarness run = GeneratorHarness.Run(
                "namespace N.M;\nusing System;\nusing Diff;\npublic partial class Box<T> { [Differentiable] public static double F(double x) => Math.Sin(x) * x; }");
            Xunit.Assert.Single(run.Sources);
            Xunit.Assert.Empty(run.GeneratedCodeErrors);
            Xunit.Assert.Empty(run.GeneratorDiagnostics);
        }

        [Fact]
        public void A_failure_while_writing_code_becomes_an_error_in_that_file_only()
        {
            Emit.GeneratedSource source = Parse.NeverThrow.Emit("N.C.F", "F", () => throw new System.InvalidOperationException("boom"));
            Assert.Equal("N.C.F.g.cs", source.HintName);
            Assert.StartsWith("#error DiffGen could not write the companions of 'F' (InvalidOperationException: boom)", source.Text);

            Emit.GeneratedSource written = Parse.NeverThrow.Emit("N.C.G", "G", () => new Emit.GeneratedSource("N.C.G.g.cs", "// ok"));
            Assert.Equal("// ok", written.Text);
        }
    }
}
