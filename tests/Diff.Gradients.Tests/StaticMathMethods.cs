using Diff;

namespace Diff.Gradients.Tests;

/// <summary>The static math methods of double and float (<c>double.Exp</c>, <c>float.Sqrt</c>, …) use the same catalog as Math.</summary>
public static partial class StaticMathFns
{
    [Differentiable] public static double Exp(double x, double y) { return double.Exp(x * y); }
    [Differentiable] public static double Sin(double x, double y) { return double.Sin(x * y) * x; }
    [Differentiable] public static double Cos(double x, double y) { return double.Cos(x * y) + double.Sin(y); }
    [Differentiable] public static double Sqrt(double x, double y) { return double.Sqrt(x * y); }
    [Differentiable] public static double Pow(double x, double y) { return double.Pow(x, y); }
    [Differentiable] public static double Max(double x, double y) { return double.Max(x, y) * x; }
    [Differentiable] public static double Min(double x, double y) { return double.Min(x, y) * y; }
    [Differentiable] public static double Abs(double x, double y) { return double.Abs(x) * y; }
    [Differentiable] public static double Hypot(double x, double y) { return double.Hypot(x, y); }
    [Differentiable] public static double Fma(double x, double y) { return double.FusedMultiplyAdd(x, y, x * x); }
    [Differentiable] public static double MathFma(double x, double y) { return Math.FusedMultiplyAdd(x, y, x * x); }
    [Differentiable] public static double Exp2(double x, double y) { return double.Exp2(x * y) + double.Exp10(y); }
    [Differentiable] public static double Log(double x, double y) { return double.Log(x * y) + double.Log2(x) + double.Log10(y); }
    [Differentiable] public static double LogBase(double x, double y) { return Math.Log(x, y); }
    [Differentiable] public static double DoubleLogBase(double x, double y) { return double.Log(x, y); }
    [Differentiable] public static double Hyperbolic(double x, double y) { return double.Tanh(x) * double.Asinh(y) + double.Acosh(2.0 + x * x + y * y); }
    [Differentiable] public static double Clamp(double x, double y) { return double.Clamp(x * y, -1.0, 2.0) + x; }
    [Differentiable] public static double Lerp(double x, double y) { return double.Lerp(x, y, 0.25) * double.Lerp(1.0, y, x); }
    [Differentiable] public static double RootN(double x, double y) { return double.RootN(x * y, 3) + double.Cbrt(y); }

    /// <summary>Floor, Ceiling, Round, Truncate and Sign on double are piecewise constant, like their Math versions.</summary>
    [Differentiable]
    public static double PiecewiseConstant(double x, double y)
    {
        return x * y + double.Sign(x) * y + double.Floor(x) + double.Ceiling(y) * x + double.Round(x * y) + double.Truncate(y) * y;
    }

    [Differentiable] public static float FloatExp(float x, float y) { return float.Exp(x * y); }
    [Differentiable] public static float FloatSqrt(float x, float y) { return float.Sqrt(x * y) + float.Sin(x); }
    [Differentiable] public static float FloatHypot(float x, float y) { return float.Hypot(x, y) * float.Max(x, y); }

    // Named arguments, in and out of the parameters' order: Math.Pow(y: b, x: a) is Math.Pow(a, b).
    [Differentiable] public static double NamedPow(double a, double b) => Math.Pow(y: b, x: a);
    [Differentiable] public static double NamedAtan2(double a, double b) => Math.Atan2(x: a, y: b) + Math.Log(a: a * a + 1, newBase: b + 3);
    [Differentiable] public static double NamedFma(double a, double b) => Math.FusedMultiplyAdd(z: b, y: a, x: a * b) + Math.Max(val2: a, val1: 2 * b);

    // default(double) and default(float) are constants: 0.
    [Differentiable] public static double DefaultOf(double a, double b) => a * b + default(double) - (b > 0 ? default(double) : a) + (float)a * default(float);

    // The double twins of the float methods.
    public static double FloatExpTwin(double x, double y) => double.Exp(x * y);
    public static double FloatSqrtTwin(double x, double y) => double.Sqrt(x * y) + double.Sin(x);
    public static double FloatHypotTwin(double x, double y) => double.Hypot(x, y) * double.Max(x, y);
}

public class StaticMathMethodTests
{
    private delegate double Grad2(double x, double y, ref double dX, ref double dY);

    private delegate float FloatGrad2(float x, float y, ref float dX, ref float dY);

