using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Chooses the local arrays whose overwritten elements are recorded and written back in the reverse
    /// sweep (Tapenade's "restore" strategy), so that the reverse sweep sees every element as the
    /// forward sweep did and partials that read them need not be recorded. It pays when the array is
    /// read in partials more often than it is written: each element read is weighed by 8 per enclosing
    /// loop, as an estimate of how often it runs.
    /// </summary>
    internal static class RestorationAnalysis
    {
        private const int LoopWeight = 8;

        /// <param name="loopLocals">
        /// Whether an array created at the top of a loop's body may be restored too: its values are recorded at the end of
        /// each iteration and read back into a scratch array at the start of that iteration's reverse (so not where the
        /// reverse sweep has no tape: kernels, and the recompute policy).
        /// </param>
        public static HashSet<string> Run(Block body, HashSet<string> active, bool loopLocals = false)
        {
            // Only arrays created at the top level (one array for the whole call) or at the top of a loop's body, and
            // never handed to a call. Not a kernel's shared memory: one phase writes it and only later phases read it
            // (KernelTransform refuses any other use), so every read already sees the values as written.
            var candidates = new HashSet<string>(body.Statements.OfType<ArrayDeclStmt>().Where(a => !a.SharedMemory).Select(a => a.Name), System.StringComparer.Ordinal);
            var declarations = new Dictionary<string, int>(System.StringComparer.Ordinal);
            MethodAnalyzer.Walk(body, stmt =>
            {
                if (stmt is ArrayDeclStmt array)
                {
                    declarations[array.Name] = declarations.TryGetValue(array.Name, out int count) ? count + 1 : 1;
                }

                if (loopLocals && stmt is LoopStmt loop)
                {
                    candidates.UnionWith(loop.Body.Statements.OfType<ArrayDeclStmt>().Where(a => !a.SharedMemory).Select(a => a.Name));
                }
            });

            // A name declared twice (two loops' own arrays) is two arrays: neither is restored.
            candidates.ExceptWith(declarations.Where(d => d.Value > 1).Select(d => d.Key));
            MethodAnalyzer.Walk(body, stmt =>
            {
                // A call in a statement of its own or inside an expression (`double f = Fill(w, n);`, a helper without a
                // derivative that writes w and returns a value): what it writes is not restored element by element.
                Expr[] expressions = stmt switch
                {
                    CallStmt call => new Expr[] { call.Call },
                    AssignStmt assign => new[] { assign.Value },
                    ReturnStmt { Value: { } value } => new[] { value },
                    _ => System.Array.Empty<Expr>(),
                };
                foreach (UserCallExpr call in expressions.SelectMany(ExprTree.DescendantsAndSelf).OfType<UserCallExpr>())
                {
                    foreach (CallArg arg in call.Args)
                    {
                        if (arg.BufferName is not null)
                        {
                            candidates.Remove(arg.BufferName);
                        }
                        else if (arg.Value is ValueExpr { Tree: NameValue held })
                        {
                            candidates.Remove(held.Name);
                        }
                    }
                }
            });

            var reads = new Dictionary<string, long>(System.StringComparer.Ordinal);
            var writes = new Dictionary<string, long>(System.StringComparer.Ordinal);
            Count(body, 1, candidates, active, reads, writes);
            return new HashSet<string>(
                candidates.Where(a => reads.TryGetValue(a, out long r) && r > (writes.TryGetValue(a, out long w) ? w : 0)),
                System.StringComparer.Ordinal);
        }

        private static void Count(Block block, long weight, HashSet<string> candidates, HashSet<string> active, Dictionary<string, long> reads, Dictionary<string, long> writes)
        {
            foreach (Stmt stmt in block.Statements)
            {
                switch (stmt)
                {
                    case AssignStmt assign:
                        string? selfRead = null;
                        if (assign.Target is ElemTarget target && candidates.Contains(target.Array))
                        {
                            Add(writes, target.Array, weight);
                            selfRead = target.Array + "[" + target.Index.Code + "]";
                        }

                        if (IsActive(assign, active))
                        {
                            CountReads(assign.Value, weight, candidates, reads, selfRead);
                        }

                        break;
                    case IfStmt branch:
                        Count(branch.Then, weight, candidates, active, reads, writes);
                        Count(branch.Else, weight, candidates, active, reads, writes);
                        break;
                    case BlockStmt nested:
                        Count(nested.Body, weight, candidates, active, reads, writes);
                        break;
                    case LoopStmt loop:
                        Count(new Block(loop.Init), weight, candidates, active, reads, writes);
                        Count(loop.Body, weight * LoopWeight, candidates, active, reads, writes);
                        Count(new Block(loop.Step), weight * LoopWeight, candidates, active, reads, writes);
                        break;
                }
            }
        }

        private static bool IsActive(AssignStmt assign, HashSet<string> active) => assign.Target switch
        {
            LocalTarget local => active.Contains(local.Name),
            ElemTarget element => active.Contains(element.Array),
            _ => ActivityAnalysis.IsActive(assign.Value, active),
        };

        private static void CountReads(Expr expr, long weight, HashSet<string> candidates, Dictionary<string, long> reads, string? selfRead)
        {
            switch (expr)
            {
                case ElemExpr element when candidates.Contains(element.Array) && element.Array + "[" + element.Index.Code + "]" != selfRead:
                    Add(reads, element.Array, weight);
                    break;
                case NegateExpr negate:
                    CountReads(negate.Operand, weight, candidates, reads, selfRead);
                    break;
                case BinaryExpr binary:
                    CountReads(binary.Left, weight, candidates, reads, selfRead);
                    CountReads(binary.Right, weight, candidates, reads, selfRead);
                    break;
                case ConvertExpr convert:
                    CountReads(convert.Operand, weight, candidates, reads, selfRead);
                    break;
                case IntrinsicCallExpr call:
                    foreach (Expr arg in call.Args)
                    {
                        CountReads(arg, weight, candidates, reads, selfRead);
                    }

                    break;
            }
        }

        private static void Add(Dictionary<string, long> counts, string name, long weight) =>
            counts[name] = (counts.TryGetValue(name, out long count) ? count : 0) + weight;
    }
}
