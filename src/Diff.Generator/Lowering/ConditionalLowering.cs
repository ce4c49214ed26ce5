using System.Collections.Generic;
using System.Linq;
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
    internal sealed class ConditionalLowering : StatementRewriter
    {
        private readonly NameSource _names;

        public ConditionalLowering(NameSource names) => _names = names;

        protected override IEnumerable<Stmt> RewriteAssign(AssignStmt assign)
        {
            var hoisted = new List<Stmt>();
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
            Expr value = Hoist(stmt.Value, hoisted);
            hoisted.Add(stmt with { Value = value });
            return hoisted;
        }

        private Expr Hoist(Expr expr, List<Stmt> hoisted)
        {
            switch (expr)
            {
                case ConditionalExpr conditional:
                {
                    string name = _names.Fresh("k");
                    var target = new LocalTarget(name, conditional.Kind, null);
                    hoisted.Add(new AssignStmt(new LocalTarget(name, conditional.Kind, Keyword(conditional.Kind)), OpaqueExpr.Literal("default", conditional.Kind), name));
                    Block whenTrue = new Block(Rewrite(new Block(new Stmt[] { new AssignStmt(target, conditional.WhenTrue, name + " = …") }.ToEquatableArray())).Statements);
                    Block whenFalse = new Block(Rewrite(new Block(new Stmt[] { new AssignStmt(target, conditional.WhenFalse, name + " = …") }.ToEquatableArray())).Statements);
                    hoisted.Add(new IfStmt(conditional.Condition, whenTrue, whenFalse));
                    return new VarExpr(name, conditional.Kind);
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
                case UserCallExpr call:
                    return call with { Args = call.Args.Select(a => a with { Value = Hoist(a.Value, hoisted) }).ToEquatableArray() };
                default:
                    return expr;
            }
        }

        private static string Keyword(ScalarKind kind) => kind == ScalarKind.Float ? "float" : "double";
    }
}
