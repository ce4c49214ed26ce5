// DiffGen quickstart: three small steps from "the derivative of x²" to fitting a line.
//
// Mark a method [Differentiable] and, at build time, the generator adds a method next to it named
// <Method>Gradient. It takes the same arguments plus one adjoint per differentiable parameter
// (named d + the parameter name: x -> dX), returns the same value, and ADDS the derivative into
// the adjoints, like PyTorch's .grad. So set adjoints to zero before each call.
//
// The generated code is ordinary C#; after a build it is under obj/.../generated/.

using System;
using System.Globalization;
using Diff;

// The generator adds members to this class, so it must be partial.
static partial class Program
{
    // ---------------------------------------------------------------------------------------------
    // (a) One variable: f(x) = x², so f'(x) = 2x.
    //     The generator writes: static double SquareGradient(double x, ref double dX)
    // ---------------------------------------------------------------------------------------------
    [Differentiable]
    static double Square(double x) => x * x;

    // ---------------------------------------------------------------------------------------------
    // (b) A function of an array: the Rosenbrock function
    //       f(x) = Σ 100 (x[i+1] - x[i]²)² + (1 - x[i])²
    //     The generator writes: static double RosenbrockGradient(double[] x, double[] dX)
    //     dX must have the same length as x.
    // ---------------------------------------------------------------------------------------------
    [Differentiable]
    static double Rosenbrock(double[] x)
    {
        double sum = 0.0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            sum += 100.0 * a * a + b * b;
        }
        return sum;
    }

    // ---------------------------------------------------------------------------------------------
    // (c) A loss to minimise: mean squared error of the line y = w·x + b on some data.
    //     The data are constants, so they are marked [NoDiff]: they get no adjoint.
    //     The generator writes:
    //       static double LossGradient(double w, double b, double[] xs, double[] ys,
    //                                  ref double dW, ref double dB)
    // ---------------------------------------------------------------------------------------------
    [Differentiable]
    static double Loss(double w, double b, [NoDiff] double[] xs, [NoDiff] double[] ys)
    {
        double sum = 0.0;
        for (int i = 0; i < xs.Length; i++)
        {
            double error = w * xs[i] + b - ys[i];
            sum += error * error;
        }
        return sum / xs.Length;
    }

    static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

        // (a) ------------------------------------------------------------------------------------
        // PyTorch:  x = torch.tensor(5., requires_grad=True); y = x**2; y.backward(); x.grad
        Console.WriteLine("(a) f(x) = x^2");
        double dx = 0.0;                              // the "x.grad" slot, zeroed
        double y = SquareGradient(5.0, ref dx);       // value and gradient in one call
        Console.WriteLine($"    f(5)  = {y}");        // 25
        Console.WriteLine($"    f'(5) = {dx}");       // 10
        // Calling the original method computes only the value, at no extra cost (PyTorch: no_grad).
        Console.WriteLine($"    Square(5) = {Square(5.0)}");
        Console.WriteLine();

        // (b) ------------------------------------------------------------------------------------
        Console.WriteLine("(b) Rosenbrock function of 4 variables");
        double[] point = { -1.2, 1.0, 0.5, 2.0 };
        double[] gradient = new double[point.Length];   // new arrays start at zero
        double value = RosenbrockGradient(point, gradient);
        Console.WriteLine($"    f(x) = {value}");

        // Check each component against a central finite difference (f(x+h) - f(x-h)) / 2h.
        Console.WriteLine("    i   generated gradient   finite difference");
        const double h = 1e-6;
        for (int i = 0; i < point.Length; i++)
        {
            double[] plus = (double[])point.Clone();
            double[] minus = (double[])point.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Rosenbrock(plus) - Rosenbrock(minus)) / (2 * h);
            Console.WriteLine($"    {i}   {gradient[i],18:F6}   {numeric,17:F6}");
        }
        Console.WriteLine();

        // (c) ------------------------------------------------------------------------------------
        Console.WriteLine("(c) Fit y = w*x + b to data from y = 2x + 1 (plus a little noise)");
        const int n = 21;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = -1.0 + 2.0 * i / (n - 1);                  // -1.0, -0.9, ..., 1.0
            ys[i] = 2.0 * xs[i] + 1.0 + 0.05 * Math.Sin(7 * i); // small deterministic "noise"
        }

        double w = 0.0, b = 0.0;          // start from a flat line
        const double learningRate = 0.2;
        for (int step = 0; step < 50; step++)
        {
            double dw = 0.0, db = 0.0;    // zero the gradients (PyTorch: optimizer.zero_grad())
            double loss = LossGradient(w, b, xs, ys, ref dw, ref db);   // forward + backward
            if (step % 10 == 0)
            {
                Console.WriteLine($"    step {step,2}: loss = {loss:F6}");
            }

            w -= learningRate * dw;       // gradient descent (PyTorch: optimizer.step())
            b -= learningRate * db;
        }

        // The plain method gives the final loss without computing a gradient.
        Console.WriteLine($"    step 50: loss = {Loss(w, b, xs, ys):F6}   (what is left is the noise)");
        Console.WriteLine($"    w = {w:F4}, b = {b:F4}   (data made with w = 2, b = 1)");
    }
}
