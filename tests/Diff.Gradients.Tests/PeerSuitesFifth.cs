using System.Linq;
using System.Runtime.CompilerServices;
using Diff;
using static Diff.Gradients.Tests.PeerCheck;

namespace Diff.Gradients.Tests;

/// <summary>
/// A fifth batch of ordinary numerical C#, ported from the shapes of other AD tools' suites: series
/// and iterations that stop on a tolerance (Enzyme's taylorlog, Newton, Halley and secant solvers,
/// continued fractions evaluated backwards), helpers that write output buffers called inside loops
/// (dense layers, right-hand sides of ODEs), helpers over sub-ranges given by offset and length,
/// sorting networks on copies (selection sort with tuple swaps, median by insertion), Enzyme's
/// read-write-read on parameter buffers, in-place transforms indexed by shifts (Haar, Walsh–Hadamard,
/// bit reversal), ODE integrators updating state in place (velocity Verlet, Heun, Euler), strided
/// BLAS-style kernels, Thomas and Cholesky solves, Gauss–Seidel sweeps, softmax-family losses with
/// scratch arrays, piecewise functions evaluated at their kinks, quadrature tables, recursion, local
/// functions and float twins.
/// </summary>
public static partial class FifthPeerFns
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double TwoPi = 2.0 * Math.PI;

    // 5-point Gauss–Legendre nodes and weights on [-1, 1]
    private static readonly double[] GlNodes = { -0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831, 0.9061798459386640 };
    private static readonly double[] GlWeights = { 0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891 };
    private static readonly int[] Perm6 = { 3, 0, 5, 1, 4, 2 };
    private static readonly float[] FloatCoeffs = { 1.0f, -0.5f, 0.25f, 0.125f, -0.0625f };

    // ===================== series and iterations with tolerance exits =====================

    // Enzyme's taylorlog / cos series: terms accumulate in a do/while until they fall below a relative tolerance
    [Differentiable]
    public static double CosSeriesTolerance(double x)
    {
        double term = 1.0, sum = 1.0;
        int k = 1;
        do
        {
            term *= -x * x / ((2 * k - 1) * (2 * k));
            sum += term;
            if (Math.Abs(term) < 1e-16 * Math.Abs(sum))
            {
                break;
            }

            k++;
        }
        while (k < 60);

        return sum;
    }

    // log(x) = 2 atanh((x - 1) / (x + 1)) as the odd power series, counter in the divisor, break on tolerance
    [Differentiable]
    public static double LogAtanhSeries(double x)
    {
        double z = (x - 1) / (x + 1);
        double z2 = z * z;
        double power = z;
        double sum = 0;
        for (int k = 0; k < 200; k++)
        {
            double t = power / (2 * k + 1);
            sum += t;
            if (Math.Abs(t) <= 1e-17)
            {
                break;
            }

            power *= z2;
        }

        return 2 * sum;
    }

    // Lambert W by Halley's iteration; the counter is bumped inside the if condition
    [Differentiable]
    public static double LambertW(double x)
    {
        double w = x < 1 ? x : Math.Log(x);
        int it = 0;
        double dw;
        do
        {
            double ew = Math.Exp(w);
            double f = w * ew - x;
            dw = f / (ew * (w + 1) - (w + 2) * f / (2 * w + 2));
            w -= dw;
            if (++it >= 50)
            {
                break;
            }
        }
        while (Math.Abs(dw) > 1e-14 * (1 + Math.Abs(w)));

        return w;
    }

    // secant method on x³ + a·x − b with a while loop that returns from inside
    [Differentiable]
    public static double SecantCubicRoot(double a, double b)
    {
        double x0 = 0.0, x1 = 1.0;
        double f0 = x0 * x0 * x0 + a * x0 - b;
        int iter = 0;
        while (iter++ < 100)
        {
            double f1 = x1 * x1 * x1 + a * x1 - b;
            if (Math.Abs(f1) < 1e-15)
            {
                return x1;
            }

            double x2 = x1 - f1 * (x1 - x0) / (f1 - f0);
            x0 = x1;
            f0 = f1;
            x1 = x2;
        }

        return x1;
    }

    // Lambert's continued fraction for tan evaluated backwards with a descending counter in the arithmetic
    [Differentiable]
    public static double TanContinuedFraction(double x, int depth)
    {
        double x2 = x * x;
        double f = 2 * depth + 1;
        for (int k = depth; k >= 1; k--)
        {
            f = (2 * k - 1) - x2 / f;
        }

        return x / f;
    }

    // ===================== helpers that write output buffers, called in loops =====================

    // one tanh layer; weights of output o are w[off + o*(nIn+1) ..], the bias last
    [Differentiable]
    public static void DenseTanh(double[] w, int off, double[] input, double[] output, int nIn, int nOut)
    {
        for (int o = 0; o < nOut; o++)
        {
            int row = off + o * (nIn + 1);
            double s = w[row + nIn];
            for (int i = 0; i < nIn; i++)
            {
                s += w[row + i] * input[i];
            }

            output[o] = Math.Tanh(s);
        }
    }

    // the same layer kept a call, as a separately compiled kernel would be
    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DenseTanhCall(double[] w, int off, double[] input, double[] output, int nIn, int nOut)
    {
        for (int o = 0; o < nOut; o++)
        {
            int row = off + o * (nIn + 1);
            double s = w[row + nIn];
            for (int i = 0; i < nIn; i++)
            {
                s += w[row + i] * input[i];
            }

            output[o] = Math.Tanh(s);
        }
    }

    // a three-layer network: the layer helper writes one scratch array, then the two are swapped
    [Differentiable]
    public static double ThreeLayerNet(double[] w, double[] x)
    {
        int width = x.Length;
        var a = new double[width];
        var b = new double[width];
        for (int i = 0; i < width; i++)
        {
            a[i] = x[i];
        }

        int off = 0;
        for (int layer = 0; layer < 3; layer++)
        {
            DenseTanh(w, off, a, b, width, width);
            off += width * (width + 1);
            (a, b) = (b, a);
        }

        double s = 0;
        for (int i = 0; i < width; i++)
        {
            s += a[i] * (i + 1);
        }

        return s;
    }

    // the same network through the recorded call, ping-pong by layer parity instead of a swap
    [Differentiable]
    public static double ThreeLayerNetCalls(double[] w, double[] x)
    {
        int width = x.Length;
        var even = new double[width];
        var odd = new double[width];
        x.CopyTo(even, 0);
        for (int layer = 0; layer < 3; layer++)
        {
            int off = layer * width * (width + 1);
            if (layer % 2 == 0)
            {
                DenseTanhCall(w, off, even, odd, width, width);
            }
            else
            {
                DenseTanhCall(w, off, odd, even, width, width);
            }
        }

        double s = 0;
        for (int i = 0; i < width; i++)
        {
            s += odd[i] * odd[i] - 0.5 * even[i];
        }

        return s;
    }

    // a value helper over a sub-range given by offset and length
    [Differentiable]
    public static double SegmentRms(double[] a, int offset, int length)
    {
        double s = 0;
        for (int i = offset; i < offset + length; i++)
        {
            s += a[i] * a[i];
        }

        return Math.Sqrt(s / length);
    }

    [Differentiable]
    public static double SegmentedRmsProduct(double[] a, int seg)
    {
        double p = 1;
        for (int start = 0; start + seg <= a.Length; start += seg)
        {
            p *= SegmentRms(a, start, seg);
        }

        return p;
    }

    // mean absolute deviation of a span, given overlapping windows of a buffer as slices
    [Differentiable]
    public static double SpanMeanSquareDev(ReadOnlySpan<double> s)
    {
        double m = 0;
        foreach (double v in s)
        {
            m += v;
        }

        m /= s.Length;
        double d = 0;
        for (int i = 0; i < s.Length; i++)
        {
            d += (s[i] - m) * (s[i] - m);
        }

        return d / s.Length;
    }

    [Differentiable]
    public static double SlidingWindowDev(double[] a, int window)
    {
        double total = 0;
        for (int start = 0; start + window <= a.Length; start++)
        {
            double dev = SpanMeanSquareDev(a.AsSpan(start, window));
            total += dev * (start + 1);
        }

        return total;
    }

    // ===================== sorting on copies =====================

    // trimmed mean: selection sort of a clone with tuple swaps of elements, then the middle sum
    [Differentiable]
    public static double TrimmedMean(double[] x, int trim)
    {
        double[] c = (double[])x.Clone();
        int n = c.Length;
        for (int i = 0; i < n - 1; i++)
        {
            int m = i;
            for (int j = i + 1; j < n; j++)
            {
                if (c[j] < c[m])
                {
                    m = j;
                }
            }

            if (m != i)
            {
                (c[i], c[m]) = (c[m], c[i]);
            }
        }

        double s = 0;
        for (int i = trim; i < n - trim; i++)
        {
            s += c[i];
        }

        return s / (n - 2 * trim);
    }

    // median by insertion sort with a held key (the textbook form), odd and even lengths
    [Differentiable]
    public static double InsertionMedian(double[] x)
    {
        int n = x.Length;
        var c = new double[n];
        Array.Copy(x, c, n);
        for (int i = 1; i < n; i++)
        {
            double key = c[i];
            int j = i - 1;
            while (j >= 0 && c[j] > key)
            {
                c[j + 1] = c[j];
                j--;
            }

            c[j + 1] = key;
        }

        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    // ===================== read-write-read on buffers =====================

    // Enzyme's rwrmem: a parameter buffer read, overwritten and read again in place, beside an output
    [Differentiable]
    public static void ReadWriteReadInPlace(double[] x, double[] y)
    {
        double a = x[0];
        x[0] = a * a;
        y[0] = x[0] * a + x[1];
        x[1] = Math.Sin(x[0]) * x[1];
        y[1] = x[1] * x[0] - y[0];
    }

    // product of all other elements, by a left pass into the output and a right pass in place
    [Differentiable]
    public static void ProductExceptSelf(double[] a, double[] result)
    {
        int n = a.Length;
        result[0] = 1;
        for (int i = 1; i < n; i++)
        {
            result[i] = result[i - 1] * a[i - 1];
        }

        double right = 1;
        for (int i = n - 1; i >= 0; i--)
        {
            result[i] *= right;
            right *= a[i];
        }
    }

    // cumulative product forwards, then a suffix sum backwards, in the same local array
    [Differentiable]
    public static double CumProdSuffixSum(double[] a)
    {
        int n = a.Length;
        double[] c = a.ToArray();
        for (int i = 1; i < n; i++)
        {
            c[i] *= c[i - 1];
        }

        for (int i = n - 2; i >= 0; i--)
        {
            c[i] += c[i + 1];
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += c[i] / (n - i);
        }

        return s;
    }

    // ===================== in-place transforms indexed by shifts =====================

    // orthonormal Haar transform in place, the active length halved by a shift
    [Differentiable]
    public static double HaarWeightedEnergy(double[] x)
    {
        int n = x.Length;
        double[] h = x.ToArray();
        var tmp = new double[n];
        for (int len = n; len > 1; len >>= 1)
        {
            int half = len >> 1;
            for (int i = 0; i < half; i++)
            {
                tmp[i] = (h[2 * i] + h[2 * i + 1]) * InvSqrt2;
                tmp[half + i] = (h[2 * i] - h[2 * i + 1]) * InvSqrt2;
            }

            for (int i = 0; i < len; i++)
            {
                h[i] = tmp[i];
            }
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += h[i] * (i + 1) + 0.1 * h[i] * h[i] * h[i];
        }

        return s;
    }

    // fast Walsh–Hadamard butterflies: the block size doubled by a shift, a stride of h << 1
    [Differentiable]
    public static double WalshHadamardCubes(double[] x)
    {
        int n = x.Length;
        double[] a = (double[])x.Clone();
        for (int h = 1; h < n; h <<= 1)
        {
            for (int i = 0; i < n; i += h << 1)
            {
                for (int j = i; j < i + h; j++)
                {
                    double u = a[j];
                    double v = a[j + h];
                    a[j] = u + v;
                    a[j + h] = u - v;
                }
            }
        }

        double s = 0;
        for (int k = 0; k < n; k++)
        {
            s += a[k] * a[k] * a[k] / (k + 2);
        }

        return s;
    }

    // bit-reversal permutation computed with shifts and masks in a two-variable for header
    [Differentiable]
    public static double BitReversedDot(double[] x, double[] w, int bits)
    {
        int n = 1 << bits;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            int r = 0;
            for (int b = 0, t = i; b < bits; b++, t >>= 1)
            {
                r = (r << 1) | (t & 1);
            }

            s += w[i] * x[r] * x[i];
        }

        return s;
    }

    // ===================== ODE integrators writing state in place =====================

    // forces of a chain of unit masses: springs to the neighbours and a quartic on-site potential
    [Differentiable]
    public static void SpringForces(double[] q, double k, double[] f)
    {
        int n = q.Length;
        for (int i = 0; i < n; i++)
        {
            double left = i > 0 ? q[i - 1] : 0.0;
            double right = i < n - 1 ? q[i + 1] : 0.0;
            f[i] = -k * (2 * q[i] - left - right) - q[i] * q[i] * q[i];
        }
    }

    // velocity Verlet updating positions and momenta in place
    [Differentiable]
    public static void VerletInPlace(double[] q, double[] p, double k, double dt, int steps)
    {
        int n = q.Length;
        var f = new double[n];
        SpringForces(q, k, f);
        for (int s = 0; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                p[i] += 0.5 * dt * f[i];
                q[i] += dt * p[i];
            }

            SpringForces(q, k, f);
            for (int i = 0; i < n; i++)
            {
                p[i] += 0.5 * dt * f[i];
            }
        }
    }

    // the total energy after integrating copies of the initial state
    [Differentiable]
    public static double VerletEnergy(double[] q0, double[] p0, double k)
    {
        int n = q0.Length;
        double[] q = (double[])q0.Clone();
        double[] p = (double[])p0.Clone();
        VerletInPlace(q, p, k, 0.05, 8);
        double e = 0;
        for (int i = 0; i < n; i++)
        {
            double left = i > 0 ? q[i - 1] : 0.0;
            e += 0.5 * p[i] * p[i] + 0.5 * k * (q[i] - left) * (q[i] - left) + 0.25 * q[i] * q[i] * q[i] * q[i];
        }

        return e + 0.5 * k * q[n - 1] * q[n - 1];
    }

    // right-hand side of a damped pendulum chain written into dydt
    [Differentiable]
    public static void PendulumRhs(double[] y, double t, double damping, double[] dydt)
    {
        dydt[0] = y[1];
        dydt[1] = -Math.Sin(y[0]) - damping * y[1] + 0.3 * Math.Cos(t);
    }

    // Heun's method (RK2) with scratch arrays declared inside the step loop
    [Differentiable]
    public static double HeunPendulum(double theta0, double omega0, double damping, int steps)
    {
        double h = 0.1;
        double[] y = { theta0, omega0 };
        for (int s = 0; s < steps; s++)
        {
            double t = s * h;
            var k1 = new double[2];
            var k2 = new double[2];
            var pred = new double[2];
            PendulumRhs(y, t, damping, k1);
            for (int i = 0; i < 2; i++)
            {
                pred[i] = y[i] + h * k1[i];
            }

            PendulumRhs(pred, t + h, damping, k2);
            for (int i = 0; i < 2; i++)
            {
                y[i] += 0.5 * h * (k1[i] + k2[i]);
            }
        }

        return y[0] * y[0] + Math.Cos(y[1]);
    }

    // one explicit Euler step of van der Pol, in place on a span
    [Differentiable]
    public static void VanDerPolStep(Span<double> y, double h, double mu)
    {
        double x = y[0];
        double v = y[1];
        y[0] = x + h * v;
        y[1] = v + h * (mu * (1 - x * x) * v - x);
    }

    [Differentiable]
    public static double VanDerPolEuler(double x0, double v0, double mu)
    {
        Span<double> y = stackalloc double[2];
        y[0] = x0;
        y[1] = v0;
        for (int s = 0; s < 25; s++)
        {
            VanDerPolStep(y, 0.04, mu);
        }

        return y[0] + 0.5 * y[1];
    }

    // ===================== strided kernels and solves =====================

    // BLAS dgemv on a row-major matrix with a leading dimension and a vector increment: y = αAx + βy
    [Differentiable]
    public static void Gemv(double[] a, int lda, double[] x, int incx, double[] y, int m, int n, double alpha, double beta)
    {
        for (int i = 0; i < m; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                s += a[i * lda + j] * x[j * incx];
            }

            y[i] = alpha * s + beta * y[i];
        }
    }

    // a row operation kept a call: row dst -= factor * row src, both rows in one flat buffer
    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void RowAxpy(double[] m, int dst, int src, int n, double factor)
    {
        for (int j = 0; j < n; j++)
        {
            m[dst + j] -= factor * m[src + j];
        }
    }

    // Gaussian elimination with partial pivoting on an augmented local matrix, then back substitution
    [Differentiable]
    public static double PivotedSolveWeighted(double[] a, double[] b)
    {
        int n = b.Length;
        int w = n + 1;
        var m = new double[n * w];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i * w + j] = a[i * n + j];
            }

            m[i * w + n] = b[i];
        }

        for (int col = 0; col < n; col++)
        {
            int piv = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r * w + col]) > Math.Abs(m[piv * w + col]))
                {
                    piv = r;
                }
            }

            if (piv != col)
            {
                for (int j = 0; j < w; j++)
                {
                    double t = m[col * w + j];
                    m[col * w + j] = m[piv * w + j];
                    m[piv * w + j] = t;
                }
            }

            for (int r = col + 1; r < n; r++)
            {
                double factor = m[r * w + col] / m[col * w + col];
                RowAxpy(m, r * w, col * w, w, factor);
            }
        }

        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = m[i * w + n];
            for (int j = i + 1; j < n; j++)
            {
                s -= m[i * w + j] * x[j];
            }

            x[i] = s / m[i * w + i];
        }

        double result = 0;
        for (int i = 0; i < n; i++)
        {
            result += x[i] * (i + 1);
        }

        return result;
    }

    // normalises its buffer in place and returns the norm it divided by
    [Differentiable]
    public static double NormalizeInPlace(double[] v)
    {
        double s = 0;
        foreach (double e in v)
        {
            s += e * e;
        }

        double norm = Math.Sqrt(s);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] /= norm;
        }

        return norm;
    }

    // a caller that uses both the returned norm and the normalised buffer, twice
    [Differentiable]
    public static double NormalizeTwiceUse(double[] x)
    {
        double[] v = x.ToArray();
        double n1 = NormalizeInPlace(v);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = v[i] * (i + 1) + x[i];
        }

        double n2 = NormalizeInPlace(v);
        return n1 * v[0] + n2 * v[v.Length - 1] + v[1];
    }

    // Thomas algorithm for a tridiagonal system, scratch arrays, then a weighted sum of the solution
    [Differentiable]
    public static double ThomasSolveWeighted(double[] lower, double[] diag, double[] upper, double[] rhs)
    {
        int n = diag.Length;
        var c = new double[n];
        var d = new double[n];
        c[0] = upper[0] / diag[0];
        d[0] = rhs[0] / diag[0];
        for (int i = 1; i < n; i++)
        {
            double denom = diag[i] - lower[i] * c[i - 1];
            c[i] = i < n - 1 ? upper[i] / denom : 0.0;
            d[i] = (rhs[i] - lower[i] * d[i - 1]) / denom;
        }

        var x = new double[n];
        x[n - 1] = d[n - 1];
        for (int i = n - 2; i >= 0; i--)
        {
            x[i] = d[i] - c[i] * x[i + 1];
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += (i + 1) * x[i];
        }

        return s;
    }

    // Stan's multi_normal: Cholesky of a flat SPD matrix in a local copy, log-determinant and quadratic form
    [Differentiable]
    public static double CholeskyGaussianNll(double[] a, double[] b)
    {
        int n = b.Length;
        var l = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double diagSum = a[j * n + j];
            for (int k = 0; k < j; k++)
            {
                diagSum -= l[j * n + k] * l[j * n + k];
            }

            double ljj = Math.Sqrt(diagSum);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++)
                {
                    s -= l[i * n + k] * l[j * n + k];
                }

                l[i * n + j] = s / ljj;
            }
        }

        var z = new double[n];
        double logDet = 0;
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++)
            {
                s -= l[i * n + k] * z[k];
            }

            z[i] = s / l[i * n + i];
            logDet += Math.Log(l[i * n + i]);
        }

        double quad = 0;
        foreach (double zi in z)
        {
            quad += zi * zi;
        }

        return 0.5 * quad + logDet;
    }

    // Gauss–Seidel sweeps on a copy of the start vector, the matrix flat row-major
    [Differentiable]
    public static double GaussSeidelResidual(double[] a, double[] rhs, double[] start)
    {
        int n = rhs.Length;
        double[] x = start.ToArray();
        for (int sweep = 0; sweep < 6; sweep++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = rhs[i];
                for (int j = 0; j < n; j++)
                {
                    if (j != i)
                    {
                        s -= a[i * n + j] * x[j];
                    }
                }

                x[i] = s / a[i * n + i];
            }
        }

        double r = 0;
        for (int i = 0; i < n; i++)
        {
            r += x[i] * x[i] * (i + 1);
        }

        return r;
    }

    // classical Gram–Schmidt through helpers on column offsets of one flat array
    [Differentiable]
    public static double ColumnDot(double[] m, int a, int b, int rows, int cols)
    {
        double s = 0;
        for (int r = 0; r < rows; r++)
        {
            s += m[r * cols + a] * m[r * cols + b];
        }

        return s;
    }

    [Differentiable]
    public static void ColumnAxpy(double[] m, double alpha, int from, int into, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            m[r * cols + into] += alpha * m[r * cols + from];
        }
    }

    [Differentiable]
    public static double GramSchmidtColumns(double[] a)
    {
        const int rows = 3, cols = 3;
        double[] q = (double[])a.Clone();
        for (int j = 0; j < cols; j++)
        {
            for (int k = 0; k < j; k++)
            {
                double proj = ColumnDot(q, k, j, rows, cols);
                ColumnAxpy(q, -proj, k, j, rows, cols);
            }

            double norm = Math.Sqrt(ColumnDot(q, j, j, rows, cols));
            for (int r = 0; r < rows; r++)
            {
                q[r * cols + j] /= norm;
            }
        }

        double s = 0;
        for (int i = 0; i < rows * cols; i++)
        {
            s += q[i] * (i % 4 + 1);
        }

        return s;
    }

    // ===================== softmax-family losses =====================

    // KL(target || softmax(logits)) with the softmax in a scratch array
    [Differentiable]
    public static double SoftmaxKl(double[] logits, [NoDiff] double[] target)
    {
        int n = logits.Length;
        var p = new double[n];
        double max = logits[0];
        for (int i = 1; i < n; i++)
        {
            if (logits[i] > max)
            {
                max = logits[i];
            }
        }

        double z = 0;
        for (int i = 0; i < n; i++)
        {
            p[i] = Math.Exp(logits[i] - max);
            z += p[i];
        }

        double kl = 0;
        for (int i = 0; i < n; i++)
        {
            p[i] /= z;
            if (target[i] > 0)
            {
                kl += target[i] * Math.Log(target[i] / p[i]);
            }
        }

        return kl;
    }

    // label-smoothed cross-entropy from a log-softmax scratch array (log-sum-exp with the max subtracted)
    [Differentiable]
    public static double LabelSmoothedCe(double[] logits, int label, double smoothing)
    {
        int n = logits.Length;
        double m = double.NegativeInfinity;
        foreach (double v in logits)
        {
            m = Math.Max(m, v);
        }

        double sumExp = 0;
        for (int i = 0; i < n; i++)
        {
            sumExp += Math.Exp(logits[i] - m);
        }

        double lse = m + Math.Log(sumExp);
        var logp = new double[n];
        for (int i = 0; i < n; i++)
        {
            logp[i] = logits[i] - lse;
        }

        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double q = i == label ? 1 - smoothing + smoothing / n : smoothing / n;
            loss -= q * logp[i];
        }

        return loss;
    }

    // single-query attention writing its output vector: scores, a stable softmax, a weighted sum of values
    [Differentiable]
    public static void AttentionInto(double[] query, double[] keys, double[] values, double[] output)
    {
        int d = query.Length;
        int t = keys.Length / d;
        var score = new double[t];
        double scale = 1.0 / Math.Sqrt(d);
        double best = double.MinValue;
        for (int j = 0; j < t; j++)
        {
            double s = 0;
            for (int c = 0; c < d; c++)
            {
                s += query[c] * keys[j * d + c];
            }

            score[j] = s * scale;
            best = Math.Max(best, score[j]);
        }

        double z = 0;
        for (int j = 0; j < t; j++)
        {
            score[j] = Math.Exp(score[j] - best);
            z += score[j];
        }

        for (int c = 0; c < d; c++)
        {
            double acc = 0;
            for (int j = 0; j < t; j++)
            {
                acc += score[j] * values[j * d + c];
            }

            output[c] = acc / z;
        }
    }

    // layer normalisation in place on a span with learnable gain and bias
    [Differentiable]
    public static void LayerNormInPlace(Span<double> x, double gain, double bias)
    {
        int n = x.Length;
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += x[i];
        }

        mean /= n;
        double variance = 0;
        for (int i = 0; i < n; i++)
        {
            double d = x[i] - mean;
            variance += d * d;
        }

        double inv = 1.0 / Math.Sqrt(variance / n + 1e-5);
        for (int i = 0; i < n; i++)
        {
            x[i] = (x[i] - mean) * inv * gain + bias;
        }
    }

    // ===================== piecewise functions and kinks =====================

    // PyTorch's smooth L1 written with Abs and a strict comparison
    [Differentiable]
    public static double SmoothL1(double x, double beta) =>
        Math.Abs(x) < beta ? 0.5 * x * x / beta : Math.Abs(x) - 0.5 * beta;

    // numerically stable softplus with Max, Abs and LogP1
    [Differentiable]
    public static double StableSoftplus(double x, double y) =>
        Math.Max(x, 0.0) + double.LogP1(Math.Exp(-Math.Abs(x))) + y * double.ExpM1(x * 0.5);

    // clamp with differentiable bounds, one bound computed from the other, beside the same clamp written with Min and Max
    [Differentiable]
    public static double ClampBand(double x, double lo) => 2 * Math.Clamp(x, lo, lo + 1) + Math.Min(Math.Max(x, lo), lo + 1);

    // squared ReLU two ways, leaky ReLU and ELU as ternaries: all at 0
    [Differentiable]
    public static double ReluVariants(double x, double y)
    {
        double r = Math.Max(0.0, x);
        double leaky = x > 0 ? x : 0.01 * x;
        double elu = y >= 0 ? y : Math.Exp(y) - 1;
        double sq = x > 0 ? x * x : 0;
        return r * r + 3 * leaky + 2 * elu + sq * y;
    }

    // Max of a square and a value at their tie
    [Differentiable]
    public static double MaxSquareTie(double x, double y) => Math.Max(x * x, y) + Math.Min(x, y * 0.5);

    // the fractional part and round-to-even quantisation: the jumps carry no derivative
    [Differentiable]
    public static double FracAndQuantize(double x, double y)
    {
        double frac = x - Math.Floor(x);
        double q = Math.Round(y * 8, MidpointRounding.ToEven) / 8;
        double t = Math.Truncate(x * y) + Math.Ceiling(y);
        return frac * frac + q * y + t * x;
    }

    // a piecewise-linear table lookup with an index from Floor, clamped to the table
    [Differentiable]
    public static double TableLerp(double t, double[] table, double t0, [NoDiff] double h)
    {
        double u = (t - t0) / h;
        int i = (int)Math.Floor(u);
        i = Math.Clamp(i, 0, table.Length - 2);
        double w = u - i;
        return (1 - w) * table[i] + w * table[i + 1];
    }

    // total variation with Abs, some neighbours equal
    [Differentiable]
    public static double TotalVariation(double[] x, double lambda)
    {
        double tv = 0;
        double fit = 0;
        for (int i = 0; i < x.Length; i++)
        {
            fit += (x[i] - 0.5) * (x[i] - 0.5);
            if (i + 1 < x.Length)
            {
                tv += Math.Abs(x[i + 1] - x[i]);
            }
        }

        return fit + lambda * tv;
    }

    // hypot written by hand with scaling by the larger magnitude, zero at the origin
    [Differentiable]
    public static double ScaledHypot(double x, double y)
    {
        double ax = Math.Abs(x), ay = Math.Abs(y);
        double s = Math.Max(ax, ay);
        if (s == 0)
        {
            return 0;
        }

        double a = x / s, b = y / s;
        return s * Math.Sqrt(a * a + b * b);
    }

    // a switch on an integer bucket computed from the data
    [Differentiable]
    public static double BucketSwitch(double x, double y)
    {
        int bucket = (int)Math.Floor(x * 2) + 3;
        switch (bucket)
        {
            case < 0:
                return y * x;
            case 0:
            case 1:
                return x * x + y;
            case 2:
                return Math.Sin(x) * y;
            case 3 or 4:
                return Math.Exp(x - y);
            default:
                return x * y * y;
        }
    }

    // winding angle of a closed polygon: Atan2 per vertex, differences wrapped by while loops
    [Differentiable]
    public static double WindingAngle(double[] xs, double[] ys, double cx, double cy)
    {
        int n = xs.Length;
        double total = 0;
        double prev = Math.Atan2(ys[n - 1] - cy, xs[n - 1] - cx);
        for (int i = 0; i < n; i++)
        {
            double ang = Math.Atan2(ys[i] - cy, xs[i] - cx);
            double d = ang - prev;
            while (d > Math.PI)
            {
                d -= TwoPi;
            }

            while (d <= -Math.PI)
            {
                d += TwoPi;
            }

            total += d * (1 + 0.1 * i);
            prev = ang;
        }

        return total;
    }

    // ===================== math functions =====================

    // Pow with real, negative integer, variable base and variable exponent, and a negative base with an integer exponent
    [Differentiable]
    public static double PowMix(double x, double y) =>
        Math.Pow(x, 2.5) + Math.Pow(x, -3) + Math.Pow(2, x) + Math.Pow(x, y) + Math.Pow(-x, 3) + Math.Pow(y, 2);

    // Horner with FusedMultiplyAdd, coefficients indexed backwards, value and derivative together: a Newton step
    [Differentiable]
    public static double HornerNewtonStep(double[] c, double x)
    {
        double p = c[c.Length - 1];
        double dp = 0;
        for (int i = c.Length - 2; i >= 0; i--)
        {
            dp = Math.FusedMultiplyAdd(dp, x, p);
            p = Math.FusedMultiplyAdd(p, x, c[i]);
        }

        return x - p / dp;
    }

    // Kahan's accurate log1p as a helper
    [Differentiable]
    public static double Log1pKahan(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        return Math.Log(u) * x / (u - 1.0);
    }

    [Differentiable]
    public static double LogLikelihoodLog1p(double[] p)
    {
        double s = 0;
        for (int i = 0; i < p.Length; i++)
        {
            s += Log1pKahan(p[i] * p[i]) - Log1pKahan(-0.5 * p[i] * p[i] * 0.1);
        }

        return s;
    }

    // Mish and a tanh-gated unit
    [Differentiable]
    public static double MishGated(double x, double g)
    {
        double sp = Math.Log(1 + Math.Exp(x));
        double mish = x * Math.Tanh(sp);
        return mish * (0.5 * (1 + Math.Tanh(g))) + Math.Atanh(Math.Tanh(g) * 0.5) + Math.Asinh(x * g);
    }

    // ===================== integer arithmetic mixed with floating point =====================

    // mirrored reads n - 1 - i, halves i / 2, i >> 1 and a weight picked by i % 3
    [Differentiable]
    public static double IntegerMix(double[] x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double w = i % 3 == 0 ? 2.0 : i % 3 == 1 ? -1.0 : 0.5;
            s += w * x[i] * x[n - 1 - i] + x[i / 2] / (1 + (i >> 1));
        }

        return s;
    }

    // a switch expression on the loop counter selecting the operation
    [Differentiable]
    public static double CounterSwitchOps(double[] x, double a)
    {
        double acc = 0;
        for (int i = 0; i < x.Length; i++)
        {
            acc = (i & 3) switch
            {
                0 => acc + a * x[i],
                1 => acc * (1 + 0.1 * x[i]),
                2 => acc - Math.Sin(x[i] * a),
                _ => Math.Sqrt(acc * acc + x[i] * x[i]),
            };
        }

        return acc;
    }

    // a descending stride-two loop and a static readonly permutation table
    [Differentiable]
    public static double StridePermuted(double[] x, double[] w)
    {
        double s = 0;
        for (int i = x.Length - 1; i >= 0; i -= 2)
        {
            s += x[i] * x[i] * w[i];
        }

        for (int i = 0; i < Perm6.Length; i++)
        {
            s += w[i] * x[Perm6[i]];
        }

        return s;
    }

    // a checked integer conversion used as an index, beside const locals
    [Differentiable]
    public static double CheckedIndex(double[] x, double t)
    {
        const double Scale = 2.0;
        const int Offset = 1;
        int k = checked((int)(Math.Abs(t) * Scale)) % (x.Length - Offset);
        return x[k] * t + x[k + Offset] * t * t;
    }

    // ===================== tables =====================

    // 5-point Gauss–Legendre of exp(-a t²) cos(b t) over [0, len], the nodes and weights static readonly
    [Differentiable]
    public static double GaussLegendreIntegral(double a, double b, double len)
    {
        double half = 0.5 * len;
        double sum = 0;
        for (int i = 0; i < GlNodes.Length; i++)
        {
            double t = half * (GlNodes[i] + 1);
            sum += GlWeights[i] * Math.Exp(-a * t * t) * Math.Cos(b * t);
        }

        return half * sum;
    }

    // ===================== recursion =====================

    // pairwise (divide-and-conquer) sum of squares over [lo, hi)
    [Differentiable]
    public static double PairwiseSumSquares(double[] a, int lo, int hi)
    {
        if (hi - lo == 1)
        {
            return a[lo] * a[lo];
        }

        int mid = (lo + hi) / 2;
        return PairwiseSumSquares(a, lo, mid) + PairwiseSumSquares(a, mid, hi);
    }

    // Horner by recursion from the low coefficient
    [Differentiable]
    public static double HornerRecursive(double[] c, double x, int i) =>
        i == c.Length ? 0.0 : c[i] + x * HornerRecursive(c, x, i + 1);

    // power by squaring, recursive, with a local for the half power
    [Differentiable]
    public static double PowBySquaring(double x, int n)
    {
        if (n == 0)
        {
            return 1.0;
        }

        double h = PowBySquaring(x, n / 2);
        return n % 2 == 0 ? h * h : h * h * x;
    }

    // mutual recursion
    [Differentiable]
    public static double MutualA(double x, int n) => n == 0 ? x : Math.Sin(MutualB(x, n - 1));

    [Differentiable]
    public static double MutualB(double x, int n) => n == 0 ? x : x * MutualA(x, n - 1) + 0.5;

    // ===================== local functions =====================

    // logistic regression with expression local functions, one with a local and a guard
    [Differentiable]
    public static double LocalFunctionLogistic(double[] w, [NoDiff] double[] xs, [NoDiff] double[] ys)
    {
        int d = w.Length;
        double Sigmoid(double z)
        {
            if (z >= 0)
            {
                return 1 / (1 + Math.Exp(-z));
            }

            double e = Math.Exp(z);
            return e / (1 + e);
        }

        double Sq(double v) => v * v;

        double loss = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            double z = 0;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * xs[i * d + j];
            }

            loss += Sq(Sigmoid(z) - ys[i]);
        }

        return loss;
    }

    // circular convolution with an index-wrapping local function
    [Differentiable]
    public static double CircularConvolution(double[] x, double[] k)
    {
        int n = x.Length;
        int Wrap(int i) => ((i % n) + n) % n;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double y = 0;
            for (int j = 0; j < k.Length; j++)
            {
                y += k[j] * x[Wrap(i - j + k.Length / 2)];
            }

            s += y * y;
        }

        return s;
    }

    // ===================== do/while with early exits =====================

    // walk until a negative element, returning from inside a do/while whose condition bumps the counter
    [Differentiable]
    public static double DoWhileUntilNegative(double[] x, double a)
    {
        double s = 0;
        int i = 0;
        do
        {
            if (x[i] < 0)
            {
                return s * a + x[i];
            }

            s += Math.Sqrt(x[i]) * a;
        }
        while (++i < x.Length);

        return s;
    }

    // the first index where a running sum exceeds a threshold, then linear interpolation inside it
    [Differentiable]
    public static double QuantileByCumsum(double[] w, double threshold)
    {
        double c = 0;
        int i = 0;
        do
        {
            c += w[i];
            if (c >= threshold)
            {
                break;
            }

            i++;
        }
        while (i < w.Length);

        if (i == w.Length)
        {
            return w.Length;
        }

        double before = c - w[i];
        return i + (threshold - before) / w[i];
    }

    // ===================== float twins =====================

    [Differentiable]
    public static float FloatHornerFma(float x)
    {
        float p = 0f;
        for (int i = FloatCoeffs.Length - 1; i >= 0; i--)
        {
            p = MathF.FusedMultiplyAdd(p, x, FloatCoeffs[i]);
        }

        return p * MathF.Tanh(x);
    }

    // float leapfrog of a Morse oscillator
    [Differentiable]
    public static float FloatLeapfrogMorse(float q0, float p0, float depth)
    {
        float q = q0, p = p0;
        const float Dt = 0.05f;
        for (int s = 0; s < 20; s++)
        {
            float e = MathF.Exp(-q);
            float force = -2f * depth * (e - e * e);
            p += 0.5f * Dt * force;
            q += Dt * p;
            e = MathF.Exp(-q);
            force = -2f * depth * (e - e * e);
            p += 0.5f * Dt * force;
        }

        return q + 0.1f * p * p;
    }

    // float log-sum-exp accumulated in double, cast back
    [Differentiable]
    public static float FloatLogSumExp(float[] x)
    {
        float m = float.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            m = MathF.Max(m, x[i]);
        }

        double s = 0;
        foreach (float v in x)
        {
            s += Math.Exp(v - m);
        }

        return m + (float)Math.Log(s);
    }
}

