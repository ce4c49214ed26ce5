using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>The argument checks of the exception types, as .NET code writes them before it computes.</summary>
public static partial class ArgumentGuardFns
{
    /// <summary>A rate and a buffer checked, then used.</summary>
    [Differentiable]
    public static double Decay(double[] x, double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(x[0], 10.0);
        ArgumentNullException.ThrowIfNull(x);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Exp(-rate * i) * x[i] * x[i];
        }

        return s;
    }
}

public sealed class ArgumentGuardTests
{
    [Fact]
    public void Guards_pass_values_through_and_throw_where_the_method_throws()
    {
        BufferCopyTests.CheckScalar(p => ArgumentGuardFns.Decay(p[..4], p[4] * p[4] + 0.1),
            (p, d) =>
            {
                var dX = new double[4];
                double dRate = 0;
                double value = ArgumentGuardFns.DecayGradient(p[..4], p[4] * p[4] + 0.1, dX, ref dRate);
                dX.CopyTo(d, 0);
                d[4] = dRate * 2 * p[4];
                return value;
            },
            (p, v, j) => { ArgumentGuardFns.DecayTangent(p[..4], p[4] * p[4] + 0.1, v[..4], 2 * p[4] * v[4], out j[0]); }, 5, "Decay");

        double unused = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => ArgumentGuardFns.DecayGradient(new[] { 1.0, 2.0 }, 0.0, new double[2], ref unused));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArgumentGuardFns.DecayGradient(new[] { 11.0, 2.0 }, 0.5, new double[2], ref unused));
    }
}

/// <summary>A readonly struct of settings passed <c>in</c>, as .NET code passes configuration.</summary>
public readonly record struct LossSettings(double Scale, int Steps, double Floor);

/// <summary>Methods taking their settings <c>in</c>: a value, a helper given them on, and a writer with a Jacobian.</summary>
public static partial class InSettingsFns
{
    [Differentiable]
    public static double Loss(double[] x, in LossSettings settings, double w)
    {
        double s = 0;
        for (int k = 0; k < settings.Steps; k++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                s += Math.Max(settings.Floor, x[i] * w * settings.Scale) * x[i];
            }
        }

        return s + Squares(x, settings) + Squares(x, in settings);
    }

    [Differentiable]
    public static double Squares(double[] x, in LossSettings settings)
    {
        double t = 0;
        for (int i = 0; i < x.Length; i++)
        {
            t += x[i] * x[i] * settings.Scale;
        }

        return t;
    }

    [Differentiable]
    public static void Features(double[] x, in LossSettings settings, double[] y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Math.Sin(x[i % x.Length] * settings.Scale) + x[0] * x[1];
        }
    }
}

/// <summary>Scalars passed <c>in</c>, as performance-minded .NET code passes them: only read, so they differentiate as values.</summary>
public static partial class InScalarFns
{
    [Differentiable]
    public static double Damped(in double x, double y, in int n)
    {
        double s = 0;
        for (int k = 1; k <= n; k++)
        {
            s += Math.Exp(-k * x) * y * y;
        }

        return s + Math.Cos(x * y);
    }

    /// <summary>Calls it with and without the <c>in</c> keyword.</summary>
    [Differentiable]
    public static double Caller(double a, double b) => Damped(a, b, 2) * a + Damped(in b, a * b, 3);

    [Differentiable]
    public static float Single(in float x) => x * x * MathF.Sin(x);
}

public sealed class InSettingsTests
{
    [Fact]
    public void Scalars_passed_in_differentiate_as_values()
    {
        BufferCopyTests.CheckScalar(p => InScalarFns.Damped(p[0], p[1], 3),
            (p, d) => InScalarFns.DampedGradient(p[0], p[1], 3, ref d[0], ref d[1]),
            (p, v, j) => { InScalarFns.DampedTangent(p[0], p[1], 3, v[0], v[1], out j[0]); }, 2, "Damped");
        BufferCopyTests.CheckScalar(p => InScalarFns.Caller(p[0], p[1]),
            (p, d) => InScalarFns.CallerGradient(p[0], p[1], ref d[0], ref d[1]),
            (p, v, j) => { InScalarFns.CallerTangent(p[0], p[1], v[0], v[1], out j[0]); }, 2, "Caller");

        double[] at = { 0.4, -0.9 };
        double[] direction = { 0.3, 0.8 };
        double gA = 0, gB = 0, hA = 0, hB = 0;
        InScalarFns.CallerHessianVector(at[0], at[1], direction[0], direction[1], ref gA, ref gB, ref hA, ref hB);
        Grad.CheckHessianVector(q => { double a = 0, b = 0; InScalarFns.CallerGradient(q[0], q[1], ref a, ref b); return new[] { a, b }; }, at, direction, new[] { hA, hB }, "Caller H·v");

        float dX = 0;
        float value = InScalarFns.SingleGradient(0.6f, ref dX);
        Assert.Equal(0.36f * MathF.Sin(0.6f), value, 6);
        Assert.Equal(2 * 0.6f * MathF.Sin(0.6f) + 0.36f * MathF.Cos(0.6f), dX, 5);
    }

