using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Deconstructions of a tuple that is not written out element by element: integer tuples from library and user
/// methods (<c>Math.DivRem</c>), into new and existing locals and discards; <c>Math.SinCos</c>, whose elements are
/// differentiated; and a constant floating tuple. Each gradient is checked against finite differences, and the
/// tangent against the gradient.
/// </summary>
public static partial class TupleDeconstructionFns
{
    private static (int Low, int High) Split(int k) => (k / 3, k % 3);

    private static (double Scale, double Shift) Affine(int n) => (1.0 / (n + 1), 0.25 * n);

    /// <summary>The quotient and the remainder as integers that scale x.</summary>
    [Differentiable]
    public static double DivRemParts(double x, int k)
    {
        var (q, r) = Math.DivRem(k, 3);
        return x * (q + r) + x * x * q;
    }

    /// <summary>Typed targets, a discard, and existing locals assigned from a user method's tuple.</summary>
    [Differentiable]
    public static double TypedAndExisting(double x, double y, int k)
    {
        (int q, int _) = Math.DivRem(k, 4);
        int low = 0, high = 0;
        (low, high) = Split(k + q);
        var (_, r) = Math.DivRem(k, 5);
        return x * low + y * high * y + r * x * y;
    }

    /// <summary>The sine and the cosine of one angle from SinCos, and an argument that is also a target.</summary>
    [Differentiable]
    public static double SinCosParts(double theta, double x, double y)
    {
        var (s, c) = Math.SinCos(theta * x);
        (x, y) = Math.SinCos(x + y);
        return s * y + c * c * x + s * c;
    }

    /// <summary>The float SinCos, its elements widened to double targets.</summary>
    [Differentiable]
    public static float SinCosFloat(float theta, float r)
    {
        (double s, double c) = MathF.SinCos(theta);
        return (float)(r * s - c * c) * r;
    }

    /// <summary>SinCosPi of double, deconstructed into existing locals.</summary>
    [Differentiable]
    public static double SinCosPiParts(double x)
    {
        double s = 0, c = 1;
        (s, c) = double.SinCosPi(x * x);
        return s * c + s * x;
    }

    /// <summary>A floating tuple computed from integers only: a constant of the differentiation.</summary>
    [Differentiable]
    public static double ConstantFloatingTuple(double x, int n)
    {
        var (scale, shift) = Affine(n);
        return scale * x * x + shift * x;
    }

    /// <summary>A helper deconstructing SinCos into new locals changes no state: a call given a slice's sum beside it is fine.</summary>
    [Differentiable]
    public static double Rotated(double a, double angle)
    {
        var (sin, cos) = Math.SinCos(angle);
        return a * sin + cos;
    }

    [Differentiable]
    public static double SpanSum(ReadOnlySpan<double> a)
    {
        double s = 0.0;
        foreach (double v in a) s += v;
        return s;
    }

    [Differentiable]
    public static double RotatedSliceSum(double[] x, double angle) => Rotated(SpanSum(x.AsSpan(1, 2)), angle) * x[0];
}

public sealed class TupleDeconstructionTests
{
    private static readonly double[] Values = { 0.7, -1.3, 2.1 };

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-5)]
    public void Integer_tuples_from_DivRem_and_user_methods_scale_the_gradient(int k)
    {
        foreach (double x in Values)
        {
            double dX = 0;
            TupleDeconstructionFns.DivRemParts(x, k);
            TupleDeconstructionFns.DivRemPartsGradient(x, k, ref dX);
            Grad.Check(p => TupleDeconstructionFns.DivRemParts(p[0], k), new[] { x }, new[] { dX }, "DivRemParts");
            TupleDeconstructionFns.DivRemPartsTangent(x, k, 1.0, out double tangent);
            Grad.Close(dX, tangent, 1e-12, 1e-12, "DivRemParts tangent");

            double y = 0.5 - x;
            double gX = 0, gY = 0;
            TupleDeconstructionFns.TypedAndExistingGradient(x, y, k, ref gX, ref gY);
            Grad.Check(p => TupleDeconstructionFns.TypedAndExisting(p[0], p[1], k), new[] { x, y }, new[] { gX, gY }, "TypedAndExisting");
        }
    }

    [Fact]
    public void A_helper_deconstructing_SinCos_given_a_slices_sum()
    {
        double[] x = { 0.4, -1.2, 0.9 };
        double[] dX = new double[3];
        double dAngle = 0;
        Grad.SameValue(TupleDeconstructionFns.RotatedSliceSum(x, 0.7), TupleDeconstructionFns.RotatedSliceSumGradient(x, 0.7, dX, ref dAngle), "RotatedSliceSum");
        Grad.Check(p => TupleDeconstructionFns.RotatedSliceSum(p[..3], p[3]), [.. x, 0.7], [.. dX, dAngle], "RotatedSliceSum");
    }

    [Fact]
    public void SinCos_elements_are_differentiated()
    {
        foreach (double theta in Values)
        {
            double x = 0.4 * theta + 0.3, y = 1.1 - theta;
            double dTheta = 0, dX = 0, dY = 0;
            TupleDeconstructionFns.SinCosPartsGradient(theta, x, y, ref dTheta, ref dX, ref dY);
            Grad.Check(p => TupleDeconstructionFns.SinCosParts(p[0], p[1], p[2]), new[] { theta, x, y }, new[] { dTheta, dX, dY }, "SinCosParts");

            double[] v = { 0.3, -1.1, 0.6 };
            TupleDeconstructionFns.SinCosPartsTangent(theta, x, y, v[0], v[1], v[2], out double jvp);
            Grad.Close(dTheta * v[0] + dX * v[1] + dY * v[2], jvp, 1e-12, 1e-12, "SinCosParts tangent = ⟨∇f, v⟩");

            double dPi = 0;
            TupleDeconstructionFns.SinCosPiPartsGradient(theta, ref dPi);
            Grad.Check(p => TupleDeconstructionFns.SinCosPiParts(p[0]), new[] { theta }, new[] { dPi }, "SinCosPiParts");

            float fTheta = (float)theta, fR = (float)(x + 1);
            float dFTheta = 0, dFR = 0;
            TupleDeconstructionFns.SinCosFloatGradient(fTheta, fR, ref dFTheta, ref dFR);
            Grad.CheckFloat(
                p => p[1] * (p[1] * Math.Sin(p[0]) - Math.Cos(p[0]) * Math.Cos(p[0])),
                new double[] { fTheta, fR }, new[] { dFTheta, dFR }, "SinCosFloat");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void A_floating_tuple_of_integers_only_is_a_constant(int n)
    {
        foreach (double x in Values)
        {
            double dX = 0;
            TupleDeconstructionFns.ConstantFloatingTupleGradient(x, n, ref dX);
            Grad.Check(p => TupleDeconstructionFns.ConstantFloatingTuple(p[0], n), new[] { x }, new[] { dX }, "ConstantFloatingTuple");
        }
    }
}
