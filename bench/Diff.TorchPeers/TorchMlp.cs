using System;
using Diff.NN;
using TorchSharp;
using static TorchSharp.torch;
using DiffTensor = Diff.Tensor;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Diff.TorchPeers
{
    /// <summary>
    /// The TorchSharp twin of <c>MlpStep</c> (bench/Diff.Workloads/MlpStep.cs): the same Linear/ReLU
    /// layers with DiffGen's initial weights copied in, the same batch, cross-entropy and SGD (lr 0.01,
    /// momentum 0.9), stepped by zero_grad, forward, backward, step.
    /// </summary>
    internal sealed class TorchMlp : IDisposable
    {
        private readonly nn.Module<TorchTensor, TorchTensor> _model;
        private readonly optim.Optimizer _optimizer;
        private readonly TorchTensor _x;
        private readonly TorchTensor _y;

        /// <param name="model">A DiffGen model from <c>MlpStep.CreateModel</c>; its current weights are copied.</param>
        /// <param name="x">The batch's inputs, [batch, 784].</param>
        /// <param name="y">The batch's classes.</param>
        public TorchMlp(Diff.NN.Sequential model, DiffTensor x, int[] y)
        {
            var layers = new nn.Module<TorchTensor, TorchTensor>[model.Count];
            for (int i = 0; i < model.Count; i++)
            {
                layers[i] = model[i] switch
                {
                    Diff.NN.Linear linear => CopyLinear(linear),
                    Diff.NN.ReLU => nn.ReLU(),
                    Module other => throw new NotSupportedException($"No TorchSharp twin for {other}."),
                };
            }

            _model = nn.Sequential(layers);
            _optimizer = optim.SGD(_model.parameters(), learningRate: 0.01, momentum: 0.9);
            _x = torch.tensor(x.ToArray(), new long[] { x.Shape[0], x.Shape[1] });
            _y = torch.tensor(Array.ConvertAll(y, c => (long)c), new long[] { y.Length });
        }

        /// <summary>One training step; returns the loss before the update, as <c>MlpStep.Step</c> does.</summary>
        public float Step()
        {
            // Every temporary handle made in the step (activations, the loss, gradient wrappers) is
            // released at the end of it, as TorchSharp's documentation advises for training loops.
            using DisposeScope scope = torch.NewDisposeScope();
            _optimizer.zero_grad();
            TorchTensor loss = nn.functional.cross_entropy(_model.call(_x), _y);
            loss.backward();
            _optimizer.step();
            return loss.item<float>();
        }

        public void Dispose()
        {
            _x.Dispose();
            _y.Dispose();
            _model.Dispose();
        }

        private static TorchSharp.Modules.Linear CopyLinear(Diff.NN.Linear source)
        {
            TorchSharp.Modules.Linear target = nn.Linear(source.InFeatures, source.OutFeatures, hasBias: source.Bias is not null);
            using (torch.no_grad())
            {
                using TorchTensor weight = torch.tensor(source.Weight.Value.ToArray(), new long[] { source.OutFeatures, source.InFeatures });
                target.weight!.copy_(weight);
                if (source.Bias is not null)
                {
                    using TorchTensor bias = torch.tensor(source.Bias.Value.ToArray(), new long[] { source.OutFeatures });
                    target.bias!.copy_(bias);
                }
            }

            return target;
        }
    }
}
