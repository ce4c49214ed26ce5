using Diff;
using static Diff.Gradients.Tests.PeerCheck;

namespace Diff.Gradients.Tests;

/// <summary>
/// A third batch of computations from the test suites and examples of other AD tools (CppAD's
/// example/ and test_more/, ADOL-C's examples, Stan Math's reverse-mode tests, the C++ autodiff
/// library, ForwardDiff.jl / ReverseDiff.jl through DiffTests.jl, Zygote.jl, Tapenade's examples)
/// and the Moré–Garbow–Hillstrom / CUTEst test problems, written as ordinary C#. Each is checked for
/// the contract: the gradient returns the original value, and its adjoints match central finite
/// differences. Functions with kinks are also evaluated exactly at the kink and compared with the
/// documented convention (Abs'(0) = 0, Max and Min ties go to the first argument, a conditional
/// follows the branch taken).
/// </summary>
public static partial class ThirdPeerFns
{
    private const double Sqrt5 = 2.2360679774997896;
    private const int BandLower = 5;
    private const int BandUpper = 1;
    private const int Radius = 1;
    private const long Modulus = 5L;
    private const float Leak = 0.01f;

    private static readonly double[] BardY =
    {
        0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39,
    };

    private static readonly double[] KowalikY =
    {
        0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246,
    };

    private static readonly double[] KowalikU =
    {
        4.0, 2.0, 1.0, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625,
    };

    private static readonly double[] HelmB = { 0.021, 0.035, 0.027, 0.018, 0.032 };
    private static readonly double[] Stencil3 = { 0.25, 0.5, 0.25 };
    private static readonly double[] Target4 = { 1.0, -0.5, 2.0, 0.25 };

    // ===================== Moré–Garbow–Hillstrom / CUTEst =====================

    // MGH 21, extended Rosenbrock: pairs (x[2i], x[2i+1])
    [Differentiable]
    public static double ExtendedRosenbrock(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length / 2; i++)
        {
            double f1 = 10 * (x[2 * i + 1] - x[2 * i] * x[2 * i]);
            double f2 = 1 - x[2 * i];
            s += f1 * f1 + f2 * f2;
        }

