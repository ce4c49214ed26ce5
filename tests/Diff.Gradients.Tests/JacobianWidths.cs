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

    [Theory]
    [InlineData(2, 6)]
    [InlineData(10, 3)]
    [InlineData(11, 11)]
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
