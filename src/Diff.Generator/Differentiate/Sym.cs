using System.Collections.Generic;
using System.Globalization;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// A small symbolic expression for local partial derivatives, simplified as it is built
    /// (1·x = x, 0·x = 0, −(−x) = x) so the generated code stays short and readable.
    /// </summary>
    internal abstract class Sym
    {
        public static readonly Sym Zero = new Num(0);
        public static readonly Sym One = new Num(1);

        /// <summary>Whether the value is known at generation time (needs no recording).</summary>
        public abstract bool IsConstant { get; }

        /// <summary>
        /// Code for a value of the forward sweep. <paramref name="reverse"/> is how the reverse sweep can
        /// compute the same value again (a read of a buffer the method never writes, a stable name), or
        /// null when it cannot, in which case a partial that uses it must be recorded.
        /// </summary>
        public static Sym Code(string code, string? reverse = null) => new Text(code, false, reverse);

        /// <summary>Code whose value is fixed for the whole call (a literal or a constant field): never recorded.</summary>
        public static Sym ConstantCode(string code) => new Text(code, true, code);

        /// <summary>The same value written for the reverse sweep, or null when it needs values only the forward sweep has.</summary>
        public string? RenderReverse() => RenderReverse(NoAtoms);

        /// <summary>
        /// As <see cref="RenderReverse()"/>, where <paramref name="recorded"/> names, for a forward-only
        /// value (a temporary), the reverse-sweep local that holds its recorded copy.
        /// </summary>
        public abstract string? RenderReverse(IReadOnlyDictionary<string, string> recorded);

        /// <summary>The forward-only values (temporaries) this expression needs.</summary>
        public abstract void CollectForwardOnly(ISet<string> atoms);

        private static readonly IReadOnlyDictionary<string, string> NoAtoms = new Dictionary<string, string>();

        public static Sym Mul(Sym a, Sym b)
        {
            if (a is Num x && b is Num y)
            {
                return new Num(x.Value * y.Value);
            }

            if (a is Num { Value: 0 } || b is Num { Value: 0 })
            {
                return Zero;
            }

            if (a is Num { Value: 1 })
            {
                return b;
            }

            if (b is Num { Value: 1 })
            {
                return a;
            }

            if (a is Num { Value: -1 })
            {
                return Neg(b);
            }

            if (b is Num { Value: -1 })
            {
                return Neg(a);
            }

            if (a is Negation na)
            {
                return Neg(Mul(na.Operand, b));
            }

            if (b is Negation nb)
            {
                return Neg(Mul(a, nb.Operand));
            }

            return new Binary('*', a, b);
        }

        public static Sym Div(Sym a, Sym b) => a is Num { Value: 0 } ? Zero : b is Num { Value: 1 } ? a : new Binary('/', a, b);

        public static Sym Add(Sym a, Sym b)
        {
            if (a is Num { Value: 0 })
            {
                return b;
            }

            if (b is Num { Value: 0 })
            {
                return a;
            }

            if (a is Num x && b is Num y)
            {
                return new Num(x.Value + y.Value);
            }

            return new Binary('+', a, b);
        }

        public static Sym Neg(Sym a) => a switch
        {
            Num n => new Num(-n.Value),
            Negation n => n.Operand,
            _ => new Negation(a),
        };

        public abstract string Render();

        /// <summary>A node standing for <paramref name="original"/> rewritten for the reverse sweep (keeps its shape for parentheses).</summary>
        private static Sym Reverse(Sym original, string reverse) => original switch
        {
            Text or Num => new Text(reverse, original.IsConstant, reverse),
            _ => new Text("(" + reverse + ")", original.IsConstant, "(" + reverse + ")"),
        };

        /// <summary>Renders as an operand of * or /: sums and negations get parentheses.</summary>
        public string RenderOperand() => this is Binary { Op: '+' } or Negation || (this is Num n && n.Value < 0) ? "(" + Render() + ")" : Render();

        public bool IsOne => this is Num { Value: 1 };

        private sealed class Num : Sym
        {
            public Num(double value) => Value = value;

            public double Value { get; }

            public override bool IsConstant => true;

            public override string? RenderReverse(IReadOnlyDictionary<string, string> recorded) => Render();

            public override void CollectForwardOnly(ISet<string> atoms)
            {
            }

            public override string Render() => Value == System.Math.Floor(Value) && System.Math.Abs(Value) < 1e15
                ? ((long)Value).ToString(CultureInfo.InvariantCulture)
                : Value.ToString("R", CultureInfo.InvariantCulture);
        }

        private sealed class Text : Sym
        {
            private readonly string _code;
            private readonly bool _constant;
            private readonly string? _reverse;

            public Text(string code, bool constant, string? reverse)
            {
                _code = code;
                _constant = constant;
                _reverse = reverse;
            }

            public override bool IsConstant => _constant;

            public override string Render() => _code;

            public override string? RenderReverse(IReadOnlyDictionary<string, string> recorded) =>
                _reverse ?? (recorded.TryGetValue(_code, out string? copy) ? copy : null);

            public override void CollectForwardOnly(ISet<string> atoms)
            {
                if (_reverse is null)
                {
                    atoms.Add(_code);
                }
            }
        }

        /// <summary>a * b, a / b or a + b.</summary>
        private sealed class Binary : Sym
        {
            private readonly Sym _a;
            private readonly Sym _b;

            public Binary(char op, Sym a, Sym b)
            {
                Op = op;
                _a = a;
                _b = b;
            }

            public char Op { get; }

            public override bool IsConstant => _a.IsConstant && _b.IsConstant;

            public override string Render() => Op switch
            {
                '*' => _a.RenderOperand() + " * " + _b.RenderOperand(),
                '/' => _a.RenderOperand() + " / " + (_b is Binary { Op: '*' or '/' } ? "(" + _b.Render() + ")" : _b.RenderOperand()),
                _ => _b is Negation n ? _a.Render() + " - " + n.Operand.RenderOperand() : _a.Render() + " + " + _b.Render(),
            };

            public override string? RenderReverse(IReadOnlyDictionary<string, string> recorded) =>
                _a.RenderReverse(recorded) is { } a && _b.RenderReverse(recorded) is { } b
                    ? new Binary(Op, Reverse(_a, a), Reverse(_b, b)).Render()
                    : null;

            public override void CollectForwardOnly(ISet<string> atoms)
            {
                _a.CollectForwardOnly(atoms);
                _b.CollectForwardOnly(atoms);
            }
        }

        private sealed class Negation : Sym
        {
            public Negation(Sym operand) => Operand = operand;

            public Sym Operand { get; }

            public override bool IsConstant => Operand.IsConstant;

            public override string Render() => "-" + Operand.RenderOperand();

            public override string? RenderReverse(IReadOnlyDictionary<string, string> recorded) =>
                Operand.RenderReverse(recorded) is { } operand ? new Negation(Reverse(Operand, operand)).Render() : null;

            public override void CollectForwardOnly(ISet<string> atoms) => Operand.CollectForwardOnly(atoms);
        }
    }
}
