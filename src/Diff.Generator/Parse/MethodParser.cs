using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// Phase 2: turns one [Differentiable] method's syntax and symbols into the equatable IR.
    /// This is the only phase that touches <see cref="ISymbol"/>, <see cref="SyntaxNode"/> or
    /// <see cref="SemanticModel"/>; the generator and the analyzer share it.
    /// </summary>
    internal sealed partial class MethodParser
    {
        private readonly SemanticQueries _model;
        private readonly IMethodSymbol _method;
        private readonly CancellationToken _cancellationToken;
        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly HashSet<string> _identifiers = new(StringComparer.Ordinal);
        private int _nextName;

        // Set when the code has compile errors of its own: the compiler reports those, and nothing is emitted.
        private bool _broken;

        // Set when the return type is one DiffGen does not differentiate (DIFF007): the body is not read.
        private bool _returnTypeUnsupported;

        private MethodParser(SemanticModel model, SemanticModel? otherBodies, IMethodSymbol method, CancellationToken cancellationToken)
        {
            _model = new SemanticQueries(model, otherBodies);
            _method = method;
            _cancellationToken = cancellationToken;
            _values = new ValueBinder(_model, cancellationToken, symbol => symbol.Name, SyntaxText.Of)
            {
                CapturedWritesOf = function => CapturedWrites(function, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default))
                    .Select(name => _model.GetSymbolInfo(name, _cancellationToken).Symbol).OfType<ISymbol>(),
            };
        }

        private readonly ValueBinder _values;

        /// <summary>Parses a method; never throws (an internal failure becomes a DIFF013 diagnostic).</summary>
        /// <param name="checkCompileErrors">
        /// Whether to look for compile errors in the method first (the generator must not emit code for
        /// it then); the analyzer skips this, since the compiler reports those errors anyway.
        /// </param>
        /// <param name="kernel">Whether the method is a [Kernel] (kernel mode) rather than a [Differentiable] method.</param>
        /// <param name="offerInlining">False for the analyzer: the diagnostics are the method's as written, so helpers' bodies need no binding.</param>
        /// <param name="otherBodies">The model for the bodies of the file's other members (<see cref="SemanticQueries.OtherBodiesModel"/>); <paramref name="model"/> when null.</param>
        public static Result<MethodModel> Parse(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken, bool checkCompileErrors = true, bool kernel = false, bool offerInlining = true, SemanticModel? otherBodies = null)
        {
            return NeverThrow.Parse(syntax, method, () =>
            {
                var parser = new MethodParser(model, otherBodies, method, cancellationToken) { _kernel = kernel, _offersInlining = offerInlining };
                MethodModel? result = parser.ParseMethod(syntax);

                // Code that does not compile gets the compiler's errors, not ours, and no generated code (not even
                // the stand-ins of a refused method). Asked last, of the binding the parser has done, and only of a
                // method that would otherwise be emitted.
                if (checkCompileErrors && result is not null && !parser._broken
                    && CompileErrors.InMethod(model, syntax, method, cancellationToken))
                {
                    parser._broken = true;
                }

                return new Result<MethodModel>(parser._broken ? null : result, parser._diagnostics.ToEquatableArray());
            });
        }

        private MethodModel? ParseMethod(MethodDeclarationSyntax syntax)
        {
            _syntax = syntax;
            bool keywordNamed = false;
            foreach (SyntaxToken token in syntax.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    _identifiers.Add(token.ValueText);

                    // `@double` as a name: the IR names values by their text, which would lose the `@`.
                    if (token.Text.StartsWith("@", StringComparison.Ordinal) && SyntaxFacts.GetKeywordKind(token.ValueText) != SyntaxKind.None
                        && token.Parent is ParameterSyntax or VariableDeclaratorSyntax or ForEachStatementSyntax or SingleVariableDesignationSyntax)
                    {
                        Report(DiagnosticDescriptors.UnsupportedExpression, LocationInfo.From(token.GetLocation()), token.Text,
                            "a parameter or local named with a C# keyword is not supported in a [Differentiable] method; rename it");
                        keywordNamed = true;
                    }

                    // The generated code names its own locals `__result`, `__dReturn`, `__tapeD`, …
                    if (token.ValueText.StartsWith("__", StringComparison.Ordinal)
                        && token.Parent is ParameterSyntax or VariableDeclaratorSyntax or ForEachStatementSyntax or SingleVariableDesignationSyntax or LocalFunctionStatementSyntax)
                    {
                        Report(DiagnosticDescriptors.UnsupportedExpression, LocationInfo.From(token.GetLocation()), token.Text,
                            "names that start with '__' are kept for the code DiffGen writes; rename it");
                        keywordNamed = true;
                    }
                }
            }

            // Code with syntax errors gets the compiler's errors, not ours, and no generated code.
            if (syntax.ContainsDiagnostics)
            {
                _broken = true;
            }

            if (!CheckShape(syntax) || (_kernel && !CheckKernelShape(syntax)))
            {
                return null;
            }

            if (_returnTypeUnsupported)
            {
                // What the body of a method with another return type returns is no value DiffGen differentiates: errors
                // about its expressions would only repeat DIFF007. Its parameters' errors are its own.
                ParseParameters();
                return null;
            }

            FollowObjectState(syntax);
            List<ParamModel> parameters = ParseParameters();

            ScalarKind returnKind = SymbolFacts.KindOf(_method.ReturnType);
            List<ContainingType> containingTypes = ContainingTypes(syntax);

            Block body;
            if (keywordNamed || (_kernel && IsExplicitKernel))
            {
                // A keyword-named value's body is not read (refused above); its declaration still is, for its stand-ins.
                body = new Block(EquatableArray<Stmt>.Empty);
            }
            else if (syntax.Body is not null)
            {
                body = ParseBlock(syntax.Body);
            }
            else if (syntax.ExpressionBody is not null)
            {
                ExpressionSyntax expression = syntax.ExpressionBody.Expression;
                body = expression is ThrowExpressionSyntax
                    ? new Block(new Stmt[] { InactiveStmt.Host(SyntaxText.Of(expression) + ";", EquatableArray<string>.Empty) }.ToEquatableArray())
                    : returnKind == ScalarKind.Void
                    ? new Block(WithPrelude(expression, () => ParseExpressionStatement(expression)).ToEquatableArray())
                    : new Block(WithPrelude(expression, () => new Stmt[] { new ReturnStmt(ParseValue(expression)) { LineOffset = syntax.ExpressionBody.GetLocation().GetLineSpan().StartLinePosition.Line - syntax.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line } }).ToEquatableArray());
            }
            else
            {
                return null;
            }

            string? ns = NamespaceOf(_method);
            return new MethodModel(
                HintName: HintName(_method, containingTypes),
                Namespace: ns,
                ContainingTypes: containingTypes.ToEquatableArray(),
                Usings: CollectUsings(syntax, insideNamespace: false).ToEquatableArray(),
                Name: _method.Name,
                Accessibility: AccessibilityText(_method.DeclaredAccessibility),
                IsStatic: _method.IsStatic,
                ReturnKind: returnKind,
                Parameters: parameters.ToEquatableArray(),
                Body: body,
                Identifiers: _identifiers.OrderBy(x => x, StringComparer.Ordinal).ToEquatableArray(),
                Location: LocationInfo.From(syntax.Identifier.GetLocation()))
            {
                NamespaceUsings = MethodParser.CollectUsings(syntax, insideNamespace: true).ToEquatableArray(),
                Kernel = _kernelIndex,
                RecomputesPartials = _kernel,
                CallersUsePullback = returnKind != ScalarKind.Void && !_kernel && SymbolFacts.WritesBufferParameters(_method, _model.Model.Compilation),
                RegistrationKey = _kernel && _kernelIndex?.Type is KernelIndex.Explicit or KernelIndex.Grid ? SymbolFacts.RegistrationKey(_method) : null,
            };
        }

        /// <summary>Reports what makes the method impossible to differentiate; false when its body must not even be read.</summary>
        private bool CheckShape(MethodDeclarationSyntax syntax)
        {
            LocationInfo? at = LocationInfo.From(syntax.Identifier.GetLocation());
            if (_method.IsGenericMethod)
            {
                Report(DiagnosticDescriptors.UnsupportedMethodShape, at, _method.Name, "generic methods are not supported; write one method per element type");
            }

            if (syntax.Body is null && syntax.ExpressionBody is null)
            {
                Report(DiagnosticDescriptors.UnsupportedMethodShape, at, _method.Name, "it has no body (abstract, extern or a partial definition); put the attribute on the implementation");
            }

            if (SymbolFacts.IsOverridable(_method))
            {
                // The companions are ordinary methods: through a base-typed reference, a call of one would run the base
                // class's derivative for the derived class's body.
                Report(DiagnosticDescriptors.UnsupportedMethodShape, at, _method.Name,
                    (_method.IsVirtual ? "it is virtual" : "it is an override that a derived class may override again")
                    + ", and its generated companions are not virtual, so a call through a base-typed reference would differentiate another body; "
                    + "seal it (a sealed override, or a sealed class), or keep the virtual method plain and have it call a non-virtual [Differentiable] one");
            }

            if (_method.IsAsync)
            {
                Report(DiagnosticDescriptors.AsyncOrIterator, at, _method.Name, "async");
                return false;
            }

            if (syntax.DescendantNodes().OfType<YieldStatementSyntax>().Any())
            {
                Report(DiagnosticDescriptors.AsyncOrIterator, at, _method.Name, "an iterator");
                return false;
            }

            ScalarKind returnKind = SymbolFacts.KindOf(_method.ReturnType);
            bool returnTypeSupported = true;
            if (!SymbolFacts.IsFloating(returnKind) && returnKind != ScalarKind.Void || _method.ReturnsByRef || _method.ReturnsByRefReadonly)
            {
                Report(DiagnosticDescriptors.UnsupportedReturnType, LocationInfo.From(syntax.ReturnType), _method.Name, _method.ReturnType.ToDisplayString());
                returnTypeSupported = false;
            }

            for (SyntaxNode? node = syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Report(DiagnosticDescriptors.TypeNotPartial, LocationInfo.From(type.Identifier.GetLocation()), type.Identifier.ValueText, _method.Name + (_kernel ? "Adjoint" : returnKind == ScalarKind.Void ? "Pullback" : "Gradient"));
                }

                if (node is TypeDeclarationSyntax fileLocal && SymbolFacts.IsFileLocal(fileLocal))
                {
                    Report(DiagnosticDescriptors.UnsupportedMethodShape, LocationInfo.From(syntax.Identifier.GetLocation()), _method.Name, SymbolFacts.FileLocalReason(fileLocal));
                }
            }

            if (!_kernel && SymbolFacts.HasAttribute(_method, SymbolFacts.KernelAttribute))
            {
                Report(DiagnosticDescriptors.UnsupportedMethodShape, at, _method.Name, "it is marked both [Kernel] and [Differentiable]; a kernel's adjoint comes with [Kernel] alone, so remove [Differentiable]");
                return false;
            }

            if (!_kernel && _method.Parameters.FirstOrDefault(p => SymbolFacts.IsArrayView(p.Type)) is { } view)
            {
                Report(DiagnosticDescriptors.UnsupportedMethodShape, LocationInfo.From(view.Locations.FirstOrDefault()), _method.Name,
                    "an ArrayView parameter makes it a GPU kernel: mark it [Kernel] instead of [Differentiable]");
                return false;
            }

            if (syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword) || _method.Parameters.Any(p => p.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol))
            {
                Report(DiagnosticDescriptors.UnsafeCode, at);
                return false;
            }

            _returnTypeUnsupported = !returnTypeSupported;
            return true;
        }

        private List<ParamModel> ParseParameters()
        {
            var parameters = new List<ParamModel>();
            foreach (IParameterSymbol parameter in _method.Parameters)
            {
                LocationInfo? at = LocationInfo.From(parameter.Locations.FirstOrDefault());

                // An `in` parameter that holds no float or double (a readonly struct of settings), or holds one scalar
                // (`in double x`), is only read, so it means what a value parameter means, and its companions take it the
                // same way; its adjoint is the value parameter's.
                bool readOnlyReference = parameter.RefKind == RefKind.In && !_kernel && SymbolFacts.ShapeOf(parameter.Type).Shape is ParamShape.Other or ParamShape.Scalar;
                if (parameter.RefKind is RefKind.Ref or RefKind.Out or RefKind.In or RefKind.RefReadOnlyParameter && !readOnlyReference)
                {
                    string how = parameter.RefKind switch
                    {
                        RefKind.Out => "out",
                        RefKind.In => "in",
                        RefKind.RefReadOnlyParameter => "ref readonly",
                        _ => "ref",
                    };
                    Report(DiagnosticDescriptors.RefParameter, at, parameter.Name, how);
                }

                (ParamShape shape, ScalarKind element) = SymbolFacts.ShapeOf(parameter.Type);
                bool differentiable = SymbolFacts.IsDifferentiableParameter(parameter);
                string name = parameter.Name;
                if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
                {
                    name = "@" + name;
                }

                // With its nullable annotation (`string?`), so that the companion takes what the method takes.
                parameters.Add(new ParamModel(name, (readOnlyReference ? "in " : string.Empty) + parameter.Type.ToDisplayString(SymbolFacts.NullableQualifiedFormat), shape, element, differentiable));
            }

            foreach (ParamModel parameter in parameters)
            {
                IParameterSymbol? clashingParameter = _method.Parameters.FirstOrDefault(p => p.Name == SymbolFacts.AdjointName(parameter.Name));
                if (parameter.Differentiable && clashingParameter is not null)
                {
                    Report(DiagnosticDescriptors.NameCollision, LocationInfo.From(clashingParameter.Locations.FirstOrDefault()), "Parameter", clashingParameter.Name, parameter.Name);
                    continue;
                }

                if (parameter.Differentiable && _identifiers.Contains(SymbolFacts.AdjointName(parameter.Name)))
                {
                    ISymbol? clash = FindLocalNamed(SymbolFacts.AdjointName(parameter.Name));
                    if (clash is not null)
                    {
                        Report(DiagnosticDescriptors.NameCollision, LocationInfo.From(clash.Locations.FirstOrDefault()), "Local", clash.Name, parameter.Name);
                    }
                    else if (SymbolFacts.MemberNamed(_method, SymbolFacts.AdjointName(parameter.Name), _model.Model, _cancellationToken) is { } member)
                    {
                        // A field, property or method the body names would be hidden by the adjoint parameter.
                        Report(DiagnosticDescriptors.NameCollision, LocationInfo.From(member.Node.GetLocation()), member.Kind, member.Node.Identifier.ValueText, parameter.Name);
                    }
                }
            }

            // Two parameters whose names differ only in the case of their first letter (n and N) get one adjoint name.
            foreach (IGrouping<string, ParamModel> sameAdjoint in parameters.Where(p => p.Differentiable).GroupBy(p => SymbolFacts.AdjointName(p.Name), StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                ParamModel first = sameAdjoint.First();
                foreach (ParamModel other in sameAdjoint.Skip(1))
                {
                    IParameterSymbol? symbol = _method.Parameters.FirstOrDefault(p => p.Name == other.Name.TrimStart('@'));
                    Report(DiagnosticDescriptors.NameCollision, LocationInfo.From(symbol?.Locations.FirstOrDefault()), "The adjoint of parameter", other.Name, first.Name);
                }
            }

            return parameters;
        }

        private ISymbol? FindLocalNamed(string name)
        {
            foreach (SyntaxReference reference in _method.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in reference.GetSyntax(_cancellationToken).DescendantNodes())
                {
                    if (node is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax)
                    {
                        ISymbol? symbol = _model.GetDeclaredSymbol(node, _cancellationToken);
                        if (symbol is ILocalSymbol && symbol.Name == name)
                        {
                            return symbol;
                        }
                    }
                }
            }

            return null;
        }

        internal static List<ContainingType> ContainingTypes(MethodDeclarationSyntax syntax)
        {
            var types = new List<ContainingType>();
            for (SyntaxNode? node = syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is TypeDeclarationSyntax type)
                {
                    string keyword = type switch
                    {
                        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
                        _ => type.Keyword.ValueText,
                    };
                    string name = type.Identifier.ValueText + (type.TypeParameterList?.ToString() ?? string.Empty);
                    types.Insert(0, new ContainingType(keyword, name));
                }
            }

            return types;
        }

        /// <summary>
        /// The file's using directives (<paramref name="insideNamespace"/> false), or those of the namespace
        /// declarations around the method (true). The generated file puts the latter inside its namespace,
        /// where a relative name (<c>using Sub;</c> for <c>Outer.Sub</c>) resolves as it did.
        /// </summary>
        internal static List<string> CollectUsings(SyntaxNode syntax, bool insideNamespace)
        {
            var usings = new List<string>();
            for (SyntaxNode? node = syntax.Parent; node is not null; node = node.Parent)
            {
                SyntaxList<UsingDirectiveSyntax> list = node switch
                {
                    CompilationUnitSyntax unit when !insideNamespace => unit.Usings,
                    BaseNamespaceDeclarationSyntax ns when insideNamespace => ns.Usings,
                    _ => default,
                };
                foreach (UsingDirectiveSyntax directive in list)
                {
                    if (directive.GlobalKeyword.IsKind(SyntaxKind.None))
                    {
                        usings.Add(SyntaxText.Of(directive));
                    }
                }
            }

            return usings.Distinct(StringComparer.Ordinal).ToList();
        }

        internal static string? NamespaceOf(IMethodSymbol method) =>
            method.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : null;

        /// <summary>The generated file's name: namespace, containing types and method, with a suffix for later overloads.</summary>
        internal static string HintName(IMethodSymbol method, List<ContainingType> containingTypes)
        {
            string? ns = NamespaceOf(method);
            string hintPrefix = string.Join(".", containingTypes.Select(t => StripTypeParameters(t.NameWithTypeParameters)));
            // Overloads share a name: the second and later ones get a suffix, in declaration order.
            int overload = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().ToList()
                .FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method));
            string suffix = overload > 0 ? "_" + (overload + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
            return (ns is null ? string.Empty : ns + ".") + hintPrefix + "." + method.Name + suffix;
        }

        internal static string StripTypeParameters(string name)
        {
            int angle = name.IndexOf('<');
            return angle < 0 ? name : name.Substring(0, angle);
        }

        internal static string AccessibilityText(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Public => "public",
            Accessibility.Internal => "internal",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };

        private string FreshName(string stem)
        {
            while (true)
            {
                string name = "__" + stem + (++_nextName).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (_identifiers.Add(name))
                {
                    return name;
                }
            }
        }

        private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        {
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
        }

        private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments)
        {
            Report(descriptor, LocationInfo.From(node), arguments);
        }
    }
}
