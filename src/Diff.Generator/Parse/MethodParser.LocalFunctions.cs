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
    /// <summary>
    /// A local function of the method's body that returns one expression, <c>double Sq(double v) => v * v;</c>, called
    /// where a float or double value is computed: its expression is differentiated where the call is, with each parameter
    /// standing for its argument. A block body counts as one expression when it declares locals once with a value and
    /// returns, perhaps under <c>if</c> guards (<c>if (v &lt; 0) return 0; return v;</c> is <c>v &lt; 0 ? 0 : v</c>). A local
    /// function has no derivative of its own, and giving it one would need companions C# cannot declare; its expression
    /// needs none.
    /// <para>
    /// The arguments are substituted, not evaluated once into locals first, so an argument must mean the same however
    /// often the expression reads it: arithmetic, reads of locals, parameters and elements, <c>Math</c> functions and
    /// other such local functions, and nothing that writes, draws from an object or calls other code. The expression
    /// itself may do what a value may, except write (no assignments, increments or declarations). Anything else stays a
    /// call, whose value is a constant of the differentiation (DIFF013 where it reads a differentiable value, with the
    /// reason).
    /// </para>
    /// </summary>
    internal sealed partial class MethodParser
    {
        /// <summary>The float or double parameters of local functions being expanded, at each place their expression reads them.</summary>
        private readonly Dictionary<SyntaxNode, Expr> _localFunctionArguments = new();

        /// <summary>The local functions being expanded, innermost last: a call of one of them again is recursion.</summary>
        private readonly List<IMethodSymbol> _expanding = new();

        /// <summary>
        /// The value of a call of a local function, as its expression with the arguments in place; null with
        /// <paramref name="why"/> set where the call cannot be expanded.
        /// </summary>
        private Expr? ExpandedLocalFunction(InvocationExpressionSyntax invocation, IMethodSymbol function, out string? why)
        {
            why = WhyNotExpandable(invocation, function, out ExpressionSyntax? body, out IReadOnlyList<ExpressionSyntax?>? arguments);
            if (why is not null)
            {
                return null;
            }

            var declaration = (LocalFunctionStatementSyntax)function.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken);
            SyntaxNode scope = (SyntaxNode?)declaration.Body ?? body!;

            // Every argument first, in order, as C# evaluates them: an argument may expand this function again
            // (Sq(Sq(x))), which must be done before this call's parameters stand for anything. An argument given as
            // the parameter's default is its constant. One read more than once is held in a local before the
            // statement where that means the same (so that F(F(F(x))) does not grow as a power of the reads).
            var values = new (Expr? Value, Value Bound)[function.Parameters.Length];
            for (int i = 0; i < values.Length; i++)
            {
                IParameterSymbol parameter = function.Parameters[i];
                ScalarKind kind = SymbolFacts.KindOf(parameter.Type);
                IrType type = SymbolFacts.IrTypeOf(parameter.Type);
                if (arguments![i] is not { } argument)
                {
                    Value constant = SymbolFacts.DefaultArgument(parameter);
                    values[i] = (SymbolFacts.IsFloating(kind) ? new ValueExpr(constant, kind) : null, constant);
                    continue;
                }

                Expr? value = SymbolFacts.IsFloating(kind) ? ParseValue(argument) : null;
                Value bound = _values.Bind(argument);
                if (bound.Type != type)
                {
                    // The parameter's type, as the call converts it: an int given to a long is multiplied as a long.
                    bound = new CastValue(bound, type);
                }

                if (value is not null && value is not (VarExpr or ValueExpr { Tree: ConstantValue or NameValue }) && ReadsOf(scope, parameter) > 1 && HoldsBeforeTheStatement(argument))
                {
                    string held = FreshName("a");
                    _prelude!.Before.Add(new AssignStmt(new LocalTarget(held, kind, SymbolFacts.Keyword(kind)), value, held + " = " + SyntaxText.Of(argument)));
                    value = new VarExpr(held, kind);
                    bound = new NameValue(held, type);
                }

                values[i] = (value, bound);
            }

            // Where each parameter is read in the body, its argument's value stands: as an Expr where a float or double
            // value is computed, as a Value where a condition or an index is.
            var placed = new List<(SyntaxNode Read, Expr? Value, Value? Bound)>();
            foreach (IdentifierNameSyntax read in scope.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                int index = _model.GetSymbolInfo(read, _cancellationToken).Symbol is IParameterSymbol parameter
                            && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, function)
                    ? parameter.Ordinal
                    : -1;
                if (index >= 0)
                {
                    Place(read, values[index].Value, values[index].Bound);
                }
            }

            void Place(SyntaxNode read, Expr? value, Value bound)
            {
                placed.Add((read, _localFunctionArguments.TryGetValue(read, out Expr? before) ? before : null, _values.Substitutions.TryGetValue(read, out Value? boundBefore) ? boundBefore : null));
                if (value is not null)
                {
                    _localFunctionArguments[read] = value;
                }

                _values.Substitutions[read] = bound;
            }

            _expanding.Add(function);
            try
            {
                // Each local the block declares before its return stands, where it is read, for its value, computed with
                // the parameters (and the locals before it) in place; one read more than once is held in a local before
                // the statement where that means the same, as an argument is.
                GuardedReturns? guarded = declaration.Body is { } block ? GuardedReturnsOf(block) : null;
                foreach ((VariableDeclaratorSyntax declarator, ExpressionSyntax initializer) in guarded?.Lets ?? new())
                {
                    if (_model.Model.GetDeclaredSymbol(declarator, _cancellationToken) is not ILocalSymbol local)
                    {
                        why = "a local function's value is a constant of the differentiation";
                        return null;
                    }

                    ScalarKind kind = SymbolFacts.KindOf(local.Type);
                    IrType type = SymbolFacts.IrTypeOf(local.Type);
                    Expr? value = SymbolFacts.IsFloating(kind) ? ParseValue(initializer) : null;
                    Value bound = _values.Bind(initializer);
                    if (bound.Type != type)
                    {
                        bound = new CastValue(bound, type);
                    }

                    List<IdentifierNameSyntax> reads = scope.DescendantNodes().OfType<IdentifierNameSyntax>()
                        .Where(read => read.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(read, _cancellationToken).Symbol, local))
                        .ToList();
                    // Behind a guard, a local is computed only where no guard returned first (an index it reads may be
                    // out of range otherwise): it is never held before the statement then.
                    if (value is not null && value is not (VarExpr or ValueExpr { Tree: ConstantValue or NameValue }) && reads.Count > 1
                        && guarded is not { Guards.Count: > 0 } && HoldsBeforeTheStatement(invocation))
                    {
                        string held = FreshName("l");
                        _prelude!.Before.Add(new AssignStmt(new LocalTarget(held, kind, SymbolFacts.Keyword(kind)), value, held + " = " + SyntaxText.Of(initializer)));
                        value = new VarExpr(held, kind);
                        bound = new NameValue(held, type);
                    }

                    foreach (IdentifierNameSyntax read in reads)
                    {
                        Place(read, value, bound);
                    }
                }

                // The guarded returns, innermost last: `if (c) return a; return b;` is `c ? a : b`.
                Expr expanded = ParseValue(body!);
                for (int g = (guarded?.Guards.Count ?? 0) - 1; g >= 0; g--)
                {
                    (ExpressionSyntax condition, ExpressionSyntax value) = guarded!.Guards[g];
                    expanded = new ConditionalExpr(Opaque(condition, ScalarKind.Boolean), ParseValue(value), expanded, expanded.Kind);
                }

                if (ExprTree.DescendantsAndSelf(expanded).Skip(ExpansionLimit).Any())
                {
                    why = "expanding the local function '" + function.Name + "' here, with each argument in place of each read of its parameter, gives an expression of more than "
                          + ExpansionLimit + " operations; compute the inner calls into locals first, or write it as a [Differentiable] method";
                    return null;
                }

                return expanded;
            }
            finally
            {
                _expanding.RemoveAt(_expanding.Count - 1);
                foreach ((SyntaxNode read, Expr? before, Value? boundBefore) in placed)
                {
                    if (before is null)
                    {
                        _localFunctionArguments.Remove(read);
                    }
                    else
                    {
                        _localFunctionArguments[read] = before;
                    }

                    if (boundBefore is null)
                    {
                        _values.Substitutions.Remove(read);
                    }
                    else
                    {
                        _values.Substitutions[read] = boundBefore;
                    }
                }
            }
        }

        /// <summary>
        /// A differentiable value of the method that a local function reads (itself or through the local functions it
        /// calls), other than through an integer or a boolean; null where it reads none.
        /// </summary>
        private IdentifierNameSyntax? CapturedDifferentiableRead(IMethodSymbol function, HashSet<IMethodSymbol> seen)
        {
            if (!seen.Add(function) || function.DeclaringSyntaxReferences.Length != 1
                || function.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not LocalFunctionStatementSyntax declaration)
            {
                return null;
            }

            SyntaxNode? body = (SyntaxNode?)declaration.ExpressionBody ?? declaration.Body;
            if (body is null)
            {
                return null;
            }

            foreach (SyntaxNode node in body.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax call
                    && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } inner
                    && CapturedDifferentiableRead(inner, seen) is { } further)
                {
                    return further;
                }

                if (node is not IdentifierNameSyntax identifier
                    || _model.GetSymbolInfo(identifier, _cancellationToken).Symbol is not { } symbol
                    || symbol is not (ILocalSymbol or IParameterSymbol)
                    || declaration.Span.Contains(symbol.DeclaringSyntaxReferences.FirstOrDefault()?.Span ?? default)
                    || (symbol is IParameterSymbol parameter && IsConstantParameter(parameter))
                    || (symbol is ILocalSymbol local && IsConstantLocal(local)))
                {
                    continue;
                }

                ITypeSymbol? type = symbol is ILocalSymbol l ? l.Type : ((IParameterSymbol)symbol).Type;
                if (SymbolFacts.ShapeOf(type).Shape != ParamShape.Other && SymbolFacts.IsFloating(SymbolFacts.ShapeOf(type).Element)
                    && !PassesThroughConstant(identifier, body))
                {
                    return identifier;
                }
            }

            return null;
        }

        /// <summary>
        /// A float or double variable or buffer of the method that a local function writes (itself or through the local
        /// functions it calls): an assignment, an increment, a <c>ref</c>/<c>out</c> argument, or a call given the buffer
        /// that may write it. Null where it writes none. Such writes happen where DiffGen cannot follow them.
        /// </summary>
        private IdentifierNameSyntax? CapturedWrite(IMethodSymbol function, HashSet<IMethodSymbol> seen) =>
            CapturedWrites(function, seen).FirstOrDefault(name => SymbolFacts.ShapeOf(_model.GetTypeInfo(name, _cancellationToken).Type) is { Shape: not ParamShape.Other } shape
                                                                  && SymbolFacts.IsFloating(shape.Element));

        /// <summary>Every variable of the method, of any type, that a local function writes, itself or through the local functions it calls.</summary>
        private IEnumerable<IdentifierNameSyntax> CapturedWrites(IMethodSymbol function, HashSet<IMethodSymbol> seen)
        {
            if (!seen.Add(function) || function.DeclaringSyntaxReferences.Length != 1
                || function.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not LocalFunctionStatementSyntax declaration)
            {
                yield break;
            }

            SyntaxNode? body = (SyntaxNode?)declaration.ExpressionBody ?? declaration.Body;
            foreach (SyntaxNode node in body?.DescendantNodes() ?? Enumerable.Empty<SyntaxNode>())
            {
                if (node is InvocationExpressionSyntax call
                    && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } inner)
                {
                    foreach (IdentifierNameSyntax further in CapturedWrites(inner, seen))
                    {
                        yield return further;
                    }
                }

                foreach (ExpressionSyntax place in WrittenPlaces(node))
                {
                    if (WrittenRoot(place) is IdentifierNameSyntax name
                        && _model.GetSymbolInfo(name, _cancellationToken).Symbol is ILocalSymbol or IParameterSymbol
                        && _model.GetSymbolInfo(name, _cancellationToken).Symbol is { } symbol
                        && !declaration.Span.Contains(symbol.DeclaringSyntaxReferences.FirstOrDefault()?.Span ?? default))
                    {
                        yield return name;
                    }
                }
            }
        }

        /// <summary>How large an expanded call may grow, in operations of the IR.</summary>
        private const int ExpansionLimit = 4096;

        /// <summary>How often a local function's expression reads its parameter.</summary>
        private int ReadsOf(SyntaxNode body, IParameterSymbol parameter) =>
            body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Count(read =>
                read.Identifier.ValueText == parameter.Name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(read, _cancellationToken).Symbol, parameter));

        /// <summary>
        /// Whether an argument (one that only computes a value) may be computed into a local before its statement: it is
        /// evaluated whenever the statement runs, nothing in the statement has an effect it would move past, and it reads
        /// no variable the statement declares.
        /// </summary>
        private bool HoldsBeforeTheStatement(ExpressionSyntax argument)
        {
            // The statement's own assignment (s = F(s + 1), s += …) is no effect the argument moves past: C# evaluates the
            // right side before it assigns.
            SyntaxNode? own = _prelude?.Statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax or ElementAccessExpressionSyntax } assignment }
                              && assignment.Right.Span.Contains(argument.Span)
                ? assignment
                : null;
            if (_prelude is null || !_prelude.Statement.Span.Contains(argument.Span) || !AlwaysEvaluated(argument)
                || _prelude.Statement.DescendantNodesAndSelf().Any(node => node != own && (HasEffect(node) || MayChangeAnObject(node))))
            {
                return false;
            }

            var declared = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (SyntaxNode node in _prelude.Statement.DescendantNodesAndSelf())
            {
                if (node is VariableDeclaratorSyntax or SingleVariableDesignationSyntax && _model.GetDeclaredSymbol(node, _cancellationToken) is { } local)
                {
                    declared.Add(local);
                }
            }

            return !argument.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
                .Any(read => _model.GetSymbolInfo(read, _cancellationToken).Symbol is { } symbol && declared.Contains(symbol));
        }

        /// <summary>Why a call of a local function cannot be expanded where it is; null where it can, with its expression and its arguments in parameter order.</summary>
        /// <remarks>An argument left to the parameter's default is null in <paramref name="arguments"/>.</remarks>
        private string? WhyNotExpandable(InvocationExpressionSyntax invocation, IMethodSymbol function, out ExpressionSyntax? body, out IReadOnlyList<ExpressionSyntax?>? arguments)
        {
            body = null;
            arguments = null;
            if (_kernel
                || function.DeclaringSyntaxReferences.Length != 1
                || function.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not LocalFunctionStatementSyntax declaration
                || declaration.SyntaxTree != invocation.SyntaxTree)
            {
                return "a local function's value is a constant of the differentiation";
            }

            if (_expanding.Any(outer => SymbolEqualityComparer.Default.Equals(outer, function)))
            {
                return "the local function '" + function.Name + "' calls itself, and its expression is differentiated where it is called; write the recursion as a [Differentiable] method";
            }

            GuardedReturns? guarded = declaration.Body is { } block ? GuardedReturnsOf(block) : null;
            body = declaration.ExpressionBody?.Expression ?? guarded?.Final;
            const string shape = "a local function is differentiated where it is called only when it returns one expression ('double Sq(double v) => v * v;'), after locals it declares once ('double e = Math.Exp(-z); return 1 / (1 + e);') and returns guarded by an if ('if (v < 0) return 0;'); write it as a [Differentiable] method of the type and call that";
            if (body is null || function.IsAsync || function.IsGenericMethod || function.ReturnsByRef || function.ReturnsByRefReadonly)
            {
                return shape;
            }

            if (guarded is not null
                && guarded.Lets.Select(let => let.Initializer).Concat(guarded.Guards.SelectMany(guard => new[] { guard.Condition, guard.Value }))
                    .FirstOrDefault(value => value.DescendantNodesAndSelf().Any(WritesOrDeclares)) is { } writingLet)
            {
                return "the local function '" + function.Name + "' has '" + SyntaxText.Of(writingLet) + "' in a local's value or a guarded return, and is differentiated where it is called only when its values assign and declare nothing; write it as a [Differentiable] method";
            }

            if (function.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams || SymbolFacts.ShapeOf(p.Type).Shape != ParamShape.Scalar && SymbolFacts.ShapeOf(p.Type).Shape != ParamShape.Other))
            {
                return "a local function is differentiated where it is called only when its parameters are values (no 'ref', 'out', 'params' or arrays); pass the buffer's elements, or write it as a [Differentiable] method";
            }

            if (body.DescendantNodesAndSelf().FirstOrDefault(WritesOrDeclares) is { } write)
            {
                return "the local function '" + function.Name + "' has '" + SyntaxText.Of(write) + "' in its expression, and is differentiated where it is called only when its expression assigns and declares nothing; write it as a [Differentiable] method";
            }

            var ordered = new ExpressionSyntax?[function.Parameters.Length];
            int next = 0;
            foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
            {
                int slot = argument.NameColon is { } name ? ParameterIndex(function, name.Name.Identifier.ValueText) : next++;
                if (slot < 0 || slot >= ordered.Length || ordered[slot] is not null || argument.RefKindKeyword.RawKind != 0)
                {
                    return shape;
                }

                ordered[slot] = argument.Expression;
            }

            for (int i = 0; i < ordered.Length; i++)
            {
                if (ordered[i] is null && !function.Parameters[i].HasExplicitDefaultValue)
                {
                    return shape;
                }
            }

            if (ordered.FirstOrDefault(a => a is not null && !IsSubstitutable(a)) is { } effectful)
            {
                return "its argument '" + SyntaxText.Of(effectful) + "' stands for the parameter wherever the local function's expression reads it, so it may only compute a value (arithmetic, reads, Math functions); compute it into a local first and pass that";
            }

            arguments = ordered;
            return null;
        }

        /// <summary>
        /// A local function's block read as one value: the locals it declares once with a value, in order
        /// (<c>double e = Math.Exp(-z);</c>), the returns an <c>if</c> guards (<c>if (v &lt; 0) return 0;</c>, also as an
        /// <c>else if</c> chain), and the return taken when no guard holds. Nothing assigns the locals: a value may not
        /// assign, and no other statement is there.
        /// </summary>
        private sealed record GuardedReturns(
            List<(VariableDeclaratorSyntax Declarator, ExpressionSyntax Initializer)> Lets,
            List<(ExpressionSyntax Condition, ExpressionSyntax Value)> Guards,
            ExpressionSyntax Final);

        /// <summary>The block as <see cref="GuardedReturns"/>; null when it holds any other statement or declaration.</summary>
        private static GuardedReturns? GuardedReturnsOf(BlockSyntax block)
        {
            var lets = new List<(VariableDeclaratorSyntax, ExpressionSyntax)>();
            var guards = new List<(ExpressionSyntax, ExpressionSyntax)>();
            for (int i = 0; i < block.Statements.Count; i++)
            {
                bool last = i == block.Statements.Count - 1;
                switch (block.Statements[i])
                {
                    case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0 } local
                        when !last && local.Declaration.Type is not RefTypeSyntax && local.Declaration.Variables.All(v => v.Initializer is not null):
                        lets.AddRange(local.Declaration.Variables.Select(v => (v, v.Initializer!.Value)));
                        break;
                    case ReturnStatementSyntax { Expression: { } returned } when last:
                        return new GuardedReturns(lets, guards, returned);
                    case IfStatementSyntax guard:
                        // if (c) return a; [else if (d) return b;]… [else return z;]
                        IfStatementSyntax? current = guard;
                        while (current is not null)
                        {
                            if (ReturnedBy(current.Statement) is not { } value)
                            {
                                return null;
                            }

                            guards.Add((current.Condition, value));
                            switch (current.Else?.Statement)
                            {
                                case null:
                                    current = null;
                                    break;
                                case IfStatementSyntax next:
                                    current = next;
                                    break;
                                case { } otherwise when last && ReturnedBy(otherwise) is { } final:
                                    return new GuardedReturns(lets, guards, final);
                                default:
                                    return null;
                            }
                        }

                        if (last)
                        {
                            return null;
                        }

                        break;
                    default:
                        return null;
                }
            }

            return null;

            static ExpressionSyntax? ReturnedBy(StatementSyntax statement) => statement switch
            {
                ReturnStatementSyntax { Expression: { } value } => value,
                BlockSyntax { Statements: { Count: 1 } only } => ReturnedBy(only[0]),
                _ => null,
            };
        }

        private static int ParameterIndex(IMethodSymbol function, string name)
        {
            for (int i = 0; i < function.Parameters.Length; i++)
            {
                if (function.Parameters[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool WritesOrDeclares(SyntaxNode node) => node switch
        {
            AssignmentExpressionSyntax or AnonymousFunctionExpressionSyntax or DeclarationExpressionSyntax or SingleVariableDesignationSyntax
                or StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax or AwaitExpressionSyntax or RefExpressionSyntax => true,
            PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression),
            PostfixUnaryExpressionSyntax postfix => postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression),
            ArgumentSyntax argument => argument.RefKindKeyword.RawKind != 0,
            _ => false,
        };

        /// <summary>
        /// Whether an argument means the same wherever it is read, however often: literals, locals, parameters, constants
        /// and fields, elements, <c>Length</c>, operators of the language, casts, <c>?:</c>, and calls of <c>Math</c>
        /// functions and of expandable local functions with such arguments.
        /// </summary>
        private bool IsSubstitutable(ExpressionSyntax argument)
        {
            foreach (SyntaxNode node in argument.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case LiteralExpressionSyntax or ParenthesizedExpressionSyntax or CastExpressionSyntax or ConditionalExpressionSyntax
                        or CheckedExpressionSyntax or ArgumentListSyntax or BracketedArgumentListSyntax or PredefinedTypeSyntax
                        or SwitchExpressionSyntax or SwitchExpressionArmSyntax or IsPatternExpressionSyntax or WhenClauseSyntax
                        or ConstantPatternSyntax or DiscardPatternSyntax or RelationalPatternSyntax or BinaryPatternSyntax
                        or UnaryPatternSyntax or ParenthesizedPatternSyntax:
                        continue;
                    case ArgumentSyntax argumentOf when argumentOf.RefKindKeyword.RawKind == 0 && argumentOf.NameColon is null:
                        continue;
                    case BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax
                        when !WritesOrDeclares(node) && _model.GetSymbolInfo(node, _cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator }:
                        continue;
                    case ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax }:
                        continue;
                    case IdentifierNameSyntax { Parent: MemberAccessExpressionSyntax owner } member when owner.Name == member:
                        // The member's name: the member access itself says whether it may be read.
                        continue;
                    case IdentifierNameSyntax identifier:
                        ISymbol? symbol = _model.GetSymbolInfo(identifier, _cancellationToken).Symbol;
                        if (symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol or ITypeSymbol or INamespaceSymbol
                            || (symbol is IMethodSymbol && identifier.Parent is InvocationExpressionSyntax or MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax }))
                        {
                            continue;
                        }

                        return false;
                    case MemberAccessExpressionSyntax member:
                        ISymbol? accessed = _model.GetSymbolInfo(member, _cancellationToken).Symbol;
                        if (accessed is IFieldSymbol or ITypeSymbol or INamespaceSymbol
                            || (accessed is IPropertySymbol { Name: "Length" } && SymbolFacts.ShapeOf(_model.GetTypeInfo(member.Expression, _cancellationToken).Type).Shape is ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan)
                            || (accessed is IMethodSymbol && member.Parent is InvocationExpressionSyntax))
                        {
                            continue;
                        }

                        return false;
                    case InvocationExpressionSyntax call when _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol called:
                        if (called.MethodKind == MethodKind.LocalFunction
                            ? WhyNotExpandable(call, called, out _, out _) is null
                            : DerivativeTable.Find(called.ContainingType?.ToDisplayString() ?? string.Empty, called.Name, called.Parameters.Length) is not null)
                        {
                            continue;
                        }

                        return false;
                    default:
                        return false;
                }
            }

            return true;
        }
    }
}
