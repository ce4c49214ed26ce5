using System;
using System.Linq;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// The library calls that copy, fill and clear buffers, as ported code writes them: <c>Array.Copy</c> (also within one
/// buffer, where the ranges overlap), <c>CopyTo</c> of arrays and spans, <c>Array.Fill</c>, <c>Array.Clear</c>, a span's
/// <c>Fill</c> and <c>Clear</c>, and local arrays declared as copies (<c>Clone</c>, <c>ToArray</c>, ranges, spreads).
/// Each gradient is checked against finite differences, each tangent against the gradient.
/// </summary>
public static partial class BufferCopyFns
{
    /// <summary>A working copy made with <c>Clone</c>, then changed in place.</summary>
    [Differentiable]
    public static double Cloned(double[] x)
    {
        double[] y = (double[])x.Clone();
        y[0] *= y[1];
        return y[0] + y[2] * x[0];
    }

    /// <summary><c>Array.Copy</c> of a prefix, and <c>CopyTo</c> at an offset.</summary>
    [Differentiable]
    public static double Copied(double[] x)
    {
        double[] y = new double[x.Length + 1];
        Array.Copy(x, y, x.Length - 1);
        x.CopyTo(y, 1);
        y[0] = y[0] * y[1] + Math.Exp(y[2]);
        return y[0] + y[3] * y[1];
    }

    /// <summary>Shifts within one buffer both ways, as <c>memmove</c> does; the ranges overlap.</summary>
    [Differentiable]
    public static double Shifted(double[] x)
    {
        double[] y = x.ToArray();
        Array.Copy(y, 0, y, 1, y.Length - 1);
        y[0] = Math.Sin(x[4]);
        double right = y[1] * y[2] + y[3];
        Array.Copy(y, 2, y, 0, y.Length - 2);
        return right * y[0] + y[1] * y[2];
    }

    /// <summary>Views: a span copied into another span, a slice's <c>ToArray</c>, a range, a spread, <c>Fill</c> of a slice.</summary>
    [Differentiable]
    public static double Views(double[] x)
    {
        double[] head = x.AsSpan(1, 2).ToArray();
        double[] tail = x[2..];
        double[] all = [.. x];
        x.AsSpan(0, 2).CopyTo(all.AsSpan(3));
        all.AsSpan(1, 2).Fill(head[0] * tail[1]);
        return all[0] * all[1] + all[2] * all[3] + all[4] * head[1] + tail[0];
    }

    /// <summary>Fills and clears, also in part, inside a loop whose scratch array is declared in the body.</summary>
    [Differentiable]
    public static double FilledInLoop(double[] x)
    {
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            double[] t = new double[4];
            x.AsSpan(k, 2).CopyTo(t.AsSpan(1));
            Array.Fill(t, t[1] + k, 3, 1);
            s += t[1] * t[2] + t[3] * t[0] + Math.Sin(t[3]);
            Array.Clear(t, 1, 2);
            Array.Fill(t, x[k] * 0.5);
            s += t[0] * t[3];
            t.AsSpan().Clear();
            s += t[2];
        }

