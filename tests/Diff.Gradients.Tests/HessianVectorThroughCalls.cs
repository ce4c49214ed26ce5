using System.Linq;
using Diff;

namespace Diff.Gradients.Tests;

/// <summary>
/// Functions whose Hessian-vector products go through calls of methods that write buffers: each such call is
/// differentiated forward over reverse through the callee's <c>…Tangent</c> (in the forward sweep) and its
/// <c>…PullbackHessianVector</c> (in the reverse sweep).
/// </summary>
public static partial class HessianCallFns
{
    /// <summary>Writes its output from a read-only input and a scalar.</summary>
    [Differentiable]
    public static void Squash(double[] x, double s, double[] y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Math.Tanh(s * x[i]) + x[(i + 1) % x.Length] * x[i];
        }
    }

    /// <summary>Updates a buffer in place, reading the values it overwrites.</summary>
    [Differentiable]
    public static void Decay(double[] y, double rate)
    {
        for (int i = 1; i < y.Length; i++)
        {
            y[i] = y[i] * Math.Exp(-rate * y[i - 1]);
        }
    }

    /// <summary>Returns a value and writes its buffer: callers go through its seeded pullback.</summary>
    [Differentiable]
    public static double Scale(double[] v, double factor)
    {
        double norm = 0;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = factor * v[i];
            norm += v[i] * v[i];
        }

        return Math.Sqrt(norm);
    }

    /// <summary>Calls all three, in a loop, on local buffers; the scalar arguments are varied.</summary>
    [Differentiable]
    public static double Chain(double[] x, double s, int rounds)
    {
        double[] y = new double[x.Length];
        double total = 0;
        for (int r = 0; r < rounds; r++)
        {
            Squash(x, s * (r + 1), y);
            Decay(y, 0.3 * s);
            double norm = Scale(y, 1 + 0.1 * s);
            total += norm * y[0] + Math.Sin(y[y.Length - 1]);
        }

        return total;
    }

    /// <summary>Calls two helpers that write buffers, on a scratch array of its own: the middle level.</summary>
    [Differentiable]
    public static void Twice(double[] a, double s, double[] b)
    {
        double[] tmp = new double[a.Length];
        Squash(a, s, tmp);
        Decay(tmp, s);
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = tmp[i] * tmp[(i + 1) % tmp.Length] - a[i];
        }
    }

    /// <summary>Three levels (Nested → Twice → Squash and Decay); its parameters are copied to locals, which the calls write.</summary>
    [Differentiable]
    public static double Nested(double[] x, double s)
    {
        double[] a = new double[x.Length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = x[i] * x[i];
        }

        double[] b = new double[x.Length];
        Twice(a, s, b);
        Twice(b, 0.5 * s, a);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Reads weights it is given, writes its state.</summary>
    [Differentiable]
    public static void Layer(double[] w, double[] state)
    {
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = Math.Tanh(w[i % w.Length] * state[i] + w[(i + 1) % w.Length]);
        }
    }

    /// <summary>Passes the weights on to <see cref="Layer"/>, twice: it never writes them.</summary>
    [Differentiable]
    public static void TwoLayers(double[] w, double[] state)
    {
        Layer(w, state);
        Layer(w, state);
    }

    /// <summary>Passes its parameter on to a method that writes it: it writes it too.</summary>
    [Differentiable]
    public static void ScaleThrough(double[] a, double s)
    {
        Scale(a, s);
    }

    /// <summary>
    /// Weights passed down two levels and only read there: its own parameter is not written, so it has a Hessian-vector
    /// product. Its local is passed down two levels to a method that writes it, and read again after.
    /// </summary>
    [Differentiable]
    public static double PassedDown(double[] w, double x)
    {
        double[] state = { x, 2 * x, x * x };
        TwoLayers(w, state);
        double before = state[0] * state[1];
        ScaleThrough(state, 1.5 + w[0]);
        return before + state[0] * state[2] + state[1];
    }

    /// <summary>A [NoDiff] buffer the callee writes: forward over reverse does not follow it, and says so.</summary>
    [Differentiable]
    public static double ThroughHeld(double x, [NoDiff] double[] scratch)
    {
        Fill(x, scratch);
        return scratch[0] * x;
    }

    /// <summary>A residual with a [NoDiff] offset table and a [NoDiff] scalar, as a pose-graph cost functor writes it.</summary>
    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void PoseResidual(double x, double yaw, [NoDiff] double[] offsets, [NoDiff] double yawOffset, double[] r)
    {
        r[0] = x * Math.Cos(yaw) - offsets[0];
        r[1] = x * Math.Sin(yaw) - offsets[1];
        r[2] = yaw - yawOffset;
    }

    /// <summary>Writes its [NoDiff] work buffer and reads it back.</summary>
    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void WithWork(double x, [NoDiff] double[] work, double[] r)
    {
        work[0] = work[0] + 1.0;
        r[0] = x * x * work[0];
        r[1] = Math.Exp(x * work[1]);
    }

    /// <summary>The residuals' sum of squares, each helper given a local [NoDiff] buffer that changes between the calls.</summary>
    [Differentiable]
    public static double PoseCost(double[] p)
    {
        double[] r = new double[3];
        double[] offsets = { 0.1, 0.2 };
        double cost = 0;
        for (int e = 0; e < 2; e++)
        {
            offsets[0] = 0.1 * e;
            PoseResidual(p[0], p[1], offsets, 0.3, r);
            cost += r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
        }

        double[] work = { 0.5, 0.25 };
        WithWork(p[0], work, r);
        WithWork(p[1], work, r);
        return cost + r[0] * r[1];
    }

    [Differentiable]
    public static void Fill(double x, double[] into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = x * (i + 1);
        }
    }
}

