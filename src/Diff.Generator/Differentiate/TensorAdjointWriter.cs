using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Differentiate.Recording;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// Writes the two halves of a tensor-mode adjoint. <c>MRecord</c> runs the method forward and
    /// saves, on the value stack, every local it overwrites (its old value), every branch taken and
    /// every trip count, and finally all locals. <c>MReverse</c> takes the locals back and walks the
    /// statements backwards: each assignment restores the target's old value, so the op's inputs and
    /// result are at hand for its registered backward, and a call reverses through the callee's own
    /// <c>MReverse</c>. Tensors are never mutated, so saving one is saving a reference.
    /// </summary>
    internal static class TensorAdjointWriter
    {
        private const string Grad = "global::Diff.Internal.Grad";
        private const string NullSlot = "ref global::System.Runtime.CompilerServices.Unsafe.NullRef<global::Diff.Tensor?>()";

        public static CodeBuilder WriteRecord(TensorMethodModel method)
        {
            var code = new CodeBuilder();
            DeclareLocals(code, method);
            var writer = new Context(method);
            foreach (TensorParam parameter in method.Parameters.Where(p => writer.ReadByHostCode(p.Name) && IsTensor(p.TypeCode)))
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
                code.Line(Push(method.StackName, local.Name, local.Saved) + ";");
            }

            code.Line("return " + method.ResultLocal + ";");
            return code;
        }

        /// <summary>The <c>MReverse</c> half: the reverse transform's IR (<see cref="TensorReverseTransform"/>), printed as C#.</summary>
        public static CodeBuilder WriteReverse(TensorMethodModel method)
        {
            TensorReverseMethod reverse = TensorReverseTransform.Transform(method);
            var code = new CodeBuilder();
            DeclareLocals(code, method);
            foreach (TensorLocal local in reverse.Locals.Where(l => l.Active))
            {
                code.Line("global::Diff.Tensor? " + AdjointOf(local.Name) + " = null;");
            }

            for (int i = reverse.Locals.Count - 1; i >= 0; i--)
            {
                TensorLocal local = reverse.Locals[i];
                code.Line(local.Name + " = " + Pop(method.StackName, local) + ";");
            }

            if (reverse.SeedsResult)
            {
                code.Line(AdjointOf(reverse.ResultLocal) + " = dResult;");
            }

            new Context(method).PrintAll(code, reverse.Body);
            return code;
        }

        private static void DeclareLocals(CodeBuilder code, TensorMethodModel method)
        {
            foreach (TensorLocal local in method.Locals)
            {
                code.Line(local.TypeCode + " " + local.Name + " = default!;");
            }
        }

        private static string AdjointOf(string name) => "__d_" + name.TrimStart('@');

        /// <summary>
        /// Whether a backward belongs to the runtime's own ops (all registered in <c>Tensor</c>), whose forward and backward
        /// keep none of the tensors they are given or make: their results may go back to the pool when the call ends.
        /// </summary>
        internal static bool IsRuntimeBackward(string backward) => backward.StartsWith("global::Diff.Tensor.", System.StringComparison.Ordinal);

        internal static bool IsTensor(string typeCode) => typeCode is "global::Diff.Tensor" or "global::Diff.Tensor?";

        /// <summary>
        /// The names that code the generator does not model (host code: declarations, conditions, expression statements,
        /// computed arguments) reads. Such code may keep a tensor it is given, so a tensor held in one of these names is
        /// marked shared and never goes back to the pool.
        /// </summary>
        /// <summary>
        /// Whether every mention of <paramref name="name"/> in host code is a check that keeps nothing: a null check
        /// (<c>ArgumentNullException.ThrowIfNull(x)</c>) or a read of the tensor's shape, rank or device.
        /// </summary>
        internal static bool ReadsOnlyMetadata(string code, string name)
        {
            bool mentioned = false;
            for (int at = code.IndexOf(name, System.StringComparison.Ordinal); at >= 0; at = code.IndexOf(name, at + name.Length, System.StringComparison.Ordinal))
            {
                int end = at + name.Length;
                if ((at > 0 && (IsIdentifierPart(code[at - 1]) || code[at - 1] == '.')) || (end < code.Length && IsIdentifierPart(code[end])))
                {
                    continue;
                }

                mentioned = true;
                string after = code.Substring(end);
                bool checkedForNull = code.Substring(0, at).EndsWith("ArgumentNullException.ThrowIfNull(", System.StringComparison.Ordinal) && after.StartsWith(")", System.StringComparison.Ordinal);
                bool metadata = after.StartsWith(".Shape", System.StringComparison.Ordinal) || after.StartsWith(".Rank", System.StringComparison.Ordinal)
                                || after.StartsWith(".Device", System.StringComparison.Ordinal) || after.StartsWith(".IsOnDevice", System.StringComparison.Ordinal);
                if (!checkedForNull && !metadata)
                {
                    return false;
                }
            }

            return mentioned;

            static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '@';
        }

        internal static HashSet<string> HostReads(Block body)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            void Arguments(EquatableArray<TensorArg> args)
            {
                foreach (TensorArg arg in args.Where(a => a.Value is not NameValue))
                {
                    names.UnionWith(ValueTree.Reads(arg.Value));
                }
            }

            void Walk(IEnumerable<Stmt> statements)
            {
                foreach (Stmt statement in statements)
                {
                    switch (statement)
                    {
                        case InactiveStmt inactive:
                            names.UnionWith(inactive.Reads.Where(name => !ReadsOnlyMetadata(inactive.Code, name)));
                            if (inactive.Effect is null && !inactive.Declares)
                            {
                                // Host code the IR does not model at all: every name it might mention counts.
                                names.UnionWith(inactive.Assigned);
                            }

                            break;
                        case AssignStmt { Value: ValueExpr value }:
                            names.UnionWith(ValueTree.Reads(value.Tree));
                            break;
                        case AssignStmt { Value: TensorOpExpr op }:
                            Arguments(op.Args);
                            break;
                        case AssignStmt { Value: TensorCallExpr call }:
                            Arguments(call.Args);
                            break;
                        case IfStmt branch:
                            names.UnionWith(ValueTree.Reads(branch.Condition.Tree));
                            Walk(branch.Then.Statements);
                            Walk(branch.Else.Statements);
                            break;
                        case LoopStmt loop:
                            Walk(loop.Init);
                            if (loop.Condition is not null)
                            {
                                names.UnionWith(ValueTree.Reads(loop.Condition.Tree));
                            }

                            Walk(loop.Body.Statements);
                            Walk(loop.Step);
                            break;
                        case ForEachStmt loop:
                            names.UnionWith(ValueTree.Reads(loop.Collection.Tree));
                            Walk(loop.Body.Statements);
                            break;
                        case BlockStmt nested:
                            Walk(nested.Body.Statements);
                            break;
                    }
                }
            }

            Walk(body.Statements);
            return names;
        }

        private static string Push(string stack, string value, SavedAs saved) =>
            new ValueStackRecording(stack).PushCode(ValueStackRecording.KindOf(saved), value);

        private static string Pop(string stack, TensorLocal local) =>
            new ValueStackRecording(stack).Pop(ValueStackRecording.KindOf(local.Saved), local.TypeCode);

        private sealed class Context
        {
            private readonly TensorMethodModel _method;
            private readonly Dictionary<string, TensorLocal> _locals;
            private readonly HashSet<string> _differentiableParameters;

            public Context(TensorMethodModel method)
            {
                _method = method;
                _recording = new ValueStackRecording(method.StackName);
                _locals = method.Locals.ToDictionary(l => l.Name);
                _differentiableParameters = new HashSet<string>(method.Parameters.Where(p => p.Differentiable).Select(p => p.Name));
                _hostReads = HostReads(method.Body);
            }

            private readonly HashSet<string> _hostReads;

            /// <summary>Whether host code reads <paramref name="name"/> (see <see cref="HostReads"/>).</summary>
            public bool ReadByHostCode(string name) => _hostReads.Contains(name);

            private string Stack => _method.StackName;

            private readonly ValueStackRecording _recording;

            /// <summary>
            /// <c>#line N "file"</c> for a simple statement of the user's, so that both sweeps' code for it
            /// reports the user's line (see <see cref="CodeBuilder.MapLines"/>); null for compound ones,
            /// whose parts map themselves.
            /// </summary>
            private string? LineDirective(Stmt statement) =>
                statement.LineOffset < 0 || statement is not (InactiveStmt or AssignStmt)
                    ? null
                    : LineDirectives.For(statement.LineOffset);

            public void Forward(CodeBuilder code, Stmt statement, int depth)
            {
                int start = code.Count;
                ForwardUnmapped(code, statement, depth);
                if (LineDirective(statement) is { } directive)
                {
                    code.MapLines(start, directive);
                }
            }

            /// <summary>Prints reverse-sweep IR as C#, each step mapped to the user's statement.</summary>
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

            private void ForwardUnmapped(CodeBuilder code, Stmt statement, int depth)
            {
                switch (statement)
                {
                    case InactiveStmt inactive:
                        foreach (string written in inactive.Assigned)
                        {
                            if (_locals.TryGetValue(written, out TensorLocal? local) && local.SavedOnWrite)
                            {
                                code.Line(Push(Stack, written, local.Saved) + ";");
                            }
                        }

                        code.Line(inactive.Code);
                        break;

                    case AssignStmt assign:
                        Assign(code, _locals[_method.LocalOf(assign.Target)], assign.Value);
                        break;

                    default:
                        TensorControlFlow.Forward(code, statement, depth, _recording, (statements, inner) => ForwardAll(code, statements, inner), (loop, item) =>
                        {
                            TensorLocal variable = _locals[loop.Variable];
                            code.Line(Push(Stack, variable.Name, variable.Saved) + ";");
                            code.Line(variable.Name + " = " + item + ";");
                        });
                        break;
                }
            }

            /// <summary><c>target = value;</c>, then, when host code reads the target, its value is kept out of the pool.</summary>
            private void Assign(CodeBuilder code, TensorLocal target, Expr value)
            {
                AssignValue(code, target, value);
                if (ReadByHostCode(target.Name) && IsTensor(target.TypeCode))
                {
                    code.Line(Stack + ".Keep(" + target.Name + ");");
                }
            }

            /// <summary><c>target = value;</c>, saving the old value first when the target needs it.</summary>
            private void AssignValue(CodeBuilder code, TensorLocal target, Expr value)
            {
                if (value is TensorCallExpr call)
                {
                    // The callee saves its own values first; the old value of the target goes on top.
                    string record = call.Receiver + call.Method + "Record(" + string.Join(", ", call.Args.Select(a => a.Code).Concat(new[] { Stack })) + ")";
                    if (target.SavedOnWrite)
                    {
                        code.Begin();
                        code.Line("global::Diff.Tensor __new = " + record + ";");
                        code.Line(Push(Stack, target.Name, target.Saved) + ";");
                        code.Line(target.Name + " = __new;");
                        code.Close();
                    }
                    else
                    {
                        code.Line(target.Name + " = " + record + ";");
                    }

                    return;
                }

                if (target.SavedOnWrite)
                {
                    code.Line(Push(Stack, target.Name, target.Saved) + ";");
                }

                if (value is TensorOpExpr op)
                {
                    if (IsRuntimeBackward(op.Backward))
                    {
                        // The value stack adopts the storage the op rents for its result, and returns it to the pool when
                        // the gradient call ends (ValueStack.Unwind). Only an active result: it cannot reach host code.
                        code.Line(target.Name + " = " + (target.Active ? Stack + ".Own(" + Stack + ".Mark(), " + op.ForwardCode + ")" : op.ForwardCode) + ";");
                        return;
                    }

                    // An op registered outside the runtime may keep what it is given: its arguments never go back to the pool.
                    foreach (string kept in KeptArguments(op.Args))
                    {
                        code.Line(Stack + ".Keep(" + kept + ");");
                    }
                }

                // A copy from an optional value (`Bias?.Value`) into a local typed as non-null holds what
                // the original expression held, null included: only the compiler's warning is silenced.
                bool fromOptional = value is VarExpr copy
                    && _locals.TryGetValue(copy.Name, out TensorLocal? source) && source.TypeCode.EndsWith("?", System.StringComparison.Ordinal)
                    && !target.TypeCode.EndsWith("?", System.StringComparison.Ordinal);
                code.Line(target.Name + " = " + ForwardCode(value) + (fromOptional ? "!" : string.Empty) + ";");
            }


            /// <summary>The locals and differentiable parameters among an op's arguments: those whose storage may be pooled.</summary>
            private IEnumerable<string> KeptArguments(EquatableArray<TensorArg> args) =>
                args.Select(a => a.ActiveName).OfType<string>().Where(n => _locals.ContainsKey(n) || _differentiableParameters.Contains(n)).Distinct();

            /// <summary>After a runtime backward or a gradient sum: the value stack adopts the gradients rented into the slots since the mark.</summary>
            private void OwnSlots(CodeBuilder code, IEnumerable<string> slots)
            {
                foreach (string slot in slots.Where(s => s != NullSlot).Distinct())
                {
                    code.Line(Stack + ".Own(__mark, " + slot + ");");
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
                        break;
                    case PropagateStmt propagate:
                        PrintPropagate(code, propagate);
                        break;
                    default:
                        TensorControlFlow.Replay(code, statement, _recording, steps => PrintAll(code, steps), variable => code.Line(variable.Name + " = " + Pop(Stack, variable) + ";"));
                        break;
                }
            }

            private void ForwardAll(CodeBuilder code, IReadOnlyList<Stmt> statements, int depth)
            {
                foreach (Stmt statement in statements)
                {
                    Forward(code, statement, depth);
                }
            }

            private void PrintPropagate(CodeBuilder code, PropagateStmt propagate)
            {
                TensorLocal target = propagate.Target;
                code.Begin();
                code.Line("global::Diff.Tensor? __g = " + AdjointOf(target.Name) + ";");
                code.Line(AdjointOf(target.Name) + " = null;");
                string result = target.Name + "!";
                if (propagate.KeepsResult)
                {
                    code.Line("global::Diff.Tensor __r = " + target.Name + "!;");
                    result = "__r";
                }

                Restore(code, target);
                switch (propagate.How)
                {
                    case ToSource copy when Slot(copy.Source) == NullSlot:
                        break;
                    case ToSource copy:
                        code.Open("if (__g is not null)");
                        code.Line("long __mark = " + Stack + ".Mark();");
                        code.Line(Grad + ".Accumulate(" + Slot(copy.Source) + ", __g);");
                        OwnSlots(code, new[] { Slot(copy.Source) });
                        code.Close();
                        break;
                    case ToParameter parameter:
                        code.Line("if (__g is not null) " + NotNull(parameter.ParameterCode) + ".AccumulateGrad(__g);");
                        break;
                    case ThroughBackward op:
                    {
                        string backward = op.Backward + "(" + string.Join(", ", op.Args.Select(a => a.Code).Concat(new[] { result, "__g" }).Concat(Slots(op.Args))) + ");";
                        code.Open("if (__g is not null)");
                        if (IsRuntimeBackward(op.Backward))
                        {
                            code.Line("long __mark = " + Stack + ".Mark();");
                            code.Line(backward);
                            OwnSlots(code, Slots(op.Args));
                        }
                        else
                        {
                            // A backward registered outside the runtime may keep the gradient it is given.
                            code.Line(Stack + ".Keep(__g);");
                            code.Line(backward);
                        }

                        code.Close();
                        break;
                    }
                    case ThroughCallee call:
                        // Always reversed, also without a gradient: the callee takes back what it saved.
                        code.Line(call.Receiver + call.Method + "Reverse(" + string.Join(", ", call.Args.Select(a => a.Code).Concat(new[] { Stack, "__g" }).Concat(Slots(call.Args))) + ");");
                        break;
                }

                code.Close();
            }

            /// <summary>The parameter's code with <c>!</c>: the reverse sweep cannot see the checks that made it non-null forwards.</summary>
            private static string NotNull(string code) =>
                code.All(c => char.IsLetterOrDigit(c) || c is '_' || c is '.' || c is '@') ? code + "!" : "(" + code + ")!";

            private void Restore(CodeBuilder code, TensorLocal target)
            {
                if (target.SavedOnWrite)
                {
                    code.Line(target.Name + " = " + Pop(Stack, target) + ";");
                }
            }

            private IEnumerable<string> Slots(EquatableArray<TensorArg> args) => args.Where(a => a.HasSlot).Select(a => a.ActiveName is null ? NullSlot : Slot(a.ActiveName));

            private string Slot(string name) =>
                _differentiableParameters.Contains(name) ? "ref " + SymbolFacts.AdjointName(name) : _locals.TryGetValue(name, out TensorLocal? local) && local.Active ? "ref " + AdjointOf(name) : NullSlot;

            private static string ForwardCode(Expr value) => value switch
            {
                ValueExpr constant => ValuePrinter.Print(constant.Tree),
                VarExpr copy => copy.Name,
                ParameterValueExpr parameter => NotNull(parameter.ParameterCode) + ".Value",
                TensorOpExpr op => op.ForwardCode,
                _ => "default!",
            };
        }
    }
}
