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
    /// The library calls that copy, fill, clear or reverse float and double buffers, as ported code writes them:
    /// <c>Array.Copy</c>, <c>CopyTo</c>, <c>Array.Fill</c>, <c>Array.Clear</c>, <c>Array.Reverse</c>, a span's <c>Fill</c>,
    /// <c>Clear</c> and <c>Reverse</c>, and
    /// a local array declared as a copy (<c>(double[])x.Clone()</c>, <c>x.ToArray()</c>, <c>x[a..b]</c>,
    /// <c>x.AsSpan(a, n).ToArray()</c>, <c>[.. x]</c>). None of them has a derivative of its own, and none needs one:
    /// each is the IR's element assignments in a counted loop, so adjoints flow through them as through any assignment,
    /// and the tape keeps what they overwrite. The bounds are checked first, as the call checks them (an
    /// <c>ArgumentOutOfRangeException</c>, which is an <c>ArgumentException</c>, where the call would throw), and a copy
    /// within one buffer goes through a temporary, which is <c>Array.Copy</c>'s meaning when the two ranges overlap.
    /// </summary>
    internal sealed partial class MethodParser
    {
        /// <summary>A float or double array or span local or parameter, or a view of one, with the bounds as written.</summary>
        private sealed record BufferView(IdentifierNameSyntax Buffer, ExpressionSyntax? Start, ExpressionSyntax? Length, ExpressionSyntax? End);

        /// <summary>A view whose bounds are bound: its buffer, where it starts and how long it is.</summary>
        private sealed record BoundView(string Buffer, bool IsArray, ScalarKind Element, Value Start, Value Length);

        /// <summary>
        /// The statements a buffer copy, fill or clear call becomes; null where <paramref name="invocation"/> is not one
        /// over differentiable buffers (the caller then parses it as any call), or an empty list with an error reported.
        /// </summary>
        private IEnumerable<Stmt>? ParseBufferOperation(InvocationExpressionSyntax invocation)
        {
            if (_kernel
                || _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is not IMethodSymbol called
                || invocation.ArgumentList.Arguments.Any(a => a.RefKindKeyword.RawKind != 0))
            {
                return null;
            }

            IMethodSymbol method = called.ReducedFrom ?? called;
            string owner = method.ContainingType?.OriginalDefinition.ToDisplayString() ?? string.Empty;

            // The operands in parameter order, the receiver first: x.CopyTo(y, 0), x.AsSpan(1).Fill(v), x.CopyTo(span),
            // and named arguments at their parameters (Array.Copy(sourceArray: a, destinationArray: b, length: n)).
            int offset = method.IsStatic ? 0 : 1;
            var slots = new ExpressionSyntax?[method.Parameters.Length + offset];
            int next = 0;
            if (called.ReducedFrom is not null || (!method.IsStatic && owner is "System.Array" or "System.Span<T>" or "System.ReadOnlySpan<T>"))
            {
                if (invocation.Expression is not MemberAccessExpressionSyntax { Expression: var receiver } || slots.Length == 0)
                {
                    return null;
                }

                slots[next++] = receiver;
            }

            foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
            {
                int slot = argument.NameColon is { } name ? ParameterSlot(method, name.Name.Identifier.ValueText, offset) : next++;
                if (slot < 0 || slot >= slots.Length || slots[slot] is not null)
                {
                    return null;
                }

                slots[slot] = argument.Expression;
            }

            if (slots.Any(slot => slot is null))
            {
                return null;
            }

            var arguments = slots.Select(slot => slot!).ToList();

            bool IntAt(int argument) =>
                _model.GetTypeInfo(arguments[argument], _cancellationToken).ConvertedType?.SpecialType == SpecialType.System_Int32;

            switch (owner, method.Name, arguments.Count)
            {
                case ("System.Array", "Copy", 3) when IntAt(2):
                    return Copy(invocation, arguments[0], null, arguments[1], null, arguments[2]);
                case ("System.Array", "Copy", 5) when IntAt(1) && IntAt(3) && IntAt(4):
                    return Copy(invocation, arguments[0], arguments[1], arguments[2], arguments[3], arguments[4]);
                case ("System.Array", "CopyTo", 3) when IntAt(2):
                    return Copy(invocation, arguments[0], null, arguments[1], arguments[2], null);
                case ("System.Span<T>" or "System.ReadOnlySpan<T>" or "System.MemoryExtensions", "CopyTo", 2):
                    return Copy(invocation, arguments[0], null, arguments[1], null, null);
                case ("System.Array", "Fill", 2):
                    return Fill(invocation, arguments[0], arguments[1], null, null);
                case ("System.Array", "Fill", 4) when IntAt(2) && IntAt(3):
                    return Fill(invocation, arguments[0], arguments[1], arguments[2], arguments[3]);
                case ("System.Span<T>", "Fill", 2):
                    return Fill(invocation, arguments[0], arguments[1], null, null);
                case ("System.Array", "Clear", 1):
                case ("System.Span<T>", "Clear", 1):
                    return Fill(invocation, arguments[0], null, null, null);
                case ("System.Array", "Clear", 3) when IntAt(1) && IntAt(2):
                    return Fill(invocation, arguments[0], null, arguments[1], arguments[2]);
                case ("System.Array", "Reverse", 1):
                case ("System.MemoryExtensions", "Reverse", 1):
                    return Reverse(invocation, arguments[0], null, null);
                case ("System.Array", "Reverse", 3) when IntAt(1) && IntAt(2):
                    return Reverse(invocation, arguments[0], arguments[1], arguments[2]);
                default:
                    return null;
            }
        }

        /// <summary>Where a named argument goes among the operands: its parameter's position after the receiver; -1 for no such parameter.</summary>
        private static int ParameterSlot(IMethodSymbol method, string name, int offset)
        {
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                if (method.Parameters[i].Name == name)
                {
                    return i + offset;
                }
            }

            return -1;
        }

        /// <summary>
        /// <c>count</c> elements from <paramref name="source"/> (at <paramref name="sourceOffset"/> within it) to
        /// <paramref name="destination"/> (at <paramref name="destinationOffset"/>); a missing count is the source's length.
        /// </summary>
        private IEnumerable<Stmt>? Copy(InvocationExpressionSyntax invocation, ExpressionSyntax source, ExpressionSyntax? sourceOffset, ExpressionSyntax destination, ExpressionSyntax? destinationOffset, ExpressionSyntax? count)
        {
            if (RecogniseView(destination) is not { } to || ElementOf(to) is not { } element)
            {
                return null;
            }

            if (RecogniseView(source) is not { } from)
            {
                return ConstantSourceCopy(invocation, source, sourceOffset, to, element, destinationOffset, count);
            }

            if (ElementOf(from) != element)
            {
                return null;
            }

            var statements = new List<Stmt>();
            if (Bind(from, invocation, statements) is not { } src || Bind(to, invocation, statements) is not { } dst
                || Offset(sourceOffset, invocation, statements) is not { } srcOffset
                || Offset(destinationOffset, invocation, statements) is not { } dstOffset
                || CopyCount(count, sourceOffset, src.Length, srcOffset, invocation, statements) is not { } n)
            {
                return System.Array.Empty<Stmt>();
            }

            statements.Add(RangeCheck(src, srcOffset, n));
            statements.Add(RangeCheck(dst, dstOffset, n));
            Value srcBase = Base(statements, "from", src.Start, srcOffset);
            Value dstBase = Base(statements, "to", dst.Start, dstOffset);
            string text = SourceText(invocation);
            if (src.Buffer == dst.Buffer)
            {
                // Within one buffer the ranges may overlap: through a temporary, the call's meaning either way.
                string temporary = FreshName("copy");
                statements.Add(new ArrayDeclStmt(temporary, element, new ValueExpr(n, ScalarKind.Integer), temporary + " = " + text));
                statements.Add(ElementLoop(n, i => Move(src.Buffer, srcBase, temporary, Zero(), i, element, text)));
                statements.Add(ElementLoop(n, i => Move(temporary, Zero(), dst.Buffer, dstBase, i, element, text)));
            }
            else
            {
                statements.Add(ElementLoop(n, i => Move(src.Buffer, srcBase, dst.Buffer, dstBase, i, element, text)));
            }

            return statements;
        }

        /// <summary>
        /// The <paramref name="count"/> elements of <paramref name="buffer"/> from <paramref name="index"/> (the whole view
        /// where both are missing) put in reverse order, as <c>Array.Reverse</c> and a span's <c>Reverse</c> do: the
        /// elements at the two ends swapped pair by pair, after the bounds are checked as the call checks them.
        /// </summary>
        private IEnumerable<Stmt>? Reverse(InvocationExpressionSyntax invocation, ExpressionSyntax buffer, ExpressionSyntax? index, ExpressionSyntax? count)
        {
            if (RecogniseView(buffer) is not { } view || ElementOf(view) is not { } element)
            {
                return null;
            }

            var statements = new List<Stmt>();
            if (Bind(view, invocation, statements) is not { } bound || Offset(index, invocation, statements) is not { } offset)
            {
                return System.Array.Empty<Stmt>();
            }

            Value n = bound.Length;
            if (count is not null)
            {
                if (Bound(count, invocation, statements, "count") is not { } given)
                {
                    return System.Array.Empty<Stmt>();
                }

                n = given;
                statements.Add(RangeCheck(bound, offset, n));
            }

            Value first = Base(statements, "from", bound.Start, offset);
            Value last = Declared(statements, "last", new BinaryValue(ValueOperator.Subtract, new BinaryValue(ValueOperator.Add, first, n, IrType.Int32), new ConstantValue("1", IrType.Int32, true), IrType.Int32));
            Value half = Declared(statements, "half", new BinaryValue(ValueOperator.Divide, n, new ConstantValue("2", IrType.Int32, true), IrType.Int32));
            string text = SourceText(invocation);
            string temporary = FreshName("swap");
            statements.Add(ElementLoop(half, i =>
            {
                var mirrored = new ValueExpr(new BinaryValue(ValueOperator.Subtract, last, i, IrType.Int32), ScalarKind.Integer);
                return new Stmt[]
                {
                    new AssignStmt(new LocalTarget(temporary, element, SymbolFacts.Keyword(element)), new ElemExpr(bound.Buffer, Plus(first, i), element), text),
                    new AssignStmt(new ElemTarget(bound.Buffer, Plus(first, i), element), new ElemExpr(bound.Buffer, mirrored, element), text),
                    new AssignStmt(new ElemTarget(bound.Buffer, mirrored, element), new VarExpr(temporary, element), text),
                };
            }));
            return statements;
        }

        /// <summary>
        /// How many elements a copy moves: the count given, or what the source holds from its offset on; null, with an
        /// error reported, where the count has an effect.
        /// </summary>
        private Value? CopyCount(ExpressionSyntax? count, ExpressionSyntax? sourceOffset, Value sourceLength, Value srcOffset, ExpressionSyntax at, List<Stmt> into)
        {
            if (count is not null)
            {
                return Bound(count, at, into, "count");
            }

            return sourceOffset is null ? sourceLength : Declared(into, "count", new BinaryValue(ValueOperator.Subtract, sourceLength, srcOffset, IrType.Int32));
        }

        /// <summary>
        /// A copy into a differentiable buffer from an array the method reads but does not own, held in a field or a
        /// property (<c>Array.Copy(_initial, state, n)</c>): fields are constants, so the elements are copied in as
        /// constants, read from the array as it is when the call runs, and the buffer's adjoint stops at them, as it stops
        /// at any constant assigned to an element. Null where the source is anything else (the caller refuses the call).
        /// </summary>
        private IEnumerable<Stmt>? ConstantSourceCopy(InvocationExpressionSyntax invocation, ExpressionSyntax source, ExpressionSyntax? sourceOffset, BufferView to, ScalarKind element, ExpressionSyntax? destinationOffset, ExpressionSyntax? count)
        {
            if (_model.GetTypeInfo(source, _cancellationToken).Type is not IArrayTypeSymbol { Rank: 1 } type || SymbolFacts.KindOf(type.ElementType) != element
                || _model.GetSymbolInfo(source, _cancellationToken).Symbol is not (IFieldSymbol or IPropertySymbol)
                || source.DescendantNodesAndSelf().Any(n => n is AnonymousFunctionExpressionSyntax || EffectSyntax.IsWrite(n))
                || DifferentiableRead(source, null) is not null)
            {
                return null;
            }

            var statements = new List<Stmt>();
            (string held, Value heldLength) = HeldTable(type, source, statements);
            if (Bind(to, invocation, statements) is not { } dst
                || Offset(sourceOffset, invocation, statements) is not { } srcOffset
                || Offset(destinationOffset, invocation, statements) is not { } dstOffset
                || CopyCount(count, sourceOffset, heldLength, srcOffset, invocation, statements) is not { } n)
            {
                return System.Array.Empty<Stmt>();
            }

            statements.Add(RangeCheck(new BoundView(held, true, element, Zero(), heldLength), srcOffset, n));
            statements.Add(RangeCheck(dst, dstOffset, n));
            Value dstBase = Base(statements, "to", dst.Start, dstOffset);
            string text = SourceText(invocation);
            statements.Add(ElementLoop(n, i => new AssignStmt(
                new ElemTarget(dst.Buffer, Plus(dstBase, i), element),
                HeldElement(held, IsZero(srcOffset) ? i : new BinaryValue(ValueOperator.Add, srcOffset, i, IrType.Int32), element),
                text)));
            return statements;
        }

        /// <summary>An array held outside the method's variables (a field, a property, what a call returns), read once into a local: the local and its length.</summary>
        private (string Held, Value Length) HeldTable(IArrayTypeSymbol type, ExpressionSyntax source, List<Stmt> into)
        {
            string held = FreshName("table");
            into.Add(InactiveStmt.Declare(SymbolFacts.IrTypeOf(type), held, _values.Bind(source)));
            return (held, new HostValue(held + ".Length", IrType.Int32, new[] { held }.ToEquatableArray(), EquatableArray<string>.Empty, Pure: true, Primary: true));
        }

        /// <summary>An element of a <see cref="HeldTable"/>: a constant for differentiation.</summary>
        private static ValueExpr HeldElement(string held, Value index, ScalarKind element) => new(
            new HostValue(held + "[" + ValuePrinter.Print(index) + "]", IrType.Of(element), ValueTree.Reads(index).Append(held).Distinct().ToEquatableArray(), EquatableArray<string>.Empty, Pure: true, Primary: true),
            element);

        /// <summary>
        /// <c>Array.Fill</c> and a span's <c>Fill</c> (<paramref name="value"/> evaluated once), or, without a value,
        /// <c>Array.Clear</c> and a span's <c>Clear</c>; over <paramref name="count"/> elements from
        /// <paramref name="offset"/> where they are given.
        /// </summary>
        private IEnumerable<Stmt>? Fill(InvocationExpressionSyntax invocation, ExpressionSyntax destination, ExpressionSyntax? value, ExpressionSyntax? offset, ExpressionSyntax? count)
        {
            if (RecogniseView(destination) is not { } to || ElementOf(to) is not { } element)
            {
                return null;
            }

            var statements = new List<Stmt>();
            if (Bind(to, invocation, statements) is not { } dst || Offset(offset, invocation, statements) is not { } dstOffset)
            {
                return System.Array.Empty<Stmt>();
            }

            Value n = dst.Length;
            if (count is not null)
            {
                if (Bound(count, invocation, statements, "count") is not { } counted)
                {
                    return System.Array.Empty<Stmt>();
                }

                n = counted;
            }

            statements.Add(RangeCheck(dst, dstOffset, n));
            string text = SourceText(invocation);
            Expr filler = ValueExpr.Literal("0", element);
            if (value is not null)
            {
                string held = FreshName("fill");
                statements.Add(new AssignStmt(new LocalTarget(held, element, SymbolFacts.Keyword(element)), ParseValue(value), held + " = " + SyntaxText.Of(value)));
                filler = new VarExpr(held, element);
            }

            Value dstBase = Base(statements, "to", dst.Start, dstOffset);
            statements.Add(ElementLoop(n, i => new AssignStmt(new ElemTarget(dst.Buffer, Plus(dstBase, i), element), filler, text)));
            return statements;
        }

        /// <summary>
        /// A local array declared as a copy of a differentiable buffer or of a view of one: <c>(double[])x.Clone()</c>,
        /// <c>x.ToArray()</c> (LINQ's or a span's), <c>x[a..b]</c> of an array, <c>[.. x]</c>. Null for any other
        /// initializer.
        /// </summary>
        private IEnumerable<Stmt>? CopiedArray(string name, ScalarKind element, VariableDeclaratorSyntax variable)
        {
            ExpressionSyntax? initializer = variable.Initializer?.Value;
            BufferView? view = initializer switch
            {
                CastExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Clone", Expression: IdentifierNameSyntax cloned } } clone }
                    when clone.ArgumentList.Arguments.Count == 0 && _model.GetTypeInfo(cloned, _cancellationToken).Type is IArrayTypeSymbol
                    => RecogniseView(cloned),
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToArray", Expression: var copied } } toArray
                    when toArray.ArgumentList.Arguments.Count == 0
                         && _model.GetSymbolInfo(toArray, _cancellationToken).Symbol is IMethodSymbol method
                         && (method.ReducedFrom ?? method).ContainingType?.OriginalDefinition.ToDisplayString() is "System.Linq.Enumerable" or "System.Span<T>" or "System.ReadOnlySpan<T>"
                    => RecogniseView(copied),
                ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax } range when _model.GetTypeInfo(range, _cancellationToken).Type is IArrayTypeSymbol
                    => RecogniseView(range),
                CollectionExpressionSyntax { Elements: { Count: 1 } elements } when elements[0] is SpreadElementSyntax spread
                    => RecogniseView(spread.Expression),
                _ => null,
            };
            if (view is null && initializer is CollectionExpressionSyntax { Elements.Count: > 1 } parts && parts.Elements.Any(e => e is SpreadElementSyntax))
            {
                return SpreadArray(name, element, variable, parts);
            }

            if (view is null || ElementOf(view) != element)
            {
                return null;
            }

            var statements = new List<Stmt>();
            if (Bind(view, initializer!, statements) is not { } src)
            {
                return System.Array.Empty<Stmt>();
            }

            string text = SourceText(variable);
            statements.Add(new ArrayDeclStmt(name, element, new ValueExpr(src.Length, ScalarKind.Integer), text));
            statements.Add(ElementLoop(src.Length, i => Move(src.Buffer, src.Start, name, Zero(), i, element, text)));
            return statements;
        }

        /// <summary>
        /// A local array declared from an array of constants of the differentiation: a field or property (<c>double[] c = Cof;</c>),
        /// a copy of one (<c>(double[])W.Clone()</c>, <c>W.ToArray()</c>, <c>W[1..]</c>), or what a call that reads no differentiable
        /// value returns (<c>MakeGrid(3)</c>, <c>Array.Empty&lt;double&gt;()</c>): a new array of its length, its elements copied in
        /// as constants. An alias (of a field, or of what a call may keep) means the same as the copy only while the method
        /// writes neither: taken only where the method never writes the local nor hands it to a call. Null otherwise.
        /// </summary>
        private IEnumerable<Stmt>? ConstantArrayCopy(string name, ScalarKind element, VariableDeclaratorSyntax variable, ILocalSymbol local)
        {
            ExpressionSyntax? initializer = variable.Initializer?.Value;
            if (initializer is null || _syntax is null
                || _model.GetTypeInfo(initializer, _cancellationToken).Type is not IArrayTypeSymbol { Rank: 1 } type || SymbolFacts.KindOf(type.ElementType) != element
                || initializer.DescendantNodesAndSelf().Any(n => n is AnonymousFunctionExpressionSyntax || EffectSyntax.IsWrite(n))
                || DifferentiableRead(initializer, null) is not null)
            {
                return null;
            }

            ExpressionSyntax copied = initializer switch
            {
                CastExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Clone", Expression: var clone } } } => clone,
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToArray", Expression: var array }, ArgumentList.Arguments.Count: 0 } => array,
                ElementAccessExpressionSyntax { Expression: var sliced, ArgumentList.Arguments: { Count: 1 } ranged } when ranged[0].Expression is RangeExpressionSyntax => sliced,
                _ => initializer,
            };
            bool isCopy = copied != initializer;
            bool fromMember = _model.GetSymbolInfo(copied, _cancellationToken).Symbol is IFieldSymbol or IPropertySymbol;
            if (!(fromMember || (!isCopy && initializer is InvocationExpressionSyntax && _model.GetSymbolInfo(initializer, _cancellationToken).Symbol is IMethodSymbol { ReturnsVoid: false })))
            {
                return null;
            }

            if (!isCopy && WritesSymbolIn(_syntax, local))
            {
                return null;
            }

            // A whole copy (Clone, ToArray) is read from the member itself: the loop below is the copy.
            ExpressionSyntax source = isCopy && initializer is not ElementAccessExpressionSyntax ? copied : initializer;
            string text = SourceText(variable);
            var statements = new List<Stmt>();
            (string held, Value heldLength) = HeldTable(type, source, statements);
            statements.Add(new ArrayDeclStmt(name, element, new ValueExpr(heldLength, ScalarKind.Integer), text));
            statements.Add(ElementLoop(heldLength, i => new AssignStmt(new ElemTarget(name, new ValueExpr(i, ScalarKind.Integer), element), HeldElement(held, i, element), text)));
            return statements;
        }

        /// <summary>
        /// A local array declared from spreads and items, <c>[.. x, b]</c>, <c>[.. x[1..], x[0]]</c>: the array of their
        /// total length, each spread copied and each item assigned, in order. Null where a spread is not of a
        /// differentiable buffer of the array's element type (the caller refuses it), an empty list with an error reported.
        /// </summary>
        private IEnumerable<Stmt>? SpreadArray(string name, ScalarKind element, VariableDeclaratorSyntax variable, CollectionExpressionSyntax parts)
        {
            var views = new List<BufferView?>();
            foreach (CollectionElementSyntax part in parts.Elements)
            {
                switch (part)
                {
                    case SpreadElementSyntax spread when RecogniseView(spread.Expression) is { } view && ElementOf(view) == element:
                        views.Add(view);
                        break;
                    case ExpressionElementSyntax:
                        views.Add(null);
                        break;
                    default:
                        return null;
                }
            }

            var statements = new List<Stmt>();
            var bound = new List<BoundView?>();
            Value length = new ConstantValue("0", IrType.Int32, true);
            int items = 0;
            foreach (BufferView? view in views)
            {
                if (view is null)
                {
                    items++;
                    bound.Add(null);
                    continue;
                }

                if (Bind(view, parts, statements) is not { } src)
                {
                    return System.Array.Empty<Stmt>();
                }

                bound.Add(src);
                length = IsZero(length) ? src.Length : new BinaryValue(ValueOperator.Add, length, src.Length, IrType.Int32);
            }

            if (items > 0)
            {
                Value count = new ConstantValue(items.ToString(System.Globalization.CultureInfo.InvariantCulture), IrType.Int32, true);
                length = IsZero(length) ? count : new BinaryValue(ValueOperator.Add, length, count, IrType.Int32);
            }

            string text = SourceText(variable);
            statements.Add(new ArrayDeclStmt(name, element, new ValueExpr(length is ConstantValue ? length : Declared(statements, "length", length), ScalarKind.Integer), text));
            Value offset = Zero();
            for (int i = 0; i < parts.Elements.Count; i++)
            {
                Value size;
                if (bound[i] is { } src)
                {
                    Value at = offset;
                    statements.Add(ElementLoop(src.Length, k => Move(src.Buffer, src.Start, name, at, k, element, text)));
                    size = src.Length;
                }
                else
                {
                    ExpressionSyntax item = ((ExpressionElementSyntax)parts.Elements[i]).Expression;
                    statements.Add(new AssignStmt(new ElemTarget(name, new ValueExpr(offset, ScalarKind.Integer), element), ParseValue(item), name + "[…] = " + SourceText(item)));
                    size = new ConstantValue("1", IrType.Int32, true);
                }

                if (i < parts.Elements.Count - 1)
                {
                    // Where the next part goes: a number while every part before it is an item, a local after a spread.
                    offset = offset is ConstantValue { Text: var before } && size is ConstantValue { Text: "1" }
                        ? new ConstantValue((int.Parse(before, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), IrType.Int32, true)
                        : Declared(statements, "at", IsZero(offset) ? size : new BinaryValue(ValueOperator.Add, offset, size, IrType.Int32));
                }
            }

            return statements;
        }

        /// <summary>A differentiable buffer as a whole, <c>x.AsSpan()</c>, or a slice as <see cref="RecogniseSlice"/> knows them.</summary>
        private BufferView? RecogniseView(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case IdentifierNameSyntax buffer when IsDifferentiableBuffer(buffer):
                    return new BufferView(buffer, null, null, null);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax buffer, Name.Identifier.ValueText: "AsSpan" } } call
                    when call.ArgumentList.Arguments.Count == 0 && IsDifferentiableBuffer(buffer):
                    return new BufferView(buffer, null, null, null);
                default:
                    return RecogniseSlice(expression) is { } slice ? new BufferView(slice.Buffer, slice.Start, slice.Length, slice.End) : null;
            }
        }

        private ScalarKind? ElementOf(BufferView view)
        {
            ScalarKind element = SymbolFacts.ShapeOf(_model.GetTypeInfo(view.Buffer, _cancellationToken).Type).Element;
            return SymbolFacts.IsFloating(element) ? element : null;
        }

        /// <summary>Binds a view's start and length into locals, and checks them as the view itself would; null with an error reported.</summary>
        private BoundView? Bind(BufferView view, ExpressionSyntax at, List<Stmt> into)
        {
            string buffer = view.Buffer.Identifier.ValueText;
            bool isArray = IsArrayInGeneratedCode(view.Buffer);
            ScalarKind element = ElementOf(view)!.Value;
            Value bufferLength = new LengthValue(buffer);
            if (view.Start is null && view.Length is null && view.End is null)
            {
                return new BoundView(buffer, isArray, element, Zero(), bufferLength);
            }

            if ((view.Start is null ? Zero() : Bound(view.Start, at, into, "start", bufferLength)) is not { } start)
            {
                return null;
            }

            Value length;
            if (view.Length is not null)
            {
                if (Bound(view.Length, at, into, "length") is not { } given)
                {
                    return null;
                }

                length = given;
            }
            else
            {
                Value end = bufferLength;
                if (view.End is not null)
                {
                    if (Bound(view.End, at, into, "end", bufferLength) is not { } givenEnd)
                    {
                        return null;
                    }

                    end = givenEnd;
                }

                length = Declared(into, "length", new BinaryValue(ValueOperator.Subtract, end, start, IrType.Int32));
            }

            var bound = new BoundView(buffer, isArray, element, start, length);
            into.Add(RangeCheck(bound, null, null));
            return bound;
        }

        /// <summary>
        /// A bound given as an integer expression (or, with the buffer's length, a range's <c>^k</c>), in a local of its
        /// own; null, with an error, where it has an effect.
        /// </summary>
        private Value? Bound(ExpressionSyntax bound, ExpressionSyntax at, List<Stmt> into, string stem, Value? bufferLength = null)
        {
            Value value = bufferLength is null ? Opaque(bound, ScalarKind.Integer).Tree : RangeBound(bound, bufferLength);
            if (!ValueTree.IsPure(value))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, at, SyntaxText.Of(at), "a bound or count has a side effect; compute it into a local first");
                return null;
            }

            return value is ConstantValue ? value : Declared(into, stem, value);
        }

        private Value? Offset(ExpressionSyntax? offset, ExpressionSyntax at, List<Stmt> into) =>
            offset is null ? Zero() : Bound(offset, at, into, "offset");

        /// <summary>Where a copy starts in its buffer: the view's start plus the offset within it, in a local unless either is 0.</summary>
        private Value Base(List<Stmt> into, string stem, Value start, Value offset) =>
            IsZero(offset) ? start : IsZero(start) ? offset : Declared(into, stem, new BinaryValue(ValueOperator.Add, start, offset, IrType.Int32));

        private static bool IsZero(Value value) => value is ConstantValue { Text: "0" };

        private Value Declared(List<Stmt> into, string stem, Value value)
        {
            string name = FreshName(stem);
            into.Add(InactiveStmt.Declare(IrType.Int32, name, value));
            return new NameValue(name, IrType.Int32);
        }

        /// <summary>
        /// Throws where the view (or the <paramref name="count"/> elements at <paramref name="offset"/> within it) would
        /// not fit its buffer, with the exception the view's own <c>AsSpan</c> or <c>Slice</c> throws.
        /// </summary>
        private static Stmt RangeCheck(BoundView view, Value? offset, Value? count)
        {
            string start = ValuePrinter.Print(view.Start);
            string length = ValuePrinter.Print(view.Length);
            bool whole = IsZero(view.Start) && view.Length is LengthValue;
            string code = view.IsArray
                ? "global::System.MemoryExtensions.AsSpan(" + view.Buffer + (whole ? ")" : ", " + start + ", " + length + ")")
                : view.Buffer + (whole ? string.Empty : ".Slice(" + start + ", " + length + ")");
            var reads = new List<Value> { view.Start, view.Length };
            if (offset is not null && count is not null)
            {
                code += ".Slice(" + ValuePrinter.Print(offset) + ", " + ValuePrinter.Print(count) + ")";
                reads.Add(offset);
                reads.Add(count);
            }

            EquatableArray<string> names = new[] { view.Buffer }.Concat(reads.SelectMany(r => ValueTree.Reads(r))).Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray();
            return InactiveStmt.Evaluate(new HostValue("_ = " + code + ".Length", IrType.Int32, names, EquatableArray<string>.Empty, Pure: false, Primary: false));
        }

        /// <summary><c>to[toBase + i] = from[fromBase + i]</c>.</summary>
        private static Stmt Move(string from, Value fromBase, string to, Value toBase, Value index, ScalarKind element, string text) =>
            new AssignStmt(new ElemTarget(to, Plus(toBase, index), element), new ElemExpr(from, Plus(fromBase, index), element), text);

        private static ValueExpr Plus(Value start, Value index) =>
            new(IsZero(start) ? index : new BinaryValue(ValueOperator.Add, start, index, IrType.Int32), ScalarKind.Integer);

        private static Value Zero() => new ConstantValue("0", IrType.Int32, true);
    }
}
