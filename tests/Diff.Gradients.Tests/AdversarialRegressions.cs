using Diff;

namespace Diff.Gradients.Tests;

public static class AdvConsts
{
    public const int Width = 3;
    public const long Big = 5L;
}

public enum AdvMode : byte
{
    Off = 0,
    Half = 1,
    Full = 2,
}

public static partial class AdversarialFns
{
    private const int Shift = 1;

    // Index expressions mixing shifts, bitwise operators, remainders, nested ternaries and double negation.
    [Differentiable]
    public static double IndexOperators(double[] a, double x)
    {
        int n = a.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            int j = (i << 1 | 1) & (n - 1);
            int k = (i ^ 3) % n;
            int m = i > 2 ? (i < 5 ? i - 1 : n - 1 - (i >> Shift)) : - -i;
            s += a[j] * a[k] * x + a[m] * a[(m + 1) % n] - a[+ +i] * x * x;
        }

        return s;
    }

    // Casts to byte, long, char, literals in hex, binary, with separators, char arithmetic, checked, default, sizeof, nameof.
    [Differentiable]
    public static double IndexLiterals(double[] a, double x)
    {
        int n = a.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += a[(byte)(i * 37 + 256) % n] * x;
            s += a[(int)((long)i * 3 % n)] * a[(char)('a' + i) - 'a'];
            s += a[(0x1 * i & 0b111) % n] * a[1_000 % n] * x;
            s += a[checked(i + 0)] * a[sizeof(int) - 4 + i] * a[default(int) + i];
            s += a[(AdvConsts.Width - 1 + i) % n] * a[AdvConsts.Width % n] * a[(int)(AdvConsts.Big % n)];
            s += a[(int)-(-i)] * a[-1 + i + 1];
        }

        return s;
    }

    // Unsigned and 64-bit counters and bounds.
    [Differentiable]
    public static double WideCounters(double[] a, double x)
    {
        double s = 0;
        for (uint u = 0; u < (uint)a.Length; u++)
        {
            s += a[u] * x;
        }

        for (long l = a.LongLength - 1; l >= 0; l -= 2)
        {
            s += a[l] * a[l] * x;
        }

        for (ulong v = 1; v < (ulong)a.Length; v <<= 1)
        {
            s *= 1 + a[v] * 0.1;
        }

        return s;
    }

    // Integer divisions and shifts feeding partials.
    [Differentiable]
    public static double IntegerPartials(double x, int n, int k) =>
        x / (n / 2) + Math.Pow(x, n / 2) + x * (n % 3) + x / (1 << k) + x * (n >> 1) / (k + 1) + x * -n;

    // Shifts in loop bounds, counters stepping down.
    [Differentiable]
    public static double ShiftBounds(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < (a.Length >> 1); i++)
        {
            s += a[i << 1] * x;
        }

        for (int j = a.Length - 1; j >= 0; j -= 3)
        {
            s = s * x + a[j];
        }

        return s;
    }

    // Counters declared together, with var, stepped by constants inside nested ifs.
    [Differentiable]
    public static double Counters(double[] a, double x)
    {
        int n = a.Length;
        int p = 0, q = n - 1;
        var c = 2;
        double s = 0;
        for (int i = 0; i < 12; i++)
        {
            s += a[p % n] * a[(q % n + n) % n] * x + a[c % n];
            p += 2;
            q -= 3;
            if (s > 0)
            {
                if (i % 2 == 0)
                {
                    c += 5;
                }
                else
                {
                    c--;
                }
            }
            else
            {
                c++;
            }

            s *= 0.5;
        }

        return s;
    }

    // A counter stepped in a loop condition.
    [Differentiable]
    public static double CounterInCondition(double[] a, double x)
    {
        int k = a.Length;
        double s = 1;
        while (k-- > 0)
        {
            s = s * x + a[k];
        }

        int m = 0;
        while (++m < a.Length)
        {
            s += a[m] * a[m - 1] * x;
        }

        return s;
    }

    // Assignment in a condition, and i++ + ++i in an index.
    [Differentiable]
    public static double AssignInCondition(double[] a, double x)
    {
        int k;
        double s = x;
        if ((k = a.Length / 2) > 0)
        {
            s = a[k] * x;
        }

        return s + k;
    }

    // `is null == false` on a non-differentiable reference, conditions with && and ||.
    [Differentiable]
    public static double NullChecks(double x, string? tag, int[]? idx)
    {
        double s = x;
        if (tag is null == false && tag.Length > 2 || idx is not null && idx.Length == 0)
        {
            s *= x;
        }

        if (idx is null != true)
        {
            s += idx![0] * x;
        }

        return s;
    }

    // switch: several labels, default in the middle sharing a section, sections ending in return and throw.
    [Differentiable]
    public static double SwitchFallThrough(double x, int k)
    {
        double r = x;
        switch (k)
        {
            case 0:
            case 1:
                r = x * x;
                break;
            default:
            case 5:
                r = Math.Sin(x) + k;
                break;
            case 2:
                return x * x * x;
            case 3:
                throw new ArgumentOutOfRangeException(nameof(k));
            case 4:
            {
                double t = x * 2;
                r = t * t;
                break;
            }
        }

        return r * x;
    }

    // Switch on long, char and string governing values.
    [Differentiable]
    public static double SwitchOnTypes(double x, long l, char c, string s)
    {
        double r = 0;
        switch (l)
        {
            case 1L:
                r += x;
                break;
            case > 100:
                r += x * x;
                break;
            default:
                r -= x;
                break;
        }

        switch (c)
        {
            case 'a':
            case 'b':
                r *= x;
                break;
            case >= '0' and <= '9':
                r += (c - '0') * x;
                break;
        }

        switch (s)
        {
            case "sin":
                r += Math.Sin(x);
                break;
            case "":
            case null:
                break;
            default:
                r += s.Length * x * x;
                break;
        }

        return r;
    }

    // Relational patterns on a double and when clauses reading differentiable values.
    [Differentiable]
    public static double SwitchOnDouble(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            switch (a[i])
            {
                case < -1.0:
                    s -= a[i] * x;
                    break;
                case >= -1.0 and < 0.5 when x > 1:
                    s += a[i] * a[i];
                    break;
                case > 2.0 when a[i] * x > 2:
                    s += a[i] * x * x;
                    continue;
                default:
                    s += Math.Exp(a[i] * 0.1) * x;
                    break;
            }

            s *= 1.1;
        }

        return s;
    }

    // Nested switches in a loop, the inner one with continue.
    [Differentiable]
    public static double NestedSwitches(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            switch (i % 3)
            {
                case 0:
                    switch (i % 2)
                    {
                        case 0:
                            s += a[i] * x;
                            continue;
                        default:
                            s -= a[i] * a[i];
                            break;
                    }

                    s *= x;
                    break;
                case 1:
                    s += x switch { > 1 => a[i] * x, _ => a[i] };
                    break;
                default:
                    break;
            }
        }

        return s;
    }

    // Governing value with assignments and increments; the counter is read afterwards.
    [Differentiable]
    public static double SwitchGoverningEffects(double[] a, double x)
    {
        int k = 0;
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            switch (k++ % 3)
            {
                case 0:
                    s += a[k % a.Length] * x;
                    break;
                case 1:
                    k = k * 2 + 1;
                    s += a[k % a.Length] * x * x;
                    break;
                default:
                    s -= a[k % a.Length];
                    break;
            }
        }

        return s * k;
    }

    // Switch on an enum made by a cast.
    [Differentiable]
    public static double SwitchOnEnumCast(double x, int k)
    {
        switch ((AdvMode)(k % 3))
        {
            case AdvMode.Off:
                return x;
            case AdvMode.Half:
                return x * x / 2;
            default:
                return Math.Exp(x);
        }
    }

    // Switch expressions nested in arithmetic and call arguments, with or/and/not patterns.
    [Differentiable]
    public static double SwitchExpressions(double x, double y, int k)
    {
        double a = Math.Sin(k switch { 0 => x, 1 or 2 => x * y, _ => y }) * (x switch { > 0 => x, _ => -x });
        double b = y switch
        {
            > 1 and < 2 or > 3 => y * x,
            not < 0 => y * y,
            _ => 1,
        };
        double c = k switch
        {
            0 when x > y => x - y,
            _ when x <= y => y * 2,
            _ => x,
        };
        return a + b * (k switch { 0 => 1.0, _ => x }) + c;
    }
}

