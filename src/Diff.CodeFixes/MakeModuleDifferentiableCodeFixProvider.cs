using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.CodeFixes
{
    /// <summary>
    /// DIFF015: makes a <c>Module</c> subclass <c>partial</c> (with the types around it) and marks its
    /// <c>Forward</c> override <c>[Differentiable]</c>, which is what the generator needs to write the
    /// module's gradient.
    /// </summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(MakeModuleDifferentiableCodeFixProvider)), Shared]
    public sealed class MakeModuleDifferentiableCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ModuleNotDifferentiable);

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not ClassDeclarationSyntax type)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Make module '{type.Identifier.ValueText}' differentiable",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(Fix(root, type))),
                        equivalenceKey: nameof(MakeModuleDifferentiableCodeFixProvider)),
                    diagnostic);
            }
        }

        private static SyntaxNode Fix(SyntaxNode root, ClassDeclarationSyntax type)
        {
            var annotation = new SyntaxAnnotation();
            SyntaxTrivia endOfLine = FixSyntax.EndOfLine(root);
            ClassDeclarationSyntax marked = type.ReplaceNodes(
                type.Members.OfType<MethodDeclarationSyntax>().Where(IsForwardOverrideWithoutAttribute),
                (original, rewritten) => FixSyntax.WithLeadingAttribute(rewritten, FixSyntax.DiffAttribute("Differentiable"), endOfLine));
            root = root.ReplaceNode(type, marked.WithAdditionalAnnotations(annotation));
            return FixSyntax.MakePartialWithEnclosingTypes(root, (TypeDeclarationSyntax)root.GetAnnotatedNodes(annotation).Single());
        }

        private static bool IsForwardOverrideWithoutAttribute(MethodDeclarationSyntax method) =>
            method.Identifier.ValueText == "Forward"
            && method.Modifiers.Any(SyntaxKind.OverrideKeyword)
            && !method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "Differentiable" or "DifferentiableAttribute" or "Diff.Differentiable" or "global::Diff.Differentiable");
    }
}
