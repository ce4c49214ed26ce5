using Diff;

namespace Diff.Gradients.Tests;

/// <summary>Textbook algorithms written as their authors would: helpers that read a parameter array, and an array a loop reads and then overwrites.</summary>
public static partial class BufferArgumentFns
{
    // RK4 for a damped oscillator, the way a numerics textbook writes it
    [Differentiable]
    public static void Deriv(double[] y, double t, double[] p, double[] dydt)
    {
        dydt[0] = p[0] * y[1];
        dydt[1] = -p[1] * y[0] - p[2] * y[1] + Math.Sin(t);
    }

    [Differentiable]
    public static double Simulate(double[] p, double[] y0, int steps, double h)
    {
        double[] y = new double[2], k1 = new double[2], k2 = new double[2], k3 = new double[2], k4 = new double[2], tmp = new double[2];
        y[0] = y0[0]; y[1] = y0[1];
        double t = 0;
        for (int s = 0; s < steps; s++)
        {
            Deriv(y, t, p, k1);
            for (int i = 0; i < 2; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
            Deriv(tmp, t + 0.5 * h, p, k2);
            for (int i = 0; i < 2; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
            Deriv(tmp, t + 0.5 * h, p, k3);
            for (int i = 0; i < 2; i++) tmp[i] = y[i] + h * k3[i];
            Deriv(tmp, t + h, p, k4);
            for (int i = 0; i < 2; i++) y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            t += h;
        }
        return y[0] * y[0] + y[1];
    }

    // Helper reads a weight array; the caller later overwrites that same array in place.
    [Differentiable]
    public static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }

    [Differentiable]
    public static void AddScaled(double[] dst, double[] src, double s) { for (int i = 0; i < dst.Length; i++) dst[i] += s * src[i]; }

    [Differentiable]
    public static double PowerIteration(double[] w, double[] v0)
    {
        double[] v = new double[v0.Length];
        for (int i = 0; i < v.Length; i++) v[i] = v0[i];
        double lambda = 0;
        for (int it = 0; it < 5; it++)
        {
            double[] u = new double[v.Length];
            AddScaled(u, v, w[0]);
            AddScaled(u, w, Dot(v, w));
            lambda = Dot(u, v) / Dot(v, v);
            double norm = Math.Sqrt(Dot(u, u));
            for (int i = 0; i < v.Length; i++) v[i] = u[i] / norm;
            w[it % w.Length] = w[it % w.Length] * 0.9 + v[0];
        }
        return lambda;
    }
}

public sealed class BufferArgumentTests
{
    [Fact]
    public void Runge_Kutta_with_a_helper_that_reads_the_parameters_matches_finite_differences()
    {
        double[] p = { 1.0, 0.7, 0.2 }, y0 = { 0.5, -0.3 };
        double[] dP = new double[3], dY0 = new double[2];
        double dH = 0;
        BufferArgumentFns.SimulateGradient(p, y0, 20, 0.1, dP, dY0, ref dH);
        Grad.Check(z => BufferArgumentFns.Simulate(new[] { z[0], z[1], z[2] }, new[] { z[3], z[4] }, 20, z[5]), new[] { 1.0, 0.7, 0.2, 0.5, -0.3, 0.1 }, new[] { dP[0], dP[1], dP[2], dY0[0], dY0[1], dH }, "RK4");

        // Its parameters are read-only for every call, so the caller passes them as they are: the tangent still agrees.
        double value = BufferArgumentFns.SimulateTangent(p, y0, 20, 0.1, new[] { 0.3, -0.2, 0.5 }, new[] { 0.1, 0.4 }, 0.0, out double tangent);
        Assert.Equal(BufferArgumentFns.Simulate(p, y0, 20, 0.1), value);
        Assert.Equal(dP[0] * 0.3 - dP[1] * 0.2 + dP[2] * 0.5 + dY0[0] * 0.1 + dY0[1] * 0.4, tangent, 12);
    }

    [Fact]
    public void Power_iteration_that_overwrites_an_array_its_helpers_read_matches_finite_differences()
    {
        double[] w = { 0.8, -0.4, 0.3 }, v0 = { 1.0, 0.5, -0.2 };
        var dW = new double[3];
        var dV = new double[3];
        BufferArgumentFns.PowerIterationGradient((double[])w.Clone(), v0, dW, dV);
        Grad.Check(z => BufferArgumentFns.PowerIteration(new[] { z[0], z[1], z[2] }, new[] { z[3], z[4], z[5] }), new[] { 0.8, -0.4, 0.3, 1.0, 0.5, -0.2 }, new[] { dW[0], dW[1], dW[2], dV[0], dV[1], dV[2] }, "power iteration");
    }
}
