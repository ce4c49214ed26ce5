using System;
using System.Linq;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Local arrays that no reference outlives the method (and the copies of slices given to differentiated calls) take their
/// storage from the thread's scratch arrays in a gradient and in a Record half, so a warm gradient allocates nothing for them (which arrays keep <c>new</c> is checked in Diff.Generator.Tests).
/// </summary>
public static partial class PooledArrayFns
{
    /// <summary>Writes <c>into[i] = scale · x[i]²</c>: a buffer-writing helper of the same file.</summary>
    [Differentiable]
    public static void Squares(double[] x, double scale, double[] into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = scale * x[i % x.Length] * x[i % x.Length];
        }
    }

    /// <summary>Σ sin(v[i]) · v[i]: a helper that only reads its array.</summary>
    [Differentiable]
    public static double SinWeighted(double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += Math.Sin(v[i]) * v[i];
        }

        return s;
    }

    /// <summary>Writes <c>into[i] = tanh(w · x[i] + into[i])</c>: a helper kept a call, through its Record and Reverse halves.</summary>
    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void TanhInto(double[] x, double w, double[] into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = Math.Tanh(w * x[i % x.Length] + into[i]);
        }
    }

    /// <summary>Σ v[i]³: a helper kept a call that only reads its array.</summary>
    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double Cubes(double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i] * v[i];
        }

        return s;
    }

    /// <summary>
    /// An array declared in each pass of a loop, written and read by helpers kept calls: each pass's reverse needs that
    /// pass's values, though the storage is the same from pass to pass.
    /// </summary>
    [Differentiable]
    public static double ThroughCalls(double[] x, double w, int stride)
    {
        double[] top = new double[x.Length];
        double s = 0;
        for (int pass = 0; pass < 4; pass++)
        {
            double[] scratch = new double[2 + pass * stride % 3];
            scratch[0] = x[pass % x.Length];
            TanhInto(x, w * (pass + 1), scratch);
            TanhInto(scratch, 0.5, top);
            s += Cubes(scratch) * (pass + 1) + scratch[scratch.Length - 1] * top[pass % top.Length];
        }

        return s + Cubes(top);
    }

    /// <summary>
    /// A helper kept a call whose own local arrays stay in it: one declared in each trip of a loop and a span from
    /// <c>stackalloc</c>. Its Record half, run once per call of its caller, takes their storage from the pool too.
    /// </summary>
    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double LocalsInItsLoop(double[] x, double w)
    {
        Span<double> rotated = stackalloc double[3];
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double[] pair = new double[2];
            pair[0] = x[i] * x[i + 1];
            pair[1] = Math.Cos(w * x[i]);
            s += pair[0] * pair[1];
            rotated[i % 3] += pair[1] * w;
        }

        return s + rotated[0] * rotated[1] - rotated[2];
    }

    /// <summary>Calls <see cref="LocalsInItsLoop"/> once per observation, and cells on slices of the parameters.</summary>
    [Differentiable]
    public static double CallsLocalsInItsLoop(double[] x, double w, int stride)
    {
        double s = 0;
        for (int observation = 0; observation < 3; observation++)
        {
            s += LocalsInItsLoop(x, w * (observation + stride + 1)) * (observation + 1);
            s += Cell(x.AsSpan(observation % 2, 3), w) + KeptCell(x.AsSpan(1, 3), w * observation);
        }

        return s;
    }

    /// <summary>A cell on a slice of the parameters, inlined where it is called.</summary>
    [Differentiable]
    public static double Cell(ReadOnlySpan<double> p, double x) => p[0] * Math.Tanh(p[1] * x + p[2]);

    /// <summary>The same cell, kept a call.</summary>
    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double KeptCell(ReadOnlySpan<double> p, double x) => p[2] * Math.Tanh(p[0] * x - p[1]);

    /// <summary>
    /// Local arrays of every kind that stays in the method: one at the top, one per pass of a loop (whose length changes
    /// from pass to pass unless <paramref name="stride"/> is 0), a span from <c>stackalloc</c>, an initializer, a copy, and
    /// arrays handed to helpers and to <c>Array.Clear</c>.
    /// </summary>
    [Differentiable]
    public static double Mixed(double[] x, double w, int stride)
    {
        double[] top = new double[x.Length];
        Squares(x, w, top);
        Span<double> acc = stackalloc double[3];
        double[] pair = { x[0] * w, Math.Cos(x[1]) };
        double[] copy = (double[])x.Clone();
        double s = 0;
        for (int pass = 0; pass < 5; pass++)
        {
            double[] scratch = new double[1 + pass * stride % 3];
            Squares(copy, pair[pass % 2], scratch);
            s += SinWeighted(scratch) + scratch.Length * top[pass % top.Length];
            acc[pass % 3] += scratch[0] * pair[1];
            copy[pass % copy.Length] *= 1.1;
            Array.Clear(scratch);
            s += scratch.Max();
        }

        return s + acc[0] * acc[1] + acc[2] + SinWeighted(top) + pair.Sum();
    }
}

