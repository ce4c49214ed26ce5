using System.Linq;
using Diff;

namespace Diff.Gradients.Tests;

/// <summary>
/// Loops whose reverse adds into one element of a local array's adjoint many times: promoted to a local where the
/// element is only added into (a triangular product, as GMM's), left alone where it is also read.
/// </summary>
public static partial class InvariantAccumulationFns
{
    /// <summary>x ↦ ‖L·x²‖² + Σx² with L unit lower-triangular, packed by columns.</summary>
    [Differentiable]
    public static double Triangle(double[] l, double[] v, int d)
    {
        double[] x = new double[d];
        for (int j = 0; j < d; j++)
        {
            x[j] = v[j] * v[j];
        }

        double[] y = new double[d];
        for (int j = 0; j < d; j++)
        {
            y[j] = x[j];
        }

        int li = 0;
        for (int col = 0; col < d; col++)
        {
            for (int r = col + 1; r < d; r++)
            {
                y[r] += l[li] * x[col];
                li++;
            }
        }

        double s = 0;
        for (int j = 0; j < d; j++)
        {
            s += y[j] * y[j] + x[j];
        }

        return s;
    }

    /// <summary>The element is updated in place inside the inner loop: its adjoint is read there too.</summary>
    [Differentiable]
    public static double ReadInTheLoop(double[] v, int d)
    {
        double[] x = new double[d];
        for (int j = 0; j < d; j++)
        {
            x[j] = v[j];
        }

        for (int col = 0; col < d; col++)
        {
            for (int r = 0; r < d; r++)
            {
                x[col] = x[col] * 0.9 + Math.Sin(x[r]) * 0.1;
            }
        }

        double s = 0;
        for (int j = 0; j < d; j++)
        {
            s += x[j] * (j + 1);
        }

        return s;
    }

    /// <summary>Two arrays added into at fixed indices in one loop, one of them under a branch.</summary>
    [Differentiable]
    public static double TwoSums(double[] v, int d)
    {
        double[] a = new double[d];
        double[] b = new double[d];
        for (int j = 0; j < d; j++)
        {
            a[j] = Math.Sin(v[j]);
            b[j] = v[j] * v[j];
        }

        double s = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                s += a[i] * v[j];
                if (v[j] > 0)
                {
                    s += b[i] * b[j];
                }
            }
        }

        return s;
    }
}

public sealed class InvariantAccumulationTests
{
    private static double[] Point(int n, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(12)]
    public void A_triangular_product_matches_finite_differences(int d)
    {
        double[] l = Point(d * (d - 1) / 2, d);
        double[] v = Point(d, 100 + d);
        var dL = new double[l.Length];
        var dV = new double[d];
        double value = InvariantAccumulationFns.TriangleGradient(l, v, d, dL, dV);
        Assert.Equal(InvariantAccumulationFns.Triangle(l, v, d), value, 12);
        Grad.Check(p => InvariantAccumulationFns.Triangle(l, p, d), v, dV, "Triangle dv");
        Grad.Check(p => InvariantAccumulationFns.Triangle(p, v, d), l, dL, "Triangle dl");
    }

    [Fact]
    public void An_element_read_in_the_loop_matches_finite_differences()
    {
        double[] v = Point(6, 7);
        var dV = new double[6];
        InvariantAccumulationFns.ReadInTheLoopGradient(v, 6, dV);
        Grad.Check(p => InvariantAccumulationFns.ReadInTheLoop(p, 6), v, dV, "ReadInTheLoop");
    }

    [Fact]
    public void Two_promoted_sums_under_a_branch_match_finite_differences()
    {
        double[] v = Point(7, 9);
        var dV = new double[7];
        InvariantAccumulationFns.TwoSumsGradient(v, 7, dV);
        Grad.Check(p => InvariantAccumulationFns.TwoSums(p, 7), v, dV, "TwoSums");
    }
}
