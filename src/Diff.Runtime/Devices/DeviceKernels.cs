using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Diff
{
    /// <summary>
    /// The differentiable device ops, written once as <c>[Kernel]</c> methods: the generator writes each
    /// one's adjoint kernel and launcher (<c>…Launcher.Forward</c> and <c>.Backward</c>), so the device path
    /// of an op's backward is derived from its forward instead of written a second time.
    /// </summary>
    /// <remarks>
    /// Elementwise kernels run one thread per element. Where a rule has a kink, the branch is written
    /// so that the derivative at the kink is PyTorch's: ReLU passes 0 at 0, Abs passes 0 at 0, Clamp
    /// passes the gradient at its bounds.
    /// </remarks>
    internal static partial class DeviceKernels
    {
        private const double InverseSqrtTwo = 0.7071067811865476;

        [Kernel]
        public static void Exp(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = XMath.Exp(x[i]);

        [Kernel]
        public static void Log(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = XMath.Log(x[i]);

        [Kernel]
        public static void Sqrt(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = XMath.Sqrt(x[i]);

        [Kernel]
        public static void Tanh(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = XMath.Tanh(x[i]);

        [Kernel]
        public static void Sigmoid(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = 1f / (1f + XMath.Exp(-x[i]));

        [Kernel]
        public static void Relu(Index1D i, ArrayView<float> x, ArrayView<float> y)
        {
            // Tested as "not at most 0", as PyTorch does: a NaN passes, as its value and as its gradient.
            if (x[i] <= 0f)
            {
                y[i] = 0f;
            }
            else
            {
                y[i] = x[i];
            }
        }

        [Kernel]
        public static void Abs(Index1D i, ArrayView<float> x, ArrayView<float> y)
        {
            if (x[i] > 0f)
            {
                y[i] = x[i];
            }
            else if (x[i] < 0f)
            {
                y[i] = -x[i];
            }
            else
            {
                y[i] = 0f * x[i];
            }
        }

        [Kernel]
        public static void Square(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = x[i] * x[i];

        [Kernel]
        public static void Pow(Index1D i, [NoDiff] float exponent, ArrayView<float> x, ArrayView<float> y) => y[i] = XMath.Pow(x[i], exponent);

        [Kernel]
        public static void Clamp(Index1D i, [NoDiff] float min, [NoDiff] float max, ArrayView<float> x, ArrayView<float> y)
        {
            // min(max(x, min), max), as PyTorch computes it: with min above max, every element is max.
            if (min > max)
            {
                y[i] = max;
            }
            else if (x[i] < min)
            {
                y[i] = min;
            }
            else if (x[i] > max)
            {
                y[i] = max;
            }
            else
            {
                y[i] = x[i];
            }
        }

        [Kernel]
        public static void Add(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) => y[i] = a[i] + b[i];

        [Kernel]
        public static void Subtract(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) => y[i] = a[i] - b[i];

        [Kernel]
        public static void Multiply(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) => y[i] = a[i] * b[i];

        [Kernel]
        public static void Divide(Index1D i, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y) => y[i] = a[i] / b[i];

        /// <summary>
        /// Softmax (or, with <paramref name="logarithm"/> = 1, log-softmax) over each row of a [rows, columns]
        /// matrix, one thread per row, shifted by the row's maximum so that no exponential overflows.
        /// </summary>
        [Kernel]
        public static void SoftmaxRows(Index1D row, int columns, int logarithm, ArrayView<float> x, ArrayView<float> y)
        {
            int start = row * columns;
            float largest = x[start];
            for (int j = 1; j < columns; j++)
            {
                largest = XMath.Max(largest, x[start + j]);
            }

            float total = 0f;
            for (int j = 0; j < columns; j++)
            {
                total += XMath.Exp(x[start + j] - largest);
            }

            float logTotal = XMath.Log(total) + largest;
            for (int j = 0; j < columns; j++)
            {
                if (logarithm != 0)
                {
                    y[start + j] = x[start + j] - logTotal;
                }
                else
                {
                    y[start + j] = XMath.Exp(x[start + j] - largest) / total;
                }
            }
        }

        /// <summary>Picks <c>x[row, indices[row]]</c> from each row of a [rows, columns] matrix.</summary>
        [Kernel]
        public static void GatherRows(Index1D row, int columns, ArrayView<int> indices, ArrayView<float> x, ArrayView<float> y) =>
            y[row] = x[row * columns + indices[row]];

        [Kernel]
        public static void LeakyRelu(Index1D i, [NoDiff] float negativeSlope, ArrayView<float> x, ArrayView<float> y)
        {
            if (x[i] > 0f)
            {
                y[i] = x[i];
            }
            else
            {
                y[i] = x[i] * negativeSlope;
            }
        }

        [Kernel]
        public static void Elu(Index1D i, [NoDiff] float alpha, ArrayView<float> x, ArrayView<float> y)
        {
            // As ReLU: a NaN takes the identity branch, its value and its gradient passing.
            if (x[i] <= 0f)
            {
                y[i] = alpha * (XMath.Exp(x[i]) - 1f);
            }
            else
            {
                y[i] = x[i];
            }
        }

        [Kernel]
        public static void Silu(Index1D i, ArrayView<float> x, ArrayView<float> y) => y[i] = x[i] / (1f + XMath.Exp(-x[i]));

        /// <summary>Softplus with PyTorch's threshold: linear where βx exceeds it; log(1 + e^t) written so that it cannot overflow.</summary>
        [Kernel]
        public static void Softplus(Index1D i, [NoDiff] float beta, [NoDiff] float threshold, ArrayView<float> x, ArrayView<float> y)
        {
            float scaled = x[i] * beta;
            if (scaled > threshold)
            {
                y[i] = x[i];
            }
            else if (scaled > 0f)
            {
                y[i] = (scaled + XMath.Log(1f + XMath.Exp(-scaled))) / beta;
            }
            else
            {
                y[i] = XMath.Log(1f + XMath.Exp(scaled)) / beta;
            }
        }

        /// <summary>log σ(x), each branch free of overflow; the derivative at 0 is ½, as in PyTorch.</summary>
        [Kernel]
        public static void LogSigmoid(Index1D i, ArrayView<float> x, ArrayView<float> y)
        {
            if (x[i] < 0f)
            {
                y[i] = x[i] - XMath.Log(1f + XMath.Exp(x[i]));
            }
            else
            {
                y[i] = -XMath.Log(1f + XMath.Exp(-x[i]));
            }
        }

        /// <summary>Hardtanh: the gradient is 1 strictly inside the bounds and 0 at and beyond them, as in PyTorch.</summary>
        [Kernel]
        public static void Hardtanh(Index1D i, [NoDiff] float minValue, [NoDiff] float maxValue, ArrayView<float> x, ArrayView<float> y)
        {
            if (x[i] <= minValue)
            {
                y[i] = minValue;
            }
            else if (x[i] >= maxValue)
            {
                y[i] = maxValue;
            }
            else
            {
                y[i] = x[i];
            }
        }

        /// <summary>GELU's tanh approximation, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
        [Kernel]
        public static void GeluTanh(Index1D i, ArrayView<float> x, ArrayView<float> y)
        {
            float v = x[i];
            y[i] = 0.5f * v * (1f + XMath.Tanh(0.7978846f * (v + 0.044715f * v * v * v)));
        }

        /// <summary>
        /// The exact GELU, x·Φ(x) = ½·x·erfc(a) with a = −x/√2, in double as on the CPU, with erfc by the
        /// CPU's formula (<see cref="Internal.SpecialFunctions.Erfc"/>): the Maclaurin series of erf inside
        /// (−2.5, 2.5), Laplace's continued fraction outside. The CPU runs each in a loop until its terms
        /// vanish; a kernel's loop cannot carry a value from trip to trip (its adjoint could not compute it
        /// again), so here the series has a fixed 37 terms, in Horner form, and the fraction a fixed depth of
        /// 24, which is as far as either needs next to 2.5: erf to within 3e-15, the fraction's erfc to
        /// within 1e-12 of its value. So the two paths agree far below float's resolution, and the generated
        /// adjoint, the derivative of the same polynomial and fraction, is Φ(x) + x·φ(x) as closely.
        /// </summary>
        /// <remarks>
        /// Double precision, as on the CPU: in float the series' cancellation near 2.5 (terms up to 16
        /// summing to about 1) would leave an absolute error near 1e-6 in erfc, a relative one of 0.3% there.
        /// The formula is written here rather than in a [Differentiable] helper because the generated
        /// companions of a scalar helper document only some of their parameters, which the runtime's XML
        /// documentation build reports as warnings (CS1573).
        /// </remarks>
        [Kernel]
        public static void GeluErf(Index1D i, ArrayView<float> x, ArrayView<float> y)
        {
            double v = x[i];
            double a = -v * InverseSqrtTwo;
            double erfc;
            if (a > -Internal.SpecialFunctions.SeriesLimit && a < Internal.SpecialFunctions.SeriesLimit)
            {
                // erf(a) = 2/√π · a · Σ cₙ·a²ⁿ with cₙ = (−1)ⁿ/(n!·(2n + 1)), n = 0 … 36; the series is odd,
                // so it needs no |a| (whose derivative at 0 would be 0).
                double z2 = a * a;
                double series = 3.6824935154611457e-44;
                series = series * z2 - 1.3630412617791396e-42;
                series = series * z2 + 4.908923964523423e-41;
                series = series * z2 - 1.7188560628017835e-39;
                series = series * z2 + 5.846755007468836e-38;
                series = series * z2 - 1.930357208815108e-36;
                series = series * z2 + 6.180307588222796e-35;
                series = series * z2 - 1.9169428621097826e-33;
                series = series * z2 + 5.754191643982172e-32;
                series = series * z2 - 1.669761793417372e-30;
                series = series * z2 + 4.6784835155184856e-29;
                series = series * z2 - 1.2641078988989164e-27;
                series = series * z2 + 3.289260349175752e-26;
                series = series * z2 - 8.230149299214221e-25;
                series = series * z2 + 1.977064753877905e-23;
                series = series * z2 - 4.5518467589282e-22;
                series = series * z2 + 1.0025164934907719e-20;
                series = series * z2 - 2.107855191442136e-19;
                series = series * z2 + 4.221407288807088e-18;
                series = series * z2 - 8.032735012415773e-17;
                series = series * z2 + 1.4483264643598138e-15;
                series = series * z2 - 2.466827010264457e-14;
                series = series * z2 + 3.9554295164585257e-13;
                series = series * z2 - 5.9477940136376354e-12;
                series = series * z2 + 8.35070279514724e-11;
                series = series * z2 - 1.0892221037148573e-09;
                series = series * z2 + 1.3122532963802806e-08;
                series = series * z2 - 1.4503852223150468e-07;
                series = series * z2 + 1.4589169000933706e-06;
                series = series * z2 - 1.3227513227513228e-05;
                series = series * z2 + 0.00010683760683760684;
                series = series * z2 - 0.0007575757575757576;
                series = series * z2 + 0.004629629629629629;
                series = series * z2 - 0.023809523809523808;
                series = series * z2 + 0.1;
                series = series * z2 - 0.3333333333333333;
                series = series * z2 + 1.0;
                erfc = 1.0 - Internal.SpecialFunctions.TwoOverSqrtPi * a * series;
            }
            else
            {
                // erfc(z) = e^(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))) for z = |a| ≥ 2.5, from the
                // tail up; erfc(a) = 2 − erfc(−a) below −2.5.
                double z = a < 0.0 ? -a : a;
                double tail = z;
                tail = z + 12.0 / tail;
                tail = z + 11.5 / tail;
                tail = z + 11.0 / tail;
                tail = z + 10.5 / tail;
                tail = z + 10.0 / tail;
                tail = z + 9.5 / tail;
                tail = z + 9.0 / tail;
                tail = z + 8.5 / tail;
                tail = z + 8.0 / tail;
                tail = z + 7.5 / tail;
                tail = z + 7.0 / tail;
                tail = z + 6.5 / tail;
                tail = z + 6.0 / tail;
                tail = z + 5.5 / tail;
                tail = z + 5.0 / tail;
                tail = z + 4.5 / tail;
                tail = z + 4.0 / tail;
                tail = z + 3.5 / tail;
                tail = z + 3.0 / tail;
                tail = z + 2.5 / tail;
                tail = z + 2.0 / tail;
                tail = z + 1.5 / tail;
                tail = z + 1.0 / tail;
                tail = z + 0.5 / tail;
                double upper = XMath.Exp(-z * z) * Internal.SpecialFunctions.OneOverSqrtPi / tail;
                erfc = a < 0.0 ? 2.0 - upper : upper;
            }

            y[i] = (float)(0.5 * v * erfc);
        }

        /// <summary>
        /// Binary cross-entropy on logits, element by element: (1 − t)·x + w·log(1 + e^(−x)) with
        /// w = 1 + (p − 1)·t; the softplus is split at 0 so that its derivative there is PyTorch's −½.
        /// </summary>
        [Kernel]
        public static void BCEWithLogits(Index1D i, ArrayView<float> x, ArrayView<float> target, ArrayView<float> positiveWeight, ArrayView<float> loss)
        {
            float v = x[i];
            float t = target[i];
            float weight = 1f + (positiveWeight[i] - 1f) * t;
            if (v >= 0f)
            {
                loss[i] = (1f - t) * v + weight * XMath.Log(1f + XMath.Exp(-v));
            }
            else
            {
                loss[i] = (1f - t) * v + weight * (XMath.Log(1f + XMath.Exp(v)) - v);
            }
        }

        /// <summary>
        /// The Kullback–Leibler divergence with log-probability input, element by element: t·(log t − x), 0 where
        /// t = 0, or, with <paramref name="logTarget"/> = 1, eᵗ·(t − x). At t = 0 the target's derivative is NaN,
        /// as on the CPU and in PyTorch 1.13: there the loss is written −t·x + (√t − √t), whose last term is 0
        /// and has the derivative ∞ − ∞. (√t·√t would not do: the generated adjoint skips a partial whose
        /// adjoint is 0, so 0·∞ never happens.)
        /// </summary>
        [Kernel]
        public static void KLDiv(Index1D i, int logTarget, ArrayView<float> x, ArrayView<float> target, ArrayView<float> loss)
        {
            float t = target[i];
            if (logTarget != 0)
            {
                loss[i] = XMath.Exp(t) * (t - x[i]);
            }
            else if (t == 0f)
            {
                loss[i] = XMath.Sqrt(t) - XMath.Sqrt(t) - t * x[i];
            }
            else
            {
                loss[i] = t * XMath.Log(t) - t * x[i];
            }
        }

        /// <summary>The largest value of each slice along a dimension (size elements, inner apart); the gradient goes to the first maximum.</summary>
        [Kernel]
        public static void MaxAlong(Index1D slice, int size, int inner, ArrayView<float> x, ArrayView<float> y)
        {
            int outer = slice / inner;
            int start = outer * size * inner + (slice - outer * inner);
            float largest = x[start];
            for (int s = 1; s < size; s++)
            {
                largest = XMath.Max(largest, x[start + s * inner]);
            }

            y[slice] = largest;
        }

        /// <summary>Huber loss of d = x − t: ½d² inside ±δ, δ·(|d| − ½δ) outside; the gradient is d clipped to ±δ.</summary>
        [Kernel]
        public static void Huber(Index1D i, [NoDiff] float delta, ArrayView<float> x, ArrayView<float> target, ArrayView<float> loss)
        {
            float d = x[i] - target[i];
            if (d < delta && d > -delta)
            {
                loss[i] = 0.5f * d * d;
            }
            else if (d >= delta)
            {
                loss[i] = delta * (d - 0.5f * delta);
            }
            else
            {
                loss[i] = delta * (-d - 0.5f * delta);
            }
        }

        /// <summary>
        /// Smooth L1 loss of d = x − t with threshold β, its branches tested in PyTorch's order: the
        /// gradient is −1 at d = −β and +1 at d = β, so with β = 0 (the L1 loss) it is −1 at d = 0, as PyTorch's.
        /// </summary>
        [Kernel]
        public static void SmoothL1(Index1D i, [NoDiff] float beta, ArrayView<float> x, ArrayView<float> target, ArrayView<float> loss)
        {
            float d = x[i] - target[i];
            if (d <= -beta)
            {
                loss[i] = -d - 0.5f * beta;
            }
            else if (d >= beta)
            {
                loss[i] = d - 0.5f * beta;
            }
            else
            {
                loss[i] = 0.5f * d * d / beta;
            }
        }

        /// <summary>
        /// Layer normalisation of each row of a [rows, size] matrix, one thread per row: the row's mean and
        /// biased variance, then (x − mean)/√(var + ε)·weight + bias. Every row adds into the weight's and
        /// bias's adjoints, so those increments are atomic.
        /// </summary>
        [Kernel]
        public static void LayerNormRows(Index1D row, int size, [NoDiff] float eps, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> y)
        {
            int start = row * size;
            float total = 0f;
            for (int j = 0; j < size; j++)
            {
                total += x[start + j];
            }

            float mean = total / size;
            float squares = 0f;
            for (int j = 0; j < size; j++)
            {
                float centred = x[start + j] - mean;
                squares += centred * centred;
            }

            float inverseStd = 1f / XMath.Sqrt(squares / size + eps);
            for (int j = 0; j < size; j++)
            {
                y[start + j] = (x[start + j] - mean) * inverseStd * weight[j] + bias[j];
            }
        }

        /// <summary>
        /// Group normalisation, one thread per row: a sample's group of <paramref name="groupChannels"/> channels of
        /// <paramref name="spatial"/> positions each, contiguous in [N, C, *]. The row's mean and biased variance,
        /// then (x − mean)/√(var + ε)·weight[c] + bias[c] for each element's channel c. Every sample adds into the
        /// weight's and bias's adjoints, so those increments are atomic.
        /// </summary>
        [Kernel]
        public static void GroupNormRows(
            Index1D row, int groups, int groupChannels, int spatial, [NoDiff] float eps, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> y)
        {
            int size = groupChannels * spatial;
            int start = row * size;
            int firstChannel = row % groups * groupChannels;
            float total = 0f;
            for (int j = 0; j < size; j++)
            {
                total += x[start + j];
            }

            float mean = total / size;
            float squares = 0f;
            for (int j = 0; j < size; j++)
            {
                float centred = x[start + j] - mean;
                squares += centred * centred;
            }

            float inverseStd = 1f / XMath.Sqrt(squares / size + eps);
            for (int j = 0; j < size; j++)
            {
                int channel = firstChannel + j / spatial;
                y[start + j] = (x[start + j] - mean) * inverseStd * weight[channel] + bias[channel];
            }
        }

        /// <summary>
        /// Looks up rows of an embedding table, one thread per output element. Lookups of the padding row
        /// read <paramref name="frozen"/> (the same table, not differentiated), so they pass no gradient.
        /// </summary>
        [Kernel]
        public static void EmbeddingLookup(Index1D i, int dim, int padding, ArrayView<int> rows, ArrayView<float> weight, [NoDiff] ArrayView<float> frozen, ArrayView<float> y)
        {
            int lookup = i / dim;
            int at = rows[lookup] * dim + (i - lookup * dim);
            if (rows[lookup] == padding)
            {
                y[i] = frozen[at];
            }
            else
            {
                y[i] = weight[at];
            }
        }

        /// <summary>
        /// A grouped 2-D cross-correlation with stride, zero padding and dilation (a 1-D one has height 1),
        /// one thread per output element. <paramref name="geometry"/> holds C, H, W, O, kH, kW, the strides,
        /// paddings and dilations (height first), the groups, H' and W'. Every output element adds into
        /// input and weight elements that others share, so their adjoint increments are atomic.
        /// </summary>
        [Kernel]
        public static void Convolution(Index1D o, ArrayView<int> geometry, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y)
        {
            int inChannels = geometry[0];
            int inH = geometry[1];
            int inW = geometry[2];
            int outChannels = geometry[3];
            int kernelH = geometry[4];
            int kernelW = geometry[5];
            int groupIn = inChannels / geometry[12];
            int groupOut = outChannels / geometry[12];
            int outH = geometry[13];
            int outW = geometry[14];
            int ow = o % outW;
            int rows = o / outW;
            int oh = rows % outH;
            int planes = rows / outH;
            int oc = planes % outChannels;
            int n = planes / outChannels;
            int firstChannel = n * inChannels + oc / groupOut * groupIn;
            float total = bias[oc];
            for (int c = 0; c < groupIn; c++)
            {
                for (int i = 0; i < kernelH; i++)
                {
                    for (int j = 0; j < kernelW; j++)
                    {
                        int ih = oh * geometry[6] - geometry[8] + i * geometry[10];
                        int iw = ow * geometry[7] - geometry[9] + j * geometry[11];
                        if (ih >= 0 && ih < inH && iw >= 0 && iw < inW)
                        {
                            total += x[((firstChannel + c) * inH + ih) * inW + iw] * w[((oc * groupIn + c) * kernelH + i) * kernelW + j];
                        }
                    }
                }
            }

            y[o] = total;
        }

        /// <summary>y[i] = x[at[i]]: a selection made beforehand (max pooling's argmax); the gradient goes to the selected element.</summary>
        [Kernel]
        public static void GatherAt(Index1D i, ArrayView<int> at, ArrayView<float> x, ArrayView<float> y) => y[i] = x[at[i]];

        /// <summary>
        /// The average of each pooling window, one thread per output element. <paramref name="windows"/> holds,
        /// per output row, the first and past-the-end input rows and the row factor of the divisor, then the
        /// same per output column; the divisor is the product of the two factors.
        /// </summary>
        [Kernel]
        public static void WindowAverage(Index1D o, int outH, int outW, int inH, int inW, ArrayView<int> windows, ArrayView<float> x, ArrayView<float> y)
        {
            int ow = o % outW;
            int rows = o / outW;
            int oh = rows % outH;
            int plane = rows / outH;
            float total = 0f;
            for (int h = windows[oh]; h < windows[outH + oh]; h++)
            {
                for (int w = windows[3 * outH + ow]; w < windows[3 * outH + outW + ow]; w++)
                {
                    total += x[(plane * inH + h) * inW + w];
                }
            }

            y[o] = total / (windows[2 * outH + oh] * windows[3 * outH + 2 * outW + ow]);
        }

        /// <summary>
        /// Batch normalisation with the batch's statistics, one thread per channel: the channel's mean and
        /// biased variance over the batch and the spatial positions, then the affine map.
        /// </summary>
        [Kernel]
        public static void BatchNormTraining(Index1D c, int batch, int channels, int spatial, [NoDiff] float eps, ArrayView<float> x, ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> y)
        {
            float total = 0f;
            for (int n = 0; n < batch; n++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    total += x[(n * channels + c) * spatial + s];
                }
            }

            float mean = total / (batch * spatial);
            float squares = 0f;
            for (int n = 0; n < batch; n++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    float centred = x[(n * channels + c) * spatial + s] - mean;
                    squares += centred * centred;
                }
            }

            float inverseStd = 1f / XMath.Sqrt(squares / (batch * spatial) + eps);
            for (int n = 0; n < batch; n++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    y[(n * channels + c) * spatial + s] = (x[(n * channels + c) * spatial + s] - mean) * inverseStd * weight[c] + bias[c];
                }
            }
        }

        /// <summary>Batch normalisation with the running statistics (evaluation), one thread per element; the statistics are constants.</summary>
        [Kernel]
        public static void BatchNormEvaluation(
            Index1D i, int channels, int spatial, [NoDiff] float eps, ArrayView<float> x, [NoDiff] ArrayView<float> runningMean, [NoDiff] ArrayView<float> runningVar,
            ArrayView<float> weight, ArrayView<float> bias, ArrayView<float> y)
        {
            int c = i / spatial % channels;
            y[i] = (x[i] - runningMean[c]) / XMath.Sqrt(runningVar[c] + eps) * weight[c] + bias[c];
        }

        /// <summary>Where: y = a where the condition is non-zero, b elsewhere (all of one shape); the condition is a constant.</summary>
        [Kernel]
        public static void Select(Index1D i, [NoDiff] ArrayView<float> condition, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y)
        {
            if (condition[i] != 0f)
            {
                y[i] = a[i];
            }
            else
            {
                y[i] = b[i];
            }
        }

        /// <summary>MaskedFill: the value where the mask is non-zero, x elsewhere; filled elements pass no gradient.</summary>
        [Kernel]
        public static void MaskedFill(Index1D i, [NoDiff] float value, [NoDiff] ArrayView<float> mask, ArrayView<float> x, ArrayView<float> y)
        {
            if (mask[i] != 0f)
            {
                y[i] = value;
            }
            else
            {
                y[i] = x[i];
            }
        }
    }
}
