using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Differentiate.Recording;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// Forward over reverse in tensor mode: the tangent transform applied to both halves of the adjoint, for
    /// <c>MHessianVector</c>. <c>MRecordTangent</c> is <c>MRecord</c> with every varying local's tangent computed beside
    /// it by the ops' <c>[TangentOf]</c> rules (as <c>MTangent</c> does) and saved with it on the value stack.
    /// <c>MReverseTangent</c> is <c>MReverse</c> with each adjoint's tangent carried beside the adjoint: where the
    /// reverse sweep runs an op's backward <c>B(x, y, g)</c>, which is linear in <c>g</c>, its tangent is
    /// <c>B(x, y, tg)</c>, run by calling the backward again, plus the change of <c>B</c> with <c>x</c> and <c>y</c> at a
    /// fixed <c>g</c>: the op's <c>[CurvatureOf]</c> rule, or nothing for an op marked <c>[PiecewiseLinear]</c>. A call
    /// of a [Differentiable] tensor method goes through the callee's own two halves. Module parameters are constants,
    /// as in <c>MTangent</c>: their gradients are accumulated as <c>MGradient</c> does, and they have no tangent.
    /// </summary>
    internal static class TensorHessianWriter
    {
        private const string Tensor = "global::Diff.Tensor";
        private const string Grad = "global::Diff.Internal.Grad";
        private const string NullSlot = "ref global::System.Runtime.CompilerServices.Unsafe.NullRef<global::Diff.Tensor?>()";

        /// <summary>The names the two halves and the public method use, unique among the method's own.</summary>
        internal sealed class Names
        {
            public Names(TensorMethodModel method)
            {
                var taken = new HashSet<string>(method.Parameters.Select(p => p.Name.TrimStart('@')).Concat(method.Identifiers), System.StringComparer.Ordinal);
                string Unique(string name)
                {
                    while (!taken.Add(name))
                    {
                        name += "_";
                    }

                    return name;
                }

                TensorParam[] differentiable = method.Parameters.Where(p => p.Differentiable).ToArray();
                Tangents = differentiable.ToDictionary(p => p.Name, p => Unique(TangentWriter.TangentName(p.Name)), System.StringComparer.Ordinal);
                Adjoints = differentiable.ToDictionary(p => p.Name, p => Unique(SymbolFacts.AdjointName(p.Name)), System.StringComparer.Ordinal);
                AdjointTangents = differentiable.ToDictionary(p => p.Name, p => Unique("t" + SymbolFacts.AdjointName(p.Name).Substring(0, 1).ToUpperInvariant() + SymbolFacts.AdjointName(p.Name).Substring(1)), System.StringComparer.Ordinal);
                Directions = differentiable.ToDictionary(p => p.Name, p => Unique("v" + Capitalized(p.Name)), System.StringComparer.Ordinal);
                Products = differentiable.ToDictionary(p => p.Name, p => Unique("hv" + Capitalized(p.Name)), System.StringComparer.Ordinal);
                ResultTangent = Unique("tResult");
                Seed = Unique("dResult");
                SeedTangent = Unique("tDResult");
            }

            /// <summary>The tangent of each differentiable parameter in the two halves (<c>tX</c>).</summary>
            public Dictionary<string, string> Tangents { get; }

            /// <summary>The adjoint slot of each differentiable parameter (<c>dX</c>).</summary>
            public Dictionary<string, string> Adjoints { get; }

            /// <summary>The slot of each adjoint's tangent in <c>MReverseTangent</c> (<c>tDX</c>).</summary>
            public Dictionary<string, string> AdjointTangents { get; }

            /// <summary>The direction of each differentiable parameter in <c>MHessianVector</c> (<c>vX</c>).</summary>
            public Dictionary<string, string> Directions { get; }

            /// <summary>Where <c>MHessianVector</c> accumulates H·v for each differentiable parameter (<c>hvX</c>).</summary>
            public Dictionary<string, string> Products { get; }

            public string ResultTangent { get; }

            public string Seed { get; }

            public string SeedTangent { get; }

            private static string Capitalized(string name)
            {
                string bare = name.TrimStart('@');
                return bare.Length == 0 ? bare : char.ToUpperInvariant(bare[0]) + bare.Substring(1);
            }
        }

        /// <summary>Why the method gets no Hessian-vector product (an op without a tangent or a curvature rule); null when it gets one.</summary>
        public static string? Unsupported(TensorMethodModel method)
        {
            if (TensorTangentWriter.Unsupported(method) is { } noTangent)
            {
                return noTangent;
            }

            foreach (AssignStmt assign in TensorTangentWriter.Assignments(method.Body.Statements))
            {
                if (assign.Value is TensorOpExpr { Curvature: null } op && method.Locals.Any(l => l.Active && l.Name == method.LocalOf(assign.Target)))
                {
                    return "'" + op.ForwardCode + "' has no registered curvature rule ([CurvatureOf] beside its backward "
                        + op.Backward.Replace("global::", string.Empty) + ", or [PiecewiseLinear] on the backward when it is linear in its tensor inputs)";
                }
            }

            return null;
        }

        /// <summary>The body of <c>MRecordTangent</c>; call only when <see cref="Unsupported"/> is null.</summary>
        public static CodeBuilder WriteRecord(TensorMethodModel method, Names names)
        {
            var code = new CodeBuilder();
            var writer = new Context(method, names);
            writer.DeclareLocals(code, adjoints: false);
            foreach (TensorParam parameter in method.Parameters.Where(p => writer.ReadByHostCode(p.Name) && TensorAdjointWriter.IsTensor(p.TypeCode)))
            {
                // Host code reads this parameter and may keep it: its storage never goes back to the pool.
                code.Line(method.StackName + ".Keep(" + parameter.Name + ");");
            }

            foreach (Stmt statement in method.Body.Statements)
            {
                writer.Forward(code, statement, 0);
            }

            foreach (TensorLocal local in method.Locals)
            {
                writer.Save(code, local);
            }

            string tangent = writer.TangentOf(method.ResultLocal);
            code.Line(names.ResultTangent + " = " + tangent + ";");
            code.Line("return " + method.ResultLocal + ";");
            return code;
        }

        /// <summary>The body of <c>MReverseTangent</c>; call only when <see cref="Unsupported"/> is null.</summary>
        public static CodeBuilder WriteReverse(TensorMethodModel method, Names names)
        {
            TensorReverseMethod reverse = TensorReverseTransform.Transform(method);
            var code = new CodeBuilder();
            var writer = new Context(method, names);
            writer.DeclareLocals(code, adjoints: true);
            for (int i = reverse.Locals.Count - 1; i >= 0; i--)
            {
                writer.Take(code, reverse.Locals[i]);
            }

            if (reverse.SeedsResult)
            {
                code.Line(AdjointOf(reverse.ResultLocal) + " = " + names.Seed + ";");
                code.Line(AdjointTangentOf(reverse.ResultLocal) + " = " + names.SeedTangent + ";");
            }

            writer.PrintAll(code, reverse.Body);
            return code;
        }

        private static string TangentOfLocal(string name) => "__t_" + name.TrimStart('@');

        private static string AdjointOf(string name) => "__d_" + name.TrimStart('@');

        private static string AdjointTangentOf(string name) => "__td_" + name.TrimStart('@');

        private sealed class Context
        {
            private readonly TensorMethodModel _method;
            private readonly Names _names;
            private readonly Dictionary<string, TensorLocal> _locals;
            private readonly HashSet<string> _varying;
            private readonly ValueStackRecording _recording;

            private readonly HashSet<string> _hostReads;

            public Context(TensorMethodModel method, Names names)
            {
                _method = method;
                _names = names;
                _locals = method.Locals.ToDictionary(l => l.Name);
                _varying = TensorTangentWriter.Varying(method);
                _recording = new ValueStackRecording(method.StackName);
                _hostReads = TensorAdjointWriter.HostReads(method.Body);
            }

            /// <summary>Whether host code reads <paramref name="name"/>: a tensor held there never goes back to the pool.</summary>
            public bool ReadByHostCode(string name) => _hostReads.Contains(name);

            /// <summary>
            /// A runtime op's (or tangent rule's) result, which the value stack adopts when the op rented its storage, so that
            /// <c>Unwind</c> returns it to the pool, as <c>MRecord</c> does.
            /// </summary>
            private string Owned(string code) => Stack + ".Own(" + Stack + ".Mark(), " + code + ")";

            private string Stack => _method.StackName;

            /// <summary>Whether a local carries a tangent (one of <see cref="TensorTangentWriter.Varying"/>).</summary>
            private bool Varies(string name) => _varying.Contains(name) && _locals.ContainsKey(name);

            public void DeclareLocals(CodeBuilder code, bool adjoints)
            {
                foreach (TensorLocal local in _method.Locals)
                {
                    code.Line(local.TypeCode + " " + local.Name + " = default!;");
                }

                foreach (TensorLocal local in _method.Locals.Where(l => Varies(l.Name)))
                {
                    code.Line(Tensor + "? " + TangentOfLocal(local.Name) + " = null;");
                }

                if (adjoints)
                {
                    foreach (TensorLocal local in _method.Locals.Where(l => l.Active))
                    {
                        code.Line(Tensor + "? " + AdjointOf(local.Name) + " = null;");
                        code.Line(Tensor + "? " + AdjointTangentOf(local.Name) + " = null;");
                    }
                }
            }

            /// <summary>The tangent of a name as C#: the caller's tangent of a parameter, a varying local's tangent, or <c>null</c>.</summary>
            public string TangentOf(string name) =>
                _names.Tangents.TryGetValue(name, out string? parameter) ? parameter
                : Varies(name) ? TangentOfLocal(name)
                : "null";

            /// <summary>Pushes a local's value, then its tangent when it has one.</summary>
            public void Save(CodeBuilder code, TensorLocal local)
            {
                code.Line(_recording.PushCode(ValueStackRecording.KindOf(local.Saved), local.Name) + ";");
                if (Varies(local.Name))
                {
                    code.Line(Stack + ".Push(" + TangentOfLocal(local.Name) + ");");
                }
            }

            /// <summary>Takes back what <see cref="Save"/> pushed: the tangent first.</summary>
            public void Take(CodeBuilder code, TensorLocal local)
            {
                if (Varies(local.Name))
                {
                    code.Line(TangentOfLocal(local.Name) + " = " + Stack + ".Pop<" + Tensor + "?>();");
                }

                code.Line(local.Name + " = " + _recording.Pop(ValueStackRecording.KindOf(local.Saved), local.TypeCode) + ";");
            }

            public void Forward(CodeBuilder code, Stmt statement, int depth)
            {
                int start = code.Count;
                ForwardUnmapped(code, statement, depth);
                if (statement.LineOffset >= 0 && statement is InactiveStmt or AssignStmt)
                {
                    code.MapLines(start, LineDirectives.For(statement.LineOffset));
                }
            }

            private void ForwardAll(CodeBuilder code, IEnumerable<Stmt> statements, int depth)
            {
                foreach (Stmt statement in statements)
                {
                    Forward(code, statement, depth);
                }
            }

            private void ForwardUnmapped(CodeBuilder code, Stmt statement, int depth)
            {
                switch (statement)
                {
                    case InactiveStmt inactive:
                        foreach (string written in inactive.Assigned)
                        {
                            if (_locals.TryGetValue(written, out TensorLocal? local) && local.SavedOnWrite)
                            {
                                Save(code, local);
                            }
                        }

                        code.Line(inactive.Code);

                        // What an inactive statement writes does not vary with the inputs.
                        foreach (string written in inactive.Assigned.Where(Varies))
                        {
                            code.Line(TangentOfLocal(written) + " = null;");
                        }

                        break;

                    case AssignStmt assign:
                        Assign(code, _locals[_method.LocalOf(assign.Target)], assign.Value);
                        break;

                    default:
                        TensorControlFlow.Forward(code, statement, depth, _recording, (statements, inner) => ForwardAll(code, statements, inner), (loop, item) =>
                        {
                            TensorLocal variable = _locals[loop.Variable];
                            Save(code, variable);
                            code.Line(variable.Name + " = " + item + ";");
                            if (Varies(variable.Name))
                            {
                                code.Line(TangentOfLocal(variable.Name) + " = null;");
                            }
                        });
                        break;
                }
            }

            /// <summary>
            /// <c>target = value;</c> and its tangent, computed from the operands before the assignment; the old value and
            /// tangent are saved first when the target needs them (after a callee's own recording, as in <c>MRecord</c>).
            /// </summary>
            private void Assign(CodeBuilder code, TensorLocal target, Expr value)
            {
                string? tangent = Varies(target.Name) ? TangentOfLocal(target.Name) : null;
                code.Begin();
                switch (value)
                {
                    case TensorCallExpr call:
                    {
                        IEnumerable<string> tangents = call.Args.Where(a => a.HasSlot).Select(a => a.ActiveName is null ? "null" : TangentOf(a.ActiveName));
                        code.Line(Tensor + " __v = " + call.Receiver + call.Method + "RecordTangent("
                            + string.Join(", ", call.Args.Select(a => a.Code).Concat(tangents).Concat(new[] { Stack, "out " + Tensor + "? __tv" })) + ");");
                        SaveOld(code, target);
                        SetTangent(code, tangent, "__tv");
                        break;
                    }

                    case TensorOpExpr op:
                    {
                        bool runtime = TensorAdjointWriter.IsRuntimeBackward(op.Backward);
                        if (!runtime)
                        {
                            // An op registered outside the runtime may keep what it is given: its arguments never go back to the pool.
                            foreach (string kept in op.Args.Select(a => a.ActiveName).OfType<string>().Where(n => _locals.ContainsKey(n) || _names.Tangents.ContainsKey(n)).Distinct())
                            {
                                code.Line(Stack + ".Keep(" + kept + ");");
                                if (TangentOf(kept) != "null")
                                {
                                    code.Line(Stack + ".Keep(" + TangentOf(kept) + ");");
                                }
                            }
                        }

                        code.Line(Tensor + " __v = " + (runtime && target.Active ? Owned(op.ForwardCode) : op.ForwardCode) + ";");
                        if (tangent is not null)
                        {
                            List<string> tangents = op.Args.Where(a => a.HasSlot).Select(a => a.ActiveName is null ? "null" : TangentOf(a.ActiveName)).ToList();
                            string[] varying = tangents.Where(t => t != "null").Distinct().ToArray();
                            string call = op.Tangent + "(" + string.Join(", ", op.Args.Select(a => a.Code).Concat(new[] { "__v" }).Concat(tangents)) + ")";
                            string rule = runtime ? Owned(call) : call;
                            SaveOld(code, target);
                            SetTangent(code, tangent, varying.Length == 0 ? "null" : string.Join(" && ", varying.Select(t => t + " is null")) + " ? null : " + rule);
                        }
                        else
                        {
                            SaveOld(code, target);
                        }

                        break;
                    }

                    case VarExpr copy:
                        code.Line(target.TypeCode + " __v = " + copy.Name + (FromOptional(copy, target) ? "!" : string.Empty) + ";");
                        SaveOld(code, target);
                        SetTangent(code, tangent, TangentOf(copy.Name));
                        break;

                    case ParameterValueExpr parameter:
                        code.Line(target.TypeCode + " __v = " + NotNull(parameter.ParameterCode) + ".Value;");
                        SaveOld(code, target);
                        SetTangent(code, tangent, "null");
                        break;

                    case ValueExpr constant:
                        code.Line(target.TypeCode + " __v = " + ValuePrinter.Print(constant.Tree) + ";");
                        SaveOld(code, target);
                        SetTangent(code, tangent, "null");
                        break;

                    default:
                        code.Line(target.TypeCode + " __v = default!;");
                        SaveOld(code, target);
                        SetTangent(code, tangent, "null");
                        break;
                }

                code.Line(target.Name + " = __v;");
                if (ReadByHostCode(target.Name) && TensorAdjointWriter.IsTensor(target.TypeCode))
                {
                    code.Line(Stack + ".Keep(" + target.Name + ");");
                }

                code.Close();
            }

            private void SaveOld(CodeBuilder code, TensorLocal target)
            {
                if (target.SavedOnWrite)
                {
                    Save(code, target);
                }
            }

            private static void SetTangent(CodeBuilder code, string? tangent, string value)
            {
                if (tangent is not null)
                {
                    code.Line(tangent + " = " + value + ";");
                }
            }

            /// <summary>Prints reverse-sweep IR as C#, each step with its tangent, mapped to the user's statement.</summary>
            public void PrintAll(CodeBuilder code, EquatableArray<SweepStmt> statements)
            {
                foreach (SweepStmt statement in statements)
                {
                    int start = code.Count;
                    Print(code, statement);
                    if (statement.LineOffset >= 0)
                    {
                        code.MapLines(start, LineDirectives.For(statement.LineOffset));
                    }
                }
            }

            private void Print(CodeBuilder code, SweepStmt statement)
            {
                switch (statement)
                {
                    case RestoreStmt restore:
                        Restore(code, restore.Local);
                        break;
                    case ClearAdjointStmt clear:
                        code.Line(AdjointOf(clear.Local) + " = null;");
                        code.Line(AdjointTangentOf(clear.Local) + " = null;");
                        break;
                    case PropagateStmt propagate:
                        PrintPropagate(code, propagate);
                        break;
                    default:
                        TensorControlFlow.Replay(code, statement, _recording, steps => PrintAll(code, steps), variable => Take(code, variable));
                        break;
                }
            }

            private void Restore(CodeBuilder code, TensorLocal target)
            {
                if (target.SavedOnWrite)
                {
                    Take(code, target);
                }
            }

            private void PrintPropagate(CodeBuilder code, PropagateStmt propagate)
            {
                TensorLocal target = propagate.Target;
                code.Begin();
                code.Line(Tensor + "? __g = " + AdjointOf(target.Name) + ";");
                code.Line(Tensor + "? __tg = " + AdjointTangentOf(target.Name) + ";");
                code.Line(AdjointOf(target.Name) + " = null;");
                code.Line(AdjointTangentOf(target.Name) + " = null;");
                string result = target.Name + "!";
                string resultTangent = TangentOf(target.Name);
                if (propagate.KeepsResult)
                {
                    code.Line(Tensor + " __r = " + target.Name + "!;");
                    result = "__r";
                    if (resultTangent != "null")
                    {
                        code.Line(Tensor + "? __tr = " + resultTangent + ";");
                        resultTangent = "__tr";
                    }
                }

                Restore(code, target);
                switch (propagate.How)
                {
                    case ToSource copy:
                        Accumulate(code, "__g", Slot(copy.Source));
                        Accumulate(code, "__tg", TangentSlot(copy.Source));
                        break;
                    case ToParameter parameter:
                        // Module parameters are constants of the product: only their gradient, as MGradient gives it.
                        code.Line("if (__g is not null) " + NotNull(parameter.ParameterCode) + ".AccumulateGrad(__g);");
                        break;
                    case ThroughBackward op:
                        PrintBackward(code, op, result, resultTangent);
                        break;
                    case ThroughCallee call:
                    {
                        // Always reversed, also without a gradient: the callee takes back what it saved.
                        IEnumerable<string> tangents = call.Args.Where(a => a.HasSlot).Select(a => a.ActiveName is null ? "null" : TangentOf(a.ActiveName));
                        code.Line(call.Receiver + call.Method + "ReverseTangent(" + string.Join(", ", call.Args.Select(a => a.Code).Concat(tangents)
                            .Concat(new[] { Stack, "__g", "__tg" }).Concat(Slots(call.Args, Slot)).Concat(Slots(call.Args, TangentSlot))) + ");");
                        break;
                    }
                }

                code.Close();
            }

            /// <summary>
            /// The backward with the adjoint into the adjoints' slots; the backward again with the adjoint's tangent into the
            /// tangents' slots (it is linear in the adjoint); and the curvature rule with the adjoint and the operands'
            /// tangents into the tangents' slots.
            /// </summary>
            private void PrintBackward(CodeBuilder code, ThroughBackward op, string result, string resultTangent)
            {
                IEnumerable<string> arguments = op.Args.Select(a => a.Code);
                List<string> slots = Slots(op.Args, Slot).ToList();
                List<string> tangentSlots = Slots(op.Args, TangentSlot).ToList();
                bool runtime = TensorAdjointWriter.IsRuntimeBackward(op.Backward);
                if (slots.Any(s => s != NullSlot))
                {
                    RunRule(code, "__g is not null", op.Backward + "(" + string.Join(", ", arguments.Concat(new[] { result, "__g" }).Concat(slots)) + ")", runtime, "__g", slots);
                }

                if (tangentSlots.All(s => s == NullSlot))
                {
                    return;
                }

                RunRule(code, "__tg is not null", op.Backward + "(" + string.Join(", ", arguments.Concat(new[] { result, "__tg" }).Concat(tangentSlots)) + ")", runtime, "__tg", tangentSlots);
                List<string> tangents = op.Args.Where(a => a.HasSlot).Select(a => a.ActiveName is null ? "null" : TangentOf(a.ActiveName)).ToList();
                string[] varying = tangents.Concat(new[] { resultTangent }).Where(t => t != "null").Distinct().ToArray();
                if (string.IsNullOrEmpty(op.Curvature) || varying.Length == 0)
                {
                    // Piecewise linear, or nothing varies: the backward does not change.
                    return;
                }

                RunRule(
                    code,
                    "__g is not null && !(" + string.Join(" && ", varying.Select(t => t + " is null")) + ")",
                    op.Curvature + "(" + string.Join(", ", arguments.Concat(new[] { result, "__g" }).Concat(tangents).Concat(new[] { resultTangent }).Concat(tangentSlots)) + ")",
                    op.Curvature!.StartsWith("global::Diff.Tensor.", System.StringComparison.Ordinal),
                    "__g",
                    tangentSlots);
            }

            /// <summary>Adds a copy's adjoint (or its tangent) into the source's slot; the value stack adopts a sum rented for it.</summary>
            private void Accumulate(CodeBuilder code, string value, string slot)
            {
                if (slot != NullSlot)
                {
                    code.Open("if (" + value + " is not null)");
                    code.Line("long __mark = " + Stack + ".Mark();");
                    code.Line(Grad + ".Accumulate(" + slot + ", " + value + ");");
                    code.Line(Stack + ".Own(__mark, " + slot + ");");
                    code.Close();
                }
            }

            /// <summary>
            /// <c>if (condition) rule(…);</c> for a backward or a curvature rule, writing into <paramref name="slots"/>: for a
            /// runtime rule the value stack then adopts what it rented into them; a rule registered elsewhere may keep the
            /// gradient it is given, which then never goes back to the pool.
            /// </summary>
            private void RunRule(CodeBuilder code, string condition, string call, bool runtime, string gradient, IEnumerable<string> slots)
            {
                code.Open("if (" + condition + ")");
                if (runtime)
                {
                    code.Line("long __mark = " + Stack + ".Mark();");
                    code.Line(call + ";");
                    foreach (string slot in slots.Where(s => s != NullSlot).Distinct())
                    {
                        code.Line(Stack + ".Own(__mark, " + slot + ");");
                    }
                }
                else
                {
                    code.Line(Stack + ".Keep(" + gradient + ");");
                    code.Line(call + ";");
                }

                code.Close();
            }

            private static IEnumerable<string> Slots(EquatableArray<TensorArg> args, System.Func<string, string> slot) =>
                args.Where(a => a.HasSlot).Select(a => a.ActiveName is null ? NullSlot : slot(a.ActiveName));

            private string Slot(string name) =>
                _names.Adjoints.TryGetValue(name, out string? adjoint) ? "ref " + adjoint
                : _locals.TryGetValue(name, out TensorLocal? local) && local.Active ? "ref " + AdjointOf(name)
                : NullSlot;

            private string TangentSlot(string name) =>
                _names.AdjointTangents.TryGetValue(name, out string? adjoint) ? "ref " + adjoint
                : _locals.TryGetValue(name, out TensorLocal? local) && local.Active ? "ref " + AdjointTangentOf(name)
                : NullSlot;

            private bool FromOptional(VarExpr copy, TensorLocal target) =>
                _locals.TryGetValue(copy.Name, out TensorLocal? source) && source.TypeCode.EndsWith("?", System.StringComparison.Ordinal)
                && !target.TypeCode.EndsWith("?", System.StringComparison.Ordinal);

            private static string NotNull(string code) =>
                code.All(c => char.IsLetterOrDigit(c) || c is '_' || c is '.' || c is '@') ? code + "!" : "(" + code + ")!";
        }
    }
}
