extern alias Runtime;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Diff.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Diff.CodeFixes.Tests
{
    /// <summary>
    /// Runs a code fix through Roslyn's test framework: the analyzer must report exactly the marked
    /// diagnostics, and the fix must produce exactly the expected text.
    /// </summary>
    /// <remarks>
    /// References come from the running runtime (its trusted platform assemblies) and the built
    /// Diff.Runtime, never from reference packs downloaded at test time, so the tests run offline.
    /// Compiler errors are not compared: the framework runs no source generator, so calls to
    /// generated members would not bind; <see cref="GeneratorCompilation"/> compiles the fixed code
    /// with the generator instead.
    /// </remarks>
    internal static class CodeFixVerifier<TCodeFix>
        where TCodeFix : CodeFixProvider, new()
    {
        public static async Task VerifyAsync(string source, string fixedSource, string? equivalenceKey = null)
        {
            var test = new Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionEquivalenceKey = equivalenceKey,
            };
            await test.RunAsync();
        }

        /// <summary>Verifies that the fix offers nothing for <paramref name="source"/>'s diagnostics.</summary>
        public static async Task VerifyNoFixAsync(string source)
        {
            var test = new Test { TestCode = source, FixedCode = source };
            await test.RunAsync();
        }

        private sealed class Test : CSharpCodeFixTest<DifferentiableAnalyzer, TCodeFix, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = new ReferenceAssemblies("net10.0");
                TestState.AdditionalReferences.AddRange(GeneratorCompilation.References);
                FixedState.AdditionalReferences.AddRange(GeneratorCompilation.References);
                CompilerDiagnostics = CompilerDiagnostics.None;
            }

            protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest);
        }
    }

    /// <summary>Compiles source with the generator and the analyzer, as a build would.</summary>
    internal static class GeneratorCompilation
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
        {
            string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            var references = trusted.Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToList();
            references.Add(MetadataReference.CreateFromFile(typeof(Runtime::Diff.DifferentiableAttribute).Assembly.Location));
            return references.ToImmutableArray();
        });

        public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

        /// <summary>Every error and warning of a build of <paramref name="source"/>, and the names of the generated files.</summary>
        public static (IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Generated) Build(string source)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            CSharpCompilation compilation = CSharpCompilation.Create(
                "Fixed",
                new[] { CSharpSyntaxTree.ParseText(source, parseOptions, path: "Fixed.cs") },
                References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new Diff.Generator.DifferentiableGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
            driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            ImmutableArray<Diagnostic> analyzerDiagnostics = output
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DifferentiableAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            List<Diagnostic> all = output.GetDiagnostics().Concat(generatorDiagnostics).Concat(analyzerDiagnostics)
                .Where(d => d.Severity >= DiagnosticSeverity.Warning)
                .ToList();
            List<string> generated = output.SyntaxTrees.Skip(1).Select(t => Path.GetFileName(t.FilePath)).ToList();
            return (all, generated);
        }
    }
}
