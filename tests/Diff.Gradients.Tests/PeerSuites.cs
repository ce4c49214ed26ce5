using Diff;
using static Diff.Gradients.Tests.PeerCheck;

namespace Diff.Gradients.Tests;

/// <summary>
/// Computations taken from the test suites of other AD tools (Clad, Enzyme, JAX, autograd) and from
/// classic Tapenade examples, rewritten as ordinary C#. Each one is checked for the contract: the
/// gradient returns the original value, and its adjoints match central finite differences.
/// </summary>
public static partial class PeerFns
{
    private const int Terms = 12;
    private const double Half = 0.5;
    private static readonly double[] Nodes = { 1.0, 2.0, 3.0 };

    // ===================== Clad: test/Gradient/Gradients.C =====================

    [Differentiable]
    public static double CladMixedArithmetic(double x, double y) => -x * y + (x + y) * (x / y) - x * x;

    [Differentiable]
    public static double CladRosenbrock(double x, double y) => (x - 1) * (x - 1) + 100 * (y - x * x) * (y - x * x);

    [Differentiable]
    public static double CladNestedTernary(double x, double y) => x > y ? x : (y > 0 ? y : -y);

    [Differentiable]
    public static double CladConditionOnConstantSign(double x, double c) => c > 0 ? x + c : x - c;

    [Differentiable]
    public static double CladIfElseChain(double x, double y)
    {
        if (x > y)
        {
            return x;
        }
        else if (y > 0)
        {
            return y;
        }
        else
        {
            return -y;
        }
    }

    [Differentiable]
    public static double CladLocalArrayInBranch(double x, double y)
    {
        int i = 0;
        var arr = new double[2];
        arr[0] = x;
        arr[1] = y;
        if (x > 0)
        {
            y = arr[i] * x;
        }

        return y;
    }

    [Differentiable]
    public static double SumOfPowers(double x, double y, double z, double p) =>
        Math.Pow(x, p) + Math.Pow(y, p) + Math.Pow(z, p);

    [Differentiable]
    public static double CladPNorm(double x, double y, double z, double d) => Math.Pow(SumOfPowers(x, y, z, d), 1 / d);

    // ===================== Clad: test/Gradient/Loops.C =====================

    [Differentiable]
    public static double CladCube(double x)
    {
        double t = 1;
        for (int i = 0; i < 3; i++)
        {
            t *= x;
        }

        return t;
    }

    [Differentiable]
    public static double CladNinthPower(double x)
    {
        double t = 1;
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                t *= x;
            }
        }

        return t;
    }

    [Differentiable]
    public static double CladReturnInsideLoop(double x)
    {
        double t = 1;
        for (int i = 0; i < 3; i++)
        {
            t *= x;
            if (i == 1)
            {
                return t;
            }
        }

        return t;
    }

    [Differentiable]
    public static double CladUpdateInIncrementClause(double x)
    {
        double t = 1;
        for (int i = 0; i < 3; t *= x)
        {
            i++;
        }

        return t;
    }

    [Differentiable]
    public static double CladIncrementParameter(double x)
    {
        for (int i = 0; i < 10; i++)
        {
            x++;
        }

        return x * x;
    }

    [Differentiable]
    public static double CladLocalPerIteration(double x)
    {
        double res = 0;
        for (int i = 0; i < 3; ++i)
        {
            double n = x + i;
            res += x * n;
        }

        return res;
    }

    [Differentiable]
    public static double Sq(double x) => x * x;

    [Differentiable]
    public static double CladSumSquares(double[] p, int n)
    {
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += Sq(p[i]);
        }

        return s;
    }

    [Differentiable]
    public static double CladLogGaussian(double[] x, double[] mean, int n, double sigma)
    {
        double power = 0;
        for (int i = 0; i < n; i++)
        {
            power += Sq(x[i] - mean[i]);
        }

        power = -power / (2 * Sq(sigma));
        double gauss = 1.0 / Math.Sqrt(Math.Pow(2 * Math.PI, n) * sigma) * Math.Exp(power);
        return Math.Log(gauss);
    }

    [Differentiable]
    public static double CladPostDecrementWhile(double i, double j)
    {
        double a = 0;
        int counter = 3;
        while (counter-- > 0)
        {
            a += i * i + j;
        }

        return a;
    }

    [Differentiable]
    public static double CladWhileAroundDoWhile(double i, double j)
    {
        double a = 0;
        int counter = 3;
        while (counter > 0)
        {
            do
            {
                a += i * i + j;
            }
            while (--counter != 0);
        }

        return a;
    }

    [Differentiable]
    public static double CladNestedWhile(double i, double j)
    {
        int counter = 3;
        double a = 0;
        while (counter-- > 0)
        {
            int again = 3;
            while (again-- > 0)
            {
                a += i * i + j;
            }
        }

        return a;
    }

    [Differentiable]
    public static double CladNestedDoWhile(double i, double j)
    {
        int counter = 3;
        double a = 0;
        do
        {
            int again = 3;
            do
            {
                a += i * i + j;
                again -= 1;
                do
                {
                    a += j;
                }
                while (false);
            }
            while (again != 0);
            counter -= 1;
        }
        while (counter != 0);
        return a;
    }

    [Differentiable]
    public static double CladWhileContinueChain(double i, double j)
    {
        int choice = 5;
        double res = 0;
        while (choice-- > 0)
        {
            if (choice > 3)
            {
                res += i;
                continue;
            }

            if (choice > 1)
            {
                res += j;
                continue;
            }

            if (choice > 0)
            {
                res += i * j;
                continue;
            }
        }

        return res;
    }

    [Differentiable]
    public static double CladNestedWhileContinue(double i, double j)
    {
        int choice = 5;
        double res = 0;
        while (choice-- > 0)
        {
            if (choice > 2)
            {
                continue;
            }

            int another = 3;
            while (another-- > 0)
            {
                if (another > 1)
                {
                    res += i;
                    continue;
                }

                if (another > 0)
                {
                    res += j;
                }
            }
        }

        return res;
    }

    [Differentiable]
    public static double CladForBreakContinue(double i, double j)
    {
        int counter = 5;
        double res = 0;
        for (int ii = 0; ii < counter; ++ii)
        {
            if (ii == 4)
            {
                res += i * j;
                break;
            }

            if (ii > 2)
            {
                res += 2 * i;
                continue;
            }

            res += i + j;
        }

        return res;
    }

    [Differentiable]
    public static double CladForWithInnerWhileBreak(double i, double j)
    {
        int counter = 5;
        double res = 0;
        for (int ii = 0; ii < counter; ++ii)
        {
            int jj = ii;
            if (ii < 2)
            {
                continue;
            }

            while (jj-- > 0)
            {
                if (jj < 3)
                {
                    res += i * j;
                    break;
                }
                else
                {
                    continue;
                }
            }
        }

        return res;
    }

    [Differentiable]
    public static double CladElseIfContinueBreak(double i, double j)
    {
        int choice = 5;
        double res = 0;
        for (int counter = 0; counter < choice; ++counter)
        {
            if (counter < 2)
            {
                res += i + j;
            }
            else if (counter < 4)
            {
                continue;
            }
            else
            {
                res += 2 * i + 2 * j;
                break;
            }
        }

        return res;
    }

    [Differentiable]
    public static double CladDoubleLoopVariable(double lower, double upper)
    {
        double sum = 0;
        double points = 100;
        double interval = (upper - lower) / points;
        for (double x = lower; x < upper - 0.5 * interval; x += interval)
        {
            sum += x * x * interval;
        }

        return sum;
    }

    [Differentiable]
    public static double CladScaleArrayInLoop(double[] arr, int n)
    {
        double res = 0;
        for (int i = 0; i < n; ++i)
        {
            arr[i] *= 5;
            res += arr[i];
        }

        return res;
    }

    [Differentiable]
    public static double CladLocalArrayPerIteration(double x)
    {
        double res = 0;
        for (int i = 0; i < 5; ++i)
        {
            var arr = new double[3];
            arr[0] = 1;
            arr[1] = x;
            arr[2] = 2;
            res += arr[0] + arr[1] * arr[1];
        }

        return res;
    }

    [Differentiable]
    public static double CladForeachOverLocal(double x, double y)
    {
        double r = 0;
        var a = new double[3];
        a[0] = y;
        a[1] = x * y;
        a[2] = x * x + y;
        foreach (double v in a)
        {
            r += v * v;
        }

        return r;
    }

    [Differentiable]
    public static double CladNestedForeachBreak(double x, double y)
    {
        double r = 0;
        var a = new double[3];
        a[0] = x;
        a[1] = x * y;
        a[2] = 0;
        foreach (double u in a)
        {
            foreach (double v in a)
            {
                if (r <= x * x)
                {
                    r += u * v;
                }
                else
                {
                    break;
                }
            }
        }

        return r;
    }

    [Differentiable]
    public static double CladForeachOverConstants(double x, double y)
    {
        double sum = 0;
        for (int k = 0; k < Nodes.Length; k++)
        {
            double node = Nodes[k];
            if (sum > x)
            {
                continue;
            }

            sum += Math.Sin(node) * x * y;
        }

        return sum;
    }

    // ===================== Clad: test/Gradient/Assignments.C =====================

    [Differentiable]
    public static double CladReassignParameters(double x, double y)
    {
        x = x * x;
        y = x * x;
        x = y;
        return y + x;
    }

    [Differentiable]
    public static double CladNegateInBranches(double x, double y)
    {
        double t = x * x;
        if (x < 0)
        {
            t = -t;
            return t;
        }

        if (y < 0)
        {
            double z = t;
            t = -t + z * y;
        }

        return t;
    }

    [Differentiable]
    public static double CladCompoundOnArrayElements(double x, double y)
    {
        var t = new double[3];
        t[0] = 1;
        t[1] = x;
        t[2] = x * x;
        t[0]++;
        t[0]--;
        ++t[0];
        --t[0];
        t[0] = x;
        x = y;
        t[0] += t[1];
        t[0] *= t[1];
        t[0] /= t[1];
        t[0] -= t[1];
        t[0] += t[2] * x;
        return t[0];
    }

    [Differentiable]
    public static double CladChainedCompound(double x, double y)
    {
        double t = x;
        t *= x;
        t *= y;
        t /= y + 2;
        t -= x / y;
        return t;
    }

    // ===================== Clad: test/Gradient/FunctionCalls.C =====================

    [Differentiable]
    public static float CladSumThenScaleFirst(double[] arr, int n)
    {
        float res = 0;
        for (int i = 0; i < n; ++i)
        {
            res += (float)arr[i];
        }

        arr[0] += 10 * arr[0];
        return res;
    }

    [Differentiable]
    public static void Twice(double[] d, int i)
    {
        d[i] = 2 * d[i];
    }

    [Differentiable]
    public static double CladHelpersThatWrite(double[] arr, int n)
    {
        double res = 0;
        res += CladSumThenScaleFirst(arr, n);
        for (int i = 0; i < n; ++i)
        {
            Twice(arr, i);
            res += arr[i];
        }

        return res;
    }

    // The result is a constant on purpose: the caller ignores it and reads the written array.
