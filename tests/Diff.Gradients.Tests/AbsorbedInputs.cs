using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// The fuzzer's program 6233 of seed 10101, shrunk: a helper squares a buffer in place on every trip of nested loops
/// until its elements are about 1e35, and the result is <c>(x + a[0]) - a[0]</c>. At that scale the sum absorbs x, so
/// the computed function is flat in x and finite differences give 0; the derivative of the computation as written is
/// 2, which is what the gradient must say (Findings.md, H3).
/// </summary>
public static partial class AbsorbedInputFns
{
    [Differentiable]
    public static void SquareInPlace(double[] b, float unused)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] *= b[i];
        }
    }

    [Differentiable]
    public static double SumThatAbsorbs(double x8, double x9, double[] a10)
    {
        double s11 = x8 * a10[1];
        foreach (double e14 in a10)
        {
            for (int i15 = 0; i15 < a10.Length; i15++)
            {
                SquareInPlace(a10, (i15 % 4) switch { 0 => 1.0f, _ => i15 });
                SquareInPlace(a10, 1.0f);
            }
        }

        if (s11 > s11 - a10[0] || s11 / (0.5 * 0.5 + 1.0) > -0.5)
        {
            if (a10[0] * a10[1] <= x9)
            {
            }
            else
            {
                s11 = (x8 + a10[0]) - ((a10.Length % 3) switch { 0 => a10[1], _ => a10[0] });
            }
        }

        return s11 + s11;
    }
}

public sealed class AbsorbedInputTests
{
    [Fact]
    public void Where_a_sum_absorbs_an_input_the_gradient_is_the_derivative_of_the_computation_as_written()
    {
        // The campaign's point: a10 grows to about 1e35, and the function's value no longer moves with x8.
        double x8 = -0.4007000029, x9 = 0.5285083242;
        double[] a = { -1.372728153, 1.361906079 };
        double[] dA = new double[2];
        double dX8 = 0, dX9 = 0;
        AbsorbedInputFns.SumThatAbsorbsGradient(x8, x9, (double[])a.Clone(), ref dX8, ref dX9, dA);
        Assert.Equal(AbsorbedInputFns.SumThatAbsorbs(x8 + 1e-3, x9, (double[])a.Clone()), AbsorbedInputFns.SumThatAbsorbs(x8, x9, (double[])a.Clone()));
        Assert.Equal(2.0, dX8);
        Assert.Equal(0.0, dX9);
        Assert.Equal(new[] { 0.0, 0.0 }, dA);
    }

    [Fact]
    public void Where_nothing_is_absorbed_the_gradient_matches_finite_differences()
    {
        // Elements below 1 in magnitude shrink instead, and the same branch is taken at this point.
        double[] point = { -0.4, -2.0, 0.9, 0.8 };
        double[] gradient = new double[4];
        double[] dA = new double[2];
        AbsorbedInputFns.SumThatAbsorbsGradient(point[0], point[1], new[] { point[2], point[3] }, ref gradient[0], ref gradient[1], dA);
        gradient[2] = dA[0];
        gradient[3] = dA[1];
        Grad.Check(p => AbsorbedInputFns.SumThatAbsorbs(p[0], p[1], new[] { p[2], p[3] }), point, gradient, "SumThatAbsorbs away from overflow");
    }
}
