using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>The pipeline caches: re-runs and unrelated edits reuse every tracked step.</summary>
    public sealed class IncrementalityTests
    {
        private const string Functions = @"using System; using Diff;
static partial class Functions
{
    [Differentiable] static double F(double x, double[] y) { double s = 0; for (int i = 0; i < y.Length; i++) s += Math.Sin(x * y[i]); return s; }
    [Differentiable] static double G(double x) => F(x, new double[0]) * x;
    [Differentiable] static Diff.Tensor T(Diff.Tensor x, int n) { if (n == 0) return x.Sum(); Diff.Tensor h = x; for (int i = 0; i < n; i++) { h = h * x; if (i > 3) break; } return h.Mean(); }
}";

        private const string Unrelated = "static class Unrelated { static int Value() => 1; }";

        private static readonly string[] TrackedSteps = { StepNames.Bind, StepNames.Analyse, StepNames.Emit, StepNames.AnalyseTensor, StepNames.EmitTensor };

        [Fact]
        public void Rerun_with_the_same_compilation_is_cached()
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(Functions, Unrelated);
            GeneratorHarness first = GeneratorHarness.Run(compilation);
            GeneratorHarness second = GeneratorHarness.Run(compilation.Clone(), first.Driver);
            AssertAllCached(second.RunResult);
            Assert.Equal(first.Sources, second.Sources);
        }

        [Fact]
        public void Edit_in_an_unrelated_file_is_cached()
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(Functions, Unrelated);
            GeneratorHarness first = GeneratorHarness.Run(compilation);
            SyntaxTree unrelated = compilation.SyntaxTrees.Last();
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(
                unrelated,
                CSharpSyntaxTree.ParseText("static class Unrelated { static int Value() => 2; static int Other() => 3; }", GeneratorHarness.ParseOptions, unrelated.FilePath));
            GeneratorHarness second = GeneratorHarness.Run(edited, first.Driver);
            AssertAllCached(second.RunResult);
        }

        [Fact]
        public void Comment_line_above_a_method_is_cached()
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(Functions, Unrelated);
            GeneratorHarness first = GeneratorHarness.Run(compilation);
            SyntaxTree functions = compilation.SyntaxTrees.First();
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(
                functions,
                CSharpSyntaxTree.ParseText(Functions.Replace("    [Differentiable] static double F", "    // A comment that moves every line below it.\n    [Differentiable] static double F"), GeneratorHarness.ParseOptions, functions.FilePath));
            GeneratorHarness second = GeneratorHarness.Run(edited, first.Driver);
            AssertAllCached(second.RunResult);
        }

        [Fact]
        public void Alias_of_the_attribute_changes_nothing()
        {
            string source = Functions.Replace("static partial class Functions\n{", "static partial class Functions\n{\n    [Differentiable] static double H(double x) => Math.Exp(x) * x;");
            string aliased = source.Replace("using System; using Diff;", "using System; using Diff; using Grad = Diff.DifferentiableAttribute;")
                .Replace("[Differentiable] static double H", "[Grad] static double H");
            Assert.NotEqual(Functions, source);
            Assert.NotEqual(source, aliased);
            GeneratorHarness plain = GeneratorHarness.Run(source);
            GeneratorHarness withAlias = GeneratorHarness.Run(aliased);
            Assert.Equal(
                plain.Sources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal),
                withAlias.Sources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Contains(withAlias.Sources, s => s.HintName == "Functions.H.g.cs");
            // The same code, apart from the copied using directives.
            static string Body(string text) => string.Join("\n", text.Split('\n').Where(l => !l.StartsWith("using ", StringComparison.Ordinal)));
            Assert.Equal(Body(plain.Sources.Single(s => s.HintName == "Functions.H.g.cs").Text), Body(withAlias.Sources.Single(s => s.HintName == "Functions.H.g.cs").Text));
            Assert.Empty(withAlias.GeneratedCodeErrors);
            Assert.Equal(
                plain.GeneratorDiagnostics.Select(d => d.Id + " " + d.GetMessage()),
                withAlias.GeneratorDiagnostics.Select(d => d.Id + " " + d.GetMessage()));
        }

        [Fact]
        public void Edit_of_a_method_regenerates_it()
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(Functions, Unrelated);
            GeneratorHarness first = GeneratorHarness.Run(compilation);
            SyntaxTree functions = compilation.SyntaxTrees.First();
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(
                functions,
                CSharpSyntaxTree.ParseText(Functions.Replace("Math.Sin", "Math.Cos"), GeneratorHarness.ParseOptions, functions.FilePath));
            GeneratorHarness second = GeneratorHarness.Run(edited, first.Driver);
            IncrementalGeneratorRunStep[] emits = second.RunResult.Results[0].TrackedSteps[StepNames.Emit].ToArray();
            Assert.Contains(emits, s => s.Outputs.Any(o => o.Reason == IncrementalStepRunReason.Modified));
            Assert.NotEqual(first.Sources.Single(s => s.HintName == "Functions.F.g.cs").Text, second.Sources.Single(s => s.HintName == "Functions.F.g.cs").Text);
        }

        private const string Refused = @"using System; using Diff;
