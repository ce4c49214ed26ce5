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
        private List<SweepStmt> WriteActiveAssignment(AssignStmt assign, List<SweepStmt> forward, Context context)
        {
            var pops = new List<SweepStmt>();
            var statement = new StatementScope(this, forward, context, pops);
            forward.Add(new CommentStmt(assign.Source));

            string? targetIndexForward = null;
            Value? targetIndexReverse = null;
            if (assign.Target is ElemTarget elementTarget)
            {
                (targetIndexForward, targetIndexReverse) = statement.Index(elementTarget.Index);
            }

            Node root = statement.Build(assign.Value);
            statement.Backprop(root, Sym.One);
            statement.EmitTemporaries(root);
            string value = statement.Render(root);

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
                    targetKey = "e:" + element.Array + "[" + targetIndexForward + "]";
                    assignment = new PrimalAssignStmt(element.Array, null, value) { IndexCode = targetIndexForward };
                    break;
                default:
                    targetAdjointReverse = new AdjointRef("__dReturn");
                    targetKey = "result";
                    assignment = new PrimalAssignStmt("__result", null, value);
                    break;
            }

            bool accumulate = statement.Leaves.TryGetValue(targetKey, out Leaf? self) && self.Partial.IsOne;
            if (accumulate)
            {
                statement.Leaves.Remove(targetKey);
            }

            // Record what the partials need, after the vectors the calls pushed: either each partial that
            // cannot be recomputed, or, when fewer, the forward-only temporaries they are built from
            // (Math.Exp(a) · b and Math.Exp(a) share one recorded exponential).
            IReadOnlyDictionary<string, string> recorded = RecordForwardOnlyValues(statement, assign.Target.Kind, context, forward, pops);
            var applications = new List<(Leaf Leaf, string Partial)>();
            foreach (Leaf leaf in statement.Leaves.Values)
            {
                string partial = leaf.Partial.Render();
                if (!leaf.Partial.IsConstant)
                {
                    string? again = leaf.Partial.RenderReverse(recorded);
                    bool cast = leaf.Kind != assign.Target.Kind || statement.MixedKinds;
                    partial = again is not null
                        ? (cast ? $"({SymbolFacts.Keyword(leaf.Kind)})({again})" : again)
                        : Save(leaf.Kind, cast ? $"({SymbolFacts.Keyword(leaf.Kind)})({partial})" : partial, context, forward, pops);
                }

                applications.Add((leaf, partial));
            }

            foreach (VectorLeaf vector in statement.Vectors)
            {
                vector.FactorReverse = vector.Factor.IsConstant
                    ? vector.Factor.Render()
                    : Save(assign.Target.Kind, vector.Factor.Render(), context, forward, pops);
            }

            // The overwritten element is recorded last, just before the assignment, so that the reverse
            // sweep pops it first: everything this statement pushed (call vectors, partials) comes off
            // the tapes in exactly the opposite order.
            SweepStmt? restore = assign.Target is ElemTarget overwritten
                ? RecordOverwrittenElement(overwritten, targetIndexForward!, targetIndexReverse!, forward, context, pops)
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
            // final value passes a zero adjoint, and the buffer may have been driven to infinity.
            bool varyingPartial = statement.Leaves.Values.Any(l => !l.Partial.IsConstant);
            bool guard = applications.Count > 0
                         && (statement.MayBeNonFinite
                             || (assign.Target.Kind == ScalarKind.Float && varyingPartial)
                             || (assign.Target is ElemTarget { Array: var buffer } && _parameters.ContainsKey(buffer) && varyingPartial));
            var increments = new List<SweepStmt>();
            foreach ((Leaf leaf, string partial) in applications)
            {
                string term = Sym.Mul(Sym.Code(seed), PartialSym(partial)).Render();
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
                string factor = Sym.Mul(Sym.Code(seed), PartialSym(vector.FactorReverse)).Render();
                reverse.Add(new VectorIncrementStmt(vector.AdjointReverse, vector.LengthReverse, k, factor, vector.Kind, vector.Kind == assign.Target.Kind ? null : vector.Kind));
            }

            return reverse;
        }

        private IReadOnlyDictionary<string, string> RecordForwardOnlyValues(StatementScope statement, ScalarKind kind, Context context, List<SweepStmt> forward, List<SweepStmt> pops)
        {
            var recorded = new Dictionary<string, string>(System.StringComparer.Ordinal);
            if (statement.MixedKinds)
            {
                return recorded;
            }

            var atoms = new SortedSet<string>(System.StringComparer.Ordinal);
            int partialsNeedingRecord = 0;
            foreach (Leaf leaf in statement.Leaves.Values)
            {
                if (leaf.Partial.IsConstant || leaf.Kind != kind)
                {
                    continue;
                }

                var needed = new HashSet<string>(System.StringComparer.Ordinal);
                leaf.Partial.CollectForwardOnly(needed);
                if (needed.Count > 0)
                {
                    partialsNeedingRecord++;
                    atoms.UnionWith(needed);
                }
            }

            if (atoms.Count == 0 || atoms.Count >= partialsNeedingRecord)
            {
                return recorded;
            }

            foreach (string atom in atoms)
            {
                recorded[atom] = Save(kind, atom, context, forward, pops);
            }

            return recorded;
        }

        /// <summary>
        /// For an array the reverse sweep restores: records the element about to be overwritten and
        /// returns the line that writes it back (placed first in the statement's reverse, so that the
        /// partials read the array as the forward sweep did).
        /// </summary>
        private SweepStmt? RecordOverwrittenElement(ElemTarget target, string indexForward, Value indexReverse, List<SweepStmt> forward, Context context, List<SweepStmt> pops)
        {
            if (!_restored.Contains(target.Array))
            {
                return null;
            }

            string old = Save(target.Kind, $"{target.Array}[{indexForward}]", context, forward, pops);
            return new RestoreElementStmt(target.Array, indexReverse, old);
        }

        private static Sym PartialSym(string rendered) => rendered switch
        {
            "1" => Sym.One,
            "0" => Sym.Zero,
            "-1" => Sym.Neg(Sym.One),
            _ => Sym.Code(IsAtomic(rendered) ? rendered : "(" + rendered + ")"),
        };

        private static bool IsAtomic(string code) => code.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '.');

        /// <summary>Renders an expression as the plain C# of the original computation (no derivatives).</summary>
        private string RenderPlain(Expr expr) => expr switch
        {
            ValueExpr opaque => RenderValue(opaque),
            VarExpr variable => variable.Name,
            ElemExpr element => $"{element.Array}[{element.Index.Code}]",
            NegateExpr negate => "-" + Operand(negate.Operand, RenderPlain(negate.Operand), Precedence.Unary, false),
            BinaryExpr binary => Operand(binary.Left, RenderPlain(binary.Left), PrecedenceOf(binary), false) + " " + OperatorText(binary.Op) + " "
                                 + Operand(binary.Right, RenderPlain(binary.Right), PrecedenceOf(binary), true),
            ConvertExpr convert => $"({SymbolFacts.Keyword(convert.Kind)})" + Operand(convert.Operand, RenderPlain(convert.Operand), Precedence.Unary, false),
            IntrinsicCallExpr call => $"global::{call.Owner}.{RuleName(call.Rule)}({string.Join(", ", call.Args.Select(RenderPlain))})",
            UserCallExpr call => RenderPlainCall(call),
            ConditionalExpr conditional => $"({conditional.Condition.Code} ? {RenderPlain(conditional.WhenTrue)} : {RenderPlain(conditional.WhenFalse)})",
            _ => "default",
        };

        /// <summary>
        /// A call as the forward sweep makes it: the original method with the arguments as they are now
        /// (lowering may have evaluated some into locals), never the source text, which would evaluate
        /// side effects again. Generic methods, whose type arguments are not modelled, keep their text.
        /// </summary>
        private string RenderPlainCall(UserCallExpr call) => call.PrimalMethod.Length == 0
            ? call.FallbackCode
            : $"{call.PrimalMethod}({string.Join(", ", call.Args.Select(a => RenderPlain(a.Value)))})";

        /// <summary>
        /// Renders a value that is not differentiated. An integer used as a floating-point value keeps
        /// its integer semantics but is converted explicitly, so that <c>1 / 3</c> in a derivative never
        /// becomes integer division; an integer literal is simply written as a floating one.
        /// </summary>
        private static string RenderValue(ValueExpr value)
        {
            string code = value.Code;
            if (SymbolFacts.IsFloating(value.Kind))
            {
                if (IntegerLiteral(value.Tree) is { } digits)
                {
                    string negative = value.Tree is UnaryValue ? "-" : string.Empty;
                    return negative + digits + (value.Kind == ScalarKind.Float ? "f" : ".0");
                }

                // Anything else that is floating only after a conversion (a constant int, `2 * 2`,
                // `a.Length`) is converted explicitly: printed inside a partial such as `1 / N`, it
                // would otherwise be integer arithmetic.
                string keyword = SymbolFacts.Keyword(value.Kind);
                if (value.Reads.Count > 0 || value.NaturalType != keyword)
                {
                    return $"(({keyword})({code}))";
                }
            }

            return value.Tree is ConstantValue or NameValue or LengthValue or ElementValue or HostValue { Primary: true } ? code : "(" + code + ")";
        }

        /// <summary>The digits of a decimal integer literal, possibly negated (<c>2</c>, <c>-1</c>); null for anything else.</summary>
        private static string? IntegerLiteral(Value value) => value switch
        {
            ConstantValue { IsLiteral: true } constant when constant.Text.Length > 0 && constant.Text.All(char.IsDigit) => constant.Text,
            UnaryValue { Operator: UnaryOperator.Negate, Operand: ConstantValue { IsLiteral: true } operand } when operand.Text.Length > 0 && operand.Text.All(char.IsDigit) => operand.Text,
            _ => null,
        };

        private enum Precedence
        {
            Additive = 1,
            Multiplicative = 2,
            Unary = 3,
            Primary = 4,
        }

        private static Precedence PrecedenceOf(Expr expr) => expr switch
        {
            BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } => Precedence.Additive,
            BinaryExpr => Precedence.Multiplicative,
            NegateExpr or ConvertExpr => Precedence.Unary,
            _ => Precedence.Primary,
        };

        /// <summary>
        /// Parenthesizes an operand only where C# needs it to keep the original evaluation order:
        /// lower precedence, a right operand of equal precedence, or a unary operand that is itself unary.
        /// </summary>
        private static string Operand(Expr child, string rendered, Precedence parent, bool right)
        {
            Precedence precedence = PrecedenceOf(child);
            bool needs = precedence < parent || (right && precedence == parent && parent != Precedence.Unary) || (parent == Precedence.Unary && precedence == Precedence.Unary);
            return needs ? "(" + rendered + ")" : rendered;
        }

        private static string OperatorText(BinaryOp op) => op switch
        {
            BinaryOp.Add => "+",
            BinaryOp.Subtract => "-",
            BinaryOp.Multiply => "*",
            BinaryOp.Remainder => "%",
            _ => "/",
        };

        private static string MathClass(ScalarKind kind) => kind == ScalarKind.Float ? "global::System.MathF" : "global::System.Math";

        private static string RuleName(string ruleKey) => ruleKey.Substring(0, ruleKey.IndexOf('/'));

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

            public Sym Partial { get; set; } = Sym.Zero;
        }

        /// <summary>A whole buffer passed to a differentiated call: its gradient is a vector on the tape.</summary>
        private sealed class VectorLeaf
        {
            public VectorLeaf(string adjointReverse, Value lengthReverse, Sym factor, ScalarKind kind)
            {
                Kind = kind;
                AdjointReverse = adjointReverse;
                LengthReverse = lengthReverse;
                Factor = factor;
            }

            public string AdjointReverse { get; }

            public Value LengthReverse { get; }

            public Sym Factor { get; }

            public string FactorReverse { get; set; } = "1";

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

            public Value? ElementIndexReverse { get; set; }

            public string[]? ScalarPartials { get; set; }

            public string[]? BufferAdjoints { get; set; }

            public VectorLeaf?[]? VectorLeaves { get; set; }
        }
    }
}
