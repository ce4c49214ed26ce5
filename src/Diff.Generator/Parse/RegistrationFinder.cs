using System.Linq;
using System.Threading;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>Reads [DerivativeOf] registrations and checks that each has the shape of the target's adjoint.</summary>
    internal static class RegistrationFinder
    {
        /// <summary>Whether <paramref name="candidate"/> carries a [DerivativeOf] that names <paramref name="target"/>, with the scalar shape.</summary>
        public static bool Targets(IMethodSymbol candidate, IMethodSymbol target) => Names(candidate, target) && MatchesShape(candidate, target);

        /// <summary>Whether <paramref name="candidate"/> carries a [DerivativeOf] naming <paramref name="target"/>'s type and name.</summary>
        public static bool Names(IMethodSymbol candidate, IMethodSymbol target) => Names(candidate, target, SymbolFacts.DerivativeOfAttribute);

        /// <summary>Whether <paramref name="candidate"/> carries the registration attribute <paramref name="attributeName"/> naming <paramref name="target"/>'s type and name.</summary>
        public static bool Names(IMethodSymbol candidate, IMethodSymbol target, string attributeName)
        {
            foreach (AttributeData attribute in candidate.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == attributeName
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is INamedTypeSymbol type
                    && attribute.ConstructorArguments[1].Value is string name
                    && name == target.Name
                    && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, target.ContainingType?.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Reads one registration: the target's key, or a DIFF011 diagnostic.</summary>
        public static Result<DerivativeRegistration> Read(GeneratorAttributeSyntaxContextLike context, CancellationToken cancellationToken)
        {
            IMethodSymbol derivative = context.Method;
            LocationInfo? at = LocationInfo.From(context.Syntax is MethodDeclarationSyntax m ? m.Identifier.GetLocation() : context.Syntax.GetLocation());
            foreach (AttributeData attribute in context.Attributes)
            {
                if (attribute.ConstructorArguments.Length != 2
                    || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type
                    || attribute.ConstructorArguments[1].Value is not string name)
                {
                    return Fail(derivative, at, "give the target's type and method name, as in [DerivativeOf(typeof(Math), nameof(Math.Sin))]");
                }

                IMethodSymbol[] candidates = type.GetMembers(name).OfType<IMethodSymbol>().ToArray();
                if (candidates.Length == 0)
                {
                    return Fail(derivative, at, $"'{type.ToDisplayString()}' has no method named '{name}'");
                }

                if (!derivative.IsStatic && derivative.Parameters.Length > 0 && candidates.All(c => c.IsStatic))
                {
                    return Fail(derivative, at, "a derivative of a static method must be static");
                }

                IMethodSymbol? target = candidates.FirstOrDefault(c => SymbolFacts.HasAttribute(c, SymbolFacts.KernelAttribute)
                    ? MatchesKernelBackwardShape(derivative, c)
                    : MatchesShape(derivative, c) || TensorFacts.MatchesBackwardShape(derivative, c));
                if (target is null && candidates.Any(c => SymbolFacts.HasAttribute(c, SymbolFacts.KernelAttribute)))
                {
                    return Fail(
                        derivative,
                        at,
                        $"the backward of the kernel '{type.ToDisplayString()}.{name}' is a static void method that takes an ILGPU Accelerator and the KernelConfig the kernel is launched with, then the kernel's parameters, then an ArrayView<T> adjoint per differentiable view and per float or double scalar (length 1)");
                }

                if (target is null)
                {
                    return Fail(
                        derivative,
                        at,
                        $"no overload of '{type.ToDisplayString()}.{name}' matches; the derivative takes the target's parameters, then one adjoint per differentiable parameter (ref double for scalars, the same array type for arrays, Span<T> for spans), and returns what the target returns; a tensor op's backward takes the op's parameters (the receiver first), the result, its gradient, then a ref Tensor? per Tensor parameter, and returns void");
                }

                string call = derivative.ContainingType.ToDisplayString(SymbolFacts.QualifiedFormat) + "." + derivative.Name;
                return new Result<DerivativeRegistration>(new DerivativeRegistration(SymbolFacts.RegistrationKey(target), call), EquatableArray<DiagnosticInfo>.Empty);
            }

            return Fail(derivative, at, "no target given");
        }

        /// <summary>
        /// The registered method must look like the generated adjoint of the target: the target's
        /// parameters, then an adjoint for each differentiable one, returning the target's type.
        /// </summary>
        public static bool MatchesShape(IMethodSymbol derivative, IMethodSymbol target)
        {
            if (!SymbolEqualityComparer.Default.Equals(derivative.ReturnType, target.ReturnType) || target.IsGenericMethod)
            {
                return false;
            }

            int n = target.Parameters.Length;
            int expectedAdjoints = 0;
            for (int i = 0; i < n; i++)
            {
                if (SymbolFacts.ShapeOf(target.Parameters[i].Type).Shape != Model.ParamShape.Other
                    && !SymbolFacts.HasAttribute(target.Parameters[i], SymbolFacts.NoDiffAttribute))
                {
                    expectedAdjoints++;
                }
            }

            if (derivative.Parameters.Length != n + expectedAdjoints)
            {
                return false;
            }

            int adjoint = n;
            for (int i = 0; i < n; i++)
            {
                IParameterSymbol parameter = target.Parameters[i];
                if (!SymbolEqualityComparer.Default.Equals(parameter.Type, derivative.Parameters[i].Type))
                {
                    return false;
                }

                (Model.ParamShape shape, Model.ScalarKind element) = SymbolFacts.ShapeOf(parameter.Type);
                if (shape == Model.ParamShape.Other || SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute))
                {
                    continue;
                }

                IParameterSymbol adjointParameter = derivative.Parameters[adjoint++];
                (Model.ParamShape adjointShape, Model.ScalarKind adjointElement) = SymbolFacts.ShapeOf(adjointParameter.Type);
                bool ok = shape switch
                {
                    Model.ParamShape.Scalar => adjointParameter.RefKind == RefKind.Ref && adjointShape == Model.ParamShape.Scalar,
                    Model.ParamShape.Array => adjointShape == Model.ParamShape.Array && adjointParameter.RefKind == RefKind.None,
                    _ => adjointShape == Model.ParamShape.Span && adjointParameter.RefKind == RefKind.None,
                };
                if (!ok || adjointElement != element)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The backward of an explicitly grouped [Kernel] K(p…): <c>static void B(Accelerator, KernelConfig, p…, d…)</c>, a host
        /// method that launches what it needs (the forward, the adjoint kernels, clearing an overwritten view's
        /// adjoint), with an <c>ArrayView&lt;T&gt;</c> adjoint per differentiable view and per float or double scalar.
        /// </summary>
        public static bool MatchesKernelBackwardShape(IMethodSymbol derivative, IMethodSymbol target)
        {
            if (!derivative.ReturnsVoid || !derivative.IsStatic || target.Parameters.Length == 0 && derivative.Parameters.Length < 2)
            {
                return false;
            }

            int n = target.Parameters.Length;
            var adjoints = new System.Collections.Generic.List<Model.ScalarKind>();
            foreach (IParameterSymbol parameter in target.Parameters)
            {
                (Model.ParamShape shape, Model.ScalarKind element) = SymbolFacts.ShapeOf(parameter.Type);
                if (shape != Model.ParamShape.Other && !SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute))
                {
                    adjoints.Add(element);
                }
            }

            if (derivative.Parameters.Length != 2 + n + adjoints.Count
                || derivative.Parameters[0].Type.ToDisplayString() != "ILGPU.Runtime.Accelerator"
                || derivative.Parameters[1].Type.ToDisplayString() != "ILGPU.KernelConfig")
            {
                return false;
            }

            for (int i = 0; i < n; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(target.Parameters[i].Type, derivative.Parameters[2 + i].Type))
                {
                    return false;
                }
            }

            for (int i = 0; i < adjoints.Count; i++)
            {
                ITypeSymbol adjoint = derivative.Parameters[2 + n + i].Type;
                if (!SymbolFacts.IsArrayView(adjoint) || SymbolFacts.ShapeOf(adjoint).Element != adjoints[i] || derivative.Parameters[2 + n + i].RefKind != RefKind.None)
                {
                    return false;
                }
            }

            return true;
        }

        private static Result<DerivativeRegistration> Fail(IMethodSymbol derivative, LocationInfo? at, string why) =>
            new(null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRegistration, at, derivative.Name, why) }.ToEquatableArray());
    }

    /// <summary>The parts of a GeneratorAttributeSyntaxContext that registration reading needs (shared with the analyzer).</summary>
    internal readonly struct GeneratorAttributeSyntaxContextLike
    {
        public GeneratorAttributeSyntaxContextLike(SyntaxNode syntax, IMethodSymbol method, System.Collections.Immutable.ImmutableArray<AttributeData> attributes)
        {
            Syntax = syntax;
            Method = method;
            Attributes = attributes;
        }

        public SyntaxNode Syntax { get; }

        public IMethodSymbol Method { get; }

        public System.Collections.Immutable.ImmutableArray<AttributeData> Attributes { get; }
    }
}
