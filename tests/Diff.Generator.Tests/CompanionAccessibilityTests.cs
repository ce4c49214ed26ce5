using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// Companions take the accessibility of their method: a public method's are public (the contract), a narrower
    /// method's are as narrow, so that they compile with its parameter types (a private nested class would make a
    /// public companion CS0051) and publish nothing the method does not.
    /// </summary>
    public sealed class CompanionAccessibilityTests
    {
        private const string Usings = "using System;\nusing Diff;\n";

        /// <summary>
        /// A type <c>C</c> with a nested parameter type and, all with <paramref name="accessibility"/>: a method returning a
        /// value, one writing its buffer, a caller of both (its companions call theirs), and a tensor method.
        /// </summary>
        private static string Source(string accessibility, string typeAccessibility, string? refusedBody = null) => Usings + @"public partial class C
{
    " + typeAccessibility + @" sealed class Secret { public double W = 2.0; }

    [Differentiable] " + accessibility + @" static double F(double[] x, double s, [NoDiff] Secret secret) => secret.W * Math.Sin(s * x[0]) + x[1] * x[1];
    [Differentiable] " + accessibility + @" static void Scale(double[] x, double s, [NoDiff] Secret secret) { for (int i = 0; i < x.Length; i++) x[i] = x[i] * s * secret.W; }
    [Differentiable] " + accessibility + @" static double G(double[] x, double s, [NoDiff] Secret secret) { Scale(x, s, secret); return F(x, s, secret) * x[0]; }
    [Differentiable] " + accessibility + @" static Tensor T(Tensor x, [NoDiff] Secret secret) => (x * (float)secret.W).Sum();
" + (refusedBody is null ? string.Empty : "    [Differentiable] " + accessibility + " static double R(double[] x, [NoDiff] Secret secret) " + refusedBody + "\n") + "}";

        private static IMethodSymbol[] Companions(GeneratorHarness run)
        {
            INamedTypeSymbol c = run.Output.GetTypeByMetadataName("C")!;
            return c.GetMembers().OfType<IMethodSymbol>()
                .Where(m => m.MethodKind == MethodKind.Ordinary && m.Locations.Any(l => l.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true))
                .ToArray();
        }

        [Theory]
        [InlineData("public", "public", Accessibility.Public)]
        [InlineData("internal", "internal", Accessibility.Internal)]
        [InlineData("private", "private", Accessibility.Private)]
        [InlineData("protected", "protected", Accessibility.Protected)]
        [InlineData("protected internal", "protected internal", Accessibility.ProtectedOrInternal)]
        [InlineData("private protected", "private protected", Accessibility.ProtectedAndInternal)]
        // A method narrower than its parameter's type: the method's accessibility still bounds its companions.
        [InlineData("private", "internal", Accessibility.Private)]
        [InlineData("", "private", Accessibility.Private)]
        public void Companions_have_the_accessibility_of_their_method(string accessibility, string typeAccessibility, Accessibility expected)
        {
            GeneratorHarness run = GeneratorHarness.Run(Source(accessibility, typeAccessibility));

            Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            IMethodSymbol[] companions = Companions(run);
            foreach (string name in new[] { "FGradient", "FTangent", "FHessianVector", "ScalePullback", "ScaleRecord", "ScaleReverse", "ScaleJacobian", "GGradient", "TGradient" })
            {
                Assert.Contains(companions, m => m.Name == name);
            }

            // MJacobian's runs in lanes of one width are its private overload, generic in the lanes.
            IMethodSymbol inLanes = Assert.Single(companions, m => m.Name == "ScaleJacobian" && m.IsGenericMethod);
            Assert.Equal(Accessibility.Private, inLanes.DeclaredAccessibility);
            Assert.All(companions.Where(m => !SymbolEqualityComparer.Default.Equals(m, inLanes)), m => Assert.True(m.DeclaredAccessibility == expected, $"{m.Name} is {m.DeclaredAccessibility}, not {expected}"));
        }

        /// <summary>The stand-ins of a refused method take its accessibility too, so that they compile with its parameter types.</summary>
        [Theory]
        [InlineData("private", Accessibility.Private)]
        [InlineData("internal", Accessibility.Internal)]
        public void Stand_ins_of_a_refused_method_have_its_accessibility(string accessibility, Accessibility expected)
        {
            GeneratorHarness run = GeneratorHarness.Run(Source(accessibility, accessibility, "{ var c = new System.Numerics.Complex(x[0], 0); return c.Real * secret.W; }"));

            Diagnostic refusal = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("DIFF013", refusal.Id);
            Assert.Contains(run.StandIns, s => s.HintName == "C.R.g.cs");
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            IMethodSymbol[] standIns = Companions(run).Where(m => m.Name.StartsWith("R", System.StringComparison.Ordinal)).ToArray();
            Assert.Contains(standIns, m => m.Name == "RGradient");
            Assert.Contains(standIns, m => m.Name == "RPullback");
            Assert.All(standIns, m => Assert.True(m.DeclaredAccessibility == expected, $"{m.Name} is {m.DeclaredAccessibility}, not {expected}"));
        }
    }
}
