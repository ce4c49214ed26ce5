using System;
using System.Collections.Generic;

namespace Diff.Generator.Rules
{
    /// <summary>How the forward sweep evaluates an intrinsic whose derivative reuses a by-product.</summary>
    internal enum ForwardForm
    {
        /// <summary><c>var t = M.Name(args);</c></summary>
        Plain,

        /// <summary><c>var (t, aux) = M.SinCos(x);</c> value is the sine, aux the cosine.</summary>
        SinCosValueFirst,

        /// <summary><c>var (aux, t) = M.SinCos(x);</c> value is the cosine, aux the sine.</summary>
        SinCosValueSecond,
    }

    /// <summary>
    /// What a partial derivative template sees: the rendered argument values, the rendered result,
    /// the by-product of the forward form and the math class (<c>global::System.Math</c> or <c>MathF</c>).
    /// Templates use only integer literals so that one text serves float and double.
    /// </summary>
    internal readonly struct RuleContext
    {
        public RuleContext(IReadOnlyList<string> args, string result, string aux, string math)
        {
            Args = args;
            Result = result;
            Aux = aux;
            Math = math;
        }

        public IReadOnlyList<string> Args { get; }

        public string Result { get; }

        public string Aux { get; }

        public string Math { get; }

        public string X => Args[0];
    }

    /// <summary>One derivative rule: a name, an arity and one partial per argument (null: not differentiable there).</summary>
    internal sealed class DerivativeRule
    {
        public DerivativeRule(string name, int arity, ForwardForm form, params Func<RuleContext, string>?[] partials)
        {
            Name = name;
            Arity = arity;
            Form = form;
            Partials = partials;
        }

        public string Name { get; }

        public int Arity { get; }

        public ForwardForm Form { get; }

        /// <summary>Zero-derivative rules (Floor, Round, …) have an empty list: their result is a constant.</summary>
        public IReadOnlyList<Func<RuleContext, string>?> Partials { get; }

        public bool IsPiecewiseConstant => Partials.Count == 0;

        /// <summary>Whether a partial can be infinite or NaN at a finite argument (Log at 0, Sqrt at 0, Asin at ±1, …).</summary>
        public bool Singular => Name is "Tan" or "Asin" or "Acos" or "Atan2" or "Log" or "Log10" or "Log2" or "Sqrt" or "Cbrt" or "Pow";
    }

    /// <summary>
    /// The one table of derivative rules for calls the generator knows by itself: <c>System.Math</c> and
    /// <c>System.MathF</c>. Anything not listed here has no derivative (DIFF001) unless it is
    /// [Differentiable] or has a [DerivativeOf] registration. Conventions at kinks: Abs'(0) = 0; Max and
    /// Min give a tie to their first argument; Clamp passes the gradient to its value whenever
    /// min ≤ value ≤ max (as PyTorch's clamp does) and to the bound it clips to otherwise; Floor, Ceiling,
    /// Round, Truncate and Sign are piecewise constant, so their derivative is zero.
    /// </summary>
    internal static class DerivativeTable
    {
        private static readonly Dictionary<string, DerivativeRule> Rules = Build();

        /// <summary>Finds the rule for <c>System.Math.Name</c> or <c>System.MathF.Name</c> with <paramref name="arity"/> floating-point arguments.</summary>
        public static DerivativeRule? Find(string declaringType, string name, int arity)
        {
            if (declaringType != "System.Math" && declaringType != "System.MathF")
            {
                return null;
            }

            return Rules.TryGetValue(name + "/" + arity, out DerivativeRule? rule) ? rule : null;
        }

        public static DerivativeRule Get(string ruleKey) => Rules[ruleKey];

