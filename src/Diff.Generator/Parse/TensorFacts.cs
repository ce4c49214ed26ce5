using System.Linq;
using Microsoft.CodeAnalysis;

namespace Diff.Generator.Parse
{
    /// <summary>The runtime types tensor mode knows by name, and the shape of a tensor op's registered backward.</summary>
    internal static class TensorFacts
    {
        public const string Tensor = "Diff.Tensor";
        public const string Module = "Diff.NN.Module";
        public const string Parameter = "Diff.NN.Parameter";
        public const string TensorCode = "global::Diff.Tensor";

        public static readonly SymbolDisplayFormat NullableQualifiedFormat = SymbolFacts.QualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static bool IsTensor(ITypeSymbol? type) => type is INamedTypeSymbol && type.OriginalDefinition.ToDisplayString() == Tensor;

        public static bool IsParameter(ITypeSymbol? type) => type is INamedTypeSymbol && type.OriginalDefinition.ToDisplayString() == Parameter;

        public static bool IsModule(ITypeSymbol? type)
        {
            for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
            {
                if (t.OriginalDefinition.ToDisplayString() == Module)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether a [Differentiable] method is differentiated in tensor mode (it takes or returns tensors or modules).</summary>
        public static bool IsTensorMethod(IMethodSymbol method) =>
            IsTensor(method.ReturnType)
            || (!method.IsStatic && IsModule(method.ContainingType))
            || method.Parameters.Any(p => IsTensor(p.Type) || IsModule(p.Type) || IsParameter(p.Type));

        /// <summary>Whether <paramref name="method"/> or a method it overrides carries [Differentiable].</summary>
        public static bool IsDifferentiable(IMethodSymbol method)
        {
            for (IMethodSymbol? m = method; m is not null; m = m.OverriddenMethod)
            {
                if (SymbolFacts.HasAttribute(m, SymbolFacts.DifferentiableAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The registered backward of a tensor op has the op's parameters (the receiver first for
        /// an instance op), then the result and its gradient, then a <c>ref Tensor?</c> per Tensor
        /// parameter, and returns void.
        /// </summary>
        public static bool MatchesBackwardShape(IMethodSymbol backward, IMethodSymbol target)
        {
            if (!backward.IsStatic || !backward.ReturnsVoid || !IsTensor(target.ReturnType) || target.IsGenericMethod)
            {
                return false;
            }

            ITypeSymbol[] inputs = (target.IsStatic ? Enumerable.Empty<ITypeSymbol>() : new[] { (ITypeSymbol)target.ContainingType })
                .Concat(target.Parameters.Select(p => p.Type)).ToArray();
            int tensors = inputs.Count(IsTensor);
            if (backward.Parameters.Length != inputs.Length + 2 + tensors)
            {
                return false;
            }

            for (int i = 0; i < inputs.Length; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(inputs[i], backward.Parameters[i].Type) || backward.Parameters[i].RefKind != RefKind.None)
                {
                    return false;
                }
            }

            if (!IsTensor(backward.Parameters[inputs.Length].Type) || !IsTensor(backward.Parameters[inputs.Length + 1].Type))
            {
                return false;
            }

            for (int i = inputs.Length + 2; i < backward.Parameters.Length; i++)
            {
                if (!IsTensor(backward.Parameters[i].Type) || backward.Parameters[i].RefKind != RefKind.Ref)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The registered tangent of a tensor op has the op's parameters (the receiver first for an instance op),
        /// then the result, then a <c>Tensor?</c> tangent per Tensor parameter, and returns the result's tangent.
        /// </summary>
        public static bool MatchesTangentShape(IMethodSymbol tangent, IMethodSymbol target)
        {
            if (!tangent.IsStatic || !IsTensor(tangent.ReturnType) || !IsTensor(target.ReturnType) || target.IsGenericMethod || tangent.IsGenericMethod)
            {
                return false;
            }

            ITypeSymbol[] inputs = (target.IsStatic ? Enumerable.Empty<ITypeSymbol>() : new[] { (ITypeSymbol)target.ContainingType })
                .Concat(target.Parameters.Select(p => p.Type)).ToArray();
            int tensors = inputs.Count(IsTensor);
            if (tangent.Parameters.Length != inputs.Length + 1 + tensors)
            {
                return false;
            }

            for (int i = 0; i < inputs.Length; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(inputs[i], tangent.Parameters[i].Type) || tangent.Parameters[i].RefKind != RefKind.None)
                {
                    return false;
                }
            }

            for (int i = inputs.Length; i < tangent.Parameters.Length; i++)
            {
                if (!IsTensor(tangent.Parameters[i].Type) || tangent.Parameters[i].RefKind != RefKind.None)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The backward registered for a tensor op in the op's own type, as "global::T.Name"; null when there is none.</summary>
        public static string? FindBackward(IMethodSymbol target) => FindRegistered(target, SymbolFacts.DerivativeOfAttribute, MatchesBackwardShape);

        /// <summary>
        /// The tangent rule registered with [TangentOf] for a tensor op in the op's own type (beside its backward, found the
        /// same way), as "global::T.Name"; null when there is none.
        /// </summary>
        public static string? FindTangent(IMethodSymbol target) => FindRegistered(target, SymbolFacts.TangentOfAttribute, MatchesTangentShape);

        /// <summary>
        /// What the Hessian-vector companions need beyond the backward: the curvature rule registered with [CurvatureOf]
        /// (as "global::T.Name"), <see cref="PiecewiseLinear"/> when the backward is marked [PiecewiseLinear] (no rule
        /// needed), or null when the op has neither.
        /// </summary>
        public static string? FindCurvature(IMethodSymbol target)
        {
            IMethodSymbol? backward = FindRegisteredSymbol(target, SymbolFacts.DerivativeOfAttribute, MatchesBackwardShape);
            if (backward is not null && SymbolFacts.HasAttribute(backward, SymbolFacts.PiecewiseLinearAttribute))
            {
                return PiecewiseLinear;
            }

            return FindRegistered(target, SymbolFacts.CurvatureOfAttribute, MatchesCurvatureShape);
        }

        /// <summary>What <see cref="FindCurvature"/> gives for an op marked [PiecewiseLinear]: its curvature is zero.</summary>
        public const string PiecewiseLinear = "";

        /// <summary>
        /// Whether <paramref name="curvature"/> has the shape of a curvature rule of <paramref name="target"/>: static, void,
        /// the op's parameters (the receiver first), the result, its gradient, a <c>Tensor?</c> tangent per Tensor
        /// parameter, the result's tangent, then a <c>ref Tensor?</c> slot per Tensor parameter.
        /// </summary>
        public static bool MatchesCurvatureShape(IMethodSymbol curvature, IMethodSymbol target)
        {
            if (!curvature.IsStatic || !curvature.ReturnsVoid || !IsTensor(target.ReturnType) || target.IsGenericMethod || curvature.IsGenericMethod)
            {
                return false;
            }

            ITypeSymbol[] inputs = (target.IsStatic ? Enumerable.Empty<ITypeSymbol>() : new[] { (ITypeSymbol)target.ContainingType })
                .Concat(target.Parameters.Select(p => p.Type)).ToArray();
            int tensors = inputs.Count(IsTensor);
            if (curvature.Parameters.Length != inputs.Length + 2 + tensors + 1 + tensors)
            {
                return false;
            }

            for (int i = 0; i < curvature.Parameters.Length; i++)
            {
                IParameterSymbol parameter = curvature.Parameters[i];
                bool fits = i < inputs.Length
                    ? SymbolEqualityComparer.Default.Equals(inputs[i], parameter.Type) && parameter.RefKind == RefKind.None
                    : IsTensor(parameter.Type) && parameter.RefKind == (i < inputs.Length + 3 + tensors ? RefKind.None : RefKind.Ref);
                if (!fits)
                {
                    return false;
                }
            }

            return true;
        }

        private static string? FindRegistered(IMethodSymbol target, string attributeName, System.Func<IMethodSymbol, IMethodSymbol, bool> matches)
        {
            INamedTypeSymbol? owner = target.ContainingType;
            IMethodSymbol? found = FindRegisteredSymbol(target, attributeName, matches);
            return owner is null || found is null ? null : owner.ToDisplayString(SymbolFacts.QualifiedFormat) + "." + found.Name;
        }

        private static IMethodSymbol? FindRegisteredSymbol(IMethodSymbol target, string attributeName, System.Func<IMethodSymbol, IMethodSymbol, bool> matches)
        {
            INamedTypeSymbol? owner = target.ContainingType;
            if (owner is null)
            {
                return null;
            }

            foreach (ISymbol member in owner.GetMembers())
            {
                if (member is IMethodSymbol candidate && candidate.IsStatic && RegistrationFinder.Names(candidate, target, attributeName) && matches(candidate, target))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
