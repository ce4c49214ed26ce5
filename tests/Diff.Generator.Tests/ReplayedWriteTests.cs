using System.Text.RegularExpressions;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// Which fills of a restored array the reverse sweep runs again instead of recording what they overwrite
    /// (Analyse/ReplayedWriteAnalysis). A replayed fill pushes nothing for the array in its forward sweep; a fill that
    /// keeps its restores pushes the old element before each write. The derivatives of the same shapes are checked in
    /// Diff.Gradients.Tests (ReplayedWrites).
    /// </summary>
    public sealed class ReplayedWriteTests
    {
        private const string Source = @"using System;
using Diff;
public static partial class C
{
    [Differentiable]
    public static double PerTrip(double[] mu, [NoDiff] double[] x, int n, int d)
    {
        double[] centered = new double[d];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int offset = i * d;
            for (int j = 0; j < d; j++) centered[j] = x[offset + j] - mu[j];
            double q = 0;
            for (int j = 0; j < d; j++) q += centered[j] * centered[j];
            total += Math.Exp(-q);
        }

        return total;
    }

    [Differentiable]
    public static double ReadBefore(double[] p)
    {
        double[] b = new double[2];
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            for (int r = 0; r < 3; r++) s += b[0] * b[1] * r;
            for (int j = 0; j < 2; j++) b[j] = p[j] * t;
            for (int r = 0; r < 3; r++) s += b[0] * b[1] * r;
        }

        return s;
    }

    [Differentiable]
    public static double ReadAfterTheLoop(double[] p)
    {
        double[] b = new double[2];
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            for (int j = 0; j < 2; j++) b[j] = p[j] * t;
            for (int r = 0; r < 3; r++) s += b[0] * b[1] * r;
        }

        for (int r = 0; r < 3; r++) s += b[0] * b[1] * r;
        return s;
    }

    [Differentiable]
    public static double FromAWrittenLocal(double[] p)
    {
        double[] b = new double[2];
        double[] a = new double[2];
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            a[t % 2] = p[t] * p[0];
            for (int j = 0; j < 2; j++) b[j] = a[j] + p[j];
            for (int r = 0; r < 3; r++) s += b[0] * b[1] * a[r % 2];
        }

        return s;
    }

    [Differentiable]
    public static double FromALocalScalar(double[] p)
    {
        double[] b = new double[2];
        double s = 0;
        double scale = 1;
        for (int t = 0; t < 3; t++)
        {
            scale = scale * 0.5;
            for (int j = 0; j < 2; j++) b[j] = p[j] * scale;
            for (int r = 0; r < 3; r++) s += b[0] * b[1] * r;
        }

        return s;
    }

    [Differentiable]
    public static double InABranch(double[] p, [NoDiff] double[] gate)
    {
        double[] b = new double[2];
        double s = 0;
        for (int t = 0; t < gate.Length; t++)
        {
            if (gate[t] > 0)
            {
                for (int j = 0; j < 2; j++) b[j] = p[j] * t;
                for (int r = 0; r < 3; r++) s += b[0] * b[1] * r;
            }
        }

        return s;
    }

    [Differentiable]
    public static double Quotients(double[] p, int trips)
    {
        double[] b = new double[2];
        double s = 0;
        for (int t = 0; t < trips; t++)
        {
            for (int j = 0; j < 2; j++) b[j] = (p[j] + t) / p[2];
            for (int r = 0; r < 3; r++) s += b[0] * b[1] * r;
        }

        return s;
    }

    [Differentiable]
    public static double Exponentials(double[] p, int trips)
    {
        double[] b = new double[2];
        double s = 0;
        for (int t = 0; t < trips; t++)
        {
            for (int j = 0; j < 2; j++) b[j] = Math.Exp(p[j] + t);
            for (int r = 0; r < 3; r++) s += b[0] * b[1] * r;
        }

        return s;
    }

    [Differentiable]
    public static double LengthBounds(double[] p, int trips)
    {
        double[] b = new double[3];
        double s = 0;
        for (int t = 0; t < b.Length * trips; t++)
        {
            for (int j = 0; j < b.Length; j++) b[j] = p[j % p.Length] - t;
            for (int r = 0; r < b.Length; r++) s += b[r] * b[r] * p[0];
        }

        return s;
    }

    [Differentiable]
    public static double WithABreak(double[] p)
    {
        double[] b = new double[2];
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            for (int j = 0; j < 2; j++) b[j] = p[j] * t;
            if (s > 10) break;
            for (int r = 0; r < 3; r++) s += b[0] * b[1] * r;
        }

        return s;
    }
}";

        [Theory]
        [InlineData("C.PerTrip.g.cs", "centered", true)]
        [InlineData("C.InABranch.g.cs", "b", true)]
        [InlineData("C.Quotients.g.cs", "b", true)]
        [InlineData("C.LengthBounds.g.cs", "b", true)]
        [InlineData("C.Exponentials.g.cs", "b", false)]
        [InlineData("C.ReadBefore.g.cs", "b", false)]
        [InlineData("C.ReadAfterTheLoop.g.cs", "b", false)]
        [InlineData("C.FromAWrittenLocal.g.cs", "b", false)]
        [InlineData("C.FromAWrittenLocal.g.cs", "a", false)]
        [InlineData("C.FromALocalScalar.g.cs", "b", false)]
        [InlineData("C.WithABreak.g.cs", "b", false)]
        public void A_fill_from_unchanging_values_read_only_after_it_in_its_block_is_replayed(string hintName, string array, bool replayed)
        {
            GeneratorHarness run = GeneratorHarness.Run(Source);
            Assert.Empty(run.GeneratedCodeErrors);
            string file = run.Source(hintName);
            string gradient = file.Substring(0, file.IndexOf("Record(", System.StringComparison.Ordinal));

            // A restore pushes the element the fill is about to overwrite.
            bool recordsOldElements = Regex.IsMatch(gradient, @"__tapeD\[__topD\+\+\] = " + array + @"\[");
            Assert.Equal(!replayed, recordsOldElements);
            Assert.Equal(replayed, gradient.Contains("computed again rather than recorded"));
        }
    }
}
