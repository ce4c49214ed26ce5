using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// The reverse transform of tensor mode: from a method's lowered IR (<c>Model/Ir.cs</c>, the IR
    /// scalar mode uses) to the IR of its reverse sweep (<see cref="TensorReverseMethod"/>).
    /// Statements are visited last to first; each assignment restores its target's old value and
    /// passes the target's adjoint on to what the value was computed from, through the op's
    /// registered backward or the callee's companions; branches and loops replay what the forward
    /// sweep recorded.
    /// </summary>
    internal static class TensorReverseTransform
    {
        public static TensorReverseMethod Transform(TensorMethodModel method)
        {
            Dictionary<string, TensorLocal> locals = method.Locals.ToDictionary(l => l.Name);
            bool seeds = method.Locals.Any(l => l.Name == method.ResultLocal && l.Active);
            return new TensorReverseMethod(method.Locals, method.ResultLocal, seeds, ReverseAll(method.Body.Statements, method, locals, 0));
        }

        private static EquatableArray<SweepStmt> ReverseAll(IReadOnlyList<Stmt> statements, TensorMethodModel method, Dictionary<string, TensorLocal> locals, int depth)
        {
            var reversed = new List<SweepStmt>();
            for (int i = statements.Count - 1; i >= 0; i--)
            {
                Stmt statement = statements[i];
                int line = statement is InactiveStmt or AssignStmt ? statement.LineOffset : -1;
                reversed.AddRange(Reverse(statement, method, locals, depth).Select(s => line < 0 ? s : s with { LineOffset = line }));
            }

            return reversed.ToEquatableArray();
        }

        private static IEnumerable<SweepStmt> Reverse(Stmt statement, TensorMethodModel method, Dictionary<string, TensorLocal> locals, int depth)
        {
            switch (statement)
            {
                case InactiveStmt inactive:
                    for (int i = inactive.Assigned.Count - 1; i >= 0; i--)
                    {
                        if (locals.TryGetValue(inactive.Assigned[i], out TensorLocal? written) && written.SavedOnWrite)
                        {
                            yield return new RestoreStmt(written);
                        }
                    }

                    break;

                case AssignStmt assign:
                {
                    TensorLocal target = locals[method.LocalOf(assign.Target)];
                    if (!target.Active || assign.Value is ValueExpr)
                    {
                        // A constant value: the target's old adjoint reaches nothing.
                        if (target.Active)
                        {
                            yield return new ClearAdjointStmt(target.Name);
                        }

                        if (target.SavedOnWrite)
                        {
                            yield return new RestoreStmt(target);
                        }

                        break;
                    }

                    Propagation? how = assign.Value switch
                    {
                        VarExpr copy => new ToSource(copy.Name),
                        ParameterValueExpr parameter => new ToParameter(parameter.ParameterCode),
                        TensorOpExpr op => new ThroughBackward(op.Backward, op.Args, op.Curvature),
                        TensorCallExpr call => new ThroughCallee(call.Receiver, call.Method, call.Args),
                        _ => null,
                    };
                    yield return new PropagateStmt(target, assign.Value is TensorOpExpr && target.SavedOnWrite, how);
                    break;
                }

                case IfStmt branch:
                    yield return new ReplayBranchStmt(ReverseAll(branch.Then.Statements, method, locals, depth), ReverseAll(branch.Else.Statements, method, locals, depth));
                    break;

                case LoopStmt loop:
                    // One trip forwards is the body, then the step: backwards, the step is undone first.
                    yield return new ReplayLoopStmt(depth, ReverseAll(loop.Body.Statements.Concat(loop.Step).ToList(), method, locals, depth + 1), null);
                    foreach (SweepStmt initializer in ReverseAll(loop.Init, method, locals, depth))
                    {
                        yield return initializer;
                    }

                    break;

                case ForEachStmt loop:
                    yield return new ReplayLoopStmt(depth, ReverseAll(loop.Body.Statements, method, locals, depth + 1), locals[loop.Variable]);
                    break;

                case BlockStmt nested:
                    foreach (SweepStmt inner in ReverseAll(nested.Body.Statements, method, locals, depth))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }
}
