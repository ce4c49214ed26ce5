using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Which variables and buffers depend on a differentiable parameter ("varied" in AD terms).
    /// Flow-insensitive: a local is active if any assignment to it is, which may keep a few zero
    /// adjoints alive but never drops a dependency.
    /// </summary>
    internal static class ActivityAnalysis
    {
        public static HashSet<string> Run(MethodModel method, Block body)
        {
            var active = new HashSet<string>(method.Parameters.Where(p => p.Differentiable).Select(p => p.Name), System.StringComparer.Ordinal);
            bool changed = true;
            while (changed)
            {
                changed = false;
                MethodAnalyzer.Walk(body, stmt =>
                {
                    switch (stmt)
                    {
                        case AssignStmt { Target: LocalTarget local } assign when IsActive(assign.Value, active):
                            changed |= active.Add(local.Name);
                            break;
                        case AssignStmt { Target: ElemTarget element } assign when IsActive(assign.Value, active):
                            changed |= active.Add(element.Array);
                            break;
                        case CallStmt call when call.Call.Args.Any(a => IsActive(a.Value, active)):
                            if (call.Result is not null)
                            {
                                changed |= active.Add(call.Result.Name);
                            }

                            foreach (CallArg arg in call.Call.Args)
                            {
                                if (arg.BufferName is not null)
                                {
                                    changed |= active.Add(arg.BufferName);
                                }
                            }

                            break;
                    }
                });
            }

            return active;
        }

        public static bool IsActive(Expr expr, HashSet<string> active) => expr switch
        {
            VarExpr variable => active.Contains(variable.Name),
            ElemExpr element => active.Contains(element.Array),
            NegateExpr negate => IsActive(negate.Operand, active),
            BinaryExpr binary => IsActive(binary.Left, active) || IsActive(binary.Right, active),
            ConvertExpr convert => IsActive(convert.Operand, active),
            IntrinsicCallExpr call => call.Args.Any(a => IsActive(a, active)),
            UserCallExpr call => call.Args.Any(a => a.Role != ArgRole.Constant && IsActive(a.Value, active)),
            ConditionalExpr conditional => IsActive(conditional.WhenTrue, active) || IsActive(conditional.WhenFalse, active),
            _ => false,
        };
    }
}
