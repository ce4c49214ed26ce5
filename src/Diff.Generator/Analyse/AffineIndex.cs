using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// An integer index as a polynomial with integer coefficients over the names it reads: <c>(r - 1) * w + c</c>, with
    /// <c>int r = p.Y;</c> and <c>int c = p.X;</c>, is <c>p.X + p.Y·w − w</c>. Two indices that differ by a constant
    /// number of rows and columns differ by a polynomial in the row stride alone, which is how a 2-D stencil's
    /// neighbours are found (<see cref="Differentiate.KernelTransform"/>).
    /// </summary>
    internal sealed class AffineIndex
    {
        /// <summary>The key of the constant term.</summary>
        public const string One = "1";

        private readonly SortedDictionary<string, long> _terms;

        private AffineIndex(SortedDictionary<string, long> terms) => _terms = terms;

        /// <summary>The monomials (factors joined by <c>*</c> in ordinal order; <see cref="One"/> for the constant) and their coefficients, without zeros.</summary>
        public IReadOnlyDictionary<string, long> Terms => _terms;

        /// <summary>
        /// The polynomial of <paramref name="value"/>, reading each name in <paramref name="definitions"/> as its
        /// definition (integer locals set once, at the top of the method); null when it is not one (a division, an
        /// element of a view, a call).
        /// </summary>
        public static AffineIndex? Of(Value value, IReadOnlyDictionary<string, Value> definitions) => Of(value, definitions, depth: 0);

        // The value as the C# it prints to: code the IR keeps as text (a member such as p.X, or i + 1 adding two
        // Index1Ds) reads the same way as the typed tree, and only names, numbers, + − × and casts are taken.
        private static AffineIndex? Of(Value value, IReadOnlyDictionary<string, Value> definitions, int depth) =>
            Of(SyntaxFactory.ParseExpression(ValuePrinter.Print(value)), definitions, depth);

        private static AffineIndex? Of(ExpressionSyntax syntax, IReadOnlyDictionary<string, Value> definitions, int depth)
        {
            if (depth > 16 || syntax.ContainsDiagnostics)
            {
                return null;
            }

            switch (syntax)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Of(parenthesized.Expression, definitions, depth + 1);
                case LiteralExpressionSyntax { Token.Value: int or long } literal:
                    return Single(One, System.Convert.ToInt64(literal.Token.Value, System.Globalization.CultureInfo.InvariantCulture));
                case IdentifierNameSyntax or MemberAccessExpressionSyntax when IsMemberChain(syntax.ToString()):
                {
                    string name = syntax.ToString();
                    return definitions.TryGetValue(name, out Value? definition) ? Of(definition, definitions, depth + 1) : Single(name, 1);
                }

                case CastExpressionSyntax cast when cast.Type.ToString() is "int" or "long":
                    return Of(cast.Expression, definitions, depth + 1);
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                    return Of(unary.Operand, definitions, depth + 1)?.Scale(-1);
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression):
                    return Of(unary.Operand, definitions, depth + 1);
                case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression:
                {
                    AffineIndex? left = Of(binary.Left, definitions, depth + 1);
                    AffineIndex? right = Of(binary.Right, definitions, depth + 1);
                    if (left is null || right is null)
                    {
                        return null;
                    }

                    return binary.Kind() switch
                    {
                        SyntaxKind.AddExpression => left.Plus(right),
                        SyntaxKind.SubtractExpression => left.Plus(right.Scale(-1)),
                        _ => left.Times(right),
                    };
                }

                default:
                    return null;
            }
        }

        /// <summary>This minus <paramref name="other"/>.</summary>
        public AffineIndex Minus(AffineIndex other) => Plus(other.Scale(-1));

        /// <summary>The coefficient of <paramref name="monomial"/> (0 when absent).</summary>
        public long Coefficient(string monomial) => _terms.TryGetValue(monomial, out long c) ? c : 0;

        /// <summary>The monomial of a product of factors, in the canonical order.</summary>
        public static string Monomial(params string[] factors) =>
            string.Join("*", factors.Where(f => f != One).OrderBy(f => f, System.StringComparer.Ordinal)) is { Length: > 0 } key ? key : One;

        private static AffineIndex Single(string monomial, long coefficient)
        {
            var terms = new SortedDictionary<string, long>(System.StringComparer.Ordinal);
            if (coefficient != 0)
            {
                terms[monomial] = coefficient;
            }

            return new AffineIndex(terms);
        }

        private AffineIndex Scale(long factor)
        {
            var terms = new SortedDictionary<string, long>(System.StringComparer.Ordinal);
            foreach (KeyValuePair<string, long> term in _terms)
            {
                if (term.Value * factor != 0)
                {
                    terms[term.Key] = term.Value * factor;
                }
            }

            return new AffineIndex(terms);
        }

        private AffineIndex Plus(AffineIndex other)
        {
            var terms = new SortedDictionary<string, long>(_terms, System.StringComparer.Ordinal);
            foreach (KeyValuePair<string, long> term in other._terms)
            {
                long sum = (terms.TryGetValue(term.Key, out long c) ? c : 0) + term.Value;
                if (sum == 0)
                {
                    terms.Remove(term.Key);
                }
                else
                {
                    terms[term.Key] = sum;
                }
            }

            return new AffineIndex(terms);
        }

        private AffineIndex Times(AffineIndex other)
        {
            var product = new AffineIndex(new SortedDictionary<string, long>(System.StringComparer.Ordinal));
            foreach (KeyValuePair<string, long> left in _terms)
            {
                foreach (KeyValuePair<string, long> right in other._terms)
                {
                    string monomial = Monomial(left.Key.Split('*').Concat(right.Key.Split('*')).ToArray());
                    product = product.Plus(Single(monomial, left.Value * right.Value));
                }
            }

            return product;
        }

        /// <summary><c>p.X</c>, <c>Group.IdxX</c>: a name or a chain of member names, nothing evaluated.</summary>
        private static bool IsMemberChain(string code) =>
            code.Length > 0 && code.Split('.').All(part => part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(ch => char.IsLetterOrDigit(ch) || ch == '_'));
    }
}
