using System.Collections.Generic;
using System.Linq;
using Diff;
using static Diff.Gradients.Tests.PeerCheck;

namespace Diff.Gradients.Tests;

/// <summary>
/// Ports of the loops in Clad's tests/Gradient/Loops.C and tests/ForwardMode/Loops.C: loops that multiply,
/// return, break and continue, update clauses that do the work, while (counter--) on an int, a local array
/// initialised in every trip, and loops whose trip count is an int parameter. C++ pointers become arrays,
/// references one-element arrays.
/// </summary>
public static partial class CladLoopsFns
{
    // Gradient/Loops.C f5
    [Differentiable]
    public static double ParameterIncrementedTenTimes(double x)
    {
        for (int i = 0; i < 10; i++)
            x++;
        return x;
    }

    // Gradient/Loops.C sq
    [Differentiable]
    public static double Square(double x) => x * x;

    // Gradient/Loops.C f_log_gaus, with the dimension a double
    [Differentiable]
    public static double LogGaussianWithDoubleBound(double[] x, double[] p, double n, double sigma)
    {
        double power = 0;
        for (int i = 0; i < n; i++)
            power += Square(x[i] - p[i]);
        power = -power / (2 * Square(sigma));
        double gaus = 1.0 / Math.Sqrt(Math.Pow(2 * Math.PI, n) * sigma) * Math.Exp(power);
        return Math.Log(gaus);
    }

    // Gradient/Loops.C fn9
    [Differentiable]
    public static double NestedPostDecrementWhiles(double i, double j)
    {
        int counter, counterAgain;
        counter = counterAgain = 3;
        double a = 0;
        while (counter-- != 0)
        {
            counterAgain = 3;
            while (counterAgain-- != 0)
            {
                a += i * i + j;
            }
        }

        return a;
    }

    // Gradient/Loops.C fn21
    [Differentiable]
    public static double ArrayInitialiserInLoop(double x)
    {
        double res = 0;
        for (int i = 0; i < 5; i++)
        {
            double[] arr = { 1, x, x * x };
            res += arr[0] + arr[1] + arr[2];
        }

        return res;
    }

    // Gradient/Loops.C, the loop with --counter and res += i * j in its update clause
    [Differentiable]
    public static double CommaListUpdate(double i, double j)
    {
        double res = 0;
        for (int counter = 3; counter > 0; --counter, res += i * j)
            res += i;
        return res;
    }

    // ForwardMode/Loops.C f4: for (; i < y; r = r * x)
    [Differentiable]
    public static double PowerByIntBound(double x, int y)
    {
        double r = 1;
        int i = 0;
        for (; i < y; r = r * x)
            i++;
        return r;
    }

    // ForwardMode/Loops.C f6: x = x * x, n times
    [Differentiable]
    public static double RepeatedSquaring(double x, int n)
    {
        for (int i = 0; i < n; i++)
            x = x * x;
        return x;
    }

    // ForwardMode/Loops.C fn8
    [Differentiable]
    public static double DoWhileSquaring(double x)
    {
        int i = 0;
        do
        {
            x *= x;
            i++;
        } while (i < 2);
        return x;
    }

    // ForwardMode/Loops.C fn11
    [Differentiable]
    public static double ScaledByCounterKeepingOldValue(double x)
    {
        double r = 0;
        for (int i = 1; i <= 3; i++)
        {
            double t = x;
            x *= i;
            r += t * x;
        }

        return r;
    }
}

/// <summary>
/// Ports of Clad's tests/Gradient/FunctionCalls.C: callees that write the caller's array, a reference
/// parameter written through an (array, index) pair, two references to the caller's locals, and pointer
/// arithmetic written as an offset.
/// </summary>
public static partial class CladCallsFns
{
    // FunctionCalls.C sum: returns the sum and writes arr[0]
    [Differentiable]
    public static double SumAndScaleFirst(double[] arr, int n)
    {
        double res = 0;
        for (int i = 0; i < n; ++i)
            res += arr[i];
        arr[0] += 10 * arr[0];
        return res;
    }

    // FunctionCalls.C twice(double&)
    [Differentiable]
    public static void Twice(double[] d, int k) => d[k] = 2 * d[k];

