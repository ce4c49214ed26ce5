using System.Diagnostics;
using System.Linq;
using Diff;
using static Diff.Gradients.Tests.PeerCheck;

namespace Diff.Gradients.Tests;

/// <summary>
/// A sixth batch of ordinary numerical C#: the rarer library functions (Cbrt, Log2, Log10, Log with a
/// differentiable base, the inverse hyperbolics, Atan2 in every quadrant, nested Hypot, FusedMultiplyAdd,
/// CopySign at signed zeros, IEEERemainder and the truncated remainder with a differentiable divisor,
/// deconstructed SinCos, the double.* and MathF twins); relational and logical patterns over doubles, nested
/// conditionals, every compound assignment, counters bumped inside indices, indices from the end, ranges
/// and span slices given to helpers, stackalloc scratch, params lists, local and static local functions,
/// recursion on a depth; and the algorithms of numerical and ML code not yet covered: Clenshaw and
/// Neumaier summation, ties in log-sum-exp and max pooling, Welford updates, prefix scans, bisection
/// followed by Newton, Gauss–Legendre and recursive Simpson, strided and padded correlation, batch norm,
/// GRU and LSTM cells, focal, hinge and triplet losses, Mahalanobis through Cholesky, LU with partial
/// pivoting, a 3×3 inverse by cofactors, Brusselator and Lotka–Volterra by RK4, an explicit heat stencil
/// with ping-pong buffers, bilinear interpolation, bubble sort through a temporary, top-k by partial
/// selection and interpolation with a binary search for the interval.
/// </summary>
public static partial class SixthPeerFns
{
    private const double Ln2 = 0.69314718055994530942;
    private static readonly double[] ChebCoeffs = { 1.2, -0.7, 0.35, 0.11, -0.05, 0.02 };
    private static readonly double[] Gl4Nodes = { -0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526 };
    private static readonly double[] Gl4Weights = { 0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538 };
    private static readonly double[] Knots = { 0.0, 0.5, 1.25, 2.0, 3.5, 5.0 };

    // ===================== rarer library functions =====================

    [Differentiable]
    public static double CbrtProduct(double x, double y) => Math.Cbrt(x * x + y) * Math.Cbrt(x) - Math.Cbrt(y * x);

    [Differentiable]
    public static double Log2Log10(double x, double y) => Math.Log2(x * y) + Math.Log10(x + y) * Math.Log2(y);

    // log base b with both arguments differentiable
    [Differentiable]
    public static double LogWithBase(double x, double b) => Math.Log(x * x + 1, b) + Math.Log(x + 2, 10);

    [Differentiable]
    public static double InverseHyperbolics(double x, double y) =>
        Math.Asinh(x * y) + Math.Acosh(1 + x * x + y * y) + Math.Atanh(x / (2 + y * y));

    // Atan2 of (y, x) in every quadrant, composed with a radius
    [Differentiable]
    public static double PolarAngleWeighted(double x, double y) => Math.Atan2(y, x) * double.Hypot(x, y) + Math.Atan2(x * y, 1 + x * x);

    [Differentiable]
    public static double NestedHypot(double x, double y, double z) => double.Hypot(double.Hypot(x, y), z) * double.Hypot(z, 2.0);

    [Differentiable]
    public static double FmaChain(double x, double y, double z) =>
        Math.FusedMultiplyAdd(x, y, Math.FusedMultiplyAdd(z, z, x)) * Math.FusedMultiplyAdd(-y, 0.5, z);

    // CopySign takes its magnitude's derivative with the sign of y; y itself gets nothing
    [Differentiable]
    public static double CopySignMagnitude(double x, double y) => Math.CopySign(x * x + 1, y) + Math.CopySign(x, -y) * y;

    [Differentiable]
    public static double IeeeRemainderBoth(double x, double y) => Math.IEEERemainder(x * 3, y) + x;

    // truncated remainder with a differentiable divisor and a compound %=
    [Differentiable]
    public static double TruncatedRemainder(double x, double y)
    {
        double r = x * x;
        r %= y;
        double s = (x + 10) % (y * 0.5);
        return r + s * s;
    }

    [Differentiable]
    public static double SinCosDeconstructed(double x, double y)
    {
        var (s, c) = Math.SinCos(x * y);
        (double s2, double c2) = Math.SinCos(x - y);
        return s * c2 - c * s2 + s * s * y;
    }

    [Differentiable]
    public static double DoubleStaticTwins(double x, double y) =>
        double.Exp2(x) + double.Log10P1(y * y) + double.ExpM1(x * y) + double.RootN(x * x + y * y + 1, 3) + double.SinPi(x) * double.CosPi(y);

    [Differentiable]
    public static double LerpAndDegrees(double a, double b, double t) =>
        double.Lerp(a, b, t) * double.DegreesToRadians(a * 30) + double.Atan2Pi(b, a + 3);

    // piecewise-constant functions mixed with smooth ones: the sawtooth has slope 1
    [Differentiable]
    public static double Sawtooth(double x, double y) => (x - Math.Floor(x)) * y + Math.Round(x * 3) * y * y + Math.Truncate(y) * x - Math.Ceiling(x) * x;

    // x·|x| written with Sign
    [Differentiable]
    public static double SignedSquare(double x, double y) => Math.Sign(x) * x * x + Math.Sign(y - x) * y;

    [Differentiable]
    public static double ClampBounds(double x, double lo, double hi) => Math.Clamp(x * x, lo, hi) * 2 + lo * hi;

    [Differentiable]
    public static float FloatMathTwins(float x, float y) =>
        MathF.Cbrt(x * y) + MathF.Log2(x + 2f) + MathF.Asinh(y) + MathF.Atan2(y, x) + MathF.FusedMultiplyAdd(x, y, 1f);

    // float parameters with double accumulation and a float result
    [Differentiable]
    public static float FloatWithDoubleAccumulator(float x, float y)
    {
        double acc = 0;
        for (int k = 1; k <= 4; k++)
        {
            acc += Math.Log(1 + k * (double)x * x) * y;
        }

        return (float)acc + MathF.Tanh(x);
    }

    // ===================== C# idioms =====================

    [Differentiable]
    public static double RelationalPatterns(double x, double y) => x switch
    {
        < -1.0 => -y * (x + 1) * (x + 1),
        >= -1.0 and < 0.0 => y * x * x,
        0.0 => y,
        > 0.0 and <= 2.0 => Math.Sin(x) * y,
        _ => Math.Sin(2.0) * y + (x - 2.0) * y * y,
    };

    [Differentiable]
    public static double IsPatternGuard(double x, double y)
    {
        if (x is > 0 and < 1)
        {
            return x * y;
        }

        if (y is < 0 or > 10)
        {
            return -x * y * y;
        }

        return x is not 5.0 ? x + y * y : 0.0;
    }

    [Differentiable]
    public static double NestedTernaries(double x, double y) =>
        x > y ? (x > 0 ? x * y : x + y) : (y > 1 ? y * y - x : Math.Exp(x) * y);

    [Differentiable]
    public static double EveryCompoundAssignment(double x, double y)
    {
        double v = x;
        v += y;
        v *= x;
        v -= y * y;
        v /= 1 + x * x;
        v %= 7.5;
        v *= v;
        v -= -x;
        return v;
    }

    [Differentiable]
    public static double PostIncrementIndices(double[] a)
    {
        double[] t = new double[2 * a.Length];
        int k = 0;
        for (int i = 0; i < a.Length; i++)
        {
            t[k++] = a[i] > 0 ? a[i] * a[i] : -a[i];
            t[k++] = Math.Sin(a[i]);
        }

        double s = 0, c = 1;
        int j = k;
        while (j > 0)
        {
            s += t[--j] * c;
            c += 0.5;
        }

        return s;
    }

    [Differentiable]
    public static double IndexFromEnd(double[] a) => a[^1] * a[0] + a[^2] * a[^2] - Math.Sin(a[^3]);

    [Differentiable]
    public static double InteriorEnergy(ReadOnlySpan<double> s)
    {
        double t = 0;
        foreach (double v in s)
        {
            t += v * v;
        }

        return t;
    }

    // a range of the interior passed to a span helper
    [Differentiable]
    public static double RangeToHelper(double[] a) => InteriorEnergy(a[1..^1]) + a[0] * a[^1];

    [Differentiable]
    public static double SpanSliceToHelper(double[] a, double x) => InteriorEnergy(a.AsSpan(1, 3)) * x + InteriorEnergy(a.AsSpan(2)) ;

    [Differentiable]
    public static double StackallocScratch(double[] a, double x)
    {
        Span<double> t = stackalloc double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            t[i] = Math.Tanh(a[i] * x);
        }

        double s = 0;
        foreach (double v in t)
        {
            s += v * v;
        }

