using System;
using Diff.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace Diff
{
    internal static partial class DeviceOps
    {
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float, float, int, int>> SgdKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float, float, float, float, float>> AdamKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float, float, float, int, int>> RmspropKernel = new();

        /// <summary>One RMSprop update of a device parameter and its state.</summary>
        internal static void RmspropStep(
            Tensor value, Tensor gradient, Tensor squares, Tensor means, Tensor buffer,
            float lr, float alpha, float eps, float decay, float momentum, bool centered, bool useMomentum) =>
            Launch(RmspropKernel, value, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float, float, float, int, int>(DeviceLoops.RmspropStep))(
                value.Count, View(value), View(gradient), View(squares), View(means), View(buffer), lr, alpha, eps, decay, momentum, centered ? 1 : 0, useMomentum ? 1 : 0);

        /// <summary>One SGD update of a device parameter; <paramref name="buffer"/> is its momentum (any tensor of its size without momentum).</summary>
        internal static void SgdStep(Tensor value, Tensor gradient, Tensor buffer, float lr, float decay, float momentum, float undamped, bool first, bool nesterov) =>
            Launch(SgdKernel, value, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float, float, int, int>(DeviceLoops.SgdStep))(
                value.Count, View(value), View(gradient), View(buffer), lr, decay, momentum, undamped, first ? 1 : 0, nesterov ? 1 : 0);

        /// <summary>One Adam or AdamW update of a device parameter and its two moments.</summary>
        internal static void AdamStep(
            Tensor value, Tensor gradient, Tensor first, Tensor second,
            float stepSize, float inverseSqrtCorrection2, float eps, float b1, float b2, float coupledDecay, float shrink) =>
            Launch(AdamKernel, value, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float, float, float, float, float>(DeviceLoops.AdamStep))(
                value.Count, View(value), View(gradient), View(first), View(second), stepSize, inverseSqrtCorrection2, eps, b1, b2, coupledDecay, shrink);
    }
}
