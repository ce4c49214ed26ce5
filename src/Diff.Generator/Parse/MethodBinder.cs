using System.Linq;
using System.Threading;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// The front end shared by the generator and the analyzer: it decides a [Differentiable]
    /// method's mode once (a method over tensors, modules or parameters is differentiated in tensor
    /// mode, anything else in scalar mode) and binds it with that mode's parser. Together with the
    /// parsers it calls, it is the only code that reads syntax, symbols and the semantic model.
    /// </summary>
    internal static class MethodBinder
    {
        public static MethodMode ModeOf(IMethodSymbol method) => TensorFacts.IsTensorMethod(method) ? MethodMode.Tensor : MethodMode.Scalar;

        /// <param name="checkCompileErrors">
        /// Whether code with compile errors of its own is left alone (the generator); the analyzer
        /// passes false, since the compiler reports those errors and DIFF errors still help.
        /// </param>
        /// <param name="offerInlining">False for the analyzer, which reports the method as written and needs no helper's body.</param>
        /// <param name="otherBodies">
        /// The model through which the bodies of the file's other members are bound when the parser reads them
        /// (<see cref="SemanticQueries.OtherBodiesModel"/>); <paramref name="model"/> when null.
        /// </param>
        public static Result<BoundMethod> Bind(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken, bool checkCompileErrors = true, bool offerInlining = true, SemanticModel? otherBodies = null)
        {
            if (ModeOf(method) == MethodMode.Tensor)
            {
                Result<TensorMethodModel> tensor = TensorMethodParser.Parse(syntax, method, model, cancellationToken, checkCompileErrors);
                EquatableArray<DiagnosticInfo> tensorDiagnostics = tensor.Value is { } tensorModel
                    ? WithCompanionClash(tensor.Diagnostics, syntax, method, model, () => CompanionClashes.FromSource(Emit.TensorSourceEmitter.Emit(tensorModel, refusal: "throw null;").Text), cancellationToken)
                    : tensor.Diagnostics;
                return new Result<BoundMethod>(tensor.Value is null ? null : new BoundMethod(MethodMode.Tensor, null, tensor.Value), tensorDiagnostics);
            }

            Result<MethodModel> scalar = MethodParser.Parse(syntax, method, model, cancellationToken, checkCompileErrors, offerInlining: offerInlining, otherBodies: otherBodies);
            EquatableArray<DiagnosticInfo> diagnostics = scalar.Value is { } parsed
                ? WithCompanionClash(scalar.Diagnostics, syntax, method, model, () => CompanionClashes.FromSignatures(Emit.SourceEmitter.CompanionSignatures(parsed, withLanes: true)), cancellationToken)
                : scalar.Diagnostics;
            return new Result<BoundMethod>(scalar.Value is null ? null : new BoundMethod(MethodMode.Scalar, scalar.Value, null), diagnostics);
        }

        /// <summary>
        /// <paramref name="diagnostics"/> with DIFF020 added if a member the type declares takes a companion's signature.
        /// The companions are the emitter's to write; the front end only checks that none is taken.
        /// </summary>
        private static EquatableArray<DiagnosticInfo> WithCompanionClash(
            EquatableArray<DiagnosticInfo> diagnostics, MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model,
            System.Func<System.Collections.Generic.IEnumerable<MethodDeclarationSyntax>> companions, CancellationToken cancellationToken) =>
            CompanionClashes.Find(method, companions, model, syntax.SpanStart, cancellationToken) is { } clash
                ? diagnostics.Concat(new[] { DiagnosticInfo.Create(DiagnosticDescriptors.CompanionClash, LocationInfo.From(syntax.Identifier.GetLocation()), method.Name, clash.Companion, clash.Member) }).ToEquatableArray()
                : diagnostics;

        /// <summary>
        /// Binds a [Kernel] method: scalar mode's IR, with the kernel's shape and ILGPU's kernel subset
        /// checked, and <c>Atomic.Add</c> bound as the assignment it performs.
        /// </summary>
        /// <param name="otherBodies">As for <see cref="Bind"/>.</param>
        public static Result<BoundMethod> BindKernel(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken, bool checkCompileErrors = true, SemanticModel? otherBodies = null)
        {
            Result<MethodModel> kernel = MethodParser.Parse(syntax, method, model, cancellationToken, checkCompileErrors, kernel: true, otherBodies: otherBodies);
            return new Result<BoundMethod>(kernel.Value is null ? null : new BoundMethod(MethodMode.Kernel, kernel.Value, null), kernel.Diagnostics);
        }
    }
}
