using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Local arrays swapped as time-stepping code swaps its current and next state (<c>(cur, nxt) = (nxt, cur)</c>, or
/// through a temporary), and a local array created again with its length. Each gradient is checked against finite
/// differences, each tangent against the gradient, and one Hessian-vector product against differences of the gradient.
/// </summary>
public static partial class BufferSwapFns
{
    /// <summary>Explicit Euler steps of the heat equation, the two states swapped by a tuple.</summary>
    [Differentiable]
    public static double Heat(double[] u0, int steps)
    {
        int n = u0.Length;
        double[] cur = new double[n], nxt = new double[n];
        for (int i = 0; i < n; i++)
        {
            cur[i] = u0[i];
        }

        for (int s = 0; s < steps; s++)
        {
            for (int i = 1; i < n - 1; i++)
            {
                nxt[i] = cur[i] + 0.1 * (cur[i - 1] - 2 * cur[i] + cur[i + 1]) + 0.05 * Math.Sin(cur[i]);
            }

            nxt[0] = cur[0];
            nxt[n - 1] = cur[n - 1];
            (cur, nxt) = (nxt, cur);
        }

        double r = 0;
        for (int i = 0; i < n; i++)
        {
            r += cur[i] * cur[i] + 0.5 * nxt[i];
        }

        return r;
    }

    /// <summary>The same steps with a diffusion coefficient, a copied initial state and the swap through a temporary.</summary>
    [Differentiable]
    public static double HeatThroughTemporary(double[] u0, double k, int steps)
    {
        var cur = (double[])u0.Clone();
        var nxt = new double[u0.Length];
        int n = u0.Length;
        for (int s = 0; s < steps; s++)
        {
            for (int i = 1; i < n - 1; i++)
            {
                nxt[i] = cur[i] + k * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
            }

            nxt[0] = cur[0] * k;
            nxt[n - 1] = cur[n - 1];
            var tmp = cur;
            cur = nxt;
            nxt = tmp;
        }

        return cur[1] * cur[n - 2] + nxt[2];
    }

    /// <summary>
    /// A three-level scheme (the wave equation) rotating its previous, current and next states through a temporary:
    /// two element swaps, in order.
    /// </summary>
    [Differentiable]
    public static double WaveRotation(double[] u0, double c2, int steps)
    {
        int n = u0.Length;
        double[] prev = new double[n], cur = new double[n], next = new double[n];
        for (int i = 0; i < n; i++)
        {
            prev[i] = u0[i];
            cur[i] = u0[i] * 1.1;
        }

        for (int t = 0; t < steps; t++)
        {
            for (int i = 1; i < n - 1; i++)
            {
                next[i] = 2 * cur[i] - prev[i] + c2 * (cur[i - 1] - 2 * cur[i] + cur[i + 1]);
            }

            var tmp = prev;
            prev = cur;
            cur = next;
            next = tmp;
        }

        double e = 0;
        for (int i = 0; i < n; i++)
        {
            e += cur[i] * cur[i] + 0.5 * prev[i] + 0.25 * next[i] * next[i];
        }

        return e;
    }

    /// <summary>Four buffers rotated through a temporary, each step then mixing the new first with the new last.</summary>
    [Differentiable]
    public static double FourWayRotation(double[] x, int steps)
    {
        int n = x.Length;
        double[] a = new double[n], b = new double[n], c = new double[n], d = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = x[i];
            b[i] = 2 * x[i];
            c[i] = x[i] * x[i];
            d[i] = Math.Sin(x[i]);
        }

        for (int k = 0; k < steps; k++)
        {
            var t = a;
            a = b;
            b = c;
            c = d;
            d = t;
            for (int i = 0; i < n; i++)
            {
                a[i] = a[i] * 0.9 + d[i] * d[i] * 0.1;
            }
        }

        return a[0] + 2 * b[1] + 3 * c[0] + 4 * d[1] * a[1];
    }

    /// <summary><c>stackalloc</c> scratch swapped through a temporary, with an early exit from the loop.</summary>
    [Differentiable]
    public static double SpanRecurrence(double[] x, int steps)
    {
        Span<double> a = stackalloc double[2];
        Span<double> b = stackalloc double[2];
        a[0] = x[0];
        a[1] = x[1];
        for (int s = 0; s < steps; s++)
        {
            b[0] = a[1];
            b[1] = a[0] * a[1] + Math.Cos(a[0]);
            var t = a;
            a = b;
            b = t;
            if (a[1] > 5)
            {
                break;
            }
        }

        return a[0] + 2 * a[1] + b[0] * b[1];
    }

    /// <summary>An accumulator created again on every step, as <c>acc = new double[n]</c>.</summary>
    [Differentiable]
    public static double Reset(double[] x, int steps)
    {
        int n = x.Length;
        double[] acc = new double[n];
        double r = 0;
        for (int s = 0; s < steps; s++)
        {
            acc = new double[n];
            for (int i = 0; i < n; i++)
            {
                acc[i] += x[i] * (s + 1) + (i > 0 ? acc[i - 1] : 0);
            }

            r += acc[n - 1] * acc[0];
        }

        return r + acc[1];
    }

    /// <summary>Swaps through a temporary in switch sections.</summary>
    [Differentiable]
    public static double SwapInSwitch(double[] x, int mode)
    {
        double[] a = new double[2], b = new double[2];
        a[0] = x[0];
        a[1] = x[1];
        b[0] = x[1] * x[1];
        b[1] = Math.Sin(x[0]);
        switch (mode)
        {
            case 0:
                var t = a;
                a = b;
                b = t;
                break;
            case 1:
                (a, b) = (b, a);
                a[0] *= 3;
                break;
            default:
                a[1] += b[0];
                break;
        }

        return a[0] * 2 + a[1] * b[0];
    }

    /// <summary>Float buffers swapped.</summary>
    [Differentiable]
    public static float FloatSwap(float[] x)
    {
        float[] a = new float[x.Length], b = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            a[i] = x[i] * x[i];
            b[i] = 2 * x[i];
        }

        (a, b) = (b, a);
        return a[0] * b[1];
    }

    /// <summary>A copy of the input and a new array of a length local equal to it, swapped by a tuple (Tapenade's heat kernel style).</summary>
    [Differentiable]
    public static double HeatFromCopy(double[] u0, int steps)
    {
        int n = u0.Length;
        double[] u = (double[])u0.Clone();
        double[] next = new double[n];
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                next[i] = u[i] + 0.1 * ((i > 0 ? u[i - 1] : 0.0) - 2 * u[i] + (i < n - 1 ? u[i + 1] : 0.0));
            }

            (u, next) = (next, u);
        }

        double e = 0;
        for (int i = 0; i < n; i++) e += u[i] * u[i] * u[i];
        return e;
    }

    /// <summary>
    /// A two-unit recurrent cell whose new state is a local array declared in the loop and handed on by
    /// <c>h = nh;</c>, as recurrent and time-stepping code writes it.
    /// </summary>
    [Differentiable]
    public static double HandedOnState(double[] w, int steps)
    {
        double[] h = new double[2];
        for (int t = 0; t < steps; t++)
        {
            double[] nh = new double[2];
            nh[0] = Math.Tanh(w[0] * h[0] + w[1] * h[1] + w[4] * (t + 1));
            nh[1] = Math.Tanh(w[2] * h[0] + w[3] * h[1] + w[4] * w[4]);
            h = nh;
        }

        return h[0] * h[1] + h[0];
    }

    [Differentiable]
    private static void Rates(double[] s, double k, double[] rates)
    {
        rates[0] = s[1];
        rates[1] = -k * s[0] - 0.1 * s[1] * s[1];
    }

    /// <summary>
    /// Euler steps whose rates come from a buffer-writing helper and whose next state, declared in the loop with the
    /// state's length local, is handed on; a step skipped by <c>continue</c> keeps the state.
    /// </summary>
    [Differentiable]
    public static double HandedOnEuler(double[] p, int steps)
    {
        int n = 2;
        double[] s = new double[n];
        s[0] = p[0];
        s[1] = p[1];
        for (int step = 0; step < steps; step++)
        {
            double[] rates = new double[n];
            Rates(s, p[2], rates);
            double[] next = new double[n];
            for (int i = 0; i < n; i++)
            {
                next[i] = s[i] + 0.05 * rates[i];
            }

            if (step == 1)
            {
                continue;
            }

            s = next;
        }

        return s[0] * s[0] + s[1];
    }

    /// <summary>Float state handed on.</summary>
    [Differentiable]
    public static float HandedOnFloat(float[] w)
    {
        float[] h = { 0.5f, -0.25f };
        for (int t = 0; t < 3; t++)
        {
            var nh = new float[2];
            nh[0] = w[0] * h[0] + w[1] * h[1] * h[1];
            nh[1] = w[1] * h[0];
            h = nh;
        }

        return h[0] + 2 * h[1];
    }
}