public static partial class AdversarialFns
{
    [Differentiable]
    public static double Product(double[] a) => a[0] * a[1];

    [Differentiable]
    public static double SquareFirst(double[] a)
    {
        a[0] = a[0] * a[0];
        return a[0] + a[1];
    }

    [Differentiable]
    public static void ScaleAll(double[] a, double s)
    {
        for (int i = 0; i < a.Length; i++)
        {
            a[i] *= s;
        }
    }

    // G(a) is evaluated before H writes a; then after.
    [Differentiable]
    public static double ReadThenWrite(double[] a) => Product(a) * SquareFirst(a);

    [Differentiable]
    public static double WriteThenRead(double[] a) => SquareFirst(a) * Product(a);

    [Differentiable]
    public static double ReadWriteRead(double[] a, double x) => Math.Sin(a[0] * x) + SquareFirst(a) * Product(a) + a[0];

    // Conditionals after a writing call: if, ternary, a condition holding the writing call.
    [Differentiable]
    public static double ConditionalsAfterWrite(double[] a, double x)
    {
        ScaleAll(a, x);
        double r = a[0] > 1 ? a[0] * a[1] : a[1] - a[0];
        if (a[1] > 0.5)
        {
            r += a[1] * a[1];
        }

        double h = SquareFirst(a);
        if (h > 2)
        {
            r *= a[0];
        }

        return r;
    }

    // A writing call inside a loop followed by a conditional on what it wrote.
    [Differentiable]
    public static double WriteInLoop(double[] a, double x)
    {
        double r = 0;
        for (int i = 0; i < 3; i++)
        {
            ScaleAll(a, x);
            r += a[i] > 1 ? a[i] : a[i] * a[i];
        }

        return r;
    }

    // Calls that write nothing differentiable: Array.Copy of int[], ThrowIfNull, logging a length.
    [Differentiable]
    public static double HarmlessCalls(double[] a, double x)
    {
        ArgumentNullException.ThrowIfNull(a, "a");
        int[] idx = { 2, 0, 1 };
        int[] perm = new int[3];
        Array.Copy(idx, perm, 3);
        System.Diagnostics.Debug.WriteLine(a.Length);
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            s += a[perm[i]] * a[i] * x;
        }

