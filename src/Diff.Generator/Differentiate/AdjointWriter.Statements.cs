using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Differentiate.Recording;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Differentiate
{
    internal sealed partial class AdjointWriter
    {
        /// <summary>Writes a block's forward code and returns its reverse code (statements in reverse order).</summary>
        private List<SweepStmt> WriteBlock(Block block, List<SweepStmt> forward, Context context)
        {
            var reversed = new List<List<SweepStmt>>();
            var redeclarations = new List<SweepStmt>();
            var recomputed = new List<(int Place, AssignStmt Declaration)>();
            var allocations = new List<ArrayDeclStmt>();
            foreach (Stmt stmt in block.Statements)
            {
                int start = forward.Count;
                List<SweepStmt>? reverse = WriteStatement(stmt, forward, context);
                if (reverse is not null && reverse.Count > 0)
                {
                    reversed.Add(reverse);
                }

                // A statement that fills a restored array from unchanging values runs again at the top of the block's
                // reverse, after the integers it reads are declared again there: the reverse of the statements after
                // it reads the array as they did.
                if (!context.IsTop && _replayedWriters.Contains(stmt))
                {
                    var replay = new List<SweepStmt> { new CommentStmt("computed again rather than recorded") };
                    replay.AddRange(Replay(forward.Skip(start)));
                    redeclarations.Add(new ForwardBlockStmt(replay.ToEquatableArray()));
                }

                // Stable integer locals of a nested block are recomputed at the top of its reverse,
                // so that index expressions over them give the same values there.
                if (!context.IsTop && stmt is InactiveStmt { Declares: true } declaration && declaration.Assigned.All(_stable.Contains))
                {
                    redeclarations.Add(new RecomputeStmt(declaration));
                }

                // So are floating-point locals of a loop that are evaluated again rather than recorded (AdjointWriter.LoopLocals):
                // the statements after the declaration read them in their reverse.
                if (DeclaresRecomputedLocal(stmt, out AssignStmt declared))
                {
                    _recomputedInScope[((LocalTarget)declared.Target).Name] = declared;
                    recomputed.Add((redeclarations.Count, declared));
                }

                if (!context.IsTop && stmt is ArrayDeclStmt array && _active.Contains(array.Name) && context.LoopDepth > 0)
                {
                    allocations.Add(array);
                }
            }

            // Values recorded at the end of the block come back first in its reverse, in the opposite order
            // of their pushes: counters declared in the block and the lengths of its local arrays.
            var endPops = new List<SweepStmt>();
            var endLines = new List<SweepStmt>();

            // A counter declared in this block is recorded at its end; the reverse starts from that value.
            if (!context.IsTop)
            {
                foreach (Stmt stmt in block.Statements)
                {
                    if (stmt is InactiveStmt { Declares: true } declaration && declaration.Assigned.Count == 1 && _inverted.Contains(declaration.Assigned[0])
                        && reversed.Count > 0)
                    {
                        string counter = declaration.Assigned[0];
                        string handle = Save(ScalarKind.Integer, new NameTerm(counter, ScalarKind.Integer), context, forward, endPops);
                        endLines.Add(new ResumeCounterStmt(counter, handle));
                    }
                }
            }

            // A local array declared in a loop gets a fresh adjoint at the top of each reverse iteration.
            // Its length is recomputed when stable; otherwise it is recorded at the end of the block,
            // where the array is still in scope.
            // A restored array of the loop's own has its values recorded at the end of the block too, and they come back,
            // into a scratch array reused from one iteration to the next, before anything in the block's reverse reads it.
            var restoredHere = context.IsTop || context.LoopDepth == 0 || reversed.Count == 0
                ? new List<ArrayDeclStmt>()
                : block.Statements.OfType<ArrayDeclStmt>().Where(a => _restored.Contains(a.Name)).ToList();
            foreach (ArrayDeclStmt array in allocations.Union(restoredHere))
            {
                string? snapshotIndex = null;
                if (restoredHere.Contains(array))
                {
                    PushAll(forward, array.Element, array.Name);
                    snapshotIndex = _names.Fresh("k");
                }

                Value? length = array.Length.IsIntegral && IsStable(array.Length) ? array.Length.Tree : null;
                bool lengthRecorded = length is null && reversed.Count > 0;
                if (lengthRecorded)
                {
                    length = Recorded(Save(ScalarKind.Integer, LengthTerm(array.Name), context, forward, endPops));
                }

                if (length is null)
                {
                    continue;
                }

                if (snapshotIndex is not null)
                {
                    // Pushed last, the length is popped first (Save put its pop at the front); the values follow it.
                    string scratch = _names.Fresh("m");
                    endPops.Insert(lengthRecorded ? 1 : 0, new RebuildBufferStmt(scratch, array.Element, length, snapshotIndex)
                    {
                        Reuses = HoistScratch(scratch, array.Element),
                        Alias = array.Name,
                    });
                }

                if (allocations.Contains(array))
                {
                    endLines.Add(new AllocateAdjointStmt(AdjointOf(array.Name, array.Element), array.Element, length));
                }
            }

            InsertRecomputedLocals(redeclarations, recomputed);
            redeclarations.AddRange(endPops);
            redeclarations.AddRange(endLines);

            var result = new List<SweepStmt>();
            if (reversed.Count > 0)
            {
                result.AddRange(redeclarations);
            }

            for (int i = reversed.Count - 1; i >= 0; i--)
            {
                result.AddRange(reversed[i]);
            }

            return result;
        }

        /// <summary>
        /// The forward code of a replayed writer (<see cref="_replayedWriters"/>) without what it records: its values only.
        /// </summary>
        private static IEnumerable<SweepStmt> Replay(IEnumerable<SweepStmt> forward)
        {
            foreach (SweepStmt statement in forward)
            {
                switch (statement)
                {
                    case RecordStmt or ReserveStmt or RecordBufferStmt or CountTripStmt:
                        break;
                    case ForwardForStmt loop:
                        yield return loop with { Body = Replay(loop.Body).ToEquatableArray(), Reservation = EquatableArray<ReserveStmt>.Empty };
                        break;
                    case ForwardBlockStmt nested:
                        yield return new ForwardBlockStmt(Replay(nested.Body).ToEquatableArray());
                        break;
                    default:
                        yield return statement;
                        break;
                }
            }
        }

        /// <summary>
        /// Writes one statement; a statement of the user's maps both its forward code and its reverse
        /// code to the user's line with <c>#line</c>, so an exception in either sweep points there.
        /// Generated bookkeeping between statements is <c>#line hidden</c>.
        /// </summary>
        private List<SweepStmt>? WriteStatement(Stmt stmt, List<SweepStmt> forward, Context context)
        {
            string? directive = LineDirective(stmt);
            if (directive is null)
            {
                return WriteStatementUnmapped(stmt, forward, context);
            }

            int start = forward.Count;
            List<SweepStmt>? reverse = WriteStatementUnmapped(stmt, forward, context);
            for (int i = start; i < forward.Count; i++)
            {
                forward[i] = forward[i] with { LineOffset = stmt.LineOffset };
            }

            if (reverse is not null)
            {
                for (int i = 0; i < reverse.Count; i++)
                {
                    reverse[i] = reverse[i] with { LineOffset = stmt.LineOffset };
                }
            }

            return reverse;
        }

        /// <summary><c>#line N "file"</c> for a simple statement the user wrote; compound statements map their parts.</summary>
        private string? LineDirective(Stmt stmt)
        {
            if (stmt.LineOffset < 0 || stmt is not (AssignStmt or InactiveStmt or ArrayDeclStmt or CallStmt or ReturnStmt))
            {
                return null;
            }

            return LineDirectives.For(stmt.LineOffset);
        }

        private List<SweepStmt>? WriteStatementUnmapped(Stmt stmt, List<SweepStmt> forward, Context context)
        {
            switch (stmt)
            {
                case InactiveStmt inactive:
                {
                    forward.Add(new RunInactiveStmt(inactive));
                    if (inactive.Barrier)
                    {
                        // The group waits again at the mirrored place of the reverse sweep: what one phase's reverse
                        // adds into shared memory is complete before the reverse of the phase before it reads it.
                        return new List<SweepStmt> { new RunInactiveStmt(inactive) };
                    }

                    if (!inactive.Declares && inactive.Assigned.Count == 1 && _inverted.Contains(inactive.Assigned[0])
                        && IntegerInversion.Inverse(inactive, inactive.Assigned[0]) is { } inverse)
                    {
                        return new List<SweepStmt> { new InvertCounterStmt(inactive, inactive.Assigned[0]) };
                    }

                    return null;
                }
                case ArrayDeclStmt array:
                    return WriteArrayDeclaration(array, forward, context);
                case AssignStmt assign:
                    return IsActive(assign) ? WriteActiveAssignment(assign, forward, context) : WritePlainAssignment(assign, forward, context);
                case BlockStmt nested:
                {
                    var block = new List<SweepStmt>();
                    List<SweepStmt> inner = WriteBlock(nested.Body, block, context.Nested());
                    forward.Add(new ForwardBlockStmt(block.ToEquatableArray()));
                    return inner.Count == 0 ? null : new List<SweepStmt> { new ReverseBlockStmt(inner.ToEquatableArray()) };
                }

                case IfStmt branch:
                    return WriteIf(branch, forward, context);
                case LoopStmt loop:
                    return WriteLoop(loop, forward, context);
                case CallStmt call:
                    return WriteCall(call, forward, context);
                default:
                    forward.Add(new CommentStmt("unsupported statement"));
                    return null;
            }
        }

        // A value that never reaches the result (a dead store, a local only feeding itself) has a zero
        // adjoint: it gets no reverse work, so an infinite partial there cannot become 0 · ∞ = NaN.
        private bool IsActive(AssignStmt assign) => assign.Target switch
        {
            LocalTarget local => _active.Contains(local.Name) && _useful.Contains(local.Name),
            ElemTarget element => _active.Contains(element.Array) && (_useful.Contains(element.Array) || _parameters.ContainsKey(element.Array)),
            _ => ActivityAnalysis.IsActive(assign.Value, _active),
        };

        private bool HasReverseWork(Stmt stmt) => stmt switch
        {
            AssignStmt { Target: ElemTarget element } when _restored.Contains(element.Array) => true,
            InactiveStmt { Declares: false, Assigned.Count: 1 } inactive => _inverted.Contains(inactive.Assigned[0]),
            AssignStmt assign => IsActive(assign),
            CallStmt call => call.Call.Args.Any(a => a.Role != ArgRole.Constant && ActivityAnalysis.IsActive(a.Value, _active))
                             && ((call.Result is { } result && _useful.Contains(result.Name))
                                 || call.Call.Args.Any(a => a.BufferName is { } buffer && (_useful.Contains(buffer) || _parameters.ContainsKey(buffer)))),
            IfStmt branch => branch.Then.Statements.Any(HasReverseWork) || branch.Else.Statements.Any(HasReverseWork),
            LoopStmt loop => loop.Init.Any(HasReverseWork) || loop.Step.Any(HasReverseWork) || loop.Body.Statements.Any(HasReverseWork),
            BlockStmt nested => nested.Body.Statements.Any(HasReverseWork),
            _ => false,
        };

        private List<SweepStmt>? WriteArrayDeclaration(ArrayDeclStmt array, List<SweepStmt> forward, Context context)
        {
            string keyword = SymbolFacts.Keyword(array.Element);
            string? pool = null;
            if (array.StaysLocal)
            {
                // Method-level, as the adjoint arrays are: declared empty, filled where the array is declared (again on each
                // pass of a loop, at the same length), and given back at the end of the reverse sweep.
                pool = _names.Fresh("p");
                _hoisted.Add(new DeclareStmt(keyword + "[]", pool, $"global::System.Array.Empty<{keyword}>()"));
            }

            forward.Add(new DeclareArrayStmt(array.Name, array.Element, array.Length.Tree) { Pool = pool });
            if (!_active.Contains(array.Name))
            {
                return null;
            }

            _localArrays.Add(array.Name);
            string adjoint = AdjointOf(array.Name, array.Element);
            if (!_hoistedArrays.Contains(adjoint))
            {
                _hoistedArrays.Add(adjoint);
                _hoisted.Add(new DeclareStmt(keyword + "[]", adjoint, $"global::System.Array.Empty<{keyword}>()") { IsAdjoint = true });
            }

            if (context.LoopDepth == 0)
            {
                forward.Add(new AllocateAdjointStmt(adjoint, array.Element, new LengthValue(array.Name)));
            }

            return null;
        }

        private readonly HashSet<string> _hoistedArrays = new(System.StringComparer.Ordinal);

        private List<SweepStmt>? WritePlainAssignment(AssignStmt assign, List<SweepStmt> forward, Context context)
        {
            Term value = new PrimalTerm(assign.Value);
            switch (assign.Target)
            {
                case LocalTarget { DeclaredType: { } type } local:
                    forward.Add(new PrimalAssignStmt(local.Name, type, value));
                    break;
                case LocalTarget local:
                    forward.Add(new PrimalAssignStmt(local.Name, null, value));
                    break;
                case ElemTarget element when _restored.Contains(element.Array) && !_deadRestores.Contains(assign):
                {
                    // An inactive write to a restored array is still undone in the reverse sweep.
                    var pops = new List<SweepStmt>();
                    var scope = new StatementScope(this, forward, context, pops);
                    (Value indexForward, Value indexReverse) = scope.Index(element.Index);
                    SweepStmt restore = RecordOverwrittenElement(assign, element, indexForward, indexReverse, forward, context, pops)!;
                    forward.Add(new PrimalAssignStmt(element.Array, null, value) { IndexCode = ValuePrinter.Print(indexForward) });
                    pops.Add(restore);
                    return pops;
                }

                case ElemTarget element:
                    forward.Add(new PrimalAssignStmt(element.Array, null, value) { IndexCode = element.Index.Code });
                    break;
                case ResultTarget:
                    forward.Add(new PrimalAssignStmt("__result", null, value));
                    break;
            }

            return null;
        }

        private List<SweepStmt>? WriteIf(IfStmt branch, List<SweepStmt> forward, Context context)
        {
            bool record = HasReverseWork(branch);

            // With the recompute policy (kernels), a branch inside a loop whose condition the reverse sweep can
            // evaluate again (over stable names: unwritten inputs, counters, locals fixed once; or top-level locals
            // that nothing changes after the loop) is not recorded.
            ValueExpr? again = record && _finalValues is not null && context.LoopDepth > 0
                               && IsFinalCondition(branch)
                ? branch.Condition
                : null;
            if (again is not null)
            {
                record = false;
            }

            string? slot = null;
            if (record && context.LoopDepth == 0)
            {
                slot = _names.Fresh("b");
                _hoisted.Add(new DeclareStmt("bool", slot, "false"));
            }

            var thenForward = new List<SweepStmt>();
            List<SweepStmt> thenReverse = WriteBlock(branch.Then, thenForward, context.Nested());
            if (record)
            {
                if (slot is null)
                {
                    Push(thenForward, ScalarKind.Integer, new NumberTerm(1, ScalarKind.Integer));
                }
                else
                {
                    thenForward.Add(new RecordStmt(ScalarKind.Boolean, new ValueTerm(new ValueExpr(new ConstantValue("true", IrType.Bool, true), ScalarKind.Boolean)), slot));
                }
            }

            var elseForward = new List<SweepStmt>();
            List<SweepStmt> elseReverse = new();
            if (branch.Else.Statements.Count > 0 || (record && slot is null))
            {
                elseReverse = WriteBlock(branch.Else, elseForward, context.Nested());
                if (record && slot is null)
                {
                    Push(elseForward, ScalarKind.Integer, new NumberTerm(0, ScalarKind.Integer));
                }
            }

            forward.Add(new ForwardIfStmt(branch.Condition, thenForward.ToEquatableArray(), elseForward.ToEquatableArray()));

            if (again is not null)
            {
                return new List<SweepStmt> { new ReplayBranchStmt(thenReverse.ToEquatableArray(), elseReverse.ToEquatableArray()) { Condition = again } };
            }

            if (!record)
            {
                return null;
            }

            return new List<SweepStmt> { new ReplayBranchStmt(thenReverse.ToEquatableArray(), elseReverse.ToEquatableArray()) { Slot = slot } };
        }

        private List<SweepStmt>? WriteLoop(LoopStmt loop, List<SweepStmt> forward, Context context)
        {
            bool work = HasReverseWork(loop);
            CountedLoop? counted = loop.Counted;
            // With the recompute policy, bounds may read top-level locals that hold their final value at the loop.
            bool reversible = counted is not null && IsRecomputable(counted.From, loop) && IsRecomputable(counted.To, loop) && (counted.Step is null || IsRecomputable(counted.Step, loop))
                              && _stable.Contains(counted.Var)
                              && loop.Init.All(s => s is InactiveStmt) && loop.Step.All(s => s is InactiveStmt);
            if (reversible)
            {
                string init = string.Join(", ", loop.Init.Select(s => ((InactiveStmt)s).Code.TrimEnd(';')));
                string step = string.Join(", ", loop.Step.Select(s => ((InactiveStmt)s).Code.TrimEnd(';')));
                var frame = new LoopFrame();
                _frames.Push(frame);
                var bodyForward = new List<SweepStmt>();
                List<SweepStmt> bodyReverse = WriteBlock(loop.Body, bodyForward, context.InLoop());
                _frames.Pop();

                // The reservations go before the loop, once its pushes are known. Where they cover every push of
                // the loop nest (an outermost loop whose pushes can be counted before it starts), the pushes skip the
                // capacity test. Where the nest cannot be counted then (an inner loop's trips depend on an outer
                // loop's variable or a local of the nest, a helper's whole buffer is recorded), each loop inside it
                // that can be counted just before it starts reserves for itself instead (PlaceReservations). A nest
                // that pushes nothing counts for nothing, whatever its bounds (a triangular loop of a helper that only
                // writes a buffer must not cost every push around it its reservation).
                CountedLoop header = counted!;
                string tripCount = TripCount(header);
                bool countable = !frame.Uncountable
                                 && (frame.BoundReads.Count == 0 || !frame.BoundReads.Overlaps(WrittenWithin(loop, header.Var)));
                EquatableArray<ReserveStmt> reservation = countable
                    ? frame.Terms.OrderBy(t => _recording.Tape(t.Key), System.StringComparer.Ordinal)
                        .Select(tape => new ReserveStmt(tape.Key, $"(long){tripCount} * ({Simplify(tape.Value)})"))
                        .ToEquatableArray()
                    : EquatableArray<ReserveStmt>.Empty;
                if (_frames.Count > 0)
                {
                    LoopFrame outer = _frames.Peek();
                    outer.Uncountable |= !countable;
                    if (frame.Terms.Count > 0)
                    {
                        outer.BoundReads.UnionWith(frame.BoundReads);
                        outer.BoundReads.UnionWith(header.From.Reads.Concat(header.To.Reads).Concat(header.Step?.Reads ?? EquatableArray<string>.Empty));
                    }

                    foreach (KeyValuePair<ScalarKind, List<string>> tape in frame.Terms)
                    {
                        // In long arithmetic at every level: a nest's product of trip counts may pass int's range.
                        outer.Add(tape.Key, "(long)" + tripCount + " * (" + string.Join(" + ", tape.Value) + ")");
                    }

                    forward.Add(new ForwardForStmt(init, loop.Condition?.Code ?? string.Empty, step, bodyForward.ToEquatableArray()) { Reservation = reservation });
                }
                else if (countable)
                {
                    forward.AddRange(reservation);
                    forward.Add(new ForwardForStmt(init, loop.Condition?.Code ?? string.Empty, step, MarkReserved(bodyForward).ToEquatableArray()));
                }
                else
                {
                    forward.Add(new ForwardForStmt(init, loop.Condition?.Code ?? string.Empty, step, PlaceReservations(bodyForward).ToEquatableArray()));
                }

                if (!work)
                {
                    return null;
                }

                return new List<SweepStmt> { new ReverseCountedLoopStmt(header, bodyReverse.ToEquatableArray()) };
            }

            // A general loop: run it as a while loop that counts its trips, then replay that many
            // reverse iterations. Everything the body needs in reverse is on the tape.
            CountDynamicPushes();
            var initReverse = new List<List<SweepStmt>>();
            List<SweepStmt> enclosing = forward;
            forward = new List<SweepStmt>();
            foreach (Stmt init in loop.Init)
            {
                List<SweepStmt>? r = WriteStatement(init, forward, context.Nested());
                if (r is not null)
                {
                    initReverse.Add(r);
                }
            }

            string? trips = work ? _names.Fresh("n") : null;
            if (trips is not null)
            {
                forward.Add(new DeclareStmt("int", trips, "0"));
            }

            string condition = loop.Condition?.Code ?? "true";
            var loopForward = new List<SweepStmt>();
            List<SweepStmt> body = WriteBlock(loop.Body, loopForward, context.InLoop());
            var stepReverse = new List<List<SweepStmt>>();
            foreach (Stmt step in loop.Step)
            {
                List<SweepStmt>? r = WriteStatement(step, loopForward, context.InLoop());
                if (r is not null)
                {
                    stepReverse.Add(r);
                }
            }

            if (trips is not null)
            {
                loopForward.Add(new CountTripStmt(trips));
            }

            forward.Add(new ForwardWhileStmt(loop.Kind == LoopKind.Do, condition, loopForward.ToEquatableArray()));
            var pops = new List<SweepStmt>();
            string? count = trips is null ? null : Save(ScalarKind.Integer, new NameTerm(trips, ScalarKind.Integer), context, forward, pops);

            // Counters declared by the loop's initializer are recorded once, after the loop, and run
            // backwards from there.
            var counters = new List<(string Name, string Handle)>();
            if (work)
            {
                foreach (Stmt init in loop.Init)
                {
                    if (init is InactiveStmt { Declares: true } declaration && declaration.Assigned.Count == 1 && _inverted.Contains(declaration.Assigned[0]))
                    {
                        counters.Add((declaration.Assigned[0], Save(ScalarKind.Integer, new NameTerm(declaration.Assigned[0], ScalarKind.Integer), context, forward, pops)));
                    }
                }
            }

            enclosing.Add(new ForwardBlockStmt(forward.ToEquatableArray()));
            if (!work)
            {
                return null;
            }

            var prologue = new List<SweepStmt>(pops);
            foreach ((string name, string handle) in counters)
            {
                prologue.Add(new ResumeCounterStmt(name, handle));
            }

            string k = _names.Fresh("k");
            var trip = new List<SweepStmt>();
            for (int i = stepReverse.Count - 1; i >= 0; i--)
            {
                trip.AddRange(stepReverse[i]);
            }

            trip.AddRange(body);
            var epilogue = new List<SweepStmt>();
            for (int i = initReverse.Count - 1; i >= 0; i--)
            {
                epilogue.AddRange(initReverse[i]);
            }

            return new List<SweepStmt> { new ReplayTripsStmt(prologue.ToEquatableArray(), k, count!, trip.ToEquatableArray(), epilogue.ToEquatableArray()) };
        }

        /// <summary>
        /// Marks the tape pushes of a counted loop nest's forward body as covered by the reservation before it.
        /// Only counted loops and branches are entered: a push inside any other loop made the nest dynamic, and
        /// then nothing is reserved.
        /// </summary>
        private static List<SweepStmt> MarkReserved(IEnumerable<SweepStmt> body)
        {
            var marked = new List<SweepStmt>();
            foreach (SweepStmt statement in body)
            {
                marked.Add(statement switch
                {
                    RecordStmt { Slot: null } record => record with { Reserved = true },
                    ForwardBlockStmt block => block with { Body = MarkReserved(block.Body).ToEquatableArray() },
                    ForwardIfStmt branch => branch with { Then = MarkReserved(branch.Then).ToEquatableArray(), Else = MarkReserved(branch.Else).ToEquatableArray() },
                    ForwardForStmt loop => loop with { Body = MarkReserved(loop.Body).ToEquatableArray(), Reservation = EquatableArray<ReserveStmt>.Empty },
                    _ => statement,
                });
            }

            return marked;
        }

        /// <summary>
        /// In a loop nest that no reservation before it covers, writes each inner loop's own reservation (<see
        /// cref="ForwardForStmt.Reservation"/>) just before it, the outermost such loop of each branch of the nest, and
        /// marks that loop's pushes as covered; the pushes anywhere else keep their capacity test.
        /// </summary>
        private static List<SweepStmt> PlaceReservations(IEnumerable<SweepStmt> body)
        {
            var placed = new List<SweepStmt>();
            foreach (SweepStmt statement in body)
            {
                switch (statement)
                {
                    case ForwardForStmt { Reservation.Count: > 0 } loop:
                        placed.AddRange(loop.Reservation);
                        placed.Add(loop with { Body = MarkReserved(loop.Body).ToEquatableArray(), Reservation = EquatableArray<ReserveStmt>.Empty });
                        break;
                    case ForwardForStmt loop:
                        placed.Add(loop with { Body = PlaceReservations(loop.Body).ToEquatableArray() });
                        break;
                    case ForwardWhileStmt loop:
                        placed.Add(loop with { Body = PlaceReservations(loop.Body).ToEquatableArray() });
                        break;
                    case ForwardBlockStmt block:
                        placed.Add(block with { Body = PlaceReservations(block.Body).ToEquatableArray() });
                        break;
                    case ForwardIfStmt branch:
                        placed.Add(branch with { Then = PlaceReservations(branch.Then).ToEquatableArray(), Else = PlaceReservations(branch.Else).ToEquatableArray() });
                        break;
                    default:
                        placed.Add(statement);
                        break;
                }
            }

            return placed;
        }

        /// <summary>
        /// The names a loop's body may change while it runs, and its own variable: an inner loop whose bounds read one of
        /// them runs a number of trips that cannot be counted before the loop starts.
        /// </summary>
        private static HashSet<string> WrittenWithin(LoopStmt loop, string variable)
        {
            HashSet<string> written = Lowering.InlineLowering.WrittenNames(loop.Body);
            written.Add(variable);
            return written;
        }

        /// <summary>The number of iterations of a counted loop, never negative, as a <c>long</c> whatever the bounds' types.</summary>
        private static string TripCount(CountedLoop loop)
        {
            if (loop.Step is { } step)
            {
                // ⌈span / stride⌉ trips over a span of at least zero.
                return $"(({UnitTripCount(loop)}) + ({step.Code}) - 1) / ({step.Code})";
            }

            return UnitTripCount(loop);
        }

        /// <summary>The number of values between the bounds: the trip count of a loop that steps by one.</summary>
        internal static string UnitTripCount(CountedLoop loop)
        {
            if (loop.From.NaturalType == "int" && loop.To.NaturalType == "int")
            {
                string narrow = loop.Ascending ? $"({loop.To.Code}) - ({loop.From.Code})" : $"({loop.From.Code}) - ({loop.To.Code})";
                return $"global::System.Math.Max(0, {narrow}{(loop.Inclusive ? " + 1" : string.Empty)})";
            }

            string span = loop.Ascending ? $"(long)({loop.To.Code}) - (long)({loop.From.Code})" : $"(long)({loop.From.Code}) - (long)({loop.To.Code})";
            return $"global::System.Math.Max(0L, {span}{(loop.Inclusive ? " + 1" : string.Empty)})";
        }

        private static string Simplify(List<string> terms)
        {
            int constant = terms.Count(t => t == "1");
            var rest = terms.Where(t => t != "1").ToList();
            if (constant > 0)
            {
                rest.Insert(0, constant.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return string.Join(" + ", rest);
        }
    }
}
