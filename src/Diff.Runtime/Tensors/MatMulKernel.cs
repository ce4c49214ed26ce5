using System;

namespace Diff
{
    /// <summary>
    /// The float32 matrix product behind <c>Tensor.MatMul</c>, <c>Tensor.Linear</c> and their
    /// backward: C (+)= op(A) · op(B), all row-major.
    /// </summary>
    internal static class MatMulKernel
    {
        /// <summary>
        /// Computes C[m×n] = op(A)[m×k] · op(B)[k×n], or adds it to C when <paramref name="accumulate"/>.
        /// </summary>
        /// <param name="a">A's storage; A is m×k, or k×m read transposed when <paramref name="transposeA"/>.</param>
        /// <param name="aOffset">Where A starts in <paramref name="a"/>.</param>
        /// <param name="transposeA">Whether A is stored k×m.</param>
        /// <param name="b">B's storage; B is k×n, or n×k read transposed when <paramref name="transposeB"/>.</param>
        /// <param name="bOffset">Where B starts in <paramref name="b"/>.</param>
        /// <param name="transposeB">Whether B is stored n×k.</param>
        /// <param name="c">C's storage, m×n.</param>
        /// <param name="cOffset">Where C starts in <paramref name="c"/>.</param>
        /// <param name="m">Rows of C.</param>
        /// <param name="n">Columns of C.</param>
        /// <param name="k">The inner size.</param>
        /// <param name="accumulate">Add to C instead of overwriting it.</param>
        public static void Multiply(
            float[] a, int aOffset, bool transposeA,
            float[] b, int bOffset, bool transposeB,
            float[] c, int cOffset,
            int m, int n, int k, bool accumulate)
        {
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    float sum = accumulate ? c[cOffset + i * n + j] : 0f;
                    for (int p = 0; p < k; p++)
                    {
                        float left = transposeA ? a[aOffset + p * m + i] : a[aOffset + i * k + p];
                        float right = transposeB ? b[bOffset + j * k + p] : b[bOffset + p * n + j];
                        sum += left * right;
                    }

                    c[cOffset + i * n + j] = sum;
                }
            }
        }
    }
}
