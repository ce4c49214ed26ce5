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
        /// <remarks>
        /// One iterator with a stack of its own: the lowering rules ask this of every statement's value in every pass, and
        /// an iterator nested per level allocated one enumerator per node and handed each node up through every level.
        /// </remarks>
        public static IEnumerable<Expr> DescendantsAndSelf(Expr expr)
        {
            yield return expr;
            if (IsLeaf(expr))
            {
                yield break;
            }

            var pending = new Stack<Expr>();
            PushChildren(pending, expr);
            while (pending.Count > 0)
            {
                Expr next = pending.Pop();
                yield return next;
                PushChildren(pending, next);
            }
        }

        private static bool IsLeaf(Expr expr) => expr is not (ElemExpr or NegateExpr or BinaryExpr or ConvertExpr or IntrinsicCallExpr or UserCallExpr or ConditionalExpr);

        /// <summary>Pushes what <see cref="Children"/> lists, last first, so that the children pop in evaluation order.</summary>
        private static void PushChildren(Stack<Expr> pending, Expr expr)
        {
            switch (expr)
            {
                case ElemExpr element:
                    pending.Push(element.Index);
                    break;
                case NegateExpr negate:
                    pending.Push(negate.Operand);
                    break;
                case BinaryExpr binary:
                    pending.Push(binary.Right);
                    pending.Push(binary.Left);
                    break;
                case ConvertExpr convert:
                    pending.Push(convert.Operand);
                    break;
                case IntrinsicCallExpr call:
                    for (int i = call.Args.Count - 1; i >= 0; i--)
                    {
                        pending.Push(call.Args[i]);
                    }

                    break;
                case UserCallExpr call:
                    for (int i = call.Args.Count - 1; i >= 0; i--)
                    {
                        pending.Push(call.Args[i].Value);
                    }

                    break;
                case ConditionalExpr conditional:
                    pending.Push(conditional.WhenFalse);
                    pending.Push(conditional.WhenTrue);
                    pending.Push(conditional.Condition);
                    break;
            }
        }

        /// <summary>
        /// Rebuilds the expression with <paramref name="map"/> applied to each direct sub-expression
        /// that carries a value, in evaluation order (an element's index and a conditional's condition
        /// are integer or boolean code and stay as they are).
        /// </summary>
        /// <remarks>
        /// An expression none of whose children the map changed (the same instances back) is returned as it is, not
        /// copied: the lowering passes map every statement's value again on every pass, and most of it never changes.
        /// The IR is immutable and compared by value, so a copy and the original are interchangeable.
        /// </remarks>
        public static Expr MapChildren(Expr expr, Func<Expr, Expr> map)
        {
            switch (expr)
            {
                case NegateExpr negate:
                {
                    Expr operand = map(negate.Operand);
                    return ReferenceEquals(operand, negate.Operand) ? negate : negate with { Operand = operand };
                }

                case BinaryExpr binary:
                {
                    Expr left = map(binary.Left);
                    Expr right = map(binary.Right);
                    return ReferenceEquals(left, binary.Left) && ReferenceEquals(right, binary.Right) ? binary : binary with { Left = left, Right = right };
                }

                case ConvertExpr convert:
                {
                    Expr operand = map(convert.Operand);
                    return ReferenceEquals(operand, convert.Operand) ? convert : convert with { Operand = operand };
                }

                case IntrinsicCallExpr call:
                {
                    Expr[]? args = null;
                    for (int i = 0; i < call.Args.Count; i++)
                    {
                        Expr arg = call.Args[i];
                        Expr mapped = map(arg);
                        if (args is null && !ReferenceEquals(mapped, arg))
                        {
                            args = new Expr[call.Args.Count];
                            call.Args.Items.CopyTo(0, args, 0, i);
                        }

                        if (args is not null)
                        {
                            args[i] = mapped;
                        }
                    }

                    return args is null ? call : call with { Args = new EquatableArray<Expr>(System.Collections.Immutable.ImmutableArray.Create(args)) };
                }

                case UserCallExpr call:
                {
                    CallArg[]? args = null;
                    for (int i = 0; i < call.Args.Count; i++)
                    {
                        CallArg arg = call.Args[i];
                        Expr mapped = map(arg.Value);
                        if (args is null && !ReferenceEquals(mapped, arg.Value))
                        {
                            args = new CallArg[call.Args.Count];
                            call.Args.Items.CopyTo(0, args, 0, i);
                        }

                        if (args is not null)
                        {
                            args[i] = ReferenceEquals(mapped, arg.Value) ? arg : arg with { Value = mapped };
                        }
                    }

                    return args is null ? call : call with { Args = new EquatableArray<CallArg>(System.Collections.Immutable.ImmutableArray.Create(args)) };
                }

                case ConditionalExpr conditional:
                {
                    Expr whenTrue = map(conditional.WhenTrue);
                    Expr whenFalse = map(conditional.WhenFalse);
                    return ReferenceEquals(whenTrue, conditional.WhenTrue) && ReferenceEquals(whenFalse, conditional.WhenFalse)
                        ? conditional
                        : conditional with { WhenTrue = whenTrue, WhenFalse = whenFalse };
                }

                default:
                    return expr;
            }
        }
    }
}