static partial class Refused
{
    static double _last;
    static double Opaque(double v) => v;
    [Differentiable] static double F(double x, double[] y) { double s = 0; for (int i = 0; i < y.Length; i++) s += Opaque(x * y[i]); return s; }
    [Differentiable] static double H(double x) { _last = x; return x * x; }
    [Differentiable] static double G(double x, double[] y) => F(x, y) * H(x);
}";

        [Fact]
        public void Stand_ins_of_refused_methods_are_cached_and_do_not_follow_their_bodies()
        {
            string[] steps = { StepNames.Bind, StepNames.Analyse, StepNames.Emit, StepNames.EmitRefused };
            CSharpCompilation compilation = GeneratorHarness.Compile(Refused, Unrelated);
            GeneratorHarness first = GeneratorHarness.Run(compilation);
            Assert.Equal(new[] { "Refused.F.g.cs", "Refused.H.g.cs" }, first.StandIns.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal));
            Assert.Empty(first.GeneratedCodeErrors);
            AssertAllCached(GeneratorHarness.Run(compilation.Clone(), first.Driver).RunResult, steps);

            // F (refused while analysing) and H (refused while binding) change, and are still refused: their stand-ins stay as they were.
            SyntaxTree refused = compilation.SyntaxTrees.First();
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(
                refused,
                CSharpSyntaxTree.ParseText(Refused.Replace("Opaque(x * y[i])", "Opaque(x + y[i])").Replace("_last = x;", "_last = 2 * x;"), GeneratorHarness.ParseOptions, refused.FilePath));
            GeneratorHarness second = GeneratorHarness.Run(edited, first.Driver);
            AssertAllCached(second.RunResult, new[] { StepNames.EmitRefused });
            Assert.Equal(first.Sources, second.Sources);
        }

        private const string Kernels = @"using System; using Diff; using ILGPU;
static partial class Kernels
{
    [Kernel] public static void Scale(Index1D i, double a, ArrayView<double> x, ArrayView<double> y) { if (i >= x.Length) return; y[i] = a * Math.Tanh(x[i]); }
    [Kernel] public static void Rows(Index1D r, int n, ArrayView<double> x, ArrayView<double> y) { double s = 0; for (int j = 0; j < n; j++) s += x[r * n + j] * x[r * n + j]; y[r] = Math.Sqrt(s); }
}";

        private static readonly string[] KernelSteps = { StepNames.BindKernel, StepNames.AnalyseKernel, StepNames.EmitKernel };

        [Fact]
        public void Kernels_are_cached_on_a_rerun_and_on_an_unrelated_edit()
        {
            CSharpCompilation compilation = GeneratorHarness.CompileKernels(true, Kernels, Unrelated);
            GeneratorHarness first = GeneratorHarness.Run(compilation);
            Assert.Equal(2, first.Sources.Count);
            GeneratorHarness rerun = GeneratorHarness.Run(compilation.Clone(), first.Driver);
            AssertAllCached(rerun.RunResult, KernelSteps);

            SyntaxTree unrelated = compilation.SyntaxTrees.Last();
            CSharpCompilation edited = compilation.ReplaceSyntaxTree(
                unrelated,
                CSharpSyntaxTree.ParseText("static class Unrelated { static int Value() => 2; }", GeneratorHarness.ParseOptions, unrelated.FilePath));
            GeneratorHarness second = GeneratorHarness.Run(edited, first.Driver);
            AssertAllCached(second.RunResult, KernelSteps);
            Assert.Equal(first.Sources, second.Sources);
        }

        [Fact]
        public void Pipeline_models_hold_no_symbols_syntax_or_compilations()
        {
            Type[] forbidden = { typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SemanticModel), typeof(Location), typeof(SyntaxTree) };
            Assembly generator = typeof(DifferentiableGenerator).Assembly;
            Type[] models = generator.GetTypes()
                .Where(t => t.Namespace is "Diff.Generator.Model" or "Diff.Generator.Analyse" or "Diff.Generator.Diagnostics" or "Diff.Generator.Emit")
                .Where(t => t.GetMethod("<Clone>$") is not null || (t.IsValueType && t.Name.StartsWith("EquatableArray", StringComparison.Ordinal)))
                .ToArray();
            Assert.NotEmpty(models);
            var visited = new HashSet<Type>();
            foreach (Type model in models)
            {
                Walk(model, forbidden, visited, model.Name);
            }
        }

        private static void Walk(Type type, Type[] forbidden, HashSet<Type> visited, string path)
        {
            if (!visited.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
            {
                return;
            }

            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds {type.Name}, which would defeat caching");
            if (type.IsGenericType)
            {
                foreach (Type argument in type.GetGenericArguments())
                {
                    Walk(argument, forbidden, visited, path + "<" + argument.Name + ">");
                }
            }

            if (type.Namespace?.StartsWith("Diff.Generator", StringComparison.Ordinal) != true)
            {
                return;
            }

            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                Walk(field.FieldType, forbidden, visited, path + "." + field.Name);
            }

            foreach (Type derived in type.Assembly.GetTypes().Where(t => t.BaseType == type))
            {
                Walk(derived, forbidden, visited, path + ":" + derived.Name);
            }
        }

        private static void AssertAllCached(GeneratorDriverRunResult result, string[]? steps = null)
        {
            foreach (string step in steps ?? TrackedSteps)
            {
                Assert.True(result.Results[0].TrackedSteps.ContainsKey(step), "step " + step + " was not tracked");
                foreach (IncrementalGeneratorRunStep run in result.Results[0].TrackedSteps[step])
                {
                    foreach ((object _, IncrementalStepRunReason reason) in run.Outputs)
                    {
                        Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} output was {reason}");
                    }
                }
            }
        }
    }
}
