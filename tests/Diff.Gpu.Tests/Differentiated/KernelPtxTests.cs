using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using ILGPU.Runtime.Cuda;

namespace Diff.Gpu.Tests.Differentiated
{
    /// <summary>
    /// Every [Kernel] of <see cref="UserKernels"/> and every adjoint kernel the generator wrote for it
    /// compiles to PTX for sm_90 and sm_75 and to OpenCL C, each in a fresh ILGPU context, with no GPU:
    /// this is how CI knows that the generated code runs on devices it does not have.
    /// </summary>
    public sealed class KernelPtxTests
    {
        public static IEnumerable<object[]> Kernels()
        {
            foreach (MethodInfo kernel in typeof(UserKernels).GetMethods(BindingFlags.Public | BindingFlags.Static)
                         .Where(m => m.GetCustomAttribute<KernelAttribute>() is not null)
                         .OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                yield return new object[] { kernel.Name };
                yield return new object[] { kernel.Name + "Adjoint" };
                if (typeof(UserKernels).GetMethod(kernel.Name + "AdjointGrouped") is not null)
                {
                    yield return new object[] { kernel.Name + "AdjointGrouped" };
                }

                if (typeof(UserKernels).GetMethod(kernel.Name + "Tangent") is not null)
                {
                    yield return new object[] { kernel.Name + "Tangent" };
                }

                foreach (string part in new[] { "AdjointGather", "AdjointLocal" })
                {
                    if (typeof(UserKernels).GetMethod(kernel.Name + part) is not null)
                    {
                        yield return new object[] { kernel.Name + part };
                    }
                }
            }
        }

        [Fact]
        public void Every_kernel_has_an_adjoint_kernel()
        {
            var names = Kernels().Select(k => (string)k[0]).ToList();
            // Twenty-seven kernels, their adjoints and tangents (Saxpy in float included), the grouped adjoints of the
            // four kernels with a thread index and scalar parameters, and the gather and local adjoints of two 1-D stencils and a 2-D one.
            Assert.Equal(91, names.Count);
            Assert.All(names, name => Assert.NotNull(Method(name)));
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void Compiles_to_ptx_for_sm_90(string name)
        {
            string ptx = KernelCompilation.ToPtx(Method(name), CudaArchitecture.SM_90, CudaInstructionSet.ISA_85);
            Assert.Matches(@"^\.version 8\.5", ptx.Split('\n').First(l => l.StartsWith(".version", StringComparison.Ordinal)));
            Assert.Matches(@"\.entry \w*" + name, ptx);
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void Compiles_to_ptx_for_sm_75(string name)
        {
            string ptx = KernelCompilation.ToPtx(Method(name), CudaArchitecture.SM_75, CudaInstructionSet.ISA_80);
            Assert.Equal("sm_75", Regex.Match(ptx, @"^\.target (\S+)", RegexOptions.Multiline).Groups[1].Value);
            Assert.Matches(@"\.entry \w*" + name, ptx);
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void Compiles_to_opencl_c(string name)
        {
            string source = KernelCompilation.ToOpenCL(Method(name));
            Assert.Contains("kernel", source, StringComparison.Ordinal);
        }

        [Fact]
        public void The_grouped_adjoint_adds_once_per_group_after_a_barrier()
        {
            string ptx = KernelCompilation.ToPtx(Method(nameof(UserKernels.Daxpy) + "AdjointGrouped"));
            Assert.Contains("bar.sync", ptx, StringComparison.Ordinal);
            Assert.Matches(@"\.shared", ptx);
            Assert.Matches(@"(red|atom)(\.global)?\.add\.f64", ptx);
        }

        [Theory]
        [InlineData(nameof(UserKernels.Smooth))]
        [InlineData(nameof(UserKernels.AheadDifference))]
        [InlineData(nameof(UserKernels.Laplacian))]
        public void The_stencil_adjoint_that_the_launcher_runs_has_no_atomics(string stencil)
        {
            foreach (string part in new[] { "AdjointGather", "AdjointLocal" })
            {
                string ptx = KernelCompilation.ToPtx(Method(stencil + part));
                Assert.DoesNotMatch(@"(red|atom)\.[a-z.]*add", ptx);
            }

            // The single-launch adjoint kernel adds the neighbours' parts with atomics.
            Assert.Matches(@"(red|atom)(\.global)?\.add\.f64", KernelCompilation.ToPtx(Method(stencil + "Adjoint")));
        }

        [Fact]
        public void Scalar_adjoints_and_shared_views_compile_to_atomics_and_private_ones_do_not()
        {
            // SumOfSquares: the forward's Atomic.Add, and a private dX[i] += …
            string reduction = KernelCompilation.ToPtx(Method(nameof(UserKernels.SumOfSquares) + "Adjoint"));
            Assert.Matches(@"(red|atom)(\.global)?\.add\.f64", reduction);

            // Tanh: every increment is the thread's own.
            string activation = KernelCompilation.ToPtx(Method(nameof(UserKernels.Tanh) + "Adjoint"));
            Assert.DoesNotMatch(@"(red|atom)\.[a-z.]*add", activation);
        }

        private static MethodInfo Method(string name) =>
            typeof(UserKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException(name);
    }
}
