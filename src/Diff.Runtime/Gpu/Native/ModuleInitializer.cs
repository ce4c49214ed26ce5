using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Diff.Gpu
{
    /// <summary>Runs when this assembly's code is first used.</summary>
    internal static class ModuleInitializer
    {
        /// <summary>
        /// Registers <see cref="NativeLibraryResolver"/> before any ILGPU driver import can bind, so that
        /// a program that reaches ILGPU through this library finds its devices. Registering is cheap: it
        /// creates no context and loads no driver.
        /// </summary>
        [ModuleInitializer]
        [SuppressMessage(
            "Usage",
            "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
            Justification = "The resolver must be in place before the first P/Invoke into ILGPU's driver imports, whichever entry point of this library runs first.")]
        internal static void Initialize() => NativeLibraryResolver.Register();
    }
}
