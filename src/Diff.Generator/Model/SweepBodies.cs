using System;
using System.Collections.Generic;
using System.Linq;

namespace Diff.Generator.Model
{
    /// <summary>
    /// The lists of steps nested in a step of the sweeps (a block's, a branch's, a loop's, a replay's, a guard's), so that a
    /// pass over the sweep IR names the steps it rewrites and leaves the walking to one place.
    /// </summary>
    internal static class SweepBodies
    {
        /// <summary>The lists nested in <paramref name="step"/>, in order; none for a step that holds no list.</summary>
        public static IEnumerable<EquatableArray<SweepStmt>> Of(SweepStmt step) => step switch
        {
            ForwardBlockStmt block => new[] { block.Body },
            ForwardIfStmt branch => new[] { branch.Then, branch.Else },
            ForwardForStmt loop => new[] { loop.Body },
            ForwardWhileStmt loop => new[] { loop.Body },
            ReverseBlockStmt block => new[] { block.Body },
            ReverseCountedLoopStmt loop => new[] { loop.Body },
            ReplayTripsStmt trips => new[] { trips.Prologue, trips.Body, trips.Epilogue },
            ReplayBranchStmt branch => new[] { branch.Then, branch.Else },
            UnlessZeroStmt guard => new[] { guard.Body },
            _ => Array.Empty<EquatableArray<SweepStmt>>(),
        };

        /// <summary><paramref name="step"/> with each nested list replaced by <paramref name="map"/> of it; a step that holds no list as itself.</summary>
        public static SweepStmt Map(SweepStmt step, Func<EquatableArray<SweepStmt>, EquatableArray<SweepStmt>> map) => step switch
        {
            ForwardBlockStmt block => block with { Body = map(block.Body) },
            ForwardIfStmt branch => branch with { Then = map(branch.Then), Else = map(branch.Else) },
            ForwardForStmt loop => loop with { Body = map(loop.Body) },
            ForwardWhileStmt loop => loop with { Body = map(loop.Body) },
            ReverseBlockStmt block => block with { Body = map(block.Body) },
            ReverseCountedLoopStmt loop => loop with { Body = map(loop.Body) },
            ReplayTripsStmt trips => trips with { Prologue = map(trips.Prologue), Body = map(trips.Body), Epilogue = map(trips.Epilogue) },
            ReplayBranchStmt branch => branch with { Then = map(branch.Then), Else = map(branch.Else) },
            UnlessZeroStmt guard => guard with { Body = map(guard.Body) },
            _ => step,
        };

        /// <summary>Every step of <paramref name="steps"/>, each followed by the steps nested in it.</summary>
        public static IEnumerable<SweepStmt> All(IEnumerable<SweepStmt> steps)
        {
            var pending = new Stack<SweepStmt>(steps.Reverse());
            while (pending.Count > 0)
            {
                SweepStmt step = pending.Pop();
                yield return step;
                foreach (SweepStmt inner in Of(step).SelectMany(list => list).Reverse())
                {
                    pending.Push(inner);
                }
            }
        }

        /// <summary>Every step of both sweeps and the locals of <paramref name="method"/>, nested ones included.</summary>
        public static IEnumerable<SweepStmt> All(ScalarAdjointMethod method) =>
            All(method.Locals.Concat(method.Forward).Concat(method.Reverse.Body).Concat(method.Reverse.Epilogue));
    }
}
