using System.Linq;
using Diff;

namespace Diff.Gradients.Tests;

public static partial class LoopFns
{
    [Differentiable]
    public static double SumPowers(double x, int n)
    {
        double s = 0.0;
        double p = 1.0;
        for (int i = 0; i < n; i++)
        {
            p *= x;
            s += p;
        }
        return s;
    }

    [Differentiable]
    public static double LoopCarried(double x, double y, int n)
    {
        double z = y;
        for (int i = 0; i < n; i++)
        {
            z = Math.Sin(z) * x + 0.5 * z;
        }
        return z;
    }

    [Differentiable]
    public static double LoopIndexInArithmetic(double x, int n)
    {
        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            s += x / (i + 1.0) + i * x * x;
        }
        return s;
    }

    [Differentiable]
    public static double StepTwoAndDecrement(double x, double y, int n)
    {
        double s = 0.0;
        for (int i = 0; i < n; i += 2)
        {
            s = s * y + x;
        }
        for (int j = n; j > 0; j--)
        {
            s = s + x * j * 0.1;
        }
        return s;
    }

    /// <summary>Composite Simpson's rule (Burden and Faires), the odd and the even interior points each by a stride of 2.</summary>
    [Differentiable]
    public static double Simpson(double a, double b, double k, int n)
    {
        double h = (b - a) / n;
        double s = Math.Sin(k * a) + Math.Sin(k * b);
        for (int i = 1; i < n; i += 2)
        {
            s += 4.0 * Math.Sin(k * (a + i * h));
        }

        for (int i = 2; i < n - 1; i += 2)
        {
            s += 2.0 * Math.Sin(k * (a + i * h));
        }

        return s * h / 3.0;
    }

    /// <summary>Welford's online variance (Knuth, TAOCP vol. 2).</summary>
    [Differentiable]
    public static double WelfordVariance(double[] x)
    {
        double mean = 0.0, m2 = 0.0;
        for (int i = 0; i < x.Length; i++)
        {
            double delta = x[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (x[i] - mean);
        }

        return m2 / (x.Length - 1);
    }

    /// <summary>Loops that step by a stride: run backwards from their last value, with no trip count on the tape.</summary>
    [Differentiable]
    public static double Strided(double[] x, int n, int stride)
    {
        double acc = 0.5;
        for (int i = 1; i < n; i += stride)
        {
            acc += Math.Sin(x[i]) * acc + x[i];
        }

        for (int i = n - 1; i >= 0; i -= 3)
        {
            acc = acc * x[i];
        }

        for (long i = 0; i <= n - 2; i += 2)
        {
            acc += x[i] * x[i + 1];
        }

        return acc;
    }

    [Differentiable]
    public static double NestedLoops(double x, double y, int n, int m)
    {
        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            double t = x;
            for (int j = 0; j < m; j++)
            {
                t = t * y + Math.Sin(x * i + y * j);
            }
            s += t * t;
        }
        return s;
    }

    [Differentiable]
    public static double TripleNestedLoops(double x, int n)
    {
        double s = 1.0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                for (int k = 0; k < 2; k++)
                    s = s * 0.9 + x * (i - j + k);
        return s;
    }

    /// <summary>The trip count depends on x.</summary>
    [Differentiable]
    public static double WhileDataDependent(double x)
    {
        double y = 1.0;
        int count = 0;
        while (y < 10.0)
        {
            y = y * x + 1.0;
            count++;
        }
        return y + count * x;
    }

    public static int WhileDataDependentCount(double x)
    {
        double y = 1.0;
        int count = 0;
        while (y < 10.0)
        {
            y = y * x + 1.0;
            count++;
        }
        return count;
    }

    [Differentiable]
    public static double WhileIntCounter(double x, int n)
    {
        int i = 0;
        double acc = 1.0;
        while (i < n)
        {
            acc = acc * x + i;
            i += 1;
        }
        return acc;
    }

    [Differentiable]
    public static double DoWhile(double x, int n)
    {
        double y = x;
        int k = 0;
        do
        {
            y = y * y * 0.5 + 0.25;
            k++;
        }
        while (k < n && y < 3.0);
        return y * x + k;
    }

    public static int DoWhileCount(double x, int n)
    {
        double y = x;
        int k = 0;
        do
        {
            y = y * y * 0.5 + 0.25;
            k++;
        }
        while (k < n && y < 3.0);
        return k;
    }

    [Differentiable]
    public static double Break(double x, double y)
    {
        double s = 0.0;
        for (int i = 0; i < 100; i++)
        {
            s += x * i + y;
            if (s > 20.0)
            {
                break;
            }
            s = s * 1.01;
        }
        return s * y;
    }

    public static int BreakCount(double x, double y)
    {
        double s = 0.0;
        int i;
        for (i = 0; i < 100; i++)
        {
            s += x * i + y;
            if (s > 20.0)
            {
                break;
            }
            s = s * 1.01;
        }
        return i;
    }

    [Differentiable]
    public static double Continue(double x, double y, int n)
    {
        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            if (i % 3 == 1)
            {
                continue;
            }
            s += Math.Pow(x, i) * y;
        }
        return s;
    }

    [Differentiable]
    public static double DataDependentContinue(double x, double y, int n)
    {
        double s = y;
        for (int i = 0; i < n; i++)
        {
            double t = Math.Sin(x * i);
            if (t < 0.0)
            {
                continue;
            }
            s = s * t + y;
        }
        return s;
    }

    [Differentiable]
    public static double EarlyReturnInLoop(double x, double y, int n)
    {
        double s = y;
        for (int i = 0; i < n; i++)
        {
            s = s * x + 1.0;
            if (s > 50.0)
            {
                return s * y;
            }
        }
        return s - y;
    }

    public static int EarlyReturnInLoopCount(double x, double y, int n)
    {
        double s = y;
        for (int i = 0; i < n; i++)
        {
            s = s * x + 1.0;
            if (s > 50.0)
            {
                return i;
            }
        }
        return n;
    }

    [Differentiable]
    public static double EarlyReturnInWhile(double x)
    {
        double s = x;
        while (true)
        {
            s = s * 1.5 + x;
            if (s > 7.0)
            {
                return s * x;
            }
        }
    }

    public static int EarlyReturnInWhileCount(double x)
    {
        double s = x;
        int c = 0;
        while (true)
        {
            s = s * 1.5 + x;
            c++;
            if (s > 7.0)
            {
                return c;
            }
        }
    }

    [Differentiable]
    public static double BreakInInnerLoop(double x, int n)
    {
        double s = 0.0;
        for (int i = 0; i < n; i++)
        {
            double t = 1.0;
            for (int j = 0; j < 50; j++)
            {
                t = t * x;
                if (j >= i)
                {
                    break;
                }
            }
            s += t;
        }
        return s;
    }

    [Differentiable]
    public static double ForeachArray(double[] a, double x)
    {
        double s = 0.0;
        foreach (var v in a)
        {
            s += v * v * x + Math.Sin(v);
        }
        return s;
    }

    [Differentiable]
    public static double ForeachSpan(ReadOnlySpan<double> a, double x)
    {
        double s = 0.0;
        foreach (double v in a)
        {
            s = s * x + v;
        }
        return s;
    }

    /// <summary>A for loop that counts nothing, whose header declares the length of an array its body creates.</summary>
    [Differentiable]
    public static double HeaderLength(double[] x)
    {
        double e = 0;
        for (int n = x.Length; e < 10; e += 1)
        {
            double[] t = new double[n];
            for (int i = 0; i < n; i++) t[i] = x[i] * x[i];
            e += t[n - 1] * x[0];
        }

        return e;
    }

    /// <summary>
    /// A point-by-point nest whose triangular product (its row loop starts after the column) records nothing, beside
    /// loops that record the old elements of a scratch array and the partials of a squared norm: the nest's
    /// recordings are reserved once before it.
    /// </summary>
    [Differentiable]
    public static double TriangularNest(double[] x, double[] l, int n, int d)
    {
        double[] v = new double[d];
        double[] w = new double[d];
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) v[j] = x[i * d + j] - l[j];
            for (int j = 0; j < d; j++) w[j] = l[j] * v[j];
            for (int c = 0; c < d; c++)
            {
                for (int r = c + 1; r < d; r++) w[r] += l[r] * v[c];
            }

            for (int j = 0; j < d; j++) s += w[j] * w[j];
        }

        return s;
    }

    /// <summary>A triangular loop that records, inside a nest that therefore cannot be counted before it starts.</summary>
    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double TriangularProducts(double[] x, int n)
    {
        double s = 1;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < x.Length; c++)
            {
                s = s * Math.Cos(x[c]);
                for (int r = c + 1; r < x.Length; r++) s = s * (1 + x[r] * x[c]);
            }
        }

        return s;
    }

    /// <summary>
    /// <see cref="TriangularProducts"/>, kept a call (its Record and Reverse halves run it, reserving on the caller's
    /// tapes inside the nest), called in a loop whose trips the caller counts.
    /// </summary>
    [Differentiable]
    public static double CallsTriangularProducts(double[] x, int n)
    {
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            s += TriangularProducts(x, n + i) * (i + 1);
        }

        return s;
    }

    /// <summary>A counted loop inside a while loop inside a counted loop: it reserves for itself inside the while loop.</summary>
    [Differentiable]
    public static double CountedInsideAWhile(double[] x, int n)
    {
        double s = 0.5;
        for (int i = 0; i < n; i++)
        {
            int k = 0;
            while (k < 1 + i % 3)
            {
                for (int j = 0; j < x.Length; j++) s = s * Math.Cos(x[j] * s) + x[j];
                k++;
            }
        }

        return s;
    }

    /// <summary>An inner loop whose bound is a local of the outer loop's body.</summary>
    [Differentiable]
    public static double BoundFromTheNest(double[] x, int n)
    {
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            int m = i % x.Length + 1;
            for (int j = 0; j < m; j++) s += Math.Sin(s + x[j]) * x[j];
        }

        return s;
    }
}

