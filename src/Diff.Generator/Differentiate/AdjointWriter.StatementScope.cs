using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Diff.Generator.Rules;

namespace Diff.Generator.Differentiate
{
    internal sealed partial class AdjointWriter
    {
        /// <summary>
        /// Differentiates the expression of one assignment symbolically: builds a node tree, pushes
        /// the seed 1 back through it (expression-level reverse mode), and writes the temporaries
        /// that the partial derivatives refer to.
        /// </summary>
        private sealed class StatementScope
        {
            private readonly AdjointWriter _writer;
            private readonly List<SweepStmt> _forward;
            private readonly Context _context;
            private readonly List<SweepStmt> _pops;
            private readonly Dictionary<string, (Value Forward, Value Reverse)> _indices = new(System.StringComparer.Ordinal);
            private readonly Dictionary<Term, Term?> _reverseForms = new();
            private readonly HashSet<Term> _constantLeaves = new();
            private System.Func<Term, bool>? _isConstantLeaf;
            private readonly HashSet<Term> _rulePartials = new();
            private readonly Dictionary<string, Node> _elementTemps = new(System.StringComparer.Ordinal);
            private readonly HashSet<string> _emittedTemps = new(System.StringComparer.Ordinal);
            private int _pushes;

            public StatementScope(AdjointWriter writer, List<SweepStmt> forward, Context context, List<SweepStmt> pops)
            {
                _writer = writer;
                _forward = forward;
                _context = context;
                _pops = pops;
            }

            public Dictionary<string, Leaf> Leaves { get; } = new(System.StringComparer.Ordinal);

            public List<VectorLeaf> Vectors { get; } = new();

            /// <summary>
            /// Set when a partial can be infinite or NaN where the value itself is finite (a division, a
            /// logarithm, a square root, a call): only then is a zero adjoint worth testing for.
            /// </summary>
            public bool MayBeNonFinite { get; private set; }

            /// <summary>Set when the expression converts between float and double, so partials need explicit casts.</summary>
            public bool MixedKinds { get; private set; }

            /// <summary>An index as the forward and the reverse sweep write it: recomputed when stable, recorded otherwise.</summary>
            public (Value Forward, Value Reverse) Index(ValueExpr index)
            {
                if (_writer.IsRecomputableIndex(index))
                {
                    return (index.Tree, index.Tree);
                }

                if (index.Pure && _indices.TryGetValue(index.Code, out var known))
                {
                    return known;
                }

                string local = _writer._names.Fresh("i");
                // Every valid index fits in an int; a long or ulong index is narrowed so that it fits the tape.
                _forward.Add(new IndexStmt(local, index));
                var result = ((Value)new NameValue(local, IrType.Int32), (Value)Recorded(_writer.Save(ScalarKind.Integer, new NameTerm(local, ScalarKind.Integer), _context, _forward, _pops)));
                if (index.Pure)
                {
                    _indices[index.Code] = result;
                }

                return result;
            }

            public Node Build(Expr expr)
            {
                switch (expr)
                {
                    case VarExpr variable:
                        return new Node(expr, System.Array.Empty<Node>(), _writer._active.Contains(variable.Name));
                    case ElemExpr element:
                    {
                        (Value forward, Value reverse) = Index(element.Index);
                        return new Node(expr, System.Array.Empty<Node>(), _writer._active.Contains(element.Array))
                        {
                            ElementIndex = ValuePrinter.Print(forward),
                            ElementIndexForward = forward,
                            ElementIndexReverse = reverse,
                        };
                    }

                    case NegateExpr negate:
                        return Composite(expr, Build(negate.Operand));
                    case BinaryExpr binary:
                        return Composite(expr, Build(binary.Left), Build(binary.Right));
                    case ConvertExpr convert:
                        MixedKinds = true;
                        return Composite(expr, Build(convert.Operand));
                    case IntrinsicCallExpr call:
                        return Composite(expr, call.Args.Select(Build).ToArray());
                    case UserCallExpr call:
                    {
                        Node[] children = call.Args.Select(a => a.Role switch
                        {
                            ArgRole.Scalar => Build(a.Value),
                            ArgRole.Array or ArgRole.Span => new Node(a.Value, System.Array.Empty<Node>(), a.BufferName is not null && _writer._active.Contains(a.BufferName)),
                            _ => new Node(a.Value, System.Array.Empty<Node>(), false),
                        }).ToArray();
                        return new Node(expr, children, children.Any(c => c.Active)) { NeedsTemp = true, Temp = _writer._names.Fresh("t") };
                    }

                    default:
                        // Opaque code, and conditionals, which lowering has already hoisted into ifs.
                        return new Node(expr, System.Array.Empty<Node>(), false);
                }
            }

