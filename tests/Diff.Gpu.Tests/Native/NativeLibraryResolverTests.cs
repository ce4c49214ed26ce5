using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Diff.Gpu.Tests.Native
{
    public sealed class NativeLibraryResolverTests
    {
        [Fact]
        public void CudaMapsToTheDriversVersionedLibraryFirst() =>
            Assert.Equal(new[] { "libcuda.so.1", "libcuda.so" }, NativeLibraryResolver.CandidatesFor("cuda"));

        [Fact]
        public void OpenCLMapsToTheIcdLoadersVersionedLibraryFirst() =>
            Assert.Equal(new[] { "libOpenCL.so.1", "libOpenCL.so" }, NativeLibraryResolver.CandidatesFor("OpenCL"));

        [Theory]
        [InlineData("nvcuda")]
        [InlineData("opencl")]
        [InlineData("CUDA")]
        [InlineData("libcuda.so.1")]
        [InlineData("c")]
        [InlineData("")]
        public void OtherNamesAreLeftToTheDefaultProbing(string name) =>
            Assert.Empty(NativeLibraryResolver.CandidatesFor(name));

        /// <summary>
        /// The names ILGPU imports, read from its assembly: an ILGPU upgrade that renames or adds a driver
        /// library fails here rather than silently listing no device on Linux.
        /// </summary>
        [Fact]
        public void EveryNameIlgpuImportsIsMappedOrWindowsOnly()
        {
            var imported = typeof(ILGPU.Context).Assembly.GetTypes()
                .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                .Select(method => method.GetCustomAttribute<DllImportAttribute>()?.Value)
                .OfType<string>()
                .Distinct()
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToArray();

            Assert.Equal(new[] { "OpenCL", "cuda", "nvcuda", "opencl" }, imported);
            Assert.NotEmpty(NativeLibraryResolver.CandidatesFor("cuda"));
            Assert.NotEmpty(NativeLibraryResolver.CandidatesFor("OpenCL"));
        }

        [Fact]
        public void RegisteringIsIdempotentAndTheResolverIsInPlace()
        {
            NativeLibraryResolver.Register();
            NativeLibraryResolver.Register();

            // The runtime allows one resolver per assembly: a second one is refused because ours is set.
            Assert.Throws<InvalidOperationException>(() =>
                NativeLibrary.SetDllImportResolver(typeof(ILGPU.Context).Assembly, (_, _, _) => IntPtr.Zero));
        }
    }
}
