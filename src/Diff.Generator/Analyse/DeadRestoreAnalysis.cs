using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Diff.Generator.Emit;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Finds the writes to restored local arrays (<see cref="RestorationAnalysis"/>) whose restore nothing can observe, so
    /// that the element they overwrite need not be recorded.
    /// <para>
    /// A restore puts back, in the reverse sweep, the value an element had before the write, for the reverse of the code
    /// that ran before the write and read the array. Where nothing before the write reads the array, the restored value
    /// is never read: the typical case is a scratch array filled right after it is declared
    /// (<c>double[] xo = new double[3]; for (k…) xo[k] = …;</c>), whose restores would record three zeros and put them
    /// back. The decision is taken per top-level statement: every write inside a top-level statement that only writes the
    /// array (its values and indices do not read it), with no top-level statement before it reading the array, has a dead
    /// restore. Anything the walk does not model counts as a read.
    /// </para>
    /// </summary>
    internal static class DeadRestoreAnalysis
    {
        /// <summary>The assignments (by reference, as they appear in <paramref name="body"/>) whose restores are dead.</summary>
        public static HashSet<AssignStmt> Run(Block body, IEnumerable<string> restored)
        {
            var dead = new HashSet<AssignStmt>(ByReference.Instance);
            foreach (string array in restored)
            {
                bool readBefore = false;
                foreach (Stmt statement in body.Statements)
                {
                    if (statement is ArrayDeclStmt declaration && declaration.Name == array)
                    {
                        continue;
                    }

                    var writes = new List<AssignStmt>();
                    bool reads = Reads(statement, array, writes);
                    if (!reads && !readBefore)
                    {
                        dead.UnionWith(writes);
                    }

                    readBefore |= reads;
                }
            }

            return dead;
        }

        /// <summary>Whether <paramref name="statement"/> may read <paramref name="array"/>; collects the writes to its elements.</summary>
        private static bool Reads(Stmt statement, string array, List<AssignStmt> writes)
        {
            switch (statement)
            {
                case AssignStmt assign:
                    if (assign.Target is ElemTarget element && element.Array == array)
                    {
                        writes.Add(assign);
                        if (Mentions(element.Index.Code, array))
                        {
                            return true;
                        }
                    }

                    return ReadsIn(assign.Value, array);
                case IfStmt branch:
                    return Mentions(branch.Condition.Code, array) || ReadsIn(branch.Then, array, writes) || ReadsIn(branch.Else, array, writes);
                case BlockStmt nested:
                    return ReadsIn(nested.Body, array, writes);
                case LoopStmt loop:
                    return (loop.Condition is { } condition && Mentions(condition.Code, array))
                        || ReadsIn(new Block(loop.Init), array, writes)
                        || ReadsIn(new Block(loop.Step), array, writes)
                        || ReadsIn(loop.Body, array, writes);
                case BreakStmt or ContinueStmt:
                    return false;
                case InactiveStmt inactive:
                    // Host code the IR keeps as text (a loop's counter, an integer local): a read wherever it names the array.
                    return Mentions(inactive.Code, array);
                case ArrayDeclStmt declaration:
                    return declaration.Name == array || Mentions(declaration.Length.Code, array);
                default:
                    // Calls, returns, inactive host code and anything else: assumed to read it.
                    return true;
            }
        }

        private static bool ReadsIn(Block block, string array, List<AssignStmt> writes)
        {
            bool reads = false;
            foreach (Stmt statement in block.Statements)
            {
                reads |= Reads(statement, array, writes);
            }

            return reads;
        }

        private static bool ReadsIn(Expr value, string array)
        {
            foreach (Expr expr in ExprTree.DescendantsAndSelf(value))
            {
                bool reads = expr switch
                {
                    ElemExpr element => element.Array == array || Mentions(element.Index.Code, array),
                    ValueExpr opaque => Mentions(opaque.Code, array),
                    ConditionalExpr conditional => Mentions(conditional.Condition.Code, array),
                    VarExpr or NegateExpr or BinaryExpr or ConvertExpr or IntrinsicCallExpr => false,
                    _ => true,
                };
                if (reads)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Mentions(string code, string name) => code.IndexOf(name, System.StringComparison.Ordinal) >= 0 && IdentifierScan.All(code).Contains(name);

        private sealed class ByReference : IEqualityComparer<AssignStmt>
        {
            public static readonly ByReference Instance = new();

            public bool Equals(AssignStmt? x, AssignStmt? y) => ReferenceEquals(x, y);

            public int GetHashCode(AssignStmt obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
