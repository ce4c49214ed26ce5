using System;
using System.Collections.Generic;
using System.Linq;

namespace Diff.Generator.Model
{
    /// <summary>
    /// The one place that knows which expressions an expression is made of, in C#'s evaluation order
    /// (left operand, right operand; arguments in order). Walkers and rewriters of the IR use it
    /// instead of each repeating the same switch.
    /// </summary>
    internal static class ExprTree
    {
        /// <summary>The direct sub-expressions, in evaluation order (a conditional's condition first).</summary>
        public static IEnumerable<Expr> Children(Expr expr) => expr switch
        {
            ElemExpr element => new Expr[] { element.Index },
            NegateExpr negate => new[] { negate.Operand },
            BinaryExpr binary => new[] { binary.Left, binary.Right },
            ConvertExpr convert => new[] { convert.Operand },
            IntrinsicCallExpr call => call.Args,
            UserCallExpr call => call.Args.Select(a => a.Value),
            ConditionalExpr conditional => new[] { conditional.Condition, conditional.WhenTrue, conditional.WhenFalse },
            _ => Array.Empty<Expr>(),
        };

        /// <summary>The expression and everything inside it, parents before children, in evaluation order.</summary>
        public static IEnumerable<Expr> DescendantsAndSelf(Expr expr)
        {
            yield return expr;
            foreach (Expr child in Children(expr))
            {
                foreach (Expr descendant in DescendantsAndSelf(child))
                {
                    yield return descendant;
                }
            }
        }

        /// <summary>
        /// Rebuilds the expression with <paramref name="map"/> applied to each direct sub-expression
        /// that carries a value, in evaluation order (an element's index and a conditional's condition
        /// are integer or boolean code and stay as they are).
        /// </summary>
        public static Expr MapChildren(Expr expr, Func<Expr, Expr> map)
        {
            switch (expr)
            {
                case NegateExpr negate:
                    return negate with { Operand = map(negate.Operand) };
                case BinaryExpr binary:
                {
                    Expr left = map(binary.Left);
                    Expr right = map(binary.Right);
                    return binary with { Left = left, Right = right };
                }

                case ConvertExpr convert:
                    return convert with { Operand = map(convert.Operand) };
                case IntrinsicCallExpr call:
                    return call with { Args = call.Args.Select(map).ToList().ToEquatableArray() };
                case UserCallExpr call:
                    return call with { Args = call.Args.Select(a => a with { Value = map(a.Value) }).ToList().ToEquatableArray() };
                case ConditionalExpr conditional:
                {
                    Expr whenTrue = map(conditional.WhenTrue);
                    Expr whenFalse = map(conditional.WhenFalse);
                    return conditional with { WhenTrue = whenTrue, WhenFalse = whenFalse };
                }

                default:
                    return expr;
            }
        }
    }
}
