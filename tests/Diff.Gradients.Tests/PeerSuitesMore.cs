using Diff;
using static Diff.Gradients.Tests.PeerCheck;
using static System.Math;

namespace Diff.Gradients.Tests;

/// <summary>
/// More computations from the test suites of other AD tools (Clad's Gradient and Hessian tests,
/// Enzyme's integration tests, JAX and autograd test functions, Tapenade examples) and classic
/// optimisation benchmarks, written as ordinary C#. Each is checked for the contract: the gradient
/// returns the original value, and its adjoints match central finite differences.
/// </summary>
public static partial class MorePeerFns
{
    private const double TwoPi = 2.0 * Math.PI;
    private const int Order = 4;
    private static readonly double[] Horner5 = { 1.0, -0.5, 0.25, 2.0, -1.5 };

    public enum Op
    {
        Add,
        Sub,
        Mul,
        Div,
    }

    // ===================== Clad: test/Gradient/EarlyReturns.C =====================

    [Differentiable]
    public static double EarlyReturnInLoop(double x, double y)
    {
        double s = 0;
        for (int i = 0; i < 5; ++i)
        {
            s += x * y;
            if (s > 20)
            {
                return s;
            }
        }

        return s;
    }

    [Differentiable]
    public static double MidEarly(double x, double y)
    {
        double a = x * y;
        double b = a + x;
        if (b > 50)
        {
            return a * b;
        }

        return b * y;
    }

    [Differentiable]
    public static double NestedEarlyReturn(double x, double y)
    {
        if (x > 0)
        {
            x = x * y;
        }

        if (x < 0)
        {
            return 0;
        }

        return x;
    }

    [Differentiable]
    public static double DeclarationsAfterEarly(double x, double y)
    {
        if (y == 0)
        {
            return 1;
        }

        double n = y;
        double a = n + x;
        double b = n, c = 2 * x;
        a *= b;
        return a + c;
    }

    // ===================== Clad: test/Gradient/Switch.C =====================

    [Differentiable]
    public static double SwitchInForWithSharedLabels(double u, double v)
    {
        double res = 0;
        for (int i = 0; i < 5; ++i)
        {
            switch (i)
            {
                case 0:
                case 1:
                case 2:
                    res += u * u;
                    break;
                case 3:
                default:
                    res += v * u;
                    break;
            }
        }

        return res;
    }

    [Differentiable]
    public static double SwitchOnEnum(double x, double y, Op op)
    {
        double res = 0;
        switch (op)
        {
            case Op.Add:
                res = x + y;
                break;
            case Op.Sub:
                res = x - y;
                break;
            case Op.Mul:
                res = x * y;
                break;
            case Op.Div:
                res = x / y;
                break;
        }

        return res;
    }

    [Differentiable]
    public static double SwitchInWhileCountdown(double i, double j)
    {
        double res = 0;
        int counter = 3;
        while (counter-- > 0)
        {
            switch (counter)
            {
                case 0:
                    res += i * i * j * j;
                    res += i * i;
                    break;
                case 1:
                    res += i * i;
                    break;
                default:
                    res += i + j;
                    break;
            }
        }

        return res;
    }

    // ===================== Clad: test/Gradient/TBRTernary.C =====================

    [Differentiable]
    public static double TernaryThenOverwrite(bool cond, double a, double b)
    {
        double x = cond ? (a * a) : (b * b);
        a = 0;
        b = 0;
        return x + a + b;
    }

    // ===================== Clad: test/Hessian/Hessians.C, BuiltinDerivatives.C =====================

    [Differentiable]
    public static double HessianCubedAdd(double x, double y) => x * x * x + y * y * y + 3 * x * y;

    [Differentiable]
    public static double HessianTrig(double x, double y) => Math.Sin(x) * Math.Cos(y) + Math.Exp(x * y) * Math.Log(1 + x * x);

    [Differentiable]
    public static double HessianPowMix(double x, double y) => Math.Pow(x, y) + Math.Pow(y, 2.5) + Math.Sqrt(x * y);

    // ===================== Enzyme: integration tests =====================

    [Differentiable]
    public static double EnzymeTaylorLog(double x, int n)
    {
        double sum = 0;
        for (int i = 1; i <= n; i++)
        {
            sum += Math.Pow(x, i) / i;
        }

        return sum;
    }

    [Differentiable]
    public static double EnzymeVecMax(double[] v)
    {
        double m = v[0];
        for (int i = 1; i < v.Length; i++)
        {
            if (v[i] > m)
            {
                m = v[i];
            }
        }

        return m * m;
    }

    [Differentiable]
    public static double EnzymeManyDiv(double x, double y)
    {
        double r = x;
        for (int i = 0; i < 4; i++)
        {
            r /= y;
            r -= 0.1 * x;
        }

        return r;
    }

    [Differentiable]
    public static double EnzymeRollingBuffer(double x, int n)
    {
        var buf = new double[2];
        buf[0] = x;
        buf[1] = 1.0;
        for (int i = 2; i < n; i++)
        {
            buf[i % 2] = buf[(i + 1) % 2] * x + 0.5 * buf[i % 2];
        }

        return buf[0] + buf[1];
    }

    [Differentiable]
    public static double EnzymeBubbleSortWeighted(double[] a)
    {
        int n = a.Length;
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = a[i];
        }

        for (int pass = 0; pass < n - 1; pass++)
        {
            for (int j = 0; j < n - 1 - pass; j++)
            {
                if (s[j] > s[j + 1])
                {
                    double t = s[j];
                    s[j] = s[j + 1];
                    s[j + 1] = t;
                }
            }
        }

        double r = 0;
        for (int k = 0; k < n; k++)
        {
            r += (k + 1) * s[k] * s[k];
        }

