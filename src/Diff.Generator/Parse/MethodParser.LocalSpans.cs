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
    /// Local spans of float or double, as C code ported to C# declares them:
    /// <list type="bullet">
    /// <item>scratch space, <c>Span&lt;double&gt; t = stackalloc double[n];</c> (or <c>new double[n]</c>, or an initializer),
    /// is a local array like <c>double[] t = new double[n]</c>;</item>
    /// <item>a view of a differentiable buffer, <c>ReadOnlySpan&lt;double&gt; row = w.AsSpan(i * n, n);</c> (also <c>x</c>,
    /// <c>x.AsSpan()</c>, <c>s.Slice(a, n)</c>, <c>x[a..b]</c>), is a local array copied from the buffer where it is
    /// declared. The copy's elements are the IR's own assignments, so the view's adjoint flows back into the buffer's.</item>
    /// </list>
    /// A copy means what the view means only while neither changes: the view must not be written through, and the
    /// buffer must not be written after the view's declaration in the view's block. Elsewhere the view is refused, with
    /// the way out of indexing the buffer itself. The generated code holds the local as an array, so its uses are those an
    /// array and a span share: an element, <c>Length</c>, <c>foreach</c>, an argument of a span or array parameter, and
    /// <c>Clear</c>, <c>Fill</c> and <c>CopyTo</c> as statements.
    /// </summary>
    internal sealed partial class MethodParser
    {
        /// <summary>
        /// The statements a local span declaration becomes; null where its initializer is neither scratch space nor a view
        /// of a differentiable buffer (the caller refuses it), or an empty list with an error reported.
        /// </summary>
        private IEnumerable<Stmt>? LocalSpan(string name, ScalarKind element, VariableDeclaratorSyntax variable, ILocalSymbol local)
        {
            ExpressionSyntax? initializer = variable.Initializer?.Value;
            if (_kernel || initializer is null)
            {
                return null;
            }

            var statements = new List<Stmt>();
            string text = SourceText(variable);
            BufferView? view = null;
            switch (initializer)
            {
                case StackAllocArrayCreationExpressionSyntax { Initializer: null, Type: ArrayTypeSyntax { RankSpecifiers: { Count: 1 } ranks } }
                    when ranks[0].Sizes.Count == 1 && ranks[0].Sizes[0] is not OmittedArraySizeExpressionSyntax:
                    statements.Add(new ArrayDeclStmt(name, element, Opaque(ranks[0].Sizes[0], ScalarKind.Integer), text));
                    break;
                case ArrayCreationExpressionSyntax { Initializer: null, Type.RankSpecifiers: { Count: 1 } ranks }
                    when ranks[0].Sizes.Count == 1 && ranks[0].Sizes[0] is not OmittedArraySizeExpressionSyntax:
                    statements.Add(new ArrayDeclStmt(name, element, Opaque(ranks[0].Sizes[0], ScalarKind.Integer), text));
                    break;
                case StackAllocArrayCreationExpressionSyntax { Initializer: { } list }:
                    statements.AddRange(InitializedArray(name, element, list.Expressions, text));
                    break;
                case ImplicitStackAllocArrayCreationExpressionSyntax { Initializer: { } list }:
                    statements.AddRange(InitializedArray(name, element, list.Expressions, text));
                    break;
                default:
                    if (ArrayItems(initializer) is { } items)
                    {
                        statements.AddRange(InitializedArray(name, element, items, text));
                        break;
                    }

                    view = ViewOf(initializer);
                    if (view is null || ElementOf(view) != element)
                    {
                        return null;
                    }

                    break;
            }

            // Every use must be one the generated array can stand for, and a view must be left unchanged while in scope.
            if (LocalSpanScope(variable) is not { } scope)
            {
                return null;
            }

            bool refused = false;
            ISymbol? buffer = view is null ? null : _model.GetSymbolInfo(view.Buffer, _cancellationToken).Symbol;

            // The buffers the view's elements come from: its buffer and, for a view of another local view, that view's.
            var viewed = new List<(ISymbol Buffer, ParamShape Shape)>();
            if (buffer is not null)
            {
                viewed.Add((buffer, SymbolFacts.ShapeOf(_model.GetTypeInfo(view!.Buffer, _cancellationToken).Type).Shape));
                if (buffer is ILocalSymbol inner && _localViewSources.TryGetValue(inner, out var further))
                {
                    viewed.AddRange(further);
                }
            }

            Compilation compilation = _model.Model.Compilation;
            var uses = new HashSet<IdentifierNameSyntax>(scope.DescendantNodes().OfType<IdentifierNameSyntax>()
                .Where(use => (use.SpanStart > variable.Span.End || InLocalFunction(use))
                              && use.Identifier.ValueText == name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(use, _cancellationToken).Symbol, local)));
            foreach (IdentifierNameSyntax use in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (use.SpanStart <= variable.Span.End && !InLocalFunction(use))
                {
                    continue;
                }

                string identifier = use.Identifier.ValueText;
                if (uses.Contains(use))
                {
                    if (use.Parent is AssignmentExpressionSyntax assignment && assignment.Left == use)
                    {
                        // Reassigning a differentiable buffer has an error of its own.
                        continue;
                    }

                    if (UnsupportedLocalSpanUse(use) is { } reason)
                    {
                        Report(DiagnosticDescriptors.UnsupportedExpression, use.Parent ?? use, (use.Parent ?? use).ToString(), reason);
                        refused = true;
                    }
                    else if (view is not null && SymbolFacts.UseMayWrite(use, ParamShape.Span, compilation))
                    {
                        Report(DiagnosticDescriptors.UnsupportedExpression, use.Parent ?? use, (use.Parent ?? use).ToString(),
                            "a view of a differentiable buffer is differentiated as a copy taken where it is declared, so it may only be read; write the buffer '" + view.Buffer.Identifier.ValueText + "' itself");
                        refused = true;
                    }
                }
                else if (viewed.FirstOrDefault(v => v.Buffer.Name == identifier && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(use, _cancellationToken).Symbol, v.Buffer)) is { Buffer: not null } source
                    && SymbolFacts.UseMayWrite(use, source.Shape, compilation)
                    && MayReachAUse(use))
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, use.Parent ?? use, (use.Parent ?? use).ToString(),
                        "'" + identifier + "' may be written here while the view '" + name + "' of it is in scope, and the view is differentiated as a copy taken where it is declared; index '" + identifier + "' itself instead of the view, or declare the view after the last write");
                    refused = true;
                }
            }

            if (refused)
            {
                return System.Array.Empty<Stmt>();
            }

            if (view is not null)
            {
                if (Bind(view, initializer, statements) is not { } source)
                {
                    return System.Array.Empty<Stmt>();
                }

                statements.Add(new ArrayDeclStmt(name, element, new ValueExpr(source.Length, ScalarKind.Integer), text));
                statements.Add(ElementLoop(source.Length, i => Move(source.Buffer, source.Start, name, Zero(), i, element, text)));
            }

            _localSpansAsArrays.Add(name);
            if (viewed.Count > 0)
            {
                _localViewSources[local] = viewed;
            }

            return statements;

            // A local function may be called anywhere after the view's declaration, so its body counts wherever it is.
            bool InLocalFunction(SyntaxNode node) => node.FirstAncestorOrSelf<LocalFunctionStatementSyntax>() is { } function && scope.Contains(function);

            // Whether the view may be used after a write of its buffer: a use later in the text (but a read on the right of
            // the assignment the write is the target of, which comes first), a use passed to the same call as the write,
            // or any use in a loop around the write, the view's own `for` included. A write in a local function, or with
            // a goto in scope, may be anywhere.
            bool MayReachAUse(SyntaxNode write) =>
                InLocalFunction(write)
                || scope.DescendantNodes().OfType<GotoStatementSyntax>().Any()
                || uses.Any(use => (use.SpanStart > write.SpanStart && !ReadBeforeAssigned(use, write))
                                   || write.Ancestors().OfType<ArgumentListSyntax>().Any(call => call.Span.Contains(use.Span)))
                || write.Ancestors().TakeWhile(a => a != scope.Parent).Any(a => a is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or CommonForEachStatementSyntax
                                                                                && uses.Any(use => a.Span.Contains(use.Span)));

            // x[0] = v[0] * 2; as a statement: the right is read before the element is written.
            static bool ReadBeforeAssigned(SyntaxNode use, SyntaxNode write) =>
                write.Ancestors().OfType<AssignmentExpressionSyntax>().FirstOrDefault() is { Parent: ExpressionStatementSyntax } assignment
                && assignment.Left.Span.Contains(write.Span) && assignment.Right.Span.Contains(use.Span)
                && !EffectSyntax.MayWrite(assignment.Right);
        }

        /// <summary>
        /// The buffer and bounds of a local span's initializer that views a differentiable buffer: what
        /// <see cref="RecogniseView"/> knows, or <c>new ReadOnlySpan&lt;double&gt;(x[, start, length])</c>; null otherwise.
        /// </summary>
        private BufferView? ViewOf(ExpressionSyntax initializer) =>
            initializer is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 1 or 3 } arguments }
            && arguments.All(a => a.NameColon is null && a.RefKindKeyword.RawKind == 0)
            && arguments[0].Expression is IdentifierNameSyntax viewed && IsDifferentiableBuffer(viewed)
            && _model.GetTypeInfo(initializer, _cancellationToken).Type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" }
                ? new BufferView(viewed, arguments.Count == 3 ? arguments[1].Expression : null, arguments.Count == 3 ? arguments[2].Expression : null, null)
                : RecogniseView(initializer);

        /// <summary>The buffers each local view of this method copies its elements from, its own buffer first.</summary>
        private readonly Dictionary<ILocalSymbol, List<(ISymbol Buffer, ParamShape Shape)>> _localViewSources = new(SymbolEqualityComparer.Default);

        /// <summary>Local spans of float or double held as arrays in the generated code.</summary>
        private readonly HashSet<string> _localSpansAsArrays = new(System.StringComparer.Ordinal);

        /// <summary>Whether the buffer named by <paramref name="buffer"/> is an array in the generated code: an array, or a local span held as one.</summary>
        private bool IsArrayInGeneratedCode(IdentifierNameSyntax buffer) =>
            _model.GetTypeInfo(buffer, _cancellationToken).Type is IArrayTypeSymbol
            || (_model.GetSymbolInfo(buffer, _cancellationToken).Symbol is ILocalSymbol && _localSpansAsArrays.Contains(buffer.Identifier.ValueText));

        /// <summary>The statements a local span declaration is in scope for: its block, switch section, or <c>for</c> statement.</summary>
        private static SyntaxNode? LocalSpanScope(VariableDeclaratorSyntax variable) => variable.Parent?.Parent switch
        {
            LocalDeclarationStatementSyntax { Parent: { } scope } => scope is SwitchSectionSyntax { Parent: { } block } ? block : scope,
            ForStatementSyntax loop => loop,
            _ => null,
        };

        /// <summary>
        /// Why a use of a local span is refused, or null: the generated code holds it as an array, so a use must mean the
        /// same on an array and on a span.
        /// </summary>
        private string? UnsupportedLocalSpanUse(IdentifierNameSyntax use)
        {
            const string supported = "a local span of float or double is used by index, by 'Length', in 'foreach', as an argument, and by 'Clear', 'Fill' and 'CopyTo' statements";
            if (InSwapOrRotation(use))
            {
                // var t = a; a = b; b = t; is an element swap of the two (MethodParser.ArraySwaps).
                return null;
            }

            if (use.FirstAncestorOrSelf<EqualsValueClauseSyntax>() is { Parent: VariableDeclaratorSyntax declarator, Value: var initializer }
                && _model.GetDeclaredSymbol(declarator, _cancellationToken) is ILocalSymbol { Type: var declared }
                && SymbolFacts.ShapeOf(declared).Shape is ParamShape.Span or ParamShape.ReadOnlySpan
                && ViewOf(initializer)?.Buffer == use)
            {
                // The buffer of another local span's view: that declaration is a copy of its elements.
                return null;
            }

            switch (use.Parent)
            {
                case ElementAccessExpressionSyntax access when access.Expression == use:
                    return access.ArgumentList.Arguments.Count == 1 && access.ArgumentList.Arguments[0].Expression is not RangeExpressionSyntax
                        ? null
                        : supported + "; take a range of the buffer itself";
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } member when member.Expression == use:
                    return null;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Clear" or "Fill" or "CopyTo", Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax } } member
                    when member.Expression == use:
                    return null;
                case ForEachStatementSyntax loop when loop.Expression == use:
                    return null;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToArray", Parent: InvocationExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax } } } member
                    when member.Expression == use:
                    // double[] c = t.ToArray(); a local array declared as a copy.
                    return null;
                case SpreadElementSyntax { Parent: CollectionExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax } } }:
                    // double[] c = [.. t]; and [.. t, b]
                    return null;
                case ArgumentSyntax { RefKindKeyword.RawKind: 0 } argument when argument.Parent is ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation }
                    && _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol called:
                    // A span parameter of a generic method (MemoryExtensions', TensorPrimitives') infers its type argument
                    // from a span, not from an array.
                    // The library's copies are element loops, whatever their signature (x.CopyTo(t)).
                    IParameterSymbol? parameter = ParameterOf(called, argument, ((ArgumentListSyntax)argument.Parent).Arguments.IndexOf(argument));
                    return parameter is not null && (!ContainsTypeParameter(parameter.OriginalDefinition.Type) || called.Name == "CopyTo") && !parameter.IsParams
                        ? null
                        : supported + "; pass it to a method whose parameter is ReadOnlySpan<double> or Span<double>, not a generic one, or pass the buffer itself";
                default:
                    return supported + "; use an array ('double[] t = new double[n]') for scratch space, or the buffer itself for a view";
            }

            static bool ContainsTypeParameter(ITypeSymbol type) => type switch
            {
                ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } => true,
                INamedTypeSymbol named => named.TypeArguments.Any(ContainsTypeParameter),
                IArrayTypeSymbol array => ContainsTypeParameter(array.ElementType),
                _ => false,
            };
        }

        /// <summary><c>new T[count]</c> filled by one assignment per item, in order: <c>{ x, y }</c> and its kin.</summary>
        private List<Stmt> InitializedArray(string name, ScalarKind element, IReadOnlyList<ExpressionSyntax> items, string text)
        {
            var length = new ValueExpr(new ConstantValue(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), IrType.Int32, IsLiteral: true), ScalarKind.Integer);
            var statements = new List<Stmt> { new ArrayDeclStmt(name, element, length, text) };
            for (int i = 0; i < items.Count; i++)
            {
                var index = new ValueExpr(new ConstantValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture), IrType.Int32, IsLiteral: true), ScalarKind.Integer);
                statements.Add(new AssignStmt(new ElemTarget(name, index, element), ParseValue(items[i]), name + "[" + i + "] = " + SourceText(items[i])));
            }

            return statements;
        }
    }
}
