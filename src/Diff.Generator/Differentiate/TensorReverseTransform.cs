using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// The reverse transform of tensor mode: from a method's IR to the IR of its reverse sweep
    /// (<see cref="TensorReverseMethod"/>). Statements are visited last to first; each assignment
    /// restores its target's old value and passes the target's adjoint on to what the value was
    /// computed from; branches and loops replay what the forward sweep recorded.
    /// </summary>
    internal static class TensorReverseTransform
    {
        public static TensorReverseMethod Transform(TensorMethodModel method)
        {
            Dictionary<string, TensorLocal> locals = method.Locals.ToDictionary(l => l.Name);
            bool seeds = method.Locals.Any(l => l.Name == method.ResultLocal && l.Active);
            return new TensorReverseMethod(method.Locals, method.ResultLocal, seeds, ReverseAll(method.Body, locals, 0));
        }

        private static EquatableArray<SweepStmt> ReverseAll(EquatableArray<TensorStmt> statements, Dictionary<string, TensorLocal> locals, int depth)
        {
            var reversed = new List<SweepStmt>();
            for (int i = statements.Count - 1; i >= 0; i--)
            {
                TensorStmt statement = statements[i];
                int line = statement is PlainStmt or AssignTensorStmt ? statement.LineOffset : -1;
                reversed.AddRange(Reverse(statement, locals, depth).Select(s => line < 0 ? s : s with { LineOffset = line }));
            }

            return reversed.ToEquatableArray();
        }

        private static IEnumerable<SweepStmt> Reverse(TensorStmt statement, Dictionary<string, TensorLocal> locals, int depth)
        {
            switch (statement)
            {
                case PlainStmt plain:
                    for (int i = plain.Writes.Count - 1; i >= 0; i--)
                    {
                        if (locals[plain.Writes[i]].SavedOnWrite)
                        {
                            yield return new RestoreStmt(locals[plain.Writes[i]]);
                        }
                    }

                    break;

                case AssignTensorStmt assign:
                {
                    TensorLocal target = locals[assign.Target];
                    if (!assign.Active || !target.Active)
                    {
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
                        CopyValue copy => new ToSource(copy.Source),
                        ParameterValue parameter => new ToParameter(parameter.ParameterCode),
                        OpValue op => new ThroughBackward(op.Backward, op.Args),
                        CallValue call => new ThroughCallee(call.Receiver, call.Method, call.Args),
                        _ => null,
                    };
                    yield return new PropagateStmt(target, assign.Value is OpValue && target.SavedOnWrite, how);
                    break;
                }

                case IfTensorStmt branch:
                    yield return new ReplayBranchStmt(ReverseAll(branch.Then, locals, depth), ReverseAll(branch.Else, locals, depth));
                    break;

                case WhileTensorStmt loop:
                    yield return new ReplayLoopStmt(depth, ReverseAll(loop.Body, locals, depth + 1), null);
                    break;

                case ForEachTensorStmt loop:
                    yield return new ReplayLoopStmt(depth, ReverseAll(loop.Body, locals, depth + 1), locals[loop.Variable]);
                    break;
            }
        }
    }
}