/// <summary>
/// Recursive sorts and transforms that write buffers, tableau-driven Runge–Kutta, data-dependent
/// scatter, and the everyday C# around numerical loops: two-pointer headers, floating loop counters,
/// guards that throw, debug output, assignments in conditions, output parameters named as the
/// quantity they hold.
/// </summary>
public static partial class FifthPeerFns
{
    // Kutta's third-order method as a Butcher tableau
    private static readonly double[,] Rk3A = { { 0, 0, 0 }, { 0.5, 0, 0 }, { -1, 2, 0 } };
    private static readonly double[] Rk3B = { 1.0 / 6, 2.0 / 3, 1.0 / 6 };
    private static readonly double[] Rk3C = { 0, 0.5, 1 };

    // top-down merge sort of a[lo, hi) through a work buffer, recursive, with post-increments in the indices
    [Differentiable]
    public static void MergeSortRange(double[] a, double[] tmp, int lo, int hi)
    {
        if (hi - lo < 2)
        {
            return;
        }

        int mid = (lo + hi) / 2;
        MergeSortRange(a, tmp, lo, mid);
        MergeSortRange(a, tmp, mid, hi);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            if (a[i] <= a[j])
            {
                tmp[k++] = a[i++];
            }
            else
            {
                tmp[k++] = a[j++];
            }
        }

        while (i < mid)
        {
            tmp[k++] = a[i++];
        }

        while (j < hi)
        {
            tmp[k++] = a[j++];
        }

