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
    /// </summary>
    internal sealed class ConditionalLowering : HoistingRewriter
    {
        private readonly NameSource _names;
        private readonly List<DiagnosticInfo> _diagnostics;

        /// <summary>The buffers that calls the walk has passed (in evaluation order) write, and where the first such call is.</summary>
        private readonly HashSet<string> _writtenBefore = new(System.StringComparer.Ordinal);
        private LocationInfo? _writingCall;

        public ConditionalLowering(NameSource names, List<DiagnosticInfo> diagnostics)
        {
            _names = names;
            _diagnostics = diagnostics;
        }

        protected override void BeginStatement(Expr value)
        {
            _writtenBefore.Clear();
            _writingCall = null;
        }

        protected override Expr Hoist(Expr expr, List<Stmt> hoisted)
        {
            if (expr is UserCallExpr { WritesBuffers: true } call)
            {
                Expr lowered = ExprTree.MapChildren(call, e => Hoist(e, hoisted));
                _writtenBefore.UnionWith(call.Args.Where(a => a.BufferName is not null).Select(a => a.BufferName!));
                _writingCall ??= call.Location;
                return lowered;
            }

            if (expr is not ConditionalExpr conditional)
            {
                return ExprTree.MapChildren(expr, e => Hoist(e, hoisted));
            }

            if (_writtenBefore.Count > 0 && _writtenBefore.Overlaps(BuffersRead(conditional)))
            {
                // C# evaluates this conditional after a call that writes buffers it reads; hoisted before the
                // statement it would read them before the call.
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedExpression,
                    _writingCall,
                    "the call",
                    "a conditional later in the same statement reads buffers this call writes, and cannot be moved out before it; compute the call into a local in a statement of its own first"));
                return expr;
            }

            string name = _names.Fresh("k");
            var target = new LocalTarget(name, conditional.Kind, null);
            hoisted.Add(new AssignStmt(new LocalTarget(name, conditional.Kind, Keyword(conditional.Kind)), ValueExpr.Literal("default", conditional.Kind), name));
            Block whenTrue = new Block(Rewrite(new Block(new Stmt[] { new AssignStmt(target, conditional.WhenTrue, name + " = …") }.ToEquatableArray())).Statements);
            Block whenFalse = new Block(Rewrite(new Block(new Stmt[] { new AssignStmt(target, conditional.WhenFalse, name + " = …") }.ToEquatableArray())).Statements);
            hoisted.Add(new IfStmt(conditional.Condition, whenTrue, whenFalse));
            return new VarExpr(name, conditional.Kind);
        }

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
