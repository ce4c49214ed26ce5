using System;

namespace Diff.Workloads
{
    /// <summary>
    /// The ADBench Gaussian mixture model objective with a Wishart prior. <c>ObjectiveGradient</c> is
    /// generated; <see cref="HandGradient"/> is a hand-written adjoint for comparison.
    /// </summary>
    /// <remarks>
    /// Layouts: <c>means</c> is k·d, <c>icf</c> is k·d(d+1)/2 (each row q₁..q_d, then the strictly lower
    /// triangle of Q column by column), <c>x</c> is n·d.
    /// </remarks>
    public static partial class GmmObjective
    {
        /// <summary>The GMM log-likelihood with Wishart prior, exactly as ADBench defines it.</summary>
        [Differentiable]
        public static double Objective(double[] alphas, double[] means, double[] icf, [NoDiff] double[] x,
            int d, int k, int n, [NoDiff] double gamma, int m)
        {
            int icfSize = d * (d + 1) / 2;

            double[] sumQs = new double[k];
            for (int c = 0; c < k; c++)
            {
                double s = 0.0;
                for (int j = 0; j < d; j++)
                {
                    s += icf[c * icfSize + j];
                }
                sumQs[c] = s;
            }

            double[] mainTerm = new double[k];
            double[] xc = new double[d];
            double[] qxc = new double[d];
            double slse = 0.0;
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < k; c++)
                {
                    for (int j = 0; j < d; j++)
                    {
                        xc[j] = x[i * d + j] - means[c * d + j];
                    }
                    for (int j = 0; j < d; j++)
                    {
                        qxc[j] = Math.Exp(icf[c * icfSize + j]) * xc[j];
                    }
                    int li = c * icfSize + d;
                    for (int col = 0; col < d; col++)
                    {
                        for (int r = col + 1; r < d; r++)
                        {
                            qxc[r] += icf[li] * xc[col];
                            li++;
                        }
                    }
                    double sq = 0.0;
                    for (int j = 0; j < d; j++)
                    {
                        sq += qxc[j] * qxc[j];
                    }
                    mainTerm[c] = alphas[c] + sumQs[c] - 0.5 * sq;
                }

                double mx = mainTerm[0];
                for (int c = 1; c < k; c++)
                {
                    mx = Math.Max(mx, mainTerm[c]);
                }
                double se = 0.0;
                for (int c = 0; c < k; c++)
                {
                    se += Math.Exp(mainTerm[c] - mx);
                }
                slse += Math.Log(se) + mx;
            }

            double amx = alphas[0];
            for (int c = 1; c < k; c++)
            {
                amx = Math.Max(amx, alphas[c]);
            }
            double ase = 0.0;
            for (int c = 0; c < k; c++)
            {
                ase += Math.Exp(alphas[c] - amx);
            }
            double lseAlphas = Math.Log(ase) + amx;

            double prior = 0.0;
            for (int c = 0; c < k; c++)
            {
                double frob = 0.0;
                for (int j = 0; j < d; j++)
                {
                    double qd = Math.Exp(icf[c * icfSize + j]);
                    frob += qd * qd;
                }
                for (int j = d; j < icfSize; j++)
                {
                    double l = icf[c * icfSize + j];
                    frob += l * l;
                }
                prior += 0.5 * gamma * gamma * frob - m * sumQs[c];
            }

            int bigN = d + m + 1;
            double wishartC = bigN * d * (Math.Log(gamma) - 0.5 * Math.Log(2.0)) - LogMultiGammaHalf(d, bigN);
            double constant = -0.5 * n * d * Math.Log(2.0 * Math.PI);

