using System.Collections.Generic;
using Diff.NN;

namespace Diff.Runtime.Tests.Reference;

/// <summary>
/// The computations of the reference cases as <c>[Differentiable]</c> methods: the gradients the
/// tests compare with PyTorch's come from the companions the generator writes for these.
/// </summary>
public static partial class ReferenceModels
{
    // Linear layer.

    [Differentiable]
    public static Tensor LinearSum(Linear layer, Tensor x) => layer.Forward(x).Sum();

    [Differentiable]
    public static Tensor LinearOutput(Linear layer, Tensor x) => layer.Forward(x);

    // Softmax and log-softmax over dimension 1.

    [Differentiable]
    public static Tensor Softmax(Tensor x) => x.Softmax(1);

    [Differentiable]
    public static Tensor LogSoftmax(Tensor x) => x.LogSoftmax(1);

    // Losses, mean reduction; the targets are constants.

    [Differentiable]
    public static Tensor Mse(Tensor input, [NoDiff] Tensor target) => Functional.MSELoss(input, target);

    [Differentiable]
    public static Tensor L1(Tensor input, [NoDiff] Tensor target) => Functional.L1Loss(input, target);

    [Differentiable]
    public static Tensor Bce(Tensor input, [NoDiff] Tensor target) => Functional.BCELoss(input, target);

    [Differentiable]
    public static Tensor BceWithLogits(Tensor input, [NoDiff] Tensor target) => Functional.BCEWithLogitsLoss(input, target);

    [Differentiable]
    public static Tensor CrossEntropy(Tensor input, int[] target) => Functional.CrossEntropyLoss(input, target);

    [Differentiable]
    public static Tensor Nll(Tensor input, int[] target) => Functional.NLLLoss(input, target);

    // Training: the loss of a whole model on a fixed batch; gradients go to the model's parameters.

    [Differentiable]
    public static Tensor TrainingLoss(Module model, [NoDiff] Tensor x, int[] target)
        => Functional.CrossEntropyLoss(model.Forward(x), target);

    // The seed tutorials.

    /// <summary>y = 2x: the mean squared error of m·x against y.</summary>
    [Differentiable]
    public static Tensor SlopeLoss(Tensor m, [NoDiff] Tensor x, [NoDiff] Tensor y) => (m * x - y).Pow(2f).Mean();

    /// <summary>z = mean(2 (x + 2)²).</summary>
    [Differentiable]
    public static Tensor MeanTwoYSquared(Tensor x) => ((x + 2f).Pow(2f) * 2f).Mean();

    [Differentiable]
    public static Tensor Square(Tensor x) => x.Pow(2f);

    [Differentiable]
    public static Tensor SumOfSquares(Tensor x) => x.Pow(2f).Sum();

    [Differentiable]
    public static Tensor Product(Tensor a, Tensor b) => a * b;

    /// <summary>Linear regression: mean((W x − y)²) with a vector x.</summary>
    [Differentiable]
    public static Tensor RegressionLoss(Tensor w, [NoDiff] Tensor x, [NoDiff] Tensor yTrue)
        => (Tensor.MatMul(w, x) - yTrue).Pow(2f).Mean();

    /// <summary>Two layers: mean((W2 relu(W1 x) − y)²).</summary>
    [Differentiable]
    public static Tensor TwoLayerLoss(Tensor w1, Tensor w2, [NoDiff] Tensor x, [NoDiff] Tensor yTrue)
    {
        Tensor a1 = Tensor.MatMul(w1, x).Relu();
        Tensor y2 = Tensor.MatMul(w2, a1);
        return (y2 - yTrue).Pow(2f).Mean();
    }

    /// <summary>One layer z = x @ w + b with binary cross-entropy on logits.</summary>
    [Differentiable]
    public static Tensor LogitLayerLoss([NoDiff] Tensor x, Tensor w, Tensor b, [NoDiff] Tensor y)
        => Functional.BCEWithLogitsLoss(Tensor.MatMul(x, w) + b, y);
}
