using System;
using System.Linq;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Slices of differentiable buffers passed to [Differentiable] helpers, as code ported from C passes <c>x + 1</c>:
/// <c>AsSpan</c> of an array, <c>Slice</c> of a span, ranges of both, helpers that read and helpers that write, inside
/// loops and in expression bodies. Each gradient is checked against finite differences and each tangent against
/// the gradient.
/// </summary>
public static partial class SliceArgumentFns
{
    [Differentiable]
    public static double SumSquares(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return s;
    }

    [Differentiable]
    public static void ScaleInPlace(Span<double> v, double factor)
    {
        for (int i = 0; i < v.Length; i++)
        {
            v[i] *= factor;
        }
    }

    /// <summary>A read-only helper given a middle slice, as an expression body.</summary>
    [Differentiable]
    public static double Middle(double[] x) => SumSquares(x.AsSpan(1, 3)) * x[0];

    /// <summary>Overlapping windows of one buffer, in a loop, summed with a weight: a moving energy.</summary>
    [Differentiable]
    public static double Windows(double[] x, int width)
    {
        double total = 0;
        for (int start = 0; start + width <= x.Length; start++)
        {
            double energy = SumSquares(x.AsSpan(start, width));
            total += energy * (start + 1);
        }

        return total;
    }

    /// <summary>Two read-only slices of one buffer in one statement: the first half's energy less the second's.</summary>
    [Differentiable]
    public static double Halves(double[] x, int n) => SumSquares(x.AsSpan(0, n)) - SumSquares(x.AsSpan(n, n)) * x[0];

    /// <summary>A helper that writes the tail of a local copy; the copy is read afterwards, slices of a span too.</summary>
    [Differentiable]
    public static double ScaledTail(ReadOnlySpan<double> x, double factor)
    {
        var work = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            work[i] = x[i];
        }

