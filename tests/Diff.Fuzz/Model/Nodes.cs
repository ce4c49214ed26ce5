using System;
using System.Collections.Generic;
using System.Linq;

namespace Diff.Fuzz.Model
{
    /// <summary>The value types a generated program uses. <c>Buffer</c> marks an argument that names a whole array or span.</summary>
    public enum Ty { Double, Float, Int, Long, Bool, Void, Buffer }

    /// <summary>How a buffer is declared.</summary>
    public enum BufKind { Array, Span, ReadOnlySpan }

    // ----- expressions -----

    /// <summary>An expression of the model, with its C# type.</summary>
    public abstract record Expr(Ty Type);

    /// <summary>A literal; floating literals carry their type so the printer writes <c>f</c> suffixes.</summary>
    public sealed record Lit(Ty T, double Value) : Expr(T);

    /// <summary>A read of a local, parameter or constant.</summary>
    public sealed record VarRef(Ty T, string Name) : Expr(T);

    /// <summary>A read of a buffer element.</summary>
    public sealed record ElemRef(Ty T, string Buffer, Expr Index) : Expr(T);

    /// <summary>A whole buffer passed as an argument.</summary>
    public sealed record BufRef(string Name) : Expr(Ty.Buffer);

    /// <summary>
    /// A whole buffer passed as a slice of itself, as code ported from C passes <c>x + 0</c>: <c>x.AsSpan(0)</c> or
    /// <c>s.Slice(0)</c> (<paramref name="Form"/> 0), with the length <c>x.Length</c> (1), or the range <c>x[0..x.Length]</c> (2)
    /// or <c>x[..]</c> (3). A range of an array is a new array (<see cref="CopiesArray"/>), so writes to it are lost.
    /// </summary>
    public sealed record SliceRef(string Name, int Form, bool IsArray) : Expr(Ty.Buffer)
    {
        /// <summary>Whether the slice is a copy of an array rather than a view of the buffer.</summary>
        public bool CopiesArray => IsArray && Form >= 2;
    }

    /// <summary><c>buffer.Length</c>.</summary>
    public sealed record LengthOf(string Buffer) : Expr(Ty.Int);

    /// <summary>Unary minus.</summary>
    public sealed record Neg(Ty T, Expr A) : Expr(T);

    /// <summary><c>+ - * / %</c>.</summary>
    public sealed record Binary(Ty T, string Op, Expr A, Expr B) : Expr(T);

    /// <summary>A call of <c>Math</c> (double) or <c>MathF</c> (float). Max, Min and Abs are kinks the twin records.</summary>
    public sealed record MathCall(Ty T, string Function, IReadOnlyList<Expr> Args) : Expr(T);

    /// <summary>An explicit cast.</summary>
    public sealed record Cast(Ty T, Expr A) : Expr(T);

    /// <summary>
    /// LINQ's <c>Sum</c> of an array (family <c>linq</c>): <c>b.Sum()</c> (form 0), or with a selector of the element
    /// named <paramref name="Lambda"/>: <c>v =&gt; v * v</c> (1), <c>v =&gt; Sin(v) * F</c> (2), and
    /// <c>Enumerable.Sum(b, v =&gt; (v + F) * v)</c> (3), <c>b.Select(v =&gt; v * F).Sum()</c> (4) and
    /// <c>b.Average(v =&gt; v * F)</c> (5), where F is <paramref name="Factor"/>.
    /// </summary>
    public sealed record SumOf(Ty T, string Buffer, int Form, string Lambda, Expr Factor) : Expr(T);

    /// <summary>
    /// LINQ's <c>Max</c> (<paramref name="IsMax"/>) or <c>Min</c> of an array (family <c>extrema</c>): <c>b.Max()</c>
    /// (form 0), <c>b.Max(v =&gt; v * F)</c> (1), <c>b.Max(Math.Abs)</c> (2, <c>MathF.Abs</c> for a float array) and
    /// <c>b.Select(v =&gt; v + F).Max()</c> (3), where F is <paramref name="Factor"/>. Every comparison LINQ makes is a
    /// branch point the twin records.
    /// </summary>
    public sealed record ExtremumOf(Ty T, string Buffer, bool IsMax, int Form, string Lambda, Expr Factor) : Expr(T);

    /// <summary>A comparison; floating comparisons are branch points the twin records.</summary>
    public sealed record Compare(string Op, Expr A, Expr B) : Expr(Ty.Bool);

    /// <summary><c>&amp;&amp;</c> or <c>||</c>.</summary>
    public sealed record Logical(string Op, Expr A, Expr B) : Expr(Ty.Bool);

    /// <summary><c>c ? a : b</c>.</summary>
    public sealed record Ternary(Ty T, Expr Condition, Expr A, Expr B) : Expr(T);

