namespace Diff.Gpu
{
    /// <summary>Which kind of device <see cref="GpuContext.Create"/> runs kernels on.</summary>
    public enum GpuPreference
    {
        /// <summary>
        /// The fastest device there is: a CUDA GPU, else an OpenCL GPU that ILGPU can use, else ILGPU's
        /// CPU accelerator. Never fails.
        /// </summary>
        Best,

        /// <summary>A CUDA GPU; <see cref="GpuContext.Create"/> throws when there is none.</summary>
        Cuda,

        /// <summary>
        /// An OpenCL device that ILGPU can use (OpenCL C 2.0 with the generic address space), GPUs
        /// first; <see cref="GpuContext.Create"/> throws when there is none.
        /// </summary>
        OpenCL,

        /// <summary>
        /// ILGPU's CPU accelerator: an emulator of the GPU programming model, for tests and debugging,
        /// about a thousand times slower than a plain loop. Does not probe for GPU drivers.
        /// </summary>
        Cpu,
    }
}