    private static void Check2(Func<double, double, double> f, Grad2 g, string name,
        double xLo, double xHi, double yLo, double yHi, int seed = 1)
    {
        var r = new System.Random(seed);
        for (int k = 0; k < 10; k++)
        {
            double x = Pts.Uniform(r, xLo, xHi), y = Pts.Uniform(r, yLo, yHi);
            CheckAt(f, g, name, x, y);
        }
    }

    private static (double DX, double DY) CheckAt(Func<double, double, double> f, Grad2 g, string name, double x, double y)
    {
        double dX = 0, dY = 0;
        double v = g(x, y, ref dX, ref dY);
        Grad.SameValue(f(x, y), v, name);
        Grad.Check(q => f(q[0], q[1]), new[] { x, y }, new[] { dX, dY }, name);
        return (dX, dY);
    }

    private static void CheckFloat2(Func<float, float, float> f, FloatGrad2 g, Func<double, double, double> twin, string name,
        double xLo, double xHi, double yLo, double yHi)
    {
        var r = new System.Random(3);
        for (int k = 0; k < 10; k++)
        {
            float x = (float)Pts.FloatUniform(r, xLo, xHi), y = (float)Pts.FloatUniform(r, yLo, yHi);
            float dX = 0, dY = 0;
            float v = g(x, y, ref dX, ref dY);
            Grad.SameValue(f(x, y), v, name);
            Grad.CheckFloat(q => twin(q[0], q[1]), new double[] { x, y }, new[] { dX, dY }, name);
        }
    }

    [Fact] public void Exp() => Check2(StaticMathFns.Exp, StaticMathFns.ExpGradient, "double.Exp", -2, 2, -1.5, 1.5);
    [Fact] public void Sin() => Check2(StaticMathFns.Sin, StaticMathFns.SinGradient, "double.Sin", -2, 2, -2, 2);
    [Fact] public void Cos() => Check2(StaticMathFns.Cos, StaticMathFns.CosGradient, "double.Cos", -2, 2, -2, 2);
    [Fact] public void Sqrt() => Check2(StaticMathFns.Sqrt, StaticMathFns.SqrtGradient, "double.Sqrt", 0.1, 3, 0.1, 3);
    [Fact] public void Pow() => Check2(StaticMathFns.Pow, StaticMathFns.PowGradient, "double.Pow", 0.2, 3, -2, 2);
    [Fact] public void MaxFirst() => Check2(StaticMathFns.Max, StaticMathFns.MaxGradient, "double.Max", 1.5, 3, -1, 1);
    [Fact] public void MaxSecond() => Check2(StaticMathFns.Max, StaticMathFns.MaxGradient, "double.Max", -1, 1, 1.5, 3);
    [Fact] public void MinFirst() => Check2(StaticMathFns.Min, StaticMathFns.MinGradient, "double.Min", -1, 1, 1.5, 3);
    [Fact] public void AbsAwayFromZero() => Check2(StaticMathFns.Abs, StaticMathFns.AbsGradient, "double.Abs", -3, 3, -2, 2);
    [Fact] public void Hypot() => Check2(StaticMathFns.Hypot, StaticMathFns.HypotGradient, "double.Hypot", -3, 3, -3, 3);
    [Fact] public void FusedMultiplyAdd() => Check2(StaticMathFns.Fma, StaticMathFns.FmaGradient, "double.FusedMultiplyAdd", -2, 2, -2, 2);
    [Fact] public void MathFusedMultiplyAdd() => Check2(StaticMathFns.MathFma, StaticMathFns.MathFmaGradient, "Math.FusedMultiplyAdd", -2, 2, -2, 2);
    [Fact] public void Exp2AndExp10() => Check2(StaticMathFns.Exp2, StaticMathFns.Exp2Gradient, "double.Exp2", -1.5, 1.5, -1, 1);
    [Fact] public void Logarithms() => Check2(StaticMathFns.Log, StaticMathFns.LogGradient, "double.Log", 0.1, 3, 0.1, 3);
    [Fact] public void MathLogWithBase() => Check2(StaticMathFns.LogBase, StaticMathFns.LogBaseGradient, "Math.Log(x, b)", 0.1, 5, 1.5, 10);
    [Fact] public void MathLogWithBaseBelowOne() => Check2(StaticMathFns.LogBase, StaticMathFns.LogBaseGradient, "Math.Log(x, b)", 0.1, 5, 0.1, 0.8);
    [Fact] public void DoubleLogWithBase() => Check2(StaticMathFns.DoubleLogBase, StaticMathFns.DoubleLogBaseGradient, "double.Log(x, b)", 0.1, 5, 1.5, 10);
    [Fact] public void Hyperbolic() => Check2(StaticMathFns.Hyperbolic, StaticMathFns.HyperbolicGradient, "double.Tanh/Asinh/Acosh", -2, 2, -2, 2);
    [Fact] public void ClampInside() => Check2(StaticMathFns.Clamp, StaticMathFns.ClampGradient, "double.Clamp", 0.2, 0.9, 0.2, 0.9);
    [Fact] public void ClampOutside() => Check2(StaticMathFns.Clamp, StaticMathFns.ClampGradient, "double.Clamp", 2.0, 3.0, 1.5, 2.0);
    [Fact] public void Lerp() => Check2(StaticMathFns.Lerp, StaticMathFns.LerpGradient, "double.Lerp", -2, 2, -2, 2);
    [Fact] public void RootN() => Check2(StaticMathFns.RootN, StaticMathFns.RootNGradient, "double.RootN", 0.2, 3, 0.2, 3);

