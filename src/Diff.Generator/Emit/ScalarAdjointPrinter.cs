using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Differentiate.Recording;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// The C# backend of scalar mode: prints a <see cref="ScalarAdjointMethod"/> (both sweeps) with the
    /// host's recording strategy, <see cref="TapeRecording"/>, which says how a value is recorded and
    /// read back. A step mapped to a line of the user's maps every line it prints there.
    /// </summary>
    internal static class ScalarAdjointPrinter
    {
        /// <summary>The body of the adjoint method: its locals, the tapes, the forward sweep, the reverse sweep.</summary>
        public static CodeBuilder Print(ScalarAdjointMethod method, TapeRecording recording, bool returnsValue = true)
        {
            var body = new CodeBuilder();
            PrintAll(body, method.Locals, recording);
            string? callTape = null;
            if (RecordsCalls(method))
            {
                // Its callees' Record/Reverse halves share its tapes. If the gradient throws, the set is dropped,
                // not returned: a callee may have grown a tape without handing it back.
                callTape = recording.SharedName();
                body.Line($"var {callTape} = global::Diff.Internal.CallTape.Rent();");
                recording.Share(callTape);
            }

            recording.Open(body);
            bool guarded = recording.NeedsRelease;
            if (guarded)
            {
                body.Open("try");
            }

            body.Line("// Forward sweep: the original computation, recording what the reverse sweep needs.");
            PrintAll(body, method.Forward, recording);
            body.Line("// Reverse sweep: adjoints flow back from the result.");
            body.Append(Print(method.Reverse, recording));
            if (callTape is not null)
            {
                recording.Store(body);
                body.Line($"global::Diff.Internal.CallTape.Return({callTape});");
            }

            // On the normal path only, not in the finally block: a local read in a handler is kept in memory, not in a
            // register, for the whole method. An exception loses the arrays to the collector, which is harmless.
            ReturnPooledArrays(body, method, recording);

            if (method.Reverse.ResultKind != ScalarKind.Void && returnsValue)
            {
                body.Line("return __result;");
            }

            if (guarded)
            {
                body.Close();
                body.Open("finally");
                recording.Release(body);
                body.Close();
            }

            return body;
        }

        /// <summary>
        /// With <see cref="TapeRecording.PoolsScratch"/>, gives the method-level scratch and adjoint arrays (declared empty with
        /// the locals, taken from <c>Diff.Internal.ScratchArrays</c> when first needed) back for the next gradient on the thread.
        /// </summary>
        public static void ReturnPooledArrays(CodeBuilder code, ScalarAdjointMethod method, TapeRecording recording, System.Collections.Generic.ISet<string>? only = null)
        {
            if (!recording.PoolsScratch)
            {
                return;
            }

            foreach (DeclareStmt array in method.Locals.OfType<DeclareStmt>())
            {
                if (IsMethodLevelArray(array) && (only is null || only.Contains(array.Name)))
                {
                    code.Line($"global::Diff.Internal.ScratchArrays.Return({array.Name});");
                }
            }
        }

        /// <summary>
        /// Whether a local of the adjoint is a method-level array (a scratch or an adjoint array, declared empty and taken
        /// when first needed), which the method gives back to the pool and owns alone.
        /// </summary>
        internal static bool IsMethodLevelArray(DeclareStmt declare) =>
            declare.Type.EndsWith("[]", System.StringComparison.Ordinal) && declare.Initializer.StartsWith("global::System.Array.Empty", System.StringComparison.Ordinal);

        /// <summary>Whether the forward sweep records a callee once, through its Record half (then the tapes are shared).</summary>
        public static bool RecordsCalls(ScalarAdjointMethod method) => SweepBodies.All(method.Forward).Any(s => s is PrimalCallStmt { RecordCallCode: not null });

        /// <summary>
        /// A kernel's adjoint (both sweeps, no recording: <see cref="Differentiate.KernelTransform"/> has
        /// refused any) or, with <see cref="KernelStyle.SkipsRecords"/>, its forward sweep alone (the host twin).
        /// </summary>
        public static CodeBuilder PrintKernel(ScalarAdjointMethod method, KernelStyle kernel, bool forwardOnly)
        {
            var body = new CodeBuilder();
            var noRecording = new TapeRecording(new Lowering.NameSource(System.Array.Empty<string>()));
            PrintAll(body, method.Locals, noRecording, kernel);
            PrintAll(body, method.Forward, noRecording, kernel);
            if (!forwardOnly)
            {
                PrintAll(body, method.Reverse.Body, noRecording, kernel);
                PrintAll(body, method.Reverse.Epilogue, noRecording, kernel);
            }

            return body;
        }

        /// <summary>
        /// The thread's part of a grouped adjoint kernel: its locals, then (under <paramref name="guard"/>, for
        /// the threads inside the extent, when there is one) its forward and reverse sweeps; without the epilogue,
        /// whose scalar adjoints the caller reduces over the group.
        /// </summary>
        public static CodeBuilder PrintGroupedKernel(ScalarAdjointMethod method, KernelStyle kernel, string? prologue, string? guard)
        {
            var body = new CodeBuilder();
            PrintAll(body, method.Locals, NoRecording, kernel);
            if (guard is not null)
            {
                body.Open($"if ({guard})");
            }

            if (prologue is not null)
            {
                body.Line(prologue);
            }

            PrintAll(body, method.Forward, NoRecording, kernel);
            PrintAll(body, method.Reverse.Body, NoRecording, kernel);
            if (guard is not null)
            {
                body.Close();
            }

            return body;
        }

        /// <summary>Some steps of a host method, printed with its recording.</summary>
        public static void PrintSteps(CodeBuilder code, EquatableArray<SweepStmt> steps, TapeRecording recording) => PrintAll(code, steps, recording);

        /// <summary>Some steps of a kernel, printed in its style.</summary>
        public static CodeBuilder PrintSteps(EquatableArray<SweepStmt> steps, KernelStyle kernel)
        {
            var body = new CodeBuilder();
            PrintAll(body, steps, NoRecording, kernel);
            return body;
        }

        private static TapeRecording NoRecording => new(new Lowering.NameSource(System.Array.Empty<string>()));

        /// <summary>A neighbour's replay for a stencil's gather: its locals, its forward without writes, its reverse without the epilogue.</summary>
        public static CodeBuilder PrintReplay(ScalarAdjointMethod method, KernelStyle kernel)
        {
            var body = new CodeBuilder();
            PrintAll(body, method.Locals, NoRecording, kernel);
            PrintAll(body, method.Forward, NoRecording, kernel);
            PrintAll(body, method.Reverse.Body, NoRecording, kernel);
            return body;
        }

        /// <summary>A kernel's tangent (forward mode): the steps, printed in the kernel subset.</summary>
        public static CodeBuilder PrintKernel(ScalarTangentMethod method, KernelStyle kernel)
        {
            var body = new CodeBuilder();
            PrintAll(body, method.Body, NoRecording, kernel);
            return body;
        }

        /// <summary>The body of a tangent method: its steps, then the result.</summary>
        public static CodeBuilder Print(ScalarTangentMethod method, ScalarKind resultKind)
        {
            var body = new CodeBuilder();
            var noRecording = new TapeRecording(new Lowering.NameSource(System.Array.Empty<string>()));
            PrintAll(body, method.Body, noRecording);
            if (resultKind != ScalarKind.Void)
            {
                body.Line("return __result;");
            }

            return body;
        }

        /// <summary>The reverse sweep: the result's adjoint seeded, the steps, the parameters' adjoints handed over.</summary>
        public static CodeBuilder Print(ScalarReverseMethod method, TapeRecording recording)
        {
            var code = new CodeBuilder();
            if (method.ResultKind != ScalarKind.Void)
            {
                code.Line($"{SymbolFacts.Keyword(method.ResultKind)} __dReturn = {method.Seed};");
            }

            PrintAll(code, method.Body, recording);
            PrintAll(code, method.Epilogue, recording);
            return code;
        }

        private static void PrintAll(CodeBuilder code, EquatableArray<SweepStmt> statements, TapeRecording recording, KernelStyle? kernel = null)
        {
            foreach (SweepStmt statement in statements)
            {
                if (kernel is { SkipsRecords: true } && statement is RecordStmt or ReserveStmt or RecordBufferStmt or CountTripStmt)
                {
                    continue;
                }

                // Printed in place, and the lines it added mapped afterwards: a builder of its own per statement
                // would copy every line once more per level of nesting.
                int start = code.Count;
                Print(code, statement, recording, kernel);
                if (statement.LineOffset >= 0)
                {
                    code.MapLines(start, LineDirectives.For(statement.LineOffset));
                }
            }
        }

        private static void Print(CodeBuilder code, SweepStmt statement, TapeRecording recording, KernelStyle? kernel)
        {
            switch (statement)
            {
                case CommentStmt comment:
                    code.Line("// " + comment.Text);
                    break;
                case PopStmt pop:
                    code.Line(pop.Cast is null ? $"var {pop.Handle} = {recording.Pop(pop.Kind)};" : $"var {pop.Handle} = ({pop.Cast}){recording.Pop(pop.Kind)};");
                    break;
                case RecomputeStmt recompute:
                    code.Line(recompute.Declaration.Code);
                    break;
                case ResumeCounterStmt resume:
                    code.Line($"int {resume.Counter} = {resume.Recorded};");
                    break;
                case InvertCounterStmt invert:
                    code.Line(IntegerInversion.Inverse(invert.Update, invert.Counter) ?? "// not invertible");
                    break;
                case AllocateAdjointStmt allocate when kernel?.SharedAdjointOf(allocate.Adjoint) is { } shared:
                    AllocateSharedAdjoint(code, shared);
                    break;
                case AllocateAdjointStmt { OnStack: true } allocate:
                    // The stack buffer has the array's fixed length; it may hold the last run's adjoints (or, under
                    // SkipLocalsInit, anything).
                    code.Line($"{allocate.Adjoint}.Clear();");
                    break;
                case AllocateAdjointStmt allocate:
                {
                    // Once, not once per reverse trip of the loop that declares the array: the storage is reused,
                    // cleared, while the length stays the same; pooled, an outgrown one goes back for the next length.
                    string length = ValuePrinter.Print(allocate.Length);
                    string element = allocate.ElementType ?? SymbolFacts.Keyword(allocate.Element);
                    code.Line(recording.PoolsScratch
                        ? $"global::Diff.Internal.ScratchArrays.Zeroed(ref {allocate.Adjoint}, {length});"
                        : $"if ({allocate.Adjoint}.Length == {length}) global::System.Array.Clear({allocate.Adjoint}); else {allocate.Adjoint} = new {element}[{length}];");
                    break;
                }
                case RestoreElementStmt restore:
                    code.Line($"{restore.Array}[{ValuePrinter.Print(restore.Index)}] = {restore.Recorded};");
                    break;
                case TakeAdjointStmt { Adjoint.Index: { } at } take when kernel?.SharedAdjointOf(take.Adjoint.Name) is { } shared:
                {
                    // The element's adjoint is spread over the copies that the readers added into.
                    string index = ValuePrinter.Print(at);
                    code.Line($"var {take.Seed} = {(shared.Copies.Count == 0 ? "0" : string.Join(" + ", shared.Copies.Select(c => $"{c.Name}[{index}]")))};");
                    foreach (Differentiate.SharedAdjointCopy copy in take.Clear ? shared.Copies : EquatableArray<Differentiate.SharedAdjointCopy>.Empty)
                    {
                        code.Line($"{copy.Name}[{index}] = 0;");
                    }

                    break;
                }

                case TakeAdjointStmt take:
                {
                    string adjoint = kernel is null ? Adjoint(take.Adjoint) : kernel.Element(take.Adjoint);
                    code.Line($"var {take.Seed} = {adjoint};");

                    // A neighbour's replay only reads the views' adjoints: their owner clears them.
                    if (take.Clear && !(kernel?.Replay is not null && take.Adjoint.Index is not null))
                    {
                        code.Line($"{adjoint} = 0;");
                    }

                    break;
                }
                case IncrementStmt increment when kernel is not null:
                {
                    string term = Converted(TermPrinter.Print(increment.Term), increment.Cast);
                    switch (kernel.Classify(increment.Target))
                    {
                        case IncrementPrint.Atomic:
                            code.Line($"global::ILGPU.Atomic.Add(ref {kernel.Element(increment.Target)}, {term});");
                            break;
                        case IncrementPrint.Plain:
                            code.Line($"{kernel.Element(increment.Target)} += {term};");
                            break;
                        case IncrementPrint.Accumulate:
                            code.Line($"{kernel.Replay!.Accumulator} += {term};");
                            break;
                    }

                    break;
                }
                case IncrementStmt { LanesSeed: { } seed, LanesScale: { } scale } increment:
                    code.Line($"{SourceEmitter.LanesType}.AddScaled(ref {Adjoint(increment.Target)}, {seed}, {TermPrinter.Print(scale)});");
                    break;
                case IncrementStmt increment:
                    code.Line($"{Adjoint(increment.Target)} += {Converted(TermPrinter.Print(increment.Term), increment.Cast)};");
                    break;
                case UnlessZeroStmt guard:
                    Nested(code, $"if ({guard.Seed} != 0)", guard.Body, recording, kernel);
                    break;
                case VectorIncrementStmt vector:
                {
                    string k = vector.Index;
                    code.Open($"for (int {k} = {ValuePrinter.Print(vector.Length)} - 1; {k} >= 0; {k}--)");
                    code.Line($"{vector.Adjoint}[{k}] += {Converted($"{TermPrinter.PrintFactor(vector.Factor)} * {recording.Pop(vector.Kind)}", vector.Cast)};");
                    code.Close();
                    break;
                }

                case RebuildBufferStmt rebuild:
                {
                    string k = rebuild.Index;
                    string length = ValuePrinter.Print(rebuild.Length);
                    string element = TapeRecording.Element(rebuild.Element);
                    if (rebuild is { Reuses: true, Viewed: true })
                    {
                        // The callee sees the first `length` elements: the scratch grows (at least doubling, the outgrown one
                        // given back) and is otherwise kept, whatever the length of each trip's view.
                        string grown = $"global::System.Math.Max({length}, 2 * {rebuild.Scratch}.Length)";
                        code.Line(recording.PoolsScratch
                            ? $"if ({rebuild.Scratch}.Length < {length}) {{ global::Diff.Internal.ScratchArrays.Return({rebuild.Scratch}); {rebuild.Scratch} = global::Diff.Internal.ScratchArrays.RentAtLeast<{element}>({grown}); }}"
                            : $"if ({rebuild.Scratch}.Length < {length}) {rebuild.Scratch} = new {element}[{grown}];");
                        code.Line($"for (int {k} = {length} - 1; {k} >= 0; {k}--) {rebuild.Scratch}[{k}] = {recording.Pop(rebuild.Element)};");
                    }
                    else
                    {
                        code.Line(!rebuild.Reuses ? $"var {rebuild.Scratch} = new {element}[{length}];"
                            : recording.PoolsScratch ? $"if ({rebuild.Scratch}.Length != {length}) {{ global::Diff.Internal.ScratchArrays.Return({rebuild.Scratch}); {rebuild.Scratch} = global::Diff.Internal.ScratchArrays.Rent<{element}>({length}); }}"
                            : $"if ({rebuild.Scratch}.Length != {length}) {rebuild.Scratch} = new {element}[{length}];");
                        code.Line($"for (int {k} = {rebuild.Scratch}.Length - 1; {k} >= 0; {k}--) {rebuild.Scratch}[{k}] = {recording.Pop(rebuild.Element)};");
                    }

                    if (rebuild.Alias is not null)
                    {
                        code.Line($"var {rebuild.Alias} = {rebuild.Scratch};");
                    }

                    break;
                }

                case DeclarePartialStmt partial:
                    code.Line($"{SymbolFacts.Keyword(partial.Kind)} {partial.Name} = 0;");
                    break;
                case PullbackStmt pullback:
                {
                    var arguments = pullback.Arguments.AsEnumerable();
                    if (pullback.ResultAdjoint is not null)
                    {
                        arguments = arguments.Concat(new[] { pullback.ResultAdjoint });
                    }

                    if (pullback.ReverseMethod is not null)
                    {
                        // The callee's recording is on top of the shared tapes: hand them over, take them back.
                        recording.Store(code);
                        code.Line($"{pullback.ReverseMethod}({string.Join(", ", arguments.Concat(pullback.Adjoints).Concat(new[] { recording.Shared! }))});");
                        recording.Load(code);
                    }
                    else
                    {
                        code.Line($"{pullback.Method}({string.Join(", ", arguments.Concat(pullback.Adjoints))});");
                    }

                    if (pullback.ResultAdjoint is not null)
                    {
                        code.Line($"{pullback.ResultAdjoint} = 0;");
                    }

                    break;
                }

                case ReverseBlockStmt block:
                    Nested(code, null, block.Body, recording, kernel);
                    break;
                case ReverseCountedLoopStmt loop:
                    Nested(code, ReverseHeader(loop.Loop), loop.Body, recording, kernel);
                    break;
                case ReplayTripsStmt trips:
                {
                    string k = trips.Index;
                    code.Begin();
                    PrintAll(code, trips.Prologue, recording, kernel);
                    Nested(code, $"for (int {k} = {trips.TripCount}; {k} > 0; {k}--)", trips.Body, recording, kernel);
                    PrintAll(code, trips.Epilogue, recording, kernel);
                    code.Close();
                    break;
                }

                case ReplayBranchStmt branch:
                    Branch(code, branch.Condition is { } again ? $"if ({again.Code})" : branch.Slot is null ? $"if ({recording.Pop(ScalarKind.Integer)} != 0)" : $"if ({branch.Slot})", branch.Then, branch.Else, recording, kernel);
                    break;
                case DeclareStmt declare when kernel?.SharedAdjointOf(declare.Name) is not null:
                    // A shared array's adjoint lives in shared memory, allocated where the array is.
                    break;
                case DeclareStmt declare:
                    code.Line($"{declare.Type} {declare.Name} = {declare.Initializer};");
                    break;
                case RunInactiveStmt inactive:
                    code.Line(inactive.Statement.Code);
                    break;
                case DeclareArrayStmt array when kernel?.SharedArrayOf(array.Name, array.Length) is { } shared:
                    code.Line($"var {array.Name} = global::ILGPU.SharedMemory.Allocate<{SymbolFacts.Keyword(array.Element)}>({shared.Length});");
                    break;
                case DeclareArrayStmt { Pool: { } pool } array when recording.PoolsLocalArrays:
                {
                    string keyword = SymbolFacts.Keyword(array.Element);
                    code.Line($"{keyword}[] {array.Name} = global::Diff.Internal.ScratchArrays.Zeroed(ref {pool}, {ValuePrinter.Print(array.Length)});");
                    break;
                }

                case DeclareArrayStmt array:
                {
                    string keyword = SymbolFacts.Keyword(array.Element);
                    code.Line($"{keyword}[] {array.Name} = new {keyword}[{ValuePrinter.Print(array.Length)}];");
                    break;
                }

                case PrimalAssignStmt { IndexCode: not null } when kernel?.Replay is not null:
                    // A neighbour's replay writes nothing: the element is its owner's.
                    break;
                case PrimalAssignStmt { Atomic: true } atomic:
                    code.Line($"global::ILGPU.Atomic.Add(ref {atomic.Target}[{atomic.IndexCode}], {TermPrinter.Print(atomic.Value)});");
                    break;
                case PrimalAssignStmt assign:
                    code.Line((assign.DeclaredType is null ? string.Empty : assign.DeclaredType + " ") + assign.Target
                              + (assign.IndexCode is null ? string.Empty : "[" + assign.IndexCode + "]") + " = " + TermPrinter.Print(assign.Value) + ";");
                    break;
                case TempStmt temp:
                    code.Line($"var {temp.Name} = {TermPrinter.Print(temp.Value)};");
                    break;
                case SinCosStmt sinCos when kernel is not null:
                    // ILGPU has no SinCos.
                    code.Line($"var {sinCos.Sine} = global::{sinCos.Owner}.Sin({TermPrinter.Print(sinCos.Argument)});");
                    code.Line($"var {sinCos.Cosine} = global::{sinCos.Owner}.Cos({TermPrinter.Print(sinCos.Argument)});");
                    break;
                case SinCosStmt sinCos:
                    code.Line($"var ({sinCos.Sine}, {sinCos.Cosine}) = global::{sinCos.Owner}.SinCos({TermPrinter.Print(sinCos.Argument)});");
                    break;
                case IndexStmt index:
                    // Every valid index fits in an int; a long or ulong index is narrowed so that it fits the tape.
                    code.Line(index.Index.NaturalType is "int" or "" ? $"int {index.Local} = {index.Index.Code};" : $"int {index.Local} = (int)({index.Index.Code});");
                    break;
                case AllocateVectorStmt { Reuses: true } vector:
                    // The callee's gradient adds into it: cleared, and reallocated only when the length changes.
                    code.Line($"if ({vector.Name}.Length == {vector.Buffer}.Length) global::System.Array.Clear({vector.Name}); else {vector.Name} = {NewArray(recording, SymbolFacts.Keyword(vector.Element), vector.Buffer + ".Length")};");
                    break;
                case AllocateVectorStmt vector:
                    code.Line($"var {vector.Name} = new {SymbolFacts.Keyword(vector.Element)}[{vector.Buffer}.Length];");
                    break;
                case GradientCallStmt call:
                    code.Line($"var {call.Temp} = {call.Method}({string.Join(", ", call.Arguments)});");
                    break;
                case PrimalCallStmt { RecordCallCode: { } record } call:
                {
                    string withTape = record.Substring(0, record.Length - 1) + (record.EndsWith("()", System.StringComparison.Ordinal) ? string.Empty : ", ") + recording.Shared + ")";
                    recording.Store(code);
                    code.Line(call.ResultDeclaration is null ? withTape + ";" : $"{call.ResultDeclaration} = {withTape};");
                    recording.Load(code);
                    break;
                }

                case PrimalCallStmt call:
                    code.Line(call.ResultDeclaration is null ? call.CallCode + ";" : $"{call.ResultDeclaration} = {call.CallCode};");
                    break;
                case RecordStmt record when record.Slot is not null:
                    code.Line($"{record.Slot} = {TermPrinter.Print(record.Value)};");
                    break;
                case RecordStmt { Reserved: true } record:
                    code.Line(recording.PushReserved(record.Kind, TermPrinter.Print(record.Value)));
                    break;
                case RecordStmt record:
                    recording.Push(code, record.Kind, TermPrinter.Print(record.Value));
                    break;
                case RecordBufferStmt buffer:
                    recording.PushAll(code, buffer.Kind, buffer.Buffer, buffer.Index);
                    break;
                case ReserveStmt reserve:
                    code.Line(recording.Reserve(reserve.Kind, reserve.CountCode));
                    break;
                case CountTripStmt trip:
                    code.Line($"{trip.Counter}++;");
                    break;
                case ForwardBlockStmt block:
                    Nested(code, null, block.Body, recording, kernel);
                    break;
                case ForwardIfStmt branch:
                    Branch(code, $"if ({branch.Condition.Code})", branch.Then, branch.Else, recording, kernel);
                    break;
                case ForwardForStmt loop:
                    Nested(code, $"for ({loop.InitCode}; {loop.ConditionCode}; {loop.StepCode})", loop.Body, recording, kernel);
                    break;
                case ForwardWhileStmt loop:
                    code.Open(loop.IsDo ? "do" : $"while ({loop.ConditionCode})");
                    PrintAll(code, loop.Body, recording, kernel);
                    code.Close(loop.IsDo ? $"}} while ({loop.ConditionCode});" : "}");
                    break;
                default:
                    // Tensor-mode steps never reach a scalar sweep; a new kind of step must be printed here.
                    code.Line("#error DiffGen: no C# for reverse step " + statement.GetType().Name);
                    break;
            }
        }

        /// <summary>A block, under <paramref name="header"/> when there is one.</summary>
        /// <summary>
        /// A shared array's adjoint: one copy per index its readers add at, in shared memory, zeroed by the group's
        /// threads together (each its share of the elements); then the group waits, so that no thread adds into an
        /// element before it is zeroed.
        /// </summary>
        private static void AllocateSharedAdjoint(CodeBuilder code, Differentiate.SharedArrayPlan shared)
        {
            string keyword = SymbolFacts.Keyword(shared.Element);
            foreach (Differentiate.SharedAdjointCopy copy in shared.Copies)
            {
                code.Line($"var {copy.Name} = global::ILGPU.SharedMemory.Allocate<{keyword}>({shared.Length});");
            }

            if (shared.Copies.Count == 0)
            {
                return;
            }

            string k = shared.Copies[0].Name + "_k";
            code.Open($"for (int {k} = global::ILGPU.Group.IdxX; {k} < {shared.Length}; {k} += global::ILGPU.Group.DimX)");
            foreach (Differentiate.SharedAdjointCopy copy in shared.Copies)
            {
                code.Line($"{copy.Name}[{k}] = 0;");
            }

            code.Close();
            code.Line("global::ILGPU.Group.Barrier();");
        }

        private static void Nested(CodeBuilder code, string? header, EquatableArray<SweepStmt> body, TapeRecording recording, KernelStyle? kernel)
        {
            if (header is null)
            {
                code.Begin();
            }
            else
            {
                code.Open(header);
            }

            PrintAll(code, body, recording, kernel);
            code.Close();
        }

        /// <summary><c>if</c>, with an <c>else</c> only when that branch has steps.</summary>
        private static void Branch(CodeBuilder code, string header, EquatableArray<SweepStmt> then, EquatableArray<SweepStmt> otherwise, TapeRecording recording, KernelStyle? kernel)
        {
            Nested(code, header, then, recording, kernel);
            if (otherwise.Count > 0)
            {
                Nested(code, "else", otherwise, recording, kernel);
            }
        }

        /// <summary>
        /// A zeroed array for a method-level scratch or adjoint array: new, or, where the recording pools scratch (the
        /// gradients and the Record/Reverse halves, which run once per call of their callers), from the per-thread scratch
        /// arrays that the end of the reverse sweep gives back.
        /// </summary>
        /// <remarks>
        /// Short arrays come from the pool too, although the allocator hands one out about as fast as the pool does: a
        /// gradient called once per observation should allocate nothing in steady state, whatever its dimensions.
        /// </remarks>
        private static string NewArray(TapeRecording recording, string element, string length) => recording.PoolsScratch
            ? $"global::Diff.Internal.ScratchArrays.Rent<{element}>({length})"
            : $"new {element}[{length}]";

        private static string Adjoint(AdjointRef adjoint) => adjoint.Index is null ? adjoint.Name : $"{adjoint.Name}[{ValuePrinter.Print(adjoint.Index)}]";

        private static string Converted(string term, ScalarKind? cast) => cast is { } kind ? $"({SymbolFacts.Keyword(kind)})({term})" : term;

        /// <summary>The header of a counted loop run backwards over the values its counter took.</summary>
        private static string ReverseHeader(CountedLoop loop)
        {
            if (loop.Step is { } step)
            {
                // The last value the forward loop took is From ± (trips − 1)·Step; with no trips it is one step
                // outside the bounds, so the reverse loop does not run.
                string trips = $"(({Differentiate.AdjointWriter.UnitTripCount(loop)}) + ({step.Code}) - 1) / ({step.Code})";
                string start = $"({loop.VarType})(({loop.From.Code}) {(loop.Ascending ? "+" : "-")} ({trips} - 1) * ({step.Code}))";
                return loop.Ascending
                    ? $"for ({loop.VarType} {loop.Var} = {start}; {loop.Var} >= ({loop.From.Code}); {loop.Var} -= ({step.Code}))"
                    : $"for ({loop.VarType} {loop.Var} = {start}; {loop.Var} <= ({loop.From.Code}); {loop.Var} += ({step.Code}))";
            }

            // The counter keeps its declared type; bounds of another integral type are converted to it,
            // as the forward comparison does for every value the counter takes.
            string type = loop.VarType;
            string from = Convert(loop.From, "(" + loop.From.Code + ")");
            string to = "(" + loop.To.Code + ")";
            if (loop.Ascending)
            {
                string last = Convert(loop.To, loop.Inclusive ? to : to + " - 1");
                return $"for ({type} {loop.Var} = {last}; {loop.Var} >= {from}; {loop.Var}--)";
            }

            string first = Convert(loop.To, loop.Inclusive ? to : to + " + 1");
            return $"for ({type} {loop.Var} = {first}; {loop.Var} <= {from}; {loop.Var}++)";

            string Convert(ValueExpr bound, string code) => bound.NaturalType == type ? code : $"({type})({code})";
        }
    }
}
