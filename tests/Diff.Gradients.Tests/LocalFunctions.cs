using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// Local functions that return one expression, differentiated where they are called: helpers of one value, of several,
/// calling each other, capturing the method's locals and buffers, with branches and piecewise-constant functions in
/// them, shadowing a local's name, and declared after the statement that calls them.
/// </summary>
public static partial class LocalFunctionFns
{
    /// <summary>A Gaussian kernel from two helpers, one calling the other and capturing a parameter.</summary>
    [Differentiable]
    public static double Gauss(double[] x, double[] mu, double s)
    {
        double Sq(double v) => v * v;
        double Kernel(double a, double b) => Math.Exp(-Sq(a - b) / (2 * s * s));
        double r = 0;
        for (int i = 0; i < x.Length; i++)
        {
            r += Kernel(x[i], mu[i]) * Sq(x[i]);
        }

        return r;
    }

    /// <summary>A leaky ReLU and a clamp with default and named arguments, also in a condition.</summary>
    [Differentiable]
    public static double LeakyAndClamp(double[] x)
    {
        static double Leaky(double v) => v > 0 ? v : 0.01 * v;
        double Clamp(double v, double lo = -1, double hi = 1) { return Math.Min(hi, Math.Max(lo, v)); }
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Leaky(x[i] * 2 - 1) + Clamp(x[i] * 3, -1, 1);
            if (Leaky(x[i]) > 0.3)
            {
                s += Clamp(hi: 0.5, lo: -0.5, v: x[i]);
            }
        }

        return s;
    }

    /// <summary>Integer parameters, a helper reading a buffer, a helper given itself as an argument.</summary>
    [Differentiable]
    public static double Indexed(double[] x, int k)
    {
        double At(int i) => x[i % x.Length];
        double W(int i, double t) => i * t + At(i + 1);
        double s = 0;
        for (int i = 0; i < k; i++)
        {
            s += W(i, At(i)) * x[0];
        }

        return s + Math.Exp(0.1 * W(2, W(1, x[1])));
    }

    /// <summary>A comparison, <c>Math.Floor</c> and a nested helper's argument that the generated code keeps as written.</summary>
    [Differentiable]
    public static double Piecewise(double[] x)
    {
        double R(double v) => v > 0 ? v : 0.1 * v;
        double G(double a) => R(Math.Exp(a) - 2) + Math.Floor(a * 3) * a;
        double s = 0;
        foreach (double e in x)
        {
            s += G(e);
        }

        return s;
    }

    /// <summary>A parameter named like a local of the method, and a helper capturing that local.</summary>
    [Differentiable]
    public static double Shadowing(double[] x)
    {
        double a = x[0] * 3;
        double H(double a) => a * a + 1;
        double K(double t) => t * a;
        return H(x[1]) + K(a) + H(a);
    }

    /// <summary>A static helper declared after the statement that calls it.</summary>
    [Differentiable]
    public static double Cube(double x)
    {
        return Pow3(x) + Pow3(2 * x);
        static double Pow3(double t) => t * t * t;
    }

    /// <summary>An int given to a long parameter: the expression multiplies longs, as the call would.</summary>
    [Differentiable]
    public static double LongParameter(double[] x)
    {
        double G(long k, double v) => k * k * 1e-9 * v;
        int m = 100000;
        return G(m, x[0]) + G(3, x[1]);
    }

    /// <summary>
    /// A helper nested in its own argument eight deep, reading its parameter four times: each argument is held in a
    /// local before the statement, not copied into every read.
    /// </summary>
    [Differentiable]
    public static double DeepNesting(double[] x)
    {
        double F(double v) => v * v * 0.03 + v * 0.5 + Math.Sin(v);
        double s = x[1];
        s += F(F(F(F(F(F(F(F(x[0] + s))))))));
        return F(F(F(F(F(F(F(F(s))))))));
    }

    /// <summary>Defaults left out, an argument reading a buffer's length, and a switch expression as an argument.</summary>
    [Differentiable]
    public static double DefaultsAndLengths(double[] x, int k)
    {
        double Scale(double v, double by = 2.5, int times = 2) => v * by * times;
        double s = Scale(x[x.Length - 1]) + Scale(x[0] * x.Length, 0.5);
        return s + Scale(k switch { 0 => x[1], 1 => x[2], _ => x[0] * x[1] }, times: 3);
    }

    /// <summary>Float helpers.</summary>
    [Differentiable]
    public static float FloatHelpers(float[] x)
    {
        float Sq(float v) => v * v;
        float Soft(float v) => MathF.Log(1 + MathF.Exp(v));
        return Sq(x[0]) * Soft(x[1] - x[0]);
    }
}

