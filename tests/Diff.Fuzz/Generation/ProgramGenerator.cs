using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Diff.Fuzz.Model;

namespace Diff.Fuzz.Generation
{
    /// <summary>
    /// CsCheck generator of random, well-typed, terminating programs. Every choice is drawn from CsCheck's PCG, and the
    /// size reported is the node count, so CsCheck's shrinking looks for smaller failing programs.
    /// </summary>
    public sealed class ProgramGenerator : Gen<FuzzProgram>
    {
        private readonly Families _families;

        /// <summary>A generator over the given families.</summary>
        public ProgramGenerator(Families families) => _families = families;

        /// <inheritdoc/>
        public override FuzzProgram Generate(PCG pcg, Size? min, out Size size)
        {
            FuzzProgram program = new Builder(pcg, _families).Build();
            size = new Size((ulong)program.Size);
            return program;
        }

        /// <summary>The program a seed gives (what <c>--seed</c> and the shrinker start from).</summary>
        public FuzzProgram FromSeed(PCG pcg) => Generate(pcg, null, out _);
    }

    /// <summary>Builds one program while tracking what is in scope and of which type.</summary>
    internal sealed class Builder
    {
        private sealed record V(string Name, Ty T, bool Assignable, bool Index);

        /// <param name="IsLocalSpan">A local span, which DiffGen takes by index, Length, foreach and as an argument, not sliced.</param>
        /// <param name="DeclaredLength">A local array's length as declared (null for any other buffer): two arrays declared with one length may be swapped.</param>
        private sealed record B(string Name, Ty Elem, BufKind Kind, bool Writable, bool IsMainParam, bool IsLocalSpan = false, Expr? DeclaredLength = null);

        private sealed record Helper(Method Method, IReadOnlyList<int> WrittenParams);

        private readonly PCG _pcg;
        private readonly Families _f;
        private readonly int _length;
        private readonly List<Helper> _helpers = new();
        private readonly HashSet<string> _written = new();

        /// <summary>Local arrays declared without a fill, which loops fill again whole (the <c>refills</c> family).</summary>
        private readonly HashSet<string> _refillable = new();
        private List<V> _vars = new();
        private List<B> _bufs = new();

        /// <summary>Buffers made read-only while a view of them is in scope, as they were before.</summary>
        private readonly List<B> _viewed = new();
        private int _names;
        private int _nodes;
        private int _loopDepth;

        // The loop depth at the innermost switch section being generated: a `break` there would leave the
        // switch, not the loop, so breaks are generated only in loops nested deeper than it.
        private int _breakFloor;
        private bool _inHelper;

        /// <summary>Whether M read or stepped the static state (the <c>state</c> family).</summary>
        private bool _usesState;

        /// <summary>Whether the static state may be read or stepped here: in M, with the family on.</summary>
        private bool StateHere => _f.Has("state") && !_inHelper;

        /// <summary>The buffers of the enclosing <c>foreach</c> loops, which C# goes on iterating whatever is swapped in.</summary>
        private readonly List<string> _iterated = new();

        /// <summary>M's local functions, callable from M's expressions (never from a helper's).</summary>
        private readonly List<LocalFunctionDecl> _localFunctions = new();
        private Ty _return;
        private string? _constN;
        private string? _intParam;
        private string? _stepCounter;

        /// <summary>M's cursor (the <c>cursors</c> family): an int local stepped inside index expressions and by statements.</summary>
        private string? _cursor;

        /// <summary>Above zero while an expression that may not read the cursor is drawn (a local function's body, the rest of a statement that steps it).</summary>
        private int _cursorOff;

        public Builder(PCG pcg, Families families)
        {
            _pcg = pcg;
            _f = families;
            _length = 2 + Next(4);
        }

        private int Next(int n) => (int)_pcg.Next((uint)n);

        private bool Chance(double p) => _pcg.Next(1000) < p * 1000;

        private T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

        private string Fresh(string prefix) => prefix + _names++;

        private T Node<T>(T node)
        {
            _nodes++;
            return node;
        }

        public FuzzProgram Build()
        {
            if (_f.Has("calls"))
            {
                int count = 1 + Next(3);
                for (int h = 0; h < count; h++)
                {
                    _helpers.Add(MakeHelper(h));
                }
            }

            Method main = MakeMain();
            if (_usesState)
            {
                // Every call of M starts from the same state, as the checks call it many times.
                main = main with { Body = main.Body.Prepend(new StateReset()).ToList() };
            }

            return new FuzzProgram(_helpers.Select(h => h.Method).ToList(), main, _length, _written.ToList(), _f.ToString()) { Size = _nodes, UsesState = _usesState };
        }

        // ----- methods -----

        private Method MakeMain()
        {
            _vars = new List<V>();
            _bufs = new List<B>();
            _inHelper = false;
            var parameters = new List<Param>();
            int scalars = 1 + Next(3);
            for (int i = 0; i < scalars; i++)
            {
                Ty t = _f.Has("float") && Chance(0.25) ? Ty.Float : Ty.Double;
                string name = Fresh("x");
                parameters.Add(new Param(name, t, null, false));
                _vars.Add(new V(name, t, false, false));
            }

            int buffers = Next(3);
            for (int i = 0; i < buffers; i++)
            {
                Ty t = _f.Has("float") && Chance(0.25) ? Ty.Float : Ty.Double;
                BufKind kind = _f.Has("spans") && Chance(0.35) ? (Chance(0.5) ? BufKind.Span : BufKind.ReadOnlySpan) : BufKind.Array;
                string name = Fresh("a");
                parameters.Add(new Param(name, t, kind, false));
                _bufs.Add(new B(name, t, kind, _f.Has("inplace") && kind != BufKind.ReadOnlySpan, true));
            }

            if (_f.Has("intops") && Chance(0.5))
            {
                _intParam = Fresh("n");
                parameters.Add(new Param(_intParam, Ty.Int, null, false));
                _vars.Add(new V(_intParam, Ty.Int, false, false));
            }

            if (Chance(0.2))
            {
                string c = Fresh("c");
                parameters.Add(new Param(c, Ty.Double, null, true));
                _vars.Add(new V(c, Ty.Double, false, false));
            }

            _return = _f.Has("float") && Chance(0.2) ? Ty.Float : Ty.Double;
            var body = new List<Stmt>();
            if (_f.Has("intops") && Chance(0.7))
            {
                _constN = Fresh("N");
                body.Add(Node(new ConstDecl(_constN, _length)));
                _vars.Add(new V(_constN, Ty.Int, false, false));
            }

            if (_f.Has("intops") && _f.Has("calls") && _helpers.Any(h => h.Method.Params.Any(p => p.T == Ty.Int)))
            {
                _stepCounter = Fresh("k");
                body.Add(Node(new Decl(Ty.Int, _stepCounter, new Lit(Ty.Int, 0))));
            }

            _cursor = null;
            if (_f.Has("cursors") && Chance(0.7))
            {
                _cursor = Fresh("c");
                body.Add(Node(new Decl(Ty.Int, _cursor, new Lit(Ty.Int, Next(3)))));
            }

            _localFunctions.Clear();
            if (_f.Has("localfunctions") && Chance(0.6))
            {
                int count = 1 + Next(3);
                for (int i = 0; i < count; i++)
                {
                    LocalFunctionDecl function = LocalFunction();
                    body.Add(Node((Stmt)function));
                    _localFunctions.Add(function);
                }
            }

            string acc = Fresh("s");
            body.Add(Node(new Decl(Ty.Double, acc, Scalar(Ty.Double, 1, pure: false))));
            _vars.Add(new V(acc, Ty.Double, true, false));
            body.AddRange(Statements(2 + Next(5), allowReturn: true));
            body.Add(Node(new Return(Node(new Binary(_return, "+", VarRefTo(acc, _return), Scalar(_return, 2, pure: false))))));
            return new Method("M", _return, parameters, body);
        }

        private Expr VarRefTo(string name, Ty want) => want == Ty.Float ? new Cast(Ty.Float, new VarRef(Ty.Double, name)) : new VarRef(Ty.Double, name);

