using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Textbook algorithms written the way their authors write them, with scratch arrays filled and refilled: the classic
/// fourth-order Runge–Kutta step (Numerical Recipes' rk4: k1…k4 and one temporary state reused for each stage) and
/// modified Gram–Schmidt. Some writes to the scratch arrays have no read before them and record nothing; the refills
/// of the temporary do.
/// </summary>
public static partial class ScratchArrayFns
{
    /// <summary>Several rk4 steps of the Lotka–Volterra predator–prey system, its right-hand side written out per stage; returns prey + 2 · predators at the end.</summary>
    [Differentiable]
    public static double RungeKutta(double[] y0, double a, double b, double h, int steps)
    {
        double[] y = new double[2];
        for (int i = 0; i < 2; i++)
        {
            y[i] = y0[i];
        }

        double[] yt = new double[2];
        double[] k1 = new double[2];
        double[] k2 = new double[2];
        double[] k3 = new double[2];
        double[] k4 = new double[2];
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < 2; i++) k1[i] = a * y[0] * (i == 0 ? 1 : 0) - b * y[0] * y[1] * (i == 0 ? 1 : -1) - (i == 1 ? a * 0.5 * y[1] : 0);
            for (int i = 0; i < 2; i++) yt[i] = y[i] + 0.5 * h * k1[i];
            for (int i = 0; i < 2; i++) k2[i] = a * yt[0] * (i == 0 ? 1 : 0) - b * yt[0] * yt[1] * (i == 0 ? 1 : -1) - (i == 1 ? a * 0.5 * yt[1] : 0);
            for (int i = 0; i < 2; i++) yt[i] = y[i] + 0.5 * h * k2[i];
            for (int i = 0; i < 2; i++) k3[i] = a * yt[0] * (i == 0 ? 1 : 0) - b * yt[0] * yt[1] * (i == 0 ? 1 : -1) - (i == 1 ? a * 0.5 * yt[1] : 0);
            for (int i = 0; i < 2; i++) yt[i] = y[i] + h * k3[i];
            for (int i = 0; i < 2; i++) k4[i] = a * yt[0] * (i == 0 ? 1 : 0) - b * yt[0] * yt[1] * (i == 0 ? 1 : -1) - (i == 1 ? a * 0.5 * yt[1] : 0);
            for (int i = 0; i < 2; i++) y[i] = y[i] + h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }

        return y[0] + 2 * y[1];
    }

    /// <summary>Modified Gram–Schmidt on three 3-vectors (columns of a), then a weighted sum of the orthonormal basis.</summary>
    [Differentiable]
    public static double GramSchmidt(double[] a)
    {
        double[] q = new double[9];
        for (int k = 0; k < 9; k++)
        {
            q[k] = a[k];
        }

        for (int j = 0; j < 3; j++)
        {
            double norm = 0;
            for (int r = 0; r < 3; r++) norm += q[3 * j + r] * q[3 * j + r];
            norm = Math.Sqrt(norm);
            for (int r = 0; r < 3; r++) q[3 * j + r] = q[3 * j + r] / norm;
            for (int l = j + 1; l < 3; l++)
            {
                double dot = 0;
                for (int r = 0; r < 3; r++) dot += q[3 * j + r] * q[3 * l + r];
                for (int r = 0; r < 3; r++) q[3 * l + r] = q[3 * l + r] - dot * q[3 * j + r];
            }
        }

        double s = 0;
        for (int k = 0; k < 9; k++)
        {
            s += (k + 1) * q[k] * q[(k + 4) % 9];
        }

        return s;
    }
}

public sealed class ScratchArrayAlgorithmTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Runge_Kutta_steps_match_finite_differences(int steps)
    {
        double[] p = { 1.2, 0.7, 0.9, 0.4, 0.1 };
        Func<double[], double> f = q => ScratchArrayFns.RungeKutta(new[] { q[0], q[1] }, q[2], q[3], q[4], steps);
        var dY0 = new double[2];
        double dA = 0, dB = 0, dH = 0;
        double value = ScratchArrayFns.RungeKuttaGradient(new[] { p[0], p[1] }, p[2], p[3], p[4], steps, dY0, ref dA, ref dB, ref dH);
        Grad.SameValue(f(p), value, "value");
        Grad.Check(f, p, new[] { dY0[0], dY0[1], dA, dB, dH }, "RungeKutta " + steps);
    }

    [Fact]
    public void Gram_Schmidt_matches_finite_differences_and_its_Hessian_vector_product()
    {
        double[] a = { 1.0, 0.2, -0.3, 0.4, 1.1, 0.5, -0.2, 0.6, 0.9 };
        var dA = new double[9];
        ScratchArrayFns.GramSchmidtGradient(a, dA);
        Grad.Check(ScratchArrayFns.GramSchmidt, a, dA, "GramSchmidt");

        double[] v = { 0.3, -0.1, 0.2, 0.5, -0.4, 0.1, 0.2, 0.3, -0.6 };
        var g = new double[9];
        var hv = new double[9];
        ScratchArrayFns.GramSchmidtHessianVector(a, v, g, hv);
        Grad.CheckHessianVector(
            p =>
            {
                var gradient = new double[9];
                ScratchArrayFns.GramSchmidtGradient(p, gradient);
                return gradient;
            },
            a,
            v,
            hv,
            "GramSchmidt");
    }
}
