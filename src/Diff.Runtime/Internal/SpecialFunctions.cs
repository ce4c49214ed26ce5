using System;

namespace Diff.Internal
{
    /// <summary>
    /// Special functions in double precision that .NET's <see cref="Math"/> lacks: the error function
    /// and its complement, for the exact GELU.
    /// </summary>
    internal static class SpecialFunctions
    {
        // Shared with the exact GELU's device kernel, which evaluates the same formula (DeviceKernels.GeluErf).
        internal const double TwoOverSqrtPi = 1.1283791670955126;
        internal const double OneOverSqrtPi = 0.5641895835477563;

        /// <summary>The error function, erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, to about 1e-15.</summary>
        public static double Erf(double x)
        {
            double z = Math.Abs(x);
            double value = z < SeriesLimit ? Series(z) : 1.0 - ContinuedFraction(z);
            return x < 0 ? -value : value;
        }

        /// <summary>The complementary error function 1 − erf(x), accurate also where it is tiny (x ≫ 1).</summary>
        public static double Erfc(double x)
        {
            if (x < SeriesLimit)
            {
                return x > -SeriesLimit ? 1.0 - Series(Math.Abs(x)) * Math.Sign(x) : 2.0 - ContinuedFraction(-x);
            }

            return ContinuedFraction(x);
        }

        // Below 2.5 the Maclaurin series loses at most three digits to cancellation; above it the
        // continued fraction converges in a few dozen terms.
        internal const double SeriesLimit = 2.5;

        /// <summary>erf(z) for 0 ≤ z &lt; 2.5 by its Maclaurin series Σ (−1)ⁿ z^(2n+1) / (n! (2n+1)).</summary>
        private static double Series(double z)
        {
            double z2 = z * z;
            double term = z;
            double sum = z;
            for (int n = 1; n < 200; n++)
            {
                term *= -z2 / n;
                double contribution = term / (2 * n + 1);
                sum += contribution;
                if (Math.Abs(contribution) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            return TwoOverSqrtPi * sum;
        }

        /// <summary>
        /// erfc(z) for z ≥ 2.5 by Laplace's continued fraction
        /// e^(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))), evaluated from the tail.
        /// </summary>
        private static double ContinuedFraction(double z)
        {
            double tail = z;
            for (int k = 80; k >= 1; k--)
            {
                tail = z + k * 0.5 / tail;
            }

            return Math.Exp(-z * z) * OneOverSqrtPi / tail;
        }
    }
}
