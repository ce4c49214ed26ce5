using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Model;

namespace Diff.Generator.Lowering
{
    /// <summary>
    /// Replaces <c>break</c>, <c>continue</c> and returns that are not in tail position with flags,
    /// so that every remaining construct is a structured <c>if</c> or loop whose reverse the
    /// differentiator can write. Tail returns become assignments to the result.
    /// <code>
    /// before: for (…) { a; if (c) break; b; }        return r;
    /// after:  __brk1 = false;
    ///         for (…; !__brk1 &amp;&amp; cond; if (!__brk1) { step }) { a; if (c) __brk1 = true; if (!__brk1) { b; } }
    ///         __result = r;
    /// </code>
    /// </summary>
    internal sealed class EarlyExitLowering
    {
        private readonly NameSource _names;
        private readonly ScalarKind _returnKind;
        private readonly Stack<LoopFlags> _loops = new();
        private string? _returnFlag;

        public EarlyExitLowering(NameSource names, ScalarKind returnKind)
        {
            _names = names;
            _returnKind = returnKind;
        }

        /// <summary>The flags the lowered body uses; the emitter declares them, all false, at the top.</summary>
        public List<string> Flags { get; } = new();

        public Block Lower(Block body) => new(LowerList(body.Statements.Items, tail: true, out _).ToEquatableArray());

        private List<Stmt> LowerList(IReadOnlyList<Stmt> statements, bool tail, out HashSet<string> exits)
        {
            var result = new List<Stmt>();
            exits = new HashSet<string>(System.StringComparer.Ordinal);
            for (int i = 0; i < statements.Count; i++)
            {
                bool last = i == statements.Count - 1;
                result.AddRange(LowerStatement(statements[i], tail && last, out HashSet<string> statementExits));
                exits.UnionWith(statementExits);
                if (statementExits.Count > 0 && !last)
                {
                    List<Stmt> rest = LowerList(statements.Skip(i + 1).ToList(), tail, out HashSet<string> restExits);
                    exits.UnionWith(restExits);
                    result.Add(new IfStmt(new ValueExpr(NoneSet(statementExits.OrderBy(f => f, System.StringComparer.Ordinal)), ScalarKind.Boolean), new Block(rest.ToEquatableArray()), Block.Empty));
                    break;
                }
            }

            return result;
        }

        private IEnumerable<Stmt> LowerStatement(Stmt stmt, bool tail, out HashSet<string> exits)
        {
            exits = new HashSet<string>(System.StringComparer.Ordinal);
            switch (stmt)
            {
                case ReturnStmt ret when tail:
                    return ret.Value is null
                        ? System.Array.Empty<Stmt>()
                        : new Stmt[] { new AssignStmt(new ResultTarget(_returnKind), ret.Value, "return") { LineOffset = ret.LineOffset } };
                case ReturnStmt ret:
                {
                    _returnFlag ??= NewFlag("ret");
                    exits.Add(_returnFlag);
                    var lowered = new List<Stmt>();
                    if (ret.Value is not null)
                    {
                        lowered.Add(new AssignStmt(new ResultTarget(_returnKind), ret.Value, "return") { LineOffset = ret.LineOffset });
                    }

                    lowered.Add(SetFlag(_returnFlag));
                    return lowered;
                }

                case BreakStmt when _loops.Count > 0:
                {
                    LoopFlags loop = _loops.Peek();
                    loop.Break ??= NewFlag("brk");
                    exits.Add(loop.Break);
                    return new Stmt[] { SetFlag(loop.Break) };
                }

                case ContinueStmt when _loops.Count > 0:
                {
                    LoopFlags loop = _loops.Peek();
                    loop.Continue ??= NewFlag("cnt");
                    exits.Add(loop.Continue);
                    return new Stmt[] { SetFlag(loop.Continue) };
                }

                case IfStmt branch:
                {
                    List<Stmt> then = LowerList(branch.Then.Statements.Items, tail, out HashSet<string> thenExits);
                    List<Stmt> otherwise = LowerList(branch.Else.Statements.Items, tail, out HashSet<string> elseExits);
                    exits.UnionWith(thenExits);
                    exits.UnionWith(elseExits);
                    return new Stmt[] { branch with { Then = new Block(then.ToEquatableArray()), Else = new Block(otherwise.ToEquatableArray()) } };
                }

                case BlockStmt nested:
                    return new Stmt[] { new BlockStmt(new Block(LowerList(nested.Body.Statements.Items, tail, out exits).ToEquatableArray())) };
                case LoopStmt loop:
                    return LowerLoop(loop, out exits);
                case ForEachStmt loop:
                    return LowerForEach(loop, out exits);
                default:
                    return new[] { stmt };
            }
        }

