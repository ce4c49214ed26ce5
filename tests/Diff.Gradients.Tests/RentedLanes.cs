using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// In <c>MTangentLanes</c>, the lanes of a local array declared at the top level come from the thread's scratch arrays
/// and go back at the end. Jacobians of changing sizes, one after another and nested in a caller, must not see stale lanes.
/// </summary>
public static partial class RentedLanesFns
{
    /// <summary>Two inputs, 2n outputs (forward mode in lanes), through a local array of n elements.</summary>
    [Differentiable]
    public static void Spread(ReadOnlySpan<double> p, Span<double> y)
    {
        int n = y.Length / 2;
        double[] u = new double[n];
        for (int k = 0; k < n; k++)
        {
            u[k] = Math.Sin(p[0] * (k + 1)) + p[1] * k;
        }

        for (int k = 0; k < n; k++)
        {
            y[2 * k] = u[k] * u[(k + 1) % n];
            y[2 * k + 1] = Math.Exp(0.1 * u[k]) * p[1];
        }
    }

    /// <summary>Calls <see cref="Spread"/> on a scratch array of its own, then reads it back.</summary>
    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void Nested(ReadOnlySpan<double> p, Span<double> y)
    {
        double[] inner = new double[y.Length];
        Spread(p, inner);
        for (int k = 0; k < y.Length; k++)
        {
            y[k] = inner[k] * inner[(k + 3) % y.Length] + p[0];
        }
    }
}

public sealed class RentedLanesTests
{
    private static void CheckColumns(Action<double[], double[]> f, Action<double[], double[], double[]> jacobianOf, double[] p, int rows)
    {
        var y = new double[rows];
        var jacobian = new double[rows * p.Length];
        jacobianOf(p, y, jacobian);
        for (int row = 0; row < rows; row++)
        {
            int r = row;
            var analytic = new double[p.Length];
            for (int column = 0; column < p.Length; column++)
            {
                analytic[column] = jacobian[row * p.Length + column];
            }

            Grad.Check(
                q =>
                {
                    var yy = new double[rows];
                    f(q, yy);
                    return yy[r];
                },
                p,
                analytic,
                "row " + row + " of " + rows);
        }
    }

    [Fact]
    public void Jacobians_of_changing_sizes_match_finite_differences()
    {
        double[] p = { 0.6, -0.3 };
        foreach (int rows in new[] { 6, 10, 6, 20, 10 })
        {
            CheckColumns((q, y) => RentedLanesFns.Spread(q, y), (q, y, j) => RentedLanesFns.SpreadJacobian(q, y, j), p, rows);
            CheckColumns((q, y) => RentedLanesFns.Nested(q, y), (q, y, j) => RentedLanesFns.NestedJacobian(q, y, j), p, rows);
        }
    }
}
