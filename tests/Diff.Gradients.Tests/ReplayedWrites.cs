using System;
using Diff;
using Xunit;

namespace Diff.Gradients.Tests;

/// <summary>
/// A scratch array filled afresh on each trip from values that do not change is filled again at the top of the trip's
/// reverse instead of recording what each fill overwrites (Analyse/ReplayedWriteAnalysis). The forms that must keep
/// their restores (a read before the fill, a fill from a written array, two fills) are here too: every one must give
/// the loop's own derivatives, through the gradient, the tangent, H·v, the recorded halves and a Jacobian in lanes.
/// </summary>
public static partial class ReplayedWriteFns
{
    /// <summary>The GMM's shape: x − μ_c for each point and component, into one array, then a weighted norm of it.</summary>
    [Differentiable]
    public static double CenteredNorms(double[] mu, double[] w, [NoDiff] double[] x, int n, int k, int d)
    {
        double[] centered = new double[d];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                int xOffset = i * d;
                int muOffset = c * d;
                for (int j = 0; j < d; j++)
                {
                    centered[j] = x[xOffset + j] - mu[muOffset + j];
                }

                double q = 0;
                for (int j = 0; j < d; j++)
                {
                    q += w[muOffset + j] * centered[j] * centered[j];
                }

                total += Math.Exp(-q) * (c + 1);
            }
        }

        return total;
    }

    /// <summary>A soft k-means cost as one would write it: a difference vector per point and center, then −log Σ exp(−‖·‖²).</summary>
    [Differentiable]
    public static double SoftKMeansCost(double[] centers, [NoDiff] double[] points, int n, int k, int d)
    {
        double[] diff = new double[d];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d; j++)
                {
                    diff[j] = points[i * d + j] - centers[c * d + j];
                }

                double dist = 0;
                for (int j = 0; j < d; j++)
                {
                    dist += diff[j] * diff[j];
                }

                sum += Math.Exp(-dist);
            }

            total -= Math.Log(sum);
        }

        return total;
    }

    /// <summary>A discrete smoothness energy over the rows of a grid, each row scaled into a scratch row first.</summary>
    [Differentiable]
    public static double RowSmoothness(double[] u, double[] weights, int rows, int columns)
    {
        double[] row = new double[columns];
        double energy = 0;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                row[j] = u[i * columns + j] * weights[j];
            }

            for (int j = 1; j < columns; j++)
            {
                double step = row[j] - row[j - 1];
                energy += step * step;
            }
        }

        return 0.5 * energy;
    }

    /// <summary>
    /// A fill of quotients over an integer fixed at the top (which the recorded halves hand to the reverse half), read by a
    /// product after it; an exponential fill would be recorded, as it costs more to evaluate again.
    /// </summary>
    [Differentiable]
    public static double QuotientFill(double[] p, int trips)
    {
        double[] buffer = new double[3];
        int shift = trips % 2 + 1;
        double s = 0;
        for (int t = 0; t < trips; t++)
        {
            for (int j = 0; j < 3; j++)
            {
                buffer[j] = (p[j] * 0.5 + t * 0.1 + shift) / p[3];
            }

            for (int r = 0; r < 3; r++) s += buffer[0] * buffer[1] * Math.Sin(buffer[2] + t + r);
        }

        return s;
    }

    /// <summary>Bounds over the array's <c>Length</c>, which reads none of its elements, and a source index that wraps.</summary>
    [Differentiable]
    public static double LengthBounds(double[] p, int trips)
    {
        double[] b = new double[3];
        double s = 0;
        for (int t = 0; t < b.Length * trips; t++)
        {
            for (int j = 0; j < b.Length; j++) b[j] = p[j % p.Length] * 0.5 - t;
            for (int r = 0; r < b.Length; r++) s += b[r] * b[r] * p[0];
        }

        return s;
    }

    /// <summary>A read before the fill sees the previous trip's values: the fill keeps its restores.</summary>
    [Differentiable]
    public static double ReadBeforeFill(double[] p)
    {
        double[] buffer = new double[2];
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            for (int r = 0; r < 3; r++) s += buffer[0] * p[t] * buffer[1] * r;
            for (int j = 0; j < 2; j++)
            {
                buffer[j] = p[j] * p[j + 1] * (t + 1);
            }

            for (int r = 0; r < 3; r++) s += buffer[1] * buffer[0] * buffer[0] * (r + 1);
        }

        return s;
    }

    /// <summary>A fill from a parameter the method also writes: its values may differ when replayed, so it is recorded.</summary>
    [Differentiable]
    public static double FillFromWrittenArray(double[] p, double[] q)
    {
        double[] buffer = new double[2];
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            for (int j = 0; j < 2; j++)
            {
                buffer[j] = q[j] * p[t];
            }

            for (int r = 0; r < 3; r++) s += buffer[0] * buffer[1] * (r + 1);
            q[t % 2] = q[t % 2] * 0.5 + p[t];
        }

        return s + q[0] * q[1];
    }

    /// <summary>One element written per trip from unchanging values, both read after it: the other element holds an earlier trip's value.</summary>
    [Differentiable]
    public static double OneElementPerTrip(double[] p)
    {
        double[] buffer = new double[2];
        double s = 0;
        for (int t = 0; t < 4; t++)
        {
            buffer[t % 2] = p[t] * p[0];
            for (int r = 0; r < 3; r++) s += buffer[0] * buffer[1] * (r + t);
        }

        return s;
    }

    /// <summary>Two fills on each trip, each read after it: neither is replayed.</summary>
    [Differentiable]
    public static double TwoFills(double[] p)
    {
        double[] buffer = new double[2];
        double s = 0;
        for (int t = 0; t < 3; t++)
        {
            for (int j = 0; j < 2; j++) buffer[j] = p[j] * (t + 1);
            for (int r = 0; r < 3; r++) s += buffer[0] * buffer[1] * r;
            for (int j = 0; j < 2; j++) buffer[j] = p[j + 1] - t;
            for (int r = 0; r < 3; r++) s += buffer[0] * buffer[0] * buffer[1] * (r + 1);
        }

        return s;
    }

    /// <summary>A fill in a branch of a loop, read after it in the same branch, with a counter of the outer loop in its values.</summary>
    [Differentiable]
    public static double FillInABranch(double[] p, [NoDiff] double[] gate)
    {
        double[] buffer = new double[2];
        double s = 0;
        for (int t = 0; t < gate.Length; t++)
        {
            if (gate[t] > 0)
            {
                for (int j = 0; j < 2; j++)
                {
                    buffer[j] = p[j] * (t + 1) + p[2];
                }

                for (int r = 0; r < 3; r++) s += buffer[0] * Math.Cos(buffer[1] * (r + 1));
            }
        }

        return s;
    }

    /// <summary>A fill before a <c>continue</c>: the fill runs on every trip, and the trips the <c>continue</c> cuts short read nothing.</summary>
    [Differentiable]
    public static double FillThenContinue(double[] p)
    {
        double[] buffer = new double[2];
        double s = 0;
        for (int t = 0; t < 4; t++)
        {
            for (int j = 0; j < 2; j++) buffer[j] = p[j] - t;
            if (t == 2) continue;
            for (int r = 0; r < 3; r++) s += buffer[0] * buffer[1] * buffer[1] * (r + 1);
        }

        return s;
    }

    /// <summary>The float form of the GMM's shape.</summary>
    [Differentiable]
    public static float CenteredNormsF(float[] mu, [NoDiff] float[] x, int n, int k, int d)
    {
        float[] centered = new float[d];
        float total = 0;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d; j++) centered[j] = x[i * d + j] - mu[c * d + j];
                float q = 0;
                for (int j = 0; j < d; j++) q += centered[j] * centered[j];
                total += MathF.Exp(-q);
            }
        }

        return total;
    }

    /// <summary>Calls <see cref="QuotientFillHelper"/> without inlining it, so that its recorded halves run.</summary>
    [Differentiable]
    public static double Caller(double[] p) => QuotientFillHelper(p) * p[0] + QuotientFillHelper(p);

    [Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static double QuotientFillHelper(double[] p) => QuotientFill(p, 3);

    /// <summary>A residual whose scratch array is filled on each trip: the Jacobian runs the pullback in lanes.</summary>
    [Differentiable]
    public static void Residual(ReadOnlySpan<double> p, Span<double> r)
    {
        double[] q = new double[2];
        r[0] = 0;
        r[1] = 0;
        for (int t = 0; t < 3; t++)
        {
            for (int j = 0; j < 2; j++) q[j] = p[j + t] - p[0];
            for (int k = 0; k < 3; k++)
            {
                r[0] += q[0] * q[1] * k;
                r[1] += Math.Sin(q[1] * k) * (t + 1);
            }
        }
    }
}