#pragma warning disable DIFF009
    [Differentiable]
    public static double CladModifyAndReturnOne(double[] arr)
    {
        arr[0] = 5 * arr[0] + arr[1];
        return 1;
    }
#pragma warning restore DIFF009

    [Differentiable]
    public static double CladIgnoredHelperResult(double[] arr)
    {
        double temp = CladModifyAndReturnOne(arr);
        return arr[0];
    }

    [Differentiable]
    public static double CustomMax(double a, double b) => a > b ? a : b;

    [Differentiable]
    public static double CladCustomMax(double x, double y) => CustomMax(x * y, y);

    [Differentiable]
    public static double CladMaxMinClamp(double x, double y)
    {
        double output = x;
        output = Math.Max(output, 0.0);
        output = Math.Min(output, 10.0);
        output = Math.Clamp(output, 3.0, 7.0);
        return output * y;
    }

    // ===================== Clad: test/Gradient/EarlyReturns.C, MemberFunctions.C =====================

    [Differentiable]
    public static double CladEarlyReturnInNestedLoops(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = i; j < a.Length; j++)
            {
                s += a[i] * a[j] * x;
                if (s > 4.0)
                {
                    return s * x;
                }
            }
        }

        return s;
    }

    // ===================== Enzyme: enzyme/test/Integration/ReverseMode =====================

    private static double Factorial(int n)
    {
        double f = 1;
        for (int k = 2; k <= n; k++)
        {
            f *= k;
        }

        return f;
    }

    [Differentiable]
    public static double EnzymeMyCos(double x)
    {
        double sum = 0;
        for (int n = 0; n <= Terms; n++)
        {
            sum += Math.Pow(-1, n) * Math.Pow(x, 2 * n) / Factorial(2 * n);
        }

        return sum;
    }

    [Differentiable]
    public static double ReadProduct(double[] x) => x[0] * x[0];

    [Differentiable]
    public static void WriteProduct(double[] x, double product)
    {
        x[0] = x[0] * product;
    }

    [Differentiable]
    public static double ReadBack(double[] x) => x[0];

    [Differentiable]
    public static double EnzymeReadWriteRead(double[] x)
    {
        double product = ReadProduct(x);
        WriteProduct(x, product);
        return ReadBack(x);
    }

    [Differentiable]
    public static double EnzymeSumUntil(double[] vec, int size)
    {
        double ret = 0.0;
        for (int i = 0; i < size; i++)
        {
            ret += vec[i];
            if (ret > 2.5)
            {
                break;
            }
        }

        return ret;
    }

    [Differentiable]
    public static double EnzymeInsertionSortSum(double[] array, int n)
    {
        for (int i = 1; i < n; i++)
        {
            int j = i;
            while (j > 0 && array[j - 1] < array[j])
            {
                double tmp = array[j];
                array[j] = array[j - 1];
                array[j - 1] = tmp;
                j--;
            }
        }

        double sum = 0;
        for (int i = 0; i < n / 2; i++)
        {
            sum += array[i] * array[i];
        }

        return sum;
    }

    [Differentiable]
    public static double EnzymeIntegrateExp(double y0, double rate)
    {
        double y = y0;
        double t = 0;
        const double dt = 0.01;
        while (t < 1.0 - 1e-9)
        {
            y += dt * (-rate * y);
            t += dt;
        }

        return y;
    }

    [Differentiable]
    public static double EnzymeReadWriteReadLoop(double[] a, int n, int m)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                a[i * m + j] *= 2 * a[i * m + j];
            }
        }

        double sum = 0;
        for (int k = 0; k < n * m; k++)
        {
            sum += a[k];
        }

        return sum;
    }

    [Differentiable]
    public static double EnzymeStrideFourSum(double[] x)
    {
        double acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
        int i = 0;
        for (; i + 3 < x.Length; i += 4)
        {
            acc0 += x[i] * x[i];
            acc1 += x[i + 1] * x[i + 1];
            acc2 += x[i + 2] * x[i + 2];
            acc3 += x[i + 3] * x[i + 3];
        }

        for (; i < x.Length; i++)
        {
            acc0 += x[i] * x[i];
        }

        return acc0 + acc1 + acc2 + acc3;
    }

    [Differentiable]
    public static double EnzymeSpanSumSquares(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return s;
    }

    [Differentiable]
    public static void EnzymeForwardSubstitution(double[] lower, double[] b, double[] x)
    {
        int n = b.Length;
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int j = 0; j < i; j++)
            {
                s -= lower[i * n + j] * x[j];
            }

            x[i] = s / lower[i * n + i];
        }
    }

    [Differentiable]
    public static double EnzymeFloatDot(float[] a, float[] b)
    {
        double acc = 0;
        for (int i = 0; i < a.Length; i++)
        {
            acc += (double)a[i] * b[i];
        }

        return acc;
    }

    // ===================== autograd: tests/test_numpy.py, tests/test_systems.py =====================

    [Differentiable]
    public static double AutogradLogSumExp(double[] a)
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

    [Differentiable]
    public static double AutogradStd(double[] a)
    {
        double mean = 0;
        foreach (double v in a)
        {
            mean += v;
        }

        mean /= a.Length;
        double var = 0;
        foreach (double v in a)
        {
            var += (v - mean) * (v - mean);
        }

        var /= a.Length - 1;
        return Math.Sqrt(var);
    }

    [Differentiable]
    public static double AutogradCumProdDot(double[] a, double[] w)
    {
        var c = new double[a.Length];
        c[0] = a[0];
        for (int i = 1; i < a.Length; i++)
        {
            c[i] = c[i - 1] * a[i];
        }

        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += c[i] * w[i];
        }

        return s;
    }

    [Differentiable]
    public static double AutogradCumSumSquares(double[] a)
    {
        var c = new double[a.Length];
        double run = 0;
        for (int i = 0; i < a.Length; i++)
        {
            run += a[i];
            c[i] = run;
        }

        double s = 0;
        for (int i = a.Length - 1; i >= 0; i--)
        {
            s += c[i] * c[i];
        }

        return s;
    }

    [Differentiable]
    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    [Differentiable]
    public static double Softplus(double z) => Math.Log(1.0 + Math.Exp(z));

    [Differentiable]
    public static double AutogradActivations(double x) => Sigmoid(x) * Math.Tanh(x) + Softplus(-x);

    [Differentiable]
    public static double AutogradClipSum(double[] a, double lo, double hi)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += Math.Clamp(a[i], lo, hi) * (i + 1);
        }

        return s;
    }

    [Differentiable]
    public static double AutogradRnn(double[] w, double[] u, double[] xs, int hidden)
    {
        var h = new double[hidden];
        var next = new double[hidden];
        int steps = xs.Length;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < hidden; i++)
            {
                double z = u[i] * xs[t];
                for (int j = 0; j < hidden; j++)
                {
                    z += w[i * hidden + j] * h[j];
                }

                next[i] = Math.Tanh(z);
            }

            for (int i = 0; i < hidden; i++)
            {
                h[i] = next[i];
            }
        }

        double loss = 0;
        for (int i = 0; i < hidden; i++)
        {
            loss += h[i] * h[i];
        }

        return loss;
    }

    [Differentiable]
    public static double AutogradLogisticLogLikelihood(double[] weights, [NoDiff] double[] inputs, [NoDiff] double[] targets, int features)
    {
        int rows = targets.Length;
        double ll = 0;
        for (int r = 0; r < rows; r++)
        {
            double z = 0;
            for (int f = 0; f < features; f++)
            {
                z += inputs[r * features + f] * weights[f];
            }

            double p = Sigmoid(z);
            ll += targets[r] > 0.5 ? Math.Log(p) : Math.Log(1 - p);
        }

        return -ll;
    }

    [Differentiable]
    public static double AutogradRemainder(double x, double y) => Math.IEEERemainder(x, y) * y + Math.Atan2(x, y);

    [Differentiable]
    public static double AutogradAbsAndMax(double x, double y) => Math.Abs(x) + Math.Max(x, y) + Math.Min(x, 2 * y);

    [Differentiable]
    public static double AutogradFloorMix(double x) => Math.Floor(x) * x + Math.Tan(x) - Math.Ceiling(x * 2) / 4;

    // ===================== JAX: tests/api_test.py, tests/lax_control_flow_test.py =====================

    [Differentiable]
    public static double JaxForiLoop(double x, int n)
    {
        for (int i = 0; i < n; i++)
        {
            x = x * x * 0.5 + 0.25;
        }

        return x;
    }

    [Differentiable]
    public static double JaxWhileOnValue(double x)
    {
        double y = x;
        long count = 0;
        while (y < 10.0)
        {
            y = 2 * y + x;
            count++;
        }

        return y + count;
    }

    [Differentiable]
    public static double JaxCond(double x) => x > 0 ? Math.Sin(x) : Math.Cos(x);

    [Differentiable]
    public static double JaxScan(double[] a, double[] b, double init)
    {
        double carry = init;
        double total = 0;
        for (int i = 0; i < a.Length; i++)
        {
            carry = carry * a[i] + b[i];
            total += carry;
        }

        return total;
    }

    [Differentiable]
    public static double JaxWhere(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] > 0 ? x[i] * x[i] : Math.Exp(x[i]) - 1;
        }

        return s;
    }

    [Differentiable]
    public static double JaxLogAddExp(double a, double b)
    {
        double m = Math.Max(a, b);
        return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
    }

    [Differentiable]
    public static double JaxArgnums(double x, double y, double z) => Math.Sin(x) * Math.Cos(y) * z + x / z;

    // ===================== Tapenade-style examples =====================

    [Differentiable]
    public static double TapenadeHeat1D(double[] u0, double c, int steps)
    {
        int n = u0.Length;
        var u = new double[n];
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            u[i] = u0[i];
        }

        for (int t = 0; t < steps; t++)
        {
            v[0] = u[0];
            v[n - 1] = u[n - 1];
            for (int i = 1; i < n - 1; i++)
            {
                v[i] = u[i] + c * (u[i - 1] - 2 * u[i] + u[i + 1]);
            }

            for (int i = 0; i < n; i++)
            {
                u[i] = v[i];
            }
        }

        double e = 0;
        for (int i = 0; i < n; i++)
        {
            e += u[i] * u[i];
        }

        return e;
    }

    [Differentiable]
    public static void TapenadeMatVec(double[] a, double[] x, double[] y)
    {
        int n = x.Length;
        for (int i = 0; i < y.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                s += a[i * n + j] * x[j];
            }

            y[i] = s;
        }
    }

    [Differentiable]
    public static double TapenadeUpwind(double[] u, double dt, double dx)
    {
        int n = u.Length;
        var next = new double[n];
        for (int i = 0; i < n; i++)
        {
            int left = (i + n - 1) % n;
            int right = (i + 1) % n;
            double flux;
            if (u[i] >= 0)
            {
                flux = u[i] * (u[i] - u[left]) / dx;
            }
            else
            {
                flux = u[i] * (u[right] - u[i]) / dx;
            }

            next[i] = u[i] - dt * flux;
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += next[i] * next[i];
        }

        return s;
    }

    [Differentiable]
    public static double Rhs(double y, double k) => -k * y + Math.Sin(y);

    [Differentiable]
    public static double TapenadeRk4(double y0, double k, int steps)
    {
        double y = y0;
        double h = 0.1;
        for (int s = 0; s < steps; s++)
        {
            double k1 = Rhs(y, k);
            double k2 = Rhs(y + Half * h * k1, k);
            double k3 = Rhs(y + Half * h * k2, k);
            double k4 = Rhs(y + h * k3, k);
            y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }

        return y;
    }

    // ===================== Code as C# users write it =====================

    [Differentiable]
    public static double CountDownByTwo(double[] a)
    {
        double s = 0;
        for (int i = a.Length - 1; i >= 0; i -= 2)
        {
            s += a[i] * (i + 1);
        }

        return s;
    }

    [Differentiable]
    public static double LongCounterProduct(double x)
    {
        double p = 1;
        for (long i = 1; i <= 4L; i++)
        {
            p *= x + i;
        }

        return p;
    }

    [Differentiable]
    public static float FloatDoubleMix(float x, double y)
    {
        double t = x * y;
        float u = (float)Math.Sin(t) + x * x;
        return u / 2f + (float)(y * 0.25);
    }

    [Differentiable]
    public static void SpanInPlaceScale(Span<double> v, double s)
    {
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = v[i] * s + v[i] * v[i];
        }
    }

    [Differentiable]
    public static double CircularNeighbours(double[] a)
    {
        double s = 0;
        int n = a.Length;
        for (int i = 0; i < n; i++)
        {
            s += a[i] * a[(i + 1) % n] - a[(i + n - 1) % n] / (2 + i % 3);
        }

        return s;
    }

    [Differentiable]
    public static double DoWhileBreak(double x)
    {
        double y = x;
        int k = 0;
        do
        {
            y = y * 0.9 + Math.Sqrt(x);
            k++;
            if (y > 5)
            {
                break;
            }
        }
        while (k < 6);
        return y;
    }

    [Differentiable]
    public static double HelperWritesLocalArray(double x, double y)
    {
        var buf = new double[2];
        buf[0] = x;
        buf[1] = y;
        WriteProduct(buf, y);
        return buf[0] + buf[1] * ReadProduct(buf);
    }

    [Differentiable]
    public static double IntegerDivisionIndices(double[] a)
    {
        double s = 0;
        for (int k = 0; k < a.Length * 2; k++)
        {
            s += a[k / 2] * (k % 2 == 0 ? 1.0 : -0.5);
        }

        return s * s;
    }

    // ===================== Further constructs seen in peer suites and user code =====================

    [Differentiable]
    public static double PowIntExponent(double x, int n) => Math.Pow(x, n);

    [Differentiable]
    public static double PowLiteralExponents(double x) => Math.Pow(x, 0) + Math.Pow(x, 1) + Math.Pow(x, 2.0);

    [Differentiable]
    public static double PowRecursive(double x, int n) => n == 0 ? 1 : x * PowRecursive(x, n - 1);

    [Differentiable]
    public static double FibonacciPolynomial(double x, int n) =>
        n <= 1 ? x : FibonacciPolynomial(x, n - 1) + FibonacciPolynomial(x, n - 2) * x;

    [Differentiable]
    public static double ParamsSumSquares(params double[] xs)
    {
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            s += xs[i] * xs[i];
        }

        return s;
    }

    [Differentiable]
    public static double TupleSwap(double[] a)
    {
        (a[0], a[1]) = (a[1], a[0]);
        return a[0] * 2 + a[1] * a[1];
    }

    [Differentiable]
    public static double TwoCountersFor(double[] a)
    {
        double s = 0;
        for (int i = 0, j = a.Length - 1; i < j; i++, j--)
        {
            s += a[i] * a[j];
        }

        return s;
    }

    [Differentiable]
    public static double CounterChangedInBody(double[] a)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] > 0)
            {
                i++;
            }

            s += a[Math.Min(i, a.Length - 1)] * a[0];
        }

        return s;
    }

    [Differentiable]
    public static double DivideAndSubtractAssign(double x, double y)
    {
        x /= y;
        x -= y * 0.5;
        x *= x;
        return x;
    }

    [Differentiable]
    public static double MaxMinWithInt(double x, int k) => Math.Max(x, k) + Math.Min(k, x * x);

    [Differentiable]
    public static double WhileTrueBreak(double x)
    {
        double y = x;
        while (true)
        {
            y = y * 1.5 + x;
            if (y > 10)
            {
                break;
            }
        }

        return y;
    }

    [Differentiable]
    public static double ForeverReturn(double x)
    {
        for (;;)
        {
            x = x * x + 0.5;
            if (x > 5)
            {
                return x;
            }
        }
    }

    [Differentiable]
    public static double DiagonalWeighted(double[] a, int rows, int cols)
    {
        double s = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                s += (r == c ? 2.0 : 0.5) * a[r * cols + c] * a[c * cols + r];
            }
        }

        return s;
    }

    [Differentiable]
    public static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    [Differentiable]
    public static double CosineLike(double[] a, double[] b) => Dot(a, b) * Dot(a, a) / Dot(b, b);

    [Differentiable]
    public static double Ldexp(double x, int e) => x * Math.Pow(2, e);

    [Differentiable]
    public static double Gather(double[] a, int[] idx)
    {
        double s = 0;
        for (int i = 0; i < idx.Length; i++)
        {
            s += a[idx[i]] * a[idx[i]];
        }

        return s;
    }

    [Differentiable]
    public static double ScatterAdd(double[] a, int[] idx)
    {
        var acc = new double[a.Length];
        for (int i = 0; i < idx.Length; i++)
        {
            acc[idx[i]] += a[i] * a[i];
        }

        double s = 0;
        for (int i = 0; i < acc.Length; i++)
        {
            s += acc[i] * (i + 1);
        }

        return s;
    }

    [Differentiable]
    public static double ThresholdInPlace(double[] a, double x)
    {
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = a[i] > x ? a[i] - x : x * a[i];
        }

        return a[0] + a[1] * a[2];
    }

    [Differentiable]
    public static double LongIndexHorner(double[] a)
    {
        long n = a.Length;
        double s = 0;
        for (long i = n - 1; i >= 0; i--)
        {
            s = s * 0.5 + a[i] * a[i];
        }

        return s;
    }

    [Differentiable]
    public static double IndexFromValue(double[] a, double x) => a[(int)Math.Floor(x)] * x;

}

