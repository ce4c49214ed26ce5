using Microsoft.CodeAnalysis;

namespace Diff.Generator.Parse
{
    /// <summary>A node's source text without its outer trivia, without building a new tree for it.</summary>
    internal static class SyntaxText
    {
        /// <summary>
        /// The text of <c>node.WithoutTrivia().ToString()</c>. <see cref="SyntaxNode.ToString"/> already
        /// leaves out the leading trivia of the first token and the trailing trivia of the last, which is
        /// all that WithoutTrivia removes, unless a token at either end is zero-width (missing or
        /// omitted): WithoutTrivia skips those, so that case still goes through it.
        /// </summary>
        public static string Of(SyntaxNode node) =>
            node.GetFirstToken(includeZeroWidth: true).Span.Length > 0 && node.GetLastToken(includeZeroWidth: true).Span.Length > 0
                ? node.ToString()
                : node.WithoutTrivia().ToString();
    }
}
