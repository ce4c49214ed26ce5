using System;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// The maximum over each window, like PyTorch's <c>F.max_pool2d</c>: input [N, C, H, W] or
        /// [C, H, W], padded with −∞, giving [N, C, H', W'] with
        /// H' = ⌊(H + 2·padH − dilationH·(kH − 1) − 1) / strideH⌋ + 1 (rounded up with <paramref name="ceilMode"/>).
        /// </summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <param name="kernelH">The window height, at least 1.</param>
        /// <param name="kernelW">The window width, at least 1.</param>
        /// <param name="strideH">The vertical stride, at least 1 (PyTorch's default is the kernel size).</param>
        /// <param name="strideW">The horizontal stride, at least 1.</param>
        /// <param name="paddingH">Implicit −∞ rows on both sides, at most half the kernel height.</param>
        /// <param name="paddingW">Implicit −∞ columns on both sides, at most half the kernel width.</param>
        /// <param name="dilationH">The vertical spacing of window elements, at least 1.</param>
        /// <param name="dilationW">The horizontal spacing of window elements, at least 1.</param>
        /// <param name="ceilMode">Round the output size up, so that a last partial window counts (PyTorch's <c>ceil_mode</c>).</param>
        /// <returns>A new tensor of the pooled shape.</returns>
        /// <exception cref="ArgumentException">A shape or argument does not fit; the message names it and the shapes.</exception>
        public static Tensor MaxPool2d(
            Tensor input, int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW, int dilationH, int dilationW, bool ceilMode)
        {
            ArgumentNullException.ThrowIfNull(input);
            PoolGeometry g = PoolGeometry.Create("MaxPool2d", input, kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW, ceilMode);
            if (input.IsOnDevice)
            {
                return DeviceOps.MaxPool(input, g.DeviceLayout, g.OutputShape);
            }

            Tensor output = Uninitialized(g.OutputShape);
            int[] argMax = MaxPoolIndices(input, g);
            float[] x = input.Host(), y = output.Host();
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = x[argMax[i]];
            }

            return output;
        }

        /// <summary>
        /// The mean over each window, like PyTorch's <c>F.avg_pool2d</c>: input [N, C, H, W] or
        /// [C, H, W], zero-padded, giving [N, C, H', W'] with H' = ⌊(H + 2·padH − kH) / strideH⌋ + 1.
        /// </summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <param name="kernelH">The window height, at least 1.</param>
        /// <param name="kernelW">The window width, at least 1.</param>
        /// <param name="strideH">The vertical stride, at least 1 (PyTorch's default is the kernel size).</param>
        /// <param name="strideW">The horizontal stride, at least 1.</param>
        /// <param name="paddingH">Implicit zero rows on both sides, at most half the kernel height.</param>
        /// <param name="paddingW">Implicit zero columns on both sides, at most half the kernel width.</param>
        /// <param name="ceilMode">Round the output size up (PyTorch's <c>ceil_mode</c>).</param>
        /// <param name="countIncludePad">Divide by the window size including padding (PyTorch's default) rather than by the input elements it covers.</param>
        /// <returns>A new tensor of the pooled shape.</returns>
        /// <exception cref="ArgumentException">A shape or argument does not fit; the message names it and the shapes.</exception>
        public static Tensor AvgPool2d(
            Tensor input, int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW, bool ceilMode, bool countIncludePad)
        {
            ArgumentNullException.ThrowIfNull(input);
            PoolGeometry g = PoolGeometry.Create("AvgPool2d", input, kernelH, kernelW, strideH, strideW, paddingH, paddingW, 1, 1, ceilMode);
            if (input.IsOnDevice)
            {
                return DeviceOps.WindowAverage(input, AverageWindows(g, countIncludePad), g.OutH, g.OutW, g.InH, g.InW, g.OutputShape);
            }

            Tensor output = Uninitialized(g.OutputShape);
            float[] x = input.Host(), y = output.Host();
            ForEachAverageWindow(g, countIncludePad, (plane, outIndex, h0, h1, w0, w1, scale) =>
            {
                double sum = 0;
                for (int h = h0; h < h1; h++)
                {
                    int row = plane * g.InputPlane + h * g.InW;
                    for (int w = w0; w < w1; w++)
                    {
                        sum += x[row + w];
                    }
                }

                y[outIndex] = (float)(sum * scale);
            });

            return output;
        }

        /// <summary>
        /// The mean over an adaptive grid of windows, like PyTorch's <c>F.adaptive_avg_pool2d</c>:
        /// output row i averages input rows ⌊i·H/H'⌋ to ⌈(i + 1)·H/H'⌉ − 1, likewise for columns.
        /// </summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <param name="outputH">The output height H', at least 1.</param>
        /// <param name="outputW">The output width W', at least 1.</param>
        /// <returns>A new tensor [N, C, H', W'] (or [C, H', W']).</returns>
        /// <exception cref="ArgumentException">A shape or argument does not fit; the message names it and the shapes.</exception>
        public static Tensor AdaptiveAvgPool2d(Tensor input, int outputH, int outputW)
        {
            ArgumentNullException.ThrowIfNull(input);
            PoolGeometry g = PoolGeometry.CreateAdaptive(input, outputH, outputW);
            if (input.IsOnDevice)
            {
                return DeviceOps.WindowAverage(input, AdaptiveWindows(g), g.OutH, g.OutW, g.InH, g.InW, g.OutputShape);
            }

            Tensor output = Uninitialized(g.OutputShape);
            float[] x = input.Host(), y = output.Host();
            ForEachAdaptiveWindow(g, (plane, outIndex, h0, h1, w0, w1) =>
            {
                double sum = 0;
                for (int h = h0; h < h1; h++)
                {
                    for (int w = w0; w < w1; w++)
                    {
                        sum += x[plane * g.InputPlane + h * g.InW + w];
                    }
                }

                y[outIndex] = (float)(sum / ((h1 - h0) * (w1 - w0)));
            });

            return output;
        }

        /// <summary>The flat input index of each window's maximum (the first one on ties, as PyTorch on the CPU; NaN wins).</summary>
        private static int[] MaxPoolIndices(Tensor input, PoolGeometry g)
        {
            float[] x = input.Host();
            int[] indices = new int[g.Planes * g.OutH * g.OutW];
            int at = 0;
            for (int plane = 0; plane < g.Planes; plane++)
            {
                int planeStart = plane * g.InputPlane;
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    for (int ow = 0; ow < g.OutW; ow++, at++)
                    {
                        int best = -1;
                        float bestValue = float.NegativeInfinity;
                        for (int i = 0; i < g.KernelH; i++)
                        {
                            int h = oh * g.StrideH - g.PaddingH + i * g.DilationH;
                            if ((uint)h >= (uint)g.InH)
                            {
                                continue;
                            }

                            for (int j = 0; j < g.KernelW; j++)
                            {
                                int w = ow * g.StrideW - g.PaddingW + j * g.DilationW;
                                if ((uint)w >= (uint)g.InW)
                                {
                                    continue;
                                }

                                int index = planeStart + h * g.InW + w;
                                float value = x[index];
                                if (best < 0 || value > bestValue || float.IsNaN(value))
                                {
                                    best = index;
                                    bestValue = value;
                                    if (float.IsNaN(value))
                                    {
                                        goto Found;
                                    }
                                }
                            }
                        }

                    Found:
                        indices[at] = best;
                    }
                }
            }

            return indices;
        }

        /// <summary>
        /// The device kernels' table of average-pooling windows, the same windows and divisors as
        /// <see cref="ForEachAverageWindow"/>: per output row the clipped first and past-the-end input
        /// rows and the row factor of the divisor, then the same per output column.
        /// </summary>
        private static int[] AverageWindows(PoolGeometry g, bool countIncludePad)
        {
            var table = new int[3 * g.OutH + 3 * g.OutW];
            for (int oh = 0; oh < g.OutH; oh++)
            {
                int h0 = oh * g.StrideH - g.PaddingH;
                int h1 = Math.Min(h0 + g.KernelH, g.InH + g.PaddingH);
                (table[oh], table[g.OutH + oh]) = (Math.Max(h0, 0), Math.Min(h1, g.InH));
                table[2 * g.OutH + oh] = countIncludePad ? h1 - h0 : table[g.OutH + oh] - table[oh];
            }

            int columns = 3 * g.OutH;
            for (int ow = 0; ow < g.OutW; ow++)
            {
                int w0 = ow * g.StrideW - g.PaddingW;
                int w1 = Math.Min(w0 + g.KernelW, g.InW + g.PaddingW);
                (table[columns + ow], table[columns + g.OutW + ow]) = (Math.Max(w0, 0), Math.Min(w1, g.InW));
                table[columns + 2 * g.OutW + ow] = countIncludePad ? w1 - w0 : table[columns + g.OutW + ow] - table[columns + ow];
            }

            return table;
        }

        /// <summary>The device kernels' table of adaptive-pooling windows, as <see cref="ForEachAdaptiveWindow"/> computes them.</summary>
        private static int[] AdaptiveWindows(PoolGeometry g)
        {
            var table = new int[3 * g.OutH + 3 * g.OutW];
            for (int oh = 0; oh < g.OutH; oh++)
            {
                (table[oh], table[g.OutH + oh]) = (oh * g.InH / g.OutH, ((oh + 1) * g.InH + g.OutH - 1) / g.OutH);
                table[2 * g.OutH + oh] = table[g.OutH + oh] - table[oh];
            }

            int columns = 3 * g.OutH;
            for (int ow = 0; ow < g.OutW; ow++)
            {
                (table[columns + ow], table[columns + g.OutW + ow]) = (ow * g.InW / g.OutW, ((ow + 1) * g.InW + g.OutW - 1) / g.OutW);
                table[columns + 2 * g.OutW + ow] = table[columns + g.OutW + ow] - table[columns + ow];
            }

            return table;
        }

        private delegate void AverageWindow(int plane, int outIndex, int h0, int h1, int w0, int w1, double scale);

        private delegate void AdaptiveWindow(int plane, int outIndex, int h0, int h1, int w0, int w1);

        /// <summary>Each average-pooling window clipped to the input, with the factor PyTorch divides its sum by.</summary>
        private static void ForEachAverageWindow(PoolGeometry g, bool countIncludePad, AverageWindow body)
        {
            int at = 0;
            for (int plane = 0; plane < g.Planes; plane++)
            {
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int h0 = oh * g.StrideH - g.PaddingH;
                    int h1 = Math.Min(h0 + g.KernelH, g.InH + g.PaddingH);
                    for (int ow = 0; ow < g.OutW; ow++, at++)
                    {
                        int w0 = ow * g.StrideW - g.PaddingW;
                        int w1 = Math.Min(w0 + g.KernelW, g.InW + g.PaddingW);
                        // The window size counts padding but not what lies past it (PyTorch, also in ceil mode).
                        int paddedSize = (h1 - h0) * (w1 - w0);
                        int ch0 = Math.Max(h0, 0), ch1 = Math.Min(h1, g.InH), cw0 = Math.Max(w0, 0), cw1 = Math.Min(w1, g.InW);
                        int divisor = countIncludePad ? paddedSize : (ch1 - ch0) * (cw1 - cw0);
                        body(plane, at, ch0, ch1, cw0, cw1, 1.0 / divisor);
                    }
                }
            }
        }

        private static void ForEachAdaptiveWindow(PoolGeometry g, AdaptiveWindow body)
        {
            int at = 0;
            for (int plane = 0; plane < g.Planes; plane++)
            {
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int h0 = oh * g.InH / g.OutH;
                    int h1 = ((oh + 1) * g.InH + g.OutH - 1) / g.OutH;
                    for (int ow = 0; ow < g.OutW; ow++, at++)
                    {
                        int w0 = ow * g.InW / g.OutW;
                        int w1 = ((ow + 1) * g.InW + g.OutW - 1) / g.OutW;
                        body(plane, at, h0, h1, w0, w1);
                    }
                }
            }
        }

        /// <summary>The sizes of a 2-D pooling, checked once.</summary>
        private sealed record PoolGeometry(
            int[] InputShape, int Planes, int InH, int InW, int KernelH, int KernelW, int StrideH, int StrideW,
            int PaddingH, int PaddingW, int DilationH, int DilationW, int OutH, int OutW)
        {
            public int InputPlane => InH * InW;

            /// <summary>The geometry the device's max-pooling kernel reads: H, W, kH, kW, strides, paddings, dilations, H', W'.</summary>
            public int[] DeviceLayout => new[] { InH, InW, KernelH, KernelW, StrideH, StrideW, PaddingH, PaddingW, DilationH, DilationW, OutH, OutW };

            public int[] OutputShape
            {
                get
                {
                    int[] shape = (int[])InputShape.Clone();
                    shape[^2] = OutH;
                    shape[^1] = OutW;
                    return shape;
                }
            }

            public static PoolGeometry Create(
                string op, Tensor input, int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW, int dilationH, int dilationW, bool ceilMode)
            {
                int[] xs = RequirePlanes(op, input);
                Require(kernelH >= 1 && kernelW >= 1, $"{op} needs a kernel of at least 1×1, but got {kernelH}×{kernelW} (input {ShapeText(xs)}).", "kernelSize");
                Require(strideH >= 1 && strideW >= 1, $"{op} needs a stride of at least 1, but got {strideH}×{strideW} (input {ShapeText(xs)}).", "stride");
                Require(dilationH >= 1 && dilationW >= 1, $"{op} needs a dilation of at least 1, but got {dilationH}×{dilationW} (input {ShapeText(xs)}).", "dilation");
                Require(paddingH >= 0 && paddingW >= 0 && paddingH * 2 <= kernelH && paddingW * 2 <= kernelW,
                    $"{op} needs padding between 0 and half the kernel, but got {paddingH}×{paddingW} for kernel {kernelH}×{kernelW} (input {ShapeText(xs)}).", "padding");
                int inH = xs[^2], inW = xs[^1];
                int outH = OutputSize(inH, kernelH, strideH, paddingH, dilationH, ceilMode);
                int outW = OutputSize(inW, kernelW, strideW, paddingW, dilationW, ceilMode);
                Require(outH >= 1 && outW >= 1,
                    $"{op}: kernel {kernelH}×{kernelW} (dilation {dilationH}×{dilationW}, padding {paddingH}×{paddingW}) does not fit input {ShapeText(xs)}.", "kernelSize");
                return new PoolGeometry(xs, PlaneCount(xs), inH, inW, kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW, outH, outW);
            }

            public static PoolGeometry CreateAdaptive(Tensor input, int outputH, int outputW)
            {
                int[] xs = RequirePlanes("AdaptiveAvgPool2d", input);
                Require(outputH >= 1 && outputW >= 1, $"AdaptiveAvgPool2d needs an output size of at least 1×1, but got {outputH}×{outputW} (input {ShapeText(xs)}).", "outputSize");
                return new PoolGeometry(xs, PlaneCount(xs), xs[^2], xs[^1], 0, 0, 0, 0, 0, 0, 0, 0, outputH, outputW);
            }

            /// <summary>PyTorch's pooling output size: floor or ceiling, and in ceil mode the last window must start inside the input or its left padding.</summary>
            private static int OutputSize(int size, int kernel, int stride, int padding, int dilation, bool ceilMode)
            {
                int span = size + 2 * padding - dilation * (kernel - 1) - 1;
                if (span < 0)
                {
                    return 0;
                }

                int output = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
                if (ceilMode && (output - 1) * stride >= size + padding)
                {
                    output--;
                }

                return output;
            }

            private static int[] RequirePlanes(string op, Tensor input)
            {
                int[] xs = input._shape;
                Require(xs.Length is 3 or 4, $"{op} needs input [N, C, H, W] or [C, H, W], but got {ShapeText(xs)}.", nameof(input));
                return xs;
            }

            private static int PlaneCount(int[] shape) => shape.Length == 4 ? shape[0] * shape[1] : shape[0];

            private static void Require(bool condition, string message, string argument)
            {
                if (!condition)
                {
                    throw new ArgumentException(message, argument);
                }
            }
        }
    }
}
