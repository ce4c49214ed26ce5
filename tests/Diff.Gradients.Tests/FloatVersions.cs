using Diff;

namespace Diff.Gradients.Tests;

/// <summary>float versions; each is checked against finite differences of its double twin.</summary>
public static partial class FloatFns
{
    private const float K = 1.5f;

    [Differentiable]
    public static float Polynomial(float x, float y)
    {
        return 3.0f * x * x * y - 2.0f * y * y + x / y - 7.0f;
    }

    [Differentiable]
    public static float CompoundAssignment(float x, float y)
    {
        float a = x;
        a += y;
        a *= x;
        a -= 2.0f * y;
        a /= 1.0f + y * y;
        var b = -a * K;
        return b;
    }

    [Differentiable] public static float Sin(float x, float y) { return MathF.Sin(x * y); }
    [Differentiable] public static float Cos(float x, float y) { return MathF.Cos(x * y); }
    [Differentiable] public static float Tan(float x, float y) { return MathF.Tan(x * y); }
    [Differentiable] public static float Asin(float x, float y) { return MathF.Asin(x * y); }
    [Differentiable] public static float Acos(float x, float y) { return MathF.Acos(x * y); }
    [Differentiable] public static float Atan(float x, float y) { return MathF.Atan(x * y); }
    [Differentiable] public static float Atan2(float x, float y) { return MathF.Atan2(y, x); }
    [Differentiable] public static float Sinh(float x, float y) { return MathF.Sinh(x * y); }
    [Differentiable] public static float Cosh(float x, float y) { return MathF.Cosh(x * y); }
    [Differentiable] public static float Tanh(float x, float y) { return MathF.Tanh(x * y); }
    [Differentiable] public static float Exp(float x, float y) { return MathF.Exp(x * y); }
    [Differentiable] public static float Log(float x, float y) { return MathF.Log(x * y); }
    [Differentiable] public static float Log10(float x, float y) { return MathF.Log10(x * y); }
    [Differentiable] public static float Log2(float x, float y) { return MathF.Log2(x * y); }
    [Differentiable] public static float Sqrt(float x, float y) { return MathF.Sqrt(x * y); }
    [Differentiable] public static float Cbrt(float x, float y) { return MathF.Cbrt(x * y); }
    [Differentiable] public static float Pow(float x, float y) { return MathF.Pow(x, y); }
    [Differentiable] public static float Abs(float x, float y) { return MathF.Abs(x * y) + MathF.Abs(x - 10.0f); }
    [Differentiable] public static float Max(float x, float y) { return MathF.Max(x, y) * x; }
    [Differentiable] public static float Min(float x, float y) { return MathF.Min(x, y) * y; }
    [Differentiable] public static float Clamp(float x, float y) { return Math.Clamp(x * y, -1.0f, 2.0f) + x; }

    [Differentiable]
    public static float PiecewiseConstant(float x, float y)
    {
        return x * y + MathF.Sign(x) * y + MathF.Floor(x) + MathF.Ceiling(y) * x + MathF.Round(x * y);
    }

    [Differentiable]
    public static float NaNGuard(float x, float y)
    {
        float r = MathF.Sqrt(x) * y;
        if (float.IsNaN(r))
        {
            return y * y;
        }
        return r;
    }

    [Differentiable]
    public static float MathOnFloatThroughDouble(float x)
    {
        return (float)Math.Sin(x) * x;
    }

    [Differentiable]
    public static float SumPowers(float x, int n)
    {
        float s = 0.0f;
        float p = 1.0f;
        for (int i = 0; i < n; i++)
        {
            p *= x;
            s += p;
        }
        return s;
    }

    [Differentiable]
    public static float WhileDataDependent(float x)
    {
        float y = 1.0f;
        int count = 0;
        while (y < 10.0f)
        {
            y = y * x + 1.0f;
            count++;
        }
        return y + count * x;
    }

