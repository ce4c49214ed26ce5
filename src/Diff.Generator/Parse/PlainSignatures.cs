using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// Whether a method's declaration (its modifiers, attributes, return type and parameters) is one that cannot carry a
    /// compile error: then <see cref="CompileErrors"/> need not ask the compiler for the file's declaration errors.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Asking for a file's declaration errors completes every symbol of the file's namespace, and the compiler does that
    /// in a parallel loop over the namespace's types, once per file. On a two-core machine the loop's pool threads
    /// waited behind the generator's own helper thread, and the calls were a tenth of the generator's time.
    /// </para>
    /// <para>
    /// The check admits only what ordinary differentiable methods are made of, and leaves everything else to the
    /// compiler, as before: accessibility and <c>static</c> as the only modifiers, at most one of each; no type
    /// parameters; <c>[Differentiable]</c> as the method's one attribute and <c>[NoDiff]</c> as a parameter's, without
    /// arguments; parameters without modifiers or default values, with distinct names; and in the signature only
    /// predefined types, arrays and spans of them, and public types of other assemblies (which no accessibility rule
    /// can make an error). The method may not share its name with its type or with another member of the same
    /// parameter count, and a static type's methods must be static. Records and generic types are left to the compiler.
    /// </para>
    /// </remarks>
    internal static class PlainSignatures
    {
        public static bool Admit(MethodDeclarationSyntax syntax, IMethodSymbol method)
        {
            if (syntax.TypeParameterList is not null || syntax.ConstraintClauses.Count > 0 || syntax.ExplicitInterfaceSpecifier is not null
                || !PlainModifiers(syntax.Modifiers))
            {
                return false;
            }

            INamedTypeSymbol? type = method.ContainingType;
            // A record has members of its own with rules of their own (CS8869, CS8859), and a generic type's type parameters
            // are names a method may not take (CS0102): both are left to the compiler.
            if (type is null || type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsRecord || type.IsStatic && !method.IsStatic
                || !PlainName(method.Name, type) || !UniqueName(type, method))
            {
                return false;
            }

            for (INamedTypeSymbol? outer = type; outer is not null; outer = outer.ContainingType)
            {
                if (outer.TypeParameters.Length > 0)
                {
                    return false;
                }
            }

            if (!OneAttribute(syntax.AttributeLists, method.GetAttributes(), SymbolFacts.DifferentiableAttribute, required: true, method.ContainingAssembly)
                || !PlainType(syntax.ReturnType, method.ReturnType, method.ContainingAssembly))
            {
                return false;
            }

            SeparatedSyntaxList<ParameterSyntax> parameters = syntax.ParameterList.Parameters;
            if (parameters.Count != method.Parameters.Length)
            {
                return false;
            }

            for (int i = 0; i < parameters.Count; i++)
            {
                ParameterSyntax parameterSyntax = parameters[i];
                IParameterSymbol parameter = method.Parameters[i];
                if (parameterSyntax.Modifiers.Count > 0 || parameterSyntax.Default is not null || parameterSyntax.Type is null
                    || parameter.RefKind != RefKind.None || parameter.IsParams
                    || !OneAttribute(parameterSyntax.AttributeLists, parameter.GetAttributes(), SymbolFacts.NoDiffAttribute, required: false, method.ContainingAssembly)
                    || parameter.Type.SpecialType == SpecialType.System_Void
                    || !PlainType(parameterSyntax.Type, parameter.Type, method.ContainingAssembly))
                {
                    return false;
                }

                for (int j = 0; j < i; j++)
                {
                    if (method.Parameters[j].Name == parameter.Name)
                    {
                        return false; // CS0100.
                    }
                }
            }

            return true;
        }

        /// <summary>At most one accessibility keyword and <c>static</c>, none twice.</summary>
        private static bool PlainModifiers(SyntaxTokenList modifiers)
        {
            bool accessibility = false;
            bool isStatic = false;
            foreach (SyntaxToken modifier in modifiers)
            {
                switch ((SyntaxKind)modifier.RawKind)
                {
                    case SyntaxKind.PublicKeyword or SyntaxKind.InternalKeyword or SyntaxKind.PrivateKeyword when !accessibility:
                        accessibility = true;
                        break;
                    case SyntaxKind.StaticKeyword when !isStatic:
                        isStatic = true;
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Not the type's name (CS0542) and not a name the compiler gives members of its own: a finalizer, an accessor
        /// or an operator (CS0082, CS0111).
        /// </summary>
        private static bool PlainName(string name, INamedTypeSymbol type) =>
            name != type.Name && name != "Finalize" && !StartsWithAny(name, "get_", "set_", "init_", "add_", "remove_", "op_")
            && type.GetMembers(WellKnownMemberNames.Indexer).IsEmpty;

        private static bool StartsWithAny(string name, params string[] prefixes)
        {
            foreach (string prefix in prefixes)
            {
                if (name.StartsWith(prefix, System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>No other member of the type has the name, except methods of another parameter count (CS0102, CS0111).</summary>
        private static bool UniqueName(INamedTypeSymbol type, IMethodSymbol method)
        {
            foreach (ISymbol member in type.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(member, method))
                {
                    continue;
                }

                if (member is not IMethodSymbol other || other.Parameters.Length == method.Parameters.Length)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The declaration's attributes: none, or (or, when <paramref name="required"/>, exactly) one attribute of the
        /// class named <paramref name="expected"/> of a referenced assembly, without arguments or a target, which the
        /// compiler has bound.
        /// </summary>
        private static bool OneAttribute(SyntaxList<AttributeListSyntax> lists, IReadOnlyList<AttributeData> bound, string expected, bool required, IAssemblySymbol assembly)
        {
            int count = 0;
            foreach (AttributeListSyntax list in lists)
            {
                if (list.Target is not null)
                {
                    return false;
                }

                foreach (AttributeSyntax attribute in list.Attributes)
                {
                    if (attribute.ArgumentList is { Arguments.Count: > 0 })
                    {
                        return false;
                    }

                    count++;
                }
            }

            if (count > 1 || required && count == 0 || bound.Count != count)
            {
                return false;
            }

            return count == 0
                || bound[0] is { AttributeConstructor: not null, AttributeClass: { } attributeClass }
                    && attributeClass.ToDisplayString() == expected && !SymbolEqualityComparer.Default.Equals(attributeClass.ContainingAssembly, assembly);
        }

        /// <summary>
        /// A predefined type, an array or span of one, or a public type of another assembly whose type arguments are
        /// plain too, written without tuple, pointer or <c>ref</c> syntax.
        /// </summary>
        private static bool PlainType(TypeSyntax syntax, ITypeSymbol type, IAssemblySymbol assembly)
        {
            foreach (SyntaxNode node in syntax.DescendantNodesAndSelf())
            {
                if (node is TupleTypeSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax or RefTypeSyntax or ScopedTypeSyntax)
                {
                    return false;
                }
            }

            return PlainType(type, assembly, depth: 0);
        }

        private static bool PlainType(ITypeSymbol type, IAssemblySymbol assembly, int depth)
        {
            if (depth > 4)
            {
                return false;
            }

            switch (type)
            {
                case IArrayTypeSymbol array:
                    return !array.ElementType.IsRefLikeType && PlainType(array.ElementType, assembly, depth + 1);
                case INamedTypeSymbol named:
                    if (named.SpecialType is SpecialType.System_Void or SpecialType.System_Object || SymbolFacts.IsPredefinedValueOrString(named))
                    {
                        return true;
                    }

                    if (named.SpecialType != SpecialType.None)
                    {
                        return false;
                    }

                    if (named.TypeKind is TypeKind.Error or TypeKind.TypeParameter || named.IsStatic || named.IsUnboundGenericType
                        || SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, assembly) || named.ContainingAssembly is null)
                    {
                        return false;
                    }

                    for (INamedTypeSymbol? outer = named; outer is not null; outer = outer.ContainingType)
                    {
                        if (outer.DeclaredAccessibility != Accessibility.Public || CompileErrors.Obsolete(outer))
                        {
                            return false;
                        }
                    }

                    for (int i = 0; i < named.TypeArguments.Length; i++)
                    {
                        ITypeSymbol argument = named.TypeArguments[i];
                        if (argument.IsRefLikeType || !Satisfies(named.TypeParameters[i], argument) || !PlainType(argument, assembly, depth + 1))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Whether a type argument meets its parameter's constraints (CS0452, CS0453, CS8377); any other constraint is left to the compiler.</summary>
        private static bool Satisfies(ITypeParameterSymbol parameter, ITypeSymbol argument)
        {
            if (parameter.HasConstructorConstraint || parameter.ConstraintTypes.Length > 0)
            {
                return false;
            }

            bool plainValue = argument.IsValueType && argument.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T;
            return (!parameter.HasValueTypeConstraint || plainValue)
                && (!parameter.HasReferenceTypeConstraint || argument.IsReferenceType)
                && (!parameter.HasUnmanagedTypeConstraint || plainValue && argument.SpecialType != SpecialType.None);
        }
    }
}
