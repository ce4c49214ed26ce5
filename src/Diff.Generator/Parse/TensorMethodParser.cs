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
    /// Parse for tensor mode: turns a [Differentiable] method over tensors and modules into the
    /// statements of the one IR (<c>Model/Ir.cs</c>), three-address form over hoisted locals
    /// (<see cref="TensorMethodModel"/>). Every
    /// tensor-valued sub-expression that depends on a differentiable value becomes its own
    /// assignment, so each op's backward can be called with its inputs and its result.
    /// </summary>
    internal sealed partial class TensorMethodParser
    {
        private readonly SemanticModel _model;
        private readonly IMethodSymbol _method;
        private readonly CancellationToken _cancellationToken;
        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly HashSet<string> _identifiers = new(StringComparer.Ordinal);

        // Locals (and reassigned parameters) by symbol, with the name they get in generated code.
        private readonly Dictionary<ISymbol, string> _names = new(SymbolEqualityComparer.Default);
        private readonly List<TensorLocal> _locals = new();

        // Locals and parameters whose value depends on a differentiable value.
        private readonly HashSet<ISymbol> _active = new(SymbolEqualityComparer.Default);
        private int _nextName;
        private bool _broken;

        private TensorMethodParser(SemanticModel model, IMethodSymbol method, CancellationToken cancellationToken)
        {
            _model = model;
            _method = method;
            _cancellationToken = cancellationToken;
            _values = new ValueBinder(model, cancellationToken, NameOf, Code);
        }

        private readonly ValueBinder _values;

        /// <summary>Parses a tensor-mode method; never throws (an internal failure becomes a DIFF013 diagnostic).</summary>
        public static Result<TensorMethodModel> Parse(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken, bool checkCompileErrors = true)
        {
            return NeverThrow.Parse(syntax, method, () =>
            {
                var parser = new TensorMethodParser(model, method, cancellationToken);
                if (syntax.ContainsDiagnostics)
                {
                    // Code with syntax errors gets the compiler's errors, not ours, and no generated code.
                    parser._broken = true;
                }

                TensorMethodModel? result = parser.ParseMethod(syntax);

                // Compile errors of the body: asked last, of the binding the parser has done (see MethodParser.Parse).
                if (checkCompileErrors && result is not null && !parser._broken
                    && CompileErrors.InMethod(model, syntax, method, cancellationToken))
                {
                    parser._broken = true;
                }

                return WithoutConsequentWarning(new Result<TensorMethodModel>(parser._broken ? null : result, parser._diagnostics.ToEquatableArray()));
            });
        }

        /// <summary>
        /// Drops DIFF009 from a method that also has an error: a refused statement leaves the locals it would
        /// have assigned without a derivative, so the result looks constant only because of the error.
        /// </summary>
        private static Result<TensorMethodModel> WithoutConsequentWarning(Result<TensorMethodModel> result)
        {
            if (!result.HasErrors)
            {
                return result;
            }

            return result with
            {
                Diagnostics = result.Diagnostics.Where(d => d.Id != DiagnosticDescriptors.ResultIsConstant.Id).ToEquatableArray(),
            };
        }

        /// <summary>
        /// Refuses what changes or reads a differentiable tensor's storage behind the recorded operations: a
        /// <c>void</c> instance method of <c>Tensor</c> (<c>h.AddInPlace(y)</c>) and <c>AsSpan()</c>. The value would
        /// be right and the gradient silently wrong, since nothing records the change.
        /// </summary>
        private void RefuseStorageAccess(MethodDeclarationSyntax syntax)
        {
            foreach (InvocationExpressionSyntax invocation in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver }
                    && _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol { IsStatic: false } method
                    && TensorFacts.IsTensor(method.ContainingType)
                    && (method.ReturnsVoid || method.Name == "AsSpan")
                    && IsActive(receiver))
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, invocation, Code(invocation),
                        method.ReturnsVoid
                            ? "it changes a differentiable tensor in place, which no operation records, so its gradient would be lost; write the new value as an expression ('h = h + y' for 'h.AddInPlace(y)')"
                            : "the storage of a differentiable tensor read or written through a span carries no gradient; use tensor operations (MaskedFill, Where, Narrow, Cat) instead, or do it outside [Differentiable] code");
                }
            }
        }

        private TensorMethodModel? ParseMethod(MethodDeclarationSyntax syntax)
        {
            foreach (SyntaxToken token in syntax.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    _identifiers.Add(token.ValueText);
                }
            }

            if (!CheckShape(syntax))
            {
                return null;
            }

            CompanionKind kind = KindOf(_method);
            string stackName = Fresh("stack");
            string resultName = Fresh("result");
            var parameters = new List<TensorParam>();
            var body = new List<Stmt>();

            if (!_method.IsAbstract)
            {
                HashSet<IParameterSymbol> written = WrittenParameters(syntax);
                foreach (IParameterSymbol parameter in _method.Parameters)
                {
                    bool differentiable = TensorFacts.IsTensor(parameter.Type) && !SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute);
                    if (differentiable)
                    {
                        _active.Add(parameter);
                    }

                    string? copy = null;
                    if (written.Contains(parameter))
                    {
                        copy = Fresh(parameter.Name);
                        _names[parameter] = copy;
                    }

                    parameters.Add(new TensorParam(Escape(parameter.Name), parameter.Type.ToDisplayString(TensorFacts.NullableQualifiedFormat), differentiable, copy));
                }

                CollectLocals(syntax);
                ComputeActivity(syntax);
                RefuseStorageAccess(syntax);
                foreach (KeyValuePair<ISymbol, string> named in _names)
                {
                    ITypeSymbol type = named.Key is ILocalSymbol local ? local.Type : ((IParameterSymbol)named.Key).Type;
                    AddLocal(named.Value, type, _active.Contains(named.Key), LocationInfo.From(named.Key.Locations.FirstOrDefault()));
                }

                foreach (TensorParam parameter in parameters.Where(p => p.LocalCopy is not null))
                {
                    body.Add(AssignLocal(parameter.LocalCopy!, parameter.Differentiable ? Copy(parameter.Name) : Constant(new NameValue(parameter.Name, new IrType(IrType.KindOfKeyword(parameter.TypeCode), parameter.TypeCode))), parameter.Differentiable));
                }

                ParseBody(syntax, body, resultName);
            }
            else
            {
                foreach (IParameterSymbol parameter in _method.Parameters)
                {
                    bool differentiable = TensorFacts.IsTensor(parameter.Type) && !SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute);
                    parameters.Add(new TensorParam(Escape(parameter.Name), parameter.Type.ToDisplayString(TensorFacts.NullableQualifiedFormat), differentiable, null));
                }
            }

            List<ContainingType> containingTypes = MethodParser.ContainingTypes(syntax);
            return new TensorMethodModel(
                HintName: MethodParser.HintName(_method, containingTypes),
                Namespace: MethodParser.NamespaceOf(_method),
                ContainingTypes: containingTypes.ToEquatableArray(),
                Usings: MethodParser.CollectUsings(syntax, insideNamespace: false).ToEquatableArray(),
                Name: _method.Name,
                Accessibility: MethodParser.AccessibilityText(_method.DeclaredAccessibility),
                IsStatic: _method.IsStatic,
                Kind: kind,
                Parameters: parameters.ToEquatableArray(),
                Locals: _locals.ToEquatableArray(),
                Body: new Block(body.ToEquatableArray()),
                ResultLocal: resultName,
                StackName: stackName,
                Location: LocationInfo.From(syntax.Identifier.GetLocation()))
            {
                NamespaceUsings = MethodParser.CollectUsings(syntax, insideNamespace: true).ToEquatableArray(),
                Identifiers = _identifiers.OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray(),
            };
        }

        private static CompanionKind KindOf(IMethodSymbol method)
        {
            if (method.IsOverride && method.OverriddenMethod is { } overridden && TensorFacts.IsDifferentiable(overridden))
            {
                return method.IsSealed ? CompanionKind.SealedOverride : CompanionKind.Override;
            }

            if (method.IsAbstract)
            {
                return CompanionKind.Abstract;
            }

            return method.IsVirtual ? CompanionKind.Virtual : CompanionKind.Plain;
        }

        private bool CheckShape(MethodDeclarationSyntax syntax)
        {
            LocationInfo? at = LocationInfo.From(syntax.Identifier.GetLocation());
            bool ok = true;
            if (_method.IsGenericMethod)
            {
                Report(DiagnosticDescriptors.UnsupportedMethodShape, at, _method.Name, "generic methods are not supported; write one method per element type");
                ok = false;
            }

            if (_method.IsAsync || syntax.DescendantNodes().OfType<YieldStatementSyntax>().Any())
            {
                Report(DiagnosticDescriptors.AsyncOrIterator, at, _method.Name, _method.IsAsync ? "async" : "an iterator");
                return false;
            }

            if (!TensorFacts.IsTensor(_method.ReturnType) || _method.ReturnsByRef || _method.ReturnsByRefReadonly)
            {
                Report(
                    DiagnosticDescriptors.UnsupportedMethodShape,
                    LocationInfo.From(syntax.ReturnType),
                    _method.Name,
                    "a [Differentiable] method over tensors or modules returns a Tensor (a one-element Tensor for a loss); wrap a float result with Tensor.Scalar");
                ok = false;
            }

            if (syntax.Body is null && syntax.ExpressionBody is null && !_method.IsAbstract)
            {
                Report(DiagnosticDescriptors.UnsupportedMethodShape, at, _method.Name, "it has no body (extern or a partial definition); put the attribute on the implementation");
                ok = false;
            }

            if (_method.IsOverride && _method.OverriddenMethod is { } overridden && !TensorFacts.IsDifferentiable(overridden) && overridden.IsAbstract)
            {
                Report(DiagnosticDescriptors.UnsupportedMethodShape, at, _method.Name, "it overrides an abstract method that is not [Differentiable], so callers through the base type could not reach its adjoint");
                ok = false;
            }

            for (SyntaxNode? node = syntax.Parent; node is not null; node = node.Parent)
            {
                if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Report(DiagnosticDescriptors.TypeNotPartial, LocationInfo.From(type.Identifier.GetLocation()), type.Identifier.ValueText, _method.Name + "Gradient");
                    ok = false;
                }

                if (node is TypeDeclarationSyntax fileLocal && SymbolFacts.IsFileLocal(fileLocal))
                {
                    Report(DiagnosticDescriptors.UnsupportedMethodShape, LocationInfo.From(syntax.Identifier.GetLocation()), _method.Name, SymbolFacts.FileLocalReason(fileLocal));
                    ok = false;
                }
            }

            if (syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword) || _method.Parameters.Any(p => p.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol))
            {
                Report(DiagnosticDescriptors.UnsafeCode, at);
                ok = false;
            }

            foreach (IParameterSymbol parameter in _method.Parameters)
            {
                if (parameter.RefKind is RefKind.Ref or RefKind.Out or RefKind.In or RefKind.RefReadOnlyParameter)
                {
                    Report(DiagnosticDescriptors.RefParameter, LocationInfo.From(parameter.Locations.FirstOrDefault()), parameter.Name, parameter.RefKind.ToString().ToLowerInvariant());
                    ok = false;
                }

                string adjoint = SymbolFacts.AdjointName(parameter.Name);
                if (TensorFacts.IsTensor(parameter.Type) && _method.Parameters.Any(p => p.Name == adjoint))
                {
                    IParameterSymbol clash = _method.Parameters.First(p => p.Name == adjoint);
                    Report(DiagnosticDescriptors.NameCollision, LocationInfo.From(clash.Locations.FirstOrDefault()), "Parameter", clash.Name, parameter.Name);
                    ok = false;
                }
                else if (TensorFacts.IsTensor(parameter.Type) && SymbolFacts.MemberNamed(_method, adjoint, _model, _cancellationToken) is { } member)
                {
                    Report(DiagnosticDescriptors.NameCollision, LocationInfo.From(member.Node.GetLocation()), member.Kind, member.Node.Identifier.ValueText, parameter.Name);
                    ok = false;
                }
            }

            return ok;
        }

        private HashSet<IParameterSymbol> WrittenParameters(MethodDeclarationSyntax syntax)
        {
            var written = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
            foreach (SyntaxNode node in syntax.DescendantNodes())
            {
                ExpressionSyntax? target = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                    PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                    _ => null,
                };
                if (target is IdentifierNameSyntax identifier && _model.GetSymbolInfo(identifier, _cancellationToken).Symbol is IParameterSymbol parameter)
                {
                    written.Add(parameter);
                }
            }

            return written;
        }

        private void CollectLocals(MethodDeclarationSyntax syntax)
        {
            var locals = new List<ILocalSymbol>();
            foreach (SyntaxNode node in syntax.DescendantNodes())
            {
                if (node is VariableDeclaratorSyntax or ForEachStatementSyntax or SingleVariableDesignationSyntax
                    && _model.GetDeclaredSymbol(node, _cancellationToken) is ILocalSymbol local
                    && !locals.Contains(local, SymbolEqualityComparer.Default))
                {
                    locals.Add(local);
                }
            }

            // Locals are hoisted to method scope, so a name declared in two sibling scopes gets a fresh one.
            foreach (ILocalSymbol local in locals)
            {
                bool unique = locals.Count(other => other.Name == local.Name) == 1;
                _names[local] = unique && SyntaxFacts.GetKeywordKind(local.Name) == SyntaxKind.None ? local.Name : Fresh(local.Name);
            }
        }

        /// <summary>Marks every local that can hold a value depending on a differentiable value (a fixpoint over all assignments).</summary>
        private void ComputeActivity(MethodDeclarationSyntax syntax)
        {
            var sites = new List<(ISymbol Target, SyntaxNode Value, bool AlsoReadsTarget)>();
            foreach (SyntaxNode node in syntax.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                        when _model.GetDeclaredSymbol(declarator, _cancellationToken) is ILocalSymbol local:
                        sites.Add((local, initializer.Value, false));
                        break;
                    case AssignmentExpressionSyntax assignment
                        when _model.GetSymbolInfo(assignment.Left, _cancellationToken).Symbol is ISymbol target and (ILocalSymbol or IParameterSymbol):
                        sites.Add((target, assignment.Right, !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)));
                        break;
                    case ForEachStatementSyntax loop when _model.GetDeclaredSymbol(loop, _cancellationToken) is ILocalSymbol variable:
                        sites.Add((variable, loop.Expression, false));
                        break;
                }
            }

            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach ((ISymbol target, SyntaxNode value, bool alsoReadsTarget) in sites)
                {
                    ITypeSymbol? type = target is ILocalSymbol local ? local.Type : ((IParameterSymbol)target).Type;
                    if (!_active.Contains(target) && TensorFacts.IsTensor(type) && (IsActive(value) || (alsoReadsTarget && _active.Contains(target))))
                    {
                        _active.Add(target);
                        changed = true;
                    }
                }
            }
        }

        private void AddLocal(string name, ITypeSymbol type, bool active, LocationInfo? at)
        {
            SavedAs saved;
            if (type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                saved = SavedAs.Reference;
            }
            else if (type.SpecialType == SpecialType.System_Boolean)
            {
                saved = SavedAs.Boolean;
            }
            else if (type.SpecialType is SpecialType.System_Single or SpecialType.System_Double)
            {
                saved = SavedAs.Floating;
            }
            else if (type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte
                         or SpecialType.System_SByte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_Char
                     || type.TypeKind == TypeKind.Enum)
            {
                saved = SavedAs.Integer;
            }
            else
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, at, name, "a local of type '" + type.ToDisplayString() + "' cannot be saved for the reverse sweep; use a class, a number, a bool or an array, or compute it in a method that is not [Differentiable]");
                saved = SavedAs.Reference;
            }

            _locals.Add(new TensorLocal(name, type.ToDisplayString(TensorFacts.NullableQualifiedFormat), saved, active));
        }

        private string Fresh(string stem)
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

        private static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));

        private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments) =>
            Report(descriptor, LocationInfo.From(node), arguments);
    }
}