        private Helper MakeHelper(int index)
        {
            _vars = new List<V>();
            _bufs = new List<B>();
            _inHelper = true;
            _constN = null;
            _intParam = null;
            Ty elem = _f.Has("float") && Chance(0.2) ? Ty.Float : Ty.Double;
            BufKind kind = _f.Has("spans") && Chance(0.3) ? BufKind.Span : BufKind.Array;
            var parameters = new List<Param>();
            var body = new List<Stmt>();
            var written = new List<int>();
            int shape = Next(4);
            string name;
            Ty ret;
            if (shape == 0 || shape == 1)
            {
                // void writer, or a value method that reads (and sometimes writes) its buffer
                string b = Fresh("b");
                string s = Fresh("u");
                Ty scalar = elem == Ty.Float ? Ty.Float : (_f.Has("float") && Chance(0.2) ? Ty.Float : Ty.Double);
                if (elem == Ty.Float)
                {
                    scalar = Ty.Float;
                }

                parameters.Add(new Param(b, elem, kind, false));
                parameters.Add(new Param(s, scalar, null, false));
                bool writes = shape == 0 || Chance(0.5);
                _bufs.Add(new B(b, elem, kind, writes, false));
                _vars.Add(new V(s, scalar, false, false));
                ret = shape == 0 ? Ty.Void : elem;
                _return = ret;
                name = (shape == 0 ? "H" : "G") + index;
                if (writes && _f.Has("copies") && Chance(0.4))
                {
                    // The helper's only write of its buffer is a library call: its callers must still see the write.
                    written.Add(0);
                    string form = Pick(new[] { "shift", "unshift", "fill", "filltail", "clear", "reverse", "reversetail" });
                    Expr? value = form is "fill" or "filltail" ? Scalar(elem, 1, pure: true) : null;
                    body.Add(Node((Stmt)new BufferOp(form, b, kind == BufKind.Array, null, false, value)));
                }
                else if (writes)
                {
                    written.Add(0);
                    string i = Fresh("i");
                    _vars.Add(new V(i, Ty.Int, false, true));
                    var update = new List<Stmt>
                    {
                        Node(new Assign(Node(new ElemRef(elem, b, new VarRef(Ty.Int, i))), Pick(new[] { "=", "+=", "*=" }), Scalar(elem, 2, pure: true))),
                    };
                    body.Add(Node(new For(Ty.Int, i, new Lit(Ty.Int, 0), new LengthOf(b), false, update)));
                    _vars.RemoveAll(v => v.Name == i);
                }

                body.AddRange(Statements(Next(3), allowReturn: false));
                if (ret != Ty.Void)
                {
                    string acc = Fresh("t");
                    string j = Fresh("j");
                    body.Add(Node(new Decl(elem, acc, Scalar(elem, 1, pure: true))));
                    _vars.Add(new V(j, Ty.Int, false, true));
                    body.Add(Node(new For(Ty.Int, j, new Lit(Ty.Int, 0), new LengthOf(b), false, new List<Stmt>
                    {
                        Node(new Assign(new VarRef(elem, acc), "+=", Scalar(elem, 1, pure: true))),
                    })));
                    _vars.RemoveAll(v => v.Name == j);
                    _vars.Add(new V(acc, elem, true, false));
                    body.Add(Node(new Return(Node(new Binary(elem, "+", new VarRef(elem, acc), Scalar(elem, 1, pure: true))))));
                }
            }
            else if (shape == 2)
            {
                // scalar helper
                string u = Fresh("u"), w = Fresh("w");
                Ty t = _f.Has("float") && Chance(0.2) ? Ty.Float : Ty.Double;
                parameters.Add(new Param(u, Ty.Double, null, false));
                parameters.Add(new Param(w, t, null, false));
                _vars.Add(new V(u, Ty.Double, false, false));
                _vars.Add(new V(w, t, false, false));
                ret = Ty.Double;
                _return = ret;
                name = "Q" + index;
                body.AddRange(Statements(Next(3), allowReturn: true));
                body.Add(Node(new Return(Scalar(Ty.Double, 2, pure: true))));
            }
            else
            {
                // a helper with an int argument: the caller passes k++
                string k = Fresh("k"), u = Fresh("u");
                parameters.Add(new Param(k, Ty.Int, null, false));
                parameters.Add(new Param(u, Ty.Double, null, false));
                _vars.Add(new V(k, Ty.Int, false, false));
                _vars.Add(new V(u, Ty.Double, false, false));
                ret = Ty.Double;
                _return = ret;
                name = "K" + index;
                body.AddRange(Statements(Next(2), allowReturn: true));
                Expr scaled = Node(new Binary(Ty.Double, "*", new VarRef(Ty.Double, u), Node(new Binary(Ty.Int, "+", new VarRef(Ty.Int, k), new Lit(Ty.Int, 1)))));
                body.Add(Node(new Return(Node(new Binary(Ty.Double, "+", scaled, Scalar(Ty.Double, 1, pure: true))))));
            }

            return new Helper(new Method(name, ret, parameters, body), written);
        }

        // ----- statements -----

        private List<Stmt> Statements(int count, bool allowReturn)
        {
            var list = new List<Stmt>();
            int varMark = _vars.Count, bufMark = _bufs.Count, viewedMark = _viewed.Count;
            for (int i = 0; i < count; i++)
            {
                list.AddRange(Statement(allowReturn));
            }

            _vars.RemoveRange(varMark, _vars.Count - varMark);
            _bufs.RemoveRange(bufMark, _bufs.Count - bufMark);

            // A buffer viewed in this block is writable again after it.
            for (int i = _viewed.Count - 1; i >= viewedMark; i--)
            {
                int at = _bufs.FindIndex(b => b.Name == _viewed[i].Name);
                if (at >= 0)
                {
                    _bufs[at] = _viewed[i];
                }
            }

            _viewed.RemoveRange(viewedMark, _viewed.Count - viewedMark);
            return list;
        }

        private Ty ScalarType() => _f.Has("float") && Chance(0.25) ? Ty.Float : Ty.Double;

        private IEnumerable<Stmt> Statement(bool allowReturn)
        {
            var choices = new List<(int Weight, Func<IEnumerable<Stmt>> Make)>
            {
                (3, DeclareScalar),
                (4, AssignScalar),
            };
            if (_bufs.Any(b => b.Writable))
            {
                choices.Add((3, WriteElement));
            }

            bool canNest = _loopDepth < 2;
            if (_f.Has("loops") && canNest)
            {
                choices.Add((3, () => CountedLoop(allowReturn)));
            }

            if (_f.Has("while") && canNest && !_inHelper)
            {
                choices.Add((2, () => DataLoop(allowReturn)));
            }

            if (_f.Has("foreach") && canNest && _bufs.Count > 0)
            {
                choices.Add((2, () => ForeachLoop(allowReturn)));
            }

            if (_f.Has("branches"))
            {
                choices.Add((3, () => IfElse(allowReturn)));
            }

            if (_f.Has("switch") && canNest)
            {
                choices.Add((2, () => SwitchStatement(allowReturn)));
            }

            if (_f.Has("early") && _loopDepth > _breakFloor)
            {
                choices.Add((1, () => new[] { Node((Stmt)new If(Condition(), new List<Stmt> { Chance(0.5) ? new Break() : new Continue() }, null)) }));
            }

            if (_f.Has("early") && allowReturn && _return != Ty.Void)
            {
                choices.Add((1, () => new[] { Node((Stmt)new If(Condition(), new List<Stmt> { new Return(Scalar(_return, 1, pure: false)) }, null)) }));
            }

            if (_f.Has("arrays"))
            {
                choices.Add((2, LocalArray));
            }

            if (_f.Has("refills") && _loopDepth > 0 && RefillableHere().Count > 0)
            {
                choices.Add((1, Refill));
            }

            if (!_inHelper && _helpers.Any(h => h.Method.Return == Ty.Void))
            {
                choices.Add((3, VoidCall));
            }

            if (_f.Has("tuples") && _vars.Count(v => v.Assignable && v.T == Ty.Double) >= 2)
            {
                choices.Add((1, Tuple));
            }

            if (_f.Has("copies") && _bufs.Any(b => b.Writable && !b.IsLocalSpan))
            {
                choices.Add((2, BufferOperation));
            }

            if (_f.Has("copies") && _bufs.Count > 0)
            {
                choices.Add((1, CopiedLocal));
            }

            if (_f.Has("localspans") && _f.Has("spans"))
            {
                choices.Add((1, LocalSpan));
            }

            if (_f.Has("swaps") && SwappableArrays().Count > 0)
            {
                choices.Add((1, Swap));
                choices.Add((1, SwapWithANewArray));
                choices.Add((1, HandOnANewArray));
            }

            if (_f.Has("linq") && _bufs.Any(b => b.Kind == BufKind.Array && !b.IsLocalSpan))
            {
                choices.Add((1, DeclareSum));
            }

            if (_f.Has("extrema") && _bufs.Any(b => b.Kind == BufKind.Array && !b.IsLocalSpan))
            {
                choices.Add((1, DeclareExtremum));
            }

            if (CursorHere)
            {
                choices.Add((1, StepCursor));
                if (_bufs.Any(b => b.Writable))
                {
                    choices.Add((2, WriteAtCursor));
                }

                if (_bufs.Count > 0)
                {
                    choices.Add((2, ReadAtCursor));
                }

                if (_bufs.Count > 0 && _f.Has("branches"))
                {
                    choices.Add((1, () => BranchAtCursor(allowReturn)));
                }
            }

            if (StateHere)
            {
                choices.Add((2, () => { _usesState = true; return new[] { Node((Stmt)new StateStep(Next(4))) }; }));
                choices.Add((1, DeclareStepped));
            }

            int total = choices.Sum(c => c.Weight);
            int roll = Next(total);
            foreach (var (weight, make) in choices)
            {
                if (roll < weight)
                {
                    return make().ToList();
                }

                roll -= weight;
            }

            throw new InvalidOperationException("unreachable");
        }

