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
        /// <summary>Parses an expression used as a floating-point value, including its implicit conversion.</summary>
        private Expr ParseValue(ExpressionSyntax expression)
        {
            TypeInfo info = _model.GetTypeInfo(expression, _cancellationToken);
            if (info.Type is null && info.ConvertedType is null)
            {
                _broken = true;
                return ValueExpr.Literal("0", ScalarKind.Double);
            }

            ScalarKind natural = SymbolFacts.KindOf(info.Type);
            ScalarKind converted = info.ConvertedType is null ? natural : SymbolFacts.KindOf(info.ConvertedType);
            if (_localFunctionArguments.Count > 0 && _localFunctionArguments.TryGetValue(expression, out Expr? argument))
            {
                // A parameter of a local function expanded where it is called: its argument's value.
                return SymbolFacts.IsFloating(converted) && converted != argument.Kind ? new ConvertExpr(argument, converted) : argument;
            }

            if (expression is ThrowExpressionSyntax thrown)
            {
                // The exception's own reads (nameof(x), a message built from x) carry no derivative: a throw gives no value.
                return new ThrowExpr(_values.Bind(thrown.Expression), converted);
            }

            if (!SymbolFacts.IsFloating(natural))
            {
                // An integer (or literal) used as a floating-point value is a constant.
                // A value of another type than an integer or a boolean (decimal, Half) may carry a differentiable input
                // on into a cast back to double, which has no derivative rule through it: checked as a constant too.
                ValueExpr constant = SymbolFacts.IsFloating(converted) || natural is not (ScalarKind.Integer or ScalarKind.Boolean)
                    ? ConstantOfDifferentiation(expression, natural)
                    : Opaque(expression, natural);
                return SymbolFacts.IsFloating(converted)
                    ? KeptObjectValue(constant with { Kind = converted }, expression, converted)
                    : constant with { Kind = natural };
            }

            Expr value = ParseNatural(expression, natural);
            return SymbolFacts.IsFloating(converted) && converted != natural ? new ConvertExpr(value, converted) : value;
        }

        private Expr ParseNatural(ExpressionSyntax expression, ScalarKind kind)
        {
            switch (expression)
            {
                case LiteralExpressionSyntax:
                    return ValueExpr.Literal(SyntaxText.Of(expression), kind);
                case DefaultExpressionSyntax:
                    // default(double): the constant 0, written as the user wrote it.
                    return ValueExpr.Literal(SyntaxText.Of(expression), kind);
                case ParenthesizedExpressionSyntax parenthesized:
                    return ParseValue(parenthesized.Expression);
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.UnaryMinusExpression):
                    return new NegateExpr(ParseValue(prefix.Operand), kind);
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.UnaryPlusExpression):
                    return ParseValue(prefix.Operand);
                case BinaryExpressionSyntax binary:
                    BinaryOp? op = binary.Kind() switch
                    {
                        SyntaxKind.AddExpression => BinaryOp.Add,
                        SyntaxKind.SubtractExpression => BinaryOp.Subtract,
                        SyntaxKind.MultiplyExpression => BinaryOp.Multiply,
                        SyntaxKind.DivideExpression => BinaryOp.Divide,
                        SyntaxKind.ModuloExpression => BinaryOp.Remainder,
                        _ => null,
                    };
                    if (binary.IsKind(SyntaxKind.CoalesceExpression))
                    {
                        // `offset ?? 0.0` over a double? parameter, which is a constant: so is the value, when neither side
                        // reads a differentiable one.
                        return DifferentiableRead(binary, null) is null
                            ? ConstantOfDifferentiation(binary, kind)
                            : Unsupported(binary, "'??' selects a differentiable value without a derivative rule here; write it as a conditional ('o.HasValue ? o.Value : …' for 'o ?? …')", kind);
                    }

                    if (op is null || _model.GetSymbolInfo(binary, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator })
                    {
                        return Unsupported(binary, "only +, -, *, / and % combine differentiable values (the '" + binary.OperatorToken.ValueText + "' operator has no derivative here)", kind);
                    }

                    return new BinaryExpr(op.Value, ParseValue(binary.Left), ParseValue(binary.Right), kind);
                case CastExpressionSyntax cast:
                {
                    Expr operand = ParseValue(cast.Expression);
                    if (operand is ValueExpr { Pure: false } drawn && !SymbolFacts.IsFloating(drawn.Kind) && SymbolFacts.IsFloating(kind))
                    {
                        // (double)rng.Next(5): an integer drawn from an object, held like a floating draw.
                        return KeptObjectValue(drawn with { Kind = kind }, cast, kind);
                    }

                    return operand.Kind != kind ? new ConvertExpr(operand, kind) : operand;
                }
                case IdentifierNameSyntax:
                case MemberAccessExpressionSyntax:
                    return ParseName(expression, kind);
                case ElementAccessExpressionSyntax access:
                    return ParseElementAccess(access, kind);
                case ConditionalExpressionSyntax conditional:
                    return new ConditionalExpr(Opaque(conditional.Condition, ScalarKind.Boolean), ParseValue(conditional.WhenTrue), ParseValue(conditional.WhenFalse), kind);
                case SwitchExpressionSyntax switchExpression:
                    return ParseSwitchExpression(switchExpression, kind);
                case InvocationExpressionSyntax invocation:
                    return ParseCall(invocation, kind);
                case CheckedExpressionSyntax checkedExpression:
                    return ParseValue(checkedExpression.Expression);
                case AnonymousFunctionExpressionSyntax:
                    Report(DiagnosticDescriptors.LambdaCarriesValue, expression, "lambda", DiagnosticDescriptors.LambdaWayOut);
                    return ValueExpr.Literal("0", kind);
                case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax
                    when expression.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression
                        or SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression || expression is AssignmentExpressionSyntax:
                    return HoistedWrite(expression, kind)
                        ?? Unsupported(expression, WrittenTarget(expression) is ElementAccessExpressionSyntax
                            ? "an increment or an assignment of an array element used as a value is differentiated only for an element of a float or double array or span held in a local or parameter, where it always runs, at an index without effects that does not read the array, nothing before it in the statement reads the array, and nothing else in the statement has an effect; do it in a statement of its own and read the element after it ('++t[0]; double s = t[0];' for 'double s = ++t[0];')"
                            : "an increment or an assignment of a float or double used as a value is differentiated only where it always runs, nothing before it in the statement reads the variable, nothing else in the statement has an effect, and the statement does not declare the variable; do it in a statement of its own and use the variable after it ('++y; s += c / y;' for 's += c / ++y;')", kind);
                default:
                    return Unsupported(expression, "this kind of expression has no derivative rule; compute it in a method that is not [Differentiable] and pass the result as a [NoDiff] value", kind);
            }
        }

        private Expr ParseName(ExpressionSyntax expression, ScalarKind kind)
        {
            ISymbol? symbol = _model.GetSymbolInfo(expression, _cancellationToken).Symbol;
            switch (symbol)
            {
                case ILocalSymbol or IParameterSymbol when expression is IdentifierNameSyntax identifier:
                    return new VarExpr(identifier.Identifier.ValueText, kind);
                case IFieldSymbol or IPropertySymbol:
                {
                    // Fields and properties are constants of the differentiation (DESIGN: fields are constants),
                    // unless they are read off a value that carries a differentiable input. A getter that changes state
                    // (`c.NextGain`) is held once before its statement, like a draw, so that it runs as often as written.
                    ValueExpr constant = ConstantOfDifferentiation(expression, kind);
                    return constant.Pure || symbol is IFieldSymbol ? constant : KeptObjectValue(constant, expression, kind);
                }
                case null:
                    _broken = true;
                    return ValueExpr.Literal("0", kind);
                default:
                    return Unsupported(expression, "this name does not denote a differentiable value", kind);
            }
        }

        /// <summary>
        /// An element of a container that is a constant of the differentiation (a field's array, a [NoDiff] matrix). An
        /// index with an effect (<c>W[--j]</c>) makes it a value with an effect of its own, computed once before its
        /// statement: the reverse sweep and the tangent evaluate factors again, which would repeat the effect.
        /// </summary>
        private Expr ConstantElement(ElementAccessExpressionSyntax access, ScalarKind kind)
        {
            int reported = _diagnostics.Count;
            ValueExpr constant = ConstantOfDifferentiation(access, kind);
            return constant.Pure || _diagnostics.Count > reported ? constant : KeptObjectValue(constant, access, kind);
        }

        private Expr ParseElementAccess(ElementAccessExpressionSyntax access, ScalarKind kind)
        {
            ISymbol? symbol = _model.GetSymbolInfo(access.Expression, _cancellationToken).Symbol;
            if (symbol is IFieldSymbol or IPropertySymbol)
            {
                // An element of a field's array (a vector or a matrix) is a constant, like the field itself.
                return ConstantElement(access, kind);
            }

            if (symbol is not (ILocalSymbol or IParameterSymbol) || access.Expression is not IdentifierNameSyntax name || access.ArgumentList.Arguments.Count != 1)
            {
                if (symbol is null)
                {
                    // An element of something that is not a name (`m[0][0]` of a jagged array, `Rows()[i]`) holds
                    // no differentiable buffer of this method: a constant, refused if it reads a differentiable value.
                    // Without a type, the code has a compile error of its own, which the compiler reports.
                    if (_model.GetTypeInfo(access.Expression, _cancellationToken).Type is { TypeKind: not TypeKind.Error })
                    {
                        return ConstantElement(access, kind);
                    }

                    _broken = true;
                    return ValueExpr.Literal("0", kind);
                }

                if (symbol is IParameterSymbol constantContainer && IsConstantParameter(constantContainer)
                    || symbol is ILocalSymbol constantLocal && IsConstantLocal(constantLocal))
                {
                    // A [NoDiff] matrix (double[,]) or other container, or a local matrix given only constants: its
                    // elements are constants, like a field's.
                    return ConstantElement(access, kind);
                }

                return Unsupported(access, access.ArgumentList.Arguments.Count > 1
                    ? symbol is ILocalSymbol
                        ? "only one-dimensional arrays and spans can be differentiated; store the matrix row by row in a double[] and index it as m[i * columns + j] (a local matrix given only constants is read as constants)"
                        : "only one-dimensional arrays and spans can be differentiated; store the matrix row by row in a double[] and index it as m[i * columns + j], or mark a parameter that holds constants [NoDiff]"
                    : "only one-dimensional arrays and spans held in a parameter or local can be indexed", kind);
            }

            ITypeSymbol type = symbol is ILocalSymbol local ? local.Type : ((IParameterSymbol)symbol).Type;
            (ParamShape shape, _) = SymbolFacts.ShapeOf(type);
            if (shape == ParamShape.Other || shape == ParamShape.Scalar)
            {
                if (symbol is IParameterSymbol constantContainer && IsConstantParameter(constantContainer)
                    || symbol is ILocalSymbol constantLocal && IsConstantLocal(constantLocal))
                {
                    // A [NoDiff] dictionary or list of coefficients, or a local one given only constants: constants, like a
                    // field's elements.
                    return ConstantElement(access, kind);
                }

                return Unsupported(access, "only arrays and spans of float or double can be indexed for differentiable values; mark a parameter that holds constants (a dictionary or list of coefficients) [NoDiff], or pass a double[]", kind);
            }

            ExpressionSyntax indexSyntax = access.ArgumentList.Arguments[0].Expression;
            // An index with side effects (`a[k++]`) is evaluated once, into a local: before its statement here when the
            // statement reads what it changes only after it (InSourceOrder), otherwise by CallArgumentLowering, unless
            // the statement also reads what it changes: then the order of the two matters.
            ValueExpr index = Opaque(indexSyntax, ScalarKind.Integer);
            if (!index.Pure && index.NaturalType.Length > 0 && InSourceOrder(indexSyntax, index.Writes))
            {
                // Evaluated before the statement, in C#'s order among the statement's other such indices, into a local
                // the element reads; what the rest of the statement reads of the counter is its value after them.
                string held = FreshName("i");
                _prelude!.Before.Add(InactiveStmt.Declare(index.Tree.Type, held, index.Tree));
                index = new ValueExpr(new NameValue(held, index.Tree.Type), ScalarKind.Integer);
            }
            else if (!index.Pure && ReadElsewhereInStatement(indexSyntax, index.Writes) is { } both)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, indexSyntax, indexSyntax.ToString(),
                    "an index that changes '" + both + "', which the statement also reads elsewhere; compute the index into a local first");
            }

            return new ElemExpr(name.Identifier.ValueText, index, kind);
        }

        /// <summary>
        /// The variables and buffers <paramref name="expression"/> may change: what it assigns or increments (an element
        /// changes its buffer), passes by <c>ref</c> or <c>out</c>, and gives a call that may write it.
        /// </summary>
        private EquatableArray<string> NamesChangedBy(ExpressionSyntax expression)
        {
            var changed = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (SyntaxNode node in expression.DescendantNodesAndSelf())
            {
                IEnumerable<ExpressionSyntax> places = node is InvocationExpressionSyntax call
                                                       && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function
                    ? CapturedWrites(function, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default))
                    : WrittenPlaces(node);
                foreach (ExpressionSyntax place in places)
                {
                    switch (WrittenRoot(place))
                    {
                        case IdentifierNameSyntax name:
                            changed.Add(name.Identifier.ValueText);
                            break;
                        case DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax declared }:
                            changed.Add(declared.Identifier.ValueText);
                            break;
                    }
                }
            }

            return changed.ToEquatableArray();
        }

        /// <summary>
        /// The places <paramref name="node"/> itself writes: an assignment's target (each of a tuple's), an increment's
        /// operand, a <c>ref</c> or <c>out</c> argument, and the arguments a call may write.
        /// </summary>
        private IEnumerable<ExpressionSyntax> WrittenPlaces(SyntaxNode node) => node switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left is TupleExpressionSyntax tuple ? tuple.Arguments.Select(a => a.Expression) : new[] { assignment.Left },
            PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) => new[] { prefix.Operand },
            PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression) => new[] { postfix.Operand },
            ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) => new[] { argument.Expression },
            InvocationExpressionSyntax call when HasEffect(call) => call.ArgumentList.Arguments.Where(a => !ArgumentOnlyRead(call, a)).Select(a => a.Expression),
            _ => System.Array.Empty<ExpressionSyntax>(),
        };

        /// <summary>The variable a written place belongs to: <c>x</c> of <c>x</c>, <c>x[i]</c>, <c>(x)</c> and <c>x.F</c>; a declaration (<c>out var k</c>) as it is.</summary>
        private static ExpressionSyntax WrittenRoot(ExpressionSyntax place)
        {
            while (place is ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or MemberAccessExpressionSyntax)
            {
                place = place switch
                {
                    ElementAccessExpressionSyntax element => element.Expression,
                    MemberAccessExpressionSyntax member => member.Expression,
                    _ => ((ParenthesizedExpressionSyntax)place).Expression,
                };
            }

            return place;
        }

        /// <summary>
        /// A local that <paramref name="part"/> writes and the rest of its statement reads, or null; a read inside a local
        /// function the statement calls counts (<c>int Cur() =&gt; k;</c>), and so does any call of a delegate, whose reads
        /// are not known.
        /// </summary>
        private string? ReadElsewhereInStatement(ExpressionSyntax part, EquatableArray<string> written)
        {
            // A method's expression body (`=> …`) is a statement of its own.
            if (written.Count == 0 || ((SyntaxNode?)part.FirstAncestorOrSelf<StatementSyntax>() ?? part.FirstAncestorOrSelf<ArrowExpressionClauseSyntax>()) is not { } statement)
            {
                return null;
            }

            // The declarators of one declaration run one after the other (`double re = x[i++], im = x[i++];`), as
            // declarations of their own would: only the declarator holding the part counts.
            if (statement is LocalDeclarationStatementSyntax { Declaration.Variables.Count: > 1 }
                && part.FirstAncestorOrSelf<VariableDeclaratorSyntax>() is { } declarator)
            {
                statement = declarator;
            }

            foreach (IdentifierNameSyntax identifier in statement.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (!part.Span.Contains(identifier.Span) && written.Contains(identifier.Identifier.ValueText) && !SeparatedByAConditional(part, identifier))
                {
                    return identifier.Identifier.ValueText;
                }
            }

            foreach (InvocationExpressionSyntax call in statement.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (part.Span.Contains(call.Span) || SeparatedByAConditional(part, call))
                {
                    continue;
                }

                switch (_model.GetSymbolInfo(call, _cancellationToken).Symbol)
                {
                    case IMethodSymbol { MethodKind: MethodKind.LocalFunction } function
                        when _values.CapturedReads(function).FirstOrDefault(read => written.Contains(read.Name)) is { } captured:
                        return captured.Name;
                    case IMethodSymbol { MethodKind: MethodKind.DelegateInvoke }:
                        return written[0];
                }
            }

            return null;
        }

        /// <summary>
        /// Whether an index with an effect can be evaluated before its statement, into a local of the statement's prelude,
        /// without changing what the statement reads: the statement is a plain one (an expression, a
        /// declaration, a return) with no construct that runs a part conditionally or later (<c>?:</c>, <c>&amp;&amp;</c>,
        /// <c>||</c>, <c>??</c>, a switch expression, a lambda, a call of a local function), so C# evaluates it from left
        /// to right; and every other mention of what the index changes is either in an index with an effect of its own,
        /// moved out before the statement in the same order, or comes after this index, so it reads the value the moved
        /// effect left, as C# defines (<c>s += a[k++] * a[k];</c>, <c>a[--j] * a[--j]</c>). A mention before it
        /// (<c>a[k] = a[k++] * q;</c>, whose target is evaluated first) keeps the refusal.
        /// </summary>
        private bool InSourceOrder(ExpressionSyntax index, EquatableArray<string> written)
        {
            // A method's expression body (`=> …`) is a statement of its own.
            SyntaxNode? statement = (SyntaxNode?)index.FirstAncestorOrSelf<StatementSyntax>() ?? index.FirstAncestorOrSelf<ArrowExpressionClauseSyntax>();
            // An expression body's prelude is kept for its expression.
            if (written.Count == 0 || _prelude is null || _prelude.Statement != (statement is ArrowExpressionClauseSyntax arrow ? arrow.Expression : statement)
                || statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax))
            {
                return false;
            }

            // The statement's own assignment happens last, but its target is evaluated first, by the assignment's own
            // lowering: an index inside the target, or a target that mentions what the index changes, keeps the old way.
            if (statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: var target } }
                && (target.Span.Contains(index.Span)
                    || target.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(name => written.Contains(name.Identifier.ValueText))))
            {
                return false;
            }

            // The prelude runs before the whole statement, so in a declaration of several variables an index moved there
            // would step the counter before the declarators ahead of it read it; those stay as the lowering runs them,
            // one declarator after the other.
            if (statement is LocalDeclarationStatementSyntax { Declaration.Variables.Count: > 1 })
            {
                return false;
            }

            foreach (SyntaxNode node in statement.DescendantNodes())
            {
                switch (node)
                {
                    case ConditionalExpressionSyntax or SwitchExpressionSyntax or AnonymousFunctionExpressionSyntax:
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression or (int)SyntaxKind.CoalesceExpression }:
                    case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression }:
                    case ConditionalAccessExpressionSyntax:
                    case InvocationExpressionSyntax call when _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.DelegateInvoke }:
                        return false;
                }
            }

            foreach (IdentifierNameSyntax mention in statement.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (!index.Span.Contains(mention.Span) && written.Contains(mention.Identifier.ValueText)
                    && mention.SpanStart < index.Span.End && !InIndexWithEffect(mention, statement))
                {
                    return false;
                }
            }

            // Moved first, the index must not see any other effect of the statement: only other such indices, and the
            // statement's own assignment, which happens last, may have one.
            return !statement.DescendantNodes().Any(other => !index.Span.Contains(other.Span) && !other.Span.Contains(index.Span)
                                                             && (HasEffect(other) || MayChangeAnObject(other)) && !InIndexWithEffect(other, statement));
        }

        /// <summary>Whether <paramref name="node"/> lies in the index of an element access, an index with an effect, inside <paramref name="scope"/>.</summary>
        private bool InIndexWithEffect(SyntaxNode node, SyntaxNode scope) =>
            node.AncestorsAndSelf().TakeWhile(a => a != scope).OfType<ElementAccessExpressionSyntax>()
                .Any(access => access.ArgumentList.Arguments.Count == 1 && access.ArgumentList.Arguments[0].Expression is var other
                               && other.Span.Contains(node.Span) && !HasNoEffect(other));

        /// <summary>
        /// Whether a conditional around <paramref name="part"/> orders the read: the read is in its condition,
        /// which runs first, or in its other branch, which does not run (<c>c ? d[k + 1] : d[k--]</c>). The
        /// conditional becomes an <c>if</c>, and the index with its effect is evaluated inside its branch.
        /// </summary>
        private static bool SeparatedByAConditional(SyntaxNode part, SyntaxNode read)
        {
            foreach (ConditionalExpressionSyntax conditional in part.Ancestors().OfType<ConditionalExpressionSyntax>())
            {
                ExpressionSyntax branch = conditional.WhenTrue.Span.Contains(part.Span) ? conditional.WhenTrue : conditional.WhenFalse;
                ExpressionSyntax other = branch == conditional.WhenTrue ? conditional.WhenFalse : conditional.WhenTrue;
                if (!branch.Span.Contains(part.Span))
                {
                    continue;
                }

                if (conditional.Condition.Span.Contains(read.Span) || other.Span.Contains(read.Span))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Binds an expression that is never differentiated (an integer, a condition, a constant) into a
        /// typed value, after checking it for constructs DiffGen must refuse even there.
        /// </summary>
        private ValueExpr Opaque(ExpressionSyntax expression, ScalarKind kind)
        {
            CheckInactiveValue(expression);
            return new ValueExpr(_values.Bind(expression), kind);
        }

        /// <summary>
        /// Verbatim code used as a floating-point value. It is a constant of the differentiation, so it
        /// must not read a differentiable input through a path DiffGen cannot see into (an object, a
        /// tuple, <c>dynamic</c>, a method without a derivative): that would be a silent zero (DIFF013).
        /// Paths through an integer or boolean (<c>(int)x</c>, <c>x &gt; 0</c>, <c>a.Length</c>) are fine.
        /// </summary>
        /// <param name="why">Why the code has no derivative rule, where there is more to say than that.</param>
        private ValueExpr ConstantOfDifferentiation(ExpressionSyntax expression, ScalarKind kind, string? why = null)
        {
            ValueExpr opaque = Opaque(expression, kind);
            if (DifferentiableRead(expression, null) is { } identifier)
            {
                if (RefusedMathCall(expression) is { } refused)
                {
                    // `Math.SinCos(x).Sin`: the math function the catalog refuses on purpose says why, and how to write it.
                    Report(DiagnosticDescriptors.NoDerivative, refused.Call, refused.Owner + "." + refused.Method.Name, refused.Owner, refused.Method.Name,
                        " (" + refused.Reason + ")", DiagnosticDescriptors.NoDerivativeWayOut(refused.Owner + "." + refused.Method.Name, refused.Owner, refused.Method.Name, inSource: false));
                    return opaque;
                }

                Report(DiagnosticDescriptors.UnsupportedExpression, expression, SyntaxText.Of(expression),
                    "it reads the differentiable value '" + identifier.Identifier.ValueText + "' through code with no derivative rule; "
                    + (why ?? _model.GetSymbolInfo(identifier, _cancellationToken).Symbol switch
                    {
                        ILocalSymbol local when MayBeConstantLocal(local.Type) => ContainerWayOut(local),
                        IParameterSymbol parameter when IsFloatingJagged(parameter.Type) => JaggedParameterWayOut(parameter),
                        _ => "compute it with float or double arithmetic, or pass it as a [NoDiff] value",
                    }));
            }
            else if (!opaque.Pure && ReadElsewhereInStatement(expression, NamesChangedBy(expression)) is { } changed)
            {
                // The generated code computes parts of the statement's value (partials, shared terms) before the
                // statement, so a read elsewhere in it would not see the change (`k++ + Math.Sin(k * x)`).
                Report(DiagnosticDescriptors.UnsupportedExpression, expression, SyntaxText.Of(expression),
                    "it changes '" + changed + "', which the statement also reads elsewhere; do it in a statement of its own first");
            }

            return opaque;
        }

        /// <summary>Whether <paramref name="lambda"/> is an argument of a LINQ method (<c>Enumerable.Range(0, n).Sum(i =&gt; …)</c>).</summary>
        private bool IsLinqArgument(AnonymousFunctionExpressionSyntax lambda) =>
            lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
            && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol method
            && (method.ReducedFrom ?? method).ContainingType?.ToDisplayString() == "System.Linq.Enumerable";

        /// <summary>A call in <paramref name="expression"/> of a math function the derivative catalog refuses on purpose, with the reason.</summary>
        private (InvocationExpressionSyntax Call, IMethodSymbol Method, string Owner, string Reason)? RefusedMathCall(ExpressionSyntax expression)
        {
            foreach (InvocationExpressionSyntax call in expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                if (_model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { ContainingType: { } type } method
                    && method.OriginalDefinition.DeclaringSyntaxReferences.Length == 0
                    && DerivativeTable.RefusalForKey(SymbolFacts.RegistrationKey(method)) is { } reason)
                {
                    return (call, method, type.Name, reason);
                }
            }

            return null;
        }

        /// <summary>
        /// The first name in <paramref name="expression"/> that may carry a differentiable input out of it, or
        /// null: a local or a differentiable parameter read other than through an integer or a boolean.
        /// </summary>
        /// <param name="constantLocals">
        /// The locals taken as constants; null for the method's constant locals (<see cref="IsConstantLocal"/>).
        /// </param>
        private IdentifierNameSyntax? DifferentiableRead(ExpressionSyntax expression, HashSet<ILocalSymbol>? constantLocals)
        {
            foreach (InvocationExpressionSyntax call in expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                // A local function carries what it reads of the method out of the call.
                if (_model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function
                    && SymbolFacts.KindOf(function.ReturnType) is not (ScalarKind.Integer or ScalarKind.Boolean)
                    && !PassesThroughConstant(call, expression)
                    && CapturedDifferentiableRead(function, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)) is { } captured)
                {
                    return captured;
                }
            }

            foreach (IdentifierNameSyntax identifier in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                ITypeSymbol? type = _model.GetSymbolInfo(identifier, _cancellationToken).Symbol switch
                {
                    // A local of your own class or struct given only constants (`HandModel model = data.Model;`) is one.
                    ILocalSymbol local when constantLocals?.Contains(local) ?? IsConstantLocal(local) => null,
                    ILocalSymbol local => local.Type,
                    // A lambda's parameter holds what the delegate is called with, and those arguments are checked where it
                    // is called: `Func<double, double> triple = v => v * 3;` is a constant until given a differentiable value.
                    IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } => null,
                    // A parameter of any other type than a differentiable one (your own class, a tuple) is a constant
                    // automatically: nothing of this method's inputs flows into it.
                    IParameterSymbol parameter when !IsConstantParameter(parameter) && SymbolFacts.ShapeOf(parameter.Type).Shape != ParamShape.Other => parameter.Type,
                    // So is a float or double jagged array not marked [NoDiff], which DiffGen does not differentiate: what it
                    // flows into (`var rows = m;`, `m[0].Sum()`) must not become a silent constant.
                    IParameterSymbol parameter when !IsConstantParameter(parameter) && IsFloatingJagged(parameter.Type) => parameter.Type,
                    _ => null,
                };
                if (type is null || SymbolFacts.KindOf(type) is ScalarKind.Integer or ScalarKind.Boolean || type.SpecialType == SpecialType.System_String)
                {
                    continue;
                }

                if (!PassesThroughConstant(identifier, expression))
                {
                    return identifier;
                }
            }

            return null;
        }

        /// <summary>
        /// The way out for a local of a type DiffGen does not differentiate (a jagged array, a tuple, an object) that was
        /// given a differentiable value: derivatives are followed through float and double locals, arrays and spans only.
        /// </summary>
        private static string ContainerWayOut(ILocalSymbol local) =>
            "'" + local.Name + "' is a " + local.Type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString()
            + " given differentiable values, and DiffGen follows derivatives only through float and double locals, arrays and spans; keep the values in a double[] of their own"
            + (local.Type is IArrayTypeSymbol { ElementType: IArrayTypeSymbol } ? " (one flat array read as a[i * columns + j], or one array per row)" : "");

        /// <summary>An array of arrays (of any depth) of float or double.</summary>
        private static bool IsFloatingJagged(ITypeSymbol type) =>
            type is IArrayTypeSymbol { ElementType: IArrayTypeSymbol inner }
            && (inner.ElementType.SpecialType is SpecialType.System_Double or SpecialType.System_Single || IsFloatingJagged(inner));

        private static string JaggedParameterWayOut(IParameterSymbol parameter) =>
            "'" + parameter.Name + "' is a " + parameter.Type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString()
            + ", which DiffGen does not differentiate; to differentiate it, pass it as one flat array read as " + parameter.Name
            + "[i * columns + j], or one array parameter per row; if it holds constants, mark it [NoDiff]";

        private bool IsConstantParameter(IParameterSymbol parameter) =>
            SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute) && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _method);

        /// <summary>Whether an expression between <paramref name="node"/> and <paramref name="root"/> is an integer or a boolean.</summary>
        private bool PassesThroughConstant(SyntaxNode node, SyntaxNode root)
        {
            for (SyntaxNode? current = node; current is not null; current = current.Parent)
            {
                if (current is ExpressionSyntax expression && current != node)
                {
                    ScalarKind kind = SymbolFacts.KindOf(_model.GetTypeInfo(expression, _cancellationToken).Type);
                    if (kind is ScalarKind.Integer or ScalarKind.Boolean)
                    {
                        return true;
                    }
                }

                if (current == root)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>
        /// Checks code that is never differentiated; returns whether it is pure (<see cref="ValueBinder.IsPureHost"/>). Reports lambdas carrying floating values
        /// (DIFF003), writes to fields (DIFF005) and unsafe code (DIFF012).
        /// </summary>
        private bool CheckInactiveValue(ExpressionSyntax expression)
        {
            // A write moved before the statement (ValueBinder.Substitutions) was parsed as a statement of its own.
            // Inside a lambda refused for what it captures, every write would only repeat that error.
            List<AnonymousFunctionExpressionSyntax>? refusedLambdas = null;
            foreach (SyntaxNode node in expression.DescendantNodesAndSelf(descendIntoChildren: child => !_values.Substitutions.ContainsKey(child)).Where(n => !_values.Substitutions.ContainsKey(n)))
            {
                if (refusedLambdas is not null && refusedLambdas.Exists(lambda => lambda.Span.Contains(node.Span)))
                {
                    continue;
                }

                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        if (CapturesFloatingValue(lambda))
                        {
                            Report(DiagnosticDescriptors.LambdaCarriesValue, lambda, lambda is AnonymousMethodExpressionSyntax ? "anonymous method" : "lambda",
                                IsLinqArgument(lambda) ? DiagnosticDescriptors.LinqLambdaWayOut : DiagnosticDescriptors.LambdaWayOut);
                            (refusedLambdas ??= new List<AnonymousFunctionExpressionSyntax>()).Add(lambda);
                        }

                        break;
                    case IdentifierNameSyntax named when named.Parent is not InvocationExpressionSyntax
                                                          && _model.GetSymbolInfo(named, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function
                                                          && (CapturedDifferentiableRead(function, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)) is not null
                                                              || CapturedWrite(function, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)) is not null):
                        // A local function made a delegate carries what it reads and writes of the method out of sight.
                        Report(DiagnosticDescriptors.LambdaCarriesValue, named, "local function used as a delegate", DiagnosticDescriptors.LambdaWayOut);
                        break;
                    case InvocationExpressionSyntax invocation:
                        if (_model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } local
                            && CapturedWrite(local, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)) is { } written)
                        {
                            Report(DiagnosticDescriptors.UnsupportedExpression, invocation, SyntaxText.Of(invocation),
                                "the local function '" + local.Name + "' writes '" + written.Identifier.ValueText + "' of the method, and what a local function writes is not differentiated; write that code in the method itself, or as a [Differentiable] method");
                        }

                        if (_model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol called)
                        {
                            // `set.Add(new P(x[1]))`, `int n = Register(p)`: a call that may keep a differentiable value
                            // where a later read takes it for a constant; a local function's calls run where it is called.
                            if (called.MethodKind == MethodKind.LocalFunction)
                            {
                                RefuseKeepingInLocalFunction(called, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
                            }
                            else
                            {
                                RefusedKeepingCall(invocation, called);
                            }

                            // Here the call only runs forward: its writes would never be differentiated.
                            if (SymbolFacts.HasAttribute(called.OriginalDefinition, SymbolFacts.DifferentiableAttribute)
                                && SymbolFacts.WritesBufferParameters(called.OriginalDefinition, _model.Model.Compilation))
                            {
                                // A callee that returns another type is refused at its declaration: say so, not where the call sits.
                                Report(DiagnosticDescriptors.UnsupportedExpression, invocation, invocation.ToString(),
                                    SymbolFacts.KindOf(called.ReturnType) is ScalarKind.Double or ScalarKind.Float or ScalarKind.Void
                                        ? "'" + called.Name + "' writes its buffers, and a call inside a condition, an index or a bound is never differentiated; call it in its own statement, keep its result in a local, and test that"
                                        : "'" + called.Name + "' writes its buffers but returns '" + called.ReturnType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)
                                          + "', which a [Differentiable] method cannot (DIFF007 at its declaration), so it has no pullback; make it return void and write that result into a [NoDiff] array parameter, or return it as a double");
                            }
                        }

                        break;
                    case BaseObjectCreationExpressionSyntax creation:
                        RefuseCreationKeeping(creation);
                        break;
                    case AssignmentExpressionSyntax assignment:
                        if (IsInitializerEntry(assignment.Left))
                        {
                            // `new P { V = x[0] }`, `new Dictionary<string, double> { ["a"] = a }`: a differentiable value
                            // stored into an object would read back as a constant.
                            if (assignment.Left is IdentifierNameSyntax member)
                            {
                                if (DifferentiableRead(assignment.Right, null) is { } stored)
                                {
                                    Report(DiagnosticDescriptors.UnsupportedExpression, assignment.Right, SyntaxText.Of(assignment.Right),
                                        "it stores the differentiable value '" + stored.Identifier.ValueText + "' into the field or property '" + member.Identifier.ValueText
                                        + "' of a new object, and DiffGen follows derivatives only through float and double locals, arrays and spans, so reading it back would give a constant; keep the value in a local of its own");
                                }
                            }
                            else
                            {
                                RefuseDifferentiableStore(assignment.Left, assignment.Right);
                            }
                        }
                        else if (WritesState(assignment.Left))
                        {
                            ReportStateWrite(assignment.Left);
                        }
                        else if (IsFloatingTarget(assignment.Left)
                            || (assignment.Left is TupleExpressionSyntax tuple && tuple.DescendantNodes().OfType<ExpressionSyntax>().Any(IsFloatingTarget)))
                        {
                            // ((a, b) = (x[0], x[1])).a > 0 writes a and b as a = x[0] would.
                            ReportFloatingWriteInValue(assignment);
                        }
                        else if (IsElementOfConstantContainer(assignment.Left))
                        {
                            // `m[0] = theta;` as a statement is host code too, and comes here.
                            RefuseDifferentiableStore(assignment.Left, assignment.Right);
                        }

                        break;
                    case PostfixUnaryExpressionSyntax postfix when !postfix.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                        if (WritesState(postfix.Operand))
                        {
                            ReportStateWrite(postfix.Operand);
                        }
                        else if (IsFloatingTarget(postfix.Operand))
                        {
                            ReportFloatingWriteInValue(postfix);
                        }

                        break;
                    case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                        if (WritesState(prefix.Operand))
                        {
                            ReportStateWrite(prefix.Operand);
                        }
                        else if (IsFloatingTarget(prefix.Operand))
                        {
                            ReportFloatingWriteInValue(prefix);
                        }

                        break;
                    case PointerTypeSyntax:
                        Report(DiagnosticDescriptors.UnsafeCode, LocationInfo.From(node));
                        break;
                    case PrefixUnaryExpressionSyntax pointer when pointer.IsKind(SyntaxKind.AddressOfExpression) || pointer.IsKind(SyntaxKind.PointerIndirectionExpression):
                        Report(DiagnosticDescriptors.UnsafeCode, LocationInfo.From(pointer));
                        break;
                    case SingleVariableDesignationSyntax designation
                        when _model.GetDeclaredSymbol(designation, _cancellationToken) is ILocalSymbol declared && SymbolFacts.ShapeOf(declared.Type).Shape != ParamShape.Other
                             && !BindsConstant(designation):
                        Report(DiagnosticDescriptors.UnsupportedExpression, designation, designation.Identifier.ValueText,
                            "pattern and out variables cannot carry differentiable values; declare the local and assign it with '='");
                        break;
                    case ArgumentSyntax { Expression: IdentifierNameSyntax passed } argument
                        when argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword):
                        // `d.TryGetValue(k, out w)` into a float or double local the method already has: a write the IR does not
                        // see, after which the local would keep the derivative of what it held before.
                        if (_model.GetSymbolInfo(passed, _cancellationToken).Symbol is ILocalSymbol or IParameterSymbol
                            && SymbolFacts.ShapeOf(_model.GetTypeInfo(passed, _cancellationToken).Type).Shape == ParamShape.Scalar
                            && SymbolFacts.IsFloating(SymbolFacts.KindOf(_model.GetTypeInfo(passed, _cancellationToken).Type)))
                        {
                            Report(DiagnosticDescriptors.UnsupportedExpression, passed, passed.Identifier.ValueText,
                                "a call without a derivative writes the float or double '" + passed.Identifier.ValueText + "' through 'out' or 'ref', which DiffGen does not follow; give it a new local ('out double v') that nothing else assigns, or assign '"
                                + passed.Identifier.ValueText + "' with '=' from that local");
                        }

                        break;
                }
            }

            return _values.IsPureHost(expression);
        }

        /// <summary>
        /// Whether a pattern's variable binds a constant: <c>optional is double y</c> with <c>optional</c> a <c>double?</c>
        /// parameter, a [NoDiff] one or a field, where nothing differentiable is read by the value matched.
        /// </summary>
        private bool BindsConstant(SingleVariableDesignationSyntax designation) =>
            designation.Parent switch
            {
                DeclarationPatternSyntax { Parent: IsPatternExpressionSyntax matched } => DifferentiableRead(matched.Expression, null) is null,
                // `table.TryGetValue(key, out double w)` on a [NoDiff] table, `double.TryParse(text, out double v)`: a call that
                // reads no differentiable value gives out only constants.
                DeclarationExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } argument }
                    when argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) => IsConstantOut(call, designation),
                _ => false,
            };

        /// <summary>
        /// Whether the <c>out</c> variable <paramref name="designation"/> of <paramref name="call"/> holds a constant: the call
        /// reads no differentiable value (not through a local function, whose captures DiffGen cannot weigh here, a lambda,
        /// or an object local given differentiable values), and nothing else writes the variable, whose tangent the forward
        /// companions would otherwise need from where the call declares it.
        /// </summary>
        private bool IsConstantOut(InvocationExpressionSyntax call, SingleVariableDesignationSyntax designation)
        {
            if (_model.GetSymbolInfo(call, _cancellationToken).Symbol is not IMethodSymbol { MethodKind: not MethodKind.LocalFunction }
                || call.DescendantNodes().Any(node => node is AnonymousFunctionExpressionSyntax)
                || DifferentiableRead(call, null) is not null)
            {
                return false;
            }

            foreach (IdentifierNameSyntax read in call.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (_model.GetSymbolInfo(read, _cancellationToken).Symbol is ILocalSymbol { Type: var type } local && MayBeConstantLocal(type) && !IsConstantLocal(local))
                {
                    return false;
                }
            }

            ISymbol? declared = _model.GetDeclaredSymbol(designation, _cancellationToken);
            return declared is not null && _syntax is not null && !_syntax.DescendantNodes().Any(node =>
                (node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                    PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => postfix.Operand,
                    ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.OutKeyword or (int)SyntaxKind.RefKeyword } byReference => byReference.Expression,
                    _ => null,
                }) is IdentifierNameSyntax target
                && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(target, _cancellationToken).Symbol, declared));
        }

        /// <summary>Whether <paramref name="target"/> is a float or double local or parameter, or an element of a float or double buffer.</summary>
        private bool IsFloatingTarget(ExpressionSyntax target)
        {
            ExpressionSyntax holder = target is ElementAccessExpressionSyntax access ? access.Expression : target;
            ITypeSymbol? type = _model.GetSymbolInfo(holder, _cancellationToken).Symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                _ => null,
            };
            if (type is null)
            {
                return false;
            }

            ParamShape shape = SymbolFacts.ShapeOf(type).Shape;
            return target is ElementAccessExpressionSyntax ? shape is ParamShape.Array or ParamShape.Span : shape == ParamShape.Scalar;
        }

        /// <summary>
        /// A float or double written inside code that is never differentiated (a condition, an index, a bound,
        /// a switch's value): the write would be replayed without its derivative, a silent zero. Refused.
        /// </summary>
        /// <summary>
        /// Whether writing <paramref name="target"/> changes state outside the method: a field or a property, but not an
        /// element of a span the method holds in a local or a parameter (<c>perm[i] = k</c> on a <c>Span&lt;int&gt;</c>
        /// from <c>stackalloc</c>), which the compiler binds to the span's indexer.
        /// </summary>
        private bool WritesState(ExpressionSyntax target)
        {
            ISymbol? symbol = _model.GetSymbolInfo(target, _cancellationToken).Symbol;
            if (symbol is IPropertySymbol { IsIndexer: true } indexer
                && indexer.ContainingType?.OriginalDefinition.ToDisplayString() is "System.Span<T>"
                && target is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver }
                && _model.GetSymbolInfo(receiver, _cancellationToken).Symbol is ILocalSymbol or IParameterSymbol)
            {
                return false;
            }

            // `d["a"] = 1.0`, `idx[1] = 1` on a collection the method made itself, and the entries of an object or collection
            // initializer (`new P { V = 2 }`, `new Dictionary<string, double> { ["a"] = c }`): the method's own object, not
            // state outside it. What they are given is checked as a store into a container (RefuseDifferentiableStore).
            if (IsInitializerEntry(target)
                || (symbol is IPropertySymbol { IsIndexer: true } && target is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax collection }
                    && _model.GetSymbolInfo(collection, _cancellationToken).Symbol is ILocalSymbol made && HoldsOnlyObjectsMadeHere(made)))
            {
                return false;
            }

            return symbol is IFieldSymbol or IPropertySymbol;
        }

        /// <summary>Whether <paramref name="target"/> is what an entry of an object or collection initializer assigns.</summary>
        private static bool IsInitializerEntry(ExpressionSyntax target) =>
            target.Parent is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } entry && entry.Left == target;

        /// <summary>
        /// Whether every value <paramref name="local"/> is given is an object created where it is given (<c>new
        /// List&lt;int&gt; { 0, 0 }</c>, <c>new()</c>): then it holds no object shared with the caller.
        /// </summary>
        private bool HoldsOnlyObjectsMadeHere(ILocalSymbol local)
        {
            if (_syntax is null || local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax })
            {
                return false;
            }

            foreach (IdentifierNameSyntax name in _syntax.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText == local.Name
                    && (name.Parent is AssignmentExpressionSyntax assignment && assignment.Left == name && assignment.Right is not BaseObjectCreationExpressionSyntax
                        || name.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 })
                    && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(name, _cancellationToken).Symbol, local))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>What an increment or an assignment writes, without its parentheses.</summary>
        private static ExpressionSyntax? WrittenTarget(ExpressionSyntax write)
        {
            ExpressionSyntax? target = write switch
            {
                PrefixUnaryExpressionSyntax prefix => prefix.Operand,
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                AssignmentExpressionSyntax assignment => assignment.Left,
                _ => null,
            };
            while (target is ParenthesizedExpressionSyntax parenthesized)
            {
                target = parenthesized.Expression;
            }

            return target;
        }

        private void ReportFloatingWriteInValue(ExpressionSyntax write) =>
            Report(DiagnosticDescriptors.UnsupportedExpression, write, write.ToString(),
                "a float or double assigned inside a condition, an index, a bound or a switch's value is never differentiated there; assign it in a statement of its own first, then test the variable");

        private bool CapturesFloatingValue(AnonymousFunctionExpressionSyntax lambda)
        {
            DataFlowAnalysis? flow = _model.AnalyzeDataFlow(lambda);
            if (flow is null || !flow.Succeeded)
            {
                return true;
            }

            foreach (ISymbol captured in flow.CapturedInside.Concat(flow.ReadInside))
            {
                ITypeSymbol? type = captured switch
                {
                    ILocalSymbol local => local.Type,
                    // A [NoDiff] parameter is a constant wherever it is read.
                    IParameterSymbol parameter when IsConstantParameter(parameter) => null,
                    IParameterSymbol parameter when !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _model.GetSymbolInfo(lambda, _cancellationToken).Symbol) => parameter.Type,
                    _ => null,
                };
                if (type is not null && SymbolFacts.ShapeOf(type).Shape != ParamShape.Other)
                {
                    return true;
                }
            }

            return false;
        }

        private Expr Unsupported(SyntaxNode node, string why, ScalarKind kind)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, node, SyntaxText.Of(node), why);
            return ValueExpr.Literal("0", kind);
        }
    }
}
