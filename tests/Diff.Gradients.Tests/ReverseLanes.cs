using System.Linq;
using System.Runtime.CompilerServices;
using Diff;
using Diff.Internal;

namespace Diff.Gradients.Tests;

/// <summary>
/// Functions for reverse mode in lanes (<c>MPullbackLanes</c>, up to eight output rows per run), which <c>MJacobian</c>
/// runs when it has fewer outputs than inputs: spans and arrays, a scalar input, loops that overwrite, branches, a local
/// array, a kink, an inlined helper, and one helper that stays a call (no lanes then).
/// </summary>
public static partial class ReverseLanesFns
{
    /// <summary>A small helper, inlined into its callers.</summary>
    [Differentiable]
    public static double Bump(double a, double b) => a * Math.Exp(-b * b);

    /// <summary>Thirty inputs and <c>y.Length</c> outputs (2 to 20): one or more runs in lanes.</summary>
    [Differentiable]
    public static void Many(ReadOnlySpan<double> x, double s, Span<double> y)
    {
        double[] work = new double[3];
        for (int k = 0; k < 3; k++)
        {
            work[k] = x[k] * s;
        }

        for (int i = 0; i < y.Length; i++)
        {
            double a = x[i % x.Length];
            double b = x[(7 * i + 3) % x.Length];
            double acc = work[i % 3];
            for (int j = 0; j < 3; j++)
            {
                acc = acc * Math.Cos(a) + Bump(b, acc);
            }

            if (a > b)
            {
                y[i] = acc + Math.Max(a, s) * Math.Abs(b);
            }
            else
            {
                y[i] = Math.Tanh(acc * a) - Math.Sqrt(1 + b * b);
            }
        }
    }

    /// <summary>The same shape with arrays, whose shadows <c>MJacobian</c> rents instead of keeping on the stack, and an in-place update.</summary>
    [Differentiable]
    public static void ManyArrays(double[] x, double[] y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = x[i % x.Length];
            for (int j = 0; j < x.Length; j++)
            {
                y[i] = y[i] * 0.5 + Math.Sin(x[j] * (i + 1));
            }
        }
    }

    /// <summary>Row 0's partial is infinite at x₀ = 0, where row 1 does not depend on x₀: by rows, ∂y₁/∂x₀ is 0.</summary>
    [Differentiable]
    public static void Kink(ReadOnlySpan<double> x, Span<double> y)
    {
        y[0] = Math.Sqrt(x[0]) + x[1];
        y[1] = 3 * x[1] + x[2] * x[2];
    }

    /// <summary>A helper kept as a call.</summary>
    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Kept(double a) => Math.Sin(a) * a;

    /// <summary>Calls a helper that is not inlined: its Jacobian runs one pullback per row.</summary>
    [Differentiable]
    public static void WithCall(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Kept(x[i % x.Length]) * x[(i + 1) % x.Length];
        }
    }
}

/// <summary>Under [SkipLocalsInit], stack memory starts with whatever was there: a Jacobian's shadows must be cleared.</summary>
[SkipLocalsInit]
public static partial class UninitializedStackFns
{
    [Differentiable]
    public static void Square(ReadOnlySpan<double> a, Span<double> b)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = a[i] * a[i];
        }
    }

    [Differentiable]
    public static void Spread(ReadOnlySpan<double> a, double s, Span<double> b)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = a[i % a.Length] * s;
        }
    }

    /// <summary>Fills a stretch of the stack with a marker, so that the next call's uninitialized stack memory holds it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Dirty()
    {
        Span<double> junk = stackalloc double[4096];
        junk.Fill(12345);
        return junk[4095];
    }

    /// <summary>A helper that reads a local array's element at an index its loop does not change, over a range that may be empty.</summary>
    [Differentiable]
    public static void EmptyRange(ReadOnlySpan<double> x, Span<double> y, int start, int end)
    {
        double[] t = new double[4];
        for (int i = 0; i < 4; i++)
        {
            t[i] = x[i] * x[i];
        }

        double s = 0;
        for (int j = start; j < end; j++)
        {
            s += t[start] * x[j];
        }

        y[0] = s;
        y[1] = t[0];
    }
}

public sealed class ReverseLanesTests
{
    [Fact]
    public void Shadows_on_an_uninitialized_stack_are_cleared_before_the_first_run()
    {
        double[] a = { 1, 2, 3 };
        var jacobian = new double[9];
        UninitializedStackFns.Dirty();
        UninitializedStackFns.SquareJacobian(a, new double[3], jacobian);
        Assert.Equal(new double[] { 2, 0, 0, 0, 4, 0, 0, 0, 6 }, jacobian);

        // Forward mode too: ten outputs and four inputs take one run in lanes.
        var wide = new double[10 * 4];
        UninitializedStackFns.Dirty();
        UninitializedStackFns.SpreadJacobian(a, 0.5, new double[10], wide);
        for (int row = 0; row < 10; row++)
        {
            for (int column = 0; column < 3; column++)
            {
                Assert.Equal(column == row % 3 ? 0.5 : 0, wide[row * 4 + column]);
            }

            Assert.Equal(a[row % 3], wide[row * 4 + 3]);
        }
    }

    [Fact]
    public void An_accumulation_over_a_loop_that_runs_no_times_adds_nothing()
    {
        double[] x = { 0.5, -1, 2, 0.25 };
        foreach ((int start, int end) in new[] { (4, 4), (1, 3), (0, 4) })
        {
            var dX = new double[4];
            UninitializedStackFns.EmptyRangePullback(x, new double[2], start, end, dX, new double[] { 1, 0.5 });
            Grad.Check(
                p =>
                {
                    var y = new double[2];
                    UninitializedStackFns.EmptyRange(p, y, start, end);
                    return y[0] + 0.5 * y[1];
                },
                x,
                dX,
                $"EmptyRange {start}..{end}");
        }
    }


