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

        /// <summary>
        /// Parses the body into the statements of the one IR. Returns, <c>break</c> and <c>continue</c>
        /// stay what they are: lowering (<c>Lowering/EarlyExitLowering</c>) turns them into flags, as in
        /// scalar mode.
        /// </summary>
        private void ParseBody(MethodDeclarationSyntax syntax, List<Stmt> into, string resultName)
        {
            _resultName = resultName;
            if (syntax.ExpressionBody is not null)
            {
                int from = into.Count;
                Return(syntax.ExpressionBody.Expression, into);
                StampLines(syntax.ExpressionBody, into, from);
                return;
            }

            foreach (StatementSyntax statement in syntax.Body!.Statements)
            {
                ParseStatement(statement, into);
            }
        }

        /// <summary><c>return value;</c>: the value lowered into three-address form, then the return of the last part.</summary>
        private void Return(ExpressionSyntax value, List<Stmt> into)
        {
            bool active = IsActive(value);
            Expr lowered = active ? LowerValue(value, into) : Constant(_values.Bind(value));
            // Every return assigns the one result local (lowering makes each return an assignment of it).
            int existing = _locals.FindIndex(l => l.Name == _resultName);
            if (existing < 0)
            {
                _locals.Add(new TensorLocal(_resultName, TensorFacts.TensorCode, SavedAs.Reference, active));
            }
            else if (active && !_locals[existing].Active)
            {
                _locals[existing] = _locals[existing] with { Active = true };
            }

            into.Add(new ReturnStmt(lowered));
            if (!active)
            {
                Report(DiagnosticDescriptors.ResultIsConstant, value, _method.Name);
            }
        }

        /// <summary><c>target = value;</c> for a hoisted local: differentiated when the local is active, replayed when it is not.</summary>
        private static Stmt AssignLocal(string target, Expr value, bool active) =>
            active || value is not ValueExpr constant
                ? new AssignStmt(new LocalTarget(target, ScalarKind.Tensor, null), value, target + " = …")
                : InactiveStmt.Assign(target, constant.Tree);

        /// <summary>A value without a derivative where a tensor is expected.</summary>
        private static ValueExpr Constant(Value value) => new(value, ScalarKind.Tensor);

        /// <summary>A copy of an active local or parameter.</summary>
        private static VarExpr Copy(string source) => new(source, ScalarKind.Tensor);

        private static IfStmt Branch(Value condition, List<Stmt> then, List<Stmt> otherwise) =>
            new(new ValueExpr(condition, ScalarKind.Boolean), new Block(then.ToEquatableArray()), new Block(otherwise.ToEquatableArray()));

        private List<Stmt> ParseNested(StatementSyntax statement)
        {
            var statements = new List<Stmt>();
            ParseStatement(statement, statements);
            return statements;
        }

        /// <summary>Parses one statement and stamps what it added with its line, relative to the method's name (for <c>#line</c>).</summary>
        private void ParseStatement(StatementSyntax statement, List<Stmt> into)
        {
            int from = into.Count;
            ParseStatementUnmapped(statement, into);
            StampLines(statement, into, from);
        }

        private void StampLines(SyntaxNode node, List<Stmt> into, int from)
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

        private void ParseStatementUnmapped(StatementSyntax statement, List<Stmt> into)
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
                    into.Add(Branch(condition, ParseNested(branch.Statement), branch.Else is null ? new List<Stmt>() : ParseNested(branch.Else.Statement)));
                    break;
                }

                case ForStatementSyntax loop:
                {
                    // Locals are hoisted, so the initialisers are ordinary statements before the loop.
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

                    ValueExpr? condition = loop.Condition is null ? null : new ValueExpr(Condition(loop.Condition), ScalarKind.Boolean);
                    var step = new List<Stmt>();
                    foreach (ExpressionSyntax incrementor in loop.Incrementors)
                    {
                        ParseExpressionStatement(incrementor, step);
                    }

                    into.Add(new LoopStmt(LoopKind.For, EquatableArray<Stmt>.Empty, condition, step.ToEquatableArray(), new Block(ParseNested(loop.Statement).ToEquatableArray()), null));
                    break;
                }

                case WhileStatementSyntax loop:
                {
                    var condition = new ValueExpr(Condition(loop.Condition), ScalarKind.Boolean);
                    into.Add(new LoopStmt(LoopKind.While, EquatableArray<Stmt>.Empty, condition, EquatableArray<Stmt>.Empty, new Block(ParseNested(loop.Statement).ToEquatableArray()), null));
                    break;
                }

                case DoStatementSyntax loop:
                {
                    var body = new Block(ParseNested(loop.Statement).ToEquatableArray());
                    var condition = new ValueExpr(Condition(loop.Condition), ScalarKind.Boolean);
                    into.Add(new LoopStmt(LoopKind.Do, EquatableArray<Stmt>.Empty, condition, EquatableArray<Stmt>.Empty, body, null));
                    break;
                }

                case ForEachStatementSyntax loop when _model.GetDeclaredSymbol(loop, _cancellationToken) is ILocalSymbol variable:
                {
                    if (IsActive(loop.Expression))
                    {
                        Report(DiagnosticDescriptors.UnsupportedStatement, loop.Expression, "foreach over differentiable values");
                        break;
                    }

                    into.Add(new ForEachStmt(
                        variable.Type.ToDisplayString(TensorFacts.NullableQualifiedFormat),
                        _names[variable],
                        new ValueExpr(_values.Bind(loop.Expression), ScalarKind.Other),
                        new Block(ParseNested(loop.Statement).ToEquatableArray())));
                    break;
                }

                case SwitchStatementSyntax switchStatement:
                    ParseSwitch(switchStatement, into);
                    break;

                case ReturnStatementSyntax { Expression: { } returned }:
                    Return(returned, into);
                    break;

                case BreakStatementSyntax:
                    into.Add(new BreakStmt());
                    break;

                case ContinueStatementSyntax:
                    into.Add(new ContinueStmt());
                    break;

                default:
                    Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(statement.GetFirstToken().GetLocation()), StatementKeyword(statement));
                    break;
            }
        }

        /// <summary>
        /// A <c>switch</c> statement on a value without a derivative (an int, a flag, an enum) becomes an <c>if</c>/<c>else if</c>
        /// chain over its sections in order, with the <c>default</c> section last, as in scalar mode; the branches may
        /// hold differentiable code, whose recorded choice the reverse sweep replays.
        /// <code>
        /// before: switch (kind) { case 0: y = x.Relu(); break; default: y = x.Tanh(); break; }
        /// after:  if (kind == 0) { y = x.Relu(); } else { y = x.Tanh(); }
        /// </code>
        /// </summary>
        private void ParseSwitch(SwitchStatementSyntax switchStatement, List<Stmt> into)
        {
            ExpressionSyntax governing = switchStatement.Expression;
            if (IsActive(governing))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, governing, Code(governing), "a switch on a differentiable value; switch on a value without a derivative, or use if/else");
                return;
            }

            if (governing.DescendantNodesAndSelf().Any(node => node is InvocationExpressionSyntax or AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, governing, Code(governing), "the value switched on is tested once per section here; compute it into a local first");
                return;
            }

            Value subject = _values.Bind(governing);
            var branches = new List<(Value Condition, List<Stmt> Body)>();
            List<Stmt>? otherwise = null;
            foreach (SwitchSectionSyntax section in switchStatement.Sections)
            {
                if (PatternTests.EarlyBreak(switchStatement, section) is { } early)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, early, "break", "a 'break' that leaves the switch before the end of its section; end the section there, or use if/else");
                    return;
                }

                if (section.DescendantNodes().OfType<GotoStatementSyntax>().FirstOrDefault() is { } jump)
                {
                    Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(jump.GetLocation()), "goto");
                    return;
                }

                Value? condition = null;
                bool isDefault = false;
                foreach (SwitchLabelSyntax label in section.Labels)
                {
                    if (label is DefaultSwitchLabelSyntax || label is CasePatternSwitchLabelSyntax { Pattern: DiscardPatternSyntax, WhenClause: null })
                    {
                        isDefault = true;
                        continue;
                    }

                    Value? test = label switch
                    {
                        CaseSwitchLabelSyntax constant => PatternTests.Equality(subject, constant.Value, _values.Bind),
                        CasePatternSwitchLabelSyntax pattern => Guarded(PatternTests.Test(subject, pattern.Pattern, _values.Bind), pattern.WhenClause),
                        _ => null,
                    };
                    if (test is null)
                    {
                        SyntaxNode offending = label is CasePatternSwitchLabelSyntax patternLabel ? patternLabel.Pattern : label;
                        Report(DiagnosticDescriptors.UnsupportedExpression, offending, Code(offending),
                            "only constant, relational, 'and', 'or', 'not' and null patterns can be switched on here; write the test as an if statement");
                        return;
                    }

                    condition = condition is null ? test : new BinaryValue(ValueOperator.ConditionalOr, condition, test, IrType.Bool);
                }

                var body = new List<Stmt>();
                foreach (StatementSyntax statement in PatternTests.SectionStatements(section))
                {
                    ParseStatement(statement, body);
                }

                if (isDefault)
                {
                    // `case 1: default:` runs the section whatever the value: the default branch.
                    otherwise = body;
                }
                else
                {
                    branches.Add((condition!, body));
                }
            }

            List<Stmt> chain = otherwise ?? new List<Stmt>();
            for (int i = branches.Count - 1; i >= 0; i--)
            {
                chain = new List<Stmt> { Branch(branches[i].Condition, branches[i].Body, chain) };
            }

            into.AddRange(chain);

            // A `when` clause narrows the pattern's test.
            Value? Guarded(Value? test, WhenClauseSyntax? when) =>
                test is null || when is null ? test : new BinaryValue(ValueOperator.ConditionalAnd, test, Condition(when.Condition), IrType.Bool);
        }

        private void ParseExpressionStatement(ExpressionSyntax expression, List<Stmt> into)
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

        private void ParseAssignment(AssignmentExpressionSyntax assignment, List<Stmt> into)
        {
            if (assignment.Left is TupleExpressionSyntax or DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax }
                && (IsActive(assignment.Right) || IsTensorTyped(assignment.Right)))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, assignment.Left, assignment.Left.ToString(),
                    "a tuple cannot carry tensor gradients; assign each tensor in a statement of its own ('var a = x.Exp(); var b = x.Sigmoid();')");
                return;
            }

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
                    TensorOpExpr? value = Op(op, assignment, new[] { left, right }, ValuePrinter.PrintOperand(left.Value) + " " + token + " " + ValuePrinter.PrintOperand(right.Value));
                    if (value is not null)
                    {
                        into.Add(AssignLocal(NameOf(target), value, true));
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
        private void Assign(ISymbol target, ExpressionSyntax value, List<Stmt> into)
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

            into.Add(AssignLocal(name, active ? LowerValue(value, into) : Constant(_values.Bind(value)), _active.Contains(target)));
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
        private InactiveStmt Plain(ExpressionSyntax expression, bool throws = false)
        {
            foreach (SyntaxNode inner in expression.DescendantNodesAndSelf())
            {
                if (inner is DeclarationExpressionSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, inner, inner.ToString(), "declare the local in a statement of its own, and keep lambdas out of [Differentiable] code");
                }
            }

            Value effect = _values.Bind(expression);
            return throws
                ? InactiveStmt.Host("throw " + ValuePrinter.Print(effect) + ";", ValueTree.Writes(effect))
                : InactiveStmt.Evaluate(effect);
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
                value is ExpressionSyntax expression && _model.GetTypeInfo(expression, _cancellationToken).Type is IArrayTypeSymbol { ElementType: var element } && TensorFacts.IsTensor(element)
                    ? "an array of tensors (from Split, Chunk or Unbind) carries no gradient; take each part with Narrow(dim, start, length) or Select(dim, index)"
                    : "a number read out of a differentiable tensor would carry no gradient; keep it a Tensor (use Tensor ops, or Tensor.Scalar for a constant), or compute it outside [Differentiable] code");

        private static string StatementKeyword(StatementSyntax statement) => statement switch
        {
            SwitchStatementSyntax => "switch",
            TryStatementSyntax => "try",
            UsingStatementSyntax => "using",
            LockStatementSyntax => "lock",
            GotoStatementSyntax => "goto",
            LabeledStatementSyntax => "labeled",
            LocalFunctionStatementSyntax => "local function",
            CheckedStatementSyntax block => block.Keyword.ValueText,
            FixedStatementSyntax => "fixed",
            UnsafeStatementSyntax => "unsafe",
            _ => statement.Kind().ToString(),
        };
    }
}
