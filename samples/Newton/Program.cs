// Newton's method with Hessian-vector products: minimise the Rosenbrock function.
//
// Newton-CG never forms the Hessian. Each step solves H p = -g by conjugate gradients, and CG only
// needs products H·v. DiffGen generates them: RosenbrockHessianVector(x, v, dX, hvX) returns f(x),
// adds the gradient into dX and H·v into hvX (forward mode applied to the gradient's sweeps; JAX's hvp).

using System;
using System.Globalization;
using System.IO;
using Diff;

namespace Samples.Newton;

public static partial class NewtonSample
{
    /// <summary>Σ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)²: a curved valley with its minimum at (1, …, 1).</summary>
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

    /// <summary>What the sample computes.</summary>
    /// <param name="NewtonSteps">Newton-CG steps until the gradient's norm is below the tolerance.</param>
    /// <param name="GradientDescentSteps">Gradient-descent steps for the same tolerance (capped at the limit).</param>
    public sealed record Result(double[] Minimum, double FinalValue, int NewtonSteps, int GradientDescentSteps, int GradientDescentLimit, double[] NewtonValues);

    private const double Tolerance = 1e-8;

    static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Run(Console.Out);
        Console.WriteLine();
        LogisticRegression.Run(Console.Out);
    }

    /// <summary>Runs both methods from the classic start (−1.2, 1, −1.2, 1, …) and prints their progress.</summary>
    public static Result Run(TextWriter output, int dimension = 2, int gradientDescentLimit = 20000)
    {
        double[] start = new double[dimension];
        for (int i = 0; i < dimension; i++)
        {
            start[i] = i % 2 == 0 ? -1.2 : 1.0;
        }

        output.WriteLine($"Rosenbrock in {dimension} dimensions, from (-1.2, 1, ...); stop when |gradient| < {Tolerance:g}");
        output.WriteLine();
        output.WriteLine("Newton-CG (Hessian-vector products from RosenbrockHessianVector):");
        output.WriteLine("  step   f(x)                    |gradient|     CG iterations");
        double[] x = (double[])start.Clone();
        var values = new System.Collections.Generic.List<double>();
        int newtonSteps = 0;
        while (true)
        {
            double[] g = new double[dimension];
            double f = RosenbrockGradient(x, g);
            values.Add(f);
            double norm = Norm(g);
            if (norm < Tolerance || newtonSteps == 200)
            {
                output.WriteLine($"  {newtonSteps,4}   {f,-22:E6}  {norm,-12:E3}");
                break;
            }

            (double[] p, int cgIterations) = SolveNewtonSystem(x, g);
            output.WriteLine($"  {newtonSteps,4}   {f,-22:E6}  {norm,-12:E3}   {cgIterations}");
            double step = LineSearch(x, f, g, p);
            for (int i = 0; i < dimension; i++)
            {
                x[i] += step * p[i];
            }

            newtonSteps++;
        }

        double[] minimum = x;
        double finalValue = Rosenbrock(minimum);
        output.WriteLine($"  minimum at ({string.Join(", ", Array.ConvertAll(minimum, v => v.ToString("F6", CultureInfo.InvariantCulture)))}), f = {finalValue:E3}");
        output.WriteLine();

        // The same problem by gradient descent with the same line search.
        x = (double[])start.Clone();
        int descentSteps = 0;
        double lastNorm = double.PositiveInfinity;
        while (descentSteps < gradientDescentLimit)
        {
            double[] g = new double[dimension];
            double f = RosenbrockGradient(x, g);
            lastNorm = Norm(g);
            if (lastNorm < Tolerance)
            {
                break;
            }

            double[] p = Array.ConvertAll(g, v => -v);
            double step = LineSearch(x, f, g, p);
            for (int i = 0; i < dimension; i++)
            {
                x[i] += step * p[i];
            }

            descentSteps++;
        }

        output.WriteLine(descentSteps < gradientDescentLimit
            ? $"Gradient descent: {descentSteps} steps to the same tolerance."
            : $"Gradient descent: not there after {gradientDescentLimit} steps (|gradient| = {lastNorm:E3}, f = {Rosenbrock(x):E3}).");
        output.WriteLine($"Newton-CG: {newtonSteps} steps.");
        return new Result(minimum, finalValue, newtonSteps, descentSteps, gradientDescentLimit, values.ToArray());
    }

    /// <summary>
    /// Conjugate gradients on H p = −g, stopped at negative curvature (Steihaug's rule, so the
    /// direction stays a descent direction away from the minimum) or when the residual is small.
    /// </summary>
    private static (double[] Direction, int Iterations) SolveNewtonSystem(double[] x, double[] g)
    {
        int n = x.Length;
        double[] p = new double[n];
        double[] r = Array.ConvertAll(g, v => -v);
        double[] d = (double[])r.Clone();
        double rr = Dot(r, r);
        double stop = Math.Min(1e-2, Norm(g)) * Norm(g);
        int iteration = 0;
        for (; iteration < 2 * n; iteration++)
        {
            double[] hd = HessianTimes(x, d);
            double curvature = Dot(d, hd);
            if (curvature <= 0)
            {
                return (iteration == 0 ? d : p, iteration);
            }

            double alpha = rr / curvature;
            for (int i = 0; i < n; i++)
            {
                p[i] += alpha * d[i];
                r[i] -= alpha * hd[i];
            }

            double next = Dot(r, r);
            if (Math.Sqrt(next) < stop)
            {
                return (p, iteration + 1);
            }

            for (int i = 0; i < n; i++)
            {
                d[i] = r[i] + next / rr * d[i];
            }

            rr = next;
        }

        return (p, iteration);
    }

    /// <summary>H(x)·v from the generated forward-over-reverse companion.</summary>
    private static double[] HessianTimes(double[] x, double[] v)
    {
        double[] gradient = new double[x.Length];
        double[] product = new double[x.Length];
        RosenbrockHessianVector(x, v, gradient, product);
        return product;
    }

    /// <summary>Backtracking from a full step until the decrease is sufficient (Armijo's rule).</summary>
    private static double LineSearch(double[] x, double f, double[] g, double[] p)
    {
        double slope = Dot(g, p);
        double step = 1;
        double[] trial = new double[x.Length];
        for (int attempt = 0; attempt < 60; attempt++)
        {
            for (int i = 0; i < x.Length; i++)
            {
                trial[i] = x[i] + step * p[i];
            }

            if (Rosenbrock(trial) <= f + 1e-4 * step * slope)
            {
                return step;
            }

            step *= 0.5;
        }

        return step;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
