using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.CodeFixes
{
    /// <summary>
    /// DIFF001: marks the callee <c>[Differentiable]</c> when its source is in the solution, and makes
    /// its type <c>partial</c>, so the generator writes the callee's gradient and the caller uses it.
    /// </summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(AddDifferentiableToCalleeCodeFixProvider)), Shared]
    public sealed class AddDifferentiableToCalleeCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NoDerivative);

        /// <inheritdoc/>
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (await FixSyntax.FindCalleeAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false) is not { } found
                    || FixSyntax.HasDiffAttribute(found.Callee, "Differentiable"))
                {
                    continue;
                }

                SyntaxReference? reference = found.Callee.DeclaringSyntaxReferences.FirstOrDefault();
                Document? calleeDocument = reference is null ? null : context.Document.Project.Solution.GetDocument(reference.SyntaxTree);
                if (reference is null || calleeDocument is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Add [Differentiable] to '{found.Callee.ContainingType.Name}.{found.Callee.Name}'",
                        ct => AddAttributeAsync(calleeDocument, reference, ct),
                        equivalenceKey: nameof(AddDifferentiableToCalleeCodeFixProvider)),
                    diagnostic);
            }
        }

        private static async Task<Solution> AddAttributeAsync(Document document, SyntaxReference reference, CancellationToken cancellationToken)
        {
            SyntaxNode root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) ?? throw new System.InvalidOperationException("The callee's document has no syntax root.");
            if (root.FindNode(reference.Span) is not MethodDeclarationSyntax method)
            {
                return document.Project.Solution;
            }

            var annotation = new SyntaxAnnotation();
            root = root.ReplaceNode(method, FixSyntax.WithLeadingAttribute(method, FixSyntax.DiffAttribute("Differentiable"), FixSyntax.EndOfLine(root)).WithAdditionalAnnotations(annotation));
            if (root.GetAnnotatedNodes(annotation).FirstOrDefault()?.Parent is TypeDeclarationSyntax type)
            {
                root = FixSyntax.MakePartialWithEnclosingTypes(root, type);
            }

            return document.WithSyntaxRoot(root).Project.Solution;
        }
    }
}
