using Diff;
using static Diff.Gradients.Tests.PeerCheck;

namespace Diff.Gradients.Tests;

/// <summary>
/// A fourth batch of ordinary numerical C#: float methods and buffers mixed with double locals,
/// span parameters, helper chains, loops with long counters and data-dependent exits, switch
/// statements and expressions, compound assignments, coefficient tables, and kinks evaluated exactly
/// at their ties. The routines follow Numerical Recipes (ddpoly, chebev, spline/splint, polint, RK4),
/// the losses and activations of ML libraries (Huber, pinball, log-cosh, stable log-loss, GELU, SELU),
/// and physics integrators (leapfrog, RK4 over a state array).
/// </summary>
public static partial class FourthPeerFns
{
    private const double HalfLog2Pi = 0.91893853320467274;
    private const double SeluAlpha = 1.6732632423543772;
    private const double SeluScale = 1.0507009873554805;
    private const float GeluC = 0.044715f;
    private const int SimpsonN = 10;
    private const long TrapN = 16L;

    private static readonly double[] Rk4B = { 1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6 };
    private static readonly double[] Rk4C = { 0.0, 0.5, 0.5, 1.0 };
    private static readonly double[] ChebC = { 1.2, -0.4, 0.25, 0.1, -0.05 };
    private static readonly float[] FloatTaps = { 0.2f, 0.5f, 0.3f };
    private static readonly double[] Knots = { 0.0, 0.5, 1.2, 2.0, 3.1 };
    private static readonly double[] Target5 = { 0.5, -1.0, 0.25, 1.5, 0.0 };
    private static readonly double[] Labels5 = { 1.0, 0.0, 1.0, 1.0, 0.0 };

    // ===================== float and mixed precision =====================

    // softplus with a float temperature, double locals, MathF in the return
    [Differentiable]
    public static float FloatSoftplusSum(float[] x, float beta)
    {
        float s = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            double z = beta * x[i];
            double sp = z > 20 ? z : Math.Log(1 + Math.Exp(z));
            s += (float)(sp / beta);
        }

