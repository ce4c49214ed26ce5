using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Parse
{
    internal sealed partial class TensorMethodParser
    {
        /// <summary>
        /// An indexer read on an active tensor, such as <c>x[.., 1..3]</c>: an op whose target is the
        /// indexer's getter, so its backward is found like any op's. The index arguments must be
        /// constant; a <c>params</c> list becomes one constant array local.
        /// </summary>
        /// <remarks>x[0, 1..3] → c0 = new TensorIndex[] { 0, 1..3 }; t1 = x[c0] (backward: the getter's registration).</remarks>
        private Expr LowerIndexer(ElementAccessExpressionSyntax access, IPropertySymbol indexer, List<Stmt> into)
        {
            IMethodSymbol? getter = indexer.GetMethod;
            SeparatedSyntaxList<ArgumentSyntax> arguments = access.ArgumentList.Arguments;
            if (getter is null || arguments.Any(a => a.NameColon is not null))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, access, Code(access), "this indexer has no derivative");
                return Failed(access);
            }

            foreach (ArgumentSyntax argument in arguments)
            {
                if (IsActive(argument.Expression))
                {
                    ReportDetached(argument.Expression);
                    return Failed(access);
                }
            }

            var args = new List<TensorArg> { LowerArg(access.Expression, into) };
            for (int p = 0; p < getter.Parameters.Length && p < arguments.Count; p++)
            {
                IParameterSymbol parameter = getter.Parameters[p];
                if (parameter.IsParams && !(arguments.Count == getter.Parameters.Length && IsArrayTyped(arguments[p].Expression)))
                {
                    string temp = Fresh("c");
                    AddLocal(temp, parameter.Type, false, LocationInfo.From(arguments[p]));
                    into.Add(AssignLocal(temp, Constant(ArrayLiteral((IArrayTypeSymbol)parameter.Type, arguments.Skip(p))), false));
                    args.Add(new TensorArg(new NameValue(temp, SymbolFacts.IrTypeOf(parameter.Type)), null, false));
                    break;
                }

                args.Add(new TensorArg(ConstantArg(arguments[p].Expression, into), null, false));
            }

            if (args.Count != getter.Parameters.Length + 1)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, access, Code(access), "this indexer has no derivative");
                return Failed(access);
            }

            string forward = ValuePrinter.PrintPrimary(args[0].Value) + "[" + string.Join(", ", args.Skip(1).Select(a => a.Code)) + "]";
            return Op(getter, access, args, forward) ?? Failed(access);
        }
    }
}
