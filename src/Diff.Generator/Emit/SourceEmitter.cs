using System.Collections.Generic;
using System.Linq;
using System.Text;
using Diff.Generator.Analyse;
using Diff.Generator.Differentiate;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Emit
{
    /// <summary>The text of one generated file: <c>{Type}.{Method}.g.cs</c>.</summary>
    internal sealed record GeneratedSource(string HintName, string Text);

    /// <summary>Phase 5: wraps the adjoint body in its signature, containing types and namespace.</summary>
    internal static class SourceEmitter
    {
        public static GeneratedSource Emit(AnalysedMethod analysed)
        {
            MethodModel method = analysed.Method;
            var output = FileBuilders.Rent();
            int indent = SourceFrame.Open(output, method.Name, method.Namespace, method.Usings, method.NamespaceUsings, method.ContainingTypes);

            bool returnsValue = method.ReturnKind != ScalarKind.Void;
            string name = method.Name + (returnsValue ? "Gradient" : "Pullback");

            // One reverse transform for every companion below that prints the adjoint.
            var transforms = new AdjointTransforms(analysed);
            string signature = Signature(method, name);
            ParamModel[] writtenBuffers = method.Parameters.Where(p => p.Differentiable && p.Shape != ParamShape.Scalar && analysed.WrittenBuffers.Contains(p.Name)).ToArray();
            WriteDocumentation(output, indent, method, returnsValue);
            WriteSweepAttributes(output, indent, method);
            Indent(output, indent).Append(signature).Append('\n');
            Indent(output, indent).Append("{\n");
            WriteLengthChecks(output, indent + 1, method);
            if (returnsValue && writtenBuffers.Length > 0)
            {
                WriteGradientThroughPullback(output, indent + 1, method, writtenBuffers);
            }
            else
            {
                AdjointWriter.WriteBody(transforms).Write(output, indent + 1);
            }

            Indent(output, indent).Append("}\n");
            if (!returnsValue && method.Parameters.Any(p => p.Differentiable))
            {
                WriteRecordReverse(output, indent, transforms, seed: null);
                WritePullbackHessianVector(output, indent, transforms, seed: null);
            }

            // Every parameter buffer the method writes counts here, a [NoDiff] one included: callers that use the
            // value differentiate the call through the seeded pullback.
            if (returnsValue && (method.CallersUsePullback || analysed.WrittenBuffers.Any(b => method.Parameters.Any(p => p.Name == b))))
            {
                // A method that returns a value and writes its buffers also gets the pullbacks: the adjoints of
                // the written buffers hold, on entry, the gradient of their final values, and on exit the
                // gradient of their initial values. Seeded with 1 when no result gradient is given.
                string seed = ResultAdjointName(method);
                output.Append('\n');
                Indent(output, indent).Append("/// <summary>As <c>").Append(method.Name).Append("Pullback</c>, with the result's gradient 1.</summary>\n");
                Indent(output, indent).Append(Signature(method, method.Name + "Pullback")).Append('\n');
                Indent(output, indent).Append("    => ").Append(method.Name).Append("Pullback(").Append(string.Join(", ", ArgumentNames(method, "1"))).Append(");\n");

                output.Append('\n');
                Indent(output, indent).Append("/// <summary>\n");
                Indent(output, indent).Append("/// Returns what <c>").Append(method.Name).Append("</c> returns. On entry, the adjoint of each buffer it writes holds the gradient\n");
                Indent(output, indent).Append("/// of the buffer's final value; on exit, the gradient of its initial value, with <paramref name=\"").Append(seed.TrimStart('@'))
                    .Append("\"/> times the result's gradient added. The adjoints of the other inputs accumulate.\n");
                Indent(output, indent).Append("/// </summary>\n");
                WriteSweepAttributes(output, indent, method);
                Indent(output, indent).Append(Signature(method, method.Name + "Pullback", seed)).Append('\n');
                Indent(output, indent).Append("{\n");
                WriteLengthChecks(output, indent + 1, method);
                AdjointWriter.WriteBody(transforms, seed).Write(output, indent + 1);
                Indent(output, indent).Append("}\n");
                WriteRecordReverse(output, indent, transforms, seed);
                WritePullbackHessianVector(output, indent, transforms, seed);
            }
            else if (returnsValue && method.Parameters.Any(p => p.Differentiable && p.Shape != ParamShape.Scalar))
            {
                // Callers record a call with a differentiable buffer argument once, through these halves, rather than
                // gather the buffer's partials into a vector on every call.
                WriteRecordReverse(output, indent, transforms, ResultAdjointName(method));
            }

            bool hasTangent = WriteTangent(output, indent, analysed);
            bool hasLanes = WriteTangent(output, indent, analysed, LanesType);
            WriteHessianVector(output, indent, transforms);
            bool hasReverseLanes = WritePullbackLanes(output, indent, transforms);
            WriteJacobian(output, indent, analysed, hasTangent, hasLanes, hasReverseLanes);
            SourceFrame.Close(output, method.ContainingTypes);
            return new GeneratedSource(method.HintName + ".g.cs", FileBuilders.ToStringAndReturn(output));
        }

        /// <summary>
        /// The signatures of every companion a scalar-mode method may get, whatever its analysis finds: those
        /// <see cref="EmitRefused"/> writes. A member the type already declares must not take one of them
        /// (<see cref="Parse.CompanionClashes"/>). With <paramref name="withLanes"/>, also the companions in lanes that only
        /// the generated code calls (<c>MPullbackLanes</c> and <c>MJacobian</c> in lanes), which stand-ins need not have.
        /// </summary>
        internal static List<string> CompanionSignatures(MethodModel method, bool withLanes = false)
        {
            bool returnsValue = method.ReturnKind != ScalarKind.Void;
            ParamModel[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
            var signatures = new List<string> { Signature(method, method.Name + (returnsValue ? "Gradient" : "Pullback")) };
            if (returnsValue && method.Parameters.Any(p => p.Shape is ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan))
            {
                signatures.Add(Signature(method, method.Name + "Pullback"));
                signatures.Add(Signature(method, method.Name + "Pullback", ResultAdjointName(method)));
            }

            // A caller records a call of a pullback once, through its halves.
            if (!returnsValue && differentiable.Length > 0 || returnsValue && method.Parameters.Any(p => p.Shape is ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan))
            {
                var taken = new HashSet<string>(method.Parameters.Select(p => p.Name).Concat(method.Parameters.Select(p => SymbolFacts.AdjointName(p.Name))), System.StringComparer.Ordinal);
                HalfSignatures(method, returnsValue ? ResultAdjointName(method) : null, Unique("__callTape", taken), out string record, out string reverse);
                signatures.Add(record);
                signatures.Add(reverse);
                signatures.Add(PullbackHessianVectorSignature(method, EquatableArray<string>.Empty, returnsValue ? ResultAdjointName(method) : null).Text);
            }

            if (TangentSignature(method, EquatableArray<string>.Empty) is { } tangent)
            {
                signatures.Add(tangent.Text);
                signatures.Add(TangentSignature(method, EquatableArray<string>.Empty, LanesType)!.Value.Text);
            }

            if (HessianVectorSignature(method) is { } hessianVector)
            {
                signatures.Add(hessianVector.Text);
            }

            if (!returnsValue && differentiable.Length > 1 && differentiable.Any(p => p.Shape is ParamShape.Array or ParamShape.Span))
            {
                var taken = new HashSet<string>(method.Parameters.Select(p => p.Name.TrimStart('@')), System.StringComparer.Ordinal);
                signatures.Add(JacobianSignature(method, Unique("jacobian", taken)));
                if (withLanes)
                {
                    signatures.Add(JacobianSignature(method, Unique("jacobian", taken), inLanes: true));
                    signatures.Add(PullbackLanesSignature(method));
                }
            }

            return signatures;
        }

        /// <summary>
        /// Stand-ins for the companions of a method refused for an error in its body (<see cref="RefusedEmitter"/>):
        /// the signatures <see cref="Emit(AnalysedMethod)"/> would write, each with <paramref name="body"/> as its body.
        /// Which buffers the method writes is not known, so it gets every companion that a method writing any buffer
        /// it takes would get (the pullbacks of one that returns a value, the Jacobian of one that does not), and
        /// read-only span tangents, to which whatever tangent a caller passes converts.
        /// </summary>
        public static GeneratedSource EmitRefused(MethodModel method, string description, string body)
        {
            var output = FileBuilders.Rent();
            int indent = SourceFrame.Open(output, method.Name, method.Namespace, method.Usings, method.NamespaceUsings, method.ContainingTypes, description);
            List<string> signatures = CompanionSignatures(method);

            for (int i = 0; i < signatures.Count; i++)
            {
                if (i > 0)
                {
                    output.Append('\n');
                }

                Indent(output, indent).Append("/// <summary>Stands in for a companion of <c>").Append(method.Name).Append("</c>, which DiffGen refused: it throws.</summary>\n");
                Indent(output, indent).Append("[global::System.CodeDom.Compiler.GeneratedCode(\"Diff.Generator\", \"1.0.0\")]\n");
                Indent(output, indent).Append(signatures[i]).Append('\n');
                Indent(output, indent).Append("{\n");
                Indent(output, indent + 1).Append(body).Append('\n');
                Indent(output, indent).Append("}\n");
            }

            SourceFrame.Close(output, method.ContainingTypes);
            return new GeneratedSource(method.HintName + ".g.cs", FileBuilders.ToStringAndReturn(output));
        }

        /// <summary>
        /// <c>MTangent</c>: forward mode, a Jacobian-vector product. It takes a tangent for each
        /// differentiable parameter, in parameter order (<c>t</c> + the name, with <c>_</c> added should
        /// the method already use that name), and returns the value with <c>tResult</c> = Σ ∂M/∂pⱼ · tⱼ.
        /// A buffer the method writes has a writable tangent, which holds the tangent of the buffer's
        /// initial value on entry and of its final value on exit. Every method with a differentiable
        /// parameter gets one, so that callers' tangents can always call it; where forward mode does not
        /// reach (a [DerivativeOf] registration that writes buffers), its body throws
        /// <see cref="System.NotSupportedException"/> with the reason. Returns whether the body is real.
        /// </summary>
        /// <remarks>
        /// With <paramref name="lanes"/>, <c>MTangentLanes&lt;TLanes&gt;</c>: the same with every tangent in lanes (the type
        /// parameter <see cref="LanesType"/>), so that one run carries <c>TLanes.Width</c> directions (vector forward mode,
        /// which <c>MJacobian</c> uses).
        /// </remarks>
        /// <summary>
        /// The number type of <c>MTangentLanes</c> and <c>MPullbackLanes</c>: a type parameter, so that one companion serves
        /// every width of lanes (<c>TangentLanes2</c>, <c>TangentLanes4</c>, <c>TangentLanes</c>) and the JIT compiles it
        /// once per width with every operator inlined.
        /// </summary>
        internal const string LanesType = "__TLanes";

        /// <summary>The type parameter list of a companion in lanes.</summary>
        private const string LanesTypeParameter = "<" + LanesType + ">";

        /// <summary>The constraint that gives <see cref="LanesType"/> its operators.</summary>
        private const string LanesConstraint = " where " + LanesType + " : unmanaged, global::Diff.Internal.ITangentLanes<" + LanesType + ">";

        /// <summary>How many directions one run in lanes carries: <c>TangentLanes.Width</c> of the chosen lanes type.</summary>
        private const string LanesWidthOf = LanesType + ".Width";

        /// <summary>The longest buffer whose initial values, or whose shadow in numbers, <c>MJacobian</c> keeps on the stack.</summary>
        private const int StackedNumbers = 256;

        /// <summary>
        /// The widest lanes (<c>TangentLanes.Width</c>): <c>MJacobian</c> chooses its mode by the runs it takes at this
        /// width, then runs it in the narrowest lanes that hold its seeds.
        /// </summary>
        private const int LanesWidth = 8;

        private static bool WriteTangent(StringBuilder output, int indent, AnalysedMethod analysed, string? lanes = null)
        {
            MethodModel method = analysed.Method;
            if (TangentSignature(method, analysed.WrittenBuffers, lanes) is not { } signature)
            {
                return false;
            }

            (ScalarTangentMethod? tangent, string? failure) = TangentWriter.Write(analysed, signature.ResultTangent, signature.Tangents, lanes);
            ParamModel[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
            string resultTangent = signature.ResultTangent;
            Dictionary<string, string> tangents = signature.Tangents;
            output.Append('\n');
            if (lanes is null)
            {
                WriteTangentDocumentation(output, indent, method, tangents, resultTangent);
            }
            else
            {
                Indent(output, indent).Append("/// <summary>\n");
                Indent(output, indent).Append("/// Vector forward mode: <c>").Append(method.Name).Append("Tangent</c> with every tangent a <c>TangentLanes</c>, several directions\n");
                Indent(output, indent).Append("/// carried through one run of <c>").Append(method.Name).Append("</c>.\n");
                Indent(output, indent).Append("/// </summary>\n");
                Indent(output, indent).Append("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]\n");
            }

            WriteSweepAttributes(output, indent, analysed.Method);
            Indent(output, indent).Append(signature.Text).Append('\n');
            Indent(output, indent).Append("{\n");
            if (tangent is null)
            {
                Unsupported(output, indent + 1, method.Name + (lanes is null ? "Tangent" : "TangentLanes"), failure!);
                Indent(output, indent).Append("}\n");
                return false;
            }

            foreach (ParamModel parameter in differentiable.Where(p => p.Shape != ParamShape.Scalar))
            {
                WriteLengthCheck(output, indent + 1, parameter, tangents[parameter.Name]);
            }

            ScalarAdjointPrinter.Print(tangent, method.ReturnKind).Write(output, indent + 1);
            Indent(output, indent).Append("}\n");
            return true;
        }

        private static void WriteTangentDocumentation(StringBuilder output, int indent, MethodModel method, Dictionary<string, string> tangents, string resultTangent)
        {
            bool returnsValue = method.ReturnKind != ScalarKind.Void;
            Indent(output, indent).Append("/// <summary>\n");
            Indent(output, indent).Append("/// Forward mode (a Jacobian-vector product): runs <c>").Append(method.Name).Append("</c> and carries the tangent of each input\n");
            Indent(output, indent).Append(returnsValue
                ? "/// through it. Returns what it returns, with <paramref name=\"" + resultTangent + "\"/> = Σ ∂result/∂pⱼ · tⱼ.\n"
                : "/// through it. The tangent of each buffer it writes holds, on entry, the tangent of the buffer's initial value\n");
            if (!returnsValue)
            {
                Indent(output, indent).Append("/// and, on exit, the tangent of its final value.\n");
            }

            Indent(output, indent).Append("/// </summary>\n");
            foreach (ParamModel parameter in method.Parameters.Where(p => p.Differentiable))
            {
                Indent(output, indent).Append("/// <param name=\"").Append(tangents[parameter.Name])
                    .Append("\">Tangent of <paramref name=\"").Append(parameter.Name.TrimStart('@')).Append("\"/>.</param>\n");
            }
        }

        /// <summary>The signature of <c>MTangent</c> and the names of its tangents; null for a method with no differentiable parameter.</summary>
        /// <param name="writtenBuffers">The buffers the method writes: a span among them gets a writable tangent, any other a read-only one.</param>
        /// <param name="lanes">The lanes type of <c>MTangentLanes</c>, whose tangents all have it; null for <c>MTangent</c>.</param>
        private static (string Text, Dictionary<string, string> Tangents, string ResultTangent)? TangentSignature(MethodModel method, IReadOnlyCollection<string> writtenBuffers, string? lanes = null)
        {
            ParamModel[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
            if (differentiable.Length == 0)
            {
                return null;
            }

            // Unique against every name the method uses, locals included: they share the tangent method's scope.
            var taken = new HashSet<string>(method.Parameters.Select(p => p.Name.TrimStart('@')).Concat(method.Identifiers), System.StringComparer.Ordinal);
            Dictionary<string, string> tangents = TangentWriter.ParameterTangentNames(differentiable, taken);
            string resultTangent = Unique("tResult", taken);
            bool returnsValue = method.ReturnKind != ScalarKind.Void;
            var parameters = method.Parameters.Select(p => p.TypeCode + " " + p.Name).ToList();
            foreach (ParamModel parameter in differentiable)
            {
                string keyword = lanes ?? SymbolFacts.Keyword(parameter.Element);
                string type = parameter.Shape switch
                {
                    ParamShape.Scalar => keyword,
                    ParamShape.Array => keyword + "[]",
                    ParamShape.Span when writtenBuffers.Contains(parameter.Name) => "global::System.Span<" + keyword + ">",
                    _ => "global::System.ReadOnlySpan<" + keyword + ">",
                };
                parameters.Add(type + " " + tangents[parameter.Name]);
            }

            if (returnsValue)
            {
                parameters.Add("out " + (lanes ?? SymbolFacts.Keyword(method.ReturnKind)) + " " + resultTangent);
            }

            string text = Modifiers(method) + (returnsValue ? SymbolFacts.Keyword(method.ReturnKind) : "void")
                + " " + method.Name + (lanes is null ? "Tangent(" : "TangentLanes" + LanesTypeParameter + "(") + string.Join(", ", parameters) + ")"
                + (lanes is null ? string.Empty : LanesConstraint);
            return (text, tangents, resultTangent);
        }

        /// <summary>The body of a companion that forward mode cannot write: it says why, when it is called.</summary>
        private static void Unsupported(StringBuilder output, int indent, string companion, string reason) =>
            Indent(output, indent).Append("throw new global::System.NotSupportedException(\"").Append(companion).Append(" is not available: ")
                .Append(reason.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append(".\");\n");

        /// <summary><paramref name="name"/>, with <c>_</c> added until no parameter has it.</summary>
        private static string Unique(string name, HashSet<string> taken)
        {
            while (!taken.Add(name))
            {
                name += "_";
            }

            return name;
        }

        /// <summary>
        /// <c>MHessianVector(p…, v…, adj…, hv…)</c>: forward over reverse. The tangent transform applied to
        /// the adjoint's IR (<see cref="SweepTangentTransform"/>), with each parameter's tangent its direction
        /// <c>v</c>: it returns the value, accumulates the gradient into <c>adj…</c> as <c>MGradient</c> does
        /// and H·v into <c>hv…</c>. Written for every method that returns a value, so that callers can always
        /// call it; where the transform does not reach (a method that writes buffers it takes; see
        /// <see cref="SweepTangentTransform"/>), its body throws <see cref="System.NotSupportedException"/>
        /// with the reason.
        /// </summary>
        private static void WriteHessianVector(StringBuilder output, int indent, AdjointTransforms transforms)
        {
            AnalysedMethod analysed = transforms.Analysed;
            MethodModel method = analysed.Method;
            if (HessianVectorSignature(method) is not { } signature)
            {
                return;
            }

            ParamModel[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
            Dictionary<string, string> directions = signature.Directions;
            Dictionary<string, string> products = signature.Products;
            string NameOf(string prefix, ParamModel parameter) => prefix switch
            {
                "v" => directions[parameter.Name],
                "hv" => products[parameter.Name],
                _ => SymbolFacts.AdjointName(parameter.Name),
            };

            (ScalarAdjointMethod adjoint, Differentiate.Recording.TapeRecording recording, Lowering.NameSource names) = transforms.Take("1", recordValueCalls: false);
            var seeds = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (ParamModel parameter in differentiable)
            {
                seeds[parameter.Name] = directions[parameter.Name];
                seeds[SymbolFacts.AdjointName(parameter.Name)] = products[parameter.Name];
            }

            var undeclared = method.Parameters.Where(p => !p.Differentiable && p.Shape == ParamShape.Scalar && SymbolFacts.IsFloating(p.Element))
                .ToDictionary(p => p.Name, p => SymbolFacts.Keyword(p.Element), System.StringComparer.Ordinal);
            (ScalarAdjointMethod? hessianVector, string? failure) = SweepTangentTransform.Transform(adjoint, names, seeds, undeclared);
            if (analysed.WrittenBuffers.Any(b => method.Parameters.Any(p => p.Name == b)))
            {
                // Its gradient is the pullback of the value with the written buffers' gradients set aside.
                (hessianVector, failure) = (null, "it writes buffers it takes (or passes them to a method that does)");
            }

            output.Append('\n');
            Indent(output, indent).Append("/// <summary>\n");
            Indent(output, indent).Append("/// Forward over reverse: returns what <c>").Append(method.Name).Append("</c> returns, adds its gradient into the adjoints\n");
            Indent(output, indent).Append("/// (as <c>").Append(method.Name).Append("Gradient</c> does) and the Hessian-vector product H·v into the <c>hv</c> buffers and scalars\n");
            Indent(output, indent).Append("/// (they accumulate: zero them first).\n");
            Indent(output, indent).Append("/// </summary>\n");
            foreach (ParamModel parameter in differentiable)
            {
                string bare = parameter.Name.TrimStart('@');
                Indent(output, indent).Append("/// <param name=\"").Append(NameOf("v", parameter)).Append("\">The direction's component for <paramref name=\"").Append(bare).Append("\"/>.</param>\n");
                Indent(output, indent).Append("/// <param name=\"").Append(NameOf("d", parameter).TrimStart('@')).Append("\">Adjoint of <paramref name=\"").Append(bare).Append("\"/>.</param>\n");
                Indent(output, indent).Append("/// <param name=\"").Append(NameOf("hv", parameter)).Append("\">Receives (H·v) for <paramref name=\"").Append(bare).Append("\"/>.</param>\n");
            }

            WriteSweepAttributes(output, indent, transforms.Analysed.Method);
            Indent(output, indent).Append(signature.Text).Append('\n');
            Indent(output, indent).Append("{\n");
            if (hessianVector is null)
            {
                Unsupported(output, indent + 1, method.Name + "HessianVector", failure!);
                Indent(output, indent).Append("}\n");
                return;
            }

            foreach (ParamModel parameter in differentiable.Where(p => p.Shape != ParamShape.Scalar))
            {
                foreach (string prefix in new[] { "v", "d", "hv" })
                {
                    WriteLengthCheck(output, indent + 1, parameter, NameOf(prefix, parameter));
                }
            }

            ScalarAdjointPrinter.Print(hessianVector, recording).Write(output, indent + 1);
            Indent(output, indent).Append("}\n");
        }

        /// <summary>
        /// <c>MPullbackHessianVector(p…, v…, [dResult, tDResult,] adj…, hv…)</c>: forward over reverse of the pullback, so
        /// that a caller's <c>MHessianVector</c> can differentiate a call of a method that writes buffers. It runs the
        /// pullback, with the tangent of every value beside it: the directions <c>v</c> are the tangents of the
        /// parameters (a written buffer's holds the tangent of its initial value on entry and of its final value on
        /// exit, as in <c>MTangent</c>), and the products <c>hv</c> the tangents of the adjoints, which accumulate
        /// like the adjoints do. <paramref name="seed"/> is the seeded pullback's result adjoint, null for a void method.
        /// </summary>
        private static void WritePullbackHessianVector(StringBuilder output, int indent, AdjointTransforms transforms, string? seed)
        {
            AnalysedMethod analysed = transforms.Analysed;
            MethodModel method = analysed.Method;
            if (method.Kernel is not null || !method.Parameters.Any(p => p.Differentiable))
            {
                return;
            }

            (string text, Dictionary<string, string> directions, Dictionary<string, string> products, string? seedTangent) = PullbackHessianVectorSignature(method, analysed.WrittenBuffers, seed);
            (ScalarAdjointMethod adjoint, Differentiate.Recording.TapeRecording recording, Lowering.NameSource names) = transforms.Take(seed ?? "1", recordValueCalls: false);
            var seeds = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (ParamModel parameter in method.Parameters.Where(p => p.Differentiable))
            {
                seeds[parameter.Name] = directions[parameter.Name];
                seeds[SymbolFacts.AdjointName(parameter.Name)] = products[parameter.Name];
            }

            var undeclared = method.Parameters.Where(p => !p.Differentiable && p.Shape is ParamShape.Scalar or ParamShape.Array or ParamShape.Span && SymbolFacts.IsFloating(p.Element))
                .ToDictionary(p => p.Name, p => SymbolFacts.Keyword(p.Element) + (p.Shape == ParamShape.Scalar ? string.Empty : "[]"), System.StringComparer.Ordinal);
            (ScalarAdjointMethod? hessianVector, string? failure) = SweepTangentTransform.Transform(adjoint, names, seeds, undeclared, seedTangent ?? "0");
            output.Append('\n');
            Indent(output, indent).Append("/// <summary>Forward over reverse of <c>").Append(method.Name)
                .Append("Pullback</c>: what a caller's <c>…HessianVector</c> runs for a call of <c>").Append(method.Name).Append("</c>.</summary>\n");
            Indent(output, indent).Append("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]\n");
            WriteSweepAttributes(output, indent, transforms.Analysed.Method);
            Indent(output, indent).Append(text).Append('\n');
            Indent(output, indent).Append("{\n");
            if (hessianVector is null)
            {
                Unsupported(output, indent + 1, method.Name + "PullbackHessianVector", failure!);
                Indent(output, indent).Append("}\n");
                return;
            }

            foreach (ParamModel parameter in method.Parameters.Where(p => p.Differentiable && p.Shape != ParamShape.Scalar))
            {
                foreach (string name in new[] { directions[parameter.Name], SymbolFacts.AdjointName(parameter.Name), products[parameter.Name] })
                {
                    WriteLengthCheck(output, indent + 1, parameter, name);
                }
            }

            ScalarAdjointPrinter.Print(hessianVector, recording).Write(output, indent + 1);
            Indent(output, indent).Append("}\n");
        }

        /// <summary>
        /// The signature of <c>MPullbackHessianVector</c>, the names of its directions and products, and the seed's tangent
        /// (null for a void method). A written span's direction is writable; every other one is read-only.
        /// </summary>
        private static (string Text, Dictionary<string, string> Directions, Dictionary<string, string> Products, string? SeedTangent) PullbackHessianVectorSignature(
            MethodModel method, IReadOnlyCollection<string> writtenBuffers, string? seed)
        {
            ParamModel[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
            var taken = new HashSet<string>(method.Parameters.Select(p => p.Name.TrimStart('@')).Concat(differentiable.Select(p => SymbolFacts.AdjointName(p.Name))).Concat(method.Identifiers), System.StringComparer.Ordinal);
            if (seed is not null)
            {
                taken.Add(seed);
            }

            var directions = differentiable.ToDictionary(p => p.Name, p => Unique(Prefixed("v", p.Name), taken), System.StringComparer.Ordinal);
            var products = differentiable.ToDictionary(p => p.Name, p => Unique(Prefixed("hv", p.Name), taken), System.StringComparer.Ordinal);
            string? seedTangent = seed is null ? null : Unique(Prefixed("t", seed), taken);
            var parameters = method.Parameters.Select(p => p.TypeCode + " " + p.Name).ToList();
            foreach (ParamModel parameter in differentiable)
            {
                parameters.Add(DirectionType(parameter, writtenBuffers.Contains(parameter.Name)) + " " + directions[parameter.Name]);
            }

            if (seed is not null)
            {
                string keyword = SymbolFacts.Keyword(method.ReturnKind);
                parameters.Add(keyword + " " + seed);
                parameters.Add(keyword + " " + seedTangent);
            }

            parameters.AddRange(differentiable.Select(p => AdjointType(p) + " " + SymbolFacts.AdjointName(p.Name)));
            parameters.AddRange(differentiable.Select(p => AdjointType(p) + " " + products[p.Name]));
            string returnType = method.ReturnKind == ScalarKind.Void ? "void" : SymbolFacts.Keyword(method.ReturnKind);
            string text = Modifiers(method) + returnType + " " + method.Name + "PullbackHessianVector(" + string.Join(", ", parameters) + ")";
            return (text, directions, products, seedTangent);
        }

        /// <summary><paramref name="prefix"/> and the name with its first letter upper-cased (<c>v</c>, <c>x</c> → <c>vX</c>).</summary>
        private static string Prefixed(string prefix, string name)
        {
            string bare = name.TrimStart('@');
            return prefix + char.ToUpperInvariant(bare[0]) + bare.Substring(1);
        }

        /// <summary>The type of a parameter's direction (its tangent): writable for a span the method writes, read-only for any other span.</summary>
        private static string DirectionType(ParamModel parameter, bool written)
        {
            string keyword = SymbolFacts.Keyword(parameter.Element);
            return parameter.Shape switch
            {
                ParamShape.Scalar => keyword,
                ParamShape.Array => keyword + "[]",
                ParamShape.Span when written => "global::System.Span<" + keyword + ">",
                _ => "global::System.ReadOnlySpan<" + keyword + ">",
            };
        }

        /// <summary>The type of a parameter's adjoint (or of the adjoint's tangent): by reference for a scalar, writable for a buffer.</summary>
        private static string AdjointType(ParamModel parameter)
        {
            string keyword = SymbolFacts.Keyword(parameter.Element);
            return parameter.Shape switch
            {
                ParamShape.Scalar => "ref " + keyword,
                ParamShape.Array => keyword + "[]",
                _ => "global::System.Span<" + keyword + ">",
            };
        }

        /// <summary>
        /// The signature of <c>MHessianVector</c> and the names of its directions and products; null for a method
        /// that returns nothing or has no differentiable parameter.
        /// </summary>
        private static (string Text, Dictionary<string, string> Directions, Dictionary<string, string> Products)? HessianVectorSignature(MethodModel method)
        {
            ParamModel[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
            if (method.ReturnKind == ScalarKind.Void || differentiable.Length == 0)
            {
                return null;
            }

            var taken = new HashSet<string>(method.Parameters.Select(p => p.Name.TrimStart('@')).Concat(differentiable.Select(p => SymbolFacts.AdjointName(p.Name))).Concat(method.Identifiers), System.StringComparer.Ordinal);
            var directions = differentiable.ToDictionary(p => p.Name, p => Unique(Prefixed("v", p.Name), taken), System.StringComparer.Ordinal);
            var products = differentiable.ToDictionary(p => p.Name, p => Unique(Prefixed("hv", p.Name), taken), System.StringComparer.Ordinal);
            var parameters = method.Parameters.Select(p => p.TypeCode + " " + p.Name).ToList();
            foreach (ParamModel parameter in differentiable)
            {
                parameters.Add(DirectionType(parameter, written: false) + " " + directions[parameter.Name]);
            }

            parameters.AddRange(differentiable.Select(p => AdjointType(p) + " " + SymbolFacts.AdjointName(p.Name)));
            parameters.AddRange(differentiable.Select(p => AdjointType(p) + " " + products[p.Name]));
            string text = Modifiers(method) + SymbolFacts.Keyword(method.ReturnKind) + " " + method.Name + "HessianVector(" + string.Join(", ", parameters) + ")";
            return (text, directions, products);
        }

        /// <summary>
        /// <c>MJacobian(p…, Span&lt;T&gt; jacobian)</c> for a void method that writes buffers: the dense,
        /// row-major Jacobian of the buffers it writes (rows, in parameter order) with respect to its other
        /// differentiable inputs (columns: scalars and the elements of the buffers it only reads). The written
        /// buffers' initial values are held fixed, and every run starts from them, so the buffers end as one
        /// call of the method leaves them. Forward mode (one <c>MTangent</c> per column) when there are fewer
        /// inputs than outputs, reverse mode (one <c>MPullback</c> per row) otherwise: each costs about one run
        /// of the method per column or row.
        /// </summary>
        /// <remarks>
        /// With <c>MPullbackLanes</c> (<paramref name="hasReverseLanes"/>), reverse mode carries up to eight rows per run:
        /// one forward sweep and one reverse sweep for them, where the pullback runs both once per row. The runs are in
        /// the narrowest lanes (two, four or eight) that hold one run's seeds, through the private generic overload.
        /// With <c>MTangentLanes</c> (<paramref name="hasLanes"/>), forward mode carries eight columns per run, so it is
        /// chosen whenever it needs fewer runs than reverse mode does: ⌈inputs / 8⌉ &lt; outputs. At equal counts reverse
        /// mode is kept: a run in lanes does eight times a tangent's arithmetic, and measured no cheaper than a pullback
        /// (bundle adjustment's 2 × 15 blocks: two runs either way).
        /// </remarks>
        private static void WriteJacobian(StringBuilder output, int indent, AnalysedMethod analysed, bool hasTangent, bool hasLanes, bool hasReverseLanes)
        {
            MethodModel method = analysed.Method;
            if (JacobianShape(analysed) is not var (outputs, inputs))
            {
                return;
            }

            var taken = new HashSet<string>(method.Parameters.Select(p => p.Name.TrimStart('@')), System.StringComparer.Ordinal);
            string jacobian = Fresh("jacobian");
            string rows = Fresh("__rows"), columns = Fresh("__columns"), k = Fresh("__k"), row = Fresh("__row"), column = Fresh("__column");
            // Every buffer the method writes, [NoDiff] ones included, starts each run from its initial contents.
            ParamModel[] written = method.Parameters.Where(p => p.Shape is ParamShape.Array or ParamShape.Span && analysed.WrittenBuffers.Contains(p.Name)).ToArray();
            var initial = written.ToDictionary(p => p.Name, p => Fresh("__initial_" + p.Name.TrimStart('@')));
            var shadow = method.Parameters.Where(p => p.Differentiable).ToDictionary(p => p.Name, p => Fresh("__s_" + p.Name.TrimStart('@')));

            output.Append('\n');
            Indent(output, indent).Append("/// <summary>\n");
            Indent(output, indent).Append("/// Runs <c>").Append(method.Name).Append("</c> and fills <paramref name=\"").Append(jacobian)
                .Append("\"/> with the dense, row-major Jacobian of the buffers it writes\n");
            Indent(output, indent).Append("/// (rows: ").Append(string.Join(", ", outputs.Select(p => p.Name.TrimStart('@')))).Append(") with respect to its other inputs (columns: ")
                .Append(string.Join(", ", inputs.Select(p => p.Name.TrimStart('@')))).Append("),\n");
            Indent(output, indent).Append("/// the written buffers' initial values held fixed; they end as one call leaves them. ")
                .Append(hasLanes && hasReverseLanes ? "Forward mode (one tangent run per " + LanesWidth + " inputs) when that takes fewer runs than reverse mode (one pullback per " + LanesWidth + " outputs), reverse mode otherwise."
                    : hasLanes ? "Forward mode (one tangent run per " + LanesWidth + " inputs) when that takes fewer runs than reverse mode (one pullback per output), reverse mode otherwise."
                    : hasTangent ? "Forward mode (one tangent run per input) when there are fewer inputs than outputs, reverse mode (one pullback per output) otherwise." : "Reverse mode, one pullback per output.").Append('\n');
            Indent(output, indent).Append("/// </summary>\n");
            Indent(output, indent).Append("/// <param name=\"").Append(jacobian).Append("\">Receives the Jacobian: outputs × inputs, row-major.</param>\n");
            Indent(output, indent).Append("[global::System.CodeDom.Compiler.GeneratedCode(\"Diff.Generator\", \"1.0.0\")]\n");
            Indent(output, indent).Append(JacobianSignature(method, jacobian)).Append('\n');
            Indent(output, indent).Append("{\n");
            string countRows = "int " + rows + " = " + string.Join(" + ", outputs.Select(p => p.Name + ".Length")) + ";";
            string countColumns = "int " + columns + " = " + string.Join(" + ", inputs.Select(p => p.Shape == ParamShape.Scalar ? "1" : p.Name + ".Length")) + ";";
            // Forward mode when it takes fewer runs (at the widest lanes) than reverse mode.
            string reverseRuns = hasReverseLanes ? "(" + rows + " + " + (LanesWidth - 1) + ") / " + LanesWidth : rows;
            string forwardRule = hasLanes ? "(" + columns + " + " + (LanesWidth - 1) + ") / " + LanesWidth + " < " + reverseRuns : columns + " < " + reverseRuns;
            if (hasLanes || hasReverseLanes)
            {
                // The runs in lanes are generic in their width: this picks the narrowest lanes that hold one run's seeds, so
                // that a Jacobian of two rows does not carry six lanes of zeros through every step.
                var dispatch = new CodeBuilder();
                dispatch.Line(countRows);
                dispatch.Line(countColumns);
                WriteSingleRun(dispatch, analysed, written, outputs, inputs, hasTangent, jacobian, rows, columns, Fresh);
                string seeds = Fresh("__seeds");
                dispatch.Line("int " + seeds + " = " + (hasTangent && hasLanes ? "(" + forwardRule + ") ? " + columns + " : " + rows : rows) + ";");
                string arguments = string.Join(", ", method.Parameters.Select(p => p.Name).Append(jacobian));
                dispatch.Open("if (" + seeds + " <= 2)");
                dispatch.Line(method.Name + "Jacobian<global::Diff.Internal.TangentLanes2>(" + arguments + ");");
                dispatch.Close();
                dispatch.Open("else if (" + seeds + " <= 4)");
                dispatch.Line(method.Name + "Jacobian<global::Diff.Internal.TangentLanes4>(" + arguments + ");");
                dispatch.Close();
                dispatch.Open("else");
                dispatch.Line(method.Name + "Jacobian<global::Diff.Internal.TangentLanes>(" + arguments + ");");
                dispatch.Close();
                dispatch.Write(output, indent + 1);
                Indent(output, indent).Append("}\n");
                output.Append('\n');
                Indent(output, indent).Append("/// <summary><c>").Append(method.Name).Append("Jacobian</c> with its runs in lanes of one width.</summary>\n");
                Indent(output, indent).Append("[global::System.CodeDom.Compiler.GeneratedCode(\"Diff.Generator\", \"1.0.0\")]\n");
                Indent(output, indent).Append(JacobianSignature(method, jacobian, inLanes: true)).Append('\n');
                Indent(output, indent).Append("{\n");
            }

            var body = new CodeBuilder();
            body.Line(countRows);
            body.Line(countColumns);
            if (!hasLanes && !hasReverseLanes)
            {
                WriteSingleRun(body, analysed, written, outputs, inputs, hasTangent, jacobian, rows, columns, Fresh);
            }

            body.Line("global::Diff.Internal.AdjointChecks.CheckJacobian(" + jacobian + ".Length, " + rows + ", " + columns + ", \"" + jacobian + "\");");
            // An empty Jacobian still runs the method once, as a call would.
            body.Open("if (" + rows + " == 0 || " + columns + " == 0)");
            body.Line(method.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Name)) + ");");
            body.Line("return;");
            body.Close();
            // The saved inputs and the shadows are scratch arrays reused per thread: a Jacobian called once per
            // observation (bundle adjustment) then allocates nothing once warm.
            const string Scratch = "global::Diff.Internal.ScratchArrays";
            var rented = new List<string>();
            var restores = new List<string>();
            var kept = new List<ParamModel>();
            foreach (ParamModel buffer in written)
            {
                string keyword = SymbolFacts.Keyword(buffer.Element);
                string rentedCopy = Fresh(initial[buffer.Name] + "_rented");
                // An array has no CopyTo(Span) of its own, and the user's file may not import System's extension methods.
                string save = buffer.Shape == ParamShape.Array
                    ? "global::System.MemoryExtensions.CopyTo(" + buffer.Name + ", " + initial[buffer.Name] + ");"
                    : buffer.Name + ".CopyTo(" + initial[buffer.Name] + ");";
                if (!DeadRestoreAnalysis.ReadsAnywhere(method.Body, buffer.Name))
                {
                    // A buffer the method only writes ends every run the same, whatever it held: its initial values need
                    // keeping only where it shares memory with an input, which a run would then change.
                    string[] others = Overlaps(method, buffer).ToArray();
                    if (others.Length == 0)
                    {
                        continue;
                    }

                    body.Line(keyword + "[]? " + rentedCopy + " = " + string.Join(" || ", others) + " ? " + Scratch + ".Rent<" + keyword + ">(" + buffer.Name + ".Length) : null;");
                    body.Line("global::System.Span<" + keyword + "> " + initial[buffer.Name] + " = " + rentedCopy + ";");
                    body.Line("if (" + rentedCopy + " is not null) " + save);
                    restores.Add("if (!" + initial[buffer.Name] + ".IsEmpty) " + initial[buffer.Name] + ".CopyTo(" + buffer.Name + ");");
                }
                else
                {
                    // A short buffer's initial values are kept on the stack, a long one's in a rented array.
                    body.Line(keyword + "[]? " + rentedCopy + " = " + buffer.Name + ".Length <= " + StackedNumbers + " ? null : " + Scratch + ".Rent<" + keyword + ">(" + buffer.Name + ".Length);");
                    body.Line("global::System.Span<" + keyword + "> " + initial[buffer.Name] + " = " + rentedCopy + " is null ? stackalloc " + keyword + "[" + buffer.Name + ".Length] : " + rentedCopy + ";");
                    body.Line(save);
                    restores.Add(initial[buffer.Name] + ".CopyTo(" + buffer.Name + ");");
                }

                kept.Add(buffer);
                rented.Add(rentedCopy);
            }

            string? dirty = restores.Count > 0 ? Fresh("__dirty") : null;
            if (dirty is not null)
            {
                body.Line("bool " + dirty + " = false;");
            }

            // The runs a local function holds: their locals and handlers stay out of the main path. A struct's instance
            // method cannot call its own members from a local function, so there they stay inline.
            bool separate = method.IsStatic || !method.ContainingTypes.Last().Keyword.Contains("struct");
            var localFunctions = new CodeBuilder();
            if (hasTangent)
            {
                // A callee's tangent may be out of forward mode's reach (it throws and says why); reverse mode then does the work.
                string forward = Fresh("__forward");
                body.Line("bool " + forward + " = " + forwardRule + ";");
                body.Open("if (" + forward + ")");
                // The handler is kept out of the method's body where it can be: locals live across a try block stay in
                // memory, and reverse mode's runs (bundle adjustment's) would pay for it on every access.
                CodeBuilder runs = separate ? localFunctions : body;
                string? forwardDirty = separate && dirty is not null ? Fresh("__dirtyForward") : dirty;
                if (separate)
                {
                    string forwardRuns = Fresh("__forwardRuns");
                    body.Line(forward + " = " + forwardRuns + "(" + LocalArguments() + ");");
                    if (dirty is not null)
                    {
                        body.Line(dirty + " = true;");
                    }

                    runs.Open((method.IsStatic ? "static " : string.Empty) + "bool " + forwardRuns + "(" + LocalParameters() + ")");
                    if (forwardDirty is not null)
                    {
                        runs.Line("bool " + forwardDirty + " = false;");
                    }
                }

                runs.Open("try");
                if (hasLanes)
                {
                    var lanes = method.Parameters.Where(p => p.Differentiable).ToDictionary(p => p.Name, p => Fresh("__l_" + p.Name.TrimStart('@')));
                    WriteJacobianRuns(runs, method, Fresh, forward: true, inputs, outputs, restores, lanes, jacobian, columns, column, k, forwardDirty, lane: Fresh("__lane"));

                    // In lanes, a zero tangent in one lane still meets the partials another lane needs, so a partial that is
                    // infinite where a column's tangent is zero gives that column NaN where its own tangent run gives a
                    // number: a Jacobian with a NaN is computed again by columns, as reverse mode's is by rows.
                    string byColumns = Fresh("__byColumns");
                    string entry = Fresh("__entry");
                    runs.Line("bool " + byColumns + " = false;");
                    runs.Line("for (int " + entry + " = 0; " + entry + " < " + rows + " * " + columns + " && !" + byColumns + "; " + entry + "++) "
                        + byColumns + " = " + JacobianElement(method) + ".IsNaN(" + jacobian + "[" + entry + "]);");
                    runs.Open("if (" + byColumns + ")");
                    WriteJacobianRuns(runs, method, Fresh, forward: true, inputs, outputs, restores, shadow, jacobian, columns, column, k, forwardDirty);
                    runs.Close();
                }
                else
                {
                    WriteJacobianRuns(runs, method, Fresh, forward: true, inputs, outputs, restores, shadow, jacobian, columns, column, k, forwardDirty);
                }

                if (separate)
                {
                    runs.Line("return true;");
                }

                runs.Close();
                runs.Open("catch (global::System.NotSupportedException)");
                runs.Line(separate ? "return false;" : forward + " = false;");
                runs.Close();
                if (separate)
                {
                    runs.Close();
                }

                body.Close();
                body.Open("if (!" + forward + ")");
                WriteReverse();
                body.Close();
            }
            else
            {
                WriteReverse();
            }

            // On the normal path only, as the runs do theirs.
            foreach (string array in rented)
            {
                body.Line("if (" + array + " is not null) " + Scratch + ".Return(" + array + ");");
            }

            body.Append(localFunctions);

            body.Write(output, indent + 1);
            Indent(output, indent).Append("}\n");

            // What a local function of runs takes: the method's parameters, the Jacobian, the kept initial values, the size.
            string LocalArguments() => string.Join(", ", method.Parameters.Select(p => p.Name).Append(jacobian).Concat(kept.Select(p => initial[p.Name])).Append(rows).Append(columns));

            string LocalParameters() => string.Join(", ", method.Parameters.Select(p => p.TypeCode + " " + p.Name)
                .Append("global::System.Span<" + JacobianElement(method) + "> " + jacobian)
                .Concat(kept.Select(p => "global::System.Span<" + SymbolFacts.Keyword(p.Element) + "> " + initial[p.Name]))
                .Append("int " + rows)
                .Append("int " + columns));

            string Fresh(string name)
            {
                while (!taken.Add(name))
                {
                    name += "_";
                }

                return name;
            }

            // Reverse mode: one pullback per row, or with MPullbackLanes up to eight rows per run. In lanes, a zero seed in
            // one lane still meets the partials another lane needs, so a partial that is infinite where a row's adjoint is
            // zero gives that row NaN where its own pullback gives a number: a Jacobian with a NaN is computed again by rows.
            void WriteReverse()
            {
                if (!hasReverseLanes)
                {
                    WriteJacobianRuns(body, method, Fresh, forward: false, inputs, outputs, restores, shadow, jacobian, columns, row, k, dirty, rows);
                    return;
                }

                string byRows = Fresh("__byRows");
                body.Line("bool " + byRows + " = " + rows + " == 1;");
                body.Open("if (!" + byRows + ")");
                // Whether an element read is NaN, noticed by the loop that reads it.
                string check = Fresh("__nan");
                body.Line("bool " + check + " = false;");
                var lanes = method.Parameters.Where(p => p.Differentiable).ToDictionary(p => p.Name, p => Fresh("__r_" + p.Name.TrimStart('@')));
                WriteJacobianRuns(body, method, Fresh, forward: false, inputs, outputs, restores, lanes, jacobian, columns, row, k, dirty, rows, lane: Fresh("__lane"), check: check);
                body.Line(byRows + " = " + check + ";");
                body.Close();
                body.Open("if (" + byRows + ")");
                if (separate)
                {
                    // The runs by rows, rare in lanes, keep their stack buffers out of the path that runs.
                    string rowsRuns = Fresh("__runsByRows");
                    body.Line(rowsRuns + "(" + LocalArguments() + (dirty is null ? string.Empty : ", " + dirty) + ");");
                    localFunctions.Open((method.IsStatic ? "static " : string.Empty) + "void " + rowsRuns + "(" + LocalParameters() + (dirty is null ? string.Empty : ", bool " + dirty) + ")");
                    WriteJacobianRuns(localFunctions, method, Fresh, forward: false, inputs, outputs, restores, shadow, jacobian, columns, row, k, dirty, rows);
                    localFunctions.Close();
                }
                else
                {
                    WriteJacobianRuns(body, method, Fresh, forward: false, inputs, outputs, restores, shadow, jacobian, columns, row, k, dirty, rows);
                }

                body.Close();
            }
        }

        /// <summary>
        /// A Jacobian that one run gives whole, written straight into <paramref name="jacobian"/>: a single column is one
        /// <c>MTangent</c> run whose output tangents are the Jacobian's slices, and a single row is one <c>MPullback</c> run
        /// whose input adjoints are. No lanes, no scratch and no copy: bundle adjustment's 1 × 1 weight blocks cost little
        /// more than the weight error itself. Written only where every shadow can be a slice (no array parameter, every
        /// differentiable parameter of the Jacobian's element type).
        /// </summary>
        private static void WriteSingleRun(
            CodeBuilder body,
            AnalysedMethod analysed,
            IReadOnlyList<ParamModel> written,
            IReadOnlyList<ParamModel> outputs,
            IReadOnlyList<ParamModel> inputs,
            bool hasTangent,
            string jacobian,
            string rows,
            string columns,
            System.Func<string, string> fresh)
        {
            MethodModel method = analysed.Method;
            ParamModel[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
            string element = JacobianElement(method);
            if (differentiable.Any(p => p.Shape == ParamShape.Array || SymbolFacts.Keyword(p.Element) != element))
            {
                return;
            }

            string arguments = string.Join(", ", method.Parameters.Select(p => p.Name));
            string check = "global::Diff.Internal.AdjointChecks.CheckJacobian(" + jacobian + ".Length, " + rows + ", " + columns + ", \"" + jacobian + "\");";

            // Forward mode may throw part-way (a callee's tangent out of its reach) and reverse mode then starts again: only
            // where that run cannot see what the first one wrote, that is where MJacobian would keep no initial values (no
            // written buffer is read, and none shares memory with another buffer, which is checked when the call is made).
            bool restartable = written.All(buffer => !DeadRestoreAnalysis.ReadsAnywhere(method.Body, buffer.Name));
            if (hasTangent && inputs.Count == 1 && restartable)
            {
                ParamModel input = inputs[0];
                IEnumerable<string> apart = written.SelectMany(buffer => Overlaps(method, buffer)).Select(overlap => "!" + overlap);
                body.Open("if (" + string.Join(" && ", apart.Prepend(columns + " == 1")) + ")");
                body.Line("// One input: one tangent run gives the only column, each output's tangent a slice of the Jacobian.");
                body.Line(check);
                string? one = null;
                if (input.Shape != ParamShape.Scalar)
                {
                    one = fresh("__one");
                    body.Line(element + " " + one + " = 1;");
                }

                body.Open("try");
                body.Line(jacobian + ".Clear();");
                var tangents = new List<string>();
                string offset = "0";
                foreach (ParamModel parameter in differentiable)
                {
                    if (parameter == input)
                    {
                        tangents.Add(one is null ? "1" : "global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref " + one + ", 1)");
                        continue;
                    }

                    tangents.Add(jacobian + ".Slice(" + offset + ", " + parameter.Name + ".Length)");
                    offset += " + " + parameter.Name + ".Length";
                }

                body.Line(method.Name + "Tangent(" + arguments + ", " + string.Join(", ", tangents) + ");");
                body.Line("return;");
                body.Close();
                body.Open("catch (global::System.NotSupportedException)");
                body.Line("// Reverse mode below does the work.");
                body.Close();
                body.Close();
            }

            if (outputs.Count == 1)
            {
                ParamModel output = outputs[0];
                body.Open("if (" + rows + " == 1)");
                body.Line("// One output: one pullback gives the only row, each input's adjoint a slice of the Jacobian.");
                body.Line(check);
                string one = fresh("__one");
                body.Line(element + " " + one + " = 1;");
                body.Line(jacobian + ".Clear();");
                var adjoints = new List<string>();
                string offset = "0";
                foreach (ParamModel parameter in differentiable)
                {
                    if (parameter == output)
                    {
                        adjoints.Add("global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref " + one + ", 1)");
                        continue;
                    }

                    adjoints.Add(parameter.Shape == ParamShape.Scalar ? "ref " + jacobian + "[" + offset + "]" : jacobian + ".Slice(" + offset + ", " + parameter.Name + ".Length)");
                    offset += " + " + (parameter.Shape == ParamShape.Scalar ? "1" : parameter.Name + ".Length");
                }

                body.Line(method.Name + "Pullback(" + arguments + ", " + string.Join(", ", adjoints) + ");");
                body.Line("return;");
                body.Close();
            }
        }

        /// <summary>Whether <paramref name="buffer"/> shares memory with another buffer parameter of its element type: one test per such parameter.</summary>
        private static IEnumerable<string> Overlaps(MethodModel method, ParamModel buffer)
        {
            string keyword = SymbolFacts.Keyword(buffer.Element);
            return method.Parameters
                .Where(p => p != buffer && p.Shape is ParamShape.Array or ParamShape.Span or ParamShape.ReadOnlySpan && p.Element == buffer.Element)
                .Select(p => "global::System.MemoryExtensions.Overlaps((global::System.ReadOnlySpan<" + keyword + ">)" + buffer.Name + ", (global::System.ReadOnlySpan<" + keyword + ">)" + p.Name + ")");
        }

        /// <summary>
        /// The rows and the columns of <c>MJacobian</c>: the differentiable buffers the method writes, and its other
        /// differentiable parameters; null for a method that has no Jacobian (it returns a value, or has no rows or no columns).
        /// </summary>
        private static (ParamModel[] Outputs, ParamModel[] Inputs)? JacobianShape(AnalysedMethod analysed)
        {
            MethodModel method = analysed.Method;
            // A read-only span is never written, even when it is passed to a callee that writes other buffers.
            ParamModel[] outputs = method.Parameters.Where(p => p.Differentiable && p.Shape is ParamShape.Array or ParamShape.Span && analysed.WrittenBuffers.Contains(p.Name)).ToArray();
            ParamModel[] inputs = method.Parameters.Where(p => p.Differentiable && !outputs.Contains(p)).ToArray();
            return method.ReturnKind != ScalarKind.Void || outputs.Length == 0 || inputs.Length == 0 ? null : (outputs, inputs);
        }

        /// <summary>
        /// <c>MPullbackLanes</c>: <c>MPullback</c> with every adjoint a <c>TangentLanes</c>, so that one forward sweep and one
        /// reverse sweep carry up to eight seeds, one row of the Jacobian per lane (<see cref="ReverseLanesTransform"/>).
        /// Written only for a method with a Jacobian whose differentiable parameters are all double, and whose adjoint
        /// the transform can widen (no call of a [Differentiable] method is left in it); false when there is none.
        /// </summary>
        private static string PullbackLanesSignature(MethodModel method)
        {
            var parameters = method.Parameters.Select(p => p.TypeCode + " " + p.Name).ToList();
            foreach (ParamModel parameter in method.Parameters.Where(p => p.Differentiable))
            {
                string type = parameter.Shape switch
                {
                    ParamShape.Scalar => "ref " + LanesType,
                    ParamShape.Array => LanesType + "[]",
                    _ => "global::System.Span<" + LanesType + ">",
                };
                parameters.Add(type + " " + SymbolFacts.AdjointName(parameter.Name));
            }

            return Modifiers(method) + "void " + method.Name + "PullbackLanes" + LanesTypeParameter + "(" + string.Join(", ", parameters) + ")" + LanesConstraint;
        }

        private static bool WritePullbackLanes(StringBuilder output, int indent, AdjointTransforms transforms)
        {
            AnalysedMethod analysed = transforms.Analysed;
            MethodModel method = analysed.Method;
            if (JacobianShape(analysed) is null || method.Parameters.Any(p => p.Differentiable && p.Element != ScalarKind.Double))
            {
                return false;
            }

            (CodeBuilder? body, _) = AdjointWriter.WriteLanesBody(transforms, LanesType);
            if (body is null)
            {
                return false;
            }

            output.Append('\n');
            Indent(output, indent).Append("/// <summary>\n");
            Indent(output, indent).Append("/// Vector reverse mode: <c>").Append(method.Name).Append("Pullback</c> with every adjoint a <c>TangentLanes</c>, several seeds\n");
            Indent(output, indent).Append("/// carried back through one run of <c>").Append(method.Name).Append("</c> (one row of its Jacobian per lane).\n");
            Indent(output, indent).Append("/// </summary>\n");
            Indent(output, indent).Append("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]\n");
            WriteSweepAttributes(output, indent, transforms.Analysed.Method);
            Indent(output, indent).Append(PullbackLanesSignature(method)).Append('\n');
            Indent(output, indent).Append("{\n");
            WriteLengthChecks(output, indent + 1, method);
            body.Write(output, indent + 1);
            Indent(output, indent).Append("}\n");
            return true;
        }

        /// <summary>The Jacobian's element type: float when every differentiable parameter is, double otherwise.</summary>
        private static string JacobianElement(MethodModel method) =>
            method.Parameters.Where(p => p.Differentiable).All(p => p.Element == ScalarKind.Float) ? "float" : "double";

        /// <summary>
        /// The signature of <c>MJacobian</c>, its last parameter named <paramref name="jacobian"/>: float when every
        /// differentiable parameter is, double otherwise.
        /// </summary>
        /// <param name="inLanes">The private overload generic in the lanes of its runs, which the public one calls.</param>
        private static string JacobianSignature(MethodModel method, string jacobian, bool inLanes = false)
        {
            string element = JacobianElement(method);
            return (inLanes ? "private " + (method.IsStatic ? "static " : string.Empty) : Modifiers(method)) + "void " + method.Name + "Jacobian" + (inLanes ? LanesTypeParameter : string.Empty) + "("
                + string.Join(", ", method.Parameters.Select(p => p.TypeCode + " " + p.Name).Concat(new[] { "global::System.Span<" + element + "> " + jacobian })) + ")"
                + (inLanes ? LanesConstraint : string.Empty);
        }

        /// <summary>
        /// One run per input (forward: seed its tangent, read the outputs' tangents into a column) or per
        /// output (reverse: seed its adjoint, read the inputs' adjoints into a row), each from the written
        /// buffers' initial values. With <paramref name="lane"/>, forward mode in lanes: one <c>MTangentLanes</c> run
        /// per <c>TangentLanes.Width</c> inputs, lane ℓ of the run from column c₀ seeded with input c₀ + ℓ. The shadows
        /// (tangents or adjoints, one per differentiable parameter) are scratch arrays rented here, so that a path that
        /// does not run costs nothing.
        /// </summary>
        private static void WriteJacobianRuns(
            CodeBuilder body,
            MethodModel method,
            System.Func<string, string> fresh,
            bool forward,
            IReadOnlyList<ParamModel> inputs,
            IReadOnlyList<ParamModel> outputs,
            IReadOnlyList<string> restores,
            Dictionary<string, string> shadow,
            string jacobian,
            string columns,
            string run,
            string k,
            string? dirty,
            string? rows = null,
            string? lane = null,
            string? check = null)
        {
            const string Scratch = "global::Diff.Internal.ScratchArrays";
            ParamModel[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();

            // A short span's shadow is on the stack (in lanes, kept by the thread): a Jacobian called once per observation
            // would otherwise spend as long renting and returning its shadows as computing (bundle adjustment's 2 × 15 blocks).
            var stacked = new Dictionary<string, string>(System.StringComparer.Ordinal);
            string? keptLanes = null, keptLength = null;
            ParamModel[] spans = differentiable.Where(p => p.Shape is ParamShape.Span or ParamShape.ReadOnlySpan).ToArray();
            if (lane is not null && spans.Length > 0)
            {
                // In lanes the spans' shadows are slices of one array the thread keeps: on the stack they would be zeroed
                // 16 bytes at a time on entry (64 bytes per element), which costs more than the clear each run does anyway.
                keptLanes = fresh("__lanes");
                keptLength = string.Join(" + ", spans.Select(p => p.Name + ".Length"));
                body.Line("var " + keptLanes + " = global::Diff.Internal.JacobianScratch.Rent<" + LanesType + ">(" + keptLength + ");");
                string start = "0";
                foreach (ParamModel parameter in spans)
                {
                    stacked[parameter.Name] = keptLanes;
                    body.Line("global::System.Span<" + LanesType + "> " + shadow[parameter.Name] + " = global::System.MemoryExtensions.AsSpan(" + keptLanes + ", " + start + ", " + parameter.Name + ".Length);");
                    start += " + " + parameter.Name + ".Length";
                }
            }

            foreach (ParamModel parameter in differentiable)
            {
                string type = lane is null ? SymbolFacts.Keyword(parameter.Element) : LanesType;
                if (keptLanes is not null && stacked.ContainsKey(parameter.Name))
                {
                    continue;
                }

                if (parameter.Shape is ParamShape.Span or ParamShape.ReadOnlySpan)
                {
                    string rented = stacked[parameter.Name] = fresh(shadow[parameter.Name] + "_rented");
                    body.Line(type + "[]? " + rented + " = " + parameter.Name + ".Length <= " + StackedNumbers + " ? null : " + Scratch + ".Rent<" + type + ">(" + parameter.Name + ".Length);");
                    body.Line("global::System.Span<" + type + "> " + shadow[parameter.Name] + " = " + rented + " is null ? stackalloc " + type + "[" + parameter.Name + ".Length] : " + rented + ";");
                    continue;
                }

                body.Line(parameter.Shape == ParamShape.Scalar
                    ? type + " " + shadow[parameter.Name] + " = default;"
                    : "var " + shadow[parameter.Name] + " = " + Scratch + ".Rent<" + type + ">(" + parameter.Name + ".Length);");
            }

            body.Open("for (int " + run + " = 0; " + run + " < " + (forward ? columns : rows) + "; " + run + (lane is null ? "++)" : " += " + LanesWidthOf + ")"));
            // The first run finds the written buffers as they came; a later one (or a fallback after a run) restores them.
            if (dirty is not null)
            {
                body.Open("if (" + dirty + ")");
                foreach (string restore in restores)
                {
                    body.Line(restore);
                }

                body.Close();
                body.Line(dirty + " = true;");
            }

            // Every run clears them: stackalloc does not zero under [SkipLocalsInit], which a user's type or module may carry,
            // and the thread's kept lanes hold the last Jacobian's. The kept lanes are cleared in one call, not one per span.
            if (keptLanes is not null)
            {
                body.Line("global::System.MemoryExtensions.AsSpan(" + keptLanes + ", 0, " + keptLength + ").Clear();");
            }

            foreach (ParamModel parameter in differentiable)
            {
                if (keptLanes is not null && stacked.ContainsKey(parameter.Name))
                {
                    continue;
                }

                body.Line(parameter.Shape == ParamShape.Scalar ? shadow[parameter.Name] + " = default;"
                    : stacked.ContainsKey(parameter.Name) ? shadow[parameter.Name] + ".Clear();"
                    : "global::System.Array.Clear(" + shadow[parameter.Name] + ");");
            }

            string arguments = string.Join(", ", method.Parameters.Select(p => p.Name));
            string shadows = string.Join(", ", differentiable.Select(p => (!forward && p.Shape == ParamShape.Scalar ? "ref " : string.Empty) + shadow[p.Name]));
            string? count = null;
            if (lane is null)
            {
                Seed(body, forward ? inputs : outputs, shadow, run, "1");
                body.Line(method.Name + (forward ? "Tangent(" : "Pullback(") + arguments + ", " + shadows + ");");
            }
            else
            {
                count = fresh("__lanesUsed");
                body.Line("int " + count + " = global::System.Math.Min(" + LanesWidthOf + ", " + (forward ? columns : rows) + " - " + run + ");");
                body.Open("for (int " + lane + " = 0; " + lane + " < " + count + "; " + lane + "++)");
                Seed(body, forward ? inputs : outputs, shadow, run + " + " + lane, LanesType + ".Unit(" + lane + ")");
                body.Close();
                body.Line(method.Name + (forward ? "TangentLanes(" : "PullbackLanes(") + arguments + ", " + shadows + ");");
            }

            string cast = lane is not null && differentiable.All(p => p.Element == ScalarKind.Float) ? "(float)" : string.Empty;
            if (lane is not null && !forward)
            {
                // Lane ℓ holds row run + ℓ: each input's lanes are read out into the run's rows in one call, which also
                // notices NaN.
                string rowsOf = fresh("__rowsOfRun");
                body.Line("var " + rowsOf + " = " + jacobian + ".Slice(" + run + " * " + columns + ");");
                string at = "0";
                foreach (ParamModel parameter in inputs)
                {
                    string lanes = parameter.Shape == ParamShape.Scalar ? "new global::System.ReadOnlySpan<" + LanesType + ">(ref " + shadow[parameter.Name] + ")" : shadow[parameter.Name];
                    body.Line((check is null ? "_ = " : check + " |= ") + "global::Diff.Internal.JacobianScratch.ReadRows<" + LanesType + ">(" + lanes + ", " + rowsOf + ".Slice(" + at + "), " + columns + ", " + count + ");");
                    at += " + " + (parameter.Shape == ParamShape.Scalar ? "1" : parameter.Name + ".Length");
                }
            }
            else
            {
                string offset = "0";
                foreach (ParamModel parameter in forward ? outputs : inputs)
                {
                    if (lane is not null)
                    {
                        // Forward mode's outputs are buffers: a method whose only output is a scalar has no Jacobian.
                        body.Begin();
                        string flat = Flat(body, fresh(shadow[parameter.Name] + "_flat"), shadow[parameter.Name]);
                        body.Open("for (int " + k + " = 0; " + k + " < " + parameter.Name + ".Length; " + k + "++)");
                        body.Line("for (int " + lane + " = 0; " + lane + " < " + count + "; " + lane + "++) "
                            + jacobian + "[(" + offset + " + " + k + ") * " + columns + " + " + run + " + " + lane + "] = " + cast + flat + "[" + k + " * " + LanesWidthOf + " + " + lane + "];");
                        body.Close();
                        body.Close();
                    }
                    else if (parameter.Shape == ParamShape.Scalar)
                    {
                        string at = forward ? "(" + offset + ") * " + columns + " + " + run : run + " * " + columns + " + " + offset;
                        body.Line(jacobian + "[" + at + "] = " + shadow[parameter.Name] + ";");
                    }
                    else
                    {
                        string at = forward ? "(" + offset + " + " + k + ") * " + columns + " + " + run : run + " * " + columns + " + " + offset + " + " + k;
                        body.Line("for (int " + k + " = 0; " + k + " < " + parameter.Name + ".Length; " + k + "++) " + jacobian + "[" + at + "] = " + shadow[parameter.Name] + "[" + k + "];");
                    }

                    offset += " + " + (parameter.Shape == ParamShape.Scalar ? "1" : parameter.Name + ".Length");
                }
            }

            body.Close();

            // On the normal path only, not in a finally block: a local read in a handler is kept in memory, not in a register,
            // for the whole method. A run that throws leaves its arrays to the collector, which is harmless.
            if (keptLanes is not null)
            {
                body.Line("global::Diff.Internal.JacobianScratch.Return(" + keptLanes + ");");
            }

            foreach (ParamModel parameter in differentiable.Where(p => p.Shape != ParamShape.Scalar && !(keptLanes is not null && stacked.ContainsKey(p.Name))))
            {
                body.Line(stacked.TryGetValue(parameter.Name, out string? rented)
                    ? "if (" + rented + " is not null) " + Scratch + ".Return(" + rented + ");"
                    : Scratch + ".Return(" + shadow[parameter.Name] + ");");
            }
        }

        /// <summary>
        /// The lanes of a shadow buffer as one span of numbers, element k's lane ℓ at k · width + ℓ: read this way, a lane is
        /// a load, where <c>TangentLanes[ℓ]</c> with ℓ a variable takes the vector out of its register first.
        /// </summary>
        private static string Flat(CodeBuilder body, string flat, string shadow)
        {
            body.Line("var " + flat + " = global::System.Runtime.InteropServices.MemoryMarshal.Cast<" + LanesType + ", double>(" + shadow + ");");
            return flat;
        }

        /// <summary>Sets the shadow of the <paramref name="index"/>-th element of the concatenated parameters to <paramref name="one"/>.</summary>
        private static void Seed(CodeBuilder body, IReadOnlyList<ParamModel> parameters, Dictionary<string, string> shadow, string index, string one)
        {
            string offset = "0";
            foreach (ParamModel parameter in parameters)
            {
                string size = parameter.Shape == ParamShape.Scalar ? "1" : parameter.Name + ".Length";
                string local = index + " - (" + offset + ")";
                body.Line("if (" + local + " >= 0 && " + local + " < " + size + ") " + (parameter.Shape == ParamShape.Scalar ? shadow[parameter.Name] : shadow[parameter.Name] + "[" + local + "]") + " = " + one + ";");
                offset += " + " + size;
            }
        }

        /// <summary>
        /// <c>MRecord</c> and <c>MReverse</c>, the halves of the pullback that a [Differentiable] caller records once
        /// (<see cref="RecordReversePrinter"/>): the caller's forward sweep runs <c>MRecord</c>, its reverse sweep
        /// <c>MReverse</c>, over the caller's tapes. <paramref name="seed"/> is the result adjoint's name for a method
        /// that returns a value (its seeded pullback), null for a void one.
        /// </summary>
        private static void WriteRecordReverse(StringBuilder output, int indent, AdjointTransforms transforms, string? seed)
        {
            AnalysedMethod analysed = transforms.Analysed;
            MethodModel method = analysed.Method;
            (ScalarAdjointMethod adjoint, Differentiate.Recording.TapeRecording recording, _) = transforms.Take(seed ?? "1");
            string callTape = recording.SharedName();
            // A straight-line leaf runs again in its reverse half: that costs less than recording its frame.
            (CodeBuilder Record, CodeBuilder Reverse)? halves = RunsAgainCheaply(method.Body) ? null : RecordReversePrinter.Print(adjoint, recording, callTape);
            bool hasPullback = seed is null || analysed.WrittenBuffers.Any(b => method.Parameters.Any(p => p.Name == b));
            if (halves is null && hasPullback)
            {
                ParamModel[] written = method.Parameters
                    .Where(p => p.Shape is ParamShape.Array or ParamShape.Span && p.Element is ScalarKind.Double or ScalarKind.Float && analysed.WrittenBuffers.Contains(p.Name))
                    .ToArray();
                halves = RecordReversePrinter.Fallback(method, written, callTape, method.Name + "Pullback", ArgumentNames(method, seed).Skip(method.Parameters.Count));
            }
            else if (halves is null)
            {
                // A method that writes no buffer has no seeded pullback to fall back on: its reverse half is the seeded
                // adjoint itself, without its return (the arguments hold what the call read).
                var record = new CodeBuilder();
                record.Line("return " + method.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Name)) + ");");
                halves = (record, AdjointWriter.WriteBody(transforms, seed!, returnsValue: false));

                // Neither half reads the caller's tape, and the adjoint's body may rent a tape of its own under that name.
                callTape = "__callerTape";
            }

            HalfSignatures(method, seed, callTape, out string recordSignature, out string reverseSignature);
            output.Append('\n');
            Indent(output, indent).Append("/// <summary>The forward half of <c>").Append(method.Name).Append("Pullback</c>: runs <c>").Append(method.Name)
                .Append("</c> and records, on the caller's tapes, what <c>").Append(method.Name).Append("Reverse</c> needs.</summary>\n");
            Indent(output, indent).Append("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]\n");
            WriteSweepAttributes(output, indent, transforms.Analysed.Method);
            Indent(output, indent).Append(recordSignature).Append('\n');
            Indent(output, indent).Append("{\n");
            halves.Value.Record.Write(output, indent + 1);
            Indent(output, indent).Append("}\n");

            output.Append('\n');
            Indent(output, indent).Append("/// <summary>The reverse half of <c>").Append(method.Name).Append("Pullback</c>: takes back what <c>").Append(method.Name)
                .Append("Record</c> recorded, with the buffers holding what it left in them, and accumulates the adjoints as the pullback does.</summary>\n");
            Indent(output, indent).Append("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]\n");
            WriteSweepAttributes(output, indent, transforms.Analysed.Method);
            Indent(output, indent).Append(reverseSignature).Append('\n');
            Indent(output, indent).Append("{\n");
            WriteLengthChecks(output, indent + 1, method);
            halves.Value.Reverse.Write(output, indent + 1);
            Indent(output, indent).Append("}\n");
        }

        /// <summary>
        /// Whether a method is cheaper to run again than to record (joint reversal): it has no loop and calls nothing
        /// its callers would record (a buffer-writing callee, or a value call with a differentiable buffer argument),
        /// so running it again costs about as much as pushing and popping the locals its reverse sweep reads.
        /// </summary>
        // A body with an effect of its own (a value drawn from an object, a counter bumped) must not run again: the
        // reverse half would repeat the effect and differentiate what the second run computed.
        private static bool RunsAgainCheaply(Block body) => body.Statements.All(statement => statement switch
        {
            LoopStmt or ForEachStmt or CallStmt => false,
            InactiveStmt inactive when !inactive.Pure && (inactive.Effect is not null || inactive.Declares) => false,
            AssignStmt assign => RunsAgainCheaply(assign.Value),
            ReturnStmt { Value: { } value } => RunsAgainCheaply(value),
            IfStmt branch => RunsAgainCheaply(branch.Then) && RunsAgainCheaply(branch.Else),
            BlockStmt nested => RunsAgainCheaply(nested.Body),
            _ => true,
        });

        private static bool RunsAgainCheaply(Expr value) =>
            !ExprTree.DescendantsAndSelf(value).Any(e => e is UserCallExpr { RecordsValueCall: true } or UserCallExpr { WritesBuffers: true } or ValueExpr { Pure: false });

        /// <summary>The signatures of <c>MRecord</c> (the parameters, then the tapes) and <c>MReverse</c> (the pullback's, then the tapes).</summary>
        internal static void HalfSignatures(MethodModel method, string? seed, string callTape, out string record, out string reverse)
        {
            string modifiers = Modifiers(method);
            string tape = "global::Diff.Internal.CallTape " + callTape;
            string returnType = method.ReturnKind == ScalarKind.Void ? "void" : SymbolFacts.Keyword(method.ReturnKind);
            record = modifiers + returnType + " " + method.Name + "Record(" + string.Join(", ", method.Parameters.Select(p => p.TypeCode + " " + p.Name).Concat(new[] { tape })) + ")";
            string pullback = Signature(method, method.Name + "Reverse", seed);
            int open = pullback.IndexOf('(');
            reverse = modifiers + "void " + method.Name + "Reverse(" + pullback.Substring(open + 1, pullback.Length - open - 2) + (pullback.EndsWith("()", System.StringComparison.Ordinal) ? string.Empty : ", ") + tape + ")";
        }

        private static void WriteLengthChecks(StringBuilder output, int indent, MethodModel method)
        {
            foreach (ParamModel parameter in method.Parameters.Where(p => p.Differentiable && p.Shape != ParamShape.Scalar))
            {
                WriteLengthCheck(output, indent, parameter, SymbolFacts.AdjointName(parameter.Name));
            }
        }

        /// <summary>
        /// Checks that a companion buffer (an adjoint, a tangent, a direction) has its parameter's length. A null array
        /// parameter is left to the method's own code, so that the companion throws where and what the method throws
        /// (an <c>ArgumentNullException</c> from its own check, say).
        /// </summary>
        private static void WriteLengthCheck(StringBuilder output, int indent, ParamModel parameter, string companion)
        {
            Indent(output, indent);
            if (parameter.Shape == ParamShape.Array)
            {
                output.Append("if (").Append(parameter.Name).Append(" is not null) ");
            }

            output.Append("global::Diff.Internal.AdjointChecks.CheckLength(")
                .Append(parameter.Name).Append(".Length, ").Append(companion).Append(".Length, \"").Append(companion.TrimStart('@'))
                .Append("\", \"").Append(parameter.Name.TrimStart('@')).Append("\");\n");
        }

        /// <summary>
        /// <c>dResult</c>, as tensor mode names it, unless a parameter, an adjoint or a name the body uses already has it:
        /// the body is copied into the companions that take it, where a local of that name would hide it (CS0136).
        /// </summary>
        private static string ResultAdjointName(MethodModel method)
        {
            var taken = new HashSet<string>(method.Parameters.Select(p => p.Name).Concat(method.Parameters.Select(p => SymbolFacts.AdjointName(p.Name))).Concat(method.Identifiers), System.StringComparer.Ordinal);
            string name = "dResult";
            while (taken.Contains(name))
            {
                name += "_";
            }

            return name;
        }

        /// <summary>
        /// The modifiers every companion starts with: the method's own accessibility, so that a public method's
        /// companions are public (the contract) and those of a private or internal one are no wider than it.
        /// Wider ones would not compile whenever a parameter's type is as narrow as the method (a private nested
        /// class; CS0051), and they would publish derivatives of a method its author kept to the type or assembly.
        /// Every caller the method has can reach its companions, since they are declared beside it.
        /// </summary>
        private static string Modifiers(MethodModel method) => method.Accessibility + " " + (method.IsStatic ? "static " : string.Empty);

        private static string Signature(MethodModel method, string name, string? seed = null)
        {
            var parameters = new List<string>();
            foreach (ParamModel parameter in method.Parameters)
            {
                parameters.Add(parameter.TypeCode + " " + parameter.Name);
            }

            if (seed is not null)
            {
                parameters.Add(SymbolFacts.Keyword(method.ReturnKind) + " " + seed);
            }

            foreach (ParamModel parameter in method.Parameters.Where(p => p.Differentiable))
            {
                parameters.Add(AdjointType(parameter) + " " + SymbolFacts.AdjointName(parameter.Name));
            }

            string returnType = method.ReturnKind == ScalarKind.Void ? "void" : SymbolFacts.Keyword(method.ReturnKind);
            return Modifiers(method) + returnType + " " + name + "(" + string.Join(", ", parameters) + ")";
        }

        private static IEnumerable<string> ArgumentNames(MethodModel method, string? seed = null) =>
            method.Parameters.Select(p => p.Name)
                .Concat(seed is null ? Enumerable.Empty<string>() : new[] { seed })
                .Concat(method.Parameters.Where(p => p.Differentiable).Select(p => (p.Shape == ParamShape.Scalar ? "ref " : string.Empty) + SymbolFacts.AdjointName(p.Name)));

        /// <summary>
        /// The gradient of a method that also writes buffers it takes: the result's gradient only, added to
        /// what the adjoints hold. The written buffers' adjoints are set aside and cleared, so that the
        /// pullback sees no gradient of their final values, and added back afterwards.
        /// </summary>
        private static void WriteGradientThroughPullback(StringBuilder output, int indent, MethodModel method, IReadOnlyList<ParamModel> writtenBuffers)
        {
            var taken = new HashSet<string>(method.Parameters.Select(p => p.Name.TrimStart('@')).Concat(method.Parameters.Select(p => SymbolFacts.AdjointName(p.Name).TrimStart('@'))), System.StringComparer.Ordinal);
            string Fresh(string name)
            {
                while (!taken.Add(name))
                {
                    name += "_";
                }

                return name;
            }

            string value = Fresh("__value");
            string k = Fresh("__k");
            var kept = writtenBuffers.ToDictionary(b => b.Name, b => Fresh("__kept_" + SymbolFacts.AdjointName(b.Name).TrimStart('@')), System.StringComparer.Ordinal);

            foreach (ParamModel buffer in writtenBuffers)
            {
                string adjoint = SymbolFacts.AdjointName(buffer.Name);
                Indent(output, indent).Append("var ").Append(kept[buffer.Name]).Append(" = global::Diff.Internal.TapeArrays.Rent<").Append(SymbolFacts.Keyword(buffer.Element)).Append(">(").Append(adjoint).Append(".Length);\n");
            }

            Indent(output, indent).Append("try\n");
            Indent(output, indent).Append("{\n");
            foreach (ParamModel buffer in writtenBuffers)
            {
                string adjoint = SymbolFacts.AdjointName(buffer.Name);
                string span = buffer.Shape == ParamShape.Array ? "new global::System.Span<" + SymbolFacts.Keyword(buffer.Element) + ">(" + adjoint + ")" : adjoint;
                Indent(output, indent + 1).Append(span).Append(".CopyTo(").Append(kept[buffer.Name]).Append(");\n");
                Indent(output, indent + 1).Append(span).Append(".Clear();\n");
            }

            string keyword = SymbolFacts.Keyword(method.ReturnKind);
            Indent(output, indent + 1).Append(keyword).Append(' ').Append(value).Append(" = ").Append(method.Name).Append("Pullback(").Append(string.Join(", ", ArgumentNames(method, "1"))).Append(");\n");
            foreach (ParamModel buffer in writtenBuffers)
            {
                string adjoint = SymbolFacts.AdjointName(buffer.Name);
                Indent(output, indent + 1).Append("for (int ").Append(k).Append(" = 0; ").Append(k).Append(" < ").Append(adjoint).Append(".Length; ").Append(k).Append("++)\n");
                Indent(output, indent + 1).Append("{\n");
                Indent(output, indent + 2).Append(adjoint).Append('[').Append(k).Append("] += ").Append(kept[buffer.Name]).Append('[').Append(k).Append("];\n");
                Indent(output, indent + 1).Append("}\n");
            }

            Indent(output, indent + 1).Append("return ").Append(value).Append(";\n");
            Indent(output, indent).Append("}\n");
            Indent(output, indent).Append("finally\n");
            Indent(output, indent).Append("{\n");
            foreach (ParamModel buffer in writtenBuffers)
            {
                Indent(output, indent + 1).Append("global::Diff.Internal.TapeArrays.Return(").Append(kept[buffer.Name]).Append(");\n");
            }

            Indent(output, indent).Append("}\n");
        }


        private static void WriteDocumentation(StringBuilder output, int indent, MethodModel method, bool returnsValue)
        {
            Indent(output, indent).Append("/// <summary>\n");
            if (returnsValue)
            {
                Indent(output, indent).Append("/// Returns what <c>").Append(method.Name).Append("</c> returns and adds its gradient into the adjoints\n");
                Indent(output, indent).Append("/// (they accumulate: zero them first).\n");
            }
            else
            {
                Indent(output, indent).Append("/// Runs <c>").Append(method.Name).Append("</c>, then turns the adjoints of the buffers' final values into adjoints\n");
                Indent(output, indent).Append("/// of their initial values, and adds the gradients of the other inputs into their adjoints.\n");
            }

            Indent(output, indent).Append("/// </summary>\n");
            foreach (ParamModel parameter in method.Parameters.Where(p => p.Differentiable))
            {
                Indent(output, indent).Append("/// <param name=\"").Append(SymbolFacts.AdjointName(parameter.Name).TrimStart('@'))
                    .Append("\">Adjoint of <paramref name=\"").Append(parameter.Name.TrimStart('@')).Append("\"/>.</param>\n");
            }
        }

        /// <summary>
        /// The attributes of a companion that runs the method's sweeps. When the method has a loop, the companion is
        /// compiled fully optimized at its first call (<c>AggressiveOptimization</c>): the tiered JIT would first run
        /// its loops unoptimized, then recompile them from the profile of a few calls, and that code measured 10–20 %
        /// slower on the GMM gradients than the code compiled fully at once (see docs/benchmarks.md). A companion
        /// without loops keeps the tiered JIT, which compiles it as well once it is called often.
        /// </summary>
        private static void WriteSweepAttributes(StringBuilder output, int indent, MethodModel method)
        {
            Indent(output, indent).Append("[global::System.CodeDom.Compiler.GeneratedCode(\"Diff.Generator\", \"1.0.0\")]\n");
            bool hasLoop = false;
            Analyse.MethodAnalyzer.Walk(method.Body, stmt => hasLoop |= stmt is LoopStmt or ForEachStmt);
            if (hasLoop)
            {
                Indent(output, indent).Append("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]\n");
            }
        }

        private static StringBuilder Indent(StringBuilder output, int indent) => SourceFrame.Indent(output, indent);
    }
}
