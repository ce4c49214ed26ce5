using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// The companions of a method DiffGen refused for an error in its body (<see cref="RefusedMethod"/>): each
    /// with the signature it would have had and a body that throws <see cref="System.InvalidOperationException"/>,
    /// naming the method and its errors. The build fails on those errors anyway, so the stand-ins never run;
    /// they keep the code that calls the companions compiling (the generated code of a [Differentiable] caller,
    /// the user's own calls), so that the DIFF errors at the offending code are all the build reports, without
    /// a cascade of CS0117 about companions that do not exist.
    /// </summary>
    internal static class RefusedEmitter
    {
        /// <summary>How a stand-in file's second line begins; an adjoint's never does.</summary>
        public const string Marker = "// DiffGen refused ";

        /// <summary>Whether a generated file holds stand-ins rather than a method's real companions.</summary>
        public static bool IsStandIn(string text) => text.IndexOf("\n" + Marker, System.StringComparison.Ordinal) >= 0;

        /// <summary>
        /// The stand-ins a method refused with <paramref name="diagnostics"/> gets, or null: none for a kernel
        /// (only its own launcher calls its adjoint), none when its declaration itself was refused (see
        /// <see cref="DiagnosticDescriptors.IsAboutDeclaration"/>), and none when an adjoint would take the name of
        /// a parameter (DIFF014): no signature could be written for them.
        /// </summary>
        public static RefusedMethod? Refused(BoundMethod? method, EquatableArray<DiagnosticInfo> diagnostics)
        {
            string[] errors = diagnostics.Select(d => d.Id).Where(id => id != DiagnosticDescriptors.ResultIsConstant.Id).Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToArray();
            if (method is null || errors.Length == 0 || errors.Any(DiagnosticDescriptors.IsAboutDeclaration))
            {
                return null;
            }

            (string Name, bool Differentiable)[] parameters = method.Scalar?.Parameters.Select(p => (p.Name, p.Differentiable)).ToArray()
                ?? method.Tensor?.Parameters.Select(p => (p.Name, p.Differentiable)).ToArray()
                ?? new (string, bool)[0];
            string[] names = parameters.Select(p => p.Name.TrimStart('@'))
                .Concat(parameters.Where(p => p.Differentiable).Select(p => Parse.SymbolFacts.AdjointName(p.Name).TrimStart('@')))
                .ToArray();
            if (names.Distinct(System.StringComparer.Ordinal).Count() != names.Length)
            {
                return null;
            }

            BoundMethod? declaration = method switch
            {
                { Mode: MethodMode.Scalar, Scalar: { } scalar } when scalar.ReturnKind is ScalarKind.Double or ScalarKind.Float or ScalarKind.Void =>
                    method with { Scalar = scalar with { Body = new Block(EquatableArray<Stmt>.Empty), Location = null } },
                { Mode: MethodMode.Tensor, Tensor: { } tensor } =>
                    method with { Tensor = tensor with { Body = new Block(EquatableArray<Stmt>.Empty), Locals = EquatableArray<TensorLocal>.Empty, Identifiers = EquatableArray<string>.Empty, Location = null } },
                _ => null,
            };
            return declaration is null ? null : new RefusedMethod(declaration, errors.ToEquatableArray());
        }

        public static GeneratedSource Emit(RefusedMethod refused)
        {
            BoundMethod method = refused.Method;
            IReadOnlyList<ContainingType> types = method.Scalar?.ContainingTypes ?? method.Tensor!.ContainingTypes;
            string name = method.Scalar?.Name ?? method.Tensor!.Name;
            string qualified = (types.Count > 0 ? Parse.MethodParser.StripTypeParameters(types[types.Count - 1].NameWithTypeParameters) + "." : string.Empty) + name;
            string errors = string.Join(", ", refused.ErrorIds);
            string description = Marker + qualified + " (" + errors + "): these stand-ins for its companions keep the code that calls them compiling, and throw if called. Do not edit.";
            string body = "throw new global::System.InvalidOperationException(\"" + qualified + " has no generated derivative: DiffGen refused it (" + errors + "). Fix the error reported there.\");";
            return method.Tensor is { } tensorMethod
                ? TensorSourceEmitter.Emit(tensorMethod, description, body)
                : SourceEmitter.EmitRefused(method.Scalar!, description, body);
        }
    }
}
