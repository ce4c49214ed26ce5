using System.Linq;
using Diff;

namespace Diff.Gradients.Tests;

/// <summary>
/// Programs of the kinds that other AD tools' test suites and a random-program fuzzer found the
/// generator wrong on: each was silently wrong or produced C# that did not compile.
/// </summary>
public static partial class RegressionFns
{
    // Numerical Recipes' polint: an index with a side effect in one branch, the same local read in the other.
    [Differentiable]
    public static double IndexEffectInOneBranch(double[] d, double x)
    {
        int k = 2;
        double t = x > 0 ? d[k + 1] : d[k--];
        return t * x + d[k];
    }

    // An element target whose index has a side effect: the index is evaluated once, first, as C# does.
    [Differentiable]
    public static double SideEffectIndexTargets(double[] a, double x)
    {
        var c = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            c[i] = a[i];
        }

        int k = 0;
        while (k < c.Length)
        {
            c[k++] *= x;
        }

        long m = 0;
        c[m++] += c[m] * x;
        c[--k]++;
        return c[0] * c[1] + c[c.Length - 1];
    }

    [Differentiable]
    public static double ChainedAssignment(double x, double[] a)
    {
        double p, q;
        p = q = x * x;
        a[0] = a[1] = p * q + a[0];
        double d, f;
        d = f = Math.Sin(x);
        return p + q + a[0] * a[1] + d * f;
    }

    [Differentiable]
    public static double WithLocalFunction(double x, double[] a)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[Wrap(i + 1)] * x;
        }

        return s;

        int Wrap(int k) => k % a.Length;
    }

    [Differentiable]
    public static double Deconstructions(double x, double y)
    {
        var (a, b) = (x * y, x - y);
        (double c, int k, _) = (a * b, 3, Math.Sin(y));
        (a, c) = (c, a);
        return a * k + c + b;
    }

    [Differentiable]
    public static double Discards(double x, double[] a)
    {
        _ = Math.Sin(x);
        _ = x * a[0];
        _ = ScaleInto(a, x);
        ScaleInto(a, 2.0);
        return a[0] * x;
    }

    [Differentiable]
    public static double ScaleInto(double[] a, double s)
    {
        for (int i = 0; i < a.Length; i++)
        {
            a[i] *= s;
        }

        return a[0];
    }

    // An element of a jagged array is a constant of the differentiation, like a field's.
    [Differentiable]
    public static double JaggedConstant(double x, [NoDiff] double[][] m) => x * m[0][1] + m[1][0];

    // Constants stored into a [NoDiff] jagged array (a new row, a [NoDiff] row, constant elements of a row a
    // foreach gives) read back as constants; a differentiable row would be refused (DIFF013).
    [Differentiable]
    public static double JaggedConstantWrites(double[] theta, [NoDiff] double[][] m, [NoDiff] double[] c)
    {
        m[1] = new double[2];
        m[0] = c;
        foreach (var row in m)
        {
            row[1] = 2.0;
        }

        double s = 0.0;
        for (int i = 0; i < theta.Length; i++)
        {
            s += theta[i] * theta[i] * m[0][i % 2] + Math.Sin(theta[i]) * m[1][1];
        }

        return s;
    }

    [Differentiable]
    public static double ThrowInConditional(double x) => x > 0 ? x * x : throw new System.ArgumentOutOfRangeException(nameof(x));

    [Differentiable]
    public static double ThrowInSwitchArm(double x, int kind) => kind switch
    {
        0 => Math.Tanh(x),
        1 => x * x,
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), "kind " + kind + " at x = " + x),
    };

    // It never returns, so its result cannot depend on x: DIFF009 says so, and the gradient still compiles.
#pragma warning disable DIFF009
    [Differentiable]
    public static double ThrowWholeBody(double x) => throw new System.NotSupportedException("x = " + x);
