using System.Collections.Generic;
using System.Linq;
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
    internal sealed class CallArgumentLowering : StatementRewriter
    {
        private readonly NameSource _names;

        public CallArgumentLowering(NameSource names) => _names = names;

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
