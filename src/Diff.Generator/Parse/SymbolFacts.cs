using System.Linq;
using System.Collections.Generic;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>Classifies Roslyn types and symbols into the few shapes the IR distinguishes.</summary>
    internal static class SymbolFacts
    {
        public const string DifferentiableAttribute = "Diff.DifferentiableAttribute";
        public const string NoDiffAttribute = "Diff.NoDiffAttribute";
        public const string DerivativeOfAttribute = "Diff.DerivativeOfAttribute";
        public const string TangentOfAttribute = "Diff.TangentOfAttribute";
        public const string CurvatureOfAttribute = "Diff.CurvatureOfAttribute";
        public const string PiecewiseLinearAttribute = "Diff.PiecewiseLinearAttribute";
        public const string KernelAttribute = "Diff.KernelAttribute";

        /// <summary>A type of ILGPU's that only a compilation referencing ILGPU has; kernels need it.</summary>
        public const string IlgpuIndex1D = "ILGPU.Index1D";

        /// <summary>A type of the runtime's launch helpers (namespace Diff.Gpu in Diff.Runtime), whose presence lets the generator write kernel launchers.</summary>
        public const string GpuLaunchChecks = "Diff.Gpu.LaunchChecks";

        /// <summary>ILGPU's <c>ArrayView&lt;T&gt;</c> or dense <c>ArrayView1D&lt;T, Stride1D.Dense&gt;</c>: a kernel's one-dimensional buffer.</summary>
        public static bool IsArrayView(ITypeSymbol? type) =>
            type is INamedTypeSymbol { IsGenericType: true } named
            && named.ContainingNamespace?.ToDisplayString() is "ILGPU" or "ILGPU.Runtime"
            && (named is { Name: "ArrayView", TypeArguments.Length: 1 }
                || (named is { Name: "ArrayView1D", TypeArguments.Length: 2 } && named.TypeArguments[1].ToDisplayString() == "ILGPU.Stride1D.Dense"));

        /// <summary>ILGPU.Algorithms' <c>XMath</c>: in kernels, its functions are those of <c>Math</c> (double) and <c>MathF</c> (float).</summary>
        public const string XMath = "ILGPU.Algorithms.XMath";

        /// <summary><c>Index1D</c>, <c>Index2D</c> or <c>Index3D</c> for ILGPU's thread-index types; null for anything else.</summary>
        public static string? ThreadIndexType(ITypeSymbol? type) =>
            type is INamedTypeSymbol { Name: "Index1D" or "Index2D" or "Index3D" } named && named.ContainingNamespace?.ToDisplayString() == "ILGPU"
                ? named.Name
                : null;

        public static readonly SymbolDisplayFormat QualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

        /// <summary><see cref="QualifiedFormat"/> with nullable reference annotations (<c>string?</c>), for signatures.</summary>
        public static readonly SymbolDisplayFormat NullableQualifiedFormat = QualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static ScalarKind KindOf(ITypeSymbol? type)
        {
            if (type is null)
            {
                return ScalarKind.Other;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Double:
                    return ScalarKind.Double;
                case SpecialType.System_Single:
                    return ScalarKind.Float;
                case SpecialType.System_Boolean:
                    return ScalarKind.Boolean;
                case SpecialType.System_Void:
                    return ScalarKind.Void;
                case SpecialType.System_Int32:
                case SpecialType.System_Int64:
                case SpecialType.System_Int16:
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                case SpecialType.System_UInt16:
                case SpecialType.System_UInt32:
                case SpecialType.System_UInt64:
                case SpecialType.System_Char:
                    return ScalarKind.Integer;
                default:
                    return type.TypeKind == TypeKind.Enum ? ScalarKind.Integer : ScalarKind.Other;
            }
        }

        /// <summary>The IR type of a symbol's type; <see cref="IrType.Unknown"/> for none or an error type.</summary>
        public static IrType IrTypeOf(ITypeSymbol? type)
        {
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                return IrType.Unknown;
            }

            string name = type.ToDisplayString(QualifiedFormat);
            IrTypeKind kind = type.TypeKind == TypeKind.Enum ? IrTypeKind.Other : IrType.KindOfKeyword(name);
            if (kind == IrTypeKind.Other && ShapeOf(type).Shape is ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan)
            {
                kind = IrTypeKind.Buffer;
            }

            return new IrType(kind, name);
        }

        public static bool IsFloating(ScalarKind kind) => kind is ScalarKind.Double or ScalarKind.Float;

        /// <summary>A predefined number, boolean, character or string type: a value no code of the user's runs for.</summary>
        public static bool IsPredefinedValueOrString(ITypeSymbol type) => type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char
            or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_String;

        /// <summary>Arrays, spans and read-only spans of float or double.</summary>
        public static (ParamShape Shape, ScalarKind Element) ShapeOf(ITypeSymbol? type)
        {
            if (type is IArrayTypeSymbol array && array.Rank == 1)
            {
                ScalarKind element = KindOf(array.ElementType);
                return IsFloating(element) ? (ParamShape.Array, element) : (ParamShape.Other, element);
            }

            // A kernel's view is a buffer that the kernel may write, like a span.
            if (IsArrayView(type))
            {
                ScalarKind element = KindOf(((INamedTypeSymbol)type!).TypeArguments[0]);
                return IsFloating(element) ? (ParamShape.Span, element) : (ParamShape.Other, element);
            }

            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
                named.ContainingNamespace?.ToDisplayString() == "System")
            {
                ScalarKind element = KindOf(named.TypeArguments[0]);
                if (IsFloating(element))
                {
                    if (named.Name == "Span")
                    {
                        return (ParamShape.Span, element);
                    }

                    if (named.Name == "ReadOnlySpan")
                    {
                        return (ParamShape.ReadOnlySpan, element);
                    }
                }
            }

            ScalarKind kind = KindOf(type);
            return IsFloating(kind) ? (ParamShape.Scalar, kind) : (ParamShape.Other, kind);
        }

        public static string Keyword(ScalarKind kind) => kind == ScalarKind.Float ? "float" : "double";

        /// <summary>Whether a parameter takes a differentiable value: a float or double scalar, array or span not marked [NoDiff].</summary>
        public static bool IsDifferentiableParameter(IParameterSymbol parameter) =>
            ShapeOf(parameter.Type).Shape != ParamShape.Other && !HasAttribute(parameter, NoDiffAttribute);

        /// <summary>
        /// Whether a [Differentiable] method's pullback comes with a <c>…Record</c>/<c>…Reverse</c> pair: always for one
        /// in source (the generator writes them beside every pullback), and for one from another assembly when it has them.
        /// </summary>
        /// <remarks>
        /// A callee in source that is a straight-line leaf (no loop, and no call but of a math function) is cheaper to
        /// run again in its pullback than to record; its callers reverse it that way, as its own halves do.
        /// </remarks>
        public static bool HasRecordReverse(IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.Length > 0
                ? !method.DeclaringSyntaxReferences.All(r => IsStraightLineLeaf(r.GetSyntax()))
                : method.ContainingType?.GetMembers(method.Name + "Record").Length > 0;

        /// <summary>
        /// Whether a [Differentiable] method has a <c>…TangentLanes</c> companion generic in its lanes: always for one in
        /// source; one from another assembly has it when it was generated with lanes of every width.
        /// </summary>
        public static bool HasTangentLanes(IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.Length > 0
            || method.ContainingType?.GetMembers(method.Name + "TangentLanes").OfType<IMethodSymbol>().Any(m => m.Arity == 1) == true;

        /// <summary>Whether a [Differentiable] method has a <c>…PullbackHessianVector</c> companion: always for one in source.</summary>
        public static bool HasPullbackHessianVector(IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.Length > 0 || method.ContainingType?.GetMembers(method.Name + "PullbackHessianVector").Length > 0;

        private static bool IsStraightLineLeaf(SyntaxNode declaration) =>
            !declaration.DescendantNodes().Any(node => node switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.ForStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.WhileStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.DoStatementSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.GotoStatementSyntax => true,
                Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax invocation => !IsMathCall(invocation.Expression),
                _ => false,
            });

        private static bool IsMathCall(Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax callee) =>
            callee is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access
            && access.Expression.ToString() is "Math" or "MathF" or "System.Math" or "System.MathF" or "double" or "float" or "global::System.Math" or "global::System.MathF";

        /// <summary>
        /// Whether a [Differentiable] method may write one of its array or span parameters, by
        /// <see cref="MayWriteParameter(IMethodSymbol, IParameterSymbol, Compilation?)"/>: directly, through a view or a
        /// call it passes the buffer to, or by a library call that writes it. Such a method's callers differentiate a call
        /// of it through its seeded pullback, which the method then always has (the analysis of its own body may find
        /// fewer writes, never more). A method from another assembly answers through its generated <c>…Pullback</c>.
        /// </summary>
        public static bool WritesBufferParameters(IMethodSymbol method, Compilation? compilation)
        {
            method = Implementation(method);
            if (method.DeclaringSyntaxReferences.Length == 0)
            {
                return method.Parameters.Any(p => ShapeOf(p.Type).Shape is ParamShape.Array or ParamShape.Span)
                       && method.ContainingType?.GetMembers(method.Name + "Pullback").Length > 0;
            }

            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (ShapeOf(parameter.Type).Shape is ParamShape.Array or ParamShape.Span && MayWriteParameter(method, parameter, compilation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a method may write the elements of one of its buffer parameters. Conservative: in source,
        /// only a parameter whose every use reads an element or its <c>Length</c>, or passes it on to a method in
        /// source that does not write it in turn (found with <paramref name="compilation"/>, when given), is left
        /// alone; one aliased, given by <c>ref</c>, or passed to any other call counts as written; a read-only span
        /// never is; a method from another assembly writes it when it writes any buffer.
        /// </summary>
        /// <remarks>
        /// Passing weights down through helpers is the common case this follows: a buffer the callee only reads needs
        /// no snapshot in the caller's forward sweep, and leaves the caller's Hessian-vector product available.
        /// </remarks>
        public static bool MayWriteParameter(IMethodSymbol method, IParameterSymbol parameter, Compilation? compilation = null) =>
            MayWriteParameter(method, parameter, compilation, new Dictionary<string, bool?>(System.StringComparer.Ordinal));

        /// <param name="followed">The answers for the parameters of the calls followed so far; null while one is being found.</param>
        private static bool MayWriteParameter(IMethodSymbol method, IParameterSymbol parameter, Compilation? compilation, Dictionary<string, bool?> followed)
        {
            // A partial method's body is its implementation part's; the declaration part has none.
            if (Implementation(method) is { } implementation && !SymbolEqualityComparer.Default.Equals(implementation, method) && parameter.Ordinal < implementation.Parameters.Length)
            {
                method = implementation;
                parameter = implementation.Parameters[parameter.Ordinal];
            }

            if (ShapeOf(parameter.Type).Shape == ParamShape.ReadOnlySpan)
            {
                return false;
            }

            if (parameter.RefKind != RefKind.None)
            {
                return true;
            }

            if (method.DeclaringSyntaxReferences.Length == 0)
            {
                return method.ReturnsVoid || WritesBufferParameters(method, compilation);
            }

            string name = parameter.Name;
            ParamShape shape = ShapeOf(parameter.Type).Shape;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name
                        && identifier.Parent is not Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax
                        && UseMayWrite(identifier, shape, compilation, followed))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Whether one use of a buffer (a parameter, or a local view of one) may write its elements: reading an element or
        /// its <c>Length</c>, iterating it by value, copying from it, and passing it on to a method in source that does not
        /// write it in turn are the reads; anything else counts as a write.
        /// </summary>
        public static bool UseMayWrite(Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax identifier, ParamShape shape, Compilation? compilation) =>
            UseMayWrite(identifier, shape, compilation, new Dictionary<string, bool?>(System.StringComparer.Ordinal));

        private static bool UseMayWrite(Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax identifier, ParamShape shape, Compilation? compilation, Dictionary<string, bool?> followed)
        {
            switch (identifier.Parent)
            {
                case Microsoft.CodeAnalysis.CSharp.Syntax.ElementAccessExpressionSyntax access when access.Expression == identifier:
                    // A range of a span is a view of it, written where the view is; a range of an array is a copy.
                    return IsWritten(access)
                        || (access.ArgumentList.Arguments.Count == 1 && access.ArgumentList.Arguments[0].Expression is Microsoft.CodeAnalysis.CSharp.Syntax.RangeExpressionSyntax
                            && shape == ParamShape.Span && ViewMayBeWritten(access, compilation, followed));
                case Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } member when member.Expression == identifier:
                    return false;
                case Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "Slice", Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax view } member
                    when member.Expression == identifier:
                    return ViewMayBeWritten(view, compilation, followed);
                case Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CopyTo" or "ToArray" or "Clone", Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax } member
                    when member.Expression == identifier:
                    // Reads the buffer it is called on.
                    return false;
                case Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax linq } member
                    when member.Expression == identifier && IsLinqCall(linq, compilation):
                    // LINQ reads the sequence it is called on (x.Sum(), x.Select(f)).
                    return false;
                case Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax { RefKindKeyword.RawKind: 0, Parent: Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax linq } }
                    when IsLinqCall(linq, compilation):
                    // Enumerable.Sum(x) reads it too.
                    return false;
                case Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax loop when loop.Expression == identifier && loop.Type is not Microsoft.CodeAnalysis.CSharp.Syntax.RefTypeSyntax:
                    // Iterated by value.
                    return false;
                case Microsoft.CodeAnalysis.CSharp.Syntax.SpreadElementSyntax:
                    // [.. x] copies the elements.
                    return false;
                case Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax
                {
                    Parent: Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax
                    {
                        Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax { Identifier.ValueText: "nameof" } },
                    },
                }:
                    // nameof(x) names it, in an argument check.
                    return false;
                case Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax argument when IsCopySource(argument, compilation) || (compilation is not null && PassedOnUnwritten(argument, compilation, followed)):
                    return false;
                case Microsoft.CodeAnalysis.CSharp.Syntax.EqualsValueClauseSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax view }:
                    // ReadOnlySpan<double> s = x;
                    return LocalViewMayBeWritten(view, compilation, followed);
                case Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax creation } list } argument
                    when list.Arguments.IndexOf(argument) == 0 && argument.RefKindKeyword.RawKind == 0 && IsSpanCreation(creation):
                    // new ReadOnlySpan<double>(x, 1, 2) is a view of x.
                    return ViewMayBeWritten(creation, compilation, followed);
                default:
                    return true;
            }
        }

        /// <summary>A call of a method of <c>System.Linq.Enumerable</c>, which only reads the sequences it is given.</summary>
        private static bool IsLinqCall(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call, Compilation? compilation) =>
            compilation is not null && compilation.ContainsSyntaxTree(call.SyntaxTree)
            && compilation.GetSemanticModel(call.SyntaxTree).GetSymbolInfo(call).Symbol is IMethodSymbol method
            && (method.ReducedFrom ?? method).ContainingType?.ToDisplayString() == "System.Linq.Enumerable";

        /// <summary><c>new Span&lt;T&gt;(…)</c> or <c>new ReadOnlySpan&lt;T&gt;(…)</c>, also as <c>new(…)</c> initializing a local declared as one.</summary>
        private static bool IsSpanCreation(Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax creation)
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.TypeSyntax? type = creation switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax named => named.Type,
                _ => (creation.Parent?.Parent?.Parent as Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclarationSyntax)?.Type,
            };
            return type is Microsoft.CodeAnalysis.CSharp.Syntax.GenericNameSyntax { Identifier.ValueText: "Span" or "ReadOnlySpan" }
                or Microsoft.CodeAnalysis.CSharp.Syntax.QualifiedNameSyntax { Right: Microsoft.CodeAnalysis.CSharp.Syntax.GenericNameSyntax { Identifier.ValueText: "Span" or "ReadOnlySpan" } };
        }

        /// <summary>
        /// Whether a local span declared as a view of a buffer (<c>var s = x.AsSpan(1)</c>) may be written through: one of
        /// its uses after the declaration, in the block it is declared in, may write (<see cref="UseMayWrite(Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax, ParamShape, Compilation?)"/>).
        /// </summary>
        private static bool LocalViewMayBeWritten(Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax view, Compilation? compilation, Dictionary<string, bool?> followed)
        {
            if (view.Parent is not Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclarationSyntax declaration
                || declaration.Parent is not Microsoft.CodeAnalysis.CSharp.Syntax.LocalDeclarationStatementSyntax { Parent: { } scope })
            {
                return true;
            }

            if (declaration.Type is Microsoft.CodeAnalysis.CSharp.Syntax.GenericNameSyntax { Identifier.ValueText: "ReadOnlySpan" }
                or Microsoft.CodeAnalysis.CSharp.Syntax.QualifiedNameSyntax { Right: Microsoft.CodeAnalysis.CSharp.Syntax.GenericNameSyntax { Identifier.ValueText: "ReadOnlySpan" } })
            {
                return false;
            }

            string name = view.Identifier.ValueText;
            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                if (node.SpanStart > view.Span.End && node is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax use && use.Identifier.ValueText == name
                    && UseMayWrite(use, ParamShape.Span, compilation, followed))
                {
                    return true;
                }
            }

            return false;
        }

        // A positional argument of a call of a method in source whose parameter is not written in turn, also through
        // recursion.
        private static bool PassedOnUnwritten(Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax argument, Compilation compilation, Dictionary<string, bool?> followed)
        {
            if (argument.RefKindKeyword.RawKind != 0 || argument.NameColon is not null
                || argument.Parent is not Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax list
                || list.Parent is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax invocation
                || !compilation.ContainsSyntaxTree(argument.SyntaxTree))
            {
                return false;
            }

            SemanticModel model = compilation.GetSemanticModel(argument.SyntaxTree);
            if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, ReducedFrom: null } called)
            {
                return false;
            }

            // The runtime's argument checks (ArgumentNullException.ThrowIfNull(x), Debug.Assert's message) take an
            // object they never write through.
            if (called.DeclaringSyntaxReferences.Length == 0 && called.ContainingNamespace?.ToDisplayString() is "System" or "System.Diagnostics"
                && list.Arguments.IndexOf(argument) is var position && position < called.Parameters.Length
                && called.Parameters[position].Type.SpecialType == SpecialType.System_Object)
            {
                return true;
            }

            // Only a body that is the one that runs: not a virtual, abstract or interface method, which an override
            // may replace, nor an extern one.
            IMethodSymbol callee = called.OriginalDefinition;
            if (callee.IsPartialDefinition && callee.PartialImplementationPart is { } implementation)
            {
                callee = implementation;
            }

            if (callee.IsVirtual || callee.IsAbstract || callee.IsOverride || callee.IsExtern || callee.IsPartialDefinition
                || callee.ContainingType?.TypeKind == TypeKind.Interface)
            {
                return false;
            }

            // An array given to a params parameter in its normal form (P0(s, v), not P0(s, a, b)) is the parameter itself.
            int index = list.Arguments.IndexOf(argument);
            bool normalFormParams = index == callee.Parameters.Length - 1 && list.Arguments.Count == callee.Parameters.Length
                && model.GetTypeInfo(argument.Expression).ConvertedType is IArrayTypeSymbol;
            if (index >= callee.Parameters.Length || (callee.Parameters[index].IsParams && !normalFormParams) || callee.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            // Each parameter is followed once. One reached again while it is being followed is recursion, which adds
            // no write of its own: a write anywhere in the cycle is found on its own path, and makes the answer true.
            string key = callee.ToDisplayString() + "#" + index;
            if (followed.TryGetValue(key, out bool? known))
            {
                return known != true;
            }

            followed[key] = null;
            bool written = MayWriteParameter(callee, callee.Parameters[index], compilation, followed);
            followed[key] = written;
            return !written;
        }

        // A view (x.AsSpan(…), s.Slice(…), s[a..b]) is written unless it is only read, passed to a method in source that
        // does not write it, or copied from.
        private static bool ViewMayBeWritten(Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax view, Compilation? compilation, Dictionary<string, bool?> followed) => view.Parent switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax argument => !IsCopySource(argument, compilation) && !(compilation is not null && PassedOnUnwritten(argument, compilation, followed)),
            Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } member when member.Expression == view => false,
            Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CopyTo" or "ToArray", Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax } member
                when member.Expression == view => false,
            // A view of the view (x.AsSpan().Slice(1), x.AsSpan()[1..]) is written where it is.
            Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Slice", Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax sliced } member
                when member.Expression == view => ViewMayBeWritten(sliced, compilation, followed),
            Microsoft.CodeAnalysis.CSharp.Syntax.ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } range
                when range.Expression == view && range.ArgumentList.Arguments[0].Expression is Microsoft.CodeAnalysis.CSharp.Syntax.RangeExpressionSyntax
                => ViewMayBeWritten(range, compilation, followed),
            Microsoft.CodeAnalysis.CSharp.Syntax.ElementAccessExpressionSyntax access when access.Expression == view => IsWritten(access),
            Microsoft.CodeAnalysis.CSharp.Syntax.EqualsValueClauseSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax local } => LocalViewMayBeWritten(local, compilation, followed),
            _ => true,
        };

        // The source of Array.Copy, which only reads it.
        // With the compilation, the call is bound, so that a type of the user's named Array is not taken for System.Array.
        private static bool IsCopySource(Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax argument, Compilation? compilation) =>
            argument.RefKindKeyword.RawKind == 0 && argument.NameColon is null
            && argument.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax
            {
                Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
                {
                    Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Copy", Expression: var owner },
                } copy,
            } list
            && list.Arguments.IndexOf(argument) == 0
            && owner.ToString() is "Array" or "System.Array" or "global::System.Array"
            && (compilation is null || !compilation.ContainsSyntaxTree(argument.SyntaxTree)
                || compilation.GetSemanticModel(argument.SyntaxTree).GetSymbolInfo(copy).Symbol is IMethodSymbol { ContainingType.SpecialType: SpecialType.System_Array });

        /// <summary>Whether a tuple is assigned to, as the left of a deconstruction or a part of one; a tuple of values is only read.</summary>
        private static bool IsDeconstructedInto(Microsoft.CodeAnalysis.CSharp.Syntax.TupleExpressionSyntax tuple) => tuple.Parent switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax assignment => assignment.Left == tuple,
            Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.TupleExpressionSyntax outer } => IsDeconstructedInto(outer),
            Microsoft.CodeAnalysis.CSharp.Syntax.ForEachVariableStatementSyntax loop => loop.Variable == tuple,
            _ => false,
        };

        private static bool IsWritten(Microsoft.CodeAnalysis.CSharp.Syntax.ElementAccessExpressionSyntax access) => Unparenthesized(access).Parent switch
        {
            // (x[0]) = v writes the element as x[0] = v does.
            Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax assignment => assignment.Left == Unparenthesized(access),
            Microsoft.CodeAnalysis.CSharp.Syntax.PostfixUnaryExpressionSyntax => true,
            Microsoft.CodeAnalysis.CSharp.Syntax.PrefixUnaryExpressionSyntax prefix => prefix.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PreIncrementExpression) || prefix.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PreDecrementExpression),
            // `ref`/`out`/`in` arguments, and elements inside a tuple (a deconstruction may assign them).
            Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax argument => argument.RefKindKeyword.RawKind != 0 || (argument.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.TupleExpressionSyntax tuple && IsDeconstructedInto(tuple)),
            Microsoft.CodeAnalysis.CSharp.Syntax.RefExpressionSyntax => true,
            _ => false,
        };

        private static IMethodSymbol Implementation(IMethodSymbol method) =>
            method.IsPartialDefinition && method.PartialImplementationPart is { } implementation ? implementation : method;

        private static SyntaxNode Unparenthesized(SyntaxNode node)
        {
            while (node.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.ParenthesizedExpressionSyntax outer)
            {
                node = outer;
            }

            return node;
        }

        public static bool HasAttribute(ISymbol symbol, string metadataName)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == metadataName)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The key that ties a call site to a [DerivativeOf] registration: <c>Type.Name(T1,T2)</c>.</summary>
        public static string RegistrationKey(IMethodSymbol method)
        {
            IMethodSymbol original = method.OriginalDefinition;
            var builder = new System.Text.StringBuilder();
            builder.Append(original.ContainingType?.ToDisplayString() ?? string.Empty).Append('.').Append(original.Name).Append('(');
            for (int i = 0; i < original.Parameters.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                builder.Append(original.Parameters[i].Type.ToDisplayString());
            }

            return builder.Append(')').ToString();
        }

        /// <summary>The adjoint parameter name of the contract: <c>d</c> plus the name with its first letter upper-cased.</summary>
        public static string AdjointName(string parameterName)
        {
            string bare = parameterName.TrimStart('@');
            return bare.Length == 0 ? "d" : "d" + char.ToUpperInvariant(bare[0]) + bare.Substring(1);
        }

        /// <summary>The value of an omitted optional argument: a literal, or host code (a cast constant, <c>Array.Empty</c>).</summary>
        public static Value DefaultArgument(IParameterSymbol parameter)
        {
            IrType type = IrTypeOf(parameter.Type);
            string code = DefaultCode(parameter);
            // A literal token: not a negative number, a cast constant or Array.Empty<T>().
            bool literal = !code.StartsWith("-", System.StringComparison.Ordinal) && !code.StartsWith("(", System.StringComparison.Ordinal)
                           && !code.StartsWith("global::", System.StringComparison.Ordinal);
            return literal
                ? new ConstantValue(code, type, IsLiteral: true)
                : new HostValue(code, type, EquatableArray<string>.Empty, EquatableArray<string>.Empty, Pure: true, Primary: false);
        }

        private static string DefaultCode(IParameterSymbol parameter)
        {
            if (!parameter.HasExplicitDefaultValue || parameter.ExplicitDefaultValue is null)
            {
                return parameter.IsParams ? "global::System.Array.Empty<" + ((IArrayTypeSymbol)parameter.Type).ElementType.ToDisplayString(QualifiedFormat) + ">()" : "default";
            }

            return parameter.ExplicitDefaultValue switch
            {
                bool b => b ? "true" : "false",
                float f => SymbolDisplay.FormatPrimitive(f, quoteStrings: false, useHexadecimalNumbers: false) + "f",
                double d => SymbolDisplay.FormatPrimitive(d, quoteStrings: false, useHexadecimalNumbers: false) + "d",
                string s => SymbolDisplay.FormatLiteral(s, quote: true),
                _ => "(" + parameter.Type.ToDisplayString(QualifiedFormat) + ")" + SymbolDisplay.FormatPrimitive(parameter.ExplicitDefaultValue, quoteStrings: true, useHexadecimalNumbers: false),
            };
        }

        /// <summary>
        /// The first simple name in <paramref name="method"/>'s body that is <paramref name="name"/> and
        /// refers to something other than a local or a parameter of the method (a field, a property, a
        /// method, a type), with what it refers to; null when there is none. A generated parameter of
        /// that name would hide it in the generated body.
        /// </summary>
        public static (IdentifierNameSyntax Node, string Kind)? MemberNamed(IMethodSymbol method, string name, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            string bare = name.TrimStart('@');
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == model.SyntaxTree))
            {
                foreach (IdentifierNameSyntax identifier in reference.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (identifier.Identifier.ValueText != bare || identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier)
                    {
                        continue;
                    }

                    ISymbol? symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
                    string? kind = symbol switch
                    {
                        null or ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or ILabelSymbol => null,
                        IFieldSymbol => "Field",
                        IPropertySymbol => "Property",
                        IMethodSymbol => "Method",
                        IEventSymbol => "Event",
                        ITypeSymbol => "Type",
                        _ => "Member",
                    };
                    if (kind is not null)
                    {
                        return (identifier, kind);
                    }
                }
            }

            return null;
        }

        /// <summary>Whether a type is declared <c>file</c>: a file-local type cannot be extended from the generated file.</summary>
        public static bool IsFileLocal(TypeDeclarationSyntax type) => type.Modifiers.Any(SyntaxKind.FileKeyword);

        /// <summary>
        /// Why a [Differentiable] method of this compilation gets no companions at all, not even the stand-ins of a
        /// method refused for its body (Emit/RefusedEmitter), whatever its body holds: its declaration is refused in a
        /// way no generated file could make up for (it is generic, or a type around it is not partial or is file-local).
        /// Null when it gets them, and for a method of another assembly, which was compiled with them. A call of it is
        /// refused at the call, where an argument is active, rather than left to name companions that do not exist.
        /// </summary>
        /// <summary>
        /// A scalar-mode method that is virtual, or an override a derived class may override again: its companions, which
        /// are ordinary methods, would not dispatch as it does. Tensor mode writes virtual companions for such methods.
        /// </summary>
        public static bool IsOverridable(IMethodSymbol method) =>
            (method.IsVirtual || (method.IsOverride && !method.IsSealed && method.ContainingType?.IsSealed != true))
            && !TensorFacts.IsTensorMethod(method);

        public static string? WhyNoCompanions(IMethodSymbol method)
        {
            if (method.DeclaringSyntaxReferences.Length == 0)
            {
                return null;
            }

            if (method.IsGenericMethod)
            {
                return "it is generic (DIFF010)";
            }

            if (IsOverridable(method))
            {
                return (method.IsVirtual ? "it is virtual" : "it is an override a derived class may override again") + " (DIFF010)";
            }

            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                for (SyntaxNode? node = reference.GetSyntax().Parent; node is not null; node = node.Parent)
                {
                    if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        return "its type '" + type.Identifier.ValueText + "' is not partial (DIFF008)";
                    }

                    if (node is TypeDeclarationSyntax fileLocal && IsFileLocal(fileLocal))
                    {
                        return "its type '" + fileLocal.Identifier.ValueText + "' is file-local (DIFF010)";
                    }
                }
            }

            return null;
        }

        /// <summary>Why a method of a file-local type gets no companions, and the way out.</summary>
        public static string FileLocalReason(TypeDeclarationSyntax type) =>
            "its type '" + type.Identifier.ValueText + "' is file-local ('file'), and the generated companions live in a file of their own, where a partial declaration would be another type; declare the type without 'file' (internal or private)";
    }
}
