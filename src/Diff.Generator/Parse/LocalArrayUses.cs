using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// Whether a local array (or an array parameter of a helper it is passed to) never lets a reference to it outlive the
    /// method: then an adjoint that runs the method may take the array's storage from the per-thread scratch arrays and
    /// give it back at its end, and a gradient allocates nothing for the arrays its method allocates.
    /// </summary>
    /// <remarks>
    /// The test is by syntax, and errs towards <c>new</c>: every use of the name must be an element, <c>Length</c>, a
    /// <c>foreach</c> over it, a library call that keeps no reference (<c>Array.Clear</c>, <c>CopyTo</c>, LINQ's
    /// <c>Max</c>, …), or an argument of a [Differentiable] method of the same file whose parameter passes the same test.
    /// Anything else (an assignment, an alias, a capture by a lambda or a local function, an argument of any other method)
    /// keeps the allocation as written.
    /// </remarks>
    internal static class LocalArrayUses
    {
        // Helpers passed the array, then their helpers: deeper chains keep the allocation.
        private const int CalleeDepthLimit = 4;

        /// <summary>Whether every use of <paramref name="name"/> in <paramref name="method"/> keeps no reference to it.</summary>
        /// <param name="method">The method declaring the local (or the parameter).</param>
        /// <param name="name">The local's or parameter's name.</param>
        /// <param name="model">The model <paramref name="method"/>'s body is bound in, for the calls it makes.</param>
        /// <param name="helpersModel">
        /// The model the bodies of the file's other members are bound in (<see cref="SemanticQueries.OtherBodiesModel"/>), for
        /// the calls of the helpers the array is passed to: asked of <paramref name="model"/>, they would be bound again.
        /// </param>
        /// <param name="cancellationToken">Cancels the binding of calls.</param>
        public static bool StayInMethod(BaseMethodDeclarationSyntax method, string name, SemanticModel model, SemanticModel helpersModel, CancellationToken cancellationToken) =>
            StayIn(method, name, model, helpersModel, cancellationToken, depth: 0);

        private static bool StayIn(BaseMethodDeclarationSyntax method, string name, SemanticModel model, SemanticModel helpersModel, CancellationToken cancellationToken, int depth)
        {
            SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
            if (body is null)
            {
                return false;
            }

            foreach (IdentifierNameSyntax identifier in body.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != name
                    || (identifier.Parent is MemberAccessExpressionSyntax member && member.Name == identifier))
                {
                    continue;
                }

                // A lambda or a local function may outlive the call that made it.
                if (identifier.Ancestors().TakeWhile(a => a != body).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                    || !UseKeepsNoReference(identifier, model, helpersModel, cancellationToken, depth))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool UseKeepsNoReference(IdentifierNameSyntax identifier, SemanticModel model, SemanticModel helpersModel, CancellationToken cancellationToken, int depth)
        {
            switch (identifier.Parent)
            {
                case ElementAccessExpressionSyntax element when element.Expression == identifier:
                case ForEachStatementSyntax loop when loop.Expression == identifier:
                    return true;
                case MemberAccessExpressionSyntax member when member.Expression == identifier:
                    if (member.Parent is InvocationExpressionSyntax call && call.Expression == member)
                    {
                        return model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol called && KeepsNoReference(called.ReducedFrom ?? called);
                    }

                    return member.Name.Identifier.ValueText is "Length" or "LongLength";
                case ArgumentSyntax { NameColon: null } argument when argument.RefKindKeyword.IsKind(SyntaxKind.None)
                                                                       && argument.Parent is ArgumentListSyntax list
                                                                       && list.Parent is InvocationExpressionSyntax invocation:
                {
                    if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol target)
                    {
                        return false;
                    }

                    if (KeepsNoReference(target.ReducedFrom ?? target))
                    {
                        return true;
                    }

                    int position = list.Arguments.IndexOf(argument);
                    return depth < CalleeDepthLimit
                           && position < target.Parameters.Length
                           && !target.Parameters[position].IsParams
                           && SymbolFacts.HasAttribute(target.OriginalDefinition, SymbolFacts.DifferentiableAttribute)
                           && target.OriginalDefinition.DeclaringSyntaxReferences.Length == 1
                           && target.OriginalDefinition.DeclaringSyntaxReferences[0] is { } reference
                           && reference.SyntaxTree == model.SyntaxTree
                           && reference.GetSyntax(cancellationToken) is BaseMethodDeclarationSyntax callee
                           && StayIn(callee, target.Parameters[position].Name, helpersModel, helpersModel, cancellationToken, depth + 1);
                }

                default:
                    return false;
            }
        }

        /// <summary>Library methods that read or write an array's elements during the call and keep no reference to it.</summary>
        private static bool KeepsNoReference(IMethodSymbol method)
        {
            string type = method.ContainingType.ToDisplayString();
            return type switch
            {
                "System.Array" => method.Name is "Clear" or "Fill" or "Copy" or "CopyTo" or "IndexOf" or "LastIndexOf" or "Reverse" or "Sort" or "Clone",
                "System.MemoryExtensions" => method.Name is "AsSpan" or "CopyTo" or "IndexOf",
                "System.Linq.Enumerable" => method.Name is "Max" or "Min" or "Sum" or "Average",
                _ => false,
            };
        }
    }
}
