using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Lowering;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Phase 3 for tensor mode: the shared lowering of early exits (<see cref="EarlyExitLowering"/>,
    /// the rule scalar mode runs), then the one analysis the value-stack recording needs, which
    /// hoisted locals must be saved when they are overwritten.
    /// </summary>
    internal static class TensorMethodAnalyzer
    {
        public static TensorMethodModel Analyse(TensorMethodModel method)
        {
            if (method.Kind == CompanionKind.Abstract)
            {
                return method;
            }

            var names = new NameSource(method.Identifiers.Concat(method.Parameters.Select(p => p.Name)));
            var exits = new EarlyExitLowering(names, ScalarKind.Tensor);
            Block body = exits.Lower(method.Body);

            // The flags are hoisted like every other local: declared false, saved when overwritten.
            IEnumerable<TensorLocal> locals = method.Locals.Concat(exits.Flags.Select(f => new TensorLocal(f, "bool", SavedAs.Boolean, Active: false)));
            Dictionary<string, int> writes = CountWrites(body, method);
            TensorLocal[] saved = locals
                .Select(l => l with { SavedOnWrite = writes.TryGetValue(l.Name, out int count) && count > 1 })
                .ToArray();
            return method with { Body = body, Locals = saved.ToEquatableArray() };
        }

        /// <summary>
        /// How often each local is assigned, a statement inside a loop counting twice. A local written
        /// once, outside loops, never needs its old value saved: nothing before that assignment reads it.
        /// </summary>
        private static Dictionary<string, int> CountWrites(Block body, TensorMethodModel method)
        {
            var writes = new Dictionary<string, int>(System.StringComparer.Ordinal);
            void Count(string name, bool inLoop) => writes[name] = (writes.TryGetValue(name, out int n) ? n : 0) + (inLoop ? 2 : 1);
            void Walk(IEnumerable<Stmt> statements, bool inLoop)
            {
                foreach (Stmt statement in statements)
                {
                    switch (statement)
                    {
                        case AssignStmt assign:
                            Count(method.LocalOf(assign.Target), inLoop);
                            break;
                        case InactiveStmt inactive:
                            foreach (string name in inactive.Assigned)
                            {
                                Count(name, inLoop);
                            }

                            break;
                        case IfStmt branch:
                            Walk(branch.Then.Statements, inLoop);
                            Walk(branch.Else.Statements, inLoop);
                            break;
                        case LoopStmt loop:
                            Walk(loop.Init, inLoop);
                            Walk(loop.Body.Statements, true);
                            Walk(loop.Step, true);
                            break;
                        case ForEachStmt loop:
                            Count(loop.Variable, true);
                            Walk(loop.Body.Statements, true);
                            break;
                        case BlockStmt nested:
                            Walk(nested.Body.Statements, inLoop);
                            break;
                    }
                }
            }

            Walk(body.Statements, false);
            return writes;
        }
    }
}