        return s;
    }

    // MGH 22, extended Powell singular: blocks of four
    [Differentiable]
    public static double PowellSingular(double[] x)
    {
        double s = 0;
        for (int i = 0; i + 3 < x.Length; i += 4)
        {
            double f1 = x[i] + 10 * x[i + 1];
            double f2 = Sqrt5 * (x[i + 2] - x[i + 3]);
            double t = x[i + 1] - 2 * x[i + 2];
            double f3 = t * t;
            double u = x[i] - x[i + 3];
            double f4 = Math.Sqrt(10.0) * u * u;
            s += f1 * f1 + f2 * f2 + f3 * f3 + f4 * f4;
        }

        return s;
    }

    // MGH 14, Wood
    [Differentiable]
    public static double Wood(double[] x)
    {
        double a = x[1] - x[0] * x[0];
        double b = 1 - x[0];
        double c = x[3] - x[2] * x[2];
        double d = 1 - x[2];
        double e = x[1] - 1;
        double f = x[3] - 1;
        return 100 * a * a + b * b + 90 * c * c + d * d + 10.1 * (e * e + f * f) + 19.8 * e * f;
    }

    // MGH 4, Brown badly scaled
    [Differentiable]
    public static double BrownBadlyScaled(double x, double y)
    {
        double f1 = x - 1e6;
        double f2 = y - 2e-6;
        double f3 = x * y - 2;
        return f1 * f1 + f2 * f2 + f3 * f3;
    }

    // MGH 7, helical valley: the angle gets +1/2 when x1 < 0
    [Differentiable]
    public static double HelicalValley(double x1, double x2, double x3)
    {
        double theta = Math.Atan(x2 / x1) / (2 * Math.PI);
        if (x1 < 0)
        {
            theta += 0.5;
        }

        double f1 = 10 * (x3 - 10 * theta);
        double f2 = 10 * (Math.Sqrt(x1 * x1 + x2 * x2) - 1);
        return f1 * f1 + f2 * f2 + x3 * x3;
    }

    // MGH 26, trigonometric
    [Differentiable]
    public static double TrigonometricMgh(double[] x)
    {
        int n = x.Length;
        double sumCos = 0;
        foreach (double v in x)
        {
            sumCos += Math.Cos(v);
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double f = n - sumCos + (i + 1) * (1 - Math.Cos(x[i])) - Math.Sin(x[i]);
            s += f * f;
        }

        return s;
    }

    // MGH 35, Chebyquad: Chebyshev recurrence in a local array declared inside the loop
    [Differentiable]
    public static double Chebyquad(double[] x)
    {
        int n = x.Length;
        var fvec = new double[n];
        for (int j = 0; j < n; j++)
        {
            var t = new double[n + 1];
            double y = 2 * x[j] - 1;
            t[0] = 1;
            t[1] = y;
            for (int k = 1; k < n; k++)
            {
                t[k + 1] = 2 * y * t[k] - t[k - 1];
            }

            for (int i = 0; i < n; i++)
            {
                fvec[i] += t[i + 1];
            }
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            fvec[i] /= n;
            int order = i + 1;
            if (order % 2 == 0)
            {
                fvec[i] += 1.0 / (order * order - 1);
            }

            s += fvec[i] * fvec[i];
        }

        return s;
    }

    // MGH 2, Freudenstein and Roth
    [Differentiable]
    public static double FreudensteinRoth(double x, double y)
    {
        double f1 = -13 + x + ((5 - y) * y - 2) * y;
        double f2 = -29 + x + ((y + 1) * y - 14) * y;
        return f1 * f1 + f2 * f2;
    }

    // MGH 3, Powell badly scaled
    [Differentiable]
    public static double PowellBadlyScaled(double x, double y)
    {
        double f1 = 1e4 * x * y - 1;
        double f2 = Math.Exp(-x) + Math.Exp(-y) - 1.0001;
        return f1 * f1 + f2 * f2;
    }

    // MGH 12, Box three-dimensional: an int counter scaled to a double
    [Differentiable]
    public static double BoxThreeD(double[] x)
    {
        double s = 0;
        for (int i = 1; i <= 10; i++)
        {
            double t = 0.1 * i;
            double f = Math.Exp(-t * x[0]) - Math.Exp(-t * x[1]) - x[2] * (Math.Exp(-t) - Math.Exp(-10 * t));
            s += f * f;
        }

        return s;
    }

    // MGH 25, variably dimensioned
    [Differentiable]
    public static double VariablyDimensioned(double[] x)
    {
        double s = 0, w = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - 1;
            s += d * d;
            w += (i + 1) * d;
        }

        double w2 = w * w;
        return s + w2 + w2 * w2;
    }

    // MGH 30, Broyden tridiagonal: the boundary neighbours are zero
    [Differentiable]
    public static double BroydenTridiagonal(double[] x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double left = i > 0 ? x[i - 1] : 0.0;
            double right = i < n - 1 ? x[i + 1] : 0.0;
            double f = (3 - 2 * x[i]) * x[i] - left - 2 * right + 1;
            s += f * f;
        }

        return s;
    }

    // MGH 31, Broyden banded: integer Max/Min bounds and a continue on the diagonal
    [Differentiable]
    public static double BroydenBanded(double[] x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            int lo = Math.Max(0, i - BandLower);
            int hi = Math.Min(n - 1, i + BandUpper);
            double band = 0;
            for (int j = lo; j <= hi; j++)
            {
                if (j == i)
                {
                    continue;
                }

                band += x[j] * (1 + x[j]);
            }

            double f = x[i] * (2 + 5 * x[i] * x[i]) + 1 - band;
            s += f * f;
        }

        return s;
    }

    // MGH 28, discrete boundary value
    [Differentiable]
    public static double DiscreteBoundaryValue(double[] x)
    {
        int n = x.Length;
        double h = 1.0 / (n + 1);
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double t = (i + 1) * h;
            double left = i == 0 ? 0.0 : x[i - 1];
            double right = i == n - 1 ? 0.0 : x[i + 1];
            double f = 2 * x[i] - left - right + h * h * Math.Pow(x[i] + t + 1, 3) / 2;
            s += f * f;
        }

        return s;
    }

    // MGH 29, discrete integral equation: two inner loops split at the outer counter
    [Differentiable]
    public static double DiscreteIntegralEquation(double[] x)
    {
        int n = x.Length;
        double h = 1.0 / (n + 1);
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double ti = (i + 1) * h;
            double below = 0, above = 0;
            for (int j = 0; j <= i; j++)
            {
                double tj = (j + 1) * h;
                double c = x[j] + tj + 1;
                below += tj * c * c * c;
            }

            for (int j = i + 1; j < n; j++)
            {
                double tj = (j + 1) * h;
                double c = x[j] + tj + 1;
                above += (1 - tj) * c * c * c;
            }

            double f = x[i] + h * ((1 - ti) * below + ti * above) / 2;
            s += f * f;
        }

        return s;
    }

    // MGH 20, Watson: powers of t built by repeated *= in two inner loops
    [Differentiable]
    public static double Watson(double[] x)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 1; i <= 29; i++)
        {
            double ti = i / 29.0;
            double s1 = 0;
            double dx = 1;
            for (int j = 1; j < n; j++)
            {
                s1 += j * x[j] * dx;
                dx *= ti;
            }

            double s2 = 0;
            dx = 1;
            for (int j = 0; j < n; j++)
            {
                s2 += x[j] * dx;
                dx *= ti;
            }

            double f = s1 - s2 * s2 - 1;
            s += f * f;
        }

        double g = x[1] - x[0] * x[0] - 1;
        return s + x[0] * x[0] + g * g;
    }

    // MGH 24, Penalty II
    [Differentiable]
    public static double PenaltyII(double[] x)
    {
        int n = x.Length;
        const double a = 1e-5;
        double ra = Math.Sqrt(a);
        double f0 = x[0] - 0.2;
        double s = f0 * f0;
        for (int i = 1; i < n; i++)
        {
            double yi = Math.Exp((i + 1) / 10.0) + Math.Exp(i / 10.0);
            double f = ra * (Math.Exp(x[i] / 10) + Math.Exp(x[i - 1] / 10) - yi);
            s += f * f;
        }

        for (int i = n; i < 2 * n - 1; i++)
        {
            double f = ra * (Math.Exp(x[i - n + 1] / 10) - Math.Exp(-0.1));
            s += f * f;
        }

        double tail = 0;
        for (int j = 0; j < n; j++)
        {
            tail += (n - j) * x[j] * x[j];
        }

        tail -= 1;
        return s + tail * tail;
    }

    // MGH 27, Brown almost-linear
    [Differentiable]
    public static double BrownAlmostLinear(double[] x)
    {
        int n = x.Length;
        double sum = 0, prod = 1;
        foreach (double v in x)
        {
            sum += v;
            prod *= v;
        }

        double s = 0;
        for (int i = 0; i < n - 1; i++)
        {
            double f = x[i] + sum - (n + 1);
            s += f * f;
        }

        double last = prod - 1;
        return s + last * last;
    }

    // MGH 8, Bard: integer data u, v, w = min(u, v) from the counter
    [Differentiable]
    public static double Bard(double[] x)
    {
        double s = 0;
        for (int i = 1; i <= 15; i++)
        {
            int u = i;
            int v = 16 - i;
            int w = Math.Min(u, v);
            double r = BardY[i - 1] - (x[0] + u / (v * x[1] + w * x[2]));
            s += r * r;
        }

        return s;
    }

    // MGH 15, Kowalik and Osborne: two static readonly data arrays
    [Differentiable]
    public static double KowalikOsborne(double[] x)
    {
        double s = 0;
        for (int i = 0; i < KowalikY.Length; i++)
        {
            double u = KowalikU[i];
            double r = KowalikY[i] - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3]);
            s += r * r;
        }

        return s;
    }

    // MGH 11, Gulf research and development: Pow of an Abs with a differentiable exponent
    [Differentiable]
    public static double GulfResearch(double[] x)
    {
        double s = 0;
        for (int i = 1; i <= 10; i++)
        {
            double t = i / 100.0;
            double y = 25 + Math.Pow(-50 * Math.Log(t), 2.0 / 3.0);
            double f = Math.Exp(-Math.Pow(Math.Abs(y - x[1]), x[2]) / x[0]) - t;
            s += f * f;
        }

        return s;
    }

    // MGH 6, Jennrich and Sampson
    [Differentiable]
    public static double JennrichSampson(double x, double y)
    {
        double s = 0;
        for (int i = 1; i <= 10; i++)
        {
            double f = 2 + 2 * i - (Math.Exp(i * x) + Math.Exp(i * y));
            s += f * f;
        }

        return s;
    }

    // Dixon–Price, with a long counter
    [Differentiable]
    public static double DixonPrice(double[] x)
    {
        double d = x[0] - 1;
        double s = d * d;
        for (long i = 1; i < x.Length; i++)
        {
            double t = 2 * x[i] * x[i] - x[i - 1];
            s += (i + 1) * t * t;
        }

        return s;
    }

    // CUTEst ARWHEAD, in a while loop
    [Differentiable]
    public static double Arwhead(double[] x)
    {
        int n = x.Length;
        double last = x[n - 1];
        double s = 0;
        int i = 0;
        while (i < n - 1)
        {
            double q = x[i] * x[i] + last * last;
            s += -4 * x[i] + 3 + q * q;
            i++;
        }

        return s;
    }

    // Trid, in a do-while loop
    [Differentiable]
    public static double Trid(double[] x)
    {
        double s = 0;
        int i = 0;
        do
        {
            double d = x[i] - 1;
            s += d * d;
            if (i > 0)
            {
                s -= x[i] * x[i - 1];
            }

            i++;
        }
        while (i < x.Length);

        return s;
    }

    // ===================== CppAD: example/ and test_more/ =====================

    // CppAD Poly(k, a, z): the k-th derivative of a polynomial, with long factorial factors
    [Differentiable]
    public static double CppadPoly(int k, double[] a, double z)
    {
        int d = a.Length - 1;
        if (k > d)
        {
            return 0.0;
        }

        double b = 0;
        for (int i = d; i >= k; i--)
        {
            long factor = 1;
            for (long j = i; j > i - k; j--)
            {
                factor *= j;
            }

            b = b * z + factor * a[i];
        }

        return b;
    }

    // CppAD det_by_lu: LU with partial pivoting, row swaps on a local copy
    [Differentiable]
    public static double CppadDetByLu(double[] m, int n)
    {
        var a = new double[n * n];
        for (int i = 0; i < n * n; i++)
        {
            a[i] = m[i];
        }

        double det = 1;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            double best = Math.Abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(a[i * n + k]);
                if (v > best)
                {
                    best = v;
                    p = i;
                }
            }

            if (p != k)
            {
                for (int j = 0; j < n; j++)
                {
                    double t = a[k * n + j];
                    a[k * n + j] = a[p * n + j];
                    a[p * n + j] = t;
                }

                det = -det;
            }

            double piv = a[k * n + k];
            det *= piv;
            for (int i = k + 1; i < n; i++)
            {
                double l = a[i * n + k] / piv;
                for (int j = k; j < n; j++)
                {
                    a[i * n + j] -= l * a[k * n + j];
                }
            }
        }

        return det;
    }

    // CppAD cond_exp.cpp: log where positive, a quadratic elsewhere
    [Differentiable]
    public static double CppadCondExpLog(double[] x)
    {
        double s = 0;
        for (int j = 0; j < x.Length; j++)
        {
            s += x[j] > 0 ? Math.Log(x[j]) : x[j] * x[j];
        }

        return s;
    }

    // CppAD azmul: absolute-zero multiplication
    [Differentiable]
    public static double CppadAzmul(double x, double y) => x == 0 ? 0.0 : x * y;

    // CppAD test_more add_eq, sub_eq, mul_eq, div_eq
    [Differentiable]
    public static double CppadCompoundOps(double x, double y)
    {
        double z = x;
        z += y;
        z -= 2 * x;
        z *= y;
        z /= x;
        z += z * z;
        z -= y / z;
        return z;
    }

    // CppAD asinh.cpp, acosh.cpp, atanh.cpp, log1p.cpp, expm1.cpp, atan2.cpp: inverse pairs (slope 5 for x > 0)
    [Differentiable]
    public static double CppadInverseIdentities(double x)
    {
        double a = Math.Asinh(Math.Sinh(x));
        double b = Math.Acosh(Math.Cosh(x));
        double c = Math.Atanh(Math.Tanh(x));
        double d = double.LogP1(double.ExpM1(x));
        double e = Math.Atan2(Math.Sin(x), Math.Cos(x));
        return a + b + c + d + e;
    }

    // CppAD vec_ad.cpp: a table read at an index computed from a value, then linear interpolation
    [Differentiable]
    public static double CppadTableLookup(double[] table, double x)
    {
        int k = (int)Math.Floor(x);
        if (k < 0)
        {
            k = 0;
        }

        if (k > table.Length - 2)
        {
            k = table.Length - 2;
        }

        double frac = x - k;
        return table[k] + frac * (table[k + 1] - table[k]);
    }

    // CppAD speed/src/ode_evaluate: y0' = x0, yi' = xi * y(i-1)
    [Differentiable]
    public static void OdeRhsChain(double[] y, double[] x, double[] f)
    {
        f[0] = x[0];
        for (int i = 1; i < y.Length; i++)
        {
            f[i] = x[i] * y[i - 1];
        }
    }

    // a step helper with local stage arrays, updating the state in place
    [Differentiable]
    public static void MidpointStep(double[] state, double[] x, double dt)
    {
        int n = state.Length;
        var k1 = new double[n];
        var mid = new double[n];
        var k2 = new double[n];
        OdeRhsChain(state, x, k1);
        for (int i = 0; i < n; i++)
        {
            mid[i] = state[i] + 0.5 * dt * k1[i];
        }

        OdeRhsChain(mid, x, k2);
        for (int i = 0; i < n; i++)
        {
            state[i] += dt * k2[i];
        }
    }

    [Differentiable]
    public static double CppadOdeEvaluate(double[] x, int steps)
    {
        int n = x.Length;
        var y = new double[n];
        double dt = 1.0 / steps;
        for (int s = 0; s < steps; s++)
        {
            MidpointStep(y, x, dt);
        }

        double r = 0;
        for (int i = 0; i < n; i++)
        {
            r += y[i];
        }

        return r;
    }

    // CppAD sign.cpp: sign(x) * x^2 = x|x|, derivative 2|x|
    [Differentiable]
    public static double CppadSignTimesSquare(double x) => Math.Sign(x) * x * x;

    // CppAD abs.cpp: abs at and away from zero
    [Differentiable]
    public static double CppadAbsKinks(double x, double y) => Math.Abs(x) + Math.Abs(x * y) + Math.Abs(x - y);

    // ===================== ADOL-C examples =====================

    // ADOL-C odexam.cpp tracerhs (constants scaled down): the helper reads back what it wrote
    [Differentiable]
    public static void AdolcTraceRhs(double[] y, double[] yprime)
    {
        yprime[0] = -Math.Sin(y[2]) + 1e2 * y[2] * (1 - 1 / y[0]);
        yprime[1] = -10 * y[0] + 3e1 * y[2] * (1 - y[1]);
        yprime[2] = -yprime[0] - yprime[1];
    }

    [Differentiable]
    public static double AdolcOdeEuler(double[] y0, double h, int steps)
    {
        var y = new double[3];
        var yp = new double[3];
        for (int i = 0; i < 3; i++)
        {
            y[i] = y0[i];
        }

        for (int s = 0; s < steps; s++)
        {
            AdolcTraceRhs(y, yp);
            for (int i = 0; i < 3; i++)
            {
                y[i] += h * yp[i];
            }
        }

        return y[0] * y[1] + y[2];
    }

    // ADOL-C helm-auto-exam.cpp: Helmholtz energy
    [Differentiable]
    public static double AdolcHelmholtz(double[] x)
    {
        const double Rt = 0.3;
        double r2 = Math.Sqrt(2.0);
        int n = x.Length;
        double bx = 0;
        for (int i = 0; i < n; i++)
        {
            bx += HelmB[i] * x[i];
        }

        double xax = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                xax += x[i] * x[j] / (i + j + 1.0);
            }
        }

        double he = 0;
        for (int i = 0; i < n; i++)
        {
            he += x[i] * Math.Log(x[i] / (1 - bx));
        }

        double t = Math.Log((1 + (1 + r2) * bx) / (1 + (1 - r2) * bx));
        return Rt * he - xax * t / (2 * r2 * bx);
    }

    // ADOL-C gaussexam.cpp: elimination without pivoting and back substitution
    [Differentiable]
    public static double AdolcGaussSolve(double[] a, double[] b)
    {
        int n = b.Length;
        var m = new double[n * n];
        var r = new double[n];
        for (int i = 0; i < n * n; i++)
        {
            m[i] = a[i];
        }

        for (int i = 0; i < n; i++)
        {
            r[i] = b[i];
        }

        for (int k = 0; k < n - 1; k++)
        {
            for (int i = k + 1; i < n; i++)
            {
                double l = m[i * n + k] / m[k * n + k];
                for (int j = k; j < n; j++)
                {
                    m[i * n + j] -= l * m[k * n + j];
                }

                r[i] -= l * r[k];
            }
        }

        var sol = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double acc = r[i];
            for (int j = i + 1; j < n; j++)
            {
                acc -= m[i * n + j] * sol[j];
            }

            sol[i] = acc / m[i * n + i];
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += (i + 1) * sol[i];
        }

        return s;
    }

    // ADOL-C fixpoint_exam.cpp style: x = u cos(x) iterated to convergence, with a break
    [Differentiable]
    public static double AdolcFixpoint(double u)
    {
        double x = 0.5;
        for (int it = 0; it < 200; it++)
        {
            double next = u * Math.Cos(x);
            bool done = Math.Abs(next - x) < 1e-15;
            x = next;
            if (done)
            {
                break;
            }
        }

        return x;
    }

    // ===================== Stan Math: rev-mode tests =====================

    // log_mix(theta, lambda1, lambda2), through a max-shifted log_sum_exp
    [Differentiable]
    public static double StanLogMix(double theta, double lambda1, double lambda2)
    {
        double a = Math.Log(theta) + lambda1;
        double b = double.LogP1(-theta) + lambda2;
        double m = Math.Max(a, b);
        return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
    }

    // log_diff_exp(x, y) = x + log1m_exp(y - x)
    [Differentiable]
    public static double StanLogDiffExp(double x, double y) => x + Math.Log(-double.ExpM1(y - x));

    // lub_constrain with its log Jacobian
    [Differentiable]
    public static double StanLubConstrain(double x, double lb, double ub)
    {
        double invLogit = 1 / (1 + Math.Exp(-x));
        double y = lb + (ub - lb) * invLogit;
        double lp = Math.Log(ub - lb) + Math.Log(invLogit) + Math.Log(1 - invLogit);
        return y * y + lp;
    }

    // ordered_constrain: y[k] = y[k-1] + exp(x[k]) in a local array
    [Differentiable]
    public static double StanOrderedConstrain(double[] x)
    {
        int n = x.Length;
        var y = new double[n];
        y[0] = x[0];
        double lp = 0;
        for (int k = 1; k < n; k++)
        {
            y[k] = y[k - 1] + Math.Exp(x[k]);
            lp += x[k];
        }

        double s = lp;
        for (int k = 0; k < n; k++)
        {
            s += (k % 2 == 0 ? 1 : -1) * y[k] * y[k] / (k + 1);
        }

        return s;
    }

    // simplex_constrain: stick breaking
    [Differentiable]
    public static double StanSimplexConstrain(double[] y)
    {
        int n = y.Length;
        var x = new double[n + 1];
        double stick = 1.0;
        double lp = 0;
        for (int k = 0; k < n; k++)
        {
            double adj = y[k] - Math.Log(n - k);
            double z = 1 / (1 + Math.Exp(-adj));
            x[k] = stick * z;
            lp += Math.Log(stick) + Math.Log(z) + Math.Log(1 - z);
            stick -= x[k];
        }

        x[n] = stick;
        double s = lp;
        for (int k = 0; k <= n; k++)
        {
            s += (k + 1) * x[k] * x[k];
        }

        return s;
    }

    // unit_vector_constrain on a ReadOnlySpan
    [Differentiable]
    public static double StanUnitVector(ReadOnlySpan<double> y)
    {
        double sn = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sn += y[i] * y[i];
        }

        double r = Math.Sqrt(sn);
        double s = -0.5 * sn;
        for (int i = 0; i < y.Length; i++)
        {
            s += (i + 1) * (y[i] / r);
        }

        return s;
    }

    // variance and sd by Welford's update with a long count
    [Differentiable]
    public static double StanWelford(double[] x)
    {
        double mean = 0, m2 = 0;
        long count = 0;
        foreach (double v in x)
        {
            count++;
            double delta = v - mean;
            mean += delta / count;
            m2 += delta * (v - mean);
        }

        double variance = m2 / (count - 1);
        return Math.Sqrt(variance) + variance * mean;
    }

    // normal, cauchy, logistic and double-exponential lpdf selected by a switch in the loop
    [Differentiable]
    public static double StanLpdf(double[] y, double mu, double sigma, int family)
    {
        double lp = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double z = (y[i] - mu) / sigma;
            switch (family)
            {
                case 0:
                    lp += -0.5 * z * z - Math.Log(sigma) - 0.5 * Math.Log(2 * Math.PI);
                    break;
                case 1:
                    lp += -Math.Log(Math.PI) - Math.Log(sigma) - double.LogP1(z * z);
                    break;
                case 2:
                    lp += -z - Math.Log(sigma) - 2 * double.LogP1(Math.Exp(-z));
                    break;
                default:
                    lp += -Math.Log(2 * sigma) - Math.Abs(z);
                    break;
            }
        }

        return lp;
    }

    // multiply_log(x, y) = x log y, defined as 0 at (0, 0)
    [Differentiable]
    public static double StanMultiplyLog(double x, double y) => x == 0 && y == 0 ? 0.0 : x * Math.Log(y);

    // fdim and fmod
    [Differentiable]
    public static double StanFdimFmod(double x, double y)
    {
        double fdim = x > y ? x - y : 0.0;
        double fmod = x % y;
        return fdim * fdim + fmod * x;
    }

    // gp_exp_quad_cov filled symmetrically, then a fixed quadratic weighting
    [Differentiable]
    public static double StanGpExpQuadCov(double[] x, double alpha, double rho)
    {
        int n = x.Length;
        var k = new double[n * n];
        double a2 = alpha * alpha;
        double inv = 1.0 / (2 * rho * rho);
        for (int i = 0; i < n; i++)
        {
            k[i * n + i] = a2 + 1e-9;
            for (int j = i + 1; j < n; j++)
            {
                double d = x[i] - x[j];
                double v = a2 * Math.Exp(-d * d * inv);
                k[i * n + j] = v;
                k[j * n + i] = v;
            }
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                s += ((i + j) % 3 - 1) * k[i * n + j];
            }
        }

        return s;
    }

    // cumulative_sum, then squared_distance to a static readonly target (loop bound with &&)
    [Differentiable]
    public static double StanCumSumDistance(double[] x)
    {
        var c = new double[x.Length];
        double run = 0;
        for (int i = 0; i < x.Length; i++)
        {
            run += x[i];
            c[i] = run;
        }

        double d = 0;
        for (int i = 0; i < c.Length && i < Target4.Length; i++)
        {
            double e = c[i] - Target4[i];
            d += e * e;
        }

        return d;
    }

    // ===================== C++ autodiff library: examples and tests =====================

    // examples/reverse/gradient: f(x, y, z) = 1 + x + y + z + xy + yz + xz + xyz + exp(x/y + y/z)
    [Differentiable]
    public static double AutodiffExample(double x, double y, double z) =>
        1 + x + y + z + x * y + y * z + x * z + x * y * z + Math.Exp(x / y + y / z);

    // examples: gradient with respect to a vector and a parameter
    [Differentiable]
    public static double AutodiffWithParameter(double[] x, double p)
    {
        double s = 0;
        foreach (var v in x)
        {
            s += v * v;
        }

        return s * Math.Exp(p);
    }

    // tests: min, max and condition(x < y, ...)
    [Differentiable]
    public static double AutodiffMinMax(double x, double y) => Math.Min(x, y) * Math.Max(x, y) + (x < y ? x * y : x + y);

    // tests: hypot of three through nested two-argument Hypot
    [Differentiable]
    public static double AutodiffHypot3(double x, double y, double z) => double.Hypot(double.Hypot(x, y), z) + x;

    // ===================== DiffTests.jl (ForwardDiff.jl, ReverseDiff.jl), Zygote.jl =====================

    // num2num_1 .. num2num_5
    [Differentiable]
    public static double DiffTestsNum2Num(double x)
    {
        double s = Math.Sin(x);
        double c = Math.Cos(x);
        return s * s / (c * c) + 2 * x + Math.Sqrt(x * x * x) + Math.Pow(10.31, x + x) - x + 1.0 / (1.0 + Math.Exp(-x));
    }

    // vec2num_1, vec2num_2, vec2num_3
    [Differentiable]
    public static double DiffTestsVec2NumA(double[] x)
    {
        double v1 = (Math.Exp(x[0]) + Math.Log(x[2]) * x[3]) / x[4];
        double v2 = x[0] * x[1] + Math.Sin(x[0]);
        double q = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double sq = x[i] * x[i];
            q += sq * sq;
        }

        return v1 + v2 + Math.Sqrt(q);
    }

    // vec2num_4, vec2num_5, vec2num_7
    [Differentiable]
    public static double DiffTestsVec2NumB(double[] x)
    {
        double sum = 0, prod = 1, cubes = 0, mapped = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i];
            prod *= x[i];
            double m = -x[i];
            cubes += m * m * m;
        }

        foreach (double y in x)
        {
            mapped += x[0] * y;
        }

        return sum + prod + cubes + mapped;
    }

    // vec2num_6: sum of ifelse(x > 0, x, 0), squared
    [Differentiable]
    public static double DiffTestsReluSum(double[] x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s += v > 0 ? v : 0;
        }

        return s * s;
    }

    // self_weighted_logit
    [Differentiable]
    public static double SelfWeightedLogit(double[] x)
    {
        double d = 0;
        for (int i = 0; i < x.Length; i++)
        {
            d += x[i] * x[i];
        }

        return 1.0 / (1.0 + Math.Exp(-d));
    }

    // Zygote test/features.jl: pow with a while loop that decrements the int parameter
    [Differentiable]
    public static double ZygotePowWhile(double x, int n)
    {
        double r = 1;
        while (n > 0)
        {
            n -= 1;
            r *= x;
        }

        return r;
    }

    // Zygote: local tuples, a, b = b * a, a - b
    [Differentiable]
    public static double ZygoteTupleAssign(double x, double y)
    {
        var (a, b) = (x, 2 * y);
        (a, b) = (b * a, a - b);
        double c, d;
        (c, d) = (Math.Sin(a), Math.Cos(b));
        return a * b + c * d;
    }

    // Zygote: maximum over an array, ties go to the first
    [Differentiable]
    public static double ZygoteMaximumTies(double[] a)
    {
        double m = a[0];
        for (int i = 1; i < a.Length; i++)
        {
            m = Math.Max(m, a[i]);
        }

        return m * m + a[1];
    }

    // ReverseDiff README: sum(a' * b + a * b')
    [Differentiable]
    public static double ReverseDiffOuterPlusInner(double[] a, double[] b)
    {
        int n = a.Length;
        double inner = 0;
        for (int i = 0; i < n; i++)
        {
            inner += a[i] * b[i];
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                s += inner + a[i] * b[j];
            }
        }

        return s;
    }

    // ===================== Tapenade examples =====================

    // Burgers' equation, upwind advection and diffusion on a periodic grid, local copy inside the helper
    [Differentiable]
    public static void BurgersStep(double[] u, double dt, double nu)
    {
        int n = u.Length;
        var un = new double[n];
        for (int i = 0; i < n; i++)
        {
            un[i] = u[i];
        }

        for (int i = 0; i < n; i++)
        {
            int im = (i - 1 + n) % n;
            int ip = (i + 1) % n;
            double adv = un[i] > 0 ? un[i] * (un[i] - un[im]) : un[i] * (un[ip] - un[i]);
            u[i] = un[i] - dt * adv + nu * dt * (un[ip] - 2 * un[i] + un[im]);
        }
    }

    [Differentiable]
    public static double TapenadeBurgers(double[] u0, double nu, int steps)
    {
        int n = u0.Length;
        var u = new double[n];
        for (int i = 0; i < n; i++)
        {
            u[i] = u0[i];
        }

        for (int s = 0; s < steps; s++)
        {
            BurgersStep(u, 0.05, nu);
        }

        double e = 0;
        foreach (double v in u)
        {
            e += v * v;
        }

        return 0.5 * e;
    }

    // power iteration: a local array declared inside the iteration loop, then the Rayleigh quotient
    [Differentiable]
    public static double TapenadePowerIteration(double[] a, int n, int iters)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = 1.0;
        }

        for (int it = 0; it < iters; it++)
        {
            var w = new double[n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    w[i] += a[i * n + j] * v[j];
                }
            }

            double norm = 0;
            for (int i = 0; i < n; i++)
            {
                norm += w[i] * w[i];
            }

            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++)
            {
                v[i] = w[i] / norm;
            }
        }

        double rq = 0;
        for (int i = 0; i < n; i++)
        {
            double av = 0;
            for (int j = 0; j < n; j++)
            {
                av += a[i * n + j] * v[j];
            }

            rq += v[i] * av;
        }

        return rq;
    }

    // static void Step(double[] state, double dt): symplectic Euler for a pendulum
    [Differentiable]
    public static void PendulumStep(double[] state, double dt)
    {
        double omega = state[1] - dt * Math.Sin(state[0]);
        state[1] = omega;
        state[0] += dt * omega;
    }

    [Differentiable]
    public static double PendulumEnergyAfter(double theta, double omega, int steps)
    {
        var st = new double[2];
        st[0] = theta;
        st[1] = omega;
        for (int k = 0; k < steps; k++)
        {
            PendulumStep(st, 0.1);
        }

        return 0.5 * st[1] * st[1] - Math.Cos(st[0]);
    }

    // ===================== Calls: extensions, overloads, helpers that write, chains =====================

    [Differentiable]
    public static double Logistic(this double x) => 1.0 / (1.0 + Math.Exp(-x));

    [Differentiable]
    public static double WeightedDot(this double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (i + 1) * a[i] * b[i];
        }

        return s;
    }

    [Differentiable]
    public static double ExtensionChain(double[] a, double[] b) => a.WeightedDot(b).Logistic() + b.WeightedDot(a) * 0.1;

    // three overloads of one name
    [Differentiable]
    public static double Energy2(double x, double y) => x * x + x * y + 2 * y * y;

    [Differentiable]
    public static double Energy2(double[] v)
    {
        double s = 0;
        for (int i = 0; i + 1 < v.Length; i++)
        {
            s += Energy2(v[i], v[i + 1]);
        }

        return s;
    }

    [Differentiable]
    public static double Energy2(double[] v, double scale) => scale * Energy2(v) + Energy2(scale, v[0]);

    // a helper that returns a value and also writes its array
    [Differentiable]
    public static double PrefixSumInPlace(double[] a)
    {
        for (int i = 1; i < a.Length; i++)
        {
            a[i] += a[i - 1];
        }

        return a[a.Length - 1];
    }

    [Differentiable]
    public static double UsesPrefixSum(double[] x, double w)
    {
        var c = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            c[i] = x[i] * w;
        }

        double total = PrefixSumInPlace(c);
        double s = 0;
        for (int i = 0; i < c.Length; i++)
        {
            s += c[i] * c[i] / (i + 1);
        }

        return s - total * w;
    }

    [Differentiable]
    public static double UsesPrefixSumOnParameter(double[] x)
    {
        double t = PrefixSumInPlace(x);
        return t * x[0] + x[1] * x[2];
    }

    // a chain four deep: ChainTop -> SmoothNorm -> ScaleInto -> Logistic
    [Differentiable]
    public static void ScaleInto(double[] src, double factor, double[] dst)
    {
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = factor * src[i] + src[i].Logistic();
        }
    }

    [Differentiable]
    public static double SmoothNorm(double[] v, double eps)
    {
        var t = new double[v.Length];
        ScaleInto(v, eps, t);
        double s = 0;
        for (int i = 0; i < t.Length; i++)
        {
            s += t[i] * t[i];
        }

        return Math.Sqrt(s + eps * eps);
    }

    [Differentiable]
    public static double ChainTop(double[] v, double eps) => SmoothNorm(v, eps) * SmoothNorm(v, 2 * eps) - SmoothNorm(v, eps * eps);

    // a span helper that updates its output in place, called with arrays
    [Differentiable]
    public static void AxpySpan(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    [Differentiable]
    public static double SpanResidual(double[] x, double[] y, double a)
    {
        var r = new double[y.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = y[i];
        }

        AxpySpan(x, -a, r);
        double s = 0;
        for (int i = 0; i < r.Length; i++)
        {
            s += r[i] * r[i];
        }

        return s;
    }

    // ===================== Loops, integers, floats and kinks =====================

    // float weights and inputs, a double bias, a float const leak and MathF
    [Differentiable]
    public static float FloatLeakyLayer(float[] w, float[] x, double bias)
    {
        float acc = 0f;
        for (int i = 0; i < w.Length; i++)
        {
            acc += w[i] * x[i];
        }

        double z = acc + bias;
        double act = z > 0 ? z : Leak * z;
        return (float)(act * act + MathF.Tanh(acc));
    }

    // long counter, long const modulus, modulo and integer division in indices, continue
    [Differentiable]
    public static double LongModuloWeights(double[] a, double x)
    {
        double s = 0;
        for (long i = 0; i < a.Length; i++)
        {
            long w = (i * 7L) % Modulus;
            s += a[i] * w * x;
            if (i % 3 == 2)
            {
                continue;
            }

            s += Math.Pow(x, i % 3 + 1) * a[i / 2];
        }

        return s;
    }

    // switch on Math.Sign inside foreach
    [Differentiable]
    public static double SwitchOnSign(double[] a, double x)
    {
        double s = 0;
        foreach (double v in a)
        {
            switch (Math.Sign(v))
            {
                case 1:
                    s += v * x;
                    break;
                case -1:
                    s -= Math.Exp(v) * x * x;
                    break;
                default:
                    s += x;
                    break;
            }
        }

        return s;
    }

    // fractional part by Floor, then Clamp
    [Differentiable]
    public static double SawtoothClamp(double x, double y)
    {
        double frac = x - Math.Floor(x);
        double c = Math.Clamp(y * frac, -0.5, 0.5);
        return frac * frac + c * y;
    }

    // four ReLU-like forms: slope 1 + 0 + 0 + 0 at x = 0 by the conventions
    [Differentiable]
    public static double ReluForms(double x) => Math.Max(x, 0.0) + 2 * Math.Max(0.0, x) + 4 * (x > 0 ? x : 0.0) + 8 * Math.Abs(x);

    // foreach over a static readonly stencil with a const radius
    [Differentiable]
    public static double StencilSmoothEnergy(double[] u)
    {
        int n = u.Length;
        double e = 0;
        for (int i = Radius; i < n - Radius; i++)
        {
            double v = 0;
            int k = 0;
            foreach (double w in Stencil3)
            {
                v += w * u[i - Radius + k];
                k++;
            }

            e += (v - u[i]) * (v - u[i]);
        }

        return e;
    }

    // early return from the inner of two nested loops
    [Differentiable]
    public static double FirstPairAbove(double[] a, double x)
    {
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = i + 1; j < a.Length; j++)
            {
                double p = a[i] * a[j] * x;
                if (p > 1.0)
                {
                    return p + a[i];
                }
            }
        }

        return x * x;
    }

    // do-while with a data-dependent trip count, *= and += on a local array, a modulo neighbour
    [Differentiable]
    public static double DoWhileDecay(double[] a, double rate)
    {
        int n = a.Length;
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = a[i];
        }

        int rounds = 0;
        double total;
        do
        {
            total = 0;
            for (int i = 0; i < n; i++)
            {
                w[i] *= rate;
                w[i] += 0.1 * w[(i + 1) % n];
                total += w[i] * w[i];
            }

            rounds++;
        }
        while (total > 0.05 && rounds < 20);

        return total + rounds * rate;
    }

    // a local array declared inside a while loop, integer division and modulo on the length
    [Differentiable]
    public static double BlockMeans(double[] a, int block)
    {
        int blocks = a.Length / block;
        double s = 0;
        int b = 0;
        while (b < blocks)
        {
            var chunk = new double[block];
            for (int k = 0; k < block; k++)
            {
                chunk[k] = a[b * block + k];
            }

            double mean = 0;
            foreach (double v in chunk)
            {
                mean += v;
            }

            mean /= block;
            s += mean * mean * (b + 1);
            b++;
        }

        return s + a[a.Length - 1] * (a.Length % block);
    }

    // a switch expression on i % 4 with Tanh, Atan2, Log and Sqrt arms, and an arm that throws
    [Differentiable]
    public static double PiecewiseByIndex(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (i % 4) switch
            {
                0 => Math.Tanh(a[i] * x),
                1 => Math.Atan2(a[i], x),
                2 => Math.Log(1 + a[i] * a[i]) * x,
                3 => Math.Sqrt(a[i] * a[i] + x * x),
                _ => throw new System.InvalidOperationException("i % 4 is " + (i % 4) + " at x = " + x),
            };
        }

        return s;
    }
}

