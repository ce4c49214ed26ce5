using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;

namespace Diff.Gpu.Tests.Differentiated
{
    /// <summary>
    /// Kernels in the shapes that other tools' GPU tests use (Enzyme's and Clad's CUDA tests, PyTorch's custom-kernel
    /// tutorials): elementwise chains, broadcasts, stencils, per-row loops, branches at kinks, in-place updates, scalars.
    /// </summary>
    public static partial class PeerKernels
    {
        /// <summary>Two outputs from an elementwise chain over two inputs.</summary>
        [Kernel]
        public static void MathChain(Index1D i, ArrayView<double> x, ArrayView<double> y, ArrayView<double> u, ArrayView<double> v)
        {
            u[i] = Math.Exp(Math.Sin(x[i])) * Math.Log(1.0 + y[i] * y[i]);
            v[i] = Math.Sqrt(1.0 + Math.Tanh(x[i] * y[i])) + Math.Pow(Math.Abs(y[i]) + 1.0, x[i]) - Math.Cosh(0.5 * x[i]);
        }

        /// <summary>The same kind of chain with XMath, as ILGPU samples write it.</summary>
        [Kernel]
        public static void XMathChain(Index1D i, ArrayView<double> x, ArrayView<double> y)
        {
            y[i] = XMath.Exp(-x[i] * x[i]) * XMath.Cos(3.0 * x[i]) + XMath.Sqrt(2.0 + XMath.Sin(x[i])) + XMath.Atan(x[i]);
        }

        /// <summary>A float kernel with MathF functions.</summary>
        [Kernel]
        public static void FloatGelu(Index1D i, ArrayView<float> x, ArrayView<float> y)
        {
            float z = x[i];
            y[i] = 0.5f * z * (1.0f + MathF.Tanh(0.7978845608f * (z + 0.044715f * z * z * z)));
        }

        /// <summary>A float kernel that computes in double through casts.</summary>
        [Kernel]
        public static void FloatThroughDouble(Index1D i, ArrayView<float> x, ArrayView<float> y)
        {
            double z = x[i];
            y[i] = (float)(Math.Log(1.0 + Math.Exp(z)) * z);
        }

        /// <summary>A bias broadcast over rows: many threads read each element of b.</summary>
        [Kernel]
        public static void BiasBroadcast(Index1D i, int columns, ArrayView<double> x, ArrayView<double> b, ArrayView<double> y)
        {
            y[i] = Math.Tanh(x[i] + b[i % columns]);
        }

        /// <summary>A scale in a view of length one, read by every thread.</summary>
        [Kernel]
        public static void ScaleByFirst(Index1D i, ArrayView<double> s, ArrayView<double> x, ArrayView<double> y)
        {
            y[i] = s[0] * x[i] * x[i] + s[1];
        }

        /// <summary>A differentiable scalar inside a nonlinearity.</summary>
        [Kernel]
        public static void ShiftedSine(Index1D i, double b, ArrayView<double> x, ArrayView<double> y)
        {
            y[i] = Math.Sin(x[i] + b) * b;
        }

        /// <summary>A nonlinear three-point stencil with boundary guards.</summary>
        [Kernel]
        public static void ProductStencil(Index1D i, ArrayView<double> x, ArrayView<double> y)
        {
            if (i > 0 && i < x.Length - 1)
            {
                y[i] = Math.Sin(x[i - 1]) * x[i] * Math.Exp(x[i + 1]);
            }
            else
            {
                y[i] = 0.0;
            }
        }

        /// <summary>An explicit heat step: a stencil with a differentiable scalar.</summary>
        [Kernel]
        public static void HeatStep(Index1D i, int n, double alpha, ArrayView<double> u, ArrayView<double> next)
        {
            if (i == 0 || i == n - 1)
            {
                next[i] = u[i];
                return;
            }

            next[i] = u[i] + alpha * (u[i - 1] - 2.0 * u[i] + u[i + 1]) * u[i];
        }