        return s + MathF.Exp(-beta);
    }

    // Gaussian negative log-likelihood of float data with double parameters
    [Differentiable]
    public static double FloatDataGaussianNll(float[] x, double mu, double logSigma)
    {
        double sigma = Math.Exp(logSigma);
        double s = 0;
        foreach (float v in x)
        {
            double r = (v - mu) / sigma;
            s += 0.5 * r * r + logSigma + HalfLog2Pi;
        }

        return s;
    }

    // the static math methods of float, and MathF
    [Differentiable]
    public static float FloatStaticMath(float x, float y)
    {
        float r = float.Sqrt(x * x + y * y);
        return r + float.Exp(-x) * MathF.Sin(y) + float.Atan2(y, x) + float.Log(1f + r);
    }

    // the static math methods of double
    [Differentiable]
    public static double DoubleStaticMath(double x, double y)
    {
        return double.Exp(x * 0.3) * double.Cos(y) + double.Log(double.Hypot(x, y)) + double.Cbrt(x + 3) + double.Tanh(x - y);
    }

    // a local float buffer filled from double computations, read back into a double sum
    [Differentiable]
    public static double FloatLocalBuffer(float[] w, double x)
    {
        var h = new float[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            h[i] = (float)Math.Tanh(w[i] * x);
        }

        double s = 0;
        for (int i = 1; i < h.Length; i++)
        {
            s += h[i] * h[i - 1] + MathF.Sqrt(1f + h[i] * h[i]);
        }

        return s;
    }

    // RMS normalisation in float with a float table of taps
    [Differentiable]
    public static float FloatRmsNorm(float[] x, float eps)
    {
        double ss = 0;
        foreach (float v in x)
        {
            ss += v * v;
        }

        float rms = float.Sqrt((float)(ss / x.Length) + eps);
        float s = 0f;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] / rms * FloatTaps[i % 3];
        }

        return s;
    }

    // Abs, Max and Min of MathF at ties
    [Differentiable]
    public static float FloatTies(float x, float y) => MathF.Max(x, y) * 3f + MathF.Min(y, x) * 5f + MathF.Abs(x - y);

    // ===================== spans =====================

    [Differentiable]
    public static double SpanLogSumExp(ReadOnlySpan<double> x)
    {
        double m = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            m = Math.Max(m, x[i]);
        }

        double s = 0;
        foreach (double v in x)
        {
            s += Math.Exp(v - m);
        }

        return m + Math.Log(s);
    }

    // softmax cross-entropy: a span passed on to a helper
    [Differentiable]
    public static double SpanSoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label) => SpanLogSumExp(logits) - logits[label];

    [Differentiable]
    public static double SpanInnerProduct(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    // arrays passed to span helpers, the same array to both parameters
    [Differentiable]
    public static double CosineSimilarity(double[] a, double[] b) => SpanInnerProduct(a, b) / Math.Sqrt(SpanInnerProduct(a, a) * SpanInnerProduct(b, b));

    // compound *= and -= on span elements
    [Differentiable]
    public static void SpanScaleShift(Span<double> y, double a, double c)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] *= a;
            y[i] -= c;
        }
    }

    [Differentiable]
    public static double SpanScaledEnergy(double[] x, double a)
    {
        var buf = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            buf[i] = x[i];
        }

        SpanScaleShift(buf, a, 0.5);
        SpanScaleShift(buf, a, x[0]);
        double s = 0;
        for (int i = 0; i < buf.Length; i++)
        {
            s += buf[i] * buf[i] * (i + 1);
        }

        return s;
    }

    // log-cosh regression loss over two spans
    [Differentiable]
    public static double SpanLogCosh(ReadOnlySpan<double> pred, ReadOnlySpan<double> target)
    {
        double s = 0;
        for (int i = 0; i < pred.Length; i++)
        {
            double e = pred[i] - target[i];
            s += Math.Log(Math.Cosh(e));
        }

        return s / pred.Length;
    }

    // ===================== helper chains =====================

    [Differentiable]
    public static double ChainInner(double u, double a) => Math.Sin(a * u) + u * u;

    // the middle helper writes a buffer and returns a value
    [Differentiable]
    public static double ChainMiddle(double[] x, double[] buf, double a)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            buf[i] = ChainInner(x[i], a);
            s += buf[i];
        }

        return s / x.Length;
    }

    [Differentiable]
    public static double ChainOuter(double[] x, double a)
    {
        var buf = new double[x.Length];
        double mean = ChainMiddle(x, buf, a);
        double v = 0;
        for (int i = 0; i < buf.Length; i++)
        {
            double d = buf[i] - mean;
            v += d * d;
        }

        return v + mean * ChainInner(mean, a);
    }

    [Differentiable]
    public static double PhaseStep(double a, double t, int k) => k switch
    {
        0 => a * Math.Cos(t),
        1 => a * a * Math.Sin(t),
        _ => Math.Exp(-a * t * t),
    };

    // a helper called in a loop with i-dependent scalar and integer arguments
    [Differentiable]
    public static double StepSeries(double a, double x)
    {
        double s = 0;
        for (int i = 0; i < 7; i++)
        {
            s += PhaseStep(a, x * i, i % 3) / (i + 1);
        }

        return s;
    }

    // ===================== loops =====================

    // NR ddpoly: value and first derivative of a polynomial, descending long counter
    [Differentiable]
    public static double DdpolyLong(double[] c, double x)
    {
        int n = c.Length;
        double p = c[n - 1];
        double dp = 0;
        for (long j = n - 2; j >= 0; j--)
        {
            dp = dp * x + p;
            p = p * x + c[j];
        }

        return p + 0.5 * dp;
    }

    // NR chebev: Clenshaw recurrence over a static readonly coefficient table
    [Differentiable]
    public static double Chebev(double a, double b, double x)
    {
        double y = (2.0 * x - a - b) / (b - a);
        double y2 = 2.0 * y;
        double d = 0, dd = 0;
        for (int j = ChebC.Length - 1; j >= 1; j--)
        {
            double sv = d;
            d = y2 * d - dd + ChebC[j];
            dd = sv;
        }

        return y * d - dd + 0.5 * ChebC[0];
    }

    // Newton's cube root, do/while with a data-dependent exit
    [Differentiable]
    public static double NewtonCubeRoot(double x)
    {
        double y = x > 1 ? x / 3 : 1.0;
        double delta;
        int iter = 0;
        do
        {
            delta = (y * y * y - x) / (3 * y * y);
            y -= delta;
            iter++;
        }
        while (Math.Abs(delta) > 1e-14 * Math.Abs(y) && iter < 100);

        return y;
    }

    // exp by its series, while with a data-dependent exit
    [Differentiable]
    public static double ExpSeriesWhile(double x)
    {
        double term = 1, sum = 1;
        int k = 1;
        while (Math.Abs(term) > 1e-17 * Math.Abs(sum))
        {
            term *= x / k;
            sum += term;
            k++;
        }

        return sum;
    }

    // break out of the inner loop only
    [Differentiable]
    public static double NestedInnerBreak(double[] a, double t)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = i + 1; j < a.Length; j++)
            {
                double p = a[i] * a[j];
                if (p > t)
                {
                    break;
                }

                s += p * (j - i);
            }

            s += a[i] * t;
        }

        return s;
    }

    // continue in foreach, twice
    [Differentiable]
    public static double ForeachSkip(double[] a, double x)
    {
        double s = 0;
        foreach (double v in a)
        {
            if (v < 0)
            {
                continue;
            }

            s += Math.Pow(v, 1.5) * x;
            if (v * x > 1)
            {
                continue;
            }

            s += v * v;
        }

        return s;
    }

    // long counter ascending with long arithmetic in the weight
    [Differentiable]
    public static double TrapezoidLong(double a, double b)
    {
        double s = 0;
        for (long i = 0; i <= TrapN; i++)
        {
            double t = (double)i / TrapN;
            double w = (i == 0 || i == TrapN) ? 0.5 : 1.0;
            s += w * Math.Exp(-a * t) * Math.Sin(b * t + 1);
        }

        return s / TrapN;
    }

    // composite Simpson with the 1-4-2-4-…-1 weights as a nested conditional
    [Differentiable]
    public static double SimpsonGaussCos(double a, double b)
    {
        double h = 1.0 / SimpsonN;
        double s = 0;
        for (int i = 0; i <= SimpsonN; i++)
        {
            double t = i * h;
            double w = i == 0 || i == SimpsonN ? 1 : (i % 2 == 1 ? 4 : 2);
            s += w * Math.Exp(-a * t * t) * Math.Cos(b * t);
        }

        return s * h / 3;
    }

    // Kahan compensated summation
    [Differentiable]
    public static double KahanSum(double[] a, double x)
    {
        double sum = 0, c = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double y = a[i] * Math.Exp(x * i) - c;
            double t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }

        return sum;
    }

    // ===================== switches, conditionals, compound assignments =====================

    [Differentiable]
    public static double SwitchModes(int mode, double x, double y)
    {
        double r;
        switch (mode)
        {
            case 0:
                r = x * y;
                break;
            case 1:
            case 2:
                r = x / y + mode;
                break;
            case 3:
                return Math.Sqrt(x * x + y * y);
            default:
                r = Math.Exp(x - y);
                break;
        }

        return r * r + x;
    }

    [Differentiable]
    public static double RelationalSwitch(double x) => x switch
    {
        < -2 => -1 - x * x,
        < 0 => Math.Sin(x),
        <= 1 => x * x * x,
        _ => Math.Log(x) + 1,
    };

    [Differentiable]
    public static double WhenSwitch(double x, double y) => x switch
    {
        > 0 when y > 0 => x * y,
        > 0 => x - y * y,
        _ when y < -1 => x * x + y,
        _ => y * y * x,
    };

    [Differentiable]
    public static double NestedTernary3(double x, double y) =>
        x > 0 ? (y > 0 ? (x > y ? x * y : x + y) : x - y * y) : (y > x ? (y > 1 ? Math.Exp(x) : x * y * y) : y * x * x);

    // a conditional inside an index, for a read and for a compound write
    [Differentiable]
    public static double ConditionalIndex(double[] a, double x)
    {
        int n = a.Length;
        var buf = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += a[a[i] > x ? i : n - 1 - i] * x;
            buf[i % 2 == 0 ? i : n - 1] += a[i] * a[i];
        }

        for (int i = 0; i < n; i++)
        {
            s += buf[i] * (i + 1);
        }

        return s;
    }

    // every compound assignment on locals and elements
    [Differentiable]
    public static double CompoundAll(double[] a, double x)
    {
        int n = a.Length;
        var buf = new double[n];
        double p = 1;
        for (int i = 0; i < n; i++)
        {
            buf[i] += a[i];
            buf[i] *= x;
            buf[i] -= a[i] * a[i];
            buf[i] /= 1 + x * x;
            p *= 1 + 0.1 * buf[i];
            p /= 1 + 0.05 * a[i] * a[i];
            p -= 0.01 * x;
            p += 0.02 * buf[i];
        }

        return p;
    }

    // parameters reassigned with compound assignments
    [Differentiable]
    public static double ParameterReassign(double x, double y)
    {
        x *= y;
        y -= x;
        x /= 2;
        y += x * x;
        return x * y;
    }

    // ===================== coefficients =====================

    // integer division in coefficients, Math.PI, checked integer arithmetic
    [Differentiable]
    public static double HarmonicCoefficients(double[] a)
    {
        int n = a.Length;
        double s = 0;
        for (int k = 1; k <= n; k++)
        {
            int m = checked(k * (k + 1));
            s += a[k - 1] * a[k - 1] / m + Math.PI * a[k - 1] / (2 * n + 1);
            s += 1.0 / (k * (k + 1)) * Math.Sin(a[k - 1]);
        }

        return s + a[n - 1] * (n / 2);
    }

    // checked on a double expression
    [Differentiable]
    public static double CheckedDouble(double x, double y) => checked(x * y + 2 * x) + checked((int)3 * y);

    // ===================== physics =====================

    [Differentiable]
    public static void PendulumDeriv(double[] s, double damping, double[] ds)
    {
        ds[0] = s[1];
        ds[1] = -Math.Sin(s[0]) - damping * s[1];
    }

    // classical RK4 from static readonly tableaus, reusing stage buffers
    [Differentiable]
    public static double Rk4Pendulum(double[] s0, double damping, double h)
    {
        var s = new double[2];
        s[0] = s0[0];
        s[1] = s0[1];
        var k = new double[8];
        var tmp = new double[2];
        var ds = new double[2];
        for (int step = 0; step < 10; step++)
        {
            var acc = new double[2];
            for (int stage = 0; stage < 4; stage++)
            {
                for (int j = 0; j < 2; j++)
                {
                    tmp[j] = stage == 0 ? s[j] : s[j] + Rk4C[stage] * h * k[2 * (stage - 1) + j];
                }

                PendulumDeriv(tmp, damping, ds);
                for (int j = 0; j < 2; j++)
                {
                    k[2 * stage + j] = ds[j];
                    acc[j] += Rk4B[stage] * ds[j];
                }
            }

            for (int j = 0; j < 2; j++)
            {
                s[j] += h * acc[j];
            }
        }

        return s[0] * s[0] + 0.5 * s[1] * s[1];
    }

    [Differentiable]
    public static void ChainForces(double[] q, double k, double[] f)
    {
        for (int i = 0; i < f.Length; i++)
        {
            f[i] = 0;
        }

        for (int i = 0; i < q.Length - 1; i++)
        {
            double d = q[i + 1] - q[i];
            double fi = k * d + d * d * d;
            f[i] += fi;
            f[i + 1] -= fi;
        }
    }

    // leapfrog (velocity Verlet) on an anharmonic chain
    [Differentiable]
    public static double LeapfrogChain(double[] q0, double k, double dt)
    {
        int n = q0.Length;
        var q = new double[n];
        var p = new double[n];
        var f = new double[n];
        for (int i = 0; i < n; i++)
        {
            q[i] = q0[i];
        }

        ChainForces(q, k, f);
        for (int t = 0; t < 20; t++)
        {
            for (int i = 0; i < n; i++)
            {
                p[i] += 0.5 * dt * f[i];
            }

            for (int i = 0; i < n; i++)
            {
                q[i] += dt * p[i];
            }

            ChainForces(q, k, f);
            for (int i = 0; i < n; i++)
            {
                p[i] += 0.5 * dt * f[i];
            }
        }

        double e = 0;
        for (int i = 0; i < n; i++)
        {
            e += 0.5 * p[i] * p[i] + q[i] * q[i];
        }

        return e;
    }

    // ===================== interpolation =====================

    // NR spline + splint: natural cubic spline through fixed knots, evaluated at x
    [Differentiable]
    public static double NaturalSpline(double[] y, double x)
    {
        int n = y.Length;
        var y2 = new double[n];
        var u = new double[n];
        for (int i = 1; i < n - 1; i++)
        {
            double sig = (Knots[i] - Knots[i - 1]) / (Knots[i + 1] - Knots[i - 1]);
            double p = sig * y2[i - 1] + 2.0;
            y2[i] = (sig - 1.0) / p;
            u[i] = (y[i + 1] - y[i]) / (Knots[i + 1] - Knots[i]) - (y[i] - y[i - 1]) / (Knots[i] - Knots[i - 1]);
            u[i] = (6.0 * u[i] / (Knots[i + 1] - Knots[i - 1]) - sig * u[i - 1]) / p;
        }

        y2[n - 1] = 0;
        for (int k = n - 2; k >= 0; k--)
        {
            y2[k] = y2[k] * y2[k + 1] + u[k];
        }

        int klo = 0, khi = n - 1;
        while (khi - klo > 1)
        {
            int kk = (khi + klo) >> 1;
            if (Knots[kk] > x)
            {
                khi = kk;
            }
            else
            {
                klo = kk;
            }
        }

        double h = Knots[khi] - Knots[klo];
        double a = (Knots[khi] - x) / h;
        double b = (x - Knots[klo]) / h;
        return a * y[klo] + b * y[khi] + ((a * a * a - a) * y2[klo] + (b * b * b - b) * y2[khi]) * (h * h) / 6.0;
    }

    // NR polint: Neville's algorithm, with post-decrements inside element reads
    [Differentiable]
    public static double NevillePolint(double[] ya, double x)
    {
        int n = ya.Length;
        var c = new double[n];
        var d = new double[n];
        int ns = 0;
        double dif = Math.Abs(x - Knots[0]);
        for (int i = 0; i < n; i++)
        {
            double dift = Math.Abs(x - Knots[i]);
            if (dift < dif)
            {
                ns = i;
                dif = dift;
            }

            c[i] = ya[i];
            d[i] = ya[i];
        }

        double y = ya[ns--];
        for (int m = 1; m < n; m++)
        {
            for (int i = 0; i < n - m; i++)
            {
                double ho = Knots[i] - x;
                double hp = Knots[i + m] - x;
                double w = c[i + 1] - d[i];
                double den = ho - hp;
                den = w / den;
                d[i] = hp * den;
                c[i] = ho * den;
            }

            // NR writes 'y += 2 * (ns + 1) < (n - m) ? c[ns + 1] : d[ns--];', which DiffGen accepts too (Regressions.An_index_with_a_side_effect_in_one_branch_of_a_conditional)
            if (2 * (ns + 1) < (n - m))
            {
                y += c[ns + 1];
            }
            else
            {
                y += d[ns--];
            }
        }

        return y;
    }

    // ===================== losses and activations =====================

    [Differentiable]
    public static double HuberLoss(double[] pred, double delta)
    {
        double s = 0;
        for (int i = 0; i < pred.Length; i++)
        {
            double r = Math.Abs(pred[i] - Target5[i]);
            s += r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
        }

        return s / pred.Length;
    }

    [Differentiable]
    public static double PinballLoss(double[] pred, double tau)
    {
        double s = 0;
        for (int i = 0; i < pred.Length; i++)
        {
            double e = Target5[i] - pred[i];
            s += Math.Max(tau * e, (tau - 1) * e);
        }

        return s / pred.Length;
    }

    // the numerically stable logistic loss of the ML libraries
    [Differentiable]
    public static double StableLogLoss(double[] w, double bias)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double z = w[i] * (i - 2) + bias;
            s += Math.Max(z, 0) - z * Labels5[i] + Math.Log(1 + Math.Exp(-Math.Abs(z)));
        }

        return s;
    }

    // GELU (tanh form), SELU, ELU and SiLU chosen by a switch statement on i % 4
    [Differentiable]
    public static double Activations(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            double a;
            switch (i % 4)
            {
                case 0:
                    a = 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + GeluC * v * v * v)));
                    break;
                case 1:
                    a = SeluScale * (v > 0 ? v : SeluAlpha * (Math.Exp(v) - 1));
                    break;
                case 2:
                    a = v >= 0 ? v : double.ExpM1(v);
                    break;
                default:
                    a = v / (1 + Math.Exp(-v));
                    break;
            }

            s += a * (i + 1);
        }

        return s;
    }

    // Student-t log density without the Gamma terms
    [Differentiable]
    public static double StudentTLogPdf(double[] x, double nu, double scale)
    {
        double s = 0;
        foreach (double v in x)
        {
            double r = v / scale;
            s += -(nu + 1) / 2 * Math.Log(1 + r * r / nu) - Math.Log(scale) - 0.5 * Math.Log(nu * Math.PI);
        }

        return s;
    }

    // softmax with a temperature into a local array, then expectation and entropy
    [Differentiable]
    public static double SoftmaxTemperature(double[] logits, double temp)
    {
        int n = logits.Length;
        var p = new double[n];
        double m = logits[0];
        for (int i = 1; i < n; i++)
        {
            m = Math.Max(m, logits[i]);
        }

        double z = 0;
        for (int i = 0; i < n; i++)
        {
            p[i] = Math.Exp((logits[i] - m) / temp);
            z += p[i];
        }

        double mean = 0, entropy = 0;
        for (int i = 0; i < n; i++)
        {
            p[i] /= z;
            mean += p[i] * i;
            entropy -= p[i] * Math.Log(p[i]);
        }

        return mean + entropy;
    }

    // ===================== kinks =====================

    [Differentiable]
    public static double ClampScaled(double x, double lo, double hi) => Math.Clamp(x, lo, hi) * (1 + x);

    [Differentiable]
    public static double MaxMinTies(double x, double y) => Math.Max(x * y, x + y) + Math.Min(x, y) * 2;

    [Differentiable]
    public static double SignSquared(double x, double y) => Math.Sign(x - y) * (x - y) * (x - y) + Math.Abs(y) * x;
}

