using System.Collections.Generic;
using System.Linq;

namespace Diff.Generator.Model
{
    // The arithmetic the transforms write: partial derivatives, adjoint increments, recorded values
    // and tangents. It is typed and structured like the primal IR, so that a later transform (the
    // tangent of the reverse sweep, for Hessian-vector products) can differentiate it, and a test can
    // evaluate it, without ever reading C# text. The catalog's rules build their partials and tangents
    // as terms (Rules/DerivativeTable.cs); Model/TermPrinter.cs prints them as C#.

    /// <summary>The operators of a term. Subtraction is an addition of a negation, so the algebra has one case less.</summary>
    internal enum TermOperator
    {
        Add,
        Multiply,
        Divide,

        /// <summary>C#'s <c>%</c> on floating values, as the original computation writes it; the rules never build it.</summary>
        Remainder,
    }

    /// <summary>The comparisons a rule's condition uses.</summary>
    internal enum TermComparison
    {
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Equal,
    }

    /// <summary>A floating-point (or, for recorded bookkeeping, integral) value of the sweeps.</summary>
    internal abstract record Term(ScalarKind Kind)
    {
        public static Term operator +(Term a, Term b) => Terms.Add(a, b);

        public static Term operator +(Term a, double b) => Terms.Add(a, Terms.Number(b, a.Kind));

        public static Term operator +(double a, Term b) => Terms.Add(Terms.Number(a, b.Kind), b);

        public static Term operator -(Term a, Term b) => Terms.Subtract(a, b);

        public static Term operator -(Term a, double b) => Terms.Subtract(a, Terms.Number(b, a.Kind));

        public static Term operator -(double a, Term b) => Terms.Subtract(Terms.Number(a, b.Kind), b);

        public static Term operator -(Term a) => Terms.Negate(a);

        public static Term operator *(Term a, Term b) => Terms.Multiply(a, b);

        public static Term operator *(double a, Term b) => Terms.Multiply(Terms.Number(a, b.Kind), b);

        public static Term operator /(Term a, Term b) => Terms.Divide(a, b);

        public static Term operator /(double a, Term b) => Terms.Divide(Terms.Number(a, b.Kind), b);

        public static Term operator /(Term a, double b) => Terms.Divide(a, Terms.Number(b, a.Kind));
    }

    /// <summary>A number known when the code is generated.</summary>
    internal sealed record NumberTerm(double Number, ScalarKind Kind) : Term(Kind);

    /// <summary>A local of the generated method: a temporary, a recorded copy, a seed, a stable variable or parameter.</summary>
    internal sealed record NameTerm(string Name, ScalarKind Kind) : Term(Kind);

    /// <summary>An element of a buffer, read at a typed index: <c>Buffer[Index]</c>.</summary>
    internal sealed record ElementTerm(string Buffer, Value Index, ScalarKind Kind) : Term(Kind);

    /// <summary>
    /// A value that is never differentiated (a literal, a constant, an integer, a <c>[NoDiff]</c>
    /// parameter), used as <see cref="Term.Kind"/>; an integral one is converted explicitly where it
    /// is printed, so a partial never uses integer arithmetic.
    /// </summary>
    internal sealed record ValueTerm(ValueExpr Value) : Term(Value.Kind);

    /// <summary>A primal expression, evaluated as the original computation does (a call argument that is recorded).</summary>
    internal sealed record PrimalTerm(Expr Value) : Term(Value.Kind);

    internal sealed record NegateTerm(Term Operand) : Term(Operand.Kind);

    internal sealed record BinaryTerm(TermOperator Operator, Term Left, Term Right, ScalarKind Kind) : Term(Kind);

    /// <summary>A conversion between float and double (or, for a recorded integer, to <c>long</c>).</summary>
    internal sealed record ConvertTerm(Term Operand, ScalarKind Kind) : Term(Kind);

