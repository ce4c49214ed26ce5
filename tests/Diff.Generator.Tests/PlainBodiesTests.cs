using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// <see cref="PlainBodies.ChangesNothing"/> may only say a method changes nothing where the full syntactic walks
    /// (<see cref="ObjectStateFacts.MayChange"/>, <see cref="ObjectStateFacts.BuffersWrittenByCalls"/>) say so too, and
    /// should say it for ordinary arithmetic code, which it exists to speed up.
    /// </summary>
    public sealed class PlainBodiesTests
    {
        private const string Class = @"using System;
using Diff;
sealed class Counter { public int Pos; public int Next() => Pos++; public int Peek { get { return Pos++; } } public int Plain => 3; public int[] Perm = new int[4]; }
sealed class Named : Attribute { public int Value { get { return 1; } set { } } }
sealed class DescAttribute : Attribute { public DescAttribute(string s) { } }
sealed class Steps { public Steps GetEnumerator() => this; public bool MoveNext() { C.Moves++; return C.Moves < 3; } public int Current => C.Moves; }
sealed partial class C
{
    static int[] _order = new int[4];
    static double _scale = 2.0;
    static int _count;
    static double Helper(double x) => x;
    static Counter _c = new Counter();
    public static int Moves;
";

        /// <summary>Bodies both answers must call plain.</summary>
        [Theory]
        [InlineData("double M(double x) => x * x + Math.Sin(x);")]
        [InlineData("double M(double[] x) { double s = 0.0; for (int j = 0; j < x.Length; j++) { s += 3.2 * x[j] * x[j]; } return s; }")]
        [InlineData("double M(double[] x, double w) { double[] y = new double[x.Length]; for (int j = 0; j < x.Length; j++) { y[j] = x[j] > 0.4 ? w * x[j] : Math.Exp(x[j]); } return y[0]; }")]
        [InlineData("double M(double[] x) { double p = 1.0; int j = 0; while (j < x.Length) { p *= x[j]; j++; } return p; }")]
        [InlineData("double M(double x) { double t = x; if (t > 0) { t = -t; } else { t += 1.0; } return Math.Max(t, 0.0) * _scale; }")]
        [InlineData("double M(double[] x) { double s = 0.0; foreach (double v in x) { s += v; } return s / x.Length; }")]
        [InlineData("double M(double x) { int[] idx = new int[3]; idx[1] = 2; return x * idx[1]; }")]
        [InlineData("double M(double x) { int n = _count; return x * n; }")]
        public void Ordinary_code_is_plain(string method)
        {
            (bool plain, bool fullSaysUnchanged) = Answers(method);
            Assert.True(fullSaysUnchanged);
            Assert.True(plain);
        }

        /// <summary>Bodies that change state, or that the full walks count as changing it: never plain.</summary>
        [Theory]
        [InlineData("double M(double x) { _count = 3; return x; }")] // a static field written
        [InlineData("double M(double x) { _count++; return x; }")]
        [InlineData("double M(double x) { return x * _c.Next(); }")] // a method of the compilation that changes a field
        [InlineData("double M(double x) { return x * _c.Peek; }")] // a getter that changes a field
        [InlineData("double M(double x) { int[] p = _order; p[0] = 2; return x * p[0]; }")] // an alias of a field's array
        [InlineData("double M(double x) { int[] p = _scale > 0 ? new int[2] : new int[3]; p[0] = 1; return x; }")] // the walk's alias rule: a field read in the initializer
        [InlineData("double M(double x, int[] p) { p = _order; p[0] = 2; return x * _order[0]; }")] // a parameter given a field's array, then written
        [InlineData("double M(double x, int[] p) { p = _c.Perm; p[0]++; return x; }")]
        [InlineData("double M(double x) { foreach (int v in new Steps()) { } return x; }")] // an enumerator of the compilation that changes a field
        [InlineData("double M(double x) { int[] p = new int[2]; Array.Reverse(p); return x * p[0]; }")] // a buffer written by a library call
        [InlineData("double M(double x) { int q = Math.DivRem(7, 2, out int r); return x * q * r; }")] // an out argument
        [InlineData("double M(double x) { Func<double, double> f = t => t * _count++; return f(x); }")] // a lambda
        [InlineData("double M(double x) { int[] o = new int[2]; void Set() { o[0] = 1; } Set(); return x * o[0]; }")] // a local function writing a captured buffer
        [InlineData("double M(double x) { var c = new Counter(); return x * c.Pos; }")] // a constructor of the compilation
        [InlineData("double M(double x) { _c.Perm[0] = 1; return x; }")] // an element of a field's array
        [InlineData("double M(double x) { int[,] g = new int[2, 2]; g[0, 1] = 1; return x * g[0, 1]; }")] // a two-dimensional element, which the IR does not follow by name
        [InlineData("double M(double x) { int[][] g = new int[2][]; g[0] = new int[2]; g[0][1] = 1; return x; }")] // a jagged element
        [InlineData("double M(double x) { Span<int> s = stackalloc int[2]; s[0] = 1; return x * s[0]; }")]
        [InlineData("double M(double x) { return Helper(x); }")] // any call but the math classes is left to the full walk
        [InlineData("[Named(Value = 1)] double M(double x) { return x; }")] // a named attribute argument names a property
        [InlineData("double M(double x) { string n = nameof(_c.Peek); return x; }")]
        [InlineData("double M(double x) { string s = \"v\" + _c; return x * s.Length; }")] // a concatenation runs ToString
        // A nameof outside the body, where the operation tree does not reach and the syntactic walk does.
        [InlineData("[Obsolete(nameof(Counter.Peek))] double M(double x) => x;")]
        [InlineData("[Desc(nameof(Counter.Peek))] double M(double x) => x;")]
        [InlineData("[return: Desc(nameof(Counter.Peek))] double M(double x) => x;")]
        [InlineData("double M([Desc(nameof(Counter.Peek))] double x) => x;")]
        [InlineData("double M<[Desc(nameof(Counter.Peek))] T>(double x) => x;")]
        [InlineData("double M(double x, string s = nameof(Counter.Peek)) => x;")]
        // A generic class named like the math classes, which the full walk does not take for them.
        [InlineData("double M(double x) => Math<int>.Bump(x); } namespace System { static class Math<T> { static int n; public static double Bump(double x) { n++; return x; } }")]
        [InlineData("double M(double x) => MathF<int>.Bump(x); } namespace System { static class MathF<T> { static int n; public static double Bump(double x) { n++; return x; } }")]
        [InlineData("double M(double x) { int[] o = new int[2]; return Math<int>.Flip(o) * x * o[0]; } } namespace System { static class Math<T> { public static double Flip(int[] a) { a[0] = 7; return 1.0; } }")]
        public void Changing_code_is_not_plain(string method)
        {
            (bool plain, _) = Answers(method);
            Assert.False(plain);
        }

        /// <summary>A ref return of a field writes it where the caller writes through the reference.</summary>
        [Fact]
        public void A_reference_returned_is_not_plain()
        {
            (bool plain, bool fullSaysUnchanged) = Answers("ref int M(double x) { return ref _count; }");
            Assert.False(fullSaysUnchanged);
            Assert.False(plain);
        }

        private static (bool Plain, bool FullSaysUnchanged) Answers(string method)
        {
            Compilation compilation = GeneratorHarness.Compile(Class + "    " + method + "\n}\n");
            SyntaxTree tree = compilation.SyntaxTrees.First();
            SemanticModel semantic = compilation.GetSemanticModel(tree);
            MethodDeclarationSyntax declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "M");
            var symbol = (IMethodSymbol)semantic.GetDeclaredSymbol(declaration)!;
            Assert.DoesNotContain(semantic.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

            bool plain = PlainBodies.ChangesNothing(declaration, symbol, new SemanticQueries(semantic), CancellationToken.None);
            var queries = new SemanticQueries(semantic);
            bool unchanged = ObjectStateFacts.BuffersWrittenByCalls(declaration, queries, CancellationToken.None).Count == 0
                && !ObjectStateFacts.MayChange(declaration, queries, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { symbol }, CancellationToken.None);
            Assert.False(plain && !unchanged, "the quick proof called a method plain that the full walk does not");
            return (plain, unchanged);
        }
    }
}