public static partial class FourthPeerFns
{
    private static readonly double Gain = Math.Sqrt(2.0);

    [Differentiable]
    public static double Lin(double a, double b) => 3 * a + 5 * b * b;

    // named arguments out of order
    [Differentiable]
    public static double NamedArgCall(double x, double y) => Lin(b: y, a: x) + Lin(b: x, a: y * 2);

    [Differentiable]
    public static double SoftplusBeta(double x, double beta = 2.0) => Math.Log(1 + Math.Exp(beta * x)) / beta;

    // an optional argument left out
    [Differentiable]
    public static double OptionalArgCall(double x, double y) => SoftplusBeta(x) + SoftplusBeta(y, x);

    // not here: a [Differentiable] 'params double[]' helper called with loose arguments, 'SumSquares(x, y, x * y)', is refused (DIFF013)

    // not here: an assignment inside an if condition, 'if ((dif = Math.Abs(x - a[i])) < best)', is refused (DIFF013); it used to lose the adjoint of the assigned local

    // two counters in one for
    [Differentiable]
    public static double TwoCounterFold(double[] a)
    {
        double s = 0;
        for (int i = 0, j = a.Length - 1; i < j; i++, j--)
        {
            s += a[i] * a[j] * (j - i);
        }

        return s;
    }

    // for (;;) with a convergence break
    [Differentiable]
    public static double CosFixedPoint(double c)
    {
        double y = 0;
        int k = 0;
        for (;;)
        {
            double next = Math.Cos(c * y);
            if (Math.Abs(next - y) < 1e-15 || ++k > 200)
            {
                y = next;
                break;
            }

            y = next;
        }

        return y;
    }

    // a post-increment inside an element read in a while loop
    [Differentiable]
    public static double PostIncrementRead(double[] a, double x)
    {
        int k = 0;
        double s = 0;
        while (k < a.Length - 1)
        {
            s += a[k++] * x;
            s *= 0.9;
        }

        return s + a[k];
    }

    [Differentiable]
    public static double ChainedAssign(double x, double y)
    {
        double u, v;
        u = v = x * y;
        u *= x;
        return u + v * v;
    }

    [Differentiable]
    public static double DoubleIncrement(double x, double y)
    {
        double t = x;
        t++;
        t *= y;
        t--;
        return t * t;
    }

