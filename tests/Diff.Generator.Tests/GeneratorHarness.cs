using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Diff.Generator.Tests
{
    /// <summary>Runs the generator in memory over source text and exposes what it produced.</summary>
    internal sealed class GeneratorHarness
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        {
            string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            var references = trusted.Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToList();
            references.Add(MetadataReference.CreateFromFile(typeof(Diff.DifferentiableAttribute).Assembly.Location));
            return references.ToImmutableArray();
        });

        /// <summary>
        /// The references plus ILGPU: what [Kernel] methods need. The runtime brings the launch helpers;
        /// with <c>withGpuLibrary</c> false it is left out, and the sources must declare the attributes.
        /// </summary>
        private static ImmutableArray<MetadataReference> KernelReferences(bool withGpuLibrary)
        {
            var references = References.Value.ToBuilder();
            if (!withGpuLibrary)
            {
                references.RemoveAll(r => r is PortableExecutableReference { FilePath: string path }
                    && path == typeof(Diff.DifferentiableAttribute).Assembly.Location);
            }

            references.Add(MetadataReference.CreateFromFile(typeof(ILGPU.Index1D).Assembly.Location));
            references.Add(MetadataReference.CreateFromFile(typeof(ILGPU.Algorithms.XMath).Assembly.Location));
            return references.ToImmutable();
        }

        /// <summary>Compiles sources that use ILGPU (and, by default, the runtime with its launch helpers), as a project with [Kernel] methods does.</summary>
        public static CSharpCompilation CompileKernels(bool withGpuLibrary, params string[] sources) => CSharpCompilation.Create(
            "Kernels",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            KernelReferences(withGpuLibrary),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

        private GeneratorHarness(Compilation input, GeneratorDriver driver, Compilation output, ImmutableArray<Diagnostic> generatorDiagnostics)
        {
            Input = input;
            Driver = driver;
            Output = output;
            GeneratorDiagnostics = generatorDiagnostics;
        }

        public Compilation Input { get; }

        public GeneratorDriver Driver { get; }

        public Compilation Output { get; }

        public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

        public GeneratorDriverRunResult RunResult => Driver.GetRunResult();

        public IReadOnlyList<(string HintName, string Text)> Sources =>
            RunResult.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToList();

        /// <summary>The text of the one generated file named <paramref name="hintName"/>.</summary>
        public string Source(string hintName) => Xunit.Assert.Single(Sources, s => s.HintName == hintName).Text;

        /// <summary>
        /// The text of the generated method in <paramref name="hintName"/> whose signature contains <paramref name="signature"/>,
        /// up to the next method's documentation.
        /// </summary>
        public string Method(string hintName, string signature)
        {
            string file = Source(hintName);
            int start = file.IndexOf(signature, System.StringComparison.Ordinal);
            Xunit.Assert.True(start >= 0, signature + " is not in " + hintName);
            int end = file.IndexOf("/// <summary>", start, System.StringComparison.Ordinal);
            return end < 0 ? file.Substring(start) : file.Substring(start, end - start);
        }

        public IReadOnlyList<(string HintName, string Text)> Adjoints => Sources.Where(s => !Emit.RefusedEmitter.IsStandIn(s.Text)).ToList();

        /// <summary>The generated files that hold the stand-ins of a refused method's companions.</summary>
        public IReadOnlyList<(string HintName, string Text)> StandIns => Sources.Where(s => Emit.RefusedEmitter.IsStandIn(s.Text)).ToList();

        /// <summary>Errors the compiler finds in generated files: there must never be any.</summary>
        public IReadOnlyList<Diagnostic> GeneratedCodeErrors =>
            Output.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))
                .ToList();

        /// <summary>Binds the first method of <paramref name="source"/> with the generator's front end, as the generator does.</summary>
        internal static Diagnostics.Result<Model.BoundMethod> BindFirstMethod(string source)
        {
            CSharpCompilation compilation = Compile(source);
            SyntaxTree tree = compilation.SyntaxTrees.Single();
            SemanticModel model = compilation.GetSemanticModel(tree);
            var syntax = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().First();
            var method = (IMethodSymbol)model.GetDeclaredSymbol(syntax)!;
            return Parse.MethodBinder.Bind(syntax, method, model, default);
        }

        /// <summary>Binds and analyses the first method of <paramref name="members"/>, declared in a static class with <c>using System; using Diff;</c>.</summary>
        internal static Analyse.AnalysedMethod AnalyseFirstMethod(string members)
        {
            Model.MethodModel? scalar = BindFirstMethod("using System; using Diff; static partial class C { " + members + " }").Value?.Scalar;
            Xunit.Assert.NotNull(scalar);
            Analyse.AnalysedMethod? analysed = Analyse.MethodAnalyzer.Analyse(scalar!, System.Collections.Immutable.ImmutableArray<Model.DerivativeRegistration>.Empty).Value;
            Xunit.Assert.NotNull(analysed);
            return analysed!;
        }

        public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
            "Tests",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        public static GeneratorHarness Run(params string[] sources) => Run(Compile(sources));

        public static GeneratorHarness Run(Compilation compilation, GeneratorDriver? driver = null)
        {
            driver ??= CSharpGeneratorDriver.Create(
                new[] { new DifferentiableGenerator().AsSourceGenerator() },
                parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

            // The generator reports nothing itself; the analyzer reports from the same phases.
            ImmutableArray<Diagnostic> analyzerDiagnostics = output
                .WithAnalyzers(ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new Diagnostics.DifferentiableAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            var harness = new GeneratorHarness(compilation, driver, output, generatorDiagnostics.AddRange(analyzerDiagnostics));
            harness.AssertAnalyzerAgreesWithGenerator(analyzerDiagnostics);
            AssertHandoffChangesNothing(output, analyzerDiagnostics);
            return harness;
        }

        /// <summary>
        /// The analyzer takes the generator's bindings where they hold (<see cref="Diagnostics.BindingHandoff"/>); on every
        /// input any test feeds them, it reports exactly what it reports when it binds every method itself, which it does
        /// on a compilation whose options object the generator never saw.
        /// </summary>
        private static void AssertHandoffChangesNothing(Compilation output, ImmutableArray<Diagnostic> withHandoff)
        {
            Compilation unseen = output.WithOptions(output.Options.WithDeterministic(!output.Options.Deterministic));
            Xunit.Assert.Null(Diagnostics.BindingHandoff.For(unseen));
            ImmutableArray<Diagnostic> ownBindings = unseen
                .WithAnalyzers(ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new Diagnostics.DifferentiableAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            static string[] Describe(IEnumerable<Diagnostic> diagnostics) => diagnostics
                .Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
                .OrderBy(text => text, StringComparer.Ordinal)
                .ToArray();
            Xunit.Assert.Equal(Describe(ownBindings), Describe(withHandoff));
        }

        /// <summary>
        /// The analyzer and the generator share the binder: on every input any test feeds them, a
        /// [Differentiable] method is emitted exactly when no error is reported for it (an error in
        /// its body, a compiler error there, or DIFF008 on a containing type that is not partial).
        /// A refused method's file holds at most stand-ins, which count as not emitted.
        /// </summary>
        private void AssertAnalyzerAgreesWithGenerator(ImmutableArray<Diagnostic> analyzerDiagnostics)
        {
            Diagnostic[] errors = analyzerDiagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.Kind is LocationKind.SourceFile or LocationKind.ExternalFile)
                .ToArray();

            // In a file that does not compile on its own, the two only have to agree with the compiler.
            HashSet<string> brokenFiles = new(
                Output.GetDiagnostics()
                    .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } t && !t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))
                    .Select(d => d.Location.SourceTree!.FilePath),
                StringComparer.Ordinal);
            HashSet<string> hintNames = new(Adjoints.Select(s => s.HintName), StringComparer.Ordinal);
            foreach (SyntaxTree tree in Input.SyntaxTrees)
            {
                foreach (var method in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
                {
                    if (!method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().EndsWith("Differentiable", StringComparison.Ordinal)))
                    {
                        continue;
                    }

                    var types = method.Ancestors().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>().ToArray();
                    if (brokenFiles.Contains(tree.FilePath))
                    {
                        continue;
                    }

                    bool hasError = errors.Any(e => e.Location.GetLineSpan().Path == tree.FilePath
                        && (method.FullSpan.Contains(e.Location.SourceSpan) || types.Any(t => t.Identifier.Span == e.Location.SourceSpan)));
                    string suffix = (types.Length > 0 ? types[0].Identifier.ValueText + "." : string.Empty) + method.Identifier.ValueText + ".g.cs";
                    bool emitted = hintNames.Any(h => h == suffix || h.EndsWith("." + suffix, StringComparison.Ordinal));
                    if (types.Length == 0 || method.Arity > 0 || types.Any(t => t.TypeParameterList is not null) || Sources.Count(s => s.HintName.EndsWith(suffix, StringComparison.Ordinal)) > 1)
                    {
                        continue;
                    }

                    if (emitted == hasError)
                    {
                        throw new Xunit.Sdk.XunitException(
                            $"{suffix.Replace(".g.cs", string.Empty)}: {(emitted ? "emitted although an error was reported" : "not emitted although no error was reported")}: {string.Join("; ", errors.Select(e => e.ToString()))}");
                    }

                    if (!hasError && StandIns.Any(s => s.HintName == suffix || s.HintName.EndsWith("." + suffix, StringComparison.Ordinal)))
                    {
                        throw new Xunit.Sdk.XunitException($"{suffix.Replace(".g.cs", string.Empty)}: stand-ins written although no error was reported");
                    }
                }
            }
        }

        /// <summary>Compiles the output and loads it, for running generated gradients.</summary>
        public Assembly Load()
        {
            using var stream = new MemoryStream();
            var emit = Output.Emit(stream);
            if (!emit.Success)
            {
                throw new InvalidOperationException("Compilation failed:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }

            return Assembly.Load(stream.ToArray());
        }
    }
}
