using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// Whether a method has compile errors of its own, mostly from the binding the parser has already
    /// done: the generator writes no code for such a method.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Asking the compiler (<see cref="SemanticModel.GetDiagnostics"/>) binds and flow-analyses every
    /// body a second time, in the method compiler, and that was most of the generator's time. Instead the
    /// check reads the method's operation tree, which the semantic model builds from the bound nodes the
    /// parser's queries have already produced: an invalid operation, an error type or a conversion that
    /// does not exist (or is explicit where only an implicit one is allowed) is a compile error. Syntax
    /// errors come from the tree; errors in the method's declaration (its signature and attributes) from
    /// <see cref="SemanticModel.GetDeclarationDiagnostics"/>, which does not bind bodies, asked once per file unless the
    /// declaration is one that cannot carry an error (<see cref="PlainSignatures"/>); a block body of a
    /// method that returns a value and whose last statement is not a <c>return</c> or <c>throw</c> is
    /// checked for a reachable end (CS0161) by flow analysis over the same bound nodes.
    /// </para>
    /// <para>
    /// Some errors the compiler reports without marking the bound tree: flow errors (an unassigned local,
    /// a lambda or switch section whose end is reachable), names declared twice in nested scopes, writes to
    /// read-only or non-variable targets, constant folding that overflows or divides by zero, obsolete
    /// members, unsafe code, and some rules of switches, patterns and jumps. Where a method holds any
    /// construct that can carry one of those (a local declared without a value, a block-bodied lambda or a
    /// local function, a repeated name in nested scopes, a switch, a pattern, a jump, a ref or out argument,
    /// a write to anything but a local, parameter or array element, a constant operation without a
    /// constant result, a member marked obsolete, unsafe code), it is still asked of the compiler, for that
    /// method alone. Ordinary differentiable code holds none of them.
    /// </para>
    /// </remarks>
    internal static class CompileErrors
    {
        // The error spans of each file's declarations, asked once per file: one call per method walked the
        // file's declarations each time. Keyed on the compilation, so it holds nothing once that is gone.
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, List<TextSpan>>> DeclarationErrors = new();

        public static bool InMethod(SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (syntax.ContainsDiagnostics)
            {
                return true;
            }

            // An error the scan finds is confirmed by the compiler before the method is dropped: a method is dropped
            // without a diagnostic of ours only because the compiler reports one, and a misjudged tree (a default
            // argument read from metadata, say) must not make a method vanish silently. Clean code never pays for it.
            return Scan(model, syntax, method, cancellationToken) switch
            {
                Verdict.Clean => false,
                _ => HasError(model.GetDiagnostics(syntax.Span, cancellationToken)),
            };
        }

        private enum Verdict
        {
            Clean,
            Error,
            Unsure,
        }

        private static Verdict Scan(SemanticModel model, MethodDeclarationSyntax syntax, IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (!PlainSignatures.Admit(syntax, method) && DeclarationError(model, syntax, cancellationToken))
            {
                return Verdict.Error;
            }

            if (syntax.Body is null && syntax.ExpressionBody is null)
            {
                return Verdict.Clean;
            }

            if (SyntaxVerdict(syntax, method) is Verdict.Unsure)
            {
                return Verdict.Unsure;
            }

            if (model.GetOperation(syntax, cancellationToken) is not { } root)
            {
                return Verdict.Unsure;
            }

            var pending = new Stack<IOperation>();
            pending.Push(root);
            Verdict verdict = Verdict.Clean;
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IOperation operation = pending.Pop();
                switch (OperationVerdict(operation))
                {
                    case Verdict.Error:
                        return Verdict.Error;
                    case Verdict.Unsure:
                        // An error found later still decides without asking the compiler.
                        verdict = Verdict.Unsure;
                        break;
                }

                foreach (IOperation child in operation.ChildOperations)
                {
                    // An omitted optional argument is the compiler's own tree of the default: from metadata, an enum
                    // default is an explicit conversion of its number marked implicit, which the rules above would
                    // take for CS0266. The user wrote nothing there that could be wrong.
                    if (child is IArgumentOperation { ArgumentKind: ArgumentKind.DefaultValue })
                    {
                        continue;
                    }

                    pending.Push(child);
                }
            }

            if (verdict == Verdict.Clean && syntax.Body is { } body && !method.ReturnsVoid && EndMayBeReachable(body))
            {
                ControlFlowAnalysis? flow = model.AnalyzeControlFlow(body);
                if (flow is null || !flow.Succeeded)
                {
                    return Verdict.Unsure;
                }

                if (flow.EndPointIsReachable)
                {
                    return Verdict.Error; // CS0161: not all code paths return a value.
                }
            }

            return verdict;
        }

        private static bool DeclarationError(SemanticModel model, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
        {
            SyntaxTree tree = syntax.SyntaxTree;
            ConcurrentDictionary<SyntaxTree, List<TextSpan>> files = DeclarationErrors.GetValue(model.Compilation, static _ => new ConcurrentDictionary<SyntaxTree, List<TextSpan>>());
            if (!files.TryGetValue(tree, out List<TextSpan>? spans))
            {
                // Computed outside the dictionary, so that a cancelled computation leaves nothing behind.
                var found = new List<TextSpan>();
                foreach (Diagnostic diagnostic in model.GetDeclarationDiagnostics(cancellationToken: cancellationToken))
                {
                    if (diagnostic.Severity == DiagnosticSeverity.Error && diagnostic.Location.SourceTree == tree)
                    {
                        found.Add(diagnostic.Location.SourceSpan);
                    }
                }

                spans = files.GetOrAdd(tree, found);
            }

            // The filter GetDiagnostics(span) applies: an error whose location intersects the method.
            foreach (TextSpan span in spans)
            {
                if (syntax.Span.IntersectsWith(span))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The end of a block whose last statement is a return or a throw is never reachable.</summary>
        private static bool EndMayBeReachable(BlockSyntax body) =>
            body.Statements.Count == 0 || body.Statements[body.Statements.Count - 1] is not (ReturnStatementSyntax or ThrowStatementSyntax);

        /// <summary>Constructs whose errors only the compiler's own passes find, and names declared twice in nested scopes.</summary>
        private static Verdict SyntaxVerdict(MethodDeclarationSyntax syntax, IMethodSymbol method)
        {
            List<(string Name, SyntaxNode Scope)>? scopes = null;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None)
                {
                    return Verdict.Unsure;
                }

                Declare(ref scopes, parameter.Name, syntax);
            }

            SyntaxNode body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!;
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax declarator:
                        if (declarator.Initializer is null
                            || declarator.Parent?.Parent is not (LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.None } or ForStatementSyntax))
                        {
                            return Verdict.Unsure; // CS0165 and the rules of using, fixed and field-like declarations.
                        }

                        SyntaxNode? scope = declarator.Parent.Parent is ForStatementSyntax loop ? loop : declarator.Parent.Parent.Parent;
                        if (scope is null || !Declare(ref scopes, declarator.Identifier.ValueText, scope))
                        {
                            return Verdict.Unsure; // CS0128, CS0136.
                        }

                        break;
                    case ForEachStatementSyntax forEach:
                        if (!Declare(ref scopes, forEach.Identifier.ValueText, forEach))
                        {
                            return Verdict.Unsure;
                        }

                        break;
                    case SimpleLambdaExpressionSyntax simple:
                        if (simple.Body is BlockSyntax || !Declare(ref scopes, simple.Parameter.Identifier.ValueText, simple))
                        {
                            return Verdict.Unsure;
                        }

                        break;
                    case ParenthesizedLambdaExpressionSyntax lambda:
                        if (lambda.Body is BlockSyntax)
                        {
                            return Verdict.Unsure;
                        }

                        foreach (ParameterSyntax parameter in lambda.ParameterList.Parameters)
                        {
                            if (parameter.Modifiers.Count > 0 || !Declare(ref scopes, parameter.Identifier.ValueText, lambda))
                            {
                                return Verdict.Unsure;
                            }
                        }

                        break;
                    case AnonymousMethodExpressionSyntax or LocalFunctionStatementSyntax
                        or SingleVariableDesignationSyntax or DeclarationExpressionSyntax or CatchDeclarationSyntax
                        or SwitchStatementSyntax or SwitchExpressionSyntax or PatternSyntax or IsPatternExpressionSyntax
                        or GotoStatementSyntax or LabeledStatementSyntax
                        or TryStatementSyntax or UsingStatementSyntax or FixedStatementSyntax or LockStatementSyntax
                        or UnsafeStatementSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax or StackAllocArrayCreationExpressionSyntax
                        or ImplicitStackAllocArrayCreationExpressionSyntax or RefExpressionSyntax or RefTypeSyntax
                        or YieldStatementSyntax or AwaitExpressionSyntax or QueryExpressionSyntax:
                        return Verdict.Unsure;
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                        return Verdict.Unsure;
                    case ThisExpressionSyntax or BaseExpressionSyntax when method.IsStatic:
                        return Verdict.Unsure; // CS0026.
                }
            }

            return Verdict.Clean;
        }

        /// <summary>
        /// Records a name's scope; false when the name is already declared in a scope that contains this one
        /// or that this one contains (the compiler's CS0128 and CS0136). Methods declare few names, so a list will do.
        /// </summary>
        private static bool Declare(ref List<(string Name, SyntaxNode Scope)>? scopes, string name, SyntaxNode scope)
        {
            scopes ??= new List<(string Name, SyntaxNode Scope)>();
            foreach ((string Name, SyntaxNode Scope) other in scopes)
            {
                if (other.Name == name && (other.Scope.Span.Contains(scope.Span) || scope.Span.Contains(other.Scope.Span)))
                {
                    return false;
                }
            }

            scopes.Add((name, scope));
            return true;
        }

        private static Verdict OperationVerdict(IOperation operation)
        {
            if (operation.Kind == OperationKind.Invalid || operation.Type is { TypeKind: TypeKind.Error })
            {
                return Verdict.Error;
            }

            switch (operation)
            {
                case IConversionOperation conversion:
                    if (!conversion.Conversion.Exists || conversion.IsImplicit && !conversion.Conversion.IsImplicit)
                    {
                        return Verdict.Error; // CS0029, CS0266, CS0030, CS0031, CS0664.
                    }

                    // A constant that does not convert to a constant overflowed (CS0221).
                    return conversion.Operand.ConstantValue.HasValue && !conversion.ConstantValue.HasValue && IsConstantType(conversion.Type) ? Verdict.Unsure : Verdict.Clean;
                case ICompoundAssignmentOperation compound:
                    return compound.OutConversion.IsImplicit && Writable(compound.Target) ? Verdict.Clean : Verdict.Unsure;
                case ISimpleAssignmentOperation assignment:
                    return Writable(assignment.Target) ? Verdict.Clean : Verdict.Unsure;
                case IIncrementOrDecrementOperation increment:
                    return Writable(increment.Target) ? Verdict.Clean : Verdict.Unsure;
                case IBinaryOperation binary:
                    if (binary.OperatorMethod is null && IsConstantType(binary.Type))
                    {
                        // Constant folding that overflows (CS0220), or an integer division by a constant zero (CS0020).
                        if (binary.LeftOperand.ConstantValue.HasValue && binary.RightOperand.ConstantValue.HasValue && !binary.ConstantValue.HasValue)
                        {
                            return Verdict.Unsure;
                        }

                        if (binary.OperatorKind is BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder && binary.RightOperand.ConstantValue.HasValue)
                        {
                            return Verdict.Unsure;
                        }
                    }

                    return Verdict.Clean;
                case IUnaryOperation unary:
                    return unary.Operand.ConstantValue.HasValue && !unary.ConstantValue.HasValue && IsConstantType(unary.Type) ? Verdict.Unsure : Verdict.Clean;
                case IInvocationOperation invocation:
                    return Obsolete(invocation.TargetMethod) ? Verdict.Unsure : Verdict.Clean;
                case IPropertyReferenceOperation property:
                    return property.Property.GetMethod is null || Obsolete(property.Property) ? Verdict.Unsure : Verdict.Clean;
                case IFieldReferenceOperation field:
                    return Obsolete(field.Field) ? Verdict.Unsure : Verdict.Clean;
                case IObjectCreationOperation creation:
                    return creation.Constructor is null || Obsolete(creation.Constructor) ? Verdict.Unsure : Verdict.Clean;
                case IArrayCreationOperation array:
                    foreach (IOperation size in array.DimensionSizes)
                    {
                        if (size.ConstantValue is { HasValue: true, Value: int n } && n < 0)
                        {
                            return Verdict.Error; // CS0248: a negative array size.
                        }
                    }

                    return Verdict.Clean;
                case IEventReferenceOperation or IMethodReferenceOperation or IDynamicInvocationOperation or IDynamicMemberReferenceOperation
                    or IDynamicIndexerAccessOperation or IDynamicObjectCreationOperation or IDeconstructionAssignmentOperation or IAddressOfOperation:
                    return Verdict.Unsure;
                default:
                    return Verdict.Clean;
            }
        }

        /// <summary>Targets that any value of their type may be written to: ordinary locals and by-value parameters, and array elements.</summary>
        private static bool Writable(IOperation target) => target switch
        {
            ILocalReferenceOperation local => local.Local is { IsConst: false, IsForEach: false, IsUsing: false, IsFixed: false, IsRef: false },
            IParameterReferenceOperation parameter => parameter.Parameter.RefKind == RefKind.None,
            IArrayElementReferenceOperation => true,
            IDiscardOperation => true,
            _ => false,
        };

        private static bool IsConstantType(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Char or SpecialType.System_Decimal
            || type?.TypeKind == TypeKind.Enum;

        /// <summary>Whether a member or a type it belongs to carries an attribute that can make its use an error.</summary>
        internal static bool Obsolete(ISymbol symbol)
        {
            for (ISymbol? s = symbol; s is not null; s = s.ContainingType)
            {
                foreach (AttributeData attribute in s.GetAttributes())
                {
                    if (attribute.AttributeClass is { Name: "ObsoleteAttribute" or "ExperimentalAttribute" or "CompilerFeatureRequiredAttribute" or "RequiresPreviewFeaturesAttribute" })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool HasError(IEnumerable<Diagnostic> diagnostics)
        {
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
