using System;
using System.Linq;
using System.Threading.Tasks;
using Diff;

namespace Diff.Gradients.Tests;

/// <summary>
/// Calls of buffer-writing methods, which a caller records once through the callee's Record/Reverse halves: chains
/// three deep, buffers overwritten between a call and its reverse, local arrays declared in loops, value-returning
/// helpers that write buffers, and a callee whose frame holds a span (it falls back to halves that run its pullback).
/// </summary>
public static partial class RecordedCallFns
{
    private static readonly int[] Rotation = { 1, 2, 0 };

    /// <summary>Overwrites its state; reads weights it never writes, at an offset from an integer argument.</summary>
    [Differentiable]
    public static void Cell(double[] w, int k, double[] state, double[] input)
    {
        int offset = 2 * k;
        for (int j = 0; j < state.Length; j++)
        {
            double gate = Math.Tanh(w[offset] * input[j] + w[offset + 1] * state[j]);
            state[j] = state[j] * gate + input[j];
        }
    }

    /// <summary>Calls <see cref="Cell"/> in a loop over a local array it overwrites after each call.</summary>
    [Differentiable]
    public static void Step(double[] w, int layers, double[] state, double[] input, double[] output)
    {
        double[] x = new double[input.Length];
        for (int j = 0; j < x.Length; j++)
        {
            x[j] = input[j] * w[2 * layers];
        }

        for (int k = 0; k < layers; k++)
        {
            Cell(w, k, state, x);
            for (int j = 0; j < x.Length; j++)
            {
                x[j] = Math.Sin(state[j]) + x[j] * w[2 * layers + 1];
            }
        }

        for (int j = 0; j < output.Length; j++)
        {
            output[j] = x[j] * state[j];
        }
    }

    /// <summary>Returns a value and writes its buffer: reversed through its seeded pullback's halves.</summary>
    [Differentiable]
    public static double Normalize(double[] v)
    {
        double sum = 0;
        for (int j = 0; j < v.Length; j++)
        {
            sum += v[j] * v[j];
        }

        double norm = Math.Sqrt(sum);
        for (int j = 0; j < v.Length; j++)
        {
            v[j] = v[j] / norm;
        }

        return norm;
    }

    /// <summary>Three levels deep: Objective → Step → Cell, with arrays declared inside the loop.</summary>
    [Differentiable]
    public static double Objective(double[] w, double[] initial, int steps)
    {
        double[] state = new double[initial.Length];
        for (int j = 0; j < state.Length; j++)
        {
            state[j] = initial[j];
        }

        double total = 0;
        for (int t = 0; t < steps; t++)
        {
            double[] input = new double[state.Length];
            for (int j = 0; j < input.Length; j++)
            {
                input[j] = Math.Cos(t + state[j]);
            }

            double[] output = new double[state.Length];
            Step(w, 2, state, input, output);
            double norm = Normalize(output);
            total += norm + output[0] * output[1];
        }

        return total;
    }

    /// <summary>Its reverse sweep reads a span local: no tape can keep the span, so its halves run its pullback.</summary>
    [Differentiable]
    public static void Rotate(double[] x, double[] y)
    {
        ReadOnlySpan<int> map = Rotation;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = y[i] * x[map[i]] + x[i];
        }
    }

    /// <summary>Calls <see cref="Rotate"/> twice on the same buffer, between which it is overwritten.</summary>
    [Differentiable]
    public static double RotateTwice(double[] x, double[] y)
    {
        Rotate(x, y);
        x[0] = x[0] * y[2];
        Rotate(x, y);
        return y[0] * y[1] + y[2] * x[1];
    }

    /// <summary>A straight-line leaf: callers reverse it through its gradient; its halves run it again.</summary>
    [Differentiable]
    public static double Dot3(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1] + Math.Sin(a[2] * b[2]);

    /// <summary>A value method with a loop whose frame holds a span: its reverse half runs its seeded adjoint again.</summary>
    [Differentiable]
    public static double GatherProduct(double[] x)
    {
        ReadOnlySpan<int> map = Rotation;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[map[i]] * Math.Exp(x[i]);
        }

        return s;
    }

    [Differentiable]
    public static double UseGatherProduct(double[] x, double y)
    {
        double t = GatherProduct(x) * y;
        x[1] = x[1] * t;
        return t * GatherProduct(x);
    }

    /// <summary>Float, and a call whose buffer argument the caller writes again before the call's reverse.</summary>
    [Differentiable]
    public static void ScaleInto(float[] a, float s, float[] into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = into[i] * s + a[i] * a[i];
        }
    }

    [Differentiable]
    public static float ScaleChain(float[] a, float s)
    {
        float[] work = new float[a.Length];
        ScaleInto(a, s, work);
        a[0] = a[0] * work[1];
        ScaleInto(a, s * s, work);
        return work[0] + work[1] * work[2];
    }
}

