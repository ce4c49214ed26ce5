using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Finds the restored local arrays (<see cref="RestorationAnalysis"/>) whose values the reverse sweep can compute
    /// again instead of recording the elements each write overwrites.
    /// <para>
    /// A scratch array filled afresh on every trip of a loop (<c>for (c…) { for (j…) centered[j] = x[j] − μ[c·d + j]; …
    /// uses of centered … }</c>) is restored element by element: each trip records the d values it overwrites, and the
    /// reverse sweep puts them back so that the trip before sees its own. When one loop S, directly in a block that runs
    /// once per trip, makes every write to the array, fills all of it (<c>for (j = 0; j &lt; length; j++) a[j] = …</c>),
    /// computes each element from values that do not change during the call (parameters never written, counters, integers
    /// fixed once, buffers never written), and every read of the array comes after S in that same block, then running S
    /// again at the top of the block's reverse gives the reverse of the rest of the block the values the forward sweep
    /// had, with nothing recorded.
    /// </para>
    /// <para>
    /// The conditions, each needed: a read before S, or outside the block, would see the replayed values instead of the
    /// ones it saw; a fill of part of the array would leave the rest holding a later trip's values; a jump
    /// (<c>break</c>, <c>continue</c>, <c>return</c>) in the block could leave S unrun on a trip whose reverse still runs;
    /// a value read from anything written during the call could differ when replayed.
    /// Only arithmetic is replayed: evaluating a math function again costs more than recording the element it overwrites.
    /// </para>
    /// </summary>
    internal static class ReplayedWriteAnalysis
    {
        /// <summary>The statements (by reference, as they appear in <paramref name="body"/>) that the reverse sweep replays.</summary>
        public static HashSet<Stmt> Run(Block body, IEnumerable<string> restored, HashSet<string> stable)
        {
            var replayed = new HashSet<Stmt>(ReferenceComparer<Stmt>.Instance);
            foreach (string array in restored)
            {
                ArrayDeclStmt[] declarations = body.Statements.OfType<ArrayDeclStmt>().Where(a => a.Name == array).ToArray();
                if (declarations.Length != 1 || WriterOf(body, declarations[0], stable) is not { } writer)
                {
                    continue;
                }

                if (!ReadsOutside(body, array, writer.Block, writer.Statement))
                {
                    replayed.Add(writer.Statement);
                }
            }

            return replayed;
        }

        /// <summary>
        /// The statement that makes every write to <paramref name="array"/>, directly in a nested block without jumps, when
        /// it has the shape the reverse sweep can replay; null otherwise (a write elsewhere, a loop the walk does not model).
        /// </summary>
        private static (Block Block, Stmt Statement)? WriterOf(Block body, ArrayDeclStmt declaration, HashSet<string> stable)
        {
            string array = declaration.Name;
            int total = CountWrites(body, array);
            if (total <= 0)
            {
                return null;
            }

            (Block, Stmt)? found = null;
            bool settled = false;
            Visit(body, isTop: true);
            return found;

            void Visit(Block block, bool isTop)
            {
                foreach (Stmt stmt in block.Statements)
                {
                    if (settled)
                    {
                        return;
                    }

                    if (!isTop && CountWrites(stmt, array) == total)
                    {
                        if (Replayable(stmt, declaration, stable) && !Jumps(block))
                        {
                            found = (block, stmt);
                            settled = true;
                            return;
                        }

                        // Every write is inside this statement: only a block inside it can hold the writer.
                        settled = stmt is not (LoopStmt or IfStmt or BlockStmt);
                    }

                    switch (stmt)
                    {
                        case IfStmt branch:
                            Visit(branch.Then, false);
                            Visit(branch.Else, false);
                            break;
                        case BlockStmt nested:
                            Visit(nested.Body, false);
                            break;
                        case LoopStmt loop:
                            Visit(loop.Body, false);
                            break;
                    }
                }
            }
        }

        /// <summary>
        /// How many assignments write elements of <paramref name="array"/>; -1 where something else may write it (host code
        /// naming it, a call, a <c>foreach</c> the walk does not enter).
        /// </summary>
        private static int CountWrites(Block block, string array)
        {
            int count = 0;
            foreach (Stmt stmt in block.Statements)
            {
                int inner = CountWrites(stmt, array);
                if (inner < 0)
                {
                    return -1;
                }

                count += inner;
            }

            return count;
        }

        private static int CountWrites(Stmt stmt, string array)
        {
            switch (stmt)
            {
                case AssignStmt { Target: ElemTarget target }:
                    return target.Array == array ? 1 : 0;
                case AssignStmt or BreakStmt or ContinueStmt or ReturnStmt or ArrayDeclStmt:
                    return 0;
                case InactiveStmt inactive:
                    return Mentions(inactive.Code, array) ? -1 : 0;
                case IfStmt branch:
                    return Sum(CountWrites(branch.Then, array), CountWrites(branch.Else, array));
                case BlockStmt nested:
                    return CountWrites(nested.Body, array);
                case LoopStmt loop:
                    return Sum(Sum(CountWrites(new Block(loop.Init), array), CountWrites(new Block(loop.Step), array)), CountWrites(loop.Body, array));
                case CallStmt call when call.Call.Args.All(a => a.BufferName != array && !ExprTree.DescendantsAndSelf(a.Value).Any(e => e is VarExpr v && v.Name == array)):
                    return 0;
                default:
                    return -1;
            }

            static int Sum(int a, int b) => a < 0 || b < 0 ? -1 : a + b;
        }

        /// <summary>
        /// Whether <paramref name="stmt"/> fills the whole of <paramref name="array"/> from stable values: one counted loop
        /// <c>for (j = 0; j &lt; length; j++) array[j] = …;</c> whose bound is the array's declared length (or its
        /// <c>Length</c>). A fill of part of it would leave elements that hold another trip's values when replayed.
        /// </summary>
        private static bool Replayable(Stmt stmt, ArrayDeclStmt declaration, HashSet<string> stable) =>
            stmt is LoopStmt { Counted: { Ascending: true, Inclusive: false, Step: null } counted } loop
            && counted.From.Tree is ConstantValue { Text: "0" }
            && (counted.To.Code == declaration.Length.Code || counted.To.Code == declaration.Name + ".Length")
            && StabilityAnalysis.IsStable(declaration.Length, stable)
            && stable.Contains(counted.Var)
            && loop.Init.All(s => s is InactiveStmt) && loop.Step.All(s => s is InactiveStmt)
            && loop.Body.Statements.Count == 1
            && loop.Body.Statements[0] is AssignStmt { Target: ElemTarget target, Atomic: false } assign
            && target.Array == declaration.Name && target.Index.Code == counted.Var
            && IsStableValue(assign.Value, declaration.Name, stable);

        private static bool IsStableValue(Expr value, string array, HashSet<string> stable) =>
            ExprTree.DescendantsAndSelf(value).All(expr => expr switch
            {
                ElemExpr element => element.Array != array && stable.Contains(element.Array) && StabilityAnalysis.IsStable(element.Index, stable),
                VarExpr variable => stable.Contains(variable.Name),
                ValueExpr constant => StabilityAnalysis.IsStable(constant, stable),
                // Arithmetic only: a math function costs more to evaluate again than its old element costs to record.
                NegateExpr or BinaryExpr or ConvertExpr => true,
                _ => false,
            });

        /// <summary>Whether <paramref name="block"/> may leave a trip early anywhere inside it.</summary>
        private static bool Jumps(Block block)
        {
            bool jumps = false;
            MethodAnalyzer.Walk(block, stmt => jumps |= stmt is BreakStmt or ContinueStmt or ReturnStmt or ForEachStmt);
            return jumps;
        }

        /// <summary>
        /// Whether anything but the statements after <paramref name="writer"/> in <paramref name="home"/> may read
        /// <paramref name="array"/> (its declaration at the top of the body aside).
        /// </summary>
        private static bool ReadsOutside(Block body, string array, Block home, Stmt writer)
        {
            return Visit(body, isTop: true);

            bool Visit(Block block, bool isTop)
            {
                bool afterWriter = false;
                foreach (Stmt stmt in block.Statements)
                {
                    if (afterWriter)
                    {
                        continue;
                    }

                    if (ReferenceEquals(stmt, writer))
                    {
                        if (DeadRestoreAnalysis.MayRead(writer, array))
                        {
                            return true;
                        }

                        afterWriter = ReferenceEquals(block, home);
                        continue;
                    }

                    if (isTop && stmt is ArrayDeclStmt declaration && declaration.Name == array)
                    {
                        continue;
                    }

                    bool reads = stmt switch
                    {
                        IfStmt branch => Mentions(branch.Condition.Code, array) || Visit(branch.Then, false) || Visit(branch.Else, false),
                        BlockStmt nested => Visit(nested.Body, false),
                        LoopStmt loop => (loop.Condition is { } condition && Mentions(condition.Code, array))
                                         || loop.Init.Concat(loop.Step).Any(s => DeadRestoreAnalysis.MayRead(s, array))
                                         || Visit(loop.Body, false),
                        _ => DeadRestoreAnalysis.MayRead(stmt, array),
                    };
                    if (reads)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        private static bool Mentions(string code, string name) => DeadRestoreAnalysis.Mentions(code, name, contentsOnly: true);
    }
}
