using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Integer and boolean scratch space as C keeps it on the stack (<c>int perm[8]</c>, <c>bool used[8]</c>), ported as
/// <c>stackalloc</c> spans or spans over new arrays: never differentiated, written and read like any local.
/// </summary>
public static partial class IntegerScratchFns
{
    /// <summary>A permutation in a stack span, then a weighted sum through it.</summary>
    [Differentiable]
    public static double Permuted(double[] x, int n)
    {
        Span<int> perm = stackalloc int[8];
        for (int i = 0; i < n; i++)
        {
            perm[i] = n - 1 - i;
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += x[perm[i]] * (i + 1);
        }

        return s;
    }

    /// <summary>Flags in a stack span of bools, and a counter span over a new array incremented in place.</summary>
    [Differentiable]
    public static double Flags(double[] x, int n)
    {
        Span<bool> used = stackalloc bool[8];
        Span<int> counts = new int[8];
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            int j = 3 * i % n;
            counts[j]++;
            if (!used[j])
            {
                s += x[j] * x[j];
                used[j] = true;
            }
        }

        return s * counts[0];
    }
}

public sealed class IntegerScratchTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Integer_and_boolean_stack_spans_are_scratch_space(int n)
    {
        var random = new System.Random(n);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.NextDouble() * 2 - 1;
        }

        var dX = new double[n];
        IntegerScratchFns.PermutedGradient(x, n, dX);
        Grad.Check(p => IntegerScratchFns.Permuted(p, n), x, dX, "Permuted");
        Assert.Equal(n, dX[0], 12);

        var dFlags = new double[n];
        IntegerScratchFns.FlagsGradient(x, n, dFlags);
        Grad.Check(p => IntegerScratchFns.Flags(p, n), x, dFlags, "Flags");
    }
}