            return constant + slse - n * lseAlphas + prior - k * wishartC;
        }

        /// <summary>
        /// Hand-written adjoint of <see cref="Objective"/>. Returns the objective and adds its gradient into
        /// <paramref name="dAlphas"/>, <paramref name="dMeans"/> and <paramref name="dIcf"/> (callers zero them).
        /// </summary>
        /// <remarks>
        /// With z = x_i − μ_k, y = Q_k z, t_ik = α_k + Σq_k − ½‖y‖² and w_ik = softmax_k(t_ik):
        /// ∂/∂α_k = Σ_i w_ik − n·softmax(α)_k;
        /// ∂/∂q_kj = Σ_i w_ik (1 − y_j e^{q_kj} z_j) + γ² e^{2q_kj} − m;
        /// ∂/∂L_k[r,c] = −Σ_i w_ik y_r z_c + γ² L_k[r,c];
        /// ∂/∂μ_k = Σ_i w_ik Q_kᵀ y.
        /// </remarks>
        public static double HandGradient(double[] alphas, double[] means, double[] icf, double[] x,
            int d, int k, int n, double gamma, int m,
            double[] dAlphas, double[] dMeans, double[] dIcf)
        {
            if (alphas is null) throw new ArgumentNullException(nameof(alphas));
            if (means is null) throw new ArgumentNullException(nameof(means));
            if (icf is null) throw new ArgumentNullException(nameof(icf));
            if (x is null) throw new ArgumentNullException(nameof(x));
            if (dAlphas is null) throw new ArgumentNullException(nameof(dAlphas));
            if (dMeans is null) throw new ArgumentNullException(nameof(dMeans));
            if (dIcf is null) throw new ArgumentNullException(nameof(dIcf));

            int icfSize = d * (d + 1) / 2;
            var sumQs = new double[k];
            var qDiag = new double[k * d];
            for (int c = 0; c < k; c++)
            {
                double s = 0.0;
                for (int j = 0; j < d; j++)
                {
                    double q = icf[c * icfSize + j];
                    s += q;
                    qDiag[c * d + j] = Math.Exp(q);
                }
                sumQs[c] = s;
            }

            var mainTerm = new double[k];
            var z = new double[k * d];
            var y = new double[k * d];
            double slse = 0.0;
            for (int i = 0; i < n; i++)
            {
                int xi = i * d;
                for (int c = 0; c < k; c++)
                {
                    int o = c * d;
                    for (int j = 0; j < d; j++)
                    {
                        double zj = x[xi + j] - means[o + j];
                        z[o + j] = zj;
                        y[o + j] = qDiag[o + j] * zj;
                    }
                    int li = c * icfSize + d;
                    for (int col = 0; col < d; col++)
                    {
                        double zc = z[o + col];
                        for (int r = col + 1; r < d; r++)
                        {
                            y[o + r] += icf[li] * zc;
                            li++;
                        }
                    }
                    double sq = 0.0;
                    for (int j = 0; j < d; j++)
                    {
                        sq += y[o + j] * y[o + j];
                    }
                    mainTerm[c] = alphas[c] + sumQs[c] - 0.5 * sq;
                }

                double mx = mainTerm[0];
                for (int c = 1; c < k; c++)
                {
                    mx = Math.Max(mx, mainTerm[c]);
                }
                double se = 0.0;
                for (int c = 0; c < k; c++)
                {
                    se += Math.Exp(mainTerm[c] - mx);
                }
                double lse = Math.Log(se) + mx;
                slse += lse;

                // Reverse: ∂lse/∂t_c = w_c.
                for (int c = 0; c < k; c++)
                {
                    double w = Math.Exp(mainTerm[c] - lse);
                    int o = c * d;
                    int qi = c * icfSize;
                    dAlphas[c] += w;
                    for (int j = 0; j < d; j++)
                    {
                        dIcf[qi + j] += w * (1.0 - y[o + j] * qDiag[o + j] * z[o + j]);
                    }
                    int li = qi + d;
                    for (int col = 0; col < d; col++)
                    {
                        double zc = z[o + col];
                        double qty = qDiag[o + col] * y[o + col];
                        for (int r = col + 1; r < d; r++)
                        {
                            double yr = y[o + r];
                            qty += icf[li] * yr;
                            dIcf[li] -= w * yr * zc;
                            li++;
                        }
                        dMeans[o + col] += w * qty;
                    }
                }
            }

            double amx = alphas[0];
            for (int c = 1; c < k; c++)
            {
                amx = Math.Max(amx, alphas[c]);
            }
            double ase = 0.0;
            for (int c = 0; c < k; c++)
            {
                ase += Math.Exp(alphas[c] - amx);
            }
            double lseAlphas = Math.Log(ase) + amx;
            for (int c = 0; c < k; c++)
            {
                dAlphas[c] -= n * Math.Exp(alphas[c] - lseAlphas);
            }

            double g2 = gamma * gamma;
            double prior = 0.0;
            for (int c = 0; c < k; c++)
            {
                int qi = c * icfSize;
                double frob = 0.0;
                for (int j = 0; j < d; j++)
                {
                    double qd = qDiag[c * d + j];
                    frob += qd * qd;
                    dIcf[qi + j] += g2 * qd * qd - m;
                }
                for (int j = d; j < icfSize; j++)
                {
                    double l = icf[qi + j];
                    frob += l * l;
                    dIcf[qi + j] += g2 * l;
                }
                prior += 0.5 * g2 * frob - m * sumQs[c];
            }

            int bigN = d + m + 1;
            double wishartC = bigN * d * (Math.Log(gamma) - 0.5 * Math.Log(2.0)) - LogMultiGammaHalf(d, bigN);
            double constant = -0.5 * n * d * Math.Log(2.0 * Math.PI);

            return constant + slse - n * lseAlphas + prior - k * wishartC;
        }

        /// <summary>
        /// log Γ_p(a) for a = <paramref name="twiceA"/>/2: ¼·p(p−1)·log π + Σ_{j=1..p} lgamma(a + (1 − j)/2).
        /// Every lgamma argument is a positive multiple of ½, so it is computed exactly from
        /// Γ(1) = 1, Γ(½) = √π and Γ(t + 1) = t·Γ(t).
        /// </summary>
        public static double LogMultiGammaHalf(int p, int twiceA)
        {
            double result = 0.25 * p * (p - 1) * Math.Log(Math.PI);
            for (int j = 1; j <= p; j++)
            {
                result += LogGammaHalf(twiceA + 1 - j);
            }
            return result;
        }

        /// <summary>lgamma(t/2) for a positive integer t, from the recurrence Γ(s + 1) = s·Γ(s).</summary>
        public static double LogGammaHalf(int t)
        {
            if (t <= 0) throw new ArgumentOutOfRangeException(nameof(t), t, "lgamma(t/2) needs t > 0.");
            double result = (t % 2 == 0) ? 0.0 : 0.5 * Math.Log(Math.PI);
            // Γ(t/2) = Π_{s = t/2 − 1, t/2 − 2, …, ≥ 1 or ½} s · Γ(1 or ½).
            for (int twiceS = t - 2; twiceS > 0; twiceS -= 2)
            {
                result += Math.Log(0.5 * twiceS);
            }
            return result;
        }
    }
}
