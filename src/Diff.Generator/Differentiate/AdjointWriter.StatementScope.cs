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
            private readonly Dictionary<string, (string Forward, Value Reverse)> _indices = new(System.StringComparer.Ordinal);
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
            public (string Forward, Value Reverse) Index(ValueExpr index)
            {
                if (_writer.IsRecomputableIndex(index))
                {
                    return (index.Code, index.Tree);
                }

                if (index.Pure && _indices.TryGetValue(index.Code, out var known))
                {
                    return known;
                }

                string local = _writer._names.Fresh("i");
                // Every valid index fits in an int; a long or ulong index is narrowed so that it fits the tape.
                _forward.Add(new IndexStmt(local, index));
                var result = (local, (Value)Recorded(_writer.Save(ScalarKind.Integer, local, _context, _forward, _pops)));
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
                        (string forward, Value reverse) = Index(element.Index);
                        return new Node(expr, System.Array.Empty<Node>(), _writer._active.Contains(element.Array))
                        {
                            ElementIndex = forward,
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

            private Sym Value(Node node)
            {
                switch (node.Expr)
                {
                    case ValueExpr opaque:
                        string code = RenderValue(opaque);
                        return opaque.Reads.Count == 0 && opaque.Pure ? Sym.ConstantCode(code) : Sym.Code(code, _writer.IsStable(opaque) ? code : null);
                    case VarExpr variable:
                        return Sym.Code(variable.Name, _writer._stable.Contains(variable.Name) ? variable.Name : null);
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
                        bool again = unwritten || _writer._restored.Contains(element.Array);
                        return Sym.Code(first.Temp!, again ? $"{element.Array}[{ValuePrinter.Print(node.ElementIndexReverse!)}]" : null);
                    }

                    default:
                        node.NeedsTemp = true;
                        node.Temp ??= _writer._names.Fresh("t");
                        return Sym.Code(node.Temp);
                }
            }

            public void Backprop(Node node, Sym adjoint)
            {
                if (!node.Active || adjoint is { IsConstant: true } && adjoint.Render() == "0")
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
                        Backprop(node.Children[0], Sym.Neg(adjoint));
                        break;
                    case ConvertExpr:
                        Backprop(node.Children[0], adjoint);
                        break;
                    case BinaryExpr binary:
                        BackpropBinary(node, binary.Op, adjoint);
                        break;
                    case IntrinsicCallExpr call:
                        BackpropIntrinsic(node, call, adjoint);
                        break;
                    case UserCallExpr call:
                        BackpropCall(node, call, adjoint);
                        break;
                }
            }

            private void BackpropBinary(Node node, BinaryOp op, Sym adjoint)
            {
                Node left = node.Children[0];
                Node right = node.Children[1];
                switch (op)
                {
                    case BinaryOp.Add:
                        Backprop(left, adjoint);
                        Backprop(right, adjoint);
                        break;
                    case BinaryOp.Subtract:
                        Backprop(left, adjoint);
                        Backprop(right, Sym.Neg(adjoint));
                        break;
                    case BinaryOp.Multiply:
                        if (left.Active)
                        {
                            Backprop(left, Sym.Mul(adjoint, Value(right)));
                        }

                        if (right.Active)
                        {
                            Backprop(right, Sym.Mul(adjoint, Value(left)));
                        }

                        break;
                    case BinaryOp.Divide:
                        MayBeNonFinite = true;
                        if (left.Active)
                        {
                            Backprop(left, Sym.Div(adjoint, Value(right)));
                        }

                        if (right.Active)
                        {
                            // d(l/r)/dr = -(l/r)/r
                            Backprop(right, Sym.Neg(Sym.Div(Sym.Mul(adjoint, Value(node)), Value(right))));
                        }

                        break;
                    case BinaryOp.Remainder:
                        // l % r = l - r·trunc(l/r), and trunc is piecewise constant: d/dl = 1, d/dr = -trunc(l/r).
                        MayBeNonFinite = true;
                        Backprop(left, adjoint);
                        if (right.Active)
                        {
                            Sym quotient = Sym.Code(MathClass(node.Expr.Kind) + ".Truncate(" + Value(left).RenderOperand() + " / " + Value(right).RenderOperand() + ")");
                            Backprop(right, Sym.Neg(Sym.Mul(adjoint, quotient)));
                        }

                        break;
                }
            }

            private void BackpropIntrinsic(Node node, IntrinsicCallExpr call, Sym adjoint)
            {
                DerivativeRule rule = DerivativeTable.Get(call.Rule);
                if (rule.Form != ForwardForm.Plain)
                {
                    node.Aux ??= _writer._names.Fresh("c");
                }

                MayBeNonFinite |= rule.Singular;

                string result = Value(node).Render();
                var args = node.Children.Select(c => Value(c).Render()).ToArray();
                var ruleContext = new RuleContext(args, result, node.Aux ?? string.Empty, MathClass(call.Kind));
                for (int i = 0; i < node.Children.Length && i < rule.Partials.Count; i++)
                {
                    if (node.Children[i].Active && rule.Partials[i] is { } partial)
                    {
                        Backprop(node.Children[i], Sym.Mul(adjoint, PartialSym(partial(ruleContext))));
                    }
                }
            }

            private void BackpropCall(Node node, UserCallExpr call, Sym adjoint)
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
                        Backprop(node.Children[i], Sym.Mul(adjoint, Sym.Code(node.ScalarPartials[i])));
                    }
                    else if (arg.Role is ArgRole.Array or ArgRole.Span && arg.BufferName is not null && node.Children[i].Active)
                    {
                        node.BufferAdjoints[i] ??= _writer._names.Fresh("v");
                        ScalarKind element = arg.Value.Kind;
                        Value length = _writer._stable.Contains(arg.BufferName) || _writer._stable.Contains(arg.BufferName + ".Length")
                            ? new LengthValue(arg.BufferName)
                            : Recorded(_writer.Save(ScalarKind.Integer, arg.BufferName + ".Length", _context, _forward, _pops));
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

            private void AddLeaf(string key, AdjointRef adjointReverse, ScalarKind kind, Sym adjoint)
            {
                if (!Leaves.TryGetValue(key, out Leaf? leaf))
                {
                    leaf = new Leaf(adjointReverse, kind);
                    Leaves.Add(key, leaf);
                }

                leaf.Partial = Sym.Add(leaf.Partial, adjoint);
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
                            ? new SinCosStmt(node.Temp!, node.Aux, call.Owner, Render(node.Children[0]))
                            : new SinCosStmt(node.Aux, node.Temp!, call.Owner, Render(node.Children[0])));
                        break;
                    }

                    case UserCallExpr call when node.Active:
                        EmitCall(node, call);
                        break;
                    default:
                        _forward.Add(new TempStmt(node.Temp, RenderOwn(node)));
                        break;
                }

                node.Emitted = true;
            }

            private void EmitCall(Node node, UserCallExpr call)
            {
                var arguments = new List<string>();
                var adjoints = new List<string>();
                for (int i = 0; i < call.Args.Count; i++)
                {
                    CallArg arg = call.Args[i];
                    switch (arg.Role)
                    {
                        case ArgRole.Scalar:
                        {
                            arguments.Add(Render(node.Children[i]));
                            string partial = node.ScalarPartials?[i] ?? _writer._names.Fresh("g");
                            _forward.Add(new DeclarePartialStmt(partial, arg.Value.Kind));
                            adjoints.Add("ref " + partial);
                            break;
                        }

                        case ArgRole.Array or ArgRole.Span:
                        {
                            string buffer = arg.BufferName ?? "default";
                            arguments.Add(buffer);
                            string vector = node.BufferAdjoints?[i] ?? _writer._names.Fresh("v");
                            _forward.Add(new AllocateVectorStmt(vector, arg.Value.Kind, buffer));
                            adjoints.Add(vector);
                            break;
                        }

                        case ArgRole.ConstantBuffer:
                        {
                            // The callee still takes an adjoint for it, which nothing reads afterwards.
                            string buffer = RenderValue((ValueExpr)arg.Value);
                            arguments.Add(buffer);
                            adjoints.Add($"new {SymbolFacts.Keyword(arg.Element)}[{buffer}.Length]");
                            break;
                        }

                        default:
                            arguments.Add(RenderValue((ValueExpr)arg.Value));
                            break;
                    }
                }

                _forward.Add(new GradientCallStmt(node.Temp!, call.AdjointMethod, arguments.Concat(adjoints).ToEquatableArray()));
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

            private string ChildOperand(Node child, Precedence parent, bool right)
            {
                string rendered = Render(child);
                return child.Emitted && child.Temp is not null ? rendered : Operand(child.Expr, rendered, parent, right);
            }

            public string Render(Node node) => node.Emitted && node.Temp is not null ? node.Temp : RenderOwn(node);

            private static string RenderValue(ValueExpr opaque) => AdjointWriter.RenderValue(opaque);

            private string RenderOwn(Node node)
            {
                switch (node.Expr)
                {
                    case ValueExpr opaque:
                        return RenderValue(opaque);
                    case VarExpr variable:
                        return variable.Name;
                    case ElemExpr element:
                        return $"{element.Array}[{node.ElementIndex}]";
                    case NegateExpr:
                        return "-" + ChildOperand(node.Children[0], Precedence.Unary, false);
                    case BinaryExpr binary:
                        return ChildOperand(node.Children[0], PrecedenceOf(binary), false) + " " + OperatorText(binary.Op) + " " + ChildOperand(node.Children[1], PrecedenceOf(binary), true);
                    case ConvertExpr convert:
                        return $"({SymbolFacts.Keyword(convert.Kind)})" + ChildOperand(node.Children[0], Precedence.Unary, false);
                    case IntrinsicCallExpr call:
                        return $"global::{call.Owner}.{RuleName(call.Rule)}({string.Join(", ", node.Children.Select(Render))})";
                    default:
                        return _writer.RenderPlain(node.Expr);
                }
            }
        }
    }
}
