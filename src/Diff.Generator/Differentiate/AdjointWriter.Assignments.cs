using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Diff.Generator.Rules;

namespace Diff.Generator.Differentiate
{
    internal sealed partial class AdjointWriter
    {
        /// <summary>
        /// One active assignment <c>v = e</c>. Forward: evaluate e through temporaries, compute
        /// ∂e/∂leaf for every active leaf (variables and elements e reads), record the non-constant
        /// ones, assign. Reverse: <c>a = v̄; v̄ = 0; leaf̄ += a · ∂e/∂leaf</c> (no reset when e is
        /// <c>v + …</c>, which keeps <c>s += …</c> loops cheap).
        /// </summary>
        /// <summary>
        /// The reciprocal of each value that two or more of a statement's recorded partials divide by, evaluated once in the
        /// forward sweep: a quotient a / b has the partials 1 / b and −(a / b) / b, and a division costs several times a
        /// multiplication (bundle adjustment's rotation and projection record five such pairs per observation).
        /// </summary>
        private Dictionary<Term, Term> ShareReciprocals(IEnumerable<Term> partials, List<SweepStmt> forward)
        {
            var reciprocals = new Dictionary<Term, Term>();
            foreach (IGrouping<Term, Term> divisor in partials.Select(DivisorOf).OfType<Term>().GroupBy(d => d).Where(g => g.Count() > 1))
            {
                string name = _names.Fresh("r");
                forward.Add(new TempStmt(name, Terms.Divide(Terms.Number(1, divisor.Key.Kind), divisor.Key)));
                reciprocals[divisor.Key] = new NameTerm(name, divisor.Key.Kind);
            }

            return reciprocals;
        }

        /// <summary>What a partial of the form q / b or −(q / b) divides by (not a number: those are cheap already); null otherwise.</summary>
        private static Term? DivisorOf(Term partial) => partial switch
        {
            BinaryTerm { Operator: TermOperator.Divide, Right: not NumberTerm } quotient => quotient.Right,
            NegateTerm { Operand: BinaryTerm { Operator: TermOperator.Divide, Right: not NumberTerm } quotient } => quotient.Right,
            _ => null,
        };

        /// <summary>
        /// <paramref name="partial"/> with its division by a shared divisor made a multiplication by the reciprocal. Built
        /// directly, not through <see cref="Terms.Multiply"/>, whose simplification would make it a division again.
        /// </summary>
        private static Term TimesReciprocal(Term partial, Dictionary<Term, Term> reciprocals)
        {
            switch (partial)
            {
                case BinaryTerm { Operator: TermOperator.Divide } quotient when reciprocals.TryGetValue(quotient.Right, out Term? reciprocal):
                    return Terms.IsNumber(quotient.Left, 1) ? reciprocal : new BinaryTerm(TermOperator.Multiply, quotient.Left, reciprocal, quotient.Kind);
                case NegateTerm { Operand: BinaryTerm { Operator: TermOperator.Divide } } negated:
                    Term inner = TimesReciprocal(negated.Operand, reciprocals);
                    return ReferenceEquals(inner, negated.Operand) ? partial : new NegateTerm(inner);
                default:
                    return partial;
            }
        }

