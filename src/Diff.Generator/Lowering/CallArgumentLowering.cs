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
    /// the same values. So is an element index with side effects (<c>s += a[k++] * x</c> becomes
    /// <c>int __p1 = default; __p1 = k++; s += a[__p1] * x;</c>). A statement that also reads what
    /// such an argument or index writes gets DIFF013.
    /// </remarks>
    internal sealed class CallArgumentLowering : HoistingRewriter
    {
        private readonly NameSource _names;
        private readonly List<DiagnosticInfo> _diagnostics;

        public CallArgumentLowering(NameSource names, List<DiagnosticInfo> diagnostics)
        {
            _names = names;
            _diagnostics = diagnostics;
        }

        /// <summary>The locals the arguments moved out of the current statement write.</summary>
        private readonly HashSet<string> _written = new(System.StringComparer.Ordinal);
        private LocationInfo? _at;

        /// <summary>How many blocks (branches, loops) are around the current statement.</summary>
        private int _depth;

        protected override void BeginStatement(Expr value)
        {
            _written.Clear();
            _at = null;
        }

        /// <summary>Evaluates each argument with side effects of a value call into a local, in C#'s order.</summary>
        protected override Expr Hoist(Expr expr, List<Stmt> hoisted)
        {
            if (expr is ElemExpr { Index: { Pure: false } index } element && index.NaturalType.Length > 0)
            {
                _written.UnionWith(index.Writes);
                string name = _names.Fresh("p");
                IrType type = index.Tree.Type;
                hoisted.Add(InactiveStmt.Declare(type, name, new ConstantValue("default", type, IsLiteral: false)));
                hoisted.Add(InactiveStmt.Assign(name, index.Tree));
                return element with { Index = ValueExpr.Name(name, type, index.Kind) };
            }

            if (expr is not UserCallExpr call)
            {
                return ExprTree.MapChildren(expr, HoistInto(hoisted));
            }

            var args = new List<CallArg>();
            foreach (CallArg arg in call.Args)
            {
                if (arg.Value is ValueExpr { Pure: false } effect && arg.Role == ArgRole.Constant && effect.NaturalType.Length > 0)
                {
                    _written.UnionWith(effect.Writes);
                    _at ??= call.Location;
                    args.Add(Lower(arg, true, hoisted, call.Location));
                }
                else
                {
                    args.Add(arg with { Value = Hoist(arg.Value, hoisted) });
                }
            }

            return call with { Args = args.ToEquatableArray() };
        }

        /// <summary>What the rest of the statement reads must not be what the moved arguments write.</summary>
        protected override void Check(Expr lowered, Target? target, List<Stmt> hoisted)
        {
            var reads = new HashSet<string>(
                ExprTree.DescendantsAndSelf(lowered).OfType<ValueExpr>().SelectMany(o => o.Reads),
                System.StringComparer.Ordinal);
            if (target is ElemTarget element)
            {
                reads.UnionWith(element.Index.Reads);
            }

            string? both = reads.FirstOrDefault(_written.Contains);
            if (both is not null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedExpression,
                    _at,
                    both,
                    "the statement both changes '" + both + "' inside a call's argument or an index and reads it elsewhere, and the generated code could not keep C#'s order of the two; change it in a statement of its own"));
            }
        }

        protected override IEnumerable<Stmt> RewriteStatement(Stmt stmt)
        {
            if (stmt is not CallStmt call)
            {
                bool nests = stmt is IfStmt or LoopStmt or BlockStmt or ForEachStmt;
                _depth += nests ? 1 : 0;
                try
                {
                    return base.RewriteStatement(stmt).ToList();
                }
                finally
                {
                    _depth -= nests ? 1 : 0;
                }
            }

            bool anyEffects = call.Call.Args.Any(a => a.Value is ValueExpr { Pure: false });
            var written = new HashSet<string>(call.Call.Args.Where(a => a.Value is ValueExpr { Pure: false }).SelectMany(a => ((ValueExpr)a.Value).Writes), System.StringComparer.Ordinal);
            var hoisted = new List<Stmt>();
            var args = new List<CallArg>();
            foreach (CallArg arg in call.Call.Args)
            {
                // A variable that no argument writes reads the same before and after them: it stays as it is, which also
                // keeps it in scope for the pullback (a reference, such as a [NoDiff] model, has no tape to be recorded on).
                bool plainName = arg.Value is ValueExpr { Pure: true, Tree: NameValue name } && !written.Contains(name.Name);
                args.Add(plainName ? arg : Lower(arg, anyEffects, hoisted, call.Call.Location));
            }

            if (hoisted.Count == 0)
            {
                return new Stmt[] { stmt };
            }

            hoisted.Add(call with { Call = call.Call with { Args = args.ToEquatableArray() } });
            return hoisted;
        }

        private CallArg Lower(CallArg arg, bool anyEffects, List<Stmt> hoisted, LocationInfo? at)
        {
            switch (arg.Value)
            {
                case VarExpr:
                    return arg;
                case ValueExpr { Pure: true, Reads.Count: 0 }:
                    // A literal or a constant field: nothing to evaluate twice.
                    return arg;
                case ValueExpr opaque when arg.Role == ArgRole.Constant:
                {
                    if ((opaque.Pure && !anyEffects) || opaque.NaturalType.Length == 0)
                    {
                        return arg;
                    }

                    string name = _names.Fresh("p");
                    IrType type = opaque.Tree.Type;
                    ValueExpr read = ValueExpr.Name(name, type, opaque.Kind);
                    if (_depth > 0 && !opaque.IsIntegral && !Differentiate.AdjointWriter.IsRecordedNumber(opaque)
                        && Differentiate.AdjointWriter.HeldBuffer(arg with { Value = read }) is null)
                    {
                        // The pullback runs in the reverse sweep, outside the block that would hold the local, and only
                        // numbers and the contents of float, double and int buffers (a view 'w.AsSpan(2 * o, 2)' of an
                        // array) are recorded for it.
                        _diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.UnsupportedExpression,
                            at,
                            ValuePrinter.Print(opaque.Tree),
                            "a call inside a loop or a branch takes this argument, which must be evaluated once, before the other arguments, and which the pullback needs again in the reverse sweep, where only numbers and the contents of float, double and int arrays and writable spans are recorded. Pass a view of an array ('w.AsSpan(2 * i, 2)', recorded), declare a view of a span as a local first ('ReadOnlySpan<double> v = s.Slice(2 * i, 2);' in the loop, then pass 'v'), or pass a variable set before the loop or branch"));
                        return arg;
                    }

                    // Declared, then assigned: a local assigned twice is never taken for a stable one.
                    // A reference type's local starts as default! under #nullable enable: the assignment follows at once.
                    string initial = type.Kind is IrTypeKind.Other or IrTypeKind.Unknown ? "default!" : "default";
                    hoisted.Add(InactiveStmt.Declare(type, name, new ConstantValue(initial, type, IsLiteral: false)));
                    hoisted.Add(InactiveStmt.Assign(name, opaque.Tree));
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
