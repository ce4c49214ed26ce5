using System.Runtime.InteropServices;

namespace Diff.Benchmarks
{
    /// <summary>
    /// OpenBLAS's single-precision GEMM, called in-process so that it and DiffGen's kernel are
    /// measured by the same harness and appear in one table. Needs <c>libopenblas.so.0</c>
    /// (Debian: <c>apt-get install libopenblas-dev</c>).
    /// </summary>
    internal static class OpenBlas
    {
        private const string Library = "libopenblas.so.0";

        public const int RowMajor = 101;
        public const int NoTranspose = 111;
        public const int Transpose = 112;

        /// <summary>C = alpha · op(A) · op(B) + beta · C.</summary>
        [DllImport(Library, EntryPoint = "cblas_sgemm")]
        public static extern void Sgemm(
            int order, int transposeA, int transposeB,
            int m, int n, int k,
            float alpha, float[] a, int lda, float[] b, int ldb,
            float beta, float[] c, int ldc);

        /// <summary>Sets the number of threads OpenBLAS uses, overriding <c>OPENBLAS_NUM_THREADS</c>.</summary>
        [DllImport(Library, EntryPoint = "openblas_set_num_threads")]
        public static extern void SetThreadCount(int threads);

        /// <summary>The number of threads OpenBLAS will use.</summary>
        [DllImport(Library, EntryPoint = "openblas_get_num_threads")]
        public static extern int GetThreadCount();

        /// <summary>
        /// The kernel family OpenBLAS runs (a <c>DYNAMIC_ARCH</c> build picks it from the processor
        /// unless <c>OPENBLAS_CORETYPE</c> forces one), for example <c>Haswell</c> or <c>Cooperlake</c>.
        /// </summary>
        public static string CoreName => Marshal.PtrToStringAnsi(GetCoreName()) ?? "?";

        [DllImport(Library, EntryPoint = "openblas_get_corename")]
        private static extern System.IntPtr GetCoreName();
    }
}
