using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Diff.Generator.Model;
using Diff.Generator.Rules;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Diff.Generator.Tests
{
    /// <summary>
    /// Every entry of the derivative catalog, evaluated numerically: the rule's partials and tangent are
    /// rendered into a small program, compiled in memory and run at sample points. The tangent must
    /// agree with Σ partialᵢ · tᵢ for every subset of arguments carrying a tangent, both must agree with
    /// central finite differences away from kinks, and at kinks both must give the documented convention.
    /// </summary>
    public sealed class DerivativeCatalogTests
    {
        /// <summary>An argument template: <c>x</c> for a floating-point argument, otherwise the literal passed.</summary>
        private const string F = "x";

        /// <summary>The tangent direction used at every point (its first entries).</summary>
        private static readonly double[] Direction = { 0.7, -1.3, 0.4 };

        /// <summary>Per rule: its argument templates and sample points away from kinks and poles.</summary>
        private static readonly Dictionary<string, (string[] Args, double[][] Points)> Cases = new(StringComparer.Ordinal)
        {
            ["Sin/1"] = (new[] { F }, P1(0.3, -1.2, 2.5)),
            ["Cos/1"] = (new[] { F }, P1(0.3, -1.2, 2.5)),
            ["Tan/1"] = (new[] { F }, P1(0.3, -1.0, 1.2)),
            ["Asin/1"] = (new[] { F }, P1(0.3, -0.7, 0.9)),
            ["Acos/1"] = (new[] { F }, P1(0.3, -0.7, 0.9)),
            ["Atan/1"] = (new[] { F }, P1(0.3, -2, 5)),
            ["Atan2/2"] = (new[] { F, F }, P(new[] { 0.3, 0.8 }, new[] { -1.0, -2 }, new[] { 2, -0.5 })),
            ["SinPi/1"] = (new[] { F }, P1(0.3, -1.2, 0.7)),
            ["CosPi/1"] = (new[] { F }, P1(0.3, -1.2, 0.7)),
            ["TanPi/1"] = (new[] { F }, P1(0.1, -0.2, 0.35)),
            ["AsinPi/1"] = (new[] { F }, P1(0.3, -0.7, 0.9)),
            ["AcosPi/1"] = (new[] { F }, P1(0.3, -0.7, 0.9)),
            ["AtanPi/1"] = (new[] { F }, P1(0.3, -2, 5)),
            ["Atan2Pi/2"] = (new[] { F, F }, P(new[] { 0.3, 0.8 }, new[] { -1.0, -2 }, new[] { 2, -0.5 })),
            ["DegreesToRadians/1"] = (new[] { F }, P1(0.3, -45, 200)),
            ["RadiansToDegrees/1"] = (new[] { F }, P1(0.3, -2, 5)),
            ["Sinh/1"] = (new[] { F }, P1(0.3, -1.2, 2)),
            ["Cosh/1"] = (new[] { F }, P1(0.3, -1.2, 2)),
            ["Tanh/1"] = (new[] { F }, P1(0.3, -1.2, 2)),
            ["Asinh/1"] = (new[] { F }, P1(0.3, -2, 5)),
            ["Acosh/1"] = (new[] { F }, P1(1.5, 3, 10)),
            ["Atanh/1"] = (new[] { F }, P1(0.3, -0.7, 0.9)),
            ["Exp/1"] = (new[] { F }, P1(0.3, -1.2, 1.5)),
            ["Exp2/1"] = (new[] { F }, P1(0.3, -1.2, 1.5)),
            ["Exp10/1"] = (new[] { F }, P1(0.3, -1.2, 1.5)),
            ["ExpM1/1"] = (new[] { F }, P1(0.3, -1.2, 1.5)),
            ["Exp2M1/1"] = (new[] { F }, P1(0.3, -1.2, 1.5)),
            ["Exp10M1/1"] = (new[] { F }, P1(0.3, -1.2, 1.5)),
            ["Log/1"] = (new[] { F }, P1(0.3, 1.5, 7)),
            ["Log/2"] = (new[] { F, F }, P(new[] { 0.3, 2 }, new[] { 5.0, 10 }, new[] { 7, 0.5 })),
            ["Log10/1"] = (new[] { F }, P1(0.3, 1.5, 7)),
            ["Log2/1"] = (new[] { F }, P1(0.3, 1.5, 7)),
            ["LogP1/1"] = (new[] { F }, P1(0.3, -0.5, 7)),
            ["Log2P1/1"] = (new[] { F }, P1(0.3, -0.5, 7)),
            ["Log10P1/1"] = (new[] { F }, P1(0.3, -0.5, 7)),
            ["Sqrt/1"] = (new[] { F }, P1(0.3, 1.5, 7)),
            ["Cbrt/1"] = (new[] { F }, P1(0.3, -2, 7)),
            ["RootN/2"] = (new[] { F, "3" }, P1(0.3, 1.5, 7)),
            ["ScaleB/2"] = (new[] { F, "3" }, P1(0.3, -1.5, 7)),
            ["Pow/2"] = (new[] { F, F }, P(new[] { 0.5, 2.5 }, new[] { 1.5, -1.3 }, new[] { 3, 0.7 })),
            ["Hypot/2"] = (new[] { F, F }, P(new[] { 0.3, 0.4 }, new[] { -1.2, 2 }, new[] { 3, -0.1 })),
            ["Abs/1"] = (new[] { F }, P1(0.3, -1.2)),
            ["Max/2"] = (new[] { F, F }, P(new[] { 0.3, -1 }, new[] { -1, 0.3 })),
            ["Min/2"] = (new[] { F, F }, P(new[] { 0.3, -1 }, new[] { -1, 0.3 })),
            ["Clamp/3"] = (new[] { F, F, F }, P(new[] { 0.5, -1, 2 }, new[] { -3.0, -1, 2 }, new[] { 5.0, -1, 2 })),
            ["FusedMultiplyAdd/3"] = (new[] { F, F, F }, P(new[] { 0.3, -1.2, 2 }, new[] { 1.5, 2, -3 })),
            ["MultiplyAddEstimate/3"] = (new[] { F, F, F }, P(new[] { 0.3, -1.2, 2 }, new[] { 1.5, 2, -3 })),
            ["Lerp/3"] = (new[] { F, F, F }, P(new[] { 0.3, -1.2, 0.25 }, new[] { 1.5, 2, 1.3 })),
            ["IEEERemainder/2"] = (new[] { F, F }, P(new[] { 5.3, 2 }, new[] { -7.1, 1.5 }, new[] { 2.2, -0.9 })),
            ["Ieee754Remainder/2"] = (new[] { F, F }, P(new[] { 5.3, 2 }, new[] { -7.1, 1.5 }, new[] { 2.2, -0.9 })),
            ["CopySign/2"] = (new[] { F, F }, P(new[] { 0.3, -2 }, new[] { -1.2, 0.5 }, new[] { 1.0, 3 })),
            ["Floor/1"] = (new[] { F }, P1(0.3, -1.2, 2.7)),
            ["Ceiling/1"] = (new[] { F }, P1(0.3, -1.2, 2.7)),
            ["Truncate/1"] = (new[] { F }, P1(0.3, -1.2, 2.7)),
            ["Round/1"] = (new[] { F }, P1(0.3, -1.2, 2.7)),
            ["Round/2"] = (new[] { F, "1" }, P1(0.33, -1.27, 2.71)),
            ["Round/3"] = (new[] { F, "1", "global::System.MidpointRounding.AwayFromZero" }, P1(0.33, -1.27, 2.71)),
            ["Sign/1"] = (new[] { F }, P1(0.3, -1.2, 2.7)),
        };

        /// <summary>Kinks: rule, point, direction, and the tangent the documented convention gives there.</summary>
        private static readonly (string Rule, double[] Point, double[] Direction, double Expected)[] Kinks =
        {
            ("Abs/1", new[] { 0.0 }, new[] { 0.7 }, 0),
            ("Abs/1", new[] { 0.0 }, new[] { -0.7 }, 0),
            // A tie of Max or Min splits in half: (0.7 − 1.3) / 2 either way.
            ("Max/2", new[] { 1.0, 1.0 }, new[] { 0.7, -1.3 }, 0.5 * (0.7 + -1.3)),
            ("Max/2", new[] { 1.0, 1.0 }, new[] { -1.3, 0.7 }, 0.5 * (-1.3 + 0.7)),
            ("Min/2", new[] { 1.0, 1.0 }, new[] { 0.7, -1.3 }, 0.5 * (0.7 + -1.3)),
            ("Min/2", new[] { 1.0, 1.0 }, new[] { -1.3, 0.7 }, 0.5 * (-1.3 + 0.7)),
            ("Clamp/3", new[] { -1.0, -1.0, 2.0 }, new[] { 0.7, -1.3, 0.4 }, 0.7),
            ("Clamp/3", new[] { 2.0, -1.0, 2.0 }, new[] { 0.7, -1.3, 0.4 }, 0.7),
            ("Clamp/3", new[] { -1.5, -1.0, 2.0 }, new[] { 0.7, -1.3, 0.4 }, -1.3),
            ("Clamp/3", new[] { 2.5, -1.0, 2.0 }, new[] { 0.7, -1.3, 0.4 }, 0.4),
            ("Hypot/2", new[] { 0.0, 0.0 }, new[] { 0.7, -1.3 }, 0),
        };

        private static readonly Lazy<Probes> Compiled = new(Probes.Build);

        [Fact]
        public void Every_rule_has_test_points()
        {
            string[] missing = DerivativeTable.All.Select(r => r.Key).Where(k => !Cases.ContainsKey(k)).ToArray();
            Assert.True(missing.Length == 0, "rules without test points: " + string.Join(", ", missing));
            foreach (DerivativeRule rule in DerivativeTable.All)
            {
                Assert.Equal(rule.Arity, Cases[rule.Key].Args.Length);
            }
        }

        [Fact]
        public void Hosts_match_the_framework()
        {
            foreach (DerivativeRule rule in DerivativeTable.All)
            {
                bool onMath = Declares(typeof(Math), rule) || Declares(typeof(MathF), rule);
                bool onFloating = Declares(typeof(double), rule) && Declares(typeof(float), rule);
                Assert.True((rule.Hosts.HasFlag(MathHosts.MathClass)) == onMath, rule.Key + " on System.Math/MathF: " + onMath);
                Assert.True((rule.Hosts.HasFlag(MathHosts.FloatingType)) == onFloating, rule.Key + " on double and float: " + onFloating);
            }
        }

        [Theory]
        [InlineData("System.Math", "Exp", 1, true)]
        [InlineData("System.MathF", "Exp", 1, true)]
        [InlineData("double", "Exp", 1, true)]
        [InlineData("float", "Sqrt", 1, true)]
        [InlineData("double", "Hypot", 2, true)]
        [InlineData("double", "Exp2", 1, true)]
        [InlineData("double", "FusedMultiplyAdd", 3, true)]
        [InlineData("System.Math", "FusedMultiplyAdd", 3, true)]
        [InlineData("System.Math", "Log", 2, true)]
        [InlineData("System.Math", "Exp2", 1, false)]
        [InlineData("System.Math", "Ieee754Remainder", 2, false)]
        [InlineData("double", "IEEERemainder", 2, false)]
        [InlineData("System.Decimal", "Floor", 1, false)]
        [InlineData("System.Math", "BitIncrement", 1, false)]
        public void Find_accepts_the_math_classes_and_the_floating_types(string owner, string name, int arity, bool found) =>
            Assert.Equal(found, DerivativeTable.Find(owner, name, arity) is not null);

        [Fact]
        public void Owners_are_named_so_that_global_qualification_works()
        {
            Assert.Equal("System.Double", DerivativeTable.CanonicalOwner("double"));
            Assert.Equal("System.Single", DerivativeTable.CanonicalOwner("float"));
            Assert.Equal("System.Math", DerivativeTable.CanonicalOwner("System.Math"));
        }

        [Fact]
        public void Refused_functions_have_reasons_and_exist()
        {
            foreach (string name in new[] { "BitIncrement", "BitDecrement", "SinCos", "ReciprocalEstimate", "MaxMagnitude" })
            {
                Assert.False(string.IsNullOrEmpty(DerivativeTable.Refusal("System.Math", name, name == "MaxMagnitude" ? 2 : 1)), name);
            }

            Assert.NotNull(DerivativeTable.Refusal("double", "MaxNumber", 2));
            Assert.NotNull(DerivativeTable.RefusalForKey("System.Math.BitIncrement(double)"));
            Assert.NotNull(DerivativeTable.RefusalForKey("double.MaxMagnitude(double,double)"));
            Assert.Null(DerivativeTable.RefusalForKey("double.ScaleB(double,int)"));
            Assert.Null(DerivativeTable.RefusalForKey("System.Math.Exp(double)"));
            Assert.Null(DerivativeTable.RefusalForKey("N.Helpers.BitIncrement(double)"));
            Assert.Null(DerivativeTable.Refusal("System.Math", "Exp", 1));
        }

        [Fact]
        public void Piecewise_constant_rules_have_a_zero_tangent()
        {
            foreach (DerivativeRule rule in DerivativeTable.All.Where(r => r.IsPiecewiseConstant))
            {
                var context = Context(Enumerable.Repeat("x", rule.Arity).ToArray(), Enumerable.Repeat<string?>("t", rule.Arity).ToArray(), ScalarKind.Double);
                Assert.True(Terms.IsNumber(rule.TangentOf(context), 0), rule.Key);
            }
        }

        [Fact]
        public void A_call_without_argument_tangents_has_a_zero_tangent()
        {
            foreach (DerivativeRule rule in DerivativeTable.All)
            {
                var context = Context(Enumerable.Repeat("x", rule.Arity).ToArray(), new string?[rule.Arity], ScalarKind.Double);
                Assert.True(Terms.IsNumber(rule.TangentOf(context), 0), rule.Key);
            }
        }

        [Fact]
        public void Tangents_are_terms_printed_with_their_grouping()
        {
            DerivativeRule max = DerivativeTable.Get("Max/2");
            var a = new NameTerm("a", ScalarKind.Double);
            var b = new NameTerm("b", ScalarKind.Double);
            var sum = new NameTerm("ta", ScalarKind.Double) + 1;
            Term tangent = max.TangentOf(new TangentContext(new RuleContext(new[] { a, b }, new NameTerm("r", ScalarKind.Double), null, ScalarKind.Double), new Term?[] { sum, null }));
            Assert.Equal("(a > b ? ta + 1 : a < b ? 0 : 0.5 * (ta + 1))", TermPrinter.Print(tangent));
            Assert.Equal("c * (ta + 1)", TermPrinter.Print(new NameTerm("c", ScalarKind.Double) * sum));
            DerivativeRule fma = DerivativeTable.Get("FusedMultiplyAdd/3");
            Assert.Equal("b * ta + tc", TermPrinter.Print(fma.TangentOf(Context(new[] { "a", "b", "c" }, new[] { "ta", null, "tc" }, ScalarKind.Double))));
        }

        [Fact]
        public void Partials_are_typed_trees_not_text()
        {
            DerivativeRule asin = DerivativeTable.Get("Asin/1");
            Term partial = asin.Partials[0]!(Context(new[] { "x" }, new string?[1], ScalarKind.Float).Values);
            var quotient = Assert.IsType<BinaryTerm>(partial);
            Assert.Equal(TermOperator.Divide, quotient.Operator);
            var sqrt = Assert.IsType<MathCallTerm>(quotient.Right);
            Assert.Equal("global::System.MathF", sqrt.Owner);
            Assert.Equal(ScalarKind.Float, partial.Kind);
            Assert.Equal("1 / global::System.MathF.Sqrt(1 - x * x)", TermPrinter.Print(partial));

            // Numbers fold in the term's type, so a constant partial is never integer division.
            Term degrees = DerivativeTable.Get("DegreesToRadians/1").Partials[0]!(Context(new[] { "x" }, new string?[1], ScalarKind.Double).Values);
            Assert.Equal("global::System.Math.PI / 180", TermPrinter.Print(degrees));
            Assert.Equal("0.5", TermPrinter.Print(Terms.Divide(Terms.Number(1, ScalarKind.Double), Terms.Number(2, ScalarKind.Double))));
            Assert.Equal("0.5f", TermPrinter.Print(Terms.Divide(Terms.Number(1, ScalarKind.Float), Terms.Number(2, ScalarKind.Float))));
        }

        /// <summary>A rule context over named arguments; a null tangent name means no tangent.</summary>
        private static TangentContext Context(string[] args, string?[] tangents, ScalarKind kind) => new(
            new RuleContext(args.Select(a => (Term)new NameTerm(a, kind)).ToArray(), new NameTerm("r", kind), new NameTerm("aux", kind), kind),
            tangents.Select(t => t is null ? null : (Term?)new NameTerm(t, kind)).ToArray());

        /// <summary>The float rendering of every rule compiles (MathF templates, integer literals only).</summary>
        [Fact]
        public void Float_renderings_compile() => Assert.Empty(Compiled.Value.FloatErrors);

        [Fact]
        public void Tangent_agrees_with_partials_and_finite_differences()
        {
            Probes probes = Compiled.Value;
            var failures = new List<string>();
            foreach (DerivativeRule rule in DerivativeTable.All)
            {
                (string[] args, double[][] points) = Cases[rule.Key];
                foreach (int mask in Masks(args))
                {
                    MethodInfo eval = probes.Eval(rule, mask);
                    foreach (double[] point in points)
                    {
                        double[] t = DirectionFor(args, mask, Direction);
                        var values = (double[])eval.Invoke(null, new object[] { point, t })!;
                        double tangent = values[1], sum = values[2];
                        double fd = FiniteDifference(probes.Value(rule), point, t);
                        Expect(failures, rule, mask, point, "tangent vs Σ partial·t", sum, tangent, 1e-12);
                        Expect(failures, rule, mask, point, "tangent vs finite differences", fd, tangent, 1e-6);
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public void Kinks_follow_the_documented_conventions()
        {
            Probes probes = Compiled.Value;
            var failures = new List<string>();
            foreach ((string key, double[] point, double[] direction, double expected) in Kinks)
            {
                DerivativeRule rule = DerivativeTable.Get(key);
                (string[] args, _) = Cases[key];
                int all = (1 << args.Length) - 1;
                var values = (double[])probes.Eval(rule, all).Invoke(null, new object[] { point, direction })!;
                Expect(failures, rule, all, point, "tangent at a kink", expected, values[1], 0);
                Expect(failures, rule, all, point, "Σ partial·t at a kink", expected, values[2], 0);
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        private static void Expect(List<string> failures, DerivativeRule rule, int mask, double[] point, string what, double expected, double actual, double relTol)
        {
            double tol = relTol * (1 + Math.Max(Math.Abs(expected), Math.Abs(actual)));
            if (!(Math.Abs(expected - actual) <= tol))
            {
                failures.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} (tangents on {1}) at [{2}]: {3}: expected {4:R}, got {5:R}",
                    rule.Key,
                    Convert.ToString(mask, 2),
                    string.Join(", ", point.Select(p => p.ToString("R", CultureInfo.InvariantCulture))),
                    what,
                    expected,
                    actual));
            }
        }

        private static double FiniteDifference(MethodInfo value, double[] point, double[] direction)
        {
            double h = 1e-6 * Math.Max(1.0, point.Max(Math.Abs));
            double[] plus = point.Select((p, i) => p + h * direction[i]).ToArray();
            double[] minus = point.Select((p, i) => p - h * direction[i]).ToArray();
            return ((double)value.Invoke(null, new object[] { plus })! - (double)value.Invoke(null, new object[] { minus })!) / (2 * h);
        }

        /// <summary>Every non-empty subset of the floating-point arguments, as a bit mask.</summary>
        private static IEnumerable<int> Masks(string[] args)
        {
            int floating = 0;
            for (int i = 0; i < args.Length; i++)
            {
                floating |= args[i] == F ? 1 << i : 0;
            }

            for (int mask = 1; mask < 1 << args.Length; mask++)
            {
                if ((mask & ~floating) == 0)
                {
                    yield return mask;
                }
            }
        }

        private static double[] DirectionFor(string[] args, int mask, double[] direction) =>
            args.Select((_, i) => (mask & (1 << i)) != 0 ? direction[i] : 0).ToArray();

        private static bool Declares(Type type, DerivativeRule rule) =>
            type.GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.Name == rule.Name && m.GetParameters().Length == rule.Arity);

        private static double[][] P1(params double[] xs) => xs.Select(x => new[] { x }).ToArray();

        private static double[][] P(params double[][] points) => points;

        /// <summary>The compiled probe programs: one value method per rule, one evaluation method per rule and tangent mask.</summary>
        private sealed class Probes
        {
            private readonly Type _type;

            private Probes(Type type, IReadOnlyList<Diagnostic> floatErrors)
            {
                _type = type;
                FloatErrors = floatErrors;
            }

            public IReadOnlyList<Diagnostic> FloatErrors { get; }

            public MethodInfo Value(DerivativeRule rule) => _type.GetMethod(Id(rule) + "_Value")!;

            public MethodInfo Eval(DerivativeRule rule, int mask) => _type.GetMethod(Id(rule) + "_Eval" + mask)!;

            public static Probes Build()
            {
                var source = new StringBuilder("public static class Probe\n{\n");
                var floatSource = new StringBuilder("public static class FloatProbe\n{\n");
                foreach (DerivativeRule rule in DerivativeTable.All)
                {
                    string[] args = Cases[rule.Key].Args;
                    Write(source, rule, args, "double");
                    Write(floatSource, rule, args, "float");
                }

                source.Append("}\n");
                floatSource.Append("}\n");

                var floatErrors = GeneratorHarness.Compile(floatSource.ToString()).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Compilation compilation = GeneratorHarness.Compile(source.ToString());
                using var stream = new MemoryStream();
                var emit = compilation.Emit(stream);
                if (!emit.Success)
                {
                    throw new InvalidOperationException("Probe compilation failed:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + source);
                }

                return new Probes(Assembly.Load(stream.ToArray()).GetType("Probe")!, floatErrors);
            }

            private static string Id(DerivativeRule rule) => rule.Name + "_" + rule.Arity;

            private static void Write(StringBuilder source, DerivativeRule rule, string[] args, string type)
            {
                bool isFloat = type == "float";
                string owner = rule.Hosts.HasFlag(MathHosts.MathClass)
                    ? (isFloat && rule.Name != "Clamp" ? "global::System.MathF" : "global::System.Math")
                    : isFloat ? "global::System.Single" : "global::System.Double";
                string[] rendered = args.Select((a, i) => a == F ? "x" + i : a).ToArray();
                string unpack = string.Concat(args.Select((a, i) => a == F ? $"{type} x{i} = ({type})a[{i}]; " : string.Empty));
                string call = $"{owner}.{rule.Name}({string.Join(", ", rendered)})";
                source.Append($"    public static double {Id(rule)}_Value(double[] a) {{ {unpack}return {call}; }}\n");

                foreach (int mask in Masks(args))
                {
                    string?[] tangents = args.Select((a, i) => (mask & (1 << i)) != 0 ? "t" + i : null).ToArray();
                    TangentContext context = Context(rendered, tangents, isFloat ? ScalarKind.Float : ScalarKind.Double);
                    string tangent = TermPrinter.Print(rule.TangentOf(context));
                    var terms = new List<string>();
                    for (int i = 0; i < rule.Partials.Count; i++)
                    {
                        if (rule.Partials[i] is { } partial && tangents[i] is not null)
                        {
                            terms.Add($"({TermPrinter.Print(partial(context.Values))}) * t{i}");
                        }
                    }

                    string sum = terms.Count == 0 ? "0" : string.Join(" + ", terms);
                    string forward = rule.Form switch
                    {
                        ForwardForm.SinCosValueFirst => $"var (r, aux) = {owner}.SinCos(x0);",
                        ForwardForm.SinCosValueSecond => $"var (aux, r) = {owner}.SinCos(x0);",
                        _ => $"{type} r = {call}; {type} aux = 0;",
                    };
                    string unpackTangents = string.Concat(tangents.Select((t, i) => t is null ? string.Empty : $"{type} t{i} = ({type})t[{i}]; "));
                    source.Append($"    public static double[] {Id(rule)}_Eval{mask}(double[] a, double[] t)\n    {{\n");
                    source.Append($"        {unpack}{unpackTangents}\n        {forward}\n        _ = aux;\n");
                    source.Append($"        {type} tangent = {tangent};\n        {type} sum = {sum};\n");
                    source.Append("        return new double[] { r, tangent, sum };\n    }\n");
                }
            }
        }
    }
}
