using System.Linq;
using System.Reflection;
using Diff;

namespace Diff.Gradients.Tests;

/// <summary>Functions for the forward-mode companions: buffers written in place, spans, floats, helpers, [NoDiff].</summary>
public static partial class ForwardFns
{
    /// <summary>A power with a differentiable exponent, for its mixed second derivative at a zero exponent.</summary>
    [Differentiable]
    public static double Power(double x, double y) => Math.Pow(x, y);

    /// <summary>The same in float.</summary>
    [Differentiable]
    public static float PowerF(float x, float y) => MathF.Pow(x, y);

    /// <summary>Outputs of several inputs, through spans: more outputs than inputs, so MJacobian runs forwards (one run in lanes).</summary>
    [Differentiable]
    public static void Expand(ReadOnlySpan<double> x, Span<double> y)
    {
        y[0] = x[0] * x[1];
        y[1] = Math.Sin(x[0]) + x[2];
        y[2] = x[1] / x[2];
        y[3] = Math.Max(x[0], x[2]);
        y[4] = Math.Exp(x[0] - x[1]) * x[2];
    }

    /// <summary>
    /// Fewer outputs than inputs, a scalar input, loops and a product. Its six inputs fit one run in lanes, fewer runs
    /// than its two outputs' pullbacks, so MJacobian runs forwards (<c>LanesFns.Narrow</c> has reverse mode's case).
    /// </summary>
    [Differentiable]
    public static void Reduce(double[] x, double s, double[] y)
    {
        y[0] = 0;
        y[1] = 1;
        for (int i = 0; i < x.Length; i++)
        {
            y[0] += x[i] * x[i] * s;
            y[1] *= 1 + x[i];
        }
    }

    /// <summary>A buffer updated in place: its tangent carries the initial value's tangent in and the final one out.</summary>
    [Differentiable]
    public static void Smooth(double[] y, double rate)
    {
        for (int i = 1; i < y.Length; i++)
        {
            y[i] = y[i] + rate * Math.Tanh(y[i - 1] - y[i]);
        }
    }

    [Differentiable]
    public static double SmoothThenSum(double[] y, double rate)
    {
        double[] w = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            w[i] = y[i];
        }

        Smooth(w, rate);
        double s = 0;
        foreach (double v in w)
        {
            s += v * v;
        }

