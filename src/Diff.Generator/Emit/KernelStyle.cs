using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Differentiate;
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

        /// <summary>
        /// A stencil's gather (launch A): the thread replays a neighbour's forward, writing nothing, and its reverse,
        /// adding into <see cref="GatherReplay.Accumulator"/> only what the neighbour adds into one view's adjoint at
        /// this thread's element. Null otherwise.
        /// </summary>
        public GatherReplay? Replay { get; init; }

        /// <summary>
        /// A stencil's local part (launch B): for each gathered view's adjoint, the one index at which the thread adds
        /// into it itself, plainly; the gather has added the neighbours' parts. Null otherwise.
        /// </summary>
        public IReadOnlyDictionary<string, string>? OwnIndexOfGathered { get; init; }

        /// <summary>How an increment prints: <see cref="IncrementPrint.Skip"/>, into the gather's accumulator, atomically, or plainly.</summary>
        public IncrementPrint Classify(AdjointRef target)
        {
            if (Replay is { } replay)
            {
                if (target.Index is null)
                {
                    // A local's adjoint carries the neighbour's chain; a scalar parameter's is the local part's.
                    return _scalarAdjoints.Contains(target.Name) ? IncrementPrint.Skip : IncrementPrint.Plain;
                }

                return target.Name == replay.ViewAdjoint && ValuePrinter.Print(target.Index) == replay.Index ? IncrementPrint.Accumulate : IncrementPrint.Skip;
            }

            if (OwnIndexOfGathered is not null && target.Index is not null && OwnIndexOfGathered.TryGetValue(target.Name, out string? own))
            {
                return ValuePrinter.Print(target.Index) == own ? IncrementPrint.Plain : IncrementPrint.Skip;
            }

            return NeedsAtomic(target) ? IncrementPrint.Atomic : IncrementPrint.Plain;
        }

        /// <summary>The kernel's group-shared arrays, with their adjoints' copies (see <see cref="SharedArrayPlan"/>).</summary>
        public EquatableArray<SharedArrayPlan> SharedArrays { get; init; } = EquatableArray<SharedArrayPlan>.Empty;

        /// <summary>The shared array <paramref name="name"/> names, or whose length <paramref name="length"/> is (a tangent's); null for a local array.</summary>
        public SharedArrayPlan? SharedArrayOf(string name, Value? length = null) =>
            SharedArrays.FirstOrDefault(a => a.Array == name || (length is LengthValue { Buffer: var buffer } && a.Array == buffer));

        /// <summary>The shared array whose adjoint is <paramref name="adjoint"/>, or null.</summary>
        public SharedArrayPlan? SharedAdjointOf(string adjoint) => SharedArrays.FirstOrDefault(a => a.Adjoint.Length > 0 && a.Adjoint == adjoint);

        /// <summary>The adjoint as C#: a scalar parameter's adjoint is element 0 of its view; a shared array's is its copy for that index.</summary>
        public string Element(AdjointRef target)
        {
            if (target.Index is null)
            {
                return _scalarAdjoints.Contains(target.Name) ? target.Name + "[0]" : target.Name;
            }

            string index = ValuePrinter.Print(target.Index);
            string name = SharedAdjointOf(target.Name)?.Copies.FirstOrDefault(c => c.Index == index)?.Name ?? target.Name;
            return $"{name}[{index}]";
        }
    }

    /// <summary>How a kernel prints one adjoint increment.</summary>
    internal enum IncrementPrint
    {
        Plain,
        Atomic,
        Skip,
        Accumulate,
    }

    /// <summary>The neighbour replay of a stencil's gather: which view's adjoint, at which index (as the neighbour names it), into which local.</summary>
    internal sealed record GatherReplay(string ViewAdjoint, string Index, string Accumulator);
}
