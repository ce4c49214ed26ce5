using System.Globalization;
using System.Linq;
using Diff.Generator.Parse;

namespace Diff.Generator.Model
{
    /// <summary>
    /// Prints a term as C#. The tree is printed as it is built: an operand is parenthesized wherever
    /// C# would otherwise group it differently, so the generated code evaluates exactly the term.
    /// Numbers that are whole are printed as integer literals, which C# converts to the floating type
    /// of the other operand; every division of two numbers is folded before it gets here.
    /// </summary>
    internal static class TermPrinter
    {
        public static string Print(Term term) => term switch
        {
            NumberTerm number => PrintNumber(number),
            NameTerm name => name.Name,
            ElementTerm element => element.Buffer + "[" + ValuePrinter.Print(element.Index) + "]",
            ValueTerm value => ExprPrinter.PrintValue(value.Value),
            PrimalTerm primal => ExprPrinter.Print(primal.Value),
            MathCallTerm call => call.Owner + "." + call.Function + "(" + string.Join(", ", call.Args.Select(Print)) + ")",
            MathConstantTerm constant => constant.Owner + "." + constant.Constant,
            NegateTerm negate => "-" + (StartsWithMinus(negate.Operand) ? "(" + Print(negate.Operand) + ")" : Operand(negate.Operand)),
            BinaryTerm { Operator: TermOperator.Multiply } product => Operand(product.Left) + " * " + RightOperand(product.Right),
            BinaryTerm { Operator: TermOperator.Divide } quotient => Operand(quotient.Left) + " / " + RightOperand(quotient.Right),
            BinaryTerm { Operator: TermOperator.Remainder } remainder => Operand(remainder.Left) + " % " + RightOperand(remainder.Right),
            BinaryTerm sum => PrintSum(sum),
            ConvertTerm convert => "(" + SymbolFacts.Keyword(convert.Kind) + ")" + (convert.Operand is NameTerm or ElementTerm or MathCallTerm or MathConstantTerm ? Print(convert.Operand) : "(" + Print(convert.Operand) + ")"),
            ConditionalTerm conditional => "(" + PrintConditional(conditional) + ")",
            _ => "default",
        };

        public static string Print(TermCondition condition) => condition switch
        {
            CompareCondition compare => Comparand(compare.Left) + " " + ComparisonText(compare.Comparison) + " " + Comparand(compare.Right),
            LogicCondition logic => Junct(logic.Left, logic.And) + (logic.And ? " && " : " || ") + Junct(logic.Right, logic.And),
            _ => "false",
        };

        /// <summary>Prints the term as the left operand of a product.</summary>
        public static string PrintFactor(Term term) => Operand(term);

        /// <summary>As an operand of <c>*</c>, <c>/</c> or unary <c>-</c> on the left: sums and negations get parentheses.</summary>
        private static string Operand(Term term) => NeedsParentheses(term) ? "(" + Print(term) + ")" : Print(term);

        /// <summary>As the right operand of <c>*</c> or <c>/</c>: products, quotients and negative numbers too, to keep the term's grouping.</summary>
        private static string RightOperand(Term term) => term is BinaryTerm { Operator: not TermOperator.Add } or NumberTerm { Number: < 0 } ? "(" + Print(term) + ")" : Operand(term);

        private static bool NeedsParentheses(Term term) => term is BinaryTerm { Operator: TermOperator.Add } or NegateTerm || term is PrimalTerm { Value: not (VarExpr or ElemExpr or IntrinsicCallExpr or UserCallExpr) };

        /// <summary>Whether the printed term begins with a minus sign, which another minus before it would turn into <c>--</c>.</summary>
        private static bool StartsWithMinus(Term term) => term switch
        {
            NumberTerm number => number.Number < 0,
            NegateTerm => true,
            BinaryTerm { Operator: not TermOperator.Add } product => StartsWithMinus(product.Left),
            ValueTerm value => value.Value.Tree is UnaryValue { Operator: UnaryOperator.Negate },
            _ => false,
        };

        private static string PrintSum(BinaryTerm sum)
        {
            string left = Print(sum.Left);
            return sum.Right switch
            {
                NegateTerm negate => left + " - " + (StartsWithMinus(negate.Operand) ? "(" + Print(negate.Operand) + ")" : Operand(negate.Operand)),
                NumberTerm { Number: < 0 } negative => left + " - " + PrintNumber(new NumberTerm(-negative.Number, negative.Kind)),
                BinaryTerm { Operator: TermOperator.Add } inner => left + " + (" + Print(inner) + ")",
                _ => left + " + " + Print(sum.Right),
            };
        }

        // A conditional in the false branch chains without parentheses: `x > 0 ? 1 : x < 0 ? -1 : 0`.
        private static string PrintConditional(ConditionalTerm conditional) =>
            Print(conditional.Condition) + " ? " + Print(conditional.WhenTrue) + " : "
            + (conditional.WhenFalse is ConditionalTerm chained ? PrintConditional(chained) : Print(conditional.WhenFalse));

        private static string Comparand(Term term) => Print(term);

        private static string Junct(TermCondition condition, bool and) => condition is LogicCondition inner && inner.And != and ? "(" + Print(condition) + ")" : Print(condition);

        private static string ComparisonText(TermComparison comparison) => comparison switch
        {
            TermComparison.Less => "<",
            TermComparison.LessOrEqual => "<=",
            TermComparison.Greater => ">",
            TermComparison.GreaterOrEqual => ">=",
            _ => "==",
        };

        private static string PrintNumber(NumberTerm number)
        {
            double value = number.Number;
            if (value == System.Math.Floor(value) && System.Math.Abs(value) < 1e15)
            {
                return ((long)value).ToString(CultureInfo.InvariantCulture);
            }

            string digits = value.ToString("R", CultureInfo.InvariantCulture);
            return number.Kind == ScalarKind.Float ? digits + "f" : digits.IndexOf('.') >= 0 || digits.IndexOf('E') >= 0 ? digits : digits + ".0";
        }
    }
}