        return s;
    }

    /// <summary>A [NoDiff] parameter gets no tangent; an int gets none either.</summary>
    [Differentiable]
    public static double Scaled(double x, [NoDiff] double scale, int power)
    {
        double r = 1;
        for (int i = 0; i < power; i++)
        {
            r *= x * scale;
        }

        return r;
    }

    [Differentiable]
    public static float FloatMix(float x, double y) => (float)(Math.Log(1 + y * y) * x) + MathF.Sqrt(x * x + 1);

    [Differentiable]
    public static double Rosenbrock(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            s += a * a + 100 * b * b;
        }

        return s;
    }

    [Differentiable]
    public static double LogSumExp(double[] v)
    {
        double m = v[0];
        for (int i = 1; i < v.Length; i++)
        {
            if (v[i] > m)
            {
                m = v[i];
            }
        }

        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += Math.Exp(v[i] - m);
        }

        return m + Math.Log(s);
    }

    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    [DerivativeOf(typeof(ForwardFns), nameof(Softplus))]
    public static double SoftplusGradient(double x, ref double dX)
    {
        dX += 1 / (1 + Math.Exp(-x));
        return Softplus(x);
    }

    /// <summary>Calls a registration: the tangent is the registered gradient times the argument's tangent.</summary>
    [Differentiable]
    public static double ThroughRegistration(double x, double y) => Softplus(x * y) * y;

    [Differentiable]
    public static double SquaredNorm(double[] a, double scale)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * a[i] * scale;
        }

        return Math.Sin(s);
    }

    [Differentiable]
    public static double Product(double u, double v) => u * Math.Exp(v);

    /// <summary>Helpers with a buffer and scalars, inside a loop: H·v goes through the helpers' own H·v.</summary>
    [Differentiable]
    public static double WithHelpers(double[] a, double x)
    {
        double t = 0;
        for (int k = 0; k < 3; k++)
        {
            t += SquaredNorm(a, x * k) + Product(t, x);
        }

        return t * Product(x, t);
    }

    /// <summary>Locals named like the companions' parameters: the companions pick other names.</summary>
    [Differentiable]
    public static double LocalsNamedLikeTangents(double x)
    {
        double tX = x * 2;
        double tResult = tX * x;
        double vX = tResult + 1;
        double hvX = vX * x;
        return hvX;
    }

    /// <summary>Values the derivative never needs, updated from themselves: a decaying factor and a double counter.</summary>
    [Differentiable]
    public static double InactiveUpdates(double x)
    {
        double h = 0.5, s = 0;
        for (int i = 0; i < 3; i++)
        {
            h = h * 0.9;
            s += h * x * x;
        }

        for (double t = 0; t < 3; t += 0.5)
        {
            s += t * x * x * x;
        }

        return s;
    }

    public static void ExpInto(double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Exp(x[i]);
        }
    }

    [DerivativeOf(typeof(ForwardFns), nameof(ExpInto))]
    public static void ExpIntoPullback(double[] x, double[] y, double[] dX, double[] dY)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Exp(x[i]);
            dX[i] += dY[i] * y[i];
            dY[i] = 0;
        }
    }

    /// <summary>A registration that writes buffers has no tangent: MJacobian must still work, in reverse mode.</summary>
    [Differentiable]
    public static void ThroughBufferRegistration(double a, double[] y)
    {
        double[] x = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            x[i] = a * (i + 1);
        }

        ExpInto(x, y);
    }

    /// <summary>Writes a [NoDiff] buffer it also reads: each Jacobian run must start from its initial contents.</summary>
    [Differentiable]
    public static void WithScratch(double[] x, double[] y, [NoDiff] double[] scratch)
    {
        scratch[0] += 1;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = x[i] * scratch[0];
        }
    }

    [Differentiable]
    public static void SumInto(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i];
        }

        for (int i = 0; i < y.Length; i++)
        {
            y[i] = s + 1;
        }
    }

    /// <summary>Reads a [NoDiff] buffer that it also writes with varied values.</summary>
    [Differentiable]
    public static double ThroughScratch(double x, [NoDiff] double[] scratch)
    {
        for (int i = 0; i < scratch.Length; i++)
        {
            scratch[i] = x * i;
        }

        double s = 0;
        for (int i = 0; i < scratch.Length; i++)
        {
            s += Math.Sin(scratch[i]);
        }

        return s;
    }
}

public sealed class ForwardModeTests
{
    [Fact]
    public void Jacobian_with_more_outputs_than_inputs_matches_finite_differences()
    {
        double[] x = { 0.3, 0.9, 1.7 };
        double[] y = new double[5];
        double[] jacobian = new double[5 * 3];
        ForwardFns.ExpandJacobian(x, y, jacobian);

        double[] expectedY = new double[5];
        ForwardFns.Expand(x, expectedY);
        Assert.Equal(expectedY, y);
        for (int row = 0; row < 5; row++)
        {
            int r = row;
            Grad.Check(p => { var o = new double[5]; ForwardFns.Expand(p, o); return o[r]; }, x, Enumerable.Range(0, 3).Select(c => jacobian[r * 3 + c]).ToArray(), "Expand row " + r);
        }
    }

