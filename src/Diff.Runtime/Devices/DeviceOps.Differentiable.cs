using System;
using Diff.Gpu;
using Diff.Internal;
using ILGPU;
using ILGPU.Runtime;

namespace Diff
{
    internal static partial class DeviceOps
    {
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, int, int>> ArgMaxKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>>> WindowArgMaxKernel = new();
        private static readonly KernelCache<Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float>> BatchNormRunningKernel = new();

        /// <summary>A launcher's forward over an input view and an output view of the same extent.</summary>
        internal delegate void UnaryForward(Accelerator accelerator, Index1D extent, ArrayView<float> x, ArrayView<float> y);

        /// <summary>A launcher's backward: accumulates into dX and consumes dY.</summary>
        internal delegate void UnaryBackward(Accelerator accelerator, Index1D extent, ArrayView<float> x, ArrayView<float> y, ArrayView<float>? dX, ArrayView<float>? dY);

        /// <summary>A launcher's forward over two inputs and an output of one extent.</summary>
        internal delegate void BinaryForward(Accelerator accelerator, Index1D extent, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y);

        /// <summary>A launcher's backward over two inputs and an output: accumulates into both input adjoints and consumes the output's.</summary>
        internal delegate void BinaryBackward(
            Accelerator accelerator, Index1D extent, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y,
            ArrayView<float>? dA, ArrayView<float>? dB, ArrayView<float>? dY);

        /// <summary>An elementwise loss of an input and a target of one shape, by a generated launcher.</summary>
        internal static Tensor PairLoss(Tensor input, Tensor target, BinaryForward forward) => SameShape(input, target, forward);

        /// <summary>
        /// The gradients of a symmetric elementwise loss (loss(x, t) = loss(t, x)) by its generated adjoint
        /// kernel. The target's is the input's gradient of loss(t, x), as PyTorch's derivative formulas
        /// take it, so the two agree with PyTorch also where the difference sits on a kink.
        /// </summary>
        internal static void PairLossGradient(Tensor input, Tensor target, Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dTarget, BinaryBackward backward)
        {
            if (Grad.Wanted(ref dInput))
            {
                Grad.Accumulate(ref dInput, FirstOperandGradient(input, target, result, dResult, backward));
            }

            if (Grad.Wanted(ref dTarget))
            {
                Grad.Accumulate(ref dTarget, FirstOperandGradient(target, input, result, dResult, backward));
            }
        }

        /// <summary>The gradients of an elementwise loss of an input and a target (of one shape), both from one launch of its generated adjoint kernel.</summary>
        internal static void PairGradient(Tensor input, Tensor target, Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dTarget, BinaryBackward backward)
        {
            bool wantInput = Grad.Wanted(ref dInput);
            bool wantTarget = Grad.Wanted(ref dTarget);
            Tensor? gradientInput = wantInput ? Filled(input.Device, input.ShapeView, 0f) : null;
            Tensor? gradientTarget = wantTarget ? Filled(input.Device, input.ShapeView, 0f) : null;
            if (input.Count > 0 && (wantInput || wantTarget))
            {
                backward(
                    AcceleratorOf(input), input.Count, View(input), View(target), View(result),
                    gradientInput is null ? null : View(gradientInput), gradientTarget is null ? null : View(gradientTarget), Consumable(dResult));
            }

            if (gradientInput is not null)
            {
                Grad.Accumulate(ref dInput, gradientInput);
            }

            if (gradientTarget is not null)
            {
                Grad.Accumulate(ref dTarget, gradientTarget);
            }
        }

        private static Tensor FirstOperandGradient(Tensor first, Tensor second, Tensor result, Tensor dResult, BinaryBackward backward)
        {
            Tensor gradient = Filled(first.Device, first.ShapeView, 0f);
            if (first.Count > 0)
            {
                Tensor unused = Filled(first.Device, first.ShapeView, 0f);
                backward(AcceleratorOf(first), first.Count, View(first), View(second), View(result), View(gradient), View(unused), Consumable(dResult));
            }

            return gradient;
        }

