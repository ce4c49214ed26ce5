using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Lowering;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// Scalar promotion of a counter in the reverse sweep: where an innermost reversed loop steps a counter back
    /// (<c>li--</c>, the inverse of a triangular product's <c>li++</c>) and indexes with it, the loop steps and reads a
    /// copy declared just before it, and the counter gets the copy's value back after it.
    /// </summary>
    /// <remarks>
    /// The counter lives across the whole method, forward sweep and reverse, and in a large method (GMM with its helpers
    /// inlined) the JIT keeps it in memory: every trip then stores it and loads it again, a chain through memory that
    /// bounds the loop. The copy lives for the loop alone and stays in a register. Only where every mention of the counter
    /// in the loop is one this pass can rename (an index or a term of the sweep's own statements, or the inverted update
    /// itself); anything else (a recomputed statement, host code, a primal expression, a nested loop) leaves the loop as it
    /// is. The loop's bounds must not read the counter.
    /// </remarks>
    internal static class CounterLocalization
    {
        /// <summary>The reverse sweep with the counters of its innermost loops localized.</summary>
        public static List<SweepStmt> Run(IEnumerable<SweepStmt> steps, NameSource names)
        {
            var result = new List<SweepStmt>();
            foreach (SweepStmt step in steps)
            {
                switch (step)
                {
                    case ReverseCountedLoopStmt loop when Nested(loop.Body):
                        result.Add(loop with { Body = Run(loop.Body, names).ToEquatableArray() });
                        break;
                    case ReverseCountedLoopStmt loop:
                        Localize(loop, names, result);
                        break;
                    case ReverseBlockStmt block:
                        result.Add(block with { Body = Run(block.Body, names).ToEquatableArray() });
                        break;
                    case UnlessZeroStmt guard:
                        result.Add(guard with { Body = Run(guard.Body, names).ToEquatableArray() });
                        break;
                    case ReplayTripsStmt trips:
                        result.Add(trips with { Body = Run(trips.Body, names).ToEquatableArray() });
                        break;
                    case ReplayBranchStmt branch:
                        result.Add(branch with { Then = Run(branch.Then, names).ToEquatableArray(), Else = Run(branch.Else, names).ToEquatableArray() });
                        break;
                    default:
                        result.Add(step);
                        break;
                }
            }

            return result;
        }

        /// <summary>
        /// The forward sweep with the counters of its innermost nested loops localized: the triangle's <c>li++</c> forwards,
        /// as its reverse steps back. A loop at the top of the sweep is left alone (the recorded halves declare that level's
        /// locals themselves), and so is a counter that is not an <c>int</c>.
        /// </summary>
        public static List<SweepStmt> RunForward(IEnumerable<SweepStmt> steps, NameSource names) => Forward(steps, names, inLoop: false);

        private static List<SweepStmt> Forward(IEnumerable<SweepStmt> steps, NameSource names, bool inLoop)
        {
            var result = new List<SweepStmt>();
            foreach (SweepStmt step in steps)
            {
                switch (step)
                {
                    case ForwardForStmt loop when NestedForward(loop.Body) || !inLoop:
                        result.Add(loop with { Body = Forward(loop.Body, names, inLoop: true).ToEquatableArray() });
                        break;
                    case ForwardForStmt loop:
                        LocalizeForward(loop, names, result);
                        break;
                    case ForwardWhileStmt loop:
                        result.Add(loop with { Body = Forward(loop.Body, names, inLoop: true).ToEquatableArray() });
                        break;
                    case ForwardBlockStmt block:
                        result.Add(block with { Body = Forward(block.Body, names, inLoop).ToEquatableArray() });
                        break;
                    case ForwardIfStmt branch:
                        result.Add(branch with { Then = Forward(branch.Then, names, inLoop).ToEquatableArray(), Else = Forward(branch.Else, names, inLoop).ToEquatableArray() });
                        break;
                    default:
                        result.Add(step);
                        break;
                }
            }

            return result;
        }

        private static bool NestedForward(IEnumerable<SweepStmt> steps) => steps.Any(step => step is ForwardForStmt or ForwardWhileStmt or ForwardBlockStmt or ForwardIfStmt);

        private static void LocalizeForward(ForwardForStmt loop, NameSource names, List<SweepStmt> into)
        {
            var header = new HashSet<string>(Emit.IdentifierScan.All(loop.InitCode).Concat(Emit.IdentifierScan.All(loop.ConditionCode)).Concat(Emit.IdentifierScan.All(loop.StepCode)), System.StringComparer.Ordinal);
            var counters = new SortedSet<string>(
                loop.Body.OfType<RunInactiveStmt>()
                    .Select(run => run.Statement.Effect)
                    .OfType<UpdateValue>()
                    .Where(update => update.Type.Kind == IrTypeKind.Int32 && !header.Contains(update.Name))
                    .Select(update => update.Name),
                System.StringComparer.Ordinal);
            var before = new List<SweepStmt>();
            var after = new List<SweepStmt>();
            IReadOnlyList<SweepStmt> body = loop.Body;
            foreach (string counter in counters)
            {
                string copy = names.Fresh("n");
                if (RenameForward(body, counter, copy) is not { } renamed)
                {
                    continue;
                }

                body = renamed;
                before.Add(new RunInactiveStmt(new InactiveStmt("int " + copy + " = " + counter + ";", new[] { copy }.ToEquatableArray())));
                after.Add(new RunInactiveStmt(new InactiveStmt(counter + " = " + copy + ";", new[] { counter }.ToEquatableArray())));
            }

            into.AddRange(before);
            into.Add(before.Count == 0 ? loop : loop with { Body = body.ToEquatableArray() });
            into.AddRange(after);
        }

        /// <summary>The forward steps with <paramref name="from"/> read and stepped as <paramref name="to"/>; null when a mention cannot be renamed.</summary>
        private static List<SweepStmt>? RenameForward(IEnumerable<SweepStmt> steps, string from, string to)
        {
            var result = new List<SweepStmt>();
            foreach (SweepStmt step in steps)
            {
                SweepStmt? renamed = step switch
                {
                    CommentStmt => step,
                    TempStmt temp => temp.Name != from && Rename(temp.Value, from, to) is { } value ? temp with { Value = value } : null,
                    RecordStmt record => record.Slot != from && Rename(record.Value, from, to) is { } value ? record with { Value = value } : null,
                    PrimalAssignStmt assign => assign.Target != from && (assign.IndexCode is null || !Emit.IdentifierScan.All(assign.IndexCode).Contains(from))
                        && Rename(assign.Value, from, to) is { } value
                        ? assign with { Value = value }
                        : null,
                    SinCosStmt sinCos => Rename(sinCos.Argument, from, to) is { } argument ? sinCos with { Argument = argument } : null,
                    RunInactiveStmt { Statement.Effect: UpdateValue update } run when update.Name == from => SteppedForward(run, update, to),
                    RunInactiveStmt run => !run.Statement.Assigned.Contains(from) && !Emit.IdentifierScan.All(run.Statement.Code).Contains(from) ? step : null,
                    CountTripStmt count => count.Counter != from ? step : null,
                    _ => null,
                };
                if (renamed is null)
                {
                    return null;
                }

                result.Add(renamed);
            }

            return result;
        }

        /// <summary>The counter's update (<c>li++;</c>, <c>li += 2;</c>), made on the copy.</summary>
        private static SweepStmt? SteppedForward(RunInactiveStmt run, UpdateValue update, string to)
        {
            if (update.Operand is { } operand && ValueTree.Reads(operand).Contains(update.Name))
            {
                return null;
            }

            UpdateValue stepped = update with { Name = to };
            return new RunInactiveStmt(run.Statement with { Code = ValuePrinter.Print(stepped) + ";", Assigned = new[] { to }.ToEquatableArray(), Effect = stepped });
        }

        /// <summary>Whether a loop is nested anywhere in the steps (inside a guard or a block too).</summary>
        private static bool Nested(IEnumerable<SweepStmt> steps) => steps.Any(step => step switch
        {
            ReverseCountedLoopStmt => true,
            UnlessZeroStmt guard => Nested(guard.Body),
            ReverseBlockStmt block => Nested(block.Body),
            ReplayTripsStmt or ReplayBranchStmt => true,
            _ => false,
        });

        private static void Localize(ReverseCountedLoopStmt loop, NameSource names, List<SweepStmt> into)
        {
            var counters = new SortedSet<string>(Counters(loop.Body), System.StringComparer.Ordinal);
            CountedLoop header = loop.Loop;
            IEnumerable<string> bounds = ValueTree.Reads(header.From.Tree).Concat(ValueTree.Reads(header.To.Tree))
                .Concat(header.Step is null ? Enumerable.Empty<string>() : ValueTree.Reads(header.Step.Tree));
            counters.ExceptWith(bounds);
            counters.Remove(header.Var);

            var before = new List<SweepStmt>();
            var after = new List<SweepStmt>();
            IReadOnlyList<SweepStmt> body = loop.Body;
            foreach (string counter in counters)
            {
                string copy = names.Fresh("n");
                if (RenameSteps(body, counter, copy) is not { } renamed)
                {
                    continue;
                }

                body = renamed;
                before.Add(new DeclareStmt("var", copy, counter));
                after.Add(new RunInactiveStmt(new InactiveStmt(counter + " = " + copy + ";", new[] { counter }.ToEquatableArray())));
            }

            into.AddRange(before);
            into.Add(before.Count == 0 ? loop : loop with { Body = body.ToEquatableArray() });
            into.AddRange(after);
        }

        private static IEnumerable<string> Counters(IEnumerable<SweepStmt> steps) => steps.SelectMany(step => step switch
        {
            InvertCounterStmt invert => new[] { invert.Counter },
            UnlessZeroStmt guard => Counters(guard.Body),
            ReverseBlockStmt block => Counters(block.Body),
            _ => Enumerable.Empty<string>(),
        });

        /// <summary>The steps with <paramref name="from"/> read and stepped as <paramref name="to"/>; null when a mention cannot be renamed.</summary>
        private static List<SweepStmt>? RenameSteps(IEnumerable<SweepStmt> steps, string from, string to)
        {
            var result = new List<SweepStmt>();
            foreach (SweepStmt step in steps)
            {
                SweepStmt? renamed = step switch
                {
                    CommentStmt => step,
                    IncrementStmt increment => Rename(increment.Target, from, to) is { } target && Rename(increment.Term, from, to) is { } term
                        ? increment with { Target = target, Term = term }
                        : null,
                    TakeAdjointStmt take => take.Seed != from && Rename(take.Adjoint, from, to) is { } adjoint ? take with { Adjoint = adjoint } : null,
                    PopStmt pop => pop.Handle != from ? step : null,
                    RestoreElementStmt restore => restore.Array != from && Rename(restore.Index, from, to) is { } index ? restore with { Index = index } : null,
                    InvertCounterStmt invert when invert.Counter == from => Stepped(invert, from, to),
                    InvertCounterStmt invert => invert.Update.Effect is { } effect && !ValueTree.Reads(effect).Contains(from) ? step : null,
                    DeclareStmt declare => declare.Name != from && !Emit.IdentifierScan.All(declare.Initializer).Contains(from) ? step : null,
                    UnlessZeroStmt guard => guard.Seed != from && RenameSteps(guard.Body, from, to) is { } body ? guard with { Body = body.ToEquatableArray() } : null,
                    ReverseBlockStmt block => RenameSteps(block.Body, from, to) is { } body ? block with { Body = body.ToEquatableArray() } : null,
                    _ => null,
                };
                if (renamed is null)
                {
                    return null;
                }

                result.Add(renamed);
            }

            return result;
        }

        /// <summary>The counter's own inverted update, made on the copy.</summary>
        private static SweepStmt? Stepped(InvertCounterStmt invert, string from, string to)
        {
            if (invert.Update.Effect is not UpdateValue { } update || update.Name != from
                || (update.Operand is { } operand && ValueTree.Reads(operand).Contains(from)))
            {
                return null;
            }

            UpdateValue stepped = update with { Name = to };
            InactiveStmt statement = invert.Update with { Code = ValuePrinter.Print(stepped) + ";", Assigned = new[] { to }.ToEquatableArray(), Effect = stepped };
            return new InvertCounterStmt(statement, to);
        }

        private static AdjointRef? Rename(AdjointRef reference, string from, string to) =>
            reference.Name == from ? null
            : reference.Index is null ? reference
            : Rename(reference.Index, from, to) is { } index ? reference with { Index = index } : null;

        private static Term? Rename(Term term, string from, string to) => term switch
        {
            NameTerm name when name.Name == from => name with { Name = to },
            ElementTerm element => element.Buffer != from && Rename(element.Index, from, to) is { } index ? element with { Index = index } : null,
            ValueTerm value => Rename(value.Value.Tree, from, to) is { } tree ? new ValueTerm(value.Value with { Tree = tree }) : null,
            // A primal expression is the original computation's own: not renamed, so not allowed.
            PrimalTerm => null,
            _ => Terms.MapChildren(term, child => Rename(child, from, to)),
        };

        private static Value? Rename(Value value, string from, string to)
        {
            switch (value)
            {
                case NameValue name:
                    return name.Name == from ? name with { Name = to } : name;
                case UpdateValue update when update.Name == from:
                    return null;
                case HostValue host:
                    return host.Reads.Contains(from) || host.Writes.Contains(from) || Emit.IdentifierScan.All(host.Code).Contains(from) ? null : host;
                case LengthValue length:
                    return length.Buffer == from ? null : length;
                case ElementValue element:
                    return element.Buffer != from && Rename(element.Index, from, to) is { } index ? element with { Index = index } : null;
                case UnaryValue unary:
                    return Rename(unary.Operand, from, to) is { } operand ? unary with { Operand = operand } : null;
                case BinaryValue binary:
                    return Rename(binary.Left, from, to) is { } left && Rename(binary.Right, from, to) is { } right ? binary with { Left = left, Right = right } : null;
                case ConditionalValue conditional:
                    return Rename(conditional.Condition, from, to) is { } condition && Rename(conditional.WhenTrue, from, to) is { } whenTrue
                        && Rename(conditional.WhenFalse, from, to) is { } whenFalse
                        ? conditional with { Condition = condition, WhenTrue = whenTrue, WhenFalse = whenFalse }
                        : null;
                case CastValue cast:
                    return Rename(cast.Operand, from, to) is { } castOperand ? cast with { Operand = castOperand } : null;
                case IsNullValue isNull:
                    return Rename(isNull.Operand, from, to) is { } tested ? isNull with { Operand = tested } : null;
                case UpdateValue { Operand: { } updateOperand } update:
                    return Rename(updateOperand, from, to) is { } renamedOperand ? update with { Operand = renamedOperand } : null;
                case ConstantValue or UpdateValue:
                    return value;
                default:
                    // A value kind this pass does not know: not renamed, so not allowed.
                    return null;
            }
        }
    }
}
