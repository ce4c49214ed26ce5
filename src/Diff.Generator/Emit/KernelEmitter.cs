using System.Collections.Generic;
using System.Linq;
using System.Text;
using Diff.Generator.Analyse;
using Diff.Generator.Differentiate;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// Kernel mode's backend. For a [Kernel] method <c>K</c> it writes, into the same partial type:
    /// <list type="bullet">
    /// <item><c>KAdjoint</c>, the adjoint kernel, in ILGPU's kernel subset: the primal arguments, then an
    /// adjoint view per differentiable view and per differentiable scalar (length 1);</item>
    /// <item><c>KHost</c> and <c>KHostAdjoint</c>, the host twins over arrays: the forward runs its threads with
    /// <c>Parallel.For</c>; the adjoint runs them one after another, a deterministic CPU reference;</item>
    /// <item><c>KLauncher</c>, when the compilation references the runtime's launch helpers (<c>Diff.Gpu.LaunchChecks</c>): loads both kernels once
    /// per accelerator, checks every view's length, and launches.</item>
    /// </list>
    /// </summary>
    internal static class KernelEmitter
    {
        private const string View = "global::ILGPU.ArrayView";

        /// <param name="registrations">The compilation's [DerivativeOf] registrations: an explicitly grouped kernel's backward is one.</param>
        public static GeneratedSource Emit(AnalysedMethod analysed, bool withLauncher, EquatableArray<DerivativeRegistration> registrations)
        {
            MethodModel method = analysed.Method;
            KernelIndex index = method.Kernel!;
            // An explicitly grouped kernel with a registered backward: the registration stands in for the adjoint.
            if (index.Type == KernelIndex.Explicit || (index.Type == KernelIndex.Grid && registrations.Any(r => r.TargetKey == method.RegistrationKey)))
            {
                return EmitExplicit(method, withLauncher, registrations);
            }

            KernelAdjoint adjoint = KernelTransform.Write(analysed);
            if (adjoint.Refusals.Count > 0)
            {
                // DifferentiableAnalyzer reports why; nothing is written.
                return new GeneratedSource(method.HintName + ".g.cs", string.Empty);
            }

            var output = new StringBuilder();
            int indent = SourceFrame.Open(output, method.Name, method.Namespace, method.Usings, method.NamespaceUsings, method.ContainingTypes);
            ParamModel[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
            string primalParameters = string.Join(", ", method.Parameters.Select(p => p.TypeCode + " " + p.Name));
            string adjointParameters = string.Join(", ", differentiable.Select(p => $"{View}<{SymbolFacts.Keyword(p.Element)}> {SymbolFacts.AdjointName(p.Name)}"));
            string allParameters = primalParameters + (differentiable.Length > 0 ? ", " + adjointParameters : string.Empty);

            // The adjoint kernel.
            OpenMethod(output, indent, $"{method.Accessibility} static void {method.Name}Adjoint({allParameters})", false,
                $"The adjoint kernel of <c>{method.Name}</c>: each thread replays its forward (so the written views end as",
                $"<c>{method.Name}</c> leaves them) and then its reverse sweep. On entry, a written view's adjoint holds the gradient of",
                "its final value; on exit, that of its initial value. The adjoints of the other views and of the scalars (views of",
                "length 1) accumulate: zero them first." + (adjoint.AtomicTargets.Count > 0
                    ? $" Adds into {string.Join(", ", adjoint.AtomicTargets.Select(t => "<c>" + t + "</c>"))} with <c>Atomic.Add</c>: float sums there depend on the order the threads run in."
                    : " Every increment is the thread's own: no atomics, and the result is deterministic.")
                + (adjoint.SharedArrays.Any(a => a.Copies.Count > 0)
                    ? " The shared arrays' adjoints are in shared memory, a copy per offset their readers add at: no two threads of a group add into one element."
                    : string.Empty));
            if (index.Type == KernelIndex.Grid && adjoint.ScalarAdjoints.Count > 0)
            {
                // Launched in the user's groups already: each group sums its scalars' gradients before one atomic.
                ScalarAdjointPrinter.PrintGroupedKernel(adjoint.Method, adjoint.Style(atomics: true, skipsRecords: false), prologue: null, guard: null).Write(output, indent + 1);
                HashSet<string> taken = AdjointKernelParts(method, differentiable).Taken;
                WriteGroupReduction(output, indent + 1, adjoint, taken, Fresh("__lane", taken));
            }
            else
            {
                ScalarAdjointPrinter.PrintKernel(adjoint.Method, adjoint.Style(atomics: true, skipsRecords: false), forwardOnly: false).Write(output, indent + 1);
            }

            Line(output, indent, "}");

            if (withLauncher && HasGroupedAdjoint(method, adjoint))
            {
                WriteGroupedAdjoint(output, indent, method, index, adjoint, differentiable);
            }

            if (adjoint.Gathers.Count > 0)
            {
                WriteGatherAdjoint(output, indent, method, index, adjoint, differentiable);
            }

            IReadOnlyDictionary<string, string>? tangents = WriteTangentKernel(output, indent, analysed, adjoint, differentiable);
            if (index.Type == KernelIndex.Grid)
            {
                // Grid.GlobalIndex exists only inside a launch: no host twins. The launcher takes the configuration.
                if (withLauncher)
                {
                    KernelLauncherEmitter.WriteExplicit(output, indent, method, differentiable, registeredBackward: null, tangents);
                }

                SourceFrame.Close(output, method.ContainingTypes);
                return new GeneratedSource(method.HintName + ".g.cs", output.ToString());
            }

            WriteHostTwins(output, indent, method, index, adjoint, differentiable);
            if (withLauncher)
            {
                KernelLauncherEmitter.Write(output, indent, method, index, differentiable, HasGroupedAdjoint(method, adjoint), tangents, adjoint.Gathers.Select(g => g.ViewAdjoint).ToList(), adjoint.GatherStride);
            }

            SourceFrame.Close(output, method.ContainingTypes);
            return new GeneratedSource(method.HintName + ".g.cs", output.ToString());
        }

        /// <summary>
        /// An explicitly grouped kernel: its body is ILGPU's as written, and its registered backward (a host method
        /// that launches what it needs) stands in for the adjoint. Only the launcher is written, and only with the
        /// runtime's launch helpers; without a registration nothing is (the analyzer reports DIFF016).
        /// </summary>
        private static GeneratedSource EmitExplicit(MethodModel method, bool withLauncher, EquatableArray<DerivativeRegistration> registrations)
        {
            DerivativeRegistration? backward = registrations.FirstOrDefault(r => r.TargetKey == method.RegistrationKey);
            if (backward is null || !withLauncher || method.Parameters.Count == 0)
            {
                return new GeneratedSource(method.HintName + ".g.cs", string.Empty);
            }

            var output = new StringBuilder();
            int indent = SourceFrame.Open(output, method.Name, method.Namespace, method.Usings, method.NamespaceUsings, method.ContainingTypes);
            KernelLauncherEmitter.WriteExplicit(output, indent, method, method.Parameters.Where(p => p.Differentiable).ToArray(), backward.AdjointMethod, tangents: null);
            SourceFrame.Close(output, method.ContainingTypes);
            return new GeneratedSource(method.HintName + ".g.cs", output.ToString());
        }

        /// <summary>
        /// <c>KTangent</c>, forward mode as a kernel: the primal arguments, then a tangent per differentiable
        /// parameter (a view for a view, a value for a scalar). Each thread runs its forward with the tangents
        /// beside it; a written view's tangent holds, on entry, the tangent of its initial value and, on exit,
        /// that of its final value. A tangent is written exactly where its value is, so a race-free kernel has
        /// a race-free tangent, and an <c>Atomic.Add</c> adds its tangent atomically. Returns the tangents'
        /// names, or null when forward mode does not reach the kernel.
        /// </summary>
        private static IReadOnlyDictionary<string, string>? WriteTangentKernel(StringBuilder output, int indent, AnalysedMethod analysed, KernelAdjoint adjoint, ParamModel[] differentiable)
        {
            MethodModel method = analysed.Method;
            if (differentiable.Length == 0)
            {
                return null;
            }

            var taken = new HashSet<string>(method.Parameters.Select(p => p.Name.TrimStart('@')).Concat(method.Identifiers), System.StringComparer.Ordinal);
            Dictionary<string, string> tangents = TangentWriter.ParameterTangentNames(differentiable, taken);

            (ScalarTangentMethod? tangent, string? failure) = TangentWriter.Write(analysed, Fresh("tResult", taken), tangents);
            if (tangent is null || failure is not null || tangent.Body.Any(s => s is DeclareStmt { Initializer: var init } && init.StartsWith("new ", System.StringComparison.Ordinal)))
            {
                // A [NoDiff] view that the kernel varies would need a tangent buffer allocated in the kernel.
                return null;
            }

            string parameters = string.Join(", ", method.Parameters.Select(p => p.TypeCode + " " + p.Name)
                .Concat(differentiable.Select(p => (p.Shape == ParamShape.Scalar ? SymbolFacts.Keyword(p.Element) : $"{View}<{SymbolFacts.Keyword(p.Element)}>") + " " + tangents[p.Name])));
            OpenMethod(output, indent, $"{method.Accessibility} static void {method.Name}Tangent({parameters})", true,
                $"Forward mode as a kernel: runs <c>{method.Name}</c> and carries a tangent of each differentiable input through it. A written",
                "view's tangent holds, on entry, the tangent of its initial value and, on exit, that of its final value.");
            ScalarAdjointPrinter.PrintKernel(tangent, adjoint.Style(atomics: true, skipsRecords: false)).Write(output, indent + 1);
            Line(output, indent, "}");
            return tangents;
        }

        /// <summary>The largest group the grouped adjoint kernel reduces over: its shared memory holds one value per thread.</summary>
        internal const int MaxReductionGroup = 1024;

        /// <summary>Whether the kernel gets <c>KAdjointGrouped</c>: a kernel with a thread index and a scalar parameter to differentiate.</summary>
        internal static bool HasGroupedAdjoint(MethodModel method, KernelAdjoint adjoint) => method.Kernel is { Type: "Index1D" or "Index2D" or "Index3D" } && adjoint.ScalarAdjoints.Count > 0;

        /// <summary>
        /// <c>KAdjointGrouped</c>: the adjoint kernel, explicitly grouped over the flat thread numbers, for a kernel with scalar parameters.
        /// Every thread of a group adds its part of a scalar's gradient into shared memory; a tree reduction
        /// then sums the group's parts, and the group's first thread adds the sum with one <c>Atomic.Add</c>,
        /// instead of one atomic per thread on the same address. The launcher's <c>Backward</c> runs it.
        /// </summary>
        private static void WriteGroupedAdjoint(StringBuilder output, int indent, MethodModel method, KernelIndex index, KernelAdjoint adjoint, ParamModel[] differentiable)
        {
            (HashSet<string> taken, string dataParameters, string adjointParameters) = AdjointKernelParts(method, differentiable);
            string extent = Fresh("extent", taken);
            string global = Fresh("__global", taken);
            string lane = Fresh("__lane", taken);

            // In 2-D and 3-D the group runs over the flat thread numbers, X fastest, as ILGPU numbers them. The first
            // parameter stays an int, the number of threads: a first parameter of an index type would mark the kernel
            // as implicitly grouped, which cannot have shared memory.
            string size = index.Type == "Index1D" ? extent : Fresh("size", taken);
            string extentParameters = index.Type == "Index1D" ? "int " + extent : $"int {size}, global::ILGPU.{index.Type} {extent}";
            string thread = index.Type switch
            {
                "Index2D" => $"new global::ILGPU.Index2D({global} % {extent}.X, {global} / {extent}.X)",
                "Index3D" => $"new global::ILGPU.Index3D({global} % {extent}.X, {global} / {extent}.X % {extent}.Y, {global} / ({extent}.X * {extent}.Y))",
                _ => global,
            };
            OpenMethod(output, indent, $"{method.Accessibility} static void {method.Name}AdjointGrouped({extentParameters}{dataParameters}{adjointParameters})", true,
                $"<c>{method.Name}Adjoint</c> as an explicitly grouped kernel over <paramref name=\"{extent}\"/> threads (launch it with groups of at",
                $"most {MaxReductionGroup} threads): each group sums its threads' parts of the scalars' gradients in shared memory and adds",
                "the sum with one <c>Atomic.Add</c>, instead of one atomic per thread.");
            Line(output, indent + 1, $"int {global} = global::ILGPU.Grid.GlobalIndex.X;");
            ScalarAdjointPrinter.PrintGroupedKernel(
                adjoint.Method,
                adjoint.Style(atomics: true, skipsRecords: false),
                $"global::ILGPU.{index.Type} {index.Name} = {thread};",
                $"{global} < {size}").Write(output, indent + 1);

            WriteGroupReduction(output, indent + 1, adjoint, taken, lane);
            Line(output, indent, "}");
        }

        /// <summary>
        /// The end of a grouped adjoint kernel: each scalar's gradient, summed over the group in shared memory by a tree
        /// that halves the group (rounding up, so any group size up to <see cref="MaxReductionGroup"/> works), then added
        /// by the group's first thread with one <c>Atomic.Add</c>. Every thread of the group must reach it. Statements of
        /// the epilogue that are not a scalar's increment are printed as they are.
        /// </summary>
        private static void WriteGroupReduction(StringBuilder output, int indent, KernelAdjoint adjoint, HashSet<string> taken, string lane)
        {
            string width = Fresh("__width", taken);
            Line(output, indent, $"int {lane} = global::ILGPU.Group.LinearIndex;");

            // One buffer per element type, reused scalar after scalar: CUDA launches no kernel with more than 48 KiB of
            // static shared memory, and a buffer per scalar made seven double scalars 56 KiB. Reuse needs no barrier of
            // its own: after a reduction's last barrier only the first thread reads (element 0), and it writes the next
            // scalar's part into element 0 itself, after that read.
            var buffers = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (SweepStmt step in adjoint.Method.Reverse.Epilogue)
            {
                if (step is not IncrementStmt { Term: NameTerm part } increment || !adjoint.ScalarAdjoints.Contains(increment.Target.Name))
                {
                    ScalarAdjointPrinter.PrintSteps(new[] { step }.ToEquatableArray(), adjoint.Style(atomics: true, skipsRecords: false)).Write(output, indent);
                    continue;
                }

                string keyword = SymbolFacts.Keyword(part.Kind);
                if (!buffers.TryGetValue(keyword, out string? shared))
                {
                    shared = Fresh("__shared_" + keyword, taken);
                    buffers.Add(keyword, shared);
                    Line(output, indent, $"var {shared} = global::ILGPU.SharedMemory.Allocate<{keyword}>({MaxReductionGroup});");
                }

                Line(output, indent, $"{shared}[{lane}] = {part.Name};");
                Line(output, indent, "global::ILGPU.Group.Barrier();");
                Line(output, indent, $"for (int {width} = global::ILGPU.Group.Dimension.Size; {width} > 1; {width} = ({width} + 1) / 2)");
                Line(output, indent, "{");
                Line(output, indent + 1, $"if ({lane} < {width} / 2) {shared}[{lane}] += {shared}[{lane} + ({width} + 1) / 2];");
                Line(output, indent + 1, "global::ILGPU.Group.Barrier();");
                Line(output, indent, "}");
                Line(output, indent, $"if ({lane} == 0) global::ILGPU.Atomic.Add(ref {increment.Target.Name}[0], {(increment.Cast is { } cast ? $"({SymbolFacts.Keyword(cast)}){shared}[0]" : shared + "[0]")});");
            }
        }

        /// <summary>
        /// A 1-D stencil's adjoint without atomics, in two launches. <c>KAdjointGather</c>: each thread j replays the
        /// reverse sweep of each neighbour j − c (writing nothing) and adds, into its own element of each gathered
        /// view's adjoint, what the neighbour adds there. <c>KAdjointLocal</c>: the adjoint kernel with the neighbours'
        /// parts left out. No two threads add into one element, so the sums do not depend on the threads' order.
        /// </summary>
        private static void WriteGatherAdjoint(StringBuilder output, int indent, MethodModel method, KernelIndex index, KernelAdjoint adjoint, ParamModel[] differentiable)
        {
            (HashSet<string> taken, string dataParameters, string adjointParameters) = AdjointKernelParts(method, differentiable);
            string target = Fresh("target", taken);
            string extent = Fresh("extent", taken);
            string source = Fresh("__source", taken);

            string? stride = adjoint.GatherStride;
            string extentType = stride is null ? "int" : "global::ILGPU.Index2D";
            OpenMethod(output, indent, $"{method.Accessibility} static void {method.Name}AdjointGather(global::ILGPU.Index1D {target}, {extentType} {extent}{dataParameters}{adjointParameters})", true,
                $"The first launch of <c>{method.Name}</c>'s adjoint without atomics: thread <paramref name=\"{target}\"/> adds, into its own element of",
                $"{string.Join(", ", adjoint.Gathers.Select(g => "<c>" + g.ViewAdjoint + "</c>"))}, what the threads around it add there, replaying their reverse sweeps.",
                $"Then run <c>{method.Name}AdjointLocal</c>.");
            foreach (GatheredView gathered in adjoint.Gathers)
            {
                // Every element of the view is gathered, also those past the threads' extent that a thread near its
                // end adds into (x[i + 1] of the last thread): the launch covers the longest gathered view.
                ParamModel view = differentiable.First(p => SymbolFacts.AdjointName(p.Name) == gathered.ViewAdjoint);
                string accumulator = Fresh("__gather_" + gathered.ViewAdjoint, taken);
                Line(output, indent + 1, $"if ({target}.X < {gathered.ViewAdjoint}.Length)");
                Line(output, indent + 1, "{");
                Line(output, indent + 2, $"{SymbolFacts.Keyword(view.Element)} {accumulator} = 0;");
                foreach (GatherOffset offset in gathered.Offsets)
                {
                    // The neighbour whose own element plus the offset is this one.
                    Line(output, indent + 2, "{");
                    Line(output, indent + 3, $"long {source} = (long){target}.X - ({offset.Offset});");
                    if (stride is null)
                    {
                        Line(output, indent + 3, $"if ({source} >= 0 && {source} < {extent})");
                        Line(output, indent + 3, "{");
                        Line(output, indent + 4, $"global::ILGPU.Index1D {index.Name} = (int){source};");
                    }
                    else
                    {
                        // Its element is X + Y·stride, with X below the extent's width, which the launcher checks is at most the stride.
                        Line(output, indent + 3, $"if ({source} >= 0 && {source} % {stride} < {extent}.X && {source} / {stride} < {extent}.Y)");
                        Line(output, indent + 3, "{");
                        Line(output, indent + 4, $"global::ILGPU.Index2D {index.Name} = new global::ILGPU.Index2D((int)({source} % {stride}), (int)({source} / {stride}));");
                    }

                    KernelStyle replay = new(atomics: false, skipsRecords: false, adjoint.ScalarAdjoints, adjoint.SharedViewAdjoints)
                    {
                        Replay = new GatherReplay(gathered.ViewAdjoint, offset.Index, accumulator),
                    };
                    ScalarAdjointPrinter.PrintReplay(adjoint.Method, replay).Write(output, indent + 4);
                    Line(output, indent + 3, "}");
                    Line(output, indent + 2, "}");
                }

                Line(output, indent + 2, $"{gathered.ViewAdjoint}[{target}] += {accumulator};");
                Line(output, indent + 1, "}");
            }

            Line(output, indent, "}");

            OpenMethod(output, indent, $"{method.Accessibility} static void {method.Name}AdjointLocal(global::ILGPU.{index.Type} {index.Name}{dataParameters}{adjointParameters})", true,
                $"The second launch of <c>{method.Name}</c>'s adjoint without atomics, after <c>{method.Name}AdjointGather</c>: the adjoint kernel,",
                "each thread adding only its own part into the gathered adjoints.");
            KernelStyle local = new(atomics: true, skipsRecords: false, adjoint.ScalarAdjoints, adjoint.SharedViewAdjoints)
            {
                OwnIndexOfGathered = adjoint.Gathers.ToDictionary(g => g.ViewAdjoint, g => g.OwnIndex, System.StringComparer.Ordinal),
            };
            ScalarAdjointPrinter.PrintKernel(adjoint.Method, local, forwardOnly: false).Write(output, indent + 1);
            Line(output, indent, "}");
        }

        /// <summary>
        /// What an extra adjoint kernel's signature shares: the names in use (the method's, its adjoints'), the
        /// parameters after the thread index, and the adjoint views.
        /// </summary>
        private static (HashSet<string> Taken, string DataParameters, string AdjointParameters) AdjointKernelParts(MethodModel method, ParamModel[] differentiable) =>
            (new HashSet<string>(method.Identifiers.Concat(method.Parameters.Select(p => p.Name)).Concat(differentiable.Select(p => SymbolFacts.AdjointName(p.Name))), System.StringComparer.Ordinal),
             string.Concat(method.Parameters.Skip(1).Select(p => ", " + p.TypeCode + " " + p.Name)),
             string.Concat(differentiable.Select(p => $", {View}<{SymbolFacts.Keyword(p.Element)}> {SymbolFacts.AdjointName(p.Name)}")));

        private static string Fresh(string stem, HashSet<string> taken)
        {
            string name = stem;
            while (!taken.Add(name))
            {
                name = "_" + name;
            }

            return name;
        }

        /// <summary><c>KHost</c> and <c>KHostAdjoint</c>: the kernel's body over arrays, one call per thread index.</summary>
        private static void WriteHostTwins(StringBuilder output, int indent, MethodModel method, KernelIndex index, KernelAdjoint adjoint, ParamModel[] differentiable)
        {
            ParamModel[] data = method.Parameters.Skip(1).ToArray();
            string hostParameters = string.Join(", ", data.Select(p => HostType(p.TypeCode) + " " + p.Name));
            string hostAdjointParameters = string.Join(", ", differentiable.Select(p => $"{SymbolFacts.Keyword(p.Element)}[] {SymbolFacts.AdjointName(p.Name)}"));
            string indexType = "global::ILGPU." + index.Type;
            string arguments = string.Join(", ", data.Select(p => p.Name));
            string adjointArguments = string.Join(", ", differentiable.Select(p => SymbolFacts.AdjointName(p.Name)));
            string extent = Unique("extent", method);
            string thread = Unique("thread", method);

            OpenMethod(output, indent, $"{method.Accessibility} static void {method.Name}Host({indexType} {extent}{Prefixed(hostParameters)})", true,
                $"The host twin of <c>{method.Name}</c>: the same body over arrays, one call per index of <paramref name=\"{extent}\"/>,",
                "run in parallel over ranges of indices. The CPU path.");
            // Ranges, not single indices: one delegate call per range, and the thread's body inlines into its loop.
            string range = Unique("range", method);
            Line(output, indent + 1, $"global::System.Threading.Tasks.Parallel.ForEach(global::System.Collections.Concurrent.Partitioner.Create(0L, {extent}.LongSize), {range} =>");
            Line(output, indent + 1, "{");
            Line(output, indent + 2, $"for (long {thread} = {range}.Item1; {thread} < {range}.Item2; {thread}++)");
            Line(output, indent + 2, "{");
            Line(output, indent + 3, $"{method.Name}HostThread({IndexOf(index.Type, extent, thread)}{Prefixed(arguments)});");
            Line(output, indent + 2, "}");
            Line(output, indent + 1, "});");
            Line(output, indent, "}");

            output.Append('\n');
            Line(output, indent, $"private static void {method.Name}HostThread({indexType} {index.Name}{Prefixed(hostParameters)})");
            Line(output, indent, "{");
            ScalarAdjointPrinter.PrintKernel(adjoint.Method, adjoint.Style(atomics: false, skipsRecords: true), forwardOnly: true).Write(output, indent + 1);
            Line(output, indent, "}");

            if (differentiable.Length == 0)
            {
                return;
            }

            OpenMethod(output, indent, $"{method.Accessibility} static void {method.Name}HostAdjoint({indexType} {extent}{Prefixed(hostParameters)}, {hostAdjointParameters})", true,
                $"The host twin of <c>{method.Name}Adjoint</c>, over arrays: the threads run one after another, in index order, so",
                "that no increment needs an atomic and the sums are the same on every run. The CPU reference for the adjoint kernel.");
            Line(output, indent + 1, $"for (long {thread} = 0; {thread} < {extent}.LongSize; {thread}++)");
            Line(output, indent, "    {");
            Line(output, indent + 2, $"{method.Name}HostAdjointThread({IndexOf(index.Type, extent, thread)}{Prefixed(arguments)}, {adjointArguments});");
            Line(output, indent, "    }");
            Line(output, indent, "}");

            output.Append('\n');
            Line(output, indent, $"private static void {method.Name}HostAdjointThread({indexType} {index.Name}{Prefixed(hostParameters)}, {hostAdjointParameters})");
            Line(output, indent, "{");
            ScalarAdjointPrinter.PrintKernel(adjoint.Method, adjoint.Style(atomics: false, skipsRecords: false), forwardOnly: false).Write(output, indent + 1);
            Line(output, indent, "}");
        }

        /// <summary>The thread index for the flat position <paramref name="flat"/> of <paramref name="extent"/>, X fastest, as ILGPU numbers threads.</summary>
        private static string IndexOf(string indexType, string extent, string flat) => indexType switch
        {
            "Index2D" => $"new global::ILGPU.Index2D((int)({flat} % {extent}.X), (int)({flat} / {extent}.X))",
            "Index3D" => $"new global::ILGPU.Index3D((int)({flat} % {extent}.X), (int)({flat} / {extent}.X % {extent}.Y), (int)({flat} / ((long){extent}.X * {extent}.Y)))",
            _ => $"new global::ILGPU.Index1D((int){flat})",
        };

        /// <summary>A view becomes <c>T[]</c> on the host; scalars stay.</summary>
        internal static string HostType(string typeCode)
        {
            if (!typeCode.StartsWith(View + "<", System.StringComparison.Ordinal) && !typeCode.StartsWith("global::ILGPU.Runtime.ArrayView1D<", System.StringComparison.Ordinal))
            {
                return typeCode;
            }

            // ArrayView<T> or ArrayView1D<T, Stride1D.Dense>, T a primitive: T[].
            int open = typeCode.IndexOf('<');
            int close = typeCode.IndexOfAny(new[] { ',', '>' }, open);
            return typeCode.Substring(open + 1, close - open - 1).Trim() + "[]";
        }

        private static string Prefixed(string list) => list.Length == 0 ? string.Empty : ", " + list;

        private static string Unique(string stem, MethodModel method)
        {
            string name = stem;
            while (method.Identifiers.Contains(name) || method.Parameters.Any(p => p.Name == name))
            {
                name = "_" + name;
            }

            return name;
        }

        /// <summary>A generated method's opening: a blank line first when asked, its summary, the GeneratedCode attribute, the signature, and the brace.</summary>
        private static void OpenMethod(StringBuilder output, int indent, string signature, bool blankLineFirst, params string[] summary)
        {
            if (blankLineFirst)
            {
                output.Append('\n');
            }

            Doc(output, indent, summary);
            Line(output, indent, "[global::System.CodeDom.Compiler.GeneratedCode(\"Diff.Generator\", \"1.0.0\")]");
            Line(output, indent, signature);
            Line(output, indent, "{");
        }

        internal static void Doc(StringBuilder output, int indent, params string[] lines)
        {
            Line(output, indent, "/// <summary>");
            foreach (string line in lines)
            {
                Line(output, indent, "/// " + line);
            }

            Line(output, indent, "/// </summary>");
        }

        internal static void Line(StringBuilder output, int indent, string text) => output.Append(' ', indent * 4).Append(text).Append('\n');
    }
}
