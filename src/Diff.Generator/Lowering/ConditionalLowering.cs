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
    internal sealed class ConditionalLowering : HoistingRewriter
    {
        private readonly NameSource _names;

        public ConditionalLowering(NameSource names) => _names = names;

        protected override Expr Hoist(Expr expr, List<Stmt> hoisted)
        {
            if (expr is not ConditionalExpr conditional)
            {
                return ExprTree.MapChildren(expr, e => Hoist(e, hoisted));
            }

            string name = _names.Fresh("k");
            var target = new LocalTarget(name, conditional.Kind, null);
            hoisted.Add(new AssignStmt(new LocalTarget(name, conditional.Kind, Keyword(conditional.Kind)), OpaqueExpr.Literal("default", conditional.Kind), name));
            Block whenTrue = new Block(Rewrite(new Block(new Stmt[] { new AssignStmt(target, conditional.WhenTrue, name + " = …") }.ToEquatableArray())).Statements);
            Block whenFalse = new Block(Rewrite(new Block(new Stmt[] { new AssignStmt(target, conditional.WhenFalse, name + " = …") }.ToEquatableArray())).Statements);
            hoisted.Add(new IfStmt(conditional.Condition, whenTrue, whenFalse));
            return new VarExpr(name, conditional.Kind);
        }

        private static string Keyword(ScalarKind kind) => kind == ScalarKind.Float ? "float" : "double";
    }
}