        private static Dictionary<string, DerivativeRule> Build()
        {
            var rules = new List<DerivativeRule>
            {
                // d sin x = cos x; the forward sweep gets both from one SinCos call.
                new("Sin", 1, ForwardForm.SinCosValueFirst, c => c.Aux),
                new("Cos", 1, ForwardForm.SinCosValueSecond, c => "-" + c.Aux),
                new("Tan", 1, ForwardForm.Plain, c => $"(1 + {c.Result} * {c.Result})"),
                new("Asin", 1, ForwardForm.Plain, c => $"(1 / {c.Math}.Sqrt(1 - {c.X} * {c.X}))"),
                new("Acos", 1, ForwardForm.Plain, c => $"(-1 / {c.Math}.Sqrt(1 - {c.X} * {c.X}))"),
                new("Atan", 1, ForwardForm.Plain, c => $"(1 / (1 + {c.X} * {c.X}))"),
                new("Atan2", 2, ForwardForm.Plain,
                    c => $"({c.Args[1]} / ({c.Args[1]} * {c.Args[1]} + {c.Args[0]} * {c.Args[0]}))",
                    c => $"(-{c.Args[0]} / ({c.Args[1]} * {c.Args[1]} + {c.Args[0]} * {c.Args[0]}))"),
                new("Sinh", 1, ForwardForm.Plain, c => $"{c.Math}.Cosh({c.X})"),
                new("Cosh", 1, ForwardForm.Plain, c => $"{c.Math}.Sinh({c.X})"),
                new("Tanh", 1, ForwardForm.Plain, c => $"(1 - {c.Result} * {c.Result})"),
                new("Exp", 1, ForwardForm.Plain, c => c.Result),
                new("Log", 1, ForwardForm.Plain, c => $"(1 / {c.X})"),
                new("Log10", 1, ForwardForm.Plain, c => $"(1 / ({c.X} * {c.Math}.Log(10)))"),
                new("Log2", 1, ForwardForm.Plain, c => $"(1 / ({c.X} * {c.Math}.Log(2)))"),
                new("Sqrt", 1, ForwardForm.Plain, c => $"(1 / (2 * {c.Result}))"),
                new("Cbrt", 1, ForwardForm.Plain, c => $"(1 / (3 * {c.Result} * {c.Result}))"),
                new("Pow", 2, ForwardForm.Plain,
                    c => $"({c.Args[1]} * {c.Math}.Pow({c.Args[0]}, {c.Args[1]} - 1))",
                    c => $"({c.Result} * {c.Math}.Log({c.Args[0]}))"),
                new("Abs", 1, ForwardForm.Plain, c => $"({c.X} > 0 ? 1 : {c.X} < 0 ? -1 : 0)"),
                new("Max", 2, ForwardForm.Plain,
                    c => $"({c.Args[0]} >= {c.Args[1]} ? 1 : 0)",
                    c => $"({c.Args[0]} >= {c.Args[1]} ? 0 : 1)"),
                new("Min", 2, ForwardForm.Plain,
                    c => $"({c.Args[0]} <= {c.Args[1]} ? 1 : 0)",
                    c => $"({c.Args[0]} <= {c.Args[1]} ? 0 : 1)"),
                new("Clamp", 3, ForwardForm.Plain,
                    c => $"({c.Args[0]} < {c.Args[1]} || {c.Args[0]} > {c.Args[2]} ? 0 : 1)",
                    c => $"({c.Args[0]} < {c.Args[1]} ? 1 : 0)",
                    c => $"({c.Args[0]} >= {c.Args[1]} && {c.Args[0]} > {c.Args[2]} ? 1 : 0)"),
                new("FusedMultiplyAdd", 3, ForwardForm.Plain, c => c.Args[1], c => c.Args[0], c => "1"),

                // Piecewise constant: the derivative is zero wherever it exists.
                new("Floor", 1, ForwardForm.Plain),
                new("Ceiling", 1, ForwardForm.Plain),
                new("Truncate", 1, ForwardForm.Plain),
                new("Round", 1, ForwardForm.Plain),
                new("Round", 2, ForwardForm.Plain),
                new("Round", 3, ForwardForm.Plain),
                new("CopySign", 2, ForwardForm.Plain, c => $"({c.Args[0]} * {c.Args[1]} >= 0 ? 1 : -1)", null),
            };

            var table = new Dictionary<string, DerivativeRule>(StringComparer.Ordinal);
            foreach (DerivativeRule rule in rules)
            {
                table[rule.Name + "/" + rule.Arity] = rule;
            }

            return table;
        }
    }
}
