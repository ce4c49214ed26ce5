using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Intermediates that overflow to infinity and then saturate (Tanh at ±∞, Exp at −∞, a quotient by ∞), so that the result
/// stays finite and depends on the input only through paths that do not overflow. The overflowed intermediate's tangent
/// is infinite or NaN; its partial at the saturation is exactly zero, which absorbs it as the reverse sweep's skipped zero
/// adjoint does, so the tangent equals the gradient's ⟨∇f, v⟩.
/// </summary>
public static partial class SaturationFns
{
    /// <summary>The logistic function written naively: 0 · ∞ in the chain of partials past x ≈ −710.</summary>
    [Differentiable]
    public static double NaiveLogistic(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>The logistic function in its stable form, as the user guide advises.</summary>
    [Differentiable]
    public static double StableLogistic(double x) => x >= 0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x));

    /// <summary>b[0] grows past double's range in place; Tanh(∞) = 1, so the result is 1 + x².</summary>
    [Differentiable]
    public static double TanhOfOverflow(double[] b, double x)
    {
        for (int k = 0; k < 12; k++)
        {
            b[0] *= b[0] * 10 + 3;
        }

        return Math.Tanh(b[0]) + x * x;
    }

    /// <summary>Exp of −∞ is 0, and a quotient by ∞ is 0: the result is sin(y)·x.</summary>
    [Differentiable]
    public static double ExpAndQuotientOfOverflow(double[] b, double x, double y)
    {
        for (int k = 0; k < 12; k++)
        {
            b[0] *= b[0] * 10 + 3;
        }

        return Math.Exp(-b[0]) + y / b[0] + Math.Sin(y) * x;
    }

    /// <summary>Atan of ∞ is π/2, in a buffer updated in place.</summary>
    [Differentiable]
    public static double AtanOfOverflow(double[] a)
    {
        for (int k = 0; k < 10; k++)
        {
            for (int i = 0; i < a.Length; i++)
            {
                a[i] *= a[i] * 20 + 1;
            }
        }

        return Math.Atan(a[0]) + Math.Atan(a[1]);
    }
}

public sealed class SaturationTests
{
    /// <summary>
    /// What the user guide says of overflow: the naive logistic's gradient at −800 is NaN, as PyTorch's, while its tangent
    /// is 0; the stable form is finite and right in every mode, on both sides and far out.
    /// </summary>
    [Fact]
    public void The_stable_logistic_is_finite_in_every_mode_where_the_naive_one_overflows()
    {
        double dNaive = 0;
        SaturationFns.NaiveLogisticGradient(-800, ref dNaive);
        Assert.True(double.IsNaN(dNaive));
        SaturationFns.NaiveLogisticTangent(-800, 1, out double tNaive);
        Assert.Equal(0.0, tNaive);

        foreach (double x in new[] { -800.0, -30.0, -0.5, 0.0, 0.5, 30.0, 800.0 })
        {
            double s = 1 / (1 + Math.Exp(-x));
            double dX = 0;
            double value = SaturationFns.StableLogisticGradient(x, ref dX);
            Assert.Equal(SaturationFns.StableLogistic(x), value);
            Assert.Equal(s * (1 - s), dX, 12);
            SaturationFns.StableLogisticTangent(x, 2, out double tangent);
            Assert.Equal(2 * s * (1 - s), tangent, 12);
            double d = 0, hv = 0;
            SaturationFns.StableLogisticHessianVector(x, 1, ref d, ref hv);
            Assert.Equal(s * (1 - s), d, 12);
            Assert.Equal(s * (1 - s) * (1 - 2 * s), hv, 12);
        }
    }

    [Fact]
    public void A_tangent_through_an_overflowed_tanh_is_finite()
    {
        double x = 1.5;
        double value = SaturationFns.TanhOfOverflow(new[] { 1.2 }, x);
        Assert.Equal(1 + x * x, value);
        double tangentValue = SaturationFns.TanhOfOverflowTangent(new[] { 1.2 }, x, new[] { 0.3 }, 0.75, out double tangent);
        Assert.Equal(value, tangentValue);
        Assert.Equal(2 * x * 0.75, tangent, 12);
        var db = new double[1];
        double dx = 0;
        SaturationFns.TanhOfOverflowGradient(new[] { 1.2 }, x, db, ref dx);
        Assert.Equal(2 * x, dx, 12);
        Assert.Equal(0.0, db[0]);
    }

    [Fact]
    public void A_tangent_through_exp_and_a_quotient_of_infinity_is_finite()
    {
        double x = 2, y = 0.3;
        SaturationFns.ExpAndQuotientOfOverflowTangent(new[] { 1.1 }, x, y, new[] { 0.2 }, -0.4, 1.7, out double tangent);
        Assert.Equal(Math.Sin(y) * -0.4 + Math.Cos(y) * x * 1.7, tangent, 12);
        var db = new double[1];
        double dx = 0, dy = 0;
        SaturationFns.ExpAndQuotientOfOverflowGradient(new[] { 1.1 }, x, y, db, ref dx, ref dy);
        Assert.Equal(Math.Sin(y), dx, 12);
        Assert.Equal(Math.Cos(y) * x, dy, 12);
    }

    [Fact]
    public void A_tangent_through_atan_of_an_overflowed_buffer_is_finite()
    {
        double[] a = { 0.9, -1.4 };
        double[] tangents = { 0.5, -2.0 };
        SaturationFns.AtanOfOverflowTangent((double[])a.Clone(), (double[])tangents.Clone(), out double tangent);
        Assert.Equal(0.0, tangent);
        var gradient = new double[2];
        SaturationFns.AtanOfOverflowGradient((double[])a.Clone(), gradient);
        Assert.Equal(new[] { 0.0, 0.0 }, gradient);
    }
}
