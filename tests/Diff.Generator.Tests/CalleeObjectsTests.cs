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
    /// A callee that fills objects it made itself (a list it then copies into an array) changes nothing its caller can
    /// see; one that changes an object held elsewhere, or lets its object out before changing it, still does. The
    /// differentiated method's own objects always count: its reverse sweep may read them again.
    /// </summary>
    public sealed class CalleeObjectsTests
    {
        private const string Class = @"using System;
using System.Collections.Generic;
using Diff;
public static class St { public static double Scale = 2.0; }
public sealed class Hook : System.Collections.ObjectModel.Collection<double> { protected override void InsertItem(int i, double v) { St.Scale = 3.0; base.InsertItem(i, v); } }
public sealed class Tracker { public static implicit operator Tracker(int k) { St.Scale = 3.0; return new Tracker(); } }
public sealed class Noisy { public override string ToString() { St.Scale = 3.0; return ""n""; } }
public sealed class Quiet { public override string ToString() => ""q""; }
static partial class C
{
    static List<int> _kept = new List<int>();
    static int[] _buffer = new int[4];
    static void Store(List<int> v) { _kept = v; }
";

        [Theory]
        [InlineData("static int[] H(int n) { var l = new List<int>(); for (int i = 0; i < n; i++) { l.Add(i); } return l.ToArray(); }")]
        [InlineData("static int H(int n) { var l = new List<int>(n); l.Add(n); l.Add(2 * n); l = new List<int>(); l.Add(1); return l.Count; }")]
        [InlineData("static string H(int n) { var b = new System.Text.StringBuilder(); b.Append(n); b.Append(\"x\"); return b.ToString(); }")]
        [InlineData("static int H(int n) { Console.Write($\"{n} {new Quiet()}\"); return 0; }")]
        public void A_callee_filling_its_own_objects_changes_nothing(string helper)
        {
            Assert.False(MayChange(helper, "static double M(double x) { var h = H(3); return x * 2.0; }"));
        }

        [Theory]
        [InlineData("static int H(int n) { var l = new List<int>(); _kept = l; l.Add(n); return l.Count; }")] // let out first
        [InlineData("static int H(int n) { var l = _kept; l.Add(n); return l.Count; }")] // not its own object
        [InlineData("static int H(int n) { var l = new List<int>(); l.Add(n); l.CopyTo(_buffer); return 0; }")] // given a field's array
        [InlineData("static int H(int n) { var l = new List<int>(); Store(l); l.Add(n); return 0; }")] // kept by another method
        [InlineData("static int H(int n) { var l = new List<int>(_kept); l.Add(n); _kept.Add(1); return 0; }")]
        [InlineData("static int H(int n) { var l = new List<int>(); l.Add(n); var m = l; m.Add(1); _kept = m; return 0; }")]
        // Code of this compilation the library runs: an override, a conversion of an argument, a ToString.
        [InlineData("static int H(int n) { var h = new Hook(); h.Add(1.0); return 0; }")]
        [InlineData("static int H(int n) { var l = new List<Tracker>(); l.Add(1); return 0; }")]
        [InlineData("static int H(int n) { var b = new System.Text.StringBuilder(); b.Append($\"{new Noisy()}\"); return 0; }")]
        [InlineData("static int H(int n) { var b = new System.Text.StringBuilder(); b.Append(\"v\" + new Noisy()); return 0; }")]
        // The local made to hold another object than its own.
        [InlineData("static int H(int n) { var l = new List<int>(); (l, n) = (_kept, 1); l.Reverse(); return 0; }")]
        [InlineData("static int H(int n) { var l = new List<int>(); ref var r = ref l; r = _kept; l.Reverse(); return 0; }")]
        // Output that formats an object whose ToString changes state.
        [InlineData("static int H(int n) { Console.Write($\"{new Noisy()}\"); return 0; }")]
        [InlineData("static int H(int n) { Console.WriteLine(\"{0}\", new Noisy()); return 0; }")]
        [InlineData("static int H(int n) { string s = \"v\" + new Noisy(); return s.Length; }")]
        public void A_callee_changing_objects_it_does_not_own_still_changes_state(string helper)
        {
            Assert.True(MayChange(helper, "static double M(double x) { var h = H(3); return x * 2.0; }"));
        }

        [Fact]
        public void The_methods_own_objects_still_count()
        {
            Assert.True(MayChange("static int H(int n) => n;", "static double M(double x) { var l = new List<double>(); l.Add(1.0); return x * l[0]; }"));
        }

        private static bool MayChange(string helper, string method)
        {
            Compilation compilation = GeneratorHarness.Compile(Class + "    " + helper + "\n    " + method + "\n}\n");
            SyntaxTree tree = compilation.SyntaxTrees.First();
            SemanticModel semantic = compilation.GetSemanticModel(tree);
            Assert.DoesNotContain(semantic.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            MethodDeclarationSyntax declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "M");
            var symbol = (IMethodSymbol)semantic.GetDeclaredSymbol(declaration)!;
            return ObjectStateFacts.MayChange(declaration, new SemanticQueries(semantic), new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { symbol }, CancellationToken.None);
        }
    }
}
