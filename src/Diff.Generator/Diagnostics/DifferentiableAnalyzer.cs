using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Diff.Generator.Analyse;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Diff.Generator.Diagnostics
{
    /// <summary>
    /// Reports every DIFF diagnostic, live in the IDE and in the build. It runs the generator's own
    /// Parse and Analyse phases, so the errors are exactly the ones that stop code generation; the
    /// generator itself reports nothing, which keeps each error from appearing twice.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DifferentiableAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.All.ToImmutableArray();

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? differentiable = start.Compilation.GetTypeByMetadataName(SymbolFacts.DifferentiableAttribute);
                INamedTypeSymbol? derivativeOf = start.Compilation.GetTypeByMetadataName(SymbolFacts.DerivativeOfAttribute);
                if (differentiable is null)
                {
                    return;
                }

                var registrations = new Lazy<ImmutableArray<DerivativeRegistration>>(
                    () => CollectRegistrations(start.Compilation, derivativeOf, start.CancellationToken),
                    LazyThreadSafetyMode.ExecutionAndPublication);

                start.RegisterSyntaxNodeAction(node => AnalyzeMethod(node, differentiable, derivativeOf, registrations), SyntaxKind.MethodDeclaration);
            });
        }

        private static void AnalyzeMethod(
            SyntaxNodeAnalysisContext context,
            INamedTypeSymbol differentiable,
            INamedTypeSymbol? derivativeOf,
            Lazy<ImmutableArray<DerivativeRegistration>> registrations)
        {
            var syntax = (MethodDeclarationSyntax)context.Node;
            if (syntax.AttributeLists.Count == 0 || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method)
            {
                return;
            }

            ImmutableArray<AttributeData> attributes = method.GetAttributes();
            if (derivativeOf is not null)
            {
                ImmutableArray<AttributeData> registered = attributes.Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, derivativeOf)).ToImmutableArray();
                if (registered.Length > 0)
                {
                    Report(context, RegistrationFinder.Read(new GeneratorAttributeSyntaxContextLike(syntax, method, registered), context.CancellationToken).Diagnostics);
                }
            }

            if (!attributes.Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, differentiable)))
            {
                return;
            }

            if (TensorFacts.IsTensorMethod(method))
            {
                Report(context, TensorMethodParser.Parse(syntax, method, context.SemanticModel, context.CancellationToken, checkCompileErrors: false).Diagnostics);
                return;
            }

            Result<MethodModel> parsed = MethodParser.Parse(syntax, method, context.SemanticModel, context.CancellationToken, checkCompileErrors: false);
            Report(context, parsed.Diagnostics);
            if (parsed.Value is null || parsed.HasErrors)
            {
                return;
            }

            Report(context, MethodAnalyzer.Analyse(parsed.Value, registrations.Value).Diagnostics);
        }

        private static ImmutableArray<DerivativeRegistration> CollectRegistrations(Compilation compilation, INamedTypeSymbol? derivativeOf, CancellationToken cancellationToken)
        {
            if (derivativeOf is null)
            {
                return ImmutableArray<DerivativeRegistration>.Empty;
            }

            var result = ImmutableArray.CreateBuilder<DerivativeRegistration>();
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SemanticModel? model = null;
                foreach (MethodDeclarationSyntax syntax in tree.GetRoot(cancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>())
                {
                    if (!syntax.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().Contains("DerivativeOf")))
                    {
                        continue;
                    }

                    model ??= compilation.GetSemanticModel(tree);
                    if (model.GetDeclaredSymbol(syntax, cancellationToken) is not IMethodSymbol method)
                    {
                        continue;
                    }

                    ImmutableArray<AttributeData> registered = method.GetAttributes().Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, derivativeOf)).ToImmutableArray();
                    if (registered.Length > 0 && RegistrationFinder.Read(new GeneratorAttributeSyntaxContextLike(syntax, method, registered), cancellationToken).Value is { } registration)
                    {
                        result.Add(registration);
                    }
                }
            }

            return result.ToImmutable();
        }

        private static void Report(SyntaxNodeAnalysisContext context, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }
    }
}