    [Fact]
    public void Jacobian_with_fewer_outputs_than_inputs_matches_finite_differences()
    {
        double[] x = { 0.3, 0.9, 1.7, 2.0, -1.0 };
        const double s = 0.5;
        double[] y = new double[2];
        double[] jacobian = new double[2 * 6];
        ForwardFns.ReduceJacobian(x, s, y, jacobian);
        for (int row = 0; row < 2; row++)
        {
            int r = row;
            double F(double[] p)
            {
                var o = new double[2];
                ForwardFns.Reduce(p.Take(5).ToArray(), p[5], o);
                return o[r];
            }

            Grad.Check(F, x.Append(s).ToArray(), jacobian.Skip(r * 6).Take(6).ToArray(), "Reduce row " + r);
        }

        // Exactly: y1 = Π (1 + xᵢ) with x₄ = -1, so only its own column is not zero.
        Assert.Equal(1.3 * 1.9 * 2.7 * 3.0, jacobian[6 + 4], 12);
        Assert.Equal(0.0, jacobian[6 + 0]);
    }

    [Fact]
    public void Jacobian_checks_its_length()
    {
        var error = Assert.Throws<ArgumentException>(() => ForwardFns.ReduceJacobian(new double[3], 1, new double[2], new double[5]));
        Assert.Equal("jacobian", error.ParamName);
        Assert.Contains("2 × 4", error.Message);
    }

    [Fact]
    public void Tangent_of_a_buffer_updated_in_place_carries_initial_to_final()
    {
        double[] y0 = { 0.2, -0.4, 0.9, 0.1 };
        const double rate = 0.7;
        double[] v = { 0.3, -0.2, 0.5, 0.4 };
        const double vRate = -0.6;
        double[] y = (double[])y0.Clone();
        double[] tY = (double[])v.Clone();
        ForwardFns.SmoothTangent(y, rate, tY, vRate);

        // Each output's tangent is the directional derivative of that element of the final buffer.
        double[] point = y0.Append(rate).ToArray();
        double[] direction = v.Append(vRate).ToArray();
        for (int k = 0; k < y0.Length; k++)
        {
            int element = k;
            double[] gradient = Fd.Gradient(p => { double[] b = p.Take(4).ToArray(); ForwardFns.Smooth(b, p[4]); return b[element]; }, point);
            double expected = gradient.Zip(direction, (g, d) => g * d).Sum();
            Assert.Equal(expected, tY[k], 6);
        }

        double[] plain = (double[])y0.Clone();
        ForwardFns.Smooth(plain, rate);
        Assert.Equal(plain, y);
    }

    [Fact]
    public void Tangent_through_a_helper_that_writes_a_local_array()
    {
        double[] y = { 0.2, -0.4, 0.9, 0.1 };
        var dY = new double[4];
        double dRate = 0;
        ForwardFns.SmoothThenSumGradient((double[])y.Clone(), 0.7, dY, ref dRate);
        TangentCheck.Against((GAX)ForwardFns.SmoothThenSumGradient, new object[] { y, 0.7 }, new object[] { dY, dRate }, "SmoothThenSum");
    }

    [Fact]
    public void NoDiff_and_integer_parameters_get_no_tangent()
    {
        MethodInfo tangent = typeof(ForwardFns).GetMethod(nameof(ForwardFns.ScaledTangent))!;
        Assert.Equal(new[] { "x", "scale", "power", "tX", "tResult" }, tangent.GetParameters().Select(p => p.Name).ToArray());
        double value = ForwardFns.ScaledTangent(1.3, 0.5, 3, 1.0, out double tResult);
        Assert.Equal(ForwardFns.Scaled(1.3, 0.5, 3), value);
        Assert.Equal(3 * Math.Pow(1.3 * 0.5, 2) * 0.5, tResult, 12);
    }

    [Fact]
    public void Float_and_double_mixed()
    {
        float value = ForwardFns.FloatMixTangent(0.8f, 1.5, 1f, 0.0, out float tX);
        float unused = ForwardFns.FloatMixTangent(0.8f, 1.5, 0f, 1.0, out float tY);
        Assert.Equal(ForwardFns.FloatMix(0.8f, 1.5), value);
        Assert.Equal(unused, value);
        Assert.Equal(Math.Log(1 + 1.5 * 1.5) + 0.8 / Math.Sqrt(0.8 * 0.8 + 1), tX, 5);
        Assert.Equal(2 * 1.5 / (1 + 1.5 * 1.5) * 0.8, tY, 5);
    }

