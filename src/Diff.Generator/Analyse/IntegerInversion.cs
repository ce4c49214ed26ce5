using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// Integer counters such as <c>int li = c * size + d; … li++;</c> are exactly invertible, so the
    /// reverse sweep runs <c>li--</c> where the forward sweep ran <c>li++</c> and reads <c>li</c> in index
    /// expressions instead of recording every index. Only the counter's final value in each instance of
    /// its block is recorded.
    /// </summary>
    internal static class IntegerInversion
    {
        private static readonly Regex Increment = new(@"^\s*(?:(?<pre>\+\+|--)(?<name>@?\w+)|(?<name>@?\w+)(?<post>\+\+|--)|(?<name>@?\w+)\s*(?<op>\+=|-=)\s*(?<step>\d+))\s*;\s*$", RegexOptions.CultureInvariant);

        /// <summary>The inverse of a counter update (<c>li++;</c> → <c>li--;</c>), or null when it is not one.</summary>
        public static string? Inverse(string code, string name)
        {
            Match match = Increment.Match(code);
            if (!match.Success || match.Groups["name"].Value != name)
            {
                return null;
            }

            string op = match.Groups["pre"].Success ? match.Groups["pre"].Value
                : match.Groups["post"].Success ? match.Groups["post"].Value
                : match.Groups["op"].Value;
            return op switch
            {
                "++" => name + "--;",
                "--" => name + "++;",
                "+=" => name + " -= " + match.Groups["step"].Value + ";",
                _ => name + " += " + match.Groups["step"].Value + ";",
            };
        }

        /// <summary>Integer locals declared once and otherwise only incremented or decremented by constants.</summary>
        public static HashSet<string> Find(Block body, Dictionary<string, InactiveStmt> declarations)
        {
            var updates = new Dictionary<string, List<InactiveStmt>>(System.StringComparer.Ordinal);
            var disqualified = new HashSet<string>(System.StringComparer.Ordinal);
            MethodAnalyzer.Walk(body, stmt =>
            {
                switch (stmt)
                {
                    case InactiveStmt { Declares: false } inactive:
                        foreach (string name in inactive.Assigned)
                        {
                            if (!updates.TryGetValue(name, out List<InactiveStmt>? list))
                            {
                                updates[name] = list = new List<InactiveStmt>();
                            }

                            list.Add(inactive);
                        }

                        break;
                    case LoopStmt { Counted: { } counted }:
                        disqualified.Add(counted.Var);
                        break;
                }
            });

            var result = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (KeyValuePair<string, List<InactiveStmt>> entry in updates)
            {
                if (disqualified.Contains(entry.Key)
                    || !declarations.TryGetValue(entry.Key, out InactiveStmt? declaration)
                    || declaration.Assigned.Count != 1
                    || !declaration.Code.TrimStart().StartsWith("int ", System.StringComparison.Ordinal))
                {
                    continue;
                }

                if (entry.Value.All(update => update.Assigned.Count == 1 && Inverse(update.Code, entry.Key) is not null))
                {
                    result.Add(entry.Key);
                }
            }

            return result;
        }
    }
}
