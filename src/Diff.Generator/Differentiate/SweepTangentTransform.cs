using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Lowering;
using Diff.Generator.Model;
using Diff.Generator.Parse;
using Diff.Generator.Rules;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// The tangent transform applied to an adjoint (forward over reverse): from the IR of both sweeps of
    /// <c>MGradient</c> (<see cref="ScalarAdjointMethod"/>) to the IR of <c>MHessianVector</c>, the same
    /// sweeps with the tangent of every floating value beside it. The tangent of a parameter is its
    /// direction <c>v</c>, the tangent of its adjoint the Hessian-vector product <c>hv</c>: every
    /// <c>dx += ∂ · a</c> of the reverse sweep gains <c>hvx += T(∂ · a)</c>. Terms are differentiated by
    /// the catalog's tangent rules; a recorded value is recorded with its tangent after it, and read back
    /// in the opposite order.
    /// </summary>
    internal sealed class SweepTangentTransform
    {
        private readonly NameSource _names;
        private readonly Dictionary<string, string> _tangents;
        private string? _failure;
        private bool _output;

        private SweepTangentTransform(NameSource names, Dictionary<string, string> tangents)
        {
            _names = names;
            _tangents = tangents;
        }

        /// <summary>
        /// The transformed adjoint, or the reason it cannot be written (a call: its callee would need a
        /// Hessian-vector companion of its own).
        /// </summary>
        /// <param name="seeds">The names whose tangents the caller provides: each parameter's direction and each adjoint's product.</param>
        /// <param name="undeclared">Names the sweeps may assign without declaring them ([NoDiff] parameters), with their tangent's type: those assigned get a tangent declared zero at the top (a buffer's as an array).</param>
        /// <param name="seedTangent">The tangent of the result's adjoint: zero for a gradient, a parameter for a seeded pullback.</param>
        public static (ScalarAdjointMethod? Method, string? Failure) Transform(
            ScalarAdjointMethod adjoint,
            NameSource names,
            IReadOnlyDictionary<string, string> seeds,
            IReadOnlyDictionary<string, string> undeclared,
            string seedTangent = "0")
        {
            var transform = new SweepTangentTransform(names, new Dictionary<string, string>(seeds.ToDictionary(p => p.Key, p => p.Value), System.StringComparer.Ordinal));
            var locals = new List<SweepStmt>();

            // The result's adjoint is seeded with a constant (its tangent is zero) or a seeded pullback's parameter.
            if (adjoint.Reverse.ResultKind != ScalarKind.Void)
            {
                locals.Add(new DeclareStmt(SymbolFacts.Keyword(adjoint.Reverse.ResultKind), transform.TangentOf("__dReturn"), seedTangent));
            }

            // A first pass names the tangent of every value the sweeps define, so that a read that comes
            // before its definition in the text (a loop-carried value) finds it; the second pass writes.
            transform._output = false;
            transform.Sweeps(adjoint);

            // A [NoDiff] parameter the method overwrites with varied values has a tangent of its own.
            foreach (KeyValuePair<string, string> candidate in undeclared)
            {
                if (transform._tangents.ContainsKey(candidate.Key))
                {
                    // A buffer's (an array type) is a zero array as long as the buffer.
                    string initializer = candidate.Value.EndsWith("[]", System.StringComparison.Ordinal)
                        ? "new " + candidate.Value.Substring(0, candidate.Value.Length - 2) + "[" + candidate.Key + ".Length]"
                        : "0";
                    locals.Insert(0, new DeclareStmt(candidate.Value, transform.TangentOf(candidate.Key), initializer));
                }
            }

            transform._output = true;
            (EquatableArray<SweepStmt> hoisted, EquatableArray<SweepStmt> forward, ScalarReverseMethod reverse) = transform.Sweeps(adjoint);
            locals.AddRange(hoisted);
            return transform._failure is null ? (new ScalarAdjointMethod(locals.ToEquatableArray(), forward, reverse), null) : (null, transform._failure);
        }

        /// <summary>The adjoint's hoisted locals, forward sweep and reverse sweep, each with its tangents.</summary>
        private (EquatableArray<SweepStmt> Hoisted, EquatableArray<SweepStmt> Forward, ScalarReverseMethod Reverse) Sweeps(ScalarAdjointMethod adjoint) =>
            (All(adjoint.Locals),
             All(adjoint.Forward),
             new ScalarReverseMethod(adjoint.Reverse.ResultKind, adjoint.Reverse.Seed, All(adjoint.Reverse.Body), All(adjoint.Reverse.Epilogue)));

        private EquatableArray<SweepStmt> All(EquatableArray<SweepStmt> statements)
        {
            var result = new List<SweepStmt>();
            foreach (SweepStmt statement in statements)
            {
                int start = result.Count;
                Transform(statement, result);
                for (int i = start; i < result.Count; i++)
                {
                    if (statement.LineOffset >= 0 && result[i].LineOffset < 0)
                    {
                        result[i] = result[i] with { LineOffset = statement.LineOffset };
                    }
                }
            }

            return result.ToEquatableArray();
        }

        private void Transform(SweepStmt statement, List<SweepStmt> into)
        {
            switch (statement)
            {
                // Bookkeeping without floating values.
                case CommentStmt or RunInactiveStmt or IndexStmt or RecomputeStmt or ResumeCounterStmt or InvertCounterStmt or CountTripStmt:
                    into.Add(statement);
                    break;

                case DeclareStmt declare:
                    into.Add(declare);
                    if (IsFloatingType(declare))
                    {
                        into.Add(new DeclareStmt(declare.Type, TangentOf(declare.Name), declare.Initializer));
                    }

                    break;

                case DeclareArrayStmt array:
                    into.Add(array);
                    into.Add(new DeclareArrayStmt(TangentOf(array.Name), array.Element, array.Length));
                    break;

                case AllocateAdjointStmt allocate:
                    into.Add(allocate);
                    into.Add(new AllocateAdjointStmt(TangentOf(allocate.Adjoint), allocate.Element, allocate.Length));
                    break;

                case DeclarePartialStmt partial:
                    into.Add(partial);
                    into.Add(new DeclarePartialStmt(TangentOf(partial.Name), partial.Kind));
                    break;

                case PrimalAssignStmt { Value: PrimalTerm } assign:
                    // An assignment the adjoint does not differentiate (its target is not varied, or reaches
                    // nothing): its tangent is zero, and it only needs one where the target has a tangent anyway.
                    if (IsFloating(assign.Value.Kind) && assign.DeclaredType is null && _tangents.TryGetValue(assign.Target, out string? zeroed))
                    {
                        into.Add(new PrimalAssignStmt(zeroed, null, Terms.Number(0, assign.Value.Kind)) { IndexCode = assign.IndexCode });
                    }

                    into.Add(assign);
                    break;

                case PrimalAssignStmt assign:
                    if (IsFloating(assign.Value.Kind))
                    {
                        // The tangent first: it reads the values the assignment is about to overwrite.
                        into.Add(new PrimalAssignStmt(TangentOf(assign.Target), assign.DeclaredType, Tangent(assign.Value)) { IndexCode = assign.IndexCode });
                    }

                    into.Add(assign);
                    break;

                case TempStmt temp:
                    into.Add(temp);
                    if (IsFloating(temp.Value.Kind))
                    {
                        into.Add(new PrimalAssignStmt(TangentOf(temp.Name), SymbolFacts.Keyword(temp.Value.Kind), TangentOfTemp(temp)));
                    }

                    break;

                case SinCosStmt sinCos:
                {
                    into.Add(sinCos);
                    ScalarKind kind = sinCos.Argument.Kind;
                    Term argument = Tangent(sinCos.Argument);
                    string keyword = SymbolFacts.Keyword(kind);
                    into.Add(new PrimalAssignStmt(TangentOf(sinCos.Sine), keyword, Terms.Multiply(new NameTerm(sinCos.Cosine, kind), argument)));
                    into.Add(new PrimalAssignStmt(TangentOf(sinCos.Cosine), keyword, Terms.Negate(Terms.Multiply(new NameTerm(sinCos.Sine, kind), argument))));
                    break;
                }

                case RecordStmt record:
                    into.Add(record);
                    if (IsFloating(record.Kind))
                    {
                        into.Add(record with { Value = Tangent(record.Value), Slot = record.Slot is null ? null : TangentOf(record.Slot) });
                    }

                    break;

                case PopStmt pop:
                    // Recorded value first, then its tangent: read back, the tangent comes first.
                    if (IsFloating(pop.Kind))
                    {
                        into.Add(new PopStmt(TangentOf(pop.Handle), pop.Kind, pop.Cast));
                    }

                    into.Add(pop);
                    break;

                case ReserveStmt reserve:
                    into.Add(IsFloating(reserve.Kind) ? reserve with { CountCode = "2 * (" + reserve.CountCode + ")" } : reserve);
                    break;

                case RestoreElementStmt restore:
                    into.Add(restore);
                    if (_tangents.ContainsKey(restore.Array) || _tangents.ContainsKey(restore.Recorded))
                    {
                        into.Add(new RestoreElementStmt(TangentOf(restore.Array), restore.Index, TangentOf(restore.Recorded)));
                    }

                    break;

                case TakeAdjointStmt take:
                    into.Add(take);
                    into.Add(new TakeAdjointStmt(TangentOf(take.Seed), TangentRef(take.Adjoint), take.Clear));
                    break;

                case IncrementStmt increment:
                    into.Add(increment);
                    into.Add(new IncrementStmt(TangentRef(increment.Target), Tangent(increment.Term), increment.Cast));
                    break;

                case UnlessZeroStmt guard:
                    // A zero adjoint with a tangent still carries the tangent times the partials.
                    into.Add(new ForwardIfStmt(
                        new ValueExpr(new BinaryValue(ValueOperator.ConditionalOr, NotZero(guard.Seed), NotZero(TangentOf(guard.Seed)), IrType.Bool), ScalarKind.Boolean),
                        All(guard.Body),
                        EquatableArray<SweepStmt>.Empty));
                    break;

                case AllocateVectorStmt vector:
                    into.Add(vector);
                    // A reused vector's tangent twin is declared with the locals too (its DeclareStmt's twin).
                    into.Add(new AllocateVectorStmt(TangentOf(vector.Name), vector.Element, vector.Buffer) { Reuses = vector.Reuses });
                    break;

                case GradientCallStmt call:
                    Call(call, into);
                    break;

                case RecordBufferStmt buffer:
                    // A callee's vector partials, and their tangents after them.
                    into.Add(buffer);
                    if (IsFloating(buffer.Kind) && !buffer.WithoutTangent)
                    {
                        into.Add(new RecordBufferStmt(buffer.Kind, TangentOf(buffer.Buffer), _names.Fresh("k")));
                    }

                    break;

                case VectorIncrementStmt vector:
                    VectorIncrement(vector, into);
                    break;

                case ForwardBlockStmt block:
                    into.Add(new ForwardBlockStmt(All(block.Body)));
                    break;
                case ForwardIfStmt branch:
                    into.Add(branch with { Then = All(branch.Then), Else = All(branch.Else) });
                    break;
                case ForwardForStmt loop:
                    into.Add(loop with { Body = All(loop.Body) });
                    break;
                case ForwardWhileStmt loop:
                    into.Add(loop with { Body = All(loop.Body) });
                    break;
                case ReverseBlockStmt block:
                    into.Add(new ReverseBlockStmt(All(block.Body)));
                    break;
                case ReverseCountedLoopStmt loop:
                    into.Add(loop with { Body = All(loop.Body) });
                    break;
                case ReplayTripsStmt trips:
                    into.Add(trips with { Prologue = All(trips.Prologue), Body = All(trips.Body), Epilogue = All(trips.Epilogue) });
                    break;
                case ReplayBranchStmt branch:
                    into.Add(branch with { Then = All(branch.Then), Else = All(branch.Else) });
                    break;

                case PrimalCallStmt { Call: { } call, RecordCallCode: null } primalCall:
                    // The call's tangent: the callee's …Tangent makes the same call and carries the tangents of what it writes.
                    if (TangentCall(call, primalCall.ResultDeclaration) is { } tangentCall)
                    {
                        into.Add(tangentCall);
                    }
                    else
                    {
                        into.Add(statement);
                    }

                    break;

                case RebuildBufferStmt rebuild:
                    // The snapshot's tangent was recorded after it: it is read back first. An int buffer has none, nor
                    // does a callee's [NoDiff] buffer.
                    if (IsFloating(rebuild.Element) && !rebuild.WithoutTangent)
                    {
                        into.Add(new RebuildBufferStmt(TangentOf(rebuild.Scratch), rebuild.Element, rebuild.Length, _names.Fresh("k"))
                        {
                            Reuses = rebuild.Reuses,
                            Alias = rebuild.Alias is null ? null : TangentOf(rebuild.Alias),
                        });
                    }

                    into.Add(rebuild);
                    break;

                case PullbackStmt { ReverseMethod: null, HessianVectorMethod.Length: > 0 } pullback:
                    PullbackHessianVector(pullback, into);
                    break;

                case PrimalCallStmt { Call: null, RecordCallCode: null }:
                    // A call with no reverse work (nothing it is given or gives back is differentiated, as
                    // `Conf.SetScale(Conf.Scale + 1)`): it only runs, with no tangent.
                    into.Add(statement);
                    break;

                default:
                    // A call of a method that writes buffers that forward over reverse cannot follow (a [NoDiff] buffer
                    // the callee writes, a callee without a …PullbackHessianVector).
                    Fail("it calls a method that writes buffers, whose pullback has no Hessian-vector counterpart here");
                    into.Add(statement);
                    break;
            }
        }

        /// <summary>
        /// <c>F(args)</c> as <c>FTangent(args, tangents)</c>: the same call, with the tangent of each argument the callee
        /// differentiates (a zero buffer for one without), and the result's tangent into the result's; null (and a
        /// failure) when the callee has no tangent.
        /// </summary>
        private PrimalCallStmt? TangentCall(UserCallExpr call, string? resultDeclaration)
        {
            if (!call.CalleeIsDifferentiable || call.PrimalMethod.Length == 0)
            {
                Fail("'" + call.DisplayName + "' is known only through a [DerivativeOf] registration, which gives no second derivative");
                return null;
            }

            var arguments = call.Args.Select(a => ExprPrinter.Print(a.Value)).ToList();
            foreach (CallArg arg in call.Args)
            {
                switch (arg.Role)
                {
                    case ArgRole.Scalar:
                        arguments.Add(TermPrinter.Print(Tangent(new PrimalTerm(arg.Value))));
                        break;
                    case ArgRole.Array or ArgRole.Span when arg.BufferName is not null:
                        arguments.Add(_tangents.TryGetValue(arg.BufferName, out string? tangent) ? tangent : TangentSteps.ZeroLike(arg.Value.Kind, arg.BufferName));
                        break;
                    case ArgRole.ConstantBuffer:
                        arguments.Add(TangentSteps.ZeroLike(arg.Element, ExprPrinter.Print(arg.Value)));
                        break;
                }
            }

            if (resultDeclaration is not null)
            {
                // "T name": the result's tangent is declared beside it.
                int space = resultDeclaration.LastIndexOf(' ');
                string type = space < 0 ? SymbolFacts.Keyword(call.Kind) : resultDeclaration.Substring(0, space);
                string name = resultDeclaration.Substring(space + 1);
                arguments.Add("out " + (space < 0 ? string.Empty : type + " ") + TangentOf(name));
            }

            return new PrimalCallStmt(resultDeclaration, call.PrimalMethod + "Tangent(" + string.Join(", ", arguments) + ")");
        }

        /// <summary>
        /// A callee's pullback as its <c>…PullbackHessianVector</c>: the arguments (rebuilt as they were before the call),
        /// their directions (the tangents rebuilt beside them), the adjoints and the adjoints' tangents, so that the
        /// callee adds its second-order terms into this method's products.
        /// </summary>
        private void PullbackHessianVector(PullbackStmt pullback, List<SweepStmt> into)
        {
            var directions = new List<string>();
            foreach (PullbackOperand operand in pullback.Operands)
            {
                if (!operand.IsBuffer)
                {
                    directions.Add(TermPrinter.Print(Tangent(new NameTerm(operand.Argument, operand.Kind))));
                }
                else
                {
                    directions.Add(!operand.Constant && _tangents.TryGetValue(operand.Argument, out string? tangent)
                        ? tangent
                        : TangentSteps.ZeroLike(operand.Kind, operand.Argument));
                }
            }

            var products = pullback.Adjoints.Select(adjoint =>
                adjoint.StartsWith("ref ", System.StringComparison.Ordinal) ? "ref " + TangentOf(adjoint.Substring(4))
                : adjoint.StartsWith("new ", System.StringComparison.Ordinal) ? adjoint
                : TangentOf(adjoint)).ToList();
            var arguments = pullback.Arguments.Concat(directions).ToList();
            if (pullback.ResultAdjoint is not null)
            {
                arguments.Add(pullback.ResultAdjoint);
                arguments.Add(TangentOf(pullback.ResultAdjoint));
            }

            arguments.AddRange(pullback.Adjoints);
            arguments.AddRange(products);
            into.Add(new PrimalCallStmt(null, pullback.HessianVectorMethod + "(" + string.Join(", ", arguments) + ")"));
            if (pullback.ResultAdjoint is not null)
            {
                // The pullback took the result's adjoint; so has its tangent been taken.
                into.Add(new PrimalAssignStmt(pullback.ResultAdjoint, null, Terms.Number(0, ScalarKind.Double)));
                into.Add(new PrimalAssignStmt(TangentOf(pullback.ResultAdjoint), null, Terms.Number(0, ScalarKind.Double)));
            }
        }

        /// <summary>
        /// A value call <c>u = G(args)</c>, recorded with its partials g = ∇G: forward over reverse needs the
        /// partials' tangents H_G·t, which the callee's own <c>…HessianVector</c> gives, with the value's
        /// tangent Σ gᵢ·tᵢ.
        /// </summary>
        private void Call(GradientCallStmt call, List<SweepStmt> into)
        {
            if (call.HessianVectorMethod.Length == 0 || call.Operands.Count == 0)
            {
                Fail("'" + call.Callee + "' is known only through a [DerivativeOf] registration, which gives no second derivative");
                into.Add(call);
                return;
            }

            var primal = call.Arguments.Take(call.Operands.Count).ToList();
            var adjoints = call.Arguments.Skip(call.Operands.Count).ToList();
            var directions = new List<string>();
            var products = new List<string>();
            Term tangent = Terms.Number(0, call.ResultKind);
            var vectors = new List<(string Vector, string Buffer, ScalarKind Kind)>();
            foreach (CallOperand operand in call.Operands)
            {
                if (operand.Partial is not null && operand.Buffer is null)
                {
                    Term direction = Tangent(operand.Value!);
                    directions.Add(TermPrinter.Print(direction));
                    products.Add("ref " + TangentOf(operand.Partial));
                    tangent = Terms.Add(tangent, TangentSteps.Converted(TangentSteps.AbsorbedByZero(direction, Terms.Multiply(new NameTerm(operand.Partial, operand.Kind), direction)), call.ResultKind));
                }
                else if (operand.Partial is not null)
                {
                    bool varied = _tangents.TryGetValue(operand.Buffer!, out string? tangentBuffer);
                    directions.Add(varied ? tangentBuffer! : TangentSteps.ZeroLike(operand.Kind, operand.Buffer!));
                    products.Add(TangentOf(operand.Partial));
                    if (varied)
                    {
                        vectors.Add((operand.Partial, tangentBuffer!, operand.Kind));
                    }
                }
                else if (operand.ScratchAdjoint)
                {
                    directions.Add(TangentSteps.ZeroLike(operand.Kind, operand.Buffer!));
                    products.Add(TangentSteps.ZeroLike(operand.Kind, operand.Buffer!));
                }
            }

            into.Add(new GradientCallStmt(call.Temp, call.HessianVectorMethod, primal.Concat(directions).Concat(adjoints).Concat(products).ToEquatableArray()));
            string result = TangentOf(call.Temp);
            into.Add(new PrimalAssignStmt(result, SymbolFacts.Keyword(call.ResultKind), tangent));
            foreach ((string vector, string buffer, ScalarKind kind) in vectors)
            {
                into.Add(TangentSteps.AccumulateDot(result, call.ResultKind, vector, buffer, kind, _names.Fresh("k"), absorbZero: true));
            }
        }

        /// <summary>
        /// <c>adj[k] += factor · v[k]</c> over a recorded vector of partials, and its tangent
        /// <c>hv[k] += t(factor) · v[k] + factor · t(v)[k]</c>. The tangents were recorded after the vector,
        /// so both are read back into scratch arrays first.
        /// </summary>
        private void VectorIncrement(VectorIncrementStmt vector, List<SweepStmt> into)
        {
            string tangents = _names.Fresh("m");
            string values = _names.Fresh("m");
            into.Add(new RebuildBufferStmt(tangents, vector.Kind, vector.Length, _names.Fresh("k")));
            into.Add(new RebuildBufferStmt(values, vector.Kind, vector.Length, _names.Fresh("k")));
            string k = vector.Index;
            var at = new NameValue(k, IrType.Int32);
            Term value = new ElementTerm(values, at, vector.Kind);
            Term increment = Terms.Multiply(vector.Factor, value);
            Term tangentIncrement = Terms.Add(Terms.Multiply(Tangent(vector.Factor), value), Terms.Multiply(vector.Factor, new ElementTerm(tangents, at, vector.Kind)));
            into.Add(new ForwardForStmt(
                "int " + k + " = 0",
                k + " < " + ValuePrinter.Print(vector.Length),
                k + "++",
                new SweepStmt[]
                {
                    new IncrementStmt(new AdjointRef(vector.Adjoint, at), increment, vector.Cast),
                    new IncrementStmt(new AdjointRef(TangentOf(vector.Adjoint), at), tangentIncrement, vector.Cast),
                }.ToEquatableArray()));
        }

        private static Value NotZero(string name) =>
            new BinaryValue(ValueOperator.NotEqual, new NameValue(name, IrType.Double), new ConstantValue("0", IrType.Int32, IsLiteral: true), IrType.Bool);

        private AdjointRef TangentRef(AdjointRef adjoint) => adjoint with { Name = TangentOf(adjoint.Name) };

        /// <summary>A temporary's tangent; a call's rule reads the call's value from the temporary itself.</summary>
        private Term TangentOfTemp(TempStmt temp) => temp.Value is MathCallTerm call
            ? CallTangent(call, new NameTerm(temp.Name, call.Kind))
            : Tangent(temp.Value);

        /// <summary>The tangent of a term (zero where nothing it reads has a tangent), simplified as it is built.</summary>
        private Term Tangent(Term term) => TangentOrNull(term) ?? Terms.Number(0, term.Kind);

        private Term? TangentOrNull(Term term)
        {
            switch (term)
            {
                case NumberTerm or ValueTerm or MathConstantTerm:
                    return null;
                case NameTerm name:
                    return IsFloating(name.Kind) && _tangents.TryGetValue(name.Name, out string? tangent) ? new NameTerm(tangent, name.Kind) : null;
                case ElementTerm element:
                    return IsFloating(element.Kind) && _tangents.TryGetValue(element.Buffer, out string? buffer) ? new ElementTerm(buffer, element.Index, element.Kind) : null;
                case NegateTerm negate:
                    return TangentOrNull(negate.Operand) is { } operand ? Terms.Negate(operand) : null;
                case ConvertTerm convert:
                    return TangentOrNull(convert.Operand) is { } converted ? new ConvertTerm(converted, convert.Kind) : null;
                case BinaryTerm binary:
                {
                    Term? left = TangentOrNull(binary.Left);
                    Term? right = TangentOrNull(binary.Right);
                    if (left is null && right is null)
                    {
                        return null;
                    }

                    Term tl = left ?? Terms.Number(0, binary.Kind);
                    Term tr = right ?? Terms.Number(0, binary.Kind);
                    return binary.Operator switch
                    {
                        TermOperator.Add => Terms.Add(tl, tr),
                        TermOperator.Multiply => Terms.Add(Terms.Multiply(tl, binary.Right), Terms.Multiply(binary.Left, tr)),
                        TermOperator.Divide => Terms.Subtract(Terms.Divide(tl, binary.Right), Terms.Divide(Terms.Multiply(binary, tr), binary.Right)),
                        _ => Terms.Subtract(tl, Terms.Multiply(new MathCallTerm(MathOf(binary.Kind), "Truncate", new[] { Terms.Divide(binary.Left, binary.Right) }.ToEquatableArray(), binary.Kind), tr)),
                    };
                }

                case MathCallTerm call:
                    return call.Args.Any(a => TangentOrNull(a) is not null) ? CallTangent(call, call) : null;
                case ConditionalTerm conditional:
                {
                    Term? whenTrue = TangentOrNull(conditional.WhenTrue);
                    Term? whenFalse = TangentOrNull(conditional.WhenFalse);
                    return whenTrue is null && whenFalse is null
                        ? null
                        : Terms.Conditional(conditional.Condition, whenTrue ?? Terms.Number(0, conditional.Kind), whenFalse ?? Terms.Number(0, conditional.Kind));
                }

                case PrimalTerm primal when !ExprTree.DescendantsAndSelf(primal.Value).Any(e => e is VarExpr v && _tangents.ContainsKey(v.Name) || e is ElemExpr a && _tangents.ContainsKey(a.Array)
                                                                                             || e is UserCallExpr call && call.Args.Any(arg => arg.BufferName is { } buffer && _tangents.ContainsKey(buffer))):
                    // A value computed from nothing varied (an inactive assignment, a call given only constants): its tangent is zero.
                    return null;

                case PrimalTerm { Value: VarExpr variable }:
                    // A varied value saved as it is (a scalar argument recorded for a callee's pullback): its tangent is the variable's.
                    return TangentOrNull(new NameTerm(variable.Name, variable.Kind));

                case PrimalTerm:
                    Fail("a varied value saved as an expression, which the tangent transform does not follow");
                    return null;

                default:
                    Fail("a value the tangent transform does not model (" + term.GetType().Name + ")");
                    return null;
            }
        }

        /// <summary>A math call's tangent by the catalog's rule for it; <paramref name="result"/> is the call's value.</summary>
        private Term CallTangent(MathCallTerm call, Term result)
        {
            string owner = call.Owner.StartsWith("global::", System.StringComparison.Ordinal) ? call.Owner.Substring("global::".Length) : call.Owner;
            DerivativeRule? rule = DerivativeTable.Find(owner, call.Function, call.Args.Count);
            if (rule is null)
            {
                Fail("no rule for " + call.Function);
                return Terms.Number(0, call.Kind);
            }

            // A SinCos-form rule reads the other function of the pair.
            Term? aux = rule.Form switch
            {
                ForwardForm.SinCosValueFirst => new MathCallTerm(call.Owner, "Cos", call.Args, call.Kind),
                ForwardForm.SinCosValueSecond => new MathCallTerm(call.Owner, "Sin", call.Args, call.Kind),
                _ => null,
            };
            var tangents = call.Args.Select(TangentOrNull).ToArray();
            return rule.TangentOf(new TangentContext(new RuleContext(call.Args.Items, result, aux, call.Kind), tangents));
        }

        private static string MathOf(ScalarKind kind) => kind == ScalarKind.Float ? "global::System.MathF" : "global::System.Math";

        private static bool IsFloating(ScalarKind kind) => kind is ScalarKind.Double or ScalarKind.Float;

        private static bool IsFloatingType(DeclareStmt declare) =>
            declare.Type is "double" or "float" or "double[]" or "float[]"
            || (declare.Type == "var" && (declare.Initializer.StartsWith("new double[", System.StringComparison.Ordinal) || declare.Initializer.StartsWith("new float[", System.StringComparison.Ordinal)));

        private string TangentOf(string name)
        {
            if (!_tangents.TryGetValue(name, out string? tangent))
            {
                tangent = _names.Readable("t_" + name.TrimStart('@'));
                _tangents[name] = tangent;
            }

            return tangent;
        }

        private void Fail(string reason)
        {
            if (_output)
            {
                _failure ??= reason;
            }
        }
    }
}