public sealed class PeerSuitesThird
{
    private static readonly double[] A5 = { 0.7, -1.3, 0.4, 0.9, 1.6 };
    private static readonly double[] B5 = { -0.2, 0.5, 1.1, -0.8, 0.3 };
    private static readonly double[] P5 = { 0.6, 1.3, 0.8, 1.7, 1.1 };
    private static readonly double[] P4 = { 0.6, 1.3, 0.8, 1.7 };

    // ----- Moré–Garbow–Hillstrom / CUTEst -----

    [Fact]
    public void Mgh_extended_rosenbrock()
    {
        CheckA(ThirdPeerFns.ExtendedRosenbrock, ThirdPeerFns.ExtendedRosenbrockGradient, new[] { -1.2, 1.0, -1.2, 1.0 }, "ext_rosenbrock");
        CheckA(ThirdPeerFns.ExtendedRosenbrock, ThirdPeerFns.ExtendedRosenbrockGradient, new[] { 0.5, 0.3, 1.1, 0.9, 0.2, -0.4 }, "ext_rosenbrock");
    }

    [Fact]
    public void Mgh_powell_singular()
    {
        CheckA(ThirdPeerFns.PowellSingular, ThirdPeerFns.PowellSingularGradient, new[] { 3.0, -1.0, 0.0, 1.0 }, "powell_singular");
        CheckA(ThirdPeerFns.PowellSingular, ThirdPeerFns.PowellSingularGradient, new[] { 3.0, -1.0, 0.0, 1.0, 0.5, 0.2, -0.3, 0.8 }, "powell_singular");
    }

