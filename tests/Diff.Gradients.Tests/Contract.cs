using System.Linq;
using System.Reflection;
using Diff;

namespace Diff.Gradients.Tests;

public static partial class ContractFns
{
    // Writes only a [NoDiff] buffer: it still gets its Pullbacks, which a caller that uses its value differentiates through.
    [Differentiable]
    public static double SquareAndTrace([NoDiff] double[] trace, double x)
    {
        trace[0] += 1;
        return x * x;
    }

    [Differentiable]
    public static double CallsSquareAndTrace(double x, [NoDiff] double[] trace) => SquareAndTrace(trace, x) * 3;

    // The callee writes a [NoDiff] buffer and reads it back in its result.
    [Differentiable]
    public static double AccumulateInto([NoDiff] double[] t, double x)
    {
        t[0] += 1;
        return t[0] * x * x;
    }

    [Differentiable]
    public static double CallsAccumulateInto(double x, [NoDiff] double[] t) => AccumulateInto(t, x) * 3;

    [Differentiable]
    public static double ScaleFirstInPlace(double[] a)
    {
        a[0] *= 2;
        return a[0] + a[1];
    }

    [Differentiable]
    public static double OverwriteParameterElement(double[] a, double x)
    {
        a[0] = x;
        return a[0] * a[1];
    }

    /// <summary>The example from the API contract.</summary>
    [Differentiable]
    public static double F(double x, double[] y, int n, [NoDiff] double c)
    {
        double s = c * x;
        for (int i = 0; i < n; i++)
        {
            s += y[i] * y[i] * x;
        }
        return s;
    }

    [Differentiable]
    public static double SpanAndFloat(ReadOnlySpan<double> values, float scale, Span<double> weights)
    {
        double s = 0.0;
        for (int i = 0; i < values.Length; i++)
        {
            s += values[i] * weights[i] * scale;
        }
        return s;
    }

    [Differentiable]
    public static float FloatArray(float[] a, float x)
    {
        float s = 0.0f;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i] * x;
        }
        return s;
    }
}

public class ContractTests
{
    [Fact]
    public void ContractExampleGradient()
    {
        double[] y = { 0.5, -1.5, 2.0, 9.0 };
        double[] dY = new double[4];
        double dX = 0;
        double v = ContractFns.FGradient(1.25, y, 3, 0.75, ref dX, dY);
        Grad.SameValue(ContractFns.F(1.25, y, 3, 0.75), v, "F");
        Grad.Check(p => ContractFns.F(p[0], Fd.Slice(p, 1, 4), 3, 0.75), Fd.Pack(1.25, y), Fd.Pack(dX, dY), "F");
        Assert.Equal(0.0, dY[3]);
    }

    [Fact]
    public void AdjointOfWrongLengthIsRefusedBeforeAnythingChanges()
    {
        double[] y = { 0.5, -1.5, 2.0, 9.0 };
        double[] dY = { 7.0, 7.0, 7.0 };
        double dX = 0;
        var error = Assert.Throws<ArgumentException>(() => ContractFns.FGradient(1.25, y, 3, 0.75, ref dX, dY));
        Assert.Equal("dY", error.ParamName);
        Assert.Contains("length 3", error.Message);
        Assert.Contains("length 4", error.Message);
        Assert.Equal(0.0, dX);
        Assert.Equal(new[] { 7.0, 7.0, 7.0 }, dY);

        var weights = new double[2];
        var spanError = Assert.Throws<ArgumentException>(() =>
        {
            float dScale = 0;
            ContractFns.SpanAndFloatGradient(new double[] { 1, 2 }, 1f, weights, new double[1], ref dScale, new double[2]);
        });
        Assert.Equal("dValues", spanError.ParamName);
    }

    [Fact]
    public void ContractExampleSignature()
    {
        var m = typeof(ContractFns).GetMethod("FGradient", BindingFlags.Public | BindingFlags.Static);
        Assert.NotNull(m);
        Assert.Equal(typeof(double), m!.ReturnType);
        var ps = m.GetParameters();
        Assert.Equal(new[] { "x", "y", "n", "c", "dX", "dY" }, ps.Select(p => p.Name).ToArray());
        Assert.Equal(new[] { typeof(double), typeof(double[]), typeof(int), typeof(double), typeof(double).MakeByRefType(), typeof(double[]) },
            ps.Select(p => p.ParameterType).ToArray());
        Assert.False(ps[4].IsOut);
    }

    [Fact]
    public void SpanAndFloatSignature()
    {
        var m = typeof(ContractFns).GetMethod("SpanAndFloatGradient", BindingFlags.Public | BindingFlags.Static);
        Assert.NotNull(m);
        var ps = m!.GetParameters();
        Assert.Equal(new[] { "values", "scale", "weights", "dValues", "dScale", "dWeights" }, ps.Select(p => p.Name).ToArray());
        Assert.Equal(new[]
        {
            typeof(ReadOnlySpan<double>), typeof(float), typeof(Span<double>),
            typeof(Span<double>), typeof(float).MakeByRefType(), typeof(Span<double>),
        }, ps.Select(p => p.ParameterType).ToArray());
    }

