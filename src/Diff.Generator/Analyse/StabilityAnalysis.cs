using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Which names hold the same value whenever the reverse sweep reads them, so that index and
    /// bound expressions over them can be recomputed rather than recorded: parameters never
    /// written, locals declared once from stable values, counted-loop variables (the reverse loop
    /// re-creates them), and buffers never written (for their <c>Length</c> and integer elements).
    /// </summary>
    /// <remarks>
    /// With the recompute policy (kernels, which have no tape; <see cref="RecomputeFacts"/>), two more kinds of
    /// integer are stable. A local declared once at the top level of the body holds the value it was declared with
    /// until the call ends, whatever its initializer read (<c>int oc = rest % c;</c> after <c>rest</c> changed):
    /// the reverse sweep reads it, it never computes it again. And a local declared once inside a loop or a
    /// branch, or a loop's counter, may read top-level locals that hold their final value there
    /// (<see cref="FinalValueAnalysis"/>), besides stable names: the reverse sweep, which declares the local again
    /// at the top of its block's reverse and runs the loop backwards within the reverse of the loop, finds them
    /// unchanged.
    /// </remarks>
    internal static class StabilityAnalysis
    {
        public static HashSet<string> Run(
            MethodModel method,
            Dictionary<string, int> assignedCounts,
            Dictionary<string, InactiveStmt> declarations,
            List<CountedLoop> countedLoops,
            HashSet<string> writtenBuffers,
            IEnumerable<string> stableLengths,
            RecomputeFacts? recompute = null)
        {
            var stable = new HashSet<string>(stableLengths, System.StringComparer.Ordinal);
            foreach (ParamModel parameter in method.Parameters)
            {
                if (!assignedCounts.ContainsKey(parameter.Name) && !writtenBuffers.Contains(parameter.Name))
                {
                    stable.Add(parameter.Name);
                }
                else if (parameter.Shape is ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan && !assignedCounts.ContainsKey(parameter.Name))
                {
                    // Written elements change, but the buffer (and its Length) does not.
                    stable.Add(parameter.Name + ".Length");
                }
            }

            foreach (KeyValuePair<string, InactiveStmt> declaration in declarations)
            {
                if (assignedCounts.TryGetValue(declaration.Key, out int count) && count == 1 && declaration.Value.Pure)
                {
                    stable.Add(declaration.Key);
                }
            }

            var loopBounds = new Dictionary<string, CountedLoop>(System.StringComparer.Ordinal);
            foreach (CountedLoop loop in countedLoops)
            {
                // A name reused by two counted loops is fine: each reverse loop re-declares its own.
                stable.Add(loop.Var);
                loopBounds[loop.Var] = loop;
            }

            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (string name in stable.ToList())
                {
                    IEnumerable<string> reads;
                    CountedLoop[] loops = countedLoops.Where(l => l.Var == name).ToArray();
                    if (loops.Length > 0)
                    {
                        if (loops.Any(l => !IsBound(l.From, l) || !IsBound(l.To, l) || (l.Step is { } step && !IsBound(step, l))))
                        {
                            stable.Remove(name);
                            changed = true;
                        }

                        continue;
                    }

                    if (declarations.TryGetValue(name, out InactiveStmt? declaration) && assignedCounts.TryGetValue(name, out int assigned) && assigned == 1)
                    {
                        reads = declaration.Reads;
                    }
                    else
                    {
                        continue;
                    }

                    if (recompute is not null && recompute.IsTopLevel(declaration))
                    {
                        continue;
                    }

                    if (reads.Any(r => r != name && !IsStable(r, stable) && !(recompute is not null && recompute.IsFinalAt(r, declaration))))
                    {
                        stable.Remove(name);
                        changed = true;
                    }
                }
            }

            return stable;

            // A bound the reverse loop evaluates again to the same value.
            bool IsBound(ValueExpr bound, CountedLoop loop) =>
                IsStable(bound, stable)
                || (recompute is not null && recompute.LoopOf(loop) is { } statement && bound.Pure
                    && bound.Reads.All(r => stable.Contains(r) || recompute.IsFinalAt(r, statement) || (stable.Contains(r + ".Length") && ValueTree.ReadsOnlyLength(bound.Tree, r))));
        }

        public static bool IsStable(string name, HashSet<string> stable) => stable.Contains(name);

        /// <summary>Whether a value can be evaluated again in the reverse sweep with the same result.</summary>
        public static bool IsStable(ValueExpr expr, ICollection<string> stable)
        {
            if (!expr.Pure)
            {
                return false;
            }

            foreach (string read in expr.Reads)
            {
                if (!stable.Contains(read))
                {
                    // A written buffer's Length is stable even though the buffer is not: accept `x.Length` alone.
                    if (!(stable.Contains(read + ".Length") && ValueTree.ReadsOnlyLength(expr.Tree, read)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }

    /// <summary>
    /// What the recompute policy adds to stability (<see cref="StabilityAnalysis"/>): the top-level declarations of the
    /// body, the loop statement of each counted loop, and which top-level scalars hold their final value at a statement.
    /// </summary>
    internal sealed class RecomputeFacts
    {
        private readonly HashSet<Stmt> _topLevel;
        private readonly Dictionary<CountedLoop, LoopStmt> _loops;
        private readonly HashSet<string> _topLevelScalars;
        private readonly FinalValueAnalysis _final;

        public RecomputeFacts(MethodModel method, Block body, FinalValueAnalysis final)
        {
            _final = final;
            _topLevel = new HashSet<Stmt>(body.Statements.Where(s => s is InactiveStmt), ReferenceComparer<Stmt>.Instance);
            _loops = new Dictionary<CountedLoop, LoopStmt>(ReferenceComparer<CountedLoop>.Instance);
            MethodAnalyzer.Walk(body, stmt =>
            {
                if (stmt is LoopStmt { Counted: { } counted } loop)
                {
                    _loops[counted] = loop;
                }
            });
            _topLevelScalars = TopLevelScalars(method, body);
        }

        /// <summary>
        /// The scalars whose final value the reverse sweep can read where FinalValueAnalysis says they hold it: the
        /// scalar parameters and the locals declared at the top level of the body. Not views or arrays, whose
        /// elements the analysis does not follow.
        /// </summary>
        public static HashSet<string> TopLevelScalars(MethodModel method, Block body)
        {
            var names = new HashSet<string>(method.Parameters.Where(p => p.Shape == ParamShape.Scalar).Select(p => p.Name), System.StringComparer.Ordinal);
            foreach (Stmt stmt in body.Statements)
            {
                switch (stmt)
                {
                    case InactiveStmt { Declares: true } declaration:
                        names.UnionWith(declaration.Assigned);
                        break;
                    case AssignStmt { Target: LocalTarget { DeclaredType: not null } local }:
                        names.Add(local.Name);
                        break;
                }
            }

            return names;
        }

        /// <summary>Whether <paramref name="statement"/> is at the top level of the body.</summary>
        public bool IsTopLevel(Stmt statement) => _topLevel.Contains(statement);

        /// <summary>The loop of a counted loop, by reference.</summary>
        public LoopStmt? LoopOf(CountedLoop loop) => _loops.TryGetValue(loop, out LoopStmt? statement) ? statement : null;

        /// <summary>Whether <paramref name="name"/> is a top-level scalar that already holds its final value when <paramref name="statement"/> runs.</summary>
        public bool IsFinalAt(string name, Stmt statement) => _topLevelScalars.Contains(name) && _final.IsFinalAt(name, statement);
    }
}
