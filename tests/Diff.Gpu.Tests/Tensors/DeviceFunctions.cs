using Diff.NN;

namespace Diff.Gpu.Tests.Tensors
{
    /// <summary>
    /// [Differentiable] tensor code that says nothing about devices: the same generated gradients run
    /// on whatever device their tensors are on.
    /// </summary>
    public static partial class DeviceFunctions
    {
        /// <summary>Every elementwise rule with a device kernel, kinks included (|x| and ReLU at 0, Clamp at its bounds).</summary>
        [Differentiable]
        public static Tensor Elementwise(Tensor x, Tensor y)
        {
            Tensor positive = y.Abs() + 0.5f;
            Tensor a = (x * y).Tanh() + (x / positive).Sigmoid() + positive.Log() * x.Relu();
            Tensor b = (x * 0.3f).Exp() - positive.Sqrt() + x.Pow(2f) * 0.25f + positive.Pow(1.5f) + x.Clamp(-0.5f, 0.5f);
            Tensor c = 2f - x / 3f + 1f / positive - (-y) * 0.5f;
            return (a * b + c).Sum();
        }

        /// <summary>Broadcasting in both directions, and reductions over a dimension, averaged.</summary>
        [Differentiable]
        public static Tensor Broadcasting(Tensor matrix, Tensor row, Tensor column)
        {
            Tensor spread = (matrix + row) * column - row / (column * column + 1f);
            return spread.Sum(0).Tanh().Sum() + spread.Mean(1, keepDim: true).Exp().Mean() + spread.Mean();
        }

        /// <summary>A two-layer classifier written with the functional ops: products, softmax, a gathered NLL.</summary>
        [Differentiable]
        public static Tensor Classifier(Tensor x, Tensor w1, Tensor b1, Tensor w2, [NoDiff] int[] labels)
        {
            Tensor hidden = Tensor.Linear(x, w1, b1).Relu();
            Tensor logits = Tensor.MatMul(hidden, w2);
            Tensor probabilities = logits.Softmax(-1) + logits.LogSoftmax(0).Exp() * 0.5f;
            return Functional.CrossEntropyLoss(logits, labels) + (probabilities * probabilities).Sum() * 0.1f;
        }

        /// <summary>A batched product whose right operand every batch shares.</summary>
        [Differentiable]
        public static Tensor Batched(Tensor a, Tensor b) => Tensor.MatMul(a, b).Sigmoid().Sum();

        /// <summary>A module's loss; the gradients go to each parameter's Grad.</summary>
        [Differentiable]
        public static Tensor ModuleLoss(Module model, [NoDiff] Tensor input, [NoDiff] int[] labels) =>
            Functional.CrossEntropyLoss(model.Forward(input), labels);

        /// <summary>A regression loss.</summary>
        [Differentiable]
        public static Tensor Regression(Module model, [NoDiff] Tensor input, [NoDiff] Tensor target) =>
            Functional.MSELoss(model.Forward(input), target);

        /// <summary>The activations with device kernels, with their kinks: 0 for the ReLU family, the Hardtanh bounds.</summary>
        [Differentiable]
        public static Tensor Activations(Tensor x)
        {
            Tensor a = x.LeakyRelu(0.1f) + x.Elu(0.7f) * 0.5f + x.Silu() + x.Softplus(2f, 5f);
            Tensor b = x.LogSigmoid() + x.Hardtanh(-0.5f, 0.5f) * 2f + x.Gelu(GeluApproximation.Tanh) + (x * 3f).Gelu();
            return (a * b).Sum() + a.Sum();
        }

        /// <summary>The exact GELU, weighted so that every element's gradient differs.</summary>
        [Differentiable]
        public static Tensor ExactGelu(Tensor x) => (x.Gelu() * (x * 0.25f + 1f)).Sum();