        return s;
    }

    /// <summary>A void method that copies into its output and clears part of its input.</summary>
    [Differentiable]
    public static void CopyOut(double[] x, double[] z)
    {
        Array.Copy(x, 1, z, 0, 2);
        for (int i = 0; i < z.Length; i++)
        {
            z[i] *= x[0];
        }

        x.AsSpan(0, 2).Clear();
    }

    /// <summary>A span parameter: a slice's <c>ToArray</c>, and a copy between two slices of it.</summary>
    [Differentiable]
    public static double SpanSlices(Span<double> x)
    {
        double[] y = x.Slice(1).ToArray();
        x.Slice(0, 2).CopyTo(x.Slice(2));
        return y[0] * x[3] + x[2];
    }

    /// <summary>Writes its buffer only through a view passed on to a writer.</summary>
    [Differentiable]
    public static double ScaleTail(Span<double> all, double factor)
    {
        SliceArgumentFns.ScaleInPlace(all[2..], factor);
        return SliceArgumentFns.SumSquares(all);
    }

    /// <summary>Writes its buffer only through a library fill; checks its argument first.</summary>
    [Differentiable]
    public static double FillMiddle(double[] v, double a)
    {
        ArgumentNullException.ThrowIfNull(v);
        Array.Fill(v, a, 1, 2);
        return v[0] * a;
    }

    /// <summary>Reads only: a caller may pass it one buffer twice.</summary>
    [Differentiable]
    public static double Weighted(double[] v, double[] w)
    {
        ArgumentNullException.ThrowIfNull(v);
        return SliceArgumentFns.SumSquares(v.AsSpan(1)) * w[0];
    }

    /// <summary>
    /// Helpers that write their buffers only indirectly, called as statements with their values dropped (also on
    /// <c>x.AsSpan()</c>), used as values, and in a loop; a read-only helper given the same buffer twice.
    /// </summary>
    [Differentiable]
    public static double IndirectWriters(double[] x, double factor)
    {
        double before = x[3] * x[3];
        ScaleTail(x, factor);
        ScaleTail(x.AsSpan(), 0.5);
        double r = FillMiddle(x, factor * x[0]);
        double s = 0;
        for (int k = 0; k < 2; k++)
        {
            s += FillMiddle(x, factor + k) * x[1] + x[4];
        }

        return x[0] * x[3] + before * r + s + Weighted(x, x);
    }

    /// <summary>Views taken with a range or an index from the end, cleared and filled; a null check of its own.</summary>
    [Differentiable]
    public static double RangeViews(double[] v)
    {
        ArgumentNullException.ThrowIfNull(v);
        double r = v[1] * v[2];
        v.AsSpan(1..3).Clear();
        double q = v[3] * v[4];
        v.AsSpan(^2).Fill(r * 0.5);
        return r + v[0] * q + v[4] * v[3];
    }

    /// <summary>Named arguments, in any order; and a slice of x.AsSpan().</summary>
    [Differentiable]
    public static double NamedArguments(double[] x)
    {
        double[] y = new double[x.Length];
        Array.Copy(destinationArray: y, sourceArray: x, length: x.Length - 1);
        Array.Fill(value: x[0] * x[1], array: y, startIndex: 2, count: 1);
        x.AsSpan(start: 1, length: 2).CopyTo(destination: y.AsSpan(3));
        x.AsSpan().Slice(3).CopyTo(y.AsSpan().Slice(1, 2));
        return y[0] * y[1] + y[2] * y[3] + y[4];
    }

    /// <summary>Float buffers.</summary>
    [Differentiable]
    public static float Floats(float[] x)
    {
        float[] y = new float[x.Length];
        Array.Copy(x, y, x.Length);
        Array.Fill(y, x[1], 2, 1);
        return y[0] * y[2] + MathF.Sin(y[1]);
    }

    /// <summary>A copy reversed whole, then a slice of it reversed through a span, as array code reorders its values.</summary>
    [Differentiable]
    public static double Reversed(double[] x)
    {
        double[] a = (double[])x.Clone();
        Array.Reverse(a);
        a.AsSpan(1, 3).Reverse();
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (i + 1) * a[i] * x[i];
        }

        return s + Math.Sin(a[0]);
    }

    /// <summary>A range of the input itself reversed in place (odd and even lengths), then read.</summary>
    [Differentiable]
    public static double ReversedInPlace(double[] x, int index, int count)
    {
        Array.Reverse(x, index, count);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += (i + 1) * x[i] * x[i];
        }

        return s;
    }

    /// <summary>A float copy reversed.</summary>
    [Differentiable]
    public static float ReversedFloat(float[] x)
    {
        float[] a = x.ToArray();
        Array.Reverse(a);
        return a[0] * 2 + a[1] * a[2];
    }
}

/// <summary>Copies from arrays held in fields and properties, which are constants: into a local, at offsets, and into a parameter.</summary>
public sealed partial class ConstantSourceCopyFns
{
    private static readonly double[] Table = { 3.0, 1.5, -0.25 };
    private readonly double[] _initial = { 0.5, -1.0, 2.0, 4.0 };

    /// <summary>Weights held in a property.</summary>
    public double[] Weights { get; } = { 0.1, 0.2, 0.3, 0.4, 0.5 };

    /// <summary>A local array started from a field, then scaled by x.</summary>
    [Differentiable]
    public double FromField(double[] x)
    {
        double[] a = new double[3];
        Array.Copy(_initial, a, 3);
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            a[i] = a[i] * x[i];
            s += a[i] * a[i];
        }

        return s;
    }

    /// <summary>Two active elements overwritten from a field at offsets; the parameter's first three from a static table.</summary>
    [Differentiable]
    public double AtOffsets(double[] x, double w)
    {
        double[] a = new double[5];
        for (int i = 0; i < 5; i++)
        {
            a[i] = w * x[i];
        }

        Array.Copy(_initial, 1, a, 2, 2);
        Table.CopyTo(x, 0);
        double s = 0;
        for (int i = 0; i < 5; i++)
        {
            s += a[i] * a[i] * x[i % 3] + Math.Sin(x[i]);
        }

        return s;
    }

    /// <summary>From a property, with <c>CopyTo</c>.</summary>
    [Differentiable]
    public double FromProperty(double[] x)
    {
        double[] a = new double[5];
        Weights.CopyTo(a, 0);
        double s = 0;
        for (int i = 0; i < 5; i++)
        {
            s += Math.Sin(a[i] * x[i]);
        }

        return s;
    }

}

