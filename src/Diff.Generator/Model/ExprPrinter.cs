using System.Linq;
using Diff.Generator.Parse;

namespace Diff.Generator.Model
{
    /// <summary>
    /// Prints the primal expression IR (<see cref="Expr"/>) as the plain C# of the original
    /// computation, with the parentheses its evaluation order needs and no others.
    /// </summary>
    internal static class ExprPrinter
    {
        public enum Precedence
        {
            Additive = 1,
            Multiplicative = 2,
            Unary = 3,
            Primary = 4,
        }

        /// <summary>Prints an expression as the plain C# of the original computation (no derivatives).</summary>
        public static string Print(Expr expr) => expr switch
        {
            ValueExpr opaque => PrintValue(opaque),
            VarExpr variable => variable.Name,
            ElemExpr element => $"{element.Array}[{element.Index.Code}]",
            NegateExpr negate => "-" + Operand(negate.Operand, Print(negate.Operand), Precedence.Unary, false),
            BinaryExpr binary => Operand(binary.Left, Print(binary.Left), PrecedenceOf(binary), false) + " " + OperatorText(binary.Op) + " "
                                 + Operand(binary.Right, Print(binary.Right), PrecedenceOf(binary), true),
            ConvertExpr convert => $"({SymbolFacts.Keyword(convert.Kind)})" + Operand(convert.Operand, Print(convert.Operand), Precedence.Unary, false),
            IntrinsicCallExpr call => $"global::{call.Owner}.{RuleName(call.Rule)}({string.Join(", ", call.Args.Select(Print))})",
            UserCallExpr call => PrintCall(call),
            ConditionalExpr conditional => $"({conditional.Condition.Code} ? {Print(conditional.WhenTrue)} : {Print(conditional.WhenFalse)})",
            ThrowExpr thrown => "throw " + ValuePrinter.Print(thrown.Exception),
            TensorOpExpr op => op.ForwardCode,
            TensorCallExpr call => call.Receiver + call.Method + "(" + string.Join(", ", call.Args.Select(a => a.Code)) + ")",
            ParameterValueExpr parameter => parameter.ParameterCode + ".Value",
            _ => "default",
        };

        /// <summary>
        /// A call as the forward sweep makes it: the original method with the arguments as they are now
        /// (lowering may have evaluated some into locals), never the source text, which would evaluate
        /// side effects again. Generic methods, whose type arguments are not modelled, keep their text.
        /// </summary>
        public static string PrintCall(UserCallExpr call) => call.PrimalMethod.Length == 0
            ? call.FallbackCode
            : $"{call.PrimalMethod}({string.Join(", ", call.Args.Select(a => Print(a.Value)))})";

        /// <summary>
        /// Prints a value that is not differentiated. An integer used as a floating-point value keeps
        /// its integer semantics but is converted explicitly, so that <c>1 / 3</c> in a derivative never
        /// becomes integer division; an integer literal is simply written as a floating one.
        /// </summary>
        public static string PrintValue(ValueExpr value)
        {
            string code = value.Code;
            if (SymbolFacts.IsFloating(value.Kind))
            {
                if (IntegerLiteral(value.Tree) is { } digits)
                {
                    string negative = value.Tree is UnaryValue ? "-" : string.Empty;
                    return negative + digits + (value.Kind == ScalarKind.Float ? "f" : ".0");
                }

                // Anything else that is floating only after a conversion (a constant int, `2 * 2`,
                // `a.Length`) is converted explicitly: printed inside a partial such as `1 / N`, it
                // would otherwise be integer arithmetic.
                string keyword = SymbolFacts.Keyword(value.Kind);
                if (value.Reads.Any(read => read != ValueTree.ObjectState) || value.NaturalType != keyword)
                {
                    return $"(({keyword})({code}))";
                }
            }

            return value.Tree is ConstantValue or NameValue or LengthValue or ElementValue or HostValue { Primary: true } ? code : "(" + code + ")";
        }

        public static Precedence PrecedenceOf(Expr expr) => expr switch
        {
            BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } => Precedence.Additive,
            BinaryExpr => Precedence.Multiplicative,
            NegateExpr or ConvertExpr => Precedence.Unary,
            _ => Precedence.Primary,
        };

        /// <summary>
        /// Parenthesizes an operand only where C# needs it to keep the original evaluation order:
        /// lower precedence, a right operand of equal precedence, or a unary operand that is itself unary.
        /// </summary>
        public static string Operand(Expr child, string rendered, Precedence parent, bool right)
        {
            Precedence precedence = PrecedenceOf(child);
            bool needs = precedence < parent || (right && precedence == parent && parent != Precedence.Unary) || (parent == Precedence.Unary && precedence == Precedence.Unary);
            return needs ? "(" + rendered + ")" : rendered;
        }

        public static string OperatorText(BinaryOp op) => op switch
        {
            BinaryOp.Add => "+",
            BinaryOp.Subtract => "-",
            BinaryOp.Multiply => "*",
            BinaryOp.Remainder => "%",
            _ => "/",
        };

        /// <summary>The class whose functions a derivative of <paramref name="kind"/> calls.</summary>
        public static string MathClass(ScalarKind kind) => kind == ScalarKind.Float ? "global::System.MathF" : "global::System.Math";

        /// <summary>The function name of a catalog key (<c>Exp</c> for <c>Exp/1</c>).</summary>
        public static string RuleName(string ruleKey) => ruleKey.Substring(0, ruleKey.IndexOf('/'));

        /// <summary>The digits of a decimal integer literal, possibly negated (<c>2</c>, <c>-1</c>); null for anything else.</summary>
        private static string? IntegerLiteral(Value value) => value switch
        {
            ConstantValue { IsLiteral: true } constant when constant.Text.Length > 0 && constant.Text.All(char.IsDigit) => constant.Text,
            UnaryValue { Operator: UnaryOperator.Negate, Operand: ConstantValue { IsLiteral: true } operand } when operand.Text.Length > 0 && operand.Text.All(char.IsDigit) => operand.Text,
            _ => null,
        };
    }
}
