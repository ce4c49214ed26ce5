using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Lowering;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// Scalar promotion of the reverse sweep: where a reversed counted loop adds into one element of a local array's
    /// adjoint at an index the loop does not change (<c>adj_xc[col] += a · icf[li]</c> in a triangular product, over
    /// the inner loop's rows), the additions go into a local declared before the loop, and the element gets the sum
    /// once after it.
    /// </summary>
    /// <remarks>
    /// The JIT cannot keep the element in a register: it may alias the other adjoint arrays the loop stores into, so
    /// every trip loads it, adds and stores it again, a chain through memory that costs several times the adds
    /// themselves. A local array's adjoint belongs to the generated method, and nothing else refers to it, so the
    /// promotion is safe when every mention of the array in the loop is such an increment at the same index, and the
    /// index reads no name the loop assigns. The sum is added in another order than before, which can change the
    /// last bits of the result.
    /// </remarks>
    internal static class InvariantAccumulation
    {
        /// <summary>The reverse sweep with the increments promoted, for the local arrays' adjoints in <paramref name="owned"/> (name → element type).</summary>
        /// <param name="localArrays">The method's own local arrays: no parameter, and so no adjoint the loop stores into, can share their memory.</param>
        public static List<SweepStmt> Run(List<SweepStmt> reverse, IReadOnlyDictionary<string, string> owned, IReadOnlyCollection<string> localArrays, NameSource names) =>
            owned.Count == 0 && localArrays.Count == 0 ? reverse : Rewrite(reverse, owned, localArrays, names);

        private static List<SweepStmt> Rewrite(IEnumerable<SweepStmt> steps, IReadOnlyDictionary<string, string> owned, IReadOnlyCollection<string> localArrays, NameSource names)
        {
            var result = new List<SweepStmt>();
            foreach (SweepStmt step in steps)
            {
                switch (step)
                {
                    case ReverseCountedLoopStmt loop:
                    {
                        var body = Rewrite(loop.Body, owned, localArrays, names);
                        var promoted = new List<SweepStmt>();
                        body = HoistInvariantReads(loop, body, localArrays, names, promoted);
                        var after = new List<SweepStmt>();
                        foreach ((string array, Value index, string type) in Candidates(loop, body, owned))
                        {
                            string sum = names.Fresh("sum");
                            ScalarKind kind = type == "float" ? ScalarKind.Float : ScalarKind.Double;
                            promoted.Add(new DeclareStmt(type, sum, "0") { IsAdjoint = true });
                            body = Redirect(body, array, sum);
                            // Only when the loop added something: with no trips the index may not be valid (t[start] over start..end).
                            after.Add(new UnlessZeroStmt(sum, new SweepStmt[] { new IncrementStmt(new AdjointRef(array, index), new NameTerm(sum, kind)) }.ToEquatableArray()));
                        }

                        result.AddRange(promoted);
                        result.Add(loop with { Body = body.ToEquatableArray() });
                        result.AddRange(after);
                        break;
                    }

                    case ReverseBlockStmt block:
                        result.Add(block with { Body = Rewrite(block.Body, owned, localArrays, names).ToEquatableArray() });
                        break;
                    case ReplayTripsStmt trips:
                        result.Add(trips with { Body = Rewrite(trips.Body, owned, localArrays, names).ToEquatableArray() });
                        break;
                    case ReplayBranchStmt branch:
                        result.Add(branch with { Then = Rewrite(branch.Then, owned, localArrays, names).ToEquatableArray(), Else = Rewrite(branch.Else, owned, localArrays, names).ToEquatableArray() });
                        break;
                    default:
                        result.Add(step);
                        break;
                }
            }

            return result;
        }

        /// <summary>
        /// Reads of a local array's element that every trip of the loop makes at the same index (<c>xc[col]</c> in the reverse
        /// of a triangular product's inner loop) are read once, into a local declared before the loop. Only for the method's
        /// own arrays, which the loop does not write (no restore of theirs in it): the adjoints the loop stores into cannot
        /// share their memory, so the value cannot change, but the JIT cannot know that and reloads the element on every trip,
        /// with the array's reference held in a register the loop then lacks. The local is read guarded, as 0 when the index
        /// is out of range: the loop may run no trips where the index is valid only for a trip.
        /// </summary>
        private static List<SweepStmt> HoistInvariantReads(ReverseCountedLoopStmt loop, List<SweepStmt> body, IReadOnlyCollection<string> localArrays, NameSource names, List<SweepStmt> declarations)
        {
            var written = new HashSet<string>(System.StringComparer.Ordinal) { loop.Loop.Var };
            var increments = new List<IncrementStmt>();
            var mentioned = new HashSet<string>(System.StringComparer.Ordinal);
            if (localArrays.Count == 0 || !Walk(body, written, increments, mentioned) || Recomputes(body))
            {
                return body;
            }

            if (increments.Any(i => MayWrite(i.Term)))
            {
                return body;
            }

            var reads = new Dictionary<ElementTerm, Term>();
            foreach (ElementTerm element in increments.SelectMany(i => Elements(i.Term)).Distinct())
            {
                if (element.Kind is not (ScalarKind.Double or ScalarKind.Float) || !localArrays.Contains(element.Buffer) || written.Contains(element.Buffer)
                    || increments.Any(i => i.Target.Name == element.Buffer))
                {
                    continue;
                }

                string index = ValuePrinter.Print(element.Index);
                if (Names(index).Any(written.Contains))
                {
                    continue;
                }

                string name = names.Fresh("e");
                string type = element.Kind == ScalarKind.Float ? "float" : "double";
                declarations.Add(new DeclareStmt(type, name, "(uint)(" + index + ") < (uint)" + element.Buffer + ".Length ? " + element.Buffer + "[" + index + "] : 0"));
                reads[element] = new NameTerm(name, element.Kind);
            }

            return reads.Count == 0 ? body : ReadLocals(body, reads);
        }

        /// <summary>
        /// The forward sweep's innermost counted loops with their invariant reads of a local array's element read once
        /// before the loop, as <see cref="HoistInvariantReads"/> does for the reverse sweep (<c>xc[col]</c> in the triangle's
        /// <c>qxc[r] += icf[li] * xc[col]</c>): only where no step of the loop writes the array or assigns a name the index
        /// reads, and every step is one this pass knows.
        /// </summary>
        public static List<SweepStmt> RunForward(IEnumerable<SweepStmt> steps, IReadOnlyCollection<string> localArrays, NameSource names)
        {
            var result = new List<SweepStmt>();
            foreach (SweepStmt step in steps)
            {
                switch (step)
                {
                    case ForwardForStmt loop when loop.Body.Any(s => s is ForwardForStmt or ForwardWhileStmt or ForwardBlockStmt or ForwardIfStmt):
                        result.Add(loop with { Body = RunForward(loop.Body, localArrays, names).ToEquatableArray() });
                        break;
                    case ForwardForStmt loop:
                        result.AddRange(HoistForwardReads(loop, localArrays, names));
                        break;
                    case ForwardWhileStmt loop:
                        result.Add(loop with { Body = RunForward(loop.Body, localArrays, names).ToEquatableArray() });
                        break;
                    case ForwardBlockStmt block:
                        result.Add(block with { Body = RunForward(block.Body, localArrays, names).ToEquatableArray() });
                        break;
                    case ForwardIfStmt branch:
                        result.Add(branch with { Then = RunForward(branch.Then, localArrays, names).ToEquatableArray(), Else = RunForward(branch.Else, localArrays, names).ToEquatableArray() });
                        break;
                    default:
                        result.Add(step);
                        break;
                }
            }

            return result;
        }

        private static IEnumerable<SweepStmt> HoistForwardReads(ForwardForStmt loop, IReadOnlyCollection<string> localArrays, NameSource names)
        {
            // The step assigns the loop's variable; an array the start or the condition names is left alone, since a call
            // there could write it.
            var assigned = new HashSet<string>(Names(loop.StepCode), System.StringComparer.Ordinal);
            var header = new HashSet<string>(Names(loop.InitCode).Concat(Names(loop.ConditionCode)), System.StringComparer.Ordinal);
            var terms = new List<Term>();
            foreach (SweepStmt step in loop.Body)
            {
                switch (step)
                {
                    case CommentStmt:
                        break;
                    case TempStmt temp:
                        assigned.Add(temp.Name);
                        terms.Add(temp.Value);
                        break;
                    case RecordStmt record:
                        terms.Add(record.Value);
                        break;
                    case PrimalAssignStmt assign:
                        assigned.Add(assign.Target);
                        terms.Add(assign.Value);
                        break;
                    case RunInactiveStmt run:
                        assigned.UnionWith(run.Statement.Assigned);
                        assigned.UnionWith(Names(run.Statement.Code));
                        break;
                    default:
                        return new SweepStmt[] { loop };
                }
            }

            if (terms.Any(MayWrite))
            {
                return new SweepStmt[] { loop };
            }

            var reads = new Dictionary<ElementTerm, Term>();
            var declarations = new List<SweepStmt>();
            foreach (ElementTerm element in terms.SelectMany(Elements).Distinct())
            {
                string index = ValuePrinter.Print(element.Index);
                if (element.Kind is not (ScalarKind.Double or ScalarKind.Float) || !localArrays.Contains(element.Buffer) || assigned.Contains(element.Buffer)
                    || header.Contains(element.Buffer) || Names(index).Any(assigned.Contains))
                {
                    continue;
                }

                string name = names.Fresh("e");
                string type = element.Kind == ScalarKind.Float ? "float" : "double";
                declarations.Add(new RunInactiveStmt(new InactiveStmt(
                    type + " " + name + " = (uint)(" + index + ") < (uint)" + element.Buffer + ".Length ? " + element.Buffer + "[" + index + "] : 0;",
                    new[] { name }.ToEquatableArray())));
                reads[element] = new NameTerm(name, element.Kind);
            }

            if (reads.Count == 0)
            {
                return new SweepStmt[] { loop };
            }

            List<SweepStmt> body = loop.Body.Select(step => step switch
            {
                TempStmt temp => temp with { Value = Replace(temp.Value, reads) },
                RecordStmt record => record with { Value = Replace(record.Value, reads) },
                PrimalAssignStmt assign => assign with { Value = Replace(assign.Value, reads) },
                _ => step,
            }).ToList();
            return declarations.Append(loop with { Body = body.ToEquatableArray() });
        }

        /// <summary>Whether a step recomputes an inactive statement, which may write any array: nothing is hoisted past it.</summary>
        private static bool Recomputes(IEnumerable<SweepStmt> steps) => steps.Any(step => step switch
        {
            RecomputeStmt => true,
            UnlessZeroStmt guard => Recomputes(guard.Body),
            ReverseBlockStmt block => Recomputes(block.Body),
            ReverseCountedLoopStmt inner => Recomputes(inner.Body),
            _ => false,
        });

        /// <summary>
        /// Whether evaluating the term could write an array: a primal expression, or host code that is not pure (a call of an
        /// ordinary method). A loop with such a term keeps its reads where they are.
        /// </summary>
        private static bool MayWrite(Term term) => term switch
        {
            PrimalTerm => true,
            ValueTerm value => !ValueTree.IsPure(value.Value.Tree),
            ElementTerm element => !ValueTree.IsPure(element.Index),
            _ => Terms.Children(term).Any(MayWrite),
        };

        private static IEnumerable<ElementTerm> Elements(Term term) =>
            term is ElementTerm element ? new[] { element } : Terms.Children(term).SelectMany(Elements);

        /// <summary>The steps with every hoisted element read from its local.</summary>
        private static List<SweepStmt> ReadLocals(IEnumerable<SweepStmt> steps, IReadOnlyDictionary<ElementTerm, Term> reads) => steps.Select(step => step switch
        {
            IncrementStmt increment => increment with { Term = Replace(increment.Term, reads) },
            UnlessZeroStmt guard => guard with { Body = ReadLocals(guard.Body, reads).ToEquatableArray() },
            ReverseBlockStmt block => block with { Body = ReadLocals(block.Body, reads).ToEquatableArray() },
            ReverseCountedLoopStmt inner => inner with { Body = ReadLocals(inner.Body, reads).ToEquatableArray() },
            _ => step,
        }).ToList();

        private static Term Replace(Term term, IReadOnlyDictionary<ElementTerm, Term> reads) =>
            term is ElementTerm element && reads.TryGetValue(element, out Term? local) ? local : Terms.MapChildren(term, child => Replace(child, reads)) ?? term;

        /// <summary>The owned arrays whose every mention in the loop is an increment at one index the loop does not change.</summary>
        private static IEnumerable<(string Array, Value Index, string Type)> Candidates(ReverseCountedLoopStmt loop, List<SweepStmt> body, IReadOnlyDictionary<string, string> owned)
        {
            var written = new HashSet<string>(System.StringComparer.Ordinal) { loop.Loop.Var };
            var increments = new List<IncrementStmt>();
            var mentioned = new HashSet<string>(System.StringComparer.Ordinal);
            if (!Walk(body, written, increments, mentioned))
            {
                yield break;
            }

            foreach (IGrouping<string, IncrementStmt> group in increments.Where(i => i.Target.Index is not null && owned.ContainsKey(i.Target.Name)).GroupBy(i => i.Target.Name))
            {
                string index = ValuePrinter.Print(group.First().Target.Index!);
                if (mentioned.Contains(group.Key)
                    || group.Any(i => i.Cast is not null || ValuePrinter.Print(i.Target.Index!) != index)
                    || Names(index).Any(written.Contains))
                {
                    continue;
                }

                yield return (group.Key, group.First().Target.Index!, owned[group.Key]);
            }
        }

        /// <summary>
        /// Collects the names the steps assign, their increments, and every name mentioned anywhere else (a term, an
        /// index, a taken adjoint); false when a step is of a kind this pass does not look into.
        /// </summary>
        private static bool Walk(IEnumerable<SweepStmt> steps, HashSet<string> written, List<IncrementStmt> increments, HashSet<string> mentioned)
        {
            foreach (SweepStmt step in steps)
            {
                switch (step)
                {
                    case CommentStmt:
                        break;
                    case DeclareStmt declare:
                        // A sum or a read this pass put before an inner loop.
                        written.Add(declare.Name);
                        mentioned.UnionWith(Names(declare.Initializer));
                        break;
                    case IncrementStmt increment:
                        increments.Add(increment);
                        mentioned.UnionWith(Names(TermPrinter.Print(increment.Term)));
                        if (increment.Target.Index is { } at)
                        {
                            mentioned.UnionWith(Names(ValuePrinter.Print(at)));
                        }

                        break;
                    case TakeAdjointStmt take:
                        written.Add(take.Seed);
                        mentioned.Add(take.Adjoint.Name);
                        if (take.Adjoint.Index is { } taken)
                        {
                            mentioned.UnionWith(Names(ValuePrinter.Print(taken)));
                        }

                        break;
                    case PopStmt pop:
                        written.Add(pop.Handle);
                        break;
                    case InvertCounterStmt invert:
                        written.Add(invert.Counter);
                        break;
                    case RecomputeStmt recompute:
                        written.UnionWith(recompute.Declaration.Assigned);
                        mentioned.UnionWith(Names(recompute.Declaration.Code));
                        break;
                    case RestoreElementStmt restore:
                        written.Add(restore.Array);
                        mentioned.UnionWith(Names(ValuePrinter.Print(restore.Index)));
                        break;
                    case UnlessZeroStmt guard:
                        if (!Walk(guard.Body, written, increments, mentioned))
                        {
                            return false;
                        }

                        break;
                    case ReverseBlockStmt block:
                        if (!Walk(block.Body, written, increments, mentioned))
                        {
                            return false;
                        }

                        break;
                    case ReverseCountedLoopStmt inner:
                        written.Add(inner.Loop.Var);
                        if (!Walk(inner.Body, written, increments, mentioned))
                        {
                            return false;
                        }

                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        /// <summary>The steps with every increment of <paramref name="array"/> going to the local <paramref name="sum"/> instead.</summary>
        private static List<SweepStmt> Redirect(IEnumerable<SweepStmt> steps, string array, string sum) => steps.Select(step => step switch
        {
            IncrementStmt increment when increment.Target.Name == array => increment with { Target = new AdjointRef(sum) },
            UnlessZeroStmt guard => guard with { Body = Redirect(guard.Body, array, sum).ToEquatableArray() },
            ReverseBlockStmt block => block with { Body = Redirect(block.Body, array, sum).ToEquatableArray() },
            ReverseCountedLoopStmt inner => inner with { Body = Redirect(inner.Body, array, sum).ToEquatableArray() },
            _ => step,
        }).ToList();

        private static IEnumerable<string> Names(string code) => Emit.IdentifierScan.All(code);
    }
}
