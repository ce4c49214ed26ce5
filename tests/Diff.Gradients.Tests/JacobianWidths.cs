using System;
using System.Linq;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// <c>MJacobian</c> runs in the narrowest lanes that hold one run's seeds (2, 4 or 8), and keeps the written buffers'
/// initial values only where a run could see them: where the method reads the buffer, or where it shares memory with an
/// input.
/// </summary>
public static partial class JacobianWidthFns
{
    /// <summary>Writes y without reading it: every element depends on every input.</summary>
    [Differentiable]
    public static void Mix(ReadOnlySpan<double> x, double s, Span<double> y)
    {
        double total = 0;
        for (int j = 0; j < x.Length; j++)
        {
            total += Math.Sin(x[j] * (j + 1));
        }

        for (int i = 0; i < y.Length; i++)
        {
            y[i] = total * x[i % x.Length] + s * Math.Exp(0.1 * i * x[(i + 1) % x.Length]);
        }
    }

    /// <summary>Reads y before it writes it: the Jacobian holds y's initial values fixed, so every run starts from them.</summary>
    [Differentiable]
    public static void Blend(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = 0.5 * y[i] + x[i % x.Length] * x[(i + 2) % x.Length] + y[i] * x[0];
        }
    }
}

/// <summary>
/// Jacobians that one run gives whole: a single column (one tangent run, each output's tangent a slice of the Jacobian) and
/// a single row (one pullback, each input's adjoint a slice of it).
/// </summary>
public static partial class SingleRunFns
{
    /// <summary>A curve of one parameter: one column.</summary>
    [Differentiable]
    public static void Curve(double t, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Math.Sin((i + 1) * t) * Math.Exp(0.1 * t) + t * t * i;
        }
    }

    /// <summary>The same curve in float.</summary>
    [Differentiable]
    public static void CurveF(float t, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = MathF.Sin((i + 1) * t) + t * t * i;
        }
    }

    /// <summary>A curve whose one parameter comes in a buffer of length 1, and whose output may share its memory.</summary>
    [Differentiable]
    public static void CurveOfBuffer(ReadOnlySpan<double> a, Span<double> y)
    {
        double t = a[0];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Math.Cos(t * (i + 0.5)) + t;
        }
    }

    /// <summary>One column through a callee that has no tangent: neither has this method, and reverse mode does the work.</summary>
    [Differentiable]
    public static void CurveThroughCallee(double a, Span<double> y)
    {
        y[0] = Math.Sin(a);
        double[] inner = new double[y.Length];
        CurveThroughRegistration(a * 0.5, inner);
        for (int i = 1; i < y.Length; i++)
        {
            y[i] = inner[i] * a;
        }
    }

    /// <summary>A registration that writes buffers has no tangent: this method's tangent says so when it is called.</summary>
    [Differentiable]
    public static void CurveThroughRegistration(double a, Span<double> y)
    {
        y[0] = a * a;
        double[] x = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            x[i] = a * (i + 1);
        }

        double[] e = new double[y.Length];
        ForwardFns.ExpInto(x, e);
        for (int i = 1; i < y.Length; i++)
        {
            y[i] = e[i] - a;
        }
    }
}

/// <summary>A struct's instance method: its Jacobian keeps its runs inline (a local function cannot use the struct's members).</summary>
public partial struct JacobianWidthScaler
{
    /// <summary>The scale.</summary>
    public double K;

    /// <summary>Writes y from x through the scale, reading neither y nor the struct's state beyond K.</summary>
    [Differentiable]
    public readonly void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = K * x[i % x.Length] * x[(i + 1) % x.Length];
        }
    }
}

