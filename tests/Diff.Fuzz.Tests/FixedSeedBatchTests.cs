using System.Linq;
using Diff.Fuzz.Generation;
using Diff.Fuzz.Harness;
using Diff.Fuzz.Model;
using Diff.Fuzz.Printing;
using Xunit;
using Xunit.Abstractions;

namespace Diff.Fuzz.Tests
{
    /// <summary>
    /// The differential fuzzer in CI: a fixed-seed batch of random [Differentiable] programs, each compiled with the
    /// generator and checked for compile errors in generated code, refusals of supported code, generator exceptions,
    /// the value, the gradient against finite differences and accumulation. A failure is shrunk and printed.
    /// </summary>
    public sealed class FixedSeedBatchTests
    {
        private const int Programs = 300;
        private const long Seed = 20261201;

        private readonly ITestOutputHelper _output;

        public FixedSeedBatchTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void FixedSeedBatchHasNoFailures()
        {
            CampaignResult result = Campaign.Run(new CampaignOptions(Programs, Seed, Families.Everything, BatchSize: 30, Points: 2, ShrinkSeconds: 3), _output.WriteLine);
            string report = result.Report();
            _output.WriteLine(report);
            Assert.Equal(Programs, result.Programs);
            Assert.True(result.Checked >= Programs / 4, $"too few programs were fully checked ({result.Checked}); the generator of programs is broken\n{report}");
            Assert.DoesNotContain(result.AllFailures, o => o.IsFuzzerBug);
            Assert.True(!result.AllFailures.Any(), report);
        }

        [Fact]
        public void GeneratedProgramsCompileWithoutTheGenerator()
        {
            // Fuzzer self-check on a different seed: every program, its twin and its value drivers must be valid C#.
            var generator = new ProgramGenerator(Families.Everything);
            var items = Enumerable.Range(0, 40)
                .Select(i => new BatchRunner.Item(new ProgramSource(generator.FromSeed(Campaign.SeedOf(7, i)), i), string.Empty, (ulong)i))
                .ToList();
            var outcomes = BatchRunner.Run(items, points: 1);
            Assert.DoesNotContain(outcomes, o => o.IsFuzzerBug);
        }

        [Fact]
        public void EveryFamilyCanBeSwitchedOff()
        {
            foreach (string family in Families.All.Keys)
            {
                // The copies family prints views and ranges of its own (x.AsSpan().CopyTo, [.. x]).
                var generator = new ProgramGenerator(Families.Without(family == "slices" ? "slices,copies" : family));
                for (int i = 0; i < 30; i++)
                {
                    FuzzProgram program = generator.FromSeed(Campaign.SeedOf(3, i));
                    string text = CSharpPrinter.Program(program, "P");
                    switch (family)
                    {
                        case "calls":
                            Assert.Empty(program.Helpers);
                            break;
                        case "float":
                            Assert.DoesNotContain("float", text);
                            break;
                        case "while":
                            Assert.DoesNotContain("while", text);
                            break;
                        case "foreach":
                            Assert.DoesNotContain("foreach", text);
                            break;
                        case "math":
                            Assert.DoesNotContain("Math", text);
                            break;
                        case "spans":
                            Assert.DoesNotContain("Span<", text);
                            break;
                        case "slices":
                            Assert.DoesNotContain(".AsSpan(", text);
                            Assert.DoesNotContain("..", text);
                            break;
                        case "localspans":
                            Assert.DoesNotContain("stackalloc", text);
                            Assert.DoesNotContain("ReadOnlySpan<double> w", text);
                            Assert.DoesNotContain("ReadOnlySpan<float> w", text);
                            break;
                        case "localfunctions":
                            Assert.DoesNotContain(" Lf", text);
                            break;
                        case "swaps":
                            Assert.DoesNotContain("var tmp", text);
                            Assert.DoesNotMatch(@"\n\s*\((t\d+), (t\d+)\) = \(\2, \1\);", text);
                            Assert.DoesNotMatch(@"\n\s*t\d+ = new ", text);
                            break;
                        case "linq":
                            Assert.DoesNotContain("Sum(", text);
                            break;
                        case "extrema":
                            Assert.DoesNotMatch(@"\b[a-z]\d+\.(Max|Min)\(", text);
                            break;
                        case "refills":
                            Assert.DoesNotMatch(@"\[\(i\d+ % [a-z]\d+\.Length\)\]", text);
                            break;
                        case "state":
                            Assert.DoesNotContain("StepState", text);
                            Assert.DoesNotContain("s_gain", text);
                            Assert.DoesNotContain("s_position", text);
                            break;
                        case "copies":
                            Assert.DoesNotContain("Array.", text);
                            Assert.DoesNotContain("CopyTo", text);
                            Assert.DoesNotContain(".Fill(", text);
                            Assert.DoesNotContain(".Clear(", text);
                            Assert.DoesNotContain("Clone", text);
                            Assert.DoesNotContain("ToArray", text);
                            break;
                    }
                }
            }
        }

        [Fact]
        public void The_slices_family_passes_slices_in_every_form()
        {
            var generator = new ProgramGenerator(Families.Without("copies,state"));
            // Slices are drawn only where a helper takes a buffer, and the `[0..]` form of an array argument is rare among them.
            string all = string.Concat(Enumerable.Range(0, 2000).Select(i => CSharpPrinter.Program(generator.FromSeed(Campaign.SeedOf(5, i)), "P")));
            Assert.Contains(".AsSpan(0)", all);
            Assert.Contains(".Length)", all);
            Assert.Contains("[..]", all);
            Assert.Contains("[0..", all);
        }

