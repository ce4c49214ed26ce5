using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Increments and assignments of floating locals used as values, as C code writes them: Numerical Recipes' gammln
/// (<c>ser += cof[j] / ++y</c>), Clad's assignment tests (<c>x * (y = x)</c>), a postfix increment's old value and
/// compound assignments inside an expression. Each is checked against finite differences, and against the same
/// computation written with the write in a statement of its own.
/// </summary>
public static partial class WritesInExpressionsFns
{
    private static readonly double[] Cof = { 76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5 };

    /// <summary>ln Γ(xx) for xx &gt; 0, as Numerical Recipes in C writes gammln.</summary>
    [Differentiable]
    public static double Gammln(double xx)
    {
        double x, y, tmp, ser;
        y = x = xx;
        tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.Log(tmp);
        ser = 1.000000000190015;
        for (int j = 0; j <= 5; j++)
        {
            ser += Cof[j] / ++y;
        }

        return -tmp + Math.Log(2.5066282746310005 * ser / x);
    }

    /// <summary>An assignment as a factor, a postfix increment's old value and a compound assignment inside a sum.</summary>
    [Differentiable]
    public static double Assignments(double x, double z)
    {
        double y = 0, w = z, v = 1;
        double a = x * (y = x * z);
        double b = w++ * x;
        double c = (v *= x) + z;
        return a + b * y + c * w * v;
    }

    /// <summary>The same computation with every write in a statement of its own.</summary>
    public static double AssignmentsByStatements(double x, double z)
    {
        double y = x * z;
        double a = x * y;
        double w = z;
        double b = w * x;
        w = w + 1;
        double v = x;
        double c = v + z;
        return a + b * y + c * w * v;
    }
}

public static partial class WritesInExpressionsFns
{
    [Differentiable]
    public static double Square(double p) => p * p;

    [Differentiable]
    public static double WeightedSum(double[] v, double s)
    {
        double acc = 0.0;
        for (int k = 0; k < v.Length; k++)
        {
            acc += v[k] * s;
        }

        return acc;
    }

    /// <summary>An increment used as a value beside a call that only reads its buffer; a switch on a helper's value.</summary>
    [Differentiable]
    public static double BesideCalls(double[] x, double a, double c)
    {
        c += WeightedSum(x, 2.0) * ++a;
        double s = WeightedSum(x, Math.Abs(a)) switch { < 0.0 => a * a, _ => c };
        return c * (Square(a) switch { < 1.0 => a, _ => c }) + s;
    }

    /// <summary>A constant table read backwards with a decrement in its index, as C code walks a coefficient array.</summary>
    [Differentiable]
    public static double TableBackwards(double[] w, double y)
    {
        double s = 0.0;
        int j = Cof.Length;
        while (j > 0) s += Cof[--j] * y * w[1] + w[0];
        return s;
    }

    /// <summary>The same with a [NoDiff] matrix and a postfix increment.</summary>
    [Differentiable]
    public static double MatrixColumn(double x, [NoDiff] double[,] m)
    {
        double s = 0;
        int i = 0;
        while (i < m.GetLength(0)) s += x * m[i++, 0] * Math.Sin(x);
        return s;
    }

    /// <summary>Compound assignments in an <c>if</c>'s condition, as C code writes them: moved before the <c>if</c>.</summary>
    [Differentiable]
    public static double CompoundInConditions(double x, double y)
    {
        double t = 1.5, u = y, v = y;
        if ((x += x) != 0)
        {
            t = t * x;
        }

        if ((t *= y) > 0.5)
        {
            t = t * t;
        }

        if ((u -= x * y) < 1 && x > 0)
        {
            u = u * x;
        }

        if ((v /= x) > 0.2 || x < -1)
        {
            v = v * y;
        }

        return t + u + v;
    }

    /// <summary>A running sum tested as it is added to, halved past one.</summary>
    [Differentiable]
    public static double HalvedRunningSum(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if ((s += a[i] * x) > 1)
            {
                s *= 0.5;
            }
        }

        return s;
    }
}

public sealed class WritesInExpressionsTests
{
    [Theory]
    [InlineData(0.7, 0.3)]
    [InlineData(-0.4, 1.2)]
    [InlineData(-2.0, 0.9)]
    [InlineData(0.9, -0.6)]
    public void Compound_assignments_in_conditions_are_moved_before_the_if(double x, double y)
    {
        double dX = 0, dY = 0;
        Grad.SameValue(WritesInExpressionsFns.CompoundInConditions(x, y), WritesInExpressionsFns.CompoundInConditionsGradient(x, y, ref dX, ref dY), "CompoundInConditions");
        Grad.Check(p => WritesInExpressionsFns.CompoundInConditions(p[0], p[1]), new[] { x, y }, new[] { dX, dY }, "CompoundInConditions");
        WritesInExpressionsFns.CompoundInConditionsTangent(x, y, 0.4, -0.7, out double tangent);
        Grad.Close(0.4 * dX - 0.7 * dY, tangent, 1e-12, 1e-12, "CompoundInConditions tangent");

        double[] a = { 0.6, -0.2, 0.9, 0.4, 1.1 };
        var dA = new double[a.Length];
        double dS = 0;
        Grad.SameValue(WritesInExpressionsFns.HalvedRunningSum(a, y + 1), WritesInExpressionsFns.HalvedRunningSumGradient(a, y + 1, dA, ref dS), "HalvedRunningSum");
        Grad.Check(p => WritesInExpressionsFns.HalvedRunningSum(p[..5], p[5]), [.. a, y + 1], [.. dA, dS], "HalvedRunningSum");
    }