            private static Node Composite(Expr expr, params Node[] children) => new(expr, children, children.Any(c => c.Active));

            /// <summary>
            /// Whether the term is fixed for the whole call (numbers, literals, constant fields): it is
            /// never recorded, and the reverse sweep writes it as it is.
            /// </summary>
            public bool IsConstant(Term term) => Terms.AllLeaves(term, _isConstantLeaf ??= _constantLeaves.Contains);

            /// <summary>
            /// The term as the reverse sweep can compute it again: each sub-term found in
            /// <paramref name="recorded"/> replaced by its recorded copy, each other leaf by its reverse
            /// form (a stable name, a read of a buffer that still holds the value); null when some leaf
            /// has neither. A call of a math function that is not recorded makes it null too:
            /// recording its value costs less than calling it again.
            /// </summary>
            public Term? Reverse(Term term, IReadOnlyDictionary<Term, string> recorded)
            {
                if (IsConstant(term))
                {
                    return term;
                }

                if (recorded.TryGetValue(term, out string? copy))
                {
                    return new NameTerm(copy, term.Kind);
                }

                if (term is NameTerm or ElementTerm or ValueTerm or PrimalTerm)
                {
                    return _reverseForms.TryGetValue(term, out Term? again) ? again : null;
                }

                return term is MathCallTerm && _writer._finalValues is null ? null : Terms.MapChildren(term, child => Reverse(child, recorded));
            }

            /// <summary>
            /// The parts of <paramref name="term"/> that the reverse sweep cannot compute again, each of
            /// which could be recorded instead of the whole term: a catalog rule's partial or a math
            /// call as a unit (so that the partials of one call share one recorded value), otherwise a
            /// temporary that only the forward sweep has.
            /// </summary>
            public void CollectUnrecomputable(Term term, IDictionary<string, Term> parts)
            {
                if (Reverse(term, NoneRecorded) is not null)
                {
                    return;
                }

                if (term is NameTerm or ElementTerm or ValueTerm or PrimalTerm or MathCallTerm || _rulePartials.Contains(term))
                {
                    parts[TermPrinter.Print(term)] = term;
                    return;
                }

                foreach (Term child in Terms.Children(term))
                {
                    CollectUnrecomputable(child, parts);
                }
            }

            private static readonly IReadOnlyDictionary<Term, string> NoneRecorded = new Dictionary<Term, string>();

            /// <summary>Registers a leaf: <paramref name="reverse"/> is how the reverse sweep computes it again, or null when it cannot.</summary>
            private Term Leaf(Term forward, Term? reverse, bool constant = false)
            {
                _reverseForms[forward] = reverse;
                if (constant)
                {
                    _constantLeaves.Add(forward);
                }

                return forward;
            }

