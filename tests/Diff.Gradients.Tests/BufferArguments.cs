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

    // A [NoDiff] work array a helper fills with constants (quadrature weights) and the caller reads back, and one the
    // helpers only use as scratch, filling it before they read it.
    [Differentiable]
    public static double WeightedByPosition(double[] x, [NoDiff] double[] work)
    {
        double h = 1.0 / x.Length;
        for (int i = 0; i < x.Length; i++) work[i] = (i + 1) * h;
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += work[i] * x[i];
        return s;
    }

    [Differentiable]
    public static double SquaresThroughScratch(double[] x, [NoDiff] double[] work)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) { work[i] = x[i] * x[i]; s += work[i] * x[i]; }
        return s;
    }

    [Differentiable]
    public static double SharedWorkArray(double[] x)
    {
        var work = new double[x.Length];
        double s = WeightedByPosition(x, work);
        double t = SquaresThroughScratch(x, work);
        double u = SquaresThroughScratch(x, work);
        return s * t + u + work.Length;
    }

    /// <summary>Weights a helper fills with constants, read back by the caller (`h = 1.0 / x.Length` is a constant).</summary>
    [Differentiable]
    public static double ReadsBackConstantWeights(double[] x)
    {
        var work = new double[x.Length];
        double s = WeightedByPosition(x, work);
        return s * work[x.Length - 1] + work[0] * x[1];
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

    // CppAD's speed test mat_mul: z = x·x, one buffer given as both factors of a helper that writes only its product.
    [Differentiable]
    public static void Product(double[] a, double[] b, double[] c, int n)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++)
                {
                    sum += a[i * n + k] * b[k * n + j];
                }

                c[i * n + j] = sum;
            }
        }
    }

    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void ProductCalled(double[] a, double[] b, double[] c, int n) => Product(a, b, c, n);

    [Differentiable]
    public static double SquaredInlined(double[] x, int n)
    {
        double[] z = new double[n * n];
        Product(x, x, z, n);
        double s = 0;
        for (int i = 0; i < z.Length; i++) s += z[i] * z[i];
        return s;
    }

    [Differentiable]
    public static double SquaredCalled(double[] x, int n)
    {
        double[] z = new double[n * n];
        ProductCalled(x, x, z, n);
        double s = 0;
        for (int i = 0; i < z.Length; i++) s += z[i] * Math.Cos(z[i]);
        return s;
    }

    // Two slices of one buffer as the two factors: two inputs the helper only reads.
    [Differentiable]
    public static double SlicesMultiplied(double[] x)
    {
        double[] z = new double[4];
        ProductCalled(x[0..4], x[4..8], z, 2);
        double s = 0;
        for (int i = 0; i < z.Length; i++) s += z[i] * z[i] + x[i];
        return s;
    }

    [Differentiable]
    public static void SquareInto(double[] x, double[] y, int n) => ProductCalled(x, x, y, n);

    // The product's call is recorded; the caller then overwrites the factor the call read twice.
    [Differentiable]
    public static double SquaredThenOverwritten(double[] x, int n)
    {
        double[] z = new double[n * n];
        ProductCalled(x, x, z, n);
        for (int i = 0; i < x.Length; i++) x[i] = Math.Sin(z[i]);
        ProductCalled(x, x, z, n);
        double s = 0;
        for (int i = 0; i < z.Length; i++) s += z[i] * x[i];
        return s;
    }
}