    [Fact]
    public void MaxSplitsATie()
    {
        // Max(x, y) * x at x = y: d/dx = x / 2 + Max = 2.25, d/dy = x / 2.
        double dX = 0, dY = 0;
        double v = StaticMathFns.MaxGradient(1.5, 1.5, ref dX, ref dY);
        Assert.Equal(StaticMathFns.Max(1.5, 1.5), v);
        Assert.Equal(2.25, dX);
        Assert.Equal(0.75, dY);
    }

    [Fact]
    public void AbsAtZeroHasZeroDerivative()
    {
        double dX = 0, dY = 0;
        StaticMathFns.AbsGradient(0.0, 2.5, ref dX, ref dY);
        Assert.Equal(0.0, dX);
        Assert.Equal(0.0, dY);
    }

    [Fact]
    public void HypotAtTheOriginHasZeroDerivative()
    {
        double dX = 1, dY = 1;
        StaticMathFns.HypotGradient(0.0, 0.0, ref dX, ref dY);
        Assert.Equal(1.0, dX);
        Assert.Equal(1.0, dY);
    }

    [Fact]
    public void PiecewiseConstantFunctionsHaveZeroDerivative()
    {
        // Points away from integers and from x * y at half-integers.
        foreach (var (x, y) in new[] { (0.3, 1.2), (-1.7, 0.45), (2.6, -0.8), (1.15, 2.3) })
        {
            (double dX, double dY) = CheckAt(StaticMathFns.PiecewiseConstant, StaticMathFns.PiecewiseConstantGradient, "PiecewiseConstant", x, y);
            Assert.Equal(y + Math.Ceiling(y), dX, 12);
            Assert.Equal(x + Math.Sign(x) + Math.Truncate(y), dY, 12);
        }
    }

    [Fact] public void DefaultOfATypeIsZero() => Check2(StaticMathFns.DefaultOf, StaticMathFns.DefaultOfGradient, "default(double)", -2, 2, -2, 2);

    [Fact] public void NamedPowOutOfOrder() => Check2(StaticMathFns.NamedPow, StaticMathFns.NamedPowGradient, "Math.Pow(y: b, x: a)", 0.2, 3, -1.5, 1.5);
    [Fact] public void NamedAtan2AndLog() => Check2(StaticMathFns.NamedAtan2, StaticMathFns.NamedAtan2Gradient, "Math.Atan2(x: a, y: b)", -2, 2, -1.5, 1.5);
    [Fact] public void NamedFmaAndMax() => Check2(StaticMathFns.NamedFma, StaticMathFns.NamedFmaGradient, "Math.FusedMultiplyAdd(z: b, y: a, x: a * b)", -2, 2, -2, 2);

    [Fact] public void FloatExp() => CheckFloat2(StaticMathFns.FloatExp, StaticMathFns.FloatExpGradient, StaticMathFns.FloatExpTwin, "float.Exp", -1.5, 1.5, -1, 1);
    [Fact] public void FloatSqrt() => CheckFloat2(StaticMathFns.FloatSqrt, StaticMathFns.FloatSqrtGradient, StaticMathFns.FloatSqrtTwin, "float.Sqrt", 0.2, 3, 0.2, 3);
    [Fact] public void FloatHypotAndMax() => CheckFloat2(StaticMathFns.FloatHypot, StaticMathFns.FloatHypotGradient, StaticMathFns.FloatHypotTwin, "float.Hypot", 0.2, 1, 1.5, 3);
}
