using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>What the syntax alone says of an expression's effects, for the checks that move or repeat its evaluation.</summary>
    internal static class EffectSyntax
    {
        /// <summary>Whether <paramref name="node"/> is a write written out: an assignment, an increment or a decrement.</summary>
        public static bool IsWrite(SyntaxNode node) => node is AssignmentExpressionSyntax
            or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }
            or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression };

        /// <summary>Whether evaluating <paramref name="expression"/> may change something: a write in it, or a call, which may.</summary>
        public static bool MayWrite(SyntaxNode expression) =>
            expression.DescendantNodesAndSelf().Any(n => IsWrite(n) || n is InvocationExpressionSyntax);
    }
}