    private static readonly LossSettings Settings = new(1.5, 2, -5.0);

    [Fact]
    public void A_value_method_and_its_helper_take_their_settings_in() =>
        BufferCopyTests.CheckScalar(p => InSettingsFns.Loss(p[..3], Settings, p[3]),
            (p, d) =>
            {
                var dX = new double[3];
                double dW = 0;
                double value = InSettingsFns.LossGradient(p[..3], Settings, p[3], dX, ref dW);
                dX.CopyTo(d, 0);
                d[3] = dW;
                return value;
            },
            (p, v, j) => { InSettingsFns.LossTangent(p[..3], Settings, p[3], v[..3], v[3], out j[0]); }, 4, "Loss");

    [Fact]
    public void A_writer_taking_its_settings_in_has_its_Jacobian()
    {
        double[] x = { 0.3, 0.7, -0.2 };
        var jacobian = new double[4 * 3];
        InSettingsFns.FeaturesJacobian(x, Settings, new double[4], jacobian);
        for (int j = 0; j < 3; j++)
        {
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[j] += 1e-6;
            minus[j] -= 1e-6;
            var yPlus = new double[4];
            var yMinus = new double[4];
            InSettingsFns.Features(plus, Settings, yPlus);
            InSettingsFns.Features(minus, Settings, yMinus);
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal((yPlus[i] - yMinus[i]) / 2e-6, jacobian[i * 3 + j], 6);
            }
        }
    }
}

/// <summary>A static table of tuples iterated with <c>foreach</c>: its elements are constants, like the field.</summary>
public static partial class ConstantTableFns
{
    private static readonly (double Lo, double Hi, double Weight)[] Bands = { (0, 1, 2.0), (1, 2, 3.0), (2, 5, 0.5) };

    [Differentiable]
    public static double Banded(double x)
    {
        double s = 0;
        foreach (var band in Bands)
        {
            if (x >= band.Lo && x < band.Hi)
            {
                s += band.Weight * x * x;
            }
        }

        return s;
    }
}

public sealed class ConstantTableTests
{
    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(1.5, 3.0)]
    [InlineData(3.0, 0.5)]
    public void The_elements_of_a_static_table_are_constants(double x, double weight)
    {
        double dX = 0;
        double value = ConstantTableFns.BandedGradient(x, ref dX);
        Assert.Equal(weight * x * x, value, 12);
        Assert.Equal(2 * weight * x, dX, 12);
    }
}

/// <summary>
/// Values with an effect of their own in a float or double expression (a counter's increment, a call that bumps the
/// buffer it is given): computed once, before the statement, as the method computes them once.
/// </summary>
public static partial class EffectValueFns
{
    private static int Next(int[] counter) => ++counter[0];

    [Differentiable]
    public static double Incremented(double[] x)
    {
        int k = 1;
        double s = k++ * x[0];
        return s * x[1] * k;
    }

    [Differentiable]
    public static double CountedInLoop(double[] x)
    {
        int k = 0;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i] * k++;
        }

        return s + k;
    }

    [Differentiable]
    public static double CompoundInArgument(double[] x)
    {
        int k = 1;
        double s = Math.Sin(x[0] * (k += 2));
        return s * x[1] * k;
    }

    /// <summary>How often <see cref="Tick"/> has run: a static method with state of its own.</summary>
    public static int Ticks { get; private set; }

    private static double Tick()
    {
        Ticks++;
        return 1.5;
    }

    [Differentiable]
    public static double TickedOnce(double[] x)
    {
        double s = x[0] * x[1] * Tick();
        return s;
    }

    [Differentiable]
    public static double CallThatBumps(double[] x)
    {
        int[] c = { 1 };
        double s = x[0] * Next(c);
        return s * x[1] * c[0];
    }
}

public sealed class EffectValueTests
{
    [Fact]
    public void Each_effect_runs_once()
    {
        var methods = new (Func<double[], double> F, Func<double[], double[], double> Gradient, Action<double[], double[], double[]> Tangent, string Name)[]
        {
            (EffectValueFns.Incremented, EffectValueFns.IncrementedGradient, (x, v, j) => { EffectValueFns.IncrementedTangent(x, v, out j[0]); }, "Incremented"),
            (EffectValueFns.CountedInLoop, EffectValueFns.CountedInLoopGradient, (x, v, j) => { EffectValueFns.CountedInLoopTangent(x, v, out j[0]); }, "CountedInLoop"),
            (EffectValueFns.CompoundInArgument, EffectValueFns.CompoundInArgumentGradient, (x, v, j) => { EffectValueFns.CompoundInArgumentTangent(x, v, out j[0]); }, "CompoundInArgument"),
            (EffectValueFns.CallThatBumps, EffectValueFns.CallThatBumpsGradient, (x, v, j) => { EffectValueFns.CallThatBumpsTangent(x, v, out j[0]); }, "CallThatBumps"),
        };
        foreach (var method in methods)
        {
            BufferCopyTests.CheckScalar(method.F, method.Gradient, method.Tangent, 3, method.Name);
        }
    }

