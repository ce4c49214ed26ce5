using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Diff.Generator.Analyse;
using Diff.Generator.Diagnostics;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Profiling
{
    internal static class Program
    {
        private static void Main(string[] args)
        {
            // Usage: dotnet run -c Release --project bench/build-time/Profiler -- DIR [REPS]
            // DIR holds the .cs files of a project measure.sh generated (measure.sh --reps 1 --keep).
            // Every figure is measured on a fresh compilation, so that no binding is cached from an earlier one.
            string dir = args.Length > 0 ? args[0] : throw new ArgumentException("usage: DIR [REPS]");
            int reps = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
            string[] paths = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                         && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(Path.GetFullPath)
                .ToArray();
            string[] texts = paths.Select(File.ReadAllText).ToArray();

            string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            MetadataReference[] references = trusted.Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .Append(MetadataReference.CreateFromFile(typeof(Diff.DifferentiableAttribute).Assembly.Location))
                .ToArray();
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);

            // DIFFGEN_PROFILE_NULLABLE=enable compiles as a project with <Nullable>enable</Nullable> does (the SDK's template
            // default); the benchmark project itself disables it.
            NullableContextOptions nullable = Environment.GetEnvironmentVariable("DIFFGEN_PROFILE_NULLABLE") == "enable"
                ? NullableContextOptions.Enable
                : NullableContextOptions.Disable;

            // DIFFGEN_PROFILE_EDIT_EACH_RUN=1: each compilation's decimal literals get digits of their own (3.4 becomes
            // 3.4000000001, then 3.4000000002), so that no method is one an earlier run in the process has seen (the
            // generator keeps the analyses and files of earlier runs): the figure for code never built before.
            int edition = 0;
            bool editEachRun = Environment.GetEnvironmentVariable("DIFFGEN_PROFILE_EDIT_EACH_RUN") == "1";
            IEnumerable<string> Texts()
            {
                if (!editEachRun)
                {
                    return texts;
                }

                string digits = (++edition).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
                return texts.Select(t => System.Text.RegularExpressions.Regex.Replace(t, @"\b\d+\.\d+\b", m => m.Value + digits));
            }

            CSharpCompilation Fresh() => CSharpCompilation.Create(
                "BuildTime",
                Texts().Select((t, i) => CSharpSyntaxTree.ParseText(t, parseOptions, path: paths[i])),
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: nullable,
                    concurrentBuild: Environment.GetEnvironmentVariable("DIFFGEN_PROFILE_SERIAL") != "1"));

            List<(MethodDeclarationSyntax Syntax, IMethodSymbol Symbol, SemanticModel Model)> Methods(Compilation compilation)
            {
                var result = new List<(MethodDeclarationSyntax, IMethodSymbol, SemanticModel)>();
                foreach (SyntaxTree tree in compilation.SyntaxTrees)
                {
                    SemanticModel model = compilation.GetSemanticModel(tree);
                    foreach (MethodDeclarationSyntax syntax in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
                    {
                        if (syntax.AttributeLists.Count > 0 && model.GetDeclaredSymbol(syntax) is IMethodSymbol symbol)
                        {
                            result.Add((syntax, symbol, model));
                        }
                    }
                }

                return result;
            }

            // Wall time, and beside it (in the "cpu" rows) the process's processor time, which another
            // process's load on the machine disturbs less.
            var cpu = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var allocated = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            double lastCpu = 0;
            double lastMb = 0;
            double Ms(Action action)
            {
                long bytes = GC.GetTotalAllocatedBytes(precise: true);
                TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                action();
                double wall = watch.Elapsed.TotalMilliseconds;
                lastCpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds;
                lastMb = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / 1e6;
                return wall;
            }

            var rows = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            void Record(string name, double ms)
            {
                if (!rows.TryGetValue(name, out List<double>? list))
                {
                    rows[name] = list = new List<double>();
                }

                list.Add(ms);
                if (!cpu.TryGetValue(name, out List<double>? cpuList))
                {
                    cpu[name] = cpuList = new List<double>();
                }

                cpuList.Add(lastCpu);
                if (!allocated.TryGetValue(name, out List<double>? mbList))
                {
                    allocated[name] = mbList = new List<double>();
                }

                mbList.Add(lastMb);
            }

            // A cold process, as a build without the compiler server runs the generator: the first run of the generator
            // driver and of the analyzer, with the time the JIT took and how many methods it compiled during each.
            // DIFFGEN_PROFILE_COLD=roslyn first compiles the sources once without DiffGen, so that only DiffGen's own
            // code (and the compiler paths only it uses) is cold. This process's compiler is not precompiled (ReadyToRun)
            // as the SDK's is, so its JIT figures include the compiler's own code.
            if (Environment.GetEnvironmentVariable("DIFFGEN_PROFILE_COLD") is { } cold)
            {
                if (cold == "roslyn")
                {
                    Fresh().GetDiagnostics();
                }

                for (int i = 0; i < Math.Max(reps, 1); i++)
                {
                    CSharpCompilation compilation = Fresh();
                    GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
                    Compilation output = compilation;
                    TimeSpan jit0 = System.Runtime.JitInfo.GetCompilationTime();
                    long count0 = System.Runtime.JitInfo.GetCompiledMethodCount();
                    int gc0 = GC.CollectionCount(0);
                    double gen = Ms(() => driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _));
                    Console.WriteLine($"run {i}: generator driver {gen,7:F1} ms (cpu {lastCpu,7:F1} ms, {lastMb,6:F1} MB, {GC.CollectionCount(0) - gc0} gen0 GCs), " +
                        $"JIT {(System.Runtime.JitInfo.GetCompilationTime() - jit0).TotalMilliseconds,6:F1} ms for {System.Runtime.JitInfo.GetCompiledMethodCount() - count0} methods");

                    var analyzer = new DifferentiableAnalyzer();
                    CompilationWithAnalyzers withAnalyzers = output.WithAnalyzers(
                        ImmutableArray.Create<DiagnosticAnalyzer>(analyzer),
                        new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
                    jit0 = System.Runtime.JitInfo.GetCompilationTime();
                    count0 = System.Runtime.JitInfo.GetCompiledMethodCount();
                    gc0 = GC.CollectionCount(0);
                    double wall = Ms(() => withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());
                    double execution = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
                    Console.WriteLine($"run {i}: analyzer execution {execution,7:F1} ms (driver wall {wall,7:F1} ms, {GC.CollectionCount(0) - gc0} gen0 GCs), " +
                        $"JIT {(System.Runtime.JitInfo.GetCompilationTime() - jit0).TotalMilliseconds,6:F1} ms for {System.Runtime.JitInfo.GetCompiledMethodCount() - count0} methods");
                }

                return;
            }

            // DIFFGEN_PROFILE_DUMP=DIR writes every generated source and every analyzer diagnostic into DIR, to compare two
            // versions of the generator byte for byte (run this build of the profiler beside another Diff.Generator.dll).
            if (Environment.GetEnvironmentVariable("DIFFGEN_PROFILE_DUMP") is { } dump)
            {
                Directory.CreateDirectory(dump);
                GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
                driver = driver.RunGeneratorsAndUpdateCompilation(Fresh(), out Compilation output, out _);
                foreach (GeneratedSourceResult source in driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources))
                {
                    File.WriteAllText(Path.Combine(dump, source.HintName), source.SourceText.ToString());
                }

                ImmutableArray<Diagnostic> diagnostics = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer()))
                    .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                File.WriteAllLines(Path.Combine(dump, "diagnostics.txt"), diagnostics.Select(d => d.ToString()).OrderBy(d => d, StringComparer.Ordinal));
                return;
            }

            // For a sampling profiler: DIFFGEN_PROFILE_ONLY=generator runs the generator driver alone, =analyzer the analyzer
            // alone (on the generator's output, each run on a fresh compilation of the same trees), =emit the emitter alone,
            // REPS times.
            if (Environment.GetEnvironmentVariable("DIFFGEN_PROFILE_ONLY") is { } only)
            {
                Compilation generated = Fresh();
                GeneratorDriver first = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
                first.RunGeneratorsAndUpdateCompilation(Fresh(), out generated, out _);
                List<AnalysedMethod>? emitted = null;
                for (int i = 0; i < reps; i++)
                {
                    if (only == "generator")
                    {
                        CSharpCompilation compilation = Fresh();
                        // DIFFGEN_PROFILE_THREADS=1: everything on the driver's thread, so that a profiler that follows the
                        // driver's stacks sees all of the generator's work.
                        var generator = Environment.GetEnvironmentVariable("DIFFGEN_PROFILE_THREADS") == "1"
                            ? new DifferentiableGenerator(oneThread: true)
                            : new DifferentiableGenerator();
                        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: parseOptions);
                        int[] collections = { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
                        TimeSpan paused = GC.GetTotalPauseDuration();
                        double ms = Ms(() => driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out _));
                        Console.WriteLine($"generator: {ms,7:F1} ms (cpu {lastCpu,7:F1} ms, {lastMb,6:F1} MB; collections {GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]}, " +
                            $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds,6:F1} ms; heap after a full collection {GC.GetTotalMemory(forceFullCollection: true) / 1e6,6:F1} MB)");
                    }
                    else if (only == "emit")
                    {
                        // Emit alone, for a sampling profiler: every method bound and analysed once, then emitted REPS times.
                        if (i == 0)
                        {
                            emitted = Methods(Fresh())
                                .Select(m => MethodBinder.Bind(m.Syntax, m.Symbol, m.Model, CancellationToken.None))
                                .Where(b => b.Value is { Mode: MethodMode.Scalar, Scalar: not null } && !b.HasErrors)
                                .Select(b => MethodAnalyzer.Analyse(b.Value!.Scalar!, ImmutableArray<DerivativeRegistration>.Empty))
                                .Where(a => a.Value is not null && !a.HasErrors)
                                .Select(a => a.Value!)
                                .ToList();
                        }

                        double ms = Ms(() =>
                        {
                            foreach (AnalysedMethod analysed in emitted!)
                            {
                                SourceEmitter.Emit(analysed);
                            }
                        });
                        Console.WriteLine($"emit ({emitted!.Count} methods): {ms,7:F1} ms (cpu {lastCpu,7:F1} ms, {lastMb,6:F1} MB)");
                    }
                    else if (only == "analyzer-direct")
                    {
                        // The analyzer's work for each [Differentiable] method, called directly on one thread, so that the
                        // process's processor time and allocation are the analyzer's alone (the analyzer driver also compiles
                        // the generated code): the registrations once, then Bind and Analyse as DifferentiableAnalyzer does.
                        Compilation compilation = generated.RemoveAllSyntaxTrees().AddSyntaxTrees(generated.SyntaxTrees);
                        INamedTypeSymbol? derivativeOf = compilation.GetTypeByMetadataName("Diff.DerivativeOfAttribute");
                        var methods = Methods(compilation).Where(m => m.Symbol.GetAttributes().Any(a => a.AttributeClass?.Name == "DifferentiableAttribute")).ToList();
                        var collect = typeof(DifferentiableAnalyzer).GetMethod("CollectRegistrations", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
                        int reported = 0;
                        double ms = Ms(() =>
                        {
                            var registrations = (ImmutableArray<DerivativeRegistration>)collect.Invoke(null, new object?[] { compilation, derivativeOf, null, CancellationToken.None })!;
                            foreach (var m in methods)
                            {
                                Result<BoundMethod> bound = MethodBinder.Bind(m.Syntax, m.Symbol, m.Model, CancellationToken.None, checkCompileErrors: false, offerInlining: false);
                                reported += bound.Diagnostics.Count;
                                if (bound.Value is { Mode: MethodMode.Scalar, Scalar: { } scalar } && !bound.HasErrors)
                                {
                                    reported += NeverThrow.Analyse(scalar, registrations, diagnosticsOnly: true).Diagnostics.Count;
                                }
                            }
                        });
                        Console.WriteLine($"analyzer (direct, {methods.Count} methods, {reported} diagnostics): {ms,7:F1} ms (cpu {lastCpu,7:F1} ms, {lastMb,6:F1} MB)");
                    }
                    else
                    {
                        Compilation compilation = generated.RemoveAllSyntaxTrees().AddSyntaxTrees(generated.SyntaxTrees);
                        var analyzer = new DifferentiableAnalyzer();
                        CompilationWithAnalyzers withAnalyzers = compilation.WithAnalyzers(
                            ImmutableArray.Create<DiagnosticAnalyzer>(analyzer),
                            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
                        double wall = Ms(() => withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());
                        double execution = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
                        Console.WriteLine($"analyzer: execution {execution,7:F1} ms (driver wall {wall,7:F1} ms, cpu {lastCpu,7:F1} ms, {lastMb,6:F1} MB)");
                    }
                }

                return;
            }

            // For a sampling profiler: bind every method on fresh compilations, nothing else.
            if (Environment.GetEnvironmentVariable("DIFFGEN_PROFILE_BIND") is { } mode)
            {
                for (int i = 0; i < reps; i++)
                {
                    var methods = Methods(Fresh());
                    double ms = Ms(() =>
                    {
                        foreach (var m in methods)
                        {
                            MethodBinder.Bind(m.Syntax, m.Symbol, m.Model, CancellationToken.None, checkCompileErrors: mode == "true");
                        }
                    });
                    Console.WriteLine($"bind ({mode}): {ms:F1} ms");
                }

                return;
            }

            Console.WriteLine($"{texts.Length} files; {reps} measured runs after one warm-up");
            for (int rep = 0; rep <= reps; rep++)
            {
                bool measured = rep > 0;
                void Keep(string name, double ms)
                {
                    if (measured)
                    {
                        Record(name, ms);
                    }
                }

                // The whole generator, as the compiler runs it.
                {
                    CSharpCompilation compilation = Fresh();
                    GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
                    Compilation output = compilation;
                    Keep("generator (driver, total)", Ms(() => driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _)));

                    // The whole analyzer, on the compilation with generated code (what the build analyses).
                    var analyzer = new DifferentiableAnalyzer();
                    CompilationWithAnalyzers withAnalyzers = output.WithAnalyzers(
                        ImmutableArray.Create<DiagnosticAnalyzer>(analyzer),
                        new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
                    Keep("analyzer driver, wall (includes compiling generated code)", Ms(() => withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()));
                    Keep("analyzer execution time (as ReportAnalyzer)", withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds);
                    Keep("compiler diagnostics with generated code", Ms(() => output.GetDiagnostics()));
                }

                // What the first symbol lookup on the compilation with generated code costs: the compiler parses the
                // generated files lazily and declares them when a symbol is first asked for. In a build that lookup is an
                // analyzer's (whichever asks first), and ReportAnalyzer charges that analyzer with it.
                {
                    GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
                    driver = driver.RunGeneratorsAndUpdateCompilation(Fresh(), out Compilation output, out _);
                    Keep("generated code parsed (every tree's root)", Ms(() =>
                    {
                        foreach (SyntaxTree tree in output.SyntaxTrees)
                        {
                            tree.GetRoot();
                        }
                    }));
                    Keep("  then declared (first symbol lookup)", Ms(() => output.GetTypeByMetadataName("Diff.DifferentiableAttribute")));
                    if (rep == 0)
                    {
                        long chars = driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Sum(g => (long)g.SourceText.Length);
                        Console.WriteLine($"generated code: {chars / 1e6:F2} M characters");
                    }
                }

                // The generator's phases, one by one.
                {
                    CSharpCompilation compilation = Fresh();
                    var methods = Methods(compilation);
                    var bound = new List<Result<BoundMethod>>();
                    Keep("  Bind (checkCompileErrors: true)", Ms(() =>
                    {
                        foreach (var m in methods)
                        {
                            bound.Add(MethodBinder.Bind(m.Syntax, m.Symbol, m.Model, CancellationToken.None));
                        }
                    }));
                    var analysed = new List<Result<AnalysedMethod>>();
                    Keep("  Analyse", Ms(() =>
                    {
                        foreach (Result<BoundMethod> b in bound)
                        {
                            if (b.Value is { Mode: MethodMode.Scalar, Scalar: { } scalar } && !b.HasErrors)
                            {
                                analysed.Add(MethodAnalyzer.Analyse(scalar, ImmutableArray<DerivativeRegistration>.Empty));
                            }
                        }
                    }));
                    Keep("  Emit", Ms(() =>
                    {
                        foreach (Result<AnalysedMethod> a in analysed)
                        {
                            if (a.Value is not null && !a.HasErrors)
                            {
                                SourceEmitter.Emit(a.Value);
                            }
                        }
                    }));
                    if (measured && rep == 1)
                    {
                        Console.WriteLine($"bound {bound.Count}, without errors {bound.Count(b => !b.HasErrors && b.Value is not null)}, analysed {analysed.Count(a => a.Value is not null && !a.HasErrors)}");
                    }
                }

                // Binding alone, without the compile-error check, on a fresh compilation; then the check alone,
                // on the bindings the parser left in the semantic models.
                {
                    CSharpCompilation compilation = Fresh();
                    var methods = Methods(compilation);
                    Keep("  Bind (checkCompileErrors: false)", Ms(() =>
                    {
                        foreach (var m in methods)
                        {
                            MethodBinder.Bind(m.Syntax, m.Symbol, m.Model, CancellationToken.None, checkCompileErrors: false);
                        }
                    }));
                    Keep("  compile-error check after Bind (CompileErrors.InMethod)", Ms(() =>
                    {
                        foreach (var m in methods)
                        {
                            CompileErrors.InMethod(m.Model, m.Syntax, m.Symbol, CancellationToken.None);
                        }
                    }));
                }

                // Other ways to ask the same question: per method body only, or once per file.
                {
                    CSharpCompilation compilation = Fresh();
                    var methods = Methods(compilation);
                    Keep("  GetMethodBodyDiagnostics(span) alone", Ms(() =>
                    {
                        foreach (var m in methods)
                        {
                            m.Model.GetMethodBodyDiagnostics(m.Syntax.Span);
                        }
                    }));
                }

                {
                    CSharpCompilation compilation = Fresh();
                    var methods = Methods(compilation);
                    Keep("  GetDiagnostics() once per file", Ms(() =>
                    {
                        foreach (var model in methods.Select(m => m.Model).Distinct())
                        {
                            model.GetDiagnostics();
                        }
                    }));
                }

                // What the compile-error check costs on its own, on a fresh compilation.
                {
                    CSharpCompilation compilation = Fresh();
                    var methods = Methods(compilation);
                    Keep("  GetDiagnostics(span) alone", Ms(() =>
                    {
                        foreach (var m in methods)
                        {
                            m.Model.GetDiagnostics(m.Syntax.Span);
                        }
                    }));
                }

                // The compiler's own binding of every method body, for scale.
                {
                    CSharpCompilation compilation = Fresh();
                    Keep("compilation.GetDiagnostics() (compiler, for scale)", Ms(() => compilation.GetDiagnostics()));
                }
            }

            foreach (KeyValuePair<string, List<double>> row in rows)
            {
                List<double> sorted = row.Value.OrderBy(x => x).ToList();
                List<double> sortedCpu = cpu[row.Key].OrderBy(x => x).ToList();
                Console.WriteLine($"{row.Key,-58} median {sorted[sorted.Count / 2],8:F1} ms   min {sorted[0],8:F1} ms   cpu median {sortedCpu[sortedCpu.Count / 2],8:F1} ms   allocated {allocated[row.Key].Min(),7:F1} MB");
            }
        }
    }
}