        /// <summary>A wide stencil, offsets ±2.</summary>
        [Kernel]
        public static void WideStencil(Index1D i, int n, ArrayView<double> x, ArrayView<double> y)
        {
            if (i >= 2 && i < n - 2)
            {
                y[i] = x[i + 2] * x[i] - x[i - 2] * x[i - 1] + x[i + 1];
            }
        }

        /// <summary>A stencil with an early return that leaves the boundary outputs as they were.</summary>
        [Kernel]
        public static void GuardedDifference(Index1D i, int n, ArrayView<double> x, ArrayView<double> y)
        {
            if (i == 0 || i >= n - 1)
            {
                return;
            }

            y[i] = x[i + 1] * x[i + 1] - x[i - 1] * x[i];
        }

        /// <summary>A stencil with two outputs: a central difference and a product of neighbours.</summary>
        [Kernel]
        public static void TwoOutputStencil(Index1D i, int n, ArrayView<double> x, ArrayView<double> g, ArrayView<double> p)
        {
            if (i > 0 && i < n - 1)
            {
                g[i] = 0.5 * (x[i + 1] - x[i - 1]);
                p[i] = x[i + 1] * x[i - 1];
            }
            else
            {
                g[i] = 0.0;
                p[i] = x[i];
            }
        }

        /// <summary>A valid 1-D convolution, one thread per output, a loop over the taps.</summary>
        [Kernel]
        public static void Conv1D(Index1D i, int taps, ArrayView<double> x, ArrayView<double> w, ArrayView<double> y)
        {
            double acc = 0.0;
            for (int j = 0; j < taps; j++)
            {
                acc += w[j] * x[i + j];
            }

            y[i] = Math.Tanh(acc);
        }

        /// <summary>RMS normalisation, one thread per row.</summary>
        [Kernel]
        public static void RmsNormRows(Index1D row, int size, ArrayView<double> x, ArrayView<double> gain, ArrayView<double> y)
        {
            int start = row * size;
            double squares = 0.0;
            for (int j = 0; j < size; j++)
            {
                squares += x[start + j] * x[start + j];
            }

            double inverse = 1.0 / Math.Sqrt(squares / size + 1e-6);
            for (int j = 0; j < size; j++)
            {
                y[start + j] = x[start + j] * inverse * gain[j];
            }
        }

        /// <summary>Log-sum-exp of each row.</summary>
        [Kernel]
        public static void LogSumExpRows(Index1D row, int columns, ArrayView<double> x, ArrayView<double> y)
        {
            double sum = 0.0;
            for (int j = 0; j < columns; j++)
            {
                sum += Math.Exp(x[row * columns + j]);
            }

            y[row] = Math.Log(sum);
        }

        /// <summary>A row-wise dot product of two matrices.</summary>
        [Kernel]
        public static void RowDot(Index1D row, int columns, ArrayView<double> a, ArrayView<double> b, ArrayView<double> y)
        {
            double dot = 0.0;
            for (int j = 0; j < columns; j++)
            {
                dot += a[row * columns + j] * b[row * columns + j];
            }

            y[row] = dot;
        }

        /// <summary>A matrix-vector product that accumulates into the output view inside the loop.</summary>
        [Kernel]
        public static void MatVecIntoView(Index1D row, int columns, ArrayView<double> a, ArrayView<double> x, ArrayView<double> y)
        {
            y[row] = 0.0;
            for (int j = 0; j < columns; j++)
            {
                y[row] += a[row * columns + j] * x[j];
            }
        }

        /// <summary>Leaky ReLU as a conditional operator; its kink is at 0.</summary>
        [Kernel]
        public static void LeakyRelu(Index1D i, ArrayView<double> x, ArrayView<double> y)
        {
            y[i] = x[i] > 0.0 ? x[i] : 0.01 * x[i];
        }

