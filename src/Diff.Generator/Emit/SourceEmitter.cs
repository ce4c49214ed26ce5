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
            var output = new StringBuilder();
            int indent = SourceFrame.Open(output, method.Name, method.Namespace, method.Usings, method.ContainingTypes);

            bool returnsValue = method.ReturnKind != ScalarKind.Void;
            string name = method.Name + (returnsValue ? "Gradient" : "Pullback");
            string signature = Signature(method, name);
            WriteDocumentation(output, indent, method, returnsValue);
            Indent(output, indent).Append("[global::System.CodeDom.Compiler.GeneratedCode(\"Diff.Generator\", \"1.0.0\")]\n");
            Indent(output, indent).Append(signature).Append('\n');
            Indent(output, indent).Append("{\n");
            WriteLengthChecks(output, indent + 1, method);
            AdjointWriter.WriteBody(analysed).Write(output, indent + 1);
            Indent(output, indent).Append("}\n");

            if (returnsValue && analysed.WrittenBuffers.Any(b => method.Parameters.Any(p => p.Name == b)))
            {
                // A method that returns a value and writes its buffers also answers to the Pullback name.
                output.Append('\n');
                Indent(output, indent).Append("/// <summary>Same as <c>").Append(name).Append("</c>: the result is seeded with 1.</summary>\n");
                Indent(output, indent).Append(Signature(method, method.Name + "Pullback")).Append('\n');
                Indent(output, indent).Append("    => ").Append(name).Append('(').Append(string.Join(", ", ArgumentNames(method))).Append(");\n");

                // The seeded pullback: what a caller that uses the value inside a larger computation needs.
                string seed = ResultAdjointName(method);
                output.Append('\n');
                Indent(output, indent).Append("/// <summary>As <c>").Append(name).Append("</c>, with the result's gradient <paramref name=\"").Append(seed.TrimStart('@'))
                    .Append("\"/> instead of 1.</summary>\n");
                Indent(output, indent).Append("[global::System.CodeDom.Compiler.GeneratedCode(\"Diff.Generator\", \"1.0.0\")]\n");
                Indent(output, indent).Append(Signature(method, method.Name + "Pullback", seed)).Append('\n');
                Indent(output, indent).Append("{\n");
                WriteLengthChecks(output, indent + 1, method);
                AdjointWriter.WriteBody(analysed, seed).Write(output, indent + 1);
                Indent(output, indent).Append("}\n");
            }

            SourceFrame.Close(output, method.Namespace, method.ContainingTypes);
            return new GeneratedSource(method.HintName + ".g.cs", output.ToString());
        }

        private static void WriteLengthChecks(StringBuilder output, int indent, MethodModel method)
        {
            foreach (ParamModel parameter in method.Parameters.Where(p => p.Differentiable && p.Shape != ParamShape.Scalar))
            {
                string adjoint = SymbolFacts.AdjointName(parameter.Name);
                Indent(output, indent).Append("global::Diff.Internal.AdjointChecks.CheckLength(")
                    .Append(parameter.Name).Append(".Length, ").Append(adjoint).Append(".Length, \"").Append(adjoint.TrimStart('@'))
                    .Append("\", \"").Append(parameter.Name.TrimStart('@')).Append("\");\n");
            }
        }

        /// <summary><c>dResult</c>, as tensor mode names it, unless a parameter or an adjoint already has that name.</summary>
        private static string ResultAdjointName(MethodModel method)
        {
            var taken = new HashSet<string>(method.Parameters.Select(p => p.Name).Concat(method.Parameters.Select(p => SymbolFacts.AdjointName(p.Name))), System.StringComparer.Ordinal);
            string name = "dResult";
            while (taken.Contains(name))
            {
                name += "_";
            }

            return name;
        }

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
                string keyword = SymbolFacts.Keyword(parameter.Element);
                string adjointType = parameter.Shape switch
                {
                    ParamShape.Scalar => "ref " + keyword,
                    ParamShape.Array => keyword + "[]",
                    _ => "global::System.Span<" + keyword + ">",
                };
                parameters.Add(adjointType + " " + SymbolFacts.AdjointName(parameter.Name));
            }

            string returnType = method.ReturnKind == ScalarKind.Void ? "void" : SymbolFacts.Keyword(method.ReturnKind);
            return "public " + (method.IsStatic ? "static " : string.Empty) + returnType + " " + name + "(" + string.Join(", ", parameters) + ")";
        }

        private static IEnumerable<string> ArgumentNames(MethodModel method) =>
            method.Parameters.Select(p => p.Name)
                .Concat(method.Parameters.Where(p => p.Differentiable).Select(p => (p.Shape == ParamShape.Scalar ? "ref " : string.Empty) + SymbolFacts.AdjointName(p.Name)));

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

        private static StringBuilder Indent(StringBuilder output, int indent) => SourceFrame.Indent(output, indent);
    }
}
