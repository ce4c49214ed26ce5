using System.Globalization;
using Diff.NN;
using Diff.Optim;
using Diff.Workloads;

namespace Diff.TorchPeers
{
    /// <summary>The nets of the MLP comparison, written <c>in-h1-h2-out/batch</c> as in <c>MlpStepBenchmarks</c>.</summary>
    internal static class MlpNets
    {
        public static readonly string[] All = { "784-256-128-10/64", "784-256-128-10/256", "784-1024-1024-10/256" };

        /// <summary>DiffGen's model, optimizer and batch for <paramref name="net"/>, from <c>MlpStep</c>'s fixed seeds.</summary>
        public static (Sequential Model, SGD Optimizer, Tensor X, int[] Y) Create(string net)
        {
            string[] parts = net.Split('/');
            string[] sizes = parts[0].Split('-');
            int batch = int.Parse(parts[1], CultureInfo.InvariantCulture);
            Sequential model = MlpStep.CreateModel(
                hidden1: int.Parse(sizes[1], CultureInfo.InvariantCulture),
                hidden2: int.Parse(sizes[2], CultureInfo.InvariantCulture));
            (Tensor x, int[] y) = MlpStep.CreateBatch(batch: batch);
            return (model, MlpStep.CreateOptimizer(model), x, y);
        }
    }
}
