using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    internal sealed partial class MethodParser
    {
        /// <summary>How many statements a callee may have, counted in its syntax, and still be offered for inlining.</summary>
        private const int InlineStatementLimit = 40;

        /// <summary>How deep inlined callees may nest (a helper of a helper of the method).</summary>
        private const int InlineDepthLimit = 3;

        /// <summary>The methods whose bodies are being bound around this one for inlining, outermost first: a cycle stops there.</summary>
        private ImmutableList<IMethodSymbol> _inlining = ImmutableList<IMethodSymbol>.Empty;

        private readonly Dictionary<IMethodSymbol, InlineCallee?> _inlineCallees = new(SymbolEqualityComparer.Default);

        /// <summary>Whether calls offer their callees' bodies for inlining (not for the analyzer, which reports the method as written).</summary>
        private bool _offersInlining = true;

        /// <summary>
        /// The callee's body, bound by a parser of its own, when the caller may inline it: a small static
        /// [Differentiable] method of the same type, declared in the same file (so its names mean the same there), not
        /// generic, taking nothing by reference, not marked <c>[MethodImpl(MethodImplOptions.NoInlining)]</c>, and bound
        /// without any error. Whether its IR can be inlined at a given
        /// call (a single return at the end, no code the IR does not model) is decided by the lowering, which also makes
        /// every name fresh. Null when it is not offered.
        /// </summary>
        private InlineCallee? InlineCalleeOf(IMethodSymbol method)
        {
            // A helper called several times (LogSumExp over each point and over the weights) is bound once per caller.
            IMethodSymbol callee = method.OriginalDefinition;
            if (!_inlineCallees.TryGetValue(callee, out InlineCallee? bound))
            {
                bound = BindInlineCallee(callee);
                _inlineCallees[callee] = bound;
            }

            return bound;
        }

        /// <summary>The callee's bound body, as <see cref="InlineCalleeOf"/> describes; null when it is not offered.</summary>
        private InlineCallee? BindInlineCallee(IMethodSymbol callee)
        {
            if (_kernel || !_offersInlining || _inlining.Count >= InlineDepthLimit || !callee.IsStatic || callee.IsGenericMethod || callee.IsExtern
                || callee.MethodKind != MethodKind.Ordinary || callee.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams)
                || !SymbolEqualityComparer.Default.Equals(callee.ContainingType, _method.ContainingType)
                || SymbolEqualityComparer.Default.Equals(callee, _method.OriginalDefinition)
                || _inlining.Contains(callee, SymbolEqualityComparer.Default)
                || callee.DeclaringSyntaxReferences.Length != 1
                // [MethodImpl(MethodImplOptions.NoInlining)] keeps a helper a call, here as for the JIT.
                || (callee.MethodImplementationFlags & System.Reflection.MethodImplAttributes.NoInlining) != 0)
            {
                return null;
            }

            SyntaxReference reference = callee.DeclaringSyntaxReferences[0];
            if (reference.SyntaxTree != _model.Model.SyntaxTree || reference.GetSyntax(_cancellationToken) is not MethodDeclarationSyntax syntax
                || syntax.ContainsDiagnostics
                || (syntax.Body is { } body && body.DescendantNodes().OfType<StatementSyntax>().Count() > InlineStatementLimit)
                || (syntax.Body is null && syntax.ExpressionBody is null))
            {
                return null;
            }

            var parser = new MethodParser(_model.OtherBodiesModel, otherBodies: null, callee, _cancellationToken)
            {
                _inlining = _inlining.Add(_method.OriginalDefinition),
                _callerChangesObjectState = _values.TracksObjectState,
            };
            MethodModel? model = parser.ParseMethod(syntax);
            if (model is null || parser._broken || parser._diagnostics.Count > 0)
            {
                return null;
            }

            return new InlineCallee(callee.Name, model.ReturnKind, model.Parameters, model.Body, model.Identifiers);
        }
    }
}