    [Differentiable]
    public static float Dot(float[] a, float[] b)
    {
        float s = 0.0f;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }
        return s;
    }

    [Differentiable]
    public static float InPlaceOverwrite(float[] a, float x, int steps)
    {
        int n = a.Length;
        float[] b = new float[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = a[i];
        }
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++)
            {
                b[i] = b[i] * b[i] + x;
            }
        }
        float s = 0.0f;
        foreach (float v in b)
        {
            s += v;
        }
        return s;
    }

    [Differentiable]
    public static float SpanReduce(ReadOnlySpan<float> a, float x)
    {
        float s = 0.0f;
        for (int i = 0; i < a.Length; i++)
        {
            s += MathF.Exp(a[i] * x) / (1.0f + a[i] * a[i]);
        }
        return s;
    }

    [Differentiable]
    public static void ScaleSquares(float[] x, float s, float[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = s * x[i] * x[i];
        }
    }
}

public class FloatTests
{
    private delegate float GradF2(float x, float y, ref float dX, ref float dY);

    private static void Check2(Func<float, float, float> f, GradF2 g, Func<double, double, double> twin, string name,
        double xLo, double xHi, double yLo, double yHi, int seed = 1)
    {
        var r = new System.Random(seed);
        for (int k = 0; k < 10; k++)
        {
            double x = Pts.FloatUniform(r, xLo, xHi), y = Pts.FloatUniform(r, yLo, yHi);
            float dX = 0, dY = 0;
            float v = g((float)x, (float)y, ref dX, ref dY);
            Grad.SameValue(f((float)x, (float)y), v, name);
            Grad.CheckFloat(q => twin(q[0], q[1]), new[] { x, y }, new[] { dX, dY }, name);
        }
    }

    [Fact]
    public void Polynomial() => Check2(FloatFns.Polynomial, FloatFns.PolynomialGradient,
        (x, y) => 3.0 * x * x * y - 2.0 * y * y + x / y - 7.0, "Polynomial", -2, 2, 0.5, 2);

    [Fact]
    public void CompoundAssignment() => Check2(FloatFns.CompoundAssignment, FloatFns.CompoundAssignmentGradient,
        (x, y) => -(((x + y) * x - 2.0 * y) / (1.0 + y * y)) * 1.5, "CompoundAssignment", -2, 2, -2, 2);

