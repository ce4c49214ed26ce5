using Diff;

namespace Diff.Gradients.Tests;

public static partial class ArithmeticFns
{
    public const double Half = 0.5;
    public static readonly double Root2 = Math.Sqrt(2.0);

    [Differentiable]
    public static double Add(double x, double y)
    {
        return x + y;
    }

    [Differentiable]
    public static double Sub(double x, double y)
    {
        return x - y;
    }

    [Differentiable]
    public static double Mul(double x, double y)
    {
        return x * y;
    }

    [Differentiable]
    public static double Div(double x, double y)
    {
        return x / y;
    }

    [Differentiable]
    public static double Negate(double x, double y)
    {
        return -x * y + -(x * x) - -y;
    }

    [Differentiable]
    public static double Square(double x) => x * x;

    [Differentiable]
    public static double Polynomial(double x, double y)
    {
        return 3.0 * x * x * y - 2.0 * y * y + x / y - 7.0;
    }

    [Differentiable]
    public static double SameVariableTwice(double x)
    {
        return x * x * x - x / x + x;
    }

    [Differentiable]
    public static double CompoundAssignment(double x, double y)
    {
        double a = x;
        a += y;
        a *= x;
        a -= 2.0 * y;
        a /= 1.0 + y * y;
        a += a;
        return a;
    }

    [Differentiable]
    public static double Reassignment(double x, double y)
    {
        double t = x * x;
        t = t * y;
        t = t + x;
        t = t * t;
        double u = t;
        t = y;
        return u * t;
    }

    [Differentiable]
    public static double VarLocals(double x, double y)
    {
        var a = x * y;
        var b = a + x;
        var c = b * a;
        var d = c - b / y;
        return d;
    }

    [Differentiable]
    public static double ConstantsAndFields(double x)
    {
        const double k = 3.0;
        return k * x * x + Half * x + Root2 * x + Root2 + k + 1.5;
    }

    [Differentiable]
    public static double IntLiterals(double x)
    {
        return 2 * x * x + x / 4 - 1;
    }

    [Differentiable]
    public static double Parenthesised(double x, double y, double z)
    {
        return (x + y) * (y - z) / ((x * z) + 1.0);
    }

    [Differentiable]
    public static double ManyParams(double a, double b, double c, double d, double e)
    {
        return a * b + c * d - e * a + b / (c * c + 1.0);
    }

    [Differentiable]
    public static double UnusedParam(double x, double y)
    {
        return x * x;
    }
}

public class ArithmeticTests
{
    private static readonly double[][] Points2 =
    {
        new[] { 0.7, 1.3 },
        new[] { -1.25, 0.4 },
        new[] { 2.5, -3.1 },
        new[] { 0.1, 0.9 },
    };

    private delegate double Grad2(double x, double y, ref double dX, ref double dY);

    private static void Check2(Func<double, double, double> f, Grad2 g, string name)
    {
        foreach (var p in Points2)
        {
            double dX = 0, dY = 0;
            double v = g(p[0], p[1], ref dX, ref dY);
            Grad.SameValue(f(p[0], p[1]), v, name);
            Grad.Check(q => f(q[0], q[1]), p, new[] { dX, dY }, name);
        }
    }

    [Fact] public void Add() => Check2(ArithmeticFns.Add, ArithmeticFns.AddGradient, nameof(ArithmeticFns.Add));
    [Fact] public void Sub() => Check2(ArithmeticFns.Sub, ArithmeticFns.SubGradient, nameof(ArithmeticFns.Sub));
    [Fact] public void Mul() => Check2(ArithmeticFns.Mul, ArithmeticFns.MulGradient, nameof(ArithmeticFns.Mul));
    [Fact] public void Div() => Check2(ArithmeticFns.Div, ArithmeticFns.DivGradient, nameof(ArithmeticFns.Div));
    [Fact] public void Negate() => Check2(ArithmeticFns.Negate, ArithmeticFns.NegateGradient, nameof(ArithmeticFns.Negate));
    [Fact] public void Polynomial() => Check2(ArithmeticFns.Polynomial, ArithmeticFns.PolynomialGradient, nameof(ArithmeticFns.Polynomial));
    [Fact] public void CompoundAssignment() => Check2(ArithmeticFns.CompoundAssignment, ArithmeticFns.CompoundAssignmentGradient, nameof(ArithmeticFns.CompoundAssignment));
    [Fact] public void Reassignment() => Check2(ArithmeticFns.Reassignment, ArithmeticFns.ReassignmentGradient, nameof(ArithmeticFns.Reassignment));
    [Fact] public void VarLocals() => Check2(ArithmeticFns.VarLocals, ArithmeticFns.VarLocalsGradient, nameof(ArithmeticFns.VarLocals));

