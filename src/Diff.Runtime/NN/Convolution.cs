using System;

namespace Diff.NN
{
    /// <summary>
    /// A 2-D convolution (cross-correlation) over [N, C, H, W] inputs, like PyTorch's <c>nn.Conv2d</c>,
    /// with stride, zero padding, dilation and groups.
    /// </summary>
    public sealed partial class Conv2d : Module
    {
        /// <summary>Creates the layer with square kernel, stride, padding and dilation.</summary>
        /// <param name="inChannels">Input channels C, at least 1 and divisible by <paramref name="groups"/>.</param>
        /// <param name="outChannels">Output channels O, at least 1 and divisible by <paramref name="groups"/>.</param>
        /// <param name="kernelSize">The kernel's height and width, at least 1.</param>
        /// <param name="stride">The step between windows, at least 1.</param>
        /// <param name="padding">Zeros added on every side, at least 0.</param>
        /// <param name="dilation">The spacing of kernel taps, at least 1.</param>
        /// <param name="groups">Independent channel groups.</param>
        /// <param name="bias">Whether the layer learns an additive bias per output channel.</param>
        /// <param name="generator">The random source for the initial values; null uses the default one.</param>
        public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true, Generator? generator = null)
            : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (padding, padding), (dilation, dilation), groups, bias, generator)
        {
        }

        /// <summary>
        /// Creates the layer with PyTorch's initialisation: weight and bias from
        /// U(−1/√fan_in, 1/√fan_in), fan_in = (C / groups)·kH·kW (kaiming-uniform with a = √5).
        /// </summary>
        /// <param name="inChannels">Input channels C, at least 1 and divisible by <paramref name="groups"/>.</param>
        /// <param name="outChannels">Output channels O, at least 1 and divisible by <paramref name="groups"/>.</param>
        /// <param name="kernelSize">The kernel's (height, width), each at least 1.</param>
        /// <param name="stride">The vertical and horizontal steps, each at least 1.</param>
        /// <param name="padding">Zero rows and columns added on each side, each at least 0.</param>
        /// <param name="dilation">The spacing of kernel taps, each at least 1.</param>
        /// <param name="groups">Independent channel groups.</param>
        /// <param name="bias">Whether the layer learns an additive bias per output channel.</param>
        /// <param name="generator">The random source for the initial values; null uses the default one.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
        /// <exception cref="ArgumentException"><paramref name="groups"/> does not divide both channel counts.</exception>
        public Conv2d(
            int inChannels, int outChannels, (int Height, int Width) kernelSize, (int Height, int Width) stride, (int Height, int Width) padding,
            (int Height, int Width) dilation, int groups = 1, bool bias = true, Generator? generator = null)
        {
            ConvolutionChecks.Validate(inChannels, outChannels, groups, new[] { kernelSize.Height, kernelSize.Width }, new[] { stride.Height, stride.Width },
                new[] { padding.Height, padding.Width }, new[] { dilation.Height, dilation.Width });
            InChannels = inChannels;
            OutChannels = outChannels;
            KernelSize = kernelSize;
            Stride = stride;
            Padding = padding;
            Dilation = dilation;
            Groups = groups;
            Weight = RegisterParameter("weight", Init.KaimingUniform(Tensor.Zeros(outChannels, inChannels / groups, kernelSize.Height, kernelSize.Width), Math.Sqrt(5), generator: generator));
            Bias = bias ? RegisterParameter("bias", ConvolutionChecks.BiasInit(outChannels, inChannels / groups * kernelSize.Height * kernelSize.Width, generator)) : null;
        }

        /// <summary>Input channels.</summary>
        public int InChannels { get; }

        /// <summary>Output channels.</summary>
        public int OutChannels { get; }

        /// <summary>The kernel's (height, width).</summary>
        public (int Height, int Width) KernelSize { get; }

        /// <summary>The vertical and horizontal strides.</summary>
        public (int Height, int Width) Stride { get; }

        /// <summary>The zero padding on each side.</summary>
        public (int Height, int Width) Padding { get; }

        /// <summary>The spacing of kernel taps.</summary>
        public (int Height, int Width) Dilation { get; }

        /// <summary>Independent channel groups.</summary>
        public int Groups { get; }

        /// <summary>The weight, [O, C / groups, kH, kW].</summary>
        public Parameter Weight { get; }

        /// <summary>The bias, [O], or null.</summary>
        public Parameter? Bias { get; }

        /// <summary>Convolves <paramref name="input"/>.</summary>
        /// <param name="input">[N, C, H, W] or [C, H, W].</param>
        /// <returns>[N, O, H', W'] (or [O, H', W']).</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            Tensor output;
            if (Bias is null)
            {
                output = Tensor.Conv2d(input, Weight.Value, null, Stride.Height, Stride.Width, Padding.Height, Padding.Width, Dilation.Height, Dilation.Width, Groups);
            }
            else
            {
                output = Tensor.Conv2d(input, Weight.Value, Bias.Value, Stride.Height, Stride.Width, Padding.Height, Padding.Width, Dilation.Height, Dilation.Width, Groups);
            }

            return output;
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => ConvolutionChecks.Describe(
            InChannels, OutChannels, new[] { KernelSize.Height, KernelSize.Width }, new[] { Stride.Height, Stride.Width },
            new[] { Padding.Height, Padding.Width }, new[] { Dilation.Height, Dilation.Width }, Groups, Bias is not null);
    }

    /// <summary>A 1-D convolution (cross-correlation) over [N, C, L] inputs, like PyTorch's <c>nn.Conv1d</c>.</summary>
    public sealed partial class Conv1d : Module
    {
        /// <summary>
        /// Creates the layer with PyTorch's initialisation: weight and bias from
        /// U(−1/√fan_in, 1/√fan_in), fan_in = (C / groups)·k.
        /// </summary>
        /// <param name="inChannels">Input channels C, at least 1 and divisible by <paramref name="groups"/>.</param>
        /// <param name="outChannels">Output channels O, at least 1 and divisible by <paramref name="groups"/>.</param>
        /// <param name="kernelSize">The kernel's length, at least 1.</param>
        /// <param name="stride">The step between windows, at least 1.</param>
        /// <param name="padding">Zeros added at both ends, at least 0.</param>
        /// <param name="dilation">The spacing of kernel taps, at least 1.</param>
        /// <param name="groups">Independent channel groups.</param>
        /// <param name="bias">Whether the layer learns an additive bias per output channel.</param>
        /// <param name="generator">The random source for the initial values; null uses the default one.</param>
        /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
        /// <exception cref="ArgumentException"><paramref name="groups"/> does not divide both channel counts.</exception>
        public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true, Generator? generator = null)
        {
            ConvolutionChecks.Validate(inChannels, outChannels, groups, new[] { kernelSize }, new[] { stride }, new[] { padding }, new[] { dilation });
            InChannels = inChannels;
            OutChannels = outChannels;
            KernelSize = kernelSize;
            Stride = stride;
            Padding = padding;
            Dilation = dilation;
            Groups = groups;
            Weight = RegisterParameter("weight", Init.KaimingUniform(Tensor.Zeros(outChannels, inChannels / groups, kernelSize), Math.Sqrt(5), generator: generator));
            Bias = bias ? RegisterParameter("bias", ConvolutionChecks.BiasInit(outChannels, inChannels / groups * kernelSize, generator)) : null;
        }

        /// <summary>Input channels.</summary>
        public int InChannels { get; }

        /// <summary>Output channels.</summary>
        public int OutChannels { get; }

        /// <summary>The kernel's length.</summary>
        public int KernelSize { get; }

        /// <summary>The stride.</summary>
        public int Stride { get; }

        /// <summary>The zero padding at each end.</summary>
        public int Padding { get; }

        /// <summary>The spacing of kernel taps.</summary>
        public int Dilation { get; }

        /// <summary>Independent channel groups.</summary>
        public int Groups { get; }

        /// <summary>The weight, [O, C / groups, k].</summary>
        public Parameter Weight { get; }

        /// <summary>The bias, [O], or null.</summary>
        public Parameter? Bias { get; }

        /// <summary>Convolves <paramref name="input"/>.</summary>
        /// <param name="input">[N, C, L] or [C, L].</param>
        /// <returns>[N, O, L'] (or [O, L']).</returns>
        [Differentiable]
        public override Tensor Forward(Tensor input)
        {
            Tensor output;
            if (Bias is null)
            {
                output = Tensor.Conv1d(input, Weight.Value, null, Stride, Padding, Dilation, Groups);
            }
            else
            {
                output = Tensor.Conv1d(input, Weight.Value, Bias.Value, Stride, Padding, Dilation, Groups);
            }

            return output;
        }

        /// <inheritdoc/>
        protected override string ExtraRepr() => ConvolutionChecks.Describe(
            InChannels, OutChannels, new[] { KernelSize }, new[] { Stride }, new[] { Padding }, new[] { Dilation }, Groups, Bias is not null);
    }

    /// <summary>What the convolution layers share: argument checks, bias initialisation and PyTorch's description.</summary>
    internal static class ConvolutionChecks
    {
        public static void Validate(int inChannels, int outChannels, int groups, int[] kernel, int[] stride, int[] padding, int[] dilation)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
            for (int i = 0; i < kernel.Length; i++)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(kernel[i], 1, "kernelSize");
                ArgumentOutOfRangeException.ThrowIfLessThan(stride[i], 1, nameof(stride));
                ArgumentOutOfRangeException.ThrowIfLessThan(padding[i], 0, nameof(padding));
                ArgumentOutOfRangeException.ThrowIfLessThan(dilation[i], 1, nameof(dilation));
            }

            if (inChannels % groups != 0 || outChannels % groups != 0)
            {
                throw new ArgumentException($"groups = {groups} must divide inChannels = {inChannels} and outChannels = {outChannels}.", nameof(groups));
            }
        }

        /// <summary>PyTorch's bias initialisation: U(−1/√fan_in, 1/√fan_in).</summary>
        public static Tensor BiasInit(int outChannels, int fanIn, Generator? generator)
        {
            double bound = 1.0 / Math.Sqrt(fanIn);
            return Init.Uniform(Tensor.Zeros(outChannels), -bound, bound, generator);
        }

        /// <summary>PyTorch's <c>extra_repr</c> of a convolution: defaults are left out, except the stride.</summary>
        public static string Describe(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups, bool bias)
        {
            string text = $"{inChannels}, {outChannels}, kernel_size={Module.Tuple(kernel)}, stride={Module.Tuple(stride)}";
            if (Array.Exists(padding, p => p != 0))
            {
                text += $", padding={Module.Tuple(padding)}";
            }

            if (Array.Exists(dilation, d => d != 1))
            {
                text += $", dilation={Module.Tuple(dilation)}";
            }

            if (groups != 1)
            {
                text += $", groups={groups}";
            }

            return bias ? text : text + ", bias=False";
        }
    }
}
