namespace Diff.Workloads
{
    /// <summary>
    /// A Hessian-vector product in tensor mode: the cross-entropy of a two-layer tanh perceptron whose weights are
    /// tensor arguments, so that <c>LossHessianVector</c> gives H·v with respect to them (the product Newton–CG and
    /// curvature-based optimizers need). The benchmark compares it with the loss and its gradient.
    /// </summary>
    public static partial class TensorCurvature
    {
        /// <summary>The mean cross-entropy of tanh(x·W1 + b1)·W2 against one-hot targets.</summary>
        [Differentiable]
        public static Tensor Loss(Tensor w1, Tensor b1, Tensor w2, [NoDiff] Tensor x, [NoDiff] Tensor oneHot)
        {
            Tensor hidden = (Tensor.MatMul(x, w1) + b1).Tanh();
            Tensor logits = Tensor.MatMul(hidden, w2);
            return -(logits.LogSoftmax(1) * oneHot).Sum() / x.Shape[0];
        }

        /// <summary>Weights, inputs and targets drawn from a fixed seed: inputs × hidden, hidden × classes, batch rows.</summary>
        public static (Tensor W1, Tensor B1, Tensor W2, Tensor X, Tensor OneHot) Create(int inputs, int hidden, int classes, int batch, int seed = 3)
        {
            var generator = new Generator(seed);
            Tensor w1 = Tensor.Randn(new[] { inputs, hidden }, generator) * (1f / System.MathF.Sqrt(inputs));
            Tensor b1 = Tensor.Randn(new[] { hidden }, generator) * 0.1f;
            Tensor w2 = Tensor.Randn(new[] { hidden, classes }, generator) * (1f / System.MathF.Sqrt(hidden));
            Tensor x = Tensor.Randn(new[] { batch, inputs }, generator);
            var oneHot = Tensor.Zeros(batch, classes);
            for (int row = 0; row < batch; row++)
            {
                oneHot.AsSpan()[row * classes + (row * 7 + 3) % classes] = 1f;
            }

            return (w1, b1, w2, x, oneHot);
        }
    }
}
