using Diff;

namespace Diff.Gradients.Tests;

/// <summary>
/// The documented choices at kinks: Abs'(0) = 0; Max and Min split a tie in half between their arguments;
/// Clamp gives the boundary to the bound.
/// </summary>
public static partial class KinkFns
{
    [Differentiable]
    public static double AbsPlus(double x, double y)
    {
        return Math.Abs(x) * y + x;
    }

    [Differentiable]
    public static double Max(double x, double y)
    {
        return Math.Max(x, y);
    }

    [Differentiable]
    public static double Min(double x, double y)
    {
        return Math.Min(x, y);
    }

    [Differentiable]
    public static double Clamp(double x, double lo, double hi)
    {
        return Math.Clamp(x, lo, hi);
    }

    [Differentiable]
    public static float MaxF(float x, float y)
    {
        return MathF.Max(x, y);
    }

    /// <summary>Starts at √0, whose derivative is infinite, with a tangent of exactly zero.</summary>
    [Differentiable]
    public static double SqrtFromZero(double x, double[] v)
    {
        double acc = 0.0;
        for (int k = 0; k < v.Length; k++)
        {
            acc = Math.Sqrt(acc) + v[k] * x;
        }

        return acc;
    }

    /// <summary>|x| with the sign of s·0, a signed zero; and of y · y, which underflows to zero for tiny y.</summary>
    [Differentiable]
    public static double CopySignOfZero(double x, double s, double y) =>
        Math.CopySign(x, s * 0.0) + Math.CopySign(x, -(y * y)) * 2;
}

public static partial class KinkFns
{
    /// <summary>A helper that stays a call, with an infinite derivative at 0.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    [Differentiable]
    public static double CubeRootCall(double s) => Math.Cbrt(s);

    /// <summary>A helper that stays a call and reads an array, with an infinite derivative at 0.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    [Differentiable]
    public static double CubeRootOfFirst(double[] v, double s) => Math.Cbrt(v[0] + s);

    /// <summary>The helpers called where their argument, and its tangent, are exactly 0.</summary>
    [Differentiable]
    public static double CallsAtZero(double a, double[] x)
    {
        double u = 0.0;
        if (a > 100)
        {
            u = a;
        }

        double t = CubeRootCall(u);
        double[] w = new double[2];
        w[0] = CubeRootOfFirst(w, 0.0);
        w[1] = CubeRootOfFirst(w, a);
        return a * x[0] + Math.Cbrt(a + t) + w[1];
    }

    /// <summary>A norm floored at eps, in one expression: at the origin the floor wins, and Sqrt's infinite partial meets Max's zero.</summary>
    [Differentiable]
    public static double FlooredNorm(double x, double y) => x + Math.Max(Math.Sqrt(x * x + y * y), 0.5) * y;

    /// <summary>Binary cross-entropy on probabilities with PyTorch's clamp of the logarithms at −100, one expression per term.</summary>
    [Differentiable]
    public static double ClampedCrossEntropy(double[] p, [NoDiff] double[] target)
    {
        double loss = 0;
        for (int i = 0; i < p.Length; i++)
        {
            loss -= target[i] * Math.Max(Math.Log(p[i]), -100) + (1 - target[i]) * Math.Clamp(Math.Log(1 - p[i]), -100, 0);
        }

        return loss / p.Length;
    }

    /// <summary>
    /// Heston's variance by Euler steps with full truncation: √ of a Max that picks 0 once the variance goes negative, in a
    /// statement of its own (recorded in the loop) and inside one expression.
    /// </summary>
    [Differentiable]
    public static double HestonFullTruncation(double v0, double kappa, double theta, double xi, [NoDiff] double[] z, double dt)
    {
        double v = v0, s = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double vp = Math.Max(v, 0.0);
            v = v + kappa * (theta - vp) * dt + xi * Math.Sqrt(vp * dt) * z[i];
            s += Math.Sqrt(vp) + xi * Math.Sqrt(Math.Clamp(v, 0.0, 10.0));
        }

