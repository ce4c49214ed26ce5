using System;
using System.Globalization;
using Diff.NN;
using Diff.Optim;
using Diff.Workloads;

namespace Diff.TorchPeers
{
    /// <summary>
    /// Steps fresh DiffGen and TorchSharp copies of one net side by side and compares their losses:
    /// with the same initial weights, batch and optimizer they compute the same thing, so the losses
    /// differ only by float32 rounding in a different order of operations.
    /// </summary>
    internal static class LossAgreement
    {
        /// <summary>The largest relative difference <see cref="Check"/> accepts: a sanity bound, far above what is measured.</summary>
        public const double Tolerance = 1e-5;

        public static (float[] DiffGen, float[] Torch, double MaxRelative) Measure(string net, int steps)
        {
            (Sequential model, SGD optimizer, Tensor x, int[] y) = MlpNets.Create(net);
            using var torchMlp = new TorchMlp(model, x, y);
            var diffGen = new float[steps];
            var torch = new float[steps];
            double maxRelative = 0;
            for (int step = 0; step < steps; step++)
            {
                diffGen[step] = MlpStep.Step(model, optimizer, x, y);
                torch[step] = torchMlp.Step();
                maxRelative = Math.Max(maxRelative, Math.Abs(diffGen[step] - (double)torch[step]) / Math.Abs((double)torch[step]));
            }

            return (diffGen, torch, maxRelative);
        }

        /// <summary>Throws unless the first <paramref name="steps"/> losses agree; prints what was measured.</summary>
        public static void Check(string net, int steps)
        {
            (float[] diffGen, float[] torch, double maxRelative) = Measure(net, steps);
            Console.WriteLine(Format(net, diffGen, torch, maxRelative));
            if (!(maxRelative <= Tolerance))
            {
                throw new InvalidOperationException($"DiffGen and TorchSharp losses differ by {maxRelative:E2} relative on {net}.");
            }
        }

        public static string Format(string net, float[] diffGen, float[] torch, double maxRelative)
        {
            var text = new System.Text.StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"// Loss agreement {net}, {Environment.ProcessorCount} DiffGen threads, {TorchSharp.torch.get_num_threads()} torch threads: max relative difference {maxRelative:E2} over {diffGen.Length} steps");
            for (int step = 0; step < diffGen.Length; step++)
            {
                text.AppendLine();
                text.Append(CultureInfo.InvariantCulture, $"//   step {step}: DiffGen {diffGen[step]:R}  TorchSharp {torch[step]:R}  relative {Math.Abs(diffGen[step] - (double)torch[step]) / Math.Abs((double)torch[step]):E2}");
            }

            return text.ToString();
        }
    }
}
