using System;

namespace Diff.NN
{
    public static partial class Functional
    {
        /// <summary>The 2-D convolution, like PyTorch's <c>F.conv2d</c> with square stride, padding and dilation.</summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <param name="weight">[O, C / groups, kH, kW].</param>
        /// <param name="bias">[O], or null.</param>
        /// <param name="stride">The step between windows.</param>
        /// <param name="padding">Zeros added on every side.</param>
        /// <param name="dilation">The spacing of kernel taps.</param>
        /// <param name="groups">Independent channel groups.</param>
        /// <returns>[N, O, H', W'].</returns>
        [Differentiable]
        public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(weight);
            return Tensor.Conv2d(input, weight, bias, stride, stride, padding, padding, dilation, dilation, groups);
        }

        /// <summary>The 1-D convolution, like PyTorch's <c>F.conv1d</c>.</summary>
        /// <param name="input">[N, C, L] or [C, L].</param>
        /// <param name="weight">[O, C / groups, k].</param>
        /// <param name="bias">[O], or null.</param>
        /// <param name="stride">The step between windows.</param>
        /// <param name="padding">Zeros added at both ends.</param>
        /// <param name="dilation">The spacing of kernel taps.</param>
        /// <param name="groups">Independent channel groups.</param>
        /// <returns>[N, O, L'].</returns>
        [Differentiable]
        public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(weight);
            return Tensor.Conv1d(input, weight, bias, stride, padding, dilation, groups);
        }

        /// <summary>Max pooling with square windows, like PyTorch's <c>F.max_pool2d</c> (the stride defaults to the kernel size).</summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <param name="kernelSize">The window's size.</param>
        /// <param name="stride">The step between windows; 0 means the kernel size.</param>
        /// <param name="padding">Implicit −∞ padding.</param>
        /// <returns>The pooled tensor.</returns>
        [Differentiable]
        public static Tensor MaxPool2d(Tensor input, int kernelSize, int stride = 0, int padding = 0)
        {
            ArgumentNullException.ThrowIfNull(input);
            return Tensor.MaxPool2d(input, kernelSize, kernelSize, StrideOrKernel(stride, kernelSize), StrideOrKernel(stride, kernelSize), padding, padding, 1, 1, false);
        }

        /// <summary>Average pooling with square windows, like PyTorch's <c>F.avg_pool2d</c> (the stride defaults to the kernel size).</summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <param name="kernelSize">The window's size.</param>
        /// <param name="stride">The step between windows; 0 means the kernel size.</param>
        /// <param name="padding">Implicit zero padding, counted in the divisor.</param>
        /// <returns>The pooled tensor.</returns>
        [Differentiable]
        public static Tensor AvgPool2d(Tensor input, int kernelSize, int stride = 0, int padding = 0)
        {
            ArgumentNullException.ThrowIfNull(input);
            return Tensor.AvgPool2d(input, kernelSize, kernelSize, StrideOrKernel(stride, kernelSize), StrideOrKernel(stride, kernelSize), padding, padding, false, true);
        }

        /// <summary>Adaptive average pooling to <paramref name="outputH"/>×<paramref name="outputW"/>, like <c>F.adaptive_avg_pool2d</c>.</summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <param name="outputH">The output height.</param>
        /// <param name="outputW">The output width.</param>
        /// <returns>[N, C, outputH, outputW].</returns>
        [Differentiable]
        public static Tensor AdaptiveAvgPool2d(Tensor input, int outputH, int outputW)
        {
            ArgumentNullException.ThrowIfNull(input);
            return Tensor.AdaptiveAvgPool2d(input, outputH, outputW);
        }

        /// <summary>Layer normalisation over the trailing <paramref name="normalizedShape"/>, like <c>F.layer_norm</c>.</summary>
        /// <param name="input">A tensor whose trailing dimensions are <paramref name="normalizedShape"/>.</param>
        /// <param name="normalizedShape">The trailing dimensions.</param>
        /// <param name="weight">The scale, or null.</param>
        /// <param name="bias">The shift, or null.</param>
        /// <param name="eps">Added to the variance.</param>
        /// <returns>A tensor of the input's shape.</returns>
        [Differentiable]
        public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
        {
            ArgumentNullException.ThrowIfNull(input);
            return Tensor.LayerNorm(input, normalizedShape, weight, bias, eps);
        }

        /// <summary>Group normalisation of the channels of [N, C, *] in <paramref name="numGroups"/> groups, like <c>F.group_norm</c>.</summary>
        /// <param name="input">[N, C] or [N, C, *].</param>
        /// <param name="numGroups">The number of groups, dividing C.</param>
        /// <param name="weight">The scale per channel, [C], or null.</param>
        /// <param name="bias">The shift per channel, [C], or null.</param>
        /// <param name="eps">Added to the variance.</param>
        /// <returns>A tensor of the input's shape.</returns>
        [Differentiable]
        public static Tensor GroupNorm(Tensor input, int numGroups, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
        {
            ArgumentNullException.ThrowIfNull(input);
            return Tensor.GroupNorm(input, numGroups, weight, bias, eps);
        }

        /// <summary>The rows of <paramref name="weight"/> named by the integer <paramref name="input"/>, like <c>F.embedding</c>.</summary>
        /// <param name="input">Indices in [0, num_embeddings), any shape.</param>
        /// <param name="weight">The table [num_embeddings, embedding_dim].</param>
        /// <param name="paddingIdx">A row whose lookups get no gradient (in [0, num_embeddings)), or null.</param>
        /// <returns>[*input.Shape, embedding_dim].</returns>
        /// <exception cref="ArgumentOutOfRangeException">An index, or <paramref name="paddingIdx"/>, is out of range.</exception>
        [Differentiable]
        public static Tensor Embedding(IntTensor input, Tensor weight, int? paddingIdx = null)
        {
            ArgumentNullException.ThrowIfNull(weight);
            return Tensor.Embedding(input, weight, paddingIdx);
        }

        /// <summary>The rows of <paramref name="weight"/> named by <paramref name="input"/>'s whole numbers, like <c>F.embedding</c>.</summary>
        /// <param name="input">Whole-number indices in [0, num_embeddings), any shape; they get no gradient.</param>
        /// <param name="weight">The table [num_embeddings, embedding_dim].</param>
        /// <param name="paddingIdx">A row whose lookups get no gradient (in [0, num_embeddings)), or null.</param>
        /// <returns>[*input.Shape, embedding_dim].</returns>
        /// <exception cref="ArgumentException">An index is not a whole number.</exception>
        /// <exception cref="ArgumentOutOfRangeException">An index, or <paramref name="paddingIdx"/>, is out of range.</exception>
        [Differentiable]
        public static Tensor Embedding(Tensor input, Tensor weight, int? paddingIdx = null)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(weight);
            return Tensor.Embedding(input, weight, paddingIdx);
        }

        /// <summary>The GELU of each element, like <c>F.gelu</c>.</summary>
        /// <param name="input">Any tensor.</param>
        /// <param name="approximate">The exact form or the tanh approximation.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor Gelu(Tensor input, GeluApproximation approximate = GeluApproximation.None)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.Gelu(approximate);
        }

        /// <summary>The leaky ReLU of each element, like <c>F.leaky_relu</c>.</summary>
        /// <param name="input">Any tensor.</param>
        /// <param name="negativeSlope">The slope below zero.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor LeakyRelu(Tensor input, float negativeSlope = 0.01f)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.LeakyRelu(negativeSlope);
        }

        /// <summary>The ELU of each element, like <c>F.elu</c>.</summary>
        /// <param name="input">Any tensor.</param>
        /// <param name="alpha">The scale of the negative part.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor Elu(Tensor input, float alpha = 1f)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.Elu(alpha);
        }

        /// <summary>The SiLU <c>x·σ(x)</c> of each element, like <c>F.silu</c>.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor Silu(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.Silu();
        }

        /// <summary>The softplus of each element, like <c>F.softplus</c>.</summary>
        /// <param name="input">Any tensor.</param>
        /// <param name="beta">The sharpness.</param>
        /// <param name="threshold">Above this value of βx the function is linear.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor Softplus(Tensor input, float beta = 1f, float threshold = 20f)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.Softplus(beta, threshold);
        }

        /// <summary>log σ(x) of each element, like <c>F.logsigmoid</c>.</summary>
        /// <param name="input">Any tensor.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor LogSigmoid(Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.LogSigmoid();
        }

        /// <summary>Each element clipped to [min, max] with gradient 0 at the bounds, like <c>F.hardtanh</c>.</summary>
        /// <param name="input">Any tensor.</param>
        /// <param name="minValue">The lower bound.</param>
        /// <param name="maxValue">The upper bound.</param>
        /// <returns>A tensor of the same shape.</returns>
        [Differentiable]
        public static Tensor Hardtanh(Tensor input, float minValue = -1f, float maxValue = 1f)
        {
            ArgumentNullException.ThrowIfNull(input);
            return input.Hardtanh(minValue, maxValue);
        }

        private static int StrideOrKernel(int stride, int kernelSize) => stride == 0 ? kernelSize : stride;
    }
}