        /// <summary>y = f(x) by a generated launcher.</summary>
        internal static Tensor Unary(Tensor x, UnaryForward forward)
        {
            Tensor result = Tensor.UninitializedLike(x);
            if (x.Count > 0)
            {
                forward(AcceleratorOf(x), x.Count, View(x), View(result));
            }

            return result;
        }

        /// <summary>The gradient of y = f(x) by the generated adjoint kernel of f, accumulated into <paramref name="dSelf"/>.</summary>
        internal static void UnaryGradient(Tensor self, Tensor result, Tensor dResult, ref Tensor? dSelf, UnaryBackward backward)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            Tensor gradient = Filled(self.Device, self.ShapeView, 0f);
            if (self.Count > 0)
            {
                backward(AcceleratorOf(self), self.Count, View(self), View(result), View(gradient), Consumable(dResult));
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>Clamps every element in place (each thread reads and writes only its own element).</summary>
        internal static void ClampInPlace(Tensor x, float min, float max)
        {
            if (x.Count > 0)
            {
                DeviceKernels.ClampLauncher.Forward(AcceleratorOf(x), x.Count, min, max, View(x), View(x));
            }
        }

        /// <summary>a op b for equal shapes by a generated launcher.</summary>
        internal static Tensor SameShape(Tensor a, Tensor b, BinaryForward forward)
        {
            Tensor result = Tensor.UninitializedLike(a);
            if (a.Count > 0)
            {
                forward(AcceleratorOf(a), a.Count, View(a), View(b), View(result));
            }

            return result;
        }

        /// <summary>Softmax or log-softmax over the last dimension, by the generated row kernels.</summary>
        internal static Tensor SoftmaxLastDim(Tensor x, int dim, bool logarithm)
        {
            int last = x.Rank - 1;
            int d = Tensor.NormalizeDim(dim, x.Rank, nameof(dim), x.ShapeView);
            if (d != last)
            {
                // Another dimension is moved last, normalised there, and moved back: two strided copies.
                return SoftmaxLastDim(x.Transpose(d, last), last, logarithm).Transpose(d, last);
            }

            (int rows, int columns) = RowsOf(x, dim);
            Tensor result = Tensor.UninitializedLike(x);
            if (rows > 0 && columns > 0)
            {
                DeviceKernels.SoftmaxRowsLauncher.Forward(AcceleratorOf(x), rows, columns, logarithm ? 1 : 0, View(x), View(result));
            }

            return result;
        }

        /// <summary>The gradient of (log-)softmax over the last dimension, by the generated adjoint row kernels.</summary>
        internal static void SoftmaxLastDimGradient(Tensor self, int dim, bool logarithm, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            int last = self.Rank - 1;
            int d = Tensor.NormalizeDim(dim, self.Rank, nameof(dim), self.ShapeView);
            if (d != last)
            {
                Tensor? moved = null;
                SoftmaxLastDimGradient(self.Transpose(d, last), last, logarithm, result.Transpose(d, last), dResult.Transpose(d, last), ref moved);
                Grad.Accumulate(ref dSelf, moved!.Transpose(d, last));
                return;
            }

            (int rows, int columns) = RowsOf(self, dim);
            Tensor gradient = Filled(self.Device, self.ShapeView, 0f);
            if (rows > 0 && columns > 0)
            {
                DeviceKernels.SoftmaxRowsLauncher.Backward(
                    AcceleratorOf(self), rows, columns, logarithm ? 1 : 0, View(self), View(result), View(gradient), Consumable(dResult));
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary><c>x[i, indices[i]]</c> for each row of a [N, C] tensor.</summary>
        internal static Tensor GatherRows(Tensor x, int[] indices)
        {
            int columns = x.ShapeView[1];
            Tensor result = Tensor.UninitializedOn(x.Device, new[] { indices.Length });
            if (indices.Length > 0)
            {
                using var indexBuffer = x.Device.Memory.RentInts(indices);
                DeviceKernels.GatherRowsLauncher.Forward(AcceleratorOf(x), indices.Length, columns, indexBuffer.View, View(x), View(result));
            }

            return result;
        }

        /// <summary>The gradient of <see cref="GatherRows"/>, by its generated adjoint kernel.</summary>
        internal static void GatherRowsGradient(Tensor self, int[] indices, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            Tensor gradient = Filled(self.Device, self.ShapeView, 0f);
            if (indices.Length > 0)
            {
                using var indexBuffer = self.Device.Memory.RentInts(indices);
                DeviceKernels.GatherRowsLauncher.Backward(
                    AcceleratorOf(self), indices.Length, self.ShapeView[1], indexBuffer.View, View(self), View(result), View(gradient), Consumable(dResult));
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>The elementwise BCE-with-logits loss; a missing positive weight counts as 1 everywhere.</summary>
        internal static Tensor BCEWithLogits(Tensor input, Tensor target, Tensor? positiveWeight)
        {
            Tensor weight = positiveWeight is null ? Filled(input.Device, input.ShapeView, 1f) : positiveWeight.BroadcastTo(input.ShapeView);
            Tensor result = Tensor.UninitializedLike(input);
            if (input.Count > 0)
            {
                DeviceKernels.BCEWithLogitsLauncher.Forward(AcceleratorOf(input), input.Count, View(input), View(target), View(weight), View(result));
            }

            return result;
        }

        /// <summary>The gradients of <see cref="BCEWithLogits"/> by its generated adjoint kernel; the weight's is summed back to its shape.</summary>
        internal static void BCEWithLogitsGradient(
            Tensor input, Tensor target, Tensor? positiveWeight, Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dTarget, ref Tensor? dPositiveWeight)
        {
            bool wantWeight = positiveWeight is not null && Grad.Wanted(ref dPositiveWeight);
            if (!Grad.Wanted(ref dInput) && !Grad.Wanted(ref dTarget) && !wantWeight)
            {
                return;
            }

            Tensor weight = positiveWeight is null ? Filled(input.Device, input.ShapeView, 1f) : positiveWeight.BroadcastTo(input.ShapeView);
            Tensor gradientInput = Filled(input.Device, input.ShapeView, 0f);
            Tensor gradientTarget = Filled(input.Device, input.ShapeView, 0f);
            Tensor gradientWeight = Filled(input.Device, input.ShapeView, 0f);
            if (input.Count > 0)
            {
                DeviceKernels.BCEWithLogitsLauncher.Backward(
                    AcceleratorOf(input), input.Count, View(input), View(target), View(weight), View(result),
                    View(gradientInput), View(gradientTarget), View(gradientWeight), Consumable(dResult));
            }

            Grad.Accumulate(ref dInput, gradientInput);
            Grad.Accumulate(ref dTarget, gradientTarget);
            if (wantWeight)
            {
                Grad.Accumulate(ref dPositiveWeight, gradientWeight.SumTo(positiveWeight!.ShapeView));
            }
        }

        /// <summary>The largest value along a dimension, by the generated running-maximum kernel.</summary>
        internal static Tensor MaxAlong(Tensor x, int dim)
        {
            (int[] reduced, int slices, int size, int inner) = Along(x, dim, "Max");
            Tensor result = Tensor.UninitializedOn(x.Device, reduced);
            if (slices > 0)
            {
                DeviceKernels.MaxAlongLauncher.Forward(AcceleratorOf(x), slices, size, inner, View(x), View(result));
            }

            return result;
        }

        /// <summary>The gradient of <see cref="MaxAlong"/>, to the first maximum of each slice, by the generated adjoint kernel.</summary>
        internal static void MaxAlongGradient(Tensor self, int dim, Tensor result, Tensor dResult, ref Tensor? dSelf)
        {
            if (!Grad.Wanted(ref dSelf))
            {
                return;
            }

            (_, int slices, int size, int inner) = Along(self, dim, "Max");
            Tensor gradient = Filled(self.Device, self.ShapeView, 0f);
            if (slices > 0)
            {
                DeviceKernels.MaxAlongLauncher.Backward(AcceleratorOf(self), slices, size, inner, View(self), View(result), View(gradient), Consumable(dResult));
            }

            Grad.Accumulate(ref dSelf, gradient);
        }

        /// <summary>The index of the first largest value along a dimension, as floats (a NaN wins, as in PyTorch).</summary>
        internal static Tensor ArgMaxAlong(Tensor x, int dim)
        {
            (int[] reduced, int slices, int size, int inner) = Along(x, dim, "ArgMax");
            Tensor result = Tensor.UninitializedOn(x.Device, reduced);
            if (slices > 0)
            {
                Launch(ArgMaxKernel, x, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(DeviceLoops.ArgMaxAlong))(
                    slices, View(x), View(result), size, inner);
            }

            return result;
        }

        // The reduced shape, the number of slices along the dimension, their length and their stride.
        private static (int[] Reduced, int Slices, int Size, int Inner) Along(Tensor x, int dim, string operation)
        {
            int[] shape = x.ShapeView;
            int d = Tensor.NormalizeDim(dim, shape.Length, nameof(dim), shape);
            if (shape[d] == 0)
            {
                throw new ArgumentException($"Dimension {dim} of shape {Tensor.ShapeText(shape)} is empty, so {operation} has no maximum.", nameof(dim));
            }

            (int outer, int size, int inner) = Tensor.SplitAt(shape, d);
            int[] reduced = new int[shape.Length - 1];
            for (int i = 0, j = 0; i < shape.Length; i++)
            {
                if (i != d)
                {
                    reduced[j++] = shape[i];
                }
            }

            return (reduced, outer * inner, size, inner);
        }

        /// <summary>Layer normalisation over rows of <paramref name="size"/> elements; a missing weight is ones, a missing bias zeros.</summary>
        internal static Tensor LayerNorm(Tensor input, int size, Tensor? weight, Tensor? bias, float eps)
        {
            RequireSameDevice(input, weight, bias, "LayerNorm");
            Tensor result = Tensor.UninitializedLike(input);
            int rows = size == 0 ? 0 : input.Count / size;
            if (rows > 0)
            {
                DeviceKernels.LayerNormRowsLauncher.Forward(
                    AcceleratorOf(input), rows, size, eps, View(input), View(weight ?? Filled(input.Device, new[] { size }, 1f)),
                    View(bias ?? Filled(input.Device, new[] { size }, 0f)), View(result));
            }

            return result;
        }

        /// <summary>The gradients of <see cref="LayerNorm"/> by its generated adjoint kernel.</summary>
        internal static void LayerNormGradient(
            Tensor input, int size, Tensor? weight, Tensor? bias, float eps, Tensor result, Tensor dResult, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            Tensor gradientInput = Filled(input.Device, input.ShapeView, 0f);
            Tensor gradientWeight = Filled(input.Device, new[] { size }, 0f);
            Tensor gradientBias = Filled(input.Device, new[] { size }, 0f);
            int rows = size == 0 ? 0 : input.Count / size;
            if (rows > 0)
            {
                DeviceKernels.LayerNormRowsLauncher.Backward(
                    AcceleratorOf(input), rows, size, eps, View(input), View(weight ?? Filled(input.Device, new[] { size }, 1f)),
                    View(bias ?? Filled(input.Device, new[] { size }, 0f)), View(result),
                    View(gradientInput), View(gradientWeight), View(gradientBias), Consumable(dResult));
            }

            AccumulateNormalisation(gradientInput, gradientWeight, gradientBias, weight, bias, ref dInput, ref dWeight, ref dBias);
        }

        /// <summary>Group normalisation of [N, C, *] in rows of groupChannels·spatial elements; a missing weight is ones, a missing bias zeros.</summary>
        internal static Tensor GroupNorm(Tensor input, int groups, int groupChannels, int spatial, Tensor? weight, Tensor? bias, float eps)
        {
            Tensor result = Tensor.UninitializedLike(input);
            int channels = groups * groupChannels;
            int rows = spatial == 0 ? 0 : input.Count / (groupChannels * spatial);
            if (rows > 0)
            {
                DeviceKernels.GroupNormRowsLauncher.Forward(
                    AcceleratorOf(input), rows, groups, groupChannels, spatial, eps, View(input), View(weight ?? Filled(input.Device, new[] { channels }, 1f)),
                    View(bias ?? Filled(input.Device, new[] { channels }, 0f)), View(result));
            }

            return result;
        }

        /// <summary>The gradients of <see cref="GroupNorm"/> by its generated adjoint kernel.</summary>
        internal static void GroupNormGradient(
            Tensor input, int groups, int groupChannels, int spatial, Tensor? weight, Tensor? bias, float eps, Tensor result, Tensor dResult,
            ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            int channels = groups * groupChannels;
            Tensor gradientInput = Filled(input.Device, input.ShapeView, 0f);
            Tensor gradientWeight = Filled(input.Device, new[] { channels }, 0f);
            Tensor gradientBias = Filled(input.Device, new[] { channels }, 0f);
            int rows = spatial == 0 ? 0 : input.Count / (groupChannels * spatial);
            if (rows > 0)
            {
                DeviceKernels.GroupNormRowsLauncher.Backward(
                    AcceleratorOf(input), rows, groups, groupChannels, spatial, eps, View(input), View(weight ?? Filled(input.Device, new[] { channels }, 1f)),
                    View(bias ?? Filled(input.Device, new[] { channels }, 0f)), View(result),
                    View(gradientInput), View(gradientWeight), View(gradientBias), Consumable(dResult));
            }

            AccumulateNormalisation(gradientInput, gradientWeight, gradientBias, weight, bias, ref dInput, ref dWeight, ref dBias);
        }

        /// <summary>Rows of an embedding table on a device, for row indices checked on the host.</summary>
        internal static Tensor EmbeddingLookup(int[] rows, int[] shape, Tensor weight, int? paddingIndex)
        {
            Tensor result = Tensor.UninitializedOn(weight.Device, shape);
            if (result.Count > 0)
            {
                using var indices = weight.Device.Memory.RentInts(rows);
                DeviceKernels.EmbeddingLookupLauncher.Forward(
                    AcceleratorOf(weight), result.Count, weight.ShapeView[1], paddingIndex ?? -1, indices.View, View(weight), View(weight), View(result));
            }

            return result;
        }

        /// <summary>The table's gradient of <see cref="EmbeddingLookup"/> by its generated adjoint kernel; the padding row gets none.</summary>
        internal static Tensor EmbeddingLookupGradient(int[] rows, Tensor weight, int? paddingIndex, Tensor dResult)
        {
            Tensor gradient = Filled(weight.Device, weight.ShapeView, 0f);
            if (dResult.Count > 0)
            {
                using var indices = weight.Device.Memory.RentInts(rows);
                DeviceKernels.EmbeddingLookupLauncher.Backward(
                    AcceleratorOf(weight), dResult.Count, weight.ShapeView[1], paddingIndex ?? -1, indices.View, View(weight), View(weight),
                    View(Tensor.UninitializedLike(dResult)), View(gradient), Consumable(dResult));
            }

            return gradient;
        }

        /// <summary>
        /// Batch normalisation on a device: with the batch's statistics (updating the running ones first,
        /// as the CPU does) or with the running ones. A missing weight is ones, a missing bias zeros.
        /// </summary>
        internal static Tensor BatchNorm(
            Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool batchStatistics, float momentum, float eps, int batch, int channels, int spatial)
        {
            RequireSameDevice(input, weight, bias, "BatchNorm");
            RequireSameDevice(input, runningMean, runningVar, "BatchNorm");
            Tensor result = Tensor.UninitializedLike(input);
            if (input.Count == 0)
            {
                return result;
            }

            Tensor scale = weight ?? Filled(input.Device, new[] { channels }, 1f);
            Tensor shift = bias ?? Filled(input.Device, new[] { channels }, 0f);
            if (batchStatistics)
            {
                if (runningMean is not null)
                {
                    Launch(BatchNormRunningKernel, input, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, float>(DeviceLoops.BatchNormRunningUpdate))(
                        channels, View(input), View(runningMean), View(runningVar!), batch, channels, spatial, momentum);
                }

                DeviceKernels.BatchNormTrainingLauncher.Forward(AcceleratorOf(input), channels, batch, channels, spatial, eps, View(input), View(scale), View(shift), View(result));
            }
            else
            {
                DeviceKernels.BatchNormEvaluationLauncher.Forward(
                    AcceleratorOf(input), input.Count, channels, spatial, eps, View(input), View(runningMean!), View(runningVar!), View(scale), View(shift), View(result));
            }

            return result;
        }

        /// <summary>The gradients of <see cref="BatchNorm"/> by the generated adjoint kernels; the running statistics get none.</summary>
        internal static void BatchNormGradient(
            Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool batchStatistics, float eps, int batch, int channels, int spatial,
            Tensor dResult, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            Tensor scale = weight ?? Filled(input.Device, new[] { channels }, 1f);
            Tensor shift = bias ?? Filled(input.Device, new[] { channels }, 0f);
            Tensor gradientInput = Filled(input.Device, input.ShapeView, 0f);
            Tensor gradientWeight = Filled(input.Device, new[] { channels }, 0f);
            Tensor gradientBias = Filled(input.Device, new[] { channels }, 0f);
            if (input.Count > 0)
            {
                Tensor replay = Tensor.UninitializedLike(input);
                if (batchStatistics)
                {
                    DeviceKernels.BatchNormTrainingLauncher.Backward(
                        AcceleratorOf(input), channels, batch, channels, spatial, eps, View(input), View(scale), View(shift), View(replay),
                        View(gradientInput), View(gradientWeight), View(gradientBias), Consumable(dResult));
                }
                else
                {
                    DeviceKernels.BatchNormEvaluationLauncher.Backward(
                        AcceleratorOf(input), input.Count, channels, spatial, eps, View(input), View(runningMean!), View(runningVar!), View(scale), View(shift), View(replay),
                        View(gradientInput), View(gradientWeight), View(gradientBias), Consumable(dResult));
                }
            }

            AccumulateNormalisation(gradientInput, gradientWeight, gradientBias, weight, bias, ref dInput, ref dWeight, ref dBias);
        }

        /// <summary>Where over operands already broadcast to one shape, by the generated select kernel.</summary>
        internal static Tensor Where(Tensor condition, Tensor input, Tensor other) =>
            SameShape(input, other, (accelerator, extent, a, b, y) => DeviceKernels.SelectLauncher.Forward(accelerator, extent, View(condition), a, b, y));

        /// <summary>The two branches' gradients of <see cref="Where"/>, in the broadcast shape, by the generated adjoint kernel.</summary>
        internal static (Tensor Picked, Tensor Others) WhereGradient(Tensor condition, Tensor input, Tensor other, Tensor result, Tensor dResult)
        {
            Tensor picked = Filled(dResult.Device, dResult.ShapeView, 0f);
            Tensor rest = Filled(dResult.Device, dResult.ShapeView, 0f);
            if (dResult.Count > 0)
            {
                DeviceKernels.SelectLauncher.Backward(
                    AcceleratorOf(dResult), dResult.Count, View(condition), View(input), View(other), View(result), View(picked), View(rest), Consumable(dResult));
            }

            return (picked, rest);
        }

        /// <summary>MaskedFill with a mask already broadcast to the tensor's shape, by the generated kernel.</summary>
        internal static Tensor MaskedFill(Tensor x, Tensor mask, float value) =>
            Unary(x, (accelerator, extent, input, y) => DeviceKernels.MaskedFillLauncher.Forward(accelerator, extent, value, View(mask), input, y));

        /// <summary>The gradient of <see cref="MaskedFill"/> by its generated adjoint kernel: none where the mask filled.</summary>
        internal static Tensor MaskedFillGradient(Tensor self, Tensor mask, float value, Tensor result, Tensor dResult)
        {
            Tensor? gradient = null;
            UnaryGradient(self, result, dResult, ref gradient, (accelerator, extent, x, y, dX, dY) => DeviceKernels.MaskedFillLauncher.Backward(accelerator, extent, value, View(mask), x, y, dX, dY));
            return gradient!;
        }

        // A normalisation's three gradients, the weight's and bias's reshaped to their parameters (which may be absent).
        private static void AccumulateNormalisation(
            Tensor gradientInput, Tensor gradientWeight, Tensor gradientBias, Tensor? weight, Tensor? bias, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            Grad.Accumulate(ref dInput, gradientInput);
            if (weight is not null)
            {
                Grad.Accumulate(ref dWeight, gradientWeight.SharingStorage(weight.ShapeView));
            }

            if (bias is not null)
            {
                Grad.Accumulate(ref dBias, gradientBias.SharingStorage(bias.ShapeView));
            }
        }

        private static void RequireSameDevice(Tensor input, Tensor? first, Tensor? second, string operation)
        {
            if (first is not null)
            {
                OnDevice(input, first, operation);
            }

            if (second is not null)
            {
                OnDevice(input, second, operation);
            }
        }

        /// <summary>A convolution of the runtime's geometry on a device, by the generated convolution kernel.</summary>
        internal static Tensor Convolution(Tensor input, Tensor weight, Tensor? bias, Tensor.ConvGeometry g)
        {
            Tensor result = Tensor.UninitializedOn(input.Device, g.OutputShape);
            if (result.Count > 0)
            {
                using var geometry = input.Device.Memory.RentInts(ConvolutionLayout(g));
                DeviceKernels.ConvolutionLauncher.Forward(
                    AcceleratorOf(input), result.Count, geometry.View, View(input), View(weight), View(bias ?? Filled(input.Device, new[] { g.OutChannels }, 0f)), View(result));
            }

            return result;
        }

        /// <summary>The gradients of <see cref="Convolution"/> by its generated adjoint kernel.</summary>
        internal static void ConvolutionGradient(
            Tensor input, Tensor weight, Tensor? bias, Tensor.ConvGeometry g, Tensor dResult, ref Tensor? dInput, ref Tensor? dWeight, ref Tensor? dBias)
        {
            Tensor gradientInput = Filled(input.Device, input.ShapeView, 0f);
            Tensor gradientWeight = Filled(input.Device, weight.ShapeView, 0f);
            Tensor gradientBias = Filled(input.Device, new[] { g.OutChannels }, 0f);
            if (dResult.Count > 0)
            {
                using var geometry = input.Device.Memory.RentInts(ConvolutionLayout(g));
                DeviceKernels.ConvolutionLauncher.Backward(
                    AcceleratorOf(input), dResult.Count, geometry.View, View(input), View(weight), View(bias ?? Filled(input.Device, new[] { g.OutChannels }, 0f)),
                    View(Tensor.UninitializedLike(dResult)), View(gradientInput), View(gradientWeight), View(gradientBias), Consumable(dResult));
            }

            Grad.Accumulate(ref dInput, gradientInput);
            Grad.Accumulate(ref dWeight, gradientWeight);
            if (bias is not null)
            {
                Grad.Accumulate(ref dBias, gradientBias.SharingStorage(bias.ShapeView));
            }
        }

        private static int[] ConvolutionLayout(Tensor.ConvGeometry g) => new[]
        {
            g.InChannels, g.InH, g.InW, g.OutChannels, g.KernelH, g.KernelW, g.StrideH, g.StrideW,
            g.PaddingH, g.PaddingW, g.DilationH, g.DilationW, g.Groups, g.OutH, g.OutW,
        };

        /// <summary>Max pooling: each window's argmax found on the device, then a gather whose adjoint the generator writes.</summary>
        internal static Tensor MaxPool(Tensor input, int[] geometry, int[] outputShape)
        {
            Tensor result = Tensor.UninitializedOn(input.Device, outputShape);
            if (result.Count > 0)
            {
                using var at = WindowArgMax(input, geometry, result.Count);
                DeviceKernels.GatherAtLauncher.Forward(AcceleratorOf(input), result.Count, at.View, View(input), View(result));
            }

            return result;
        }

        /// <summary>The gradient of <see cref="MaxPool"/>: each window's gradient to its argmax, found again from the input.</summary>
        internal static Tensor MaxPoolGradient(Tensor input, int[] geometry, Tensor dResult)
        {
            Tensor gradient = Filled(input.Device, input.ShapeView, 0f);
            if (dResult.Count > 0)
            {
                using var at = WindowArgMax(input, geometry, dResult.Count);
                DeviceKernels.GatherAtLauncher.Backward(
                    AcceleratorOf(input), dResult.Count, at.View, View(input), View(Tensor.UninitializedLike(dResult)), View(gradient), Consumable(dResult));
            }

            return gradient;
        }

        /// <summary>Average pooling over windows from a host-built table (see <c>Tensor.AverageWindows</c>).</summary>
        internal static Tensor WindowAverage(Tensor input, int[] windows, int outH, int outW, int inH, int inW, int[] outputShape)
        {
            Tensor result = Tensor.UninitializedOn(input.Device, outputShape);
            if (result.Count > 0)
            {
                using var table = input.Device.Memory.RentInts(windows);
                DeviceKernels.WindowAverageLauncher.Forward(AcceleratorOf(input), result.Count, outH, outW, inH, inW, table.View, View(input), View(result));
            }

            return result;
        }

        /// <summary>The gradient of <see cref="WindowAverage"/> by its generated adjoint kernel.</summary>
        internal static Tensor WindowAverageGradient(Tensor input, int[] windows, int outH, int outW, int inH, int inW, Tensor dResult)
        {
            Tensor gradient = Filled(input.Device, input.ShapeView, 0f);
            if (dResult.Count > 0)
            {
                using var table = input.Device.Memory.RentInts(windows);
                DeviceKernels.WindowAverageLauncher.Backward(
                    AcceleratorOf(input), dResult.Count, outH, outW, inH, inW, table.View, View(input), View(Tensor.UninitializedLike(dResult)), View(gradient), Consumable(dResult));
            }

            return gradient;
        }

        /// <summary>y[i] = x[offsets[i]] for offsets checked on the host, by the generated gather kernel.</summary>
        internal static Tensor GatherAt(Tensor x, int[] offsets, int[] shape)
        {
            Tensor result = Tensor.UninitializedOn(x.Device, shape);
            if (offsets.Length > 0)
            {
                using var at = x.Device.Memory.RentInts(offsets);
                DeviceKernels.GatherAtLauncher.Forward(AcceleratorOf(x), offsets.Length, at.View, View(x), View(result));
            }

            return result;
        }

        /// <summary>The gradient of <see cref="GatherAt"/>: each element's gradient added at its offset (atomically: offsets may repeat).</summary>
        internal static Tensor GatherAtGradient(Tensor self, int[] offsets, Tensor dResult)
        {
            Tensor gradient = Filled(self.Device, self.ShapeView, 0f);
            if (offsets.Length > 0)
            {
                using var at = self.Device.Memory.RentInts(offsets);
                DeviceKernels.GatherAtLauncher.Backward(
                    AcceleratorOf(self), offsets.Length, at.View, View(self), View(Tensor.UninitializedLike(dResult)), View(gradient), Consumable(dResult));
            }

            return gradient;
        }

        private static DeviceMemory.IntLease WindowArgMax(Tensor input, int[] geometry, int count)
        {
            DeviceMemory.IntLease at = input.Device.Memory.RentInts(count);
            using var layout = input.Device.Memory.RentInts(geometry);
            Launch(WindowArgMaxKernel, input, static acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>>(DeviceLoops.WindowArgMax))(
                count, View(input), at.View, layout.View);
            return at;
        }

        private static (int Rows, int Columns) RowsOf(Tensor x, int dim)
        {
            int[] shape = x.ShapeView;
            int columns = shape[Tensor.NormalizeDim(dim, shape.Length, nameof(dim), shape)];
            return (columns == 0 ? 0 : x.Count / columns, columns);
        }
    }
}
