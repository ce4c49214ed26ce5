using Diff;

namespace Diff.Gradients.Tests;

public static partial class MathFns
{
    [Differentiable] public static double Sin(double x, double y) { return Math.Sin(x * y); }
    [Differentiable] public static double Cos(double x, double y) { return Math.Cos(x * y); }
    [Differentiable] public static double Tan(double x, double y) { return Math.Tan(x * y); }
    [Differentiable] public static double Asin(double x, double y) { return Math.Asin(x * y); }
    [Differentiable] public static double Acos(double x, double y) { return Math.Acos(x * y); }
    [Differentiable] public static double Atan(double x, double y) { return Math.Atan(x * y); }
    [Differentiable] public static double Atan2(double x, double y) { return Math.Atan2(y, x); }
    [Differentiable] public static double Sinh(double x, double y) { return Math.Sinh(x * y); }
    [Differentiable] public static double Cosh(double x, double y) { return Math.Cosh(x * y); }
    [Differentiable] public static double Tanh(double x, double y) { return Math.Tanh(x * y); }
    [Differentiable] public static double Exp(double x, double y) { return Math.Exp(x * y); }
    [Differentiable] public static double Log(double x, double y) { return Math.Log(x * y); }
    [Differentiable] public static double Log10(double x, double y) { return Math.Log10(x * y); }
    [Differentiable] public static double Log2(double x, double y) { return Math.Log2(x * y); }
    [Differentiable] public static double Sqrt(double x, double y) { return Math.Sqrt(x * y); }
    [Differentiable] public static double Cbrt(double x, double y) { return Math.Cbrt(x * y); }
    [Differentiable] public static double Pow(double x, double y) { return Math.Pow(x, y); }
    [Differentiable] public static double PowConstExponent(double x, double y) { return Math.Pow(x * y, 3.0) + Math.Pow(x, 0.5); }
    [Differentiable] public static double PowConstBase(double x, double y) { return Math.Pow(2.0, x * y); }
    [Differentiable] public static double Abs(double x, double y) { return Math.Abs(x * y) + Math.Abs(x - 10.0); }
    [Differentiable] public static double Max(double x, double y) { return Math.Max(x, y) * x; }
    [Differentiable] public static double Min(double x, double y) { return Math.Min(x, y) * y; }
    [Differentiable] public static double Clamp(double x, double lo, double hi) { return Math.Clamp(x, lo, hi) * 2.0; }
    [Differentiable] public static double ClampConstBounds(double x, double y) { return Math.Clamp(x * y, -1.0, 2.0); }

    /// <summary>Sign, Floor, Ceiling and Round are piecewise constant: their derivatives are zero.</summary>
    [Differentiable]
    public static double PiecewiseConstant(double x, double y)
    {
        return x * y + Math.Sign(x) * y + Math.Floor(x) + Math.Ceiling(y) * x + Math.Round(x * y);
    }

    [Differentiable]
    public static double NaNGuard(double x, double y)
    {
        double r = Math.Sqrt(x) * y;
        if (double.IsNaN(r))
        {
            return y * y;
        }
        return r;
    }

    [Differentiable]
    public static double Composite(double x, double y)
    {
        double a = Math.Exp(-x * x) * Math.Sin(3.0 * y);
        double b = Math.Log(1.0 + Math.Exp(y)) / Math.Sqrt(1.0 + x * x);
        return Math.Tanh(a + b) + Math.Atan2(a, b) + Math.Pow(Math.Cosh(a), 2.0);
    }
}

public class MathFunctionTests
{
    private delegate double Grad2(double x, double y, ref double dX, ref double dY);

    /// <summary>Random points (x, y) in the given box; the domain keeps clear of kinks and poles.</summary>
    private static void Check2(Func<double, double, double> f, Grad2 g, string name,
        double xLo, double xHi, double yLo, double yHi, int seed = 1)
    {
        var r = new System.Random(seed);
        for (int k = 0; k < 10; k++)
        {
            double x = Pts.Uniform(r, xLo, xHi), y = Pts.Uniform(r, yLo, yHi);
            double dX = 0, dY = 0;
            double v = g(x, y, ref dX, ref dY);
            Grad.SameValue(f(x, y), v, name);
            Grad.Check(q => f(q[0], q[1]), new[] { x, y }, new[] { dX, dY }, name);
        }
    }