    // the index of the minimum, then a read through it
    [Differentiable]
    public static double ArgMinRead(double[] a, double x)
    {
        double best = double.PositiveInfinity;
        int idx = -1;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] < best)
            {
                best = a[i];
                idx = i;
            }
        }

        return a[idx] * x + best * best;
    }

    [Differentiable]
    public static double PowerRecursive(double x, int n) => n == 0 ? 1.0 : x * PowerRecursive(x, n - 1);

    [Differentiable]
    public static double SwitchOnDouble(double x)
    {
        double r;
        switch (x)
        {
            case < -1:
                r = -x;
                break;
            case <= 1:
                r = x * x * 0.5 + 0.5;
                break;
            default:
                r = x;
                break;
        }

        return r * Math.Exp(0.1 * x);
    }

    [Differentiable]
    public static double OrAndPatterns(double x) => x switch
    {
        < -1 or > 1 => x * x,
        >= 0 and < 0.5 => Math.Sin(x),
        _ => x,
    };

    [Differentiable]
    public static double IndexFromEnd(double[] a, double x) => a[^1] * x + a[^2] * a[0];

    // not here: span helpers called with 'a.AsSpan(0, 2)' are refused (DIFF013)


    // not here: a local 'ReadOnlySpan<double> v = a;' over a differentiable array is refused (DIFF013)

    // a span helper that writes its output and returns the norm, on top of another span helper
    [Differentiable]
    public static double NormalizeInto(ReadOnlySpan<double> x, Span<double> y)
    {
        double n = Math.Sqrt(SpanInnerProduct(x, x));
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] / n;
        }

        return n;
    }

    [Differentiable]
    public static double NormalizeUse(double[] a)
    {
        var y = new double[a.Length];
        double n = NormalizeInto(a, y);
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += y[i] * (i + 1);
        }

        return s * n + n;
    }

    // in-place ratios on a local copy
    [Differentiable]
    public static double InPlaceRatios(double[] a)
    {
        int n = a.Length;
        var b = new double[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = a[i] + 2;
        }

        for (int i = 1; i < n; i++)
        {
            b[i] /= b[i - 1];
        }

        double s = 0;
        foreach (double v in b)
        {
            s += v;
        }

        return s;
    }

    // *= on an element chosen by a conditional
    [Differentiable]
    public static double CompoundConditionalTarget(double[] a, double x)
    {
        var buf = new double[] { 1, 1, 1, 1 };
        for (int i = 0; i < a.Length; i++)
        {
            buf[i > 2 ? i - 3 : i + 1] *= a[i] + x;
        }

        return buf[0] + 2 * buf[1] + 3 * buf[2] + 4 * buf[3];
    }

    [Differentiable]
    public static float FloatSwitch(float x, float y) => x switch
    {
        < 0f => x * x * y,
        _ => MathF.Sqrt(x + 1f) * y,
    };

    // a long counter as an index and an exponent, and a helper with a long-derived int
    [Differentiable]
    public static double LongIndexed(double[] a, double x)
    {
        double s = 0;
        for (long k = 0; k < a.Length; k++)
        {
            s += a[k] * Math.Pow(x, k) / (k + 1);
            s += PhaseStep(a[k], x * k, (int)(k % 3));
        }

        return s;
    }

    [Differentiable]
    public static double StepTwoDescending(double[] a, double x)
    {
        double s = 0;
        for (int i = a.Length - 1; i >= 0; i -= 2)
        {
            s = s * x + a[i];
        }

        return s;
    }

    [Differentiable]
    public static double LocalConsts(double x, double y)
    {
        const double c0 = 0.5;
        const int n = 4;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += c0 * Gain * Math.Sin(x * i + y) / n;
        }

        return s;
    }

    [Differentiable]
    public static double PowLogRound(double x) => Math.Pow(2, x) + Math.Pow(x, 2) + Math.Log(x, 2) + Math.Round(x, 2) * x;

    [Differentiable]
    public static float FloatClampScale(float x, float y) => float.Clamp(x, -1f, 1f) * y;

    // a return from inside a do/while
    [Differentiable]
    public static double DoWhileReturn(double[] a, double x)
    {
        int i = 0;
        double s = 0;
        do
        {
            s += a[i] * x;
            if (s > 2)
            {
                return s * s;
            }

            i++;
        }
        while (i < a.Length);

        return s;
    }

    [Differentiable]
    public static double Square(double x) => x * x;

    [Differentiable]
    public static float Square(float x) => x * x;

    // overloads of a helper picked by argument type
    [Differentiable]
    public static float OverloadedHelpers(float x, double y) => Square(x) + (float)Square(y * x);

    // a running Max over an array with repeated maxima: the earliest keeps the gradient
    [Differentiable]
    public static double RunningMax(double[] a)
    {
        double m = a[0];
        for (int i = 1; i < a.Length; i++)
        {
            m = Math.Max(m, a[i]);
        }

        return m;
    }

    [Differentiable]
    public static double MinOfThree(double x, double y, double z) => Math.Min(Math.Min(x, y), z) + x * Math.Sign(x);
}

public static partial class FourthPeerFns
{
    // a parameter overwritten in a loop: the logistic-map style recurrence
    [Differentiable]
    public static double ParameterRecurrence(double[] a, double x)
    {
        for (int i = 0; i < a.Length; i++)
        {
            x = Math.Sin(x) * 0.9 + a[i] * x;
        }

        return x;
    }

    // continue and break as section ends of a switch inside a loop
    [Differentiable]
    public static double SwitchInLoop(double[] a, double x)
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
                    if (a[i] < 0)
                    {
                        continue;
                    }

                    s *= 1 + 0.1 * a[i];
                    break;
                default:
                    s -= Math.Exp(-a[i] * x);
                    break;
            }

            s += 0.01 * x * i;
        }

        return s;
    }

    // a do/while with a data-dependent exit nested in a for, left early with break
    [Differentiable]
    public static double NestedDoBreak(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double t = Math.Abs(a[i]) + 0.5;
            int k = 0;
            do
            {
                t *= x;
                k++;
                if (t > 5)
                {
                    break;
                }
            }
            while (t > 0.05 && k < 20);

            s += t;
        }

        return s;
    }

    // the counter skips ahead inside the body
    [Differentiable]
    public static double CounterSkip(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] * x < 0)
            {
                i++;
                continue;
            }

            s += a[i] * a[i] * x;
        }

        return s;
    }

    // foreach over a local array whose later elements the body writes
    [Differentiable]
    public static double ForeachLiveWrites(double[] a, double x)
    {
        int n = a.Length;
        var buf = new double[n];
        for (int i = 0; i < n; i++)
        {
            buf[i] = a[i];
        }

        double s = 0;
        int idx = 0;
        foreach (double v in buf)
        {
            s += v * v;
            buf[(idx + 1) % n] += v * x;
            idx++;
        }

        return s + buf[0];
    }

    // not here: the value of a postfix increment on a double, 'double r = t++ * y;', is refused (DIFF013)

    // float compound assignments and a float increment
    [Differentiable]
    public static float FloatCompounds(float x, float y)
    {
        float f = 0f;
        f += x * y;
        f *= 2.5f;
        f -= MathF.Cos(x);
        f /= 1f + y * y;
        f++;
        return f * x;
    }

    // a data-dependent index from a cast of a differentiable value
    [Differentiable]
    public static double CastIndex(double[] a, double x)
    {
        int n = a.Length;
        int k = (int)Math.Abs(x * 3) % n;
        return a[k] * x + a[(k + 1) % n] * x * x;
    }

    // FusedMultiplyAdd, Lerp and CopySign
    [Differentiable]
    public static double FmaLerpCopySign(double x, double y, double t) =>
        Math.FusedMultiplyAdd(x, y, t) + double.Lerp(x, y, t) + Math.CopySign(x * x, y - t);

    // an element update that reads another element chosen by a conditional
    [Differentiable]
    public static double ConditionalReadUpdate(double[] a, double x)
    {
        int n = a.Length;
        var buf = new double[n];
        for (int i = 0; i < n; i++)
        {
            buf[i] = a[i];
        }

        for (int j = 1; j < n; j++)
        {
            buf[j] = buf[j] * x + buf[buf[j - 1] > 0 ? j - 1 : 0];
        }

        return buf[n - 1] + buf[0];
    }

    // an early return from a foreach over a span
    [Differentiable]
    public static double SpanEarlyReturn(ReadOnlySpan<double> a, double x)
    {
        double s = 0;
        foreach (double v in a)
        {
            s += v * x;
            if (s > 1.5)
            {
                return s * v;
            }
        }

        return -s;
    }
}

public static partial class FourthPeerFns
{
    // relational patterns with and/or in 'is' expressions
    [Differentiable]
    public static double IsPatternRanges(double x, double y) => x is > 0 and < 1 ? x * y : (y is < 0 or > 2 ? y * y : x + y);

    // a guard through double.IsFinite
    [Differentiable]
    public static double IsFiniteGuard(double x, double y)
    {
        double r = x / y;
        return double.IsFinite(r) ? r * r : 0;
    }

    // float casts and MathF inside a double method
    [Differentiable]
    public static double FloatCastInDouble(double x, double y) => MathF.Exp((float)(x * 0.5)) * y + Math.Sqrt((float)y + 1f);

    // a switch expression over Math.Sign of a differentiable difference
    [Differentiable]
    public static double SignSwitch(double x, double y) => Math.Sign(x - y) switch
    {
        -1 => x * x,
        0 => y,
        _ => x * y,
    };
}

public sealed partial class PeerSuitesFourth
{
    private static readonly double[] A5 = { 0.7, -1.3, 0.4, 0.9, 1.6 };
    private static readonly double[] B5 = { -0.2, 0.5, 1.1, -0.8, 0.3 };
    private static readonly double[] P5 = { 0.6, 1.3, 0.8, 1.7, 1.1 };

