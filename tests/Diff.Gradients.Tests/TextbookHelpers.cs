using System.Linq;
using Diff;

namespace Diff.Gradients.Tests;

/// <summary>
/// Textbook algorithms written the way their authors write them, with small helpers (which the generator inlines):
/// a Lennard-Jones cluster's energy (Allen and Tildesley), a softmax classifier's cross-entropy, explicit steps of the
/// heat equation, Horner's rule and de Casteljau's algorithm (a local array per call, inside the caller's loop).
/// </summary>
public static partial class TextbookHelperFns
{
    [Differentiable]
    public static double Distance2(double[] r, int i, int j)
    {
        double dx = r[3 * i] - r[3 * j];
        double dy = r[3 * i + 1] - r[3 * j + 1];
        double dz = r[3 * i + 2] - r[3 * j + 2];
        return dx * dx + dy * dy + dz * dz;
    }

    [Differentiable]
    public static double PairEnergy(double r2)
    {
        double s6 = 1.0 / (r2 * r2 * r2);
        return 4.0 * (s6 * s6 - s6);
    }

    /// <summary>The Lennard-Jones energy of <paramref name="n"/> atoms, σ = ε = 1.</summary>
    [Differentiable]
    public static double LennardJones(double[] r, int n)
    {
        double energy = 0;
        for (int i = 0; i < n - 1; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                energy += PairEnergy(Distance2(r, i, j));
            }
        }

        return energy;
    }

    [Differentiable]
    public static double Dot(double[] w, int row, [NoDiff] double[] x, int n)
    {
        double s = 0;
        for (int k = 0; k < n; k++)
        {
            s += w[row * n + k] * x[k];
        }

        return s;
    }

    [Differentiable]
    public static double LogSumExp(double[] z)
    {
        double m = z[0];
        for (int k = 1; k < z.Length; k++)
        {
            m = Math.Max(m, z[k]);
        }

        double s = 0;
        for (int k = 0; k < z.Length; k++)
        {
            s += Math.Exp(z[k] - m);
        }

        return m + Math.Log(s);
    }

    /// <summary>The mean cross-entropy of a linear softmax classifier over <paramref name="samples"/> points.</summary>
    [Differentiable]
    public static double CrossEntropy(double[] w, [NoDiff] double[] data, [NoDiff] int[] labels, int classes, int features)
    {
        int samples = labels.Length;
        double[] z = new double[classes];
        double[] x = new double[features];
        double loss = 0;
        for (int s = 0; s < samples; s++)
        {
            for (int k = 0; k < features; k++)
            {
                x[k] = data[s * features + k];
            }

            for (int c = 0; c < classes; c++)
            {
                z[c] = Dot(w, c, x, features);
            }

            loss += LogSumExp(z) - z[labels[s]];
        }

        return loss / samples;
    }

    [Differentiable]
    public static double Laplacian(double[] u, int i, double h) => (u[i - 1] - 2 * u[i] + u[i + 1]) / (h * h);

    [Differentiable]
    public static void HeatStep(double[] u, double[] next, double kappa, double dt, double h)
    {
        next[0] = u[0];
        next[u.Length - 1] = u[u.Length - 1];
        for (int i = 1; i < u.Length - 1; i++)
        {
            next[i] = u[i] + dt * kappa * Laplacian(u, i, h);
        }
    }

    /// <summary>Σ u² after <paramref name="steps"/> explicit Euler steps of u_t = κ u_xx, with fixed ends.</summary>
    [Differentiable]
    public static double Heat(double[] u0, double kappa, int steps)
    {
        int n = u0.Length;
        double h = 1.0 / (n - 1);
        double dt = 0.4 * h * h;
        double[] u = new double[n];
        double[] next = new double[n];
        for (int i = 0; i < n; i++)
        {
            u[i] = u0[i];
        }

        for (int t = 0; t < steps; t++)
        {
            HeatStep(u, next, kappa, dt, h);
            for (int i = 0; i < n; i++)
            {
                u[i] = next[i];
            }
        }

        double energy = 0;
        for (int i = 0; i < n; i++)
        {
            energy += u[i] * u[i];
        }

        return energy;
    }

    [Differentiable]
    public static double Horner(double[] coefficients, double x)
    {
        double p = coefficients[coefficients.Length - 1];
        for (int k = coefficients.Length - 2; k >= 0; k--)
        {
            p = p * x + coefficients[k];
        }

        return p;
    }

    /// <summary>The least-squares misfit of a polynomial to points, evaluated by Horner's rule.</summary>
    [Differentiable]
    public static double PolynomialFit(double[] coefficients, [NoDiff] double[] xs, [NoDiff] double[] ys)
    {
        double misfit = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = Horner(coefficients, xs[i]) - ys[i];
            misfit += r * r;
        }

        return misfit;
    }

    /// <summary>A cubic Bézier segment's point at t, by de Casteljau's algorithm on a copy of its control values.</summary>
    [Differentiable]
    public static double DeCasteljau(double[] control, int offset, double t)
    {
        double[] b = new double[4];
        for (int k = 0; k < 4; k++)
        {
            b[k] = control[offset + k];
        }

        for (int level = 1; level < 4; level++)
        {
            for (int k = 0; k < 4 - level; k++)
            {
                b[k] = (1 - t) * b[k] + t * b[k + 1];
            }
        }

        return b[0];
    }

    /// <summary>The squared length of a curve of cubic segments, sampled at <paramref name="samples"/> points per segment.</summary>
    [Differentiable]
    public static double CurveRoughness(double[] control, int samples)
    {
        int segments = (control.Length - 1) / 3;
        double total = 0;
        for (int s = 0; s < segments; s++)
        {
            double previous = DeCasteljau(control, 3 * s, 0);
            for (int k = 1; k <= samples; k++)
            {
                double current = DeCasteljau(control, 3 * s, (double)k / samples);
                total += (current - previous) * (current - previous) * samples;
                previous = current;
            }
        }

        return total;
    }
}