    /// <summary>A function of <paramref name="Owner"/> (<c>global::System.Math</c> or <c>global::System.MathF</c>).</summary>
    internal sealed record MathCallTerm(string Owner, string Function, EquatableArray<Term> Args, ScalarKind Kind) : Term(Kind);

    /// <summary>A constant of <paramref name="Owner"/>: <c>PI</c>.</summary>
    internal sealed record MathConstantTerm(string Owner, string Constant, ScalarKind Kind) : Term(Kind);

    internal sealed record ConditionalTerm(TermCondition Condition, Term WhenTrue, Term WhenFalse, ScalarKind Kind) : Term(Kind);

    /// <summary>A condition of a <see cref="ConditionalTerm"/>: the kink conventions of Abs, Max, Clamp, ….</summary>
    internal abstract record TermCondition;

    internal sealed record CompareCondition(TermComparison Comparison, Term Left, Term Right) : TermCondition;

    /// <summary><c>Left &amp;&amp; Right</c>, or <c>Left || Right</c> when <paramref name="And"/> is false.</summary>
    internal sealed record LogicCondition(bool And, TermCondition Left, TermCondition Right) : TermCondition;

    /// <summary>
    /// Builds terms, simplifying as it goes (1·x = x, 0·x = 0, −(−x) = x, numbers folded) so that the
    /// generated code stays short and readable, and queries them.
    /// </summary>
    internal static class Terms
    {
        public static NumberTerm Number(double number, ScalarKind kind) => new(number, kind);

        public static bool IsNumber(Term term, double number) => term is NumberTerm n && n.Number == number;

        /// <summary>
        /// An adjoint times a partial, 0 wherever one of <paramref name="choices"/> is (partials of Max, Min, Clamp or Abs
        /// that picked the other argument), even where the rest is infinite: √ of a Max that picked 0, or the infinite
        /// partial of a Sqrt under a Max that discards it. PyTorch's backward of maximum and clamp routes the gradient the
        /// same way. A choice is piecewise constant, so testing it loses no tangent when forward mode differentiates the
        /// reverse sweep (a product that is zero by value is never tested). A conditional of numbers takes a named adjoint
        /// into its branches, which costs no test at all.
        /// </summary>
        public static Term ZeroByChoice(Term adjoint, Term partial, IReadOnlyList<Term> choices)
        {
            Term product = Multiply(adjoint, partial);
            if (choices.Count == 0 || product is NumberTerm)
            {
                return product;
            }

            if (adjoint is NameTerm or ElementTerm && choices.Count == 1 && partial == choices[0] && adjoint.Kind == partial.Kind
                && Routed(partial, adjoint) is { } routed)
            {
                return routed;
            }

            TermCondition? anyZero = null;
            foreach (Term choice in choices.Distinct())
            {
                TermCondition zero = new CompareCondition(TermComparison.Equal, choice, Number(0, choice.Kind));
                anyZero = anyZero is null ? zero : new LogicCondition(false, anyZero, zero);
            }

            Term none = Number(0, product.Kind);
            return new ConditionalTerm(anyZero!, none, product, product.Kind);
        }

        /// <summary>
        /// The choices a product of partials holds as factors: conditionals of numbers with a zero branch (the partials of
        /// Max, Min, Clamp and Abs), also inside the non-zero branch of a product already tested.
        /// </summary>
        public static IReadOnlyList<Term> Choices(Term term)
        {
            var choices = new List<Term>();
            CollectChoices(term, choices);
            return choices;
        }

        private static void CollectChoices(Term term, List<Term> choices)
        {
            switch (term)
            {
                case ConditionalTerm conditional when IsChoice(conditional):
                    choices.Add(conditional);
                    break;
                case ConditionalTerm { WhenTrue: NumberTerm { Number: 0 } } tested:
                    CollectChoices(tested.WhenFalse, choices);
                    break;
                case BinaryTerm { Operator: TermOperator.Multiply } product:
                    CollectChoices(product.Left, choices);
                    CollectChoices(product.Right, choices);
                    break;
                case BinaryTerm { Operator: TermOperator.Divide } quotient:
                    CollectChoices(quotient.Left, choices);
                    break;
                case NegateTerm negate:
                    CollectChoices(negate.Operand, choices);
                    break;
                case ConvertTerm convert:
                    CollectChoices(convert.Operand, choices);
                    break;
            }
        }