    private delegate float GF2(float x, float y, ref float dX, ref float dY);

    // ----- float and mixed precision -----

    [Theory]
    [InlineData(1.5f)]
    [InlineData(0.5f)]
    public void Float_softplus_sum(float beta)
    {
        float[] x = { 0.75f, -0.5f, 1.25f, 30f };
        var dX = new float[4];
        float dBeta = 0;
        float v = FourthPeerFns.FloatSoftplusSumGradient((float[])x.Clone(), beta, dX, ref dBeta);
        Grad.SameValue(FourthPeerFns.FloatSoftplusSum(x, beta), v, "float_softplus");
        double Twin(double[] p)
        {
            double s = 0;
            for (int i = 0; i < 4; i++)
            {
                double z = p[4] * p[i];
                s += (z > 20 ? z : Math.Log(1 + Math.Exp(z))) / p[4];
            }

            return s + Math.Exp(-p[4]);
        }

        Grad.CheckFloat(Twin, Fd.Pack(Fd.ToDouble(x), (double)beta), new[] { dX[0], dX[1], dX[2], dX[3], dBeta }, "float_softplus");
    }

    [Theory]
    [InlineData(0.3, -0.2)]
    [InlineData(-1.1, 0.4)]
    public void Float_data_gaussian_nll(double mu, double logSigma)
    {
        float[] x = { 0.75f, -0.5f, 1.25f };
        var dX = new float[3];
        double dMu = 0, dLs = 0;
        double v = FourthPeerFns.FloatDataGaussianNllGradient((float[])x.Clone(), mu, logSigma, dX, ref dMu, ref dLs);
        Grad.SameValue(FourthPeerFns.FloatDataGaussianNll(x, mu, logSigma), v, "float_nll");
        double Twin(double[] p)
        {
            double s = 0;
            for (int i = 0; i < 3; i++)
            {
                double r = (p[i] - p[3]) / Math.Exp(p[4]);
                s += 0.5 * r * r + p[4] + 0.91893853320467274;
            }

            return s;
        }

        Grad.CheckFloat(Twin, Fd.Pack(Fd.ToDouble(x), mu, logSigma), new[] { dX[0], dX[1], dX[2], (float)dMu, (float)dLs }, "float_nll");
    }

    private static void CheckF2(Func<float, float, float> f, GF2 g, Func<double[], double> twin, float x, float y, string what)
    {
        float dX = 0, dY = 0;
        float v = g(x, y, ref dX, ref dY);
        Grad.SameValue(f(x, y), v, what);
        Grad.CheckFloat(twin, new double[] { x, y }, new[] { dX, dY }, what);
    }

    [Theory]
    [InlineData(0.7f, 1.2f)]
    [InlineData(-1.3f, 0.4f)]
    public void Float_static_math(float x, float y) =>
        CheckF2(FourthPeerFns.FloatStaticMath, FourthPeerFns.FloatStaticMathGradient, p =>
        {
            double r = Math.Sqrt(p[0] * p[0] + p[1] * p[1]);
            return r + Math.Exp(-p[0]) * Math.Sin(p[1]) + Math.Atan2(p[1], p[0]) + Math.Log(1 + r);
        }, x, y, "float_static");

    [Theory]
    [InlineData(0.7, 1.2)]
    [InlineData(-1.3, 0.4)]
    public void Double_static_math(double x, double y) =>
        Check2(FourthPeerFns.DoubleStaticMath, FourthPeerFns.DoubleStaticMathGradient, x, y, "double_static");

    [Theory]
    [InlineData(0.8)]
    [InlineData(-0.6)]
    public void Float_local_buffer(double x)
    {
        float[] w = { 0.25f, -0.5f, 1.5f, 0.75f };
        var dW = new float[4];
        double dX = 0;
        double v = FourthPeerFns.FloatLocalBufferGradient((float[])w.Clone(), x, dW, ref dX);
        Grad.SameValue(FourthPeerFns.FloatLocalBuffer(w, x), v, "float_buffer");
        double Twin(double[] p)
        {
            var h = new double[4];
            for (int i = 0; i < 4; i++) h[i] = Math.Tanh(p[i] * p[4]);
            double s = 0;
            for (int i = 1; i < 4; i++) s += h[i] * h[i - 1] + Math.Sqrt(1 + h[i] * h[i]);
            return s;
        }

        Grad.CheckFloat(Twin, Fd.Pack(Fd.ToDouble(w), x), new[] { dW[0], dW[1], dW[2], dW[3], (float)dX }, "float_buffer");
    }

    [Fact]
    public void Float_rms_norm()
    {
        float[] x = { 0.75f, -0.5f, 1.25f, 2f, -0.3f };
        var dX = new float[5];
        float dEps = 0;
        float v = FourthPeerFns.FloatRmsNormGradient((float[])x.Clone(), 0.01f, dX, ref dEps);
        Grad.SameValue(FourthPeerFns.FloatRmsNorm(x, 0.01f), v, "rms");
        double[] taps = { 0.2, 0.5, 0.3 };
        double Twin(double[] p)
        {
            double ss = 0;
            for (int i = 0; i < 5; i++) ss += p[i] * p[i];
            double rms = Math.Sqrt(ss / 5 + p[5]);
            double s = 0;
            for (int i = 0; i < 5; i++) s += p[i] / rms * taps[i % 3];
            return s;
        }

        Grad.CheckFloat(Twin, Fd.Pack(Fd.ToDouble(x), (double)0.01f), new[] { dX[0], dX[1], dX[2], dX[3], dX[4], dEps }, "rms");
    }

    [Fact]
    // at x == y: Max goes to x (3), Min(y, x) goes to y (5), Abs'(0) = 0
    public void Float_ties()
    {
        float dX = 0, dY = 0;
        float v = FourthPeerFns.FloatTiesGradient(1.5f, 1.5f, ref dX, ref dY);
        Grad.SameValue(FourthPeerFns.FloatTies(1.5f, 1.5f), v, "float_ties");
        // Both ties split in half: 3 / 2 + 5 / 2 each; Abs'(0) = 0.
        Assert.Equal(4f, dX);
        Assert.Equal(4f, dY);
        CheckF2(FourthPeerFns.FloatTies, FourthPeerFns.FloatTiesGradient, p => Math.Max(p[0], p[1]) * 3 + Math.Min(p[1], p[0]) * 5 + Math.Abs(p[0] - p[1]), 0.5f, 1.25f, "float_ties2");
    }

    // ----- spans -----

    [Fact]
    public void Span_log_sum_exp()
    {
        foreach (var a in new[] { A5, B5 })
        {
            var dA = new double[a.Length];
            double v = FourthPeerFns.SpanLogSumExpGradient(a, dA);
            Grad.SameValue(FourthPeerFns.SpanLogSumExp(a), v, "lse");
            Grad.Check(p => FourthPeerFns.SpanLogSumExp(p), (double[])a.Clone(), dA, "lse");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Span_softmax_cross_entropy(int label)
    {
        var dA = new double[5];
        double v = FourthPeerFns.SpanSoftmaxCrossEntropyGradient(A5, label, dA);
        Grad.SameValue(FourthPeerFns.SpanSoftmaxCrossEntropy(A5, label), v, "softmax_ce");
        Grad.Check(p => FourthPeerFns.SpanSoftmaxCrossEntropy(p, label), (double[])A5.Clone(), dA, "softmax_ce");
    }

    [Fact]
    public void Cosine_similarity() =>
        CheckAB(FourthPeerFns.CosineSimilarity, FourthPeerFns.CosineSimilarityGradient, A5, B5, "cosine");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.4)]
    public void Span_scaled_energy(double a) =>
        CheckAX(FourthPeerFns.SpanScaledEnergy, FourthPeerFns.SpanScaledEnergyGradient, A5, a, "span_scaled");

    [Fact]
    public void Span_log_cosh()
    {
        var dP = new double[5];
        var dT = new double[5];
        double v = FourthPeerFns.SpanLogCoshGradient(A5, B5, dP, dT);
        Grad.SameValue(FourthPeerFns.SpanLogCosh(A5, B5), v, "log_cosh");
        Grad.Check(p => FourthPeerFns.SpanLogCosh(Fd.Slice(p, 0, 5), Fd.Slice(p, 5, 5)), Fd.Pack(A5, B5), Fd.Pack(dP, dT), "log_cosh");
    }