        /// <summary>
        /// <c>double v = b.Max(…);</c> or <c>Min</c>: LINQ's extremum of an array, alone in its declaration, as
        /// <see cref="DeclareSum"/> declares a sum. The twin runs LINQ's loop through <c>Tr</c>, so that a point near a
        /// tie between two elements is skipped, as near any other kink.
        /// </summary>
        private IEnumerable<Stmt> DeclareExtremum() => DeclareArrayReduction((b, factor) =>
        {
            // The Abs method group is the math family's.
            int form = Next(4);
            form = form == 2 && !_f.Has("math") ? 1 : form;
            return new ExtremumOf(b.Elem, b.Name, Chance(0.5), form, Fresh("e"), factor);
        });

        private IEnumerable<Stmt> DeclareScalar()
        {
            Ty t = ScalarType();
            string name = Fresh("v");
            Stmt s = Node(new Decl(t, name, Scalar(t, 2, pure: false)));
            _vars.Add(new V(name, t, true, false));
            return new[] { s };
        }

        /// <summary>
        /// <c>double v = b.Sum(…);</c>: LINQ's sum of an array, alone in its declaration (DiffGen computes it before its
        /// statement, which it refuses where anything else in the statement has an effect). The selector's factor is a
        /// variable or a literal, so that the selector only computes a value and has no branch point of the twin.
        /// </summary>
        private IEnumerable<Stmt> DeclareSum() => DeclareArrayReduction((b, factor) =>
        {
            // The selector with Sin is the math family's.
            int form = Next(8);
            form = form == 2 && !_f.Has("math") ? 3 : form;
            return new SumOf(b.Elem, b.Name, form, Fresh("e"), factor);
        });

        /// <summary>
        /// <c>T v = reduction;</c> for a LINQ reduction of an array of the program (not a local span), given the array and
        /// a factor for its selector: a variable of the element type or a literal.
        /// </summary>
        private IEnumerable<Stmt> DeclareArrayReduction(Func<B, Expr, Expr> reduction)
        {
            B b = Pick(_bufs.Where(x => x.Kind == BufKind.Array && !x.IsLocalSpan).ToList());
            var factors = _vars.Where(v => v.T == b.Elem).ToList();
            Expr factor = factors.Count > 0 && Chance(0.6) ? new VarRef(b.Elem, Pick(factors).Name) : new Lit(b.Elem, Pick(Literals));
            string name = Fresh("v");
            Stmt s = Node(new Decl(b.Elem, name, Node(reduction(b, factor))));
            _vars.Add(new V(name, b.Elem, true, false));
            return new[] { s };
        }

        /// <summary>
        /// <c>double v = SteppedGain;</c>: the gain read through a getter that moves the state on first, a value with an
        /// effect, alone in its statement (beside a read of the gain, or twice in one statement, it is refused).
        /// </summary>
        private IEnumerable<Stmt> DeclareStepped()
        {
            _usesState = true;
            string name = Fresh("v");
            Stmt s = Node(new Decl(Ty.Double, name, Node(new StateRead(Ty.Double, Steps: true))));
            _vars.Add(new V(name, Ty.Double, true, false));
            return new[] { s };
        }

        private IEnumerable<Stmt> AssignScalar()
        {
            var targets = _vars.Where(v => v.Assignable).ToList();
            if (targets.Count == 0)
            {
                return DeclareScalar();
            }

            V target = Pick(targets);
            string op = Pick(new[] { "=", "=", "+=", "+=", "-=", "*=" });
            Expr value = op == "*=" ? Squash(target.T, Scalar(target.T, 1, pure: true)) : Scalar(target.T, 2, pure: false);
            return new[] { Node((Stmt)new Assign(new VarRef(target.T, target.Name), op, value)) };
        }

        /// <summary>Keeps a factor near 1 so that repeated <c>*=</c> in loops stays finite.</summary>
        private Expr Squash(Ty t, Expr e) =>
            _f.Has("math")
                ? Node(new Binary(t, "+", new Lit(t, 1.0), Node(new Binary(t, "*", new Lit(t, 0.5), Node(new MathCall(t, "Tanh", new[] { e }))))))
                : Node(new Binary(t, "+", new Lit(t, 0.75), Node(new Binary(t, "/", new Lit(t, 0.25), Node(new Binary(t, "+", new Lit(t, 1.0), Node(new Binary(t, "*", e, e))))))));

        /// <summary>Whether M's cursor may be read or stepped here: in M, outside a local function's body.</summary>
        private bool CursorHere => _cursor is not null && !_inHelper && _cursorOff == 0;

        /// <summary><c>(c % L)</c>, or <c>(c++ % L)</c> when <paramref name="steps"/>: an element of any buffer, as every buffer holds L elements.</summary>
        private Expr CursorIndex(bool steps) =>
            Node(new Binary(Ty.Int, "%", steps ? new PostIncrement(Ty.Int, _cursor!) : new VarRef(Ty.Int, _cursor!), new Lit(Ty.Int, _length)));

        /// <summary>Draws an expression in which the cursor does not appear: the rest of a statement that steps it (DiffGen refuses a statement that steps an index's counter and reads it elsewhere).</summary>
        private T WithoutCursor<T>(Func<T> draw)
        {
            _cursorOff++;
            try
            {
                return draw();
            }
            finally
            {
                _cursorOff--;
            }
        }

        /// <summary><c>c++;</c> or <c>c += n;</c>: the cursor moved by a statement, as between the fields of a record.</summary>
        private IEnumerable<Stmt> StepCursor()
        {
            Stmt step = Next(3) switch
            {
                0 => new ExprStmt(new PostIncrement(Ty.Int, _cursor!)),
                _ => new Assign(new VarRef(Ty.Int, _cursor!), "+=", new Lit(Ty.Int, 1 + Next(3))),
            };
            return new[] { Node(step) };
        }

