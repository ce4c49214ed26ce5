using System.Threading;
using Diff;

namespace Diff.Gradients.Tests;

/// <summary>Ordinary code, not marked [Differentiable]; its derivatives are registered below.</summary>
public static class PlainMath
{
    /// <summary>Fills <paramref name="w"/> with n, n + 1, … and returns their sum.</summary>
    public static double FillSum(double[] w, int n)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = n + i;
            s += w[i];
        }

        return s;
    }

    public static double Softplus(double x)
    {
        return x > 30.0 ? x : Math.Log(1.0 + Math.Exp(x));
    }

    /// <summary>y[i] = exp(x[i]).</summary>
    public static void ExpInto(double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Exp(x[i]);
        }
    }

    /// <summary>A constant computed from ints only.</summary>
    public static int Triangle(int n)
    {
        return n * (n + 1) / 2;
    }
}

public static partial class CustomDerivatives
{
    public static int SoftplusCalls;
    public static int ExpIntoCalls;

    [DerivativeOf(typeof(PlainMath), nameof(PlainMath.Softplus))]
    public static double SoftplusGradient(double x, ref double dX)
    {
        Interlocked.Increment(ref SoftplusCalls);
        dX += 1.0 / (1.0 + Math.Exp(-x));
        return PlainMath.Softplus(x);
    }

    [DerivativeOf(typeof(PlainMath), nameof(PlainMath.ExpInto))]
    public static void ExpIntoPullback(double[] x, double[] y, double[] dX, double[] dY)
    {
        Interlocked.Increment(ref ExpIntoCalls);
        for (int i = 0; i < x.Length; i++)
        {
            double e = Math.Exp(x[i]);
            y[i] = e;
            dX[i] += dY[i] * e;
            dY[i] = 0.0;
        }
    }
}

public static partial class CallFns
{
    // ----- depth-3 chain of [Differentiable] calls -----

    [Differentiable]
    public static double Inner(double x)
    {
        return x * x + Math.Sin(x);
    }

    [Differentiable]
    public static double Middle(double x, double y)
    {
        return Inner(x * y) + y * Inner(y);
    }

    [Differentiable]
    public static double Outer(double x, double y, double z)
    {
        return Middle(x + z, y) * z - Inner(z);
    }

    // ----- recursion -----

    [Differentiable]
    public static double PowRec(double x, int n)
    {
        return n == 0 ? 1.0 : x * PowRec(x, n - 1);
    }

    [Differentiable]
    public static double TreeRec(double x, double y, int n)
    {
        if (n <= 1)
        {
            return x * y + n;
        }
        return 0.5 * TreeRec(x, y, n - 1) + Math.Sin(TreeRec(y, x, n - 2));
    }

    // ----- calls with arrays, ints and [NoDiff] -----

    [Differentiable]
    public static double SumSq(double[] a)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i];
        }
        return s;
    }

    [Differentiable]
    public static double Norm(double[] a)
    {
        return Math.Sqrt(SumSq(a));
    }

    [Differentiable]
    public static double CallInLoop(double[] a, double x)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            s += Inner(a[i] * x) * PowRec(x, i);
        }
        return s + Norm(a);
    }

    [Differentiable]
    public static double Weighted(double x, [NoDiff] double c)
    {
        return c * x * x;
    }

    [Differentiable]
    public static double CallsNoDiff(double x, double y)
    {
        return Weighted(x, 3.0) + y * Weighted(y, 0.5);
    }

    [Differentiable]
    public static double SameCalleeTwice(double x, double y)
    {
        double a = Inner(x);
        double b = Inner(a * y);
        return a * b;
    }

    [Differentiable]
    public static double CallsSpanMethod(double[] a, double x)
    {
        return ArrayFns.SpanReduce(a, x) + ArrayFns.Dot(a, a);
    }

    /// <summary>A [Differentiable] void method that writes a local array, called from a scalar method.</summary>
    [Differentiable]
    public static double CallsPullback(double[] x, double s)
    {
        double[] y = new double[x.Length];
        ArrayFns.ScaleSquares(x, s, y);
        double acc = 0.0;
        for (int i = 0; i < y.Length; i++)
        {
            acc += Math.Sin(y[i]);
        }
        return acc;
    }

    // ----- registered custom derivatives -----

    [Differentiable]
    public static double UsesSoftplus(double x, double y)
    {
        return PlainMath.Softplus(x * y) + PlainMath.Softplus(y) * x;
    }

    [Differentiable]
    public static double UsesExpInto(double[] x, double c)
    {
        double[] y = new double[x.Length];
        PlainMath.ExpInto(x, y);
        double s = 0.0;
        for (int i = 0; i < y.Length; i++)
        {
            s += y[i] * y[i] * c;
        }
        return s;
    }

    // ----- helper computing a constant from ints -----

    [Differentiable]
    public static double UsesIntHelper(double x, int n)
    {
        double k = PlainMath.Triangle(n);
        return x * k + x * x * PlainMath.Triangle(n + 1);
    }

    // ----- named arguments out of order, one of them a Math call -----

    [Differentiable]
    public static double Affine(double scale, double shift) => 2 * scale + shift * shift + 5;

    [Differentiable]
    public static double NamedOutOfOrder(double x) => Affine(shift: Math.Sin(x), scale: x * x) + Affine(shift: x, scale: Math.Exp(-x));

    // ----- [Differentiable] callees with no differentiable parameter (they have no tangent companion) -----

    // Their results cannot depend on a differentiable parameter: DIFF009 says so, and they are constants for callers.
