using System.Linq;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// <see cref="PlainSignatures.Admit"/> may only admit a declaration the compiler finds no declaration error in, and
    /// should admit the signatures differentiable code is written with, which it exists to speed up. A declaration it
    /// does not admit is checked by the compiler, as before; the generator must leave out every method whose declaration
    /// has an error either way.
    /// </summary>
    public sealed class PlainSignaturesTests
    {
        private const string Prelude = @"using System;
using System.Collections.Generic;
using Diff;
public sealed class Open { }
internal sealed class Hidden { }
[Obsolete(""gone"", true)] public sealed class Gone { }
public static class Tool { }
";

        /// <summary>Declarations without errors that the check admits.</summary>
        [Theory]
        [InlineData("static partial class C { [Differentiable] public static double M(double x, double y) => x * y; }")]
        [InlineData("static partial class C { [Differentiable] static double M(double[] x, [NoDiff] double[] t, int n) => x[0] * t[0] * n; }")]
        [InlineData("static partial class C { [Differentiable] internal static float M(float[] x, ReadOnlySpan<float> w) => x[0] * w[0]; }")]
        [InlineData("static partial class C { [Differentiable] public static void M(double[] x, Span<double> y) { y[0] = x[0]; } }")]
        [InlineData("static partial class C { [Differentiable] public static double M(Tensor x) => 0.0; }")]
        [InlineData("static partial class C { [Differentiable] public static double M(double x) => x; [Differentiable] public static double M(double x, double y) => x * y; }")] // overloads of two arities
        [InlineData("partial struct S { [Differentiable] public double M(double x) => x; }")]
        [InlineData("static partial class C { [Differentiable] public static double M(List<double> x) => x[0]; }")]
        [InlineData("static partial class C { [Differentiable] public static double M(double? x) => x ?? 0.0; }")]
        public void Plain_declarations_are_admitted(string source)
        {
            (bool admitted, bool hasError) = Answers(source);
            Assert.False(hasError);
            Assert.True(admitted);
        }

        /// <summary>Declarations with an error of their own: never admitted, and the generator writes nothing for them.</summary>
        [Theory]
        [InlineData("static partial class C { [Differentiable] public static double M(Missing x) => 0.0; }")] // CS0246
        [InlineData("static partial class C { [Differentiable] public static Missing M(double x) => default; }")]
        [InlineData("static partial class C { [Differentiable] public static double M(List<Missing> x) => 0.0; }")]
        [InlineData("static partial class C { [Differentiable] public static double M(double x, double x) => x; }")] // CS0100
        [InlineData("static partial class C { public static double M(double y) => y; [Differentiable] public static double M(double x) => x; }")] // CS0111
        [InlineData("static partial class C { static int M; [Differentiable] public static double M(double x) => x; }")] // CS0102
        [InlineData("static partial class C { [Differentiable] public double M(double x) => x; }")] // CS0708
        [InlineData("partial class C { [Differentiable] public static double C(double x) => x; }")] // CS0542
        [InlineData("public static partial class C { [Differentiable] public static double M(Hidden x) => 0.0; }")] // CS0051
        [InlineData("public static partial class C { [Differentiable] public static Hidden M(double x) => null; }")] // CS0050
        [InlineData("static partial class C { [Differentiable] public static double M(Gone x) => 0.0; }")] // CS0619
        [InlineData("static partial class C { [Differentiable] public static double M(Tool x) => 0.0; }")] // CS0721
        [InlineData("static partial class C { [Differentiable] public static double M(Span<double>[] x) => 0.0; }")] // CS0611
        [InlineData("static partial class C { [Differentiable] public static double M(Nullable<Open> x) => 0.0; }")] // CS0453
        [InlineData("static partial class C { [Differentiable] public static double M(double x = \"s\") => x; }")] // CS1750
        [InlineData("static partial class C { [Differentiable] public static double M(params double x) => x; }")] // CS0225
        [InlineData("static partial class C { [Differentiable, Differentiable] public static double M(double x) => x; }")] // CS0579
        [InlineData("static partial class C { [Differentiable(3)] public static double M(double x) => x; }")] // CS1729
        [InlineData("static partial class C { [Differentiable] [NoDiff] public static double M(double x) => x; }")] // CS0592
        [InlineData("static partial class C { [Differentiable] public static double M([Differentiable] double x) => x; }")]
        [InlineData("static partial class C { [Differentiable] public static virtual double M(double x) => x; }")] // CS0106
        [InlineData("static partial class C { [Differentiable] public public static double M(double x) => x; }")] // CS1004
        [InlineData("static partial class C { [Differentiable] public private static double M(double x) => x; }")] // CS0107
        [InlineData("static partial class C { [Differentiable] public static double M<T>(double x) where T : Missing => x; }")]
        [InlineData("static partial class C { [Differentiable] public static double M(void x) => 0.0; }")] // CS1536
        [InlineData("static partial class C { [Differentiable] public static double M((double a, double a) x) => 0.0; }")] // CS8127
        [InlineData("partial class G<M> { [Differentiable] public static double M(double x) => x; }")] // CS0102: a type parameter's name
        [InlineData("partial record R { [Differentiable] public static double Clone(double x) => x; }")] // CS8859
        public void Declarations_with_errors_are_not_admitted(string source)
        {
            (bool admitted, bool hasError) = Answers(source);
            Assert.True(hasError, "the case should have a declaration error: " + source);
            Assert.False(admitted);

            GeneratorHarness run = GeneratorHarness.Run(Prelude + source);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        /// <summary>Valid declarations the check leaves to the compiler: the generator still writes their code.</summary>
        [Theory]
        [InlineData("static partial class C { [Differentiable] public static double M(double x) => x; [Differentiable] public static double M(float x) => x; }")] // an overload of the same arity
        [InlineData("static partial class C { [Differentiable] [Obsolete] public static double M(double x) => x; }")] // another attribute
        [InlineData("partial class C { [Differentiable] protected static double M(double x) => x; }")] // another modifier
        [InlineData("partial class C { public double this[int i] => 1.0; [Differentiable] public static double M(double x) => x; }")] // a type with an indexer
        [InlineData("static partial class C { [Differentiable] public static double M(double x, double y = 2.0) => x * y; }")] // a default value
        [InlineData("static partial class C { [Differentiable] public static double M(Open o, double x) => x; }")] // a type of this compilation
        public void Declarations_left_to_the_compiler_are_still_generated(string source)
        {
            (bool admitted, bool hasError) = Answers(source);
            Assert.False(hasError);
            Assert.False(admitted);

            GeneratorHarness run = GeneratorHarness.Run(Prelude + source);
            Assert.Contains(run.Sources, s => s.HintName == "C.M.g.cs");
            Assert.Empty(run.GeneratedCodeErrors);
        }

        /// <summary>Whether the check admits the first method named M, and whether the compiler finds a declaration error in it.</summary>
        private static (bool Admitted, bool HasError) Answers(string source)
        {
            Compilation compilation = GeneratorHarness.Compile(Prelude + source);
            SyntaxTree tree = compilation.SyntaxTrees.First();
            SemanticModel semantic = compilation.GetSemanticModel(tree);
            MethodDeclarationSyntax declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .First(m => m.AttributeLists.Count > 0);
            var symbol = (IMethodSymbol)semantic.GetDeclaredSymbol(declaration)!;
            // Every error in the declaration outside its body, whichever stage of the compiler reports it.
            SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            bool hasError = compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == tree
                && declaration.Span.IntersectsWith(d.Location.SourceSpan) && !(body?.Span.Contains(d.Location.SourceSpan) ?? false));
            bool admitted = PlainSignatures.Admit(declaration, symbol);
            Assert.False(admitted && hasError, "the check admitted a declaration with an error");
            return (admitted, hasError);
        }
    }
}
