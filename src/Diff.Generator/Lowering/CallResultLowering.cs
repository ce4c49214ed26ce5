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
    /// A value-returning call that takes a differentiable buffer and writes none moves out the same way (outside
    /// conditional branches), so that it is recorded once through the callee's halves.
    /// An element of a buffer the call writes that the statement reads before the call
    /// (<c>b[0] * F(b)</c>, <c>b[0] += F(b)</c>), and a value call that reads that buffer before it
    /// (<c>G(b) * F(b)</c>), are evaluated into locals first, as C# evaluates them. A buffer passed
    /// whole before the writing call in any other way is refused (DIFF013).
    /// </summary>
    internal sealed class CallResultLowering : HoistingRewriter
    {
        private readonly NameSource _names;
        private readonly List<DiagnosticInfo> _diagnostics;

        /// <summary>The buffers the statement has read so far, in C#'s left-to-right evaluation order.</summary>
        private readonly HashSet<string> _readSoFar = new(System.StringComparer.Ordinal);

        /// <summary>Whether calls that may be inlined (<see cref="UserCallExpr.Inline"/>) move out too, for <see cref="InlineLowering"/>.</summary>
        private readonly bool _forInlining;

        public CallResultLowering(NameSource names, List<DiagnosticInfo> diagnostics, bool forInlining = false)
        {
            _names = names;
            _diagnostics = diagnostics;
            _forInlining = forInlining;
        }

        /// <summary>Evaluates each differentiable scalar argument that is not a variable into a local of its own, before the call.</summary>
        private UserCallExpr ScalarArgumentsInLocals(UserCallExpr call, List<Stmt> hoisted)
        {
            if (call.Args.All(a => a.Role != ArgRole.Scalar || a.Value is VarExpr))
            {
                return call;
            }

            var args = new List<CallArg>();
            foreach (CallArg arg in call.Args)
            {
                if (arg.Role != ArgRole.Scalar || arg.Value is VarExpr)
                {
                    args.Add(arg);
                    continue;
                }

                string name = _names.Fresh("p");
                string keyword = arg.Value.Kind == ScalarKind.Float ? "float" : "double";
                hoisted.Add(new AssignStmt(new LocalTarget(name, arg.Value.Kind, keyword), arg.Value, name + " = (argument of " + call.DisplayName + ")"));
                args.Add(arg with { Value = new VarExpr(name, arg.Value.Kind) });
            }

            return call with { Args = args.ToEquatableArray() };
        }

        /// <summary>How many conditional expressions the walk is inside: calls in their branches are not moved out.</summary>
        private int _insideBranch;

        /// <summary>The buffers calls of this statement still to come write (how many calls each), whose reads move out before them.</summary>
        private readonly Dictionary<string, int> _writtenLater = new(System.StringComparer.Ordinal);

        /// <summary>The value of the statement being walked.</summary>
        private Expr? _root;

        /// <summary>
        /// Whether the statement's values have no effects (no <c>k++</c>): only then may a call move out for inlining, ahead
        /// of arguments and indices C# evaluates before it.
        /// </summary>
        private bool _withoutEffects;

        protected override void BeginStatement(Expr value)
        {
            _root = value;
            _withoutEffects = ExprTree.DescendantsAndSelf(value).OfType<ValueExpr>().All(v => v.Pure)
                              && (CurrentTarget is not ElemTarget element || element.Index.Pure);
            _readSoFar.Clear();
            _writtenLater.Clear();
            foreach (UserCallExpr call in ExprTree.DescendantsAndSelf(value).OfType<UserCallExpr>().Where(c => c.WritesBuffers))
            {
                foreach (string buffer in call.Args.Where(a => a.BufferName is not null).Select(a => a.BufferName!))
                {
                    _writtenLater[buffer] = _writtenLater.TryGetValue(buffer, out int calls) ? calls + 1 : 1;
                }
            }
        }

        /// <summary>Walks the expression in evaluation order, hoisting each buffer-writing call it meets.</summary>
        protected override Expr Hoist(Expr expr, List<Stmt> hoisted)
        {
            switch (expr)
            {
                case UserCallExpr call:
                {
                    // Arguments first: they are evaluated before the call, and they move out with it, so only
                    // what the statement read before the argument list matters.
                    var readBefore = new HashSet<string>(_readSoFar, System.StringComparer.Ordinal);
                    var lowered = (UserCallExpr)ExprTree.MapChildren(call, HoistInto(hoisted));
                    string[] buffers = call.Args.Where(a => a.BufferName is not null).Select(a => a.BufferName!).ToArray();
                    if (!call.WritesBuffers)
                    {
                        if (call.Kind != ScalarKind.Void && buffers.Any(_writtenLater.ContainsKey))
                        {
                            // `G1(a) * G2(a)` where G2 writes a: C# runs G1 first, on the old a, so its value
                            // moves out into a local before G2 does, like an element read.
                            string value = _names.Fresh("v");
                            hoisted.Add(new AssignStmt(new LocalTarget(value, call.Kind, call.Kind == ScalarKind.Float ? "float" : "double"), lowered, value + " = " + call.DisplayName + "(…)"));
                            return new VarExpr(value, call.Kind);
                        }

                        _readSoFar.UnionWith(buffers);
                        bool declaresItsValue = ReferenceEquals(call, _root) && CurrentTarget is LocalTarget { DeclaredType: not null };
                        if (lowered.RecordsValueCall && _insideBranch == 0)
                        {
                            // The callee's reverse half hands a scalar argument's adjoint back to a variable only.
                            lowered = ScalarArgumentsInLocals(lowered, hoisted);
                        }

                        if ((lowered.RecordsValueCall || (_forInlining && _withoutEffects && lowered.Inline is not null)) && _insideBranch == 0 && !declaresItsValue)
                        {
                            // Recorded once through the callee's halves (the reverse transform makes `double r = F(v, i);`
                            // a call statement), so it moves into a declaration of its own.
                            string valueName = _names.Fresh("r");
                            hoisted.Add(new AssignStmt(new LocalTarget(valueName, call.Kind, call.Kind == ScalarKind.Float ? "float" : "double"), lowered, valueName + " = " + call.DisplayName + "(…)"));
                            return new VarExpr(valueName, call.Kind);
                        }

                        return lowered;
                    }

                    // Reads of these buffers earlier in the statement were moved out before the call (below);
                    // what is left is a read the walk could not move, such as a buffer passed to another call.
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
                    foreach (string buffer in buffers)
                    {
                        if (_writtenLater.TryGetValue(buffer, out int calls) && calls > 1)
                        {
                            _writtenLater[buffer] = calls - 1;
                        }
                        else
                        {
                            _writtenLater.Remove(buffer);
                        }
                    }

                    return new VarExpr(name, call.Kind);
                }

                case ElemExpr element when _writtenLater.ContainsKey(element.Array):
                {
                    // `b[1] += F(b)`: C# reads b[1] before F writes b, so the read moves out first, into a local.
                    string name = _names.Fresh("e");
                    hoisted.Add(new AssignStmt(new LocalTarget(name, element.Kind, element.Kind == ScalarKind.Float ? "float" : "double"), element, name + " = (element read before the call)"));
                    return new VarExpr(name, element.Kind);
                }

                case ElemExpr element:
                    _readSoFar.Add(element.Array);
                    return element;
                case ConditionalExpr:
                {
                    // A branch's call runs only when its branch is taken: it stays where it is.
                    _insideBranch++;
                    Expr mapped = ExprTree.MapChildren(expr, HoistInto(hoisted));
                    _insideBranch--;
                    return mapped;
                }

                default:
                    return ExprTree.MapChildren(expr, HoistInto(hoisted));
            }
        }
    }
}
