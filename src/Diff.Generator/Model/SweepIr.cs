namespace Diff.Generator.Model
{
    // What the reverse transform produces, as IR: the sweeps of an adjoint method. Differentiate/ builds
    // them: the tensor reverse transform for tensor methods (their `MReverse` half), AdjointWriter for
    // scalar methods (the forward sweep with its recordings, and the reverse sweep that reads them back).
    // The C# backends print them: TensorAdjointWriter with the value stack, Emit/ScalarAdjointPrinter
    // with the tapes; IrPrinter prints them for tests. Control flow replayed by a recorded choice is
    // shared; the leaves are each mode's.

    /// <summary>One step of a sweep; <see cref="LineOffset"/> maps it to the user's statement (-1: none).</summary>
    internal abstract record SweepStmt
    {
        public int LineOffset { get; init; } = -1;
    }

    /// <summary>Takes back the value a local had before the forward statement overwrote it.</summary>
    internal sealed record RestoreStmt(TensorLocal Local) : SweepStmt;

    /// <summary>Drops the adjoint of an active local that an assignment without a derivative overwrote.</summary>
    internal sealed record ClearAdjointStmt(string Local) : SweepStmt;

    /// <summary>
    /// The reverse of an active assignment <c>Target = value</c>: takes the target's adjoint, clears it,
    /// restores the target's old value (keeping the new one as the op's result when
    /// <paramref name="KeepsResult"/>), and passes the adjoint on as <paramref name="How"/> says (null:
    /// a value with no derivative, whose adjoint is dropped).
    /// </summary>
    internal sealed record PropagateStmt(TensorLocal Target, bool KeepsResult, Propagation? How) : SweepStmt;

    /// <summary>Where an assignment's adjoint goes.</summary>
    internal abstract record Propagation;

    /// <summary>To the local or parameter the value was copied from.</summary>
    internal sealed record ToSource(string Source) : Propagation;

    /// <summary>To a module parameter's gradient (<c>P.AccumulateGrad</c>).</summary>
    internal sealed record ToParameter(string ParameterCode) : Propagation;

    /// <summary>
    /// Through an op's registered backward, to the adjoints of its arguments. <paramref name="Curvature"/> is the op's
    /// curvature rule, which the Hessian-vector companions add to the tangent of the backward (see
    /// <see cref="TensorOpExpr"/>: empty for none needed, null for none registered).
    /// </summary>
    internal sealed record ThroughBackward(string Backward, EquatableArray<TensorArg> Args, string? Curvature = null) : Propagation;

    /// <summary>Through a callee's <c>…Reverse</c> half, which also takes back what it recorded (so it always runs).</summary>
    internal sealed record ThroughCallee(string Receiver, string Method, EquatableArray<TensorArg> Args) : Propagation;

    /// <summary>
    /// Replays a branch by the choice the forward sweep recorded: in the local <see cref="Slot"/> when
    /// the branch runs at most once, otherwise in the recording, read back by the backend's strategy.
    /// </summary>
    internal sealed record ReplayBranchStmt(EquatableArray<SweepStmt> Then, EquatableArray<SweepStmt> Else) : SweepStmt
    {
        /// <summary>The <c>bool</c> local that holds the choice; null when it was recorded.</summary>
        public string? Slot { get; init; }

        /// <summary>The branch's condition, evaluated again (its reads hold the same values in the reverse sweep); null when the choice was kept.</summary>
        public ValueExpr? Condition { get; init; }
    }

    /// <summary>
    /// Replays a loop as many times as the forward sweep recorded, at nesting <paramref name="Depth"/>;
    /// <paramref name="RestoreEachTrip"/> is a <c>foreach</c> variable taken back after each trip.
    /// </summary>
    internal sealed record ReplayLoopStmt(int Depth, EquatableArray<SweepStmt> Body, TensorLocal? RestoreEachTrip) : SweepStmt;

    /// <summary>
    /// A whole reverse sweep: take back every local (in the reverse order of <paramref name="Locals"/>),
    /// seed the result's adjoint with <c>dResult</c> when <paramref name="SeedsResult"/>, then run
    /// <paramref name="Body"/>.
    /// </summary>
    internal sealed record TensorReverseMethod(EquatableArray<TensorLocal> Locals, string ResultLocal, bool SeedsResult, EquatableArray<SweepStmt> Body);

    // ---- Scalar mode: the reverse sweep ------------------------------------------------------------
    // Names are the generated code's locals. Indices and lengths are typed values over what the reverse
    // sweep can read: stable names, buffer lengths, and recorded values read back into locals. `…Code`
    // fields are partial derivatives, rendered by the writer from the catalog's rules.

    /// <summary>A whole scalar reverse sweep: seed the result's adjoint (when there is a result), run <paramref name="Body"/>, then hand the locally accumulated parameter adjoints to the caller (<paramref name="Epilogue"/>).</summary>
    internal sealed record ScalarReverseMethod(ScalarKind ResultKind, string Seed, EquatableArray<SweepStmt> Body, EquatableArray<SweepStmt> Epilogue);

    /// <summary>An adjoint: a local, a parameter's adjoint, or an element of an adjoint buffer.</summary>
    internal sealed record AdjointRef(string Name, Value? Index = null);

    /// <summary>The statement's source, as a comment (both sweeps).</summary>
    internal sealed record CommentStmt(string Text) : SweepStmt;

    /// <summary>Reads back a recorded value into a local: <c>var Handle = (Cast)pop</c> from the recording of <paramref name="Kind"/>.</summary>
    internal sealed record PopStmt(string Handle, ScalarKind Kind, string? Cast = null) : SweepStmt;

    /// <summary>A stable integer local of a nested block, declared again at the top of its reverse, so that indices over it give the forward sweep's values.</summary>
    internal sealed record RecomputeStmt(InactiveStmt Declaration) : SweepStmt;

    /// <summary>A counter declared in the block starts the reverse from its recorded final value.</summary>
    internal sealed record ResumeCounterStmt(string Counter, string Recorded) : SweepStmt;

    /// <summary>A counter update run backwards (<c>i++</c> → <c>i--</c>; see Analyse/IntegerInversion).</summary>
    internal sealed record InvertCounterStmt(InactiveStmt Update, string Counter) : SweepStmt;

    /// <summary>A fresh, zeroed adjoint for a local array: where the array is declared, or at the top of each reverse iteration of the loop that declares it.</summary>
    internal sealed record AllocateAdjointStmt(string Adjoint, ScalarKind Element, Value Length) : SweepStmt
    {
        /// <summary>The adjoint's element type when it is not <see cref="Element"/>'s keyword: the lanes of a reverse sweep in lanes.</summary>
        public string? ElementType { get; init; }

        /// <summary>Whether the adjoint is a stack buffer of the array's fixed length, declared with the locals: allocating it is clearing it.</summary>
        public bool OnStack { get; init; }
    }

    /// <summary>Writes back the element an assignment overwrote, in an array the reverse sweep restores.</summary>
    internal sealed record RestoreElementStmt(string Array, Value Index, string Recorded) : SweepStmt;

    /// <summary>Takes an assignment's adjoint into <paramref name="Seed"/>, clearing it unless the value kept its old self with partial 1 (<c>s = s + …</c>).</summary>
    internal sealed record TakeAdjointStmt(string Seed, AdjointRef Adjoint, bool Clear) : SweepStmt;

    /// <summary><c>Target += Term</c>, converted to <paramref name="Cast"/> when the kinds mix.</summary>
    internal sealed record IncrementStmt(AdjointRef Target, Term Term, ScalarKind? Cast = null) : SweepStmt
    {
        /// <summary>
        /// In a reverse sweep in lanes, the seed when <see cref="Term"/> is the seed times <see cref="LanesScale"/>: printed as one
        /// fused multiply-add into the target's lanes.
        /// </summary>
        public string? LanesSeed { get; init; }

        /// <summary>The numbers the lanes of <see cref="LanesSeed"/> are scaled by.</summary>
        public Term? LanesScale { get; init; }
    }

    /// <summary>Runs <paramref name="Body"/> only when <paramref name="Seed"/> is not zero: a zero adjoint must not meet an infinite partial.</summary>
    internal sealed record UnlessZeroStmt(string Seed, EquatableArray<SweepStmt> Body) : SweepStmt;

    /// <summary>Adds a recorded vector partial, scaled by <paramref name="Factor"/>, into a buffer's adjoint, last element first.</summary>
    internal sealed record VectorIncrementStmt(string Adjoint, Value Length, string Index, Term Factor, ScalarKind Kind, ScalarKind? Cast = null) : SweepStmt;

    /// <summary>Rebuilds, in a scratch array, a buffer as it was before a call overwrote it, from its recorded snapshot.</summary>
    internal sealed record RebuildBufferStmt(string Scratch, ScalarKind Element, Value Length, string Index) : SweepStmt
    {
        /// <summary>Whether the scratch is a method-level local (declared with the others) that each rebuild reuses while the length stays.</summary>
        public bool Reuses { get; init; }

        /// <summary>
        /// A local declared after the rebuild as the scratch itself: a loop's own array, restored at the start of its
        /// iteration's reverse under the name its statements use; null for a call's snapshot.
        /// </summary>
        public string? Alias { get; init; }

        /// <summary>Whether the buffer is a constant of the differentiation (a callee's [NoDiff] buffer): it has no tangent to rebuild.</summary>
        public bool WithoutTangent { get; init; }

        /// <summary>
        /// Whether the callee is given a view of the scratch's first <see cref="Length"/> elements (the buffer was a span), so
        /// that a reused scratch only grows: a view whose length changes on every trip (<c>w.AsSpan(0, o)</c>) then takes no
        /// new array per trip.
        /// </summary>
        public bool Viewed { get; init; }
    }

    /// <summary>A zeroed local that a callee accumulates a scalar argument's partial into (both sweeps).</summary>
    internal sealed record DeclarePartialStmt(string Name, ScalarKind Kind) : SweepStmt;

    /// <summary>
    /// A callee's pullback, with the arguments as they were, then the adjoints; a value-returning call
    /// passes its result's adjoint <paramref name="ResultAdjoint"/> after the arguments and clears it.
    /// </summary>
    internal sealed record PullbackStmt(string Method, EquatableArray<string> Arguments, string? ResultAdjoint, EquatableArray<string> Adjoints) : SweepStmt
    {
        /// <summary>
        /// The callee's <c>…Reverse</c>, when its forward was recorded by its <c>…Record</c> (see
        /// <see cref="PrimalCallStmt.RecordCallCode"/>): it then takes the shared tapes after the adjoints, and the
        /// arguments hold what the call left in them. Null: <see cref="Method"/>, the pullback, runs the call again.
        /// </summary>
        public string? ReverseMethod { get; init; }

        /// <summary>
        /// What the Hessian-vector transform needs to call the callee's <c>…PullbackHessianVector</c>: each argument
        /// the callee differentiates, in parameter order (the adjoints' order); empty when not known.
        /// </summary>
        public EquatableArray<PullbackOperand> Operands { get; init; } = EquatableArray<PullbackOperand>.Empty;

        /// <summary>The callee's <c>…PullbackHessianVector</c>; empty when it has none (a registration, an older assembly).</summary>
        public string HessianVectorMethod { get; init; } = string.Empty;
    }

    /// <summary>
    /// An argument a callee's pullback differentiates: <paramref name="Argument"/> as the pullback gets it (a buffer, a
    /// rebuilt snapshot, or a recorded scalar), whether it is a buffer, its element kind, and whether it is a buffer
    /// this method does not differentiate (a field), whose direction is zero.
    /// </summary>
    internal sealed record PullbackOperand(string Argument, bool IsBuffer, ScalarKind Kind, bool Constant);

    /// <summary>A nested block of the user's, reversed in its own scope.</summary>
    internal sealed record ReverseBlockStmt(EquatableArray<SweepStmt> Body) : SweepStmt;

    /// <summary>A counted loop with stable bounds, run backwards over the same counter values: no trip count recorded.</summary>
    internal sealed record ReverseCountedLoopStmt(CountedLoop Loop, EquatableArray<SweepStmt> Body) : SweepStmt;

    /// <summary>
    /// Any other loop: in its own scope, <paramref name="Prologue"/> reads back the trip count and the
    /// counters, then <paramref name="Body"/> runs as many times as the forward sweep recorded (the
    /// step's reverse, then the body's), then <paramref name="Epilogue"/> reverses the initializer.
    /// </summary>
    internal sealed record ReplayTripsStmt(EquatableArray<SweepStmt> Prologue, string Index, string TripCount, EquatableArray<SweepStmt> Body, EquatableArray<SweepStmt> Epilogue) : SweepStmt;

    // ---- Scalar mode: the forward sweep -------------------------------------------------------------
    // The original computation, evaluated through temporaries where partials need them, and what it
    // records for the reverse sweep. How a value is recorded (a tape push, a local) is the backend's.
    // `…Code` fields are C# of the original computation, rendered by the writer from the method's IR.

    /// <summary>
    /// A whole scalar adjoint method: the locals declared before the sweeps (<paramref name="Locals"/>:
    /// flags, the result, adjoints, recording slots), the forward sweep, and the reverse sweep.
    /// </summary>
    internal sealed record ScalarAdjointMethod(EquatableArray<SweepStmt> Locals, EquatableArray<SweepStmt> Forward, ScalarReverseMethod Reverse);

    /// <summary>A local of the adjoint method, declared before the sweeps: <c>Type Name = Initializer;</c>.</summary>
    internal sealed record DeclareStmt(string Type, string Name, string Initializer) : SweepStmt
    {
        /// <summary>Whether the local is an adjoint (of a local, a local array or a scalar parameter), whose type a reverse sweep in lanes widens.</summary>
        public bool IsAdjoint { get; init; }
    }

    /// <summary>A statement that is never differentiated (integer code, host code), run as the user wrote it.</summary>
    internal sealed record RunInactiveStmt(InactiveStmt Statement) : SweepStmt;

    /// <summary>A local array of the user's: <c>T[] Name = new T[Length];</c>.</summary>
    internal sealed record DeclareArrayStmt(string Name, ScalarKind Element, Value Length) : SweepStmt
    {
        /// <summary>
        /// For an array no reference of which outlives the method, the method-level local that keeps its storage: where the
        /// recording pools local arrays, the array is that storage, zeroed, and goes back to the per-thread scratch arrays
        /// with the method's other pooled arrays.
        /// </summary>
        public string? Pool { get; init; }
    }

    /// <summary>
    /// An assignment of the original computation: to a local (declared when <paramref name="DeclaredType"/>
    /// is set), to <c>Array[Index]</c>, or to the result (<c>__result</c>).
    /// </summary>
    internal sealed record PrimalAssignStmt(string Target, string? DeclaredType, Term Value) : SweepStmt
    {
        /// <summary>The element's index, for an assignment to an array element.</summary>
        public string? IndexCode { get; init; }

        /// <summary>A kernel's <c>Atomic.Add(ref Target[IndexCode], Value)</c>: <see cref="Value"/> is the increment.</summary>
        public bool Atomic { get; init; }
    }

    /// <summary>A temporary that partials refer to: <c>var Name = Code;</c>.</summary>
    internal sealed record TempStmt(string Name, Term Value) : SweepStmt;

    /// <summary>A sine and a cosine from one call: <c>var (Sine, Cosine) = Owner.SinCos(Argument);</c>.</summary>
    internal sealed record SinCosStmt(string Sine, string Cosine, string Owner, Term Argument) : SweepStmt;

    /// <summary>An index the reverse sweep cannot recompute, evaluated once into an <c>int</c> local (narrowed from a wider type).</summary>
    internal sealed record IndexStmt(string Local, ValueExpr Index) : SweepStmt;

    /// <summary>A zeroed vector that a callee's gradient accumulates a buffer argument's partials into.</summary>
    internal sealed record AllocateVectorStmt(string Name, ScalarKind Element, string Buffer) : SweepStmt
    {
        /// <summary>Whether the vector is a method-level local (declared with the others) that each call clears and reuses while the length stays.</summary>
        public bool Reuses { get; init; }
    }

    /// <summary>A callee's gradient, evaluated once for its value and the partials: <c>var Temp = Method(arguments, partials);</c>.</summary>
    internal sealed record GradientCallStmt(string Temp, string Method, EquatableArray<string> Arguments) : SweepStmt
    {
        /// <summary>The arguments as the tangent transform needs them, one per argument, in order; empty when not known.</summary>
        public EquatableArray<CallOperand> Operands { get; init; } = EquatableArray<CallOperand>.Empty;

        /// <summary>The callee's generated <c>…HessianVector</c>; empty for a callee known only by a registration.</summary>
        public string HessianVectorMethod { get; init; } = string.Empty;

        /// <summary>The callee, as the user names it (for messages).</summary>
        public string Callee { get; init; } = string.Empty;

        /// <summary>The kind of the value the call returns.</summary>
        public ScalarKind ResultKind { get; init; }
    }

    /// <summary>
    /// One argument of a callee's gradient call: a differentiable scalar (its value, and the local its
    /// partial goes to), a buffer (the vector its partials go to), a constant buffer the callee differentiates
    /// (a scratch adjoint), or a constant.
    /// </summary>
    internal sealed record CallOperand(Term? Value, string? Partial, string? Buffer, ScalarKind Kind, bool ScratchAdjoint = false);

    /// <summary>A call as the original computation makes it, its result assigned when <paramref name="ResultDeclaration"/> is set (<c>double r = </c>).</summary>
    internal sealed record PrimalCallStmt(string? ResultDeclaration, string CallCode) : SweepStmt
    {
        /// <summary>
        /// The call of the callee's <c>…Record</c> (without the shared tapes, which the backend passes last) that
        /// the forward sweep makes instead of <see cref="CallCode"/>: it runs the call and records what the callee's
        /// <c>…Reverse</c> needs. Null for a plain call.
        /// </summary>
        public string? RecordCallCode { get; init; }

        /// <summary>The call, for the Hessian-vector transform, which makes it through the callee's <c>…Tangent</c>; null when not needed.</summary>
        public UserCallExpr? Call { get; init; }
    }

    /// <summary>
    /// Records a value of <paramref name="Kind"/> for the reverse sweep: in the local <paramref name="Slot"/>
    /// when the statement runs at most once, otherwise in the recording.
    /// </summary>
    internal sealed record RecordStmt(ScalarKind Kind, Term Value, string? Slot = null) : SweepStmt
    {
        /// <summary>
        /// Whether a <see cref="ReserveStmt"/> before the outermost loop around this record already made room for it,
        /// so that the push needs no capacity test.
        /// </summary>
        public bool Reserved { get; init; }
    }

    /// <summary>Records every element of a buffer (a call's snapshot or vector partial).</summary>
    internal sealed record RecordBufferStmt(ScalarKind Kind, string Buffer, string Index) : SweepStmt
    {
        /// <summary>Whether the buffer is a constant of the differentiation (a callee's [NoDiff] buffer): it has no tangent to record.</summary>
        public bool WithoutTangent { get; init; }
    }

    /// <summary>Makes room in the recording of <paramref name="Kind"/> for <paramref name="CountCode"/> more values, before a counted loop nest.</summary>
    internal sealed record ReserveStmt(ScalarKind Kind, string CountCode) : SweepStmt;

    /// <summary>Counts a trip of a loop the reverse sweep replays: <c>Counter++;</c>.</summary>
    internal sealed record CountTripStmt(string Counter) : SweepStmt;

    /// <summary>A block of the user's.</summary>
    internal sealed record ForwardBlockStmt(EquatableArray<SweepStmt> Body) : SweepStmt;

    /// <summary>A branch of the user's; the branch taken is recorded inside it when the reverse sweep replays it.</summary>
    internal sealed record ForwardIfStmt(ValueExpr Condition, EquatableArray<SweepStmt> Then, EquatableArray<SweepStmt> Else) : SweepStmt;

    /// <summary>A counted loop, as written: <c>for (Init; Condition; Step)</c>.</summary>
    internal sealed record ForwardForStmt(string InitCode, string ConditionCode, string StepCode, EquatableArray<SweepStmt> Body) : SweepStmt
    {
        /// <summary>
        /// While the sweeps are written: the reservations that would cover every push of this loop's nest if written just
        /// before it (its trips and its inner loops' are counted by then), for when the loops around it cannot reserve
        /// for it. Empty once the outermost loop has placed them (<c>AdjointWriter.PlaceReservations</c>).
        /// </summary>
        public EquatableArray<ReserveStmt> Reservation { get; init; } = EquatableArray<ReserveStmt>.Empty;
    }

    /// <summary>Any other loop, as a <c>while</c> or <c>do</c> loop; its body counts the trips when the reverse sweep replays them.</summary>
    internal sealed record ForwardWhileStmt(bool IsDo, string ConditionCode, EquatableArray<SweepStmt> Body) : SweepStmt;

    // ---- Scalar mode: the tangent (forward-mode) method -------------------------------------------------

    /// <summary>
    /// The body of <c>MTangent</c>: the original computation with every varied value's tangent computed
    /// beside it, in the forward sweep's steps (<see cref="PrimalAssignStmt"/> for a value and for its
    /// tangent, <see cref="TempStmt"/>, <see cref="ForwardIfStmt"/>, …). Nothing is recorded.
    /// </summary>
    internal sealed record ScalarTangentMethod(EquatableArray<SweepStmt> Body);
}