    [Fact]
    public void Mgh_wood()
    {
        CheckA(ThirdPeerFns.Wood, ThirdPeerFns.WoodGradient, new[] { -3.0, -1.0, -3.0, -1.0 }, "wood");
        CheckA(ThirdPeerFns.Wood, ThirdPeerFns.WoodGradient, new[] { 0.9, 1.1, 0.8, 1.3 }, "wood");
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(999997.0, 2.1e-6)]
    public void Mgh_brown_badly_scaled(double x, double y) =>
        Check2(ThirdPeerFns.BrownBadlyScaled, ThirdPeerFns.BrownBadlyScaledGradient, x, y, "brown_badly_scaled");

    [Theory]
    [InlineData(-1.0, 0.3, 0.2)]
    [InlineData(0.8, 0.6, 1.1)]
    // the branch on the sign of x1 adds a constant
    public void Mgh_helical_valley(double x1, double x2, double x3) =>
        Check3(ThirdPeerFns.HelicalValley, ThirdPeerFns.HelicalValleyGradient, x1, x2, x3, "helical");

    [Fact]
    public void Mgh_trigonometric()
    {
        CheckA(ThirdPeerFns.TrigonometricMgh, ThirdPeerFns.TrigonometricMghGradient, A5, "trigonometric");
        CheckA(ThirdPeerFns.TrigonometricMgh, ThirdPeerFns.TrigonometricMghGradient, B5, "trigonometric");
    }