        private List<SweepStmt> WriteActiveAssignment(AssignStmt assign, List<SweepStmt> forward, Context context)
        {
            _currentAssignment = assign;
            var pops = new List<SweepStmt>();
            var statement = new StatementScope(this, forward, context, pops);
            forward.Add(new CommentStmt(assign.Source));

            Value? targetIndexForward = null;
            Value? targetIndexReverse = null;
            if (assign.Target is ElemTarget elementTarget)
            {
                (targetIndexForward, targetIndexReverse) = statement.Index(elementTarget.Index);
            }

            Node root = statement.Build(assign.Value);
            statement.Backprop(root, Terms.Number(1, assign.Value.Kind));
            statement.EmitTemporaries(root);
            Term value = statement.TermOf(root);

            AdjointRef targetAdjointReverse;
            string targetKey;
            PrimalAssignStmt assignment;
            switch (assign.Target)
            {
                case LocalTarget local:
                    targetAdjointReverse = new AdjointRef(AdjointOf(local.Name, local.Kind));
                    targetKey = "v:" + local.Name;
                    assignment = new PrimalAssignStmt(local.Name, local.DeclaredType, value);
                    break;
                case ElemTarget element:
                    targetAdjointReverse = new AdjointRef(AdjointOf(element.Array, element.Kind), targetIndexReverse);
                    targetKey = "e:" + element.Array + "[" + ValuePrinter.Print(targetIndexForward!) + "]";
                    // A kernel's Atomic.Add replays as one: the increment alone, added atomically.
                    assignment = assign.Atomic
                        ? new PrimalAssignStmt(element.Array, null, statement.TermOf(root.Children[1])) { IndexCode = ValuePrinter.Print(targetIndexForward!), Atomic = true }
                        : new PrimalAssignStmt(element.Array, null, value) { IndexCode = ValuePrinter.Print(targetIndexForward!) };
                    break;
                default:
                    targetAdjointReverse = new AdjointRef("__dReturn");
                    targetKey = "result";
                    assignment = new PrimalAssignStmt("__result", null, value);
                    break;
            }

            bool accumulate = statement.Leaves.TryGetValue(targetKey, out Leaf? self) && Terms.IsNumber(self.Partial, 1);
            if (accumulate)
            {
                statement.Leaves.Remove(targetKey);
            }

            // Record what the partials need, after the vectors the calls pushed: either each partial that
            // cannot be recomputed, or, when fewer, the forward-only temporaries they are built from
            // (Math.Exp(a) · b and Math.Exp(a) share one recorded exponential).
            IReadOnlyDictionary<Term, string> recorded = RecordForwardOnlyValues(statement, assign.Target.Kind, context, forward, pops);
            var applications = new List<(Leaf Leaf, Term Partial)>();
            // Indexed like the leaves rather than keyed by them: a leaf is hashed nowhere else, and the first hash of an
            // object is a call into the runtime, which every partial of every companion paid.
            Leaf[] leaves = statement.Leaves.Values.ToArray();
            var again = new Term?[leaves.Length];
            for (int i = 0; i < leaves.Length; i++)
            {
                again[i] = statement.IsConstant(leaves[i].Partial) ? null : statement.Reverse(leaves[i].Partial, recorded);
            }

            Dictionary<Term, Term> reciprocals = ShareReciprocals(
                Enumerable.Range(0, leaves.Length).Where(i => !statement.IsConstant(leaves[i].Partial) && again[i] is null).Select(i => leaves[i].Partial), forward);
            for (int i = 0; i < leaves.Length; i++)
            {
                Leaf leaf = leaves[i];
                Term partial = leaf.Partial;
                if (!statement.IsConstant(partial))
                {
                    bool cast = leaf.Kind != assign.Target.Kind || statement.MixedKinds;
                    if (again[i] is { } recomputed)
                    {
                        partial = cast ? new ConvertTerm(recomputed, leaf.Kind) : recomputed;
                    }
                    else
                    {
                        partial = TimesReciprocal(partial, reciprocals);
                        partial = new NameTerm(Save(leaf.Kind, cast ? new ConvertTerm(partial, leaf.Kind) : partial, context, forward, pops), leaf.Kind);
                    }
                }

                applications.Add((leaf, partial));
            }

            foreach (VectorLeaf vector in statement.Vectors)
            {
                vector.FactorReverse = statement.IsConstant(vector.Factor)
                    ? vector.Factor
                    : new NameTerm(Save(assign.Target.Kind, vector.Factor, context, forward, pops), assign.Target.Kind);
            }

            // The overwritten element is recorded last, just before the assignment, so that the reverse
            // sweep pops it first: everything this statement pushed (call vectors, partials) comes off
            // the tapes in exactly the opposite order.
            SweepStmt? restore = assign.Target is ElemTarget overwritten
                ? RecordOverwrittenElement(assign, overwritten, targetIndexForward!, targetIndexReverse!, forward, context, pops)
                : null;

            // The partials read the old values, so the assignment comes last.
            forward.Add(assignment);

            var reverse = new List<SweepStmt> { new CommentStmt(assign.Source) };
            reverse.AddRange(pops);
            if (restore is not null)
            {
                reverse.Add(restore);
            }

            string seed = _names.Fresh("a");
            reverse.Add(new TakeAdjointStmt(seed, targetAdjointReverse, Clear: !accumulate));

            // A value that does not reach the result has a zero adjoint; skipping it keeps a NaN or an
            // infinity in its partials (sqrt of a negative, say) from leaking in as 0 · NaN. Partials
            // built only from +, -, * of finite values are finite, except that float products overflow
            // at 3.4e38, which ordinary code reaches: float statements with a varying partial are tested
            // too. (Testing every double statement as well costs the GMM gradient about 8%.) So are double
            // statements that update a buffer parameter in place: a caller that does not want the buffer's
            // final value passes a zero adjoint, and the buffer may have been driven to infinity; and
            // double statements whose value may be overwritten before it is read (DeadValueAnalysis),
            // where an overflowed product gets a zero adjoint. And so is the result: a caller that discards
            // it (or keeps it in an array it never reads) seeds the pullback with zero, and the test costs
            // one comparison per call. The temporaries of conditionals that feed any of these inherit the test. So do
            // updates in place that scale their own old value (`b[i] *= 2 * b[i] - 0.25`, `t = t * t`): repeated, they
            // overflow, and a value the result does not need after all (read only in a branch that does not run) gets a
            // zero adjoint.
            bool varyingPartial = statement.Leaves.Values.Any(l => !statement.IsConstant(l.Partial));
            // A choice (the old value kept or not, `m = Math.Max(m, v[j])`) is a number, never infinite.
            bool scalesItself = statement.Leaves.TryGetValue(targetKey, out Leaf? old) && !statement.IsConstant(old.Partial) && !Terms.IsChoice(old.Partial);
            bool guard = applications.Count > 0
                         && (statement.MayBeNonFinite
                             || (varyingPartial
                                 && (assign.Target.Kind == ScalarKind.Float
                                     || scalesItself
                                     || MayBeSeededWithZero(assign)
                                     || (assign.Target is LocalTarget { Name: var temporary } && _zeroSeededTemporaries.Contains(temporary)))));
            var increments = new List<SweepStmt>();
            var seedTerm = new NameTerm(seed, assign.Target.Kind);
            foreach ((Leaf leaf, Term partial) in applications)
            {
                // A seed that may be infinite (√ at 0 further on) meets a choice that discarded this leaf: 0. A partial
                // saved on the tape is tested only where it is a choice as a whole: a product that is zero by value must
                // keep its tangent when forward mode differentiates this sweep.
                Term term = partial is NameTerm
                    ? Terms.ZeroByChoice(seedTerm, partial, Terms.IsChoice(leaf.Partial) ? new[] { partial } : System.Array.Empty<Term>())
                    : Terms.ZeroByChoice(seedTerm, partial, Terms.Choices(partial));
                // A partial that mixes float and double (`(float)(0.25 * a[0])`) is double even when both
                // ends are float, so it is converted to the adjoint's type whenever the kinds mix.
                increments.Add(new IncrementStmt(leaf.AdjointReverse, term, leaf.Kind == assign.Target.Kind && !statement.MixedKinds ? null : leaf.Kind));
            }

            if (guard)
            {
                reverse.Add(new UnlessZeroStmt(seed, increments.ToEquatableArray()));
            }
            else
            {
                reverse.AddRange(increments);
            }

            // Vectors come off their tapes in the opposite order of their pushes (an inner call's vector
            // is pushed before the outer call's), whatever order the partials were collected in.
            foreach (VectorLeaf vector in statement.Vectors.OrderByDescending(v => v.PushOrder))
            {
                // The vector is popped even when the seed is zero, to keep the tape aligned.
                string k = _names.Fresh("k");
                Term factor = Terms.Multiply(seedTerm, vector.FactorReverse);
                reverse.Add(new VectorIncrementStmt(vector.AdjointReverse, vector.LengthReverse, k, factor, vector.Kind, vector.Kind == assign.Target.Kind ? null : vector.Kind));
            }

            _currentAssignment = null;
            return reverse;
        }