public sealed class BufferArgumentTests
{
    [Fact]
    public void One_buffer_given_as_both_factors_a_helper_only_reads_is_differentiated()
    {
        var random = new System.Random(7);
        for (int trial = 0; trial < 3; trial++)
        {
            double[] x = Pts.Vector(random, 9, -1, 1);
            double[] v = Pts.Vector(random, 9, -1, 1);

            double[] dX = new double[9];
            Grad.SameValue(BufferArgumentFns.SquaredInlined(x, 3), BufferArgumentFns.SquaredInlinedGradient(x, 3, dX), "x·x inlined");
            Grad.Check(z => BufferArgumentFns.SquaredInlined(z, 3), x, dX, "x·x inlined");

            double[] start = (double[])x.Clone();
            double[] dCalled = new double[9];
            double[] work = (double[])start.Clone();
            Grad.SameValue(BufferArgumentFns.SquaredThenOverwritten((double[])start.Clone(), 3), BufferArgumentFns.SquaredThenOverwrittenGradient(work, 3, dCalled), "x·x called");
            Grad.Check(z => BufferArgumentFns.SquaredThenOverwritten((double[])z.Clone(), 3), start, dCalled, "x·x called");

            BufferArgumentFns.SquaredThenOverwrittenTangent((double[])start.Clone(), 3, (double[])v.Clone(), out double tangent);
            double expected = 0;
            for (int i = 0; i < 9; i++) expected += dCalled[i] * v[i];
            Grad.Close(expected, tangent, 1e-10, 1e-10, "x·x tangent");

            double[] dCalledOnce = new double[9];
            Grad.SameValue(BufferArgumentFns.SquaredCalled(start, 3), BufferArgumentFns.SquaredCalledGradient(start, 3, dCalledOnce), "x·x called once");
            Grad.Check(z => BufferArgumentFns.SquaredCalled(z, 3), start, dCalledOnce, "x·x called once");
            double[] hvCalled = new double[9];
            BufferArgumentFns.SquaredCalledHessianVector(start, 3, v, new double[9], hvCalled);
            Grad.CheckHessianVector(z => GradientOf(BufferArgumentFns.SquaredCalledGradient, z), start, v, hvCalled, "x·x called H·v");

            double[] eight = Pts.Vector(random, 8, -1, 1), dEight = new double[8];
            Grad.SameValue(BufferArgumentFns.SlicesMultiplied(eight), BufferArgumentFns.SlicesMultipliedGradient(eight, dEight), "two slices");
            Grad.Check(BufferArgumentFns.SlicesMultiplied, eight, dEight, "two slices");

            double[] jacobian = new double[81];
            BufferArgumentFns.SquareIntoJacobian(start, new double[9], 3, jacobian);
            for (int column = 0; column < 9; column++)
            {
                double[] plus = (double[])start.Clone(), minus = (double[])start.Clone(), yPlus = new double[9], yMinus = new double[9];
                plus[column] += 1e-6;
                minus[column] -= 1e-6;
                BufferArgumentFns.SquareInto(plus, yPlus, 3);
                BufferArgumentFns.SquareInto(minus, yMinus, 3);
                for (int row = 0; row < 9; row++)
                {
                    Grad.Close((yPlus[row] - yMinus[row]) / 2e-6, jacobian[row * 9 + column], 1e-6, 1e-8, "x·x Jacobian " + row + "," + column);
                }
            }

            // H·v where the method leaves its buffer as it was (one that writes it has no H·v).
            double[] hv = new double[9];
            BufferArgumentFns.SquaredInlinedHessianVector(start, 3, v, new double[9], hv);
            Grad.CheckHessianVector(z => GradientOf(BufferArgumentFns.SquaredInlinedGradient, z), start, v, hv, "x·x H·v");
        }

        static double[] GradientOf(Func<double[], int, double[], double> gradient, double[] z)
        {
            double[] g = new double[9];
            gradient(z, 3, g);
            return g;
        }
    }

    [Fact]
    public void A_NoDiff_work_array_filled_with_constants_or_used_as_scratch_is_shared_by_helper_calls()
    {
        // A helper that fills the array with values computed from x would be refused where the caller reads it back
        // (DiagnosticTests); constants and scratch space filled before it is read are what [NoDiff] is for.
        var random = new System.Random(11);
        for (int trial = 0; trial < 3; trial++)
        {
            double[] x = Pts.Vector(random, 5, -1, 1);
            double[] dX = new double[5];
            Grad.SameValue(BufferArgumentFns.SharedWorkArray(x), BufferArgumentFns.SharedWorkArrayGradient(x, dX), "shared work array");
            Grad.Check(BufferArgumentFns.SharedWorkArray, x, dX, "shared work array");
            dX = new double[5];
            Grad.SameValue(BufferArgumentFns.ReadsBackConstantWeights(x), BufferArgumentFns.ReadsBackConstantWeightsGradient(x, dX), "constant weights read back");
            Grad.Check(BufferArgumentFns.ReadsBackConstantWeights, x, dX, "constant weights read back");
        }
    }

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
