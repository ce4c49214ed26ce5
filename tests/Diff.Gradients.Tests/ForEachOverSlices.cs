using System.Linq;
using Diff;
using static Diff.Gradients.Tests.PeerCheck;

namespace Diff.Gradients.Tests;

/// <summary>
/// <c>foreach</c> over a slice written in the loop header, as C# code walks part of a buffer: <c>x.AsSpan(a, n)</c>,
/// <c>x.AsSpan(a)</c>, <c>x.AsSpan()</c>, <c>x[a..b]</c> (a copy), <c>x.AsSpan(1..^1)</c> and a span's <c>Slice</c>,
/// with the bounds from parameters, a body that writes the buffer behind a view, <c>break</c> and <c>continue</c>.
/// </summary>
public static partial class ForEachSliceFns
{
    [Differentiable]
    public static double HeadSquares(double[] x)
    {
        double s = 0;
        foreach (var v in x.AsSpan(0, 2))
        {
            s += v * v;
        }

        return s;
    }

    [Differentiable]
    public static double TailAndWhole(double[] x, double w)
    {
        double s = 0;
        foreach (double v in x.AsSpan(1))
        {
            s += Math.Sin(w * v);
        }

        foreach (double v in x.AsSpan())
        {
            s += v * w;
        }

        return s;
    }

    [Differentiable]
    public static double RangeCopy(double[] x)
    {
        double s = 1;
        foreach (var v in x[1..^1])
        {
            s *= 1 + v * v;
        }

        return Math.Log(s);
    }

    [Differentiable]
    public static double ViewOfASpan(ReadOnlySpan<double> x, int skip)
    {
        double s = 0;
        foreach (var v in x.Slice(skip, x.Length - skip))
        {
            if (v < -2)
            {
                continue;
            }

            if (v > 10)
            {
                break;
            }

            s += Math.Exp(0.3 * v);
        }

        return s;
    }

    /// <summary>The view reads the buffer as the loop goes, so an element written earlier in the loop is read as written.</summary>
    [Differentiable]
    public static double WritesAhead(double[] x)
    {
        double s = 0;
        int i = 0;
        foreach (var v in x.AsSpan(1..^0))
        {
            if (i + 2 < x.Length)
            {
                x[i + 2] = x[i + 2] * v;
            }

            s += v;
            i++;
        }

        return s;
    }

    [Differentiable]
    public static float FloatWindow(float[] x, float w)
    {
        float s = 0;
        foreach (float v in x.AsSpan(1, 3))
        {
            s += MathF.Tanh(w * v);
        }

        return s;
    }
}

public sealed class ForEachOverSlices
{
    private static readonly double[] X = { 0.7, -1.3, 0.4, 2.1, -0.6 };

    [Fact]
    public void A_slice_of_the_head() => CheckA(ForEachSliceFns.HeadSquares, ForEachSliceFns.HeadSquaresGradient, X, "x.AsSpan(0, 2)");

    [Fact]
    public void The_tail_and_the_whole() => CheckAX(ForEachSliceFns.TailAndWhole, ForEachSliceFns.TailAndWholeGradient, X, 0.8, "x.AsSpan(1), x.AsSpan()");

    [Fact]
    public void A_range_copy() => CheckA(ForEachSliceFns.RangeCopy, ForEachSliceFns.RangeCopyGradient, X, "x[1..^1]");

    [Fact]
    public void A_view_of_a_span_parameter_with_break_and_continue()
    {
        double[] x = { 0.5, -2.5, 1.2, 11.0, 0.3 };
        double[] dX = new double[x.Length];
        double value = ForEachSliceFns.ViewOfASpanGradient(x, 1, dX);
        Grad.SameValue(ForEachSliceFns.ViewOfASpan(x, 1), value, "x.Slice(skip, …)");
        Grad.Check(p => ForEachSliceFns.ViewOfASpan(p, 1), x, dX, "x.Slice(skip, …)");
        Assert.Equal(0, dX[0]);
        Assert.Equal(0, dX[4]);
    }

    [Fact]
    public void A_view_reads_what_the_loop_wrote() => CheckA(ForEachSliceFns.WritesAhead, ForEachSliceFns.WritesAheadGradient, X, "x.AsSpan(1..^0), written ahead");

    [Fact]
    public void A_float_window()
    {
        float[] x = { 0.5f, -0.25f, 0.75f, 1.5f, -1f };
        float[] dX = new float[x.Length];
        float dW = 0;
        float value = ForEachSliceFns.FloatWindowGradient(x, 0.9f, dX, ref dW);
        Assert.Equal(ForEachSliceFns.FloatWindow(x, 0.9f), value);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = i is >= 1 and <= 3 ? 0.9 * (1 - Math.Pow(Math.Tanh(0.9 * x[i]), 2)) : 0;
            Assert.Equal(expected, dX[i], 5);
        }

        Assert.Equal(Enumerable.Range(1, 3).Sum(i => x[i] * (1 - Math.Pow(Math.Tanh(0.9 * x[i]), 2))), dW, 5);
    }
}

/// <summary>
/// Local arrays declared from arrays of constants: a static table aliased or copied, an instance field cloned or copied
/// with <c>ToArray</c> or a range, and what a plain helper or <c>Array.Empty</c> returns. The locals then hold constants
/// (a copy's elements may be overwritten with values that carry a derivative).
/// </summary>
public partial class LocalTableFns
{
    private static readonly double[] Coefficients = { 1.0, -0.5, 0.25, 2.0 };

    public double[] Weights = { 0.5, 1.5, -2.0 };

    private static double[] MakeGrid(int n)
    {
        var grid = new double[n];
        for (int i = 0; i < n; i++)
        {
            grid[i] = 0.5 * i;
        }

        return grid;
    }

    [Differentiable]
    public static double AliasedTable(double x)
    {
        double[] c = Coefficients;
        double s = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            s = s * x + c[i];
        }

        return s;
    }

    [Differentiable]
    public double CopiedWeights(double[] x)
    {
        double[] w = Weights.ToArray();
        double[] v = (double[])Weights.Clone();
        double[] tail = Weights[1..];
        w[0] *= x[0];
        return w[0] * x[1] + v[1] * x[2] + tail[1] * x[0] * x[0];
    }

    [Differentiable]
    public static double GridAndEmpty(double x)
    {
        double[] g = MakeGrid(4);
        double[] none = Array.Empty<double>();
        double s = none.Length;
        foreach (double node in g)
        {
            s += Math.Exp(-(x - node) * (x - node));
        }

        return s;
    }
}

public sealed class ConstantTables
{
    [Fact]
    public void A_static_table_held_in_a_local() => PeerCheck.Check1(LocalTableFns.AliasedTable, LocalTableFns.AliasedTableGradient, 0.7, "double[] c = Coefficients");

    [Fact]
    public void Copies_of_an_instance_field()
    {
        var model = new LocalTableFns();
        PeerCheck.CheckA(model.CopiedWeights, model.CopiedWeightsGradient, new[] { 0.4, -1.2, 0.9 }, "Weights.ToArray(), Clone(), Weights[1..]");
        Assert.Equal(new[] { 0.5, 1.5, -2.0 }, model.Weights);
    }

    [Fact]
    public void What_a_plain_helper_returns() => PeerCheck.Check1(LocalTableFns.GridAndEmpty, LocalTableFns.GridAndEmptyGradient, 0.8, "MakeGrid(4)");
}
