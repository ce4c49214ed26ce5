using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Diff.Generator.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    internal sealed partial class MethodParser
    {
        private Block ParseBlock(BlockSyntax block)
        {
            var statements = new List<Stmt>();

            // Local functions of the method's body come first: C# sees them from anywhere in the body, and the
            // generated code must too, whatever the lowering rules later nest. One that names a local of the method (a
            // captured variable, or a constant) stays where it is written, after the local's declaration.
            List<StatementSyntax> ordered = (block.Parent is MethodDeclarationSyntax
                ? block.Statements.Where(IsHoistedLocalFunction).Concat(block.Statements.Where(s => !IsHoistedLocalFunction(s)))
                : block.Statements).ToList();

            // Local functions written after the body's last return (`return s; int Cur() => k;`) come just before it: there
            // they follow every local they capture, and the return stays the body's last statement.
            int last = ordered.FindLastIndex(s => s is not LocalFunctionStatementSyntax);
            if (block.Parent is MethodDeclarationSyntax && last >= 0 && last < ordered.Count - 1 && ordered[last] is ReturnStatementSyntax)
            {
                List<StatementSyntax> trailing = ordered.GetRange(last + 1, ordered.Count - last - 1);
                ordered.RemoveRange(last + 1, trailing.Count);
                ordered.InsertRange(last, trailing);
            }

            statements.AddRange(ParseStatements(ordered));
            return new Block(statements.ToEquatableArray());
        }

        /// <summary>Statements in order, as a block or a switch section has them; a swap through a temporary is three of them.</summary>
        /// <summary>
        /// Whether the method assigns <paramref name="local"/> or the buffer <paramref name="aliased"/> names as a whole
        /// (<c>a = b;</c>, a swap): such a local is a swap's temporary or a reassignment, not a read-only view.
        /// </summary>
        /// <summary><paramref name="statements"/>, with the declaration of the local array <paramref name="name"/> marked as staying local when <paramref name="staysLocal"/>.</summary>
        private static IEnumerable<Stmt> StayingLocal(IEnumerable<Stmt> statements, string name, bool staysLocal) =>
            staysLocal ? statements.Select(s => s is ArrayDeclStmt array && array.Name == name ? array with { StaysLocal = true } : s) : statements;

        /// <summary>Whether no reference to the local array <paramref name="name"/> outlives the method (<see cref="LocalArrayUses"/>).</summary>
        private bool LocalArrayStaysInMethod(string name) =>
            !_kernel && _syntax is not null && LocalArrayUses.StayInMethod(_syntax, name, _model.Model, _model.OtherBodiesModel, _cancellationToken);

        private bool ReassignedAnywhere(ILocalSymbol local, IdentifierNameSyntax aliased)
        {
            ISymbol? buffer = _model.GetSymbolInfo(aliased, _cancellationToken).Symbol;
            return _syntax!.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(assignment =>
                (assignment.Left is IdentifierNameSyntax target && _model.GetSymbolInfo(target, _cancellationToken).Symbol is { } assigned
                 && (SymbolEqualityComparer.Default.Equals(assigned, local) || SymbolEqualityComparer.Default.Equals(assigned, buffer)))
                || (assignment.Left is TupleExpressionSyntax tuple && tuple.Arguments.Any(a => a.Expression is IdentifierNameSyntax name
                    && _model.GetSymbolInfo(name, _cancellationToken).Symbol is { } each
                    && (SymbolEqualityComparer.Default.Equals(each, local) || SymbolEqualityComparer.Default.Equals(each, buffer)))));
        }

        private List<Stmt> ParseStatements(IReadOnlyList<StatementSyntax> written)
        {
            var statements = new List<Stmt>();
            for (int i = 0; i < written.Count; i++)
            {
                if (RotationBufferSwaps(written, i) is var (swaps, count))
                {
                    statements.AddRange(swaps);
                    i += count - 1;
                    continue;
                }

                statements.AddRange(ParseStatement(written[i]));
            }

            return statements;
        }

        /// <summary>The variables a chain of simple assignments (<c>b = c = e</c>) assigns, innermost included.</summary>
        private HashSet<ISymbol> ChainAssigns(AssignmentExpressionSyntax chain)
        {
            var assigned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            for (ExpressionSyntax? link = chain; link is AssignmentExpressionSyntax step; link = step.Right)
            {
                if (step.Left is IdentifierNameSyntax && _model.GetSymbolInfo(step.Left, _cancellationToken).Symbol is ILocalSymbol or IParameterSymbol)
                {
                    assigned.Add(_model.GetSymbolInfo(step.Left, _cancellationToken).Symbol!);
                }
            }

            return assigned;
        }

        /// <summary>
        /// <c>_ = value</c>, kept as a discard: the value alone may be no statement (<c>_ = c ? F(x) : 0;</c>). An
        /// assignment or an increment is evaluated as it is.
        /// </summary>
        private static Value Discarded(Value value) => value is UpdateValue
            ? value
            : new HostValue("_ = " + ValuePrinter.Print(value), value.Type, ValueTree.Reads(value), ValueTree.Writes(value), Pure: false, Primary: false);

        private bool IsHoistedLocalFunction(StatementSyntax statement) =>
            statement is LocalFunctionStatementSyntax function
            && !function.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name =>
                // A static local function may still name a constant of the method, declared before it.
                _model.GetSymbolInfo(name, _cancellationToken).Symbol is ILocalSymbol local
                && !local.DeclaringSyntaxReferences.Any(reference => function.Span.Contains(reference.Span)));

        private Block ParseEmbedded(StatementSyntax? statement)
        {
            if (statement is null)
            {
                return Block.Empty;
            }

            return statement is BlockSyntax block ? ParseBlock(block) : new Block(ParseStatement(statement).ToEquatableArray());
        }

        /// <summary>Parses one statement and stamps what it became with its line, relative to the method's name.</summary>
        private IEnumerable<Stmt> ParseStatement(StatementSyntax statement)
        {
            int offset = -1;
            if (_method.Locations.FirstOrDefault() is { IsInSource: true } name)
            {
                offset = statement.GetLocation().GetLineSpan().StartLinePosition.Line - name.GetLineSpan().StartLinePosition.Line;
            }

            return ParseStatementUnmapped(statement).Select(s => s.LineOffset >= 0 || offset < 0 ? s : s with { LineOffset = offset }).ToArray();
        }

        private IEnumerable<Stmt> ParseStatementUnmapped(StatementSyntax statement)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (statement)
            {
                case BlockSyntax block:
                    return new Stmt[] { new BlockStmt(ParseBlock(block)) };
                case LocalDeclarationStatementSyntax declaration:
                    return WithPrelude(declaration, () => ParseLocalDeclaration(declaration));
                case ExpressionStatementSyntax expression:
                    return WithPrelude(expression, () => ParseExpressionStatement(expression.Expression));
                case IfStatementSyntax ifStatement:
                {
                    List<Stmt> before = HoistConditionWrites(ifStatement.Condition, out ValueExpr condition);
                    before.Add(new IfStmt(condition, ParseEmbedded(ifStatement.Statement), ParseEmbedded(ifStatement.Else?.Statement)));
                    return before;
                }
                case ForStatementSyntax forStatement:
                    return ParseFor(forStatement);
                case WhileStatementSyntax whileStatement:
                    return new Stmt[]
                    {
                        new LoopStmt(LoopKind.While, EquatableArray<Stmt>.Empty, Opaque(whileStatement.Condition, ScalarKind.Boolean), EquatableArray<Stmt>.Empty, ParseEmbedded(whileStatement.Statement), null),
                    };
                case DoStatementSyntax doStatement:
                    return new Stmt[]
                    {
                        new LoopStmt(LoopKind.Do, EquatableArray<Stmt>.Empty, Opaque(doStatement.Condition, ScalarKind.Boolean), EquatableArray<Stmt>.Empty, ParseEmbedded(doStatement.Statement), null),
                    };
                case ForEachStatementSyntax forEach:
                    return new Stmt[] { ParseForEach(forEach) };
                case ForEachVariableStatementSyntax forEachVariable when ParseConstantTableLoop(forEachVariable) is { } tableLoop:
                    return new Stmt[] { tableLoop };
                case SwitchStatementSyntax switchStatement:
                    return ParseSwitch(switchStatement);
                case ReturnStatementSyntax returnStatement:
                    return WithPrelude(returnStatement, () => new Stmt[] { new ReturnStmt(returnStatement.Expression is null ? null : ParseValue(returnStatement.Expression)) });
                case BreakStatementSyntax:
                    return new Stmt[] { new BreakStmt() };
                case ContinueStatementSyntax:
                    return new Stmt[] { new ContinueStmt() };
                case EmptyStatementSyntax:
                    return System.Array.Empty<Stmt>();
                case ThrowStatementSyntax throwStatement:
                    if (throwStatement.Expression is not null)
                    {
                        Opaque(throwStatement.Expression, ScalarKind.Other);
                    }

                    return new Stmt[] { InactiveStmt.Host(SyntaxText.Of(throwStatement), EquatableArray<string>.Empty) };
                case LocalFunctionStatementSyntax localFunction when localFunction.Parent is BlockSyntax { Parent: MethodDeclarationSyntax }:
                    // A helper of the method's own: copied as it is. A call of it that receives a differentiable
                    // value is refused where it is made (DIFF013), like any call without a derivative.
                    return new Stmt[] { InactiveStmt.Host(SyntaxText.Of(localFunction), EquatableArray<string>.Empty) with { LocalFunction = localFunction.Identifier.ValueText } };
                case LocalFunctionStatementSyntax localFunction:
                    Report(DiagnosticDescriptors.LambdaCarriesValue, LocationInfo.From(localFunction.Identifier.GetLocation()), "local function declared in a nested block", DiagnosticDescriptors.LambdaWayOut);
                    return System.Array.Empty<Stmt>();
                case UnsafeStatementSyntax or FixedStatementSyntax:
                    Report(DiagnosticDescriptors.UnsafeCode, statement.GetFirstToken().GetLocation() is { } location ? LocationInfo.From(location) : null);
                    return System.Array.Empty<Stmt>();
                default:
                    Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(statement.GetFirstToken().GetLocation()), StatementName(statement));
                    return System.Array.Empty<Stmt>();
            }
        }

        private static string StatementName(StatementSyntax statement) => statement switch
        {
            TryStatementSyntax => "try",
            GotoStatementSyntax => "goto",
            SwitchStatementSyntax => "switch",
            LockStatementSyntax => "lock",
            UsingStatementSyntax => "using",
            YieldStatementSyntax => "yield",
            CheckedStatementSyntax block => block.Keyword.ValueText,
            LabeledStatementSyntax => "labeled",
            // The loop over the elements is supported; only the deconstruction in its header is not.
            ForEachVariableStatementSyntax => "foreach with a deconstruction over anything but an array held in a field or property (write 'foreach (var item in items) { var (a, b) = item; … }')",
            _ => statement.GetFirstToken().ValueText,
        };

        private IEnumerable<Stmt> ParseLocalDeclaration(LocalDeclarationStatementSyntax declaration)
        {
            if (declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(declaration.UsingKeyword.GetLocation()), "using");
                return System.Array.Empty<Stmt>();
            }

            if (declaration.Declaration.Type is RefTypeSyntax refType)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, refType, refType.ToString(), "ref locals alias differentiable storage; index the array or span directly");
                return System.Array.Empty<Stmt>();
            }

            return ParseVariableDeclaration(declaration.Declaration, declaration.IsConst, SyntaxText.Of(declaration));
        }

        private IEnumerable<Stmt> ParseVariableDeclaration(VariableDeclarationSyntax declaration, bool isConst, string code)
        {
            var result = new List<Stmt>();
            bool anyFloating = false;
            foreach (VariableDeclaratorSyntax variable in declaration.Variables)
            {
                var local = _model.GetDeclaredSymbol(variable, _cancellationToken) as ILocalSymbol;
                if (local is null)
                {
                    _broken = true;
                    continue;
                }

                (ParamShape shape, ScalarKind element) = SymbolFacts.ShapeOf(local.Type);
                if (shape != ParamShape.Other)
                {
                    anyFloating = true;
                }
            }

            if (!anyFloating || isConst)
            {
                var declarators = new List<Declarator>();
                foreach (VariableDeclaratorSyntax variable in declaration.Variables)
                {
                    declarators.Add(new Declarator(variable.Identifier.ValueText, variable.Initializer is null ? null : Opaque(variable.Initializer.Value, ScalarKind.Other).Tree));
                }

                // `var` is written out with the inferred type; a type that cannot be named (an anonymous
                // type) keeps the declaration as written.
                ITypeSymbol? declared = _model.GetTypeInfo(declaration.Type, _cancellationToken).Type;
                IrType type = SymbolFacts.IrTypeOf(declared);
                result.Add(declared is null || declared.IsAnonymousType || type.Kind == IrTypeKind.Unknown || declared.ToDisplayString().Contains("<anonymous")
                    ? new InactiveStmt(code, declarators.Select(d => d.Name).ToEquatableArray())
                    {
                        Declares = true,
                        Reads = declarators.Where(d => d.Initializer is not null).SelectMany(d => ValueTree.Reads(d.Initializer!)).Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
                    }
                    : InactiveStmt.Declare(type, declarators.ToEquatableArray(), isConst));
                return result;
            }

            foreach (VariableDeclaratorSyntax variable in declaration.Variables)
            {
                if (_model.GetDeclaredSymbol(variable, _cancellationToken) is not ILocalSymbol local)
                {
                    continue;
                }

                string name = variable.Identifier.ValueText;
                (ParamShape shape, ScalarKind element) = SymbolFacts.ShapeOf(local.Type);
                int before = result.Count;
                switch (shape)
                {
                    case ParamShape.Scalar:
                        Expr value = variable.Initializer is null
                            ? ValueExpr.Literal("default", element)
                            : ParseValue(variable.Initializer.Value);
                        result.Add(new AssignStmt(new LocalTarget(name, element, SymbolFacts.Keyword(element)), value, SourceText(variable)));
                        break;
                    case ParamShape.Array when variable.Initializer?.Value is ArrayCreationExpressionSyntax creation
                                               && creation.Initializer is null
                                               && creation.Type.RankSpecifiers.Count == 1
                                               && creation.Type.RankSpecifiers[0].Sizes.Count == 1
                                               && creation.Type.RankSpecifiers[0].Sizes[0] is not OmittedArraySizeExpressionSyntax:
                        result.Add(new ArrayDeclStmt(name, element, Opaque(creation.Type.RankSpecifiers[0].Sizes[0], ScalarKind.Integer), SourceText(variable))
                        {
                            StaysLocal = LocalArrayStaysInMethod(name),
                        });
                        break;
                    case ParamShape.Span when SharedAllocationLength(variable) is { } sharedLength:
                        result.Add(new ArrayDeclStmt(name, element, sharedLength, SourceText(variable)) { SharedMemory = true });
                        break;
                    case ParamShape.Array when ArrayItems(variable.Initializer?.Value) is { } items:
                        // `double[] a = { x, y };` (or `new[] { … }`, `new double[] { … }`, `[x, y]`) is
                        // `new double[2]` filled by one assignment per item, in order.
                        result.AddRange(StayingLocal(InitializedArray(name, element, items, SourceText(variable)), name, LocalArrayStaysInMethod(name)));
                        break;
                    case ParamShape.Array when CopiedArray(name, element, variable) is { } copied:
                        result.AddRange(StayingLocal(copied, name, LocalArrayStaysInMethod(name)));
                        break;
                    case ParamShape.Array when variable.Initializer?.Value is IdentifierNameSyntax aliased && !ReassignedAnywhere(local, aliased)
                                               && LocalSpan(name, element, variable, local) is { } alias:
                        // `double[] a = x;` only read, while x is not written: a read-only view of x, as `ReadOnlySpan<double> a = x;` is.
                        result.AddRange(alias);
                        break;
                    case ParamShape.Array when ConstantArrayCopy(name, element, variable, local) is { } constantTable:
                        // `double[] c = Cof;`, `(double[])W.Clone()`, `MakeGrid(3)`: a new array holding the constants.
                        result.AddRange(StayingLocal(constantTable, name, LocalArrayStaysInMethod(name)));
                        break;
                    case ParamShape.Span or ParamShape.ReadOnlySpan when LocalSpan(name, element, variable, local) is { } span:
                        // The generated code holds a local span as an array; the span itself cannot outlive the method.
                        result.AddRange(StayingLocal(span, name, !_kernel));
                        break;
                    default:
                        Report(
                            DiagnosticDescriptors.UnsupportedExpression,
                            variable,
                            variable.Identifier.ValueText,
                            variable.Initializer?.Value is IdentifierNameSyntax other && IsBufferLocalOrParameter(other)
                                ? "a local that holds another local array ('" + other.Identifier.ValueText + "') is taken only as the temporary of a swap or rotation: the statements right after it assign each array the next one in turn, the last one the temporary, which is read nowhere else ('var t = a; a = b; b = t;', 'var t = prev; prev = cur; cur = next; next = t;'); write a copy instead ('" + SymbolFacts.Keyword(element) + "[] t = (" + SymbolFacts.Keyword(element) + "[])" + other.Identifier.ValueText + ".Clone()') or use the array itself"
                                : shape == ParamShape.Array
                                ? "a local array of float or double must be created as 'new double[length]' and filled by assignments, from an initializer, as a copy of a buffer or a field ('(double[])x.Clone()', 'x.ToArray()', 'x[a..b]'), or from a field's array or a plain method's result that the method never writes nor hands to a call (write a copy: '(double[])table.Clone()')"
                                : "a local span of float or double is scratch space ('stackalloc double[n]') or a view of a differentiable buffer ('x.AsSpan(i, n)'); declare a local array 'double[] t = new double[n]' for other scratch space, or index the buffer itself");
                        break;
                }

                if (shape != ParamShape.Scalar)
                {
                    NoteCreatedBuffer(local, variable, result.Skip(before));
                }
            }

            return result;
        }

        /// <summary>The items of an array initializer (<c>{ x, y }</c>, <c>new[] { … }</c>, <c>new double[] { … }</c>, <c>[x, y]</c>); null for anything else.</summary>
        private static IReadOnlyList<ExpressionSyntax>? ArrayItems(ExpressionSyntax? initializer) => initializer switch
        {
            InitializerExpressionSyntax list when list.IsKind(SyntaxKind.ArrayInitializerExpression) => list.Expressions,
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions,
            ArrayCreationExpressionSyntax { Initializer: { } list } creation when creation.Type.RankSpecifiers.Count == 1 => list.Expressions,
            CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax) =>
                collection.Elements.Cast<ExpressionElementSyntax>().Select(e => e.Expression).ToList(),
            _ => null,
        };

        private IEnumerable<Stmt> ParseExpressionStatement(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case AssignmentExpressionSyntax assignment:
                    return ParseAssignment(assignment);
                case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                    return ParseIncrement(expression, postfix.Operand, postfix.IsKind(SyntaxKind.PostIncrementExpression));
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                    return ParseIncrement(expression, prefix.Operand, prefix.IsKind(SyntaxKind.PreIncrementExpression));
                case InvocationExpressionSyntax invocation:
                    return ParseAtomicAdd(invocation) ?? ParseBarrier(invocation) ?? ParseBufferOperation(invocation) ?? ParseCallStatement(invocation);
                default:
                    return new Stmt[] { InactiveStmt.Evaluate(Opaque(expression, ScalarKind.Other).Tree) };
            }
        }

        private IEnumerable<Stmt> ParseIncrement(ExpressionSyntax whole, ExpressionSyntax operand, bool increment)
        {
            var indexFirst = new List<Stmt>();
            Target? target = ParseTarget(operand, out bool inactive, indexFirst);
            if (inactive || target is null)
            {
                return new Stmt[] { InactiveEffect(whole, AssignedNames(operand)) };
            }

            Expr current = TargetValue(target);
            Expr one = ValueExpr.Literal("1", target.Kind);
            indexFirst.Add(new AssignStmt(target, new BinaryExpr(increment ? BinaryOp.Add : BinaryOp.Subtract, current, one, target.Kind), SourceText(whole)));
            return indexFirst;
        }

        private IEnumerable<Stmt> ParseAssignment(AssignmentExpressionSyntax assignment)
        {
            if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                && assignment.Left is TupleExpressionSyntax targets
                && assignment.Right is TupleExpressionSyntax values
                && targets.Arguments.Count == values.Arguments.Count)
            {
                return TupleBufferSwap(targets, values, assignment) ?? ParseTupleAssignment(targets.Arguments.Select(a => (SyntaxNode)a.Expression).ToList(), values);
            }

            // var (a, b) = (x, y);
            if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                && assignment.Left is DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax designations }
                && assignment.Right is TupleExpressionSyntax declaredValues
                && designations.Variables.Count == declaredValues.Arguments.Count)
            {
                return ParseTupleAssignment(designations.Variables.Select(v => (SyntaxNode)v).ToList(), declaredValues);
            }

            // var (q, r) = Math.DivRem(k, 3);  (a, b) = Pair(k);  var (s, c) = Math.SinCos(x);
            if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                && assignment.Right is not TupleExpressionSyntax
                && DeconstructionTargets(assignment.Left) is { } parts
                && _model.GetTypeInfo(assignment.Right, _cancellationToken).Type is INamedTypeSymbol { IsTupleType: true } tupleType
                && tupleType.TupleElements.Length == parts.Count)
            {
                return ParseTupleValueDeconstruction(parts, assignment.Right, tupleType);
            }

            if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && _model.GetSymbolInfo(assignment.Left, _cancellationToken).Symbol is IDiscardSymbol)
            {
                // `_ = e;` keeps only e's effects: a call runs as a statement, anything else without effects is dropped
                // (a getter that changes state, `_ = c.NextGain;`, has one).
                return assignment.Right switch
                {
                    InvocationExpressionSyntax call => ParseCallStatement(call),
                    _ when !assignment.Right.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } or BaseObjectCreationExpressionSyntax
                                                                                   || ObjectStateFacts.GetterMayChange(n, _model, _cancellationToken))
                        => System.Array.Empty<Stmt>(),
                    _ => new Stmt[] { InactiveStmt.Evaluate(Discarded(Opaque(assignment.Right, ScalarKind.Other).Tree)) },
                };
            }

            // a = b = e;  →  b = e; a = b;  (the value of `b = e` is what b holds afterwards)
            if (assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                && assignment.Right is AssignmentExpressionSyntax chained
                && chained.IsKind(SyntaxKind.SimpleAssignmentExpression)
                && SymbolFacts.IsFloating(SymbolFacts.KindOf(_model.GetTypeInfo(assignment.Left, _cancellationToken).Type))
                && SymbolFacts.IsFloating(SymbolFacts.KindOf(_model.GetTypeInfo(chained.Left, _cancellationToken).Type))
                && chained.Left is IdentifierNameSyntax or ElementAccessExpressionSyntax)
            {
                // C# evaluates the outer target's index before the inner assignment runs; here it would be evaluated
                // after it, so an index that reads a variable the chain assigns is refused.
                // A local function called in the index reads what it captures there.
                if (assignment.Left is ElementAccessExpressionSyntax { ArgumentList.Arguments: var indices }
                    && ChainAssigns(chained) is { Count: > 0 } assigned
                    && indices.SelectMany(i => i.Expression.DescendantNodesAndSelf())
                        .Select(node => node switch
                        {
                            IdentifierNameSyntax id when _model.GetSymbolInfo(id, _cancellationToken).Symbol is { } read && assigned.Contains(read) => id.Identifier.ValueText,
                            InvocationExpressionSyntax call when _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function
                                && _values.CapturedReads(function).FirstOrDefault(assigned.Contains) is { } captured => captured.Name,
                            _ => null,
                        })
                        .FirstOrDefault(name => name is not null) is { } changed)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, assignment.Left, assignment.Left.ToString(),
                        "the index reads '" + changed + "', which the chained assignment changes; compute the index into a local first");
                    return System.Array.Empty<Stmt>();
                }

                List<Stmt> first = ParseAssignment(chained).ToList();
                Target? outer = ParseTarget(assignment.Left, out bool outerInactive);
                if (outer is null || outerInactive)
                {
                    return first;
                }

                if (IsElementOfConstantContainer(assignment.Left))
                {
                    RefuseDifferentiableStore(assignment.Left, chained);
                }

                Expr held = ParseValue(chained.Left);
                first.Add(new AssignStmt(outer, held.Kind == outer.Kind ? held : new ConvertExpr(held, outer.Kind), SourceText(assignment)));
                return first;
            }

            if (FreshBufferAssignment(assignment) is { } cleared)
            {
                return cleared;
            }

            if (DeadBufferAssignment(assignment) is { } copied)
            {
                return copied;
            }

            var indexFirst = new List<Stmt>();
            Target? target = ParseTarget(assignment.Left, out bool inactive, indexFirst);
            if (inactive)
            {
                return new Stmt[] { InactiveEffect(assignment, AssignedNames(assignment.Left)) };
            }

            if (target is null)
            {
                return System.Array.Empty<Stmt>();
            }

            if (IsElementOfConstantContainer(assignment.Left))
            {
                RefuseDifferentiableStore(assignment.Left, assignment.Right);
            }

            Expr right = ParseValue(assignment.Right);
            Expr value = assignment.Kind() switch
            {
                SyntaxKind.SimpleAssignmentExpression => right,
                SyntaxKind.AddAssignmentExpression => new BinaryExpr(BinaryOp.Add, TargetValue(target), right, target.Kind),
                SyntaxKind.SubtractAssignmentExpression => new BinaryExpr(BinaryOp.Subtract, TargetValue(target), right, target.Kind),
                SyntaxKind.MultiplyAssignmentExpression => new BinaryExpr(BinaryOp.Multiply, TargetValue(target), right, target.Kind),
                SyntaxKind.DivideAssignmentExpression => new BinaryExpr(BinaryOp.Divide, TargetValue(target), right, target.Kind),
                SyntaxKind.ModuloAssignmentExpression => new BinaryExpr(BinaryOp.Remainder, TargetValue(target), right, target.Kind),
                _ => Unsupported(assignment, "only =, +=, -=, *= and /= assign differentiable values", target.Kind),
            };
            indexFirst.Add(new AssignStmt(target, value, SourceText(assignment)));
            return indexFirst;
        }

        /// <summary>
        /// <c>(a, b) = (f(a), a)</c>: every value is evaluated first, into a fresh local, and only then
        /// assigned, as C# does; each part is then an ordinary assignment.
        /// </summary>
        /// <summary>
        /// <c>(a, b) = (e1, e2)</c>: every value is evaluated first, into a temporary, then assigned, as C#
        /// does. A target may be an existing variable or element, a declaration (<c>(double a, int k) = …</c>,
        /// <c>var (a, b) = …</c>) or a discard.
        /// </summary>
        private IEnumerable<Stmt> ParseTupleAssignment(IReadOnlyList<SyntaxNode> targets, TupleExpressionSyntax values)
        {
            var evaluations = new List<Stmt>();
            var assignments = new List<Stmt>();
            for (int i = 0; i < targets.Count; i++)
            {
                ExpressionSyntax right = values.Arguments[i].Expression;
                string temporary = FreshName("u");
                SingleVariableDesignationSyntax? declared = DeclaredIn(targets[i]);
                if (IsDiscard(targets[i]))
                {
                    // A discarded element keeps only its value's effects.
                    evaluations.Add(InactiveStmt.Declare(SymbolFacts.IrTypeOf(_model.GetTypeInfo(right, _cancellationToken).Type), temporary, Opaque(right, ScalarKind.Other).Tree));
                    continue;
                }

                // `var (p, q) = (x, x);`: an array variable given a differentiable buffer by a deconstruction would alias it
                // with no adjoint of its own, its reads constants and its writes lost to the derivative.
                if (SymbolFacts.ShapeOf(_model.GetTypeInfo(right, _cancellationToken).ConvertedType) is { Shape: ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan } given
                    && SymbolFacts.IsFloating(given.Element) && DifferentiableRead(right, null) is not null)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, right, SyntaxText.Of(right),
                        "a deconstruction gives a differentiable buffer to another variable, which DiffGen does not follow; index the buffer itself, or declare a copy on its own ('double[] p = (double[])x.Clone();')");
                    return System.Array.Empty<Stmt>();
                }

                if (declared is not null)
                {
                    if (_model.GetDeclaredSymbol(declared, _cancellationToken) is not ILocalSymbol local)
                    {
                        _broken = true;
                        return System.Array.Empty<Stmt>();
                    }

                    string name = SyntaxFacts.GetKeywordKind(local.Name) != SyntaxKind.None ? "@" + local.Name : local.Name;
                    ScalarKind kind = SymbolFacts.KindOf(local.Type);
                    if (SymbolFacts.IsFloating(kind))
                    {
                        evaluations.Add(new AssignStmt(new LocalTarget(temporary, kind, SymbolFacts.Keyword(kind)), ParseValue(right), temporary + " = " + SyntaxText.Of(right)));
                        assignments.Add(new AssignStmt(new LocalTarget(name, kind, SymbolFacts.Keyword(kind)), new VarExpr(temporary, kind), name + " = " + temporary));
                    }
                    else
                    {
                        IrType type = SymbolFacts.IrTypeOf(local.Type);
                        evaluations.Add(InactiveStmt.Declare(type, temporary, Opaque(right, ScalarKind.Other).Tree));
                        assignments.Add(InactiveStmt.Declare(type, name, new NameValue(temporary, type)));
                    }

                    continue;
                }

                var left = (ExpressionSyntax)targets[i];
                Target? target = ParseTarget(left, out bool inactive);
                if ((inactive || target is not null) && IsElementOfConstantContainer(left))
                {
                    RefuseDifferentiableStore(left, right);
                }

                if (inactive)
                {
                    ValueExpr value = Opaque(right, ScalarKind.Other);
                    IrType type = SymbolFacts.IrTypeOf(_model.GetTypeInfo(left, _cancellationToken).Type);
                    evaluations.Add(InactiveStmt.Declare(type, temporary, value.Tree));
                    var read = new NameValue(temporary, type);
                    assignments.Add(_values.LocalName(left) is { } localName
                        ? InactiveStmt.Assign(localName, read)
                        : InactiveStmt.Host($"{SyntaxText.Of(left)} = {temporary};", AssignedNames(left)));
                    continue;
                }

                if (target is null)
                {
                    return System.Array.Empty<Stmt>();
                }

                evaluations.Add(new AssignStmt(new LocalTarget(temporary, target.Kind, SymbolFacts.Keyword(target.Kind)), ParseValue(right), temporary + " = " + SyntaxText.Of(right)));
                assignments.Add(new AssignStmt(target, new VarExpr(temporary, target.Kind), SyntaxText.Of(left) + " = " + temporary));
            }

            return evaluations.Concat(assignments);
        }

        /// <summary>The variable a deconstruction target declares (<c>var (a, …)</c>, <c>(double a, …)</c>); null for any other target.</summary>
        private static SingleVariableDesignationSyntax? DeclaredIn(SyntaxNode target) => target switch
        {
            DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax single } => single,
            SingleVariableDesignationSyntax single => single,
            _ => null,
        };

        /// <summary>Whether a deconstruction target is a discard (<c>_</c>, <c>var _</c>).</summary>
        private bool IsDiscard(SyntaxNode target) =>
            target is DiscardDesignationSyntax or DeclarationExpressionSyntax { Designation: DiscardDesignationSyntax }
            || target is IdentifierNameSyntax && _model.GetSymbolInfo(target, _cancellationToken).Symbol is IDiscardSymbol;

        /// <summary>
        /// The targets of a deconstruction one level deep, <c>(a, b)</c> or <c>var (a, b)</c> or
        /// <c>(double a, int k)</c>; null for anything else.
        /// </summary>
        private static IReadOnlyList<SyntaxNode>? DeconstructionTargets(ExpressionSyntax left) => left switch
        {
            TupleExpressionSyntax tuple when tuple.Arguments.All(a => a.Expression is not TupleExpressionSyntax and not DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax })
                => tuple.Arguments.Select(a => (SyntaxNode)a.Expression).ToList(),
            DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax designations } when designations.Variables.All(v => v is not ParenthesizedVariableDesignationSyntax)
                => designations.Variables.Select(v => (SyntaxNode)v).ToList(),
            _ => null,
        };

        /// <summary>
        /// A deconstruction of a tuple that is not written out element by element: <c>var (q, r) = Math.DivRem(k, 3);</c>,
        /// <c>(a, b) = Pair(k);</c>, <c>var (s, c) = Math.SinCos(x);</c>. <c>SinCos</c> (and <c>SinCosPi</c>) becomes the
        /// sine and the cosine of its argument, each with its derivative. Any other tuple is evaluated once into a temporary whose elements
        /// are then assigned, as C# does; its floating elements are constants of the differentiation, so the tuple may
        /// not read a differentiable value (DIFF013 says so, with the way out).
        /// </summary>
        private IEnumerable<Stmt> ParseTupleValueDeconstruction(IReadOnlyList<SyntaxNode> targets, ExpressionSyntax tuple, INamedTypeSymbol tupleType)
        {
            var statements = new List<Stmt>();
            System.Func<int, Expr>? floatingElement = null;
            System.Func<int, Value>? hostElement = null;
            if (tuple is InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } sinCosArguments } sinCos
                && sinCosArguments[0].NameColon is null
                && _model.GetSymbolInfo(sinCos, _cancellationToken).Symbol is IMethodSymbol { Name: "SinCos" or "SinCosPi", Parameters.Length: 1 } sinCosMethod
                && sinCosMethod.ContainingType?.ToDisplayString() is { } sinCosOwner
                && DerivativeTable.Find(sinCosOwner, sinCosMethod.Name == "SinCos" ? "Sin" : "SinPi", 1) is { } sineRule
                && DerivativeTable.Find(sinCosOwner, sinCosMethod.Name == "SinCos" ? "Cos" : "CosPi", 1) is { } cosineRule
                && SymbolFacts.IsFloating(SymbolFacts.KindOf(sinCosMethod.Parameters[0].Type)))
            {
                // The angle is evaluated once, before any target is assigned (it may be one of them).
                ScalarKind angleKind = SymbolFacts.KindOf(sinCosMethod.Parameters[0].Type);
                string angle = FreshName("u");
                ExpressionSyntax argument = sinCosArguments[0].Expression;
                statements.Add(new AssignStmt(new LocalTarget(angle, angleKind, SymbolFacts.Keyword(angleKind)), ParseValue(argument), angle + " = " + SyntaxText.Of(argument)));
                string owner = DerivativeTable.CanonicalOwner(sinCosOwner);
                floatingElement = i => new IntrinsicCallExpr(
                    (i == 0 ? sineRule : cosineRule).Key, owner, new Expr[] { new VarExpr(angle, angleKind) }.ToEquatableArray(), angleKind);
            }
            else
            {
                // A float or double element, or an array or span of them (which would alias a differentiable buffer).
                bool carriesFloating = tupleType.TupleElements.Any(e => SymbolFacts.IsFloating(SymbolFacts.KindOf(e.Type))
                    || SymbolFacts.ShapeOf(e.Type) is { Shape: ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan } shape && SymbolFacts.IsFloating(shape.Element));
                // `var (lo, hi) = c ? (a, b) : (b, a);` is refused with, as its way out, an if that assigns the tuple in each branch.
                ExpressionSyntax unwrapped = tuple;
                while (unwrapped is ParenthesizedExpressionSyntax parenthesized)
                {
                    unwrapped = parenthesized.Expression;
                }

                string? why = unwrapped is ConditionalExpressionSyntax
                    ? "a conditional between tuples is one value to DiffGen; assign the tuple in each branch of an if ('if (c) (lo, hi) = (a, b); else (lo, hi) = (b, a);')"
                    : null;
                ValueExpr whole = carriesFloating ? ConstantOfDifferentiation(tuple, ScalarKind.Other, why) : Opaque(tuple, ScalarKind.Other);
                string temporary = FreshName("u");
                statements.Add(InactiveStmt.Declare(SymbolFacts.IrTypeOf(tupleType), temporary, whole.Tree));
                hostElement = i => new HostValue(
                    temporary + ".Item" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    SymbolFacts.IrTypeOf(tupleType.TupleElements[i].Type),
                    new[] { temporary }.ToEquatableArray(), EquatableArray<string>.Empty, Pure: true, Primary: true);
                floatingElement = i => new ValueExpr(hostElement(i), SymbolFacts.KindOf(tupleType.TupleElements[i].Type));
            }

            for (int i = 0; i < targets.Count; i++)
            {
                SyntaxNode part = targets[i];
                if (IsDiscard(part))
                {
                    continue;
                }

                SingleVariableDesignationSyntax? declared = DeclaredIn(part);
                if (declared is not null)
                {
                    if (_model.GetDeclaredSymbol(declared, _cancellationToken) is not ILocalSymbol local)
                    {
                        _broken = true;
                        return System.Array.Empty<Stmt>();
                    }

                    string name = SyntaxFacts.GetKeywordKind(local.Name) != SyntaxKind.None ? "@" + local.Name : local.Name;
                    ScalarKind kind = SymbolFacts.KindOf(local.Type);
                    if (SymbolFacts.IsFloating(kind))
                    {
                        statements.Add(new AssignStmt(new LocalTarget(name, kind, SymbolFacts.Keyword(kind)), Converted(floatingElement(i), kind), name + " = " + SyntaxText.Of(tuple)));
                    }
                    else if (hostElement is not null)
                    {
                        statements.Add(InactiveStmt.Declare(SymbolFacts.IrTypeOf(local.Type), name, hostElement(i)));
                    }

                    continue;
                }

                var left = (ExpressionSyntax)part;
                Target? target = ParseTarget(left, out bool inactive);
                if ((inactive || target is not null) && IsElementOfConstantContainer(left))
                {
                    RefuseDifferentiableStore(left, tuple);
                }

                if (inactive && hostElement is not null)
                {
                    Value read = hostElement(i);
                    statements.Add(_values.LocalName(left) is { } localName
                        ? InactiveStmt.Assign(localName, read)
                        : InactiveStmt.Host($"{SyntaxText.Of(left)} = {ValuePrinter.Print(read)};", AssignedNames(left)));
                    continue;
                }

                if (target is null || inactive)
                {
                    return System.Array.Empty<Stmt>();
                }

                statements.Add(new AssignStmt(target, Converted(floatingElement(i), target.Kind), SyntaxText.Of(left) + " = " + SyntaxText.Of(tuple)));
            }

            return statements;

            static Expr Converted(Expr value, ScalarKind kind) => value.Kind == kind ? value : new ConvertExpr(value, kind);
        }

        /// <summary>
        /// An assignment or increment of something that is never differentiated: modelled when it
        /// assigns a local (<c>k += 2;</c>), host code otherwise (an element of an <c>int[]</c>).
        /// </summary>
        private InactiveStmt InactiveEffect(ExpressionSyntax expression, EquatableArray<string> assigned)
        {
            ValueExpr value = Opaque(expression, ScalarKind.Other);
            return value.Tree is UpdateValue
                ? InactiveStmt.Evaluate(value.Tree)
                : InactiveStmt.Host(SyntaxText.Of(expression) + ";", assigned.Concat(value.Writes).Distinct().ToEquatableArray());
        }

        private static Expr TargetValue(Target target) => target switch
        {
            LocalTarget local => new VarExpr(local.Name, local.Kind),
            ElemTarget element => new ElemExpr(element.Array, element.Index, element.Kind),
            _ => ValueExpr.Literal("0", target.Kind),
        };

        /// <summary>The local or parameter an assignment writes: the target, or the array whose element (of an element…) it is.</summary>
        private static EquatableArray<string> AssignedNames(ExpressionSyntax target)
        {
            while (target is ElementAccessExpressionSyntax element)
            {
                target = element.Expression;
            }

            return target is IdentifierNameSyntax identifier ? new[] { identifier.Identifier.ValueText }.ToEquatableArray() : EquatableArray<string>.Empty;
        }

        /// <summary>
        /// Classifies an assignment target. Returns null with <paramref name="inactive"/> set for
        /// integer or boolean locals (replayed verbatim); reports DIFF005 for fields and static state.
        /// </summary>
        /// <param name="before">
        /// Where an element target's index with side effects (<c>c[k++] *= x</c>) is evaluated, into a local, before
        /// the statement, which is also where C# evaluates it; null where the caller cannot place it (refused then).
        /// </param>
        private Target? ParseTarget(ExpressionSyntax left, out bool inactive, List<Stmt>? before = null)
        {
            inactive = false;
            if (left is ParenthesizedExpressionSyntax)
            {
                // The checks of a statement's writes look at the target as written; one way to write it is enough.
                Report(DiagnosticDescriptors.UnsupportedExpression, left, left.ToString(), "an assignment target in parentheses; write it without them");
                return null;
            }

            ISymbol? symbol = _model.GetSymbolInfo(left, _cancellationToken).Symbol;
            switch (left)
            {
                case IdentifierNameSyntax when symbol is ILocalSymbol or IParameterSymbol:
                {
                    ITypeSymbol type = symbol is ILocalSymbol local ? local.Type : ((IParameterSymbol)symbol).Type;
                    (ParamShape shape, ScalarKind element) = SymbolFacts.ShapeOf(type);
                    if (shape == ParamShape.Scalar)
                    {
                        return new LocalTarget(symbol.Name, element, null);
                    }

                    if (shape == ParamShape.Other)
                    {
                        inactive = true;
                        return null;
                    }

                    Report(DiagnosticDescriptors.UnsupportedExpression, left, left.ToString(), "differentiable arrays and spans cannot be reassigned; write their elements instead (local arrays of one length may be swapped, '(a, b) = (b, a)' or 'var t = a; a = b; b = t;', rotated through a temporary read nowhere else, or given a local array of one length declared in the same block and not used after)");
                    return null;
                }

                case ElementAccessExpressionSyntax access when access.ArgumentList.Arguments.Count == 1:
                {
                    ISymbol? arraySymbol = _model.GetSymbolInfo(access.Expression, _cancellationToken).Symbol;
                    if (arraySymbol is ILocalSymbol or IParameterSymbol && access.Expression is IdentifierNameSyntax arrayName)
                    {
                        ITypeSymbol type = arraySymbol is ILocalSymbol local ? local.Type : ((IParameterSymbol)arraySymbol).Type;
                        (ParamShape shape, ScalarKind element) = SymbolFacts.ShapeOf(type);
                        if (shape is ParamShape.Array or ParamShape.Span)
                        {
                            ValueExpr index = Opaque(access.ArgumentList.Arguments[0].Expression, ScalarKind.Integer);
                            if (!index.Pure && before is not null && index.IsIntegral)
                            {
                                string held = FreshName("e");
                                before.Add(InactiveStmt.Declare(index.Tree.Type, held, index.Tree));
                                index = ValueExpr.Name(held, index.Tree.Type, ScalarKind.Integer);
                            }
                            else if (!index.Pure)
                            {
                                Report(DiagnosticDescriptors.UnsupportedExpression, access.ArgumentList.Arguments[0], access.ArgumentList.Arguments[0].ToString(), "an index that has side effects; compute it into a local first");
                            }

                            return new ElemTarget(arrayName.Identifier.ValueText, index, element);
                        }

                        if (shape == ParamShape.Other)
                        {
                            inactive = true;
                            return null;
                        }
                    }

                    break;
                }
            }

            if (symbol is null && _model.GetTypeInfo(left, _cancellationToken).Type is null)
            {
                _broken = true;
                return null;
            }

            if (left is ElementAccessExpressionSyntax ownElement && WritesOwnConstantStorage(ownElement))
            {
                // A row of a local jagged array, or an element of a local matrix, that holds only constants and storage
                // the method made itself (`L[i][j] = 1.0 / (i + j + 1);`): host code, like an element of an int[].
                inactive = true;
                return null;
            }

            if (left is ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: > 1, Expression: var matrix }
                && _model.GetSymbolInfo(matrix, _cancellationToken).Symbol is ILocalSymbol or IParameterSymbol)
            {
                // A matrix of the method's own is not state outside it; what is missing is support for its shape.
                Report(DiagnosticDescriptors.UnsupportedExpression, left, left.ToString(),
                    "only one-dimensional arrays and spans can be differentiated; store the matrix row by row in a double[] and index it as m[i * columns + j]");
                return null;
            }

            if (left is ElementAccessExpressionSyntax ownRow && WritesOwnConstantStorage(ownRow, constantsOnly: false))
            {
                // The same storage given a value with a derivative: inside the method, in a container DiffGen does not follow.
                Report(DiagnosticDescriptors.UnsupportedExpression, left, left.ToString(),
                    "a jagged array holds constants only, since DiffGen follows derivatives through float and double locals, arrays and spans; keep these values in a double[] (a matrix row by row, m[i * columns + j])");
                return null;
            }

            ReportStateWrite(left);
            return null;
        }

        /// <summary>
        /// Whether <paramref name="target"/> is an element of a constant local (every write of it reads only constants)
        /// whose storage the method made itself, down to the level written: the local and each row above the element are
        /// only ever given new arrays, so that the write cannot reach an array the caller or a field holds.
        /// </summary>
        /// <param name="constantsOnly">False to ask about the storage alone, whatever the local holds.</param>
        private bool WritesOwnConstantStorage(ElementAccessExpressionSyntax target, bool constantsOnly = true)
        {
            int depth = 0;
            ExpressionSyntax root = target;
            while (root is ElementAccessExpressionSyntax element)
            {
                root = element.Expression;
                depth++;
            }

            if (root is not IdentifierNameSyntax name || _model.GetSymbolInfo(name, _cancellationToken).Symbol is not ILocalSymbol local
                || (constantsOnly && !IsConstantLocal(local)) || _syntax is null)
            {
                return false;
            }

            foreach (SyntaxNode node in _syntax.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == local.Name
                        && SymbolEqualityComparer.Default.Equals(_model.GetDeclaredSymbol(declarator, _cancellationToken), local):
                        if (declarator.Initializer is null || !IsNewStorage(declarator.Initializer.Value))
                        {
                            return false;
                        }

                        break;
                    case AssignmentExpressionSyntax assignment when ElementDepth(assignment.Left, local) is int level && level < depth:
                        // The local itself, or a row above the element written: it must be given a new array.
                        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || !IsNewStorage(assignment.Right))
                        {
                            return false;
                        }

                        break;
                    case IdentifierNameSyntax use when use.Identifier.ValueText == local.Name && !IsRowUsedOnlyInPlace(use, depth):
                        // `var m = L; m[0] = _row;`, `Fill(L)`, `foreach (var row in L)`: the storage reached another name.
                        if (SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(use, _cancellationToken).Symbol, local))
                        {
                            return false;
                        }

                        break;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether <paramref name="use"/> of a local, with the element accesses on it, reaches the elements written
        /// (<paramref name="depth"/> accesses deep, whose values it may read anywhere), or else is only indexed further,
        /// assigned, or asked its length: the local and its rows are handed to no other name.
        /// </summary>
        private static bool IsRowUsedOnlyInPlace(IdentifierNameSyntax use, int depth)
        {
            int level = 0;
            ExpressionSyntax place = use;
            while (place.Parent is ElementAccessExpressionSyntax element && element.Expression == place)
            {
                place = element;
                level++;
            }

            return level >= depth
                   || place.Parent is AssignmentExpressionSyntax assignment && assignment.Left == place
                   || place.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" or "LongLength" or "Rank" or "GetLength" } member && member.Expression == place;
        }

        /// <summary>How many element accesses <paramref name="place"/> takes from <paramref name="local"/>; null when it is no element of it.</summary>
        private int? ElementDepth(ExpressionSyntax place, ILocalSymbol local)
        {
            int depth = 0;
            while (place is ElementAccessExpressionSyntax element)
            {
                place = element.Expression;
                depth++;
            }

            return place is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
                   && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(name, _cancellationToken).Symbol, local)
                ? depth
                : null;
        }

        /// <summary>An array made here (<c>new double[n]</c>, <c>new[] { … }</c>, <c>{ … }</c>, <c>[…]</c>) whose elements are new arrays or no arrays.</summary>
        private bool IsNewStorage(ExpressionSyntax value)
        {
            IEnumerable<ExpressionSyntax>? elements = value switch
            {
                ArrayCreationExpressionSyntax creation => creation.Initializer?.Expressions ?? Enumerable.Empty<ExpressionSyntax>(),
                ImplicitArrayCreationExpressionSyntax implicitCreation => implicitCreation.Initializer.Expressions,
                InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.ArrayInitializerExpression) => initializer.Expressions,
                CollectionExpressionSyntax collection => collection.Elements.All(e => e is ExpressionElementSyntax)
                    ? collection.Elements.Select(e => ((ExpressionElementSyntax)e).Expression)
                    : null,
                _ => null,
            };

            return elements is not null
                && elements.All(element => _model.GetTypeInfo(element, _cancellationToken).Type is not IArrayTypeSymbol || IsNewStorage(element));
        }

        /// <summary>
        /// Reports a write to a field or property: DIFF005 for state outside the method, DIFF013 for a field of a struct
        /// the method holds itself, in a local or a by-value parameter (<c>Pair p; p.a = x * y;</c>), which is not outside the
        /// method but which DiffGen does not follow either. An object's fields stay DIFF005: a local may hold an object
        /// shared with the caller.
        /// </summary>
        private void ReportStateWrite(ExpressionSyntax target)
        {
            ExpressionSyntax root = target;
            while (root is MemberAccessExpressionSyntax { Expression: var inner })
            {
                root = inner;
            }

            ITypeSymbol? type = root != target && root is IdentifierNameSyntax held
                ? _model.GetSymbolInfo(held, _cancellationToken).Symbol switch
                {
                    ILocalSymbol local => local.Type,
                    IParameterSymbol { RefKind: RefKind.None } parameter => parameter.Type,
                    _ => null,
                }
                : null;
            if (type is { IsValueType: true } && root is IdentifierNameSyntax name)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, target, target.ToString(),
                    "'" + target + "' is a field or property of the struct held in '" + name.Identifier.ValueText
                    + "', and DiffGen follows derivatives only through float and double locals, arrays and spans, not through fields; keep the values in float or double locals (or a double[]) of their own");
                return;
            }

            Report(DiagnosticDescriptors.WritesState, target, _method.Name, target.ToString());
        }

        private IEnumerable<Stmt> ParseFor(ForStatementSyntax forStatement)
        {
            var init = new List<Stmt>();
            if (forStatement.Declaration is not null)
            {
                init.AddRange(ParseVariableDeclaration(forStatement.Declaration, false, SyntaxText.Of(forStatement.Declaration) + ";"));
            }

            CountedLoop? counted = DetectCountedLoop(forStatement);
            var declaredBefore = new List<Stmt>();
            if (counted is null && forStatement.Declaration is { } declaration && forStatement.Initializers.Count == 0
                && declaration.Variables.All(variable => DeclaredOnceInMethod(variable.Identifier.ValueText)))
            {
                // A loop that is no counted loop is reversed by replaying its trips, outside the block its header declares
                // its variables in: declared before it instead (their names are the method's only ones), they stay in
                // scope there (`for (int n = x.Length; e < 10; e += 1) { … new double[n] … }`).
                declaredBefore.AddRange(init);
                init.Clear();
            }

            foreach (ExpressionSyntax initializer in forStatement.Initializers)
            {
                init.AddRange(ParseExpressionStatement(initializer));
            }

            var step = new List<Stmt>();
            foreach (ExpressionSyntax incrementor in forStatement.Incrementors)
            {
                step.AddRange(ParseExpressionStatement(incrementor));
            }

            ValueExpr? condition = forStatement.Condition is null ? null : Opaque(forStatement.Condition, ScalarKind.Boolean);
            Block body = ParseEmbedded(forStatement.Statement);
            declaredBefore.Add(new LoopStmt(LoopKind.For, init.ToEquatableArray(), condition, step.ToEquatableArray(), body, counted));
            return declaredBefore;
        }

        /// <summary>Whether <paramref name="name"/> is declared once in the whole method, in any way (so moving its declaration to an enclosing block clashes with nothing).</summary>
        private bool DeclaredOnceInMethod(string name) =>
            _syntax is not null && _syntax.DescendantNodes().Count(node => node switch
            {
                VariableDeclaratorSyntax variable => variable.Identifier.ValueText == name,
                SingleVariableDesignationSyntax designation => designation.Identifier.ValueText == name,
                ForEachStatementSyntax loop => loop.Identifier.ValueText == name,
                ParameterSyntax parameter => parameter.Identifier.ValueText == name,
                CatchDeclarationSyntax caught => caught.Identifier.ValueText == name,
                LocalFunctionStatementSyntax function => function.Identifier.ValueText == name,
                _ => false,
            }) == 1;

        /// <summary>Recognises <c>for (int i = a; i &lt; b; i++)</c> and its mirror images, with <c>i</c> unwritten in the body.</summary>
        private CountedLoop? DetectCountedLoop(ForStatementSyntax loop)
        {
            if (loop.Declaration is not { Variables.Count: 1 } declaration
                || declaration.Variables[0].Initializer is null
                || loop.Initializers.Count != 0
                || loop.Incrementors.Count != 1
                || loop.Condition is not BinaryExpressionSyntax condition
                || SymbolFacts.KindOf(_model.GetTypeInfo(declaration.Type, _cancellationToken).Type) != ScalarKind.Integer)
            {
                return null;
            }

            string name = declaration.Variables[0].Identifier.ValueText;
            if (condition.Left is not IdentifierNameSyntax left || left.Identifier.ValueText != name)
            {
                return null;
            }

            bool? ascending = loop.Incrementors[0] switch
            {
                PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax id } p when id.Identifier.ValueText == name =>
                    p.IsKind(SyntaxKind.PostIncrementExpression) ? true : p.IsKind(SyntaxKind.PostDecrementExpression) ? false : null,
                PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax id } p when id.Identifier.ValueText == name =>
                    p.IsKind(SyntaxKind.PreIncrementExpression) ? true : p.IsKind(SyntaxKind.PreDecrementExpression) ? false : null,
                AssignmentExpressionSyntax { Left: IdentifierNameSyntax id } a when id.Identifier.ValueText == name =>
                    a.IsKind(SyntaxKind.AddAssignmentExpression) ? true : a.IsKind(SyntaxKind.SubtractAssignmentExpression) ? false : null,
                _ => null,
            };

            // i += s with s other than 1: a stride, which the analysis checks the loop does not change. A literal must be positive.
            ValueExpr? stride = null;
            if (loop.Incrementors[0] is AssignmentExpressionSyntax { Right: var strideSyntax } && !(strideSyntax is LiteralExpressionSyntax { Token.ValueText: "1" }))
            {
                stride = Opaque(strideSyntax, ScalarKind.Integer);
                if (!stride.IsIntegral || !stride.Pure || (_model.Model.GetConstantValue(strideSyntax, _cancellationToken) is { HasValue: true } constant && System.Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture) <= 0))
                {
                    return null;
                }
            }
            if (ascending is null)
            {
                return null;
            }

            bool inclusive;
            if (ascending.Value && condition.IsKind(SyntaxKind.LessThanExpression) || !ascending.Value && condition.IsKind(SyntaxKind.GreaterThanExpression))
            {
                inclusive = false;
            }
            else if (ascending.Value && condition.IsKind(SyntaxKind.LessThanOrEqualExpression) || !ascending.Value && condition.IsKind(SyntaxKind.GreaterThanOrEqualExpression))
            {
                inclusive = true;
            }
            else
            {
                return null;
            }

            if (loop.Statement is not null && WritesVariable(loop.Statement, name))
            {
                return null;
            }

            // Only signed counters over integral bounds run backwards as a counted loop: an unsigned
            // counter cannot step below a bound of 0, and a fractional bound has no integral last value.
            // Everything else becomes a general loop that counts its trips.
            string counterType = _model.GetTypeInfo(declaration.Type, _cancellationToken).Type?.SpecialType switch
            {
                SpecialType.System_Int32 => "int",
                SpecialType.System_Int64 => "long",
                _ => string.Empty,
            };
            ValueExpr from = Opaque(declaration.Variables[0].Initializer!.Value, ScalarKind.Integer);
            if (!from.IsIntegral && _model.GetTypeInfo(declaration.Variables[0].Initializer!.Value, _cancellationToken).ConvertedType?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64)
            {
                // A start converted implicitly to the counter's type (a kernel's thread index, for (int j = i; …)): the
                // conversion written out keeps the bound integral.
                from = new ValueExpr(new CastValue(from.Tree, counterType == "long" ? IrType.Int64 : IrType.Int32), ScalarKind.Integer);
            }

            ValueExpr to = Opaque(condition.Right, ScalarKind.Integer);
            if (counterType.Length == 0 || !from.IsIntegral || !to.IsIntegral)
            {
                return null;
            }

            // A bound or stride that reads the counter (`i < n - 1 - i`) moves with it: the trip count is not the
            // bound's value, so the loop counts its trips instead.
            if (to.Reads.Contains(name) || (stride is not null && stride.Reads.Contains(name)))
            {
                return null;
            }

            return new CountedLoop(name, from, to, ascending.Value, inclusive) { VarType = counterType, Step = stride };
        }

        private static bool WritesVariable(SyntaxNode node, string name)
        {
            foreach (SyntaxNode descendant in node.DescendantNodesAndSelf())
            {
                ExpressionSyntax? written = descendant switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PostfixUnaryExpressionSyntax postfix when !postfix.IsKind(SyntaxKind.SuppressNullableWarningExpression) => postfix.Operand,
                    PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) => prefix.Operand,
                    ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) => argument.Expression,
                    _ => null,
                };
                if (written is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }

        private Stmt ParseForEach(ForEachStatementSyntax forEach)
        {
            ITypeSymbol? collectionType = _model.GetTypeInfo(forEach.Expression, _cancellationToken).Type;
            ISymbol? collection = _model.GetSymbolInfo(forEach.Expression, _cancellationToken).Symbol;
            bool indexable = collectionType is IArrayTypeSymbol { Rank: 1 }
                             || collectionType is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace.Name: "System" };
            // A field or property is a constant of the differentiation: its elements are constants too.
            bool constant = indexable && collection is IFieldSymbol or IPropertySymbol && forEach.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax;

            // A list of numbers held in a local or parameter and only read (an index list, a [NoDiff] list of weights) is
            // walked by index, as an array is: its elements are constants, since no differentiable value may be stored in
            // a list (DIFF013).
            // Where the method may change objects (a call that is not known to change nothing), a list it is given could be
            // changed under the walk, which C#'s enumerator would throw for: such a walk is refused.
            bool readOnlyList = !indexable && forEach.Expression is IdentifierNameSyntax && collection is ILocalSymbol or IParameterSymbol
                                && !_values.TracksObjectState && IsReadOnlyNumberList(collection!, collectionType);
            constant |= readOnlyList;
            if (!constant && forEach.Expression is not IdentifierNameSyntax
                && (RecogniseSlice(forEach.Expression) ?? WholeView(forEach.Expression)) is { } slice)
            {
                return ParseForEachOverSlice(forEach, slice);
            }

            if (!constant && (!indexable || forEach.Expression is not IdentifierNameSyntax || collection is not (ILocalSymbol or IParameterSymbol)))
            {
                if (collectionType is null)
                {
                    _broken = true;
                }
                else
                {
                    Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(forEach.Expression), "foreach over " + collectionType.ToDisplayString() + " ("
                        + (IsNumberList(collectionType)
                            ? "a list is walked only when the method does nothing with it but walk it, index it, count and search it, calls nothing that may change an object, and the list holds constants: a local made here with 'new' or '[...]', a List parameter of integers, or a [NoDiff] parameter"
                            : "only arrays and spans held in locals or parameters, and slices of them; declare the collection in a local first") + ")");
                }

                return InactiveStmt.Host(";", EquatableArray<string>.Empty);
            }

            // foreach (var v in xs) body  →  for (int __e = 0; __e < xs.Length; __e++) { var v = xs[__e]; body }
            string array = SyntaxText.Of(forEach.Expression);
            string index = FreshName("e");
            ILocalSymbol? element = _model.GetDeclaredSymbol(forEach, _cancellationToken);
            string elementName = forEach.Identifier.ValueText;
            var body = new List<Stmt>();
            (ParamShape shape, ScalarKind elementKind) = SymbolFacts.ShapeOf(element?.Type);
            if (collection is IParameterSymbol jagged && !IsConstantParameter(jagged) && IsFloatingJagged(jagged.Type))
            {
                // Its rows would be read as arrays with no adjoint: a silent zero where a derivative is expected.
                Report(DiagnosticDescriptors.UnsupportedExpression, forEach.Expression, array,
                    "it reads the differentiable value '" + array + "' through code with no derivative rule; " + JaggedParameterWayOut(jagged));
                return InactiveStmt.Host(";", EquatableArray<string>.Empty);
            }

            if (shape is ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan && collection is ILocalSymbol container && MayBeConstantLocal(container.Type) && !IsConstantLocal(container))
            {
                // The rows of a jagged array that was given differentiable values: each row would be read as an array
                // with no adjoint, its elements constants, and the derivative through them silently zero.
                Report(DiagnosticDescriptors.UnsupportedExpression, forEach.Expression, array,
                    "it reads the differentiable value '" + array + "' through code with no derivative rule; " + ContainerWayOut(container));
                return InactiveStmt.Host(";", EquatableArray<string>.Empty);
            }
            var indexRead = ValueExpr.Name(index, IrType.Int32, ScalarKind.Integer);
            IrType elementType = SymbolFacts.IrTypeOf(element?.Type);
            EquatableArray<string> listReads = readOnlyList ? new[] { array }.ToEquatableArray() : EquatableArray<string>.Empty;
            Value constantElement = new HostValue(array + "[" + index + "]", elementType, new[] { index }.Concat(listReads).ToEquatableArray(), EquatableArray<string>.Empty, Pure: true, Primary: true);
            // foreach converts each element explicitly (`foreach (int j in longs)`): a narrower integer needs the cast.
            ITypeSymbol? stored = collectionType switch
            {
                IArrayTypeSymbol arrayType => arrayType.ElementType,
                INamedTypeSymbol { TypeArguments.Length: 1 } generic => generic.TypeArguments[0],
                _ => null,
            };
            bool narrowed = !SymbolFacts.IsFloating(elementKind) && stored is not null && element is not null
                            && stored.SpecialType != SpecialType.None && element.Type.SpecialType != SpecialType.None
                            && !SymbolEqualityComparer.Default.Equals(stored, element.Type);
            if (shape == ParamShape.Scalar && !narrowed)
            {
                // `foreach (float f in doubles)` converts each element to float.
                ScalarKind storedKind = SymbolFacts.KindOf(stored);
                ScalarKind readKind = SymbolFacts.IsFloating(storedKind) ? storedKind : elementKind;
                Expr value = constant ? new ValueExpr(constantElement, readKind) : new ElemExpr(array, indexRead, readKind);
                value = value.Kind == elementKind ? value : new ConvertExpr(value, elementKind);
                body.Add(new AssignStmt(new LocalTarget(elementName, elementKind, SymbolFacts.Keyword(elementKind)), value, elementName + " = " + array + "[…]"));
            }
            else
            {
                Value read = constant ? constantElement : new ElementValue(array, indexRead.Tree, narrowed ? SymbolFacts.IrTypeOf(stored) : elementType);
                body.Add(InactiveStmt.Declare(elementType, elementName, narrowed ? new CastValue(read, elementType) : read));
            }

            body.AddRange(ParseEmbedded(forEach.Statement).Statements);
            var length = new ValueExpr(
                constant ? new HostValue(array + (readOnlyList ? ".Count" : ".Length"), IrType.Int32, listReads, EquatableArray<string>.Empty, Pure: true, Primary: true) : new LengthValue(array),
                ScalarKind.Integer);
            return ElementIndexLoop(index, length, body);
        }

        /// <summary>
        /// <c>foreach (var v in x.AsSpan(a, n))</c>, <c>x.Slice(a)</c>, <c>x[a..b]</c> or <c>x.AsSpan()</c> over a float or double
        /// buffer: the bounds evaluated and checked once, as the view is made once, then <c>v = x[start + e]</c> for each
        /// <c>e</c> below the length. A range of an array is a copy in C#, which the body's writes to the array would not
        /// reach: a body that writes the array is refused there.
        /// </summary>
        private Stmt ParseForEachOverSlice(ForEachStatementSyntax forEach, SliceSyntax slice)
        {
            string buffer = slice.Buffer.Identifier.ValueText;
            ILocalSymbol? element = _model.GetDeclaredSymbol(forEach, _cancellationToken);
            (ParamShape shape, ScalarKind elementKind) = SymbolFacts.ShapeOf(element?.Type);
            ISymbol? bufferSymbol = _model.GetSymbolInfo(slice.Buffer, _cancellationToken).Symbol;
            ScalarKind stored = SymbolFacts.ShapeOf(_model.GetTypeInfo(slice.Buffer, _cancellationToken).Type).Element;
            if (shape != ParamShape.Scalar || !SymbolFacts.IsFloating(elementKind) || !SymbolFacts.IsFloating(stored)
                || (slice.IsCopy && WritesSymbolIn(forEach.Statement, bufferSymbol)))
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(forEach.Expression),
                    "foreach over " + forEach.Expression + " (" + (slice.IsCopy ? "a range of an array is a copy, which the loop's writes to '" + buffer + "' would not reach" : "only float or double elements are walked")
                    + "; walk the buffer by index instead)");
                return InactiveStmt.Host(";", EquatableArray<string>.Empty);
            }

            string start = FreshName("start");
            string length = FreshName("length");
            var startValue = new NameValue(start, IrType.Int32);
            (Value startInit, Value lengthInit) = SliceBounds(slice, startValue);
            if (!ValueTree.IsPure(startInit) || !ValueTree.IsPure(lengthInit))
            {
                Report(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(forEach.Expression),
                    "foreach over " + forEach.Expression + " (a bound has a side effect; compute it into a local first)");
                return InactiveStmt.Host(";", EquatableArray<string>.Empty);
            }

            string index = FreshName("e");
            string elementName = forEach.Identifier.ValueText;
            var at = new ValueExpr(new BinaryValue(ValueOperator.Add, startValue, new NameValue(index, IrType.Int32), IrType.Int32), ScalarKind.Integer);
            Expr value = new ElemExpr(buffer, at, stored);
            value = value.Kind == elementKind ? value : new ConvertExpr(value, elementKind);
            var body = new List<Stmt> { new AssignStmt(new LocalTarget(elementName, elementKind, SymbolFacts.Keyword(elementKind)), value, elementName + " = " + buffer + "[…]") };
            body.AddRange(ParseEmbedded(forEach.Statement).Statements);

            return new BlockStmt(new Block(new Stmt[]
            {
                InactiveStmt.Declare(IrType.Int32, start, startInit),
                InactiveStmt.Declare(IrType.Int32, length, lengthInit),
                SliceBoundsCheck(slice.Buffer, start, length),
                ElementIndexLoop(index, ValueExpr.Name(length, IrType.Int32, ScalarKind.Integer), body),
            }.ToEquatableArray()));
        }

        /// <summary><c>x.AsSpan()</c> of a float or double buffer: a view of all of it.</summary>
        private SliceSyntax? WholeView(ExpressionSyntax expression) =>
            expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax buffer, Name.Identifier.ValueText: "AsSpan" }, ArgumentList.Arguments.Count: 0 } call
            && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { ContainingType: { } owner } && owner.ToDisplayString() == "System.MemoryExtensions"
            && IsDifferentiableBuffer(buffer)
                ? new SliceSyntax(buffer, null, null, null, IsCopy: false)
                : null;

        /// <summary>Whether <paramref name="node"/> assigns an element of <paramref name="buffer"/>, or hands it to a call.</summary>
        private bool WritesSymbolIn(SyntaxNode node, ISymbol? buffer) =>
            node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(use =>
                SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(use, _cancellationToken).Symbol, buffer)
                && (use.Parent is ArgumentSyntax
                    || use.Parent is ElementAccessExpressionSyntax { Parent: AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax } accessed
                       && (accessed.Parent is not AssignmentExpressionSyntax assignment || assignment.Left == accessed)));

        /// <summary>The counted loop a <c>foreach</c> becomes: <c>for (int index = 0; index &lt; length; index++) { body }</c>.</summary>
        private static LoopStmt ElementIndexLoop(string index, ValueExpr length, List<Stmt> body) =>
            new(
                LoopKind.For,
                new Stmt[] { InactiveStmt.Declare(IrType.Int32, index, new ConstantValue("0", IrType.Int32, IsLiteral: true)) }.ToEquatableArray(),
                new ValueExpr(new BinaryValue(ValueOperator.Less, new NameValue(index, IrType.Int32), length.Tree, IrType.Bool), ScalarKind.Boolean),
                new Stmt[] { InactiveStmt.Evaluate(new UpdateValue(index, UpdateOperator.Increment, null, Postfix: true, IrType.Int32)) }.ToEquatableArray(),
                new Block(body.ToEquatableArray()),
                new CountedLoop(index, ValueExpr.Literal("0", ScalarKind.Integer), length, true, false));

        /// <summary>
        /// <c>foreach (var (w, k) in Table)</c> over an array held in a field or property (a table of coefficients or of
        /// quadrature nodes and weights), whose elements are constants of the differentiation: walked by index, each
        /// element's parts read into the deconstructed locals. Null for any other deconstructing loop, refused as before.
        /// <code>
        /// before: foreach (var (w, k) in Terms) s += w * b[k];
        /// after:  for (int __e = 0; __e &lt; Terms.Length; __e++) { double w = Terms[__e].Item1; int k = Terms[__e].Item2; s += w * b[k]; }
        /// </code>
        /// </summary>
        private Stmt? ParseConstantTableLoop(ForEachVariableStatementSyntax forEach)
        {
            if (_model.GetTypeInfo(forEach.Expression, _cancellationToken).Type is not IArrayTypeSymbol { Rank: 1 }
                || _model.GetSymbolInfo(forEach.Expression, _cancellationToken).Symbol is not (IFieldSymbol or IPropertySymbol)
                || forEach.Expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax))
            {
                return null;
            }

            // The deconstructed locals, in the tuple's order; a discard reads nothing. Nested tuples are left to the refusal.
            IEnumerable<SyntaxNode>? parts = forEach.Variable switch
            {
                DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax designation } => designation.Variables,
                TupleExpressionSyntax tuple => tuple.Arguments.Select(a => (SyntaxNode)a.Expression),
                _ => null,
            };
            if (parts is null)
            {
                return null;
            }

            var locals = new List<ILocalSymbol?>();
            foreach (SyntaxNode part in parts)
            {
                SyntaxNode? designation = part is DeclarationExpressionSyntax declaration ? declaration.Designation : part;
                switch (designation)
                {
                    case DiscardDesignationSyntax:
                    case IdentifierNameSyntax { Identifier.ValueText: "_" }:
                        locals.Add(null);
                        break;
                    case SingleVariableDesignationSyntax single when _model.Model.GetDeclaredSymbol(single, _cancellationToken) is ILocalSymbol local:
                        locals.Add(local);
                        break;
                    default:
                        return null;
                }
            }

            string array = SyntaxText.Of(forEach.Expression);
            string index = FreshName("e");
            var body = new List<Stmt>();
            for (int i = 0; i < locals.Count; i++)
            {
                if (locals[i] is not { } local)
                {
                    continue;
                }

                IrType type = SymbolFacts.IrTypeOf(local.Type);
                var part = new HostValue(array + "[" + index + "].Item" + (i + 1), type, new[] { index }.ToEquatableArray(), EquatableArray<string>.Empty, Pure: true, Primary: true);
                (ParamShape shape, ScalarKind kind) = SymbolFacts.ShapeOf(local.Type);
                if (shape == ParamShape.Scalar && SymbolFacts.IsFloating(kind))
                {
                    body.Add(new AssignStmt(new LocalTarget(local.Name, kind, SymbolFacts.Keyword(kind)), new ValueExpr(part, kind), local.Name + " = " + array + "[…]"));
                }
                else
                {
                    body.Add(InactiveStmt.Declare(type, local.Name, part));
                }
            }

            body.AddRange(ParseEmbedded(forEach.Statement).Statements);
            var length = new ValueExpr(new HostValue(array + ".Length", IrType.Int32, EquatableArray<string>.Empty, EquatableArray<string>.Empty, Pure: true, Primary: true), ScalarKind.Integer);
            return ElementIndexLoop(index, length, body);
        }

        /// <summary>
        /// Whether <paramref name="list"/> is a <c>List</c>, <c>IList</c> or <c>IReadOnlyList</c> of numbers or booleans that
        /// the method only reads: every use of it is a <c>foreach</c> over it, its <c>Count</c>, an element read, or a
        /// search (<c>Contains</c>, <c>IndexOf</c>). Walked by index, the forward and reverse sweeps see the same elements.
        /// </summary>
        private bool IsReadOnlyNumberList(ISymbol list, ITypeSymbol? type)
        {
            if (!IsNumberList(type))
            {
                return false;
            }

            // Its elements must be constants of the method, not a view of one of its buffers (`IReadOnlyList<double> w = x;`
            // is the array x): a local made here as a list, a List parameter (no array converts to one), or a [NoDiff] one.
            bool floating = SymbolFacts.IsFloating(SymbolFacts.KindOf(((INamedTypeSymbol)type!).TypeArguments[0]));
            // A local's every write must read only constants (`new List<double> { x, y }` holds differentiable values).
            bool madeHere = list is ILocalSymbol local && ConstantLocalsWithNumbers.Contains(local) && list.DeclaringSyntaxReferences.Length == 1
                            && list.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is VariableDeclaratorSyntax
                            {
                                Initializer.Value: BaseObjectCreationExpressionSyntax or CollectionExpressionSyntax,
                            };
            bool constantParameter = list is IParameterSymbol parameter
                                     && (SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute) || (!floating && type!.Name == "List"));
            if (!madeHere && !constantParameter)
            {
                return false;
            }

            foreach (IdentifierNameSyntax use in _syntax!.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (use.Identifier.ValueText != list.Name || !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(use, _cancellationToken).Symbol, list))
                {
                    continue;
                }

                bool read = use.Parent switch
                {
                    ForEachStatementSyntax walked => walked.Expression == use,
                    MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Count" } count when count.Expression == use => count.Parent is not InvocationExpressionSyntax,
                    MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Contains" or "IndexOf" or "LastIndexOf" } search when search.Expression == use => search.Parent is InvocationExpressionSyntax,
                    ElementAccessExpressionSyntax element when element.Expression == use => !IsWriteTarget(element),
                    _ => false,
                };
                if (!read)
                {
                    return false;
                }
            }

            return true;

            static bool IsWriteTarget(ExpressionSyntax target) => target.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == target,
                PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                _ => false,
            };
        }

        /// <summary>A <c>List</c>, <c>IList</c> or <c>IReadOnlyList</c> of numbers or booleans.</summary>
        private static bool IsNumberList(ITypeSymbol? type) =>
            type is INamedTypeSymbol { Name: "List" or "IList" or "IReadOnlyList", TypeArguments.Length: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic"
            && SymbolFacts.KindOf(named.TypeArguments[0]) is not (ScalarKind.Other or ScalarKind.Void or ScalarKind.Tensor);

        private static string SourceText(SyntaxNode node)
        {
            string text = SyntaxText.Of(node);
            text = string.Join(" ", text.Split(new[] { '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim()));
            return text.Length > 120 ? text.Substring(0, 117) + "..." : text;
        }
    }
}