/// <summary>A determinant by expansion in minors, recursing on a bitmask of the columns left (as ADOL-C's detexam does).</summary>
public static partial class RecursiveDeterminantFns
{
    /// <summary>The minor of rows 0..k-1 and the columns in <paramref name="columns"/>; A is only read, through the recursion too.</summary>
    [Differentiable]
    public static double Minor(double[] a, int n, int k, int columns)
    {
        if (columns == 0)
        {
            return 1.0;
        }

        int at = (k - 1) * n;
        double sum = 0;
        int bit = 1;
        int sign = k % 2 == 1 ? 1 : -1;
        for (int i = 0; i < n; i++)
        {
            if ((columns & bit) != 0)
            {
                sum += columns == bit ? sign * a[at] : sign * a[at] * Minor(a, n, k - 1, columns - bit);
                sign = -sign;
            }

            at++;
            bit *= 2;
        }

        return sum;
    }
}

public sealed class HessianVectorThroughCallsTests
{
    /// <summary>H·v against central differences of the gradient along v, and the gradient against MGradient.</summary>
    private static void Check(Func<double[], double[]> gradient, Func<double[], double[], (double[] Gradient, double[] Product)> hessianVector, double[] point, double[] v, string what)
    {
        (double[] seenGradient, double[] product) = hessianVector(point, v);
        Grad.Close(gradient(point), seenGradient, 1e-12, 1e-12, what + " gradient");
        Grad.CheckHessianVector(gradient, point, v, product, what, step: 1e-5, relTol: 1e-5, absTol: 1e-6);
    }

    [Fact]
    public void A_recursive_method_that_only_reads_its_buffer_has_a_Hessian_vector_product()
    {
        double[] Gradient(double[] p)
        {
            var dA = new double[9];
            RecursiveDeterminantFns.MinorGradient(p, 3, 3, 7, dA);
            return dA;
        }

        (double[], double[]) HessianVector(double[] p, double[] v)
        {
            var dA = new double[9];
            var hvA = new double[9];
            double value = RecursiveDeterminantFns.MinorHessianVector(p, 3, 3, 7, v, dA, hvA);
            Assert.Equal(RecursiveDeterminantFns.Minor(p, 3, 3, 7), value, 12);
            return (dA, hvA);
        }

        double[] a = { 2, 1, 0.5, 1, 3, 1, 0.25, 1, 4 };
        // The determinant of a 3×3 matrix, expanded by hand.
        double expected = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
        Assert.Equal(expected, Math.Abs(RecursiveDeterminantFns.Minor(a, 3, 3, 7)), 12);
        Check(Gradient, HessianVector, a, new[] { 0.3, -0.2, 0.5, 0.1, 0.7, -0.4, 0.2, 0.6, -0.1 }, "Minor");
    }

    [Fact]
    public void Rk4_integration_through_helpers_that_write_buffers()
    {
        const int steps = 6;
        double[] Gradient(double[] p)
        {
            var dY0 = new double[2];
            double dK = 0;
            TextbookFns.IntegrateGradient(p[..2], p[2], steps, dY0, ref dK);
            return dY0.Append(dK).ToArray();
        }

        (double[], double[]) HessianVector(double[] p, double[] v)
        {
            var dY0 = new double[2];
            var hvY0 = new double[2];
            double dK = 0, hvK = 0;
            double value = TextbookFns.IntegrateHessianVector(p[..2], p[2], steps, v[..2], v[2], dY0, ref dK, hvY0, ref hvK);
            Assert.Equal(TextbookFns.Integrate(p[..2], p[2], steps), value, 12);
            return (dY0.Append(dK).ToArray(), hvY0.Append(hvK).ToArray());
        }

        Check(Gradient, HessianVector, new[] { 0.4, -0.3, 1.7 }, new[] { 0.6, -0.2, 0.9 }, "Integrate");
    }

