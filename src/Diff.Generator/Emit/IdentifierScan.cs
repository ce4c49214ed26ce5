using System.Collections.Generic;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// The identifiers in a piece of printed code: what the pattern <c>@?[A-Za-z_][A-Za-z0-9_]*</c> matches, left to
    /// right and without overlap, scanned by hand. The printers read every line they wrote this way, and a regular
    /// expression cost a match object per identifier (and, compiled, code generation in every cold compiler process).
    /// </summary>
    internal static class IdentifierScan
    {
        /// <summary>The identifiers of <paramref name="text"/>, in order, repeats included.</summary>
        public static List<string> All(string text)
        {
            var names = new List<string>();
            AddTo(text, names);
            return names;
        }

        /// <summary>Adds the identifiers of <paramref name="text"/> to <paramref name="names"/>, in order.</summary>
        public static void AddTo(string text, ICollection<string> names)
        {
            int i = 0;
            while (i < text.Length)
            {
                int start = i;
                if (text[i] == '@' && i + 1 < text.Length && IsStart(text[i + 1]))
                {
                    i += 2;
                }
                else if (IsStart(text[i]))
                {
                    i++;
                }
                else
                {
                    i++;
                    continue;
                }

                while (i < text.Length && (IsStart(text[i]) || text[i] is >= '0' and <= '9'))
                {
                    i++;
                }

                names.Add(text.Substring(start, i - start));
            }
        }

        private static bool IsStart(char c) => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or '_';
    }
}
