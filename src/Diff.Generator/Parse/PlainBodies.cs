using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// A quick proof, from the method's operation tree, that it changes no state the IR has no variable for: that
    /// <see cref="ObjectStateFacts.MayChange"/> is false and <see cref="ObjectStateFacts.BuffersWrittenByCalls"/> is empty.
    /// </summary>
    /// <remarks>
    /// Those two walk every syntax node of the method and ask the semantic model about each name, which was a sixth of
    /// the generator's time on ordinary methods. Ordinary differentiable code (arithmetic on locals, parameters and
    /// their elements, loops, <c>Math</c> calls) holds nothing they could find, and one walk over the operation tree,
    /// which the compile-error check builds anyway, shows it. The proof admits only operations for which both answer
    /// "nothing" whatever the context, and leaves everything else (a call of anything but the math classes, a write to
    /// anything but a local, a parameter or an element of one, a getter of this compilation, a lambda) to them: it
    /// never decides otherwise than they would.
    /// </remarks>
    internal static class PlainBodies
    {
        public static bool ChangesNothing(MethodDeclarationSyntax declaration, IMethodSymbol method, SemanticQueries model, CancellationToken cancellationToken)
        {
            // A reference returned (`return ref _field;`) counts as a write to what it refers to.
            if (method.ReturnsByRef || method.ReturnsByRefReadonly || NamesMembersOutsideTheBody(declaration)
                || model.Model.GetOperation(declaration, cancellationToken) is not { } root)
            {
                return false;
            }

            IAssemblySymbol assembly = model.Model.Compilation.Assembly;
            bool readsHeldState = false;
            bool hasNonFloatingBuffer = false;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                hasNonFloatingBuffer |= IsNonFloatingBuffer(parameter.Type);
            }

            var pending = new Stack<IOperation>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IOperation operation = pending.Pop();
                switch (operation)
                {
                    case ILiteralOperation or IParameterReferenceOperation or IInstanceReferenceOperation or IDefaultValueOperation
                        or IBlockOperation or IMethodBodyOperation or IReturnOperation or IExpressionStatementOperation
                        or IVariableDeclarationGroupOperation or IVariableDeclarationOperation or IVariableInitializerOperation
                        or IForLoopOperation or IWhileLoopOperation or IBranchOperation or IEmptyOperation
                        or IConditionalOperation { IsRef: false } or IArrayCreationOperation or IArrayInitializerOperation or IArrayElementReferenceOperation:
                        break;
                    case ILocalReferenceOperation local when !local.Local.IsRef:
                        break;
                    case IForEachLoopOperation loop when OverArray(loop.Collection):
                        // Any other collection runs an enumerator, whose methods may be of this compilation.
                        break;
                    case IVariableDeclaratorOperation declarator when !declarator.Symbol.IsRef:
                        hasNonFloatingBuffer |= IsNonFloatingBuffer(declarator.Symbol.Type);
                        break;
                    // A string concatenation runs its operands' ToString, which the full walk looks into.
                    case IBinaryOperation { OperatorMethod: null } binary when binary.Type?.SpecialType != SpecialType.System_String:
                        break;
                    case IUnaryOperation { OperatorMethod: null } or IConversionOperation { OperatorMethod: null }:
                        break;
                    case IArgumentOperation argument when argument.Parameter is { RefKind: RefKind.None } && argument.ArgumentKind != ArgumentKind.ParamArray:
                        break;
                    case IInvocationOperation invocation when invocation.Instance is null && IsMathClass(invocation.TargetMethod.ContainingType):
                        break;
                    case ISimpleAssignmentOperation assignment when !assignment.IsRef && IsFollowedTarget(assignment.Target):
                        break;
                    case ICompoundAssignmentOperation { OperatorMethod: null } compound when IsFollowedTarget(compound.Target):
                        break;
                    case IIncrementOrDecrementOperation { OperatorMethod: null } increment when IsFollowedTarget(increment.Target):
                        break;
                    case IFieldReferenceOperation field:
                        // A read: nothing changes, but a local holding a field's buffer would be followed as an alias of it.
                        readsHeldState |= !field.Field.IsConst;
                        break;
                    case IPropertyReferenceOperation property when !property.Property.IsIndexer
                                                                   && !SymbolEqualityComparer.Default.Equals(property.Property.ContainingAssembly, assembly):
                        // A getter compiled elsewhere is taken to change nothing; what it returns may be held state.
                        readsHeldState |= property.Property.Name is not ("Length" or "Count" or "LongLength");
                        break;
                    default:
                        return false;
                }

                foreach (IOperation child in operation.ChildOperations)
                {
                    pending.Push(child);
                }
            }

            // A local or parameter buffer of non-floating elements given something held outside the method's variables is
            // followed as that state (an alias of it), whatever the rest of the method does with it.
            return !(readsHeldState && hasNonFloatingBuffer);
        }

        /// <summary>
        /// A local or parameter, or an element of a one-dimensional array held in one and named plainly (<c>y[j]</c>): the
        /// writes the IR follows by name.
        /// </summary>
        private static bool IsFollowedTarget(IOperation target) => target switch
        {
            ILocalReferenceOperation local => !local.Local.IsRef && target.Syntax is IdentifierNameSyntax,
            IParameterReferenceOperation parameter => parameter.Parameter.RefKind == RefKind.None && target.Syntax is IdentifierNameSyntax,
            IArrayElementReferenceOperation element => element.ArrayReference is ILocalReferenceOperation or IParameterReferenceOperation
                                                       && element.ArrayReference.Type is IArrayTypeSymbol { Rank: 1 }
                                                       && target.Syntax is ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax },
            _ => false,
        };

        /// <summary>Whether a <c>foreach</c> walks an array, which runs no enumerator method.</summary>
        private static bool OverArray(IOperation collection) =>
            (collection is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : collection).Type is IArrayTypeSymbol;

        /// <summary><c>System.Math</c> or <c>System.MathF</c>, as the full walk names them: not a generic class of the same name.</summary>
        private static bool IsMathClass(INamedTypeSymbol? type) =>
            type is { Name: "Math" or "MathF", Arity: 0, ContainingType: null, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        private static bool IsNonFloatingBuffer(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => array.ElementType.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single),
            INamedTypeSymbol named => named.Name is "Span" or "ReadOnlySpan",
            _ => false,
        };

        /// <summary>
        /// Whether the declaration outside its body can name a property, whose getter the syntactic walk looks into but
        /// the body's operation tree does not hold: a named attribute argument, or a <c>nameof</c> in an attribute's
        /// arguments or a parameter's default value (the only other expressions there are constants).
        /// </summary>
        private static bool NamesMembersOutsideTheBody(MethodDeclarationSyntax declaration)
        {
            foreach (SyntaxNode node in declaration.DescendantNodes(node => node is not (BlockSyntax or ArrowExpressionClauseSyntax)))
            {
                if (node is InvocationExpressionSyntax or AttributeArgumentSyntax { NameEquals: not null })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
