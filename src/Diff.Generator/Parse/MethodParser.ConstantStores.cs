using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    internal sealed partial class MethodParser
    {
        /// <summary>
        /// Refuses a differentiable value stored into a place DiffGen does not follow: an element of a
        /// container that is a constant of the differentiation (a row of a [NoDiff] jagged array, a slot of an
        /// <c>object[]</c>, any jagged array or container local), or an element of the row a <c>foreach</c>
        /// over such a container gives. Everything read back out of such a container is a constant
        /// (<see cref="ConstantOfDifferentiation"/>), so after <c>m[0] = theta;</c> the read <c>m[0][0]</c> would
        /// be <c>theta[0]</c> with its derivative dropped: a silent zero. Constants may still be stored there
        /// (<c>m[1] = new double[3];</c>, <c>m[0] = c;</c> with <c>c</c> [NoDiff]), and so may integers, booleans and
        /// strings computed from differentiable values, which carry no derivative anyway.
        /// </summary>
        /// <param name="place">The element written.</param>
        /// <param name="value">The value stored there.</param>
        private void RefuseDifferentiableStore(ExpressionSyntax place, ExpressionSyntax value)
        {
            ITypeSymbol? type = _model.GetTypeInfo(place, _cancellationToken).Type;
            if (type is null || SymbolFacts.KindOf(type) is ScalarKind.Integer or ScalarKind.Boolean || type.SpecialType == SpecialType.System_String)
            {
                return;
            }

            if (DifferentiableRead(value, null) is { } identifier)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, value, SyntaxText.Of(value),
                    "it stores the differentiable value '" + identifier.Identifier.ValueText + "' into '" + SyntaxText.Of(place)
                    + "', an element of a container DiffGen does not differentiate (a [NoDiff] or jagged array, an object), so reading it back would give a constant and drop its derivative;"
                    + " pass that row to the method as a double[] parameter of its own, or copy the values into a local double[] and read them from there");
            }
        }

        /// <summary>
        /// Whether <paramref name="target"/> is an element of a container DiffGen does not differentiate (a
        /// jagged array, an <c>object[]</c>, a collection of the user's), whatever holds the container, or an
        /// element of the row a <c>foreach</c> over such a container gives: the row is the container's own, not a copy.
        /// </summary>
        private bool IsElementOfConstantContainer(ExpressionSyntax target)
        {
            if (target is not ElementAccessExpressionSyntax access)
            {
                return false;
            }

            ITypeSymbol? holder = _model.GetTypeInfo(access.Expression, _cancellationToken).Type;
            if (holder is null)
            {
                return false;
            }

            if (SymbolFacts.ShapeOf(holder).Shape == ParamShape.Other)
            {
                return true;
            }

            return _model.GetSymbolInfo(access.Expression, _cancellationToken).Symbol is ILocalSymbol { IsForEach: true };
        }
    }
}