    /// <summary>A call of another generated method of the same program.</summary>
    public sealed record Call(Ty T, string Method, IReadOnlyList<Expr> Args) : Expr(T);

    /// <summary><c>name++</c> used as a value (an argument).</summary>
    public sealed record PostIncrement(Ty T, string Name) : Expr(T);

    /// <summary>
    /// A read of the program's static state (<c>state</c> family): the gain, a double (converted for a float), or the
    /// position, an int index into M's buffers. <paramref name="Steps"/>: the gain read through a getter that moves the
    /// state on first (<c>SteppedGain</c>), a getter with an effect.
    /// </summary>
    public sealed record StateRead(Ty T, bool Steps = false) : Expr(T);

    // ----- statements -----

    /// <summary>A statement of the model.</summary>
    public abstract record Stmt;

    /// <summary><c>T name = init;</c></summary>
    public sealed record Decl(Ty T, string Name, Expr Init) : Stmt;

    /// <summary><c>const int name = value;</c></summary>
    public sealed record ConstDecl(string Name, int Value) : Stmt;

    /// <summary><c>T[] name = new T[length];</c></summary>
    public sealed record ArrayDecl(Ty Element, string Name, Expr Length) : Stmt;

    /// <summary>
    /// A local span: scratch space (<c>Span&lt;T&gt; name = stackalloc T[length];</c> or <c>new T[length]</c>) where
    /// <see cref="Source"/> is null, else a read-only view of the whole of that buffer, in the form <see cref="Form"/> picks.
    /// </summary>
    public sealed record SpanDecl(Ty Element, string Name, Expr? Length, string? Source, bool SourceIsArray, int Form) : Stmt;

    /// <summary><c>target op value;</c> with op one of <c>= += -= *=</c>.</summary>
    public sealed record Assign(Expr Target, string Op, Expr Value) : Stmt;

    /// <summary><c>(a, b) = (ea, eb);</c></summary>
    public sealed record TupleAssign(string A, string B, Expr EA, Expr EB) : Stmt;

    /// <summary>An expression statement: a void call or <c>i++</c>.</summary>
    public sealed record ExprStmt(Expr E) : Stmt;

    /// <summary>
    /// A library call that copies, fills or clears a buffer, printed for the buffers' kinds: <c>copy</c>
    /// (<c>Array.Copy</c>, a span's <c>CopyTo</c>), <c>copyto</c> (<c>CopyTo</c>), <c>shift</c> and <c>unshift</c> (a copy within
    /// the buffer by one place, the ranges overlapping), <c>fill</c>, <c>filltail</c> and <c>clear</c>.
    /// </summary>
    public sealed record BufferOp(string Form, string Destination, bool DestinationIsArray, string? Source, bool SourceIsArray, Expr? Value) : Stmt;

    /// <summary>
    /// A local function of M's body returning one expression, <c>double Lf(double p) => e;</c>, or, with
    /// <paramref name="Lets"/>, locals declared once before it, <c>{ double l = e1; return e2; }</c>; <paramref name="Static"/>
    /// where it reads only its parameters and locals.
    /// </summary>
    /// <remarks>With <paramref name="Guards"/>, returns an <c>if</c> guards come after the locals: <c>if (c) return e;</c>.</remarks>
    public sealed record LocalFunctionDecl(string Name, Ty Return, IReadOnlyList<Param> Params, Expr Body, bool Static, IReadOnlyList<LocalLet>? Lets = null, IReadOnlyList<LocalGuard>? Guards = null) : Stmt;

    /// <summary>A local a local function declares with its value before its return: <c>T Name = Value;</c></summary>
    public sealed record LocalLet(Ty T, string Name, Expr Value);

    /// <summary>A return of a local function an <c>if</c> guards: <c>if (Condition) return Value;</c></summary>
    public sealed record LocalGuard(Expr Condition, Expr Value);

    /// <summary><c>(A, B) = (B, A);</c>, or through <paramref name="Temporary"/>: <c>var t = A; A = B; B = t;</c>.</summary>
    public sealed record SwapArrays(string A, string B, string? Temporary) : Stmt;

    /// <summary><c>Name = new T[Length];</c>, a local array created again with the length it was declared with.</summary>
    public sealed record RecreateArray(Ty Element, string Name, Expr Length) : Stmt;

    /// <summary><c>a = t;</c>: a local array declared in the same block handed on, read nowhere after.</summary>
    public sealed record HandOn(string Target, string Source) : Stmt;

    /// <summary>A local array declared as a copy of a buffer: <c>(double[])a.Clone()</c>, <c>s.ToArray()</c>, <c>[.. a]</c>, <c>a[..]</c>.</summary>
    public sealed record CopyDecl(Ty Element, string Name, string Source, bool SourceIsArray, int Form) : Stmt;

