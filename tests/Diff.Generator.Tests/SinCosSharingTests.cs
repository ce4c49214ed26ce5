using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// A cosine and a sine of one unchanged value share one SinCos call in every generated method
    /// (Differentiate/SinCosSharing); a value assigned in between gets its own. The derivatives are checked against
    /// finite differences in Diff.Gradients.Tests (SinCosSharing).
    /// </summary>
    public sealed class SinCosSharingTests
    {
        private const string Source = @"using System;
using Diff;
public static partial class C
{
    [Differentiable]
    public static double Rotated(double theta, double x)
    {
        double c = Math.Cos(theta);
        double s = Math.Sin(theta);
        return c * x - s * x * x;
    }

    [Differentiable]
    public static double Moved(double theta, double x)
    {
        double c = Math.Cos(theta);
        theta = theta * x;
        double s = Math.Sin(theta);
        return c * s;
    }
}";

        [Fact]
        public void One_unchanged_angle_is_evaluated_once_per_method()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            foreach (string method in new[] { "RotatedGradient(", "RotatedTangent(", "RotatedHessianVector(" })
            {
                string body = run.Method("C.Rotated.g.cs", method);
                Assert.True(Regex.Matches(body, @"SinCos\(").Count == 1, method + "\n" + body);
            }
        }

        [Fact]
        public void An_angle_assigned_in_between_is_evaluated_again()
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            string body = run.Method("C.Moved.g.cs", "MovedGradient(");
            Assert.True(Regex.Matches(body, @"SinCos\(").Count == 2, body);
        }
    }
}