        return s;
    }

    /// <summary>Nine outputs of two inputs (a Jacobian by forward lanes); the first is infinite-sloped at x[0] = 0 and does not read x[1].</summary>
    [Differentiable]
    public static void SqrtBesideLines(double[] x, double[] y)
    {
        y[0] = Math.Sqrt(x[0]);
        for (int k = 1; k < y.Length; k++)
        {
            y[k] = k * x[1];
        }
    }

    /// <summary>The maximum of a value and itself: a tie everywhere, whose generated test compares the value with itself.</summary>
    [Differentiable]
    public static double MaxOfItself(double x) => Math.Max(x, x) * x + Math.Min(x, x);
}

public class KinkTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(-2.0)]
    public void The_maximum_of_a_value_and_itself_has_the_values_derivative(double x)
    {
        double dX = 0;
        Assert.Equal(KinkFns.MaxOfItself(x), KinkFns.MaxOfItselfGradient(x, ref dX));
        Assert.Equal(2 * x + 1, dX, 12);
    }

    [Fact]
    public void An_infinite_partial_under_a_Max_or_Clamp_that_discards_it_in_the_same_expression_contributes_zero()
    {
        // At the origin the floor wins: f = x + 0.5·y, whatever Sqrt's partial is there.
        double dX = 0, dY = 0;
        Assert.Equal(KinkFns.FlooredNorm(0, 0), KinkFns.FlooredNormGradient(0, 0, ref dX, ref dY));
        Assert.Equal(1.0, dX);
        Assert.Equal(0.5, dY);
        KinkFns.FlooredNormTangent(0, 0, 0.3, -0.7, out double tangent);
        Assert.Equal(0.3 * dX - 0.7 * dY, tangent, 12);

        // Away from the kink the same expression has the ordinary derivative.
        dX = 0;
        dY = 0;
        KinkFns.FlooredNormGradient(0.8, -0.9, ref dX, ref dY);
        Grad.Check(v => KinkFns.FlooredNorm(v[0], v[1]), new[] { 0.8, -0.9 }, new[] { dX, dY }, "floored norm");

        // Probabilities of exactly 0 and 1, where a logarithm is clamped: the clamped term is constant there, and the other
        // term's one-sided derivative is what remains (PyTorch's own binary_cross_entropy gives the same at p = 0.5).
        double[] p = { 0.0, 1.0, 0.5 }, target = { 0.0, 1.0, 1.0 };
        var dP = new double[3];
        Assert.Equal(KinkFns.ClampedCrossEntropy(p, target), KinkFns.ClampedCrossEntropyGradient(p, target, dP));
        Assert.All(dP, d => Assert.True(double.IsFinite(d), "finite"));
        Assert.Equal(1.0 / 3, dP[0], 12);
        Assert.Equal(-1.0 / 3, dP[1], 12);
        Assert.Equal(-2.0 / 3, dP[2], 12);
    }

    [Fact]
    public void A_square_root_of_a_Max_that_picked_zero_passes_no_NaN_back()
    {
        // The draws drive the variance below zero, where √ of the truncated variance has an infinite partial that the
        // Max discards: the Greeks are finite and match central differences.
        double[] z = { -3.0, 2.0, -4.0, 1.0, 0.5, -2.5 };
        double[] p = { 0.04, 1.5, 0.04, 0.9, 0.25 };
        double Price(double[] q) => KinkFns.HestonFullTruncation(q[0], q[1], q[2], q[3], z, q[4]);
        double[] g = new double[5];
        Grad.SameValue(Price(p), KinkFns.HestonFullTruncationGradient(p[0], p[1], p[2], p[3], z, p[4], ref g[0], ref g[1], ref g[2], ref g[3], ref g[4]), "Heston");
        Grad.Check(Price, p, g, "Heston");
        double[] v = { 0.3, -0.2, 0.5, 0.1, -0.4 };
        KinkFns.HestonFullTruncationTangent(p[0], p[1], p[2], p[3], z, p[4], v[0], v[1], v[2], v[3], v[4], out double tangent);
        Assert.Equal(System.Linq.Enumerable.Sum(System.Linq.Enumerable.Zip(g, v, (a, b) => a * b)), tangent, 10);

        double[] h = new double[5], hv = new double[5];
        KinkFns.HestonFullTruncationHessianVector(p[0], p[1], p[2], p[3], z, p[4], v[0], v[1], v[2], v[3], v[4],
            ref h[0], ref h[1], ref h[2], ref h[3], ref h[4], ref hv[0], ref hv[1], ref hv[2], ref hv[3], ref hv[4]);
        Grad.CheckHessianVector(q =>
        {
            double[] d = new double[5];
            KinkFns.HestonFullTruncationGradient(q[0], q[1], q[2], q[3], z, q[4], ref d[0], ref d[1], ref d[2], ref d[3], ref d[4]);
            return d;
        }, p, v, hv, "Heston H·v");
    }

    [Fact]
    public void A_Jacobian_by_forward_lanes_has_no_NaN_where_an_output_does_not_read_an_input()
    {
        double[] x = { 0.0, 1.0 };
        var jacobian = new double[9 * 2];
        KinkFns.SqrtBesideLinesJacobian(x, new double[9], jacobian);
        Assert.Equal(double.PositiveInfinity, jacobian[0]);
        Assert.Equal(0.0, jacobian[1]);
        for (int k = 1; k < 9; k++)
        {
            Assert.Equal(0.0, jacobian[k * 2]);
            Assert.Equal(k, jacobian[k * 2 + 1]);
        }

        // Away from the kink, every entry against the tangent of each column.
        x = new[] { 0.49, 1.0 };
        KinkFns.SqrtBesideLinesJacobian(x, new double[9], jacobian);
        Assert.Equal(0.5 / 0.7, jacobian[0], 12);
        Assert.Equal(0.0, jacobian[1]);
    }

    [Fact]
    public void A_zero_tangent_into_a_callees_infinite_partial_contributes_zero()
    {
        double[] x = { 0.3, -0.7 };
        double dA = 0;
        var dX = new double[2];
        KinkFns.CallsAtZeroGradient(0.6, x, ref dA, dX);
        Grad.Check(p => KinkFns.CallsAtZero(p[0], x), new[] { 0.6 }, new[] { dA }, "CallsAtZero");

        double gA = 0, hA = 0;
        var hX = new double[2];
        KinkFns.CallsAtZeroHessianVector(0.6, x, 0.82, new[] { -0.5, 0.3 }, ref gA, new double[2], ref hA, hX);
        Assert.True(double.IsFinite(hA), "H·v is finite");
        Grad.CheckHessianVector(p => { double d = 0; var g = new double[2]; KinkFns.CallsAtZeroGradient(p[0], p[1..], ref d, g); return new[] { d, g[0], g[1] }; },
            new[] { 0.6, 0.3, -0.7 }, new[] { 0.82, -0.5, 0.3 }, new[] { hA, hX[0], hX[1] }, "CallsAtZero H·v");
    }

    [Fact]
    public void A_zero_tangent_into_an_infinite_partial_contributes_zero()
    {
        double[] v = { 1, 2, 3 };
        double dX = 0;
        var dV = new double[3];
        KinkFns.SqrtFromZeroGradient(0.7, v, ref dX, dV);
        Grad.Check(p => KinkFns.SqrtFromZero(p[0], v), new[] { 0.7 }, new[] { dX }, "SqrtFromZero");
        KinkFns.SqrtFromZeroTangent(0.7, v, 1.0, new double[3], out double tangent);
        Assert.Equal(dX, tangent, 12);

        double hX = 0, gX = 0;
        var hV = new double[3];
        KinkFns.SqrtFromZeroHessianVector(0.7, v, 1.0, new double[3], ref gX, new double[3], ref hX, hV);
        Assert.True(double.IsFinite(hX), "H·v is finite");
        Grad.CheckHessianVector(p => { double d = 0; KinkFns.SqrtFromZeroGradient(p[0], v, ref d, new double[3]); return new[] { d }; }, new[] { 0.7 }, new[] { 1.0 }, new[] { hX }, "SqrtFromZero H·v");
    }

    [Theory]
    [InlineData(0.5, -1.0, 1e-200)]
    [InlineData(-0.5, 1.0, 1e-200)]
    [InlineData(0.5, 1.0, 0.3)]
    public void CopySign_follows_the_sign_bits_of_zeros_and_underflowed_products(double x, double s, double y)
    {
        // d/dx CopySign(x, z) = ±1: + where x and z carry the same sign bit (−0.0 is negative).
        double expected = Math.CopySign(1, x) * Math.CopySign(1, s * 0.0) + Math.CopySign(1, x) * Math.CopySign(1, -(y * y)) * 2;
        double dX = 0, dS = 0, dY = 0;
        KinkFns.CopySignOfZeroGradient(x, s, y, ref dX, ref dS, ref dY);
        Assert.Equal(expected, dX);
        KinkFns.CopySignOfZeroTangent(x, s, y, 1, 0, 0, out double tangent);
        Assert.Equal(expected, tangent);
    }

    [Fact]
    public void AbsAtZeroHasZeroDerivative()
    {
        double dX = 0, dY = 0;
        double v = KinkFns.AbsPlusGradient(0.0, 2.5, ref dX, ref dY);
        Grad.SameValue(KinkFns.AbsPlus(0.0, 2.5), v, "AbsPlus");
        Assert.Equal(1.0, dX);
        Assert.Equal(0.0, dY);
    }

    [Fact]
    public void MaxSplitsATie()
    {
        double dX = 0, dY = 0;
        double v = KinkFns.MaxGradient(1.5, 1.5, ref dX, ref dY);
        Grad.SameValue(1.5, v, "Max");
        Assert.Equal(0.5, dX);
        Assert.Equal(0.5, dY);

        float fx = 0, fy = 0;
        KinkFns.MaxFGradient(1.5f, 1.5f, ref fx, ref fy);
        Assert.Equal(0.5f, fx);
        Assert.Equal(0.5f, fy);
    }

    [Fact]
    public void MinSplitsATie()
    {
        double dX = 0, dY = 0;
        double v = KinkFns.MinGradient(-0.5, -0.5, ref dX, ref dY);
        Grad.SameValue(-0.5, v, "Min");
        Assert.Equal(0.5, dX);
        Assert.Equal(0.5, dY);
    }

    [Fact]
    public void ClampAtLowerBoundGoesToTheValue()
    {
        // As torch.clamp: the gradient passes to the value whenever min <= value <= max.
        double dX = 0, dLo = 0, dHi = 0;
        double v = KinkFns.ClampGradient(-1.0, -1.0, 2.0, ref dX, ref dLo, ref dHi);
        Grad.SameValue(-1.0, v, "Clamp");
        Assert.Equal(new[] { 1.0, 0.0, 0.0 }, new[] { dX, dLo, dHi });
    }

    [Fact]
    public void ClampAtUpperBoundGoesToTheValue()
    {
        double dX = 0, dLo = 0, dHi = 0;
        double v = KinkFns.ClampGradient(2.0, -1.0, 2.0, ref dX, ref dLo, ref dHi);
        Grad.SameValue(2.0, v, "Clamp");
        Assert.Equal(new[] { 1.0, 0.0, 0.0 }, new[] { dX, dLo, dHi });
    }

    [Fact]
    public void ClampGradientSumsToOneAtEveryPoint()
    {
        foreach (double x in new[] { -3.0, -1.0, 0.5, 2.0, 4.0 })
        {
            double dX = 0, dLo = 0, dHi = 0;
            KinkFns.ClampGradient(x, -1.0, 2.0, ref dX, ref dLo, ref dHi);
            Assert.Equal(1.0, dX + dLo + dHi);
        }
    }
}