public sealed class JacobianWidthTests
{
    private static void AgainstFiniteDifferences(int rows, int columns, Action<double[], double[]> f, Action<double[], double[], double[]> jacobianOf, double[] initialY)
    {
        double[] x = Enumerable.Range(0, columns).Select(j => 0.3 + 0.17 * j - 0.05 * j * j).ToArray();
        var y = (double[])initialY.Clone();
        var jacobian = new double[rows * columns];
        jacobianOf(x, y, jacobian);

        // The buffer ends as one call from its initial values leaves it, however many runs the Jacobian took.
        var once = (double[])initialY.Clone();
        f(x, once);
        Grad.Close(once, y, 0, 0, $"{rows} × {columns}: the written buffer after the Jacobian");

        for (int row = 0; row < rows; row++)
        {
            int r = row;
            double[] analytic = jacobian.Skip(row * columns).Take(columns).ToArray();
            Grad.Check(
                p =>
                {
                    var yy = (double[])initialY.Clone();
                    f(p, yy);
                    return yy[r];
                },
                x,
                analytic,
                $"{rows} × {columns}, row {row}");
        }
    }

    /// <summary>Every count of seeds per run (1 to 9, 17), in reverse mode (rows ≤ columns) and in forward mode.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 15)]
    [InlineData(3, 12)]
    [InlineData(4, 9)]
    [InlineData(5, 20)]
    [InlineData(8, 16)]
    [InlineData(9, 18)]
    [InlineData(17, 17)]
    [InlineData(15, 2)]
    [InlineData(12, 3)]
    [InlineData(9, 4)]
    [InlineData(20, 5)]
    [InlineData(24, 17)]
    public void Every_width_matches_finite_differences(int rows, int columns)
    {
        AgainstFiniteDifferences(
            rows,
            columns + 1,
            (p, y) => JacobianWidthFns.Mix(p.AsSpan(0, columns), p[columns], y),
            (p, y, j) => JacobianWidthFns.MixJacobian(p.AsSpan(0, columns), p[columns], y, j),
            Enumerable.Repeat(-3.0, rows).ToArray());
    }

    /// <summary>One row (reverse mode, one pullback): the span's adjoint and the scalar's are slices of the row.</summary>
    [Theory]
    [InlineData(1, 7)]
    [InlineData(1, 20)]
    public void A_single_row_matches_finite_differences(int rows, int columns) => Every_width_matches_finite_differences(rows, columns);

