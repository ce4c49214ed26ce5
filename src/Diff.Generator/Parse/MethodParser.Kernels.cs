using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// Kernel mode's part of the binder: the shape a [Kernel] method must have (a static void method
    /// whose first parameter is its thread index, then views and scalars), ILGPU's kernel subset, and
    /// <c>Atomic.Add(ref view[k], v)</c>, which binds as the assignment <c>view[k] = view[k] + v</c>
    /// that it performs. Everything outside the subset is refused here, at build time, at the
    /// offending node: ILGPU would otherwise fail at run time, when the kernel is loaded.
    /// </summary>
    internal sealed partial class MethodParser
    {
        /// <summary>Whether the method is a [Kernel] (set by the binder).</summary>
        private bool _kernel;

        /// <summary>The thread index of a [Kernel] method, once its shape is checked.</summary>
        private KernelIndex? _kernelIndex;

        /// <summary>Reports what puts a [Kernel] method outside ILGPU's kernel subset; false when its body must not be read.</summary>
        private bool CheckKernelShape(MethodDeclarationSyntax syntax)
        {
            LocationInfo? at = LocationInfo.From(syntax.Identifier.GetLocation());
            if (_model.Model.Compilation.GetTypeByMetadataName(SymbolFacts.IlgpuIndex1D) is null)
            {
                Report(DiagnosticDescriptors.KernelNeedsGpuLibrary, at, _method.Name);
                return false;
            }

            if (SymbolFacts.HasAttribute(_method, SymbolFacts.DifferentiableAttribute))
            {
                // The [Differentiable] side reports it (DIFF010); a second error here would say the same.
                return false;
            }

            bool shapeOk = true;
            if (!_method.IsStatic || !_method.ReturnsVoid)
            {
                Report(DiagnosticDescriptors.OutsideKernelSubset, at, _method.Name, "a kernel is a static method that returns void; it writes its results into ArrayView parameters");
                shapeOk = false;
            }

            IParameterSymbol? index = _method.Parameters.FirstOrDefault();
            bool explicitlyGrouped = index is null || SymbolFacts.ThreadIndexType(index.Type) is null;

            // An explicitly grouped kernel that reads its grid position (Grid.GlobalIndex, Group.IdxX), stages values in
            // shared memory allocated at the top of its body and waits at barriers between the statements of its body
            // (its phases) is differentiated like any other; one that uses other group operations (a barrier inside a
            // loop or a branch, warp shuffles, dynamic shared memory) takes a registered backward instead.
            bool usesGroup = explicitlyGrouped && UsesGroupIntrinsics(syntax);
            _kernelIndex = !explicitlyGrouped ? new KernelIndex(index!.Name, SymbolFacts.ThreadIndexType(index.Type)!)
                : usesGroup ? new KernelIndex(string.Empty, KernelIndex.Explicit)
                : new KernelIndex(string.Empty, KernelIndex.Grid);
            foreach (IParameterSymbol parameter in _method.Parameters.Skip(explicitlyGrouped ? 0 : 1))
            {
                ITypeSymbol type = parameter.Type;
                // ILGPU passes only blittable parameters to a kernel, so not bool (it refuses it when it loads the kernel).
                bool allowed = SymbolFacts.IsArrayView(type) && ((INamedTypeSymbol)type).TypeArguments[0].IsUnmanagedType
                               || type.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Int32 or SpecialType.System_Int64
                                   or SpecialType.System_UInt32 or SpecialType.System_Int16 or SpecialType.System_Byte;
                if (!allowed)
                {
                    Report(DiagnosticDescriptors.OutsideKernelSubset, LocationInfo.From(parameter.Locations.FirstOrDefault()), parameter.ToDisplayString(),
                        type.SpecialType == SpecialType.System_Boolean
                            ? "ILGPU cannot pass a bool to a kernel (it is not blittable); pass an int flag (0 or 1) instead"
                            : "a kernel takes ArrayView<T> buffers and primitive scalars (float, double, int, long); pass arrays and spans as views of accelerator memory");
                    shapeOk = false;
                }
            }

            // An explicitly grouped kernel (shared memory, barriers) is ILGPU's as written: its body is not
            // differentiated, and a registered backward stands in for its adjoint (checked with the registrations).
            return shapeOk && (usesGroup || CheckKernelBody(syntax));
        }

        /// <summary>
        /// Whether the body uses group-wide operations that the adjoint kernel does not reverse: anything of ILGPU's
        /// SharedMemory, Group, Warp and LocalMemory but a top-level <c>Group.Barrier();</c> and a top-level
        /// <c>var s = SharedMemory.Allocate&lt;T&gt;(constant);</c> of float or double.
        /// </summary>
        private bool UsesGroupIntrinsics(MethodDeclarationSyntax syntax)
        {
            SyntaxNode? body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
            return body is not null && body.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(invocation =>
                _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol method
                && IsGroupOperation(method)
                && !IsTopLevelBarrier(invocation, method)
                && SharedAllocationLength(invocation, method) is null);
        }

        private static bool IsGroupOperation(IMethodSymbol method) =>
            method.ContainingType?.ToDisplayString() is "ILGPU.SharedMemory" or "ILGPU.Group" or "ILGPU.Warp" or "ILGPU.LocalMemory"
                or "ILGPU.Algorithms.GroupExtensions" or "ILGPU.Algorithms.WarpExtensions";

        /// <summary>Whether the method body's block is <paramref name="block"/>: barriers and allocations belong at its top level.</summary>
        private static bool IsMethodBlock(SyntaxNode? block) => block is BlockSyntax { Parent: MethodDeclarationSyntax };

        /// <summary><c>Group.Barrier();</c> as a statement of the method's own block, where every thread of the group reaches it.</summary>
        private static bool IsTopLevelBarrier(InvocationExpressionSyntax invocation, IMethodSymbol method) =>
            method is { Name: "Barrier", Parameters.Length: 0 } && method.ContainingType?.ToDisplayString() == "ILGPU.Group"
            && invocation.Parent is ExpressionStatementSyntax statement && IsMethodBlock(statement.Parent);

        /// <summary>
        /// The length of <c>var s = SharedMemory.Allocate&lt;T&gt;(n);</c> (T float or double, n a constant, the declaration a
        /// statement of the method's own block), as a literal; null for any other call.
        /// </summary>
        private ValueExpr? SharedAllocationLength(InvocationExpressionSyntax invocation, IMethodSymbol method)
        {
            if (method is not { Name: "Allocate", TypeArguments.Length: 1, Parameters.Length: 1 }
                || method.ContainingType?.ToDisplayString() != "ILGPU.SharedMemory"
                || !SymbolFacts.IsFloating(SymbolFacts.KindOf(method.TypeArguments[0]))
                || invocation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } } }
                || !IsMethodBlock(declaration.Parent)
                || _model.Model.GetConstantValue(invocation.ArgumentList.Arguments[0].Expression, _cancellationToken) is not { HasValue: true, Value: int length }
                || length <= 0)
            {
                return null;
            }

            return new ValueExpr(new ConstantValue(length.ToString(System.Globalization.CultureInfo.InvariantCulture), IrType.Int32, IsLiteral: true), ScalarKind.Integer);
        }

        /// <summary>The length of a kernel's shared-memory local declared by <paramref name="variable"/>, or null when it is not one.</summary>
        private ValueExpr? SharedAllocationLength(VariableDeclaratorSyntax variable) =>
            _kernel && variable.Initializer?.Value is InvocationExpressionSyntax invocation
                    && _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol method
                ? SharedAllocationLength(invocation, method)
                : null;

        /// <summary>A kernel's top-level <c>Group.Barrier();</c>, marked so that the reverse sweep waits at its mirrored place; null for other calls.</summary>
        private IEnumerable<Stmt>? ParseBarrier(InvocationExpressionSyntax invocation) =>
            _kernel && _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol method && IsTopLevelBarrier(invocation, method)
                ? new Stmt[] { InactiveStmt.Host("global::ILGPU.Group.Barrier();", EquatableArray<string>.Empty) with { Barrier = true } }
                : null;

        /// <summary>Whether the method being bound is an explicitly grouped kernel, whose body is not read.</summary>
        private bool IsExplicitKernel => _kernelIndex is { Type: KernelIndex.Explicit };

        /// <summary>Walks the body for what ILGPU cannot compile or the kernel adjoint cannot reverse.</summary>
        private bool CheckKernelBody(MethodDeclarationSyntax syntax)
        {
            int before = _diagnostics.Count;
            SyntaxNode? body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
            if (body is null)
            {
                return true;
            }

            bool barriers = body.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(invocation =>
                _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol method && IsTopLevelBarrier(invocation, method));
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                string? reason = node switch
                {
                    ReturnStatementSyntax when barriers
                        => "a kernel with barriers does not return early: every thread of the group must reach each Group.Barrier(); guard the work with an if instead",
                    ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or StackAllocArrayCreationExpressionSyntax
                        or ImplicitStackAllocArrayCreationExpressionSyntax or CollectionExpressionSyntax
                        => "a kernel has no variable-size local arrays or stackalloc; pass a scratch ArrayView, or use ILGPU's LocalMemory with a constant size in a kernel you differentiate by hand",
                    BaseObjectCreationExpressionSyntax creation when _model.GetTypeInfo(creation, _cancellationToken).Type is { IsReferenceType: true }
                        => "a kernel cannot allocate objects; compute with scalars and views",
                    LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => "a kernel has no strings",
                    InterpolatedStringExpressionSyntax => "a kernel has no strings",
                    ThrowStatementSyntax or ThrowExpressionSyntax or TryStatementSyntax => "a kernel has no exceptions; check the arguments before the launch (the generated launcher checks every view's length)",
                    AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax => "a kernel has no lambdas or local functions; write a static helper",
                    WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax
                        => "the adjoint kernel runs loops backwards over the same counter values, so a kernel's loops are counted for loops (for (int j = a; j < b; j++) with bounds that the loop does not change)",
                    InvocationExpressionSyntax invocation => KernelCallRefusal(invocation),
                    IdentifierNameSyntax identifier => KernelNameRefusal(identifier),
                    _ => null,
                };

                if (reason is not null)
                {
                    Report(DiagnosticDescriptors.OutsideKernelSubset, node, Short(node), reason);
                }
            }

            return _diagnostics.Count == before;
        }

        private string? KernelCallRefusal(InvocationExpressionSyntax invocation)
        {
            if (_model.GetSymbolInfo(invocation, _cancellationToken).Symbol is not IMethodSymbol method)
            {
                return null;
            }

            string owner = method.ContainingType?.ToDisplayString() ?? string.Empty;
            if (owner is "System.Math" or "System.MathF")
            {
                // Clamp and Sign throw on bad input (min > max, NaN), and ILGPU compiles no throw into a kernel.
                return method.Name switch
                {
                    "SinCos" => "ILGPU has no SinCos; call Sin and Cos",
                    "Clamp" => "ILGPU cannot compile " + method.Name + " (it throws when min > max); write Math.Min(Math.Max(x, min), max), whose ties split their adjoint in half",
                    "Sign" => "ILGPU cannot compile " + method.Name + " (it throws on NaN); write (x > 0 ? 1 : x < 0 ? -1 : 0)",
                    _ => null,
                };
            }

            if (owner == SymbolFacts.XMath)
            {
                string math = SymbolFacts.KindOf(method.ReturnType) == ScalarKind.Float ? "System.MathF" : "System.Math";
                return Rules.DerivativeTable.Find(math, method.Name, method.Parameters.Length) is not null || !SymbolFacts.IsFloating(SymbolFacts.KindOf(method.ReturnType))
                    ? null
                    : $"XMath.{method.Name} has no rule in the derivative catalog; write it with the Math or MathF functions it stands for";
            }

            if (owner == "ILGPU.Atomic")
            {
                return method.Name == "Add" && invocation.Parent is ExpressionStatementSyntax ? null
                    : method.Name == "Add" ? "Atomic.Add is differentiated as a statement of its own (its returned old value has no derivative); write it as one"
                    : "of ILGPU's atomics only Atomic.Add is differentiated (an atomic min, max or exchange depends on the order the threads run in)";
            }

            if (IsTopLevelBarrier(invocation, method) || SharedAllocationLength(invocation, method) is not null)
            {
                return _kernelIndex is { Type: KernelIndex.Grid } ? null
                    : $"'{owner}.{method.Name}' belongs to explicitly grouped kernels: write the kernel without a thread-index parameter, reading its position from Grid.GlobalIndex and Group.IdxX";
            }

            if (owner.StartsWith("ILGPU.", System.StringComparison.Ordinal))
            {
                return $"'{owner}.{method.Name}' belongs to explicitly grouped kernels (shared memory, barriers, warps): write the kernel without a thread-index parameter and register its backward with [DerivativeOf] (for a tiled matrix product, the backward launches dA += dC·Bᵀ and dB += Aᵀ·dC)";
            }

            bool floatingArgument = invocation.ArgumentList.Arguments.Any(a => SymbolFacts.IsFloating(SymbolFacts.KindOf(_model.GetTypeInfo(a.Expression, _cancellationToken).Type)))
                                    || SymbolFacts.IsFloating(SymbolFacts.KindOf(method.ReturnType));
            if (!floatingArgument)
            {
                return null;
            }

            return KernelHelperRefusal(method) is { } why
                ? $"a kernel calls [Differentiable] helpers whose gradients are themselves in ILGPU's kernel subset, and '{method.Name}' is not one: {why}; write its body into the kernel"
                : null;
        }

        /// <summary>
        /// Why a helper cannot be called from a kernel, or null when it can: a static [Differentiable] method in
        /// source over float, double, int and bool values, returning float or double, whose body has no loops, no
        /// arrays or spans, no objects and no calls but Math's and MathF's. Its generated gradient and tangent are
        /// then straight-line code over scalars (ref and out locals), which ILGPU compiles and inlines.
        /// </summary>
        private string? KernelHelperRefusal(IMethodSymbol helper)
        {
            if (!SymbolFacts.HasAttribute(helper, SymbolFacts.DifferentiableAttribute))
            {
                return "it is not marked [Differentiable]";
            }

            if (!helper.IsStatic || !SymbolFacts.IsFloating(SymbolFacts.KindOf(helper.ReturnType))
                || helper.Parameters.Any(p => p.RefKind != RefKind.None || SymbolFacts.KindOf(p.Type) is not (ScalarKind.Double or ScalarKind.Float or ScalarKind.Integer or ScalarKind.Boolean)))
            {
                return "it must be static, take float, double, int or bool values and return float or double";
            }

            if (helper.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is not MethodDeclarationSyntax declaration)
            {
                return "its source is not in this compilation";
            }

            // A helper declared in another file has no symbols in this file's model (asking throws): its calls are read
            // from the syntax, as Math.… or MathF.….
            bool sameFile = declaration.SyntaxTree == _model.Model.SyntaxTree;
            SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            foreach (SyntaxNode node in body?.DescendantNodes() ?? Enumerable.Empty<SyntaxNode>())
            {
                switch (node)
                {
                    case ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForEachStatementSyntax:
                        return "its gradient records its loop on a tape";
                    case ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or StackAllocArrayCreationExpressionSyntax or BaseObjectCreationExpressionSyntax or CollectionExpressionSyntax:
                        return "it allocates";
                    case ThrowStatementSyntax or ThrowExpressionSyntax or TryStatementSyntax:
                        return "it throws";
                    case InvocationExpressionSyntax call when sameFile && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol callee
                                                              && callee.ContainingType?.ToDisplayString() is not ("System.Math" or "System.MathF"):
                        return "it calls another method";
                    case InvocationExpressionSyntax call when !sameFile
                                                              && !(call.Expression is MemberAccessExpressionSyntax access
                                                                   && access.Expression.ToString() is "Math" or "MathF" or "System.Math" or "System.MathF" or "global::System.Math" or "global::System.MathF"):
                        return "it calls another method";
                }
            }

            return null;
        }

        private string? KernelNameRefusal(IdentifierNameSyntax identifier)
        {
            ISymbol? symbol = _model.GetSymbolInfo(identifier, _cancellationToken).Symbol;
            switch (symbol)
            {
                case IFieldSymbol { IsStatic: true, IsConst: false, IsReadOnly: false } field:
                    return $"a kernel cannot read or write the mutable static field '{field.Name}'; pass the value as a parameter, or make it const";
                case ILocalSymbol local when SymbolFacts.IsArrayView(local.Type) && _kernelIndex is { Type: KernelIndex.Grid }
                                             && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is VariableDeclaratorSyntax declarator
                                             && SharedAllocationLength(declarator) is not null:
                    // Group-shared memory, allocated at the top of the body.
                    return null;
                case ILocalSymbol local when local.Type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" } || SymbolFacts.IsArrayView(local.Type):
                    return "a kernel's buffers are its ArrayView parameters; a Span or a view in a local is outside the subset the adjoint reverses";
                case IFieldSymbol { Type.IsReferenceType: true } or IPropertySymbol { Type.IsReferenceType: true } or ILocalSymbol { Type.IsReferenceType: true }:
                    return "a kernel cannot use objects (class instances, strings, arrays); pass the data as ArrayView parameters";
                default:
                    return null;
            }
        }

        private static string Short(SyntaxNode node)
        {
            string text = SyntaxText.Of(node);
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }

        /// <summary>
        /// <c>Atomic.Add(ref view[k], v);</c> in a kernel: the assignment <c>view[k] = view[k] + v</c>,
        /// marked atomic so that the adjoint kernel's replay of the forward adds atomically too. Null when the
        /// call is some other one.
        /// </summary>
        private IEnumerable<Stmt>? ParseAtomicAdd(InvocationExpressionSyntax invocation)
        {
            if (!_kernel
                || invocation.ArgumentList.Arguments.Count != 2
                || _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is not IMethodSymbol { Name: "Add" } method
                || method.ContainingType?.ToDisplayString() != "ILGPU.Atomic"
                || invocation.ArgumentList.Arguments[0] is not { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword, Expression: ElementAccessExpressionSyntax element })
            {
                return null;
            }

            if (!SymbolFacts.IsFloating(SymbolFacts.KindOf(_model.GetTypeInfo(element, _cancellationToken).Type)))
            {
                // An integer counter: run as written.
                return new Stmt[] { InactiveEffect(invocation, AssignedNames(element)) };
            }

            var indexFirst = new List<Stmt>();
            Target? target = ParseTarget(element, out bool inactive, indexFirst);
            if (inactive || target is null)
            {
                return new Stmt[] { InactiveEffect(invocation, AssignedNames(element)) };
            }

            Expr increment = ParseValue(invocation.ArgumentList.Arguments[1].Expression);
            indexFirst.Add(new AssignStmt(target, new BinaryExpr(BinaryOp.Add, TargetValue(target), increment, target.Kind), SourceText(invocation)) { Atomic = true });
            return indexFirst;
        }
    }
}