        /// <summary><c>b[c++ % L] op= e;</c>: an output written at the cursor, which moves on (a stream compaction's <c>packed[k++] = …</c>).</summary>
        private IEnumerable<Stmt> WriteAtCursor()
        {
            B b = Pick(_bufs.Where(x => x.Writable).ToList());
            MarkWritten(b);
            Expr target = Node(new ElemRef(b.Elem, b.Name, CursorIndex(steps: true)));
            string op = Pick(new[] { "=", "+=", "-=" });
            Expr value = WithoutCursor(() => Scalar(b.Elem, 2, pure: false));
            return new[] { Node((Stmt)new Assign(target, op, value)) };
        }

        /// <summary>
        /// <c>v op= b[c++ % L] * e;</c> or <c>T v = …;</c>: the next field of a record read at the cursor, sometimes with the
        /// field after it read or stepped later in the same statement.
        /// </summary>
        private IEnumerable<Stmt> ReadAtCursor()
        {
            B b = Pick(_bufs);
            Expr read = Node(new ElemRef(b.Elem, b.Name, CursorIndex(steps: true)));
            var targets = _vars.Where(v => v.Assignable && v.T == b.Elem).ToList();
            Expr value;
            if (Chance(0.4))
            {
                // The next field too, read or stepped after the first in the same plain statement (b[c++ % L] * d[c % L]),
                // beside only a leaf: C# evaluates it left to right, so the second index sees the first one's step.
                B second = Pick(_bufs.Where(x => x.Elem == b.Elem).ToList());
                Expr next = Node(new ElemRef(second.Elem, second.Name, CursorIndex(steps: Chance(0.5))));
                Expr tail = WithoutCursor(() => Leaf(b.Elem));
                value = Node(new Binary(b.Elem, Pick(new[] { "+", "*", "-" }), read, Node(new Binary(b.Elem, "*", next, tail))));
            }
            else
            {
                Expr rest = WithoutCursor(() => Scalar(b.Elem, 1, pure: false));
                value = Node(new Binary(b.Elem, Pick(new[] { "+", "*", "-" }), read, rest));
            }

            if (targets.Count > 0 && Chance(0.6))
            {
                V target = Pick(targets);
                return new[] { Node((Stmt)new Assign(new VarRef(target.T, target.Name), Pick(new[] { "=", "+=", "-=" }), value)) };
            }

            string name = Fresh("v");
            Stmt s = Node(new Decl(b.Elem, name, value));
            _vars.Add(new V(name, b.Elem, true, false));
            return new[] { s };
        }

        /// <summary><c>if (b[c++ % L] &gt; e) { … } else { … }</c>: a branch on the element at the cursor, which the branches may read or move again.</summary>
        private IEnumerable<Stmt> BranchAtCursor(bool allowReturn)
        {
            B b = Pick(_bufs);
            Expr read = Node(new ElemRef(b.Elem, b.Name, CursorIndex(steps: true)));
            Expr bound = WithoutCursor(() => Scalar(b.Elem, 1, pure: true));
            Expr c = Node(new Compare(Pick(new[] { "<", "<=", ">", ">=" }), read, bound));
            List<Stmt> then = Statements(1 + Next(2), allowReturn);
            List<Stmt>? otherwise = Chance(0.5) ? Statements(1 + Next(2), allowReturn) : null;
            return new[] { Node((Stmt)new If(c, then, otherwise)) };
        }

        private IEnumerable<Stmt> WriteElement()
        {
            B b = Pick(_bufs.Where(x => x.Writable).ToList());
            MarkWritten(b);
            Expr index = Index(b);
            Expr target = Node(new ElemRef(b.Elem, b.Name, index));
            if (_f.Has("inplace") && Chance(0.4))
            {
                // a[i] = a[i] * e
                Expr factor = Squash(b.Elem, Scalar(b.Elem, 1, pure: true));
                return new[] { Node((Stmt)new Assign(target, "=", Node(new Binary(b.Elem, "*", target, factor)))) };
            }

            string op = Pick(new[] { "=", "+=", "-=" });
            return new[] { Node((Stmt)new Assign(target, op, Scalar(b.Elem, 2, pure: false))) };
        }

        private void MarkWritten(B b)
        {
            if (b.IsMainParam)
            {
                _written.Add(b.Name);
            }
        }

        /// <summary>An int expression whose value is the common buffer length.</summary>
        private Expr FullLength()
        {
            var options = new List<Expr> { new Lit(Ty.Int, _length) };
            if (_constN is not null)
            {
                options.Add(new VarRef(Ty.Int, _constN));
            }

            if (_intParam is not null)
            {
                options.Add(new VarRef(Ty.Int, _intParam));
            }

            options.AddRange(_bufs.Select(b => (Expr)new LengthOf(b.Name)));
            return Pick(options);
        }

        private Expr Bound()
        {
            var options = new List<Expr> { new Lit(Ty.Int, _length), new Lit(Ty.Int, 1 + Next(_length)) };
            if (_constN is not null)
            {
                options.Add(new VarRef(Ty.Int, _constN));
            }

            if (_intParam is not null)
            {
                options.Add(new VarRef(Ty.Int, _intParam));
            }

            foreach (B b in _bufs)
            {
                options.Add(new LengthOf(b.Name));
            }

            return Pick(options);
        }

        private IEnumerable<Stmt> CountedLoop(bool allowReturn)
        {
            Ty counter = _f.Has("intops") && Chance(0.25) ? Ty.Long : Ty.Int;
            string i = Fresh(counter == Ty.Long ? "j" : "i");
            Expr bound = Bound();
            _vars.Add(new V(i, counter, false, true));
            _loopDepth++;
            List<Stmt> body = Statements(1 + Next(3), allowReturn);
            _loopDepth--;
            _vars.RemoveAll(v => v.Name == i);
            return new[] { Node((Stmt)new For(counter, i, new Lit(counter, 0), bound, Chance(0.25), body)) };
        }

        private IEnumerable<Stmt> DataLoop(bool allowReturn)
        {
            var targets = _vars.Where(v => v.Assignable && v.T == Ty.Double).ToList();
            if (targets.Count == 0)
            {
                return DeclareScalar();
            }

            V s = Pick(targets);
            string g = Fresh("g");
            _loopDepth++;
            var body = new List<Stmt> { Node(new ExprStmt(new PostIncrement(Ty.Int, g))) };
            body.AddRange(Statements(Next(3), allowReturn));
            body.Add(Node(new Assign(new VarRef(Ty.Double, s.Name), "+=", Node(new Binary(Ty.Double, "+", new Lit(Ty.Double, 0.5), Node(new Binary(Ty.Double, "*", Scalar(Ty.Double, 1, pure: true), Scalar(Ty.Double, 1, pure: true))))))));
            _loopDepth--;
            Expr limit = new Lit(Ty.Double, Pick(new[] { 0.5, 1.5, 2.5, 4.0 }));
            Expr condition = Node(new Logical("&&", Node(new Compare("<", new VarRef(Ty.Double, s.Name), limit)), Node(new Compare("<", new VarRef(Ty.Int, g), new Lit(Ty.Int, 2 + Next(3))))));
            return new[] { Node((Stmt)new Decl(Ty.Int, g, new Lit(Ty.Int, 0))), Node(new While(condition, Chance(0.35), body)) };
        }

        private IEnumerable<Stmt> ForeachLoop(bool allowReturn)
        {
            B b = Pick(_bufs);
            string v = Fresh("e");
            _vars.Add(new V(v, b.Elem, false, false));
            _loopDepth++;
            _iterated.Add(b.Name);
            List<Stmt> body = Statements(1 + Next(2), allowReturn);
            _iterated.RemoveAt(_iterated.Count - 1);
            _loopDepth--;
            _vars.RemoveAll(x => x.Name == v);
            return new[] { Node((Stmt)new Foreach(b.Elem, v, b.Name, body)) };
        }

        /// <summary>An int value to switch on: a counter or length in scope, reduced to a few cases.</summary>
        private Expr SwitchSubject()
        {
            var ints = _vars.Where(v => v.T == Ty.Int).ToList();
            Expr value = ints.Count > 0 && (_bufs.Count == 0 || Chance(0.8)) ? new VarRef(Ty.Int, Pick(ints).Name) : new LengthOf(Pick(_bufs).Name);
            return Node(new Binary(Ty.Int, "%", value, new Lit(Ty.Int, 3 + Next(2))));
        }