/// <summary>Local functions that declare locals before their return, as a helper with a temporary is written.</summary>
public static partial class LocalFunctionLetFns
{
    [Differentiable]
    public static double SigmoidWeighted(double[] x)
    {
        double Sigmoid(double z)
        {
            double e = Math.Exp(-z);
            return 1 / (1 + e);
        }

        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Sigmoid(x[i]) * x[i];
        }

        return s;
    }

    [Differentiable]
    public static double StableSoftplus(double[] x, [NoDiff] double beta)
    {
        double Softplus(double z)
        {
            double t = beta * z;
            double m = Math.Max(t, 0);
            double r = m + Math.Log(1 + Math.Exp(-Math.Abs(t)));
            return r / beta;
        }

        return Softplus(x[0]) + Softplus(x[1] * x[2]) * Softplus(x[2]);
    }

    [Differentiable]
    public static double NeighbourProducts(double[] x)
    {
        double Term(int i, double scale)
        {
            int n = x.Length;
            int next = (i + 1) % n;
            var a = x[i] * scale;
            return a * x[next] + a;
        }

        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Term(i, 0.5 + i);
        }

        return s;
    }

    [Differentiable]
    public static double QuarticThroughSquares(double[] x)
    {
        double Square(double v)
        {
            double w = v * v;
            return w;
        }

        double Quartic(double v)
        {
            double q = Square(v), r = Square(q);
            return r + q;
        }

        return Quartic(x[0]) + Quartic(x[1] - x[0]);
    }

    /// <summary>Huber's loss as a local function with a guarded return after a local.</summary>
    [Differentiable]
    public static double Huber(double[] r)
    {
        const double delta = 0.8;
        double Loss(double v)
        {
            double a = Math.Abs(v);
            if (a <= delta) return 0.5 * v * v;
            return delta * (a - 0.5 * delta);
        }

        double s = 0;
        for (int i = 0; i < r.Length; i++) s += Loss(r[i]);
        return s;
    }

    /// <summary>A piecewise function as an else-if chain of returns, one of them in a block.</summary>
    [Differentiable]
    public static double Piecewise(double[] x)
    {
        double P(double v)
        {
            if (v < -1) return -1;
            else if (v < 0) { return v * v * v; }
            else if (v < 1) return Math.Sin(v);
            else return Math.Sin(1.0) + Math.Log(v);
        }

        double s = 0;
        foreach (double v in x) s += P(v) * v;
        return s;
    }

    /// <summary>A guard before a local that reads an element: past the end, the element is never read.</summary>
    [Differentiable]
    public static double GuardedElement(double[] x)
    {
        double At(int i)
        {
            if (i >= x.Length) return 0;
            double v = x[i];
            double w = v * v;
            return w * w + v;
        }

        return At(x.Length - 1) + At(x.Length) * At(0) + At(1) * At(0);
    }

    private static readonly double[] Weights = { 0.5, -1.25, 2.0, 0.75 };

    /// <summary>An index local function written after the return, reading a counter the loop moves on.</summary>
    [Differentiable]
    public static double DeclaredAfterReturn(double[] x)
    {
        int k = 0;
        double s = 0;
        for (int r = 0; r < 3; r++)
        {
            s += Weights[Cur()] * x[r] * x[r];
            k++;
        }

        return s;

        int Cur() => k;
    }

    /// <summary>A switch expression on an index an effect-free local function wraps around the array.</summary>
    [Differentiable]
    public static double SwitchOnWrapped(double[] x)
    {
        int Wrap(int i) => ((i % x.Length) + x.Length) % x.Length;
        double s = 0;
        for (int k = -2; k < 4; k++)
        {
            s += Wrap(k) switch { 0 => x[0] * x[1], 1 => Math.Sin(x[1]), _ => x[Wrap(k)] * 3 };
        }

        return s;
    }
}

public sealed class LocalFunctionTests
{
    private static void Check(Func<double[], double> f, Func<double[], double[], double> gradient, Action<double[], double[], double[]> tangent, int n, string name) =>
        BufferCopyTests.CheckScalar(f, gradient, tangent, n, name);

