using System;

namespace Diff.Workloads
{
    /// <summary>
    /// f(x) = Σ_{i&lt;n−1} (x_i² sin(x_{i+1}) + exp(−x_i)): a small scalar workload with a chain
    /// dependency between neighbouring entries.
    /// </summary>
    public static partial class SumSinExp
    {
        /// <summary>The objective. Its adjoint <c>ObjectiveGradient(x, dX)</c> is generated.</summary>
        [Differentiable]
        public static double Objective(double[] x)
        {
            double sum = 0.0;
            for (int i = 0; i < x.Length - 1; i++)
            {
                sum += x[i] * x[i] * Math.Sin(x[i + 1]) + Math.Exp(-x[i]);
            }
            return sum;
        }

        /// <summary>
        /// Hand-written adjoint of <see cref="Objective"/> in one fused pass. Returns the objective and
        /// adds ∂f/∂x into <paramref name="dX"/> (callers zero it first).
        /// </summary>
        public static double HandGradient(double[] x, double[] dX)
        {
            if (x is null) throw new ArgumentNullException(nameof(x));
            if (dX is null) throw new ArgumentNullException(nameof(dX));
            if (dX.Length < x.Length) throw new ArgumentException("dX must be at least as long as x.", nameof(dX));

            double sum = 0.0;
            for (int i = 0; i < x.Length - 1; i++)
            {
                double xi = x[i];
                (double s, double c) = Math.SinCos(x[i + 1]);
                double e = Math.Exp(-xi);
                sum += xi * xi * s + e;
                dX[i] += 2.0 * xi * s - e;
                dX[i + 1] += xi * xi * c;
            }
            return sum;
        }
    }
}
