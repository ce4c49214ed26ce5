using System.Collections.Generic;
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
            var dead = new HashSet<AssignStmt>(ReferenceComparer<AssignStmt>.Instance);
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

        /// <summary>
        /// Whether <paramref name="body"/> may read the elements of <paramref name="buffer"/> anywhere. A call reads them only
        /// where an argument names the buffer, and <c>buffer.Length</c> reads none; anything else the walk does not model
        /// counts as a read. A buffer nothing reads is only written: its
        /// initial contents cannot affect the method's results (<c>MJacobian</c> then need not keep them).
        /// </summary>
        public static bool ReadsAnywhere(Block body, string buffer) => ReadsIn(body, buffer, new List<AssignStmt>(), contentsOnly: true);

        /// <summary>
        /// Whether <paramref name="statement"/> may read the elements of <paramref name="array"/>: <c>array.Length</c> reads none,
        /// and anything the walk does not model counts as a read.
        /// </summary>
        public static bool MayRead(Stmt statement, string array) => Reads(statement, array, new List<AssignStmt>(), contentsOnly: true);

        /// <summary>Whether <paramref name="statement"/> may read <paramref name="array"/>; collects the writes to its elements.</summary>
        private static bool Reads(Stmt statement, string array, List<AssignStmt> writes, bool contentsOnly = false)
        {
            switch (statement)
            {
                case CallStmt call when contentsOnly:
                    return CallReads(call.Call, array);
                case AssignStmt assign:
                    if (assign.Target is ElemTarget element && element.Array == array)
                    {
                        writes.Add(assign);
                        if (Mentions(element.Index.Code, array, contentsOnly))
                        {
                            return true;
                        }
                    }

                    return ReadsIn(assign.Value, array, contentsOnly);
                case IfStmt branch:
                    return Mentions(branch.Condition.Code, array, contentsOnly) || ReadsIn(branch.Then, array, writes, contentsOnly) || ReadsIn(branch.Else, array, writes, contentsOnly);
                case BlockStmt nested:
                    return ReadsIn(nested.Body, array, writes, contentsOnly);
                case LoopStmt loop:
                    return (loop.Condition is { } condition && Mentions(condition.Code, array, contentsOnly))
                        || ReadsIn(new Block(loop.Init), array, writes, contentsOnly)
                        || ReadsIn(new Block(loop.Step), array, writes, contentsOnly)
                        || ReadsIn(loop.Body, array, writes, contentsOnly);
                case BreakStmt or ContinueStmt:
                    return false;
                case InactiveStmt inactive:
                    // Host code the IR keeps as text (a loop's counter, an integer local): a read wherever it names the array.
                    return Mentions(inactive.Code, array, contentsOnly);
                case ArrayDeclStmt declaration:
                    return declaration.Name == array || Mentions(declaration.Length.Code, array, contentsOnly);
                default:
                    // Calls, returns, inactive host code and anything else: assumed to read it.
                    return true;
            }
        }

        private static bool ReadsIn(Block block, string array, List<AssignStmt> writes, bool contentsOnly = false)
        {
            bool reads = false;
            foreach (Stmt statement in block.Statements)
            {
                reads |= Reads(statement, array, writes, contentsOnly);
            }

            return reads;
        }

        private static bool ReadsIn(Expr value, string array, bool contentsOnly = false)
        {
            foreach (Expr expr in ExprTree.DescendantsAndSelf(value))
            {
                bool reads = expr switch
                {
                    UserCallExpr call when contentsOnly => CallReads(call, array),
                    ElemExpr element => element.Array == array || Mentions(element.Index.Code, array, contentsOnly),
                    ValueExpr opaque => Mentions(opaque.Code, array, contentsOnly),
                    ConditionalExpr conditional => Mentions(conditional.Condition.Code, array, contentsOnly),
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

        /// <summary>
        /// Whether a call may read <paramref name="array"/>: an argument is the array, or reads it (a nested call's own
        /// arguments included).
        /// </summary>
        private static bool CallReads(UserCallExpr call, string array)
        {
            foreach (CallArg argument in call.Args)
            {
                if (argument.BufferName == array || argument.Value is VarExpr variable && variable.Name == array || ReadsIn(argument.Value, array, contentsOnly: true))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether <paramref name="code"/> names <paramref name="name"/>; with <paramref name="contentsOnly"/>, other than as
        /// <c>name.Length</c>, which reads no element.
        /// </summary>
        internal static bool Mentions(string code, string name, bool contentsOnly = false)
        {
            if (code.IndexOf(name, System.StringComparison.Ordinal) < 0)
            {
                return false;
            }

            if (contentsOnly)
            {
                code = code.Replace(name + ".Length", string.Empty);
            }

            return IdentifierScan.All(code).Contains(name);
        }
    }
}
