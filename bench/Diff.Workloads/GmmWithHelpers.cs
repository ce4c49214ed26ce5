using System;

namespace Diff.Workloads
{
    /// <summary>
    /// The ADBench GMM objective written the way a C# programmer would, with helpers: the log-sum-exp, the
    /// Mahalanobis term ‖Q(x − μ)‖², the sum of the log-diagonal and the Wishart prior are separate
    /// [Differentiable] methods, each given the whole parameter arrays and an index. Its value is
    /// <see cref="GmmObjective.Objective"/>'s, and so is its generated gradient.
    /// </summary>
    public static partial class GmmWithHelpers
    {
        /// <summary>log Σⱼ exp(v[j]) over the first <paramref name="length"/> values, shifted by their maximum.</summary>
        [Differentiable]
        public static double LogSumExp(double[] v, int length)
        {
            double mx = v[0];
            for (int j = 1; j < length; j++)
            {
                mx = Math.Max(mx, v[j]);
            }

            double sum = 0.0;
            for (int j = 0; j < length; j++)
            {
                sum += Math.Exp(v[j] - mx);
            }

            return Math.Log(sum) + mx;
        }

        /// <summary>Σⱼ q_cj: the log-determinant of component <paramref name="c"/>'s precision factor.</summary>
        [Differentiable]
        public static double SumLogDiagonal(double[] icf, int c, int d)
        {
            int start = c * (d * (d + 1) / 2);
            double s = 0.0;
            for (int j = 0; j < d; j++)
            {
                s += icf[start + j];
            }

            return s;
        }

        /// <summary>‖Q_c (x_i − μ_c)‖², with Q_c = diag(exp q_c) + the strictly lower triangle L_c (column by column).</summary>
        [Differentiable]
        public static double Mahalanobis(double[] means, double[] icf, [NoDiff] double[] x, int i, int c, int d)
        {
            int start = c * (d * (d + 1) / 2);
            double[] xc = new double[d];
            for (int j = 0; j < d; j++)
            {
                xc[j] = x[i * d + j] - means[c * d + j];
            }

            double[] qxc = new double[d];
            for (int j = 0; j < d; j++)
            {
                qxc[j] = Math.Exp(icf[start + j]) * xc[j];
            }

            int li = start + d;
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

            return sq;
        }

        /// <summary>The Wishart prior's log-density terms that depend on the parameters: ½γ²‖Q_c‖²_F − m Σ q_c, over every component.</summary>
        [Differentiable]
        public static double Prior(double[] icf, int k, int d, [NoDiff] double gamma, int m)
        {
            int icfSize = d * (d + 1) / 2;
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

                prior += 0.5 * gamma * gamma * frob - m * SumLogDiagonal(icf, c, d);
            }

            return prior;
        }

        /// <summary>The GMM log-likelihood with Wishart prior, as ADBench defines it, through the helpers.</summary>
        [Differentiable]
        public static double Objective(double[] alphas, double[] means, double[] icf, [NoDiff] double[] x,
            int d, int k, int n, [NoDiff] double gamma, int m)
        {
            double[] mainTerm = new double[k];
            double slse = 0.0;
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < k; c++)
                {
                    mainTerm[c] = alphas[c] + SumLogDiagonal(icf, c, d) - 0.5 * Mahalanobis(means, icf, x, i, c, d);
                }

                slse += LogSumExp(mainTerm, k);
            }

            int bigN = d + m + 1;
            double wishartC = bigN * d * (Math.Log(gamma) - 0.5 * Math.Log(2.0)) - GmmObjective.LogMultiGammaHalf(d, bigN);
            double constant = -0.5 * n * d * Math.Log(2.0 * Math.PI);
            return constant + slse - n * LogSumExp(alphas, k) + Prior(icf, k, d, gamma, m) - k * wishartC;
        }
    }
}