        /// <summary>Abs, a clamp written with Min and Max, and a ReLU written as an if, each with its kink.</summary>
        [Kernel]
        public static void Kinks(Index1D i, ArrayView<double> x, ArrayView<double> a, ArrayView<double> c, ArrayView<double> r)
        {
            a[i] = Math.Abs(x[i]) * 2.0;
            c[i] = Math.Min(Math.Max(x[i], -1.0), 1.0);
            if (x[i] > 0.0)
            {
                r[i] = x[i];
            }
            else
            {
                r[i] = 0.0;
            }
        }

        /// <summary>In-place scaling by a differentiable scalar.</summary>
        [Kernel]
        public static void ScaleInPlace(Index1D i, double a, ArrayView<double> x)
        {
            x[i] = x[i] * a;
        }

        /// <summary>Two in-place updates of one element: the second reads what the first wrote.</summary>
        [Kernel]
        public static void TwoUpdatesInPlace(Index1D i, ArrayView<double> x)
        {
            x[i] = Math.Sin(x[i]);
            x[i] = x[i] * x[i] + x[i];
        }

        /// <summary>A local reassigned in straight-line code.</summary>
        [Kernel]
        public static void ReassignedLocal(Index1D i, ArrayView<double> x, ArrayView<double> y)
        {
            double t = x[i];
            t = Math.Exp(t);
            t = t * t + x[i];
            t = Math.Sin(t) * t;
            y[i] = t;
        }

        /// <summary>An output written, then read by the next statement.</summary>
        [Kernel]
        public static void ReadBackOutput(Index1D i, ArrayView<double> x, ArrayView<double> y, ArrayView<double> z)
        {
            y[i] = x[i] * x[i];
            z[i] = Math.Sin(y[i]) * y[i];
        }

        /// <summary>Compound assignments into the output.</summary>
        [Kernel]
        public static void CompoundOutput(Index1D i, ArrayView<double> x, ArrayView<double> y)
        {
            y[i] *= x[i];
            y[i] += Math.Cos(x[i]);
            y[i] /= 1.0 + x[i] * x[i];
        }

        /// <summary>An output written only on one branch: elsewhere its initial value stays.</summary>
        [Kernel]
        public static void ConditionalWrite(Index1D i, ArrayView<double> x, ArrayView<double> y)
        {
            if (x[i] > 0.25)
            {
                y[i] = x[i] * x[i] * y[i];
            }
        }

        /// <summary>An early return after a first write.</summary>
        [Kernel]
        public static void ReturnAfterWrite(Index1D i, ArrayView<double> x, ArrayView<double> y)
        {
            y[i] = Math.Exp(x[i]);
            if (x[i] < 0.0)
            {
                return;
            }

            y[i] = y[i] * y[i] * 3.0;
        }

        /// <summary>Sparse matrix-vector product in CSR: the loop bounds come from a view.</summary>
        [Kernel]
        public static void CsrMatVec(Index1D row, ArrayView<int> rowStart, ArrayView<int> column, ArrayView<double> values, ArrayView<double> x, ArrayView<double> y)
        {
            double acc = 0.0;
            for (int k = rowStart[row]; k < rowStart[row + 1]; k++)
            {
                acc += values[k] * x[column[k]];
            }

            y[row] = acc * acc;
        }

        /// <summary>A matrix transpose with a nonlinearity over a 2-D index space.</summary>
        [Kernel]
        public static void SineTranspose(Index2D p, int width, int height, ArrayView<double> x, ArrayView<double> y)
        {
            y[p.X * height + p.Y] = Math.Sin(x[p.Y * width + p.X]) * x[p.Y * width + p.X];
        }

        /// <summary>A 3-D elementwise kernel with a scalar.</summary>
        [Kernel]
        public static void Volume(Index3D p, int width, int height, double a, ArrayView<double> x, ArrayView<double> y)
        {
            int c = (p.Z * height + p.Y) * width + p.X;
            y[c] = Math.Exp(a * x[c]) - a;
        }

