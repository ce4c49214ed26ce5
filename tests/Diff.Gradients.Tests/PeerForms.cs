using System.Collections.Generic;
using System.Linq;

namespace Diff.Gradients.Tests;

/// <summary>
/// Forms from other tools' test suites that were refused: chains of assignments used as values (Clad's Assignments.C
/// <c>f22</c>), an element's compound assignment used as a value (Clad's Loops.C <c>fn20</c>), <c>foreach</c> over a list
/// of indices, <c>Convert.ToDouble</c>, and LINQ's <c>Sum</c> of an array. Each is checked against central differences, its tangent against the
/// gradient, and the chains against the same computation written one statement at a time.
/// </summary>
public static partial class PeerFormFns
{
    [Differentiable]
    public static double ChainToZero(double x, double y)
    {
        double t = x = y = 0;
        return t + y + x + x * y;
    }

    [Differentiable]
    public static double ChainOfProducts(double x, double y)
    {
        double t = 1;
        t = (x = y = x * 3);
        return t * y + x * x;
    }

    public static double ChainOfProductsByStatements(double x, double y)
    {
        y = x * 3;
        x = y;
        double t = x;
        return t * y + x * x;
    }

    [Differentiable]
    public static double ChainInASum(double x, double y)
    {
        double u = 0.5, v = 2;
        double s = Math.Sin(x) + (u = v = x * y) * u + v;
        return s * y;
    }

    public static double ChainInASumByStatements(double x, double y)
    {
        double v = x * y;
        double u = v;
        double s = Math.Sin(x) + u * u + v;
        return s * y;
    }

    /// <summary>Clad's Loops.C fn20: <c>res += (arr[i] *= 5)</c>.</summary>
    [Differentiable]
    public static double ScaledInPlace(double[] arr, int n)
    {
        double res = 0;
        for (int i = 0; i < n; ++i)
        {
            res += (arr[i] *= 5);
        }

        return res * arr[0];
    }

    /// <summary>An element's increment and its postfix form as values, in a local array.</summary>
    [Differentiable]
    public static double ElementIncrements(double x)
    {
        double[] w = new double[2];
        w[0] = x;
        w[1] = x * x;
        double a = ++w[0] * 2;
        double b = w[1]++ * 3;
        return a * b + w[0] * w[1];
    }

    [Differentiable]
    public static double OverIndexList(double[] x, [NoDiff] List<int> indices)
    {
        double s = 0;
        foreach (int i in indices)
        {
            s += x[i] * x[(i + 1) % x.Length];
        }

        return s + indices.Count * x[0];
    }

    [Differentiable]
    public static double OverLocalLists(double[] x)
    {
        var indices = new List<int> { 2, 0, 2 };
        IReadOnlyList<double> weights = new List<double> { 0.5, -1.5, 2.0 };
        double s = 0;
        int k = 0;
        foreach (int i in indices)
        {
            s += weights[k] * Math.Exp(x[i]);
            k++;
        }

        foreach (double w in weights)
        {
            s += w * x[1] * x[1];
        }

        return s;
    }

    /// <summary>An <c>out</c> local of a call that reads only constants: a weight looked up in a [NoDiff] table.</summary>
    [Differentiable]
    public static double LookedUp(double[] x, [NoDiff] Dictionary<int, double> weights, [NoDiff] string scale)
    {
        double.TryParse(scale, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double factor);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (weights.TryGetValue(i, out double w))
            {
                s += w * x[i] * x[i];
            }
            else
            {
                s += Math.Sin(x[i]);
            }
        }

