using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Finds the assignments to floating-point locals whose value may be dropped: on some path from
    /// the assignment, the local is overwritten, or the method ends, before a differentiated
    /// computation reads it. Along that path the reverse sweep reaches the assignment with a zero
    /// adjoint, and if the forward sweep drove a value to infinity (a product that overflowed, as in
    /// <c>s -= s * x * s</c> repeated) its partial is infinite, and 0 · ∞ would make the gradient NaN
    /// where the true derivative is 0. Those assignments test their adjoint before using their partials;
    /// an assignment whose value is always read (an accumulation such as <c>s += a[i] * b[i]</c> whose
    /// sum is used afterwards) does not pay for the test.
    /// </summary>
    /// <remarks>
    /// A backward "read on every path" analysis over the structured body that lowering leaves (ifs and
    /// loops, no jumps): a local is in the set before a statement when every path from there reads it
    /// in a differentiated value before anything assigns it. Reads in conditions, indices and bounds
    /// carry no adjoint and do not count. A loop may run zero times, so the set at its head is the
    /// greatest fixed point below the set after it. Elements of arrays are not tracked: an element
    /// overwritten without being read keeps its adjoint's guard from the other rules.
    /// </remarks>
    internal sealed class DeadValueAnalysis
    {
        private readonly HashSet<AssignStmt> _mayBeDropped = new(ReferenceComparer.Instance);
        private bool _recording;

        private DeadValueAnalysis()
        {
        }

        /// <summary>The assignments whose value may be dropped, by reference (equal records at two places are two statements).</summary>
        public static HashSet<AssignStmt> Run(Block body)
        {
            var analysis = new DeadValueAnalysis { _recording = true };
            analysis.Before(body, new HashSet<string>(System.StringComparer.Ordinal));
            return analysis._mayBeDropped;
        }

        private HashSet<string> Before(Block block, HashSet<string> after)
        {
            HashSet<string> live = after;
            for (int i = block.Statements.Count - 1; i >= 0; i--)
            {
                live = Before(block.Statements[i], live);
            }

            return live;
        }

        private HashSet<string> Before(Stmt stmt, HashSet<string> after)
        {
            switch (stmt)
            {
                case AssignStmt assign:
                {
                    var live = new HashSet<string>(after, System.StringComparer.Ordinal);
                    if (assign.Target is LocalTarget local)
                    {
                        if (_recording && !after.Contains(local.Name))
                        {
                            _mayBeDropped.Add(assign);
                        }

                        live.Remove(local.Name);
                    }

                    AddReads(assign.Value, live);
                    return live;
                }

                case CallStmt call:
                {
                    var live = new HashSet<string>(after, System.StringComparer.Ordinal);
                    if (call.Result is { } result)
                    {
                        live.Remove(result.Name);
                    }

                    AddReads(call.Call, live);
                    return live;
                }

                case InactiveStmt inactive:
                {
                    var live = new HashSet<string>(after, System.StringComparer.Ordinal);
                    live.ExceptWith(inactive.Assigned);
                    return live;
                }

                case ReturnStmt { Value: { } value }:
                {
                    var live = new HashSet<string>(System.StringComparer.Ordinal);
                    AddReads(value, live);
                    return live;
                }

                case ReturnStmt or BreakStmt or ContinueStmt:
                    // Lowering leaves none of these inside a body; should one remain, nothing is known to be read.
                    return new HashSet<string>(System.StringComparer.Ordinal);
                case IfStmt branch:
                {
                    HashSet<string> live = Before(branch.Then, after);
                    live.IntersectWith(Before(branch.Else, after));
                    return live;
                }

                case BlockStmt nested:
                    return Before(nested.Body, after);
                case LoopStmt loop:
                    return Before(new Block(loop.Init), Head(loop, after));
                default:
                    return after;
            }
        }

        /// <summary>The set at the loop's head (before its condition, or before its body for a do loop).</summary>
        private HashSet<string> Head(LoopStmt loop, HashSet<string> after)
        {
            // Iterate without recording to the fixed point, then once more recording, so that the
            // statements inside are judged against the final sets.
            bool recording = _recording;
            _recording = false;
            HashSet<string> head = loop.Kind == LoopKind.Do ? Iteration(loop, after) : new HashSet<string>(after, System.StringComparer.Ordinal);
            while (true)
            {
                HashSet<string> next = Step(loop, head, after);
                if (next.SetEquals(head))
                {
                    break;
                }

                head = next;
            }

            _recording = recording;
            if (recording)
            {
                Step(loop, head, after);
            }

            return head;
        }

        // One step of the fixed point: a while or for loop's head leads to the exit or to the body; a
        // do loop's head is its body, whose end leads to the exit or to the head again.
        private HashSet<string> Step(LoopStmt loop, HashSet<string> head, HashSet<string> after)
        {
            if (loop.Kind == LoopKind.Do)
            {
                var end = new HashSet<string>(after, System.StringComparer.Ordinal);
                end.IntersectWith(head);
                return Iteration(loop, end);
            }

            HashSet<string> live = Iteration(loop, head);
            live.IntersectWith(after);
            return live;
        }

        private HashSet<string> Iteration(LoopStmt loop, HashSet<string> afterIteration) =>
            Before(loop.Body, Before(new Block(loop.Step), afterIteration));

        private static void AddReads(Expr expr, HashSet<string> live)
        {
            foreach (Expr read in ExprTree.DescendantsAndSelf(expr))
            {
                if (read is VarExpr variable)
                {
                    live.Add(variable.Name);
                }
            }
        }

        private sealed class ReferenceComparer : IEqualityComparer<AssignStmt>
        {
            public static readonly ReferenceComparer Instance = new();

            public bool Equals(AssignStmt? x, AssignStmt? y) => ReferenceEquals(x, y);

            public int GetHashCode(AssignStmt obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
