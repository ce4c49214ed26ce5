using System.Linq;
using Diff;
using Diff.Internal;

namespace Diff.Gradients.Tests;

/// <summary>
/// Functions for vector forward mode (<c>MTangentLanes</c>, eight directions per run), which <c>MJacobian</c> runs
/// when that takes fewer runs than reverse mode: more inputs than one run's lanes, helpers of every kind, branches,
/// loops, a local array, a float twin.
/// </summary>
public static partial class LanesFns
{
    /// <summary>A value helper: called with a scalar argument and with an element.</summary>
    [Differentiable]
    public static double Soft(double a, double b) => Math.Log(Math.Exp(a) + Math.Exp(b));

    /// <summary>A helper that writes a buffer, with a loop.</summary>
    [Differentiable]
    public static void Scale(ReadOnlySpan<double> x, double s, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = s * x[i % x.Length];
        }
    }

    /// <summary>A value helper that takes a buffer.</summary>
    [Differentiable]
    public static double Norm(double[] v)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += v[i] * v[i];
        }

        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Eleven inputs (ten elements and a scalar) and <c>y.Length</c> outputs: two runs in lanes, the second with three
    /// lanes in use.
    /// </summary>
    [Differentiable]
    public static void Wide(ReadOnlySpan<double> x, double s, Span<double> y)
    {
        double[] scaled = new double[x.Length];
        Scale(x, s, scaled);
        double norm = Norm(scaled);
        for (int i = 0; i < y.Length; i++)
        {
            double a = x[i % x.Length];
            double b = scaled[(3 * i + 1) % x.Length];
            if (a > b)
            {
                y[i] = Soft(a, b) * norm;
            }
            else
            {
                y[i] = Math.Sin(a * b) + Math.Max(a, s) / (1 + norm);
            }
        }
    }

    /// <summary>The float twin of <see cref="Wide"/>'s loop: lanes carry float tangents in double.</summary>
    [Differentiable]
    public static void WideFloat(ReadOnlySpan<float> x, float s, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float a = x[i % x.Length];
            float b = x[(3 * i + 1) % x.Length];
            y[i] = a > b ? MathF.Tanh(a * s) + (float)Math.Exp(b) : a * b * s;
        }
    }

    /// <summary>Twenty-one inputs and two outputs: three runs in lanes against two pullbacks, so reverse mode.</summary>
    [Differentiable]
    public static void Narrow(double[] x, double s, double[] y)
    {
        y[0] = 0;
        y[1] = 1;
        for (int i = 0; i < x.Length; i++)
        {
            y[0] += x[i] * x[i] * s;
            y[1] *= 1 + 0.1 * x[i];
        }
    }
}

