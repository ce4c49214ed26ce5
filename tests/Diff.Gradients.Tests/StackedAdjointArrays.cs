using System;
using System.Runtime.CompilerServices;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Local arrays of a fixed literal length get their adjoints on the stack (Differentiate/StackedAdjointArrays), cleared
/// where the array is declared. Under [SkipLocalsInit] the stack holds whatever was there, so a missed clear would show.
/// </summary>
[SkipLocalsInit]
public static partial class StackedAdjointFns
{
    /// <summary>Two 3-vectors, one of them rewritten element by element, as a rotation's helpers write them.</summary>
    [Differentiable]
    public static double Cross(double[] a, double[] b)
    {
        double[] u = new double[3];
        for (int k = 0; k < 3; k++)
        {
            u[k] = a[k] - b[k];
        }

        double[] c = new double[3];
        c[0] = u[1] * b[2] - u[2] * b[1];
        c[1] = u[2] * b[0] - u[0] * b[2];
        c[2] = u[0] * b[1] - u[1] * b[0];
        u[0] = Math.Sin(u[0]) * c[2];
        return c[0] * c[0] + c[1] * u[0] + Math.Exp(c[2] * u[1]);
    }

    /// <summary>A fixed-length array declared inside a loop: its adjoint is cleared on every trip.</summary>
    [Differentiable]
    public static double InALoop(double[] x, int n)
    {
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double[] t = new double[2];
            t[0] = x[i % x.Length] * (i + 1);
            t[1] = t[0] * t[0] + x[0];
            s += t[1] * Math.Cos(t[0]);
        }

        return s;
    }

    /// <summary>A fixed-length array indexed by a long counter, as a span cannot be: it keeps its array.</summary>
    [Differentiable]
    public static double LongIndex(double x, float y)
    {
        float[] t = new float[3];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = MathF.Exp(MathF.Cos(y)) * (i + 1);
        }

        double[] u = new double[3];
        double s = 0;
        for (long j = 0L; j < 3; j++)
        {
            u[j] = x * t[j];
            s += u[j] * u[j] + (double)t[j];
        }

        return s;
    }

    /// <summary>A void method with a fixed-length local array: its Jacobian runs the pullback in lanes.</summary>
    [Differentiable]
    public static void Residual(ReadOnlySpan<double> p, Span<double> r)
    {
        double[] q = new double[3];
        for (int k = 0; k < 3; k++)
        {
            q[k] = p[k] * p[(k + 1) % 3];
        }

        r[0] = q[0] + Math.Sin(q[1]);
        r[1] = q[1] * q[2];
        r[2] = Math.Exp(q[2]) - q[0];
    }
}

public sealed class StackedAdjointArrayTests
{
    [Fact]
    public void Fixed_length_local_arrays_match_finite_differences_call_after_call()
    {
        var random = new System.Random(11);
        for (int call = 0; call < 4; call++)
        {
            double[] a = { random.NextDouble(), random.NextDouble() - 0.5, random.NextDouble() * 2 };
            double[] b = { random.NextDouble() - 0.5, random.NextDouble(), random.NextDouble() * 0.5 };
            var dA = new double[3];
            var dB = new double[3];
            double value = StackedAdjointFns.CrossGradient(a, b, dA, dB);
            Assert.Equal(StackedAdjointFns.Cross(a, b), value, 12);
            Grad.Check(p => StackedAdjointFns.Cross(p, b), a, dA, "Cross da");
            Grad.Check(p => StackedAdjointFns.Cross(a, p), b, dB, "Cross db");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void A_fixed_length_array_declared_in_a_loop_matches_finite_differences(int n)
    {
        double[] x = { 0.3, -0.8, 0.45 };
        var dX = new double[3];
        StackedAdjointFns.InALoopGradient(x, n, dX);
        Grad.Check(p => StackedAdjointFns.InALoop(p, n), x, dX, "InALoop");
    }

    [Fact]
    public void Fixed_length_arrays_indexed_by_a_long_counter_match_finite_differences()
    {
        double dX = 0;
        float dY = 0;
        StackedAdjointFns.LongIndexGradient(0.8, 0.3f, ref dX, ref dY);
        Grad.Check(p => StackedAdjointFns.LongIndex(p[0], 0.3f), new[] { 0.8 }, new[] { dX }, "LongIndex dx");
        // d/dy of Σ (x·tⱼ)² + tⱼ with tⱼ = e^cos y·(j + 1): Σ (2x²·tⱼ + 1)·(−sin y)·tⱼ, to float precision.
        double expected = 0;
        for (int j = 0; j < 3; j++)
        {
            double t = Math.Exp(Math.Cos(0.3)) * (j + 1);
            expected += (2 * 0.8 * 0.8 * t + 1) * -Math.Sin(0.3) * t;
        }

        Grad.Close(expected, dY, 1e-5, 1e-5, "LongIndex dy");
    }

    [Fact]
    public void The_Jacobian_in_lanes_of_a_method_with_a_fixed_length_array_matches_its_pullback_rows()
    {
        double[] p = { 0.7, -1.2, 0.4 };
        var r = new double[3];
        var jacobian = new double[9];
        for (int call = 0; call < 3; call++)
        {
            p[call] += 0.25;
            StackedAdjointFns.ResidualJacobian(p, r, jacobian);
            for (int row = 0; row < 3; row++)
            {
                var dP = new double[3];
                var dR = new double[3];
                dR[row] = 1;
                StackedAdjointFns.ResidualPullback(p, new double[3], dP, dR);
                for (int column = 0; column < 3; column++)
                {
                    Assert.Equal(dP[column], jacobian[row * 3 + column], 12);
                }

                int k = row;
                Grad.Check(q =>
                {
                    var rr = new double[3];
                    StackedAdjointFns.Residual(q, rr);
                    return rr[k];
                }, p, dP, "Residual row " + row);
            }
        }
    }
}
