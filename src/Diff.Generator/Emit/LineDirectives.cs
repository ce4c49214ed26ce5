using System.Globalization;
using System.Text.RegularExpressions;

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
        private static readonly Regex Placeholder = new("#line \u27E6(\\d+)\u27E7 \"\u27E6file\u27E7\"", RegexOptions.CultureInvariant);

        /// <summary>A directive for the line <paramref name="offset"/> lines below the method's name.</summary>
        public static string For(int offset) =>
            "#line \u27E6" + offset.ToString(CultureInfo.InvariantCulture) + "\u27E7 \"" + FileMarker + "\"";

        /// <summary>
        /// Replaces the placeholders with the method's file and lines (1-based, as <c>#line</c> counts);
        /// without a known position they become <c>#line hidden</c>, which is always valid.
        /// </summary>
        public static string Resolve(string text, string? filePath, int methodLine)
        {
            if (text.IndexOf(FileMarker, System.StringComparison.Ordinal) < 0)
            {
                return text;
            }

            string file = (filePath ?? string.Empty).Replace("\"", string.Empty);
            return Placeholder.Replace(text, match => file.Length == 0
                ? "#line hidden"
                : "#line " + (methodLine + int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture) + " \"" + file + "\"");
        }
    }

    /// <summary>Where a method's name is now: the one input of the output step that moves with edits above it.</summary>
    internal sealed record MethodPosition(string HintName, string FilePath, int Line);
}