        return s;
    }

    [Differentiable]
    public static double ParamsList(params double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += (i + 1) * v[i] * v[i];
        }

        return Math.Sqrt(s);
    }

    [Differentiable]
    public static double ParamsCaller(double x, double y) => ParamsList(x, y, x * y, 1.0);

    [Differentiable]
    public static double LocalFunctionsCapture(double[] a, double x)
    {
        double scale = x * x;
        double Sq(double v) => v * v * scale;
        static double Soft(double v) => Math.Log(1 + Math.Exp(v));
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += Sq(a[i]) + Soft(a[i] * x);
        }

        return s;
    }

    [Differentiable]
    public static double RecursivePower(double x, int depth) => depth == 0 ? 1.0 : x * RecursivePower(x, depth - 1) + Math.Sin(x) / (depth + 1);

    [Differentiable]
    public static double RecursivePowerCaller(double x, double y) => RecursivePower(x * y, 4);

    [Differentiable]
    public static double GuardsAndAsserts(double x, double y)
    {
        if (y <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(y));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(x);
        Debug.Assert(x >= 0, "x must be non-negative");
        return Math.Sqrt(x + 1) * Math.Log(y);
    }

    [Differentiable]
    public static double WhileTrueBreak(double x, double y)
    {
        double v = x;
        int n = 0;
        while (true)
        {
            v = 0.5 * (v + y / v);
            n++;
            if (n >= 30 || Math.Abs(v * v - y) < 1e-15 * y)
            {
                break;
            }
        }

        return v * x;
    }

    [Differentiable]
    public static double ExpressionBodiedChain(double x, double y) => Sq(Cube(x) - y) + Sq(y);

    [Differentiable]
    public static double Sq(double v) => v * v;

    [Differentiable]
    public static double Cube(double v) => v * v * v;

    [Differentiable]
    public static double CountDownLoop(double[] a)
    {
        double s = 0;
        int i = a.Length;
        while (i-- > 0)
        {
            s = s * 0.5 + a[i] * a[i];
        }

        return s;
    }

    [Differentiable]
    public static double DoWhileNegativeStride(double[] a)
    {
        double s = 1;
        int i = a.Length - 1;
        do
        {
            s *= 1 + a[i] * 0.1;
            i -= 2;
        }
        while (i >= 0);

        return s;
    }

    // ===================== algorithms =====================

    // Clenshaw's backward recurrence for a Chebyshev series on [a, b]
    [Differentiable]
    public static double ClenshawChebyshev(double x, double a, double b)
    {
        double t = (2 * x - a - b) / (b - a);
        double bk1 = 0, bk2 = 0;
        for (int k = ChebCoeffs.Length - 1; k >= 1; k--)
        {
            double bk = 2 * t * bk1 - bk2 + ChebCoeffs[k];
            bk2 = bk1;
            bk1 = bk;
        }

        return t * bk1 - bk2 + ChebCoeffs[0];
    }

    // Neumaier's compensated sum of squares
    [Differentiable]
    public static double NeumaierSum(double[] a)
    {
        double sum = 0, c = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double v = a[i] * a[i] * (i % 2 == 0 ? 1e8 : 1e-3);
            double t = sum + v;
            if (Math.Abs(sum) >= Math.Abs(v))
            {
                c += (sum - t) + v;
            }
            else
            {
                c += (v - t) + sum;
            }

            sum = t;
        }

        return sum + c;
    }

    // log-sum-exp with the maximum subtracted, ties allowed
    [Differentiable]
    public static double LogSumExpMax(double[] a)
    {
        double m = a[0];
        for (int i = 1; i < a.Length; i++)
        {
            if (a[i] > m)
            {
                m = a[i];
            }
        }

        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += Math.Exp(a[i] - m);
        }

        return m + Math.Log(s);
    }

    // log-softmax cross-entropy of class 1 with the maximum from LINQ
    [Differentiable]
    public static double SoftmaxCrossEntropyLinqMax(double[] a)
    {
        double m = a.Max();
        double s = 0;
        foreach (double v in a)
        {
            s += Math.Exp(v - m);
        }

        return -(a[1] - m - Math.Log(s));
    }

    // Welford's update in the form of a running mean and M2, variance of a·x
    [Differentiable]
    public static double WelfordScaled(double[] a, double x)
    {
        double mean = 0, m2 = 0;
        int n = 0;
        foreach (double v0 in a)
        {
            double v = v0 * x;
            n++;
            double delta = v - mean;
            mean += delta / n;
            m2 += delta * (v - mean);
        }

        return m2 / (n - 1) + mean * mean;
    }

    // in-place cumulative product then sum
    [Differentiable]
    public static double CumulativeProductInPlace(double[] a)
    {
        for (int i = 1; i < a.Length; i++)
        {
            a[i] *= a[i - 1];
        }

        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i];
        }

        return s;
    }

    // Hillis–Steele inclusive scan with ping-pong local arrays
    [Differentiable]
    public static double HillisSteeleScan(double[] a)
    {
        int n = a.Length;
        double[] cur = new double[n];
        double[] nxt = new double[n];
        for (int i = 0; i < n; i++)
        {
            cur[i] = a[i] * a[i];
        }

        for (int d = 1; d < n; d *= 2)
        {
            for (int i = 0; i < n; i++)
            {
                nxt[i] = i >= d ? cur[i] + cur[i - d] : cur[i];
            }

            (cur, nxt) = (nxt, cur);
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += cur[i] * (i + 1);
        }

        return s;
    }

    // root of x³ + p·x − q by bisection to a bracket, then Newton
    [Differentiable]
    public static double BisectThenNewton(double p, double q)
    {
        double lo = -10, hi = 10;
        for (int it = 0; it < 20; it++)
        {
            double mid = 0.5 * (lo + hi);
            double fm = mid * mid * mid + p * mid - q;
            if (fm > 0)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        double x = 0.5 * (lo + hi);
        for (int it = 0; it < 8; it++)
        {
            x -= (x * x * x + p * x - q) / (3 * x * x + p);
        }

        return x;
    }

    // fixed-point iteration x = cos(a·x)
    [Differentiable]
    public static double FixedPointCos(double a)
    {
        double x = 0.5;
        for (int i = 0; i < 200; i++)
        {
            double nx = Math.Cos(a * x);
            if (Math.Abs(nx - x) < 1e-16)
            {
                x = nx;
                break;
            }

            x = nx;
        }

        return x;
    }

    // Gauss–Legendre on [a, b] of exp(-c t²)
    [Differentiable]
    public static double GaussLegendre4(double a, double b, double c)
    {
        double half = 0.5 * (b - a), mid = 0.5 * (a + b);
        double s = 0;
        for (int i = 0; i < Gl4Nodes.Length; i++)
        {
            double t = mid + half * Gl4Nodes[i];
            s += Gl4Weights[i] * Math.Exp(-c * t * t);
        }

        return half * s;
    }

    // recursive Simpson with a fixed depth
    [Differentiable]
    public static double SimpsonRecursive(double a, double b, double k, int depth)
    {
        double m = 0.5 * (a + b);
        if (depth == 0)
        {
            double fa = Math.Sin(k * a), fm = Math.Sin(k * m), fb = Math.Sin(k * b);
            return (b - a) / 6 * (fa + 4 * fm + fb);
        }

        return SimpsonRecursive(a, m, k, depth - 1) + SimpsonRecursive(m, b, k, depth - 1);
    }

    [Differentiable]
    public static double SimpsonCaller(double a, double b, double k) => SimpsonRecursive(a, b, k, 3);

    // 1-D correlation with stride 2 and zero padding 1, kernel 3
    [Differentiable]
    public static double StridedPaddedCorrelation(double[] a, double[] w)
    {
        int n = a.Length, k = w.Length, pad = 1, stride = 2;
        int outLen = (n + 2 * pad - k) / stride + 1;
        double s = 0;
        for (int o = 0; o < outLen; o++)
        {
            double acc = 0;
            for (int j = 0; j < k; j++)
            {
                int idx = o * stride + j - pad;
                if (idx < 0 || idx >= n)
                {
                    continue;
                }

                acc += w[j] * a[idx];
            }

            s += Math.Tanh(acc);
        }

        return s;
    }

    // max pooling of width 2, stride 2, with ties going to the first of the window (>)
    [Differentiable]
    public static double MaxPoolWindows(double[] a)
    {
        double s = 0;
        for (int i = 0; i + 1 < a.Length; i += 2)
        {
            int arg = i;
            for (int j = i + 1; j < i + 2; j++)
            {
                if (a[j] > a[arg])
                {
                    arg = j;
                }
            }

            s += a[arg] * (i + 1);
        }

        return s;
    }

    // batch norm forward over a batch of scalars, then a weighted sum
    [Differentiable]
    public static double BatchNormForward(double[] a, double gamma, double beta)
    {
        int n = a.Length;
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += a[i];
        }

        mean /= n;
        double v = 0;
        for (int i = 0; i < n; i++)
        {
            v += (a[i] - mean) * (a[i] - mean);
        }

        v /= n;
        double inv = 1.0 / Math.Sqrt(v + 1e-5);
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double y = gamma * (a[i] - mean) * inv + beta;
            s += y * y * (i + 1) + y;
        }

        return s;
    }

    [Differentiable]
    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    // GRU cell with hidden size 2, input size 2; w holds Wz, Wr, Wh (each 2×4 over [x, h]) and biases
    [Differentiable]
    public static double GruCell(double[] w, double[] xh)
    {
        double[] h = { xh[2], xh[3] };
        double[] z = new double[2], r = new double[2], hNew = new double[2];
        for (int i = 0; i < 2; i++)
        {
            double az = w[24 + i], ar = w[26 + i];
            for (int j = 0; j < 4; j++)
            {
                az += w[i * 4 + j] * xh[j];
                ar += w[8 + i * 4 + j] * xh[j];
            }

            z[i] = Sigmoid(az);
            r[i] = Sigmoid(ar);
        }

        for (int i = 0; i < 2; i++)
        {
            double ah = w[28 + i];
            for (int j = 0; j < 2; j++)
            {
                ah += w[16 + i * 4 + j] * xh[j] + w[16 + i * 4 + 2 + j] * r[j] * h[j];
            }

            hNew[i] = (1 - z[i]) * h[i] + z[i] * Math.Tanh(ah);
        }

        return hNew[0] * hNew[0] + 2 * hNew[1];
    }

    // LSTM cell run for three steps over a sequence, hidden size 1
    [Differentiable]
    public static double LstmSequence(double[] w, double[] seq)
    {
        double h = 0, c = 0;
        for (int t = 0; t < seq.Length; t++)
        {
            double x = seq[t];
            double i = Sigmoid(w[0] * x + w[1] * h + w[2]);
            double f = Sigmoid(w[3] * x + w[4] * h + w[5]);
            double o = Sigmoid(w[6] * x + w[7] * h + w[8]);
            double g = Math.Tanh(w[9] * x + w[10] * h + w[11]);
            c = f * c + i * g;
            h = o * Math.Tanh(c);
        }

        return h * h + c;
    }

    // focal loss for binary labels (γ = 2), labels alternate
    [Differentiable]
    public static double FocalLoss(double[] logits, double gamma)
    {
        double s = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double p = Sigmoid(logits[i]);
            double pt = i % 2 == 0 ? p : 1 - p;
            s += -Math.Pow(1 - pt, gamma) * Math.Log(pt);
        }

        return s / logits.Length;
    }

    // hinge and squared hinge on margins y·f, with labels ±1 in turn
    [Differentiable]
    public static double HingeLosses(double[] f, double c)
    {
        double hinge = 0, sq = 0;
        for (int i = 0; i < f.Length; i++)
        {
            double y = i % 2 == 0 ? 1.0 : -1.0;
            double m = 1 - y * f[i] * c;
            hinge += Math.Max(0, m);
            if (m > 0)
            {
                sq += m * m;
            }
        }

        return hinge + 0.5 * sq;
    }

    // triplet loss on anchor / positive / negative of length 3 packed in one array
    [Differentiable]
    public static double TripletLoss(double[] e, double margin)
    {
        double dp = 0, dn = 0;
        for (int i = 0; i < 3; i++)
        {
            dp += (e[i] - e[3 + i]) * (e[i] - e[3 + i]);
            dn += (e[i] - e[6 + i]) * (e[i] - e[6 + i]);
        }

        return Math.Max(Math.Sqrt(dp) - Math.Sqrt(dn) + margin, 0.0);
    }

    // Mahalanobis distance with a 3×3 Cholesky factorisation of Σ = L Lᵀ, written row by row
    [Differentiable]
    public static double MahalanobisCholesky(double[] sigma, double[] d)
    {
        double[] l = new double[9];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = sigma[i * 3 + j];
                for (int k = 0; k < j; k++)
                {
                    s -= l[i * 3 + k] * l[j * 3 + k];
                }

                l[i * 3 + j] = i == j ? Math.Sqrt(s) : s / l[j * 3 + j];
            }
        }

        double[] z = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double s = d[i];
            for (int k = 0; k < i; k++)
            {
                s -= l[i * 3 + k] * z[k];
            }

            z[i] = s / l[i * 3 + i];
        }

        return z[0] * z[0] + z[1] * z[1] + z[2] * z[2];
    }

    // determinant by LU with partial pivoting on a copy
    [Differentiable]
    public static double DeterminantPartialPivot(double[] m0)
    {
        const int n = 3;
        double[] m = (double[])m0.Clone();
        double det = 1;
        for (int c = 0; c < n; c++)
        {
            int p = c;
            for (int r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r * n + c]) > Math.Abs(m[p * n + c]))
                {
                    p = r;
                }
            }

            if (p != c)
            {
                for (int j = 0; j < n; j++)
                {
                    double tmp = m[c * n + j];
                    m[c * n + j] = m[p * n + j];
                    m[p * n + j] = tmp;
                }

                det = -det;
            }

            det *= m[c * n + c];
            for (int r = c + 1; r < n; r++)
            {
                double f = m[r * n + c] / m[c * n + c];
                for (int j = c; j < n; j++)
                {
                    m[r * n + j] -= f * m[c * n + j];
                }
            }
        }

        return det;
    }

    // inverse of a 3×3 by cofactors, then the sum of its entries weighted by position
    [Differentiable]
    public static double InverseByCofactors(double[] m)
    {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double ca = e * i - f * h, cb = -(d * i - f * g), cc = d * h - e * g;
        double det = a * ca + b * cb + c * cc;
        double[] inv =
        {
            ca, -(b * i - c * h), b * f - c * e,
            cb, a * i - c * g, -(a * f - c * d),
            cc, -(a * h - b * g), a * e - b * d,
        };
        double s = 0;
        for (int k = 0; k < 9; k++)
        {
            s += inv[k] / det * (k + 1);
        }

        return s;
    }

    // Booth function and the Beale-like sum with a switch over the index
    [Differentiable]
    public static double BoothFunction(double x, double y) => (x + 2 * y - 7) * (x + 2 * y - 7) + (2 * x + y - 5) * (2 * x + y - 5);

    // Brusselator integrated with RK4 in local state arrays
    [Differentiable]
    public static double BrusselatorRk4(double a, double b, double u0)
    {
        double[] s = { u0, 1.0 };
        double[] k1 = new double[2], k2 = new double[2], k3 = new double[2], k4 = new double[2], tmp = new double[2];
        double h = 0.05;
        for (int step = 0; step < 20; step++)
        {
            BrusselatorRhs(s, a, b, k1);
            for (int i = 0; i < 2; i++)
            {
                tmp[i] = s[i] + 0.5 * h * k1[i];
            }

            BrusselatorRhs(tmp, a, b, k2);
            for (int i = 0; i < 2; i++)
            {
                tmp[i] = s[i] + 0.5 * h * k2[i];
            }

            BrusselatorRhs(tmp, a, b, k3);
            for (int i = 0; i < 2; i++)
            {
                tmp[i] = s[i] + h * k3[i];
            }

            BrusselatorRhs(tmp, a, b, k4);
            for (int i = 0; i < 2; i++)
            {
                s[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }

        return s[0] + s[1] * s[1];
    }

    [Differentiable]
    public static void BrusselatorRhs(double[] s, double a, double b, double[] ds)
    {
        double u = s[0], v = s[1];
        ds[0] = a + u * u * v - (b + 1) * u;
        ds[1] = b * u - u * u * v;
    }

    // explicit heat equation with fixed ends, ping-pong through a temporary
    [Differentiable]
    public static double HeatStencil(double[] u0, double alpha)
    {
        int n = u0.Length;
        double[] u = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++)
        {
            u[i] = u0[i];
        }

        for (int t = 0; t < 10; t++)
        {
            w[0] = u[0];
            w[n - 1] = u[n - 1];
            for (int i = 1; i < n - 1; i++)
            {
                w[i] = u[i] + alpha * (u[i - 1] - 2 * u[i] + u[i + 1]);
            }

            var tmp = u;
            u = w;
            w = tmp;
        }

        double e = 0;
        for (int i = 0; i < n; i++)
        {
            e += u[i] * u[i] * (i + 1);
        }

        return e;
    }

    // bilinear interpolation on a 3×3 grid of values held in g
    [Differentiable]
    public static double BilinearGrid(double[] g, double x, double y)
    {
        int i = Math.Clamp((int)Math.Floor(x), 0, 1);
        int j = Math.Clamp((int)Math.Floor(y), 0, 1);
        double fx = x - i, fy = y - j;
        double g00 = g[j * 3 + i], g10 = g[j * 3 + i + 1], g01 = g[(j + 1) * 3 + i], g11 = g[(j + 1) * 3 + i + 1];
        return (1 - fx) * (1 - fy) * g00 + fx * (1 - fy) * g10 + (1 - fx) * fy * g01 + fx * fy * g11;
    }

    // bubble sort on a copy, swapping through a temporary, then weighted by rank
    [Differentiable]
    public static double BubbleSortWeighted(double[] a0)
    {
        double[] a = (double[])a0.Clone();
        int n = a.Length;
        bool swapped;
        do
        {
            swapped = false;
            for (int i = 1; i < n; i++)
            {
                if (a[i - 1] > a[i])
                {
                    double t = a[i - 1];
                    a[i - 1] = a[i];
                    a[i] = t;
                    swapped = true;
                }
            }

            n--;
        }
        while (swapped);

        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * (i + 1) * (i + 1);
        }

        return s;
    }

    // sum of the k largest by partial selection sort (descending) on a copy
    [Differentiable]
    public static double TopKSum(double[] a0, int k)
    {
        double[] a = a0.ToArray();
        for (int i = 0; i < k; i++)
        {
            int best = i;
            for (int j = i + 1; j < a.Length; j++)
            {
                if (a[j] > a[best])
                {
                    best = j;
                }
            }

            (a[i], a[best]) = (a[best], a[i]);
        }

        double s = 0;
        for (int i = 0; i < k; i++)
        {
            s += a[i] * a[i];
        }

        return s;
    }

    // piecewise-linear interpolation with a binary search for the interval over a knot table
    [Differentiable]
    public static double PiecewiseLinearSearch(double[] values, double x)
    {
        int lo = 0, hi = Knots.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >> 1;
            if (Knots[mid] > x)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        double t = (x - Knots[lo]) / (Knots[hi] - Knots[lo]);
        return values[lo] + t * (values[hi] - values[lo]);
    }

    // cosine similarity with an epsilon in the norm
    [Differentiable]
    public static double CosineSimilarityEps(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Max(Math.Sqrt(na) * Math.Sqrt(nb), 1e-8);
    }

    // ===================== kinks =====================

    [Differentiable]
    public static double AbsDifference(double x, double y) => Math.Abs(x - y) + Math.Abs(x) * y;

    [Differentiable]
    public static double MaxMinTie(double x, double y) => Math.Max(x, y) * 2 + Math.Min(x, y) * 3;

    [Differentiable]
    public static double ReluBranch(double x, double y) => (x > 0 ? x : 0.0) * y + (y >= 0 ? y : 0.01 * y);

    [Differentiable]
    public static double HypotAtOrigin(double x, double y) => double.Hypot(x, y) + x;

    [Differentiable]
    public static double ClampOnBound(double x, double y) => Math.Clamp(x, -1.0, 1.0) * y;
}

public static partial class SixthPeerFns
{
    // a struct with fields read as constants by an instance method
    public partial struct Spring
    {
        public double Stiffness;
        public double Rest;

        [Differentiable]
        public readonly double Energy(double x) => 0.5 * Stiffness * (x - Rest) * (x - Rest) + Math.Cosh(x * 0.1);
    }
}

public sealed partial class SixthPeerSuiteTests
{
    private static readonly double[] A5 = { 0.7, -1.3, 0.4, 0.9, 1.6 };
    private static readonly double[] B5 = { -0.2, 0.5, 1.1, -0.8, 0.3 };
    private static readonly double[] A6 = { 0.7, -1.3, 0.4, 0.9, 1.6, -0.5 };

    private delegate float GF2(float x, float y, ref float dX, ref float dY);

    private delegate double GAI(double[] a, int n, double[] dA);

    private delegate double GSpan(ReadOnlySpan<double> s, Span<double> dS);

    private static void CheckAI(Func<double[], int, double> f, GAI g, double[] a, int n, string what)
    {
        var dA = new double[a.Length];
        double v = g((double[])a.Clone(), n, dA);
        Grad.SameValue(f((double[])a.Clone(), n), v, what);
        Grad.Check(p => f(p, n), (double[])a.Clone(), dA, what);
        TangentCheck.Against(g, new object[] { a, n }, new object[] { dA }, what);
    }

    private static void CheckF2(Func<float, float, float> f, GF2 g, Func<double[], double> twin, float x, float y, string what)
    {
        float dX = 0, dY = 0;
        float v = g(x, y, ref dX, ref dY);
        Grad.SameValue(f(x, y), v, what);
        Grad.CheckFloat(twin, new double[] { x, y }, new[] { dX, dY }, what);
    }