    [Fact]
    public void An_index_with_an_effect_into_a_constant_table_is_evaluated_once()
    {
        double[] w = { 0.4, -1.1, 2.0 };
        double y = 0.7;
        double[] dW = new double[3];
        double dY = 0;
        Grad.SameValue(WritesInExpressionsFns.TableBackwards(w, y), WritesInExpressionsFns.TableBackwardsGradient(w, y, dW, ref dY), "TableBackwards");
        Grad.Check(p => WritesInExpressionsFns.TableBackwards(p[..3], p[3]), [.. w, y], [.. dW, dY], "TableBackwards");
        WritesInExpressionsFns.TableBackwardsTangent(w, y, new[] { 0.3, 0.2, -0.1 }, 1.0, out double tangent);
        Grad.Close(0.3 * dW[0] + 0.2 * dW[1] - 0.1 * dW[2] + dY, tangent, 1e-12, 1e-12, "TableBackwards tangent");

        double[,] m = { { 1.5 }, { -0.5 }, { 2.0 } };
        double dX = 0;
        Grad.SameValue(WritesInExpressionsFns.MatrixColumn(0.9, m), WritesInExpressionsFns.MatrixColumnGradient(0.9, m, ref dX), "MatrixColumn");
        Grad.Check(p => WritesInExpressionsFns.MatrixColumn(p[0], m), new[] { 0.9 }, new[] { dX }, "MatrixColumn");
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(-0.4, 0.3)]
    public void An_increment_beside_a_read_only_call_and_a_switch_on_a_helpers_value(double a, double c)
    {
        double[] x = { 1.0, -2.0, 0.7 };
        var dX = new double[3];
        double dA = 0, dC = 0;
        double value = WritesInExpressionsFns.BesideCallsGradient(x, a, c, dX, ref dA, ref dC);
        Assert.Equal(WritesInExpressionsFns.BesideCalls(x, a, c), value, 14);
        Grad.Check(p => WritesInExpressionsFns.BesideCalls(p[..3], p[3], p[4]), [.. x, a, c], [.. dX, dA, dC], "BesideCalls");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(2.5)]
    [InlineData(9.1)]
    public void Gammln_as_written_matches_finite_differences_and_the_digamma_function(double xx)
    {
        double dX = 0;
        double value = WritesInExpressionsFns.GammlnGradient(xx, ref dX);
        Assert.Equal(WritesInExpressionsFns.Gammln(xx), value, 14);
        Grad.Check(p => WritesInExpressionsFns.Gammln(p[0]), new[] { xx }, new[] { dX }, "Gammln");
        WritesInExpressionsFns.GammlnTangent(xx, 1.0, out double tangent);
        Grad.Close(dX, tangent, 1e-12, 1e-12, "Gammln tangent");

        double gX = 0, hX = 0;
        WritesInExpressionsFns.GammlnHessianVector(xx, 1.0, ref gX, ref hX);
        Grad.Close(dX, gX, 1e-12, 1e-12, "Gammln H·v gradient");
        Grad.CheckHessianVector(q => { double d = 0; WritesInExpressionsFns.GammlnGradient(q[0], ref d); return new[] { d }; }, new[] { xx }, new[] { 1.0 }, new[] { hX }, "Gammln H·v");
    }

    [Theory]
    [InlineData(0.7, -1.2)]
    [InlineData(-2.0, 0.4)]
    public void Assignments_used_as_values_mean_what_they_mean_in_CSharp(double x, double z)
    {
        Assert.Equal(WritesInExpressionsFns.AssignmentsByStatements(x, z), WritesInExpressionsFns.Assignments(x, z), 12);
        double dX = 0, dZ = 0;
        double value = WritesInExpressionsFns.AssignmentsGradient(x, z, ref dX, ref dZ);
        Assert.Equal(WritesInExpressionsFns.Assignments(x, z), value, 12);
        Grad.Check(p => WritesInExpressionsFns.Assignments(p[0], p[1]), new[] { x, z }, new[] { dX, dZ }, "Assignments");
    }
}
