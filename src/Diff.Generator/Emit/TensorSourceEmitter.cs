using System.Collections.Generic;
using System.Linq;
using System.Text;
using Diff.Generator.Differentiate;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// Emits a tensor-mode method's companions: the public <c>MGradient</c> and <c>MPullback</c>,
    /// the <c>MRecord</c>/<c>MReverse</c> halves that callers (also across assemblies and
    /// virtual calls) use to differentiate through it, and <c>MTangent</c> (forward mode).
    /// </summary>
    internal static class TensorSourceEmitter
    {
        private const string Tensor = "global::Diff.Tensor";
        private const string Stack = "global::Diff.Internal.ValueStack";
        private const string Checks = "global::Diff.Internal.AdjointChecks";
        private const string Hidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";
        private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Diff.Generator\", \"1.0.0\")]";

        /// <summary>The companions of <paramref name="method"/>.</summary>
        /// <param name="description">The header's line that says what the file holds; by default, the adjoint of the method.</param>
        /// <param name="refusal">
        /// For a method refused for an error in its body (<see cref="RefusedEmitter"/>): the one statement of every
        /// companion's body, which throws; the companions then keep their signatures and modifiers, so that callers
        /// and overrides compile.
        /// </param>
        public static GeneratedSource Emit(TensorMethodModel method, string? description = null, string? refusal = null)
        {
            var output = FileBuilders.Rent();
            int indent = SourceFrame.Open(output, method.Name, method.Namespace, method.Usings, method.NamespaceUsings, method.ContainingTypes, description);
            bool hasWrappers = method.Kind is CompanionKind.Plain or CompanionKind.Abstract or CompanionKind.Virtual;
            if (hasWrappers)
            {
                WriteGradient(output, indent, method, refusal);
                output.Append('\n');
                WritePullback(output, indent, method, refusal);
                output.Append('\n');
            }

            WriteRecord(output, indent, method, refusal);
            output.Append('\n');
            WriteReverse(output, indent, method, refusal);
            output.Append('\n');
            WriteTangent(output, indent, method, refusal);
            output.Append('\n');
            var names = new TensorHessianWriter.Names(method);
            string? hessianRefusal = refusal;
            if (hessianRefusal is null && method.Kind != CompanionKind.Abstract && TensorHessianWriter.Unsupported(method) is { } unsupported)
            {
                hessianRefusal = "throw new global::System.NotSupportedException(\"" + method.Name + "HessianVector is not available: "
                    + unsupported.Replace("\\", "\\\\").Replace("\"", "\\\"") + ".\");";
            }

            if (hasWrappers)
            {
                WriteHessianVector(output, indent, method, names, hessianRefusal);
                output.Append('\n');
            }

            WriteRecordTangent(output, indent, method, names, hessianRefusal);
            output.Append('\n');
            WriteReverseTangent(output, indent, method, names, hessianRefusal);
            SourceFrame.Close(output, method.ContainingTypes);
            return new GeneratedSource(method.HintName + ".g.cs", FileBuilders.ToStringAndReturn(output));
        }

        private static void WriteGradient(StringBuilder output, int indent, TensorMethodModel method, string? refusal)
        {
            Doc(output, indent, "Returns what <c>" + method.Name + "</c> returns (a one-element tensor) and adds its gradient into the adjoints, as <c>backward()</c> does.");
            DocAdjoints(output, indent, method);
            Line(output, indent, GeneratedCode);
            Line(output, indent, Prefix(method, wrapper: true) + Tensor + " " + method.Name + "Gradient(" + string.Join(", ", Parameters(method).Concat(PublicAdjoints(method))) + ")");
            Line(output, indent, "{");
            if (Refused(output, indent, refusal))
            {
                return;
            }

            var body = new CodeBuilder();
            CheckAdjoints(body, method);
            body.Line(Stack + " __stack = new " + Stack + "();");
            body.Line(Tensor + " __result = " + method.Name + "Record(" + string.Join(", ", Arguments(method).Concat(new[] { "__stack" })) + ");");
            body.Line(Checks + ".CheckOneElement(__result, \"" + method.Name + "\");");
            ReverseWithPublicAdjoints(body, method, Tensor + ".OnesLike(__result)");
            body.Line("return __stack.Unwind(__result);");
            body.Write(output, indent + 1);
            Line(output, indent, "}");
        }

        private static void WritePullback(StringBuilder output, int indent, TensorMethodModel method, string? refusal)
        {
            Doc(output, indent, "Returns what <c>" + method.Name + "</c> returns and adds the vector-Jacobian product with <paramref name=\"dResult\"/> into the adjoints.");
            Line(output, indent, "/// <param name=\"dResult\">The gradient of the result (same shape as the result).</param>");
            DocAdjoints(output, indent, method);
            Line(output, indent, GeneratedCode);
            Line(output, indent, Prefix(method, wrapper: true) + Tensor + " " + method.Name + "Pullback(" + string.Join(", ", Parameters(method).Concat(new[] { Tensor + " dResult" }).Concat(PublicAdjoints(method))) + ")");
            Line(output, indent, "{");
            if (Refused(output, indent, refusal))
            {
                return;
            }

            var body = new CodeBuilder();
            CheckAdjoints(body, method);
            body.Line(Stack + " __stack = new " + Stack + "();");
            body.Line(Tensor + " __result = " + method.Name + "Record(" + string.Join(", ", Arguments(method).Concat(new[] { "__stack" })) + ");");
            body.Line(Checks + ".CheckResultGradient(__result, dResult, \"" + method.Name + "\");");
            ReverseWithPublicAdjoints(body, method, "dResult");
            body.Line("return __stack.Unwind(__result);");
            body.Write(output, indent + 1);
            Line(output, indent, "}");
        }

        private static void WriteRecord(StringBuilder output, int indent, TensorMethodModel method, string? refusal)
        {
            Doc(output, indent, "The forward sweep of <c>" + method.Name + "</c>: computes its result and saves what <c>" + method.Name + "Reverse</c> needs.");
            Line(output, indent, Hidden);
            Line(output, indent, GeneratedCode);
            string signature = Prefix(method, wrapper: false) + Tensor + " " + method.Name + "Record(" + string.Join(", ", Parameters(method).Concat(new[] { Stack + " " + method.StackName })) + ")";
            WriteBodyOrSemicolon(output, indent, method, signature, () => TensorAdjointWriter.WriteRecord(method), refusal);
        }

        private static void WriteReverse(StringBuilder output, int indent, TensorMethodModel method, string? refusal)
        {
            Doc(output, indent, "The reverse sweep of <c>" + method.Name + "</c>: takes back what <c>" + method.Name + "Record</c> saved and adds the gradients into the slots (a null-ref slot is not wanted).");
            Line(output, indent, Hidden);
            Line(output, indent, GeneratedCode);
            IEnumerable<string> slots = method.Parameters.Where(p => p.Differentiable).Select(p => "ref " + Tensor + "? " + SymbolFacts.AdjointName(p.Name));
            string signature = Prefix(method, wrapper: false) + "void " + method.Name + "Reverse(" + string.Join(", ", Parameters(method).Concat(new[] { Stack + " " + method.StackName, Tensor + "? dResult" }).Concat(slots)) + ")";
            WriteBodyOrSemicolon(output, indent, method, signature, () => TensorAdjointWriter.WriteReverse(method), refusal);
        }

        /// <summary>
        /// <c>MTangent(p…, t…, out Tensor tResult)</c>: forward mode, a Jacobian-vector product
        /// (<see cref="TensorTangentWriter"/>). One tangent per differentiable tensor parameter, in parameter order; module
        /// and parameter handles, [NoDiff] tensors and every other parameter are constants. It has the modifiers of
        /// <c>MRecord</c>, so that a call through a base type reaches the override's tangent. Where an op has no registered
        /// tangent (DIFF019), its body throws <see cref="System.NotSupportedException"/> with the reason.
        /// </summary>
        private static void WriteTangent(StringBuilder output, int indent, TensorMethodModel method, string? refusal)
        {
            Dictionary<string, string> tangents = TensorTangentWriter.ParameterTangents(method, out string resultTangent);
            Line(output, indent, "/// <summary>");
            Line(output, indent, "/// Forward mode (a Jacobian-vector product): runs <c>" + method.Name + "</c> and carries the tangent of each tensor input through it.");
            Line(output, indent, "/// Returns what it returns, with <paramref name=\"" + resultTangent + "\"/> = Σ ∂result/∂pⱼ · tⱼ. Module parameters are held constant.");
            Line(output, indent, "/// </summary>");
            foreach (TensorParam parameter in method.Parameters)
            {
                Line(output, indent, "/// <param name=\"" + parameter.Name.TrimStart('@') + "\">As for <c>" + method.Name + "</c>.</param>");
            }

            foreach (TensorParam parameter in method.Parameters.Where(p => p.Differentiable))
            {
                Line(output, indent, "/// <param name=\"" + tangents[parameter.Name] + "\">The tangent of <paramref name=\"" + parameter.Name.TrimStart('@') + "\"/> (same shape); null for zero.</param>");
            }

            Line(output, indent, "/// <param name=\"" + resultTangent + "\">The tangent of the result (same shape).</param>");
            Line(output, indent, GeneratedCode);
            IEnumerable<string> tangentParameters = method.Parameters.Where(p => p.Differentiable).Select(p => Tensor + "? " + tangents[p.Name]);
            string signature = Prefix(method, wrapper: false) + Tensor + " " + method.Name + "Tangent("
                + string.Join(", ", Parameters(method).Concat(tangentParameters).Concat(new[] { "out " + Tensor + " " + resultTangent })) + ")";
            string? unsupported = method.Kind == CompanionKind.Abstract ? null : TensorTangentWriter.Unsupported(method);
            if (refusal is null && unsupported is not null)
            {
                refusal = "throw new global::System.NotSupportedException(\"" + method.Name + "Tangent is not available: "
                    + unsupported.Replace("\\", "\\\\").Replace("\"", "\\\"") + ".\");";
            }

            WriteBodyOrSemicolon(output, indent, method, signature, () => TensorTangentWriter.Write(method, tangents, resultTangent), refusal);
        }

        /// <summary>
        /// <c>MHessianVector(p…, v…, adj…, hv…)</c>: forward over reverse (<see cref="TensorHessianWriter"/>). Returns what
        /// <c>M</c> returns (a one-element tensor), adds its gradient into the adjoints as <c>MGradient</c> does, and adds
        /// the Hessian times the directions into the products. Module parameters are held constant.
        /// </summary>
        private static void WriteHessianVector(StringBuilder output, int indent, TensorMethodModel method, TensorHessianWriter.Names names, string? refusal)
        {
            Line(output, indent, "/// <summary>");
            Line(output, indent, "/// Forward over reverse: returns what <c>" + method.Name + "</c> returns (a one-element tensor), adds its gradient into the adjoints as");
            Line(output, indent, "/// <c>" + method.Name + "Gradient</c> does, and adds the Hessian-vector product H·v into the products. Module parameters are held constant.");
            Line(output, indent, "/// </summary>");
            foreach (TensorParam parameter in method.Parameters)
            {
                Line(output, indent, "/// <param name=\"" + parameter.Name.TrimStart('@') + "\">As for <c>" + method.Name + "</c>.</param>");
            }

            TensorParam[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
            foreach (TensorParam parameter in differentiable)
            {
                Line(output, indent, "/// <param name=\"" + names.Directions[parameter.Name] + "\">The direction for <paramref name=\"" + parameter.Name.TrimStart('@') + "\"/> (same shape); null for zero.</param>");
            }

            foreach (TensorParam parameter in differentiable)
            {
                Line(output, indent, "/// <param name=\"" + names.Adjoints[parameter.Name] + "\">Accumulates the gradient for <paramref name=\"" + parameter.Name.TrimStart('@') + "\"/> (same shape); null when it is not wanted.</param>");
            }

            foreach (TensorParam parameter in differentiable)
            {
                Line(output, indent, "/// <param name=\"" + names.Products[parameter.Name] + "\">Accumulates the rows of H·v for <paramref name=\"" + parameter.Name.TrimStart('@') + "\"/> (same shape); null when it is not wanted.</param>");
            }

            Line(output, indent, GeneratedCode);
            IEnumerable<string> parameters = Parameters(method)
                .Concat(differentiable.Select(p => Tensor + "? " + names.Directions[p.Name]))
                .Concat(differentiable.Select(p => Tensor + "? " + names.Adjoints[p.Name]))
                .Concat(differentiable.Select(p => Tensor + "? " + names.Products[p.Name]));
            Line(output, indent, Prefix(method, wrapper: true) + Tensor + " " + method.Name + "HessianVector(" + string.Join(", ", parameters) + ")");
            Line(output, indent, "{");
            if (Refused(output, indent, refusal))
            {
                return;
            }

            var body = new CodeBuilder();
            foreach (TensorParam parameter in differentiable)
            {
                foreach (string checkedName in new[] { names.Directions[parameter.Name], names.Adjoints[parameter.Name], names.Products[parameter.Name] })
                {
                    body.Line(Checks + ".CheckAdjoint(" + parameter.Name + ", " + checkedName + ", \"" + checkedName + "\");");
                }
            }

            body.Line(Stack + " __stack = new " + Stack + "();");
            body.Line(Tensor + " __result = " + method.Name + "RecordTangent(" + string.Join(", ", Arguments(method).Concat(differentiable.Select(p => names.Directions[p.Name])).Concat(new[] { "__stack", "out " + Tensor + "? __tResult" })) + ");");
            body.Line(Checks + ".CheckOneElement(__result, \"" + method.Name + "\");");
            var slots = new List<string>();
            var productSlots = new List<string>();
            foreach (TensorParam parameter in differentiable)
            {
                string adjoint = names.Adjoints[parameter.Name];
                string product = names.Products[parameter.Name];
                body.Line(Tensor + "? __g_" + adjoint + " = null;");
                body.Line(Tensor + "? __h_" + product + " = null;");
                slots.Add("ref " + adjoint + " is null ? ref global::System.Runtime.CompilerServices.Unsafe.NullRef<" + Tensor + "?>() : ref __g_" + adjoint);
                productSlots.Add("ref " + product + " is null ? ref global::System.Runtime.CompilerServices.Unsafe.NullRef<" + Tensor + "?>() : ref __h_" + product);
            }

            // The seed is one; its tangent is zero.
            body.Line(method.Name + "ReverseTangent(" + string.Join(", ", Arguments(method).Concat(differentiable.Select(p => names.Directions[p.Name]))
                .Concat(new[] { "__stack", Tensor + ".OnesLike(__result)", "null" }).Concat(slots).Concat(productSlots)) + ");");
            foreach (TensorParam parameter in differentiable)
            {
                string adjoint = names.Adjoints[parameter.Name];
                string product = names.Products[parameter.Name];
                body.Line("if (__g_" + adjoint + " is not null) " + adjoint + "!.AddInPlace(__g_" + adjoint + ");");
                body.Line("if (__h_" + product + " is not null) " + product + "!.AddInPlace(__h_" + product + ");");
            }

            body.Line("return __stack.Unwind(__result);");
            body.Write(output, indent + 1);
            Line(output, indent, "}");
        }

        /// <summary><c>MRecordTangent(p…, t…, stack, out Tensor? tResult)</c>: <c>MRecord</c> with the tangents, for a caller's <c>…HessianVector</c>.</summary>
        private static void WriteRecordTangent(StringBuilder output, int indent, TensorMethodModel method, TensorHessianWriter.Names names, string? refusal)
        {
            Doc(output, indent, "The forward sweep of <c>" + method.Name + "HessianVector</c>: <c>" + method.Name + "Record</c> with the tangent of each value saved beside it.");
            Line(output, indent, Hidden);
            Line(output, indent, GeneratedCode);
            IEnumerable<string> tangents = method.Parameters.Where(p => p.Differentiable).Select(p => Tensor + "? " + names.Tangents[p.Name]);
            string signature = Prefix(method, wrapper: false) + Tensor + " " + method.Name + "RecordTangent("
                + string.Join(", ", Parameters(method).Concat(tangents).Concat(new[] { Stack + " " + method.StackName, "out " + Tensor + "? " + names.ResultTangent })) + ")";
            WriteBodyOrSemicolon(output, indent, method, signature, () => TensorHessianWriter.WriteRecord(method, names), refusal);
        }

        /// <summary>
        /// <c>MReverseTangent(p…, t…, stack, dResult, tDResult, ref adj…, ref tAdj…)</c>: <c>MReverse</c> with the tangent of
        /// each adjoint, for a caller's <c>…HessianVector</c>.
        /// </summary>
        private static void WriteReverseTangent(StringBuilder output, int indent, TensorMethodModel method, TensorHessianWriter.Names names, string? refusal)
        {
            Doc(output, indent, "The reverse sweep of <c>" + method.Name + "HessianVector</c>: <c>" + method.Name + "Reverse</c> with the tangent of each adjoint added into the second slots.");
            Line(output, indent, Hidden);
            Line(output, indent, GeneratedCode);
            TensorParam[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
            IEnumerable<string> parameters = Parameters(method)
                .Concat(differentiable.Select(p => Tensor + "? " + names.Tangents[p.Name]))
                .Concat(new[] { Stack + " " + method.StackName, Tensor + "? " + names.Seed, Tensor + "? " + names.SeedTangent })
                .Concat(differentiable.Select(p => "ref " + Tensor + "? " + names.Adjoints[p.Name]))
                .Concat(differentiable.Select(p => "ref " + Tensor + "? " + names.AdjointTangents[p.Name]));
            string signature = Prefix(method, wrapper: false) + "void " + method.Name + "ReverseTangent(" + string.Join(", ", parameters) + ")";
            WriteBodyOrSemicolon(output, indent, method, signature, () => TensorHessianWriter.WriteReverse(method, names), refusal);
        }

        private static void WriteBodyOrSemicolon(StringBuilder output, int indent, TensorMethodModel method, string signature, System.Func<CodeBuilder> body, string? refusal)
        {
            if (refusal is not null)
            {
                Line(output, indent, signature);
                Line(output, indent, "{");
                Refused(output, indent, refusal);
                return;
            }

            if (method.Kind == CompanionKind.Abstract)
            {
                // Virtual with a body that refuses, not abstract: a subclass the generator cannot complete
                // (not partial, or Forward not [Differentiable]) then fails with DIFF008/DIFF015 at its
                // declaration instead of CS0534 about members the user never wrote.
                Line(output, indent, signature);
                Line(output, indent, "{");
                Line(output, indent + 1, "throw new global::System.InvalidOperationException(" + (method.IsStatic ? "\"" : "GetType().Name + \".") + method.Name
                    + " has no generated gradient: mark the override [Differentiable] and its class partial (DIFF015, DIFF008).\");");
                Line(output, indent, "}");
                return;
            }

            Line(output, indent, signature);
            Line(output, indent, "{");
            body().Write(output, indent + 1);
            Line(output, indent, "}");
        }

        /// <summary>For a refused method, writes <paramref name="refusal"/> as the body and closes it; returns whether it did.</summary>
        private static bool Refused(StringBuilder output, int indent, string? refusal)
        {
            if (refusal is null)
            {
                return false;
            }

            Line(output, indent + 1, refusal);
            Line(output, indent, "}");
            return true;
        }

        private static void CheckAdjoints(CodeBuilder body, TensorMethodModel method)
        {
            foreach (TensorParam parameter in method.Parameters.Where(p => p.Differentiable))
            {
                string adjoint = SymbolFacts.AdjointName(parameter.Name);
                body.Line(Checks + ".CheckAdjoint(" + parameter.Name + ", " + adjoint + ", \"" + adjoint.TrimStart('@') + "\");");
            }
        }

        /// <summary>Runs the reverse sweep into private slots, then adds them into the caller's tensors in place.</summary>
        private static void ReverseWithPublicAdjoints(CodeBuilder body, TensorMethodModel method, string seed)
        {
            var slots = new List<string>();
            foreach (TensorParam parameter in method.Parameters.Where(p => p.Differentiable))
            {
                string adjoint = SymbolFacts.AdjointName(parameter.Name);
                string slot = "__g" + adjoint.TrimStart('@');
                body.Line(Tensor + "? " + slot + " = null;");
                slots.Add("ref " + adjoint + " is null ? ref global::System.Runtime.CompilerServices.Unsafe.NullRef<" + Tensor + "?>() : ref " + slot);
            }

            body.Line(method.Name + "Reverse(" + string.Join(", ", Arguments(method).Concat(new[] { "__stack", seed }).Concat(slots)) + ");");
            foreach (TensorParam parameter in method.Parameters.Where(p => p.Differentiable))
            {
                string adjoint = SymbolFacts.AdjointName(parameter.Name);
                body.Line("if (__g" + adjoint.TrimStart('@') + " is not null) " + adjoint + "!.AddInPlace(__g" + adjoint.TrimStart('@') + ");");
            }
        }

        private static string Prefix(TensorMethodModel method, bool wrapper)
        {
            string modifiers = method.IsStatic ? "static " : string.Empty;
            if (!wrapper)
            {
                modifiers += method.Kind switch
                {
                    CompanionKind.Abstract => "virtual ",
                    CompanionKind.Virtual => "virtual ",
                    CompanionKind.Override => "override ",
                    CompanionKind.SealedOverride => "sealed override ",
                    _ => string.Empty,
                };
            }

            return method.Accessibility + " " + modifiers;
        }

        private static IEnumerable<string> Parameters(TensorMethodModel method) => method.Parameters.Select(p => p.TypeCode + " " + p.Name);

        private static IEnumerable<string> Arguments(TensorMethodModel method) => method.Parameters.Select(p => p.Name);

        private static IEnumerable<string> PublicAdjoints(TensorMethodModel method) =>
            method.Parameters.Where(p => p.Differentiable).Select(p => Tensor + "? " + SymbolFacts.AdjointName(p.Name));

        private static void Doc(StringBuilder output, int indent, string summary) => Line(output, indent, "/// <summary>" + summary + "</summary>");

        private static void DocAdjoints(StringBuilder output, int indent, TensorMethodModel method)
        {
            foreach (TensorParam parameter in method.Parameters)
            {
                Line(output, indent, "/// <param name=\"" + parameter.Name.TrimStart('@') + "\">As for <c>" + method.Name + "</c>.</param>");
            }

            foreach (TensorParam parameter in method.Parameters.Where(p => p.Differentiable))
            {
                Line(output, indent, "/// <param name=\"" + SymbolFacts.AdjointName(parameter.Name).TrimStart('@') + "\">Accumulates the gradient for <paramref name=\"" + parameter.Name.TrimStart('@')
                    + "\"/> (same shape); null when it is not wanted.</param>");
            }
        }

        private static void Line(StringBuilder output, int indent, string text) => SourceFrame.Indent(output, indent).Append(text).Append('\n');
    }
}