        return factor * s;
    }

    [Differentiable]
    public static double Sums(double[] x)
    {
        double[] squares = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            squares[i] = x[i] * x[i];
        }

        return squares.Sum() * x[0] + Math.Sin(Enumerable.Sum(x));
    }

    [Differentiable]
    public static float FloatSum(float[] x) => x.Sum() * x[1];

    /// <summary>
    /// Sums with selectors: a captured parameter, a constant table and a branch, a local function, Math functions named
    /// as method groups, a float sum.
    /// </summary>
    [Differentiable]
    public static double SelectedSums(double[] x, double a, [NoDiff] double[] w)
    {
        double m = 0.5;
        double Sq(double t) => t * t;
        double s = x.Sum(v => v * v * a) + x.Sum(v => Math.Exp(-v)) * x[0];
        s += x.Sum(v => v > m ? v * w[0] : Math.Sin(v));
        return s + Enumerable.Sum(x, v => Sq(v) + Sq(Sq(v))) + x.Select(v => v * 3 * v).Sum() + x.Sum(Math.Sin) * a + Enumerable.Sum(x, Math.Atan);
    }

    /// <summary>
    /// Sums and averages over indices, as C# writes a sum without a loop: <c>Enumerable.Range(a, n).Sum(i =&gt; …)</c>, through
    /// <c>Select</c>, with a count of the method's own, and inside a loop whose counter the selector reads.
    /// </summary>
    [Differentiable]
    public static double IndexSums(double[] x, int k)
    {
        double a = Enumerable.Range(1, x.Length - 1).Select(i => x[i] * x[i - 1]).Sum();
        double b = Enumerable.Range(0, k).Average(j => Math.Sin(x[j] * (j + 0.5)));
        double c = 0;
        for (int t = 0; t < 2; t++)
        {
            c += Enumerable.Range(t, 2).Sum(i => x[i] * t * x[i]);
        }

        return a * b + c + Enumerable.Sum(Enumerable.Range(0, x.Length), i => Math.Exp(-x[i] * i));
    }

    [Differentiable]
    public static float FloatIndexSum(float[] x) => Enumerable.Range(0, x.Length).Sum(i => x[i] * x[i] * i) / 3f;

    [Differentiable]
    public static float FloatSelectedSum(float[] x) => x.Sum(v => v * v);

    /// <summary>
    /// Piecewise-constant Math functions named as selectors (Round, Floor, Ceiling, Truncate): the sums are constants of
    /// the differentiation, as <c>Math.Floor(x)</c> itself is, while the factors beside them are not; in a branch too.
    /// </summary>
    [Differentiable]
    public static double PiecewiseConstantGroupSums(double[] x) =>
        x.Sum(Math.Round) * x[0] * x[0] + x.Sum(Math.Floor) * Math.Sin(x[1]) + x.Average(Math.Ceiling) * x[2] + Enumerable.Sum(x, Math.Truncate) + x.Sum(Math.Sin)
        + (x[3] > 0 ? x.Sum(Math.Truncate) * x[3] : x[4]);

    [Differentiable]
    public static float FloatPiecewiseConstantGroupSum(float[] x) => x.Sum(MathF.Floor) * x[0];

    /// <summary>A MathF function named as the selector of a float sum.</summary>
    [Differentiable]
    public static float FloatGroupSum(float[] x) => x.Sum(MathF.Cos);

    /// <summary>Max and Min of an array, as LINQ computes them: the gradient goes to the element they return.</summary>
    [Differentiable]
    public static double LogSumExpAfterMax(double[] x)
    {
        double m = x.Max();
        return m + Math.Log(x.Sum(v => Math.Exp(v - m)));
    }

    [Differentiable]
    public static double MaxMinusScaledMin(double[] x) => x.Max() - x.Min() * x[0];

    [Differentiable]
    public static double TwiceTheMax(double[] x) => 2 * x.Max();

    [Differentiable]
    public static double TwiceTheMin(double[] x) => 2 * Enumerable.Min(x);

    [Differentiable]
    public static float FloatMaxTimesMin(float[] x) => x.Max() * x.Min();

    /// <summary>Max and Min with selectors: the infinity norm, a method group, a projection, a captured parameter.</summary>
    [Differentiable]
    public static double SelectedExtremes(double[] x, double a) =>
        x.Max(Math.Abs) + x.Max(v => Math.Abs(v)) * a + x.Select(v => v * v).Min() + x.Min(v => (v - a) * (v - a));

    [Differentiable]
    public static double TripledMax(double[] x) => x.Max(v => 3 * v);

    [Differentiable]
    public static double NegatedMin(double[] x) => x.Min(v => -v);

    [Differentiable]
    public static float FloatNormInf(float[] x) => x.Max(MathF.Abs);

    /// <summary>Averages, with and without a selector; a float average is rounded from the double mean.</summary>
    [Differentiable]
    public static double Averages(double[] x) => x.Average() * x[0] + x.Average(v => v * v) + x.Select(v => Math.Sin(v)).Average();

    [Differentiable]
    public static float FloatAverage(float[] x) => x.Average() * x[1];

    /// <summary>Sums of a buffer while a view of it is in scope: LINQ only reads what it is given.</summary>
    [Differentiable]
    public static double SumsBesideAView(double[] x, double a)
    {
        ReadOnlySpan<double> w = x.AsSpan();
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double t = Enumerable.Sum(x, e => (e + a) * e);
            s += t * w[i] + x.Sum();
        }

        return s;
    }

    /// <summary>A sum in a branch that runs only for a non-null table; an element assignment stored into another element.</summary>
    [Differentiable]
    public static double SumInABranch(double[] x, [NoDiff] double[]? w)
    {
        double[] t = new double[3];
        t[0] = x[0];
        t[2] = (t[0] *= x[1]) * 2;
        return w == null ? x[0] * x[1] + t[2] : w.Sum() * x[0];
    }

    /// <summary>foreach converts each element explicitly: integers read as narrower ones.</summary>
    [Differentiable]
    public static double NarrowedIndices(double[] x)
    {
        var ks = new List<long> { 2, 1 };
        long[] more = { 0, 3 };
        double s = 0;
        foreach (int j in ks)
        {
            s += x[j] * x[j + 1];
        }

        foreach (int j in more)
        {
            s += Math.Sin(x[j]);
        }

        double a = 2;
        var weights = new List<double> { a, 3 };
        foreach (double w in weights)
        {
            s += w * x[0];
        }

        return s;
    }

    /// <summary>foreach converts each element to the loop variable's type: a double array walked as floats.</summary>
    [Differentiable]
    public static double WalkedAsFloats(double[] x)
    {
        double s = 0;
        foreach (float f in x)
        {
            s += f * f;
        }

        return s;
    }

    [Differentiable]
    public static double Converted(double x, float y) => Convert.ToDouble(x) * Convert.ToDouble(y) + Convert.ToSingle(x * x);
}

