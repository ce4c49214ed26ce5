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
    /// What a statement adds around itself, for two things C code ported to C# does inside expressions.
    /// <list type="bullet">
    /// <item>A slice of a differentiable buffer passed to a differentiated call, as C passes <c>&amp;x[1]</c>:
    /// <c>Sum(x.AsSpan(1, n))</c>, <c>Sum(s.Slice(2))</c>, <c>Sum(x[1..n])</c>. The slice becomes a local array: copied in
    /// before the statement, passed whole, and copied back after it when the callee writes it. Those are the IR's own
    /// element assignments, so the slice's adjoint flows back into the buffer's through them, and a callee that reads its
    /// parameter costs one copy. Copying in and out is exactly the call's meaning unless another argument of the same
    /// call reaches the same buffer and the callee may write one of the two, which is refused as any buffer passed twice is.</item>
    /// <item>An increment or an assignment used as a value (<c>s += c / ++y</c>): the write moves before the statement
    /// (<see cref="HoistedWrite"/>).</item>
    /// </list>
    /// </summary>
    internal sealed partial class MethodParser
    {
        /// <summary>
        /// The statements a statement's slice arguments and hoisted writes (<see cref="HoistedWrite"/>) add around it; null
        /// where neither is taken.
        /// </summary>
        private StatementPrelude? _prelude;

        private sealed class StatementPrelude
        {
            public StatementPrelude(SyntaxNode statement)
            {
                Statement = statement;
            }

            /// <summary>The statement being parsed: what a hoisted write must not be read elsewhere in.</summary>
            public SyntaxNode Statement { get; }

            public List<Stmt> Before { get; } = new();

            public List<Stmt> After { get; } = new();

            /// <summary>The slices copied for the statement's calls so far, which a later slice of the same call must not overlap.</summary>
            public List<SliceCopy> Slices { get; } = new();
        }

        /// <summary>A slice copied into a local array: the call it is given to (its argument list), its bounds' locals, and whether the callee writes it.</summary>
        /// <remarks>A range of an array (<see cref="SliceSyntax.IsCopy"/>) is a copy in C# as well, which no other slice can overlap.</remarks>
        private sealed record SliceCopy(ArgumentListSyntax? Call, ISymbol? Buffer, ExpressionSyntax Argument, string Start, string Length, bool CalleeWrites, bool IsCopy);

        /// <summary>A recognised slice: the buffer and the bounds as written (a missing start is 0, a missing length the rest).</summary>
        private sealed record SliceSyntax(IdentifierNameSyntax Buffer, ExpressionSyntax? Start, ExpressionSyntax? Length, ExpressionSyntax? End, bool IsCopy);

        /// <summary>
        /// Parses a statement in which differentiated calls may take slices and writes may be used as values, and puts
        /// the copies and the hoisted writes around it.
        /// </summary>
        private IEnumerable<Stmt> WithPrelude(SyntaxNode statement, System.Func<IEnumerable<Stmt>> parse)
        {
            StatementPrelude? outer = _prelude;
            var copies = new StatementPrelude(statement);
            _prelude = copies;
            try
            {
                Stmt[] statements = parse().ToArray();
                if (copies.After.Count > 0 && statements.Length == 1 && statements[0] is ReturnStmt { Value: { } returned } ret)
                {
                    // return F(x.AsSpan(1)); with F writing the slice: the value is kept, the slice copied back, then returned.
                    string kept = FreshName("r");
                    statements = new Stmt[] { new AssignStmt(new LocalTarget(kept, returned.Kind, SymbolFacts.Keyword(returned.Kind)), returned, kept + " = " + SyntaxText.Of(statement)) };
                    return copies.Before.Concat(statements).Concat(copies.After).Append(ret with { Value = new VarExpr(kept, returned.Kind) }).ToArray();
                }

                return copies.Before.Count == 0 && copies.After.Count == 0 ? statements : copies.Before.Concat(statements).Concat(copies.After).ToArray();
            }
            finally
            {
                _prelude = outer;
            }
        }

        /// <summary>
        /// <c>x.AsSpan(start[, length])</c> of an array, <c>s.Slice(start[, length])</c> of a span, or <c>b[a..c]</c> of either
        /// (a bound may count from the end, <c>b[1..^1]</c>), where the buffer is a floating array or span local or
        /// parameter; null otherwise.
        /// </summary>
        private SliceSyntax? RecogniseSlice(ExpressionSyntax argument)
        {
            switch (argument)
            {
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax buffer, Name.Identifier.ValueText: "AsSpan" or "Slice" } } call
                    when call.ArgumentList.Arguments.Count is 1 or 2
                         && call.ArgumentList.Arguments.All(a => a.RefKindKeyword.RawKind == 0)
                         && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol method
                         && method.Parameters.Length == call.ArgumentList.Arguments.Count
                         && call.ArgumentList.Arguments.Select((a, i) => a.NameColon is null || a.NameColon.Name.Identifier.ValueText == method.Parameters[i].Name).All(inOrder => inOrder)
                         && method.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Int32)
                         && method.ContainingType?.OriginalDefinition.ToDisplayString() is "System.MemoryExtensions" or "System.Span<T>" or "System.ReadOnlySpan<T>"
                         && IsDifferentiableBuffer(buffer):
                    SeparatedSyntaxList<ArgumentSyntax> bounds = call.ArgumentList.Arguments;
                    return new SliceSyntax(buffer, bounds[0].Expression, bounds.Count == 2 ? bounds[1].Expression : null, null, IsCopy: false);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax buffer, Name.Identifier.ValueText: "AsSpan" } } whole, Name.Identifier.ValueText: "Slice" } } call
                    when whole.ArgumentList.Arguments.Count == 0
                         && call.ArgumentList.Arguments.Count is 1 or 2
                         && call.ArgumentList.Arguments.All(a => a.NameColon is null && a.RefKindKeyword.RawKind == 0)
                         && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol method
                         && method.Parameters.Length == call.ArgumentList.Arguments.Count
                         && method.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Int32)
                         && IsDifferentiableBuffer(buffer):
                    // x.AsSpan().Slice(start[, length]) is x.AsSpan(start[, length]).
                    return new SliceSyntax(buffer, call.ArgumentList.Arguments[0].Expression, call.ArgumentList.Arguments.Count == 2 ? call.ArgumentList.Arguments[1].Expression : null, null, IsCopy: false);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax buffer, Name.Identifier.ValueText: "AsSpan" or "Slice" } } call
                    when call.ArgumentList.Arguments.Count == 1 && call.ArgumentList.Arguments[0] is { NameColon: null, RefKindKeyword.RawKind: 0 } only
                         && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol method
                         && method.Parameters.Length == 1
                         && method.Parameters[0].Type.ToDisplayString() is "System.Range" or "System.Index"
                         && method.ContainingType?.OriginalDefinition.ToDisplayString() is "System.MemoryExtensions" or "System.Span<T>" or "System.ReadOnlySpan<T>"
                         && IsDifferentiableBuffer(buffer):
                    // x.AsSpan(1..^1) and x.AsSpan(^3): a range written out, or a start.
                    return only.Expression is RangeExpressionSyntax written
                        ? new SliceSyntax(buffer, written.LeftOperand, null, written.RightOperand, IsCopy: false)
                        : method.Parameters[0].Type.ToDisplayString() == "System.Index" ? new SliceSyntax(buffer, only.Expression, null, null, IsCopy: false) : null;
                case ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax buffer, ArgumentList.Arguments: { Count: 1 } indices }
                    when indices[0].Expression is RangeExpressionSyntax range
                         && IsDifferentiableBuffer(buffer):
                    // A range of an array is a new array, so what the callee writes into it is lost, as in C#.
                    bool isArray = _model.GetTypeInfo(buffer, _cancellationToken).Type is IArrayTypeSymbol;
                    return new SliceSyntax(buffer, range.LeftOperand, null, range.RightOperand, IsCopy: isArray);
                default:
                    return null;
            }
        }

        /// <summary>
        /// A slice written so that, given to a differentiable buffer parameter, it becomes a copy (not <c>x.AsSpan()</c> or
        /// <c>x[..]</c>, which are the buffer itself); one given to a [NoDiff] parameter stays a view, which the caller checks.
        /// </summary>
        private bool IsSliceCopy(ExpressionSyntax argument) =>
            RecogniseSlice(argument) is { } slice && (slice.Start ?? slice.Length ?? slice.End) is not null;

        /// <summary>The call's other arguments that are slices of the same buffer: copies of their own, checked apart where the call runs.</summary>
        private List<ExpressionSyntax> ArgumentsApart(ArgumentListSyntax call, ExpressionSyntax argument, ISymbol? buffer, System.Func<ExpressionSyntax, bool> copiedSlice) =>
            call.Arguments.Select(a => a.Expression)
                .Where(other => other != argument && copiedSlice(other) && RecogniseSlice(other) is { } slice
                                && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(slice.Buffer, _cancellationToken).Symbol, buffer)
                                && !SliceBoundsRead(slice, buffer))
                .ToList();

        /// <summary>Whether a slice's bounds read the buffer itself (<c>x.AsSpan((int)x[0], 2)</c>), which the copy-back could change.</summary>
        private bool SliceBoundsRead(SliceSyntax slice, ISymbol? buffer) =>
            new[] { slice.Start, slice.Length, slice.End }.Any(bound => bound is not null && ReadsSymbol(bound, buffer));

        private bool IsDifferentiableBuffer(IdentifierNameSyntax buffer) =>
            _model.GetSymbolInfo(buffer, _cancellationToken).Symbol is ILocalSymbol or IParameterSymbol
            && SymbolFacts.ShapeOf(_model.GetTypeInfo(buffer, _cancellationToken).Type).Shape is ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan;

        /// <summary>
        /// The argument a slice becomes: a fresh local array, copied in before the statement and back after it when the
        /// callee writes it. Null, with an error reported, where that would not mean what the call means.
        /// </summary>
        /// <param name="copiedSlice">Whether another argument of the call is a slice given to a differentiable buffer parameter: a copy of its own.</param>
        private CallArg? SliceArgument(SliceSyntax slice, ExpressionSyntax argument, ScalarKind element, bool calleeWrites, bool callWritesBuffers, IReadOnlyList<ExpressionSyntax?> arguments,
            System.Func<ExpressionSyntax, bool> calleeMayWrite, System.Func<ExpressionSyntax, bool> copiedSlice)
        {
            const string wayOut = "pass the whole buffer and an offset, or copy the slice into a local new double[n] first";
            if (_prelude is null)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, argument, argument.ToString(),
                    "a slice is passed to a differentiated call in a declaration, an assignment, a call or a return, not in a loop header; " + wayOut);
                return null;
            }

            if (!AlwaysEvaluated(argument))
            {
                // The copy, and the bounds check that throws as the slice would, come before the statement, so they
                // would run where the branch does not (x.Length == 0 ? 0 : Sum(x.Slice(1))).
                Report(DiagnosticDescriptors.UnsupportedExpression, argument, argument.ToString(),
                    "a slice passed in a branch that may not run (of '?:', '&&', '||', '??' or a switch arm) is copied before the statement, bounds checked, even where the branch does not run; write the branch as an if statement");
                return null;
            }

            bool copyBack = calleeWrites && !slice.IsCopy;

            ISymbol? bufferSymbol = _model.GetSymbolInfo(slice.Buffer, _cancellationToken).Symbol;
            // The same buffer given again as a buffer (whole or sliced) to a call that writes buffers, where the callee may
            // write either: the pullback would mix the two roles. Two views it only reads are two inputs whose partials
            // add up. An element of it read as a value is fine here; the checks below handle its order.
            // Another slice of it is a copy of its own: the two are apart unless their bounds overlap, which is checked
            // where the call runs (hs.AsSpan(t * n, n) read and hs.AsSpan((t + 1) * n, n) written, an RNN's states).
            if (callWritesBuffers && arguments.Any(other => other is not null && other != argument && !copiedSlice(other)
                    && ViewsDifferentiableBuffer(other) && ReadsSymbol(other, bufferSymbol) && (calleeWrites || calleeMayWrite(other))))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, argument, argument.ToString(), "the same buffer is passed twice, and the call's adjoint cannot tell the two apart; pass a copy");
                return null;
            }

            // The copy is taken before the statement and written back after it, so the rest of the statement must not
            // see the difference: nothing else in it may write the buffer, and when the call writes the slice, nothing
            // else may read it either.
            var call = argument.Parent?.Parent as ArgumentListSyntax;
            if (OtherUseInStatement(_prelude.Statement, argument, bufferSymbol, copyBack, apart: call is null ? null : ArgumentsApart(call, argument, bufferSymbol, copiedSlice)) is { } other)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, argument, argument.ToString(),
                    (copyBack ? "the call writes this slice, and the statement also uses '" : "the statement also writes '") + other
                    + "', which a copy of the slice would not see; call it in a statement of its own");
                return null;
            }

            string buffer = slice.Buffer.Identifier.ValueText;
            string start = FreshName("start");
            string length = FreshName("length");
            string copy = FreshName("slice");
            var startValue = new NameValue(start, IrType.Int32);
            var lengthValue = new NameValue(length, IrType.Int32);
            (Value startInit, Value lengthInit) = SliceBounds(slice, startValue);
            if (!ValueTree.IsPure(startInit) || !ValueTree.IsPure(lengthInit) || BoundsChangedInStatement(slice, argument))
            {
                // The bounds move before the statement, where a side effect (k++) would happen out of its order.
                Report(DiagnosticDescriptors.UnsupportedExpression, argument, argument.ToString(), "a slice bound has a side effect, or the statement changes what it reads; compute it into a local first");
                return null;
            }

            _prelude.Before.Add(InactiveStmt.Declare(IrType.Int32, start, startInit));
            _prelude.Before.Add(InactiveStmt.Declare(IrType.Int32, length, lengthInit));
            _prelude.Before.Add(SliceBoundsCheck(slice.Buffer, start, length));
            // The copies mean what the views mean only where the callee cannot see one slice's writes through another.
            foreach (SliceCopy earlier in _prelude.Slices)
            {
                if (call is not null && earlier.Call == call && SymbolEqualityComparer.Default.Equals(earlier.Buffer, bufferSymbol) && (calleeWrites || earlier.CalleeWrites)
                    && !slice.IsCopy && !earlier.IsCopy)
                {
                    _prelude.Before.Add(InactiveStmt.Evaluate(new HostValue(
                        "global::Diff.Internal.AdjointChecks.CheckSlicesApart(" + earlier.Start + ", " + earlier.Length + ", " + start + ", " + length + ", "
                        + Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(earlier.Argument.ToString(), quote: true) + ", " + Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(argument.ToString(), quote: true) + ")",
                        IrType.Unknown, new[] { earlier.Start, earlier.Length, start, length }.ToEquatableArray(), EquatableArray<string>.Empty, Pure: false, Primary: false)));
                }
            }

            _prelude.Slices.Add(new SliceCopy(call, bufferSymbol, argument, start, length, calleeWrites, slice.IsCopy));
            // The copy is the generator's own: only the call sees it, and a differentiated callee keeps no reference to
            // its buffers, so a gradient takes its storage from the pool (a slice in a loop is copied on every trip).
            _prelude.Before.Add(new ArrayDeclStmt(copy, element, new ValueExpr(lengthValue, ScalarKind.Integer), copy + " = " + SyntaxText.Of(argument)) { StaysLocal = !_kernel });
            _prelude.Before.Add(CopyLoop(copy, buffer, startValue, lengthValue, element, toSlice: true));
            if (copyBack)
            {
                _prelude.After.Add(CopyLoop(copy, buffer, startValue, lengthValue, element, toSlice: false));
            }

            return new CallArg(new VarExpr(copy, element), ArgRole.Span, copy) { CalleeWrites = calleeWrites };
        }

        /// <summary>
        /// A slice's start, as an offset into its buffer, and its length, which may read the local <paramref name="start"/>
        /// holds the start in (a range's end is an offset too): a missing start is 0, a missing length the rest.
        /// </summary>
        private (Value Start, Value Length) SliceBounds(SliceSyntax slice, Value start)
        {
            Value bufferLength = new LengthValue(slice.Buffer.Identifier.ValueText);
            Value startInit = slice.Start is null ? Zero() : RangeBound(slice.Start, bufferLength);
            Value lengthInit = slice.Length is not null ? Opaque(slice.Length, ScalarKind.Integer).Tree
                : new BinaryValue(ValueOperator.Subtract, slice.End is null ? bufferLength : RangeBound(slice.End, bufferLength), start, IrType.Int32);
            return (startInit, lengthInit);
        }

        /// <summary>The bounds checked as the slice itself would check them, with the same exception.</summary>
        private InactiveStmt SliceBoundsCheck(IdentifierNameSyntax buffer, string start, string length)
        {
            string name = buffer.Identifier.ValueText;
            string check = IsArrayInGeneratedCode(buffer)
                ? "_ = global::System.MemoryExtensions.AsSpan(" + name + ", " + start + ", " + length + ").Length"
                : "_ = " + name + ".Slice(" + start + ", " + length + ").Length";
            return InactiveStmt.Evaluate(new HostValue(check, IrType.Int32, new[] { name, start, length }.ToEquatableArray(), EquatableArray<string>.Empty, Pure: false, Primary: false));
        }

        /// <summary>A bound of a slice as an offset from the buffer's start: <c>^k</c> (counted from the end) is <c>Length - k</c>.</summary>
        private Value RangeBound(ExpressionSyntax bound, Value bufferLength) =>
            bound is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression } fromEnd
                ? new BinaryValue(ValueOperator.Subtract, bufferLength, Opaque(fromEnd.Operand, ScalarKind.Integer).Tree, IrType.Int32)
                : Opaque(bound, ScalarKind.Integer).Tree;

        /// <summary><c>for (int i = 0; i &lt; length; i++) copy[i] = buffer[start + i];</c>, or the other way round.</summary>
        private LoopStmt CopyLoop(string copy, string buffer, Value start, Value length, ScalarKind element, bool toSlice)
        {
            return ElementLoop(length, index =>
            {
                string counter = ValuePrinter.Print(index);
                return toSlice
                    ? Move(buffer, start, copy, Zero(), index, element, copy + "[" + counter + "] = " + buffer + "[…]")
                    : Move(copy, Zero(), buffer, start, index, element, buffer + "[…] = " + copy + "[" + counter + "]");
            });
        }

        /// <summary>
        /// <c>for (int i = 0; i &lt; length; i++) body(i);</c>, a counted loop the reverse sweep replays backwards without
        /// recording its trip count.
        /// </summary>
        private LoopStmt ElementLoop(Value length, System.Func<Value, Stmt> body) => ElementLoop(length, index => new[] { body(index) });

        private LoopStmt ElementLoop(Value length, System.Func<Value, IEnumerable<Stmt>> body)
        {
            string counter = FreshName("i");
            var index = new NameValue(counter, IrType.Int32);
            var zero = new ValueExpr(new ConstantValue("0", IrType.Int32, true), ScalarKind.Integer);
            var bound = new ValueExpr(length, ScalarKind.Integer);
            return new LoopStmt(
                LoopKind.For,
                new Stmt[] { InactiveStmt.Declare(IrType.Int32, counter, zero.Tree) }.ToEquatableArray(),
                new ValueExpr(new BinaryValue(ValueOperator.Less, index, length, IrType.Bool), ScalarKind.Boolean),
                new Stmt[] { InactiveStmt.Evaluate(new UpdateValue(counter, UpdateOperator.Increment, null, Postfix: true, IrType.Int32)) }.ToEquatableArray(),
                new Block(body(index).ToEquatableArray()),
                new CountedLoop(counter, zero, bound, Ascending: true, Inclusive: false));
        }

        /// <summary>
        /// An increment or an assignment of a float or double local used as a value, as C code writes it
        /// (<c>ser += cof[j] / ++y;</c>, <c>x * (y = x)</c>, <c>double t = x = y = 0;</c>), or of an element of a float or
        /// double array (<c>res += (arr[i] *= 5);</c>): the write becomes a statement of its own before the statement, and
        /// the value a read of the variable or element (of a copy of its old value for <c>y++</c>). That is the statement's
        /// meaning when nothing else in it reads what is written before the write, the write is always evaluated (not in a
        /// branch of <c>?:</c>, a switch arm or the right of <c>&amp;&amp;</c>, <c>||</c> or <c>??</c>), and its value has no
        /// effect but assignments of the same kind (a chain, <c>x = y = 0</c>, which moves whole); null otherwise, for the
        /// caller to refuse.
        /// </summary>
        private Expr? HoistedWrite(ExpressionSyntax write, ScalarKind kind)
        {
            if (_prelude is null || !MovableTarget(write, write, out ISymbol? symbol, out ScalarKind targetKind))
            {
                return null;
            }

            // A local function called elsewhere in the statement may read what is written too.
            SyntaxNode statement = _prelude.Statement;
            var written = new List<ISymbol> { symbol! };
            for (ExpressionSyntax? value = ChainedValue(write); value is AssignmentExpressionSyntax inner; value = ChainedValue(inner))
            {
                // `x = y = e`: the inner write moves with the outer one, as one statement, so it must be movable too.
                if (!MovableTarget(inner, write, out ISymbol? innerSymbol, out _))
                {
                    return null;
                }

                written.Add(innerSymbol!);
            }

            if (statement.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(call => !write.Span.Contains(call.Span)
                    && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function
                    && written.Any(w => _values.CapturedReads(function).Contains(w, SymbolEqualityComparer.Default))))
            {
                return null;
            }

            // Nor may the write's own value have an effect (beyond the chain's writes), which moving it first would move
            // before the rest of the statement (x[0] > (a = Scale(x)) compares the old x[0]).
            ExpressionSyntax? last = write is AssignmentExpressionSyntax ? ChainedValue(write) : null;
            while (last is AssignmentExpressionSyntax chained)
            {
                last = ChainedValue(chained);
            }

            if (last is not null && last.DescendantNodesAndSelf().Any(node => HasEffect(node) || MayChangeAnObject(node)))
            {
                return null;
            }

            // The write moves before everything else the statement evaluates, so nothing else in it may have an effect
            // the write could see: no other write (but the statement's own assignment, which happens last), and no call
            // given a buffer it might write.
            if (statement.DescendantNodes().Any(other => !write.Span.Contains(other.Span) && !other.Span.Contains(write.Span) && (HasEffect(other) || MayChangeAnObject(other))))
            {
                return null;
            }

            if (!AlwaysEvaluated(write))
            {
                return null;
            }

            ExpressionSyntax target = WrittenTarget(write)!;
            if (write is PostfixUnaryExpressionSyntax)
            {
                // y++ is the old value: keep it in a fresh local before the increment.
                string old = FreshName("u");
                _prelude.Before.Add(new AssignStmt(new LocalTarget(old, targetKind, SymbolFacts.Keyword(targetKind)), ReadOf(target, targetKind), old + " = " + SyntaxText.Of(target)));
                _prelude.Before.AddRange(ParseExpressionStatement(write));
                return Converted(new VarExpr(old, targetKind), kind);
            }

            _prelude.Before.AddRange(ParseExpressionStatement(write));
            return Converted(ReadOf(target, targetKind), kind);

            Expr ReadOf(ExpressionSyntax read, ScalarKind readKind) =>
                read is IdentifierNameSyntax name ? new VarExpr(name.Identifier.ValueText, readKind) : ParseValue(read);

            static Expr Converted(Expr value, ScalarKind to) => value.Kind == to ? value : new ConvertExpr(value, to);
        }

        /// <summary>Whether <paramref name="buffer"/> is the array of the element a plain assignment stores into (<c>w</c> of <c>w[2] = …</c>).</summary>
        private static bool IsStoredInto(IdentifierNameSyntax buffer) =>
            buffer.Parent is ElementAccessExpressionSyntax target && target.Expression == buffer
            && target.Parent is AssignmentExpressionSyntax stored && stored.IsKind(SyntaxKind.SimpleAssignmentExpression) && stored.Left == target;

        /// <summary>The value an assignment assigns, without parentheses; null for an increment.</summary>
        private static ExpressionSyntax? ChainedValue(ExpressionSyntax write)
        {
            ExpressionSyntax? value = (write as AssignmentExpressionSyntax)?.Right;
            while (value is ParenthesizedExpressionSyntax parenthesized)
            {
                value = parenthesized.Expression;
            }

            return value;
        }

        /// <summary>
        /// Whether the target of <paramref name="write"/> (part of <paramref name="moved"/>, which moves before its statement)
        /// can move: a float or double local or parameter, or an element of a float or double array or span held in one,
        /// at an index without effects that does not read the buffer; that nothing in the statement before
        /// <paramref name="moved"/> reads; and that the statement does not declare.
        /// </summary>
        private bool MovableTarget(ExpressionSyntax write, ExpressionSyntax moved, out ISymbol? symbol, out ScalarKind kind)
        {
            symbol = null;
            kind = ScalarKind.Other;
            ExpressionSyntax? target = write switch
            {
                PrefixUnaryExpressionSyntax prefix => prefix.Operand,
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                AssignmentExpressionSyntax assignment => assignment.Left,
                _ => null,
            };
            IdentifierNameSyntax? name = target switch
            {
                IdentifierNameSyntax identifier => identifier,
                // An index that calls nothing: a local function called in it could read what the write changes.
                ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax buffer, ArgumentList.Arguments: { Count: 1 } arguments }
                    when arguments[0].RefKindKeyword.RawKind == 0
                         && !arguments[0].Expression.DescendantNodesAndSelf().Any(node => HasEffect(node) || node is InvocationExpressionSyntax) => buffer,
                _ => null,
            };
            if (name is null)
            {
                return false;
            }

            symbol = _model.GetSymbolInfo(name, _cancellationToken).Symbol;
            if (symbol is not (ILocalSymbol or IParameterSymbol))
            {
                return false;
            }

            kind = SymbolFacts.KindOf(_model.GetTypeInfo(target!, _cancellationToken).Type);
            if (!SymbolFacts.IsFloating(kind))
            {
                return false;
            }

            if (target is ElementAccessExpressionSyntax element)
            {
                // Only the IR's own buffers, at an index that reads the same element after the write as before it.
                ISymbol buffer = symbol;
                if (SymbolFacts.ShapeOf(_model.GetTypeInfo(name, _cancellationToken).Type).Shape is not (ParamShape.Array or ParamShape.Span)
                    || element.ArgumentList.Arguments[0].Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
                        .Any(id => SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(id, _cancellationToken).Symbol, buffer)))
                {
                    return false;
                }

                // A span may view the same elements under another name, so no float or double buffer at all may be read
                // before the write. The target of a plain assignment is not read (`w[2] = (w[0] *= x) * 2`).
                if (_prelude!.Statement.DescendantNodes().OfType<IdentifierNameSyntax>().Any(id => id.SpanStart < moved.SpanStart && !IsStoredInto(id)
                        && SymbolFacts.ShapeOf(_model.GetTypeInfo(id, _cancellationToken).Type) is { Shape: ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan } read
                        && SymbolFacts.IsFloating(read.Element)))
                {
                    return false;
                }
            }

            // C# evaluates operands left to right, so a read after the write sees the written value, as it does when the
            // write moves first; a read before it would not. A declaration of the variable in the statement
            // (double a = x, p = (a = y) * 2;) cannot follow the write either.
            SyntaxNode statement = _prelude!.Statement;
            ISymbol written = symbol;
            return !statement.DescendantNodes().OfType<IdentifierNameSyntax>().Any(id => id.SpanStart < moved.SpanStart && id.Identifier.ValueText == name.Identifier.ValueText && !IsStoredInto(id)
                       && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(id, _cancellationToken).Symbol, written))
                   && !statement.DescendantNodesAndSelf().OfType<VariableDeclaratorSyntax>().Any(declarator =>
                       SymbolEqualityComparer.Default.Equals(_model.GetDeclaredSymbol(declarator, _cancellationToken), written));
        }

        /// <summary>
        /// An <c>if</c>'s condition, with the float or double assignments in it that C code writes there
        /// (<c>if ((ax = Math.Abs(x)) &lt; 8.0)</c>, <c>if ((t *= x) &gt; 0.5)</c>) moved before the <c>if</c> as statements of their own, and read as the
        /// variable in the condition. That is the condition's meaning where <see cref="HoistedWrite"/> takes the write:
        /// it always runs, nothing before it in the condition reads the variable, nothing else has an effect, and everything between it and
        /// the condition's top is arithmetic, a comparison or a logical operator (bound as such, never as host code that
        /// would print the assignment). Any other write is refused where the condition is checked.
        /// </summary>
        private List<Stmt> HoistConditionWrites(ExpressionSyntax conditionSyntax, out ValueExpr condition)
        {
            // Only an outermost assignment: one nested in another moves with it.
            var writes = conditionSyntax.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>()
                .Where(a => a.Kind() is SyntaxKind.SimpleAssignmentExpression or SyntaxKind.AddAssignmentExpression or SyntaxKind.SubtractAssignmentExpression
                                or SyntaxKind.MultiplyAssignmentExpression or SyntaxKind.DivideAssignmentExpression
                            && a.Left is IdentifierNameSyntax && IsFloatingTarget(a.Left)
                            && a.Ancestors().TakeWhile(n => n != conditionSyntax.Parent).All(IsBoundAsOperator))
                .ToList();
            // A call on an object ([NoDiff] c.Next()) has effects the IR does not see; the order of those must stay.
            if (writes.Count == 0 || !conditionSyntax.DescendantNodes().OfType<InvocationExpressionSyntax>().All(call => HasNoEffect(call) && !MayChangeAnObject(call)))
            {
                condition = Opaque(conditionSyntax, ScalarKind.Boolean);
                return new List<Stmt>();
            }

            ValueExpr? parsed = null;
            List<Stmt> before = WithPrelude(conditionSyntax, () =>
            {
                foreach (AssignmentExpressionSyntax write in writes)
                {
                    ScalarKind kind = SymbolFacts.KindOf(_model.GetTypeInfo(write.Left, _cancellationToken).Type);
                    if (HoistedWrite(write, kind) is VarExpr variable)
                    {
                        _values.Substitutions[write] = new NameValue(variable.Name, SymbolFacts.IrTypeOf(_model.GetTypeInfo(write.Left, _cancellationToken).Type));
                    }
                }

                parsed = Opaque(conditionSyntax, ScalarKind.Boolean);
                return System.Array.Empty<Stmt>();
            }).ToList();
            foreach (AssignmentExpressionSyntax write in writes)
            {
                _values.Substitutions.Remove(write);
            }

            condition = parsed!;
            return before;

            bool IsBoundAsOperator(SyntaxNode node) => node switch
            {
                ParenthesizedExpressionSyntax => true,
                BinaryExpressionSyntax logical when logical.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression => true,
                PrefixUnaryExpressionSyntax or BinaryExpressionSyntax => _model.GetSymbolInfo(node, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.BuiltinOperator },
                _ => node == conditionSyntax,
            };
        }

        /// <summary>
        /// Whether <paramref name="expression"/> is evaluated whenever the statement being parsed runs: not in a branch of
        /// <c>?:</c>, a switch arm, the right of <c>&amp;&amp;</c>, <c>||</c> or <c>??</c>, or a lambda.
        /// </summary>
        private bool AlwaysEvaluated(SyntaxNode expression)
        {
            SyntaxNode statement = _prelude!.Statement;
            for (SyntaxNode node = expression; node != statement && node.Parent is { } parent; node = parent)
            {
                bool conditional = parent switch
                {
                    ConditionalExpressionSyntax choice => node != choice.Condition,
                    BinaryExpressionSyntax logical when logical.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression => node == logical.Right,
                    ConditionalAccessExpressionSyntax access => node != access.Expression,
                    SwitchExpressionArmSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax => true,
                    _ => false,
                };
                if (conditional)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether the statement, outside the slice argument, writes a variable the slice's bounds read.</summary>
        private bool BoundsChangedInStatement(SliceSyntax slice, ExpressionSyntax argument)
        {
            var read = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (ExpressionSyntax? bound in new[] { slice.Start, slice.Length, slice.End })
            {
                foreach (IdentifierNameSyntax id in bound?.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>() ?? Enumerable.Empty<IdentifierNameSyntax>())
                {
                    if (_model.GetSymbolInfo(id, _cancellationToken).Symbol is ILocalSymbol or IParameterSymbol)
                    {
                        read.Add(_model.GetSymbolInfo(id, _cancellationToken).Symbol!);
                    }
                }
            }

            return read.Count > 0 && _prelude!.Statement.DescendantNodes()
                .Where(node => !argument.Span.Contains(node.Span))
                .Select(node => node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                    ArgumentSyntax { RefKindKeyword.RawKind: not 0 } byReference => byReference.Expression,
                    _ => null,
                })
                .Any(target => target is not null && _model.GetSymbolInfo(target, _cancellationToken).Symbol is { } written && read.Contains(written));
        }

        /// <summary>Whether a positional buffer argument goes to a parameter of a method in source that never writes it.</summary>
        private bool ArgumentOnlyRead(InvocationExpressionSyntax call, ArgumentSyntax argument)
        {
            if (argument.RefKindKeyword.RawKind == 0 && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol library && IsReadOnlyLibraryMethod(library))
            {
                return true;
            }

            if (argument.NameColon is not null || _model.GetSymbolInfo(call, _cancellationToken).Symbol is not IMethodSymbol { ReducedFrom: null } method
                || method.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            int index = call.ArgumentList.Arguments.IndexOf(argument);
            return index < method.Parameters.Length && !method.Parameters[index].IsParams
                   && !SymbolFacts.MayWriteParameter(method.OriginalDefinition, method.OriginalDefinition.Parameters[index], _model.Model.Compilation);
        }

        /// <summary>
        /// Library methods that only read the buffers they are given: searches and comparisons of <c>Array</c>, of spans
        /// (<c>MemoryExtensions</c>), LINQ, <c>string</c>'s joins and <c>object.ReferenceEquals</c>.
        /// </summary>
        internal static bool IsReadOnlyLibraryMethod(IMethodSymbol method)
        {
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            string name = definition.Name;
            return definition.ContainingType?.ToDisplayString() switch
            {
                "System.Array" => name is "IndexOf" or "LastIndexOf" or "BinarySearch" or "FindIndex" or "FindLastIndex" or "Exists" or "TrueForAll" or "Find" or "FindLast" or "FindAll",
                "System.MemoryExtensions" => name.StartsWith("IndexOf", System.StringComparison.Ordinal) || name.StartsWith("LastIndexOf", System.StringComparison.Ordinal)
                                             || name.StartsWith("Contains", System.StringComparison.Ordinal) || name is "SequenceEqual" or "SequenceCompareTo" or "StartsWith" or "EndsWith" or "BinarySearch" or "Count" or "CommonPrefixLength",
                "System.Linq.Enumerable" or "string" => true,
                "object" => name is "ReferenceEquals" or "Equals",
                _ => false,
            };
        }

        /// <summary>
        /// A value a call reads from an object (<c>c.Next()</c>, <c>rng.NextDouble()</c>) in a float or double expression: held
        /// in a local before the statement, so that the reverse sweep, which records the factors it needs, reads the value
        /// the statement used instead of calling again. Where the call might not run, or holding it would move it past
        /// another effect of the statement, it is refused (DIFF013).
        /// </summary>
        private Expr KeptObjectValue(ValueExpr value, ExpressionSyntax expression, ScalarKind kind)
        {
            // A value with an effect of its own (`k++`, a call that may write the buffer it is given) is held the same
            // way: the reverse sweep records factors by evaluating them again, which would run the effect twice.
            // A call with no visible effect (a static method, `Tick()`) may still keep state of its own: held too where
            // that is safe, so that the generated code calls it as often as the method does, and left in place elsewhere.
            bool drawn = expression.DescendantNodesAndSelf().Any(MayChangeAnObject);
            bool visible = drawn || expression.DescendantNodesAndSelf().Any(HasEffectOrWritesCaptured);
            if (value.Pure)
            {
                return value;
            }

            // Held before the statement, a draw would change its object before a read of the object's state that comes
            // earlier in the statement (`x[1] * c.N + x[0] * c.NextD()`).
            if (drawn && _prelude is not null && ObjectReadElsewhere(expression) is { } read)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, expression, SyntaxText.Of(expression),
                    "it changes '" + read + "', whose state the statement reads before it; draw it into a local in a statement of its own first");
                return value;
            }

            // Every other call on or given an object in the statement must be a draw held the same way, in the order
            // written, so that no effect moves past another (an index drawn, a helper given the generator).
            if (_prelude is null || !AlwaysEvaluated(expression)
                || _prelude.Statement.DescendantNodes().Any(other => !expression.Span.Contains(other.Span) && !other.Span.Contains(expression.Span)
                    && (HasEffectOrWritesCaptured(other) || (MayChangeAnObject(other) && !IsHeldDraw(other)))))
            {
                if (!visible)
                {
                    return value;
                }

                // Left in place, the generated code would call it again where the reverse sweep needs its value, and
                // a draw (rng.NextDouble()) would differ from the one the statement used.
                Report(DiagnosticDescriptors.UnsupportedExpression, expression, SyntaxText.Of(expression),
                    drawn
                        ? "a value taken from an object by a call is drawn once before its statement only where it always runs and the statement has no other effect it could move past (a branch of '?:', an index drawn from the same object, a helper given it); draw it into a local in a statement of its own first"
                        : "a value with an effect of its own is computed once before its statement only where it always runs and the statement has no other effect it could move past; compute it into a local in a statement of its own first");
                return value;
            }

            if (_values.TracksObjectState && StateReadBefore(expression) is { } earlier
                && expression.DescendantNodesAndSelf().Any(node => node is InvocationExpressionSyntax call
                    ? ObjectStateFacts.CallMayChange(call, _model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), _cancellationToken)
                    : ObjectStateFacts.GetterMayChange(node, _model, _cancellationToken)))
            {
                // Held before the statement, the call would change the state before the statement's earlier read of it.
                Report(DiagnosticDescriptors.UnsupportedExpression, expression, SyntaxText.Of(expression),
                    "it may change '" + earlier + "', which the statement reads before it; read that into a local in a statement of its own before this one");
                return value;
            }

            string held = FreshName("h");
            _prelude.Before.Add(new AssignStmt(new LocalTarget(held, kind, SymbolFacts.Keyword(kind)), value with { Kind = kind }, held + " = " + SyntaxText.Of(expression)));
            return new VarExpr(held, kind);
        }

        /// <summary>
        /// An object a draw in <paramref name="expression"/> is called on or given, whose state the statement reads before
        /// the draw other than by drawing from it (a field, a property, an argument); null where none is.
        /// </summary>
        private string? ObjectReadElsewhere(ExpressionSyntax expression)
        {
            var objects = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (InvocationExpressionSyntax call in expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Where(MayChangeAnObject))
            {
                if (call.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver })
                {
                    objects.Add(receiver.Identifier.ValueText);
                }

                foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
                {
                    if (argument.Expression is IdentifierNameSyntax given
                        && _model.GetTypeInfo(given, _cancellationToken).Type is { IsReferenceType: true, SpecialType: not SpecialType.System_String })
                    {
                        objects.Add(given.Identifier.ValueText);
                    }
                }
            }

            // A getter that changes state (`c.NextGain`, `Glob.Next`, `NextGain` of this object) draws from what it is read on.
            bool drawsFromThis = false;
            foreach (SyntaxNode getter in expression.DescendantNodesAndSelf().Where(node => node is IdentifierNameSyntax or ElementAccessExpressionSyntax && MayChangeAnObject(node)))
            {
                ExpressionSyntax? receiver = getter switch
                {
                    ElementAccessExpressionSyntax indexer => indexer.Expression,
                    _ when getter.Parent is MemberAccessExpressionSyntax member && member.Name == getter => member.Expression,
                    _ => null,
                };
                switch (receiver)
                {
                    case IdentifierNameSyntax named:
                        objects.Add(named.Identifier.ValueText);
                        break;
                    case null or ThisExpressionSyntax:
                        drawsFromThis = true;
                        break;
                    default:
                        return receiver.ToString();
                }
            }

            // Only a read that C# makes before the draw sees the object as it was; one after it sees the draw's change
            // either way. Other draws from the object are ordered with this one by the caller.
            foreach (IdentifierNameSyntax identifier in _prelude!.Statement.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.SpanStart >= expression.SpanStart)
                {
                    continue;
                }

                if (objects.Contains(identifier.Identifier.ValueText)
                    && !(identifier.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax draw } member && member.Expression == identifier && MayChangeAnObject(draw))
                    && !(identifier.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax given } } && MayChangeAnObject(given)))
                {
                    return identifier.Identifier.ValueText;
                }

                // A member of this object, read without a receiver or through `this`.
                if (drawsFromThis && _model.GetSymbolInfo(identifier, _cancellationToken).Symbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false }
                    && (identifier.Parent is not MemberAccessExpressionSyntax owner || owner.Name != identifier || owner.Expression is ThisExpressionSyntax))
                {
                    return identifier.Identifier.ValueText;
                }
            }

            return null;
        }

        /// <summary><see cref="HasEffect"/>, or a call of a local function that writes a variable of the method.</summary>
        private bool HasEffectOrWritesCaptured(SyntaxNode node) =>
            HasEffect(node)
            || (node is InvocationExpressionSyntax call
                && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction } function
                && CapturedWrites(function, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Any());

        /// <summary>
        /// A call that <see cref="KeptObjectValue"/> holds too: one without a derivative, always run, whose value is used
        /// as a float or double.
        /// </summary>
        private bool IsHeldDraw(SyntaxNode node) =>
            node is InvocationExpressionSyntax call
            && _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol method
            && !SymbolFacts.HasAttribute(method.OriginalDefinition, SymbolFacts.DifferentiableAttribute)
            && SymbolFacts.IsFloating(SymbolFacts.KindOf(call.Parent is CastExpressionSyntax cast ? _model.GetTypeInfo(cast, _cancellationToken).Type : _model.GetTypeInfo(call, _cancellationToken).ConvertedType))
            && AlwaysEvaluated(call);

        /// <summary>
        /// Whether a call may change an object the IR does not follow: a method called on an object (<c>c.Next()</c>), or
        /// one given an object (a <c>[NoDiff]</c> counter, a random generator), whose state a later read in the statement
        /// could see. Math functions, and calls given only numbers, strings and buffers, do not.
        /// </summary>
        private bool MayChangeAnObject(SyntaxNode node)
        {
            if (node is not InvocationExpressionSyntax call)
            {
                // A getter that changes state is a draw from its object.
                return ObjectStateFacts.GetterMayChange(node, _model, _cancellationToken);
            }

            if (_model.GetSymbolInfo(call, _cancellationToken).Symbol is not IMethodSymbol method)
            {
                return true;
            }

            if (method.ContainingType?.ToDisplayString() is "System.Math" or "System.MathF" or "double" or "float" || IsReadOnlyLibraryMethod(method))
            {
                return false;
            }

            bool onOrGivenAnObject = (!method.IsStatic && method.MethodKind != MethodKind.LocalFunction && call.Expression is MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax })
                || call.ArgumentList.Arguments.Any(argument => _model.GetTypeInfo(argument.Expression, _cancellationToken).Type is { } type
                    && SymbolFacts.ShapeOf(type).Shape is ParamShape.Other
                    && type.SpecialType is SpecialType.None
                    && type.TypeKind is TypeKind.Class or TypeKind.Interface or TypeKind.Struct or TypeKind.TypeParameter);

            // A method of this compilation whose body changes nothing (`c.Peek()`) only reads the object.
            return onOrGivenAnObject && ObjectStateFacts.CallMayChange(call, _model, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), _cancellationToken);
        }

        /// <summary>Whether evaluating <paramref name="node"/> itself may change a variable or a buffer.</summary>
        private bool HasEffect(SyntaxNode node) => node switch
        {
            AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }
                or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } => true,
            InvocationExpressionSyntax call => call.ArgumentList.Arguments.Any(a => a.RefKindKeyword.RawKind != 0
                || (ArrayItems(a.Expression) is null && !ArgumentOnlyRead(call, a)
                    && (SymbolFacts.ShapeOf(_model.GetTypeInfo(a.Expression, _cancellationToken).Type).Shape is ParamShape.Array or ParamShape.Span
                        || _model.GetTypeInfo(a.Expression, _cancellationToken).Type is IArrayTypeSymbol))),
            _ => false,
        };

        /// <summary>
        /// The first other use of <paramref name="buffer"/> in <paramref name="statement"/>, outside
        /// <paramref name="slice"/>, that a slice copied in before the statement (and back after it) would change: any
        /// use when <paramref name="copiedBack"/>, else one that may write it (an element assigned or incremented, the
        /// buffer passed to a parameter its method may write, or a method called on it). Null when there is none.
        /// </summary>
        private string? OtherUseInStatement(SyntaxNode statement, ExpressionSyntax slice, ISymbol? buffer, bool copiedBack, IReadOnlyList<ExpressionSyntax>? apart = null)
        {
            foreach (IdentifierNameSyntax use in statement.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (slice.Span.Contains(use.Span) || buffer is null || use.Identifier.ValueText != buffer.Name
                    || (apart is not null && apart.Any(other => other.Span.Contains(use.Span)))
                    || !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(use, _cancellationToken).Symbol, buffer))
                {
                    continue;
                }

                if (copiedBack || MayWrite(use))
                {
                    return use.Parent is ElementAccessExpressionSyntax element && element.Expression == use ? element.ToString() : use.ToString();
                }
            }

            return null;
        }

        private bool MayWrite(IdentifierNameSyntax use)
        {
            switch (use.Parent)
            {
                case ElementAccessExpressionSyntax element when element.Expression == use:
                    return element.Parent is AssignmentExpressionSyntax assignment && assignment.Left == element
                           || element.Parent is PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression };
                case MemberAccessExpressionSyntax member when member.Expression == use:
                {
                    // Another slice of the buffer, or x.AsSpan() of all of it, passed where it is only read
                    // (Sum(x.AsSpan(0, n)) - Sum(x.AsSpan(n, n)), Sum(x.AsSpan().Slice(1))) writes nothing.
                    if (member.Name.Identifier.ValueText == "Length")
                    {
                        return false;
                    }

                    ExpressionSyntax? slice = member.Parent as InvocationExpressionSyntax;
                    while (slice?.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Slice", Parent: InvocationExpressionSyntax outer } && outer.Expression == slice.Parent)
                    {
                        slice = outer;
                    }

                    return !(slice is { Parent: ArgumentSyntax sliceArgument } && RecogniseView(slice) is not null && !ArgumentMayBeWritten(sliceArgument));
                }

                case ArgumentSyntax argument:
                    return ArgumentMayBeWritten(argument);
                default:
                    return false;
            }
        }

        /// <summary>Whether the method a call argument goes to may write it (by reference, or through a buffer parameter).</summary>
        private bool ArgumentMayBeWritten(ArgumentSyntax argument)
        {
            if (argument.Parent?.Parent is not InvocationExpressionSyntax call)
            {
                return false;
            }

            if (argument.RefKindKeyword.RawKind != 0 || _model.GetSymbolInfo(call, _cancellationToken).Symbol is not IMethodSymbol method)
            {
                return true;
            }

            int position = ((ArgumentListSyntax)argument.Parent).Arguments.IndexOf(argument);
            IParameterSymbol? parameter = argument.NameColon is { } named
                ? method.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.ValueText)
                : position < method.Parameters.Length ? method.Parameters[position] : null;
            return parameter is null || SymbolFacts.MayWriteParameter(method.OriginalDefinition, method.OriginalDefinition.Parameters[parameter.Ordinal], _model.Model.Compilation);
        }

        /// <summary>Whether <paramref name="expression"/> mentions <paramref name="symbol"/>.</summary>
        private bool ReadsSymbol(ExpressionSyntax expression, ISymbol? symbol) =>
            symbol is not null && expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
                .Any(id => id.Identifier.ValueText == symbol.Name && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(id, _cancellationToken).Symbol, symbol));
    }
}
