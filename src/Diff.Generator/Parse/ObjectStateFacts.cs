using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// State the IR has no variable for: fields and properties of objects, static fields, elements of arrays held in
    /// fields. Fields and properties are constants of the differentiation, which the reverse sweep reads again where it
    /// needs them; after a call changes them it would read another value (<c>int p = c.Pos; s += x[p] * x[p];
    /// c.Advance();</c>). So in a method that may change such state (<see cref="MayChange"/>), every read of it
    /// (<see cref="IsRead"/>) counts as a read of <see cref="ValueTree.ObjectState"/>, which is never stable, and the
    /// reverse sweep records what it needs of it instead.
    /// </summary>
    internal static class ObjectStateFacts
    {
        /// <summary>
        /// Whether <paramref name="declaration"/> may change such state. Conservative: any call that is not known to
        /// change nothing counts, and so does a write to anything but a local, a parameter or an element of either.
        /// </summary>
        /// <param name="visited">The [Differentiable] methods already looked into, which a recursion stops at.</param>
        /// <param name="called">
        /// Whether <paramref name="declaration"/> is code a call runs (a callee's body): then what it changes of objects it
        /// made itself is done before its caller can see them (<see cref="ChangesOnlyItsOwnObject"/>).
        /// </param>
        public static bool MayChange(SyntaxNode declaration, SemanticQueries model, HashSet<IMethodSymbol> visited, CancellationToken cancellationToken, bool called = false)
        {
            HashSet<ISymbol> aliases = AliasesOfHeldBuffers(declaration, model, cancellationToken);
            foreach (SyntaxNode node in declaration.DescendantNodes())
            {
                bool changes = node switch
                {
                    InvocationExpressionSyntax call => (!called || !ChangesOnlyItsOwnObject(call, declaration, model, cancellationToken))
                                                       && CallMayChange(call, model, visited, cancellationToken)
                                                       || (aliases.Count > 0 && call.ArgumentList.Arguments.Any(a => IsAlias(a.Expression, aliases, model, cancellationToken))),
                    AssignmentExpressionSyntax assignment => !IsFollowedTarget(assignment.Left, model, cancellationToken)
                                                             || (aliases.Count > 0 && assignment.Left is ElementAccessExpressionSyntax written && IsAlias(written.Expression, aliases, model, cancellationToken)),
                    PostfixUnaryExpressionSyntax postfix when postfix.Kind() is SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression =>
                        !IsFollowedTarget(postfix.Operand, model, cancellationToken),
                    PrefixUnaryExpressionSyntax prefix when prefix.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression =>
                        !IsFollowedTarget(prefix.Operand, model, cancellationToken),
                    ArgumentSyntax argument when argument.RefKindKeyword.Kind() is SyntaxKind.RefKeyword or SyntaxKind.OutKeyword =>
                        argument.Expression is not DeclarationExpressionSyntax && !IsFollowedTarget(argument.Expression, model, cancellationToken),
                    // `ref int p = ref c.Pos;`: writes through the local change the field.
                    RefExpressionSyntax reference => !IsFollowedTarget(reference.Expression, model, cancellationToken),
                    BaseObjectCreationExpressionSyntax creation => ConstructorMayChange(creation, model, visited, cancellationToken),
                    // A foreach runs its enumerator's GetEnumerator, MoveNext, Current and Dispose.
                    CommonForEachStatementSyntax loop => EnumeratorMethods(loop, model).Any(method => BodyMayChange(method, model, visited, cancellationToken)),
                    // Formatting runs an object's ToString: `$"{obj}"`, `"v" + obj`.
                    InterpolationSyntax interpolation => model.GetTypeInfo(interpolation.Expression, cancellationToken).Type is { } shown
                                                         && FormattingMayChange(shown, model, visited, cancellationToken, depth: 0),
                    BinaryExpressionSyntax concatenation when concatenation.IsKind(SyntaxKind.AddExpression)
                                                              && model.GetTypeInfo(concatenation, cancellationToken).Type?.SpecialType == SpecialType.System_String =>
                        new[] { concatenation.Left, concatenation.Right }.Any(operand => model.GetTypeInfo(operand, cancellationToken).Type is { } joined
                                                                                        && FormattingMayChange(joined, model, visited, cancellationToken, depth: 0)),
                    // A getter runs where the property is read (`c.NextGain`, `table[i]`), and may change state itself.
                    IdentifierNameSyntax or ElementAccessExpressionSyntax when GetterOf(node, model, cancellationToken) is { } getter => BodyMayChange(getter, model, visited, cancellationToken),
                    _ => false,
                };
                if (changes)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether <paramref name="call"/> is a library instance method called on a local of <paramref name="code"/> that
        /// only ever holds objects the code makes itself (<c>var col = new List&lt;int&gt;(); col.Add(j);</c>) from plain
        /// values, given plain values only: it changes that object alone, which nothing outside the code holds while the
        /// code runs. Nothing of this compilation may take part (not in the object's type or its type arguments, whose
        /// overrides, conversions or <c>ToString</c> the library could run), and the local is used only as the receiver of
        /// its members, assigned only new objects, and otherwise only passed by value or returned, where the walk sees
        /// what happens to it (a store of it anywhere else is a change of its own).
        /// </summary>
        private static bool ChangesOnlyItsOwnObject(InvocationExpressionSyntax call, SyntaxNode code, SemanticQueries model, CancellationToken cancellationToken)
        {
            if (call.Expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver }
                || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method
                || method.DeclaringSyntaxReferences.Length > 0
                || model.GetSymbolInfo(receiver, cancellationToken).Symbol is not ILocalSymbol local
                || local.IsRef || local.Type.IsValueType
                || InvolvesThisCompilation(local.Type, model, depth: 0) || method.ContainingType is null || InvolvesThisCompilation(method.ContainingType, model, depth: 0)
                || !OnlyPlainValues(call.ArgumentList, model, cancellationToken))
            {
                return false;
            }

            bool declared = false;
            foreach (SyntaxNode node in code.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == local.Name
                        && SymbolEqualityComparer.Default.Equals(model.Model.GetDeclaredSymbol(declarator, cancellationToken), local):
                        if (declarator.Parent is not VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax }
                            || declarator.Initializer?.Value is not BaseObjectCreationExpressionSyntax creation || !NewFromValues(creation))
                        {
                            return false;
                        }

                        declared = true;
                        break;
                    case IdentifierNameSyntax use when use.Identifier.ValueText == local.Name
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use, cancellationToken).Symbol, local):
                        bool plainUse = use.Parent switch
                        {
                            MemberAccessExpressionSyntax member => member.Expression == use,
                            ElementAccessExpressionSyntax element => element.Expression == use,
                            AssignmentExpressionSyntax assignment when assignment.Left == use =>
                                assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Parent is ExpressionStatementSyntax
                                && assignment.Right is BaseObjectCreationExpressionSyntax made && NewFromValues(made),
                            ArgumentSyntax argument => argument.RefKindKeyword.RawKind == 0 && argument.Parent is ArgumentListSyntax,
                            ReturnStatementSyntax => true,
                            _ => false,
                        };
                        if (!plainUse)
                        {
                            return false; // `(l, n) = (field, 1)`, `ref var r = ref l`, `var m = l`, `out l`, …
                        }

                        break;
                }
            }

            return declared;

            bool NewFromValues(BaseObjectCreationExpressionSyntax creation) =>
                creation.Initializer is null
                && model.GetSymbolInfo(creation, cancellationToken).Symbol is IMethodSymbol { DeclaringSyntaxReferences.Length: 0 } constructor
                && !InvolvesThisCompilation(constructor.ContainingType, model, depth: 0)
                && OnlyPlainValues(creation.ArgumentList, model, cancellationToken);
        }

        /// <summary>
        /// Whether formatting a value of <paramref name="type"/> as text may change state: it runs the type's
        /// <c>ToString</c> (or <c>TryFormat</c>) where this compilation declares one, in the type or a base type, and a
        /// library type's formatting runs its type arguments' (a tuple's elements). A value whose type is only known as
        /// <c>object</c>, an interface or a type parameter may be of any type, and counts.
        /// </summary>
        private static bool FormattingMayChange(ITypeSymbol type, SemanticQueries model, HashSet<IMethodSymbol> visited, CancellationToken cancellationToken, int depth)
        {
            if (depth > 4 || IsPlainValueType(type))
            {
                return depth > 4;
            }

            switch (type)
            {
                case IArrayTypeSymbol:
                    return false; // An array's text is its type's name.
                case INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named when named.SpecialType != SpecialType.System_Object:
                    for (INamedTypeSymbol? level = named; level is not null; level = level.BaseType)
                    {
                        if (!SymbolEqualityComparer.Default.Equals(level.ContainingAssembly, model.Model.Compilation.Assembly))
                        {
                            break;
                        }

                        foreach (ISymbol member in level.GetMembers())
                        {
                            if (member is IMethodSymbol { Name: "ToString" or "TryFormat" } formatter && BodyMayChange(formatter.OriginalDefinition, model, visited, cancellationToken))
                            {
                                return true;
                            }
                        }
                    }

                    return named.TypeArguments.Any(argument => FormattingMayChange(argument, model, visited, cancellationToken, depth + 1));
                default:
                    return true;
            }
        }

        /// <summary>Whether a type of this compilation takes part in <paramref name="type"/>: the type itself, an element or a type argument.</summary>
        private static bool InvolvesThisCompilation(ITypeSymbol type, SemanticQueries model, int depth)
        {
            if (depth > 4)
            {
                return true;
            }

            switch (type)
            {
                case IArrayTypeSymbol array:
                    return InvolvesThisCompilation(array.ElementType, model, depth + 1);
                case INamedTypeSymbol named:
                    if (SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, model.Model.Compilation.Assembly))
                    {
                        return true;
                    }

                    foreach (ITypeSymbol argument in named.TypeArguments)
                    {
                        if (InvolvesThisCompilation(argument, model, depth + 1))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    // A type parameter may be any type, a pointer or dynamic anything at all.
                    return true;
            }
        }

        /// <summary>
        /// Arguments passed by value that are plain values, computed without running any code but the language's own
        /// operators: literals, locals, parameters and fields of number, boolean, character, enum or string type, elements
        /// of such arrays, and arithmetic on them, of the same plain types after conversion (no user-defined conversion,
        /// no <c>ToString</c> of an object, nothing the callee could write or keep a reference into).
        /// </summary>
        private static bool OnlyPlainValues(BaseArgumentListSyntax? arguments, SemanticQueries model, CancellationToken cancellationToken)
        {
            if (arguments is null)
            {
                return true;
            }

            foreach (ArgumentSyntax argument in arguments.Arguments)
            {
                if (argument.RefKindKeyword.RawKind != 0
                    || model.GetTypeInfo(argument.Expression, cancellationToken) is not { Type: { } type, ConvertedType: { } converted }
                    || !IsPlainValueType(type) || !IsPlainValueType(converted))
                {
                    return false;
                }

                foreach (SyntaxNode node in argument.Expression.DescendantNodesAndSelf())
                {
                    bool plain = node switch
                    {
                        LiteralExpressionSyntax or ParenthesizedExpressionSyntax or PredefinedTypeSyntax or CheckedExpressionSyntax => true,
                        CastExpressionSyntax cast => cast.Type is PredefinedTypeSyntax,
                        BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax =>
                            model.GetSymbolInfo((ExpressionSyntax)node, cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator }
                            && model.GetTypeInfo((ExpressionSyntax)node, cancellationToken).Type is { } operatorType && IsPlainValueType(operatorType),
                        IdentifierNameSyntax name => model.GetSymbolInfo(name, cancellationToken).Symbol switch
                        {
                            ILocalSymbol { IsRef: false } l => IsPlainValueType(l.Type) || l.Type is IArrayTypeSymbol { ElementType: var e } && IsPlainValueType(e),
                            IParameterSymbol { RefKind: RefKind.None } p => IsPlainValueType(p.Type) || p.Type is IArrayTypeSymbol { ElementType: var e } && IsPlainValueType(e),
                            IFieldSymbol f => IsPlainValueType(f.Type),
                            _ => false,
                        },
                        ElementAccessExpressionSyntax element => element.Expression is IdentifierNameSyntax && element.ArgumentList.Arguments.Count == 1,
                        BracketedArgumentListSyntax or ArgumentSyntax => true,
                        _ => false,
                    };
                    if (!plain)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static bool IsPlainValueType(ITypeSymbol type) => type.TypeKind == TypeKind.Enum || SymbolFacts.IsPredefinedValueOrString(type);

        /// <summary>
        /// The locals and by-value parameters that hold an array or span of something held outside the method's variables
        /// (<c>int[] p = c.Perm;</c>, <c>Span&lt;int&gt; s = c.Perm;</c>, <c>p = _order;</c> for a parameter, a getter's or a
        /// method's result): a write through them changes that state.
        /// </summary>
        private static HashSet<ISymbol> AliasesOfHeldBuffers(SyntaxNode declaration, SemanticQueries model, CancellationToken cancellationToken)
        {
            var aliases = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (SyntaxNode node in declaration.DescendantNodes())
            {
                (SyntaxNode? target, ExpressionSyntax? value) = node switch
                {
                    VariableDeclaratorSyntax { Initializer.Value: var initial } declarator => ((SyntaxNode?)declarator, initial),
                    AssignmentExpressionSyntax { Left: IdentifierNameSyntax left } assignment => (left, assignment.Right),
                    _ => (null, null),
                };
                if (target is null || value is null || value is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or StackAllocArrayCreationExpressionSyntax
                    or CollectionExpressionSyntax or InitializerExpressionSyntax)
                {
                    continue;
                }

                ISymbol? local = target is VariableDeclaratorSyntax d ? model.Model.GetDeclaredSymbol(d, cancellationToken) : model.GetSymbolInfo((IdentifierNameSyntax)target, cancellationToken).Symbol;
                // A parameter given a field's buffer (`p = _order;`) holds it as a local would.
                ITypeSymbol? bufferType = local switch
                {
                    ILocalSymbol held => held.Type,
                    IParameterSymbol { RefKind: RefKind.None } held => held.Type,
                    _ => null,
                };

                // A copy (`Clone()`, `ToArray()`) holds nothing of the field; a float or double buffer is the IR's own.
                if (local is not null && bufferType is IArrayTypeSymbol or INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" }
                    && ElementOf(bufferType) is { SpecialType: not (SpecialType.System_Double or SpecialType.System_Single) }
                    && ChainStartOf(value) is var start
                    && (start is InvocationExpressionSyntax
                        ? IsHeldOutside(start, model, cancellationToken)
                        : start is not CastExpressionSyntax && start.DescendantNodesAndSelf().Any(n => IsHeldOutside(n, model, cancellationToken))))
                {
                    aliases.Add(local);
                }
            }

            return aliases;
        }

        private static bool IsAlias(ExpressionSyntax expression, HashSet<ISymbol> aliases, SemanticQueries model, CancellationToken cancellationToken) =>
            ChainStartOf(expression) is IdentifierNameSyntax name && model.GetSymbolInfo(name, cancellationToken).Symbol is { } symbol && aliases.Contains(symbol);

        private static ExpressionSyntax ChainStartOf(ExpressionSyntax expression)
        {
            while (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "Slice" } view })
            {
                expression = view.Expression;
            }

            return expression;
        }

        /// <summary>
        /// The buffers of integers, booleans and other non-floating elements, held in a local or parameter, that the
        /// method passes to a call which may write them (<c>Array.Reverse(order)</c>, <c>Shuffle(order, rng)</c>): the
        /// IR follows writes to a buffer by its name only through its own statements and [Differentiable] calls, so the
        /// elements of these are such state too.
        /// </summary>
        public static HashSet<ISymbol> BuffersWrittenByCalls(SyntaxNode declaration, SemanticQueries model, CancellationToken cancellationToken)
        {
            var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (InvocationExpressionSyntax call in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                written.UnionWith(BuffersWrittenBy(call, model, cancellationToken));
            }

            // A local function or a lambda writing elements of a buffer it captures does so where it is called, out of the
            // IR's sight.
            foreach (SyntaxNode node in declaration.DescendantNodes())
            {
                ExpressionSyntax? target = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PostfixUnaryExpressionSyntax postfix when postfix.Kind() is SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression => postfix.Operand,
                    PrefixUnaryExpressionSyntax prefix when prefix.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression => prefix.Operand,
                    _ => null,
                };
                IEnumerable<ExpressionSyntax> targets = target is TupleExpressionSyntax tuple ? tuple.Arguments.Select(a => a.Expression) : target is null ? Enumerable.Empty<ExpressionSyntax>() : new[] { target };
                foreach (ExpressionSyntax each in targets)
                {
                    if (each is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax name }
                        && node.Ancestors().FirstOrDefault(a => a is LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax) is { } function
                        && model.GetSymbolInfo(name, cancellationToken).Symbol is (ILocalSymbol or IParameterSymbol) and var captured
                        && !captured.DeclaringSyntaxReferences.Any(r => function.Span.Contains(r.Span))
                        && IsNonFloatingBuffer(name, model, cancellationToken))
                    {
                        written.Add(captured);
                    }
                }
            }

            if (written.Count > 0)
            {
                // One buffer may be another's alias (`int[] a = order;`, a span over it): all of them are followed.
                foreach (IdentifierNameSyntax name in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (model.GetSymbolInfo(name, cancellationToken).Symbol is (ILocalSymbol or IParameterSymbol) and var buffer && IsNonFloatingBuffer(name, model, cancellationToken))
                    {
                        written.Add(buffer);
                    }
                }
            }

            return written;
        }

        /// <summary>
        /// The locals and parameters holding buffers of non-floating elements that <paramref name="call"/> may write: the
        /// buffers it is given (or made on, for an extension method or a span's own <c>Fill</c>, <c>Clear</c>,
        /// <c>Reverse</c> and <c>Sort</c>) where the method may write them.
        /// </summary>
        public static IEnumerable<ISymbol> BuffersWrittenBy(InvocationExpressionSyntax call, SemanticQueries model, CancellationToken cancellationToken)
        {
            // A local function given a buffer writes it where it is called, out of the IR's sight, like any method; so does
            // a [Differentiable] one, whose writes the IR follows only for float and double buffers.
            if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method
                || MethodParser.IsReadOnlyLibraryMethod(method))
            {
                yield break;
            }

            IEnumerable<(ExpressionSyntax Expression, IParameterSymbol? Parameter)> given = call.ArgumentList.Arguments.Select((argument, position) =>
                (argument.Expression, MethodParser.ParameterOf(method, argument, position)));
            if (method.ReducedFrom is { } extension && call.Expression is MemberAccessExpressionSyntax receiver)
            {
                // `order.AsSpan().Reverse()`, `order.Shuffle()`: the receiver is the extension method's first argument.
                given = given.Select(g => (g.Expression, g.Parameter is null ? null : extension.Parameters[g.Parameter.Ordinal + 1]))
                    .Prepend((receiver.Expression, extension.Parameters.FirstOrDefault()));
            }
            else if (!method.IsStatic && method.Name is "Fill" or "Clear" or "Reverse" or "Sort"
                     && method.ContainingType?.OriginalDefinition.ToDisplayString() is "System.Span<T>"
                     && call.Expression is MemberAccessExpressionSyntax { Expression: var span })
            {
                // `order.AsSpan(1).Fill(0)`: a span's own writing method writes the buffer it views.
                given = given.Prepend((span, null));
            }

            foreach ((ExpressionSyntax expression, IParameterSymbol? parameter) in given)
            {
                ExpressionSyntax root = expression;
                while (root is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "Slice" } view })
                {
                    root = view.Expression;
                }

                if (root is IdentifierNameSyntax name && model.GetSymbolInfo(name, cancellationToken).Symbol is (ILocalSymbol or IParameterSymbol) and var buffer
                    && IsLocalBuffer(name, model, cancellationToken)
                    && ElementOf(model.GetTypeInfo(name, cancellationToken).Type) is { } element
                    && element.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single)
                    && (parameter is null || SymbolFacts.MayWriteParameter(method.ReducedFrom ?? method, parameter, model.Model.Compilation)))
                {
                    yield return buffer;
                }
            }
        }

        private static bool IsNonFloatingBuffer(IdentifierNameSyntax name, SemanticQueries model, CancellationToken cancellationToken) =>
            IsLocalBuffer(name, model, cancellationToken)
            && ElementOf(model.GetTypeInfo(name, cancellationToken).Type) is { SpecialType: not (SpecialType.System_Double or SpecialType.System_Single) };

        private static ITypeSymbol? ElementOf(ITypeSymbol? buffer) => buffer switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { TypeArguments.Length: 1 } span => span.TypeArguments[0],
            _ => null,
        };

        /// <summary>
        /// Whether <paramref name="node"/> reads such state: a field that is neither <c>const</c> nor <c>readonly</c> (a
        /// struct's too: its own methods may change it), a property other than a buffer's or a string's length or an
        /// auto-property that cannot be set after construction, and an element of anything but a one-dimensional array
        /// or span held in a local or parameter (whose writes the IR follows by the buffer's name).
        /// </summary>
        public static bool IsRead(SyntaxNode node, SemanticQueries model, CancellationToken cancellationToken)
        {
            switch (node)
            {
                case IdentifierNameSyntax name:
                    ISymbol? symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                    if (symbol is not (IFieldSymbol or IPropertySymbol) || (symbol is IFieldSymbol field && (field.IsConst || field.IsReadOnly)))
                    {
                        return false;
                    }

                    // The target of a plain assignment is written, not read (`_last = x;`).
                    SyntaxNode target = name.Parent is MemberAccessExpressionSyntax { Parent: not null } written && written.Name == name ? written : name;
                    if (target.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment && assignment.Left == target)
                    {
                        return false;
                    }

                    return symbol is not IPropertySymbol property || !IsImmutable(property);
                case ElementAccessExpressionSyntax element:
                    return !IsLocalBuffer(element.Expression, model, cancellationToken);
                default:
                    return false;
            }
        }

        private static bool IsImmutable(IPropertySymbol property)
        {
            INamedTypeSymbol? type = property.ContainingType;
            if (type is null || type.SpecialType is SpecialType.System_String or SpecialType.System_Array || (type.IsValueType && type.IsReadOnly)
                || (property.Name is "Length" or "IsEmpty" && type.OriginalDefinition.ToDisplayString() is "System.Span<T>" or "System.ReadOnlySpan<T>"))
            {
                return true;
            }

            // An auto-property without a setter, or with an init-only one, holds what the object was created with.
            return property.SetMethod is null or { IsInitOnly: true }
                   && type.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));
        }

        /// <summary>Whether a write to <paramref name="target"/> is one the IR follows by name: a local, a parameter, an element of either, a discard.</summary>
        private static bool IsFollowedTarget(ExpressionSyntax target, SemanticQueries model, CancellationToken cancellationToken)
        {
            while (target is ParenthesizedExpressionSyntax parenthesized)
            {
                target = parenthesized.Expression;
            }

            switch (target)
            {
                // `var (s, c) = Math.SinCos(x);` declares its locals.
                case DeclarationExpressionSyntax:
                    return true;
                case TupleExpressionSyntax tuple:
                    return tuple.Arguments.All(a => a.Expression is DeclarationExpressionSyntax || IsFollowedTarget(a.Expression, model, cancellationToken));
                case ElementAccessExpressionSyntax element:
                    return IsLocalBuffer(element.Expression, model, cancellationToken);
                case IdentifierNameSyntax identifier:
                    return identifier.Identifier.ValueText == "_"
                           || model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol or IDiscardSymbol;
                default:
                    return false;
            }
        }

        /// <summary>A local or parameter holding a one-dimensional array or a span.</summary>
        private static bool IsLocalBuffer(ExpressionSyntax expression, SemanticQueries model, CancellationToken cancellationToken)
        {
            ITypeSymbol? type = expression is IdentifierNameSyntax identifier
                ? model.GetSymbolInfo(identifier, cancellationToken).Symbol switch
                {
                    ILocalSymbol local => local.Type,
                    IParameterSymbol parameter => parameter.Type,
                    _ => null,
                }
                : null;
            return type is IArrayTypeSymbol { Rank: 1 }
                   || type?.OriginalDefinition.ToDisplayString() is "System.Span<T>" or "System.ReadOnlySpan<T>";
        }

        /// <summary>
        /// Whether a call may change such state: anything but the math classes, read-only library searches, argument
        /// checks, span and array methods given only the method's own buffers, local functions (whose bodies are part of
        /// the method), and methods of this compilation whose own bodies change nothing and that are given no buffer held
        /// outside the method's variables (a field's array) where they may write it.
        /// </summary>
        public static bool CallMayChange(InvocationExpressionSyntax call, SemanticQueries model, HashSet<IMethodSymbol> visited, CancellationToken cancellationToken)
        {
            if (call.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" })
            {
                return false;
            }

            if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
            {
                return true;
            }

            if (method.MethodKind == MethodKind.LocalFunction || MethodParser.IsArgumentGuard(method) || MethodParser.IsReadOnlyLibraryMethod(method))
            {
                return false;
            }

            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            switch (definition.ContainingType?.OriginalDefinition.ToDisplayString())
            {
                case var type when IsStateless(type):
                    return false;
                // Output (a log line, an assertion) changes nothing the method reads back.
                case "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace"
                    when definition.Name.StartsWith("Write", System.StringComparison.Ordinal) || definition.Name is "Assert" or "Print" or "Fail":
                    // Unless it formats an object whose ToString (of this compilation) changes state.
                    return call.ArgumentList.Arguments.Any(argument => model.GetTypeInfo(argument.Expression, cancellationToken).Type is { } written
                        && FormattingMayChange(written, model, visited, cancellationToken, depth: 0));
                case "System.Array" or "System.Span<T>" or "System.ReadOnlySpan<T>" or "System.MemoryExtensions":
                    // Copies, fills, sorts and clears of the method's own buffers are followed by their names; of an array
                    // held in a field (readonly or not), they change what the field's elements hold. Views (AsSpan, Slice)
                    // and searches change nothing.
                    return definition.Name is "Copy" or "ConstrainedCopy" or "CopyTo" or "TryCopyTo" or "Fill" or "Clear" or "Reverse" or "Sort"
                               or "Resize" or "SetValue" or "Initialize" or "Replace"
                           && call.DescendantNodes().Any(node => IsHeldOutside(node, model, cancellationToken));
            }

            if (definition.MethodKind is not (MethodKind.Ordinary or MethodKind.ReducedExtension))
            {
                // A delegate's invocation, an accessor or an operator: any code at all.
                return true;
            }

            if (definition.DeclaringSyntaxReferences.Length == 0 || definition.IsExtern || definition.IsAbstract || definition.IsVirtual || definition.IsOverride
                || definition.ContainingType?.TypeKind == TypeKind.Interface || definition.PartialImplementationPart is not null)
            {
                // A compiled method, or one a call may reach another body of: it may change anything.
                return true;
            }

            // A method of this compilation changes what its body changes, and what it writes of the buffers it is given.
            if (WritesHeldBufferGiven(call.ArgumentList, method, model, cancellationToken))
            {
                return true;
            }

            if (method.ReducedFrom is not null && call.Expression is MemberAccessExpressionSyntax { Expression: var receiver }
                && receiver.DescendantNodesAndSelf().Any(node => IsHeldOutside(node, model, cancellationToken)))
            {
                return true;
            }

            return BodyMayChange(definition, model, visited, cancellationToken);
        }

        /// <summary>
        /// Whether a method of this compilation is given a buffer held outside the caller's variables (a field's array,
        /// one a method returns) where it may write it: its body follows writes to its parameters by their names, which
        /// here change that state (<c>Scale(h.Weights, 2)</c>, <c>new Flipper(c.Perm)</c>).
        /// </summary>
        private static bool WritesHeldBufferGiven(BaseArgumentListSyntax? arguments, IMethodSymbol method, SemanticQueries model, CancellationToken cancellationToken)
        {
            if (arguments is null)
            {
                return false;
            }

            for (int position = 0; position < arguments.Arguments.Count; position++)
            {
                ArgumentSyntax argument = arguments.Arguments[position];
                IParameterSymbol? parameter = MethodParser.ParameterOf(method, argument, position);
                if ((parameter?.Type ?? model.GetTypeInfo(argument.Expression, cancellationToken).Type) is IArrayTypeSymbol or INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" }
                    && argument.Expression.DescendantNodesAndSelf().Any(node => IsHeldOutside(node, model, cancellationToken))
                    && (parameter is null || SymbolFacts.MayWriteParameter(method.ReducedFrom ?? method, method.ReducedFrom is null ? parameter : (method.ReducedFrom.Parameters.ElementAtOrDefault(parameter.Ordinal + 1) ?? parameter), model.Model.Compilation)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a constructor of this compilation changes such state: through its body, the field and property
        /// initializers it runs, the constructor it chains to, and the buffers it is given. One compiled elsewhere is
        /// taken to change nothing that exists already.
        /// </summary>
        private static bool ConstructorMayChange(BaseObjectCreationExpressionSyntax creation, SemanticQueries model, HashSet<IMethodSymbol> visited, CancellationToken cancellationToken) =>
            model.GetSymbolInfo(creation, cancellationToken).Symbol is IMethodSymbol constructor
            && IsOfThisCompilation(constructor, model)
            && (WritesHeldBufferGiven(creation.ArgumentList, constructor, model, cancellationToken) || BodyMayChange(constructor.OriginalDefinition, model, visited, cancellationToken));

        private static bool IsOfThisCompilation(IMethodSymbol method, SemanticQueries model) =>
            SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, model.Model.Compilation.Assembly);

        private static bool BodyMayChange(IMethodSymbol definition, SemanticQueries model, HashSet<IMethodSymbol> visited, CancellationToken cancellationToken)
        {
            if (!visited.Add(definition))
            {
                return false;
            }

            foreach ((SyntaxNode code, SemanticQueries codeModel) in CodeRunBy(definition, model, cancellationToken))
            {
                if (MayChange(code, codeModel, visited, cancellationToken, called: true))
                {
                    return true;
                }
            }

            return ChainedConstructor(definition, model, cancellationToken) is { } chained && BodyMayChange(chained, model, visited, cancellationToken);
        }

        /// <summary>
        /// The code a call of <paramref name="method"/> runs in its own right: its declarations; for an instance constructor,
        /// the arguments of a primary constructor's base (not the whole type it declares), and the initializers of the
        /// instance fields and properties, which run before its body unless it chains to another of its type's
        /// constructors. What it chains to is <see cref="ChainedConstructor"/>.
        /// </summary>
        private static IEnumerable<(SyntaxNode Code, SemanticQueries Model)> CodeRunBy(IMethodSymbol method, SemanticQueries model, CancellationToken cancellationToken)
        {
            bool chainsToOwnType = false;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode declaration = reference.GetSyntax(cancellationToken);
                SemanticQueries declarationModel = ModelOf(reference, model);
                if (declaration is TypeDeclarationSyntax primary)
                {
                    if (primary.BaseList?.Types.OfType<PrimaryConstructorBaseTypeSyntax>().FirstOrDefault() is { } baseCall)
                    {
                        yield return (baseCall.ArgumentList, declarationModel);
                    }

                    continue;
                }

                chainsToOwnType |= declaration is ConstructorDeclarationSyntax { Initializer: { } initializer } && initializer.IsKind(SyntaxKind.ThisConstructorInitializer);
                yield return (declaration, declarationModel);
            }

            if (method.MethodKind != MethodKind.Constructor || method.IsStatic || chainsToOwnType || method.ContainingType is not { } type)
            {
                yield break;
            }

            foreach (ISymbol member in type.GetMembers())
            {
                if (member.IsStatic || member is not (IFieldSymbol or IPropertySymbol))
                {
                    continue;
                }

                foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
                {
                    SyntaxNode? initializer = reference.GetSyntax(cancellationToken) switch
                    {
                        VariableDeclaratorSyntax { Initializer: { } value } => value,
                        PropertyDeclarationSyntax { Initializer: { } value } => value,
                        _ => null,
                    };
                    if (initializer is not null)
                    {
                        yield return (initializer, ModelOf(reference, model));
                    }
                }
            }
        }

        /// <summary>
        /// The constructor of this compilation that <paramref name="method"/>, an instance constructor, runs first:
        /// the one its <c>: base(…)</c> or <c>: this(…)</c> (or a primary constructor's base) names, or else its base class's
        /// parameterless one. Null for anything else.
        /// </summary>
        private static IMethodSymbol? ChainedConstructor(IMethodSymbol method, SemanticQueries model, CancellationToken cancellationToken)
        {
            if (method.MethodKind != MethodKind.Constructor || method.IsStatic)
            {
                return null;
            }

            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode? call = reference.GetSyntax(cancellationToken) switch
                {
                    ConstructorDeclarationSyntax { Initializer: { } initializer } => initializer,
                    TypeDeclarationSyntax primary => primary.BaseList?.Types.OfType<PrimaryConstructorBaseTypeSyntax>().FirstOrDefault(),
                    _ => null,
                };
                if (call is not null)
                {
                    return ModelOf(reference, model).GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol named && IsOfThisCompilation(named, model) ? named.OriginalDefinition : null;
                }
            }

            IMethodSymbol? implicitBase = method.ContainingType?.TypeKind == TypeKind.Class
                ? method.ContainingType.BaseType?.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0)
                : null;
            return implicitBase is not null && IsOfThisCompilation(implicitBase, model) ? implicitBase.OriginalDefinition : null;
        }

        /// <summary>
        /// The methods of this compilation, with bodies, that a <c>foreach</c> runs on its own: the collection's
        /// <c>GetEnumerator</c>, and the enumerator's <c>MoveNext</c>, <c>Current</c> getter and <c>Dispose</c>. A library's
        /// enumerator is taken to change nothing but itself, as a getter compiled elsewhere is.
        /// </summary>
        private static IEnumerable<IMethodSymbol> EnumeratorMethods(CommonForEachStatementSyntax loop, SemanticQueries model)
        {
            ForEachStatementInfo info = model.Model.GetForEachStatementInfo(loop);
            foreach (IMethodSymbol? method in new[] { info.GetEnumeratorMethod, info.MoveNextMethod, info.CurrentProperty?.GetMethod, info.DisposeMethod })
            {
                if (method is not null && IsOfThisCompilation(method, model) && method.DeclaringSyntaxReferences.Length > 0)
                {
                    yield return method.OriginalDefinition;
                }
            }
        }

        /// <summary>
        /// What the enumerator methods of this compilation that <paramref name="loop"/> runs change, added to
        /// <paramref name="types"/>; null for any.
        /// </summary>
        private static HashSet<ITypeSymbol>? EnumeratorChangedTypes(CommonForEachStatementSyntax loop, SemanticQueries model, HashSet<IMethodSymbol> visited, HashSet<ITypeSymbol> types, CancellationToken cancellationToken)
        {
            foreach (IMethodSymbol method in EnumeratorMethods(loop, model))
            {
                if (BodyChangedTypes(method, model, visited, cancellationToken) is not { } changed)
                {
                    return null;
                }

                types.UnionWith(changed);
            }

            return types;
        }

        /// <summary>Whether reading <paramref name="node"/> runs a getter of this compilation that may change such state (<c>c.NextGain</c>).</summary>
        public static bool GetterMayChange(SyntaxNode node, SemanticQueries model, CancellationToken cancellationToken)
        {
            if (node is not (IdentifierNameSyntax or ElementAccessExpressionSyntax) || GetterOf(node, model, cancellationToken) is not { } getter)
            {
                return false;
            }

            if (!model.GettersThatMayChange.TryGetValue(getter, out bool changes))
            {
                changes = BodyMayChange(getter, model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken);
                model.GettersThatMayChange[getter] = changes;
            }

            return changes;
        }

        /// <summary>The types whose state reading <paramref name="node"/> through a getter of this compilation may change (<see cref="ChangedTypes"/>); empty for anything else.</summary>
        public static HashSet<ITypeSymbol>? GetterChangedTypes(SyntaxNode node, SemanticQueries model, CancellationToken cancellationToken) =>
            GetterOf(node, model, cancellationToken) is { } getter
                ? BodyChangedTypes(getter, model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken)
                : new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);

        /// <summary>
        /// The getter of this compilation that reading <paramref name="node"/> runs: a property's (not an auto-property's,
        /// whose getter only reads) or an indexer's, where the node is read and not only assigned. Null for anything else.
        /// An abstract or interface property has no body to look into, and is taken to change nothing.
        /// </summary>
        private static IMethodSymbol? GetterOf(SyntaxNode node, SemanticQueries model, CancellationToken cancellationToken)
        {
            if (node is not ExpressionSyntax read || model.GetSymbolInfo(read, cancellationToken).Symbol is not IPropertySymbol { GetMethod: { } getter } property
                || !IsOfThisCompilation(getter, model) || getter.DeclaringSyntaxReferences.Length == 0)
            {
                return null;
            }

            SyntaxNode place = node is IdentifierNameSyntax && node.Parent is MemberAccessExpressionSyntax member && member.Name == node ? member : node;
            if (place.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment && assignment.Left == place)
            {
                return null;
            }

            return property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property))
                ? null
                : getter.OriginalDefinition;
        }

        /// <summary>
        /// Whether <paramref name="node"/> names something held outside the method's variables, whose contents a call
        /// given it may change: a field or a property (readonly ones too, for the array they hold), or an array or span
        /// that a method returns (<c>c.GetPerm()</c>, which may be a field's), unless the method is a copy.
        /// </summary>
        private static bool IsHeldOutside(SyntaxNode node, SemanticQueries model, CancellationToken cancellationToken) => node switch
        {
            IdentifierNameSyntax name => model.GetSymbolInfo(name, cancellationToken).Symbol is IFieldSymbol { IsConst: false } or IPropertySymbol { Name: not ("Length" or "Count" or "LongLength") },
            InvocationExpressionSyntax call => model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol
                {
                    Name: not ("Clone" or "ToArray" or "AsSpan" or "Slice" or "AsMemory"),
                    ReturnType: IArrayTypeSymbol or INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" or "Memory" },
                    MethodKind: not MethodKind.LocalFunction,
                } method && !ReturnsNewArray(method, cancellationToken),
            _ => false,
        };

        /// <summary>
        /// Whether a method of this compilation returns only arrays it creates (<c>return new int[n];</c>, an initializer, or
        /// a local declared as one), which nothing else holds.
        /// </summary>
        private static bool ReturnsNewArray(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (method.DeclaringSyntaxReferences.Length != 1 || method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
            {
                return false;
            }

            IEnumerable<ExpressionSyntax?> returned = declaration.ExpressionBody is { } arrow
                ? new[] { arrow.Expression }
                : declaration.Body?.DescendantNodes(node => node is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)).OfType<ReturnStatementSyntax>().Select(r => r.Expression)
                  ?? Enumerable.Empty<ExpressionSyntax?>();
            return returned.All(value => IsNewArray(value)
                || (value is IdentifierNameSyntax local && declaration.Body is { } body
                    && body.DescendantNodes().OfType<VariableDeclaratorSyntax>().Where(d => d.Identifier.ValueText == local.Identifier.ValueText).ToList() is { Count: 1 } declared
                    && IsNewArray(declared[0].Initializer?.Value)
                    && !body.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a => a.Left is IdentifierNameSyntax target && target.Identifier.ValueText == local.Identifier.ValueText)));

            static bool IsNewArray(ExpressionSyntax? value) =>
                value is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax;
        }

        /// <summary>
        /// The types whose state a call may change (the declaring types of the fields it writes, the types of the objects
        /// it is made on or given), or null for any: a method of the compilation is followed through its body; a compiled
        /// method, a virtual or interface method changes the objects it is made on or given; a delegate anything.
        /// </summary>
        public static HashSet<ITypeSymbol>? ChangedTypes(InvocationExpressionSyntax call, SemanticQueries model, HashSet<IMethodSymbol> visited, CancellationToken cancellationToken)
        {
            var none = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            if (call.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" })
            {
                return none;
            }

            if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
            {
                return null;
            }

            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (method.MethodKind == MethodKind.LocalFunction)
            {
                return BodyChangedTypes(definition, model, visited, cancellationToken);
            }

            if (MethodParser.IsArgumentGuard(method) || MethodParser.IsReadOnlyLibraryMethod(method))
            {
                return none;
            }

            switch (definition.ContainingType?.OriginalDefinition.ToDisplayString())
            {
                case var type when IsStateless(type):
                    return none;
                case "System.Array" or "System.Span<T>" or "System.ReadOnlySpan<T>" or "System.MemoryExtensions":
                    // A write to an array held outside the method's variables changes that array's elements.
                    return CallMayChange(call, model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken)
                        ? new HashSet<ITypeSymbol>(call.DescendantNodes().Where(node => IsHeldOutside(node, model, cancellationToken))
                            .Select(node => model.GetTypeInfo(node.Parent is MemberAccessExpressionSyntax held && held.Name == node ? held : (ExpressionSyntax)node, cancellationToken).Type)
                            .Where(type => type is not null).Select(type => type!.OriginalDefinition), SymbolEqualityComparer.Default)
                        : none;
            }

            if (definition.MethodKind is not (MethodKind.Ordinary or MethodKind.ReducedExtension))
            {
                return null;
            }

            if (definition.DeclaringSyntaxReferences.Length == 0 || definition.IsExtern || definition.IsAbstract || definition.IsVirtual || definition.IsOverride
                || definition.ContainingType?.TypeKind == TypeKind.Interface || definition.PartialImplementationPart is not null)
            {
                // What it is made on and given, the fields it is given by reference, and the static state of its own type.
                var types = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
                if (definition.ContainingType is { } declaring)
                {
                    types.Add(declaring.OriginalDefinition);
                }

                if (!method.IsStatic || method.ReducedFrom is not null)
                {
                    ITypeSymbol? receiver = call.Expression is MemberAccessExpressionSyntax member ? model.GetTypeInfo(member.Expression, cancellationToken).Type : method.ContainingType;
                    if (receiver is not null)
                    {
                        types.Add(receiver.OriginalDefinition);
                    }
                }

                foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
                {
                    if (argument.RefKindKeyword.Kind() is SyntaxKind.RefKeyword or SyntaxKind.OutKeyword)
                    {
                        if (IsFollowedTarget(argument.Expression, model, cancellationToken) || argument.Expression is DeclarationExpressionSyntax)
                        {
                            continue;
                        }

                        if (model.GetSymbolInfo(argument.Expression, cancellationToken).Symbol is IFieldSymbol or IPropertySymbol && model.GetSymbolInfo(argument.Expression, cancellationToken).Symbol!.ContainingType is { } owner)
                        {
                            types.Add(owner.OriginalDefinition);
                            continue;
                        }

                        return null;
                    }

                    if (model.GetTypeInfo(argument.Expression, cancellationToken).Type is { SpecialType: SpecialType.None } given
                        && given.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface or TypeKind.Array or TypeKind.TypeParameter)
                    {
                        types.Add(given.OriginalDefinition);
                    }
                }

                return types;
            }

            // A method of this compilation: what its body changes, and a field's array it is given where it may write it.
            return CallMayChange(call, model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), cancellationToken)
                   && call.ArgumentList.Arguments.Any(a => a.Expression.DescendantNodesAndSelf().Any(node => IsHeldOutside(node, model, cancellationToken)))
                ? null
                : BodyChangedTypes(definition, model, visited, cancellationToken);
        }

        /// <summary>The types whose state a body of the compilation may change (<see cref="ChangedTypes"/>), or null for any.</summary>
        private static HashSet<ITypeSymbol>? BodyChangedTypes(IMethodSymbol definition, SemanticQueries model, HashSet<IMethodSymbol> visited, CancellationToken cancellationToken)
        {
            var types = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            if (!visited.Add(definition))
            {
                return types;
            }

            foreach ((SyntaxNode declaration, SemanticQueries body) in CodeRunBy(definition, model, cancellationToken))
            {
                HashSet<ISymbol> aliases = AliasesOfHeldBuffers(declaration, body, cancellationToken);
                foreach (SyntaxNode node in declaration.DescendantNodes())
                {
                    // A write through a local holding a field's array (`int[] a = p.Order; a[1] = 2;`) changes that array.
                    if (aliases.Count > 0 && node is AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax aliased } && IsAlias(aliased.Expression, aliases, body, cancellationToken)
                        && body.GetTypeInfo(aliased.Expression, cancellationToken).Type is { } aliasType)
                    {
                        types.Add(aliasType.OriginalDefinition);
                        continue;
                    }

                    ExpressionSyntax? target = node switch
                    {
                        AssignmentExpressionSyntax assignment => assignment.Left,
                        PostfixUnaryExpressionSyntax postfix when postfix.Kind() is SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression => postfix.Operand,
                        PrefixUnaryExpressionSyntax prefix when prefix.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression => prefix.Operand,
                        ArgumentSyntax argument when argument.RefKindKeyword.Kind() is SyntaxKind.RefKeyword or SyntaxKind.OutKeyword && argument.Expression is not DeclarationExpressionSyntax => argument.Expression,
                        RefExpressionSyntax refExpression => refExpression.Expression,
                        _ => null,
                    };
                    if (target is not null && !IsFollowedTarget(target, body, cancellationToken))
                    {
                        if (body.GetSymbolInfo(target, cancellationToken).Symbol is IFieldSymbol or IPropertySymbol && body.GetSymbolInfo(target, cancellationToken).Symbol!.ContainingType is { } owner)
                        {
                            types.Add(owner.OriginalDefinition);
                            continue;
                        }

                        return null;
                    }

                    HashSet<ITypeSymbol>? inner = node switch
                    {
                        InvocationExpressionSyntax call => ChangedTypes(call, body, visited, cancellationToken),
                        CommonForEachStatementSyntax loop => EnumeratorChangedTypes(loop, body, visited, types, cancellationToken),
                        BaseObjectCreationExpressionSyntax creation when body.GetSymbolInfo(creation, cancellationToken).Symbol is IMethodSymbol constructor && IsOfThisCompilation(constructor, body) =>
                            WritesHeldBufferGiven(creation.ArgumentList, constructor, body, cancellationToken) ? null : BodyChangedTypes(constructor.OriginalDefinition, body, visited, cancellationToken),
                        IdentifierNameSyntax or ElementAccessExpressionSyntax when GetterOf(node, body, cancellationToken) is { } getter => BodyChangedTypes(getter, body, visited, cancellationToken),
                        _ => types,
                    };
                    if (inner is null)
                    {
                        return null;
                    }

                    if (!ReferenceEquals(inner, types))
                    {
                        types.UnionWith(inner);
                    }
                }
            }

            if (ChainedConstructor(definition, model, cancellationToken) is { } chained)
            {
                if (BodyChangedTypes(chained, model, visited, cancellationToken) is not { } chainedTypes)
                {
                    return null;
                }

                types.UnionWith(chainedTypes);
            }

            return types;
        }

        /// <summary>A type whose methods change nothing: the math classes, the numeric types, <c>string</c>.</summary>
        private static bool IsStateless(string? type) =>
            type is "System.Math" or "System.MathF" or "double" or "float" or "int" or "long" or "short" or "byte" or "uint" or "ulong"
                or "bool" or "char" or "string" or "System.Numerics.BitOperations";

        /// <summary>
        /// The semantic answers for the declaration <paramref name="reference"/> (another member, whose body is read):
        /// those for the other bodies of <paramref name="model"/>'s file (<see cref="SemanticQueries.OtherBodies"/>), or a model of another tree.
        /// </summary>
        public static SemanticQueries ModelOf(SyntaxReference reference, SemanticQueries model) =>
            reference.SyntaxTree == model.Model.SyntaxTree ? model.OtherBodies : new SemanticQueries(model.Model.Compilation.GetSemanticModel(reference.SyntaxTree));

        /// <summary>The type whose state a read of a field or property (its declaring type) or of an element (its array's type) is.</summary>
        public static ITypeSymbol? OwnerOf(SyntaxNode read, SemanticQueries model, CancellationToken cancellationToken) => read switch
        {
            IdentifierNameSyntax member => model.GetSymbolInfo(member, cancellationToken).Symbol?.ContainingType,
            ElementAccessExpressionSyntax element => model.GetTypeInfo(element.Expression, cancellationToken).Type,
            _ => null,
        };

        /// <summary>Whether state of <paramref name="type"/> is among <paramref name="changed"/>: the same type, one derived from the other, or arrays of one element type.</summary>
        public static bool IsChanged(ITypeSymbol type, HashSet<ITypeSymbol> changed)
        {
            ITypeSymbol read = type.OriginalDefinition;
            foreach (ITypeSymbol candidate in changed)
            {
                if (SymbolEqualityComparer.Default.Equals(read, candidate) || Related(read, candidate) || Related(candidate, read)
                    || (read is IArrayTypeSymbol readArray && candidate is IArrayTypeSymbol changedArray && SymbolEqualityComparer.Default.Equals(readArray.ElementType.OriginalDefinition, changedArray.ElementType.OriginalDefinition))
                    || read.SpecialType == SpecialType.System_Object || candidate.SpecialType == SpecialType.System_Object || read.TypeKind == TypeKind.TypeParameter || candidate.TypeKind == TypeKind.TypeParameter)
                {
                    return true;
                }
            }

            return false;

            static bool Related(ITypeSymbol derived, ITypeSymbol baseType)
            {
                for (ITypeSymbol? current = derived.BaseType; current is not null; current = current.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                    {
                        return true;
                    }
                }

                return derived.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, baseType));
            }
        }
    }
}
