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
    internal static class StabilityAnalysis
    {
        public static HashSet<string> Run(
            MethodModel method,
            Dictionary<string, int> assignedCounts,
            Dictionary<string, InactiveStmt> declarations,
            List<CountedLoop> countedLoops,
            HashSet<string> writtenBuffers,
            IEnumerable<string> stableLengths)
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
                        if (loops.Any(l => !IsStable(l.From, stable) || !IsStable(l.To, stable) || (l.Step is { } step && !IsStable(step, stable))))
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

                    if (reads.Any(r => r != name && !IsStable(r, stable)))
                    {
                        stable.Remove(name);
                        changed = true;
                    }
                }
            }

            return stable;
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
}