    // FunctionCalls.C fn4
    [Differentiable]
    public static double SumThenDoubleEach(double[] arr, int n)
    {
        double res = 0;
        res += SumAndScaleFirst(arr, n);
        for (int i = 0; i < n; ++i)
        {
            Twice(arr, i);
            res += arr[i];
        }

        return res;
    }

    // FunctionCalls.C modify1(double&, double&)
    [Differentiable]
    public static double AddInPlace(double[] ij)
    {
        ij[0] += ij[1];
        ij[1] += ij[1];
        double res = ij[0] + ij[1];
        return res;
    }

    // FunctionCalls.C fn2: modify1 twice on the caller's locals
    [Differentiable]
    public static double ModifyLocalsTwice(double i, double j)
    {
        double[] ij = { i, j };
        double temp = 0;
        temp = AddInPlace(ij);
        temp = AddInPlace(ij);
        return ij[0] * temp;
    }

    // FunctionCalls.C multiply
    [Differentiable]
    public static double MultiplyAtOffset(double[] a, double[] b, int offB) => a[0] * b[offB];

    // FunctionCalls.C fn13: multiply(x, wCopy + 1)
    [Differentiable]
    public static double CopyThenMultiply(double[] x, double[] w)
    {
        double[] wCopy = new double[2];
        for (int i = 0; i < 2; ++i)
        {
            wCopy[i] = w[i];
        }

        return MultiplyAtOffset(x, wCopy, 1);
    }
}

/// <summary>
/// Ports of Clad's tests/Gradient/Gradients.C, Assignments.C and Switch.C, tests/ForwardMode/Switch.C and
/// tests/Hessian/Hessians.C: a p-norm through a helper, returns before the last use, power chains,
/// self- and chained assignments, switches in loops with fall-through written out, and the polynomials
/// whose Hessians Clad checks.
/// </summary>
public static partial class CladExpressionsFns
{
    // Gradients.C sum_of_powers
    [Differentiable]
    public static double SumOfPowers(double x, double y, double z, double p) => Math.Pow(x, p) + Math.Pow(y, p) + Math.Pow(z, p);

    // Gradients.C f_norm
    [Differentiable]
    public static double PNorm(double x, double y, double z, double d) => Math.Pow(SumOfPowers(x, y, z, d), 1 / d);

    // Gradients.C f_decls3
    [Differentiable]
    public static double ReturnsBeforeLastUse(double x, double y)
    {
        double a = 3 * x;
        double c = 333 * y;
        if (x > 1)
            return 2;
        else if (x < -1)
            return -2;
        double b = a * a;
        return b * c;
    }

    // Gradients.C f_issue138
    [Differentiable]
    public static double PowerChainThroughLocals(double x, double y)
    {
        double x1 = x * x;
        double x2 = x1 * x1;
        return x1 * x1 * x1 * x1 * x2 + y;
    }

    // Assignments.C f3, its self-assignment kept
    [Differentiable]
    public static double SelfAssignmentChain(double x, double y)
    {
#pragma warning disable CS1717
        x = x;
#pragma warning restore CS1717
        x = x * x;
        y = x * x;
        return y;
    }

    // Assignments.C f5
    [Differentiable]
    public static double ConditionalOverwrite(double x, double y)
    {
        double t = x;
        if (x > 0)
            t = y;
        return t;
    }

    // Assignments.C f10: t = x = y
    [Differentiable]
    public static double ChainedAssignment(double x, double y)
    {
        double t = x;
        t = x = y;
        return t * x + x;
    }

    // Hessians.C f_cubed_add1
    [Differentiable]
    public static double CubedAdd(double a, double b) => a * a * a + b * b * b;

    // Hessians.C f_suvat1
    [Differentiable]
    public static double Suvat(double u, double t) => (u * t) + (0.5 * 9.81 * (t * t));

    // Hessians.C f_cond3
    [Differentiable]
    public static double CubeWithSignedConstant(double x, double c)
    {
        if (c > 0)
            return (x * x * x) + (c * c * c);
        else
            return (x * x * x) - (c * c * c);
    }

