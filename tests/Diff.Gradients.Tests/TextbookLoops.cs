using System;
using System.Linq;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Textbook algorithms written as their authors write them, through the loop promotions and the single-run Jacobians:
/// forward substitution with a row-packed lower triangle (its index stepped by a counter, as LAPACK's packed storage is
/// walked), Horner's rule with the derivative carried beside it, and an explicit Euler trajectory of the logistic
/// equation as a function of its rate (one column).
/// </summary>
public static partial class TextbookLoopFns
{
    /// <summary>Solves L·y = b for y, L lower triangular stored by rows (L₀₀, L₁₀, L₁₁, L₂₀, …); returns Σ yᵢ².</summary>
    [Differentiable]
    public static double ForwardSubstitution(double[] packed, double[] b)
    {
        int n = b.Length;
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int j = 0; j < i; j++)
            {
                sum -= packed[k] * y[j];
                k++;
            }

            y[i] = sum / packed[k];
            k++;
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += y[i] * y[i];
        }

        return s;
    }

    /// <summary>p(x) + p'(x) by Horner's rule, the derivative carried beside the value.</summary>
    [Differentiable]
    public static double HornerWithDerivative(double[] c, double x)
    {
        double p = c[c.Length - 1];
        double dp = 0;
        for (int i = c.Length - 2; i >= 0; i--)
        {
            dp = dp * x + p;
            p = p * x + c[i];
        }

        return p + dp;
    }

    /// <summary>Explicit Euler for y' = r·y·(1 − y), y(0) = 0.1, step h: the trajectory as a function of the rate.</summary>
    [Differentiable]
    public static void LogisticTrajectory(double rate, Span<double> trajectory)
    {
        const double h = 0.25;
        double y = 0.1;
        for (int i = 0; i < trajectory.Length; i++)
        {
            y += h * rate * y * (1 - y);
            trajectory[i] = y;
        }
    }
}

public sealed class TextbookLoopTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void Forward_substitution_matches_finite_differences(int n)
    {
        int packed = n * (n + 1) / 2;
        var point = new double[packed + n];
        int at = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                point[at++] = i == j ? 2.0 + 0.3 * i : 0.2 * Math.Sin(i + 2 * j);
            }
        }

        for (int i = 0; i < n; i++)
        {
            point[packed + i] = 0.5 - 0.15 * i;
        }

        var dL = new double[packed];
        var dB = new double[n];
        TextbookLoopFns.ForwardSubstitutionGradient(point[..packed], point[packed..], dL, dB);
        Grad.Check(p => TextbookLoopFns.ForwardSubstitution(p[..packed], p[packed..]), point, [.. dL, .. dB], $"n = {n}");
    }

    [Fact]
    public void Horner_with_its_derivative_matches_finite_differences()
    {
        double[] c = { 1.0, -0.5, 0.25, 2.0, -1.25 };
        var dC = new double[c.Length];
        double dX = 0;
        TextbookLoopFns.HornerWithDerivativeGradient(c, 0.7, dC, ref dX);
        Grad.Check(p => TextbookLoopFns.HornerWithDerivative(p[..c.Length], p[c.Length]), [.. c, 0.7], [.. dC, dX], "Horner");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    public void The_logistic_trajectorys_sensitivity_to_its_rate_matches_finite_differences(int steps)
    {
        const double rate = 1.3, h = 1e-6;
        var trajectory = new double[steps];
        var jacobian = new double[steps];
        TextbookLoopFns.LogisticTrajectoryJacobian(rate, trajectory, jacobian);
        var up = new double[steps];
        var down = new double[steps];
        TextbookLoopFns.LogisticTrajectory(rate + h, up);
        TextbookLoopFns.LogisticTrajectory(rate - h, down);
        Grad.Close(up.Zip(down, (u, d) => (u - d) / (2 * h)).ToArray(), jacobian, 1e-6, 1e-8, "d trajectory / d rate");
        var once = new double[steps];
        TextbookLoopFns.LogisticTrajectory(rate, once);
        Grad.Close(once, trajectory, 0, 0, "the trajectory after the Jacobian");
    }
}