    [Fact] public void Sin() => Check2(FloatFns.Sin, FloatFns.SinGradient, (x, y) => Math.Sin(x * y), "Sin", -2, 2, -2, 2);
    [Fact] public void Cos() => Check2(FloatFns.Cos, FloatFns.CosGradient, (x, y) => Math.Cos(x * y), "Cos", -2, 2, -2, 2);
    [Fact] public void Tan() => Check2(FloatFns.Tan, FloatFns.TanGradient, (x, y) => Math.Tan(x * y), "Tan", -1, 1, -1, 1);
    [Fact] public void Asin() => Check2(FloatFns.Asin, FloatFns.AsinGradient, (x, y) => Math.Asin(x * y), "Asin", -0.9, 0.9, -0.9, 0.9);
    [Fact] public void Acos() => Check2(FloatFns.Acos, FloatFns.AcosGradient, (x, y) => Math.Acos(x * y), "Acos", -0.9, 0.9, -0.9, 0.9);
    [Fact] public void Atan() => Check2(FloatFns.Atan, FloatFns.AtanGradient, (x, y) => Math.Atan(x * y), "Atan", -3, 3, -3, 3);
    [Fact] public void Atan2() => Check2(FloatFns.Atan2, FloatFns.Atan2Gradient, (x, y) => Math.Atan2(y, x), "Atan2", 0.2, 3, -3, 3);
    [Fact] public void Sinh() => Check2(FloatFns.Sinh, FloatFns.SinhGradient, (x, y) => Math.Sinh(x * y), "Sinh", -2, 2, -1.5, 1.5);
    [Fact] public void Cosh() => Check2(FloatFns.Cosh, FloatFns.CoshGradient, (x, y) => Math.Cosh(x * y), "Cosh", -2, 2, -1.5, 1.5);
    [Fact] public void Tanh() => Check2(FloatFns.Tanh, FloatFns.TanhGradient, (x, y) => Math.Tanh(x * y), "Tanh", -2, 2, -1.5, 1.5);
    [Fact] public void Exp() => Check2(FloatFns.Exp, FloatFns.ExpGradient, (x, y) => Math.Exp(x * y), "Exp", -2, 2, -1.5, 1.5);
    [Fact] public void Log() => Check2(FloatFns.Log, FloatFns.LogGradient, (x, y) => Math.Log(x * y), "Log", 0.1, 3, 0.1, 3);
    [Fact] public void Log10() => Check2(FloatFns.Log10, FloatFns.Log10Gradient, (x, y) => Math.Log10(x * y), "Log10", 0.1, 3, 0.1, 3);
    [Fact] public void Log2() => Check2(FloatFns.Log2, FloatFns.Log2Gradient, (x, y) => Math.Log2(x * y), "Log2", 0.1, 3, 0.1, 3);
    [Fact] public void Sqrt() => Check2(FloatFns.Sqrt, FloatFns.SqrtGradient, (x, y) => Math.Sqrt(x * y), "Sqrt", 0.1, 3, 0.1, 3);
    [Fact] public void Cbrt() => Check2(FloatFns.Cbrt, FloatFns.CbrtGradient, (x, y) => Math.Cbrt(x * y), "Cbrt", -3, -0.1, 0.1, 3);
    [Fact] public void Pow() => Check2(FloatFns.Pow, FloatFns.PowGradient, (x, y) => Math.Pow(x, y), "Pow", 0.2, 3, -2, 2);
    [Fact] public void Abs() => Check2(FloatFns.Abs, FloatFns.AbsGradient, (x, y) => Math.Abs(x * y) + Math.Abs(x - 10.0), "Abs", -3, -0.2, 0.2, 3);
    [Fact] public void Max() => Check2(FloatFns.Max, FloatFns.MaxGradient, (x, y) => Math.Max(x, y) * x, "Max", 1.5, 3, -1, 1);
    [Fact] public void Min() => Check2(FloatFns.Min, FloatFns.MinGradient, (x, y) => Math.Min(x, y) * y, "Min", 1.5, 3, -1, 1);
    [Fact] public void ClampInside() => Check2(FloatFns.Clamp, FloatFns.ClampGradient, (x, y) => Math.Clamp(x * y, -1.0, 2.0) + x, "Clamp", 0.2, 0.9, 0.2, 0.9);
    [Fact] public void ClampOutside() => Check2(FloatFns.Clamp, FloatFns.ClampGradient, (x, y) => Math.Clamp(x * y, -1.0, 2.0) + x, "Clamp", 2.0, 3.0, 1.5, 2.0);

    [Fact]
    public void PiecewiseConstant()
    {
        foreach (var (x, y) in new[] { (0.3f, 1.2f), (-1.7f, 0.45f), (2.6f, -0.8f) })
        {
            float dX = 0, dY = 0;
            float v = FloatFns.PiecewiseConstantGradient(x, y, ref dX, ref dY);
            Grad.SameValue(FloatFns.PiecewiseConstant(x, y), v, "PiecewiseConstant");
            Assert.Equal(y + MathF.Ceiling(y), dX, 5);
            Assert.Equal(x + MathF.Sign(x), dY, 5);
        }
    }

    [Fact]
    public void IsNaNInCondition()
    {
        foreach (var (x, y) in new[] { (2.0f, 1.5f), (-2.0f, 1.5f) })
        {
            float dX = 0, dY = 0;
            float v = FloatFns.NaNGuardGradient(x, y, ref dX, ref dY);
            Grad.SameValue(FloatFns.NaNGuard(x, y), v, "NaNGuard");
            Grad.CheckFloat(q => q[0] < 0 ? q[1] * q[1] : Math.Sqrt(q[0]) * q[1], new double[] { x, y }, new[] { dX, dY }, "NaNGuard");
        }
    }