    // Hessians.C f_power10
    [Differentiable]
    public static double TenthPower(double x) => x * x * x * x * x * x * x * x * x * x;

    // ForwardMode/Switch.C fn2: break leaves the switch only
    [Differentiable]
    public static double SwitchInLoop(double x, double y)
    {
        double res = 0;
        for (int i = 0; i < 5; ++i)
        {
            switch (i)
            {
                case 0: res += x; break;
                case 1: res += y; break;
                case 2: res += x * y; break;
                default: res += x * x; break;
            }
        }

        return res;
    }

    // Gradient/Switch.C fn, its fall-through from case 1 into case 2 and default written out
    [Differentiable]
    public static double SwitchFallThroughWrittenOut(double i, double j, int count)
    {
        double res = 0;
        switch (count)
        {
            case 0: res += i * j; break;
            case 1:
                res += i * i;
                res += j;
                res += i * i * j;
                break;
            case 2:
                res += j;
                res += i * i * j;
                break;
            default: res += i * i * j; break;
        }

        return res;
    }

    // Gradient/Switch.C, continue inside a switch in a loop, a parameter reassigned in a case
    [Differentiable]
    public static double SwitchContinueInLoop(double x, double y)
    {
        double res = 0;
        for (int i = 0; i < 6; i++)
        {
            switch (i % 3)
            {
                case 0:
                    x = x * y;
                    continue;
                case 1:
                    res += x;
                    break;
                default:
                    res *= y;
                    break;
            }

            res += 1;
        }

        return res;
    }
}

/// <summary>
/// The Clad ports checked for the contract: the gradient returns the original value, its adjoints match
/// central finite differences and the closed-form derivative, and the tangent matches ⟨gradient, v⟩; for
/// one function in five the Hessian-vector product also matches finite differences of the gradient. Points
/// come from seeded generators; functions with branches get points in every branch.
/// </summary>
public sealed class CladSuiteTests
{
    private delegate double GN(double x, int n, ref double dX);

    private delegate double G2N(double x, double y, int n, ref double dX, ref double dY);

    private delegate double G4(double x, double y, double z, double w, ref double dX, ref double dY, ref double dZ, ref double dW);

    private delegate double GAN(double[] a, int n, double[] dA);

    private delegate double GLogGaussian(double[] x, double[] p, double n, double sigma, double[] dX, double[] dP, ref double dN, ref double dSigma);

    private delegate double HV1(double x, double vX, ref double dX, ref double hX);

    private delegate double HV2(double x, double y, double vX, double vY, ref double dX, ref double dY, ref double hX, ref double hY);

    private static readonly Dictionary<string, (Func<double, double> F, G1 G, Func<double, double> Derivative, double Lo, double Hi, HV1? Hv)> OneArgument = new()
    {
        ["Loops.C f1: x^3"] = (PeerFns.CladCube, PeerFns.CladCubeGradient, x => 3 * x * x, -2, 2, null),
        ["Loops.C f2: x^9"] = (PeerFns.CladNinthPower, PeerFns.CladNinthPowerGradient, x => 9 * Math.Pow(x, 8), -1.3, 1.3, PeerFns.CladNinthPowerHessianVector),
        ["Loops.C f3: x^2"] = (PeerFns.CladReturnInsideLoop, PeerFns.CladReturnInsideLoopGradient, x => 2 * x, -2, 2, null),
        ["Loops.C f4: x^3"] = (PeerFns.CladUpdateInIncrementClause, PeerFns.CladUpdateInIncrementClauseGradient, x => 3 * x * x, -2, 2, null),
        ["Loops.C f5: x + 10"] = (CladLoopsFns.ParameterIncrementedTenTimes, CladLoopsFns.ParameterIncrementedTenTimesGradient, _ => 1, -2, 2, null),
        ["Loops.C f_const_local: 3x^2 + 3x"] = (PeerFns.CladLocalPerIteration, PeerFns.CladLocalPerIterationGradient, x => 6 * x + 3, -2, 2, null),
        ["Loops.C sq: x^2"] = (CladLoopsFns.Square, CladLoopsFns.SquareGradient, x => 2 * x, -2, 2, null),
        ["Loops.C fn21: 5(1 + x + x^2)"] = (CladLoopsFns.ArrayInitialiserInLoop, CladLoopsFns.ArrayInitialiserInLoopGradient, x => 5 + 10 * x, -2, 2, CladLoopsFns.ArrayInitialiserInLoopHessianVector),
        ["ForwardMode/Loops.C fn8: x^4"] = (CladLoopsFns.DoWhileSquaring, CladLoopsFns.DoWhileSquaringGradient, x => 4 * x * x * x, -2, 2, null),
        ["ForwardMode/Loops.C fn11: 15x^2"] = (CladLoopsFns.ScaledByCounterKeepingOldValue, CladLoopsFns.ScaledByCounterKeepingOldValueGradient, x => 30 * x, -2, 2, CladLoopsFns.ScaledByCounterKeepingOldValueHessianVector),
        ["Hessians.C f_power10: x^10"] = (CladExpressionsFns.TenthPower, CladExpressionsFns.TenthPowerGradient, x => 10 * Math.Pow(x, 9), -1.2, 1.2, CladExpressionsFns.TenthPowerHessianVector),
    };

