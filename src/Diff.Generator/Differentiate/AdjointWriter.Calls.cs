using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Differentiate
{
    internal sealed partial class AdjointWriter
    {
        /// <summary>
        /// A call to a method that writes buffers (it has a Pullback). Forward: snapshot the buffers
        /// on the tape, record scalar arguments, make the call. Reverse: rebuild the buffers as they
        /// were before the call in scratch arrays and run the callee's pullback on them, which turns
        /// the adjoints of their final values into adjoints of their initial values.
        /// </summary>
        private List<SweepStmt>? WriteCall(CallStmt call, List<SweepStmt> forward, Context context)
        {
            bool work = HasReverseWork(call);
            string? assignResult = call.Result is null ? null : $"{call.Result.DeclaredType ?? SymbolFacts.Keyword(call.Result.Kind)} {call.Result.Name}";
            if (!work)
            {
                forward.Add(new PrimalCallStmt(assignResult, ExprPrinter.PrintCall(call.Call)));
                return null;
            }

            var pops = new List<SweepStmt>();
            forward.Add(new CommentStmt(call.Source));

            // Recorded once: the callee's Record runs the call and records what its Reverse needs, so its Reverse
            // takes the arguments as the call left them. What this method records for the call (snapshots, scalars)
            // is then recorded after it, above the callee's recording, and read back before the callee's Reverse
            // reads its own. A buffer the callee only reads holds after the call what it held before.
            _askedHowCallsAreRecorded = true;
            bool recordOnce = _recordsCalls && call.Call.HasRecordReverse && _method.Kernel is null
                && (call.Call.AdjointMethod.EndsWith("Pullback", System.StringComparison.Ordinal) || call.Call.RecordsValueCall && call.Call.AdjointMethod.EndsWith("Gradient", System.StringComparison.Ordinal));
            List<SweepStmt> callForward = forward;
            if (recordOnce)
            {
                forward = new List<SweepStmt>();
            }

            var arguments = new string[call.Call.Args.Count];
            var adjointsByArg = new string?[call.Call.Args.Count];
            var bufferSetups = new List<SweepStmt>();
            var reverseSetup = new List<SweepStmt>();
            var reverseFinish = new List<SweepStmt>();
            var operands = new PullbackOperand?[call.Call.Args.Count];

            // Buffers first, scalars after: the reverse pops the scalars, then the buffers backwards.
            foreach (bool buffers in new[] { true, false })
            for (int i = 0; i < call.Call.Args.Count; i++)
            {
                CallArg arg = call.Call.Args[i];
                bool isBuffer = arg.Role is ArgRole.Array or ArgRole.Span && arg.BufferName is not null || HeldBuffer(arg) is not null;
                if (isBuffer != buffers)
                {
                    continue;
                }

                switch (arg.Role)
                {
                    case ArgRole.Array or ArgRole.Span when arg.BufferName is not null && Unchanging(arg, arg.BufferName):
                        // A parameter neither the callee nor this method writes holds, in the reverse sweep, what the
                        // call read: it is passed as it is, not recorded and rebuilt.
                        arguments[i] = arg.BufferName;
                        adjointsByArg[i] = _active.Contains(arg.BufferName)
                            ? AdjointOf(arg.BufferName, arg.Value.Kind)
                            : $"new {SymbolFacts.Keyword(arg.Value.Kind)}[{arg.BufferName}.Length]";
                        operands[i] = new PullbackOperand(arg.BufferName, true, arg.Value.Kind, false);
                        break;

                    case ArgRole.Array or ArgRole.Span when arg.BufferName is not null:
                    {
                        string keyword = SymbolFacts.Keyword(arg.Value.Kind);
                        string k = _names.Fresh("k");
                        PushAll(forward, arg.Value.Kind, arg.BufferName);

                        // A local array may be out of scope in the reverse sweep (declared in a loop body): its
                        // length is recorded rather than read there, and read back just before the buffer is rebuilt.
                        var lengthPops = new List<SweepStmt>();
                        Value length = _parameters.ContainsKey(arg.BufferName)
                            ? new LengthValue(arg.BufferName)
                            : Recorded(Save(ScalarKind.Integer, LengthTerm(arg.BufferName), context, forward, lengthPops));
                        string scratch = _names.Fresh("m");
                        bufferSetups.Insert(0, new RebuildBufferStmt(scratch, arg.Value.Kind, length, k) { Reuses = HoistScratch(scratch, arg.Value.Kind) });
                        bufferSetups.InsertRange(0, lengthPops);
                        arguments[i] = scratch;
                        adjointsByArg[i] = _active.Contains(arg.BufferName) ? AdjointOf(arg.BufferName, arg.Value.Kind) : $"new {keyword}[{ValuePrinter.Print(length)}]";
                        operands[i] = new PullbackOperand(scratch, true, arg.Value.Kind, false);
                        break;
                    }

                    case ArgRole.Constant when HeldBuffer(arg) is { } held && Unchanging(arg, held.Name):
                        // A [NoDiff] buffer nobody writes is the same in the reverse sweep.
                        arguments[i] = held.Name;
                        break;

                    case ArgRole.Constant when HeldBuffer(arg) is { } held:
                    {
                        // A [NoDiff] float, double or int buffer: the callee may write it and read it back, and this method
                        // may change it after the call, so its pullback
                        // must see it as it was before the call, not as the forward sweep left it (nor write it again).
                        // It gets the same snapshot and rebuilt copy as a differentiable buffer, and no adjoint. An int
                        // buffer's contents share the int tape with the recorded lengths: each length is read back right
                        // before its buffer is rebuilt, in the reverse of the order they were recorded. Being [NoDiff] to the
                        // callee, neither kind has a tangent there, so forward over reverse records and rebuilds none.
                        string k = _names.Fresh("k");
                        PushAll(forward, held.Element, held.Name, withoutTangent: true);
                        var lengthPops = new List<SweepStmt>();
                        Value length = _parameters.ContainsKey(held.Name)
                            ? new LengthValue(held.Name)
                            : Recorded(Save(ScalarKind.Integer, LengthTerm(held.Name), context, forward, lengthPops));
                        string scratch = _names.Fresh("m");
                        bool viewed = held.IsSpan;
                        bufferSetups.Insert(0, new RebuildBufferStmt(scratch, held.Element, length, k) { Reuses = HoistScratch(scratch, held.Element), WithoutTangent = true, Viewed = viewed });
                        bufferSetups.InsertRange(0, lengthPops);
                        arguments[i] = viewed ? $"global::System.MemoryExtensions.AsSpan({scratch}, 0, {ValuePrinter.Print(length)})" : scratch;
                        break;
                    }

                    case ArgRole.Scalar:
                    {
                        arguments[i] = Save(arg.Value.Kind, new PrimalTerm(arg.Value), context, forward, pops);
                        operands[i] = new PullbackOperand(arguments[i], false, arg.Value.Kind, false);
                        string partial = _names.Fresh("g");
                        reverseSetup.Add(new DeclarePartialStmt(partial, arg.Value.Kind));
                        adjointsByArg[i] = "ref " + partial;
                        if (arg.Value is VarExpr variable && _active.Contains(variable.Name))
                        {
                            reverseFinish.Add(new IncrementStmt(new AdjointRef(AdjointOf(variable.Name, variable.Kind)), new NameTerm(partial, variable.Kind)));
                        }

                        break;
                    }

                    case ArgRole.ConstantBuffer:
                    {
                        // A buffer this method does not differentiate (a field): the pullback still takes an
                        // adjoint for it, a scratch array that nothing reads afterwards.
                        string buffer = ExprPrinter.Print(arg.Value);
                        arguments[i] = buffer;
                        adjointsByArg[i] = $"new {SymbolFacts.Keyword(arg.Element)}[{buffer}.Length]";
                        operands[i] = new PullbackOperand(buffer, true, arg.Element, true);
                        break;
                    }

                    default:
                        // A constant argument the reverse sweep cannot evaluate again with the same value
                        // (a counter that moves on) is recorded.
                        arguments[i] = arg.Value is not ValueExpr constant || IsStable(constant) ? ExprPrinter.Print(arg.Value)
                            : constant.IsIntegral ? SaveIntegral(constant, context, forward, pops)
                            : constant.Tree.Type.Kind == IrTypeKind.Bool ? SaveBoolean(constant, context, forward, pops)
                            : IsRecordedNumber(constant) ? Save(constant.Kind, new ValueTerm(constant), context, forward, pops)
                            : ExprPrinter.Print(arg.Value);
                        break;
                }
            }

            // The call itself, with each argument evaluated once (lowering put anything with side effects in a local).
            if (recordOnce)
            {
                callForward.Add(new PrimalCallStmt(assignResult, ExprPrinter.PrintCall(call.Call)) { RecordCallCode = RecordCall(call.Call) });
                callForward.AddRange(forward);

                // The callee's Record pushes onto the same tapes, as many values as its own loops make: room reserved
                // before an enclosing loop for this method's pushes does not cover them.
                CountDynamicPushes();
            }
            else
            {
                forward.Add(new PrimalCallStmt(assignResult, ExprPrinter.PrintCall(call.Call)) { Call = call.Call });
            }

            EquatableArray<string> adjoints = adjointsByArg.Where(a => a is not null).Select(a => a!).ToEquatableArray();
            var reverse = new List<SweepStmt> { new CommentStmt(call.Source) };
            reverse.AddRange(pops);
            reverse.AddRange(bufferSetups);
            reverse.AddRange(reverseSetup);

            // A value-returning call: its seeded pullback takes the value's adjoint after the arguments.
            string? resultAdjoint = call.Result is null ? null : AdjointOf(call.Result.Name, call.Result.Kind);
            reverse.Add(new PullbackStmt(call.Call.AdjointMethod, arguments.ToEquatableArray(), resultAdjoint, adjoints)
            {
                ReverseMethod = recordOnce ? Companion(call.Call.AdjointMethod, "Reverse") : null,
                Operands = operands.Where(o => o is not null).Select(o => o!).ToEquatableArray(),
                HessianVectorMethod = call.Call.HasPullbackHessianVector && call.Call.AdjointMethod.EndsWith("Pullback", System.StringComparison.Ordinal)
                    && operands.Count(o => o is not null) == adjointsByArg.Count(a => a is not null)
                    ? call.Call.AdjointMethod + "HessianVector"
                    : string.Empty,
            });
            reverse.AddRange(reverseFinish);
            return reverse;
        }

        /// <summary>
        /// <c>double r = F(v, i);</c> for a value call with a differentiable buffer argument (lowering gave each its own
        /// declaration) becomes a call statement, recorded once through the callee's halves like a call that writes
        /// buffers, instead of a call whose buffer partials are gathered into a vector as long as the buffer.
        /// </summary>
        private sealed class ValueCallsAsStatements : Lowering.StatementRewriter
        {
            private readonly System.Func<UserCallExpr, bool> _recordable;

            public ValueCallsAsStatements(System.Func<UserCallExpr, bool> recordable) => _recordable = recordable;

            protected override IEnumerable<Stmt> RewriteAssign(AssignStmt assign) =>
                assign is { Target: LocalTarget { DeclaredType: not null } local, Value: UserCallExpr call, Atomic: false } && _recordable(call)
                    ? new Stmt[] { new CallStmt(call, assign.Source) { Result = local, LineOffset = assign.LineOffset } }
                    : new Stmt[] { assign };
        }

        /// <summary>
        /// Whether a value call can be recorded through the callee's halves: its reverse half takes every constant
        /// argument again, so each must be one the reverse sweep can give it (a number it records, a stable value, a
        /// buffer), not an object it would read by name.
        /// </summary>
        private bool RecordableValueCall(UserCallExpr call) =>
            call.RecordsValueCall && call.Args.All(arg => arg.Role switch
            {
                ArgRole.Array or ArgRole.Span => arg.BufferName is not null,
                ArgRole.Scalar => arg.Value is VarExpr,
                ArgRole.ConstantBuffer => true,
                _ => HeldBuffer(arg) is not null
                     || arg.Value is ValueExpr constant && (IsStable(constant) || constant.IsIntegral || constant.Tree.Type.Kind == IrTypeKind.Bool || IsRecordedNumber(constant)),
            });

        /// <summary>
        /// A [NoDiff] float or double argument (a rate, a gain read from an object): recorded for the pullback as the
        /// forward passed it, like an integer, rather than read again where the pullback runs.
        /// </summary>
        internal static bool IsRecordedNumber(ValueExpr constant) =>
            constant.Tree.Type.Kind is IrTypeKind.Double or IrTypeKind.Single && SymbolFacts.IsFloating(constant.Kind) && constant.Tree.Type.Kind == (constant.Kind == ScalarKind.Float ? IrTypeKind.Single : IrTypeKind.Double);

        /// <summary>The callee's <c>…Record</c> called with the arguments as the forward sweep passes them (the backend adds the tapes).</summary>
        private static string RecordCall(UserCallExpr call) =>
            $"{Companion(call.AdjointMethod, "Record")}({string.Join(", ", call.Args.Select(a => ExprPrinter.Print(a.Value)))})";

        /// <summary>A companion named like the adjoint <paramref name="pullback"/> (<c>global::N.T.MPullback</c> or <c>…MGradient</c>): <c>global::N.T.M</c> + <paramref name="suffix"/>.</summary>
        private static string Companion(string pullback, string suffix) =>
            pullback.Substring(0, pullback.Length - (pullback.EndsWith("Pullback", System.StringComparison.Ordinal) ? "Pullback" : "Gradient").Length) + suffix;

        /// <summary>
        /// Declares a call site's scratch array with the method's locals, so that a call inside a loop rebuilds its buffer
        /// snapshot (or gets its adjoint vector) in the same array on every trip instead of allocating one. True once declared.
        /// </summary>
        internal bool HoistScratch(string name, ScalarKind element)
        {
            if (_hoistedArrays.Add(name))
            {
                string keyword = Recording.TapeRecording.Element(element);
                _hoisted.Add(new DeclareStmt(keyword + "[]", name, $"global::System.Array.Empty<{keyword}>()"));
            }

            return true;
        }

        /// <summary>
        /// Whether a buffer argument is the same in the reverse sweep as when the call read it: a parameter (in
        /// scope in both sweeps) that neither the callee nor this method writes.
        /// </summary>
        private bool Unchanging(CallArg arg, string buffer) => !arg.CalleeWrites && _parameters.ContainsKey(buffer) && !_writtenBuffers.Contains(buffer);

        /// <summary>
        /// A constant argument that is a local or parameter float, double or int array or writable span, with its element
        /// type; null otherwise. Its contents are recorded for the pullback (an index list the method changes after the
        /// call, as CppAD's det_by_minor changes and restores its row and column lists, is given back as the call saw it).
        /// </summary>
        internal static (string Name, ScalarKind Element, bool IsSpan)? HeldBuffer(CallArg arg)
        {
            // An int buffer is no buffer of the differentiation (its IR type is another type's), but it is held the same way.
            if (arg.Role != ArgRole.Constant || arg.Value is not ValueExpr { Tree: NameValue { Type.Kind: IrTypeKind.Buffer or IrTypeKind.Other } held })
            {
                return null;
            }

            string type = held.Type.Name;
            if (type.Contains("ReadOnlySpan"))
            {
                return null;
            }

            bool isSpan = !type.EndsWith("[]", System.StringComparison.Ordinal);
            return held.Type.Kind == IrTypeKind.Buffer && (type is "double[]" || type.EndsWith("Span<double>", System.StringComparison.Ordinal)) ? (held.Name, ScalarKind.Double, isSpan)
                : held.Type.Kind == IrTypeKind.Buffer && (type is "float[]" || type.EndsWith("Span<float>", System.StringComparison.Ordinal)) ? (held.Name, ScalarKind.Float, isSpan)
                : type is "int[]" || type.EndsWith("Span<int>", System.StringComparison.Ordinal) ? (held.Name, ScalarKind.Integer, isSpan)
                : null;
        }
    }
}
