namespace Diff.Generator.Model
{
    // The reverse sweep of a tensor-mode method as IR: what its `MReverse` half does, statement by
    // statement, built by Differentiate/TensorReverseTransform from the method's IR and printed as C# by
    // TensorAdjointWriter (IrPrinter prints it for tests). The recording it reads back is the value stack.

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

    /// <summary>Replays a branch by the choice the forward sweep recorded.</summary>
    internal sealed record ReplayBranchStmt(EquatableArray<ReverseStmt> Then, EquatableArray<ReverseStmt> Else) : ReverseStmt;

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
}