    [Fact]
    public void MathOnFloatThroughDouble()
    {
        float dX = 0;
        float v = FloatFns.MathOnFloatThroughDoubleGradient(0.75f, ref dX);
        Grad.SameValue(FloatFns.MathOnFloatThroughDouble(0.75f), v, "MathOnFloatThroughDouble");
        Grad.CheckFloat(q => Math.Sin(q[0]) * q[0], new[] { 0.75 }, new[] { dX }, "MathOnFloatThroughDouble");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void SumPowers(int n)
    {
        float dX = 0;
        float v = FloatFns.SumPowersGradient(0.75f, n, ref dX);
        Grad.SameValue(FloatFns.SumPowers(0.75f, n), v, "SumPowers");
        Grad.CheckFloat(q => LoopFns.SumPowers(q[0], n), new[] { 0.75 }, new[] { dX }, "SumPowers");
    }

    [Fact]
    public void WhileDataDependent()
    {
        foreach (float x in new[] { 1.3f, 1.75f, 2.9f })
        {
            float dX = 0;
            float v = FloatFns.WhileDataDependentGradient(x, ref dX);
            Grad.SameValue(FloatFns.WhileDataDependent(x), v, "WhileDataDependent");
            Grad.CheckFloat(q => LoopFns.WhileDataDependent(q[0]), new double[] { x }, new[] { dX }, $"WhileDataDependent({x})");
        }
    }

    [Fact]
    public void Dot()
    {
        var r = new System.Random(60);
        double[] a = Pts.FloatVector(r, 5, -2, 2), b = Pts.FloatVector(r, 5, -2, 2);
        float[] dA = new float[5], dB = new float[5];
        float v = FloatFns.DotGradient(Fd.ToFloat(a), Fd.ToFloat(b), dA, dB);
        Grad.SameValue(FloatFns.Dot(Fd.ToFloat(a), Fd.ToFloat(b)), v, "Dot");
        Grad.CheckFloat(p => ArrayFns.Dot(Fd.Slice(p, 0, 5), Fd.Slice(p, 5, 5)), Fd.Pack(a, b), Fd.ToFloat(Fd.Pack(dA, dB)), "Dot");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void InPlaceOverwrite(int steps)
    {
        var r = new System.Random(61);
        double[] a = Pts.FloatVector(r, 4, -0.5, 0.5);
        float[] dA = new float[4];
        float dX = 0;
        float v = FloatFns.InPlaceOverwriteGradient(Fd.ToFloat(a), 0.1f, steps, dA, ref dX);
        Grad.SameValue(FloatFns.InPlaceOverwrite(Fd.ToFloat(a), 0.1f, steps), v, "InPlaceOverwrite");
        Grad.CheckFloat(p => ArrayFns.InPlaceOverwrite(Fd.Slice(p, 0, 4), p[4], steps), Fd.Pack(a, (double)0.1f),
            Fd.ToFloat(Fd.Pack(dA, dX)), $"InPlaceOverwrite(steps={steps})");
    }

    [Fact]
    public void ReadOnlySpanOfFloat()
    {
        var r = new System.Random(62);
        double[] a = Pts.FloatVector(r, 5, -1, 1);
        float[] dA = new float[5];
        float dX = 0;
        float v = FloatFns.SpanReduceGradient(Fd.ToFloat(a), 0.75f, dA.AsSpan(), ref dX);
        Grad.SameValue(FloatFns.SpanReduce(Fd.ToFloat(a), 0.75f), v, "SpanReduce");
        Grad.CheckFloat(p => ArrayFns.SpanReduce(Fd.Slice(p, 0, 5), p[5]), Fd.Pack(a, 0.75), Fd.ToFloat(Fd.Pack(dA, dX)), "SpanReduce");
    }

    [Fact]
    public void FloatPullback()
    {
        var r = new System.Random(63);
        const int n = 4;
        double[] x = Pts.FloatVector(r, n, -2, 2), y0 = Pts.FloatVector(r, n, -2, 2), w = Pts.FloatVector(r, n, -1, 1);
        Func<double[], double> twin = p =>
        {
            double[] xx = Fd.Slice(p, 0, n), yy = Fd.Slice(p, n + 1, n);
            ArrayFns.ScaleSquares(xx, p[n], yy);
            double acc = 0;
            for (int i = 0; i < n; i++) acc += w[i] * yy[i];
            return acc;
        };
        float[] dX = new float[n], dY = Fd.ToFloat(w);
        float dS = 0;
        FloatFns.ScaleSquaresPullback(Fd.ToFloat(x), 1.25f, Fd.ToFloat(y0), dX, ref dS, dY);
        Grad.CheckFloat(twin, Fd.Pack(x, 1.25, y0), Fd.ToFloat(Fd.Pack(dX, dS, dY)), "ScaleSquaresPullback(float)");
    }
}