        for (int t = lo; t < hi; t++)
        {
            a[t] = tmp[t];
        }
    }

    [Differentiable]
    public static double MergeSortWeighted(double[] x)
    {
        double[] a = (double[])x.Clone();
        var tmp = new double[a.Length];
        MergeSortRange(a, tmp, 0, a.Length);
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * (i + 1) * (i + 1);
        }

        return s;
    }

    // quicksort with Lomuto partitioning, in place, recursing on both sides of the pivot
    [Differentiable]
    public static void QuickSortRange(double[] a, int lo, int hi)
    {
        if (lo >= hi)
        {
            return;
        }

        double pivot = a[hi];
        int p = lo;
        for (int i = lo; i < hi; i++)
        {
            if (a[i] < pivot)
            {
                double t = a[i];
                a[i] = a[p];
                a[p] = t;
                p++;
            }
        }

        double u = a[p];
        a[p] = a[hi];
        a[hi] = u;
        QuickSortRange(a, lo, p - 1);
        QuickSortRange(a, p + 1, hi);
    }

    [Differentiable]
    public static double QuickSortSpread(double[] x)
    {
        double[] a = x.ToArray();
        QuickSortRange(a, 0, a.Length - 1);
        double s = 0;
        for (int i = 1; i < a.Length; i++)
        {
            double gap = a[i] - a[i - 1];
            s += gap * gap * i;
        }

        return s + a[a.Length - 1] * 0.5;
    }

    // recursive radix-2 Cooley–Tukey: inputs read with an offset and a stride, outputs combined in place
    [Differentiable]
    public static void FftRec(double[] re, double[] im, int off, int stride, int n, double[] outRe, double[] outIm, int outOff)
    {
        if (n == 1)
        {
            outRe[outOff] = re[off];
            outIm[outOff] = im[off];
            return;
        }

        int half = n / 2;
        FftRec(re, im, off, stride * 2, half, outRe, outIm, outOff);
        FftRec(re, im, off + stride, stride * 2, half, outRe, outIm, outOff + half);
        for (int k = 0; k < half; k++)
        {
            double ang = -2 * Math.PI * k / n;
            double c = Math.Cos(ang), s = Math.Sin(ang);
            double er = outRe[outOff + k], ei = outIm[outOff + k];
            double odr = outRe[outOff + k + half], odi = outIm[outOff + k + half];
            double tr = c * odr - s * odi, ti = c * odi + s * odr;
            outRe[outOff + k] = er + tr;
            outIm[outOff + k] = ei + ti;
            outRe[outOff + k + half] = er - tr;
            outIm[outOff + k + half] = ei - ti;
        }
    }

    [Differentiable]
    public static double PowerSpectrumWeighted(double[] signal)
    {
        int n = signal.Length;
        var im = new double[n];
        var outRe = new double[n];
        var outIm = new double[n];
        FftRec(signal, im, 0, 1, n, outRe, outIm, 0);
        double s = 0;
        for (int k = 0; k < n; k++)
        {
            s += (outRe[k] * outRe[k] + outIm[k] * outIm[k]) / (k + 1) + 0.1 * outRe[k];
        }

        return s;
    }

    // explicit Runge–Kutta driven by a static double[,] tableau, stages in one flat array
    [Differentiable]
    public static double ButcherRk3(double[] y0, double lambda, double h)
    {
        int n = y0.Length;
        double[] y = (double[])y0.Clone();
        var k = new double[3 * n];
        var stage = new double[n];
        double t = 0;
        for (int step = 0; step < 10; step++)
        {
            for (int s = 0; s < 3; s++)
            {
                for (int i = 0; i < n; i++)
                {
                    double acc = y[i];
                    for (int j = 0; j < s; j++)
                    {
                        acc += h * Rk3A[s, j] * k[j * n + i];
                    }

                    stage[i] = acc;
                }

                double ts = t + Rk3C[s] * h;
                for (int i = 0; i < n; i++)
                {
                    double next = stage[(i + 1) % n];
                    k[s * n + i] = -lambda * stage[i] + 0.3 * next * next + Math.Sin(ts);
                }
            }

            for (int i = 0; i < n; i++)
            {
                for (int s = 0; s < 3; s++)
                {
                    y[i] += h * Rk3B[s] * k[s * n + i];
                }
            }

            t += h;
        }

        double r = 0;
        foreach (double v in y)
        {
            r += v * v;
        }

        return r;
    }

    // a weighted histogram: the bin index computed from the data, out-of-range samples skipped
    [Differentiable]
    public static double HistogramEnergy(double[] x, double[] w, [NoDiff] double lo, [NoDiff] double width, int bins)
    {
        var hist = new double[bins];
        for (int i = 0; i < x.Length; i++)
        {
            int b = (int)Math.Floor((x[i] - lo) / width);
            if (b < 0 || b >= bins)
            {
                continue;
            }

            hist[b] += w[i] * (1 + 0.1 * x[i]);
        }

        double e = 0;
        for (int b = 0; b < bins; b++)
        {
            e += hist[b] * hist[b] * (b + 1);
        }

        return e;
    }

    // ordered pairs: a tuple deconstruction in each branch of an if
    [Differentiable]
    public static double OrderedPairs(double[] x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double lo, hi;
            if (x[i] < x[i + 1])
            {
                (lo, hi) = (x[i], x[i + 1]);
            }
            else
            {
                (lo, hi) = (x[i + 1], x[i]);
            }

            s += hi * hi - lo + hi * lo * 0.5;
        }

        return s;
    }

    // two indices walking towards each other in one for header
    [Differentiable]
    public static double TwoPointerProducts(double[] x)
    {
        double s = 0;
        for (int i = 0, j = x.Length - 1; i < j; i++, j--)
        {
            s += x[i] * x[j] + (j - i) * x[i];
        }

        return s;
    }

    // log by range reduction: halving and doubling loops with an exponent counter, then the atanh series with a stride-2 counter
    [Differentiable]
    public static double LogByRangeReduction(double x)
    {
        int e = 0;
        double m = x;
        while (m >= 2)
        {
            m *= 0.5;
            e++;
        }

        while (m < 1)
        {
            m *= 2;
            e--;
        }

        double z = (m - 1) / (m + 1);
        double z2 = z * z;
        double term = z;
        double sum = 0;
        for (int k = 1; k < 60; k += 2)
        {
            sum += term / k;
            term *= z2;
        }

        return 2 * sum + e * 0.69314718055994530942;
    }

    // for (;;) with the exit at the top of the body
    [Differentiable]
    public static double ForeverHalving(double x, double y)
    {
        double v = x;
        int e = 0;
        for (;;)
        {
            if (Math.Abs(v) < 1)
            {
                break;
            }

            v *= 0.5;
            e++;
        }

        return v * y + e * y * y;
    }

    // a Riemann sum whose floating loop counter advances by the differentiable step
    [Differentiable]
    public static double RiemannWithStep(double h, double a)
    {
        double s = 0;
        for (double t = 0; t < 1.0; t += h)
        {
            s += Math.Exp(-a * t) * h;
        }

        return s;
    }

    // Newton's square root with debug output of each iterate
    [Differentiable]
    public static double NewtonSqrtLogged(double a)
    {
        double x = a > 1 ? a : 1;
        for (int it = 0; it < 60; it++)
        {
            double next = 0.5 * (x + a / x);
            System.Diagnostics.Debug.WriteLine($"iteration {it}: {next}");
            if (Math.Abs(next - x) <= 1e-15 * next)
            {
                x = next;
                break;
            }

            x = next;
        }

        return x;
    }

    // argument checks by ThrowIf helpers and throw statements, then a floored geometric mean
    [Differentiable]
    public static double GuardedGeometricMean(double[] x, double floor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(x.Length, 1);
        if (!(floor > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(floor));
        }

        double s = 0;
        foreach (double v in x)
        {
            if (v < 0)
            {
                throw new ArgumentException("negative entry", nameof(x));
            }

            s += Math.Log(Math.Max(v, floor));
        }

        return Math.Exp(s / x.Length);
    }

    // an expression local function reading a local the loop changes
    [Differentiable]
    public static double DecayingWeights(double[] x, double rate)
    {
        double scale = 1.0;
        double Scaled(double v) => v * scale;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Scaled(x[i] * x[i]);
            scale *= rate;
        }

        return s;
    }

    // an assignment inside the if condition
    [Differentiable]
    public static double AssignInCondition(double[] x)
    {
        double s = 0, t;
        for (int i = 0; i < x.Length; i++)
        {
            if ((t = x[i] * x[i]) > 1)
            {
                s += Math.Log(t);
            }
            else
            {
                s += t * 0.5;
            }
        }

        return s;
    }

    // softmax written into an output parameter named result; returns the log-partition
    [Differentiable]
    public static double SoftmaxInto(double[] logits, double[] result)
    {
        int n = logits.Length;
        double m = logits[0];
        for (int i = 1; i < n; i++)
        {
            m = Math.Max(m, logits[i]);
        }

        double z = 0;
        for (int i = 0; i < n; i++)
        {
            result[i] = Math.Exp(logits[i] - m);
            z += result[i];
        }

        for (int i = 0; i < n; i++)
        {
            result[i] /= z;
        }

        return m + Math.Log(z);
    }

    [Differentiable]
    public static double SoftmaxIntoUse(double[] logits)
    {
        var p = new double[logits.Length];
        double lse = SoftmaxInto(logits, p);
        double s = 0;
        for (int i = 0; i < p.Length; i++)
        {
            s += p[i] * (i + 1);
        }

        return s + 0.1 * lse;
    }

    // the analytic Jacobian of the polar map, written into a buffer named jacobian
    [Differentiable]
    public static void PolarJacobian(double r, double theta, double[] jacobian)
    {
        jacobian[0] = Math.Cos(theta);
        jacobian[1] = -r * Math.Sin(theta);
        jacobian[2] = Math.Sin(theta);
        jacobian[3] = r * Math.Cos(theta);
    }

    // a design matrix (n×2, row-major) and a vector a: the residual of the least-squares fit of a by the matrix's columns
    [Differentiable]
    public static double LeastSquaresResidual(double[] design, double[] a)
    {
        double[] A = design;
        int n = a.Length;
        double s00 = 0, s01 = 0, s11 = 0, r0 = 0, r1 = 0;
        for (int i = 0; i < n; i++)
        {
            s00 += A[2 * i] * A[2 * i];
            s01 += A[2 * i] * A[2 * i + 1];
            s11 += A[2 * i + 1] * A[2 * i + 1];
            r0 += A[2 * i] * a[i];
            r1 += A[2 * i + 1] * a[i];
        }

        double det = s00 * s11 - s01 * s01;
        double c0 = (s11 * r0 - s01 * r1) / det;
        double c1 = (s00 * r1 - s01 * r0) / det;
        double res = 0;
        for (int i = 0; i < n; i++)
        {
            double e = a[i] - c0 * A[2 * i] - c1 * A[2 * i + 1];
            res += e * e;
        }

        return res;
    }

    // present value with an after-tax rate held in a local named adj_rate
    [Differentiable]
    public static double AfterTaxPresentValue(double[] flows, double baseRate, double spread, double tax)
    {
        double rate = baseRate + spread;
        double adj_rate = rate * (1 - tax);
        double pv = 0, df = 1;
        for (int t = 0; t < flows.Length; t++)
        {
            df /= 1 + adj_rate;
            pv += flows[t] * df;
        }

        return pv + rate;
    }

    // logarithm to a differentiable base, IEEE remainder, Lerp, odd roots of negatives, the Pi functions, CopySign
    [Differentiable]
    public static double MathMixTwo(double x, double y) =>
        Math.Log(x, y) + Math.IEEERemainder(x * 3, y) + double.Lerp(x, y, 0.3) + double.RootN(-x, 3) + Math.Cbrt(-y)
        + double.SinPi(x) * double.CosPi(y) + double.Atan2Pi(y, x) + double.DegreesToRadians(x * 30) + Math.CopySign(x * y, -y);

    // Round with digits and a midpoint mode: constants of the differentiation
    [Differentiable]
    public static double RoundDigits(double x, double y) =>
        Math.Round(x, 2) * y + x * Math.Round(y, 1, MidpointRounding.AwayFromZero) + Math.Round(x * y);

    // writes some elements, updates others in place, leaves the rest
    [Differentiable]
    public static void ConditionalUpdate(double[] x, double[] y, double threshold)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > threshold)
            {
                y[i] = x[i] * x[i];
            }
            else if (x[i] < -threshold)
            {
                y[i] += x[i];
            }
            else
            {
                continue;
            }

            y[i] *= 1 + 0.1 * i;
        }
    }

    // one explicit diffusion pass in place, kept a call
    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SmoothPass(double[] y, double alpha)
    {
        int n = y.Length;
        double prev = y[0];
        for (int i = 1; i < n - 1; i++)
        {
            double cur = y[i];
            y[i] = cur + alpha * (prev - 2 * cur + y[i + 1]);
            prev = cur;
        }
    }

    // several passes over a parameter buffer, each through the recorded call
    [Differentiable]
    public static void SmoothPasses(double[] y, double alpha, int passes)
    {
        for (int p = 0; p < passes; p++)
        {
            SmoothPass(y, alpha * (1 + 0.1 * p));
        }
    }

    // nested Max and Min evaluated at a three-way tie
    [Differentiable]
    public static double NestedExtremes(double a, double b, double c) =>
        Math.Max(a, Math.Max(b, c)) + 0.5 * Math.Min(Math.Min(a, b), c);

    // recursion on halves of a read-only span
    [Differentiable]
    public static double RecursiveSpanSum(ReadOnlySpan<double> s)
    {
        if (s.Length == 1)
        {
            return s[0] * s[0] * s[0];
        }

        int half = s.Length / 2;
        return RecursiveSpanSum(s.Slice(0, half)) * 0.9 + RecursiveSpanSum(s.Slice(half));
    }

    // JAX's cummax written into an output buffer
    [Differentiable]
    public static void CumMaxInto(double[] x, double[] y)
    {
        y[0] = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            y[i] = Math.Max(y[i - 1], x[i]);
        }
    }

    // float buffer scaled, shifted and clamped in place
    [Differentiable]
    public static void FloatScaleShiftClamp(float[] x, float scale, float shift)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = Math.Clamp(x[i] * scale + shift, -1f, 1f);
        }
    }

    // the stable softplus alone, as the user guide writes it
    [Differentiable]
    public static double GuideSoftplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
}

/// <summary>
/// Everyday declarations around numerical code: helpers that return an index or a flag, library
/// searches on knot tables, differentiable helpers in loop conditions, expression-bodied void
/// helpers, verbatim parameter names, optional and nullable parameters, params spans, early returns
/// from methods that write buffers, and power series evaluated at zero.
/// </summary>
public static partial class FifthPeerFns
{
    // an ordinary (not differentiable) helper that returns an index
    public static int ArgMax(double[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++)
        {
            if (v[i] > v[best])
            {
                best = i;
            }
        }

        return best;
    }

    // an ordinary helper that returns a flag
    public static bool AllPositive(double[] v)
    {
        foreach (double e in v)
        {
            if (e <= 0)
            {
                return false;
            }
        }

        return true;
    }

    // the peak and its neighbours, the peak found by a plain helper
    [Differentiable]
    public static double PeakNeighbourhood(double[] x)
    {
        int k = ArgMax(x);
        double left = k > 0 ? x[k - 1] : 0;
        double right = k < x.Length - 1 ? x[k + 1] : 0;
        double bonus = AllPositive(x) ? 1.0 : 0.5;
        return x[k] * 2 + left * right * bonus;
    }

    // a piecewise-linear spline: the interval found by Array.BinarySearch on the knots
    [Differentiable]
    public static double LinearSpline(double t, double[] values, [NoDiff] double[] knots)
    {
        int i = Array.BinarySearch(knots, t);
        if (i < 0)
        {
            i = ~i - 1;
        }

        i = Math.Clamp(i, 0, knots.Length - 2);
        double w = (t - knots[i]) / (knots[i + 1] - knots[i]);
        return values[i] + w * (values[i + 1] - values[i]);
    }

    [Differentiable]
    public static double ResidualNorm(double[] x, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = x[i] * x[i] - c;
            s += r * r;
        }

        return Math.Sqrt(s);
    }

    // gradient descent on Σ(xᵢ² − c)² until the residual, a differentiable helper in the loop condition, is small
    [Differentiable]
    public static double DescentUntilSmall(double[] x0, double c)
    {
        double[] x = x0.ToArray();
        int it = 0;
        while (ResidualNorm(x, c) > 1e-3 && it < 500)
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] -= 0.05 * 4 * x[i] * (x[i] * x[i] - c);
            }

            it++;
        }

        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * (i + 1);
        }

        return s;
    }

    // an expression-bodied void helper that writes one element
    [Differentiable]
    public static void SetSquared(double[] y, double v, int i) => y[i] = v * v;

    [Differentiable]
    public static double SquaresThroughSetter(double[] x)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            SetSquared(y, x[i] + 0.5 * i, i);
        }

        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += Math.Sqrt(y[i] + 1) * x[(i + 1) % x.Length];
        }

        return s;
    }

    // a switch expression on a double assigned into an output element
    [Differentiable]
    public static void PiecewiseMap(double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] switch
            {
                < -1 => 2 * x[i] + 1,
                <= 1 => x[i] * x[i] * x[i],
                _ => Math.Log(x[i]) + 1,
            };
        }
    }

    // a phase wrapped by %= on a double
    [Differentiable]
    public static double PhaseWrapAccumulate(double[] omega, double dt)
    {
        double phase = 0, s = 0;
        for (int i = 0; i < omega.Length; i++)
        {
            phase += omega[i] * dt;
            phase %= TwoPi;
            s += Math.Sin(phase) * (i + 1) + 0.01 * phase;
        }

        return s;
    }

    // a double loop counter started at the differentiable input and bumped by ++
    [Differentiable]
    public static double DoubleCounterSeries(double x)
    {
        double s = 0;
        for (double u = x; u < x + 4.5; u++)
        {
            s += 1 / (u * u);
        }

        return s;
    }

    // a three-point blur with edge replication, read from one buffer into another
    [Differentiable]
    public static void BoxBlur(double[] source, double[] target, double w)
    {
        int n = source.Length;
        for (int i = 0; i < n; i++)
        {
            double l = i > 0 ? source[i - 1] : source[i];
            double r = i < n - 1 ? source[i + 1] : source[i];
            target[i] = w * l + (1 - 2 * w) * source[i] + w * r;
        }
    }

    [Differentiable]
    public static double BlurTwice(double[] source, double w)
    {
        var tmp = new double[source.Length];
        var blurred = new double[source.Length];
        BoxBlur(source, tmp, w);
        BoxBlur(tmp, blurred, w);
        double energy = 0;
        for (int i = 0; i < blurred.Length; i++)
        {
            energy += blurred[i] * blurred[i] * (i + 1);
        }

        return energy;
    }

    // optional parameters with default values on the differentiable method itself
    [Differentiable]
    public static double SoftThreshold(double x, double lambda = 0.5, double sharpness = 10.0) =>
        x - lambda * Math.Tanh(sharpness * x);

    [Differentiable]
    public static double SoftThresholdSum(double[] x, double lambda)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += SoftThreshold(x[i], lambda) * SoftThreshold(x[i]);
        }

        return s;
    }

    // a nullable offset that defaults to none
    [Differentiable]
    public static double OffsetSquare(double x, double? offset = null)
    {
        double d = x - (offset ?? 0.0);
        return d * d;
    }

    // params ReadOnlySpan<double>
    [Differentiable]
    public static double SumSquaresParamsSpan(params ReadOnlySpan<double> xs)
    {
        double s = 0;
        foreach (double v in xs)
        {
            s += v * v;
        }

        return s;
    }

    [Differentiable]
    public static double UsesParamsSpan(double a, double b) => SumSquaresParamsSpan(a, b, a * b) + SumSquaresParamsSpan(new[] { a }) * b + SumSquaresParamsSpan(b);

    // the same with a params array, called with expanded lists
    [Differentiable]
    public static double SumSquaresParamsArray(params double[] xs)
    {
        double s = 0;
        foreach (double v in xs)
        {
            s += v * v;
        }

        return s;
    }

    [Differentiable]
    public static double UsesParamsArray(double a, double b) => SumSquaresParamsArray(a, b, a * b) + SumSquaresParamsArray(a) * b;

    // do { … } while (false) as a block to break out of
    [Differentiable]
    public static double DoOnceBreak(double x, double y)
    {
        double r = x;
        do
        {
            if (x < 0)
            {
                r = -x * y;
                break;
            }

            r = x * x;
            if (y > 1)
            {
                break;
            }

            r += y;
        }
        while (false);

        return r * y;
    }

    // a stride that grows inside the loop
    [Differentiable]
    public static double GrowingStride(double[] x)
    {
        double s = 0;
        int step = 1;
        for (int i = 0; i < x.Length; i += step)
        {
            s += x[i] * step;
            step++;
        }

        return s * s;
    }

    // leaving two nested loops through a flag in the outer condition
    [Differentiable]
    public static double FirstPairOverBudget(double[] x, double budget)
    {
        double best = 0;
        bool found = false;
        for (int i = 0; i < x.Length && !found; i++)
        {
            for (int j = i + 1; j < x.Length; j++)
            {
                double p = x[i] * x[j];
                if (p > budget)
                {
                    best += p + budget * 0.1;
                    found = true;
                    break;
                }

                best += 0.01 * p;
            }
        }

        return best;
    }

    // a void method that returns from inside its loop after writing part of its output
    [Differentiable]
    public static void FillUntilNegative(double[] x, double[] y, double scale)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                return;
            }

            y[i] = Math.Sqrt(x[i]) * scale;
        }
    }

    // gradient clipping in place: returns early when no clipping is needed
    [Differentiable]
    public static double ClipNormInPlace(double[] g, double maxNorm)
    {
        double s = 0;
        foreach (double v in g)
        {
            s += v * v;
        }

        double norm = Math.Sqrt(s);
        if (norm <= maxNorm)
        {
            return norm;
        }

        double f = maxNorm / norm;
        for (int i = 0; i < g.Length; i++)
        {
            g[i] *= f;
        }

        return norm;
    }

    // a caller that ignores the returned norm and uses the clipped buffer
    [Differentiable]
    public static double ClippedStepLoss(double[] w, double[] grad, double lr)
    {
        double[] g = grad.ToArray();
        ClipNormInPlace(g, 1.0);
        double loss = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double wi = w[i] - lr * g[i];
            loss += wi * wi * (i + 1);
        }

        return loss;
    }

    // a 2-vector rotated in place through a span, kept a call
    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Rotate2(Span<double> v, double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        double a = v[0], b = v[1];
        v[0] = c * a - s * b;
        v[1] = s * a + c * b;
    }

    // Givens-like rotations of overlapping windows of a local copy, each window a slice
    [Differentiable]
    public static double RotatePairs(double[] x, double[] angles)
    {
        double[] y = x.ToArray();
        for (int k = 0; k < angles.Length; k++)
        {
            int off = (2 * k) % (y.Length - 1);
            Rotate2(y.AsSpan(off, 2), angles[k]);
        }

        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += y[i] * (i + 1);
        }

        return s;
    }

    [Differentiable]
    public static void WeightedSumInto(double[] a, double[] b, double wa, double wb, double[] output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = wa * a[i] + wb * b[i] * a[i];
        }
    }

    // the same buffer given to two read-only parameters
    [Differentiable]
    public static double AliasedReads(double[] x, double t)
    {
        var o = new double[x.Length];
        WeightedSumInto(x, x, t, 1 - t, o);
        var o2 = new double[x.Length];
        WeightedSumInto(o, x, 0.5, t, o2);
        double s = 0;
        for (int i = 0; i < o2.Length; i++)
        {
            s += o2[i] * o2[i];
        }

        return s;
    }

    // helpers with buffers in the two branches of a conditional
    [Differentiable]
    public static double BranchHelpers(double[] x, double t) => t > 0 ? SegmentRms(x, 0, 3) * t : SpanMeanSquareDev(x) - t;

    // a power series through Math.Pow with the loop counter as the exponent
    [Differentiable]
    public static double PowerSeries(double[] c, double x)
    {
        double s = 0;
        for (int i = 0; i < c.Length; i++)
        {
            s += c[i] * Math.Pow(x, i);
        }

        return s;
    }

    // the same with a double exponent
    [Differentiable]
    public static double PowerSeriesDoubleExponent(double[] c, double x)
    {
        double s = 0;
        for (int i = 0; i < c.Length; i++)
        {
            double e = i;
            s += c[i] * Math.Pow(x, e) + c[i] * 1e-3;
        }

        return s;
    }
}

// a record struct whose instance method reads its positional properties
public partial record struct FifthPeerSpring(double K, double Rest)
{
    [Differentiable]
    public double Energy(double x, double v) => 0.5 * K * (x - Rest) * (x - Rest) + 0.5 * v * v;
}

