using System.Linq;
using Diff;

namespace Diff.Gradients.Tests;

public static partial class ArrayFns
{
    /// <summary>A local array declared inside a loop: its adjoint is allocated once, not on every reverse trip.</summary>
    [Differentiable]
    public static double LoopDeclaredArray(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double[] t = new double[4];
            for (int k = 0; k < 4; k++) t[k] = x[i] * (k + 1);
            s += t[0] * t[3] - t[1] * t[2] + Math.Sin(t[1]);
        }

        return s;
    }

    [Differentiable]
    public static double Dot(double[] a, double[] b)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }

    [Differentiable]
    public static double SumOfSquaresTimes(double[] a, double x)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i];
        }
        return s * x;
    }

    [Differentiable]
    public static double IndexArithmetic(double[] a)
    {
        double s = 0.0;
        int n = a.Length;
        for (int i = 0; i + 1 < n; i++)
        {
            double d = a[i + 1] - a[i];
            s += d * d * a[n - 1 - i];
        }
        return s + a[0] * a[n - 1];
    }

    [Differentiable]
    public static double Horner(double[] c, double x)
    {
        double p = 0.0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            p = p * x + c[i];
        }
        return p;
    }

    /// <summary>A local array written once per element, then read.</summary>
    [Differentiable]
    public static double LocalArray(double[] a, double x)
    {
        int n = a.Length;
        var t = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = a[i] * x;
        }
        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            s += t[i] * t[i];
        }
        return s;
    }

    /// <summary>A local array updated in place from its previous element (prefix sums).</summary>
    [Differentiable]
    public static double PrefixProducts(double[] a, double x)
    {
        double[] t = new double[a.Length];
        t[0] = a[0];
        for (int i = 1; i < t.Length; i++)
        {
            t[i] = t[i - 1] * a[i] + x;
        }
        double s = 0.0;
        for (int i = 0; i < t.Length; i++)
        {
            s += Math.Sin(t[i]);
        }
        return s;
    }

    /// <summary>
    /// Each element is overwritten many times; the reverse sweep needs every overwritten value.
    /// </summary>
    [Differentiable]
    public static double InPlaceOverwrite(double[] a, double x, int steps)
    {
        int n = a.Length;
        double[] b = new double[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = a[i];
        }
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++)
            {
                b[i] = b[i] * b[i] + x;
            }
        }
        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            s += b[i];
        }
        return s;
    }

    /// <summary>Overwrites that mix neighbours (a stencil), so element order matters in the reverse sweep.</summary>
    [Differentiable]
    public static double Stencil(double[] a, double x, int steps)
    {
        int n = a.Length;
        double[] u = new double[n];
        for (int i = 0; i < n; i++)
        {
            u[i] = a[i];
        }
        for (int t = 0; t < steps; t++)
        {
            for (int i = 1; i < n; i++)
            {
                u[i] = u[i] + x * u[i - 1] * u[i];
            }
        }
        return u[n - 1];
    }

    [Differentiable]
    public static double LogSumExp(double[] a)
    {
        double m = a[0];
        for (int i = 1; i < a.Length; i++)
        {
            m = Math.Max(m, a[i]);
        }
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            s += Math.Exp(a[i] - m);
        }
        return m + Math.Log(s);
    }

    [Differentiable]
    public static double MatVecNorm(double[] m, double[] v, int rows)
    {
        int cols = v.Length;
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double acc = 0.0;
            for (int j = 0; j < cols; j++)
            {
                acc += m[i * cols + j] * v[j];
            }
            y[i] = acc;
        }
        double s = 0.0;
        for (int i = 0; i < rows; i++)
        {
            s += y[i] * y[i];
        }
        return Math.Sqrt(s);
    }

    [Differentiable]
    public static double SpanReduce(ReadOnlySpan<double> a, double x)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            s += Math.Exp(a[i] * x) / (1.0 + a[i] * a[i]);
        }
        return s;
    }

    [Differentiable]
    public static double TwoSpans(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            s += d * d * b[i];
        }
        return s;
    }

    [Differentiable]
    public static double NoDiffArray(double[] a, [NoDiff] double[] w)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            s += w[i] * a[i] * a[i];
        }
        return s;
    }

    // ----- void methods that write arrays: pullbacks -----

    /// <summary>y[i] = s * x[i]^2; y is only written.</summary>
    [Differentiable]
    public static void ScaleSquares(double[] x, double s, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = s * x[i] * x[i];
        }
    }

    /// <summary>y[i] += x[i]^2; the initial y flows through unchanged.</summary>
    [Differentiable]
    public static void AddSquaresInto(double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] += x[i] * x[i];
        }
    }

    /// <summary>In-place iteration of a parameter array: a[i] = a[i]^2 * 0.5 + x, repeated.</summary>
    [Differentiable]
    public static void IterateInPlace(double[] a, double x, int steps)
    {
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = a[i] * a[i] * 0.5 + x;
            }
        }
    }

    /// <summary>Two outputs, and an element read after it was overwritten.</summary>
    [Differentiable]
    public static void TwoOutputs(double[] x, double[] sum, double[] prod)
    {
        for (int i = 0; i < x.Length; i++)
        {
            sum[i] = x[i] + sum[i];
            prod[i] = prod[i] * sum[i];
        }
    }

    /// <summary>A helper that writes a buffer and one that reads one, each called on every trip of a loop.</summary>
    [Differentiable]
    public static double HelpersInALoop(double[] w, double[] state, int steps)
    {
        double total = 0.0;
        for (int t = 0; t < steps; t++)
        {
            Step(w, state);
            total += Energy(state);
        }

        return total;
    }

    /// <summary>A flag computed on each trip and passed to a helper: recorded for the helper's pullback.</summary>
    [Differentiable]
    public static double FlagsInALoop(double[] w, double[] state, int steps)
    {
        double total = 0.0;
        for (int t = 0; t < steps; t++)
        {
            bool damp = state[t % state.Length] > 0.2;
            Damped(w, state, damp);
            total += Energy(state);
        }

        return total;
    }

    [Differentiable]
    public static void Damped(double[] w, double[] state, bool damp)
    {
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = damp ? 0.5 * Math.Tanh(w[i] * state[i]) : Math.Sin(w[i] + state[i]);
        }
    }

    [Differentiable]
    public static void Step(double[] w, double[] state)
    {
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = Math.Tanh(w[i] * state[i] + 0.1);
        }
    }

    [Differentiable]
    public static double Energy(double[] state)
    {
        double e = 0.0;
        for (int i = 0; i < state.Length; i++)
        {
            e += state[i] * state[i];
        }

        return e;
    }

    [Differentiable]
    public static void SpanSquares(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] * x[i] + Math.Sin(x[i]);
        }
    }
}

