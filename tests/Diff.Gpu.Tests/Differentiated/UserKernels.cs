using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Diff.Gpu.Tests.Differentiated
{
    /// <summary>
    /// Kernels written the way a CUDA programmer writes them, each marked [Kernel]: the generator writes
    /// their adjoint kernels, host twins and launchers. The tests check them against finite differences.
    /// </summary>
    public static partial class UserKernels
    {
        /// <summary>y ← a·x + y.</summary>
        [Kernel]
        public static void Saxpy(Index1D i, float a, ArrayView<float> x, ArrayView<float> y) => y[i] = a * x[i] + y[i];

        /// <summary>y ← a·x + y in double, for finite differences.</summary>
        [Kernel]
        public static void Daxpy(Index1D i, double a, ArrayView<double> x, ArrayView<double> y) => y[i] = a * x[i] + y[i];

        /// <summary>An elementwise activation: y = tanh(x).</summary>
        [Kernel]
        public static void Tanh(Index1D i, ArrayView<double> x, ArrayView<double> y)
        {
            y[i] = Math.Tanh(x[i]);
        }

        /// <summary>ReLU in place, with the guard every CUDA kernel starts with; its kink is at 0.</summary>
        [Kernel]
        public static void ReluInPlace(Index1D i, int n, ArrayView<double> x)
        {
            if (i >= n)
            {
                return;
            }

            x[i] = Math.Max(x[i], 0.0);
        }

        /// <summary>A 1-D three-point stencil: neighbours' adjoints are shared between threads.</summary>
        [Kernel]
        public static void Smooth(Index1D i, ArrayView<double> x, ArrayView<double> y)
        {
            if (i > 0 && i < x.Length - 1)
            {
                y[i] = 0.25 * x[i - 1] + 0.5 * x[i] + 0.25 * x[i + 1];
            }
            else
            {
                y[i] = x[i];
            }
        }

        /// <summary>A 2-D five-point Laplacian over a row-major image, one thread per pixel, with a nonlinearity.</summary>
        [Kernel]
        public static void Laplacian(Index2D p, int width, int height, ArrayView<double> image, ArrayView<double> output)
        {
            int c = p.Y * width + p.X;
            if (p.X == 0 || p.Y == 0 || p.X == width - 1 || p.Y == height - 1)
            {
                output[c] = 0.0;
                return;
            }

            double sum = image[c - 1] + image[c + 1] + image[c - width] + image[c + width] - 4.0 * image[c];
            output[c] = sum * image[c];
        }

        /// <summary>A row-wise softmax, one thread per row: the sum is accumulated in a top-level local.</summary>
        [Kernel]
        public static void SoftmaxRows(Index1D row, int columns, ArrayView<double> x, ArrayView<double> y)
        {
            int start = row * columns;
            double sum = 0.0;
            for (int j = 0; j < columns; j++)
            {
                sum += Math.Exp(x[start + j]);
            }

            for (int j = 0; j < columns; j++)
            {
                y[start + j] = Math.Exp(x[start + j]) / sum;
            }
        }

        /// <summary>A reduction into a scalar: total += Σ xᵢ², one atomic per thread.</summary>
        [Kernel]
        public static void SumOfSquares(Index1D i, ArrayView<double> x, ArrayView<double> total)
        {
            Atomic.Add(ref total[0], x[i] * x[i]);
        }

        /// <summary>A gather by an index view: y[i] = w · x[index[i]]; the adjoint scatters into x with atomics.</summary>
        [Kernel]
        public static void Gather(Index1D i, double w, ArrayView<int> index, ArrayView<double> x, ArrayView<double> y)
        {
            y[i] = w * x[index[i]];
        }

        /// <summary>A scatter with atomics: y[index[i]] += sin(x[i]); the adjoint gathers.</summary>
        [Kernel]
        public static void ScatterAdd(Index1D i, ArrayView<int> index, ArrayView<double> x, ArrayView<double> y)
        {
            Atomic.Add(ref y[index[i]], Math.Sin(x[i]));
        }

        /// <summary>Softplus written the ILGPU way: dense ArrayView1D views and XMath, which stand for Math's functions.</summary>
        [Kernel]
        public static void Softplus(Index1D i, ArrayView1D<double, Stride1D.Dense> x, ArrayView1D<double, Stride1D.Dense> y)
        {
            y[i] = XMath.Log(1.0 + XMath.Exp(x[i]));
        }

        /// <summary>Σ over a row of the squares of its positive entries: a branch inside a loop, decided again in the reverse sweep.</summary>
        [Kernel]
        public static void PositiveSquares(Index1D row, int columns, ArrayView<double> x, ArrayView<double> y)
        {
            double sum = 0.0;
            for (int j = 0; j < columns; j++)
            {
                if (x[row * columns + j] > 0.0)
                {
                    sum += x[row * columns + j] * x[row * columns + j];
                }
                else
                {
                    sum -= 0.5 * x[row * columns + j];
                }
            }

            y[row] = Math.Sqrt(1.0 + sum);
        }

        /// <summary>Written the CUDA way: explicitly grouped, the thread's position from the grid, a guard for the last group.</summary>
        [Kernel]
        public static void GridSine(ArrayView<double> x, ArrayView<double> y, double a)
        {
            int i = Grid.GlobalIndex.X;
            if (i >= x.Length)
            {
                return;
            }

            y[i] = a * Math.Sin(x[i]) + y[i];
        }

        /// <summary>A helper, as GPU code has them: straight-line, over scalars.</summary>
        [Differentiable]
        public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

        /// <summary>A gate that calls the helper: y = x · σ(w · x).</summary>
        [Kernel]
        public static void Gate(Index1D i, ArrayView<double> x, ArrayView<double> w, ArrayView<double> y)
        {
            y[i] = x[i] * Sigmoid(w[i] * x[i]);
        }

        /// <summary>A numerically stable row-wise softmax: the row's running maximum is subtracted before exponentiating.</summary>
        [Kernel]
        public static void StableSoftmaxRows(Index1D row, int columns, ArrayView<double> x, ArrayView<double> y)
        {
            int start = row * columns;
            double m = x[start];
            for (int j = 1; j < columns; j++)
            {
                m = Math.Max(m, x[start + j]);
            }

            double sum = 0.0;
            for (int j = 0; j < columns; j++)
            {
                sum += Math.Exp(x[start + j] - m);
            }

            for (int j = 0; j < columns; j++)
            {
                y[start + j] = Math.Exp(x[start + j] - m) / sum;
            }
        }

        /// <summary>Log-softmax and the negative log-likelihood of each row's label, summed into one loss, as a CUDA programmer writes it.</summary>
        [Kernel]
        public static void NllRows(Index1D row, int classes, ArrayView<double> logits, ArrayView<int> labels, ArrayView<double> loss)
        {
            int start = row * classes;
            double max = logits[start];
            for (int c = 1; c < classes; c++)
            {
                max = Math.Max(max, logits[start + c]);
            }

            double sum = 0.0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(logits[start + c] - max);
            }

            Atomic.Add(ref loss[0], Math.Log(sum) + max - logits[start + labels[row]]);
        }

        /// <summary>A row's largest square times its smallest sine: running extrema with the element first, and a SinCos pair in a loop.</summary>
        [Kernel]
        public static void RowRange(Index1D row, int columns, ArrayView<double> x, ArrayView<double> y)
        {
            int start = row * columns;
            double high = x[start] * x[start];
            double low = Math.Sin(x[start]);
            for (int j = 1; j < columns; j++)
            {
                high = Math.Max(x[start + j] * x[start + j], high);
            }

            for (int j = 1; j < columns; j++)
            {
                low = Math.Min(low, Math.Sin(x[start + j]));
            }

            y[row] = high * low;
        }

        /// <summary>The same as <see cref="RowRange"/> on the CPU, through scalar mode's tape: the reference at ties.</summary>
        [Differentiable]
        public static double RowRangeReference(double[] x, int start, int columns)
        {
            double high = x[start] * x[start];
            double low = Math.Sin(x[start]);
            for (int j = 1; j < columns; j++)
            {
                high = Math.Max(x[start + j] * x[start + j], high);
            }

            for (int j = 1; j < columns; j++)
            {
                low = Math.Min(low, Math.Sin(x[start + j]));
            }

            return high * low;
        }

        /// <summary>SAXPY through a sine, written as a CUDA grid-stride loop: any launch covers any length.</summary>
        [Kernel]
        public static void GridStrideSineAxpy(ArrayView<double> x, ArrayView<double> y, double a)
        {
            for (int i = Grid.GlobalIndex.X; i < y.IntLength; i += Grid.Dimension.X * Group.Dimension.X)
            {
                y[i] = a * Math.Sin(x[i]) + y[i];
            }
        }

        /// <summary>
        /// A loop that starts at the thread's index and strides past the other threads' starts, as CUDA code writes a
        /// per-thread partial sum: every element is read by the threads whose start it is a stride away from.
        /// </summary>
        [Kernel]
        public static void StridedSquares(Index1D i, int n, int stride, ArrayView<double> x, ArrayView<double> y)
        {
            double s = 0.0;
            for (int j = i; j < n; j += stride)
            {
                s += x[j] * x[j];
            }

            y[i] = s;
        }

        /// <summary>A 2-D kernel with a scalar parameter, whose gradient the grouped adjoint reduces over each group.</summary>
        [Kernel]
        public static void ScaledField(Index2D p, int width, double a, ArrayView<double> x, ArrayView<double> y)
        {
            int c = p.Y * width + p.X;
            y[c] = a * x[c] * x[c] + Math.Cos(a * x[c]);
        }

        /// <summary>A forward difference that reads one element past its thread: x has one element more than y.</summary>
        [Kernel]
        public static void AheadDifference(Index1D i, ArrayView<double> x, ArrayView<double> y)
        {
            y[i] = x[i + 1] * x[i + 1] - x[i];
        }

        /// <summary>The group size of the shared-memory kernels below: their tiles hold a group's elements and a halo.</summary>
        public const int TileGroup = 8;

        /// <summary>
        /// A 1-D stencil that stages its group's elements and a one-element halo in shared memory, waits at a barrier,
        /// then reads its three neighbours from the tile: y = ¼·t[l] + sin(t[l+1])·t[l+1] + ¼·t[l+2]·t[l].
        /// </summary>
        [Kernel]
        public static void TiledStencil(ArrayView<double> x, ArrayView<double> y, int n)
        {
            var tile = SharedMemory.Allocate<double>(TileGroup + 2);
            int g = Grid.GlobalIndex.X;
            int l = Group.IdxX;
            tile[l + 1] = g < n ? x[g] : 0.0;
            if (l == 0)
            {
                tile[0] = g > 0 && g - 1 < n ? x[g - 1] : 0.0;
            }

            if (l == Group.DimX - 1)
            {
                tile[l + 2] = g + 1 < n ? x[g + 1] : 0.0;
            }

            Group.Barrier();
            if (g < n)
            {
                y[g] = 0.25 * tile[l] + Math.Sin(tile[l + 1]) * tile[l + 1] + 0.25 * tile[l + 2] * tile[l];
            }
        }

        /// <summary>
        /// Three phases over two shared arrays and a scalar: squares staged, a left-neighbour sum of their
        /// exponentials staged, then y = a·s[l]·s[l+1] (the last thread of a group reads its own twice).
        /// </summary>
        [Kernel]
        public static void PhasedPairs(ArrayView<double> x, ArrayView<double> y, double a)
        {
            var squares = SharedMemory.Allocate<double>(TileGroup);
            var sums = SharedMemory.Allocate<double>(TileGroup + 1);
            int g = Grid.GlobalIndex.X;
            int l = Group.IdxX;
            squares[l] = x[g] * x[g];
            Group.Barrier();
            sums[l] = Math.Exp(-squares[l]) + (l > 0 ? squares[l - 1] : 0.0);
            if (l == Group.DimX - 1)
            {
                sums[l + 1] = Math.Exp(-squares[l]);
            }

            Group.Barrier();
            y[g] = a * sums[l] * sums[l + 1];
        }

        /// <summary>A matrix-vector product, one thread per row, accumulating in a loop.</summary>
        [Kernel]
        public static void MatVec(Index1D row, int columns, ArrayView<double> a, ArrayView<double> x, ArrayView<double> y)
        {
            double acc = 0.0;
            for (int j = 0; j < columns; j++)
            {
                acc += a[row * columns + j] * x[j];
            }

            y[row] = Math.Log(1.0 + acc * acc);
        }

        /// <summary>
        /// A 2-D cross-correlation with zero padding of one, one thread per output element: the input position is kept
        /// in loop locals, which the reverse sweep declares again from the loop counters.
        /// </summary>
        [Kernel]
        public static void PaddedConvolution(Index1D o, int inH, int inW, int kH, int kW, int outW, ArrayView<double> x, ArrayView<double> w, ArrayView<double> y)
        {
            int oh = o / outW;
            int ow = o % outW;
            double total = 0.0;
            for (int i = 0; i < kH; i++)
            {
                for (int j = 0; j < kW; j++)
                {
                    int ih = oh - 1 + i;
                    int iw = ow - 1 + j;
                    if (ih >= 0 && ih < inH && iw >= 0 && iw < inW)
                    {
                        total += x[ih * inW + iw] * w[i * kW + j];
                    }
                }
            }

            y[o] = total;
        }

        /// <summary>
        /// Layer normalisation, one thread per row: each of two loops keeps the centred value in a local of its own,
        /// which the reverse sweep computes again from the input and the mean (final before the loops).
        /// </summary>
        [Kernel]
        public static void LayerNormRows(Index1D row, int size, [NoDiff] double eps, ArrayView<double> x, ArrayView<double> weight, ArrayView<double> bias, ArrayView<double> y)
        {
            int start = row * size;
            double total = 0.0;
            for (int j = 0; j < size; j++)
            {
                total += x[start + j];
            }

            double mean = total / size;
            double squares = 0.0;
            for (int j = 0; j < size; j++)
            {
                double centred = x[start + j] - mean;
                squares += centred * centred;
            }

            double inverseStd = 1.0 / Math.Sqrt(squares / size + eps);
            for (int j = 0; j < size; j++)
            {
                double centred = x[start + j] - mean;
                y[start + j] = centred * inverseStd * weight[j] + bias[j];
            }
        }

        /// <summary>
        /// A batched, multi-channel convolution with padding and a nonlinearity, one thread per output element, whose
        /// flat index is taken apart through a local that is divided again (<c>rest</c>): the reverse sweep reads the
        /// coordinates set from it, the padded positions in loop locals, and the weight in a floating-point loop local.
        /// </summary>
        [Kernel]
        public static void ChannelConvolution(
            Index1D o, int channels, int outChannels, int height, int width, int k, ArrayView<double> x, ArrayView<double> w, ArrayView<double> bias, ArrayView<double> y)
        {
            int ow = o % width;
            int rest = o / width;
            int oh = rest % height;
            rest = rest / height;
            int oc = rest % outChannels;
            rest = rest / outChannels;
            double total = bias[oc];
            for (int c = 0; c < channels; c++)
            {
                for (int i = 0; i < k; i++)
                {
                    for (int j = 0; j < k; j++)
                    {
                        int ih = oh - k / 2 + i;
                        int iw = ow - k / 2 + j;
                        if (ih >= 0 && ih < height && iw >= 0 && iw < width)
                        {
                            double tap = w[((oc * channels + c) * k + i) * k + j];
                            total += tap * x[((rest * channels + c) * height + ih) * width + iw];
                        }
                    }
                }
            }

            y[o] = Math.Tanh(total);
        }
    }
}