        /// <summary>BCE with logits, plain and with a positive weight per class, and a maximum along each row.</summary>
        [Differentiable]
        public static Tensor Logistic(Tensor logits, Tensor targets, Tensor positiveWeight)
        {
            Tensor plain = Functional.BCEWithLogitsLoss(logits, targets);
            Tensor weighted = Functional.BCEWithLogitsLoss(logits * 2f, targets, positiveWeight, Reduction.Sum);
            return plain + weighted * 0.1f + logits.Max(1).Sum() + logits.Max(0).Exp().Mean();
        }

        /// <summary>An affine map squashed and summed, for the product's transposed reads in both sweeps.</summary>
        [Differentiable]
        public static Tensor LinearSum(Tensor input, Tensor weight, Tensor bias) => Tensor.Linear(input, weight, bias).Tanh().Sum();

        /// <summary>A computation that moves its tensor to a device and back: the gradient follows the moves in reverse.</summary>
        [Differentiable]
        public static Tensor AcrossDevices(Tensor x, Device device) => ((x.To(device).Tanh() * 2f).To(Device.Cpu) * x).Sum();

        /// <summary>The regression losses, each at its kinks when the prediction meets the target.</summary>
        [Differentiable]
        public static Tensor RegressionLosses(Tensor prediction, Tensor target)
        {
            Tensor squared = Functional.MSELoss(prediction, target) + Functional.MSELoss(prediction, target, Reduction.Sum) * 0.1f;
            Tensor absolute = Functional.L1Loss(prediction, target);
            Tensor huber = Functional.HuberLoss(prediction, target, Reduction.Mean, 0.5f) + Functional.HuberLoss(prediction, target, Reduction.Sum);
            Tensor smooth = Functional.SmoothL1Loss(prediction, target, Reduction.Mean, 0.3f) + Functional.SmoothL1Loss(prediction, target, Reduction.Sum, 0f);
            return squared + absolute + huber + smooth;
        }

        /// <summary>The KL divergence of log-softmax inputs from probability and log-probability targets, in three reductions.</summary>
        [Differentiable]
        public static Tensor Divergence(Tensor logits, Tensor target, Tensor logTarget)
        {
            Tensor input = logits.LogSoftmax(1);
            Tensor batchMean = Functional.KLDivLoss(input, target, Reduction.BatchMean);
            Tensor logSum = Functional.KLDivLoss(input, logTarget, Reduction.Sum, logTarget: true);
            return batchMean + logSum * 0.5f + Functional.KLDivLoss(input * 2f, target, Reduction.Mean);
        }

        /// <summary>Cross-entropy with an ignored class and label smoothing.</summary>
        [Differentiable]
        public static Tensor SmoothedCrossEntropy(Tensor logits, [NoDiff] int[] labels) =>
            Functional.CrossEntropyLoss(logits, labels, Reduction.Mean, ignoreIndex: 2, labelSmoothing: 0.1f);

        /// <summary>Strided copies: narrowing, stepping, selecting, transposing and permuting, with gradients scattered back.</summary>
        [Differentiable]
        public static Tensor Strided(Tensor x, Tensor w)
        {
            Tensor left = x.Narrow(1, 0, 2);
            Tensor everyOther = x.Slice(1, 1, int.MaxValue, 2);
            Tensor firstRow = x.Select(0, 0);
            Tensor flipped = x.Permute(2, 0, 1);
            return (left * w).Tanh().Sum() + everyOther.Exp().Mean() + (firstRow * firstRow).Sum()
                + (flipped.Transpose(0, 1) * 0.5f).Sigmoid().Sum() + Tensor.MatMul(x.Select(1, 0), w.Select(1, 0).Transpose()).Sum()
                + (Tensor.Cat(left, w * 2f, 1) * Tensor.Cat(w, x.Narrow(1, 1, 2), 1)).Sum() + Tensor.Stack(firstRow, x.Select(0, 2), 1).Tanh().Sum();
        }

        /// <summary>An embedding with a padding row, then layer normalisation with and without its affine parameters.</summary>
        [Differentiable]
        public static Tensor Normalised(Tensor table, Tensor weight, Tensor bias, [NoDiff] IntTensor tokens)
        {
            Tensor embedded = Tensor.Embedding(tokens, table, 1);
            Tensor normalised = Tensor.LayerNorm(embedded, new[] { 6 }, weight, bias, 1e-5f);
            Tensor plain = Tensor.LayerNorm(embedded * 3f, new[] { 6 }, null, null, 1e-3f);
            return (normalised.Tanh() * plain).Sum() + normalised.Exp().Mean();
        }

