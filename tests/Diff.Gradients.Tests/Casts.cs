using Diff;

namespace Diff.Gradients.Tests;

public static partial class CastFns
{
    /// <summary>Truncation to int is piecewise constant: its derivative is zero.</summary>
    [Differentiable]
    public static double IntCast(double x)
    {
        int k = (int)(x * 3.0);
        return x * k + (int)x + x;
    }

    [Differentiable]
    public static double IntToDouble(double x, int n)
    {
        double m = n;
        return x * m * (double)n + n;
    }

    [Differentiable]
    public static double WidenFloat(float x, double y)
    {
        double w = (double)x;
        double z = x;
        return w * y + z * z;
    }

    [Differentiable]
    public static float NarrowToFloat(double x, float y)
    {
        float t = (float)x;
        return t * y + (float)(x * x);
    }

    /// <summary>The same as <see cref="NarrowToFloat"/> computed in double, for finite differences.</summary>
    public static double NarrowToFloatTwin(double x, double y) => x * y + x * x;

    [Differentiable]
    public static double RoundTrip(double x)
    {
        float f = (float)x;
        double back = f;
        return back * 2.0 + x;
    }
}

public class CastTests
{
    [Theory]
    [InlineData(0.55)]
    [InlineData(1.9)]
    [InlineData(-2.2)]
    [InlineData(3.4)]
    public void IntCastHasZeroDerivative(double x)
    {
        double dX = 0;
        double v = CastFns.IntCastGradient(x, ref dX);
        Grad.SameValue(CastFns.IntCast(x), v, "IntCast");
        Grad.Check(p => CastFns.IntCast(p[0]), new[] { x }, new[] { dX }, "IntCast");
        Assert.Equal((int)(x * 3.0) + 1.0, dX, 12);
    }

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(-1.5, -2)]
    [InlineData(2.0, 0)]
    public void IntToDouble(double x, int n)
    {
        double dX = 0;
        double v = CastFns.IntToDoubleGradient(x, n, ref dX);
        Grad.SameValue(CastFns.IntToDouble(x, n), v, "IntToDouble");
        Grad.Check(p => CastFns.IntToDouble(p[0], n), new[] { x }, new[] { dX }, "IntToDouble");
    }

    [Theory]
    [InlineData(0.75f, 1.5)]
    [InlineData(-2.25f, 0.3)]
    public void WidenFloat(float x, double y)
    {
        float dX = 0;
        double dY = 0;
        double v = CastFns.WidenFloatGradient(x, y, ref dX, ref dY);
        Grad.SameValue(CastFns.WidenFloat(x, y), v, "WidenFloat");
        // x is exactly representable, so the double function of (x, y) is the twin.
        Grad.CheckFloat(p => p[0] * p[1] + p[0] * p[0], new[] { (double)x, y }, new[] { dX, (float)dY }, "WidenFloat");
        Grad.Close(new[] { y + 2.0 * x, (double)x }, new[] { (double)dX, dY }, 1e-6, 1e-9, "WidenFloat exact");
    }

    [Theory]
    [InlineData(0.75, 1.5f)]
    [InlineData(-2.25, 0.5f)]
    public void NarrowToFloat(double x, float y)
    {
        double dX = 0;
        float dY = 0;
        float v = CastFns.NarrowToFloatGradient(x, y, ref dX, ref dY);
        Grad.SameValue(CastFns.NarrowToFloat(x, y), v, "NarrowToFloat");
        Grad.CheckFloat(p => CastFns.NarrowToFloatTwin(p[0], p[1]), new[] { x, (double)y }, new[] { (float)dX, dY }, "NarrowToFloat");
    }

    [Theory]
    [InlineData(0.75)]
    [InlineData(-1.5)]
    public void RoundTripThroughFloat(double x)
    {
        double dX = 0;
        double v = CastFns.RoundTripGradient(x, ref dX);
        Grad.SameValue(CastFns.RoundTrip(x), v, "RoundTrip");
        Assert.Equal(3.0, dX, 12);
    }
}
