namespace Diff.Gpu
{
    /// <summary>How a kernel's threads are grouped, which decides its entry point.</summary>
    public enum KernelGrouping
    {
        /// <summary>
        /// Implicitly grouped: the first parameter is the thread index (<c>Index1D</c>, <c>Index2D</c>,
        /// <c>Index3D</c> or a <c>LongIndex</c>) and ILGPU chooses the group size; what
        /// <c>LoadAutoGroupedStreamKernel</c> loads.
        /// </summary>
        Implicit,

        /// <summary>
        /// Explicitly grouped: the launch passes a <c>KernelConfig</c> and the kernel reads <c>Grid</c> and
        /// <c>Group</c>, for shared memory and barriers; what <c>LoadStreamKernel</c> loads.
        /// </summary>
        Explicit,
    }
}
