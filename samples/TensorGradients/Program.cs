// Gradients of tensors: a scalar, a vector, linear regression and a two-layer network.
//
// In PyTorch you set requires_grad=True, compute, call loss.backward() and read W.grad.
// In DiffGen you write the computation as a [Differentiable] method; the generator adds
// <Method>Gradient, which returns the same value and adds the gradient into the adjoint tensors
// you pass (dW plays the role of W.grad). Inputs you do not want a gradient for are [NoDiff].

using System;
using System.Globalization;
using System.IO;
using Diff;

namespace Samples.TensorGradients;

public static partial class TensorGradientsSample
{
    // y = x², for a scalar x.
    [Differentiable]
    static Tensor Square(Tensor x) => x.Pow(2);

    // y = Σ xᵢ². A gradient needs a one-element result, as backward() does in PyTorch.
    [Differentiable]
    static Tensor SumOfSquares(Tensor x) => x.Pow(2).Sum();

    // Linear regression: y = W x, L = mean((y - y_true)²).
    // x and y_true are data, so [NoDiff]: the generator adds
    //   RegressionLossGradient(Tensor w, Tensor x, Tensor yTrue, Tensor? dW)
    [Differentiable]
    static Tensor RegressionLoss(Tensor w, [NoDiff] Tensor x, [NoDiff] Tensor yTrue) =>
        (Tensor.MatMul(w, x) - yTrue).Pow(2).Mean();

    // Two layers: y = W2 relu(W1 x), no activation on the output layer.
    [Differentiable]
    static Tensor TwoLayer(Tensor w1, Tensor w2, [NoDiff] Tensor x) => Tensor.MatMul(w2, Tensor.MatMul(w1, x).Relu());

    // Its loss. Calls between [Differentiable] methods are differentiated through.
    // The generator adds TwoLayerLossGradient(Tensor w1, Tensor w2, Tensor x, Tensor yTrue, Tensor? dW1, Tensor? dW2)
    [Differentiable]
    static Tensor TwoLayerLoss(Tensor w1, Tensor w2, [NoDiff] Tensor x, [NoDiff] Tensor yTrue) =>
        (TwoLayer(w1, w2, x) - yTrue).Pow(2).Mean();

    /// <summary>The quantities the sample prints.</summary>
    public sealed record Result(
        Tensor ScalarY, Tensor ScalarGrad,
        Tensor VectorY, Tensor VectorGrad,
        Tensor X, Tensor W, Tensor Y, Tensor YTrue, Tensor Loss, Tensor WGrad, Tensor WAfterStep, Tensor LossAfterStep,
        Tensor W1, Tensor W2, Tensor TwoLayerLoss, Tensor W1Grad, Tensor W2Grad, Tensor TwoLayerLossAfterStep);

    static void Main()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Run(Console.Out);
    }

    /// <summary>Runs the sample, writing what it prints to <paramref name="output"/>.</summary>
    public static Result Run(TextWriter output)
    {
        // --- x = 5, y = x², dy/dx = 2x = 10 ------------------------------------------------------
        // PyTorch: x = torch.tensor(5., requires_grad=True); y = x**2; y.backward(); x.grad
        Tensor x5 = Tensor.Scalar(5f);
        Tensor dX5 = Tensor.ZerosLike(x5);
        Tensor y5 = SquareGradient(x5, dX5);
        output.WriteLine($"x = {x5}");
        output.WriteLine($"y = {y5}");              // 25
        output.WriteLine($"x.grad = {dX5}");        // 10
        output.WriteLine();

        // --- x = [1 2 3], y = Σ xᵢ² = 14, ∇y = 2x = [2 4 6] -----------------------------------
        Tensor x3 = Tensor.FromArray(new[] { 1f, 2f, 3f }, 3);
        Tensor dX3 = Tensor.ZerosLike(x3);
        Tensor y3 = SumOfSquaresGradient(x3, dX3);
        output.WriteLine($"y = {y3}");              // 14
        output.WriteLine($"x.grad = {dX3}");        // [2, 4, 6]
        output.WriteLine();

        // --- Linear regression --------------------------------------------------------------------
        var generator = new Generator(0);
        Tensor x = Tensor.FromArray(new[] { 1f, 2f, 4f }, 3);
        Tensor w = Tensor.Randn(new[] { 4, 3 }, generator);     // PyTorch: torch.randn((4,3), requires_grad=True)
        output.WriteLine($"W = {w}");

        Tensor y = Tensor.MatMul(w, x);                                 // a plain call: no gradient is recorded
        output.WriteLine($"y = {y}");

        // PyTorch's y_true here is an integer tensor; DiffGen tensors are float32.
        Tensor yTrue = Tensor.FromArray(new[] { 1f, 2f, 3f, 4f }, 4);
        output.WriteLine($"y_true = {yTrue}");

        Tensor dW = Tensor.ZerosLike(w);                        // W.grad
        Tensor loss = RegressionLossGradient(w, x, yTrue, dW);  // loss and loss.backward() in one call
        output.WriteLine($"loss = {loss}");
        output.WriteLine($"W.grad = {dW}");

        // Gradient descent: W := W - α ∇L. Ordinary tensor arithmetic outside a [Differentiable]
        // method records nothing, so there is nothing to detach.
        // PyTorch: W = W.detach() - W.grad * 0.03
        Tensor wAfter = w - dW * 0.03f;
        output.WriteLine($"W = {wAfter}");

        // The loss is now smaller. Calling the method itself computes only the value (no_grad).
        Tensor lossAfter = RegressionLoss(wAfter, x, yTrue);
        output.WriteLine($"loss = {lossAfter}");
        output.WriteLine();

        // --- A two-layer network ------------------------------------------------------------------
        Tensor w1 = Tensor.Randn(new[] { 4, 3 }, generator);   // layer 1 weight, N(0, 1)
        Tensor y1 = Tensor.MatMul(w1, x);                               // linear projection
        Tensor a1 = y1.Relu();                                  // activation
        output.WriteLine($"y1: {y1}");
        output.WriteLine($"a1: {a1}");

        Tensor w2 = Tensor.Rand(new[] { 4, 4 }, generator);    // layer 2 weight, U[0, 1)
        Tensor y2 = Tensor.MatMul(w2, a1);
        output.WriteLine($"y2: {y2}");

        Tensor dW1 = Tensor.ZerosLike(w1);
        Tensor dW2 = Tensor.ZerosLike(w2);
        Tensor loss2 = TwoLayerLossGradient(w1, w2, x, yTrue, dW1, dW2);
        output.WriteLine($"loss = {loss2}");
        output.WriteLine($"W1.grad = {dW1}");     // the row of a unit the ReLU switched off is zero
        output.WriteLine($"W2.grad = {dW2}");     // and so is the column that reads it

        // One step of gradient descent on both layers, then the new loss. (The tutorial draws a
        // fresh W2 at this point; here both updated weights are kept.)
        Tensor w1After = w1 - dW1 * 0.03f;
        Tensor w2After = w2 - dW2 * 0.03f;
        Tensor loss2After = TwoLayerLoss(w1After, w2After, x, yTrue);
        output.WriteLine($"loss = {loss2After}");

        return new Result(
            y5, dX5, y3, dX3,
            x, w, y, yTrue, loss, dW, wAfter, lossAfter,
            w1, w2, loss2, dW1, dW2, loss2After);
    }
}
