using System.Globalization;
using System.Text.RegularExpressions;
using Diff.Generator.Emit;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// <see cref="LineDirectives.Resolve"/> scans for its placeholders by hand; it must replace exactly what the
    /// regular expression it stands for replaces.
    /// </summary>
    public sealed class LineDirectivesTests
    {
        private static readonly Regex Placeholder = new("#line \u27E6(\\d+)\u27E7 \"\u27E6file\u27E7\"", RegexOptions.CultureInvariant);

        private static string ByRegex(string text, string? filePath, int methodLine)
        {
            if (text.IndexOf("\u27E6file\u27E7", System.StringComparison.Ordinal) < 0)
            {
                return text;
            }

            string file = (filePath ?? string.Empty).Replace("\"", string.Empty);
            return Placeholder.Replace(text, match => file.Length == 0
                ? "#line hidden"
                : "#line " + (methodLine + int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture) + " \"" + file + "\"");
        }

        [Theory]
        [InlineData("no directives at all")]
        [InlineData("x = 1;\n#line \u27E63\u27E7 \"\u27E6file\u27E7\"\ny = 2;\n#line hidden\n#line \u27E612\u27E7 \"\u27E6file\u27E7\"\nz;\n")]
        [InlineData("#line \u27E60\u27E7 \"\u27E6file\u27E7\"")]
        [InlineData("#line \u27E6\u27E7 \"\u27E6file\u27E7\" #line \u27E67\u27E7 \"\u27E6file\u27E7\"")]
        [InlineData("#line \u27E6#line \u27E65\u27E7 \"\u27E6file\u27E7\"")]
        [InlineData("#line \u27E65\u27E7 \"\u27E6file\u27E7")]
        [InlineData("#line \u27E65\u27E7 \"\u27E6fil")]
        [InlineData("#line \u27E6")]
        [InlineData("\u27E6file\u27E7 only")]
        [InlineData("#line \u27E61\u27E7 \"\u27E6file\u27E7\"#line \u27E62\u27E7 \"\u27E6file\u27E7\"tail")]
        public void Resolve_replaces_what_the_pattern_matches(string text)
        {
            foreach (string? file in new[] { "/src/F.cs", "C:\\a \"b\".cs", string.Empty, null })
            {
                foreach (int line in new[] { 0, 41 })
                {
                    Assert.Equal(ByRegex(text, file, line), LineDirectives.Resolve(text, file, line));
                }
            }
        }
    }
}
