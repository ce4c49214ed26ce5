using System;
using System.Reflection;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Diff.Gpu
{
    /// <summary>
    /// Compiles a kernel to PTX or OpenCL C without a device: to prove in CI, which has no GPU, that a
    /// kernel compiles for one, and to read the code a kernel becomes.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each call creates its own ILGPU context (about 0.1 s) with ILGPU.Algorithms enabled, so kernels
    /// may call <c>XMath</c>, and disposes it. A kernel ILGPU cannot compile throws ILGPU's exception
    /// (for example <c>NotSupportedException</c> for a class allocation in the kernel): tests fail on it.
    /// </para>
    /// <para>
    /// The grouping is taken from the kernel's signature unless given: a first parameter of an index
    /// type means implicitly grouped, anything else explicitly grouped.
    /// </para>
    /// </remarks>
    public static class KernelCompilation
    {
        /// <summary>
        /// The default architecture, sm_75 (Turing): the oldest one that CUDA 13 still compiles for.
        /// </summary>
        public static CudaArchitecture DefaultArchitecture => CudaArchitecture.SM_75;

        /// <summary>
        /// The default PTX instruction set, 8.0 (CUDA 12.0): every CUDA 12 and 13 driver can load it.
        /// </summary>
        public static CudaInstructionSet DefaultInstructionSet => CudaInstructionSet.ISA_80;

        /// <summary>Compiles <paramref name="kernel"/> to PTX for <see cref="DefaultArchitecture"/> and <see cref="DefaultInstructionSet"/>.</summary>
        /// <param name="kernel">A static kernel method.</param>
        /// <returns>The PTX module text.</returns>
        public static string ToPtx(MethodInfo kernel) =>
            ToPtx(kernel, DefaultArchitecture, DefaultInstructionSet);

        /// <summary>Compiles <paramref name="kernel"/> to PTX, with its grouping taken from its signature.</summary>
        /// <param name="kernel">A static kernel method.</param>
        /// <param name="architecture">The GPU architecture to compile for.</param>
        /// <param name="instructionSet">The PTX version to emit (the <c>.version</c> line).</param>
        /// <returns>The PTX module text.</returns>
        /// <remarks>
        /// The <c>.target</c> line is the one a <c>CudaAccelerator</c> on a device of
        /// <paramref name="architecture"/> would load: ILGPU targets the lowest architecture that has every
        /// capability it may use, and no higher than <paramref name="architecture"/>. In ILGPU 1.5.3 that
        /// is sm_80 for sm_80 and anything newer (sm_90 included), which the driver JIT-compiles for the
        /// actual device.
        /// </remarks>
        public static string ToPtx(MethodInfo kernel, CudaArchitecture architecture, CudaInstructionSet instructionSet) =>
            ToPtx(kernel, architecture, instructionSet, GroupingOf(kernel));

        /// <summary>Compiles <paramref name="kernel"/> to PTX as a kernel of the given grouping.</summary>
        /// <param name="kernel">A static kernel method.</param>
        /// <param name="architecture">The GPU architecture to compile for.</param>
        /// <param name="instructionSet">The PTX version to emit (the <c>.version</c> line).</param>
        /// <param name="grouping">Whether the kernel is implicitly or explicitly grouped.</param>
        /// <returns>The PTX module text.</returns>
        public static string ToPtx(
            MethodInfo kernel,
            CudaArchitecture architecture,
            CudaInstructionSet instructionSet,
            KernelGrouping grouping)
        {
            var entry = EntryPointOf(kernel, grouping);
            using var context = CreateContext();

            // No NVVM: ILGPU's own PTX generator, the one a CudaAccelerator uses by default.
            using var backend = new PTXBackend(
                context,
                new CudaCapabilityContext(architecture),
                architecture,
                instructionSet,
                nvvmAPI: null);
            var compiled = (PTXCompiledKernel)backend.Compile(entry, new KernelSpecialization());
            return compiled.PTXAssembly;
        }

        /// <summary>Compiles <paramref name="kernel"/> to OpenCL C, with its grouping taken from its signature.</summary>
        /// <param name="kernel">A static kernel method.</param>
        /// <returns>The OpenCL C source.</returns>
        public static string ToOpenCL(MethodInfo kernel) => ToOpenCL(kernel, GroupingOf(kernel));

        /// <summary>Compiles <paramref name="kernel"/> to OpenCL C as a kernel of the given grouping.</summary>
        /// <param name="kernel">A static kernel method.</param>
        /// <param name="grouping">Whether the kernel is implicitly or explicitly grouped.</param>
        /// <returns>The OpenCL C source.</returns>
        /// <remarks>
        /// The target is a generic OpenCL C 2.0 device with what ILGPU requires (the generic address space)
        /// and what kernels over doubles and 64-bit counters need: double precision and 64-bit atomics;
        /// no half precision and no sub-groups.
        /// </remarks>
        public static string ToOpenCL(MethodInfo kernel, KernelGrouping grouping)
        {
            var entry = EntryPointOf(kernel, grouping);
            using var context = CreateContext();
            var capabilities = new CLCapabilityContext(
                float16: false,
                float64: true,
                genericAddressSpace: true,
                int64_Atomics: true,
                subGroups: false);
            using var backend = new CLBackend(context, capabilities, CLDeviceVendor.Other, CLBackend.MinimumVersion);
            var compiled = (CLCompiledKernel)backend.Compile(entry, new KernelSpecialization());
            return compiled.Source;
        }

        /// <summary>The grouping a kernel's signature implies.</summary>
        internal static KernelGrouping GroupingOf(MethodInfo kernel)
        {
            ArgumentNullException.ThrowIfNull(kernel);
            var parameters = kernel.GetParameters();
            return parameters.Length > 0 && IsIndexType(parameters[0].ParameterType)
                ? KernelGrouping.Implicit
                : KernelGrouping.Explicit;
        }

        private static bool IsIndexType(Type type) =>
            type == typeof(Index1D) || type == typeof(Index2D) || type == typeof(Index3D) ||
            type == typeof(LongIndex1D) || type == typeof(LongIndex2D) || type == typeof(LongIndex3D);

        private static EntryPointDescription EntryPointOf(MethodInfo kernel, KernelGrouping grouping)
        {
            ArgumentNullException.ThrowIfNull(kernel);
            if (!kernel.IsStatic)
            {
                throw new ArgumentException($"The kernel {kernel.DeclaringType?.Name}.{kernel.Name} must be static.", nameof(kernel));
            }

            return grouping switch
            {
                KernelGrouping.Implicit => EntryPointDescription.FromImplicitlyGroupedKernel(kernel),
                KernelGrouping.Explicit => EntryPointDescription.FromExplicitlyGroupedKernel(kernel),
                _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Unknown kernel grouping."),
            };
        }

        private static Context CreateContext() =>
            // No devices: a backend constructed by hand needs only the context's IR and settings.
            Context.Create(builder => builder.EnableAlgorithms());
    }
}
