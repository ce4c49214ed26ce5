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
        /// <summary>The shared views' adjoints that a gather fills instead of atomics (a 1-D or 2-D stencil); empty when there is none.</summary>
        public EquatableArray<GatheredView> Gathers { get; init; } = EquatableArray<GatheredView>.Empty;

        /// <summary>
        /// A 2-D stencil's row stride s (an int parameter or a constant), the own element being p.X + p.Y·s: the gather
        /// finds a neighbour by dividing by it, which is exact while the extent's width is at most s. Null in 1-D.
        /// </summary>
        public string? GatherStride { get; init; }

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

    /// <summary>A neighbour's increment at its own element plus <paramref name="Offset"/> elements (C#, with the stride in 2-D), printed as <paramref name="Index"/>.</summary>
    internal sealed record GatherOffset(string Index, string Offset);

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
            CollectGridStrideIndices(method.Body, stable, sharedNames, privateIndices);

            // A view's adjoint is the thread's own only if every increment of it is at a private index: an
            // element the thread writes is still read, and so added into, by other threads (a stencil).
            var shared = new SortedSet<string>(System.StringComparer.Ordinal);
            CollectShared(adjoint.Reverse.Body, new HashSet<string>(viewAdjoints, System.StringComparer.Ordinal), privateIndices, shared);
            string[] usedScalars = scalarAdjoints.Where(a => UsesAdjoint(adjoint.Reverse.Epilogue, a)).ToArray();
            (EquatableArray<GatheredView> Gathers, string? Stride) gathers = refusals.Count == 0 && usedScalars.Length == 0
                ? PlanGathers(analysed, adjoint, shared)
                : (EquatableArray<GatheredView>.Empty, null);
            return new KernelAdjoint(
                adjoint,
                refusals.Distinct().ToEquatableArray(),
                usedScalars.ToEquatableArray(),
                shared.ToEquatableArray())
            {
                Gathers = gathers.Gathers,
                GatherStride = gathers.Stride,
                SharedArrays = sharedArrays,
            };
        }

        /// <summary>
        /// A stencil's shared adjoints as gathers: the thread that owns element e collects what its neighbours add at e,
        /// by replaying their reverse sweeps, so no two threads add into one element and no atomics are needed. The
        /// owner of e is the thread that writes e: every write is at one index, the thread's own element E (i in 1-D,
        /// p.X + p.Y·s in 2-D, for a row stride s that is an int parameter or a constant), outside loops, and no
        /// written view is read (a neighbour's replay skips the writes). Every increment of a gathered adjoint is at E
        /// plus a constant number of elements (1-D) or of rows and columns (2-D): its neighbour is the thread whose E
        /// is e minus that offset. Otherwise nothing (atomics).
        /// </summary>
        private static (EquatableArray<GatheredView> Gathers, string? Stride) PlanGathers(AnalysedMethod analysed, ScalarAdjointMethod adjoint, SortedSet<string> shared)
        {
            var none = (EquatableArray<GatheredView>.Empty, (string?)null);
            MethodModel method = analysed.Method;
            if (method.Kernel is not { Type: "Index1D" or "Index2D", Name: var thread } index || shared.Count == 0)
            {
                return none;
            }

            var written = new HashSet<string>(analysed.WrittenBuffers, System.StringComparer.Ordinal);
            bool writesOk = true;
            Value? own = null;
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
                    if (assign.Target is ElemTarget target)
                    {
                        own ??= target.Index.Tree;
                        writesOk &= !assign.Atomic && !inLoop && ValuePrinter.Print(target.Index.Tree) == ValuePrinter.Print(own);
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

            var stable = new HashSet<string>(analysed.Stable, System.StringComparer.Ordinal);
            Dictionary<string, Value> definitions = IntegerDefinitions(method.Body, stable);
            if (!writesOk || own is null || written.Any(read.Contains) || AffineIndex.Of(own, definitions) is not { } ownForm)
            {
                return none;
            }

            // The thread's element: i, or p.X + p.Y·s.
            bool twoD = index.Type == "Index2D";
            string column = twoD ? thread + ".X" : thread;
            string? strideMonomial = null;
            string? stride = null;
            if (ownForm.Coefficient(column) != 1)
            {
                return none;
            }

            if (twoD)
            {
                var rest = ownForm.Terms.Where(t => t.Key != column).ToList();
                if (rest.Count != 1 || rest[0].Key.Split('*') is not { } factors || !factors.Contains(thread + ".Y"))
                {
                    return none;
                }

                if (factors.Length == 1 && rest[0].Value > 0)
                {
                    // A constant stride: p.Y·64.
                    stride = rest[0].Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (factors.Length == 2 && rest[0].Value == 1
                         && factors.First(f => f != thread + ".Y") is var symbol
                         && method.Parameters.Any(p => p.Name == symbol && p.TypeCode == "int"))
                {
                    strideMonomial = symbol;
                    stride = symbol;
                }
                else
                {
                    return none;
                }
            }
            else if (ownForm.Terms.Count != 1)
            {
                return none;
            }

            string ownText = ValuePrinter.Print(own);
            var gathers = new List<GatheredView>();
            foreach (string viewAdjoint in shared)
            {
                ParamModel? view = method.Parameters.FirstOrDefault(p => p.Differentiable && SymbolFacts.AdjointName(p.Name) == viewAdjoint);
                var indices = new Dictionary<string, Value>(System.StringComparer.Ordinal);
                bool cleared = false;
                CollectIndices(adjoint.Reverse.Body, viewAdjoint, indices, ref cleared);
                var offsets = new List<(GatherOffset Offset, long Order)>();
                foreach (KeyValuePair<string, Value> increment in indices)
                {
                    if (AffineIndex.Of(increment.Value, definitions)?.Minus(ownForm) is not { } difference
                        || difference.Terms.Keys.Any(k => k != AffineIndex.One && k != strideMonomial))
                    {
                        return none;
                    }

                    long rows = strideMonomial is null ? 0 : difference.Coefficient(strideMonomial);
                    long columns = difference.Coefficient(AffineIndex.One);
                    if (rows == 0 && columns == 0)
                    {
                        // The thread's own element: it must read as the writes do, which is how the local part keeps it.
                        if (increment.Key != ownText)
                        {
                            return none;
                        }

                        continue;
                    }

                    if (System.Math.Abs(rows) > 64 || System.Math.Abs(columns) > 64)
                    {
                        return none;
                    }

                    string flat = rows == 0 ? Number(columns) : columns == 0 ? $"{Number(rows)} * {stride}" : $"{Number(rows)} * {stride} + ({Number(columns)})";
                    offsets.Add((new GatherOffset(increment.Key, flat), rows * 1000 + columns));
                }

                if (view is null || written.Contains(view.Name) || cleared || offsets.Count == 0)
                {
                    return none;
                }

                gathers.Add(new GatheredView(viewAdjoint, ownText, offsets.OrderBy(o => o.Order).Select(o => o.Offset).ToEquatableArray()));
            }

            return (gathers.ToEquatableArray(), twoD ? stride : null);
        }

        private static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>
        /// The integer locals set once, at the top of the body, from stable values, with their definitions: an index reads
        /// through them. (One set from a local that changes afterwards, stable without a tape, stays a name.)
        /// </summary>
        private static Dictionary<string, Value> IntegerDefinitions(Block body, HashSet<string> stable)
        {
            var definitions = new Dictionary<string, Value>(System.StringComparer.Ordinal);
            foreach (InactiveStmt declaration in body.Statements.OfType<InactiveStmt>().Where(d => d.Declares && d.DeclaredType?.Name is "int" or "long"))
            {
                foreach (Declarator variable in declaration.Declarators)
                {
                    if (variable.Initializer is { } initializer && stable.Contains(variable.Name) && ValueTree.Reads(initializer).All(stable.Contains))
                    {
                        definitions[variable.Name] = initializer;
                    }
                }
            }

            return definitions;
        }

        /// <summary>The indices at which the reverse sweep adds into <paramref name="viewAdjoint"/>, by their printed form.</summary>
        private static void CollectIndices(EquatableArray<SweepStmt> statements, string viewAdjoint, Dictionary<string, Value> indices, ref bool cleared)
        {
            foreach (SweepStmt statement in statements)
            {
                switch (statement)
                {
                    case IncrementStmt { Target: { Index: { } index } target } when target.Name == viewAdjoint:
                        indices[ValuePrinter.Print(index)] = index;
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

        /// <summary>The grid's total thread count, as a CUDA grid-stride loop steps by it.</summary>
        private static readonly HashSet<string> GridStrides = new(System.StringComparer.Ordinal)
        {
            "Grid.Dimension.X * Group.Dimension.X", "Group.Dimension.X * Grid.Dimension.X",
            "Grid.DimX * Group.DimX", "Group.DimX * Grid.DimX",
            "global::ILGPU.Grid.Dimension.X * global::ILGPU.Group.Dimension.X", "global::ILGPU.Grid.DimX * global::ILGPU.Group.DimX",
        };

        /// <summary>
        /// A grid-stride loop at the top of the body, <c>for (int i = Grid.GlobalIndex.X; i &lt; n; i += Grid.Dimension.X *
        /// Group.Dimension.X)</c>: its counter takes each value in one thread only, so an element the loop writes at the
        /// counter is that thread's. The counter's name must mean nothing else in the method.
        /// </summary>
        private static void CollectGridStrideIndices(Block body, HashSet<string> stable, HashSet<string> sharedArrays, SortedSet<string> indices)
        {
            foreach (LoopStmt loop in body.Statements.OfType<LoopStmt>())
            {
                if (loop.Counted is not { Ascending: true, Step: { } step } counted
                    || ValuePrinter.Print(counted.From.Tree) is not ("Grid.GlobalIndex.X" or "global::ILGPU.Grid.GlobalIndex.X" or "Grid.GlobalLinearIndex" or "global::ILGPU.Grid.GlobalLinearIndex")
                    || !GridStrides.Contains(ValuePrinter.Print(step.Tree))
                    || DeclarationsOf(body, counted.Var) != 1)
                {
                    continue;
                }

                var inner = new SortedSet<string>(System.StringComparer.Ordinal);
                CollectWrittenIndices(loop.Body, stable, sharedArrays, inner);
                if (inner.Contains(counted.Var))
                {
                    indices.Add(counted.Var);
                }
            }
        }

        /// <summary>How many statements of the body declare <paramref name="name"/>.</summary>
        private static int DeclarationsOf(Block body, string name)
        {
            int count = 0;
            Walk(body, inLoop: false, (stmt, _) =>
            {
                count += stmt switch
                {
                    InactiveStmt { Declares: true } declaration when declaration.Assigned.Contains(name) => 1,
                    AssignStmt { Target: LocalTarget { DeclaredType: { Length: > 0 } } local } when local.Name == name => 1,
                    LoopStmt loop => loop.Init.OfType<InactiveStmt>().Count(s => s.Declares && s.Assigned.Contains(name)),
                    _ => 0,
                };
            });
            return count;
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