    private static double[] Point(int n, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    private static double[] Many(double[] p, int outputs)
    {
        var y = new double[outputs];
        ReverseLanesFns.Many(p.AsSpan(0, p.Length - 1), p[^1], y);
        return y;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(20)]
    public void A_Jacobian_in_reverse_lanes_matches_finite_differences(int outputs)
    {
        double[] x = Point(29, outputs);
        const double s = 0.8;
        var y = new double[outputs];
        var jacobian = new double[outputs * 30];
        ReverseLanesFns.ManyJacobian(x, s, y, jacobian);
        Assert.Equal(Many(x.Append(s).ToArray(), outputs), y);
        for (int row = 0; row < outputs; row++)
        {
            int r = row;
            Grad.Check(p => Many(p, outputs)[r], x.Append(s).ToArray(), jacobian.Skip(r * 30).Take(30).ToArray(), "Many row " + r);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    public void Each_row_in_lanes_is_the_row_of_its_own_pullback(int outputs)
    {
        double[] x = Point(29, 40 + outputs);
        const double s = -0.6;
        var jacobian = new double[outputs * 30];
        ReverseLanesFns.ManyJacobian(x, s, new double[outputs], jacobian);
        for (int row = 0; row < outputs; row++)
        {
            var dX = new double[29];
            double dS = 0;
            var dY = new double[outputs];
            dY[row] = 1;
            ReverseLanesFns.ManyPullback(x, s, new double[outputs], dX, ref dS, dY);
            for (int column = 0; column < 29; column++)
            {
                Assert.Equal(dX[column], jacobian[row * 30 + column], 12);
            }

            Assert.Equal(dS, jacobian[row * 30 + 29], 12);
        }
    }

    [Fact]
    public void Each_lane_of_a_pullback_is_its_own_seed()
    {
        double[] x = Point(29, 77);
        const double s = 0.3;
        const int outputs = 5;
        var seeds = new double[TangentLanes.Width][];
        var dY = new TangentLanes[outputs];
        for (int lane = 0; lane < TangentLanes.Width; lane++)
        {
            seeds[lane] = Point(outputs, 200 + lane);
            for (int row = 0; row < outputs; row++)
            {
                dY[row] += seeds[lane][row] * TangentLanes.Unit(lane);
            }
        }

        var dX = new TangentLanes[29];
        TangentLanes dS = 0;
        ReverseLanesFns.ManyPullbackLanes(x, s, new double[outputs], dX, ref dS, dY);
        for (int lane = 0; lane < TangentLanes.Width; lane++)
        {
            var expected = new double[29];
            double expectedS = 0;
            ReverseLanesFns.ManyPullback(x, s, new double[outputs], expected, ref expectedS, (double[])seeds[lane].Clone());
            for (int column = 0; column < 29; column++)
            {
                Assert.Equal(expected[column], dX[column][lane], 12);
            }

            Assert.Equal(expectedS, dS[lane], 12);
        }
    }

    [Fact]
    public void Array_parameters_in_lanes_match_finite_differences()
    {
        double[] x = Point(12, 9);
        const int outputs = 4;
        var y = new double[outputs];
        var jacobian = new double[outputs * 12];
        ReverseLanesFns.ManyArraysJacobian(x, y, jacobian);
        for (int row = 0; row < outputs; row++)
        {
            int r = row;
            Grad.Check(
                p =>
                {
                    var o = new double[outputs];
                    ReverseLanesFns.ManyArrays(p, o);
                    return o[r];
                },
                x,
                jacobian.Skip(r * 12).Take(12).ToArray(),
                "ManyArrays row " + r);
        }
    }

    [Fact]
    public void A_row_that_meets_an_infinite_partial_of_another_row_is_computed_again_by_itself()
    {
        double[] x = { 0, 0.5, -0.25 };
        var jacobian = new double[2 * 3];
        ReverseLanesFns.KinkJacobian(x, new double[2], jacobian);
        Assert.Equal(double.PositiveInfinity, jacobian[0]);
        Assert.Equal(1, jacobian[1]);
        Assert.Equal(0, jacobian[2]);
        Assert.Equal(0, jacobian[3]);
        Assert.Equal(3, jacobian[4]);
        Assert.Equal(-0.5, jacobian[5]);
    }

    [Fact]
    public void Only_methods_whose_reverse_sweep_is_linear_in_one_adjoint_get_lanes()
    {
        Assert.NotNull(typeof(ReverseLanesFns).GetMethod("ManyPullbackLanes"));
        Assert.NotNull(typeof(ReverseLanesFns).GetMethod("ManyArraysPullbackLanes"));

        // A call left in the body would need its callee's adjoint in lanes too.
        Assert.Null(typeof(ReverseLanesFns).GetMethod("WithCallPullbackLanes"));
        double[] x = Point(6, 21);
        const int outputs = 4;
        var jacobian = new double[outputs * 6];
        ReverseLanesFns.WithCallJacobian(x, new double[outputs], jacobian);
        for (int row = 0; row < outputs; row++)
        {
            int r = row;
            Grad.Check(
                p =>
                {
                    var o = new double[outputs];
                    ReverseLanesFns.WithCall(p, o);
                    return o[r];
                },
                x,
                jacobian.Skip(r * 6).Take(6).ToArray(),
                "WithCall row " + r);
        }
    }
}
