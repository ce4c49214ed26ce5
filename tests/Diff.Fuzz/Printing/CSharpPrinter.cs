using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Diff.Fuzz.Model;

namespace Diff.Fuzz.Printing
{
    /// <summary>
    /// Prints the model as C#. In twin mode it prints the reference copy instead: every <c>float</c> becomes
    /// <c>double</c>, <c>MathF</c> becomes <c>Math</c>, no attribute is written, and every floating comparison and
    /// kink (Max, Min, Abs) goes through <c>Tr</c>, which records the branch trace and the distance to the nearest tie.
    /// </summary>
    public sealed class CSharpPrinter
    {
        private readonly bool _twin;
        private readonly StringBuilder _out = new();
        private int _indent;

        private CSharpPrinter(bool twin) => _twin = twin;


        /// <summary>The program as a user would write it: one partial class <c>{name}</c> holding the helpers and <c>M</c>.</summary>
        public static string Program(FuzzProgram program, string name) => Class(program, name, twin: false);

        /// <summary>The twin: the same methods in double, instrumented, in class <c>{name}</c>.</summary>
        public static string Twin(FuzzProgram program, string name) => Class(program, name, twin: true);

        private static string Class(FuzzProgram program, string name, bool twin)
        {
            var p = new CSharpPrinter(twin);
            p.Line(twin ? $"public static class {name}" : $"public static partial class {name}");
            p.Line("{");
            p._indent++;
            if (program.UsesState)
            {
                // State the IR has no variable for: static fields, changed by a method that is not [Differentiable].
                p.Line($"static int {StatePosition};");
                p.Line($"static double {StateGain};");
                p.Line($"static void ResetState() {{ {StatePosition} = 0; {StateGain} = 1.0; }}");
                p.Line($"static void StepState() {{ {StatePosition} = ({StatePosition} + 1) % {program.Length}; {StateGain} = {StateGain} * 0.5 + 0.75; }}");

                // The same step out of the statement's sight: in a getter, a field initializer, a base constructor.
                p.Line($"static double SteppedGain {{ get {{ StepState(); return {StateGain}; }} }}");
                p.Line("sealed class StepsByInitializer { public readonly int Step = StepAndCount(); static int StepAndCount() { StepState(); return 1; } }");
                p.Line("class StepsInConstructor { public StepsInConstructor() { StepState(); } }");
                p.Line("sealed class StepsByBase : StepsInConstructor { }");
            }

            foreach (Method m in program.Helpers.Append(program.Main))
            {
                p.Method(m);
            }

            p._indent--;
            p.Line("}");
            return p._out.ToString();
        }

        /// <summary>The static fields of the <c>state</c> family.</summary>
        private const string StatePosition = "s_position";

        private const string StateGain = "s_gain";

        /// <summary>The usings every printed program needs.</summary>
        public const string Usings = "using System;\nusing System.Linq;\nusing Diff;\nusing Diff.Fuzz.Tracing;\n";

        /// <summary>Prints one statement list, for messages.</summary>
        public static string Statements(IEnumerable<Stmt> statements)
        {
            var p = new CSharpPrinter(false);
            foreach (Stmt s in statements)
            {
                p.Statement(s);
            }

            return p._out.ToString();
        }

        private void Method(Method m)
        {
            if (!_twin)
            {
                Line("[Differentiable]");
            }

            string parameters = string.Join(", ", m.Params.Select(Param));
            Line($"public static {Type(m.Return)} {m.Name}({parameters})");
            Block(m.Body);
        }

        private string Param(Param p)
        {
            string prefix = p.NoDiff && !_twin ? "[NoDiff] " : string.Empty;
            return prefix + ParamType(p) + " " + p.Name;
        }

        /// <summary>The C# type of a parameter.</summary>
        public string ParamType(Param p) => p.Kind switch
        {
            null => Type(p.T),
            BufKind.Array => Type(p.T) + "[]",
            BufKind.Span => "Span<" + Type(p.T) + ">",
            _ => "ReadOnlySpan<" + Type(p.T) + ">",
        };