    // ----- rarer library functions -----

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 2.2)]
    [InlineData(2.5, -0.6)]
    public void Cbrt_product(double x, double y) => Check2(SixthPeerFns.CbrtProduct, SixthPeerFns.CbrtProductGradient, x, y, "cbrt");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(3.0, 0.4)]
    public void Log2_log10(double x, double y) => Check2(SixthPeerFns.Log2Log10, SixthPeerFns.Log2Log10Gradient, x, y, "log2_log10");

    [Theory]
    [InlineData(0.8, 2.7)]
    [InlineData(-1.5, 0.4)]
    [InlineData(2.0, 1.5)]
    public void Log_with_base(double x, double b) => Check2(SixthPeerFns.LogWithBase, SixthPeerFns.LogWithBaseGradient, x, b, "log_base");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    [InlineData(0.0, 0.5)]
    public void Inverse_hyperbolics(double x, double y) => Check2(SixthPeerFns.InverseHyperbolics, SixthPeerFns.InverseHyperbolicsGradient, x, y, "inv_hyp");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-0.8, 1.7)]
    [InlineData(-0.8, -1.7)]
    [InlineData(0.8, -1.7)]
    [InlineData(0.0, 2.0)]
    [InlineData(0.0, -2.0)]
    public void Polar_angle(double x, double y) => Check2(SixthPeerFns.PolarAngleWeighted, SixthPeerFns.PolarAngleWeightedGradient, x, y, "atan2");

    [Theory]
    [InlineData(0.8, 1.7, -0.4)]
    [InlineData(-3.0, 4.0, 12.0)]
    public void Nested_hypot(double x, double y, double z) => Check3(SixthPeerFns.NestedHypot, SixthPeerFns.NestedHypotGradient, x, y, z, "hypot");

    [Theory]
    [InlineData(0.8, 1.7, -0.4)]
    [InlineData(-2.0, 0.3, 1.1)]
    public void Fma_chain(double x, double y, double z) => Check3(SixthPeerFns.FmaChain, SixthPeerFns.FmaChainGradient, x, y, z, "fma");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-0.8, -1.7)]
    [InlineData(1.3, -0.4)]
    public void Copy_sign(double x, double y) => Check2(SixthPeerFns.CopySignMagnitude, SixthPeerFns.CopySignMagnitudeGradient, x, y, "copysign");

    [Fact]
    public void Copy_sign_at_signed_zero()
    {
        // y = -0.0: CopySign(x²+1, -0) = -(x²+1), slope -2x; CopySign(x, +0) = |x|, times y = 0
        double dX = 0, dY = 0;
        double v = SixthPeerFns.CopySignMagnitudeGradient(0.5, -0.0, ref dX, ref dY);
        Assert.Equal(SixthPeerFns.CopySignMagnitude(0.5, -0.0), v);
        Assert.Equal(-1.0, dX);
        Assert.Equal(0.5, dY);
    }

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(2.3, 0.9)]
    public void Ieee_remainder(double x, double y) => Check2(SixthPeerFns.IeeeRemainderBoth, SixthPeerFns.IeeeRemainderBothGradient, x, y, "ieee_rem");

    [Theory]
    [InlineData(2.3, 1.7)]
    [InlineData(-2.1, 1.1)]
    [InlineData(3.1, -1.3)]
    public void Truncated_remainder(double x, double y) => Check2(SixthPeerFns.TruncatedRemainder, SixthPeerFns.TruncatedRemainderGradient, x, y, "trunc_rem");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Sin_cos_deconstructed(double x, double y) => Check2(SixthPeerFns.SinCosDeconstructed, SixthPeerFns.SinCosDeconstructedGradient, x, y, "sincos");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Double_static_twins(double x, double y) => Check2(SixthPeerFns.DoubleStaticTwins, SixthPeerFns.DoubleStaticTwinsGradient, x, y, "double_twins");

    [Theory]
    [InlineData(0.8, 1.7, 0.3)]
    [InlineData(-1.3, 0.2, 1.4)]
    public void Lerp_and_degrees(double a, double b, double t) => Check3(SixthPeerFns.LerpAndDegrees, SixthPeerFns.LerpAndDegreesGradient, a, b, t, "lerp");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    [InlineData(2.4, -1.6)]
    public void Sawtooth(double x, double y) => Check2(SixthPeerFns.Sawtooth, SixthPeerFns.SawtoothGradient, x, y, "sawtooth");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, -2.2)]
    public void Signed_square(double x, double y) => Check2(SixthPeerFns.SignedSquare, SixthPeerFns.SignedSquareGradient, x, y, "signed_square");

    [Theory]
    [InlineData(0.5, 0.1, 2.0)]
    [InlineData(2.0, 0.1, 2.0)]
    [InlineData(0.1, 0.1, 2.0)]
    public void Clamp_bounds(double x, double lo, double hi) => Check3(SixthPeerFns.ClampBounds, SixthPeerFns.ClampBoundsGradient, x, lo, hi, "clamp_bounds");

    [Fact]
    public void Float_math_twins() =>
        CheckF2(SixthPeerFns.FloatMathTwins, SixthPeerFns.FloatMathTwinsGradient,
            p => Math.Cbrt(p[0] * p[1]) + Math.Log2(p[0] + 2) + Math.Asinh(p[1]) + Math.Atan2(p[1], p[0]) + p[0] * p[1] + 1, 0.8f, 1.3f, "float_twins");

    [Fact]
    public void Float_double_accumulator() =>
        CheckF2(SixthPeerFns.FloatWithDoubleAccumulator, SixthPeerFns.FloatWithDoubleAccumulatorGradient,
            p => Enumerable.Range(1, 4).Sum(k => Math.Log(1 + k * p[0] * p[0]) * p[1]) + Math.Tanh(p[0]), 0.7f, -1.2f, "float_acc");

    // ----- C# idioms -----

    [Theory]
    [InlineData(-1.7, 1.3)]
    [InlineData(-0.5, 1.3)]
    [InlineData(1.2, 0.8)]
    [InlineData(3.0, 0.8)]
    public void Relational_patterns(double x, double y) => Check2(SixthPeerFns.RelationalPatterns, SixthPeerFns.RelationalPatternsGradient, x, y, "relational");

    [Fact]
    public void Relational_patterns_at_zero() => AtPoint(SixthPeerFns.RelationalPatternsGradient, SixthPeerFns.RelationalPatterns, 0.0, 1.5, 0.0, 1.0, "relational0");

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(2.0, -1.0)]
    [InlineData(2.0, 3.0)]
    [InlineData(-1.0, 12.0)]
    public void Is_pattern_guard(double x, double y) => Check2(SixthPeerFns.IsPatternGuard, SixthPeerFns.IsPatternGuardGradient, x, y, "is_pattern");

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(-0.5, -1.0)]
    [InlineData(0.5, 2.0)]
    [InlineData(-0.5, 0.5)]
    public void Nested_ternaries(double x, double y) => Check2(SixthPeerFns.NestedTernaries, SixthPeerFns.NestedTernariesGradient, x, y, "ternaries");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    [InlineData(2.5, 3.5)]
    public void Every_compound_assignment(double x, double y) => Check2(SixthPeerFns.EveryCompoundAssignment, SixthPeerFns.EveryCompoundAssignmentGradient, x, y, "compound");

    [Fact]
    public void Post_increment_indices() => CheckA(SixthPeerFns.PostIncrementIndices, SixthPeerFns.PostIncrementIndicesGradient, A5, "post_increment");

    [Fact]
    public void Index_from_end() => CheckA(SixthPeerFns.IndexFromEnd, SixthPeerFns.IndexFromEndGradient, A5, "index_from_end");

    [Fact]
    public void Range_to_helper() => CheckA(SixthPeerFns.RangeToHelper, SixthPeerFns.RangeToHelperGradient, A6, "range_helper");

    [Fact]
    public void Span_slice_to_helper() => CheckAX(SixthPeerFns.SpanSliceToHelper, SixthPeerFns.SpanSliceToHelperGradient, A6, 1.3, "span_slice");

    [Fact]
    public void Stackalloc_scratch() => CheckAX(SixthPeerFns.StackallocScratch, SixthPeerFns.StackallocScratchGradient, A5, 0.7, "stackalloc");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Params_caller(double x, double y) => Check2(SixthPeerFns.ParamsCaller, SixthPeerFns.ParamsCallerGradient, x, y, "params");

    [Fact]
    public void Params_list() => CheckA(SixthPeerFns.ParamsList, SixthPeerFns.ParamsListGradient, A5, "params_list");

    [Fact]
    public void Local_functions_capture() => CheckAX(SixthPeerFns.LocalFunctionsCapture, SixthPeerFns.LocalFunctionsCaptureGradient, A5, 0.7, "local_functions");

    [Theory]
    [InlineData(0.8, 1.1)]
    [InlineData(-0.6, 1.5)]
    public void Recursive_power(double x, double y) => Check2(SixthPeerFns.RecursivePowerCaller, SixthPeerFns.RecursivePowerCallerGradient, x, y, "recursion");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(0.3, 0.2)]
    public void Guards_and_asserts(double x, double y) => Check2(SixthPeerFns.GuardsAndAsserts, SixthPeerFns.GuardsAndAssertsGradient, x, y, "guards");

    [Fact]
    public void Guards_throw()
    {
        double dX = 0, dY = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => SixthPeerFns.GuardsAndAssertsGradient(1.0, -1.0, ref dX, ref dY));
    }

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(3.0, 2.0)]
    public void While_true_break(double x, double y)
    {
        Check2(SixthPeerFns.WhileTrueBreak, SixthPeerFns.WhileTrueBreakGradient, x, y, "while_true");
        double dX = 0, dY = 0;
        SixthPeerFns.WhileTrueBreakGradient(x, y, ref dX, ref dY);
        Grad.Close(Math.Sqrt(y), dX, 1e-9, 1e-12, "while_true sqrt");
        Grad.Close(x / (2 * Math.Sqrt(y)), dY, 1e-9, 1e-12, "while_true dY");
    }

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Expression_bodied_chain(double x, double y) => Check2(SixthPeerFns.ExpressionBodiedChain, SixthPeerFns.ExpressionBodiedChainGradient, x, y, "expr_chain");

    [Fact]
    public void Count_down_loop() => CheckA(SixthPeerFns.CountDownLoop, SixthPeerFns.CountDownLoopGradient, A5, "count_down");

    [Fact]
    public void Do_while_negative_stride()
    {
        CheckA(SixthPeerFns.DoWhileNegativeStride, SixthPeerFns.DoWhileNegativeStrideGradient, A5, "do_while_stride");
        CheckA(SixthPeerFns.DoWhileNegativeStride, SixthPeerFns.DoWhileNegativeStrideGradient, A6, "do_while_stride6");
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-1.6)]
    public void Struct_instance(double x)
    {
        var s = new SixthPeerFns.Spring { Stiffness = 2.5, Rest = 0.3 };
        Check1(s.Energy, s.EnergyGradient, x, "spring");
    }

    // ----- algorithms -----

    [Theory]
    [InlineData(0.8, -1.0, 2.0)]
    [InlineData(1.9, 0.5, 3.0)]
    public void Clenshaw(double x, double a, double b) => Check3(SixthPeerFns.ClenshawChebyshev, SixthPeerFns.ClenshawChebyshevGradient, x, a, b, "clenshaw");

    [Fact]
    public void Neumaier()
    {
        var dA = new double[5];
        SixthPeerFns.NeumaierSumGradient((double[])A5.Clone(), dA);
        for (int i = 0; i < 5; i++)
        {
            Grad.Close(2 * A5[i] * (i % 2 == 0 ? 1e8 : 1e-3), dA[i], 1e-12, 1e-15, "neumaier");
        }

        TangentCheck.Against((GA)SixthPeerFns.NeumaierSumGradient, new object[] { A5 }, new object[] { dA }, "neumaier");
    }

    [Fact]
    public void Log_sum_exp_max()
    {
        CheckA(SixthPeerFns.LogSumExpMax, SixthPeerFns.LogSumExpMaxGradient, A5, "lse");
        // a tie at the maximum: the gradient is still the softmax
        double[] t = { 1.5, 0.2, 1.5, -0.3 };
        var dA = new double[4];
        SixthPeerFns.LogSumExpMaxGradient((double[])t.Clone(), dA);
        double z = t.Sum(Math.Exp);
        for (int i = 0; i < 4; i++)
        {
            Grad.Close(Math.Exp(t[i]) / z, dA[i], 1e-12, 1e-15, "lse tie");
        }
    }

    [Fact]
    public void Softmax_cross_entropy_linq_max()
    {
        CheckA(SixthPeerFns.SoftmaxCrossEntropyLinqMax, SixthPeerFns.SoftmaxCrossEntropyLinqMaxGradient, A5, "ce_linq");
        double[] t = { 1.5, 1.5, 0.3 };
        var dA = new double[3];
        SixthPeerFns.SoftmaxCrossEntropyLinqMaxGradient((double[])t.Clone(), dA);
        double z = t.Sum(Math.Exp);
        for (int i = 0; i < 3; i++)
        {
            Grad.Close(Math.Exp(t[i]) / z - (i == 1 ? 1 : 0), dA[i], 1e-12, 1e-15, "ce tie");
        }
    }

    [Fact]
    public void Welford_scaled() => CheckAX(SixthPeerFns.WelfordScaled, SixthPeerFns.WelfordScaledGradient, A5, 1.3, "welford");

    [Fact]
    public void Cumulative_product_in_place() => CheckA(SixthPeerFns.CumulativeProductInPlace, SixthPeerFns.CumulativeProductInPlaceGradient, A5, "cumprod");

    [Fact]
    public void Hillis_steele_scan()
    {
        CheckA(SixthPeerFns.HillisSteeleScan, SixthPeerFns.HillisSteeleScanGradient, A5, "scan5");
        CheckA(SixthPeerFns.HillisSteeleScan, SixthPeerFns.HillisSteeleScanGradient, A6, "scan6");
    }

    [Theory]
    [InlineData(1.0, 2.5)]
    [InlineData(3.0, -4.0)]
    public void Bisect_then_newton(double p, double q)
    {
        Check2(SixthPeerFns.BisectThenNewton, SixthPeerFns.BisectThenNewtonGradient, p, q, "bisect_newton");
        double dP = 0, dQ = 0;
        double x = SixthPeerFns.BisectThenNewtonGradient(p, q, ref dP, ref dQ);
        double fx = 3 * x * x + p;
        Grad.Close(-x / fx, dP, 1e-8, 1e-12, "bisect_newton dP");
        Grad.Close(1 / fx, dQ, 1e-8, 1e-12, "bisect_newton dQ");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(1.2)]
    public void Fixed_point_cos(double a)
    {
        Check1(SixthPeerFns.FixedPointCos, SixthPeerFns.FixedPointCosGradient, a, "fixed_point");
        double dA = 0;
        double x = SixthPeerFns.FixedPointCosGradient(a, ref dA);
        double s = Math.Sin(a * x);
        Grad.Close(-x * s / (1 + a * s), dA, 1e-8, 1e-12, "fixed_point ift");
    }

    [Theory]
    [InlineData(-1.0, 2.0, 0.7)]
    [InlineData(0.3, 1.1, 2.0)]
    public void Gauss_legendre(double a, double b, double c) => Check3(SixthPeerFns.GaussLegendre4, SixthPeerFns.GaussLegendre4Gradient, a, b, c, "gauss_legendre");

    [Theory]
    [InlineData(0.0, 2.0, 1.3)]
    [InlineData(-1.0, 0.5, 0.4)]
    public void Simpson_recursive(double a, double b, double k) => Check3(SixthPeerFns.SimpsonCaller, SixthPeerFns.SimpsonCallerGradient, a, b, k, "simpson");

    [Fact]
    public void Strided_padded_correlation() =>
        CheckAB(SixthPeerFns.StridedPaddedCorrelation, SixthPeerFns.StridedPaddedCorrelationGradient, A6, new[] { 0.3, -0.7, 0.5 }, "conv_stride");

    [Fact]
    public void Max_pool_windows()
    {
        CheckA(SixthPeerFns.MaxPoolWindows, SixthPeerFns.MaxPoolWindowsGradient, A6, "maxpool");
        // ties in a window: the first element keeps the adjoint
        double[] t = { 1.0, 1.0, 0.5, 2.0, -1.0, -1.0 };
        var dA = new double[6];
        SixthPeerFns.MaxPoolWindowsGradient((double[])t.Clone(), dA);
        Assert.Equal(new[] { 1.0, 0.0, 0.0, 3.0, 5.0, 0.0 }, dA);
    }

    [Fact]
    public void Batch_norm_forward() => CheckAXY(SixthPeerFns.BatchNormForward, SixthPeerFns.BatchNormForwardGradient, A5, 1.3, -0.4, "batchnorm");

    [Fact]
    public void Gru_cell() =>
        CheckAB(SixthPeerFns.GruCell, SixthPeerFns.GruCellGradient, Pts.Vector(new System.Random(61), 30, -0.8, 0.8), new[] { 0.4, -0.9, 0.3, 0.6 }, "gru");

    [Fact]
    public void Lstm_sequence() =>
        CheckAB(SixthPeerFns.LstmSequence, SixthPeerFns.LstmSequenceGradient, Pts.Vector(new System.Random(62), 12, -0.9, 0.9), new[] { 0.4, -0.9, 1.3 }, "lstm");

    [Fact]
    public void Focal_loss() => CheckAX(SixthPeerFns.FocalLoss, SixthPeerFns.FocalLossGradient, A5, 2.0, "focal");

    [Fact]
    public void Hinge_losses() => CheckAX(SixthPeerFns.HingeLosses, SixthPeerFns.HingeLossesGradient, A5, 0.8, "hinge");

    [Fact]
    public void Triplet_loss()
    {
        double[] e = { 0.3, -0.2, 0.5, 0.4, 0.1, 0.6, -0.5, 0.9, 0.2 };
        CheckAX(SixthPeerFns.TripletLoss, SixthPeerFns.TripletLossGradient, e, 0.5, "triplet");
        CheckAX(SixthPeerFns.TripletLoss, SixthPeerFns.TripletLossGradient, e, -2.0, "triplet_inactive");
    }

    [Fact]
    public void Mahalanobis_cholesky() =>
        CheckAB(SixthPeerFns.MahalanobisCholesky, SixthPeerFns.MahalanobisCholeskyGradient, new[] { 4.0, 1.2, 0.4, 1.2, 3.0, -0.5, 0.4, -0.5, 2.0 }, new[] { 0.7, -0.3, 1.1 }, "mahalanobis");

    [Fact]
    public void Determinant_partial_pivot()
    {
        double[] m = { 1.0, 2.0, 0.5, 4.0, -1.0, 0.3, 0.2, 3.0, 2.5 };
        CheckA(SixthPeerFns.DeterminantPartialPivot, SixthPeerFns.DeterminantPartialPivotGradient, m, "det_pivot");
        var dM = new double[9];
        double det = SixthPeerFns.DeterminantPartialPivotGradient((double[])m.Clone(), dM);
        // d det / d m[0] is the (0, 0) cofactor
        Grad.Close(m[4] * m[8] - m[5] * m[7], dM[0], 1e-12, 1e-14, "det cofactor");
        Grad.Close(m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]), det, 1e-12, 1e-14, "det value");
    }

    [Fact]
    public void Inverse_by_cofactors() =>
        CheckA(SixthPeerFns.InverseByCofactors, SixthPeerFns.InverseByCofactorsGradient, new[] { 2.0, 0.5, -0.3, 0.4, 1.5, 0.2, -0.1, 0.7, 1.8 }, "inverse3");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(1.0, 3.0)]
    public void Booth(double x, double y) => Check2(SixthPeerFns.BoothFunction, SixthPeerFns.BoothFunctionGradient, x, y, "booth");

    [Fact]
    public void Brusselator_rk4() => Check3(SixthPeerFns.BrusselatorRk4, SixthPeerFns.BrusselatorRk4Gradient, 1.0, 3.0, 1.2, "brusselator");

    [Fact]
    public void Heat_stencil() => CheckAX(SixthPeerFns.HeatStencil, SixthPeerFns.HeatStencilGradient, A6, 0.3, "heat");

    [Theory]
    [InlineData(0.4, 1.3)]
    [InlineData(1.7, 0.2)]
    [InlineData(1.5, 1.5)]
    public void Bilinear_grid(double x, double y) =>
        CheckAXY(SixthPeerFns.BilinearGrid, SixthPeerFns.BilinearGridGradient, new[] { 0.1, 0.5, -0.3, 1.2, 0.7, 0.4, -0.6, 0.9, 1.1 }, x, y, "bilinear");

    [Fact]
    public void Bubble_sort_weighted() => CheckA(SixthPeerFns.BubbleSortWeighted, SixthPeerFns.BubbleSortWeightedGradient, A6, "bubble");

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Top_k_sum(int k) => CheckAI(SixthPeerFns.TopKSum, SixthPeerFns.TopKSumGradient, A6, k, "topk");

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(4.2)]
    public void Piecewise_linear_search(double x) => CheckAX(SixthPeerFns.PiecewiseLinearSearch, SixthPeerFns.PiecewiseLinearSearchGradient, A6, x, "pwl");

    [Fact]
    public void Cosine_similarity_eps() => CheckAB(SixthPeerFns.CosineSimilarityEps, SixthPeerFns.CosineSimilarityEpsGradient, A5, B5, "cosine");

    // ----- kinks -----

    [Fact]
    public void Kinks_at_their_points()
    {
        AtPoint(SixthPeerFns.AbsDifferenceGradient, SixthPeerFns.AbsDifference, 0.0, 0.0, 0.0, 0.0, "abs0");
        AtPoint(SixthPeerFns.AbsDifferenceGradient, SixthPeerFns.AbsDifference, 0.7, 0.7, 0.7, 0.7, "abs_tie");
        AtPoint(SixthPeerFns.MaxMinTieGradient, SixthPeerFns.MaxMinTie, 1.5, 1.5, 2.5, 2.5, "maxmin_tie");
        AtPoint(SixthPeerFns.ReluBranchGradient, SixthPeerFns.ReluBranch, 0.0, 0.0, 0.0, 1.0, "relu0");
        AtPoint(SixthPeerFns.HypotAtOriginGradient, SixthPeerFns.HypotAtOrigin, 0.0, 0.0, 1.0, 0.0, "hypot0");
        AtPoint(SixthPeerFns.ClampOnBoundGradient, SixthPeerFns.ClampOnBound, 1.0, 2.0, 2.0, 1.0, "clamp_bound");
        AtPoint(SixthPeerFns.ClampOnBoundGradient, SixthPeerFns.ClampOnBound, -1.0, 2.0, 2.0, -1.0, "clamp_lower");
    }

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Kinks_away(double x, double y)
    {
        Check2(SixthPeerFns.AbsDifference, SixthPeerFns.AbsDifferenceGradient, x, y, "abs");
        Check2(SixthPeerFns.MaxMinTie, SixthPeerFns.MaxMinTieGradient, x, y, "maxmin");
        Check2(SixthPeerFns.ReluBranch, SixthPeerFns.ReluBranchGradient, x, y, "relu");
        Check2(SixthPeerFns.HypotAtOrigin, SixthPeerFns.HypotAtOriginGradient, x, y, "hypot_o");
        Check2(SixthPeerFns.ClampOnBound, SixthPeerFns.ClampOnBoundGradient, x, y, "clamp");
    }
}

