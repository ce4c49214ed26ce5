using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Integer counters that the reverse sweep steps back (<c>k++</c> forward, <c>k--</c> reverse) instead of recording each
/// index, when the same counter is also stepped inside an expression: an index (<c>packed[k++] = …</c>), a condition
/// (<c>if (k++ % 3 == 0)</c>), a value (<c>s += x[i] * k++</c>) or an initialiser (<c>int m = k--;</c>). The reverse
/// sweep undoes only the statements <c>k++;</c>, so a counter stepped anywhere else must be recorded, never inverted:
/// inverted, it read the wrong element of every compacted array once a trip had taken the other branch (the stream
/// compaction <c>FifthPeerFns.CompactThenWeigh</c> in PeerSuitesFifth is the first case found).
/// </summary>
public static partial class SteppedCounterFns
{
    /// <summary>A counter stepped by a statement in one branch and by the condition of the next.</summary>
    [Differentiable]
    public static double SteppedInACondition(double[] x)
    {
        var packed = new double[2 * x.Length];
        int k = 0;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                packed[k] = x[i] * x[0];
                k++;
            }

            if (k++ % 3 == 0)
            {
                s += x[i] * x[1];
            }

            packed[k] = x[i] * x[2];
        }

        for (int j = 0; j < packed.Length; j++)
        {
            s += packed[j] * packed[j] * (j + 1);
        }

        return s;
    }

    /// <summary>A counter stepped by a statement in one branch and inside a product in the other.</summary>
    [Differentiable]
    public static double SteppedInAValue(double[] x)
    {
        var packed = new double[2 * x.Length + 2];
        int k = 1;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                packed[k] = x[i] * x[0];
                k++;
            }
            else
            {
                s += x[i] * k++ * x[3];
            }

            packed[k] += x[i] * x[2];
        }

        for (int j = 0; j < packed.Length; j++)
        {
            s += packed[j] * packed[j] * (j + 1);
        }

        return s;
    }

    /// <summary>A counter stepped down by a statement in one branch and by an initialiser in the other.</summary>
    [Differentiable]
    public static double SteppedInAnInitialiser(double[] x)
    {
        var packed = new double[x.Length + 2];
        int k = x.Length;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                packed[k] = x[i] * x[0];
                k--;
            }
            else
            {
                int m = k--;
                packed[m + 1] += x[i] * x[1];
            }
        }

        double s = 0;
        for (int j = 0; j < packed.Length; j++)
        {
            s += packed[j] * packed[j] * (j + 1);
        }

        return s;
    }

    /// <summary>A counter stepped only by statements, in a branch and in a while loop: it is still stepped back, not recorded.</summary>
    [Differentiable]
    public static double SteppedByStatementsOnly(double[] x)
    {
        var packed = new double[3 * x.Length + 3];
        int k = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                packed[k] = x[i] * x[0];
                k++;
            }

            int t = 0;
            while (t < 2 && x[i] < 0.5)
            {
                packed[k] += x[i] * x[4];
                k += 1;
                t++;
            }
        }

        double s = 0;
        for (int j = 0; j < packed.Length; j++)
        {
            s += packed[j] * packed[j] * (j + 1);
        }

        return s;
    }

    /// <summary>Complex pairs read by two declarators of one declaration, each stepping the cursor (FFT-style interleaved storage).</summary>
    [Differentiable]
    public static double PairsByDeclarators(double[] x)
    {
        double s = 0;
        int i = 0;
        while (i + 1 < x.Length)
        {
            double re = x[i++], im = x[i++];
            s += re * re - im * Math.Sin(re);
        }

        return s;
    }

    /// <summary>The first declarator reads the cursor before the second steps it: declarators run in order.</summary>
    [Differentiable]
    public static double ReadThenStepInDeclarators(double[] x)
    {
        double s = 0;
        int i = 0;
        while (i + 1 < x.Length)
        {
            double re = x[i] * x[0], im = x[i++];
            s += re * im + Math.Exp(im);
        }

        return s;
    }

    /// <summary>The second declarator reads the cursor after the first steps it.</summary>
    [Differentiable]
    public static double StepThenReadInDeclarators(double[] x)
    {
        double s = 0;
        int i = 0;
        while (i + 1 < x.Length)
        {
            double re = x[i++], im = x[i] * re;
            s += re * im + Math.Cos(im);
        }

        return s;
    }
}

public sealed class SteppedCounterTests
{
    private static readonly double[] Mixed = { 0.7, -1.3, 0.4, -0.5, 1.6, -2.2, 0.9, 0.7 };

    [Fact]
    public void Counters_stepped_in_conditions_values_and_initialisers_match_central_differences()
    {
        Check(SteppedCounterFns.SteppedInACondition, SteppedCounterFns.SteppedInAConditionGradient, "condition");
        Check(SteppedCounterFns.SteppedInAValue, SteppedCounterFns.SteppedInAValueGradient, "value");
        Check(SteppedCounterFns.SteppedInAnInitialiser, SteppedCounterFns.SteppedInAnInitialiserGradient, "initialiser");
        Check(SteppedCounterFns.SteppedByStatementsOnly, SteppedCounterFns.SteppedByStatementsOnlyGradient, "statements only");
    }

    [Fact]
    public void Declarators_that_step_a_cursor_run_in_order()
    {
        Check(SteppedCounterFns.PairsByDeclarators, SteppedCounterFns.PairsByDeclaratorsGradient, "pairs");
        Check(SteppedCounterFns.ReadThenStepInDeclarators, SteppedCounterFns.ReadThenStepInDeclaratorsGradient, "read then step");
        Check(SteppedCounterFns.StepThenReadInDeclarators, SteppedCounterFns.StepThenReadInDeclaratorsGradient, "step then read");
    }

    private delegate double CounterGradient(double[] x, double[] dX);

    private static void Check(System.Func<double[], double> f, CounterGradient gradient, string what)
    {
        var dX = new double[Mixed.Length];
        double value = gradient((double[])Mixed.Clone(), dX);
        Grad.SameValue(f((double[])Mixed.Clone()), value, what);
        Grad.Check(f, (double[])Mixed.Clone(), dX, what);
        TangentCheck.Against(gradient, new object[] { Mixed }, new object[] { dX }, what);
    }
}