        private string Type(Ty t) => t switch
        {
            Ty.Double => "double",
            Ty.Float => _twin ? "double" : "float",
            Ty.Int => "int",
            Ty.Long => "long",
            Ty.Bool => "bool",
            Ty.Void => "void",
            _ => throw new ArgumentOutOfRangeException(nameof(t), t, "no C# type"),
        };

        /// <summary>A switch section: its statements in a block of their own (a switch block is one scope), then <c>break</c>.</summary>
        private void Section(IReadOnlyList<Stmt> body)
        {
            _indent++;
            Block(body);
            Line("break;");
            _indent--;
        }

        private string BufferOperation(BufferOp op)
        {
            string d = op.Destination;
            bool array = op.DestinationIsArray;

            // A helper runs at other lengths than M's buffers (the Jacobian check), so a copy takes the shorter length.
            string count = $"({op.Source}.Length < {d}.Length ? {op.Source}.Length : {d}.Length)";
            return op.Form switch
            {
                "copy" when array && op.SourceIsArray => $"Array.Copy({op.Source}, {d}, {count});",
                "copy" when op.SourceIsArray => $"{op.Source}.AsSpan(0, {count}).CopyTo({d});",
                "copy" => $"{op.Source}.Slice(0, {count}).CopyTo({d});",
                "copyto" when array && op.SourceIsArray => $"Array.Copy({op.Source}, 0, {d}, 0, {count});",
                "copyto" when op.SourceIsArray => $"{op.Source}.AsSpan(0, {count}).CopyTo({d}.Slice(0, {count}));",
                "copyto" => $"{op.Source}.Slice(0, {count}).CopyTo({d});",
                "shift" when array => $"Array.Copy({d}, 0, {d}, 1, {d}.Length - 1);",
                "shift" => $"{d}.Slice(0, {d}.Length - 1).CopyTo({d}.Slice(1));",
                "unshift" when array => $"Array.Copy({d}, 1, {d}, 0, {d}.Length - 1);",
                "unshift" => $"{d}.Slice(1).CopyTo({d});",
                "fill" when array => $"Array.Fill({d}, {E(op.Value!)});",
                "fill" => $"{d}.Fill({E(op.Value!)});",
                "filltail" when array => $"Array.Fill({d}, {E(op.Value!)}, 1, {d}.Length - 1);",
                "filltail" => $"{d}.Slice(1).Fill({E(op.Value!)});",
                "clear" when array => $"Array.Clear({d}, 0, 1);",
                "clear" => $"{d}.Slice(0, 1).Clear();",
                "reverse" when array => $"Array.Reverse({d});",
                "reverse" => $"{d}.Reverse();",
                "reversetail" when array => $"Array.Reverse({d}, 1, {d}.Length - 1);",
                "reversetail" => $"{d}.Slice(1).Reverse();",
                "reverseview" when array => $"{d}.AsSpan(0, {d}.Length - 1).Reverse();",
                "reverseview" => $"{d}.Slice(0, {d}.Length - 1).Reverse();",
                _ => throw new ArgumentOutOfRangeException(nameof(op), op.Form, "no such buffer operation"),
            };
        }

        private void Block(IReadOnlyList<Stmt> body)
        {
            Line("{");
            _indent++;
            foreach (Stmt s in body)
            {
                Statement(s);
            }

            _indent--;
            Line("}");
        }