        return r;
    }

    [Differentiable]
    public static double EnzymeFastPow(double b, int n)
    {
        double r = 1;
        while (n > 0)
        {
            if ((n & 1) == 1)
            {
                r *= b;
            }

            b *= b;
            n >>= 1;
        }

        return r;
    }

    [Differentiable]
    public static double EnzymeNewtonSqrt(double a)
    {
        double y = a;
        int it = 0;
        do
        {
            y = 0.5 * (y + a / y);
            it++;
        }
        while (Math.Abs(y * y - a) > 1e-13 * a && it < 50);

        return y;
    }

    // ===================== JAX / autograd test functions =====================

    [Differentiable]
    public static double SoftmaxCrossEntropy(double[] logits, int label)
    {
        int n = logits.Length;
        double m = logits[0];
        for (int i = 1; i < n; i++)
        {
            m = Math.Max(m, logits[i]);
        }

        var p = new double[n];
        double z = 0;
        for (int i = 0; i < n; i++)
        {
            p[i] = Math.Exp(logits[i] - m);
            z += p[i];
        }

        for (int i = 0; i < n; i++)
        {
            p[i] /= z;
        }

        return -Math.Log(p[label]);
    }

    [Differentiable]
    public static double LogSumExpForeach(double[] a)
    {
        double m = double.NegativeInfinity;
        foreach (double v in a)
        {
            if (v > m)
            {
                m = v;
            }
        }

        double s = 0;
        foreach (double v in a)
        {
            s += Math.Exp(v - m);
        }

        return m + Math.Log(s);
    }

    [Differentiable]
    public static double Huber(double[] r, double delta)
    {
        double s = 0;
        for (int i = 0; i < r.Length; i++)
        {
            double a = Math.Abs(r[i]);
            s += a <= delta ? 0.5 * r[i] * r[i] : delta * (a - 0.5 * delta);
        }

        return s;
    }

    [Differentiable]
    public static double ActivationBySwitch(double x, int kind) => kind switch
    {
        0 => Math.Tanh(x),
        1 => x > 0 ? x : 0.01 * x,
        2 => x / (1 + Math.Exp(-x)),
        _ => Math.Log(1 + Math.Exp(x)),
    };

    [Differentiable]
    public static double TinyMlp(double[] w1, double[] b1, double[] w2, [NoDiff] double[] input)
    {
        int hidden = b1.Length;
        int inputs = input.Length;
        var h = new double[hidden];
        for (int j = 0; j < hidden; j++)
        {
            double acc = b1[j];
            for (int i = 0; i < inputs; i++)
            {
                acc = Math.FusedMultiplyAdd(w1[j * inputs + i], input[i], acc);
            }

            h[j] = Math.Tanh(acc);
        }

        double o = 0;
        for (int j = 0; j < hidden; j++)
        {
            o += w2[j] * h[j];
        }

        return o * o;
    }

    [Differentiable]
    public static double Norms(double[] v)
    {
        double l1 = 0, l2 = 0, linf = 0;
        for (int i = 0; i < v.Length; i++)
        {
            l1 += Math.Abs(v[i]);
            l2 += v[i] * v[i];
            linf = Math.Max(linf, Math.Abs(v[i]));
        }

        return l1 + Math.Sqrt(l2) + 2 * linf;
    }

    [Differentiable]
    public static double HypotNorm(ReadOnlySpan<double> v)
    {
        double r = 0;
        for (int i = 0; i < v.Length; i++)
        {
            r = double.Hypot(r, v[i]);
        }

        return r;
    }

    [Differentiable]
    public static double PolarAngles(double[] xy)
    {
        double s = 0;
        for (int i = 0; i + 1 < xy.Length; i += 2)
        {
            s += Math.Atan2(xy[i + 1], xy[i]) * Math.Sqrt(xy[i] * xy[i] + xy[i + 1] * xy[i + 1]);
        }

        return s;
    }

    [Differentiable]
    public static double ClampedSquares(double[] a, double lo, double hi)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double c = Math.Clamp(a[i] * 2, lo, hi);
            s += c * c;
        }

        return s;
    }

    [Differentiable]
    public static double ProductThenDivide(double[] a)
    {
        double p = 1;
        for (int i = 0; i < a.Length; i++)
        {
            p *= a[i];
        }

        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += p / a[i];
        }

        return s;
    }

    // ===================== Classic test functions =====================

    [Differentiable]
    public static double Himmelblau(double x, double y)
    {
        double a = x * x + y - 11;
        double b = x + y * y - 7;
        return a * a + b * b;
    }

    [Differentiable]
    public static double Griewank(double[] x)
    {
        double sum = 0;
        double prod = 1;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * x[i] / 4000;
            prod *= Math.Cos(x[i] / Math.Sqrt(i + 1));
        }

        return sum - prod + 1;
    }

    [Differentiable]
    public static double Rastrigin(double[] x)
    {
        const double A = 10;
        double s = A * x.Length;
        foreach (var xi in x)
        {
            s += xi * xi - A * Math.Cos(TwoPi * xi);
        }

        return s;
    }

    [Differentiable]
    public static double Ackley(double x, double y)
    {
        double r = Math.Sqrt(0.5 * (x * x + y * y));
        double c = 0.5 * (Math.Cos(TwoPi * x) + Math.Cos(TwoPi * y));
        return -20 * Math.Exp(-0.2 * r) - Math.Exp(c) + Math.E + 20;
    }

    [Differentiable]
    public static double RosenbrockN(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double t = x[i + 1] - x[i] * x[i];
            double u = 1 - x[i];
            s += 100 * t * t + u * u;
        }

        return s;
    }

    [Differentiable]
    public static double Beale(double x, double y)
    {
        double t1 = 1.5 - x + x * y;
        double t2 = 2.25 - x + x * y * y;
        double t3 = 2.625 - x + x * y * y * y;
        return t1 * t1 + t2 * t2 + t3 * t3;
    }

    [Differentiable]
    public static float StyblinskiTangFloat(float[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            s += Math.Pow(v, 4) - 16 * v * v + 5 * v;
        }

        return (float)(s / 2);
    }

    // ===================== Polynomials =====================

    [Differentiable]
    public static double HornerConstants(double x)
    {
        double r = 0;
        for (int i = Horner5.Length - 1; i >= 0; i--)
        {
            r = r * x + Horner5[i];
        }

        return r;
    }

    [Differentiable]
    public static double HornerCoefficients(double[] c, double x)
    {
        double r = c[c.Length - 1];
        int i = c.Length - 2;
        while (i >= 0)
        {
            r = Math.FusedMultiplyAdd(r, x, c[i]);
            i--;
        }

        return r;
    }

    [Differentiable]
    public static double IntegerDivisionWeights(double[] a, double x)
    {
        int n = a.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += a[i] * (i / 2) * x + a[i / 2] * (n / 2) / (i + 1.0) + x * i / n;
        }

        return s;
    }

    [Differentiable]
    public static double LongStrideCounter(double[] a, double x)
    {
        double s = 0;
        for (long k = 0; k < a.Length; k += 2)
        {
            s += a[k] * Math.Pow(x, k);
        }

        return s;
    }

    [Differentiable]
    public static double DoublingCounter(double[] a, double x)
    {
        double s = 0;
        for (int k = 1; k < a.Length; k *= 2)
        {
            s = s * x + a[k];
        }

        return s;
    }

    [Differentiable]
    public static double CounterUsedAfterLoop(double[] a, double limit)
    {
        double s = 0;
        int i;
        for (i = 0; i < a.Length; i++)
        {
            if (s > limit)
            {
                break;
            }

            s += a[i] * a[i];
        }

        return s * i;
    }

    // ===================== Tapenade-style ODE steps =====================

    [Differentiable]
    public static void LotkaVolterra(double[] y, double alpha, double beta, double[] dy)
    {
        dy[0] = alpha * y[0] - beta * y[0] * y[1];
        dy[1] = beta * y[0] * y[1] - 0.4 * y[1];
    }

    [Differentiable]
    public static double EulerLotkaVolterra(double[] y0, double alpha, double beta, int steps)
    {
        var y = new double[2];
        var dy = new double[2];
        y[0] = y0[0];
        y[1] = y0[1];
        double h = 0.05;
        for (int s = 0; s < steps; s++)
        {
            LotkaVolterra(y, alpha, beta, dy);
            for (int i = 0; i < 2; i++)
            {
                y[i] += h * dy[i];
            }
        }

        return y[0] * y[0] + y[1];
    }

    [Differentiable]
    public static void Oscillator(double[] y, double omega, double[] f)
    {
        f[0] = y[1];
        f[1] = -omega * omega * y[0] - 0.1 * y[1];
    }

    [Differentiable]
    public static void AxpyInto(double[] x, double a, double[] k, double[] result)
    {
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = x[i] + a * k[i];
        }
    }

    [Differentiable]
    public static double Rk4Oscillator(double[] y0, double omega, int steps)
    {
        double h = 0.1;
        var y = new double[2];
        var k1 = new double[2];
        var k2 = new double[2];
        var k3 = new double[2];
        var k4 = new double[2];
        var tmp = new double[2];
        y[0] = y0[0];
        y[1] = y0[1];
        for (int s = 0; s < steps; s++)
        {
            Oscillator(y, omega, k1);
            AxpyInto(y, h / 2, k1, tmp);
            Oscillator(tmp, omega, k2);
            AxpyInto(y, h / 2, k2, tmp);
            Oscillator(tmp, omega, k3);
            AxpyInto(y, h, k3, tmp);
            Oscillator(tmp, omega, k4);
            for (int i = 0; i < 2; i++)
            {
                y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }

        return y[0];
    }

    // ===================== Helper chains =====================

    [Differentiable]
    public static void MatMul(double[] a, double[] b, double[] c, int n)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double acc = 0;
                for (int k = 0; k < n; k++)
                {
                    acc += a[i * n + k] * b[k * n + j];
                }

                c[i * n + j] = acc;
            }
        }
    }

    [Differentiable]
    public static double FrobeniusSquared(double[] m)
    {
        double s = 0;
        for (int i = 0; i < m.Length; i++)
        {
            s += m[i] * m[i];
        }

        return s;
    }

    [Differentiable]
    public static double MatrixChain(double[] a, double[] b)
    {
        var ab = new double[4];
        var abm = new double[4];
        double[] m = { 2.0, -1.0, 0.5, 3.0 };
        MatMul(a, b, ab, 2);
        MatMul(ab, m, abm, 2);
        return FrobeniusSquared(abm) + abm[0] * abm[3] - abm[1] * abm[2];
    }

    [Differentiable]
    public static double Level1(double x, double y) => x * Math.Exp(-y);

    [Differentiable]
    public static double Level2(double[] a, double y)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += Level1(a[i], y * i);
        }

        return s;
    }

    [Differentiable]
    public static double Level3(double[] a, double y) => Level2(a, y) * Level2(a, 2 * y) + Level1(y, a[0]);

    [Differentiable]
    public static double SpanDot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    [Differentiable]
    public static double ArrayThroughSpanHelper(double[] a, double[] b) => SpanDot(a, b) + SpanDot(a, a);

    [Differentiable]
    public static void Normalize(Span<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        double n = Math.Sqrt(s);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] /= n;
        }
    }

    [Differentiable]
    public static double NormalizeThenWeigh(double[] a)
    {
        var v = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            v[i] = a[i];
        }

        Normalize(v);
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += (i + 1) * v[i];
        }

        return s;
    }

    [Differentiable]
    public static double StandardizeInPlace(double[] a)
    {
        int n = a.Length;
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += a[i];
        }

        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++)
        {
            a[i] -= mean;
            var += a[i] * a[i];
        }

        double sd = Math.Sqrt(var / (n - 1));
        double r = 0;
        for (int i = 0; i < n; i++)
        {
            a[i] /= sd;
            r += a[i] * a[i] * a[i] * (i + 1);
        }

        return r;
    }

    // ===================== Loops with break / continue / data-dependent bounds =====================

    [Differentiable]
    public static double TriangularQuadraticForm(double[] x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                s += x[i] * x[j] / (i + j + 1);
            }
        }

        return s;
    }

    [Differentiable]
    public static double BreakInnerOnly(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = i; j < a.Length; j++)
            {
                if (a[j] * x > 1.5)
                {
                    break;
                }

                s += a[j] * x * (j - i + 1);
            }
        }

        return s;
    }

    [Differentiable]
    public static double ContinueWithCompound(double[] a, double x)
    {
        double p = 1;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] < 0)
            {
                p /= 1 + x * x;
                continue;
            }

            p *= a[i] + x;
            p -= 0.1 * a[i];
        }

        return p;
    }

    [Differentiable]
    public static double WhileOnValue(double x, double y)
    {
        double t = 0;
        double s = 0;
        while (t < x)
        {
            t += 0.3;
            s += t * y + Math.Sin(t * x);
        }

        return s;
    }

    [Differentiable]
    public static double ReturnFromSwitchInLoop(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            switch (i % 3)
            {
                case 0:
                    s += a[i] * x;
                    break;
                case 1:
                    if (s > 10)
                    {
                        return s * x;
                    }

                    s += Math.Exp(a[i]);
                    break;
                default:
                    s -= a[i] * a[i];
                    continue;
            }

            s *= 1.1;
        }

        return s;
    }

    [Differentiable]
    public static double PatternsInIf(double x, double y)
    {
        double r = y;
        if (x is > 0 and < 1)
        {
            r *= x;
        }
        else if (x is >= 1 or <= -2)
        {
            r += x * x;
        }
        else
        {
            r -= x;
        }

        return r * y;
    }

    [Differentiable]
    public static double PostIncrementInExpression(double[] a, double x)
    {
        double s = 0;
        int k = 0;
        while (k < a.Length)
        {
            double v = a[k];
            k++;
            s += v * x;
            s *= 0.9;
        }

        return s + k * x;
    }

    [Differentiable]
    public static double ConstOrderLocalArray(double x)
    {
        var p = new double[Order + 1];
        p[0] = 1;
        for (int i = 1; i <= Order; i++)
        {
            p[i] = p[i - 1] * x / i;
        }

        double s = 0;
        for (int i = Order; i >= 0; i--)
        {
            s += p[i];
        }

        return s;
    }

    [Differentiable]
    public static double MixedFloatDouble(float a, double b, float[] w)
    {
        float acc = 0f;
        for (int i = 0; i < w.Length; i++)
        {
            acc += w[i] * a;
        }

        double d = acc * b + MathF.Sqrt(a * a + 1f);
        return d * Math.Tanh(b);
    }

    [Differentiable]
    public static double LogBases(double x, double y) => Math.Log(x, 2) + Math.Log10(x * y) + Math.Log2(y) + Math.Cbrt(x + y);

    [Differentiable]
    public static double ThrowOnBadInput(double[] a, double x)
    {
        if (a.Length == 0)
        {
            throw new ArgumentException($"need values, got {a.Length}", nameof(a));
        }

        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += Math.Exp(-0.5 * (a[i] - x) * (a[i] - x));
        }

        return Math.Log(s);
    }
    // ===================== Batch 2: calls, aliasing, compound self-updates =====================

    [Differentiable]
    public static double Scaled(double x, double factor = 2.0) => factor * x * x;

    [Differentiable]
    public static double Cube(this double x) => x * x * x;

    [Differentiable]
    public static double UsingStaticMath(double x, double y) => Exp(-x * x) * Sin(y) + Sqrt(Abs(x * y) + 1);

    [Differentiable]
    public static double SquareD(double x) => x * x;

    [Differentiable]
    public static float FloatArgToDoubleHelper(float x, float y) => (float)SquareD(x * y) + x;

    [Differentiable]
    public static double SumParams(params double[] xs)
    {
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            s += xs[i] * xs[i] * (i + 1);
        }

        return s;
    }

    [Differentiable]
    public static double SelfCompound(double x)
    {
        x *= x;
        x -= x * 0.5;
        x /= 1 + x;
        x += x;
        return x;
    }

    [Differentiable]
    public static double MirrorAdd(double[] a)
    {
        int n = a.Length;
        for (int i = 0; i < n; i++)
        {
            a[i] += a[n - 1 - i] * a[i];
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += a[i] * (i + 1);
        }

        return s;
    }

    [Differentiable]
    public static void Smooth(double[] a, double w)
    {
        for (int i = 1; i < a.Length; i++)
        {
            a[i] = w * a[i - 1] + (1 - w) * a[i];
        }
    }

    [Differentiable]
    public static void AddScaled(double[] x, double alpha, double[] k, double[] result)
    {
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = x[i] + alpha * k[i];
        }
    }

    // ----- minimal repros -----

    [Differentiable]
    public static double CounterAfterBreak(double x)
    {
        int i;
        for (i = 0; i < 10; i++)
        {
            if (i == 2)
            {
                break;
            }
        }

        return x * i;
    }

    [Differentiable]
    public static double CounterAfterValueBreak(double x)
    {
        int i;
        for (i = 0; i < 10; i++)
        {
            if (i * x > 1)
            {
                break;
            }
        }

        return x * i;
    }

    [Differentiable]
    public static double CounterAfterLoopNoBreak(double x)
    {
        int i;
        for (i = 0; i < 3; i++)
        {
            x *= 1.5;
        }

        return x * i;
    }

    private static readonly double[] Weights2 = { 2.0, -1.0 };

    [Differentiable]
    public static double DotD(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1];

    [Differentiable]
    public static double NoDiffArrayToHelper(double[] x, [NoDiff] double[] w) => DotD(x, w);

    // omitted optional, named and reordered arguments of differentiated helpers
    [Differentiable]
    public static double OptionalArgument(double x, double y) => Scaled(x) + Scaled(y, 0.5 * x);

    [Differentiable]
    public static double NamedArguments(double x, double y) => Level1(y: x, x: y * y) + Scaled(factor: y, x: x);

    [Differentiable]
    public static double NamedArgsArrays(double[] a, double y) => Level2(y: y * 2, a: a);

    // an index with a side effect, read once per element
    [Differentiable]
    public static double PostIncrementIndex(double[] a, double x)
    {
        double s = 0;
        int k = 0;
        while (k < a.Length)
        {
            s += a[k++] * x;
        }

        return s;
    }

    [Differentiable]
    public static double Square(double v) => v * v;

    // the same, as the argument of a differentiated helper
    [Differentiable]
    public static double PostIncrementIndexInCall(double[] a, double x)
    {
        double s = 0;
        int k = 0;
        while (k < a.Length)
        {
            s += Square(a[k++]) * x;
        }

        return s;
    }

    // tapenade/JAX style: a constant weight vector held in a static readonly field
    [Differentiable]
    public static double FieldArrayToHelper(double[] x) => DotD(x, Weights2);

    [Differentiable]
    public static double ExtensionCallPlusX(double x) => x.Cube() + x;

    [Differentiable]
    public static double IncrementorAfterBreak(double x)
    {
        double t = 1;
        for (int i = 0; i < 5; i++, t *= x)
        {
            if (t > 2)
            {
                break;
            }
        }

        return t;
    }

    [Differentiable]
    public static double DoWhileContinue(double x, double y)
    {
        double s = 0;
        int k = 0;
        do
        {
            k++;
            if (k % 2 == 0)
            {
                s += y;
                continue;
            }

            s += x * s + 1;
        }
        while (k < 5);

        return s;
    }

    [Differentiable]
    public static double ReturnInsideDo(double x, double y)
    {
        double s = x;
        do
        {
            s = s * y + x;
            if (s > 10)
            {
                return s * s;
            }
        }
        while (s > 0.5);

        return s;
    }

}