public sealed class PooledLocalArrays
{
    private static readonly double[] Point = { 0.7, -1.3, 0.4, 2.1 };

    private delegate double GradientOf(double[] x, double w, int stride, double[] dX, ref double dW);

    /// <summary>
    /// <see cref="PooledArrayFns.Mixed"/> (local arrays of every kind, helpers inlined) and
    /// <see cref="PooledArrayFns.ThroughCalls"/> (an array declared in each pass, given to helpers kept calls), with
    /// storage of one length and of lengths that change from pass to pass, three calls in a row on reused storage.
    /// </summary>
    [Theory]
    [InlineData(nameof(PooledArrayFns.Mixed), 0)]
    [InlineData(nameof(PooledArrayFns.Mixed), 1)]
    [InlineData(nameof(PooledArrayFns.ThroughCalls), 0)]
    [InlineData(nameof(PooledArrayFns.ThroughCalls), 1)]
    [InlineData(nameof(PooledArrayFns.CallsLocalsInItsLoop), 0)]
    public void Local_arrays_give_the_finite_difference_gradient(string function, int stride)
    {
        (Func<double[], double, int, double> f, GradientOf gradient) = function switch
        {
            nameof(PooledArrayFns.Mixed) => (new Func<double[], double, int, double>(PooledArrayFns.Mixed), new GradientOf(PooledArrayFns.MixedGradient)),
            nameof(PooledArrayFns.ThroughCalls) => (PooledArrayFns.ThroughCalls, PooledArrayFns.ThroughCallsGradient),
            _ => (PooledArrayFns.CallsLocalsInItsLoop, PooledArrayFns.CallsLocalsInItsLoopGradient),
        };
        const double w = 0.9;
        for (int call = 0; call < 3; call++)
        {
            double[] dX = new double[Point.Length];
            double dW = 0;
            double value = gradient(Point, w, stride, dX, ref dW);
            Grad.SameValue(f(Point, w, stride), value, function);
            Grad.Check(p => f(p, w, stride), Point, dX, $"{function}({stride}), dX, call {call}");
            Grad.Check(p => f(Point, p[0], stride), new[] { w }, new[] { dW }, $"{function}({stride}), dW, call {call}");
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(0, true)]
    public void A_warm_gradient_allocates_nothing_for_local_arrays_that_stay_in_the_method(int stride, bool throughRecordedCalls)
    {
        GradientOf gradient = throughRecordedCalls ? PooledArrayFns.CallsLocalsInItsLoopGradient : PooledArrayFns.MixedGradient;
        double[] dX = new double[Point.Length];
        double dW = 0;
        double first = gradient(Point, 0.9, stride, dX, ref dW);
        for (int warm = 0; warm < 3; warm++)
        {
            gradient(Point, 0.9, stride, dX, ref dW);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        double again = gradient(Point, 0.9, stride, dX, ref dW);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);

        // Reused storage starts from zeros each time, as new arrays do: the value does not drift from call to call.
        Assert.Equal(first, again);
    }
}
