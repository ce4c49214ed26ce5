using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

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
        /// The text the compiler reads: the placeholders replaced with the method's file and lines (1-based, as
        /// <c>#line</c> counts); without a known position they become <c>#line hidden</c>, which is always valid. The file
        /// is named by the first directive of each run that <c>#line default</c> ends, and kept by the ones after it. The
        /// emitted text is read in place, with the directives between its stretches, rather than copied into a new string
        /// (<see cref="ResolvedSourceText"/>).
        /// </summary>
        public static SourceText ResolveText(string text, string? filePath, int methodLine) =>
            (SourceText?)Pieces(text, filePath, methodLine)?.ToText() ?? SourceText.From(text, Encoding.UTF8);

        /// <summary>The stretches of <paramref name="text"/> and the directives between them; null when it has no placeholder.</summary>
        private static ResolvedSourceText.Builder? Pieces(string text, string? filePath, int methodLine)
        {
            int at = text.IndexOf(FileMarker, System.StringComparison.Ordinal) < 0 ? -1 : text.IndexOf(Prefix, System.StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            // A scan rather than a regular expression: this runs on every generated file in every build, and a
            // match object and a replacement string per directive were a tenth of the generator's allocation.
            // It finds what the pattern "#line ⟦([0-9]{1,9})⟧ \"⟦file⟧\"" finds, left to right and without overlap, and
            // writes the same replacement. The placeholders DiffGen writes have at most four digits; text from the user's
            // source echoed in a comment may hold anything, and whatever else it holds is left as it is.
            string file = (filePath ?? string.Empty).Replace("\"", string.Empty);
            string? namedFile = null;
            var pieces = new ResolvedSourceText.Builder(text.Length / 64);
            int copied = 0;
            bool fileNamed = false;
            int defaultAt = text.IndexOf(DefaultDirective, System.StringComparison.Ordinal);
            while (at >= 0)
            {
                int digits = at + Prefix.Length;
                int end = digits;
                int offset = 0;
                while (end < text.Length && text[end] is >= '0' and <= '9' && end - digits < 9)
                {
                    offset = offset * 10 + (text[end] - '0');
                    end++;
                }

                if (end > digits && end + Suffix.Length <= text.Length && string.CompareOrdinal(text, end, Suffix, 0, Suffix.Length) == 0)
                {
                    pieces.Add(text, copied, at - copied);
                    if (file.Length == 0)
                    {
                        pieces.Add("#line hidden");
                    }
                    else
                    {
                        // A directive without a file keeps the file of the one before it (through #line hidden too), until
                        // #line default ends the mapping. So only the first directive of each mapped run names the file:
                        // the path was a third of the generated text, which the compiler parses on every build.
                        if (defaultAt >= 0 && defaultAt < at)
                        {
                            fileNamed = false;
                            defaultAt = text.IndexOf(DefaultDirective, at, System.StringComparison.Ordinal);
                        }

                        pieces.Add(LineDirective(methodLine + offset + 1));
                        if (!fileNamed)
                        {
                            pieces.Add(namedFile ??= " \"" + file + "\"");
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

            return pieces.Add(text, copied, text.Length - copied);
        }

        // "#line N" for the first lines of a file, made once per process: every mapped statement of every file asks for one.
        private const int KeptLines = 8192;
        private static readonly string?[] s_lineDirectives = new string?[KeptLines];

        private static string LineDirective(int line)
        {
            if (line < 0 || line >= KeptLines)
            {
                return "#line " + line.ToString(CultureInfo.InvariantCulture);
            }

            // Two threads may both make a missing one: equal strings, either kept.
            return s_lineDirectives[line] ??= "#line " + line.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Where a method's name is now: the one input of the output step that moves with edits above it.</summary>
    internal sealed record MethodPosition(string HintName, string FilePath, int Line);
}
