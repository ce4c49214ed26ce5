using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Diff.CodeFixes
{
    /// <summary>
    /// DIFF001: writes a <c>[DerivativeOf]</c> registration for the callee with exactly the signature
    /// the generator matches (<see cref="RegistrationFinder.MatchesShape"/>): the callee's parameters,
    /// then one adjoint per differentiable parameter (<c>ref double</c> for a scalar, the same array
    /// type for an array, <c>Span&lt;T&gt;</c> for a span), returning what the callee returns. A
    /// <c>void</c> callee that writes buffers gets the pullback shape the same way. The body throws
    /// until the derivative is written, so a forgotten stub fails loudly instead of giving a zero.
    /// </summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(AddDerivativeOfStubCodeFixProvider)), Shared]
    public sealed class AddDerivativeOfStubCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NoDerivative);

        /// <inheritdoc/>
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (await FixSyntax.FindCalleeAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false) is not { } found
                    || !CanRegister(found.Callee)
                    || found.Invocation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } host
                    || found.Model.GetDeclaredSymbol(host, context.CancellationToken) is not INamedTypeSymbol hostSymbol)
                {
                    continue;
                }

                string name = UniqueName(hostSymbol, found.Callee.Name + "Derivative");
                MemberDeclarationSyntax stub = Stub(found.Callee, name).WithLeadingTrivia(FixSyntax.EndOfLine(root));
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Register a [DerivativeOf] for '{found.Callee.ContainingType.Name}.{found.Callee.Name}'",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(host, host.AddMembers(stub)))),
                        equivalenceKey: nameof(AddDerivativeOfStubCodeFixProvider)),
                    diagnostic);
            }
        }

        /// <summary>Static, non-generic callees returning a floating value, or void (the pullback shape), can be registered.</summary>
        internal static bool CanRegister(IMethodSymbol callee) =>
            callee.IsStatic
            && !callee.IsGenericMethod
            && callee.MethodKind == MethodKind.Ordinary
            && callee.Parameters.All(p => p.RefKind == RefKind.None)
            && (callee.ReturnsVoid ? callee.Parameters.Any(p => IsDifferentiable(p) && SymbolFacts.ShapeOf(p.Type).Shape is ParamShape.Array or ParamShape.Span)
                                   : SymbolFacts.ShapeOf(callee.ReturnType).Shape == ParamShape.Scalar);

        /// <summary>The registration's declaration, as the generator expects it for <paramref name="callee"/>.</summary>
        internal static MemberDeclarationSyntax Stub(IMethodSymbol callee, string name)
        {
            string owner = callee.ContainingType.ToDisplayString(SymbolFacts.QualifiedFormat);
            var parameters = new List<string>();
            var adjoints = new List<string>();
            foreach (IParameterSymbol parameter in callee.Parameters)
            {
                string type = parameter.Type.ToDisplayString(SymbolFacts.QualifiedFormat);
                string parameterName = SyntaxFacts.GetKeywordKind(parameter.Name) == SyntaxKind.None ? parameter.Name : "@" + parameter.Name;
                parameters.Add(type + " " + parameterName);
                if (!IsDifferentiable(parameter))
                {
                    continue;
                }

                (ParamShape shape, ScalarKind element) = SymbolFacts.ShapeOf(parameter.Type);
                string adjoint = SymbolFacts.AdjointName(parameter.Name);
                adjoints.Add(shape switch
                {
                    ParamShape.Scalar => "ref " + SymbolFacts.Keyword(element) + " " + adjoint,
                    ParamShape.Array => type + " " + adjoint,
                    _ => "global::System.Span<" + SymbolFacts.Keyword(element) + "> " + adjoint,
                });
            }

            string returns = callee.ReturnsVoid ? "void" : callee.ReturnType.ToDisplayString(SymbolFacts.QualifiedFormat);
            string what = callee.ReturnsVoid
                ? "Perform " + callee.Name + "'s writes; on entry each written buffer's adjoint holds the gradient of its final value, on exit it must hold the gradient of its initial value, and the other adjoints accumulate (+=)."
                : "Return " + callee.Name + "'s value and add (+=) its partial derivative with respect to each parameter into that parameter's adjoint.";
            var text = new StringBuilder()
                .Append("[global::Diff.DerivativeOf(typeof(").Append(owner).Append("), nameof(").Append(owner).Append('.').Append(callee.Name).Append("))]\n")
                .Append("public static ").Append(returns).Append(' ').Append(name).Append('(').Append(string.Join(", ", parameters.Concat(adjoints))).Append(")\n")
                .Append("{\n")
                .Append("    // ").Append(what).Append('\n')
                .Append("    throw new global::System.NotImplementedException(\"Write the derivative of ").Append(callee.Name).Append(".\");\n")
                .Append("}\n")
                .ToString();
            MemberDeclarationSyntax member = SyntaxFactory.ParseMemberDeclaration(text)
                ?? throw new System.InvalidOperationException("The registration stub does not parse: " + text);
            return member.WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        }

        private static bool IsDifferentiable(IParameterSymbol parameter) =>
            SymbolFacts.ShapeOf(parameter.Type).Shape != ParamShape.Other && !FixSyntax.HasDiffAttribute(parameter, "NoDiff");

        private static string UniqueName(INamedTypeSymbol type, string name)
        {
            string candidate = name;
            for (int i = 2; type.GetMembers(candidate).Length > 0 || type.MemberNames.Contains(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }
    }
}
