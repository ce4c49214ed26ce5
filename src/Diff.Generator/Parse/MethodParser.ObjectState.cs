using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Diff.Generator.Parse
{
    internal sealed partial class MethodParser
    {
        /// <summary>
        /// Set on the parser of a helper bound for inlining into a method that may change the state of objects: the
        /// helper's reads of that state are followed as the caller's (<see cref="ObjectStateFacts"/>).
        /// </summary>
        private bool _callerChangesObjectState;

        private readonly Dictionary<IMethodSymbol, bool> _pullbacksReadingObjectState = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// Whether a [Differentiable] callee is differentiated through a pullback the reverse sweep runs (it takes a
        /// buffer, or returns nothing) and its body reads state the IR has no variable for: run after the caller changed
        /// that state, the pullback would read the changed values. A callee of scalars only gives its partials at the call.
        /// </summary>
        private bool PullbackReadsObjectState(IMethodSymbol callee)
        {
            if (!_pullbacksReadingObjectState.TryGetValue(callee, out bool reads))
            {
                reads = (callee.ReturnsVoid || callee.Parameters.Any(p => SymbolFacts.ShapeOf(p.Type).Shape is ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan))
                        && callee.DeclaringSyntaxReferences.Any(reference =>
                        {
                            SemanticQueries model = reference.SyntaxTree == _model.Model.SyntaxTree ? _model : new SemanticQueries(_model.Model.Compilation.GetSemanticModel(reference.SyntaxTree));
                            return reference.GetSyntax(_cancellationToken).DescendantNodes().Any(node => ObjectStateFacts.IsRead(node, model, _cancellationToken));
                        });
                _pullbacksReadingObjectState[callee] = reads;
            }

            return reads;
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
