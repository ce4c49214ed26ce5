using System.Collections.Generic;
using Diff.Generator.Model;

namespace Diff.Generator.Lowering
{
    /// <summary>
    /// A rule that moves parts of an assignment's or a return's value into statements placed before
    /// it. <see cref="Hoist"/> rewrites the value and adds what it moved out to the list, in
    /// evaluation order; <see cref="Check"/> sees the result once per statement.
    /// </summary>
    internal abstract class HoistingRewriter : StatementRewriter
    {
        protected sealed override IEnumerable<Stmt> RewriteAssign(AssignStmt assign)
        {
            var hoisted = new List<Stmt>();
            Expr value = Lower(assign.Value, assign.Target, hoisted);
            if (hoisted.Count == 0)
            {
                return new Stmt[] { assign };
            }

            hoisted.Add(assign with { Value = value });
            return hoisted;
        }

        protected sealed override IEnumerable<Stmt> RewriteReturn(ReturnStmt stmt)
        {
            if (stmt.Value is null)
            {
                return new Stmt[] { stmt };
            }

            var hoisted = new List<Stmt>();
            Expr value = Lower(stmt.Value, null, hoisted);
            if (hoisted.Count == 0)
            {
                return new Stmt[] { stmt };
            }

            hoisted.Add(stmt with { Value = value });
            return hoisted;
        }

        /// <summary>What the statement being walked assigns; null for a return.</summary>
        protected Target? CurrentTarget { get; private set; }

        private Expr Lower(Expr value, Target? target, List<Stmt> hoisted)
        {
            CurrentTarget = target;
            BeginStatement(value);
            Expr lowered = Hoist(value, hoisted);
            if (hoisted.Count > 0)
            {
                Check(lowered, target, hoisted);
            }

            return lowered;
        }

        /// <summary>Called with each statement's value before it is walked.</summary>
        protected virtual void BeginStatement(Expr value)
        {
        }

        /// <summary>Rewrites <paramref name="expr"/>, adding the statements it moves out to <paramref name="hoisted"/>.</summary>
        protected abstract Expr Hoist(Expr expr, List<Stmt> hoisted);

        private List<Stmt>? _mapInto;
        private System.Func<Expr, Expr>? _map;

        /// <summary>
        /// <see cref="Hoist"/> into <paramref name="hoisted"/>, as the map for <see cref="ExprTree.MapChildren"/>. The delegate
        /// is kept for the last list asked for: the rules map every node of every statement's value in every pass, and a
        /// new closure per node was the lowering's largest allocation.
        /// </summary>
        protected System.Func<Expr, Expr> HoistInto(List<Stmt> hoisted)
        {
            if (_map is null || !ReferenceEquals(_mapInto, hoisted))
            {
                _mapInto = hoisted;
                _map = e => Hoist(e, hoisted);
            }

            return _map;
        }

        /// <summary>Sees the rewritten value of a statement that had something moved out.</summary>
        protected virtual void Check(Expr lowered, Target? target, List<Stmt> hoisted)
        {
        }
    }
}
