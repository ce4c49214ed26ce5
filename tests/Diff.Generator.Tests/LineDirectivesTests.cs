using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Diff.Generator.Emit;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// <see cref="LineDirectives.ResolveText"/> scans for its placeholders by hand; it must replace exactly what the
    /// regular expression it stands for replaces.
    /// </summary>
    public sealed class LineDirectivesTests
    {
        private static readonly Regex Placeholder = new("#line \u27E6([0-9]{1,9})\u27E7 \"\u27E6file\u27E7\"", RegexOptions.CultureInvariant);

        /// <summary>
        /// The reference: every placeholder replaced by the pattern, each naming the file when <paramref name="everyDirectiveNamesTheFile"/>,
        /// otherwise only the first one after the start or after a <c>#line default</c>.
        /// </summary>
        private static string ByRegex(string text, string? filePath, int methodLine, bool everyDirectiveNamesTheFile = false)
        {
            if (text.IndexOf("\u27E6file\u27E7", System.StringComparison.Ordinal) < 0)
            {
                return text;
            }

            string file = (filePath ?? string.Empty).Replace("\"", string.Empty);
            int previousEnd = 0;
            return Placeholder.Replace(text, match =>
            {
                bool namesFile = everyDirectiveNamesTheFile || previousEnd == 0 || text.Substring(previousEnd, match.Index - previousEnd).Contains("#line default");
                previousEnd = match.Index + match.Length;
                return file.Length == 0
                    ? "#line hidden"
                    : "#line " + (methodLine + int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture) + (namesFile ? " \"" + file + "\"" : string.Empty);
            });
        }

        private const string MappedMethod =
            "class C\n{\n    void M()\n    {\n#line \u27E63\u27E7 \"\u27E6file\u27E7\"\n        int a = 1;\n#line \u27E63\u27E7 \"\u27E6file\u27E7\"\n        int b = 2;\n#line hidden\n        int c = 3;\n" +
            "#line \u27E65\u27E7 \"\u27E6file\u27E7\"\n        int d = 4;\n        int e = 5;\n#line default\n        int f = 6;\n    }\n\n    void N()\n    {\n#line \u27E69\u27E7 \"\u27E6file\u27E7\"\n        int g = 7;\n#line hidden\n        int h = 8;\n#line default\n    }\n}\n";

        /// <summary>
        /// Directives that leave the file out keep the one named before them, so every statement maps to the same file,
        /// line and visibility as when each directive names it.
        /// </summary>
        [Fact]
        public void Leaving_the_file_out_after_the_first_directive_maps_every_statement_the_same()
        {
            string resolved = LineDirectives.ResolveText(MappedMethod, "/src/F.cs", 10).ToString();
            Assert.Equal(2, Regex.Matches(resolved, "\"/src/F.cs\"").Count);
            var shortTree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(resolved, path: "gen.cs");
            var longTree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(ByRegex(MappedMethod, "/src/F.cs", 10, everyDirectiveNamesTheFile: true), path: "gen.cs");
            var shortStatements = shortTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.LocalDeclarationStatementSyntax>().ToArray();
            var longStatements = longTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.LocalDeclarationStatementSyntax>().ToArray();
            Assert.Equal(8, shortStatements.Length);
            for (int i = 0; i < shortStatements.Length; i++)
            {
                Microsoft.CodeAnalysis.FileLinePositionSpan expected = longStatements[i].GetLocation().GetMappedLineSpan();
                Microsoft.CodeAnalysis.FileLinePositionSpan actual = shortStatements[i].GetLocation().GetMappedLineSpan();
                Assert.Equal((expected.Path, expected.StartLinePosition.Line, expected.HasMappedPath), (actual.Path, actual.StartLinePosition.Line, actual.HasMappedPath));
                Assert.Equal(longTree.GetLineVisibility(longStatements[i].SpanStart), shortTree.GetLineVisibility(shortStatements[i].SpanStart));
            }

            Assert.Equal(("/src/F.cs", 16), (shortStatements[3].GetLocation().GetMappedLineSpan().Path, shortStatements[3].GetLocation().GetMappedLineSpan().StartLinePosition.Line + 1));
        }

        [Theory]
        [InlineData("no directives at all")]
        [InlineData(MappedMethod)]
        [InlineData("x = 1;\n#line \u27E63\u27E7 \"\u27E6file\u27E7\"\ny = 2;\n#line hidden\n#line \u27E612\u27E7 \"\u27E6file\u27E7\"\nz;\n")]
        [InlineData("#line \u27E60\u27E7 \"\u27E6file\u27E7\"")]
        [InlineData("#line \u27E6\u27E7 \"\u27E6file\u27E7\" #line \u27E67\u27E7 \"\u27E6file\u27E7\"")]
        [InlineData("#line \u27E6#line \u27E65\u27E7 \"\u27E6file\u27E7\"")]
        [InlineData("#line \u27E65\u27E7 \"\u27E6file\u27E7")]
        [InlineData("#line \u27E65\u27E7 \"\u27E6fil")]
        [InlineData("#line \u27E6")]
        [InlineData("\u27E6file\u27E7 only")]
        [InlineData("#line \u27E61\u27E7 \"\u27E6file\u27E7\"#line \u27E62\u27E7 \"\u27E6file\u27E7\"tail")]
        [InlineData("// s = \"#line \u27E61234567890\u27E7 \"\u27E6file\u27E7\"\"\n#line \u27E6123456789\u27E7 \"\u27E6file\u27E7\"\n")]
        [InlineData("#line \u27E6\u0663\u27E7 \"\u27E6file\u27E7\"")]
        public void The_resolved_text_replaces_what_the_pattern_matches(string text)
        {
            foreach (string? file in new[] { "/src/F.cs", "C:\\a \"b\".cs", string.Empty, null })
            {
                foreach (int line in new[] { 0, 41 })
                {
                    AssertReadsAs(ByRegex(text, file, line), LineDirectives.ResolveText(text, file, line));
                }
            }
        }

        /// <summary>
        /// The text the compiler reads is what the pattern gives, whichever way it is read: whole, character by character,
        /// and in stretches that start and end anywhere, across the seams between the emitted text and the directives.
        /// </summary>
        [Fact]
        public void The_resolved_text_reads_as_the_resolved_string_from_anywhere()
        {
            string text = string.Concat(Enumerable.Repeat(MappedMethod, 3));
            string expected = ByRegex(text, "/src/Some File.cs", 120);
            Microsoft.CodeAnalysis.Text.SourceText resolved = LineDirectives.ResolveText(text, "/src/Some File.cs", 120);
            AssertReadsAs(expected, resolved);
            var random = new System.Random(7);
            for (int i = 0; i < 2000; i++)
            {
                int start = random.Next(expected.Length + 1);
                int count = random.Next(expected.Length - start + 1);
                var destination = new char[count + 3];
                resolved.CopyTo(start, destination, 2, count);
                Assert.Equal(expected.Substring(start, count), new string(destination, 2, count));
            }

            Assert.Throws<System.ArgumentOutOfRangeException>(() => resolved[expected.Length]);
            Assert.Throws<System.ArgumentOutOfRangeException>(() => resolved.CopyTo(expected.Length - 2, new char[5], 0, 3));
            Assert.Equal(System.Text.Encoding.UTF8, resolved.Encoding);
            Assert.Equal(
                System.Convert.ToHexString(Microsoft.CodeAnalysis.Text.SourceText.From(expected, System.Text.Encoding.UTF8).GetChecksum().ToArray()),
                System.Convert.ToHexString(resolved.GetChecksum().ToArray()));
            Assert.Equal(
                Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(expected).GetRoot().ToFullString(),
                Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(resolved).GetRoot().ToFullString());
        }

        private static void AssertReadsAs(string expected, Microsoft.CodeAnalysis.Text.SourceText actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            Assert.Equal(expected, actual.ToString());
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i]);
            }

            Assert.Equal(expected.Split('\n').Length, actual.Lines.Count);
        }
    }
}