public sealed class BufferSwapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_copy_swapped_with_an_array_of_a_length_local_equal_to_it(int steps) =>
        Check(u => BufferSwapFns.HeatFromCopy(u, steps), (u, d) => BufferSwapFns.HeatFromCopyGradient(u, steps, d),
            (u, v, j) => { BufferSwapFns.HeatFromCopyTangent(u, steps, v, out j[0]); }, 5, "HeatFromCopy " + steps);

    private static void Check(Func<double[], double> f, Func<double[], double[], double> gradient, Action<double[], double[], double[]> tangent, int n, string name) =>
        BufferCopyTests.CheckScalar(f, gradient, tangent, n, name);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Heat_steps_with_the_states_swapped_by_a_tuple(int steps) =>
        Check(u => BufferSwapFns.Heat(u, steps), (u, d) => BufferSwapFns.HeatGradient(u, steps, d),
            (u, v, j) => { BufferSwapFns.HeatTangent(u, steps, v, out j[0]); }, 6, "Heat " + steps);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Heat_steps_with_the_states_swapped_through_a_temporary(int steps) =>
        Check(p => BufferSwapFns.HeatThroughTemporary(p[..6], p[6], steps),
            (p, d) =>
            {
                var dU = new double[6];
                double dK = 0;
                double value = BufferSwapFns.HeatThroughTemporaryGradient(p[..6], p[6], steps, dU, ref dK);
                dU.CopyTo(d, 0);
                d[6] = dK;
                return value;
            },
            (p, v, j) => { BufferSwapFns.HeatThroughTemporaryTangent(p[..6], p[6], steps, v[..6], v[6], out j[0]); }, 7, "HeatThroughTemporary " + steps);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void Stackalloc_states_swapped_through_a_temporary(int steps) =>
        Check(x => BufferSwapFns.SpanRecurrence(x, steps), (x, d) => BufferSwapFns.SpanRecurrenceGradient(x, steps, d),
            (x, v, j) => { BufferSwapFns.SpanRecurrenceTangent(x, steps, v, out j[0]); }, 2, "SpanRecurrence " + steps);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void An_accumulator_created_again_each_step(int steps) =>
        Check(x => BufferSwapFns.Reset(x, steps), (x, d) => BufferSwapFns.ResetGradient(x, steps, d),
            (x, v, j) => { BufferSwapFns.ResetTangent(x, steps, v, out j[0]); }, 5, "Reset " + steps);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Swaps_in_switch_sections(int mode) =>
        Check(x => BufferSwapFns.SwapInSwitch(x, mode), (x, d) => BufferSwapFns.SwapInSwitchGradient(x, mode, d),
            (x, v, j) => { BufferSwapFns.SwapInSwitchTangent(x, mode, v, out j[0]); }, 2, "SwapInSwitch " + mode);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void States_rotated_through_a_temporary(int steps)
    {
        Check(p => BufferSwapFns.WaveRotation(p[..5], p[5], steps),
            (p, d) =>
            {
                var dU = new double[5];
                double dC = 0;
                double value = BufferSwapFns.WaveRotationGradient(p[..5], p[5], steps, dU, ref dC);
                dU.CopyTo(d, 0);
                d[5] = dC;
                return value;
            },
            (p, v, j) => { BufferSwapFns.WaveRotationTangent(p[..5], p[5], steps, v[..5], v[5], out j[0]); }, 6, "WaveRotation " + steps);
        Check(x => BufferSwapFns.FourWayRotation(x, steps), (x, d) => BufferSwapFns.FourWayRotationGradient(x, steps, d),
            (x, v, j) => { BufferSwapFns.FourWayRotationTangent(x, steps, v, out j[0]); }, 3, "FourWayRotation " + steps);

        double[] u = BufferCopyTests.Point(3, 5 + steps);
        double[] direction = BufferCopyTests.Point(3, 15 + steps);
        var hU = new double[3];
        BufferSwapFns.FourWayRotationHessianVector(u, steps, direction, new double[3], hU);
        Grad.CheckHessianVector(q => { var d = new double[3]; BufferSwapFns.FourWayRotationGradient(q, steps, d); return d; }, u, direction, hU, "FourWayRotation H·v");
    }

    [Fact]
    public void The_Hessian_vector_product_through_swaps()
    {
        double[] u = BufferCopyTests.Point(6, 3);
        double[] v = BufferCopyTests.Point(6, 13);
        var gU = new double[6];
        var hU = new double[6];
        BufferSwapFns.HeatHessianVector(u, 3, v, gU, hU);
        Grad.CheckHessianVector(q => { var d = new double[6]; BufferSwapFns.HeatGradient(q, 3, d); return d; }, u, v, hU, "Heat H·v");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void A_state_declared_in_the_loop_is_handed_on_by_assignment(int steps)
    {
        Check(w => BufferSwapFns.HandedOnState(w, steps), (w, d) => BufferSwapFns.HandedOnStateGradient(w, steps, d),
            (w, v, j) => { BufferSwapFns.HandedOnStateTangent(w, steps, v, out j[0]); }, 5, "HandedOnState " + steps);
        Check(p => BufferSwapFns.HandedOnEuler(p, steps), (p, d) => BufferSwapFns.HandedOnEulerGradient(p, steps, d),
            (p, v, j) => { BufferSwapFns.HandedOnEulerTangent(p, steps, v, out j[0]); }, 3, "HandedOnEuler " + steps);

        double[] w = BufferCopyTests.Point(5, 21 + steps);
        double[] direction = BufferCopyTests.Point(5, 31 + steps);
        var hW = new double[5];
        BufferSwapFns.HandedOnStateHessianVector(w, steps, direction, new double[5], hW);
        Grad.CheckHessianVector(q => { var d = new double[5]; BufferSwapFns.HandedOnStateGradient(q, steps, d); return d; }, w, direction, hW, "HandedOnState H·v");
    }

    [Fact]
    public void A_float_state_is_handed_on_by_assignment()
    {
        float[] w = { 0.9f, -0.4f };
        var dW = new float[2];
        float value = BufferSwapFns.HandedOnFloatGradient(w, dW);

        // Written out by hand: three steps of the recurrence from (0.5, −0.25), in double.
        double Value(double w0, double w1)
        {
            double h0 = 0.5, h1 = -0.25;
            for (int t = 0; t < 3; t++)
            {
                (h0, h1) = (w0 * h0 + w1 * h1 * h1, w1 * h0);
            }

            return h0 + 2 * h1;
        }

        const double Step = 1e-6;
        Assert.Equal(Value(w[0], w[1]), value, 5);
        Assert.Equal((Value(w[0] + Step, w[1]) - Value(w[0] - Step, w[1])) / (2 * Step), dW[0], 4);
        Assert.Equal((Value(w[0], w[1] + Step) - Value(w[0], w[1] - Step)) / (2 * Step), dW[1], 4);
    }

    [Fact]
    public void Float_buffers_swapped()
    {
        float[] x = { 0.3f, -0.7f, 1.1f };
        var dX = new float[3];
        float value = BufferSwapFns.FloatSwapGradient(x, dX);

        // a = 2x, b = x², so the value is 2·x0·x1², with ∂/∂x0 = 2·x1² and ∂/∂x1 = 4·x0·x1.
        Assert.Equal(2 * x[0] * x[1] * x[1], value, 5);
        Assert.Equal(2 * x[1] * x[1], dX[0], 5);
        Assert.Equal(4 * x[0] * x[1], dX[1], 5);
        Assert.Equal(0f, dX[2]);
    }
}
