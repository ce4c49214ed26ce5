using System;
using System.Buffers;
using System.Threading.Tasks;

namespace Diff
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// The 2-D cross-correlation of PyTorch's <c>F.conv2d</c>: input [N, C, H, W] (or unbatched
        /// [C, H, W]) with weight [O, C/groups, kH, kW] and an optional bias [O], giving
        /// [N, O, H', W'] with H' = ⌊(H + 2·padH − dilationH·(kH − 1) − 1) / strideH⌋ + 1 (likewise W').
        /// </summary>
        /// <remarks>
        /// Chunks of samples are unfolded into one column matrix (im2col) and multiplied by the
        /// weight with the runtime's blocked, parallel matrix product, one group at a time, so small
        /// images still make one large product. Padding is with zeros.
        /// </remarks>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <param name="weight">[O, C/groups, kH, kW].</param>
        /// <param name="bias">[O], or null for none.</param>
        /// <param name="strideH">The vertical stride, at least 1.</param>
        /// <param name="strideW">The horizontal stride, at least 1.</param>
        /// <param name="paddingH">Zero rows added above and below, at least 0.</param>
        /// <param name="paddingW">Zero columns added left and right, at least 0.</param>
        /// <param name="dilationH">The vertical spacing of kernel taps, at least 1.</param>
        /// <param name="dilationW">The horizontal spacing of kernel taps, at least 1.</param>
        /// <param name="groups">Splits input and output channels into this many independent groups; divides C and O.</param>
        /// <returns>A new tensor [N, O, H', W'] (or [O, H', W'] for an unbatched input).</returns>
        /// <exception cref="ArgumentException">A shape or argument does not fit; the message names it and the shapes.</exception>
        public static Tensor Conv2d(
            Tensor input, Tensor weight, Tensor? bias,
            int strideH, int strideW, int paddingH, int paddingW, int dilationH, int dilationW, int groups)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(weight);
            ConvGeometry geometry = ConvGeometry.Create(input, weight, bias, 2, strideH, strideW, paddingH, paddingW, dilationH, dilationW, groups);
            return ConvolutionForward(input, weight, bias, geometry);
        }

        /// <summary>
        /// The 1-D cross-correlation of PyTorch's <c>F.conv1d</c>: input [N, C, L] (or unbatched
        /// [C, L]) with weight [O, C/groups, k] and an optional bias [O], giving [N, O, L'] with
        /// L' = ⌊(L + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1.
        /// </summary>
        /// <param name="input">[N, C, L] or [C, L].</param>
        /// <param name="weight">[O, C/groups, k].</param>
        /// <param name="bias">[O], or null for none.</param>
        /// <param name="stride">The stride, at least 1.</param>
        /// <param name="padding">Zeros added at both ends, at least 0.</param>
        /// <param name="dilation">The spacing of kernel taps, at least 1.</param>
        /// <param name="groups">Splits input and output channels into this many independent groups; divides C and O.</param>
        /// <returns>A new tensor [N, O, L'] (or [O, L'] for an unbatched input).</returns>
        /// <exception cref="ArgumentException">A shape or argument does not fit; the message names it and the shapes.</exception>
        public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int dilation, int groups)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(weight);
            ConvGeometry geometry = ConvGeometry.Create(input, weight, bias, 1, 1, stride, 0, padding, 1, dilation, groups);
            return ConvolutionForward(input, weight, bias, geometry);
        }

        /// <summary>
        /// Most floats one chunk's column matrix may hold (16 MB): samples are unfolded a chunk at a
        /// time, so that one large product covers many small images without the columns of a large
        /// batch filling memory.
        /// </summary>
        private const int ColumnBudget = 1 << 22;

        /// <summary>How many samples one chunk unfolds together.</summary>
        private static int ChunkSamples(ConvGeometry g) =>
            Math.Clamp(ColumnBudget / Math.Max(1, g.ColumnRows * g.OutputPlane), 1, Math.Max(1, g.Batch));

        private static Tensor ConvolutionForward(Tensor input, Tensor weight, Tensor? bias, ConvGeometry g)
        {
            if (DeviceOps.OnDevice(input, weight, "Convolution") | (bias is not null && DeviceOps.OnDevice(input, bias, "Convolution")))
            {
                return DeviceOps.Convolution(input, weight, bias, g);
            }

            Tensor output = Uninitialized(g.OutputShape);
            float[] x = input.Host(), w = weight.Host(), y = output.Host();
            int chunk = ChunkSamples(g);
            float[] columns = ArrayPool<float>.Shared.Rent(g.ColumnRows * chunk * g.OutputPlane);
            float[] product = ArrayPool<float>.Shared.Rent(g.OutChannels * chunk * g.OutputPlane);
            try
            {
                for (int first = 0; first < g.Batch; first += chunk)
                {
                    int count = Math.Min(chunk, g.Batch - first);
                    int width = count * g.OutputPlane;
                    // columns [C·kH·kW, count·P]: sample s fills columns s·P to (s + 1)·P − 1 of every row.
                    ForEachSample(count, g, s => Im2Col(x, (first + s) * g.InputSample, columns, s * g.OutputPlane, width, g));
                    for (int group = 0; group < g.Groups; group++)
                    {
                        // product_group (Og × count·P) = W_group (Og × Kg) · columns_group (Kg × count·P).
                        MatMulKernel.Multiply(
                            w, group * g.GroupOutChannels * g.GroupColumnRows, false,
                            columns, group * g.GroupColumnRows * width, false,
                            product, group * g.GroupOutChannels * width,
                            g.GroupOutChannels, width, g.GroupColumnRows, accumulate: false);
                    }

                    // [O, count·P] → [count, O, P], adding the bias on the way.
                    ForEachSample(count, g, s =>
                    {
                        for (int o = 0; o < g.OutChannels; o++)
                        {
                            ReadOnlySpan<float> source = product.AsSpan(o * width + s * g.OutputPlane, g.OutputPlane);
                            Span<float> destination = y.AsSpan((first + s) * g.OutputSample + o * g.OutputPlane, g.OutputPlane);
                            if (bias is null)
                            {
                                source.CopyTo(destination);
                            }
                            else
                            {
                                System.Numerics.Tensors.TensorPrimitives.Add(source, bias.Host()[o], destination);
                            }
                        }
                    });
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(columns);
                ArrayPool<float>.Shared.Return(product);
            }

            return output;
        }

        /// <summary>
        /// Runs <paramref name="body"/> for samples 0 … count − 1, spread over the processors when
        /// the chunk is large enough to pay for it (each sample touches its own slices only).
        /// </summary>
        private static void ForEachSample(int count, ConvGeometry g, Action<int> body)
        {
            long work = (long)count * g.ColumnRows * g.OutputPlane;
            if (count == 1 || work < 1 << 16 || Environment.ProcessorCount == 1)
            {
                for (int s = 0; s < count; s++)
                {
                    body(s);
                }

                return;
            }

            Parallel.For(0, count, body);
        }

        /// <summary>
        /// Unfolds one sample into <paramref name="columns"/>: row (c, i, j) of the [C·kH·kW, P]
        /// block starting at <paramref name="columnOffset"/> (rows <paramref name="rowStride"/> apart)
        /// holds the input under kernel tap (i, j) of channel c at every output position, 0 in the padding.
        /// </summary>
        internal static void Im2Col(float[] input, int inputOffset, float[] columns, int columnOffset, int rowStride, ConvGeometry g)
        {
            int row = 0;
            for (int c = 0; c < g.InChannels; c++)
            {
                int plane = inputOffset + c * g.InputPlane;
                for (int i = 0; i < g.KernelH; i++)
                {
                    for (int j = 0; j < g.KernelW; j++, row++)
                    {
                        Span<float> destination = columns.AsSpan(columnOffset + row * rowStride, g.OutputPlane);
                        (int low, int high) = g.ValidColumns(j);
                        for (int oh = 0; oh < g.OutH; oh++)
                        {
                            Span<float> line = destination.Slice(oh * g.OutW, g.OutW);
                            int ih = oh * g.StrideH - g.PaddingH + i * g.DilationH;
                            if ((uint)ih >= (uint)g.InH || low >= high)
                            {
                                line.Clear();
                                continue;
                            }

                            line.Slice(0, low).Clear();
                            line.Slice(high).Clear();
                            int source = plane + ih * g.InW - g.PaddingW + j * g.DilationW;
                            if (g.StrideW == 1)
                            {
                                input.AsSpan(source + low, high - low).CopyTo(line.Slice(low));
                            }
                            else
                            {
                                for (int ow = low; ow < high; ow++)
                                {
                                    line[ow] = input[source + ow * g.StrideW];
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>The adjoint of <see cref="Im2Col"/>: adds each column entry back onto the input element it came from.</summary>
        internal static void Col2Im(float[] columns, int columnOffset, int rowStride, float[] input, int inputOffset, ConvGeometry g)
        {
            int row = 0;
            for (int c = 0; c < g.InChannels; c++)
            {
                int plane = inputOffset + c * g.InputPlane;
                for (int i = 0; i < g.KernelH; i++)
                {
                    for (int j = 0; j < g.KernelW; j++, row++)
                    {
                        ReadOnlySpan<float> source = columns.AsSpan(columnOffset + row * rowStride, g.OutputPlane);
                        (int low, int high) = g.ValidColumns(j);
                        if (low >= high)
                        {
                            continue;
                        }

                        for (int oh = 0; oh < g.OutH; oh++)
                        {
                            int ih = oh * g.StrideH - g.PaddingH + i * g.DilationH;
                            if ((uint)ih >= (uint)g.InH)
                            {
                                continue;
                            }

                            ReadOnlySpan<float> line = source.Slice(oh * g.OutW, g.OutW);
                            int target = plane + ih * g.InW - g.PaddingW + j * g.DilationW;
                            if (g.StrideW == 1)
                            {
                                Span<float> destination = input.AsSpan(target + low, high - low);
                                System.Numerics.Tensors.TensorPrimitives.Add(destination, line.Slice(low, high - low), destination);
                            }
                            else
                            {
                                for (int ow = low; ow < high; ow++)
                                {
                                    input[target + ow * g.StrideW] += line[ow];
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>The sizes of a convolution, checked once: batch, channels, spatial sizes, kernel and the output.</summary>
        internal sealed record ConvGeometry(
            bool Batched, int SpatialRank, int Batch, int InChannels, int InH, int InW, int OutChannels, int KernelH, int KernelW,
            int StrideH, int StrideW, int PaddingH, int PaddingW, int DilationH, int DilationW, int Groups, int OutH, int OutW)
        {
            public int InputPlane => InH * InW;

            public int InputSample => InChannels * InputPlane;

            public int OutputPlane => OutH * OutW;

            public int OutputSample => OutChannels * OutputPlane;

            public int GroupInChannels => InChannels / Groups;

            public int GroupOutChannels => OutChannels / Groups;

            public int GroupColumnRows => GroupInChannels * KernelH * KernelW;

            public int ColumnRows => InChannels * KernelH * KernelW;

            public int[] OutputShape => SpatialRank == 2
                ? (Batched ? new[] { Batch, OutChannels, OutH, OutW } : new[] { OutChannels, OutH, OutW })
                : (Batched ? new[] { Batch, OutChannels, OutW } : new[] { OutChannels, OutW });

            /// <summary>The output columns [low, high) whose kernel tap <paramref name="j"/> lands inside the input row.</summary>
            public (int Low, int High) ValidColumns(int j)
            {
                int shift = PaddingW - j * DilationW;
                // iw = ow·s − shift must lie in [0, W): ow ≥ ⌈shift / s⌉ and ow ≤ ⌊(W − 1 + shift) / s⌋.
                int low = shift <= 0 ? 0 : (shift + StrideW - 1) / StrideW;
                int last = InW - 1 + shift;
                int high = last < 0 ? 0 : Math.Min(OutW, last / StrideW + 1);
                return (Math.Min(low, OutW), high);
            }

            public static ConvGeometry Create(
                Tensor input, Tensor weight, Tensor? bias, int spatialRank,
                int strideH, int strideW, int paddingH, int paddingW, int dilationH, int dilationW, int groups)
            {
                string op = spatialRank == 2 ? "Conv2d" : "Conv1d";
                int[] xs = input._shape, ws = weight._shape;
                if (xs.Length != spatialRank + 1 && xs.Length != spatialRank + 2)
                {
                    string expected = spatialRank == 2 ? "[N, C, H, W] or [C, H, W]" : "[N, C, L] or [C, L]";
                    throw new ArgumentException($"{op} needs input {expected}, but got {ShapeText(xs)}.", nameof(input));
                }

                if (ws.Length != spatialRank + 2)
                {
                    string expected = spatialRank == 2 ? "[O, C/groups, kH, kW]" : "[O, C/groups, k]";
                    throw new ArgumentException($"{op} needs weight {expected}, but got {ShapeText(ws)} (input {ShapeText(xs)}).", nameof(weight));
                }

                RequireAtLeast(strideH, 1, "stride", op);
                RequireAtLeast(strideW, 1, "stride", op);
                RequireAtLeast(paddingH, 0, "padding", op);
                RequireAtLeast(paddingW, 0, "padding", op);
                RequireAtLeast(dilationH, 1, "dilation", op);
                RequireAtLeast(dilationW, 1, "dilation", op);
                RequireAtLeast(groups, 1, "groups", op);

                bool batched = xs.Length == spatialRank + 2;
                int batch = batched ? xs[0] : 1;
                int channels = xs[batched ? 1 : 0];
                int inH = spatialRank == 2 ? xs[xs.Length - 2] : 1;
                int inW = xs[xs.Length - 1];
                int outChannels = ws[0];
                int kernelH = spatialRank == 2 ? ws[2] : 1;
                int kernelW = ws[ws.Length - 1];
                if (channels % groups != 0 || outChannels % groups != 0)
                {
                    throw new ArgumentException(
                        $"{op}: groups = {groups} must divide both the input channels ({channels}, input {ShapeText(xs)}) and the output channels ({outChannels}, weight {ShapeText(ws)}).", nameof(groups));
                }

                if (ws[1] * groups != channels)
                {
                    throw new ArgumentException(
                        $"{op}: weight {ShapeText(ws)} expects {ws[1] * groups} input channels with groups = {groups}, but input {ShapeText(xs)} has {channels}.", nameof(weight));
                }

                if (bias is not null && (bias._shape.Length != 1 || bias._shape[0] != outChannels))
                {
                    throw new ArgumentException($"{op}: bias must be [{outChannels}] for weight {ShapeText(ws)}, but got {ShapeText(bias._shape)}.", nameof(bias));
                }

                int outH = (inH + 2 * paddingH - dilationH * (kernelH - 1) - 1) / strideH + 1;
                int outW = (inW + 2 * paddingW - dilationW * (kernelW - 1) - 1) / strideW + 1;
                if (inH + 2 * paddingH - dilationH * (kernelH - 1) - 1 < 0 || inW + 2 * paddingW - dilationW * (kernelW - 1) - 1 < 0 || kernelH < 1 || kernelW < 1)
                {
                    throw new ArgumentException(
                        $"{op}: the dilated kernel of weight {ShapeText(ws)} (dilation {dilationH}×{dilationW}) is larger than input {ShapeText(xs)} with padding {paddingH}×{paddingW}.", nameof(weight));
                }

                return new ConvGeometry(batched, spatialRank, batch, channels, inH, inW, outChannels, kernelH, kernelW,
                    strideH, strideW, paddingH, paddingW, dilationH, dilationW, groups, outH, outW);
            }

            private static void RequireAtLeast(int value, int minimum, string name, string op)
            {
                if (value < minimum)
                {
                    throw new ArgumentOutOfRangeException(name, value, $"{op} needs {name} of at least {minimum}, but got {value}.");
                }
            }
        }
    }
}
