using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    internal sealed partial class MethodParser
    {
        /// <summary>
        /// A <c>switch</c> statement becomes an <c>if</c>/<c>else if</c> chain over its sections, in
        /// order, with the <c>default</c> section last, as C# matches them. The governing value is
        /// evaluated once (into a local when it has effects); each section loses its closing
        /// <c>break</c>.
        /// <code>
        /// before: switch (k) { case 1: case 2: y = x; break; case &gt; 5: y = x * x; break; default: y = 0; break; }
        /// after:  if (k == 1 || k == 2) { y = x; } else if (k &gt; 5) { y = x * x; } else { y = 0; }
        /// </code>
        /// </summary>
        private IEnumerable<Stmt> ParseSwitch(SwitchStatementSyntax switchStatement)
        {
            var result = new List<Stmt>();
            Value subject = GoverningValue(switchStatement.Expression, result);
            IReadOnlyList<Value>? elements = TupleElements(switchStatement.Expression);
            if (!SectionsAreSeparate(switchStatement))
            {
                return result;
            }

            var branches = new List<(Value? Condition, Block Body)>();
            Block? otherwise = null;
            foreach (SwitchSectionSyntax section in switchStatement.Sections)
            {
                Value? condition = null;
                bool isDefault = false;
                foreach (SwitchLabelSyntax label in section.Labels)
                {
                    Value? test = label switch
                    {
                        CaseSwitchLabelSyntax constant => Equality(subject, constant.Value),
                        CasePatternSwitchLabelSyntax pattern => PatternTest(subject, pattern.Pattern, pattern.WhenClause, elements),
                        _ => null,
                    };
                    if (label is DefaultSwitchLabelSyntax || (label is CasePatternSwitchLabelSyntax { Pattern: DiscardPatternSyntax, WhenClause: null }))
                    {
                        isDefault = true;
                        continue;
                    }

                    if (test is null)
                    {
                        SyntaxNode offending = label is CasePatternSwitchLabelSyntax patternLabel ? patternLabel.Pattern : label;
                        Report(DiagnosticDescriptors.UnsupportedExpression, offending, offending.WithoutTrivia().ToString(),
                            "only constant, relational, 'and', 'or', 'not', null and positional patterns (of a tuple written in the switch) can be switched on here; write the test as an if statement");
                        return System.Array.Empty<Stmt>();
                    }

                    condition = condition is null ? test : new BinaryValue(ValueOperator.ConditionalOr, condition, test, IrType.Bool);
                }

                Block body = SectionBody(section);
                if (isDefault)
                {
                    // `case 1: default:` runs the section whatever the value: the default branch.
                    otherwise = body;
                }
                else
                {
                    branches.Add((condition, body));
                }
            }

            Block chain = otherwise ?? Block.Empty;
            for (int i = branches.Count - 1; i >= 0; i--)
            {
                var test = new ValueExpr(branches[i].Condition!, ScalarKind.Boolean);
                chain = new Block(new Stmt[] { new IfStmt(test, branches[i].Body, chain) }.ToEquatableArray());
            }

            result.AddRange(chain.Statements);
            return result;
        }

        /// <summary>
        /// A switch expression over floating-point arms becomes nested conditionals, tested in order
        /// (ConditionalLowering then makes them branches). Its last arm must match everything (<c>_</c>),
        /// so that no value is left without an arm.
        /// <code>
        /// before: x switch { &lt; 0 =&gt; -x, 0 =&gt; 1, _ =&gt; x * x }
        /// after:  x &lt; 0 ? -x : x == 0 ? 1 : x * x
        /// </code>
        /// </summary>
        private Expr ParseSwitchExpression(SwitchExpressionSyntax switchExpression, ScalarKind kind)
        {
            ValueExpr governing = Opaque(switchExpression.GoverningExpression, ScalarKind.Other);
            SeparatedSyntaxList<SwitchExpressionArmSyntax> arms = switchExpression.Arms;
            ExpressionSyntax subject = switchExpression.GoverningExpression;
            if (!governing.Pure && HasNoEffect(subject)
                && _prelude is not null && AlwaysEvaluated(switchExpression)
                && !_prelude.Statement.DescendantNodes().Any(other => !other.Span.Contains(subject.Span) && !subject.Span.Contains(other.Span) && HasEffect(other)))
            {
                // Sq(a) switch { … }: a [Differentiable] method that writes nothing it is given changes nothing, so its
                // value is taken once, before the statement, where nothing else in the statement could change what it reads.
                string held = FreshName("s");
                _prelude.Before.Add(InactiveStmt.Declare(governing.Tree.Type, held, governing.Tree));
                governing = new ValueExpr(new NameValue(held, governing.Tree.Type), ScalarKind.Other);
            }

            if (!governing.Pure)
            {
                return Unsupported(switchExpression.GoverningExpression, "a switch expression whose value has side effects; compute it into a local first", kind);
            }

            if (arms.Count == 0 || arms[arms.Count - 1] is not { Pattern: DiscardPatternSyntax, WhenClause: null })
            {
                return Unsupported(switchExpression, "a switch expression needs a last arm '_ => …' here, so that every value has an arm", kind);
            }

            Expr result = ParseValue(arms[arms.Count - 1].Expression);
            IReadOnlyList<Value>? elements = TupleElements(subject);
            for (int i = arms.Count - 2; i >= 0; i--)
            {
                Value? test = PatternTest(governing.Tree, arms[i].Pattern, arms[i].WhenClause, elements);
                if (test is null)
                {
                    return Unsupported(arms[i].Pattern, "only constant, relational, 'and', 'or', 'not', null and positional patterns (of a tuple written in the switch) can be switched on here; use a conditional expression", kind);
                }

                result = new ConditionalExpr(new ValueExpr(test, ScalarKind.Boolean), ParseValue(arms[i].Expression), result, kind);
            }

            return result;
        }

        /// <summary>
        /// Whether the only effects an expression could have are calls of [Differentiable] methods that write none of the
        /// buffers they are given (such a method writes nothing outside itself either: DIFF005) and of Math functions, so
        /// that it has none. No assignment or increment either.
        /// </summary>
        private bool HasNoEffect(SyntaxNode expression) => HasNoEffect(expression, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

        private bool HasNoEffect(SyntaxNode expression, HashSet<IMethodSymbol> localFunctionsSeen) =>
            expression.DescendantNodesAndSelf().All(node => node switch
            {
                AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }
                    or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } => false,
                // A local function whose body has no effect either (`int Wrap(int i) => (i % n + n) % n;`); one calling
                // itself is judged by the rest of its body. Its arguments are nodes of this walk.
                InvocationExpressionSyntax call when _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function =>
                    !localFunctionsSeen.Add(function.OriginalDefinition)
                    || function.DeclaringSyntaxReferences.Length == 1
                    && function.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is LocalFunctionStatementSyntax declaration
                    && ((SyntaxNode?)declaration.ExpressionBody ?? declaration.Body) is { } body
                    && HasNoEffect(body, localFunctionsSeen),
                InvocationExpressionSyntax call => _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol method
                    && (method.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF" or "double" or "float"
                        // A view of a buffer (`x.AsSpan(1, 2)`, `s.Slice(1)`) only reads where it starts and ends.
                        || (method.Name is "AsSpan" or "Slice" && method.ContainingType?.OriginalDefinition.ToDisplayString() is "System.MemoryExtensions" or "System.Span<T>" or "System.ReadOnlySpan<T>")
                        || SymbolFacts.HasAttribute(method.OriginalDefinition, SymbolFacts.DifferentiableAttribute)
                        && method.Parameters.All(p => p.RefKind == RefKind.None
                            && (SymbolFacts.ShapeOf(p.Type).Shape is ParamShape.Scalar or ParamShape.Other
                                || !SymbolFacts.MayWriteParameter(method.OriginalDefinition, method.OriginalDefinition.Parameters[p.Ordinal], _model.Model.Compilation)))),
                _ => true,
            });

        /// <summary>The governing value of a switch: the expression itself when it is pure, otherwise a local that holds it.</summary>
        private Value GoverningValue(ExpressionSyntax expression, List<Stmt> into)
        {
            ValueExpr value = Opaque(expression, ScalarKind.Other);
            if (value.Pure)
            {
                return value.Tree;
            }

            string name = FreshName("s");
            into.Add(InactiveStmt.Declare(value.Tree.Type, name, value.Tree));
            return new NameValue(name, value.Tree.Type);
        }

        private Value Equality(Value subject, ExpressionSyntax constant) => PatternTests.Equality(subject, constant, _values.Bind);

        /// <summary>
        /// The elements of a tuple written in place as the subject (<c>(x, y) switch { (&gt; 0, _) =&gt; … }</c>), which a
        /// positional pattern tests one by one; null for any other subject, or one whose elements have effects.
        /// </summary>
        private IReadOnlyList<Value>? TupleElements(ExpressionSyntax subject)
        {
            if (subject is not TupleExpressionSyntax tuple)
            {
                return null;
            }

            // The tuple as a whole was bound already: whatever its elements would report, it has reported.
            int reported = _diagnostics.Count;
            var elements = new List<Value>();
            foreach (ArgumentSyntax argument in tuple.Arguments)
            {
                ValueExpr element = Opaque(argument.Expression, ScalarKind.Other);
                if (!element.Pure)
                {
                    elements = null;
                    break;
                }

                elements.Add(element.Tree);
            }

            _diagnostics.RemoveRange(reported, _diagnostics.Count - reported);
            return elements;
        }

        /// <summary>The test a pattern makes of the subject; null for a pattern this lowering does not model.</summary>
        /// <param name="elements">The subject's elements, when it is a tuple written in place (<see cref="TupleElements"/>).</param>
        private Value? PatternTest(Value subject, PatternSyntax pattern, WhenClauseSyntax? when, IReadOnlyList<Value>? elements = null)
        {
            Value? test = PatternTest(subject, pattern, elements);
            if (test is null || when is null)
            {
                return test;
            }

            Value guard = Opaque(when.Condition, ScalarKind.Boolean).Tree;
            return pattern is DiscardPatternSyntax ? guard : new BinaryValue(ValueOperator.ConditionalAnd, test, guard, IrType.Bool);
        }

        private Value? PatternTest(Value subject, PatternSyntax pattern, IReadOnlyList<Value>? elements = null) =>
            PatternTests.Test(subject, pattern, _values.Bind, elements);

        /// <summary>A section's statements without the <c>break</c> that ends it.</summary>
        private Block SectionBody(SwitchSectionSyntax section) => new(ParseStatements(PatternTests.SectionStatements(section)).ToEquatableArray());

        /// <summary>
        /// Refuses what the if-chain cannot express: a <c>break</c> out of the switch before a
        /// section's end, <c>goto case</c>, and a local declared in one section and used in another
        /// (a switch block is one scope; the branches of an if are not).
        /// </summary>
        private bool SectionsAreSeparate(SwitchStatementSyntax switchStatement)
        {
            foreach (SwitchSectionSyntax section in switchStatement.Sections)
            {
                if (PatternTests.EarlyBreak(switchStatement, section) is { } early)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, early, "break",
                        "a 'break' that leaves the switch before the end of its section; end the section there, or use if/else");
                    return false;
                }

                foreach (SyntaxNode node in section.DescendantNodes())
                {
                    if (node is GotoStatementSyntax jump)
                    {
                        Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(jump.GetLocation()), "goto");
                        return false;
                    }
                }
            }

            foreach (SwitchSectionSyntax section in switchStatement.Sections)
            {
                var declared = new HashSet<ISymbol>(
                    section.Statements.OfType<LocalDeclarationStatementSyntax>().SelectMany(d => d.Declaration.Variables)
                        .Select(v => _model.GetDeclaredSymbol(v, _cancellationToken)).Where(s => s is not null)!,
                    SymbolEqualityComparer.Default);
                foreach (SwitchSectionSyntax other in switchStatement.Sections.Where(s => s != section))
                {
                    foreach (IdentifierNameSyntax identifier in other.DescendantNodes().OfType<IdentifierNameSyntax>())
                    {
                        if (_model.GetSymbolInfo(identifier, _cancellationToken).Symbol is ILocalSymbol local && declared.Contains(local))
                        {
                            Report(DiagnosticDescriptors.UnsupportedExpression, identifier, identifier.Identifier.ValueText,
                                "a local declared in another switch section; declare it before the switch");
                            return false;
                        }
                    }
                }
            }

            return true;
        }
    }
}
