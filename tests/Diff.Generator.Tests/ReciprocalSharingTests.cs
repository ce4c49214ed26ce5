using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// A quotient's two recorded partials, 1 / b and −(a / b) / b, share one reciprocal of b (AdjointWriter's
    /// ShareReciprocals): the forward sweep divides twice per quotient, not three times. The derivatives are checked
    /// against finite differences in Diff.Gradients.Tests (Quotients).
    /// </summary>
    public sealed class ReciprocalSharingTests
    {
        [Fact]
        public void A_quotients_partials_share_one_reciprocal()
        {
            GeneratorHarness run = GeneratorHarness.Run(@"using System;
using Diff;
public static partial class C
{
    [Differentiable]
    public static double Ratio(double a, double b)
    {
        // d is overwritten afterwards, so the reverse sweep cannot divide by it again: both partials are recorded.
        double d = b * b + 1;
        double q = a / d;
        d = q * a;
        return q * d;
    }

    [Differentiable]
    public static double ByNumber(double a)
    {
        double q = a / 4.0;
        return q * a;
    }
}");
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            foreach (string method in new[] { "RatioGradient(", "RatioHessianVector(" })
            {
                string body = run.Method("C.Ratio.g.cs", method);
                Match reciprocal = Regex.Match(body, @"var (__r\d+) = 1 / d;");
                Assert.True(reciprocal.Success, method + "\n" + body);
                string name = reciprocal.Groups[1].Value;
                Assert.Contains("* " + name, body);

                // The quotient itself is divided as written, so its value is the one the original computation has.
                Assert.Contains("a / d", body);
            }

            // A division by a number is cheap already and has one partial: nothing to share.
            Assert.DoesNotMatch(@"__r\d", run.Method("C.ByNumber.g.cs", "ByNumberGradient("));
        }
    }
}
