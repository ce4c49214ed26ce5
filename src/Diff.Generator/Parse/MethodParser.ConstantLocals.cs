using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    internal sealed partial class MethodParser
    {
        // The method being parsed: the locals that are constants of the differentiation are found over all of it.
        private MethodDeclarationSyntax? _syntax;

        private HashSet<ILocalSymbol>? _constantLocals;

        /// <summary>
        /// Whether <paramref name="local"/>, of a type DiffGen does not differentiate (a class or struct of
        /// the user's, a tuple, a jagged array), is a constant of the differentiation, as a [NoDiff]
        /// parameter is. It is when every value it is given reads only constants: <c>HandModel model =
        /// data.Model;</c> with <c>data</c> [NoDiff] makes <c>model.Positions[i]</c> the constant
        /// <c>data.Model.Positions[i]</c>. Writes into the object itself need no care here: a field or
        /// property written is refused (DIFF005), and so is a call given a differentiable value (DIFF001).
        /// </summary>
        private bool IsConstantLocal(ILocalSymbol local) => (_constantLocals ??= FindConstantLocals(withNumbers: false)).Contains(local);

        private HashSet<ILocalSymbol>? _constantLocalsWithNumbers;

        /// <summary>
        /// The constant locals, and with them the float and double locals whose every write reads only constants
        /// (<c>double c = 2.0;</c>, <c>double t = i * 0.5;</c>, <c>double r = rng.NextDouble();</c>): what an object given to a
        /// differentiated call may be built from without carrying a differentiable value into it.
        /// </summary>
        private HashSet<ILocalSymbol> ConstantLocalsWithNumbers => _constantLocalsWithNumbers ??= FindConstantLocals(withNumbers: true);

        /// <summary>
        /// The constant locals of the method: the largest set of locals declared by a declaration statement
        /// whose every write (its initializer, an assignment of it or of an element of it) reads nothing but
        /// constants and the set's own locals. A local passed by <c>ref</c> or <c>out</c>, aliased by
        /// <c>ref</c>, or a deconstruction's target is written where DiffGen cannot see what: never constant.
        /// </summary>
        /// <param name="withNumbers">Whether float and double locals are candidates too (<see cref="ConstantLocalsWithNumbers"/>).</param>
        private HashSet<ILocalSymbol> FindConstantLocals(bool withNumbers)
        {
            bool Candidate(ITypeSymbol type) => MayBeConstantLocal(type) || withNumbers && SymbolFacts.ShapeOf(type).Shape == ParamShape.Scalar;

            var constants = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            if (_syntax is null)
            {
                return constants;
            }

            var writes = new Dictionary<ILocalSymbol, List<ExpressionSyntax>>(SymbolEqualityComparer.Default);
            foreach (VariableDeclaratorSyntax variable in _syntax.DescendantNodes().OfType<VariableDeclaratorSyntax>())
            {
                if (variable.Parent is not VariableDeclarationSyntax { Type: not RefTypeSyntax } declaration
                    || declaration.Parent is not (LocalDeclarationStatementSyntax or ForStatementSyntax)
                    || _model.GetDeclaredSymbol(variable, _cancellationToken) is not ILocalSymbol local
                    || !Candidate(local.Type))
                {
                    continue;
                }

                constants.Add(local);
                writes[local] = new List<ExpressionSyntax>();
                if (variable.Initializer is not null)
                {
                    writes[local].Add(variable.Initializer.Value);
                }
            }

            // `foreach (var band in Bands)`: the iteration variable gets the collection's elements, and nothing else.
            foreach (ForEachStatementSyntax loop in _syntax.DescendantNodes().OfType<ForEachStatementSyntax>())
            {
                if (loop.Type is not RefTypeSyntax && _model.GetDeclaredSymbol(loop, _cancellationToken) is ILocalSymbol element && Candidate(element.Type))
                {
                    constants.Add(element);
                    writes[element] = new List<ExpressionSyntax> { loop.Expression };
                }
            }

            if (constants.Count == 0)
            {
                return constants;
            }

            foreach (IdentifierNameSyntax identifier in _syntax.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (_model.GetSymbolInfo(identifier, _cancellationToken).Symbol is not ILocalSymbol local || !constants.Contains(local))
                {
                    continue;
                }

                // `model`, `rows[k]`, `model.Inner[k]`: what an assignment to this place changes is the local's value.
                ExpressionSyntax place = identifier;
                while (place.Parent is ElementAccessExpressionSyntax element && element.Expression == place
                       || place.Parent is MemberAccessExpressionSyntax member && member.Expression == place
                       || place.Parent is ParenthesizedExpressionSyntax)
                {
                    place = (ExpressionSyntax)place.Parent;
                }

                switch (place.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left == place:
                        writes[local].Add(assignment.Right);
                        break;
                    // `(ps[0], ps[1]) = (ps[1], ps[0]);`: each target of a tuple assigned a tuple literal gets its element.
                    case ArgumentSyntax { Parent: TupleExpressionSyntax targets } target
                        when targets.Parent is AssignmentExpressionSyntax { Right: TupleExpressionSyntax values } swap && swap.Left == targets
                             && values.Arguments.Count == targets.Arguments.Count:
                        writes[local].Add(values.Arguments[targets.Arguments.IndexOf(target)].Expression);
                        break;
                    case ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword):
                    case ArgumentSyntax { Parent: TupleExpressionSyntax } when IsDeconstructionTarget(place):
                    case RefExpressionSyntax:
                        constants.Remove(local);
                        break;
                }
            }

            // Removing a local can make another that reads it differentiable: repeat until nothing changes.
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (KeyValuePair<ILocalSymbol, List<ExpressionSyntax>> local in writes)
                {
                    if (constants.Contains(local.Key) && local.Value.Exists(value => DifferentiableRead(value, constants) is not null))
                    {
                        constants.Remove(local.Key);
                        changed = true;
                    }
                }
            }

            return constants;
        }

        /// <summary>A type whose values DiffGen never differentiates, and which may hold more than an integer or a boolean.</summary>
        private static bool MayBeConstantLocal(ITypeSymbol type) =>
            SymbolFacts.ShapeOf(type).Shape == ParamShape.Other && SymbolFacts.KindOf(type) == ScalarKind.Other;

        /// <summary>Whether <paramref name="place"/> is an element of a tuple that a deconstruction assigns (<c>(model, k) = …</c>).</summary>
        private static bool IsDeconstructionTarget(ExpressionSyntax place)
        {
            SyntaxNode node = place;
            while (node.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax tuple })
            {
                node = tuple;
            }

            return node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node
                   || node.Parent is ForEachVariableStatementSyntax forEach && forEach.Variable == node;
        }
    }
}