            private Term Value(Node node)
            {
                switch (node.Expr)
                {
                    case ValueExpr opaque:
                    {
                        var term = new ValueTerm(opaque);
                        bool constant = opaque.Reads.Count == 0 && opaque.Pure;
                        return Leaf(term, constant || _writer.IsRecomputable(opaque, null) ? term : null, constant);
                    }

                    case VarExpr variable:
                    {
                        var term = new NameTerm(variable.Name, variable.Kind);
                        return Leaf(term, _writer.IsReadableInReverse(variable.Name) ? term : null);
                    }
                    case ElemExpr element:
                    {
                        // Reads of the same element in one statement share one temporary.
                        string key = element.Array + "[" + node.ElementIndex + "]";
                        if (!_elementTemps.TryGetValue(key, out Node? first))
                        {
                            _elementTemps[key] = first = node;
                            first.Temp ??= _writer._names.Fresh("t");
                        }

                        first.NeedsTemp = true;
                        node.Temp = first.Temp;
                        node.NeedsTemp = true;

                        // A buffer the method never writes holds the same element in the reverse sweep.
                        // So does an array the reverse sweep restores as it goes.
                        bool unwritten = _writer._parameters.ContainsKey(element.Array) && !_writer._writtenBuffers.Contains(element.Array);
                        bool again = unwritten || _writer._restored.Contains(element.Array) || _writer._sharedArrays.Contains(element.Array);
                        return Leaf(new NameTerm(first.Temp!, element.Kind), again ? new ElementTerm(element.Array, node.ElementIndexReverse!, element.Kind) : null);
                    }

                    default:
                        node.NeedsTemp = true;
                        node.Temp ??= _writer._names.Fresh("t");
                        return Leaf(new NameTerm(node.Temp, node.Expr.Kind), _writer._finalValues is null ? null : Recomputed(node));
                }
            }

            /// <summary>
            /// Kernel mode: the node's value as the reverse sweep can compute it again from what still holds
            /// the forward's values (constants, stable and final locals, unwritten views), or null.
            /// </summary>
            private Term? Recomputed(Node node)
            {
                switch (node.Expr)
                {
                    case ValueExpr opaque:
                        return (opaque.Reads.Count == 0 && opaque.Pure) || _writer.IsRecomputable(opaque, null) ? new ValueTerm(opaque) : null;
                    case VarExpr variable:
                        return _writer.IsReadableInReverse(variable.Name) ? new NameTerm(variable.Name, variable.Kind) : null;
                    case ElemExpr element:
                        bool unwritten = (_writer._parameters.ContainsKey(element.Array) && !_writer._writtenBuffers.Contains(element.Array)) || _writer._sharedArrays.Contains(element.Array);
                        return unwritten && node.ElementIndexReverse is not null ? new ElementTerm(element.Array, node.ElementIndexReverse, element.Kind) : null;
                    case NegateExpr:
                        return Recomputed(node.Children[0]) is { } operand ? new NegateTerm(operand) : null;
                    case ConvertExpr convert:
                        return Recomputed(node.Children[0]) is { } converted ? new ConvertTerm(converted, convert.Kind) : null;
                    case BinaryExpr binary:
                    {
                        if (Recomputed(node.Children[0]) is not { } left || Recomputed(node.Children[1]) is not { } right)
                        {
                            return null;
                        }

                        return BinaryTermOf(binary, left, right);
                    }

                    case IntrinsicCallExpr call:
                    {
                        // A SinCos pair's value is its own function of the argument again (Sin or Cos).
                        var arguments = new List<Term>();
                        foreach (Node child in node.Children)
                        {
                            if (Recomputed(child) is not { } argument)
                            {
                                return null;
                            }

                            arguments.Add(argument);
                        }

                        return new MathCallTerm("global::" + call.Owner, ExprPrinter.RuleName(call.Rule), arguments.ToEquatableArray(), call.Kind);
                    }

                    default:
                        return null;
                }
            }