public sealed class TextbookHelpersTests
{
    private static double[] Points(int count, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    /// <summary>The tangent along a random direction against ⟨∇f, v⟩.</summary>
    private static void CheckTangent(double[] gradient, double[] v, double tangent, string what) =>
        Grad.Close(new[] { gradient.Zip(v, (g, d) => g * d).Sum() }, new[] { tangent }, 1e-9, 1e-10, what + " tangent");

    [Fact]
    public void Lennard_Jones_energy_of_a_cluster()
    {
        // Four atoms on a slightly perturbed tetrahedron, about one σ apart.
        double[] r = { 0, 0, 0, 1.1, 0.05, 0, 0.5, 0.95, 0.02, 0.55, 0.3, 0.9 };
        var dR = new double[r.Length];
        Assert.Equal(TextbookHelperFns.LennardJones(r, 4), TextbookHelperFns.LennardJonesGradient(r, 4, dR), 12);
        Grad.Check(p => TextbookHelperFns.LennardJones(p, 4), r, dR, "LennardJones");

        double[] v = Points(r.Length, 3);
        TextbookHelperFns.LennardJonesTangent(r, 4, v, out double tangent);
        CheckTangent(dR, v, tangent, "LennardJones");
    }

    [Fact]
    public void Softmax_cross_entropy_of_a_linear_classifier()
    {
        const int classes = 3, features = 4;
        double[] w = Points(classes * features, 5);
        double[] data = Points(6 * features, 7);
        int[] labels = { 0, 2, 1, 1, 0, 2 };
        var dW = new double[w.Length];
        Assert.Equal(TextbookHelperFns.CrossEntropy(w, data, labels, classes, features), TextbookHelperFns.CrossEntropyGradient(w, data, labels, classes, features, dW), 12);
        Grad.Check(p => TextbookHelperFns.CrossEntropy(p, data, labels, classes, features), w, dW, "CrossEntropy");

        // The gradient of the mean cross-entropy sums to zero over the classes, feature by feature.
        for (int k = 0; k < features; k++)
        {
            Assert.Equal(0, Enumerable.Range(0, classes).Sum(c => dW[c * features + k]), 12);
        }
    }

    [Fact]
    public void Explicit_steps_of_the_heat_equation_with_their_hessian_vector_product()
    {
        double[] u0 = Points(7, 11);
        var dU = new double[u0.Length];
        double dKappa = 0;
        Assert.Equal(TextbookHelperFns.Heat(u0, 0.8, 5), TextbookHelperFns.HeatGradient(u0, 0.8, 5, dU, ref dKappa), 12);
        Grad.Check(p => TextbookHelperFns.Heat(p[..7], p[7], 5), u0.Append(0.8).ToArray(), dU.Append(dKappa).ToArray(), "Heat");

        double[] Gradient(double[] p)
        {
            var g = new double[7];
            double gk = 0;
            TextbookHelperFns.HeatGradient(p[..7], p[7], 5, g, ref gk);
            return g.Append(gk).ToArray();
        }

        double[] v = Points(8, 13);
        var adjU = new double[7];
        var hvU = new double[7];
        double adjK = 0, hvK = 0;
        TextbookHelperFns.HeatHessianVector(u0, 0.8, 5, v[..7], v[7], adjU, ref adjK, hvU, ref hvK);
        Grad.Close(dU.Append(dKappa).ToArray(), adjU.Append(adjK).ToArray(), 1e-12, 1e-12, "Heat gradient from H·v");
        const double h = 1e-5;
        double[] point = u0.Append(0.8).ToArray();
        double[] plus = Gradient(point.Zip(v, (p, d) => p + h * d).ToArray());
        double[] minus = Gradient(point.Zip(v, (p, d) => p - h * d).ToArray());
        Grad.Close(plus.Zip(minus, (a, b) => (a - b) / (2 * h)).ToArray(), hvU.Append(hvK).ToArray(), 1e-5, 1e-7, "Heat H·v");
    }

    [Fact]
    public void Polynomial_least_squares_by_horners_rule()
    {
        double[] c = { 0.3, -1.2, 0.5, 0.25 };
        double[] xs = Points(9, 17);
        double[] ys = xs.Select(x => Math.Sin(2 * x)).ToArray();
        var dC = new double[c.Length];
        Assert.Equal(TextbookHelperFns.PolynomialFit(c, xs, ys), TextbookHelperFns.PolynomialFitGradient(c, xs, ys, dC), 12);

        // The misfit is quadratic in the coefficients: its gradient is 2 Aᵀ(Ac − y), with A the Vandermonde matrix.
        var expected = new double[c.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            double r = c.Select((ck, k) => ck * Math.Pow(xs[i], k)).Sum() - ys[i];
            for (int k = 0; k < c.Length; k++)
            {
                expected[k] += 2 * r * Math.Pow(xs[i], k);
            }
        }

        Grad.Close(expected, dC, 1e-12, 1e-12, "PolynomialFit");
    }

    [Fact]
    public void De_casteljau_curve_with_a_local_array_per_call_in_a_loop()
    {
        double[] control = Points(10, 19);
        var dControl = new double[control.Length];
        Assert.Equal(TextbookHelperFns.CurveRoughness(control, 6), TextbookHelperFns.CurveRoughnessGradient(control, 6, dControl), 12);
        Grad.Check(p => TextbookHelperFns.CurveRoughness(p, 6), control, dControl, "CurveRoughness");

        double[] v = Points(control.Length, 23);
        TextbookHelperFns.CurveRoughnessTangent(control, 6, v, out double tangent);
        CheckTangent(dControl, v, tangent, "CurveRoughness");
    }
}