    [Fact] public void Sin() => Check2(MathFns.Sin, MathFns.SinGradient, "Sin", -2, 2, -2, 2);
    [Fact] public void Cos() => Check2(MathFns.Cos, MathFns.CosGradient, "Cos", -2, 2, -2, 2);
    [Fact] public void Tan() => Check2(MathFns.Tan, MathFns.TanGradient, "Tan", -1, 1, -1, 1);
    [Fact] public void Asin() => Check2(MathFns.Asin, MathFns.AsinGradient, "Asin", -0.9, 0.9, -0.9, 0.9);
    [Fact] public void Acos() => Check2(MathFns.Acos, MathFns.AcosGradient, "Acos", -0.9, 0.9, -0.9, 0.9);
    [Fact] public void Atan() => Check2(MathFns.Atan, MathFns.AtanGradient, "Atan", -3, 3, -3, 3);
    [Fact] public void Atan2() => Check2(MathFns.Atan2, MathFns.Atan2Gradient, "Atan2", 0.2, 3, -3, 3);
    [Fact] public void Atan2NegativeX() => Check2(MathFns.Atan2, MathFns.Atan2Gradient, "Atan2", -3, -0.2, 0.2, 3);
    [Fact] public void Sinh() => Check2(MathFns.Sinh, MathFns.SinhGradient, "Sinh", -2, 2, -1.5, 1.5);
    [Fact] public void Cosh() => Check2(MathFns.Cosh, MathFns.CoshGradient, "Cosh", -2, 2, -1.5, 1.5);
    [Fact] public void Tanh() => Check2(MathFns.Tanh, MathFns.TanhGradient, "Tanh", -2, 2, -1.5, 1.5);
    [Fact] public void Exp() => Check2(MathFns.Exp, MathFns.ExpGradient, "Exp", -2, 2, -1.5, 1.5);
    [Fact] public void Log() => Check2(MathFns.Log, MathFns.LogGradient, "Log", 0.1, 3, 0.1, 3);
    [Fact] public void Log10() => Check2(MathFns.Log10, MathFns.Log10Gradient, "Log10", 0.1, 3, 0.1, 3);
    [Fact] public void Log2() => Check2(MathFns.Log2, MathFns.Log2Gradient, "Log2", 0.1, 3, 0.1, 3);
    [Fact] public void Sqrt() => Check2(MathFns.Sqrt, MathFns.SqrtGradient, "Sqrt", 0.1, 3, 0.1, 3);
    [Fact] public void Cbrt() => Check2(MathFns.Cbrt, MathFns.CbrtGradient, "Cbrt", 0.1, 3, 0.1, 3);
    [Fact] public void CbrtNegative() => Check2(MathFns.Cbrt, MathFns.CbrtGradient, "Cbrt", -3, -0.1, 0.1, 3);
    [Fact] public void Pow() => Check2(MathFns.Pow, MathFns.PowGradient, "Pow", 0.2, 3, -2, 2);
    [Fact] public void PowConstExponent() => Check2(MathFns.PowConstExponent, MathFns.PowConstExponentGradient, "PowConstExponent", 0.2, 2, -2, 2);
    [Fact] public void PowConstBase() => Check2(MathFns.PowConstBase, MathFns.PowConstBaseGradient, "PowConstBase", -2, 2, -2, 2);
    [Fact] public void AbsPositive() => Check2(MathFns.Abs, MathFns.AbsGradient, "Abs", 0.2, 3, 0.2, 3);
    [Fact] public void AbsNegative() => Check2(MathFns.Abs, MathFns.AbsGradient, "Abs", -3, -0.2, 0.2, 3);
    [Fact] public void MaxFirst() => Check2(MathFns.Max, MathFns.MaxGradient, "Max", 1.5, 3, -1, 1);
    [Fact] public void MaxSecond() => Check2(MathFns.Max, MathFns.MaxGradient, "Max", -1, 1, 1.5, 3);
    [Fact] public void MinFirst() => Check2(MathFns.Min, MathFns.MinGradient, "Min", -1, 1, 1.5, 3);
    [Fact] public void MinSecond() => Check2(MathFns.Min, MathFns.MinGradient, "Min", 1.5, 3, -1, 1);
    [Fact] public void ClampConstBoundsInside() => Check2(MathFns.ClampConstBounds, MathFns.ClampConstBoundsGradient, "ClampConstBounds", 0.2, 0.9, 0.2, 0.9);
    [Fact] public void ClampConstBoundsOutside() => Check2(MathFns.ClampConstBounds, MathFns.ClampConstBoundsGradient, "ClampConstBounds", 2.0, 3.0, 1.5, 2.0);
    [Fact] public void Composite() => Check2(MathFns.Composite, MathFns.CompositeGradient, "Composite", -1.5, 1.5, -1.5, 1.5);

    [Theory]
    [InlineData(0.5, -1.0, 2.0)] // inside: d/dx = 2
    [InlineData(-3.0, -1.0, 2.0)] // below: d/dlo = 2
    [InlineData(5.0, -1.0, 2.0)] // above: d/dhi = 2
    public void Clamp(double x, double lo, double hi)
    {
        double dX = 0, dLo = 0, dHi = 0;
        double v = MathFns.ClampGradient(x, lo, hi, ref dX, ref dLo, ref dHi);
        Grad.SameValue(MathFns.Clamp(x, lo, hi), v, "Clamp");
        Grad.Check(q => MathFns.Clamp(q[0], q[1], q[2]), new[] { x, lo, hi }, new[] { dX, dLo, dHi }, "Clamp");
        Assert.Equal(2.0, dX + dLo + dHi, 12);
    }

    [Fact]
    public void PiecewiseConstantFunctionsHaveZeroDerivative()
    {
        // Points away from integers and from x * y at half-integers.
        var points = new[] { (0.3, 1.2), (-1.7, 0.45), (2.6, -0.8), (1.15, 2.3) };
        foreach (var (x, y) in points)
        {
            double dX = 0, dY = 0;
            double v = MathFns.PiecewiseConstantGradient(x, y, ref dX, ref dY);
            Grad.SameValue(MathFns.PiecewiseConstant(x, y), v, "PiecewiseConstant");
            Grad.Check(q => MathFns.PiecewiseConstant(q[0], q[1]), new[] { x, y }, new[] { dX, dY }, "PiecewiseConstant");
            Assert.Equal(y + Math.Ceiling(y), dX, 12);
            Assert.Equal(x + Math.Sign(x), dY, 12);
        }
    }

    [Fact]
    public void IsNaNInCondition()
    {
        foreach (var (x, y) in new[] { (2.0, 1.5), (-2.0, 1.5), (0.5, -3.0), (-0.5, -3.0) })
        {
            double dX = 0, dY = 0;
            double v = MathFns.NaNGuardGradient(x, y, ref dX, ref dY);
            Grad.SameValue(MathFns.NaNGuard(x, y), v, "NaNGuard");
            Grad.Check(q => MathFns.NaNGuard(q[0], q[1]), new[] { x, y }, new[] { dX, dY }, "NaNGuard");
        }
    }
}