public sealed class ReplayedWrites
{
    private static double[] Points(int count, int seed)
    {
        var random = new System.Random(seed);
        double[] values = new double[count];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 2 - 1;
        return values;
    }

    [Fact]
    public void The_GMM_shape_matches_central_differences_with_its_tangent_and_Hessian_vector_product()
    {
        const int n = 3, k = 4, d = 3;
        double[] mu = Points(k * d, 1), w = Points(k * d, 2), x = Points(n * d, 3);
        for (int i = 0; i < w.Length; i++) w[i] = 0.5 + w[i] * w[i];
        double[] point = [.. mu, .. w];
        Func<double[], double> f = q => ReplayedWriteFns.CenteredNorms(q[..(k * d)], q[(k * d)..], x, n, k, d);
        Func<double[], double[]> gradient = q =>
        {
            double[] dMu = new double[k * d], dW = new double[k * d];
            ReplayedWriteFns.CenteredNormsGradient(q[..(k * d)], q[(k * d)..], x, n, k, d, dMu, dW);
            return [.. dMu, .. dW];
        };

        // Twice, so that the second call starts on the tapes the first one grew.
        for (int call = 0; call < 2; call++)
        {
            double[] dMu = new double[k * d], dW = new double[k * d];
            double value = ReplayedWriteFns.CenteredNormsGradient(mu, w, x, n, k, d, dMu, dW);
            Grad.SameValue(ReplayedWriteFns.CenteredNorms(mu, w, x, n, k, d), value, "CenteredNorms");
            Grad.Check(f, point, [.. dMu, .. dW], "CenteredNorms");

            double[] vMu = Points(k * d, 4), vW = Points(k * d, 5);
            ReplayedWriteFns.CenteredNormsTangent(mu, w, x, n, k, d, vMu, vW, out double tangent);
            double expected = 0;
            for (int i = 0; i < dMu.Length; i++) expected += dMu[i] * vMu[i] + dW[i] * vW[i];
            Grad.Close(expected, tangent, 1e-12, 1e-12, "CenteredNorms tangent");

            double[] hMu = new double[k * d], hW = new double[k * d], hvMu = new double[k * d], hvW = new double[k * d];
            ReplayedWriteFns.CenteredNormsHessianVector(mu, w, x, n, k, d, vMu, vW, hMu, hW, hvMu, hvW);
            Grad.CheckHessianVector(gradient, point, [.. vMu, .. vW], [.. hvMu, .. hvW], "CenteredNorms", step: 1e-5, relTol: 1e-5, absTol: 1e-6);
        }
    }