public sealed class PeerFormTests
{
    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-0.4, 2.1)]
    public void Chains_of_assignments_used_as_values_mean_what_they_mean_in_CSharp(double x, double y)
    {
        Assert.Equal(PeerFormFns.ChainOfProductsByStatements(x, y), PeerFormFns.ChainOfProducts(x, y), 12);
        Assert.Equal(PeerFormFns.ChainInASumByStatements(x, y), PeerFormFns.ChainInASum(x, y), 12);
        foreach ((string name, Func<double, double, double> f) in new (string, Func<double, double, double>)[]
                 {
                     ("ChainToZero", PeerFormFns.ChainToZero),
                     ("ChainOfProducts", PeerFormFns.ChainOfProducts),
                     ("ChainInASum", PeerFormFns.ChainInASum),
                 })
        {
            double dX = 0, dY = 0, tangent;
            double value = name switch
            {
                "ChainToZero" => PeerFormFns.ChainToZeroGradient(x, y, ref dX, ref dY),
                "ChainOfProducts" => PeerFormFns.ChainOfProductsGradient(x, y, ref dX, ref dY),
                _ => PeerFormFns.ChainInASumGradient(x, y, ref dX, ref dY),
            };
            _ = name switch
            {
                "ChainToZero" => PeerFormFns.ChainToZeroTangent(x, y, 0.3, -0.8, out tangent),
                "ChainOfProducts" => PeerFormFns.ChainOfProductsTangent(x, y, 0.3, -0.8, out tangent),
                _ => PeerFormFns.ChainInASumTangent(x, y, 0.3, -0.8, out tangent),
            };
            Grad.SameValue(f(x, y), value, name);
            Grad.Check(p => f(p[0], p[1]), new[] { x, y }, new[] { dX, dY }, name);
            Grad.Close(0.3 * dX - 0.8 * dY, tangent, 1e-12, 1e-12, name + " tangent");
        }
    }

    [Fact]
    public void An_elements_assignment_used_as_a_value_is_moved_before_its_statement()
    {
        double[] arr = { 0.4, -1.2, 0.9, 2.0 };
        var dArr = new double[arr.Length];
        double value = PeerFormFns.ScaledInPlaceGradient((double[])arr.Clone(), 3, dArr);
        Grad.SameValue(PeerFormFns.ScaledInPlace((double[])arr.Clone(), 3), value, "ScaledInPlace");
        Grad.Check(p => PeerFormFns.ScaledInPlace(p, 3), arr, dArr, "ScaledInPlace");

        foreach (double x in new[] { 0.6, -1.7 })
        {
            double dX = 0;
            Grad.SameValue(PeerFormFns.ElementIncrements(x), PeerFormFns.ElementIncrementsGradient(x, ref dX), "ElementIncrements");
            Grad.Check(p => PeerFormFns.ElementIncrements(p[0]), new[] { x }, new[] { dX }, "ElementIncrements");
            PeerFormFns.ElementIncrementsTangent(x, 1.0, out double tangent);
            Grad.Close(dX, tangent, 1e-12, 1e-12, "ElementIncrements tangent");
        }
    }

    [Fact]
    public void Foreach_over_a_list_the_method_only_reads_walks_it_by_index()
    {
        double[] x = { 0.3, -0.8, 1.1, 0.5 };
        var indices = new List<int> { 2, 0, 3, 2 };
        CheckGradient(p => PeerFormFns.OverIndexList(p, indices), (p, d) => PeerFormFns.OverIndexListGradient(p, indices, d), x, "OverIndexList");
        CheckGradient(PeerFormFns.OverLocalLists, PeerFormFns.OverLocalListsGradient, x, "OverLocalLists");
        var hv = new double[x.Length];
        PeerFormFns.OverLocalListsHessianVector(x, new[] { 1.0, 0.5, -0.5, 0.0 }, new double[x.Length], hv);
        Grad.CheckHessianVector(q => { var d = new double[q.Length]; PeerFormFns.OverLocalListsGradient(q, d); return d; }, x, new[] { 1.0, 0.5, -0.5, 0.0 }, hv, "OverLocalLists H·v");
    }

    [Theory]
    [InlineData(0.7, -1.25f)]
    [InlineData(-2.0, 0.5f)]
    public void Convert_to_double_and_to_single_are_casts(double x, float y)
    {
        double dX = 0;
        float dY = 0;
        Grad.SameValue(PeerFormFns.Converted(x, y), PeerFormFns.ConvertedGradient(x, y, ref dX, ref dY), "Converted");
        Assert.Equal(y + 2 * x, dX, 5);
        Assert.Equal(x, dY, 5);
    }

    [Fact]
    public void Linq_sum_of_an_array_is_the_loop_it_runs()
    {
        double[] x = { 0.4, -1.1, 0.8, 2.3, -0.05 };
        var dX = new double[x.Length];
        Grad.SameValue(PeerFormFns.Sums(x), PeerFormFns.SumsGradient(x, dX), "Sums");
        Grad.Check(PeerFormFns.Sums, x, dX, "Sums");
        var v = new[] { 0.3, -0.2, 1.0, 0.0, 0.5 };
        var hv = new double[x.Length];
        PeerFormFns.SumsHessianVector(x, v, new double[x.Length], hv);
        Grad.CheckHessianVector(q => { var d = new double[q.Length]; PeerFormFns.SumsGradient(q, d); return d; }, x, v, hv, "Sums H·v");

        float[] f = { 0.4f, -1.1f, 0.8f, 1e7f, -1e7f };
        var dF = new float[f.Length];
        Grad.SameValue(PeerFormFns.FloatSum(f), PeerFormFns.FloatSumGradient(f, dF), "FloatSum");
        Assert.Equal(f[1], dF[0]);
        Assert.Equal(f.Sum() + f[1], dF[1]);
    }

    [Fact]
    public void Out_locals_of_calls_that_read_only_constants_are_constants()
    {
        double[] x = { 0.4, -1.1, 0.8, 2.3 };
        var weights = new Dictionary<int, double> { [0] = 1.5, [2] = -0.5, [3] = 2.0 };
        var dX = new double[x.Length];
        Grad.SameValue(PeerFormFns.LookedUp(x, weights, "1.25"), PeerFormFns.LookedUpGradient(x, weights, "1.25", dX), "LookedUp");
        Grad.Check(p => PeerFormFns.LookedUp(p, weights, "1.25"), x, dX, "LookedUp");
        var v = new[] { 0.3, -0.2, 1.0, 0.5 };
        PeerFormFns.LookedUpTangent(x, weights, "1.25", v, out double tangent);
        Grad.Close(0.3 * dX[0] - 0.2 * dX[1] + dX[2] + 0.5 * dX[3], tangent, 1e-12, 1e-12, "LookedUp tangent");
        var hv = new double[x.Length];
        PeerFormFns.LookedUpHessianVector(x, weights, "1.25", v, new double[x.Length], hv);
        Grad.CheckHessianVector(q => { var d = new double[q.Length]; PeerFormFns.LookedUpGradient(q, weights, "1.25", d); return d; }, x, v, hv, "LookedUp H·v");
    }

    [Fact]
    public void Linq_sum_with_a_selector_is_the_loop_it_runs()
    {
        double[] x = { 0.4, -1.1, 0.8, 0.55, -0.3 };
        double[] w = { 1.7 };
        var dX = new double[x.Length];
        double dA = 0;
        Grad.SameValue(PeerFormFns.SelectedSums(x, 0.9, w), PeerFormFns.SelectedSumsGradient(x, 0.9, w, dX, ref dA), "SelectedSums");
        Grad.Check(p => PeerFormFns.SelectedSums(p[..5], p[5], w), [.. x, 0.9], [.. dX, dA], "SelectedSums");
        var v = new[] { 0.3, -0.2, 1.0, 0.5, 0.1 };
        PeerFormFns.SelectedSumsTangent(x, 0.9, w, v, 0.7, out double tangent);
        Grad.Close(v.Select((vi, i) => vi * dX[i]).Sum() + 0.7 * dA, tangent, 1e-12, 1e-12, "SelectedSums tangent");
        var hv = new double[x.Length];
        double hvA = 0, gA = 0;
        PeerFormFns.SelectedSumsHessianVector(x, 0.9, w, v, 0.7, new double[x.Length], ref gA, hv, ref hvA);
        Grad.CheckHessianVector(
            q => { var d = new double[5]; double da = 0; PeerFormFns.SelectedSumsGradient(q[..5], q[5], w, d, ref da); return [.. d, da]; },
            [.. x, 0.9], [.. v, 0.7], [.. hv, hvA], "SelectedSums H·v");

        CheckGradient(p => PeerFormFns.SumsBesideAView(p, 0.3), (p, d) => { double dA = 0; return PeerFormFns.SumsBesideAViewGradient(p, 0.3, d, ref dA); }, x, "SumsBesideAView");

        float[] f = { 0.4f, -1.1f, 3000f, 0.25f };
        var dF = new float[f.Length];
        Grad.SameValue(PeerFormFns.FloatSelectedSum(f), PeerFormFns.FloatSelectedSumGradient(f, dF), "FloatSelectedSum");
        for (int i = 0; i < f.Length; i++)
        {
            Assert.Equal(2 * f[i], dF[i]);
        }

        var dG = new float[f.Length];
        Grad.SameValue(PeerFormFns.FloatGroupSum(f), PeerFormFns.FloatGroupSumGradient(f, dG), "FloatGroupSum");
        for (int i = 0; i < f.Length; i++)
        {
            Assert.Equal(-MathF.Sin(f[i]), dG[i], 1e-6f);
        }

        // Only x[0] multiplies the float floor sum: its derivative is the sum itself, the others' are zero.
        var dP = new float[f.Length];
        Grad.SameValue(PeerFormFns.FloatPiecewiseConstantGroupSum(f), PeerFormFns.FloatPiecewiseConstantGroupSumGradient(f, dP), "FloatPiecewiseConstantGroupSum");
        Assert.Equal(f.Sum(MathF.Floor), dP[0]);
        Assert.All(dP[1..], d => Assert.Equal(0f, d));
    }

    [Fact]
    public void Max_and_min_of_an_array_send_the_gradient_to_the_element_they_return()
    {
        double[] x = { 0.3, -1.2, 2.5, 0.9 };
        var dX = new double[x.Length];
        Grad.SameValue(PeerFormFns.LogSumExpAfterMax(x), PeerFormFns.LogSumExpAfterMaxGradient(x, dX), "LogSumExpAfterMax");
        Grad.Check(PeerFormFns.LogSumExpAfterMax, x, dX, "LogSumExpAfterMax");

        // The shift by the maximum cancels: the gradient is the softmax.
        double total = x.Sum(Math.Exp);
        Grad.Close(x.Select(v => Math.Exp(v) / total).ToArray(), dX, 1e-12, 1e-15, "LogSumExpAfterMax is the softmax");
        var v = new[] { 0.1, 0.2, -0.3, 0.4 };
        PeerFormFns.LogSumExpAfterMaxTangent(x, v, out double tangent);
        Grad.Close(v.Select((vi, i) => vi * dX[i]).Sum(), tangent, 1e-12, 1e-15, "LogSumExpAfterMax tangent");
        var hv = new double[x.Length];
        PeerFormFns.LogSumExpAfterMaxHessianVector(x, v, new double[x.Length], hv);
        Grad.CheckHessianVector(q => { var d = new double[q.Length]; PeerFormFns.LogSumExpAfterMaxGradient(q, d); return d; }, x, v, hv, "LogSumExpAfterMax H·v");

        // Of equal elements, the first is the one returned, and the one the gradient goes to (LINQ compares strictly).
        double[] ties = { 1, 3, 3, -2, -2 };
        var dTies = new double[ties.Length];
        Grad.SameValue(PeerFormFns.MaxMinusScaledMin(ties), PeerFormFns.MaxMinusScaledMinGradient(ties, dTies), "MaxMinusScaledMin");
        Assert.Equal(new[] { 2.0, 1, 0, -1, 0 }, dTies);
        var dRange = new double[x.Length];
        PeerFormFns.MaxMinusScaledMinGradient(x, dRange);
        Grad.Check(PeerFormFns.MaxMinusScaledMin, x, dRange, "MaxMinusScaledMin");

        float[] f = { 0.5f, -2f, 3f };
        var dF = new float[f.Length];
        Assert.Equal(PeerFormFns.FloatMaxTimesMin(f), PeerFormFns.FloatMaxTimesMinGradient(f, dF));
        Assert.Equal(new[] { 0f, 3f, -2f }, dF);
    }

    /// <summary>Arrays whose extremes LINQ picks by its own rules (member data: the analyzer takes -0 and 0 for the same value).</summary>
    public static TheoryData<double[]> ExtremumCases => new()
    {
        new[] { double.NaN, 2.0, 5.0 },
        new[] { 1.0, double.NaN, 3.0 },
        new[] { double.NaN, double.NaN },
        new[] { -0.0, 0.0 },
        new[] { 0.0, -0.0 },
        new[] { 4.0 },
    };

    [Theory]
    [MemberData(nameof(ExtremumCases))]
    public void Max_and_min_keep_linqs_value_with_nans_and_signed_zeros(double[] x)
    {
        // Max passes over NaNs unless all are; Min returns the first NaN; of -0 and 0 each returns the first.
        double max = PeerFormFns.TwiceTheMaxGradient(x, new double[x.Length]);
        double min = PeerFormFns.TwiceTheMinGradient(x, new double[x.Length]);
        Assert.Equal(System.BitConverter.DoubleToInt64Bits(2 * x.Max()), System.BitConverter.DoubleToInt64Bits(max));
        Assert.Equal(System.BitConverter.DoubleToInt64Bits(2 * x.Min()), System.BitConverter.DoubleToInt64Bits(min));

        // The gradient goes to the element returned, when it is a number.
        var dMax = new double[x.Length];
        PeerFormFns.TwiceTheMaxGradient(x, dMax);
        int returned = System.Array.FindIndex(x, e => System.BitConverter.DoubleToInt64Bits(e) == System.BitConverter.DoubleToInt64Bits(x.Max()));
        if (!double.IsNaN(x.Max()))
        {
            Assert.Equal(x.Select((_, i) => i == returned ? 2.0 : 0.0), dMax);
        }
    }

    [Fact]
    public void Max_and_min_with_a_selector_send_the_gradient_to_the_element_whose_value_they_return()
    {
        double[] x = { 0.3, -1.7, 2.5, 0.9 };
        var dX = new double[x.Length];
        double dA = 0;
        Grad.SameValue(PeerFormFns.SelectedExtremes(x, 0.8), PeerFormFns.SelectedExtremesGradient(x, 0.8, dX, ref dA), "SelectedExtremes");
        Grad.Check(p => PeerFormFns.SelectedExtremes(p[..4], p[4]), [.. x, 0.8], [.. dX, dA], "SelectedExtremes");

        // By hand: |x| is largest at x[2] (twice, the second times a), x² smallest at x[0], (x - a)² smallest at x[3].
        Assert.Equal(1 + 0.8, dX[2], 12);
        Assert.Equal(2 * x[0], dX[0], 12);
        Assert.Equal(2 * (x[3] - 0.8), dX[3], 12);
        Assert.Equal(0, dX[1]);
        Assert.Equal(Math.Abs(x[2]) - 2 * (x[3] - 0.8), dA, 12);

        var v = new[] { 0.1, 0.2, -0.3, 0.4, 0.5 };
        PeerFormFns.SelectedExtremesTangent(x, 0.8, v[..4], v[4], out double tangent);
        Grad.Close(v.Select((vi, i) => vi * (i < 4 ? dX[i] : dA)).Sum(), tangent, 1e-12, 1e-15, "SelectedExtremes tangent");

        float[] f = { 0.5f, -3f, 2f };
        var dF = new float[f.Length];
        Assert.Equal(3f, PeerFormFns.FloatNormInfGradient(f, dF));
        Assert.Equal(new[] { 0f, -1f, 0f }, dF);
    }

    [Theory]
    [MemberData(nameof(ExtremumCases))]
    public void Max_and_min_with_a_selector_keep_linqs_value(double[] x)
    {
        Assert.Equal(System.BitConverter.DoubleToInt64Bits(x.Max(v => 3 * v)), System.BitConverter.DoubleToInt64Bits(PeerFormFns.TripledMaxGradient(x, new double[x.Length])));
        Assert.Equal(System.BitConverter.DoubleToInt64Bits(x.Min(v => -v)), System.BitConverter.DoubleToInt64Bits(PeerFormFns.NegatedMinGradient(x, new double[x.Length])));
    }

    [Fact]
    public void Max_and_min_of_no_elements_throw_as_linq_does()
    {
        Assert.Throws<System.InvalidOperationException>(() => PeerFormFns.TripledMaxGradient(System.Array.Empty<double>(), System.Array.Empty<double>()));
        Assert.Throws<System.InvalidOperationException>(() => PeerFormFns.TwiceTheMaxGradient(System.Array.Empty<double>(), System.Array.Empty<double>()));
        Assert.Throws<System.InvalidOperationException>(() => PeerFormFns.TwiceTheMinGradient(System.Array.Empty<double>(), System.Array.Empty<double>()));
    }

    [Fact]
    public void Sums_of_piecewise_constant_method_groups_are_constants_of_the_differentiation()
    {
        // Away from the functions' jumps (no element within the step of an integer or of a half).
        double[] x = { 0.4, -1.1, 0.8, 2.35, -0.3 };
        var dX = new double[x.Length];
        Grad.SameValue(PeerFormFns.PiecewiseConstantGroupSums(x), PeerFormFns.PiecewiseConstantGroupSumsGradient(x, dX), "PiecewiseConstantGroupSums");
        Grad.Check(p => PeerFormFns.PiecewiseConstantGroupSums(p), x, dX, "PiecewiseConstantGroupSums");

        // The factors' derivatives by hand, with the sums as constants: Round sums to 2, Floor to -1, Truncate to 1, and Ceiling
        // averages to 0.8.
        Assert.Equal(2 * 2 * x[0] + Math.Cos(x[0]), dX[0], 12);
        Assert.Equal(-1 * Math.Cos(x[1]) + Math.Cos(x[1]), dX[1], 12);
        Assert.Equal(0.8 + Math.Cos(x[2]), dX[2], 12);
        Assert.Equal(1 + Math.Cos(x[3]), dX[3], 12);
        Assert.Equal(Math.Cos(x[4]), dX[4], 12);

        var v = new[] { 0.3, -0.2, 1.0, 0.5, 0.1 };
        PeerFormFns.PiecewiseConstantGroupSumsTangent(x, v, out double tangent);
        Grad.Close(v.Select((vi, i) => vi * dX[i]).Sum(), tangent, 1e-12, 1e-12, "PiecewiseConstantGroupSums tangent");
        var hv = new double[x.Length];
        PeerFormFns.PiecewiseConstantGroupSumsHessianVector(x, v, new double[x.Length], hv);
        Grad.CheckHessianVector(
            q => { var d = new double[5]; PeerFormFns.PiecewiseConstantGroupSumsGradient(q, d); return d; },
            x, v, hv, "PiecewiseConstantGroupSums H·v");
    }

    [Fact]
    public void A_sum_in_a_branch_runs_only_where_the_branch_does_and_foreach_narrows_integers()
    {
        double[] x = { 0.9, 1.1, -0.4, 0.3 };
        foreach (double[]? w in new[] { null, new[] { 0.5, 1.5 } })
        {
            CheckGradient(p => PeerFormFns.SumInABranch(p, w), (p, d) => PeerFormFns.SumInABranchGradient(p, w, d), x, "SumInABranch");
        }

        CheckGradient(PeerFormFns.NarrowedIndices, PeerFormFns.NarrowedIndicesGradient, x, "NarrowedIndices");
    }

    [Fact]
    public void A_double_array_walked_as_floats_rounds_each_element()
    {
        double[] x = { 0.1, -1.3, 2.7 };
        var dX = new double[x.Length];
        Grad.SameValue(PeerFormFns.WalkedAsFloats(x), PeerFormFns.WalkedAsFloatsGradient(x, dX), "WalkedAsFloats");
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(2 * (double)(float)x[i], dX[i], 6);
        }
    }

    /// <summary>The gradient returns what the method returns, and matches central differences at <paramref name="x"/>.</summary>
    private static void CheckGradient(Func<double[], double> f, Func<double[], double[], double> gradient, double[] x, string what)
    {
        var d = new double[x.Length];
        Grad.SameValue(f(x), gradient(x, d), what);
        Grad.Check(f, x, d, what);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Sums_and_averages_over_a_range_of_indices_are_the_loops_they_run(int k)
    {
        double[] x = { 0.4, -1.1, 0.8, 0.55, -0.3 };
        CheckGradient(p => PeerFormFns.IndexSums(p, k), (p, d) => PeerFormFns.IndexSumsGradient(p, k, d), x, "IndexSums " + k);
        var v = new[] { 0.3, -0.2, 1.0, 0.5, 0.1 };
        var hv = new double[x.Length];
        PeerFormFns.IndexSumsHessianVector(x, k, v, new double[x.Length], hv);
        Grad.CheckHessianVector(q => { var d = new double[q.Length]; PeerFormFns.IndexSumsGradient(q, k, d); return d; }, x, v, hv, "IndexSums H·v");
        var dX = new double[x.Length];
        PeerFormFns.IndexSumsGradient(x, k, dX);
        PeerFormFns.IndexSumsTangent(x, k, v, out double tangent);
        Grad.Close(v.Select((vi, i) => vi * dX[i]).Sum(), tangent, 1e-12, 1e-12, "IndexSums tangent");

        float[] f = { 0.4f, -1.1f, 3f, 0.25f };
        var dF = new float[f.Length];
        Grad.SameValue(PeerFormFns.FloatIndexSum(f), PeerFormFns.FloatIndexSumGradient(f, dF), "FloatIndexSum");
        for (int i = 0; i < f.Length; i++)
        {
            Assert.Equal(2 * f[i] * i / 3f, dF[i], 1e-6f);
        }
    }

    [Fact]
    public void A_range_of_no_indices_averaged_or_of_a_negative_count_throws_as_linq_does()
    {
        Assert.Throws<InvalidOperationException>(() => PeerFormFns.IndexSums(new double[] { 1, 2 }, 0));
        Assert.Throws<InvalidOperationException>(() => PeerFormFns.IndexSumsGradient(new double[] { 1, 2 }, 0, new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PeerFormFns.IndexSums(Array.Empty<double>(), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PeerFormFns.IndexSumsGradient(Array.Empty<double>(), 1, Array.Empty<double>()));
    }

    [Fact]
    public void Linq_average_is_the_sum_over_the_count_and_throws_for_no_elements()
    {
        double[] x = { 0.4, -1.1, 0.8, 0.55, -0.3 };
        CheckGradient(PeerFormFns.Averages, PeerFormFns.AveragesGradient, x, "Averages");
        var v = new[] { 0.3, -0.2, 1.0, 0.5, 0.1 };
        var hv = new double[x.Length];
        PeerFormFns.AveragesHessianVector(x, v, new double[x.Length], hv);
        Grad.CheckHessianVector(q => { var d = new double[q.Length]; PeerFormFns.AveragesGradient(q, d); return d; }, x, v, hv, "Averages H·v");

        float[] f = { 0.4f, -1.1f, 3000f, 0.25f };
        var dF = new float[f.Length];
        Grad.SameValue(PeerFormFns.FloatAverage(f), PeerFormFns.FloatAverageGradient(f, dF), "FloatAverage");
        Assert.Equal(f.Average() + f[1] / f.Length, dF[1], 3);

        Assert.Throws<InvalidOperationException>(() => PeerFormFns.Averages(Array.Empty<double>()));
        Assert.Throws<InvalidOperationException>(() => PeerFormFns.AveragesGradient(Array.Empty<double>(), Array.Empty<double>()));
    }
}
