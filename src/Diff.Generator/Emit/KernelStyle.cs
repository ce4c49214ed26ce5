using System.Collections.Generic;
using Diff.Generator.Model;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// How a kernel's adjoint prints its increments. A scalar parameter's adjoint is a view of length 1
    /// (element 0), which every thread adds into. A view's adjoint is shared when some thread may add
    /// into an element that another thread also adds into (<see cref="Differentiate.KernelTransform"/>
    /// decides); every increment of a shared adjoint is an <c>Atomic.Add</c>, unless
    /// <see cref="Atomics"/> is off (the host twin runs its threads one by one), and the increments of
    /// the others are plain <c>+=</c>.
    /// </summary>
    internal sealed class KernelStyle
    {
        private readonly HashSet<string> _scalarAdjoints;
        private readonly HashSet<string> _sharedViewAdjoints;

        public KernelStyle(bool atomics, bool skipsRecords, IEnumerable<string> scalarAdjoints, IEnumerable<string> sharedViewAdjoints)
        {
            Atomics = atomics;
            SkipsRecords = skipsRecords;
            _scalarAdjoints = new HashSet<string>(scalarAdjoints, System.StringComparer.Ordinal);
            _sharedViewAdjoints = new HashSet<string>(sharedViewAdjoints, System.StringComparer.Ordinal);
        }

        /// <summary>Whether increments other threads may share are atomic (the GPU kernel) or plain (the sequential host twin).</summary>
        public bool Atomics { get; }

        /// <summary>Whether only the forward sweep is printed, without what it records (the forward host twin).</summary>
        public bool SkipsRecords { get; }

        /// <summary>Whether an increment of <paramref name="target"/> may meet another thread's.</summary>
        public bool NeedsAtomic(AdjointRef target) => Atomics && IsShared(target);

        /// <summary>Whether <paramref name="target"/> is an adjoint that other threads may also add into.</summary>
        public bool IsShared(AdjointRef target) => target.Index is null ? _scalarAdjoints.Contains(target.Name) : _sharedViewAdjoints.Contains(target.Name);

        /// <summary>The adjoint as C#: a scalar parameter's adjoint is element 0 of its view.</summary>
        public string Element(AdjointRef target) => target.Index is not null
            ? $"{target.Name}[{ValuePrinter.Print(target.Index)}]"
            : _scalarAdjoints.Contains(target.Name) ? target.Name + "[0]" : target.Name;
    }
}
