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
    public void A_pullback_is_given_the_order_the_call_saw() =>
        BufferCopyTests.CheckScalar(x => IndexListFns.GatheredThenReversed(x, new[] { 2, 0, 1 }), (x, d) => IndexListFns.GatheredThenReversedGradient(x, new[] { 2, 0, 1 }, d),
            (x, v, j) => { IndexListFns.GatheredThenReversedTangent(x, new[] { 2, 0, 1 }, v, out j[0]); }, 3, "GatheredThenReversed");

    [Fact]
    public void A_value_helpers_reverse_half_is_given_the_pair_the_call_saw() =>
        BufferCopyTests.CheckScalar(IndexListFns.PairsMovedOn, IndexListFns.PairsMovedOnGradient, (x, v, j) => { IndexListFns.PairsMovedOnTangent(x, v, out j[0]); }, 4, "PairsMovedOn");
}