// a class with a primary constructor whose parameters an instance method reads
public partial class FifthPeerScaledModel(double scale, int terms)
{
    [Differentiable]
    public double Evaluate(double[] w, double x)
    {
        double s = 0, p = 1;
        for (int k = 0; k < terms; k++)
        {
            s += w[k] * p;
            p *= x * scale;
        }

        return s;
    }
}

// a static method inside a generic class
public static partial class FifthPeerTagged<TTag>
{
    [Differentiable]
    public static double Cubic(double x) => x * x * x - 2 * x;
}

/// <summary>
/// Parameter buffers read through nonlinear functions and then overwritten by every form the
/// library offers (helpers, Array.Copy, Fill, Clear, CopyTo, tuple swaps, writes inside
/// expressions, later trips of the same loop); scratch arrays refilled from buffers a helper changes;
/// running maxima over arrays that change between scans; stream compaction with a data-dependent
/// counter; and loop nests whose trip counts are awkward (odd strides, inclusive bounds, bounds that
/// move with the counter, zero-trip loops, long and unsigned counters).
/// </summary>
public static partial class FifthPeerFns
{
    [Differentiable]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void HalveInPlace(double[] v)
    {
        for (int i = 0; i < v.Length; i++)
        {
            v[i] *= 0.5;
        }
    }

    [Differentiable]
    public static void ShiftInPlace(double[] v, double c)
    {
        for (int i = 0; i < v.Length; i++)
        {
            v[i] += c;
        }
    }

    // Sin of each element, then the buffer halved by a recorded call, then read again
    [Differentiable]
    public static double ReadThenHalveCall(double[] x, double a)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Sin(a * x[i]);
        }

        HalveInPlace(x);
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Exp(0.3 * x[i]) * a;
        }

        return s;
    }

    // the same through an inlined helper
    [Differentiable]
    public static double ReadThenShiftInline(double[] x, double a)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Sin(a * x[i]);
        }

        ShiftInPlace(x, a);
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i];
        }

        return s;
    }

    // overwritten by Array.Copy from a local, and by the five-argument Array.Copy
    [Differentiable]
    public static double ReadThenArrayCopy(double[] x, double a)
    {
        int n = x.Length;
        double s = 0;
        var src = new double[n];
        for (int i = 0; i < n; i++)
        {
            s += Math.Exp(a * x[i]);
            src[i] = a * (i + 1);
        }

        Array.Copy(src, x, n);
        s += Math.Cos(x[0]) * Math.Sin(x[n - 1]);
        Array.Copy(src, 0, x, 1, n - 2);
        for (int i = 0; i < n; i++)
        {
            s += x[i] * x[i] * x[i];
        }

        return s;
    }

    // overwritten by span Fill over a range and Array.Fill of a differentiable value
    [Differentiable]
    public static double ReadThenFill(double[] x, double a)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Log(1 + x[i] * x[i]) * a;
        }

        x.AsSpan(1, 2).Fill(a * a);
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Sin(x[i]);
        }

        Array.Fill(x, s * 0.1);
        return s + x[0] * x[x.Length - 1];
    }

    // overwritten by Array.Clear over a range and span Clear
    [Differentiable]
    public static double ReadThenClear(double[] x, double a)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Tanh(a * x[i]) * x[i];
        }

        Array.Clear(x, 1, 2);
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Exp(x[i] * 0.5);
        }

        x.AsSpan().Clear();
        return s + x[0];
    }

    // overwritten by CopyTo forms
    [Differentiable]
    public static double ReadThenCopyTo(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Sqrt(1 + x[i] * x[i]) * y[i];
        }

        y.CopyTo(x, 0);
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Sin(x[i]) * (i + 1);
        }

        y.AsSpan(0, 2).CopyTo(x.AsSpan(1));
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i] * y[(i + 1) % y.Length];
        }

        return s;
    }

    // elements swapped by tuple assignment between nonlinear reads
    [Differentiable]
    public static double ReadThenTupleSwap(double[] x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += Math.Exp(x[i]) * (i + 1);
        }

        for (int i = 0; i < n / 2; i++)
        {
            (x[i], x[n - 1 - i]) = (x[n - 1 - i] * 2, x[i]);
        }

        for (int i = 0; i < n; i++)
        {
            s += Math.Exp(x[i]) * (i + 1);
        }

        return s;
    }

    // a compound write inside an expression after a nonlinear read of the same element
    [Differentiable]
    public static double ReadThenWriteInExpression(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double c = Math.Cos(x[i]);
            s += c * (x[i] *= 1.5);
        }

        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Sin(x[i]);
        }

        return s;
    }

    // each trip writes the element the next trip reads through Sin
    [Differentiable]
    public static double ReadAheadWrite(double[] x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += Math.Sin(x[i]) * 2;
            x[(i + 1) % n] = s * 0.5 + x[(i + 1) % n] * 0.25;
        }

        return s + Math.Exp(x[0]);
    }

    // a span parameter read nonlinearly, then rescaled in place
    [Differentiable]
    public static double SpanReadThenScale(Span<double> x, double a)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Atan(a * x[i]);
        }

        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= a;
        }

        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Atan(x[i]) * x[i];
        }

        return s;
    }

    // a scratch array refilled each trip from a parameter buffer that a recorded call then changes
    [Differentiable]
    public static void RelaxWithScratch(double[] x, double rate, int iterations)
    {
        int n = x.Length;
        var diff = new double[n];
        for (int it = 0; it < iterations; it++)
        {
            for (int j = 0; j < n; j++)
            {
                diff[j] = x[(j + 1) % n] - x[j];
            }

            for (int j = 0; j < n; j++)
            {
                x[j] += rate * diff[j] * diff[j];
            }

            HalveInPlace(x);
        }
    }

    [Differentiable]
    public static double RelaxEnergy(double[] x0, double rate)
    {
        double[] x = x0.ToArray();
        RelaxWithScratch(x, rate, 4);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * (i + 1);
        }

        return s;
    }

    // a scratch array refilled from a local copy that a later trip changes only through a helper call
    [Differentiable]
    public static double ScratchFromChangedLocal(double[] x0, double a)
    {
        int n = x0.Length;
        double[] x = (double[])x0.Clone();
        var scratch = new double[n];
        double s = 0;
        for (int it = 0; it < 3; it++)
        {
            for (int j = 0; j < n; j++)
            {
                scratch[j] = x[j] * a + x[(j + 2) % n];
            }

            for (int j = 0; j < n; j++)
            {
                s += scratch[j] * scratch[j] * (it + 1);
            }

            ShiftInPlace(x, s * 0.01);
            HalveInPlace(x);
        }

        return s;
    }

    // running maxima over an array that changes between the scans; the first element may stay the maximum
    [Differentiable]
    public static double MaxThenDeflate(double[] x)
    {
        double[] y = x.ToArray();
        double total = 0;
        for (int round = 0; round < 3; round++)
        {
            double m = y[0];
            for (int j = 1; j < y.Length; j++)
            {
                if (m < y[j])
                {
                    m = y[j];
                }
            }

            total += m * (round + 1);
            for (int j = 0; j < y.Length; j++)
            {
                y[j] -= 0.5 * m * (j % 2 == 0 ? 1 : 0.3);
            }
        }

        return total;
    }

    // stream compaction: a counter bumped only for kept elements indexes the packed buffer
    [Differentiable]
    public static double CompactThenWeigh(double[] x, double w)
    {
        var packed = new double[x.Length];
        int k = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0)
            {
                packed[k] = x[i] * w;
                k++;
            }
            else if (x[i] < -1)
            {
                packed[k++] = -x[i];
            }
        }

        double s = 0;
        for (int j = 0; j < k; j++)
        {
            s += packed[j] * packed[j] * (j + 1);
        }

        return s + k;
    }

    // loop nests with strided inner loops from the outer counters, inclusive bounds, zero-trip ranges
    [Differentiable]
    public static double AwkwardNests(double[] x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                for (int k = j; k <= i; k += 2)
                {
                    s += x[k] * x[j] * Math.Sin(x[i]);
                }
            }

            for (int k = i; k >= 0; k -= 3)
            {
                s += Math.Cos(x[k]) * (i + 1);
            }

            for (int k = n - 1; k > i; k -= 2)
            {
                s += Math.Exp(-x[k] * x[i]);
            }
        }

        return s;
    }

    // bounds that are not a plain limit: i < n − 1 − i (the pairs from both ends, a bound that reads its own counter) and d·d <= n
    [Differentiable]
    public static double MovingBounds(double[] x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n - 1 - i; i++)
        {
            s += Math.Sin(x[i]) * Math.Cos(x[n - 1 - i]);
        }

        for (int d = 1; d * d <= n; d++)
        {
            for (int j = 0; j + d < n; j += d)
            {
                s += x[j] * Math.Exp(-x[j + d] * d);
            }
        }

        return s;
    }

    // a while loop of data-dependent length inside a counted loop, then a counted loop from where it stopped
    [Differentiable]
    public static double WhileInsideFor(double[] x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            int lim = i;
            while (lim > 0 && x[lim - 1] < x[i])
            {
                lim--;
            }

            for (int j = lim; j <= i; j++)
            {
                s += Math.Exp(-x[j] * x[j]) * (i - j + 1);
            }
        }

        return s;
    }

    // long and unsigned counters, a stride given as a parameter
    [Differentiable]
    public static double LongUnsignedStride(double[] x, int stride)
    {
        double s = 0;
        for (long i = x.LongLength - 1; i >= 0; i -= stride)
        {
            s += Math.Sin(x[i]) * (i + 1);
        }

        for (uint u = 0; u < (uint)x.Length; u += (uint)stride)
        {
            s += x[u] * x[(u + 1) % (uint)x.Length];
        }

        return s;
    }
}

/// <summary>
/// Integer counters advanced both by statements and inside indices or values; forward-mode
/// Jacobians of methods with few inputs and many outputs, one of which reads back what it wrote.
/// </summary>
public static partial class FifthPeerFns
{
    // a fixed-size record filled through a cursor: k++ as a statement and inside an index
    [Differentiable]
    public static double CursorFill(double a, double b)
    {
        var t = new double[3];
        int k = 0;
        t[k++] = a * a;
        t[k] = b;
        k++;
        t[k++] = a * b;
        return t[0] + 2 * t[1] + 3 * t[2];
    }

    // a counter advanced inside a product on every trip and as a statement on some
    [Differentiable]
    public static double ValueAndStatementCounter(double[] x)
    {
        double s = 0;
        int k = 0;
        for (int j = 0; j < x.Length; j++)
        {
            s += x[j] * x[j] * k++;
            if (x[j] > 0)
            {
                k++;
            }

            s += Math.Sin(x[k % x.Length]) * x[j];
        }

        return s;
    }

    // a projectile with drag sampled into two output arrays: two inputs, many outputs
    [Differentiable]
    public static void Trajectory(double v0, double angle, double[] xs, double[] ys)
    {
        double vx = v0 * Math.Cos(angle), vy = v0 * Math.Sin(angle);
        double x = 0, y = 0;
        const double Dt = 0.1;
        for (int i = 0; i < xs.Length; i++)
        {
            double speed = Math.Sqrt(vx * vx + vy * vy);
            vx -= 0.05 * speed * vx * Dt;
            vy -= (9.81 + 0.05 * speed * vy) * Dt;
            x += vx * Dt;
            y += vy * Dt;
            xs[i] = x;
            ys[i] = y;
        }
    }

    // compound growth written into one output and read back into an in-place update of another
    [Differentiable]
    public static void CompoundGrowth(double rate, double[] balance, double[] blended)
    {
        balance[0] = 1 + rate;
        for (int i = 1; i < balance.Length; i++)
        {
            balance[i] = balance[i - 1] * (1 + rate);
        }

        for (int i = 0; i < blended.Length; i++)
        {
            blended[i] = 0.5 * blended[i] + balance[i % balance.Length] * rate;
        }
    }
}

public sealed partial class PeerSuitesFifth
{
    private static readonly double[] A5 = { 0.7, -1.3, 0.4, 0.9, 1.6 };
    private static readonly double[] B5 = { -0.2, 0.5, 1.1, -0.8, 0.3 };
    private static readonly double[] P5 = { 0.6, 1.3, 0.8, 1.7, 1.1 };
    private static readonly double[] A8 = { 0.7, -1.3, 0.4, 0.9, 1.6, -0.2, 0.5, 1.1 };

    private delegate double GAI(double[] a, int n, double[] dA);

    private delegate double GAII(double[] a, int i, int j, double[] dA);

    private delegate double GXI(double x, int n, ref double dX);

    private delegate double GAIX(double[] a, int n, double x, double[] dA, ref double dX);

    private delegate double GAXI(double[] a, double x, int n, double[] dA, ref double dX);

    private delegate double GABI(double[] a, double[] b, int n, double[] dA, double[] dB);

    private delegate double G3I(double x, double y, double z, int n, ref double dX, ref double dY, ref double dZ);

    private delegate double GVerletEnergy(double[] q0, double[] p0, double k, double[] dQ0, double[] dP0, ref double dK);

    private delegate double GSoftmaxKl(double[] logits, double[] target, double[] dLogits);

    private static void CheckAI(Func<double[], int, double> f, GAI g, double[] a, int n, string what)
    {
        var dA = new double[a.Length];
        double v = g((double[])a.Clone(), n, dA);
        Grad.SameValue(f((double[])a.Clone(), n), v, what);
        Grad.Check(p => f(p, n), (double[])a.Clone(), dA, what);
        TangentCheck.Against(g, new object[] { a, n }, new object[] { dA }, what);
    }

    private static void CheckAII(Func<double[], int, int, double> f, GAII g, double[] a, int i, int j, string what)
    {
        var dA = new double[a.Length];
        double v = g((double[])a.Clone(), i, j, dA);
        Grad.SameValue(f((double[])a.Clone(), i, j), v, what);
        Grad.Check(p => f(p, i, j), (double[])a.Clone(), dA, what);
        TangentCheck.Against(g, new object[] { a, i, j }, new object[] { dA }, what);
    }

    private static void CheckXI(Func<double, int, double> f, GXI g, double x, int n, string what)
    {
        double dX = 0;
        double v = g(x, n, ref dX);
        Grad.SameValue(f(x, n), v, what);
        Grad.Check(p => f(p[0], n), new[] { x }, new[] { dX }, what);
        TangentCheck.Against(g, new object[] { x, n }, new object[] { dX }, what);
    }

    private static void CheckABI(Func<double[], double[], int, double> f, GABI g, double[] a, double[] b, int k, string what)
    {
        int n = a.Length, m = b.Length;
        var dA = new double[n];
        var dB = new double[m];
        double v = g((double[])a.Clone(), (double[])b.Clone(), k, dA, dB);
        Grad.SameValue(f((double[])a.Clone(), (double[])b.Clone(), k), v, what);
        Grad.Check(p => f(Fd.Slice(p, 0, n), Fd.Slice(p, n, m), k), Fd.Pack(a, b), Fd.Pack(dA, dB), what);
        TangentCheck.Against(g, new object[] { a, b, k }, new object[] { dA, dB }, what);
    }

