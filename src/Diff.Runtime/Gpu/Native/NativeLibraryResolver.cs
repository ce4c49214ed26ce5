using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace Diff.Gpu
{
    /// <summary>
    /// Lets ILGPU find the CUDA and OpenCL drivers on Linux, where its P/Invokes name libraries that
    /// drivers do not install.
    /// </summary>
    /// <remarks>
    /// <para>
    /// ILGPU 1.5.3 imports the driver APIs under the names <c>cuda</c> (CudaAPI.xml, Linux and macOS)
    /// and <c>OpenCL</c> (CLAPI.xml, Linux and macOS); on Windows it uses <c>nvcuda</c> and <c>opencl</c>,
    /// which load as they are. The runtime probes <c>libcuda.so</c> and <c>libOpenCL.so</c> for those
    /// names, but drivers install only the versioned <c>libcuda.so.1</c> and <c>libOpenCL.so.1</c>; the
    /// unversioned links come with the development packages. Without this resolver ILGPU lists no CUDA
    /// or OpenCL device on a machine that has one.
    /// </para>
    /// <para>
    /// An assembly has at most one resolver. The module initializer registers this one before any code
    /// of this library runs; <see cref="GpuContext.Create"/> calls <see cref="Register"/> as well, which
    /// then does nothing, so that the code that lists devices states what it depends on. If another
    /// component registered its own resolver for ILGPU first, that one stays.
    /// </para>
    /// </remarks>
    internal static class NativeLibraryResolver
    {
        private static readonly string[] CudaCandidates = { "libcuda.so.1", "libcuda.so" };
        private static readonly string[] OpenCLCandidates = { "libOpenCL.so.1", "libOpenCL.so" };

        // 0: not yet attempted; 1: attempted (registered, or someone else's resolver is in place).
        private static int attempted;

        /// <summary>Registers the resolver for ILGPU's assembly; later calls do nothing.</summary>
        internal static void Register()
        {
            if (Interlocked.Exchange(ref attempted, 1) != 0)
            {
                return;
            }

            try
            {
                NativeLibrary.SetDllImportResolver(typeof(ILGPU.Context).Assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // A resolver is already set for ILGPU's assembly (by the application, or by another
                // copy of this library). The runtime allows one; keep the one that is there.
            }
        }

        /// <summary>
        /// The file names to try, in order, for a library name ILGPU imports; empty for a name this
        /// resolver leaves to the runtime's default probing.
        /// </summary>
        /// <param name="libraryName">The name in the <c>DllImport</c> attribute.</param>
        internal static IReadOnlyList<string> CandidatesFor(string libraryName) => libraryName switch
        {
            // Exact, case-sensitive names: Windows' "nvcuda" and "opencl" resolve by default.
            "cuda" => CudaCandidates,
            "OpenCL" => OpenCLCandidates,
            _ => Array.Empty<string>(),
        };

        private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            // The versioned names are Linux's; elsewhere the default probing is right.
            if (!OperatingSystem.IsLinux())
            {
                return IntPtr.Zero;
            }

            foreach (var candidate in CandidatesFor(libraryName))
            {
                if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
                {
                    return handle;
                }
            }

            // Zero hands the name back to the default probing, whose DllNotFoundException ILGPU
            // turns into "this API is not supported": no device of that kind, not a crash.
            return IntPtr.Zero;
        }
    }
}
