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
            if (x[i] > 0f)
            {
                y[i] = x[i];
            }
            else
            {
                y[i] = 0f;
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
            if (x[i] < min)
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

        /// <summary>Softmax over each row of a [rows, columns] matrix, one thread per row, stable against overflow.</summary>
        [Kernel]
        public static void SoftmaxRows(Index1D row, int columns, ArrayView<float> x, ArrayView<float> y)
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

            for (int j = 0; j < columns; j++)
            {
                y[start + j] = XMath.Exp(x[start + j] - largest) / total;
            }
        }

        /// <summary>Log-softmax over each row of a [rows, columns] matrix, one thread per row.</summary>
        [Kernel]
        public static void LogSoftmaxRows(Index1D row, int columns, ArrayView<float> x, ArrayView<float> y)
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
                y[start + j] = x[start + j] - logTotal;
            }
        }

        /// <summary>Picks <c>x[row, indices[row]]</c> from each row of a [rows, columns] matrix.</summary>
        [Kernel]
        public static void GatherRows(Index1D row, int columns, ArrayView<int> indices, ArrayView<float> x, ArrayView<float> y) =>
            y[row] = x[row * columns + indices[row]];
    }
}
