using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Analyse;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Lowering
{
    /// <summary>
    /// Inlines the calls of small [Differentiable] helpers (<see cref="UserCallExpr.Inline"/>) into the caller, before
    /// the transforms, so that a helper doing a few operations per call costs what its operations cost, not the
    /// bookkeeping of a differentiated call (tapes handed over, a frame recorded, adjoint buffers for its locals).
    /// <code>
    /// before: double __r1 = Mahalanobis(means, icf, x, i, c, d);       // after CallResultLowering
    /// after:  int Mahalanobis_start = c * (d * (d + 1) / 2);         // the callee's body, its names made fresh,
    ///         double[] Mahalanobis_xc = new double[d];               // its buffer parameters named by the caller's
    ///         …                                                      // buffers, its scalars bound to locals
    ///         double __r1 = Mahalanobis_sq;                          // its final return
    /// </code>
    /// A call is inlined only where the result means exactly what the call meant: the callee's single return is its
    /// last statement; it has no code the IR does not model (whose text could not be renamed); the names it leaves
    /// as they are (members, constants) name nothing the caller declares; a parameter it reassigns is copied, never
    /// renamed; and a buffer the callee does not differentiate ([NoDiff]) is named by one that stays constant in the
    /// caller too (<see cref="MustStayConstant"/>, checked after activity analysis). Anything else stays a call.
    /// </summary>
    internal sealed class InlineLowering : StatementRewriter
    {
        /// <summary>How many IR statements (nested ones included) an inlined body may have.</summary>
        private const int StatementLimit = 80;

        private readonly NameSource _names;
        private readonly IReadOnlyDictionary<string, string> _registrations;
        private readonly HashSet<string> _callerNames;

        public InlineLowering(NameSource names, IReadOnlyDictionary<string, string> registrations, MethodModel caller, Block body)
        {
            _names = names;
            _registrations = registrations;
            _callerNames = new HashSet<string>(caller.Parameters.Select(p => p.Name), System.StringComparer.Ordinal);
            _callerNames.UnionWith(DeclaredNames(body));
        }

        /// <summary>Caller variables that an inlined callee reads through a [NoDiff] parameter: inlining is right only while they stay constant.</summary>
        public HashSet<string> MustStayConstant { get; } = new(System.StringComparer.Ordinal);

        protected override IEnumerable<Stmt> RewriteStatement(Stmt stmt)
        {
            switch (stmt)
            {
                case AssignStmt { Target: LocalTarget { DeclaredType: not null } target, Value: UserCallExpr { Inline: { } callee } call }
                    when Inline(call, callee, target) is { } inlined:
                    return inlined;
                case CallStmt { Call: { Inline: { } callee } call } callStmt when Inline(call, callee, callStmt.Result) is { } inlined:
                    return inlined;
                default:
                    return base.RewriteStatement(stmt);
            }
        }

        private List<Stmt>? Inline(UserCallExpr call, InlineCallee callee, LocalTarget? result)
        {
            // Arguments with effects (`F(k, k++)`) stay a call: a parameter named by the caller's variable would see the effect.
            if (_registrations.ContainsKey(call.RegistrationKey) || call.Args.Count != callee.Parameters.Count || !InlinableBody(callee)
                || call.Args.Any(a => ExprTree.DescendantsAndSelf(a.Value).OfType<ValueExpr>().Any(v => !v.Pure)))
            {
                return null;
            }

            var locals = new HashSet<string>(DeclaredNames(callee.Body), System.StringComparer.Ordinal);
            var own = new HashSet<string>(locals.Concat(callee.Parameters.Select(p => p.Name)), System.StringComparer.Ordinal);

            // A member or constant the callee names (`Scale`) must not become one of the caller's locals of that name.
            if (callee.Identifiers.Any(n => !own.Contains(n) && _callerNames.Contains(n)))
            {
                return null;
            }

            HashSet<string> written = WrittenNames(callee.Body);
            var map = new Dictionary<string, string>(System.StringComparer.Ordinal);
            var constants = new List<string>();
            var prologue = new List<Stmt>();

            // Fresh names must not collide with anything either method mentions.
            foreach (string identifier in callee.Identifiers)
            {
                _names.Readable(identifier);
            }

            for (int i = 0; i < callee.Parameters.Count; i++)
            {
                ParamModel parameter = callee.Parameters[i];
                CallArg arg = call.Args[i];
                bool reassigned = written.Contains(parameter.Name);
                switch (arg.Role)
                {
                    case ArgRole.Array or ArgRole.Span when arg.BufferName is not null && !reassigned:
                        map[parameter.Name] = arg.BufferName;
                        break;
                    case ArgRole.Scalar when arg.Value is VarExpr variable && variable.Kind == parameter.Element && !reassigned:
                        map[parameter.Name] = variable.Name;
                        break;
                    case ArgRole.Scalar:
                    {
                        string local = _names.Readable(callee.Name + "_" + parameter.Name);
                        Expr value = arg.Value.Kind == parameter.Element ? arg.Value : new ConvertExpr(arg.Value, parameter.Element);
                        prologue.Add(new AssignStmt(new LocalTarget(local, parameter.Element, SymbolFacts.Keyword(parameter.Element)), value, local + " = (argument of " + call.DisplayName + ")"));
                        map[parameter.Name] = local;
                        break;
                    }

                    case ArgRole.Constant when arg.Value is ValueExpr { Tree: NameValue name } && !reassigned:
                        map[parameter.Name] = name.Name;
                        if (parameter.Shape != ParamShape.Other)
                        {
                            // A [NoDiff] float or double: the callee treats it as a constant, so the caller must too.
                            constants.Add(name.Name);
                        }

                        break;
                    case ArgRole.Constant when arg.Value is ValueExpr value && parameter.Shape == ParamShape.Other
                                               && IrType.KindOfKeyword(parameter.TypeCode) is var kind && (kind == IrTypeKind.Bool || new IrType(kind, parameter.TypeCode).IsIntegral):
                    {
                        string local = _names.Readable(callee.Name + "_" + parameter.Name);
                        prologue.Add(InactiveStmt.Declare(new IrType(kind, parameter.TypeCode), local, value.Tree));
                        map[parameter.Name] = local;
                        break;
                    }

                    default:
                        return null;
                }
            }

            foreach (string local in locals)
            {
                map[local] = _names.Readable(callee.Name + "_" + local);
            }

            var renamer = new Renamer(map, callee.Name + ": ");
            var statements = new List<Stmt>(prologue);
            EquatableArray<Stmt> body = callee.Body.Statements;
            int count = body.Count;
            if (count > 0 && body[count - 1] is ReturnStmt last)
            {
                count--;
                statements.AddRange(body.Take(count).Select(renamer.Statement));
                if (last.Value is { } returned)
                {
                    Expr value = renamer.Expression(returned);
                    LocalTarget target = result ?? new LocalTarget(_names.Fresh("r"), callee.ReturnKind, SymbolFacts.Keyword(callee.ReturnKind));
                    if (value.Kind != target.Kind)
                    {
                        value = new ConvertExpr(value, target.Kind);
                    }

                    statements.Add(new AssignStmt(target, value, target.Name + " = " + call.DisplayName + "(…)"));
                }
            }
            else
            {
                statements.AddRange(body.Select(renamer.Statement));
            }

            MustStayConstant.UnionWith(constants);
            _callerNames.UnionWith(map.Values);
            return statements;
        }

        /// <summary>
        /// Whether the callee's IR can be inlined as it is: small, its one return last, and nothing in it whose text
        /// would have to be renamed (host code, a generic call printed from its source, a throw expression).
        /// </summary>
        private static bool InlinableBody(InlineCallee callee)
        {
            EquatableArray<Stmt> body = callee.Body.Statements;
            bool returnsValue = callee.ReturnKind != ScalarKind.Void;
            if (returnsValue && (body.Count == 0 || body[body.Count - 1] is not ReturnStmt { Value: not null }))
            {
                return false;
            }

            int statements = 0;
            bool inlinable = true;
            Stmt? finalReturn = body.Count > 0 && body[body.Count - 1] is ReturnStmt ret ? ret : null;
            MethodAnalyzer.Walk(callee.Body, stmt =>
            {
                statements++;
                inlinable &= stmt switch
                {
                    ReturnStmt => ReferenceEquals(stmt, finalReturn) && (returnsValue || ((ReturnStmt)stmt).Value is null),
                    InactiveStmt inactive => inactive.Declares || inactive.Effect is not null,
                    AssignStmt assign => !assign.Atomic && assign.Target is not ResultTarget,
                    ArrayDeclStmt array => !array.SharedMemory,
                    ForEachStmt => false,
                    _ => true,
                };
                inlinable &= Expressions(stmt).All(Modelled);
            });
            return inlinable && statements <= StatementLimit;
        }

        /// <summary>Whether an expression is made only of what the renamer can rename.</summary>
        private static bool Modelled(Expr expr) => ExprTree.DescendantsAndSelf(expr).All(node => node switch
        {
            ThrowExpr => false,
            ValueExpr value => !ValueTree.DescendantsAndSelf(value.Tree).Any(v => v is HostValue),
            ElemExpr element => Modelled(element.Index),
            ConditionalExpr conditional => Modelled(conditional.Condition),
            UserCallExpr user => user.AdjointMethod.Length > 0 && user.PrimalMethod.StartsWith("global::", System.StringComparison.Ordinal),
            _ => true,
        });

        /// <summary>The expressions a statement evaluates itself (not those of nested statements), with its values.</summary>
        private static IEnumerable<Expr> Expressions(Stmt stmt)
        {
            switch (stmt)
            {
                case AssignStmt assign:
                    yield return assign.Value;
                    if (assign.Target is ElemTarget element)
                    {
                        yield return element.Index;
                    }

                    break;
                case ReturnStmt { Value: { } value }:
                    yield return value;
                    break;
                case CallStmt call:
                    yield return call.Call;
                    break;
                case IfStmt branch:
                    yield return branch.Condition;
                    break;
                case LoopStmt loop:
                    if (loop.Condition is not null)
                    {
                        yield return loop.Condition;
                    }

                    if (loop.Counted is { } counted)
                    {
                        yield return counted.From;
                        yield return counted.To;
                        if (counted.Step is not null)
                        {
                            yield return counted.Step;
                        }
                    }

                    break;
                case ArrayDeclStmt array:
                    yield return array.Length;
                    break;
                case InactiveStmt inactive:
                    foreach (Declarator declarator in inactive.Declarators.Where(d => d.Initializer is not null))
                    {
                        yield return new ValueExpr(declarator.Initializer!, ScalarKind.Other);
                    }

                    if (inactive.Effect is not null)
                    {
                        yield return new ValueExpr(inactive.Effect, ScalarKind.Other);
                    }

                    break;
            }
        }

        /// <summary>Every local a block declares, at any depth.</summary>
        private static IEnumerable<string> DeclaredNames(Block block)
        {
            var names = new List<string>();
            MethodAnalyzer.Walk(block, stmt =>
            {
                switch (stmt)
                {
                    case AssignStmt { Target: LocalTarget { DeclaredType: not null } local }:
                        names.Add(local.Name);
                        break;
                    case ArrayDeclStmt array:
                        names.Add(array.Name);
                        break;
                    case InactiveStmt { Declares: true } inactive:
                        names.AddRange(inactive.Assigned);
                        break;
                    case LoopStmt { Counted: { } counted }:
                        names.Add(counted.Var);
                        break;
                    case CallStmt { Result: { } result }:
                        names.Add(result.Name);
                        break;
                    case ForEachStmt each:
                        names.Add(each.Variable);
                        break;
                }
            });
            return names;
        }

        /// <summary>Every variable a block declares or assigns as a whole (not an element of), at any depth.</summary>
        internal static HashSet<string> WrittenNames(Block block)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            MethodAnalyzer.Walk(block, stmt =>
            {
                switch (stmt)
                {
                    case AssignStmt { Target: LocalTarget local }:
                        names.Add(local.Name);
                        break;
                    case ArrayDeclStmt array:
                        names.Add(array.Name);
                        break;
                    case ForEachStmt each:
                        // The walk does not enter a foreach: its variable and its body's writes are added here.
                        names.Add(each.Variable);
                        names.UnionWith(WrittenNames(each.Body));
                        break;
                    case InactiveStmt inactive:
                        names.UnionWith(inactive.Assigned);
                        break;
                    case CallStmt { Result: { } result }:
                        names.Add(result.Name);
                        break;
                }

                foreach (Expr expr in Expressions(stmt))
                {
                    foreach (ValueExpr value in ExprTree.DescendantsAndSelf(expr).OfType<ValueExpr>())
                    {
                        names.UnionWith(value.Writes);
                    }
                }
            });
            return names;
        }

        /// <summary>
        /// Renames an inlined body's variables; its statements map to no line of the caller's. An expression alone keeps
        /// its position (<see cref="RunningExtremumLowering"/> renames the counter of the one it evaluates again).
        /// </summary>
        internal sealed class Renamer
        {
            private readonly IReadOnlyDictionary<string, string> _map;
            private readonly string _sourcePrefix;

            public Renamer(IReadOnlyDictionary<string, string> map, string sourcePrefix)
            {
                _map = map;
                _sourcePrefix = sourcePrefix;
            }

            private string Name(string name) => _map.TryGetValue(name, out string? renamed) ? renamed : name;

            public Stmt Statement(Stmt stmt)
            {
                Stmt renamed = stmt switch
                {
                    AssignStmt assign => assign with { Target = Target(assign.Target), Value = Expression(assign.Value), Source = _sourcePrefix + assign.Source },
                    InactiveStmt { Declares: true } inactive => InactiveStmt.Declare(
                        inactive.DeclaredType!,
                        inactive.Declarators.Select(d => new Declarator(Name(d.Name), d.Initializer is null ? null : Value(d.Initializer))).ToEquatableArray(),
                        inactive.Code.StartsWith("const ", System.StringComparison.Ordinal)),
                    InactiveStmt { Effect: { } effect } => InactiveStmt.Evaluate(Value(effect)),
                    ArrayDeclStmt array => array with { Name = Name(array.Name), Length = Value(array.Length), Source = _sourcePrefix + array.Source },
                    IfStmt branch => branch with { Condition = Value(branch.Condition), Then = Block(branch.Then), Else = Block(branch.Else) },
                    LoopStmt loop => loop with
                    {
                        Init = loop.Init.Select(Statement).ToEquatableArray(),
                        Condition = loop.Condition is null ? null : Value(loop.Condition),
                        Step = loop.Step.Select(Statement).ToEquatableArray(),
                        Body = Block(loop.Body),
                        Counted = loop.Counted is null ? null : loop.Counted with
                        {
                            Var = Name(loop.Counted.Var),
                            From = Value(loop.Counted.From),
                            To = Value(loop.Counted.To),
                            Step = loop.Counted.Step is null ? null : Value(loop.Counted.Step),
                        },
                    },
                    BlockStmt nested => nested with { Body = Block(nested.Body) },
                    CallStmt call => call with
                    {
                        Call = (UserCallExpr)Expression(call.Call),
                        Result = call.Result is null ? null : call.Result with { Name = Name(call.Result.Name) },
                        Source = _sourcePrefix + call.Source,
                    },
                    _ => stmt,
                };
                return renamed with { LineOffset = -1 };
            }

            private Block Block(Block block) => new(block.Statements.Select(Statement).ToEquatableArray());

            private Target Target(Target target) => target switch
            {
                LocalTarget local => local with { Name = Name(local.Name) },
                ElemTarget element => element with { Array = Name(element.Array), Index = Value(element.Index) },
                _ => target,
            };

            public Expr Expression(Expr expr) => expr switch
            {
                ValueExpr value => Value(value),
                VarExpr variable => variable with { Name = Name(variable.Name) },
                ElemExpr element => element with { Array = Name(element.Array), Index = Value(element.Index) },
                ConditionalExpr conditional => conditional with
                {
                    Condition = Value(conditional.Condition),
                    WhenTrue = Expression(conditional.WhenTrue),
                    WhenFalse = Expression(conditional.WhenFalse),
                },
                UserCallExpr call => call with
                {
                    Args = call.Args.Select(a => a with { Value = Expression(a.Value), BufferName = a.BufferName is null ? null : Name(a.BufferName) }).ToEquatableArray(),
                },
                _ => ExprTree.MapChildren(expr, Expression),
            };

            private ValueExpr Value(ValueExpr value) => value with { Tree = Value(value.Tree) };

            private Value Value(Value value) => value switch
            {
                NameValue name => name with { Name = Name(name.Name) },
                LengthValue length => length with { Buffer = Name(length.Buffer) },
                ElementValue element => element with { Buffer = Name(element.Buffer), Index = Value(element.Index) },
                UnaryValue unary => unary with { Operand = Value(unary.Operand) },
                BinaryValue binary => binary with { Left = Value(binary.Left), Right = Value(binary.Right) },
                ConditionalValue conditional => conditional with
                {
                    Condition = Value(conditional.Condition),
                    WhenTrue = Value(conditional.WhenTrue),
                    WhenFalse = Value(conditional.WhenFalse),
                },
                CastValue cast => cast with { Operand = Value(cast.Operand) },
                IsNullValue isNull => isNull with { Operand = Value(isNull.Operand) },
                UpdateValue update => update with { Name = Name(update.Name), Operand = update.Operand is null ? null : Value(update.Operand) },
                _ => value,
            };
        }
    }
}
