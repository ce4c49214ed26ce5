using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Triangular products as GMM's Mahalanobis term writes them: in the reverse sweep the inner loop reads a local array's
/// element at the outer loop's index (read once, before the loop) and steps a counter back (stepped on a copy that lives
/// for the loop). Gradients against finite differences, where the hoisted element is out of range on a trip-less inner
/// loop, and where the counter is read again between inner loops.
/// </summary>
public static partial class ReverseLoopPromotionFns
{
    /// <summary>‖L·x‖² with L lower triangular, its diagonal exp(q) and its strict lower part packed by columns after it.</summary>
    [Differentiable]
    public static double Triangle(double[] q, double[] x)
    {
        int d = x.Length;
        double[] xc = new double[d];
        for (int j = 0; j < d; j++)
        {
            xc[j] = x[j] * 0.5 + 0.1 * j;
        }

        double[] lx = new double[d];
        for (int j = 0; j < d; j++)
        {
            lx[j] = Math.Exp(q[j]) * xc[j];
        }

        int li = d;
        for (int col = 0; col < d; col++)
        {
            for (int r = col + 1; r < d; r++)
            {
                lx[r] += q[li] * xc[col];
                li++;
            }
        }

        double s = 0;
        for (int j = 0; j < d; j++)
        {
            s += lx[j] * lx[j];
        }

        return s;
    }

    /// <summary>
    /// The outer loop runs one column past the local array's end; that column's inner loop has no trips, so the original
    /// never reads the element, and neither may the gradient.
    /// </summary>
    [Differentiable]
    public static double PastTheEnd(double[] a, double[] b)
    {
        int n = a.Length;
        double[] local = new double[n - 1];
        for (int j = 0; j < n - 1; j++)
        {
            local[j] = b[j] * b[j];
        }

        double s = 0;
        int k = 0;
        for (int col = 0; col < n; col++)
        {
            for (int r = col + 1; r < n; r++)
            {
                s += a[r] * local[col] * a[k % n];
                k++;
            }
        }

        return s;
    }

    /// <summary>The counter is read between the inner loops as well as in them.</summary>
    [Differentiable]
    public static double CounterBetween(double[] w, double[] x)
    {
        int n = x.Length;
        double[] lx = new double[n];
        double s = 0;
        int li = 0;
        for (int col = 0; col < n; col++)
        {
            s += w[li] * x[col];
            for (int r = col; r < n; r++)
            {
                lx[r] += w[li] * x[col];
                li++;
            }
        }

        for (int j = 0; j < n; j++)
        {
            s += Math.Sin(lx[j]) * lx[j];
        }

        return s;
    }
}

public sealed class ReverseLoopPromotionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(9)]
    public void A_triangular_product_matches_finite_differences(int d)
    {
        int packed = d + d * (d - 1) / 2;
        double[] point = new double[packed + d];
        for (int i = 0; i < point.Length; i++)
        {
            point[i] = 0.3 * Math.Sin(1.7 * i + 0.2);
        }

        var dQ = new double[packed];
        var dX = new double[d];
        ReverseLoopPromotionFns.TriangleGradient(point[..packed], point[packed..], dQ, dX);
        Grad.Check(p => ReverseLoopPromotionFns.Triangle(p[..packed], p[packed..]), point, [.. dQ, .. dX], $"d = {d}");
    }

    [Fact]
    public void An_element_past_the_end_on_a_trip_less_loop_is_never_read()
    {
        double[] a = { 0.4, -1.1, 0.7, 1.3 };
        double[] b = { 0.9, -0.2, 0.5 };
        var dA = new double[4];
        var dB = new double[3];
        ReverseLoopPromotionFns.PastTheEndGradient(a, b, dA, dB);
        Grad.Check(p => ReverseLoopPromotionFns.PastTheEnd(p[..4], p[4..]), [.. a, .. b], [.. dA, .. dB], "past the end");
    }

    [Fact]
    public void A_counter_read_between_inner_loops_matches_finite_differences()
    {
        const int n = 6;
        int packed = n * (n + 1) / 2;
        double[] point = new double[packed + n];
        for (int i = 0; i < point.Length; i++)
        {
            point[i] = 0.25 * Math.Cos(0.9 * i);
        }

        var dW = new double[packed];
        var dX = new double[n];
        ReverseLoopPromotionFns.CounterBetweenGradient(point[..packed], point[packed..], dW, dX);
        Grad.Check(p => ReverseLoopPromotionFns.CounterBetween(p[..packed], p[packed..]), point, [.. dW, .. dX], "counter between");
    }
}
