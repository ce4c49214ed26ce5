using System.Linq;
using Diff;

namespace Diff.Gradients.Tests;

/// <summary>
/// Test problems from MINPACK-2 and Moré, Garbow and Hillstrom's collection, written as a Fortran-minded C# author
/// would: residual vectors filled by a subroutine, a sum of squares built on top of it. Their Jacobians come from
/// <c>MJacobian</c> (vector forward mode where n is small against the outputs) and their Hessian-vector products
/// through the residual subroutine (which writes a buffer).
/// </summary>
public static partial class MinpackFns
{
    /// <summary>Broyden's tridiagonal function: fᵢ = (3 − 2xᵢ)xᵢ − xᵢ₋₁ − 2xᵢ₊₁ + 1, with x₀ = xₙ₊₁ = 0.</summary>
    [Differentiable]
    public static void BroydenTridiagonal(double[] x, double[] fvec)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            double temp = (3.0 - 2.0 * x[i]) * x[i];
            double left = i > 0 ? x[i - 1] : 0.0;
            double right = i < n - 1 ? x[i + 1] : 0.0;
            fvec[i] = temp - left - 2.0 * right + 1.0;
        }
    }

    /// <summary>The extended Rosenbrock function's residuals: f₂ᵢ₋₁ = 10(x₂ᵢ − x₂ᵢ₋₁²), f₂ᵢ = 1 − x₂ᵢ₋₁.</summary>
    [Differentiable]
    public static void RosenbrockResiduals(double[] x, double[] fvec)
    {
        for (int i = 0; i < x.Length / 2; i++)
        {
            double t1 = 1.0 - x[2 * i];
            double t2 = 10.0 * (x[2 * i + 1] - x[2 * i] * x[2 * i]);
            fvec[2 * i] = t2;
            fvec[2 * i + 1] = t1;
        }
    }

    /// <summary>½‖f(x)‖², the residuals filled by the subroutine into a work array.</summary>
    [Differentiable]
    public static double HalfSumOfSquares(double[] x)
    {
        double[] fvec = new double[x.Length];
        RosenbrockResiduals(x, fvec);
        double sum = 0.0;
        for (int i = 0; i < fvec.Length; i++)
        {
            sum += fvec[i] * fvec[i];
        }

        return 0.5 * sum;
    }

    /// <summary>The Brown almost-linear function's residuals (MGH 27): m = n, each one a sum or a product of all of x.</summary>
    [Differentiable]
    public static void BrownAlmostLinear(double[] x, double[] fvec)
    {
        int n = x.Length;
        double sum = -(n + 1);
        double prod = 1.0;
        for (int j = 0; j < n; j++)
        {
            sum += x[j];
            prod *= x[j];
        }

        for (int i = 0; i < n - 1; i++)
        {
            fvec[i] = x[i] + sum;
        }

        fvec[n - 1] = prod - 1.0;
    }
}

public sealed class MinpackProblemTests
{
    private static void CheckJacobian(Action<double[], double[]> f, Action<double[], double[], double[]> jacobianOf, double[] x, int m, string what)
    {
        var y = new double[m];
        var jacobian = new double[m * x.Length];
        jacobianOf(x, y, jacobian);
        var expected = new double[m];
        f((double[])x.Clone(), expected);
        Assert.Equal(expected, y);
        for (int row = 0; row < m; row++)
        {
            int r = row;
            Grad.Check(p => { var o = new double[m]; f(p, o); return o[r]; }, x, jacobian.Skip(r * x.Length).Take(x.Length).ToArray(), what + " row " + r);
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(30)]
    public void Broyden_tridiagonal_Jacobian(int n)
    {
        double[] x = Enumerable.Repeat(-1.0, n).Select((v, i) => v + 0.05 * i).ToArray();
        CheckJacobian(MinpackFns.BroydenTridiagonal, (a, b, j) => MinpackFns.BroydenTridiagonalJacobian(a, b, j), x, n, "Broyden");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    public void Brown_almost_linear_Jacobian(int n)
    {
        double[] x = Enumerable.Range(0, n).Select(i => 0.5 + 0.1 * i).ToArray();
        CheckJacobian(MinpackFns.BrownAlmostLinear, (a, b, j) => MinpackFns.BrownAlmostLinearJacobian(a, b, j), x, n, "Brown");
    }

    [Fact]
    public void Extended_Rosenbrock_Hessian_vector_product_through_its_residual_subroutine()
    {
        double[] x = { -1.2, 1.0, -1.2, 1.0, 0.3, 0.7 };
        double[] v = { 0.5, -0.25, 1.0, 0.1, -0.7, 0.2 };
        var gradient = new double[6];
        var product = new double[6];
        double value = MinpackFns.HalfSumOfSquaresHessianVector(x, v, gradient, product);
        Assert.Equal(MinpackFns.HalfSumOfSquares(x), value, 12);

        // The closed form: for each pair (a, b), f = 50(b − a²)² + ½(1 − a)².
        for (int i = 0; i < 3; i++)
        {
            double a = x[2 * i], b = x[2 * i + 1], va = v[2 * i], vb = v[2 * i + 1];
            double gradA = -200 * a * (b - a * a) - (1 - a), gradB = 100 * (b - a * a);
            double haa = 600 * a * a - 200 * b + 1, hab = -200 * a, hbb = 100;
            Assert.Equal(gradA, gradient[2 * i], 9);
            Assert.Equal(gradB, gradient[2 * i + 1], 9);
            Assert.Equal(haa * va + hab * vb, product[2 * i], 9);
            Assert.Equal(hab * va + hbb * vb, product[2 * i + 1], 9);
        }
    }
}
