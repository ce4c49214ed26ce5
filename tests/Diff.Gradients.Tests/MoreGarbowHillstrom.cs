using System;
using System.Linq;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Residual functions of Moré, Garbow and Hillstrom's test set for unconstrained least squares ("Testing unconstrained
/// optimization software", ACM TOMS 7, 1981), written the way MINPACK's Fortran writes them: a subroutine that fills
/// <c>fvec</c>. Their Jacobians come from <c>MJacobian</c> at shapes that pick every width of lanes (two, four, eight)
/// in forward and in reverse mode, and are checked against finite differences.
/// </summary>
public static partial class MghFns
{
    /// <summary>Freudenstein and Roth, m = n = 2.</summary>
    [Differentiable]
    public static void FreudensteinRoth(double[] x, double[] fvec)
    {
        fvec[0] = -13.0 + x[0] + ((5.0 - x[1]) * x[1] - 2.0) * x[1];
        fvec[1] = -29.0 + x[0] + ((x[1] + 1.0) * x[1] - 14.0) * x[1];
    }

    /// <summary>Helical valley, m = n = 3, with θ from atan and its branch on the sign of x₁.</summary>
    [Differentiable]
    public static void HelicalValley(double[] x, double[] fvec)
    {
        const double tpi = 8.0 * 0.785398163397448;
        double tmp1 = x[1] < 0 ? -0.25 : 0.25;
        if (x[0] > 0)
        {
            tmp1 = Math.Atan(x[1] / x[0]) / tpi;
        }

        if (x[0] < 0)
        {
            tmp1 = Math.Atan(x[1] / x[0]) / tpi + 0.5;
        }

        double tmp2 = Math.Sqrt(x[0] * x[0] + x[1] * x[1]);
        fvec[0] = 10.0 * (x[2] - 10.0 * tmp1);
        fvec[1] = 10.0 * (tmp2 - 1.0);
        fvec[2] = x[2];
    }

    /// <summary>Powell singular, m = n = 4.</summary>
    [Differentiable]
    public static void PowellSingular(double[] x, double[] fvec)
    {
        fvec[0] = x[0] + 10.0 * x[1];
        fvec[1] = Math.Sqrt(5.0) * (x[2] - x[3]);
        fvec[2] = (x[1] - 2.0 * x[2]) * (x[1] - 2.0 * x[2]);
        fvec[3] = Math.Sqrt(10.0) * (x[0] - x[3]) * (x[0] - x[3]);
    }

    /// <summary>Box three-dimensional, n = 3, any m (10 in the test set).</summary>
    [Differentiable]
    public static void Box3D(double[] x, double[] fvec)
    {
        int m = fvec.Length;
        for (int i = 1; i <= m; i++)
        {
            double temp = i;
            double tmp1 = temp / 10.0;
            fvec[i - 1] = Math.Exp(-tmp1 * x[0]) - Math.Exp(-tmp1 * x[1]) + (Math.Exp(-temp) - Math.Exp(-tmp1)) * x[2];
        }
    }

    /// <summary>Kowalik and Osborne, m = 11, n = 4, from tabulated data.</summary>
    [Differentiable]
    public static void KowalikOsborne(double[] x, [NoDiff] double[] v, [NoDiff] double[] y, double[] fvec)
    {
        for (int i = 0; i < 11; i++)
        {
            double tmp1 = v[i] * (v[i] + x[1]);
            double tmp2 = v[i] * (v[i] + x[2]) + x[3];
            fvec[i] = y[i] - x[0] * tmp1 / tmp2;
        }
    }

    /// <summary>Linear function, full rank: m ≥ n, every residual depends on every input (here n = 9, m = 12).</summary>
    [Differentiable]
    public static void LinearFullRank(double[] x, double[] fvec)
    {
        int n = x.Length, m = fvec.Length;
        double sum = 0.0;
        for (int j = 0; j < n; j++)
        {
            sum += x[j];
        }

        double temp = 2.0 * sum / m + 1.0;
        for (int i = 0; i < m; i++)
        {
            fvec[i] = -temp;
            if (i < n)
            {
                fvec[i] += x[i];
            }
        }
    }
}

public sealed class MoreGarbowHillstromTests
{
    private static readonly double[] KowalikV = { 4.0, 2.0, 1.0, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625 };
    private static readonly double[] KowalikY = { 0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246 };

    private static void Check(Action<double[], double[]> f, Action<double[], double[], double[]> jacobianOf, double[] x, int m, string what)
    {
        var fvec = new double[m];
        var jacobian = new double[m * x.Length];
        jacobianOf((double[])x.Clone(), fvec, jacobian);
        var plain = new double[m];
        f((double[])x.Clone(), plain);
        Grad.Close(plain, fvec, 0, 0, what + ": residuals");
        for (int row = 0; row < m; row++)
        {
            int r = row;
            Grad.Check(
                p =>
                {
                    var values = new double[m];
                    f(p, values);
                    return values[r];
                },
                x,
                jacobian.Skip(row * x.Length).Take(x.Length).ToArray(),
                $"{what}, row {row}");
        }
    }

    [Fact]
    public void Freudenstein_and_Roth_in_two_lanes() =>
        Check(MghFns.FreudensteinRoth, (x, f, j) => MghFns.FreudensteinRothJacobian(x, f, j), new[] { 0.5, -2.0 }, 2, "FreudensteinRoth");

    [Theory]
    [InlineData(-1.0, 0.0, 0.0)]
    [InlineData(0.7, 0.4, 1.2)]
    [InlineData(-0.6, -0.3, 0.5)]
    public void Helical_valley_on_both_branches(double x0, double x1, double x2) =>
        Check(MghFns.HelicalValley, (x, f, j) => MghFns.HelicalValleyJacobian(x, f, j), new[] { x0, x1, x2 }, 3, "HelicalValley");

    [Fact]
    public void Powell_singular_in_four_lanes() =>
        Check(MghFns.PowellSingular, (x, f, j) => MghFns.PowellSingularJacobian(x, f, j), new[] { 3.0, -1.0, 0.0, 1.0 }, 4, "PowellSingular");

    [Theory]
    [InlineData(10)]
    [InlineData(3)]
    [InlineData(20)]
    public void Box_three_dimensional(int m) =>
        Check(MghFns.Box3D, (x, f, j) => MghFns.Box3DJacobian(x, f, j), new[] { 0.0, 10.0, 20.0 }, m, "Box3D");

    [Fact]
    public void Kowalik_and_Osborne() =>
        Check((x, f) => MghFns.KowalikOsborne(x, KowalikV, KowalikY, f), (x, f, j) => MghFns.KowalikOsborneJacobian(x, KowalikV, KowalikY, f, j), new[] { 0.25, 0.39, 0.415, 0.39 }, 11, "KowalikOsborne");

    [Fact]
    public void Linear_full_rank_in_eight_lanes_and_more() =>
        Check(MghFns.LinearFullRank, (x, f, j) => MghFns.LinearFullRankJacobian(x, f, j), Enumerable.Range(0, 9).Select(j => 1.0 + 0.1 * j).ToArray(), 12, "LinearFullRank");
}