    // ----- helper chains -----

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.4)]
    public void Chain_outer(double a) =>
        CheckAX(FourthPeerFns.ChainOuter, FourthPeerFns.ChainOuterGradient, A5, a, "chain_outer");

    [Theory]
    [InlineData(0.7, 0.3)]
    [InlineData(-0.4, 1.1)]
    public void Step_series(double a, double x) =>
        Check2(FourthPeerFns.StepSeries, FourthPeerFns.StepSeriesGradient, a, x, "step_series");

    // ----- loops -----

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void Ddpoly_long(double x) =>
        CheckAX(FourthPeerFns.DdpolyLong, FourthPeerFns.DdpolyLongGradient, A5, x, "ddpoly");

    [Theory]
    [InlineData(-1.0, 2.0, 0.3)]
    [InlineData(0.5, 3.5, 2.9)]
    public void Chebev(double a, double b, double x) =>
        Check3(FourthPeerFns.Chebev, FourthPeerFns.ChebevGradient, a, b, x, "chebev");

    [Theory]
    [InlineData(2.5)]
    [InlineData(0.4)]
    public void Newton_cube_root(double x)
    {
        Check1(FourthPeerFns.NewtonCubeRoot, FourthPeerFns.NewtonCubeRootGradient, x, "cbrt");
        double dX = 0;
        double y = FourthPeerFns.NewtonCubeRootGradient(x, ref dX);
        Assert.Equal(1 / (3 * y * y), dX, 1e-10);
    }

    [Theory]
    [InlineData(1.3)]
    [InlineData(-2.1)]
    public void Exp_series_while(double x) =>
        Check1(FourthPeerFns.ExpSeriesWhile, FourthPeerFns.ExpSeriesWhileGradient, x, "exp_series");

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    public void Nested_inner_break(double t) =>
        CheckAX(FourthPeerFns.NestedInnerBreak, FourthPeerFns.NestedInnerBreakGradient, A5, t, "inner_break");

    [Theory]
    [InlineData(0.7)]
    [InlineData(1.5)]
    public void Foreach_skip(double x) =>
        CheckAX(FourthPeerFns.ForeachSkip, FourthPeerFns.ForeachSkipGradient, A5, x, "foreach_skip");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-0.4, 2.2)]
    public void Trapezoid_long(double a, double b) =>
        Check2(FourthPeerFns.TrapezoidLong, FourthPeerFns.TrapezoidLongGradient, a, b, "trapezoid");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-0.4, 2.2)]
    public void Simpson_gauss_cos(double a, double b) =>
        Check2(FourthPeerFns.SimpsonGaussCos, FourthPeerFns.SimpsonGaussCosGradient, a, b, "simpson");

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.2)]
    public void Kahan_sum(double x) =>
        CheckAX(FourthPeerFns.KahanSum, FourthPeerFns.KahanSumGradient, A5, x, "kahan");

    // ----- switches, conditionals, compound assignments -----

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Switch_modes(int mode)
    {
        Check2((x, y) => FourthPeerFns.SwitchModes(mode, x, y), (double x, double y, ref double dX, ref double dY) => FourthPeerFns.SwitchModesGradient(mode, x, y, ref dX, ref dY), 0.7, 1.3, "switch_modes" + mode);
    }

    [Theory]
    [InlineData(-2.5)]
    [InlineData(-0.7)]
    [InlineData(0.6)]
    [InlineData(2.3)]
    public void Relational_switch(double x) =>
        Check1(FourthPeerFns.RelationalSwitch, FourthPeerFns.RelationalSwitchGradient, x, "relational_switch");

    [Fact]
    // on the boundaries the arm the patterns pick: x = 0 is x^3 (0), x = 1 is x^3 (3), x = -2 is Sin
    public void Relational_switch_boundaries()
    {
        double dX = 0;
        FourthPeerFns.RelationalSwitchGradient(0.0, ref dX);
        Assert.Equal(0.0, dX);
        dX = 0;
        FourthPeerFns.RelationalSwitchGradient(1.0, ref dX);
        Assert.Equal(3.0, dX);
        dX = 0;
        FourthPeerFns.RelationalSwitchGradient(-2.0, ref dX);
        Assert.Equal(Math.Cos(-2.0), dX);
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(0.7, -1.3)]
    [InlineData(-0.7, -1.3)]
    [InlineData(-0.7, 0.4)]
    public void When_switch(double x, double y) =>
        Check2(FourthPeerFns.WhenSwitch, FourthPeerFns.WhenSwitchGradient, x, y, "when_switch");

    [Theory]
    [InlineData(1.3, 0.7)]
    [InlineData(0.7, 1.3)]
    [InlineData(0.7, -1.3)]
    [InlineData(-0.7, 1.3)]
    [InlineData(-0.7, 0.4)]
    [InlineData(-0.7, -1.3)]
    public void Nested_ternary3(double x, double y) =>
        Check2(FourthPeerFns.NestedTernary3, FourthPeerFns.NestedTernary3Gradient, x, y, "ternary3");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.9)]
    public void Conditional_index(double x) =>
        CheckAX(FourthPeerFns.ConditionalIndex, FourthPeerFns.ConditionalIndexGradient, A5, x, "cond_index");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.9)]
    public void Compound_all(double x) =>
        CheckAX(FourthPeerFns.CompoundAll, FourthPeerFns.CompoundAllGradient, A5, x, "compound_all");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 0.4)]
    public void Parameter_reassign(double x, double y) =>
        Check2(FourthPeerFns.ParameterReassign, FourthPeerFns.ParameterReassignGradient, x, y, "param_reassign");

    // ----- coefficients -----

    [Fact]
    public void Harmonic_coefficients()
    {
        CheckA(FourthPeerFns.HarmonicCoefficients, FourthPeerFns.HarmonicCoefficientsGradient, A5, "harmonic");
        CheckA(FourthPeerFns.HarmonicCoefficients, FourthPeerFns.HarmonicCoefficientsGradient, new[] { 0.3, -0.2, 1.1 }, "harmonic");
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 0.4)]
    public void Checked_double(double x, double y) =>
        Check2(FourthPeerFns.CheckedDouble, FourthPeerFns.CheckedDoubleGradient, x, y, "checked");

    // ----- physics -----

    [Theory]
    [InlineData(0.1, 0.05)]
    [InlineData(0.4, 0.1)]
    public void Rk4_pendulum(double damping, double h) =>
        CheckAXY(FourthPeerFns.Rk4Pendulum, FourthPeerFns.Rk4PendulumGradient, new[] { 0.8, -0.3 }, damping, h, "rk4");

    [Theory]
    [InlineData(1.5, 0.05)]
    [InlineData(0.5, 0.02)]
    public void Leapfrog_chain(double k, double dt) =>
        CheckAXY(FourthPeerFns.LeapfrogChain, FourthPeerFns.LeapfrogChainGradient, new[] { 0.1, -0.2, 0.3, 0.05 }, k, dt, "leapfrog");

    // ----- interpolation -----

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(2.6)]
    public void Natural_spline(double x) =>
        CheckAX(FourthPeerFns.NaturalSpline, FourthPeerFns.NaturalSplineGradient, A5, x, "spline");

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(2.6)]
    public void Neville_polint(double x) =>
        CheckAX(FourthPeerFns.NevillePolint, FourthPeerFns.NevillePolintGradient, A5, x, "polint");

    // ----- losses and activations -----

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.3)]
    public void Huber_loss(double delta) =>
        CheckAX(FourthPeerFns.HuberLoss, FourthPeerFns.HuberLossGradient, A5, delta, "huber");

    [Fact]
    // pred equal to the target: Abs'(0) = 0, so the element gets nothing
    public void Huber_loss_at_target()
    {
        var pred = new[] { 0.5, 0.0, 0.25, 1.5, 0.0 };
        var dP = new double[5];
        double dDelta = 0;
        FourthPeerFns.HuberLossGradient(pred, 1.0, dP, ref dDelta);
        Assert.Equal(0.0, dP[0]);
        Assert.Equal(0.0, dP[2]);
        Assert.Equal(0.0, dP[3]);
        Assert.Equal(0.0, dP[4]);
        Assert.Equal(0.2, dP[1], 1e-15);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void Pinball_loss(double tau) =>
        CheckAX(FourthPeerFns.PinballLoss, FourthPeerFns.PinballLossGradient, A5, tau, "pinball");

    [Fact]
    // e == 0: the Max tie goes to its first argument tau * e, so d/dpred = -tau / n
    public void Pinball_loss_at_target()
    {
        var pred = new[] { 0.5, 0.0, 0.25, 1.5, 0.0 };
        var dP = new double[5];
        double dTau = 0;
        FourthPeerFns.PinballLossGradient(pred, 0.3, dP, ref dTau);
        // At the target the two slopes −τ and 1 − τ tie and split: (0.5 − τ) / n.
        Assert.Equal((0.5 - 0.3) / 5, dP[0], 1e-15);
        Assert.Equal((1 - 0.3) / 5, dP[1], 1e-15);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.8)]
    public void Stable_log_loss(double bias) =>
        CheckAX(FourthPeerFns.StableLogLoss, FourthPeerFns.StableLogLossGradient, A5, bias, "log_loss");

    [Fact]
    // z == 0 at i == 2 (w[2] * 0 + 0): Max ties to z (1), Abs'(0) = 0, so dz = 1 - y
    public void Stable_log_loss_at_zero()
    {
        var w = new[] { 0.0, 0.0, 0.0, 0.0, 0.0 };
        var dW = new double[5];
        double dB = 0;
        FourthPeerFns.StableLogLossGradient(w, 0.0, dW, ref dB);
        double expected = 0;
        double[] labels = { 1.0, 0.0, 1.0, 1.0, 0.0 };
        // At z = 0 the loss's derivative is σ(0) − y = 0.5 − y: Max(z, 0) splits its tie and Abs'(0) = 0.
        for (int i = 0; i < 5; i++)
        {
            expected += 0.5 - labels[i];
            Assert.Equal((0.5 - labels[i]) * (i - 2), dW[i], 1e-15);
        }

        Assert.Equal(expected, dB, 1e-15);
    }

    [Fact]
    public void Activations()
    {
        CheckA(FourthPeerFns.Activations, FourthPeerFns.ActivationsGradient, new[] { 0.7, -1.3, 0.4, -0.9, -1.6, 0.5, -0.2, 1.1 }, "activations");
        CheckA(FourthPeerFns.Activations, FourthPeerFns.ActivationsGradient, new[] { -0.7, 1.3, -0.4, 0.9 }, "activations");
    }

    [Theory]
    [InlineData(3.0, 1.2)]
    [InlineData(0.8, 0.5)]
    public void Student_t_log_pdf(double nu, double scale) =>
        CheckAXY(FourthPeerFns.StudentTLogPdf, FourthPeerFns.StudentTLogPdfGradient, A5, nu, scale, "student_t");

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.4)]
    public void Softmax_temperature(double temp) =>
        CheckAX(FourthPeerFns.SoftmaxTemperature, FourthPeerFns.SoftmaxTemperatureGradient, A5, temp, "softmax_temp");

    // ----- kinks -----

    [Theory]
    [InlineData(0.7, 0.0, 2.0)]
    [InlineData(-0.7, 0.0, 2.0)]
    [InlineData(2.7, 0.0, 2.0)]
    public void Clamp_scaled(double x, double lo, double hi) =>
        Check3(FourthPeerFns.ClampScaled, FourthPeerFns.ClampScaledGradient, x, lo, hi, "clamp");

    [Fact]
    // x on a bound: the gradient goes to x
    public void Clamp_scaled_at_bounds()
    {
        double dX = 0, dLo = 0, dHi = 0;
        FourthPeerFns.ClampScaledGradient(0.5, 0.5, 2.0, ref dX, ref dLo, ref dHi);
        Assert.Equal(2.0, dX);
        Assert.Equal(0.0, dLo);
        Assert.Equal(0.0, dHi);
        dX = dLo = dHi = 0;
        FourthPeerFns.ClampScaledGradient(2.0, 0.5, 2.0, ref dX, ref dLo, ref dHi);
        Assert.Equal(5.0, dX);
        Assert.Equal(0.0, dLo);
        Assert.Equal(0.0, dHi);
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(3.0, 1.2)]
    public void Max_min_ties(double x, double y) =>
        Check2(FourthPeerFns.MaxMinTies, FourthPeerFns.MaxMinTiesGradient, x, y, "maxmin");

    [Fact]
    // x = y = 2: x*y == x+y, Max ties to x*y (dX = y, dY = x), Min ties to x (dX += 2)
    public void Max_min_ties_at_tie() =>
        AtPoint(FourthPeerFns.MaxMinTiesGradient, FourthPeerFns.MaxMinTies, 2.0, 2.0, 2.5, 2.5, "maxmin_tie");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 0.4)]
    public void Sign_squared(double x, double y) =>
        Check2(FourthPeerFns.SignSquared, FourthPeerFns.SignSquaredGradient, x, y, "sign_sq");

    [Fact]
    public void Sign_squared_at_kinks()
    {
        AtPoint(FourthPeerFns.SignSquaredGradient, FourthPeerFns.SignSquared, 0.0, 0.0, 0.0, 0.0, "sign0");
        AtPoint(FourthPeerFns.SignSquaredGradient, FourthPeerFns.SignSquared, 1.0, 1.0, 1.0, 1.0, "sign1");
    }
}