    private static readonly Dictionary<string, (Func<double, double, double> F, G2 G, Func<double, double, double[]> Gradient, double XLo, double XHi, double YLo, double YHi, HV2? Hv)> TwoArguments = new()
    {
        ["Loops.C fn9: 9(i^2 + j)"] = (CladLoopsFns.NestedPostDecrementWhiles, CladLoopsFns.NestedPostDecrementWhilesGradient, (i, j) => new[] { 18 * i, 9.0 }, -2, 2, -2, 2, null),
        ["Loops.C fn14: i + 2j + ij"] = (PeerFns.CladWhileContinueChain, PeerFns.CladWhileContinueChainGradient, (i, j) => new[] { 1 + j, 2 + i }, -2, 2, -2, 2, null),
        ["Loops.C fn16: 5i + 3j + ij"] = (PeerFns.CladForBreakContinue, PeerFns.CladForBreakContinueGradient, (i, j) => new[] { 5 + j, 3 + i }, -2, 2, -2, 2, null),
        ["Loops.C fn17: 3ij"] = (PeerFns.CladForWithInnerWhileBreak, PeerFns.CladForWithInnerWhileBreakGradient, (i, j) => new[] { 3 * j, 3 * i }, -2, 2, -2, 2, null),
        ["Loops.C fn18: 4i + 4j"] = (PeerFns.CladElseIfContinueBreak, PeerFns.CladElseIfContinueBreakGradient, (_, _) => new[] { 4.0, 4.0 }, -2, 2, -2, 2, null),
        ["Loops.C comma update: 3i + 3ij"] = (CladLoopsFns.CommaListUpdate, CladLoopsFns.CommaListUpdateGradient, (i, j) => new[] { 3 + 3 * j, 3 * i }, -2, 2, -2, 2, null),
        ["FunctionCalls.C fn2: (i + 3j)(i + 7j)"] = (CladCallsFns.ModifyLocalsTwice, CladCallsFns.ModifyLocalsTwiceGradient, (i, j) => new[] { 2 * i + 10 * j, 10 * i + 42 * j }, -2, 2, -2, 2, null),
        ["Gradients.C f_decls3, |x| < 1: 2997x^2 y"] = (CladExpressionsFns.ReturnsBeforeLastUse, CladExpressionsFns.ReturnsBeforeLastUseGradient, (x, y) => new[] { 5994 * x * y, 2997 * x * x }, -0.9, 0.9, -2, 2, null),
        ["Gradients.C f_decls3, x > 1: 2"] = (CladExpressionsFns.ReturnsBeforeLastUse, CladExpressionsFns.ReturnsBeforeLastUseGradient, (_, _) => new[] { 0.0, 0.0 }, 1.1, 1.6, -2, 2, null),
        ["Gradients.C f_decls3, x < -1: -2"] = (CladExpressionsFns.ReturnsBeforeLastUse, CladExpressionsFns.ReturnsBeforeLastUseGradient, (_, _) => new[] { 0.0, 0.0 }, -1.6, -1.1, -2, 2, null),
        ["Gradients.C f_issue138: x^12 + y"] = (CladExpressionsFns.PowerChainThroughLocals, CladExpressionsFns.PowerChainThroughLocalsGradient, (x, _) => new[] { 12 * Math.Pow(x, 11), 1.0 }, -1.2, 1.2, -2, 2, CladExpressionsFns.PowerChainThroughLocalsHessianVector),
        ["Assignments.C f3: x^4"] = (CladExpressionsFns.SelfAssignmentChain, CladExpressionsFns.SelfAssignmentChainGradient, (x, _) => new[] { 4 * x * x * x, 0.0 }, -2, 2, -2, 2, null),
        ["Assignments.C f5, x > 0: y"] = (CladExpressionsFns.ConditionalOverwrite, CladExpressionsFns.ConditionalOverwriteGradient, (_, _) => new[] { 0.0, 1.0 }, 0.2, 2, -2, 2, null),
        ["Assignments.C f5, x < 0: x"] = (CladExpressionsFns.ConditionalOverwrite, CladExpressionsFns.ConditionalOverwriteGradient, (_, _) => new[] { 1.0, 0.0 }, -2, -0.2, -2, 2, null),
        ["Assignments.C f10: y^2 + y"] = (CladExpressionsFns.ChainedAssignment, CladExpressionsFns.ChainedAssignmentGradient, (_, y) => new[] { 0.0, 2 * y + 1 }, -2, 2, -2, 2, null),
        ["Hessians.C f_cubed_add1: a^3 + b^3"] = (CladExpressionsFns.CubedAdd, CladExpressionsFns.CubedAddGradient, (a, b) => new[] { 3 * a * a, 3 * b * b }, -2, 2, -2, 2, CladExpressionsFns.CubedAddHessianVector),
        ["Hessians.C f_suvat1: ut + 4.905t^2"] = (CladExpressionsFns.Suvat, CladExpressionsFns.SuvatGradient, (u, t) => new[] { t, u + 9.81 * t }, -2, 2, -2, 2, null),
        ["ForwardMode/Switch.C fn2: x + y + xy + 2x^2"] = (CladExpressionsFns.SwitchInLoop, CladExpressionsFns.SwitchInLoopGradient, (x, y) => new[] { 1 + y + 4 * x, 1 + x }, -2, 2, -2, 2, null),
        ["Switch.C continue in a switch: 2xy^3 + y^2 + 2y + 1"] = (CladExpressionsFns.SwitchContinueInLoop, CladExpressionsFns.SwitchContinueInLoopGradient, (x, y) => new[] { 2 * y * y * y, 6 * x * y * y + 2 * y + 2 }, -2, 2, -2, 2, null),
        ["Hessians.C f_cond3, c > 0: x^3 + c^3"] = (CladExpressionsFns.CubeWithSignedConstant, CladExpressionsFns.CubeWithSignedConstantGradient, (x, c) => new[] { 3 * x * x, 3 * c * c }, -2, 2, 0.2, 2, null),
        ["Hessians.C f_cond3, c < 0: x^3 - c^3"] = (CladExpressionsFns.CubeWithSignedConstant, CladExpressionsFns.CubeWithSignedConstantGradient, (x, c) => new[] { 3 * x * x, -3 * c * c }, -2, 2, -2, -0.2, null),
    };