        return s;
    }

    [Differentiable]
    public static double PowAtZero(double x, double y, int n) =>
        Math.Pow(x, 2) + Math.Pow(x, 0) + Math.Pow(x, 1) + Math.Pow(x, 3.0) + Math.Pow(x, n) + Math.Pow(0, y) + Math.Pow(x, y);

    [Differentiable]
    public static float PowAtZeroFloat(float x, float y) => MathF.Pow(x, 2) + MathF.Pow(x, 1f) + MathF.Pow(0f, y) + MathF.Pow(x, y);

    [Differentiable]
    public static double PowNegativeBase(double x, int n) => Math.Pow(x, n) + Math.Pow(x, 3) + Math.Pow(x, -2);

    // Two in-place updates of one element of a buffer parameter.
    [Differentiable]
    public static void DoubleInPlace(double[] a, double s)
    {
        for (int i = 0; i < a.Length; i++)
        {
            a[i] *= s;
            a[i] = a[i] * a[i] + s;
        }
    }

    [Differentiable]
    public static double DoubleInPlaceValue(double[] a, double s)
    {
        DoubleInPlace(a, s);
        return a[0] + a[1];
    }
}

public static partial class AdversarialFns
{
    /// <summary>A local function that captures a local: it stays after the local's declaration in the generated code.</summary>
    [Differentiable]
    public static double CapturingLocalFunction(double[] x, double a)
    {
        int n = x.Length;
        int Wrap(int i) => ((i % n) + n) % n;
        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            s += x[Wrap(i + 1)] * x[i] * a;
        }

        return s;
    }

    /// <summary>
    /// A chained assignment into an element whose index a capturing local function computes: the function reads only
    /// its argument and the captured length, so the index is evaluated once, before the chain.
    /// </summary>
    [Differentiable]
    public static double WrappedChainTarget(double[] y, double b)
    {
        int n = y.Length;
        int Wrap(int i) => ((i % n) + n) % n;
        double c = 0;
        y[Wrap(n + 1)] = c = b * b;
        return c * y[0] + y[1] * y[Wrap(-1)];
    }

    /// <summary>
    /// A static local function naming a constant of the method, declared before it: it stays after the constant. The
    /// reverse half of the method (<c>MReverse</c>, which callers use) calls it in the adjoint's index, so declares it too.
    /// </summary>
    [Differentiable]
    public static double ConstantInStaticLocalFunction(double[] y, double b)
    {
        const int Shift = 3;
        static int Rotate(int i) => (i + Shift) % 4;
        double c = 0;
        y[Rotate(2)] = c = b * b;
        double s = 0;
        for (int i = 0; i < 4; i++)
        {
            s += y[Rotate(i)] * (y[i] switch { > 0 => 1.0, _ => 2.0 });
        }

        return s + c;
    }

    /// <summary>Calls <see cref="ConstantInStaticLocalFunction"/> through its recorded halves.</summary>
    [Differentiable]
    public static double CallsConstantInStaticLocalFunction(double[] y, double b)
    {
        double first = ConstantInStaticLocalFunction(y, b);
        return first * ConstantInStaticLocalFunction(y, b * 0.5);
    }

    /// <summary>Numerical Recipes' bessj0 head: the condition assigns the value it tests, <c>if ((ax = fabs(x)) &lt; 8.0)</c>.</summary>
    [Differentiable]
    public static double AssignedInCondition(double[] unused, double x)
    {
        double ax, y;
        if ((ax = Math.Abs(x)) < 8.0)
        {
            y = x * x;
            return 1 - y / 4 + ax * 0.1;
        }

        return Math.Sqrt(0.636619772 / ax) * Math.Cos(ax - 0.785398164);
    }

    /// <summary>Numerical Recipes' polint search: an assignment on the left of <c>&amp;&amp;</c> in a loop's <c>if</c>.</summary>
    [Differentiable]
    public static double AssignedInLoopCondition(double[] xa, double x)
    {
        double dif = Math.Abs(x - xa[0]), dift;
        int ns = 0;
        for (int i = 1; i < xa.Length; i++)
        {
            if ((dift = Math.Abs(x - xa[i])) < dif && x > -5)
            {
                ns = i;
                dif = dift;
            }
        }

        return dif * (ns + 1) * xa[ns];
    }

    /// <summary>The assigned variable read again after the write, in an if's condition and in a statement.</summary>
    [Differentiable]
    public static double ReadAfterTheWrite(double[] x, double c)
    {
        double d, a;
        double s = (a = x[0] * c) * a + a;
        if ((d = x[0] - x[1]) > 0 && d < 0.5)
        {
            return s + d * c;
        }

        return s - d;
    }

    [Differentiable]
    public static double WeightedSum(double[] v, double s)
    {
        double acc = 0;
        for (int k = 0; k < v.Length; k++)
        {
            acc += v[k] * s;
        }

        return acc;
    }

    /// <summary>Read-only helpers called for nothing, their values dropped, and a switch on double.LogP1 beside a helper.</summary>
    [Differentiable]
    public static double DroppedValues(double[] x, double a)
    {
        _ = WeightedSum(x, a);
        WeightedSum(x, a * 2);
        double pick = (double.LogP1(a * a) + WeightedSum(x, a)) switch { < 0.5 => a, _ => x[1] };
        return a * x[0] + pick;
    }

    [Differentiable]
    public static double SquaresScaled(ReadOnlySpan<double> v, double s)
    {
        double acc = 0;
        for (int k = 0; k < v.Length; k++)
        {
            acc += v[k] * v[k] * s;
        }

        return acc;
    }

    /// <summary>Two slices of one buffer taken with x.AsSpan().Slice(…) in one statement, both only read.</summary>
    [Differentiable]
    public static double TwoSlicesInOneStatement(double[] x, double a)
    {
        int n = x.Length;
        return SquaresScaled(x.AsSpan().Slice(1), a) + SquaresScaled(x.AsSpan().Slice(n / 2, 1), a * a);
    }

    /// <summary>Values a [NoDiff] random generator gives, used as factors: each is drawn once, as the method draws it.</summary>
    [Differentiable]
    public static double Noise(double[] x, [NoDiff] System.Random rng)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i] * rng.NextDouble();
        }

        double a = x[0] * rng.Next(1, 4);
        return s + a * rng.Next(1, 4) + x[1] * rng.NextDouble() * (double)rng.Next(1, 3);
    }

    public static void Bump(double[] a) => a[0] += 1.0;

    /// <summary>Writes its [NoDiff] buffer through an ordinary method.</summary>
    [Differentiable]
    public static double BumpsWeights(double a, [NoDiff] double[] w)
    {
        Bump(w);
        return a * w[0];
    }

    /// <summary>Reads w[0] before and after a call that changes it: each partial uses the value it read.</summary>
    [Differentiable]
    public static double WeightsChangedByACall(double[] x, [NoDiff] double[] w)
    {
        double s = x[0] * x[0] * w[0];
        double h = BumpsWeights(x[1], w);
        return s * w[0] + h * x[0];
    }

    /// <summary>A partial method that scales its buffer: callers see the implementation's writes.</summary>
    public static partial double ScaleInPlace(double[] a, double k);

    [Differentiable]
    public static partial double ScaleInPlace(double[] a, double k)
    {
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = a[i] * k;
        }

        return a[0];
    }

    [Differentiable]
    public static double CallsAPartialWriter(double[] x, double c)
    {
        double s = x[0] * x[1];
        double h = ScaleInPlace(x, c);
        return s * x[0] + h * x[1];
    }

    /// <summary>A discarded conditional: kept as a discard, which is a statement where the conditional alone is not.</summary>
    [Differentiable]
    public static double DiscardedConditional(double[] z, double a)
    {
        int n = z.Length;
        _ = n % 2 == 0 ? z[0] : -Math.Cosh(-0.09);
        return a * a * z[1];
    }
}