/// <summary>
/// Shapes that stress the generator's bookkeeping: named arguments out of order, optional arguments,
/// overloads, locals named like the generated ones, the same name declared in sibling scopes, loops with two
/// counters or a counter the body moves, continue in a do/while, flags that leave nested loops, returns from
/// inside nested loops, scalars and elements that alias themselves, tuple rotations, data-dependent indices that
/// may coincide, Pow at zero, and casts through float and int.
/// </summary>
public static partial class SixthPeerFns
{
    [Differentiable]
    public static double Affine(double x, double y, double scale = 2.0, int power = 1)
    {
        double v = scale * x - y;
        for (int k = 1; k < power; k++)
        {
            v *= scale * x - y;
        }

        return v;
    }

    // named arguments out of order and an optional argument left out
    [Differentiable]
    public static double NamedArguments(double a, double b) => Affine(y: a * a, x: b) + Affine(scale: b, y: 1.0, x: a, power: 3);

    [Differentiable]
    public static double Weight(double x) => x * x;

    [Differentiable]
    public static double Weight(double x, double y) => x * y + Weight(y);

    [Differentiable]
    public static double OverloadCaller(double x, double y) => Weight(x) + Weight(x, y) + Weight(Weight(y, x));

    // locals named like the generated adjoints and tangents of other locals, and like tape words
    [Differentiable]
    public static double GeneratedLookingNames(double x, double t)
    {
        double tape = x * t;
        double adj = tape + 1;
        double dx = adj * adj;
        double tT = Math.Sin(t);
        double result = dx + tT * x;
        double dResult = result * 0.5;
        double hv = dResult - tape;
        return hv + result;
    }

    // the same names declared in sibling blocks with different types and meanings
    [Differentiable]
    public static double SiblingScopes(double[] a, double x)
    {
        double s = 0;
        {
            double v = x * 2;
            int k = 1;
            s += v * a[k];
        }

        {
            int v = a.Length;
            double k = x * x;
            s += k * v;
        }

        for (int i = 0; i < a.Length; i++)
        {
            double v = a[i] * x;
            s += v * v;
        }

        for (int i = a.Length - 1; i >= 0; i--)
        {
            double v = Math.Cos(a[i]);
            s -= v * x;
        }

        return s;
    }

    // two counters moving toward each other
    [Differentiable]
    public static double TwoCounters(double[] a)
    {
        double s = 0;
        for (int i = 0, j = a.Length - 1; i < j; i++, j--)
        {
            s += a[i] * a[j] + (j - i) * a[i];
        }

        return s;
    }

    // the body skips ahead by moving the counter
    [Differentiable]
    public static double CounterMovedInBody(double[] a)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] < 0)
            {
                s += a[i] * a[i];
                i++;
                continue;
            }

            s += Math.Sqrt(a[i] + 1);
        }

        return s;
    }

    // continue in a do/while jumps to the condition
    [Differentiable]
    public static double ContinueInDoWhile(double[] a)
    {
        int i = -1;
        double s = 0;
        do
        {
            i++;
            if (a[i] > 1.0)
            {
                continue;
            }

            s += a[i] * s + a[i];
        }
        while (i < a.Length - 1);

        return s;
    }

    // a flag that leaves two nested loops
    [Differentiable]
    public static double FlagLeavesNestedLoops(double[] a, double limit)
    {
        double s = 0;
        bool done = false;
        for (int i = 0; i < a.Length && !done; i++)
        {
            for (int j = 0; j < a.Length; j++)
            {
                s += a[i] * a[j] * 0.1;
                if (s > limit)
                {
                    done = true;
                    break;
                }
            }
        }

        return s * limit;
    }

    // a return from inside two nested loops
    [Differentiable]
    public static double ReturnFromNestedLoops(double[] a, double x)
    {
        double s = x;
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = i; j < a.Length; j++)
            {
                s = s * 0.9 + a[i] * a[j];
                if (s > 3.0)
                {
                    return s * x;
                }
            }
        }

        return -s;
    }

    // a parameter scalar overwritten with functions of itself
    [Differentiable]
    public static double ParameterOverwritten(double x, double y)
    {
        x = Math.Sin(x) + y;
        y = x * y;
        x = x * x;
        x *= x;
        y += x;
        return x - y * y;
    }

    // a scalar repeatedly replaced by a function of itself in a loop with a branch
    [Differentiable]
    public static double SelfReplacingScalar(double x, int n)
    {
        double v = x;
        for (int i = 0; i < n; i++)
        {
            if (v > 1)
            {
                v = Math.Sqrt(v);
            }
            else
            {
                v = v * v + 0.5;
            }
        }

        return v;
    }

    [Differentiable]
    public static double SelfReplacingCaller(double x, double y) => SelfReplacingScalar(x * y, 7) + SelfReplacingScalar(y, 3);

    // an element added to itself and squared in place, with reads of its neighbour after the write
    [Differentiable]
    public static double ElementSelfAlias(double[] a)
    {
        for (int i = 0; i < a.Length; i++)
        {
            a[i] += a[i];
            a[i] *= a[i];
            if (i > 0)
            {
                a[i] -= a[i - 1] * 0.25;
            }
        }

        return a[^1] + a[0];
    }

    // indices computed from the data that may coincide
    [Differentiable]
    public static double DataDependentIndices(double[] a, double x)
    {
        int n = a.Length;
        double[] b = (double[])a.Clone();
        for (int t = 0; t < 4; t++)
        {
            int i = (int)Math.Floor(Math.Abs(b[t % n]) * 3) % n;
            int j = (t * 2) % n;
            b[i] = b[j] * x + b[i];
            b[j] *= b[i];
        }

        double s = 0;
        foreach (double v in b)
        {
            s += v;
        }

        return s;
    }

    // a rotation of three scalars by a tuple in a loop
    [Differentiable]
    public static double TupleRotation(double x, double y, double z)
    {
        for (int k = 0; k < 5; k++)
        {
            (x, y, z) = (y * 0.5 + z, z - x * 0.25, x * y);
        }

        return x + 2 * y + 3 * z;
    }

    // (a, b) = (a + b, a − b): both read the old values
    [Differentiable]
    public static double TupleButterfly(double[] a)
    {
        for (int h = 1; h < a.Length; h *= 2)
        {
            for (int i = 0; i < a.Length; i += 2 * h)
            {
                for (int j = i; j < i + h; j++)
                {
                    (a[j], a[j + h]) = (a[j] + a[j + h], a[j] - a[j + h]);
                }
            }
        }

        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i] * (i + 1);
        }

        return s;
    }

    [Differentiable]
    public static double PowAtZero(double x, double y) => Math.Pow(x, 2) + Math.Pow(x, 3) * y + Math.Pow(y, 2.0) * x + Math.Pow(x * y, 4);

    [Differentiable]
    public static double PowIntegerVariable(double x, int n)
    {
        double s = 0;
        for (int k = 0; k <= n; k++)
        {
            s += Math.Pow(x, k) / (k + 1);
        }

        return s;
    }

    [Differentiable]
    public static double PowIntegerCaller(double x, double y) => PowIntegerVariable(x - y, 5);

    [Differentiable]
    public static double PowDifferentiableBase(double x, double y) => Math.Pow(2, x) * Math.Pow(y, x) + Math.Pow(Math.E, x * y);

    // casts through float and int inside double code
    [Differentiable]
    public static double CastsThroughFloatAndInt(double x, double y)
    {
        float f = (float)(x * y);
        double frac = x - (int)x;
        long l = (long)(y * 100);
        return f * 2.0 + frac * y + l * 0.001 * x + (double)(float)y;
    }

    // an index chosen by a ternary on differentiable data
    [Differentiable]
    public static double TernaryIndex(double[] a, double x) => a[x > 0 ? 0 : 1] * x + a[a[2] > a[3] ? 2 : 3] * a[4];

    // an extension-style static helper called twice and nested
    [Differentiable]
    public static double Smooth(double x, double eps) => Math.Sqrt(x * x + eps * eps) - eps;

    [Differentiable]
    public static double SmoothCaller(double x, double y) => Smooth(Smooth(x - y, 0.1), y * y + 0.01);

    // mutual recursion on a depth
    [Differentiable]
    public static double EvenPart(double x, int n) => n == 0 ? 1.0 : 1.0 + x * OddPart(x, n - 1);

    [Differentiable]
    public static double OddPart(double x, int n) => n == 0 ? x : x - 0.5 * EvenPart(x * 0.5, n - 1);

    [Differentiable]
    public static double MutualRecursionCaller(double x, double y) => EvenPart(x * y, 5) + OddPart(y, 4);

    // a unary plus, a double negation and subtractions of itself
    [Differentiable]
    public static double UnaryAndSelfCancel(double x, double y)
    {
        double v = +x;
        v = -(-v);
        double z = y;
        z -= z;
        z += x * y;
        double w = x / x * y;
        return v * z + w;
    }

    // constants from the library
    [Differentiable]
    public static double LibraryConstants(double x) => Math.PI * x * x + Math.E * Math.Sin(Math.Tau * x) + double.Epsilon * x + Math.Max(x, double.NegativeInfinity);

    // IsFinite / IsNaN guards on values
    [Differentiable]
    public static double FiniteGuards(double x, double y)
    {
        double r = Math.Log(x) * y;
        if (double.IsNaN(r) || !double.IsFinite(r))
        {
            return y * y;
        }

        return r;
    }

    // rounding overloads with digits and midpoint modes, with smooth parts
    [Differentiable]
    public static double RoundingOverloads(double x) => Math.Round(x, 2) * x + Math.Round(x * 10, MidpointRounding.AwayFromZero) + Math.Round(x, 1, MidpointRounding.ToZero) + x * x;

    // a loop over a differentiable array with a local float array
    [Differentiable]
    public static double LocalFloatArray(double[] a)
    {
        float[] f = new float[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            f[i] = (float)(a[i] * a[i]);
        }

        double s = 0;
        for (int i = 0; i < f.Length; i++)
        {
            s += f[i] * a[i];
        }

        return s;
    }

    // a [NoDiff] matrix of constants read through double[,]
    [Differentiable]
    public static double QuadraticFormFixedMatrix(double[] x, [NoDiff] double[,] m)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                s += x[i] * m[i, j] * x[j];
            }
        }

        return s;
    }

    // Console output of differentiable values in the loop
    [Differentiable]
    public static double WithConsoleOutput(double[] a)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += Math.Exp(a[i] * 0.3);
            if (i == a.Length)
            {
                Console.WriteLine($"partial {i}: {s}");
            }
        }

        return Math.Log(s);
    }

    // a switch statement in a loop with continue and several labels
    [Differentiable]
    public static double SwitchInLoop(double[] a)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            switch (i % 4)
            {
                case 0:
                case 2:
                    s += a[i] * a[i];
                    break;
                case 1:
                    if (a[i] < 0)
                    {
                        continue;
                    }

                    s *= 1 + a[i];
                    break;
                default:
                    s -= Math.Sin(a[i]) * s;
                    break;
            }

            s += 0.01 * i;
        }

        return s;
    }

    // a while loop whose condition calls a differentiable helper
    [Differentiable]
    public static double HelperInCondition(double x)
    {
        double v = x;
        int n = 0;
        while (Sq(v) > 0.01 && n < 40)
        {
            v *= 0.7;
            n++;
        }

        return v + x * n;
    }

    // a double loop counter
    [Differentiable]
    public static double DoubleLoopCounter(double x)
    {
        double s = 0;
        for (double t = 0.0; t < 1.0; t += 0.125)
        {
            s += Math.Exp(-x * t) * 0.125;
        }

        return s;
    }

    // an instance class whose differentiable method calls another of its differentiable methods
    public sealed partial class Model
    {
        private readonly double[] _w;

        public Model(double[] w) => _w = w;

        [Differentiable]
        public double Predict(double x) => _w[0] + _w[1] * x + _w[2] * Math.Tanh(x);

        [Differentiable]
        public double Loss(double x, double y) => Sq(Predict(x) - y) + 0.1 * Predict(y);
    }

    // Horner for a polynomial and its derivative at once
    [Differentiable]
    public static double HornerWithDerivative(double[] c, double x)
    {
        double p = c[^1], dp = 0;
        for (int i = c.Length - 2; i >= 0; i--)
        {
            dp = dp * x + p;
            p = p * x + c[i];
        }

        return p + dp * dp;
    }

    // Lotka–Volterra by RK4 with the stages in scalars
    [Differentiable]
    public static double LotkaVolterraScalars(double a, double b, double c)
    {
        double u = 1.0, v = 0.5, h = 0.1;
        for (int s = 0; s < 15; s++)
        {
            double k1u = a * u - b * u * v, k1v = -c * v + b * u * v;
            double u2 = u + 0.5 * h * k1u, v2 = v + 0.5 * h * k1v;
            double k2u = a * u2 - b * u2 * v2, k2v = -c * v2 + b * u2 * v2;
            double u3 = u + 0.5 * h * k2u, v3 = v + 0.5 * h * k2v;
            double k3u = a * u3 - b * u3 * v3, k3v = -c * v3 + b * u3 * v3;
            double u4 = u + h * k3u, v4 = v + h * k3v;
            double k4u = a * u4 - b * u4 * v4, k4v = -c * v4 + b * u4 * v4;
            u += h / 6 * (k1u + 2 * k2u + 2 * k3u + k4u);
            v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
        }

        return u * v;
    }

    // power iteration for the dominant eigenvalue of a symmetric 3×3 (Rayleigh quotient)
    [Differentiable]
    public static double PowerIterationRayleigh(double[] m)
    {
        double[] v = { 1.0, 0.5, 0.25 };
        double[] w = new double[3];
        for (int it = 0; it < 60; it++)
        {
            double norm = 0;
            for (int i = 0; i < 3; i++)
            {
                w[i] = 0;
                for (int j = 0; j < 3; j++)
                {
                    w[i] += m[i * 3 + j] * v[j];
                }

                norm += w[i] * w[i];
            }

            norm = Math.Sqrt(norm);
            for (int i = 0; i < 3; i++)
            {
                v[i] = w[i] / norm;
            }
        }

        double num = 0;
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                num += v[i] * m[i * 3 + j] * v[j];
            }
        }

        return num;
    }

    // QR by modified Gram–Schmidt of a 3×2 matrix: the product of R's diagonal
    [Differentiable]
    public static double ModifiedGramSchmidtDiagonal(double[] a0)
    {
        double[] q = (double[])a0.Clone();
        double r00 = 0;
        for (int i = 0; i < 3; i++)
        {
            r00 += q[i * 2] * q[i * 2];
        }

        r00 = Math.Sqrt(r00);
        for (int i = 0; i < 3; i++)
        {
            q[i * 2] /= r00;
        }

        double r01 = 0;
        for (int i = 0; i < 3; i++)
        {
            r01 += q[i * 2] * q[i * 2 + 1];
        }

        for (int i = 0; i < 3; i++)
        {
            q[i * 2 + 1] -= r01 * q[i * 2];
        }

        double r11 = 0;
        for (int i = 0; i < 3; i++)
        {
            r11 += q[i * 2 + 1] * q[i * 2 + 1];
        }

        return r00 * Math.Sqrt(r11) + r01;
    }

    // cubic Hermite spline through the knot table with finite-difference slopes
    [Differentiable]
    public static double CubicHermiteSpline(double[] y, double x)
    {
        int k = 0;
        while (k < Knots.Length - 2 && x >= Knots[k + 1])
        {
            k++;
        }

        double h = Knots[k + 1] - Knots[k];
        double t = (x - Knots[k]) / h;
        double m0 = k == 0 ? (y[1] - y[0]) / (Knots[1] - Knots[0]) : (y[k + 1] - y[k - 1]) / (Knots[k + 1] - Knots[k - 1]);
        double m1 = k + 2 >= y.Length ? (y[k + 1] - y[k]) / h : (y[k + 2] - y[k]) / (Knots[k + 2] - Knots[k]);
        double t2 = t * t, t3 = t2 * t;
        return (2 * t3 - 3 * t2 + 1) * y[k] + (t3 - 2 * t2 + t) * h * m0 + (-2 * t3 + 3 * t2) * y[k + 1] + (t3 - t2) * h * m1;
    }

    // Ackley in n dimensions written with LINQ sums of selectors
    [Differentiable]
    public static double AckleyLinq(double[] x)
    {
        int n = x.Length;
        double s1 = x.Sum(v => v * v);
        double s2 = x.Sum(v => Math.Cos(2 * Math.PI * v));
        return -20 * Math.Exp(-0.2 * Math.Sqrt(s1 / n)) - Math.Exp(s2 / n) + 20 + Math.E;
    }

    // attention: softmax(q·k)·v for one query over four keys of width 2
    [Differentiable]
    public static double AttentionOneQuery(double[] q, double[] kv)
    {
        double[] score = new double[4];
        double m = double.NegativeInfinity;
        for (int j = 0; j < 4; j++)
        {
            score[j] = (q[0] * kv[j * 4] + q[1] * kv[j * 4 + 1]) / Math.Sqrt(2.0);
            m = Math.Max(m, score[j]);
        }

        double z = 0;
        for (int j = 0; j < 4; j++)
        {
            score[j] = Math.Exp(score[j] - m);
            z += score[j];
        }

        double o0 = 0, o1 = 0;
        for (int j = 0; j < 4; j++)
        {
            o0 += score[j] / z * kv[j * 4 + 2];
            o1 += score[j] / z * kv[j * 4 + 3];
        }

        return o0 * o0 + o1;
    }

    // label-smoothed cross-entropy with a stable log-softmax and a class index
    [Differentiable]
    public static double SmoothedCrossEntropy(double[] logits, int label, double eps)
    {
        int n = logits.Length;
        double m = logits[0];
        for (int i = 1; i < n; i++)
        {
            m = Math.Max(m, logits[i]);
        }

        double lse = 0;
        for (int i = 0; i < n; i++)
        {
            lse += Math.Exp(logits[i] - m);
        }

        lse = m + Math.Log(lse);
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double target = i == label ? 1 - eps + eps / n : eps / n;
            loss -= target * (logits[i] - lse);
        }

        return loss;
    }

    // Styblinski–Tang and Griewank as a foreach with an index counter
    [Differentiable]
    public static double StyblinskiGriewank(double[] x)
    {
        double st = 0, gs = 0, gp = 1;
        int i = 0;
        foreach (double v in x)
        {
            st += 0.5 * (v * v * v * v - 16 * v * v + 5 * v);
            gs += v * v / 4000;
            gp *= Math.Cos(v / Math.Sqrt(++i));
        }

        return st + 1 + gs - gp;
    }
}

