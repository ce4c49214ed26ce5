using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Differentiate.Recording;
using Diff.Generator.Emit;
using Diff.Generator.Lowering;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// Phase 4: writes the adjoint of an analysed method as a forward sweep followed by a reverse
    /// sweep. Each active assignment computes its local partial derivatives in the forward sweep
    /// (statement-level preaccumulation) and keeps them in a local, or on a tape inside loops; the
    /// reverse sweep replays control flow backwards and accumulates adjoints with <c>+=</c>.
    /// Overwritten values are therefore never needed again, and straight-line code needs no tape.
    /// </summary>
    internal sealed partial class AdjointWriter
    {
        private readonly AnalysedMethod _analysed;
        private MethodModel _method;
        private readonly NameSource _names;
        private readonly HashSet<string> _active;
        private readonly HashSet<string> _stable;
        private readonly HashSet<string> _inverted;
        private readonly HashSet<string> _writtenBuffers;
        private readonly HashSet<string> _restored;

        /// <summary>Writes to restored arrays whose restore nothing reads (<see cref="Analyse.DeadRestoreAnalysis"/>): not recorded.</summary>
        private readonly HashSet<AssignStmt> _deadRestores;

        /// <summary>
        /// Statements that fill a restored array afresh on each trip from values that do not change
        /// (<see cref="Analyse.ReplayedWriteAnalysis"/>): the reverse sweep runs them again at the top of their block's
        /// reverse instead of recording what they overwrite.
        /// </summary>
        private readonly HashSet<Stmt> _replayedWriters;

        /// <summary>
        /// A kernel's shared-memory arrays: one phase writes them and only later phases read them (KernelTransform
        /// refuses any other use), so the reverse sweep reads their elements again instead of recording them.
        /// </summary>
        private readonly HashSet<string> _sharedArrays;
        private readonly HashSet<string> _stableOrInverted;
        private readonly List<SweepStmt> _hoisted = new();
        private readonly List<SweepStmt> _epilogue = new();
        private readonly Dictionary<string, string> _adjoints = new(System.StringComparer.Ordinal);
        private readonly Dictionary<string, ParamModel> _parameters;
        private readonly TapeRecording _recording;
        private readonly HashSet<string> _localArrays = new(System.StringComparer.Ordinal);

        /// <param name="recordValueCalls">
        /// Whether a value call with a differentiable buffer argument is recorded once through the callee's halves
        /// (<see cref="ValueCallsAsStatements"/>): for the adjoints, not for the adjoint the Hessian-vector transform
        /// reads, which differentiates such a call through the callee's gradient and Hessian-vector product.
        /// </param>
        private AdjointWriter(AnalysedMethod analysed, bool recordValueCalls = true)
        {
            _analysed = analysed;
            _method = analysed.Method;
            _recordsCalls = recordValueCalls;
            _names = new NameSource(_method.Identifiers
                .Concat(_method.Parameters.Select(p => SymbolFacts.AdjointName(p.Name)))
                .Concat(analysed.Flags));
            _recording = new TapeRecording(_names);
            _active = new HashSet<string>(analysed.Active, System.StringComparer.Ordinal);
            _stable = new HashSet<string>(analysed.Stable, System.StringComparer.Ordinal);
            _inverted = new HashSet<string>(analysed.Invertible, System.StringComparer.Ordinal);
            _writtenBuffers = new HashSet<string>(analysed.WrittenBuffers, System.StringComparer.Ordinal);
            _restored = new HashSet<string>(analysed.Restored, System.StringComparer.Ordinal);
            _sharedArrays = new HashSet<string>(_method.Body.Statements.OfType<ArrayDeclStmt>().Where(a => a.SharedMemory).Select(a => a.Name), System.StringComparer.Ordinal);
            _stableOrInverted = new HashSet<string>(_stable.Concat(_inverted), System.StringComparer.Ordinal);
            _parameters = _method.Parameters.ToDictionary(p => p.Name, System.StringComparer.Ordinal);
            _topLevelNames = new HashSet<string>(_method.Parameters.Select(p => p.Name), System.StringComparer.Ordinal);
            if (recordValueCalls && _method.Kernel is null)
            {
                Block body = new ValueCallsAsStatements(RecordableValueCall).Rewrite(_method.Body);
                _rewroteValueCalls = !body.Equals(_method.Body);
                _method = _method with { Body = body };
            }

            _deadRestores = Analyse.DeadRestoreAnalysis.Run(_method.Body, _restored);
            _replayedWriters = _method.RecomputesPartials || _method.Kernel is not null
                ? new HashSet<Stmt>()
                : Analyse.ReplayedWriteAnalysis.Run(_method.Body, _restored, _stable);
            foreach (Stmt writer in _replayedWriters)
            {
                // Replayed at the top of its block's reverse instead: the elements it overwrites are not recorded.
                MethodAnalyzer.Walk(new Block(new[] { writer }.ToEquatableArray()), stmt =>
                {
                    if (stmt is AssignStmt assign)
                    {
                        _deadRestores.Add(assign);
                    }
                });
            }

            FindUseful(_method.Body);
            _mayBeDropped = Analyse.DeadValueAnalysis.Run(_method.Body, _stable);
            _zeroSeededTemporaries = ZeroSeededTemporaries(_method.Body);
            _finalValues = _method.RecomputesPartials ? FinalValueAnalysis.Run(_method.Body, expressionWrites: true) : null;
            _topLevelScalars = RecomputeFacts.TopLevelScalars(_method, _method.Body);
            foreach (Stmt stmt in _method.Body.Statements)
            {
                if (stmt is InactiveStmt { Declares: true } declaration)
                {
                    _topLevelNames.UnionWith(declaration.Assigned);
                }
                else if (stmt is ArrayDeclStmt array)
                {
                    _topLevelNames.Add(array.Name);
                }
            }

            _recomputedLocals = FindRecomputedLocals();
        }

        private readonly HashSet<string> _topLevelNames;

        /// <summary>
        /// Whether calls are recorded once through the callees' halves: not in the adjoint the Hessian-vector transform
        /// reads, which differentiates a call of a pullback through the callee's <c>…Tangent</c> and
        /// <c>…PullbackHessianVector</c>.
        /// </summary>
        private readonly bool _recordsCalls;

        /// <summary>Whether the constructor rewrote value calls as statements (it does for the adjoints that record calls).</summary>
        private readonly bool _rewroteValueCalls;

        /// <summary>Whether writing the sweeps decided how a call is recorded, the one place <see cref="_recordsCalls"/> is read.</summary>
        private bool _askedHowCallsAreRecorded;

        /// <summary>
        /// Kernel mode (and <see cref="MethodModel.RecomputesPartials"/>): which locals hold their final value at each assignment. The reverse sweep
        /// computes partials over them, and math functions, again instead of recording them, since a GPU
        /// thread has no tape (on a GPU, computing again is also cheaper than a trip to memory).
        /// </summary>
        private readonly FinalValueAnalysis? _finalValues;

        /// <summary>The active assignment being written (for <see cref="_finalValues"/>).</summary>
        private AssignStmt? _currentAssignment;

        /// <summary>Whether the reverse sweep may read <paramref name="name"/> for the assignment being written.</summary>
        private bool IsReadableInReverse(string name) =>
            _stable.Contains(name)
            || (_finalValues is not null && _currentAssignment is not null && (_topLevelNames.Contains(name) || IsTopLevelAssigned(name)) && _finalValues.IsFinalAt(name, _currentAssignment))
            || IsRecomputedLocal(name);

        /// <summary>
        /// Whether a branch's condition reads only stable names, top-level scalar locals that already hold their
        /// final values (a scan's result, read by a later loop) and locals the reverse sweep declares again: the
        /// reverse sweep evaluates it again to the same choice. Not buffers: FinalValueAnalysis follows locals, not
        /// the elements a loop writes.
        /// </summary>
        private bool IsFinalCondition(IfStmt branch) => _finalValues is not null && IsRecomputable(branch.Condition, branch);

        /// <summary>
        /// The scalar parameters and the locals declared at the top of the body: where FinalValueAnalysis says one holds
        /// its final value, the reverse sweep reads that value.
        /// </summary>
        private readonly HashSet<string> _topLevelScalars;

        /// <summary>
        /// With the recompute policy: whether the reverse of <paramref name="at"/> (or of the statement being written,
        /// when null) can evaluate <paramref name="expr"/> again to the forward's value: it reads stable names, top-level
        /// scalars that hold their final value there, and locals the reverse sweep declares again. Without the policy,
        /// whether it is stable.
        /// </summary>
        private bool IsRecomputable(ValueExpr expr, Stmt? at)
        {
            if (IsStable(expr))
            {
                return true;
            }

            if (_finalValues is null || !expr.Pure)
            {
                return false;
            }

            Stmt? statement = at ?? _currentAssignment;
            return expr.Reads.All(name => _stable.Contains(name)
                || (statement is not null && _topLevelScalars.Contains(name) && _finalValues.IsFinalAt(name, statement))
                || IsRecomputedLocal(name)
                || (_stable.Contains(name + ".Length") && ValueTree.ReadsOnlyLength(expr.Tree, name)));
        }

        /// <summary>A local declared by an assignment at the top of the body: the reverse sweep runs in its scope.</summary>
        private bool IsTopLevelAssigned(string name)
        {
            foreach (Stmt stmt in _method.Body.Statements)
            {
                if (stmt is AssignStmt { Target: LocalTarget { DeclaredType: not null } local } && local.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Assignments whose value may be dropped before it is read (<see cref="Analyse.DeadValueAnalysis"/>): their partials are guarded.</summary>
        private readonly HashSet<AssignStmt> _mayBeDropped;

        /// <summary>The conditionals' temporaries whose adjoint comes from a statement that tests its own (see <see cref="ZeroSeededTemporaries"/>).</summary>
        private readonly HashSet<string> _zeroSeededTemporaries;

        /// <summary>
        /// The locals and local arrays whose values reach the result or a buffer parameter (whose final
        /// values the caller's adjoints seed). Anything else has a zero adjoint throughout, so it gets
        /// no reverse work: an infinite partial there (a value driven to infinity that is then dropped)
        /// cannot become 0 · ∞ = NaN.
        /// </summary>
        private readonly HashSet<string> _useful = new(System.StringComparer.Ordinal);

        private void FindUseful(Block body)
        {
            bool changed = true;
            while (changed)
            {
                changed = false;
                Analyse.MethodAnalyzer.Walk(body, stmt =>
                {
                    switch (stmt)
                    {
                        case AssignStmt { Target: ResultTarget } assign:
                            changed |= AddReads(assign.Value);
                            break;
                        case AssignStmt { Target: LocalTarget local } assign when _useful.Contains(local.Name):
                            changed |= AddReads(assign.Value);
                            break;
                        case AssignStmt { Target: ElemTarget element } assign when _useful.Contains(element.Array) || _parameters.ContainsKey(element.Array):
                            changed |= AddReads(assign.Value);
                            break;
                        case ReturnStmt { Value: { } value }:
                            changed |= AddReads(value);
                            break;
                        case CallStmt call when (call.Result is { } result && _useful.Contains(result.Name))
                                                || call.Call.Args.Any(a => a.BufferName is { } buffer && (_useful.Contains(buffer) || _parameters.ContainsKey(buffer))):
                            changed |= AddReads(call.Call);
                            break;
                    }
                });
            }
        }

        private bool AddReads(Expr expr)
        {
            bool added = false;
            foreach (Expr read in ExprTree.DescendantsAndSelf(expr))
            {
                switch (read)
                {
                    case VarExpr variable:
                        added |= _useful.Add(variable.Name);
                        break;
                    case ElemExpr element:
                        added |= _useful.Add(element.Array);
                        break;
                    case UserCallExpr call:
                        foreach (CallArg arg in call.Args)
                        {
                            if (arg.BufferName is not null)
                            {
                                added |= _useful.Add(arg.BufferName);
                            }
                        }

                        break;
                }
            }

            return added;
        }

        /// <summary>The adjoint method's body: hoisted locals, forward sweep, reverse sweep.</summary>
        /// <param name="seed">The result's adjoint: 1 for <c>MGradient</c>, the <c>dResult</c> parameter for a seeded pullback.</param>
        /// <param name="returnsValue">False to leave out the final <c>return __result;</c> (the body of a void <c>MReverse</c>).</param>
        public static CodeBuilder WriteBody(AdjointTransforms transforms, string seed = "1", bool returnsValue = true)
        {
            (ScalarAdjointMethod adjoint, TapeRecording recording, _) = transforms.Take(seed);

            // Called once per observation or per step, an adjoint takes its scratch and adjoint arrays from the
            // per-thread pool and gives them back, so that it allocates only what the method itself allocates.
            recording.PoolsScratch = true;
            recording.PoolsLocalArrays = true;
            return ScalarAdjointPrinter.Print(StackedAdjointArrays.Rewrite(adjoint), recording, returnsValue);
        }

        /// <summary>
        /// The body of <c>MPullbackLanes</c>, the pullback with every adjoint in lanes (<see cref="ReverseLanesTransform"/>),
        /// or why the method cannot have one.
        /// </summary>
        public static (CodeBuilder? Body, string? Failure) WriteLanesBody(AdjointTransforms transforms, string lanesType)
        {
            (ScalarAdjointMethod adjoint, TapeRecording recording, _) = transforms.Take("1");
            recording.PoolsScratch = true;
            (ScalarAdjointMethod? lanes, string? failure) = ReverseLanesTransform.Rewrite(adjoint, lanesType);
            return lanes is null ? (null, failure) : (ScalarAdjointPrinter.Print(lanes, recording), null);
        }

        /// <summary>
        /// The adjoint as IR seeded with 1, with the recording it uses and the names it took: every companion prints a copy
        /// of these (<see cref="AdjointTransforms"/>), and a transform of the adjoint (the tangent transform, for
        /// Hessian-vector products) draws fresh names from the same source.
        /// </summary>
        /// <param name="recordValueCalls">False for the adjoint the Hessian-vector transform reads.</param>
        internal static (ScalarAdjointMethod Method, TapeRecording Recording, NameSource Names) TransformOnce(AnalysedMethod analysed, bool recordValueCalls)
        {
            var writer = new AdjointWriter(analysed, recordValueCalls);
            return (writer.Transform("1"), writer._recording, writer._names);
        }

        /// <summary>
        /// The adjoint of <see cref="TransformOnce"/> that records calls and, from the same transform, the one that does not,
        /// when the two can only differ in the passes that run after the sweeps are written: the method holds no value call
        /// for the writer to rewrite, and writing its sweeps never asked how calls are recorded
        /// (<see cref="_askedHowCallsAreRecorded"/>), so the sweeps of the adjoint that does not record calls are the ones
        /// written so far. Otherwise that one is null, and is transformed on its own.
        /// </summary>
        internal static ((ScalarAdjointMethod Method, TapeRecording Recording, NameSource Names) RecordingCalls,
            (ScalarAdjointMethod Method, TapeRecording Recording, NameSource Names)? NotRecordingCalls) TransformBoth(AnalysedMethod analysed)
        {
            var writer = new AdjointWriter(analysed, recordValueCalls: true);
            if (analysed.Method.Kernel is not null)
            {
                return ((writer.Transform("1"), writer._recording, writer._names), null);
            }

            (List<SweepStmt> forward, List<SweepStmt> reverse) = writer.WriteSweeps();
            (ScalarAdjointMethod, TapeRecording, NameSource)? notRecordingCalls = null;
            if (!writer._rewroteValueCalls && !writer._askedHowCallsAreRecorded)
            {
                NameSource names = writer._names.Copy();
                notRecordingCalls = (writer.Assemble(forward, reverse, "1"), writer._recording.CopyWith(names), names);
            }

            (forward, reverse) = writer.RecordingCallsPasses(forward, reverse);
            return ((writer.Assemble(forward, reverse, "1"), writer._recording, writer._names), notRecordingCalls);
        }

        /// <summary>The adjoint of a method as IR, as <see cref="WriteBody"/> prints it (for tests and tools).</summary>
        public static ScalarAdjointMethod Adjoint(AnalysedMethod analysed, string seed = "1") => new AdjointWriter(analysed).Transform(seed);

        /// <summary>The reverse sweep of a method as IR.</summary>
        public static ScalarReverseMethod Reverse(AnalysedMethod analysed, string seed = "1") => Adjoint(analysed, seed).Reverse;

        /// <param name="seed">The result's adjoint: 1 for <c>MGradient</c>, the <c>dResult</c> parameter for a seeded pullback.</param>
        private ScalarAdjointMethod Transform(string seed)
        {
            (List<SweepStmt> forward, List<SweepStmt> reverse) = WriteSweeps();
            if (_recordsCalls && _method.Kernel is null)
            {
                (forward, reverse) = RecordingCallsPasses(forward, reverse);
            }

            return Assemble(forward, reverse, seed);
        }

        /// <summary>The forward and reverse sweeps of the body, before the passes that only the recording adjoints get.</summary>
        private (List<SweepStmt> Forward, List<SweepStmt> Reverse) WriteSweeps()
        {
            var forward = new List<SweepStmt>();
            List<SweepStmt> reverse = WriteBlock(_method.Body, forward, new Context(0, IsTop: true));
            return (SinCosSharing.Run(forward), reverse);
        }

        /// <summary>
        /// Increments of invariant elements through locals, and loop counters stepped on copies: not for the adjoint the
        /// Hessian-vector transform reads, nor for a kernel's (whose arrays may be shared). They read the sweeps, the
        /// hoisted declarations and the local arrays, and draw names; they change nothing else of the writer.
        /// </summary>
        private (List<SweepStmt> Forward, List<SweepStmt> Reverse) RecordingCallsPasses(List<SweepStmt> forward, List<SweepStmt> reverse)
        {
            var owned = _hoisted.OfType<DeclareStmt>()
                .Where(d => d.IsAdjoint && ScalarAdjointPrinter.IsMethodLevelArray(d))
                .ToDictionary(d => d.Name, d => d.Type.Substring(0, d.Type.Length - 2), System.StringComparer.Ordinal);
            reverse = InvariantAccumulation.Run(reverse, owned, _localArrays, _names);
            reverse = CounterLocalization.Run(reverse, _names);
            forward = InvariantAccumulation.RunForward(CounterLocalization.RunForward(forward, _names), _localArrays, _names);
            return (forward, reverse);
        }

        /// <summary>The adjoint method from its sweeps: the flags, the result and the hoisted declarations as its locals.</summary>
        private ScalarAdjointMethod Assemble(List<SweepStmt> forward, List<SweepStmt> reverse, string seed)
        {
            var locals = new List<SweepStmt>();
            foreach (string flag in _analysed.Flags)
            {
                locals.Add(new DeclareStmt("bool", flag, "false"));
            }

            if (_method.ReturnKind != ScalarKind.Void)
            {
                locals.Add(new DeclareStmt(SymbolFacts.Keyword(_method.ReturnKind), "__result", "default"));
            }

            locals.AddRange(_hoisted);
            return new ScalarAdjointMethod(
                locals.ToEquatableArray(),
                forward.ToEquatableArray(),
                new ScalarReverseMethod(_method.ReturnKind, seed, reverse.ToEquatableArray(), _epilogue.ToEquatableArray()));
        }

        /// <summary>
        /// Records a value in the recording, counting it for the reservation of the loops around it.
        /// The tape is taken into use now, so that the backend declares it before the sweeps.
        /// </summary>
        private void Push(List<SweepStmt> forward, ScalarKind kind, Term value)
        {
            _recording.Tape(kind);
            forward.Add(new RecordStmt(kind, value));
            CountPush(kind);
        }

        /// <summary>Records a whole buffer (after reserving room for it).</summary>
        private void PushAll(List<SweepStmt> forward, ScalarKind kind, string buffer, bool withoutTangent = false)
        {
            _recording.Tape(kind);
            forward.Add(new RecordBufferStmt(kind, buffer, _names.Fresh("k")) { WithoutTangent = withoutTangent });
            CountDynamicPushes();
        }

        /// <summary>
        /// Records a value for the reverse sweep: in a local when the statement runs at most once,
        /// on the tape inside loops. Returns the name that holds it in the reverse sweep; the pop
        /// that defines that name (if any) is added to the front of <paramref name="pops"/>.
        /// </summary>
        private string Save(ScalarKind kind, Term value, Context context, List<SweepStmt> forward, List<SweepStmt> pops)
        {
            if (context.LoopDepth > 0)
            {
                string handle = _names.Fresh("q");
                Push(forward, kind, value);
                pops.Insert(0, new PopStmt(handle, kind));
                return handle;
            }

            string slot = _names.Fresh("s");
            _hoisted.Add(new DeclareStmt(TapeRecording.Element(kind), slot, "default"));
            forward.Add(new RecordStmt(kind, value, slot));
            return slot;
        }

        /// <summary>
        /// Records an integral value of any width exactly (on the <c>long</c> tape inside loops) and
        /// returns the reverse-sweep code that reads it back in its own type.
        /// </summary>
        private string SaveIntegral(ValueExpr value, Context context, List<SweepStmt> forward, List<SweepStmt> pops)
        {
            if (context.LoopDepth == 0)
            {
                string slot = _names.Fresh("s");
                _hoisted.Add(new DeclareStmt(value.NaturalType, slot, "default"));
                forward.Add(new RecordStmt(ScalarKind.Other, new ValueTerm(value), slot));
                return slot;
            }

            string handle = _names.Fresh("q");
            Push(forward, ScalarKind.Other, new ValueTerm(new ValueExpr(new CastValue(value.Tree, IrType.Int64), ScalarKind.Other)));
            pops.Insert(0, new PopStmt(handle, ScalarKind.Other, value.NaturalType));
            return handle;
        }

        /// <summary>
        /// Records a boolean for the reverse sweep: in a local outside loops, as 1 or 0 on the integer tape inside them.
        /// Returns the code that reads it back.
        /// </summary>
        private string SaveBoolean(ValueExpr value, Context context, List<SweepStmt> forward, List<SweepStmt> pops)
        {
            if (context.LoopDepth == 0)
            {
                string slot = _names.Fresh("s");
                _hoisted.Add(new DeclareStmt("bool", slot, "false"));
                forward.Add(new RecordStmt(ScalarKind.Boolean, new ValueTerm(value), slot));
                return slot;
            }

            var asNumber = new ConditionalValue(value.Tree, new ConstantValue("1L", IrType.Int64, IsLiteral: true), new ConstantValue("0L", IrType.Int64, IsLiteral: true), IrType.Int64);
            return "(" + SaveIntegral(new ValueExpr(asNumber, ScalarKind.Integer), context, forward, pops) + " != 0)";
        }

        /// <summary>The adjoint of a scalar variable, a buffer, or the result; created on first use.</summary>
        private string AdjointOf(string name, ScalarKind kind)
        {
            if (_adjoints.TryGetValue(name, out string? adjoint))
            {
                return adjoint;
            }

            if (_parameters.TryGetValue(name, out ParamModel? parameter))
            {
                string contract = SymbolFacts.AdjointName(parameter.Name);
                if (parameter.Shape == ParamShape.Scalar)
                {
                    // Accumulate locally and add once at the end: the body may overwrite the parameter,
                    // and the caller's adjoint must only ever be added to.
                    adjoint = _names.Readable("adj_" + parameter.Name.TrimStart('@'));
                    _hoisted.Add(new DeclareStmt(SymbolFacts.Keyword(kind), adjoint, "0") { IsAdjoint = true });
                    if (parameter.Differentiable)
                    {
                        _epilogue.Add(new IncrementStmt(new AdjointRef(contract), new NameTerm(adjoint, kind)));
                    }
                }
                else if (parameter.Differentiable)
                {
                    adjoint = contract;
                }
                else
                {
                    // A [NoDiff] buffer that receives active values still needs an adjoint while the sweep runs.
                    adjoint = _names.Readable("adj_" + parameter.Name.TrimStart('@'));
                    _hoisted.Add(new DeclareStmt("var", adjoint, $"new {SymbolFacts.Keyword(parameter.Element)}[{parameter.Name}.Length]") { IsAdjoint = true });
                }
            }
            else
            {
                adjoint = _names.Readable("adj_" + name.TrimStart('@'));
                if (!_localArrays.Contains(name))
                {
                    _hoisted.Add(new DeclareStmt(SymbolFacts.Keyword(kind), adjoint, "0") { IsAdjoint = true });
                }
            }

            _adjoints[name] = adjoint;
            return adjoint;
        }

        /// <summary>
        /// Pushes counted per iteration of the loops being written, so that the outermost counted
        /// loop can reserve the whole tape before it starts (no growth inside the loop).
        /// </summary>
        private readonly Stack<LoopFrame> _frames = new();

        private sealed class LoopFrame
        {
            /// <summary>The pushes per iteration, by tape (<see cref="TapeRecording.KeyOf"/>).</summary>
            public Dictionary<ScalarKind, List<string>> Terms { get; } = new();

            /// <summary>Whether the nest's pushes cannot be counted just before its loop starts (an inner loop's bounds read a name the nest changes, a push of uncounted length).</summary>
            public bool Uncountable { get; set; }

            /// <summary>The names the bounds of the inner loops that push read, at any depth.</summary>
            public HashSet<string> BoundReads { get; } = new(System.StringComparer.Ordinal);

            public void Add(ScalarKind tape, string term)
            {
                if (!Terms.TryGetValue(tape, out List<string>? terms))
                {
                    Terms[tape] = terms = new List<string>();
                }

                terms.Add(term);
            }
        }

        /// <summary>
        /// The temporaries that lowering gave conditionals and switches (<c>__k1 = c ? a : b</c>) and whose value
        /// feeds, directly or through other such temporaries, a statement whose adjoint may be zero at run time:
        /// an update of a buffer parameter (a caller that does not want the buffer's final value passes a zero
        /// adjoint), the result (a caller that discards it seeds zero) or a value that may be dropped. Their
        /// adjoint is then zero too, and their own partials may be infinite where the buffer overflowed, so
        /// their assignments test their adjoint like the statement they feed.
        /// </summary>
        private HashSet<string> ZeroSeededTemporaries(Block body)
        {
            var pending = new Stack<AssignStmt>();
            var assignedTo = new Dictionary<string, List<AssignStmt>>(System.StringComparer.Ordinal);
            MethodAnalyzer.Walk(body, stmt =>
            {
                if (stmt is not AssignStmt assign)
                {
                    return;
                }

                if (MayBeSeededWithZero(assign))
                {
                    pending.Push(assign);
                }
                else if (assign.Target is LocalTarget { Name: var name } && IsConditionalTemporary(name))
                {
                    if (!assignedTo.TryGetValue(name, out List<AssignStmt>? assignments))
                    {
                        assignedTo[name] = assignments = new List<AssignStmt>();
                    }

                    assignments.Add(assign);
                }
            });
            var temporaries = new HashSet<string>(System.StringComparer.Ordinal);
            while (pending.Count > 0)
            {
                foreach (Expr read in ExprTree.DescendantsAndSelf(pending.Pop().Value))
                {
                    if (read is VarExpr { Name: var name } && assignedTo.TryGetValue(name, out List<AssignStmt>? feeding) && temporaries.Add(name))
                    {
                        feeding.ForEach(pending.Push);
                    }
                }
            }

            return temporaries;
        }

        /// <summary>
        /// Whether the reverse sweep may reach an assignment with a zero adjoint because of what a caller passes or
        /// what the method drops: the result, an element of a buffer parameter, or a value that may be dropped.
        /// </summary>
        private bool MayBeSeededWithZero(AssignStmt assign) =>
            assign.Target is ResultTarget
            || (assign.Target is ElemTarget { Array: var buffer } && _parameters.ContainsKey(buffer))
            || _mayBeDropped.Contains(assign);

        /// <summary>Whether a name is one that <c>ConditionalLowering</c> hands out (<c>__k</c> and a number).</summary>
        private static bool IsConditionalTemporary(string name) =>
            name.Length > 3 && name.StartsWith("__k", System.StringComparison.Ordinal) && name.Skip(3).All(char.IsDigit);

        private void CountPush(ScalarKind kind)
        {
            if (_frames.Count > 0)
            {
                _frames.Peek().Add(TapeRecording.KeyOf(kind), "1");
            }
        }

        private void CountDynamicPushes()
        {
            if (_frames.Count > 0)
            {
                _frames.Peek().Uncountable = true;
            }
        }

        private bool IsStable(ValueExpr expr) => StabilityAnalysis.IsStable(expr, _stable);

        /// <summary><c>buffer.Length</c>, as a value to record.</summary>
        private static Term LengthTerm(string buffer) => new ValueTerm(new ValueExpr(new LengthValue(buffer), ScalarKind.Integer));

        /// <summary>A recorded integer (an index or a length) as the reverse sweep reads it back.</summary>
        private static NameValue Recorded(string handle) => new(handle, IrType.Int32);

        /// <summary>
        /// An index the reverse sweep can evaluate again: over stable names and counters it runs backwards; with the
        /// recompute policy, also over top-level locals that hold their final value and locals it declares again.
        /// </summary>
        private bool IsRecomputableIndex(ValueExpr expr) =>
            StabilityAnalysis.IsStable(expr, _stableOrInverted) || (_finalValues is not null && _currentAssignment is not null && IsRecomputable(expr, _currentAssignment));

        private readonly record struct Context(int LoopDepth, bool IsTop)
        {
            public Context Nested() => this with { IsTop = false };

            public Context InLoop() => new(LoopDepth + 1, false);
        }
    }
}