            public void Backprop(Node node, Term adjoint)
            {
                if (!node.Active || Terms.IsNumber(adjoint, 0))
                {
                    return;
                }

                switch (node.Expr)
                {
                    case VarExpr variable:
                        AddLeaf("v:" + variable.Name, new AdjointRef(_writer.AdjointOf(variable.Name, variable.Kind)), variable.Kind, adjoint);
                        break;
                    case ElemExpr element:
                        AddLeaf(
                            "e:" + element.Array + "[" + node.ElementIndex + "]",
                            new AdjointRef(_writer.AdjointOf(element.Array, element.Kind), node.ElementIndexReverse),
                            element.Kind,
                            adjoint);
                        break;
                    case NegateExpr:
                        BackpropRule(node, DerivativeTable.Negation, null, adjoint);
                        break;
                    case ConvertExpr:
                        BackpropRule(node, DerivativeTable.Conversion, null, adjoint);
                        break;
                    case BinaryExpr binary:
                        BackpropRule(node, DerivativeTable.Binary(binary.Op), null, adjoint);
                        break;
                    case IntrinsicCallExpr call:
                        BackpropIntrinsic(node, call, adjoint);
                        break;
                    case UserCallExpr call:
                        BackpropCall(node, call, adjoint);
                        break;
                }
            }

            private void BackpropIntrinsic(Node node, IntrinsicCallExpr call, Term adjoint)
            {
                DerivativeRule rule = DerivativeTable.Get(call.Rule);
                if (rule.Form != ForwardForm.Plain)
                {
                    // The forward sweep names both values of the SinCos call, whether or not a partial reads the result.
                    node.Aux ??= _writer._names.Fresh("c");
                    Value(node);
                }

                Term? aux = node.Aux is null ? null : Leaf(new NameTerm(node.Aux, call.Kind), RecomputedAux(node, call, rule));
                BackpropRule(node, rule, aux, adjoint);
            }

            /// <summary>
            /// Kernel mode: the other half of a SinCos pair (the cosine of a sine's argument, or the sine of a
            /// cosine's) computed again from its argument, so that a loop need not record it; null otherwise.
            /// </summary>
            private Term? RecomputedAux(Node node, IntrinsicCallExpr call, DerivativeRule rule)
            {
                if (_writer._finalValues is null || Recomputed(node.Children[0]) is not { } argument)
                {
                    return null;
                }

                string other = rule.Form == ForwardForm.SinCosValueFirst ? "Cos" : "Sin";
                return new MathCallTerm("global::" + call.Owner, other, new[] { argument }.ToEquatableArray(), call.Kind);
            }

            /// <summary>
            /// Passes the adjoint to each active operand, times the catalog rule's partial for it. The
            /// operands and the result are named only when a partial reads them (the sum's partials are
            /// numbers, so `a + b` needs no temporary).
            /// </summary>
            private void BackpropRule(Node node, DerivativeRule rule, Term? aux, Term adjoint)
            {
                MayBeNonFinite |= rule.Singular;
                var args = new LazyTerms(node.Children.Length, i => Value(node.Children[i]));
                var ruleContext = new RuleContext(args, () => Value(node), aux, node.Expr.Kind);
                for (int i = 0; i < node.Children.Length && i < rule.Partials.Count; i++)
                {
                    if (node.Children[i].Active && rule.Partials[i] is { } partial)
                    {
                        Term term = partial(ruleContext);
                        _rulePartials.Add(term);
                        // An infinite partial (Sqrt or Log at 0) under a Max, Min, Clamp or Abs that discards it, and such a
                        // choice over an adjoint that may be infinite (√ of a Max that picked 0): 0, not 0 · ∞ = NaN.
                        var choices = new List<Term>();
                        if (rule.Singular)
                        {
                            choices.AddRange(Terms.Choices(adjoint));
                        }

                        if (Terms.MayBeInfinite(adjoint))
                        {
                            choices.AddRange(Terms.Choices(term));
                        }

                        Term product = Terms.ZeroByChoice(adjoint, term, choices);
                        Backprop(node.Children[i], product);
                    }
                }
            }

            /// <summary>Operand terms made on first use, each once.</summary>
            private sealed class LazyTerms : IReadOnlyList<Term>
            {
                private readonly Term?[] _terms;
                private readonly System.Func<int, Term> _make;

                public LazyTerms(int count, System.Func<int, Term> make)
                {
                    _terms = new Term?[count];
                    _make = make;
                }

                public int Count => _terms.Length;

                public Term this[int index] => _terms[index] ??= _make(index);

