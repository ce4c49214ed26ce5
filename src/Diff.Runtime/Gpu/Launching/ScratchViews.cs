using System;
using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;

namespace Diff.Gpu
{
    /// <summary>
    /// Zeroed device buffers that stand in for the adjoints a caller of a generated launcher's
    /// <c>Backward</c> does not want (passes null for): the adjoint kernel writes every adjoint view it
    /// takes, so each needs real memory. Disposing waits for the accelerator's work to finish, then frees
    /// the buffers; nothing is allocated, and nothing waited for, when every adjoint was given.
    /// </summary>
    public sealed class ScratchViews : IDisposable
    {
        private readonly Accelerator accelerator;
        private readonly List<MemoryBuffer> buffers = new();

        /// <summary>Scratch buffers on <paramref name="accelerator"/>.</summary>
        /// <param name="accelerator">The accelerator the kernel runs on.</param>
        public ScratchViews(Accelerator accelerator)
        {
            ArgumentNullException.ThrowIfNull(accelerator);
            this.accelerator = accelerator;
        }

        /// <summary>A zeroed view of <paramref name="length"/> elements, freed with this object.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="length">The number of elements.</param>
        /// <returns>The view.</returns>
        public ArrayView<T> Zeroed<T>(long length)
            where T : unmanaged
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            MemoryBuffer1D<T, Stride1D.Dense> buffer = accelerator.Allocate1D<T>(Math.Max(1, length));
            buffers.Add(buffer);
            buffer.MemSetToZero();
            return buffer.View.SubView(0, length);
        }

        /// <summary>Waits for the accelerator, then frees the buffers.</summary>
        public void Dispose()
        {
            if (buffers.Count == 0)
            {
                return;
            }

            accelerator.Synchronize();
            foreach (MemoryBuffer buffer in buffers)
            {
                buffer.Dispose();
            }

            buffers.Clear();
        }
    }
}