        /// <summary>Whether a partial is a choice as a whole (Max's, or its negation or conversion), so that it is zero only by choice.</summary>
        public static bool IsChoice(Term term) => term switch
        {
            ConditionalTerm conditional => IsChoice(conditional),
            NegateTerm negate => IsChoice(negate.Operand),
            ConvertTerm convert => IsChoice(convert.Operand),
            _ => false,
        };

        // Every branch a number, one of them zero.
        private static bool IsChoice(ConditionalTerm conditional)
        {
            return NumbersOnly(conditional) && HasZero(conditional);

            static bool NumbersOnly(Term t) => t is NumberTerm || (t is ConditionalTerm c && NumbersOnly(c.WhenTrue) && NumbersOnly(c.WhenFalse));
            static bool HasZero(Term t) => IsNumber(t, 0) || (t is ConditionalTerm c && (HasZero(c.WhenTrue) || HasZero(c.WhenFalse)));
        }

        // A conditional of numbers times the adjoint: each branch's number times it.
        private static Term? Routed(Term choice, Term adjoint) => choice switch
        {
            NumberTerm { Number: 0 } => Number(0, adjoint.Kind),
            NumberTerm { Number: 1 } => adjoint,
            NumberTerm number => Multiply(number, adjoint),
            ConditionalTerm conditional when Routed(conditional.WhenTrue, adjoint) is { } whenTrue && Routed(conditional.WhenFalse, adjoint) is { } whenFalse
                => Conditional(conditional.Condition, whenTrue, whenFalse),
            _ => null,
        };

        /// <summary>Whether a term may be infinite where its parts are finite: it divides, or calls a function.</summary>
        public static bool MayBeInfinite(Term term) => term switch
        {
            BinaryTerm { Operator: TermOperator.Divide } => true,
            BinaryTerm binary => MayBeInfinite(binary.Left) || MayBeInfinite(binary.Right),
            MathCallTerm => true,
            NegateTerm negate => MayBeInfinite(negate.Operand),
            ConvertTerm convert => MayBeInfinite(convert.Operand),
            ConditionalTerm conditional => MayBeInfinite(conditional.WhenTrue) || MayBeInfinite(conditional.WhenFalse),
            _ => false,
        };

        public static Term Multiply(Term a, Term b)
        {
            ScalarKind kind = KindOf(a, b);
            if (a is NumberTerm x && b is NumberTerm y)
            {
                return new NumberTerm(x.Number * y.Number, kind);
            }

            if (IsNumber(a, 0) || IsNumber(b, 0))
            {
                return new NumberTerm(0, kind);
            }

            if (IsNumber(a, 1))
            {
                return b;
            }

            if (IsNumber(b, 1))
            {
                return a;
            }

            if (IsNumber(a, -1))
            {
                return Negate(b);
            }

            if (IsNumber(b, -1))
            {
                return Negate(a);
            }

            if (a is NegateTerm na)
            {
                return Negate(Multiply(na.Operand, b));
            }

            if (b is NegateTerm nb)
            {
                return Negate(Multiply(a, nb.Operand));
            }

            // a · (k / b) = (a · k) / b: one operation less, and 1 / b is never formed on its own.
            if (b is BinaryTerm { Operator: TermOperator.Divide, Left: NumberTerm k } quotient)
            {
                return Divide(Multiply(a, k), quotient.Right);
            }

            return new BinaryTerm(TermOperator.Multiply, a, b, kind);
        }

