using System.Linq;
using System.Text.RegularExpressions;
using Diff.Generator.Emit;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary><see cref="IdentifierScan"/> finds, in order, exactly what the pattern it stands for matches.</summary>
    public sealed class IdentifierScanTests
    {
        [Theory]
        [InlineData("")]
        [InlineData("adj_x[i] += 2.5 * @in * __tape1[--__top1];")]
        [InlineData("@@x @ @1 x@y 1abc a1b2_ _ __")]
        [InlineData("\u03b1x = x\u03b2 + y; // \u00e9t\u00e9")]
        [InlineData("global::Diff.Internal.TapeArrays.Grow(__tape_double)")]
        [InlineData("x@")]
        public void All_matches_the_pattern(string text) =>
            Assert.Equal(
                Regex.Matches(text, @"@?[A-Za-z_][A-Za-z0-9_]*").Cast<Match>().Select(m => m.Value).ToArray(),
                IdentifierScan.All(text).ToArray());
    }
}
