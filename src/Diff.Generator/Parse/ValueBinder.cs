using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// Binds an expression that is never differentiated into a typed value tree
    /// (<c>Model/ValueIr.cs</c>), for both modes. Built-in operators over locals, parameters,
    /// literals, constants, buffer lengths and elements, casts to primitive types and assignments to
    /// locals are modelled; anything else (a call of an ordinary method, a member of an object) is
    /// kept whole as a <see cref="HostValue"/> with the names it reads and writes.
    /// </summary>
    internal sealed class ValueBinder
    {
        private readonly SemanticQueries _model;
        private readonly CancellationToken _cancellationToken;
        private readonly Func<ISymbol, string> _nameOf;
        private readonly Func<SyntaxNode, string> _hostCode;

        /// <param name="nameOf">The name a local or parameter has in the generated code (tensor mode renames hoisted locals).</param>
        /// <param name="hostCode">Host code as it is printed in the generated code, with the same renaming.</param>
        public ValueBinder(SemanticModel model, CancellationToken cancellationToken, Func<ISymbol, string> nameOf, Func<SyntaxNode, string> hostCode)
            : this(new SemanticQueries(model), cancellationToken, nameOf, hostCode)
        {
        }

        /// <param name="model">The semantic model's answers, shared with the parser that binds the rest of the method.</param>
        /// <param name="cancellationToken">Cancels the binding.</param>
        /// <param name="nameOf">The name a local or parameter has in the generated code.</param>
        /// <param name="hostCode">Host code as it is printed in the generated code.</param>
        public ValueBinder(SemanticQueries model, CancellationToken cancellationToken, Func<ISymbol, string> nameOf, Func<SyntaxNode, string> hostCode)
        {
            _model = model;
            _cancellationToken = cancellationToken;
            _nameOf = nameOf;
            _hostCode = hostCode;
        }

        /// <summary>
        /// Expressions bound to a value computed before them: an assignment in a condition whose write was moved before
        /// the statement (<c>if ((ax = Math.Abs(x)) &lt; 8.0)</c>) is the variable it assigned.
        /// </summary>
        public Dictionary<SyntaxNode, Value> Substitutions { get; } = new();

        /// <summary>
        /// Whether host code that reads state the IR has no variable for (<see cref="ObjectStateFacts.IsRead"/>) reads
        /// <see cref="ValueTree.ObjectState"/> too: set for a method that may change that state, so that the reverse
        /// sweep does not read it again after a change.
        /// </summary>
        public bool TracksObjectState { get; set; }

        /// <summary>
        /// Buffers of non-floating elements that a call of the method may write (<see cref="ObjectStateFacts.BuffersWrittenByCalls"/>):
        /// their elements are read as host code that reads <see cref="ValueTree.ObjectState"/>.
        /// </summary>
        public HashSet<ISymbol> BuffersWrittenByCalls { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>The locals and parameters of the method that a local function writes (itself or through those it calls), where it is called.</summary>
        public Func<IMethodSymbol, IEnumerable<ISymbol>>? CapturedWritesOf { get; set; }

        public Value Bind(ExpressionSyntax expression)
        {
            if (Substitutions.Count > 0 && Substitutions.TryGetValue(expression, out Value? substituted))
            {
                return substituted;
            }

            IrType type = SymbolFacts.IrTypeOf(_model.GetTypeInfo(expression, _cancellationToken).Type);
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Bind(parenthesized.Expression);
                case LiteralExpressionSyntax literal:
                    return new ConstantValue(literal.Token.Text, type, IsLiteral: true);
                case IdentifierNameSyntax identifier:
                    switch (_model.GetSymbolInfo(identifier, _cancellationToken).Symbol)
                    {
                        case ILocalSymbol or IParameterSymbol:
                            return new NameValue(_nameOf(_model.GetSymbolInfo(identifier, _cancellationToken).Symbol!), type);
                        case IFieldSymbol { IsConst: true }:
                            return new ConstantValue(identifier.Identifier.Text, type, IsLiteral: false);
                    }

                    break;
                case MemberAccessExpressionSyntax member:
                    ISymbol? accessed = _model.GetSymbolInfo(member, _cancellationToken).Symbol;
                    if (accessed is IFieldSymbol { IsConst: true })
                    {
                        return new ConstantValue(SyntaxText.Of(member), type, IsLiteral: false);
                    }

                    if (member.Name.Identifier.ValueText == "Length" && accessed is IPropertySymbol && BufferName(member.Expression) is { } lengthOf)
                    {
                        return new LengthValue(lengthOf);
                    }

                    break;
                case ElementAccessExpressionSyntax access when access.ArgumentList.Arguments.Count == 1
                                                            && access.ArgumentList.Arguments[0].RefKindKeyword.IsKind(SyntaxKind.None)
                                                            && BufferName(access.Expression) is { } buffer
                                                            && !IsWrittenByCalls(access):
                    return new ElementValue(buffer, Bind(access.ArgumentList.Arguments[0].Expression), type);
                case PrefixUnaryExpressionSyntax prefix when IsBuiltIn(prefix):
                    UnaryOperator? unary = prefix.Kind() switch
                    {
                        SyntaxKind.UnaryMinusExpression => UnaryOperator.Negate,
                        SyntaxKind.UnaryPlusExpression => UnaryOperator.Plus,
                        SyntaxKind.LogicalNotExpression => UnaryOperator.Not,
                        SyntaxKind.BitwiseNotExpression => UnaryOperator.Complement,
                        _ => null,
                    };
                    if (unary is not null)
                    {
                        return new UnaryValue(unary.Value, Bind(prefix.Operand), type);
                    }

                    if (LocalName(prefix.Operand) is { } preName && (prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression)))
                    {
                        return new UpdateValue(preName, prefix.IsKind(SyntaxKind.PreIncrementExpression) ? UpdateOperator.Increment : UpdateOperator.Decrement, null, Postfix: false, type);
                    }

                    break;
                case PostfixUnaryExpressionSyntax postfix when IsBuiltIn(postfix)
                                                             && LocalName(postfix.Operand) is { } postName
                                                             && (postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression)):
                    return new UpdateValue(postName, postfix.IsKind(SyntaxKind.PostIncrementExpression) ? UpdateOperator.Increment : UpdateOperator.Decrement, null, Postfix: true, type);
                case BinaryExpressionSyntax binary when IsBuiltIn(binary) && BinaryOperatorOf(binary.Kind()) is { } op:
                    return new BinaryValue(op, Bind(binary.Left), Bind(binary.Right), type);
                case ConditionalExpressionSyntax conditional:
                    return new ConditionalValue(Bind(conditional.Condition), Bind(conditional.WhenTrue), Bind(conditional.WhenFalse), type);
                case CastExpressionSyntax cast when type.Kind is not (IrTypeKind.Unknown or IrTypeKind.Other or IrTypeKind.Buffer or IrTypeKind.String)
                                                  && _model.GetConversion(cast.Expression, _cancellationToken) is { IsUserDefined: false }
                                                  && SymbolFacts.IrTypeOf(_model.GetTypeInfo(cast.Expression, _cancellationToken).Type).Kind is not (IrTypeKind.Unknown or IrTypeKind.Other):
                    return new CastValue(Bind(cast.Expression), type);
                case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax nullLiteral } } isNull
                    when nullLiteral.IsKind(SyntaxKind.NullLiteralExpression):
                    return new IsNullValue(Bind(isNull.Expression), Negated: false);
                case IsPatternExpressionSyntax { Pattern: UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax nullLiteral } } notNull } isNotNull
                    when nullLiteral.IsKind(SyntaxKind.NullLiteralExpression) && notNull.OperatorToken.IsKind(SyntaxKind.NotKeyword):
                    return new IsNullValue(Bind(isNotNull.Expression), Negated: true);
                case AssignmentExpressionSyntax assignment when IsBuiltIn(assignment)
                                                              && LocalName(assignment.Left) is { } assigned
                                                              && UpdateOperatorOf(assignment.Kind()) is { } update:
                    return new UpdateValue(assigned, update, Bind(assignment.Right), Postfix: false, type);
            }

            return Host(expression, type);
        }

        /// <summary>The escape hatch: C# the IR does not model, with what it reads and writes.</summary>
        public HostValue Host(ExpressionSyntax expression, IrType type)
        {
            var reads = new SortedSet<string>(System.StringComparer.Ordinal);
            var writes = new SortedSet<string>(System.StringComparer.Ordinal);
            var substituted = new List<(SyntaxNode Node, Value Value)>();
            foreach (SyntaxNode node in expression.DescendantNodesAndSelf(descendIntoChildren: child => child == expression || !Substitutions.ContainsKey(child)))
            {
                if (node != expression && Substitutions.Count > 0 && Substitutions.TryGetValue(node, out Value? value))
                {
                    // A value computed elsewhere stands here (a moved write, a local function's argument): its reads,
                    // and its text in place of the node's.
                    substituted.Add((node, value));
                    reads.UnionWith(ValueTree.Reads(value));
                    continue;
                }

                if (node is IdentifierNameSyntax identifier && _model.GetSymbolInfo(identifier, _cancellationToken).Symbol is (ILocalSymbol or IParameterSymbol) and var read)
                {
                    reads.Add(_nameOf(read));
                }
                else if (TracksObjectState && (ObjectStateFacts.IsRead(node, _model, _cancellationToken) || IsWrittenByCalls(node)))
                {
                    reads.Add(ValueTree.ObjectState);
                }
                else if (node is InvocationExpressionSyntax call && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function)
                {
                    // What a local function reads and writes of the method is read and written where it is called.
                    foreach (ISymbol captured in CapturedReads(function))
                    {
                        reads.Add(_nameOf(captured));
                    }

                    foreach (ISymbol captured in CapturedWritesOf?.Invoke(function) ?? Enumerable.Empty<ISymbol>())
                    {
                        writes.Add(_nameOf(captured));
                    }
                }

                ExpressionSyntax? written = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PostfixUnaryExpressionSyntax postfix when !postfix.IsKind(SyntaxKind.SuppressNullableWarningExpression) => postfix.Operand,
                    PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) => prefix.Operand,
                    ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword) => argument.Expression,
                    _ => null,
                };
                if (written is not null && LocalName(written) is { } name)
                {
                    writes.Add(name);
                }
                else if (BuffersWrittenByCalls.Count > 0 && node is InvocationExpressionSyntax writer)
                {
                    // `Array.Reverse(order)` changes the buffer as a write of it would: what reads it later (a pullback
                    // given it) sees another value.
                    foreach (ISymbol buffer in ObjectStateFacts.BuffersWrittenBy(writer, _model, _cancellationToken))
                    {
                        writes.Add(_nameOf(buffer));
                    }
                }
                else if (node is SingleVariableDesignationSyntax designation)
                {
                    // `x is int k` and `out var k` declare and write k.
                    writes.Add(_model.GetDeclaredSymbol(designation, _cancellationToken) is { } declared ? _nameOf(declared) : designation.Identifier.ValueText);
                }
            }

            bool primary = expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
                or LiteralExpressionSyntax or ParenthesizedExpressionSyntax or ObjectCreationExpressionSyntax or ThisExpressionSyntax
                or BaseExpressionSyntax or TypeOfExpressionSyntax or DefaultExpressionSyntax or CheckedExpressionSyntax or GenericNameSyntax
                or PredefinedTypeSyntax or SizeOfExpressionSyntax;
            string code = string.Join(" ", (substituted.Count == 0 ? _hostCode(expression) : WithSubstitutions(expression, substituted))
                .Split(new[] { '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim()));
            return new HostValue(code, type, reads.ToEquatableArray(), writes.ToEquatableArray(), IsPureHost(expression), primary);
        }

        /// <summary>Whether <paramref name="node"/> is an element of a buffer in <see cref="BuffersWrittenByCalls"/>.</summary>
        public bool IsWrittenByCalls(SyntaxNode node) =>
            BuffersWrittenByCalls.Count > 0 && node is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax buffer }
            && _model.GetSymbolInfo(buffer, _cancellationToken).Symbol is { } symbol && BuffersWrittenByCalls.Contains(symbol);

        /// <summary>The expression's text with each substituted node's text replaced by its value's, in parentheses.</summary>
        private static string WithSubstitutions(ExpressionSyntax expression, List<(SyntaxNode Node, Value Value)> substituted)
        {
            string text = expression.ToString();
            int start = expression.Span.Start;
            var built = new System.Text.StringBuilder();
            int done = 0;
            foreach ((SyntaxNode node, Value value) in substituted.OrderBy(s => s.Node.SpanStart))
            {
                built.Append(text, done, node.Span.Start - start - done).Append('(').Append(ValuePrinter.Print(value)).Append(')');
                done = node.Span.End - start;
            }

            return built.Append(text, done, text.Length - done).ToString();
        }

        /// <summary>The name of a local or parameter, or null for anything else.</summary>
        public string? LocalName(ExpressionSyntax expression) =>
            expression is IdentifierNameSyntax identifier && _model.GetSymbolInfo(identifier, _cancellationToken).Symbol is (ILocalSymbol { IsConst: false } or IParameterSymbol) and var symbol
                ? _nameOf(symbol)
                : null;

        /// <summary>The name of a local or parameter that holds a one-dimensional array or a span, or null.</summary>
        private string? BufferName(ExpressionSyntax expression)
        {
            if (expression is not IdentifierNameSyntax identifier)
            {
                return null;
            }

            ITypeSymbol? type = _model.GetSymbolInfo(identifier, _cancellationToken).Symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                _ => null,
            };
            bool isBuffer = type is IArrayTypeSymbol { Rank: 1 }
                            || type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
            return isBuffer ? _nameOf(_model.GetSymbolInfo(identifier, _cancellationToken).Symbol!) : null;
        }

        /// <summary>Whether an operator is one of C#'s own (a user-defined operator is a call: it stays a host value).</summary>
        private bool IsBuiltIn(ExpressionSyntax expression) =>
            _model.GetSymbolInfo(expression, _cancellationToken).Symbol is null or IMethodSymbol { MethodKind: MethodKind.BuiltinOperator };

        private static ValueOperator? BinaryOperatorOf(SyntaxKind kind) => kind switch
        {
            SyntaxKind.AddExpression => ValueOperator.Add,
            SyntaxKind.SubtractExpression => ValueOperator.Subtract,
            SyntaxKind.MultiplyExpression => ValueOperator.Multiply,
            SyntaxKind.DivideExpression => ValueOperator.Divide,
            SyntaxKind.ModuloExpression => ValueOperator.Remainder,
            SyntaxKind.LeftShiftExpression => ValueOperator.ShiftLeft,
            SyntaxKind.RightShiftExpression => ValueOperator.ShiftRight,
            SyntaxKind.UnsignedRightShiftExpression => ValueOperator.UnsignedShiftRight,
            SyntaxKind.LessThanExpression => ValueOperator.Less,
            SyntaxKind.LessThanOrEqualExpression => ValueOperator.LessOrEqual,
            SyntaxKind.GreaterThanExpression => ValueOperator.Greater,
            SyntaxKind.GreaterThanOrEqualExpression => ValueOperator.GreaterOrEqual,
            SyntaxKind.EqualsExpression => ValueOperator.Equal,
            SyntaxKind.NotEqualsExpression => ValueOperator.NotEqual,
            SyntaxKind.BitwiseAndExpression => ValueOperator.BitwiseAnd,
            SyntaxKind.BitwiseOrExpression => ValueOperator.BitwiseOr,
            SyntaxKind.ExclusiveOrExpression => ValueOperator.ExclusiveOr,
            SyntaxKind.LogicalAndExpression => ValueOperator.ConditionalAnd,
            SyntaxKind.LogicalOrExpression => ValueOperator.ConditionalOr,
            _ => null,
        };

        private static UpdateOperator? UpdateOperatorOf(SyntaxKind kind) => kind switch
        {
            SyntaxKind.SimpleAssignmentExpression => UpdateOperator.Assign,
            SyntaxKind.AddAssignmentExpression => UpdateOperator.Add,
            SyntaxKind.SubtractAssignmentExpression => UpdateOperator.Subtract,
            SyntaxKind.MultiplyAssignmentExpression => UpdateOperator.Multiply,
            SyntaxKind.DivideAssignmentExpression => UpdateOperator.Divide,
            SyntaxKind.ModuloAssignmentExpression => UpdateOperator.Remainder,
            SyntaxKind.AndAssignmentExpression => UpdateOperator.BitwiseAnd,
            SyntaxKind.OrAssignmentExpression => UpdateOperator.BitwiseOr,
            SyntaxKind.ExclusiveOrAssignmentExpression => UpdateOperator.ExclusiveOr,
            SyntaxKind.LeftShiftAssignmentExpression => UpdateOperator.ShiftLeft,
            SyntaxKind.RightShiftAssignmentExpression => UpdateOperator.ShiftRight,
            _ => null,
        };

        /// <summary>
        /// Whether host code can be evaluated twice with the same result and no effect: no calls
        /// other than the math classes, no assignments or increments, no object creation, no lambdas,
        /// no pointers and no pattern or out variables.
        /// </summary>
        public bool IsPureHost(ExpressionSyntax expression) => IsPureHost(expression, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

        private bool IsPureHost(ExpressionSyntax expression, HashSet<IMethodSymbol> following)
        {
            foreach (SyntaxNode node in expression.DescendantNodesAndSelf(descendIntoChildren: child => !Substitutions.ContainsKey(child)).Where(n => !Substitutions.ContainsKey(n)))
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case AssignmentExpressionSyntax:
                    case PostfixUnaryExpressionSyntax postfix when !postfix.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression)
                                                               || prefix.IsKind(SyntaxKind.AddressOfExpression) || prefix.IsKind(SyntaxKind.PointerIndirectionExpression):
                    case PointerTypeSyntax:
                    case ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax:
                    case SingleVariableDesignationSyntax:
                    case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword }:
                        return false;
                    case IdentifierNameSyntax or ElementAccessExpressionSyntax when ObjectStateFacts.GetterMayChange(node, _model, _cancellationToken):
                        // A getter that changes state (`c.NextGain`) is a call with an effect.
                        return false;
                    case InvocationExpressionSyntax invocation:
                        if (_model.GetSymbolInfo(invocation, _cancellationToken).Symbol is not IMethodSymbol called
                            || ((called.ContainingType?.ToDisplayString() ?? string.Empty) is not ("System.Math" or "System.MathF" or "double" or "float" or "int")
                                && !IsPureLocalFunction(called, following)))
                        {
                            return false;
                        }

                        break;
                }
            }

            return true;
        }

        /// <summary>The locals and parameters of the enclosing method a local function reads, also through the local functions it calls.</summary>
        public IEnumerable<ISymbol> CapturedReads(IMethodSymbol function) => CapturedReads(function, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

        private IEnumerable<ISymbol> CapturedReads(IMethodSymbol function, HashSet<IMethodSymbol> seen)
        {
            if (!seen.Add(function.OriginalDefinition))
            {
                yield break;
            }

            foreach (SyntaxReference reference in function.DeclaringSyntaxReferences)
            {
                SyntaxNode declaration = reference.GetSyntax(_cancellationToken);
                foreach (SyntaxNode node in declaration.DescendantNodes())
                {
                    ISymbol? symbol = node is IdentifierNameSyntax or InvocationExpressionSyntax ? _model.GetSymbolInfo(node, _cancellationToken).Symbol : null;
                    switch (symbol)
                    {
                        case ILocalSymbol { IsConst: false } local when !local.DeclaringSyntaxReferences.Any(r => declaration.Span.Contains(r.Span)):
                            yield return local;
                            break;
                        case IParameterSymbol parameter when !parameter.DeclaringSyntaxReferences.Any(r => declaration.Span.Contains(r.Span)):
                            yield return parameter;
                            break;
                        case IMethodSymbol { MethodKind: MethodKind.LocalFunction } inner when node is InvocationExpressionSyntax:
                            foreach (ISymbol captured in CapturedReads(inner, seen))
                            {
                                yield return captured;
                            }

                            break;
                    }
                }
            }
        }

        /// <summary>
        /// A local function that returns one pure expression (<c>int Wrap(int i) =&gt; (i + n) % n;</c>): its value is the
        /// same wherever it is evaluated with the same values of what it reads, which are its arguments and the locals it
        /// captures (counted as the call's reads).
        /// </summary>
        private bool IsPureLocalFunction(IMethodSymbol called, HashSet<IMethodSymbol> following)
        {
            if (called.MethodKind != MethodKind.LocalFunction || called.IsAsync || called.ReturnsVoid
                || called.Parameters.Any(p => p.RefKind != RefKind.None)
                || called.DeclaringSyntaxReferences.Length != 1
                || called.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not LocalFunctionStatementSyntax function)
            {
                return false;
            }

            ExpressionSyntax? value = function.ExpressionBody?.Expression
                ?? (function.Body is { Statements.Count: 1 } body && body.Statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null);
            if (value is null)
            {
                return false;
            }

            // Recursion is pure where the rest of the body is.
            if (!following.Add(called.OriginalDefinition))
            {
                return true;
            }

            foreach (IdentifierNameSyntax name in value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                // Locals and parameters of the method it captures are reads (CapturedReads), which it cannot write; a
                // field or a property could change under it.
                if (_model.GetSymbolInfo(name, _cancellationToken).Symbol is IFieldSymbol { IsConst: false, IsReadOnly: false } or IPropertySymbol or IEventSymbol)
                {
                    return false;
                }
            }

            return IsPureHost(value, following);
        }
    }
}
