using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Scheduling
{
    /// <summary>
    /// Binds the methods of a file on two threads: the compiler's driver binds them from the first down, one call per
    /// method, and the helper (<see cref="AheadHelper"/>) binds them from the last up, so that the binding the driver
    /// asks for next is often already made.
    /// <para>
    /// Binding a method (the compiler binding its body, then the parser) is most of the generator's time. The compiler's
    /// semantic model may be asked from several threads at once, and a binding is a pure function of the method's syntax,
    /// its symbol and the compilation, so the helper's binding of a method is the one the driver would make. It is used
    /// only for the same compilation, the same syntax node and the same symbol; whichever thread reaches a method first
    /// binds it, and the other waits for it or moves on.
    /// </para>
    /// </summary>
    /// <typeparam name="T">What the binding step makes of a method.</typeparam>
    internal sealed class BindAhead<T>
        where T : class
    {
        private readonly Func<MethodDeclarationSyntax, IMethodSymbol, SemanticModel, CancellationToken, T> _bind;
        private readonly Func<IMethodSymbol, MethodDeclarationSyntax, bool> _isTarget;
        private readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, FileWork>> _files = new();

        /// <param name="bind">The binding step for one method; it must change nothing outside what it returns.</param>
        /// <param name="isTarget">Whether the driver will ask for the method: this declaration carries the attribute the step is for.</param>
        public BindAhead(Func<MethodDeclarationSyntax, IMethodSymbol, SemanticModel, CancellationToken, T> bind, Func<IMethodSymbol, MethodDeclarationSyntax, bool> isTarget)
        {
            _bind = bind;
            _isTarget = isTarget;
        }

        /// <summary>
        /// The binding of <paramref name="syntax"/>: the helper's, when it has made it or is making it, or made here. The
        /// first method asked of a file gives the helper the file's other methods.
        /// </summary>
        public T Bind(MethodDeclarationSyntax syntax, IMethodSymbol symbol, SemanticModel model, CancellationToken cancellationToken)
        {
            T? taken = null;
            try
            {
                taken = FileOf(syntax.SyntaxTree, model, cancellationToken).Take(syntax, symbol, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Nothing here may fail the generator: the method is bound below, as it would be without the helper.
            }

            return taken ?? _bind(syntax, symbol, model, cancellationToken);
        }

        private FileWork FileOf(SyntaxTree tree, SemanticModel model, CancellationToken cancellationToken)
        {
            ConcurrentDictionary<SyntaxTree, FileWork> files = _files.GetValue(model.Compilation, static _ => new ConcurrentDictionary<SyntaxTree, FileWork>());
            if (files.TryGetValue(tree, out FileWork? known) && !known.CancellationToken.IsCancellationRequested)
            {
                return known;
            }

            // The driver asks from one thread, so each file's work is made and handed to the helper once; again after a
            // cancelled run, whose work the helper dropped, when the driver runs on the same compilation again.
            var file = new FileWork(this, tree, model, cancellationToken);
            files[tree] = file;
            if (file.Count > 1)
            {
                AheadHelper.Of(model.Compilation).BindAhead(file.NextFromTheEnd);
            }

            return file;
        }

        private sealed class FileWork
        {
            private readonly List<ClaimedWork<Outcome>> _claims = new();
            private readonly Dictionary<MethodDeclarationSyntax, ClaimedWork<Outcome>> _bySyntax = new();
            private int _next;

            public FileWork(BindAhead<T> owner, SyntaxTree tree, SemanticModel model, CancellationToken cancellationToken)
            {
                CancellationToken = cancellationToken;

                // Only syntax here, on the driver's thread: the methods with attributes. Each one's symbol is asked when it
                // is bound, and those the driver will not ask for are skipped.
                foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes(static n => n is not (BlockSyntax or ArrowExpressionClauseSyntax)))
                {
                    if (node is MethodDeclarationSyntax { AttributeLists.Count: > 0 } method)
                    {
                        var claim = new ClaimedWork<Outcome>(() => Bind(owner, method, model, cancellationToken), cancellationToken);
                        _claims.Add(claim);
                        _bySyntax[method] = claim;
                    }
                }

                _next = _claims.Count - 1;
            }

            public int Count => _claims.Count;

            /// <summary>The token of the run that made the work: once it is cancelled, the helper skips what is left.</summary>
            public CancellationToken CancellationToken { get; }

            /// <summary>For the helper: the next method up from the end, or null once the driver has reached it.</summary>
            public IAheadWork? NextFromTheEnd()
            {
                if (_next < 0 || _claims[_next].IsClaimed)
                {
                    return null;
                }

                return _claims[_next--];
            }

            /// <summary>The binding of <paramref name="syntax"/>, made here or by the helper; null when the caller must bind it.</summary>
            public T? Take(MethodDeclarationSyntax syntax, IMethodSymbol symbol, CancellationToken cancellationToken)
            {
                if (!_bySyntax.TryGetValue(syntax, out ClaimedWork<Outcome>? claim))
                {
                    return null;
                }

                Outcome? outcome = claim.Take(cancellationToken);
                return outcome is not null && SymbolEqualityComparer.Default.Equals(outcome.Symbol, symbol) ? outcome.Value : null;
            }

            private static Outcome? Bind(BindAhead<T> owner, MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken cancellationToken) =>
                model.GetDeclaredSymbol(syntax, cancellationToken) is IMethodSymbol symbol && owner._isTarget(symbol, syntax)
                    ? new Outcome(symbol, owner._bind(syntax, symbol, model, cancellationToken))
                    : null;
        }

        /// <summary>A binding and the symbol it was made for, which must be the one the driver asks about.</summary>
        private sealed record Outcome(IMethodSymbol Symbol, T Value);
    }
}