#pragma warning restore DIFF009

    // Seed 1414, program 5410: s overflows to -∞ in the loop, then is overwritten, so its partials are
    // infinite where its adjoint is 0. The true derivative is 0; 0 · ∞ gave NaN.
    [Differentiable]
    public static double OverflowThenOverwrite(double x, double[] a, int n)
    {
        double s = a[0] / (a[0] * a[0] + 1.0);
        for (int i = 0; i < a.Length * 7; i++)
        {
            s -= s * (x * s);
        }

        if (n % 4 == 3)
        {
            s = n;
        }

        return s - n;
    }

    // Seed 9595, program 3583: the helper is inlined, squares the local array t in place until its
    // elements overflow to infinity, and nothing reads t after the last call. Their adjoints are 0 and
    // their partials infinite; 0 · ∞ gave NaN for x and a.
    [Differentiable]
    public static void SquareInPlace(double[] b, double u)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] *= 1.5 * b[i] - u;
        }
    }

    [Differentiable]
    public static double SquaredLocalArrayDropped(double x, double[] a, int n)
    {
        double s = 0;
        double[] t = new double[a.Length];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = x + a[i];
        }

        for (int i = 0; i < t.Length; i++)
        {
            s += t[i] * a[i];
        }

        for (int k = 0; k < n; k++)
        {
            s = a[0] * x;
            SquareInPlace(t, x);
        }

        return s;
    }

    /// <summary>Squares its buffer in place and returns a power of one element (fuzz P338, seed 9696).</summary>
    [Differentiable]
    public static double SquareAndPower(double[] b, double u)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] += (b.Length % 3) switch { 0 => u + b[b.Length - 1 - i], 1 => u, 2 => b[i] * b[i], _ => u };
        }

        return Math.Pow(b[2] * b[2] + 0.5, 1.5);
    }

    [Differentiable]
    public static double DiscardedResultsOfAnOverflowingCall(double x, double[] a)
    {
        double s = Math.Pow(x * x + 0.5, 0.5);
        double[] t = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < a.Length; j++)
            {
                t[i] = SquareAndPower(a, a[j]);
            }
        }

        return s;
    }

    private const int N = 4;

    // ----- integer arithmetic inside a partial derivative -----

    [Differentiable]
    public static double DivideByConstInt(double s) => s / N;

    [Differentiable]
    public static double DivideByIntProduct(double x) => x / (2 * 2) + x * x / (N - 1);

    [Differentiable]
    public static double MeanOverConstCount(double[] a)
    {
        double s = 0.0;
        for (int i = 0; i < N; i++)
        {
            s += a[i] * a[i];
        }

        return s / N + 1 / N * s;
    }

    [Differentiable]
    public static float FloatOverConstInt(float x) => x * x / N;

    // ----- side effects in arguments are evaluated once -----

    [Differentiable]
    public static void ScaleByCount(long i, double[] u)
    {
        u[0] = u[0] * (i + 1);
    }

    [Differentiable]
    public static double LongCounterInArguments(double[] u)
    {
        long i = 0;
        ScaleByCount(i++, u);
        ScaleByCount(i++, u);
        ScaleByCount(i, u);
        return u[0] * i;
    }

    [Differentiable]
    public static double StepValue(long i, double u) => u * (i + 1);

    [Differentiable]
    public static double LongCounterInValueCalls(double u)
    {
        long i = 0;
        double s = 0.0;
        s += StepValue(i++, u);
        s += StepValue(i++, u) * u;
        return s + i;
    }

    [Differentiable]
    public static double CounterWrittenInCondition(double[] a, double x)
    {
        int i = 0;
        double s = 0.0;
        while (i++ < a.Length - 1)
        {
            s += a[i] * x;
        }

        return s;
    }

    // ----- loop counters and indices of every integer width -----

    [Differentiable]
    public static double LongCounter(double x)
    {
        double s = x;
        for (long i = 0; i < 3; i++)
        {
            s = s * x;
        }

        return s;
    }

    [Differentiable]
    public static double LongBoundIntCounter(double[] a, long n)
    {
        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            s += a[i] * a[i];
        }

        return s;
    }

    [Differentiable]
    public static double DoubleCounter(double x)
    {
        double s = x;
        for (double t = 0.0; t < 2.5; t++)
        {
            s = s * x + t;
        }

        return s;
    }

    [Differentiable]
    public static double UnsignedCounter(double[] a)
    {
        double s = 0.0;
        for (ulong i = 0; i < (ulong)a.Length; i++)
        {
            s = s * 0.5 + a[i] * a[i];
        }

        return s;
    }

    [Differentiable]
    public static double RecordedLongIndex(double[] a, double x)
    {
        long k = 0;
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            k = (k + 3) % a.Length;
            s += a[k] * x * a[i];
        }

        return s;
    }

    [Differentiable]
    public static double FloatArrayDoubleResult(float[] a, double x)
    {
        double s = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * x * a[i];
        }

        return s + Weighted(a, x);
    }

    [Differentiable]
    public static double Weighted(float[] a, double x) => a[0] * x + a[1];

    // ----- calls with array arguments -----

    [Differentiable]
    public static double Product(double[] a, double x)
    {
        double r = x;
        for (int i = 0; i < a.Length; i++)
        {
            r = r * a[i];
        }

        return r;
    }

    [Differentiable]
    public static double NestedArrayCalls(double[] a, double[] b, double x) => Product(a, Product(b, x));

    [Differentiable]
    public static double Energy(double[] w, double p)
    {
        double s = 0.0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i] * p;
        }

        return s;
    }

    [Differentiable]
    public static double OverwriteWithCallReadingSameArray(double[] x, double p)
    {
        var w = new double[3];
        for (int i = 0; i < 3; i++)
        {
            w[i] = x[i];
        }

        for (int i = 0; i < 3; i++)
        {
            w[i] = Energy(w, p) * 0.1 + x[i];
        }

        double s = 0.0;
        for (int i = 0; i < 3; i++)
        {
            s += w[i] * w[i] * w[i];
        }

        return s;
    }

    [Differentiable]
    public static void Scale(double[] b, double f)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = b[i] * f;
        }
    }

    [Differentiable]
    public static double ExpressionArgumentsToWritingCall(double[] b, double x, float y)
    {
        Scale(b, 0.5 * x);
        Scale(b, 2.0);
        Scale(b, y);
        Scale(b, x > 0 ? x : -x);
        double s = 0.0;
        for (int i = 0; i < b.Length; i++)
        {
            s += b[i];
        }

        return s;
    }

    // ----- value-returning calls that write arrays -----

    [Differentiable]
    public static double ScaleAndReadFirst(double[] b, double f)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = b[i] * f;
        }

        return b[0] * b[0];
    }

    [Differentiable]
    public static double WritingCallUsedAsValue(double[] b, double x)
    {
        double t = ScaleAndReadFirst(b, x) * 2.0 + x;
        double s = t;
        for (int k = 0; k < 2; k++)
        {
            s += Math.Sin(ScaleAndReadFirst(b, 0.5 * x + k)) * s;
        }

        // The call comes first in evaluation order, so the reads after it see its writes.
        return s + ScaleAndReadFirst(b, 1.1) * b[1] + b[2];
    }

    // ----- local arrays declared in loops -----

    [Differentiable]
    public static double LocalArrayInLoopConstLength(double x)
    {
        const int L = 3;
        double s = 0.0;
        for (int k = 0; k < 2; k++)
        {
            double[] w = new double[L];
            for (int i = 0; i < L; i++)
            {
                w[i] = x * (i + k);
            }

            s += w[2] * w[1];
        }

        return s;
    }

    [Differentiable]
    public static double LocalArrayInLoopVaryingLength(double x, int n)
    {
        double s = 0.0;
        int m = 1;
        for (int k = 0; k < n; k++)
        {
            m = m + 1;
            double[] w = new double[m];
            for (int i = 0; i < m; i++)
            {
                w[i] = x * i;
            }

            s += w[m - 1] * x;
        }

        return s;
    }

    [Differentiable]
    public static void AddInto(double[] b, double u)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = b[i] * u + u;
        }
    }

    [Differentiable]
    public static double LocalArrayInLoopPassedToWritingCall(double x, double[] a)
    {
        const int L = 3;
        double s = 0.0;
        for (int k = 0; k < a.Length; k++)
        {
            double[] t = new double[L];
            t[1] = a[k];
            AddInto(t, k - x);
            s += t[1] * t[2];
        }

        return s;
    }

    [Differentiable]
    public static float FloatPartialOfMixedKinds(float[] a, [NoDiff] double c)
    {
        double s = -1.25 / (c * c + 1.0);
        return (float)s + (float)(0.25 * a[0]) * a[1];
    }

    [Differentiable]
    public static double K0(int k, double u) => u * (k + 1) + Math.Sin(u);

    [Differentiable]
    public static double NestedCountersInArguments(double x, double[] a)
    {
        int k = 0;
        double s = a[0];
        foreach (double e in a)
        {
            s -= K0(k++, K0(k++, x)) * e;
        }

        return s + K0(k++, 2.0);
    }

    [Differentiable]
    public static double CounterInAConstantCall(double x, [NoDiff] double c)
    {
        int k = 0;
        double s = x;
        s += K0(k++, c);
        s += K0(k++, c) * x;
        return s + k;
    }

    [Differentiable]
    public static void Grow(float[] b, float u)
    {
        for (int i = 0; i < b.Length; i++)
        {
            // The square root makes this statement's partials skip a zero adjoint (they can be infinite);
            // the dead store below has only products, so before dead stores were skipped it gave 0 · ∞.
            b[i] *= MathF.Sqrt(u * u + 0.25f) * b[(i + 1) % b.Length];
        }

        double unused = b[0] * b[1] * b[0];
    }

    [Differentiable]
    public static double DeadStoreOverflows(double x, float y)
    {
        float[] t = new float[4];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = y;
        }

        for (int r = 0; r < 6; r++)
        {
            Grow(t, 1e9f);
        }

        return x * x + 0 * 0;
    }

    [Differentiable]
    public static double LocalFeedingOnlyItself(float x, float[] a)
    {
        double s = a[1] * 1.0;
        double v = -0.75 - s - 0.75;
        foreach (float e in a)
        {
            for (int g = 0; g < 40; g++)
            {
                v += 0.5 + -v * (v - x) * 1e30;
            }
        }

        return s + x;
    }

    [Differentiable]
    public static double AddIndexAndRead(double[] b, double u)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = b[i] * u + i;
        }

        return b[1] * b[2];
    }

    [Differentiable]
    public static double ElementReadBeforeTheWritingCall(double[] b, double x)
    {
        double t = b[1] * AddIndexAndRead(b, x);
        b[2] += AddIndexAndRead(b, 0.5 * x);
        return t + b[2] * b[0];
    }

    [Differentiable]
    public static double ScaleFirstAndRead(double[] b, double f)
    {
        b[0] = b[0] * f;
        return b[0];
    }

    // C#'s % on doubles (truncated, like fmod): d/dl = 1, d/dr = -trunc(l / r).
    [Differentiable]
    public static double Remainders(double x, double y)
    {
        double r = x % y;
        r %= 0.75;
        return r * x + (x * x) % (y + 2);
    }

    [Differentiable]
    public static float FloatRemainder(float x, float y) => x % y + (x * x) % 0.4f;

    [Differentiable]
    public static double AddToAll(Span<double> b, double u)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] += u;
        }

        return u + 3.0;
    }

    // C# reads a[1] (and a[2]) before the call in the conditional's branch writes a.
    [Differentiable]
    public static double ElementReadBeforeAConditionalCall(double[] a, double x, bool viaCall)
    {
        a[1] -= viaCall ? AddToAll(a, x) : a[0] * x;
        double s = a[2] * (viaCall ? AddToAll(a, x * x) : x);
        return a[1] * a[0] + s;
    }

    private static readonly double[] Weights = { 0.5, -1.5, 2.0 };

    private static int[] Offsets { get; } = { 1, 0, 2 };

    // foreach over a field and a property: constants of the differentiation, like the fields themselves.
    [Differentiable]
    public static double ForeachOverFields(double[] a, double x)
    {
        double s = 0;
        int k = 0;
        foreach (double w in Weights)
        {
            s += w * a[k] * x;
            k++;
        }

        foreach (int offset in RegressionFns.Offsets)
        {
            s += a[offset] * a[offset];
        }

        return s;
    }

    // Local arrays created from initializers, in each form C# has.
    [Differentiable]
    public static double ArrayInitializers(double x, double y, float z)
    {
        double[] a = { x, y * y, 2 };
        double[] b = new[] { x * y, a[1] };
        var c = new double[] { Math.Sin(x), a[0] + b[1] };
        double[] d = [y, c[1] * x];
        float[] f = { z * z, 1f };
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * (i + 1);
        }

        return s + b[0] * b[1] + c[0] * c[1] + d[0] * d[1] + f[0] * f[1];
    }

    // (1e200)² overflows to ∞ and ∞^-0.3 is 0: the exponent's partial 0 · log ∞ must be 0, not NaN.
    [Differentiable]
    public static double PowOfHuge(double x, double y) => Math.Pow(x * x + 0.5, y);

    [Differentiable]
    public static double SumTimes(double[] b, double u)
    {
        double s = 0;
        for (int i = 0; i < b.Length; i++)
        {
            s += b[i] * u;
        }

        return s;
    }

    // SumTimes reads b before ScaleFirstAndRead writes it, as C# evaluates left to right.
    [Differentiable]
    public static double ValueCallBeforeAWritingCall(double[] b, double x) => SumTimes(b, x) * ScaleFirstAndRead(b, x) + b[0];

    // The conditional reads b[0] after the call writes it: it is hoisted after the call, not before.
    [Differentiable]
    public static double ConditionalReadsWhatTheCallWrote(double[] b, double x) => ScaleFirstAndRead(b, x) * (x > 0 ? b[0] : x) + b[1] * (x < 1 ? b[0] * b[0] : x);

    [Differentiable]
    public static double ConditionalAfterAWritingCall(double[] b, double[] a, double x, double y)
    {
        a[0] += AddIndexAndRead(b, x) + (x > 0.5 ? x : y * y);
        return a[0] * b[2];
    }

    [Differentiable]
    public static double WritingCallReadingItsArgument(double[] a, double x)
    {
        double s = Math.Sin(AddIndexAndRead(a, a[2] * x));
        return s + x * a[0];
    }

    [Differentiable]
    public static double ReadOnlyHelper(double[] b, double u) => u * u - b[1];

    [Differentiable]
    public static double ReadOnlyHelperInLoop(double[] a, double x)
    {
        double s = 0.0;
        for (int i = a.Length - 1; i >= 0; i--)
        {
            if (x >= Math.Atan(a[i]))
            {
                s += ReadOnlyHelper(a, x) - a[i / 2];
            }
        }

        return s;
    }

    private static double PlainHelper(double s) => s + 1.0;

    [Differentiable]
    public static double PlainCallOfAConstant(double x, [NoDiff] double scale) => PlainHelper(scale) * x * x;

    // ----- tuple assignment and name reuse -----

    [Differentiable]
    public static double TupleSwap(double x, double y)
    {
        double a = x;
        double b = y;
        for (int i = 0; i < 3; i++)
        {
            (a, b) = (a * b, a);
        }

        return a + b;
    }

    [Differentiable]
    public static double ConditionalAndLoopNames(double[] a, double x)
    {
        double s = 0.0;
        for (int k = 0; k < a.Length; k++)
        {
            s += (a[k] > 0.5 ? a[k] : x) * x;
        }

        return s;
    }

    /// <summary>Squares each element in place (a helper the caller inlines).</summary>
    [Differentiable]
    public static void SquareInPlace(double[] b)
    {
        for (int i = 0; i < b.Length; i++)
        {
            b[i] *= 2.0 * b[i] - 0.25;
        }
    }

    /// <summary>
    /// A local array and a local squared in place until they overflow, read only in a branch that does not run: their
    /// adjoints are 0 by value, which must not meet the infinite partials as 0 · ∞ (fuzz P468, open N6).
    /// </summary>
    [Differentiable]
    public static double OverflowedButUnread(double x, int n)
    {
        double[] t = new double[3];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = 3.0 - x;
        }

        double u = 2.0 + x;
        for (int k = 0; k < 40; k++)
        {
            SquareInPlace(t);
            u = u * u;
        }

        double s = x * x;
        if (n > 100)
        {
            s += t[1] + u;
        }

        return s;
    }
}

