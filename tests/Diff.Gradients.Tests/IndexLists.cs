using System.Linq;
using System.Runtime.CompilerServices;

namespace Diff.Gradients.Tests;

/// <summary>
/// Index lists held in <c>int</c> buffers and changed around calls: the pullback of a call is given the list as the call
/// saw it, recorded, not as the reverse sweep finds it.
/// </summary>
public static partial class IndexListFns
{
    /// <summary>
    /// CppAD's <c>det_of_minor</c>: the determinant of the minor of the m × m matrix <paramref name="a"/> (row-major) whose
    /// rows and columns are the linked lists <paramref name="r"/> and <paramref name="c"/> (entry m is the head). It removes
    /// a row and a column from the lists before each recursive call and puts them back after it.
    /// </summary>
    [Differentiable]
    public static double DetOfMinor(double[] a, int m, int n, [NoDiff] int[] r, [NoDiff] int[] c)
    {
        int r0 = r[m];
        int cj = c[m];
        int previous = m;
        if (n == 1)
        {
            return a[r0 * m + cj];
        }

        double det = 0;
        int sign = 1;
        r[m] = r[r0];
        for (int j = 0; j < n; j++)
        {
            int k = r0 * m + cj;
            if (previous == m)
            {
                c[m] = c[cj];
            }
            else
            {
                c[previous] = c[cj];
            }

            double minor = DetOfMinor(a, m, n - 1, r, c);
            double term = a[k] * minor;
            if (sign > 0)
            {
                det = det + term;
            }
            else
            {
                det = det - term;
            }

            if (previous == m)
            {
                c[m] = cj;
            }
            else
            {
                c[previous] = cj;
            }

            previous = cj;
            cj = c[cj];
            sign = -sign;
        }

        r[m] = r0;
        return det;
    }

    /// <summary>CppAD's <c>det_by_minor</c>: the determinant by expansion in minors, with the lists made here.</summary>
    [Differentiable]
    public static double DetByMinor(double[] a, int m)
    {
        int[] r = new int[m + 1];
        int[] c = new int[m + 1];
        for (int i = 0; i < m; i++)
        {
            r[i] = i + 1;
            c[i] = i + 1;
        }

        r[m] = 0;
        c[m] = 0;
        return DetOfMinor(a, m, m, r, c);
    }

    /// <summary>A recursion given copies of its index lists made in its loop, the first one changed before the call.</summary>
    [Differentiable]
    private static double CopiedLists(double[] a, [NoDiff] int n, int[] r, int[] c)
    {
        if (n == 0)
        {
            return a[r[0]] * a[c[0]];
        }

        double s = 0;
        for (int j = 0; j < 2; j++)
        {
            int[] rows = (int[])r.Clone(), columns = (int[])c.Clone();
            rows[0] = (rows[0] + 1) % 3;
            s += a[j] * CopiedLists(a, n - 1, rows, columns);
        }

        return s;
    }

    [Differentiable]
    public static double RecursionOverCopiedLists(double[] a)
    {
        int[] r = { 0, 1 }, c = { 1, 2 };
        return CopiedLists(a, 2, r, c);
    }

    /// <summary>CppAD's LuFactor: LU factorization in place with partial pivoting, the pivots in an int list.</summary>
    [Differentiable]
    private static void LuFactor(double[] lu, int[] pivots, [NoDiff] int n, double[] sign)
    {
        sign[0] = 1.0;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            double largest = Math.Abs(lu[pivots[k] * n + k]);
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(lu[pivots[i] * n + k]);
                if (v > largest)
                {
                    largest = v;
                    p = i;
                }
            }

            if (p != k)
            {
                (pivots[k], pivots[p]) = (pivots[p], pivots[k]);
                sign[0] = -sign[0];
            }