        public static Term Divide(Term a, Term b)
        {
            ScalarKind kind = KindOf(a, b);
            if (IsNumber(a, 0))
            {
                return new NumberTerm(0, kind);
            }

            if (IsNumber(b, 1))
            {
                return a;
            }

            if (a is NumberTerm x && b is NumberTerm y && y.Number != 0)
            {
                return new NumberTerm(x.Number / y.Number, kind);
            }

            if (a is NegateTerm na)
            {
                return Negate(Divide(na.Operand, b));
            }

            return new BinaryTerm(TermOperator.Divide, a, b, kind);
        }

        public static Term Add(Term a, Term b)
        {
            if (IsNumber(a, 0))
            {
                return b;
            }

            if (IsNumber(b, 0))
            {
                return a;
            }

            if (a is NumberTerm x && b is NumberTerm y)
            {
                return new NumberTerm(x.Number + y.Number, KindOf(a, b));
            }

            return new BinaryTerm(TermOperator.Add, a, b, KindOf(a, b));
        }

        public static Term Subtract(Term a, Term b) => Add(a, Negate(b));

        public static Term Negate(Term a) => a switch
        {
            NumberTerm n => new NumberTerm(-n.Number, n.Kind),
            NegateTerm n => n.Operand,

            // −(k · b) = (−k) · b and −(k / b) = (−k) / b: the sign goes into the number.
            BinaryTerm { Operator: TermOperator.Multiply, Left: NumberTerm k } product => Multiply(new NumberTerm(-k.Number, k.Kind), product.Right),
            BinaryTerm { Operator: TermOperator.Divide, Left: NumberTerm k } quotient => Divide(new NumberTerm(-k.Number, k.Kind), quotient.Right),
            _ => new NegateTerm(a),
        };

        public static ConditionalTerm Conditional(TermCondition condition, Term whenTrue, Term whenFalse) => new(condition, whenTrue, whenFalse, KindOf(whenTrue, whenFalse));

        public static CompareCondition Compare(Term left, TermComparison comparison, Term right) => new(comparison, left, right);

        /// <summary>The direct sub-terms, in evaluation order.</summary>
        public static IEnumerable<Term> Children(Term term) => term switch
        {
            NegateTerm negate => new[] { negate.Operand },
            BinaryTerm binary => new[] { binary.Left, binary.Right },
            ConvertTerm convert => new[] { convert.Operand },
            MathCallTerm call => call.Args,
            ConditionalTerm conditional => Children(conditional.Condition).Concat(new[] { conditional.WhenTrue, conditional.WhenFalse }),
            _ => Enumerable.Empty<Term>(),
        };

        /// <summary>The terms a condition compares.</summary>
        public static IEnumerable<Term> Children(TermCondition condition) => condition switch
        {
            CompareCondition compare => new[] { compare.Left, compare.Right },
            LogicCondition logic => Children(logic.Left).Concat(Children(logic.Right)),
            _ => Enumerable.Empty<Term>(),
        };

        /// <summary>The leaves that name values of the sweeps (names, elements, values, primal expressions), in evaluation order.</summary>
        /// <remarks>
        /// One iterator with a stack of its own, children pushed last first: the adjoint writer asks this of every term
        /// it builds, and an iterator nested per level allocated one enumerator per node.
        /// </remarks>
        public static IEnumerable<Term> Leaves(Term term)
        {
            if (IsLeaf(term))
            {
                yield return term;
                yield break;
            }

            var pending = new Stack<Term>();
            var children = new List<Term>();
            Term? next = term;
            while (true)
            {
                children.Clear();
                children.AddRange(Children(next));
                for (int i = children.Count - 1; i >= 0; i--)
                {
                    pending.Push(children[i]);
                }

                next = null;
                while (pending.Count > 0)
                {
                    Term candidate = pending.Pop();
                    if (IsLeaf(candidate))
                    {
                        yield return candidate;
                    }
                    else
                    {
                        next = candidate;
                        break;
                    }
                }

                if (next is null)
                {
                    yield break;
                }
            }
        }

