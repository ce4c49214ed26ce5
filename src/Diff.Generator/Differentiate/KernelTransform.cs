using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// What stops a kernel's adjoint, at the user's statement <see cref="LineOffset"/> lines below the
    /// method's name, whose source is <see cref="Source"/> (empty when not known).
    /// </summary>
    internal sealed record KernelRefusal(string Reason, int LineOffset, string Source);

    /// <summary>
    /// A kernel's adjoint: scalar mode's reverse transform of the kernel body (each thread replays its
    /// forward, then runs its reverse sweep), what prevents it, and the classification of its adjoint
    /// increments (<see cref="KernelStyle"/>).
    /// </summary>
    internal sealed record KernelAdjoint(
        ScalarAdjointMethod Method,
        EquatableArray<KernelRefusal> Refusals,
        EquatableArray<string> ScalarAdjoints,
        EquatableArray<string> SharedViewAdjoints)
    {
        /// <summary>The shared views' adjoints that a gather fills instead of atomics (a 1-D stencil); empty when there is none.</summary>
        public EquatableArray<GatheredView> Gathers { get; init; } = EquatableArray<GatheredView>.Empty;

        /// <summary>The kernel's group-shared arrays and their adjoints' copies; empty when it has none.</summary>
        public EquatableArray<SharedArrayPlan> SharedArrays { get; init; } = EquatableArray<SharedArrayPlan>.Empty;

        /// <summary>The adjoints the kernel adds into with <c>Atomic.Add</c>: the scalars' and the shared views'.</summary>
        public EquatableArray<string> AtomicTargets => ScalarAdjoints.Concat(SharedViewAdjoints).ToEquatableArray();

        public KernelStyle Style(bool atomics, bool skipsRecords) => new(atomics, skipsRecords, ScalarAdjoints, SharedViewAdjoints) { SharedArrays = SharedArrays };
    }

    /// <summary>
    /// A view's adjoint filled by a gather: the thread adds its own part at <paramref name="OwnIndex"/>, and collects
    /// each neighbour's part, which the neighbour adds at <see cref="GatherOffset.Index"/> (its index plus the offset).
    /// </summary>
    internal sealed record GatheredView(string ViewAdjoint, string OwnIndex, EquatableArray<GatherOffset> Offsets);

    /// <summary>A neighbour's increment at its thread index plus <paramref name="Offset"/>, printed as <paramref name="Index"/>.</summary>
    internal sealed record GatherOffset(string Index, int Offset);

    /// <summary>
    /// Kernel mode's transform: the same reverse transform as scalar mode (<see cref="AdjointWriter"/>,
    /// which in kernel mode computes partials again instead of recording them wherever it can), then the
    /// checks that make it a GPU kernel: nothing recorded inside a loop, no allocation, no calls; and the
    /// index analysis that decides which adjoint increments need atomics.
    /// </summary>
    internal static partial class KernelTransform
    {
        private const string NoTape =
            "the reverse sweep needs a value that this statement computes inside a loop, and a GPU thread has no tape to record it in "
            + "(a value the loop overwrites, a choice of Max or Min, or a read of a view the kernel writes). Keep what a loop accumulates in a local "
            + "declared at the top of the kernel that nothing changes after the loop, compute the value outside the loop, or split the kernel in two";

        public static KernelAdjoint Write(AnalysedMethod analysed)
        {
            MethodModel method = analysed.Method;
            ScalarAdjointMethod adjoint = AdjointWriter.Adjoint(analysed);
            var refusals = new List<KernelRefusal>();
            EquatableArray<SharedArrayPlan> sharedArrays = PlanSharedMemory(analysed, adjoint, refusals);
            var sharedNames = new HashSet<string>(sharedArrays.Select(a => a.Array), System.StringComparer.Ordinal);
            Check(adjoint.Locals, -1, string.Empty, sharedNames, refusals);
            Check(adjoint.Forward, -1, string.Empty, sharedNames, refusals);
            Check(adjoint.Reverse.Body, -1, string.Empty, sharedNames, refusals);
            Check(adjoint.Reverse.Epilogue, -1, string.Empty, sharedNames, refusals);

            string[] scalarAdjoints = method.Parameters.Where(p => p.Differentiable && p.Shape == ParamShape.Scalar).Select(p => SymbolFacts.AdjointName(p.Name)).ToArray();
            string[] viewAdjoints = method.Parameters.Where(p => p.Differentiable && p.Shape != ParamShape.Scalar).Select(p => SymbolFacts.AdjointName(p.Name)).ToArray();
            var stable = new HashSet<string>(analysed.Stable, System.StringComparer.Ordinal);
            var privateIndices = new SortedSet<string>(System.StringComparer.Ordinal);
            if (method.Kernel is { Type: "Index1D" } index)
            {
                privateIndices.Add(index.Name);
            }

            CollectWrittenIndices(method.Body, stable, sharedNames, privateIndices);

            // A view's adjoint is the thread's own only if every increment of it is at a private index: an
            // element the thread writes is still read, and so added into, by other threads (a stencil).
            var shared = new SortedSet<string>(System.StringComparer.Ordinal);
            CollectShared(adjoint.Reverse.Body, new HashSet<string>(viewAdjoints, System.StringComparer.Ordinal), privateIndices, shared);
            string[] usedScalars = scalarAdjoints.Where(a => UsesAdjoint(adjoint.Reverse.Epilogue, a)).ToArray();
            return new KernelAdjoint(
                adjoint,
                refusals.Distinct().ToEquatableArray(),
                usedScalars.ToEquatableArray(),
                shared.ToEquatableArray())
            {
                Gathers = refusals.Count == 0 && usedScalars.Length == 0 ? PlanGathers(analysed, adjoint, shared) : EquatableArray<GatheredView>.Empty,
                SharedArrays = sharedArrays,
            };
        }

        /// <summary>
        /// A 1-D stencil's shared adjoints as gathers: each thread j collects what its neighbours j − c add at j, by
        /// replaying their reverse sweeps, so no two threads add into one element and no atomics are needed. Possible
        /// when every shared adjoint belongs to a view the kernel never writes and every increment of it is at the thread
        /// index plus a constant; when each written view is written only at the thread index, outside loops, and never
        /// read (a neighbour's replay skips the writes); and with no atomics in the forward. Otherwise nothing (atomics).
        /// </summary>
        private static EquatableArray<GatheredView> PlanGathers(AnalysedMethod analysed, ScalarAdjointMethod adjoint, SortedSet<string> shared)
        {
            MethodModel method = analysed.Method;
            if (method.Kernel is not { Type: "Index1D", Name: var thread } || shared.Count == 0)
            {
                return EquatableArray<GatheredView>.Empty;
            }

            var written = new HashSet<string>(analysed.WrittenBuffers, System.StringComparer.Ordinal);
            bool writesOk = true;
            var read = new HashSet<string>(System.StringComparer.Ordinal);
            Walk(method.Body, inLoop: false, (stmt, inLoop) =>
            {
                switch (stmt)
                {
                    case IfStmt branch:
                        read.UnionWith(branch.Condition.Reads);
                        break;
                    case LoopStmt { Condition: { } condition }:
                        read.UnionWith(condition.Reads);
                        break;
                    case InactiveStmt inactive:
                        // Host code the IR does not model: any mention of a written view counts as a read.
                        read.UnionWith(written.Where(view => inactive.Code.Contains(view + "[")));
                        break;
                }

                if (stmt is AssignStmt assign)
                {
                    if (assign.Target is ElemTarget target && (assign.Atomic || inLoop || ValuePrinter.Print(target.Index.Tree) != thread))
                    {
                        writesOk = false;
                    }

                    foreach (Expr expr in ExprTree.DescendantsAndSelf(assign.Value))
                    {
                        if (expr is ElemExpr element)
                        {
                            read.Add(element.Array);
                        }
                    }
                }
            });

            if (!writesOk || written.Any(read.Contains))
            {
                return EquatableArray<GatheredView>.Empty;
            }

            var gathers = new List<GatheredView>();
            foreach (string viewAdjoint in shared)
            {
                ParamModel? view = method.Parameters.FirstOrDefault(p => p.Differentiable && SymbolFacts.AdjointName(p.Name) == viewAdjoint);
                var indices = new HashSet<string>(System.StringComparer.Ordinal);
                bool cleared = false;
                CollectIndices(adjoint.Reverse.Body, viewAdjoint, indices, ref cleared);
                var offsets = new List<GatherOffset>();
                foreach (string index in indices)
                {
                    if (OffsetOf(index, thread) is not { } offset)
                    {
                        return EquatableArray<GatheredView>.Empty;
                    }

                    if (offset != 0)
                    {
                        offsets.Add(new GatherOffset(index, offset));
                    }
                }

                if (view is null || written.Contains(view.Name) || cleared || offsets.Count == 0)
                {
                    return EquatableArray<GatheredView>.Empty;
                }

                gathers.Add(new GatheredView(viewAdjoint, thread, offsets.OrderBy(o => o.Offset).ToEquatableArray()));
            }

            return gathers.ToEquatableArray();
        }

        /// <summary>The printed indices at which the reverse sweep adds into <paramref name="viewAdjoint"/>.</summary>
        private static void CollectIndices(EquatableArray<SweepStmt> statements, string viewAdjoint, HashSet<string> indices, ref bool cleared)
        {
            foreach (SweepStmt statement in statements)
            {
                switch (statement)
                {
                    case IncrementStmt { Target: { Index: { } index } target } when target.Name == viewAdjoint:
                        indices.Add(ValuePrinter.Print(index));
                        break;
                    case TakeAdjointStmt { Adjoint: var taken } when taken.Name == viewAdjoint:
                        cleared = true;
                        break;
                }

                foreach (EquatableArray<SweepStmt> nested in Children(statement))
                {
                    CollectIndices(nested, viewAdjoint, indices, ref cleared);
                }
            }
        }

        /// <summary>c for an index printed as <c>i</c>, <c>i + c</c> or <c>i - c</c>, with i the thread index; null for any other.</summary>
        private static int? OffsetOf(string index, string thread)
        {
            if (index == thread)
            {
                return 0;
            }

            foreach ((string sign, int factor) in new[] { (" + ", 1), (" - ", -1) })
            {
                string prefix = thread + sign;
                if (index.StartsWith(prefix, System.StringComparison.Ordinal)
                    && int.TryParse(index.Substring(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int c)
                    && c <= 64)
                {
                    return factor * c;
                }
            }

            return null;
        }

        /// <summary>Every statement of the body, and whether a loop is around it.</summary>
        private static void Walk(Block block, bool inLoop, System.Action<Stmt, bool> visit)
        {
            foreach (Stmt stmt in block.Statements)
            {
                visit(stmt, inLoop);
                switch (stmt)
                {
                    case IfStmt branch:
                        Walk(branch.Then, inLoop, visit);
                        Walk(branch.Else, inLoop, visit);
                        break;
                    case BlockStmt nested:
                        Walk(nested.Body, inLoop, visit);
                        break;
                    case LoopStmt loop:
                        Walk(loop.Body, true, visit);
                        break;
                    case ForEachStmt each:
                        Walk(each.Body, true, visit);
                        break;
                }
            }
        }

        private static bool UsesAdjoint(EquatableArray<SweepStmt> epilogue, string adjoint) =>
            epilogue.Any(s => s is IncrementStmt increment && increment.Target.Name == adjoint);

        /// <summary>
        /// The indices of elements the thread writes outside any loop, over values every thread computes
        /// once: in a race-free kernel no other thread writes (so none touches) those elements.
        /// </summary>
        private static void CollectWrittenIndices(Block block, HashSet<string> stable, HashSet<string> sharedArrays, SortedSet<string> indices)
        {
            foreach (Stmt stmt in block.Statements)
            {
                switch (stmt)
                {
                    // A shared array's index is the thread's place in its group, which other groups' threads share.
                    case AssignStmt { Atomic: false, Target: ElemTarget element } when StabilityAnalysis.IsStable(element.Index, stable) && !sharedArrays.Contains(element.Array):
                        indices.Add(ValuePrinter.Print(element.Index.Tree));
                        break;
                    case IfStmt branch:
                        CollectWrittenIndices(branch.Then, stable, sharedArrays, indices);
                        CollectWrittenIndices(branch.Else, stable, sharedArrays, indices);
                        break;
                    case BlockStmt nested:
                        CollectWrittenIndices(nested.Body, stable, sharedArrays, indices);
                        break;
                }
            }
        }

        private static void CollectShared(EquatableArray<SweepStmt> statements, HashSet<string> viewAdjoints, SortedSet<string> privateIndices, SortedSet<string> shared)
        {
            foreach (SweepStmt statement in statements)
            {
                AdjointRef? target = statement switch
                {
                    IncrementStmt increment => increment.Target,
                    TakeAdjointStmt { Clear: true } take => take.Adjoint,
                    _ => null,
                };
                if (target is { Index: { } index } && viewAdjoints.Contains(target.Name) && !privateIndices.Contains(ValuePrinter.Print(index)))
                {
                    shared.Add(target.Name);
                }

                foreach (EquatableArray<SweepStmt> nested in Children(statement))
                {
                    CollectShared(nested, viewAdjoints, privateIndices, shared);
                }
            }
        }

        private static void Check(EquatableArray<SweepStmt> statements, int lineOffset, string source, HashSet<string> sharedArrays, List<KernelRefusal> refusals)
        {
            // A step without a line of its own belongs to the statement before it, or to the one around it.
            int line = lineOffset;
            foreach (SweepStmt statement in statements)
            {
                line = statement.LineOffset >= 0 ? statement.LineOffset : line;
                source = statement is CommentStmt comment ? comment.Text : source;

                // A reservation comes before its loop and goes with the recordings inside it, which are refused at their statements.
                string? reason = statement switch
                {
                    RecordStmt { Slot: null } or RecordBufferStmt or PopStmt or ReplayTripsStmt or ReplayBranchStmt { Slot: null, Condition: null } or ForwardWhileStmt => NoTape,
                    // Scalar helpers (checked when bound) are called through their gradients; buffers never reach a call.
                    VectorIncrementStmt or RebuildBufferStmt or AllocateVectorStmt or PullbackStmt
                        => "a kernel passes no buffers to calls: write the helper's body into the kernel",
                    DeclareArrayStmt array when sharedArrays.Contains(array.Name) => null,
                    AllocateAdjointStmt { Length: LengthValue { Buffer: var buffer } } when sharedArrays.Contains(buffer) => null,
                    AllocateAdjointStmt or DeclareArrayStmt => "a kernel has no local arrays; pass a scratch ArrayView",
                    DeclareStmt { Initializer: var initializer } when initializer.StartsWith("new ", System.StringComparison.Ordinal)
                        => "a [NoDiff] view that receives differentiable values would need an adjoint buffer allocated in the kernel; remove [NoDiff] from it",
                    _ => null,
                };

                if (reason is not null)
                {
                    // A loop replayed by its trip count has no line of its own: its first statement's stands for it.
                    (int at, string text) = line >= 0 ? (line, source) : FirstStatementIn(statement) ?? (line, source);
                    refusals.Add(new KernelRefusal(reason, at, text));
                }

                foreach (EquatableArray<SweepStmt> nested in Children(statement))
                {
                    Check(nested, line, source, sharedArrays, refusals);
                }
            }
        }

        /// <summary>The line and source of the first user statement inside <paramref name="statement"/>, if any.</summary>
        private static (int Line, string Source)? FirstStatementIn(SweepStmt statement)
        {
            foreach (EquatableArray<SweepStmt> nested in Children(statement))
            {
                foreach (SweepStmt inner in nested)
                {
                    if (inner is CommentStmt comment && comment.LineOffset >= 0)
                    {
                        return (comment.LineOffset, comment.Text);
                    }

                    if (FirstStatementIn(inner) is { } deeper)
                    {
                        return deeper;
                    }
                }
            }

            return null;
        }

        private static IEnumerable<EquatableArray<SweepStmt>> Children(SweepStmt statement)
        {
            switch (statement)
            {
                case ForwardIfStmt branch:
                    yield return branch.Then;
                    yield return branch.Else;
                    break;
                case ReplayBranchStmt replay:
                    yield return replay.Then;
                    yield return replay.Else;
                    break;
                case ForwardForStmt loop:
                    yield return loop.Body;
                    break;
                case ForwardWhileStmt loop:
                    yield return loop.Body;
                    break;
                case ForwardBlockStmt block:
                    yield return block.Body;
                    break;
                case ReverseBlockStmt block:
                    yield return block.Body;
                    break;
                case ReverseCountedLoopStmt loop:
                    yield return loop.Body;
                    break;
                case ReplayTripsStmt trips:
                    yield return trips.Prologue;
                    yield return trips.Body;
                    yield return trips.Epilogue;
                    break;
                case UnlessZeroStmt guard:
                    yield return guard.Body;
                    break;
            }
        }
    }
}
