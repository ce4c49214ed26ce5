using System.Linq;
using Diff.Generator.Model;
using Diff.Generator.Scheduling;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// <see cref="EarlierBuilds{TOutcome}"/>: what an earlier build in the process found for a method is found again for an
    /// equal model (a separate binding of the same code), never for a different one, and the memo stays within its budget.
    /// </summary>
    public sealed class EarlierBuildsTests
    {
        private static readonly EquatableArray<DerivativeRegistration> NoRegistrations = EquatableArray<DerivativeRegistration>.Empty;

        private static MethodModel Model(string body)
        {
            MethodModel? model = GeneratorHarness.BindFirstMethod("using System; using Diff; static partial class C { [Differentiable] static double F(double x, double y) " + body + " }")
                .Value?.WithoutLocations().Scalar;
            Assert.NotNull(model);
            return model!;
        }

        [Fact]
        public void An_equal_model_from_another_binding_finds_the_outcome_and_a_different_one_does_not()
        {
            var memo = new EarlierBuilds<string>();
            memo.Remember(Model("=> x * Math.Sin(y);"), NoRegistrations, "sin", 100);

            // Bound again from a new compilation: another object, equal to the first.
            Assert.Equal("sin", memo.Find(Model("=> x * Math.Sin(y);"), NoRegistrations));
            Assert.Null(memo.Find(Model("=> x * Math.Cos(y);"), NoRegistrations));
            Assert.Null(memo.Find(Model("=> x * Math.Sin(y) + 1;"), NoRegistrations));

            // The same model with other [DerivativeOf] registrations is analysed anew: a call may now use one.
            var registrations = new[] { new DerivativeRegistration("M:Other.G(System.Double)", "Other.GGradient") }.ToEquatableArray();
            Assert.Null(memo.Find(Model("=> x * Math.Sin(y);"), registrations));
        }

        [Fact]
        public void The_memo_keeps_two_generations_within_its_budget_and_a_hit_moves_an_entry_to_the_newer()
        {
            // Ten characters a generation: each entry below counts four, so the third one added flips the generations.
            var memo = new EarlierBuilds<string>(charactersPerGeneration: 10);
            MethodModel[] models = Enumerable.Range(0, 7).Select(i => Model("=> x * " + i + " + y;")).ToArray();
            memo.Remember(models[0], NoRegistrations, "0", 4);
            memo.Remember(models[1], NoRegistrations, "1", 4);
            memo.Remember(models[2], NoRegistrations, "2", 4);
            Assert.Equal(3, memo.Count);

            // 0, 1 and 2 are now the older generation; finding 0 moves it to the newer one.
            Assert.Equal("0", memo.Find(models[0], NoRegistrations));
            memo.Remember(models[3], NoRegistrations, "3", 4);
            memo.Remember(models[4], NoRegistrations, "4", 4);

            // The newer generation (0, 3, 4) overflowed: it became the older one, and 1 and 2 were dropped.
            Assert.Null(memo.Find(models[1], NoRegistrations));
            Assert.Null(memo.Find(models[2], NoRegistrations));
            Assert.Equal("0", memo.Find(models[0], NoRegistrations));
            Assert.Equal("3", memo.Find(models[3], NoRegistrations));
            Assert.Equal("4", memo.Find(models[4], NoRegistrations));
            for (int i = 5; i < models.Length; i++)
            {
                memo.Remember(models[i], NoRegistrations, i.ToString(System.Globalization.CultureInfo.InvariantCulture), 4);
            }

            Assert.True(memo.Count <= 6, $"{memo.Count} entries held with room for two generations of at most three");
        }
    }
}