        private IEnumerable<Stmt> SwitchStatement(bool allowReturn)
        {
            if (_bufs.Count == 0 && !_vars.Any(v => v.T == Ty.Int))
            {
                return IfElse(allowReturn);
            }

            Expr subject = SwitchSubject();
            int floor = _breakFloor;
            _breakFloor = _loopDepth;
            var labels = Enumerable.Range(0, 4).OrderBy(_ => Next(100)).ToList();
            var cases = new List<SwitchCase>();
            int sections = 1 + Next(3);
            for (int i = 0, used = 0; i < sections && used < labels.Count; i++)
            {
                int take = Math.Min(labels.Count - used, Chance(0.3) ? 2 : 1);
                cases.Add(new SwitchCase(labels.Skip(used).Take(take).OrderBy(l => l).ToList(), Statements(1 + Next(2), allowReturn)));
                used += take;
            }

            List<Stmt>? otherwise = Chance(0.6) ? Statements(1 + Next(2), allowReturn) : null;
            _breakFloor = floor;
            return new[] { Node((Stmt)new Switch(subject, cases, otherwise)) };
        }

        private IEnumerable<Stmt> IfElse(bool allowReturn)
        {
            Expr c = Condition();
            List<Stmt> then = Statements(1 + Next(2), allowReturn);
            List<Stmt>? otherwise = Chance(0.5) ? Statements(1 + Next(2), allowReturn) : null;
            return new[] { Node((Stmt)new If(c, then, otherwise)) };
        }

        private IEnumerable<Stmt> LocalArray() => LocalArray(null, null);

        /// <param name="elementType">The element type; null to draw one.</param>
        /// <param name="declaredLength">The length as declared; null to draw one.</param>
        private List<Stmt> LocalArray(Ty? elementType, Expr? declaredLength)
        {
            Ty elem = elementType ?? ScalarType();
            string t = Fresh("t");
            Expr length = declaredLength ?? (_loopDepth > 0 && _constN is not null ? new VarRef(Ty.Int, _constN) : FullLength());
            var list = new List<Stmt> { Node(new ArrayDecl(elem, t, length)) };
            if (_f.Has("refills") && _loopDepth == 0 && !_inHelper && Chance(0.5))
            {
                // Zeros until a loop fills it again (Refill), the one statement that writes it: read-only to the rest. A loop
                // that fills it on every trip, amid other statements, follows at once.
                _bufs.Add(new B(t, elem, BufKind.Array, false, false, DeclaredLength: length));
                _refillable.Add(t);
                string trip = Fresh("i");
                _vars.Add(new V(trip, Ty.Int, false, true));
                _loopDepth++;
                var body = Statements(Next(2), allowReturn: false);
                body.AddRange(Refill());
                body.AddRange(Statements(Next(3), allowReturn: false));
                _loopDepth--;
                _vars.RemoveAll(v => v.Name == trip);
                list.Add(Node(new For(Ty.Int, trip, new Lit(Ty.Int, 0), Bound(), false, body)));
                return list;
            }

            string i = Fresh("i");
            _vars.Add(new V(i, Ty.Int, false, true));
            var fill = new List<Stmt> { Node(new Assign(Node(new ElemRef(elem, t, new VarRef(Ty.Int, i))), "=", Scalar(elem, 2, pure: false))) };
            _vars.RemoveAll(v => v.Name == i);
            list.Add(Node(new For(Ty.Int, i, new Lit(Ty.Int, 0), new LengthOf(t), false, fill)));
            _bufs.Add(new B(t, elem, BufKind.Array, true, false, DeclaredLength: length));
            return list;
        }

        /// <summary>The arrays declared without a fill (the <c>refills</c> family) that are in scope here and not being iterated or viewed.</summary>
        private List<B> RefillableHere() => _bufs.Where(b => _refillable.Contains(b.Name) && !_iterated.Contains(b.Name) && !_viewed.Any(v => v.Name == b.Name)).ToList();

        /// <summary>
        /// <c>for (int i = 0; i &lt; t.Length; i++) t[i] = …;</c> inside a loop, with values built from M's parameter buffers,
        /// the counter and literals: the shape of a scratch array filled afresh on every trip.
        /// </summary>
        private IEnumerable<Stmt> Refill()
        {
            B b = Pick(RefillableHere());
            string i = Fresh("i");
            Expr value = Refilled(b.Elem, i, 2);
            var fill = new List<Stmt> { Node(new Assign(Node(new ElemRef(b.Elem, b.Name, new VarRef(Ty.Int, i))), "=", value)) };
            var statements = new List<Stmt> { Node((Stmt)new For(Ty.Int, i, new Lit(Ty.Int, 0), new LengthOf(b.Name), false, fill)) };

            // Usually a loop that reads it more often than the fill writes it follows, the use that makes DiffGen
            // restore (or fill again) the array rather than record its reads.
            var targets = _vars.Where(v => v.Assignable && !v.Index && v.T == b.Elem).ToList();
            if (targets.Count > 0 && Chance(0.85))
            {
                V target = Pick(targets);
                string j = Fresh("i");
                Expr element = Node(new ElemRef(b.Elem, b.Name, new VarRef(Ty.Int, j)));
                Expr product = Node(new Binary(b.Elem, "*", element, Node(new Binary(b.Elem, "*", Node(new ElemRef(b.Elem, b.Name, new VarRef(Ty.Int, j))), Scalar(b.Elem, 1, pure: false)))));
                var use = new List<Stmt> { Node(new Assign(new VarRef(target.T, target.Name), "+=", product)) };
                statements.Add(Node((Stmt)new For(Ty.Int, j, new Lit(Ty.Int, 0), new LengthOf(b.Name), false, use)));
            }

            return statements;
        }

        private Expr Refilled(Ty want, string counter, int depth)
        {
            if (depth > 0 && !Chance(0.3))
            {
                return Node(new Binary(want, Pick(new[] { "+", "-", "*" }), Refilled(want, counter, depth - 1), Refilled(want, counter, depth - 1)));
            }

            var sources = _bufs.Where(s => s.IsMainParam && !s.IsLocalSpan && (s.Elem == want || (want == Ty.Double && s.Elem == Ty.Float))).ToList();
            int roll = Next(4);
            if (sources.Count > 0 && roll < 2)
            {
                B source = Pick(sources);
                Expr index = Node(new Binary(Ty.Int, "%", new VarRef(Ty.Int, counter), new LengthOf(source.Name)));
                return Node(new ElemRef(source.Elem, source.Name, index));
            }

            return roll == 2 ? Node(new Cast(want, new VarRef(Ty.Int, counter))) : new Lit(want, Pick(Literals));
        }

        /// <summary>
        /// Local arrays DiffGen may swap or create again: writable, with a length declared as a constant, the constant N,
        /// or the length of a buffer that is itself never swapped (a parameter, a copy).
        /// </summary>
        private List<B> SwappableArrays() =>
            _bufs.Where(b => b.Writable && !_iterated.Contains(b.Name) && b.DeclaredLength switch
            {
                Lit => true,
                VarRef length => length.Name == _constN,
                LengthOf of => _bufs.Any(other => other.Name == of.Buffer && other.DeclaredLength is null && !other.IsLocalSpan),
                _ => false,
            }).ToList();

        /// <summary>
        /// Two local arrays of one element type and one declared length swapped, as time-stepping code swaps its states:
        /// <c>(a, b) = (b, a);</c> or <c>var t = a; a = b; b = t;</c>. Or, with one array, <c>a = new double[n];</c>.
        /// </summary>
        private IEnumerable<Stmt> Swap()
        {
            List<B> arrays = SwappableArrays();
            B a = Pick(arrays);
            var partners = arrays.Where(b => b.Name != a.Name && b.Elem == a.Elem && Equals(b.DeclaredLength, a.DeclaredLength)).ToList();
            if (partners.Count == 0 || Chance(0.25))
            {
                return new[] { Node((Stmt)new RecreateArray(a.Elem, a.Name, a.DeclaredLength!)) };
            }

            B b = Pick(partners);
            return new[] { Node((Stmt)new SwapArrays(a.Name, b.Name, Chance(0.5) ? Fresh("tmp") : null)) };
        }