public class LoopTests
{
    [Fact]
    public void A_for_header_declaring_a_length_for_a_loop_that_counts_nothing()
    {
        double[] x = { 0.5, -1.5, 2.0 };
        double[] dX = new double[3];
        Assert.Equal(LoopFns.HeaderLength(x), LoopFns.HeaderLengthGradient(x, dX));
        Grad.Check(LoopFns.HeaderLength, x, dX, "HeaderLength");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void SumPowers(int n)
    {
        foreach (double x in new[] { 0.7, -1.2, 1.05 })
        {
            double dX = 0;
            double v = LoopFns.SumPowersGradient(x, n, ref dX);
            Grad.SameValue(LoopFns.SumPowers(x, n), v, "SumPowers");
            Grad.Check(p => LoopFns.SumPowers(p[0], n), new[] { x }, new[] { dX }, $"SumPowers(n={n})");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(30)]
    public void LoopCarried(int n)
    {
        var r = new System.Random(3);
        for (int k = 0; k < 5; k++)
        {
            double x = Pts.Uniform(r, -0.9, 0.9), y = Pts.Uniform(r, -2, 2);
            double dX = 0, dY = 0;
            double v = LoopFns.LoopCarriedGradient(x, y, n, ref dX, ref dY);
            Grad.SameValue(LoopFns.LoopCarried(x, y, n), v, "LoopCarried");
            Grad.Check(p => LoopFns.LoopCarried(p[0], p[1], n), new[] { x, y }, new[] { dX, dY }, $"LoopCarried(n={n})");
        }
    }

    [Fact]
    public void LoopIndexInArithmetic()
    {
        double dX = 0;
        double v = LoopFns.LoopIndexInArithmeticGradient(0.8, 6, ref dX);
        Grad.SameValue(LoopFns.LoopIndexInArithmetic(0.8, 6), v, "LoopIndexInArithmetic");
        Grad.Check(p => LoopFns.LoopIndexInArithmetic(p[0], 6), new[] { 0.8 }, new[] { dX }, "LoopIndexInArithmetic");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    public void StepTwoAndDecrement(int n)
    {
        double dX = 0, dY = 0;
        double v = LoopFns.StepTwoAndDecrementGradient(0.8, 1.1, n, ref dX, ref dY);
        Grad.SameValue(LoopFns.StepTwoAndDecrement(0.8, 1.1, n), v, "StepTwoAndDecrement");
        Grad.Check(p => LoopFns.StepTwoAndDecrement(p[0], p[1], n), new[] { 0.8, 1.1 }, new[] { dX, dY }, $"StepTwoAndDecrement(n={n})");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(11)]
    public void Simpsons_rule_with_strided_loops(int n)
    {
        double dA = 0, dB = 0, dK = 0;
        double v = LoopFns.SimpsonGradient(0.3, 1.7, 2.1, n, ref dA, ref dB, ref dK);
        Grad.SameValue(LoopFns.Simpson(0.3, 1.7, 2.1, n), v, "Simpson");
        Grad.Check(p => LoopFns.Simpson(p[0], p[1], p[2], n), new[] { 0.3, 1.7, 2.1 }, new[] { dA, dB, dK }, $"Simpson(n={n})");
    }

    [Fact]
    public void Welfords_online_variance()
    {
        double[] x = { 0.3, -1.2, 2.5, 0.7, 0.7 };
        double[] dX = new double[x.Length];
        double v = LoopFns.WelfordVarianceGradient(x, dX);
        Grad.SameValue(LoopFns.WelfordVariance(x), v, "WelfordVariance");
        Grad.Check(LoopFns.WelfordVariance, x, dX, "WelfordVariance");
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(11, 2)]
    [InlineData(12, 4)]
    [InlineData(2, 5)]
    [InlineData(1, 1)]
    [InlineData(0, 4)]
    [InlineData(13, 13)]
    public void Strided_loops_run_backwards_from_their_last_value(int n, int stride)
    {
        double[] x = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(System.Linq.Enumerable.Range(0, n + 1), k => 0.9 - 0.13 * k));
        double[] dX = new double[x.Length];
        double v = LoopFns.StridedGradient(x, n, stride, dX);
        Grad.SameValue(LoopFns.Strided(x, n, stride), v, "Strided");
        Grad.Check(p => LoopFns.Strided(p, n, stride), x, dX, $"Strided(n={n}, stride={stride})");
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(1, 0)]
    [InlineData(0, 3)]
    [InlineData(5, 5)]
    public void NestedLoops(int n, int m)
    {
        double x = 0.4, y = 0.7;
        double dX = 0, dY = 0;
        double v = LoopFns.NestedLoopsGradient(x, y, n, m, ref dX, ref dY);
        Grad.SameValue(LoopFns.NestedLoops(x, y, n, m), v, "NestedLoops");
        Grad.Check(p => LoopFns.NestedLoops(p[0], p[1], n, m), new[] { x, y }, new[] { dX, dY }, $"NestedLoops({n},{m})");
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(4, 5)]
    [InlineData(40, 9)]
    public void A_nest_reserved_around_a_triangular_loop_that_records_nothing(int n, int d)
    {
        var random = new System.Random(n * 31 + d);
        double[] x = Enumerable.Range(0, n * d).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] l = Enumerable.Range(0, d).Select(_ => random.NextDouble() + 0.25).ToArray();
        // Twice, so that the second call starts on the tape the first one grew.
        for (int call = 0; call < 2; call++)
        {
            double[] dX = new double[x.Length];
            double[] dL = new double[l.Length];
            double v = LoopFns.TriangularNestGradient(x, l, n, d, dX, dL);
            Grad.SameValue(LoopFns.TriangularNest(x, l, n, d), v, "TriangularNest");
            Grad.Check(p => LoopFns.TriangularNest(Fd.Slice(p, 0, x.Length), Fd.Slice(p, x.Length, d), n, d), Fd.Pack(x, l), Fd.Pack(dX, dL), $"TriangularNest({n},{d})");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(30)]
    public void Loops_that_reserve_for_themselves_inside_a_nest_that_cannot(int n)
    {
        double[] x = { 0.3, -0.2, 0.45, 0.1, -0.35 };
        void Matches(string what, Func<double[], int, double> function, Func<double[], int, double[], double> gradient)
        {
            double[] dX = new double[x.Length];
            double value = gradient(x, n, dX);
            Grad.SameValue(function(x, n), value, what);
            Grad.Check(p => function(p, n), x, dX, $"{what}({n})");
        }

        // Twice, so that the second call starts on the tapes the first one grew.
        for (int call = 0; call < 2; call++)
        {
            Matches("TriangularProducts", LoopFns.TriangularProducts, LoopFns.TriangularProductsGradient);
            Matches("BoundFromTheNest", LoopFns.BoundFromTheNest, LoopFns.BoundFromTheNestGradient);
        }

        Matches("CountedInsideAWhile", LoopFns.CountedInsideAWhile, LoopFns.CountedInsideAWhileGradient);

        // Through a call kept as one: the callee's Record half reserves on the caller's tapes.
        Matches("CallsTriangularProducts", LoopFns.CallsTriangularProducts, LoopFns.CallsTriangularProductsGradient);

        // The Hessian-vector product runs the same forward sweep with its tangents, reserved alike.
        double[] direction = { 0.5, -1, 0.25, 2, -0.75 };
        double[] Gradient(double[] p)
        {
            double[] g = new double[p.Length];
            LoopFns.TriangularProductsGradient(p, n, g);
            return g;
        }

        double[] dH = new double[x.Length], hv = new double[x.Length];
        LoopFns.TriangularProductsHessianVector(x, n, direction, dH, hv);
        Grad.CheckHessianVector(Gradient, x, direction, hv, $"TriangularProducts({n})", step: 1e-5, relTol: 1e-5, absTol: 1e-6);
    }

    [Fact]
    public void TripleNestedLoops()
    {
        double dX = 0;
        double v = LoopFns.TripleNestedLoopsGradient(0.3, 6, ref dX);
        Grad.SameValue(LoopFns.TripleNestedLoops(0.3, 6), v, "TripleNestedLoops");
        Grad.Check(p => LoopFns.TripleNestedLoops(p[0], 6), new[] { 0.3 }, new[] { dX }, "TripleNestedLoops");
    }

    [Fact]
    public void WhileWithDataDependentTripCount()
    {
        var r = new System.Random(5);
        var seenCounts = new System.Collections.Generic.HashSet<int>();
        int tested = 0;
        while (tested < 12)
        {
            double x = Pts.Uniform(r, 1.2, 3.0);
            int c = LoopFns.WhileDataDependentCount(x);
            if (LoopFns.WhileDataDependentCount(x - 1e-4) != c || LoopFns.WhileDataDependentCount(x + 1e-4) != c) continue;
            seenCounts.Add(c);
            tested++;
            double dX = 0;
            double v = LoopFns.WhileDataDependentGradient(x, ref dX);
            Grad.SameValue(LoopFns.WhileDataDependent(x), v, "WhileDataDependent");
            Grad.Check(p => LoopFns.WhileDataDependent(p[0]), new[] { x }, new[] { dX }, $"WhileDataDependent (trips={c})");
        }
        Assert.True(seenCounts.Count >= 2, "test points should cover several trip counts");
    }

    [Fact]
    public void WhileIntCounter()
    {
        foreach (int n in new[] { 0, 1, 4 })
        {
            double dX = 0;
            double v = LoopFns.WhileIntCounterGradient(1.3, n, ref dX);
            Grad.SameValue(LoopFns.WhileIntCounter(1.3, n), v, "WhileIntCounter");
            Grad.Check(p => LoopFns.WhileIntCounter(p[0], n), new[] { 1.3 }, new[] { dX }, $"WhileIntCounter(n={n})");
        }
    }

    [Fact]
    public void DoWhile()
    {
        var r = new System.Random(6);
        var seenCounts = new System.Collections.Generic.HashSet<int>();
        int tested = 0;
        while (tested < 12)
        {
            double x = Pts.Uniform(r, -2.2, 2.2);
            int n = 1 + r.Next(6);
            int c = LoopFns.DoWhileCount(x, n);
            if (LoopFns.DoWhileCount(x - 1e-4, n) != c || LoopFns.DoWhileCount(x + 1e-4, n) != c) continue;
            seenCounts.Add(c);
            tested++;
            double dX = 0;
            double v = LoopFns.DoWhileGradient(x, n, ref dX);
            Grad.SameValue(LoopFns.DoWhile(x, n), v, "DoWhile");
            Grad.Check(p => LoopFns.DoWhile(p[0], n), new[] { x }, new[] { dX }, $"DoWhile(n={n}, trips={c})");
        }
        Assert.True(seenCounts.Count >= 2, "test points should cover several trip counts");
    }

    [Fact]
    public void Break()
    {
        var r = new System.Random(7);
        var seenCounts = new System.Collections.Generic.HashSet<int>();
        int tested = 0;
        while (tested < 12)
        {
            double x = Pts.Uniform(r, 0.1, 3.0), y = Pts.Uniform(r, 0.1, 2.0);
            int c = LoopFns.BreakCount(x, y);
            bool stable = true;
            foreach (var (ex, ey) in new[] { (1e-4, 0.0), (-1e-4, 0.0), (0.0, 1e-4), (0.0, -1e-4) })
                stable &= LoopFns.BreakCount(x + ex, y + ey) == c;
            if (!stable) continue;
            seenCounts.Add(c);
            tested++;
            double dX = 0, dY = 0;
            double v = LoopFns.BreakGradient(x, y, ref dX, ref dY);
            Grad.SameValue(LoopFns.Break(x, y), v, "Break");
            Grad.Check(p => LoopFns.Break(p[0], p[1]), new[] { x, y }, new[] { dX, dY }, $"Break (trips={c})");
        }
        Assert.True(seenCounts.Count >= 2, "test points should cover several trip counts");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(8)]
    public void Continue(int n)
    {
        double dX = 0, dY = 0;
        double v = LoopFns.ContinueGradient(1.1, -0.6, n, ref dX, ref dY);
        Grad.SameValue(LoopFns.Continue(1.1, -0.6, n), v, "Continue");
        Grad.Check(p => LoopFns.Continue(p[0], p[1], n), new[] { 1.1, -0.6 }, new[] { dX, dY }, $"Continue(n={n})");
    }

    [Fact]
    public void DataDependentContinue()
    {
        // sin(x * i) stays clear of zero for these x and i < 9.
        foreach (double x in new[] { 0.9, 2.3 })
        {
            double dX = 0, dY = 0;
            double v = LoopFns.DataDependentContinueGradient(x, 0.5, 9, ref dX, ref dY);
            Grad.SameValue(LoopFns.DataDependentContinue(x, 0.5, 9), v, "DataDependentContinue");
            Grad.Check(p => LoopFns.DataDependentContinue(p[0], p[1], 9), new[] { x, 0.5 }, new[] { dX, dY }, $"DataDependentContinue(x={x})");
        }
    }

    [Fact]
    public void EarlyReturnInLoop()
    {
        var r = new System.Random(8);
        var seenCounts = new System.Collections.Generic.HashSet<int>();
        int tested = 0;
        while (tested < 12)
        {
            double x = Pts.Uniform(r, 1.1, 4.0), y = Pts.Uniform(r, 0.2, 2.0);
            int c = LoopFns.EarlyReturnInLoopCount(x, y, 6);
            bool stable = true;
            foreach (var (ex, ey) in new[] { (1e-4, 0.0), (-1e-4, 0.0), (0.0, 1e-4), (0.0, -1e-4) })
                stable &= LoopFns.EarlyReturnInLoopCount(x + ex, y + ey, 6) == c;
            if (!stable) continue;
            seenCounts.Add(c);
            tested++;
            double dX = 0, dY = 0;
            double v = LoopFns.EarlyReturnInLoopGradient(x, y, 6, ref dX, ref dY);
            Grad.SameValue(LoopFns.EarlyReturnInLoop(x, y, 6), v, "EarlyReturnInLoop");
            Grad.Check(p => LoopFns.EarlyReturnInLoop(p[0], p[1], 6), new[] { x, y }, new[] { dX, dY }, $"EarlyReturnInLoop (exit={c})");
        }
        Assert.True(seenCounts.Count >= 2, "test points should cover several exits");
        Assert.Contains(6, seenCounts);
    }

    [Fact]
    public void EarlyReturnInWhileTrue()
    {
        var r = new System.Random(9);
        int tested = 0;
        while (tested < 8)
        {
            double x = Pts.Uniform(r, 0.3, 3.0);
            int c = LoopFns.EarlyReturnInWhileCount(x);
            if (LoopFns.EarlyReturnInWhileCount(x - 1e-4) != c || LoopFns.EarlyReturnInWhileCount(x + 1e-4) != c) continue;
            tested++;
            double dX = 0;
            double v = LoopFns.EarlyReturnInWhileGradient(x, ref dX);
            Grad.SameValue(LoopFns.EarlyReturnInWhile(x), v, "EarlyReturnInWhile");
            Grad.Check(p => LoopFns.EarlyReturnInWhile(p[0]), new[] { x }, new[] { dX }, $"EarlyReturnInWhile (trips={c})");
        }
    }

    [Fact]
    public void BreakInInnerLoop()
    {
        double dX = 0;
        double v = LoopFns.BreakInInnerLoopGradient(0.9, 5, ref dX);
        Grad.SameValue(LoopFns.BreakInInnerLoop(0.9, 5), v, "BreakInInnerLoop");
        Grad.Check(p => LoopFns.BreakInInnerLoop(p[0], 5), new[] { 0.9 }, new[] { dX }, "BreakInInnerLoop");
    }

    [Fact]
    public void ForeachOverArray()
    {
        var r = new System.Random(10);
        double[] a = Pts.Vector(r, 7, -2, 2);
        double x = 0.6;
        double[] dA = new double[a.Length];
        double dX = 0;
        double v = LoopFns.ForeachArrayGradient(a, x, dA, ref dX);
        Grad.SameValue(LoopFns.ForeachArray(a, x), v, "ForeachArray");
        Grad.Check(p => LoopFns.ForeachArray(Fd.Slice(p, 0, 7), p[7]), Fd.Pack(a, x), Fd.Pack(dA, dX), "ForeachArray");
    }

    [Fact]
    public void ForeachOverSpan()
    {
        var r = new System.Random(11);
        double[] a = Pts.Vector(r, 6, -2, 2);
        double x = 0.8;
        double[] dA = new double[a.Length];
        double dX = 0;
        double v = LoopFns.ForeachSpanGradient(a, x, dA, ref dX);
        Grad.SameValue(LoopFns.ForeachSpan(a, x), v, "ForeachSpan");
        Grad.Check(p => LoopFns.ForeachSpan(Fd.Slice(p, 0, 6), p[6]), Fd.Pack(a, x), Fd.Pack(dA, dX), "ForeachSpan");
    }
}