    [Fact]
    public void A_fill_of_quotients_matches_central_differences_and_its_Hessian_vector_product()
    {
        double[] p = { 0.3, -0.7, 0.9, 1.2 };
        double[] dP = new double[4];
        double value = ReplayedWriteFns.QuotientFillGradient(p, 3, dP);
        Grad.SameValue(ReplayedWriteFns.QuotientFill(p, 3), value, "QuotientFill");
        Grad.Check(q => ReplayedWriteFns.QuotientFill(q, 3), p, dP, "QuotientFill");

        double[] v = { 0.5, -1.0, 0.25, 0.8 };
        double[] dH = new double[4], hv = new double[4];
        ReplayedWriteFns.QuotientFillHessianVector(p, 3, v, dH, hv);
        Grad.CheckHessianVector(
            q =>
            {
                double[] g = new double[4];
                ReplayedWriteFns.QuotientFillGradient(q, 3, g);
                return g;
            },
            p,
            v,
            hv,
            "QuotientFill",
            step: 1e-5,
            relTol: 1e-5,
            absTol: 1e-6);
    }

    [Fact]
    public void Code_written_as_its_authors_would_matches_central_differences()
    {
        const int n = 4, k = 3, d = 2;
        double[] centers = Points(k * d, 8), points = Points(n * d, 9);
        double[] dCenters = new double[k * d];
        double value = ReplayedWriteFns.SoftKMeansCostGradient(centers, points, n, k, d, dCenters);
        Grad.SameValue(ReplayedWriteFns.SoftKMeansCost(centers, points, n, k, d), value, "SoftKMeansCost");
        Grad.Check(c => ReplayedWriteFns.SoftKMeansCost(c, points, n, k, d), centers, dCenters, "SoftKMeansCost");

        const int rows = 3, columns = 4;
        double[] u = Points(rows * columns, 10), weights = Points(columns, 11);
        double[] dU = new double[u.Length], dWeights = new double[columns];
        value = ReplayedWriteFns.RowSmoothnessGradient(u, weights, rows, columns, dU, dWeights);
        Grad.SameValue(ReplayedWriteFns.RowSmoothness(u, weights, rows, columns), value, "RowSmoothness");
        Grad.Check(z => ReplayedWriteFns.RowSmoothness(z[..u.Length], z[u.Length..], rows, columns), [.. u, .. weights], [.. dU, .. dWeights], "RowSmoothness");
    }

    [Fact]
    public void Bounds_over_the_array_s_length_match_central_differences()
    {
        double[] p = { 0.6, -0.3 };
        double[] dP = new double[2];
        Grad.SameValue(ReplayedWriteFns.LengthBounds(p, 2), ReplayedWriteFns.LengthBoundsGradient(p, 2, dP), "LengthBounds");
        Grad.Check(q => ReplayedWriteFns.LengthBounds(q, 2), p, dP, "LengthBounds");
    }

