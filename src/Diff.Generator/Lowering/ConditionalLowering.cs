using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;

namespace Diff.Generator.Lowering
{
    /// <summary>
    /// Hoists conditional expressions out of differentiated statements, so that only the branch
    /// taken is evaluated (an index guarded by the condition stays safe) and its derivative is
    /// recorded like any <c>if</c>.
    /// <code>
    /// before: y = x * (c ? a : b);
    /// after:  double __k1 = default; if (c) __k1 = a; else __k1 = b; y = x * __k1;
    /// </code>
    /// A conditional that reads a buffer which a call earlier in the statement writes waits until
    /// that call is a statement of its own, so that it is hoisted after it, as C# evaluates it.
    /// </summary>
    internal sealed class ConditionalLowering : HoistingRewriter
    {
        private readonly NameSource _names;
        private readonly List<DiagnosticInfo> _diagnostics;

        /// <summary>The buffers that calls the walk has passed (in evaluation order) write, and where the first such call is.</summary>
        private readonly HashSet<string> _writtenBefore = new(System.StringComparer.Ordinal);
        private LocationInfo? _writingCall;

        private readonly bool _deferBehindWritingCalls;

        /// <param name="deferBehindWritingCalls">
        /// Whether a conditional that C# evaluates after a buffer-writing call of the same statement
        /// is left in place (while the lowering rules run to their fixpoint: CallResultLowering moves
        /// the call into a statement of its own, and the next pass hoists the conditional after it),
        /// or refused (the last pass, when the call could not be moved).
        /// </param>
        public ConditionalLowering(NameSource names, List<DiagnosticInfo> diagnostics, bool deferBehindWritingCalls = false)
        {
            _names = names;
            _diagnostics = diagnostics;
            _deferBehindWritingCalls = deferBehindWritingCalls;
        }

        /// <summary>
        /// The buffers that calls inside the statement's conditionals still to come write (how many
        /// conditionals each): reads of them before such a conditional move out first.
        /// </summary>
        private readonly Dictionary<string, int> _writtenInConditionals = new(System.StringComparer.Ordinal);

        protected override void BeginStatement(Expr value)
        {
            _writtenBefore.Clear();
            _writingCall = null;
            _writtenInConditionals.Clear();
            foreach (ConditionalExpr conditional in ExprTree.DescendantsAndSelf(value).OfType<ConditionalExpr>())
            {
                foreach (string buffer in BuffersWritten(conditional))
                {
                    _writtenInConditionals[buffer] = _writtenInConditionals.TryGetValue(buffer, out int count) ? count + 1 : 1;
                }
            }
        }

        private static IEnumerable<string> BuffersWritten(ConditionalExpr conditional) =>
            ExprTree.DescendantsAndSelf(conditional).OfType<UserCallExpr>().Where(c => c.WritesBuffers)
                .SelectMany(c => c.Args.Where(a => a.BufferName is not null).Select(a => a.BufferName!)).Distinct();

        protected override Expr Hoist(Expr expr, List<Stmt> hoisted)
        {
            if (expr is UserCallExpr { WritesBuffers: true } call)
            {
                Expr lowered = ExprTree.MapChildren(call, HoistInto(hoisted));
                _writtenBefore.UnionWith(call.Args.Where(a => a.BufferName is not null).Select(a => a.BufferName!));
                _writingCall ??= call.Location;
                return lowered;
            }

            if (expr is ElemExpr element && _writtenInConditionals.ContainsKey(element.Array))
            {
                // `a[1] -= c ? x : F(a)`: C# reads a[1] before the call in the branch writes a; the branch moves
                // out before the statement, so the read moves out before it, into a local.
                string read = _names.Fresh("e");
                hoisted.Add(new AssignStmt(new LocalTarget(read, element.Kind, Keyword(element.Kind)), element, read + " = (element read before the conditional)"));
                return new VarExpr(read, element.Kind);
            }

            if (expr is not ConditionalExpr conditional)
            {
                return ExprTree.MapChildren(expr, HoistInto(hoisted));
            }

            if (_writtenBefore.Count > 0 && _writtenBefore.Overlaps(BuffersRead(conditional)))
            {
                if (_deferBehindWritingCalls)
                {
                    return expr;
                }

                // C# evaluates this conditional after a call that writes buffers it reads; hoisted before the
                // statement it would read them before the call.
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedExpression,
                    _writingCall,
                    "the call",
                    "a conditional later in the same statement reads buffers this call writes, and cannot be moved out before it; compute the call into a local in a statement of its own first"));
                return expr;
            }

            // Reads after this conditional see what its calls wrote.
            foreach (string buffer in BuffersWritten(conditional))
            {
                if (_writtenInConditionals.TryGetValue(buffer, out int count) && count > 1)
                {
                    _writtenInConditionals[buffer] = count - 1;
                }
                else
                {
                    _writtenInConditionals.Remove(buffer);
                }
            }

            string name = _names.Fresh("k");
            var target = new LocalTarget(name, conditional.Kind, null);
            hoisted.Add(new AssignStmt(new LocalTarget(name, conditional.Kind, Keyword(conditional.Kind)), ValueExpr.Literal("default", conditional.Kind), name));
            // The branches are statements of their own, rewritten with this statement's walk state set aside.
            var writtenBefore = new HashSet<string>(_writtenBefore, System.StringComparer.Ordinal);
            var writtenInConditionals = new Dictionary<string, int>(_writtenInConditionals, System.StringComparer.Ordinal);
            LocationInfo? writingCall = _writingCall;
            Block whenTrue = new Block(Rewrite(new Block(new[] { Branch(target, conditional.WhenTrue, name) }.ToEquatableArray())).Statements);
            Block whenFalse = new Block(Rewrite(new Block(new[] { Branch(target, conditional.WhenFalse, name) }.ToEquatableArray())).Statements);
            _writtenBefore.Clear();
            _writtenBefore.UnionWith(writtenBefore);
            _writtenInConditionals.Clear();
            foreach (KeyValuePair<string, int> entry in writtenInConditionals)
            {
                _writtenInConditionals[entry.Key] = entry.Value;
            }

            _writingCall = writingCall;
            hoisted.Add(new IfStmt(conditional.Condition, whenTrue, whenFalse));
            return new VarExpr(name, conditional.Kind);
        }

        /// <summary>
        /// A branch's statement: the assignment of its value, or, for a branch that throws
        /// (<c>c ? a : throw e</c>, a switch arm <c>_ =&gt; throw e</c>), the throw statement.
        /// </summary>
        private static Stmt Branch(LocalTarget target, Expr value, string name) => value is ThrowExpr thrown
            ? InactiveStmt.Host("throw " + ValuePrinter.Print(thrown.Exception) + ";", EquatableArray<string>.Empty)
            : new AssignStmt(target, value, name + " = …");

        /// <summary>Every name a conditional reads: elements, buffers passed to calls, and the names its integer code reads.</summary>
        private static IEnumerable<string> BuffersRead(ConditionalExpr conditional) =>
            ExprTree.DescendantsAndSelf(conditional).SelectMany(e => e switch
            {
                ElemExpr element => new[] { element.Array },
                ValueExpr opaque => opaque.Reads.AsEnumerable(),
                UserCallExpr call => call.Args.Where(a => a.BufferName is not null).Select(a => a.BufferName!),
                _ => System.Array.Empty<string>(),
            });

        private static string Keyword(ScalarKind kind) => kind == ScalarKind.Float ? "float" : "double";
    }
}