public sealed class TangentLanesTests
{
    private static double[] Point(int n, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    /// <summary>Every row of a row-major Jacobian against central differences of that output.</summary>
    private static void CheckRows(Func<double[], double[]> f, double[] point, double[] jacobian, int rows, string what)
    {
        int columns = point.Length;
        Assert.Equal(rows * columns, jacobian.Length);
        for (int row = 0; row < rows; row++)
        {
            int r = row;
            Grad.Check(p => f(p)[r], point, jacobian.Skip(r * columns).Take(columns).ToArray(), what + " row " + r);
        }
    }

    private static double[] Wide(double[] p, int outputs)
    {
        var y = new double[outputs];
        LanesFns.Wide(p.AsSpan(0, p.Length - 1), p[^1], y);
        return y;
    }

    [Theory]
    [InlineData(24)]
    [InlineData(12)]
    public void A_Jacobian_in_lanes_matches_finite_differences(int outputs)
    {
        double[] x = Point(10, 3);
        const double s = 0.7;
        var y = new double[outputs];
        var jacobian = new double[outputs * 11];
        LanesFns.WideJacobian(x, s, y, jacobian);
        Assert.Equal(Wide(x.Append(s).ToArray(), outputs), y);
        CheckRows(p => Wide(p, outputs), x.Append(s).ToArray(), jacobian, outputs, "Wide");
    }

    [Fact]
    public void A_Jacobian_in_lanes_equals_one_tangent_per_column()
    {
        double[] x = Point(10, 5);
        const double s = -0.4;
        const int outputs = 20;
        var jacobian = new double[outputs * 11];
        LanesFns.WideJacobian(x, s, new double[outputs], jacobian);
        for (int column = 0; column < 11; column++)
        {
            var tX = new double[10];
            double tS = column == 10 ? 1 : 0;
            if (column < 10)
            {
                tX[column] = 1;
            }

            var tY = new double[outputs];
            LanesFns.WideTangent(x, s, new double[outputs], tX, tS, tY);
            for (int row = 0; row < outputs; row++)
            {
                Assert.Equal(tY[row], jacobian[row * 11 + column], 12);
            }
        }
    }

    [Fact]
    public void A_float_Jacobian_in_lanes_matches_its_double_twin()
    {
        float[] x = Point(10, 7).Select(v => (float)v).ToArray();
        const float s = 0.9f;
        const int outputs = 16;
        var y = new float[outputs];
        var jacobian = new float[outputs * 11];
        LanesFns.WideFloatJacobian(x, s, y, jacobian);
        for (int row = 0; row < outputs; row++)
        {
            int r = row;
            double Twin(double[] p)
            {
                double a = p[r % 10], b = p[(3 * r + 1) % 10];
                return a > b ? Math.Tanh(a * p[10]) + Math.Exp(b) : a * b * p[10];
            }

            Grad.CheckFloat(Twin, x.Select(v => (double)v).Append(s).ToArray(), jacobian.Skip(r * 11).Take(11).ToArray(), "WideFloat row " + r);
        }
    }

    [Fact]
    public void Reverse_mode_is_kept_where_lanes_would_take_more_runs()
    {
        double[] x = Point(20, 11);
        const double s = 1.3;
        var y = new double[2];
        var jacobian = new double[2 * 21];
        LanesFns.NarrowJacobian(x, s, y, jacobian);
        double[] F(double[] p)
        {
            var o = new double[2];
            LanesFns.Narrow(p.Take(20).ToArray(), p[20], o);
            return o;
        }

        CheckRows(F, x.Append(s).ToArray(), jacobian, 2, "Narrow");
    }

    [Fact]
    public void Each_lane_of_a_tangent_is_its_own_direction()
    {
        double[] x = Point(10, 13);
        const double s = 0.2;
        const int outputs = 9;
        var tX = new TangentLanes[10];
        TangentLanes tS = 0;
        var directions = new double[TangentLanes.Width][];
        for (int lane = 0; lane < TangentLanes.Width; lane++)
        {
            directions[lane] = Point(11, 100 + lane);
            for (int i = 0; i < 10; i++)
            {
                tX[i] += directions[lane][i] * TangentLanes.Unit(lane);
            }

            tS += directions[lane][10] * TangentLanes.Unit(lane);
        }

        var tY = new TangentLanes[outputs];
        LanesFns.WideTangentLanes(x, s, new double[outputs], tX, tS, tY);
        for (int lane = 0; lane < TangentLanes.Width; lane++)
        {
            var expected = new double[outputs];
            LanesFns.WideTangent(x, s, new double[outputs], directions[lane].AsSpan(0, 10), directions[lane][10], expected);
            for (int row = 0; row < outputs; row++)
            {
                Assert.Equal(expected[row], tY[row][lane], 12);
            }
        }
    }

    [Fact]
    public void Lanes_are_linear()
    {
        TangentLanes a = 0, b = 0;
        for (int lane = 0; lane < TangentLanes.Width; lane++)
        {
            a += (lane + 1) * TangentLanes.Unit(lane);
            b += (lane - 3.5) * TangentLanes.Unit(lane);
        }

        TangentLanes c = 2 * a - b / 4 + -a * 0.5 + 1;
        for (int lane = 0; lane < TangentLanes.Width; lane++)
        {
            Assert.Equal(2 * (lane + 1) - (lane - 3.5) / 4 - (lane + 1) * 0.5 + 1, c[lane], 14);
        }

        Assert.StartsWith("<", c.ToString());
    }
}