        ScaleInPlace(work.AsSpan(2), factor);
        ScaleInPlace(work.AsSpan(0, 1), factor * factor);
        double head = SumSquares(x.Slice(1, 2));
        return SumSquares(work) + head * work[3];
    }

    [Differentiable]
    public static double ScaleAndSum(Span<double> v, double factor)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] *= factor;
            s += v[i] * v[i];
        }

        return s;
    }

    /// <summary>A helper that writes its slice, called in a return: the slice is written back before the method returns.</summary>
    [Differentiable]
    public static double ReturnsThroughWriter(double[] x, double factor) => ScaleAndSum(x.AsSpan(1, 2), factor) * factor;

    /// <summary>Ranges: of an array (a copy, so the helper's writes are lost, as in C#) and of a span.</summary>
    [Differentiable]
    public static double Ranges(double[] x, double factor)
    {
        ScaleInPlace(x[1..3], factor);
        double copy = SumSquares(x[..2]);
        return copy + SpanRange(x, factor);
    }

    [Differentiable]
    public static void ScaleAdd(ReadOnlySpan<double> a, Span<double> b, double k)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = b[i] * k + a[i];
        }
    }

    /// <summary>A read-only slice of x and an element of x as a value, beside a written slice of y.</summary>
    [Differentiable]
    public static double SliceAndElement(double[] x, double[] y)
    {
        ScaleAdd(x.AsSpan(1..^1), y.AsSpan(1..^1), x[0]);
        return y[1] * y[2] + x[3];
    }

    /// <summary>All of a buffer, as x.AsSpan(), and its tail, both read, in one statement.</summary>
    [Differentiable]
    public static double WholeAndTail(double[] x) => SumSquares(x.AsSpan()) * SumSquares(x.AsSpan(2));

    /// <summary>Ranges with bounds counted from the end: <c>x[1..^1]</c>, <c>x[..^2]</c> as a local copy, <c>s[^3..]</c> of a span.</summary>
    [Differentiable]
    public static double FromTheEnd(double[] x, double factor)
    {
        double[] head = x[..^2];
        head[0] *= factor;
        SpanRange(x.AsSpan(), factor);
        return SumSquares(x[1..^1]) * x[^1] + head[0] * head[^1] + TailEnergy(x);
    }

    [Differentiable]
    public static double TailEnergy(ReadOnlySpan<double> s) => SumSquares(s[^3..]);

    /// <summary>A slice's sum assigned inside an if's condition, as C code tests <c>(ax = fabs(…)) &lt; c</c>.</summary>
    [Differentiable]
    public static double SliceInCondition(double[] x)
    {
        double s = 0.0;
        double ax;
        if ((ax = Math.Abs(SumSquares(x.AsSpan(1, 2)) - 1.0)) < 0.5) s += ax * ax; else s -= ax * x[0];
        return s;
    }

    /// <summary>A range of a span parameter, which the helper writes through.</summary>
    [Differentiable]
    public static double SpanRange(Span<double> all, double factor)
    {
        ScaleInPlace(all[2..], factor);
        return SumSquares(all);
    }

    /// <summary>A helper kept a call, writing its output span, given a slice of a [NoDiff] span.</summary>
    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void WeightedInto(ReadOnlySpan<double> b, [NoDiff] ReadOnlySpan<double> w, Span<double> o)
    {
        for (int i = 0; i < o.Length; i++)
        {
            o[i] += b[i] * w[i];
        }
    }

    /// <summary>Its caller, whose reverse half runs its whole adjoint again (it writes no buffer of its own).</summary>
    [Differentiable]
    public static double ProductOfWeighted(ReadOnlySpan<double> b, [NoDiff] ReadOnlySpan<double> w)
    {
        double[] t = new double[b.Length];
        WeightedInto(b, w.Slice(1, 2), t.AsSpan(0, 2));
        return t[0] * t[1] + b[2];
    }

    /// <summary>A caller of that caller, which uses its halves.</summary>
    [Differentiable]
    public static double TwiceProductOfWeighted(double[] b, [NoDiff] double[] w) => 2 * ProductOfWeighted(b, w) + b[0];

    /// <summary>A tanh layer writing its output span: y = tanh(W x).</summary>
    [Differentiable]
    public static void TanhLayer(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
    {
        int inputs = x.Length;
        for (int j = 0; j < y.Length; j++)
        {
            double s = 0;
            for (int i = 0; i < inputs; i++)
            {
                s += w[j * inputs + i] * x[i];
            }

            y[j] = Math.Tanh(s);
        }
    }

    /// <summary>
    /// An RNN that keeps every step's hidden state in one array: each step reads one slice and writes the next. The two
    /// slices are copies of their own, checked apart where the call runs.
    /// </summary>
    [Differentiable]
    public static double StatesInOneArray(double[] w, double[] h0, int steps)
    {
        int n = h0.Length;
        double[] states = new double[(steps + 1) * n];
        for (int i = 0; i < n; i++)
        {
            states[i] = h0[i];
        }

        for (int t = 0; t < steps; t++)
        {
            TanhLayer(w, states.AsSpan(t * n, n), states.AsSpan((t + 1) * n, n));
        }

        double s = 0;
        for (int i = 0; i < states.Length; i++)
        {
            s += states[i] * states[i] * (1 + 0.1 * i);
        }

        return s;
    }

    /// <summary>Two layers whose activations are slices of one buffer, the second layer reading the first's.</summary>
    [Differentiable]
    public static double ActivationsInOneArray(double[] w1, double[] w2, double[] x)
    {
        double[] activations = new double[5];
        TanhLayer(w1, x, activations.AsSpan(0, 3));
        TanhLayer(w2, activations[..3], activations.AsSpan(3, 2));
        TanhLayer(w2, activations.AsSpan(0, 3), activations.AsSpan(3));
        return activations[3] * activations[4] + activations[0];
    }

    /// <summary>Slices of one buffer whose bounds overlap when <paramref name="shift"/> is below 2.</summary>
    [Differentiable]
    public static double ShiftedSlices(double[] w, double[] h0, int shift)
    {
        double[] states = new double[4];
        states[0] = h0[0];
        states[1] = h0[1];
        TanhLayer(w, states.AsSpan(0, 2), states.AsSpan(shift, 2));
        return states[0] + states[1] * states[2] + states[3];
    }

    /// <summary>A range of an array is a copy in C# too: it may overlap the slice the call writes.</summary>
    [Differentiable]
    public static double RangeBesideWrittenSlice(double[] w, double[] h0)
    {
        double[] states = new double[3];
        states[0] = h0[0];
        states[1] = h0[1];
        TanhLayer(w, states[0..2], states.AsSpan(1, 2));
        return states[0] + states[1] * states[2];
    }

    /// <summary>A residual of one observation, as a least-squares objective writes it.</summary>
    [Differentiable]
    public static void Residual(ReadOnlySpan<double> p, [NoDiff] ReadOnlySpan<double> feature, Span<double> e)
    {
        e[0] = p[0] * p[1] - feature[0];
        e[1] = Math.Sin(p[1]) * p[0] - feature[1];
    }

    /// <summary>
    /// Each observation's features are a slice of one [NoDiff] array, taken in the call inside the loop: the view is
    /// taken again, by the loop's counter, where the reverse sweep needs it.
    /// </summary>
    [Differentiable]
    public static double SumOfSquaredResiduals(double[] p, [NoDiff] double[] features)
    {
        double s = 0;
        double[] e = new double[2];
        for (int o = 0; o < features.Length / 2; o++)
        {
            Residual(p, features.AsSpan(2 * o, 2), e);
            s += e[0] * e[0] + e[1] * e[1];
        }

        return s;
    }

    /// <summary>The weighted sum of squares of the first <c>w.Length</c> entries of <paramref name="x"/>; kept a call.</summary>
    [Differentiable, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double WeightedSquares([NoDiff] ReadOnlySpan<double> w, double[] x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * x[i] * Math.Sin(x[i]);
        }

        return s;
    }

    /// <summary>
    /// A triangular sum, each row a view of a [NoDiff] array one longer (or, <paramref name="shrinking"/>, one shorter) than
    /// the row before: the reverse sweep rebuilds each trip's view in one scratch array that only grows.
    /// </summary>
    [Differentiable]
    public static double TriangularRows(double[] x, [NoDiff] double[] w, bool shrinking)
    {
        double t = 0;
        for (int o = 1; o <= w.Length; o++)
        {
            int length = shrinking ? w.Length + 1 - o : o;
            t += WeightedSquares(w.AsSpan(0, length), x) * x[length - 1];
        }

        return t;
    }

    /// <summary>
    /// A range copy and a conditional choice of [NoDiff] arrays given to a helper, the arrays then changed: evaluated into
    /// locals whose contents are recorded, not evaluated again where the pullback runs.
    /// </summary>
    [Differentiable]
    public static double ResidualsOfRangesAndChoices(double[] p, [NoDiff] double[] features, [NoDiff] double[] other, bool useOther)
    {
        double s = 0;
        double[] e = new double[2];
        for (int o = 0; o < features.Length / 2; o++)
        {
            Residual(p, features[(2 * o)..(2 * o + 2)], e);
            features[2 * o] = 10 + o;
            s += e[0] * e[0] + e[1] * e[1];
            Residual(p, useOther ? other : features, e);
            other[1] -= 3;
            features[0] += 1;
            s += e[0] * e[1];
        }

        return s;
    }

    /// <summary>A weighted sum of squares of the elements an index list picks.</summary>
    [Differentiable]
    public static double PickedSquares(double[] x, [NoDiff] int[] picks)
    {
        double s = 0;
        for (int k = 0; k < picks.Length; k++)
        {
            s += x[picks[k]] * x[picks[k]] * (k + 1);
        }

        return s;
    }

    /// <summary>A range copy of an index list given to a helper, the list then changed: its contents as the call saw them are recorded.</summary>
    [Differentiable]
    public static double PickedSquaresOfChangingIndices(double[] x, [NoDiff] int[] picks)
    {
        double s = 0;
        for (int o = 0; o + 3 <= picks.Length; o++)
        {
            s += PickedSquares(x, picks[o..(o + 3)]);
            picks[o] = x.Length - 1 - picks[o];
        }

        return s;
    }

    /// <summary>The same with the features as a span, each observation's slice a local view declared in the loop.</summary>
    [Differentiable]
    public static double SumOfSquaredResidualsOfSpan(double[] p, [NoDiff] ReadOnlySpan<double> features)
    {
        double s = 0;
        double[] e = new double[2];
        for (int o = 0; o < features.Length / 2; o++)
        {
            ReadOnlySpan<double> feature = features.Slice(2 * o, 2);
            Residual(p, feature, e);
            s += e[0] * e[0] + e[1] * e[1];
        }

        return s;
    }

    /// <summary>
    /// A view of a [NoDiff] array given to a helper in a loop, the array then changed: its contents as the call saw them
    /// are recorded for the pullback, not the view taken again.
    /// </summary>
    [Differentiable]
    public static double ResidualsOfChangingFeatures(double[] p, [NoDiff] double[] features)
    {
        double s = 0;
        double[] e = new double[2];
        for (int o = 0; o < features.Length / 2; o++)
        {
            Residual(p, features.AsSpan(2 * o, 2), e);
            features[2 * o] = 10 + o;
            features[(2 * o + 3) % features.Length] += 1;
            s += e[0] * e[0] + e[1] * e[1];
        }

        return s;
    }
}

