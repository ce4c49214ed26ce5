using System;

namespace Diff.Workloads
{
    /// <summary>
    /// The ADBench GMM objective organised as ADBench's C++ reference is: helpers that write buffers (the precision
    /// factors' diagonals and their log-sums once, then x − μ and Q(x − μ) for each point and component into arrays the
    /// objective declares once), a squared norm, a log-sum-exp over an offset, and the Wishart prior, each a
    /// [Differentiable] method given whole arrays and offsets. Its value is <see cref="GmmObjective.Objective"/>'s, and
    /// so is its generated gradient. <see cref="GmmWithHelpers"/> is the same objective with value-returning helpers.
    /// </summary>
    public static partial class GmmWithBufferHelpers
    {
        /// <summary>The largest of <c>x[offset]</c> … <c>x[offset + n − 1]</c>.</summary>
        [Differentiable]
        public static double ArrayMax(double[] x, int offset, int n)
        {
            double m = x[offset];
            for (int i = 1; i < n; i++)
            {
                if (m < x[offset + i])
                {
                    m = x[offset + i];
                }
            }

            return m;
        }

        /// <summary>log Σ exp(x[offset + i]) over <paramref name="n"/> values, shifted by their maximum.</summary>
        [Differentiable]
        public static double LogSumExp(double[] x, int offset, int n)
        {
            double mx = ArrayMax(x, offset, n);
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                s += Math.Exp(x[offset + i] - mx);
            }

            return Math.Log(s) + mx;
        }

        /// <summary>Σ x[offset + i]² over <paramref name="n"/> values.</summary>
        [Differentiable]
        public static double SquaredNorm(double[] x, int offset, int n)
        {
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                s += x[offset + i] * x[offset + i];
            }

            return s;
        }

        /// <summary>For each component, exp of the diagonal parameters into <paramref name="diagonals"/> and their sum into <paramref name="sums"/>.</summary>
        [Differentiable]
        public static void PrepareDiagonals(double[] icf, int d, int k, double[] sums, double[] diagonals)
        {
            int icfSize = d * (d + 1) / 2;
            for (int c = 0; c < k; c++)
            {
                sums[c] = 0;
                for (int j = 0; j < d; j++)
                {
                    double q = icf[c * icfSize + j];
                    sums[c] += q;
                    diagonals[c * d + j] = Math.Exp(q);
                }
            }
        }

        /// <summary><c>into[j] = x[xOffset + j] − y[yOffset + j]</c> for j &lt; d.</summary>
        [Differentiable]
        public static void Subtract([NoDiff] double[] x, int xOffset, double[] y, int yOffset, int d, double[] into)
        {
            for (int j = 0; j < d; j++)
            {
                into[j] = x[xOffset + j] - y[yOffset + j];
            }
        }

        /// <summary>
        /// <c>into = Q v</c>, Q with diagonal <c>diagonals[diagonalOffset …]</c> and the strictly lower triangle
        /// <c>icf[lowerOffset …]</c> filled column by column.
        /// </summary>
        [Differentiable]
        public static void TriangularTimes(double[] diagonals, int diagonalOffset, double[] icf, int lowerOffset, double[] v, int d, double[] into)
        {
            for (int j = 0; j < d; j++)
            {
                into[j] = diagonals[diagonalOffset + j] * v[j];
            }

            int l = lowerOffset;
            for (int column = 0; column < d; column++)
            {
                for (int row = column + 1; row < d; row++)
                {
                    into[row] += icf[l] * v[column];
                    l++;
                }
            }
        }

        /// <summary>The Wishart prior's terms that depend on the parameters: Σ_c ½γ²(‖exp q_c‖² + ‖l_c‖²) − m Σ q_c.</summary>
        [Differentiable]
        public static double WishartPrior(double[] sums, double[] diagonals, double[] icf, int d, int k, [NoDiff] double gamma, int m)
        {
            int icfSize = d * (d + 1) / 2;
            double prior = 0;
            for (int c = 0; c < k; c++)
            {
                double frobenius = SquaredNorm(diagonals, c * d, d) + SquaredNorm(icf, c * icfSize + d, icfSize - d);
                prior += 0.5 * gamma * gamma * frobenius - m * sums[c];
            }

            return prior;
        }

        /// <summary>The GMM log-likelihood with Wishart prior, as ADBench defines it, through the buffer-writing helpers.</summary>
        [Differentiable]
        public static double Objective(double[] alphas, double[] means, double[] icf, [NoDiff] double[] x,
            int d, int k, int n, [NoDiff] double gamma, int m)
        {
            int icfSize = d * (d + 1) / 2;
            double[] diagonals = new double[d * k];
            double[] sums = new double[k];
            double[] centered = new double[d];
            double[] transformed = new double[d];
            double[] mainTerm = new double[k];
            PrepareDiagonals(icf, d, k, sums, diagonals);
            double slse = 0;
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < k; c++)
                {
                    Subtract(x, i * d, means, c * d, d, centered);
                    TriangularTimes(diagonals, c * d, icf, c * icfSize + d, centered, d, transformed);
                    mainTerm[c] = alphas[c] + sums[c] - 0.5 * SquaredNorm(transformed, 0, d);
                }

                slse += LogSumExp(mainTerm, 0, k);
            }

            int bigN = d + m + 1;
            double wishartC = bigN * d * (Math.Log(gamma) - 0.5 * Math.Log(2.0)) - GmmObjective.LogMultiGammaHalf(d, bigN);
            double constant = -0.5 * n * d * Math.Log(2.0 * Math.PI);
            return constant + slse - n * LogSumExp(alphas, 0, k) + WishartPrior(sums, diagonals, icf, d, k, gamma, m) - k * wishartC;
        }
    }
}
