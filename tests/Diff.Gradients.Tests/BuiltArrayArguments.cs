using System;
using System.Linq;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Arrays built in the arguments of a [Differentiable] call: an expanded <c>params</c> list, <c>new[] { … }</c>,
/// <c>new double[] { … }</c> and collection expressions, also in loops and beside other calls.
/// </summary>
public static partial class BuiltArrayFns
{
    [Differentiable]
    public static double SumSquares(params double[] v)
    {
        double s = 0;
        foreach (double e in v)
        {
            s += e * e;
        }

        return s;
    }

    [Differentiable]
    public static double Weighted(double k, params double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += k * v[i] * v[i] * (i + 1);
        }

        return s;
    }

    /// <summary>A helper that writes the array it is given; the caller's built array is lost afterwards, as in C#.</summary>
    [Differentiable]
    public static double ScaleAndSum(double[] v, double factor)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] *= factor;
            s += v[i];
        }

        return s;
    }

    [Differentiable]
    public static double Energy(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i] * (i + 2);
        }

        return s;
    }

    /// <summary>Built arrays given to span parameters.</summary>
    [Differentiable]
    public static double IntoSpans(double a, double b) => Energy([a, b, a * b]) + Energy(new[] { b - a }) * a;

    [Differentiable]
    public static double Expanded(double a, double b) => SumSquares(a, b, a * b) + Weighted(a, b, Math.Sin(a)) + SumSquares();

    [Differentiable]
    public static double Created(double a, double b)
    {
        double s = a;
        s += ArrayFns.Dot([a, b], new double[] { b, a * a });
        s *= Weighted(2, new[] { a - b });
        return s + ScaleAndSum(new[] { a, b }, a);
    }

    [Differentiable]
    public static double InALoop(double a, double b)
    {
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            s += SumSquares(a * k, b) * ArrayFns.Dot(new[] { a, (double)k }, [b, b]);
        }

        return s;
    }
}

public sealed class BuiltArrayArgumentTests
{
    public static TheoryData<string> Names() => new() { "Expanded", "Created", "InALoop", "IntoSpans" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradients_and_tangents(string name)
    {
        Func<double, double, double> f = name switch
        {
            "Expanded" => BuiltArrayFns.Expanded,
            "Created" => BuiltArrayFns.Created,
            "IntoSpans" => BuiltArrayFns.IntoSpans,
            _ => BuiltArrayFns.InALoop,
        };
        foreach ((double a, double b) in new[] { (0.3, -0.7), (1.1, 0.4) })
        {
            double dA = 0, dB = 0, tangent;
            double value = name switch
            {
                "Expanded" => BuiltArrayFns.ExpandedGradient(a, b, ref dA, ref dB),
                "Created" => BuiltArrayFns.CreatedGradient(a, b, ref dA, ref dB),
                "IntoSpans" => BuiltArrayFns.IntoSpansGradient(a, b, ref dA, ref dB),
                _ => BuiltArrayFns.InALoopGradient(a, b, ref dA, ref dB),
            };
            Assert.Equal(f(a, b), value, 12);
            Grad.Check(p => f(p[0], p[1]), [a, b], [dA, dB], name);

            _ = name switch
            {
                "Expanded" => BuiltArrayFns.ExpandedTangent(a, b, 0.5, -2, out tangent),
                "Created" => BuiltArrayFns.CreatedTangent(a, b, 0.5, -2, out tangent),
                "IntoSpans" => BuiltArrayFns.IntoSpansTangent(a, b, 0.5, -2, out tangent),
                _ => BuiltArrayFns.InALoopTangent(a, b, 0.5, -2, out tangent),
            };
            Grad.Close(0.5 * dA - 2 * dB, tangent, 1e-10, 1e-10, name + " tangent = ⟨∇f, v⟩");
        }
    }
}
