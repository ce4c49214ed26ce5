using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Diff.CodeFixes
{
    /// <summary>Syntax edits the code fixes share: adding <c>partial</c>, adding an attribute, finding the call a diagnostic is on.</summary>
    internal static class FixSyntax
    {
        /// <summary>
        /// <paramref name="type"/> with <c>partial</c> as its last modifier (where C# requires it). When
        /// the type has no modifiers, the keyword's leading trivia (indentation, comments) moves to
        /// <c>partial</c>, so the declaration keeps its layout.
        /// </summary>
        public static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax type)
        {
            if (type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return type;
            }

            if (type.Modifiers.Count == 0)
            {
                SyntaxToken keyword = type.Keyword;
                SyntaxToken partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
                return type.ReplaceToken(keyword, keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
            }

            return type.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        /// <summary>Marks <paramref name="type"/> and every type declaration around it <c>partial</c>.</summary>
        public static SyntaxNode MakePartialWithEnclosingTypes(SyntaxNode root, TypeDeclarationSyntax type)
        {
            List<TypeDeclarationSyntax> types = type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()
                .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword))
                .ToList();
            return root.ReplaceNodes(types, (original, rewritten) => WithPartial(rewritten));
        }

        /// <summary>
        /// An attribute list for <c>global::Diff.<paramref name="name"/></c>, annotated so that the
        /// simplifier shortens it to <c>[<paramref name="name"/>]</c> where <c>using Diff;</c> is in scope.
        /// </summary>
        public static AttributeListSyntax DiffAttribute(string name) =>
            SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::Diff." + name).WithAdditionalAnnotations(Simplifier.Annotation))));

        /// <summary><paramref name="method"/> with <paramref name="attribute"/> as its first attribute list, on a line of its own.</summary>
        public static MethodDeclarationSyntax WithLeadingAttribute(MethodDeclarationSyntax method, AttributeListSyntax attribute, SyntaxTrivia endOfLine)
        {
            SyntaxTriviaList leading = method.GetLeadingTrivia();
            SyntaxTriviaList indentation = SyntaxFactory.TriviaList(leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
            MethodDeclarationSyntax bare = method.WithoutLeadingTrivia();
            AttributeListSyntax placed = attribute.WithLeadingTrivia(leading).WithTrailingTrivia(endOfLine);
            SyntaxList<AttributeListSyntax> lists = bare.AttributeLists.Count == 0
                ? SyntaxFactory.SingletonList(placed)
                : bare.AttributeLists.Replace(bare.AttributeLists[0], bare.AttributeLists[0].WithLeadingTrivia(indentation)).Insert(0, placed);
            if (bare.AttributeLists.Count == 0)
            {
                // The first modifier (or the return type) now starts the line after the attribute.
                bare = bare.WithLeadingTrivia(indentation);
            }

            return bare.WithAttributeLists(lists);
        }

        /// <summary>The line ending the document already uses (a line feed when it has none yet).</summary>
        public static SyntaxTrivia EndOfLine(SyntaxNode root) =>
            root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } found && found.IsKind(SyntaxKind.EndOfLineTrivia)
                ? found
                : SyntaxFactory.LineFeed;

        /// <summary>The invocation a DIFF001 is reported on, or null.</summary>
        public static InvocationExpressionSyntax? FindInvocation(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span) =>
            root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();

        /// <summary>The method a DIFF001 was reported for: the callee of the invocation at <paramref name="span"/>.</summary>
        public static async Task<(InvocationExpressionSyntax Invocation, IMethodSymbol Callee, SemanticModel Model)?> FindCalleeAsync(
            Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null || FindInvocation(root, span) is not { } invocation)
            {
                return null;
            }

            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol callee)
            {
                return null;
            }

            return (invocation, callee.ReducedFrom ?? callee, model);
        }

        /// <summary>Whether <paramref name="symbol"/> carries the attribute <c>Diff.<paramref name="name"/>Attribute</c>.</summary>
        public static bool HasDiffAttribute(ISymbol symbol, string name) =>
            symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Diff." + name + "Attribute");
    }
}