/// <summary>Struct and instance methods with fields read as constants (Clad MemberFunctions.C, Gradients.C).</summary>
public partial struct CladLinear
{
    public double C1;
    public double C2;

    [Differentiable]
    public double Eval(double x, double y) => C1 * x + C2 * y;
}

public partial class CladCounter
{
    private readonly double _scale;
    private const double Offset = 1.5;

    public CladCounter(double scale) => _scale = scale;

    [Differentiable]
    public double Weighted(double[] a)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += _scale * a[i] * a[i] + Offset;
        }

        return s;
    }
}

public sealed class PeerSuites
{
    private static readonly double[] A4 = { 0.7, -1.3, 0.4, 0.9 };
    private static readonly double[] A6 = { 0.3, 1.1, -0.6, 0.8, 0.2, -0.9 };

    // ----- Clad Gradients.C -----

    [Theory]
    [InlineData(1.5, 2.5)]
    [InlineData(-0.7, 0.4)]
    // clad test/Gradient/Gradients.C (f_c)
    public void Clad_Gradients_f_c(double x, double y) =>
        Check2(PeerFns.CladMixedArithmetic, PeerFns.CladMixedArithmeticGradient, x, y, "f_c");

    [Theory]
    [InlineData(1.5, 2.5)]
    [InlineData(-1.2, 1.0)]
    // clad test/Gradient/Gradients.C (f_rosenbrock)
    public void Clad_Gradients_f_rosenbrock(double x, double y) =>
        Check2(PeerFns.CladRosenbrock, PeerFns.CladRosenbrockGradient, x, y, "f_rosenbrock");

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(-1.0, 3.0)]
    [InlineData(-3.0, -2.0)]
    // clad test/Gradient/Gradients.C (f_cond2)
    public void Clad_Gradients_f_cond2(double x, double y) =>
        Check2(PeerFns.CladNestedTernary, PeerFns.CladNestedTernaryGradient, x, y, "f_cond2");

    [Fact]
    // clad test/Gradient/Gradients.C (f_cond2 at the tie x == y: the else branch is taken)
    public void Clad_Gradients_f_cond2_tie()
    {
        double dX = 0, dY = 0;
        PeerFns.CladNestedTernaryGradient(1.0, 1.0, ref dX, ref dY);
        Assert.Equal(0.0, dX);
        Assert.Equal(1.0, dY);
    }

    [Theory]
    [InlineData(1.5, 2.5)]
    [InlineData(1.5, -2.5)]
    // clad test/Gradient/Gradients.C (f_cond3)
    public void Clad_Gradients_f_cond3(double x, double c) =>
        Check2(PeerFns.CladConditionOnConstantSign, PeerFns.CladConditionOnConstantSignGradient, x, c, "f_cond3");

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(-1.0, 3.0)]
    [InlineData(-3.0, -2.0)]
    // clad test/Gradient/Gradients.C (f_if2)
    public void Clad_Gradients_f_if2(double x, double y) =>
        Check2(PeerFns.CladIfElseChain, PeerFns.CladIfElseChainGradient, x, y, "f_if2");

    [Theory]
    [InlineData(1.3, 0.4)]
    [InlineData(-1.3, 0.4)]
    // clad test/Gradient/Gradients.C (f_cond4)
    public void Clad_Gradients_f_cond4(double x, double y) =>
        Check2(PeerFns.CladLocalArrayInBranch, PeerFns.CladLocalArrayInBranchGradient, x, y, "f_cond4");

    [Fact]
    // clad test/Gradient/Gradients.C (f_norm over sum_of_powers)
    public void Clad_Gradients_f_norm()
    {
        double dX = 0, dY = 0, dZ = 0, dD = 0;
        double v = PeerFns.CladPNormGradient(1.2, 0.8, 2.1, 3.0, ref dX, ref dY, ref dZ, ref dD);
        Grad.SameValue(PeerFns.CladPNorm(1.2, 0.8, 2.1, 3.0), v, "f_norm");
        Grad.Check(p => PeerFns.CladPNorm(p[0], p[1], p[2], p[3]), new[] { 1.2, 0.8, 2.1, 3.0 }, new[] { dX, dY, dZ, dD }, "f_norm");
    }

    [Fact]
    // clad test/Gradient/Gradients.C (struct S::f reading its fields)
    public void Clad_Gradients_struct_member_f()
    {
        var s = new CladLinear { C1 = 3.0, C2 = -2.0 };
        double dX = 0, dY = 0;
        double v = s.EvalGradient(1.5, 0.5, ref dX, ref dY);
        Assert.Equal(s.Eval(1.5, 0.5), v);
        Assert.Equal(3.0, dX);
        Assert.Equal(-2.0, dY);
    }

    // ----- Clad Loops.C -----

    [Fact]
    // clad test/Gradient/Loops.C (f1)
    public void Clad_Loops_f1_cube() => Check1(PeerFns.CladCube, PeerFns.CladCubeGradient, 1.7, "f1");

    [Fact]
    // clad test/Gradient/Loops.C (f2)
    public void Clad_Loops_f2_ninth_power() => Check1(PeerFns.CladNinthPower, PeerFns.CladNinthPowerGradient, 1.1, "f2");

    [Fact]
    // clad test/Gradient/Loops.C (f3)
    public void Clad_Loops_f3_return_in_loop() => Check1(PeerFns.CladReturnInsideLoop, PeerFns.CladReturnInsideLoopGradient, 1.7, "f3");

    [Fact]
    // clad test/Gradient/Loops.C (f4)
    public void Clad_Loops_f4_update_in_increment() => Check1(PeerFns.CladUpdateInIncrementClause, PeerFns.CladUpdateInIncrementClauseGradient, 1.7, "f4");

    [Fact]
    // clad test/Gradient/Loops.C (f5)
    public void Clad_Loops_f5_increment_parameter() => Check1(PeerFns.CladIncrementParameter, PeerFns.CladIncrementParameterGradient, 0.3, "f5");

    [Fact]
    // clad test/Gradient/Loops.C (f_const_local)
    public void Clad_Loops_f_const_local() => Check1(PeerFns.CladLocalPerIteration, PeerFns.CladLocalPerIterationGradient, 0.9, "f_const_local");

    [Fact]
    // clad test/Gradient/Loops.C (f_sum_squares)
    public void Clad_Loops_f_sum_squares() =>
        CheckA(a => PeerFns.CladSumSquares(a, 4), (double[] a, double[] dA) => PeerFns.CladSumSquaresGradient(a, 4, dA), A4, "f_sum_squares");

    [Fact]
    // clad test/Gradient/Loops.C (f_log_gaus)
    public void Clad_Loops_f_log_gaus()
    {
        var x = new[] { 1.0, 0.5, -0.2 };
        var mean = new[] { 0.8, 0.1, 0.3 };
        var dXs = new double[3];
        var dMean = new double[3];
        double dSigma = 0;
        double v = PeerFns.CladLogGaussianGradient(x, mean, 3, 1.3, dXs, dMean, ref dSigma);
        Grad.SameValue(PeerFns.CladLogGaussian(x, mean, 3, 1.3), v, "f_log_gaus");
        Grad.Check(
            p => PeerFns.CladLogGaussian(Fd.Slice(p, 0, 3), Fd.Slice(p, 3, 3), 3, p[6]),
            Fd.Pack(x, mean, 1.3),
            Fd.Pack(dXs, dMean, dSigma),
            "f_log_gaus");
    }

    [Fact]
    // clad test/Gradient/Loops.C (fn7)
    public void Clad_Loops_fn7_post_decrement_while() =>
        Check2(PeerFns.CladPostDecrementWhile, PeerFns.CladPostDecrementWhileGradient, 1.5, -0.5, "fn7");

    [Fact]
    // clad test/Gradient/Loops.C (fn8)
    public void Clad_Loops_fn8_while_around_do_while() =>
        Check2(PeerFns.CladWhileAroundDoWhile, PeerFns.CladWhileAroundDoWhileGradient, 1.5, -0.5, "fn8");

    [Fact]
    // clad test/Gradient/Loops.C (fn9)
    public void Clad_Loops_fn9_nested_while() =>
        Check2(PeerFns.CladNestedWhile, PeerFns.CladNestedWhileGradient, 1.5, -0.5, "fn9");

    [Fact]
    // clad test/Gradient/Loops.C (fn12)
    public void Clad_Loops_fn12_nested_do_while() =>
        Check2(PeerFns.CladNestedDoWhile, PeerFns.CladNestedDoWhileGradient, 1.5, -0.5, "fn12");

    [Fact]
    // clad test/Gradient/Loops.C (fn14)
    public void Clad_Loops_fn14_while_continue_chain() =>
        Check2(PeerFns.CladWhileContinueChain, PeerFns.CladWhileContinueChainGradient, 1.5, -0.5, "fn14");

    [Fact]
    // clad test/Gradient/Loops.C (fn15)
    public void Clad_Loops_fn15_nested_while_continue() =>
        Check2(PeerFns.CladNestedWhileContinue, PeerFns.CladNestedWhileContinueGradient, 1.5, -0.5, "fn15");

    [Fact]
    // clad test/Gradient/Loops.C (fn16)
    public void Clad_Loops_fn16_for_break_continue() =>
        Check2(PeerFns.CladForBreakContinue, PeerFns.CladForBreakContinueGradient, 1.5, -0.5, "fn16");

    [Fact]
    // clad test/Gradient/Loops.C (fn17)
    public void Clad_Loops_fn17_inner_while_break() =>
        Check2(PeerFns.CladForWithInnerWhileBreak, PeerFns.CladForWithInnerWhileBreakGradient, 1.5, -0.5, "fn17");

    [Fact]
    // clad test/Gradient/Loops.C (fn18)
    public void Clad_Loops_fn18_else_if_continue_break() =>
        Check2(PeerFns.CladElseIfContinueBreak, PeerFns.CladElseIfContinueBreakGradient, 1.5, -0.5, "fn18");

    [Fact]
    // clad test/Gradient/Loops.C (f_loop_init_var)
    public void Clad_Loops_f_loop_init_var() =>
        Check2(PeerFns.CladDoubleLoopVariable, PeerFns.CladDoubleLoopVariableGradient, 0.25, 1.75, "f_loop_init_var");

    [Fact]
    // clad test/Gradient/Loops.C (fn20)
    public void Clad_Loops_fn20_scale_in_place() =>
        CheckA(a => PeerFns.CladScaleArrayInLoop(a, 4), (double[] a, double[] dA) => PeerFns.CladScaleArrayInLoopGradient(a, 4, dA), A4, "fn20");

    [Fact]
    // clad test/Gradient/Loops.C (fn21)
    public void Clad_Loops_fn21_local_array_per_iteration() =>
        Check1(PeerFns.CladLocalArrayPerIteration, PeerFns.CladLocalArrayPerIterationGradient, 0.8, "fn21");

    [Fact]
    // clad test/Gradient/Loops.C (fn34)
    public void Clad_Loops_fn34_range_for_over_local() =>
        Check2(PeerFns.CladForeachOverLocal, PeerFns.CladForeachOverLocalGradient, 1.2, 0.7, "fn34");

    [Theory]
    [InlineData(1.2, 0.7)]
    [InlineData(0.6, -1.4)]
    // clad test/Gradient/Loops.C (fn35)
    public void Clad_Loops_fn35_nested_range_for_break(double x, double y) =>
        Check2(PeerFns.CladNestedForeachBreak, PeerFns.CladNestedForeachBreakGradient, x, y, "fn35");

    [Theory]
    [InlineData(1.2, 0.7)]
    [InlineData(0.3, 2.0)]
    // clad test/Gradient/Loops.C (fn36)
    public void Clad_Loops_fn36_range_for_continue(double x, double y) =>
        Check2(PeerFns.CladForeachOverConstants, PeerFns.CladForeachOverConstantsGradient, x, y, "fn36");

    // ----- Clad Assignments.C -----

    [Fact]
    // clad test/Gradient/Assignments.C (f3)
    public void Clad_Assignments_f3_reassign_parameters() =>
        Check2(PeerFns.CladReassignParameters, PeerFns.CladReassignParametersGradient, 1.1, 0.4, "f3");

    [Theory]
    [InlineData(1.1, 0.4)]
    [InlineData(-1.1, 0.4)]
    [InlineData(1.1, -0.4)]
    // clad test/Gradient/Assignments.C (f5)
    public void Clad_Assignments_f5_negate_in_branches(double x, double y) =>
        Check2(PeerFns.CladNegateInBranches, PeerFns.CladNegateInBranchesGradient, x, y, "f5");

    [Fact]
    // clad test/Gradient/Assignments.C (f7)
    public void Clad_Assignments_f7_compound_on_elements() =>
        Check2(PeerFns.CladCompoundOnArrayElements, PeerFns.CladCompoundOnArrayElementsGradient, 1.3, 0.6, "f7");

    [Fact]
    // clad test/Gradient/Assignments.C (f9)
    public void Clad_Assignments_f9_chained_compound() =>
        Check2(PeerFns.CladChainedCompound, PeerFns.CladChainedCompoundGradient, 1.3, 0.6, "f9");

    // ----- Clad FunctionCalls.C -----

    [Fact]
    // clad test/Gradient/FunctionCalls.C (fn4 with sum and twice)
    public void Clad_FunctionCalls_fn4_helpers_that_write()
    {
        // The float sum makes finite differences too coarse; the exact gradient is 1 + 2·11 for
        // arr[0] (scaled by 11 in place) and 1 + 2 for the others.
        var dA = new double[4];
        double v = PeerFns.CladHelpersThatWriteGradient((double[])A4.Clone(), 4, dA);
        Grad.SameValue(PeerFns.CladHelpersThatWrite((double[])A4.Clone(), 4), v, "fn4");
        Assert.Equal(new[] { 23.0, 3.0, 3.0, 3.0 }, dA);
    }

    [Fact]
    // clad test/Gradient/FunctionCalls.C (fn5 with modify2)
    public void Clad_FunctionCalls_fn5_ignored_result() =>
        CheckA(PeerFns.CladIgnoredHelperResult, PeerFns.CladIgnoredHelperResultGradient, new[] { 0.5, 1.5 }, "fn5");

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(0.5, 2.0)]
    // clad test/Gradient/FunctionCalls.C (fn9 with custom_max)
    public void Clad_FunctionCalls_fn9_custom_max(double x, double y) =>
        Check2(PeerFns.CladCustomMax, PeerFns.CladCustomMaxGradient, x, y, "fn9");

    [Theory]
    [InlineData(-1.0, 2.0)]
    [InlineData(5.0, 2.0)]
    [InlineData(12.0, 2.0)]
    [InlineData(1.0, 2.0)]
    // clad test/Gradient/FunctionCalls.C (fn10 with max, min and clamp)
    public void Clad_FunctionCalls_fn10_max_min_clamp(double x, double y) =>
        Check2(PeerFns.CladMaxMinClamp, PeerFns.CladMaxMinClampGradient, x, y, "fn10");

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    // clad test/Gradient/EarlyReturns.C (early return from nested loops)
    public void Clad_EarlyReturns_nested_loops(double x) =>
        CheckAX(PeerFns.CladEarlyReturnInNestedLoops, PeerFns.CladEarlyReturnInNestedLoopsGradient, new[] { 0.9, 1.1, 0.7 }, x, "early return");

    [Fact]
    // clad test/Gradient/MemberFunctions.C (member function reading a field and a constant)
    public void Clad_MemberFunctions_instance_fields()
    {
        var c = new CladCounter(1.75);
        var dA = new double[4];
        double v = c.WeightedGradient((double[])A4.Clone(), dA);
        Grad.SameValue(c.Weighted((double[])A4.Clone()), v, "Weighted");
        Grad.Check(c.Weighted, (double[])A4.Clone(), dA, "Weighted");
    }

    // ----- Enzyme -----

    [Fact]
    // Enzyme enzyme/test/Integration/ReverseMode/mycos.c (at x = 0 the n = 0 term is Pow(0, 0))
    public void Enzyme_ReverseMode_mycos_at_zero() => Enzyme_ReverseMode_mycos(0.0);

    [Theory]
    [InlineData(0.7)]
    [InlineData(-2.1)]
    // Enzyme enzyme/test/Integration/ReverseMode/mycos.c
    public void Enzyme_ReverseMode_mycos(double x)
    {
        Check1(PeerFns.EnzymeMyCos, PeerFns.EnzymeMyCosGradient, x, "mycos");
        double d = 0;
        PeerFns.EnzymeMyCosGradient(x, ref d);
        Assert.Equal(-Math.Sin(x), d, 6);
    }

    [Fact]
    // Enzyme enzyme/test/Integration/ReverseMode/readwriteread.c
    public void Enzyme_ReverseMode_readwriteread()
    {
        CheckA(PeerFns.EnzymeReadWriteRead, PeerFns.EnzymeReadWriteReadGradient, new[] { 2.0 }, "readwriteread");
        var dX = new double[1];
        PeerFns.EnzymeReadWriteReadGradient(new[] { 2.0 }, dX);
        Assert.Equal(12.0, dX[0], 12); // x³ → 3x²
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    // Enzyme enzyme/test/Integration/ReverseMode/sumtil.c
    public void Enzyme_ReverseMode_sumtil(int size) =>
        CheckA(a => PeerFns.EnzymeSumUntil(a, size), (double[] a, double[] dA) => PeerFns.EnzymeSumUntilGradient(a, size, dA), new[] { 0.5, 0.75, 0.25, 1.5, 0.3, 0.2 }, "sumtil");

    [Fact]
    // Enzyme enzyme/test/Integration/ReverseMode/insertsort_sum.c
    public void Enzyme_ReverseMode_insertsort_sum() =>
        CheckA(a => PeerFns.EnzymeInsertionSortSum(a, 6), (double[] a, double[] dA) => PeerFns.EnzymeInsertionSortSumGradient(a, 6, dA), A6, "insertsort_sum");

    [Fact]
    // Enzyme enzyme/test/Integration/ReverseMode/integrateexp.cpp
    public void Enzyme_ReverseMode_integrateexp() =>
        Check2(PeerFns.EnzymeIntegrateExp, PeerFns.EnzymeIntegrateExpGradient, 1.3, 0.8, "integrateexp");

    [Fact]
    // Enzyme enzyme/test/Integration/ReverseMode/rwrloop.c
    public void Enzyme_ReverseMode_rwrloop() =>
        CheckA(a => PeerFns.EnzymeReadWriteReadLoop(a, 2, 3), (double[] a, double[] dA) => PeerFns.EnzymeReadWriteReadLoopGradient(a, 2, 3, dA), A6, "rwrloop");

    [Theory]
    [InlineData(6)]
    [InlineData(9)]
    // Enzyme enzyme/test/Integration/ReverseMode/sumsimd.cpp (stride 4 with a remainder loop)
    public void Enzyme_ReverseMode_sumsimd(int n)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 0.1 * (i + 1) * (i % 2 == 0 ? 1 : -1);
        CheckA(PeerFns.EnzymeStrideFourSum, PeerFns.EnzymeStrideFourSumGradient, a, "sumsimd");
    }

    [Fact]
    // Enzyme enzyme/test/Integration/ReverseMode/eigensumsq.cpp (read-only span)
    public void Enzyme_ReverseMode_eigensumsq_span()
    {
        var dV = new double[4];
        double v = PeerFns.EnzymeSpanSumSquaresGradient(A4, dV);
        Grad.SameValue(PeerFns.EnzymeSpanSumSquares(A4), v, "eigensumsq");
        Grad.Check(p => PeerFns.EnzymeSpanSumSquares(p), A4, dV, "eigensumsq");
    }

    [Fact]
    // Enzyme enzyme/test/Integration/ReverseMode/fwdsub.c (pullback of a triangular solve)
    public void Enzyme_ReverseMode_fwdsub()
    {
        var lower = new[] { 2.0, 0, 0, 0.5, 1.5, 0, -0.3, 0.7, 1.2 };
        var b = new[] { 1.0, -0.5, 2.0 };
        var seed = new[] { 0.3, -1.1, 0.8 };
        var x = new double[3];
        var dL = new double[9];
        var dB = new double[3];
        var dXs = (double[])seed.Clone();
        PeerFns.EnzymeForwardSubstitutionPullback(lower, b, x, dL, dB, dXs);
        var expected = new double[3];
        PeerFns.EnzymeForwardSubstitution(lower, b, expected);
        Grad.SameArray(expected, x, "fwdsub writes");
        Func<double[], double> objective = p =>
        {
            var y = new double[3];
            PeerFns.EnzymeForwardSubstitution(Fd.Slice(p, 0, 9), Fd.Slice(p, 9, 3), y);
            return seed[0] * y[0] + seed[1] * y[1] + seed[2] * y[2];
        };
        Grad.Check(objective, Fd.Pack(lower, b), Fd.Pack(dL, dB), "fwdsub");
        Assert.Equal(new double[3], dXs);
    }

    [Fact]
    // Enzyme enzyme/test/Integration/ReverseMode/dotproduct (float data, double accumulator)
    public void Enzyme_ReverseMode_float_dot()
    {
        var a = new[] { 0.5f, 1.25f, -0.75f };
        var b = new[] { 2.0f, -1.5f, 0.25f };
        var dA = new float[3];
        var dB = new float[3];
        double v = PeerFns.EnzymeFloatDotGradient(a, b, dA, dB);
        Assert.Equal(PeerFns.EnzymeFloatDot(a, b), v);
        Assert.Equal(b, dA);
        Assert.Equal(a, dB);
    }

    // ----- autograd -----

    [Fact]
    // autograd tests/test_scipy.py and test_systems.py (logsumexp)
    public void Autograd_logsumexp() => CheckA(PeerFns.AutogradLogSumExp, PeerFns.AutogradLogSumExpGradient, A6, "logsumexp");

    [Fact]
    // autograd tests/test_numpy.py (test_std)
    public void Autograd_numpy_std() => CheckA(PeerFns.AutogradStd, PeerFns.AutogradStdGradient, A6, "std");

    [Fact]
    // autograd tests/test_numpy.py (test_cumprod)
    public void Autograd_numpy_cumprod() =>
        CheckAB(PeerFns.AutogradCumProdDot, PeerFns.AutogradCumProdDotGradient, A4, new[] { 0.2, -0.4, 1.1, 0.6 }, "cumprod");

    [Fact]
    // autograd tests/test_numpy.py (test_cumsum)
    public void Autograd_numpy_cumsum() => CheckA(PeerFns.AutogradCumSumSquares, PeerFns.AutogradCumSumSquaresGradient, A6, "cumsum");

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.0)]
    [InlineData(2.5)]
    // autograd tests/test_scalar_ops.py (sigmoid, tanh, softplus)
    public void Autograd_scalar_activations(double x) => Check1(PeerFns.AutogradActivations, PeerFns.AutogradActivationsGradient, x, "activations");

    [Fact]
    // autograd tests/test_numpy.py (test_clip)
    public void Autograd_numpy_clip()
    {
        var a = new[] { -2.0, -0.3, 0.4, 1.7 };
        var dA = new double[4];
        double dLo = 0, dHi = 0;
        double v = PeerFns.AutogradClipSumGradient(a, -1.0, 1.0, dA, ref dLo, ref dHi);
        Grad.SameValue(PeerFns.AutogradClipSum(a, -1.0, 1.0), v, "clip");
        Grad.Check(p => PeerFns.AutogradClipSum(Fd.Slice(p, 0, 4), p[4], p[5]), Fd.Pack(a, -1.0, 1.0), Fd.Pack(dA, dLo, dHi), "clip");

        // On a bound the gradient goes to x, as torch.clamp does.
        Array.Clear(dA);
        dLo = dHi = 0;
        PeerFns.AutogradClipSumGradient(new[] { -1.0, 0.0, 1.0, 0.5 }, -1.0, 1.0, dA, ref dLo, ref dHi);
        Assert.Equal(new[] { 1.0, 2.0, 3.0, 4.0 }, dA);
        Assert.Equal(0.0, dLo);
        Assert.Equal(0.0, dHi);
    }

    [Fact]
    // autograd tests/test_systems.py (test_rnn)
    public void Autograd_systems_rnn()
    {
        var w = new[] { 0.3, -0.2, 0.1, 0.4 };
        var u = new[] { 0.5, -0.7 };
        var xs = new[] { 1.0, -0.5, 0.25 };
        var dW = new double[4];
        var dU = new double[2];
        var dXs = new double[3];
        double v = PeerFns.AutogradRnnGradient(w, u, xs, 2, dW, dU, dXs);
        Grad.SameValue(PeerFns.AutogradRnn(w, u, xs, 2), v, "rnn");
        Grad.Check(p => PeerFns.AutogradRnn(Fd.Slice(p, 0, 4), Fd.Slice(p, 4, 2), Fd.Slice(p, 6, 3), 2), Fd.Pack(w, u, xs), Fd.Pack(dW, dU, dXs), "rnn");
    }

    [Fact]
    // autograd examples/logistic_regression.py (training loss)
    public void Autograd_logistic_regression()
    {
        var weights = new[] { 0.1, -0.3, 0.2 };
        var inputs = new[] { 0.5, 1.0, -0.2, -1.0, 0.3, 0.8, 0.4, -0.6, 1.2, 1.5, 0.2, -0.1 };
        var targets = new[] { 1.0, 0.0, 1.0, 0.0 };
        var dW = new double[3];
        double v = PeerFns.AutogradLogisticLogLikelihoodGradient(weights, inputs, targets, 3, dW);
        Grad.SameValue(PeerFns.AutogradLogisticLogLikelihood(weights, inputs, targets, 3), v, "logistic");
        Grad.Check(p => PeerFns.AutogradLogisticLogLikelihood(p, inputs, targets, 3), weights, dW, "logistic");
    }

    [Theory]
    [InlineData(2.3, 1.1)]
    [InlineData(-0.4, 0.9)]
    // autograd tests/test_numpy.py (test_fmod, test_arctan2)
    public void Autograd_numpy_remainder_atan2(double x, double y) =>
        Check2(PeerFns.AutogradRemainder, PeerFns.AutogradRemainderGradient, x, y, "remainder");

    [Theory]
    [InlineData(1.5, -0.5)]
    [InlineData(-1.5, 0.5)]
    // autograd tests/test_numpy.py (test_abs, test_maximum, test_minimum)
    public void Autograd_numpy_abs_maximum_minimum(double x, double y) =>
        Check2(PeerFns.AutogradAbsAndMax, PeerFns.AutogradAbsAndMaxGradient, x, y, "abs/max/min");

    [Fact]
    // autograd tests/test_numpy.py (abs and maximum at their kinks, with the documented conventions)
    public void Autograd_numpy_abs_maximum_kinks()
    {
        double dX = 0, dY = 0;
        PeerFns.AutogradAbsAndMaxGradient(0.0, 0.0, ref dX, ref dY);
        // Abs'(0) = 0; the ties of Max(x, y) and Min(x, 2y) split in half, as autograd's maximum and minimum do.
        Assert.Equal(1.0, dX);
        Assert.Equal(1.5, dY);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    // autograd tests/test_numpy.py (test_floor, test_ceil, test_tan)
    public void Autograd_numpy_floor_ceil_tan(double x) => Check1(PeerFns.AutogradFloorMix, PeerFns.AutogradFloorMixGradient, x, "floor");

    // ----- JAX -----

    [Fact]
    // jax tests/lax_control_flow_test.py (testForiLoopGrad)
    public void Jax_fori_loop() => Check1(x => PeerFns.JaxForiLoop(x, 4), (double x, ref double dX) => PeerFns.JaxForiLoopGradient(x, 4, ref dX), 0.8, "fori_loop");

    [Theory]
    [InlineData(0.7)]
    [InlineData(3.1)]
    [InlineData(12.0)]
    // jax tests/lax_control_flow_test.py (testWhileLoop with a value-dependent condition)
    public void Jax_while_loop_on_value(double x) => Check1(PeerFns.JaxWhileOnValue, PeerFns.JaxWhileOnValueGradient, x, "while_loop");

    [Theory]
    [InlineData(0.9)]
    [InlineData(-0.9)]
    // jax tests/lax_control_flow_test.py (testCondGrad)
    public void Jax_cond(double x) => Check1(PeerFns.JaxCond, PeerFns.JaxCondGradient, x, "cond");

    [Fact]
    // jax tests/lax_control_flow_test.py (testScanGrad)
    public void Jax_scan()
    {
        var a = new[] { 0.9, 1.1, -0.5, 0.7 };
        var b = new[] { 0.1, -0.2, 0.3, 0.4 };
        var dA = new double[4];
        var dB = new double[4];
        double dInit = 0;
        double v = PeerFns.JaxScanGradient(a, b, 0.6, dA, dB, ref dInit);
        Grad.SameValue(PeerFns.JaxScan(a, b, 0.6), v, "scan");
        Grad.Check(p => PeerFns.JaxScan(Fd.Slice(p, 0, 4), Fd.Slice(p, 4, 4), p[8]), Fd.Pack(a, b, 0.6), Fd.Pack(dA, dB, dInit), "scan");
    }

    [Fact]
    // jax tests/lax_numpy_test.py (testWhere gradient)
    public void Jax_where() => CheckA(PeerFns.JaxWhere, PeerFns.JaxWhereGradient, A6, "where");

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(5.0, -2.0)]
    // jax tests/lax_numpy_test.py (logaddexp)
    public void Jax_logaddexp(double a, double b) => Check2(PeerFns.JaxLogAddExp, PeerFns.JaxLogAddExpGradient, a, b, "logaddexp");

    [Fact]
    // jax tests/api_test.py (test_grad_argnums)
    public void Jax_api_grad_argnums() => Check3(PeerFns.JaxArgnums, PeerFns.JaxArgnumsGradient, 0.4, 1.3, 2.2, "argnums");

    // ----- Tapenade-style -----

    [Fact]
    // Tapenade example: explicit heat equation time stepping
    public void Tapenade_heat_1d()
    {
        var u0 = new[] { 0.0, 0.5, 1.0, 0.7, 0.2, 0.0 };
        var dU = new double[6];
        double dC = 0;
        double v = PeerFns.TapenadeHeat1DGradient(u0, 0.2, 5, dU, ref dC);
        Grad.SameValue(PeerFns.TapenadeHeat1D(u0, 0.2, 5), v, "heat");
        Grad.Check(p => PeerFns.TapenadeHeat1D(Fd.Slice(p, 0, 6), p[6], 5), Fd.Pack(u0, 0.2), Fd.Pack(dU, dC), "heat");
    }

    [Fact]
    // Tapenade example: matrix-vector product (vector-Jacobian product through the pullback)
    public void Tapenade_matvec_pullback()
    {
        var a = new[] { 1.0, 2.0, -1.0, 0.5, 0.3, -0.7 };
        var x = new[] { 0.4, -1.2, 2.0 };
        var seed = new[] { 1.5, -0.5 };
        var y = new double[2];
        var dA = new double[6];
        var dXs = new double[3];
        var dYs = (double[])seed.Clone();
        PeerFns.TapenadeMatVecPullback(a, x, y, dA, dXs, dYs);
        var expected = new double[2];
        PeerFns.TapenadeMatVec(a, x, expected);
        Grad.SameArray(expected, y, "matvec writes");
        Func<double[], double> objective = p =>
        {
            var r = new double[2];
            PeerFns.TapenadeMatVec(Fd.Slice(p, 0, 6), Fd.Slice(p, 6, 3), r);
            return seed[0] * r[0] + seed[1] * r[1];
        };
        Grad.Check(objective, Fd.Pack(a, x), Fd.Pack(dA, dXs), "matvec");
    }

    [Fact]
    // Tapenade example: upwind Burgers step with a branch on the sign of the velocity
    public void Tapenade_upwind_burgers()
    {
        var u = new[] { 0.5, -0.3, 0.8, -1.1, 0.2 };
        var dU = new double[5];
        double dDt = 0, dDx = 0;
        double v = PeerFns.TapenadeUpwindGradient(u, 0.05, 0.2, dU, ref dDt, ref dDx);
        Grad.SameValue(PeerFns.TapenadeUpwind(u, 0.05, 0.2), v, "upwind");
        Grad.Check(p => PeerFns.TapenadeUpwind(Fd.Slice(p, 0, 5), p[5], p[6]), Fd.Pack(u, 0.05, 0.2), Fd.Pack(dU, dDt, dDx), "upwind");
    }

    [Fact]
    // Tapenade example: Runge-Kutta 4 integration through a right-hand-side helper
    public void Tapenade_rk4() =>
        Check2((y, k) => PeerFns.TapenadeRk4(y, k, 10), (double y, double k, ref double dY, ref double dK) => PeerFns.TapenadeRk4Gradient(y, k, 10, ref dY, ref dK), 0.9, 0.6, "rk4");

    // ----- C# user code -----

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    // User code: a for loop counting down by two
    public void User_count_down_by_two(int n)
    {
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 0.3 * i - 0.5;
        CheckA(PeerFns.CountDownByTwo, PeerFns.CountDownByTwoGradient, a, "count down");
    }

    [Fact]
    // User code: a long loop counter mixed into the value
    public void User_long_counter() => Check1(PeerFns.LongCounterProduct, PeerFns.LongCounterProductGradient, 0.6, "long counter");

    [Fact]
    // User code: float parameter, double intermediate, float result
    public void User_float_double_mix()
    {
        float dX = 0;
        double dY = 0;
        float v = PeerFns.FloatDoubleMixGradient(0.75f, 1.5, ref dX, ref dY);
        Grad.SameValue(PeerFns.FloatDoubleMix(0.75f, 1.5), v, "float mix");
        double t = 0.75 * 1.5;
        Assert.Equal(0.5 * (Math.Cos(t) * 1.5 + 2 * 0.75), dX, 4);
        Assert.Equal(0.5 * Math.Cos(t) * 0.75 + 0.25, dY, 4);
    }

    [Fact]
    // User code: in-place span update (pullback)
    public void User_span_in_place_pullback()
    {
        var v0 = new[] { 0.5, -1.0, 2.0 };
        var seed = new[] { 1.0, 0.5, -0.25 };
        var v = (double[])v0.Clone();
        var dV = (double[])seed.Clone();
        double dS = 0;
        PeerFns.SpanInPlaceScalePullback(v, 1.5, dV, ref dS);
        var expected = (double[])v0.Clone();
        PeerFns.SpanInPlaceScale(expected, 1.5);
        Grad.SameArray(expected, v, "span writes");
        Func<double[], double> objective = p =>
        {
            var w = Fd.Slice(p, 0, 3);
            PeerFns.SpanInPlaceScale(w, p[3]);
            return seed[0] * w[0] + seed[1] * w[1] + seed[2] * w[2];
        };
        Grad.Check(objective, Fd.Pack(v0, 1.5), Fd.Pack(dV, dS), "span in place");
    }

    [Fact]
    // User code: circular neighbours with integer % in indices
    public void User_circular_neighbours() => CheckA(PeerFns.CircularNeighbours, PeerFns.CircularNeighboursGradient, A6, "circular");

    [Theory]
    [InlineData(0.4)]
    [InlineData(2.5)]
    // User code: do-while with a break on the value
    public void User_do_while_break(double x) => Check1(PeerFns.DoWhileBreak, PeerFns.DoWhileBreakGradient, x, "do-while break");

    [Fact]
    // User code: a writing helper applied to a local array
    public void User_helper_writes_local_array() =>
        Check2(PeerFns.HelperWritesLocalArray, PeerFns.HelperWritesLocalArrayGradient, 1.3, -0.7, "local array helper");

    [Fact]
    // User code: integer division and modulo in indices
    public void User_integer_division_indices() => CheckA(PeerFns.IntegerDivisionIndices, PeerFns.IntegerDivisionIndicesGradient, A4, "k / 2");
    // ----- further constructs -----

    [Fact]
    // jax tests/lax_autodiff_test.py (grad of x ** 0 at x = 0 is 0)
    public void Jax_pow_zero_exponent_at_zero() => Jax_pow_integer_exponent(0.0, 0);

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.0, 3)]
    [InlineData(1.3, 0)]
    [InlineData(-1.3, 3)]
    // jax tests/lax_autodiff_test.py (grad of x ** n at x = 0, n = 0 is 0)
    public void Jax_pow_integer_exponent(double x, int n)
    {
        double d = 0;
        double v = PeerFns.PowIntExponentGradient(x, n, ref d);
        Grad.SameValue(PeerFns.PowIntExponent(x, n), v, "pow");
        Assert.Equal(n == 0 ? 0.0 : n * Math.Pow(x, n - 1), d, 12);
    }

    [Fact]
    // jax tests/lax_autodiff_test.py (literal exponent 0 at x = 0)
    public void Jax_pow_literal_exponents_at_zero() => Jax_pow_literal_exponents(0.0);

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.7)]
    // jax tests/lax_autodiff_test.py (literal exponents 0, 1 and 2)
    public void Jax_pow_literal_exponents(double x)
    {
        double d = 0;
        double v = PeerFns.PowLiteralExponentsGradient(x, ref d);
        Grad.SameValue(PeerFns.PowLiteralExponents(x), v, "pow literal");
        Assert.Equal(1 + 2 * x, d, 12);
    }

    [Fact]
    // clad test/Gradient/RecursiveFunctionEarlyReturn.C, Enzyme ReverseMode/recurse.c (recursion)
    public void Clad_recursion_power() =>
        Check1(x => PeerFns.PowRecursive(x, 5), (double x, ref double dX) => PeerFns.PowRecursiveGradient(x, 5, ref dX), 1.3, "recursion");

    [Fact]
    // Enzyme enzyme/test/Integration/ReverseMode/recurse.c (two recursive calls per level)
    public void Enzyme_ReverseMode_recurse() =>
        Check1(x => PeerFns.FibonacciPolynomial(x, 6), (double x, ref double dX) => PeerFns.FibonacciPolynomialGradient(x, 6, ref dX), 0.8, "recurse");

    [Fact]
    // User code: a params array
    public void User_params_array()
    {
        var x = new[] { 0.5, -1.5, 2.0 };
        var dX = new double[3];
        double v = PeerFns.ParamsSumSquaresGradient(x, dX);
        Grad.SameValue(PeerFns.ParamsSumSquares(0.5, -1.5, 2.0), v, "params");
        Assert.Equal(new[] { 1.0, -3.0, 4.0 }, dX);
    }

    [Fact]
    // User code: swapping two elements with a tuple
    public void User_tuple_swap() => CheckA(PeerFns.TupleSwap, PeerFns.TupleSwapGradient, A4, "tuple swap");

    [Fact]
    // User code: two counters in one for loop
    public void User_two_counters_for() => CheckA(PeerFns.TwoCountersFor, PeerFns.TwoCountersForGradient, A6, "two counters");

    [Fact]
    // User code: the counter is changed in the body
    public void User_counter_changed_in_body() => CheckA(PeerFns.CounterChangedInBody, PeerFns.CounterChangedInBodyGradient, A6, "counter in body");

    [Fact]
    // clad test/Gradient/Assignments.C (/= and -= on parameters)
    public void Clad_Assignments_divide_subtract_assign() =>
        Check2(PeerFns.DivideAndSubtractAssign, PeerFns.DivideAndSubtractAssignGradient, 1.7, 0.6, "/=");

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.5)]
    // User code: Math.Max and Math.Min with an int argument
    public void User_max_min_with_int(double x) =>
        Check1(v => PeerFns.MaxMinWithInt(v, 1), (double v, ref double d) => PeerFns.MaxMinWithIntGradient(v, 1, ref d), x, "max int");

    [Theory]
    [InlineData(0.3)]
    [InlineData(4.3)]
    // jax tests/lax_control_flow_test.py (while True with a break on the value)
    public void Jax_while_true_break(double x) => Check1(PeerFns.WhileTrueBreak, PeerFns.WhileTrueBreakGradient, x, "while true");

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.9)]
    // User code: for (;;) with a return inside
    public void User_forever_return(double x) => Check1(PeerFns.ForeverReturn, PeerFns.ForeverReturnGradient, x, "for(;;)");

    [Fact]
    // Tapenade example: row-major matrix with a ternary weight on the diagonal
    public void Tapenade_diagonal_weighted() =>
        CheckA(a => PeerFns.DiagonalWeighted(a, 2, 2), (double[] a, double[] dA) => PeerFns.DiagonalWeightedGradient(a, 2, 2, dA), A4, "diagonal");

    [Fact]
    // autograd tests/test_numpy.py (dot products composed through a helper)
    public void Autograd_numpy_dot_helpers() =>
        CheckAB(PeerFns.CosineLike, PeerFns.CosineLikeGradient, A4, new[] { 0.2, -0.4, 1.1, 0.6 }, "dot helpers");

    [Fact]
    // Enzyme enzyme/test/Integration/ReverseMode/frexp.c (x · 2^e)
    public void Enzyme_ReverseMode_ldexp() =>
        Check1(x => PeerFns.Ldexp(x, 3), (double x, ref double dX) => PeerFns.LdexpGradient(x, 3, ref dX), 0.7, "ldexp");

    [Fact]
    // jax tests/lax_numpy_indexing_test.py (gather with repeated indices)
    public void Jax_gather_repeated_indices()
    {
        var idx = new[] { 0, 2, 2, 3 };
        CheckA(a => PeerFns.Gather(a, idx), (double[] a, double[] dA) => PeerFns.GatherGradient(a, idx, dA), A4, "gather");
    }

    [Fact]
    // jax tests/lax_numpy_indexing_test.py (scatter-add into a local array)
    public void Jax_scatter_add()
    {
        var idx = new[] { 1, 1, 3, 0 };
        CheckA(a => PeerFns.ScatterAdd(a, idx), (double[] a, double[] dA) => PeerFns.ScatterAddGradient(a, idx, dA), A4, "scatter add");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.2)]
    // autograd tests/test_numpy.py (np.where written in place)
    public void Autograd_threshold_in_place(double x) =>
        CheckAX(PeerFns.ThresholdInPlace, PeerFns.ThresholdInPlaceGradient, A4, x, "threshold");

    [Fact]
    // User code: long counter counting down
    public void User_long_index_horner() => CheckA(PeerFns.LongIndexHorner, PeerFns.LongIndexHornerGradient, A6, "long horner");

    [Theory]
    [InlineData(1.5)]
    [InlineData(2.25)]
    // User code: an index computed from a differentiable value (zero derivative through the index)
    public void User_index_from_value(double x) =>
        CheckAX(PeerFns.IndexFromValue, PeerFns.IndexFromValueGradient, A4, x, "index from value");

}