    [Fact]
    public void Fills_that_keep_their_restores_match_central_differences()
    {
        double[] p = { 0.6, -0.3, 1.1, 0.4 };
        double[] dP = new double[4];
        Grad.SameValue(ReplayedWriteFns.ReadBeforeFill(p), ReplayedWriteFns.ReadBeforeFillGradient(p, dP), "ReadBeforeFill");
        Grad.Check(ReplayedWriteFns.ReadBeforeFill, p, dP, "ReadBeforeFill");

        double[] q = { 0.8, -0.5 };
        double[] dQ = new double[2];
        Array.Clear(dP);
        double value = ReplayedWriteFns.FillFromWrittenArrayGradient(p, (double[])q.Clone(), dP, dQ);
        Grad.SameValue(ReplayedWriteFns.FillFromWrittenArray(p, (double[])q.Clone()), value, "FillFromWrittenArray");
        Grad.Check(z => ReplayedWriteFns.FillFromWrittenArray(z[..4], z[4..]), [.. p, .. q], [.. dP, .. dQ], "FillFromWrittenArray");

        Array.Clear(dP);
        Grad.SameValue(ReplayedWriteFns.OneElementPerTrip(p), ReplayedWriteFns.OneElementPerTripGradient(p, dP), "OneElementPerTrip");
        Grad.Check(ReplayedWriteFns.OneElementPerTrip, p, dP, "OneElementPerTrip");

        Array.Clear(dP);
        Grad.SameValue(ReplayedWriteFns.TwoFills(p), ReplayedWriteFns.TwoFillsGradient(p, dP), "TwoFills");
        Grad.Check(ReplayedWriteFns.TwoFills, p, dP, "TwoFills");

        Array.Clear(dP);
        Grad.SameValue(ReplayedWriteFns.FillThenContinue(p), ReplayedWriteFns.FillThenContinueGradient(p, dP), "FillThenContinue");
        Grad.Check(ReplayedWriteFns.FillThenContinue, p, dP, "FillThenContinue");
    }

    [Fact]
    public void A_fill_in_a_branch_matches_central_differences()
    {
        double[] p = { 0.6, -0.3, 1.1 };
        double[] gate = { 1, -1, 1, 1, 0 };
        double[] dP = new double[3];
        double value = ReplayedWriteFns.FillInABranchGradient(p, gate, dP);
        Grad.SameValue(ReplayedWriteFns.FillInABranch(p, gate), value, "FillInABranch");
        Grad.Check(q => ReplayedWriteFns.FillInABranch(q, gate), p, dP, "FillInABranch");
    }

    [Fact]
    public void The_float_form_matches_the_double_form()
    {
        const int n = 2, k = 3, d = 2;
        double[] mu = Points(k * d, 6), x = Points(n * d, 7);
        float[] muF = Array.ConvertAll(mu, v => (float)v), xF = Array.ConvertAll(x, v => (float)v);
        float[] dMuF = new float[k * d];
        ReplayedWriteFns.CenteredNormsFGradient(muF, xF, n, k, d, dMuF);
        double[] w = new double[k * d];
        Array.Fill(w, 1.0);
        double[] dMu = new double[k * d], dW = new double[k * d];
        ReplayedWriteFns.CenteredNormsGradient(Array.ConvertAll(muF, v => (double)v), w, Array.ConvertAll(xF, v => (double)v), n, k, d, dMu, dW);
        double[] expected = new double[k * d];
        for (int i = 0; i < expected.Length; i++) expected[i] = dMu[i];

        // CenteredNorms weighs component c by c + 1; the float form does not.
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                Grad.Close(expected[c * d + j] / (c + 1), dMuF[c * d + j], 1e-5, 1e-5, $"dMu[{c * d + j}]");
            }
        }
    }

    [Fact]
    public void A_caller_through_the_recorded_halves_matches_central_differences()
    {
        double[] p = { 0.3, -0.7, 0.9, 1.2 };
        double[] dP = new double[4];
        double value = ReplayedWriteFns.CallerGradient(p, dP);
        Grad.SameValue(ReplayedWriteFns.Caller(p), value, "Caller");
        Grad.Check(ReplayedWriteFns.Caller, p, dP, "Caller");
    }

    [Fact]
    public void The_Jacobian_in_lanes_matches_central_differences()
    {
        double[] p = { 0.4, 1.3, -0.6, 0.2, 0.9 };
        var r = new double[2];
        var jacobian = new double[10];
        ReplayedWriteFns.ResidualJacobian(p, r, jacobian);
        for (int row = 0; row < 2; row++)
        {
            int k = row;
            Grad.Check(
                q =>
                {
                    var rr = new double[2];
                    ReplayedWriteFns.Residual(q, rr);
                    return rr[k];
                },
                p,
                jacobian.AsSpan(row * 5, 5).ToArray(),
                "Residual row " + row);
        }
    }
}
