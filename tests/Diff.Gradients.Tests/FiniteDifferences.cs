using System.Globalization;
using System.Linq;
using Xunit.Sdk;

namespace Diff.Gradients.Tests;

/// <summary>Central finite differences in double precision.</summary>
internal static class Fd
{
    /// <summary>Relative step; the absolute step is this times max(1, |x|).</summary>
    public const double Step = 1e-6;

    private static double StepFor(double x, double h) => h * Math.Max(1.0, Math.Abs(x));

    /// <summary>d f / d x at <paramref name="x"/>.</summary>
    public static double Derivative(Func<double, double> f, double x, double h = Step)
    {
        double s = StepFor(x, h);
        double xp = x + s, xm = x - s;
        return (f(xp) - f(xm)) / (xp - xm);
    }

    /// <summary>
    /// Gradient of <paramref name="f"/> at <paramref name="x"/>. Every evaluation gets a fresh copy of
    /// the point, so <paramref name="f"/> may modify its argument.
    /// </summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double h = Step)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double s = StepFor(x[i], h);
            var p = (double[])x.Clone();
            p[i] = x[i] + s;
            double xp = p[i];
            double fp = f(p);
            p = (double[])x.Clone();
            p[i] = x[i] - s;
            double xm = p[i];
            double fm = f(p);
            g[i] = (fp - fm) / (xp - xm);
        }
        return g;
    }

    /// <summary>Concatenates scalars and arrays into one flat point.</summary>
    public static double[] Pack(params object[] parts)
    {
        var list = new System.Collections.Generic.List<double>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case double d: list.Add(d); break;
                case float f: list.Add(f); break;
                case int i: list.Add(i); break;
                case double[] a: list.AddRange(a); break;
                case float[] a: list.AddRange(a.Select(v => (double)v)); break;
                default: throw new ArgumentException("cannot pack " + part);
            }
        }
        return list.ToArray();
    }

    /// <summary>Takes <paramref name="count"/> values of <paramref name="p"/> from <paramref name="offset"/>.</summary>
    public static double[] Slice(double[] p, int offset, int count)
    {
        var r = new double[count];
        Array.Copy(p, offset, r, 0, count);
        return r;
    }

    public static float[] ToFloat(double[] a) => a.Select(v => (float)v).ToArray();

    public static double[] ToDouble(float[] a) => a.Select(v => (double)v).ToArray();
}

/// <summary>Comparisons of generated gradients with finite differences.</summary>
internal static class Grad
{
    public const double RelTol = 1e-6;
    public const double FloatRelTol = 1e-3;

    /// <summary>
    /// Checks <paramref name="analytic"/> against the central finite difference of <paramref name="f"/>
    /// at <paramref name="point"/>. The absolute part of the tolerance covers the rounding error of the
    /// difference quotient, which grows with |f|.
    /// </summary>
    public static void Check(Func<double[], double> f, double[] point, double[] analytic, string what, double relTol = RelTol)
    {
        Assert.Equal(point.Length, analytic.Length);
        double f0 = Math.Abs(f((double[])point.Clone()));
        double[] fd = Fd.Gradient(f, point);
        double absTol = relTol * 1e-2 * Math.Max(1.0, f0);
        Close(fd, analytic, relTol, absTol, what, point);
    }

    /// <summary>Checks a float gradient against finite differences of the double twin.</summary>
    public static void CheckFloat(Func<double[], double> doubleTwin, double[] point, float[] analytic, string what)
    {
        Assert.Equal(point.Length, analytic.Length);
        double f0 = Math.Abs(doubleTwin((double[])point.Clone()));
        double[] fd = Fd.Gradient(doubleTwin, point);
        double absTol = 1e-4 * Math.Max(1.0, f0);
        Close(fd, Fd.ToDouble(analytic), FloatRelTol, absTol, what, point);
    }

    /// <summary>
    /// Checks a Hessian-vector product against the central difference of the gradient along <paramref name="v"/>:
    /// (∇f(p + hv) − ∇f(p − hv)) / 2h, with h = <paramref name="step"/>.
    /// </summary>
    public static void CheckHessianVector(Func<double[], double[]> gradient, double[] point, double[] v, double[] product, string what, double step = 1e-6, double relTol = 1e-6, double absTol = 1e-6)
    {
        Assert.Equal(point.Length, v.Length);
        double[] plus = gradient(point.Zip(v, (p, d) => p + step * d).ToArray());
        double[] minus = gradient(point.Zip(v, (p, d) => p - step * d).ToArray());
        Close(plus.Zip(minus, (a, b) => (a - b) / (2 * step)).ToArray(), product, relTol, absTol, what + " H·v", point);
    }

    public static void Close(double[] expected, double[] actual, double relTol, double absTol, string what, double[]? point = null)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            double tol = absTol + relTol * Math.Max(Math.Abs(e), Math.Abs(a));
            if (!(Math.Abs(e - a) <= tol))
            {
                throw new XunitException(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: component {1} at point [{2}]: expected {3:R} (finite difference), generated {4:R}, |diff| {5:E3} > tol {6:E3}\n  expected [{7}]\n  actual   [{8}]",
                    what, i, point is null ? "" : Join(point), e, a, Math.Abs(e - a), tol, Join(expected), Join(actual)));
            }
        }
    }

    public static void Close(double expected, double actual, double relTol, double absTol, string what)
        => Close(new[] { expected }, new[] { actual }, relTol, absTol, what);

    /// <summary>The generated method must return exactly what the original returns.</summary>
    public static void SameValue(double expected, double actual, string what)
    {
        if (!expected.Equals(actual))
        {
            throw new XunitException(string.Format(CultureInfo.InvariantCulture,
                "{0}: original returned {1:R}, generated returned {2:R}", what, expected, actual));
        }
    }

    public static void SameValue(float expected, float actual, string what)
    {
        if (!expected.Equals(actual))
        {
            throw new XunitException(string.Format(CultureInfo.InvariantCulture,
                "{0}: original returned {1:R}, generated returned {2:R}", what, expected, actual));
        }
    }

    public static void SameArray(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!expected[i].Equals(actual[i]))
            {
                throw new XunitException(string.Format(CultureInfo.InvariantCulture,
                    "{0}: element {1}: original wrote {2:R}, generated left {3:R}", what, i, expected[i], actual[i]));
            }
        }
    }

    private static string Join(double[] a) => string.Join(", ", a.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}

/// <summary>Reproducible random test points.</summary>
internal static class Pts
{
    public static double Uniform(System.Random r, double lo, double hi) => lo + (hi - lo) * r.NextDouble();

    public static double[] Vector(System.Random r, int n, double lo, double hi)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = Uniform(r, lo, hi);
        return a;
    }

    /// <summary>Values exactly representable as float, so float and double twins see the same point.</summary>
    public static double FloatUniform(System.Random r, double lo, double hi) => (float)Uniform(r, lo, hi);

    public static double[] FloatVector(System.Random r, int n, double lo, double hi)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = FloatUniform(r, lo, hi);
        return a;
    }
}
