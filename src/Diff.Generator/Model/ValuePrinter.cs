namespace Diff.Generator.Model
{
    /// <summary>
    /// Prints a value tree as C#, with the parentheses C#'s precedence needs and no others. The
    /// printed code has the original's meaning: the same operators over the same operand types, so
    /// C# infers the same types and the same integer or floating arithmetic.
    /// </summary>
    internal static class ValuePrinter
    {
        // C#'s precedence levels, loosest first.
        private const int Assignment = 1;
        private const int Conditional = 2;
        private const int ConditionalOr = 3;
        private const int ConditionalAnd = 4;
        private const int BitwiseOr = 5;
        private const int ExclusiveOr = 6;
        private const int BitwiseAnd = 7;
        private const int Equality = 8;
        private const int Relational = 9;
        private const int Shift = 10;
        private const int Additive = 11;
        private const int Multiplicative = 12;
        private const int Unary = 13;
        private const int Primary = 14;

        public static string Print(Value value) => Print(value, Assignment);

        /// <summary>Prints the value so that it can stand before <c>.</c> or <c>[</c>, or after a unary operator (in parentheses unless primary).</summary>
        public static string PrintPrimary(Value value) => Print(value, Primary);

        /// <summary>Prints the value so that it can stand as an operand of a binary operator written with spaces around it.</summary>
        public static string PrintOperand(Value value) => Print(value, Unary);

        /// <summary>Prints the value so that it can stand where an operand of precedence <paramref name="required"/> is expected.</summary>
        private static string Print(Value value, int required)
        {
            string code = Print(value, out int precedence);
            return precedence < required ? "(" + code + ")" : code;
        }

        private static string Print(Value value, out int precedence)
        {
            switch (value)
            {
                case ConstantValue constant:
                    precedence = Primary;
                    return constant.Text;
                case NameValue name:
                    precedence = Primary;
                    return name.Name;
                case LengthValue length:
                    precedence = Primary;
                    return length.Buffer + ".Length";
                case ElementValue element:
                    precedence = Primary;
                    return element.Buffer + "[" + Print(element.Index) + "]";
                case UnaryValue unary:
                {
                    precedence = Unary;
                    string operand = Print(unary.Operand, Unary);

                    // `- -x` and `+ +x` must not print as the `--` and `++` operators.
                    if (operand.Length > 0 && (operand[0] == '-' || operand[0] == '+'))
                    {
                        operand = "(" + operand + ")";
                    }

                    return Symbol(unary.Operator) + operand;
                }

                case BinaryValue binary:
                {
                    precedence = PrecedenceOf(binary.Operator);

                    // Left-associative: an operand of the same precedence needs parentheses on the right only.
                    return Print(binary.Left, precedence) + " " + Symbol(binary.Operator) + " " + Print(binary.Right, precedence + 1);
                }

                case ConditionalValue conditional:
                    precedence = Conditional;
                    return Print(conditional.Condition, ConditionalOr) + " ? " + Print(conditional.WhenTrue, Conditional) + " : " + Print(conditional.WhenFalse, Conditional);
                case CastValue cast:
                    // A cast to a named type followed by `-x` would parse as a subtraction: operands stay primary.
                    precedence = Unary;
                    return "(" + cast.Type.Name + ")" + Print(cast.Operand, Primary);
                case IsNullValue isNull:
                    precedence = Relational;
                    return Print(isNull.Operand, Shift) + (isNull.Negated ? " is not null" : " is null");
                case UpdateValue update:
                    switch (update.Operator)
                    {
                        case UpdateOperator.Increment or UpdateOperator.Decrement:
                            string symbol = update.Operator == UpdateOperator.Increment ? "++" : "--";
                            precedence = update.Postfix ? Primary : Unary;
                            return update.Postfix ? update.Name + symbol : symbol + update.Name;
                        default:
                            precedence = Assignment;
                            return update.Name + " " + Symbol(update.Operator) + " " + Print(update.Operand!, Assignment);
                    }

                case HostValue host:
                    precedence = host.Primary ? Primary : Assignment;
                    return host.Code;
                default:
                    precedence = Primary;
                    return "default";
            }
        }

        private static int PrecedenceOf(ValueOperator op) => op switch
        {
            ValueOperator.Multiply or ValueOperator.Divide or ValueOperator.Remainder => Multiplicative,
            ValueOperator.Add or ValueOperator.Subtract => Additive,
            ValueOperator.ShiftLeft or ValueOperator.ShiftRight or ValueOperator.UnsignedShiftRight => Shift,
            ValueOperator.Less or ValueOperator.LessOrEqual or ValueOperator.Greater or ValueOperator.GreaterOrEqual => Relational,
            ValueOperator.Equal or ValueOperator.NotEqual => Equality,
            ValueOperator.BitwiseAnd => BitwiseAnd,
            ValueOperator.ExclusiveOr => ExclusiveOr,
            ValueOperator.BitwiseOr => BitwiseOr,
            ValueOperator.ConditionalAnd => ConditionalAnd,
            _ => ConditionalOr,
        };

        public static string Symbol(ValueOperator op) => op switch
        {
            ValueOperator.Add => "+",
            ValueOperator.Subtract => "-",
            ValueOperator.Multiply => "*",
            ValueOperator.Divide => "/",
            ValueOperator.Remainder => "%",
            ValueOperator.ShiftLeft => "<<",
            ValueOperator.ShiftRight => ">>",
            ValueOperator.UnsignedShiftRight => ">>>",
            ValueOperator.Less => "<",
            ValueOperator.LessOrEqual => "<=",
            ValueOperator.Greater => ">",
            ValueOperator.GreaterOrEqual => ">=",
            ValueOperator.Equal => "==",
            ValueOperator.NotEqual => "!=",
            ValueOperator.BitwiseAnd => "&",
            ValueOperator.BitwiseOr => "|",
            ValueOperator.ExclusiveOr => "^",
            ValueOperator.ConditionalAnd => "&&",
            _ => "||",
        };

        private static string Symbol(UnaryOperator op) => op switch
        {
            UnaryOperator.Negate => "-",
            UnaryOperator.Plus => "+",
            UnaryOperator.Not => "!",
            _ => "~",
        };

        public static string Symbol(UpdateOperator op) => op switch
        {
            UpdateOperator.Assign => "=",
            UpdateOperator.Add => "+=",
            UpdateOperator.Subtract => "-=",
            UpdateOperator.Multiply => "*=",
            UpdateOperator.Divide => "/=",
            UpdateOperator.Remainder => "%=",
            UpdateOperator.BitwiseAnd => "&=",
            UpdateOperator.BitwiseOr => "|=",
            UpdateOperator.ExclusiveOr => "^=",
            UpdateOperator.ShiftLeft => "<<=",
            UpdateOperator.ShiftRight => ">>=",
            UpdateOperator.Increment => "++",
            _ => "--",
        };
    }
}
