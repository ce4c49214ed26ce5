// The chain rule checked by hand, no_grad, and gradient descent on y = 2x.
//
// PyTorch computes x.grad when z.backward() walks the graph recorded while z was computed. DiffGen
// writes that walk as C# when you build: ZGradient(x, dX) returns z and adds dz/dx into dX.

using System;
using System.Globalization;
using System.IO;
using Diff;

namespace Samples.GradientDescent;

public static partial class GradientDescentSample
{
    // y = x + 2, z = mean(2 y²). By the chain rule dz/dx = dz/dy · dy/dx = 4y / n, with n = 3 here.
    [Differentiable]
    static Tensor Z(Tensor x)
    {
        Tensor y = x + 2f;
        return (2f * y.Pow(2)).Mean();
    }

    // y = 5x. Used below without a gradient.
    [Differentiable]
    static Tensor TimesFive(Tensor x) => x * 5f;

    // The model y_pred = m·x and its mean squared error. x and y are data: [NoDiff].
    // The generator adds: LossGradient(Tensor m, Tensor x, Tensor y, Tensor? dM)
    [Differentiable]
    static Tensor Loss(Tensor m, [NoDiff] Tensor x, [NoDiff] Tensor y) => (m * x - y).Pow(2).Mean();

    /// <summary>The quantities the sample prints.</summary>
    public sealed record Result(
        Tensor X, Tensor Y, Tensor XGrad, Tensor FourYOverThree,
        Tensor TimesFive,
        Tensor Loss, Tensor MGrad, Tensor MAfterOneStep, float[] MTrajectory, float FinalLoss);

    static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Run(Console.Out);
    }

    /// <summary>Runs the sample, writing what it prints to <paramref name="output"/>.</summary>
    public static Result Run(TextWriter output)
    {
        // --- 1.1 The chain rule -------------------------------------------------------------------
        var generator = new Generator(0);
        Tensor x = Tensor.Randn(new[] { 3 }, generator);   // PyTorch: x = torch.randn(3, requires_grad=True)
        output.WriteLine($"x = {x}");

        Tensor y = x + 2f;
        output.WriteLine($"y = {y}");

        Tensor dX = Tensor.ZerosLike(x);                    // x.grad
        ZGradient(x, dX);                                   // PyTorch: z = (2 * y ** 2).mean(); z.backward()
        output.WriteLine($"x.grad = {dX}");

        Tensor fourYOverThree = 4f * y / 3f;
        output.WriteLine($"4 * y / 3 = {fourYOverThree}");  // the same numbers: the gradient is right
        output.WriteLine();

        // --- 1.2 no_grad --------------------------------------------------------------------------
        // PyTorch:  with torch.no_grad(): y = x * 5
        // DiffGen:  call TimesFive itself. Only TimesFiveGradient computes a gradient; the original
        // method is left exactly as you wrote it, so it records nothing and costs nothing extra.
        Tensor x123 = Tensor.FromArray(new[] { 1f, 2f, 3f }, 3);
        Tensor five = TimesFive(x123);
        output.WriteLine($"y = {five}");
        output.WriteLine();

        // --- 2 Backpropagation on y = 2x ----------------------------------------------------------
        Tensor xs = Tensor.FromArray(new[] { 1f, 2f, 3f }, 3);
        Tensor ys = Tensor.FromArray(new[] { 2f, 4f, 6f }, 3);
        Tensor m = Tensor.Scalar(1f);                       // our initial guess

        // 2.1 Forward pass, and 2.2 backpropagation, in one call.
        Tensor dM = Tensor.ZerosLike(m);
        Tensor loss = LossGradient(m, xs, ys, dM);
        output.WriteLine($"loss = {loss}");                 // ((1-2)² + (2-4)² + (3-6)²) / 3 = 14/3 = 4.6667
        output.WriteLine($"m.grad = {dM}");                 // 2 Σ (m xᵢ - yᵢ) xᵢ / 3 = -28/3 = -9.3333

        // Parameter update. PyTorch: m = m - learning_rate * m.grad
        const float learningRate = 0.01f;
        Tensor mAfterOneStep = m - learningRate * dM;
        output.WriteLine($"m = {mAfterOneStep}");           // 1.0933: the slope moved towards 2
        output.WriteLine();

        // Keep going: zero the gradient, compute it, step.
        m = mAfterOneStep;
        var trajectory = new float[100];
        for (int step = 0; step < trajectory.Length; step++)
        {
            Tensor grad = Tensor.ZerosLike(m);
            Tensor stepLoss = LossGradient(m, xs, ys, grad);
            m = m - learningRate * grad;
            trajectory[step] = m.Item();
            if ((step + 1) % 20 == 0)
            {
                output.WriteLine($"step {step + 1,3}: loss = {stepLoss.Item():F6}, m = {trajectory[step]:F4}");
            }
        }

        float finalLoss = Loss(m, xs, ys).Item();
        output.WriteLine($"final loss = {finalLoss:F6}, m = {m.Item():F4} (the data were made with m = 2)");

        return new Result(x, y, dX, fourYOverThree, five, loss, dM, mAfterOneStep, trajectory, finalLoss);
    }
}
