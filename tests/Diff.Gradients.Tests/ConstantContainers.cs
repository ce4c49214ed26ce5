using System;
using System.Collections.Generic;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Elements of [NoDiff] containers that are not float or double arrays, a dictionary of coefficients and a
/// matrix, read as constants, like a field's elements.
/// </summary>
public static partial class ConstantContainerFns
{
    [Differentiable]
    public static double Quadratic([NoDiff] Dictionary<string, double> coefficients, double x) =>
        coefficients["a"] * x * x + coefficients["b"] * x + coefficients["c"];

    /// <summary>vᵀ M v with a constant matrix M.</summary>
    [Differentiable]
    public static double QuadraticForm([NoDiff] double[,] m, double[] v)
    {
        double s = 0;
        for (int i = 0; i < m.GetLength(0); i++)
        {
            for (int j = 0; j < m.GetLength(1); j++)
            {
                s += v[i] * m[i, j] * v[j];
            }
        }

        return s;
    }

    private static readonly double[,] Inputs = { { 0.52, 1.12 }, { 0.88, -1.08 } };

    private static double[,] InputsProperty => Inputs;

    /// <summary>A matrix field, read as constants like a vector field.</summary>
    [Differentiable]
    public static double FieldMatrix(double[] w)
    {
        double z = 0;
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                z += Inputs[i, j] * w[j] * w[i];
            }
        }

        return z;
    }

    /// <summary>The same matrix through a read-only property.</summary>
    [Differentiable]
    public static double PropertyMatrix(double[] w) => InputsProperty[0, 1] * w[0] * w[1] + InputsProperty[1, 0] * w[1];

    /// <summary>A local matrix given only constants.</summary>
    [Differentiable]
    public static double LocalMatrix(double[] w)
    {
        var m = new double[,] { { 0.52, 1.12 }, { 0.88, -1.08 } };
        double z = 0;
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                z += m[i, j] * w[j] * w[i];
            }
        }

        return z;
    }

    /// <summary>A local jagged matrix of constants filled element by element: the Lehmer matrix times x.</summary>
    [Differentiable]
    public static void LehmerTimes(double[] x, double[] y)
    {
        int n = x.Length;
        var lehmer = new double[n][];
        for (int i = 0; i < n; i++)
        {
            lehmer[i] = new double[n];
            for (int j = 0; j < n; j++)
            {
                lehmer[i][j] = (double)Math.Min(i + 1, j + 1) / Math.Max(i + 1, j + 1);
            }
        }

        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                s += lehmer[i][j] * x[j];
            }

            y[i] = s;
        }
    }

    /// <summary>
    /// Constants written into a local jagged array and a local matrix again on every trip, after the product that read
    /// them: the reverse sweep must use each trip's values, not the last.
    /// </summary>
    [Differentiable]
    public static double RewrittenConstants(double[] x)
    {
        var scale = new double[1][];
        scale[0] = new double[2];
        var grid = new double[2, 2];
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            scale[0][1] = k + 1.0;
            grid[1, 0] = 0.5 * k;
            s += scale[0][1] * x[0] * x[0] + grid[1, 0] * x[1] * x[0];
            scale[0][1] = -7.0;
            grid[1, 0] = 11.0;
        }

        return s;
    }

    /// <summary>A sparse matrix's index arrays, built by a helper through lists of its own.</summary>
    private static (int[] RowStart, int[] Column, double[] Value) CompressedRows(int n)
    {
        var rowStart = new int[n + 1];
        var column = new List<int>();
        var value = new List<double>();
        for (int i = 0; i < n; i++)
        {
            for (int j = i % 2; j < n; j += 2)
            {
                column.Add(j);
                value.Add(i + j + 1);
            }

            rowStart[i + 1] = column.Count;
        }

        return (rowStart, column.ToArray(), value.ToArray());
    }

    /// <summary>yᵢ = xᵢ Σⱼ Aᵢⱼ xⱼ over the stored entries of A.</summary>
    [Differentiable]
    public static void SparseProduct(double[] x, double[] y)
    {
        var (rowStart, column, value) = CompressedRows(x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = 0;
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++)
            {
                y[i] += value[p] * x[column[p]] * x[i];
            }
        }
    }

    /// <summary>A method that only calls one whose helper fills lists of its own: nothing it could change after the call.</summary>
    [Differentiable]
    public static void SparseProductCalled(double[] x, double[] y) => SparseProduct(x, y);

    /// <summary>Rows of a jagged matrix, a parameter and a local of constants, read by foreach.</summary>
    [Differentiable]
    public static double RowsWeighted(double[] x, [NoDiff] double[][] rows)
    {
        double[][] scales = { new[] { 1.0, 2.0 }, new[] { -0.5, 3.0 } };
        double s = 0;
        int k = 0;
        foreach (double[] row in rows)
        {
            foreach (double[] scale in scales)
            {
                s += row[0] * scale[1] * x[k % x.Length] * x[(k + 1) % x.Length];
            }

            k++;
        }

        return s;
    }

    /// <summary>Collections the method makes itself and fills with constants: indices, coefficients, a list of constants.</summary>
    [Differentiable]
    public static double LocalCollections(double[] x)
    {
        var indices = new List<int> { 0, 0, 0 };
        indices[1] = 1;
        indices[2] = x.Length - 1;
        var coefficients = new Dictionary<string, double>();
        coefficients["a"] = 2.0;
        coefficients["b"] = -0.5;
        var weights = new List<double> { 1.5, 3.0 };
        var shift = new Dictionary<string, int> { ["k"] = 1 };
        double s = 0;
        for (int i = 0; i < 2; i++)
        {
            s += weights[i] * x[indices[i]] * x[indices[i + 1]];
            indices[i] = indices[i] + shift["k"];
        }

        return s + coefficients["a"] * x[indices[0]] + coefficients["b"] * x[0] * x[0];
    }
}