        private void Statement(Stmt s)
        {
            switch (s)
            {
                case Decl d:
                    Line($"{Type(d.T)} {d.Name} = {E(d.Init)};");
                    break;
                case ConstDecl c:
                    Line($"const int {c.Name} = {c.Value};");
                    break;
                case ArrayDecl a:
                    Line($"{Type(a.Element)}[] {a.Name} = new {Type(a.Element)}[{E(a.Length)}];");
                    break;
                case SpanDecl { Source: null } scratch:
                    Line(scratch.Form % 2 == 0
                        ? $"Span<{Type(scratch.Element)}> {scratch.Name} = stackalloc {Type(scratch.Element)}[{E(scratch.Length!)}];"
                        : $"Span<{Type(scratch.Element)}> {scratch.Name} = new {Type(scratch.Element)}[{E(scratch.Length!)}];");
                    break;
                case SpanDecl view:
                    // Forms 0 and 1 take no range or AsSpan, so that they are printed with the slices family off.
                    string viewed = (view.SourceIsArray, view.Form % 4) switch
                    {
                        (_, 0) => view.Source!,
                        (false, 1) => $"{view.Source}.Slice(0)",
                        (true, 1) => $"new ReadOnlySpan<{Type(view.Element)}>({view.Source})",
                        (true, 2) => $"{view.Source}.AsSpan()",
                        (false, 2) => $"{view.Source}[..]",
                        (true, _) => $"{view.Source}.AsSpan(0, {view.Source}.Length)",
                        (false, _) => $"{view.Source}.Slice(0, {view.Source}.Length)",
                    };
                    Line($"ReadOnlySpan<{Type(view.Element)}> {view.Name} = {viewed};");
                    break;
                case Assign a:
                    Line($"{E(a.Target)} {a.Op} {E(a.Value)};");
                    break;
                case TupleAssign t:
                    Line($"({t.A}, {t.B}) = ({E(t.EA)}, {E(t.EB)});");
                    break;
                case HandOn handOn:
                    Line($"{handOn.Target} = {handOn.Source};");
                    break;
                case SwapArrays { Temporary: null } swap:
                    Line($"({swap.A}, {swap.B}) = ({swap.B}, {swap.A});");
                    break;
                case SwapArrays swap:
                    Line($"var {swap.Temporary} = {swap.A};");
                    Line($"{swap.A} = {swap.B};");
                    Line($"{swap.B} = {swap.Temporary};");
                    break;
                case LocalFunctionDecl function:
                {
                    string head = $"{(function.Static ? "static " : string.Empty)}{Type(function.Return)} {function.Name}({string.Join(", ", function.Params.Select(p => Type(p.T) + " " + p.Name))})";
                    IReadOnlyList<LocalLet> lets = function.Lets ?? Array.Empty<LocalLet>();
                    IReadOnlyList<LocalGuard> guards = function.Guards ?? Array.Empty<LocalGuard>();
                    if (lets.Count == 0 && guards.Count == 0)
                    {
                        Line($"{head} => {E(function.Body)};");
                        break;
                    }

                    Line(head);
                    Line("{");
                    _indent++;
                    foreach (LocalLet let in lets)
                    {
                        Line($"{Type(let.T)} {let.Name} = {E(let.Value)};");
                    }

                    foreach (LocalGuard guard in guards)
                    {
                        Line($"if ({E(guard.Condition)}) return {E(guard.Value)};");
                    }

                    Line($"return {E(function.Body)};");
                    _indent--;
                    Line("}");
                    break;
                }
                case RecreateArray recreate:
                    Line($"{recreate.Name} = new {Type(recreate.Element)}[{E(recreate.Length)}];");
                    break;
                case ExprStmt e:
                    Line(E(e.E) + ";");
                    break;
                case BufferOp op:
                    Line(BufferOperation(op));
                    break;
                case CopyDecl c:
                    string copy = (c.SourceIsArray, c.Form % (c.SourceIsArray ? 3 : 2)) switch
                    {
                        (true, 0) => $"({Type(c.Element)}[]){c.Source}.Clone()",
                        (true, 1) => $"{c.Source}[..]",
                        (false, 0) => $"{c.Source}.ToArray()",
                        _ => $"[.. {c.Source}]",
                    };
                    Line($"{Type(c.Element)}[] {c.Name} = {copy};");
                    break;
                case If i:
                    Line($"if ({E(i.Condition)})");
                    Block(i.Then);
                    if (i.Else is { } otherwise)
                    {
                        Line("else");
                        Block(otherwise);
                    }

                    break;
                case For f:
                    string counter = Type(f.Counter);
                    Line(f.Down
                        ? $"for ({counter} {f.Name} = {E(f.To)} - 1; {f.Name} >= {E(f.From)}; {f.Name}--)"
                        : $"for ({counter} {f.Name} = {E(f.From)}; {f.Name} < {E(f.To)}; {f.Name}++)");
                    Block(f.Body);
                    break;
                case While w when w.Do:
                    Line("do");
                    Block(w.Body);
                    Line($"while ({E(w.Condition)});");
                    break;
                case While w:
                    Line($"while ({E(w.Condition)})");
                    Block(w.Body);
                    break;
                case Foreach f:
                    Line($"foreach ({Type(f.Element)} {f.Name} in {f.Buffer})");
                    Block(f.Body);
                    break;
                case Switch sw:
                    Line($"switch ({E(sw.Subject)})");
                    Line("{");
                    _indent++;
                    foreach (SwitchCase section in sw.Cases)
                    {
                        foreach (int label in section.Labels)
                        {
                            Line($"case {label}:");
                        }

                        Section(section.Body);
                    }

                    if (sw.Default is { } fallback)
                    {
                        Line("default:");
                        Section(fallback);
                    }

                    _indent--;
                    Line("}");
                    break;
                case Break:
                    Line("break;");
                    break;
                case Continue:
                    Line("continue;");
                    break;
                case Return r:
                    Line(r.Value is null ? "return;" : $"return {E(r.Value)};");
                    break;
                case StateStep step:
                    Line(step.Form switch
                    {
                        1 => "_ = new StepsByInitializer();",
                        2 => "_ = SteppedGain;",
                        3 => "_ = new StepsByBase();",
                        _ => "StepState();",
                    });
                    break;
                case StateReset:
                    Line("ResetState();");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(s), s, "unknown statement");
            }
        }