public sealed class Regressions
{
    private static readonly double[] A = { 0.7, 1.3, 0.4, 0.9 };

    [Fact]
    public void Integer_constants_in_partials_use_floating_arithmetic()
    {
        double d = 0;
        RegressionFns.DivideByConstIntGradient(3.0, ref d);
        Assert.Equal(0.25, d, 15);

        d = 0;
        RegressionFns.DivideByIntProductGradient(1.5, ref d);
        Grad.Check(p => RegressionFns.DivideByIntProduct(p[0]), new[] { 1.5 }, new[] { d }, "DivideByIntProduct");
        Assert.NotEqual(0.0, d);

        var da = new double[4];
        RegressionFns.MeanOverConstCountGradient((double[])A.Clone(), da);
        Grad.Check(p => RegressionFns.MeanOverConstCount(p), (double[])A.Clone(), da, "MeanOverConstCount");

        float df = 0;
        RegressionFns.FloatOverConstIntGradient(3f, ref df);
        Assert.Equal(1.5f, df, 5);
    }

    [Fact]
    public void Side_effects_in_arguments_run_once()
    {
        var u = new[] { 1.5 };
        var du = new double[1];
        double value = RegressionFns.LongCounterInArgumentsGradient(u, du);
        Assert.Equal(RegressionFns.LongCounterInArguments(new[] { 1.5 }), value);
        Assert.Equal(6.0 * 2.0, du[0], 12); // u0 · 1 · 2 · 3, times i = 2

        double d = 0;
        value = RegressionFns.LongCounterInValueCallsGradient(1.25, ref d);
        Assert.Equal(RegressionFns.LongCounterInValueCalls(1.25), value);
        Grad.Check(p => RegressionFns.LongCounterInValueCalls(p[0]), new[] { 1.25 }, new[] { d }, "LongCounterInValueCalls");

        var dA = new double[4];
        double dX = 0;
        RegressionFns.CounterWrittenInConditionGradient(A, 0.8, dA, ref dX);
        Grad.Check(p => RegressionFns.CounterWrittenInCondition(Fd.Slice(p, 0, 4), p[4]), Fd.Pack(A, 0.8), Fd.Pack(dA, dX), "CounterWrittenInCondition");
    }

