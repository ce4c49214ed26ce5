using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;

namespace Diff.Generator.Lowering
{
    /// <summary>
    /// Evaluates the arguments of a buffer-writing call once, into locals, before the call. The
    /// pullback runs in the reverse sweep, where it can hand a scalar's adjoint back only to a
    /// variable, and where re-evaluating an argument with side effects would repeat them.
    /// <code>
    /// before: Scale(b, 0.5 * x);              Step(i++, u);
    /// after:  double __p1 = 0.5 * x;          long __p2 = default; __p2 = i++;
    ///         Scale(b, __p1);                 Step(__p2, u);
    /// </code>
    /// Once any argument has side effects, every argument that is not a literal is evaluated into a
    /// local in source order, so the arguments still see each other's effects as C# defines them.
    /// </summary>
    /// <remarks>
    /// The same holds for value calls inside an expression: an argument with side effects
    /// (<c>s -= K(k++, K(k++, x))</c>) is evaluated into a local before the statement, in C#'s
    /// left-to-right order, so the forward sweep, which evaluates nested calls innermost first, sees
    /// the same values. A statement that also reads what such an argument writes gets DIFF013.
    /// </remarks>
    internal sealed class CallArgumentLowering : StatementRewriter
    {
        private readonly NameSource _names;
        private readonly List<DiagnosticInfo> _diagnostics;

        public CallArgumentLowering(NameSource names, List<DiagnosticInfo> diagnostics)
        {
            _names = names;
            _diagnostics = diagnostics;
        }

        protected override IEnumerable<Stmt> RewriteAssign(AssignStmt assign)
        {
            var hoisted = new List<Stmt>();
            var written = new HashSet<string>(System.StringComparer.Ordinal);
            LocationInfo? at = null;
            Expr value = HoistEffects(assign.Value, hoisted, written, ref at);
            if (hoisted.Count == 0)
            {
                return new Stmt[] { assign };
            }

            var reads = new HashSet<string>(System.StringComparer.Ordinal);
            CollectIntegerReads(value, reads);
            if (assign.Target is ElemTarget element)
            {
                reads.UnionWith(element.Index.Reads);
            }

            Report(reads, written, at);
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
            var written = new HashSet<string>(System.StringComparer.Ordinal);
            LocationInfo? at = null;
            Expr value = HoistEffects(stmt.Value, hoisted, written, ref at);
            if (hoisted.Count == 0)
            {
                return new Stmt[] { stmt };
            }

            var reads = new HashSet<string>(System.StringComparer.Ordinal);
            CollectIntegerReads(value, reads);
            Report(reads, written, at);
            hoisted.Add(stmt with { Value = value });
            return hoisted;
        }