/// <summary>
/// Textbook code written as its authors write it: Numerical Recipes' fourth-order Runge–Kutta step (`derivs`
/// fills a buffer, `rk4` calls it three times over scratch arrays), and a least-squares fit through Horner's rule.
/// </summary>
/// <summary>A recorded call in a counted loop whose own pushes are counted: the callee pushes onto the same tapes.</summary>
public static partial class TapeRoomFns
{
    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double Early(double[] v, double s)
    {
        double acc = s;
        for (int k = 0; k < v.Length; k++)
        {
            acc = acc * v[k] * 0.5 + 1.0;
        }

        return acc;
    }

    [Differentiable]
    public static double Outer(double[] x, double a)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a = a / (2.0 + Math.Tanh(a * x[j]));
            }

            a += Early(x, Math.Log(a * a + 1.5));
        }

        return a;
    }
}

public static partial class TextbookFns
{
    [Differentiable]
    public static void Derivs(double t, double[] y, double k, double[] dydt)
    {
        dydt[0] = y[1];
        dydt[1] = -k * y[0] - 0.1 * y[1] + 0.05 * Math.Sin(t);
    }

    [Differentiable]
    public static void Rk4(double[] y, double[] dydx, int n, double x, double h, double k, double[] yout)
    {
        double hh = h * 0.5, h6 = h / 6.0, xh = x + hh;
        double[] dym = new double[n];
        double[] dyt = new double[n];
        double[] yt = new double[n];
        for (int i = 0; i < n; i++) yt[i] = y[i] + hh * dydx[i];
        Derivs(xh, yt, k, dyt);
        for (int i = 0; i < n; i++) yt[i] = y[i] + hh * dyt[i];
        Derivs(xh, yt, k, dym);
        for (int i = 0; i < n; i++)
        {
            yt[i] = y[i] + h * dym[i];
            dym[i] += dyt[i];
        }

        Derivs(x + h, yt, k, dyt);
        for (int i = 0; i < n; i++) yout[i] = y[i] + h6 * (dydx[i] + dyt[i] + 2.0 * dym[i]);
    }

    [Differentiable]
    public static double Integrate(double[] y0, double k, int steps)
    {
        double[] y = new double[2];
        double[] dydx = new double[2];
        double[] yout = new double[2];
        for (int i = 0; i < 2; i++) y[i] = y0[i];
        double x = 0.0, h = 0.1;
        for (int s = 0; s < steps; s++)
        {
            Derivs(x, y, k, dydx);
            Rk4(y, dydx, 2, x, h, k, yout);
            for (int i = 0; i < 2; i++) y[i] = yout[i];
            x += h;
        }

        return y[0] * y[0] + y[1];
    }

    [Differentiable]
    public static double Horner(double[] c, double x)
    {
        double r = 0.0;
        for (int i = c.Length - 1; i >= 0; i--) r = r * x + c[i];
        return r;
    }

    [Differentiable]
    public static double LeastSquares(double[] c, double[] xs, [NoDiff] double[] ys)
    {
        double s = 0.0;
        for (int i = 0; i < xs.Length; i++)
        {
            double e = Horner(c, xs[i]) - ys[i];
            s += e * e;
        }

        return s;
    }
}

public sealed class RecordedCalls
{
    [Fact]
    public void A_callee_that_pushes_in_a_loop_whose_room_was_reserved_does_not_overrun_the_tape()
    {
        // The room reserved before the loop counted only the caller's pushes; the callee's came on top of them.
        for (int n = 1; n <= 40; n++)
        {
            double[] x = Enumerable.Range(0, n).Select(i => 0.1 * (i % 7) - 0.3).ToArray();
            var dX = new double[n];
            double dA = 0;
            double value = TapeRoomFns.OuterGradient(x, 0.4, dX, ref dA);
            Assert.Equal(TapeRoomFns.Outer(x, 0.4), value, 12);
            if (n % 13 == 7)
            {
                Grad.Check(p => TapeRoomFns.Outer(p[..n], p[n]), [.. x, 0.4], [.. dX, dA], "Outer at n = " + n);
            }
        }
    }

