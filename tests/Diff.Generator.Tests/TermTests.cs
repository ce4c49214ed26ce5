using Diff.Generator.Model;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// The terms the transforms write (partials, increments, recorded values): their algebra keeps the
    /// value, and their printing keeps the grouping and is valid C#.
    /// </summary>
    public sealed class TermTests
    {
        private static readonly Term A = new NameTerm("a", ScalarKind.Double);
        private static readonly Term B = new NameTerm("b", ScalarKind.Double);
        private static readonly Term C = new NameTerm("c", ScalarKind.Double);

        private static Term N(double number) => Terms.Number(number, ScalarKind.Double);

        [Fact]
        public void A_minus_before_a_negative_leading_number_is_never_printed_as_a_decrement()
        {
            // −((−1 / a) · b / c): seed 20261201 program 194 printed `--1 / …`, which is CS1059.
            var inner = new BinaryTerm(TermOperator.Divide, new BinaryTerm(TermOperator.Multiply, new BinaryTerm(TermOperator.Divide, N(-1), A, ScalarKind.Double), B, ScalarKind.Double), C, ScalarKind.Double);
            string negated = TermPrinter.Print(new NegateTerm(inner));
            string difference = TermPrinter.Print(new BinaryTerm(TermOperator.Add, A, new NegateTerm(inner), ScalarKind.Double));
            Assert.DoesNotContain("--", negated);
            Assert.DoesNotContain("- -", difference);
            Assert.Equal("-(-1 / a * b / c)", negated);
            Assert.Equal("a - (-1 / a * b / c)", difference);
        }

        [Fact]
        public void Negating_a_product_with_a_leading_number_negates_the_number()
        {
            Assert.Equal("2 * a", TermPrinter.Print(Terms.Negate(Terms.Multiply(N(-2), A))));
            Assert.Equal("a", TermPrinter.Print(Terms.Negate(Terms.Multiply(N(-1), A))));
            Assert.Equal("1 / a", TermPrinter.Print(Terms.Negate(Terms.Divide(N(-1), A))));
        }

        [Fact]
        public void The_printer_keeps_the_grouping_of_the_tree()
        {
            Assert.Equal("a * (b * c)", TermPrinter.Print(new BinaryTerm(TermOperator.Multiply, A, new BinaryTerm(TermOperator.Multiply, B, C, ScalarKind.Double), ScalarKind.Double)));
            Assert.Equal("a / (b / c)", TermPrinter.Print(new BinaryTerm(TermOperator.Divide, A, new BinaryTerm(TermOperator.Divide, B, C, ScalarKind.Double), ScalarKind.Double)));
            Assert.Equal("a + (b + c)", TermPrinter.Print(new BinaryTerm(TermOperator.Add, A, new BinaryTerm(TermOperator.Add, B, C, ScalarKind.Double), ScalarKind.Double)));
            Assert.Equal("(a + b) * c", TermPrinter.Print(Terms.Multiply(Terms.Add(A, B), C)));
            Assert.Equal("a * (-1)", TermPrinter.Print(new BinaryTerm(TermOperator.Multiply, A, N(-1), ScalarKind.Double)));
            Assert.Equal("a - 1", TermPrinter.Print(Terms.Add(A, N(-1))));
        }

        [Fact]
        public void The_algebra_simplifies_only_where_the_value_is_the_same()
        {
            Assert.Same(A, Terms.Multiply(N(1), A));
            Assert.True(Terms.IsNumber(Terms.Multiply(A, N(0)), 0));
            Assert.Equal("a / b", TermPrinter.Print(Terms.Multiply(A, Terms.Divide(N(1), B))));
            Assert.Equal("-a * b", TermPrinter.Print(Terms.Multiply(Terms.Negate(A), B)));
            Assert.Same(A, Terms.Negate(Terms.Negate(A)));
        }

        [Fact]
        public void Float_numbers_carry_their_suffix_and_whole_numbers_stay_integer_literals()
        {
            Assert.Equal("0.25f", TermPrinter.Print(Terms.Number(0.25, ScalarKind.Float)));
            Assert.Equal("0.25", TermPrinter.Print(Terms.Number(0.25, ScalarKind.Double)));
            Assert.Equal("3", TermPrinter.Print(Terms.Number(3, ScalarKind.Float)));
        }
    }
}