        /// <summary>
        /// A new state handed on, as recurrent code writes it: a local array like one in scope declared and filled in this
        /// block, then <c>a = t;</c>. Nothing reads <c>t</c> after (it is never offered to later statements).
        /// </summary>
        private IEnumerable<Stmt> HandOnANewArray()
        {
            B a = Pick(SwappableArrays());
            string t = Fresh("t");
            var list = new List<Stmt> { Node(new ArrayDecl(a.Elem, t, a.DeclaredLength!)) };
            string i = Fresh("i");
            _vars.Add(new V(i, Ty.Int, false, true));
            var fill = new List<Stmt> { Node(new Assign(Node(new ElemRef(a.Elem, t, new VarRef(Ty.Int, i))), "=", Scalar(a.Elem, 2, pure: false))) };
            _vars.RemoveAll(v => v.Name == i);
            list.Add(Node(new For(Ty.Int, i, new Lit(Ty.Int, 0), new LengthOf(t), false, fill)));
            list.Add(Node((Stmt)new HandOn(a.Name, t)));
            return list;
        }

        /// <summary>A second local array like one in scope, filled, and the two swapped (or the first created again).</summary>
        private IEnumerable<Stmt> SwapWithANewArray()
        {
            B a = Pick(SwappableArrays());
            List<Stmt> list = LocalArray(a.Elem, a.DeclaredLength);
            list.AddRange(Swap());
            return list;
        }

        /// <summary>
        /// A local span: scratch space filled in a loop, or a read-only view of a whole buffer. A viewed buffer stays
        /// unwritten for the rest of the block, as DiffGen asks (it differentiates the view as a copy).
        /// </summary>
        private IEnumerable<Stmt> LocalSpan()
        {
            if (_bufs.Count == 0 || Chance(0.5))
            {
                Ty elem = ScalarType();
                string t = Fresh("s");
                Expr length = _loopDepth > 0 && _constN is not null ? new VarRef(Ty.Int, _constN) : FullLength();
                var list = new List<Stmt> { Node(new SpanDecl(elem, t, length, null, false, Next(2))) };
                string i = Fresh("i");
                _vars.Add(new V(i, Ty.Int, false, true));
                var fill = new List<Stmt> { Node(new Assign(Node(new ElemRef(elem, t, new VarRef(Ty.Int, i))), "=", Scalar(elem, 2, pure: false))) };
                _vars.RemoveAll(v => v.Name == i);
                list.Add(Node(new For(Ty.Int, i, new Lit(Ty.Int, 0), new LengthOf(t), false, fill)));
                _bufs.Add(new B(t, elem, BufKind.Span, true, false, IsLocalSpan: true));
                return list;
            }

            B source = Pick(_bufs);
            string name = Fresh("w");
            int form = _f.Has("slices") ? Next(4) : Next(2);
            // An array only a refill writes is kept from refills while the view is in scope too.
            if (source.Writable || _refillable.Contains(source.Name))
            {
                _viewed.Add(source);
                _bufs[_bufs.IndexOf(source)] = source with { Writable = false };
            }

            _bufs.Add(new B(name, source.Elem, BufKind.ReadOnlySpan, false, false, IsLocalSpan: true));
            return new[] { Node((Stmt)new SpanDecl(source.Elem, name, null, source.Name, source.Kind == BufKind.Array, form)) };
        }

        /// <summary>A copy, fill or clear of a writable buffer, from a buffer of its element type where it copies.</summary>
        private IEnumerable<Stmt> BufferOperation()
        {
            B destination = Pick(_bufs.Where(x => x.Writable && !x.IsLocalSpan).ToList());
            MarkWritten(destination);
            var sources = _bufs.Where(b => b.Elem == destination.Elem && b.Name != destination.Name && !b.IsLocalSpan).ToList();
            string form = sources.Count > 0 && Chance(0.4)
                ? Pick(new[] { "copy", "copyto" })
                : Pick(new[] { "shift", "unshift", "fill", "filltail", "clear", "reverse", "reversetail", "reverseview" });
            B? source = form is "copy" or "copyto" ? Pick(sources) : null;
            Expr? value = form is "fill" or "filltail" ? Scalar(destination.Elem, 1, pure: true) : null;
            return new[] { Node((Stmt)new BufferOp(form, destination.Name, destination.Kind == BufKind.Array, source?.Name, source?.Kind == BufKind.Array, value)) };
        }

        /// <summary>A local array declared as a copy of a buffer.</summary>
        private IEnumerable<Stmt> CopiedLocal()
        {
            B source = Pick(_bufs);
            string name = Fresh("c");
            _bufs.Add(new B(name, source.Elem, BufKind.Array, true, false));
            return new[] { Node((Stmt)new CopyDecl(source.Elem, name, source.Name, source.Kind == BufKind.Array, Next(6))) };
        }

        private IEnumerable<Stmt> VoidCall()
        {
            Helper h = Pick(_helpers.Where(x => x.Method.Return == Ty.Void).ToList());
            Expr? call = CallOf(h);
            if (call is Call { Args: var args } whole && _f.Has("slices") && Chance(0.5))
            {
                call = whole with { Args = AsSlices(h, args) };
            }

            return call is null ? DeclareScalar() : new[] { Node((Stmt)new ExprStmt(call)) };
        }

        /// <summary>
        /// The call statement's buffer arguments, some passed as slices of themselves where nothing else in the call
        /// names the buffer: a span parameter gets a view (<c>x.AsSpan(0)</c>, <c>s.Slice(0, s.Length)</c>, or a range of a
        /// span), an array parameter that is only read a range of an array (a copy). DiffGen copies a slice before the
        /// statement and back after it, which is the call's meaning only then.
        /// </summary>
        private List<Expr> AsSlices(Helper h, IReadOnlyList<Expr> args)
        {
            var result = new List<Expr>(args);
            for (int p = 0; p < args.Count; p++)
            {
                if (args[p] is not BufRef buffer || h.Method.Params[p].Kind is not { } kind || !Chance(0.6)
                    || args.Where((_, i) => i != p).Any(other => Names(other).Contains(buffer.Name)))
                {
                    continue;
                }

                bool writes = h.WrittenParams.Contains(p);
                if (_bufs.FirstOrDefault(b => b.Name == buffer.Name) is { IsLocalSpan: true })
                {
                    continue;
                }

                bool isArray = _bufs.FirstOrDefault(b => b.Name == buffer.Name)?.Kind == BufKind.Array;
                if (kind == BufKind.Array && (!isArray || writes))
                {
                    continue;
                }

                int form = kind == BufKind.Array ? 2 + Next(2) : Next(isArray && writes ? 2 : 4);
                result[p] = new SliceRef(buffer.Name, form, isArray);
            }

            return result;
        }

        /// <summary>Every buffer or variable name an expression mentions.</summary>
        private static HashSet<string> Names(Expr e) => Expressions.SelfAndDescendants(e)
            .Select(x => x switch
            {
                BufRef b => b.Name,
                SliceRef slice => slice.Name,
                ElemRef element => element.Buffer,
                LengthOf length => length.Buffer,
                SumOf sum => sum.Buffer,
                ExtremumOf extremum => extremum.Buffer,
                VarRef v => v.Name,
                _ => null,
            })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        private IEnumerable<Stmt> Tuple()
        {
            var targets = _vars.Where(v => v.Assignable && v.T == Ty.Double).ToList();
            V a = Pick(targets);
            V b = Pick(targets.Where(v => v != a).ToList());
            Expr ea = Scalar(Ty.Double, 1, pure: true);
            Expr eb = Chance(0.6) ? new VarRef(Ty.Double, a.Name) : Scalar(Ty.Double, 1, pure: true);
            return new[] { Node((Stmt)new TupleAssign(a.Name, b.Name, ea, eb)) };
        }

        // ----- calls -----

