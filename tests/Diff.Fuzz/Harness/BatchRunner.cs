extern alias generator;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Diff.Fuzz.Harness
{
    /// <summary>
    /// Compiles a batch of programs in one in-memory compilation with the generator, sets aside the programs whose
    /// generated code does not compile or that the generator refuses (their companions are stand-ins that throw),
    /// emits the rest, loads them in a collectible
    /// <see cref="AssemblyLoadContext"/>, runs the checks and unloads.
    /// </summary>
    public static class BatchRunner
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        {
            string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            var references = trusted.Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToList();
            references.Add(MetadataReference.CreateFromFile(typeof(Diff.DifferentiableAttribute).Assembly.Location));
            references.Add(MetadataReference.CreateFromFile(typeof(Tracing.Tr).Assembly.Location));
            return references.ToImmutableArray();
        });

        /// <summary>Seconds a program's checks may take before it counts as hanging.</summary>
        public const int HangSeconds = 20;

        private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

        private static readonly Regex GeneratedName = new(@"^P(\d+)\.", RegexOptions.Compiled);

        private static readonly Regex UserName = new(@"^(Plain|Gradient)_(\d+)\.cs$", RegexOptions.Compiled);

        /// <summary>Whether the generator computes partials again instead of recording them wherever it can, as in kernels (<c>--recompute</c>).</summary>
        public static bool RecomputePartials { get; set; }

        /// <summary>A program of the batch, with the CsCheck seed that produced it.</summary>
        public sealed record Item(ProgramSource Source, string Seed, ulong PointSeed);

        /// <summary>Runs one batch and returns one outcome per item.</summary>
        public static List<Outcome> Run(IReadOnlyList<Item> items, int points = 2)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var outcomes = new Dictionary<int, Outcome>();
            var byIndex = items.ToDictionary(i => i.Source.Index);
            if (LastProgramFile is not null)
            {
                File.WriteAllText(LastProgramFile + ".batch", string.Join("\n// ----- next program -----\n", items.Select(i => i.Source.Plain + "\n" + i.Source.Gradient)));
            }

            CSharpCompilation input = Compile(items, gradients: true);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new generator::Diff.Generator.DifferentiableGenerator(RecomputePartials).AsSourceGenerator() },
                parseOptions: ParseOptions);
            driver = driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            GeneratorDriverRunResult runResult = driver.GetRunResult();
            Timing($"generator {watch.ElapsedMilliseconds} ms");
            Exception? crash = runResult.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
            if (crash is not null || generatorDiagnostics.Any(d => d.Id == "CS8785"))
            {
                if (items.Count == 1)
                {
                    Item only = items[0];
                    return new List<Outcome> { new(only.Source, only.Seed, FailureClass.GeneratorCrash, crash?.ToString() ?? string.Join("\n", generatorDiagnostics)) };
                }

                // Find the program that makes the generator throw: run each alone.
                return items.SelectMany(i => Run(new[] { i }, points)).ToList();
            }

            // A program the generator refused compiles (its companions are stand-ins that throw) but must not run: it is
            // set aside with the programs that fail to compile, for the analyzer to tell why.
            var refused = new HashSet<int>(runResult.Results.SelectMany(r => r.GeneratedSources)
                .Where(s => generator::Diff.Generator.Emit.RefusedEmitter.IsStandIn(s.SourceText.ToString()))
                .Select(s => ProgramOf(s.HintName))
                .OfType<int>());

            // Emit first: when nothing fails, that is the only binding pass over the batch.
            var firstImage = new MemoryStream();
            var firstEmit = output.Emit(firstImage);
            Timing($"emit {watch.ElapsedMilliseconds} ms");
            if (firstEmit.Success && refused.Count == 0)
            {
                RunLoaded(items.ToList(), firstImage, outcomes, points);
                return items.Select(i => outcomes[i.Source.Index]).ToList();
            }

            var errorsByProgram = new Dictionary<int, List<(string File, Diagnostic Diagnostic)>>();
            foreach (Diagnostic d in firstEmit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                string file = Path.GetFileName(d.Location.SourceTree?.FilePath ?? string.Empty);
                int? index = ProgramOf(file);
                if (index is null)
                {
                    throw new InvalidOperationException("A compile error outside every program: " + d);
                }

                if (!errorsByProgram.TryGetValue(index.Value, out var list))
                {
                    errorsByProgram[index.Value] = list = new List<(string, Diagnostic)>();
                }

                list.Add((file, d));
            }

            foreach (int index in refused)
            {
                if (!errorsByProgram.ContainsKey(index))
                {
                    errorsByProgram[index] = new List<(string, Diagnostic)>();
                }
            }

            if (errorsByProgram.Count > 0)
            {
                // One analyzer pass over the failing programs tells refusals (DIFF errors) from generator bugs.
                var failing = errorsByProgram.Keys.Select(k => byIndex[k]).ToList();
                Dictionary<int, List<Diagnostic>> refusals = Refusals(failing);
                foreach (var (index, errors) in errorsByProgram)
                {
                    outcomes[index] = Classify(byIndex[index], errors, refusals.TryGetValue(index, out var r) ? r : new List<Diagnostic>());
                }
            }

            Compilation runnable = output.RemoveSyntaxTrees(output.SyntaxTrees.Where(t => ProgramOf(Path.GetFileName(t.FilePath)) is int k && errorsByProgram.ContainsKey(k)));
            if (outcomes.Count < items.Count)
            {
                var image = new MemoryStream();
                var emit = runnable.Emit(image);
                if (!emit.Success)
                {
                    throw new InvalidOperationException("Emit failed after removing the failing programs:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
                }

                RunLoaded(items.Where(i => !outcomes.ContainsKey(i.Source.Index)).ToList(), image, outcomes, points);
            }

            return items.Select(i => outcomes[i.Source.Index]).ToList();
        }

        private static readonly string? LastProgramFile = Environment.GetEnvironmentVariable("DIFF_FUZZ_LAST_PROGRAM");

        private static readonly bool ShowTiming = Environment.GetEnvironmentVariable("DIFF_FUZZ_TIMING") == "1";

        private static void Timing(string what)
        {
            if (ShowTiming)
            {
                Console.WriteLine("  [timing] " + what);
            }
        }

        private static void RunLoaded(List<Item> items, MemoryStream stream, Dictionary<int, Outcome> outcomes, int points)
        {
            using var image = stream;
            stream.Position = 0;
            var context = new AssemblyLoadContext("fuzz-batch", isCollectible: true);
            try
            {
                Assembly assembly = context.LoadFromStream(stream);
                foreach (Item item in items)
                {
                    string name = item.Source.ClassName;
                    Type values = assembly.GetType(name + "D")!;
                    Type gradients = assembly.GetType(name + "G")!;
                    var checker = new GradientChecker(
                        item.Source,
                        values.GetMethod("Eval")!.CreateDelegate<Func<double[], double>>(),
                        values.GetMethod("Twin")!.CreateDelegate<Func<double[], double[], double>>(),
                        gradients.GetMethod("Grad")!.CreateDelegate<Func<double[], double[], double>>(),
                        gradients.GetMethod("Grad2")!.CreateDelegate<Func<double[], double[], double>>(),
                        gradients.GetMethod("Tangent")!.CreateDelegate<Func<double[], double[], double[], double>>(),
                        gradients.GetMethod("HessianVector")!.CreateDelegate<Func<double[], double[], double[], double[], double>>(),
                        gradients.GetMethod("TangentLanes")!.CreateDelegate<Func<double[], double[][], double[], double>>())
                    { Points = points };
                    if (LastProgramFile is not null)
                    {
                        // Left behind for post-mortems when a program takes the whole process down.
                        File.WriteAllText(LastProgramFile, item.Source.Plain + "\n" + item.Source.Gradient);
                    }

                    // Generated code that does not terminate must not stop the campaign: give each program a deadline.
                    // The Jacobians are checked when the gradient checks pass or find no point (they need none of the twin's).
                    var run = System.Threading.Tasks.Task.Run(() =>
                    {
                        var first = checker.Run(item.PointSeed);
                        if (first.Class is not null || item.Source.JacobianMethods.Count == 0)
                        {
                            return (first, new JacobianCheck.Result(null, string.Empty, 0, 0));
                        }

                        var jacobians = JacobianCheck.Run(item.Source, m => gradients.GetMethod("Jacobian_" + m)!.CreateDelegate<JacobianCheck.Driver>(), item.PointSeed);
                        return jacobians.Class is null ? (first, jacobians) : ((jacobians.Class, jacobians.Detail, false), jacobians);
                    });
                    if (!run.Wait(TimeSpan.FromSeconds(HangSeconds)))
                    {
                        outcomes[item.Source.Index] = new Outcome(item.Source, item.Seed, FailureClass.Hang, $"the checks did not finish within {HangSeconds} s (the plain method and its twin terminate by construction)");
                        continue;
                    }

                    var ((cls, detail, skipped), checkedJacobians) = run.Result;
                    outcomes[item.Source.Index] = new Outcome(item.Source, item.Seed, cls, detail, skipped) { Jacobians = checkedJacobians.Checked, WideJacobians = checkedJacobians.Wide };
                }
            }
            finally
            {
                Timing($"checks of {items.Count} programs done");
                context.Unload();
            }
        }

        private static Outcome Classify(Item item, List<(string File, Diagnostic Diagnostic)> errors, List<Diagnostic> refusals)
        {
            var userErrors = errors.Where(e => e.File.StartsWith("Plain_", StringComparison.Ordinal)).ToList();
            if (userErrors.Count > 0)
            {
                return new Outcome(item.Source, item.Seed, FailureClass.FuzzerBug + ":" + userErrors[0].Diagnostic.Id, Describe(userErrors));
            }

            // A refusal is a DIFF error from the analyzer, which shares the generator's phases.
            if (refusals.Count > 0)
            {
                string ids = string.Join("+", refusals.Select(d => d.Id).Distinct().OrderBy(s => s, StringComparer.Ordinal));
                return new Outcome(item.Source, item.Seed, "refused:" + ids, string.Join("\n", refusals.Select(d => $"{d.Id} at line {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.GetMessage()}")));
            }

            var generated = errors.Where(e => e.File.EndsWith(".g.cs", StringComparison.Ordinal)).ToList();
            if (generated.Count > 0)
            {
                string ids = string.Join("+", generated.Select(e => e.Diagnostic.Id).Distinct().OrderBy(s => s, StringComparer.Ordinal));
                return new Outcome(item.Source, item.Seed, FailureClass.GeneratedCodeError + ":" + ids, Describe(generated));
            }

            if (errors.Count == 0)
            {
                return new Outcome(item.Source, item.Seed, FailureClass.MissingGradient + ":stand-ins", "no DIFF error, yet the generator wrote stand-ins for a refused method");
            }

            return new Outcome(item.Source, item.Seed, FailureClass.MissingGradient + ":" + errors[0].Diagnostic.Id, "no DIFF error, yet the driver of MGradient does not compile:\n" + Describe(errors));
        }

        private static Dictionary<int, List<Diagnostic>> Refusals(IReadOnlyList<Item> items)
        {
            CSharpCompilation plain = Compile(items, gradients: false);
            return plain
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new generator::Diff.Generator.Diagnostics.DifferentiableAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .GroupBy(d => ProgramOf(Path.GetFileName(d.Location.SourceTree?.FilePath ?? d.Location.GetLineSpan().Path ?? string.Empty)) ?? -1)
                .ToDictionary(g => g.Key, g => g.ToList());
        }

        private static string Describe(IEnumerable<(string File, Diagnostic Diagnostic)> errors) =>
            string.Join("\n", errors.Take(6).Select(e =>
            {
                Diagnostic d = e.Diagnostic;
                string line = d.Location.SourceTree?.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim() ?? string.Empty;
                return $"{e.File}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.Id}: {d.GetMessage()}\n    {line}";
            }));

        /// <summary>Compiles a file written by <c>DIFF_FUZZ_LAST_PROGRAM</c> with the generator and calls its gradient driver, for post-mortems.</summary>
        public static string RunFile(string path, int dimension, int repeats)
        {
            string text = File.ReadAllText(path);
            int split = text.IndexOf(Printing.CSharpPrinter.Usings + "\npublic static class P", 10, StringComparison.Ordinal);
            var trees = new List<SyntaxTree>
            {
                CSharpSyntaxTree.ParseText(text.Substring(0, split), ParseOptions, path: "Plain_0.cs"),
                CSharpSyntaxTree.ParseText(text.Substring(split), ParseOptions, path: "Gradient_0.cs"),
            };
            var compilation = CSharpCompilation.Create("Debug", trees, References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            CSharpGeneratorDriver.Create(new generator::Diff.Generator.DifferentiableGenerator(RecomputePartials).AsSourceGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            using var image = new MemoryStream();
            var emit = output.Emit(image);
            if (!emit.Success)
            {
                return string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            }

            if (output.SyntaxTrees.Any(t => generator::Diff.Generator.Emit.RefusedEmitter.IsStandIn(t.ToString())))
            {
                // Refused: the companions are stand-ins that throw; the analyzer says why.
                return "refused: " + string.Join("; ", compilation
                    .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new generator::Diff.Generator.Diagnostics.DifferentiableAnalyzer()))
                    .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
                    .Where(d => d.Severity == DiagnosticSeverity.Error)
                    .Select(d => d.Id + " " + d.GetMessage()));
            }

            Assembly assembly = Assembly.Load(image.ToArray());
            Type gradients = assembly.GetTypes().Single(t => t.Name.EndsWith("G", StringComparison.Ordinal) && t.Name.StartsWith("P", StringComparison.Ordinal));
            var grad = gradients.GetMethod("Grad")!.CreateDelegate<Func<double[], double[], double>>();
            string? point = Environment.GetEnvironmentVariable("DIFF_FUZZ_Z");
            double[] z = point is null
                ? Enumerable.Range(0, dimension).Select(i => 0.3 + 0.1 * i).ToArray()
                : point.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            double[] g = new double[dimension];
            double value = 0;
            for (int r = 0; r < repeats; r++)
            {
                value = grad(z, g);
            }

            var analyzer = compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new generator::Diff.Generator.Diagnostics.DifferentiableAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            return $"analyzer: {string.Join("; ", analyzer.Select(d => d.Id + " " + d.GetMessage()))}\nvalue {value}, gradient [{string.Join(", ", g)}]\n" + string.Join("\n", output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).Select(t => t.ToString()));
        }

        private static int? ProgramOf(string file)
        {
            Match user = UserName.Match(file);
            if (user.Success)
            {
                return int.Parse(user.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            Match generated = GeneratedName.Match(file);
            return generated.Success ? int.Parse(generated.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        private static CSharpCompilation Compile(IReadOnlyList<Item> items, bool gradients)
        {
            var trees = new List<SyntaxTree>();
            foreach (Item item in items)
            {
                trees.Add(CSharpSyntaxTree.ParseText(item.Source.Plain, ParseOptions, path: $"Plain_{item.Source.Index}.cs"));
                if (gradients)
                {
                    trees.Add(CSharpSyntaxTree.ParseText(item.Source.Gradient, ParseOptions, path: $"Gradient_{item.Source.Index}.cs"));
                }
            }

            return CSharpCompilation.Create(
                "Fuzz" + Guid.NewGuid().ToString("N"),
                trees,
                References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable, allowUnsafe: true));
        }
    }
}
