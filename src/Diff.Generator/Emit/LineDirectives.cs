using System.Globalization;
using System.Text;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// <c>#line</c> directives that point generated statements at the user's lines. The cached
    /// pipeline knows each statement's line only relative to the method's name, so that code moving
    /// down a line (a comment added above the method) leaves every cached step as it was. Emit writes
    /// placeholders; the output step, which runs whenever anything changes and costs one string
    /// replacement, turns them into absolute lines with the method's current position.
    /// </summary>
    internal static class LineDirectives
    {
        private const string FileMarker = "\u27E6file\u27E7";
        private const string Prefix = "#line \u27E6";
        private const string Suffix = "\u27E7 \"" + FileMarker + "\"";
        private const string DefaultDirective = "#line default";

        // The placeholders of the first lines below a method's name, made once per process: every mapped statement of
        // every companion asks for one, and a new string each time was about 1.5 % of the generator's allocation.
        private const int KeptOffsets = 1024;
        private static readonly string?[] s_kept = new string?[KeptOffsets];

        /// <summary>A directive for the line <paramref name="offset"/> lines below the method's name.</summary>
        public static string For(int offset)
        {
            if (offset < 0 || offset >= KeptOffsets)
            {
                return Directive(offset);
            }

            // Two threads may both make a missing one: equal strings, either kept.
            return s_kept[offset] ??= Directive(offset);
        }

        private static string Directive(int offset) =>
            "#line \u27E6" + offset.ToString(CultureInfo.InvariantCulture) + "\u27E7 \"" + FileMarker + "\"";

        /// <summary>
        /// Replaces the placeholders with the method's file and lines (1-based, as <c>#line</c> counts);
        /// without a known position they become <c>#line hidden</c>, which is always valid. The file is named by the
        /// first directive of each run that <c>#line default</c> ends, and kept by the ones after it.
        /// </summary>
        public static string Resolve(string text, string? filePath, int methodLine)
        {
            int at = text.IndexOf(FileMarker, System.StringComparison.Ordinal) < 0 ? -1 : text.IndexOf(Prefix, System.StringComparison.Ordinal);
            if (at < 0)
            {
                return text;
            }

            // A scan rather than a regular expression: this runs on every generated file in every build, and a
            // match object and a replacement string per directive were a tenth of the generator's allocation.
            // It finds what the pattern "#line ⟦(\d+)⟧ \"⟦file⟧\"" finds (\d as char.IsDigit, which is what .NET's \d
            // matches), left to right and without overlap, and writes the same replacement.
            string file = (filePath ?? string.Empty).Replace("\"", string.Empty);
            StringBuilder? output = null;
            int copied = 0;
            bool fileNamed = false;
            int defaultAt = text.IndexOf(DefaultDirective, System.StringComparison.Ordinal);
            while (at >= 0)
            {
                int digits = at + Prefix.Length;
                int end = digits;
                while (end < text.Length && char.IsDigit(text[end]))
                {
                    end++;
                }

                if (end > digits && end + Suffix.Length <= text.Length && string.CompareOrdinal(text, end, Suffix, 0, Suffix.Length) == 0)
                {
                    output ??= FileBuilders.Rent();
                    output.Append(text, copied, at - copied);
                    if (file.Length == 0)
                    {
                        output.Append("#line hidden");
                    }
                    else
                    {
                        int line = methodLine + int.Parse(text.Substring(digits, end - digits), CultureInfo.InvariantCulture) + 1;
                        output.Append("#line ").Append(line.ToString(CultureInfo.InvariantCulture));

                        // A directive without a file keeps the file of the one before it (through #line hidden too), until
                        // #line default ends the mapping. So only the first directive of each mapped run names the file:
                        // the path was a third of the generated text, which the compiler parses on every build.
                        if (defaultAt >= 0 && defaultAt < at)
                        {
                            fileNamed = false;
                            defaultAt = text.IndexOf(DefaultDirective, at, System.StringComparison.Ordinal);
                        }

                        if (!fileNamed)
                        {
                            output.Append(" \"").Append(file).Append('"');
                            fileNamed = true;
                        }
                    }

                    copied = end + Suffix.Length;
                    at = text.IndexOf(Prefix, copied, System.StringComparison.Ordinal);
                }
                else
                {
                    at = text.IndexOf(Prefix, at + 1, System.StringComparison.Ordinal);
                }
            }

            return output is null ? text : FileBuilders.ToStringAndReturn(output.Append(text, copied, text.Length - copied));
        }
    }

    /// <summary>Where a method's name is now: the one input of the output step that moves with edits above it.</summary>
    internal sealed record MethodPosition(string HintName, string FilePath, int Line);
}