        private IReadOnlyDictionary<Term, string> RecordForwardOnlyValues(StatementScope statement, ScalarKind kind, Context context, List<SweepStmt> forward, List<SweepStmt> pops)
        {
            var recorded = new Dictionary<Term, string>();
            if (statement.MixedKinds)
            {
                return recorded;
            }

            // The parts that cannot be recomputed, ordered by their printed form so that the tape layout
            // does not depend on hashing.
            var atoms = new SortedDictionary<string, Term>(System.StringComparer.Ordinal);
            int partialsNeedingRecord = 0;
            foreach (Leaf leaf in statement.Leaves.Values)
            {
                if (statement.IsConstant(leaf.Partial) || leaf.Kind != kind)
                {
                    continue;
                }

                statement.CollectUnrecomputable(leaf.Partial, atoms);
                partialsNeedingRecord += statement.Reverse(leaf.Partial, new Dictionary<Term, string>()) is null ? 1 : 0;
            }

            if (atoms.Count == 0 || atoms.Count >= partialsNeedingRecord)
            {
                return recorded;
            }

            foreach (Term atom in atoms.Values)
            {
                recorded[atom] = Save(kind, atom, context, forward, pops);
            }

            return recorded;
        }

        /// <summary>
        /// For an array the reverse sweep restores: records the element about to be overwritten and
        /// returns the line that writes it back (placed first in the statement's reverse, so that the
        /// partials read the array as the forward sweep did). Null when the array is not restored, or when nothing reads
        /// the restored value (<see cref="_deadRestores"/>).
        /// </summary>
        private SweepStmt? RecordOverwrittenElement(AssignStmt assign, ElemTarget target, Value indexForward, Value indexReverse, List<SweepStmt> forward, Context context, List<SweepStmt> pops)
        {
            if (!_restored.Contains(target.Array) || _deadRestores.Contains(assign))
            {
                return null;
            }

            string old = Save(target.Kind, new ElementTerm(target.Array, indexForward, target.Kind), context, forward, pops);
            return new RestoreElementStmt(target.Array, indexReverse, old);
        }

