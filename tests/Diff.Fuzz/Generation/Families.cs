using System;
using System.Collections.Generic;
using System.Linq;

namespace Diff.Fuzz.Generation
{
    /// <summary>
    /// Construct families the generator can switch off one by one, so that a failure can be pinned to a family
    /// (<c>--only loops,calls</c> or <c>--without calls</c>).
    /// </summary>
    public sealed class Families
    {
        /// <summary>Every family, with what it adds.</summary>
        public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
        {
            ["loops"] = "counted for loops, nested, up and down",
            ["while"] = "data-dependent while and do loops (guarded by a counter)",
            ["foreach"] = "foreach over arrays and spans",
            ["arrays"] = "local arrays (new T[n]), also declared inside loops",
            ["inplace"] = "writes to the parameter buffers of M (a[i] = a[i] * x)",
            ["branches"] = "if/else on values",
            ["ternary"] = "c ? a : b",
            ["early"] = "early return, break, continue",
            ["calls"] = "helper [Differentiable] methods: void writers, value readers/writers, scalar, nested calls, i++ arguments",
            ["intops"] = "int and long counters, const int N, integer division, int/long mixed into floating expressions",
            ["float"] = "float parameters, locals, arrays, MathF, casts float<->double, float results",
            ["math"] = "Math/MathF functions (Sin, Cos, Tanh, Atan, Exp, Log, Sqrt, Pow, Abs, Max, Min)",
            ["tuples"] = "tuple assignment between locals",
            ["spans"] = "Span and ReadOnlySpan parameters",
            ["switch"] = "switch statements and switch expressions over int values (several labels, default)",
            ["slices"] = "buffers passed to helpers as slices of themselves (x.AsSpan(0), s.Slice(0, s.Length), x[0..x.Length], x[..])",
            ["copies"] = "Array.Copy, CopyTo, Fill, Clear and Reverse of buffers (also within one buffer, and as a helper's only write), and local arrays declared as copies",
            ["localspans"] = "local spans (with spans on): stackalloc or new-array scratch space, and read-only views of whole buffers, read while the buffer is left unchanged",
            ["localfunctions"] = "local functions of M returning one expression (of their parameters, M's parameters and buffers, other local functions), called with arguments that only compute values",
            ["refills"] = "local arrays declared without a fill at the top of M and filled again, whole, inside loops from parameters, counters and literals, as a loop's scratch array is",
            ["swaps"] = "two local arrays of one length swapped, by a tuple or through a temporary, a local array created again with its length, and a new state handed on (a = t, t declared and filled in the block and unused after)",
            ["linq"] = "LINQ's Sum and Average of an array, with no selector or one that only computes a value, and Sum over Enumerable.Range of the indices, declared alone: double s = b.Sum(v => v * v)",
            ["extrema"] = "LINQ's Max and Min of an array, with no selector, a lambda that only computes a value, Math.Abs as a method group, or after Select, declared alone: double m = b.Max(Math.Abs)",
            ["state"] = "static fields of the program's class (a gain and a position) read in M's expressions and indices, and moved on by calls of a plain static method between the reads",
            ["cursors"] = "an int cursor of M stepped inside index expressions (b[c++ % L] written, read, compared; read or stepped again later in the same statement, b[c++ % L] * d[c % L]) and by statements (c++, c += n), and read as an index elsewhere",
        };

        private readonly HashSet<string> _on;

        private Families(IEnumerable<string> on) => _on = new HashSet<string>(on, StringComparer.Ordinal);

        /// <summary>Every family on.</summary>
        public static Families Everything => new(All.Keys);

        /// <summary>Only the listed families (comma separated).</summary>
        public static Families Only(string list) => new(Parse(list));

        /// <summary>Every family except the listed ones.</summary>
        public static Families Without(string list)
        {
            var off = Parse(list).ToHashSet();
            return new Families(All.Keys.Where(k => !off.Contains(k)));
        }

        /// <summary>Whether a family is on.</summary>
        public bool Has(string family) => _on.Contains(family);

        /// <inheritdoc/>
        public override string ToString() => string.Join(",", All.Keys.Where(_on.Contains));

        private static IEnumerable<string> Parse(string list)
        {
            foreach (string raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!All.ContainsKey(raw))
                {
                    throw new ArgumentException($"Unknown family '{raw}'. Known: {string.Join(", ", All.Keys)}.", nameof(list));
                }

                yield return raw;
            }
        }
    }
}
