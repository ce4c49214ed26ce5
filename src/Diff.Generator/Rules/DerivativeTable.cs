using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Diff.Generator.Model;

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

    /// <summary>Which classes declare a function of the catalog.</summary>
    [Flags]
    internal enum MathHosts
    {
        /// <summary><c>System.Math</c> and <c>System.MathF</c>.</summary>
        MathClass = 1,

        /// <summary>The static math methods of <c>System.Double</c> and <c>System.Single</c> (<c>double.Exp</c>, …).</summary>
        FloatingType = 2,

        Both = MathClass | FloatingType,
    }

    /// <summary>
    /// What a partial derivative rule sees: the argument values, the result, the by-product of the
    /// forward form (the cosine of a SinCos) as terms, and the math class of the call's floating type
    /// (<c>global::System.Math</c> or <c>global::System.MathF</c>). A rule builds its partial as a term,
    /// so the same rule serves float and double and its result can be differentiated again.
    /// </summary>
    internal readonly struct RuleContext
    {
        private readonly Func<Term>? _result;
        private readonly Term? _fixedResult;

        public RuleContext(IReadOnlyList<Term> args, Term result, Term? aux, ScalarKind kind)
        {
            Args = args;
            _fixedResult = result;
            _result = null;
            AuxOrNull = aux;
            Kind = kind;
        }

        /// <summary>
        /// A context whose operands are asked for only when a rule reads them: naming a value may
        /// make the forward sweep keep it in a temporary, which a rule that never reads it should not cost.
        /// </summary>
        public RuleContext(IReadOnlyList<Term> args, Func<Term> result, Term? aux, ScalarKind kind)
        {
            Args = args;
            _fixedResult = null;
            _result = result;
            AuxOrNull = aux;
            Kind = kind;
        }

        public IReadOnlyList<Term> Args { get; }

        public Term Result => _fixedResult ?? _result!();

        /// <summary>The by-product of a SinCos forward form; only rules with that form read it.</summary>
        public Term Aux => AuxOrNull ?? throw new System.InvalidOperationException("the rule has no by-product");

        public Term? AuxOrNull { get; }

        /// <summary>The floating type of the call.</summary>
        public ScalarKind Kind { get; }

        public Term X => Args[0];

        public string Math => Kind == ScalarKind.Float ? "global::System.MathF" : "global::System.Math";

        /// <summary>π in the call's type.</summary>
        public Term Pi => new MathConstantTerm(Math, "PI", Kind);

        public Term N(double number) => new NumberTerm(number, Kind);

        /// <summary>A call of a function of the math class.</summary>
        public Term Call(string function, params Term[] args) => new MathCallTerm(Math, function, args.ToEquatableArray(), Kind);

        public Term Sqrt(Term x) => Call("Sqrt", x);

        public Term Log(double x) => Call("Log", N(x));

        /// <summary><c>condition ? whenTrue : whenFalse</c>.</summary>
        public Term If(TermCondition condition, Term whenTrue, Term whenFalse) => Terms.Conditional(condition, whenTrue, whenFalse);

        public Term If(TermCondition condition, double whenTrue, double whenFalse) => Terms.Conditional(condition, N(whenTrue), N(whenFalse));

        public TermCondition Less(Term a, Term b) => Terms.Compare(a, TermComparison.Less, b);

        public TermCondition LessOrEqual(Term a, Term b) => Terms.Compare(a, TermComparison.LessOrEqual, b);

        public TermCondition Greater(Term a, Term b) => Terms.Compare(a, TermComparison.Greater, b);

        public TermCondition GreaterOrEqual(Term a, Term b) => Terms.Compare(a, TermComparison.GreaterOrEqual, b);

        public TermCondition IsZero(Term a) => Terms.Compare(a, TermComparison.Equal, N(0));
    }

    /// <summary>
    /// What a tangent rule sees: everything a partial sees, and the tangent of each argument (null for
    /// an argument whose tangent is zero: a constant, an integer, a [NoDiff] value).
    /// </summary>
    internal readonly struct TangentContext
    {
        public TangentContext(RuleContext values, IReadOnlyList<Term?> tangents)
        {
            Values = values;
            Tangents = tangents;
        }

        public RuleContext Values { get; }

        public IReadOnlyList<Term?> Tangents { get; }

        public IReadOnlyList<Term> Args => Values.Args;

        public Term Result => Values.Result;

        public Term X => Values.X;

        /// <summary>Whether argument <paramref name="i"/> has a tangent.</summary>
        public bool Has(int i) => i < Tangents.Count && Tangents[i] is not null;

        /// <summary>The tangent of argument <paramref name="i"/>; zero when it has none.</summary>
        public Term T(int i) => Has(i) ? Tangents[i]! : Values.N(0);
    }

    /// <summary>
    /// One derivative rule: a name, an arity, one partial per argument (null: not differentiable there,
    /// which the rule treats as a zero derivative) and a tangent rule.
    /// </summary>
    internal sealed class DerivativeRule
    {
        /// <summary>The C# operator of an operator rule (<c>+</c>, unary <c>-</c>, …); null for a function.</summary>
        public string? Operator { get; init; }

        private static readonly HashSet<string> SingularNames = new(StringComparer.Ordinal)
        {
            "Tan", "TanPi", "Asin", "Acos", "AsinPi", "AcosPi", "Acosh", "Atanh", "Atan2", "Atan2Pi",
            "Log", "Log10", "Log2", "LogP1", "Log2P1", "Log10P1", "Sqrt", "Cbrt", "RootN", "Pow",
            "IEEERemainder", "Ieee754Remainder", "op_Division", "op_Modulus",
        };

        public DerivativeRule(string name, int arity, MathHosts hosts, ForwardForm form, params Func<RuleContext, Term>?[] partials)
        {
            Name = name;
            Arity = arity;
            Hosts = hosts;
            Form = form;
            Partials = partials;
        }

        public string Name { get; }

        public int Arity { get; }

        public string Key => Name + "/" + Arity;

        /// <summary>Which classes declare the function.</summary>
        public MathHosts Hosts { get; }

        public ForwardForm Form { get; }

        /// <summary>Zero-derivative rules (Floor, Round, …) have an empty list: their result is a constant.</summary>
        public IReadOnlyList<Func<RuleContext, Term>?> Partials { get; }

        /// <summary>
        /// An explicit tangent, where it is cheaper than Σ partialᵢ · tᵢ or where it states a kink
        /// convention directly; null: <see cref="TangentOf"/> composes the sum from the partials.
        /// It is only called when at least one differentiable argument has a tangent.
        /// </summary>
        public Func<TangentContext, Term>? Tangent { get; init; }

        public bool IsPiecewiseConstant => Partials.Count == 0;

        /// <summary>
        /// For a function whose partial reaches exactly zero while its value stays finite, at an argument that overflowed
        /// (Tanh and Atan at ±∞, Exp at −∞, a quotient by ∞): a cheap term that is zero wherever that partial is (the
        /// partial itself, or the result), for argument i; null where the partial has no such zero. The tangent then
        /// treats that zero as absorbing, 0 · ∞ = 0, as the reverse sweep does when it skips a zero adjoint, so that an
        /// intermediate's infinite tangent does not make a finite result's tangent NaN.
        /// </summary>
        public Func<RuleContext, int, Term?>? AbsorbingZero { get; init; }

        /// <summary>Whether a partial can be infinite or NaN at a finite argument (Log at 0, Sqrt at 0, Asin at ±1, …).</summary>
        public bool Singular => SingularNames.Contains(Name);

        /// <summary>
        /// The result's tangent (forward-mode derivative) given the arguments' tangents. It agrees with
        /// Σ partialᵢ · tᵢ everywhere, kinks included (Abs'(0) = 0, Max and Min split a tie in half,
        /// Clamp as documented on <see cref="DerivativeTable"/>).
        /// </summary>
        public Term TangentOf(TangentContext context)
        {
            bool any = false;
            for (int i = 0; i < Partials.Count; i++)
            {
                any |= Partials[i] is not null && context.Has(i);
            }

            if (!any)
            {
                return context.Values.N(0);
            }

            if (Tangent is not null)
            {
                return Tangent(context);
            }

            Term sum = context.Values.N(0);
            for (int i = 0; i < Partials.Count; i++)
            {
                if (Partials[i] is { } partial && context.Has(i))
                {
                    Term product = Terms.Multiply(partial(context.Values), context.T(i));
                    if (AbsorbingZero?.Invoke(context.Values, i) is { } zero && zero is not NumberTerm && product is not NumberTerm)
                    {
                        Term none = context.Values.N(0);
                        product = new ConditionalTerm(new CompareCondition(TermComparison.Equal, zero, none), none, product, product.Kind);
                    }

                    // A function whose partial is infinite at a finite argument (Sqrt at 0, Log at 0, Asin at ±1) given
                    // a tangent of exactly zero: the product is 0, as the reverse sweep skips a zero adjoint, not
                    // ∞ · 0 = NaN. So is a quotient's or a remainder's divisor: -(a / b) / b and -trunc(a / b) overflow
                    // where the value does not (2 / 1e-160), while the dividend's partial 1 / b is infinite only where the
                    // quotient is.
                    if (Singular && (Operator is null || i == 1) && product is not NumberTerm && context.T(i) is not NumberTerm)
                    {
                        Term none = context.Values.N(0);
                        product = new ConditionalTerm(new CompareCondition(TermComparison.Equal, context.T(i), none), none, product, product.Kind);
                    }

                    sum = Terms.Add(sum, product);
                }
            }

            return sum;
        }
    }

    /// <summary>
    /// The one catalog of derivative rules for what the generator knows by itself: C#'s arithmetic
    /// operators on floating values (<see cref="Operators"/>), and the functions of <c>System.Math</c>,
    /// <c>System.MathF</c> and the static math methods of <c>double</c> and <c>float</c>
    /// (<c>double.Exp</c>, <c>float.Sqrt</c>, …). Every entry has a reverse rule (its partials) and a
    /// tangent rule. Anything not listed here has no derivative (DIFF001) unless it is
    /// [Differentiable] or has a [DerivativeOf] registration; the functions DiffGen knows and refuses
    /// are listed with their reason (<see cref="Refusal"/>), which DIFF001 quotes.
    /// Conventions at kinks: Abs'(0) = 0 and Hypot'(0, 0) = 0; Max and Min split a tie in half between
    /// their arguments; Clamp passes the gradient to its value whenever min ≤ value ≤ max (as PyTorch's clamp
    /// does) and to the bound it clips to otherwise; Floor, Ceiling, Round, Truncate and Sign are
    /// piecewise constant, so their derivative is zero; IEEERemainder is differentiated between its jumps.
    /// The rules call <c>System.Math</c> for double and <c>System.MathF</c> for float, whichever
    /// class the call itself names.
    /// </summary>
    internal static class DerivativeTable
    {
        private static readonly Dictionary<string, DerivativeRule> Rules = Build();

        private static readonly Dictionary<string, string> Refusals = BuildRefusals();

        private static readonly Dictionary<BinaryOp, DerivativeRule> BinaryOperators = new()
        {
            [BinaryOp.Add] = new("op_Addition", 2, 0, ForwardForm.Plain, c => c.N(1), c => c.N(1)) { Operator = "+" },
            [BinaryOp.Subtract] = new("op_Subtraction", 2, 0, ForwardForm.Plain, c => c.N(1), c => c.N(-1)) { Operator = "-" },
            [BinaryOp.Multiply] = new("op_Multiply", 2, 0, ForwardForm.Plain, c => c.Args[1], c => c.Args[0]) { Operator = "*" },

            // d(a / b) = da / b - (a / b) db / b: the quotient itself is reused, as the forward sweep has it.
            [BinaryOp.Divide] = new("op_Division", 2, 0, ForwardForm.Plain, c => 1 / c.Args[1], c => -c.Result / c.Args[1]) { Operator = "/", AbsorbingZero = (c, i) => i == 1 ? c.Result : null },

            // a % b = a - b·trunc(a / b), and trunc is piecewise constant: d/da = 1, d/db = -trunc(a / b).
            [BinaryOp.Remainder] = new("op_Modulus", 2, 0, ForwardForm.Plain, c => c.N(1), c => -c.Call("Truncate", c.Args[0] / c.Args[1])) { Operator = "%" },
        };

        /// <summary>Unary minus.</summary>
        public static readonly DerivativeRule Negation = new("op_UnaryNegation", 1, 0, ForwardForm.Plain, c => c.N(-1)) { Operator = "-" };

        /// <summary>A conversion between float and double: its derivative is 1, in the target type.</summary>
        public static readonly DerivativeRule Conversion = new("op_Explicit", 1, 0, ForwardForm.Plain, c => c.N(1)) { Operator = "(T)" };

        /// <summary>Every function rule of the catalog (the operators are <see cref="Operators"/>).</summary>
        public static IEnumerable<DerivativeRule> All => Rules.Values;

        /// <summary>The rules of C#'s arithmetic operators on floating values, and of conversions between them.</summary>
        public static IEnumerable<DerivativeRule> Operators => BinaryOperators.Values.Concat(new[] { Negation, Conversion });

        /// <summary>The rule of a binary operator.</summary>
        public static DerivativeRule Binary(BinaryOp op) => BinaryOperators[op];

        /// <summary>
        /// Finds the rule for <c>Owner.Name</c> with <paramref name="arity"/> arguments, where the owner is
        /// <c>System.Math</c>, <c>System.MathF</c>, <c>double</c> or <c>float</c> (as
        /// <c>ToDisplayString</c> gives them, or by their metadata names).
        /// </summary>
        public static DerivativeRule? Find(string declaringType, string name, int arity)
        {
            MathHosts? host = HostOf(declaringType);
            if (host is null || !Rules.TryGetValue(name + "/" + arity, out DerivativeRule? rule) || (rule.Hosts & host.Value) == 0)
            {
                return null;
            }

            return rule;
        }

        public static DerivativeRule Get(string ruleKey) => Rules[ruleKey];

        /// <summary>The owner as generated code names it after <c>global::</c>: <c>System.Double</c> for <c>double</c>, <c>System.Single</c> for <c>float</c>.</summary>
        public static string CanonicalOwner(string declaringType) => declaringType switch
        {
            "double" => "System.Double",
            "float" => "System.Single",
            _ => declaringType,
        };

        /// <summary>
        /// Why DiffGen refuses <c>Owner.Name</c> with <paramref name="arity"/> arguments, for a math
        /// function it knows and does not differentiate; null for anything else.
        /// </summary>
        public static string? Refusal(string declaringType, string name, int arity)
        {
            if (HostOf(declaringType) is null || Find(declaringType, name, arity) is not null)
            {
                return null;
            }

            return Refusals.TryGetValue(name + "/" + arity, out string? reason) || Refusals.TryGetValue(name, out reason) ? reason : null;
        }

        /// <summary>
        /// <see cref="Refusal"/> for a registration key (<c>System.Math.BitIncrement(double)</c>,
        /// <c>double.ScaleB(double,int)</c>), which is how a call waiting for registrations names its target.
        /// </summary>
        public static string? RefusalForKey(string registrationKey)
        {
            int open = registrationKey.IndexOf('(');
            if (open < 0 || registrationKey[registrationKey.Length - 1] != ')')
            {
                return null;
            }

            int dot = registrationKey.LastIndexOf('.', open);
            if (dot < 0)
            {
                return null;
            }

            string parameters = registrationKey.Substring(open + 1, registrationKey.Length - open - 2);
            int arity = parameters.Length == 0 ? 0 : parameters.Split(',').Length;
            return Refusal(registrationKey.Substring(0, dot), registrationKey.Substring(dot + 1, open - dot - 1), arity);
        }

        private static MathHosts? HostOf(string declaringType) => declaringType switch
        {
            "System.Math" or "System.MathF" => MathHosts.MathClass,
            "double" or "float" or "System.Double" or "System.Single" => MathHosts.FloatingType,
            _ => null,
        };

        private static Dictionary<string, DerivativeRule> Build()
        {
            const MathHosts both = MathHosts.Both;
            const MathHosts math = MathHosts.MathClass;
            const MathHosts floating = MathHosts.FloatingType;
            const ForwardForm plain = ForwardForm.Plain;
            var rules = new List<DerivativeRule>
            {
                // d sin x = cos x; the forward sweep gets both from one SinCos call.
                new("Sin", 1, both, ForwardForm.SinCosValueFirst, c => c.Aux),
                new("Cos", 1, both, ForwardForm.SinCosValueSecond, c => -c.Aux),
                new("Tan", 1, both, plain, c => 1 + c.Result * c.Result),
                new("Asin", 1, both, plain, c => 1 / c.Sqrt(1 - c.X * c.X)),
                new("Acos", 1, both, plain, c => -1 / c.Sqrt(1 - c.X * c.X)),
                new("Atan", 1, both, plain, c => 1 / (1 + c.X * c.X)) { AbsorbingZero = (c, _) => 1 / (1 + c.X * c.X) },
                new("Atan2", 2, both, plain,
                    c => c.Args[1] / (c.Args[1] * c.Args[1] + c.Args[0] * c.Args[0]),
                    c => -c.Args[0] / (c.Args[1] * c.Args[1] + c.Args[0] * c.Args[0]))
                {
                    // d atan2(y, x) = (x dy - y dx) / (x² + y²), one division instead of two.
                    Tangent = c => (c.Args[1] * c.T(0) - c.Args[0] * c.T(1)) / (c.Args[1] * c.Args[1] + c.Args[0] * c.Args[0]),
                },
                new("SinPi", 1, floating, plain, c => c.Pi * c.Call("Cos", c.Pi * c.X)),
                new("CosPi", 1, floating, plain, c => -c.Pi * c.Call("Sin", c.Pi * c.X)),
                new("TanPi", 1, floating, plain, c => c.Pi * (1 + c.Result * c.Result)),
                new("AsinPi", 1, floating, plain, c => 1 / (c.Pi * c.Sqrt(1 - c.X * c.X))),
                new("AcosPi", 1, floating, plain, c => -1 / (c.Pi * c.Sqrt(1 - c.X * c.X))),
                new("AtanPi", 1, floating, plain, c => 1 / (c.Pi * (1 + c.X * c.X))),
                new("Atan2Pi", 2, floating, plain,
                    c => c.Args[1] / (c.Pi * (c.Args[1] * c.Args[1] + c.Args[0] * c.Args[0])),
                    c => -c.Args[0] / (c.Pi * (c.Args[1] * c.Args[1] + c.Args[0] * c.Args[0]))),
                new("DegreesToRadians", 1, floating, plain, c => c.Pi / 180),
                new("RadiansToDegrees", 1, floating, plain, c => 180 / c.Pi),
                new("Sinh", 1, both, plain, c => c.Call("Cosh", c.X)),
                new("Cosh", 1, both, plain, c => c.Call("Sinh", c.X)),
                new("Tanh", 1, both, plain, c => 1 - c.Result * c.Result) { AbsorbingZero = (c, _) => 1 - c.Result * c.Result },
                new("Asinh", 1, both, plain, c => 1 / c.Sqrt(c.X * c.X + 1)),
                new("Acosh", 1, both, plain, c => 1 / c.Sqrt(c.X * c.X - 1)),
                new("Atanh", 1, both, plain, c => 1 / (1 - c.X * c.X)),
                new("Exp", 1, both, plain, c => c.Result) { AbsorbingZero = (c, _) => c.Result },
                new("Exp2", 1, floating, plain, c => c.Result * c.Log(2)) { AbsorbingZero = (c, _) => c.Result },
                new("Exp10", 1, floating, plain, c => c.Result * c.Log(10)) { AbsorbingZero = (c, _) => c.Result },
                new("ExpM1", 1, floating, plain, c => c.Result + 1) { AbsorbingZero = (c, _) => c.Result + 1 },
                new("Exp2M1", 1, floating, plain, c => (c.Result + 1) * c.Log(2)),
                new("Exp10M1", 1, floating, plain, c => (c.Result + 1) * c.Log(10)),
                new("Log", 1, both, plain, c => 1 / c.X),

                // log_b x = ln x / ln b: d/dx = 1 / (x ln b), d/db = -log_b x / (b ln b).
                new("Log", 2, both, plain,
                    c => 1 / (c.Args[0] * c.Call("Log", c.Args[1])),
                    c => -c.Result / (c.Args[1] * c.Call("Log", c.Args[1]))),
                new("Log10", 1, both, plain, c => 1 / (c.X * c.Log(10))),
                new("Log2", 1, both, plain, c => 1 / (c.X * c.Log(2))),
                new("LogP1", 1, floating, plain, c => 1 / (c.X + 1)),
                new("Log2P1", 1, floating, plain, c => 1 / ((c.X + 1) * c.Log(2))),
                new("Log10P1", 1, floating, plain, c => 1 / ((c.X + 1) * c.Log(10))),
                new("Sqrt", 1, both, plain, c => 1 / (2 * c.Result)),
                new("Cbrt", 1, both, plain, c => 1 / (3 * c.Result * c.Result)),

                // RootN(x, n) = x^(1/n) with an integer n: d/dx = r / (n x).
                new("RootN", 2, floating, plain, c => c.Result / (c.Args[1] * c.Args[0]), null),
                // x⁰ is constant, so d/dx is 0 even at x = 0, where n·x⁻¹ would give 0·∞. At n = 0 the partial is
                // written n / x, which is 0 like n·xⁿ⁻¹ and has its derivative x⁻¹ in n: forward over reverse
                // differentiates the partial, and a constant 0 there would drop ∂²/∂x∂n (0.25 at x = 4, where
                // ∂²/∂n∂x, read the other way, is 0.25). Only x = 0 keeps the 0, where x⁻¹ has no finite value.
                // Where xⁿ is 0 (x = 0 with n > 0, or xⁿ underflows, as for a huge x and n < 0), d/dn = xⁿ·log x
                // is 0, not 0·∞ (PyTorch and JAX give 0 at x = 0 too).
                new("Pow", 2, both, plain,
                    c => c.If(c.IsZero(c.Args[1]), c.If(c.IsZero(c.Args[0]), c.N(0), c.Args[1] / c.Args[0]), c.Args[1] * c.Call("Pow", c.Args[0], c.Args[1] - 1)),
                    c => c.If(c.IsZero(c.Result), c.N(0), c.Result * c.Call("Log", c.Args[0]))),

                // Hypot(x, y) = √(x² + y²); at the origin, like Abs at 0, the derivative is 0.
                new("Hypot", 2, floating, plain,
                    c => c.If(c.IsZero(c.Result), c.N(0), c.Args[0] / c.Result),
                    c => c.If(c.IsZero(c.Result), c.N(0), c.Args[1] / c.Result))
                {
                    Tangent = c => c.Values.If(c.Values.IsZero(c.Result), c.Values.N(0), (c.Args[0] * c.T(0) + c.Args[1] * c.T(1)) / c.Result),
                },
                new("Abs", 1, both, plain, c => c.If(c.Greater(c.X, c.N(0)), c.N(1), c.If(c.Less(c.X, c.N(0)), -1, 0)))
                {
                    Tangent = c => c.Values.If(c.Values.Greater(c.X, c.Values.N(0)), c.T(0), c.Values.If(c.Values.Less(c.X, c.Values.N(0)), -c.T(0), c.Values.N(0))),
                },
                // A tie (a = b) is split in half, as PyTorch's maximum and minimum and JAX's do: where the function
                // around the tie is smooth (the stable softplus Max(x, 0) + Log(1 + Exp(-Abs(x))) at 0, logaddexp at
                // a = b), the derivative is the true one.
                new("Max", 2, both, plain,
                    c => c.If(c.Greater(c.Args[0], c.Args[1]), c.N(1), c.If(c.Less(c.Args[0], c.Args[1]), c.N(0), c.N(0.5))),
                    c => c.If(c.Greater(c.Args[0], c.Args[1]), c.N(0), c.If(c.Less(c.Args[0], c.Args[1]), c.N(1), c.N(0.5))))
                {
                    Tangent = c => c.Values.If(c.Values.Greater(c.Args[0], c.Args[1]), c.T(0),
                        c.Values.If(c.Values.Less(c.Args[0], c.Args[1]), c.T(1), c.Values.N(0.5) * (c.T(0) + c.T(1)))),
                },
                new("Min", 2, both, plain,
                    c => c.If(c.Less(c.Args[0], c.Args[1]), c.N(1), c.If(c.Greater(c.Args[0], c.Args[1]), c.N(0), c.N(0.5))),
                    c => c.If(c.Less(c.Args[0], c.Args[1]), c.N(0), c.If(c.Greater(c.Args[0], c.Args[1]), c.N(1), c.N(0.5))))
                {
                    Tangent = c => c.Values.If(c.Values.Less(c.Args[0], c.Args[1]), c.T(0),
                        c.Values.If(c.Values.Greater(c.Args[0], c.Args[1]), c.T(1), c.Values.N(0.5) * (c.T(0) + c.T(1)))),
                },
                new("Clamp", 3, both, plain,
                    c => c.If(new LogicCondition(false, c.Less(c.Args[0], c.Args[1]), c.Greater(c.Args[0], c.Args[2])), 0, 1),
                    c => c.If(c.Less(c.Args[0], c.Args[1]), 1, 0),
                    c => c.If(new LogicCondition(true, c.GreaterOrEqual(c.Args[0], c.Args[1]), c.Greater(c.Args[0], c.Args[2])), 1, 0))
                {
                    Tangent = c => c.Values.If(c.Values.Less(c.Args[0], c.Args[1]), c.T(1), c.Values.If(c.Values.Greater(c.Args[0], c.Args[2]), c.T(2), c.T(0))),
                },
                new("FusedMultiplyAdd", 3, both, plain, c => c.Args[1], c => c.Args[0], c => c.N(1)),

                // a * b + c, fused or not depending on the platform: the same derivative either way.
                new("MultiplyAddEstimate", 3, floating, plain, c => c.Args[1], c => c.Args[0], c => c.N(1)),

                // Lerp(a, b, t) = a (1 - t) + b t.
                new("Lerp", 3, floating, plain, c => 1 - c.Args[2], c => c.Args[2], c => c.Args[1] - c.Args[0]),

                // x - y n with n the nearest integer to x / y: between its jumps, d/dx = 1 and d/dy = -n.
                new("IEEERemainder", 2, math, plain, c => c.N(1), c => -c.Call("Round", (c.Args[0] - c.Result) / c.Args[1])),
                new("Ieee754Remainder", 2, floating, plain, c => c.N(1), c => -c.Call("Round", (c.Args[0] - c.Result) / c.Args[1])),
                // |x| with y's sign: d/dx is ±1 by the two sign bits, so that a zero y (−0.0 included) and a product
                // x·y that underflows to zero still give the derivative of what is returned.
                // x · 2ⁿ, scaled exactly by the exponent: d/dx = 2ⁿ, itself ScaleB(1, n) (0 where 2ⁿ underflows, ∞ where
                // it overflows, as the value does).
                new("ScaleB", 2, both, plain, c => c.Call("ScaleB", c.N(1), c.Args[1]), null),
                new("CopySign", 2, both, plain, c => c.Call("CopySign", c.N(1), c.Args[0]) * c.Call("CopySign", c.N(1), c.Args[1]), null),

                // Piecewise constant: the derivative is zero wherever it exists.
                new("Floor", 1, both, plain),
                new("Ceiling", 1, both, plain),
                new("Truncate", 1, both, plain),
                new("Round", 1, both, plain),
                new("Round", 2, both, plain),
                new("Round", 3, both, plain),
                new("Sign", 1, both, plain),
            };

            var table = new Dictionary<string, DerivativeRule>(StringComparer.Ordinal);
            foreach (DerivativeRule rule in rules)
            {
                table.Add(rule.Key, rule);
            }

            return table;
        }

        /// <summary>Math functions DiffGen knows and refuses, by name (any arity) or by name/arity.</summary>
        private static Dictionary<string, string> BuildRefusals() => new(StringComparer.Ordinal)
        {
            ["BitIncrement"] = "it steps to the adjacent representable value, which has no useful derivative; add or subtract a small constant instead",
            ["BitDecrement"] = "it steps to the adjacent representable value, which has no useful derivative; add or subtract a small constant instead",
            ["SinCos"] = "it returns a tuple; deconstruct it, var (s, c) = Math.SinCos(x), or call Sin and Cos (the generated code evaluates both with one SinCos)",
            ["SinCosPi"] = "it returns a tuple; deconstruct it, var (s, c) = Math.SinCosPi(x), or call SinPi and CosPi",
            ["ReciprocalEstimate"] = "its precision depends on the platform; write 1 / x",
            ["ReciprocalSqrtEstimate"] = "its precision depends on the platform; write 1 / Math.Sqrt(x)",
            ["MaxMagnitude"] = "which argument wins a tie |x| = |y| depends on their signs; write it with Abs and a conditional",
            ["MinMagnitude"] = "which argument wins a tie |x| = |y| depends on their signs; write it with Abs and a conditional",
            ["MaxMagnitudeNumber"] = "which argument wins a tie |x| = |y| depends on their signs; write it with Abs and a conditional",
            ["MinMagnitudeNumber"] = "which argument wins a tie |x| = |y| depends on their signs; write it with Abs and a conditional",
            ["MaxNumber"] = "it differs from Max only in how it treats NaN, which has no derivative convention here; use Max",
            ["MinNumber"] = "it differs from Min only in how it treats NaN, which has no derivative convention here; use Min",
            ["MaxNative"] = "its NaN and signed-zero behaviour depends on the platform; use Max",
            ["MinNative"] = "its NaN and signed-zero behaviour depends on the platform; use Min",
            ["ClampNative"] = "its NaN and signed-zero behaviour depends on the platform; use Clamp",
        };
    }
}
