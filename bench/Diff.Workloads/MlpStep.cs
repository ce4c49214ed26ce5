using Diff.NN;
using Diff.Optim;

namespace Diff.Workloads
{
    /// <summary>
    /// One training step of a 784-256-128-10 perceptron (Linear and ReLU) on a batch of 64, with
    /// cross-entropy loss and SGD with momentum 0.9: the same model, batch and optimizer as
    /// <c>bench/peers/mlp_step.py</c> builds in PyTorch. The hidden sizes and the batch can be changed
    /// (the benchmark also runs 784-1024-1024-10 and batch 256).
    /// </summary>
    public static partial class MlpStep
    {
        public const int Batch = 64;
        public const int Inputs = 784;
        public const int Classes = 10;

        /// <summary>The mean cross-entropy of the model's logits for inputs <paramref name="x"/> and classes <paramref name="y"/>.</summary>
        [Differentiable]
        public static Tensor Loss(Module model, [NoDiff] Tensor x, [NoDiff] int[] y) =>
            Functional.CrossEntropyLoss(model.Forward(x), y);

        /// <summary>The model, initialised like PyTorch's <c>nn.Linear</c> from a fixed seed.</summary>
        public static Sequential CreateModel(int seed = 0, int hidden1 = 256, int hidden2 = 128)
        {
            var generator = new Generator(seed);
            return new Sequential(
                new Linear(Inputs, hidden1, generator: generator), new ReLU(),
                new Linear(hidden1, hidden2, generator: generator), new ReLU(),
                new Linear(hidden2, Classes, generator: generator));
        }

        /// <summary>SGD with learning rate 0.01 and momentum 0.9 over the model's parameters.</summary>
        public static SGD CreateOptimizer(Module model) => new(model.Parameters(), lr: 0.01, momentum: 0.9);

        /// <summary>A batch of standard-normal inputs and uniformly drawn classes.</summary>
        public static (Tensor X, int[] Y) CreateBatch(int seed = 1, int batch = Batch)
        {
            var generator = new Generator(seed);
            Tensor x = Tensor.Randn(new[] { batch, Inputs }, generator);
            var random = new System.Random(seed);
            var y = new int[batch];
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = random.Next(Classes);
            }

            return (x, y);
        }

        /// <summary>zero_grad, forward, backward, step; returns the loss before the update.</summary>
        public static float Step(Module model, Optimizer optimizer, Tensor x, int[] y)
        {
            optimizer.ZeroGrad();
            Tensor loss = LossGradient(model, x, y);
            optimizer.Step();
            return loss.Item();
        }
    }
}
