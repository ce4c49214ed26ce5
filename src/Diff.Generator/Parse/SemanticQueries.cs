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

        public SemanticQueries(SemanticModel model) => Model = model;

        public SemanticModel Model { get; }

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
