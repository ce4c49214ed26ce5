using System;

namespace Diff.NN
{
    /// <summary>How <see cref="Init"/> scales by a weight's fan, like PyTorch's <c>mode</c> argument.</summary>
    public enum FanMode
    {
        /// <summary>The inputs per output unit (<c>'fan_in'</c>): keeps the forward pass's variance.</summary>
        FanIn,

        /// <summary>The outputs per input unit (<c>'fan_out'</c>): keeps the backward pass's variance.</summary>
        FanOut,
    }

    /// <summary>The nonlinearity whose recommended gain <see cref="Init.CalculateGain"/> returns.</summary>
    public enum Nonlinearity
    {
        /// <summary>The identity, gain 1.</summary>
        Linear,

        /// <summary>Any convolution, gain 1.</summary>
        Conv,

        /// <summary>The logistic function, gain 1.</summary>
        Sigmoid,

        /// <summary>tanh, gain 5/3.</summary>
        Tanh,

        /// <summary>ReLU, gain √2.</summary>
        ReLU,

        /// <summary>Leaky ReLU with negative slope a, gain √(2 / (1 + a²)).</summary>
        LeakyReLU,

        /// <summary>SELU, gain 3/4.</summary>
        SELU,
    }

    /// <summary>
    /// Weight initialisers with PyTorch's formulas and defaults (<c>torch.nn.init</c>). Each fills
    /// the tensor in place, like PyTorch's trailing-underscore functions, and returns it.
    /// </summary>
    /// <remarks>
    /// A weight's fans are <c>fan_in = shape[1] · receptive field</c> and
    /// <c>fan_out = shape[0] · receptive field</c>, where the receptive field is the product of the
    /// dimensions after the second (1 for a Linear weight, kH·kW for a Conv2d weight).
    /// A tensor on a GPU is filled there; random values are drawn on the host and copied, as the
    /// random factories draw them, so a seed gives the same values on every device.
    /// </remarks>
    public static class Init
    {
        /// <summary>The gain PyTorch recommends for <paramref name="nonlinearity"/> (<c>calculate_gain</c>).</summary>
        /// <param name="nonlinearity">The nonlinearity.</param>
        /// <param name="negativeSlope">Leaky ReLU's negative slope (PyTorch's default 0.01); ignored otherwise.</param>
        /// <returns>The gain.</returns>
        public static double CalculateGain(Nonlinearity nonlinearity, double negativeSlope = 0.01) => nonlinearity switch
        {
            Nonlinearity.Linear or Nonlinearity.Conv or Nonlinearity.Sigmoid => 1.0,
            Nonlinearity.Tanh => 5.0 / 3.0,
            Nonlinearity.ReLU => Math.Sqrt(2.0),
            Nonlinearity.LeakyReLU => Math.Sqrt(2.0 / (1.0 + negativeSlope * negativeSlope)),
            Nonlinearity.SELU => 3.0 / 4.0,
            _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Unknown nonlinearity."),
        };

        /// <summary>The fans of a weight of at least two dimensions (PyTorch's <c>_calculate_fan_in_and_fan_out</c>).</summary>
        /// <param name="tensor">The weight.</param>
        /// <returns>fan_in and fan_out.</returns>
        /// <exception cref="ArgumentException">The tensor has fewer than two dimensions.</exception>
        public static (int FanIn, int FanOut) CalculateFanInAndFanOut(Tensor tensor)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            int[] shape = tensor.Shape;
            if (shape.Length < 2)
            {
                throw new ArgumentException($"Fan in and fan out need a tensor of at least 2 dimensions, but got shape {Shapes.Format(shape)}.", nameof(tensor));
            }

            int receptive = 1;
            for (int i = 2; i < shape.Length; i++)
            {
                receptive *= shape[i];
            }

            return (shape[1] * receptive, shape[0] * receptive);
        }

        /// <summary>Fills <paramref name="tensor"/> from U(a, b).</summary>
        /// <param name="tensor">The tensor to fill.</param>
        /// <param name="a">The lower bound.</param>
        /// <param name="b">The upper bound, at least <paramref name="a"/>.</param>
        /// <param name="generator">The random source; null uses the default one.</param>
        /// <returns><paramref name="tensor"/>.</returns>
        public static Tensor Uniform(Tensor tensor, double a = 0.0, double b = 1.0, Generator? generator = null)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            if (!(a <= b))
            {
                throw new ArgumentException($"Uniform needs a <= b, but got a = {a} and b = {b}.", nameof(b));
            }