    /// <summary><c>if (c) { … } else { … }</c></summary>
    public sealed record If(Expr Condition, IReadOnlyList<Stmt> Then, IReadOnlyList<Stmt>? Else) : Stmt;

    /// <summary>A counted loop, upwards (<c>for (T i = from; i &lt; to; i++)</c>) or downwards.</summary>
    public sealed record For(Ty Counter, string Name, Expr From, Expr To, bool Down, IReadOnlyList<Stmt> Body) : Stmt;

    /// <summary><c>while (c) { … }</c> or <c>do { … } while (c);</c></summary>
    public sealed record While(Expr Condition, bool Do, IReadOnlyList<Stmt> Body) : Stmt;

    /// <summary><c>foreach (T v in buffer) { … }</c></summary>
    public sealed record Foreach(Ty Element, string Name, string Buffer, IReadOnlyList<Stmt> Body) : Stmt;

    /// <summary>
    /// A statement that moves the program's static state on: by a plain static method (<c>StepState();</c>, form 0), or
    /// out of sight of the statement, by creating an object whose field initializer steps it (form 1), by a discarded read
    /// of a getter that steps it (form 2), or by creating an object whose base class's constructor steps it, run
    /// implicitly (form 3).
    /// </summary>
    public sealed record StateStep(int Form = 0) : Stmt;

    /// <summary><c>ResetState();</c>, M's first statement when it uses the static state, so that every call starts alike.</summary>
    public sealed record StateReset : Stmt;

    /// <summary><c>break;</c></summary>
    /// <summary>One section of a switch: its case labels and its statements (printed with a closing <c>break</c>).</summary>
    public sealed record SwitchCase(IReadOnlyList<int> Labels, IReadOnlyList<Stmt> Body);

    /// <summary><c>switch (Subject) { case …: … break; default: … break; }</c> over an int value.</summary>
    public sealed record Switch(Expr Subject, IReadOnlyList<SwitchCase> Cases, IReadOnlyList<Stmt>? Default) : Stmt;

    /// <summary><c>Subject switch { 0 =&gt; …, 1 =&gt; …, _ =&gt; Default }</c> over an int value.</summary>
    public sealed record SwitchExpr(Ty T, Expr Subject, IReadOnlyList<Expr> Arms, Expr Default) : Expr(T);

    public sealed record Break : Stmt;

    /// <summary><c>continue;</c></summary>
    public sealed record Continue : Stmt;

    /// <summary><c>return e;</c> or <c>return;</c></summary>
    public sealed record Return(Expr? Value) : Stmt;

    // ----- methods and programs -----

    /// <summary>A parameter: a scalar of <paramref name="T"/>, or a buffer of element <paramref name="T"/> when <paramref name="Kind"/> is set.</summary>
    public sealed record Param(string Name, Ty T, BufKind? Kind, bool NoDiff);

    /// <summary>One generated method.</summary>
    public sealed record Method(string Name, Ty Return, IReadOnlyList<Param> Params, IReadOnlyList<Stmt> Body);

    /// <summary>
    /// A generated program: helpers, then the entry method <c>M</c>. <see cref="Length"/> is the length of every buffer,
    /// <see cref="WrittenParams"/> the buffer parameters of M it may write (their adjoints do not simply accumulate).
    /// </summary>
    public sealed record FuzzProgram(IReadOnlyList<Method> Helpers, Method Main, int Length, IReadOnlyCollection<string> WrittenParams, string Families)
    {
        /// <summary>Number of nodes, the size CsCheck shrinks.</summary>
        public int Size { get; init; }

        /// <summary>Whether M reads or steps the static state, which the printed classes then declare.</summary>
        public bool UsesState { get; init; }
    }

    /// <summary>Walks expression trees.</summary>
    public static class Expressions
    {
        /// <summary>The expression and every expression inside it, outermost first.</summary>
        public static IEnumerable<Expr> SelfAndDescendants(Expr e)
        {
            yield return e;
            IEnumerable<Expr> inner = e switch
            {
                ElemRef r => new[] { r.Index },
                Neg n => new[] { n.A },
                Binary b => new[] { b.A, b.B },
                MathCall m => m.Args,
                Cast c => new[] { c.A },
                Compare c => new[] { c.A, c.B },
                Logical l => new[] { l.A, l.B },
                Ternary t => new[] { t.Condition, t.A, t.B },
                Call c => c.Args,
                SwitchExpr s => s.Arms.Prepend(s.Subject).Append(s.Default),
                SumOf sum => new[] { sum.Factor },
                ExtremumOf extremum => new[] { extremum.Factor },
                _ => Array.Empty<Expr>(),
            };
            foreach (Expr x in inner.SelectMany(SelfAndDescendants))
            {
                yield return x;
            }
        }
    }
}