#pragma warning disable DIFF009
    [Differentiable]
    public static double PairNorm(Pair p) => Math.Sqrt(p.A * p.A + p.B * p.B);

    [Differentiable]
    public static double Squared([NoDiff] double c) => c * c;
#pragma warning restore DIFF009

    [Differentiable]
    public static double UsesConstantCallees(double x, double y)
    {
        var p = new Pair(3, 4);
        double r = Squared(2);
        if (x > 0)
        {
            r = r * x;
        }

        return PairNorm(p) * x + r * y + Squared(0.5) * x * y;
    }

    [Differentiable]
    public static void ConstantCalleesInto(double[] x, double[] y)
    {
        double c = Squared(3);
        var unit = new Pair(1, 2);
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = c * x[i % x.Length] + PairNorm(unit) * x[0] * x[1];
        }
    }
}

public static partial class CallFns
{
    /// <summary>Objects built only from constants: numbers computed without the inputs, a const, a random draw.</summary>
    [Differentiable]
    public static double ObjectsOfConstants(double[] x)
    {
        const double Scale = 2;
        double c = 1.5;
        var rng = new System.Random(7);
        double r = rng.NextDouble();
        double s = PairNorm(new Pair(Scale, c)) * x[0];
        for (int i = 0; i < x.Length; i++)
        {
            double t = i * 0.5 + r;
            var q = new Pair(t, c);
            s += PairNorm(q) * x[i] * x[i];
        }

        return s;
    }

    /// <summary>A helper without a derivative that refills a local buffer and returns a value, in a loop that reads the buffer after.</summary>
    [Differentiable]
    public static double RefilledByAPlainHelper(double[] x)
    {
        var w = new double[3];
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            double f = PlainMath.FillSum(w, i + 1);
            s += f * x[1] + w[0] * x[0];
        }

        return s;
    }

    [Differentiable]
    public static double FirstTimesLast(double[] u, double[] scratch, double[] w) => u[0] * w[0] + scratch.Length;

    /// <summary>Zeroed arrays made in a call's arguments, as output or scratch space, in a loop too.</summary>
    [Differentiable]
    public static double ZeroedArguments(double[] x, double a)
    {
        double t = FirstTimesLast(new[] { x[0] }, new double[1], [a]);
        for (int k = 1; k <= 3; k++)
        {
            t += FirstTimesLast(x, new double[k], x) * a;
        }

        return t;
    }
}

/// <summary>A plain struct, given to a [Differentiable] helper as a constant.</summary>
public readonly struct Pair
{
    public Pair(double a, double b)
    {
        A = a;
        B = b;
    }

    public double A { get; }

    public double B { get; }
}