public static partial class ProbeFns
{
    // An argument check with its caller-argument-expression default left out is an ordinary call.
    [Differentiable]
    public static double CheckedSum(double[] a, double x)
    {
        ArgumentNullException.ThrowIfNull(a);
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * x;
        }

        return s;
    }

    [Differentiable]
    public static double StepUp(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i += 2)
        {
            s += a[i] * x;
        }

        return s;
    }

    [Differentiable]
    public static double StepDownOne(double[] a, double x)
    {
        double s = 0;
        for (int i = a.Length - 1; i >= 0; i--)
        {
            s += a[i] * x;
        }

        return s;
    }

    [Differentiable]
    public static double WhileStep(double[] a, double x)
    {
        double s = 0;
        int i = a.Length - 1;
        while (i >= 0)
        {
            s += a[i] * x;
            i -= 3;
        }

        return s;
    }

    // The second loop reuses the name of the first, counted loop's variable: a different variable, recorded.
    [Differentiable]
    public static double LoopNameReuse(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < 2; i++)
        {
            s += a[i];
        }

        for (int i = a.Length - 1; i >= 0; i -= 3)
        {
            s += a[i] * x;
        }

        return s;
    }

}

public sealed class AdversarialRegressions
{
    private delegate double ArrayScalarGradient(double[] a, double x, double[] dA, ref double dX);

    private static readonly double[] Eight = { 0.3, -0.8, 1.1, 2.5, -0.4, 0.9, 1.7, 1.2 };

    /// <summary>Value equal to the plain method's, gradient equal to central differences, for f(a, x).</summary>
    private static void CheckArrayScalar(Func<double[], double, double> f, ArrayScalarGradient gradient, double[] a, double x, string what)
    {
        var dA = new double[a.Length];
        double dX = 0;
        double value = gradient((double[])a.Clone(), x, dA, ref dX);
        Grad.SameValue(f((double[])a.Clone(), x), value, what);
        Grad.Check(p => f(Fd.Slice(p, 0, a.Length), p[a.Length]), Fd.Pack(a, x), Fd.Pack(dA, dX), what);
    }

    [Fact]
    public void A_capturing_local_function_and_a_discarded_conditional()
    {
        CheckArrayScalar(AdversarialFns.CapturingLocalFunction, AdversarialFns.CapturingLocalFunctionGradient, Eight, 0.7, "CapturingLocalFunction");
        CheckArrayScalar(AdversarialFns.DiscardedConditional, AdversarialFns.DiscardedConditionalGradient, Eight, 0.7, "DiscardedConditional");
    }

