using System;
using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// The test a <c>switch</c> label or arm makes of the value switched on, as a boolean value: shared by the scalar and
    /// the tensor parsers, which both lower a switch to an <c>if</c> chain.
    /// </summary>
    internal static class PatternTests
    {
        /// <summary><c>subject == constant</c>, or <c>subject is null</c>.</summary>
        /// <param name="bind">Binds an expression of the pattern (a constant, a bound) into a value.</param>
        public static Value Equality(Value subject, ExpressionSyntax constant, Func<ExpressionSyntax, Value> bind) =>
            constant is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.NullLiteralExpression)
                ? new IsNullValue(subject, Negated: false)
                : new BinaryValue(ValueOperator.Equal, subject, bind(constant), IrType.Bool);

        /// <summary>
        /// The test <paramref name="pattern"/> makes: constant, relational, <c>and</c>, <c>or</c>, <c>not</c>, discard and null
        /// patterns, and positional ones of a tuple written in place (<paramref name="elements"/>, each element tested by
        /// its own pattern); null for a pattern this lowering does not model.
        /// </summary>
        /// <param name="bind">Binds an expression of the pattern (a constant, a bound) into a value.</param>
        /// <param name="elements">The subject's elements, when it is a tuple written in place; null otherwise.</param>
        public static Value? Test(Value subject, PatternSyntax pattern, Func<ExpressionSyntax, Value> bind, IReadOnlyList<Value>? elements = null)
        {
            switch (pattern)
            {
                case RecursivePatternSyntax { Type: null, PropertyPatternClause: null, Designation: null, PositionalPatternClause: { } positional }
                    when elements is not null && positional.Subpatterns.Count == elements.Count && positional.Subpatterns.All(p => p.NameColon is null && p.ExpressionColon is null):
                {
                    // (> 0, _): each element tested by its own pattern, all of them to match.
                    Value? all = null;
                    for (int i = 0; i < elements.Count; i++)
                    {
                        if (positional.Subpatterns[i].Pattern is DiscardPatternSyntax)
                        {
                            continue;
                        }

                        if (Test(elements[i], positional.Subpatterns[i].Pattern, bind) is not { } element)
                        {
                            return null;
                        }

                        all = all is null ? element : new BinaryValue(ValueOperator.ConditionalAnd, all, element, IrType.Bool);
                    }

                    return all ?? new ConstantValue("true", IrType.Bool, IsLiteral: true);
                }

                case ConstantPatternSyntax constant:
                    return Equality(subject, constant.Expression, bind);
                case RelationalPatternSyntax relational:
                    ValueOperator? op = relational.OperatorToken.Kind() switch
                    {
                        SyntaxKind.LessThanToken => ValueOperator.Less,
                        SyntaxKind.LessThanEqualsToken => ValueOperator.LessOrEqual,
                        SyntaxKind.GreaterThanToken => ValueOperator.Greater,
                        SyntaxKind.GreaterThanEqualsToken => ValueOperator.GreaterOrEqual,
                        SyntaxKind.EqualsEqualsToken => ValueOperator.Equal,
                        SyntaxKind.ExclamationEqualsToken => ValueOperator.NotEqual,
                        _ => null,
                    };
                    return op is null ? null : new BinaryValue(op.Value, subject, bind(relational.Expression), IrType.Bool);
                case BinaryPatternSyntax binary:
                    Value? left = Test(subject, binary.Left, bind, elements);
                    Value? right = Test(subject, binary.Right, bind, elements);
                    return left is null || right is null
                        ? null
                        : new BinaryValue(binary.OperatorToken.IsKind(SyntaxKind.AndKeyword) ? ValueOperator.ConditionalAnd : ValueOperator.ConditionalOr, left, right, IrType.Bool);
                case UnaryPatternSyntax { OperatorToken.RawKind: (int)SyntaxKind.NotKeyword } negated:
                    return Test(subject, negated.Pattern, bind, elements) is { } inner ? new UnaryValue(UnaryOperator.Not, inner, IrType.Bool) : null;
                case ParenthesizedPatternSyntax parenthesized:
                    return Test(subject, parenthesized.Pattern, bind, elements);
                case DiscardPatternSyntax:
                    return new ConstantValue("true", IrType.Bool, IsLiteral: true);
                default:
                    return null;
            }
        }

        /// <summary>The loop or switch a <c>break</c> at <paramref name="node"/> leaves.</summary>
        public static SyntaxNode? EnclosingBreakable(SyntaxNode node)
        {
            for (SyntaxNode? current = node.Parent; current is not null; current = current.Parent)
            {
                if (current is SwitchStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>A section's statements without the <c>break</c> that ends it (also inside a single block: <c>case 1: { … break; }</c>).</summary>
        public static List<StatementSyntax> SectionStatements(SwitchSectionSyntax section)
        {
            var statements = section.Statements.ToList();
            if (statements.Count > 0 && statements[statements.Count - 1] is BreakStatementSyntax)
            {
                statements.RemoveAt(statements.Count - 1);
            }

            if (statements.Count == 1 && statements[0] is BlockSyntax { Statements: { Count: > 0 } inner } && inner[inner.Count - 1] is BreakStatementSyntax)
            {
                statements = inner.Take(inner.Count - 1).ToList();
            }

            return statements;
        }

        /// <summary>A <c>break</c> of <paramref name="switchStatement"/> before the end of a section, which an if chain cannot express; null when there is none.</summary>
        public static BreakStatementSyntax? EarlyBreak(SwitchStatementSyntax switchStatement, SwitchSectionSyntax section)
        {
            SyntaxNode? closing = section.Statements.LastOrDefault() is BlockSyntax { Statements.Count: > 0 } block ? block.Statements.Last() : section.Statements.LastOrDefault();
            return section.DescendantNodes().OfType<BreakStatementSyntax>().FirstOrDefault(inner => inner != closing && EnclosingBreakable(inner) == switchStatement);
        }
    }
}
