using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// A member the containing type already declares in its own source that a generated companion would collide with:
    /// one of the companion's name that is not a method (CS0102 in the generated file), or a method with its name, its
    /// number of type parameters, and its parameters' types and by-reference kinds (CS0111). The generated file would
    /// not compile, and the error would point into code the user never wrote; DIFF020 points at the method instead.
    /// </summary>
    internal static class CompanionClashes
    {
        /// <summary>
        /// The endings of the companions' names that a user's member could take: scalar mode's
        /// (<see cref="Emit.SourceEmitter.CompanionSignatures"/>) and tensor mode's (<see cref="Emit.TensorSourceEmitter"/>).
        /// </summary>
        private static readonly string[] Endings =
        {
            "Gradient", "Pullback", "Record", "Reverse", "Tangent", "TangentLanes", "HessianVector", "PullbackHessianVector", "Jacobian",
            "PullbackLanes", "RecordTangent", "ReverseTangent",
        };

        /// <summary>
        /// The first clash, as the member's description and the companion's signature, or null. <paramref name="companions"/>
        /// are written only when the type has a member of the source named like a companion, which ordinary code never has.
        /// </summary>
        public static (string Member, string Companion)? Find(IMethodSymbol method, System.Func<IEnumerable<MethodDeclarationSyntax>> companions, SemanticModel model, int position, CancellationToken cancellationToken)
        {
            if (method.ContainingType is not { } type || !Endings.Any(ending => type.GetMembers(method.Name + ending).Any(IsWrittenByUser)))
            {
                return null;
            }

            foreach (MethodDeclarationSyntax companion in companions())
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (ISymbol member in type.GetMembers(companion.Identifier.ValueText))
                {
                    if (IsWrittenByUser(member) && (member is not IMethodSymbol other || SameSignature(other, companion, model, position, cancellationToken)))
                    {
                        return (member.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat), SignatureText(companion));
                    }
                }
            }

            return null;
        }

        /// <summary>The declarations of companions given by their signatures.</summary>
        public static IEnumerable<MethodDeclarationSyntax> FromSignatures(IEnumerable<string> signatures) =>
            signatures.Select(signature => SyntaxFactory.ParseMemberDeclaration(signature + " { }")).OfType<MethodDeclarationSyntax>();

        /// <summary>The declarations of the methods in a generated file.</summary>
        public static IEnumerable<MethodDeclarationSyntax> FromSource(string text) =>
            CSharpSyntaxTree.ParseText(text).GetRoot().DescendantNodes(node => node is not MethodDeclarationSyntax).OfType<MethodDeclarationSyntax>();

        /// <summary>Whether a method is one DiffGen wrote: declared only in the files it generates.</summary>
        public static bool IsDiffGenCompanion(IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.Length > 0 && method.DeclaringSyntaxReferences.All(reference => IsWrittenByDiffGen(reference.SyntaxTree));

        /// <summary>
        /// Whether a member is the user's rather than DiffGen's: declared somewhere outside the files DiffGen writes (the
        /// analyzer's compilation holds those, with every companion in them).
        /// </summary>
        private static bool IsWrittenByUser(ISymbol member) =>
            !member.IsImplicitlyDeclared && member.DeclaringSyntaxReferences.Any(reference => !IsWrittenByDiffGen(reference.SyntaxTree));

        private static bool IsWrittenByDiffGen(SyntaxTree tree) =>
            tree.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) && Emit.SourceFrame.Wrote(tree.GetText());

        private static bool SameSignature(IMethodSymbol member, MethodDeclarationSyntax companion, SemanticModel model, int position, CancellationToken cancellationToken)
        {
            int arity = companion.TypeParameterList?.Parameters.Count ?? 0;
            if (member.Arity != arity || member.Parameters.Length != companion.ParameterList.Parameters.Count)
            {
                return false;
            }

            var typeParameters = companion.TypeParameterList?.Parameters.Select(p => p.Identifier.ValueText).ToList() ?? new List<string>();
            for (int i = 0; i < member.Parameters.Length; i++)
            {
                IParameterSymbol parameter = member.Parameters[i];
                ParameterSyntax other = companion.ParameterList.Parameters[i];
                bool byReference = other.Modifiers.Any(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword));
                if ((parameter.RefKind != RefKind.None) != byReference || other.Type is null)
                {
                    return false;
                }

                cancellationToken.ThrowIfCancellationRequested();
                ITypeSymbol erased = Erase(parameter.Type, model.Compilation);
                if (other.Type.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(name => typeParameters.Contains(name.Identifier.ValueText)))
                {
                    // A type made of the companion's own type parameters (`__TLanes[]`, `Span<__TLanes>`) cannot be bound at the
                    // method: it is compared as written, with the member's type parameters named as the companion's.
                    if (!string.Equals(Canonical(other.Type.ToString()), Canonical(Display(erased, typeParameters)), System.StringComparison.Ordinal))
                    {
                        return false;
                    }

                    continue;
                }

                ITypeSymbol? type = model.GetSpeculativeTypeInfo(position, other.Type, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
                if (type is null || type.TypeKind == TypeKind.Error || !SymbolEqualityComparer.Default.Equals(Erase(type, model.Compilation), erased))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The type as a signature sees it: C# tells overloads apart by neither tuple element names nor <c>dynamic</c>
        /// against <c>object</c> (nor nullable annotations, which <see cref="SymbolEqualityComparer.Default"/> ignores).
        /// </summary>
        private static ITypeSymbol Erase(ITypeSymbol type, Compilation compilation)
        {
            switch (type)
            {
                case IDynamicTypeSymbol:
                    return compilation.GetSpecialType(SpecialType.System_Object);
                case IArrayTypeSymbol array:
                    return compilation.CreateArrayTypeSymbol(Erase(array.ElementType, compilation), array.Rank);
                case INamedTypeSymbol { IsTupleType: true, TupleUnderlyingType: { } underlying } when !SymbolEqualityComparer.Default.Equals(underlying, type):
                    return Erase(underlying, compilation);
                case INamedTypeSymbol { IsGenericType: true } named when !named.IsUnboundGenericType:
                    ITypeSymbol[] arguments = named.TypeArguments.Select(argument => Erase(argument, compilation)).ToArray();
                    return named.ConstructedFrom.Construct(arguments);
                default:
                    return type;
            }
        }

        /// <summary>A type written out, with the method's type parameters named as the companion's by position.</summary>
        private static string Display(ITypeSymbol type, IReadOnlyList<string> typeParameters) => type switch
        {
            ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } parameter when parameter.Ordinal < typeParameters.Count => typeParameters[parameter.Ordinal],
            IArrayTypeSymbol array => Display(array.ElementType, typeParameters) + "[" + new string(',', array.Rank - 1) + "]",
            INamedTypeSymbol { IsGenericType: true } named =>
                named.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None))
                + "<" + string.Join(",", named.TypeArguments.Select(argument => Display(argument, typeParameters))) + ">",
            _ => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
        };

        /// <summary>Type text without <c>global::</c>, nullable annotations or spaces, for <see cref="Display"/>'s comparison.</summary>
        private static string Canonical(string text) =>
            new string(text.Replace("global::", string.Empty).Where(c => c != '?' && !char.IsWhiteSpace(c)).ToArray());

        /// <summary>The companion as the message shows it: its name and parameter list, without modifiers, constraints or <c>global::</c>.</summary>
        private static string SignatureText(MethodDeclarationSyntax companion) =>
            (companion.Identifier.ValueText + (companion.TypeParameterList?.ToString() ?? string.Empty) + companion.ParameterList.ToString())
                .Replace("global::", string.Empty);
    }
}
