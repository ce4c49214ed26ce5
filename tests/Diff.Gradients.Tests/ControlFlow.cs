using Diff;

namespace Diff.Gradients.Tests;

public static partial class ControlFlowFns
{
    [Differentiable]
    public static double IfElse(double x, double y)
    {
        double r;
        if (x > y)
        {
            r = x * y;
        }
        else
        {
            r = x + y * y;
        }
        return r * x;
    }

    [Differentiable]
    public static double IfWithoutElse(double x, double y)
    {
        double r = x;
        if (x > 0.0)
        {
            r = r * 3.0 + y;
        }
        return r * x;
    }

    [Differentiable]
    public static double ElseIfChain(double x, double y)
    {
        double r = 0.0;
        if (x < -1.0)
            r = -x * y;
        else if (x < 0.0)
            r = x * x * y;
        else if (x < 1.0)
            r = Math.Sin(x) + y;
        else
            r = x * Math.Exp(y);
        return r + x;
    }

    [Differentiable]
    public static double Ternary(double x, double y)
    {
        return x > 1.0 ? x * x * y : Math.Sin(x) - y;
    }

    [Differentiable]
    public static double TernaryInsideExpression(double x, double y)
    {
        double t = (x > 0.0 ? x : 2.0 * x) * y;
        return t + (y < 0.5 ? y * y : 1.0);
    }

    [Differentiable]
    public static double AndOr(double x, double y)
    {
        if (x > 0.0 && y > 0.0)
        {
            return x * y;
        }
        if (x < -1.0 || y < -1.0)
        {
            return x - y * x;
        }
        return x + y;
    }

    [Differentiable]
    public static double NotAndComparison(double x, double y)
    {
        bool big = x * y > 1.0;
        if (!big && x != y)
        {
            return x * x;
        }
        return y * y * x;
    }

    [Differentiable]
    public static double EarlyReturn(double x, double y)
    {
        if (x < 0.0)
        {
            return -x * y;
        }
        double t = x * x;
        if (t > 4.0)
        {
            return t * y;
        }
        t = t + y;
        return t * t;
    }

    [Differentiable]
    public static double NestedIf(double x, double y)
    {
        double r = x;
        if (x > 0.0)
        {
            if (y > 0.0)
            {
                r = r * y;
            }
            else
            {
                r = r - y;
                if (x > 1.0)
                {
                    return r * r;
                }
            }
            r = r * x;
        }
        return r + y;
    }
}

public class ControlFlowTests
{
    private delegate double Grad2(double x, double y, ref double dX, ref double dY);

    /// <summary>Points chosen away from every branch boundary of the methods below.</summary>
    private static readonly (double X, double Y)[] Points =
    {
        (0.6, 0.3), (0.3, 0.6), (1.7, 0.4), (2.5, -0.7), (-0.4, 0.8), (-1.6, 0.25),
        (-0.5, -1.8), (0.45, -0.3), (3.1, 2.2), (1.3, 1.45), (-2.3, -2.7), (0.8, 1.9),
    };

    private static void Check2(Func<double, double, double> f, Grad2 g, string name)
    {
        foreach (var (x, y) in Points)
        {
            double dX = 0, dY = 0;
            double v = g(x, y, ref dX, ref dY);
            Grad.SameValue(f(x, y), v, name);
            Grad.Check(q => f(q[0], q[1]), new[] { x, y }, new[] { dX, dY }, $"{name}({x}, {y})");
        }
    }

    [Fact] public void IfElse() => Check2(ControlFlowFns.IfElse, ControlFlowFns.IfElseGradient, "IfElse");
    [Fact] public void IfWithoutElse() => Check2(ControlFlowFns.IfWithoutElse, ControlFlowFns.IfWithoutElseGradient, "IfWithoutElse");
    [Fact] public void ElseIfChain() => Check2(ControlFlowFns.ElseIfChain, ControlFlowFns.ElseIfChainGradient, "ElseIfChain");
    [Fact] public void Ternary() => Check2(ControlFlowFns.Ternary, ControlFlowFns.TernaryGradient, "Ternary");
    [Fact] public void TernaryInsideExpression() => Check2(ControlFlowFns.TernaryInsideExpression, ControlFlowFns.TernaryInsideExpressionGradient, "TernaryInsideExpression");
    [Fact] public void AndOr() => Check2(ControlFlowFns.AndOr, ControlFlowFns.AndOrGradient, "AndOr");
    [Fact] public void NotAndComparison() => Check2(ControlFlowFns.NotAndComparison, ControlFlowFns.NotAndComparisonGradient, "NotAndComparison");
    [Fact] public void EarlyReturn() => Check2(ControlFlowFns.EarlyReturn, ControlFlowFns.EarlyReturnGradient, "EarlyReturn");
    [Fact] public void NestedIf() => Check2(ControlFlowFns.NestedIf, ControlFlowFns.NestedIfGradient, "NestedIf");
}
