using System;
using System.Collections.Generic;
using System.Linq;
using Diff.Fuzz.Generation;
using Diff.Fuzz.Harness;
using Diff.Fuzz.Model;
using Xunit;

namespace Diff.Fuzz.Tests
{
    /// <summary>
    /// The fuzzer's check of <c>MJacobian</c> (<see cref="JacobianCheck"/>): it runs on generated programs, and it
    /// catches a Jacobian that disagrees with the rows of <c>MPullback</c> or the columns of <c>MTangent</c>.
    /// </summary>
    public sealed class JacobianCheckTests
    {
        private const double Tolerance = 1e-9;

        private static (double[] Jacobian, double[] Rows, double[] Columns) Consistent(int rows, int columns)
        {
            double[] m = Enumerable.Range(0, rows * columns).Select(k => Math.Sin(k + 1) * (1 + k)).ToArray();
            return ((double[])m.Clone(), (double[])m.Clone(), (double[])m.Clone());
        }

        [Fact]
        public void A_method_computing_in_float_anywhere_is_compared_at_single_precision()
        {
            var buffer = new Param("b", Ty.Double, BufKind.Array, NoDiff: false);
            var scalar = new Param("u", Ty.Double, null, NoDiff: false);
            var write = new Assign(new ElemRef(Ty.Double, "b", new Lit(Ty.Int, 0)), "=", new VarRef(Ty.Double, "u"));
            var doubles = new Method("H", Ty.Void, new[] { buffer, scalar }, new Stmt[] { write });
            var floatLocal = doubles with { Body = new Stmt[] { new Decl(Ty.Float, "v", new Cast(Ty.Float, new VarRef(Ty.Double, "u"))), write } };
            Assert.Equal(1e-9, JacobianCheck.ToleranceFor(doubles));
            Assert.Equal(1e-4, JacobianCheck.ToleranceFor(floatLocal));
        }

        [Fact]
        public void AgreeingResultsPass()
        {
            var (j, p, t) = Consistent(10, 3);
            Assert.Null(JacobianCheck.Compare(j, p, t, 10, 3, Tolerance));

            // Rounding between forward and reverse mode is within the tolerance.
            p[7] *= 1 + 1e-13;
            Assert.Null(JacobianCheck.Compare(j, p, t, 10, 3, Tolerance));
        }

        [Fact]
        public void APerturbedPullbackRowIsCaught()
        {
            var (j, p, t) = Consistent(10, 3);
            p[4 * 3 + 1] *= 1 + 1e-6;
            string? mismatch = JacobianCheck.Compare(j, p, t, 10, 3, Tolerance);
            Assert.NotNull(mismatch);
            Assert.Contains("entry (4, 1)", mismatch, StringComparison.Ordinal);
            Assert.Contains("MPullback's row", mismatch, StringComparison.Ordinal);
        }

        [Fact]
        public void APerturbedJacobianEntryIsCaught()
        {
            var (j, p, t) = Consistent(2, 9);
            j[1 * 9 + 8] += 1e-3;
            string? mismatch = JacobianCheck.Compare(j, p, t, 2, 9, Tolerance);
            Assert.NotNull(mismatch);
            Assert.Contains("entry (1, 8)", mismatch, StringComparison.Ordinal);
            Assert.Contains("neither", mismatch, StringComparison.Ordinal);
        }

        [Fact]
        public void NaNAgreesWithNaNAndWithTheModeTheJacobianUsed()
        {
            var (j, p, t) = Consistent(3, 2);
            j[0] = p[0] = t[0] = double.NaN;
            Assert.Null(JacobianCheck.Compare(j, p, t, 3, 2, Tolerance));

            // Reverse mode gives NaN where forward mode gives a number (a zero meeting an infinite partial): the
            // Jacobian agrees with one of them.
            j[1] = p[1] = double.NaN;
            Assert.Null(JacobianCheck.Compare(j, p, t, 3, 2, Tolerance));

            // A NaN that neither mode gives is a failure.
            j[2] = double.NaN;
            Assert.NotNull(JacobianCheck.Compare(j, p, t, 3, 2, Tolerance));
        }

        /// <summary>
        /// A driver of H0(double[] b, double u) { b[i] *= u; } that computes its results by hand, with the Jacobian's
        /// row <paramref name="perturbedRow"/> off by one part in 1e6 (none when negative).
        /// </summary>
        private static JacobianCheck.Driver HandDriver(int perturbedRow) => (z, n, o) =>
        {
            double u = z[n];
            for (int i = 0; i < n; i++)
            {
                double d = z[i];
                o[JacobianCheck.JacobianResult][i] = i == perturbedRow ? d * (1 + 1e-6) : d;
                o[JacobianCheck.PullbackRows][i] = d;
                o[JacobianCheck.TangentColumns][i] = d;
                o[JacobianCheck.AfterJacobian][i] = o[JacobianCheck.AfterCall][i] = z[i] * u;
            }

            return true;
        };

        private static ProgramSource HandProgram()
        {
            var helper = new Method("H0", Ty.Void, new[] { new Param("b0", Ty.Double, BufKind.Array, false), new Param("u1", Ty.Double, null, false) }, new Stmt[]
            {
                new For(Ty.Int, "i2", new Lit(Ty.Int, 0), new LengthOf("b0"), false, new Stmt[]
                {
                    new Assign(new ElemRef(Ty.Double, "b0", new VarRef(Ty.Int, "i2")), "*=", new VarRef(Ty.Double, "u1")),
                }),
            });
            var main = new Method("M", Ty.Double, new[] { new Param("x3", Ty.Double, null, false) }, new Stmt[] { new Return(new VarRef(Ty.Double, "x3")) });
            return new ProgramSource(new FuzzProgram(new[] { helper }, main, 4, Array.Empty<string>(), "hand"), 0);
        }

        [Fact]
        public void TheCheckReportsAWrongRowOfAVoidMethod()
        {
            ProgramSource source = HandProgram();
            Assert.Equal(new[] { "H0" }, source.JacobianMethods.Select(m => m.Name));
            Assert.Contains("Jacobian_H0", source.Gradient, StringComparison.Ordinal);

            JacobianCheck.Result right = JacobianCheck.Run(source, _ => HandDriver(-1), 1);
            Assert.Null(right.Class);
            Assert.Equal(3, right.Checked);
            Assert.Equal(1, right.Wide);

            JacobianCheck.Result wrong = JacobianCheck.Run(source, _ => HandDriver(2), 1);
            Assert.Equal(FailureClass.WrongJacobian, wrong.Class);
            Assert.Contains("entry (2, 0)", wrong.Detail, StringComparison.Ordinal);
        }

        [Fact]
        public void GeneratedProgramsHaveTheirJacobiansChecked()
        {
            var generator = new ProgramGenerator(Families.Everything);
            var items = Enumerable.Range(0, 30)
                .Select(i => new BatchRunner.Item(new ProgramSource(generator.FromSeed(Campaign.SeedOf(7171, i)), i), string.Empty, (ulong)i))
                .ToList();
            List<Outcome> outcomes = BatchRunner.Run(items, points: 1);
            Assert.DoesNotContain(outcomes, o => o.Class == FailureClass.WrongJacobian);
            Assert.True(outcomes.Sum(o => o.Jacobians) >= 5, $"only {outcomes.Sum(o => o.Jacobians)} Jacobians checked");
            Assert.True(outcomes.Sum(o => o.WideJacobians) >= 1, "no Jacobian with more than eight rows or columns");
        }
    }
}
