using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;

namespace Diff.Generator.Lowering
{
    /// <summary>
    /// Makes each call to a value-returning method that writes its buffers a statement of its own,
    /// whose value lands in a fresh local. As a statement the call is reversed through the callee's
    /// seeded pullback, so the gradient flows through its writes as well as through its value.
    /// <code>
    /// before: t = ScaleRet(b, x) * 2 + y;
    /// after:  double __r1 = ScaleRet(b, x);    // CallStmt with Result = __r1
    ///         t = __r1 * 2 + y;
    /// </code>
    /// Moving the call first is only correct when nothing evaluated before it in the statement reads
    /// a buffer it writes (<c>b[0] * F(b)</c>, <c>b[0] += F(b)</c>); such a statement gets DIFF013.
    /// </summary>
    internal sealed class CallResultLowering : StatementRewriter
    {
        private readonly NameSource _names;
        private readonly List<DiagnosticInfo> _diagnostics;

        public CallResultLowering(NameSource names, List<DiagnosticInfo> diagnostics)
        {
            _names = names;
            _diagnostics = diagnostics;
        }

        protected override IEnumerable<Stmt> RewriteAssign(AssignStmt assign)
        {
            var hoisted = new List<Stmt>();
            _readSoFar.Clear();
            Expr value = Hoist(assign.Value, hoisted);
            if (hoisted.Count == 0)
            {
                return new Stmt[] { assign };
            }

            hoisted.Add(assign with { Value = value });
            return hoisted;
        }

        protected override IEnumerable<Stmt> RewriteReturn(ReturnStmt stmt)
        {
            if (stmt.Value is null)
            {
                return new Stmt[] { stmt };
            }

            var hoisted = new List<Stmt>();
            _readSoFar.Clear();
            Expr value = Hoist(stmt.Value, hoisted);
            if (hoisted.Count == 0)
            {
                return new Stmt[] { stmt };
            }

            hoisted.Add(new ReturnStmt(value));
            return hoisted;
        }

        /// <summary>The buffers the statement has read so far, in C#'s left-to-right evaluation order.</summary>
        private readonly HashSet<string> _readSoFar = new(System.StringComparer.Ordinal);

        /// <summary>Walks the expression in evaluation order, hoisting each buffer-writing call it meets.</summary>
        private Expr Hoist(Expr expr, List<Stmt> hoisted)
        {
            switch (expr)
            {
                case UserCallExpr call:
                {
                    // Arguments first: they are evaluated before the call, and they move out with it, so only
                    // what the statement read before the argument list matters.
                    var readBefore = new HashSet<string>(_readSoFar, System.StringComparer.Ordinal);
                    UserCallExpr lowered = call with { Args = call.Args.Select(a => a with { Value = Hoist(a.Value, hoisted) }).ToEquatableArray() };
                    string[] buffers = call.Args.Where(a => a.BufferName is not null).Select(a => a.BufferName!).ToArray();
                    if (!call.WritesBuffers)
                    {
                        _readSoFar.UnionWith(buffers);
                        return lowered;
                    }

                    if (readBefore.Overlaps(buffers))
                    {
                        // C# reads the element before the call writes it; moving the call first would change that.
                        _diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.UnsupportedExpression,
                            call.Location,
                            call.FallbackCode,
                            "the statement reads a buffer before this call writes it, so moving the call out would change what it reads; call it in a statement of its own, before or after that read as you mean it"));
                    }

                    string name = _names.Fresh("r");
                    var result = new LocalTarget(name, call.Kind, call.Kind == ScalarKind.Float ? "float" : "double");
                    hoisted.Add(new CallStmt(lowered, call.DisplayName + "(…)") { Result = result });
                    return new VarExpr(name, call.Kind);
                }

                case ElemExpr element:
                    _readSoFar.Add(element.Array);
                    return element;
                case NegateExpr negate:
                    return negate with { Operand = Hoist(negate.Operand, hoisted) };
                case BinaryExpr binary:
                {
                    Expr left = Hoist(binary.Left, hoisted);
                    Expr right = Hoist(binary.Right, hoisted);
                    return binary with { Left = left, Right = right };
                }

                case ConvertExpr convert:
                    return convert with { Operand = Hoist(convert.Operand, hoisted) };
                case IntrinsicCallExpr call:
                    return call with { Args = call.Args.Select(a => Hoist(a, hoisted)).ToEquatableArray() };
                default:
                    return expr;
            }
        }
    }
}
