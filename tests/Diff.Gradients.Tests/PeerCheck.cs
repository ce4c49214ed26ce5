using Diff;

namespace Diff.Gradients.Tests;

internal delegate double G1(double x, ref double dX);

internal delegate double G2(double x, double y, ref double dX, ref double dY);

internal delegate double G3(double x, double y, double z, ref double dX, ref double dY, ref double dZ);

internal delegate double GA(double[] a, double[] dA);

internal delegate double GAX(double[] a, double x, double[] dA, ref double dX);

internal delegate double GAB(double[] a, double[] b, double[] dA, double[] dB);

internal delegate double GAXY(double[] a, double x, double y, double[] dA, ref double dX, ref double dY);

/// <summary>The contract checks of the peer-suite tests: the gradient returns the original value, and its adjoints match central finite differences.</summary>
internal static class PeerCheck
{
    internal static void Check1(Func<double, double> f, G1 g, double x, string what)
    {
        double dX = 0;
        double v = g(x, ref dX);
        Grad.SameValue(f(x), v, what);
        Grad.Check(p => f(p[0]), new[] { x }, new[] { dX }, what);
        TangentCheck.Against(g, new object[] { x }, new object[] { dX }, what);
    }

    internal static void Check2(Func<double, double, double> f, G2 g, double x, double y, string what)
    {
        double dX = 0, dY = 0;
        double v = g(x, y, ref dX, ref dY);
        Grad.SameValue(f(x, y), v, what);
        Grad.Check(p => f(p[0], p[1]), new[] { x, y }, new[] { dX, dY }, what);
        TangentCheck.Against(g, new object[] { x, y }, new object[] { dX, dY }, what);
    }

    internal static void Check3(Func<double, double, double, double> f, G3 g, double x, double y, double z, string what)
    {
        double dX = 0, dY = 0, dZ = 0;
        double v = g(x, y, z, ref dX, ref dY, ref dZ);
        Grad.SameValue(f(x, y, z), v, what);
        Grad.Check(p => f(p[0], p[1], p[2]), new[] { x, y, z }, new[] { dX, dY, dZ }, what);
        TangentCheck.Against(g, new object[] { x, y, z }, new object[] { dX, dY, dZ }, what);
    }

    internal static void CheckA(Func<double[], double> f, GA g, double[] a, string what)
    {
        var dA = new double[a.Length];
        double v = g((double[])a.Clone(), dA);
        Grad.SameValue(f((double[])a.Clone()), v, what);
        Grad.Check(f, (double[])a.Clone(), dA, what);
        TangentCheck.Against(g, new object[] { a }, new object[] { dA }, what);
    }

    internal static void CheckAX(Func<double[], double, double> f, GAX g, double[] a, double x, string what)
    {
        int n = a.Length;
        var dA = new double[n];
        double dX = 0;
        double v = g((double[])a.Clone(), x, dA, ref dX);
        Grad.SameValue(f((double[])a.Clone(), x), v, what);
        Grad.Check(p => f(Fd.Slice(p, 0, n), p[n]), Fd.Pack(a, x), Fd.Pack(dA, dX), what);
        TangentCheck.Against(g, new object[] { a, x }, new object[] { dA, dX }, what);
    }

    internal static void CheckAB(Func<double[], double[], double> f, GAB g, double[] a, double[] b, string what)
    {
        int n = a.Length, m = b.Length;
        var dA = new double[n];
        var dB = new double[m];
        double v = g((double[])a.Clone(), (double[])b.Clone(), dA, dB);
        Grad.SameValue(f((double[])a.Clone(), (double[])b.Clone()), v, what);
        Grad.Check(p => f(Fd.Slice(p, 0, n), Fd.Slice(p, n, m)), Fd.Pack(a, b), Fd.Pack(dA, dB), what);
        TangentCheck.Against(g, new object[] { a, b }, new object[] { dA, dB }, what);
    }

    internal static void CheckAXY(Func<double[], double, double, double> f, GAXY g, double[] a, double x, double y, string what)
    {
        int n = a.Length;
        var dA = new double[n];
        double dX = 0, dY = 0;
        double v = g((double[])a.Clone(), x, y, dA, ref dX, ref dY);
        Grad.SameValue(f((double[])a.Clone(), x, y), v, what);
        Grad.Check(p => f(Fd.Slice(p, 0, n), p[n], p[n + 1]), Fd.Pack(a, x, y), Fd.Pack(dA, dX, dY), what);
        TangentCheck.Against(g, new object[] { a, x, y }, new object[] { dA, dX, dY }, what);
    }

    /// <summary>At a kink or a special point: the value is the function's, and the adjoints are the documented ones exactly.</summary>
    internal static void AtPoint(G2 gradient, Func<double, double, double> f, double x, double y, double expectedDX, double expectedDY, string what)
    {
        double dX = 0, dY = 0;
        double v = gradient(x, y, ref dX, ref dY);
        Grad.SameValue(f(x, y), v, what);
        Xunit.Assert.Equal(expectedDX, dX);
        Xunit.Assert.Equal(expectedDY, dY);
        TangentCheck.Against(gradient, new object[] { x, y }, new object[] { dX, dY }, what);
    }
}
