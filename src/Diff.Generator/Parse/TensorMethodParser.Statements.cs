using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    internal sealed partial class TensorMethodParser
    {
        private string _resultName = string.Empty;
        private StatementSyntax? _lastStatement;

        private void ParseBody(MethodDeclarationSyntax syntax, List<TensorStmt> into, string resultName)
        {
            _resultName = resultName;
            if (syntax.ExpressionBody is not null)
            {
                int from = into.Count;
                AssignResult(syntax.ExpressionBody.Expression, into);
                StampLines(syntax.ExpressionBody, into, from);
                return;
            }

            BlockSyntax block = syntax.Body!;
            _lastStatement = block.Statements.LastOrDefault();
            ParseList(block.Statements.ToList(), into, ListExit.MethodEnd, block);
        }

        /// <summary>What ends a list of statements: the method (a return) or a loop body (its incrementors).</summary>
        private sealed class ListExit
        {
            public static readonly ListExit MethodEnd = new(null, System.Array.Empty<ExpressionSyntax>(), isMethodEnd: true);

            public ListExit(string? breakFlag, IReadOnlyList<ExpressionSyntax> incrementors, bool isMethodEnd = false)
            {
                BreakFlag = breakFlag;
                Incrementors = incrementors;
                IsMethodEnd = isMethodEnd;
            }

            /// <summary>The local a <c>break</c> sets; the loop condition tests it first.</summary>
            public string? BreakFlag { get; }

            /// <summary>A <c>for</c> loop's incrementors: they run when the body falls off its end or continues.</summary>
            public IReadOnlyList<ExpressionSyntax> Incrementors { get; }

            public bool IsMethodEnd { get; }
        }

        /// <summary>
        /// Parses a list of statements in which a <c>return</c>, <c>break</c> or <c>continue</c> may leave
        /// early. Early exits become structure, not flags on every statement:
        /// <code>
        /// before: if (c) return a;  s;  return b;
        /// after:  if (c) { result = a; } else { s; result = b; }
        /// </code>
        /// the statements after an <c>if</c> that can jump are parsed into each of its branches that can
        /// fall through, so every path ends in exactly one exit. A <c>break</c> sets the loop's flag, which
        /// its condition tests; a <c>continue</c> runs the incrementors and ends the path.
        /// </summary>
        private void ParseList(IReadOnlyList<StatementSyntax> statements, List<TensorStmt> into, ListExit exit, SyntaxNode owner)
        {
            for (int i = 0; i < statements.Count; i++)
            {
                StatementSyntax statement = statements[i];
                IEnumerable<StatementSyntax> rest = statements.Skip(i + 1);
                switch (statement)
                {
                    case BlockSyntax block when Jumps(block, exit):
                        ParseList(block.Statements.Concat(rest).ToList(), into, exit, owner);
                        return;
                    case ReturnStatementSyntax ret when exit.IsMethodEnd && ret.Expression is not null:
                        AssignResult(ret.Expression, into);
                        return;
                    case BreakStatementSyntax when exit.BreakFlag is not null:
                        into.Add(PlainStmt.Assign(exit.BreakFlag, new ConstantValue("true", IrType.Bool, IsLiteral: true)));
                        return;
                    case ContinueStatementSyntax when !exit.IsMethodEnd:
                        ParseIncrementors(exit, into);
                        return;
                    case IfStatementSyntax branch when Jumps(branch, exit):
                    {
                        Value condition = Condition(branch.Condition);
                        var then = new List<TensorStmt>();
                        var otherwise = new List<TensorStmt>();
                        ParseList(Flatten(branch.Statement).Concat(rest).ToList(), then, exit, branch);
                        ParseList(Flatten(branch.Else?.Statement).Concat(rest).ToList(), otherwise, exit, branch);
                        into.Add(new IfTensorStmt(condition, then.ToEquatableArray(), otherwise.ToEquatableArray()));
                        return;
                    }

                    default:
                        ParseStatement(statement, into);
                        break;
                }
            }

            if (exit.IsMethodEnd)
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, (SyntaxNode?)statements.LastOrDefault() ?? owner, "missing final return");
                return;
            }

            ParseIncrementors(exit, into);
        }

        private void ParseIncrementors(ListExit exit, List<TensorStmt> into)
        {
            foreach (ExpressionSyntax incrementor in exit.Incrementors)
            {
                ParseExpressionStatement(incrementor, into);
            }
        }

        private static IEnumerable<StatementSyntax> Flatten(StatementSyntax? statement) => statement switch
        {
            null => System.Array.Empty<StatementSyntax>(),
            BlockSyntax block => block.Statements,
            _ => new[] { statement },
        };

        /// <summary>Whether a statement can leave the list early: a return, or a break or continue of the current loop.</summary>
        private static bool Jumps(SyntaxNode statement, ListExit exit)
        {
            foreach (SyntaxNode node in statement.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
            {
                switch (node)
                {
                    case ReturnStatementSyntax when exit.IsMethodEnd:
                        return true;
                    case BreakStatementSyntax or ContinueStatementSyntax when !exit.IsMethodEnd && !InNestedLoop(node, statement):
                        return true;
                }
            }

            return false;
        }

        private static bool InNestedLoop(SyntaxNode node, SyntaxNode root)
        {
            for (SyntaxNode? current = node.Parent; current is not null && current != root.Parent; current = current.Parent)
            {
                if (current is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax or SwitchStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A loop body, with its break flag declared before the loop when the body can break.</summary>
        private (List<TensorStmt> Body, string? Flag) ParseLoopBody(StatementSyntax body, IReadOnlyList<ExpressionSyntax> incrementors, List<TensorStmt> into)
        {
            string? flag = null;
            if (ContainsBreak(body))
            {
                flag = Fresh("break");
                _locals.Add(new TensorLocal(flag, "bool", SavedAs.Boolean, false));
                into.Add(PlainStmt.Assign(flag, new ConstantValue("false", IrType.Bool, IsLiteral: true)));
            }

            var statements = new List<TensorStmt>();
            ParseList(Flatten(body).ToList(), statements, new ListExit(flag, incrementors), body);
            return (statements, flag);
        }

        private static bool ContainsBreak(SyntaxNode statement) =>
            statement.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax)
                .Any(n => n is BreakStatementSyntax && !InNestedLoop(n, statement));

        /// <summary><c>!flag &amp;&amp; condition</c>: a loop with a <c>break</c> tests its flag first.</summary>
        private static Value WithBreak(Value condition, string? flag) => flag is null
            ? condition
            : new BinaryValue(ValueOperator.ConditionalAnd, new UnaryValue(UnaryOperator.Not, new NameValue(flag, IrType.Bool), IrType.Bool), condition, IrType.Bool);

        private void AssignResult(ExpressionSyntax value, List<TensorStmt> into)
        {
            bool active = IsActive(value);
            TensorValue lowered = active ? LowerValue(value, into) : new InactiveValue(_values.Bind(value));
            // Every return assigns the one result local (several do when early returns became branches).
            int existing = _locals.FindIndex(l => l.Name == _resultName);
            if (existing < 0)
            {
                _locals.Add(new TensorLocal(_resultName, TensorFacts.TensorCode, SavedAs.Reference, active));
            }
            else if (active && !_locals[existing].Active)
            {
                _locals[existing] = _locals[existing] with { Active = true };
            }

            into.Add(new AssignTensorStmt(_resultName, lowered, active || (existing >= 0 && _locals[existing].Active)));
            if (!active)
            {
                Report(DiagnosticDescriptors.ResultIsConstant, value, _method.Name);
            }
        }

        /// <summary>Parses one statement and stamps what it added with its line, relative to the method's name (for <c>#line</c>).</summary>
        private void ParseStatement(StatementSyntax statement, List<TensorStmt> into)
        {
            int from = into.Count;
            ParseStatementUnmapped(statement, into);
            StampLines(statement, into, from);
        }

        private void StampLines(SyntaxNode node, List<TensorStmt> into, int from)
        {
            if (_method.Locations.FirstOrDefault() is not { IsInSource: true } name)
            {
                return;
            }

            int offset = node.GetLocation().GetLineSpan().StartLinePosition.Line - name.GetLineSpan().StartLinePosition.Line;
            for (int i = from; i < into.Count; i++)
            {
                if (into[i].LineOffset < 0)
                {
                    into[i] = into[i] with { LineOffset = offset };
                }
            }
        }

        private void ParseStatementUnmapped(StatementSyntax statement, List<TensorStmt> into)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (statement)
            {
                case BlockSyntax block:
                    foreach (StatementSyntax inner in block.Statements)
                    {
                        ParseStatement(inner, into);
                    }

                    break;

                case EmptyStatementSyntax:
                    break;

                case LocalDeclarationStatementSyntax declaration:
                    foreach (VariableDeclaratorSyntax declarator in declaration.Declaration.Variables)
                    {
                        if (declarator.Initializer is not null && _model.GetDeclaredSymbol(declarator, _cancellationToken) is ILocalSymbol local)
                        {
                            Assign(local, declarator.Initializer.Value, into);
                        }
                    }

                    break;

                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }:
                    ParseAssignment(assignment, into);
                    break;

                case ExpressionStatementSyntax expressionStatement:
                    if (IsActive(expressionStatement.Expression) && !IsVoidCall(expressionStatement.Expression))
                    {
                        Report(DiagnosticDescriptors.UnsupportedExpression, expressionStatement.Expression, Code(expressionStatement.Expression), "its value is differentiable but is thrown away; assign it to a local or return it");
                    }
                    else
                    {
                        into.Add(Plain(expressionStatement.Expression));
                    }

                    break;

                case ThrowStatementSyntax { Expression: { } thrown }:
                    into.Add(Plain(thrown, throws: true));
                    break;

                case IfStatementSyntax branch:
                {
                    Value condition = Condition(branch.Condition);
                    var then = new List<TensorStmt>();
                    var otherwise = new List<TensorStmt>();
                    ParseStatement(branch.Statement, then);
                    if (branch.Else is not null)
                    {
                        ParseStatement(branch.Else.Statement, otherwise);
                    }

                    into.Add(new IfTensorStmt(condition, then.ToEquatableArray(), otherwise.ToEquatableArray()));
                    break;
                }

                case ForStatementSyntax loop:
                {
                    if (loop.Declaration is not null)
                    {
                        foreach (VariableDeclaratorSyntax declarator in loop.Declaration.Variables)
                        {
                            if (declarator.Initializer is not null && _model.GetDeclaredSymbol(declarator, _cancellationToken) is ILocalSymbol local)
                            {
                                Assign(local, declarator.Initializer.Value, into);
                            }
                        }
                    }

                    foreach (ExpressionSyntax initializer in loop.Initializers)
                    {
                        ParseExpressionStatement(initializer, into);
                    }

                    Value condition = loop.Condition is null ? new ConstantValue("true", IrType.Bool, IsLiteral: true) : Condition(loop.Condition);
                    (List<TensorStmt> body, string? flag) = ParseLoopBody(loop.Statement, loop.Incrementors.ToList(), into);
                    into.Add(new WhileTensorStmt(WithBreak(condition, flag), body.ToEquatableArray()));
                    break;
                }

                case WhileStatementSyntax loop:
                {
                    Value condition = Condition(loop.Condition);
                    (List<TensorStmt> body, string? flag) = ParseLoopBody(loop.Statement, System.Array.Empty<ExpressionSyntax>(), into);
                    into.Add(new WhileTensorStmt(WithBreak(condition, flag), body.ToEquatableArray()));
                    break;
                }

                case DoStatementSyntax loop:
                {
                    // do { B } while (c)  ==  B; while (c) { B }  (a break in the first B skips the loop)
                    (List<TensorStmt> first, string? flag) = ParseLoopBody(loop.Statement, System.Array.Empty<ExpressionSyntax>(), into);
                    into.AddRange(first);
                    var body = new List<TensorStmt>();
                    ParseList(Flatten(loop.Statement).ToList(), body, new ListExit(flag, System.Array.Empty<ExpressionSyntax>()), loop);
                    into.Add(new WhileTensorStmt(WithBreak(Condition(loop.Condition), flag), body.ToEquatableArray()));
                    break;
                }

                case ForEachStatementSyntax loop when _model.GetDeclaredSymbol(loop, _cancellationToken) is ILocalSymbol variable:
                {
                    if (IsActive(loop.Expression))
                    {
                        Report(DiagnosticDescriptors.UnsupportedStatement, loop.Expression, "foreach over differentiable values");
                        break;
                    }

                    (List<TensorStmt> body, string? flag) = ParseLoopBody(loop.Statement, System.Array.Empty<ExpressionSyntax>(), into);
                    if (flag is not null)
                    {
                        // A foreach cannot test a flag in its header: after a break, the remaining iterations do nothing.
                        body = new List<TensorStmt> { new IfTensorStmt(new UnaryValue(UnaryOperator.Not, new NameValue(flag, IrType.Bool), IrType.Bool), body.ToEquatableArray(), EquatableArray<TensorStmt>.Empty) };
                    }

                    into.Add(new ForEachTensorStmt(
                        variable.Type.ToDisplayString(TensorFacts.NullableQualifiedFormat),
                        _names[variable],
                        _values.Bind(loop.Expression),
                        body.ToEquatableArray()));
                    break;
                }

                case ReturnStatementSyntax ret:
                    // Returns in tail position are handled by ParseList; one inside a loop is not.
                    Report(DiagnosticDescriptors.UnsupportedStatement, ret, "return inside a loop");
                    break;

                default:
                    Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(statement.GetFirstToken().GetLocation()), StatementKeyword(statement));
                    break;
            }
        }

        private void ParseExpressionStatement(ExpressionSyntax expression, List<TensorStmt> into)
        {
            if (expression is AssignmentExpressionSyntax assignment)
            {
                ParseAssignment(assignment, into);
            }
            else if (IsActive(expression))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, expression, Code(expression), "its value is differentiable but is thrown away");
            }
            else
            {
                into.Add(Plain(expression));
            }
        }

        private void ParseAssignment(AssignmentExpressionSyntax assignment, List<TensorStmt> into)
        {
            ISymbol? target = _model.GetSymbolInfo(assignment.Left, _cancellationToken).Symbol;
            if (target is not (ILocalSymbol or IParameterSymbol) || assignment.Left is not IdentifierNameSyntax)
            {
                if (IsActive(assignment.Right) || IsTensorTyped(assignment.Left))
                {
                    Report(DiagnosticDescriptors.WritesState, assignment, _method.Name, assignment.Left.ToString());
                }
                else
                {
                    into.Add(Plain(assignment));
                }

                return;
            }

            if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
            {
                Assign(target, assignment.Right, into);
                return;
            }

            // x op= y on a tensor is x = x op y through the same operator (and its registered backward).
            if (IsTensorTyped(assignment.Left) && (_active.Contains(target) || IsActive(assignment.Right)))
            {
                if (_model.GetSymbolInfo(assignment, _cancellationToken).Symbol is IMethodSymbol op && op.MethodKind == MethodKind.UserDefinedOperator)
                {
                    string token = assignment.OperatorToken.ValueText.TrimEnd('=');
                    TensorArg left = LowerArg(assignment.Left, into);
                    TensorArg right = LowerArg(assignment.Right, into);
                    OpValue? value = Op(op, assignment, new[] { left, right }, ValuePrinter.PrintOperand(left.Value) + " " + token + " " + ValuePrinter.PrintOperand(right.Value));
                    if (value is not null)
                    {
                        into.Add(new AssignTensorStmt(NameOf(target), value, true));
                    }
                }
                else
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, assignment, assignment.ToString(), "this compound assignment has no tensor operator");
                }

                return;
            }

            if (IsActive(assignment.Right))
            {
                ReportDetached(assignment.Right);
                return;
            }

            into.Add(Plain(assignment));
        }

        /// <summary>target = value, for a local or a reassigned parameter.</summary>
        private void Assign(ISymbol target, ExpressionSyntax value, List<TensorStmt> into)
        {
            string name = NameOf(target);
            ITypeSymbol type = target is ILocalSymbol local ? local.Type : ((IParameterSymbol)target).Type;
            bool active = IsActive(value);
            if (active && !TensorFacts.IsTensor(type))
            {
                ReportDetached(value);
                return;
            }

            if (active && !_active.Contains(target))
            {
                // The activity fixpoint and this statement disagree only for code we do not model.
                Report(DiagnosticDescriptors.UnsupportedExpression, value, Code(value), "DiffGen could not follow how this value becomes differentiable");
                return;
            }

            into.Add(new AssignTensorStmt(name, active ? LowerValue(value, into) : new InactiveValue(_values.Bind(value)), _active.Contains(target)));
        }

        private string NameOf(ISymbol symbol) => _names.TryGetValue(symbol, out string? name) ? name : Escape(symbol.Name);

        private Value Condition(ExpressionSyntax condition)
        {
            // A branch on a tensor's values is fine (no gradient flows through a choice), but the
            // condition runs once, in the forward sweep; the reverse sweep replays the recorded choice.
            if (WritesLocals(condition))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, condition, Code(condition), "a condition that assigns a local cannot be replayed; assign it before the statement");
            }

            return _values.Bind(condition);
        }

        /// <summary>
        /// A statement without a derivative: <c>expression;</c>, or <c>throw expression;</c> when
        /// <paramref name="throws"/>. An assignment or increment of a local is an <see cref="UpdateValue"/>;
        /// anything the binder does not model (a call of an ordinary method) is host code.
        /// </summary>
        private PlainStmt Plain(ExpressionSyntax expression, bool throws = false)
        {
            foreach (SyntaxNode inner in expression.DescendantNodesAndSelf())
            {
                if (inner is DeclarationExpressionSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, inner, inner.ToString(), "declare the local in a statement of its own, and keep lambdas out of [Differentiable] code");
                }
            }

            Value effect = _values.Bind(expression);
            var locals = new HashSet<string>(_names.Values, System.StringComparer.Ordinal);
            return new PlainStmt(effect, throws, ValueTree.Writes(effect).Where(locals.Contains).ToEquatableArray());
        }

        /// <summary>A call that returns nothing (such as an argument check) reads values but passes no gradient on.</summary>
        private bool IsVoidCall(ExpressionSyntax expression) =>
            expression is InvocationExpressionSyntax invocation
            && _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol { ReturnsVoid: true } method
            && !TensorFacts.IsDifferentiable(method);

        private bool WritesLocals(SyntaxNode node) =>
            node.DescendantNodesAndSelf().Any(n => n is AssignmentExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } or PostfixUnaryExpressionSyntax);

        private void ReportDetached(SyntaxNode value) =>
            Report(
                DiagnosticDescriptors.UnsupportedExpression,
                value,
                Code(value),
                "a number read out of a differentiable tensor would carry no gradient; keep it a Tensor (use Tensor ops, or Tensor.Scalar for a constant), or compute it outside [Differentiable] code");

        private static string StatementKeyword(StatementSyntax statement) => statement switch
        {
            SwitchStatementSyntax => "switch",
            TryStatementSyntax => "try",
            UsingStatementSyntax => "using",
            LockStatementSyntax => "lock",
            GotoStatementSyntax => "goto",
            BreakStatementSyntax => "break",
            ContinueStatementSyntax => "continue",
            LabeledStatementSyntax => "labeled",
            LocalFunctionStatementSyntax => "local function",
            CheckedStatementSyntax => "checked",
            FixedStatementSyntax => "fixed",
            UnsafeStatementSyntax => "unsafe",
            _ => statement.Kind().ToString(),
        };
    }
}