        /// <summary>A helper of two arguments, as GPU code has them.</summary>
        [Differentiable]
        public static double SoftClip(double z, double limit) => limit * Math.Tanh(z / limit);

        /// <summary>Calls a helper twice, on different values.</summary>
        [Kernel]
        public static void HelperTwice(Index1D i, ArrayView<double> x, ArrayView<double> l, ArrayView<double> y)
        {
            y[i] = SoftClip(x[i], l[i]) + SoftClip(x[i] * x[i], 2.0);
        }

        /// <summary>A polynomial whose seven coefficients are differentiable scalars.</summary>
        [Kernel]
        public static void Polynomial(Index1D i, double c0, double c1, double c2, double c3, double c4, double c5, double c6, ArrayView<double> x, ArrayView<double> y)
        {
            double t = x[i];
            y[i] = c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
        }

        /// <summary>A float axpby with two float scalars.</summary>
        [Kernel]
        public static void FloatAxpby(Index1D i, float a, float b, ArrayView<float> x, ArrayView<float> y)
        {
            y[i] = a * MathF.Exp(x[i]) + b * y[i];
        }

        /// <summary>Two-argument functions of two views.</summary>
        [Kernel]
        public static void TwoArgFunctions(Index1D i, ArrayView<double> x, ArrayView<double> y, ArrayView<double> z)
        {
            z[i] = Math.Pow(x[i], y[i]) + Math.Atan2(y[i], x[i]) + Math.Min(x[i], y[i]) + Math.FusedMultiplyAdd(x[i], y[i], x[i]) + Math.Sqrt(x[i] * x[i] + y[i] * y[i]);
        }

        /// <summary>A per-channel affine transform (batch norm's), with the channel from integer division.</summary>
        [Kernel]
        public static void ChannelAffine(Index1D i, int spatial, int channels, ArrayView<double> x, ArrayView<double> gamma, ArrayView<double> beta, ArrayView<double> y)
        {
            int ch = i / spatial % channels;
            y[i] = x[i] * gamma[ch] + beta[ch];
        }

        /// <summary>A mean-squared error into a loss of one element, with a target view.</summary>
        [Kernel]
        public static void MseLoss(Index1D i, int n, ArrayView<double> prediction, ArrayView<double> target, ArrayView<double> loss)
        {
            double diff = prediction[i] - target[i];
            Atomic.Add(ref loss[0], diff * diff / n);
        }

        /// <summary>A squared error into a view named as the launcher's own scratch local, beside one named as its accelerator.</summary>
        [Kernel]
        public static void NamedLikeLauncherLocals(Index1D i, ArrayView<double> input, ArrayView<double> target, ArrayView<double> accelerator, ArrayView<double> scratch)
        {
            scratch[i] = (input[i] - target[i]) * (input[i] - target[i]) + accelerator[i];
        }

        /// <summary>Max of two views, with ties.</summary>
        [Kernel]
        public static void PairMax(Index1D i, ArrayView<double> x, ArrayView<double> y, ArrayView<double> z)
        {
            z[i] = Math.Max(x[i], y[i]) * 2.0;
        }

        /// <summary>A grid-stride loop with a guard-free body, two outputs and a scalar.</summary>
        [Kernel]
        public static void GridStrideTwoOutputs(ArrayView<double> x, ArrayView<double> y, ArrayView<double> z, double a)
        {
            for (int i = Grid.GlobalIndex.X; i < x.IntLength; i += Grid.Dimension.X * Group.Dimension.X)
            {
                y[i] = Math.Exp(a * x[i]);
                z[i] = Math.Exp(a * x[i]) * x[i];
            }
        }

        /// <summary>An explicitly grouped kernel whose work is guarded by an if.</summary>
        [Kernel]
        public static void GuardedGrid(ArrayView<double> x, ArrayView<double> y, int n)
        {
            int i = Grid.GlobalIndex.X;
            if (i < n)
            {
                y[i] = Math.Log(1.0 + x[i] * x[i]);
            }
        }

