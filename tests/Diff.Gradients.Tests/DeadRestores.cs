using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// A local array filled before anything reads it records no old values (Analyse/DeadRestoreAnalysis); the writes after a
/// read still do. The gradient, H·v, a caller through the recorded halves and a Jacobian in lanes are checked.
/// </summary>
public static partial class DeadRestoreFns
{
    /// <summary>Filled in a loop, read, then one element overwritten from the others (that write keeps its restore).</summary>
    [Differentiable]
    public static double FillReadOverwrite(double[] p)
    {
        double[] xo = new double[3];
        for (int k = 0; k < 3; k++)
        {
            xo[k] = p[k] * p[(k + 1) % 3] + Math.Sin(p[k]);
        }

        double s = xo[0] * xo[1] + xo[2] * xo[0] + xo[1] * xo[2];
        xo[1] = s * Math.Cos(xo[2]);
        double t = xo[0] * xo[1] * xo[2];
        xo[0] = t * t;
        return xo[0] + xo[1] * s;
    }

    /// <summary>Calls the method above without inlining it, so that its recorded halves run.</summary>
    [Differentiable]
    public static double Caller(double[] p) => Helper(p) * FillReadOverwrite(p);

    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double Helper(double[] p)
    {
        double[] u = new double[2];
        u[0] = p[0] * p[1];
        u[1] = Math.Exp(p[2] * 0.5);
        u[0] = u[0] * u[1] + u[0];
        return u[0] - u[1] * u[1];
    }

    /// <summary>A residual whose scratch array is filled first: the Jacobian runs the pullback in lanes.</summary>
    [Differentiable]
    public static void Residual(ReadOnlySpan<double> p, Span<double> r)
    {
        double[] q = new double[3];
        for (int k = 0; k < 3; k++)
        {
            q[k] = p[k] - p[3];
        }

        r[0] = q[0] * q[1] + Math.Sin(q[2]);
        r[1] = q[2] / (1 + q[0] * q[0]);
    }
}

public sealed class DeadRestoreTests
{
    private static readonly double[] Point = { 0.7, -0.4, 1.1 };

    [Fact]
    public void The_gradient_matches_finite_differences()
    {
        var dP = new double[3];
        double value = DeadRestoreFns.FillReadOverwriteGradient(Point, dP);
        Grad.SameValue(DeadRestoreFns.FillReadOverwrite(Point), value, "value");
        Grad.Check(DeadRestoreFns.FillReadOverwrite, Point, dP, "FillReadOverwrite");
    }

    [Fact]
    public void A_caller_through_the_recorded_halves_matches_finite_differences()
    {
        var dP = new double[3];
        DeadRestoreFns.CallerGradient(Point, dP);
        Grad.Check(DeadRestoreFns.Caller, Point, dP, "Caller");
    }

    [Fact]
    public void The_Hessian_vector_product_matches_finite_differences_of_the_gradient()
    {
        double[] v = { 0.3, -1.0, 0.5 };
        var dP = new double[3];
        var hv = new double[3];
        DeadRestoreFns.FillReadOverwriteHessianVector(Point, v, dP, hv);
        Grad.CheckHessianVector(
            p =>
            {
                var g = new double[3];
                DeadRestoreFns.FillReadOverwriteGradient(p, g);
                return g;
            },
            Point,
            v,
            hv,
            "FillReadOverwrite");
    }

    [Fact]
    public void The_Jacobian_in_lanes_matches_finite_differences()
    {
        double[] p = { 0.4, 1.3, -0.6, 0.2 };
        var r = new double[2];
        var jacobian = new double[8];
        DeadRestoreFns.ResidualJacobian(p, r, jacobian);
        for (int row = 0; row < 2; row++)
        {
            int k = row;
            Grad.Check(
                q =>
                {
                    var rr = new double[2];
                    DeadRestoreFns.Residual(q, rr);
                    return rr[k];
                },
                p,
                jacobian.AsSpan(row * 4, 4).ToArray(),
                "Residual row " + row);
        }
    }
}