    [Fact]
    public void Textbook_runge_kutta_through_its_helpers_matches_finite_differences()
    {
        double[] y0 = { 0.8, -0.3 };
        var dY0 = new double[2];
        double dK = 0;
        double value = TextbookFns.IntegrateGradient(y0, 1.7, 12, dY0, ref dK);
        Assert.Equal(TextbookFns.Integrate(y0, 1.7, 12), value, 12);
        Grad.Check(p => TextbookFns.Integrate(Fd.Slice(p, 0, 2), p[2], 12), Fd.Pack(y0, 1.7), Fd.Pack(dY0, dK), "Integrate");
    }

    [Fact]
    public void Textbook_least_squares_through_horner_matches_finite_differences()
    {
        double[] c = { 0.5, -1.2, 0.3, 0.07 };
        double[] xs = { -1.0, -0.3, 0.4, 1.1, 2.0 };
        double[] ys = { 0.2, 0.9, -0.4, 1.5, 0.1 };
        var dC = new double[4];
        var dXs = new double[5];
        double value = TextbookFns.LeastSquaresGradient(c, xs, ys, dC, dXs);
        Assert.Equal(TextbookFns.LeastSquares(c, xs, ys), value, 12);
        Grad.Check(p => TextbookFns.LeastSquares(Fd.Slice(p, 0, 4), Fd.Slice(p, 4, 5), ys), Fd.Pack(c, xs), Fd.Pack(dC, dXs), "LeastSquares");
    }

    private static readonly double[] W = { 0.3, -0.2, 0.5, 0.4, 0.7, -0.6 };
    private static readonly double[] Initial = { 0.2, -0.4, 0.9 };

    [Fact]
    public void A_three_level_chain_of_buffer_writing_calls_matches_finite_differences()
    {
        var dW = new double[W.Length];
        var dInitial = new double[Initial.Length];
        double value = RecordedCallFns.ObjectiveGradient(W, Initial, 3, dW, dInitial);
        Assert.Equal(RecordedCallFns.Objective(W, Initial, 3), value, 12);
        Grad.Check(p => RecordedCallFns.Objective(Fd.Slice(p, 0, 6), Fd.Slice(p, 6, 3), 3), Fd.Pack(W, Initial), Fd.Pack(dW, dInitial), "Objective");
    }

    [Fact]
    public void The_pullback_of_a_chain_agrees_with_its_recorded_halves()
    {
        // StepPullback runs Step and reverses it in one piece; StepRecord then StepReverse must give the same adjoints.
        double[] state = { 0.1, 0.5, -0.3 };
        double[] input = { 0.4, -0.2, 0.6 };
        double[] dOutput = { 1.0, -0.5, 0.25 };

        var whole = (dW: new double[W.Length], dState: new double[3], dInput: new double[3], dOutput: (double[])dOutput.Clone());
        double[] stateWhole = (double[])state.Clone();
        RecordedCallFns.StepPullback(W, 2, stateWhole, input, new double[3], whole.dW, whole.dState, whole.dInput, whole.dOutput);

        var halves = (dW: new double[W.Length], dState: new double[3], dInput: new double[3], dOutput: (double[])dOutput.Clone());
        double[] stateHalves = (double[])state.Clone();
        double[] output = new double[3];
        var tape = Diff.Internal.CallTape.Rent();
        RecordedCallFns.StepRecord(W, 2, stateHalves, input, output, tape);
        RecordedCallFns.StepReverse(W, 2, stateHalves, input, output, halves.dW, halves.dState, halves.dInput, halves.dOutput, tape);
        Assert.Equal(0, tape.DoubleCount);
        Assert.Equal(0, tape.IntegerCount);
        Diff.Internal.CallTape.Return(tape);

        Assert.Equal(stateWhole, stateHalves);
        Assert.Equal(whole.dW, halves.dW);
        Assert.Equal(whole.dState, halves.dState);
        Assert.Equal(whole.dInput, halves.dInput);
    }

