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

        /// <summary>Whether the body of a [Differentiable] callee of this compilation reads state the IR has no variable for.</summary>
        private bool CalleeReadsObjectState(IMethodSymbol callee)
        {
            if (!_calleesReadingObjectState.TryGetValue(callee, out bool reads))
            {
                reads = callee.DeclaringSyntaxReferences.Any(reference =>
                {
                    SemanticQueries model = reference.SyntaxTree == _model.Model.SyntaxTree ? _model : new SemanticQueries(_model.Model.Compilation.GetSemanticModel(reference.SyntaxTree));
                    return reference.GetSyntax(_cancellationToken).DescendantNodes().Any(node => ObjectStateFacts.IsRead(node, model, _cancellationToken));
                });
                _calleesReadingObjectState[callee] = reads;
            }

            return reads;
        }

        /// <summary>
        /// The first read of state the IR has no variable for, in the statement being parsed, that C# makes before the
        /// call or calls in <paramref name="expression"/> and that they may change; null where there is none. A read
        /// counts when it comes earlier in the statement (not in the condition of a <c>?:</c> whose branch holds the
        /// call, which runs first either way) or inside the call's own arguments, and when it is of static state, of a
        /// buffer a call may write, or of an object the call is made on or given (a call on <c>rng</c> changes nothing
        /// of <c>cfg</c>). A call of a local function whose body reads such state reads it where it is called.
        /// </summary>
        private string? StateReadBefore(ExpressionSyntax expression)
        {
            if (_prelude is null)
            {
                return null;
            }

            List<InvocationExpressionSyntax> calls = expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().ToList();
            var touched = new HashSet<string>(System.StringComparer.Ordinal);
            bool touchesThis = false;
            foreach (InvocationExpressionSyntax call in calls)
            {
                if (call.Expression is MemberAccessExpressionSyntax { Expression: var receiver })
                {
                    ExpressionSyntax root = ChainStart(receiver);

                    if (root is IdentifierNameSyntax name)
                    {
                        touched.Add(name.Identifier.ValueText);
                    }

                    touchesThis |= root is ThisExpressionSyntax or BaseExpressionSyntax;
                }
                else if (_model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { IsStatic: false, MethodKind: not MethodKind.LocalFunction })
                {
                    touchesThis = true;
                }

                foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
                {
                    if (argument.Expression is IdentifierNameSyntax given)
                    {
                        touched.Add(given.Identifier.ValueText);
                    }

                    touchesThis |= argument.Expression is ThisExpressionSyntax;
                }
            }

            foreach (SyntaxNode node in _prelude.Statement.DescendantNodes())
            {
                bool before = node.Span.End <= expression.SpanStart
                              && !node.Ancestors().TakeWhile(a => a != _prelude.Statement).OfType<ConditionalExpressionSyntax>()
                                  .Any(conditional => conditional.Condition.Span.Contains(node.Span) && (conditional.WhenTrue.Span.Contains(expression.Span) || conditional.WhenFalse.Span.Contains(expression.Span)));
                bool inArguments = calls.Any(call => call.ArgumentList.Span.Contains(node.Span));
                if (!(before || inArguments) || !ReadsStateTheCallsMayChange(node, touched, touchesThis))
                {
                    continue;
                }

                return node is IdentifierNameSyntax { Parent: MemberAccessExpressionSyntax member } name && member.Name == name ? member.ToString() : node.ToString();
            }

            return null;
        }

        /// <summary>Where a chain of member accesses, element accesses and calls starts: <c>c</c> of <c>c.Items[0].Next().Value</c>.</summary>
        private static ExpressionSyntax ChainStart(ExpressionSyntax expression)
        {
            while (true)
            {
                switch (expression)
                {
                    case MemberAccessExpressionSyntax member:
                        expression = member.Expression;
                        break;
                    case ElementAccessExpressionSyntax element:
                        expression = element.Expression;
                        break;
                    case InvocationExpressionSyntax call:
                        expression = call.Expression;
                        break;
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        break;
                    default:
                        return expression;
                }
            }
        }

        /// <summary>Whether <paramref name="node"/> reads state that calls touching <paramref name="touched"/> (and <c>this</c>, when <paramref name="touchesThis"/>) may change.</summary>
        private bool ReadsStateTheCallsMayChange(SyntaxNode node, HashSet<string> touched, bool touchesThis)
        {
            if (_values.IsWrittenByCalls(node))
            {
                return true;
            }

            if (node is InvocationExpressionSyntax local
                && _model.GetSymbolInfo(local, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function)
            {
                // What a local function reads of objects it reads where it is called: taken as read of anything.
                return function.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(_cancellationToken).DescendantNodes()
                    .Any(inner => ObjectStateFacts.IsRead(inner, _model, _cancellationToken)));
            }

            if (!ObjectStateFacts.IsRead(node, _model, _cancellationToken))
            {
                return false;
            }

            // A static member is state any call may change.
            if (node is IdentifierNameSyntax member && _model.GetSymbolInfo(member, _cancellationToken).Symbol is { IsStatic: true })
            {
                return true;
            }

            // The start of the access chain: `c` of `c.Weights[0].Value`, `this`, or nothing for a member of this named alone.
            SyntaxNode access = node;
            while (access.Parent is MemberAccessExpressionSyntax outer && outer.Name == access)
            {
                access = outer;
            }

            ExpressionSyntax? root = access switch
            {
                MemberAccessExpressionSyntax outerAccess => outerAccess.Expression,
                ElementAccessExpressionSyntax element => element.Expression,
                _ => null,
            };
            root = root is null ? null : ChainStart(root);

            switch (root)
            {
                case null or ThisExpressionSyntax or BaseExpressionSyntax:
                    return touchesThis;
                case IdentifierNameSyntax name:
                    return _model.GetSymbolInfo(name, _cancellationToken).Symbol switch
                    {
                        ILocalSymbol or IParameterSymbol => touched.Contains(name.Identifier.ValueText),
                        ISymbol { IsStatic: true } => true,
                        IFieldSymbol or IPropertySymbol => touchesThis || touched.Contains(name.Identifier.ValueText),
                        _ => true,
                    };
                default:
                    return true;
            }
        }

        /// <summary>
        /// Makes the value binder follow state the IR has no variable for, where the method (or the caller it is bound to
        /// be inlined into) may change it.
        /// </summary>
        private void FollowObjectState(SyntaxNode declaration)
        {
            if (_kernel)
            {
                return;
            }

            _values.BuffersWrittenByCalls.UnionWith(ObjectStateFacts.BuffersWrittenByCalls(declaration, _model, _cancellationToken));
            _values.TracksObjectState = _callerChangesObjectState || _values.BuffersWrittenByCalls.Count > 0
                || ObjectStateFacts.MayChange(declaration, _model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { _method.OriginalDefinition }, _cancellationToken);
        }
    }
}