public sealed class PeerSuitesMore
{
    private static readonly double[] A5 = { 0.7, -1.3, 0.4, 0.9, 1.6 };
    private static readonly double[] B5 = { -0.2, 0.5, 1.1, -0.8, 0.3 };
    private static readonly double[] P4 = { 0.6, 1.3, 0.8, 1.7 };

    // ----- Clad EarlyReturns.C -----

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(0.5, 1.5)]
    // clad test/Gradient/EarlyReturns.C (loopEarly): returns at the 4th iteration, or falls through
    public void Clad_EarlyReturns_loopEarly(double x, double y) =>
        Check2(MorePeerFns.EarlyReturnInLoop, MorePeerFns.EarlyReturnInLoopGradient, x, y, "loopEarly");

    [Theory]
    [InlineData(3.0, 5.0)]
    [InlineData(1.0, 2.0)]
    // clad test/Gradient/EarlyReturns.C (midEarly)
    public void Clad_EarlyReturns_midEarly(double x, double y) =>
        Check2(MorePeerFns.MidEarly, MorePeerFns.MidEarlyGradient, x, y, "midEarly");

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(1.5, -2.0)]
    [InlineData(-1.5, 2.0)]
    // clad test/Gradient/EarlyReturns.C (nested_early_return)
    public void Clad_EarlyReturns_nested(double x, double y) =>
        Check2(MorePeerFns.NestedEarlyReturn, MorePeerFns.NestedEarlyReturnGradient, x, y, "nested_early_return");

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(-0.5, 0.7)]
    // clad test/Gradient/EarlyReturns.C (declAfterEarly)
    public void Clad_EarlyReturns_declAfterEarly(double x, double y) =>
        Check2(MorePeerFns.DeclarationsAfterEarly, MorePeerFns.DeclarationsAfterEarlyGradient, x, y, "declAfterEarly");

    // ----- Clad Switch.C -----

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(-0.5, 0.7)]
    // clad test/Gradient/Switch.C (fn7): several labels per section, default sharing a section
    public void Clad_Switch_fn7(double u, double v) =>
        Check2(MorePeerFns.SwitchInForWithSharedLabels, MorePeerFns.SwitchInForWithSharedLabelsGradient, u, v, "fn7");

    [Theory]
    [InlineData(MorePeerFns.Op.Add)]
    [InlineData(MorePeerFns.Op.Sub)]
    [InlineData(MorePeerFns.Op.Mul)]
    [InlineData(MorePeerFns.Op.Div)]
    // clad test/Gradient/Switch.C (fn24): switch over an enum
    public void Clad_Switch_fn24_enum(MorePeerFns.Op op)
    {
        foreach (var (x, y) in new[] { (1.5, 2.0), (-0.7, 0.4) })
        {
            double dX = 0, dY = 0;
            double v = MorePeerFns.SwitchOnEnumGradient(x, y, op, ref dX, ref dY);
            Grad.SameValue(MorePeerFns.SwitchOnEnum(x, y, op), v, "fn24");
            Grad.Check(p => MorePeerFns.SwitchOnEnum(p[0], p[1], op), new[] { x, y }, new[] { dX, dY }, "fn24 " + op);
        }
    }

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(-0.5, 0.7)]
    // clad test/Gradient/Switch.C (fn3): switch on a counter inside while (counter--)
    public void Clad_Switch_fn3(double i, double j) =>
        Check2(MorePeerFns.SwitchInWhileCountdown, MorePeerFns.SwitchInWhileCountdownGradient, i, j, "fn3");

    // ----- Clad TBRTernary.C -----

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    // clad test/Gradient/TBRTernary.C: the operands are overwritten after the ternary
    public void Clad_TBRTernary(bool cond)
    {
        double dA = 0, dB = 0;
        double v = MorePeerFns.TernaryThenOverwriteGradient(cond, 2.0, 3.0, ref dA, ref dB);
        Grad.SameValue(MorePeerFns.TernaryThenOverwrite(cond, 2.0, 3.0), v, "TBRTernary");
        Assert.Equal(cond ? 4.0 : 0.0, dA);
        Assert.Equal(cond ? 0.0 : 6.0, dB);
    }

    // ----- Clad Hessian inputs -----

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(-0.5, 0.7)]
    // clad test/Hessian/Hessians.C (f_cubed_add1 style)
    public void Clad_Hessian_cubed_add(double x, double y) =>
        Check2(MorePeerFns.HessianCubedAdd, MorePeerFns.HessianCubedAddGradient, x, y, "cubed_add");

    [Theory]
    [InlineData(0.5, 0.7)]
    [InlineData(1.2, -0.4)]
    // clad test/Hessian/BuiltinDerivatives.C (sin, cos, exp, log)
    public void Clad_Hessian_trig(double x, double y) =>
        Check2(MorePeerFns.HessianTrig, MorePeerFns.HessianTrigGradient, x, y, "trig");

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(0.6, 0.7)]
    // clad test/Hessian/BuiltinDerivatives.C (pow, sqrt)
    public void Clad_Hessian_pow_mix(double x, double y) =>
        Check2(MorePeerFns.HessianPowMix, MorePeerFns.HessianPowMixGradient, x, y, "pow_mix");

    // ----- Enzyme -----

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.7)]
    // enzyme test/Integration/ReverseMode/taylorlog.c
    public void Enzyme_taylorlog(double x) =>
        Check1(v => MorePeerFns.EnzymeTaylorLog(v, 10), (double v, ref double dV) => MorePeerFns.EnzymeTaylorLogGradient(v, 10, ref dV), x, "taylorlog");

    [Fact]
    // enzyme test/Integration/ReverseMode/vecmax.c
    public void Enzyme_vecmax()
    {
        CheckA(MorePeerFns.EnzymeVecMax, MorePeerFns.EnzymeVecMaxGradient, A5, "vecmax");
        CheckA(MorePeerFns.EnzymeVecMax, MorePeerFns.EnzymeVecMaxGradient, B5, "vecmax");
    }

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(-0.5, 0.7)]
    // enzyme test/Integration/ReverseMode/manydiv.c
    public void Enzyme_manydiv(double x, double y) =>
        Check2(MorePeerFns.EnzymeManyDiv, MorePeerFns.EnzymeManyDivGradient, x, y, "manydiv");

    [Theory]
    [InlineData(0.8, 7)]
    [InlineData(-0.6, 6)]
    // enzyme test/Integration/ReverseMode/rwrloop.c (a two-slot buffer overwritten every iteration)
    public void Enzyme_rolling_buffer(double x, int n) =>
        Check1(v => MorePeerFns.EnzymeRollingBuffer(v, n), (double v, ref double dV) => MorePeerFns.EnzymeRollingBufferGradient(v, n, ref dV), x, "rolling");

    [Fact]
    // enzyme test/Integration/ReverseMode/insertsort_sum.c (bubble sort with swaps into a local copy)
    public void Enzyme_bubble_sort_weighted()
    {
        CheckA(MorePeerFns.EnzymeBubbleSortWeighted, MorePeerFns.EnzymeBubbleSortWeightedGradient, A5, "bubble");
        CheckA(MorePeerFns.EnzymeBubbleSortWeighted, MorePeerFns.EnzymeBubbleSortWeightedGradient, B5, "bubble");
    }

    [Theory]
    [InlineData(1.3, 13)]
    [InlineData(-0.9, 6)]
    // enzyme-style exponentiation by squaring: the base is reassigned, the counter shifted
    public void Enzyme_fast_pow(double b, int n) =>
        Check1(v => MorePeerFns.EnzymeFastPow(v, n), (double v, ref double dV) => MorePeerFns.EnzymeFastPowGradient(v, n, ref dV), b, "fastpow");

    [Theory]
    [InlineData(2.0)]
    [InlineData(7.5)]
    // Newton's iteration for a square root in a do-while with a value-dependent exit
    public void Enzyme_newton_sqrt(double a)
    {
        double dA = 0;
        double v = MorePeerFns.EnzymeNewtonSqrtGradient(a, ref dA);
        Grad.SameValue(MorePeerFns.EnzymeNewtonSqrt(a), v, "newton");
        Grad.Close(0.5 / Math.Sqrt(a), dA, 1e-8, 1e-12, "newton");
    }

    // ----- JAX / autograd -----

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    // jax tests: softmax cross-entropy with the max subtracted
    public void Jax_softmax_cross_entropy(int label) =>
        CheckA(a => MorePeerFns.SoftmaxCrossEntropy(a, label), (double[] a, double[] dA) => MorePeerFns.SoftmaxCrossEntropyGradient(a, label, dA), A5, "xent");

    [Fact]
    // autograd tests: logsumexp written with foreach
    public void Autograd_logsumexp_foreach()
    {
        CheckA(MorePeerFns.LogSumExpForeach, MorePeerFns.LogSumExpForeachGradient, A5, "lse");
        CheckA(MorePeerFns.LogSumExpForeach, MorePeerFns.LogSumExpForeachGradient, B5, "lse");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.45)]
    // jax tests: Huber loss
    public void Jax_huber(double delta) =>
        CheckAX(MorePeerFns.Huber, MorePeerFns.HuberGradient, A5, delta, "huber");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    // jax.nn activations chosen by a switch expression
    public void Jax_activation_switch(int kind)
    {
        foreach (double x in new[] { 0.7, -1.3 })
        {
            Check1(v => MorePeerFns.ActivationBySwitch(v, kind), (double v, ref double dV) => MorePeerFns.ActivationBySwitchGradient(v, kind, ref dV), x, "act" + kind);
        }
    }

    [Fact]
    // jax / autograd tests: a one-hidden-layer tanh network with FusedMultiplyAdd
    public void Jax_tiny_mlp()
    {
        var w1 = new[] { 0.3, -0.2, 0.5, 0.1, 0.7, -0.4 };
        var b1 = new[] { 0.05, -0.1 };
        var w2 = new[] { 0.9, -1.2 };
        var input = new[] { 0.4, -0.6, 1.1 };
        var dW1 = new double[6];
        var dB1 = new double[2];
        var dW2 = new double[2];
        double v = MorePeerFns.TinyMlpGradient(w1, b1, w2, input, dW1, dB1, dW2);
        Grad.SameValue(MorePeerFns.TinyMlp(w1, b1, w2, input), v, "mlp");
        Grad.Check(p => MorePeerFns.TinyMlp(Fd.Slice(p, 0, 6), Fd.Slice(p, 6, 2), Fd.Slice(p, 8, 2), input),
            Fd.Pack(w1, b1, w2), Fd.Pack(dW1, dB1, dW2), "mlp");
    }

    [Fact]
    // autograd tests: L1, L2 and infinity norms in one loop
    public void Autograd_norms()
    {
        CheckA(MorePeerFns.Norms, MorePeerFns.NormsGradient, A5, "norms");
        CheckA(MorePeerFns.Norms, MorePeerFns.NormsGradient, B5, "norms");
    }

    [Fact]
    // jax tests: norm by repeated hypot over a span
    public void Jax_hypot_norm()
    {
        foreach (var a in new[] { A5, B5 })
        {
            var dA = new double[a.Length];
            double v = MorePeerFns.HypotNormGradient(a, dA);
            Grad.SameValue(MorePeerFns.HypotNorm(a), v, "hypot");
            Grad.Check(p => MorePeerFns.HypotNorm(p), (double[])a.Clone(), dA, "hypot");
        }
    }

    [Fact]
    // autograd tests: atan2 and sqrt of pairs
    public void Autograd_polar_angles()
    {
        CheckA(MorePeerFns.PolarAngles, MorePeerFns.PolarAnglesGradient, new[] { 0.7, -1.3, 0.4, 0.9, -1.6, 0.2 }, "polar");
        CheckA(MorePeerFns.PolarAngles, MorePeerFns.PolarAnglesGradient, new[] { -0.7, 1.3, 2.4, 0.5 }, "polar");
    }

    [Fact]
    // jax tests: clip
    public void Jax_clamped_squares()
    {
        var a = new[] { 0.7, -1.3, 0.1, 0.9, -0.2 };
        int n = a.Length;
        var dA = new double[n];
        double dLo = 0, dHi = 0;
        double v = MorePeerFns.ClampedSquaresGradient((double[])a.Clone(), -1.0, 1.5, dA, ref dLo, ref dHi);
        Grad.SameValue(MorePeerFns.ClampedSquares(a, -1.0, 1.5), v, "clamp");
        Grad.Check(p => MorePeerFns.ClampedSquares(Fd.Slice(p, 0, n), p[n], p[n + 1]), Fd.Pack(a, -1.0, 1.5), Fd.Pack(dA, dLo, dHi), "clamp");
    }

    [Fact]
    // autograd tests: prod, then divided back
    public void Autograd_product_then_divide() =>
        CheckA(MorePeerFns.ProductThenDivide, MorePeerFns.ProductThenDivideGradient, A5, "prod");

    // ----- Classic test functions -----

    [Theory]
    [InlineData(3.2, 1.8)]
    [InlineData(-2.5, 3.1)]
    public void Himmelblau(double x, double y) =>
        Check2(MorePeerFns.Himmelblau, MorePeerFns.HimmelblauGradient, x, y, "himmelblau");

    [Fact]
    public void Griewank()
    {
        CheckA(MorePeerFns.Griewank, MorePeerFns.GriewankGradient, A5, "griewank");
        CheckA(MorePeerFns.Griewank, MorePeerFns.GriewankGradient, new[] { 3.1, -7.2, 12.5 }, "griewank");
    }

    [Fact]
    public void Rastrigin()
    {
        CheckA(MorePeerFns.Rastrigin, MorePeerFns.RastriginGradient, A5, "rastrigin");
        CheckA(MorePeerFns.Rastrigin, MorePeerFns.RastriginGradient, B5, "rastrigin");
    }

    [Theory]
    [InlineData(0.3, -0.8)]
    [InlineData(1.7, 2.2)]
    public void Ackley(double x, double y) =>
        Check2(MorePeerFns.Ackley, MorePeerFns.AckleyGradient, x, y, "ackley");

    [Fact]
    public void RosenbrockN()
    {
        CheckA(MorePeerFns.RosenbrockN, MorePeerFns.RosenbrockNGradient, A5, "rosenbrock");
        CheckA(MorePeerFns.RosenbrockN, MorePeerFns.RosenbrockNGradient, B5, "rosenbrock");
    }

    [Theory]
    [InlineData(3.0, 0.5)]
    [InlineData(-1.2, 1.4)]
    public void Beale(double x, double y) =>
        Check2(MorePeerFns.Beale, MorePeerFns.BealeGradient, x, y, "beale");

    [Fact]
    // float array in, double accumulator, float result
    public void StyblinskiTang_float()
    {
        foreach (var p in new[] { new[] { 0.5, -1.25, 2.0 }, new[] { -2.5, 1.75, 0.25 } })
        {
            float[] x = Fd.ToFloat(p);
            var dX = new float[x.Length];
            float v = MorePeerFns.StyblinskiTangFloatGradient(x, dX);
            Grad.SameValue(MorePeerFns.StyblinskiTangFloat(Fd.ToFloat(p)), v, "styblinski");
            Grad.CheckFloat(q =>
            {
                double s = 0;
                foreach (double t in q) s += Math.Pow(t, 4) - 16 * t * t + 5 * t;
                return s / 2;
            }, p, dX, "styblinski");
        }
    }

    // ----- Polynomials and integer arithmetic -----

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // static readonly coefficients, Horner from the top
    public void Horner_constants(double x) =>
        Check1(MorePeerFns.HornerConstants, MorePeerFns.HornerConstantsGradient, x, "horner");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // Horner in a while loop with FusedMultiplyAdd
    public void Horner_coefficients(double x) =>
        CheckAX(MorePeerFns.HornerCoefficients, MorePeerFns.HornerCoefficientsGradient, A5, x, "horner_c");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // integer division inside floating expressions and indices
    public void Integer_division_weights(double x) =>
        CheckAX(MorePeerFns.IntegerDivisionWeights, MorePeerFns.IntegerDivisionWeightsGradient, A5, x, "intdiv");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // a long counter stepping by two, used as an index and an exponent
    public void Long_stride_counter(double x) =>
        CheckAX(MorePeerFns.LongStrideCounter, MorePeerFns.LongStrideCounterGradient, A5, x, "longstride");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // a counter doubled each iteration
    public void Doubling_counter(double x) =>
        CheckAX(MorePeerFns.DoublingCounter, MorePeerFns.DoublingCounterGradient, new[] { 0.3, 0.5, -0.7, 0.2, 1.1, 0.4, -0.6, 0.8, 0.9 }, x, "doubling");

    [Theory]
    [InlineData(1.0)]
    [InlineData(100.0)]
    // the loop counter declared outside the loop and read after a break
    public void Counter_used_after_loop(double limit) =>
        CheckAX(MorePeerFns.CounterUsedAfterLoop, MorePeerFns.CounterUsedAfterLoopGradient, A5, limit, "counter_after");

    // ----- ODE steps -----

    [Theory]
    [InlineData(1.1, 0.4)]
    [InlineData(0.9, 0.7)]
    // tapenade-style explicit Euler on Lotka-Volterra with a helper that writes the derivative
    public void Tapenade_euler_lotka_volterra(double alpha, double beta)
    {
        var y0 = new[] { 1.2, 0.8 };
        var dY0 = new double[2];
        double dAlpha = 0, dBeta = 0;
        double v = MorePeerFns.EulerLotkaVolterraGradient(y0, alpha, beta, 20, dY0, ref dAlpha, ref dBeta);
        Grad.SameValue(MorePeerFns.EulerLotkaVolterra(y0, alpha, beta, 20), v, "euler");
        Grad.Check(p => MorePeerFns.EulerLotkaVolterra(Fd.Slice(p, 0, 2), p[2], p[3], 20), Fd.Pack(y0, alpha, beta), Fd.Pack(dY0, dAlpha, dBeta), "euler");
    }

    [Theory]
    [InlineData(1.3)]
    [InlineData(2.1)]
    // RK4 on a damped oscillator with helpers writing stage buffers, reused every step
    public void Tapenade_rk4_oscillator(double omega)
    {
        var y0 = new[] { 1.0, -0.3 };
        var dY0 = new double[2];
        double dOmega = 0;
        double v = MorePeerFns.Rk4OscillatorGradient(y0, omega, 15, dY0, ref dOmega);
        Grad.SameValue(MorePeerFns.Rk4Oscillator(y0, omega, 15), v, "rk4");
        Grad.Check(p => MorePeerFns.Rk4Oscillator(Fd.Slice(p, 0, 2), p[2], 15), Fd.Pack(y0, omega), Fd.Pack(dY0, dOmega), "rk4");
    }

    // ----- Helper chains -----

    [Fact]
    // small matrix products through a helper that writes, with a static readonly matrix
    public void Matrix_chain() =>
        CheckAB(MorePeerFns.MatrixChain, MorePeerFns.MatrixChainGradient, P4, new[] { -0.4, 0.9, 1.2, 0.3 }, "matrix_chain");

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.6)]
    // three levels of helpers with arrays and scalars
    public void Helper_chain_three_levels(double y) =>
        CheckAX(MorePeerFns.Level3, MorePeerFns.Level3Gradient, A5, y, "level3");

    [Fact]
    // arrays passed to a ReadOnlySpan helper
    public void Array_through_span_helper() =>
        CheckAB(MorePeerFns.ArrayThroughSpanHelper, MorePeerFns.ArrayThroughSpanHelperGradient, A5, B5, "span_helper");

    [Fact]
    // a local copy normalized in place by a Span helper
    public void Normalize_then_weigh()
    {
        CheckA(MorePeerFns.NormalizeThenWeigh, MorePeerFns.NormalizeThenWeighGradient, A5, "normalize");
        CheckA(MorePeerFns.NormalizeThenWeigh, MorePeerFns.NormalizeThenWeighGradient, B5, "normalize");
    }

    [Fact]
    // in-place -= and /= on a parameter array
    public void Standardize_in_place()
    {
        CheckA(MorePeerFns.StandardizeInPlace, MorePeerFns.StandardizeInPlaceGradient, A5, "standardize");
        CheckA(MorePeerFns.StandardizeInPlace, MorePeerFns.StandardizeInPlaceGradient, B5, "standardize");
    }

    // ----- Loops -----

    [Fact]
    // inner bound depends on the outer counter
    public void Triangular_quadratic_form() =>
        CheckA(MorePeerFns.TriangularQuadraticForm, MorePeerFns.TriangularQuadraticFormGradient, A5, "triangular");

    [Theory]
    [InlineData(0.9)]
    [InlineData(1.7)]
    // break out of the inner loop only
    public void Break_inner_only(double x) =>
        CheckAX(MorePeerFns.BreakInnerOnly, MorePeerFns.BreakInnerOnlyGradient, A5, x, "break_inner");

    [Theory]
    [InlineData(0.9)]
    [InlineData(-0.45)]
    // continue after /=, then *= and -=
    public void Continue_with_compound(double x) =>
        CheckAX(MorePeerFns.ContinueWithCompound, MorePeerFns.ContinueWithCompoundGradient, A5, x, "continue");

    [Theory]
    [InlineData(1.45, 0.5)]
    [InlineData(2.05, -0.7)]
    // while loop whose trip count depends on a differentiable value
    public void While_on_value(double x, double y) =>
        Check2(MorePeerFns.WhileOnValue, MorePeerFns.WhileOnValueGradient, x, y, "while_value");

    [Theory]
    [InlineData(0.9)]
    [InlineData(3.5)]
    // return and continue from a switch inside a for loop
    public void Return_from_switch_in_loop(double x) =>
        CheckAX(MorePeerFns.ReturnFromSwitchInLoop, MorePeerFns.ReturnFromSwitchInLoopGradient, new[] { 0.7, 2.3, 0.4, 0.9, 2.6, -0.5, 1.2 }, x, "switch_loop");

    [Theory]
    [InlineData(0.5, 1.3)]
    [InlineData(1.5, 1.3)]
    [InlineData(-2.5, 1.3)]
    [InlineData(-1.0, 0.4)]
    // relational and/or patterns in if conditions
    public void Patterns_in_if(double x, double y) =>
        Check2(MorePeerFns.PatternsInIf, MorePeerFns.PatternsInIfGradient, x, y, "patterns");

    [Theory]
    [InlineData(0.9)]
    [InlineData(-0.45)]
    // a counter advanced in a while loop (a[k++] itself is DIFF013, see the repro below)
    public void Post_increment_in_expression(double x) =>
        CheckAX(MorePeerFns.PostIncrementInExpression, MorePeerFns.PostIncrementInExpressionGradient, A5, x, "postinc");

    [Theory]
    [InlineData(0.9)]
    [InlineData(-1.45)]
    // a local array sized by a const field
    public void Const_order_local_array(double x) =>
        Check1(MorePeerFns.ConstOrderLocalArray, MorePeerFns.ConstOrderLocalArrayGradient, x, "const_order");

    [Fact]
    // float parameters mixed with double arithmetic and MathF
    public void Mixed_float_double()
    {
        float a = 0.75f;
        double b = 0.5;
        float[] w = { 0.25f, -0.5f, 1.5f };
        float dA = 0;
        double dB = 0;
        var dW = new float[3];
        double v = MorePeerFns.MixedFloatDoubleGradient(a, b, w, ref dA, ref dB, dW);
        Grad.SameValue(MorePeerFns.MixedFloatDouble(a, b, w), v, "mixed");
        double Twin(double[] p)
        {
            double acc = 0;
            for (int i = 0; i < 3; i++) acc += p[2 + i] * p[0];
            return (acc * p[1] + Math.Sqrt(p[0] * p[0] + 1)) * Math.Tanh(p[1]);
        }

        Grad.CheckFloat(Twin, Fd.Pack(a, b, w), new[] { dA, (float)dB, dW[0], dW[1], dW[2] }, "mixed");
    }

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(0.6, 0.7)]
    // Log with a base, Log10, Log2, Cbrt
    public void Log_bases(double x, double y) =>
        Check2(MorePeerFns.LogBases, MorePeerFns.LogBasesGradient, x, y, "logs");

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.8)]
    // an argument check with an interpolated message before the computation
    public void Throw_on_bad_input(double x)
    {
        CheckAX(MorePeerFns.ThrowOnBadInput, MorePeerFns.ThrowOnBadInputGradient, A5, x, "throw");
        double dX = 0;
        Assert.Throws<ArgumentException>(() => MorePeerFns.ThrowOnBadInputGradient(Array.Empty<double>(), x, Array.Empty<double>(), ref dX));
    }

    // ----- Calls, aliasing and compound self-updates -----

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // x *= x, then -=, /= and += with the left side on the right
    public void Self_compound(double x) =>
        Check1(MorePeerFns.SelfCompound, MorePeerFns.SelfCompoundGradient, x, "self_compound");

    [Fact]
    // a[i] += a[n-1-i] * a[i]: the middle element reads itself
    public void Mirror_add()
    {
        CheckA(MorePeerFns.MirrorAdd, MorePeerFns.MirrorAddGradient, A5, "mirror");
        CheckA(MorePeerFns.MirrorAdd, MorePeerFns.MirrorAddGradient, P4, "mirror");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.8)]
    // a void method smoothing its own array in place: the pullback contract
    public void Smooth_pullback(double w)
    {
        var c = new[] { 0.5, -1.0, 2.0, 0.25, 1.5 };
        double Loss(double[] p)
        {
            var a = Fd.Slice(p, 0, 5);
            MorePeerFns.Smooth(a, p[5]);
            double l = 0;
            for (int i = 0; i < 5; i++) l += c[i] * a[i];
            return l;
        }

        var arr = (double[])A5.Clone();
        var dA = (double[])c.Clone();
        double dW = 0;
        MorePeerFns.SmoothPullback(arr, w, dA, ref dW);
        var expectedWrite = (double[])A5.Clone();
        MorePeerFns.Smooth(expectedWrite, w);
        Grad.SameArray(expectedWrite, arr, "smooth");
        Grad.Check(Loss, Fd.Pack(A5, w), Fd.Pack(dA, dW), "smooth");
    }

    [Theory]
    [InlineData(0.75f, 1.5f)]
    [InlineData(-1.25f, 0.5f)]
    // a float argument widened to a double helper parameter
    public void Float_arg_to_double_helper(float x, float y)
    {
        float dX = 0, dY = 0;
        float v = MorePeerFns.FloatArgToDoubleHelperGradient(x, y, ref dX, ref dY);
        Grad.SameValue(MorePeerFns.FloatArgToDoubleHelper(x, y), v, "float_widen");
        Grad.CheckFloat(p => p[0] * p[1] * p[0] * p[1] + p[0], new double[] { x, y }, new[] { dX, dY }, "float_widen");
    }

    [Theory]
    [InlineData(0.7, 1.2)]
    [InlineData(-1.3, 0.4)]
    // using static System.Math: Exp, Sin, Sqrt, Abs unqualified
    public void Using_static_math(double x, double y) =>
        Check2(MorePeerFns.UsingStaticMath, MorePeerFns.UsingStaticMathGradient, x, y, "using_static");

    [Fact]
    // a params helper called with an array
    public void Params_helper_with_array() =>
        CheckA(MorePeerFns.SumParams, MorePeerFns.SumParamsGradient, A5, "params");

    [Fact]
    // a [NoDiff] array passed on to a differentiable helper
    public void NoDiff_array_to_helper()
    {
        var x = new[] { 0.7, -1.3 };
        var w = new[] { 2.0, -1.0 };
        var dX = new double[2];
        double v = MorePeerFns.NoDiffArrayToHelperGradient(x, w, dX);
        Grad.SameValue(MorePeerFns.NoDiffArrayToHelper(x, w), v, "nodiff_helper");
        Assert.Equal(w, dX);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // a [Differentiable] extension method called as x.Cube()
    public void Extension_method_call(double x) =>
        Check1(MorePeerFns.ExtensionCallPlusX, MorePeerFns.ExtensionCallPlusXGradient, x, "extension");

    [Fact]
    // the counter of a for loop, declared outside, read after a constant break
    public void Counter_after_break() =>
        Check1(MorePeerFns.CounterAfterBreak, MorePeerFns.CounterAfterBreakGradient, 0.7, "counter_break");

    [Fact]
    // the counter read after a value-dependent break
    public void Counter_after_value_break() =>
        Check1(MorePeerFns.CounterAfterValueBreak, MorePeerFns.CounterAfterValueBreakGradient, 0.7, "counter_value_break");

    [Fact]
    // the counter read after the loop ends normally
    public void Counter_after_loop_no_break() =>
        Check1(MorePeerFns.CounterAfterLoopNoBreak, MorePeerFns.CounterAfterLoopNoBreakGradient, 0.7, "counter_no_break");


    [Theory]
    [InlineData(1.3)]
    [InlineData(0.9)]
    // for (...; i++, t *= x) with a value-dependent break
    public void Incrementor_after_break(double x) =>
        Check1(MorePeerFns.IncrementorAfterBreak, MorePeerFns.IncrementorAfterBreakGradient, x, "incrementor_break");

    [Theory]
    [InlineData(0.7, 1.2)]
    [InlineData(-0.3, 0.4)]
    // continue in a do-while goes to the condition
    public void Do_while_continue(double x, double y) =>
        Check2(MorePeerFns.DoWhileContinue, MorePeerFns.DoWhileContinueGradient, x, y, "do_continue");

    [Theory]
    [InlineData(1.5, 1.8)]
    [InlineData(0.4, -0.5)]
    // return from inside a do-while body
    public void Return_inside_do(double x, double y) =>
        Check2(MorePeerFns.ReturnInsideDo, MorePeerFns.ReturnInsideDoGradient, x, y, "return_do");


    [Fact]
    // a static readonly array passed to a [Differentiable] helper: the helper still takes an adjoint for it
    public void Field_array_to_helper()
    {
        var x = new[] { 0.7, -1.3 };
        var dX = new double[2];
        double v = MorePeerFns.FieldArrayToHelperGradient(x, dX);
        Grad.SameValue(MorePeerFns.FieldArrayToHelper(x), v, "field_helper");
        Grad.Check(p => MorePeerFns.FieldArrayToHelper(p), x, dX, "field_helper");
    }

    [Theory]
    [InlineData(0.7, 1.2)]
    [InlineData(-0.3, 0.4)]
    // an omitted optional argument takes its default; a named one reaches its parameter
    public void Optional_and_named_arguments(double x, double y)
    {
        Check2(MorePeerFns.OptionalArgument, MorePeerFns.OptionalArgumentGradient, x, y, "optional");
        Check2(MorePeerFns.NamedArguments, MorePeerFns.NamedArgumentsGradient, x, y, "named");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // named arguments in reverse order, one of them an array
    public void Named_array_arguments(double y) =>
        CheckAX(MorePeerFns.NamedArgsArrays, MorePeerFns.NamedArgsArraysGradient, A5, y, "named_arrays");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // a[k++]: the index is evaluated once, in the forward sweep
    public void Post_increment_index(double x)
    {
        CheckAX(MorePeerFns.PostIncrementIndex, MorePeerFns.PostIncrementIndexGradient, A5, x, "post_increment");
        CheckAX(MorePeerFns.PostIncrementIndexInCall, MorePeerFns.PostIncrementIndexInCallGradient, A5, x, "post_increment_call");
    }
}
