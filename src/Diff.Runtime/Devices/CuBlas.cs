using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Diff
{
    /// <summary>
    /// The few cuBLAS functions the device matrix product needs, bound with <c>LibraryImport</c>.
    /// ILGPU.Algorithms binds only <c>libcublas.so.10</c>, <c>.11</c> and <c>.12</c>, so this binding
    /// tries <c>.13</c>, <c>.12</c> and <c>.11</c> (<c>cublas64_13.dll</c>… on Windows) itself.
    /// </summary>
    /// <remarks>
    /// cuBLAS is column-major and tensors are row-major. A row-major m×n matrix is a column-major n×m
    /// one, so C = op(A)·op(B) is computed as Cᵀ = op(B)ᵀ·op(A)ᵀ: the operands swap places and each
    /// transposition flag applies to the stored matrix as it is (<see cref="Arguments"/>).
    /// </remarks>
    internal static partial class CuBlas
    {
        private const string LibraryName = "diffgen-cublas";
        private const int OperationNone = 0;
        private const int OperationTranspose = 1;

        private static readonly string[] Candidates = OperatingSystem.IsWindows()
            ? new[] { "cublas64_13.dll", "cublas64_12.dll", "cublas64_11.dll" }
            : new[] { "libcublas.so.13", "libcublas.so.12", "libcublas.so.11" };

        private static readonly ConditionalWeakTable<Accelerator, Handle> Handles = new();
        private static readonly Lazy<IntPtr> Library = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>Whether a cuBLAS library was found. False also switches the device product to the tiled kernel.</summary>
        internal static bool IsAvailable => Library.Value != IntPtr.Zero;

        /// <summary>Whether products on CUDA devices use cuBLAS when it is available (true unless a benchmark compares the fallback).</summary>
        internal static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("DIFFGEN_CUBLAS") != "0";

        /// <summary>The library file that was loaded, for reports; null when none was.</summary>
        internal static string? LoadedName { get; private set; }

        /// <summary>
        /// The cuBLAS arguments for the row-major C (m×n) = op(A)·op(B) (+ C), where op(A) is m×k: the
        /// operation and leading dimension of the first operand (B's storage), of the second (A's), and
        /// the column-major sizes m' = n, n' = m, k.
        /// </summary>
        internal static (int FirstOperation, int FirstLeading, int SecondOperation, int SecondLeading, int M, int N, int K, int ResultLeading) Arguments(
            bool transposeA, bool transposeB, int m, int n, int k) =>
            (transposeB ? OperationTranspose : OperationNone, transposeB ? k : n,
             transposeA ? OperationTranspose : OperationNone, transposeA ? m : k,
             n, m, k, n);

        /// <summary>
        /// C = op(A)·op(B) (+ C when <paramref name="accumulate"/>) by <c>cublasSgemm_v2</c> on the
        /// accelerator's default stream; false (and nothing done) when cuBLAS cannot be used there.
        /// </summary>
        internal static unsafe bool TryGemm(
            Accelerator accelerator, ArrayView<float> a, bool transposeA, ArrayView<float> b, bool transposeB, ArrayView<float> c,
            int m, int n, int k, bool accumulate)
        {
            if (!Enabled || accelerator is not CudaAccelerator cuda || !IsAvailable)
            {
                return false;
            }

            Handle handle = Handles.GetValue(cuda, static acc => new Handle((CudaAccelerator)acc));
            if (handle.Value == IntPtr.Zero)
            {
                return false;
            }

            var arguments = Arguments(transposeA, transposeB, m, n, k);
            float alpha = 1f;
            float beta = accumulate ? 1f : 0f;
            cuda.Bind();
            Check(
                Sgemm(
                    handle.Value, arguments.FirstOperation, arguments.SecondOperation, arguments.M, arguments.N, arguments.K,
                    &alpha, b.LoadEffectiveAddressAsPtr(), arguments.FirstLeading, a.LoadEffectiveAddressAsPtr(), arguments.SecondLeading,
                    &beta, c.LoadEffectiveAddressAsPtr(), arguments.ResultLeading),
                "cublasSgemm_v2");
            return true;
        }

        private static IntPtr Load()
        {
            foreach (string candidate in Candidates)
            {
                if (NativeLibrary.TryLoad(candidate, out IntPtr library))
                {
                    LoadedName = candidate;
                    try
                    {
                        NativeLibrary.SetDllImportResolver(typeof(CuBlas).Assembly, Resolve);
                    }
                    catch (InvalidOperationException)
                    {
                        // The runtime assembly's resolver is already set (by this method on another thread).
                    }

                    return library;
                }
            }

            return IntPtr.Zero;
        }

        private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
            libraryName == LibraryName ? Library.Value : IntPtr.Zero;

        private static void Check(int status, string function)
        {
            if (status != 0)
            {
                throw new InvalidOperationException($"{function} failed with cuBLAS status {status}.");
            }
        }

        [LibraryImport(LibraryName, EntryPoint = "cublasCreate_v2")]
        private static partial int Create(out IntPtr handle);

        [LibraryImport(LibraryName, EntryPoint = "cublasDestroy_v2")]
        private static partial int Destroy(IntPtr handle);

        [LibraryImport(LibraryName, EntryPoint = "cublasSetStream_v2")]
        private static partial int SetStream(IntPtr handle, IntPtr stream);

        [LibraryImport(LibraryName, EntryPoint = "cublasSgemm_v2")]
        private static unsafe partial int Sgemm(
            IntPtr handle, int firstOperation, int secondOperation, int m, int n, int k,
            float* alpha, IntPtr first, int firstLeading, IntPtr second, int secondLeading,
            float* beta, IntPtr result, int resultLeading);

        /// <summary>A cuBLAS handle created in the accelerator's context and bound to its default stream.</summary>
        private sealed class Handle
        {
            internal Handle(CudaAccelerator accelerator)
            {
                accelerator.Bind();
                if (Create(out IntPtr value) != 0)
                {
                    return;
                }

                // Launches and copies go to the default stream; the product must queue behind them.
                if (SetStream(value, ((CudaStream)accelerator.DefaultStream).StreamPtr) != 0)
                {
                    Destroy(value);
                    return;
                }

                Value = value;
            }

            ~Handle()
            {
                if (Value != IntPtr.Zero)
                {
                    Destroy(Value);
                }
            }

            internal IntPtr Value { get; }
        }
    }
}
