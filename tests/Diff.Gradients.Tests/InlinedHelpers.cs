using System.Linq;
using Diff;

namespace Diff.Gradients.Tests;

/// <summary>
/// Callers of small helpers, which the generator inlines before differentiating: scalar parameters the helper
/// reassigns, buffers it reads and writes, three levels of helpers, a local array of a loop (restored in the reverse
/// sweep), and the cases where inlining would change the meaning, which must stay calls.
/// </summary>
public static partial class InlineFns
{
    private const double Scale = 1.5;

    [Differentiable]
    public static double Square(double v) => v * v;

    /// <summary>Reassigns its scalar parameter: the caller's variable must not change.</summary>
    [Differentiable]
    public static double Weighted(double[] w, int i, double s)
    {
        s = s * w[i];
        return s * s + w[i + 1];
    }

    /// <summary>Reads a constant of its class by its simple name.</summary>
    [Differentiable]
    public static double Scaled(double v) => Scale * v;

    /// <summary>Writes a buffer it is given, from another it reads.</summary>
    [Differentiable]
    public static void AddSquares(double[] from, double k, double[] into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] += k * from[i] * from[i];
        }
    }

    /// <summary>Returns a value and writes its buffer.</summary>
    [Differentiable]
    public static double Normalize(double[] v)
    {
        double n = 0;
        for (int i = 0; i < v.Length; i++)
        {
            n += v[i] * v[i];
        }

        n = Math.Sqrt(n);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = v[i] / n;
        }

        return n;
    }

    /// <summary>A helper with a local array of its own, read after it is filled.</summary>
    [Differentiable]
    public static double Spread(double[] a, int start, double t)
    {
        double[] local = new double[3];
        for (int j = 0; j < 3; j++)
        {
            local[j] = Math.Sin(t * a[(start + j) % a.Length]);
        }

        double s = 0;
        for (int j = 0; j < 3; j++)
        {
            for (int r = j; r < 3; r++)
            {
                s += local[j] * local[r] * a[r];
            }
        }

        return s;
    }

    [Differentiable]
    public static double Inner(double[] a, double x) => Square(x * a[0]) + Scaled(a[1]);

    [Differentiable]
    public static double Middle(double[] a, double x) => Inner(a, x) * Math.Exp(-Inner(a, 0.5 * x));

    /// <summary>Three levels: Nested → Middle → Inner → Square and Scaled.</summary>
    [Differentiable]
    public static double Nested(double[] a, double x) => Middle(a, x) + Square(Middle(a, x + 1));

    /// <summary>Every kind of helper from one caller, in a loop over local buffers.</summary>
    [Differentiable]
    public static double Caller(double[] a, double x)
    {
        double[] acc = new double[a.Length];
        double total = 0;
        for (int k = 0; k < 3; k++)
        {
            double before = x;
            total += Weighted(a, k % (a.Length - 1), x) + before;
            AddSquares(a, x + k, acc);
            total += Normalize(acc) * Square(acc[k % acc.Length]);
            total += Spread(a, k, x);
        }

        return total + x;
    }

    /// <summary>The caller's local shares a name with the constant the helper reads.</summary>
    [Differentiable]
    public static double Shadowed(double[] a)
    {
        double Scale = 10 * a[2];
        return Scaled(a[0]) + Scale * a[1];
    }

    /// <summary>Ignores its second argument, whatever the caller passes.</summary>
    [Differentiable]
    public static double Ignoring(double a, [NoDiff] double[] c) => a * c[0];

    /// <summary>Gives a [NoDiff] parameter a value that depends on its input: the call ignores that dependence, and so must the gradient.</summary>
    [Differentiable]
    public static double IntoNoDiff(double[] a)
    {
        double[] c = new double[1];
        c[0] = 2 * a[0];
        return Ignoring(a[1], c);
    }

    [Differentiable]
    public static double Power(int k, double x) => Math.Pow(x, k + 1);

    /// <summary>Arguments with effects, evaluated left to right.</summary>
    [Differentiable]
    public static double Counters(double x)
    {
        int k = 0;
        double first = Power(k++, x) + Power(k++, x);
        return first + Power(k++, Power(k++, x) * x);
    }

    /// <summary>A helper that returns early stays a call.</summary>
    [Differentiable]
    public static double Clipped(double v)
    {
        if (v > 2)
        {
            return 2;
        }

        return v * v;
    }

    [Differentiable]
    public static double CallsClipped(double[] a) => Clipped(a[0]) + Clipped(3 * a[1]) * a[2];

    [Differentiable]
    public static void ScaleBySquare(double[] b, double u)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] *= u * u;
        }
    }

    /// <summary>
    /// A helper that updates a loop's own array in place, then a return from inside a foreach over it: for y &gt; 0 the
    /// value is e^cos((5x)³), whose H·v the fuzzer's float step once misjudged (Findings.md, campaign 5252).
    /// </summary>
    [Differentiable]
    public static double EarlyFromLoop(float x, double y)
    {
        for (int i = 4; i >= 0; i--)
        {
            double[] t = new double[5];
            for (int k = 0; k < t.Length; k++)
            {
                t[k] = (double)(x * (i + 1));
            }

            ScaleBySquare(t, t[i / 2]);
            foreach (double e in t)
            {
                if (y < y * (i + 1))
                {
                    return Math.Exp(Math.Cos(t[i / 2]));
                }
            }
        }

        return y;
    }
}

