using System.ComponentModel;
using Diff.Internal;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>Backward of <see cref="MaxPool2d"/>: each window's gradient goes to its (first) maximum.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(MaxPool2d))]
        [PiecewiseLinear]
        public static void MaxPool2dBackward(
            Tensor input, int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW, int dilationH, int dilationW, bool ceilMode,
            Tensor result, Tensor dResult, ref Tensor? dInput)
        {
            if (!Grad.Wanted(ref dInput))
            {
                return;
            }

            PoolGeometry g = PoolGeometry.Create("MaxPool2d", input, kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW, ceilMode);
            if (input.IsOnDevice)
            {
                Grad.Accumulate(ref dInput, DeviceOps.MaxPoolGradient(input, g.DeviceLayout, dResult));
                return;
            }

            int[] argMax = MaxPoolIndices(input, g);
            Tensor gradient = UninitializedLike(input);
            float[] dy = dResult.Host(), dx = gradient.Host();
            for (int i = 0; i < dy.Length; i++)
            {
                dx[argMax[i]] += dy[i];
            }

            Grad.Accumulate(ref dInput, gradient);
        }

        /// <summary>Backward of <see cref="AvgPool2d"/>: each window's gradient, divided as the forward divided, spread over the window.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(AvgPool2d))]
        [PiecewiseLinear]
        public static void AvgPool2dBackward(
            Tensor input, int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW, bool ceilMode, bool countIncludePad,
            Tensor result, Tensor dResult, ref Tensor? dInput)
        {
            if (!Grad.Wanted(ref dInput))
            {
                return;
            }

            PoolGeometry g = PoolGeometry.Create("AvgPool2d", input, kernelH, kernelW, strideH, strideW, paddingH, paddingW, 1, 1, ceilMode);
            if (input.IsOnDevice)
            {
                Grad.Accumulate(ref dInput, DeviceOps.WindowAverageGradient(input, AverageWindows(g, countIncludePad), g.OutH, g.OutW, g.InH, g.InW, dResult));
                return;
            }

            Tensor gradient = UninitializedLike(input);
            float[] dy = dResult.Host(), dx = gradient.Host();
            ForEachAverageWindow(g, countIncludePad, (plane, outIndex, h0, h1, w0, w1, scale) =>
            {
                float share = (float)(dy[outIndex] * scale);
                for (int h = h0; h < h1; h++)
                {
                    int row = plane * g.InputPlane + h * g.InW;
                    for (int w = w0; w < w1; w++)
                    {
                        dx[row + w] += share;
                    }
                }
            });

            Grad.Accumulate(ref dInput, gradient);
        }

        /// <summary>Backward of <see cref="AdaptiveAvgPool2d"/>: each window's gradient divided by its size, spread over it.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [DerivativeOf(typeof(Tensor), nameof(AdaptiveAvgPool2d))]
        [PiecewiseLinear]
        public static void AdaptiveAvgPool2dBackward(Tensor input, int outputH, int outputW, Tensor result, Tensor dResult, ref Tensor? dInput)
        {
            if (!Grad.Wanted(ref dInput))
            {
                return;
            }

            PoolGeometry g = PoolGeometry.CreateAdaptive(input, outputH, outputW);
            if (input.IsOnDevice)
            {
                Grad.Accumulate(ref dInput, DeviceOps.WindowAverageGradient(input, AdaptiveWindows(g), g.OutH, g.OutW, g.InH, g.InW, dResult));
                return;
            }

            Tensor gradient = UninitializedLike(input);
            float[] dy = dResult.Host(), dx = gradient.Host();
            ForEachAdaptiveWindow(g, (plane, outIndex, h0, h1, w0, w1) =>
            {
                float share = dy[outIndex] / ((h1 - h0) * (w1 - w0));
                for (int h = h0; h < h1; h++)
                {
                    for (int w = w0; w < w1; w++)
                    {
                        dx[plane * g.InputPlane + h * g.InW + w] += share;
                    }
                }
            });

            Grad.Accumulate(ref dInput, gradient);
        }
    }
}