    private static void Near(double expected, double actual, string what)
    {
        Grad.Close(expected, actual, 1e-12, 1e-14, what);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    // ----- series and iterations with tolerance exits -----

    [Theory]
    [InlineData(0.7)]
    [InlineData(2.5)]
    [InlineData(-4.0)]
    [InlineData(0.0)]
    // Enzyme test/Integration/ReverseMode/taylorlog.c, the series of cos with a relative tolerance
    public void Cos_series_tolerance(double x)
    {
        Check1(FifthPeerFns.CosSeriesTolerance, FifthPeerFns.CosSeriesToleranceGradient, x, "cos_series");
        double dX = 0;
        FifthPeerFns.CosSeriesToleranceGradient(x, ref dX);
        Grad.Close(-Math.Sin(x), dX, 1e-9, 1e-12, "cos_series against -sin");
    }

    [Theory]
    [InlineData(1.7)]
    [InlineData(0.4)]
    [InlineData(1.0)]
    public void Log_atanh_series(double x)
    {
        Check1(FifthPeerFns.LogAtanhSeries, FifthPeerFns.LogAtanhSeriesGradient, x, "log_atanh");
        double dX = 0;
        FifthPeerFns.LogAtanhSeriesGradient(x, ref dX);
        Grad.Close(1 / x, dX, 1e-9, 1e-12, "log_atanh against 1/x");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(20.0)]
    // Halley iteration for Lambert W; W'(x) = W / (x (1 + W))
    public void Lambert_w(double x)
    {
        Check1(FifthPeerFns.LambertW, FifthPeerFns.LambertWGradient, x, "lambert_w");
        double dX = 0;
        double w = FifthPeerFns.LambertWGradient(x, ref dX);
        Grad.Close(w / (x * (1 + w)), dX, 1e-8, 1e-12, "lambert_w closed form");
    }

    [Theory]
    [InlineData(1.0, 2.5)]
    [InlineData(0.5, 0.3)]
    public void Secant_cubic_root(double a, double b)
    {
        Check2(FifthPeerFns.SecantCubicRoot, FifthPeerFns.SecantCubicRootGradient, a, b, "secant");
        double dA = 0, dB = 0;
        double x = FifthPeerFns.SecantCubicRootGradient(a, b, ref dA, ref dB);
        // implicit function theorem on x³ + a x − b = 0
        double fx = 3 * x * x + a;
        Grad.Close(-x / fx, dA, 1e-7, 1e-10, "secant dA");
        Grad.Close(1 / fx, dB, 1e-7, 1e-10, "secant dB");
    }

    [Theory]
    [InlineData(0.8, 12)]
    [InlineData(-1.2, 20)]
    [InlineData(0.3, 1)]
    public void Tan_continued_fraction(double x, int depth)
    {
        CheckXI(FifthPeerFns.TanContinuedFraction, FifthPeerFns.TanContinuedFractionGradient, x, depth, "tan_cf");
        if (depth >= 12)
        {
            double dX = 0;
            FifthPeerFns.TanContinuedFractionGradient(x, depth, ref dX);
            Grad.Close(1 + Math.Tan(x) * Math.Tan(x), dX, 1e-9, 1e-12, "tan_cf against sec²");
        }
    }

    // ----- helpers that write output buffers, called in loops -----

    private static double[] NetWeights() => Pts.Vector(new System.Random(11), 36, -0.8, 0.8);

    [Fact]
    public void Three_layer_net_swapped_buffers()
    {
        CheckAB(FifthPeerFns.ThreeLayerNet, FifthPeerFns.ThreeLayerNetGradient, NetWeights(), new[] { 0.4, -0.9, 1.3 }, "three_layer");
    }

    [Fact]
    public void Three_layer_net_recorded_calls()
    {
        CheckAB(FifthPeerFns.ThreeLayerNetCalls, FifthPeerFns.ThreeLayerNetCallsGradient, NetWeights(), new[] { 0.4, -0.9, 1.3 }, "three_layer_calls");
    }

    [Fact]
    public void Dense_tanh_pullback()
    {
        double[] w = NetWeights();
        double[] input = { 0.4, -0.9, 1.3 };
        double[] wo = { 0.3, -1.1, 0.7 };
        var output = new double[3];
        var dW = new double[36];
        var dIn = new double[3];
        double[] dOut = (double[])wo.Clone();
        FifthPeerFns.DenseTanhCallPullback(w, 12, input, output, 3, 3, dW, dIn, dOut);
        var expected = new double[3];
        FifthPeerFns.DenseTanhCall(w, 12, input, expected, 3, 3);
        Grad.SameArray(expected, output, "dense_pullback writes");
        Assert.All(dOut, d => Assert.Equal(0.0, d));
        double Loss(double[] p)
        {
            var o = new double[3];
            FifthPeerFns.DenseTanhCall(Fd.Slice(p, 0, 36), 12, Fd.Slice(p, 36, 3), o, 3, 3);
            return Dot(o, wo);
        }

        Grad.Check(Loss, Fd.Pack(w, input), Fd.Pack(dW, dIn), "dense_pullback");
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(2, 3)]
    public void Segment_rms(int offset, int length) =>
        CheckAII(FifthPeerFns.SegmentRms, FifthPeerFns.SegmentRmsGradient, A8, offset, length, "segment_rms");

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Segmented_rms_product(int seg) =>
        CheckAI(FifthPeerFns.SegmentedRmsProduct, FifthPeerFns.SegmentedRmsProductGradient, A8, seg, "segmented_rms");

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Sliding_window_dev(int window) =>
        CheckAI(FifthPeerFns.SlidingWindowDev, FifthPeerFns.SlidingWindowDevGradient, A8, window, "sliding_dev");

    // ----- sorting on copies -----

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Trimmed_mean_selection_sort(int trim)
    {
        CheckAI(FifthPeerFns.TrimmedMean, FifthPeerFns.TrimmedMeanGradient, A5, trim, "trimmed_mean");
        CheckAI(FifthPeerFns.TrimmedMean, FifthPeerFns.TrimmedMeanGradient, A8, trim, "trimmed_mean8");
    }

    [Fact]
    public void Insertion_median()
    {
        CheckA(FifthPeerFns.InsertionMedian, FifthPeerFns.InsertionMedianGradient, A5, "median5");
        CheckA(FifthPeerFns.InsertionMedian, FifthPeerFns.InsertionMedianGradient, A8, "median8");
        var dA = new double[5];
        FifthPeerFns.InsertionMedianGradient((double[])A5.Clone(), dA);
        Assert.Equal(new[] { 1.0, 0, 0, 0, 0 }, dA);
    }

    // ----- read-write-read -----

    [Theory]
    [InlineData(0.7, -1.2, 0.3, 0.9)]
    [InlineData(-0.4, 0.8, 1.5, -0.2)]
    // Enzyme test/Integration/ReverseMode/rwrmem.c on parameter buffers
    public void Read_write_read_in_place(double x0, double x1, double y0, double y1)
    {
        double[] wx = { 0.4, -0.8 };
        double[] wy = { 1.1, 0.6 };
        double[] x = { x0, x1 };
        double[] y = { y0, y1 };
        double[] dX = (double[])wx.Clone();
        double[] dY = (double[])wy.Clone();
        FifthPeerFns.ReadWriteReadInPlacePullback(x, y, dX, dY);
        double[] xe = { x0, x1 };
        double[] ye = { y0, y1 };
        FifthPeerFns.ReadWriteReadInPlace(xe, ye);
        Grad.SameArray(xe, x, "rwrmem x");
        Grad.SameArray(ye, y, "rwrmem y");
        double Loss(double[] p)
        {
            double[] xs = { p[0], p[1] };
            double[] ys = { p[2], p[3] };
            FifthPeerFns.ReadWriteReadInPlace(xs, ys);
            return Dot(wx, xs) + Dot(wy, ys);
        }

        Grad.Check(Loss, new[] { x0, x1, y0, y1 }, Fd.Pack(dX, dY), "rwrmem");
    }

    [Fact]
    public void Product_except_self_pullback()
    {
        double[] a = { 0.7, -1.3, 0.4, 0.9, 1.6 };
        double[] wr = { 0.5, -0.2, 1.0, 0.3, -0.7 };
        var result = new double[5];
        var dA = new double[5];
        double[] dR = (double[])wr.Clone();
        FifthPeerFns.ProductExceptSelfPullback((double[])a.Clone(), result, dA, dR);
        var expected = new double[5];
        FifthPeerFns.ProductExceptSelf(a, expected);
        Grad.SameArray(expected, result, "except_self writes");
        Assert.All(dR, d => Assert.Equal(0.0, d));
        double Loss(double[] p)
        {
            var r = new double[5];
            FifthPeerFns.ProductExceptSelf(p, r);
            return Dot(r, wr);
        }

        Grad.Check(Loss, a, dA, "except_self");
    }

    [Fact]
    public void Cum_prod_suffix_sum()
    {
        CheckA(FifthPeerFns.CumProdSuffixSum, FifthPeerFns.CumProdSuffixSumGradient, A5, "cumprod_suffix");
        CheckA(FifthPeerFns.CumProdSuffixSum, FifthPeerFns.CumProdSuffixSumGradient, P5, "cumprod_suffix_p");
    }

    // ----- in-place transforms indexed by shifts -----

    [Fact]
    public void Haar_weighted_energy()
    {
        CheckA(FifthPeerFns.HaarWeightedEnergy, FifthPeerFns.HaarWeightedEnergyGradient, A8, "haar8");
        CheckA(FifthPeerFns.HaarWeightedEnergy, FifthPeerFns.HaarWeightedEnergyGradient, new[] { 0.3, -0.6, 1.2, 0.25 }, "haar4");
    }

    [Fact]
    public void Walsh_hadamard_cubes()
    {
        CheckA(FifthPeerFns.WalshHadamardCubes, FifthPeerFns.WalshHadamardCubesGradient, A8, "wht8");
        CheckA(FifthPeerFns.WalshHadamardCubes, FifthPeerFns.WalshHadamardCubesGradient, new[] { 0.3, -0.6 }, "wht2");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Bit_reversed_dot(int bits)
    {
        int n = 1 << bits;
        CheckABI(FifthPeerFns.BitReversedDot, FifthPeerFns.BitReversedDotGradient, A8[..n], B5.Concat(P5).ToArray()[..n], bits, "bitrev");
    }

    // ----- ODE integrators -----

    [Fact]
    public void Verlet_in_place_pullback()
    {
        double[] q0 = { 0.3, -0.2, 0.5 };
        double[] p0 = { 0.1, 0.4, -0.3 };
        double k = 1.7, dt = 0.08;
        double[] wq = { 0.9, -0.4, 0.6 };
        double[] wp = { -0.3, 0.8, 0.2 };
        double[] q = (double[])q0.Clone();
        double[] p = (double[])p0.Clone();
        double[] dQ = (double[])wq.Clone();
        double[] dP = (double[])wp.Clone();
        double dK = 0, dDt = 0;
        FifthPeerFns.VerletInPlacePullback(q, p, k, dt, 6, dQ, dP, ref dK, ref dDt);
        double[] qe = (double[])q0.Clone();
        double[] pe = (double[])p0.Clone();
        FifthPeerFns.VerletInPlace(qe, pe, k, dt, 6);
        Grad.SameArray(qe, q, "verlet q");
        Grad.SameArray(pe, p, "verlet p");
        double Loss(double[] x)
        {
            double[] qs = Fd.Slice(x, 0, 3);
            double[] ps = Fd.Slice(x, 3, 3);
            FifthPeerFns.VerletInPlace(qs, ps, x[6], x[7], 6);
            return Dot(wq, qs) + Dot(wp, ps);
        }

        Grad.Check(Loss, Fd.Pack(q0, p0, k, dt), Fd.Pack(dQ, dP, dK, dDt), "verlet");
    }

    [Theory]
    [InlineData(1.7)]
    [InlineData(0.6)]
    public void Verlet_energy(double k)
    {
        double[] q0 = { 0.3, -0.2, 0.5 };
        double[] p0 = { 0.1, 0.4, -0.3 };
        var dQ = new double[3];
        var dP = new double[3];
        double dK = 0;
        double v = FifthPeerFns.VerletEnergyGradient((double[])q0.Clone(), (double[])p0.Clone(), k, dQ, dP, ref dK);
        Grad.SameValue(FifthPeerFns.VerletEnergy(q0, p0, k), v, "verlet_energy");
        Grad.Check(x => FifthPeerFns.VerletEnergy(Fd.Slice(x, 0, 3), Fd.Slice(x, 3, 3), x[6]), Fd.Pack(q0, p0, k), Fd.Pack(dQ, dP, dK), "verlet_energy");
        TangentCheck.Against((GVerletEnergy)FifthPeerFns.VerletEnergyGradient, new object[] { q0, p0, k }, new object[] { dQ, dP, dK }, "verlet_energy");
    }

    [Theory]
    [InlineData(0.8, -0.3, 0.2, 15)]
    [InlineData(2.0, 0.5, 0.05, 30)]
    public void Heun_pendulum(double theta0, double omega0, double damping, int steps)
    {
        double dT = 0, dO = 0, dD = 0;
        double v = FifthPeerFns.HeunPendulumGradient(theta0, omega0, damping, steps, ref dT, ref dO, ref dD);
        Grad.SameValue(FifthPeerFns.HeunPendulum(theta0, omega0, damping, steps), v, "heun");
        Grad.Check(p => FifthPeerFns.HeunPendulum(p[0], p[1], p[2], steps), new[] { theta0, omega0, damping }, new[] { dT, dO, dD }, "heun");
        TangentCheck.Against((G3I)FifthPeerFns.HeunPendulumGradient, new object[] { theta0, omega0, damping, steps }, new object[] { dT, dO, dD }, "heun");
    }

    [Theory]
    [InlineData(1.0, 0.0, 0.5)]
    [InlineData(-0.5, 1.2, 2.0)]
    public void Van_der_pol_euler(double x0, double v0, double mu) =>
        Check3(FifthPeerFns.VanDerPolEuler, FifthPeerFns.VanDerPolEulerGradient, x0, v0, mu, "vdp");

    [Fact]
    public void Van_der_pol_step_pullback()
    {
        double[] y0 = { 0.7, -0.4 };
        double[] wy = { 1.3, -0.6 };
        double[] y = (double[])y0.Clone();
        double[] dY = (double[])wy.Clone();
        double dH = 0, dMu = 0;
        FifthPeerFns.VanDerPolStepPullback(y, 0.1, 1.5, dY, ref dH, ref dMu);
        double Loss(double[] p)
        {
            double[] s = { p[0], p[1] };
            FifthPeerFns.VanDerPolStep(s, p[2], p[3]);
            return Dot(s, wy);
        }

        Grad.Check(Loss, new[] { 0.7, -0.4, 0.1, 1.5 }, new[] { dY[0], dY[1], dH, dMu }, "vdp_step");
    }

    // ----- strided kernels and solves -----

    [Theory]
    [InlineData(3, 2, 4, 1)]
    [InlineData(2, 3, 3, 2)]
    // BLAS dgemv with lda > n and incx > 1, y updated in place (β ≠ 0)
    public void Gemv_strided_pullback(int m, int n, int lda, int incx)
    {
        double[] a = Pts.Vector(new System.Random(5), m * lda, -1, 1);
        double[] x = Pts.Vector(new System.Random(6), (n - 1) * incx + 1, -1, 1);
        double[] y0 = Pts.Vector(new System.Random(7), m, -1, 1);
        double[] wy = Pts.Vector(new System.Random(8), m, -1, 1);
        double alpha = 0.7, beta = -1.3;
        var dA = new double[a.Length];
        var dX = new double[x.Length];
        double[] y = (double[])y0.Clone();
        double[] dY = (double[])wy.Clone();
        double dAlpha = 0, dBeta = 0;
        FifthPeerFns.GemvPullback(a, lda, x, incx, y, m, n, alpha, beta, dA, dX, dY, ref dAlpha, ref dBeta);
        double[] ye = (double[])y0.Clone();
        FifthPeerFns.Gemv(a, lda, x, incx, ye, m, n, alpha, beta);
        Grad.SameArray(ye, y, "gemv writes");
        int na = a.Length, nx = x.Length;
        double Loss(double[] p)
        {
            double[] ys = Fd.Slice(p, na + nx, m);
            FifthPeerFns.Gemv(Fd.Slice(p, 0, na), lda, Fd.Slice(p, na, nx), incx, ys, m, n, p[na + nx + m], p[na + nx + m + 1]);
            return Dot(ys, wy);
        }

        Grad.Check(Loss, Fd.Pack(a, x, y0, alpha, beta), Fd.Pack(dA, dX, dY, dAlpha, dBeta), "gemv");
    }

    [Fact]
    public void Pivoted_solve()
    {
        // the first column's largest entry is in the last row, so the pivot search swaps rows
        double[] a = { 0.5, 2.0, -1.0, 1.5, -0.3, 0.8, 3.0, 0.4, 1.2 };
        CheckAB(FifthPeerFns.PivotedSolveWeighted, FifthPeerFns.PivotedSolveWeightedGradient, a, new[] { 1.0, -0.5, 2.0 }, "pivoted");
        double[] b4 = { 4.0, 0.5, -1.0, 0.2, 1.0, 3.5, 0.3, -0.7, 0.2, -0.4, 5.0, 1.1, -0.6, 0.9, 0.1, 2.5 };
        CheckAB(FifthPeerFns.PivotedSolveWeighted, FifthPeerFns.PivotedSolveWeightedGradient, b4, new[] { 1.0, -0.5, 2.0, 0.3 }, "pivoted4");
    }

    [Fact]
    public void Normalize_in_place_gradient_and_pullback()
    {
        double[] v0 = { 0.6, -0.8, 1.5 };
        // the gradient of the returned norm, added into an adjoint that already holds values
        double[] v = (double[])v0.Clone();
        double[] dV = { 1.0, 2.0, 3.0 };
        double norm = FifthPeerFns.NormalizeInPlaceGradient(v, dV);
        double n0 = Math.Sqrt(Dot(v0, v0));
        Grad.SameValue(FifthPeerFns.NormalizeInPlace((double[])v0.Clone()), norm, "normalize value");
        for (int i = 0; i < 3; i++)
        {
            Near(i + 1.0 + v0[i] / n0, dV[i], "normalize gradient " + i);
        }

        CheckA(FifthPeerFns.NormalizeTwiceUse, FifthPeerFns.NormalizeTwiceUseGradient, v0, "normalize_twice");
        CheckA(FifthPeerFns.NormalizeTwiceUse, FifthPeerFns.NormalizeTwiceUseGradient, A5, "normalize_twice5");
    }

    [Fact]
    public void Thomas_solve()
    {
        double[] lower = { 0.0, -1.0, 0.5, -0.7, 0.3 };
        double[] diag = { 4.0, 3.5, 5.0, 4.2, 3.8 };
        double[] upper = { 1.2, -0.4, 0.9, 0.6, 0.0 };
        double[] rhs = { 1.0, -2.0, 0.5, 3.0, -1.0 };
        var dL = new double[5];
        var dD = new double[5];
        var dU = new double[5];
        var dR = new double[5];
        double v = FifthPeerFns.ThomasSolveWeightedGradient(lower, diag, upper, rhs, dL, dD, dU, dR);
        Grad.SameValue(FifthPeerFns.ThomasSolveWeighted(lower, diag, upper, rhs), v, "thomas");
        Grad.Check(p => FifthPeerFns.ThomasSolveWeighted(Fd.Slice(p, 0, 5), Fd.Slice(p, 5, 5), Fd.Slice(p, 10, 5), Fd.Slice(p, 15, 5)),
            Fd.Pack(lower, diag, upper, rhs), Fd.Pack(dL, dD, dU, dR), "thomas");
        Assert.Equal(0.0, dL[0]);
        Assert.Equal(0.0, dU[4]);
    }

    [Fact]
    // Stan math's multi_normal_cholesky: the log-determinant and the quadratic form through a Cholesky factor
    public void Cholesky_gaussian_nll()
    {
        double[] a = { 4.0, 1.2, -0.6, 1.2, 3.0, 0.5, -0.6, 0.5, 2.5 };
        CheckAB(FifthPeerFns.CholeskyGaussianNll, FifthPeerFns.CholeskyGaussianNllGradient, a, new[] { 0.7, -1.1, 0.4 }, "cholesky");
    }

    [Fact]
    public void Gauss_seidel_residual()
    {
        double[] a = { 5.0, 1.0, -1.5, 0.5, 4.0, 1.0, -1.0, 0.8, 6.0 };
        double[] rhs = { 1.0, -0.5, 2.0 };
        double[] start = { 0.1, 0.2, -0.3 };
        var dA = new double[9];
        var dR = new double[3];
        var dS = new double[3];
        double v = FifthPeerFns.GaussSeidelResidualGradient(a, rhs, start, dA, dR, dS);
        Grad.SameValue(FifthPeerFns.GaussSeidelResidual(a, rhs, start), v, "gauss_seidel");
        Grad.Check(p => FifthPeerFns.GaussSeidelResidual(Fd.Slice(p, 0, 9), Fd.Slice(p, 9, 3), Fd.Slice(p, 12, 3)), Fd.Pack(a, rhs, start), Fd.Pack(dA, dR, dS), "gauss_seidel");
    }

    [Fact]
    public void Gram_schmidt_columns()
    {
        double[] a = { 1.0, 0.4, -0.3, 0.2, 1.5, 0.6, -0.5, 0.3, 1.1 };
        CheckA(FifthPeerFns.GramSchmidtColumns, FifthPeerFns.GramSchmidtColumnsGradient, a, "gram_schmidt_cols");
    }

    // ----- softmax-family losses -----

    [Fact]
    public void Softmax_kl()
    {
        double[] target = { 0.1, 0.0, 0.6, 0.3, 0.0 };
        var dL = new double[5];
        double v = FifthPeerFns.SoftmaxKlGradient((double[])A5.Clone(), target, dL);
        Grad.SameValue(FifthPeerFns.SoftmaxKl(A5, target), v, "kl");
        Grad.Check(p => FifthPeerFns.SoftmaxKl(p, target), A5, dL, "kl");
        TangentCheck.Against((GSoftmaxKl)FifthPeerFns.SoftmaxKlGradient, new object[] { A5, target }, new object[] { dL }, "kl");
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(3, 0.0)]
    [InlineData(4, 0.25)]
    public void Label_smoothed_ce(int label, double smoothing)
    {
        var dL = new double[5];
        double dS = 0;
        double v = FifthPeerFns.LabelSmoothedCeGradient((double[])B5.Clone(), label, smoothing, dL, ref dS);
        Grad.SameValue(FifthPeerFns.LabelSmoothedCe(B5, label, smoothing), v, "label_smooth");
        Grad.Check(p => FifthPeerFns.LabelSmoothedCe(Fd.Slice(p, 0, 5), label, p[5]), Fd.Pack(B5, smoothing), Fd.Pack(dL, dS), "label_smooth");
        TangentCheck.Against((GAIX)FifthPeerFns.LabelSmoothedCeGradient, new object[] { B5, label, smoothing }, new object[] { dL, dS }, "label_smooth");
    }

    [Fact]
    public void Attention_pullback()
    {
        double[] q = { 0.3, -0.7, 0.5 };
        double[] k = Pts.Vector(new System.Random(21), 12, -1, 1);
        double[] vals = Pts.Vector(new System.Random(22), 12, -1, 1);
        double[] wo = { 0.8, -0.5, 1.2 };
        var output = new double[3];
        var dQ = new double[3];
        var dK = new double[12];
        var dV = new double[12];
        double[] dO = (double[])wo.Clone();
        FifthPeerFns.AttentionIntoPullback(q, k, vals, output, dQ, dK, dV, dO);
        var expected = new double[3];
        FifthPeerFns.AttentionInto(q, k, vals, expected);
        Grad.SameArray(expected, output, "attention writes");
        double Loss(double[] p)
        {
            var o = new double[3];
            FifthPeerFns.AttentionInto(Fd.Slice(p, 0, 3), Fd.Slice(p, 3, 12), Fd.Slice(p, 15, 12), o);
            return Dot(o, wo);
        }

        Grad.Check(Loss, Fd.Pack(q, k, vals), Fd.Pack(dQ, dK, dV), "attention");
    }

    [Theory]
    [InlineData(1.3, 0.2)]
    [InlineData(0.7, -0.5)]
    public void Layer_norm_in_place_pullback(double gain, double bias)
    {
        double[] x0 = { 0.7, -1.3, 0.4, 0.9, 1.6 };
        double[] wx = { 0.5, -0.2, 1.0, 0.3, -0.7 };
        double[] x = (double[])x0.Clone();
        double[] dX = (double[])wx.Clone();
        double dG = 0, dB = 0;
        FifthPeerFns.LayerNormInPlacePullback(x, gain, bias, dX, ref dG, ref dB);
        double[] xe = (double[])x0.Clone();
        FifthPeerFns.LayerNormInPlace(xe, gain, bias);
        Grad.SameArray(xe, x, "layernorm writes");
        double Loss(double[] p)
        {
            double[] s = Fd.Slice(p, 0, 5);
            FifthPeerFns.LayerNormInPlace(s, p[5], p[6]);
            return Dot(s, wx);
        }

        Grad.Check(Loss, Fd.Pack(x0, gain, bias), Fd.Pack(dX, dG, dB), "layernorm");
    }

    // ----- piecewise functions at and away from their kinks -----

    [Theory]
    [InlineData(0.4, 1.0)]
    [InlineData(-2.3, 1.0)]
    [InlineData(1.7, 0.5)]
    public void Smooth_l1(double x, double beta) =>
        Check2(FifthPeerFns.SmoothL1, FifthPeerFns.SmoothL1Gradient, x, beta, "smooth_l1");

    [Fact]
    // at |x| == beta the strict comparison takes the linear branch; at 0 the quadratic one
    public void Smooth_l1_kinks()
    {
        AtPoint(FifthPeerFns.SmoothL1Gradient, FifthPeerFns.SmoothL1, 1.0, 1.0, 1.0, -0.5, "smooth_l1 at beta");
        AtPoint(FifthPeerFns.SmoothL1Gradient, FifthPeerFns.SmoothL1, -0.5, 0.5, -1.0, -0.5, "smooth_l1 at -beta");
        AtPoint(FifthPeerFns.SmoothL1Gradient, FifthPeerFns.SmoothL1, 0.0, 1.0, 0.0, 0.0, "smooth_l1 at 0");
    }

    [Theory]
    [InlineData(0.7, 0.4)]
    [InlineData(-1.5, -0.8)]
    public void Stable_softplus(double x, double y) =>
        Check2(FifthPeerFns.StableSoftplus, FifthPeerFns.StableSoftplusGradient, x, y, "softplus");

    [Fact]
    // Max(0, 0) splits: 1/2; Abs'(0) = 0; so the derivative at 0 is σ(0) = 1/2, plus y/2 from ExpM1
    public void Stable_softplus_at_zero()
    {
        double dX = 0, dY = 0;
        double v = FifthPeerFns.StableSoftplusGradient(0.0, 0.6, ref dX, ref dY);
        Grad.SameValue(FifthPeerFns.StableSoftplus(0.0, 0.6), v, "softplus at 0");
        Assert.Equal(0.5 + 0.6 * 0.5, dX);
        Assert.Equal(0.0, dY);
        double tR = 0;
        FifthPeerFns.StableSoftplusTangent(0.0, 0.6, 1.0, 0.0, out tR);
        Assert.Equal(dX, tR);
    }

    [Theory]
    [InlineData(0.9, 0.5)]
    [InlineData(2.0, 0.5)]
    [InlineData(-1.0, 0.5)]
    public void Clamp_band(double x, double lo) =>
        Check2(FifthPeerFns.ClampBand, FifthPeerFns.ClampBandGradient, x, lo, "clamp_band");

    [Fact]
    // Clamp on a bound goes to x; Max and Min at their ties split in half
    public void Clamp_band_on_bounds()
    {
        AtPoint(FifthPeerFns.ClampBandGradient, FifthPeerFns.ClampBand, 0.5, 0.5, 2.5, 0.5, "clamp_band at lo");
        AtPoint(FifthPeerFns.ClampBandGradient, FifthPeerFns.ClampBand, 1.5, 0.5, 2.5, 0.5, "clamp_band at hi");
    }

    [Theory]
    [InlineData(0.7, 0.4)]
    [InlineData(-1.5, -0.8)]
    public void Relu_variants(double x, double y) =>
        Check2(FifthPeerFns.ReluVariants, FifthPeerFns.ReluVariantsGradient, x, y, "relu_variants");

    [Fact]
    public void Relu_variants_at_zero()
    {
        double dX = 0, dY = 0;
        double v = FifthPeerFns.ReluVariantsGradient(0.0, 0.0, ref dX, ref dY);
        Grad.SameValue(FifthPeerFns.ReluVariants(0.0, 0.0), v, "relu at 0");
        // Max(0, x)² has 2·0·½ = 0; the leaky ternary takes 0.01; ELU with y >= 0 takes 1
        Near(3 * 0.01, dX, "relu dX");
        Near(2.0, dY, "relu dY");
    }

    [Fact]
    public void Max_square_ties()
    {
        // x² == y, Min(x, y/2) not tied: Max splits
        AtPoint(FifthPeerFns.MaxSquareTieGradient, FifthPeerFns.MaxSquareTie, 1.5, 2.25, 1.5, 1.0, "max_sq tie");
        // x² == y and x == y/2: both split
        AtPoint(FifthPeerFns.MaxSquareTieGradient, FifthPeerFns.MaxSquareTie, 2.0, 4.0, 2.5, 0.75, "max_sq double tie");
        Check2(FifthPeerFns.MaxSquareTie, FifthPeerFns.MaxSquareTieGradient, 1.2, 0.7, "max_sq");
    }

    [Theory]
    [InlineData(2.3, 0.7)]
    [InlineData(-0.4, 1.3)]
    public void Frac_and_quantize(double x, double y) =>
        Check2(FifthPeerFns.FracAndQuantize, FifthPeerFns.FracAndQuantizeGradient, x, y, "frac");

    [Fact]
    // at an integer x and a rounding midpoint of 8y the jumps carry nothing: dX = 2·frac + t, dY = q
    public void Frac_and_quantize_on_jumps() =>
        AtPoint(FifthPeerFns.FracAndQuantizeGradient, FifthPeerFns.FracAndQuantize, 2.0, 0.8125, 2.0, 0.75, "frac on jumps");

    private static readonly double[] Table = { 1.0, 1.5, 0.5, 2.5, 2.0, 3.0 };

    [Theory]
    [InlineData(0.9)]
    [InlineData(1.37)]
    [InlineData(3.0)]
    [InlineData(-0.2)]
    public void Table_lerp(double t)
    {
        var dTable = new double[6];
        double dT = 0, dT0 = 0;
        double v = FifthPeerFns.TableLerpGradient(t, (double[])Table.Clone(), 0.5, 0.25, ref dT, dTable, ref dT0);
        Grad.SameValue(FifthPeerFns.TableLerp(t, Table, 0.5, 0.25), v, "table_lerp");
        Grad.Check(p => FifthPeerFns.TableLerp(p[0], Fd.Slice(p, 1, 6), p[7], 0.25), Fd.Pack(t, Table, 0.5), Fd.Pack(dT, dTable, dT0), "table_lerp");
    }

    [Fact]
    // exactly on a knot (u = 2): Floor picks the right-hand interval, its slope
    public void Table_lerp_on_knot()
    {
        var dTable = new double[6];
        double dT = 0, dT0 = 0;
        double v = FifthPeerFns.TableLerpGradient(1.0, (double[])Table.Clone(), 0.5, 0.25, ref dT, dTable, ref dT0);
        Assert.Equal(0.5, v);
        Near((2.5 - 0.5) / 0.25, dT, "knot dT");
        Near(-(2.5 - 0.5) / 0.25, dT0, "knot dT0");
        Assert.Equal(new[] { 0.0, 0, 1, 0, 0, 0 }, dTable);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.5)]
    public void Total_variation(double lambda)
    {
        CheckAX(FifthPeerFns.TotalVariation, FifthPeerFns.TotalVariationGradient, A5, lambda, "tv");
        double[] x = { 0.3, 0.3, 0.8, 0.8, 0.1 };
        var dX = new double[5];
        double dL = 0;
        FifthPeerFns.TotalVariationGradient(x, lambda, dX, ref dL);
        double[] sign = { 0, -1, 1, 1, -1 };
        for (int i = 0; i < 5; i++)
        {
            Near(2 * (x[i] - 0.5) + lambda * sign[i], dX[i], "tv ties " + i);
        }

        Near(0.5 + 0.7, dL, "tv dLambda");
    }

    [Theory]
    [InlineData(3.0, 4.0)]
    [InlineData(-1e-3, 2e-3)]
    [InlineData(1e200, -3e199)]
    public void Scaled_hypot(double x, double y)
    {
        double dX = 0, dY = 0;
        double v = FifthPeerFns.ScaledHypotGradient(x, y, ref dX, ref dY);
        Grad.SameValue(FifthPeerFns.ScaledHypot(x, y), v, "hypot");
        double r = double.Hypot(x, y);
        Near(x / r, dX, "hypot dX");
        Near(y / r, dY, "hypot dY");
        if (Math.Abs(x) < 1e10)
        {
            Check2(FifthPeerFns.ScaledHypot, FifthPeerFns.ScaledHypotGradient, x, y, "hypot");
        }
    }

    [Fact]
    // |x| == |y|: the Max tie splits, and the scale cancels; at the origin the early return gives 0
    public void Scaled_hypot_ties()
    {
        double dX = 0, dY = 0;
        FifthPeerFns.ScaledHypotGradient(1.0, -1.0, ref dX, ref dY);
        Near(Math.Sqrt(0.5), dX, "hypot tie dX");
        Near(-Math.Sqrt(0.5), dY, "hypot tie dY");
        AtPoint(FifthPeerFns.ScaledHypotGradient, FifthPeerFns.ScaledHypot, 0.0, 0.0, 0.0, 0.0, "hypot origin");
    }

    [Theory]
    [InlineData(-2.0, 0.7)]
    [InlineData(-1.3, 0.7)]
    [InlineData(-0.8, 0.7)]
    [InlineData(-0.3, 0.7)]
    [InlineData(0.2, 0.7)]
    [InlineData(0.7, 0.7)]
    [InlineData(1.2, 0.7)]
    public void Bucket_switch(double x, double y) =>
        Check2(FifthPeerFns.BucketSwitch, FifthPeerFns.BucketSwitchGradient, x, y, "bucket");

    [Theory]
    [InlineData(0.1, -0.05)]
    [InlineData(2.5, 0.3)]
    public void Winding_angle(double cx, double cy)
    {
        double[] xs = { 1.0, 0.2, -0.9, -1.1, 0.1, 0.9 };
        double[] ys = { 0.1, 1.0, 0.8, -0.6, -1.2, -0.7 };
        var dXs = new double[6];
        var dYs = new double[6];
        double dCx = 0, dCy = 0;
        double v = FifthPeerFns.WindingAngleGradient(xs, ys, cx, cy, dXs, dYs, ref dCx, ref dCy);
        Grad.SameValue(FifthPeerFns.WindingAngle(xs, ys, cx, cy), v, "winding");
        Grad.Check(p => FifthPeerFns.WindingAngle(Fd.Slice(p, 0, 6), Fd.Slice(p, 6, 6), p[12], p[13]), Fd.Pack(xs, ys, cx, cy), Fd.Pack(dXs, dYs, dCx, dCy), "winding");
    }

    // ----- math functions -----

    [Theory]
    [InlineData(1.3, -0.7)]
    [InlineData(0.6, 2.2)]
    public void Pow_mix(double x, double y) =>
        Check2(FifthPeerFns.PowMix, FifthPeerFns.PowMixGradient, x, y, "pow_mix");

    [Theory]
    [InlineData(1.7)]
    [InlineData(-0.6)]
    public void Horner_newton_step(double x) =>
        CheckAX(FifthPeerFns.HornerNewtonStep, FifthPeerFns.HornerNewtonStepGradient, new[] { 1.0, -2.0, 0.5, 0.3, 0.2 }, x, "horner_newton");

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.7)]
    [InlineData(4.0)]
    // Kahan's log1p
    public void Log1p_kahan(double x)
    {
        Check1(FifthPeerFns.Log1pKahan, FifthPeerFns.Log1pKahanGradient, x, "log1p");
        double dX = 0;
        FifthPeerFns.Log1pKahanGradient(x, ref dX);
        Grad.Close(1 / (1 + x), dX, 1e-9, 1e-12, "log1p closed form");
    }

    [Theory]
    [InlineData(1e-17)]
    [InlineData(1e-9)]
    // where 1 + x rounds to 1 the helper returns x (derivative 1); just above, the ratio form's derivative is 1/(1 + x)
    public void Log1p_kahan_tiny(double x)
    {
        double dX = 0;
        double v = FifthPeerFns.Log1pKahanGradient(x, ref dX);
        Grad.SameValue(FifthPeerFns.Log1pKahan(x), v, "log1p tiny");
        Grad.Close(1 / (1 + x), dX, 1e-6, 1e-12, "log1p tiny derivative");
    }

    [Fact]
    public void Log_likelihood_log1p()
    {
        CheckA(FifthPeerFns.LogLikelihoodLog1p, FifthPeerFns.LogLikelihoodLog1pGradient, A5, "ll_log1p");
        CheckA(FifthPeerFns.LogLikelihoodLog1p, FifthPeerFns.LogLikelihoodLog1pGradient, new[] { 1e-9, 0.5, -2.0 }, "ll_log1p_small");
    }

    [Theory]
    [InlineData(0.7, 0.4)]
    [InlineData(-1.5, -0.8)]
    public void Mish_gated(double x, double g) =>
        Check2(FifthPeerFns.MishGated, FifthPeerFns.MishGatedGradient, x, g, "mish");

    // ----- integer arithmetic -----

    [Fact]
    public void Integer_mix()
    {
        CheckA(FifthPeerFns.IntegerMix, FifthPeerFns.IntegerMixGradient, A5, "int_mix5");
        CheckA(FifthPeerFns.IntegerMix, FifthPeerFns.IntegerMixGradient, A8, "int_mix8");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.1)]
    public void Counter_switch_ops(double a) =>
        CheckAX(FifthPeerFns.CounterSwitchOps, FifthPeerFns.CounterSwitchOpsGradient, A8, a, "counter_switch");

    [Fact]
    public void Stride_permuted()
    {
        double[] x = { 0.7, -1.3, 0.4, 0.9, 1.6, -0.2 };
        double[] w = { 0.5, 1.1, -0.8, 0.3, 0.2, -0.6 };
        CheckAB(FifthPeerFns.StridePermuted, FifthPeerFns.StridePermutedGradient, x, w, "stride_perm");
        CheckAB(FifthPeerFns.StridePermuted, FifthPeerFns.StridePermutedGradient, new[] { 0.7, -1.3, 0.4, 0.9, 1.6, -0.2, 0.3 }, new[] { 0.5, 1.1, -0.8, 0.3, 0.2, -0.6, 0.9 }, "stride_perm7");
    }

    [Theory]
    [InlineData(1.3)]
    [InlineData(-1.7)]
    public void Checked_index(double t) =>
        CheckAX(FifthPeerFns.CheckedIndex, FifthPeerFns.CheckedIndexGradient, A5, t, "checked_index");

    // ----- tables -----

    [Theory]
    [InlineData(0.8, 1.5, 2.0)]
    [InlineData(0.2, 0.3, 1.0)]
    public void Gauss_legendre(double a, double b, double len) =>
        Check3(FifthPeerFns.GaussLegendreIntegral, FifthPeerFns.GaussLegendreIntegralGradient, a, b, len, "gauss_legendre");

    // ----- recursion -----

    [Theory]
    [InlineData(0, 8)]
    [InlineData(1, 6)]
    [InlineData(3, 4)]
    public void Pairwise_sum_squares(int lo, int hi) =>
        CheckAII(FifthPeerFns.PairwiseSumSquares, FifthPeerFns.PairwiseSumSquaresGradient, A8, lo, hi, "pairwise");

    [Theory]
    [InlineData(0.7, 0)]
    [InlineData(-1.2, 2)]
    public void Horner_recursive(double x, int start)
    {
        double[] c = { 1.0, -2.0, 0.5, 0.3, 0.2 };
        var dC = new double[5];
        double dX = 0;
        double v = FifthPeerFns.HornerRecursiveGradient((double[])c.Clone(), x, start, dC, ref dX);
        Grad.SameValue(FifthPeerFns.HornerRecursive(c, x, start), v, "horner_rec");
        Grad.Check(p => FifthPeerFns.HornerRecursive(Fd.Slice(p, 0, 5), p[5], start), Fd.Pack(c, x), Fd.Pack(dC, dX), "horner_rec");
        TangentCheck.Against((GAXI)FifthPeerFns.HornerRecursiveGradient, new object[] { c, x, start }, new object[] { dC, dX }, "horner_rec");
    }

    [Theory]
    [InlineData(1.1, 5)]
    [InlineData(-0.9, 10)]
    [InlineData(0.7, 0)]
    [InlineData(1.3, 1)]
    public void Pow_by_squaring(double x, int n)
    {
        CheckXI(FifthPeerFns.PowBySquaring, FifthPeerFns.PowBySquaringGradient, x, n, "pow_sq");
        double dX = 0;
        FifthPeerFns.PowBySquaringGradient(x, n, ref dX);
        Near(n == 0 ? 0 : n * Math.Pow(x, n - 1), dX, "pow_sq closed form");
    }

    [Theory]
    [InlineData(0.7, 0)]
    [InlineData(0.7, 5)]
    [InlineData(-1.2, 6)]
    public void Mutual_recursion(double x, int n) =>
        CheckXI(FifthPeerFns.MutualA, FifthPeerFns.MutualAGradient, x, n, "mutual");

    // ----- local functions -----

    [Fact]
    public void Local_function_logistic()
    {
        double[] xs = { 0.5, -1.0, 1.2, 0.3, -0.4, 2.0, -1.5, 0.2, 0.9 };
        double[] ys = { 1.0, 0.0, 1.0 };
        foreach (double[] w in new[] { new[] { 0.3, -0.7, 0.2 }, new[] { -2.0, 1.5, 3.0 } })
        {
            var dW = new double[3];
            double v = FifthPeerFns.LocalFunctionLogisticGradient((double[])w.Clone(), xs, ys, dW);
            Grad.SameValue(FifthPeerFns.LocalFunctionLogistic(w, xs, ys), v, "local_logistic");
            Grad.Check(p => FifthPeerFns.LocalFunctionLogistic(p, xs, ys), w, dW, "local_logistic");
        }
    }

    [Fact]
    public void Circular_convolution()
    {
        CheckAB(FifthPeerFns.CircularConvolution, FifthPeerFns.CircularConvolutionGradient, A5, new[] { 0.25, 0.5, -0.3 }, "circ_conv");
        CheckAB(FifthPeerFns.CircularConvolution, FifthPeerFns.CircularConvolutionGradient, A8, new[] { 0.25, 0.5, -0.3, 0.1 }, "circ_conv8");
    }

    // ----- do/while with early exits -----

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.1)]
    public void Do_while_until_negative(double a)
    {
        CheckAX(FifthPeerFns.DoWhileUntilNegative, FifthPeerFns.DoWhileUntilNegativeGradient, new[] { 0.5, 1.2, 0.3, -0.4, 2.0 }, a, "until_negative");
        CheckAX(FifthPeerFns.DoWhileUntilNegative, FifthPeerFns.DoWhileUntilNegativeGradient, P5, a, "until_negative_none");
        CheckAX(FifthPeerFns.DoWhileUntilNegative, FifthPeerFns.DoWhileUntilNegativeGradient, new[] { -0.5, 1.2 }, a, "until_negative_first");
    }

    [Theory]
    [InlineData(1.7)]
    [InlineData(0.2)]
    [InlineData(9.0)]
    public void Quantile_by_cumsum(double threshold) =>
        CheckAX(FifthPeerFns.QuantileByCumsum, FifthPeerFns.QuantileByCumsumGradient, new[] { 0.5, 0.4, 0.9, 0.6 }, threshold, "quantile");

    // ----- float twins -----

    [Theory]
    [InlineData(0.7f)]
    [InlineData(-1.3f)]
    public void Float_horner_fma(float x)
    {
        float dX = 0;
        float v = FifthPeerFns.FloatHornerFmaGradient(x, ref dX);
        Grad.SameValue(FifthPeerFns.FloatHornerFma(x), v, "float_horner");
        double[] c = { 1.0, -0.5, 0.25, 0.125, -0.0625 };
        double Twin(double[] p)
        {
            double s = 0;
            for (int i = 4; i >= 0; i--)
            {
                s = s * p[0] + c[i];
            }

            return s * Math.Tanh(p[0]);
        }

        Grad.CheckFloat(Twin, new double[] { x }, new[] { dX }, "float_horner");
    }

    [Theory]
    [InlineData(0.3f, 0.2f, 1.5f)]
    [InlineData(-0.2f, 0.5f, 0.8f)]
    public void Float_leapfrog_morse(float q0, float p0, float depth)
    {
        float dQ = 0, dP = 0, dD = 0;
        float v = FifthPeerFns.FloatLeapfrogMorseGradient(q0, p0, depth, ref dQ, ref dP, ref dD);
        Grad.SameValue(FifthPeerFns.FloatLeapfrogMorse(q0, p0, depth), v, "float_morse");
        double Twin(double[] x)
        {
            double q = x[0], p = x[1];
            double dt = 0.05f;
            for (int s = 0; s < 20; s++)
            {
                double e = Math.Exp(-q);
                p += 0.5 * dt * (-2 * x[2] * (e - e * e));
                q += dt * p;
                e = Math.Exp(-q);
                p += 0.5 * dt * (-2 * x[2] * (e - e * e));
            }

            return q + 0.1 * p * p;
        }

        Grad.CheckFloat(Twin, new double[] { q0, p0, depth }, new[] { dQ, dP, dD }, "float_morse");
    }

    [Fact]
    public void Float_log_sum_exp()
    {
        float[] x = { 0.75f, -0.5f, 1.25f, 2f, -0.3f };
        var dX = new float[5];
        float v = FifthPeerFns.FloatLogSumExpGradient((float[])x.Clone(), dX);
        Grad.SameValue(FifthPeerFns.FloatLogSumExp(x), v, "float_lse");
        Grad.CheckFloat(p => Math.Log(p.Sum(Math.Exp)), Fd.ToDouble(x), dX, "float_lse");
        // a tie at the maximum: the gradient is still the softmax
        float[] tied = { 1.5f, 0.25f, 1.5f };
        var dT = new float[3];
        FifthPeerFns.FloatLogSumExpGradient(tied, dT);
        Grad.CheckFloat(p => Math.Log(p.Sum(Math.Exp)), Fd.ToDouble(tied), dT, "float_lse_tie");
    }
}