        private static bool IsLeaf(Term term) => term is NameTerm or ElementTerm or ValueTerm or PrimalTerm;

        /// <summary>
        /// Whether <paramref name="predicate"/> holds for every leaf of <see cref="Leaves"/>, asked in the same order and
        /// stopping at the first that fails; it walks the term without allocating, for the adjoint writer's questions
        /// about every term it builds.
        /// </summary>
        public static bool AllLeaves(Term term, System.Func<Term, bool> predicate)
        {
            switch (term)
            {
                case NameTerm or ElementTerm or ValueTerm or PrimalTerm:
                    return predicate(term);
                case NegateTerm negate:
                    return AllLeaves(negate.Operand, predicate);
                case BinaryTerm binary:
                    return AllLeaves(binary.Left, predicate) && AllLeaves(binary.Right, predicate);
                case ConvertTerm convert:
                    return AllLeaves(convert.Operand, predicate);
                case MathCallTerm call:
                    foreach (Term argument in call.Args)
                    {
                        if (!AllLeaves(argument, predicate))
                        {
                            return false;
                        }
                    }

                    return true;
                case ConditionalTerm conditional:
                    return AllLeaves(conditional.Condition, predicate) && AllLeaves(conditional.WhenTrue, predicate) && AllLeaves(conditional.WhenFalse, predicate);
                default:
                    return true;
            }
        }

        private static bool AllLeaves(TermCondition condition, System.Func<Term, bool> predicate) => condition switch
        {
            CompareCondition compare => AllLeaves(compare.Left, predicate) && AllLeaves(compare.Right, predicate),
            LogicCondition logic => AllLeaves(logic.Left, predicate) && AllLeaves(logic.Right, predicate),
            _ => true,
        };

        /// <summary>
        /// Rebuilds the term with <paramref name="map"/> applied to each direct sub-term (those of a
        /// conditional's condition included); null when <paramref name="map"/> gives null for any.
        /// </summary>
        public static Term? MapChildren(Term term, System.Func<Term, Term?> map)
        {
            switch (term)
            {
                case NegateTerm negate:
                    return map(negate.Operand) is { } operand ? negate with { Operand = operand } : null;
                case BinaryTerm binary:
                    return map(binary.Left) is { } left && map(binary.Right) is { } right ? binary with { Left = left, Right = right } : null;
                case ConvertTerm convert:
                    return map(convert.Operand) is { } converted ? convert with { Operand = converted } : null;
                case MathCallTerm call:
                {
                    var args = new List<Term>(call.Args.Count);
                    foreach (Term arg in call.Args)
                    {
                        if (map(arg) is not { } mapped)
                        {
                            return null;
                        }

                        args.Add(mapped);
                    }

                    return call with { Args = args.ToEquatableArray() };
                }

                case ConditionalTerm conditional:
                    return MapChildren(conditional.Condition, map) is { } condition
                           && map(conditional.WhenTrue) is { } whenTrue
                           && map(conditional.WhenFalse) is { } whenFalse
                        ? conditional with { Condition = condition, WhenTrue = whenTrue, WhenFalse = whenFalse }
                        : null;
                default:
                    return term;
            }
        }

        private static TermCondition? MapChildren(TermCondition condition, System.Func<Term, Term?> map) => condition switch
        {
            CompareCondition compare => map(compare.Left) is { } left && map(compare.Right) is { } right ? compare with { Left = left, Right = right } : null,
            LogicCondition logic => MapChildren(logic.Left, map) is { } left && MapChildren(logic.Right, map) is { } right ? logic with { Left = left, Right = right } : null,
            _ => condition,
        };

        // Mixed float and double arithmetic is double, as in C#.
        private static ScalarKind KindOf(Term a, Term b) => a.Kind == b.Kind ? a.Kind : a.Kind == ScalarKind.Double || b.Kind == ScalarKind.Double ? ScalarKind.Double : a.Kind;
    }
}
