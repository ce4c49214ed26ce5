using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// The semantic model's answers for one method's binding, each asked of the compiler once: the parser
    /// and its value binder ask about the same expression several times (the parser for its type, then the
    /// value binder again for it and for each part of it), and every question walks from the node to its
    /// member's model and its bound nodes anew. The answers are the compiler's, unchanged.
    /// </summary>
    internal sealed class SemanticQueries
    {
        private Dictionary<SyntaxNode, TypeInfo>? _types;
        private Dictionary<SyntaxNode, SymbolInfo>? _symbols;

        /// <param name="model">The model the method's own body is bound through.</param>
        /// <param name="otherBodies">
        /// The model through which the bodies of other members of the same file are bound, when the parser reads a
        /// helper's body (to inline it, or to see what a call reads or changes); <paramref name="model"/> when null.
        /// </param>
        public SemanticQueries(SemanticModel model, SemanticModel? otherBodies = null)
        {
            Model = model;
            OtherBodiesModel = otherBodies ?? model;
        }

        public SemanticModel Model { get; }

        /// <summary>
        /// The model for the bodies of the file's other members. The generator binds each method's own body through a
        /// model of its own, so that the body is garbage once the method is parsed, but shares one model per file for the
        /// helpers' bodies: every caller in the file reads the same few helpers, and through a shared model they are
        /// bound once, not once per caller.
        /// </summary>
        public SemanticModel OtherBodiesModel { get; }

        private SemanticQueries? _otherBodies;

        /// <summary>The answers for the file's other members (<see cref="OtherBodiesModel"/>), asked of one instance for this binding.</summary>
        public SemanticQueries OtherBodies => _otherBodies ??= ReferenceEquals(OtherBodiesModel, Model) ? this : new SemanticQueries(OtherBodiesModel);

        /// <summary>Whether each getter asked about may change state (<see cref="ObjectStateFacts.GetterMayChange"/>): a getter is read at every use of its property.</summary>
        public Dictionary<IMethodSymbol, bool> GettersThatMayChange { get; } = new(SymbolEqualityComparer.Default);

        public TypeInfo GetTypeInfo(ExpressionSyntax expression, CancellationToken cancellationToken)
        {
            _types ??= new Dictionary<SyntaxNode, TypeInfo>();
            if (!_types.TryGetValue(expression, out TypeInfo info))
            {
                info = Model.GetTypeInfo(expression, cancellationToken);
                _types[expression] = info;
            }

            return info;
        }

        public SymbolInfo GetSymbolInfo(ExpressionSyntax expression, CancellationToken cancellationToken)
        {
            _symbols ??= new Dictionary<SyntaxNode, SymbolInfo>();
            if (!_symbols.TryGetValue(expression, out SymbolInfo info))
            {
                info = Model.GetSymbolInfo(expression, cancellationToken);
                _symbols[expression] = info;
            }

            return info;
        }

        public SymbolInfo GetSymbolInfo(SyntaxNode node, CancellationToken cancellationToken) => ModelExtensions.GetSymbolInfo(Model, node, cancellationToken);

        public Conversion GetConversion(ExpressionSyntax expression, CancellationToken cancellationToken) => Model.GetConversion(expression, cancellationToken);

        public ISymbol? GetDeclaredSymbol(VariableDeclaratorSyntax declarator, CancellationToken cancellationToken) => Model.GetDeclaredSymbol(declarator, cancellationToken);

        public ISymbol? GetDeclaredSymbol(SingleVariableDesignationSyntax designation, CancellationToken cancellationToken) => Model.GetDeclaredSymbol(designation, cancellationToken);

        public ILocalSymbol? GetDeclaredSymbol(ForEachStatementSyntax forEach, CancellationToken cancellationToken) => Model.GetDeclaredSymbol(forEach, cancellationToken);

        public ISymbol? GetDeclaredSymbol(SyntaxNode node, CancellationToken cancellationToken) => Model.GetDeclaredSymbol(node, cancellationToken);

        public DataFlowAnalysis? AnalyzeDataFlow(SyntaxNode node) => Model.AnalyzeDataFlow(node);
    }
}
