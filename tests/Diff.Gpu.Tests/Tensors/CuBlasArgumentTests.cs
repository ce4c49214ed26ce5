namespace Diff.Gpu.Tests.Tensors
{
    /// <summary>
    /// The row-major to column-major mapping of the cuBLAS product, checked without a GPU: a managed
    /// sgemm with cuBLAS's column-major semantics, given the arguments <c>CuBlas.Arguments</c> builds,
    /// must compute the same product as the CPU's matrix kernel.
    /// </summary>
    public sealed class CuBlasArgumentTests
    {
        [Theory]
        [InlineData(false, false)]
        [InlineData(true, false)]
        [InlineData(false, true)]
        [InlineData(true, true)]
        public void The_swapped_column_major_call_computes_the_row_major_product(bool transposeA, bool transposeB)
        {
            const int m = 5, n = 3, k = 4;
            float[] a = Tensor.Randn(new[] { m * k }, new Diff.Generator(1)).ToArray();
            float[] b = Tensor.Randn(new[] { k * n }, new Diff.Generator(2)).ToArray();
            float[] c = Tensor.Randn(new[] { m * n }, new Diff.Generator(3)).ToArray();

            // The row-major reference: op(A) is m×k, op(B) is k×n, C += op(A)·op(B).
            var expected = (float[])c.Clone();
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    float total = 0f;
                    for (int q = 0; q < k; q++)
                    {
                        float left = transposeA ? a[q * m + i] : a[i * k + q];
                        float right = transposeB ? b[j * k + q] : b[q * n + j];
                        total += left * right;
                    }

                    expected[i * n + j] += total;
                }
            }

            var arguments = CuBlas.Arguments(transposeA, transposeB, m, n, k);
            var actual = (float[])c.Clone();
            ColumnMajorSgemm(
                arguments.FirstOperation, arguments.SecondOperation, arguments.M, arguments.N, arguments.K,
                b, arguments.FirstLeading, a, arguments.SecondLeading, actual, arguments.ResultLeading);

            for (int i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 4);
            }
        }

        [Fact]
        public void The_product_on_an_accelerator_without_cublas_falls_back_to_the_tiled_kernel()
        {
            Device device = DeviceUnderTest.CpuAccelerator;
            Tensor a = Tensor.Randn(new[] { 6, 5 }, device, new Diff.Generator(4));
            Tensor b = Tensor.Randn(new[] { 5, 7 }, device, new Diff.Generator(5));
            Tensor c = Tensor.Zeros(new[] { 6, 7 }, device);
            Assert.False(CuBlas.TryGemm(device.AcceleratorInstance, DeviceOps.View(a), false, DeviceOps.View(b), false, DeviceOps.View(c), 6, 7, 5, accumulate: false));
            Assert.Equal(new float[42], c.ToArray());
        }

        // cuBLAS's semantics: C (m×n, column-major, leading dimension ldc) += op(X)·op(Y), where
        // op(X) is m×k and op(Y) is k×n; operation 1 transposes the stored column-major matrix.
        private static void ColumnMajorSgemm(int opX, int opY, int m, int n, int k, float[] x, int ldx, float[] y, int ldy, float[] c, int ldc)
        {
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    float total = 0f;
                    for (int q = 0; q < k; q++)
                    {
                        float left = opX == 0 ? x[q * ldx + i] : x[i * ldx + q];
                        float right = opY == 0 ? y[j * ldy + q] : y[q * ldy + j];
                        total += left * right;
                    }

                    c[j * ldc + i] += total;
                }
            }
        }
    }
}