            int pk = pivots[k];
            double pivot = lu[pk * n + k];
            for (int i = k + 1; i < n; i++)
            {
                int pi = pivots[i];
                double f = lu[pi * n + k] / pivot;
                lu[pi * n + k] = f;
                for (int j = k + 1; j < n; j++)
                {
                    lu[pi * n + j] -= f * lu[pk * n + j];
                }
            }
        }
    }

    /// <summary>CppAD's det_by_lu: the determinant from the factorization, the sign of the pivots' permutation and the diagonal.</summary>
    [Differentiable]
    public static double DetByLu(double[] a, [NoDiff] int n)
    {
        double[] lu = (double[])a.Clone();
        int[] pivots = new int[n];
        for (int i = 0; i < n; i++)
        {
            pivots[i] = i;
        }

        double[] sign = new double[1];
        LuFactor(lu, pivots, n, sign);
        double det = sign[0];
        for (int k = 0; k < n; k++)
        {
            det *= lu[pivots[k] * n + k];
        }

        return det;
    }

    [Differentiable]
    private static double ThreeTerms(double[] x, int[] order) => x[order[0]] * x[order[1]] + Math.Sin(x[order[2]]);

    /// <summary>An insertion sort of the indices by the values, as an argsort writes them.</summary>
    [Differentiable]
    private static void Argsort(double[] x, int[] order)
    {
        int n = order.Length;
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (int i = 1; i < n; i++)
        {
            int key = order[i];
            int j = i - 1;
            while (j >= 0 && x[order[j]] > x[key])
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = key;
        }
    }

    /// <summary>An order read by a helper inlined here, then rewritten by a [Differentiable] sort, then read again.</summary>
    [Differentiable]
    public static double TermsAroundAnArgsort(double[] x)
    {
        int[] order = { 3, 1, 0 };
        double s = ThreeTerms(x, order);
        Argsort(x, order);
        s += 2 * ThreeTerms(x, order);
        return s;
    }

    [Differentiable]
    private static void MoveFirst(double[] x, int[] order) => order[0] = 1;

    /// <summary>An order read directly, then rewritten by a [Differentiable] helper, then read again.</summary>
    [Differentiable]
    public static double ReadAroundAWritingHelper(double[] x)
    {
        int[] order = { 0 };
        double s = x[order[0]] * x[order[0]];
        MoveFirst(x, order);
        s += x[order[0]] * x[order[0]];
        return s;
    }

    /// <summary>Numerical Recipes' indexx as a plain method: it reads the values and writes only the permutation.</summary>
    private static void Indexx([NoDiff] double[] values, int[] index)
    {
        int n = values.Length;
        for (int j = 0; j < n; j++)
        {
            index[j] = j;
        }

        for (int j = 1; j < n; j++)
        {
            int t = index[j];
            double a = values[t];
            int i = j - 1;
            while (i >= 0 && values[index[i]] > a)
            {
                index[i + 1] = index[i];
                i--;
            }

            index[i + 1] = t;
        }
    }

    /// <summary>The mean of the middle half: the permutation carries no derivative, the values it picks do.</summary>
    [Differentiable]
    public static double TrimmedMean(double[] x)
    {
        int n = x.Length;
        int[] index = new int[n];
        Indexx(x, index);
        double s = 0;
        int trim = n / 4;
        for (int i = trim; i < n - trim; i++)
        {
            s += x[index[i]];
        }

        return s / (n - 2 * trim);
    }

    [Differentiable, MethodImpl(MethodImplOptions.NoInlining)]
    private static void Gather(double[] w, double[] o, [NoDiff] int[] order)
    {
        for (int i = 0; i < o.Length; i++)
        {
            o[i] = w[order[i]] * w[order[i]];
        }
    }

    /// <summary>A buffer helper given an order that a library call reverses after it.</summary>
    [Differentiable]
    public static double GatheredThenReversed(double[] x, [NoDiff] int[] order)
    {
        double[] o = new double[3];
        Gather(x, o, order);
        double s = o[0] * o[1] + o[2];
        System.Array.Reverse(order);
        return s * x[order[0]];
    }

    [Differentiable, MethodImpl(MethodImplOptions.NoInlining)]
    private static double PairProduct(double[] w, [NoDiff] int[] pair) => w[pair[0]] * w[pair[1]] + w[pair[0]];

    /// <summary>A value helper given a pair that the method moves on after each call.</summary>
    [Differentiable]
    public static double PairsMovedOn(double[] x)
    {
        int[] pair = { 0, 1 };
        double s = 0;
        for (int k = 0; k < x.Length - 1; k++)
        {
            s += PairProduct(x, pair) * x[pair[1]];
            pair[0]++;
            pair[1] = (pair[1] + 1) % x.Length;
        }

        return s;
    }
}

