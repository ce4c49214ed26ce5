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

        /// <summary>Analyse, guarded the same way: a failure is a DIFF013 error on the method, not a crashed generator.</summary>
        /// <param name="diagnosticsOnly">For the analyzer: the diagnostics of the method as written, without the analysis with helpers inlined.</param>
        public static Result<Analyse.AnalysedMethod> Analyse(MethodModel method, System.Collections.Immutable.ImmutableArray<DerivativeRegistration> registrations, bool diagnosticsOnly = false) =>
            Guarded(method.Location, method.Name, () => Diff.Generator.Analyse.MethodAnalyzer.Analyse(method, registrations, diagnosticsOnly));

        /// <summary>Analyse for tensor mode, guarded the same way.</summary>
        public static Result<TensorMethodModel> AnalyseTensor(TensorMethodModel method) =>
            Guarded(method.Location, method.Name, () => new Result<TensorMethodModel>(Diff.Generator.Analyse.TensorMethodAnalyzer.Analyse(method), EquatableArray<DiagnosticInfo>.Empty));

        private static Result<T> Guarded<T>(LocationInfo? location, string methodName, Func<Result<T>> analyse)
            where T : class
        {
            try
            {
                return analyse();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception exception)
            {
                var diagnostic = DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedExpression,
                    location,
                    methodName,
                    "the generator failed on this method (" + exception.GetType().Name + ": " + exception.Message + "); please report it");
                return new Result<T>(null, new[] { diagnostic }.ToEquatableArray());
            }
        }

        /// <summary>
        /// Emit, guarded: the other methods' code is still written, and this method's file holds an
        /// <c>#error</c> that names it, so the failure shows in the build instead of a missing method.
        /// </summary>
        public static Emit.GeneratedSource Emit(string hintName, string methodName, Func<Emit.GeneratedSource> emit)
        {
            try
            {
                return emit();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception exception)
            {
                string reason = (exception.GetType().Name + ": " + exception.Message).Replace('\r', ' ').Replace('\n', ' ');
                return new Emit.GeneratedSource(hintName + ".g.cs", "#error DiffGen could not write the companions of '" + methodName + "' (" + reason + "); please report it\n");
            }
        }
    }
}
