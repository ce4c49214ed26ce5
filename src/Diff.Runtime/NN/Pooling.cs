using System;

namespace Diff.NN
{
    /// <summary>The maximum over each window of [N, C, H, W] inputs, like PyTorch's <c>nn.MaxPool2d</c>.</summary>
    public sealed partial class MaxPool2d : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="kernelSize">The square window's size, at least 1.</param>
        /// <param name="stride">The step between windows; null (PyTorch's default) means the kernel size.</param>
        /// <param name="padding">Implicit −∞ padding on every side, at most half the kernel size.</param>
        /// <param name="dilation">The spacing of window elements, at least 1.</param>
        /// <param name="ceilMode">Round the output size up (PyTorch's <c>ceil_mode</c>).</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
        public MaxPool2d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(stride ?? kernelSize, 1, nameof(stride));
            ArgumentOutOfRangeException.ThrowIfLessThan(padding, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(padding, kernelSize / 2);
            ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
            KernelSize = kernelSize;
            Stride = stride ?? kernelSize;
            Padding = padding;
            Dilation = dilation;
            CeilMode = ceilMode;
        }

        /// <summary>The window's size.</summary>
        public int KernelSize { get; }

        /// <summary>The step between windows.</summary>
        public int Stride { get; }

        /// <summary>The implicit −∞ padding on every side.</summary>
        public int Padding { get; }

        /// <summary>The spacing of window elements.</summary>
        public int Dilation { get; }

        /// <summary>Whether the output size is rounded up.</summary>
        public bool CeilMode { get; }

        /// <summary>Pools <paramref name="input"/>.</summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <returns>The pooled tensor.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return Tensor.MaxPool2d(input, KernelSize, KernelSize, Stride, Stride, Padding, Padding, Dilation, Dilation, CeilMode);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() =>
            $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={PythonBool(CeilMode)}";
    }

    /// <summary>The mean over each window of [N, C, H, W] inputs, like PyTorch's <c>nn.AvgPool2d</c>.</summary>
    public sealed partial class AvgPool2d : Module
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="kernelSize">The square window's size, at least 1.</param>
        /// <param name="stride">The step between windows; null (PyTorch's default) means the kernel size.</param>
        /// <param name="padding">Implicit zero padding on every side, at most half the kernel size.</param>
        /// <param name="ceilMode">Round the output size up (PyTorch's <c>ceil_mode</c>).</param>
        /// <param name="countIncludePad">Divide by the whole window including padding (PyTorch's default).</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
        public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(stride ?? kernelSize, 1, nameof(stride));
            ArgumentOutOfRangeException.ThrowIfLessThan(padding, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(padding, kernelSize / 2);
            KernelSize = kernelSize;
            Stride = stride ?? kernelSize;
            Padding = padding;
            CeilMode = ceilMode;
            CountIncludePad = countIncludePad;
        }

        /// <summary>The window's size.</summary>
        public int KernelSize { get; }

        /// <summary>The step between windows.</summary>
        public int Stride { get; }

        /// <summary>The implicit zero padding on every side.</summary>
        public int Padding { get; }

        /// <summary>Whether the output size is rounded up.</summary>
        public bool CeilMode { get; }

        /// <summary>Whether padding counts in the divisor.</summary>
        public bool CountIncludePad { get; }

        /// <summary>Pools <paramref name="input"/>.</summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <returns>The pooled tensor.</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return Tensor.AvgPool2d(input, KernelSize, KernelSize, Stride, Stride, Padding, Padding, CeilMode, CountIncludePad);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}";
    }

    /// <summary>
    /// The mean over an adaptive grid of windows, so that any [N, C, H, W] input becomes
    /// [N, C, H', W'], like PyTorch's <c>nn.AdaptiveAvgPool2d</c>.
    /// </summary>
    public sealed partial class AdaptiveAvgPool2d : Module
    {
        private readonly bool _square;

        /// <summary>Creates the layer with a square output.</summary>
        /// <param name="outputSize">The output height and width, at least 1.</param>
        public AdaptiveAvgPool2d(int outputSize)
            : this((outputSize, outputSize))
        {
            _square = true;
        }

        /// <summary>Creates the layer.</summary>
        /// <param name="outputSize">The output (height, width), each at least 1.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is less than 1.</exception>
        public AdaptiveAvgPool2d((int Height, int Width) outputSize)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(outputSize.Height, 1, nameof(outputSize));
            ArgumentOutOfRangeException.ThrowIfLessThan(outputSize.Width, 1, nameof(outputSize));
            OutputSize = outputSize;
        }

        /// <summary>The output (height, width).</summary>
        public (int Height, int Width) OutputSize { get; }

        /// <summary>Pools <paramref name="input"/>.</summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <returns>[N, C, H', W'] (or [C, H', W']).</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            return Tensor.AdaptiveAvgPool2d(input, OutputSize.Height, OutputSize.Width);
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() =>
            "output_size=" + (_square ? OutputSize.Height.ToString(System.Globalization.CultureInfo.InvariantCulture) : Tuple(OutputSize.Height, OutputSize.Width));
    }
}