public sealed partial class SixthPeerSuiteTests
{
    private delegate double GXI(double x, int n, ref double dX);

    private delegate double GAIX(double[] a, int n, double x, double[] dA, ref double dX);

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Named_arguments(double a, double b) => Check2(SixthPeerFns.NamedArguments, SixthPeerFns.NamedArgumentsGradient, a, b, "named_args");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Overload_caller(double x, double y) => Check2(SixthPeerFns.OverloadCaller, SixthPeerFns.OverloadCallerGradient, x, y, "overloads");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Generated_looking_names(double x, double t) => Check2(SixthPeerFns.GeneratedLookingNames, SixthPeerFns.GeneratedLookingNamesGradient, x, t, "names");

    [Fact]
    public void Sibling_scopes() => CheckAX(SixthPeerFns.SiblingScopes, SixthPeerFns.SiblingScopesGradient, A5, 0.7, "sibling_scopes");

    [Fact]
    public void Two_counters()
    {
        CheckA(SixthPeerFns.TwoCounters, SixthPeerFns.TwoCountersGradient, A5, "two_counters5");
        CheckA(SixthPeerFns.TwoCounters, SixthPeerFns.TwoCountersGradient, A6, "two_counters6");
    }

    [Fact]
    public void Counter_moved_in_body() => CheckA(SixthPeerFns.CounterMovedInBody, SixthPeerFns.CounterMovedInBodyGradient, A6, "counter_moved");

