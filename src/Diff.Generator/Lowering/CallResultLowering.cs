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
    /// Moving the call first is only correct when the rest of the statement does not read a buffer
    /// the call writes (C# would read it before the call); such a statement gets DIFF013.
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
            Expr value = Hoist(assign.Value, hoisted);
            if (hoisted.Count == 0)
            {
                return new Stmt[] { assign };
            }

            CheckOrder(value, assign.Target, hoisted);
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
            Expr value = Hoist(stmt.Value, hoisted);
            if (hoisted.Count == 0)
            {
                return new Stmt[] { stmt };
            }

            CheckOrder(value, null, hoisted);
            hoisted.Add(new ReturnStmt(value));
            return hoisted;
        }

        private Expr Hoist(Expr expr, List<Stmt> hoisted)
        {
            switch (expr)
            {
                case UserCallExpr call:
                {
                    // Arguments first: they are evaluated before the call.
                    UserCallExpr lowered = call with { Args = call.Args.Select(a => a with { Value = Hoist(a.Value, hoisted) }).ToEquatableArray() };
                    if (!call.WritesBuffers)
                    {
                        return lowered;
                    }

                    string name = _names.Fresh("r");
                    var result = new LocalTarget(name, call.Kind, call.Kind == ScalarKind.Float ? "float" : "double");
                    hoisted.Add(new CallStmt(lowered, call.DisplayName + "(…)") { Result = result });
                    return new VarExpr(name, call.Kind);
                }

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

        private void CheckOrder(Expr rest, Target? target, List<Stmt> hoisted)
        {
            var written = new HashSet<string>(
                hoisted.OfType<CallStmt>().SelectMany(c => c.Call.Args).Where(a => a.BufferName is not null).Select(a => a.BufferName!),
                System.StringComparer.Ordinal);
            var read = new HashSet<string>(System.StringComparer.Ordinal);
            CollectBufferReads(rest, read);
            foreach (CallStmt call in hoisted.OfType<CallStmt>())
            {
                if (read.Overlaps(call.Call.Args.Where(a => a.BufferName is not null).Select(a => a.BufferName!)))
                {
                    _diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnsupportedExpression,
                        call.Call.Location,
                        call.Call.FallbackCode,
                        "the call writes a buffer that the same statement also reads, so the order of the read and the write matters; call it in a statement of its own first"));
                    return;
                }
            }
        }

        private static void CollectBufferReads(Expr expr, HashSet<string> read)
        {
            switch (expr)
            {
                case ElemExpr element:
                    read.Add(element.Array);
                    break;
                case NegateExpr negate:
                    CollectBufferReads(negate.Operand, read);
                    break;
                case BinaryExpr binary:
                    CollectBufferReads(binary.Left, read);
                    CollectBufferReads(binary.Right, read);
                    break;
                case ConvertExpr convert:
                    CollectBufferReads(convert.Operand, read);
                    break;
                case IntrinsicCallExpr call:
                    foreach (Expr arg in call.Args)
                    {
                        CollectBufferReads(arg, read);
                    }

                    break;
                case UserCallExpr call:
                    foreach (CallArg arg in call.Args)
                    {
                        if (arg.BufferName is not null)
                        {
                            read.Add(arg.BufferName);
                        }

                        CollectBufferReads(arg.Value, read);
                    }

                    break;
            }
        }
    }
}
