using Diff;

namespace Diff.Gradients.Tests;

public enum Shape
{
    Line,
    Square,
    Cube,
}

public static partial class SwitchFns
{
    [Differentiable]
    public static double ByCase(double x, int k)
    {
        double r = x;
        switch (k)
        {
            case 0:
                r = x * x;
                break;
            case 1:
            case 2:
                r = Math.Sin(x) * k;
                break;
            case > 5 and < 9:
                r = Math.Exp(x) / k;
                break;
            default:
                r = -x;
                break;
        }

        return r * x;
    }

    // default first, a section ending in return, a section block, and a switch inside a loop whose break
    // belongs to the switch while continue belongs to the loop.
    [Differentiable]
    public static double InLoop(double[] a, double x)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            switch (i % 4)
            {
                default:
                    s += a[i] * x;
                    break;
                case 0:
                {
                    s += a[i] * a[i];
                    break;
                }

                case 1:
                    if (a[i] > 0)
                    {
                        continue;
                    }

                    s -= a[i] * x * x;
                    break;
                case 3:
                    if (s > 100)
                    {
                        return s * x;
                    }

                    s *= 1.0 + 0.1 * a[i];
                    break;
            }
        }

        return s;
    }

    // Evaluated once: the governing value has an effect.
    [Differentiable]
    public static double GoverningValueWithEffect(double x, int k)
    {
        double r = 0;
        switch (k++)
        {
            case 1:
                r = x * k;
                break;
            default:
                r = x + k;
                break;
        }

        return r * x;
    }

    [Differentiable]
    public static double OnEnum(double x, Shape shape)
    {
        switch (shape)
        {
            case Shape.Line:
                return x;
            case Shape.Square:
                return x * x;
            default:
                return x * x * x;
        }
    }

    [Differentiable]
    public static double Expression(double x, double y) => x switch
    {
        < -1 => -x * y,
        >= -1 and < 0 => x * x * y,
        0 => y,
        _ when y > 2 => Math.Sin(x) * y,
        _ => x * Math.Exp(y),
    };

    [Differentiable]
    public static float FloatExpression(float x, int k) => k switch
    {
        0 => x,
        1 or 2 => x * x,
        _ => MathF.Sqrt(x * x + 1f),
    };
}

public sealed class Switches
{
    [Fact]
    public void Switch_statement_with_case_lists_patterns_and_default()
    {
        foreach (int k in new[] { 0, 1, 2, 3, 6, 9 })
        {
            foreach (double x in new[] { -0.7, 0.4, 1.3 })
            {
                double dX = 0;
                double value = SwitchFns.ByCaseGradient(x, k, ref dX);
                Grad.SameValue(SwitchFns.ByCase(x, k), value, "ByCase");
                Grad.Check(q => SwitchFns.ByCase(q[0], k), new[] { x }, new[] { dX }, $"ByCase({x}, {k})");
            }
        }
    }

    [Fact]
    public void Switch_in_a_loop_with_continue_return_and_default_first()
    {
        foreach (double x in new[] { 0.5, 1.7, 9.0 })
        {
            var a = new[] { 0.3, -0.8, 1.1, 2.5, -0.4, 0.9, 3.0, 1.2 };
            var dA = new double[a.Length];
            double dX = 0;
            double value = SwitchFns.InLoopGradient(a, x, dA, ref dX);
            Grad.SameValue(SwitchFns.InLoop(a, x), value, "InLoop");
            Grad.Check(p => SwitchFns.InLoop(Fd.Slice(p, 0, a.Length), p[a.Length]), Fd.Pack(a, x), Fd.Pack(dA, dX), $"InLoop(x = {x})");
        }
    }

    [Fact]
    public void Switch_evaluates_its_value_once()
    {
        foreach (int k in new[] { 0, 1, 4 })
        {
            double dX = 0;
            double value = SwitchFns.GoverningValueWithEffectGradient(0.8, k, ref dX);
            Grad.SameValue(SwitchFns.GoverningValueWithEffect(0.8, k), value, "GoverningValueWithEffect");
            Grad.Check(q => SwitchFns.GoverningValueWithEffect(q[0], k), new[] { 0.8 }, new[] { dX }, $"GoverningValueWithEffect(k = {k})");
        }
    }

    [Fact]
    public void Switch_on_an_enum_with_returns()
    {
        foreach (Shape shape in new[] { Shape.Line, Shape.Square, Shape.Cube })
        {
            double dX = 0;
            double value = SwitchFns.OnEnumGradient(1.3, shape, ref dX);
            Grad.SameValue(SwitchFns.OnEnum(1.3, shape), value, "OnEnum");
            Grad.Check(q => SwitchFns.OnEnum(q[0], shape), new[] { 1.3 }, new[] { dX }, $"OnEnum({shape})");
        }
    }

    [Fact]
    public void Switch_expression_arms_in_order_with_when_clauses()
    {
        foreach (var (x, y) in new[] { (-1.5, 0.7), (-0.5, 0.7), (0.0, 0.7), (0.6, 2.5), (0.6, 1.5) })
        {
            double dX = 0, dY = 0;
            double value = SwitchFns.ExpressionGradient(x, y, ref dX, ref dY);
            Grad.SameValue(SwitchFns.Expression(x, y), value, "Expression");
            if (x != 0.0)
            {
                Grad.Check(q => SwitchFns.Expression(q[0], q[1]), new[] { x, y }, new[] { dX, dY }, $"Expression({x}, {y})");
            }
            else
            {
                // At the arm `0 => y` the value is y alone: the derivative is the arm's.
                Assert.Equal(0.0, dX);
                Assert.Equal(1.0, dY);
            }
        }
    }

    [Fact]
    public void Float_switch_expression()
    {
        foreach (int k in new[] { 0, 2, 5 })
        {
            float dX = 0;
            float value = SwitchFns.FloatExpressionGradient(0.6f, k, ref dX);
            Assert.Equal(SwitchFns.FloatExpression(0.6f, k), value);
            double expected = k switch { 0 => 1.0, 2 => 1.2, _ => 0.6 / Math.Sqrt(0.36 + 1.0) };
            Assert.Equal(expected, dX, 5);
        }
    }
}
