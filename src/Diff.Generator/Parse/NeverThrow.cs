using System;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>The generator must never throw: an internal failure becomes a DIFF013 diagnostic on the method.</summary>
    internal static class NeverThrow
    {
        public static Result<T> Parse<T>(MethodDeclarationSyntax syntax, IMethodSymbol method, Func<Result<T>> parse)
            where T : class
        {
            try
            {
                return parse();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception exception)
            {
                var diagnostic = DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedExpression,
                    LocationInfo.From(syntax.Identifier.GetLocation()),
                    method.Name,
                    "the generator failed on this method (" + exception.GetType().Name + ": " + exception.Message + "); please report it");
                return new Result<T>(null, new[] { diagnostic }.ToEquatableArray());
            }
        }
    }
}
