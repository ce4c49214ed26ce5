using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.CodeFixes
{
    /// <summary>
    /// DIFF001: marks a parameter whose value reaches the call <c>[NoDiff]</c>, one action per parameter,
    /// for when that value is a constant as far as the gradient is concerned (PyTorch's <c>detach</c>).
    /// </summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MarkParameterNoDiffCodeFixProvider)), Shared]
    public sealed class MarkParameterNoDiffCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NoDerivative);

        /// <inheritdoc/>
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (FixSyntax.FindInvocation(root, diagnostic.Location.SourceSpan) is not { } invocation
                    || invocation.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method)
                {
                    continue;
                }

                // The parameters of the differentiable method that the call's arguments read directly.
                var seen = new HashSet<string>();
                foreach (IdentifierNameSyntax name in invocation.ArgumentList.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (model.GetSymbolInfo(name, context.CancellationToken).Symbol is not IParameterSymbol parameter
                        || FixSyntax.HasDiffAttribute(parameter, "NoDiff")
                        || !seen.Add(parameter.Name))
                    {
                        continue;
                    }

                    ParameterSyntax? declaration = method.ParameterList.Parameters.FirstOrDefault(p => p.Identifier.ValueText == parameter.Name);
                    if (declaration is null)
                    {
                        continue;
                    }

                    context.RegisterCodeFix(
                        CodeAction.Create(
                            $"Mark parameter '{parameter.Name}' [NoDiff]",
                            _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, WithNoDiff(declaration)))),
                            equivalenceKey: nameof(MarkParameterNoDiffCodeFixProvider) + "." + parameter.Name),
                        diagnostic);
                }
            }
        }

        private static ParameterSyntax WithNoDiff(ParameterSyntax parameter)
        {
            AttributeListSyntax attribute = FixSyntax.DiffAttribute("NoDiff")
                .WithLeadingTrivia(parameter.GetLeadingTrivia())
                .WithTrailingTrivia(Microsoft.CodeAnalysis.CSharp.SyntaxFactory.Space);
            return parameter.WithoutLeadingTrivia().WithAttributeLists(parameter.AttributeLists.Insert(0, attribute));
        }
    }
}