    [Fact]
    public void Local_functions_in_indices_of_chained_assignments_and_of_the_reverse_half()
    {
        double[] four = { 0.3, -0.8, 1.1, 2.5 };
        CheckArrayScalar(AdversarialFns.WrappedChainTarget, AdversarialFns.WrappedChainTargetGradient, Eight, 0.7, "WrappedChainTarget");
        CheckArrayScalar(AdversarialFns.ConstantInStaticLocalFunction, AdversarialFns.ConstantInStaticLocalFunctionGradient, four, 0.7, "ConstantInStaticLocalFunction");
        CheckArrayScalar(AdversarialFns.CallsConstantInStaticLocalFunction, AdversarialFns.CallsConstantInStaticLocalFunctionGradient, four, 0.7, "CallsConstantInStaticLocalFunction");
    }

    [Fact]
    public void Assignments_in_an_if_condition_move_before_it()
    {
        foreach (double x in new[] { -9.5, -3.0, 0.7, 8.5 })
        {
            CheckArrayScalar(AdversarialFns.AssignedInCondition, AdversarialFns.AssignedInConditionGradient, new[] { 0.0 }, x, $"AssignedInCondition({x})");
        }

        foreach (double x in new[] { 0.35, 0.8, 1.3 })
        {
            CheckArrayScalar(AdversarialFns.AssignedInLoopCondition, AdversarialFns.AssignedInLoopConditionGradient, new[] { 0.1, 0.5, 0.9, 1.4 }, x, $"AssignedInLoopCondition({x})");
        }
    }

    [Fact]
    public void A_write_used_as_a_value_read_again_after_it()
    {
        foreach (double[] x in new[] { new[] { 0.9, 0.6 }, new[] { 0.3, 0.6 }, new[] { 1.9, 0.6 } })
        {
            CheckArrayScalar(AdversarialFns.ReadAfterTheWrite, AdversarialFns.ReadAfterTheWriteGradient, x, 0.7, $"ReadAfterTheWrite({x[0]})");
        }
    }

    [Fact]
    public void Values_of_read_only_helpers_dropped()
    {
        CheckArrayScalar(AdversarialFns.DroppedValues, AdversarialFns.DroppedValuesGradient, new[] { 0.1, 0.2, -0.2 }, 0.3, "DroppedValues (a branch)");
        CheckArrayScalar(AdversarialFns.DroppedValues, AdversarialFns.DroppedValuesGradient, new[] { 0.5, 1.5, 2.5 }, 0.8, "DroppedValues (the other)");
    }

    [Fact]
    public void Two_read_only_slices_of_one_buffer_in_one_statement() =>
        CheckArrayScalar(AdversarialFns.TwoSlicesInOneStatement, AdversarialFns.TwoSlicesInOneStatementGradient, new[] { 0.7, -0.3, 1.1, 0.45, -0.9 }, 0.8, "TwoSlicesInOneStatement");

    [Fact]
    public void Values_drawn_from_an_object_are_drawn_once()
    {
        double[] x = { 0.3, 0.7, -0.2, 0.5 };
        var dX = new double[4];
        var drawn = new System.Random(7);
        double value = AdversarialFns.NoiseGradient((double[])x.Clone(), drawn, dX);
        Assert.Equal(AdversarialFns.Noise((double[])x.Clone(), new System.Random(7)), value, 14);

        // The same draws, by hand: the gradient of each term with its factor fixed.
        var replay = new System.Random(7);
        var expected = new double[4];
        for (int i = 0; i < 4; i++)
        {
            expected[i] = 2 * x[i] * replay.NextDouble();
        }

        expected[0] += replay.Next(1, 4) * replay.Next(1, 4);
        expected[1] += replay.NextDouble() * replay.Next(1, 3);
        Grad.Close(expected, dX, 1e-14, 1e-14, "Noise gradient");

        // The tangent draws once too, and agrees with the gradient.
        var tangentDraws = new System.Random(7);
        double[] v = { 0.4, -0.3, 0.9, 0.2 };
        double tangentValue = AdversarialFns.NoiseTangent((double[])x.Clone(), tangentDraws, v, out double tangent);
        Assert.Equal(value, tangentValue, 14);
        Grad.Close(System.Linq.Enumerable.Sum(System.Linq.Enumerable.Zip(expected, v, (g, d) => g * d)), tangent, 1e-14, 1e-14, "Noise tangent");
        Assert.Equal(new System.Random(7) is var again && AdversarialFns.Noise((double[])x.Clone(), again) == value ? again.Next() : -1, tangentDraws.Next());

        // Nothing drawn twice: the generator is where one plain call leaves it.
        var plain = new System.Random(7);
        AdversarialFns.Noise((double[])x.Clone(), plain);
        Assert.Equal(plain.Next(), drawn.Next());
    }