    [Fact]
    public void Counters_and_indices_of_every_width()
    {
        double d = 0;
        RegressionFns.LongCounterGradient(1.5, ref d);
        Grad.Check(p => RegressionFns.LongCounter(p[0]), new[] { 1.5 }, new[] { d }, "LongCounter");

        var dA = new double[4];
        RegressionFns.LongBoundIntCounterGradient(A, 3L, dA);
        Grad.Check(p => RegressionFns.LongBoundIntCounter(p, 3L), A, dA, "LongBoundIntCounter");

        d = 0;
        RegressionFns.DoubleCounterGradient(1.1, ref d);
        Grad.Check(p => RegressionFns.DoubleCounter(p[0]), new[] { 1.1 }, new[] { d }, "DoubleCounter");

        dA = new double[4];
        RegressionFns.UnsignedCounterGradient(A, dA);
        Grad.Check(p => RegressionFns.UnsignedCounter(p), A, dA, "UnsignedCounter");

        dA = new double[4];
        double dX = 0;
        RegressionFns.RecordedLongIndexGradient(A, 0.6, dA, ref dX);
        Grad.Check(p => RegressionFns.RecordedLongIndex(Fd.Slice(p, 0, 4), p[4]), Fd.Pack(A, 0.6), Fd.Pack(dA, dX), "RecordedLongIndex");

        var f = new[] { 0.5f, 1.25f, 0.75f };
        var df = new float[3];
        dX = 0;
        RegressionFns.FloatArrayDoubleResultGradient(f, 0.9, df, ref dX);
        // Closed form (finite differences through float inputs are too coarse): s = Σ a²·x + a0·x + a1.
        Assert.Equal(2 * 0.5 * 0.9 + 0.9, df[0], 5);
        Assert.Equal(2 * 1.25 * 0.9 + 1.0, df[1], 5);
        Assert.Equal(2 * 0.75 * 0.9, df[2], 5);
        Assert.Equal(0.25 + 1.5625 + 0.5625 + 0.5, dX, 6);
    }

    [Fact]
    public void Nested_calls_send_each_vector_partial_to_its_own_array()
    {
        var a = new[] { 1.5, 2.0, 0.5 };
        var b = new[] { 0.7, 1.1, 1.3 };
        var dA = new double[3];
        var dB = new double[3];
        double dX = 0;
        RegressionFns.NestedArrayCallsGradient(a, b, 1.2, dA, dB, ref dX);
        Grad.Check(
            p => RegressionFns.NestedArrayCalls(Fd.Slice(p, 0, 3), Fd.Slice(p, 3, 3), p[6]),
            Fd.Pack(a, b, 1.2),
            Fd.Pack(dA, dB, dX),
            "NestedArrayCalls");
    }