    [Fact]
    public void A_callee_whose_frame_holds_a_span_falls_back_and_stays_correct()
    {
        double[] x = { 0.7, -0.3, 0.5 };
        double[] y = { 0.2, 0.9, -0.4 };
        var dX = new double[3];
        var dY = new double[3];
        double value = RecordedCallFns.RotateTwiceGradient((double[])x.Clone(), (double[])y.Clone(), dX, dY);
        Assert.Equal(RecordedCallFns.RotateTwice((double[])x.Clone(), (double[])y.Clone()), value, 12);
        Grad.Check(p => RecordedCallFns.RotateTwice(Fd.Slice(p, 0, 3), Fd.Slice(p, 3, 3)), Fd.Pack(x, y), Fd.Pack(dX, dY), "RotateTwice");
    }

    [Fact]
    public void A_float_callee_whose_arguments_change_between_calls_matches_finite_differences()
    {
        float[] a = { 0.3f, -0.8f, 0.45f };
        var dA = new float[3];
        float dS = 0;
        RecordedCallFns.ScaleChainGradient((float[])a.Clone(), 0.6f, dA, ref dS);
        Grad.CheckFloat(
            p =>
            {
                double[] work = new double[3];
                double[] aa = Fd.Slice(p, 0, 3);
                double s = p[3];
                for (int i = 0; i < 3; i++) work[i] = aa[i] * aa[i];
                aa[0] = aa[0] * work[1];
                for (int i = 0; i < 3; i++) work[i] = work[i] * s * s + aa[i] * aa[i];
                return work[0] + work[1] * work[2];
            },
            new double[] { 0.3, -0.8, 0.45, 0.6 },
            new[] { dA[0], dA[1], dA[2], dS },
            "ScaleChain");
    }

    [Fact]
    public void The_halves_of_a_leaf_and_of_a_fallback_give_the_seeded_gradient()
    {
        double[] a = { 0.4, -1.1, 0.9 };
        double[] b = { 1.3, 0.2, -0.7 };
        var dA = new double[3];
        var dB = new double[3];
        double value = RecordedCallFns.Dot3Gradient(a, b, dA, dB);

        var tape = Diff.Internal.CallTape.Rent();
        Assert.Equal(value, RecordedCallFns.Dot3Record(a, b, tape));
        var hA = new double[3];
        var hB = new double[3];
        RecordedCallFns.Dot3Reverse(a, b, 2.0, hA, hB, tape);
        Assert.Equal(dA.Select(v => 2 * v), hA);
        Assert.Equal(dB.Select(v => 2 * v), hB);

        var dX = new double[3];
        double gathered = RecordedCallFns.GatherProductGradient(a, dX);
        Assert.Equal(gathered, RecordedCallFns.GatherProductRecord(a, tape));
        var hX = new double[3];
        RecordedCallFns.GatherProductReverse(a, -0.5, hX, tape);
        Assert.Equal(dX.Select(v => -0.5 * v), hX);
        Assert.Equal(0, tape.DoubleCount);
        Diff.Internal.CallTape.Return(tape);
    }

    [Fact]
    public void A_caller_of_a_fallback_value_method_matches_finite_differences()
    {
        double[] x = { 0.3, -0.6, 0.45 };
        var dX = new double[3];
        double dY = 0;
        double value = RecordedCallFns.UseGatherProductGradient((double[])x.Clone(), 0.8, dX, ref dY);
        Assert.Equal(RecordedCallFns.UseGatherProduct((double[])x.Clone(), 0.8), value, 12);
        Grad.Check(p => RecordedCallFns.UseGatherProduct(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(x, 0.8), Fd.Pack(dX, dY), "UseGatherProduct");
    }

    [Fact]
    public void Gradients_through_recorded_calls_are_reentrant_across_threads()
    {
        double expected = RecordedCallFns.Objective(W, Initial, 2);
        var reference = new double[W.Length];
        RecordedCallFns.ObjectiveGradient(W, Initial, 2, reference, new double[3]);
        Parallel.For(0, 64, _ =>
        {
            var dW = new double[W.Length];
            double value = RecordedCallFns.ObjectiveGradient(W, Initial, 2, dW, new double[3]);
            Assert.Equal(expected, value);
            Assert.Equal(reference, dW);
        });
    }
}