        [Fact]
        public void The_localfunctions_family_declares_and_calls_local_functions()
        {
            var generator = new ProgramGenerator(Families.Everything);
            string all = string.Concat(Enumerable.Range(0, 300).Select(i => CSharpPrinter.Program(generator.FromSeed(Campaign.SeedOf(10, i)), "P")));
            Assert.Matches(@"\n\s*static (double|float) Lf\d+\(", all);
            Assert.Matches(@"\n\s*(double|float) Lf\d+\(.*\bint p\d+", all);
            Assert.Matches(@"[^ ]Lf\d+\(", all);
            Assert.Matches(@"\n\s*(static )?(double|float) Lf\d+\([^)]*\)\n\s*\{\n\s*(double|float) l\d+ = ", all);
        }

        [Fact]
        public void The_state_family_reads_and_moves_the_static_state_on()
        {
            var generator = new ProgramGenerator(Families.Everything);
            string all = string.Concat(Enumerable.Range(0, 300).Select(i => CSharpPrinter.Program(generator.FromSeed(Campaign.SeedOf(11, i)), "P")));
            Assert.Matches(@"\n\s*ResetState\(\);", all);
            Assert.Matches(@"\n\s*StepState\(\);", all);
            Assert.Matches(@"\[s_position\]", all);
            Assert.Matches(@"[^ ]s_gain\b", all);
            Assert.Contains("(float)s_gain", all);
            Assert.Contains("_ = SteppedGain;", all);
            Assert.Contains("_ = new StepsByInitializer();", all);
            Assert.Contains("_ = new StepsByBase();", all);
            Assert.Matches(@"double v\d+ = SteppedGain;", all);
        }

        [Fact]
        public void The_swaps_family_draws_every_form()
        {
            var generator = new ProgramGenerator(Families.Everything);
            string all = string.Concat(Enumerable.Range(0, 300).Select(i => CSharpPrinter.Program(generator.FromSeed(Campaign.SeedOf(9, i)), "P")));
            Assert.Matches(@"\n\s*\((t\d+), (t\d+)\) = \(\2, \1\);", all);
            Assert.Matches(@"\n\s*var (tmp\d+) = (t\d+);\s*\n\s*\2 = (t\d+);\s*\n\s*\3 = \1;", all);
            Assert.Matches(@"\n\s*t\d+ = new (double|float)\[", all);
        }

        [Fact]
        public void The_extrema_family_draws_every_form()
        {
            var generator = new ProgramGenerator(Families.Everything);
            string all = string.Concat(Enumerable.Range(0, 400).Select(i => CSharpPrinter.Program(generator.FromSeed(Campaign.SeedOf(12, i)), "P")));
            Assert.Matches(@"\b[a-z]\d+\.Max\(\)", all);
            Assert.Matches(@"\b[a-z]\d+\.Min\(\)", all);
            Assert.Matches(@"\.(Max|Min)\((e\d+) => \2 \* ", all);
            Assert.Matches(@"\.(Max|Min)\(Math\.Abs\)", all);
            Assert.Matches(@"\.Select\((e\d+) => \1 \+ .*\)\.(Max|Min)\(\)", all);
        }

        [Fact]
        public void The_refills_family_fills_an_array_again_on_every_trip_and_reads_it_after()
        {
            var generator = new ProgramGenerator(Families.Everything);
            string all = string.Concat(Enumerable.Range(0, 300).Select(i => CSharpPrinter.Program(generator.FromSeed(Campaign.SeedOf(13, i)), "P")));

            // A fill of the whole array from a parameter buffer and the counter, inside a loop, then a loop that reads it twice per element.
            Assert.Matches(@"for \(int (i\d+) = 0; \1 < (t\d+)\.Length; \1\+\+\)\s*\{\s*\2\[\1\] = [^;]*[a-z]\d+\[\(\1 % [a-z]\d+\.Length\)\]", all);
            Assert.Matches(@"for \(int (i\d+) = 0; \1 < (t\d+)\.Length; \1\+\+\)\s*\{\s*\2\[\1\] = [^;]*\(\(double\)\(\1\)\)", all);
            Assert.Matches(@"[a-z]\d+ \+= \((t\d+)\[(i\d+)\] \* \(\1\[\2\] \* ", all);
        }

        [Fact]
        public void The_localspans_family_draws_every_form()
        {
            var generator = new ProgramGenerator(Families.Everything);
            string all = string.Concat(Enumerable.Range(0, 300).Select(i => CSharpPrinter.Program(generator.FromSeed(Campaign.SeedOf(8, i)), "P")));
            foreach (string form in new[]
            {
                "= stackalloc double[", "> s", "= new double[", "ReadOnlySpan<double> w", ".Slice(0);", "= new ReadOnlySpan<", ".AsSpan();", "[..];", ".Length);",
            })
            {
                Assert.Contains(form, all);
            }
        }

        [Fact]
        public void The_copies_family_draws_every_form()
        {
            var generator = new ProgramGenerator(Families.Everything);
            string all = string.Concat(Enumerable.Range(0, 300).Select(i => CSharpPrinter.Program(generator.FromSeed(Campaign.SeedOf(6, i)), "P")));
            foreach (string form in new[]
            {
                "Array.Copy(", ".CopyTo(", ".Length - 1);", "Array.Fill(", ".Fill(", "Array.Clear(", ".Slice(0, 1).Clear()",
                ".Clone()", ".ToArray()", "[.. ", "[..];", ".Slice(1).CopyTo(",
            })
            {
                Assert.Contains(form, all);
            }
        }
    }
}