    [Fact]
    public void A_NoDiff_buffer_a_call_writes_and_a_partial_method_that_writes()
    {
        double[] x = { 0.5, 0.7 };
        var dX = new double[2];
        double[] w = { 2.0 };
        double value = AdversarialFns.WeightsChangedByACallGradient((double[])x.Clone(), w, dX);
        Assert.Equal(AdversarialFns.WeightsChangedByACall((double[])x.Clone(), new[] { 2.0 }), value, 14);
        Assert.Equal(3.0, w[0]);
        Grad.Check(p => AdversarialFns.WeightsChangedByACall(p, new[] { 2.0 }), x, dX, "WeightsChangedByACall");

        CheckArrayScalar(AdversarialFns.CallsAPartialWriter, AdversarialFns.CallsAPartialWriterGradient, new[] { 0.5, 1.5, 2.0 }, 1.3, "CallsAPartialWriter");
    }

    [Fact]
    public void Index_expressions_with_shifts_bitwise_operators_and_nested_ternaries()
    {
        foreach (double x in new[] { -0.6, 0.7, 1.9 })
        {
            CheckArrayScalar(AdversarialFns.IndexOperators, AdversarialFns.IndexOperatorsGradient, Eight, x, $"IndexOperators({x})");
        }
    }

    [Fact]
    public void Index_expressions_with_casts_literals_and_constants()
    {
        foreach (double x in new[] { -0.6, 0.7, 1.9 })
        {
            CheckArrayScalar(AdversarialFns.IndexLiterals, AdversarialFns.IndexLiteralsGradient, Eight, x, $"IndexLiterals({x})");
        }
    }

    [Fact]
    public void Unsigned_and_long_counters()
    {
        CheckArrayScalar(AdversarialFns.WideCounters, AdversarialFns.WideCountersGradient, Eight, 0.8, "WideCounters");
        CheckArrayScalar(AdversarialFns.WideCounters, AdversarialFns.WideCountersGradient, new[] { 0.5, 1.5, -2.0 }, -1.3, "WideCounters(3)");
    }

    [Fact]
    public void Integer_divisions_and_shifts_in_partials()
    {
        foreach (var (n, k) in new[] { (2, 0), (5, 2), (7, 3), (-4, 1) })
        {
            double dX = 0;
            double value = AdversarialFns.IntegerPartialsGradient(1.3, n, k, ref dX);
            Grad.SameValue(AdversarialFns.IntegerPartials(1.3, n, k), value, "IntegerPartials");
            Grad.Check(p => AdversarialFns.IntegerPartials(p[0], n, k), new[] { 1.3 }, new[] { dX }, $"IntegerPartials(n = {n}, k = {k})");
        }
    }

    [Fact]
    public void Loops_with_shifted_bounds_and_steps_other_than_one()
    {
        CheckArrayScalar(AdversarialFns.ShiftBounds, AdversarialFns.ShiftBoundsGradient, Eight, 0.9, "ShiftBounds");
        CheckArrayScalar(AdversarialFns.ShiftBounds, AdversarialFns.ShiftBoundsGradient, new[] { 0.4, -1.2, 2.0, 0.7, 0.1 }, -1.1, "ShiftBounds(5)");
        CheckArrayScalar(ProbeFns.StepUp, ProbeFns.StepUpGradient, new[] { 0.4, -1.2, 2.0, 0.7, 0.1 }, -1.1, "StepUp");
        CheckArrayScalar(ProbeFns.StepDownOne, ProbeFns.StepDownOneGradient, new[] { 0.4, -1.2, 2.0, 0.7, 0.1 }, -1.1, "StepDownOne");
        CheckArrayScalar(ProbeFns.WhileStep, ProbeFns.WhileStepGradient, Eight, 1.4, "WhileStep");
    }

    [Fact]
    public void Counters_declared_together_and_stepped_in_nested_ifs()
    {
        foreach (double x in new[] { -0.9, 0.6, 1.4 })
        {
            CheckArrayScalar(AdversarialFns.Counters, AdversarialFns.CountersGradient, Eight, x, $"Counters({x})");
            CheckArrayScalar(AdversarialFns.Counters, AdversarialFns.CountersGradient, new[] { -0.5, 0.25, -1.5 }, x, $"Counters(3, {x})");
        }
    }

    [Fact]
    public void Counters_stepped_in_loop_conditions_and_assignments_in_conditions()
    {
        foreach (double x in new[] { -0.9, 0.6, 1.4 })
        {
            CheckArrayScalar(AdversarialFns.CounterInCondition, AdversarialFns.CounterInConditionGradient, Eight, x, $"CounterInCondition({x})");
            CheckArrayScalar(AdversarialFns.AssignInCondition, AdversarialFns.AssignInConditionGradient, Eight, x, $"AssignInCondition({x})");
        }
    }

    [Fact]
    public void Null_tests_on_references_that_are_not_differentiated()
    {
        foreach (var (tag, idx) in new (string?, int[]?)[] { (null, null), ("abc", null), ("ab", new[] { 3 }), (null, Array.Empty<int>()) })
        {
            if (idx is { Length: 0 })
            {
                continue;
            }

            double dX = 0;
            double value = AdversarialFns.NullChecksGradient(0.7, tag, idx, ref dX);
            Grad.SameValue(AdversarialFns.NullChecks(0.7, tag, idx), value, "NullChecks");
            Grad.Check(p => AdversarialFns.NullChecks(p[0], tag, idx), new[] { 0.7 }, new[] { dX }, $"NullChecks({tag})");
        }
    }