    /// <summary>One column (forward mode, one tangent run) for every number of rows.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(20)]
    public void A_single_column_matches_finite_differences(int rows)
    {
        AgainstFiniteDifferences(rows, 1, (p, y) => SingleRunFns.Curve(p[0], y), (p, y, j) => SingleRunFns.CurveJacobian(p[0], y, j), Enumerable.Repeat(7.0, rows).ToArray());
        AgainstFiniteDifferences(rows, 1, (p, y) => SingleRunFns.CurveOfBuffer(p, y), (p, y, j) => SingleRunFns.CurveOfBufferJacobian(p, y, j), Enumerable.Repeat(-1.0, rows).ToArray());
        AgainstFiniteDifferences(rows, 1, (p, y) => SingleRunFns.CurveThroughRegistration(p[0], y), (p, y, j) => SingleRunFns.CurveThroughRegistrationJacobian(p[0], y, j), new double[rows]);
        AgainstFiniteDifferences(rows, 1, (p, y) => SingleRunFns.CurveThroughCallee(p[0], y), (p, y, j) => SingleRunFns.CurveThroughCalleeJacobian(p[0], y, j), Enumerable.Repeat(3.0, rows).ToArray());
        AgainstFiniteDifferences(rows, 1, (p, y) => JacobianWidthFns.Blend(p, y), (p, y, j) => JacobianWidthFns.BlendJacobian(p, y, j), Enumerable.Range(0, rows).Select(i => 0.5 - 0.1 * i).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void A_single_float_column_matches_the_tangent(int rows)
    {
        const float t = 0.4f;
        var y = new float[rows];
        var jacobian = new float[rows];
        jacobian.AsSpan().Fill(float.NaN);
        SingleRunFns.CurveFJacobian(t, y, jacobian);
        for (int i = 0; i < rows; i++)
        {
            double expected = (i + 1) * Math.Cos((i + 1) * (double)t) + 2 * t * i;
            Assert.Equal(expected, jacobian[i], 5);
            Assert.Equal(MathF.Sin((i + 1) * t) + t * t * i, y[i], 6);
        }
    }

    /// <summary>An output over its one input: the tangent run would change the input as it went, so reverse mode does it.</summary>
    [Fact]
    public void A_single_column_whose_output_overlaps_its_input_matches_a_pullback_from_the_initial_values()
    {
        const int rows = 6;
        double[] initial = Enumerable.Range(0, rows).Select(k => 0.3 + 0.1 * k).ToArray();
        var memory = (double[])initial.Clone();
        var jacobian = new double[rows];
        SingleRunFns.CurveOfBufferJacobian(memory.AsSpan(2, 1), memory, jacobian);

        var once = (double[])initial.Clone();
        SingleRunFns.CurveOfBuffer(once.AsSpan(2, 1), once);
        Grad.Close(once, memory, 0, 0, "the memory after the Jacobian");
        for (int row = 0; row < rows; row++)
        {
            var fresh = (double[])initial.Clone();
            var dA = new double[1];
            var dY = new double[rows];
            dY[row] = 1;
            SingleRunFns.CurveOfBufferPullback(fresh.AsSpan(2, 1), fresh, dA, dY);
            Grad.Close(dA, new[] { jacobian[row] }, 1e-13, 1e-13, $"row {row}");
        }
    }

    [Theory]
    [InlineData(2, 6)]
    [InlineData(10, 3)]
    [InlineData(11, 11)]
    [InlineData(5, 1)]
    [InlineData(1, 4)]
    public void A_struct_instance_method_has_the_same_Jacobian(int rows, int columns)
    {
        var scaler = new JacobianWidthScaler { K = 1.5 };
        AgainstFiniteDifferences(rows, columns, (p, y) => scaler.Apply(p, y), (p, y, j) => scaler.ApplyJacobian(p, y, j), new double[rows]);
    }

    /// <summary>A method that reads what it writes: two runs in lanes and more, each from the initial values.</summary>
    [Theory]
    [InlineData(10, 12)]
    [InlineData(3, 12)]
    [InlineData(20, 3)]
    public void A_buffer_read_before_it_is_written_starts_every_run_from_its_initial_values(int rows, int columns)
    {
        double[] initial = Enumerable.Range(0, rows).Select(i => 1.0 + 0.25 * i).ToArray();
        AgainstFiniteDifferences(rows, columns, (p, y) => JacobianWidthFns.Blend(p, y), (p, y, j) => JacobianWidthFns.BlendJacobian(p, y, j), initial);
    }

    /// <summary>
    /// A buffer the method only writes, passed over its own input: the runs after the first would read what the first
    /// wrote, so its initial values are kept after all. Each row is checked against a pullback from the initial values.
    /// </summary>
    [Fact]
    public void An_output_that_overlaps_an_input_starts_every_run_from_the_initial_values()
    {
        const int columns = 12, rows = 10, shift = 5;
        double[] initial = Enumerable.Range(0, columns + shift).Select(k => 0.2 + 0.05 * k).ToArray();
        var memory = (double[])initial.Clone();
        var jacobian = new double[rows * (columns + 1)];
        JacobianWidthFns.MixJacobian(memory.AsSpan(0, columns), 0.7, memory.AsSpan(shift, rows), jacobian);

        var once = (double[])initial.Clone();
        JacobianWidthFns.Mix(once.AsSpan(0, columns), 0.7, once.AsSpan(shift, rows));
        Grad.Close(once, memory, 0, 0, "the memory after the Jacobian");

        for (int row = 0; row < rows; row++)
        {
            var fresh = (double[])initial.Clone();
            var dX = new double[columns];
            double dS = 0;
            var dY = new double[rows];
            dY[row] = 1;
            JacobianWidthFns.MixPullback(fresh.AsSpan(0, columns), 0.7, fresh.AsSpan(shift, rows), dX, ref dS, dY);
            double[] expected = dX.Append(dS).ToArray();
            Grad.Close(expected, jacobian.Skip(row * (columns + 1)).Take(columns + 1).ToArray(), 1e-13, 1e-13, $"row {row}");
        }
    }
}
