using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Differentiate
{
    /// <summary>Steps both tangent transforms write (<see cref="TangentWriter"/>, <see cref="SweepTangentTransform"/>).</summary>
    internal static class TangentSteps
    {
        /// <summary><c>new T[buffer.Length]</c>: the zero tangent of a buffer nothing varies, or a scratch adjoint.</summary>
        public static string ZeroLike(ScalarKind element, string buffer) => "new " + SymbolFacts.Keyword(element) + "[" + buffer + ".Length]";

        /// <summary>The term in <paramref name="kind"/>, converted when its own kind differs (a float partial of a double result).</summary>
        public static Term Converted(Term term, ScalarKind kind) => term.Kind == kind ? term : new ConvertTerm(term, kind);

        /// <summary>
        /// <c>for (int k = 0; k &lt; vector.Length; k++) result = result + vector[k] · tangent[k];</c>: the
        /// tangent of a call's value taken through the vector of its partials for a buffer argument.
        /// </summary>
        /// <param name="convert">Whether the product is converted to the result's kind: not in tangent lanes, which are double.</param>
        public static SweepStmt AccumulateDot(string result, ScalarKind resultKind, string vector, string tangent, ScalarKind element, string k, bool convert = true, bool absorbZero = false)
        {
            var at = new NameValue(k, IrType.Int32);
            Term product = Terms.Multiply(new ElementTerm(vector, at, element), new ElementTerm(tangent, at, element));
            if (absorbZero)
            {
                product = AbsorbedByZero(new ElementTerm(tangent, at, element), product);
            }

            return new ForwardForStmt(
                "int " + k + " = 0",
                k + " < " + vector + ".Length",
                k + "++",
                new SweepStmt[] { new PrimalAssignStmt(result, null, Terms.Add(new NameTerm(result, resultKind), convert ? Converted(product, resultKind) : product)) }.ToEquatableArray());
        }

        /// <summary>
        /// <paramref name="product"/> of a partial and <paramref name="tangent"/>, or 0 where the tangent is exactly 0: a
        /// callee's partial may be infinite where its derivative is (Cbrt at 0), and ∞ · 0 would make a NaN that the
        /// reverse sweep, which skips a zero adjoint, does not.
        /// </summary>
        public static Term AbsorbedByZero(Term tangent, Term product)
        {
            if (tangent is NumberTerm)
            {
                return product;
            }

            Term zero = Terms.Number(0, product.Kind);
            return new ConditionalTerm(new CompareCondition(TermComparison.Equal, tangent, Terms.Number(0, tangent.Kind)), zero, product, product.Kind);
        }
    }
}