public sealed partial class PeerSuitesFourth
{
    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 0.4)]
    public void Named_arg_call(double x, double y) =>
        Check2(FourthPeerFns.NamedArgCall, FourthPeerFns.NamedArgCallGradient, x, y, "named");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 0.4)]
    public void Optional_arg_call(double x, double y) =>
        Check2(FourthPeerFns.OptionalArgCall, FourthPeerFns.OptionalArgCallGradient, x, y, "optional");


    [Fact]
    public void Two_counter_fold()
    {
        CheckA(FourthPeerFns.TwoCounterFold, FourthPeerFns.TwoCounterFoldGradient, A5, "two_counter");
        CheckA(FourthPeerFns.TwoCounterFold, FourthPeerFns.TwoCounterFoldGradient, P4x, "two_counter");
    }

    private static readonly double[] P4x = { 0.6, 1.3, 0.8, 1.7 };

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.3)]
    public void Cos_fixed_point(double c) =>
        Check1(FourthPeerFns.CosFixedPoint, FourthPeerFns.CosFixedPointGradient, c, "cos_fixed");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    public void Post_increment_read(double x) =>
        CheckAX(FourthPeerFns.PostIncrementRead, FourthPeerFns.PostIncrementReadGradient, A5, x, "post_inc");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 0.4)]
    public void Chained_assign(double x, double y) =>
        Check2(FourthPeerFns.ChainedAssign, FourthPeerFns.ChainedAssignGradient, x, y, "chained");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 0.4)]
    public void Double_increment(double x, double y) =>
        Check2(FourthPeerFns.DoubleIncrement, FourthPeerFns.DoubleIncrementGradient, x, y, "dinc");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    public void Arg_min_read(double x) =>
        CheckAX(FourthPeerFns.ArgMinRead, FourthPeerFns.ArgMinReadGradient, A5, x, "argmin");

    [Theory]
    [InlineData(0.7, 3)]
    [InlineData(-1.2, 4)]
    public void Pow_rec(double x, int n) =>
        Check1(v => FourthPeerFns.PowerRecursive(v, n), (double v, ref double dV) => FourthPeerFns.PowerRecursiveGradient(v, n, ref dV), x, "pow_rec");

    [Theory]
    [InlineData(-1.7)]
    [InlineData(0.4)]
    [InlineData(2.3)]
    public void Switch_on_double(double x) =>
        Check1(FourthPeerFns.SwitchOnDouble, FourthPeerFns.SwitchOnDoubleGradient, x, "switch_double");

    [Theory]
    [InlineData(-1.7)]
    [InlineData(0.3)]
    [InlineData(0.7)]
    [InlineData(2.3)]
    public void Or_and_patterns(double x) =>
        Check1(FourthPeerFns.OrAndPatterns, FourthPeerFns.OrAndPatternsGradient, x, "or_and");

    [Theory]
    [InlineData(0.5)]
    public void Index_from_end(double x) =>
        CheckAX(FourthPeerFns.IndexFromEnd, FourthPeerFns.IndexFromEndGradient, A5, x, "from_end");



    [Fact]
    public void Normalize_use()
    {
        CheckA(FourthPeerFns.NormalizeUse, FourthPeerFns.NormalizeUseGradient, A5, "normalize");
        CheckA(FourthPeerFns.NormalizeUse, FourthPeerFns.NormalizeUseGradient, B5, "normalize");
    }

    [Fact]
    public void In_place_ratios() =>
        CheckA(FourthPeerFns.InPlaceRatios, FourthPeerFns.InPlaceRatiosGradient, P5, "ratios");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.3)]
    public void Compound_conditional_target(double x) =>
        CheckAX(FourthPeerFns.CompoundConditionalTarget, FourthPeerFns.CompoundConditionalTargetGradient, A5, x, "cond_target");

    [Theory]
    [InlineData(-0.7f, 1.3f)]
    [InlineData(0.6f, -0.4f)]
    public void Float_switch(float x, float y) =>
        CheckF2(FourthPeerFns.FloatSwitch, FourthPeerFns.FloatSwitchGradient, p => p[0] < 0 ? p[0] * p[0] * p[1] : Math.Sqrt(p[0] + 1) * p[1], x, y, "float_switch");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    public void Long_indexed(double x) =>
        CheckAX(FourthPeerFns.LongIndexed, FourthPeerFns.LongIndexedGradient, A5, x, "long_indexed");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    public void Step_two_descending(double x) =>
        CheckAX(FourthPeerFns.StepTwoDescending, FourthPeerFns.StepTwoDescendingGradient, A5, x, "step_two");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 0.4)]
    public void Local_consts(double x, double y) =>
        Check2(FourthPeerFns.LocalConsts, FourthPeerFns.LocalConstsGradient, x, y, "local_consts");

    [Theory]
    [InlineData(0.7)]
    [InlineData(2.3)]
    public void Pow_log_round(double x)
    {
        double dX = 0;
        double v = FourthPeerFns.PowLogRoundGradient(x, ref dX);
        Grad.SameValue(FourthPeerFns.PowLogRound(x), v, "pow_log_round");
        double expected = Math.Log(2) * Math.Pow(2, x) + 2 * x + 1 / (x * Math.Log(2)) + Math.Round(x, 2);
        Assert.Equal(expected, dX, 1e-12);
    }

    [Fact]
    public void Float_clamp_scale()
    {
        float dX = 0, dY = 0;
        FourthPeerFns.FloatClampScaleGradient(1f, 2f, ref dX, ref dY);
        Assert.Equal(2f, dX);
        Assert.Equal(1f, dY);
        CheckF2(FourthPeerFns.FloatClampScale, FourthPeerFns.FloatClampScaleGradient, p => Math.Clamp(p[0], -1, 1) * p[1], 0.5f, 2f, "float_clamp");
        CheckF2(FourthPeerFns.FloatClampScale, FourthPeerFns.FloatClampScaleGradient, p => Math.Clamp(p[0], -1, 1) * p[1], -1.5f, 2f, "float_clamp");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(-1.2)]
    public void Do_while_return(double x) =>
        CheckAX(FourthPeerFns.DoWhileReturn, FourthPeerFns.DoWhileReturnGradient, A5, x, "do_return");

    [Fact]
    public void Overloaded_helpers()
    {
        float dX = 0;
        double dY = 0;
        float v = FourthPeerFns.OverloadedHelpersGradient(0.75f, 1.5, ref dX, ref dY);
        Grad.SameValue(FourthPeerFns.OverloadedHelpers(0.75f, 1.5), v, "overloads");
        Grad.CheckFloat(p => p[0] * p[0] + p[1] * p[0] * p[1] * p[0], new[] { 0.75, 1.5 }, new[] { dX, (float)dY }, "overloads");
    }

    [Fact]
    // a = {1, 3, 3, 2}: Max(m, a[i]) ties to m, so a[1] keeps the gradient
    public void Running_max_tie()
    {
        var dA = new double[4];
        double v = FourthPeerFns.RunningMaxGradient(new[] { 1.0, 3.0, 3.0, 2.0 }, dA);
        Assert.Equal(3.0, v);
        Assert.Equal(new[] { 0.0, 0.5, 0.5, 0.0 }, dA);
    }

    [Fact]
    // x = y = z = 0: Min ties go to x, Sign(0) = 0 and x * Sign(x) gives 0
    public void Min_of_three_ties()
    {
        double dX = 0, dY = 0, dZ = 0;
        FourthPeerFns.MinOfThreeGradient(0.0, 0.0, 0.0, ref dX, ref dY, ref dZ);
        // The inner tie splits the outer one's half: 1/4, 1/4, 1/2; x · Sign(x) gives 0 at 0.
        Assert.Equal(new[] { 0.25, 0.25, 0.5 }, new[] { dX, dY, dZ });
        Check3(FourthPeerFns.MinOfThree, FourthPeerFns.MinOfThreeGradient, 0.7, -0.3, 0.2, "min3");
        Check3(FourthPeerFns.MinOfThree, FourthPeerFns.MinOfThreeGradient, -0.7, 0.3, 0.2, "min3");
    }
}