public class CallTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.7)]
    public void Named_arguments_out_of_order_with_a_Math_call(double x)
    {
        double dX = 0;
        Grad.SameValue(CallFns.NamedOutOfOrder(x), CallFns.NamedOutOfOrderGradient(x, ref dX), "NamedOutOfOrder");
        Grad.Check(p => CallFns.NamedOutOfOrder(p[0]), new[] { x }, new[] { dX }, "NamedOutOfOrder");
    }

    [Theory]
    [InlineData(0.7, -0.4)]
    [InlineData(-1.2, 0.9)]
    public void Callees_with_no_differentiable_parameter_are_constants_of_every_companion(double x, double y)
    {
        double dX = 0, dY = 0;
        Grad.SameValue(CallFns.UsesConstantCallees(x, y), CallFns.UsesConstantCalleesGradient(x, y, ref dX, ref dY), "UsesConstantCallees");
        double[] Gradient(double[] q)
        {
            double gx = 0, gy = 0;
            CallFns.UsesConstantCalleesGradient(q[0], q[1], ref gx, ref gy);
            return new[] { gx, gy };
        }

        Grad.Check(q => CallFns.UsesConstantCallees(q[0], q[1]), new[] { x, y }, new[] { dX, dY }, "UsesConstantCallees");
        CallFns.UsesConstantCalleesTangent(x, y, 0.3, -0.8, out double tangent);
        Grad.Close(0.3 * dX - 0.8 * dY, tangent, 1e-12, 1e-12, "UsesConstantCallees tangent");
        double hvX = 0, hvY = 0, aX = 0, aY = 0;
        CallFns.UsesConstantCalleesHessianVector(x, y, 0.3, -0.8, ref aX, ref aY, ref hvX, ref hvY);
        Grad.CheckHessianVector(Gradient, new[] { x, y }, new[] { 0.3, -0.8 }, new[] { hvX, hvY }, "UsesConstantCallees H·v");

        // A void method: its Jacobian runs the tangent in lanes (two inputs, five outputs), against its pullback.
        double[] point = { x, y }, outputs = new double[5];
        var jacobian = new double[5 * 2];
        CallFns.ConstantCalleesIntoJacobian(point, outputs, jacobian);
        for (int row = 0; row < 5; row++)
        {
            double[] seed = new double[5];
            seed[row] = 1;
            double[] dPoint = new double[2];
            CallFns.ConstantCalleesIntoPullback(point, new double[5], dPoint, seed);
            Grad.Close(dPoint[0], jacobian[row * 2], 1e-12, 1e-12, "ConstantCalleesInto Jacobian");
            Grad.Close(dPoint[1], jacobian[row * 2 + 1], 1e-12, 1e-12, "ConstantCalleesInto Jacobian");
            Grad.Check(q => { var o = new double[5]; CallFns.ConstantCalleesInto(q, o); return o[row]; }, point, dPoint, "ConstantCalleesInto pullback");
        }
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(-0.7, 0.3)]
    public void Objects_of_constants_and_zeroed_array_arguments(double x0, double x1)
    {
        double[] x = { x0, x1, 0.4 };
        foreach ((Func<double[], double> f, Func<double[], double[], double> gradient, string what) in new (Func<double[], double>, Func<double[], double[], double>, string)[]
        {
            (CallFns.ObjectsOfConstants, (p, d) => CallFns.ObjectsOfConstantsGradient(p, d), "ObjectsOfConstants"),
            (CallFns.RefilledByAPlainHelper, (p, d) => CallFns.RefilledByAPlainHelperGradient(p, d), "RefilledByAPlainHelper"),
            (p => CallFns.ZeroedArguments(p[..2], p[2]), (p, d) => { var dX = new double[2]; double dA = 0; double v = CallFns.ZeroedArgumentsGradient(p[..2], p[2], dX, ref dA); (d[0], d[1], d[2]) = (dX[0], dX[1], dA); return v; }, "ZeroedArguments"),
        })
        {
            var d = new double[3];
            Grad.SameValue(f(x), gradient(x, d), what);
            Grad.Check(f, x, d, what);
        }
    }

    [Fact]
    public void NestedDepthThree()
    {
        var r = new System.Random(50);
        for (int k = 0; k < 8; k++)
        {
            double x = Pts.Uniform(r, -1.5, 1.5), y = Pts.Uniform(r, -1.5, 1.5), z = Pts.Uniform(r, -1.5, 1.5);
            double dX = 0, dY = 0, dZ = 0;
            double v = CallFns.OuterGradient(x, y, z, ref dX, ref dY, ref dZ);
            Grad.SameValue(CallFns.Outer(x, y, z), v, "Outer");
            Grad.Check(p => CallFns.Outer(p[0], p[1], p[2]), new[] { x, y, z }, new[] { dX, dY, dZ }, "Outer");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void PowerByRecursion(int n)
    {
        foreach (double x in new[] { 0.8, -1.3, 2.0 })
        {
            double dX = 0;
            double v = CallFns.PowRecGradient(x, n, ref dX);
            Grad.SameValue(CallFns.PowRec(x, n), v, "PowRec");
            Grad.Check(p => CallFns.PowRec(p[0], n), new[] { x }, new[] { dX }, $"PowRec(n={n})");
            Assert.Equal(n * Math.Pow(x, n - 1), dX, 10);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    public void TreeRecursion(int n)
    {
        double dX = 0, dY = 0;
        double v = CallFns.TreeRecGradient(0.7, -0.4, n, ref dX, ref dY);
        Grad.SameValue(CallFns.TreeRec(0.7, -0.4, n), v, "TreeRec");
        Grad.Check(p => CallFns.TreeRec(p[0], p[1], n), new[] { 0.7, -0.4 }, new[] { dX, dY }, $"TreeRec(n={n})");
    }

    [Fact]
    public void ArrayCallees()
    {
        double[] a = { 0.3, -0.9, 1.4, 0.2 };
        double[] dA = new double[4];
        double dX = 0;
        double v = CallFns.CallInLoopGradient(a, 0.6, dA, ref dX);
        Grad.SameValue(CallFns.CallInLoop(a, 0.6), v, "CallInLoop");
        Grad.Check(p => CallFns.CallInLoop(Fd.Slice(p, 0, 4), p[4]), Fd.Pack(a, 0.6), Fd.Pack(dA, dX), "CallInLoop");
    }

    [Fact]
    public void NoDiffArgument()
    {
        double dX = 0, dY = 0;
        double v = CallFns.CallsNoDiffGradient(1.5, 2.5, ref dX, ref dY);
        Grad.SameValue(CallFns.CallsNoDiff(1.5, 2.5), v, "CallsNoDiff");
        Assert.Equal(6.0 * 1.5, dX, 12);
        Assert.Equal(1.5 * 2.5 * 2.5, dY, 12);
        Grad.Check(p => CallFns.CallsNoDiff(p[0], p[1]), new[] { 1.5, 2.5 }, new[] { dX, dY }, "CallsNoDiff");
    }

    [Fact]
    public void SameCalleeTwice()
    {
        double dX = 0, dY = 0;
        double v = CallFns.SameCalleeTwiceGradient(0.9, -0.5, ref dX, ref dY);
        Grad.SameValue(CallFns.SameCalleeTwice(0.9, -0.5), v, "SameCalleeTwice");
        Grad.Check(p => CallFns.SameCalleeTwice(p[0], p[1]), new[] { 0.9, -0.5 }, new[] { dX, dY }, "SameCalleeTwice");
    }

    [Fact]
    public void CallsSpanMethodWithArray()
    {
        double[] a = { 0.3, -0.9, 0.4 };
        double[] dA = new double[3];
        double dX = 0;
        double v = CallFns.CallsSpanMethodGradient(a, 0.5, dA, ref dX);
        Grad.SameValue(CallFns.CallsSpanMethod(a, 0.5), v, "CallsSpanMethod");
        Grad.Check(p => CallFns.CallsSpanMethod(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(a, 0.5), Fd.Pack(dA, dX), "CallsSpanMethod");
    }

    [Fact]
    public void CallsDifferentiableVoidMethod()
    {
        double[] x = { 0.3, -0.9, 0.4, 1.1 };
        double[] dX = new double[4];
        double dS = 0;
        double v = CallFns.CallsPullbackGradient(x, 0.7, dX, ref dS);
        Grad.SameValue(CallFns.CallsPullback(x, 0.7), v, "CallsPullback");
        Grad.Check(p => CallFns.CallsPullback(Fd.Slice(p, 0, 4), p[4]), Fd.Pack(x, 0.7), Fd.Pack(dX, dS), "CallsPullback");
    }

    [Fact]
    public void RegisteredDerivativeForPlainMethod()
    {
        int before = Volatile.Read(ref CustomDerivatives.SoftplusCalls);
        foreach (var (x, y) in new[] { (0.5, 1.2), (-1.5, 0.3), (2.0, -0.8) })
        {
            double dX = 0, dY = 0;
            double v = CallFns.UsesSoftplusGradient(x, y, ref dX, ref dY);
            Grad.SameValue(CallFns.UsesSoftplus(x, y), v, "UsesSoftplus");
            Grad.Check(p => CallFns.UsesSoftplus(p[0], p[1]), new[] { x, y }, new[] { dX, dY }, "UsesSoftplus");
        }
        Assert.True(Volatile.Read(ref CustomDerivatives.SoftplusCalls) > before, "the registered SoftplusGradient was not called");
    }

    [Fact]
    public void RegisteredPullbackForPlainVoidMethod()
    {
        int before = Volatile.Read(ref CustomDerivatives.ExpIntoCalls);
        double[] x = { 0.3, -0.9, 0.4 };
        double[] dX = new double[3];
        double dC = 0;
        double v = CallFns.UsesExpIntoGradient(x, 1.3, dX, ref dC);
        Grad.SameValue(CallFns.UsesExpInto(x, 1.3), v, "UsesExpInto");
        Grad.Check(p => CallFns.UsesExpInto(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(x, 1.3), Fd.Pack(dX, dC), "UsesExpInto");
        Assert.True(Volatile.Read(ref CustomDerivatives.ExpIntoCalls) > before, "the registered ExpIntoPullback was not called");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void IntOnlyHelperIsConstant(int n)
    {
        double dX = 0;
        double v = CallFns.UsesIntHelperGradient(1.25, n, ref dX);
        Grad.SameValue(CallFns.UsesIntHelper(1.25, n), v, "UsesIntHelper");
        Assert.Equal(PlainMath.Triangle(n) + 2 * 1.25 * PlainMath.Triangle(n + 1), dX, 12);
    }
}