public sealed class BufferCopyTests
{
    internal static double[] Point(int n, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    /// <summary>The gradient against finite differences, the input left as the method leaves it, and the tangent against the gradient.</summary>
    internal static void CheckScalar(Func<double[], double> f, Func<double[], double[], double> gradient, Action<double[], double[], double[]> tangent, int n, string name)
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            double[] x = Point(n, seed);
            var dX = new double[n];
            double[] run = (double[])x.Clone();
            double value = gradient(run, dX);
            double[] plain = (double[])x.Clone();
            Assert.Equal(f(plain), value, 12);
            Assert.Equal(plain, run);
            Grad.Check(p => f((double[])p.Clone()), x, dX, name);

            double[] v = Point(n, seed + 10);
            var jvp = new double[1];
            // A method that writes its input updates the tangent buffer to the written values' tangents: pass a copy.
            tangent((double[])x.Clone(), (double[])v.Clone(), jvp);
            Grad.Close(dX.Zip(v, (g, t) => g * t).Sum(), jvp[0], 1e-10, 1e-10, name + " tangent = ⟨∇f, v⟩");
        }
    }

    [Fact]
    public void A_cloned_copy_gives_the_gradient_of_the_original() =>
        CheckScalar(BufferCopyFns.Cloned, BufferCopyFns.ClonedGradient, (x, v, j) => { BufferCopyFns.ClonedTangent(x, v, out j[0]); }, 4, "Cloned");

    [Fact]
    public void Array_Copy_and_CopyTo() =>
        CheckScalar(BufferCopyFns.Copied, BufferCopyFns.CopiedGradient, (x, v, j) => { BufferCopyFns.CopiedTangent(x, v, out j[0]); }, 4, "Copied");

    [Fact]
    public void A_copy_within_one_buffer_moves_as_memmove_does()
    {
        double[] x = Point(5, 4);
        double[] y = (double[])x.Clone();
        Array.Copy(y, 0, y, 1, 4);
        y[0] = Math.Sin(x[4]);
        double right = y[1] * y[2] + y[3];
        Array.Copy(y, 2, y, 0, 3);
        Assert.Equal(right * y[0] + y[1] * y[2], BufferCopyFns.Shifted(x), 14);
        CheckScalar(BufferCopyFns.Shifted, BufferCopyFns.ShiftedGradient, (p, v, j) => { BufferCopyFns.ShiftedTangent(p, v, out j[0]); }, 5, "Shifted");
    }

    [Fact]
    public void Views_ranges_spreads_and_fills_of_slices() =>
        CheckScalar(BufferCopyFns.Views, BufferCopyFns.ViewsGradient, (x, v, j) => { BufferCopyFns.ViewsTangent(x, v, out j[0]); }, 5, "Views");

    [Fact]
    public void Fills_and_clears_in_a_loop() =>
        CheckScalar(BufferCopyFns.FilledInLoop, BufferCopyFns.FilledInLoopGradient, (x, v, j) => { BufferCopyFns.FilledInLoopTangent(x, v, out j[0]); }, 5, "FilledInLoop");

    [Fact]
    public void Copies_between_slices_of_a_span_parameter() =>
        CheckScalar(p => BufferCopyFns.SpanSlices(p), (p, d) => BufferCopyFns.SpanSlicesGradient(p, d), (x, v, j) => { BufferCopyFns.SpanSlicesTangent(x, v, out j[0]); }, 5, "SpanSlices");

    [Fact]
    public void The_Hessian_vector_product_through_copies()
    {
        double[] x = Point(5, 6);
        double[] v = Point(5, 16);
        var dX = new double[5];
        BufferCopyFns.FilledInLoopGradient((double[])x.Clone(), dX);
        var gX = new double[5];
        var hX = new double[5];
        BufferCopyFns.FilledInLoopHessianVector((double[])x.Clone(), v, gX, hX);
        Grad.Close(dX, gX, 1e-12, 1e-12, "FilledInLoop H·v gradient");
        Grad.CheckHessianVector(q => { var d = new double[5]; BufferCopyFns.FilledInLoopGradient((double[])q.Clone(), d); return d; }, x, v, hX, "FilledInLoop H·v");
    }

    [Fact]
    public void Array_Reverse_and_a_span_s_Reverse()
    {
        double[] x = Point(6, 8);
        double[] a = (double[])x.Clone();
        Array.Reverse(a);
        a.AsSpan(1, 3).Reverse();
        Assert.Equal(Enumerable.Range(0, 6).Sum(i => (i + 1) * a[i] * x[i]) + Math.Sin(a[0]), BufferCopyFns.Reversed(x), 13);
        CheckScalar(BufferCopyFns.Reversed, BufferCopyFns.ReversedGradient, (p, v, j) => { BufferCopyFns.ReversedTangent(p, v, out j[0]); }, 6, "Reversed");

        double[] u = Point(6, 9);
        double[] direction = Point(6, 19);
        var hU = new double[6];
        BufferCopyFns.ReversedHessianVector(u, direction, new double[6], hU);
        Grad.CheckHessianVector(q => { var d = new double[6]; BufferCopyFns.ReversedGradient(q, d); return d; }, u, direction, hU, "Reversed H·v");
    }

    [Theory]
    [InlineData(0, 7)]
    [InlineData(1, 4)]
    [InlineData(2, 5)]
    [InlineData(3, 1)]
    [InlineData(7, 0)]
    public void A_range_of_the_input_reversed_in_place(int index, int count)
    {
        CheckScalar(p => BufferCopyFns.ReversedInPlace(p, index, count), (p, d) => BufferCopyFns.ReversedInPlaceGradient(p, index, count, d),
            (p, v, j) => { BufferCopyFns.ReversedInPlaceTangent(p, index, count, v, out j[0]); }, 7, "ReversedInPlace " + index + " " + count);

        // The pullback: the incoming gradient of the reversed values goes back to the positions they came from.
        double[] x = Point(7, 5);
        double[] seed = Point(7, 6);
        double[] run = (double[])x.Clone();
        double[] dX = (double[])seed.Clone();
        BufferCopyFns.ReversedInPlacePullback(run, index, count, 1.0, dX);
        double[] expected = (double[])x.Clone();
        Array.Reverse(expected, index, count);
        Assert.Equal(expected, run);
        for (int i = 0; i < 7; i++)
        {
            int from = i >= index && i < index + count ? 2 * index + count - 1 - i : i;
            Grad.Close(seed[i] + 2 * (i + 1) * expected[i], dX[from], 1e-12, 1e-12, "pullback at " + from);
        }
    }

    [Fact]
    public void A_reversed_range_out_of_bounds_throws_as_Array_Reverse_does()
    {
        Assert.ThrowsAny<ArgumentException>(() => Array.Reverse(new double[4], 2, 3));
        Assert.ThrowsAny<ArgumentException>(() => BufferCopyFns.ReversedInPlaceGradient(new double[4], 2, 3, new double[4]));
        Assert.ThrowsAny<ArgumentException>(() => BufferCopyFns.ReversedInPlaceTangent(new double[4], -1, 2, new double[4], out _));
    }

    [Fact]
    public void A_float_copy_reversed()
    {
        float[] x = { 0.5f, -1.5f, 2.0f, 0.25f };
        var dX = new float[4];
        float value = BufferCopyFns.ReversedFloatGradient(x, dX);

        // Reversed, a = (x3, x2, x1, x0): the value is 2·x3 + x2·x1.
        Assert.Equal(2 * x[3] + x[2] * x[1], value, 6);
        Assert.Equal(new[] { 0f, x[2], x[1], 2f }, dX);
    }

    [Fact]
    public void A_void_method_that_copies_into_its_output()
    {
        double[] wz = Point(3, 21);
        double[] wx = Point(4, 22);
        double Loss(double[] p)
        {
            double[] x = p[..4];
            double[] z = p[4..];
            BufferCopyFns.CopyOut(x, z);
            return wz.Zip(z, (a, b) => a * b).Sum() + wx.Zip(x, (a, b) => a * b).Sum();
        }

        double[] point = Point(7, 23);
        double[] x = point[..4];
        double[] z = point[4..];
        double[] dX = (double[])wx.Clone();
        double[] dZ = (double[])wz.Clone();
        BufferCopyFns.CopyOutPullback(x, z, dX, dZ);
        Grad.Check(Loss, point, [.. dX, .. dZ], "CopyOut");
        Assert.Equal(0.0, x[0]);
        Assert.Equal(point[2] * point[0], z[1], 14);
    }

    [Fact]
    public void Helpers_that_write_their_buffers_only_indirectly()
    {
        foreach (int seed in new[] { 31, 32 })
        {
            double[] x = Point(6, seed);
            double factor = 0.6 + 0.1 * seed % 3;
            var dX = new double[6];
            double dFactor = 0;
            double value = BufferCopyFns.IndirectWritersGradient((double[])x.Clone(), factor, dX, ref dFactor);
            Assert.Equal(BufferCopyFns.IndirectWriters((double[])x.Clone(), factor), value, 12);
            Grad.Check(p => BufferCopyFns.IndirectWriters(p[..6], p[6]), [.. x, factor], [.. dX, dFactor], "IndirectWriters");

            double[] v = Point(7, seed + 1);
            BufferCopyFns.IndirectWritersTangent((double[])x.Clone(), factor, v[..6], v[6], out double jvp);
            Grad.Close(dX.Zip(v, (g, t) => g * t).Sum() + dFactor * v[6], jvp, 1e-10, 1e-10, "IndirectWriters tangent = ⟨∇f, v⟩");
        }
    }

    [Fact]
    public void Views_taken_with_ranges_and_indices_from_the_end() =>
        CheckScalar(BufferCopyFns.RangeViews, BufferCopyFns.RangeViewsGradient, (x, v, j) => { BufferCopyFns.RangeViewsTangent(x, v, out j[0]); }, 5, "RangeViews");

    [Fact]
    public void Named_arguments_in_any_order() =>
        CheckScalar(BufferCopyFns.NamedArguments, BufferCopyFns.NamedArgumentsGradient, (x, v, j) => { BufferCopyFns.NamedArgumentsTangent(x, v, out j[0]); }, 5, "NamedArguments");

    [Fact]
    public void A_null_buffer_throws_what_the_method_throws()
    {
        Assert.Throws<ArgumentNullException>(() => BufferCopyFns.RangeViews(null!));
        Assert.Throws<ArgumentNullException>(() => BufferCopyFns.RangeViewsGradient(null!, new double[5]));
        Assert.Throws<ArgumentNullException>(() => BufferCopyFns.RangeViewsTangent(null!, new double[5], out _));
    }

    [Fact]
    public void Float_buffers()
    {
        float[] x = { 0.5f, 0.25f, 2f };
        var dX = new float[3];
        BufferCopyFns.FloatsGradient(x, dX);
        Assert.Equal(x[1], dX[0], 6);
        Assert.Equal(x[0] + MathF.Cos(x[1]), dX[1], 6);
        Assert.Equal(0f, dX[2]);
    }

    [Fact]
    public void Copies_from_fields_and_properties_take_their_elements_as_constants()
    {
        var fns = new ConstantSourceCopyFns();
        CheckScalar(fns.FromField, fns.FromFieldGradient, (x, v, j) => { fns.FromFieldTangent(x, v, out j[0]); }, 5, "FromField");
        CheckScalar(fns.FromProperty, fns.FromPropertyGradient, (x, v, j) => { fns.FromPropertyTangent(x, v, out j[0]); }, 5, "FromProperty");

        // The pullback of a method that overwrites its parameter from a table: the gradient of the initial values.
        foreach (int seed in new[] { 1, 2, 3 })
        {
            double[] x = Point(5, seed);
            double w = 0.7 + seed * 0.1;
            var dX = new double[5];
            double dW = 0;
            double[] run = (double[])x.Clone();
            double value = fns.AtOffsetsPullback(run, w, dX, ref dW);
            double[] plain = (double[])x.Clone();
            Assert.Equal(fns.AtOffsets(plain, w), value, 12);
            Assert.Equal(plain, run);
            Assert.Equal(new[] { 3.0, 1.5, -0.25 }, run[..3]);
            Grad.Check(p => fns.AtOffsets(p[..5], p[5]), [.. x, w], [.. dX, dW], "AtOffsets");
        }

        // The source is read when the call runs: a field changed between calls is seen.
        var changed = new ConstantSourceCopyFns();
        changed.Weights[0] = 2.0;
        double[] point = Point(5, 7);
        var dChanged = new double[5];
        Assert.Equal(changed.FromProperty(point), changed.FromPropertyGradient(point, dChanged), 14);
        Assert.Equal(2.0 * Math.Cos(2.0 * point[0]), dChanged[0], 12);
    }

    [Fact]
    public void Bounds_out_of_range_throw_an_argument_exception_as_the_call_does()
    {
        double[] x = Point(2, 5);
        Assert.ThrowsAny<ArgumentException>(() => BufferCopyFns.Views(Point(5, 5)[..2]));
        Assert.ThrowsAny<ArgumentException>(() => BufferCopyFns.ViewsGradient(x, new double[2]));
        Assert.ThrowsAny<ArgumentException>(() => BufferCopyFns.CopyOutPullback(Point(4, 1), new double[1], new double[4], new double[1]));
    }
}
