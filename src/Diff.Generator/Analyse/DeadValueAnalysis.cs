using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Finds the assignments to floating-point locals and arrays whose value may be dropped: on some path from
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
    /// greatest fixed point below the set after it. Arrays are tracked whole: a write to an element of an
    /// array that some path leaves unread until the end (a local array squared in place by an inlined
    /// helper until it overflows, and never read again) tests its adjoint; an element overwritten
    /// while other elements are still read does not, and keeps its guard from the other rules.
    /// </remarks>
    internal sealed class DeadValueAnalysis
    {
        private readonly HashSet<AssignStmt> _mayBeDropped = new(ReferenceComparer<AssignStmt>.Instance);
        private readonly ISet<string> _stable;
        private readonly Dictionary<string, string?> _declaredLengths = new(System.StringComparer.Ordinal);
        private bool _recording;

        private DeadValueAnalysis(ISet<string> stable) => _stable = stable;

        /// <summary>
        /// The assignments whose value may be dropped, by reference (equal records at two places are two
        /// statements). <paramref name="stable"/> holds the names whose value is the same wherever they are
        /// read (<see cref="StabilityAnalysis"/>).
        /// </summary>
        public static HashSet<AssignStmt> Run(Block body, ISet<string> stable)
        {
            var analysis = new DeadValueAnalysis(stable) { _recording = true };
            MethodAnalyzer.Walk(body, stmt =>
            {
                if (stmt is ArrayDeclStmt array)
                {
                    // Two arrays of one name in two scopes count only where they were declared alike.
                    analysis._declaredLengths[array.Name] =
                        analysis._declaredLengths.TryGetValue(array.Name, out string? earlier) && earlier != array.Length.Code ? null : array.Length.Code;
                }
            });
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
                    else if (assign.Target is ElemTarget element && _recording && !after.Contains(element.Array))
                    {
                        // Writing one element leaves the others: an array is never removed from the set.
                        _mayBeDropped.Add(assign);
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

                case ArrayDeclStmt array:
                {
                    // A new array: nothing written to the old one under that name is read through it again.
                    var live = new HashSet<string>(after, System.StringComparer.Ordinal);
                    live.Remove(array.Name);
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
                    return Before(new Block(loop.Init), Entry(loop, after));
                default:
                    return after;
            }
        }

        /// <summary>
        /// The set when the loop is reached: its head's, except for the arrays that must be empty when the
        /// loop skips its body. A loop over the indices of an array (<c>i</c> from 0 below <c>a.Length</c>,
        /// or below the stable length <c>a</c> was created with, or down from there less one to 0) runs
        /// zero times only when <c>a</c> is empty, and then no element of <c>a</c> was ever written. So
        /// <c>a</c> counts as read on that path, and filling an array before summing it over its length
        /// tests nothing.
        /// </summary>
        private HashSet<string> Entry(LoopStmt loop, HashSet<string> after)
        {
            HashSet<string> head = Head(loop, after);
            if (loop.Kind != LoopKind.Do && RunsAtLeastOnce(loop.Counted))
            {
                // A loop between two constants (`for (int i = 0; i < 3; i++)`) never skips its body.
                return Entered(loop, head);
            }

            if (loop.Kind == LoopKind.Do || Bound(loop.Counted) is not { } bound)
            {
                return head;
            }

            const string Length = ".Length";
            var empty = new HashSet<string>(
                _declaredLengths.Where(d => d.Value == bound.Code && bound.Pure && bound.Reads.All(_stable.Contains)).Select(d => d.Key),
                System.StringComparer.Ordinal);
            if (bound.Code.EndsWith(Length, System.StringComparison.Ordinal))
            {
                empty.Add(bound.Code.Substring(0, bound.Code.Length - Length.Length));
            }

            empty.ExceptWith(after);
            if (empty.Count == 0)
            {
                return head;
            }

            empty.IntersectWith(Entered(loop, head));
            head = new HashSet<string>(head, System.StringComparer.Ordinal);
            head.UnionWith(empty);
            return head;
        }

        /// <summary>The set before the loop's first iteration, given the set at its head; records nothing.</summary>
        private HashSet<string> Entered(LoopStmt loop, HashSet<string> head)
        {
            bool recording = _recording;
            _recording = false;
            HashSet<string> entered = Iteration(loop, head);
            _recording = recording;
            return entered;
        }

        private static bool RunsAtLeastOnce(CountedLoop? counted)
        {
            if (counted is null
                || !long.TryParse(counted.From.Code, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long from)
                || !long.TryParse(counted.To.Code, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long to))
            {
                return false;
            }

            return counted.Ascending ? (counted.Inclusive ? from <= to : from < to) : (counted.Inclusive ? from >= to : from > to);
        }

        /// <summary>
        /// The count <c>n</c> of a loop that runs zero times exactly when <c>n</c> ≤ 0: from 0 up to below
        /// <c>n</c>, or from <c>n - 1</c> down to 0, by ones. The count of a descending loop is its
        /// start's code less the trailing <c>- 1</c>, with the start's reads.
        /// </summary>
        private static (string Code, bool Pure, EquatableArray<string> Reads)? Bound(CountedLoop? counted)
        {
            if (counted is null || counted.Step is not null)
            {
                return null;
            }

            if (counted.Ascending && !counted.Inclusive && counted.From.Code == "0")
            {
                return (counted.To.Code, counted.To.Pure, counted.To.Reads);
            }

            const string LastIndex = " - 1";
            string from = counted.From.Code;
            return !counted.Ascending && counted.Inclusive && counted.To.Code == "0" && from.EndsWith(LastIndex, System.StringComparison.Ordinal)
                ? (from.Substring(0, from.Length - LastIndex.Length), counted.From.Pure, counted.From.Reads)
                : null;
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
                switch (read)
                {
                    case VarExpr variable:
                        live.Add(variable.Name);
                        break;
                    case ElemExpr element:
                        live.Add(element.Array);
                        break;
                    case UserCallExpr call:
                        foreach (CallArg arg in call.Args)
                        {
                            if (arg.BufferName is { } buffer)
                            {
                                live.Add(buffer);
                            }
                        }

                        break;
                }
            }
        }
    }
}
