using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    /// <summary>
    /// Whether a [Differentiable] method may fill one of its [NoDiff] buffer parameters with values computed from its
    /// differentiable inputs. Such a buffer carries derivatives inside the method (its tangent is followed there), but
    /// the method's companions have no adjoint for it, so a caller that reads the buffer back after the call would take
    /// those values for constants. The caller refuses that read; this answers the question it asks of the callee.
    /// </summary>
    /// <remarks>
    /// Found on the syntax, flow-insensitively: a parameter that is neither [NoDiff] nor of a non-floating type carries
    /// derivatives, and so does a local assigned anything that mentions one (or given to a call as <c>ref</c>/<c>out</c>
    /// beside one, or written by such a call). A write whose value mentions none of them, like <c>work[i] = i * h</c> with
    /// constant <c>h</c>, is a constant write; so is a call statement given the buffer that reads none of them. Any other
    /// write (an alias, a view) counts as computed.
    /// </remarks>
    internal static class ComputedWriteFacts
    {
        public static bool MayWriteComputedValues(IMethodSymbol method, IParameterSymbol parameter, Compilation compilation)
        {
            (method, parameter) = Implementation(method, parameter);

            if (!SymbolFacts.MayWriteParameter(method, parameter, compilation))
            {
                return false;
            }

            if (method.DeclaringSyntaxReferences.Length == 0)
            {
                return true;
            }

            ParamShape shape = SymbolFacts.ShapeOf(parameter.Type).Shape;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode declaration = reference.GetSyntax();
                if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    return true;
                }

                SemanticModel model = compilation.GetSemanticModel(declaration.SyntaxTree);
                HashSet<ISymbol> carrying = CarryingDerivatives(method, declaration, model);
                foreach (IdentifierNameSyntax use in declaration.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (use.Identifier.ValueText != parameter.Name || use.Parent is ParameterSyntax
                        || !SymbolFacts.UseMayWrite(use, shape, compilation)
                        || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use).Symbol, parameter))
                    {
                        continue;
                    }

                    if (use.Parent is ElementAccessExpressionSyntax access && access.Expression == use)
                    {
                        SyntaxNode element = Outermost(access);
                        SyntaxNode? written = element.Parent;
                        if (written is AssignmentExpressionSyntax assignment && assignment.Left == element
                            && !Mentions(assignment.Right, carrying, model))
                        {
                            continue;
                        }

                        if (written is PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax)
                        {
                            // work[i]++ adds a constant to what was there.
                            continue;
                        }
                    }

                    // A call statement given the buffer (Bump(work), Array.Copy(table, work, n)) can only take what it
                    // writes from what the statement reads. Aliases and views are written elsewhere, so they count as computed.
                    if (use.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement } } }
                        && !Mentions(statement, carrying, model))
                    {
                        continue;
                    }

                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a method in source uses a buffer parameter first, in the order of its text, as the target of an element
        /// assignment (`work[i] = …`): scratch space it fills before it reads it, so that what a caller left there is not read.
        /// </summary>
        public static bool WritesBeforeReading(IMethodSymbol method, IParameterSymbol parameter)
        {
            (method, parameter) = Implementation(method, parameter);

            if (method.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            IdentifierNameSyntax? first = method.DeclaringSyntaxReferences[0].GetSyntax().DescendantNodes().OfType<IdentifierNameSyntax>()
                .FirstOrDefault(use => use.Identifier.ValueText == parameter.Name && use.Parent is not ParameterSyntax);
            if (first?.Parent is not ElementAccessExpressionSyntax access || access.Expression != first)
            {
                return false;
            }

            SyntaxNode element = Outermost(access);
            return element.Parent is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Left == element
                   && !assignment.Right.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(use => use.Identifier.ValueText == parameter.Name);
        }

        /// <summary>A partial method's implementation part and its parameter, whose body is the one that runs.</summary>
        private static (IMethodSymbol Method, IParameterSymbol Parameter) Implementation(IMethodSymbol method, IParameterSymbol parameter) =>
            method.IsPartialDefinition && method.PartialImplementationPart is { } implementation && parameter.Ordinal < implementation.Parameters.Length
                ? (implementation, implementation.Parameters[parameter.Ordinal])
                : (method, parameter);

        /// <summary>The parameters and locals of a method that may hold values computed from its differentiable inputs.</summary>
        private static HashSet<ISymbol> CarryingDerivatives(IMethodSymbol method, SyntaxNode declaration, SemanticModel model)
        {
            var carrying = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (SymbolFacts.ShapeOf(parameter.Type).Shape != ParamShape.Other && !SymbolFacts.HasAttribute(parameter, SymbolFacts.NoDiffAttribute))
                {
                    carrying.Add(parameter);
                }
            }

            // Each round adds what the previous ones reach; a local is added once, so the rounds end.
            bool grew = true;
            while (grew)
            {
                grew = false;
                foreach (SyntaxNode node in declaration.DescendantNodes())
                {
                    switch (node)
                    {
                        case VariableDeclaratorSyntax { Initializer.Value: { } value } local when Mentions(value, carrying, model):
                            grew |= model.GetDeclaredSymbol(local) is { } declared && carrying.Add(declared);
                            break;
                        case AssignmentExpressionSyntax assignment when Mentions(assignment.Right, carrying, model):
                            grew |= AddWritten(assignment.Left, carrying, model);
                            break;
                        case CommonForEachStatementSyntax loop when Mentions(loop.Expression, carrying, model):
                            grew |= loop is ForEachStatementSyntax single
                                ? model.GetDeclaredSymbol(single) is { } item && carrying.Add(item)
                                : AddWritten(((ForEachVariableStatementSyntax)loop).Variable, carrying, model);
                            break;
                        case InvocationExpressionSyntax call when Mentions(call, carrying, model):
                            // What the call writes (ref and out arguments, buffers it may fill) may come from what it is
                            // given, its receiver included (x.CopyTo(t)).
                            foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
                            {
                                if (argument.RefKindKeyword.RawKind != 0 || MayBeWrittenThrough(argument.Expression))
                                {
                                    grew |= AddWritten(argument.Expression, carrying, model);
                                }
                            }

                            break;
                    }
                }
            }

            return carrying;
        }

        /// <summary>A variable a call may write through an argument: a buffer or a view of one (`t`, `t.AsSpan(1)`, `s[1..]`), or an out declaration.</summary>
        private static bool MayBeWrittenThrough(ExpressionSyntax argument) => argument switch
        {
            IdentifierNameSyntax or DeclarationExpressionSyntax => true,
            ParenthesizedExpressionSyntax parenthesized => MayBeWrittenThrough(parenthesized.Expression),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" or "Slice", Expression: var viewed } } => MayBeWrittenThrough(viewed),
            ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } range when range.ArgumentList.Arguments[0].Expression is RangeExpressionSyntax => MayBeWrittenThrough(range.Expression),
            _ => false,
        };

        /// <summary>
        /// Adds the local (or parameter) that an assignment target, deconstruction or argument names: the buffer of an
        /// element (not its index), each part of a tuple, a variable declared there.
        /// </summary>
        private static bool AddWritten(ExpressionSyntax target, HashSet<ISymbol> carrying, SemanticModel model)
        {
            bool grew = false;
            foreach (SyntaxNode node in target.DescendantNodesAndSelf(child => child is not (ArgumentListSyntax or BracketedArgumentListSyntax) || child.Parent is TupleExpressionSyntax))
            {
                ISymbol? symbol = node switch
                {
                    IdentifierNameSyntax name => model.GetSymbolInfo(name).Symbol,
                    SingleVariableDesignationSyntax designation => model.GetDeclaredSymbol(designation),
                    _ => null,
                };
                if (symbol is ILocalSymbol or IParameterSymbol)
                {
                    grew |= carrying.Add(symbol);
                }
            }

            return grew;
        }

        /// <summary>
        /// Whether an expression reads something that may carry derivatives, or calls a local function or delegate (whose
        /// captured reads are not followed here).
        /// </summary>
        private static bool Mentions(SyntaxNode code, HashSet<ISymbol> carrying, SemanticModel model)
        {
            foreach (SyntaxNode node in code.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax name)
                {
                    if (name.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } length && length.Expression == name)
                    {
                        // A buffer's length is an integer, never a derivative.
                        continue;
                    }

                    ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                    if (symbol is not null && carrying.Contains(symbol))
                    {
                        return true;
                    }

                    if (symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction or MethodKind.DelegateInvoke }
                        || symbol is ILocalSymbol { Type.TypeKind: TypeKind.Delegate })
                    {
                        return true;
                    }
                }
                else if (node is AnonymousFunctionExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The outermost of the parentheses around a node: <c>(work[i]) = v</c> assigns the element.</summary>
        private static SyntaxNode Outermost(SyntaxNode node)
        {
            while (node.Parent is ParenthesizedExpressionSyntax outer)
            {
                node = outer;
            }

            return node;
        }
    }
}
