using System.Collections.Immutable;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Diagnostics;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator
{
    /// <summary>
    /// The composition root: Find → Parse → Analyse (with the compilation's [DerivativeOf]
    /// registrations) → Differentiate and Emit. A method with an error is simply not emitted;
    /// <see cref="Diagnostics.DifferentiableAnalyzer"/> reports the error, from the same phases.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class DifferentiableGenerator : IIncrementalGenerator
    {
        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<Result<MethodModel>> parsed = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    SymbolFacts.DifferentiableAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => WithoutLocations(MethodParser.Parse((MethodDeclarationSyntax)ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol, ctx.SemanticModel, ct)))
                .WithTrackingName(StepNames.Parse);

            IncrementalValueProvider<ImmutableArray<Result<DerivativeRegistration>>> registrations = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    SymbolFacts.DerivativeOfAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => RegistrationFinder.Read(new GeneratorAttributeSyntaxContextLike(ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol, ctx.Attributes), ct))
                .WithTrackingName(StepNames.Registrations)
                .Collect();

            IncrementalValueProvider<EquatableArray<DerivativeRegistration>> validRegistrations = registrations
                .Select(static (all, _) => all.Where(r => r.Value is not null).Select(r => r.Value!).ToEquatableArray());

            IncrementalValuesProvider<Result<AnalysedMethod>> analysed = parsed
                .Where(static r => r.Value is not null && !r.HasErrors)
                .Combine(validRegistrations)
                .Select(static (pair, _) => MethodAnalyzer.Analyse(pair.Left.Value!, pair.Right.Items))
                .WithTrackingName(StepNames.Analyse);

            IncrementalValuesProvider<GeneratedSource> sources = analysed
                .Where(static r => r.Value is not null && !r.HasErrors)
                .Select(static (r, _) => SourceEmitter.Emit(r.Value!))
                .WithTrackingName(StepNames.Emit);

            // Where each method's name is now: only the output step reads it (see LineDirectives), so
            // moving a method leaves Parse, Analyse and Emit cached.
            IncrementalValueProvider<ImmutableArray<MethodPosition>> positions = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    SymbolFacts.DifferentiableAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, _) => Position((MethodDeclarationSyntax)ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol))
                .WithTrackingName(StepNames.Positions)
                .Collect();

            context.RegisterSourceOutput(sources.Combine(positions), static (spc, pair) => AddSource(spc, pair.Left, pair.Right));

            // Methods over tensors and modules take the tensor-mode path: their ops' derivatives are
            // registered in the ops' own types, which Parse looks up directly.
            IncrementalValuesProvider<GeneratedSource> tensorSources = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    SymbolFacts.DifferentiableAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => WithoutLocations(TensorMethodParser.Parse((MethodDeclarationSyntax)ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol, ctx.SemanticModel, ct)))
                .WithTrackingName(StepNames.ParseTensor)
                .Where(static r => r.Value is not null && !r.HasErrors)
                .Select(static (r, _) => TensorSourceEmitter.Emit(r.Value!))
                .WithTrackingName(StepNames.EmitTensor);

            context.RegisterSourceOutput(tensorSources.Combine(positions), static (spc, pair) => AddSource(spc, pair.Left, pair.Right));

            // Diagnostics are reported by DifferentiableAnalyzer, which runs the same phases.
        }

        private static MethodPosition Position(MethodDeclarationSyntax syntax, IMethodSymbol method)
        {
            FileLinePositionSpan span = syntax.Identifier.GetLocation().GetLineSpan();
            return new MethodPosition(MethodParser.HintName(method, MethodParser.ContainingTypes(syntax)) + ".g.cs", span.Path ?? string.Empty, span.StartLinePosition.Line);
        }

        private static void AddSource(SourceProductionContext context, GeneratedSource source, ImmutableArray<MethodPosition> positions)
        {
            MethodPosition? position = null;
            foreach (MethodPosition candidate in positions)
            {
                if (candidate.HintName == source.HintName)
                {
                    position = candidate;
                    break;
                }
            }

            context.AddSource(source.HintName, LineDirectives.Resolve(source.Text, position?.FilePath, position?.Line ?? 0));
        }

        // The generator keeps only whether a method had an error: the analyzer reports them, with
        // their locations, and a cached model without locations survives lines moving around it.
        private static Result<MethodModel> WithoutLocations(Result<MethodModel> parsed) =>
            new(parsed.HasErrors ? null : parsed.Value?.WithoutLocations(), parsed.HasErrors ? Errored : EquatableArray<DiagnosticInfo>.Empty);

        private static Result<TensorMethodModel> WithoutLocations(Result<TensorMethodModel> parsed) =>
            new(parsed.HasErrors ? null : parsed.Value?.WithoutLocations(), parsed.HasErrors ? Errored : EquatableArray<DiagnosticInfo>.Empty);

        private static readonly EquatableArray<DiagnosticInfo> Errored =
            new[] { DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, null, string.Empty, string.Empty) }.ToEquatableArray();
    }
}
