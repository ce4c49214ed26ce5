using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// A sine and a cosine of one value share one SinCos in the generated sweeps (Differentiate/SinCosSharing), and do not
/// where the value changes in between. Each derivative is checked against finite differences.
/// </summary>
public static partial class SinCosSharingFns
{
    /// <summary>A rotation of (x, y) by θ, as Rodrigues' formula has it: cos and sin of the same θ.</summary>
    [Differentiable]
    public static double Rotated(double theta, double x, double y)
    {
        double c = Math.Cos(theta);
        double s = Math.Sin(theta);
        double u = c * x - s * y;
        double w = s * x + c * y;
        return u * u * u + Math.Exp(w);
    }

    /// <summary>θ changes between the cosine and the sine: they must not share a call.</summary>
    [Differentiable]
    public static double Moved(double theta, double x)
    {
        double c = Math.Cos(theta);
        theta = theta * x + 0.3;
        double s = Math.Sin(theta);
        return c * s + x * Math.Cos(theta);
    }

    /// <summary>The same pair in a loop whose angle moves every trip, and once more after it.</summary>
    [Differentiable]
    public static double InALoop(double theta, double r, int n)
    {
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            double c = Math.Cos(theta);
            double s = Math.Sin(theta);
            sum += r * c - s * s;
            theta = theta + 0.5 * s;
        }

        return sum + Math.Sin(theta) * Math.Cos(theta);
    }
}

public sealed class SinCosSharingTests
{
    private static readonly double[][] Points =
    {
        new[] { 0.7, 1.3, -0.4 },
        new[] { -2.1, 0.2, 0.9 },
        new[] { 0.0, 1.0, 1.0 },
    };

    [Fact]
    public void A_rotation_matches_finite_differences_in_gradient_tangent_and_Hessian_vector_product()
    {
        foreach (double[] p in Points)
        {
            double dTheta = 0, dX = 0, dY = 0;
            SinCosSharingFns.RotatedGradient(p[0], p[1], p[2], ref dTheta, ref dX, ref dY);
            Grad.Check(q => SinCosSharingFns.Rotated(q[0], q[1], q[2]), p, new[] { dTheta, dX, dY }, "Rotated gradient");

            double[] v = { 0.3, -1.1, 0.6 };
            SinCosSharingFns.RotatedTangent(p[0], p[1], p[2], v[0], v[1], v[2], out double jvp);
            Grad.Close(dTheta * v[0] + dX * v[1] + dY * v[2], jvp, 1e-12, 1e-12, "Rotated tangent = ⟨∇f, v⟩");

            double gTheta = 0, gX = 0, gY = 0, hTheta = 0, hX = 0, hY = 0;
            SinCosSharingFns.RotatedHessianVector(p[0], p[1], p[2], v[0], v[1], v[2], ref gTheta, ref gX, ref gY, ref hTheta, ref hX, ref hY);
            double[] hv = { hTheta, hX, hY };
            for (int i = 0; i < 3; i++)
            {
                // (H·v)_i is the derivative of ∂f/∂p_i along v.
                int component = i;
                double along = Fd.Derivative(t => GradientAt(p[0] + t * v[0], p[1] + t * v[1], p[2] + t * v[2])[component], 0);
                Grad.Close(along, hv[i], 1e-6, 1e-6, "Rotated H·v[" + i + "]");
            }
        }
    }

    [Fact]
    public void An_angle_changed_between_the_cosine_and_the_sine_matches_finite_differences()
    {
        foreach (double[] p in Points)
        {
            double dTheta = 0, dX = 0;
            SinCosSharingFns.MovedGradient(p[0], p[1], ref dTheta, ref dX);
            Grad.Check(q => SinCosSharingFns.Moved(q[0], q[1]), new[] { p[0], p[1] }, new[] { dTheta, dX }, "Moved gradient");
            SinCosSharingFns.MovedTangent(p[0], p[1], 1, 0, out double tTheta);
            Grad.Close(dTheta, tTheta, 1e-12, 1e-12, "Moved tangent along θ");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void A_pair_in_a_loop_matches_finite_differences(int n)
    {
        foreach (double[] p in Points)
        {
            double dTheta = 0, dR = 0;
            SinCosSharingFns.InALoopGradient(p[0], p[1], n, ref dTheta, ref dR);
            Grad.Check(q => SinCosSharingFns.InALoop(q[0], q[1], n), new[] { p[0], p[1] }, new[] { dTheta, dR }, "InALoop gradient");
        }
    }

    private static double[] GradientAt(double theta, double x, double y)
    {
        double dTheta = 0, dX = 0, dY = 0;
        SinCosSharingFns.RotatedGradient(theta, x, y, ref dTheta, ref dX, ref dY);
        return new[] { dTheta, dX, dY };
    }
}