public sealed partial class PeerSuitesFifth
{
    private delegate double GSpan(ReadOnlySpan<double> s, Span<double> dS);

    // ----- recursive sorts and transforms -----

    [Fact]
    public void Merge_sort_weighted()
    {
        CheckA(FifthPeerFns.MergeSortWeighted, FifthPeerFns.MergeSortWeightedGradient, A8, "merge_sort8");
        CheckA(FifthPeerFns.MergeSortWeighted, FifthPeerFns.MergeSortWeightedGradient, A5, "merge_sort5");
    }

    [Fact]
    public void Merge_sort_range_pullback()
    {
        double[] a0 = (double[])A8.Clone();
        double[] wa = Pts.Vector(new System.Random(31), 8, -1, 1);
        double[] wt = Pts.Vector(new System.Random(32), 8, -1, 1);
        double[] a = (double[])a0.Clone();
        var tmp = new double[8];
        double[] dA = (double[])wa.Clone();
        double[] dT = (double[])wt.Clone();
        FifthPeerFns.MergeSortRangePullback(a, tmp, 0, 8, dA, dT);
        double[] sorted = A8.OrderBy(v => v).ToArray();
        Grad.SameArray(sorted, a, "merge_sort writes");
        double Loss(double[] p)
        {
            double[] x = Fd.Slice(p, 0, 8);
            double[] t = Fd.Slice(p, 8, 8);
            FifthPeerFns.MergeSortRange(x, t, 0, 8);
            return Dot(x, wa) + Dot(t, wt);
        }

        Grad.Check(Loss, Fd.Pack(a0, new double[8]), Fd.Pack(dA, dT), "merge_sort_pullback");
    }

    [Fact]
    public void Quick_sort_spread()
    {
        CheckA(FifthPeerFns.QuickSortSpread, FifthPeerFns.QuickSortSpreadGradient, A8, "quick_sort8");
        CheckA(FifthPeerFns.QuickSortSpread, FifthPeerFns.QuickSortSpreadGradient, new[] { 3.0, 2.5, 2.0, 1.5, 1.0, 0.5 }, "quick_sort_desc");
    }

    [Fact]
    public void Recursive_fft_power_spectrum()
    {
        CheckA(FifthPeerFns.PowerSpectrumWeighted, FifthPeerFns.PowerSpectrumWeightedGradient, A8, "fft8");
        CheckA(FifthPeerFns.PowerSpectrumWeighted, FifthPeerFns.PowerSpectrumWeightedGradient, new[] { 0.3, -0.6, 1.2, 0.25 }, "fft4");
    }

    [Theory]
    [InlineData(0.8, 0.1)]
    [InlineData(-0.3, 0.05)]
    public void Butcher_rk3(double lambda, double h) =>
        CheckAXY(FifthPeerFns.ButcherRk3, FifthPeerFns.ButcherRk3Gradient, new[] { 0.5, -0.3, 0.8 }, lambda, h, "butcher_rk3");

