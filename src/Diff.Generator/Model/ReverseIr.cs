namespace Diff.Generator.Model
{
    // The reverse sweep of a method as IR, for both modes. Differentiate/ builds it: the tensor reverse
    // transform for tensor methods (their `MReverse` half), AdjointWriter for scalar methods (alongside
    // the forward sweep, whose recordings it reads back). The C# backends print it: TensorAdjointWriter
    // with the value stack, Emit/ScalarReversePrinter with the tapes; IrPrinter prints it for tests.
    // Control flow (branches replayed by their recorded choice) is shared; the leaves are each mode's.

    /// <summary>One step of a reverse sweep; <see cref="LineOffset"/> maps it to the user's statement (-1: none).</summary>
    internal abstract record ReverseStmt
    {
        public int LineOffset { get; init; } = -1;
    }

    /// <summary>Takes back the value a local had before the forward statement overwrote it.</summary>
    internal sealed record RestoreStmt(TensorLocal Local) : ReverseStmt;

    /// <summary>Drops the adjoint of an active local that an assignment without a derivative overwrote.</summary>
    internal sealed record ClearAdjointStmt(string Local) : ReverseStmt;

    /// <summary>
    /// The reverse of an active assignment <c>Target = value</c>: takes the target's adjoint, clears it,
    /// restores the target's old value (keeping the new one as the op's result when
    /// <paramref name="KeepsResult"/>), and passes the adjoint on as <paramref name="How"/> says (null:
    /// a value with no derivative, whose adjoint is dropped).
    /// </summary>
    internal sealed record PropagateStmt(TensorLocal Target, bool KeepsResult, Propagation? How) : ReverseStmt;

    /// <summary>Where an assignment's adjoint goes.</summary>
    internal abstract record Propagation;

    /// <summary>To the local or parameter the value was copied from.</summary>
    internal sealed record ToSource(string Source) : Propagation;

    /// <summary>To a module parameter's gradient (<c>P.AccumulateGrad</c>).</summary>
    internal sealed record ToParameter(string ParameterCode) : Propagation;

    /// <summary>Through an op's registered backward, to the adjoints of its arguments.</summary>
    internal sealed record ThroughBackward(string Backward, EquatableArray<TensorArg> Args) : Propagation;

    /// <summary>Through a callee's <c>…Reverse</c> half, which also takes back what it recorded (so it always runs).</summary>
    internal sealed record ThroughCallee(string Receiver, string Method, EquatableArray<TensorArg> Args) : Propagation;

    /// <summary>
    /// Replays a branch by the choice the forward sweep recorded: in the local <see cref="Slot"/> when
    /// the branch runs at most once, otherwise in the recording, read back by the backend's strategy.
    /// </summary>
    internal sealed record ReplayBranchStmt(EquatableArray<ReverseStmt> Then, EquatableArray<ReverseStmt> Else) : ReverseStmt
    {
        /// <summary>The <c>bool</c> local that holds the choice; null when it was recorded.</summary>
        public string? Slot { get; init; }
    }

    /// <summary>
    /// Replays a loop as many times as the forward sweep recorded, at nesting <paramref name="Depth"/>;
    /// <paramref name="RestoreEachTrip"/> is a <c>foreach</c> variable taken back after each trip.
    /// </summary>
    internal sealed record ReplayLoopStmt(int Depth, EquatableArray<ReverseStmt> Body, TensorLocal? RestoreEachTrip) : ReverseStmt;

    /// <summary>
    /// A whole reverse sweep: take back every local (in the reverse order of <paramref name="Locals"/>),
    /// seed the result's adjoint with <c>dResult</c> when <paramref name="SeedsResult"/>, then run
    /// <paramref name="Body"/>.
    /// </summary>
    internal sealed record TensorReverseMethod(EquatableArray<TensorLocal> Locals, string ResultLocal, bool SeedsResult, EquatableArray<ReverseStmt> Body);

    // ---- Scalar mode --------------------------------------------------------------------------------
    // Names are the generated code's locals. Indices and lengths are typed values over what the reverse
    // sweep can read: stable names, buffer lengths, and recorded values read back into locals. `…Code`
    // fields are partial derivatives, rendered by the writer from the catalog's rules.

    /// <summary>A whole scalar reverse sweep: seed the result's adjoint (when there is a result), run <paramref name="Body"/>, then hand the locally accumulated parameter adjoints to the caller (<paramref name="Epilogue"/>).</summary>
    internal sealed record ScalarReverseMethod(ScalarKind ResultKind, string Seed, EquatableArray<ReverseStmt> Body, EquatableArray<ReverseStmt> Epilogue);

    /// <summary>An adjoint: a local, a parameter's adjoint, or an element of an adjoint buffer.</summary>
    internal sealed record AdjointRef(string Name, Value? Index = null);

    /// <summary>The statement's source, as a comment.</summary>
    internal sealed record CommentStmt(string Text) : ReverseStmt;

    /// <summary>Reads back a recorded value into a local: <c>var Handle = (Cast)pop</c> from the recording of <paramref name="Kind"/>.</summary>
    internal sealed record PopStmt(string Handle, ScalarKind Kind, string? Cast = null) : ReverseStmt;

    /// <summary>A stable integer local of a nested block, declared again at the top of its reverse, so that indices over it give the forward sweep's values.</summary>
    internal sealed record RecomputeStmt(InactiveStmt Declaration) : ReverseStmt;

    /// <summary>A counter declared in the block starts the reverse from its recorded final value.</summary>
    internal sealed record ResumeCounterStmt(string Counter, string Recorded) : ReverseStmt;

    /// <summary>A counter update run backwards (<c>i++</c> → <c>i--</c>; see Analyse/IntegerInversion).</summary>
    internal sealed record InvertCounterStmt(InactiveStmt Update, string Counter) : ReverseStmt;

    /// <summary>A fresh, zeroed adjoint for a local array declared in a loop, at the top of each reverse iteration.</summary>
    internal sealed record AllocateAdjointStmt(string Adjoint, ScalarKind Element, Value Length) : ReverseStmt;

    /// <summary>Writes back the element an assignment overwrote, in an array the reverse sweep restores.</summary>
    internal sealed record RestoreElementStmt(string Array, Value Index, string Recorded) : ReverseStmt;

    /// <summary>Takes an assignment's adjoint into <paramref name="Seed"/>, clearing it unless the value kept its old self with partial 1 (<c>s = s + …</c>).</summary>
    internal sealed record TakeAdjointStmt(string Seed, AdjointRef Adjoint, bool Clear) : ReverseStmt;

    /// <summary><c>Target += Term</c>, converted to <paramref name="Cast"/> when the kinds mix.</summary>
    internal sealed record IncrementStmt(AdjointRef Target, string TermCode, ScalarKind? Cast = null) : ReverseStmt;

    /// <summary>Runs <paramref name="Body"/> only when <paramref name="Seed"/> is not zero: a zero adjoint must not meet an infinite partial.</summary>
    internal sealed record UnlessZeroStmt(string Seed, EquatableArray<ReverseStmt> Body) : ReverseStmt;

    /// <summary>Adds a recorded vector partial, scaled by <paramref name="FactorCode"/>, into a buffer's adjoint, last element first.</summary>
    internal sealed record VectorIncrementStmt(string Adjoint, Value Length, string Index, string FactorCode, ScalarKind Kind, ScalarKind? Cast = null) : ReverseStmt;

    /// <summary>Rebuilds, in a scratch array, a buffer as it was before a call overwrote it, from its recorded snapshot.</summary>
    internal sealed record RebuildBufferStmt(string Scratch, ScalarKind Element, Value Length, string Index) : ReverseStmt;

    /// <summary>A zeroed local that a pullback accumulates a scalar argument's partial into.</summary>
    internal sealed record DeclarePartialStmt(string Name, ScalarKind Kind) : ReverseStmt;

    /// <summary>
    /// A callee's pullback, with the arguments as they were, then the adjoints; a value-returning call
    /// passes its result's adjoint <paramref name="ResultAdjoint"/> after the arguments and clears it.
    /// </summary>
    internal sealed record PullbackStmt(string Method, EquatableArray<string> Arguments, string? ResultAdjoint, EquatableArray<string> Adjoints) : ReverseStmt;

    /// <summary>A nested block of the user's, reversed in its own scope.</summary>
    internal sealed record ReverseBlockStmt(EquatableArray<ReverseStmt> Body) : ReverseStmt;

    /// <summary>A counted loop with stable bounds, run backwards over the same counter values: no trip count recorded.</summary>
    internal sealed record ReverseCountedLoopStmt(CountedLoop Loop, EquatableArray<ReverseStmt> Body) : ReverseStmt;

    /// <summary>
    /// Any other loop: in its own scope, <paramref name="Prologue"/> reads back the trip count and the
    /// counters, then <paramref name="Body"/> runs as many times as the forward sweep recorded (the
    /// step's reverse, then the body's), then <paramref name="Epilogue"/> reverses the initializer.
    /// </summary>
    internal sealed record ReplayTripsStmt(EquatableArray<ReverseStmt> Prologue, string Index, string TripCount, EquatableArray<ReverseStmt> Body, EquatableArray<ReverseStmt> Epilogue) : ReverseStmt;
}
