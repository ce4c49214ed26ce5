using System.Reflection;
using System.Text.RegularExpressions;
using Diff.Gpu.Tests.Kernels;
using ILGPU.Runtime.Cuda;

namespace Diff.Gpu.Tests.Compilation
{
    /// <summary>Kernels compile to PTX and OpenCL C here, where there is no GPU.</summary>
    public sealed class KernelCompilationTests
    {
        private static MethodInfo Kernel(string name) =>
            typeof(TestKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException(name);

        private static string TargetOf(string ptx) => Regex.Match(ptx, @"^\.target (\S+)", RegexOptions.Multiline).Groups[1].Value;

        private static string VersionOf(string ptx) => Regex.Match(ptx, @"^\.version (\S+)", RegexOptions.Multiline).Groups[1].Value;

        [Fact]
        public void SaxpyCompilesToPtxForSm75()
        {
            var ptx = KernelCompilation.ToPtx(Kernel(nameof(TestKernels.Saxpy)), CudaArchitecture.SM_75, CudaInstructionSet.ISA_80);

            Assert.Equal("8.0", VersionOf(ptx));
            Assert.Equal("sm_75", TargetOf(ptx));
            Assert.Matches(@"\.entry \w*Saxpy", ptx);
            Assert.Contains(".address_size 64", ptx);
        }

        [Fact]
        public void SaxpyCompilesToPtxForSm90()
        {
            var ptx = KernelCompilation.ToPtx(Kernel(nameof(TestKernels.Saxpy)), CudaArchitecture.SM_90, CudaInstructionSet.ISA_85);

            Assert.Equal("8.5", VersionOf(ptx));
            Assert.Matches(@"\.entry \w*Saxpy", ptx);

            // ILGPU targets the lowest architecture with every capability it may use, capped at the one
            // asked for: sm_80 in ILGPU 1.5.3 for anything newer. A CudaAccelerator on an H100 or H200
            // loads this same module (CudaDevice builds the same capability context), and the driver
            // JIT-compiles it for sm_90.
            Assert.Equal(
                new CudaCapabilityContext(CudaArchitecture.SM_90).TargetArchitecture.ToString().ToLowerInvariant(),
                TargetOf(ptx));
            Assert.Equal("sm_80", TargetOf(ptx));
        }

        [Fact]
        public void TheDefaultsAreSm75AndPtx80()
        {
            var ptx = KernelCompilation.ToPtx(Kernel(nameof(TestKernels.Saxpy)));

            Assert.Equal("8.0", VersionOf(ptx));
            Assert.Equal("sm_75", TargetOf(ptx));
        }

        [Theory]
        [InlineData(75)]
        [InlineData(90)]
        public void SystemMathAndAtomicsCompileToPtx(int sm)
        {
            var architecture = sm == 75 ? CudaArchitecture.SM_75 : CudaArchitecture.SM_90;
            var ptx = KernelCompilation.ToPtx(Kernel(nameof(TestKernels.MathAndAtomics)), architecture, CudaInstructionSet.ISA_80);

            Assert.Matches(@"\.entry \w*MathAndAtomics", ptx);
            // An atomic add whose result is unused becomes a reduction (red), one whose result is read atom.
            Assert.Matches(@"(red|atom)(\.global)?\.add\.f32", ptx);
            Assert.Contains("sqrt", ptx);
            Assert.Contains("ex2", ptx); // MathF.Exp lowers to a base-2 exponential.
        }

        [Fact]
        public void XMathCompilesBecauseTheContextEnablesAlgorithms()
        {
            var ptx = KernelCompilation.ToPtx(Kernel(nameof(TestKernels.XMathTanh)));

            Assert.Matches(@"\.entry \w*XMathTanh", ptx);
        }

        [Fact]
        public void AnExplicitlyGroupedKernelCompilesAndIsRecognised()
        {
            var kernel = Kernel(nameof(TestKernels.GroupSum));
            Assert.Equal(KernelGrouping.Explicit, KernelCompilation.GroupingOf(kernel));
            Assert.Equal(KernelGrouping.Implicit, KernelCompilation.GroupingOf(Kernel(nameof(TestKernels.Saxpy))));

            var ptx = KernelCompilation.ToPtx(kernel, CudaArchitecture.SM_75, CudaInstructionSet.ISA_80);
            var explicitPtx = KernelCompilation.ToPtx(kernel, CudaArchitecture.SM_75, CudaInstructionSet.ISA_80, KernelGrouping.Explicit);

            Assert.Matches(@"\.entry \w*GroupSum", ptx);
            Assert.Contains(".shared", ptx);
            Assert.Contains("bar.sync", ptx);
            Assert.Matches(@"\.entry \w*GroupSum", explicitPtx);
        }

        [Fact]
        public void SaxpyCompilesToOpenCL()
        {
            var source = KernelCompilation.ToOpenCL(Kernel(nameof(TestKernels.Saxpy)));

            Assert.Matches(@"(__)?kernel void \w*Saxpy", source);
            Assert.Contains("get_global_id", source);
        }

        [Fact]
        public void SystemMathAndAtomicsCompileToOpenCL()
        {
            var source = KernelCompilation.ToOpenCL(Kernel(nameof(TestKernels.MathAndAtomics)));

            Assert.Matches(@"(__)?kernel void \w*MathAndAtomics", source);
            Assert.Contains("sqrt", source);
            Assert.Contains("atomic", source);
        }

        [Fact]
        public void AnExplicitlyGroupedKernelCompilesToOpenCL()
        {
            var source = KernelCompilation.ToOpenCL(Kernel(nameof(TestKernels.GroupSum)), KernelGrouping.Explicit);

            Assert.Matches(@"(__)?kernel void \w*GroupSum", source);
            Assert.Contains("barrier", source);
        }

        [Fact]
        public void AKernelOutsideIlgpusSubsetFailsToCompile()
        {
            var kernel = Kernel(nameof(TestKernels.AllocatesAList));

            Assert.ThrowsAny<Exception>(() => KernelCompilation.ToPtx(kernel));
            Assert.ThrowsAny<Exception>(() => KernelCompilation.ToOpenCL(kernel));
        }

        [Fact]
        public void AnInstanceMethodIsRefused()
        {
            var method = typeof(object).GetMethod(nameof(ToString))!;

            var error = Assert.Throws<ArgumentException>(() => KernelCompilation.ToPtx(method));
            Assert.Equal("kernel", error.ParamName);
            Assert.Throws<ArgumentNullException>(() => KernelCompilation.ToOpenCL(null!));
        }
    }
}