    [Fact]
    public void Continue_in_do_while() => CheckA(SixthPeerFns.ContinueInDoWhile, SixthPeerFns.ContinueInDoWhileGradient, A6, "continue_do");

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.1)]
    [InlineData(50.0)]
    public void Flag_leaves_nested_loops(double limit) => CheckAX(SixthPeerFns.FlagLeavesNestedLoops, SixthPeerFns.FlagLeavesNestedLoopsGradient, A5, limit, "flag_loops");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-3.0)]
    public void Return_from_nested_loops(double x) => CheckAX(SixthPeerFns.ReturnFromNestedLoops, SixthPeerFns.ReturnFromNestedLoopsGradient, A5, x, "return_nested");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Parameter_overwritten(double x, double y) => Check2(SixthPeerFns.ParameterOverwritten, SixthPeerFns.ParameterOverwrittenGradient, x, y, "param_overwritten");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(0.3, 0.2)]
    public void Self_replacing(double x, double y) => Check2(SixthPeerFns.SelfReplacingCaller, SixthPeerFns.SelfReplacingCallerGradient, x, y, "self_replacing");

    [Fact]
    public void Element_self_alias() => CheckA(SixthPeerFns.ElementSelfAlias, SixthPeerFns.ElementSelfAliasGradient, A5, "element_alias");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.1)]
    public void Data_dependent_indices(double x)
    {
        CheckAX(SixthPeerFns.DataDependentIndices, SixthPeerFns.DataDependentIndicesGradient, A5, x, "data_indices");
        CheckAX(SixthPeerFns.DataDependentIndices, SixthPeerFns.DataDependentIndicesGradient, new[] { 0.1, 0.2, 0.05, 0.3 }, x, "data_indices_same");
    }

    [Theory]
    [InlineData(0.8, 1.7, -0.4)]
    [InlineData(-1.3, 0.2, 0.9)]
    public void Tuple_rotation(double x, double y, double z) => Check3(SixthPeerFns.TupleRotation, SixthPeerFns.TupleRotationGradient, x, y, z, "tuple_rotation");

    [Fact]
    public void Tuple_butterfly() => CheckA(SixthPeerFns.TupleButterfly, SixthPeerFns.TupleButterflyGradient, new[] { 0.7, -1.3, 0.4, 0.9, 1.6, -0.2, 0.5, 1.1 }, "butterfly");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Pow_away_from_zero(double x, double y) => Check2(SixthPeerFns.PowAtZero, SixthPeerFns.PowAtZeroGradient, x, y, "pow");

    [Fact]
    public void Pow_at_zero()
    {
        // d/dx = 2x + 3x²y + y² + 4x³y⁴ ; d/dy = x³ + 2yx + 4x⁴y³
        AtPoint(SixthPeerFns.PowAtZeroGradient, SixthPeerFns.PowAtZero, 0.0, 1.5, 2.25, 0.0, "pow_x0");
        AtPoint(SixthPeerFns.PowAtZeroGradient, SixthPeerFns.PowAtZero, 0.0, 0.0, 0.0, 0.0, "pow_00");
        AtPoint(SixthPeerFns.PowAtZeroGradient, SixthPeerFns.PowAtZero, 1.0, 0.0, 2.0, 1.0, "pow_y0");
    }

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(1.3, 0.2)]
    [InlineData(0.5, 0.5)]
    public void Pow_integer_variable(double x, double y) => Check2(SixthPeerFns.PowIntegerCaller, SixthPeerFns.PowIntegerCallerGradient, x, y, "pow_int");

    [Fact]
    public void Pow_integer_at_zero()
    {
        // Σ x^k / (k + 1): derivative at 0 is 1/2
        double dX = 0;
        SixthPeerFns.PowIntegerVariableGradient(0.0, 5, ref dX);
        Assert.Equal(0.5, dX);
    }

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Pow_differentiable_base(double x, double y) => Check2(SixthPeerFns.PowDifferentiableBase, SixthPeerFns.PowDifferentiableBaseGradient, x, y, "pow_base");

    [Theory]
    [InlineData(2.3, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Casts_through_float_and_int(double x, double y)
    {
        double dX = 0, dY = 0;
        double v = SixthPeerFns.CastsThroughFloatAndIntGradient(x, y, ref dX, ref dY);
        Assert.Equal(SixthPeerFns.CastsThroughFloatAndInt(x, y), v);
        long l = (long)(y * 100);
        Grad.Close(2 * y + y + l * 0.001, dX, 1e-6, 1e-9, "casts dX");
        Grad.Close(2 * x + (x - (int)x) + 1, dY, 1e-6, 1e-9, "casts dY");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.5)]
    public void Ternary_index(double x) => CheckAX(SixthPeerFns.TernaryIndex, SixthPeerFns.TernaryIndexGradient, A5, x, "ternary_index");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Smooth_caller(double x, double y) => Check2(SixthPeerFns.SmoothCaller, SixthPeerFns.SmoothCallerGradient, x, y, "smooth");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Mutual_recursion(double x, double y) => Check2(SixthPeerFns.MutualRecursionCaller, SixthPeerFns.MutualRecursionCallerGradient, x, y, "mutual");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Unary_and_self_cancel(double x, double y) => Check2(SixthPeerFns.UnaryAndSelfCancel, SixthPeerFns.UnaryAndSelfCancelGradient, x, y, "unary");

    [Theory]
    [InlineData(0.8)]
    [InlineData(-1.3)]
    public void Library_constants(double x) => Check1(SixthPeerFns.LibraryConstants, SixthPeerFns.LibraryConstantsGradient, x, "constants");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Finite_guards(double x, double y) => Check2(SixthPeerFns.FiniteGuards, SixthPeerFns.FiniteGuardsGradient, x, y, "finite_guards");

    [Theory]
    [InlineData(0.813)]
    [InlineData(-1.337)]
    public void Rounding_overloads(double x) => Check1(SixthPeerFns.RoundingOverloads, SixthPeerFns.RoundingOverloadsGradient, x, "rounding");

    [Fact]
    public void Local_float_array()
    {
        var dA = new double[5];
        double v = SixthPeerFns.LocalFloatArrayGradient((double[])A5.Clone(), dA);
        Assert.Equal(SixthPeerFns.LocalFloatArray((double[])A5.Clone()), v);
        for (int i = 0; i < 5; i++)
        {
            Grad.Close(3 * A5[i] * A5[i], dA[i], 1e-6, 1e-9, "float_array");
        }
    }

    [Fact]
    public void Quadratic_form_fixed_matrix()
    {
        var m = new double[,] { { 2, 0.5, 0 }, { 0.1, 1, -0.3 }, { 0, 0.2, 3 } };
        var x = new[] { 0.7, -1.2, 0.4 };
        var dX = new double[3];
        double v = SixthPeerFns.QuadraticFormFixedMatrixGradient((double[])x.Clone(), m, dX);
        Assert.Equal(SixthPeerFns.QuadraticFormFixedMatrix(x, m), v);
        Grad.Check(p => SixthPeerFns.QuadraticFormFixedMatrix(p, m), x, dX, "quad_form");
    }

    [Fact]
    public void With_console_output() => CheckA(SixthPeerFns.WithConsoleOutput, SixthPeerFns.WithConsoleOutputGradient, A5, "console");

    [Fact]
    public void Switch_in_loop()
    {
        CheckA(SixthPeerFns.SwitchInLoop, SixthPeerFns.SwitchInLoopGradient, A6, "switch_loop");
        CheckA(SixthPeerFns.SwitchInLoop, SixthPeerFns.SwitchInLoopGradient, new[] { 0.5, 0.3, -0.2, 0.8, 1.1, 0.6, 0.9, -0.4 }, "switch_loop8");
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-1.3)]
    public void Helper_in_condition(double x) => Check1(SixthPeerFns.HelperInCondition, SixthPeerFns.HelperInConditionGradient, x, "helper_cond");

    [Theory]
    [InlineData(0.8)]
    [InlineData(-1.3)]
    public void Double_loop_counter(double x) => Check1(SixthPeerFns.DoubleLoopCounter, SixthPeerFns.DoubleLoopCounterGradient, x, "double_counter");

    [Theory]
    [InlineData(0.8, 1.7)]
    [InlineData(-1.3, 0.2)]
    public void Model_instance(double x, double y)
    {
        var m = new SixthPeerFns.Model(new[] { 0.3, -0.7, 1.2 });
        Check2(m.Loss, m.LossGradient, x, y, "model");
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-1.3)]
    public void Horner_with_derivative(double x) => CheckAX(SixthPeerFns.HornerWithDerivative, SixthPeerFns.HornerWithDerivativeGradient, A5, x, "horner_deriv");

    [Fact]
    public void Lotka_volterra_scalars() => Check3(SixthPeerFns.LotkaVolterraScalars, SixthPeerFns.LotkaVolterraScalarsGradient, 1.1, 0.4, 0.9, "lv_scalars");

    [Fact]
    public void Power_iteration_rayleigh()
    {
        double[] m = { 4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 1.0 };
        CheckA(SixthPeerFns.PowerIterationRayleigh, SixthPeerFns.PowerIterationRayleighGradient, m, "power_iter");
    }

    [Fact]
    public void Modified_gram_schmidt() =>
        CheckA(SixthPeerFns.ModifiedGramSchmidtDiagonal, SixthPeerFns.ModifiedGramSchmidtDiagonalGradient, new[] { 1.0, 0.3, -0.5, 1.2, 0.8, -0.4 }, "mgs");

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.6)]
    [InlineData(4.4)]
    public void Cubic_hermite_spline(double x) => CheckAX(SixthPeerFns.CubicHermiteSpline, SixthPeerFns.CubicHermiteSplineGradient, A6, x, "hermite");

    [Fact]
    public void Ackley_linq() => CheckA(SixthPeerFns.AckleyLinq, SixthPeerFns.AckleyLinqGradient, new[] { 0.3, -0.7, 1.1 }, "ackley_linq");

    [Fact]
    public void Attention_one_query() =>
        CheckAB(SixthPeerFns.AttentionOneQuery, SixthPeerFns.AttentionOneQueryGradient, new[] { 0.6, -0.4 }, Pts.Vector(new System.Random(63), 16, -1, 1), "attention");

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(3, 0.2)]
    public void Smoothed_cross_entropy(int label, double eps)
    {
        var dA = new double[5];
        double dE = 0;
        double v = SixthPeerFns.SmoothedCrossEntropyGradient((double[])A5.Clone(), label, eps, dA, ref dE);
        Grad.SameValue(SixthPeerFns.SmoothedCrossEntropy(A5, label, eps), v, "smoothed_ce");
        Grad.Check(p => SixthPeerFns.SmoothedCrossEntropy(Fd.Slice(p, 0, 5), label, p[5]), Fd.Pack(A5, eps), Fd.Pack(dA, dE), "smoothed_ce");
        TangentCheck.Against((GAIX)SixthPeerFns.SmoothedCrossEntropyGradient, new object[] { A5, label, eps }, new object[] { dA, dE }, "smoothed_ce");
    }

    [Fact]
    public void Styblinski_griewank() => CheckA(SixthPeerFns.StyblinskiGriewank, SixthPeerFns.StyblinskiGriewankGradient, A5, "st_griewank");
}
public static partial class SixthPeerFns
{
    [Differentiable]
    public static double FnSin(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Sin(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnCos(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Cos(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnTan(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Tan(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAsin(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Asin(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAcos(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Acos(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAtan(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Atan(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnSinh(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Sinh(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnCosh(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Cosh(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnTanh(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Tanh(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAsinh(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Asinh(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAcosh(double x)
    {
        double u = 1.2 + 0.3 * x * x + 0.1 * x;
        return Math.Acosh(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAtanh(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Atanh(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnExp(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Exp(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnLog(double x)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * x;
        return Math.Log(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnLog10(double x)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * x;
        return Math.Log10(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnLog2(double x)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * x;
        return Math.Log2(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnSqrt(double x)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * x;
        return Math.Sqrt(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnCbrt(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Cbrt(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAbs(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return Math.Abs(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnSinPi(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.SinPi(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnCosPi(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.CosPi(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnTanPi(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.TanPi(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAsinPi(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.AsinPi(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAcosPi(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.AcosPi(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAtanPi(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.AtanPi(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnDegToRad(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.DegreesToRadians(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnRadToDeg(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.RadiansToDegrees(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnExp2(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.Exp2(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnExp10(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.Exp10(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnExpM1(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.ExpM1(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnExp2M1(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.Exp2M1(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnExp10M1(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.Exp10M1(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnLogP1(double x)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * x;
        return double.LogP1(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnLog2P1(double x)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * x;
        return double.Log2P1(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnLog10P1(double x)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * x;
        return double.Log10P1(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnCbrtD(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.Cbrt(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnSqrtD(double x)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * x;
        return double.Sqrt(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double FnAbsD(double x)
    {
        double u = 0.5 * x + 0.2 * x * x;
        return double.Abs(u) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Pow(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.Pow(u, w) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Atan2(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.Atan2(w, u - 1) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Atan2Pi(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return double.Atan2Pi(w, u - 1) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2LogBase(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.Log(u, 1.5 + 0.1 * y * y) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Hypot(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return double.Hypot(u - 1, w) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2RootN3(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return double.RootN(u - 1, 3) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2RootN4(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return double.RootN(u, 4) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Max(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.Max(u, w) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Min(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.Min(u, w) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2IeeeRem(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.IEEERemainder(u * 3, w + 1) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Ieee754Rem(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return double.Ieee754Remainder(u * 3, w + 1) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2CopySign(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.CopySign(u - 1, w) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Fma(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.FusedMultiplyAdd(u, w, x) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2MulAddEst(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return double.MultiplyAddEstimate(u, w, x) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Lerp(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return double.Lerp(u, w, x * 0.3) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Clamp(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.Clamp(u - 1, -0.3, w + 0.5) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2PowConst(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.Pow(u, 2.5) + Math.Pow(w, 3) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2PowBase(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return Math.Pow(2.5, w) * Math.Pow(u, y) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static double Fn2Rem(double x, double y)
    {
        double u = 0.5 + 0.3 * x * x + 0.1 * y, w = 0.4 * y + 0.2 * x * y;
        return (u * 3) % (w + 1) * (1 + 0.1 * x);
    }

    [Differentiable]
    public static float FnFSin(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return MathF.Sin(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFTan(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return MathF.Tan(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFAsin(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return MathF.Asin(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFAcosh(float x)
    {
        float u = 1.2f + 0.3f * x * x + 0.1f * x;
        return MathF.Acosh(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFAtanh(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return MathF.Atanh(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFLog2(float x)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * x;
        return MathF.Log2(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFLog10(float x)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * x;
        return MathF.Log10(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFCbrt(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return MathF.Cbrt(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFAsinh(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return MathF.Asinh(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFSinPi(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return float.SinPi(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFTanPi(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return float.TanPi(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFAcosPi(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return float.AcosPi(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFExp10(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return float.Exp10(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFExpM1(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return float.ExpM1(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFExp2M1(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return float.Exp2M1(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFLog10P1(float x)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * x;
        return float.Log10P1(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFDegToRad(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return float.DegreesToRadians(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float FnFAbs(float x)
    {
        float u = 0.5f * x + 0.2f * x * x;
        return MathF.Abs(u) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FPow(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return MathF.Pow(u, w) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FAtan2(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return MathF.Atan2(w, u - 1) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FAtan2Pi(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return float.Atan2Pi(w, u - 1) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FLogBase(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return MathF.Log(u, 1.5f + 0.1f * y * y) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FHypot(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return float.Hypot(u - 1, w) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FRootN3(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return float.RootN(u - 1, 3) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FIeeeRem(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return MathF.IEEERemainder(u * 3, w + 1) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FCopySign(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return MathF.CopySign(u - 1, w) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FFma(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return MathF.FusedMultiplyAdd(u, w, x) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FLerp(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return float.Lerp(u, w, x * 0.3f) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FMax(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return MathF.Max(u, w) * (1 + 0.1f * x);
    }

    [Differentiable]
    public static float Fn2FRem(float x, float y)
    {
        float u = 0.5f + 0.3f * x * x + 0.1f * y, w = 0.4f * y + 0.2f * x * y;
        return (u * 3) % (w + 1) * (1 + 0.1f * x);
    }

}

public sealed partial class SixthPeerSuiteTests
{
    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Sin(double x) => Check1(SixthPeerFns.FnSin, SixthPeerFns.FnSinGradient, x, "fn_Sin");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Cos(double x) => Check1(SixthPeerFns.FnCos, SixthPeerFns.FnCosGradient, x, "fn_Cos");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Tan(double x) => Check1(SixthPeerFns.FnTan, SixthPeerFns.FnTanGradient, x, "fn_Tan");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Asin(double x) => Check1(SixthPeerFns.FnAsin, SixthPeerFns.FnAsinGradient, x, "fn_Asin");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Acos(double x) => Check1(SixthPeerFns.FnAcos, SixthPeerFns.FnAcosGradient, x, "fn_Acos");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Atan(double x) => Check1(SixthPeerFns.FnAtan, SixthPeerFns.FnAtanGradient, x, "fn_Atan");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Sinh(double x) => Check1(SixthPeerFns.FnSinh, SixthPeerFns.FnSinhGradient, x, "fn_Sinh");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Cosh(double x) => Check1(SixthPeerFns.FnCosh, SixthPeerFns.FnCoshGradient, x, "fn_Cosh");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Tanh(double x) => Check1(SixthPeerFns.FnTanh, SixthPeerFns.FnTanhGradient, x, "fn_Tanh");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Asinh(double x) => Check1(SixthPeerFns.FnAsinh, SixthPeerFns.FnAsinhGradient, x, "fn_Asinh");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Acosh(double x) => Check1(SixthPeerFns.FnAcosh, SixthPeerFns.FnAcoshGradient, x, "fn_Acosh");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Atanh(double x) => Check1(SixthPeerFns.FnAtanh, SixthPeerFns.FnAtanhGradient, x, "fn_Atanh");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Exp(double x) => Check1(SixthPeerFns.FnExp, SixthPeerFns.FnExpGradient, x, "fn_Exp");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Log(double x) => Check1(SixthPeerFns.FnLog, SixthPeerFns.FnLogGradient, x, "fn_Log");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Log10(double x) => Check1(SixthPeerFns.FnLog10, SixthPeerFns.FnLog10Gradient, x, "fn_Log10");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Log2(double x) => Check1(SixthPeerFns.FnLog2, SixthPeerFns.FnLog2Gradient, x, "fn_Log2");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Sqrt(double x) => Check1(SixthPeerFns.FnSqrt, SixthPeerFns.FnSqrtGradient, x, "fn_Sqrt");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Cbrt(double x) => Check1(SixthPeerFns.FnCbrt, SixthPeerFns.FnCbrtGradient, x, "fn_Cbrt");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Abs(double x) => Check1(SixthPeerFns.FnAbs, SixthPeerFns.FnAbsGradient, x, "fn_Abs");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_SinPi(double x) => Check1(SixthPeerFns.FnSinPi, SixthPeerFns.FnSinPiGradient, x, "fn_SinPi");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_CosPi(double x) => Check1(SixthPeerFns.FnCosPi, SixthPeerFns.FnCosPiGradient, x, "fn_CosPi");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void Fn_TanPi(double x) => Check1(SixthPeerFns.FnTanPi, SixthPeerFns.FnTanPiGradient, x, "fn_TanPi");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_AsinPi(double x) => Check1(SixthPeerFns.FnAsinPi, SixthPeerFns.FnAsinPiGradient, x, "fn_AsinPi");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_AcosPi(double x) => Check1(SixthPeerFns.FnAcosPi, SixthPeerFns.FnAcosPiGradient, x, "fn_AcosPi");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_AtanPi(double x) => Check1(SixthPeerFns.FnAtanPi, SixthPeerFns.FnAtanPiGradient, x, "fn_AtanPi");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_DegToRad(double x) => Check1(SixthPeerFns.FnDegToRad, SixthPeerFns.FnDegToRadGradient, x, "fn_DegToRad");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_RadToDeg(double x) => Check1(SixthPeerFns.FnRadToDeg, SixthPeerFns.FnRadToDegGradient, x, "fn_RadToDeg");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Exp2(double x) => Check1(SixthPeerFns.FnExp2, SixthPeerFns.FnExp2Gradient, x, "fn_Exp2");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Exp10(double x) => Check1(SixthPeerFns.FnExp10, SixthPeerFns.FnExp10Gradient, x, "fn_Exp10");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_ExpM1(double x) => Check1(SixthPeerFns.FnExpM1, SixthPeerFns.FnExpM1Gradient, x, "fn_ExpM1");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Exp2M1(double x) => Check1(SixthPeerFns.FnExp2M1, SixthPeerFns.FnExp2M1Gradient, x, "fn_Exp2M1");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Exp10M1(double x) => Check1(SixthPeerFns.FnExp10M1, SixthPeerFns.FnExp10M1Gradient, x, "fn_Exp10M1");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_LogP1(double x) => Check1(SixthPeerFns.FnLogP1, SixthPeerFns.FnLogP1Gradient, x, "fn_LogP1");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Log2P1(double x) => Check1(SixthPeerFns.FnLog2P1, SixthPeerFns.FnLog2P1Gradient, x, "fn_Log2P1");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_Log10P1(double x) => Check1(SixthPeerFns.FnLog10P1, SixthPeerFns.FnLog10P1Gradient, x, "fn_Log10P1");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_CbrtD(double x) => Check1(SixthPeerFns.FnCbrtD, SixthPeerFns.FnCbrtDGradient, x, "fn_CbrtD");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_SqrtD(double x) => Check1(SixthPeerFns.FnSqrtD, SixthPeerFns.FnSqrtDGradient, x, "fn_SqrtD");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void Fn_AbsD(double x) => Check1(SixthPeerFns.FnAbsD, SixthPeerFns.FnAbsDGradient, x, "fn_AbsD");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Pow(double x, double y) => Check2(SixthPeerFns.Fn2Pow, SixthPeerFns.Fn2PowGradient, x, y, "fn2_Pow");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Atan2(double x, double y) => Check2(SixthPeerFns.Fn2Atan2, SixthPeerFns.Fn2Atan2Gradient, x, y, "fn2_Atan2");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Atan2Pi(double x, double y) => Check2(SixthPeerFns.Fn2Atan2Pi, SixthPeerFns.Fn2Atan2PiGradient, x, y, "fn2_Atan2Pi");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_LogBase(double x, double y) => Check2(SixthPeerFns.Fn2LogBase, SixthPeerFns.Fn2LogBaseGradient, x, y, "fn2_LogBase");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Hypot(double x, double y) => Check2(SixthPeerFns.Fn2Hypot, SixthPeerFns.Fn2HypotGradient, x, y, "fn2_Hypot");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_RootN3(double x, double y) => Check2(SixthPeerFns.Fn2RootN3, SixthPeerFns.Fn2RootN3Gradient, x, y, "fn2_RootN3");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_RootN4(double x, double y) => Check2(SixthPeerFns.Fn2RootN4, SixthPeerFns.Fn2RootN4Gradient, x, y, "fn2_RootN4");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Max(double x, double y) => Check2(SixthPeerFns.Fn2Max, SixthPeerFns.Fn2MaxGradient, x, y, "fn2_Max");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Min(double x, double y) => Check2(SixthPeerFns.Fn2Min, SixthPeerFns.Fn2MinGradient, x, y, "fn2_Min");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_IeeeRem(double x, double y) => Check2(SixthPeerFns.Fn2IeeeRem, SixthPeerFns.Fn2IeeeRemGradient, x, y, "fn2_IeeeRem");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Ieee754Rem(double x, double y) => Check2(SixthPeerFns.Fn2Ieee754Rem, SixthPeerFns.Fn2Ieee754RemGradient, x, y, "fn2_Ieee754Rem");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_CopySign(double x, double y) => Check2(SixthPeerFns.Fn2CopySign, SixthPeerFns.Fn2CopySignGradient, x, y, "fn2_CopySign");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Fma(double x, double y) => Check2(SixthPeerFns.Fn2Fma, SixthPeerFns.Fn2FmaGradient, x, y, "fn2_Fma");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_MulAddEst(double x, double y) => Check2(SixthPeerFns.Fn2MulAddEst, SixthPeerFns.Fn2MulAddEstGradient, x, y, "fn2_MulAddEst");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Lerp(double x, double y) => Check2(SixthPeerFns.Fn2Lerp, SixthPeerFns.Fn2LerpGradient, x, y, "fn2_Lerp");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Clamp(double x, double y) => Check2(SixthPeerFns.Fn2Clamp, SixthPeerFns.Fn2ClampGradient, x, y, "fn2_Clamp");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_PowConst(double x, double y) => Check2(SixthPeerFns.Fn2PowConst, SixthPeerFns.Fn2PowConstGradient, x, y, "fn2_PowConst");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_PowBase(double x, double y) => Check2(SixthPeerFns.Fn2PowBase, SixthPeerFns.Fn2PowBaseGradient, x, y, "fn2_PowBase");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2_Rem(double x, double y) => Check2(SixthPeerFns.Fn2Rem, SixthPeerFns.Fn2RemGradient, x, y, "fn2_Rem");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Sin(double x) => FloatTwin1(SixthPeerFns.FnFSinGradient, SixthPeerFns.FnFSinTangent, SixthPeerFns.FnFSinHessianVector, SixthPeerFns.FnSin, SixthPeerFns.FnSinGradient, SixthPeerFns.FnSinHessianVector, x, "fnf_Sin");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Tan(double x) => FloatTwin1(SixthPeerFns.FnFTanGradient, SixthPeerFns.FnFTanTangent, SixthPeerFns.FnFTanHessianVector, SixthPeerFns.FnTan, SixthPeerFns.FnTanGradient, SixthPeerFns.FnTanHessianVector, x, "fnf_Tan");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Asin(double x) => FloatTwin1(SixthPeerFns.FnFAsinGradient, SixthPeerFns.FnFAsinTangent, SixthPeerFns.FnFAsinHessianVector, SixthPeerFns.FnAsin, SixthPeerFns.FnAsinGradient, SixthPeerFns.FnAsinHessianVector, x, "fnf_Asin");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Acosh(double x) => FloatTwin1(SixthPeerFns.FnFAcoshGradient, SixthPeerFns.FnFAcoshTangent, SixthPeerFns.FnFAcoshHessianVector, SixthPeerFns.FnAcosh, SixthPeerFns.FnAcoshGradient, SixthPeerFns.FnAcoshHessianVector, x, "fnf_Acosh");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Atanh(double x) => FloatTwin1(SixthPeerFns.FnFAtanhGradient, SixthPeerFns.FnFAtanhTangent, SixthPeerFns.FnFAtanhHessianVector, SixthPeerFns.FnAtanh, SixthPeerFns.FnAtanhGradient, SixthPeerFns.FnAtanhHessianVector, x, "fnf_Atanh");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Log2(double x) => FloatTwin1(SixthPeerFns.FnFLog2Gradient, SixthPeerFns.FnFLog2Tangent, SixthPeerFns.FnFLog2HessianVector, SixthPeerFns.FnLog2, SixthPeerFns.FnLog2Gradient, SixthPeerFns.FnLog2HessianVector, x, "fnf_Log2");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Log10(double x) => FloatTwin1(SixthPeerFns.FnFLog10Gradient, SixthPeerFns.FnFLog10Tangent, SixthPeerFns.FnFLog10HessianVector, SixthPeerFns.FnLog10, SixthPeerFns.FnLog10Gradient, SixthPeerFns.FnLog10HessianVector, x, "fnf_Log10");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Cbrt(double x) => FloatTwin1(SixthPeerFns.FnFCbrtGradient, SixthPeerFns.FnFCbrtTangent, SixthPeerFns.FnFCbrtHessianVector, SixthPeerFns.FnCbrt, SixthPeerFns.FnCbrtGradient, SixthPeerFns.FnCbrtHessianVector, x, "fnf_Cbrt");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Asinh(double x) => FloatTwin1(SixthPeerFns.FnFAsinhGradient, SixthPeerFns.FnFAsinhTangent, SixthPeerFns.FnFAsinhHessianVector, SixthPeerFns.FnAsinh, SixthPeerFns.FnAsinhGradient, SixthPeerFns.FnAsinhHessianVector, x, "fnf_Asinh");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_SinPi(double x) => FloatTwin1(SixthPeerFns.FnFSinPiGradient, SixthPeerFns.FnFSinPiTangent, SixthPeerFns.FnFSinPiHessianVector, SixthPeerFns.FnSinPi, SixthPeerFns.FnSinPiGradient, SixthPeerFns.FnSinPiHessianVector, x, "fnf_SinPi");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_TanPi(double x) => FloatTwin1(SixthPeerFns.FnFTanPiGradient, SixthPeerFns.FnFTanPiTangent, SixthPeerFns.FnFTanPiHessianVector, SixthPeerFns.FnTanPi, SixthPeerFns.FnTanPiGradient, SixthPeerFns.FnTanPiHessianVector, x, "fnf_TanPi");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_AcosPi(double x) => FloatTwin1(SixthPeerFns.FnFAcosPiGradient, SixthPeerFns.FnFAcosPiTangent, SixthPeerFns.FnFAcosPiHessianVector, SixthPeerFns.FnAcosPi, SixthPeerFns.FnAcosPiGradient, SixthPeerFns.FnAcosPiHessianVector, x, "fnf_AcosPi");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Exp10(double x) => FloatTwin1(SixthPeerFns.FnFExp10Gradient, SixthPeerFns.FnFExp10Tangent, SixthPeerFns.FnFExp10HessianVector, SixthPeerFns.FnExp10, SixthPeerFns.FnExp10Gradient, SixthPeerFns.FnExp10HessianVector, x, "fnf_Exp10");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_ExpM1(double x) => FloatTwin1(SixthPeerFns.FnFExpM1Gradient, SixthPeerFns.FnFExpM1Tangent, SixthPeerFns.FnFExpM1HessianVector, SixthPeerFns.FnExpM1, SixthPeerFns.FnExpM1Gradient, SixthPeerFns.FnExpM1HessianVector, x, "fnf_ExpM1");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Exp2M1(double x) => FloatTwin1(SixthPeerFns.FnFExp2M1Gradient, SixthPeerFns.FnFExp2M1Tangent, SixthPeerFns.FnFExp2M1HessianVector, SixthPeerFns.FnExp2M1, SixthPeerFns.FnExp2M1Gradient, SixthPeerFns.FnExp2M1HessianVector, x, "fnf_Exp2M1");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Log10P1(double x) => FloatTwin1(SixthPeerFns.FnFLog10P1Gradient, SixthPeerFns.FnFLog10P1Tangent, SixthPeerFns.FnFLog10P1HessianVector, SixthPeerFns.FnLog10P1, SixthPeerFns.FnLog10P1Gradient, SixthPeerFns.FnLog10P1HessianVector, x, "fnf_Log10P1");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_DegToRad(double x) => FloatTwin1(SixthPeerFns.FnFDegToRadGradient, SixthPeerFns.FnFDegToRadTangent, SixthPeerFns.FnFDegToRadHessianVector, SixthPeerFns.FnDegToRad, SixthPeerFns.FnDegToRadGradient, SixthPeerFns.FnDegToRadHessianVector, x, "fnf_DegToRad");

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void FnF_Abs(double x) => FloatTwin1(SixthPeerFns.FnFAbsGradient, SixthPeerFns.FnFAbsTangent, SixthPeerFns.FnFAbsHessianVector, SixthPeerFns.FnAbs, SixthPeerFns.FnAbsGradient, SixthPeerFns.FnAbsHessianVector, x, "fnf_Abs");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_Pow(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FPowGradient, SixthPeerFns.Fn2FPowTangent, SixthPeerFns.Fn2FPowHessianVector, SixthPeerFns.Fn2Pow, SixthPeerFns.Fn2PowGradient, SixthPeerFns.Fn2PowHessianVector, x, y, "fn2f_Pow");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_Atan2(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FAtan2Gradient, SixthPeerFns.Fn2FAtan2Tangent, SixthPeerFns.Fn2FAtan2HessianVector, SixthPeerFns.Fn2Atan2, SixthPeerFns.Fn2Atan2Gradient, SixthPeerFns.Fn2Atan2HessianVector, x, y, "fn2f_Atan2");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_Atan2Pi(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FAtan2PiGradient, SixthPeerFns.Fn2FAtan2PiTangent, SixthPeerFns.Fn2FAtan2PiHessianVector, SixthPeerFns.Fn2Atan2Pi, SixthPeerFns.Fn2Atan2PiGradient, SixthPeerFns.Fn2Atan2PiHessianVector, x, y, "fn2f_Atan2Pi");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_LogBase(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FLogBaseGradient, SixthPeerFns.Fn2FLogBaseTangent, SixthPeerFns.Fn2FLogBaseHessianVector, SixthPeerFns.Fn2LogBase, SixthPeerFns.Fn2LogBaseGradient, SixthPeerFns.Fn2LogBaseHessianVector, x, y, "fn2f_LogBase");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_Hypot(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FHypotGradient, SixthPeerFns.Fn2FHypotTangent, SixthPeerFns.Fn2FHypotHessianVector, SixthPeerFns.Fn2Hypot, SixthPeerFns.Fn2HypotGradient, SixthPeerFns.Fn2HypotHessianVector, x, y, "fn2f_Hypot");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_RootN3(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FRootN3Gradient, SixthPeerFns.Fn2FRootN3Tangent, SixthPeerFns.Fn2FRootN3HessianVector, SixthPeerFns.Fn2RootN3, SixthPeerFns.Fn2RootN3Gradient, SixthPeerFns.Fn2RootN3HessianVector, x, y, "fn2f_RootN3");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_IeeeRem(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FIeeeRemGradient, SixthPeerFns.Fn2FIeeeRemTangent, SixthPeerFns.Fn2FIeeeRemHessianVector, SixthPeerFns.Fn2IeeeRem, SixthPeerFns.Fn2IeeeRemGradient, SixthPeerFns.Fn2IeeeRemHessianVector, x, y, "fn2f_IeeeRem");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_CopySign(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FCopySignGradient, SixthPeerFns.Fn2FCopySignTangent, SixthPeerFns.Fn2FCopySignHessianVector, SixthPeerFns.Fn2CopySign, SixthPeerFns.Fn2CopySignGradient, SixthPeerFns.Fn2CopySignHessianVector, x, y, "fn2f_CopySign");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_Fma(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FFmaGradient, SixthPeerFns.Fn2FFmaTangent, SixthPeerFns.Fn2FFmaHessianVector, SixthPeerFns.Fn2Fma, SixthPeerFns.Fn2FmaGradient, SixthPeerFns.Fn2FmaHessianVector, x, y, "fn2f_Fma");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_Lerp(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FLerpGradient, SixthPeerFns.Fn2FLerpTangent, SixthPeerFns.Fn2FLerpHessianVector, SixthPeerFns.Fn2Lerp, SixthPeerFns.Fn2LerpGradient, SixthPeerFns.Fn2LerpHessianVector, x, y, "fn2f_Lerp");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_Max(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FMaxGradient, SixthPeerFns.Fn2FMaxTangent, SixthPeerFns.Fn2FMaxHessianVector, SixthPeerFns.Fn2Max, SixthPeerFns.Fn2MaxGradient, SixthPeerFns.Fn2MaxHessianVector, x, y, "fn2f_Max");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, -0.8)]
    public void Fn2F_Rem(double x, double y) => FloatTwin2(SixthPeerFns.Fn2FRemGradient, SixthPeerFns.Fn2FRemTangent, SixthPeerFns.Fn2FRemHessianVector, SixthPeerFns.Fn2Rem, SixthPeerFns.Fn2RemGradient, SixthPeerFns.Fn2RemHessianVector, x, y, "fn2f_Rem");

}

/// <summary>The float twins checked against their double versions: gradient, tangent and Hessian-vector product.</summary>
public sealed partial class SixthPeerSuiteTests
{
    private delegate float GF1(float x, ref float dX);

    private delegate float TF1(float x, float tX, out float tResult);

    private delegate float HF1(float x, float vX, ref float dX, ref float hvX);

    private delegate double HD1(double x, double vX, ref double dX, ref double hvX);

    private delegate float TF2(float x, float y, float tX, float tY, out float tResult);

    private delegate float HF2(float x, float y, float vX, float vY, ref float dX, ref float dY, ref float hvX, ref float hvY);

    private delegate double HD2(double x, double y, double vX, double vY, ref double dX, ref double dY, ref double hvX, ref double hvY);

    private static void FloatClose(double expected, float actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 2e-3 * (1 + Math.Abs(expected)), $"{what}: float {actual:R}, double {expected:R}");

    private static void FloatTwin1(GF1 g, TF1 t, HF1 h, Func<double, double> fd, G1 gd, HD1 hd, double x, string what)
    {
        float xf = (float)x;
        double xd = xf;
        double dXd = 0;
        double vd = gd(xd, ref dXd);
        float dX = 0;
        float v = g(xf, ref dX);
        FloatClose(vd, v, what + " value");
        FloatClose(dXd, dX, what + " gradient");
        t(xf, 0.75f, out float tr);
        FloatClose(0.75 * dXd, tr, what + " tangent");
        double dXh = 0, hvd = 0;
        hd(xd, 0.75, ref dXh, ref hvd);
        float dXf = 0, hvf = 0;
        h(xf, 0.75f, ref dXf, ref hvf);
        FloatClose(dXd, dXf, what + " hv gradient");
        FloatClose(hvd, hvf, what + " hv");
    }

    private static void FloatTwin2(GF2 g, TF2 t, HF2 h, Func<double, double, double> fd, G2 gd, HD2 hd, double x, double y, string what)
    {
        float xf = (float)x, yf = (float)y;
        double xd = xf, yd = yf;
        double dXd = 0, dYd = 0;
        double vd = gd(xd, yd, ref dXd, ref dYd);
        float dX = 0, dY = 0;
        float v = g(xf, yf, ref dX, ref dY);
        FloatClose(vd, v, what + " value");
        FloatClose(dXd, dX, what + " dX");
        FloatClose(dYd, dY, what + " dY");
        t(xf, yf, 0.75f, -0.5f, out float tr);
        FloatClose(0.75 * dXd - 0.5 * dYd, tr, what + " tangent");
        double dXh = 0, dYh = 0, hvX = 0, hvY = 0;
        hd(xd, yd, 0.75, -0.5, ref dXh, ref dYh, ref hvX, ref hvY);
        float dXf = 0, dYf = 0, hvXf = 0, hvYf = 0;
        h(xf, yf, 0.75f, -0.5f, ref dXf, ref dYf, ref hvXf, ref hvYf);
        FloatClose(hvX, hvXf, what + " hvX");
        FloatClose(hvY, hvYf, what + " hvY");
    }
}

/// <summary>
/// Loops whose trip counts and strides the body changes (a bound that shrinks, a stride that grows, a counter
/// moved by a local function or through a ref argument), counters bumped in branches, running maxima whose
/// candidates read a scalar changed after the scan, scratch fills that read an array the loop changes, and
/// helpers that assign their own parameters.
/// </summary>
public static partial class SixthPeerFns
{
    [Differentiable]
    public static double BoundShrinksInBody(double[] a)
    {
        int n = a.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += a[i] * a[n - 1];
            if (a[i] > 0.5)
            {
                n--;
            }
        }

        return s;
    }

    [Differentiable]
    public static double StrideGrowsInBody(double[] a)
    {
        int step = 1;
        double s = 0;
        for (int i = 0; i < a.Length; i += step)
        {
            s += a[i] * a[i] * step;
            step++;
        }

        return s;
    }

    [Differentiable]
    public static double CounterInBranches(double[] a, double[] b)
    {
        int k = 0;
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] > 0)
            {
                k += 2;
            }
            else
            {
                k--;
            }

            k = Math.Clamp(k, 0, b.Length - 1);
            s += b[k] * a[i];
        }

        return s;
    }

    [Differentiable]
    public static double RunningMaxThenFlip(double[] a, double x)
    {
        double s = x;
        double m = double.NegativeInfinity;
        for (int j = 0; j < a.Length; j++)
        {
            if (m < a[j] * s)
            {
                m = a[j] * s;
            }
        }

        s = -s * 2;
        return m + s * m;
    }

    [Differentiable]
    public static double ScratchFillReadsChangingArray(double[] x, double[] mu)
    {
        int d = x.Length;
        double[] m = (double[])mu.Clone();
        double[] c = new double[d];
        double s = 0;
        for (int t = 0; t < 4; t++)
        {
            for (int j = 0; j < d; j++)
            {
                c[j] = x[j] - m[j];
            }

            for (int j = 0; j < d; j++)
            {
                s += c[j] * c[j] * (t + 1);
            }

            m[t % d] += c[0] * 0.5;
        }

        return s;
    }

    [Differentiable]
    public static double ScratchFillReadsChangingScalar(double[] x, double y)
    {
        int d = x.Length;
        double[] c = new double[d];
        double shift = y;
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            for (int j = 0; j < d; j++)
            {
                c[j] = x[j] * shift;
            }

            for (int j = 0; j < d; j++)
            {
                s += Math.Sin(c[j]);
            }

            shift = shift * 0.5 + s * 0.1;
        }

        return s;
    }

    [Differentiable]
    public static double DoubleOwnParameter(double v)
    {
        v *= 2;
        v += 1;
        return v * v;
    }

    [Differentiable]
    public static double WalkFrom(double[] a, int start)
    {
        double s = 0;
        while (start < a.Length)
        {
            s += a[start] * a[start];
            start += 2;
        }

        return s;
    }

    // inlined helpers that assign their own parameters: the caller's variables keep their values
    [Differentiable]
    public static double HelpersAssignParameters(double[] a, double x)
    {
        double v = x;
        int k = 1;
        double r = DoubleOwnParameter(v) + v * 3;
        r += WalkFrom(a, k) * k + a[k];
        r += DoubleOwnParameter(r) * 0.01 + v;
        return r;
    }

    [Differentiable]
    public static double CounterMovedByLocalFunction(double[] a)
    {
        double s = 0;
        int i;
        void Skip() => i++;
        for (i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i] * (i + 1);
            if (a[i] < 0)
            {
                Skip();
            }
        }

        return s;
    }

    private static void Advance(ref int k, int by) => k += by;

    [Differentiable]
    public static double CounterMovedByRef(double[] a)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i] * (i + 1);
            if (a[i] > 0.8)
            {
                Advance(ref i, 1);
            }
        }

        return s;
    }

    private static bool NextIndex(int n, ref int k)
    {
        k += 2;
        return k < n;
    }

    [Differentiable]
    public static double IndexFromRefHelper(double[] a)
    {
        int k = -1;
        double s = 0;
        while (NextIndex(a.Length, ref k))
        {
            s += Math.Exp(a[k] * 0.5) * (k + 1);
        }

        return s;
    }

    private static int Argmin(double[] a)
    {
        int best = 0;
        for (int i = 1; i < a.Length; i++)
        {
            if (a[i] < a[best])
            {
                best = i;
            }
        }

        return best;
    }

    // a helper that returns an index: a constant of the differentiation
    [Differentiable]
    public static double ArgminThroughOut(double[] a)
    {
        int k = Argmin(a);
        return a[k] * a[k] + a[(k + 1) % a.Length];
    }

    // a counter stepped by one index and read after it in the same statement, as C# evaluates left to right
    [Differentiable]
    public static double AdjacentProducts(double[] a, double q)
    {
        double s = 0;
        int k = 0;
        while (k < a.Length - 1)
        {
            s += a[k++] * a[k] * q;
        }

        return s;
    }

    // two steps of one counter in one expression, and a read of the counter as a number after them
    [Differentiable]
    public static double TwoStepsInOneStatement(double[] a, double q)
    {
        int j = a.Length;
        double s = a[--j] * a[--j];
        int k = 1;
        while (k < a.Length - 2)
        {
            s += a[k++] * a[k++] - a[--k] * k * q;
        }

        return s * q + a[--j] * q * a[j];
    }

    // record fields read in order as a helper's arguments, and an expression body that steps its own parameter
    [Differentiable]
    public static double FieldsAsArguments(double[] a, double q)
    {
        int k = 0;
        double s = 0;
        for (int i = 0; i < a.Length / 2; i++)
        {
            s += WeightedPair(a[k++], a[k++], q);
        }

        return s + PairFrom(a, 1, q);
    }

    [Differentiable]
    public static double WeightedPair(double x, double y, double w) => x * w + y * y;

    [Differentiable]
    public static double PairFrom(double[] a, int j, double q) => a[j++] * a[j++] * q + a[j];

    // tables of tuples in fields and properties, deconstructed by the loop header, a part discarded
    private static readonly (double Weight, int Index)[] WeightedTerms = { (0.5, 2), (1.5, 0), (-0.75, 5) };
    private static readonly (double Node, double Weight)[] Gauss3 = { (-0.7745966692414834, 0.5555555555555556), (0.0, 0.8888888888888888), (0.7745966692414834, 0.5555555555555556) };

    private static (float Scale, int Offset)[] FloatTerms { get; } = { (2f, 1), (0.25f, 3) };

    [Differentiable]
    public static double DeconstructedTables(double[] b, double q)
    {
        double s = 0;
        foreach (var (w, k) in WeightedTerms)
        {
            s += w * b[k] * b[k] * q;
        }

        foreach ((double x, double w) in Gauss3)
        {
            s += w * Math.Exp(q * x) * b[0] + w * x * x * b[1];
        }

        foreach (var (_, k) in WeightedTerms)
        {
            s += b[k] * q;
        }

        foreach (var (c, o) in FloatTerms)
        {
            s += c * b[o] * b[o];
        }

        return s;
    }

    // positional patterns over a tuple written in the switch, in an expression and in a statement
    [Differentiable]
    public static double TupleSwitch(double x, double y) => (x, y) switch
    {
        (> 0, > 0) => x * y,
        (> 0, _) => x - y * y,
        (< -1 or > 5, not 0) => Math.Sin(x) * y,
        _ => x * x + y,
    };

    [Differentiable]
    public static double TupleSwitchStatement(double[] a, double q)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            switch (a[i] > 0, i % 3)
            {
                case (true, 0):
                    s += a[i] * q;
                    break;
                case (false, _) when q > 0.5:
                    s -= a[i] * a[i] * q;
                    break;
                case (_, 2):
                    s += Math.Exp(a[i] * 0.1);
                    break;
                default:
                    s += q;
                    break;
            }
        }

        return s;
    }

    // the same search with the minimum handed back through an out parameter, which the caller discards: the index
    // is a constant of the differentiation, and nothing of the buffer is kept
    private static int ArgminWithValue(double[] a, out double value)
    {
        int best = Argmin(a);
        value = a[best];
        return best;
    }

    [Differentiable]
    public static double ArgminOutDiscarded(double[] a, double x)
    {
        int k = ArgminWithValue(a, out _);
        int m = ArgminWithValue(a, value: out double _);
        return a[k] * a[m] * x + a[(k + 1) % a.Length];
    }

    // a loop whose exit depends on a differentiable running value
    [Differentiable]
    public static double DataDependentTripCount(double[] a, double limit)
    {
        double s = 0;
        int i = 0;
        while (s < limit && i < a.Length)
        {
            s += a[i] * a[i] + 0.1;
            i++;
        }

        return s * i;
    }

    // a triangular nest whose inner bound the inner body shortens
    [Differentiable]
    public static double TriangularInnerBoundShrinks(double[] a)
    {
        double s = 0;
        for (int c = 0; c < a.Length; c++)
        {
            int d = a.Length;
            for (int r = c + 1; r < d; r++)
            {
                s += a[c] * a[r];
                if (s > 1.0)
                {
                    d--;
                }
            }
        }

        return s;
    }

    // an integer counter updated by a constant inside nested branches and read as an index afterwards
    [Differentiable]
    public static double StackMachine(double[] a)
    {
        double[] stack = new double[a.Length + 1];
        int sp = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] > 0 || sp < 2)
            {
                stack[sp++] = a[i];
            }
            else
            {
                double y = stack[--sp];
                double x = stack[--sp];
                stack[sp++] = x * y - a[i];
            }
        }

        double s = 0;
        while (sp > 0)
        {
            s = s * 0.5 + stack[--sp];
        }

        return s;
    }
}

public sealed partial class SixthPeerSuiteTests
{
    private static readonly double[] Mixed8 = { 0.7, -1.3, 0.4, 0.9, -1.6, -0.2, 0.5, 1.1 };

    [Fact]
    public void Bound_shrinks_in_body()
    {
        CheckA(SixthPeerFns.BoundShrinksInBody, SixthPeerFns.BoundShrinksInBodyGradient, A6, "bound_shrinks");
        CheckA(SixthPeerFns.BoundShrinksInBody, SixthPeerFns.BoundShrinksInBodyGradient, Mixed8, "bound_shrinks8");
    }

    [Fact]
    public void Stride_grows_in_body() => CheckA(SixthPeerFns.StrideGrowsInBody, SixthPeerFns.StrideGrowsInBodyGradient, Mixed8, "stride_grows");

    [Fact]
    public void Counter_in_branches() => CheckAB(SixthPeerFns.CounterInBranches, SixthPeerFns.CounterInBranchesGradient, Mixed8, A5, "counter_branches");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-0.7)]
    public void Running_max_then_flip(double x) => CheckAX(SixthPeerFns.RunningMaxThenFlip, SixthPeerFns.RunningMaxThenFlipGradient, A5, x, "running_max_flip");

    [Fact]
    public void Scratch_fill_reads_changing_array() =>
        CheckAB(SixthPeerFns.ScratchFillReadsChangingArray, SixthPeerFns.ScratchFillReadsChangingArrayGradient, new[] { 0.7, -1.3, 0.4 }, new[] { 0.2, 0.5, -0.6 }, "scratch_array");

    [Fact]
    public void Scratch_fill_reads_changing_scalar() =>
        CheckAX(SixthPeerFns.ScratchFillReadsChangingScalar, SixthPeerFns.ScratchFillReadsChangingScalarGradient, new[] { 0.7, -1.3, 0.4 }, 0.9, "scratch_scalar");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.2)]
    public void Helpers_assign_parameters(double x)
    {
        CheckAX(SixthPeerFns.HelpersAssignParameters, SixthPeerFns.HelpersAssignParametersGradient, A6, x, "helpers_assign");
    }

    [Fact]
    public void Counter_moved_by_local_function() => CheckA(SixthPeerFns.CounterMovedByLocalFunction, SixthPeerFns.CounterMovedByLocalFunctionGradient, Mixed8, "counter_local_fn");

    [Fact]
    public void Counter_moved_by_ref() => CheckA(SixthPeerFns.CounterMovedByRef, SixthPeerFns.CounterMovedByRefGradient, Mixed8, "counter_ref");

    [Fact]
    public void Index_from_ref_helper() => CheckA(SixthPeerFns.IndexFromRefHelper, SixthPeerFns.IndexFromRefHelperGradient, Mixed8, "index_ref");

    [Fact]
    public void Argmin_through_out() => CheckA(SixthPeerFns.ArgminThroughOut, SixthPeerFns.ArgminThroughOutGradient, Mixed8, "argmin_out");

    [Theory]
    [InlineData(0.8)]
    [InlineData(-1.4)]
    public void Counter_stepped_then_read(double q)
    {
        CheckAX(SixthPeerFns.AdjacentProducts, SixthPeerFns.AdjacentProductsGradient, Mixed8, q, "adjacent_products");
        CheckAX(SixthPeerFns.TwoStepsInOneStatement, SixthPeerFns.TwoStepsInOneStatementGradient, Mixed8, q, "two_steps");
        CheckAX(SixthPeerFns.FieldsAsArguments, SixthPeerFns.FieldsAsArgumentsGradient, Mixed8, q, "fields_as_arguments");
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-0.6)]
    public void Deconstructed_tables(double q) => CheckAX(SixthPeerFns.DeconstructedTables, SixthPeerFns.DeconstructedTablesGradient, Mixed8, q, "deconstructed_tables");

    [Fact]
    public void Counter_stepped_then_read_matches_its_unrolled_form()
    {
        // a[k++] * a[k] is a[k] * a[k + 1], then k + 1: the value and gradient of the explicit sum
        double[] a = Mixed8;
        double q = 0.6;
        var dA = new double[a.Length];
        double dQ = 0;
        double value = SixthPeerFns.AdjacentProductsGradient((double[])a.Clone(), q, dA, ref dQ);
        double expected = 0, expectedDQ = 0;
        var expectedDA = new double[a.Length];
        for (int i = 0; i < a.Length - 1; i++)
        {
            expected += a[i] * a[i + 1] * q;
            expectedDQ += a[i] * a[i + 1];
            expectedDA[i] += a[i + 1] * q;
            expectedDA[i + 1] += a[i] * q;
        }

        Assert.Equal(expected, value, 12);
        Assert.Equal(expectedDQ, dQ, 12);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(expectedDA[i], dA[i], 12);
        }
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(0.7, -1.3)]
    [InlineData(-2.5, 0.4)]
    [InlineData(-0.5, 0.4)]
    [InlineData(-0.5, 0.0)]
    public void Tuple_switch(double x, double y) => Check2(SixthPeerFns.TupleSwitch, SixthPeerFns.TupleSwitchGradient, x, y, "tuple_switch");

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.3)]
    public void Tuple_switch_statement(double q) => CheckAX(SixthPeerFns.TupleSwitchStatement, SixthPeerFns.TupleSwitchStatementGradient, Mixed8, q, "tuple_switch_statement");

    [Fact]
    public void Argmin_out_discarded() => CheckAX(SixthPeerFns.ArgminOutDiscarded, SixthPeerFns.ArgminOutDiscardedGradient, Mixed8, 1.3, "argmin_out_discarded");

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.3)]
    [InlineData(100.0)]
    public void Data_dependent_trip_count(double limit) => CheckAX(SixthPeerFns.DataDependentTripCount, SixthPeerFns.DataDependentTripCountGradient, Mixed8, limit, "trip_count");

    [Fact]
    public void Triangular_inner_bound_shrinks() => CheckA(SixthPeerFns.TriangularInnerBoundShrinks, SixthPeerFns.TriangularInnerBoundShrinksGradient, Mixed8, "triangular_shrinks");

    [Fact]
    public void Stack_machine() => CheckA(SixthPeerFns.StackMachine, SixthPeerFns.StackMachineGradient, Mixed8, "stack_machine");
}

/// <summary>
/// Patterns and views: list patterns without variables, when guards, throw expressions, spreads into collection
/// expressions, NaN patterns, checked and unchecked indices, indices from the end computed from the counter, the
/// double.* piecewise functions, ranges copied into locals and given to writing helpers (whose writes a range
/// loses and a span keeps), helpers that return a value and write their buffer in a loop, Jacobians in both
/// directions, float buffers beside double scalars, wrapped indices from helpers and tuple tables.
/// </summary>
public static partial class SixthPeerFns
{
    [Differentiable]
    public static double ListPattern(double[] a) => a is [_, .., _] ? a[0] * a[^1] : 0.0;

    [Differentiable]
    public static double WhenGuard(double x, double y) => x switch
    {
        > 0 when y > x => y - x * x,
        > 0 => x * y,
        _ => -x,
    };

    [Differentiable]
    public static double ThrowInTernary(double x, double y) => y > 0 ? Math.Log(y) * x : throw new ArgumentException("y must be positive", nameof(y));

    [Differentiable]
    public static double SpreadCollection(double[] a, double x)
    {
        double[] t = [x, .. a, x * x];
        double s = 0;
        for (int i = 0; i < t.Length; i++) s += t[i] * (i + 1);
        return s;
    }

    [Differentiable]
    public static double ConstLocalAndDefault(double x)
    {
        const double k = 2.5;
        double d = default;
        var v = x * k + d;
        return v * v;
    }

    [Differentiable]
    public static double DeclarationPattern(double x, double y) => x is > 0 and not 1.0 ? x * y : y;

    [Differentiable]
    public static double NaNPattern(double x) => x switch { double.NaN => 0.0, _ => x * x };

    [Differentiable]
    public static double CheckedIndex(double[] a)
    {
        double s = 0;
        for (int i = 0; i + 1 < a.Length; i++) s += a[checked(i + 1)] * a[unchecked(i)];
        return s;
    }

    [Differentiable]
    public static double HatIndexExpression(double[] a)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[^(k + 1)] * a[k] * (k + 1);
        return s;
    }

    [Differentiable]
    public static double DoubleMaxClamp(double x, double y) => double.Max(x, y) * double.Clamp(x * y, -1, 1) + double.Min(x, 0.5) + double.Abs(y - 1);

    [Differentiable]
    public static double NegatedComparison(double x) => !(x > 0) ? -x * x : x * x * x;

    [Differentiable]
    public static double SizeofConst(double x) => x * sizeof(double) + x * x / sizeof(float);

    [Differentiable]
    public static double ConditionalAssignment(double x, double y)
    {
        double r;
        if (x > y) r = x * y; else if (x < 0) r = -x; else r = y * y;
        r = x > 0 ? r * x : r;
        return r;
    }

    [Differentiable]
    public static double RangeLocalCopy(double[] a)
    {
        double[] mid = a[1..^1];
        double s = 0;
        foreach (var v in mid) s += v * v;
        double[] head = a[..2];
        double[] tail = a[^2..];
        return s + head.Sum() * tail.Sum();
    }

    [Differentiable]
    public static void ScaleInto(double[] src, double k, double[] dst)
    {
        for (int i = 0; i < src.Length; i++) dst[i] = src[i] * k;
    }

    [Differentiable]
    public static double RangeCopyWriteLost(double[] a, double x)
    {
        double[] b = (double[])a.Clone();
        ScaleInto(a[..2], x, b[1..3]);
        double s = 0;
        for (int i = 0; i < b.Length; i++) s += b[i] * b[i];
        return s * x;
    }

    [Differentiable]
    public static double SpanWriteThrough(double[] a, double x)
    {
        double[] b = new double[a.Length];
        SpanScale(a.AsSpan(0, 2), x, b.AsSpan(1, 2));
        double s = 0;
        for (int i = 0; i < b.Length; i++) s += b[i] * b[i] + b[i];
        return s;
    }

    [Differentiable]
    public static void SpanScale(ReadOnlySpan<double> src, double k, Span<double> dst)
    {
        for (int i = 0; i < src.Length; i++) dst[i] = src[i] * k + dst[i];
    }
}

public sealed partial class SixthPeerSuiteTests
{
    [Fact] public void List_pattern() => CheckA(SixthPeerFns.ListPattern, SixthPeerFns.ListPatternGradient, A5, "list");
    [Theory][InlineData(0.5, 0.7)][InlineData(0.5, 0.2)][InlineData(-0.5, 0.7)]
    public void When_guard(double x, double y) => Check2(SixthPeerFns.WhenGuard, SixthPeerFns.WhenGuardGradient, x, y, "when");
    [Fact] public void Throw_in_ternary() => Check2(SixthPeerFns.ThrowInTernary, SixthPeerFns.ThrowInTernaryGradient, 0.5, 1.5, "throw");
    [Fact] public void Spread() => CheckAX(SixthPeerFns.SpreadCollection, SixthPeerFns.SpreadCollectionGradient, A5, 0.8, "spread");
    [Fact] public void Const_local() => Check1(SixthPeerFns.ConstLocalAndDefault, SixthPeerFns.ConstLocalAndDefaultGradient, 0.8, "const");
    [Theory][InlineData(0.5, 0.7)][InlineData(-0.5, 0.7)]
    public void Decl_pattern(double x, double y) => Check2(SixthPeerFns.DeclarationPattern, SixthPeerFns.DeclarationPatternGradient, x, y, "decl");
    [Fact] public void NaN_pattern() => Check1(SixthPeerFns.NaNPattern, SixthPeerFns.NaNPatternGradient, 0.8, "nan");
    [Fact] public void Checked_index() => CheckA(SixthPeerFns.CheckedIndex, SixthPeerFns.CheckedIndexGradient, A5, "checked");
    [Fact] public void Hat_index() => CheckA(SixthPeerFns.HatIndexExpression, SixthPeerFns.HatIndexExpressionGradient, A5, "hat");
    [Theory][InlineData(0.5, 0.7)][InlineData(-0.5, 2.7)]
    public void Double_max(double x, double y) => Check2(SixthPeerFns.DoubleMaxClamp, SixthPeerFns.DoubleMaxClampGradient, x, y, "dmax");
    [Theory][InlineData(0.5)][InlineData(-0.5)]
    public void Negated(double x) => Check1(SixthPeerFns.NegatedComparison, SixthPeerFns.NegatedComparisonGradient, x, "neg");
    [Fact] public void Sizeof() => Check1(SixthPeerFns.SizeofConst, SixthPeerFns.SizeofConstGradient, 0.8, "sizeof");
    [Theory][InlineData(0.5, 0.2)][InlineData(-0.5, 0.7)][InlineData(0.3, 0.7)]
    public void Cond_assign(double x, double y) => Check2(SixthPeerFns.ConditionalAssignment, SixthPeerFns.ConditionalAssignmentGradient, x, y, "cond");
    [Fact] public void Range_local() => CheckA(SixthPeerFns.RangeLocalCopy, SixthPeerFns.RangeLocalCopyGradient, A5, "range_local");
    [Fact] public void Range_write_lost() => CheckAX(SixthPeerFns.RangeCopyWriteLost, SixthPeerFns.RangeCopyWriteLostGradient, A5, 0.8, "range_lost");
    [Fact] public void Span_write() => CheckAX(SixthPeerFns.SpanWriteThrough, SixthPeerFns.SpanWriteThroughGradient, A5, 0.8, "span_write");
}

public static partial class SixthPeerFns
{
    // returns a value and writes its buffer; called in a loop, the buffer read after
    [Differentiable]
    public static double StepAndEnergy(double[] s, double k)
    {
        double e = 0;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = s[i] - k * Math.Sin(s[i]);
            e += s[i] * s[i];
        }

        return e;
    }

    [Differentiable]
    public static double RepeatedSteps(double[] s0, double k)
    {
        double[] s = (double[])s0.Clone();
        double total = 0;
        for (int t = 0; t < 4; t++)
        {
            total += StepAndEnergy(s, k) * (t + 1);
        }

        return total + s[0] * s[^1];
    }

    // Jacobian: few inputs, many outputs (forward lanes)
    [Differentiable]
    public static void Expand(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double t = i * 0.3;
            y[i] = Math.Max(x[0] * Math.Cos(t), x[1]) + x[2] * Math.Abs(Math.Sin(t + x[0]));
        }
    }

    // Jacobian: many inputs, few outputs (reverse lanes)
    [Differentiable]
    public static void Reduce(ReadOnlySpan<double> x, Span<double> y)
    {
        double s = 0, m = x[0];
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
            if (x[i] > m) m = x[i];
        }

        y[0] = Math.Sqrt(s);
        y[1] = m * s;
        y[2] = Math.Log(1 + s) - m;
    }

    // a float buffer and a double scalar
    [Differentiable]
    public static double FloatBufferDoubleScalar(float[] w, double x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += Math.Tanh(w[i] * x) * (i + 1);
        }

        return s;
    }
}

public sealed partial class SixthPeerSuiteTests
{

    [Fact] public void Repeated_steps() => CheckAX(SixthPeerFns.RepeatedSteps, SixthPeerFns.RepeatedStepsGradient, A5, 0.3, "repeated_steps");

    private static void Jac(Action<double[], double[]> f, Action<double[], double[], double[]> jac, double[] x, int m, string what)
    {
        var y = new double[m];
        var j = new double[m * x.Length];
        jac(x, y, j);
        var y0 = new double[m];
        f(x, y0);
        Assert.Equal(y0, y);
        for (int c = 0; c < x.Length; c++)
        {
            double h = 1e-6;
            var xp = (double[])x.Clone(); xp[c] += h;
            var xm = (double[])x.Clone(); xm[c] -= h;
            var yp = new double[m]; var ym = new double[m];
            f(xp, yp); f(xm, ym);
            for (int r = 0; r < m; r++)
            {
                double fd = (yp[r] - ym[r]) / (2 * h);
                Assert.True(Math.Abs(fd - j[r * x.Length + c]) <= 1e-6 * (1 + Math.Abs(fd)), $"{what} J[{r},{c}] = {j[r * x.Length + c]} fd {fd}");
            }
        }
    }

    [Fact] public void Expand_jacobian() => Jac((x, y) => SixthPeerFns.Expand(x, y), (x, y, j) => SixthPeerFns.ExpandJacobian(x, y, j), new[] { 0.7, 0.2, -1.1 }, 11, "expand");
    [Fact] public void Reduce_jacobian() => Jac((x, y) => SixthPeerFns.Reduce(x, y), (x, y, j) => SixthPeerFns.ReduceJacobian(x, y, j), new[] { 0.7, 0.2, -1.1, 0.4, 1.3, -0.6, 0.9, 0.1, -0.3, 0.5 }, 3, "reduce");

    [Fact]
    public void Float_buffer_double_scalar()
    {
        float[] w = { 0.7f, -1.3f, 0.4f };
        var dW = new float[3];
        double dX = 0;
        double v = SixthPeerFns.FloatBufferDoubleScalarGradient(w, 0.8, dW, ref dX);
        Assert.Equal(SixthPeerFns.FloatBufferDoubleScalar(w, 0.8), v);
        Grad.CheckFloat(p => { double s = 0; for (int i = 0; i < 3; i++) s += Math.Tanh(p[i] * p[3]) * (i + 1); return s; }, new double[] { w[0], w[1], w[2], 0.8 }, new[] { dW[0], dW[1], dW[2], (float)dX }, "float_buf");
    }
}

public static partial class SixthPeerFns
{
    private static readonly (double Weight, int Index)[] Terms = { (0.5, 2), (1.5, 0), (-0.25, 3), (2.0, 2) };

    private static int Wrap(int i, int n) => ((i % n) + n) % n;

    [Differentiable]
    public static double IndexFromHelperCompound(double[] a, double x)
    {
        double[] b = new double[a.Length];
        for (int i = -3; i < 7; i++)
        {
            b[Wrap(i, a.Length)] += a[Wrap(i * 2, a.Length)] * x;
            b[Wrap(i + 1, a.Length)] *= 0.9;
        }

        double s = 0;
        foreach (var term in Terms)
        {
            s += term.Weight * b[term.Index] * b[term.Index];
        }

        return s;
    }

    [Differentiable]
    public static double EqualityBranch(double x, double y) => x == y ? x * x : (x != 0 ? x * y : y);

    [Differentiable]
    public static double Atan2OnCut(double x, double y) => Math.Atan2(y, x) + x;
}

public sealed partial class SixthPeerSuiteTests
{

    [Fact] public void Index_helper_compound() => CheckAX(SixthPeerFns.IndexFromHelperCompound, SixthPeerFns.IndexFromHelperCompoundGradient, A5, 0.8, "wrap");

    [Fact]
    public void Equality_branch()
    {
        AtPoint(SixthPeerFns.EqualityBranchGradient, SixthPeerFns.EqualityBranch, 0.5, 0.5, 1.0, 0.0, "eq");
        AtPoint(SixthPeerFns.EqualityBranchGradient, SixthPeerFns.EqualityBranch, 0.0, 0.5, 0.0, 1.0, "zero");
        Check2(SixthPeerFns.EqualityBranch, SixthPeerFns.EqualityBranchGradient, 0.3, 0.5, "neq");
    }

    [Fact]
    public void Atan2_on_cut()
    {
        AtPoint(SixthPeerFns.Atan2OnCutGradient, SixthPeerFns.Atan2OnCut, -2.0, 0.0, 1.0, -0.5, "cut+");
        AtPoint(SixthPeerFns.Atan2OnCutGradient, SixthPeerFns.Atan2OnCut, -2.0, -0.0, 1.0, -0.5, "cut-");
    }
}