    [Fact]
    public void InstanceGradientIsInstanceMethod()
    {
        var m = typeof(Spring).GetMethod("EnergyGradient", BindingFlags.Public | BindingFlags.Instance);
        Assert.NotNull(m);
        Assert.Equal(new[] { "x", "dX" }, m!.GetParameters().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void PullbackSignature()
    {
        var m = typeof(ArrayFns).GetMethod("ScaleSquaresPullback", BindingFlags.Public | BindingFlags.Static);
        Assert.NotNull(m);
        Assert.Equal(typeof(void), m!.ReturnType);
        var ps = m.GetParameters();
        Assert.Equal(new[] { "x", "s", "y", "dX", "dS", "dY" }, ps.Select(p => p.Name).ToArray());
        Assert.Equal(new[] { typeof(double[]), typeof(double), typeof(double[]), typeof(double[]), typeof(double).MakeByRefType(), typeof(double[]) },
            ps.Select(p => p.ParameterType).ToArray());
    }

    [Fact]
    public void SpanAndFloatGradient()
    {
        double[] values = { 0.5, -1.0, 2.0 }, weights = { 1.5, 0.25, -0.5 };
        double[] dValues = new double[3], dWeights = new double[3];
        float dScale = 0;
        double v = ContractFns.SpanAndFloatGradient(values, 1.5f, weights, dValues, ref dScale, dWeights);
        Grad.SameValue(ContractFns.SpanAndFloat(values, 1.5f, weights), v, "SpanAndFloat");
        Grad.Check(p => ContractFns.SpanAndFloat(Fd.Slice(p, 0, 3), 1.5f, Fd.Slice(p, 3, 3)),
            Fd.Pack(values, weights), Fd.Pack(dValues, dWeights), "SpanAndFloat (spans)");
        Grad.Close(values.Zip(weights, (a, b) => a * b).Sum(), dScale, 1e-6, 1e-6, "SpanAndFloat dScale");
    }

    // ----- adjoints accumulate -----

    [Fact]
    public void ScalarAdjointsAccumulate()
    {
        double dX1 = 0, dY1 = 0;
        ArithmeticFns.PolynomialGradient(0.7, 1.3, ref dX1, ref dY1);
        double dX2 = dX1, dY2 = dY1;
        ArithmeticFns.PolynomialGradient(0.7, 1.3, ref dX2, ref dY2);
        Assert.Equal(2 * dX1, dX2, 12);
        Assert.Equal(2 * dY1, dY2, 12);

        double dX3 = 100.0, dY3 = -5.0;
        ArithmeticFns.PolynomialGradient(0.7, 1.3, ref dX3, ref dY3);
        Assert.Equal(100.0 + dX1, dX3, 12);
        Assert.Equal(-5.0 + dY1, dY3, 12);
    }

    [Fact]
    public void ArrayAdjointsAccumulate()
    {
        double[] y = { 0.5, -1.5, 2.0 };
        double[] dY = new double[3];
        double dX = 0;
        ContractFns.FGradient(1.25, y, 3, 0.75, ref dX, dY);
        double[] once = (double[])dY.Clone();
        double dXOnce = dX;
        ContractFns.FGradient(1.25, y, 3, 0.75, ref dX, dY);
        Assert.Equal(2 * dXOnce, dX, 12);
        for (int i = 0; i < 3; i++) Assert.Equal(2 * once[i], dY[i], 12);
    }

    [Fact]
    public void LocalArrayAndLoopAdjointsAccumulate()
    {
        double[] a = { 0.2, -0.3, 0.4 };
        double[] dA = new double[3];
        double dX = 0;
        ArrayFns.InPlaceOverwriteGradient(a, 0.1, 5, dA, ref dX);
        double[] once = (double[])dA.Clone();
        double dXOnce = dX;
        ArrayFns.InPlaceOverwriteGradient(a, 0.1, 5, dA, ref dX);
        Assert.Equal(2 * dXOnce, dX, 12);
        for (int i = 0; i < 3; i++) Assert.Equal(2 * once[i], dA[i], 12);
    }

    [Fact]
    public void SpanAdjointsAccumulate()
    {
        double[] a = { 0.2, -0.3, 0.4 };
        double[] dA = new double[3];
        double dX = 0;
        ArrayFns.SpanReduceGradient(a, 0.6, dA, ref dX);
        double[] once = (double[])dA.Clone();
        double dXOnce = dX;
        ArrayFns.SpanReduceGradient(a, 0.6, dA, ref dX);
        Assert.Equal(2 * dXOnce, dX, 12);
        for (int i = 0; i < 3; i++) Assert.Equal(2 * once[i], dA[i], 12);
    }

    [Fact]
    public void FloatAdjointsAccumulate()
    {
        float[] a = { 0.5f, -1.5f, 2.0f };
        float[] dA = new float[3];
        float dX = 0;
        float v = ContractFns.FloatArrayGradient(a, 0.75f, dA, ref dX);
        Grad.SameValue(ContractFns.FloatArray(a, 0.75f), v, "FloatArray");
        float[] once = (float[])dA.Clone();
        float dXOnce = dX;
        ContractFns.FloatArrayGradient(a, 0.75f, dA, ref dX);
        Assert.Equal(2 * dXOnce, dX, 5);
        for (int i = 0; i < 3; i++) Assert.Equal(2 * once[i], dA[i], 5);
    }

    [Fact]
    public void CalleeAdjointsAccumulate()
    {
        double dX = 0, dY = 0, dZ = 0;
        CallFns.OuterGradient(0.3, -0.6, 0.9, ref dX, ref dY, ref dZ);
        double ex = dX, ey = dY, ez = dZ;
        CallFns.OuterGradient(0.3, -0.6, 0.9, ref dX, ref dY, ref dZ);
        Assert.Equal(2 * ex, dX, 12);
        Assert.Equal(2 * ey, dY, 12);
        Assert.Equal(2 * ez, dZ, 12);
    }

    [Fact]
    public void Gradient_of_a_method_that_writes_its_buffer_adds_the_result_gradient_to_the_adjoint()
    {
        // R = 2·a0 + a1: the Gradient adds (2, 1) to what dA holds, whatever it holds.
        double[] dA = { 10, 10 };
        double value = ContractFns.ScaleFirstInPlaceGradient(new[] { 0.5, 0.25 }, dA);
        Assert.Equal(1.25, value);
        Assert.Equal(new[] { 12.0, 11.0 }, dA);

        // R = x·a1, with a0 overwritten: dA gains (0, x) and dX gains a1.
        double[] dB = { 10, 10 };
        double dX = 10;
        ContractFns.OverwriteParameterElementGradient(new[] { 0.5, 0.25 }, 3, dB, ref dX);
        Assert.Equal(new[] { 10.0, 13.0 }, dB);
        Assert.Equal(10.25, dX);
    }

    [Fact]
    public void A_callee_that_writes_a_constant_buffer_and_reads_it_back_is_differentiated_on_its_initial_contents()
    {
        // t = {1}: the callee makes it 2 and returns 2x², so d/dx of 3 · 2x² at x = 2 is 24 (it was 36: the
        // reverse sweep ran the callee's pullback on the buffer as the forward sweep had left it).
        double dX = 0;
        var t = new[] { 1.0 };
        double value = ContractFns.CallsAccumulateIntoGradient(2, t, ref dX);
        Assert.Equal(ContractFns.CallsAccumulateInto(2, new[] { 1.0 }), value);
        Assert.Equal(24.0, dX, 12);
        Assert.Equal(2.0, t[0]);
        Grad.Check(p => ContractFns.CallsAccumulateInto(p[0], new[] { 1.0 }), new[] { 2.0 }, new[] { dX }, "CallsAccumulateInto");
    }

    [Fact]
    public void A_method_that_writes_only_a_constant_buffer_keeps_its_pullbacks()
    {
        double dX = 0;
        var trace = new double[1];
        Assert.Equal(12.0, ContractFns.CallsSquareAndTraceGradient(2, trace, ref dX));
        Assert.Equal(12.0, dX);
        Assert.Equal(1.0, trace[0]);
        double dY = 0;
        Assert.Equal(4.0, ContractFns.SquareAndTracePullback(trace, 2, 0.5, ref dY));
        Assert.Equal(2.0, dY);
    }

    [Fact]
    public void Pullback_of_a_method_that_writes_its_buffer_reads_the_gradient_of_its_final_values()
    {
        // The final values are (2·a0, a1); with their gradients (10, 10) and the result's 1, the initial
        // values get (2·11, 11).
        double[] dA = { 10, 10 };
        ContractFns.ScaleFirstInPlacePullback(new[] { 0.5, 0.25 }, dA);
        Assert.Equal(new[] { 22.0, 11.0 }, dA);

        double[] dB = { 10, 10 };
        ContractFns.ScaleFirstInPlacePullback(new[] { 0.5, 0.25 }, 0.5, dB);
        Assert.Equal(new[] { 21.0, 10.5 }, dB);
    }

    [Fact]
    public void GradientDoesNotModifyInputs()
    {
        double[] y = { 0.5, -1.5, 2.0 };
        double[] copy = (double[])y.Clone();
        double dX = 0;
        ContractFns.FGradient(1.25, y, 3, 0.75, ref dX, new double[3]);
        Grad.SameArray(copy, y, "FGradient input");

        double[] a = { 0.2, -0.3, 0.4 };
        double[] aCopy = (double[])a.Clone();
        ArrayFns.InPlaceOverwriteGradient(a, 0.1, 5, new double[3], ref dX);
        Grad.SameArray(aCopy, a, "InPlaceOverwriteGradient input");
    }
}
