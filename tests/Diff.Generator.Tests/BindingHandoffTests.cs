using System.Linq;
using Diff.Generator.Diagnostics;
using Diff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// The analyzer takes the generator's binding of a method only when its compilation is the generator's with generated
    /// files added. Every harness run also checks that the analyzer's diagnostics are the same with and without it.
    /// </summary>
    public sealed class BindingHandoffTests
    {
        private const string Functions = @"using System; using Diff;
static partial class Functions
{
    [Differentiable] static double F(double x, double[] y) { double s = 0; for (int i = 0; i < y.Length; i++) s += Math.Sin(x * y[i]); return s; }
    [Differentiable] static double G(double x) => F(x, Array.Empty<double>()) * x;
    [Differentiable] static double H(double x) { double[] d = new double[1]; FGradient(x, new double[1], d, ref x); return x; }
    [Differentiable] static double Broken(double x) => x * undefinedName;
    [Differentiable] static double Constant(double x) => (int)x;
}";

        [Fact]
        public void A_build_hands_each_clean_method_over()
        {
            GeneratorHarness run = GeneratorHarness.Run(Functions);
            BindingHandoff? handoff = BindingHandoff.For(run.Output);
            Assert.NotNull(handoff);
            Assert.True(handoff!.TryTake(Method(run.Output, "F"), out Result<BoundMethod> bound));
            Assert.NotNull(bound.Value);
            Assert.True(handoff.TryTake(Method(run.Output, "G"), out _));
        }

        [Fact]
        public void A_method_naming_a_companion_or_with_a_compile_error_is_bound_by_the_analyzer()
        {
            GeneratorHarness run = GeneratorHarness.Run(Functions);
            BindingHandoff handoff = BindingHandoff.For(run.Output)!;
            Assert.False(handoff.TryTake(Method(run.Output, "H"), out _));
            Assert.False(handoff.TryTake(Method(run.Output, "Broken"), out _));
        }

        [Fact]
        public void The_analysis_is_handed_over_only_when_it_found_nothing_to_report()
        {
            GeneratorHarness run = GeneratorHarness.Run(Functions);
            BindingHandoff handoff = BindingHandoff.For(run.Output)!;
            Assert.True(handoff.AnalysedWithoutDiagnostics(Method(run.Output, "F")));

            // DIFF013 (G passes an array expression) and DIFF009 come from the analysis: the analyzer analyses those
            // methods again, to report each where it is.
            Assert.True(handoff.TryTake(Method(run.Output, "G"), out _));
            Assert.False(handoff.AnalysedWithoutDiagnostics(Method(run.Output, "G")));
            Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "DIFF013" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'Array.Empty<double>()'"));
            Assert.True(handoff.TryTake(Method(run.Output, "Constant"), out _));
            Assert.False(handoff.AnalysedWithoutDiagnostics(Method(run.Output, "Constant")));
            Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "DIFF009" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'Constant'"));
            Assert.False(handoff.AnalysedWithoutDiagnostics(Method(run.Output, "Broken")));
        }

        [Fact]
        public void Only_a_method_with_nothing_to_report_and_no_other_attribute_is_settled()
        {
            GeneratorHarness run = GeneratorHarness.Run(Functions + @"
static partial class Registered
{
    [Differentiable, DerivativeOf(typeof(Math), nameof(Math.Sinh))] static double Twice(double x) => x * x;
}");
            BindingHandoff handoff = BindingHandoff.For(run.Output)!;
            Assert.True(handoff.SettledWithoutDiagnostics(Method(run.Output, "F")));

            // Its analysis found nothing, but the registration it carries is the analyzer's to check (and wrong).
            Assert.True(handoff.AnalysedWithoutDiagnostics(Method(run.Output, "Twice")));
            Assert.False(handoff.SettledWithoutDiagnostics(Method(run.Output, "Twice")));
            foreach (string name in new[] { "G", "H", "Broken", "Constant" })
            {
                Assert.False(handoff.SettledWithoutDiagnostics(Method(run.Output, name)), name);
            }
        }

        [Fact]
        public void Types_from_references_are_found_without_asking_the_analyzed_compilation()
        {
            GeneratorHarness run = GeneratorHarness.Run(Functions + "\nnamespace Diff { sealed class DeclaredHere { } }");
            BindingHandoff handoff = BindingHandoff.For(run.Output)!;

            Assert.True(handoff.TryFindType("Diff.DifferentiableAttribute", out INamedTypeSymbol? attribute));
            Assert.NotNull(attribute);
            Assert.Same(run.Output.GetTypeByMetadataName("Diff.DifferentiableAttribute"), attribute);

            Assert.True(handoff.TryFindType("Diff.NoSuchType", out INamedTypeSymbol? missing));
            Assert.Null(missing);

            // A type the project declares itself is a different object in each compilation: the analyzed one is asked.
            Assert.False(handoff.TryFindType("Diff.DeclaredHere", out _));
        }

        [Fact]
        public void The_analyzer_s_types_are_found_once_the_generator_s_compilation_is_gone()
        {
            // The compiler lets the generator's compilation go once it has added the generated files; asking the analyzed
            // compilation instead would make it parse and declare every generated file in the analyzer's account.
            Compilation output = GeneratedOnly(out System.WeakReference input);
            for (int i = 0; i < 10 && input.IsAlive; i++)
            {
                System.GC.Collect();
                System.GC.WaitForPendingFinalizers();
            }

            Assert.False(input.IsAlive);
            BindingHandoff handoff = BindingHandoff.For(output)!;
            Assert.NotNull(handoff);
            foreach (string name in new[] { "Diff.DifferentiableAttribute", "Diff.DerivativeOfAttribute", "Diff.KernelAttribute" })
            {
                Assert.True(handoff.TryFindType(name, out INamedTypeSymbol? type), name);
                Assert.Same(output.GetTypeByMetadataName(name), type);
            }

            // A name the analyzer did not ask for before is left to the analyzed compilation now.
            Assert.False(handoff.TryFindType("Diff.GradCheck", out _));
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static Compilation GeneratedOnly(out System.WeakReference input)
        {
            Compilation compilation = GeneratorHarness.Compile(Functions);
            input = new System.WeakReference(compilation);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator(oneThread: true).AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions);
            driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            return output;
        }

        [Fact]
        public void An_edited_or_added_file_or_other_references_mean_no_handoff()
        {
            GeneratorHarness run = GeneratorHarness.Run(Functions, "static class Other { static int Value() => 1; }");
            SyntaxTree other = run.Output.SyntaxTrees.ElementAt(1);
            Compilation edited = run.Output.ReplaceSyntaxTree(other, CSharpSyntaxTree.ParseText("static class Other { static int Value() => 2; }", GeneratorHarness.ParseOptions, other.FilePath));
            Assert.Null(BindingHandoff.For(edited));

            Compilation added = run.Output.AddSyntaxTrees(CSharpSyntaxTree.ParseText("static class Added { }", GeneratorHarness.ParseOptions, "Added.cs"));
            Assert.Null(BindingHandoff.For(added));

            Compilation fewerReferences = run.Output.RemoveReferences(run.Output.References.Last());
            Assert.Null(BindingHandoff.For(fewerReferences));

            Compilation generatedAdded = run.Output.AddSyntaxTrees(CSharpSyntaxTree.ParseText("// <auto-generated/>\nstatic class FromAnotherGenerator { }", GeneratorHarness.ParseOptions, "Other.g.cs"));
            Assert.NotNull(BindingHandoff.For(generatedAdded));
        }

        private static MethodDeclarationSyntax Method(Compilation compilation, string name) => compilation.SyntaxTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Single(m => m.Identifier.ValueText == name);
    }
}
