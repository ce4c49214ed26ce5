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
        private Expr ParseCall(InvocationExpressionSyntax invocation, ScalarKind kind)
        {
            if (_model.GetSymbolInfo(invocation, _cancellationToken).Symbol is not IMethodSymbol method)
            {
                _broken = true;
                return ValueExpr.Literal("0", kind);
            }

            string owner = method.ContainingType?.ToDisplayString() ?? string.Empty;
            if (_kernel && owner == SymbolFacts.XMath)
            {
                // ILGPU code calls XMath.Exp(x) where other code calls MathF.Exp(x): the same function, the same rule.
                owner = SymbolFacts.KindOf(method.ReturnType) == ScalarKind.Float ? "System.MathF" : "System.Math";
            }

            SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
            if (owner == "System.Convert" && method.Name is "ToDouble" or "ToSingle" && arguments.Count == 1 && method.Parameters.Length == 1
                && SymbolFacts.IsFloating(SymbolFacts.KindOf(method.Parameters[0].Type)))
            {
                // Convert.ToDouble(x) and Convert.ToSingle(x) of a float or double are the casts (double)x and (float)x.
                Expr operand = ParseValue(arguments[0].Expression);
                return operand.Kind != kind ? new ConvertExpr(operand, kind) : operand;
            }

            DerivativeRule? rule = DerivativeTable.Find(owner, method.Name, method.Parameters.Length);
            if (rule is not null && arguments.Count == method.Parameters.Length && InParameterOrder(method, arguments) is { } ordered)
            {
                if (rule.IsPiecewiseConstant)
                {
                    // Floor, Round, …: a documented zero derivative, so reading x here is fine.
                    return Opaque(invocation, kind);
                }

                var args = new List<Expr>();
                for (int i = 0; i < ordered.Length; i++)
                {
                    ScalarKind parameterKind = SymbolFacts.KindOf(method.Parameters[i].Type);
                    args.Add(SymbolFacts.IsFloating(parameterKind) ? ParseValue(ordered[i]) : Opaque(ordered[i], parameterKind));
                }

                return new IntrinsicCallExpr(rule.Key, DerivativeTable.CanonicalOwner(owner), args.ToEquatableArray(), kind);
            }

            if (LinqReduction(invocation, method, kind) is { } sum)
            {
                return sum;
            }

            if (method.MethodKind == MethodKind.LocalFunction)
            {
                // A local function that returns one expression is differentiated where it is called. Any other has no
                // derivative: its value is a constant of the differentiation, refused (DIFF013) where it would read a
                // differentiable value, with the reason it was not expanded.
                if (ExpandedLocalFunction(invocation, method, out string? notExpanded) is { } expanded)
                {
                    return expanded;
                }

                // What the function reads of the method counts as read here (DifferentiableRead), so a call whose
                // arguments carry nothing differentiable is refused too where the function captures a differentiable value.
                return ConstantOfDifferentiation(invocation, kind, notExpanded);
            }

            if (RefusedCompanionCall(invocation, method))
            {
                return ValueExpr.Literal("0", kind);
            }

            int reported = _diagnostics.Count;
            UserCallExpr? call = ParseUserCall(invocation, method, kind);
            if (call is null && _diagnostics.Count > reported)
            {
                // The call was refused with its own error; reading it as a constant would only add noise.
                return ValueExpr.Literal("0", kind);
            }

            if (call is not null)
            {
                // A method without a derivative given a buffer it may write runs before its statement's other parts: a
                // read of that buffer elsewhere in the statement would see the write where C# does not, or the reverse.
                if (!SymbolFacts.HasAttribute(method.OriginalDefinition, SymbolFacts.DifferentiableAttribute) && HasEffect(invocation)
                    && ReadElsewhereInStatement(invocation, NamesChangedBy(invocation)) is { } changed)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, invocation, SyntaxText.Of(invocation),
                        "it may change '" + changed + "', which the statement also reads elsewhere; call it in a statement of its own first");
                }

                return call;
            }

            if (RefusedKeepingCall(invocation, method))
            {
                return ValueExpr.Literal("0", kind);
            }

            // A call refused for reading a differentiable value needs no second error about where it is drawn.
            ValueExpr constant = ConstantOfDifferentiation(invocation, kind,
                method.ContainingType?.ToDisplayString() == "System.Linq.Enumerable"
                    ? "LINQ's methods (Select, Aggregate, OrderBy, …; Sum, Average, Max and Min only of a float or double array held in a local or parameter, and Sum and Average of Enumerable.Range over its indices, with no selector or one that only computes a value, where they always run, in a statement with no other effect) have no derivative rule; write the loop instead ('double s = 0; foreach (double v in x) s += v * v;')"
                    : null);
            return _diagnostics.Count > reported ? constant : KeptObjectValue(constant, invocation, kind);
        }

        /// <summary>
        /// <c>x.Sum()</c> (or <c>Enumerable.Sum(x)</c>), <c>x.Average()</c> (the sum divided by the count, after the check
        /// for no elements that LINQ makes), and <c>x.Sum(v =&gt; e)</c> with a selector that only computes a
        /// value (arithmetic, reads, <c>Math</c> functions), of a float or double array held in a local or parameter: the
        /// loop LINQ runs, moved before the statement, into a fresh local that the value reads; the selector's expression is
        /// differentiated in the loop with each element in place of its parameter, as a local function's is where it is
        /// called. Enumerable.Sum adds in order, a float sum in a double, so the sum is the same number. It moves only where
        /// it always runs (not in a branch of <c>?:</c> or a switch arm, where a null array must not be read) and nothing
        /// else in the statement has an effect that it could see or that could see it.
        /// </summary>
        private Expr? LinqReduction(InvocationExpressionSyntax invocation, IMethodSymbol method, ScalarKind kind)
        {
            IMethodSymbol definition = method.ReducedFrom ?? method;
            if (_prelude is null || _kernel || method.Name is not ("Sum" or "Average" or "Max" or "Min") || method.ContainingType?.ToDisplayString() != "System.Linq.Enumerable"
                || definition.Parameters.Length is not (1 or 2) || !SymbolFacts.IsFloating(SymbolFacts.KindOf(method.ReturnType)))
            {
                return null;
            }

            // The source and the selector, however the call is written.
            var given = new List<ExpressionSyntax>();
            if (method.ReducedFrom is not null && invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver })
            {
                given.Add(receiver);
            }

            given.AddRange(invocation.ArgumentList.Arguments.Select(a => a.Expression));
            if (given.Count != definition.Parameters.Length || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null || a.RefKindKeyword.RawKind != 0))
            {
                return null;
            }

            // `x.Select(v => e).Sum()` is `x.Sum(v => e)`.
            if (given.Count == 1 && given[0] is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Select", Expression: var selectedFrom }, ArgumentList.Arguments: { Count: 1 } selectArguments } select
                && selectArguments[0] is { NameColon: null, RefKindKeyword.RawKind: 0, Expression: AnonymousFunctionExpressionSyntax projection }
                && _model.GetSymbolInfo(select, _cancellationToken).Symbol is IMethodSymbol { ReducedFrom: { } selectDefinition }
                && selectDefinition.ContainingType?.ToDisplayString() == "System.Linq.Enumerable"
                && selectDefinition.Parameters[1].Type is INamedTypeSymbol { TypeArguments.Length: 2 })
            {
                given = new List<ExpressionSyntax> { selectedFrom, projection };
            }

            if (given.Count == 2 && method.Name is "Sum" or "Average" && RangeOf(given[0]) is var (rangeStart, rangeCount))
            {
                return RangeReduction(invocation, rangeStart, rangeCount, given[1], method.Name == "Average", kind);
            }

            if (given[0] is not IdentifierNameSyntax name
                || _model.GetSymbolInfo(name, _cancellationToken).Symbol is not (ILocalSymbol or IParameterSymbol)
                || SymbolFacts.ShapeOf(_model.GetTypeInfo(name, _cancellationToken).Type) is not { Shape: ParamShape.Array } buffer
                || buffer.Element != SymbolFacts.KindOf(method.ReturnType))
            {
                return null;
            }

            // A selector of one parameter whose expression means the same however often and wherever it is computed.
            ExpressionSyntax? selected = null;
            IParameterSymbol? element = null;
            (DerivativeRule Rule, string Owner, ScalarKind Kind)? group = null;
            if (given.Count == 2 && given[1] is not AnonymousFunctionExpressionSyntax)
            {
                // A method group of a Math function (`x.Sum(Math.Sqrt)`): the function of each element.
                group = MathFunctionGroup(given[1], buffer.Element);
                if (group is null)
                {
                    return null;
                }

                if (group.Value.Rule.IsPiecewiseConstant)
                {
                    // A sum of Floor, Round, … of the elements is piecewise constant too: the documented zero derivative of
                    // `Math.Floor(x)` itself, so the call is a constant of the differentiation, computed where it stands
                    // (in a branch too: nothing is computed ahead of the statement).
                    return Opaque(invocation, kind);
                }
            }
            else if (given.Count == 2)
            {
                // A selector of two parameters (the element and its index) has no expression of the element alone.
                if (OneParameterSelector(given[1]) is not var (parameter, expression)
                    || _model.Model.GetDeclaredSymbol(parameter, _cancellationToken) is not IParameterSymbol declared
                    || SymbolFacts.KindOf(declared.Type) != buffer.Element
                    || expression.DescendantNodesAndSelf().Any(WritesOrDeclares) || !IsSubstitutable(expression))
                {
                    return null;
                }

                selected = expression;
                element = declared;
            }

            if (!MayRunBeforeItsStatement(invocation))
            {
                return null;
            }

            string array = name.Identifier.ValueText;
            string selectedText = selected is null ? (group is null ? array + "[…]" : SyntaxText.Of(given[1]) + "(" + array + "[…])") : SyntaxText.Of(selected);
            if (method.Name is "Max" or "Min")
            {
                return Extremum(array, buffer.Element, method.Name == "Max", kind, Each, selectedText);
            }

            bool average = method.Name == "Average";
            if (average)
            {
                // Enumerable.Average of no elements throws, where the sum divided by the count would be NaN.
                _prelude.Before.Add(InactiveStmt.Evaluate(new HostValue(
                    "_ = " + array + ".Length == 0 ? throw new global::System.InvalidOperationException(\"Sequence contains no elements\") : 0",
                    IrType.Int32, new[] { array }.ToEquatableArray(), EquatableArray<string>.Empty, Pure: false, Primary: false)));
            }

            string sum = FreshName("sum");
            _prelude.Before.Add(new AssignStmt(new LocalTarget(sum, ScalarKind.Double, "double"), ValueExpr.Literal("0", ScalarKind.Double), sum + " = 0"));
            _prelude.Before.Add(ElementLoop(new LengthValue(array), index => Each(index, value => new[] { Accumulation(sum, value, selectedText) })));
            return SumResult(sum, average ? new LengthValue(array) : null, buffer.Element, kind);

            // The statements that compute the (selected) value of the element at `index` and hand it to `use`.
            Stmt[] Each(Value index, System.Func<Expr, Stmt[]> use)
            {
                var read = new ElemExpr(array, new ValueExpr(index, ScalarKind.Integer), buffer.Element);
                if (group is { } function)
                {
                    return use(new IntrinsicCallExpr(function.Rule.Key, function.Owner, new Expr[] { read }.ToEquatableArray(), function.Kind));
                }

                return selected is null
                    ? use(read)
                    : WithPrelude(selected, () => use(ParseWithParameter(selected, element!, read, new ElementValue(array, index, SymbolFacts.IrTypeOf(element!.Type))))).ToArray();
            }
        }

        /// <summary>
        /// Whether a reduction's loop may run before the statement that holds <paramref name="invocation"/>: the call always
        /// runs (not in a branch of <c>?:</c> or a switch arm), nothing else in the statement has an effect it could see or
        /// that could see it, and it reads nothing the statement declares (<c>double a = x[0], s = x.Sum(v =&gt; v * a);</c>).
        /// </summary>
        private bool MayRunBeforeItsStatement(InvocationExpressionSyntax invocation)
        {
            if (!AlwaysEvaluated(invocation)
                || _prelude!.Statement.DescendantNodes().Any(other => !invocation.Span.Contains(other.Span) && !other.Span.Contains(invocation.Span)
                    && (HasEffect(other) || MayChangeAnObject(other))))
            {
                return false;
            }

            var declaredHere = new HashSet<ISymbol>(_prelude.Statement.DescendantNodesAndSelf().OfType<VariableDeclaratorSyntax>()
                .Select(declarator => _model.Model.GetDeclaredSymbol(declarator, _cancellationToken)).OfType<ISymbol>(), SymbolEqualityComparer.Default);
            return declaredHere.Count == 0 || !invocation.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
                .Any(id => _model.GetSymbolInfo(id, _cancellationToken).Symbol is { } read && declaredHere.Contains(read));
        }

        /// <summary>The start and count of <c>Enumerable.Range(start, count)</c>, or null for any other expression.</summary>
        private (ExpressionSyntax Start, ExpressionSyntax Count)? RangeOf(ExpressionSyntax source) =>
            source is InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 2 } arguments } range
            && arguments.All(a => a.NameColon is null && a.RefKindKeyword.RawKind == 0)
            && _model.GetSymbolInfo(range, _cancellationToken).Symbol is IMethodSymbol { Name: "Range", ContainingType: { } owner }
            && owner.ToDisplayString() == "System.Linq.Enumerable"
                ? (arguments[0].Expression, arguments[1].Expression)
                : null;

        /// <summary>
        /// <c>Enumerable.Range(start, count).Sum(i => e)</c> (or <c>Average</c>, or <c>.Select(i => e).Sum()</c>), the sum of
        /// a selector over indices, as C# writes a sum without a loop: the loop LINQ runs, before the statement, under the same
        /// conditions as a sum over an array (<see cref="LinqReduction"/>), with the index in place of the selector's
        /// parameter. The start and count are read once, before the loop, as <c>Range</c> reads them, and a negative count
        /// throws as <c>Range</c> does. Null where the selector is not one that only computes a value.
        /// </summary>
        private Expr? RangeReduction(InvocationExpressionSyntax invocation, ExpressionSyntax start, ExpressionSyntax count, ExpressionSyntax selector, bool average, ScalarKind kind)
        {
            ScalarKind summed = SymbolFacts.KindOf(((IMethodSymbol)_model.GetSymbolInfo(invocation, _cancellationToken).Symbol!).ReturnType);
            if (_prelude is null || OneParameterSelector(selector) is not var (parameter, expression)
                || _model.Model.GetDeclaredSymbol(parameter, _cancellationToken) is not IParameterSymbol index
                || index.Type.SpecialType != SpecialType.System_Int32
                || !SymbolFacts.IsFloating(summed)
                || expression.DescendantNodesAndSelf().Any(WritesOrDeclares) || !IsSubstitutable(expression)
                || !MayRunBeforeItsStatement(invocation))
            {
                return null;
            }

            Value first = _values.Bind(start);
            Value length = _values.Bind(count);
            if (!ValueTree.IsPure(first) || !ValueTree.IsPure(length))
            {
                return null;
            }

            string startName = FreshName("start");
            string countName = FreshName("count");
            _prelude.Before.Add(InactiveStmt.Declare(IrType.Int32, startName, first));
            _prelude.Before.Add(InactiveStmt.Declare(IrType.Int32, countName, length));
            var from = new NameValue(startName, IrType.Int32);
            var n = new NameValue(countName, IrType.Int32);

            // Range's own check; Average of no indices throws as Enumerable.Average does.
            string check = countName + " < 0 ? throw new global::System.ArgumentOutOfRangeException(\"count\")"
                + (average ? " : " + countName + " == 0 ? throw new global::System.InvalidOperationException(\"Sequence contains no elements\")" : string.Empty) + " : 0";
            _prelude.Before.Add(InactiveStmt.Evaluate(new HostValue("_ = " + check, IrType.Int32, new[] { countName }.ToEquatableArray(), EquatableArray<string>.Empty, Pure: false, Primary: false)));

            string sum = FreshName("sum");
            string selectedText = SyntaxText.Of(expression);
            _prelude.Before.Add(new AssignStmt(new LocalTarget(sum, ScalarKind.Double, "double"), ValueExpr.Literal("0", ScalarKind.Double), sum + " = 0"));
            _prelude.Before.Add(ElementLoop(n, counter =>
            {
                Value at = new BinaryValue(ValueOperator.Add, from, counter, IrType.Int32);
                return WithPrelude(expression, () => new[] { Accumulation(sum, ParseWithParameter(expression, index, new ValueExpr(at, ScalarKind.Integer), at), selectedText) }).ToArray();
            }));

            return SumResult(sum, average ? n : null, summed, kind);
        }

        /// <summary>The parameter and expression of a selector lambda of one parameter whose body is an expression; null otherwise.</summary>
        private static (ParameterSyntax Parameter, ExpressionSyntax Body)? OneParameterSelector(ExpressionSyntax selector) => selector switch
        {
            SimpleLambdaExpressionSyntax { AsyncKeyword.RawKind: 0, Body: ExpressionSyntax body } simple => (simple.Parameter, body),
            ParenthesizedLambdaExpressionSyntax { AsyncKeyword.RawKind: 0, ParameterList.Parameters.Count: 1, Body: ExpressionSyntax body } parenthesized => (parenthesized.ParameterList.Parameters[0], body),
            _ => null,
        };

        /// <summary>
        /// <paramref name="expression"/> parsed with each read of <paramref name="parameter"/> standing for
        /// <paramref name="argument"/> (and, in integer and boolean values, for <paramref name="value"/>), as a local
        /// function's parameter stands for its argument where it is called.
        /// </summary>
        private Expr ParseWithParameter(ExpressionSyntax expression, IParameterSymbol parameter, Expr argument, Value value)
        {
            var reads = expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
                .Where(id => id.Identifier.ValueText == parameter.Name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(id, _cancellationToken).Symbol, parameter))
                .ToList();
            foreach (IdentifierNameSyntax each in reads)
            {
                _localFunctionArguments[each] = argument;
                _values.Substitutions[each] = value;
            }

            try
            {
                return ParseValue(expression);
            }
            finally
            {
                foreach (IdentifierNameSyntax each in reads)
                {
                    _localFunctionArguments.Remove(each);
                    _values.Substitutions.Remove(each);
                }
            }
        }

        /// <summary><c>sum += value</c>, in double, as LINQ adds a float sequence.</summary>
        private static Stmt Accumulation(string sum, Expr value, string text) => new AssignStmt(
            new LocalTarget(sum, ScalarKind.Double, null),
            new BinaryExpr(BinaryOp.Add, new VarExpr(sum, ScalarKind.Double), value.Kind == ScalarKind.Double ? value : new ConvertExpr(value, ScalarKind.Double), ScalarKind.Double),
            sum + " += " + text);

        /// <summary>
        /// The double sum as LINQ returns it: divided by <paramref name="count"/> for an average (in double, before a
        /// float average is rounded), then as <paramref name="summed"/> and as the <paramref name="kind"/> the caller reads.
        /// </summary>
        private static Expr SumResult(string sum, Value? count, ScalarKind summed, ScalarKind kind)
        {
            Expr accumulated = new VarExpr(sum, ScalarKind.Double);
            if (count is not null)
            {
                accumulated = new BinaryExpr(BinaryOp.Divide, accumulated, new ConvertExpr(new ValueExpr(count, ScalarKind.Integer), ScalarKind.Double), ScalarKind.Double);
            }

            Expr total = summed == ScalarKind.Double ? accumulated : new ConvertExpr(accumulated, summed);
            return total.Kind == kind ? total : new ConvertExpr(total, kind);
        }

        /// <summary>
        /// <c>Enumerable.Max</c> or <c>Min</c> of a float or double array, with or without a selector, as the loop they run,
        /// computed into a local before the statement: the value they return is the one the gradient flows to (the first of
        /// equal ones).
        /// </summary>
        /// <remarks>
        /// The loop keeps LINQ's value in every case: an empty array throws <see cref="System.InvalidOperationException"/>;
        /// Max passes over NaNs unless every value is one (a NaN extremum is replaced by the next value); Min returns the
        /// first NaN (once the extremum is a NaN, nothing replaces it). Of equal values both keep the first, -0 and 0
        /// included, as LINQ's strict comparisons do. <c>m != m</c> is true only for a NaN. Unlike LINQ's Min, the loop
        /// computes a selector's value for the elements after a NaN too; the selector only computes a value, so that
        /// changes nothing but the time.
        /// </remarks>
        /// <param name="each">The statements that compute the value of the element at an index and hand it on.</param>
        /// <param name="selectedText">The value of an element, as written, for the generated code's comments.</param>
        private Expr Extremum(string array, ScalarKind element, bool max, ScalarKind kind, System.Func<Value, System.Func<Expr, Stmt[]>, Stmt[]> each, string selectedText)
        {
            _prelude!.Before.Add(InactiveStmt.Evaluate(new HostValue(
                "_ = " + array + ".Length == 0 ? throw new global::System.InvalidOperationException(\"Sequence contains no elements\") : 0",
                IrType.Int32, new[] { array }.ToEquatableArray(), EquatableArray<string>.Empty, Pure: false, Primary: false)));

            string best = FreshName(max ? "max" : "min");
            string keyword = SymbolFacts.Keyword(element);
            IrType type = IrType.Of(element);
            _prelude.Before.Add(new AssignStmt(new LocalTarget(best, element, keyword), ValueExpr.Literal("0", element), best + " = 0"));
            _prelude.Before.Add(ElementLoop(new LengthValue(array), index => each(index, value =>
            {
                string candidate = FreshName("value");
                var current = new NameValue(best, type);
                var next = new NameValue(candidate, type);

                // The first value is taken as it is; after it, a greater (smaller) one, and for Max anything after a NaN.
                Value better = max
                    ? new BinaryValue(ValueOperator.ConditionalOr,
                        new BinaryValue(ValueOperator.Greater, next, current, IrType.Bool),
                        new BinaryValue(ValueOperator.NotEqual, current, current, IrType.Bool), IrType.Bool)
                    : new BinaryValue(ValueOperator.ConditionalAnd,
                        new BinaryValue(ValueOperator.Equal, current, current, IrType.Bool),
                        new BinaryValue(ValueOperator.ConditionalOr,
                            new BinaryValue(ValueOperator.Less, next, current, IrType.Bool),
                            new BinaryValue(ValueOperator.NotEqual, next, next, IrType.Bool), IrType.Bool), IrType.Bool);
                Value condition = new BinaryValue(ValueOperator.ConditionalOr,
                    new BinaryValue(ValueOperator.Equal, index, new ConstantValue("0", IrType.Int32, true), IrType.Bool), better, IrType.Bool);
                var take = new AssignStmt(new LocalTarget(best, element, null), new VarExpr(candidate, element), best + " = " + candidate);
                return new Stmt[]
                {
                    new AssignStmt(new LocalTarget(candidate, element, keyword), value.Kind == element ? value : new ConvertExpr(value, element), candidate + " = " + selectedText),
                    new IfStmt(new ValueExpr(condition, ScalarKind.Boolean), new Block(new Stmt[] { take }.ToEquatableArray()), new Block(EquatableArray<Stmt>.Empty)),
                };
            })));

            Expr result = new VarExpr(best, element);
            return result.Kind == kind ? result : new ConvertExpr(result, kind);
        }

        /// <summary>
        /// The derivative rule of a method group that names a Math or MathF function of one <paramref name="element"/>
        /// argument with a derivative rule (a piecewise constant one included): null for any other selector.
        /// </summary>
        private (DerivativeRule Rule, string Owner, ScalarKind Kind)? MathFunctionGroup(ExpressionSyntax selector, ScalarKind element)
        {
            if (selector is not (IdentifierNameSyntax or MemberAccessExpressionSyntax)
                || _model.GetSymbolInfo(selector, _cancellationToken).Symbol is not IMethodSymbol { IsStatic: true, Parameters.Length: 1, ContainingType: { } type } function)
            {
                return null;
            }

            string ownerName = type.ToDisplayString();
            if (ownerName is not ("System.Math" or "System.MathF") || SymbolFacts.KindOf(function.Parameters[0].Type) != element
                || SymbolFacts.KindOf(function.ReturnType) != element
                || DerivativeTable.Find(ownerName, function.Name, 1) is not { } rule)
            {
                return null;
            }

            return (rule, DerivativeTable.CanonicalOwner(ownerName), element);
        }

        /// <summary>The argument checks of the exception types (<c>ArgumentOutOfRangeException.ThrowIfNegative</c>, …).</summary>
        internal static bool IsArgumentGuard(IMethodSymbol method) =>
            method.IsStatic && method.ReturnsVoid && method.Name.StartsWith("ThrowIf", System.StringComparison.Ordinal)
            && method.ContainingType?.ToDisplayString() is "System.ArgumentException" or "System.ArgumentNullException" or "System.ArgumentOutOfRangeException" or "System.ObjectDisposedException";

        /// <summary>
        /// How to pass what an expression argument computes: a view fits only a span parameter; an array parameter takes a
        /// copy declared into a local first, and a choice between arrays one call per branch.
        /// </summary>
        private static string ExpressionArgumentWayOut(ExpressionSyntax argument, ParamShape shape) => (shape, argument) switch
        {
            (not ParamShape.Array, _) =>
                "pass a differentiable array or span as a parameter or local variable, not an expression (for a slice, write it as a view: 'x.AsSpan(i, 3)', 's.Slice(i, 3)')",
            (_, ConditionalExpressionSyntax) =>
                "pass a differentiable array as a parameter or local variable, not an expression: make one call per branch ('c ? F(x) : F(y)', or an if statement)",
            (_, InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToArray" } }) =>
                "pass a differentiable array as a parameter or local variable, not an expression: declare the copy first ('var copy = " + SyntaxText.Of(argument) + ";') and pass the local",
            _ => "pass a differentiable array as a parameter, or as a local array created with 'new' and filled element by element, not an expression",
        };

        /// <summary>
        /// Refuses a call of a companion DiffGen generated (<c>GGradient(x, d)</c>), given a differentiable value, with a
        /// reason that says so: its other errors would advise marking generated code [Differentiable]. Only the analyzer
        /// sees such calls bound; the generator runs before its companions exist, and leaves the call to the compiler.
        /// </summary>
        private bool RefusedCompanionCall(InvocationExpressionSyntax invocation, IMethodSymbol method)
        {
            if (!CompanionClashes.IsDiffGenCompanion(method) || !HasFloatingArgument(invocation.ArgumentList.Arguments, method))
            {
                return false;
            }

            Report(DiagnosticDescriptors.UnsupportedExpression, invocation, SyntaxText.Of(invocation),
                "'" + method.ContainingType?.Name + "." + method.Name + "' is a companion DiffGen generates, and DiffGen does not differentiate its own output; "
                + "for second-order derivatives call the forward-over-reverse companion ('…HessianVector') outside this method, or call the companion in a method that is not [Differentiable]");
            return true;
        }

        private IEnumerable<Stmt> ParseCallStatement(InvocationExpressionSyntax invocation)
        {
            if (_model.GetSymbolInfo(invocation, _cancellationToken).Symbol is not IMethodSymbol method)
            {
                _broken = true;
                return System.Array.Empty<Stmt>();
            }

            if (RefusedCompanionCall(invocation, method))
            {
                return System.Array.Empty<Stmt>();
            }

            if (IsArgumentGuard(method) && invocation.ArgumentList.Arguments.Any(a => a.RefKindKeyword.RawKind != 0 || !_values.IsPureHost(a.Expression)))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, invocation, SyntaxText.Of(invocation),
                    "an argument check's argument computes more than a value (a call, an effect); compute it into a local first and check that");
                return System.Array.Empty<Stmt>();
            }

            if (IsArgumentGuard(method))
            {
                // ArgumentOutOfRangeException.ThrowIfNegativeOrZero(t): a check that throws or does nothing, like
                // `if (t <= 0) throw …`; no value comes out of it, so reading a differentiable value is fine.
                var reads = invocation.ArgumentList.Arguments.SelectMany(a => ValueTree.Reads(_values.Bind(a.Expression))).Distinct().OrderBy(n => n, System.StringComparer.Ordinal);
                return new Stmt[] { InactiveStmt.Host(SyntaxText.Of(invocation) + ";", EquatableArray<string>.Empty) with { Reads = reads.ToEquatableArray() } };
            }

            int reported = _diagnostics.Count;
            if (method.ReturnsVoid && ParseUserCall(invocation, method, ScalarKind.Void) is UserCallExpr call)
            {
                // Scalar arguments that are not plain variables (`0.5 * x`, a float passed as a double)
                // become locals in CallArgumentLowering, so the pullback can hand their adjoints back.
                return new Stmt[] { new CallStmt(call, SourceText(invocation)) };
            }

            if (_diagnostics.Count > reported)
            {
                // Refused with its own error (the same buffer passed twice, …): a second error saying that the
                // method has no derivative would be wrong.
                return System.Array.Empty<Stmt>();
            }

            // A [Differentiable] call that returns a value, its value dropped: the value goes into a local nothing
            // reads, so that the call is differentiated like any other (its pullback gets a zero result gradient),
            // and one that writes no buffer only runs, as the method does.
            ScalarKind returned = SymbolFacts.KindOf(method.ReturnType);
            if (SymbolFacts.IsFloating(returned) && ParseUserCall(invocation, method, returned) is UserCallExpr valued
                && (valued.WritesBuffers || SymbolFacts.HasAttribute(method.OriginalDefinition, SymbolFacts.DifferentiableAttribute)))
            {
                string dropped = FreshName("r");
                return new Stmt[] { new AssignStmt(new LocalTarget(dropped, returned, SymbolFacts.Keyword(returned)), valued, SourceText(invocation)) };
            }

            if (_diagnostics.Count > reported)
            {
                return System.Array.Empty<Stmt>();
            }

            // A call that may write a differentiable buffer (Array.Copy(a, b, n), a.CopyTo(b, 0),
            // span.Fill(0)) with no derivative would lose the gradient through that write: refused.
            if (WrittenBufferWithoutDerivative(invocation, method) is { } written)
            {
                string owner = method.ContainingType?.Name ?? string.Empty;
                Report(DiagnosticDescriptors.NoDerivative, written, owner + "." + method.Name, owner, method.Name,
                    (method.Name == "Sort"
                        ? " (it reorders the differentiable buffer '" + written.WithoutTrivia() + "'; write the sort as a loop instead, an insertion sort say, whose comparisons and moves are differentiated as written"
                        : " (it may write the differentiable buffer '" + written.WithoutTrivia() + "'; copy or fill it element by element in a loop instead")
                    + (method.Name is "Clear" or "Fill" or "Copy" or "CopyTo"
                        ? ", or call the library's Array.Copy, CopyTo, Array.Fill or Array.Clear on the buffer itself or on x.AsSpan(start, length) of it, which are differentiated)"
                        : ")"),
                    DiagnosticDescriptors.NoDerivativeWayOut(owner + "." + method.Name, owner, method.Name, method.OriginalDefinition.DeclaringSyntaxReferences.Length > 0));
                return System.Array.Empty<Stmt>();
            }

            // A call whose value is dropped and which writes no differentiable buffer cannot change any differentiable
            // value (Console.WriteLine(x), a validation helper, …); one that may keep a differentiable value inside an object
            // is refused in Opaque (CheckInactiveValue).
            return new Stmt[] { InactiveStmt.Evaluate(Opaque(invocation, ScalarKind.Other).Tree) };
        }

        /// <summary>
        /// The differentiable buffer a call without a derivative may write, or null: a float or double
        /// array or span (a local or parameter) passed where the callee takes a writable array, span or
        /// list, or the receiver of a span's or array's own writing method.
        /// </summary>
        private ExpressionSyntax? WrittenBufferWithoutDerivative(InvocationExpressionSyntax invocation, IMethodSymbol method)
        {
            if (invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && !method.IsStatic
                && ViewsDifferentiableBuffer(receiver)
                && method.Name is "Clear" or "Fill" or "Reverse" or "Sort" or "Initialize" or "SetValue")
            {
                return receiver;
            }

            // The last such argument is the likeliest destination (Array.Copy(source, destination, n)).
            SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
            for (int i = arguments.Count - 1; i >= 0; i--)
            {
                // A method of this compilation whose body only reads the buffer (NR's indexx, sorting indices by the
                // values) writes nothing differentiable.
                IParameterSymbol? parameter = ParameterOf(method, arguments[i], i);
                if (parameter is not null && ViewsDifferentiableBuffer(arguments[i].Expression) && IsWritableCollection(parameter.Type)
                    && (method.ReducedFrom is not null || method.OriginalDefinition.DeclaringSyntaxReferences.Length == 0
                        || SymbolFacts.MayWriteParameter(method.OriginalDefinition, method.OriginalDefinition.Parameters[parameter.Ordinal], _model.Model.Compilation)))
                {
                    return arguments[i].Expression;
                }
            }

            return null;
        }

        /// <summary>
        /// Two arguments of one call that view the same local or parameter buffer, one of them given to a [NoDiff] (or
        /// otherwise constant) parameter, where the callee may write either (<c>Step(p, w.AsSpan(1, 2), w.AsSpan(0, 2))</c>):
        /// the [NoDiff] one's contents are recorded for the pullback as a buffer of its own, which cannot follow the
        /// callee's writes through the other. The later argument and the buffer's name; null where there is none.
        /// </summary>
        private (ExpressionSyntax Argument, string Buffer)? SharedConstantBuffer(ExpressionSyntax?[] ordered, IMethodSymbol method, bool expandedParams)
        {
            int count = expandedParams ? ordered.Length - 1 : ordered.Length;
            var seen = new List<(int Index, ISymbol Buffer, bool Constant)>();
            for (int i = 0; i < count; i++)
            {
                if (ordered[i] is not { } argument)
                {
                    continue;
                }

                IParameterSymbol parameter = method.Parameters[i];
                bool constant = SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute) || SymbolFacts.ShapeOf(parameter.Type).Shape == ParamShape.Other;
                foreach (ISymbol buffer in ViewedBuffers(argument).Distinct(SymbolEqualityComparer.Default))
                {
                    foreach ((int j, ISymbol other, bool otherConstant) in seen)
                    {
                        if (j != i && SymbolEqualityComparer.Default.Equals(buffer, other) && (constant || otherConstant)
                            && (SymbolFacts.MayWriteParameter(method.OriginalDefinition, method.OriginalDefinition.Parameters[i], _model.Model.Compilation)
                                || SymbolFacts.MayWriteParameter(method.OriginalDefinition, method.OriginalDefinition.Parameters[j], _model.Model.Compilation)))
                        {
                            return (argument, buffer.Name);
                        }
                    }

                    seen.Add((i, buffer, constant));
                }
            }

            return null;
        }

        /// <summary>
        /// The local or parameter buffers of float, double or int (those whose contents a pullback is given recorded) that
        /// an argument is or views, through choices (<c>flag ? w : v</c>), not through a range copy of an array.
        /// </summary>
        private IEnumerable<ISymbol> ViewedBuffers(ExpressionSyntax argument) =>
            ViewRoots(argument, throughChoices: true, throughArrayRanges: false)
                .Select(name => _model.GetSymbolInfo(name, _cancellationToken).Symbol is (ILocalSymbol or IParameterSymbol) and var symbol
                                && _model.GetTypeInfo(name, _cancellationToken).Type switch
                                {
                                    IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
                                    INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true }, TypeArguments: { Length: 1 } element } => element[0],
                                    _ => null,
                                } is { SpecialType: SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Int32 }
                    ? symbol
                    : null)
                .OfType<ISymbol>();

        /// <summary>
        /// A range copy of a local or parameter buffer (<c>w[a..b]</c>) or a choice between such buffers
        /// (<c>flag ? w : v</c>): an expression that reads the buffers' contents where it is evaluated.
        /// </summary>
        private bool ChoosesOrCopiesBuffers(ExpressionSyntax argument) => argument switch
        {
            ParenthesizedExpressionSyntax parenthesized => ChoosesOrCopiesBuffers(parenthesized.Expression),
            ElementAccessExpressionSyntax { ArgumentList.Arguments: { Count: 1 } range } element when range[0].Expression is RangeExpressionSyntax =>
                ViewedBuffers(element.Expression).Any(),
            ConditionalExpressionSyntax conditional => ViewedBuffers(conditional).Any() || ChoosesOrCopiesBuffers(conditional.WhenTrue) || ChoosesOrCopiesBuffers(conditional.WhenFalse),
            _ => false,
        };

        /// <summary>
        /// Whether an expression is a differentiable buffer or a view of one, however it is taken: <c>x</c>,
        /// <c>x.AsSpan(…)</c> with any bounds, <c>MemoryExtensions.AsSpan(x, …)</c>, <c>s.Slice(…)</c>, <c>x[a..b]</c> of a span,
        /// <c>x.AsMemory(…).Span</c>, <c>new Span&lt;double&gt;(x, …)</c>, casts, and chains of these.
        /// </summary>
        private bool ViewsDifferentiableBuffer(ExpressionSyntax expression) =>
            ViewRoots(expression, throughChoices: false, throughArrayRanges: true).Any(IsDifferentiableBuffer);

        /// <summary>
        /// The names at the root of the views an expression takes (<see cref="ViewsDifferentiableBuffer"/>), and of both
        /// branches of a choice where <paramref name="throughChoices"/>; a range of an array, a copy in C#, only where
        /// <paramref name="throughArrayRanges"/>.
        /// </summary>
        private IEnumerable<IdentifierNameSyntax> ViewRoots(ExpressionSyntax expression, bool throughChoices, bool throughArrayRanges)
        {
            ExpressionSyntax at = expression;
            while (true)
            {
                switch (at)
                {
                    case IdentifierNameSyntax name:
                        return new[] { name };
                    case ParenthesizedExpressionSyntax parenthesized:
                        at = parenthesized.Expression;
                        continue;
                    case CastExpressionSyntax cast:
                        at = cast.Expression;
                        continue;
                    case ConditionalExpressionSyntax conditional when throughChoices:
                        return ViewRoots(conditional.WhenTrue, throughChoices, throughArrayRanges).Concat(ViewRoots(conditional.WhenFalse, throughChoices, throughArrayRanges));
                    case ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } range when range.ArgumentList.Arguments[0].Expression is RangeExpressionSyntax
                                                                                                   && (throughArrayRanges || _model.GetTypeInfo(range.Expression, _cancellationToken).Type is not IArrayTypeSymbol):
                        at = range.Expression;
                        continue;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Span" } memory:
                        at = memory.Expression;
                        continue;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "AsMemory" or "Slice" } view } call:
                        // MemoryExtensions.AsSpan(x, …) names the buffer first; x.AsSpan(…) and s.Slice(…) before the dot.
                        at = _model.GetSymbolInfo(view.Expression, _cancellationToken).Symbol is INamedTypeSymbol && call.ArgumentList.Arguments.Count > 0
                            ? call.ArgumentList.Arguments[0].Expression
                            : view.Expression;
                        continue;
                    case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } creation:
                        at = creation.ArgumentList.Arguments[0].Expression;
                        continue;
                    default:
                        return System.Array.Empty<IdentifierNameSyntax>();
                }
            }
        }

        /// <summary>
        /// The name of this method's buffer given to a callee's [NoDiff] parameter that the callee may fill with values
        /// computed from its differentiable arguments (<see cref="ComputedWriteFacts"/>), where this method reads the buffer
        /// anywhere else: by an element, a view, a copy or a call that is not given it as [NoDiff] too. Null where it does not.
        /// </summary>
        private string? ReadBackAfterComputedWrite(ExpressionSyntax argument, IMethodSymbol callee, int ordinal)
        {
            ExpressionSyntax root = argument;
            while (true)
            {
                switch (root)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        root = parenthesized.Expression;
                        continue;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "Slice", Expression: var viewed } }:
                        root = viewed;
                        continue;
                    case ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } range when range.ArgumentList.Arguments[0].Expression is RangeExpressionSyntax:
                        root = range.Expression;
                        continue;
                }

                break;
            }

            if (_syntax is null || ordinal >= callee.Parameters.Length)
            {
                return null;
            }

            // The buffer given, or where the argument is not a name or a view of one (`flag ? w : v`, `rows[0]`), every
            // buffer it names.
            IEnumerable<IdentifierNameSyntax> named = root is IdentifierNameSyntax name
                ? new[] { name }
                : argument.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>();
            foreach (IdentifierNameSyntax given in named)
            {
                ISymbol? buffer = _model.GetSymbolInfo(given, _cancellationToken).Symbol;
                ITypeSymbol? type = buffer switch
                {
                    ILocalSymbol local => local.Type,
                    IParameterSymbol parameter => parameter.Type,
                    IFieldSymbol field => field.Type,
                    _ => null,
                };
                if (buffer is null || type is null || !IsWritableCollection(type))
                {
                    continue;
                }

                // This method's reads first: they are found on its own syntax, while the callee's writes need its binding.
                bool readBack = _syntax.DescendantNodes().OfType<IdentifierNameSyntax>().Any(use =>
                    use.Identifier.ValueText == buffer.Name && !argument.Span.Contains(use.Span) && ReadsElements(use)
                    && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(use, _cancellationToken).Symbol, buffer));
                if (readBack && ComputedWriteFacts.MayWriteComputedValues(callee, callee.Parameters[ordinal], _model.Model.Compilation))
                {
                    return buffer.Name;
                }
            }

            return null;
        }

        // A use of a buffer that may read what it holds: not its Length, nor an element it only assigns, nor an argument
        // for another [NoDiff] parameter whose callee assigns an element before anything else (scratch space shared by
        // calls that each fill it before reading it); any other callee may read it.
        private bool ReadsElements(IdentifierNameSyntax use)
        {
            switch (use.Parent)
            {
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } length when length.Expression == use:
                    return false;
                case ElementAccessExpressionSyntax access when access.Expression == use:
                    SyntaxNode element = access;
                    while (element.Parent is ParenthesizedExpressionSyntax outer)
                    {
                        element = outer;
                    }

                    return !(element.Parent is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Left == element);
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } list } argument
                    when _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol called
                         && ParameterOf(called, argument, list.Arguments.IndexOf(argument)) is { } parameter:
                    return parameter.Type.SpecialType != SpecialType.System_Object
                           && !(SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute)
                                && ComputedWriteFacts.WritesBeforeReading(called.OriginalDefinition, called.OriginalDefinition.Parameters[parameter.Ordinal]));
                default:
                    return true;
            }
        }

        /// <summary>Whether a type argument can be written in code: not an anonymous type, nor an error, nor a pointer.</summary>
        private static bool IsNameable(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => IsNameable(array.ElementType),
            INamedTypeSymbol named => !named.IsAnonymousType && named.TypeKind != TypeKind.Error && named.TypeArguments.All(IsNameable),
            ITypeParameterSymbol => true,
            _ => false,
        };

        /// <summary>
        /// The arguments of a call of a catalogued function in the order of its parameters (<c>Math.Pow(y: b, x: a)</c> is
        /// <c>Math.Pow(a, b)</c>); null where one is passed by reference, two name one parameter, or named arguments out of
        /// order have effects (C# evaluates them as written, the rule in parameter order).
        /// </summary>
        private static ExpressionSyntax[]? InParameterOrder(IMethodSymbol method, SeparatedSyntaxList<ArgumentSyntax> arguments)
        {
            var ordered = new ExpressionSyntax[method.Parameters.Length];
            bool reordered = false;
            for (int position = 0; position < arguments.Count; position++)
            {
                ArgumentSyntax argument = arguments[position];
                if (argument.RefKindKeyword.RawKind != 0 || ParameterOf(method, argument, position) is not { } parameter || ordered[parameter.Ordinal] is not null)
                {
                    return null;
                }

                ordered[parameter.Ordinal] = argument.Expression;
                reordered |= parameter.Ordinal != position;
            }

            if (reordered && arguments.Any(a => EffectSyntax.MayWrite(a.Expression)))
            {
                return null;
            }

            return ordered.Any(a => a is null) ? null : ordered;
        }

        /// <summary>The parameter an argument at <paramref name="position"/> binds to: by its name where it has one, else by position (the last for a params tail).</summary>
        internal static IParameterSymbol? ParameterOf(IMethodSymbol method, ArgumentSyntax argument, int position) =>
            argument.NameColon is { } named
                ? method.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.ValueText)
                : position < method.Parameters.Length ? method.Parameters[position] : method.Parameters.LastOrDefault();

        private static bool IsWritableCollection(ITypeSymbol type) =>
            type is IArrayTypeSymbol
            || type.SpecialType == SpecialType.System_Array
            || type is INamedTypeSymbol { Name: "Span" or "IList" or "ICollection" or "Memory" } named && named.ContainingNamespace?.ToDisplayString() is "System" or "System.Collections" or "System.Collections.Generic";

        /// <summary>
        /// Builds a call to a method with an adjoint: [Differentiable] (its generated Gradient/Pullback),
        /// a [DerivativeOf] registration beside it, or one to be looked up among the compilation's
        /// registrations. Returns null when no argument can carry a differentiable value.
        /// </summary>
        private UserCallExpr? ParseUserCall(InvocationExpressionSyntax invocation, IMethodSymbol method, ScalarKind kind)
        {
            SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
            // The delegate itself is no value: its arguments are what it is called with (a lambda that captures a
            // differentiable value is refused where it is written).
            if (method.MethodKind == MethodKind.DelegateInvoke && arguments.Any(argument => DifferentiableRead(argument.Expression, null) is not null))
            {
                // `sq(x)` with `Func<double, double> sq = v => v * v;`, or `log(x);`: a delegate's body is not known where it
                // is called, and no derivative can be registered for Invoke.
                Report(DiagnosticDescriptors.LambdaCarriesValue, invocation, "delegate (a lambda, Func or Action) called with a differentiable value", DiagnosticDescriptors.LambdaWayOut);
                return null;
            }

            // An extension method called on its receiver (`x.Cube()`) is the static method, with the
            // receiver as its first argument.
            ExpressionSyntax? receiverArgument = null;
            if (method is { MethodKind: MethodKind.ReducedExtension, ReducedFrom: { } extension })
            {
                if (invocation.Expression is not MemberAccessExpressionSyntax { Expression: var receiverValue })
                {
                    return null;
                }

                method = extension.IsGenericMethod && method.TypeArguments.Length == extension.TypeParameters.Length
                    ? extension.Construct(method.TypeArguments.ToArray())
                    : extension;
                receiverArgument = receiverValue;
            }

            bool isDifferentiable = SymbolFacts.HasAttribute(method.OriginalDefinition, SymbolFacts.DifferentiableAttribute);
            if (!isDifferentiable && IsOutput(invocation, method))
            {
                // `Console.WriteLine(x[0])`, `Console.Error.WriteLine(f)`: output, which keeps nothing and returns nothing
                // differentiable. (A StringBuilder or a StringWriter keeps its text, which can be parsed back.)
                return null;
            }

            // A [Differentiable] callee whose declaration is refused so that it gets no companions at all is, for the
            // caller, a method without a derivative: the call is refused where an argument is active (CallResolution).
            string? withoutCompanions = isDifferentiable ? SymbolFacts.WhyNoCompanions(method.OriginalDefinition) : null;
            isDifferentiable &= withoutCompanions is null;

            // A [Differentiable] method that takes nothing differentiable (an object, [NoDiff] values and buffers, integers)
            // has no pullback and no tangent that would follow what it writes into a float or double buffer it is given:
            // the reverse sweep would read the buffer as the last call left it. (One that writes nothing is a constant of
            // the call's companions; see TangentWriter.)
            if (isDifferentiable && !method.OriginalDefinition.Parameters.Any(SymbolFacts.IsDifferentiableParameter)
                && method.OriginalDefinition.Parameters.FirstOrDefault(p => SymbolFacts.ShapeOf(p.Type).Shape is ParamShape.Array or ParamShape.Span
                       && SymbolFacts.MayWriteParameter(method.OriginalDefinition, p, _model.Model.Compilation)) is { } written)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, invocation, SyntaxText.Of(invocation),
                    "'" + method.Name + "' takes no differentiable value and may write its buffer '" + written.Name + "', a write its callers cannot follow through it; give the buffer's parameter no [NoDiff] mark (so that '"
                    + method.Name + "' differentiates it), or fill the buffer in this method");
                return null;
            }

            // An object given differentiable values (`new SF(3 * i, 5 * j).MemFn(i, j)`, a local built so) as the receiver
            // of a [Differentiable] instance method: its fields carry those values into the call, where no derivative
            // follows them, as reading a field of it would (DIFF013 there too).
            if (isDifferentiable && receiverArgument is null && !method.IsStatic && invocation.Expression is MemberAccessExpressionSyntax { Expression: var instance }
                && DifferentiableRead(instance, ConstantLocalsWithNumbers) is { } carried)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, instance, SyntaxText.Of(instance), CarriedIntoCall(carried, method));
                return null;
            }

            var args = new List<CallArg>();
            bool anyCandidate = false;
            ExpressionSyntax?[]? ordered = InParameterOrder(arguments, method, receiverArgument);
            IReadOnlyList<ExpressionSyntax>? expandedParams = null;
            if (ordered is null && ExpandedParams(arguments, method, receiverArgument) is { } expanded)
            {
                (ordered, expandedParams) = expanded;
            }

            bool positional = ordered is not null;
            for (int i = 0; ordered is not null && i < ordered.Length; i++)
            {
                IParameterSymbol parameter = method.Parameters[i];
                (ParamShape shape, ScalarKind element) = SymbolFacts.ShapeOf(parameter.Type);
                bool noDiff = SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute);
                if (expandedParams is not null && i == ordered.Length - 1)
                {
                    // Sum(a, b, a * b) for a params double[]: the items in a local array, as C# builds it.
                    if (HoistedArray(expandedParams, invocation, element, calleeWrites: true) is not { } items)
                    {
                        return null;
                    }

                    anyCandidate = true;
                    args.Add(items);
                    continue;
                }

                if (ordered[i] is not { } argument)
                {
                    // An omitted optional argument: its default value, a constant.
                    ScalarKind parameterKind = SymbolFacts.KindOf(parameter.Type);
                    var constant = new ValueExpr(SymbolFacts.DefaultArgument(parameter), parameterKind);
                    args.Add(new CallArg(constant, shape == ParamShape.Scalar && !noDiff ? ArgRole.Scalar : ArgRole.Constant, null));
                    continue;
                }

                bool calleeWrites = shape is ParamShape.Scalar or ParamShape.Other || SymbolFacts.MayWriteParameter(method.OriginalDefinition, method.OriginalDefinition.Parameters[i], _model.Model.Compilation);
                if (noDiff && calleeWrites && shape is ParamShape.Array or ParamShape.Span
                    && ReadBackAfterComputedWrite(argument, method.OriginalDefinition, i) is { } readBack)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, argument, argument.ToString(),
                        "'" + method.Name + "' may fill its [NoDiff] parameter '" + parameter.Name + "' with values computed from its differentiable arguments, and '"
                        + readBack + "' is read elsewhere in this method, where those values would carry no derivative; remove [NoDiff] from '" + parameter.Name
                        + "' so that the call is differentiated through it, or give the call a scratch array that this method does not read");
                    return null;
                }

                if (isDifferentiable && shape == ParamShape.Other && !noDiff && DifferentiableRead(argument, ConstantLocalsWithNumbers) is { } carriedArgument)
                {
                    // An object, a tuple or a jagged array given differentiable values, for a parameter of its own type: the
                    // callee reads them through its fields or rows, where no derivative follows them.
                    Report(DiagnosticDescriptors.UnsupportedExpression, argument, SyntaxText.Of(argument), CarriedIntoCall(carriedArgument, method));
                    return null;
                }

                if (shape == ParamShape.Other || noDiff)
                {
                    ValueExpr constant = Opaque(argument, SymbolFacts.KindOf(parameter.Type));
                    if (ChoosesOrCopiesBuffers(argument))
                    {
                        // w[a..b] or flag ? w : v, evaluated again where the pullback runs, would read what the method wrote
                        // into the buffers after the call: evaluated once into a local, whose contents the pullback records.
                        constant = new ValueExpr(new HostValue(constant.Code, constant.Tree.Type, constant.Reads, constant.Writes, Pure: false, Primary: false), constant.Kind);
                    }

                    args.Add(new CallArg(constant, ArgRole.Constant, null) { CalleeWrites = calleeWrites });
                    continue;
                }

                if (shape == ParamShape.Scalar)
                {
                    Expr value = ParseValue(argument);
                    anyCandidate |= value is not ValueExpr;
                    args.Add(new CallArg(value, ArgRole.Scalar, null));
                    continue;
                }

                // x.AsSpan() of a whole array is the array itself, passed to a span parameter.
                ExpressionSyntax passed = RecogniseView(argument) is { Start: null, Length: null, End: null } whole ? whole.Buffer : argument;
                ISymbol? bufferSymbol = _model.GetSymbolInfo(passed, _cancellationToken).Symbol;
                if (passed is IdentifierNameSyntax bufferName && bufferSymbol is ILocalSymbol or IParameterSymbol)
                {
                    // A buffer the callee only reads may be seen twice (its two partials simply add up into the one
                    // adjoint); one it may write cannot, because its pullback would mix the two roles.
                    if ((method.ReturnsVoid || SymbolFacts.WritesBufferParameters(method.OriginalDefinition, _model.Model.Compilation))
                        && args.Any(a => a.BufferName == bufferName.Identifier.ValueText && (calleeWrites || a.CalleeWrites)))
                    {
                        Report(DiagnosticDescriptors.UnsupportedExpression, argument, argument.ToString(), "the same buffer is passed twice, and the call's adjoint cannot tell the two apart; pass a copy");
                        return null;
                    }

                    anyCandidate = true;
                    args.Add(new CallArg(
                        new VarExpr(bufferName.Identifier.ValueText, element),
                        shape == ParamShape.Array ? ArgRole.Array : ArgRole.Span,
                        bufferName.Identifier.ValueText) { CalleeWrites = calleeWrites });
                    continue;
                }

                if (bufferSymbol is IFieldSymbol or IPropertySymbol)
                {
                    args.Add(new CallArg(Opaque(argument, ScalarKind.Other), ArgRole.ConstantBuffer, null) { Element = element });
                    continue;
                }

                if (ArrayItems(argument) is { } created)
                {
                    // Sum(new[] { a, b }), Sum([a, b]): a local array, filled before the statement, passed as the
                    // array or span the parameter takes.
                    if (HoistedArray(created, argument, element, calleeWrites) is not { } items)
                    {
                        return null;
                    }

                    anyCandidate = true;
                    args.Add(shape == ParamShape.Array ? items : items with { Role = ArgRole.Span });
                    continue;
                }

                if (argument is ArrayCreationExpressionSyntax { Initializer: null, Type.RankSpecifiers: { Count: 1 } ranks }
                    && ranks[0].Sizes.Count == 1 && ranks[0].Sizes[0] is not OmittedArraySizeExpressionSyntax and var size)
                {
                    // Solve(a, b, new double[n]): a zeroed local array, declared before the statement.
                    if (ZeroedArray(size, argument, element, calleeWrites) is not { } zeroed)
                    {
                        return null;
                    }

                    anyCandidate = true;
                    args.Add(shape == ParamShape.Array ? zeroed : zeroed with { Role = ArgRole.Span });
                    continue;
                }

                if (RecogniseSlice(argument) is { } slice)
                {
                    bool callWritesBuffers = method.ReturnsVoid || SymbolFacts.WritesBufferParameters(method.OriginalDefinition, _model.Model.Compilation);
                    ExpressionSyntax?[] inOrder = ordered;
                    bool CalleeMayWrite(ExpressionSyntax other) =>
                        System.Array.IndexOf(inOrder, other) is var j and >= 0
                        && SymbolFacts.MayWriteParameter(method.OriginalDefinition, method.OriginalDefinition.Parameters[j], _model.Model.Compilation);
                    IMethodSymbol callee = method;
                    bool CopiedSlice(ExpressionSyntax other) =>
                        System.Array.IndexOf(inOrder, other) is var j and >= 0
                        && (expandedParams is null || j < inOrder.Length - 1)
                        && !SymbolFacts.HasAttribute(callee.Parameters[j], SymbolFacts.NoDiffAttribute)
                        && SymbolFacts.ShapeOf(callee.Parameters[j].Type) is { Shape: ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan } copiedShape
                        && SymbolFacts.IsFloating(copiedShape.Element)
                        && IsSliceCopy(other);
                    if (SliceArgument(slice, argument, element, calleeWrites, callWritesBuffers, ordered, CalleeMayWrite, CopiedSlice) is not { } sliced)
                    {
                        return null;
                    }

                    anyCandidate = true;
                    args.Add(sliced);
                    continue;
                }

                Report(DiagnosticDescriptors.UnsupportedExpression, argument, argument.ToString(), ExpressionArgumentWayOut(argument, shape));
                return null;
            }

            if (positional && SharedConstantBuffer(ordered!, method, expandedParams is not null) is { } shared)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, shared.Argument, shared.Argument.ToString(),
                    "'" + shared.Buffer + "' is given to this call twice, once as a [NoDiff] argument, and the call may write one of the two: the contents recorded for its pullback could not be the ones it read; pass a copy of one of them ('" + shared.Buffer + ".AsSpan(…).ToArray()')");
                return null;
            }

            if (!positional)
            {
                // Only an argument that a parameter could carry on matters: `ThrowIfNull(a)` (an object
                // parameter, and an omitted caller-argument-expression default) is an ordinary call.
                if (!isDifferentiable && method.DeclaringSyntaxReferences.Length == 0 && arguments.Any(a => a.RefKindKeyword.RawKind != 0)
                    && HasFloatingArgument(arguments, method))
                {
                    // Array.Resize(ref x, n): a library method that replaces what it is given by reference.
                    Report(DiagnosticDescriptors.UnsupportedExpression, invocation, invocation.ToString(),
                        "'" + method.ContainingType?.Name + "." + method.Name + "' takes a differentiable value by ref or out and may replace it, which DiffGen cannot follow through a method without a derivative; allocate an array at its final length (or a new one, copied element by element), or compute the value without the call");
                }
                else if (isDifferentiable || (HasFloatingArgument(arguments, method) && !IsOutput(invocation, method)))
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, invocation, invocation.ToString(),
                        "pass the arguments of a differentiated call without ref or out, as an array rather than an expanded params list, and in parameter order when a named argument has side effects"
                        + (arguments.Any(a => a.RefKindKeyword.RawKind != 0) ? "; a helper that returns results through out or ref can write them into an array parameter instead and be [Differentiable] (DIFF006)" : string.Empty));
                }

                return null;
            }

            if (!anyCandidate && !isDifferentiable)
            {
                return null;
            }

            // A value-returning callee that writes its buffers is reversed through its seeded pullback,
            // as a statement of its own (CallResultLowering).
            bool writesBuffers = !method.ReturnsVoid && isDifferentiable && SymbolFacts.WritesBufferParameters(method.OriginalDefinition, _model.Model.Compilation);

            // A callee that reads state the IR has no variable for, in a method that may change it: its value's partials
            // are taken at the call (its gradient, not its halves, whose reverse would read the state again). A callee
            // differentiated through a pullback the reverse sweep runs cannot be.
            bool readsChangingState = isDifferentiable && _values.TracksObjectState && CalleeReadsObjectState(method.OriginalDefinition);
            if (readsChangingState && (method.ReturnsVoid || writesBuffers) && method.OriginalDefinition.DeclaringSyntaxReferences.Length == 0)
            {
                // One compiled in another assembly is only taken to read such state, since its body cannot be looked into;
                // its pullback is the one way to differentiate it, so it is not refused for what may not be there.
                readsChangingState = false;
            }
            else if (readsChangingState && (method.ReturnsVoid || writesBuffers))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, invocation, SyntaxText.Of(invocation),
                    "'" + method.Name + "' reads fields, properties or elements held by objects again when the reverse sweep takes its pullback, and this method calls code that may change them after the call; pass what it reads as [NoDiff] arguments of the call ('F(w, c.Gain)' for 'F(w, c)') and make any change to them outside it, or make the call in a method that changes no such state");
            }

            if (isDifferentiable && _values.TracksObjectState && StateReadBefore(invocation) is { } earlier
                && ObjectStateFacts.CallMayChange(invocation, _model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), _cancellationToken))
            {
                // The call is computed before its statement, which would then read the state after the call's change.
                Report(DiagnosticDescriptors.UnsupportedExpression, invocation, SyntaxText.Of(invocation),
                    "it may change '" + earlier + "', which the statement reads before it; read that into a local in a statement of its own before this one");
            }

            string receiver = Receiver(invocation, method);
            string adjoint;
            if (isDifferentiable)
            {
                adjoint = receiver + method.Name + (method.ReturnsVoid || writesBuffers ? "Pullback" : "Gradient");
            }
            else
            {
                adjoint = FindRegistrationBeside(method) ?? string.Empty;
            }

            return new UserCallExpr(
                adjoint,
                args.ToEquatableArray(),
                kind,
                SymbolFacts.RegistrationKey(method),
                method.ContainingType is null ? method.Name : method.ContainingType.Name + "." + method.Name,
                SyntaxText.Of(invocation),
                LocationInfo.From(invocation))
            {
                // A generic method is named with its type arguments as bound (`Array.Sort<double>`), so that the call reads
                // the same wherever it is written again.
                PrimalMethod = !method.IsGenericMethod ? receiver + method.Name
                    : method.TypeArguments.All(IsNameable) ? receiver + method.Name + "<" + string.Join(", ", method.TypeArguments.Select(t => t.ToDisplayString(SymbolFacts.QualifiedFormat))) + ">"
                    : string.Empty,
                WritesBuffers = writesBuffers,
                CalleeIsDifferentiable = isDifferentiable,
                // A generic method cannot be [Differentiable] (DIFF010), so DIFF001 does not offer it.
                CalleeIsInSource = method.OriginalDefinition.DeclaringSyntaxReferences.Length > 0 && !method.IsGenericMethod && method.ContainingType is not { IsGenericType: true },
                HasRecordReverse = isDifferentiable && !method.IsGenericMethod && SymbolFacts.HasRecordReverse(method.OriginalDefinition) && !readsChangingState,
                HasTangentLanes = isDifferentiable && !method.IsGenericMethod && SymbolFacts.HasTangentLanes(method.OriginalDefinition),
                HasPullbackHessianVector = isDifferentiable && !method.IsGenericMethod && SymbolFacts.HasPullbackHessianVector(method.OriginalDefinition),
                WithoutCompanions = withoutCompanions ?? string.Empty,
                Inline = isDifferentiable ? InlineCalleeOf(method) : null,
            };
        }

        /// <summary>
        /// The arguments of a call in parameter order: named ones at their parameter, omitted optional
        /// ones null (their default is used). Null when the call passes by reference, expands a
        /// <c>params</c> list, or names arguments out of order where one of them has side effects
        /// (C# evaluates arguments in the order written).
        /// </summary>
        /// <summary>
        /// A call in the expanded form of a trailing <c>params</c> float or double array or span, <c>Sum(a, b, a * b)</c>, with
        /// positional arguments: the fixed arguments in parameter order (the last slot empty) and the items. Null otherwise.
        /// </summary>
        private (ExpressionSyntax?[] Fixed, IReadOnlyList<ExpressionSyntax> Items)? ExpandedParams(SeparatedSyntaxList<ArgumentSyntax> arguments, IMethodSymbol method, ExpressionSyntax? receiver)
        {
            int count = method.Parameters.Length;
            if (count == 0 || receiver is not null || !method.Parameters[count - 1].IsParams
                || SymbolFacts.ShapeOf(method.Parameters[count - 1].Type).Shape is not (ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan)
                || arguments.Count < count - 1 || arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)))
            {
                return null;
            }

            if (arguments.Count == count
                && SymbolEqualityComparer.Default.Equals(_model.GetTypeInfo(arguments[count - 1].Expression, _cancellationToken).ConvertedType, method.Parameters[count - 1].Type))
            {
                // The array itself is passed: not the expanded form.
                return null;
            }

            var fixedArguments = new ExpressionSyntax?[count];
            for (int i = 0; i < count - 1; i++)
            {
                fixedArguments[i] = arguments[i].Expression;
            }

            return (fixedArguments, arguments.Skip(count - 1).Select(a => a.Expression).ToArray());
        }

        /// <summary>
        /// An array built in a call's argument list (<c>new[] { a, b }</c>, <c>[a, b]</c>, or the items of an expanded
        /// <c>params</c> list) as a local array filled before the statement. That is the call's meaning where nothing in the
        /// statement but the statement's own assignment has an effect (the items included), and the call always runs;
        /// null, with an error, elsewhere.
        /// </summary>
        private CallArg? HoistedArray(IReadOnlyList<ExpressionSyntax> items, ExpressionSyntax at, ScalarKind element, bool calleeWrites)
        {
            Microsoft.CodeAnalysis.Text.TextSpan itemsSpan = items.Count == 0
                ? at.Span
                : Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(items[0].SpanStart, items[items.Count - 1].Span.End);
            if (!MadeBeforeStatement(at, itemsSpan, valueHasEffect: false))
            {
                return null;
            }

            string name = FreshName("args");
            string count = items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _prelude!.Before.Add(new ArrayDeclStmt(name, element, new ValueExpr(new ConstantValue(count, IrType.Int32, IsLiteral: true), ScalarKind.Integer), name + " = " + SyntaxText.Of(at)));
            for (int i = 0; i < items.Count; i++)
            {
                var index = new ValueExpr(new ConstantValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture), IrType.Int32, IsLiteral: true), ScalarKind.Integer);
                _prelude.Before.Add(new AssignStmt(new ElemTarget(name, index, element), ParseValue(items[i]), name + "[" + i + "] = " + SyntaxText.Of(items[i])));
            }

            return new CallArg(new VarExpr(name, element), ArgRole.Array, name) { CalleeWrites = calleeWrites };
        }

        /// <summary>
        /// A new zeroed array given to a differentiated call (<c>new double[n]</c>): a local array of that length, declared
        /// before the statement, as <see cref="HoistedArray"/> declares one built from items.
        /// </summary>
        private CallArg? ZeroedArray(ExpressionSyntax size, ExpressionSyntax at, ScalarKind element, bool calleeWrites)
        {
            if (!MadeBeforeStatement(at, size.Span, valueHasEffect: size.DescendantNodesAndSelf().Any(HasEffect)))
            {
                return null;
            }

            string name = FreshName("args");
            _prelude!.Before.Add(new ArrayDeclStmt(name, element, Opaque(size, ScalarKind.Integer), name + " = " + SyntaxText.Of(at)));
            return new CallArg(new VarExpr(name, element), ArgRole.Array, name) { CalleeWrites = calleeWrites };
        }

        /// <summary>
        /// Whether an array made in a call's arguments (<paramref name="at"/>, its items or size at <paramref name="value"/>)
        /// may be made before the statement: where the call always runs, its value has no effect and nothing else in the
        /// statement has one. Reports the error otherwise.
        /// </summary>
        private bool MadeBeforeStatement(ExpressionSyntax at, Microsoft.CodeAnalysis.Text.TextSpan value, bool valueHasEffect)
        {
            if (_prelude is not null && AlwaysEvaluated(at) && !valueHasEffect
                && !_prelude.Statement.DescendantNodes().Any(other => !other.Span.Contains(value) && HasEffect(other)))
            {
                return true;
            }

            Report(DiagnosticDescriptors.UnsupportedExpression, at, SyntaxText.Of(at),
                "an array built in the arguments of a differentiated call is made before the statement, and here the statement has other effects or may not make the call; declare it as a local array first");
            return false;
        }

        private ExpressionSyntax?[]? InParameterOrder(SeparatedSyntaxList<ArgumentSyntax> arguments, IMethodSymbol method, ExpressionSyntax? receiver)
        {
            var ordered = new ExpressionSyntax?[method.Parameters.Length];
            int position = 0;
            if (receiver is not null)
            {
                if (ordered.Length == 0)
                {
                    return null;
                }

                ordered[position++] = receiver;
            }

            bool reordered = false;
            foreach (ArgumentSyntax argument in arguments)
            {
                // `in` is allowed where the parameter is `in` (a readonly struct of settings): the call passes a value either way.
                if (!argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword))
                {
                    return null;
                }

                int index = position;
                if (argument.NameColon is { } name)
                {
                    index = -1;
                    for (int p = 0; p < method.Parameters.Length; p++)
                    {
                        if (method.Parameters[p].Name == name.Name.Identifier.ValueText)
                        {
                            index = p;
                        }
                    }

                    reordered |= index != position;
                }

                if (index < 0 || index >= ordered.Length || ordered[index] is not null
                    || (argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword) && method.Parameters[index].RefKind != RefKind.In)
                    || (method.Parameters[index].IsParams && !SymbolEqualityComparer.Default.Equals(_model.GetTypeInfo(argument.Expression, _cancellationToken).ConvertedType, method.Parameters[index].Type)))
                {
                    return null;
                }

                ordered[index] = argument.Expression;
                position++;
            }

            for (int i = 0; i < ordered.Length; i++)
            {
                if (ordered[i] is null && !method.Parameters[i].HasExplicitDefaultValue)
                {
                    return null;
                }
            }

            return reordered && arguments.Any(a => HasEffects(a.Expression)) ? null : ordered;
        }

        /// <summary>Whether evaluating <paramref name="expression"/> may change anything: a call (other than of a <c>Math</c> function or another one that changes nothing), an assignment, a creation.</summary>
        private bool HasEffects(ExpressionSyntax expression) => expression.DescendantNodesAndSelf().Any(n =>
            n is AssignmentExpressionSyntax or BaseObjectCreationExpressionSyntax or AwaitExpressionSyntax
            || (n is InvocationExpressionSyntax call && !HasNoEffect(call))
            || n.IsKind(SyntaxKind.PreIncrementExpression) || n.IsKind(SyntaxKind.PreDecrementExpression)
            || n.IsKind(SyntaxKind.PostIncrementExpression) || n.IsKind(SyntaxKind.PostDecrementExpression));

        private bool HasFloatingArgument(SeparatedSyntaxList<ArgumentSyntax> arguments, IMethodSymbol method)
        {
            for (int i = 0; i < arguments.Count; i++)
            {
                IParameterSymbol? parameter = ParameterOf(method, arguments[i], i);
                ITypeSymbol? parameterType = parameter?.Type;
                if (parameter is not null && SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute))
                {
                    // A [NoDiff] parameter takes a constant of the call, whatever it is given.
                    continue;
                }

                if (SymbolFacts.ShapeOf(_model.GetTypeInfo(arguments[i].Expression, _cancellationToken).Type).Shape != ParamShape.Other
                    && (parameterType is null || parameterType.SpecialType != SpecialType.System_Object))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The reason a value carrying <paramref name="carried"/> into a call through an object's fields is refused, with the way out.</summary>
        private string CarriedIntoCall(IdentifierNameSyntax carried, IMethodSymbol method)
        {
            string name = carried.Identifier.ValueText;
            string wayOut = "; pass the values '" + method.Name + "' reads to it as float or double arguments";
            return _model.GetSymbolInfo(carried, _cancellationToken).Symbol switch
            {
                ILocalSymbol { Type: IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Double or SpecialType.System_Single } or INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" } } =>
                    "'" + name + "' may hold differentiable values, and DiffGen differentiates a float or double array or span only where it is given as one; give '"
                    + method.Name + "' a double[] or span parameter for it, or mark that parameter [NoDiff] if it holds constants",
                ILocalSymbol local when local.DeclaringSyntaxReferences.Length > 0 && local.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is SingleVariableDesignationSyntax =>
                    "'" + name + "' is declared by a pattern, an out argument or a deconstruction, whose values DiffGen does not follow, so it may hold differentiable values; declare it in a statement of its own from constants ('var "
                    + name + " = …;')" + wayOut,
                ILocalSymbol local => ContainerWayOut(local) + wayOut,
                _ => "it is built from the differentiable value '" + name + "', and DiffGen follows derivatives only through float and double locals, arrays and spans, not through an object's fields" + wayOut,
            };
        }

        private string Receiver(InvocationExpressionSyntax invocation, IMethodSymbol method)
        {
            if (method.IsStatic)
            {
                return method.ContainingType.ToDisplayString(SymbolFacts.QualifiedFormat) + ".";
            }

            if (invocation.Expression is MemberAccessExpressionSyntax access)
            {
                return SyntaxText.Of(access.Expression) + ".";
            }

            return string.Empty;
        }

        /// <summary>A [DerivativeOf] method in the target's own type (this is how a library ships derivatives).</summary>
        private static string? FindRegistrationBeside(IMethodSymbol method)
        {
            INamedTypeSymbol? owner = method.ContainingType;
            if (owner is null)
            {
                return null;
            }

            foreach (ISymbol member in owner.GetMembers())
            {
                if (member is IMethodSymbol candidate && RegistrationFinder.Targets(candidate, method))
                {
                    return owner.ToDisplayString(SymbolFacts.QualifiedFormat) + "." + candidate.Name;
                }
            }

            return null;
        }
    }
}
