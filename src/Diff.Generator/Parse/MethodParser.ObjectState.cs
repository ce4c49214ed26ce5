using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    internal sealed partial class MethodParser
    {
        /// <summary>
        /// Set on the parser of a helper bound for inlining into a method that may change the state of objects: the
        /// helper's reads of that state are followed as the caller's (<see cref="ObjectStateFacts"/>).
        /// </summary>
        private bool _callerChangesObjectState;

        private readonly Dictionary<IMethodSymbol, bool> _calleesReadingObjectState = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// Whether a [Differentiable] callee reads state the IR has no variable for: in its body, or in the body of a method
        /// of this compilation it calls (a helper's helper, a reader such as <c>c.GetGain()</c>). One compiled in another
        /// assembly has no body to look into, and is taken to read such state.
        /// </summary>
        private bool CalleeReadsObjectState(IMethodSymbol callee)
        {
            if (!_calleesReadingObjectState.TryGetValue(callee, out bool reads))
            {
                reads = ReadsObjectState(callee, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
                _calleesReadingObjectState[callee] = reads;
            }

            return reads;
        }

        private bool ReadsObjectState(IMethodSymbol method, HashSet<IMethodSymbol> seen)
        {
            if (!seen.Add(method))
            {
                return false;
            }

            if (method.DeclaringSyntaxReferences.Length == 0)
            {
                return SymbolFacts.HasAttribute(method, SymbolFacts.DifferentiableAttribute);
            }

            return method.DeclaringSyntaxReferences.Any(reference =>
            {
                SemanticQueries model = ObjectStateFacts.ModelOf(reference, _model);
                return reference.GetSyntax(_cancellationToken).DescendantNodes().Any(node =>
                    ObjectStateFacts.IsRead(node, model, _cancellationToken)
                    || (node is InvocationExpressionSyntax call
                        && model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: not MethodKind.LocalFunction } called
                        && (called.ReducedFrom ?? called).OriginalDefinition is var definition
                        && (definition.DeclaringSyntaxReferences.Length > 0 || SymbolFacts.HasAttribute(definition, SymbolFacts.DifferentiableAttribute))
                        && ReadsObjectState(definition, seen)));
            });
        }

        /// <summary>
        /// The first read of state the IR has no variable for, in the statement being parsed, that C# makes before the
        /// call or calls in <paramref name="expression"/> and that they may change; null where there is none. A read
        /// counts when it comes earlier in the statement, or in the condition of a <c>?:</c> anywhere in it (computed before
        /// the statement; not one whose branch holds the call, which C# computes first too), or inside the call's own arguments, and when it is of a type whose state the
        /// calls may change (<see cref="ObjectStateFacts.ChangedTypes"/>: a draw from <c>rng</c> changes nothing of a
        /// settings object, whatever names either has). Calls read too: a method reading its object, a local function
        /// reading the method's state.
        /// </summary>
        private string? StateReadBefore(ExpressionSyntax expression)
        {
            if (_prelude is null)
            {
                return null;
            }

            List<InvocationExpressionSyntax> calls = expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().ToList();
            var changed = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (SyntaxNode changer in expression.DescendantNodesAndSelf().Where(node => node is InvocationExpressionSyntax || ObjectStateFacts.GetterMayChange(node, _model, _cancellationToken)))
            {
                // A getter that changes state (`SteppedGain`) is a call too.
                HashSet<ITypeSymbol>? types = changer is InvocationExpressionSyntax call
                    ? ObjectStateFacts.ChangedTypes(call, _model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), _cancellationToken)
                    : ObjectStateFacts.GetterChangedTypes(changer, _model, _cancellationToken);
                if (types is null)
                {
                    changed = null;
                    break;
                }

                changed.UnionWith(types);
            }

            if (changed is { Count: 0 } && _values.BuffersWrittenByCalls.Count == 0)
            {
                return null;
            }

            _readingLocalFunctions.Clear();
            foreach (SyntaxNode node in _prelude.Statement.DescendantNodes())
            {
                // The condition of a ?: is computed before the statement (where the ?: becomes an if), so it counts wherever
                // it stands, except before a branch holding the call, where C# computes it first too.
                var conditions = node.Ancestors().TakeWhile(a => a != _prelude.Statement).OfType<ConditionalExpressionSyntax>()
                    .Where(conditional => conditional.Condition.Span.Contains(node.Span)).ToList();
                bool before = (node.Span.End <= expression.SpanStart || conditions.Count > 0)
                              && !conditions.Any(conditional => conditional.WhenTrue.Span.Contains(expression.Span) || conditional.WhenFalse.Span.Contains(expression.Span));
                bool inArguments = calls.Any(call => call.ArgumentList.Span.Contains(node.Span));
                if ((before || inArguments) && ReadsStateTheCallsMayChange(node, changed))
                {
                    return node is IdentifierNameSyntax { Parent: MemberAccessExpressionSyntax member } name && member.Name == name ? member.ToString() : node.ToString();
                }
            }

            return null;
        }

        /// <summary>The local functions <see cref="ReadsStateTheCallsMayChange"/> looked into for the statement: a recursive one is looked into once.</summary>
        private readonly HashSet<IMethodSymbol> _readingLocalFunctions = new(SymbolEqualityComparer.Default);

        /// <summary>Whether <paramref name="node"/> reads state of the <paramref name="changed"/> types (any, where null).</summary>
        private bool ReadsStateTheCallsMayChange(SyntaxNode node, HashSet<ITypeSymbol>? changed)
        {
            if (_values.IsWrittenByCalls(node))
            {
                return true;
            }

            switch (node)
            {
                case InvocationExpressionSyntax call when _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol method:
                {
                    if (method.MethodKind == MethodKind.LocalFunction)
                    {
                        // What a local function reads of objects (directly or through calls) it reads where it is called.
                        return _readingLocalFunctions.Add(method.OriginalDefinition)
                               && method.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(_cancellationToken).DescendantNodes()
                                   .Any(inner => ReadsStateTheCallsMayChange(inner, changed)));
                    }

                    // A call that itself changes state is an effect, ordered with the others where it is held; the Math
                    // functions and read-only searches read nothing of objects.
                    if (method.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF" or "double" or "float" || IsReadOnlyLibraryMethod(method)
                        || ObjectStateFacts.CallMayChange(call, _model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), _cancellationToken))
                    {
                        return false;
                    }

                    // A method of the compilation reads what its body reads (`c.GetGain()`, `c.Peek()`).
                    IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
                    if (definition.DeclaringSyntaxReferences.Length > 0 && !definition.IsVirtual && !definition.IsAbstract && !definition.IsOverride)
                    {
                        return definition.DeclaringSyntaxReferences.Any(reference =>
                        {
                            SemanticQueries body = ObjectStateFacts.ModelOf(reference, _model);
                            return reference.GetSyntax(_cancellationToken).DescendantNodes().Any(inner => ObjectStateFacts.IsRead(inner, body, _cancellationToken)
                                && (changed is null || ObjectStateFacts.OwnerOf(inner, body, _cancellationToken) is not { } owner || ObjectStateFacts.IsChanged(owner, changed)));
                        });
                    }

                    if (changed is null)
                    {
                        return true;
                    }

                    var read = new List<ITypeSymbol?> { method.ContainingType };
                    if (call.Expression is MemberAccessExpressionSyntax { Expression: var receiver })
                    {
                        read.Add(_model.GetTypeInfo(receiver, _cancellationToken).Type);
                    }

                    read.AddRange(call.ArgumentList.Arguments.Select(a => _model.GetTypeInfo(a.Expression, _cancellationToken).Type));
                    return read.Any(type => type is not null && ObjectStateFacts.IsChanged(type, changed));
                }

                case IdentifierNameSyntax or ElementAccessExpressionSyntax when ObjectStateFacts.IsRead(node, _model, _cancellationToken):
                    if (changed is null)
                    {
                        return true;
                    }

                    return ObjectStateFacts.OwnerOf(node, _model, _cancellationToken) is not { } owner || ObjectStateFacts.IsChanged(owner, changed);
                default:
                    return false;
            }
        }

        /// <summary>
        /// Makes the value binder follow state the IR has no variable for, where the method (or the caller it is bound to
        /// be inlined into) may change it.
        /// </summary>
        private void FollowObjectState(MethodDeclarationSyntax declaration)
        {
            if (_kernel)
            {
                return;
            }

            if (PlainBodies.ChangesNothing(declaration, _method, _model, _cancellationToken))
            {
                _values.TracksObjectState = _callerChangesObjectState || _values.BuffersWrittenByCalls.Count > 0;
                return;
            }

            _values.BuffersWrittenByCalls.UnionWith(ObjectStateFacts.BuffersWrittenByCalls(declaration, _model, _cancellationToken));
            _values.TracksObjectState = _callerChangesObjectState || _values.BuffersWrittenByCalls.Count > 0
                || ObjectStateFacts.MayChange(declaration, _model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { _method.OriginalDefinition }, _cancellationToken);
        }
    }
}
