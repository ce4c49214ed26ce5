using ILGPU;
using ILGPU.Runtime;

namespace Diff.Gpu.Tests.Differentiated
{
    /// <summary>
    /// An explicitly grouped kernel: a tiled matrix product with shared memory and barriers. DiffGen does not
    /// differentiate its body; its registered backward launches the two products of the adjoint, dA += dC·Bᵀ and
    /// dB += Aᵀ·dC, and the generated launcher calls it.
    /// </summary>
    public static partial class TiledKernels
    {
        /// <summary>The tile's side: each group of Tile × Tile threads stages tiles of A and B in shared memory.</summary>
        public const int Tile = 4;

        /// <summary>C = A·B for n × n row-major matrices (n a multiple of <see cref="Tile"/>), one thread per element of C.</summary>
        [Kernel]
        public static void MatMul(ArrayView<double> a, ArrayView<double> b, ArrayView<double> c, int n)
        {
            var tileA = SharedMemory.Allocate<double>(Tile * Tile);
            var tileB = SharedMemory.Allocate<double>(Tile * Tile);
            int row = Grid.GlobalIndex.Y;
            int column = Grid.GlobalIndex.X;
            int ty = Group.IdxY;
            int tx = Group.IdxX;
            double sum = 0.0;
            for (int t = 0; t < n / Tile; t++)
            {
                tileA[ty * Tile + tx] = a[row * n + t * Tile + tx];
                tileB[ty * Tile + tx] = b[(t * Tile + ty) * n + column];
                Group.Barrier();
                for (int k = 0; k < Tile; k++)
                {
                    sum += tileA[ty * Tile + k] * tileB[k * Tile + tx];
                }

                Group.Barrier();
            }

            c[row * n + column] = sum;
        }

        /// <summary>Target += op(Left)·op(Right), op transposing when asked: the two products of the adjoint.</summary>
        public static void AccumulateProduct(ArrayView<double> left, ArrayView<double> right, ArrayView<double> target, int n, int transposeLeft, int transposeRight)
        {
            int row = Grid.GlobalIndex.Y;
            int column = Grid.GlobalIndex.X;
            double sum = 0.0;
            for (int k = 0; k < n; k++)
            {
                double l = transposeLeft != 0 ? left[k * n + row] : left[row * n + k];
                double r = transposeRight != 0 ? right[column * n + k] : right[k * n + column];
                sum += l * r;
            }

            target[row * n + column] += sum;
        }

        private static readonly KernelCache<System.Action<KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int>> Products = new();

        /// <summary>
        /// The backward of <see cref="MatMul"/>, under the pullback contract: dA += dC·Bᵀ and dB += Aᵀ·dC from the gradient
        /// of C's final value, then the forward's write, and C's adjoint becomes that of its initial value, which C = A·B
        /// overwrites: zero.
        /// </summary>
        [DerivativeOf(typeof(TiledKernels), nameof(MatMul))]
        public static void MatMulBackward(Accelerator accelerator, KernelConfig config, ArrayView<double> a, ArrayView<double> b, ArrayView<double> c, int n, ArrayView<double> dA, ArrayView<double> dB, ArrayView<double> dC)
        {
            var product = Products.GetOrLoad(accelerator, static acc => acc.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int>(AccumulateProduct));
            product(config, dC, b, dA, n, 0, 1);
            product(config, a, dC, dB, n, 1, 0);
            MatMulLauncher.Forward(accelerator, config, a, b, c, n);
            dC.MemSetToZero();
        }
    }
}