public sealed partial class PeerSuitesFourth
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    public void Parameter_recurrence(double x) =>
        CheckAX(FourthPeerFns.ParameterRecurrence, FourthPeerFns.ParameterRecurrenceGradient, new[] { 0.7, -0.3, 0.4, 0.9, 0.6 }, x, "param_rec");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    public void Switch_in_loop(double x) =>
        CheckAX(FourthPeerFns.SwitchInLoop, FourthPeerFns.SwitchInLoopGradient, new[] { 0.7, -1.3, 0.4, 0.9, 1.6, -0.5, 0.8 }, x, "switch_loop");

    [Theory]
    [InlineData(0.6)]
    [InlineData(1.7)]
    public void Nested_do_break(double x) =>
        CheckAX(FourthPeerFns.NestedDoBreak, FourthPeerFns.NestedDoBreakGradient, A5, x, "do_break");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    public void Counter_skip(double x) =>
        CheckAX(FourthPeerFns.CounterSkip, FourthPeerFns.CounterSkipGradient, A5, x, "counter_skip");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    public void Foreach_live_writes(double x) =>
        CheckAX(FourthPeerFns.ForeachLiveWrites, FourthPeerFns.ForeachLiveWritesGradient, A5, x, "foreach_live");

    [Theory]
    [InlineData(0.7f, 1.3f)]
    [InlineData(-1.2f, 0.4f)]
    public void Float_compounds(float x, float y) =>
        CheckF2(FourthPeerFns.FloatCompounds, FourthPeerFns.FloatCompoundsGradient, p => (((p[0] * p[1]) * 2.5 - Math.Cos(p[0])) / (1 + p[1] * p[1]) + 1) * p[0], x, y, "float_compounds");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    public void Cast_index(double x) =>
        CheckAX(FourthPeerFns.CastIndex, FourthPeerFns.CastIndexGradient, A5, x, "cast_index");

    [Theory]
    [InlineData(0.7, 1.3, 0.4)]
    [InlineData(-1.2, 0.4, 0.9)]
    public void Fma_lerp_copysign(double x, double y, double t) =>
        Check3(FourthPeerFns.FmaLerpCopySign, FourthPeerFns.FmaLerpCopySignGradient, x, y, t, "fma_lerp");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    public void Conditional_read_update(double x) =>
        CheckAX(FourthPeerFns.ConditionalReadUpdate, FourthPeerFns.ConditionalReadUpdateGradient, A5, x, "cond_read_update");

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.3)]
    public void Span_early_return(double x)
    {
        var dA = new double[5];
        double dX = 0;
        double v = FourthPeerFns.SpanEarlyReturnGradient(P5, x, dA, ref dX);
        Grad.SameValue(FourthPeerFns.SpanEarlyReturn(P5, x), v, "span_return");
        Grad.Check(p => FourthPeerFns.SpanEarlyReturn(Fd.Slice(p, 0, 5), p[5]), Fd.Pack(P5, x), Fd.Pack(dA, dX), "span_return");
    }
}

public sealed partial class PeerSuitesFourth
{
    [Theory]
    [InlineData(0.5, 1.3)]
    [InlineData(1.5, -0.4)]
    [InlineData(1.5, 0.4)]
    public void Is_pattern_ranges(double x, double y) =>
        Check2(FourthPeerFns.IsPatternRanges, FourthPeerFns.IsPatternRangesGradient, x, y, "is_pattern");

    [Theory]
    [InlineData(0.5, 1.3)]
    [InlineData(-1.5, 0.4)]
    public void Is_finite_guard(double x, double y) =>
        Check2(FourthPeerFns.IsFiniteGuard, FourthPeerFns.IsFiniteGuardGradient, x, y, "is_finite");

    [Fact]
    // the float rounding of the forward values only: compare with the exact derivative loosely
    public void Float_cast_in_double()
    {
        double dX = 0, dY = 0;
        double v = FourthPeerFns.FloatCastInDoubleGradient(0.5, 1.3, ref dX, ref dY);
        Grad.SameValue(FourthPeerFns.FloatCastInDouble(0.5, 1.3), v, "float_cast");
        Assert.Equal(0.5 * Math.Exp(0.25) * 1.3, dX, 1e-6);
        Assert.Equal(Math.Exp(0.25) + 0.5 / Math.Sqrt(2.3), dY, 1e-6);
    }

    [Theory]
    [InlineData(0.5, 1.3)]
    [InlineData(1.5, -0.4)]
    public void Sign_switch(double x, double y) =>
        Check2(FourthPeerFns.SignSwitch, FourthPeerFns.SignSwitchGradient, x, y, "sign_switch");

    [Fact]
    // x == y takes the 0 arm, whose value is y
    public void Sign_switch_at_tie() =>
        AtPoint(FourthPeerFns.SignSwitchGradient, FourthPeerFns.SignSwitch, 1.5, 1.5, 0.0, 1.0, "sign_switch_tie");
}