public sealed class ConstantContainerTests
{
    [Fact]
    public void Collections_made_and_written_with_constants_inside_the_method()
    {
        var random = new System.Random(71);
        for (int k = 0; k < 4; k++)
        {
            double[] x = Pts.Vector(random, 3, -1.5, 1.5);
            double[] dX = new double[3];
            Grad.SameValue(ConstantContainerFns.LocalCollections(x), ConstantContainerFns.LocalCollectionsGradient(x, dX), "LocalCollections");
            Grad.Check(ConstantContainerFns.LocalCollections, x, dX, "LocalCollections");
        }
    }

    [Fact]
    public void Rows_of_constant_jagged_matrices_read_by_foreach()
    {
        double[] x = { 0.7, -1.3 };
        double[][] rows = { new[] { 2.0 }, new[] { -1.5 }, new[] { 0.25 } };
        double[] dX = new double[2];
        Grad.SameValue(ConstantContainerFns.RowsWeighted(x, rows), ConstantContainerFns.RowsWeightedGradient(x, rows, dX), "RowsWeighted");
        Grad.Check(p => ConstantContainerFns.RowsWeighted(p, rows), x, dX, "RowsWeighted");
    }

    [Fact]
    public void Matrices_of_constants_in_a_field_a_property_and_a_local()
    {
        double[] w = { 0.3, -0.7 };
        var cases = new (string Name, Func<double[], double> F, Func<double[], double[], double> Gradient, Func<double[], double[], (double Value, double Tangent)> Tangent)[]
        {
            ("FieldMatrix", ConstantContainerFns.FieldMatrix, ConstantContainerFns.FieldMatrixGradient,
                (x, t) => (ConstantContainerFns.FieldMatrixTangent(x, t, out double r), r)),
            ("PropertyMatrix", ConstantContainerFns.PropertyMatrix, ConstantContainerFns.PropertyMatrixGradient,
                (x, t) => (ConstantContainerFns.PropertyMatrixTangent(x, t, out double r), r)),
            ("LocalMatrix", ConstantContainerFns.LocalMatrix, ConstantContainerFns.LocalMatrixGradient,
                (x, t) => (ConstantContainerFns.LocalMatrixTangent(x, t, out double r), r)),
        };
        foreach ((string name, Func<double[], double> f, Func<double[], double[], double> gradient, Func<double[], double[], (double, double)> tangent) in cases)
        {
            double[] dW = new double[2];
            Grad.SameValue(f(w), gradient(w, dW), name);
            Grad.Check(f, w, dW, name);
            double[] direction = { 0.4, 1.3 };
            (double value, double jvp) = tangent(w, direction);
            Grad.SameValue(f(w), value, name);
            Assert.Equal(dW[0] * direction[0] + dW[1] * direction[1], jvp, 12);
        }

        // The field's matrix, written out: z = Σᵢⱼ Mᵢⱼ wᵢ wⱼ, so ∂z/∂wₖ = Σⱼ (Mₖⱼ + Mⱼₖ) wⱼ.
        double[] dField = new double[2];
        ConstantContainerFns.FieldMatrixGradient(w, dField);
        Assert.Equal(2 * 0.52 * 0.3 + (1.12 + 0.88) * -0.7, dField[0], 12);
        Assert.Equal((1.12 + 0.88) * 0.3 + 2 * -1.08 * -0.7, dField[1], 12);
    }