    [Fact]
    public void Histogram_energy()
    {
        double[] x = { 0.13, 0.61, 0.37, 1.45, -0.2, 0.88, 0.67, 2.9 };
        double[] w = { 0.5, 1.2, -0.3, 0.8, 0.4, 0.9, -1.1, 0.7 };
        var dX = new double[8];
        var dW = new double[8];
        double v = FifthPeerFns.HistogramEnergyGradient(x, w, 0.0, 0.25, 6, dX, dW);
        Grad.SameValue(FifthPeerFns.HistogramEnergy(x, w, 0.0, 0.25, 6), v, "histogram");
        Grad.Check(p => FifthPeerFns.HistogramEnergy(Fd.Slice(p, 0, 8), Fd.Slice(p, 8, 8), 0.0, 0.25, 6), Fd.Pack(x, w), Fd.Pack(dX, dW), "histogram");
    }

    [Fact]
    public void Ordered_pairs()
    {
        CheckA(FifthPeerFns.OrderedPairs, FifthPeerFns.OrderedPairsGradient, A5, "ordered_pairs");
        CheckA(FifthPeerFns.OrderedPairs, FifthPeerFns.OrderedPairsGradient, A8, "ordered_pairs8");
    }

    [Fact]
    public void Two_pointer_products()
    {
        CheckA(FifthPeerFns.TwoPointerProducts, FifthPeerFns.TwoPointerProductsGradient, A5, "two_pointer5");
        CheckA(FifthPeerFns.TwoPointerProducts, FifthPeerFns.TwoPointerProductsGradient, A8, "two_pointer8");
    }

    [Theory]
    [InlineData(5.3)]
    [InlineData(0.3)]
    [InlineData(2.0)]
    [InlineData(1.0)]
    [InlineData(0.0625)]
    public void Log_by_range_reduction(double x)
    {
        Check1(FifthPeerFns.LogByRangeReduction, FifthPeerFns.LogByRangeReductionGradient, x, "log_reduction");
        double dX = 0;
        double v = FifthPeerFns.LogByRangeReductionGradient(x, ref dX);
        Grad.Close(Math.Log(x), v, 1e-14, 1e-15, "log_reduction value");
        Grad.Close(1 / x, dX, 1e-12, 1e-15, "log_reduction derivative");
    }

    [Theory]
    [InlineData(5.3, 0.7)]
    [InlineData(0.4, -1.2)]
    [InlineData(-7.5, 0.3)]
    public void Forever_halving(double x, double y) =>
        Check2(FifthPeerFns.ForeverHalving, FifthPeerFns.ForeverHalvingGradient, x, y, "forever");

    [Theory]
    [InlineData(0.07, 0.8)]
    [InlineData(0.13, -0.4)]
    public void Riemann_with_step(double h, double a) =>
        Check2(FifthPeerFns.RiemannWithStep, FifthPeerFns.RiemannWithStepGradient, h, a, "riemann");

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.3)]
    [InlineData(100.0)]
    public void Newton_sqrt_logged(double a)
    {
        Check1(FifthPeerFns.NewtonSqrtLogged, FifthPeerFns.NewtonSqrtLoggedGradient, a, "newton_logged");
        double dA = 0;
        FifthPeerFns.NewtonSqrtLoggedGradient(a, ref dA);
        Grad.Close(0.5 / Math.Sqrt(a), dA, 1e-10, 1e-14, "newton_logged closed form");
    }

    [Fact]
    public void Guarded_geometric_mean()
    {
        CheckAX(FifthPeerFns.GuardedGeometricMean, FifthPeerFns.GuardedGeometricMeanGradient, new[] { 0.5, 1.2, 0.05, 2.0 }, 0.1, "geomean");
        var dX = new double[2];
        double dF = 0;
        Assert.Throws<ArgumentException>(() => FifthPeerFns.GuardedGeometricMeanGradient(new[] { 0.5, -1.0 }, 0.1, dX, ref dF));
        Assert.Throws<ArgumentOutOfRangeException>(() => FifthPeerFns.GuardedGeometricMeanGradient(new[] { 0.5, 1.0 }, 0.0, dX, ref dF));
        Assert.Throws<ArgumentOutOfRangeException>(() => FifthPeerFns.GuardedGeometricMeanGradient(new double[0], 0.1, new double[0], ref dF));
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-1.3)]
    public void Decaying_weights(double rate) =>
        CheckAX(FifthPeerFns.DecayingWeights, FifthPeerFns.DecayingWeightsGradient, A5, rate, "decaying");

    [Fact]
    public void Assign_in_condition()
    {
        CheckA(FifthPeerFns.AssignInCondition, FifthPeerFns.AssignInConditionGradient, A5, "assign_cond");
        CheckA(FifthPeerFns.AssignInCondition, FifthPeerFns.AssignInConditionGradient, B5, "assign_cond_b");
    }

    // ----- output parameters named like companions' parameters -----

    [Fact]
    public void Softmax_into_result_parameter()
    {
        double[] logits = (double[])B5.Clone();
        var p = new double[5];
        var dL = new double[5];
        var dP = new double[5];
        double lse = FifthPeerFns.SoftmaxIntoGradient(logits, p, dL, dP);
        Grad.SameValue(FifthPeerFns.SoftmaxInto(B5, new double[5]), lse, "softmax_into");
        // the gradient of the log-partition is the softmax
        for (int i = 0; i < 5; i++)
        {
            Near(p[i], dL[i], "softmax_into dL " + i);
        }

        CheckA(FifthPeerFns.SoftmaxIntoUse, FifthPeerFns.SoftmaxIntoUseGradient, B5, "softmax_into_use");
    }

    [Theory]
    [InlineData(1.5, 0.7)]
    [InlineData(0.4, -2.1)]
    public void Polar_jacobian_parameter_named_jacobian(double r, double theta)
    {
        double[] w = { 0.3, -1.2, 0.8, 0.5 };
        var j = new double[4];
        double[] dJ = (double[])w.Clone();
        double dR = 0, dTheta = 0;
        FifthPeerFns.PolarJacobianPullback(r, theta, j, ref dR, ref dTheta, dJ);
        double Loss(double[] p)
        {
            var m = new double[4];
            FifthPeerFns.PolarJacobian(p[0], p[1], m);
            return Dot(m, w);
        }

        Grad.Check(Loss, new[] { r, theta }, new[] { dR, dTheta }, "polar_jacobian");
    }

    [Fact]
    public void Least_squares_residual_upper_and_lower_case_parameters()
    {
        double[] A = { 1.0, 0.2, 0.5, -0.4, -0.3, 1.1, 0.8, 0.9, 1.4, -0.6 };
        double[] a = { 0.7, -0.2, 0.5, 1.3, -0.9 };
        CheckAB(FifthPeerFns.LeastSquaresResidual, FifthPeerFns.LeastSquaresResidualGradient, A, a, "lsq");
    }

    [Theory]
    [InlineData(0.03, 0.01, 0.25)]
    [InlineData(0.08, -0.02, 0.4)]
    public void After_tax_present_value(double baseRate, double spread, double tax)
    {
        double[] flows = { 100, 50, -20, 80, 120 };
        var dF = new double[5];
        double dB = 0, dS = 0, dT = 0;
        double v = FifthPeerFns.AfterTaxPresentValueGradient(flows, baseRate, spread, tax, dF, ref dB, ref dS, ref dT);
        Grad.SameValue(FifthPeerFns.AfterTaxPresentValue(flows, baseRate, spread, tax), v, "pv");
        Grad.Check(p => FifthPeerFns.AfterTaxPresentValue(Fd.Slice(p, 0, 5), p[5], p[6], p[7]), Fd.Pack(flows, baseRate, spread, tax), Fd.Pack(dF, dB, dS, dT), "pv");
    }

    // ----- math functions -----

    [Theory]
    [InlineData(1.3, 2.2)]
    [InlineData(0.6, 0.55)]
    public void Math_mix_two(double x, double y) =>
        Check2(FifthPeerFns.MathMixTwo, FifthPeerFns.MathMixTwoGradient, x, y, "math_mix2");

    [Theory]
    [InlineData(1.234, 0.77)]
    [InlineData(-0.318, 2.43)]
    public void Round_digits(double x, double y)
    {
        Check2(FifthPeerFns.RoundDigits, FifthPeerFns.RoundDigitsGradient, x, y, "round_digits");
        double dX = 0, dY = 0;
        FifthPeerFns.RoundDigitsGradient(x, y, ref dX, ref dY);
        Assert.Equal(Math.Round(y, 1, MidpointRounding.AwayFromZero), dX);
        Assert.Equal(Math.Round(x, 2), dY);
    }

    // ----- buffers written in part, in place, through calls -----

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Conditional_update_pullback(double threshold)
    {
        double[] x = { 0.7, -1.3, 0.4, 0.9, 1.6, -0.2, -0.8 };
        double[] y0 = { 0.3, 0.2, -0.5, 1.1, -0.4, 0.6, 0.9 };
        double[] wy = Pts.Vector(new System.Random(41), 7, -1, 1);
        double[] y = (double[])y0.Clone();
        var dX = new double[7];
        double[] dY = (double[])wy.Clone();
        double dT = 0;
        FifthPeerFns.ConditionalUpdatePullback(x, y, threshold, dX, dY, ref dT);
        double[] ye = (double[])y0.Clone();
        FifthPeerFns.ConditionalUpdate(x, ye, threshold);
        Grad.SameArray(ye, y, "conditional_update writes");
        double Loss(double[] p)
        {
            double[] ys = Fd.Slice(p, 7, 7);
            FifthPeerFns.ConditionalUpdate(Fd.Slice(p, 0, 7), ys, p[14]);
            return Dot(ys, wy);
        }

        Grad.Check(Loss, Fd.Pack(x, y0, threshold), Fd.Pack(dX, dY, dT), "conditional_update");
    }

    [Theory]
    [InlineData(0.2, 3)]
    [InlineData(0.35, 1)]
    public void Smooth_passes_pullback(double alpha, int passes)
    {
        double[] y0 = { 0.7, -1.3, 0.4, 0.9, 1.6, -0.2 };
        double[] wy = Pts.Vector(new System.Random(42), 6, -1, 1);
        double[] y = (double[])y0.Clone();
        double[] dY = (double[])wy.Clone();
        double dA = 0;
        FifthPeerFns.SmoothPassesPullback(y, alpha, passes, dY, ref dA);
        double[] ye = (double[])y0.Clone();
        FifthPeerFns.SmoothPasses(ye, alpha, passes);
        Grad.SameArray(ye, y, "smooth_passes writes");
        double Loss(double[] p)
        {
            double[] ys = Fd.Slice(p, 0, 6);
            FifthPeerFns.SmoothPasses(ys, p[6], passes);
            return Dot(ys, wy);
        }

        Grad.Check(Loss, Fd.Pack(y0, alpha), Fd.Pack(dY, dA), "smooth_passes");
    }

    [Fact]
    public void Nested_extremes()
    {
        double dA = 0, dB = 0, dC = 0;
        double v = FifthPeerFns.NestedExtremesGradient(1.0, 1.0, 1.0, ref dA, ref dB, ref dC);
        Assert.Equal(1.5, v);
        // Max(a, Max(b, c)): ½ to a, ¼ to b and c; ½·Min(Min(a, b), c): ⅛ to a and b, ¼ to c
        Assert.Equal(0.625, dA);
        Assert.Equal(0.375, dB);
        Assert.Equal(0.5, dC);
        Check3(FifthPeerFns.NestedExtremes, FifthPeerFns.NestedExtremesGradient, 0.3, 1.2, -0.4, "nested_extremes");
    }

    [Fact]
    public void Recursive_span_sum()
    {
        foreach (double[] a in new[] { A5, A8, new[] { 0.4 } })
        {
            var dA = new double[a.Length];
            double v = FifthPeerFns.RecursiveSpanSumGradient(a, dA);
            Grad.SameValue(FifthPeerFns.RecursiveSpanSum(a), v, "rec_span");
            Grad.Check(p => FifthPeerFns.RecursiveSpanSum(p), a, dA, "rec_span");
        }
    }

    [Fact]
    public void Cum_max_pullback()
    {
        double[] x = { 0.7, -1.3, 0.4, 0.9, 1.6, -0.2 };
        double[] wy = Pts.Vector(new System.Random(43), 6, -1, 1);
        var y = new double[6];
        var dX = new double[6];
        double[] dY = (double[])wy.Clone();
        FifthPeerFns.CumMaxIntoPullback(x, y, dX, dY);
        double Loss(double[] p)
        {
            var ys = new double[6];
            FifthPeerFns.CumMaxInto(p, ys);
            return Dot(ys, wy);
        }

        Grad.Check(Loss, x, dX, "cummax");

        // ties: each Max splits its adjoint in half
        double[] tied = { 1.0, 1.0, 0.5, 2.0, 2.0 };
        var dT = new double[5];
        double[] ones = { 1.0, 1.0, 1.0, 1.0, 1.0 };
        FifthPeerFns.CumMaxIntoPullback(tied, new double[5], dT, ones);
        Assert.Equal(new[] { 2.0, 1.0, 0.0, 1.5, 0.5 }, dT);
    }

    [Theory]
    [InlineData(0.8f, 0.1f)]
    [InlineData(1.7f, -0.3f)]
    public void Float_scale_shift_clamp_pullback(float scale, float shift)
    {
        float[] x0 = { 0.25f, -0.5f, 0.75f, 1.5f, -0.125f };
        float[] w = { 0.5f, -1.0f, 0.25f, 2.0f, 1.5f };
        float[] x = (float[])x0.Clone();
        float[] dX = (float[])w.Clone();
        float dS = 0, dSh = 0;
        FifthPeerFns.FloatScaleShiftClampPullback(x, scale, shift, dX, ref dS, ref dSh);
        double Twin(double[] p)
        {
            double s = 0;
            for (int i = 0; i < 5; i++)
            {
                s += w[i] * Math.Clamp(p[i] * p[5] + p[6], -1, 1);
            }

            return s;
        }

        Grad.CheckFloat(Twin, Fd.Pack(x0, scale, shift), new[] { dX[0], dX[1], dX[2], dX[3], dX[4], dS, dSh }, "float_clamp");
    }

    [Fact]
    // the user guide's softplus: derivative ½ at 0; H·v against differences of the gradient away from 0
    public void Guide_softplus()
    {
        double dX = 0;
        FifthPeerFns.GuideSoftplusGradient(0.0, ref dX);
        Assert.Equal(0.5, dX);
        Check1(FifthPeerFns.GuideSoftplus, FifthPeerFns.GuideSoftplusGradient, 0.3, "guide_softplus");
        Check1(FifthPeerFns.GuideSoftplus, FifthPeerFns.GuideSoftplusGradient, -1.1, "guide_softplus");
    }

    // ----- Jacobians of methods that write buffers -----

    [Fact]
    public void Verlet_jacobian()
    {
        double[] q0 = { 0.3, -0.2, 0.5 };
        double[] p0 = { 0.1, 0.4, -0.3 };
        double k = 1.7, dt = 0.08;
        var jac = new double[6 * 2];
        FifthPeerFns.VerletInPlaceJacobian((double[])q0.Clone(), (double[])p0.Clone(), k, dt, 6, jac);
        for (int row = 0; row < 6; row++)
        {
            int r = row;
            double Out(double[] x)
            {
                double[] qs = (double[])q0.Clone();
                double[] ps = (double[])p0.Clone();
                FifthPeerFns.VerletInPlace(qs, ps, x[0], x[1], 6);
                return r < 3 ? qs[r] : ps[r - 3];
            }

            Grad.Check(Out, new[] { k, dt }, new[] { jac[row * 2], jac[row * 2 + 1] }, "verlet_jacobian row " + row);
        }
    }

    [Fact]
    public void Attention_jacobian()
    {
        double[] q = { 0.3, -0.7, 0.5 };
        double[] kk = Pts.Vector(new System.Random(21), 12, -1, 1);
        double[] vals = Pts.Vector(new System.Random(22), 12, -1, 1);
        var jac = new double[3 * 27];
        FifthPeerFns.AttentionIntoJacobian(q, kk, vals, new double[3], jac);
        for (int row = 0; row < 3; row++)
        {
            int r = row;
            double Out(double[] p)
            {
                var o = new double[3];
                FifthPeerFns.AttentionInto(Fd.Slice(p, 0, 3), Fd.Slice(p, 3, 12), Fd.Slice(p, 15, 12), o);
                return o[r];
            }

            Grad.Check(Out, Fd.Pack(q, kk, vals), Fd.Slice(jac, row * 27, 27), "attention_jacobian row " + row);
        }
    }

    [Fact]
    public void Gemv_jacobian()
    {
        const int m = 2, n = 3, lda = 3, incx = 2;
        double[] a = Pts.Vector(new System.Random(5), m * lda, -1, 1);
        double[] x = Pts.Vector(new System.Random(6), (n - 1) * incx + 1, -1, 1);
        double[] y0 = Pts.Vector(new System.Random(7), m, -1, 1);
        int cols = a.Length + x.Length + 2;
        var jac = new double[m * cols];
        FifthPeerFns.GemvJacobian(a, lda, x, incx, (double[])y0.Clone(), m, n, 0.7, -1.3, jac);
        for (int row = 0; row < m; row++)
        {
            int r = row;
            double Out(double[] p)
            {
                double[] ys = (double[])y0.Clone();
                FifthPeerFns.Gemv(Fd.Slice(p, 0, a.Length), lda, Fd.Slice(p, a.Length, x.Length), incx, ys, m, n, p[cols - 2], p[cols - 1]);
                return ys[r];
            }

            Grad.Check(Out, Fd.Pack(a, x, 0.7, -1.3), Fd.Slice(jac, row * cols, cols), "gemv_jacobian row " + row);
        }
    }
}

public sealed partial class PeerSuitesFifth
{
    // ----- plain helpers for indices and flags; library searches -----

    [Fact]
    public void Peak_neighbourhood()
    {
        CheckA(FifthPeerFns.PeakNeighbourhood, FifthPeerFns.PeakNeighbourhoodGradient, A5, "peak");
        CheckA(FifthPeerFns.PeakNeighbourhood, FifthPeerFns.PeakNeighbourhoodGradient, P5, "peak_positive");
        CheckA(FifthPeerFns.PeakNeighbourhood, FifthPeerFns.PeakNeighbourhoodGradient, new[] { 2.0, 0.5, -0.3 }, "peak_first");
    }

