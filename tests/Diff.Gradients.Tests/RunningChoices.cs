using Diff;

namespace Diff.Gradients.Tests;

/// <summary>
/// Running choices written as branches, <c>for (…) if (C(m, j)) m = E(j);</c>: the generator scans for the trip that
/// assigns m last and differentiates that one assignment, instead of recording every trip's branch. The value and the
/// derivative must be the loop's own, at ties too (the comparison as written decides which trip keeps the adjoint).
/// </summary>
public static partial class RunningChoiceFns
{
    /// <summary>The largest element, ties kept by the earliest (a strict comparison).</summary>
    [Differentiable]
    public static double MaxEarliest(double[] x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            if (m < x[i])
            {
                m = x[i];
            }
        }

        return m * Math.Sin(m) + 0.5 * x[0];
    }

    /// <summary>The smallest element, ties taken by the latest (the accumulator on the right, a non-strict comparison).</summary>
    [Differentiable]
    public static double MinLatest(double[] x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] <= m) m = x[i];
        }

        return m * m * m;
    }

    /// <summary>A scaled candidate, a condition that reads the counter, and an accumulator that starts from a parameter.</summary>
    [Differentiable]
    public static double EvenScaledMax(double[] x, double[] w, double start)
    {
        double m = start * 2;
        for (int j = 0; j < x.Length; j++)
        {
            if (j % 2 == 0 && m < x[j] * w[j]) m = x[j] * w[j];
        }

        return Math.Exp(m) + start;
    }

    /// <summary>One running maximum per point of a nest, each over a slice, feeding a log-sum-exp.</summary>
    [Differentiable]
    public static double LogSumExpPerPoint(double[] x, int points, int k)
    {
        double total = 0;
        for (int p = 0; p < points; p++)
        {
            int offset = p * k;
            double mx = x[offset];
            for (int i = 1; i < k; i++)
            {
                if (mx < x[offset + i]) mx = x[offset + i];
            }

            double s = 0;
            for (int i = 0; i < k; i++)
            {
                s += Math.Exp(x[offset + i] - mx);
            }

            total += (Math.Log(s) + mx) * (p + 1);
        }

        return total;
    }

    /// <summary>
    /// A descending loop with a long counter, the accumulator a parameter, a candidate through Math functions of an
    /// element and another parameter, and a condition that reads another buffer.
    /// </summary>
    [Differentiable]
    public static double DescendingChoice(double[] x, double[] gate, double m, double scale)
    {
        for (long i = x.Length - 1; i >= 0; i--)
        {
            if (gate[i] > 0 && Math.Sin(x[i]) * scale > m) m = Math.Sin(x[i]) * scale;
        }

        return m * m + Math.Cos(m);
    }

    /// <summary>Math on the accumulator in the condition, and on the counter in the candidate.</summary>
    [Differentiable]
    public static double LargestMagnitude(double[] x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            if (Math.Abs(m) < Math.Abs(x[i] * Math.Cos(i))) m = x[i] * Math.Cos(i);
        }

        return m * Math.Exp(m);
    }

    /// <summary>The float form.</summary>
    [Differentiable]
    public static float MaxF(float[] x)
    {
        float m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > m) m = x[i];
        }

        return m * m + x[0];
    }
}

public sealed class RunningChoices
{
    private static double[] Gradient(Func<double[], double[], double> gradient, double[] x)
    {
        double[] g = new double[x.Length];
        gradient(x, g);
        return g;
    }

    [Fact]
    public void Maximum_and_minimum_match_central_differences_away_from_ties()
    {
        double[] x = { 0.3, 1.7, -0.4, 1.2, 0.9, 1.6 };
        double[] dX = new double[x.Length];
        double value = RunningChoiceFns.MaxEarliestGradient(x, dX);
        Grad.SameValue(RunningChoiceFns.MaxEarliest(x), value, "MaxEarliest");
        Grad.Check(RunningChoiceFns.MaxEarliest, x, dX, "MaxEarliest");

        Array.Clear(dX);
        value = RunningChoiceFns.MinLatestGradient(x, dX);
        Grad.SameValue(RunningChoiceFns.MinLatest(x), value, "MinLatest");
        Grad.Check(RunningChoiceFns.MinLatest, x, dX, "MinLatest");

        // No trip assigns: the first element keeps the adjoint.
        double[] falling = { 2.0, 1.5, 1.0, -3.0 };
        dX = new double[falling.Length];
        RunningChoiceFns.MaxEarliestGradient(falling, dX);
        Grad.Check(RunningChoiceFns.MaxEarliest, falling, dX, "MaxEarliest, falling");
        Assert.NotEqual(0, dX[0]);
        Assert.Equal(new double[] { 0, 0, 0 }, dX[1..]);

        // One element: the loop never runs.
        double[] one = { 0.7 };
        double[] dOne = new double[1];
        RunningChoiceFns.MaxEarliestGradient(one, dOne);
        Grad.Check(RunningChoiceFns.MaxEarliest, one, dOne, "MaxEarliest, one element");
    }