        /// <summary>A loop whose trip count comes from a length view.</summary>
        [Kernel]
        public static void SegmentSum(Index1D i, int width, ArrayView<int> length, ArrayView<double> x, ArrayView<double> y)
        {
            double s = 0.0;
            for (int j = 0; j < length[i]; j++)
            {
                s += Math.Sin(x[i * width + j]);
            }

            y[i] = s * s;
        }

        /// <summary>An accumulation that subtracts a square of the running value.</summary>
        [Kernel]
        public static void ScaledAccumulation(Index1D row, int columns, ArrayView<double> x, ArrayView<double> y)
        {
            double s = 0.0;
            for (int j = 0; j < columns; j++)
            {
                s -= 0.5 * x[row * columns + j];
                s += x[row * columns + j] * x[row * columns + j];
            }

            y[row] = Math.Exp(s);
        }

        /// <summary>One function: Math.Cbrt(x[i]).</summary>
        [Kernel]
        public static void FnCbrt(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Cbrt(x[i]);

        /// <summary>One function: Math.Log2(x[i]).</summary>
        [Kernel]
        public static void FnLog2(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Log2(x[i]);

        /// <summary>One function: Math.Log10(x[i]).</summary>
        [Kernel]
        public static void FnLog10(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Log10(x[i]);

        /// <summary>One function: Math.Log(x[i], 3.0).</summary>
        [Kernel]
        public static void FnLogBase(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Log(x[i], 3.0);

        /// <summary>One function: Math.Asinh(x[i]).</summary>
        [Kernel]
        public static void FnAsinh(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Asinh(x[i]);

        /// <summary>One function: Math.Acosh(x[i] + 1.5).</summary>
        [Kernel]
        public static void FnAcosh(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Acosh(x[i] + 1.5);

        /// <summary>One function: Math.Atanh(0.5 * x[i]).</summary>
        [Kernel]
        public static void FnAtanh(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Atanh(0.5 * x[i]);

        /// <summary>One function: Math.Asin(0.5 * x[i]).</summary>
        [Kernel]
        public static void FnAsin(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Asin(0.5 * x[i]);

        /// <summary>One function: Math.Acos(0.5 * x[i]).</summary>
        [Kernel]
        public static void FnAcos(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Acos(0.5 * x[i]);

        /// <summary>One function: Math.Tan(x[i]).</summary>
        [Kernel]
        public static void FnTan(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Tan(x[i]);

        /// <summary>One function: Math.Sinh(x[i]).</summary>
        [Kernel]
        public static void FnSinh(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Sinh(x[i]);


        /// <summary>One function: Math.Floor(3.0 * x[i]) + x[i].</summary>
        [Kernel]
        public static void FnFloorPlus(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Floor(3.0 * x[i]) + x[i];

        /// <summary>One function: Math.Round(3.0 * x[i]) + x[i].</summary>
        [Kernel]
        public static void FnRoundPlus(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Round(3.0 * x[i]) + x[i];

        /// <summary>One function: Math.CopySign(x[i], x[i] - 0.1).</summary>
        [Kernel]
        public static void FnCopySign(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.CopySign(x[i], x[i] - 0.1);








        /// <summary>One function: Math.Pow(x[i], 3.0).</summary>
        [Kernel]
        public static void FnPowInt(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = Math.Pow(x[i], 3.0);


        /// <summary>One function: XMath.Pow(x[i], 1.5).</summary>
        [Kernel]
        public static void FnXPow(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = XMath.Pow(x[i], 1.5);

        /// <summary>One function: XMath.Log2(x[i]).</summary>
        [Kernel]
        public static void FnXLog2(Index1D i, ArrayView<double> x, ArrayView<double> y) => y[i] = XMath.Log2(x[i]);
    }
}