public class ArrayTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    public void A_flag_computed_in_a_loop_is_recorded_for_the_helpers_pullback(int steps)
    {
        double[] w = Enumerable.Range(0, 5).Select(i => 0.4 + 0.2 * i).ToArray();
        double[] state = Enumerable.Range(0, 5).Select(i => Math.Cos(1.3 * i)).ToArray();
        double[] dW = new double[w.Length];
        double value = ArrayFns.FlagsInALoopGradient(w, (double[])state.Clone(), steps, dW, new double[state.Length]);
        Grad.SameValue(ArrayFns.FlagsInALoop(w, (double[])state.Clone(), steps), value, "FlagsInALoop");
        Grad.Check(p => ArrayFns.FlagsInALoop(p, (double[])state.Clone(), steps), w, dW, $"FlagsInALoop({steps})");
    }

    [Fact]
    public void Helper_calls_in_a_loop_reuse_their_scratch_arrays()
    {
        const int steps = 100;
        double[] w = Enumerable.Range(0, 8).Select(i => 0.3 + 0.1 * i).ToArray();
        double[] state = Enumerable.Range(0, 8).Select(i => Math.Cos(i)).ToArray();
        Grad.Check(p => ArrayFns.HelpersInALoop(p, (double[])state.Clone(), steps), w, Gradient(w), "HelpersInALoop");
        for (int warm = 0; warm < 3; warm++)
        {
            Gradient(w);
        }

        // Each trip's reverse sweep rebuilds the state that Step overwrote and takes Energy's adjoint vector: one
        // array of each per call site for the whole gradient, not one per trip (100 trips would be 16 KB or more).
        double[] dW = new double[w.Length], dState = new double[state.Length], s = (double[])state.Clone();
        long before = GC.GetAllocatedBytesForCurrentThread();
        ArrayFns.HelpersInALoopGradient(w, s, steps, dW, dState);
        long gradient = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(gradient < 2048, $"gradient {gradient} B");

        double[] Gradient(double[] weights)
        {
            double[] d = new double[weights.Length];
            ArrayFns.HelpersInALoopGradient(weights, (double[])state.Clone(), steps, d, new double[state.Length]);
            return d;
        }
    }

    [Fact]
    public void A_local_array_declared_in_a_loop_gets_its_adjoint_storage_once()
    {
        double[] x = Enumerable.Range(0, 200).Select(i => Math.Sin(i)).ToArray();
        double[] dX = new double[x.Length];
        Grad.Check(p => ArrayFns.LoopDeclaredArray(p), x, Gradient(x), "LoopDeclaredArray");
        for (int warm = 0; warm < 3; warm++) ArrayFns.LoopDeclaredArrayGradient(x, dX);

        // The objective allocates its 200 arrays; the gradient allocates those again in its forward sweep and
        // one adjoint of length 4, reused on every reverse trip (not 200 more arrays).
        long before = GC.GetAllocatedBytesForCurrentThread();
        ArrayFns.LoopDeclaredArray(x);
        long objective = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        ArrayFns.LoopDeclaredArrayGradient(x, dX);
        long gradient = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(gradient - objective < 1024, $"objective {objective} B, gradient {gradient} B");

        static double[] Gradient(double[] x)
        {
            double[] d = new double[x.Length];
            ArrayFns.LoopDeclaredArrayGradient(x, d);
            return d;
        }
    }

    [Fact]
    public void Dot()
    {
        var r = new System.Random(20);
        double[] a = Pts.Vector(r, 5, -2, 2), b = Pts.Vector(r, 5, -2, 2);
        double[] dA = new double[5], dB = new double[5];
        double v = ArrayFns.DotGradient(a, b, dA, dB);
        Grad.SameValue(ArrayFns.Dot(a, b), v, "Dot");
        Grad.Check(p => ArrayFns.Dot(Fd.Slice(p, 0, 5), Fd.Slice(p, 5, 5)), Fd.Pack(a, b), Fd.Pack(dA, dB), "Dot");
        Grad.Close(Fd.Pack(b, a), Fd.Pack(dA, dB), 1e-12, 1e-15, "Dot exact");
    }

    [Fact]
    public void SumOfSquaresTimes()
    {
        var r = new System.Random(21);
        double[] a = Pts.Vector(r, 6, -2, 2);
        double[] dA = new double[6];
        double dX = 0;
        double v = ArrayFns.SumOfSquaresTimesGradient(a, 1.7, dA, ref dX);
        Grad.SameValue(ArrayFns.SumOfSquaresTimes(a, 1.7), v, "SumOfSquaresTimes");
        Grad.Check(p => ArrayFns.SumOfSquaresTimes(Fd.Slice(p, 0, 6), p[6]), Fd.Pack(a, 1.7), Fd.Pack(dA, dX), "SumOfSquaresTimes");
    }

    [Fact]
    public void IndexArithmetic()
    {
        var r = new System.Random(22);
        double[] a = Pts.Vector(r, 7, -2, 2);
        double[] dA = new double[7];
        double v = ArrayFns.IndexArithmeticGradient(a, dA);
        Grad.SameValue(ArrayFns.IndexArithmetic(a), v, "IndexArithmetic");
        Grad.Check(p => ArrayFns.IndexArithmetic(p), a, dA, "IndexArithmetic");
    }

    [Fact]
    public void Horner()
    {
        var r = new System.Random(23);
        double[] c = Pts.Vector(r, 6, -2, 2);
        double[] dC = new double[6];
        double dX = 0;
        double v = ArrayFns.HornerGradient(c, 0.9, dC, ref dX);
        Grad.SameValue(ArrayFns.Horner(c, 0.9), v, "Horner");
        Grad.Check(p => ArrayFns.Horner(Fd.Slice(p, 0, 6), p[6]), Fd.Pack(c, 0.9), Fd.Pack(dC, dX), "Horner");
    }

    [Fact]
    public void LocalArray()
    {
        var r = new System.Random(24);
        double[] a = Pts.Vector(r, 5, -2, 2);
        double[] dA = new double[5];
        double dX = 0;
        double v = ArrayFns.LocalArrayGradient(a, -0.7, dA, ref dX);
        Grad.SameValue(ArrayFns.LocalArray(a, -0.7), v, "LocalArray");
        Grad.Check(p => ArrayFns.LocalArray(Fd.Slice(p, 0, 5), p[5]), Fd.Pack(a, -0.7), Fd.Pack(dA, dX), "LocalArray");
    }

    [Fact]
    public void PrefixProducts()
    {
        var r = new System.Random(25);
        double[] a = Pts.Vector(r, 6, -1.2, 1.2);
        double[] dA = new double[6];
        double dX = 0;
        double v = ArrayFns.PrefixProductsGradient(a, 0.3, dA, ref dX);
        Grad.SameValue(ArrayFns.PrefixProducts(a, 0.3), v, "PrefixProducts");
        Grad.Check(p => ArrayFns.PrefixProducts(Fd.Slice(p, 0, 6), p[6]), Fd.Pack(a, 0.3), Fd.Pack(dA, dX), "PrefixProducts");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void InPlaceOverwriteInsideLoop(int steps)
    {
        var r = new System.Random(26);
        double[] a = Pts.Vector(r, 4, -0.5, 0.5);
        double x = 0.1;
        double[] dA = new double[4];
        double dX = 0;
        double v = ArrayFns.InPlaceOverwriteGradient(a, x, steps, dA, ref dX);
        Grad.SameValue(ArrayFns.InPlaceOverwrite(a, x, steps), v, "InPlaceOverwrite");
        Grad.Check(p => ArrayFns.InPlaceOverwrite(Fd.Slice(p, 0, 4), p[4], steps), Fd.Pack(a, x), Fd.Pack(dA, dX), $"InPlaceOverwrite(steps={steps})");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Stencil(int steps)
    {
        var r = new System.Random(27);
        double[] a = Pts.Vector(r, 5, 0.1, 0.9);
        double[] dA = new double[5];
        double dX = 0;
        double v = ArrayFns.StencilGradient(a, 0.3, steps, dA, ref dX);
        Grad.SameValue(ArrayFns.Stencil(a, 0.3, steps), v, "Stencil");
        Grad.Check(p => ArrayFns.Stencil(Fd.Slice(p, 0, 5), p[5], steps), Fd.Pack(a, 0.3), Fd.Pack(dA, dX), $"Stencil(steps={steps})");
    }

    [Fact]
    public void LogSumExp()
    {
        var r = new System.Random(28);
        for (int k = 0; k < 5; k++)
        {
            double[] a = Pts.Vector(r, 6, -3, 3);
            double[] dA = new double[6];
            double v = ArrayFns.LogSumExpGradient(a, dA);
            Grad.SameValue(ArrayFns.LogSumExp(a), v, "LogSumExp");
            Grad.Check(ArrayFns.LogSumExp, a, dA, "LogSumExp");
        }
    }

    [Fact]
    public void MatVecNorm()
    {
        var r = new System.Random(29);
        double[] m = Pts.Vector(r, 12, -1, 1), vv = Pts.Vector(r, 4, -1, 1);
        double[] dM = new double[12], dV = new double[4];
        double v = ArrayFns.MatVecNormGradient(m, vv, 3, dM, dV);
        Grad.SameValue(ArrayFns.MatVecNorm(m, vv, 3), v, "MatVecNorm");
        Grad.Check(p => ArrayFns.MatVecNorm(Fd.Slice(p, 0, 12), Fd.Slice(p, 12, 4), 3), Fd.Pack(m, vv), Fd.Pack(dM, dV), "MatVecNorm");
    }

    [Fact]
    public void ReadOnlySpanParamWithSpanAdjoint()
    {
        var r = new System.Random(30);
        double[] a = Pts.Vector(r, 5, -1, 1);
        Span<double> dA = stackalloc double[5];
        dA.Clear();
        double dX = 0;
        double v = ArrayFns.SpanReduceGradient(a.AsSpan(), 0.8, dA, ref dX);
        Grad.SameValue(ArrayFns.SpanReduce(a, 0.8), v, "SpanReduce");
        Grad.Check(p => ArrayFns.SpanReduce(Fd.Slice(p, 0, 5), p[5]), Fd.Pack(a, 0.8), Fd.Pack(dA.ToArray(), dX), "SpanReduce");
    }

    [Fact]
    public void TwoSpans()
    {
        var r = new System.Random(31);
        double[] a = Pts.Vector(r, 4, -1, 1), b = Pts.Vector(r, 4, -1, 1);
        double[] dA = new double[4], dB = new double[4];
        double v = ArrayFns.TwoSpansGradient(a, b, dA, dB);
        Grad.SameValue(ArrayFns.TwoSpans(a, b), v, "TwoSpans");
        Grad.Check(p => ArrayFns.TwoSpans(Fd.Slice(p, 0, 4), Fd.Slice(p, 4, 4)), Fd.Pack(a, b), Fd.Pack(dA, dB), "TwoSpans");
    }

    [Fact]
    public void NoDiffArrayGetsNoAdjoint()
    {
        double[] a = { 0.5, -1.5, 2.0 }, w = { 1.0, 2.0, 3.0 };
        double[] dA = new double[3];
        double v = ArrayFns.NoDiffArrayGradient(a, w, dA);
        Grad.SameValue(ArrayFns.NoDiffArray(a, w), v, "NoDiffArray");
        Grad.Check(p => ArrayFns.NoDiffArray(p, w), a, dA, "NoDiffArray");
    }

    // ----- pullbacks -----

    [Fact]
    public void PullbackWriteOnlyOutput()
    {
        var r = new System.Random(40);
        const int n = 5;
        double[] x = Pts.Vector(r, n, -2, 2), y0 = Pts.Vector(r, n, -2, 2), w = Pts.Vector(r, n, -1, 1);
        double s = 1.3;

        // S(x, s, y) = sum_i w_i * y_final_i
        Func<double[], double> objective = p =>
        {
            double[] xx = Fd.Slice(p, 0, n), yy = Fd.Slice(p, n + 1, n);
            ArrayFns.ScaleSquares(xx, p[n], yy);
            double acc = 0;
            for (int i = 0; i < n; i++) acc += w[i] * yy[i];
            return acc;
        };

        double[] dX = new double[n], dY = (double[])w.Clone();
        double dS = 0;
        ArrayFns.ScaleSquaresPullback(x, s, (double[])y0.Clone(), dX, ref dS, dY);
        Grad.Check(objective, Fd.Pack(x, s, y0), Fd.Pack(dX, dS, dY), "ScaleSquaresPullback");
    }

    [Fact]
    public void PullbackPerformsTheWrites()
    {
        double[] x = { 0.5, -1.0, 2.0 };
        double[] yExpected = new double[3], yActual = { 9.0, 9.0, 9.0 };
        ArrayFns.ScaleSquares(x, 2.0, yExpected);
        double[] dX = new double[3], dY = { 1.0, 1.0, 1.0 };
        double dS = 0;
        ArrayFns.ScaleSquaresPullback(x, 2.0, yActual, dX, ref dS, dY);
        Grad.SameArray(yExpected, yActual, "ScaleSquaresPullback output");
    }

    [Fact]
    public void PullbackAccumulatingOutput()
    {
        var r = new System.Random(41);
        const int n = 4;
        double[] x = Pts.Vector(r, n, -2, 2), y0 = Pts.Vector(r, n, -2, 2), w = Pts.Vector(r, n, -1, 1);
        Func<double[], double> objective = p =>
        {
            double[] xx = Fd.Slice(p, 0, n), yy = Fd.Slice(p, n, n);
            ArrayFns.AddSquaresInto(xx, yy);
            double acc = 0;
            for (int i = 0; i < n; i++) acc += w[i] * yy[i];
            return acc;
        };
        double[] dX = new double[n], dY = (double[])w.Clone();
        ArrayFns.AddSquaresIntoPullback(x, (double[])y0.Clone(), dX, dY);
        Grad.Check(objective, Fd.Pack(x, y0), Fd.Pack(dX, dY), "AddSquaresIntoPullback");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void PullbackInPlaceIteration(int steps)
    {
        var r = new System.Random(42);
        const int n = 4;
        double[] a0 = Pts.Vector(r, n, -0.8, 0.8), w = Pts.Vector(r, n, -1, 1);
        double x = 0.2;
        Func<double[], double> objective = p =>
        {
            double[] aa = Fd.Slice(p, 0, n);
            ArrayFns.IterateInPlace(aa, p[n], steps);
            double acc = 0;
            for (int i = 0; i < n; i++) acc += w[i] * aa[i];
            return acc;
        };
        double[] dA = (double[])w.Clone();
        double dX = 0;
        ArrayFns.IterateInPlacePullback((double[])a0.Clone(), x, steps, dA, ref dX);
        Grad.Check(objective, Fd.Pack(a0, x), Fd.Pack(dA, dX), $"IterateInPlacePullback(steps={steps})");
    }

    [Fact]
    public void PullbackTwoOutputs()
    {
        var r = new System.Random(43);
        const int n = 3;
        double[] x = Pts.Vector(r, n, -2, 2), sum0 = Pts.Vector(r, n, -2, 2), prod0 = Pts.Vector(r, n, -2, 2);
        double[] wSum = Pts.Vector(r, n, -1, 1), wProd = Pts.Vector(r, n, -1, 1);
        Func<double[], double> objective = p =>
        {
            double[] xx = Fd.Slice(p, 0, n), ss = Fd.Slice(p, n, n), pp = Fd.Slice(p, 2 * n, n);
            ArrayFns.TwoOutputs(xx, ss, pp);
            double acc = 0;
            for (int i = 0; i < n; i++) acc += wSum[i] * ss[i] + wProd[i] * pp[i];
            return acc;
        };
        double[] dX = new double[n], dSum = (double[])wSum.Clone(), dProd = (double[])wProd.Clone();
        ArrayFns.TwoOutputsPullback(x, (double[])sum0.Clone(), (double[])prod0.Clone(), dX, dSum, dProd);
        Grad.Check(objective, Fd.Pack(x, sum0, prod0), Fd.Pack(dX, dSum, dProd), "TwoOutputsPullback");
    }

    [Fact]
    public void PullbackWithSpans()
    {
        var r = new System.Random(44);
        const int n = 4;
        double[] x = Pts.Vector(r, n, -2, 2), y0 = Pts.Vector(r, n, -2, 2), w = Pts.Vector(r, n, -1, 1);
        Func<double[], double> objective = p =>
        {
            double[] xx = Fd.Slice(p, 0, n), yy = Fd.Slice(p, n, n);
            ArrayFns.SpanSquares(xx, yy);
            double acc = 0;
            for (int i = 0; i < n; i++) acc += w[i] * yy[i];
            return acc;
        };
        double[] dX = new double[n], dY = (double[])w.Clone();
        double[] y = (double[])y0.Clone();
        ArrayFns.SpanSquaresPullback(x, y, dX.AsSpan(), dY.AsSpan());
        Grad.Check(objective, Fd.Pack(x, y0), Fd.Pack(dX, dY), "SpanSquaresPullback");
    }
}
