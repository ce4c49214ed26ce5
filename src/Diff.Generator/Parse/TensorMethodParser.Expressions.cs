using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    internal sealed partial class TensorMethodParser
    {
        /// <summary>
        /// Whether a value can depend on a differentiable value: it reads an active local or
        /// parameter, a module parameter's <c>Value</c>, or calls a [Differentiable] method of a
        /// module (whose parameters are differentiable). A tensor's shape is never active.
        /// </summary>
        private bool IsActive(SyntaxNode node)
        {
            switch (node)
            {
                case BinaryExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } or IsPatternExpressionSyntax
                    when IsBool(node):
                    // A test (b != null, x.Item() > 0, b is null) is a choice: no gradient flows through it, as through an if's
                    // condition. (A comparison of tensors that is a tensor of masks is not a bool.)
                    return false;

                case IdentifierNameSyntax identifier:
                    return _model.GetSymbolInfo(identifier, _cancellationToken).Symbol is ISymbol symbol
                        && symbol is ILocalSymbol or IParameterSymbol
                        && _active.Contains(symbol);

                case MemberAccessExpressionSyntax access:
                {
                    ITypeSymbol? receiver = _model.GetTypeInfo(access.Expression, _cancellationToken).Type;
                    string member = access.Name.Identifier.ValueText;
                    if (TensorFacts.IsTensor(receiver) && member is "Shape" or "Rank" or "Count" or "Device")
                    {
                        return false;
                    }

                    if (TensorFacts.IsParameter(receiver) && member == "Value")
                    {
                        return true;
                    }

                    return IsActive(access.Expression);
                }

                case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf
                    when _model.GetSymbolInfo(nameOf, _cancellationToken).Symbol is null:
                    // nameof(x) is a string constant, whatever x holds.
                    return false;

                case InvocationExpressionSyntax invocation:
                {
                    if (_model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol method
                        && TensorFacts.IsDifferentiable(method)
                        && ((!method.IsStatic && TensorFacts.IsModule(method.ContainingType))
                            || method.Parameters.Any(p => TensorFacts.IsModule(p.Type) || TensorFacts.IsParameter(p.Type))))
                    {
                        return true;
                    }

                    return invocation.ChildNodes().Any(IsActive);
                }

                case AnonymousFunctionExpressionSyntax:
                    return false;

                case ConditionalAccessExpressionSyntax access when IsOptionalParameterValue(access):
                    return true;

                default:
                    return node.ChildNodes().Any(IsActive);
            }
        }

        private bool IsBool(SyntaxNode node) =>
            node is ExpressionSyntax expression && _model.GetTypeInfo(expression, _cancellationToken).Type?.SpecialType == SpecialType.System_Boolean;

        /// <summary><c>P?.Value</c> on an optional module parameter (a nullable <c>Parameter</c>, such as <c>Bias</c>).</summary>
        private bool IsOptionalParameterValue(ConditionalAccessExpressionSyntax access) =>
            access.WhenNotNull is MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Value" }
            && TensorFacts.IsParameter(_model.GetTypeInfo(access.Expression, _cancellationToken).Type);

        private bool IsTensorTyped(ExpressionSyntax expression) => TensorFacts.IsTensor(_model.GetTypeInfo(expression, _cancellationToken).Type);

        /// <summary>The value of an active tensor expression, lowering its active sub-expressions into assignments first.</summary>
        private Expr LowerValue(ExpressionSyntax expression, List<Stmt> into)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return LowerValue(parenthesized.Expression, into);

                case IdentifierNameSyntax identifier when _model.GetSymbolInfo(identifier, _cancellationToken).Symbol is ISymbol symbol && _active.Contains(symbol):
                    return Copy(NameOf(symbol));

                case CastExpressionSyntax cast when IsTensorTyped(cast.Expression):
                    return LowerValue(cast.Expression, into);

                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppress:
                    return LowerValue(suppress.Operand, into);

                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryPlusExpression } plus:
                    return LowerValue(plus.Operand, into);

                case PrefixUnaryExpressionSyntax negate when Operator(negate) is { } op:
                {
                    TensorArg operand = LowerArg(negate.Operand, into);
                    return Op(op, negate, new[] { operand }, "-" + ValuePrinter.PrintPrimary(operand.Value)) ?? Failed(expression);
                }

                case BinaryExpressionSyntax binary when Operator(binary) is { } op:
                {
                    TensorArg left = LowerArg(binary.Left, into);
                    TensorArg right = LowerArg(binary.Right, into);
                    return Op(op, binary, new[] { left, right }, ValuePrinter.PrintOperand(left.Value) + " " + binary.OperatorToken.ValueText + " " + ValuePrinter.PrintOperand(right.Value)) ?? Failed(expression);
                }

                case InvocationExpressionSyntax invocation when _model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol method:
                    return LowerInvocation(invocation, method, into);

                case MemberAccessExpressionSyntax access when _model.GetSymbolInfo(access, _cancellationToken).Symbol is IPropertySymbol property:
                    return LowerProperty(access, property, into);

                case ElementAccessExpressionSyntax element when _model.GetSymbolInfo(element, _cancellationToken).Symbol is IPropertySymbol { IsIndexer: true } indexer:
                    return LowerIndexer(element, indexer, into);

                case ConditionalAccessExpressionSyntax access when IsOptionalParameterValue(access):
                {
                    // Bias?.Value  →  t = Bias is null ? null : Bias.Value, with the gradient going to Bias when it is there.
                    if (IsActive(access.Expression))
                    {
                        Report(DiagnosticDescriptors.UnsupportedExpression, access, Code(access), "the parameter must be reached without differentiable values");
                        return Failed(access);
                    }

                    string parameter = ValuePrinter.Print(ConstantArg(access.Expression, into));
                    string temp = Temp(TensorFacts.TensorCode + "?", active: true);
                    var then = new List<Stmt> { AssignLocal(temp, new ParameterValueExpr(parameter), true) };
                    var otherwise = new List<Stmt> { AssignLocal(temp, Constant(new ConstantValue("null", OptionalTensorType, IsLiteral: true)), true) };
                    var optional = new HostValue(parameter, IrType.Unknown, EquatableArray<string>.Empty, EquatableArray<string>.Empty, Pure: true, Primary: false);
                    into.Add(Branch(new IsNullValue(optional, Negated: true), then, otherwise));
                    return Copy(temp);
                }

                case ConditionalExpressionSyntax conditional:
                {
                    // c ? a : b with a constant condition: a branch that assigns one local.
                    if (IsActive(conditional.Condition))
                    {
                        ReportDetached(conditional.Condition);
                        return Failed(expression);
                    }

                    string temp = Temp(TensorFacts.TensorCode + "?", active: true);
                    var then = new List<Stmt>();
                    var otherwise = new List<Stmt>();
                    then.Add(AssignLocal(temp, IsActive(conditional.WhenTrue) ? LowerValue(conditional.WhenTrue, then) : Constant(_values.Bind(conditional.WhenTrue)), true));
                    otherwise.Add(AssignLocal(temp, IsActive(conditional.WhenFalse) ? LowerValue(conditional.WhenFalse, otherwise) : Constant(_values.Bind(conditional.WhenFalse)), true));
                    into.Add(Branch(Condition(conditional.Condition), then, otherwise));
                    return Copy(temp);
                }

                case ElementAccessExpressionSyntax { Expression: var parts } when _model.GetTypeInfo(parts, _cancellationToken).Type is IArrayTypeSymbol { ElementType: var element } && TensorFacts.IsTensor(element):
                    Report(DiagnosticDescriptors.UnsupportedExpression, expression, Code(expression), "an element of an array of tensors (from Split, Chunk or Unbind) carries no gradient; take each part with Narrow(dim, start, length) or Select(dim, index)");
                    return Failed(expression);

                case SwitchExpressionSyntax:
                    Report(DiagnosticDescriptors.UnsupportedExpression, expression, Code(expression), "a switch expression cannot carry a tensor gradient; write it as a chain of conditionals ('k == 0 ? a : k == 1 ? b : c')");
                    return Failed(expression);

                default:
                    Report(DiagnosticDescriptors.UnsupportedExpression, expression, Code(expression), "this kind of expression cannot carry a tensor gradient; use tensor operators, tensor ops with a registered derivative, or [Differentiable] methods");
                    return Failed(expression);
            }
        }

        private Expr LowerInvocation(InvocationExpressionSyntax invocation, IMethodSymbol method, List<Stmt> into)
        {
            ExpressionSyntax? receiverSyntax = invocation.Expression is MemberAccessExpressionSyntax access && !method.IsStatic ? access.Expression : null;
            ExpressionSyntax?[] arguments = ArgumentsByParameter(invocation, method, into, out Dictionary<int, string> expanded);
            if (TensorFacts.IsDifferentiable(method))
            {
                // An override of a [Differentiable] method calls the companions it inherits (TensorMethodParser.KindOf).
                IMethodSymbol first = method.OriginalDefinition;
                while (first.OverriddenMethod is { } overridden && TensorFacts.IsDifferentiable(overridden))
                {
                    first = overridden.OriginalDefinition;
                }

                if (SymbolFacts.WhyNoCompanions(first) is { } withoutCompanions)
                {
                    // Its declaration is refused so that it gets no companions at all: the error to fix is its own.
                    Report(DiagnosticDescriptors.UnsupportedExpression, invocation, Code(invocation),
                        "'" + method.ContainingType.Name + "." + method.Name + "' gets no generated derivative, since " + withoutCompanions + "; fix that error first");
                    return Failed(invocation);
                }

                string receiver;
                if (method.IsStatic)
                {
                    receiver = method.ContainingType.ToDisplayString(SymbolFacts.QualifiedFormat) + ".";
                }
                else if (receiverSyntax is null)
                {
                    receiver = string.Empty;
                }
                else if (IsActive(receiverSyntax) && !TensorFacts.IsModule(_model.GetTypeInfo(receiverSyntax, _cancellationToken).Type))
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, receiverSyntax, Code(receiverSyntax), "a differentiable receiver of a [Differentiable] instance method is not supported; pass it as a parameter");
                    return Failed(invocation);
                }
                else
                {
                    receiver = ValuePrinter.PrintPrimary(ConstantArg(receiverSyntax, into)) + ".";
                }

                IMethodSymbol declared = method.OriginalDefinition;
                var args = new List<TensorArg>();
                for (int i = 0; i < method.Parameters.Length; i++)
                {
                    IParameterSymbol parameter = declared.Parameters[i];
                    bool slot = TensorFacts.IsTensor(parameter.Type) && !SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute);
                    TensorArg arg = ArgumentFor(arguments, expanded, i, parameter, into);
                    args.Add(arg with { HasSlot = slot });
                }

                return new TensorCallExpr(receiver, method.Name, args.ToEquatableArray());
            }

            var opArgs = new List<TensorArg>();
            if (!method.IsStatic)
            {
                if (receiverSyntax is null)
                {
                    Report(DiagnosticDescriptors.NoDerivative, invocation, method.Name, method.ContainingType.Name, method.Name, RuntimeWayOut(method, method.Name),
                        DiagnosticDescriptors.NoDerivativeWayOut(method.Name, method.ContainingType.Name, method.Name, method.OriginalDefinition.DeclaringSyntaxReferences.Length > 0));
                    return Failed(invocation);
                }

                opArgs.Add(LowerArg(receiverSyntax, into));
            }

            for (int i = 0; i < method.Parameters.Length; i++)
            {
                opArgs.Add(ArgumentFor(arguments, expanded, i, method.Parameters[i], into));
            }

            IEnumerable<TensorArg> callArgs = method.IsStatic ? opArgs : opArgs.Skip(1);
            string call = (method.IsStatic ? method.ContainingType.ToDisplayString(SymbolFacts.QualifiedFormat) : ValuePrinter.PrintPrimary(opArgs[0].Value))
                + "." + method.Name + "(" + string.Join(", ", callArgs.Select(a => a.Code)) + ")";
            return Op(method, invocation, opArgs, call) ?? Failed(invocation);
        }

        private Expr LowerProperty(MemberAccessExpressionSyntax access, IPropertySymbol property, List<Stmt> into)
        {
            if (property.Name == "Value" && TensorFacts.IsParameter(property.ContainingType))
            {
                if (IsActive(access.Expression))
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, access, Code(access), "the parameter must be reached without differentiable values");
                    return Failed(access);
                }

                return new ParameterValueExpr(ValuePrinter.Print(ConstantArg(access.Expression, into)));
            }

            if (property.GetMethod is null || property.IsStatic)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, access, Code(access), "this property has no derivative");
                return Failed(access);
            }

            TensorArg receiver = LowerArg(access.Expression, into);
            return Op(property.GetMethod, access, new[] { receiver }, ValuePrinter.PrintPrimary(receiver.Value) + "." + property.Name) ?? Failed(access);
        }

        /// <summary>
        /// For a method of the runtime's own tensor types that has no backward, the operations to write it with instead, and
        /// for a local function or a delegate, the static method to write, in parentheses; empty otherwise. The general ways
        /// out of DIFF001 do not apply to either.
        /// </summary>
        private static string RuntimeWayOut(IMethodSymbol method, string name)
        {
            if (method.MethodKind is MethodKind.LocalFunction or MethodKind.DelegateInvoke or MethodKind.AnonymousFunction)
            {
                return " (a local function or a delegate cannot be given a derivative; make it a static [Differentiable] method of the class)";
            }

            if (method.ContainingType is not { } type || !TensorFacts.IsTensor(type) && type.ContainingNamespace?.ToDisplayString() != "Diff")
            {
                return string.Empty;
            }

            return name switch
            {
                "Cat" or "Stack" => " (this overload is a runtime method without a backward; join two tensors at a time, nesting the two-tensor overload)",
                "Split" or "Chunk" or "Unbind" => " (a runtime method without a backward; take each part with Narrow or Select)",
                _ => " (a runtime method without a backward; the user guide lists the tensor operations that have one)",
            };
        }

        /// <summary>An op with a registered backward in its own type, or DIFF001; with its registered tangent, or DIFF019 (a warning).</summary>
        private TensorOpExpr? Op(IMethodSymbol method, SyntaxNode at, IReadOnlyList<TensorArg> args, string forwardCode)
        {
            string? backward = TensorFacts.FindBackward(method);
            if (backward is null)
            {
                string owner = method.ContainingType?.Name ?? "T";
                string name = method.AssociatedSymbol?.Name ?? method.Name;
                string display = (method.ContainingType is null ? string.Empty : owner + ".") + name;
                Report(DiagnosticDescriptors.NoDerivative, at, display, owner, name, RuntimeWayOut(method, name),
                    DiagnosticDescriptors.NoDerivativeWayOut(display, owner, name, method.OriginalDefinition.DeclaringSyntaxReferences.Length > 0));
                return null;
            }

            ITypeSymbol[] inputs = (method.IsStatic ? Enumerable.Empty<ITypeSymbol>() : new[] { (ITypeSymbol)method.ContainingType })
                .Concat(method.Parameters.Select(p => p.Type)).ToArray();
            TensorArg[] withSlots = args.Select((a, i) => a with { HasSlot = TensorFacts.IsTensor(inputs[i]) }).ToArray();
            string? tangent = TensorFacts.FindTangent(method);
            if (tangent is null)
            {
                // Only forward mode needs it: the gradient is still generated, and the tangent says why it cannot run.
                string owner = method.ContainingType!.Name;
                string name = method.AssociatedSymbol?.Name ?? method.Name;
                Report(DiagnosticDescriptors.NoTangent, at, owner + "." + name, owner, method.Name, _method.Name);
            }

            return new TensorOpExpr(forwardCode, backward, withSlots.ToEquatableArray(), tangent, TensorFacts.FindCurvature(method));
        }

        /// <summary>An argument: an active tensor becomes a local (or stays a name); anything else is constant code.</summary>
        private TensorArg LowerArg(ExpressionSyntax expression, List<Stmt> into)
        {
            if (!IsActive(expression))
            {
                return new TensorArg(ConstantArg(expression, into), null, false);
            }

            if (!IsTensorTyped(expression))
            {
                ReportDetached(expression);
                return new TensorArg(_values.Host(expression, IrType.Unknown), null, false);
            }

            ExpressionSyntax inner = expression;
            while (inner is ParenthesizedExpressionSyntax parenthesized)
            {
                inner = parenthesized.Expression;
            }

            if (inner is IdentifierNameSyntax identifier && _model.GetSymbolInfo(identifier, _cancellationToken).Symbol is ISymbol symbol && _active.Contains(symbol))
            {
                string name = NameOf(symbol);
                return new TensorArg(new NameValue(name, TensorType), name, false);
            }

            string temp = Temp(TensorFacts.TensorCode, active: true);
            into.Add(AssignLocal(temp, LowerValue(inner, into), true));
            return new TensorArg(new NameValue(temp, TensorType), temp, false);
        }

        /// <summary>
        /// The value of a constant argument or receiver. Code that calls or allocates runs once, in
        /// the forward sweep, into a saved local, so the reverse sweep sees the same value.
        /// </summary>
        private Value ConstantArg(ExpressionSyntax expression, List<Stmt> into)
        {
            bool simple = !expression.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax
                or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax
                or AnonymousObjectCreationExpressionSyntax or AssignmentExpressionSyntax or AwaitExpressionSyntax);
            if (simple)
            {
                return _values.Bind(expression);
            }

            ITypeSymbol? type = _model.GetTypeInfo(expression, _cancellationToken).ConvertedType;
            if (type is null || type.TypeKind == TypeKind.Error)
            {
                return _values.Bind(expression);
            }

            string temp = Fresh("c");
            AddLocal(temp, type, false, LocationInfo.From(expression));
            into.Add(AssignLocal(temp, Constant(_values.Bind(expression)), false));
            return new NameValue(temp, SymbolFacts.IrTypeOf(type));
        }

        private string Temp(string typeCode, bool active)
        {
            string name = Fresh("t");
            _locals.Add(new TensorLocal(name, typeCode, SavedAs.Reference, active));
            return name;
        }

        private IMethodSymbol? Operator(ExpressionSyntax expression) =>
            _model.GetSymbolInfo(expression, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } op ? op : null;

        /// <summary>
        /// The arguments in parameter order; an expanded <c>params</c> list becomes one constant
        /// array local (<paramref name="expanded"/>), and an omitted optional argument stays null.
        /// </summary>
        private ExpressionSyntax?[] ArgumentsByParameter(InvocationExpressionSyntax invocation, IMethodSymbol method, List<Stmt> into, out Dictionary<int, string> expanded)
        {
            expanded = new Dictionary<int, string>();
            var result = new ExpressionSyntax?[method.Parameters.Length];
            SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
            for (int i = 0; i < arguments.Count; i++)
            {
                ArgumentSyntax argument = arguments[i];
                int index = i;
                if (argument.NameColon is { } nameColon)
                {
                    index = -1;
                    for (int p = 0; p < method.Parameters.Length; p++)
                    {
                        if (method.Parameters[p].Name == nameColon.Name.Identifier.ValueText)
                        {
                            index = p;
                        }
                    }
                }

                if (index < 0 || index >= result.Length)
                {
                    continue;
                }

                IParameterSymbol parameter = method.Parameters[index];
                if (parameter.IsParams && !(arguments.Count == method.Parameters.Length && IsArrayTyped(argument.Expression)))
                {
                    List<ArgumentSyntax> items = arguments.Skip(index).ToList();
                    if (items.Any(a => IsActive(a.Expression)))
                    {
                        ReportDetached(items.First(a => IsActive(a.Expression)).Expression);
                    }

                    string temp = Fresh("c");
                    AddLocal(temp, parameter.Type, false, LocationInfo.From(argument));
                    into.Add(AssignLocal(temp, Constant(ArrayLiteral((IArrayTypeSymbol)parameter.Type, items)), false));
                    expanded[index] = temp;
                    break;
                }

                result[index] = argument.Expression;
            }

            return result;
        }

        private TensorArg ArgumentFor(ExpressionSyntax?[] arguments, Dictionary<int, string> expanded, int index, IParameterSymbol parameter, List<Stmt> into)
        {
            if (expanded.TryGetValue(index, out string? array))
            {
                return new TensorArg(new NameValue(array, SymbolFacts.IrTypeOf(parameter.Type)), null, false);
            }

            return arguments[index] is { } given ? LowerArg(given, into) : new TensorArg(SymbolFacts.DefaultArgument(parameter), null, false);
        }

        private bool IsArrayTyped(ExpressionSyntax expression) => _model.GetTypeInfo(expression, _cancellationToken).Type is IArrayTypeSymbol;

        /// <summary>Stands in for a value that got a diagnostic (the method is not emitted).</summary>
        private Expr Failed(ExpressionSyntax expression) => Constant(_values.Host(expression, IrType.Unknown));

        private static readonly IrType TensorType = new(IrTypeKind.Other, TensorFacts.TensorCode);

        private static readonly IrType OptionalTensorType = new(IrTypeKind.Other, TensorFacts.TensorCode + "?");

        /// <summary>
        /// <c>new T[] { a, b }</c> for the items of an expanded <c>params</c> list: host code (it
        /// allocates), made of the items' values, and reading what they read.
        /// </summary>
        private HostValue ArrayLiteral(IArrayTypeSymbol type, IEnumerable<ArgumentSyntax> items)
        {
            Value[] values = items.Select(a => _values.Bind(a.Expression)).ToArray();
            string element = type.ElementType.ToDisplayString(SymbolFacts.QualifiedFormat);
            return new HostValue(
                "new " + element + "[] { " + string.Join(", ", values.Select(ValuePrinter.Print)) + " }",
                SymbolFacts.IrTypeOf(type),
                values.SelectMany(v => ValueTree.Reads(v)).Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
                values.SelectMany(v => ValueTree.Writes(v)).Distinct().OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
                Pure: false,
                Primary: false);
        }

        /// <summary>The node's code with locals renamed to their hoisted names.</summary>
        private string Code(SyntaxNode node)
        {
            var renames = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (IdentifierNameSyntax identifier in node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (_model.GetSymbolInfo(identifier, _cancellationToken).Symbol is ISymbol symbol
                    && _names.TryGetValue(symbol, out string? name)
                    && name != identifier.Identifier.ValueText)
                {
                    renames[identifier] = SyntaxFactory.IdentifierName(name).WithTriviaFrom(identifier);
                }
            }

            SyntaxNode renamed = renames.Count == 0 ? node : node.ReplaceNodes(renames.Keys, (original, _) => renames[original]);
            return renamed.WithoutTrivia().ToString();
        }
    }
}