    [Fact]
    public void Hessian_vector_product_of_Rosenbrock_is_the_closed_form()
    {
        double[] x = { -1.2, 1.0, 0.5, 0.8 };
        double[] v = { 0.3, -0.7, 0.2, 1.1 };
        var gradient = new double[4];
        var product = new double[4];
        double value = ForwardFns.RosenbrockHessianVector(x, v, gradient, product);
        Assert.Equal(ForwardFns.Rosenbrock(x), value);

        // H is tridiagonal: H[i,i] = 2 + 1200 x_i² - 400 x_{i+1} (i < n-1) + 200 (i > 0), H[i,i+1] = -400 x_i.
        int n = x.Length;
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            double diagonal = (i < n - 1 ? 2 + 1200 * x[i] * x[i] - 400 * x[i + 1] : 0) + (i > 0 ? 200 : 0);
            expected[i] = diagonal * v[i];
            if (i < n - 1)
            {
                expected[i] += -400 * x[i] * v[i + 1];
            }

            if (i > 0)
            {
                expected[i] += -400 * x[i - 1] * v[i - 1];
            }
        }

        Grad.Close(expected, product, 1e-12, 1e-9, "Rosenbrock H·v");
    }

    [Fact]
    public void Hessian_vector_product_of_logsumexp_is_the_closed_form()
    {
        double[] x = { 0.1, 2.0, -0.5, 0.7 };
        double[] v = { 1, 0.5, -1, 0.25 };
        var gradient = new double[4];
        var product = new double[4];
        ForwardFns.LogSumExpHessianVector(x, v, gradient, product);

        // ∇ = p = softmax(x); H = diag(p) - p pᵀ, so H·v = p ∘ v - p (p · v).
        double[] p = x.Select(Math.Exp).ToArray();
        double total = p.Sum();
        p = p.Select(e => e / total).ToArray();
        double pv = p.Zip(v, (a, b) => a * b).Sum();
        Grad.Close(p, gradient, 1e-12, 1e-14, "logsumexp gradient");
        Grad.Close(p.Zip(v, (a, b) => a * b - a * pv).ToArray(), product, 1e-10, 1e-13, "logsumexp H·v");
    }

    [Fact]
    public void Tangent_through_a_registration_and_its_Hessian_vector_product_says_why_it_is_missing()
    {
        double dX = 0, dY = 0;
        ForwardFns.ThroughRegistrationGradient(0.7, 1.3, ref dX, ref dY);
        TangentCheck.Against((G2)ForwardFns.ThroughRegistrationGradient, new object[] { 0.7, 1.3 }, new object[] { dX, dY }, "through a registration");

        double hx = 0, hy = 0;
        var error = Assert.Throws<NotSupportedException>(() => ForwardFns.ThroughRegistrationHessianVector(0.7, 1.3, 1, 0, ref dX, ref dY, ref hx, ref hy));
        Assert.Contains("Softplus", error.Message);
        Assert.Contains("[DerivativeOf]", error.Message);
    }

    /// <summary>
    /// ∂²xʸ/∂x∂y = xʸ⁻¹(1 + y log x) is x⁻¹ at y = 0, read either way: the partial in x must not be a constant 0 there,
    /// whose derivative in y would be 0. Checked against differences of the gradient, at y = 0 and beside it.
    /// </summary>
    [Theory]
    [InlineData(4.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(-3.0, 0.0)]
    [InlineData(4.0, 1e-9)]
    [InlineData(1.7, 2.5)]
    public void Hessian_vector_product_of_a_power_is_symmetric_at_a_zero_exponent(double x, double y)
    {
        double[] Gradient(double px, double py)
        {
            double gx = 0, gy = 0;
            ForwardFns.PowerGradient(px, py, ref gx, ref gy);
            return new[] { gx, gy };
        }

        const double h = 1e-6;
        // A negative base has a real power only at integer exponents: there, only the base's direction and row are defined.
        (double, double)[] directions = x > 0 ? new[] { (1.0, 0.0), (0.0, 1.0), (0.6, -0.8) } : new[] { (1.0, 0.0) };
        foreach ((double vx, double vy) in directions)
        {
            double dX = 0, dY = 0, hx = 0, hy = 0;
            ForwardFns.PowerHessianVector(x, y, vx, vy, ref dX, ref dY, ref hx, ref hy);
            double[] plus = Gradient(x + h * vx, y + h * vy), minus = Gradient(x - h * vx, y - h * vy);
            int rows = x > 0 ? 2 : 1;
            Grad.Close(plus.Zip(minus, (p, m) => (p - m) / (2 * h)).Take(rows).ToArray(), new[] { hx, hy }.Take(rows).ToArray(), 1e-6, 1e-6, $"Pow H·v at ({x}, {y}) along ({vx}, {vy})");
        }

        if (y == 0 && x > 0)
        {
            double dX = 0, dY = 0, hx = 0, hy = 0;
            ForwardFns.PowerHessianVector(x, y, 0, 1, ref dX, ref dY, ref hx, ref hy);
            Assert.Equal(1 / x, hx, 12);
            double dX2 = 0, dY2 = 0, hx2 = 0, hy2 = 0;
            ForwardFns.PowerHessianVector(x, y, 1, 0, ref dX2, ref dY2, ref hx2, ref hy2);
            Assert.Equal(hx, hy2, 12);

            float fdX = 0, fdY = 0, fhx = 0, fhy = 0;
            ForwardFns.PowerFHessianVector((float)x, 0f, 0f, 1f, ref fdX, ref fdY, ref fhx, ref fhy);
            Assert.Equal(1 / x, fhx, 5);
        }
    }

    /// <summary>At x = 0 and y = 0 the base's partial stays 0 (x⁰ is constant), with no NaN in the gradient or H·v.</summary>
    [Fact]
    public void A_power_at_zero_base_and_exponent_has_a_zero_base_partial()
    {
        double dX = 0, dY = 0, hx = 0, hy = 0;
        ForwardFns.PowerHessianVector(0, 0, 1, 1, ref dX, ref dY, ref hx, ref hy);
        Assert.Equal(0, dX);
        Assert.False(double.IsNaN(hx));
    }

    [Fact]
    public void Hessian_vector_product_through_helper_calls_matches_differences_of_the_gradient()
    {
        double[] a = { 0.3, -0.2, 0.5 };
        double[] dA = new double[3];
        double dX = 0;
        ForwardFns.WithHelpersGradient(a, 0.4, dA, ref dX);
        TangentCheck.Against((GAX)ForwardFns.WithHelpersGradient, new object[] { a, 0.4 }, new object[] { dA, dX }, "with helpers");

        double[] vA = { 0.1, 0.7, -0.3 };
        double[] hA = new double[3];
        double hX = 0;
        double[] dA2 = new double[3];
        double dX2 = 0;
        ForwardFns.WithHelpersHessianVector(a, 0.4, vA, -0.6, dA2, ref dX2, hA, ref hX);
        const double h = 1e-6;
        double[] Gradient(double s)
        {
            double[] shifted = a.Zip(vA, (p, v) => p + s * v).ToArray();
            double[] g = new double[3];
            double gx = 0;
            ForwardFns.WithHelpersGradient(shifted, 0.4 + s * -0.6, g, ref gx);
            return g.Append(gx).ToArray();
        }

        double[] plus = Gradient(h), minus = Gradient(-h);
        Grad.Close(plus.Zip(minus, (p, m) => (p - m) / (2 * h)).ToArray(), hA.Append(hX).ToArray(), 1e-6, 1e-6, "helpers H·v");
    }

    [Fact]
    public void Companions_of_a_method_with_locals_named_like_their_parameters()
    {
        double value = ForwardFns.LocalsNamedLikeTangentsTangent(1.5, 1.0, out double tangent);
        Assert.Equal(ForwardFns.LocalsNamedLikeTangents(1.5), value);

        // hvX = (2x² + 1) x = 2x³ + x: derivative 6x² + 1, second derivative 12x.
        Assert.Equal(6 * 1.5 * 1.5 + 1, tangent, 12);
        double dX = 0, product = 0;
        ForwardFns.LocalsNamedLikeTangentsHessianVector(1.5, 1.0, ref dX, ref product);
        Assert.Equal(12 * 1.5, product, 12);
    }

    [Fact]
    public void Hessian_vector_product_with_inactive_updates()
    {
        double x = 0.7;
        double dX = 0, product = 0;
        ForwardFns.InactiveUpdatesHessianVector(x, 1.0, ref dX, ref product);

        // s = c₂ x² + c₃ x³ with c₂ = Σ 0.5·0.9ⁱ⁺¹ (i < 3) and c₃ = Σ t (t = 0, 0.5, …, 2.5).
        double c2 = 0.5 * (0.9 + 0.81 + 0.729), c3 = 7.5;
        Assert.Equal(2 * c2 * x + 3 * c3 * x * x, dX, 12);
        Assert.Equal(2 * c2 + 6 * c3 * x, product, 12);
    }

    [Fact]
    public void Jacobian_falls_back_to_reverse_mode_when_a_callee_has_no_tangent()
    {
        var y = new double[3];
        var jacobian = new double[3];
        ForwardFns.ThroughBufferRegistrationJacobian(0.5, y, jacobian);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal((i + 1) * Math.Exp(0.5 * (i + 1)), jacobian[i], 12);
            Assert.Equal(Math.Exp(0.5 * (i + 1)), y[i], 12);
        }
    }

    [Fact]
    public void Jacobian_restores_a_NoDiff_buffer_before_every_run()
    {
        double[] scratch = { 1.0 };
        var y = new double[3];
        var jacobian = new double[9];
        ForwardFns.WithScratchJacobian(new[] { 1.0, 2, 3 }, y, scratch, jacobian);
        Assert.Equal(new[] { 2.0, 0, 0, 0, 2, 0, 0, 0, 2 }, jacobian);
        Assert.Equal(new[] { 2.0 }, scratch);
        Assert.Equal(new[] { 2.0, 4, 6 }, y);
    }

    [Fact]
    public void An_empty_Jacobian_still_runs_the_method()
    {
        double[] y = { 9, 9, 9 };
        ForwardFns.SumIntoJacobian(Array.Empty<double>(), y, Array.Empty<double>());
        Assert.Equal(new[] { 1.0, 1, 1 }, y);
    }

    [Fact]
    public void A_NoDiff_buffer_written_with_varied_values_gets_a_local_tangent()
    {
        double value = ForwardFns.ThroughScratchTangent(0.4, new double[5], 1.0, out double tangent);
        Assert.Equal(ForwardFns.ThroughScratch(0.4, new double[5]), value);
        double expected = Enumerable.Range(0, 5).Sum(i => i * Math.Cos(0.4 * i));
        Assert.Equal(expected, tangent, 12);
    }
}

/// <summary>Callees that write a buffer in ways other than a plain element assignment: the caller must see the write.</summary>
public static partial class HiddenWrites
{
    [Differentiable]
    public static void ThroughTuple(double[] b, double x) => (b[0], b[1]) = (b[1] * x, b[0] + x);

    [Differentiable]
    public static double UsesTuple(double[] a, double x)
    {
        ThroughTuple(a, x);
        return a[0] * a[1];
    }
}

public sealed class HiddenWriteTests
{
    [Fact]
    public void A_callee_that_writes_through_a_tuple_deconstruction_is_seen_writing()
    {
        double[] a = { 0.5, 1.5 };
        var dA = new double[2];
        double dX = 0;
        HiddenWrites.UsesTupleGradient((double[])a.Clone(), 0.7, dA, ref dX);
        Grad.Check(p => HiddenWrites.UsesTuple(new[] { p[0], p[1] }, p[2]), new[] { 0.5, 1.5, 0.7 }, new[] { dA[0], dA[1], dX }, "tuple write");
    }
}