            Tensor drawn = Tensor.Rand(tensor.Shape, generator);
            Span<float> values = drawn.AsSpan();
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(a + (b - a) * values[i]);
            }

            return Assign(tensor, drawn);
        }

        /// <summary>Fills <paramref name="tensor"/> from N(mean, std²).</summary>
        /// <param name="tensor">The tensor to fill.</param>
        /// <param name="mean">The mean.</param>
        /// <param name="std">The standard deviation, at least 0.</param>
        /// <param name="generator">The random source; null uses the default one.</param>
        /// <returns><paramref name="tensor"/>.</returns>
        public static Tensor Normal(Tensor tensor, double mean = 0.0, double std = 1.0, Generator? generator = null)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            if (!(std >= 0.0))
            {
                throw new ArgumentOutOfRangeException(nameof(std), std, "Normal needs std >= 0.");
            }

            Tensor drawn = Tensor.Randn(tensor.Shape, generator);
            Span<float> values = drawn.AsSpan();
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(mean + std * values[i]);
            }

            return Assign(tensor, drawn);
        }

        /// <summary>Fills <paramref name="tensor"/> with zeros.</summary>
        /// <param name="tensor">The tensor to fill.</param>
        /// <returns><paramref name="tensor"/>.</returns>
        public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0.0);

        /// <summary>Fills <paramref name="tensor"/> with ones.</summary>
        /// <param name="tensor">The tensor to fill.</param>
        /// <returns><paramref name="tensor"/>.</returns>
        public static Tensor Ones(Tensor tensor) => Constant(tensor, 1.0);

        /// <summary>Fills <paramref name="tensor"/> with <paramref name="value"/>.</summary>
        /// <param name="tensor">The tensor to fill.</param>
        /// <param name="value">The value.</param>
        /// <returns><paramref name="tensor"/>.</returns>
        public static Tensor Constant(Tensor tensor, double value)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            if (tensor.IsOnDevice)
            {
                DeviceOps.Fill(tensor, (float)value);
            }
            else
            {
                tensor.AsSpan().Fill((float)value);
            }

            return tensor;
        }

        /// <summary>
        /// He initialisation from U(−bound, bound) with <c>bound = gain · √(3 / fan)</c> (PyTorch's
        /// <c>kaiming_uniform_</c>). Linear and Conv layers use a = √5, which gives 1/√fan_in.
        /// </summary>
        /// <param name="tensor">A weight of at least two dimensions.</param>
        /// <param name="a">The negative slope of the leaky ReLU that follows (0 for ReLU).</param>
        /// <param name="mode">Which fan to preserve.</param>
        /// <param name="nonlinearity"><see cref="Nonlinearity.LeakyReLU"/> (with slope <paramref name="a"/>) or <see cref="Nonlinearity.ReLU"/>, as PyTorch recommends.</param>
        /// <param name="generator">The random source; null uses the default one.</param>
        /// <returns><paramref name="tensor"/>.</returns>
        public static Tensor KaimingUniform(
            Tensor tensor, double a = 0.0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyReLU, Generator? generator = null)
        {
            double std = CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
            double bound = Math.Sqrt(3.0) * std;
            return Uniform(tensor, -bound, bound, generator);
        }

        /// <summary>He initialisation from N(0, std²) with <c>std = gain / √fan</c> (PyTorch's <c>kaiming_normal_</c>).</summary>
        /// <param name="tensor">A weight of at least two dimensions.</param>
        /// <param name="a">The negative slope of the leaky ReLU that follows (0 for ReLU).</param>
        /// <param name="mode">Which fan to preserve.</param>
        /// <param name="nonlinearity">The nonlinearity that follows.</param>
        /// <param name="generator">The random source; null uses the default one.</param>
        /// <returns><paramref name="tensor"/>.</returns>
        public static Tensor KaimingNormal(
            Tensor tensor, double a = 0.0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyReLU, Generator? generator = null)
        {
            double std = CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
            return Normal(tensor, 0.0, std, generator);
        }

        /// <summary>Glorot initialisation from U(−a, a) with <c>a = gain · √(6 / (fan_in + fan_out))</c> (PyTorch's <c>xavier_uniform_</c>).</summary>
        /// <param name="tensor">A weight of at least two dimensions.</param>
        /// <param name="gain">The scale.</param>
        /// <param name="generator">The random source; null uses the default one.</param>
        /// <returns><paramref name="tensor"/>.</returns>
        public static Tensor XavierUniform(Tensor tensor, double gain = 1.0, Generator? generator = null)
        {
            (int fanIn, int fanOut) = CalculateFanInAndFanOut(tensor);
            double bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
            return Uniform(tensor, -bound, bound, generator);
        }

        /// <summary>Glorot initialisation from N(0, std²) with <c>std = gain · √(2 / (fan_in + fan_out))</c> (PyTorch's <c>xavier_normal_</c>).</summary>
        /// <param name="tensor">A weight of at least two dimensions.</param>
        /// <param name="gain">The scale.</param>
        /// <param name="generator">The random source; null uses the default one.</param>
        /// <returns><paramref name="tensor"/>.</returns>
        public static Tensor XavierNormal(Tensor tensor, double gain = 1.0, Generator? generator = null)
        {
            (int fanIn, int fanOut) = CalculateFanInAndFanOut(tensor);
            return Normal(tensor, 0.0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
        }

        // Values are drawn on the host, as the random factories draw them, so a seed fills a tensor on a
        // device with the same values as on the CPU; then they are copied in.
        private static Tensor Assign(Tensor tensor, Tensor drawn)
        {
            tensor.CopyFrom(drawn);
            return tensor;
        }

        private static int Fan(Tensor tensor, FanMode mode)
        {
            (int fanIn, int fanOut) = CalculateFanInAndFanOut(tensor);
            int fan = mode == FanMode.FanIn ? fanIn : fanOut;
            if (fan == 0)
            {
                throw new ArgumentException($"Cannot initialise a tensor with zero {mode}: shape {Shapes.Format(tensor.Shape)}.", nameof(tensor));
            }

            return fan;
        }
    }
}