    [Fact]
    public void Switch_with_shared_sections_default_in_the_middle_return_and_throw()
    {
        foreach (int k in new[] { 0, 1, 2, 4, 5, 7, -1 })
        {
            foreach (double x in new[] { -0.7, 1.3 })
            {
                double dX = 0;
                double value = AdversarialFns.SwitchFallThroughGradient(x, k, ref dX);
                Grad.SameValue(AdversarialFns.SwitchFallThrough(x, k), value, "SwitchFallThrough");
                Grad.Check(p => AdversarialFns.SwitchFallThrough(p[0], k), new[] { x }, new[] { dX }, $"SwitchFallThrough({x}, {k})");
            }
        }

        double d = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => AdversarialFns.SwitchFallThroughGradient(0.5, 3, ref d));
    }

    [Fact]
    public void Switch_on_long_char_and_string()
    {
        foreach (long l in new[] { 1L, 200L, -3L })
        {
            foreach (char c in new[] { 'a', '7', 'z' })
            {
                foreach (string s in new[] { "sin", "", "four" })
                {
                    double dX = 0;
                    double value = AdversarialFns.SwitchOnTypesGradient(0.8, l, c, s, ref dX);
                    Grad.SameValue(AdversarialFns.SwitchOnTypes(0.8, l, c, s), value, "SwitchOnTypes");
                    Grad.Check(p => AdversarialFns.SwitchOnTypes(p[0], l, c, s), new[] { 0.8 }, new[] { dX }, $"SwitchOnTypes({l}, {c}, {s})");
                }
            }
        }
    }

    [Fact]
    public void Switch_on_double_elements_with_when_clauses_and_continue()
    {
        var a = new[] { -1.5, -0.3, 0.2, 0.9, 2.2, 3.1, -2.4, 1.6 };
        foreach (double x in new[] { 0.5, 1.3, 2.7 })
        {
            CheckArrayScalar(AdversarialFns.SwitchOnDouble, AdversarialFns.SwitchOnDoubleGradient, a, x, $"SwitchOnDouble({x})");
        }
    }

    [Fact]
    public void Nested_switches_and_switch_expressions_in_a_loop()
    {
        foreach (double x in new[] { 0.5, 1.3, 2.7 })
        {
            CheckArrayScalar(AdversarialFns.NestedSwitches, AdversarialFns.NestedSwitchesGradient, Eight, x, $"NestedSwitches({x})");
        }
    }

    [Fact]
    public void Switch_governing_value_with_increments_and_assignments()
    {
        foreach (double x in new[] { -0.5, 1.3 })
        {
            CheckArrayScalar(AdversarialFns.SwitchGoverningEffects, AdversarialFns.SwitchGoverningEffectsGradient, Eight, x, $"SwitchGoverningEffects({x})");
        }
    }

    [Fact]
    public void Switch_on_an_enum_cast_and_switch_expressions_in_arithmetic_and_arguments()
    {
        foreach (int k in new[] { 0, 1, 2, 3, 4 })
        {
            double d = 0;
            double v = AdversarialFns.SwitchOnEnumCastGradient(0.9, k, ref d);
            Grad.SameValue(AdversarialFns.SwitchOnEnumCast(0.9, k), v, "SwitchOnEnumCast");
            Grad.Check(p => AdversarialFns.SwitchOnEnumCast(p[0], k), new[] { 0.9 }, new[] { d }, $"SwitchOnEnumCast({k})");

            foreach (var (x, y) in new[] { (0.7, 1.5), (-0.4, 3.5), (1.2, 0.4), (0.3, -0.8), (2.0, 2.5) })
            {
                double dX = 0, dY = 0;
                double value = AdversarialFns.SwitchExpressionsGradient(x, y, k, ref dX, ref dY);
                Grad.SameValue(AdversarialFns.SwitchExpressions(x, y, k), value, "SwitchExpressions");
                Grad.Check(p => AdversarialFns.SwitchExpressions(p[0], p[1], k), new[] { x, y }, new[] { dX, dY }, $"SwitchExpressions({x}, {y}, {k})");
            }
        }
    }

    [Fact]
    public void Value_calls_around_a_call_that_writes_their_buffer()
    {
        var a = new[] { 0.7, -1.3 };
        foreach (var (f, g, name) in new (Func<double[], double>, Func<double[], double[], double>, string)[]
                 {
                     (AdversarialFns.ReadThenWrite, AdversarialFns.ReadThenWriteGradient, "ReadThenWrite"),
                     (AdversarialFns.WriteThenRead, AdversarialFns.WriteThenReadGradient, "WriteThenRead"),
                 })
        {
            var dA = new double[2];
            double value = g((double[])a.Clone(), dA);
            Grad.SameValue(f((double[])a.Clone()), value, name);
            Grad.Check(p => f(p), a, dA, name);
        }

        CheckArrayScalar(AdversarialFns.ReadWriteRead, AdversarialFns.ReadWriteReadGradient, a, 0.6, "ReadWriteRead");
    }

    [Fact]
    public void Conditionals_after_calls_that_write_buffers()
    {
        foreach (double x in new[] { 0.6, 1.5, 2.5 })
        {
            CheckArrayScalar(AdversarialFns.ConditionalsAfterWrite, AdversarialFns.ConditionalsAfterWriteGradient, new[] { 0.9, 0.45, 1.3 }, x, $"ConditionalsAfterWrite({x})");
            CheckArrayScalar(AdversarialFns.WriteInLoop, AdversarialFns.WriteInLoopGradient, new[] { 0.9, 0.45, 1.3 }, x, $"WriteInLoop({x})");
        }
    }

    [Fact]
    public void Calls_that_write_nothing_differentiable_are_accepted()
    {
        CheckArrayScalar(AdversarialFns.HarmlessCalls, AdversarialFns.HarmlessCallsGradient, new[] { 0.9, -0.45, 1.3 }, 0.8, "HarmlessCalls");
    }

    [Fact]
    public void Pow_at_zero_and_with_a_negative_base()
    {
        // At x = 0: d/dx [x² + x⁰ + x + x³ + xⁿ + xʸ] = 0 + 0 + 1 + 0 + (n == 1 ? 1 : 0) + (y == 1 ? 1 : 0); d/dy [0ʸ + 0ʸ] = 0 for y > 0.
        foreach (var (y, n) in new[] { (2.0, 2), (1.0, 1), (0.5, 3), (3.0, 0) })
        {
            double dX = 0, dY = 0;
            double value = AdversarialFns.PowAtZeroGradient(0.0, y, n, ref dX, ref dY);
            Grad.SameValue(AdversarialFns.PowAtZero(0.0, y, n), value, "PowAtZero");
            double expectedX = 1 + (n == 1 ? 1 : 0) + (y == 1.0 ? 1 : y < 1 ? double.PositiveInfinity : 0);
            Assert.Equal(expectedX, dX);
            Assert.Equal(0.0, dY);
        }

        foreach (var (x, y, n) in new[] { (0.7, 1.6, 3), (1.3, 0.4, -2) })
        {
            double dX = 0, dY = 0;
            double value = AdversarialFns.PowAtZeroGradient(x, y, n, ref dX, ref dY);
            Grad.SameValue(AdversarialFns.PowAtZero(x, y, n), value, "PowAtZero");
            Grad.Check(p => AdversarialFns.PowAtZero(p[0], p[1], n), new[] { x, y }, new[] { dX, dY }, $"PowAtZero({x}, {y}, {n})");
        }

        float fX = 0, fY = 0;
        float fValue = AdversarialFns.PowAtZeroFloatGradient(0f, 2f, ref fX, ref fY);
        Assert.Equal(AdversarialFns.PowAtZeroFloat(0f, 2f), fValue);
        Assert.Equal(1f, fX);
        Assert.Equal(0f, fY);

        foreach (var (x, n) in new[] { (-1.5, 2), (-0.7, 3), (-2.2, -1), (-1.1, 0) })
        {
            double dX = 0;
            double value = AdversarialFns.PowNegativeBaseGradient(x, n, ref dX);
            Grad.SameValue(AdversarialFns.PowNegativeBase(x, n), value, "PowNegativeBase");
            double expected = (n == 0 ? 0 : n * Math.Pow(x, n - 1)) + 3 * x * x - 2 * Math.Pow(x, -3);
            Assert.Equal(expected, dX, 12);
            Grad.Check(p => AdversarialFns.PowNegativeBase(p[0], n), new[] { x }, new[] { dX }, $"PowNegativeBase({x}, {n})");
        }
    }

    [Fact]
    public void Two_in_place_updates_of_a_buffer_parameter()
    {
        var a = new[] { 0.4, -0.9, 1.2 };
        CheckArrayScalar(AdversarialFns.DoubleInPlaceValue, AdversarialFns.DoubleInPlaceValueGradient, a, 1.3, "DoubleInPlaceValue");

        // A zero seed on an element driven to infinity: that element contributes nothing, not NaN.
        var big = new[] { 1e200, 0.5, 2.0 };
        var dBig = new[] { 0.0, 1.0, 1.0 };
        double dS = 0;
        AdversarialFns.DoubleInPlacePullback(big, 1e120, dBig, ref dS);
        Assert.False(double.IsNaN(dS), "dS is NaN");
        Assert.Equal(0.0, dBig[0]);
    }

    [Fact]
    public void Argument_check_without_its_optional_argument()
    {
        var a = new[] { 0.4, -0.7, 1.2 };
        var dA = new double[3];
        double dX = 0;
        double value = ProbeFns.CheckedSumGradient(a, 1.3, dA, ref dX);
        Assert.Equal(ProbeFns.CheckedSum(a, 1.3), value);
        Grad.Check(p => ProbeFns.CheckedSum(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(a, 1.3), Fd.Pack(dA, dX), "CheckedSum");
    }

    [Fact]
    public void Loop_variable_names_reused_by_a_later_loop()
    {
        var a = new[] { 0.4, -0.7, 1.2, 0.9, -1.1, 0.3, 2.0 };
        var dA = new double[a.Length];
        double dX = 0;
        double value = ProbeFns.LoopNameReuseGradient(a, 1.3, dA, ref dX);
        Assert.Equal(ProbeFns.LoopNameReuse(a, 1.3), value);
        Grad.Check(p => ProbeFns.LoopNameReuse(Fd.Slice(p, 0, a.Length), p[a.Length]), Fd.Pack(a, 1.3), Fd.Pack(dA, dX), "LoopNameReuse");
    }
}