public sealed class InlinedHelpersTests
{
    [Fact]
    public void An_in_place_helper_in_a_loop_with_an_early_return_has_the_exact_hessian_vector_product()
    {
        const float x = 1.014561534f;
        const double y = 0.7619876327, vX = 0.6482453942, vY = 0.7298715635;

        // f = e^cos(u), u = (5x)³: f' = −e^cos(u) sin(u) u', f'' = e^cos(u) (sin²(u) u'² − cos(u) u'² − sin(u) u'').
        double u = 125.0 * x * x * x, du = 375.0 * x * x, ddu = 750.0 * x, e = Math.Exp(Math.Cos(u));
        double first = -e * Math.Sin(u) * du;
        double second = e * (Math.Sin(u) * Math.Sin(u) * du * du - Math.Cos(u) * du * du - Math.Sin(u) * ddu);

        float adjX = 0, hvX = 0;
        double adjY = 0, hvY = 0;
        double value = InlineFns.EarlyFromLoopHessianVector(x, y, (float)vX, vY, ref adjX, ref adjY, ref hvX, ref hvY);
        Assert.Equal(InlineFns.EarlyFromLoop(x, y), value, 12);
        Grad.Close(new[] { first, 0 }, new[] { (double)adjX, adjY }, 1e-4, 1e-6, "EarlyFromLoop gradient");
        Grad.Close(new[] { second * vX, 0 }, new[] { (double)hvX, hvY }, 1e-4, 1e-6, "EarlyFromLoop H·v");
    }

    private static readonly double[] Point = { 0.4, -0.7, 1.1, 0.3 };

    [Fact]
    public void Every_kind_of_helper_inlined_into_a_loop_has_the_right_gradient()
    {
        double[] a = Point.ToArray();
        var dA = new double[a.Length];
        double dX = 0;
        double value = InlineFns.CallerGradient(a, 0.8, dA, ref dX);
        Assert.Equal(InlineFns.Caller(Point.ToArray(), 0.8), value, 12);
        Assert.Equal(Point, a);
        Grad.Check(p => InlineFns.Caller(Fd.Slice(p, 0, 4), p[4]), Fd.Pack(Point, 0.8), Fd.Pack(dA, dX), "Caller");
    }

    [Fact]
    public void Three_levels_of_inlined_helpers_have_the_right_gradient_tangent_and_hessian_vector_product()
    {
        double[] a = Point[..2];
        var dA = new double[2];
        double dX = 0;
        double value = InlineFns.NestedGradient(a, 0.6, dA, ref dX);
        Assert.Equal(InlineFns.Nested(a, 0.6), value, 12);
        Grad.Check(p => InlineFns.Nested(Fd.Slice(p, 0, 2), p[2]), Fd.Pack(a, 0.6), Fd.Pack(dA, dX), "Nested");

        double[] v = { 0.3, -0.5, 0.9 };
        InlineFns.NestedTangent(a, 0.6, v[..2], v[2], out double tangent);
        Assert.Equal(dA[0] * v[0] + dA[1] * v[1] + dX * v[2], tangent, 9);

        double[] Gradient(double[] p)
        {
            var g = new double[2];
            double gx = 0;
            InlineFns.NestedGradient(p[..2], p[2], g, ref gx);
            return g.Append(gx).ToArray();
        }

        var hvA = new double[2];
        double hvX = 0;
        var adjA = new double[2];
        double adjX = 0;
        InlineFns.NestedHessianVector(a, 0.6, v[..2], v[2], adjA, ref adjX, hvA, ref hvX);
        const double h = 1e-5;
        double[] point = a.Append(0.6).ToArray();
        double[] plus = Gradient(point.Zip(v, (p, d) => p + h * d).ToArray());
        double[] minus = Gradient(point.Zip(v, (p, d) => p - h * d).ToArray());
        Grad.Close(plus.Zip(minus, (l, r) => (l - r) / (2 * h)).ToArray(), hvA.Append(hvX).ToArray(), 1e-5, 1e-6, "Nested H·v");
    }

    [Fact]
    public void A_caller_local_named_like_the_helpers_constant_keeps_both_meanings()
    {
        double[] a = Point.ToArray();
        var dA = new double[a.Length];
        Assert.Equal(InlineFns.Shadowed(a), InlineFns.ShadowedGradient(a, dA), 12);
        Grad.Close(new[] { 1.5, 10 * a[2], 10 * a[1], 0 }, dA, 1e-14, 1e-14, "Shadowed");
    }

    [Fact]
    public void A_NoDiff_parameter_given_a_varied_value_still_ignores_it()
    {
        double[] a = Point.ToArray();
        var dA = new double[a.Length];
        Assert.Equal(InlineFns.IntoNoDiff(a), InlineFns.IntoNoDiffGradient(a, dA), 12);

        // As a call: ∂/∂a₁ = c₀ = 2a₀, and nothing flows through c into a₀.
        Grad.Close(new[] { 0, 2 * a[0], 0, 0 }, dA, 1e-14, 1e-14, "IntoNoDiff");
    }

    [Fact]
    public void Arguments_with_effects_and_helpers_with_early_returns_stay_right()
    {
        double dX = 0;
        Assert.Equal(InlineFns.Counters(0.9), InlineFns.CountersGradient(0.9, ref dX), 12);
        Grad.Check(p => InlineFns.Counters(p[0]), new[] { 0.9 }, new[] { dX }, "Counters");

        foreach (double[] a in new[] { Point, new[] { 2.5, 0.2, -1.0 }, new[] { 1.0, 1.0, 0.5 } })
        {
            var dA = new double[a.Length];
            Assert.Equal(InlineFns.CallsClipped(a), InlineFns.CallsClippedGradient(a, dA), 12);
            Grad.Check(p => InlineFns.CallsClipped(p), a, dA, "CallsClipped");
        }
    }
}
