using System;
using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;
using Diff.Generator.Rules;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// The catalog's operator rules (<c>+ - * / %</c>, unary minus, conversions), evaluated as terms by a small
    /// interpreter: no C# is printed or compiled, which only works because partials are trees. Each partial must
    /// match central finite differences of the operator, and the tangent must equal Σ partialᵢ · tᵢ.
    /// </summary>
    public sealed class OperatorRuleTests
    {
        private static readonly Dictionary<string, Func<double, double, double>> Binary = new(StringComparer.Ordinal)
        {
            ["+"] = (a, b) => a + b,
            ["-"] = (a, b) => a - b,
            ["*"] = (a, b) => a * b,
            ["/"] = (a, b) => a / b,
            ["%"] = (a, b) => a % b,
        };

        public static IEnumerable<object[]> BinaryRules() => DerivativeTable.Operators.Where(r => r.Arity == 2).Select(r => new object[] { r.Operator! });

        [Theory]
        [MemberData(nameof(BinaryRules))]
        public void Binary_operator_partials_and_tangent_match_finite_differences(string op)
        {
            DerivativeRule rule = DerivativeTable.Operators.Single(r => r.Arity == 2 && r.Operator == op);
            Func<double, double, double> f = Binary[op];
            foreach ((double a, double b) in new[] { (1.3, 0.7), (-2.1, 0.45), (5.3, -1.7) })
            {
                var values = new Dictionary<string, double> { ["a"] = a, ["b"] = b, ["r"] = f(a, b), ["ta"] = 0.6, ["tb"] = -1.1 };
                TangentContext context = Context(2, withTangents: true);
                double h = 1e-6;
                double da = (f(a + h, b) - f(a - h, b)) / (2 * h);
                double db = (f(a, b + h) - f(a, b - h)) / (2 * h);
                Assert.Equal(da, Evaluate(rule.Partials[0]!(context.Values), values), 6);
                Assert.Equal(db, Evaluate(rule.Partials[1]!(context.Values), values), 6);
                Assert.Equal(0.6 * da - 1.1 * db, Evaluate(rule.TangentOf(context), values), 6);
            }
        }

        [Fact]
        public void A_quotient_by_infinity_absorbs_the_divisors_infinite_tangent()
        {
            DerivativeRule rule = DerivativeTable.Operators.Single(r => r.Arity == 2 && r.Operator == "/");
            var values = new Dictionary<string, double> { ["a"] = 2.5, ["b"] = double.PositiveInfinity, ["r"] = 0.0, ["ta"] = 0.6, ["tb"] = double.NaN };
            Assert.Equal(0.0, Evaluate(rule.TangentOf(Context(2, withTangents: true)), values));
        }

        [Fact]
        public void Negation_and_conversion_have_constant_partials()
        {
            TangentContext context = Context(1, withTangents: true);
            Assert.True(Terms.IsNumber(DerivativeTable.Negation.Partials[0]!(context.Values), -1));
            Assert.True(Terms.IsNumber(DerivativeTable.Conversion.Partials[0]!(context.Values), 1));
            Assert.Equal("-ta", TermPrinter.Print(DerivativeTable.Negation.TangentOf(context)));
        }

        [Fact]
        public void Every_operator_rule_names_its_operator_and_no_host()
        {
            Assert.All(DerivativeTable.Operators, r => Assert.False(string.IsNullOrEmpty(r.Operator)));
            Assert.All(DerivativeTable.Operators, r => Assert.Equal((MathHosts)0, r.Hosts));
            Assert.All(DerivativeTable.All, r => Assert.Null(r.Operator));
        }

        private static TangentContext Context(int arity, bool withTangents)
        {
            string[] names = { "a", "b" };
            Term[] args = names.Take(arity).Select(n => (Term)new NameTerm(n, ScalarKind.Double)).ToArray();
            Term?[] tangents = names.Take(arity).Select(n => withTangents ? new NameTerm("t" + n, ScalarKind.Double) : null).ToArray();
            return new TangentContext(new RuleContext(args, new NameTerm("r", ScalarKind.Double), null, ScalarKind.Double), tangents);
        }

        /// <summary>Evaluates a term in double, with names from <paramref name="values"/> and functions of <see cref="Math"/>.</summary>
        private static double Evaluate(Term term, IReadOnlyDictionary<string, double> values) => term switch
        {
            NumberTerm number => number.Number,
            NameTerm name => values[name.Name],
            NegateTerm negate => -Evaluate(negate.Operand, values),
            BinaryTerm { Operator: TermOperator.Add } sum => Evaluate(sum.Left, values) + Evaluate(sum.Right, values),
            BinaryTerm { Operator: TermOperator.Multiply } product => Evaluate(product.Left, values) * Evaluate(product.Right, values),
            BinaryTerm { Operator: TermOperator.Divide } quotient => Evaluate(quotient.Left, values) / Evaluate(quotient.Right, values),
            BinaryTerm { Operator: TermOperator.Remainder } remainder => Evaluate(remainder.Left, values) % Evaluate(remainder.Right, values),
            ConvertTerm convert => Evaluate(convert.Operand, values),
            MathCallTerm call => (double)typeof(Math).GetMethod(call.Function, call.Args.Select(_ => typeof(double)).ToArray())!
                .Invoke(null, call.Args.Select(a => (object)Evaluate(a, values)).ToArray())!,
            ConditionalTerm conditional => Holds(conditional.Condition, values) ? Evaluate(conditional.WhenTrue, values) : Evaluate(conditional.WhenFalse, values),
            _ => throw new NotSupportedException(term.GetType().Name),
        };

        private static bool Holds(TermCondition condition, IReadOnlyDictionary<string, double> values) => condition switch
        {
            CompareCondition { Comparison: TermComparison.Equal } equal => Evaluate(equal.Left, values) == Evaluate(equal.Right, values),
            CompareCondition { Comparison: TermComparison.Less } less => Evaluate(less.Left, values) < Evaluate(less.Right, values),
            CompareCondition { Comparison: TermComparison.LessOrEqual } less => Evaluate(less.Left, values) <= Evaluate(less.Right, values),
            CompareCondition { Comparison: TermComparison.Greater } greater => Evaluate(greater.Left, values) > Evaluate(greater.Right, values),
            CompareCondition { Comparison: TermComparison.GreaterOrEqual } greater => Evaluate(greater.Left, values) >= Evaluate(greater.Right, values),
            LogicCondition logic => logic.And ? Holds(logic.Left, values) && Holds(logic.Right, values) : Holds(logic.Left, values) || Holds(logic.Right, values),
            _ => throw new NotSupportedException(condition.GetType().Name),
        };
    }
}