                public IEnumerator<Term> GetEnumerator()
                {
                    for (int i = 0; i < _terms.Length; i++)
                    {
                        yield return this[i];
                    }
                }

                System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
            }

            private void BackpropCall(Node node, UserCallExpr call, Term adjoint)
            {
                MayBeNonFinite = true;
                node.ScalarPartials ??= new string[call.Args.Count];
                node.BufferAdjoints ??= new string[call.Args.Count];
                for (int i = 0; i < call.Args.Count; i++)
                {
                    CallArg arg = call.Args[i];
                    if (arg.Role == ArgRole.Scalar)
                    {
                        node.ScalarPartials[i] ??= _writer._names.Fresh("g");
                        Backprop(node.Children[i], Terms.Multiply(adjoint, Leaf(new NameTerm(node.ScalarPartials[i], arg.Value.Kind), null)));
                    }
                    else if (arg.Role is ArgRole.Array or ArgRole.Span && arg.BufferName is not null && node.Children[i].Active)
                    {
                        node.BufferAdjoints[i] ??= _writer._names.Fresh("v");
                        ScalarKind element = arg.Value.Kind;
                        Value length = _writer._stable.Contains(arg.BufferName) || _writer._stable.Contains(arg.BufferName + ".Length")
                            ? new LengthValue(arg.BufferName)
                            : Recorded(_writer.Save(ScalarKind.Integer, LengthTerm(arg.BufferName), _context, _forward, _pops));
                        var vector = new VectorLeaf(
                            _writer.AdjointOf(arg.BufferName, element),
                            length,
                            adjoint,
                            element);
                        Vectors.Add(vector);
                        node.VectorLeaves ??= new VectorLeaf?[call.Args.Count];
                        node.VectorLeaves[i] = vector;
                    }
                }
            }

            private void AddLeaf(string key, AdjointRef adjointReverse, ScalarKind kind, Term adjoint)
            {
                if (!Leaves.TryGetValue(key, out Leaf? leaf))
                {
                    leaf = new Leaf(adjointReverse, kind);
                    Leaves.Add(key, leaf);
                }

                leaf.Partial = Terms.Add(leaf.Partial, adjoint);
            }

            /// <summary>Writes, in evaluation order, every temporary the partials or the call adjoints need.</summary>
            public void EmitTemporaries(Node node)
            {
                if (node.Expr is ValueExpr)
                {
                    return;
                }

                foreach (Node child in node.Children)
                {
                    EmitTemporaries(child);
                }

                if (!node.NeedsTemp || node.Emitted || node.Temp is null)
                {
                    return;
                }

                if (!_emittedTemps.Add(node.Temp))
                {
                    node.Emitted = true;
                    return;
                }

                switch (node.Expr)
                {
                    case IntrinsicCallExpr call when node.Aux is not null:
                    {
                        DerivativeRule rule = DerivativeTable.Get(call.Rule);
                        _forward.Add(rule.Form == ForwardForm.SinCosValueFirst
                            ? new SinCosStmt(node.Temp!, node.Aux, call.Owner, TermOf(node.Children[0]))
                            : new SinCosStmt(node.Aux, node.Temp!, call.Owner, TermOf(node.Children[0])));
                        break;
                    }

                    case UserCallExpr call when node.Active:
                        EmitCall(node, call);
                        break;
                    default:
                        _forward.Add(new TempStmt(node.Temp, OwnTerm(node)));
                        break;
                }

                node.Emitted = true;
            }

