using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Lowering;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Diff.Generator.Rules;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// The tangent (forward-mode) transform of scalar mode: from a method's lowered IR to the IR of
    /// <c>MTangent</c> (<see cref="ScalarTangentMethod"/>), the original computation with the tangent of
    /// every varied value computed beside it. Each assignment <c>v = e</c> becomes
    /// <c>tv = Σ ∂e/∂leaf · tleaf</c> (built by the catalog's tangent rules, before <c>v</c> changes),
    /// then <c>v = e</c>; a call of another [Differentiable] method calls its <c>…Tangent</c>.
    /// Nothing is recorded: control flow simply runs once, as written.
    /// </summary>
    internal sealed class TangentWriter
    {
        private readonly MethodModel _method;
        private readonly NameSource _names;
        private readonly HashSet<string> _varied;
        private readonly Dictionary<string, string> _tangents = new(System.StringComparer.Ordinal);
        private string? _failure;

        private TangentWriter(AnalysedMethod analysed, string resultTangent, IReadOnlyDictionary<string, string> parameterTangents, string? lanes)
        {
            _method = analysed.Method;
            _lanes = lanes;
            _names = new NameSource(_method.Identifiers.Concat(parameterTangents.Values).Concat(new[] { resultTangent }));
            _varied = new HashSet<string>(analysed.Active, System.StringComparer.Ordinal);
            ResultTangent = resultTangent;
            foreach (KeyValuePair<string, string> parameter in parameterTangents)
            {
                _tangents[parameter.Key] = parameter.Value;
                _varied.Add(parameter.Key);
            }
        }

        private string ResultTangent { get; }

        /// <summary>
        /// The type every tangent has in <c>MTangentLanes</c> (vector forward mode: several directions at once), null
        /// for <c>MTangent</c>, whose tangents have their values' types. The tangent code is the same either way: a
        /// tangent is only added, negated and scaled by values, which the lanes type's operators do lane by lane.
        /// </summary>
        private readonly string? _lanes;

        /// <summary>The type of a tangent of an <paramref name="element"/> value.</summary>
        private string TangentType(ScalarKind element) => _lanes ?? SymbolFacts.Keyword(element);

        /// <summary><c>t</c> plus the parameter's name with its first letter upper-cased (<c>x</c> → <c>tX</c>).</summary>
        /// <summary>
        /// The tangent of each differentiable parameter, named <see cref="TangentName"/> with <c>_</c> added while the
        /// name is in <paramref name="taken"/> (which each name joins): the method's parameters and locals share the
        /// tangent method's scope.
        /// </summary>
        public static Dictionary<string, string> ParameterTangentNames(IEnumerable<ParamModel> differentiable, HashSet<string> taken)
        {
            var tangents = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (ParamModel parameter in differentiable)
            {
                string name = TangentName(parameter.Name);
                while (!taken.Add(name))
                {
                    name += "_";
                }

                tangents[parameter.Name] = name;
            }

            return tangents;
        }

        public static string TangentName(string parameterName)
        {
            string bare = parameterName.TrimStart('@');
            return bare.Length == 0 ? "t" : "t" + char.ToUpperInvariant(bare[0]) + bare.Substring(1);
        }

        /// <summary>
        /// The tangent method's IR, or null with the reason when the method has a construct forward mode
        /// does not cover (a call whose callee has no <c>…Tangent</c> companion: a [DerivativeOf]
        /// registration gives a reverse rule only).
        /// </summary>
        /// <param name="parameterTangents">The tangent parameter of each differentiable parameter, by the parameter's name.</param>
        /// <param name="lanes">The lanes type for <c>MTangentLanes</c>; null for <c>MTangent</c>.</param>
        public static (ScalarTangentMethod? Method, string? Failure) Write(AnalysedMethod analysed, string resultTangent, IReadOnlyDictionary<string, string> parameterTangents, string? lanes = null)
        {
            var writer = new TangentWriter(analysed, resultTangent, parameterTangents, lanes);
            var body = new List<SweepStmt>();
            foreach (string flag in analysed.Flags)
            {
                body.Add(new DeclareStmt("bool", flag, "false"));
            }

            // A parameter the caller gives no tangent for ([NoDiff]) that the method varies anyway (it assigns
            // it from varied values, or writes varied values into it) gets a local tangent, zero on entry.
            foreach (ParamModel parameter in writer._method.Parameters.Where(p => !p.Differentiable && writer._varied.Contains(p.Name)))
            {
                string type = writer.TangentType(parameter.Element);
                body.Add(parameter.Shape == ParamShape.Scalar
                    ? new DeclareStmt(type, writer.TangentOf(parameter.Name), "0")
                    : new DeclareStmt(type + "[]", writer.TangentOf(parameter.Name), "new " + type + "[" + parameter.Name + ".Length]"));
            }

            if (writer._method.ReturnKind != ScalarKind.Void)
            {
                body.Add(new DeclareStmt(SymbolFacts.Keyword(writer._method.ReturnKind), "__result", "default"));
                body.Add(new PrimalAssignStmt(resultTangent, null, Terms.Number(0, writer._method.ReturnKind)));
            }

            writer.WriteBlock(writer._method.Body, body);
            body.InsertRange(0, writer._zeroBuffers);
            foreach (string rented in writer._rentedLanes)
            {
                // The body has one exit, at its end (early exits are flags by now); an exception leaves the array to the GC.
                body.Add(new RunInactiveStmt(InactiveStmt.Host("global::Diff.Internal.ScratchArrays.Return(" + rented + ");", EquatableArray<string>.Empty)));
            }

            return writer._failure is null ? (new ScalarTangentMethod(SinCosSharing.Run(body).ToEquatableArray()), null) : (null, writer._failure);
        }

        /// <summary>
        /// The lanes of local arrays declared at the top level of <c>MTangentLanes</c>: rented from the thread's scratch
        /// arrays (exact length, cleared) and given back at the end, since a Jacobian runs the method once per eight columns
        /// and the lanes of a mesh-sized array are 64 bytes an element.
        /// </summary>
        private readonly List<string> _rentedLanes = new();

        /// <summary>The zero tangents of constant buffers passed to calls, one array per call site, declared at the top.</summary>
        private readonly List<SweepStmt> _zeroBuffers = new();

        /// <summary>
        /// A zero tangent for a buffer nothing varies, passed to a callee's <c>…Tangent</c>: one array per call site,
        /// allocated when its length changes and cleared before each call (the callee may write it), so that a call in a
        /// loop allocates nothing per trip.
        /// </summary>
        private string ZeroBuffer(ScalarKind element, string buffer, List<SweepStmt> into)
        {
            string keyword = TangentType(element);
            string name = _names.Fresh("z");
            _zeroBuffers.Add(new DeclareStmt(keyword + "[]", name, $"global::System.Array.Empty<{keyword}>()"));
            into.Add(new RunInactiveStmt(InactiveStmt.Host(
                $"if ({name}.Length == {buffer}.Length) global::System.Array.Clear({name}); else {name} = new {keyword}[{buffer}.Length];",
                EquatableArray<string>.Empty)));
            return name;
        }

        private void WriteBlock(Block block, List<SweepStmt> into)
        {
            foreach (Stmt statement in block.Statements)
            {
                int start = into.Count;
                Write(statement, into);
                if (statement.LineOffset >= 0 && statement is AssignStmt or CallStmt or InactiveStmt)
                {
                    for (int i = start; i < into.Count; i++)
                    {
                        into[i] = into[i] with { LineOffset = statement.LineOffset };
                    }
                }
            }
        }

        private void Write(Stmt statement, List<SweepStmt> into)
        {
            switch (statement)
            {
                case InactiveStmt inactive:
                    into.Add(new RunInactiveStmt(inactive));
                    break;

                case ArrayDeclStmt array:
                    into.Add(new DeclareArrayStmt(array.Name, array.Element, array.Length.Tree));
                    if (_varied.Contains(array.Name))
                    {
                        // The tangent of every element the method never writes is zero, as the new array's.
                        string tangent = TangentOf(array.Name);
                        bool topLevel = _lanes is not null && _method.Body.Statements.Any(s => ReferenceEquals(s, array));
                        if (topLevel)
                        {
                            _rentedLanes.Add(tangent);
                        }

                        into.Add(_lanes is null
                            ? new DeclareArrayStmt(tangent, array.Element, new LengthValue(array.Name))
                            : new DeclareStmt(_lanes + "[]", tangent, topLevel
                                ? "global::Diff.Internal.ScratchArrays.Rent<" + _lanes + ">(" + array.Name + ".Length)"
                                : "new " + _lanes + "[" + array.Name + ".Length]"));
                    }

                    break;

                case AssignStmt assign:
                    WriteAssign(assign, into);
                    break;

                case CallStmt call:
                    WriteCall(call.Call, call.Result, into);
                    break;

                case IfStmt branch:
                {
                    var then = new List<SweepStmt>();
                    var otherwise = new List<SweepStmt>();
                    WriteBlock(branch.Then, then);
                    WriteBlock(branch.Else, otherwise);
                    into.Add(new ForwardIfStmt(branch.Condition, then.ToEquatableArray(), otherwise.ToEquatableArray()));
                    break;
                }

                case LoopStmt loop:
                    WriteLoop(loop, into);
                    break;

                case BlockStmt nested:
                {
                    var inner = new List<SweepStmt>();
                    WriteBlock(nested.Body, inner);
                    into.Add(new ForwardBlockStmt(inner.ToEquatableArray()));
                    break;
                }

                default:
                    Fail("the statement " + statement.GetType().Name + " has no tangent");
                    break;
            }
        }

        private void WriteLoop(LoopStmt loop, List<SweepStmt> into)
        {
            var body = new List<SweepStmt>();
            WriteBlock(loop.Body, body);
            bool simpleHeader = loop.Kind == LoopKind.For && loop.Init.Count <= 1 && loop.Init.All(s => s is InactiveStmt) && loop.Step.All(s => s is InactiveStmt { Effect: not null });
            if (simpleHeader)
            {
                string init = string.Join(", ", loop.Init.Select(s => ((InactiveStmt)s).Code.TrimEnd(';')));
                string step = string.Join(", ", loop.Step.Select(s => ((InactiveStmt)s).Code.TrimEnd(';')));
                into.Add(new ForwardForStmt(init, loop.Condition?.Code ?? string.Empty, step, body.ToEquatableArray()));
                return;
            }

            // Any other loop: its initialisers in a scope of their own, then a while (or do) loop whose
            // body ends with the step (lowering left no continue that could skip it).
            var scope = new List<SweepStmt>();
            WriteBlock(new Block(loop.Init), scope);
            WriteBlock(new Block(loop.Step), body);
            scope.Add(new ForwardWhileStmt(loop.Kind == LoopKind.Do, loop.Condition?.Code ?? "true", body.ToEquatableArray()));
            if (scope.Count == 1)
            {
                into.Add(scope[0]);
            }
            else
            {
                into.Add(new ForwardBlockStmt(scope.ToEquatableArray()));
            }
        }

        private void WriteAssign(AssignStmt assign, List<SweepStmt> into)
        {
            // An element index with side effects is evaluated once, for the value and its tangent.
            Value? index = null;
            if (assign.Target is ElemTarget element)
            {
                index = IndexOnce(element.Index, into);
            }

            if (assign is { Atomic: true, Target: ElemTarget atomicTarget, Value: BinaryExpr { Right: var increment } })
            {
                // A kernel's Atomic.Add(ref v[k], e): the tangent is added atomically too, dv[k] += de.
                (Term incrementValue, Term? incrementTangent) = Visit(increment, into);
                string atomicIndex = ValuePrinter.Print(index!);
                if (_varied.Contains(atomicTarget.Array) && incrementTangent is not null)
                {
                    into.Add(new PrimalAssignStmt(TangentOf(atomicTarget.Array), null, ConvertedTangent(incrementTangent, atomicTarget.Kind)) { IndexCode = atomicIndex, Atomic = true });
                }

                into.Add(new PrimalAssignStmt(atomicTarget.Array, null, Converted(incrementValue, atomicTarget.Kind)) { IndexCode = atomicIndex, Atomic = true });
                return;
            }

            (Term value, Term? tangent) = Visit(assign.Value, into);
            switch (assign.Target)
            {
                case LocalTarget local:
                    if (_varied.Contains(local.Name))
                    {
                        into.Add(new PrimalAssignStmt(TangentOf(local.Name), local.DeclaredType is null ? null : _lanes ?? local.DeclaredType, ConvertedTangent(tangent, local.Kind)));
                    }

                    into.Add(new PrimalAssignStmt(local.Name, local.DeclaredType, Converted(value, local.Kind)));
                    break;

                case ElemTarget target:
                {
                    string indexCode = ValuePrinter.Print(index!);
                    if (_varied.Contains(target.Array))
                    {
                        into.Add(new PrimalAssignStmt(TangentOf(target.Array), null, ConvertedTangent(tangent, target.Kind)) { IndexCode = indexCode });
                    }

                    into.Add(new PrimalAssignStmt(target.Array, null, Converted(value, target.Kind)) { IndexCode = indexCode });
                    break;
                }

                default:
                    into.Add(new PrimalAssignStmt(ResultTangent, null, ConvertedTangent(tangent, _method.ReturnKind)));
                    into.Add(new PrimalAssignStmt("__result", null, Converted(value, _method.ReturnKind)));
                    break;
            }
        }

        /// <summary>A value of the target's kind: a tangent that is absent is zero, a float tangent of a double target is widened.</summary>
        private static Term Converted(Term? term, ScalarKind kind) => term is null ? Terms.Number(0, kind) : TangentSteps.Converted(term, kind);

        /// <summary>
        /// A tangent of the target's kind, as <see cref="Converted"/>; lanes are double whatever the value's kind, so
        /// a tangent in lanes is never converted.
        /// </summary>
        private Term ConvertedTangent(Term? term, ScalarKind kind) => _lanes is not null && term is not null ? term : Converted(term, kind);

        /// <summary>The index as the forward code reads it: in a local when evaluating it twice would differ.</summary>
        private Value IndexOnce(ValueExpr index, List<SweepStmt> into)
        {
            if (index.Pure && index.Writes.Count == 0)
            {
                return index.Tree;
            }

            string local = _names.Fresh("i");
            into.Add(new IndexStmt(local, index));
            return new NameValue(local, IrType.Int32);
        }

        /// <summary>
        /// The value of an expression as a term over temporaries, and its tangent (null: zero). The value
        /// is built without simplification, so it is the original computation exactly; calls are evaluated
        /// once, into temporaries, since tangent rules read their results.
        /// </summary>
        private (Term Value, Term? Tangent) Visit(Expr expr, List<SweepStmt> into)
        {
            switch (expr)
            {
                case ValueExpr constant:
                    return (new ValueTerm(constant), null);

                case VarExpr variable:
                    return (new NameTerm(variable.Name, variable.Kind), _varied.Contains(variable.Name) ? new NameTerm(TangentOf(variable.Name), variable.Kind) : null);

                case ElemExpr element:
                {
                    Value index = IndexOnce(element.Index, into);
                    return (new ElementTerm(element.Array, index, element.Kind), _varied.Contains(element.Array) ? new ElementTerm(TangentOf(element.Array), index, element.Kind) : null);
                }

                case NegateExpr negate:
                {
                    (Term value, Term? tangent) = Visit(negate.Operand, into);
                    return (new NegateTerm(value), tangent is null ? null : Terms.Negate(tangent));
                }

                case ConvertExpr convert:
                {
                    (Term value, Term? tangent) = Visit(convert.Operand, into);
                    return (new ConvertTerm(value, convert.Kind), tangent is null ? null : _lanes is not null ? tangent : new ConvertTerm(tangent, convert.Kind));
                }

                case BinaryExpr binary:
                {
                    (Term left, Term? leftTangent) = Visit(binary.Left, into);
                    (Term right, Term? rightTangent) = Visit(binary.Right, into);
                    Term value = binary.Op switch
                    {
                        BinaryOp.Add => new BinaryTerm(TermOperator.Add, left, right, binary.Kind),
                        BinaryOp.Subtract => new BinaryTerm(TermOperator.Add, left, new NegateTerm(right), binary.Kind),
                        BinaryOp.Multiply => new BinaryTerm(TermOperator.Multiply, left, right, binary.Kind),
                        BinaryOp.Divide => new BinaryTerm(TermOperator.Divide, left, right, binary.Kind),
                        _ => new BinaryTerm(TermOperator.Remainder, left, right, binary.Kind),
                    };
                    if (leftTangent is null && rightTangent is null)
                    {
                        return (value, null);
                    }

                    // A quotient's tangent reads the quotient: it is computed once, into a temporary.
                    if (binary.Op == BinaryOp.Divide)
                    {
                        value = Temporary(value, into);
                    }

                    // A divisor's tangent is read twice, tested for zero and multiplied (see DerivativeRule.TangentOf): an
                    // expression is named once.
                    if (binary.Op is BinaryOp.Divide or BinaryOp.Remainder && rightTangent is not null and not (NameTerm or NumberTerm or ElementTerm))
                    {
                        rightTangent = Temporary(rightTangent, into);
                    }

                    DerivativeRule rule = DerivativeTable.Binary(binary.Op);
                    return (value, Tangent(rule, new[] { left, right }, value, null, new[] { leftTangent, rightTangent }, binary.Kind));
                }

                case IntrinsicCallExpr call:
                {
                    var args = new List<Term>();
                    var tangents = new List<Term?>();
                    foreach (Expr arg in call.Args)
                    {
                        (Term value, Term? tangent) = Visit(arg, into);
                        args.Add(value);
                        tangents.Add(tangent);
                    }

                    DerivativeRule rule = DerivativeTable.Get(call.Rule);
                    var primal = new MathCallTerm("global::" + call.Owner, ExprPrinter.RuleName(call.Rule), args.ToEquatableArray(), call.Kind);
                    if (tangents.All(t => t is null))
                    {
                        return (primal, null);
                    }

                    // A rule of its own may read an argument's tangent in several branches (Max's tie, Abs), and a singular
                    // one tests it for zero before multiplying: a tangent that is an expression is named once, or nested
                    // calls (Max(Sqrt(Max(…)))) would write it 2^depth times.
                    if (rule.Tangent is not null || rule.Singular)
                    {
                        for (int i = 0; i < tangents.Count; i++)
                        {
                            if (tangents[i] is { } tangent and not (NameTerm or NumberTerm or ElementTerm))
                            {
                                tangents[i] = Temporary(tangent, into);
                            }
                        }
                    }

                    Term result;
                    Term? aux = null;
                    if (rule.Form == ForwardForm.Plain)
                    {
                        result = Temporary(primal, into);
                    }
                    else
                    {
                        // Sin and Cos come together from one SinCos call: the tangent needs the other one.
                        string sine = _names.Fresh("s");
                        string cosine = _names.Fresh("c");
                        into.Add(new SinCosStmt(sine, cosine, call.Owner, args[0]));
                        bool valueFirst = rule.Form == ForwardForm.SinCosValueFirst;
                        result = new NameTerm(valueFirst ? sine : cosine, call.Kind);
                        aux = new NameTerm(valueFirst ? cosine : sine, call.Kind);
                    }

                    return (result, Tangent(rule, args, result, aux, tangents, call.Kind));
                }

                case UserCallExpr call:
                    return VisitCall(call, into);

                default:
                    Fail("the expression " + expr.GetType().Name + " has no tangent");
                    return (Terms.Number(0, expr.Kind), null);
            }
        }

        private static Term Tangent(DerivativeRule rule, IReadOnlyList<Term> args, Term result, Term? aux, IReadOnlyList<Term?> tangents, ScalarKind kind)
        {
            var values = new RuleContext(args, result, aux, kind);
            return rule.TangentOf(new TangentContext(values, tangents));
        }

        private Term Temporary(Term value, List<SweepStmt> into)
        {
            string name = _names.Fresh("u");
            into.Add(new TempStmt(name, value));
            return new NameTerm(name, value.Kind);
        }

        /// <summary>A value-returning call inside an expression: <c>var u = FTangent(args, tangents, out var tu);</c>.</summary>
        private (Term Value, Term? Tangent) VisitCall(UserCallExpr call, List<SweepStmt> into)
        {
            if (!call.CalleeIsDifferentiable)
            {
                return VisitRegisteredCall(call, into);
            }

            // A callee with no differentiable parameter has no tangent companion; its value is a constant here.
            if (HasNoDifferentiableParameter(call) && ConstantCall(call, into) is { } constant)
            {
                return (constant, null);
            }

            List<string>? arguments = CallArguments(call, into);
            if (arguments is null)
            {
                return (Terms.Number(0, call.Kind), null);
            }

            string value = _names.Fresh("u");
            string tangent = _names.Fresh("tu");
            arguments.Add("out " + TangentType(call.Kind) + " " + tangent);
            into.Add(new GradientCallStmt(value, TangentMethod(call)!, arguments.ToEquatableArray()));
            return (new NameTerm(value, call.Kind), new NameTerm(tangent, call.Kind));
        }

        /// <summary>
        /// <c>var u = M(args);</c> for a call whose arguments all have no tangent (constants, and buffers nothing varies);
        /// null where one has a tangent.
        /// </summary>
        private Term? ConstantCall(UserCallExpr call, List<SweepStmt> into)
        {
            if (ConstantArguments(call, into) is not { } arguments)
            {
                return null;
            }

            string value = _names.Fresh("u");
            into.Add(new GradientCallStmt(value, call.PrimalMethod, arguments.ToEquatableArray()));
            return new NameTerm(value, call.Kind);
        }

        /// <summary>
        /// The arguments of a call without a derivative, evaluated into <paramref name="into"/>, when none of them varies
        /// (the call is a constant, or for a void call, only an effect); null otherwise.
        /// </summary>
        private List<string>? ConstantArguments(UserCallExpr call, List<SweepStmt> into)
        {
            if (call.PrimalMethod.Length == 0)
            {
                return null;
            }

            var arguments = new List<string>();
            var evaluated = new List<SweepStmt>();
            foreach (CallArg arg in call.Args)
            {
                switch (arg.Role)
                {
                    case ArgRole.Scalar or ArgRole.Constant:
                    {
                        (Term argument, Term? argumentTangent) = Visit(arg.Value, evaluated);
                        if (argumentTangent is not null)
                        {
                            return null;
                        }

                        arguments.Add(TermPrinter.Print(argument));
                        break;
                    }

                    case ArgRole.Array or ArgRole.Span when arg.BufferName is not null && !_varied.Contains(arg.BufferName):
                        arguments.Add(arg.BufferName);
                        break;
                    default:
                        return null;
                }
            }

            into.AddRange(evaluated);
            return arguments;
        }

        /// <summary>
        /// A value call of a method with a [DerivativeOf] registration: the registration is a reverse rule,
        /// and for a scalar result that is enough, since the tangent is the gradient times the arguments'
        /// tangents: <c>var u = GGradient(args, ref g…, v…); tu = Σ gᵢ·tᵢ + Σₖ v[k]·tb[k]</c>.
        /// </summary>
        private (Term Value, Term? Tangent) VisitRegisteredCall(UserCallExpr call, List<SweepStmt> into)
        {
            if (call.AdjointMethod.Length == 0)
            {
                // A method without a derivative given only constants is a constant: its own call, with no tangent.
                if (ConstantCall(call, into) is { } constant)
                {
                    return (constant, null);
                }

                Fail("'" + call.DisplayName + "' has no derivative");
                return (Terms.Number(0, call.Kind), null);
            }

            var primal = new List<string>();
            var adjoints = new List<string>();
            Term tangent = Terms.Number(0, call.Kind);
            var vectors = new List<(string Vector, string Buffer, ScalarKind Kind)>();
            foreach (CallArg arg in call.Args)
            {
                switch (arg.Role)
                {
                    case ArgRole.Scalar:
                    {
                        (Term argument, Term? argumentTangent) = Visit(arg.Value, into);
                        primal.Add(TermPrinter.Print(argument));
                        string partial = _names.Fresh("g");
                        into.Add(new DeclarePartialStmt(partial, arg.Value.Kind));
                        adjoints.Add("ref " + partial);
                        if (argumentTangent is not null)
                        {
                            tangent = Terms.Add(tangent, ConvertedTangent(Terms.Multiply(new NameTerm(partial, arg.Value.Kind), argumentTangent), call.Kind));
                        }

                        break;
                    }

                    case ArgRole.Array or ArgRole.Span when arg.BufferName is not null:
                    {
                        primal.Add(arg.BufferName);
                        string vector = _names.Fresh("v");
                        into.Add(new AllocateVectorStmt(vector, arg.Value.Kind, arg.BufferName));
                        adjoints.Add(vector);
                        if (_varied.Contains(arg.BufferName))
                        {
                            vectors.Add((vector, arg.BufferName, arg.Value.Kind));
                        }

                        break;
                    }

                    case ArgRole.ConstantBuffer:
                    {
                        string buffer = ExprPrinter.Print(arg.Value);
                        primal.Add(buffer);
                        adjoints.Add(TangentSteps.ZeroLike(arg.Element, buffer));
                        break;
                    }

                    default:
                        primal.Add(ExprPrinter.Print(arg.Value));
                        break;
                }
            }

            string value = _names.Fresh("u");
            into.Add(new GradientCallStmt(value, call.AdjointMethod, primal.Concat(adjoints).ToEquatableArray()));
            string result = _names.Fresh("tu");
            into.Add(new PrimalAssignStmt(result, TangentType(call.Kind), tangent));
            foreach ((string vector, string buffer, ScalarKind kind) in vectors)
            {
                into.Add(TangentSteps.AccumulateDot(result, call.Kind, vector, TangentOf(buffer), kind, _names.Fresh("k"), convert: _lanes is null));
            }

            return (new NameTerm(value, call.Kind), new NameTerm(result, call.Kind));
        }

        /// <summary>A call statement: a void call that writes buffers, or one whose value a local receives.</summary>
        private void WriteCall(UserCallExpr call, LocalTarget? result, List<SweepStmt> into)
        {
            if ((result is null && !call.CalleeIsDifferentiable || HasNoDifferentiableParameter(call)) && ConstantArguments(call, into) is { } constants)
            {
                // A void method that is not [Differentiable] given only constants (`Conf.SetScale(Conf.Scale + 1)`,
                // `Array.Sort(keys, order)` on copies of [NoDiff] data): it only runs, whatever rule it has for varied ones.
                // So does a [Differentiable] one with no differentiable parameter, which has no tangent companion; the
                // value it gives a local is a constant.
                string? target = null;
                if (result is not null)
                {
                    if (_varied.Contains(result.Name))
                    {
                        into.Add(new PrimalAssignStmt(TangentOf(result.Name), result.DeclaredType is null ? null : _lanes ?? result.DeclaredType, ConvertedTangent(null, result.Kind)));
                    }

                    target = (result.DeclaredType is null ? string.Empty : result.DeclaredType + " ") + result.Name;
                }

                into.Add(new PrimalCallStmt(target, call.PrimalMethod + "(" + string.Join(", ", constants) + ")"));
                return;
            }

            List<string>? arguments = CallArguments(call, into);
            if (arguments is null)
            {
                return;
            }

            string? declaration = null;
            if (result is not null)
            {
                string type = TangentType(call.Kind);
                arguments.Add(!_varied.Contains(result.Name) ? "out _"
                    : "out " + (result.DeclaredType is not null ? type + " " : string.Empty) + TangentOf(result.Name));
                declaration = (result.DeclaredType is null ? string.Empty : result.DeclaredType + " ") + result.Name;
            }

            into.Add(new PrimalCallStmt(declaration, TangentMethod(call)! + "(" + string.Join(", ", arguments) + ")"));
        }

        /// <summary>The callee's primal arguments, then a tangent for each of its differentiable parameters; null when it has no tangent companion.</summary>
        private List<string>? CallArguments(UserCallExpr call, List<SweepStmt> into)
        {
            if (TangentMethod(call) is null && _lanes is not null && call.CalleeIsDifferentiable)
            {
                Fail("'" + call.DisplayName + "' comes from an assembly generated without tangent lanes");
                return null;
            }

            if (TangentMethod(call) is null)
            {
                Fail("'" + call.DisplayName + "' is known only through a [DerivativeOf] registration that writes buffers, and a reverse rule gives no tangent of them");
                return null;
            }

            var primal = new List<string>();
            var tangents = new List<string>();
            foreach (CallArg arg in call.Args)
            {
                switch (arg.Role)
                {
                    case ArgRole.Scalar:
                    {
                        (Term value, Term? tangent) = Visit(arg.Value, into);
                        primal.Add(TermPrinter.Print(value));
                        tangents.Add(TermPrinter.Print(ConvertedTangent(tangent, arg.Value.Kind)));
                        break;
                    }

                    case ArgRole.Array or ArgRole.Span when arg.BufferName is not null:
                        primal.Add(arg.BufferName);
                        tangents.Add(_varied.Contains(arg.BufferName) ? TangentOf(arg.BufferName) : ZeroBuffer(arg.Value.Kind, arg.BufferName, into));
                        break;

                    case ArgRole.ConstantBuffer:
                    {
                        string buffer = ExprPrinter.Print(arg.Value);
                        primal.Add(buffer);
                        tangents.Add(ZeroBuffer(arg.Element, buffer, into));
                        break;
                    }

                    default:
                        primal.Add(ExprPrinter.Print(arg.Value));
                        break;
                }
            }

            primal.AddRange(tangents);
            return primal;
        }

        /// <summary>
        /// Whether a [Differentiable] callee takes nothing differentiable: every argument is a constant of the call (an
        /// <c>int</c>, a <c>[NoDiff]</c> value or buffer, an object), which a differentiable parameter never is (a constant
        /// given one is a scalar or a buffer argument). Such a callee has no tangent companion.
        /// </summary>
        private static bool HasNoDifferentiableParameter(UserCallExpr call) =>
            call.CalleeIsDifferentiable && call.Args.All(arg => arg.Role == ArgRole.Constant);

        /// <summary>The callee's <c>…Tangent</c>: generated for every [Differentiable] callee, never for a registration.</summary>
        /// <remarks>
        /// In lanes, the callee's <c>…TangentLanes</c>, which every callee generated with this version has; one from an
        /// assembly generated without them leaves this method's lanes to its <c>…Tangent</c> (see <see cref="CallArguments"/>).
        /// </remarks>
        private string? TangentMethod(UserCallExpr call) =>
            call.CalleeIsDifferentiable && call.PrimalMethod.Length > 0 && (_lanes is null || call.HasTangentLanes)
                ? call.PrimalMethod + (_lanes is null ? "Tangent" : "TangentLanes<" + _lanes + ">")
                : null;

        private string TangentOf(string name)
        {
            if (!_tangents.TryGetValue(name, out string? tangent))
            {
                tangent = _names.Readable("t_" + name.TrimStart('@'));
                _tangents[name] = tangent;
            }

            return tangent;
        }

        private void Fail(string reason) => _failure ??= reason;
    }
}
