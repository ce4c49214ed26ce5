using System;
using System.Runtime.InteropServices;

namespace Diff
{
    /// <summary>
    /// Each thread's packing buffers for large products, in native memory aligned to 2 MiB and, on Linux, advised into
    /// transparent huge pages (<c>madvise(MADV_HUGEPAGE)</c>), so that the packed panels the kernel streams through take
    /// a few TLB entries instead of one per 4 KiB page.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A product of 2048 has a packed B panel of 5.5 MiB: 1,400 pages of 4 KiB, read sliver by sliver for every block of
    /// A, far beyond the 64-entry first-level TLB. On a 2-core Zen 3, long runs of back-to-back products of 2048 on two
    /// threads ran 0.6–1 % faster with both buffers in huge pages (the median per-round ratio, faster in 36 of 50 and
    /// 33 of 41 alternations); one thread, and products of 1024, gained nothing measurable. No registry library
    /// allocates huge pages for .NET, so this is written here.
    /// </para>
    /// <para>
    /// The buffers live as long as their thread and grow to the largest product it computes; only products whose packed
    /// B panel reaches <see cref="MinimumPanelBytes"/> use them, so small products keep renting from the shared array
    /// pool. Where the kernel gives no huge pages (another system, or transparent huge pages disabled) the buffers are
    /// plain aligned native memory and cost nothing more. The memory goes back when the thread ends (a finalizer).
    /// </para>
    /// </remarks>
    internal static unsafe class HugePagePackingBuffers
    {
        /// <summary>The size and alignment of a huge page on x64 and most arm64 Linux systems.</summary>
        public const int HugePageBytes = 2 * 1024 * 1024;

        /// <summary>The smallest packed B panel worth a thread's huge pages: one huge page.</summary>
        public const long MinimumPanelBytes = HugePageBytes;

        // madvise's advice asking the kernel to back the range with transparent huge pages.
        private const int AdviseHugePage = 14;

        private static readonly delegate* unmanaged<void*, nuint, int, int> s_madvise = FindMadvise();

        [ThreadStatic]
        private static ThreadBuffers? t_buffers;

        /// <summary>
        /// This thread's buffers, at least <paramref name="aBytes"/> and <paramref name="bBytes"/> long and each starting
        /// on a huge page; false (and nothing taken) while they are in use on this thread already.
        /// Every successful call must be followed by <see cref="Release"/>.
        /// </summary>
        public static bool TryTake(long aBytes, long bBytes, out float* a, out float* b)
        {
            ThreadBuffers buffers = t_buffers ??= new ThreadBuffers();
            if (buffers.InUse)
            {
                a = null;
                b = null;
                return false;
            }

            buffers.Reserve(RoundUp(aBytes), RoundUp(bBytes));
            buffers.InUse = true;
            a = (float*)buffers.Memory;
            b = (float*)(buffers.Memory + buffers.ABytes);
            return true;
        }

        /// <summary>Hands this thread's buffers back after <see cref="TryTake"/>.</summary>
        public static void Release() => t_buffers!.InUse = false;

        private static nuint RoundUp(long bytes) => (nuint)((bytes + HugePageBytes - 1) / HugePageBytes * HugePageBytes);

        private static delegate* unmanaged<void*, nuint, int, int> FindMadvise()
        {
            if (OperatingSystem.IsLinux()
                && NativeLibrary.TryLoad("libc.so.6", out IntPtr libc)
                && NativeLibrary.TryGetExport(libc, "madvise", out IntPtr madvise))
            {
                return (delegate* unmanaged<void*, nuint, int, int>)madvise;
            }

            return null;
        }

        private sealed class ThreadBuffers
        {
            public byte* Memory;
            public nuint ABytes;
            public nuint BBytes;
            public bool InUse;

            ~ThreadBuffers()
            {
                NativeMemory.AlignedFree(Memory);
            }

            public void Reserve(nuint aBytes, nuint bBytes)
            {
                if (aBytes <= ABytes && bBytes <= BBytes)
                {
                    return;
                }

                aBytes = Math.Max(aBytes, ABytes);
                bBytes = Math.Max(bBytes, BBytes);
                byte* memory = (byte*)NativeMemory.AlignedAlloc(aBytes + bBytes, HugePageBytes);
                if (s_madvise != null)
                {
                    // Advice only: where the kernel declines, the memory stays in ordinary pages.
                    _ = s_madvise(memory, aBytes + bBytes, AdviseHugePage);
                }

                NativeMemory.AlignedFree(Memory);
                Memory = memory;
                ABytes = aBytes;
                BBytes = bBytes;
            }
        }
    }
}
