using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Diff.Generator.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// Calls and constructors that may keep a differentiable value they are given (in a collection, a field, a static, a
    /// buffer they are given): a later read of what they kept would be taken for a constant, so they are refused (DIFF013).
    /// </summary>
    internal sealed partial class MethodParser
    {
        /// <summary>
        /// The first argument of a call that may keep what it is given (<see cref="MayKeepWhatItIsGiven"/>) that carries a
        /// differentiable value (a float or double, a differentiable array, an object, a struct or a tuple built from one),
        /// with the differentiable variable it reads; null where there is none. A lambda's captures are refused where the
        /// lambda is written.
        /// </summary>
        private (ExpressionSyntax Argument, IdentifierNameSyntax Carried)? KeptArgument(InvocationExpressionSyntax invocation, IMethodSymbol method)
        {
            if (IsKnownNotToKeep(invocation, method))
            {
                return null;
            }

            // A method of this compilation keeps only what its body puts somewhere: each argument is asked about its own
            // parameter.
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (HasBodyToFollow(definition))
            {
                SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
                int shift = method.ReducedFrom is not null ? 1 : 0;
                HashSet<ISymbol> discarded = DiscardedOutParameters(invocation, method, definition, shift);
                if (shift == 1 && invocation.Expression is MemberAccessExpressionSyntax { Expression: var extended }
                    && DifferentiableRead(extended, ConstantLocalsWithNumbers) is { } carriedReceiver
                    && KeepsParameter(definition, definition.Parameters[0], new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default), discarded))
                {
                    return (extended, carriedReceiver);
                }

                for (int position = 0; position < arguments.Count; position++)
                {
                    ExpressionSyntax argument = arguments[position].Expression;
                    if (argument is not AnonymousFunctionExpressionSyntax && CanHoldDifferentiableValue(argument)
                        && (DifferentiableRead(argument, ConstantLocalsWithNumbers) ?? ElementOfDifferentiableSequence(argument)) is { } carried
                        && (ParameterOf(method, arguments[position], position) is not { } parameter
                            || parameter.Ordinal + shift >= definition.Parameters.Length
                            || KeepsParameter(definition, definition.Parameters[parameter.Ordinal + shift], new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default), discarded)))
                    {
                        return (argument, carried);
                    }
                }

                return null;
            }

            if (!LibraryMayKeep(method))
            {
                return null;
            }

            // The receiver too: an extension method's first argument, and an instance method's object where the call is
            // given something it may copy that object's contents into (`rows.CopyTo(kept, 0)`; not `h.GetLength(0)`).
            IEnumerable<ExpressionSyntax> given = invocation.ArgumentList.Arguments.Select(a => a.Expression);
            if (invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver and not (ThisExpressionSyntax or BaseExpressionSyntax) }
                && (method.MethodKind == MethodKind.ReducedExtension
                    || (!method.IsStatic && invocation.ArgumentList.Arguments.Any(a => MayReceiveACopy(_model.GetTypeInfo(a.Expression, _cancellationToken).Type)))))
            {
                given = given.Prepend(receiver);
            }

            foreach (ExpressionSyntax argument in given)
            {
                if (argument is not AnonymousFunctionExpressionSyntax && CanHoldDifferentiableValue(argument)
                    && (DifferentiableRead(argument, ConstantLocalsWithNumbers) ?? ElementOfDifferentiableSequence(argument)) is { } carried)
                {
                    return (argument, carried);
                }
            }

            return null;
        }

        /// <summary>
        /// The differentiable sequence whose elements a lambda's parameter read in <paramref name="argument"/> receives
        /// (<c>x.Count(v => { l.Add(v); return true; })</c>: <c>v</c> is an element of <c>x</c>), where the lambda is given to a
        /// call on or with that sequence; null otherwise. A lambda's parameters are otherwise checked where it is called.
        /// </summary>
        private IdentifierNameSyntax? ElementOfDifferentiableSequence(ExpressionSyntax argument)
        {
            foreach (IdentifierNameSyntax name in argument.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (_model.GetSymbolInfo(name, _cancellationToken).Symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } }
                    && name.Ancestors().OfType<AnonymousFunctionExpressionSyntax>().FirstOrDefault() is { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } })
                {
                    IEnumerable<ExpressionSyntax> sources = call.ArgumentList.Arguments.Select(a => a.Expression).Where(e => e is not AnonymousFunctionExpressionSyntax);
                    if (call.Expression is MemberAccessExpressionSyntax { Expression: var receiver })
                    {
                        sources = sources.Prepend(receiver);
                    }

                    foreach (ExpressionSyntax source in sources)
                    {
                        if (DifferentiableRead(source, ConstantLocalsWithNumbers) is { } sequence)
                        {
                            return sequence;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// Whether a call may keep what it is given where a later read would take it for a constant: a library method without
        /// a derivative that may change state (a collection's <c>Add</c>), a method of this compilation that keeps one of its
        /// parameters (<see cref="KeepsParameter"/>). Not: <c>[Differentiable]</c> methods and the derivative catalog
        /// (differentiated), output, argument checks, local functions (whose calls are checked where they are called), and
        /// the library's searches, conversions, comparisons, hashing and views (<see cref="KeepsNothing"/>).
        /// </summary>
        /// <param name="model">The semantic answers for <paramref name="invocation"/>'s tree; null for the method's own.</param>
        private bool MayKeepWhatItIsGiven(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticQueries? model = null)
        {
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return !IsKnownNotToKeep(invocation, method, model)
                   && (HasBodyToFollow(definition)
                       ? definition.Parameters.Any(parameter => KeepsParameter(definition, parameter, new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default)))
                       : LibraryMayKeep(method));
        }

        /// <summary>
        /// Calls known to keep nothing of what they are given: <c>[Differentiable]</c> methods and the derivative catalog's
        /// functions (differentiated), output, argument checks, the library's read-only searches, and local functions (whose
        /// calls are checked where they are called).
        /// </summary>
        /// <param name="model">The semantic answers for <paramref name="invocation"/>'s tree; null for the method's own.</param>
        private bool IsKnownNotToKeep(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticQueries? model = null)
        {
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return SymbolFacts.HasAttribute(definition, SymbolFacts.DifferentiableAttribute)
                   // The catalog's functions (its buffer copies and fills of float and double buffers are statements of their
                   // own, and of other buffers they keep what they are given).
                   || (DerivativeTable.Find(definition.ContainingType?.ToDisplayString() ?? string.Empty, definition.Name, definition.Parameters.Length) is not null
                       && SymbolFacts.IsFloating(SymbolFacts.KindOf(definition.ReturnType)))
                   || IsOutput(invocation, method, model) || IsArgumentGuard(method) || IsReadOnlyLibraryMethod(method) || method.MethodKind == MethodKind.LocalFunction;
        }

        /// <summary>Whether a method with no body to follow (the library's, a virtual or an interface's) may keep what it is given.</summary>
        private static bool LibraryMayKeep(IMethodSymbol method) => !KeepsNothing((method.ReducedFrom ?? method).OriginalDefinition) && !IsReadOnlyLibraryMethod(method);

        /// <summary>Whether a value of <paramref name="argument"/>'s type may hold a differentiable value: not an integer, a boolean or a string.</summary>
        private bool CanHoldDifferentiableValue(ExpressionSyntax argument) =>
            _model.GetTypeInfo(argument, _cancellationToken).Type is not { } type
            || (SymbolFacts.KindOf(type) is not (ScalarKind.Integer or ScalarKind.Boolean) && type.SpecialType != SpecialType.System_String);

        /// <summary>
        /// Whether an argument of this type may receive a copy of what a call's object holds (an array, a collection, an
        /// object; not a number, a boolean or a string): then the object is given to the call as well.
        /// </summary>
        private static bool MayReceiveACopy(ITypeSymbol? type) =>
            type is not null && type.SpecialType != SpecialType.System_String && SymbolFacts.KindOf(type) is not (ScalarKind.Integer or ScalarKind.Boolean)
            && !SymbolFacts.IsFloating(SymbolFacts.KindOf(type));

        /// <summary>A method of this compilation whose one body a call runs: not abstract, virtual, an override, extern or an interface's.</summary>
        private static bool HasBodyToFollow(IMethodSymbol definition) =>
            definition.DeclaringSyntaxReferences.Length > 0 && !definition.IsAbstract && !definition.IsVirtual && !definition.IsOverride && !definition.IsExtern
            && definition.ContainingType?.TypeKind != TypeKind.Interface && definition.PartialImplementationPart is null;

        /// <summary>
        /// Whether the body of <paramref name="method"/>, a method of this compilation, may keep what <paramref name="parameter"/>
        /// holds where a later read would not see it as differentiable: the parameter, or a local computed from it (other
        /// than an integer, a boolean or a string), is stored anywhere but into a local or an array the body made
        /// (<c>St.Saved[0] = v</c>, <c>a[0] = v</c> through an alias of a field, <c>_items.Add(v)</c>), given to a call that may
        /// keep it (followed into methods of this compilation), to a constructor that keeps it outside its object, or
        /// captured by a lambda or a local function. Output, searches and calls given only integers keep nothing.
        /// </summary>
        /// <param name="seen">The parameters already asked about, which a recursion stops at (as keeping nothing).</param>
        /// <param name="discarded">
        /// The <c>out</c> parameters of <paramref name="method"/> whose argument at the call asked about is a discard
        /// (<c>out _</c>): what the body stores there is lost, as in a local of its own. Null for none.
        /// </param>
        private bool KeepsParameter(IMethodSymbol method, IParameterSymbol parameter, HashSet<IParameterSymbol> seen, HashSet<ISymbol>? discarded = null)
        {
            if (parameter.RefKind != RefKind.None)
            {
                return true;
            }

            if (!seen.Add(parameter))
            {
                return false;
            }

            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode body = reference.GetSyntax(_cancellationToken);
                SemanticQueries model = ObjectStateFacts.ModelOf(reference, _model);
                var carrying = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { parameter };
                var made = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

                bool Carries(ExpressionSyntax expression) =>
                    model.GetTypeInfo(expression, _cancellationToken).Type is not { } type
                    || (SymbolFacts.KindOf(type) is not (ScalarKind.Integer or ScalarKind.Boolean) && type.SpecialType != SpecialType.System_String)
                    && expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(name => model.GetSymbolInfo(name, _cancellationToken).Symbol is { } symbol && carrying.Contains(symbol));

                // The locals computed from the parameter (and the arrays the body makes itself), until nothing changes.
                bool grew = true;
                while (grew)
                {
                    grew = false;
                    foreach (SyntaxNode node in body.DescendantNodes())
                    {
                        (ISymbol? local, ExpressionSyntax? value) = node switch
                        {
                            VariableDeclaratorSyntax { Initializer.Value: var initial } declarator => (model.Model.GetDeclaredSymbol(declarator, _cancellationToken), initial),
                            AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment => (model.GetSymbolInfo(target, _cancellationToken).Symbol, assignment.Right),
                            ForEachStatementSyntax loop => (model.Model.GetDeclaredSymbol(loop, _cancellationToken), loop.Expression),
                            _ => (null, null),
                        };
                        if (local is ILocalSymbol && value is not null)
                        {
                            if (value is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or StackAllocArrayCreationExpressionSyntax or CollectionExpressionSyntax
                                or BaseObjectCreationExpressionSyntax && node is VariableDeclaratorSyntax)
                            {
                                made.Add(local);
                            }

                            if (!carrying.Contains(local) && Carries(value))
                            {
                                carrying.Add(local);
                                grew = true;
                            }
                        }
                    }
                }

                bool IsOwnLocal(ExpressionSyntax target)
                {
                    ExpressionSyntax root = target is ElementAccessExpressionSyntax element ? element.Expression : target;
                    ISymbol? symbol = model.GetSymbolInfo(root, _cancellationToken).Symbol;
                    return root == target ? symbol is ILocalSymbol || (symbol is not null && discarded?.Contains(symbol) == true) : symbol is ILocalSymbol && made.Contains(symbol);
                }

                foreach (SyntaxNode node in body.DescendantNodes())
                {
                    switch (node)
                    {
                        case AssignmentExpressionSyntax assignment when assignment.Parent is not InitializerExpressionSyntax && Carries(assignment.Right) && !IsOwnLocal(assignment.Left):
                        case AnonymousFunctionExpressionSyntax lambda when Carries(lambda):
                            return true;
                        case InvocationExpressionSyntax call when model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol called:
                        {
                            if (called.MethodKind == MethodKind.LocalFunction)
                            {
                                if (call.ArgumentList.Arguments.Any(a => Carries(a.Expression)) || called.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>()
                                        .Any(name => model.GetSymbolInfo(name, _cancellationToken).Symbol is { } symbol && carrying.Contains(symbol))))
                                {
                                    return true;
                                }

                                break;
                            }

                            IMethodSymbol definition = (called.ReducedFrom ?? called).OriginalDefinition;
                            if (IsKnownNotToKeep(call, called, model))
                            {
                                break;
                            }

                            int shift = called.ReducedFrom is not null ? 1 : 0;
                            if (shift == 1 && call.Expression is MemberAccessExpressionSyntax { Expression: var extended } && Carries(extended)
                                && (!HasBodyToFollow(definition) ? LibraryMayKeep(called) : KeepsParameter(definition, definition.Parameters[0], seen)))
                            {
                                return true;
                            }

                            if (shift == 0 && !called.IsStatic && call.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && Carries(receiver)
                                && !HasBodyToFollow(definition) && LibraryMayKeep(called)
                                && call.ArgumentList.Arguments.Any(a => MayReceiveACopy(model.GetTypeInfo(a.Expression, _cancellationToken).Type)))
                            {
                                return true;
                            }

                            SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
                            for (int position = 0; position < arguments.Count; position++)
                            {
                                if (!Carries(arguments[position].Expression))
                                {
                                    continue;
                                }

                                if (!HasBodyToFollow(definition))
                                {
                                    if (LibraryMayKeep(called))
                                    {
                                        return true;
                                    }

                                    continue;
                                }

                                if (ParameterOf(called, arguments[position], position) is not { } given || given.Ordinal + shift >= definition.Parameters.Length
                                    || KeepsParameter(definition, definition.Parameters[given.Ordinal + shift], seen, DiscardedOutParameters(call, called, definition, shift, model)))
                                {
                                    return true;
                                }
                            }

                            break;
                        }

                        case BaseObjectCreationExpressionSyntax creation when creation.ArgumentList?.Arguments.Any(a => Carries(a.Expression)) == true
                                                                             && model.GetSymbolInfo(creation, _cancellationToken).Symbol is IMethodSymbol constructor
                                                                             && KeepsOutsideItsObject(constructor):
                            return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The <c>out</c> parameters of <paramref name="definition"/> that <paramref name="invocation"/> gives a discard
        /// (<c>out _</c>, <c>out var _</c>, <c>out double _</c>): a value stored there is dropped at the call.
        /// </summary>
        /// <param name="model">The semantic answers for <paramref name="invocation"/>'s tree; null for the method's own.</param>
        private HashSet<ISymbol> DiscardedOutParameters(InvocationExpressionSyntax invocation, IMethodSymbol method, IMethodSymbol definition, int shift, SemanticQueries? model = null)
        {
            var discarded = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
            for (int position = 0; position < arguments.Count; position++)
            {
                ArgumentSyntax argument = arguments[position];
                bool isDiscard = argument.Expression switch
                {
                    DeclarationExpressionSyntax { Designation: DiscardDesignationSyntax } => true,
                    IdentifierNameSyntax { Identifier.ValueText: "_" } name => (model ?? _model).GetSymbolInfo(name, _cancellationToken).Symbol is IDiscardSymbol,
                    _ => false,
                };
                if (argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword) && isDiscard
                    && ParameterOf(method, argument, position) is { } parameter && parameter.Ordinal + shift < definition.Parameters.Length)
                {
                    discarded.Add(definition.Parameters[parameter.Ordinal + shift]);
                }
            }

            return discarded;
        }

        /// <summary>
        /// Library members that keep nothing of what they are given: those of the primitive types, conversions, bit
        /// casts, hashing, comparers, and by name the searches, comparisons, formatting and views of any library type.
        /// </summary>
        private static bool KeepsNothing(IMethodSymbol definition)
        {
            INamedTypeSymbol? type = definition.ContainingType;
            if (type is null)
            {
                return false;
            }

            if (type.SpecialType is SpecialType.System_Object or SpecialType.System_Enum or SpecialType.System_String or (>= SpecialType.System_Boolean and <= SpecialType.System_Double)
                || type.TypeKind == TypeKind.Enum
                || type.OriginalDefinition.ToDisplayString() is "System.Convert" or "System.BitConverter" or "System.HashCode" or "System.GC" or "System.Math" or "System.MathF"
                    or "System.Numerics.BitOperations" or "System.Collections.Generic.EqualityComparer<T>" or "System.Collections.Generic.Comparer<T>"
                    or "System.StringComparer" or "System.Diagnostics.Stopwatch" or "System.Random"
                    // Factories whose result holds what they are given, followed where that result goes.
                    or "System.Tuple" or "System.ValueTuple" or "System.Collections.Generic.KeyValuePair")
            {
                return true;
            }

            return definition.Name is "ToString" or "Equals" or "GetHashCode" or "GetType" or "CompareTo" or "Compare" or "Contains" or "ContainsKey" or "ContainsValue"
                or "IndexOf" or "LastIndexOf" or "BinarySearch" or "Exists" or "Find" or "FindIndex" or "FindLast" or "FindLastIndex" or "FindAll" or "TrueForAll"
                or "TryGetValue" or "GetValueOrDefault" or "Peek" or "TryPeek" or "IsSubsetOf" or "IsSupersetOf" or "IsProperSubsetOf" or "IsProperSupersetOf"
                or "Overlaps" or "SetEquals" or "SequenceEqual" or "StartsWith" or "EndsWith" or "AsSpan" or "AsMemory" or "Slice" or "ToArray" or "GetLength"
                or "GetLowerBound" or "GetUpperBound" or "Clone" or "GetValue" or "GetEnumerator";
        }

        /// <summary>
        /// Refuses (DIFF013) the creation of an object of this compilation whose constructor may change state other than
        /// the new object's (add to a list it is given, write a static field) where it is given a differentiable value: what
        /// it keeps there would read back as a constant. What the new object itself holds is followed where it is read.
        /// </summary>
        private void RefuseCreationKeeping(BaseObjectCreationExpressionSyntax creation)
        {
            if (creation.ArgumentList is not { Arguments.Count: > 0 } arguments
                || _model.GetSymbolInfo(creation, _cancellationToken).Symbol is not IMethodSymbol constructor
                || !KeepsOutsideItsObject(constructor))
            {
                return;
            }

            foreach (ArgumentSyntax argument in arguments.Arguments)
            {
                if (argument.Expression is not AnonymousFunctionExpressionSyntax && DifferentiableRead(argument.Expression, ConstantLocalsWithNumbers) is { } carried)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, argument.Expression, SyntaxText.Of(argument.Expression),
                        "the constructor of '" + constructor.ContainingType.Name + "' is given the differentiable value '" + carried.Identifier.ValueText
                        + "' and may keep it outside the new object (in a collection or a buffer it is given, or a static field), and DiffGen follows derivatives only through float and double locals, arrays and spans, so reading the value back would give a constant;"
                        + " keep the values in a double[] of their own");
                    return;
                }
            }
        }

        /// <summary>
        /// Whether a constructor of this compilation may keep what it is given outside the object it makes: it writes a
        /// static member or what a parameter holds (<c>Store.Last = v</c>, <c>a[0] = p</c>), or calls a method that may keep
        /// things on a parameter, a static member, or given a parameter (<c>l.Add(p)</c>, <c>Registry.Put(this)</c>). Writes
        /// to its own fields, and calls on them, are the new object's. One compiled elsewhere keeps nothing outside its
        /// object that a later read could take for a constant without also reading the object.
        /// </summary>
        private bool KeepsOutsideItsObject(IMethodSymbol constructor)
        {
            // A constructor reached again while it is being followed (it creates its own type through a helper) is taken
            // to keep nothing more than what the first visit finds.
            if (!_constructorsFollowed.Add(constructor.OriginalDefinition))
            {
                return false;
            }

            try
            {
                return ConstructorKeepsOutside(constructor);
            }
            finally
            {
                _constructorsFollowed.Remove(constructor.OriginalDefinition);
            }
        }

        /// <summary>The constructors <see cref="KeepsOutsideItsObject"/> is following, which a recursion through helpers stops at.</summary>
        private readonly HashSet<IMethodSymbol> _constructorsFollowed = new(SymbolEqualityComparer.Default);

        private bool ConstructorKeepsOutside(IMethodSymbol constructor)
        {
            foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
            {
                SemanticQueries model = ObjectStateFacts.ModelOf(reference, _model);
                bool Outside(ExpressionSyntax expression)
                {
                    while (expression is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax)
                    {
                        expression = expression switch
                        {
                            MemberAccessExpressionSyntax member => member.Expression,
                            ElementAccessExpressionSyntax element => element.Expression,
                            _ => ((ParenthesizedExpressionSyntax)expression).Expression,
                        };
                    }

                    // `this.V = v`, `this.Items.Add(v)`: the new object's own (the symbol of `this` is a parameter too).
                    return model.GetSymbolInfo(expression, _cancellationToken).Symbol switch
                    {
                        IParameterSymbol { IsThis: false, Type: var type } => SymbolFacts.ShapeOf(type).Shape != ParamShape.Scalar,
                        IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true } or INamedTypeSymbol => true,
                        _ => false,
                    };
                }

                foreach (SyntaxNode node in reference.GetSyntax(_cancellationToken).DescendantNodes())
                {
                    switch (node)
                    {
                        case AssignmentExpressionSyntax assignment when assignment.Left is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax
                                                                          && Outside(assignment.Left):
                        case AssignmentExpressionSyntax { Left: IdentifierNameSyntax written } when model.GetSymbolInfo(written, _cancellationToken).Symbol is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true }:
                            return true;
                        case InvocationExpressionSyntax call when model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol called
                                                                  && MayKeepWhatItIsGiven(call, called, model)
                                                                  && (call.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && Outside(receiver)
                                                                      || called.IsStatic && call.ArgumentList.Arguments.Any(a => a.Expression is ThisExpressionSyntax
                                                                          || model.GetSymbolInfo(a.Expression, _cancellationToken).Symbol is IParameterSymbol)):
                            return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The calls a local function the method calls makes (and those of the local functions it calls in turn): each is
        /// checked as if the method made it (<see cref="RefusedKeepingCall"/>), since it runs where the function is called.
        /// </summary>
        private void RefuseKeepingInLocalFunction(IMethodSymbol function, HashSet<IMethodSymbol> seen)
        {
            if (!seen.Add(function.OriginalDefinition))
            {
                return;
            }

            foreach (SyntaxReference reference in function.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in reference.GetSyntax(_cancellationToken).DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax inner && _model.GetSymbolInfo(inner, _cancellationToken).Symbol is IMethodSymbol called)
                    {
                        if (called.MethodKind == MethodKind.LocalFunction)
                        {
                            RefuseKeepingInLocalFunction(called, seen);
                        }
                        else
                        {
                            RefusedKeepingCall(inner, called);
                        }
                    }
                    else if (node is BaseObjectCreationExpressionSyntax creation)
                    {
                        RefuseCreationKeeping(creation);
                    }
                }
            }
        }

        /// <summary>
        /// A call that writes its arguments out and keeps none of them where the method could read them back: the console,
        /// debug and trace output, and a writer known only as a <c>TextWriter</c> (<c>Console.Error</c>, <c>Console.Out</c>).
        /// A <c>StringBuilder</c> or a <c>StringWriter</c> keeps its text, which can be parsed back.
        /// </summary>
        /// <param name="model">The semantic answers for <paramref name="invocation"/>'s tree; null for the method's own.</param>
        private bool IsOutput(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticQueries? model = null) =>
            method.ContainingType?.ToDisplayString() is "System.Console" or "System.Diagnostics.Debug" or "System.Diagnostics.Trace"
            || (method.ContainingType?.ToDisplayString() == "System.IO.TextWriter" && invocation.Expression is MemberAccessExpressionSyntax { Expression: var writer }
                && (model ?? _model).GetTypeInfo(writer, _cancellationToken).Type?.ToDisplayString() == "System.IO.TextWriter");

        /// <summary>The calls <see cref="RefusedKeepingCall"/> reported, each once however often its code is bound.</summary>
        private readonly HashSet<InvocationExpressionSyntax> _refusedAsKeeping = new();

        /// <summary>
        /// Refuses (DIFF013) a call without a derivative that may keep a differentiable value it is given (<c>list.Add(new
        /// P(x[1]))</c>, <c>set.Add(x[1])</c>, a helper storing its argument into a field): what it keeps carries no
        /// derivative, so reading the value back later would give a constant. True where it reported.
        /// </summary>
        private bool RefusedKeepingCall(InvocationExpressionSyntax invocation, IMethodSymbol method)
        {
            if (_refusedAsKeeping.Contains(invocation))
            {
                return true;
            }

            if (KeptArgument(invocation, method) is not { } kept)
            {
                return false;
            }

            _refusedAsKeeping.Add(invocation);

            string callee = (method.ContainingType?.Name is { Length: > 0 } owner ? owner + "." : string.Empty) + method.Name;
            TypeInfo given = _model.GetTypeInfo(kept.Argument, _cancellationToken);
            string argument = SyntaxText.Of(kept.Argument);
            string what = kept.Argument is IdentifierNameSyntax local && local.Identifier.ValueText == kept.Carried.Identifier.ValueText
                          && _model.GetSymbolInfo(local, _cancellationToken).Symbol is ILocalSymbol { Type: var localType } && SymbolFacts.ShapeOf(localType).Shape == ParamShape.Other
                ? "'" + argument + "', which holds differentiable values"
                : SymbolFacts.IsFloating(SymbolFacts.KindOf(given.Type))
                    ? "'" + argument + "'" + (given.ConvertedType is { } converted && !SymbolFacts.IsFloating(SymbolFacts.KindOf(converted)) ? " boxed as an object" : string.Empty)
                    : SymbolFacts.ShapeOf(given.Type).Shape != ParamShape.Other
                        ? "the differentiable buffer '" + argument + "'"
                        : "the differentiable value '" + kept.Carried.Identifier.ValueText + "' inside an object, a struct or a tuple";
            Report(DiagnosticDescriptors.UnsupportedExpression, kept.Argument, argument,
                "it gives '" + callee + "' " + what + ", which the call may keep (it has no derivative and may change state: a collection's Add, a field or a buffer it writes),"
                + " and DiffGen follows derivatives only through float and double locals, arrays and spans, so reading the value back would give a constant;"
                + " keep the values in a double[] of their own, or make '" + method.Name + "' [Differentiable] if it is your own");
            return true;
        }
    }
}
