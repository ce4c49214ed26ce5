using System.Collections.Generic;
using System.Linq;
using System.Text;
using Diff.Generator.Analyse;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// The typed launcher of a kernel <c>K</c>, the nested class <c>KLauncher</c> (the kernel's own
    /// name would clash with the method, so the class is named for its job). It needs the runtime's Diff.Gpu
    /// library: the generator writes it only when the compilation references that library.
    /// </summary>
    internal static class KernelLauncherEmitter
    {
        private const string View = "global::ILGPU.ArrayView";
        private const string Checks = "global::Diff.Gpu.LaunchChecks";

        /// <summary>ILGPU loads kernels with at most this many parameters, thread index included.</summary>
        private const int MaxKernelParameters = 15;

        /// <param name="grouped">Whether <c>Backward</c> runs the grouped adjoint kernel (<c>KAdjointGrouped</c>).</param>
        /// <param name="tangents">The tangent kernel's tangent names, by parameter; null when there is no tangent kernel.</param>
        /// <param name="gatheredViews">The adjoints a stencil's adjoint gathers without atomics (<c>KAdjointGather</c>, then <c>KAdjointLocal</c>); empty when there is none.</param>
        /// <param name="gatherStride">A 2-D stencil's row stride: the gather runs while the extent is no wider; null in 1-D.</param>
        public static void Write(StringBuilder output, int indent, MethodModel method, KernelIndex index, ParamModel[] differentiable, bool grouped, IReadOnlyDictionary<string, string>? tangents, ICollection<string> gatheredViews, string? gatherStride)
        {
            bool gathered = gatheredViews.Count > 0;
            ParamModel[] data = method.Parameters.Skip(1).ToArray();
            var taken = new HashSet<string>(
                method.Parameters.Select(p => p.Name).Concat(differentiable.Select(p => SymbolFacts.AdjointName(p.Name))).Concat(tangents?.Values ?? Enumerable.Empty<string>()),
                System.StringComparer.Ordinal);
            string accelerator = Unique("accelerator", taken);
            string extent = Unique("extent", taken);

            // The launchers' local for the zeroed views that stand in for adjoints and tangents not given: a kernel may
            // name a parameter `scratch` too.
            string scratch = Unique("scratch", taken);
            string indexType = "global::ILGPU." + index.Type;
            string name = method.Name + "Launcher";
            bool adjointFits = method.Parameters.Count + differentiable.Length <= MaxKernelParameters;

            output.Append('\n');
            KernelEmitter.Doc(output, indent,
                $"Launches <c>{method.Name}</c> and its adjoint kernel on an ILGPU accelerator. Each kernel is compiled on its first launch on an",
                "accelerator and kept for the accelerator's lifetime. Every view's length is checked before a launch. Launches are",
                "asynchronous, on the accelerator's default stream: synchronize before reading the results on the host.");
            KernelEmitter.Line(output, indent, "[global::System.CodeDom.Compiler.GeneratedCode(\"Diff.Generator\", \"1.0.0\")]");
            KernelEmitter.Line(output, indent, $"{method.Accessibility} static class {name}");
            KernelEmitter.Line(output, indent, "{");
            int inner = indent + 1;

            string forwardTypes = string.Join(", ", new[] { indexType }.Concat(data.Select(p => p.TypeCode)));
            if (method.Parameters.Count > MaxKernelParameters)
            {
                KernelEmitter.Line(output, inner, $"// No launcher: {method.Name} has more than {MaxKernelParameters} parameters, more than ILGPU's kernel loaders take.");
                KernelEmitter.Line(output, indent, "}");
                return;
            }

            KernelEmitter.Line(output, inner, $"private static readonly global::Diff.Gpu.KernelCache<global::System.Action<{forwardTypes}>> s_forward = new();");
            string adjointTypes = forwardTypes + string.Concat(differentiable.Select(p => $", {View}<{SymbolFacts.Keyword(p.Element)}>"));
            string groupedTypes = (index.Type == "Index1D" ? "int" : "int, " + indexType) + string.Concat(data.Select(p => ", " + p.TypeCode)) + string.Concat(differentiable.Select(p => $", {View}<{SymbolFacts.Keyword(p.Element)}>"));
            if (differentiable.Length > 0 && adjointFits)
            {
                KernelEmitter.Line(output, inner, $"private static readonly global::Diff.Gpu.KernelCache<global::System.Action<{adjointTypes}>> s_adjoint = new();");
                if (grouped)
                {
                    KernelEmitter.Line(output, inner, $"private static readonly global::Diff.Gpu.KernelCache<global::System.Action<global::ILGPU.KernelConfig, {groupedTypes}>> s_adjointGrouped = new();");
                }

                gathered &= method.Parameters.Count + differentiable.Length + 1 <= MaxKernelParameters;
                if (gathered)
                {
                    KernelEmitter.Line(output, inner, $"private static readonly global::Diff.Gpu.KernelCache<global::System.Action<global::ILGPU.Index1D, {(gatherStride is null ? "int" : indexType)}{adjointTypes.Substring(indexType.Length)}>> s_gather = new();");
                    KernelEmitter.Line(output, inner, $"private static readonly global::Diff.Gpu.KernelCache<global::System.Action<{adjointTypes}>> s_local = new();");
                }
            }

            string dataParameters = string.Concat(data.Select(p => $", {p.TypeCode} {p.Name}"));
            string dataArguments = string.Concat(data.Select(p => ", " + p.Name));
            string[] threadIndexed = ThreadIndexedViews(method, index).ToArray();

            output.Append('\n');
            KernelEmitter.Doc(output, inner, $"Runs <c>{method.Name}</c> over <paramref name=\"{extent}\"/>.");
            KernelEmitter.Line(output, inner, $"public static void Forward(global::ILGPU.Runtime.Accelerator {accelerator}, {indexType} {extent}{dataParameters})");
            KernelEmitter.Line(output, inner, "{");
            WriteChecks(output, inner + 1, accelerator, extent, threadIndexed);
            KernelEmitter.Line(output, inner + 1, $"s_forward.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<{forwardTypes}>(a, {method.Name}))({extent}{dataArguments});");
            KernelEmitter.Line(output, inner, "}");

            if (differentiable.Length == 0)
            {
                KernelEmitter.Line(output, indent, "}");
                return;
            }

            if (tangents is not null && adjointFits)
            {
                WriteTangent(output, inner, method, differentiable, tangents, accelerator, extent, scratch, indexType, dataParameters, dataArguments, threadIndexed);
            }

            output.Append('\n');
            if (!adjointFits)
            {
                KernelEmitter.Line(output, inner, $"// No Backward: the adjoint kernel has more than {MaxKernelParameters} parameters, more than ILGPU loads; launch {method.Name}Adjoint with your own loader.");
                KernelEmitter.Line(output, indent, "}");
                return;
            }

            string adjointParameters = string.Concat(differentiable.Select(p => $", {View}<{SymbolFacts.Keyword(p.Element)}>? {SymbolFacts.AdjointName(p.Name)}"));
            KernelEmitter.Doc(output, inner,
                $"Runs <c>{method.Name}Adjoint</c> over <paramref name=\"{extent}\"/>. Pass the inputs as <c>Forward</c> found them: each thread replays its",
                "forward, keeping in registers the values the forward overwrites that its reverse sweep needs, so nothing is saved between",
                "the kernels, and the written views end as <c>Forward</c> leaves them. On entry, a written view's adjoint holds the gradient",
                "of its final value; on exit, that of its initial value; the other adjoints accumulate. Pass null for an adjoint you do",
                "not want: a zeroed scratch view stands in for it. A scalar's adjoint is a view of length 1.");
            KernelEmitter.Line(output, inner, $"public static void Backward(global::ILGPU.Runtime.Accelerator {accelerator}, {indexType} {extent}{dataParameters}{adjointParameters})");
            KernelEmitter.Line(output, inner, "{");
            int body = inner + 1;
            WriteChecks(output, body, accelerator, extent, threadIndexed);
            foreach (ParamModel parameter in differentiable)
            {
                string adjoint = SymbolFacts.AdjointName(parameter.Name);
                KernelEmitter.Line(output, body, parameter.Shape == ParamShape.Scalar
                    ? $"if ({adjoint} is {{ }} {adjoint}Given) {Checks}.CheckScalarAdjoint({adjoint}Given.Length, \"{adjoint}\");"
                    : $"if ({adjoint} is {{ }} {adjoint}Given) {Checks}.CheckLength({adjoint}Given.Length, {parameter.Name}.Length, \"{adjoint}\", \"{parameter.Name}\");");
            }

            KernelEmitter.Line(output, body, $"using var {scratch} = new global::Diff.Gpu.ScratchViews({accelerator});");
            var arguments = new List<string>();
            foreach (ParamModel parameter in differentiable)
            {
                string adjoint = SymbolFacts.AdjointName(parameter.Name);
                string length = parameter.Shape == ParamShape.Scalar ? "1" : parameter.Name + ".Length";
                arguments.Add($"{adjoint} ?? {scratch}.Zeroed<{SymbolFacts.Keyword(parameter.Element)}>({length})");
            }

            if (grouped)
            {
                // On a GPU, one atomic per group for each scalar's gradient, not one per thread. ILGPU's CPU
                // accelerator emulates barriers slowly and atomics cheaply, so it runs the per-thread kernel.
                KernelEmitter.Line(output, body, $"if ({accelerator}.AcceleratorType == global::ILGPU.Runtime.AcceleratorType.CPU)");
                KernelEmitter.Line(output, body, "{");
                KernelEmitter.Line(output, body + 1, $"s_adjoint.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<{adjointTypes}>(a, {method.Name}Adjoint))({extent}{dataArguments}, {string.Join(", ", arguments)});");
                KernelEmitter.Line(output, body + 1, "return;");
                KernelEmitter.Line(output, body, "}");
                output.Append('\n');
                KernelEmitter.Line(output, body, $"s_adjointGrouped.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadStreamKernel<{groupedTypes}>(a, {method.Name}AdjointGrouped))"
                    + $"(global::Diff.Gpu.GroupedLaunch.Config({accelerator}, {extent}.Size), {(index.Type == "Index1D" ? extent + ".Size" : $"{extent}.Size, {extent}")}{dataArguments}, {string.Join(", ", arguments)});");
            }
            else if (gathered)
            {
                // A stencil: the neighbours' parts gathered, then each thread's own; no atomics, the same sums on every run.
                string gatherTypes = $"global::ILGPU.Index1D, {(gatherStride is null ? "int" : indexType)}{adjointTypes.Substring(indexType.Length)}";
                // One gathering thread per element of the longest gathered view: a thread near the end of the extent adds
                // past it (x[i + 1]), and those elements are gathered too.
                string[] gatheredLengths = differentiable.Where(p => gatheredViews.Contains(SymbolFacts.AdjointName(p.Name))).Select(p => $"(int){p.Name}.Length").ToArray();
                string elements = gatheredLengths.Length == 1 ? gatheredLengths[0] : gatheredLengths.Aggregate((a, b) => $"global::System.Math.Max({a}, {b})");
                int at = body;
                if (gatherStride is not null)
                {
                    // A neighbour is found by dividing its element by the row stride, which is exact while the rows are no wider.
                    KernelEmitter.Line(output, body, $"if ({extent}.X <= {gatherStride})");
                    KernelEmitter.Line(output, body, "{");
                    at = body + 1;
                }

                KernelEmitter.Line(output, at, $"s_gather.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<{gatherTypes}>(a, {method.Name}AdjointGather))"
                    + $"(new global::ILGPU.Index1D({elements}), {(gatherStride is null ? extent + ".Size" : extent)}{dataArguments}, {string.Join(", ", arguments)});");
                KernelEmitter.Line(output, at, $"s_local.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<{adjointTypes}>(a, {method.Name}AdjointLocal))({extent}{dataArguments}, {string.Join(", ", arguments)});");
                if (gatherStride is not null)
                {
                    KernelEmitter.Line(output, body, "}");
                    KernelEmitter.Line(output, body, "else");
                    KernelEmitter.Line(output, body, "{");
                    KernelEmitter.Line(output, body + 1, $"s_adjoint.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<{adjointTypes}>(a, {method.Name}Adjoint))({extent}{dataArguments}, {string.Join(", ", arguments)});");
                    KernelEmitter.Line(output, body, "}");
                }
            }
            else
            {
                KernelEmitter.Line(output, body, $"s_adjoint.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<{adjointTypes}>(a, {method.Name}Adjoint))({extent}{dataArguments}, {string.Join(", ", arguments)});");
            }

            KernelEmitter.Line(output, inner, "}");
            KernelEmitter.Line(output, indent, "}");
        }

        /// <summary>
        /// The launcher of an explicitly grouped kernel: <c>Forward</c> launches it with the caller's configuration;
        /// <c>Backward</c> checks the adjoints' lengths and calls the registered backward, or, for a kernel whose body is
        /// differentiated (<paramref name="registeredBackward"/> null), launches <c>KAdjoint</c> with the same configuration;
        /// <c>Tangent</c> launches <c>KTangent</c> when there is one.
        /// </summary>
        public static void WriteExplicit(StringBuilder output, int indent, MethodModel method, ParamModel[] differentiable, string? registeredBackward, IReadOnlyDictionary<string, string>? tangents)
        {
            var taken = new HashSet<string>(
                method.Parameters.Select(p => p.Name).Concat(differentiable.Select(p => SymbolFacts.AdjointName(p.Name))).Concat(tangents?.Values ?? Enumerable.Empty<string>()),
                System.StringComparer.Ordinal);
            string accelerator = Unique("accelerator", taken);
            string config = Unique("config", taken);
            string scratch = Unique("scratch", taken);
            string types = string.Join(", ", method.Parameters.Select(p => p.TypeCode));
            string parameters = string.Concat(method.Parameters.Select(p => $", {p.TypeCode} {p.Name}"));
            string arguments = string.Concat(method.Parameters.Select(p => ", " + p.Name));
            bool fits = method.Parameters.Count <= MaxKernelParameters;

            output.Append('\n');
            KernelEmitter.Doc(output, indent,
                $"Launches the explicitly grouped kernel <c>{method.Name}</c> and its registered backward. The kernel is compiled on its first launch on an",
                "accelerator and kept for the accelerator's lifetime; launches are asynchronous, on the accelerator's default stream.");
            KernelEmitter.Line(output, indent, "[global::System.CodeDom.Compiler.GeneratedCode(\"Diff.Generator\", \"1.0.0\")]");
            KernelEmitter.Line(output, indent, $"{method.Accessibility} static class {method.Name}Launcher");
            KernelEmitter.Line(output, indent, "{");
            int inner = indent + 1;
            if (fits)
            {
                KernelEmitter.Line(output, inner, $"private static readonly global::Diff.Gpu.KernelCache<global::System.Action<global::ILGPU.KernelConfig, {types}>> s_forward = new();");
                output.Append('\n');
                KernelEmitter.Doc(output, inner, $"Runs <c>{method.Name}</c> with <paramref name=\"{config}\"/> (its grid and group sizes).");
                KernelEmitter.Line(output, inner, $"public static void Forward(global::ILGPU.Runtime.Accelerator {accelerator}, global::ILGPU.KernelConfig {config}{parameters})");
                KernelEmitter.Line(output, inner, "{");
                KernelEmitter.Line(output, inner + 1, $"global::System.ArgumentNullException.ThrowIfNull({accelerator});");
                KernelEmitter.Line(output, inner + 1, $"s_forward.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadStreamKernel<{types}>(a, {method.Name}))({config}{arguments});");
                KernelEmitter.Line(output, inner, "}");
                output.Append('\n');
            }

            string adjointParameters = string.Concat(differentiable.Select(p => $", {View}<{SymbolFacts.Keyword(p.Element)}>? {SymbolFacts.AdjointName(p.Name)}"));
            string adjointTypes = string.Concat(differentiable.Select(p => $", {View}<{SymbolFacts.Keyword(p.Element)}>"));
            bool adjointFits = method.Parameters.Count + differentiable.Length <= MaxKernelParameters;
            if (registeredBackward is null && adjointFits)
            {
                KernelEmitter.Line(output, inner, $"private static readonly global::Diff.Gpu.KernelCache<global::System.Action<global::ILGPU.KernelConfig, {types}{adjointTypes}>> s_adjoint = new();");
                output.Append('\n');
            }

            KernelEmitter.Doc(output, inner,
                (registeredBackward is null ? $"Runs <c>{method.Name}Adjoint</c> with <paramref name=\"{config}\"/>; it " : $"Runs the registered backward of <c>{method.Name}</c>, which ")
                    + "follows the pullback contract: pass the inputs as <c>Forward</c> found",
                "them; on entry a written view's adjoint holds the gradient of its final value, on exit that of its initial value; the other",
                "adjoints accumulate. Pass null for an adjoint you do not want: a zeroed scratch view stands in for it.");
            KernelEmitter.Line(output, inner, $"public static void Backward(global::ILGPU.Runtime.Accelerator {accelerator}, global::ILGPU.KernelConfig {config}{parameters}{adjointParameters})");
            KernelEmitter.Line(output, inner, "{");
            KernelEmitter.Line(output, inner + 1, $"global::System.ArgumentNullException.ThrowIfNull({accelerator});");
            var adjointArguments = new List<string>();
            foreach (ParamModel parameter in differentiable)
            {
                string adjoint = SymbolFacts.AdjointName(parameter.Name);
                KernelEmitter.Line(output, inner + 1, parameter.Shape == ParamShape.Scalar
                    ? $"if ({adjoint} is {{ }} {adjoint}Given) {Checks}.CheckScalarAdjoint({adjoint}Given.Length, \"{adjoint}\");"
                    : $"if ({adjoint} is {{ }} {adjoint}Given) {Checks}.CheckLength({adjoint}Given.Length, {parameter.Name}.Length, \"{adjoint}\", \"{parameter.Name}\");");
                adjointArguments.Add($"{adjoint} ?? {scratch}.Zeroed<{SymbolFacts.Keyword(parameter.Element)}>({(parameter.Shape == ParamShape.Scalar ? "1" : parameter.Name + ".Length")})");
            }

            KernelEmitter.Line(output, inner + 1, $"using var {scratch} = new global::Diff.Gpu.ScratchViews({accelerator});");
            if (registeredBackward is not null)
            {
                KernelEmitter.Line(output, inner + 1, $"{registeredBackward}({accelerator}, {config}{arguments}{string.Concat(adjointArguments.Select(a => ", " + a))});");
            }
            else if (adjointFits)
            {
                KernelEmitter.Line(output, inner + 1, $"s_adjoint.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadStreamKernel<{types}{adjointTypes}>(a, {method.Name}Adjoint))"
                    + $"({config}{arguments}{string.Concat(adjointArguments.Select(a => ", " + a))});");
            }
            else
            {
                KernelEmitter.Line(output, inner + 1, $"throw new global::System.NotSupportedException(\"{method.Name}Adjoint has more than {MaxKernelParameters} parameters, more than ILGPU's kernel loaders take; launch it with your own loader.\");");
            }

            KernelEmitter.Line(output, inner, "}");
            if (tangents is not null && adjointFits)
            {
                string TangentType(ParamModel p) => p.Shape == ParamShape.Scalar ? SymbolFacts.Keyword(p.Element) : $"{View}<{SymbolFacts.Keyword(p.Element)}>";
                string tangentTypes = string.Concat(differentiable.Select(p => ", " + TangentType(p)));
                output.Append('\n');
                KernelEmitter.Line(output, inner, $"private static readonly global::Diff.Gpu.KernelCache<global::System.Action<global::ILGPU.KernelConfig, {types}{tangentTypes}>> s_tangent = new();");
                output.Append('\n');
                KernelEmitter.Doc(output, inner,
                    $"Runs <c>{method.Name}Tangent</c> with <paramref name=\"{config}\"/>: forward mode. A written view's tangent holds, on entry, the tangent",
                    "of its initial value and, on exit, that of its final value. Pass null for a view whose tangent is zero.");
                string tangentParameters = string.Concat(differentiable.Select(p => p.Shape == ParamShape.Scalar ? $", {TangentType(p)} {tangents[p.Name]}" : $", {TangentType(p)}? {tangents[p.Name]}"));
                KernelEmitter.Line(output, inner, $"public static void Tangent(global::ILGPU.Runtime.Accelerator {accelerator}, global::ILGPU.KernelConfig {config}{parameters}{tangentParameters})");
                KernelEmitter.Line(output, inner, "{");
                KernelEmitter.Line(output, inner + 1, $"global::System.ArgumentNullException.ThrowIfNull({accelerator});");
                KernelEmitter.Line(output, inner + 1, $"using var {scratch} = new global::Diff.Gpu.ScratchViews({accelerator});");
                string tangentArguments = string.Concat(differentiable.Select(p => ", " + (p.Shape == ParamShape.Scalar
                    ? tangents[p.Name]
                    : $"{tangents[p.Name]} ?? {scratch}.Zeroed<{SymbolFacts.Keyword(p.Element)}>({p.Name}.Length)")));
                KernelEmitter.Line(output, inner + 1, $"s_tangent.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadStreamKernel<{types}{tangentTypes}>(a, {method.Name}Tangent))({config}{arguments}{tangentArguments});");
                KernelEmitter.Line(output, inner, "}");
            }

            KernelEmitter.Line(output, indent, "}");
        }

        /// <summary><c>Tangent</c>: runs <c>KTangent</c>; a null view tangent stands for zero.</summary>
        private static void WriteTangent(StringBuilder output, int indent, MethodModel method, ParamModel[] differentiable, IReadOnlyDictionary<string, string> tangents,
            string accelerator, string extent, string scratch, string indexType, string dataParameters, string dataArguments, string[] threadIndexed)
        {
            string TangentType(ParamModel p) => p.Shape == ParamShape.Scalar ? SymbolFacts.Keyword(p.Element) : $"{View}<{SymbolFacts.Keyword(p.Element)}>";
            string types = indexType + string.Concat(method.Parameters.Skip(1).Select(p => ", " + p.TypeCode)) + string.Concat(differentiable.Select(p => ", " + TangentType(p)));
            output.Append('\n');
            KernelEmitter.Line(output, indent, $"private static readonly global::Diff.Gpu.KernelCache<global::System.Action<{types}>> s_tangent = new();");
            output.Append('\n');
            KernelEmitter.Doc(output, indent,
                $"Runs <c>{method.Name}Tangent</c> over <paramref name=\"{extent}\"/>: forward mode, a Jacobian-vector product. A written view's tangent holds,",
                "on entry, the tangent of its initial value and, on exit, that of its final value. Pass null for a view whose tangent is zero.");
            string parameters = string.Concat(differentiable.Select(p => p.Shape == ParamShape.Scalar ? $", {TangentType(p)} {tangents[p.Name]}" : $", {TangentType(p)}? {tangents[p.Name]}"));
            KernelEmitter.Line(output, indent, $"public static void Tangent(global::ILGPU.Runtime.Accelerator {accelerator}, {indexType} {extent}{dataParameters}{parameters})");
            KernelEmitter.Line(output, indent, "{");
            WriteChecks(output, indent + 1, accelerator, extent, threadIndexed);
            foreach (ParamModel parameter in differentiable.Where(p => p.Shape != ParamShape.Scalar))
            {
                string tangent = tangents[parameter.Name];
                KernelEmitter.Line(output, indent + 1, $"if ({tangent} is {{ }} {tangent}Given) {Checks}.CheckLength({tangent}Given.Length, {parameter.Name}.Length, \"{tangent}\", \"{parameter.Name}\");");
            }

            KernelEmitter.Line(output, indent + 1, $"using var {scratch} = new global::Diff.Gpu.ScratchViews({accelerator});");
            string arguments = string.Join(", ", differentiable.Select(p => p.Shape == ParamShape.Scalar
                ? tangents[p.Name]
                : $"{tangents[p.Name]} ?? {scratch}.Zeroed<{SymbolFacts.Keyword(p.Element)}>({p.Name}.Length)"));
            KernelEmitter.Line(output, indent + 1, $"s_tangent.GetOrLoad({accelerator}, static a => global::ILGPU.Runtime.KernelLoaders.LoadAutoGroupedStreamKernel<{types}>(a, {method.Name}Tangent))({extent}{dataArguments}, {arguments});");
            KernelEmitter.Line(output, indent, "}");
        }

        private static void WriteChecks(StringBuilder output, int indent, string accelerator, string extent, string[] threadIndexed)
        {
            KernelEmitter.Line(output, indent, $"global::System.ArgumentNullException.ThrowIfNull({accelerator});");
            foreach (string view in threadIndexed)
            {
                KernelEmitter.Line(output, indent, $"{Checks}.CheckAtLeast({view}.Length, {extent}.LongSize, \"{view}\", \"the extent\");");
            }
        }

        /// <summary>
        /// The views every thread indexes with its 1-D thread index itself, unconditionally (in a statement at
        /// the top of the body, outside any branch or loop): each must hold an element per thread. A view read
        /// only under a guard (<c>if (i &lt; n)</c>) may be shorter than the extent.
        /// </summary>
        private static IEnumerable<string> ThreadIndexedViews(MethodModel method, KernelIndex index)
        {
            if (index.Type != "Index1D")
            {
                return System.Array.Empty<string>();
            }

            var views = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (Stmt stmt in method.Body.Statements)
            {
                if (stmt is not AssignStmt assign)
                {
                    if (stmt is IfStmt or LoopStmt or ReturnStmt)
                    {
                        // Anything after a branch may be behind an early return.
                        break;
                    }

                    continue;
                }

                if (assign.Target is ElemTarget target && ValuePrinter.Print(target.Index.Tree) == index.Name)
                {
                    views.Add(target.Array);
                }

                foreach (Expr expr in ExprTree.DescendantsAndSelf(assign.Value))
                {
                    if (expr is ElemExpr element && ValuePrinter.Print(element.Index.Tree) == index.Name)
                    {
                        views.Add(element.Array);
                    }
                }
            }

            return views.Where(v => method.Parameters.Any(p => p.Name == v));
        }

        private static string Unique(string stem, HashSet<string> taken)
        {
            string name = stem;
            while (!taken.Add(name))
            {
                name = "_" + name;
            }

            return name;
        }
    }
}
