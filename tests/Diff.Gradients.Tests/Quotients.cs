using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Quotients whose two partials share one recorded reciprocal of the divisor (the generator's ShareReciprocals): once in
/// straight-line code, once in a loop (where the partials go to the recording), and through a projection as bundle
/// adjustment writes it. Gradients, tangents and Hessian-vector products against finite differences.
/// </summary>
public static partial class QuotientFns
{
    /// <summary>The divisor is overwritten afterwards, so the reverse sweep cannot divide by it again.</summary>
    [Differentiable]
    public static double Overwritten(double[] p)
    {
        double d = p[1] * p[1] + 1;
        double q = p[0] / d;
        d = q * p[2];
        return q * d + Math.Sin(q);
    }

    /// <summary>A running divisor: every trip's quotient records its reciprocal.</summary>
    [Differentiable]
    public static double Running(double[] p)
    {
        double d = 1.5;
        double s = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double q = p[i] / d;
            d = d + q * q;
            s += q;
        }

        return s * d;
    }

    /// <summary>A pinhole projection: x / z and y / z, with z overwritten.</summary>
    [Differentiable]
    public static double Projected(double[] p)
    {
        double z = p[2] * p[2] + 2;
        double u = p[0] / z;
        double v = p[1] / z;
        z = u * v;
        return u * u + v * z;
    }

    /// <summary>The same in float.</summary>
    [Differentiable]
    public static float OverwrittenF(float[] p)
    {
        float d = p[1] * p[1] + 1;
        float q = p[0] / d;
        d = q * p[2];
        return q * d;
    }

    /// <summary>A quotient whose divisor's partial, -(x / y) / y, overflows where the quotient does not.</summary>
    [Differentiable]
    public static double Quotient(double x, double y) => x / y;

    /// <summary>A remainder whose divisor's partial, -trunc(x / y), overflows where the remainder does not.</summary>
    [Differentiable]
    public static double Remainder(double x, double y) => x % y;
}

public sealed class QuotientTests
{
    private static readonly double[] Point = { 0.7, -1.3, 0.4 };

    public static TheoryData<string> Names => new() { "Overwritten", "Running", "Projected" };

    private static Func<double[], double> Function(string name) => name switch
    {
        "Overwritten" => QuotientFns.Overwritten,
        "Running" => QuotientFns.Running,
        _ => QuotientFns.Projected,
    };

    private static double[] Gradient(string name, double[] p)
    {
        var g = new double[p.Length];
        switch (name)
        {
            case "Overwritten": QuotientFns.OverwrittenGradient(p, g); break;
            case "Running": QuotientFns.RunningGradient(p, g); break;
            default: QuotientFns.ProjectedGradient(p, g); break;
        }

        return g;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_gradient_matches_finite_differences(string name) => Grad.Check(Function(name), Point, Gradient(name, Point), name);

    [Theory]
    [MemberData(nameof(Names))]
    public void The_tangent_matches_the_gradient(string name)
    {
        double[] v = { 0.3, -0.8, 1.1 };
        double tangent;
        switch (name)
        {
            case "Overwritten": QuotientFns.OverwrittenTangent(Point, v, out tangent); break;
            case "Running": QuotientFns.RunningTangent(Point, v, out tangent); break;
            default: QuotientFns.ProjectedTangent(Point, v, out tangent); break;
        }

        double[] g = Gradient(name, Point);
        Grad.Close(g[0] * v[0] + g[1] * v[1] + g[2] * v[2], tangent, 1e-12, 1e-12, name);    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_Hessian_vector_product_matches_finite_differences_of_the_gradient(string name)
    {
        double[] v = { 0.3, -0.8, 1.1 };
        var dP = new double[3];
        var hv = new double[3];
        switch (name)
        {
            case "Overwritten": QuotientFns.OverwrittenHessianVector(Point, v, dP, hv); break;
            case "Running": QuotientFns.RunningHessianVector(Point, v, dP, hv); break;
            default: QuotientFns.ProjectedHessianVector(Point, v, dP, hv); break;
        }

        Grad.Close(Gradient(name, Point), dP, 1e-13, 1e-13, name + ": the gradient beside H·v");
        Grad.CheckHessianVector(p => Gradient(name, p), Point, v, hv, name);
    }

    [Theory]
    [InlineData(2.0, 1e-160)]
    [InlineData(-3.0, -2e-170)]
    public void A_tiny_divisor_held_fixed_gives_the_quotients_finite_tangent(double x, double y)
    {
        // Along the dividend alone the quotient's tangent is tX / y; the divisor's partial overflows, and its zero
        // tangent must not turn that into ∞ · 0 = NaN.
        QuotientFns.QuotientTangent(x, y, 1.0, 0.0, out double tangent);
        Assert.Equal(1.0 / y, tangent);

        double dX = 0, dY = 0;
        QuotientFns.QuotientGradient(x, y, ref dX, ref dY);
        Assert.Equal(1.0 / y, dX);

        // The remainder's value stays finite where x / y overflows; along the dividend its tangent is 1.
        QuotientFns.RemainderTangent(1e300, 1e-300, 1.0, 0.0, out double remainderTangent);
        Assert.Equal(1.0, remainderTangent);
        QuotientFns.RemainderTangent(x, y, 0.0, 0.0, out double none);
        Assert.Equal(0.0, none);
    }

    [Fact]
    public void The_float_gradient_matches_finite_differences_of_its_double_twin()
    {
        float[] p = Fd.ToFloat(Point);
        var g = new float[3];
        QuotientFns.OverwrittenFGradient(p, g);
        Grad.CheckFloat(
            x =>
            {
                double d = x[1] * x[1] + 1;
                double q = x[0] / d;
                d = q * x[2];
                return q * d;
            },
            Fd.ToDouble(p),
            g,
            "OverwrittenF");
    }
}
