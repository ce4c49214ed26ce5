using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// Whether a method has compile errors of its own: the answer of
    /// <c>model.GetDiagnostics(method.Span)</c>, asked once per file instead of once per method.
    /// </summary>
    /// <remarks>
    /// Each <see cref="SemanticModel.GetDiagnostics"/> call compiles the method bodies in its span in
    /// parallel and walks the file's declarations again; with one call per method that fixed cost
    /// dominated the generator. Here one call covers the stretch of the file from its first to its last
    /// method with attributes, and each method takes the errors whose locations intersect its own span,
    /// which is the filter <see cref="SemanticModel.GetDiagnostics"/> applies. A file where that stretch
    /// holds more other members than candidates is asked per method, as before, so that one
    /// [Differentiable] method in a large file does not pay for compiling the rest of it. The table is
    /// keyed on the compilation, so it holds nothing once the compilation is gone.
    /// </remarks>
    internal static class CompileErrors
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, FileErrors>> Files = new();

        public static bool InMethod(SemanticModel model, MethodDeclarationSyntax syntax, CancellationToken cancellationToken)
        {
            SyntaxTree tree = syntax.SyntaxTree;
            ConcurrentDictionary<SyntaxTree, FileErrors> files = Files.GetValue(model.Compilation, static _ => new ConcurrentDictionary<SyntaxTree, FileErrors>());
            if (!files.TryGetValue(tree, out FileErrors? errors))
            {
                // Computed outside the dictionary, so that a cancelled computation leaves nothing behind.
                errors = files.GetOrAdd(tree, Compute(model, tree, cancellationToken));
            }

            if (errors.Span is not { } covered || !covered.Contains(syntax.Span))
            {
                return HasError(model.GetDiagnostics(syntax.Span, cancellationToken));
            }

            foreach (TextSpan span in errors.ErrorSpans)
            {
                if (syntax.Span.IntersectsWith(span))
                {
                    return true;
                }
            }

            return false;
        }

        private static FileErrors Compute(SemanticModel model, SyntaxTree tree, CancellationToken cancellationToken)
        {
            // Members are found without descending into any body.
            int candidates = 0;
            int start = int.MaxValue;
            int end = int.MinValue;
            var members = new List<MemberDeclarationSyntax>();
            foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is not MemberDeclarationSyntax member || node is BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                {
                    continue;
                }

                members.Add(member);
                if (member is MethodDeclarationSyntax method && method.AttributeLists.Count > 0)
                {
                    candidates++;
                    start = System.Math.Min(start, method.SpanStart);
                    end = System.Math.Max(end, method.Span.End);
                }
            }

            if (candidates < 2)
            {
                return FileErrors.PerMethod;
            }

            var covered = TextSpan.FromBounds(start, end);
            int others = 0;
            foreach (MemberDeclarationSyntax member in members)
            {
                if (covered.Contains(member.Span) && !(member is MethodDeclarationSyntax method && method.AttributeLists.Count > 0))
                {
                    others++;
                }
            }

            if (others > candidates)
            {
                return FileErrors.PerMethod;
            }

            var spans = new List<TextSpan>();
            foreach (Diagnostic diagnostic in model.GetDiagnostics(covered, cancellationToken))
            {
                if (diagnostic.Severity != DiagnosticSeverity.Error)
                {
                    continue;
                }

                foreach (Location location in Locations(diagnostic))
                {
                    if (location.SourceTree == tree)
                    {
                        spans.Add(location.SourceSpan);
                    }
                }
            }

            return new FileErrors(covered, spans);
        }

        private static bool HasError(IEnumerable<Diagnostic> diagnostics)
        {
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    return true;
                }
            }

            return false;
        }

        private static IEnumerable<Location> Locations(Diagnostic diagnostic)
        {
            yield return diagnostic.Location;
            foreach (Location location in diagnostic.AdditionalLocations)
            {
                yield return location;
            }
        }

        private sealed class FileErrors
        {
            public static readonly FileErrors PerMethod = new(null, new List<TextSpan>());

            public FileErrors(TextSpan? span, List<TextSpan> errorSpans)
            {
                Span = span;
                ErrorSpans = errorSpans;
            }

            /// <summary>The stretch of the file the errors were computed for; null when each method is asked on its own.</summary>
            public TextSpan? Span { get; }

            public List<TextSpan> ErrorSpans { get; }
        }
    }
}
