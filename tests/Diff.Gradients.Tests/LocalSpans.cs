using System;
using System.Linq;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Local spans of float and double: scratch space (<c>stackalloc</c>, a new array, an initializer) and read-only views of
/// differentiable buffers (rows of a matrix, a tail, a whole buffer, ranges of a span). Each gradient is checked against
/// finite differences, each tangent against the gradient.
/// </summary>
public static partial class LocalSpanFns
{
    /// <summary>A span parameter only read: the helper the views are passed to.</summary>
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

    /// <summary>Rows of a row-major matrix taken as views in a loop, as a matrix-vector product is written.</summary>
    [Differentiable]
    public static double MatVecTanh(double[] w, double[] x, int rows)
    {
        double s = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> row = w.AsSpan(i * x.Length, x.Length);
            double d = 0;
            for (int j = 0; j < row.Length; j++)
            {
                d += row[j] * x[j];
            }

            s += Math.Tanh(d);
        }

        return s;
    }

    /// <summary>The whole buffer as a span, iterated with <c>foreach</c> and indexed from the end.</summary>
    [Differentiable]
    public static double WholeView(double[] x)
    {
        ReadOnlySpan<double> v = x;
        double s = 0;
        foreach (double e in v)
        {
            s += Math.Sin(e) * e;
        }

        return s + v[0] * v[^1];
    }

    /// <summary><c>stackalloc</c> scratch space, written, updated in place and passed to a helper.</summary>
    [Differentiable]
    public static double StackScratch(double[] x)
    {
        Span<double> t = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            t[i] = Math.Exp(x[i] * 0.5);
        }

        t[0] *= x[1];
        return SumSquares(t);
    }

    /// <summary>A tail declared with <c>var</c> and passed to a helper.</summary>
    [Differentiable]
    public static double TailView(double[] x)
    {
        var tail = x.AsSpan(1);
        return SumSquares(tail) * x[0];
    }

    /// <summary>Ranges and <c>Slice</c> of a span parameter.</summary>
    [Differentiable]
    public static double SpanParts(ReadOnlySpan<double> x)
    {
        ReadOnlySpan<double> head = x[..3];
        ReadOnlySpan<double> rest = x.Slice(3);
        return SumSquares(head) * rest[0] + rest.Length;
    }

    /// <summary>An initialized <c>stackalloc</c>, cleared, filled and updated.</summary>
    [Differentiable]
    public static double Initialized(double a, double b)
    {
        Span<double> c = stackalloc double[] { a * a, b, a * b };
        double kept = c[0] * c[2];
        c.Clear();
        c[1] = a;
        c.Fill(b);
        c[2] += a;
        return SumSquares(c) + kept;
    }

    /// <summary>A view declared in a loop after the loop body has written its buffer.</summary>
    [Differentiable]
    public static double ViewAfterWrite(double[] x)
    {
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            x[k] = x[k] * x[k + 1];
            ReadOnlySpan<double> v = x.AsSpan(k, 2);
            s += v[0] * v[1];
        }

        return s;
    }

    /// <summary>The buffer written after the view's last use, outside any loop that uses it.</summary>
    [Differentiable]
    public static double WriteAfterLastUse(double[] x)
    {
        ReadOnlySpan<double> v = x;
        double r = SumSquares(v);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= 2;
        }

        return r + x[0];
    }

    /// <summary>The buffer written from the view's elements, the view not used after: the right is read first.</summary>
    [Differentiable]
    public static double WrittenFromTheView(double[] x)
    {
        ReadOnlySpan<double> v = x.AsSpan(1);
        double r = v[0] * v[1];
        x[0] = v[0] * 2;
        return r + x[0] * x[2];
    }

    /// <summary>A view copied into a local array.</summary>
    [Differentiable]
    public static double CopiedOut(double[] x)
    {
        ReadOnlySpan<double> v = x.AsSpan(2);
        double[] y = new double[v.Length];
        v.CopyTo(y);
        return y[0] * y[1] + SumSquares(y);
    }

    /// <summary>A float view.</summary>
    [Differentiable]
    public static float FloatView(float[] xs)
    {
        ReadOnlySpan<float> r = xs.AsSpan(1, 3);
        float s = 0;
        for (int i = 0; i < r.Length; i++)
        {
            s += MathF.Sqrt(r[i] * r[i] + 1f);
        }

        return s;
    }

    /// <summary>
    /// An array local that names a parameter (<c>double[] a = x;</c>, as code ported from languages with references
    /// renames a buffer), only read: a read-only view of it, also given to a helper.
    /// </summary>
    [Differentiable]
    public static double ArrayAlias(double[] x, double y)
    {
        double[] a = x;
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i] * y;
        }

        return s + SumSquares(a) * a[0];
    }
}

public sealed class LocalSpanTests
{
    private static void Check(Func<double[], double> f, Func<double[], double[], double> gradient, Action<double[], double[], double[]> tangent, int n, string name) =>
        BufferCopyTests.CheckScalar(f, gradient, tangent, n, name);