    [Fact]
    public void Restored_array_overwritten_by_a_call_that_reads_it()
    {
        var x = new[] { 0.3, -0.4, 0.5 };
        var dX = new double[3];
        double dP = 0;
        double value = RegressionFns.OverwriteWithCallReadingSameArrayGradient(x, 0.7, dX, ref dP);
        Assert.Equal(RegressionFns.OverwriteWithCallReadingSameArray(x, 0.7), value);
        Grad.Check(p => RegressionFns.OverwriteWithCallReadingSameArray(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(x, 0.7), Fd.Pack(dX, dP), "OverwriteWithCallReadingSameArray");
    }

    [Fact]
    public void Writing_calls_accept_any_scalar_argument()
    {
        var b = new[] { 1.0, 2.0, 3.0 };
        var dB = new double[3];
        double dX = 0;
        float dY = 0;
        RegressionFns.ExpressionArgumentsToWritingCallGradient((double[])b.Clone(), 1.5, 0.75f, dB, ref dX, ref dY);
        // s = Σb · (0.5x) · 2 · y · |x|, so ∂s/∂b_i = x·y·|x|, ∂s/∂x = 2·Σb·y·x (x > 0), ∂s/∂y = Σb·x·|x|.
        Assert.Equal(new[] { 1.6875, 1.6875, 1.6875 }, dB);
        Assert.Equal(2 * 6.0 * 0.75 * 1.5, dX, 12);
        Assert.Equal(6.0 * 1.5 * 1.5, dY, 4);
        Grad.Check(
            p => RegressionFns.ExpressionArgumentsToWritingCall(Fd.Slice(p, 0, 3), p[3], 0.75f),
            Fd.Pack(b, 1.5),
            Fd.Pack(dB, dX),
            "ExpressionArgumentsToWritingCall");
    }

    [Fact]
    public void Value_returning_calls_that_write_arrays_carry_their_writes()
    {
        var b = new[] { 0.6, -0.8, 1.1 };
        var dB = new double[3];
        double dX = 0;
        double value = RegressionFns.WritingCallUsedAsValueGradient((double[])b.Clone(), 0.9, dB, ref dX);
        Assert.Equal(RegressionFns.WritingCallUsedAsValue((double[])b.Clone(), 0.9), value);
        Grad.Check(p => RegressionFns.WritingCallUsedAsValue(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(b, 0.9), Fd.Pack(dB, dX), "WritingCallUsedAsValue");

        // The seeded pullback is linear in the seed.
        var dB1 = new double[3];
        double dF1 = 0;
        RegressionFns.ScaleAndReadFirstPullback((double[])b.Clone(), 1.3, 1.0, dB1, ref dF1);
        var dB3 = new double[3];
        double dF3 = 0;
        RegressionFns.ScaleAndReadFirstPullback((double[])b.Clone(), 1.3, 3.0, dB3, ref dF3);
        Assert.Equal(3 * dF1, dF3, 12);
        Assert.Equal(dB1.Select(v => 3 * v), dB3);
    }

    [Fact]
    public void Local_arrays_declared_in_loops()
    {
        double d = 0;
        RegressionFns.LocalArrayInLoopConstLengthGradient(1.5, ref d);
        Grad.Check(p => RegressionFns.LocalArrayInLoopConstLength(p[0]), new[] { 1.5 }, new[] { d }, "LocalArrayInLoopConstLength");

        d = 0;
        RegressionFns.LocalArrayInLoopVaryingLengthGradient(0.8, 4, ref d);
        Grad.Check(p => RegressionFns.LocalArrayInLoopVaryingLength(p[0], 4), new[] { 0.8 }, new[] { d }, "LocalArrayInLoopVaryingLength");
    }

    [Fact]
    public void Local_array_in_a_loop_passed_to_a_writing_call()
    {
        var a = new[] { 0.4, -0.7, 1.2 };
        var dA = new double[3];
        double dX = 0;
        RegressionFns.LocalArrayInLoopPassedToWritingCallGradient(0.3, a, ref dX, dA);
        Grad.Check(p => RegressionFns.LocalArrayInLoopPassedToWritingCall(p[0], Fd.Slice(p, 1, 3)), Fd.Pack(0.3, a), Fd.Pack(dX, dA), "LocalArrayInLoopPassedToWritingCall");

        var f = new[] { 0.5f, 2.0f };
        var df = new float[2];
        RegressionFns.FloatPartialOfMixedKindsGradient(f, 0.5, df);
        Assert.Equal(0.5f, df[0], 5); // 0.25 · a1
        Assert.Equal(0.125f, df[1], 5); // 0.25 · a0
    }

    [Fact]
    public void Counters_in_nested_arguments_keep_their_order()
    {
        var a = new[] { 0.4, -0.7, 1.2 };
        var dA = new double[3];
        double dX = 0;
        double value = RegressionFns.NestedCountersInArgumentsGradient(0.3, a, ref dX, dA);
        Assert.Equal(RegressionFns.NestedCountersInArguments(0.3, a), value);
        Grad.Check(p => RegressionFns.NestedCountersInArguments(p[0], Fd.Slice(p, 1, 3)), Fd.Pack(0.3, a), Fd.Pack(dX, dA), "NestedCountersInArguments");
    }

    [Fact]
    public void Counter_in_a_call_with_no_differentiable_argument_runs_once()
    {
        double dX = 0;
        double value = RegressionFns.CounterInAConstantCallGradient(0.7, 1.5, ref dX);
        Assert.Equal(RegressionFns.CounterInAConstantCall(0.7, 1.5), value);
        Grad.Check(p => RegressionFns.CounterInAConstantCall(p[0], 1.5), new[] { 0.7 }, new[] { dX }, "CounterInAConstantCall");
    }

    [Fact]
    public void Call_without_a_derivative_on_constants_is_a_constant()
    {
        double dX = 0;
        double value = RegressionFns.PlainCallOfAConstantGradient(1.5, 2.0, ref dX);
        Assert.Equal(RegressionFns.PlainCallOfAConstant(1.5, 2.0), value);
        Assert.Equal(3.0 * 2 * 1.5, dX, 12);
    }

    [Fact]
    public void Dead_store_that_overflows_leaves_the_gradient_finite()
    {
        double dX = 0;
        float dY = 0;
        RegressionFns.DeadStoreOverflowsGradient(1.5, 1.1f, ref dX, ref dY);
        Assert.Equal(3.0, dX);
        Assert.Equal(0f, dY);
    }

    [Fact]
    public void Local_that_only_feeds_itself_leaves_the_gradient_finite()
    {
        var a = new[] { 0.5f, -1.25f, 2f };
        var dA = new float[3];
        float dX = 0;
        RegressionFns.LocalFeedingOnlyItselfGradient(0.3f, a, ref dX, dA);
        Assert.Equal(1f, dX);
        Assert.Equal(new[] { 0f, 1f, 0f }, dA);
    }

    [Fact]
    public void Writing_call_whose_argument_reads_its_buffer()
    {
        var a = new[] { 0.4, -0.7, 1.2 };
        var dA = new double[3];
        double dX = 0;
        RegressionFns.WritingCallReadingItsArgumentGradient((double[])a.Clone(), 0.8, dA, ref dX);
        Grad.Check(p => RegressionFns.WritingCallReadingItsArgument(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(a, 0.8), Fd.Pack(dA, dX), "WritingCallReadingItsArgument");
    }

    [Fact]
    public void Element_read_before_the_writing_call_keeps_its_old_value()
    {
        PeerCheck.CheckAX(RegressionFns.ElementReadBeforeTheWritingCall, RegressionFns.ElementReadBeforeTheWritingCallGradient, new[] { 0.4, -0.7, 1.2 }, 0.8, "ElementReadBeforeTheWritingCall");
    }

    [Fact]
    public void Conditional_after_a_writing_call_that_reads_no_written_buffer()
    {
        foreach (double x in new[] { 0.2, 0.8 })
        {
            var b = new[] { 0.4, -0.7, 1.2 };
            var a = new[] { 0.3, 0.6 };
            var dB = new double[3];
            var dA = new double[2];
            double dX = 0, dY = 0;
            RegressionFns.ConditionalAfterAWritingCallGradient((double[])b.Clone(), (double[])a.Clone(), x, 1.3, dB, dA, ref dX, ref dY);
            Grad.Check(
                p => RegressionFns.ConditionalAfterAWritingCall(Fd.Slice(p, 0, 3), Fd.Slice(p, 3, 2), p[5], p[6]),
                Fd.Pack(b, a, x, 1.3),
                Fd.Pack(dB, dA, dX, dY),
                "ConditionalAfterAWritingCall");
        }
    }

    [Fact]
    public void Floating_remainder()
    {
        foreach (var (x, y) in new[] { (2.3, 0.7), (-2.3, 0.7), (5.1, -1.9), (0.3, 1.1) })
        {
            double dX = 0, dY = 0;
            double value = RegressionFns.RemaindersGradient(x, y, ref dX, ref dY);
            Assert.Equal(RegressionFns.Remainders(x, y), value);
            Grad.Check(p => RegressionFns.Remainders(p[0], p[1]), new[] { x, y }, new[] { dX, dY }, $"Remainders({x}, {y})");
        }

        // x % y = x - y·trunc(x/y): at (2.3, 0.7), trunc = 3; (x·x) % 0.4 adds 2x.
        float fx = 0, fy = 0;
        RegressionFns.FloatRemainderGradient(2.3f, 0.7f, ref fx, ref fy);
        Assert.Equal(1f + 2 * 2.3f, fx, 4);
        Assert.Equal(-3f, fy, 4);
    }

    [Fact]
    public void Deconstructing_declarations_and_tuple_assignments()
    {
        double dX = 0, dY = 0;
        double value = RegressionFns.DeconstructionsGradient(0.7, -1.3, ref dX, ref dY);
        Assert.Equal(RegressionFns.Deconstructions(0.7, -1.3), value);
        Grad.Check(p => RegressionFns.Deconstructions(p[0], p[1]), new[] { 0.7, -1.3 }, new[] { dX, dY }, "Deconstructions");
    }

    [Fact]
    public void Chained_assignments_and_local_functions()
    {
        double[] a = { 0.4, -0.9, 1.3 };
        var dA = new double[3];
        double dX = 0;
        double value = RegressionFns.ChainedAssignmentGradient(0.7, (double[])a.Clone(), ref dX, dA);
        Assert.Equal(RegressionFns.ChainedAssignment(0.7, (double[])a.Clone()), value);
        Grad.Check(p => RegressionFns.ChainedAssignment(p[0], Fd.Slice(p, 1, 3)), Fd.Pack(0.7, a), Fd.Pack(dX, dA), "ChainedAssignment", 1e-5);

        var dB = new double[3];
        double dY = 0;
        value = RegressionFns.WithLocalFunctionGradient(0.7, a, ref dY, dB);
        Assert.Equal(RegressionFns.WithLocalFunction(0.7, a), value);
        Grad.Check(p => RegressionFns.WithLocalFunction(p[0], Fd.Slice(p, 1, 3)), Fd.Pack(0.7, a), Fd.Pack(dY, dB), "WithLocalFunction");
    }

    [Fact]
    public void An_index_with_a_side_effect_in_one_branch_of_a_conditional()
    {
        PeerCheck.CheckAX(RegressionFns.IndexEffectInOneBranch, RegressionFns.IndexEffectInOneBranchGradient, new[] { 0.4, -0.9, 1.3, 0.6 }, 0.7, "IndexEffectInOneBranch(x > 0)");
        PeerCheck.CheckAX(RegressionFns.IndexEffectInOneBranch, RegressionFns.IndexEffectInOneBranchGradient, new[] { 0.4, -0.9, 1.3, 0.6 }, -0.7, "IndexEffectInOneBranch(x < 0)");
    }

    [Fact]
    public void Element_targets_whose_index_has_a_side_effect()
    {
        PeerCheck.CheckAX(RegressionFns.SideEffectIndexTargets, RegressionFns.SideEffectIndexTargetsGradient, new[] { 0.4, -0.9, 1.3 }, 0.7, "SideEffectIndexTargets");
    }

    [Fact]
    public void A_discard_keeps_only_the_effects_of_its_value()
    {
        // a[0] becomes 2 · a0 · x through the two calls whose values are dropped, so the result is 2 · a0 · x².
        double[] a = { 1.5, 2.0 };
        double[] dA = new double[2];
        double dX = 0;
        double value = RegressionFns.DiscardsGradient(0.7, (double[])a.Clone(), ref dX, dA);
        Assert.Equal(RegressionFns.Discards(0.7, (double[])a.Clone()), value);
        Grad.Check(p => RegressionFns.Discards(p[0], Fd.Slice(p, 1, 2)), Fd.Pack(0.7, a), Fd.Pack(dX, dA), "Discards");
    }

    [Fact]
    public void Constants_stored_into_a_NoDiff_jagged_array_read_back_as_constants()
    {
        double[] theta = { 0.4, -1.2, 0.9 };
        double[] c = { 1.5, -0.5 };
        double[][] Fresh() => new[] { new[] { 9.0, 9.0 }, new[] { 9.0 } };
        double[] dTheta = new double[3];
        double value = RegressionFns.JaggedConstantWritesGradient((double[])theta.Clone(), Fresh(), (double[])c.Clone(), dTheta);
        Grad.SameValue(RegressionFns.JaggedConstantWrites((double[])theta.Clone(), Fresh(), (double[])c.Clone()), value, "JaggedConstantWrites");
        Grad.Check(p => RegressionFns.JaggedConstantWrites(p, Fresh(), (double[])c.Clone()), theta, dTheta, "JaggedConstantWrites");
    }

    [Fact]
    public void An_element_of_a_jagged_array_is_a_constant()
    {
        double[][] m = { new[] { 1.0, 3.0 }, new[] { 5.0 } };
        double dX = 0;
        Assert.Equal(RegressionFns.JaggedConstant(0.5, m), RegressionFns.JaggedConstantGradient(0.5, m, ref dX));
        Assert.Equal(3.0, dX);
    }

    [Fact]
    public void Throw_expressions_become_throw_statements_and_carry_no_derivative()
    {
        double dX = 0;
        Assert.Equal(4.0, RegressionFns.ThrowInConditionalGradient(2, ref dX));
        Assert.Equal(4.0, dX);
        Assert.Throws<System.ArgumentOutOfRangeException>(() => { double d = 0; RegressionFns.ThrowInConditionalGradient(-1, ref d); });

        foreach (int kind in new[] { 0, 1 })
        {
            double dK = 0;
            double value = RegressionFns.ThrowInSwitchArmGradient(0.3, kind, ref dK);
            Assert.Equal(RegressionFns.ThrowInSwitchArm(0.3, kind), value);
            Grad.Check(p => RegressionFns.ThrowInSwitchArm(p[0], kind), new[] { 0.3 }, new[] { dK }, $"ThrowInSwitchArm({kind})");
        }

        Assert.Throws<System.ArgumentOutOfRangeException>(() => { double d = 0; RegressionFns.ThrowInSwitchArmGradient(0.3, 2, ref d); });
        Assert.Throws<System.NotSupportedException>(() => { double d = 0; RegressionFns.ThrowWholeBodyGradient(0.3, ref d); });
    }

    [Fact]
    public void A_value_that_overflows_and_is_then_overwritten_has_a_zero_not_a_NaN_gradient()
    {
        // With x = 2 and s = -0.3 at first, s doubles its exponent at every step and is -∞ after 21.
        var a = new[] { -3.0, 0.4, 0.5 };
        var dA = new double[3];
        double dX = 0;
        double value = RegressionFns.OverflowThenOverwriteGradient(2.0, (double[])a.Clone(), 7, ref dX, dA);
        Assert.Equal(RegressionFns.OverflowThenOverwrite(2.0, (double[])a.Clone(), 7), value);
        Assert.Equal(0.0, dX);
        Assert.All(dA, d => Assert.Equal(0.0, d));

        // Where s is not overwritten (n % 4 != 3) and stays finite, the gradient is the ordinary one.
        var b = new[] { 0.3, 0.2 };
        var dB = new double[2];
        double dY = 0;
        RegressionFns.OverflowThenOverwriteGradient(0.1, (double[])b.Clone(), 2, ref dY, dB);
        Grad.Check(p => RegressionFns.OverflowThenOverwrite(p[0], Fd.Slice(p, 1, 2), 2), Fd.Pack(0.1, b), Fd.Pack(dY, dB), "OverflowThenOverwrite");
        Assert.NotEqual(0.0, dY);
    }

    [Fact]
    public void A_local_array_that_overflows_and_is_never_read_again_has_a_zero_not_a_NaN_gradient()
    {
        // t starts at 2.5 and goes as t ← t · (1.5 t − 2): infinite after about ten calls.
        var a = new[] { 0.5, 0.25, -0.5 };
        var dA = new double[3];
        double dX = 0;
        double value = RegressionFns.SquaredLocalArrayDroppedGradient(2.0, a, 40, ref dX, dA);
        Assert.Equal(RegressionFns.SquaredLocalArrayDropped(2.0, a, 40), value);
        Assert.Equal(a[0], dX);
        Assert.Equal(new[] { 2.0, 0, 0 }, dA);

        // Without the calls the array is read, and the gradient is the ordinary one; with a few calls it
        // stays finite, and is checked against finite differences as well.
        foreach (int n in new[] { 0, 2 })
        {
            var dB = new double[3];
            double dY = 0;
            RegressionFns.SquaredLocalArrayDroppedGradient(0.3, a, n, ref dY, dB);
            Grad.Check(p => RegressionFns.SquaredLocalArrayDropped(p[0], Fd.Slice(p, 1, 3), n), Fd.Pack(0.3, a), Fd.Pack(dY, dB), "SquaredLocalArrayDropped");
        }
    }

    [Fact]
    public void A_call_whose_result_is_dropped_and_whose_buffer_overflows_has_a_zero_not_a_NaN_gradient()
    {
        // Each call squares a in place (a ← a + a², the switch's third arm for five elements), 25 calls in all:
        // a overflows, the results go to an array nothing reads, and the method returns √(x² + ½) alone. The
        // callee's reverse sweep gets a zero seed for its result and a zero adjoint for a's final value.
        var a = new[] { 0.9, -1.3, 1.1, 0.7, 1.4 };
        var dA = new double[5];
        double dX = 0;
        double value = RegressionFns.DiscardedResultsOfAnOverflowingCallGradient(0.6, (double[])a.Clone(), ref dX, dA);
        Assert.Equal(RegressionFns.DiscardedResultsOfAnOverflowingCall(0.6, (double[])a.Clone()), value);
        Assert.Equal(0.6 / Math.Sqrt(0.6 * 0.6 + 0.5), dX, 12);
        Assert.Equal(new double[5], dA);

        // The callee alone, where nothing overflows, against finite differences.
        var b = new[] { 0.1, -0.2, 0.3, 0.15, -0.05 };
        var dB = new double[5];
        double dU = 0;
        RegressionFns.SquareAndPowerGradient((double[])b.Clone(), 0.4, dB, ref dU);
        Grad.Check(p => RegressionFns.SquareAndPower(Fd.Slice(p, 0, 5), p[5]), Fd.Pack(b, 0.4), Fd.Pack(dB, dU), "SquareAndPower");
    }

    [Fact]
    public void Element_read_before_a_call_inside_a_conditional()
    {
        foreach (bool viaCall in new[] { true, false })
        {
            var a = new[] { 0.4, -0.7, 1.2 };
            var dA = new double[3];
            double dX = 0;
            double value = RegressionFns.ElementReadBeforeAConditionalCallGradient((double[])a.Clone(), 0.9, viaCall, dA, ref dX);
            Assert.Equal(RegressionFns.ElementReadBeforeAConditionalCall((double[])a.Clone(), 0.9, viaCall), value);
            Grad.Check(p => RegressionFns.ElementReadBeforeAConditionalCall(Fd.Slice(p, 0, 3), p[3], viaCall), Fd.Pack(a, 0.9), Fd.Pack(dA, dX), $"ElementReadBeforeAConditionalCall({viaCall})");
        }
    }

    [Fact]
    public void Foreach_over_a_field_and_a_property()
    {
        var a = new[] { 0.4, -0.7, 1.2 };
        var dA = new double[3];
        double dX = 0;
        double value = RegressionFns.ForeachOverFieldsGradient(a, 1.3, dA, ref dX);
        Assert.Equal(RegressionFns.ForeachOverFields(a, 1.3), value);
        Grad.Check(p => RegressionFns.ForeachOverFields(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(a, 1.3), Fd.Pack(dA, dX), "ForeachOverFields");
    }

    [Fact]
    public void Local_arrays_from_initializers()
    {
        double dX = 0, dY = 0;
        float dZ = 0;
        double value = RegressionFns.ArrayInitializersGradient(0.7, -1.3, 0.4f, ref dX, ref dY, ref dZ);
        Assert.Equal(RegressionFns.ArrayInitializers(0.7, -1.3, 0.4f), value);
        Grad.Check(p => RegressionFns.ArrayInitializers(p[0], p[1], 0.4f), new[] { 0.7, -1.3 }, new[] { dX, dY }, "ArrayInitializers");
        Assert.Equal(2 * 0.4f, dZ, 5);
    }

    [Fact]
    public void Value_call_that_reads_a_buffer_a_later_call_writes()
    {
        var b = new[] { 0.4, -0.7, 1.2 };
        var dB = new double[3];
        double dX = 0;
        double value = RegressionFns.ValueCallBeforeAWritingCallGradient((double[])b.Clone(), 0.9, dB, ref dX);
        Assert.Equal(RegressionFns.ValueCallBeforeAWritingCall((double[])b.Clone(), 0.9), value);
        Grad.Check(p => RegressionFns.ValueCallBeforeAWritingCall(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(b, 0.9), Fd.Pack(dB, dX), "ValueCallBeforeAWritingCall");
    }

    [Fact]
    public void Pow_exponent_partial_is_zero_where_the_power_underflows()
    {
        double dX = 0, dY = 0;
        RegressionFns.PowOfHugeGradient(1e200, -0.3, ref dX, ref dY);
        Assert.Equal(0.0, dY);
        Assert.False(double.IsNaN(dX));
    }

    [Fact]
    public void Conditional_that_reads_a_buffer_the_call_before_it_wrote()
    {
        foreach (double x in new[] { -0.6, 0.7, 1.4 })
        {
            var b = new[] { 0.4, -0.7, 1.2 };
            var dB = new double[3];
            double dX = 0;
            double value = RegressionFns.ConditionalReadsWhatTheCallWroteGradient((double[])b.Clone(), x, dB, ref dX);
            Assert.Equal(RegressionFns.ConditionalReadsWhatTheCallWrote((double[])b.Clone(), x), value);
            Grad.Check(p => RegressionFns.ConditionalReadsWhatTheCallWrote(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(b, x), Fd.Pack(dB, dX), "ConditionalReadsWhatTheCallWrote");
        }
    }

    [Fact]
    public void Read_only_helper_with_an_array_in_a_loop()
    {
        var a = new[] { 0.4, -0.7, 1.2, 0.1 };
        var dA = new double[4];
        double dX = 0;
        RegressionFns.ReadOnlyHelperInLoopGradient(a, 0.9, dA, ref dX);
        Grad.Check(p => RegressionFns.ReadOnlyHelperInLoop(Fd.Slice(p, 0, 4), p[4]), Fd.Pack(a, 0.9), Fd.Pack(dA, dX), "ReadOnlyHelperInLoop");
    }

    [Fact]
    public void Tuple_assignment_and_lowered_names()
    {
        double dX = 0, dY = 0;
        double value = RegressionFns.TupleSwapGradient(1.1, 0.9, ref dX, ref dY);
        Assert.Equal(RegressionFns.TupleSwap(1.1, 0.9), value);
        Grad.Check(p => RegressionFns.TupleSwap(p[0], p[1]), new[] { 1.1, 0.9 }, new[] { dX, dY }, "TupleSwap");

        var dA = new double[4];
        dX = 0;
        RegressionFns.ConditionalAndLoopNamesGradient(A, 0.3, dA, ref dX);
        Grad.Check(p => RegressionFns.ConditionalAndLoopNames(Fd.Slice(p, 0, 4), p[4]), Fd.Pack(A, 0.3), Fd.Pack(dA, dX), "ConditionalAndLoopNames");
    }

    [Fact]
    public void Values_overflowed_in_place_but_never_read_give_no_NaN()
    {
        double dX = 0;
        Grad.SameValue(RegressionFns.OverflowedButUnread(0.4, 3), RegressionFns.OverflowedButUnreadGradient(0.4, 3, ref dX), "overflowed, unread");
        Assert.Equal(0.8, dX, 12);
        RegressionFns.OverflowedButUnreadTangent(0.4, 3, 1.0, out double tangent);
        Assert.Equal(0.8, tangent, 12);
        double g = 0, hv = 0;
        RegressionFns.OverflowedButUnreadHessianVector(0.4, 3, 1.0, ref g, ref hv);
        Assert.Equal(0.8, g, 12);
        Assert.Equal(2.0, hv, 12);
    }
}
