using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ILGPU.Runtime.Cuda;

namespace Diff.Gpu.Tests.Tensors
{
    /// <summary>
    /// Every kernel behind the device tensors compiles to PTX (ISA 8.5, for sm_90) without a GPU: the runtime's
    /// [Kernel] ops with their generated adjoint and tangent kernels, and the plain device loops.
    /// </summary>
    public sealed class DeviceKernelPtxTests
    {
        private static readonly string[] ExplicitlyGrouped = { "Gemm", "GemmSmallGroups" };

        public static IEnumerable<object[]> Kernels()
        {
            Type kernels = typeof(Tensor).Assembly.GetType("Diff.DeviceKernels", throwOnError: true)!;
            foreach (MethodInfo kernel in kernels.GetMethods(BindingFlags.Public | BindingFlags.Static)
                         .Where(m => m.GetCustomAttribute<KernelAttribute>() is not null)
                         .OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                foreach (string suffix in new[] { string.Empty, "Adjoint", "Tangent" })
                {
                    yield return new object[] { "Diff.DeviceKernels", kernel.Name + suffix };
                }
            }

            Type loops = typeof(Tensor).Assembly.GetType("Diff.DeviceLoops", throwOnError: true)!;
            foreach (MethodInfo loop in loops.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                         .Where(m => m.ReturnType == typeof(void) && m.DeclaringType == loops && !m.Name.StartsWith('<') && m.Name != "GemmBlocked")
                         .OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                yield return new object[] { "Diff.DeviceLoops", loop.Name };
            }
        }

        [Fact]
        public void The_suite_covers_every_device_kernel()
        {
            // 39 [Kernel] ops with their adjoints and tangents, and 19 plain loops.
            Assert.Equal(39 * 3 + 19, Kernels().Count());
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void Compiles_to_ptx_for_sm_90(string typeName, string name)
        {
            MethodInfo method = typeof(Tensor).Assembly.GetType(typeName, throwOnError: true)!
                .GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
            KernelGrouping grouping = ExplicitlyGrouped.Contains(name) ? KernelGrouping.Explicit : KernelGrouping.Implicit;
            string ptx = KernelCompilation.ToPtx(method, CudaArchitecture.SM_90, CudaInstructionSet.ISA_85, grouping);
            Assert.Matches(@"^\.version 8\.5", ptx.Split('\n').First(l => l.StartsWith(".version", StringComparison.Ordinal)));
            Assert.Matches(@"\.entry \w*" + name, ptx);
        }
    }
}
