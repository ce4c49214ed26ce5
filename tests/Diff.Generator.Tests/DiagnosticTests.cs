using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>Each DIFF diagnostic: its ID, its severity and the exact span it underlines (between [| and |]).</summary>
    public sealed class DiagnosticTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing Diff;\n";

        // A differentiable value kept inside an object by a call without a derivative would read back as a constant.
        [InlineData("DIFF013", "public sealed class Q { public double V; public Q(double v) { V = v; } } [Differentiable] static double F(double[] x) { var l = new System.Collections.Generic.List<Q>(); l.Add([|new Q(x[1])|]); return l[0].V * x[0]; }")]
        [InlineData("DIFF013", "public sealed class Q { public double V; public Q(double v) { V = v; } } [Differentiable] static double F(double[] x) { var ps = new Q[2]; System.Array.Fill(ps, [|new Q(x[1])|]); return ps[0].V * x[0]; }")]
        [InlineData("DIFF013", "public sealed class Q { public double V; public Q(double v) { V = v; } } [Differentiable] static double F(double[] x) { var l = new System.Collections.Generic.List<Q>(); var q = new Q(x[1]); l.Add([|q|]); return l[0].V * x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { var l = new System.Collections.Generic.List<(double, int)>(); l.Add([|(x[1], 2)|]); return l[0].Item1 * x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { var l = new System.Collections.Generic.List<object>(); l.Add([|x[1]|]); return (double)l[0] * x[0]; }")]
        [InlineData("DIFF013", "public struct Q { public double V; public Q(double v) { V = v; } } [Differentiable] static double F(double[] x) { var q = new System.Collections.Generic.Queue<Q>(); q.Enqueue([|new Q(x[1])|]); return q.Peek().V * x[0]; }")]
        [InlineData("DIFF013", "public sealed class Q { public double V; public Q(double v) { V = v; } } [Differentiable] static double F(double[] x) { var set = new System.Collections.Generic.HashSet<Q>(); bool added = set.Add([|new Q(x[1])|]); return x[0]; }")]
        [InlineData("DIFF013", "public sealed class Q { public double V; public Q(double v) { V = v; } } static void AddTo(Q q, System.Collections.Generic.List<Q> l) => l.Add(q); [Differentiable] static double F(double[] x) { var l = new System.Collections.Generic.List<Q>(); AddTo([|new Q(x[1])|], l); return l[0].V * x[0]; }")]
        [InlineData("DIFF013", "public sealed class Q { public double V; public Q(double v) { V = v; } } [Differentiable] static double F(double[] x) { var kept = new Q[1]; var rows = new[] { new Q(x[1]) }; [|rows|].CopyTo(kept, 0); return kept[0].V * x[0]; }")]
        // A differentiable value of any form given to a call that may keep it: a library collection's method that returns
        // a value, a helper of the compilation storing it into a field, a buffer or a static, a constructor keeping it
        // outside its object, a local function doing so where it is called.
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { var s = new HashSet<double>(); s.Add([|x[1]|]); return x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { var l = new List<double>(); l.AddRange([|x|]); return x[0]; }")]
        [InlineData("DIFF013", "public sealed class Acc { readonly List<double> _items = new(); public int Push(double v) { _items.Add(v); return _items.Count; } public double Sum() { double s = 0; foreach (var v in _items) s += v; return s; } } [Differentiable] static double F(double[] x) { var acc = new Acc(); acc.Push([|x[1]|]); return acc.Sum() * x[0]; }")]
        [InlineData("DIFF013", "static double _last; static double Echo(double v) { _last = v; return 0.0; } [Differentiable] static double F(double[] x) { Echo([|x[1]|]); return _last * x[0]; }")]
        [InlineData("DIFF013", "public sealed class Q { public double V; public Q(double v) { V = v; } } static void Put(Q[] a, Q q) { a[0] = q; } [Differentiable] static double F(double[] x) { var ps = new Q[1]; Put(ps, [|new Q(x[1])|]); return ps[0].V * x[0]; }")]
        [InlineData("DIFF013", "public sealed class Adder { public Adder(List<double> l, double v) { l.Add(v); } } [Differentiable] static double F(double[] x) { var l = new List<double>(); var a = new Adder(l, [|x[1]|]); return x[0]; }")]
        [InlineData("DIFF013", "public static class Store { public static double Last; } public sealed class Setter { public Setter(double v) { Store.Last = v; } } [Differentiable] static double F(double[] x) { var s = new Setter([|x[1]|]); return Store.Last * x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { var l = new List<object>(); void Keep() { l.Add([|x[1]|]); } Keep(); return x[0]; }")]
        [InlineData("DIFF013", "static double[] _saved = new double[2]; static int KeepAlias(double v) { double[] a = _saved; a[0] = v; return 0; } [Differentiable] static double F(double[] x) { KeepAlias([|x[1]|]); return x[0] * _saved[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { var l = new List<double>(); int n = System.Linq.Enumerable.Count(x, v => { l.Add([|v|]); return true; }); return x[0]; }")]
        [InlineData("DIFF013", "public sealed class Q { public double V; } [Differentiable] static double F(double[] x) { var q = new Q { V = [|2 * x[1]|] }; return x[0]; }")]
        [Theory]
        [InlineData("DIFF001", "static double Opaque(double v) => v; [Differentiable] static double F(double x) => [|Opaque(x)|] * 2;")]
        [InlineData("DIFF002", "[Differentiable] static double F(double x) { [|try|] { return x; } catch { return 0; } }")]
        [InlineData("DIFF001", "[Differentiable] static double F(double[] a) { var b = new double[a.Length]; b[0] = a[0]; [|System.Array.Sort(b)|]; return b[0] * b[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] a, int k) { var b = new double[2]; [|System.Array.Copy(a, k++, b, 0, 2)|]; return b[0] * b[1] * k; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[,] m, double x) => [|m[0, 1]|] * x;")]
        [InlineData("DIFF013", "[Differentiable] static void W(double[] v) { v[0] = v[0] * 2; } [Differentiable] static double Sum(double[] v) => v[0] + v[1]; [Differentiable] static double F(double[] x) { double s = W2(x) + ([|Sum(x)|] switch { < 1.0 => x[0], _ => x[1] }); return s; } [Differentiable] static double W2(double[] v) { v[0] = v[0] * 2; return v[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] y, double b, double e) { int n = y.Length; [|y[(int)Math.Abs(b * 3.0) % n]|] = b = e * 2.0; return b + y[0]; }")]
        [InlineData("DIFF001", "[Differentiable] static double F(double[] v) { double r = v[1] * v[2]; [|v.AsSpan(1).Slice(0, 2)|].Clear(); return r + v[0]; }")]
        [InlineData("DIFF001", "[Differentiable] static double F(double[] v) { double r = v[1] * v[2]; [|new Span<double>(v, 1, 2)|].Clear(); return r + v[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double S(params double[] v) => v[0] * v[1]; [Differentiable] static double F(double x, int k) => [|S(x, k++)|] * k;")]
        [InlineData("DIFF013", "[Differentiable] static double S(double[] v) => v[0] * v[1]; [Differentiable] static double F(double x, bool c) => c ? x : S([|new[] { x, x }|]);")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { var m = new double[2, 2]; [|m[0, 1]|] = x; return x * x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(System.Collections.Generic.List<double> w, double x) => [|w[0]|] * x;")]
        [InlineData("DIFF001", "[Differentiable] static double F(System.Span<double> a, double x) { [|a.Sort()|]; return a[0] * x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double [|@double|] = x * x; return @double * x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double [|@in|], int @int) => @in * @int;")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double [|__result|] = x * x; return __result; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { [|(x[0])|] = x[1] * 2; return x[0] * x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, [NoDiff] System.Random rng) { double s = x[1] > 0.7 ? x[0] * [|rng.NextDouble()|] : x[0] * x[0]; return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, [NoDiff] System.Random rng) { return x[rng.Next(x.Length)] * [|rng.NextDouble()|]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double [|__dReturn|]) => __dReturn * 2;")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, int k) { switch (k) { case 1: if (x > 0) [|break;|] x = x * 2; break; default: break; } return x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, object o) { switch (o) { case [|int n|]: x = x * n; break; } return x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) => [|x switch { > 0 => x, < 0 => -x }|];")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, double s) { double y = x; s += y / [|++y|]; return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double y = 0; return x > 0 ? x * ([|y = x|]) : y; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, bool b) { double y = x; double s = b && [|++y|] > 1 ? y : x; return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double a = 0; if (x > 0 && ([|a = x * x|]) > 1) return a; return a + x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double a = 0; if (a < ([|a = x * x|])) return a; return x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double a, b = 1; if (([|a = (b = b * x[0]) + 1|]) > 0.5) return a * b; return 0; }")]
        [InlineData("DIFF013", "[Differentiable] static double S(double[] v) { v[0] *= 2; return v[1]; } [Differentiable] static double F(double[] x) { double a; if (x[0] > ([|a = S(x)|])) return a; return x[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double b = 0.5; int I() => (int)(b * 8); if (I() > ([|b = x[0] * 8|])) return b; return x[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double a = 0, b = 0; if (([|(a, b) = (x[0], x[1])|]).a > 0) return a * b; return x[2]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double a = x[1], p = ([|a = x[0]|]) * 2; return a * p; }")]
        [InlineData("DIFF013", "sealed class Counter { public int N; public int Next() => ++N; } [Differentiable] static double F(double[] x, [NoDiff] Counter c) { double a = 0; double s = c.Next() + ([|a = x[0] * c.N|]); return s * a; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { int k = 0; double y = 0; double r = x[k++] * ([|y = x[k]|]); return r + y; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, double q) { int k = 0; double s = 0; while (k < 3) s += x[k] * x[[|k++|]] * q; return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, double q) { int k = 0; while (k < 3) x[k] = x[[|k++|]] * q; return x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, double q) { int k = 0; double s = 0; while (k < 3) s += (q > 0 ? x[[|k++|]] : q) * x[k]; return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, double q) { int k = 0; double s = x[[|k++|]] * x[k], t = x[k++] * q; return s * t; }")]
        [InlineData("DIFF013", "[Differentiable] static double G(double[] v) { v[0] *= 2; return v[1]; } [Differentiable] static double F(double[] a) { double y = 0; double r = G(a) + ([|y = a[0]|]); return r * y; }")]
        [InlineData("DIFF013", "[Differentiable] static double G(System.ReadOnlySpan<double> v) => v[0] * v[1]; [Differentiable] static double F(double[] x) { double t = 0; for (int i = 0; i < 2; i++, t += G([|x.AsSpan(1, 2)|])) { t *= x[0]; } return t; }")]
        [InlineData("DIFF013", "[Differentiable] static void S(System.Span<double> v) { v[0] *= 2; } [Differentiable] static double F(double[] x) { double r = W([|x.AsSpan(1)|]) * x[1]; return r; } [Differentiable] static double W(System.Span<double> v) { S(v); return v[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double R(System.ReadOnlySpan<double> v) => v[0] * v[0]; [Differentiable] static double W(double[] v) { v[1] *= 3; return v[0]; } [Differentiable] static double F(double[] x) { double r = W(x) + R([|x.AsSpan(1)|]); return r; }")]
        [InlineData("DIFF013", "[Differentiable] static void S(System.Span<double> v, double[] w) { v[0] *= w[0]; } [Differentiable] static double F(double[] x) { S([|x.AsSpan(1)|], x); return x[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double G(System.ReadOnlySpan<double> v) => v[0] * v[1]; [Differentiable] static double F(double[] x) { int k = 0; double r = G([|x.AsSpan(k++, 2)|]) * k; return r; }")]
        [InlineData("DIFF013", "[Differentiable] static double G(System.ReadOnlySpan<double> v) => v[0] * v[1]; [Differentiable] static double F(double[] x) { int k = 0; double r = x[k++] * G([|x.AsSpan(k, 2)|]); return r; }")]
        [InlineData("DIFF005", "static int[] _table = new int[4]; [Differentiable] static double F(double x) { [|_table[0]|] = 1; return x; }")]
        // A local jagged array or matrix holds constants the method may write only where it made the storage itself:
        // a row that is a field's array, or a local given a parameter's, is state outside the method.
        [InlineData("DIFF005", "static double[] _row = new double[2]; [Differentiable] static double F(double x) { var l = new double[1][]; l[0] = _row; [|l[0][1]|] = 2.0; return x * l[0][1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[][] rows = new double[2][]; rows[0] = new double[2]; [|rows[0][0]|] = x[0]; return x[1]; }")]
        [InlineData("DIFF013", "static readonly double[] Table = { 1.0, 2.0 }; [Differentiable] static double F(double x) { double[] [|c = Table|]; c[0] = x; return c[0] * c[1]; }")]
        [InlineData("DIFF005", "static double[][] _rows = { new double[2] }; [Differentiable] static double F(double x) { var l = _rows; [|l[0][1]|] = 2.0; return x * l[0][1]; }")]
        [InlineData("DIFF005", "[Differentiable] static double F(double x, [NoDiff] double[][] m) { var l = m; [|l[0][0]|] = 2.0; return x * l[0][0]; }")]
        [InlineData("DIFF005", "static double[] _row = new double[2]; [Differentiable] static double F(double x) { var l = new double[1][]; l[0] = new double[2]; var m = l; m[0] = _row; [|l[0][1]|] = 2.0; return x * l[0][1]; }")]
        [InlineData("DIFF005", "static double[] _row = new double[2]; static void Put(double[][] t) { t[0] = _row; } [Differentiable] static double F(double x) { var l = new double[1][]; Put(l); [|l[0][1]|] = 2.0; return x * l[0][1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, [NoDiff] double[,] m) { var l = m; [|l[0, 0]|] = 2.0; return x * l[0, 0]; }")]
        [InlineData("DIFF013", "static (double, double) Pair(double v) => (v, v * v); [Differentiable] static double F(double x) { var (a, b) = [|Pair(x)|]; return a * b; }")]
        [InlineData("DIFF013", "static (double, int) Pair(double v) => (v, 1); [Differentiable] static double F(double x) { double a = 0; int n; (a, n) = [|Pair(x)|]; return a * x * n; }")]
        [InlineData("DIFF002", "[Differentiable] static double F(double x) { L: x = x * 2; [|goto|] L; }")]
        [InlineData("DIFF003", "[Differentiable] static double F(double x) { Func<double> f = [|() => x * 2|]; return x; }")]
        [InlineData("DIFF003", "[Differentiable] static double F(double x) { if (x > 0) { double [|G|](double y) => y; } return x; }")]
        // A local function is differentiated where it is called only when it returns one expression, with arguments that only compute values.
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double G(double y) { double s = 0; for (int i = 0; i < 3; i++) { s += y * i; } return s; } return [|G(x)|]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double G(double y) { if (y > 1) { y = 1; } return y * y; } return [|G(x)|]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double G(double y) { double t = y * y; t += 1; return t; } return [|G(x)|]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double G(double y) => y > 1 ? [|G(y / 2)|] : y; return G(x); }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] a) { double G(double y) => y * y; int k = 0; double s = [|G(a[k++])|]; return s + k; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] a) { double G(double[] v) => v[0] * v[1]; return [|G(a)|]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double t = 0; double G(double y) => t = y * y; return [|G(x)|]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, [NoDiff] System.Random r) { double G(double y) => y * y; return [|G(x * r.NextDouble())|]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, bool c) { double G(double v) => v * v + v * 0.5 + v; return c ? G([|G(G(G(G(G(G(x))))))|]) : x; }")]
        // A local function that reads a differentiable value it captures is no constant, whatever its arguments.
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double G(double v) => v * x[0] + x[1]; int k = 1; double s = [|G(k++)|] * x[2]; return s + k; }")]
        [InlineData("DIFF013", "static int P => 2; [Differentiable] static double F(double[] x) { double At(int i) => x[i] * x[i]; return [|At(P)|]; }")]
        // An effect inside a value, read again elsewhere in the statement: the generated code computes parts of the value first.
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { int k = 1; double s = [|k++|] + Math.Sin(k * x[0] + x[1]); return s * x[2]; }")]
        [InlineData("DIFF013", "static int Bump(int[] w) { w[0]++; return 0; } [Differentiable] static double F(double[] x, [NoDiff] int[] w) { double s = [|Bump(w)|] + w[0] * x[0] * x[1]; return s * x[2]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, [NoDiff] int[] c) => [|c[0]++ * 0|] + c[0] * x[0];")]
        [InlineData("DIFF001", "static void Twice([NoDiff] double[] a) { for (int i = 0; i < a.Length; i++) a[i] *= 2; } [Differentiable] static double F(double[] x) { Twice([|x|]); return x[0]; }")]
        [InlineData("DIFF013", "static double s_gain = 1; static double Stepped { get { s_gain *= 2; return s_gain; } } [Differentiable] static double F(double x) => x * s_gain + x * [|Stepped|];")]
        [InlineData("DIFF013", "sealed class Cur { public double Gain = 1; public double NextGain { get { Gain *= 2; return Gain; } } } [Differentiable] static double F(double[] x, [NoDiff] Cur c) => x[0] * c.Gain + x[1] * [|c.NextGain|];")]
        [InlineData("DIFF013", "sealed class Cur { public double Gain = 1; public double NextGain { get { Gain *= 2; return Gain; } } } [Differentiable] static double F(double[] x, [NoDiff] Cur c) { double s = 0; for (int i = 0; i < 2; i++) s += x[i] > 0 ? x[i] * [|c.NextGain|] : x[i]; return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { int k = 1; double s = [|(int.TryParse(\"3\", out k) ? 1 : 0)|] + x[0] * k; return s * x[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { int k = 1; int Bk() { k += 1; return 0; } double s = [|Bk()|] + Math.Sin(k * x[0]); return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) => (double)[|(decimal)x[0]|] * x[1];")]
        [InlineData("DIFF013", "public sealed class Ctr { public int N; public double NextD() { N++; return 0.5 * N; } } [Differentiable] static double F(double[] x, [NoDiff] Ctr c) { double s = x[1] * c.N + x[0] * [|c.NextD()|]; return s * x[2]; }")]
        [InlineData("DIFF013", "public static class Glob { public static double Gain = 1; public static void Twice() => Gain *= 2; } [Differentiable] static double Noisy(double v) { Glob.Twice(); return v * v; } [Differentiable] static double F(double[] x) => x[0] * Glob.Gain + [|Noisy(x[1])|];")]
        [InlineData("DIFF013", "public static class Glob { public static double Gain = 1; public static double Tick() { Gain *= 2; return 1.5; } } [Differentiable] static double F(double[] x) => x[0] * Glob.Gain + x[1] * [|Glob.Tick()|];")]
        [InlineData("DIFF013", "public sealed class Cur { public double Gain = 1; public double GetGain() => Gain; } [Differentiable] static double Grow(double v, [NoDiff] Cur c) { c.Gain *= 2; return v * v; } [Differentiable] static double F(double[] x, [NoDiff] Cur c) => x[0] * c.GetGain() + [|Grow(x[1], c)|];")]
        [InlineData("DIFF013", "public sealed class Cur { public double Gain = 1; } [Differentiable] static double Grow(double v, [NoDiff] Cur c) { c.Gain *= 2; return v * v; } [Differentiable] static double F(double[] x, [NoDiff] Cur c, [NoDiff] Cur d) => x[0] * c.Gain + [|Grow(x[1], d)|];")]
        [InlineData("DIFF013", "public static class Glob { public static double Gain = 1; public static void Twice() => Gain *= 2; } [Differentiable] static double Noisy(double v) { Glob.Twice(); return v * v; } [Differentiable] static double F(double[] x) => [|Noisy(x[1])|] * (Glob.Gain > 1.5 ? 1.0 : 2.0);")]
        [InlineData("DIFF013", "public sealed class Pm { public int[] Order = { 0, 1, 2 }; } [Differentiable] static double AliasOrder(double v, [NoDiff] Pm p) { int[] a = p.Order; a[1] = 2; return v * v; } [Differentiable] static double F(double[] x, [NoDiff] Pm p) => x[p.Order[1]] * x[2] + [|AliasOrder(x[0], p)|];")]
        [InlineData("DIFF013", "public sealed class Cur { public double Gain = 1; public void Grow() => Gain *= 2; } [Differentiable] static void Spread(double[] w, double[] o, [NoDiff] Cur c) { for (int i = 0; i < w.Length; i++) o[i] = w[i] * c.Gain; } [Differentiable] static double F(double[] w, [NoDiff] Cur c) { var o = new double[2]; [|Spread(w, o, c)|]; c.Grow(); return o[0] * o[1]; }")]
        [InlineData("DIFF013", "static double Bump(double[] w) { w[0] += 1; return 0.5; } [Differentiable] static double F(double[] x) { double[] w = { 1.0 }; double s = w[0] * x[0] + [|Bump(w)|]; return s * x[1] * w[0]; }")]
        // A local function's writes of the method's float and double variables are not followed; nor is one made a delegate.
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double acc = 0; void Add() { acc += x[0]; } [|Add()|]; return acc * x[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double acc = 0; bool Upd() { acc = x[0] * 2; return true; } if ([|Upd()|]) return acc * x[1]; return 0; }")]
        [InlineData("DIFF003", "[Differentiable] static double F(double[] x) { double S() => x[0] * x[1]; Func<double> f = [|S|]; return f() * x[2]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { (double, double) P() => (x[0], x[1]); var (a, b) = [|P()|]; return a * b; }")]
        [InlineData("DIFF013", "public static class Hx { public static double Bump(double[] w) { w[0] += 1; return 0; } } [Differentiable] static double F(double[] x) { double[] w = { 1.0 }; [|ArgumentOutOfRangeException.ThrowIfNegative(Hx.Bump(w))|]; return x[0] * w[0]; }")]
        [InlineData("DIFF004", "[Differentiable] static async System.Threading.Tasks.Task<double> [|F|](double x) { await System.Threading.Tasks.Task.Yield(); return x; }")]
        [InlineData("DIFF005", "static double _last; [Differentiable] static double F(double x) { [|_last|] = x; return x; }")]
        // A field of a struct the method holds itself is not outside it, but is not followed either.
        [InlineData("DIFF013", "public struct Pair { public double A, B; } [Differentiable] static double F(double x, double y) { Pair p; [|p.A|] = x * y; p.B = x; return p.A + p.B; }")]
        [InlineData("DIFF013", "public struct Pair { public double A, B; } [Differentiable] static double F(double x, Pair p) { [|p.A|] += x; return p.A * x; }")]
        // A differentiable value stored by an initializer into an object or a collection.
        [InlineData("DIFF013", "public sealed class Q { public double V; } [Differentiable] static double F(double[] x, [NoDiff] Q q) { var p = new Q { V = [|x[1]|] }; return x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double S([NoDiff] Dictionary<string, double> v, double y) => v[\"a\"] * y; [Differentiable] static double F(double[] x) { double a = x[0]; return S(new Dictionary<string, double> { [\"a\"] = [|a|] }, 1.0); }")]
        [InlineData("DIFF006", "[Differentiable] static double F(ref double [|x|]) => x * x;")]
        [InlineData("DIFF006", "[Differentiable] static double F(ref readonly double [|x|]) => x * x;")]
        [InlineData("DIFF006", "[Differentiable] static double F(double x, in double[] [|a|]) => x * a[0];")]
        [InlineData("DIFF007", "[Differentiable] static [|int|] F(double x) => (int)x;")]
        [InlineData("DIFF010", "[Differentiable] static double [|F|]<T>(double x) => x;")]
        [InlineData("DIFF012", "[Differentiable] static unsafe double [|F|](double x) => x;")]
        [InlineData("DIFF013", "[Differentiable] static double G(double[] u, double p) { u[0] = u[0] * p; return u[0]; } [Differentiable] static double F(double[] u, double p) { double s = 0; while ([|G(u, p)|] > 1.0) { s += u[0]; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { var c = new System.Numerics.Complex(x, 0); return [|c.Real|]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) => x is double [|d|] ? d : 0;")]
        // `??` over a constant double? is a constant; one that selects a differentiable value is refused, with a conditional as the way out.
        [InlineData("DIFF013", "[Differentiable] static double F(double x, double? o) => x * ([|o ?? x|]);")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { var (lo, hi) = [|x[0] < x[1] ? (x[0], x[1]) : (x[1], x[0])|]; return lo * hi; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { System.ReadOnlySpan<double> v = x; [|x[0]|] = 3 * x[1]; return v[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { System.ReadOnlySpan<double> v = x; double s = 0; for (int i = 0; i < 2; i++) { s += v[i]; [|x[i + 1]|] *= 2; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static void S(double[] v) { v[0] *= 2; } [Differentiable] static double F(double[] x) { var v = x.AsSpan(1); S([|x|]); return v[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { System.Span<double> v = x.AsSpan(1); [|v[0]|] = 2 * x[0]; return v[0] * x[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { System.ReadOnlySpan<double> v = x; System.ReadOnlySpan<double> w = v.Slice(1); [|x[1]|] = x[0] * x[0]; return w[0] * x[2]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double s = 0; for (System.ReadOnlySpan<double> v = x; s < 3; s++) { s += v[0] * x[1]; [|x[0]|] = s; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double W(System.ReadOnlySpan<double> v, double[] x) { x[0] = 2; return v[0] * x[1]; } [Differentiable] static double F(double[] x) { System.ReadOnlySpan<double> v = x; return W(v, [|x|]); }")]
        [InlineData("DIFF013", "static partial class Array { [Differentiable] public static void Copy(double[] d, double v) { d[0] = v; } } [Differentiable] static double F(double[] x) { System.ReadOnlySpan<double> v = x; Array.Copy([|x|], 2.0); return v[0] * x[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double S(System.ReadOnlySpan<double> v) => v.Length == 0 ? 0 : v[0] * v[0] + S([|v.Slice(1)|]);")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { System.ReadOnlySpan<double> v = x; return [|v.IsEmpty|] ? 0 : v[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { System.Span<double> t = stackalloc double[2]; t[0] = x[0]; return [|t[1..]|][0] * t[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { System.ReadOnlySpan<double> v = x; return x[0] * System.MemoryExtensions.IndexOf([|v|], 1.0); }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { [|ref double|] r = ref x[0]; return r; }")]
        [InlineData("DIFF002", "[Differentiable] static double F(double x, System.Collections.Generic.List<double> list) { double s = 0; foreach (double w in [|list|]) s += w * x; return s; }")]
        [InlineData("DIFF002", "[Differentiable] static double F(double[] x) { var l = new System.Collections.Generic.List<int> { 0 }; double s = 0; foreach (int i in [|l|]) s += x[i]; l.Add(1); return s; }")]
        [InlineData("DIFF002", "[Differentiable] static double F(double[] x) { System.Collections.Generic.IReadOnlyList<double> w = x; double s = 0; foreach (double v in [|w|]) s += v * v; return s; }")]
        [InlineData("DIFF002", "[Differentiable] static double F(double[] x) { var pairs = new (double, int)[] { (x[0], 1) }; double s = 0; [|foreach|] (var (w, k) in pairs) s += w * x[k]; return s; }")]
        [InlineData("DIFF002", "[Differentiable] static double F(double x, double y) { var l = new System.Collections.Generic.List<double> { x, y }; double s = 0; foreach (var v in [|l|]) s += v * v; return s; }")]
        [InlineData("DIFF002", "[Differentiable] static double F(double[] x) { System.Collections.Generic.List<double> l = [.. x]; double s = 0; foreach (var v in [|l|]) s += v * v; return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { bool Look(int i, out double w) { w = x[i] * 2; return true; } Look(1, out double [|w|]); return w * x[0]; }")]
        [InlineData("DIFF013", "static int Argmin(double[] a, out double m) { m = a[0]; return 0; } [Differentiable] static double F(double[] x) { int k = Argmin([|x|], out double m); return m * x[k]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, [NoDiff] System.Collections.Generic.Dictionary<int, double> d) { double w = x[0]; d.TryGetValue(2, out [|w|]); return w * x[1] + x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, [NoDiff] System.Collections.Generic.Dictionary<int, double> d) { d.TryGetValue(1, out double [|w|]); w = x[0] * w; return w; }")]
        [InlineData("DIFF003", "[Differentiable] static double F(double[] x) { double a = x[0] * 3, s = System.Linq.Enumerable.Sum(x, [|v => v * a|]); return s + a; }")]
        [InlineData("DIFF002", "[Differentiable] static double F(double[] x, [NoDiff] System.Collections.Generic.List<double> w, [NoDiff] System.Random r) { double s = 0; foreach (double c in [|w|]) s += c * x[0] * r.NextDouble(); return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] w = new double[2]; w[0] = x[0]; w[1] = x[1]; int G() => w[1] > 4 ? 0 : 1; double s = ([|w[G()] *= 2|]) + 1; return s * w[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] w = new double[2]; double y = 1; int G() => y > 4 ? 0 : 1; [|w[G()]|] = y = x[0] * 2; return w[0] + w[1] * y; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, double y) { double s = y + ([|x = y = 2 * x|]); return s * x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, int i) { double s = x[0] + ([|x[i] *= 2|]); return s; }")]
        [InlineData("DIFF006", "[Differentiable] static double F(double x, out double [|y|]) { y = x; return x * x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] a, double x) { double[] b = a; [|b[0]|] = x; return a[0] * x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] a, double x) { double[] b = a; [|a[0]|] = x; return b[0] * x; }")]
        // Two local arrays may be swapped (an element swap) only where both are the method's own and of one length.
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] a = new double[x.Length]; [|(a, x) = (x, a)|]; return a[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] a = new double[x.Length], b = new double[3]; [|(a, b) = (b, a)|]; return a[0] * x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, int n) { double[] a = new double[n]; n++; double[] b = new double[n]; [|(a, b) = (b, a)|]; return a[0] * x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, int n) { double[] a = new double[n]; [|a = new double[n + 1]|]; return a[0] * x[0]; }")]
        // A local array handed on by assignment ('h = nh;') only where the lengths are one, the source is declared in the
        // same block and nothing uses it after, and the target is the method's own array.
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] h = new double[2]; for (int t = 0; t < 2; t++) { double[] nh = new double[3]; nh[0] = x[0] * h[1]; [|h = nh|]; } return h[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] h = new double[2]; for (int t = 0; t < 2; t++) { double[] nh = new double[2]; nh[0] = x[0] * h[1]; [|h|] = nh; nh[1] = x[1]; } return h[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] h = new double[2]; double[] nh = new double[2]; for (int t = 0; t < 2; t++) { nh[0] = x[0] * h[1]; [|h|] = nh; } return h[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { for (int t = 0; t < 2; t++) { double[] nh = new double[x.Length]; nh[0] = x[0] * x[1]; [|x = nh|]; } return x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] h = new double[2]; for (int t = 0; t < 2; t++) { double[] nh = new double[2]; nh[0] = x[0] * h[1]; double G() => nh[0]; [|h|] = nh; } return h[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] a = new double[x.Length]; var t = a; [|a = x|]; x = t; return a[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] a = new double[x.Length], b = new double[x.Length]; double s = 0; foreach (var v in a) { s += v * x[0]; [|(a, b) = (b, a)|]; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] a = new double[x.Length]; double s = 0; foreach (var v in a) { s += v * x[0]; [|a = new double[x.Length]|]; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, [NoDiff] int[] n) { double[] a = new double[n[0]]; n[0]++; double[] b = new double[n[0]]; [|(a, b) = (b, a)|]; return a[0] * x[0]; }")]
        [InlineData("DIFF013", "static int Length = 3; [Differentiable] static double F(double[] x) { double[] a = new double[Length], b = new double[Length]; [|(a, b) = (b, a)|]; return a[0] * x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { int n = x.Length; double[] a = (double[])x.Clone(); n = 2; double[] b = new double[n]; [|(a, b) = (b, a)|]; return a[0] * x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] a = new double[2], b = new double[2]; var [|t = a|]; a = b; b = t; a[0] = x[0]; return a[0] * t[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] a = new double[2], b = new double[2], c = new double[3]; var t = a; a = b; [|b = c|]; c = t; a[0] = x[0]; return a[0] * c[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] a, double x) { double s = 0; int k = 0; while (k + 1 < a.Length) s += a[k] * a[[|k++|]] * x; return s; }")]
        [InlineData("DIFF014", "[Differentiable] static double F(double x) { double [|dX|] = x; return dX; }")]
        [InlineData("DIFF014", "[Differentiable] static double F(double x, double [|dX|]) => x * dX;")]
        [InlineData("DIFF014", "const double dX = 0.1; [Differentiable] static double F(double x) => x / [|dX|];")]
        [InlineData("DIFF014", "static double dX => 0.1; [Differentiable] static double F(double x) { double s = x * [|dX|]; return s; }")]
        [InlineData("DIFF014", "[Differentiable] static double F(double n, double [|N|]) => n * N + N;")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double d; while (([|d = x * x|]) > 4) { x = x / 2; } return d; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { double t = 1, s = 0; while (([|t = t * x|]) > 0.01) { s += t; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] a, double x) { double s = 0; for (int i = 0; i < a.Length; i++) { if (x > 0 && ([|s += a[i] * x|]) > 1) { s *= 0.5; } } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, double y) { double d; switch ([|d = x * y|]) { case > 1: return d * 2; default: return d; } }")]
        // A local of the user's class is a constant only while every value it gets reads constants.
        [InlineData("DIFF013", "public sealed class H { public double V; public H(double v) { V = v; } } [Differentiable] static double F(double[] t) { var h = new H(t[0]); return [|h.V|] * t[1]; }")]
        [InlineData("DIFF013", "public sealed class H { public double V; public H(double v) { V = v; } } [Differentiable] static double F(double x, [NoDiff] H c) { H h = c; h = new H(x); return [|h.V|] * x; }")]
        [InlineData("DIFF013", "public sealed class H { public double V; public H(double v) { V = v; } } [Differentiable] static double F(double x, [NoDiff] H c) { H h = c; H g = h; h = new H(x); g = h; return [|g.V|] * x; }")]
        [InlineData("DIFF013", "public sealed class H { public double V; public H(double v) { V = v; } } [Differentiable] static double F(double x, [NoDiff] H c) { H h = c; void Set() { h = new H(x); } Set(); return [|h.V|] * x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] a, double x) { var m = new double[2][]; m[0] = a; return [|m[0][0]|] * x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x) { var pts = new (double, double)[] { (x, 1.0) }; double s = 0; foreach (var p in pts) { s += [|p.Item1|] * x; } return s; }")]
        // An element of a constant table with an effect in its index, in a branch that may not run.
        [InlineData("DIFF013", "static readonly double[] W = { 1.0, 2.0 }; [Differentiable] static double F(double x) { double s = 0; int k = 0; for (int c = 0; c < 2; c++) { s += (c == 0 ? [|W[k++]|] * x : 1.0) * x; } return s; }")]
        // A jagged parameter not marked [NoDiff] is not differentiated: reading it is refused, not a silent zero.
        [InlineData("DIFF013", "[Differentiable] static double F(double[][] p) { return [|p[0][0]|] * p[1][0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x, float[][] p) { double s = 0; foreach (var row in [|p|]) { s += row[0] * x[0]; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, double[][] m) { var rows = m; return [|rows[0][0]|] * x; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double x, double[][] m) { return [|(m[0])[0]|] * x; }")]
        // A delegate called with a differentiable value: DIFF003, not a DIFF001 advising a derivative for Invoke.
        [InlineData("DIFF003", "[Differentiable] static double F(double x) { System.Func<double, double> sq = v => v * v; return [|sq(x)|]; }")]
        [InlineData("DIFF003", "[Differentiable] static double F(double x, [NoDiff] System.Func<double, double> f) => [|f(x * 2)|] + x;")]
        [InlineData("DIFF003", "[Differentiable] static double F(double x, [NoDiff] System.Action<double> log) { [|log(x)|]; return x * x; }")]
        [InlineData("DIFF002", "static readonly (double, (double, double))[] P = { (1.0, (2.0, 3.0)) }; [Differentiable] static double F(double x) { double s = 0; [|foreach|] (var (a, (b, c)) in P) { s += a * x + b * c; } return s; }")]
        // An effect in a constant table's index while a local function the statement calls reads what it changes.
        [InlineData("DIFF013", "static readonly double[] W = { 1.0, 2.0, 3.0 }; [Differentiable] static double F(double x) { int k = 0; int Cur() => k; double s = 0; while (k < 2) { s += x * Cur() + [|W[k++]|] * x * x; } return s; }")]
        // A length local whose name is declared again elsewhere (here by a deconstruction) is not taken for the other's.
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] a = (double[])x.Clone(); if (x.Length > 3) { var (n, m) = (x.Length - 1, 0); a[0] += n + m; } { int n = x.Length; double[] b = new double[n]; [|(a, b) = (b, a)|]; } return a[0] * x[0]; }")]
        // A differentiable buffer given to another array variable by a deconstruction.
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { var (p, q) = ([|x|], x); return p[1] * q[0] * x[2]; }")]
        // A differentiable buffer given to a [NoDiff] parameter the callee writes.
        [InlineData("DIFF013", "[Differentiable] static double Stash(double[] x, [NoDiff] double[] work) { double s = 0; for (int i = 0; i < x.Length; i++) { work[i] = x[i] * x[i]; s += work[i]; } return s; } [Differentiable] static double F(double[] x) { var w = new double[x.Length]; double s = Stash(x, [|w|]); return s + w[0] * w[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double Keep(double[] x, [NoDiff] double[] w) { var t = new double[x.Length]; x.CopyTo(t, 0); for (int i = 0; i < t.Length; i++) w[i] = t[i]; return x[0]; } [Differentiable] static double G(double[] x) { var w = new double[x.Length]; double s = Keep(x, [|w|]); return s + w[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double Keep(double[] x, [NoDiff] double[] w) { w[0] = x[0] * x[1]; return x[0]; } [Differentiable] static double G(double[] x, bool flag) { var w = new double[2]; var v = new double[2]; double s = Keep(x, [|flag ? w : v|]); return s + w[0] + v[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static double Keep(double[] x, [NoDiff] double[] w) { w[0] = x[0] * x[1]; return x[0]; } [Differentiable] static double Later(double[] x, [NoDiff] double[] w) { double a = w[0] * x[0]; w[0] = x[1]; return a + w[0]; } [Differentiable] static double G(double[] x) { var w = new double[2]; double s = Keep(x, [|w|]); return s + Later(x, w); }")]
        [InlineData("DIFF013", "static void Put(double[] d, double v) => d[0] = v; [Differentiable] static double Through(double a, [NoDiff] double[] work) { Put(work, a * a); return a; } [Differentiable] static double F(double x) { var w = new double[1]; double s = Through(x, [|w|]); return s * w[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static void Square(double[] x, [NoDiff] Span<double> work) { double t = x[0]; for (int i = 0; i < work.Length; i++) work[i] = t * t; } [Differentiable] static double Sum(double[] v) => v[0] + v[1]; [Differentiable] static double F(double[] x, [NoDiff] double[] w) { Square(x, [|w.AsSpan(1)|]); return x[0] + Sum(w); }")]
        [InlineData("DIFF013", "[Differentiable] static void Damp([NoDiff] double[] w, double[] c) { for (int i = 0; i < c.Length; i++) { w[i] = 0.5; c[i] = c[i] * 2; } } [Differentiable] static double F(double[] x) { double[] u = new double[2]; u[0] = x[0] * 2; double[] c = new double[2]; [|Damp(u, c)|]; return u[0] * x[0] + c[0]; }")]
        // One buffer given twice to a helper that writes one of the two (two views it only reads are fine).
        [InlineData("DIFF013", "[Differentiable] static void Mul(double[] a, double[] b, double[] c) { for (int i = 0; i < c.Length; i++) c[i] = a[i] * b[i]; } [Differentiable] static double F(double[] x) { Mul([|x[0..2]|], x[2..4], x); return x[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static void Mul(double[] a, double[] b, double[] c) { for (int i = 0; i < c.Length; i++) c[i] = a[i] * b[i]; } [Differentiable] static double F(double[] x) { Mul(x, x, [|x|]); return x[0]; }")]
        // The rows of a jagged local given differentiable values (DiffTests.jl's nested_array_mul), read by foreach.
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[][] a = { new[] { x[1], x[2] } }; double s = 0; foreach (var row in [|a|]) { foreach (var v in row) { s += x[0] * v; } } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { var a = new[] { x, x }; double s = 0; foreach (var r in [|a|]) { s += r[0]; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[][] a = [[x[1], x[2]]]; double s = x[0]; foreach (var r in [|a|]) { s += r[1]; } return s; }")]
        // A differentiable value stored into a container DiffGen does not follow would read back as a constant.
        [InlineData("DIFF013", "[Differentiable] static double F(double[] theta, [NoDiff] double[][] m) { m[0] = [|theta|]; return m[0][0] * theta[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] theta, double[][] m) { m[0] = [|theta|]; return m[0][0] * theta[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] theta, [NoDiff] double[][] m) { m[1] = [|new[] { theta[0] * 2 }|]; return m[1][0] * theta[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] theta, [NoDiff] double[][] m) { var rows = m; rows[0] = [|theta|]; return m[0][0] * theta[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] theta, [NoDiff] double[][] m) { (m[0], m[1]) = ([|theta|], m[0]); return m[0][0] * theta[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] theta, [NoDiff] double[][] m) { int k = 0; if ((m[0] = [|theta|]) != null) { k = 1; } return m[0][0] * theta[1] + k; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] theta, [NoDiff] double[][] m) { foreach (var row in m) { row[0] = [|theta[0]|]; } return m[0][0] * theta[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] theta, [NoDiff] double[][] m) { foreach (var row in m) { row[0] += [|theta[0]|]; } return m[0][0] * theta[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] theta, [NoDiff] object[] m) { m[0] = [|theta[0]|]; return theta[1]; }")]
        [InlineData("DIFF013", "[Differentiable] static void Res(System.ReadOnlySpan<double> p, [NoDiff] System.ReadOnlySpan<double> f, System.Span<double> e) { e[0] = p[0] * p[1] - f[0]; } [Differentiable] static double F(double[] p, [NoDiff] System.ReadOnlySpan<double> w) { double s = 0; var e = new double[1]; for (int o = 0; o < 3; o++) { [|Res(p, w.Slice(2 * o, 2), e)|]; s += e[0] * e[0]; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static void L(System.ReadOnlySpan<double> x, System.Span<double> y) { y[0] = x[0] * x[1]; } [Differentiable] static double F(double[] h) { L([|h.AsSpan(0, 2)|], h); return h[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static void W(System.ReadOnlySpan<double> x, [NoDiff] System.ReadOnlySpan<double> f, System.Span<double> y) { y[0] = x[0] * f[0]; y[1] = f[0]; } [Differentiable] static double F(double[] p) { var h = new double[4]; h[0] = p[0]; h[1] = p[1]; W(h.AsSpan(0, 2), h.AsSpan(1, 2), [|h.AsSpan(2, 2)|]); return h[2] * h[3]; }")]
        [InlineData("DIFF013", "[Differentiable] static void H(System.ReadOnlySpan<double> p, [NoDiff] System.ReadOnlySpan<double> a, [NoDiff] System.Span<double> b, System.Span<double> e) { b[0] = a[1] * 2; e[0] = p[0] * a[0] * b[0]; } [Differentiable] static double F(double[] p, [NoDiff] double[] w) { var e = new double[1]; H(p, w.AsSpan(1, 2), [|w.AsSpan(0, 2)|], e); return e[0]; }")]
        [InlineData("DIFF013", "[Differentiable] static void Refill([NoDiff] double[] w, [NoDiff] double v) { for (int i = 0; i < w.Length; i++) w[i] = v * (i + 1); } [Differentiable] static double F(double[] x) { var w = new double[2]; double s = 0; for (int i = 0; i < 3; i++) { [|Refill(w, i)|]; s += w[1] * x[0] * x[1]; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double RefillSum([NoDiff] double[] w, int n) { for (int i = 0; i < w.Length; i++) w[i] = n * (i + 1); return w[0]; } [Differentiable] static double F(double[] x) { var w = new double[2]; double s = 0; for (int i = 0; i < 3; i++) { s += [|RefillSum(w, i + 1)|] * x[1] + w[0] * x[0]; } return s; }")]
        [InlineData("DIFF013", "[Differentiable] static double F(double[] x) { double[] p = new double[1]; p[0] = x[0]; [|System.Array.Resize(ref p, 2)|]; p[1] = x[0]; return p[0] * p[1]; }")]
        [InlineData("DIFF013", "public partial struct P { public double X; public P(double x) { X = x; } [Differentiable] public double Dot(double a) => X * a; } [Differentiable] static double F(double[] x, [NoDiff] object o) { if (o is P p) return [|p|].Dot(x[0]); return x[0]; }")]
        [InlineData("DIFF013", "public partial struct P { public double X; public P(double x) { X = x; } [Differentiable] public double Dot(double a) => X * a; } [Differentiable] static double F(double i) => [|new P(3 * i)|].Dot(i);")]
        [InlineData("DIFF013", "public partial struct P { public double X; public P(double x) { X = x; } [Differentiable] public double Dot(double a) => X * a; } [Differentiable] static double F(double i) { var p = new P(3 * i); return [|p|].Dot(i); }")]
        [InlineData("DIFF013", "public partial struct P { public double X; public P(double x) { X = x; } [Differentiable] public double Dot(double a) => X * a; } [Differentiable] static double F(double i) { var ps = new[] { new P(i) }; return [|ps[0]|].Dot(1.0); }")]
        [InlineData("DIFF013", "public partial struct P { public double X; public P(double x) { X = x; } [Differentiable] public double Dot(double a) => X * a; } [Differentiable] static double H(P p, double a) => p.Dot(a); [Differentiable] static double F(double i) { var p = new P(i * i); return H([|p|], i); }")]
        [InlineData("DIFF013", "[Differentiable] static double H(System.Collections.Generic.IEnumerable<double> v, double a) => a; [Differentiable] static double F(double[] x) => H([|x|], x[0]);")]
        [InlineData("DIFF013", "[Differentiable] static void H(System.ReadOnlySpan<double> p, [NoDiff] System.ReadOnlySpan<double> a, [NoDiff] System.Span<double> b, System.Span<double> e) { b[0] = a[1] * 2; e[0] = p[0] * a[0] * b[0]; } [Differentiable] static double F(double[] p, [NoDiff] double[] w, bool c) { var e = new double[1]; H(p, (System.ReadOnlySpan<double>)w.AsSpan(1, 2), [|new System.Span<double>(c ? w : p, 0, 2)|], e); return e[0]; }")]
        public void Reports_error_at_the_offending_code(string id, string member) =>
            AssertErrorAt(id, Usings + "static partial class C { " + member + " }");

        /// <summary>
        /// A member the type already declares with a generated companion's name and parameters (or with its name, if it is
        /// not a method) is DIFF020 at the method, with no companion and no stand-in written: either would not compile.
        /// </summary>
        [Theory]
        [InlineData("public static double ClashGradient(double[] x, double[] dX) => 0; [Differentiable] public static double [|Clash|](double[] x) => x[0] * x[1];", "ClashGradient(double[] x, double[] dX)")]
        [InlineData("public static void ClashPullback(double[] x, double[] dX) { } [Differentiable] public static double [|Clash|](double[] x) => x[0] * x[1];", "ClashPullback(double[] x, double[] dX)")]
        [InlineData("public static double ClashTangent(double x, double tX, out double r) { r = 0; return 0; } [Differentiable] public static double [|Clash|](double x) => x * x;", "ClashTangent(double x, double tX, out double tResult)")]
        [InlineData("public static double ClashGradient(double x, ref double d) => d = 0; [Differentiable] public static double [|Clash|](double x) => x * x;", "ClashGradient(double x, ref double dX)")]
        [InlineData("public static int ClashHessianVector; [Differentiable] public static double [|Clash|](double x) => x * x;", "ClashHessianVector(")]
        [InlineData("public sealed class ClashTangent { } [Differentiable] public static double [|Clash|](double x) => x * x;", "ClashTangent(")]
        [InlineData("public static double ClashTangentLanes<T>(double x, T tX, out T tResult) where T : unmanaged { tResult = tX; return x; } [Differentiable] public static double [|Clash|](double x) => x * x;", "ClashTangentLanes<__TLanes>(")]
        [InlineData("public static void ClashPullbackLanes<T>(double[] x, double[] y, T[] dx, T[] dy) { } [Differentiable] public static void [|Clash|](double[] x, double[] y) { for (int i = 0; i < y.Length; i++) y[i] = x[i] * x[i]; }", "ClashPullbackLanes<__TLanes>(")]
        [InlineData("public static void ClashJacobian<T>(double[] x, double[] y, Span<double> j) { } [Differentiable] public static void [|Clash|](double[] x, double[] y) { for (int i = 0; i < y.Length; i++) y[i] = x[i] * x[i]; }", "ClashJacobian<__TLanes>(")]
        [InlineData("public static double ClashTangentLanes<T>(double[] x, T[] t, out T r) { r = default; return 0; } [Differentiable] public static double [|Clash|](double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * x[i]; return s; }", "ClashTangentLanes<__TLanes>(")]
        [InlineData("public static double ClashGradient(double x, dynamic o, ref double dx) => 0; [Differentiable] public static double [|Clash|](double x, [NoDiff] object o) => x * x;", "ClashGradient(")]
        [InlineData("public static double ClashGradient(double x, (int, int) t, ref double dx) => 0; [Differentiable] public static double [|Clash|](double x, [NoDiff] (int a, int b) t) => x * x * t.a;", "ClashGradient(")]
        [InlineData("public static Tensor ClashGradient(Tensor x, Tensor dX) => x; [Differentiable] public static Tensor [|Clash|](Tensor x) => (x * x).Sum();", "ClashGradient(Diff.Tensor x, Diff.Tensor? dX)")]
        [InlineData("public static Tensor ClashTangent(Tensor x, Tensor tX, out Tensor tResult) { tResult = tX; return x; } [Differentiable] public static Tensor [|Clash|](Tensor x) => (x * x).Sum();", "ClashTangent(")]
        public void A_member_taking_a_companions_signature_is_refused_at_the_method(string members, string companion)
        {
            (GeneratorHarness run, string message) = SingleErrorAt("DIFF020", Usings + "static partial class C { " + members + " }");
            Assert.True(message.Contains(companion), message);
            Assert.DoesNotContain(run.Adjoints, s => s.HintName.Contains("C.Clash"));
            Assert.DoesNotContain(run.StandIns, s => s.HintName.Contains("C.Clash"));
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        /// <summary>A generated companion called inside a [Differentiable] method is refused with a reason that says so.</summary>
        [Theory]
        [InlineData("[Differentiable] public static double G(double[] x) => x[0] * x[1]; [Differentiable] public static double F(double[] x) { var d = new double[2]; double v = [|GGradient(x, d)|]; return v * d[0]; }")]
        [InlineData("[Differentiable] public static double G(double x) => x * x; [Differentiable] public static double F(double x) { double d = 0; double v = [|GGradient(x, ref d)|]; return v * d; }")]
        [InlineData("[Differentiable] public static double G(double x) => x * x; [Differentiable] public static double F(double x) { double v = [|GTangent(x, 1.0, out double t)|]; return v * t; }")]
        [InlineData("[Differentiable] public static double G(double[] x) => x[0] * x[1]; [Differentiable] public static double F(double[] x) { var d = new double[2]; [|GGradient(x, d)|]; return d[0] * x[0]; }")]
        public void A_companion_called_in_a_differentiable_method_is_refused_as_generated_code(string members)
        {
            Assert.Contains("is a companion DiffGen generates", SingleErrorAt("DIFF013", Usings + "static partial class C { " + members + " }").Message);
        }

        /// <summary>
        /// An array expression given to an array parameter is refused with a way out that fits the parameter, a local
        /// declared first; the way out is accepted, and so is a view given to a span parameter.
        /// </summary>
        [Fact]
        public void An_array_expression_argument_is_refused_with_a_local_as_the_way_out()
        {
            const string Sum = "[Differentiable] static double Sum(double[] x) { double s = 0; foreach (var v in x) s += v; return s; } ";
            string message = SingleErrorAt("DIFF013", Usings + "static partial class C { " + Sum + "[Differentiable] static double F(double[] x, int j) => Sum([|x.AsSpan(j, 2).ToArray()|]); }").Message;
            Assert.Contains("declare the copy first ('var copy = x.AsSpan(j, 2).ToArray();')", message);
            Assert.Contains("make one call per branch", SingleErrorAt("DIFF013", Usings + "static partial class C { " + Sum + "[Differentiable] static double F(double[] x, double[] y, bool c) => Sum([|c ? x : y|]); }").Message);

            GeneratorHarness wayOut = GeneratorHarness.Run(Usings + "static partial class C { " + Sum + "[Differentiable] static double F(double[] x, int j) { var copy = x.AsSpan(j, 2).ToArray(); return Sum(copy); } }");
            Assert.DoesNotContain(wayOut.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Empty(wayOut.GeneratedCodeErrors);
            Assert.Contains(wayOut.Adjoints, s => s.HintName.Contains("C.F"));
        }

        /// <summary>A generic helper cannot be [Differentiable] (DIFF010), so DIFF001 does not offer that way out.</summary>
        [Fact]
        public void A_generic_helper_without_a_derivative_is_not_offered_the_attribute()
        {
            string message = SingleErrorAt("DIFF001", Usings + "static partial class C { static T Larger<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) >= 0 ? a : b; "
                + "[Differentiable] static double F(double x, double y) => [|Larger(x, y)|]; }").Message;
            Assert.DoesNotContain("add [Differentiable]", message);
            Assert.Contains("[DerivativeOf(", message);
        }

        /// <summary>
        /// A call of a buffer-writing [Differentiable] method that returns an int (refused itself with DIFF007) names that
        /// cause at the call, not a condition, index or bound it is not in.
        /// </summary>
        [Fact]
        public void A_call_of_a_buffer_writer_returning_an_int_names_its_return_type()
        {
            string source = Usings + "static partial class C { "
                            + "[Differentiable] static int Factor(double[] lu) { lu[0] /= lu[1]; return lu[0] > 0 ? 1 : -1; } "
                            + "[Differentiable] static double F(double[] x) { var lu = new double[2]; lu[0] = x[0]; lu[1] = x[1]; int sign = [|Factor(lu)|]; return sign * lu[0]; } }";
            (string plain, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(source);
            GeneratorHarness run = GeneratorHarness.Run(plain);
            Diagnostic atCall = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF013");
            Assert.Equal(span, atCall.Location.SourceSpan);
            string message = atCall.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("returns 'int'", message);
            Assert.Contains("DIFF007", message);
            Assert.DoesNotContain("condition", message);
            Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "DIFF007");
        }

        /// <summary>
        /// Members named like a companion with other parameters are overloads, and the method still gets its companions;
        /// so does a method whose companions' names another type uses.
        /// </summary>
        [Theory]
        [InlineData("public static double[] ClashGradient(double[] x) { var d = new double[x.Length]; ClashGradient(x, d); return d; } [Differentiable] public static double Clash(double[] x) => x[0] * x[1];")]
        [InlineData("public static double ClashGradient(float x, ref float dX) => dX = 0; [Differentiable] public static double Clash(double x) => x * x;")]
        [InlineData("public static double ClashTangent(double x, double tX) => tX; [Differentiable] public static double Clash(double x) => x * x;")]
        [InlineData("public static double ClashGradient<T>(double[] x, double[] dX) => 0; [Differentiable] public static double Clash(double[] x) => x[0] * x[1];")]
        [InlineData("public sealed class Other { public static double ClashGradient(double x, ref double dX) => 0; } [Differentiable] public static double Clash(double x) => x * x;")]
        [InlineData("public static Tensor ClashGradient(Tensor x) => x; [Differentiable] public static Tensor Clash(Tensor x) => (x * x).Sum();")]
        public void Overloads_of_a_companions_name_are_not_clashes(string members)
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { " + members + " }");
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains(run.Adjoints, s => s.HintName.Contains("C.Clash"));
            Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        /// <summary>
        /// A [Differentiable] callee that stores a buffer it is given into its own [NoDiff] jagged parameter is
        /// refused there: its caller would read the row back as a constant, since nothing says the callee wrote it.
        /// </summary>
        [Fact]
        public void A_callee_storing_its_buffer_into_a_NoDiff_jagged_parameter_is_refused_in_the_callee()
        {
            string source = Usings + "static partial class C {\n"
                            + "[Differentiable] public static double Store(double[] row, [NoDiff] double[][] m) { m[0] = [|row|]; return row[0]; }\n"
                            + "[Differentiable] public static double F(double[] theta, [NoDiff] double[][] m) { double[] l = new double[2]; l[0] = theta[0]; l[1] = theta[1]; double v = Store(l, m); return m[0][0] * theta[1] + v; }\n"
                            + "}";
            (string plain, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(source);
            GeneratorHarness run = GeneratorHarness.Run(plain);
            Diagnostic error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("DIFF013", error.Id);
            Assert.Equal(span, error.Location.SourceSpan);
            Assert.Contains("'row' into 'm[0]'", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("as a double[] parameter of its own", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains(run.StandIns, s => s.HintName.Contains("C.Store"));
            Assert.Empty(run.GeneratedCodeErrors);
        }

        /// <summary>Constants may still be stored into a [NoDiff] jagged array, and its elements read as constants.</summary>
        [Theory]
        [InlineData("m[1] = new double[2]; m[0] = c; return theta[0] * m[0][1] + m[1][0];")]
        [InlineData("m[1] = m[(int)theta[0]]; return theta[1] * m[1][0];")]
        [InlineData("foreach (var row in m) { row[0] = 2.0; row[1] += c[0]; } return theta[0] * m[0][0];")]
        [InlineData("double s = 0; foreach (var row in m) { s += theta[0] * row[0]; } return s;")]
        public void Constants_stored_into_a_NoDiff_jagged_array_are_fine(string body)
        {
            string source = Usings + "static partial class C { [Differentiable] public static double F(double[] theta, [NoDiff] double[][] m, [NoDiff] double[] c) { " + body + " } }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.Contains(run.Adjoints, s => s.HintName.Contains("C.F"));
        }

        /// <summary>
        /// Calls given objects that hold no differentiable value, printing calls given differentiable values, and methods of
        /// the compilation that change nothing are not taken to keep a differentiable value.
        /// </summary>
        [Theory]
        [InlineData("var l = new List<Q>(); l.Add(new Q(2.0)); double c = 3; l.Add(new Q(c)); return l[0].V * x[0] + x[1];")]
        [InlineData("var l = new List<(int, int)>(); l.Add((1, x.Length)); return l[0].Item1 * x[0] + x[1];")]
        [InlineData("Console.WriteLine(\"{0} {1}\", x[0], new Q(x[1])); return x[1] * x[0];")]
        // A collection the method made itself, written and read with constants (an int list for indices, a dictionary of
        // coefficients), and a 2-D array's length.
        [InlineData("var idx = new List<int> { 0, 0 }; idx[1] = 1; return x[idx[0]] * x[idx[1]];")]
        [InlineData("var d = new Dictionary<string, double>(); d[\"a\"] = 2.0; return d[\"a\"] * x[0] + x[1];")]
        [InlineData("var l = new List<double> { 2.0 }; return l[0] * x[0] + x[1];")]
        [InlineData("var d = new Dictionary<string, int> { [\"a\"] = 0 }; return d[\"a\"] + x[0] * x[1];")]
        [InlineData("var h = new int[2, 3]; double s = 0; for (int t = 0; t < h.GetLength(0); t++) s += x[t]; return s;")]
        // Searches, comparisons, hashing and output keep nothing; neither does a helper that only prints, nor one that
        // writes integers into a buffer it is given (an index list ordered by the values).
        [InlineData("var l = new List<Q> { new Q(1.0) }; bool has = l.Contains(new Q(x[0])); int h = HashCode.Combine(x[0], 1); return x[0] * x[1] + (has ? 1 : 0) + h * 0;")]
        [InlineData("Log(\"x0\", x[0]); Log(\"q\", new Q(x[1])); return x[0] * x[1];")]
        [InlineData("int[] order = new int[x.Length]; Order(x, order); return x[order[0]] * x[1];")]
        [InlineData("var q = new Q { V = 2.0 }; return q.V * x[0] + x[1];")]
        [InlineData("var t = Tuple.Create(x[0], 1); return x[0] * x[1];")]
        // A constructor that checks its argument and keeps it in the new object only.
        [InlineData("var k = new Kept(x[1]); return x[0] * x[1];")]
        // Helpers that keep nothing of a differentiable value: index lists in spans and lists, draws from a generator,
        // output to any writer, a [NoDiff] search with an out index; and output given a double or a params list.
        [InlineData("Span<int> idx = stackalloc int[3]; ArgSort(x, idx); return x[idx[0]] * x[1];")]
        [InlineData("var active = new List<int>(); Select(x, active); return x[0] * x[1] + active.Count;")]
        [InlineData("int k = Pick(new System.Random(3), x); return x[k] * x[1];")]
        [InlineData("Report(x[0]); Console.WriteLine(x[1]); Console.WriteLine(\"{0} {1} {2}\", x[0], x[1], x[2]); return x[0] * x[1];")]
        [InlineData("Hunt(x, x[0], out int j); return x[j] * x[1];")]
        // Elements of a local array of constants swapped by a tuple assignment stay constants.
        [InlineData("var ps = new Q[2]; ps[0] = new Q(1.0); ps[1] = new Q(2.0); (ps[0], ps[1]) = (ps[1], ps[0]); return ps[0].V * x[0] * x[1];")]
        [InlineData("int n = Count(new Q(x[1])); return n * x[0] + x[1];")]
        public void Objects_of_constants_and_printed_values_are_not_refused_as_kept(string body)
        {
            string source = Usings
                            + "public sealed class Q { public double V; public Q() { } public Q(double v) { V = v; } }\n"
                            + "public sealed class Kept { public double V; public List<double> Items = new(); public Kept(double v) { ArgumentOutOfRangeException.ThrowIfNegative(v); this.V = v; this.Items.Add(v); } }\n"
                            + "public static partial class Demo { static int Count(Q q) => q.V > 0 ? 1 : 0;\n"
                            + "static void Log(string label, object v) => Console.WriteLine(label + v);\n"
                            + "static void ArgSort([NoDiff] ReadOnlySpan<double> v, Span<int> idx) { for (int i = 0; i < idx.Length; i++) idx[i] = i; if (v[1] < v[0]) (idx[0], idx[1]) = (idx[1], idx[0]); }\n"
                            + "static void Select([NoDiff] double[] v, List<int> active) { for (int i = 0; i < v.Length; i++) if (v[i] > 0) active.Add(i); }\n"
                            + "static int Pick(System.Random rng, [NoDiff] double[] w) { double u = rng.NextDouble() * w.Length; return Math.Min((int)u, w.Length - 1); }\n"
                            + "static void Report([NoDiff] double v) { Console.Error.WriteLine(v); System.Diagnostics.Trace.TraceInformation(\"v={0}\", v); }\n"
                            + "static void Hunt([NoDiff] double[] xx, [NoDiff] double v, out int j) { j = 0; while (j + 1 < xx.Length && xx[j + 1] <= v) j++; }\n"
                            + "static void Order([NoDiff] double[] v, int[] order) { for (int i = 0; i < order.Length; i++) order[i] = i; for (int i = 1; i < order.Length; i++) if (v[order[i]] < v[order[0]]) (order[0], order[i]) = (order[i], order[0]); }\n"
                            + "[Differentiable] public static double F(double[] x) { " + body + " } }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.Contains(run.Adjoints, s => s.HintName.Contains("Demo.F"));
        }

        /// <summary>The error <paramref name="id"/> is reported at the [| |] span, and nothing is generated for C.F.</summary>
        /// <summary>Runs <paramref name="markedSource"/> and returns its one error, checked to be <paramref name="id"/> at the marked span.</summary>
        private static (GeneratorHarness Run, string Message) SingleErrorAt(string id, string markedSource)
        {
            (string plain, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(markedSource);
            GeneratorHarness run = GeneratorHarness.Run(plain);
            Diagnostic error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal(id, error.Id);
            Assert.Equal(span, error.Location.SourceSpan);
            return (run, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        internal static void AssertErrorAt(string id, string markedSource)
        {
            (string source, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(markedSource);
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic[] matching = run.GeneratorDiagnostics.Where(d => d.Id == id).ToArray();
            Assert.True(matching.Length > 0, $"expected {id}; got: {string.Join("; ", run.GeneratorDiagnostics)}");
            Assert.All(matching, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
            if (span is not null)
            {
                Assert.Contains(matching, d => d.Location.SourceSpan == span.Value);
            }

            Assert.Empty(run.GeneratedCodeErrors);
            Assert.DoesNotContain(run.Adjoints, s => s.HintName.Contains("C.F"));
            if (Diagnostics.DiagnosticDescriptors.IsAboutDeclaration(id))
            {
                // No signature can be written for a refused declaration, so not even stand-ins are.
                Assert.Empty(run.StandIns);
            }
        }

        /// <summary>A lambda refused for what it captures is one error, not also one for every write inside it.</summary>
        [Fact]
        public void A_lambda_writing_differentiable_values_is_one_error()
        {
            string source = Usings + "static partial class C { [Differentiable] public static void F(double[] x, double[] y) { System.Threading.Tasks.Parallel.For(0, x.Length, i => { y[i] = x[i] * x[i]; }); } }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("DIFF003", error.Id);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void Differentiable_on_a_local_function_is_an_error_at_the_attribute()
        {
            (string source, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(Usings
                + "static partial class C { static double G(double x) { [[|Differentiable|]] static double Square(double v) => v * v; return Square(x); } }");
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic error = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("DIFF010", error.Id);
            Assert.Equal(DiagnosticSeverity.Error, error.Severity);
            Assert.Equal(span, error.Location.SourceSpan);
            Assert.Contains("local function", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void A_parameter_of_a_users_type_is_a_constant_without_NoDiff()
        {
            string source = Usings + "public sealed class Model { public double[] Scale { get; } = { 2.0, 3.0 }; }\n"
                            + "static partial class C { [Differentiable] public static double F(double[] x, Model model) => x[0] * model.Scale[0]; }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains("FGradient(double[] x, global::Model model, double[] dX)", Assert.Single(run.Sources, s => s.HintName.Contains("C.F")).Text);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Theory]
        [InlineData("HandModel model = data.Model;")]
        [InlineData("var model = data.Model;")]
        // Reassigned from another constant: each trip reads the model it had then.
        [InlineData("HandModel model = data.Model; for (int k = 0; k < 2; k++) { s += theta[1] * model.Positions[k]; model = data.Other; }")]
        [InlineData("HandFrame model = data.Frame;")]
        [InlineData("var model = data.Frame;")]
        public void A_local_of_a_users_type_given_only_constants_is_a_constant(string declaration)
        {
            string source = Usings
                            + "public sealed class HandModel { public double[] Positions; public int Count; }\n"
                            + "public struct HandFrame { public double[] Positions; public int Count; }\n"
                            + "public sealed class HandData { public HandModel Model; public HandModel Other; public HandFrame Frame; }\n"
                            + "public static partial class Demo { [Differentiable] public static double F(double[] theta, [NoDiff] HandData data) { double s = 0.0; "
                            + declaration
                            + " for (int i = 0; i < model.Count; i++) { s += theta[0] * model.Positions[i]; } return s; } }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.Contains(run.Adjoints, s => s.HintName.Contains("Demo.F"));
        }

        [Theory]
        // A [NoDiff] object passed beside an argument with side effects stays a plain name, in scope for the pullback.
        [InlineData("for (int i = 0; i < y.Length; i++) Inner(x, model, Index(i), y);", null)]
        // An object made inside the loop is out of scope where the pullback runs.
        [InlineData("for (int i = 0; i < y.Length; i++) { Model m = Pick(model, i); [|Inner(x, m, i, y)|]; }", "out of scope")]
        // An object evaluated with a side effect inside the loop would need a local there.
        [InlineData("int k = 0; for (int i = 0; i < y.Length; i++) [|Inner(x, Pick(model, k++), i, y)|];", "evaluated once")]
        // An object that changes after the call holds another value when the pullback runs.
        [InlineData("Model m = model; [|Inner(x, m, 0, y)|]; m = Pick(model, 1);", "another value")]
        public void A_constant_object_argument_the_pullback_cannot_read_again_is_refused_at_the_call(string body, string? reason)
        {
            (string source, Microsoft.CodeAnalysis.Text.TextSpan? span) = Markup.Parse(Usings + "public sealed class Model { public double[] Scale { get; } = { 2.0, 3.0 }; }\n static partial class C {"
                + " [Differentiable] public static void Inner(ReadOnlySpan<double> x, [NoDiff] Model model, int i, Span<double> y) => y[i] = x[i] * model.Scale[i];"
                + " static int Index(int i) => i; static Model Pick(Model m, int k) => m;"
                + " [Differentiable] public static void Outer(ReadOnlySpan<double> x, [NoDiff] Model model, Span<double> y) { " + body + " } }");
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Empty(run.GeneratedCodeErrors);
            if (reason is null)
            {
                Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
                return;
            }

            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF013");
            Assert.Equal(span!.Value, diagnostic.Location.SourceSpan);
            Assert.Contains(reason, diagnostic.GetMessage());
        }

        [Fact]
        public void A_temporary_read_after_a_rotation_is_told_what_a_temporary_may_do()
        {
            string source = Usings + "static partial class C { [Differentiable] static double F(double[] x) { double[] a = new double[2], b = new double[2], c = new double[2]; "
                            + "a[0] = x[0]; var t = a; a = b; b = c; c = t; return t[0] * x[1]; } }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic atTemporary = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF013" && d.Location.SourceSpan.Length == "t = a".Length);
            Assert.Contains("is taken only as the temporary of a swap or rotation: the statements right after it assign each array the next one in turn", atTemporary.GetMessage());
            Assert.Contains("(double[])a.Clone()", atTemporary.GetMessage());
        }

        [Fact]
        public void The_same_buffer_passed_twice_is_one_error_not_also_a_missing_derivative()
        {
            string source = Usings + "static partial class C { [Differentiable] public static void Into(double[] a, double s, double[] c) { for (int i = 0; i < a.Length; i++) c[i] = a[i] * s; } "
                            + "[Differentiable] static double F(double[] v, double x) { Into(v, x, v); return v[0]; } }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "DIFF013" && d.GetMessage().Contains("the same buffer is passed twice"));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "DIFF001");
        }

        [Fact]
        public void An_unchecked_block_is_named_as_written()
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { [Differentiable] static double F(double x) { unchecked { x = x * 2; } return x; } }");
            Diagnostic error = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF002");
            Assert.Contains("'unchecked'", error.GetMessage());
        }

        [Fact]
        public void A_call_on_an_object_that_reads_a_differentiable_value_is_one_error_not_also_a_draw()
        {
            string source = "using System.Linq;\n" + Usings + "static partial class C { [Differentiable] static double F(double[] x) => x.Sum() + x.Select(v => v * v).Sum(); }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.All(run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), d => Assert.Contains("through code with no derivative rule; LINQ's methods", d.GetMessage()));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.GetMessage().Contains("drawn once"));
        }

        [Theory]
        [InlineData("partial class Shape { [Differentiable] public virtual double [|Area|](double s) => s * s; }")]
        [InlineData("partial class Shape { public virtual double Area(double s) => s * s; } partial class Square : Shape { [Differentiable] public override double [|Area|](double s) => s * s; }")]
        public void A_virtual_method_or_an_override_that_can_be_overridden_is_reported_at_its_name(string types) =>
            AssertErrorAt("DIFF010", Usings + types);

        [Fact]
        public void A_method_returning_an_array_gets_DIFF007_alone()
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { [Differentiable] public static double[] Pair(double x, double y) => new[] { x * y, x + y }; }");
            Assert.Equal(new[] { "DIFF007" }, run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToArray());

            // A parameter's own error is still reported beside it.
            run = GeneratorHarness.Run(Usings + "static partial class C { [Differentiable] public static int R(double x, ref double y) => (int)(x * y); }");
            Assert.Equal(new[] { "DIFF006", "DIFF007" }, run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).OrderBy(id => id).ToArray());
        }

        [Fact]
        public void An_array_element_incremented_as_a_value_after_a_read_of_its_array_is_refused_for_what_it_is()
        {
            // C# reads t[1] before the increment; moved before the statement, the increment would come first.
            GeneratorHarness run = GeneratorHarness.Run(Usings + "static partial class C { [Differentiable] public static double G(double[] x) { double[] t = new double[2]; t[0] = x[0]; double s = t[0] * 2 + ++t[0]; return s * x[1]; } }");
            Diagnostic error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains("an array element used as a value", error.GetMessage());
        }

        [Fact]
        public void A_sealed_override_is_differentiated()
        {
            GeneratorHarness run = GeneratorHarness.Run(Usings + "partial class Shape { public virtual double Area(double s) => s * s; } partial class Square : Shape { [Differentiable] public sealed override double Area(double s) => s * s * 2; } sealed partial class Disc : Shape { [Differentiable] public override double Area(double s) => s * s * 3; }");
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal(2, run.Sources.Count(s => s.Text.Contains("AreaGradient(double s, ref double dS)")));
            Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        }

        [Fact]
        public void Method_of_a_file_local_type_is_reported_at_its_name() =>
            AssertErrorAt("DIFF010", Usings + "file static partial class F { [Differentiable] public static double [|G|](double x) => x * x; }");

        [Fact]
        public void Non_partial_type_is_reported_at_the_type_name()
        {
            (string source, var span) = Markup.Parse(Usings + "static class [|C|] { [Differentiable] static double F(double x) => x * x; }");
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF008");
            Assert.Equal(span!.Value, diagnostic.Location.SourceSpan);
            Assert.Contains("FGradient", diagnostic.GetMessage());
        }

        [Fact]
        public void Constant_result_gets_a_warning_and_still_generates()
        {
            (string source, var span) = Markup.Parse(Usings + "static partial class C { [Differentiable] static double [|F|](double x, int n) => n * 2.0; }");
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF009");
            Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
            Assert.Equal(span!.Value, diagnostic.Location.SourceSpan);
            Assert.Contains(run.Sources, s => s.HintName == "C.F.g.cs");
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void No_derivative_message_names_the_method_and_the_three_ways_out()
        {
            string source = Usings + "static class Helpers { public static double Opaque(double v) => v; }\nstatic partial class C { [Differentiable] static double F(double x) => Helpers.Opaque(x); }";
            Diagnostic diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics, d => d.Id == "DIFF001");
            string message = diagnostic.GetMessage();
            Assert.Contains("Helpers.Opaque", message);
            Assert.Contains("[NoDiff]", message);
            Assert.Contains("[Differentiable]", message);
            Assert.Contains("[DerivativeOf(typeof(Helpers), nameof(Helpers.Opaque))]", message);
            Assert.False(string.IsNullOrEmpty(diagnostic.Descriptor.HelpLinkUri));
        }

        [Theory]
        [InlineData("Math.BitIncrement(x)", "Math.BitIncrement", "adjacent representable value")]
        [InlineData("double.MaxMagnitude(x, 3)", "Double.MaxMagnitude", "depends on their signs")]
        [InlineData("MathF.ReciprocalEstimate((float)x)", "MathF.ReciprocalEstimate", "depends on the platform")]
        public void No_derivative_message_for_a_refused_math_function_gives_the_reason(string call, string name, string reason)
        {
            string source = Usings + "static partial class C { [Differentiable] static double F(double x) => 2 * " + call + "; }";
            Diagnostic diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics, d => d.Id == "DIFF001");
            string message = diagnostic.GetMessage();
            Assert.Contains("'" + name + "' has no derivative (", message);
            Assert.Contains(reason, message);
            // A library method cannot be given [Differentiable].
            Assert.DoesNotContain("add [Differentiable]", message);
            Assert.Contains("[DerivativeOf(", message);
        }

        /// <summary>A library sort of a differentiable buffer says to write the sort as a loop.</summary>
        [Theory]
        [InlineData("System.Array.Sort(a);", "Array.Sort")]
        [InlineData("a.AsSpan().Sort();", "MemoryExtensions.Sort")]
        public void A_library_sort_of_a_differentiable_buffer_says_to_write_the_sort(string sort, string name)
        {
            string source = Usings + "static partial class C { [Differentiable] static double F(double[] x) { double[] a = (double[])x.Clone(); " + sort + " return a[0] * x[1]; } }";
            Diagnostic diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("DIFF001", diagnostic.Id);
            string message = diagnostic.GetMessage();
            Assert.Contains("'" + name + "' has no derivative (it reorders the differentiable buffer", message);
            Assert.Contains("insertion sort", message);
        }

        /// <summary>SinCos read other than deconstructed gets the catalog's reason, not a general refusal.</summary>
        [Theory]
        [InlineData("Math.SinCos(x).Sin * x")]
        [InlineData("Math.SinCos(x).Item2 + x")]
        public void A_SinCos_read_through_its_tuple_says_to_deconstruct_it(string body)
        {
            string source = Usings + "static partial class C { [Differentiable] static double F(double x) => " + body + "; }";
            Diagnostic diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("DIFF001", diagnostic.Id);
            Assert.Contains("var (s, c) = Math.SinCos(x)", diagnostic.GetMessage());
        }

        /// <summary>
        /// Max and Min of an array are read as their loops, with a selector too; one in a branch of <c>?:</c>, one of a
        /// selector with the index, or one of anything but an array is refused with the loop to write, and the generated
        /// code of the others compiles.
        /// </summary>
        [Theory]
        [InlineData("(x[0] > 0 ? x.Max() : 0)")]
        [InlineData("x.Select((v, i) => v * i).Max()")]
        [InlineData("x.Where(v => v > 0).Min()")]
        public void Max_and_min_in_a_branch_or_of_anything_but_an_array_are_refused_with_the_loop(string extremum)
        {
            string source = "using System.Linq;\n" + Usings + "static partial class C { [Differentiable] static double F(double[] x) => x.Max() * x.Min(v => v * v) + " + extremum + "; "
                + "[Differentiable] static float G(float[] y) => y.Max(MathF.Abs) - Enumerable.Min(y) + y.Select(v => v * v).Max(); }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Diagnostic error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("DIFF013", error.Id);
            Assert.Contains("Sum, Average, Max and Min only of a float or double array", error.GetMessage());
            Assert.Contains("write the loop", error.GetMessage());
            Assert.Empty(run.GeneratedCodeErrors);
            Assert.Contains(run.Sources, s => s.HintName == "C.G.g.cs" && s.Text.Contains("GGradient("));
        }

        /// <summary>A lambda given to LINQ is refused with the loop to write, not a method to declare.</summary>
        [Fact]
        public void A_lambda_given_to_LINQ_is_refused_with_the_loop()
        {
            string source = Usings + "static partial class C { [Differentiable] static double F(double[] u, double[] v) => System.Linq.Enumerable.Max(System.Linq.Enumerable.Range(0, u.Length), i => u[i] * v[i]); }";
            Diagnostic diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("DIFF003", diagnostic.Id);
            Assert.Contains("write the loop", diagnostic.GetMessage());
        }

        [Fact]
        public void Double_and_float_math_methods_are_in_the_catalog()
        {
            string source = Usings + "static partial class C { [Differentiable] static double F(double x) => double.Exp(x) + double.Hypot(x, 2) + double.FusedMultiplyAdd(x, x, 1) + Math.Log(x, 3) + double.Floor(x);"
                + " [Differentiable] static float G(float x) => float.Sqrt(x) * float.Sin(x) + MathF.FusedMultiplyAdd(x, x, 1); }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.GeneratedCodeErrors);
            string f = Assert.Single(run.Sources, s => s.HintName == "C.F.g.cs").Text;
            Assert.Contains("global::System.Double.Exp(", f);
            Assert.Contains("global::System.Double.Hypot(", f);
            string g = Assert.Single(run.Sources, s => s.HintName == "C.G.g.cs").Text;
            Assert.Contains("global::System.Single.SinCos(", g);
            Assert.DoesNotContain("global::System.Math.", g);
        }

        [Fact]
        public void Calls_with_only_constant_arguments_are_fine()
        {
            string source = Usings + "static class Helpers { public static int Twice(int d) => 2 * d; public static double Scale(int d) => d * 0.5; }\n"
                + "static partial class C { [Differentiable] static double F(double x, int d) { double s = Helpers.Scale(Helpers.Twice(d)); return s * x; } }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.GeneratedCodeErrors);
        }

        [Fact]
        public void Invalid_registration_is_reported()
        {
            (string source, var span) = Markup.Parse(Usings + "static class Reg { [DerivativeOf(typeof(Math), nameof(Math.Sinh))] static double [|Wrong|](double x) => x; }");
            Diagnostic diagnostic = Assert.Single(GeneratorHarness.Run(source).GeneratorDiagnostics, d => d.Id == "DIFF011");
            Assert.Equal(span!.Value, diagnostic.Location.SourceSpan);
        }

        [Fact]
        public void Every_descriptor_has_a_documentation_page()
        {
            string root = RepositoryRoot.Find();
            foreach (DiagnosticDescriptor descriptor in Diagnostics.DiagnosticDescriptors.All)
            {
                string page = System.IO.Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md");
                Assert.True(System.IO.File.Exists(page), "missing " + page);
                Assert.EndsWith("docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
            }
        }
    }

    internal static class Markup
    {
        public static (string Source, Microsoft.CodeAnalysis.Text.TextSpan? Span) Parse(string markup)
        {
            int start = markup.IndexOf("[|", System.StringComparison.Ordinal);
            if (start < 0)
            {
                return (markup, null);
            }

            int end = markup.IndexOf("|]", start, System.StringComparison.Ordinal);
            string source = markup.Remove(end, 2).Remove(start, 2);
            return (source, new Microsoft.CodeAnalysis.Text.TextSpan(start, end - start - 2));
        }
    }

    internal static class RepositoryRoot
    {
        public static string Find()
        {
            string? directory = System.AppContext.BaseDirectory;
            while (directory is not null && !System.IO.File.Exists(System.IO.Path.Combine(directory, "DiffGen.sln")))
            {
                directory = System.IO.Path.GetDirectoryName(directory);
            }

            return directory ?? throw new System.InvalidOperationException("DiffGen.sln not found above " + System.AppContext.BaseDirectory);
        }
    }
}

namespace Diff.Generator.Tests
{
    public sealed class GeneratorReportsNothingTests
    {
        [Fact]
        public void Each_error_is_reported_once_by_the_analyzer_and_never_by_the_generator()
        {
            string source = "using Diff; static class H { public static double Opaque(double v) => v; } static partial class C { [Differentiable] static double F(double x) => H.Opaque(x); }";
            GeneratorHarness run = GeneratorHarness.Run(source);
            Xunit.Assert.Empty(run.RunResult.Diagnostics);
            Xunit.Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFF001");
        }
    }
}