            private void EmitCall(Node node, UserCallExpr call)
            {
                var arguments = new List<string>();
                var adjoints = new List<string>();
                var operands = new List<CallOperand>();
                for (int i = 0; i < call.Args.Count; i++)
                {
                    CallArg arg = call.Args[i];
                    switch (arg.Role)
                    {
                        case ArgRole.Scalar:
                        {
                            Term value = TermOf(node.Children[i]);
                            arguments.Add(TermPrinter.Print(value));
                            string partial = node.ScalarPartials?[i] ?? _writer._names.Fresh("g");
                            _forward.Add(new DeclarePartialStmt(partial, arg.Value.Kind));
                            adjoints.Add("ref " + partial);
                            operands.Add(new CallOperand(value, partial, null, arg.Value.Kind));
                            break;
                        }

                        case ArgRole.Array or ArgRole.Span:
                        {
                            string buffer = arg.BufferName ?? "default";
                            arguments.Add(buffer);
                            string vector = node.BufferAdjoints?[i] ?? _writer._names.Fresh("v");
                            _forward.Add(new AllocateVectorStmt(vector, arg.Value.Kind, buffer) { Reuses = _writer.HoistScratch(vector, arg.Value.Kind) });
                            adjoints.Add(vector);
                            operands.Add(new CallOperand(null, vector, buffer, arg.Value.Kind));
                            break;
                        }

                        case ArgRole.ConstantBuffer:
                        {
                            // The callee still takes an adjoint for it, which nothing reads afterwards.
                            string buffer = ExprPrinter.PrintValue((ValueExpr)arg.Value);
                            arguments.Add(buffer);
                            adjoints.Add($"new {SymbolFacts.Keyword(arg.Element)}[{buffer}.Length]");
                            operands.Add(new CallOperand(null, null, buffer, arg.Element, ScratchAdjoint: true));
                            break;
                        }

                        default:
                            arguments.Add(ExprPrinter.PrintValue((ValueExpr)arg.Value));
                            operands.Add(new CallOperand(null, null, null, arg.Value.Kind));
                            break;
                    }
                }

                _forward.Add(new GradientCallStmt(node.Temp!, call.AdjointMethod, arguments.Concat(adjoints).ToEquatableArray())
                {
                    Operands = operands.ToEquatableArray(),
                    HessianVectorMethod = call.CalleeIsDifferentiable && call.PrimalMethod.Length > 0 ? call.PrimalMethod + "HessianVector" : string.Empty,
                    Callee = call.DisplayName,
                    ResultKind = node.Expr.Kind,
                });
                for (int i = 0; i < call.Args.Count; i++)
                {
                    if (node.BufferAdjoints?[i] is { } vector && node.Children[i].Active)
                    {
                        _writer.PushAll(_forward, call.Args[i].Value.Kind, vector);
                        if (node.VectorLeaves?[i] is { } leaf)
                        {
                            leaf.PushOrder = _pushes++;
                        }
                    }
                }
            }

            /// <summary>The node's value as the forward sweep computes it: its temporary once written, otherwise its own term.</summary>
            public Term TermOf(Node node) => node.Emitted && node.Temp is not null ? new NameTerm(node.Temp, node.Expr.Kind) : OwnTerm(node);

            /// <summary>
            /// The node's own computation over its children's values, exactly as the original evaluates
            /// it: built without simplification (0 · x is not 0 when x is infinite), with a subtraction
            /// as the addition of a negation, which gives the same value.
            /// </summary>
            private Term OwnTerm(Node node)
            {
                switch (node.Expr)
                {
                    case ValueExpr opaque:
                        return new ValueTerm(opaque);
                    case VarExpr variable:
                        return new NameTerm(variable.Name, variable.Kind);
                    case ElemExpr element:
                        return new ElementTerm(element.Array, node.ElementIndexForward!, element.Kind);
                    case NegateExpr negate:
                        return new NegateTerm(TermOf(node.Children[0]));
                    case BinaryExpr binary:
                    {
                        Term left = TermOf(node.Children[0]);
                        Term right = TermOf(node.Children[1]);
                        return BinaryTermOf(binary, left, right);
                    }

                    case ConvertExpr convert:
                        return new ConvertTerm(TermOf(node.Children[0]), convert.Kind);
                    case IntrinsicCallExpr call:
                        return new MathCallTerm("global::" + call.Owner, ExprPrinter.RuleName(call.Rule), node.Children.Select(TermOf).ToEquatableArray(), call.Kind);
                    default:
                        return new PrimalTerm(node.Expr);
                }
            }
        }
    }
}