    public static TheoryData<string> OneArgumentNames => new(OneArgument.Keys);

    public static TheoryData<string> TwoArgumentNames => new(TwoArguments.Keys);

    /// <summary>A seed that does not change between runs (string.GetHashCode does).</summary>
    private static System.Random Seeded(string name) => new(name.Aggregate(17, (h, c) => unchecked(h * 31 + c)));

    private static void Exact(double[] expected, double[] actual, string what) => Grad.Close(expected, actual, 1e-12, 1e-12, what + " (closed form)");

    [Theory]
    [MemberData(nameof(OneArgumentNames))]
    public void One_argument_ports_match_finite_differences_and_their_closed_form(string name)
    {
        var (f, g, derivative, lo, hi, hv) = OneArgument[name];
        foreach (double x in Pts.Vector(Seeded(name), 4, lo, hi))
        {
            Check1(f, g, x, name);
            double dX = 0, hX = 0;
            g(x, ref dX);
            Exact(new[] { derivative(x) }, new[] { dX }, name);
            if (hv is not null)
            {
                dX = 0;
                hv(x, 0.7, ref dX, ref hX);
                Grad.CheckHessianVector(q => { double d = 0; g(q[0], ref d); return new[] { d }; }, new[] { x }, new[] { 0.7 }, new[] { hX }, name);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TwoArgumentNames))]
    public void Two_argument_ports_match_finite_differences_and_their_closed_form(string name)
    {
        var (f, g, gradient, xLo, xHi, yLo, yHi, hv) = TwoArguments[name];
        var r = Seeded(name);
        for (int k = 0; k < 4; k++)
        {
            double x = Pts.Uniform(r, xLo, xHi), y = Pts.Uniform(r, yLo, yHi);
            Check2(f, g, x, y, name);
            double dX = 0, dY = 0, hX = 0, hY = 0;
            g(x, y, ref dX, ref dY);
            Exact(gradient(x, y), new[] { dX, dY }, name);
            if (hv is not null)
            {
                double[] v = Pts.Vector(r, 2, -1, 1);
                dX = dY = 0;
                hv(x, y, v[0], v[1], ref dX, ref dY, ref hX, ref hY);
                Grad.CheckHessianVector(q => { double a = 0, b = 0; g(q[0], q[1], ref a, ref b); return new[] { a, b }; }, new[] { x, y }, v, new[] { hX, hY }, name);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void ForwardMode_loops_f4_a_power_by_an_int_bound_differentiates_as_y_x_to_the_y_minus_1(int y)
    {
        foreach (double x in Pts.Vector(new System.Random(40 + y), 3, -2, 2))
        {
            CheckIntBound(CladLoopsFns.PowerByIntBound, CladLoopsFns.PowerByIntBoundGradient, x, y, y * Math.Pow(x, y - 1), "ForwardMode/Loops.C f4");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void ForwardMode_loops_f6_repeated_squaring_differentiates_as_a_power_of_two(int n)
    {
        double e = Math.Pow(2, n);
        foreach (double x in Pts.Vector(new System.Random(50 + n), 3, 0.6, 1.2))
        {
            CheckIntBound(CladLoopsFns.RepeatedSquaring, CladLoopsFns.RepeatedSquaringGradient, x, n, e * Math.Pow(x, e - 1), "ForwardMode/Loops.C f6");
        }
    }

    private static void CheckIntBound(Func<double, int, double> f, GN g, double x, int n, double expected, string what)
    {
        double dX = 0;
        Grad.SameValue(f(x, n), g(x, n, ref dX), what);
        Grad.Check(p => f(p[0], n), new[] { x }, new[] { dX }, what);
        TangentCheck.Against(g, new object[] { x, n }, new object[] { dX }, what);
        Exact(new[] { expected }, new[] { dX }, what);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Switch_fall_through_written_out_matches_each_case(int count)
    {
        var r = new System.Random(60 + count);
        for (int k = 0; k < 3; k++)
        {
            double i = Pts.Uniform(r, -2, 2), j = Pts.Uniform(r, -2, 2);
            double dI = 0, dJ = 0;
            G2N g = CladExpressionsFns.SwitchFallThroughWrittenOutGradient;
            Grad.SameValue(CladExpressionsFns.SwitchFallThroughWrittenOut(i, j, count), g(i, j, count, ref dI, ref dJ), "Switch.C fall-through");
            Grad.Check(p => CladExpressionsFns.SwitchFallThroughWrittenOut(p[0], p[1], count), new[] { i, j }, new[] { dI, dJ }, "Switch.C fall-through");
            TangentCheck.Against(g, new object[] { i, j, count }, new object[] { dI, dJ }, "Switch.C fall-through");
            double[] expected = count switch
            {
                0 => new[] { j, i },
                1 => new[] { 2 * i + 2 * i * j, 1 + i * i },
                2 => new[] { 2 * i * j, 1 + i * i },
                _ => new[] { 2 * i * j, i * i },
            };
            Exact(expected, new[] { dI, dJ }, "Switch.C fall-through");
        }
    }

    [Fact]
    public void FunctionCalls_sum_and_fn4_with_callees_writing_the_callers_array()
    {
        var r = new System.Random(70);
        for (int k = 0; k < 3; k++)
        {
            double[] a = Pts.Vector(r, 4, -2, 2);
            Exact(new[] { 1.0, 1.0, 1.0, 1.0 }, CheckArray(CladCallsFns.SumAndScaleFirst, CladCallsFns.SumAndScaleFirstGradient, a, "FunctionCalls.C sum"), "FunctionCalls.C sum");
            Exact(new[] { 23.0, 3.0, 3.0, 3.0 }, CheckArray(CladCallsFns.SumThenDoubleEach, CladCallsFns.SumThenDoubleEachGradient, a, "FunctionCalls.C fn4"), "FunctionCalls.C fn4");
        }
    }

    private static double[] CheckArray(Func<double[], int, double> f, GAN g, double[] a, string what)
    {
        var dA = new double[a.Length];
        Grad.SameValue(f((double[])a.Clone(), a.Length), g((double[])a.Clone(), a.Length, dA), what);
        Grad.Check(p => f(p, a.Length), (double[])a.Clone(), dA, what);
        TangentCheck.Against(g, new object[] { a, a.Length }, new object[] { dA }, what);
        return dA;
    }

    [Fact]
    public void FunctionCalls_modify1_and_fn13_references_and_an_offset_into_a_copied_array()
    {
        var r = new System.Random(71);
        for (int k = 0; k < 3; k++)
        {
            double[] ij = Pts.Vector(r, 2, -2, 2), x = Pts.Vector(r, 1, -2, 2), w = Pts.Vector(r, 2, -2, 2);
            CheckA(CladCallsFns.AddInPlace, CladCallsFns.AddInPlaceGradient, ij, "FunctionCalls.C modify1");
            var dIj = new double[2];
            CladCallsFns.AddInPlaceGradient((double[])ij.Clone(), dIj);
            Exact(new[] { 1.0, 3.0 }, dIj, "FunctionCalls.C modify1");

            CheckAB(CladCallsFns.CopyThenMultiply, CladCallsFns.CopyThenMultiplyGradient, x, w, "FunctionCalls.C fn13");
            var dX = new double[1];
            var dW = new double[2];
            CladCallsFns.CopyThenMultiplyGradient(x, w, dX, dW);
            Exact(new[] { w[1], 0, x[0] }, Fd.Pack(dX, dW), "FunctionCalls.C fn13");
        }
    }

    [Fact]
    public void Loops_f_log_gaus_with_a_double_dimension_matches_finite_differences_and_its_Hessian_vector_product()
    {
        var r = new System.Random(72);
        double F(double[] q) => CladLoopsFns.LogGaussianWithDoubleBound(Fd.Slice(q, 0, 3), Fd.Slice(q, 3, 3), q[6], q[7]);
        double[] Gradient(double[] q, out double value)
        {
            double[] dX = new double[3], dP = new double[3];
            double dN = 0, dSigma = 0;
            value = CladLoopsFns.LogGaussianWithDoubleBoundGradient(Fd.Slice(q, 0, 3), Fd.Slice(q, 3, 3), q[6], q[7], dX, dP, ref dN, ref dSigma);
            return Fd.Pack(dX, dP, dN, dSigma);
        }

        for (int k = 0; k < 3; k++)
        {
            // n = 2.5: three trips, and (2π)^n with a non-integer exponent.
            double[] point = Fd.Pack(Pts.Vector(r, 6, -1, 1), 2.5, Pts.Uniform(r, 0.5, 2));
            double[] g = Gradient(point, out double value);
            Grad.SameValue(F(point), value, "Loops.C f_log_gaus");
            Grad.Check(F, point, g, "Loops.C f_log_gaus");
            TangentCheck.Against((GLogGaussian)CladLoopsFns.LogGaussianWithDoubleBoundGradient, new object[] { Fd.Slice(point, 0, 3), Fd.Slice(point, 3, 3), point[6], point[7] },
                new object[] { Fd.Slice(g, 0, 3), Fd.Slice(g, 3, 3), g[6], g[7] }, "Loops.C f_log_gaus");
            double sigma = point[7];
            Exact(new[] { -(point[0] - point[3]) / (sigma * sigma), -0.5 * Math.Log(2 * Math.PI), -0.5 / sigma + 2 * (F(point) + 0.5 * Math.Log(Math.Pow(2 * Math.PI, 2.5) * sigma)) / -sigma },
                new[] { g[0], g[6], g[7] }, "Loops.C f_log_gaus");

            double[] v = Pts.Vector(r, 8, -1, 1), hX = new double[3], hP = new double[3];
            double dN = 0, dS = 0, hN = 0, hS = 0;
            CladLoopsFns.LogGaussianWithDoubleBoundHessianVector(Fd.Slice(point, 0, 3), Fd.Slice(point, 3, 3), point[6], point[7], Fd.Slice(v, 0, 3), Fd.Slice(v, 3, 3), v[6], v[7],
                new double[3], new double[3], ref dN, ref dS, hX, hP, ref hN, ref hS);
            Grad.CheckHessianVector(q => Gradient(q, out _), point, v, Fd.Pack(hX, hP, hN, hS), "Loops.C f_log_gaus");
        }
    }

    [Fact]
    public void Gradients_f_norm_through_sum_of_powers_matches_finite_differences_and_its_Hessian_vector_product()
    {
        var r = new System.Random(73);
        double[] Gradient(double[] q)
        {
            double a = 0, b = 0, c = 0, e = 0;
            CladExpressionsFns.PNormGradient(q[0], q[1], q[2], q[3], ref a, ref b, ref c, ref e);
            return new[] { a, b, c, e };
        }

        for (int k = 0; k < 3; k++)
        {
            double[] p = { Pts.Uniform(r, 0.5, 2), Pts.Uniform(r, 0.5, 2), Pts.Uniform(r, 0.5, 2), Pts.Uniform(r, 1.5, 3) };
            double g0 = 0, g1 = 0, g2 = 0, g3 = 0;
            Grad.SameValue(CladExpressionsFns.PNorm(p[0], p[1], p[2], p[3]), CladExpressionsFns.PNormGradient(p[0], p[1], p[2], p[3], ref g0, ref g1, ref g2, ref g3), "Gradients.C f_norm");
            Grad.Check(q => CladExpressionsFns.PNorm(q[0], q[1], q[2], q[3]), p, new[] { g0, g1, g2, g3 }, "Gradients.C f_norm");
            TangentCheck.Against((G4)CladExpressionsFns.PNormGradient, new object[] { p[0], p[1], p[2], p[3] }, new object[] { g0, g1, g2, g3 }, "Gradients.C f_norm");
            double s = Math.Pow(p[0], p[3]) + Math.Pow(p[1], p[3]) + Math.Pow(p[2], p[3]);
            Exact(new[] { Math.Pow(s, 1 / p[3] - 1) * Math.Pow(p[0], p[3] - 1) }, new[] { g0 }, "Gradients.C f_norm");

            double[] v = Pts.Vector(r, 4, -1, 1);
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0, h0 = 0, h1 = 0, h2 = 0, h3 = 0;
            CladExpressionsFns.PNormHessianVector(p[0], p[1], p[2], p[3], v[0], v[1], v[2], v[3], ref d0, ref d1, ref d2, ref d3, ref h0, ref h1, ref h2, ref h3);
            Grad.CheckHessianVector(Gradient, p, v, new[] { h0, h1, h2, h3 }, "Gradients.C f_norm");

            double sx = 0, sy = 0, sz = 0, sp = 0;
            CladExpressionsFns.SumOfPowersGradient(p[0], p[1], p[2], p[3], ref sx, ref sy, ref sz, ref sp);
            Grad.Check(q => CladExpressionsFns.SumOfPowers(q[0], q[1], q[2], q[3]), p, new[] { sx, sy, sz, sp }, "Gradients.C sum_of_powers");
            TangentCheck.Against((G4)CladExpressionsFns.SumOfPowersGradient, new object[] { p[0], p[1], p[2], p[3] }, new object[] { sx, sy, sz, sp }, "Gradients.C sum_of_powers");
        }
    }
}
