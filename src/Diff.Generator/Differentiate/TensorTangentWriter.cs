using System.Collections.Generic;
using System.Linq;
using Diff.Generator.Emit;
using Diff.Generator.Model;
using Diff.Generator.Parse;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// The tangent (forward-mode) transform of tensor mode: from a method's lowered IR (the statements
    /// <see cref="TensorAdjointWriter"/> records and reverses) to the body of <c>MTangent</c>. The method runs once,
    /// as written; every active local carries a tangent tensor beside it (null for zero), a differentiable
    /// parameter's tangent is the caller's <c>tX</c>, and module parameters are constants (no tangent).
    /// <list type="bullet">
    /// <item><c>v = op(a, b)</c> becomes <c>__v = op(a, b); tv = OpTangent(a, b, __v, ta, tb); v = __v;</c>, with the
    /// rule registered beside the op's backward by <c>[TangentOf]</c> (null for a constant operand, and no call when
    /// every operand's tangent is null at run time), so the rule reads the operands before the assignment.</item>
    /// <item>A call of a [Differentiable] tensor method calls its <c>…Tangent</c>.</item>
    /// <item>A copy copies the tangent; a constant value, a module parameter's <c>Value</c> and what an inactive
    /// statement writes have none.</item>
    /// </list>
    /// Nothing is recorded: branches and loops run once as written. An op with no registered tangent (DIFF019, a
    /// warning) leaves the transform without a body, and <c>MTangent</c> throws with the reason.
    /// </summary>
    internal static class TensorTangentWriter
    {
        private const string Tensor = "global::Diff.Tensor";

        /// <summary>The tangent of each differentiable parameter, named <c>t</c> + the name, with <c>_</c> added while the method uses the name.</summary>
        public static Dictionary<string, string> ParameterTangents(TensorMethodModel method, out string resultTangent)
        {
            var taken = new HashSet<string>(method.Parameters.Select(p => p.Name.TrimStart('@')).Concat(method.Identifiers), System.StringComparer.Ordinal);
            var tangents = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (TensorParam parameter in method.Parameters.Where(p => p.Differentiable))
            {
                string name = TangentWriter.TangentName(parameter.Name);
                while (!taken.Add(name))
                {
                    name += "_";
                }

                tangents[parameter.Name] = name;
            }

            resultTangent = "tResult";
            while (!taken.Add(resultTangent))
            {
                resultTangent += "_";
            }

            return tangents;
        }

        /// <summary>Why the method gets no tangent body (an op without a registered tangent); null when it gets one.</summary>
        public static string? Unsupported(TensorMethodModel method)
        {
            HashSet<string> varying = Varying(method);
            foreach (AssignStmt assign in Assignments(method.Body.Statements))
            {
                if (assign.Value is TensorOpExpr op && op.Tangent is null && varying.Contains(method.LocalOf(assign.Target)))
                {
                    return "'" + op.ForwardCode + "' has no registered tangent ([TangentOf] beside its backward " + op.Backward.Replace("global::", string.Empty) + "; DIFF019)";
                }
            }

            return null;
        }

        /// <summary>The body of <c>MTangent</c>; call only when <see cref="Unsupported"/> is null.</summary>
        public static CodeBuilder Write(TensorMethodModel method, IReadOnlyDictionary<string, string> parameterTangents, string resultTangent)
        {
            var code = new CodeBuilder();
            foreach (TensorLocal local in method.Locals)
            {
                code.Line(local.TypeCode + " " + local.Name + " = default!;");
            }

            HashSet<string> varying = Varying(method);
            foreach (TensorLocal local in method.Locals.Where(l => varying.Contains(l.Name)))
            {
                code.Line(Tensor + "? " + TangentOfLocal(local.Name) + " = null;");
            }

            var writer = new Context(method, parameterTangents, varying);
            foreach (Stmt statement in method.Body.Statements)
            {
                writer.Forward(code, statement, 0);
            }

            string result = writer.TangentOf(method.ResultLocal);
            code.Line(resultTangent + " = " + (result == "null" ? string.Empty : result + " ?? ") + Tensor + ".ZerosLike(" + method.ResultLocal + ");");
            code.Line("return " + method.ResultLocal + ";");
            return code;
        }

        private static string TangentOfLocal(string name) => "__t_" + name.TrimStart('@');

        /// <summary>
        /// The names whose tangent can be other than zero: the differentiable parameters, and the active locals assigned
        /// from them through ops, calls and copies (a fixpoint, flow-insensitive). A module parameter's value is active
        /// for the gradient but constant here, so what only it reaches needs no tangent and no rule.
        /// </summary>
        public static HashSet<string> Varying(TensorMethodModel method)
        {
            var varying = new HashSet<string>(method.Parameters.Where(p => p.Differentiable).Select(p => p.Name), System.StringComparer.Ordinal);
            var active = new HashSet<string>(method.Locals.Where(l => l.Active).Select(l => l.Name), System.StringComparer.Ordinal);
            List<AssignStmt> assignments = Assignments(method.Body.Statements).ToList();
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (AssignStmt assign in assignments)
                {
                    string target = method.LocalOf(assign.Target);
                    if (varying.Contains(target) || !active.Contains(target))
                    {
                        continue;
                    }

                    bool varies = assign.Value switch
                    {
                        TensorOpExpr op => op.Args.Any(a => a.HasSlot && a.ActiveName is not null && varying.Contains(a.ActiveName)),
                        TensorCallExpr call => call.Args.Any(a => a.HasSlot && a.ActiveName is not null && varying.Contains(a.ActiveName)),
                        VarExpr copy => varying.Contains(copy.Name),
                        _ => false,
                    };
                    if (varies)
                    {
                        varying.Add(target);
                        changed = true;
                    }
                }
            }

            return varying;
        }

        public static IEnumerable<AssignStmt> Assignments(IEnumerable<Stmt> statements)
        {
            foreach (Stmt statement in statements)
            {
                IEnumerable<AssignStmt> inner = statement switch
                {
                    AssignStmt assign => new[] { assign },
                    IfStmt branch => Assignments(branch.Then.Statements).Concat(Assignments(branch.Else.Statements)),
                    LoopStmt loop => Assignments(loop.Init).Concat(Assignments(loop.Body.Statements)).Concat(Assignments(loop.Step)),
                    ForEachStmt loop => Assignments(loop.Body.Statements),
                    BlockStmt nested => Assignments(nested.Body.Statements),
                    _ => Enumerable.Empty<AssignStmt>(),
                };
                foreach (AssignStmt assign in inner)
                {
                    yield return assign;
                }
            }
        }

        private sealed class Context
        {
            private readonly TensorMethodModel _method;
            private readonly Dictionary<string, TensorLocal> _locals;
            private readonly IReadOnlyDictionary<string, string> _parameterTangents;
            private readonly HashSet<string> _varying;

            public Context(TensorMethodModel method, IReadOnlyDictionary<string, string> parameterTangents, HashSet<string> varying)
            {
                _method = method;
                _locals = method.Locals.ToDictionary(l => l.Name);
                _parameterTangents = parameterTangents;
                _varying = varying;
            }

            private bool Varies(string name) => _varying.Contains(name) && _locals.ContainsKey(name);

            /// <summary>The tangent of a name as C#: the caller's tangent of a parameter, an active local's tangent, or <c>null</c>.</summary>
            public string TangentOf(string name) =>
                _parameterTangents.TryGetValue(name, out string? parameter) ? parameter
                : Varies(name) ? TangentOfLocal(name)
                : "null";

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
                        code.Line(inactive.Code);

                        // What an inactive statement writes does not vary with the inputs.
                        foreach (string written in inactive.Assigned)
                        {
                            if (Varies(written))
                            {
                                code.Line(TangentOfLocal(written) + " = null;");
                            }
                        }

                        break;

                    case AssignStmt assign:
                        Assign(code, _locals[_method.LocalOf(assign.Target)], assign.Value);
                        break;

                    default:
                        TensorControlFlow.Forward(code, statement, depth, recording: null, (statements, inner) => ForwardAll(code, statements, inner), (loop, item) =>
                        {
                            TensorLocal variable = _locals[loop.Variable];
                            code.Line(variable.Name + " = " + item + ";");
                            if (Varies(variable.Name))
                            {
                                code.Line(TangentOfLocal(variable.Name) + " = null;");
                            }
                        });
                        break;
                }
            }

            /// <summary><c>target = value;</c> with the target's tangent, computed from the operands' values before the assignment.</summary>
            private void Assign(CodeBuilder code, TensorLocal target, Expr value)
            {
                string? tangent = Varies(target.Name) ? TangentOfLocal(target.Name) : null;
                switch (value)
                {
                    case TensorOpExpr op when tangent is not null:
                    {
                        List<string> tangents = op.Args.Where(a => a.HasSlot).Select(a => a.ActiveName is null ? "null" : TangentOf(a.ActiveName)).ToList();
                        string[] varying = tangents.Where(t => t != "null").Distinct().ToArray();
                        code.Begin();
                        code.Line(Tensor + " __v = " + op.ForwardCode + ";");
                        if (varying.Length == 0)
                        {
                            code.Line(tangent + " = null;");
                        }
                        else
                        {
                            string rule = op.Tangent + "(" + string.Join(", ", op.Args.Select(a => a.Code).Concat(new[] { "__v" }).Concat(tangents)) + ")";
                            code.Line(tangent + " = " + string.Join(" && ", varying.Select(t => t + " is null")) + " ? null : " + rule + ";");
                        }

                        code.Line(target.Name + " = __v;");
                        code.Close();
                        return;
                    }

                    case TensorCallExpr call when tangent is not null && call.Args.Any(a => a.HasSlot && a.ActiveName is not null && TangentOf(a.ActiveName) != "null"):
                    {
                        IEnumerable<string> tangents = call.Args.Where(a => a.HasSlot).Select(a => a.ActiveName is null ? "null" : TangentOf(a.ActiveName));
                        code.Begin();
                        code.Line(Tensor + " __v = " + call.Receiver + call.Method + "Tangent(" + string.Join(", ", call.Args.Select(a => a.Code).Concat(tangents).Concat(new[] { "out " + Tensor + " __tv" })) + ");");
                        code.Line(tangent + " = __tv;");
                        code.Line(target.Name + " = __v;");
                        code.Close();
                        return;
                    }

                    case TensorCallExpr call:
                        // No operand varies: the callee's value alone (its module parameters are constants here).
                        SetTangent(code, tangent, "null");
                        code.Line(target.Name + " = " + call.Receiver + call.Method + "(" + string.Join(", ", call.Args.Select(a => a.Code)) + ");");
                        return;

                    case VarExpr copy:
                        SetTangent(code, tangent, TangentOf(copy.Name));
                        code.Line(target.Name + " = " + copy.Name + (FromOptional(copy, target) ? "!" : string.Empty) + ";");
                        return;

                    case ParameterValueExpr parameter:
                        SetTangent(code, tangent, "null");
                        code.Line(target.Name + " = " + NotNull(parameter.ParameterCode) + ".Value;");
                        return;

                    case ValueExpr constant:
                        SetTangent(code, tangent, "null");
                        code.Line(target.Name + " = " + ValuePrinter.Print(constant.Tree) + ";");
                        return;

                    case TensorOpExpr op:
                        code.Line(target.Name + " = " + op.ForwardCode + ";");
                        return;
                }
            }

            private static void SetTangent(CodeBuilder code, string? tangent, string value)
            {
                if (tangent is not null && tangent != value)
                {
                    code.Line(tangent + " = " + value + ";");
                }
            }

            /// <summary>A copy from an optional value (<c>Bias?.Value</c>) into a local typed as non-null: only the compiler's warning is silenced, as in the forward sweep.</summary>
            private bool FromOptional(VarExpr copy, TensorLocal target) =>
                _locals.TryGetValue(copy.Name, out TensorLocal? source) && source.TypeCode.EndsWith("?", System.StringComparison.Ordinal)
                && !target.TypeCode.EndsWith("?", System.StringComparison.Ordinal);

            private static string NotNull(string code) =>
                code.All(c => char.IsLetterOrDigit(c) || c is '_' || c is '.' || c is '@') ? code + "!" : "(" + code + ")!";
        }
    }
}