    [Fact]
    public void A_helper_calling_a_helper_and_capturing_a_parameter() =>
        Check(p => LocalFunctionFns.Gauss(p[..4], p[4..8], p[8]),
            (p, d) =>
            {
                var dX = new double[4];
                var dMu = new double[4];
                double dS = 0;
                double value = LocalFunctionFns.GaussGradient(p[..4], p[4..8], p[8], dX, dMu, ref dS);
                dX.CopyTo(d, 0);
                dMu.CopyTo(d, 4);
                d[8] = dS;
                return value;
            },
            (p, v, j) => { LocalFunctionFns.GaussTangent(p[..4], p[4..8], p[8], v[..4], v[4..8], v[8], out j[0]); }, 9, "Gauss");

    [Fact]
    public void Returns_guarded_by_if_statements_are_the_conditional_they_mean()
    {
        Check(LocalFunctionLetFns.Huber, LocalFunctionLetFns.HuberGradient, (x, v, j) => { LocalFunctionLetFns.HuberTangent(x, v, out j[0]); }, 5, "Huber");
        Check(LocalFunctionLetFns.Piecewise, LocalFunctionLetFns.PiecewiseGradient, (x, v, j) => { LocalFunctionLetFns.PiecewiseTangent(x, v, out j[0]); }, 6, "Piecewise");
        Check(LocalFunctionLetFns.GuardedElement, LocalFunctionLetFns.GuardedElementGradient, (x, v, j) => { LocalFunctionLetFns.GuardedElementTangent(x, v, out j[0]); }, 3, "GuardedElement");

        double[] point = { -1.5, -0.4, 0.3, 2.5, 0.9 }, direction = { 1.0, 0.5, -0.2, 0.3, 1.1 };
        double[] hv = new double[5];
        LocalFunctionLetFns.PiecewiseHessianVector(point, direction, new double[5], hv);
        Grad.CheckHessianVector(q => { var g = new double[5]; LocalFunctionLetFns.PiecewiseGradient(q, g); return g; }, point, direction, hv, "Piecewise H·v");
    }

    [Fact]
    public void A_local_function_written_after_the_return() =>
        Check(LocalFunctionLetFns.DeclaredAfterReturn, LocalFunctionLetFns.DeclaredAfterReturnGradient, (x, v, j) => { LocalFunctionLetFns.DeclaredAfterReturnTangent(x, v, out j[0]); }, 3, "DeclaredAfterReturn");

    [Fact]
    public void A_switch_on_the_value_of_an_effect_free_local_function() =>
        Check(LocalFunctionLetFns.SwitchOnWrapped, LocalFunctionLetFns.SwitchOnWrappedGradient, (x, v, j) => { LocalFunctionLetFns.SwitchOnWrappedTangent(x, v, out j[0]); }, 3, "SwitchOnWrapped");

    [Fact]
    public void Locals_declared_before_the_return_stand_for_their_values()
    {
        Check(LocalFunctionLetFns.SigmoidWeighted, LocalFunctionLetFns.SigmoidWeightedGradient, (x, v, j) => { LocalFunctionLetFns.SigmoidWeightedTangent(x, v, out j[0]); }, 4, "SigmoidWeighted");
        Check(x => LocalFunctionLetFns.StableSoftplus(x, 1.5), (x, d) => LocalFunctionLetFns.StableSoftplusGradient(x, 1.5, d),
            (x, v, j) => { LocalFunctionLetFns.StableSoftplusTangent(x, 1.5, v, out j[0]); }, 3, "StableSoftplus");
        Check(LocalFunctionLetFns.NeighbourProducts, LocalFunctionLetFns.NeighbourProductsGradient, (x, v, j) => { LocalFunctionLetFns.NeighbourProductsTangent(x, v, out j[0]); }, 4, "NeighbourProducts");
        Check(LocalFunctionLetFns.QuarticThroughSquares, LocalFunctionLetFns.QuarticThroughSquaresGradient, (x, v, j) => { LocalFunctionLetFns.QuarticThroughSquaresTangent(x, v, out j[0]); }, 2, "QuarticThroughSquares");

        double[] point = { 0.3, -0.7, 1.1, 0.2 };
        double[] direction = { 1, 0.5, -0.25, 2 };
        var product = new double[4];
        LocalFunctionLetFns.SigmoidWeightedHessianVector(point, direction, new double[4], product);
        Grad.CheckHessianVector(p =>
        {
            var g = new double[4];
            LocalFunctionLetFns.SigmoidWeightedGradient(p, g);
            return g;
        }, point, direction, product, "SigmoidWeighted H·v");
    }

    [Fact]
    public void Branches_defaults_and_named_arguments() =>
        Check(LocalFunctionFns.LeakyAndClamp, LocalFunctionFns.LeakyAndClampGradient, (x, v, j) => { LocalFunctionFns.LeakyAndClampTangent(x, v, out j[0]); }, 5, "LeakyAndClamp");

