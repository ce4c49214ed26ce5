using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// A call's pullback runs in the reverse sweep and takes the call's constant arguments again. A number, a boolean
    /// and the contents of a float, double or int buffer are recorded for it; anything else (an object, another
    /// [NoDiff] value) is read by name where the pullback runs. A local
    /// declared inside a loop or a branch is out of scope there, unless the reverse sweep declares it again (a stable
    /// integer); a local written after the call (or on a later trip of a loop around it) holds another value there. Such
    /// an argument is refused at the call, rather than left to the C# compiler's error in generated code or to a
    /// pullback that silently reads the wrong value.
    /// </summary>
    internal static class ReverseScopeCheck
    {
        public static void Run(Block body, HashSet<string> stable, HashSet<string> active, List<DiagnosticInfo> diagnostics)
        {
            var reported = new HashSet<LocationInfo?>();
            var context = new Context(stable, active, FinalValueAnalysis.Run(body), diagnostics, reported);
            Visit(body, new HashSet<string>(System.StringComparer.Ordinal), nested: false, context);
        }

        private sealed record Context(HashSet<string> Stable, HashSet<string> Active, FinalValueAnalysis Final, List<DiagnosticInfo> Diagnostics, HashSet<LocationInfo?> Reported);

        private static void Visit(Block block, HashSet<string> scoped, bool nested, Context context)
        {
            // The names this block declares go out of scope with it.
            var declaredHere = new List<string>();
            foreach (Stmt stmt in block.Statements)
            {
                foreach (UserCallExpr call in Calls(stmt, context.Active))
                {
                    foreach (CallArg arg in call.Args)
                    {
                        // Integers, booleans, floats and doubles are recorded for the pullback, and so are the contents of
                        // float, double and int buffers; anything else is read again by name.
                        if (arg.Role != ArgRole.Constant || arg.Value is not ValueExpr { IsIntegral: false } constant
                            || constant.Tree.Type.Kind == IrTypeKind.Bool || Differentiate.AdjointWriter.IsRecordedNumber(constant)
                            || Differentiate.AdjointWriter.HeldBuffer(arg) is not null
                            || context.Stable.Contains(ValuePrinter.Print(constant.Tree)))
                        {
                            continue;
                        }

                        string? outOfScope = constant.Reads.FirstOrDefault(name => scoped.Contains(name) && !context.Stable.Contains(name));
                        string? changed = constant.Reads.FirstOrDefault(name => !context.Stable.Contains(name) && !context.Final.IsFinalAt(name, stmt));
                        if ((outOfScope ?? changed) is { } local && context.Reported.Add(call.Location))
                        {
                            context.Diagnostics.Add(DiagnosticInfo.Create(
                                DiagnosticDescriptors.UnsupportedExpression,
                                call.Location,
                                ValuePrinter.Print(constant.Tree),
                                outOfScope is not null
                                    ? $"the call's pullback takes this argument again in the reverse sweep, where '{local}', declared inside the loop or branch, is out of scope, and only numbers, booleans and the contents of float, double and int buffers are recorded for it; pass a value set before the loop or branch that does not change afterwards"
                                    : $"the call's pullback takes this argument again in the reverse sweep, where '{local}' may hold another value (it is written after the call, or on a later trip of the loop), and only numbers, booleans and the contents of float, double and int buffers are recorded for it; pass a value that does not change after the call"));
                        }
                    }
                }

                if (nested)
                {
                    foreach (string name in Declared(stmt))
                    {
                        if (scoped.Add(name))
                        {
                            declaredHere.Add(name);
                        }
                    }
                }

                switch (stmt)
                {
                    case IfStmt branch:
                        Visit(branch.Then, scoped, nested: true, context);
                        Visit(branch.Else, scoped, nested: true, context);
                        break;
                    case BlockStmt inner:
                        Visit(inner.Body, scoped, nested: true, context);
                        break;
                    case LoopStmt loop:
                        Visit(new Block(loop.Init.Concat(loop.Body.Statements).ToEquatableArray()), scoped, nested: true, context);
                        break;
                }
            }

            scoped.ExceptWith(declaredHere);
        }

        private static IEnumerable<string> Declared(Stmt stmt) => stmt switch
        {
            InactiveStmt { Declares: true } declaration => declaration.Assigned,
            AssignStmt { Target: LocalTarget { DeclaredType: { Length: > 0 } } local } => new[] { local.Name },
            _ => System.Array.Empty<string>(),
        };

        /// <summary>
        /// The calls with a pullback that a statement makes itself: a buffer-writing call, or value calls in an active
        /// assignment that may be recorded through their halves, whose reverse half takes their arguments again (not
        /// one whose partials are taken at the call).
        /// </summary>
        private static IEnumerable<UserCallExpr> Calls(Stmt stmt, HashSet<string> active) => stmt switch
        {
            CallStmt call => new[] { call.Call },
            AssignStmt assign when ActivityAnalysis.IsActive(assign.Value, active) => ExprTree.DescendantsAndSelf(assign.Value).OfType<UserCallExpr>()
                .Where(call => call.RecordsValueCall || call.WritesBuffers || !call.CalleeIsDifferentiable),
            _ => System.Array.Empty<UserCallExpr>(),
        };
    }
}
