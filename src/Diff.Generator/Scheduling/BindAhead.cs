using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Scheduling
{
    /// <summary>
    /// Binds the <c>[Differentiable]</c> methods of a file on two threads: the compiler's driver binds them from the
    /// first down, one call per method, and a worker binds them from the last up, so that each binding the driver asks
    /// for next is often already made.
    /// <para>
    /// Binding a method (the compiler binding its body, then the parser) is most of the generator's time, and the driver
    /// runs it one method at a time on one thread while the compiler's other cores are idle. The compiler's semantic
    /// model may be asked from several threads at once, and a binding is a pure function of the method's syntax, its
    /// symbol and the compilation, so the worker's binding of a method is the one the driver would make. It is used only
    /// for the same compilation, the same syntax node and the same symbol; whichever thread reaches a method first binds
    /// it, and the other waits for it or moves on.
    /// </para>
    /// </summary>
    /// <typeparam name="T">What the binding step makes of a method.</typeparam>
    internal sealed class BindAhead<T>
        where T : class
    {
        private readonly Func<MethodDeclarationSyntax, IMethodSymbol, SemanticModel, CancellationToken, T> _bind;
        private readonly Func<IMethodSymbol, bool> _isTarget;
        private readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, FileWork>> _files = new();

        /// <param name="bind">The binding step for one method.</param>
        /// <param name="isTarget">Whether the driver will ask for the method: it carries the attribute the step is for.</param>
        public BindAhead(Func<MethodDeclarationSyntax, IMethodSymbol, SemanticModel, CancellationToken, T> bind, Func<IMethodSymbol, bool> isTarget)
        {
            _bind = bind;
            _isTarget = isTarget;
        }

        /// <summary>
        /// The binding of <paramref name="syntax"/>: the worker's, when it has made it or is making it, or made here. The
        /// first method asked of a file starts the worker on the file's other methods.
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
                // Nothing here may fail the generator: the method is bound below, as it would be without a worker.
            }

            return taken ?? _bind(syntax, symbol, model, cancellationToken);
        }

        private FileWork FileOf(SyntaxTree tree, SemanticModel model, CancellationToken cancellationToken)
        {
            ConcurrentDictionary<SyntaxTree, FileWork> files = _files.GetValue(model.Compilation, static _ => new ConcurrentDictionary<SyntaxTree, FileWork>());
            if (files.TryGetValue(tree, out FileWork? known))
            {
                return known;
            }

            // The driver asks from one thread, so the file's work is made and started once.
            var file = new FileWork(tree, model, _isTarget, _bind);
            files[tree] = file;
            file.StartWorker(cancellationToken);
            return file;
        }

        private sealed class FileWork
        {
            private readonly SemanticModel _model;
            private readonly Func<MethodDeclarationSyntax, IMethodSymbol, SemanticModel, CancellationToken, T> _bind;
            private readonly List<Claim> _claims = new();
            private readonly Dictionary<MethodDeclarationSyntax, Claim> _bySyntax = new();
            private readonly Func<IMethodSymbol, bool> _isTarget;

            public FileWork(SyntaxTree tree, SemanticModel model, Func<IMethodSymbol, bool> isTarget, Func<MethodDeclarationSyntax, IMethodSymbol, SemanticModel, CancellationToken, T> bind)
            {
                _model = model;
                _bind = bind;
                _isTarget = isTarget;

                // Only syntax here, on the driver's thread: methods with any attribute. The worker asks for each one's
                // symbol and skips those the driver will not ask for.
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes(static n => n is not (BlockSyntax or ArrowExpressionClauseSyntax)))
                {
                    if (node is MethodDeclarationSyntax { AttributeLists.Count: > 0 } method)
                    {
                        var claim = new Claim(method);
                        _claims.Add(claim);
                        _bySyntax[method] = claim;
                    }
                }
            }

            public void StartWorker(CancellationToken cancellationToken)
            {
                if (_claims.Count < 2)
                {
                    return;
                }

                Task.Run(() => BindFromTheEnd(cancellationToken), cancellationToken);
            }

            /// <summary>The binding of <paramref name="syntax"/> made or being made by the worker; null when the caller must bind it.</summary>
            public T? Take(MethodDeclarationSyntax syntax, IMethodSymbol symbol, CancellationToken cancellationToken)
            {
                if (!_bySyntax.TryGetValue(syntax, out Claim? claim))
                {
                    return null;
                }

                // Claimed here first: the worker will skip it, and the caller binds it with its own model and symbol.
                if (claim.TryClaim())
                {
                    claim.Abandon();
                    return null;
                }

                Claim.Outcome? outcome = claim.Wait(cancellationToken);
                return outcome is not null && SymbolEqualityComparer.Default.Equals(outcome.Symbol, symbol) ? outcome.Value : null;
            }

            private void BindFromTheEnd(CancellationToken cancellationToken)
            {
                for (int i = _claims.Count - 1; i >= 0 && !cancellationToken.IsCancellationRequested; i--)
                {
                    Claim claim = _claims[i];
                    if (!claim.TryClaim())
                    {
                        // The driver has reached this method; it binds the rest from here down itself.
                        return;
                    }

                    Claim.Outcome? outcome = null;
                    try
                    {
                        if (_model.GetDeclaredSymbol(claim.Syntax, cancellationToken) is IMethodSymbol symbol && _isTarget(symbol))
                        {
                            outcome = new Claim.Outcome(symbol, _bind(claim.Syntax, symbol, _model, cancellationToken));
                        }
                    }
                    catch (Exception)
                    {
                        // Cancelled, or anything else: the driver binds this method itself and reports what it finds.
                    }

                    claim.Finish(outcome);
                }
            }
        }

        /// <summary>One method's binding, made by whichever thread claims it first.</summary>
        private sealed class Claim
        {
            private readonly ManualResetEventSlim _done = new(false);
            private int _claimed;
            private Outcome? _outcome;

            public Claim(MethodDeclarationSyntax syntax) => Syntax = syntax;

            public MethodDeclarationSyntax Syntax { get; }

            public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

            public void Finish(Outcome? outcome)
            {
                _outcome = outcome;
                _done.Set();
            }

            public void Abandon() => _done.Set();

            /// <summary>The outcome, once; it is let go here, since the driver asks for each method once.</summary>
            public Outcome? Wait(CancellationToken cancellationToken)
            {
                _done.Wait(cancellationToken);
                Outcome? outcome = _outcome;
                _outcome = null;
                return outcome;
            }

            public sealed class Outcome
            {
                public Outcome(IMethodSymbol symbol, T value)
                {
                    Symbol = symbol;
                    Value = value;
                }

                public IMethodSymbol Symbol { get; }

                public T Value { get; }
            }
        }
    }
}