    [Fact]
    public void Three_levels_of_calls_that_write_local_buffers()
    {
        double[] Gradient(double[] p)
        {
            var dX = new double[5];
            double dS = 0;
            HessianCallFns.NestedGradient(p[..5], p[5], dX, ref dS);
            return dX.Append(dS).ToArray();
        }

        (double[], double[]) HessianVector(double[] p, double[] v)
        {
            var dX = new double[5];
            var hvX = new double[5];
            double dS = 0, hvS = 0;
            double value = HessianCallFns.NestedHessianVector(p[..5], p[5], v[..5], v[5], dX, ref dS, hvX, ref hvS);
            Assert.Equal(HessianCallFns.Nested(p[..5], p[5]), value, 12);
            return (dX.Append(dS).ToArray(), hvX.Append(hvS).ToArray());
        }

        double[] direction = Enumerable.Range(0, 6).Select(i => Math.Cos(1.3 * i)).ToArray();
        Check(Gradient, HessianVector, new[] { 0.3, -0.5, 0.8, 0.1, -0.9, 0.7 }, direction, "Nested");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void In_place_updates_and_a_seeded_pullback_in_a_loop(int rounds)
    {
        double[] Gradient(double[] p)
        {
            var dX = new double[4];
            double dS = 0;
            HessianCallFns.ChainGradient(p[..4], p[4], rounds, dX, ref dS);
            return dX.Append(dS).ToArray();
        }

        (double[], double[]) HessianVector(double[] p, double[] v)
        {
            var dX = new double[4];
            var hvX = new double[4];
            double dS = 0, hvS = 0;
            double value = HessianCallFns.ChainHessianVector(p[..4], p[4], rounds, v[..4], v[4], dX, ref dS, hvX, ref hvS);
            Assert.Equal(HessianCallFns.Chain(p[..4], p[4], rounds), value, 12);
            return (dX.Append(dS).ToArray(), hvX.Append(hvS).ToArray());
        }

        Check(Gradient, HessianVector, new[] { 0.2, -0.7, 0.5, 1.1, 0.8 }, new[] { -0.3, 0.4, 0.9, 0.1, -0.6 }, "Chain");
    }

    [Fact]
    public void Weights_passed_down_to_helpers_that_only_read_them()
    {
        double[] Gradient(double[] p)
        {
            var dW = new double[3];
            double dX = 0;
            HessianCallFns.PassedDownGradient(p[..3], p[3], dW, ref dX);
            return dW.Append(dX).ToArray();
        }

        double[] point = { 0.4, -0.6, 0.9, 0.7 };
        Grad.Check(p => HessianCallFns.PassedDown(p[..3], p[3]), point, Gradient(point), "PassedDown");
        (double[], double[]) HessianVector(double[] p, double[] v)
        {
            var dW = new double[3];
            var hvW = new double[3];
            double dX = 0, hvX = 0;
            HessianCallFns.PassedDownHessianVector(p[..3], p[3], v[..3], v[3], dW, ref dX, hvW, ref hvX);
            return (dW.Append(dX).ToArray(), hvW.Append(hvX).ToArray());
        }

        Check(Gradient, HessianVector, point, new[] { 0.5, 0.2, -0.8, 0.3 }, "PassedDown");
    }

    [Fact]
    public void A_parameter_passed_on_to_a_method_that_writes_it_counts_as_written()
    {
        double[] a = { 1.0, 2.0, 3.0 };
        double[] dA = { 1.0, 1.0, 1.0 };
        double dS = 0;

        // ScaleThrough writes a (through Scale): its pullback turns the final values' gradient into the initial
        // values' (2 each), where a buffer only read would accumulate (3 each).
        HessianCallFns.ScaleThroughPullback(a, 2.0, dA, ref dS);
        Assert.Equal(new[] { 2.0, 2.0, 2.0 }, dA);
        Assert.Equal(6.0, dS, 12);
    }

    [Fact]
    public void Helpers_given_local_NoDiff_buffers_have_a_Hessian_vector_product()
    {
        double[] Gradient(double[] p)
        {
            double[] g = new double[2];
            HessianCallFns.PoseCostGradient(p, g);
            return g;
        }

        (double[], double[]) HessianVector(double[] p, double[] v)
        {
            double[] g = new double[2], hv = new double[2];
            HessianCallFns.PoseCostHessianVector(p, v, g, hv);
            return (g, hv);
        }

        double[] point = { 0.3, 0.7 };
        double[] dP = new double[2];
        Grad.SameValue(HessianCallFns.PoseCost(point), HessianCallFns.PoseCostGradient(point, dP), "PoseCost");
        Grad.Check(HessianCallFns.PoseCost, point, dP, "PoseCost");
        Check(Gradient, HessianVector, point, new[] { 1.0, -0.5 }, "PoseCost");
        Check(Gradient, HessianVector, new[] { -0.8, 1.9 }, new[] { 0.25, 0.75 }, "PoseCost");
    }

    [Fact]
    public void A_NoDiff_buffer_the_callee_writes_is_refused_with_the_reason()
    {
        double dX = 0, hvX = 0;
        var error = Assert.Throws<NotSupportedException>(() => HessianCallFns.ThroughHeldHessianVector(0.5, new double[3], 1.0, ref dX, ref hvX));
        Assert.Contains("HessianVector is not available", error.Message);
    }
}