    [Fact]
    public void A_static_method_with_state_runs_as_often_as_in_the_method()
    {
        double[] x = { 0.3, 0.7, -0.2 };
        int before = EffectValueFns.Ticks;
        EffectValueFns.TickedOnce(x);
        Assert.Equal(1, EffectValueFns.Ticks - before);

        before = EffectValueFns.Ticks;
        var dX = new double[3];
        EffectValueFns.TickedOnceGradient(x, dX);
        Assert.Equal(1, EffectValueFns.Ticks - before);
        Assert.Equal(0.7 * 1.5, dX[0], 12);

        before = EffectValueFns.Ticks;
        EffectValueFns.TickedOnceTangent(x, new[] { 1.0, 0, 0 }, out double tangent);
        Assert.Equal(1, EffectValueFns.Ticks - before);
        Assert.Equal(0.7 * 1.5, tangent, 12);

        before = EffectValueFns.Ticks;
        EffectValueFns.TickedOnceHessianVector(x, new[] { 1.0, 0, 0 }, new double[3], new double[3]);
        Assert.Equal(1, EffectValueFns.Ticks - before);
    }
}

/// <summary>A counter whose draws change its state.</summary>
public sealed class DrawCounter
{
    /// <summary>How many draws were taken.</summary>
    public int Draws { get; private set; }

    /// <summary>The next draw: 0.5 times its number.</summary>
    public double Next()
    {
        Draws++;
        return 0.5 * Draws;
    }
}

/// <summary>A helper that draws from an object and takes a buffer, called by a method that differentiates it through its halves.</summary>
public static partial class DrawingHelperFns
{
    [Differentiable]
    public static double Scaled(double[] a, [NoDiff] DrawCounter counter) => a[0] * counter.Next();

    [Differentiable]
    public static double Caller(double[] x, [NoDiff] DrawCounter counter) => Scaled(x, counter) * x[1];

    /// <summary>A draw, then the counter's state read after it in the same statement, as C# orders them.</summary>
    [Differentiable]
    public static double ReadAfterTheDraw(double[] x, [NoDiff] DrawCounter counter)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Sin(x[i] * counter.Next()) * counter.Draws;
        }

        return s;
    }
}

public sealed class DrawingHelperTests
{
    [Fact]
    public void A_helpers_draw_is_taken_once_by_its_caller()
    {
        double[] x = { 0.6, 0.9 };
        var counter = new DrawCounter();
        var dX = new double[2];
        double value = DrawingHelperFns.CallerGradient(x, counter, dX);
        Assert.Equal(1, counter.Draws);
        Assert.Equal(0.6 * 0.5 * 0.9, value, 12);
        Assert.Equal(0.5 * 0.9, dX[0], 12);
        Assert.Equal(0.6 * 0.5, dX[1], 12);
    }

    [Fact]
    public void State_read_after_a_draw_in_the_same_statement()
    {
        BufferCopyTests.CheckScalar(x => DrawingHelperFns.ReadAfterTheDraw(x, new DrawCounter()), (x, d) => DrawingHelperFns.ReadAfterTheDrawGradient(x, new DrawCounter(), d),
            (x, v, j) => { DrawingHelperFns.ReadAfterTheDrawTangent(x, new DrawCounter(), v, out j[0]); }, 3, "ReadAfterTheDraw");
    }
}

/// <summary>A plain static helper (no derivative) given only constants: a constant of the differentiation.</summary>
public static partial class ConstantHelperFns
{
    private static double Kernel(double d) => Math.Exp(-d * d);

    [Differentiable]
    public static double Weighted(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i] * Kernel(0.5 * i);
        }

        return s;
    }
}

public sealed class ConstantHelperTests
{
    [Fact]
    public void A_helper_given_only_constants_has_no_tangent_and_the_method_has_one() =>
        BufferCopyTests.CheckScalar(ConstantHelperFns.Weighted, ConstantHelperFns.WeightedGradient,
            (x, v, j) => { ConstantHelperFns.WeightedTangent(x, v, out j[0]); }, 4, "Weighted");

    [Fact]
    public void A_helper_given_only_constants_leaves_the_hessian_vector_product_available()
    {
        double[] x = { 0.4, -1.2, 0.9, 2.0 };
        double[] v = { 1.0, 0.5, -2.0, 0.25 };
        var gradient = new double[4];
        var product = new double[4];
        ConstantHelperFns.WeightedHessianVector(x, v, gradient, product);
        // The Hessian of Σ xᵢ² e^(−(i/2)²) is diagonal.
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(2 * Math.Exp(-0.25 * i * i) * v[i], product[i], 12);
            Assert.Equal(2 * x[i] * Math.Exp(-0.25 * i * i), gradient[i], 12);
        }
    }
}