    private static readonly double[] SplineKnots = { 0.0, 0.5, 1.25, 2.0, 3.5 };
    private static readonly double[] SplineValues = { 1.0, 0.2, -0.4, 0.9, 1.7 };

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.9)]
    [InlineData(3.1)]
    [InlineData(-0.4)]
    [InlineData(4.2)]
    public void Linear_spline_binary_search(double t)
    {
        var dV = new double[5];
        double dT = 0;
        double v = FifthPeerFns.LinearSplineGradient(t, (double[])SplineValues.Clone(), SplineKnots, ref dT, dV);
        Grad.SameValue(FifthPeerFns.LinearSpline(t, SplineValues, SplineKnots), v, "spline");
        Grad.Check(p => FifthPeerFns.LinearSpline(p[0], Fd.Slice(p, 1, 5), SplineKnots), Fd.Pack(t, SplineValues), Fd.Pack(dT, dV), "spline");
    }

    [Fact]
    // on a knot the search finds it exactly: the interval to its right
    public void Linear_spline_on_knot()
    {
        var dV = new double[5];
        double dT = 0;
        double v = FifthPeerFns.LinearSplineGradient(1.25, (double[])SplineValues.Clone(), SplineKnots, ref dT, dV);
        Assert.Equal(-0.4, v);
        Near((0.9 - -0.4) / 0.75, dT, "spline knot dT");
        Assert.Equal(new[] { 0.0, 0, 1, 0, 0 }, dV);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.5)]
    public void Descent_until_small(double c)
    {
        double[] x0 = { 0.5, 1.4, -0.7 };
        var dX = new double[3];
        double dC = 0;
        double v = FifthPeerFns.DescentUntilSmallGradient((double[])x0.Clone(), c, dX, ref dC);
        Grad.SameValue(FifthPeerFns.DescentUntilSmall(x0, c), v, "descent");
        Grad.Check(p => FifthPeerFns.DescentUntilSmall(Fd.Slice(p, 0, 3), p[3]), Fd.Pack(x0, c), Fd.Pack(dX, dC), "descent", relTol: 1e-5);
    }

    [Fact]
    public void Squares_through_setter() =>
        CheckA(FifthPeerFns.SquaresThroughSetter, FifthPeerFns.SquaresThroughSetterGradient, A5, "setter");

    [Fact]
    public void Piecewise_map_pullback()
    {
        double[] x = { -2.5, -0.7, 0.3, 1.0, 2.4, -1.0, 0.95 };
        double[] wy = Pts.Vector(new System.Random(51), 7, -1, 1);
        var y = new double[7];
        var dX = new double[7];
        double[] dY = (double[])wy.Clone();
        FifthPeerFns.PiecewiseMapPullback(x, y, dX, dY);
        var ye = new double[7];
        FifthPeerFns.PiecewiseMap(x, ye);
        Grad.SameArray(ye, y, "piecewise_map writes");
        // at x = 1 the arm <= 1 is taken (3x²), at x = -1 too (3x²)
        double[] expected = new double[7];
        for (int i = 0; i < 7; i++)
        {
            double xi = x[i];
            expected[i] = wy[i] * (xi < -1 ? 2 : xi <= 1 ? 3 * xi * xi : 1 / xi);
        }

        Grad.Close(expected, dX, 1e-14, 1e-15, "piecewise_map");
    }

    [Theory]
    [InlineData(0.37)]
    [InlineData(1.9)]
    public void Phase_wrap_accumulate(double dt)
    {
        double[] omega = { 3.0, 5.5, 7.25, 2.0, 9.0, 4.4 };
        CheckAX(FifthPeerFns.PhaseWrapAccumulate, FifthPeerFns.PhaseWrapAccumulateGradient, omega, dt, "phase_wrap");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.7)]
    public void Double_counter_series(double x) =>
        Check1(FifthPeerFns.DoubleCounterSeries, FifthPeerFns.DoubleCounterSeriesGradient, x, "double_counter");

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.1)]
    public void Blur_twice(double w) =>
        CheckAX(FifthPeerFns.BlurTwice, FifthPeerFns.BlurTwiceGradient, A8, w, "blur");

    // ----- optional, nullable and params parameters -----

    [Theory]
    [InlineData(0.3, 0.5, 10.0)]
    [InlineData(-0.8, 1.2, 2.0)]
    public void Soft_threshold(double x, double lambda, double sharpness) =>
        Check3((a, b, c) => FifthPeerFns.SoftThreshold(a, b, c), FifthPeerFns.SoftThresholdGradient, x, lambda, sharpness, "soft_threshold");

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.05)]
    public void Soft_threshold_sum(double lambda) =>
        CheckAX(FifthPeerFns.SoftThresholdSum, FifthPeerFns.SoftThresholdSumGradient, new[] { 0.3, -0.05, 0.12, -0.7 }, lambda, "soft_threshold_sum");

    [Fact]
    public void Offset_square_nullable()
    {
        double dX = 0;
        double v = FifthPeerFns.OffsetSquareGradient(1.5, 0.25, ref dX);
        Assert.Equal(1.5625, v);
        Assert.Equal(2.5, dX);
        dX = 0;
        v = FifthPeerFns.OffsetSquareGradient(1.5, null, ref dX);
        Assert.Equal(2.25, v);
        Assert.Equal(3.0, dX);
    }

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 0.4)]
    public void Params_span_and_array(double a, double b)
    {
        Check2(FifthPeerFns.UsesParamsSpan, FifthPeerFns.UsesParamsSpanGradient, a, b, "params_span");
        Check2(FifthPeerFns.UsesParamsArray, FifthPeerFns.UsesParamsArrayGradient, a, b, "params_array");
    }

    // ----- control flow -----

    [Theory]
    [InlineData(-0.7, 0.4)]
    [InlineData(0.7, 1.4)]
    [InlineData(0.7, 0.4)]
    public void Do_once_break(double x, double y) =>
        Check2(FifthPeerFns.DoOnceBreak, FifthPeerFns.DoOnceBreakGradient, x, y, "do_once");

    [Fact]
    public void Growing_stride()
    {
        CheckA(FifthPeerFns.GrowingStride, FifthPeerFns.GrowingStrideGradient, A8, "growing_stride");
        CheckA(FifthPeerFns.GrowingStride, FifthPeerFns.GrowingStrideGradient, new[] { 0.5, 1.5 }, "growing_stride2");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(5.0)]
    [InlineData(1.2)]
    public void First_pair_over_budget(double budget) =>
        CheckAX(FifthPeerFns.FirstPairOverBudget, FifthPeerFns.FirstPairOverBudgetGradient, A8, budget, "pair_budget");

    [Fact]
    public void Fill_until_negative_pullback()
    {
        double[] x = { 0.7, 1.3, 0.4, -0.9, 1.6 };
        double[] y0 = { 0.3, 0.2, -0.5, 1.1, -0.4 };
        double[] wy = Pts.Vector(new System.Random(52), 5, -1, 1);
        double[] y = (double[])y0.Clone();
        var dX = new double[5];
        double[] dY = (double[])wy.Clone();
        double dS = 0;
        FifthPeerFns.FillUntilNegativePullback(x, y, 1.7, dX, dY, ref dS);
        double[] ye = (double[])y0.Clone();
        FifthPeerFns.FillUntilNegative(x, ye, 1.7);
        Grad.SameArray(ye, y, "fill_until writes");
        double Loss(double[] p)
        {
            double[] ys = Fd.Slice(p, 5, 5);
            FifthPeerFns.FillUntilNegative(Fd.Slice(p, 0, 5), ys, p[10]);
            return Dot(ys, wy);
        }

        Grad.Check(Loss, Fd.Pack(x, y0, 1.7), Fd.Pack(dX, dY, dS), "fill_until");
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(-0.9)]
    public void Clipped_step_loss(double lr)
    {
        double[] w = { 0.5, -0.3, 0.8 };
        var dW = new double[3];
        var dG = new double[3];
        double dLr = 0;
        foreach (double[] g in new[] { new[] { 0.3, 0.2, -0.1 }, new[] { 1.5, -2.0, 0.7 } })
        {
            Array.Clear(dW);
            Array.Clear(dG);
            dLr = 0;
            double v = FifthPeerFns.ClippedStepLossGradient(w, (double[])g.Clone(), lr, dW, dG, ref dLr);
            Grad.SameValue(FifthPeerFns.ClippedStepLoss(w, g, lr), v, "clip");
            Grad.Check(p => FifthPeerFns.ClippedStepLoss(Fd.Slice(p, 0, 3), Fd.Slice(p, 3, 3), p[6]), Fd.Pack(w, g, lr), Fd.Pack(dW, dG, dLr), "clip");
        }
    }

    [Fact]
    public void Clip_norm_in_place_gradient()
    {
        // the returned norm's gradient, for both the early return and the clipping path
        foreach (double[] g0 in new[] { new[] { 0.3, 0.2, -0.1 }, new[] { 1.5, -2.0, 0.7 } })
        {
            double[] g = (double[])g0.Clone();
            var dG = new double[3];
            double dM = 0;
            double norm = FifthPeerFns.ClipNormInPlaceGradient(g, 1.0, dG, ref dM);
            double n0 = Math.Sqrt(Dot(g0, g0));
            Assert.Equal(n0, norm);
            for (int i = 0; i < 3; i++)
            {
                Near(g0[i] / n0, dG[i], "clip dG " + i);
            }

            Assert.Equal(0.0, dM);
        }
    }

    [Fact]
    public void Rotate_pairs_slices() =>
        CheckAB(FifthPeerFns.RotatePairs, FifthPeerFns.RotatePairsGradient, new[] { 0.7, -1.3, 0.4, 0.9, 1.6 }, new[] { 0.3, -0.8, 1.1, 0.25, 0.6, -0.4 }, "rotate_pairs");

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.4)]
    public void Aliased_reads(double t) =>
        CheckAX(FifthPeerFns.AliasedReads, FifthPeerFns.AliasedReadsGradient, A5, t, "aliased_reads");

    [Theory]
    [InlineData(0.6)]
    [InlineData(-0.6)]
    public void Branch_helpers(double t) =>
        CheckAX(FifthPeerFns.BranchHelpers, FifthPeerFns.BranchHelpersGradient, A5, t, "branch_helpers");

    // ----- Pow with the loop counter, at zero -----

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    [InlineData(-1.3)]
    public void Power_series(double x)
    {
        double[] c = { 1.0, -2.0, 0.5, 0.3, 0.2 };
        CheckAX(FifthPeerFns.PowerSeries, FifthPeerFns.PowerSeriesGradient, c, x, "power_series");
        CheckAX(FifthPeerFns.PowerSeriesDoubleExponent, FifthPeerFns.PowerSeriesDoubleExponentGradient, c, x, "power_series_double");
    }

    // ----- instance methods of a record struct and a primary-constructor class; a generic class -----

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.2, 0.4)]
    public void Record_struct_energy(double x, double v)
    {
        var spring = new FifthPeerSpring(2.5, 0.3);
        Check2(spring.Energy, spring.EnergyGradient, x, v, "spring");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.2)]
    public void Primary_constructor_model(double x)
    {
        var model = new FifthPeerScaledModel(0.8, 4);
        CheckAX(model.Evaluate, model.EvaluateGradient, new[] { 0.5, -1.0, 0.25, 2.0, 9.0 }, x, "primary_ctor");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.2)]
    public void Generic_container_static(double x)
    {
        Check1(FifthPeerTagged<int>.Cubic, FifthPeerTagged<int>.CubicGradient, x, "generic_container");
        Check1(FifthPeerTagged<string>.Cubic, FifthPeerTagged<string>.CubicGradient, x, "generic_container_s");
    }
}

public sealed partial class PeerSuitesFifth
{
    private delegate double GSpanX(Span<double> x, double a, Span<double> dX, ref double dA);

    // ----- parameter buffers read nonlinearly, then overwritten -----

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void Read_then_overwrite_forms(double a)
    {
        CheckAX(FifthPeerFns.ReadThenHalveCall, FifthPeerFns.ReadThenHalveCallGradient, A5, a, "halve_call");
        CheckAX(FifthPeerFns.ReadThenShiftInline, FifthPeerFns.ReadThenShiftInlineGradient, A5, a, "shift_inline");
        CheckAX(FifthPeerFns.ReadThenArrayCopy, FifthPeerFns.ReadThenArrayCopyGradient, A5, a, "array_copy");
        CheckAX(FifthPeerFns.ReadThenFill, FifthPeerFns.ReadThenFillGradient, A5, a, "fill");
        CheckAX(FifthPeerFns.ReadThenClear, FifthPeerFns.ReadThenClearGradient, A5, a, "clear");
    }

    [Fact]
    public void Read_then_copy_to() =>
        CheckAB(FifthPeerFns.ReadThenCopyTo, FifthPeerFns.ReadThenCopyToGradient, A5, B5, "copy_to");

    [Fact]
    public void Read_then_tuple_swap()
    {
        CheckA(FifthPeerFns.ReadThenTupleSwap, FifthPeerFns.ReadThenTupleSwapGradient, A5, "tuple_swap5");
        CheckA(FifthPeerFns.ReadThenTupleSwap, FifthPeerFns.ReadThenTupleSwapGradient, A8, "tuple_swap8");
    }

    [Fact]
    public void Read_then_write_in_expression() =>
        CheckA(FifthPeerFns.ReadThenWriteInExpression, FifthPeerFns.ReadThenWriteInExpressionGradient, A5, "write_in_expr");

    [Fact]
    public void Read_ahead_write()
    {
        CheckA(FifthPeerFns.ReadAheadWrite, FifthPeerFns.ReadAheadWriteGradient, A5, "read_ahead");
        CheckA(FifthPeerFns.ReadAheadWrite, FifthPeerFns.ReadAheadWriteGradient, new[] { 0.4 }, "read_ahead1");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void Span_read_then_scale(double a)
    {
        var dX = new double[5];
        double dA = 0;
        double v = FifthPeerFns.SpanReadThenScaleGradient((double[])A5.Clone(), a, dX, ref dA);
        Grad.SameValue(FifthPeerFns.SpanReadThenScale((double[])A5.Clone(), a), v, "span_read_scale");
        Grad.Check(p => FifthPeerFns.SpanReadThenScale(Fd.Slice(p, 0, 5), p[5]), Fd.Pack(A5, a), Fd.Pack(dX, dA), "span_read_scale");
    }

    // ----- scratch refills, running maxima, compaction -----

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.2)]
    public void Relax_with_scratch(double rate)
    {
        CheckAX(FifthPeerFns.RelaxEnergy, FifthPeerFns.RelaxEnergyGradient, A5, rate, "relax");
        double[] x0 = (double[])A5.Clone();
        double[] wx = Pts.Vector(new System.Random(61), 5, -1, 1);
        double[] x = (double[])x0.Clone();
        double[] dX = (double[])wx.Clone();
        double dR = 0;
        FifthPeerFns.RelaxWithScratchPullback(x, rate, 4, dX, ref dR);
        double Loss(double[] p)
        {
            double[] xs = Fd.Slice(p, 0, 5);
            FifthPeerFns.RelaxWithScratch(xs, p[5], 4);
            return Dot(xs, wx);
        }

        Grad.Check(Loss, Fd.Pack(x0, rate), Fd.Pack(dX, dR), "relax_pullback");
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-0.5)]
    public void Scratch_from_changed_local(double a) =>
        CheckAX(FifthPeerFns.ScratchFromChangedLocal, FifthPeerFns.ScratchFromChangedLocalGradient, A5, a, "scratch_changed");

    [Fact]
    public void Max_then_deflate()
    {
        CheckA(FifthPeerFns.MaxThenDeflate, FifthPeerFns.MaxThenDeflateGradient, A5, "deflate");
        CheckA(FifthPeerFns.MaxThenDeflate, FifthPeerFns.MaxThenDeflateGradient, new[] { 2.0, 0.3, 1.1, -0.4 }, "deflate_first");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.6)]
    public void Compact_then_weigh(double w)
    {
        CheckAX(FifthPeerFns.CompactThenWeigh, FifthPeerFns.CompactThenWeighGradient, new[] { 0.7, -1.3, 0.4, -0.5, 1.6, -2.2, 0.9 }, w, "compact");
        CheckAX(FifthPeerFns.CompactThenWeigh, FifthPeerFns.CompactThenWeighGradient, new[] { -0.7, -0.3 }, w, "compact_none");
    }

    // ----- awkward trip counts -----

    [Fact]
    public void Awkward_nests()
    {
        CheckA(FifthPeerFns.AwkwardNests, FifthPeerFns.AwkwardNestsGradient, A5, "awkward5");
        CheckA(FifthPeerFns.AwkwardNests, FifthPeerFns.AwkwardNestsGradient, A8, "awkward8");
        CheckA(FifthPeerFns.AwkwardNests, FifthPeerFns.AwkwardNestsGradient, new[] { 0.4 }, "awkward1");
    }

    [Fact]
    public void Moving_bounds()
    {
        CheckA(FifthPeerFns.MovingBounds, FifthPeerFns.MovingBoundsGradient, A5, "moving5");
        CheckA(FifthPeerFns.MovingBounds, FifthPeerFns.MovingBoundsGradient, A8, "moving8");
        CheckA(FifthPeerFns.MovingBounds, FifthPeerFns.MovingBoundsGradient, A8.Concat(B5).ToArray(), "moving13");
    }

    [Fact]
    public void While_inside_for()
    {
        CheckA(FifthPeerFns.WhileInsideFor, FifthPeerFns.WhileInsideForGradient, A5, "while_for5");
        CheckA(FifthPeerFns.WhileInsideFor, FifthPeerFns.WhileInsideForGradient, new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, "while_for_rising");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Long_unsigned_stride(int stride) =>
        CheckAI(FifthPeerFns.LongUnsignedStride, FifthPeerFns.LongUnsignedStrideGradient, A8, stride, "long_uint");
}

public sealed partial class PeerSuitesFifth
{
    // ----- counters advanced by statements and by effects inside expressions -----

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-0.4, 2.1)]
    // f = a² + 2b + 3ab
    public void Cursor_fill(double a, double b)
    {
        FifthPeerFns.CursorFillTangent(a, b, 0.3, -0.8, out double tR);
        Near(0.3 * (2 * a + 3 * b) - 0.8 * (2 + 3 * a), tR, "cursor tangent");
        double dA = 0, dB = 0;
        double v = FifthPeerFns.CursorFillGradient(a, b, ref dA, ref dB);
        Grad.SameValue(FifthPeerFns.CursorFill(a, b), v, "cursor");
        Near(2 * a + 3 * b, dA, "cursor dA");
        Near(2 + 3 * a, dB, "cursor dB");
        Check2(FifthPeerFns.CursorFill, FifthPeerFns.CursorFillGradient, a, b, "cursor");
    }

    [Fact]
    public void Value_and_statement_counter()
    {
        CheckA(FifthPeerFns.ValueAndStatementCounter, FifthPeerFns.ValueAndStatementCounterGradient, new[] { 0.7, -1.3, 0.4, -0.5, 1.6, -2.2, 0.9 }, "value_stmt_counter");
        CheckA(FifthPeerFns.ValueAndStatementCounter, FifthPeerFns.ValueAndStatementCounterGradient, P5, "value_stmt_counter_p");
    }

    // ----- forward-mode Jacobians and tangents of methods that write buffers -----

    [Theory]
    [InlineData(12.0, 0.7)]
    [InlineData(5.0, 1.2)]
    public void Trajectory_jacobian(double v0, double angle)
    {
        const int n = 8;
        var jac = new double[2 * n * 2];
        FifthPeerFns.TrajectoryJacobian(v0, angle, new double[n], new double[n], jac);
        for (int row = 0; row < 2 * n; row++)
        {
            int r = row;
            double Out(double[] p)
            {
                var xs = new double[n];
                var ys = new double[n];
                FifthPeerFns.Trajectory(p[0], p[1], xs, ys);
                return r < n ? xs[r] : ys[r - n];
            }

            Grad.Check(Out, new[] { v0, angle }, new[] { jac[2 * row], jac[2 * row + 1] }, "trajectory_jacobian row " + row);
        }
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(-0.3)]
    public void Compound_growth_jacobian(double rate)
    {
        double[] blended0 = { 0.3, -0.2, 0.5, 1.1, -0.7, 0.25, 0.9 };
        var jac = new double[5 + 7];
        double[] blended = (double[])blended0.Clone();
        var balance = new double[5];
        FifthPeerFns.CompoundGrowthJacobian(rate, balance, blended, jac);
        var be = new double[5];
        double[] bl = (double[])blended0.Clone();
        FifthPeerFns.CompoundGrowth(rate, be, bl);
        Grad.SameArray(be, balance, "growth balance");
        Grad.SameArray(bl, blended, "growth blended");
        for (int row = 0; row < 12; row++)
        {
            int r = row;
            double Out(double[] p)
            {
                var b = new double[5];
                double[] m = (double[])blended0.Clone();
                FifthPeerFns.CompoundGrowth(p[0], b, m);
                return r < 5 ? b[r] : m[r - 5];
            }

            Grad.Check(Out, new[] { rate }, new[] { jac[row] }, "growth_jacobian row " + row);
        }

        // the tangent of the in-place buffer: ½ of its initial tangent plus the rate's share
        var tBalance = new double[5];
        double[] tBlended = Pts.Vector(new System.Random(71), 7, -1, 1);
        double[] tBlended0 = (double[])tBlended.Clone();
        FifthPeerFns.CompoundGrowthTangent(rate, new double[5], (double[])blended0.Clone(), 1.0, tBalance, tBlended);
        for (int i = 0; i < 7; i++)
        {
            Near(0.5 * tBlended0[i] + jac[5 + i], tBlended[i], "growth tangent " + i);
        }

        for (int i = 0; i < 5; i++)
        {
            Near(jac[i], tBalance[i], "growth tangent balance " + i);
        }
    }

    [Fact]
    public void Verlet_tangent()
    {
        double[] q0 = { 0.3, -0.2, 0.5 };
        double[] p0 = { 0.1, 0.4, -0.3 };
        double k = 1.7, dt = 0.08;
        double[] tq = { 0.2, -0.5, 0.1 };
        double[] tp = { -0.3, 0.6, 0.4 };
        double tk = 0.7, tdt = -0.2;
        double[] tQ = (double[])tq.Clone();
        double[] tP = (double[])tp.Clone();
        FifthPeerFns.VerletInPlaceTangent((double[])q0.Clone(), (double[])p0.Clone(), k, dt, 6, tQ, tP, tk, tdt);
        double[] dir = Fd.Pack(tq, tp, tk, tdt);
        double[] point = Fd.Pack(q0, p0, k, dt);
        for (int o = 0; o < 6; o++)
        {
            int r = o;
            double Along(double h)
            {
                double[] p = point.Zip(dir, (a, b) => a + h * b).ToArray();
                double[] qs = Fd.Slice(p, 0, 3);
                double[] ps = Fd.Slice(p, 3, 3);
                FifthPeerFns.VerletInPlace(qs, ps, p[6], p[7], 6);
                return r < 3 ? qs[r] : ps[r - 3];
            }

            double fd = Fd.Derivative(Along, 0.0);
            Grad.Close(fd, r < 3 ? tQ[r] : tP[r - 3], 1e-6, 1e-8, "verlet tangent " + r);
        }
    }

    [Fact]
    public void Recursive_sort_and_fft_tangents()
    {
        double[] tA = Pts.Vector(new System.Random(72), 8, -1, 1);
        double[] t = (double[])tA.Clone();
        var tTmp = new double[8];
        FifthPeerFns.MergeSortRangeTangent((double[])A8.Clone(), new double[8], 0, 8, t, tTmp);
        // sorting permutes the tangents with the values
        int[] order = Enumerable.Range(0, 8).OrderBy(i => A8[i]).ToArray();
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(tA[order[i]], t[i]);
        }

        double[] tRe = Pts.Vector(new System.Random(73), 8, -1, 1);
        var tIm = new double[8];
        var tOutRe = new double[8];
        var tOutIm = new double[8];
        var outRe = new double[8];
        var outIm = new double[8];
        FifthPeerFns.FftRecTangent((double[])A8.Clone(), new double[8], 0, 1, 8, outRe, outIm, 0, tRe, tIm, tOutRe, tOutIm);
        // the FFT is linear: its tangent is the FFT of the tangent
        var eRe = new double[8];
        var eIm = new double[8];
        FifthPeerFns.FftRec(tRe, new double[8], 0, 1, 8, eRe, eIm, 0);
        Grad.Close(eRe, tOutRe, 1e-12, 1e-12, "fft tangent re");
        Grad.Close(eIm, tOutIm, 1e-12, 1e-12, "fft tangent im");
    }
}