    [Fact]
    // a local array allocated in each outer iteration, fvec[i] += and /=
    public void Mgh_chebyquad()
    {
        CheckA(ThirdPeerFns.Chebyquad, ThirdPeerFns.ChebyquadGradient, new[] { 1 / 6.0, 2 / 6.0, 3 / 6.0, 4 / 6.0, 5 / 6.0 }, "chebyquad");
        CheckA(ThirdPeerFns.Chebyquad, ThirdPeerFns.ChebyquadGradient, new[] { 0.1, 0.35, 0.55, 0.8 }, "chebyquad");
    }

    [Theory]
    [InlineData(0.5, -2.0)]
    [InlineData(1.3, 2.7)]
    public void Mgh_freudenstein_roth(double x, double y) =>
        Check2(ThirdPeerFns.FreudensteinRoth, ThirdPeerFns.FreudensteinRothGradient, x, y, "freudenstein");

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.3, 0.7)]
    public void Mgh_powell_badly_scaled(double x, double y) =>
        Check2(ThirdPeerFns.PowellBadlyScaled, ThirdPeerFns.PowellBadlyScaledGradient, x, y, "powell_badly_scaled");

    [Fact]
    public void Mgh_box_three_d()
    {
        CheckA(ThirdPeerFns.BoxThreeD, ThirdPeerFns.BoxThreeDGradient, new[] { 0.0, 10.0, 20.0 }, "box3d");
        CheckA(ThirdPeerFns.BoxThreeD, ThirdPeerFns.BoxThreeDGradient, new[] { 1.2, 9.5, 0.9 }, "box3d");
    }

    [Fact]
    public void Mgh_variably_dimensioned()
    {
        CheckA(ThirdPeerFns.VariablyDimensioned, ThirdPeerFns.VariablyDimensionedGradient, A5, "vardim");
        CheckA(ThirdPeerFns.VariablyDimensioned, ThirdPeerFns.VariablyDimensionedGradient, B5, "vardim");
    }

    [Fact]
    public void Mgh_broyden_tridiagonal()
    {
        CheckA(ThirdPeerFns.BroydenTridiagonal, ThirdPeerFns.BroydenTridiagonalGradient, new[] { -1.0, -1.0, -1.0, -1.0, -1.0 }, "broyden_tri");
        CheckA(ThirdPeerFns.BroydenTridiagonal, ThirdPeerFns.BroydenTridiagonalGradient, A5, "broyden_tri");
    }

    [Fact]
    // integer Max/Min bounds of the band and a continue on the diagonal
    public void Mgh_broyden_banded()
    {
        CheckA(ThirdPeerFns.BroydenBanded, ThirdPeerFns.BroydenBandedGradient, new[] { -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0 }, "broyden_banded");
        CheckA(ThirdPeerFns.BroydenBanded, ThirdPeerFns.BroydenBandedGradient, new[] { 0.3, -0.7, 0.2, 0.9, -0.4, 0.6, -0.1, 0.5 }, "broyden_banded");
    }

    [Fact]
    public void Mgh_discrete_boundary_value()
    {
        var start = new double[5];
        for (int i = 0; i < 5; i++)
        {
            double t = (i + 1) / 6.0;
            start[i] = t * (t - 1);
        }

        CheckA(ThirdPeerFns.DiscreteBoundaryValue, ThirdPeerFns.DiscreteBoundaryValueGradient, start, "dbv");
        CheckA(ThirdPeerFns.DiscreteBoundaryValue, ThirdPeerFns.DiscreteBoundaryValueGradient, A5, "dbv");
    }

    [Fact]
    public void Mgh_discrete_integral_equation()
    {
        var start = new double[5];
        for (int i = 0; i < 5; i++)
        {
            double t = (i + 1) / 6.0;
            start[i] = t * (t - 1);
        }

        CheckA(ThirdPeerFns.DiscreteIntegralEquation, ThirdPeerFns.DiscreteIntegralEquationGradient, start, "die");
        CheckA(ThirdPeerFns.DiscreteIntegralEquation, ThirdPeerFns.DiscreteIntegralEquationGradient, A5, "die");
    }

    [Fact]
    public void Mgh_watson()
    {
        CheckA(ThirdPeerFns.Watson, ThirdPeerFns.WatsonGradient, new double[6], "watson");
        CheckA(ThirdPeerFns.Watson, ThirdPeerFns.WatsonGradient, new[] { 0.1, 0.9, -0.2, 0.4, -0.3, 0.15 }, "watson");
    }

    [Fact]
    public void Mgh_penalty_ii()
    {
        CheckA(ThirdPeerFns.PenaltyII, ThirdPeerFns.PenaltyIIGradient, new[] { 0.5, 0.5, 0.5, 0.5 }, "penalty2");
        CheckA(ThirdPeerFns.PenaltyII, ThirdPeerFns.PenaltyIIGradient, new[] { 0.2, 0.4, 0.6, 0.8 }, "penalty2");
    }

    [Fact]
    public void Mgh_brown_almost_linear()
    {
        CheckA(ThirdPeerFns.BrownAlmostLinear, ThirdPeerFns.BrownAlmostLinearGradient, new[] { 0.5, 0.5, 0.5, 0.5, 0.5 }, "brown_almost_linear");
        CheckA(ThirdPeerFns.BrownAlmostLinear, ThirdPeerFns.BrownAlmostLinearGradient, P5, "brown_almost_linear");
    }

    [Fact]
    public void Mgh_bard()
    {
        CheckA(ThirdPeerFns.Bard, ThirdPeerFns.BardGradient, new[] { 1.0, 1.0, 1.0 }, "bard");
        CheckA(ThirdPeerFns.Bard, ThirdPeerFns.BardGradient, new[] { 0.08, 1.5, 2.3 }, "bard");
    }

    [Fact]
    public void Mgh_kowalik_osborne()
    {
        CheckA(ThirdPeerFns.KowalikOsborne, ThirdPeerFns.KowalikOsborneGradient, new[] { 0.25, 0.39, 0.415, 0.39 }, "kowalik");
        CheckA(ThirdPeerFns.KowalikOsborne, ThirdPeerFns.KowalikOsborneGradient, new[] { 0.19, 0.19, 0.12, 0.13 }, "kowalik");
    }

    [Fact]
    public void Mgh_gulf_research()
    {
        CheckA(ThirdPeerFns.GulfResearch, ThirdPeerFns.GulfResearchGradient, new[] { 5.0, 2.5, 0.15 }, "gulf");
        CheckA(ThirdPeerFns.GulfResearch, ThirdPeerFns.GulfResearchGradient, new[] { 40.0, 20.0, 1.2 }, "gulf");
    }

    [Theory]
    [InlineData(0.3, 0.4)]
    [InlineData(0.25, 0.26)]
    public void Mgh_jennrich_sampson(double x, double y) =>
        Check2(ThirdPeerFns.JennrichSampson, ThirdPeerFns.JennrichSampsonGradient, x, y, "jennrich");

    [Fact]
    public void Dixon_price_long_counter()
    {
        CheckA(ThirdPeerFns.DixonPrice, ThirdPeerFns.DixonPriceGradient, A5, "dixon_price");
        CheckA(ThirdPeerFns.DixonPrice, ThirdPeerFns.DixonPriceGradient, P5, "dixon_price");
    }

    [Fact]
    public void Cutest_arwhead()
    {
        CheckA(ThirdPeerFns.Arwhead, ThirdPeerFns.ArwheadGradient, A5, "arwhead");
        CheckA(ThirdPeerFns.Arwhead, ThirdPeerFns.ArwheadGradient, B5, "arwhead");
    }

    [Fact]
    public void Trid_do_while()
    {
        CheckA(ThirdPeerFns.Trid, ThirdPeerFns.TridGradient, A5, "trid");
        CheckA(ThirdPeerFns.Trid, ThirdPeerFns.TridGradient, B5, "trid");
    }

    // ----- CppAD -----

    [Theory]
    [InlineData(0, 0.7)]
    [InlineData(1, -1.3)]
    [InlineData(3, 0.7)]
    [InlineData(6, 0.7)]
    // k-th derivative of a polynomial with long factorial factors; k above the degree gives 0
    public void Cppad_poly(int k, double z) =>
        CheckAX((a, x) => ThirdPeerFns.CppadPoly(k, a, x), (double[] a, double x, double[] dA, ref double dX) => ThirdPeerFns.CppadPolyGradient(k, a, x, dA, ref dX), A5, z, "cppad_poly");

    [Fact]
    // LU with partial pivoting and row swaps
    public void Cppad_det_by_lu()
    {
        CheckA(m => ThirdPeerFns.CppadDetByLu(m, 3), (double[] m, double[] dM) => ThirdPeerFns.CppadDetByLuGradient(m, 3, dM), new[] { 2.0, -1.0, 0.5, 1.0, 3.0, -2.0, 0.4, 0.7, 1.5 }, "det_lu");
        CheckA(m => ThirdPeerFns.CppadDetByLu(m, 4), (double[] m, double[] dM) => ThirdPeerFns.CppadDetByLuGradient(m, 4, dM),
            new[] { 0.1, 2.0, 1.0, 0.3, 1.5, 0.2, -1.0, 0.7, 0.3, 0.8, 2.2, -0.4, 1.1, -0.6, 0.5, 1.9 }, "det_lu");
    }

    [Fact]
    public void Cppad_cond_exp_log()
    {
        CheckA(ThirdPeerFns.CppadCondExpLog, ThirdPeerFns.CppadCondExpLogGradient, A5, "cond_exp");
        CheckA(ThirdPeerFns.CppadCondExpLog, ThirdPeerFns.CppadCondExpLogGradient, B5, "cond_exp");
    }

    [Theory]
    [InlineData(0.7, -1.2)]
    [InlineData(-1.5, 0.4)]
    public void Cppad_azmul(double x, double y) =>
        Check2(ThirdPeerFns.CppadAzmul, ThirdPeerFns.CppadAzmulGradient, x, y, "azmul");

    [Fact]
    // at x == 0 the branch taken returns a constant: both adjoints are 0
    public void Cppad_azmul_at_zero()
    {
        AtPoint(ThirdPeerFns.CppadAzmulGradient, ThirdPeerFns.CppadAzmul, 0.0, 2.5, 0.0, 0.0, "azmul0");
    }

    [Theory]
    [InlineData(0.7, 1.9)]
    [InlineData(-1.2, 0.6)]
    public void Cppad_compound_ops(double x, double y) =>
        Check2(ThirdPeerFns.CppadCompoundOps, ThirdPeerFns.CppadCompoundOpsGradient, x, y, "compound_ops");

    [Theory]
    [InlineData(0.4)]
    [InlineData(1.1)]
    public void Cppad_inverse_identities(double x)
    {
        Check1(ThirdPeerFns.CppadInverseIdentities, ThirdPeerFns.CppadInverseIdentitiesGradient, x, "inverse_identities");
        double dX = 0;
        ThirdPeerFns.CppadInverseIdentitiesGradient(x, ref dX);
        Assert.Equal(5.0, dX, 1e-9);
    }

    [Theory]
    [InlineData(1.3)]
    [InlineData(2.7)]
    [InlineData(3.5)]
    // the index comes from Floor of a differentiable value
    public void Cppad_table_lookup(double x) =>
        CheckAX(ThirdPeerFns.CppadTableLookup, ThirdPeerFns.CppadTableLookupGradient, A5, x, "table");

    [Fact]
    // a midpoint step helper with local stage arrays, called in a loop
    public void Cppad_ode_evaluate() =>
        CheckA(x => ThirdPeerFns.CppadOdeEvaluate(x, 8), (double[] x, double[] dX) => ThirdPeerFns.CppadOdeEvaluateGradient(x, 8, dX), P4, "ode_evaluate");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void Cppad_sign_times_square(double x) =>
        Check1(ThirdPeerFns.CppadSignTimesSquare, ThirdPeerFns.CppadSignTimesSquareGradient, x, "sign");

    [Fact]
    public void Cppad_sign_times_square_at_zero()
    {
        double dX = 0;
        double v = ThirdPeerFns.CppadSignTimesSquareGradient(0.0, ref dX);
        Grad.SameValue(0.0, v, "sign0");
        Assert.Equal(0.0, dX);
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(-0.4, 0.9)]
    public void Cppad_abs(double x, double y) =>
        Check2(ThirdPeerFns.CppadAbsKinks, ThirdPeerFns.CppadAbsKinksGradient, x, y, "abs");

    [Fact]
    // Abs'(0) = 0: at (0, 1.5) only |x - y| contributes
    public void Cppad_abs_at_zero()
    {
        double dX = 0, dY = 0;
        double v = ThirdPeerFns.CppadAbsKinksGradient(0.0, 1.5, ref dX, ref dY);
        Grad.SameValue(ThirdPeerFns.CppadAbsKinks(0.0, 1.5), v, "abs0");
        Assert.Equal(-1.0, dX);
        Assert.Equal(1.0, dY);

        dX = 0;
        dY = 0;
        ThirdPeerFns.CppadAbsKinksGradient(0.0, 0.0, ref dX, ref dY);
        Assert.Equal(0.0, dX);
        Assert.Equal(0.0, dY);
    }

    // ----- ADOL-C -----

    [Fact]
    // a helper that writes yprime and reads back what it wrote, in an Euler loop
    public void Adolc_odexam_euler()
    {
        var y0 = new[] { 1.1, 0.2, 0.05 };
        var dY0 = new double[3];
        double h = 0.002, dH = 0;
        double v = ThirdPeerFns.AdolcOdeEulerGradient((double[])y0.Clone(), h, 10, dY0, ref dH);
        Grad.SameValue(ThirdPeerFns.AdolcOdeEuler(y0, h, 10), v, "odexam");
        Grad.Check(p => ThirdPeerFns.AdolcOdeEuler(Fd.Slice(p, 0, 3), p[3], 10), Fd.Pack(y0, h), Fd.Pack(dY0, dH), "odexam");
    }

    [Fact]
    public void Adolc_helmholtz()
    {
        CheckA(ThirdPeerFns.AdolcHelmholtz, ThirdPeerFns.AdolcHelmholtzGradient, new[] { 0.1, 0.2, 0.15, 0.3, 0.25 }, "helmholtz");
        CheckA(ThirdPeerFns.AdolcHelmholtz, ThirdPeerFns.AdolcHelmholtzGradient, new[] { 0.5, 0.05, 0.4, 0.12, 0.9 }, "helmholtz");
    }

    [Fact]
    public void Adolc_gauss_solve() =>
        CheckAB(ThirdPeerFns.AdolcGaussSolve, ThirdPeerFns.AdolcGaussSolveGradient, new[] { 4.0, 1.0, -0.5, 0.8, 3.5, 0.6, -0.3, 1.2, 5.0 }, new[] { 1.0, -2.0, 0.7 }, "gauss");

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.8)]
    // a fixed-point iteration with a convergence break
    public void Adolc_fixpoint(double u) =>
        Check1(ThirdPeerFns.AdolcFixpoint, ThirdPeerFns.AdolcFixpointGradient, u, "fixpoint");

    // ----- Stan Math -----

    [Theory]
    [InlineData(0.3, -1.2, 0.4)]
    [InlineData(0.5, 0.7, 0.7)]
    // the second point ties the two arguments of Max
    public void Stan_log_mix(double theta, double l1, double l2) =>
        Check3(ThirdPeerFns.StanLogMix, ThirdPeerFns.StanLogMixGradient, theta, l1, l2, "log_mix");

    [Theory]
    [InlineData(1.5, 0.3)]
    [InlineData(-0.2, -1.7)]
    public void Stan_log_diff_exp(double x, double y) =>
        Check2(ThirdPeerFns.StanLogDiffExp, ThirdPeerFns.StanLogDiffExpGradient, x, y, "log_diff_exp");

    [Theory]
    [InlineData(0.3, -1.0, 2.5)]
    [InlineData(-1.4, 0.5, 0.9)]
    public void Stan_lub_constrain(double x, double lb, double ub) =>
        Check3(ThirdPeerFns.StanLubConstrain, ThirdPeerFns.StanLubConstrainGradient, x, lb, ub, "lub");

    [Fact]
    public void Stan_ordered_constrain()
    {
        CheckA(ThirdPeerFns.StanOrderedConstrain, ThirdPeerFns.StanOrderedConstrainGradient, A5, "ordered");
        CheckA(ThirdPeerFns.StanOrderedConstrain, ThirdPeerFns.StanOrderedConstrainGradient, B5, "ordered");
    }

    [Fact]
    public void Stan_simplex_constrain()
    {
        CheckA(ThirdPeerFns.StanSimplexConstrain, ThirdPeerFns.StanSimplexConstrainGradient, A5, "simplex");
        CheckA(ThirdPeerFns.StanSimplexConstrain, ThirdPeerFns.StanSimplexConstrainGradient, B5, "simplex");
    }

    [Fact]
    // a ReadOnlySpan parameter with a Span adjoint
    public void Stan_unit_vector()
    {
        foreach (var a in new[] { A5, B5 })
        {
            var dA = new double[a.Length];
            double v = ThirdPeerFns.StanUnitVectorGradient(a, dA);
            Grad.SameValue(ThirdPeerFns.StanUnitVector(a), v, "unit_vector");
            Grad.Check(p => ThirdPeerFns.StanUnitVector(p), (double[])a.Clone(), dA, "unit_vector");
        }
    }

    [Fact]
    // Welford's running mean with a long count in a foreach
    public void Stan_welford_variance()
    {
        CheckA(ThirdPeerFns.StanWelford, ThirdPeerFns.StanWelfordGradient, A5, "welford");
        CheckA(ThirdPeerFns.StanWelford, ThirdPeerFns.StanWelfordGradient, P5, "welford");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    // a switch on the family inside the loop over observations
    public void Stan_lpdf(int family) =>
        CheckAXY((y, mu, sigma) => ThirdPeerFns.StanLpdf(y, mu, sigma, family),
            (double[] y, double mu, double sigma, double[] dY, ref double dMu, ref double dSigma) => ThirdPeerFns.StanLpdfGradient(y, mu, sigma, family, dY, ref dMu, ref dSigma),
            A5, 0.25, 1.3, "lpdf" + family);

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(-1.1, 0.4)]
    public void Stan_multiply_log(double x, double y) =>
        Check2(ThirdPeerFns.StanMultiplyLog, ThirdPeerFns.StanMultiplyLogGradient, x, y, "multiply_log");

    [Fact]
    public void Stan_multiply_log_at_origin()
    {
        AtPoint(ThirdPeerFns.StanMultiplyLogGradient, ThirdPeerFns.StanMultiplyLog, 0.0, 0.0, 0.0, 0.0, "multiply_log0");
    }

    [Theory]
    [InlineData(5.3, 1.7)]
    [InlineData(-4.1, 1.3)]
    // fmod's derivative in y is -trunc(x / y)
    public void Stan_fdim_fmod(double x, double y) =>
        Check2(ThirdPeerFns.StanFdimFmod, ThirdPeerFns.StanFdimFmodGradient, x, y, "fdim_fmod");

    [Fact]
    // a kernel matrix written twice per pair
    public void Stan_gp_exp_quad_cov() =>
        CheckAXY(ThirdPeerFns.StanGpExpQuadCov, ThirdPeerFns.StanGpExpQuadCovGradient, new[] { 0.1, 0.5, 1.3, -0.4 }, 1.2, 0.8, "gp_cov");

    [Fact]
    public void Stan_cumulative_sum_distance()
    {
        CheckA(ThirdPeerFns.StanCumSumDistance, ThirdPeerFns.StanCumSumDistanceGradient, A5, "cumsum");
        CheckA(ThirdPeerFns.StanCumSumDistance, ThirdPeerFns.StanCumSumDistanceGradient, new[] { 0.3, -0.2, 1.1 }, "cumsum");
    }

    // ----- C++ autodiff -----

    [Theory]
    [InlineData(1.0, 2.0, 3.0)]
    [InlineData(0.5, -1.5, 2.5)]
    public void Autodiff_example_gradient(double x, double y, double z) =>
        Check3(ThirdPeerFns.AutodiffExample, ThirdPeerFns.AutodiffExampleGradient, x, y, z, "autodiff_example");

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.9)]
    public void Autodiff_with_parameter(double p) =>
        CheckAX(ThirdPeerFns.AutodiffWithParameter, ThirdPeerFns.AutodiffWithParameterGradient, A5, p, "autodiff_param");

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(1.9, -0.5)]
    public void Autodiff_min_max(double x, double y) =>
        Check2(ThirdPeerFns.AutodiffMinMax, ThirdPeerFns.AutodiffMinMaxGradient, x, y, "minmax");

    [Fact]
    // a tie: Min and Max both give their derivative to x; the condition is false
    public void Autodiff_min_max_tie()
    {
        double dX = 0, dY = 0;
        double v = ThirdPeerFns.AutodiffMinMaxGradient(1.5, 1.5, ref dX, ref dY);
        Grad.SameValue(ThirdPeerFns.AutodiffMinMax(1.5, 1.5), v, "minmax_tie");
        // Min · Max at a tie, each split in half: 1.5 / 2 + 1.5 / 2, plus 1 from the branch x + y.
        Assert.Equal(2.5, dX);
        Assert.Equal(2.5, dY);
    }

    [Theory]
    [InlineData(0.3, -1.2, 0.8)]
    [InlineData(2.0, 1.0, -3.0)]
    public void Autodiff_hypot3(double x, double y, double z) =>
        Check3(ThirdPeerFns.AutodiffHypot3, ThirdPeerFns.AutodiffHypot3Gradient, x, y, z, "hypot3");

    [Fact]
    public void Autodiff_hypot3_at_origin()
    {
        double dX = 0, dY = 0, dZ = 0;
        double v = ThirdPeerFns.AutodiffHypot3Gradient(0.0, 0.0, 0.0, ref dX, ref dY, ref dZ);
        Grad.SameValue(0.0, v, "hypot0");
        Assert.Equal(new[] { 1.0, 0.0, 0.0 }, new[] { dX, dY, dZ });
    }

    // ----- DiffTests.jl, Zygote.jl, ReverseDiff.jl -----

    [Theory]
    [InlineData(0.4)]
    [InlineData(1.1)]
    public void DiffTests_num2num(double x) =>
        Check1(ThirdPeerFns.DiffTestsNum2Num, ThirdPeerFns.DiffTestsNum2NumGradient, x, "num2num");

    [Fact]
    public void DiffTests_vec2num_a()
    {
        CheckA(ThirdPeerFns.DiffTestsVec2NumA, ThirdPeerFns.DiffTestsVec2NumAGradient, P5, "vec2num_a");
        CheckA(ThirdPeerFns.DiffTestsVec2NumA, ThirdPeerFns.DiffTestsVec2NumAGradient, new[] { 1.2, -0.5, 0.3, 2.0, -1.1 }, "vec2num_a");
    }

    [Fact]
    public void DiffTests_vec2num_b()
    {
        CheckA(ThirdPeerFns.DiffTestsVec2NumB, ThirdPeerFns.DiffTestsVec2NumBGradient, A5, "vec2num_b");
        CheckA(ThirdPeerFns.DiffTestsVec2NumB, ThirdPeerFns.DiffTestsVec2NumBGradient, B5, "vec2num_b");
    }

    [Fact]
    public void DiffTests_relu_sum()
    {
        CheckA(ThirdPeerFns.DiffTestsReluSum, ThirdPeerFns.DiffTestsReluSumGradient, A5, "relu_sum");
        CheckA(ThirdPeerFns.DiffTestsReluSum, ThirdPeerFns.DiffTestsReluSumGradient, B5, "relu_sum");

        // at an element equal to 0 the branch taken is the constant 0
        var dA = new double[3];
        double v = ThirdPeerFns.DiffTestsReluSumGradient(new[] { 0.0, 1.0, -1.0 }, dA);
        Grad.SameValue(1.0, v, "relu_sum0");
        Assert.Equal(new[] { 0.0, 2.0, 0.0 }, dA);
    }

    [Fact]
    public void DiffTests_self_weighted_logit()
    {
        CheckA(ThirdPeerFns.SelfWeightedLogit, ThirdPeerFns.SelfWeightedLogitGradient, A5, "swl");
        CheckA(ThirdPeerFns.SelfWeightedLogit, ThirdPeerFns.SelfWeightedLogitGradient, B5, "swl");
    }

    [Theory]
    [InlineData(1.3, 5)]
    [InlineData(-0.7, 4)]
    [InlineData(0.9, 0)]
    public void Zygote_pow_while(double x, int n) =>
        Check1(v => ThirdPeerFns.ZygotePowWhile(v, n), (double v, ref double dV) => ThirdPeerFns.ZygotePowWhileGradient(v, n, ref dV), x, "pow_while");

    [Theory]
    [InlineData(0.7, 1.2)]
    [InlineData(-0.3, 0.4)]
    public void Zygote_tuple_assign(double x, double y) =>
        Check2(ThirdPeerFns.ZygoteTupleAssign, ThirdPeerFns.ZygoteTupleAssignGradient, x, y, "tuple_assign");

    [Fact]
    public void Zygote_maximum_ties()
    {
        CheckA(ThirdPeerFns.ZygoteMaximumTies, ThirdPeerFns.ZygoteMaximumTiesGradient, A5, "maximum");

        var dA = new double[3];
        double v = ThirdPeerFns.ZygoteMaximumTiesGradient(new[] { 1.5, 1.5, 0.5 }, dA);
        Grad.SameValue(ThirdPeerFns.ZygoteMaximumTies(new[] { 1.5, 1.5, 0.5 }), v, "maximum_tie");
        // The tie of the first two splits 2m = 3 between them, as ChainRules' max does; a[1] also adds 1.
        Assert.Equal(new[] { 1.5, 2.5, 0.0 }, dA);
    }

    [Fact]
    public void ReverseDiff_outer_plus_inner() =>
        CheckAB(ThirdPeerFns.ReverseDiffOuterPlusInner, ThirdPeerFns.ReverseDiffOuterPlusInnerGradient, A5, B5, "outer_inner");

    // ----- Tapenade -----

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    // a step helper with a local copy and periodic neighbours by modulo
    public void Tapenade_burgers(double nu)
    {
        var u0 = new[] { 1.0, 1.2, 0.8, 1.5, 0.9 };
        var dU0 = new double[5];
        double dNu = 0;
        double v = ThirdPeerFns.TapenadeBurgersGradient((double[])u0.Clone(), nu, 10, dU0, ref dNu);
        Grad.SameValue(ThirdPeerFns.TapenadeBurgers(u0, nu, 10), v, "burgers");
        Grad.Check(p => ThirdPeerFns.TapenadeBurgers(Fd.Slice(p, 0, 5), p[5], 10), Fd.Pack(u0, nu), Fd.Pack(dU0, dNu), "burgers");
    }

    [Fact]
    public void Tapenade_power_iteration() =>
        CheckA(a => ThirdPeerFns.TapenadePowerIteration(a, 3, 12), (double[] a, double[] dA) => ThirdPeerFns.TapenadePowerIterationGradient(a, 3, 12, dA),
            new[] { 4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0 }, "power_iteration");

    [Theory]
    [InlineData(0.5, -0.3)]
    [InlineData(1.2, 0.8)]
    public void Tapenade_pendulum(double theta, double omega) =>
        Check2((t, o) => ThirdPeerFns.PendulumEnergyAfter(t, o, 25),
            (double t, double o, ref double dT, ref double dO) => ThirdPeerFns.PendulumEnergyAfterGradient(t, o, 25, ref dT, ref dO), theta, omega, "pendulum");

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.25)]
    // the pullback of Step(double[] state, double dt)
    public void Tapenade_pendulum_step_pullback(double dt)
    {
        var c = new[] { 0.7, -1.1 };
        double Loss(double[] p)
        {
            var s = Fd.Slice(p, 0, 2);
            ThirdPeerFns.PendulumStep(s, p[2]);
            return c[0] * s[0] + c[1] * s[1];
        }

        var state = new[] { 0.4, 0.9 };
        var dState = (double[])c.Clone();
        double dDt = 0;
        ThirdPeerFns.PendulumStepPullback(state, dt, dState, ref dDt);
        var expected = new[] { 0.4, 0.9 };
        ThirdPeerFns.PendulumStep(expected, dt);
        Grad.SameArray(expected, state, "pendulum_step");
        Grad.Check(Loss, Fd.Pack(new[] { 0.4, 0.9 }, dt), Fd.Pack(dState, dDt), "pendulum_step");
    }

    // ----- Calls -----

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.7)]
    public void Extension_logistic(double x) =>
        Check1(ThirdPeerFns.Logistic, ThirdPeerFns.LogisticGradient, x, "logistic");

    [Fact]
    public void Extension_weighted_dot() =>
        CheckAB(ThirdPeerFns.WeightedDot, ThirdPeerFns.WeightedDotGradient, A5, B5, "weighted_dot");

    [Fact]
    // extension calls chained: a.WeightedDot(b).Logistic()
    public void Extension_chain()
    {
        CheckAB(ThirdPeerFns.ExtensionChain, ThirdPeerFns.ExtensionChainGradient, A5, B5, "extension_chain");
        CheckAB(ThirdPeerFns.ExtensionChain, ThirdPeerFns.ExtensionChainGradient, P5, B5, "extension_chain");
    }

    [Theory]
    [InlineData(0.7, -1.3)]
    [InlineData(1.1, 0.4)]
    public void Overload_scalar(double x, double y) =>
        Check2(ThirdPeerFns.Energy2, ThirdPeerFns.Energy2Gradient, x, y, "energy2");

    [Fact]
    public void Overload_array() =>
        CheckA(ThirdPeerFns.Energy2, ThirdPeerFns.Energy2Gradient, A5, "energy2_array");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // an overload calling the other two
    public void Overload_array_scalar(double scale) =>
        CheckAX(ThirdPeerFns.Energy2, ThirdPeerFns.Energy2Gradient, A5, scale, "energy2_array_scale");

    [Fact]
    public void Helper_returns_and_writes() =>
        CheckA(ThirdPeerFns.PrefixSumInPlace, ThirdPeerFns.PrefixSumInPlaceGradient, A5, "prefix_sum");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // the caller reads both the returned total and the array the helper wrote
    public void Uses_prefix_sum(double w) =>
        CheckAX(ThirdPeerFns.UsesPrefixSum, ThirdPeerFns.UsesPrefixSumGradient, A5, w, "uses_prefix");

    [Fact]
    // the helper writes the caller's parameter array
    public void Uses_prefix_sum_on_parameter()
    {
        CheckA(ThirdPeerFns.UsesPrefixSumOnParameter, ThirdPeerFns.UsesPrefixSumOnParameterGradient, A5, "prefix_param");
        CheckA(ThirdPeerFns.UsesPrefixSumOnParameter, ThirdPeerFns.UsesPrefixSumOnParameterGradient, B5, "prefix_param");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.6)]
    public void Smooth_norm(double eps) =>
        CheckAX(ThirdPeerFns.SmoothNorm, ThirdPeerFns.SmoothNormGradient, A5, eps, "smooth_norm");

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.6)]
    // ChainTop -> SmoothNorm -> ScaleInto -> Logistic
    public void Chain_four_deep(double eps) =>
        CheckAX(ThirdPeerFns.ChainTop, ThirdPeerFns.ChainTopGradient, A5, eps, "chain_top");

    [Fact]
    public void Scale_into_pullback()
    {
        var c = new[] { 0.5, -1.0, 2.0, 0.25, 1.5 };
        double Loss(double[] p)
        {
            var dst = new double[5];
            ThirdPeerFns.ScaleInto(Fd.Slice(p, 0, 5), p[5], dst);
            double l = 0;
            for (int i = 0; i < 5; i++) l += c[i] * dst[i];
            return l;
        }

        var src = (double[])A5.Clone();
        var dSrc = new double[5];
        var outArr = new double[5];
        var dOut = (double[])c.Clone();
        double dFactor = 0;
        ThirdPeerFns.ScaleIntoPullback(src, 0.7, outArr, dSrc, ref dFactor, dOut);
        var expected = new double[5];
        ThirdPeerFns.ScaleInto(A5, 0.7, expected);
        Grad.SameArray(expected, outArr, "scale_into");
        Grad.Check(Loss, Fd.Pack(A5, 0.7), Fd.Pack(dSrc, dFactor), "scale_into");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    // arrays passed to ReadOnlySpan and Span parameters of a helper that updates in place
    public void Span_residual(double a)
    {
        var dX = new double[5];
        var dY = new double[5];
        double dAlpha = 0;
        double v = ThirdPeerFns.SpanResidualGradient((double[])A5.Clone(), (double[])B5.Clone(), a, dX, dY, ref dAlpha);
        Grad.SameValue(ThirdPeerFns.SpanResidual(A5, B5, a), v, "span_residual");
        Grad.Check(p => ThirdPeerFns.SpanResidual(Fd.Slice(p, 0, 5), Fd.Slice(p, 5, 5), p[10]), Fd.Pack(A5, B5, a), Fd.Pack(dX, dY, dAlpha), "span_residual");
    }

    // ----- Loops, integers, floats and kinks -----

    [Theory]
    [InlineData(0.4)]
    [InlineData(-2.5)]
    // float weights, a double bias; the second point takes the leaky branch
    public void Float_leaky_layer(double bias)
    {
        float[] w = { 0.25f, -0.5f, 1.5f };
        float[] x = { 0.75f, 0.5f, -0.25f };
        var dW = new float[3];
        var dX = new float[3];
        double dBias = 0;
        float v = ThirdPeerFns.FloatLeakyLayerGradient(w, x, bias, dW, dX, ref dBias);
        Grad.SameValue(ThirdPeerFns.FloatLeakyLayer(w, x, bias), v, "float_leaky");
        double Twin(double[] p)
        {
            double acc = 0;
            for (int i = 0; i < 3; i++) acc += p[i] * p[3 + i];
            double z = acc + p[6];
            double act = z > 0 ? z : 0.01 * z;
            return act * act + Math.Tanh(acc);
        }

        Grad.CheckFloat(Twin, Fd.Pack(Fd.ToDouble(w), Fd.ToDouble(x), bias), new[] { dW[0], dW[1], dW[2], dX[0], dX[1], dX[2], (float)dBias }, "float_leaky");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void Long_modulo_weights(double x) =>
        CheckAX(ThirdPeerFns.LongModuloWeights, ThirdPeerFns.LongModuloWeightsGradient, new[] { 0.7, -1.3, 0.4, 0.9, 1.6, -0.5, 0.8 }, x, "long_modulo");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void Switch_on_sign(double x)
    {
        CheckAX(ThirdPeerFns.SwitchOnSign, ThirdPeerFns.SwitchOnSignGradient, A5, x, "switch_sign");

        // an element equal to 0 takes the default section, which does not read it
        var dA = new double[3];
        double dX = 0;
        ThirdPeerFns.SwitchOnSignGradient(new[] { 0.5, 0.0, -0.6 }, x, dA, ref dX);
        Assert.Equal(0.0, dA[1]);
        Grad.Check(p => ThirdPeerFns.SwitchOnSign(new[] { 0.5, 0.0, -0.6 }, p[0]), new[] { x }, new[] { dX }, "switch_sign0");
    }

    [Theory]
    [InlineData(2.3, 1.2)]
    [InlineData(-1.6, 3.0)]
    public void Sawtooth_clamp(double x, double y) =>
        Check2(ThirdPeerFns.SawtoothClamp, ThirdPeerFns.SawtoothClampGradient, x, y, "sawtooth");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void Relu_forms(double x) =>
        Check1(ThirdPeerFns.ReluForms, ThirdPeerFns.ReluFormsGradient, x, "relu_forms");

    [Fact]
    // Max(x, 0) ties to x (1), Max(0, x) ties to 0 (0), x > 0 ? x : 0 takes 0, Abs'(0) = 0
    public void Relu_forms_at_zero()
    {
        double dX = 0;
        double v = ThirdPeerFns.ReluFormsGradient(0.0, ref dX);
        Grad.SameValue(0.0, v, "relu0");
        // Max(x, 0) and Max(0, x) split their tie (1/2 + 2 · 1/2), the conditional takes its else branch, Abs'(0) = 0.
        Assert.Equal(1.5, dX);
    }

    [Fact]
    public void Stencil_smooth_energy()
    {
        CheckA(ThirdPeerFns.StencilSmoothEnergy, ThirdPeerFns.StencilSmoothEnergyGradient, A5, "stencil");
        CheckA(ThirdPeerFns.StencilSmoothEnergy, ThirdPeerFns.StencilSmoothEnergyGradient, B5, "stencil");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-2.0)]
    [InlineData(0.2)]
    // return from the inner loop, or fall through both
    public void First_pair_above(double x) =>
        CheckAX(ThirdPeerFns.FirstPairAbove, ThirdPeerFns.FirstPairAboveGradient, A5, x, "first_pair");

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.5)]
    public void Do_while_decay(double rate) =>
        CheckAX(ThirdPeerFns.DoWhileDecay, ThirdPeerFns.DoWhileDecayGradient, A5, rate, "do_while_decay");

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Block_means(int block) =>
        CheckA(a => ThirdPeerFns.BlockMeans(a, block), (double[] a, double[] dA) => ThirdPeerFns.BlockMeansGradient(a, block, dA), A5, "block_means");

    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void Piecewise_by_index(double x) =>
        CheckAX(ThirdPeerFns.PiecewiseByIndex, ThirdPeerFns.PiecewiseByIndexGradient, new[] { 0.7, -1.3, 0.4, 0.9, 1.6, -0.5, 0.8, 1.2 }, x, "piecewise_index");
}
