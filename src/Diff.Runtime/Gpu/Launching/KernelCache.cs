using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ILGPU.Runtime;

namespace Diff.Gpu
{
    /// <summary>
    /// One loaded kernel per accelerator: a generated launcher holds one cache per kernel, so the kernel
    /// compiles on its first launch on an accelerator, and never again there.
    /// </summary>
    /// <typeparam name="TKernel">The launch delegate ILGPU's <c>Load…Kernel</c> methods return.</typeparam>
    /// <remarks>
    /// Entries live as long as their accelerator (a <see cref="ConditionalWeakTable{TKey, TValue}"/>), so
    /// the cache keeps no accelerator alive. Loading is serialised per cache: concurrent first launches
    /// wait for one compilation rather than each running their own. A load that throws caches nothing, so
    /// the next launch tries again.
    /// </remarks>
    // The annotation is ConditionalWeakTable's requirement on its values, for trimmed publishes; a delegate
    // has no parameterless constructor, and the table never calls one (the values come from GetOrLoad).
    public sealed class KernelCache<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TKernel>
        where TKernel : Delegate
    {
        private readonly ConditionalWeakTable<Accelerator, TKernel> kernels = new();
        private readonly object gate = new();

        /// <summary>The kernel loaded on <paramref name="accelerator"/>, loading it with <paramref name="load"/> the first time.</summary>
        /// <param name="accelerator">The accelerator to launch on.</param>
        /// <param name="load">Loads the kernel, for example <c>a =&gt; a.LoadAutoGroupedStreamKernel&lt;…&gt;(Kernel)</c>; called at most once per accelerator.</param>
        /// <returns>The loaded kernel.</returns>
        /// <exception cref="ObjectDisposedException">The accelerator has been disposed.</exception>
        /// <exception cref="InvalidOperationException"><paramref name="load"/> returned null.</exception>
        public TKernel GetOrLoad(Accelerator accelerator, Func<Accelerator, TKernel> load)
        {
            ArgumentNullException.ThrowIfNull(accelerator);
            ArgumentNullException.ThrowIfNull(load);
            ObjectDisposedException.ThrowIf(accelerator.IsDisposed, accelerator);

            if (kernels.TryGetValue(accelerator, out var kernel))
            {
                return kernel;
            }

            // ConditionalWeakTable.GetValue may run its factory more than once when threads race, and a
            // load is a compilation: take the lock instead.
            lock (gate)
            {
                if (kernels.TryGetValue(accelerator, out kernel))
                {
                    return kernel;
                }

                kernel = load(accelerator)
                    ?? throw new InvalidOperationException("The kernel load delegate returned null.");
                kernels.Add(accelerator, kernel);
                return kernel;
            }
        }
    }
}