    [Fact]
    public void UnusedParamGetsZero()
    {
        double dX = 0, dY = 0;
        double v = ArithmeticFns.UnusedParamGradient(1.5, 2.0, ref dX, ref dY);
        Grad.SameValue(ArithmeticFns.UnusedParam(1.5, 2.0), v, "UnusedParam");
        Assert.Equal(3.0, dX, 12);
        Assert.Equal(0.0, dY);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-2.0)]
    [InlineData(4.5)]
    public void SingleParamMethods(double x)
    {
        double d = 0;
        Grad.SameValue(ArithmeticFns.Square(x), ArithmeticFns.SquareGradient(x, ref d), "Square");
        Grad.Check(p => ArithmeticFns.Square(p[0]), new[] { x }, new[] { d }, "Square");

        d = 0;
        Grad.SameValue(ArithmeticFns.SameVariableTwice(x), ArithmeticFns.SameVariableTwiceGradient(x, ref d), "SameVariableTwice");
        Grad.Check(p => ArithmeticFns.SameVariableTwice(p[0]), new[] { x }, new[] { d }, "SameVariableTwice");

        d = 0;
        Grad.SameValue(ArithmeticFns.ConstantsAndFields(x), ArithmeticFns.ConstantsAndFieldsGradient(x, ref d), "ConstantsAndFields");
        Grad.Check(p => ArithmeticFns.ConstantsAndFields(p[0]), new[] { x }, new[] { d }, "ConstantsAndFields");

        d = 0;
        Grad.SameValue(ArithmeticFns.IntLiterals(x), ArithmeticFns.IntLiteralsGradient(x, ref d), "IntLiterals");
        Grad.Check(p => ArithmeticFns.IntLiterals(p[0]), new[] { x }, new[] { d }, "IntLiterals");
    }

    [Fact]
    public void Parenthesised()
    {
        var r = new System.Random(11);
        for (int k = 0; k < 8; k++)
        {
            double x = Pts.Uniform(r, 0.1, 2), y = Pts.Uniform(r, -2, 2), z = Pts.Uniform(r, 0.1, 2);
            double dX = 0, dY = 0, dZ = 0;
            double v = ArithmeticFns.ParenthesisedGradient(x, y, z, ref dX, ref dY, ref dZ);
            Grad.SameValue(ArithmeticFns.Parenthesised(x, y, z), v, "Parenthesised");
            Grad.Check(p => ArithmeticFns.Parenthesised(p[0], p[1], p[2]), new[] { x, y, z }, new[] { dX, dY, dZ }, "Parenthesised");
        }
    }

    [Fact]
    public void ManyParams()
    {
        var r = new System.Random(12);
        for (int k = 0; k < 8; k++)
        {
            double[] p = Pts.Vector(r, 5, -2, 2);
            double da = 0, db = 0, dc = 0, dd = 0, de = 0;
            double v = ArithmeticFns.ManyParamsGradient(p[0], p[1], p[2], p[3], p[4], ref da, ref db, ref dc, ref dd, ref de);
            Grad.SameValue(ArithmeticFns.ManyParams(p[0], p[1], p[2], p[3], p[4]), v, "ManyParams");
            Grad.Check(q => ArithmeticFns.ManyParams(q[0], q[1], q[2], q[3], q[4]), p, new[] { da, db, dc, dd, de }, "ManyParams");
        }
    }
}