        private static bool IsFloating(Ty t) => t is Ty.Double or Ty.Float;

        private string E(Expr e)
        {
            switch (e)
            {
                case Lit l:
                    return Literal(l);
                case VarRef v:
                    return v.Name;
                case ElemRef el:
                    return $"{el.Buffer}[{E(el.Index)}]";
                case BufRef b:
                    return b.Name;
                case SliceRef slice:
                    return slice.Form switch
                    {
                        0 => slice.IsArray ? $"{slice.Name}.AsSpan(0)" : $"{slice.Name}.Slice(0)",
                        1 => slice.IsArray ? $"{slice.Name}.AsSpan(0, {slice.Name}.Length)" : $"{slice.Name}.Slice(0, {slice.Name}.Length)",
                        2 => $"{slice.Name}[0..{slice.Name}.Length]",
                        _ => $"{slice.Name}[..]",
                    };
                case LengthOf len:
                    return len.Buffer + ".Length";
                case SumOf sum:
                {
                    string v = sum.Lambda;
                    string sin = sum.T == Ty.Float && !_twin ? "MathF.Sin" : "Math.Sin";
                    return sum.Form switch
                    {
                        0 => $"{sum.Buffer}.Sum()",
                        1 => $"{sum.Buffer}.Sum({v} => {v} * {v})",
                        2 => $"{sum.Buffer}.Sum({v} => {sin}({v}) * {E(sum.Factor)})",
                        3 => $"Enumerable.Sum({sum.Buffer}, {v} => ({v} + {E(sum.Factor)}) * {v})",
                        4 => $"{sum.Buffer}.Select({v} => {v} * {E(sum.Factor)}).Sum()",
                        6 => $"Enumerable.Range(0, {sum.Buffer}.Length).Sum({v} => {sum.Buffer}[{v}] * {E(sum.Factor)})",
                        7 => $"Enumerable.Range(1, {sum.Buffer}.Length - 1).Select({v} => {sum.Buffer}[{v}] * {sum.Buffer}[{v} - 1]).Sum()",
                        _ => $"{sum.Buffer}.Average({v} => {v} * {E(sum.Factor)})",
                    };
                }
                case ExtremumOf extremum:
                {
                    string v = extremum.Lambda;
                    string factor = E(extremum.Factor);
                    if (_twin)
                    {
                        string selector = extremum.Form switch
                        {
                            0 => "null",
                            1 => $"{v} => {v} * {factor}",
                            2 => "Tr.Abs",
                            _ => $"{v} => {v} + {factor}",
                        };
                        return $"Tr.Extremum({extremum.Buffer}, {(extremum.IsMax ? "true" : "false")}, {selector})";
                    }

                    string op = extremum.IsMax ? "Max" : "Min";
                    string abs = extremum.T == Ty.Float ? "MathF.Abs" : "Math.Abs";
                    return extremum.Form switch
                    {
                        0 => $"{extremum.Buffer}.{op}()",
                        1 => $"{extremum.Buffer}.{op}({v} => {v} * {factor})",
                        2 => $"{extremum.Buffer}.{op}({abs})",
                        _ => $"{extremum.Buffer}.Select({v} => {v} + {factor}).{op}()",
                    };
                }
                case Neg n:
                    return $"(-{E(n.A)})";
                case Binary b:
                    return $"({E(b.A)} {b.Op} {E(b.B)})";
                case MathCall m:
                    string args = string.Join(", ", m.Args.Select(E));
                    if (_twin && m.Function is "Max" or "Min" or "Abs")
                    {
                        return $"Tr.{m.Function}({args})";
                    }

                    string host = m.T == Ty.Float && !_twin ? "MathF" : "Math";
                    return $"{host}.{m.Function}({args})";
                case Cast c:
                    return _twin && c.T == Ty.Float ? $"((double)({E(c.A)}))" : $"(({Type(c.T)})({E(c.A)}))";
                case Compare c:
                    if (_twin && (IsFloating(c.A.Type) || IsFloating(c.B.Type)))
                    {
                        int op = c.Op switch { "<" => 0, "<=" => 1, ">" => 2, ">=" => 3, "==" => 4, _ => 5 };
                        return $"Tr.Cmp({E(c.A)}, {E(c.B)}, {op})";
                    }

                    return $"({E(c.A)} {c.Op} {E(c.B)})";
                case Logical l:
                    return $"({E(l.A)} {l.Op} {E(l.B)})";
                case Ternary t:
                    return $"({E(t.Condition)} ? {E(t.A)} : {E(t.B)})";
                case SwitchExpr sw:
                    return $"({E(sw.Subject)} switch {{ {string.Concat(sw.Arms.Select((a, i) => $"{i} => {E(a)}, "))}_ => {E(sw.Default)} }})";
                case Call c:
                    return $"{c.Method}({string.Join(", ", c.Args.Select(E))})";
                case PostIncrement p:
                    return p.Name + "++";
                case StateRead { T: Ty.Int }:
                    return StatePosition;
                case StateRead { T: Ty.Float } read when !_twin:
                    return "(float)" + (read.Steps ? "SteppedGain" : StateGain);
                case StateRead read:
                    return read.Steps ? "SteppedGain" : StateGain;
                default:
                    throw new ArgumentOutOfRangeException(nameof(e), e, "unknown expression");
            }
        }

        private string Literal(Lit l)
        {
            string text;
            switch (l.T)
            {
                case Ty.Int:
                    text = ((long)l.Value).ToString(CultureInfo.InvariantCulture);
                    break;
                case Ty.Long:
                    text = ((long)l.Value).ToString(CultureInfo.InvariantCulture) + "L";
                    break;
                case Ty.Float when !_twin:
                    text = ((float)l.Value).ToString("R", CultureInfo.InvariantCulture);
                    text = (text.Contains('.') || text.Contains('E') ? text : text + ".0") + "f";
                    break;
                default:
                    double value = l.T == Ty.Float ? (float)l.Value : l.Value;
                    text = value.ToString("R", CultureInfo.InvariantCulture);
                    text = text.Contains('.') || text.Contains('E') ? text : text + ".0";
                    break;
            }

            return l.Value < 0 ? "(" + text + ")" : text;
        }

        private void Line(string text)
        {
            _out.Append(' ', 4 * _indent).Append(text).Append('\n');
        }
    }
}
