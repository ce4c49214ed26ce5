using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// The generator binds ahead on a worker (<see cref="Scheduling.BindAhead{T}"/>) and analyses and emits each bound
    /// method there too (<see cref="Scheduling.EmitAhead"/>). Whichever thread does the work, the files written must be
    /// those of the generator that does everything on the driver's thread, one method after another.
    /// </summary>
    public sealed class SchedulingTests
    {
        private const string CallOfTheRegisteredDerivative = "global::Registered.SoftishGradient(";

        private const string Usings = "using System; using System.Collections.Generic; using Diff;\n";

        // Several methods per file, so that the worker binds some of them; one file's methods call a function whose
        // derivative is registered in another file, which the analyses started while binding must see.
        private static readonly string[] Files =
        {
            Usings + @"
static partial class Scalars
{
    [Differentiable] public static double Poly(double x, double y) => x * x * y + 3 * Math.Sin(x * y);
    [Differentiable] public static double Branches(double x) { if (x > 0) return Math.Exp(x); return x * x; }
    [Differentiable] public static double Loop(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += Math.Tanh(x[i]) * x[i]; return s; }
    [Differentiable] public static float Single(float a, float b) => MathF.Sqrt(a * a + b * b);
    [Differentiable] public static double Kinks(double x) => Math.Abs(x) + Math.Max(x, 0) + Math.Min(x, 1);
    [Differentiable] public static double CallsHelper(double[] x, double a) => Helper(x, a) * 2;
    [Differentiable] public static double Helper(double[] x, double a) { double s = 0; foreach (double v in x) s += a * v * v; return s; }
}",
            Usings + @"
static partial class Registered
{
    public static double Softish(double x) => Math.Log(1 + Math.Exp(x));

    [DerivativeOf(typeof(Registered), nameof(Softish))]
    public static double SoftishGradient(double x, ref double dx)
    {
        double value = Math.Log(1 + Math.Exp(x));
        dx += 1 / (1 + Math.Exp(-x));
        return value;
    }
}
static partial class Callers
{
    [Differentiable] public static double UsesSoftish(double x, double y) => Registered.Softish(x * y) + y;
    [Differentiable] public static double UsesSoftishInLoop(double[] w) { double s = 0; for (int i = 0; i < w.Length; i++) s += Registered.Softish(w[i]); return s; }
    [Differentiable] public static double Plain(double x) => x / (1 + x * x);
}",
            Usings + @"
static partial class Mixed
{
    [Differentiable] public static void Scale(double[] x, double a) { for (int i = 0; i < x.Length; i++) x[i] *= a; }
    [Differentiable] public static double Refused(double x) => Opaque(x) * x;
    [Differentiable] public static double AfterRefused(double x, double y) => Math.Atan2(y, x) + Math.Pow(x, 3);
    [Differentiable] public static double Average(double[] x) { double m = 0; for (int i = 0; i < x.Length; i++) m += x[i]; return m / x.Length; }
    static double Opaque(double x) => x;
}",
        };

        [Fact]
        public void The_files_written_ahead_on_a_worker_are_those_written_on_one_thread()
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(Files);
            (string[] expected, string[] expectedDiagnostics) = Run(new DifferentiableGenerator(oneThread: true), compilation);
            Assert.Contains(expected, text => text.Contains(CallOfTheRegisteredDerivative, StringComparison.Ordinal));
            Assert.Contains(expectedDiagnostics, d => d.StartsWith("DIFF001", StringComparison.Ordinal));

            // Each run on a fresh compilation (the work ahead is kept per compilation), many times, so that the two
            // threads meet at different methods.
            for (int run = 0; run < 12; run++)
            {
                (string[] actual, string[] diagnostics) = Run(new DifferentiableGenerator(), GeneratorHarness.Compile(Files));
                Assert.Equal(expected, actual);
                Assert.Equal(expectedDiagnostics, diagnostics);
            }
        }

        [Fact]
        public void A_second_run_with_the_same_generator_and_registrations_changed_uses_the_new_registrations()
        {
            // The analyses started while binding use the registrations last seen; here they change between runs.
            string withoutRegistration = Files[1].Replace("[DerivativeOf(typeof(Registered), nameof(Softish))]", string.Empty, StringComparison.Ordinal);
            CSharpCompilation before = GeneratorHarness.Compile(Files[0], withoutRegistration, Files[2]);
            CSharpCompilation after = GeneratorHarness.Compile(Files);
            var generator = new DifferentiableGenerator();
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions);
            driver = driver.RunGenerators(before);
            Assert.DoesNotContain(Texts(driver), text => text.Contains(CallOfTheRegisteredDerivative, StringComparison.Ordinal));

            driver = driver.RunGenerators(after);
            (string[] expected, _) = Run(new DifferentiableGenerator(oneThread: true), after);
            Assert.Equal(expected, Texts(driver));
        }

        [Fact]
        public void A_partial_method_whose_other_part_has_attributes_is_generated_once_as_on_one_thread()
        {
            // The helper finds a file's methods by their attribute lists; the part without [Differentiable] shares the
            // symbol's attributes but is not a declaration the compiler hands the generator.
            const string partial = Usings + @"
static partial class Parts
{
    [System.Diagnostics.DebuggerStepThrough] public static partial double Both(double x, double y);
    [Differentiable] public static partial double Both(double x, double y) => x * Math.Cos(y);
    [Differentiable] public static double Other(double x) => x * x;
    [Differentiable] public static double Third(double x) => Math.Exp(-x);
}";
            CSharpCompilation compilation = GeneratorHarness.Compile(partial, Files[0]);
            (string[] expected, string[] expectedDiagnostics) = Run(new DifferentiableGenerator(oneThread: true), compilation);
            Assert.Contains(expected, text => text.Contains("BothGradient(", StringComparison.Ordinal));
            for (int run = 0; run < 6; run++)
            {
                (string[] actual, string[] diagnostics) = Run(new DifferentiableGenerator(), GeneratorHarness.Compile(partial, Files[0]));
                Assert.Equal(expected, actual);
                Assert.Equal(expectedDiagnostics, diagnostics);
            }
        }

        [Fact]
        public void A_run_cancelled_part_way_and_run_again_on_the_same_compilation_writes_the_same_files()
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(Files);
            (string[] expected, _) = Run(new DifferentiableGenerator(oneThread: true), compilation);
            foreach (int delay in new[] { 0, 2, 10, 40 })
            {
                CSharpCompilation again = GeneratorHarness.Compile(Files);
                GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions);
                using (var cancellation = new System.Threading.CancellationTokenSource(delay))
                {
                    try
                    {
                        driver = driver.RunGenerators(again, cancellation.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Cancelled part way, as the IDE cancels a run when the user types.
                    }
                }

                driver = driver.RunGenerators(again);
                Assert.Equal(expected, Texts(driver));
            }
        }

        [Fact]
        public void After_an_edit_only_the_edited_method_is_handed_to_the_helper_again()
        {
            // In the IDE every edit binds every method again, and the driver keeps its analysis of each model equal to the
            // one before: analysing those again on the helper would be work nobody takes.
            CSharpCompilation compilation = GeneratorHarness.Compile(Files);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions);
            driver = driver.RunGenerators(compilation);
            string polyBefore = Texts(driver).Single(text => text.StartsWith("// Scalars.Poly.g.cs", StringComparison.Ordinal));
            int first = Scheduling.EmitAhead.HandedOver(compilation.Options);
            Assert.True(first >= 10, $"{first} models handed over on the first run");

            Compilation unrelated = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("static class Unrelated { static int Zero() => 0; }", GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
            driver = driver.RunGenerators(unrelated);
            Assert.Equal(first, Scheduling.EmitAhead.HandedOver(compilation.Options));

            SyntaxTree scalars = unrelated.SyntaxTrees.First();
            SyntaxTree edited = scalars.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
                scalars.ToString().Replace("x * x * y + 3 * Math.Sin(x * y)", "x * x * y + 4 * Math.Sin(x * y)", StringComparison.Ordinal)));
            driver = driver.RunGenerators(unrelated.ReplaceSyntaxTree(scalars, edited));
            Assert.Equal(first + 1, Scheduling.EmitAhead.HandedOver(compilation.Options));
            Assert.NotEqual(polyBefore, Texts(driver).Single(text => text.StartsWith("// Scalars.Poly.g.cs", StringComparison.Ordinal)));
        }

        [Fact]
        public void A_new_build_in_the_process_takes_unchanged_methods_from_an_earlier_build_and_emits_an_edited_one_anew()
        {
            // As the compiler server builds: a fresh driver and compilation each time. The second build moves every method
            // down three lines and edits one; the files must be those of a generator that has never seen the code.
            string moved = "\n\n\n" + Files[0].Replace("x * x * y + 3 * Math.Sin(x * y)", "x * x * y + 5 * Math.Sin(x * y)", StringComparison.Ordinal);
            (string[] expected, string[] expectedDiagnostics) = Run(new DifferentiableGenerator(oneThread: true), GeneratorHarness.Compile(moved, Files[1], Files[2]));
            Assert.Contains(expected, text => text.StartsWith("// Scalars.Poly.g.cs", StringComparison.Ordinal) && text.Contains("#line 8 \"Source0.cs\"", StringComparison.Ordinal));

            // Another test's builds may fill the memo between the two builds and drop the first one's methods; a second
            // attempt would find them.
            for (int attempt = 1; ; attempt++)
            {
                CSharpCompilation first = GeneratorHarness.Compile(Files);
                Run(new DifferentiableGenerator(), first);
                CSharpCompilation again = GeneratorHarness.Compile(Files);
                Run(new DifferentiableGenerator(), again);
                CSharpCompilation edited = GeneratorHarness.Compile(moved, Files[1], Files[2]);
                (string[] actual, string[] diagnostics) = Run(new DifferentiableGenerator(), edited);
                Assert.Equal(expected, actual);
                Assert.Equal(expectedDiagnostics, diagnostics);

                int handedOver = Scheduling.EmitAhead.HandedOver(edited.Options);
                Assert.Equal(handedOver, Scheduling.EmitAhead.HandedOver(again.Options));
                Assert.True(handedOver >= 10, $"{handedOver} models handed over");
                if (attempt < 3 && (Scheduling.EmitAhead.TakenFromEarlierBuilds(again.Options) != handedOver
                                    || Scheduling.EmitAhead.TakenFromEarlierBuilds(edited.Options) != handedOver - 1))
                {
                    continue;
                }

                // Unchanged, every method comes from the build before; moved and edited, all but the edited one.
                Assert.Equal(handedOver, Scheduling.EmitAhead.TakenFromEarlierBuilds(again.Options));
                Assert.Equal(handedOver - 1, Scheduling.EmitAhead.TakenFromEarlierBuilds(edited.Options));
                break;
            }
        }

        [Fact]
        public void Builds_at_once_in_one_process_share_what_earlier_builds_kept_and_write_the_same_files()
        {
            // The compiler server builds several projects at once: their drivers take the same remembered outcomes (and,
            // with the same code, hand the same analysis to their emit steps) on different threads.
            (string[] expected, string[] expectedDiagnostics) = Run(new DifferentiableGenerator(oneThread: true), GeneratorHarness.Compile(Files));
            for (int round = 0; round < 4; round++)
            {
                var results = new (string[] Sources, string[] Diagnostics)[3];
                System.Threading.Tasks.Parallel.For(0, results.Length, i => results[i] = Run(new DifferentiableGenerator(), GeneratorHarness.Compile(Files)));
                foreach ((string[] sources, string[] diagnostics) in results)
                {
                    Assert.Equal(expected, sources);
                    Assert.Equal(expectedDiagnostics, diagnostics);
                }
            }
        }

        private static (string[] Sources, string[] Diagnostics) Run(DifferentiableGenerator generator, CSharpCompilation compilation)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            ImmutableArray<Diagnostic> diagnostics = output
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new Diagnostics.DifferentiableAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return (
                Texts(driver),
                diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(s => s, StringComparer.Ordinal).ToArray());
        }

        private static string[] Texts(GeneratorDriver driver) => driver.GetRunResult().Results.Single().GeneratedSources
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => "// " + s.HintName + "\n" + s.SourceText)
            .ToArray();
    }
}
