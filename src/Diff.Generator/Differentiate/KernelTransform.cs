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
        /// <summary>The adjoints the kernel adds into with <c>Atomic.Add</c>: the scalars' and the shared views'.</summary>
        public EquatableArray<string> AtomicTargets => ScalarAdjoints.Concat(SharedViewAdjoints).ToEquatableArray();

        public KernelStyle Style(bool atomics, bool skipsRecords) => new(atomics, skipsRecords, ScalarAdjoints, SharedViewAdjoints);
    }

    /// <summary>
    /// Kernel mode's transform: the same reverse transform as scalar mode (<see cref="AdjointWriter"/>,
    /// which in kernel mode computes partials again instead of recording them wherever it can), then the
    /// checks that make it a GPU kernel: nothing recorded inside a loop, no allocation, no calls; and the
    /// index analysis that decides which adjoint increments need atomics.
    /// </summary>
    internal static class KernelTransform
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
            Check(adjoint.Locals, -1, string.Empty, refusals);
            Check(adjoint.Forward, -1, string.Empty, refusals);
            Check(adjoint.Reverse.Body, -1, string.Empty, refusals);
            Check(adjoint.Reverse.Epilogue, -1, string.Empty, refusals);

            string[] scalarAdjoints = method.Parameters.Where(p => p.Differentiable && p.Shape == ParamShape.Scalar).Select(p => SymbolFacts.AdjointName(p.Name)).ToArray();
            string[] viewAdjoints = method.Parameters.Where(p => p.Differentiable && p.Shape != ParamShape.Scalar).Select(p => SymbolFacts.AdjointName(p.Name)).ToArray();
            var stable = new HashSet<string>(analysed.Stable, System.StringComparer.Ordinal);
            var privateIndices = new SortedSet<string>(System.StringComparer.Ordinal);
            if (method.Kernel is { Type: "Index1D" } index)
            {
                privateIndices.Add(index.Name);
            }

            CollectWrittenIndices(method.Body, stable, privateIndices);

            // A view's adjoint is the thread's own only if every increment of it is at a private index: an
            // element the thread writes is still read, and so added into, by other threads (a stencil).
            var shared = new SortedSet<string>(System.StringComparer.Ordinal);
            CollectShared(adjoint.Reverse.Body, new HashSet<string>(viewAdjoints, System.StringComparer.Ordinal), privateIndices, shared);
            return new KernelAdjoint(
                adjoint,
                refusals.Distinct().ToEquatableArray(),
                scalarAdjoints.Where(a => UsesAdjoint(adjoint.Reverse.Epilogue, a)).ToEquatableArray(),
                shared.ToEquatableArray());
        }

        private static bool UsesAdjoint(EquatableArray<SweepStmt> epilogue, string adjoint) =>
            epilogue.Any(s => s is IncrementStmt increment && increment.Target.Name == adjoint);

        /// <summary>
        /// The indices of elements the thread writes outside any loop, over values every thread computes
        /// once: in a race-free kernel no other thread writes (so none touches) those elements.
        /// </summary>
        private static void CollectWrittenIndices(Block block, HashSet<string> stable, SortedSet<string> indices)
        {
            foreach (Stmt stmt in block.Statements)
            {
                switch (stmt)
                {
                    case AssignStmt { Atomic: false, Target: ElemTarget element } when StabilityAnalysis.IsStable(element.Index, stable):
                        indices.Add(ValuePrinter.Print(element.Index.Tree));
                        break;
                    case IfStmt branch:
                        CollectWrittenIndices(branch.Then, stable, indices);
                        CollectWrittenIndices(branch.Else, stable, indices);
                        break;
                    case BlockStmt nested:
                        CollectWrittenIndices(nested.Body, stable, indices);
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

        private static void Check(EquatableArray<SweepStmt> statements, int lineOffset, string source, List<KernelRefusal> refusals)
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
                    RecordStmt { Slot: null } or RecordBufferStmt or PopStmt or ReplayTripsStmt or ReplayBranchStmt { Slot: null } or ForwardWhileStmt => NoTape,
                    VectorIncrementStmt or RebuildBufferStmt or AllocateVectorStmt or GradientCallStmt or PullbackStmt or PrimalCallStmt
                        => "kernel mode differentiates Math and MathF functions, not calls of other methods: write the helper's body into the kernel",
                    AllocateAdjointStmt or DeclareArrayStmt => "a kernel has no local arrays; pass a scratch ArrayView",
                    DeclareStmt { Initializer: var initializer } when initializer.StartsWith("new ", System.StringComparison.Ordinal)
                        => "a [NoDiff] view that receives differentiable values would need an adjoint buffer allocated in the kernel; remove [NoDiff] from it",
                    _ => null,
                };

                if (reason is not null)
                {
                    refusals.Add(new KernelRefusal(reason, line, source));
                }

                foreach (EquatableArray<SweepStmt> nested in Children(statement))
                {
                    Check(nested, line, source, refusals);
                }
            }
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