public sealed class IndexListTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void CppAD_det_by_minor_has_the_gradient_tangent_and_hessian_vector_product_of_its_determinant(int m)
    {
        var random = new System.Random(m);
        double[] a = Enumerable.Range(0, m * m).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] v = Enumerable.Range(0, m * m).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gradient = new double[m * m];
        double value = IndexListFns.DetByMinorGradient(a, m, gradient);
        Assert.Equal(IndexListFns.DetByMinor(a, m), value);
        Grad.Check(p => IndexListFns.DetByMinor(p, m), a, gradient, "det_by_minor");

        // The determinant is linear in each row: the gradient's row i dotted with row i of a is the determinant.
        for (int i = 0; i < m; i++)
        {
            Grad.Close(value, Enumerable.Range(0, m).Sum(j => gradient[i * m + j] * a[i * m + j]), 1e-12, 1e-14, "Laplace expansion along row " + i);
        }

        IndexListFns.DetByMinorTangent(a, m, v, out double tangent);
        Grad.Close(gradient.Zip(v, (g, d) => g * d).Sum(), tangent, 1e-12, 1e-14, "tangent = ⟨∇det, v⟩");

        var product = new double[m * m];
        IndexListFns.DetByMinorHessianVector(a, m, v, new double[m * m], product);
        Grad.CheckHessianVector(p =>
        {
            var g = new double[m * m];
            IndexListFns.DetByMinorGradient(p, m, g);
            return g;
        }, a, v, product, "det_by_minor H·v");
    }

    [Fact]
    public void Copies_of_index_lists_made_in_a_loop_are_given_back_to_each_recursive_call()
    {
        BufferCopyTests.CheckScalar(IndexListFns.RecursionOverCopiedLists, IndexListFns.RecursionOverCopiedListsGradient,
            (x, v, j) => { IndexListFns.RecursionOverCopiedListsTangent(x, v, out j[0]); }, 3, "RecursionOverCopiedLists");
        double[] a = { 0.6, 0.9, 0.7 };
        double[] direction = { 1, 0.5, -0.25 };
        var product = new double[3];
        IndexListFns.RecursionOverCopiedListsHessianVector(a, direction, new double[3], product);
        Grad.CheckHessianVector(p =>
        {
            var g = new double[3];
            IndexListFns.RecursionOverCopiedListsGradient(p, g);
            return g;
        }, a, direction, product, "RecursionOverCopiedLists H·v");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void CppAD_det_by_lu_agrees_with_det_by_minor_and_has_a_hessian_vector_product(int n)
    {
        var random = new System.Random(10 + n);
        double[] a = Enumerable.Range(0, n * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] v = Enumerable.Range(0, n * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gradient = new double[n * n];
        double value = IndexListFns.DetByLuGradient(a, n, gradient);
        Grad.Close(IndexListFns.DetByMinor(a, n), value, 1e-12, 1e-14, "det_by_lu = det_by_minor");
        var byMinor = new double[n * n];
        IndexListFns.DetByMinorGradient(a, n, byMinor);
        Grad.Close(byMinor, gradient, 1e-10, 1e-12, "∇det_by_lu = ∇det_by_minor");

        var product = new double[n * n];
        IndexListFns.DetByLuHessianVector(a, n, v, new double[n * n], product);
        var byMinorProduct = new double[n * n];
        IndexListFns.DetByMinorHessianVector(a, n, v, new double[n * n], byMinorProduct);
        Grad.Close(byMinorProduct, product, 1e-9, 1e-11, "H·v of det_by_lu = of det_by_minor");
    }

    [Fact]
    public void An_index_list_a_differentiable_helper_rewrites_is_read_as_it_was_before_the_call()
    {
        BufferCopyTests.CheckScalar(IndexListFns.ReadAroundAWritingHelper, IndexListFns.ReadAroundAWritingHelperGradient,
            (x, v, j) => { IndexListFns.ReadAroundAWritingHelperTangent(x, v, out j[0]); }, 3, "ReadAroundAWritingHelper");
        BufferCopyTests.CheckScalar(IndexListFns.TermsAroundAnArgsort, IndexListFns.TermsAroundAnArgsortGradient,
            (x, v, j) => { IndexListFns.TermsAroundAnArgsortTangent(x, v, out j[0]); }, 4, "TermsAroundAnArgsort");
    }

    [Fact]
    public void A_plain_method_that_only_reads_the_values_sorts_their_indices()
    {
        double[] x = { 0.3, -1.2, 2.5, 0.7, -0.1, 1.9, 0.0, 0.8 };
        var gradient = new double[x.Length];
        Assert.Equal(IndexListFns.TrimmedMean(x), IndexListFns.TrimmedMeanGradient(x, gradient));
        Assert.Equal(new[] { 0.25, 0, 0, 0.25, 0, 0, 0.25, 0.25 }, gradient);
        Grad.Check(IndexListFns.TrimmedMean, x, gradient, "TrimmedMean");
    }

    [Fact]
    public void A_pullback_is_given_the_order_the_call_saw() =>
        BufferCopyTests.CheckScalar(x => IndexListFns.GatheredThenReversed(x, new[] { 2, 0, 1 }), (x, d) => IndexListFns.GatheredThenReversedGradient(x, new[] { 2, 0, 1 }, d),
            (x, v, j) => { IndexListFns.GatheredThenReversedTangent(x, new[] { 2, 0, 1 }, v, out j[0]); }, 3, "GatheredThenReversed");

    [Fact]
    public void A_value_helpers_reverse_half_is_given_the_pair_the_call_saw() =>
        BufferCopyTests.CheckScalar(IndexListFns.PairsMovedOn, IndexListFns.PairsMovedOnGradient, (x, v, j) => { IndexListFns.PairsMovedOnTangent(x, v, out j[0]); }, 4, "PairsMovedOn");
}