        /// <summary>Group normalisation with its affine parameters, with one group per channel and none, and of a [N, C] input.</summary>
        [Differentiable]
        public static Tensor GroupNormalised(Tensor images, Tensor weight, Tensor bias)
        {
            Tensor grouped = Tensor.GroupNorm(images, 3, weight, bias, 1e-5f);
            Tensor perChannel = Tensor.GroupNorm(images * 2f, 6, null, null, 1e-3f);
            Tensor flat = Functional.GroupNorm(images.Sum(3).Sum(2), 2, weight, bias);
            return (grouped.Tanh() * perChannel).Sum() + grouped.Exp().Mean() + (flat * flat).Sum();
        }

        /// <summary>Grouped, strided, padded and dilated 2-D and 1-D convolutions.</summary>
        [Differentiable]
        public static Tensor Convolutions(Tensor images, Tensor filters, Tensor bias, Tensor signal, Tensor taps)
        {
            Tensor planes = Tensor.Conv2d(images, filters, bias, 2, 1, 1, 2, 1, 2, 2);
            Tensor line = Tensor.Conv1d(signal, taps, null, 2, 1, 2, 1);
            return planes.Tanh().Sum() + (line * line).Mean();
        }

        /// <summary>Max pooling with padding and dilation, average pooling with and without counting padding in ceil mode, adaptive pooling.</summary>
        [Differentiable]
        public static Tensor Pooling(Tensor images)
        {
            Tensor largest = Tensor.MaxPool2d(images, 3, 2, 2, 1, 1, 1, 1, 2, false);
            Tensor mean = Tensor.AvgPool2d(images, 3, 3, 2, 2, 1, 1, true, false);
            Tensor padded = Tensor.AvgPool2d(images, 2, 3, 1, 2, 1, 1, false, true);
            Tensor adaptive = Tensor.AdaptiveAvgPool2d(images, 3, 2);
            return (largest * largest).Sum() + mean.Exp().Sum() + padded.Tanh().Sum() + adaptive.Sum() * 0.5f;
        }

        /// <summary>Gathers by an index tensor and selections of rows by index, with repeated indices.</summary>
        [Differentiable]
        public static Tensor Indexed(Tensor x, [NoDiff] IntTensor columns, [NoDiff] IntTensor rows)
        {
            Tensor picked = x.Gather(1, columns);
            Tensor chosen = x.IndexSelect(0, rows);
            Tensor listed = x.IndexSelect(1, new[] { 3, 0, 3 });
            return (picked * picked).Sum() + chosen.Tanh().Sum() + listed.Exp().Mean();
        }

        /// <summary>Scatter and ScatterAdd along each dimension, with repeated indices and a source larger than the index.</summary>
        [Differentiable]
        public static Tensor Scattered(Tensor x, Tensor source, [NoDiff] IntTensor rows, [NoDiff] IntTensor columns)
        {
            Tensor written = x.Scatter(0, rows, source);
            Tensor added = x.ScatterAdd(1, columns, source * 2f);
            return (written * added).Sum() + written.Tanh().Sum() + added.Exp().Mean();
        }

        /// <summary>A module's output summed, for gradients with respect to its input.</summary>
        [Differentiable]
        public static Tensor EvaluatedSum(Module model, Tensor input) => model.Forward(input).Tanh().Sum();

        /// <summary>Where with broadcasting in every operand, and MaskedFill with a broadcast mask.</summary>
        [Differentiable]
        public static Tensor Masked(Tensor x, Tensor row, [NoDiff] Tensor condition, [NoDiff] Tensor mask)
        {
            Tensor chosen = Tensor.Where(condition, x * 2f, row);
            Tensor filled = x.MaskedFill(mask, 0.25f);
            return (chosen * filled).Sum() + chosen.Tanh().Sum();
        }
    }
}