    [Fact]
    public void Local_arrays_of_constants_written_element_by_element()
    {
        double[] x = { 0.9, -1.4, 2.2 };
        double[] y = new double[3];
        double[] jacobian = new double[9];
        ConstantContainerFns.LehmerTimesJacobian(x, y, jacobian);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal((double)Math.Min(i + 1, j + 1) / Math.Max(i + 1, j + 1), jacobian[i * 3 + j], 14);
            }
        }

        double[] point = { 0.8, -1.1 };
        double[] dX = new double[2];
        Grad.SameValue(ConstantContainerFns.RewrittenConstants(point), ConstantContainerFns.RewrittenConstantsGradient(point, dX), "RewrittenConstants");
        Grad.Check(ConstantContainerFns.RewrittenConstants, point, dX, "RewrittenConstants");

        // s = Σₖ (k + 1) x₀² + 0.5 k x₁ x₀ = 6 x₀² + 1.5 x₀ x₁.
        Assert.Equal(12 * 0.8 + 1.5 * -1.1, dX[0], 12);
        Assert.Equal(1.5 * 0.8, dX[1], 12);
    }

    [Fact]
    public void A_call_of_a_method_whose_helper_fills_its_own_lists()
    {
        double[] x = { 1.0, 2.0, 3.0, -0.5 };
        int n = x.Length;
        double[] expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i % 2; j < n; j += 2)
            {
                // yᵢ = xᵢ Σⱼ (i + j + 1) xⱼ, each seeded with 1: ∂/∂xⱼ gets (i + j + 1) xᵢ and ∂/∂xᵢ gets (i + j + 1) xⱼ.
                expected[j] += (i + j + 1) * x[i];
                expected[i] += (i + j + 1) * x[j];
            }
        }

        foreach (Action<double[], double[], double[], double[]> pullback in new Action<double[], double[], double[], double[]>[] { ConstantContainerFns.SparseProductPullback, ConstantContainerFns.SparseProductCalledPullback })
        {
            double[] y = new double[n];
            double[] dX = new double[n];
            double[] dY = { 1.0, 1.0, 1.0, 1.0 };
            pullback(x, y, dX, dY);
            for (int k = 0; k < n; k++)
            {
                Assert.Equal(expected[k], dX[k], 12);
            }
        }
    }

    [Fact]
    public void A_NoDiff_dictionary_of_coefficients()
    {
        var coefficients = new Dictionary<string, double> { ["a"] = 2, ["b"] = -3, ["c"] = 5 };
        double dX = 0;
        double value = ConstantContainerFns.QuadraticGradient(coefficients, 1.5, ref dX);
        Assert.Equal(2 * 1.5 * 1.5 - 3 * 1.5 + 5, value, 14);
        Assert.Equal(2 * 2 * 1.5 - 3, dX, 14);
    }

    [Fact]
    public void A_NoDiff_matrix()
    {
        var m = new double[,] { { 1, 2, -1 }, { 3, 4, 0.5 }, { -2, 0, 1 } };
        double[] v = { 0.5, 1.5, -0.25 };
        var dV = new double[3];
        ConstantContainerFns.QuadraticFormGradient(m, v, dV);
        Grad.Check(p => ConstantContainerFns.QuadraticForm(m, p), v, dV, "QuadraticForm");
        for (int i = 0; i < 3; i++)
        {
            double expected = 0;
            for (int j = 0; j < 3; j++)
            {
                expected += (m[i, j] + m[j, i]) * v[j];
            }

            Assert.Equal(expected, dV[i], 12);
        }
    }
}
