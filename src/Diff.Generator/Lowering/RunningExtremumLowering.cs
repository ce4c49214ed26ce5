using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Lowering
{
    /// <summary>
    /// A running maximum or minimum, <c>for (int j = a; j &lt; b; j++) m = Math.Max(m, E);</c>, for the methods that
    /// compute partials again instead of recording them (kernels, which have no tape). Its reverse sweep would need
    /// the choice Max made on every trip. But the adjoint of m reaches only the last argument Max picked: once a trip
    /// hands m's adjoint to E, m's adjoint is zero for every earlier trip. So the loop becomes a scan that finds that
    /// trip, touching no value that reaches the result, then one differentiable assignment:
    /// <code>
    /// double scan = m; int at = 0; bool picked = false;
    /// for (int j = a; j &lt; b; j++) { double e = E; if (!(scan &gt;= e)) { scan = e; at = j; picked = true; } }
    /// for (int j = a; j &lt; b; j++) { if (picked &amp;&amp; j == at) m = E; }
    /// </code>
    /// The comparison gives a tie to Max's first argument, all of it: the catalog splits a tie in half, which would
    /// need the adjoint followed back through every earlier tie of the loop, so at an exact tie a kernel's running
    /// maximum takes the subgradient of the argument it keeps (documented in docs/kernels.md); elsewhere the
    /// derivative is the one the loop has. The value is the same, an argument of Max being
    /// returned as it is, except with a NaN among the arguments (the comparison picks it, where .NET's Max returns
    /// NaN and a device's maximum ignores it) or a maximum of zero, whose sign may differ. Min, and E as the first
    /// argument (which takes ties), are handled alike.
    /// </summary>
    internal sealed class RunningExtremumLowering : StatementRewriter
    {
        private readonly NameSource _names;
        private readonly bool _recordsPartials;

        /// <param name="names">Where the scan's names come from.</param>
        /// <param name="recordsPartials">
        /// Whether the method records on a tape: it lowers only the branch form (<see cref="LowerBranch"/>), whose
        /// derivative the scan keeps exactly; the <c>Max</c> form keeps the catalog's split of a tie, which needs every
        /// trip's choice recorded. Without a tape both forms are lowered.
        /// </param>
        public RunningExtremumLowering(NameSource names, bool recordsPartials = false)
        {
            _names = names;
            _recordsPartials = recordsPartials;
        }

        protected override IEnumerable<Stmt> RewriteStatement(Stmt stmt)
        {
            if (_recordsPartials)
            {
                return stmt is LoopStmt branchLoop && LowerBranch(branchLoop) is { } lowered ? lowered : base.RewriteStatement(stmt);
            }

            if (stmt is LoopStmt { Counted: { } counted, Body.Statements: { Count: 1 } body } loop
                && body[0] is AssignStmt { Target: LocalTarget target } assign
                && string.IsNullOrEmpty(target.DeclaredType)
                && assign.Value is IntrinsicCallExpr { Rule: "Max/2" or "Min/2", Args.Count: 2 } extremum
                && Operand(extremum, target.Name) is { } operand
                && !ExprTree.DescendantsAndSelf(operand.Other).Any(e => e is VarExpr v && v.Name == target.Name)
                // E runs on every trip of the scan and again at the pick: it must have no effects.
                && ExprTree.DescendantsAndSelf(operand.Other).All(e => e is not UserCallExpr && (e is not ValueExpr value || value.Pure) && (e is not ElemExpr element || element.Index.Pure))
                && !ReadsName(loop, target.Name))
            {
                return Lower(loop, counted, assign, target, extremum.Rule == "Max/2", operand.AccumulatorFirst, operand.Other);
            }

            return base.RewriteStatement(stmt);
        }

        /// <summary>
        /// A running choice written as a branch, <c>for (int j = a; j &lt; b; j++) if (C(m, j)) m = E(j);</c>, as a
        /// maximum is (<c>if (m &lt; x[j]) m = x[j];</c>). Recorded as written, every trip pushes the branch it took and the
        /// reverse sweep pops them all, though m's adjoint reaches only the trip that assigned m last. So the loop becomes
        /// a scan that replays the same comparisons on a copy of m, touching nothing that reaches the result, then that
        /// one assignment, with the counter the scan found:
        /// <code>
        /// double scan = m; int at = 0; bool picked = false;
        /// for (int j = a; j &lt; b; j++) { if (C(scan, j)) { scan = E(j); at = j; picked = true; } }
        /// if (picked) m = E(at);
        /// </code>
        /// The scan makes every comparison the loop made, with the same operands in the same order, so it picks the
        /// same trip at a tie and with a NaN, and m ends with the same value and the same derivative: C's outcome is
        /// piecewise constant, and E(at) is the value the loop assigned last. C and E must have no effects (both run
        /// again) and E must not read m (it runs once m is no longer what the trip saw).
        /// </summary>
        private IEnumerable<Stmt>? LowerBranch(LoopStmt loop)
        {
            if (loop is not { Counted: { } counted, Body.Statements: { Count: 1 } body }
                || body[0] is not IfStmt { Else.Statements.Count: 0, Then.Statements: { Count: 1 } then } branch
                || then[0] is not AssignStmt { Target: LocalTarget target } assign
                || !string.IsNullOrEmpty(target.DeclaredType)
                || target.Kind is not (ScalarKind.Double or ScalarKind.Float)
                || !branch.Condition.Pure
                || ExprTree.DescendantsAndSelf(assign.Value).Any(e => e is VarExpr v && v.Name == target.Name
                                                                      || e is UserCallExpr
                                                                      || e is ValueExpr { Pure: false }
                                                                      || e is ValueExpr value && value.Reads.Contains(target.Name)
                                                                      || e is ElemExpr { Index.Pure: false })
                || ReadsName(loop, target.Name))
            {
                return null;
            }

            ScalarKind kind = target.Kind;
            IrType counterType = counted.VarType == "long" ? IrType.Int64 : IrType.Int32;
            string keyword = kind == ScalarKind.Float ? "float" : "double";
            string scan = _names.Fresh("scan");
            string at = _names.Fresh("at");
            string picked = _names.Fresh("picked");

            // Text the IR keeps as written (HostValue) cannot be renamed: a condition that still reads m, or a candidate
            // that still reads the counter, is left as written.
            var toScan = new InlineLowering.Renamer(new Dictionary<string, string>(System.StringComparer.Ordinal) { [target.Name] = scan }, string.Empty);
            var scanCondition = (ValueExpr)toScan.Expression(branch.Condition);
            var atTheChoice = new InlineLowering.Renamer(new Dictionary<string, string>(System.StringComparer.Ordinal) { [counted.Var] = at }, string.Empty);
            Expr chosen = atTheChoice.Expression(assign.Value);
            if (scanCondition.Reads.Contains(target.Name)
                || ExprTree.DescendantsAndSelf(chosen).Any(e => e is ThrowExpr
                                                               || e is VarExpr v && v.Name == counted.Var
                                                               || e is ValueExpr value && value.Reads.Contains(counted.Var)))
            {
                return null;
            }

            var pick = new Block(new Stmt[]
            {
                new AssignStmt(new LocalTarget(scan, kind, null), assign.Value, scan + " = " + assign.Source),
                InactiveStmt.Assign(at, new NameValue(counted.Var, counterType)),
                InactiveStmt.Assign(picked, new ConstantValue("true", IrType.Bool, IsLiteral: true)),
            }.ToEquatableArray());
            var scanBody = new Block(new Stmt[]
            {
                new IfStmt(scanCondition, pick, new Block(EquatableArray<Stmt>.Empty)),
            }.ToEquatableArray());

            var choose = new Block(new Stmt[] { assign with { Value = chosen } }.ToEquatableArray());
            return new Stmt[]
            {
                new AssignStmt(new LocalTarget(scan, kind, keyword), new VarExpr(target.Name, kind), scan + " = " + target.Name),
                InactiveStmt.Declare(counterType, at, new ConstantValue("0", counterType, IsLiteral: true)),
                InactiveStmt.Declare(IrType.Bool, picked, new ConstantValue("false", IrType.Bool, IsLiteral: true)),
                loop with { Body = scanBody },
                new IfStmt(new ValueExpr(new NameValue(picked, IrType.Bool), ScalarKind.Boolean), choose, new Block(EquatableArray<Stmt>.Empty)),
            };
        }

        /// <summary>The argument that is not the accumulator, and whether the accumulator is the first; null when neither argument is it.</summary>
        private static (Expr Other, bool AccumulatorFirst)? Operand(IntrinsicCallExpr call, string accumulator)
        {
            bool first = call.Args[0] is VarExpr a && a.Name == accumulator;
            bool second = call.Args[1] is VarExpr b && b.Name == accumulator;
            return first == second ? null : first ? (call.Args[1], true) : (call.Args[0], false);
        }

        /// <summary>Whether the loop's header reads <paramref name="name"/>: its bounds must not depend on the running value.</summary>
        private static bool ReadsName(LoopStmt loop, string name) =>
            (loop.Condition?.Reads.Contains(name) ?? false)
            || loop.Init.Concat(loop.Step).OfType<InactiveStmt>().Any(s => s.Reads.Contains(name));

        private IEnumerable<Stmt> Lower(LoopStmt loop, CountedLoop counted, AssignStmt assign, LocalTarget target, bool maximum, bool accumulatorFirst, Expr other)
        {
            ScalarKind kind = target.Kind;
            IrType type = IrType.Of(kind);
            IrType counterType = counted.VarType == "long" ? IrType.Int64 : IrType.Int32;
            string keyword = kind == ScalarKind.Float ? "float" : "double";
            string scan = _names.Fresh("scan");
            string candidate = _names.Fresh("candidate");
            string at = _names.Fresh("at");
            string picked = _names.Fresh("picked");

            // Max(m, e) gives m's adjoint to e where !(m >= e); Max(e, m) where e >= m. Min likewise with <=.
            ValueOperator order = maximum ? ValueOperator.GreaterOrEqual : ValueOperator.LessOrEqual;
            Value scanValue = new NameValue(scan, type);
            Value candidateValue = new NameValue(candidate, type);
            Value picks = accumulatorFirst
                ? new UnaryValue(UnaryOperator.Not, new BinaryValue(order, scanValue, candidateValue, IrType.Bool), IrType.Bool)
                : new BinaryValue(order, candidateValue, scanValue, IrType.Bool);

            var pick = new Block(new Stmt[]
            {
                new AssignStmt(new LocalTarget(scan, kind, null), new VarExpr(candidate, kind), scan + " = " + candidate),
                InactiveStmt.Assign(at, new NameValue(counted.Var, counterType)),
                InactiveStmt.Assign(picked, new ConstantValue("true", IrType.Bool, IsLiteral: true)),
            }.ToEquatableArray());
            var scanBody = new Block(new Stmt[]
            {
                new AssignStmt(new LocalTarget(candidate, kind, keyword), other, candidate + " = " + assign.Source) { LineOffset = assign.LineOffset },
                new IfStmt(new ValueExpr(picks, ScalarKind.Boolean), pick, new Block(EquatableArray<Stmt>.Empty)),
            }.ToEquatableArray());

            yield return new AssignStmt(new LocalTarget(scan, kind, keyword), new VarExpr(target.Name, kind), scan + " = " + target.Name);
            yield return InactiveStmt.Declare(counterType, at, new ConstantValue("0", counterType, IsLiteral: true));
            yield return InactiveStmt.Declare(IrType.Bool, picked, new ConstantValue("false", IrType.Bool, IsLiteral: true));
            yield return loop with { Body = scanBody };

            // The trip Max picked last, and its argument again: the one differentiable step of the loop. The loop's
            // header is kept, so that its counter stays a counter and E reads it as it did.
            Value chosen = new BinaryValue(
                ValueOperator.ConditionalAnd,
                new NameValue(picked, IrType.Bool),
                new BinaryValue(ValueOperator.Equal, new NameValue(counted.Var, counterType), new NameValue(at, counterType), IrType.Bool),
                IrType.Bool);
            var choose = new Block(new Stmt[]
            {
                new IfStmt(new ValueExpr(chosen, ScalarKind.Boolean), new Block(new Stmt[] { assign with { Value = other } }.ToEquatableArray()), new Block(EquatableArray<Stmt>.Empty)),
            }.ToEquatableArray());
            yield return loop with { Body = choose };
        }
    }
}