public sealed class SliceArgumentTests
{
    [Fact]
    public void A_slice_of_a_NoDiff_span_given_to_a_helper_that_stays_a_call_compiles_and_differentiates()
    {
        double[] b = { 0.5, 0.7, 0.9 }, w = { 1.0, 2.0, 3.0 };
        var dB = new double[3];
        Grad.SameValue(SliceArgumentFns.TwiceProductOfWeighted(b, w), SliceArgumentFns.TwiceProductOfWeightedGradient(b, w, dB), "twice the product");
        Grad.Check(p => SliceArgumentFns.TwiceProductOfWeighted(p, w), b, dB, "twice the product");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void A_NoDiff_slice_taken_in_a_loop_for_a_helper_gives_the_gradient_tangent_and_Hessian_vector_product(int seed)
    {
        var random = new System.Random(seed);
        double[] p = Pts.Vector(random, 2, -1.5, 1.5), v = Pts.Vector(random, 2, -1, 1);
        double[] features = Pts.Vector(random, 8, -1, 1);
        foreach ((Func<double[], double> f, Func<double[], double[], double> gradient, Func<double[], double[], double> tangent, Func<double[], double[], double[], double[], double> hessianVector, string what) in new (Func<double[], double>, Func<double[], double[], double>, Func<double[], double[], double>, Func<double[], double[], double[], double[], double>, string)[]
        {
            (q => SliceArgumentFns.SumOfSquaredResiduals(q, features),
             (q, d) => SliceArgumentFns.SumOfSquaredResidualsGradient(q, features, d),
             (q, t) => { SliceArgumentFns.SumOfSquaredResidualsTangent(q, features, t, out double r); return r; },
             (q, dir, d, hv) => SliceArgumentFns.SumOfSquaredResidualsHessianVector(q, features, dir, d, hv),
             "AsSpan"),
            (q => SliceArgumentFns.SumOfSquaredResidualsOfSpan(q, features),
             (q, d) => SliceArgumentFns.SumOfSquaredResidualsOfSpanGradient(q, features, d),
             (q, t) => { SliceArgumentFns.SumOfSquaredResidualsOfSpanTangent(q, features, t, out double r); return r; },
             (q, dir, d, hv) => SliceArgumentFns.SumOfSquaredResidualsOfSpanHessianVector(q, features, dir, d, hv),
             "Slice"),
        })
        {
            var dP = new double[2];
            Grad.SameValue(f(p), gradient(p, dP), what);
            Grad.Check(f, p, dP, what);
            Grad.Close(dP[0] * v[0] + dP[1] * v[1], tangent(p, v), 1e-12, 1e-12, what + " tangent");
            var hv = new double[2];
            hessianVector(p, v, new double[2], hv);
            Grad.CheckHessianVector(q => { var d = new double[2]; gradient(q, d); return d; }, p, v, hv, what + " H·v");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_NoDiff_view_whose_length_changes_every_trip_is_rebuilt_in_one_growing_scratch_array(bool shrinking)
    {
        var random = new System.Random(shrinking ? 8 : 7);
        double[] x = Pts.Vector(random, 9, -1.5, 1.5), w = Pts.Vector(random, 9, 0.2, 1.2), v = Pts.Vector(random, 9, -1, 1);
        double[] Gradient(double[] q)
        {
            var d = new double[q.Length];
            Grad.SameValue(SliceArgumentFns.TriangularRows(q, w, shrinking), SliceArgumentFns.TriangularRowsGradient(q, w, shrinking, d), "TriangularRows");
            return d;
        }

        double[] dX = Gradient(x);
        Grad.Check(q => SliceArgumentFns.TriangularRows(q, w, shrinking), x, dX, "TriangularRows");
        SliceArgumentFns.TriangularRowsTangent(x, w, shrinking, v, out double tangent);
        Grad.Close(dX.Zip(v, (a, b) => a * b).Sum(), tangent, 1e-12, 1e-12, "TriangularRows tangent");
        var hv = new double[x.Length];
        SliceArgumentFns.TriangularRowsHessianVector(x, w, shrinking, v, new double[x.Length], hv);
        Grad.CheckHessianVector(Gradient, x, v, hv, "TriangularRows H·v");

        // Every trip's view has another length: at 300 rows, a scratch array taken anew per trip would be 350 KB or more.
        double[] xs = Pts.Vector(random, 300, -1, 1), ws = Pts.Vector(random, 300, 0.2, 1.2), dXs = new double[300];
        for (int warm = 0; warm < 3; warm++)
        {
            SliceArgumentFns.TriangularRowsGradient(xs, ws, shrinking, dXs);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        SliceArgumentFns.TriangularRowsGradient(xs, ws, shrinking, dXs);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4096, $"gradient allocated {allocated} B");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Slices_of_one_buffer_read_and_written_by_one_call_give_the_gradient_tangent_and_Hessian_vector_product(int seed)
    {
        var random = new System.Random(seed);
        double[] w = Pts.Vector(random, 9, -0.8, 0.8), h0 = Pts.Vector(random, 3, -1, 1);
        double[] p = Fd.Pack(w, h0), v = Pts.Vector(random, 12, -1, 1);
        double F(double[] q) => SliceArgumentFns.StatesInOneArray(Fd.Slice(q, 0, 9), Fd.Slice(q, 9, 3), 4);
        double[] Gradient(double[] q)
        {
            var dW = new double[9];
            var dH = new double[3];
            Grad.SameValue(F(q), SliceArgumentFns.StatesInOneArrayGradient(Fd.Slice(q, 0, 9), Fd.Slice(q, 9, 3), 4, dW, dH), "states in one array");
            return Fd.Pack(dW, dH);
        }

        double[] gradient = Gradient(p);
        Grad.Check(F, p, gradient, "states in one array");
        SliceArgumentFns.StatesInOneArrayTangent(Fd.Slice(p, 0, 9), Fd.Slice(p, 9, 3), 4, Fd.Slice(v, 0, 9), Fd.Slice(v, 9, 3), out double tangent);
        Grad.Close(gradient.Zip(v, (g, d) => g * d).Sum(), tangent, 1e-12, 1e-12, "states in one array tangent");
        var hvW = new double[9];
        var hvH = new double[3];
        SliceArgumentFns.StatesInOneArrayHessianVector(Fd.Slice(p, 0, 9), Fd.Slice(p, 9, 3), 4, Fd.Slice(v, 0, 9), Fd.Slice(v, 9, 3), new double[9], new double[3], hvW, hvH);
        Grad.CheckHessianVector(Gradient, p, v, Fd.Pack(hvW, hvH), "states in one array H·v");

        double[] w1 = Pts.Vector(random, 6, -1, 1), w2 = Pts.Vector(random, 6, -1, 1), x = Pts.Vector(random, 2, -1, 1);
        double[] q0 = Fd.Pack(w1, w2, x);
        double G(double[] q) => SliceArgumentFns.ActivationsInOneArray(Fd.Slice(q, 0, 6), Fd.Slice(q, 6, 6), Fd.Slice(q, 12, 2));
        var d1 = new double[6];
        var d2 = new double[6];
        var dX = new double[2];
        Grad.SameValue(G(q0), SliceArgumentFns.ActivationsInOneArrayGradient(w1, w2, x, d1, d2, dX), "activations in one array");
        Grad.Check(G, q0, Fd.Pack(d1, d2, dX), "activations in one array");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void A_NoDiff_view_given_to_a_helper_keeps_what_the_call_saw_when_the_array_changes_after_it(int seed)
    {
        var random = new System.Random(seed);
        double[] p = Pts.Vector(random, 2, -1.5, 1.5), features = Pts.Vector(random, 8, -1, 1);
        var dP = new double[2];
        double value = SliceArgumentFns.ResidualsOfChangingFeaturesGradient(p, (double[])features.Clone(), dP);
        Grad.SameValue(SliceArgumentFns.ResidualsOfChangingFeatures(p, (double[])features.Clone()), value, "changing features");
        Grad.Check(q => SliceArgumentFns.ResidualsOfChangingFeatures(q, (double[])features.Clone()), p, dP, "changing features");

        int[] picks = { 0, 2, 1, 3 };
        double[] x = Pts.Vector(random, 4, -1.5, 1.5);
        var dX = new double[4];
        Grad.SameValue(SliceArgumentFns.PickedSquaresOfChangingIndices(x, (int[])picks.Clone()), SliceArgumentFns.PickedSquaresOfChangingIndicesGradient(x, (int[])picks.Clone(), dX), "changing indices");
        Grad.Check(q => SliceArgumentFns.PickedSquaresOfChangingIndices(q, (int[])picks.Clone()), x, dX, "changing indices");

        double[] other = Pts.Vector(random, 2, -1, 1);
        foreach (bool useOther in new[] { false, true })
        {
            Array.Clear(dP);
            value = SliceArgumentFns.ResidualsOfRangesAndChoicesGradient(p, (double[])features.Clone(), (double[])other.Clone(), useOther, dP);
            Grad.SameValue(SliceArgumentFns.ResidualsOfRangesAndChoices(p, (double[])features.Clone(), (double[])other.Clone(), useOther), value, "ranges and choices");
            Grad.Check(q => SliceArgumentFns.ResidualsOfRangesAndChoices(q, (double[])features.Clone(), (double[])other.Clone(), useOther), p, dP, "ranges and choices");
        }
    }

    [Fact]
    public void Slices_of_one_buffer_that_overlap_where_the_call_writes_one_are_refused_where_the_call_runs()
    {
        double[] w = { 0.3, -0.2, 0.5, 0.1 }, h0 = { 0.4, -0.7 };
        var dW = new double[4];
        var dH = new double[2];
        Grad.SameValue(SliceArgumentFns.ShiftedSlices(w, h0, 2), SliceArgumentFns.ShiftedSlicesGradient(w, h0, 2, dW, dH), "apart");
        Grad.Check(q => SliceArgumentFns.ShiftedSlices(Fd.Slice(q, 0, 4), Fd.Slice(q, 4, 2), 2), Fd.Pack(w, h0), Fd.Pack(dW, dH), "apart");
        var refused = Assert.Throws<InvalidOperationException>(() => SliceArgumentFns.ShiftedSlicesGradient(w, h0, 1, new double[4], new double[2]));
        Assert.Contains("states.AsSpan(0, 2) (elements 0 to 1) and states.AsSpan(shift, 2) (elements 1 to 2)", refused.Message);
        Assert.Throws<InvalidOperationException>(() => SliceArgumentFns.ShiftedSlicesTangent(w, h0, 0, new double[4], new double[2], out _));

        Array.Clear(dW);
        Array.Clear(dH);
        Grad.SameValue(SliceArgumentFns.RangeBesideWrittenSlice(w, h0), SliceArgumentFns.RangeBesideWrittenSliceGradient(w, h0, dW, dH), "a range beside");
        Grad.Check(q => SliceArgumentFns.RangeBesideWrittenSlice(Fd.Slice(q, 0, 4), Fd.Slice(q, 4, 2)), Fd.Pack(w, h0), Fd.Pack(dW, dH), "a range beside");
    }

    private static double[] Point(int n, int seed)
    {
        var random = new System.Random(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.NextDouble() * 2 - 1;
        }

        return x;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_read_only_slice_gives_its_part_of_the_gradient(int seed)
    {
        double[] x = Point(5, seed);
        var dX = new double[5];
        SliceArgumentFns.MiddleGradient(x, dX);
        Grad.Check(SliceArgumentFns.Middle, x, dX, "Middle");
        Assert.Equal(0.0, dX[4]);

        var v = Point(5, seed + 10);
        SliceArgumentFns.MiddleTangent(x, v, out double jvp);
        double expected = 0;
        for (int i = 0; i < 5; i++)
        {
            expected += dX[i] * v[i];
        }

        Grad.Close(expected, jvp, 1e-12, 1e-12, "Middle tangent = ⟨∇f, v⟩");

        var gX = new double[5];
        var hX = new double[5];
        SliceArgumentFns.MiddleHessianVector(x, v, gX, hX);
        Grad.Close(dX, gX, 1e-12, 1e-12, "Middle H·v gradient");
        Grad.CheckHessianVector(q => { var d = new double[5]; SliceArgumentFns.MiddleGradient(q, d); return d; }, x, v, hX, "Middle H·v");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_slice_in_an_assignment_inside_an_if_condition(int seed)
    {
        double[] x = Point(3, seed);
        var dX = new double[3];
        Grad.SameValue(SliceArgumentFns.SliceInCondition(x), SliceArgumentFns.SliceInConditionGradient(x, dX), "SliceInCondition");
        Grad.Check(SliceArgumentFns.SliceInCondition, x, dX, "SliceInCondition");
    }

    [Fact]
    public void Two_read_only_slices_of_one_buffer_in_one_statement()
    {
        double[] x = Point(6, 8);
        var dX = new double[6];
        SliceArgumentFns.HalvesGradient(x, 3, dX);
        Grad.Check(p => SliceArgumentFns.Halves(p, 3), x, dX, "Halves");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void Windows_in_a_loop_add_up(int width)
    {
        double[] x = Point(6, width);
        var dX = new double[6];
        SliceArgumentFns.WindowsGradient(x, width, dX);
        Grad.Check(p => SliceArgumentFns.Windows(p, width), x, dX, "Windows");
    }

    [Fact]
    public void A_written_slice_is_copied_back_and_differentiated()
    {
        foreach (int seed in new[] { 4, 5 })
        {
            double[] x = Point(5, seed);
            double factor = 0.5 + seed * 0.1;
            var dX = new double[5];
            double dFactor = 0;
            double value = SliceArgumentFns.ScaledTailGradient(x, factor, dX, ref dFactor);
            Assert.Equal(SliceArgumentFns.ScaledTail(x, factor), value, 12);
            Grad.Check(p => SliceArgumentFns.ScaledTail(p.AsSpan(0, 5), p[5]), [.. x, factor], [.. dX, dFactor], "ScaledTail");
        }
    }

    [Fact]
    public void A_slice_written_in_a_return_is_written_back_before_returning()
    {
        double[] x = Point(4, 9);
        double[] original = (double[])x.Clone();
        double factor = -1.3;
        var dX = new double[4];
        double dFactor = 0;
        double value = SliceArgumentFns.ReturnsThroughWriterGradient(x, factor, dX, ref dFactor);
        double[] plain = (double[])original.Clone();
        Assert.Equal(SliceArgumentFns.ReturnsThroughWriter(plain, factor), value, 12);
        Assert.Equal(original[1] * factor, plain[1], 12);
        Assert.Equal(original[3], plain[3]);
        Grad.Check(p => SliceArgumentFns.ReturnsThroughWriter(p[..4], p[4]), [.. original, factor], [.. dX, dFactor], "ReturnsThroughWriter");
    }

    [Fact]
    public void A_range_of_an_array_is_a_copy_and_a_range_of_a_span_is_not()
    {
        double[] x = Point(4, 7);
        double factor = 1.7;
        double[] original = (double[])x.Clone();
        double[] run = (double[])x.Clone();
        double value = SliceArgumentFns.Ranges(run, factor);

        // What C# does: x[1..3] is a new array, so the first scaling is lost; all[2..] scales x[2] and x[3].
        double copy = original[0] * original[0] + original[1] * original[1];
        double expected = copy + original[0] * original[0] + original[1] * original[1]
            + factor * factor * (original[2] * original[2] + original[3] * original[3]);
        Assert.Equal(expected, value, 12);

        var dX = new double[4];
        double dFactor = 0;
        double[] input = (double[])original.Clone();
        SliceArgumentFns.RangesGradient(input, factor, dX, ref dFactor);
        Grad.Check(p => SliceArgumentFns.Ranges(p[..4], p[4]), [.. original, factor], [.. dX, dFactor], "Ranges");
    }

    [Fact]
    public void A_read_only_slice_and_an_element_of_the_same_buffer_in_one_call()
    {
        double[] p = Point(8, 14);
        var dX = new double[4];
        var dY = new double[4];
        SliceArgumentFns.SliceAndElementGradient(p[..4], p[4..], dX, dY);
        Grad.Check(q => SliceArgumentFns.SliceAndElement(q[..4], q[4..]), p, [.. dX, .. dY], "SliceAndElement");
    }

    [Fact]
    public void All_of_a_buffer_and_its_tail_in_one_statement()
    {
        double[] x = Point(5, 13);
        var dX = new double[5];
        SliceArgumentFns.WholeAndTailGradient(x, dX);
        Grad.Check(SliceArgumentFns.WholeAndTail, x, dX, "WholeAndTail");
    }

    [Fact]
    public void Bounds_counted_from_the_end()
    {
        foreach (int seed in new[] { 11, 12 })
        {
            double[] x = Point(6, seed);
            double factor = 0.7 + 0.1 * seed;
            var dX = new double[6];
            double dFactor = 0;
            double value = SliceArgumentFns.FromTheEndGradient((double[])x.Clone(), factor, dX, ref dFactor);
            Assert.Equal(SliceArgumentFns.FromTheEnd((double[])x.Clone(), factor), value, 12);
            Grad.Check(p => SliceArgumentFns.FromTheEnd(p[..6], p[6]), [.. x, factor], [.. dX, dFactor], "FromTheEnd");
        }
    }

    [Fact]
    public void A_slice_out_of_range_throws_as_the_slice_would()
    {
        double[] x = Point(3, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => SliceArgumentFns.Middle(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => SliceArgumentFns.MiddleGradient(x, new double[3]));
    }
}