    [Fact]
    public void Rows_of_a_matrix_taken_as_views_in_a_loop()
    {
        double[] x = BufferCopyTests.Point(4, 7);
        Check(w => LocalSpanFns.MatVecTanh(w, x, 3), (w, dW) => LocalSpanFns.MatVecTanhGradient(w, x, 3, dW, new double[4]),
            (w, v, j) => { LocalSpanFns.MatVecTanhTangent(w, x, 3, v, new double[4], out j[0]); }, 12, "MatVecTanh w");
        double[] w = BufferCopyTests.Point(12, 8);
        Check(p => LocalSpanFns.MatVecTanh(w, p, 3), (p, dX) => LocalSpanFns.MatVecTanhGradient(w, p, 3, new double[12], dX),
            (p, v, j) => { LocalSpanFns.MatVecTanhTangent(w, p, 3, new double[12], v, out j[0]); }, 4, "MatVecTanh x");
    }

    [Fact]
    public void An_array_local_naming_a_parameter_is_a_view() =>
        Check(p => LocalSpanFns.ArrayAlias(p[..4], p[4]),
            (p, d) =>
            {
                var dX = new double[4];
                double dY = 0;
                double value = LocalSpanFns.ArrayAliasGradient(p[..4], p[4], dX, ref dY);
                dX.CopyTo(d, 0);
                d[4] = dY;
                return value;
            },
            (p, v, j) => { LocalSpanFns.ArrayAliasTangent(p[..4], p[4], v[..4], v[4], out j[0]); }, 5, "ArrayAlias");

    [Fact]
    public void The_whole_buffer_as_a_view() =>
        Check(LocalSpanFns.WholeView, LocalSpanFns.WholeViewGradient, (x, v, j) => { LocalSpanFns.WholeViewTangent(x, v, out j[0]); }, 5, "WholeView");

    [Fact]
    public void Stackalloc_scratch_space() =>
        Check(LocalSpanFns.StackScratch, LocalSpanFns.StackScratchGradient, (x, v, j) => { LocalSpanFns.StackScratchTangent(x, v, out j[0]); }, 5, "StackScratch");

    [Fact]
    public void A_tail_passed_to_a_helper() =>
        Check(LocalSpanFns.TailView, LocalSpanFns.TailViewGradient, (x, v, j) => { LocalSpanFns.TailViewTangent(x, v, out j[0]); }, 5, "TailView");

    [Fact]
    public void Ranges_and_slices_of_a_span_parameter() =>
        Check(p => LocalSpanFns.SpanParts(p), (p, d) => LocalSpanFns.SpanPartsGradient(p, d), (x, v, j) => { LocalSpanFns.SpanPartsTangent(x, v, out j[0]); }, 6, "SpanParts");

    [Fact]
    public void An_initialized_stackalloc_cleared_and_filled() =>
        Check(p => LocalSpanFns.Initialized(p[0], p[1]), (p, d) => LocalSpanFns.InitializedGradient(p[0], p[1], ref d[0], ref d[1]),
            (p, v, j) => { LocalSpanFns.InitializedTangent(p[0], p[1], v[0], v[1], out j[0]); }, 2, "Initialized");

    [Fact]
    public void A_view_declared_after_its_buffer_is_written() =>
        Check(LocalSpanFns.ViewAfterWrite, LocalSpanFns.ViewAfterWriteGradient, (x, v, j) => { LocalSpanFns.ViewAfterWriteTangent(x, v, out j[0]); }, 5, "ViewAfterWrite");

    [Fact]
    public void The_buffer_written_after_the_views_last_use() =>
        Check(LocalSpanFns.WriteAfterLastUse, LocalSpanFns.WriteAfterLastUseGradient, (x, v, j) => { LocalSpanFns.WriteAfterLastUseTangent(x, v, out j[0]); }, 4, "WriteAfterLastUse");

    [Fact]
    public void The_buffer_written_from_the_view_in_one_assignment() =>
        Check(LocalSpanFns.WrittenFromTheView, LocalSpanFns.WrittenFromTheViewGradient, (x, v, j) => { LocalSpanFns.WrittenFromTheViewTangent(x, v, out j[0]); }, 4, "WrittenFromTheView");

    [Fact]
    public void A_view_copied_into_a_local_array() =>
        Check(LocalSpanFns.CopiedOut, LocalSpanFns.CopiedOutGradient, (x, v, j) => { LocalSpanFns.CopiedOutTangent(x, v, out j[0]); }, 6, "CopiedOut");

    [Fact]
    public void The_Hessian_vector_product_through_a_view()
    {
        double[] x = BufferCopyTests.Point(5, 9);
        double[] v = BufferCopyTests.Point(5, 19);
        var gX = new double[5];
        var hX = new double[5];
        LocalSpanFns.WholeViewHessianVector(x, v, gX, hX);
        Grad.CheckHessianVector(q => { var d = new double[5]; LocalSpanFns.WholeViewGradient(q, d); return d; }, x, v, hX, "WholeView H·v");
    }

    [Fact]
    public void A_float_view()
    {
        float[] x = { 0.3f, -0.7f, 1.1f, 0.2f, 0.9f };
        var dX = new float[5];
        LocalSpanFns.FloatViewGradient(x, dX);
        Assert.Equal(0f, dX[0]);
        for (int i = 1; i <= 3; i++)
        {
            Assert.Equal(x[i] / MathF.Sqrt(x[i] * x[i] + 1f), dX[i], 6);
        }

        Assert.Equal(0f, dX[4]);
    }
}