        private void Report(HashSet<string> reads, HashSet<string> written, LocationInfo? at)
        {
            string? both = reads.FirstOrDefault(written.Contains);
            if (both is not null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedExpression,
                    at,
                    both,
                    "the statement both changes '" + both + "' inside a call's argument and reads it elsewhere, and the generated code could not keep C#'s order of the two; change it in a statement of its own"));
            }
        }

        /// <summary>Evaluates each argument with side effects of a value call into a local, in C#'s order.</summary>
        private Expr HoistEffects(Expr expr, List<Stmt> hoisted, HashSet<string> written, ref LocationInfo? at)
        {
            switch (expr)
            {
                case UserCallExpr call:
                {
                    var args = new List<CallArg>();
                    foreach (CallArg arg in call.Args)
                    {
                        if (arg.Value is OpaqueExpr { Pure: false } effect && arg.Role == ArgRole.Constant && effect.NaturalType.Length > 0)
                        {
                            written.UnionWith(effect.Writes);
                            at ??= call.Location;
                            args.Add(Lower(arg, true, hoisted));
                        }
                        else
                        {
                            args.Add(arg with { Value = HoistEffects(arg.Value, hoisted, written, ref at) });
                        }
                    }

                    return call with { Args = args.ToEquatableArray() };
                }

                case NegateExpr negate:
                    return negate with { Operand = HoistEffects(negate.Operand, hoisted, written, ref at) };
                case BinaryExpr binary:
                {
                    Expr left = HoistEffects(binary.Left, hoisted, written, ref at);
                    Expr right = HoistEffects(binary.Right, hoisted, written, ref at);
                    return binary with { Left = left, Right = right };
                }

                case ConvertExpr convert:
                    return convert with { Operand = HoistEffects(convert.Operand, hoisted, written, ref at) };
                case IntrinsicCallExpr call:
                {
                    var args = new List<Expr>();
                    foreach (Expr arg in call.Args)
                    {
                        args.Add(HoistEffects(arg, hoisted, written, ref at));
                    }

                    return call with { Args = args.ToEquatableArray() };
                }

                default:
                    return expr;
            }
        }

        private static void CollectIntegerReads(Expr expr, HashSet<string> reads)
        {
            switch (expr)
            {
                case OpaqueExpr opaque:
                    reads.UnionWith(opaque.Reads);
                    break;
                case ElemExpr element:
                    reads.UnionWith(element.Index.Reads);
                    break;
                case NegateExpr negate:
                    CollectIntegerReads(negate.Operand, reads);
                    break;
                case BinaryExpr binary:
                    CollectIntegerReads(binary.Left, reads);
                    CollectIntegerReads(binary.Right, reads);
                    break;
                case ConvertExpr convert:
                    CollectIntegerReads(convert.Operand, reads);
                    break;
                case IntrinsicCallExpr call:
                    foreach (Expr arg in call.Args)
                    {
                        CollectIntegerReads(arg, reads);
                    }

                    break;
                case UserCallExpr call:
                    foreach (CallArg arg in call.Args)
                    {
                        CollectIntegerReads(arg.Value, reads);
                    }

                    break;
            }
        }

        protected override IEnumerable<Stmt> RewriteStatement(Stmt stmt)
        {
            if (stmt is not CallStmt call)
            {
                return base.RewriteStatement(stmt);
            }

            bool anyEffects = call.Call.Args.Any(a => a.Value is OpaqueExpr { Pure: false });
            var hoisted = new List<Stmt>();
            var args = new List<CallArg>();
            foreach (CallArg arg in call.Call.Args)
            {
                args.Add(Lower(arg, anyEffects, hoisted));
            }

            if (hoisted.Count == 0)
            {
                return new Stmt[] { stmt };
            }

            hoisted.Add(call with { Call = call.Call with { Args = args.ToEquatableArray() } });
            return hoisted;
        }

        private CallArg Lower(CallArg arg, bool anyEffects, List<Stmt> hoisted)
        {
            switch (arg.Value)
            {
                case VarExpr:
                    return arg;
                case OpaqueExpr { Pure: true, Reads.Count: 0 }:
                    // A literal or a constant field: nothing to evaluate twice.
                    return arg;
                case OpaqueExpr opaque when arg.Role == ArgRole.Constant:
                {
                    if ((opaque.Pure && !anyEffects) || opaque.NaturalType.Length == 0)
                    {
                        return arg;
                    }

                    string name = _names.Fresh("p");
                    hoisted.Add(new InactiveStmt($"{opaque.NaturalType} {name} = default;", new[] { name }.ToEquatableArray())
                    {
                        Declares = true,
                        Pure = true,
                    });
                    hoisted.Add(new InactiveStmt($"{name} = {opaque.Code};", new[] { name }.Concat(opaque.Writes).Distinct().ToEquatableArray())
                    {
                        Reads = opaque.Reads,
                        Pure = opaque.Pure,
                    });
                    var read = new OpaqueExpr(name, opaque.Kind, new[] { name }.ToEquatableArray(), true) { NaturalType = opaque.NaturalType };
                    return arg with { Value = read };
                }

                case { } value when arg.Role == ArgRole.Scalar:
                {
                    string name = _names.Fresh("p");
                    string keyword = value.Kind == ScalarKind.Float ? "float" : "double";
                    hoisted.Add(new AssignStmt(new LocalTarget(name, value.Kind, keyword), value, name + " = (argument)"));
                    return arg with { Value = new VarExpr(name, value.Kind) };
                }

                default:
                    return arg;
            }
        }
    }
}