    [Fact]
    public void At_a_tie_the_comparison_as_written_decides_which_trip_gets_the_adjoint()
    {
        // 1.5 three times: the strict maximum keeps the first of them, the non-strict minimum takes the last of the 0.25s.
        double[] x = { 0.25, 1.5, 0.25, 1.5, 1.5, 0.25 };
        double[] dX = new double[x.Length];
        RunningChoiceFns.MaxEarliestGradient(x, dX);
        double m = 1.5;
        double outer = Math.Sin(m) + m * Math.Cos(m);
        Assert.Equal(new[] { 0.5, outer, 0, 0, 0, 0 }, dX);

        Array.Clear(dX);
        RunningChoiceFns.MinLatestGradient(x, dX);
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 3 * 0.25 * 0.25 }, dX);

        // The tie at the start: the accumulator's first value keeps it.
        double[] first = { 2.0, 2.0, 1.0 };
        double[] dFirst = new double[3];
        RunningChoiceFns.MaxEarliestGradient(first, dFirst);
        Assert.Equal(0.5 + Math.Sin(2.0) + 2.0 * Math.Cos(2.0), dFirst[0]);
        Assert.Equal(0, dFirst[1]);
    }

    [Fact]
    public void A_condition_on_the_counter_a_product_candidate_and_a_parameter_start()
    {
        double[] x = { 0.4, 2.5, 0.9, -1.0, 0.6 };
        double[] w = { 1.5, 1.0, 0.8, 2.0, 1.1 };
        foreach (double start in new[] { 0.1, 0.5 })
        {
            double[] dX = new double[x.Length], dW = new double[w.Length];
            double dStart = 0;
            double value = RunningChoiceFns.EvenScaledMaxGradient(x, w, start, dX, dW, ref dStart);
            Grad.SameValue(RunningChoiceFns.EvenScaledMax(x, w, start), value, "EvenScaledMax");
            double[] point = [.. x, .. w, start];
            Grad.Check(p => RunningChoiceFns.EvenScaledMax(p[..5], p[5..10], p[10]), point, [.. dX, .. dW, dStart], $"EvenScaledMax(start {start})");
        }
    }

    [Fact]
    public void One_maximum_per_point_of_a_nest_with_its_tangent_and_Hessian_vector_product()
    {
        const int points = 4, k = 5;
        var random = new System.Random(7);
        double[] x = new double[points * k];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble() * 4 - 2;

        // Twice, so that the second call starts on the tapes the first one grew.
        for (int call = 0; call < 2; call++)
        {
            double[] dX = new double[x.Length];
            double value = RunningChoiceFns.LogSumExpPerPointGradient(x, points, k, dX);
            Grad.SameValue(RunningChoiceFns.LogSumExpPerPoint(x, points, k), value, "LogSumExpPerPoint");
            Grad.Check(p => RunningChoiceFns.LogSumExpPerPoint(p, points, k), x, dX, "LogSumExpPerPoint");

            double[] direction = new double[x.Length];
            for (int i = 0; i < direction.Length; i++) direction[i] = Math.Cos(i);
            RunningChoiceFns.LogSumExpPerPointTangent(x, points, k, direction, out double tangent);
            double expected = 0;
            for (int i = 0; i < x.Length; i++) expected += dX[i] * direction[i];
            Grad.Close(expected, tangent, 1e-12, 1e-12, "LogSumExpPerPoint tangent");

            double[] dH = new double[x.Length], hv = new double[x.Length];
            RunningChoiceFns.LogSumExpPerPointHessianVector(x, points, k, direction, dH, hv);
            Grad.CheckHessianVector(p => Gradient((q, g) => RunningChoiceFns.LogSumExpPerPointGradient(q, points, k, g), p), x, direction, hv, "LogSumExpPerPoint", step: 1e-5, relTol: 1e-5, absTol: 1e-6);
        }
    }

    [Fact]
    public void A_descending_long_counter_a_parameter_accumulator_and_a_gated_condition()
    {
        double[] x = { 0.4, 1.3, -0.6, 0.9, 1.1 };
        double[] gate = { 1, -1, 1, 1, 0 };
        foreach (double start in new[] { -2.0, 0.5, 3.0 })
        {
            double[] dX = new double[x.Length], dGate = new double[gate.Length];
            double dM = 0, dScale = 0;
            double value = RunningChoiceFns.DescendingChoiceGradient(x, gate, start, 1.5, dX, dGate, ref dM, ref dScale);
            Grad.SameValue(RunningChoiceFns.DescendingChoice(x, gate, start, 1.5), value, "DescendingChoice");
            double[] point = [.. x, start, 1.5];
            Grad.Check(p => RunningChoiceFns.DescendingChoice(p[..5], gate, p[5], p[6]), point, [.. dX, dM, dScale], $"DescendingChoice(start {start})");
            Assert.Equal(new double[gate.Length], dGate);
        }
    }

    [Fact]
    public void Math_on_the_accumulator_and_on_the_counter()
    {
        // The largest |x[i] cos i| is at i = 3 (|-2.5 · cos 3| ≈ 2.47), not at the largest |x[i]|'s neighbours.
        double[] x = { 0.3, -1.1, 0.8, -2.5, 2.6 };
        double[] dX = new double[x.Length];
        double value = RunningChoiceFns.LargestMagnitudeGradient(x, dX);
        Grad.SameValue(RunningChoiceFns.LargestMagnitude(x), value, "LargestMagnitude");
        Grad.Check(RunningChoiceFns.LargestMagnitude, x, dX, "LargestMagnitude");
        Assert.NotEqual(0, dX[3]);
    }

    [Fact]
    public void The_float_form_gives_the_largest_element_the_adjoint()
    {
        float[] x = { 0.5f, -1.25f, 2.0f, 1.75f };
        float[] dX = new float[x.Length];
        float value = RunningChoiceFns.MaxFGradient(x, dX);
        Grad.SameValue(RunningChoiceFns.MaxF(x), value, "MaxF");
        Assert.Equal(new[] { 1f, 0f, 4f, 0f }, dX);
    }
}
