using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// The companions that run a method's sweeps are compiled fully optimized at their first call when the method has a
    /// loop (the tiered JIT's code for such long-running loops measured slower), and left to the tiered JIT otherwise.
    /// </summary>
    public sealed class CompanionAttributesTests
    {
        private const string AggressiveOptimization = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

        private const string Source = @"using System;
using Diff;
public static partial class C
{
    [Differentiable]
    public static double Looped(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += Math.Sin(x[i]) * x[0];
        return s;
    }

    [Differentiable]
    public static void LoopInABranch(double[] x, bool twice)
    {
        if (twice)
        {
            for (int i = 0; i < x.Length; i++) x[i] = x[i] * x[i];
        }
    }

    [Differentiable]
    public static double Straight(double a, double b) => Math.Exp(a) * b;
}";

        [Theory]
        [InlineData("C.Looped.g.cs", "LoopedGradient(", true)]
        [InlineData("C.Looped.g.cs", "LoopedRecord(", true)]
        [InlineData("C.Looped.g.cs", "LoopedReverse(", true)]
        [InlineData("C.Looped.g.cs", "LoopedTangent(", true)]
        [InlineData("C.Looped.g.cs", "LoopedHessianVector(", true)]
        [InlineData("C.LoopInABranch.g.cs", "LoopInABranchPullback(", true)]
        [InlineData("C.Straight.g.cs", "StraightGradient(", false)]
        [InlineData("C.Straight.g.cs", "StraightTangent(", false)]
        [InlineData("C.Straight.g.cs", "StraightHessianVector(", false)]
        public void A_companion_is_compiled_fully_optimized_when_its_method_has_a_loop(string hintName, string companion, bool optimized)
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            Assert.Empty(run.GeneratedCodeErrors);
            string file = run.Source(hintName);

            // The attribute lines just above the companion's signature.
            int signature = Regex.Match(file, @"\n[^\n]*\b" + Regex.Escape(companion)).Index;
            Assert.True(signature > 0, companion + " is not in " + hintName);
            string[] attributes = file.Substring(0, signature).Split('\n').Reverse().TakeWhile(l => l.TrimStart().StartsWith("[", System.StringComparison.Ordinal)).ToArray();
            Assert.Contains(attributes, a => a.Contains("GeneratedCode"));
            Assert.Equal(optimized, attributes.Any(a => a.Trim() == AggressiveOptimization));
        }
    }
}
