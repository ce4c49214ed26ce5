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
        /// The first read of state the IR has no variable for in the statement being parsed that C# makes before
        /// <paramref name="expression"/> (and outside it); null where there is none.
        /// </summary>
        private string? StateReadBefore(ExpressionSyntax expression) =>
            _prelude?.Statement.DescendantNodes()
                .FirstOrDefault(node => node.Span.End <= expression.SpanStart && (ObjectStateFacts.IsRead(node, _model, _cancellationToken) || _values.IsWrittenByCalls(node))) switch
            {
                null => null,
                IdentifierNameSyntax { Parent: MemberAccessExpressionSyntax member } name when member.Name == name => member.ToString(),
                var node => node.ToString(),
            };

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