    [Fact]
    public void The_kinks_of_a_helper_follow_its_branches()
    {
        // x0 = 0.5: the leaky ReLU's argument 2x − 1 is 0, its else branch (slope 0.01, times 2); Clamp(3x) is
        // saturated (0); and Clamp(x, −0.5, 0.5) is at its bound, a tie of Math.Min, split in half (0.5). x1 = 1/3: the
        // ReLU's argument is negative (0.02); Clamp(3x) = 1 is a tie of Math.Min again (3 / 2); Clamp(x, −0.5, 0.5)
        // passes x through (1).
        double[] x = { 0.5, 1.0 / 3 };
        var dX = new double[2];
        LocalFunctionFns.LeakyAndClampGradient(x, dX);
        Assert.Equal(0.52, dX[0], 12);
        Assert.Equal(2.52, dX[1], 12);
    }

    [Fact]
    public void Integer_parameters_and_a_helper_given_itself() =>
        Check(x => LocalFunctionFns.Indexed(x, 5), (x, d) => LocalFunctionFns.IndexedGradient(x, 5, d), (x, v, j) => { LocalFunctionFns.IndexedTangent(x, 5, v, out j[0]); }, 4, "Indexed");

    [Fact]
    public void Comparisons_and_piecewise_constant_functions_of_parameters() =>
        Check(LocalFunctionFns.Piecewise, LocalFunctionFns.PiecewiseGradient, (x, v, j) => { LocalFunctionFns.PiecewiseTangent(x, v, out j[0]); }, 5, "Piecewise");

    [Fact]
    public void A_parameter_shadowing_a_local() =>
        Check(LocalFunctionFns.Shadowing, LocalFunctionFns.ShadowingGradient, (x, v, j) => { LocalFunctionFns.ShadowingTangent(x, v, out j[0]); }, 2, "Shadowing");

    [Fact]
    public void A_helper_declared_after_its_call()
    {
        double dX = 0;
        double value = LocalFunctionFns.CubeGradient(1.3, ref dX);
        Assert.Equal(9 * Math.Pow(1.3, 3), value, 12);
        Assert.Equal(27 * 1.3 * 1.3, dX, 12);
    }

    [Fact]
    public void The_Hessian_vector_product_through_helpers()
    {
        double[] x = BufferCopyTests.Point(5, 4);
        double[] v = BufferCopyTests.Point(5, 14);
        var gX = new double[5];
        var hX = new double[5];
        LocalFunctionFns.PiecewiseHessianVector(x, v, gX, hX);
        Grad.CheckHessianVector(q => { var d = new double[5]; LocalFunctionFns.PiecewiseGradient(q, d); return d; }, x, v, hX, "Piecewise H·v");
    }

    [Fact]
    public void An_int_given_to_a_long_parameter_is_multiplied_as_a_long()
    {
        double[] x = { 1.0, 2.0 };
        var dX = new double[2];
        double value = LocalFunctionFns.LongParameterGradient(x, dX);
        Assert.Equal(LocalFunctionFns.LongParameter(x), value);
        Assert.Equal(10.0, dX[0], 9);
        Assert.Equal(9e-9, dX[1], 15);
    }

    [Fact]
    public void A_helper_nested_eight_deep() =>
        Check(LocalFunctionFns.DeepNesting, LocalFunctionFns.DeepNestingGradient, (x, v, j) => { LocalFunctionFns.DeepNestingTangent(x, v, out j[0]); }, 2, "DeepNesting");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Defaults_lengths_and_switch_expressions_as_arguments(int k) =>
        Check(x => LocalFunctionFns.DefaultsAndLengths(x, k), (x, d) => LocalFunctionFns.DefaultsAndLengthsGradient(x, k, d),
            (x, v, j) => { LocalFunctionFns.DefaultsAndLengthsTangent(x, k, v, out j[0]); }, 4, "DefaultsAndLengths " + k);

    [Fact]
    public void Float_helpers()
    {
        float[] x = { 0.4f, -0.3f };
        var dX = new float[2];
        float value = LocalFunctionFns.FloatHelpersGradient(x, dX);
        double soft = Math.Log(1 + Math.Exp(x[1] - x[0]));
        double sigmoid = 1 / (1 + Math.Exp(x[0] - x[1]));
        Assert.Equal(x[0] * x[0] * soft, value, 5);
        Assert.Equal(2 * x[0] * soft - x[0] * x[0] * sigmoid, dX[0], 5);
        Assert.Equal(x[0] * x[0] * sigmoid, dX[1], 5);
    }
}