        /// <summary>A read of an active variable or element, with the partial derivative collected for it.</summary>
        private sealed class Leaf
        {
            public Leaf(AdjointRef adjointReverse, ScalarKind kind)
            {
                AdjointReverse = adjointReverse;
                Kind = kind;
            }

            public AdjointRef AdjointReverse { get; }

            public ScalarKind Kind { get; }

            public Term Partial { get; set; } = Terms.Number(0, ScalarKind.Double);
        }

        /// <summary>A whole buffer passed to a differentiated call: its gradient is a vector on the tape.</summary>
        private sealed class VectorLeaf
        {
            public VectorLeaf(string adjointReverse, Value lengthReverse, Term factor, ScalarKind kind)
            {
                Kind = kind;
                AdjointReverse = adjointReverse;
                LengthReverse = lengthReverse;
                Factor = factor;
            }

            public string AdjointReverse { get; }

            public Value LengthReverse { get; }

            public Term Factor { get; }

            public Term FactorReverse { get; set; } = Terms.Number(1, ScalarKind.Double);

            /// <summary>When the forward sweep pushed the vector, relative to the statement's other vectors.</summary>
            public int PushOrder { get; set; }

            /// <summary>The buffer's element type (its adjoint's), which may differ from the statement's.</summary>
            public ScalarKind Kind { get; }
        }

        private sealed class Node
        {
            public Node(Expr expr, Node[] children, bool active)
            {
                Expr = expr;
                Children = children;
                Active = active;
            }

            public Expr Expr { get; }

            public Node[] Children { get; }

            public bool Active { get; }

            public bool NeedsTemp { get; set; }

            public string? Temp { get; set; }

            public string? Aux { get; set; }

            public bool Emitted { get; set; }

            public string? ElementIndex { get; set; }

            public Value? ElementIndexForward { get; set; }

            public Value? ElementIndexReverse { get; set; }

            public string[]? ScalarPartials { get; set; }

            public string[]? BufferAdjoints { get; set; }

            public VectorLeaf?[]? VectorLeaves { get; set; }
        }
    }
}
