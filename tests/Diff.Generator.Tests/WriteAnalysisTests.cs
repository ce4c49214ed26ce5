using System.Linq;
using Diff.Generator.Parse;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// Whether a method may write a buffer parameter (<see cref="SymbolFacts.MayWriteParameter"/>): a buffer passed on
    /// to a method in source is followed into it, and counts as written unless that method's parameter is not written
    /// in turn (also through recursion, which adds no write of its own); a body an override may replace, and any other use
    /// count as writes. A local view of the buffer is followed through its own uses.
    /// </summary>
    public sealed class WriteAnalysisTests
    {
        private const string Source = @"
public abstract class Base { public abstract void Use(double[] a); }
public sealed class Impl : Base { public override void Use(double[] a) { a[0] = 1; } }
public static class S
{
    public static double ReadOnly(double[] a) => a[0] + a.Length;
    public static double PassesToReadOnly(double[] a) => ReadOnly(a) + ReadOnly(a);
    public static double TwoLevels(double[] a) => PassesToReadOnly(a);
    public static void PassesToVirtual(double[] a, Base b) => b.Use(a);
    public static void Writes(double[] a) { a[0] = 2; }
    public static void PassesToWriter(double[] a) => Writes(a);
    public static double Recursive(double[] a, int n) => n > 0 ? a[n] * Recursive(a, n - 1) : a[0];
    public static void RecursiveWriter(double[] a, int n) { if (n > 0) RecursiveWriter(a, n - 1); else a[0] = 1; }
    public static void MutualFirst(double[] a, int n) { if (n > 0) MutualSecond(a, n - 1); }
    public static void MutualSecond(double[] a, int n) { MutualFirst(a, n); a[n] = 2; }
    public static double ReadOnlyView(double[] a) { System.ReadOnlySpan<double> v = a.AsSpan(1); return v[0]; }
    public static void WrittenView(double[] a) { var v = a.AsSpan(1); v[0] = 1; }
    public static double ReadView(double[] a) { var v = new System.Span<double>(a, 1, 2); return v[1]; }
    public static double TupleOfReads(double[] a) { (double p, double q) = (a[0], a[1]); return p * q; }
    public static void TupleOfTargets(double[] a) { (a[0], a[1]) = (a[1], a[0]); }
    public static void ParenthesizedTarget(double[] a) { ((a[0])) = 1; }
    public static double Checked(double[] a) { if (a.Length == 0) throw new System.ArgumentException(""empty"", nameof(a)); return a[0]; }
    public static double Spread(double[] a) { double[] w = [.. a]; return w[0]; }
    public static double Deconstructed(double[] a) { var (p, q) = (a[0] * 2, a[1]); return p * q; }
    public static double SumAll(params double[] v) => v[0] + v[1];
    public static double ToParams(double[] a) => SumAll(a);
    public static void WriteAll(params double[] v) { v[0] = 1; }
    public static void ToWritingParams(double[] a) => WriteAll(a);
    public static void Stores(double[] a) { double[] b = a; b[0] = 1; }
    public static void ToLibrary(double[] a) => System.Array.Clear(a);
    public static void Named(double[] a) => ReadOnly(a: a);
}";

        private static bool Writes(string method, bool follow = true)
        {
            Compilation compilation = GeneratorHarness.Compile(Source);
            IMethodSymbol symbol = compilation.GetTypeByMetadataName("S")!.GetMembers(method).OfType<IMethodSymbol>().Single();
            return SymbolFacts.MayWriteParameter(symbol, symbol.Parameters[0], follow ? compilation : null);
        }

        [Theory]
        [InlineData("ReadOnly", false)]
        [InlineData("PassesToReadOnly", false)]
        [InlineData("TwoLevels", false)]
        [InlineData("PassesToVirtual", true)]
        [InlineData("Writes", true)]
        [InlineData("PassesToWriter", true)]
        [InlineData("Recursive", false)]
        [InlineData("RecursiveWriter", true)]
        [InlineData("MutualFirst", true)]
        [InlineData("MutualSecond", true)]
        [InlineData("ReadOnlyView", false)]
        [InlineData("WrittenView", true)]
        [InlineData("ReadView", false)]
        [InlineData("TupleOfReads", false)]
        [InlineData("TupleOfTargets", true)]
        [InlineData("ParenthesizedTarget", true)]
        [InlineData("Checked", false)]
        [InlineData("Spread", false)]
        [InlineData("Deconstructed", false)]
        [InlineData("ToParams", false)]
        [InlineData("ToWritingParams", true)]
        [InlineData("Stores", true)]
        [InlineData("ToLibrary", true)]
        [InlineData("Named", true)]
        public void A_buffer_passed_on_is_followed_into_the_method_in_source(string method, bool written) =>
            Assert.Equal(written, Writes(method));

        [Fact]
        public void Without_the_compilation_any_call_counts_as_a_write() =>
            Assert.True(Writes("PassesToReadOnly", follow: false));
    }
}