        /// <summary>A call of <paramref name="h"/> with arguments that fit, or null when no buffer in scope fits.</summary>
        private Expr? CallOf(Helper h, int depth = 1)
        {
            var args = new List<Expr>();
            for (int p = 0; p < h.Method.Params.Count; p++)
            {
                Param param = h.Method.Params[p];
                bool writes = h.WrittenParams.Contains(p);
                if (param.Kind is { } kind)
                {
                    var fits = _bufs.Where(b => b.Elem == param.T && (!writes || b.Writable) && (kind == BufKind.Array ? b.Kind == BufKind.Array : b.Kind != BufKind.ReadOnlySpan)).ToList();
                    if (fits.Count == 0)
                    {
                        return null;
                    }

                    B chosen = Pick(fits);
                    if (writes)
                    {
                        MarkWritten(chosen);
                    }

                    args.Add(new BufRef(chosen.Name));
                }
                else if (param.T == Ty.Int)
                {
                    var ints = _vars.Where(v => v.T == Ty.Int).ToList();
                    args.Add(_stepCounter is not null && Chance(0.7) ? new PostIncrement(Ty.Int, _stepCounter)
                        : ints.Count > 0 && Chance(0.6) ? new VarRef(Ty.Int, Pick(ints).Name) : new Lit(Ty.Int, 1 + Next(3)));
                }
                else
                {
                    args.Add(Scalar(param.T, depth, pure: false));
                }
            }

            return Node(new Call(h.Method.Return, h.Method.Name, args));
        }

        // ----- expressions -----

        private Expr Index(B b)
        {
            if (CursorHere && Chance(0.2))
            {
                return CursorIndex(steps: false);
            }

            var counters = _vars.Where(v => v.Index && (v.T == Ty.Int || b.Kind == BufKind.Array)).ToList();
            var longCounters = _vars.Where(v => v.Index && v.T == Ty.Long && b.Kind != BufKind.Array).ToList();
            int roll = Next(10);
            if (counters.Count > 0 && roll < 5)
            {
                V c = Pick(counters);
                return new VarRef(c.T, c.Name);
            }

            if (longCounters.Count > 0 && roll < 6)
            {
                return Node(new Cast(Ty.Int, new VarRef(Ty.Long, Pick(longCounters).Name)));
            }

            var intCounters = _vars.Where(v => v.Index && v.T == Ty.Int).ToList();
            if (_f.Has("intops") && intCounters.Count > 0 && roll < 9)
            {
                V c = Pick(intCounters);
                Expr i = new VarRef(Ty.Int, c.Name);
                Expr top = _constN is not null ? new VarRef(Ty.Int, _constN) : new Lit(Ty.Int, _length);
                return Next(3) switch
                {
                    0 => Node(new Binary(Ty.Int, "-", Node(new Binary(Ty.Int, "-", top, new Lit(Ty.Int, 1))), i)),
                    1 => Node(new Binary(Ty.Int, "/", i, new Lit(Ty.Int, 2))),
                    _ => Node(new Binary(Ty.Int, "%", Node(new Binary(Ty.Int, "+", i, new Lit(Ty.Int, 1))), top)),
                };
            }

            if (StateHere && b.IsMainParam && Chance(0.3))
            {
                _usesState = true;
                return Node(new StateRead(Ty.Int));
            }

            return new Lit(Ty.Int, Next(_length));
        }

        private Expr? IntLeaf()
        {
            var options = _vars.Where(v => v.T is Ty.Int or Ty.Long).Select(v => (Expr)new VarRef(v.T, v.Name)).ToList();
            if (options.Count == 0)
            {
                return null;
            }

            Expr e = Pick(options);
            return Next(3) switch
            {
                0 => Node(new Binary(e.Type, "/", e, new Lit(Ty.Int, 2))),
                _ => e,
            };
        }

        private static readonly double[] Literals = { 0.5, 1.5, 2.0, -0.75, 0.25, 3.0, 1.0, -1.25 };

        private Expr Leaf(Ty want)
        {
            var options = new List<Func<Expr>>();
            var vars = _vars.Where(v => v.T == want || (want == Ty.Double && v.T == Ty.Float)).ToList();
            if (vars.Count > 0)
            {
                options.Add(() => { V v = Pick(vars); return new VarRef(v.T, v.Name); });
                options.Add(() => { V v = Pick(vars); return new VarRef(v.T, v.Name); });
            }

            var bufs = _bufs.Where(b => b.Elem == want || (want == Ty.Double && b.Elem == Ty.Float)).ToList();
            if (bufs.Count > 0)
            {
                options.Add(() => { B b = Pick(bufs); return Node(new ElemRef(b.Elem, b.Name, Index(b))); });
                options.Add(() => { B b = Pick(bufs); return Node(new ElemRef(b.Elem, b.Name, Index(b))); });
            }

            options.Add(() => new Lit(want, Pick(Literals)));
            if (_f.Has("intops"))
            {
                options.Add(() => IntLeaf() ?? new Lit(want, Pick(Literals)));
            }

            if (StateHere && want is Ty.Double or Ty.Float)
            {
                options.Add(() => { _usesState = true; return new StateRead(want); });
            }

            return Node(Pick(options)());
        }

        private Expr Scalar(Ty want, int depth, bool pure)
        {
            if (depth <= 0 || Chance(0.3))
            {
                return Leaf(want);
            }

            var options = new List<(int Weight, Func<Expr> Make)>
            {
                (6, () => Node(new Binary(want, Pick(new[] { "+", "-", "*" }), Scalar(want, depth - 1, pure), Scalar(want, depth - 1, pure)))),
                (1, () => Node(new Neg(want, Scalar(want, depth - 1, pure)))),
                (2, () => SafeDivision(want, depth, pure)),
            };
            if (_f.Has("math"))
            {
                options.Add((4, () => MathOf(want, depth, pure)));
            }

            if (_f.Has("float"))
            {
                options.Add((1, () => want == Ty.Double
                    ? Node(new Cast(Ty.Double, Scalar(Ty.Float, depth - 1, pure)))
                    : Node(new Cast(Ty.Float, Scalar(Ty.Double, depth - 1, pure)))));
            }

            if (_f.Has("switch") && (_bufs.Count > 0 || _vars.Any(v => v.T == Ty.Int)))
            {
                options.Add((1, () => Node(new SwitchExpr(want, SwitchSubject(), Enumerable.Range(0, 1 + Next(3)).Select(_ => Scalar(want, depth - 1, pure)).ToList(), Scalar(want, depth - 1, pure)))));
            }

            if (_f.Has("ternary"))
            {
                options.Add((1, () => Node(new Ternary(want, Condition(), Scalar(want, depth - 1, pure), Scalar(want, depth - 1, pure)))));
            }

            if (_f.Has("intops"))
            {
                options.Add((1, () => IntegerMix(want, depth, pure)));
            }

            if (!_inHelper && _localFunctions.Any(f => f.Return == want || want == Ty.Double))
            {
                options.Add((2, () => LocalFunctionCall(want, depth)));
            }

            if (!pure && !_inHelper)
            {
                var callable = _helpers.Where(h => h.Method.Return != Ty.Void && (h.Method.Return == want || want == Ty.Double)).ToList();
                if (callable.Count > 0)
                {
                    options.Add((3, () => CallOf(Pick(callable), depth - 1) ?? Leaf(want)));
                }
            }

            int roll = Next(options.Sum(o => o.Weight));
            foreach (var (weight, make) in options)
            {
                if (roll < weight)
                {
                    return make();
                }

                roll -= weight;
            }

            throw new InvalidOperationException("unreachable");
        }