        private IEnumerable<Stmt> LowerLoop(LoopStmt loop, out HashSet<string> exits)
        {
            List<Stmt> body = LowerLoopBody(loop.Body, out exits, out LoopFlags flags, out List<string> stopFlags);
            if (stopFlags.Count == 0)
            {
                return new Stmt[] { loop with { Body = new Block(body.ToEquatableArray()) } };
            }

            // !stop1 && !stop2 && (condition)
            Value running = NoneSet(stopFlags);
            var condition = new ValueExpr(
                loop.Condition is null ? running : new BinaryValue(ValueOperator.ConditionalAnd, running, loop.Condition.Tree, IrType.Bool),
                ScalarKind.Boolean);
            var lowered = new List<Stmt>();
            if (flags.Break is not null)
            {
                lowered.Add(ResetFlag(flags.Break));
            }

            // A for loop's step runs only after a trip that went on: not after a break or a return.
            EquatableArray<Stmt> step = loop.Step.Count == 0
                ? loop.Step
                : new Stmt[] { new IfStmt(new ValueExpr(NoneSet(stopFlags), ScalarKind.Boolean), new Block(loop.Step), Block.Empty) }.ToEquatableArray();
            lowered.Add(loop with { Condition = condition, Body = new Block(body.ToEquatableArray()), Step = step, Counted = null });
            return lowered;
        }

        /// <summary>
        /// A <c>foreach</c> cannot test a flag in its header: once a flag stops the loop, the remaining
        /// trips do nothing.
        /// <code>
        /// before: foreach (var m in layers) { if (c) break; y = m.Forward(y); }
        /// after:  __brk1 = false; foreach (var m in layers) { if (!__brk1) { if (c) __brk1 = true; if (!__brk1) { y = m.Forward(y); } } }
        /// </code>
        /// </summary>
        private IEnumerable<Stmt> LowerForEach(ForEachStmt loop, out HashSet<string> exits)
        {
            List<Stmt> body = LowerLoopBody(loop.Body, out exits, out LoopFlags flags, out List<string> stopFlags);
            if (stopFlags.Count == 0)
            {
                return new Stmt[] { loop with { Body = new Block(body.ToEquatableArray()) } };
            }

            var guarded = new IfStmt(new ValueExpr(NoneSet(stopFlags), ScalarKind.Boolean), new Block(body.ToEquatableArray()), Block.Empty);
            var lowered = new List<Stmt>();
            if (flags.Break is not null)
            {
                lowered.Add(ResetFlag(flags.Break));
            }

            lowered.Add(loop with { Body = new Block(new Stmt[] { guarded }.ToEquatableArray()) });
            return lowered;
        }

        /// <summary>
        /// A loop body with its own <c>break</c> and <c>continue</c> lowered: <paramref name="exits"/> are the
        /// flags that leave more than the loop (returns), <paramref name="stopFlags"/> every flag that stops it.
        /// </summary>
        private List<Stmt> LowerLoopBody(Block loopBody, out HashSet<string> exits, out LoopFlags flags, out List<string> stopFlags)
        {
            flags = new LoopFlags();
            _loops.Push(flags);
            List<Stmt> body = LowerList(loopBody.Statements.Items, tail: false, out HashSet<string> bodyExits);
            _loops.Pop();

            LoopFlags own = flags;
            exits = new HashSet<string>(bodyExits.Where(f => f != own.Break && f != own.Continue), System.StringComparer.Ordinal);
            if (flags.Continue is not null)
            {
                body.Insert(0, ResetFlag(flags.Continue));
            }

            stopFlags = new List<string>();
            if (flags.Break is not null)
            {
                stopFlags.Add(flags.Break);
            }

            stopFlags.AddRange(exits);
            return body;
        }

        private string NewFlag(string stem)
        {
            string flag = _names.Fresh(stem);
            Flags.Add(flag);
            return flag;
        }

        /// <summary><c>!flag1 &amp;&amp; !flag2 …</c></summary>
        private static Value NoneSet(IEnumerable<string> flags) => flags
            .Select(f => (Value)new UnaryValue(UnaryOperator.Not, new NameValue(f, IrType.Bool), IrType.Bool))
            .Aggregate((left, right) => new BinaryValue(ValueOperator.ConditionalAnd, left, right, IrType.Bool));

        private static InactiveStmt SetFlag(string flag) => InactiveStmt.Assign(flag, new ConstantValue("true", IrType.Bool, IsLiteral: true));

        private static InactiveStmt ResetFlag(string flag) => InactiveStmt.Assign(flag, new ConstantValue("false", IrType.Bool, IsLiteral: true));

        private sealed class LoopFlags
        {
            public string? Break { get; set; }

            public string? Continue { get; set; }
        }
    }
}