        /// <summary>
        /// A local function of M: one to three parameters (an int among them with intops), an expression of them, of M's
        /// scalar parameters, buffers and constant N, and of the local functions before it.
        /// </summary>
        private LocalFunctionDecl LocalFunction()
        {
            List<V> outerVars = _vars;
            List<B> outerBufs = _bufs;
            Ty ret = _f.Has("float") && Chance(0.2) ? Ty.Float : Ty.Double;
            var parameters = new List<Param>();
            var own = new List<V>();
            int count = 1 + Next(3);
            for (int i = 0; i < count; i++)
            {
                Ty t = _f.Has("intops") && i > 0 && Chance(0.25) ? Ty.Int : (_f.Has("float") && Chance(0.2) ? Ty.Float : Ty.Double);
                string name = Fresh("p");
                parameters.Add(new Param(name, t, null, false));
                own.Add(new V(name, t, false, false));
            }

            bool captures = Chance(0.6);
            _cursorOff++;
            _vars = captures ? outerVars.Concat(own).ToList() : own;
            // A span cannot be captured by a local function.
            _bufs = captures ? outerBufs.Where(b => b.Kind == BufKind.Array).Select(b => b with { Writable = false }).ToList() : new List<B>();

            // Sometimes locals declared once before the return, each reading what came before it.
            var lets = new List<LocalLet>();
            int letCount = Chance(0.35) ? 1 + Next(2) : 0;
            for (int i = 0; i < letCount; i++)
            {
                Ty t = _f.Has("float") && Chance(0.2) ? Ty.Float : Ty.Double;
                Expr value = Scalar(t, 2, pure: true);
                var let = new LocalLet(t, Fresh("l"), Substitutable(value) ? value : new Lit(t, Pick(Literals)));
                lets.Add(let);
                own.Add(new V(let.Name, t, false, false));
                _vars = _vars.Append(new V(let.Name, t, false, false)).ToList();
            }

            Expr drawn = Scalar(ret, 3, pure: true);
            Expr body = Substitutable(drawn) ? drawn : new Lit(ret, Pick(Literals));
            if (lets.Count > 0 && lets[^1].T == ret && Chance(0.7))
            {
                // Mostly the value reads the last local, which reads the ones before it.
                body = Node(new Binary(ret, Pick(new[] { "+", "*", "-" }), Node(new VarRef(ret, lets[^1].Name)), body));
            }

            // Sometimes returns an if guards before the last one: `if (p0 < l1) return e;`.
            var guards = new List<LocalGuard>();
            int guardCount = Chance(0.3) ? 1 + Next(2) : 0;
            for (int i = 0; i < guardCount; i++)
            {
                Expr condition = Condition();
                Expr value = Scalar(ret, 2, pure: true);
                if (Substitutable(condition))
                {
                    guards.Add(new LocalGuard(condition, Substitutable(value) ? value : new Lit(ret, Pick(Literals))));
                }
            }

            _vars = outerVars;
            _bufs = outerBufs;
            _cursorOff--;
            string[] ownNames = own.Select(v => v.Name).ToArray();
            bool isStatic = lets.Select(l => l.Value).Concat(guards.SelectMany(g => new[] { g.Condition, g.Value })).Append(body).SelectMany(Expressions.SelfAndDescendants).All(e => e switch
            {
                VarRef v => ownNames.Contains(v.Name),
                ElemRef or LengthOf or Call => false,
                _ => true,
            });
            return new LocalFunctionDecl(Fresh("Lf"), ret, parameters, body, isStatic, lets, guards);
        }

        /// <summary>A call of one of M's local functions, with arguments that only compute values.</summary>
        private Expr LocalFunctionCall(Ty want, int depth)
        {
            LocalFunctionDecl function = Pick(_localFunctions.Where(f => f.Return == want || want == Ty.Double).ToList());
            var args = new List<Expr>();
            foreach (Param p in function.Params)
            {
                var ints = _vars.Where(v => v.T == Ty.Int).ToList();
                Expr arg = p.T != Ty.Int ? Scalar(p.T, depth - 1, pure: true)
                    : ints.Count > 0 && Chance(0.7) ? new VarRef(Ty.Int, Pick(ints).Name) : new Lit(Ty.Int, 1 + Next(3));
                args.Add(Substitutable(arg) ? arg : new Lit(p.T, p.T == Ty.Int ? 1 : Pick(Literals)));
            }

            return Node(new Call(function.Return, function.Name, args));
        }

        /// <summary>Whether an expression only computes a value: no increments, and no calls but of M's local functions.</summary>
        private bool Substitutable(Expr e) =>
            Expressions.SelfAndDescendants(e).All(x => x switch
            {
                PostIncrement => false,
                Call call => _localFunctions.Any(f => f.Name == call.Method),
                _ => true,
            });

        private Expr Positive(Ty want, Expr e, double offset) =>
            Node(new Binary(want, "+", Node(new Binary(want, "*", e, e)), new Lit(want, offset)));

        private Expr SafeDivision(Ty want, int depth, bool pure)
        {
            Expr numerator = Scalar(want, depth - 1, pure);
            if (Chance(0.5))
            {
                return Node(new Binary(want, "/", numerator, Positive(want, Scalar(want, depth - 1, pure: true), 1.0)));
            }

            return Node(new Binary(want, "/", numerator, new Lit(want, Pick(new[] { 2.0, -4.0, 0.5, 3.0 }))));
        }

        /// <summary>Integer constants, integer division and counters inside a floating expression: <c>s / N</c>, <c>x / (2 * 2)</c>, <c>x * (i / 2)</c>.</summary>
        private Expr IntegerMix(Ty want, int depth, bool pure)
        {
            Expr x = Scalar(want, depth - 1, pure);
            switch (Next(4))
            {
                case 0 when _constN is not null:
                    return Node(new Binary(want, "/", x, new VarRef(Ty.Int, _constN)));
                case 1:
                    return Node(new Binary(want, "/", x, Node(new Binary(Ty.Int, "*", new Lit(Ty.Int, 2), new Lit(Ty.Int, 2)))));
                case 2 when _intParam is not null:
                    return Node(new Binary(want, "/", x, new VarRef(Ty.Int, _intParam)));
                default:
                    Expr? i = IntLeaf();
                    return i is null
                        ? Node(new Binary(want, "/", x, new Lit(Ty.Int, 4)))
                        : Node(new Binary(want, "*", x, Node(new Binary(i.Type, "+", i, new Lit(Ty.Int, 1)))));
            }
        }

        private Expr MathOf(Ty want, int depth, bool pure)
        {
            Expr A() => Scalar(want, depth - 1, pure);
            Expr P() => Scalar(want, depth - 1, pure: true);
            Expr M(string f, params Expr[] args) => Node(new MathCall(want, f, args));
            return Next(12) switch
            {
                0 => M("Sin", A()),
                1 => M("Cos", A()),
                2 => M("Tanh", A()),
                3 => M("Atan", A()),
                4 => M("Exp", M(Pick(new[] { "Sin", "Tanh", "Cos" }), A())),
                5 => Chance(0.5) ? M("Log", Positive(want, P(), 1.0)) : M("Log", Node(new Binary(want, "+", M("Abs", P()), new Lit(want, 0.5)))),
                6 => M("Sqrt", Positive(want, P(), 0.25)),
                7 => Chance(0.6) ? M("Pow", Positive(want, P(), 0.5), new Lit(want, Pick(new[] { 0.5, 1.5, 2.0, 3.0 }))) : M("Pow", Positive(want, P(), 0.5), M("Sin", A())),
                8 => M("Abs", A()),
                9 => M("Max", A(), A()),
                10 => M("Min", A(), A()),
                _ => M("Sin", A()),
            };
        }

        private Expr Condition()
        {
            if (_f.Has("intops") && Chance(0.2) && _vars.Any(v => v.Index && v.T == Ty.Int))
            {
                V i = Pick(_vars.Where(v => v.Index && v.T == Ty.Int).ToList());
                return Node(new Compare("==", Node(new Binary(Ty.Int, "%", new VarRef(Ty.Int, i.Name), new Lit(Ty.Int, 2))), new Lit(Ty.Int, 0)));
            }

            Ty t = ScalarType();
            Expr c = Node(new Compare(Pick(new[] { "<", "<=", ">", ">=" }), Scalar(t, 1, pure: true), Scalar(t, 1, pure: true)));
            if (Chance(0.15))
            {
                c = Node(new Logical(Pick(new[] { "&&", "||" }), c, Node(new Compare(">", Scalar(Ty.Double, 1, pure: true), new Lit(Ty.Double, -0.5)))));
            }

            return c;
        }
    }
}
