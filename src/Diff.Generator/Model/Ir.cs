using System;

namespace Diff.Generator.Model
{
    // The intermediate representation of one [Differentiable] method. Every node is an equatable
    // record over strings, enums and EquatableArray, so the incremental pipeline can cache it.
    // Inactive code (integer and boolean arithmetic, conditions, constants) is carried as verbatim
    // C# text in OpaqueExpr/InactiveStmt: it is never differentiated, only replayed.

    /// <summary>The numeric kind of a value, as far as differentiation cares.</summary>
    internal enum ScalarKind
    {
        Other,
        Double,
        Float,
        Integer,
        Boolean,
        Void,
    }

    /// <summary>How a parameter carries its values.</summary>
    internal enum ParamShape
    {
        Scalar,
        Array,
        Span,
        ReadOnlySpan,
        Other,
    }

    internal enum BinaryOp
    {
        Add,
        Subtract,
        Multiply,
        Divide,
    }

    internal enum LoopKind
    {
        For,
        While,
        Do,
    }

    internal abstract record Expr(ScalarKind Kind);

    /// <summary>
    /// Verbatim C# that is never differentiated. <paramref name="Reads"/> names the locals and
    /// parameters it reads; <paramref name="Pure"/> is false when evaluating it twice could differ
    /// (calls, assignments, increments).
    /// </summary>
    internal sealed record OpaqueExpr(string Code, ScalarKind Kind, EquatableArray<string> Reads, bool Pure) : Expr(Kind)
    {
        public static OpaqueExpr Literal(string code, ScalarKind kind) => new(code, kind, EquatableArray<string>.Empty, true)
        {
            NaturalType = kind switch
            {
                ScalarKind.Double => "double",
                ScalarKind.Float => "float",
                ScalarKind.Integer => "int",
                ScalarKind.Boolean => "bool",
                _ => string.Empty,
            },
        };

        /// <summary>
        /// The C# type the code has on its own, before any implicit conversion (<c>int</c> for
        /// <c>N</c> in <c>s / N</c> with <c>const int N</c>), fully qualified; empty when unknown.
        /// A value whose <see cref="Expr.Kind"/> is floating but whose natural type is not is
        /// converted explicitly wherever it is printed, so partials never use integer arithmetic.
        /// </summary>
        public string NaturalType { get; init; } = string.Empty;

        /// <summary>
        /// The locals and parameters the code assigns (<c>i</c> in <c>Step(i++, u)</c>): they count as
        /// written for stability, so nothing that reads them is ever recomputed in the reverse sweep.
        /// </summary>
        public EquatableArray<string> Writes { get; init; } = EquatableArray<string>.Empty;

        /// <summary>Whether the natural type is one of C#'s integral types (so a tape slot of <c>long</c> holds it exactly).</summary>
        public bool IsIntegral => NaturalType is "int" or "long" or "short" or "sbyte" or "byte" or "ushort" or "uint" or "ulong" or "char";
    }

    /// <summary>A floating-point local or parameter.</summary>
    internal sealed record VarExpr(string Name, ScalarKind Kind) : Expr(Kind);

    /// <summary>An element of a floating-point array or span: <c>Array[Index]</c>.</summary>
    internal sealed record ElemExpr(string Array, OpaqueExpr Index, ScalarKind Kind) : Expr(Kind);

    internal sealed record NegateExpr(Expr Operand, ScalarKind Kind) : Expr(Kind);

    internal sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, ScalarKind Kind) : Expr(Kind);

    /// <summary>A conversion between float and double.</summary>
    internal sealed record ConvertExpr(Expr Operand, ScalarKind Kind) : Expr(Kind);

    /// <summary>A call with a built-in derivative rule (see <c>Rules/DerivativeTable</c>).</summary>
    /// <summary><paramref name="Owner"/> is the class the call names (<c>System.Math</c>, <c>System.MathF</c>, <c>System.Double</c> or <c>System.Single</c>).</summary>
    internal sealed record IntrinsicCallExpr(string Rule, string Owner, EquatableArray<Expr> Args, ScalarKind Kind) : Expr(Kind);

    internal sealed record ConditionalExpr(OpaqueExpr Condition, Expr WhenTrue, Expr WhenFalse, ScalarKind Kind) : Expr(Kind);

    /// <summary>How an argument of a user call is passed.</summary>
    internal enum ArgRole
    {
        /// <summary>A constant: no adjoint (int, bool, [NoDiff]).</summary>
        Constant,

        /// <summary>A differentiable scalar: adjoint passed by ref.</summary>
        Scalar,

        /// <summary>A differentiable array: same-type array adjoint.</summary>
        Array,

        /// <summary>A differentiable span: Span adjoint.</summary>
        Span,
    }

    internal sealed record CallArg(Expr Value, ArgRole Role, string? BufferName);

    /// <summary>
    /// A call to a method with a known adjoint: a generated <c>…Gradient</c>/<c>…Pullback</c> or a
    /// [DerivativeOf] registration. <paramref name="AdjointMethod"/> is the code that names the
    /// adjoint method; it is empty while the call waits for registrations to be resolved, in which
    /// case <paramref name="RegistrationKey"/> identifies the target and <paramref name="FallbackCode"/>
    /// is the original call text, used when no argument turns out to be active.
    /// </summary>
    internal sealed record UserCallExpr(
        string AdjointMethod,
        EquatableArray<CallArg> Args,
        ScalarKind Kind,
        string RegistrationKey,
        string DisplayName,
        string FallbackCode,
        LocationInfo? Location) : Expr(Kind)
    {
        /// <summary>The code that names the original method (<c>global::N.T.Scale</c>), called with arguments evaluated once.</summary>
        public string PrimalMethod { get; init; } = string.Empty;

        /// <summary>
        /// Set when the callee returns a value and writes its buffers: its adjoint is the seeded
        /// <c>…Pullback(…, dResult, …)</c>, and lowering makes the call a statement of its own.
        /// </summary>
        public bool WritesBuffers { get; init; }
    }

    internal abstract record Target(ScalarKind Kind);

    /// <summary>A floating-point local; <paramref name="DeclaredType"/> is set where the statement declares it.</summary>
    internal sealed record LocalTarget(string Name, ScalarKind Kind, string? DeclaredType) : Target(Kind);

    internal sealed record ElemTarget(string Array, OpaqueExpr Index, ScalarKind Kind) : Target(Kind);

    /// <summary>The method's return value.</summary>
    internal sealed record ResultTarget(ScalarKind Kind) : Target(Kind);

    internal abstract record Stmt
    {
        /// <summary>
        /// The statement's line, counted from the line of the method's name; -1 for statements that
        /// lowering wrote. Emit adds the method's own line to map both sweeps back to the user's code
        /// (<c>#line</c>). A relative line keeps the statement records equal when code above the
        /// method moves, so only the method-level location changes, never the body's models.
        /// </summary>
        public int LineOffset { get; init; } = -1;
    }

    internal sealed record Block(EquatableArray<Stmt> Statements)
    {
        public static readonly Block Empty = new(EquatableArray<Stmt>.Empty);
    }

    /// <summary><c>Target = Value;</c> where the target is floating point. Compound assignments arrive expanded.</summary>
    internal sealed record AssignStmt(Target Target, Expr Value, string Source) : Stmt;

    /// <summary>
    /// A statement replayed verbatim in the forward sweep only: integer bookkeeping, throws, flags.
    /// <paramref name="Assigned"/> names the locals it writes.
    /// </summary>
    internal sealed record InactiveStmt(string Code, EquatableArray<string> Assigned) : Stmt
    {
        /// <summary>Set on a local declaration: the names it declares, the names its initialisers read, and whether they are pure.</summary>
        public bool Declares { get; init; }

        public EquatableArray<string> Reads { get; init; } = EquatableArray<string>.Empty;

        public bool Pure { get; init; }
    }

    /// <summary><c>T[] Name = new T[Length];</c> for a floating-point element type.</summary>
    internal sealed record ArrayDeclStmt(string Name, ScalarKind Element, OpaqueExpr Length, string Source) : Stmt;

    internal sealed record IfStmt(OpaqueExpr Condition, Block Then, Block Else) : Stmt;

    /// <summary>
    /// A counted loop <c>for (int Var = From; Var &lt; To; Var++)</c> (or its <c>&lt;=</c> and descending
    /// forms) whose body never writes <c>Var</c>: the reverse sweep can run it backwards without a tape.
    /// </summary>
    /// <remarks><paramref name="VarType"/> is the counter's declared signed integral type (<c>int</c> or <c>long</c>).</remarks>
    internal sealed record CountedLoop(string Var, OpaqueExpr From, OpaqueExpr To, bool Ascending, bool Inclusive)
    {
        public string VarType { get; init; } = "int";
    }

    internal sealed record LoopStmt(
        LoopKind Kind,
        EquatableArray<Stmt> Init,
        OpaqueExpr? Condition,
        EquatableArray<Stmt> Step,
        Block Body,
        CountedLoop? Counted) : Stmt;

    /// <summary>A nested <c>{ … }</c> block: its own scope.</summary>
    internal sealed record BlockStmt(Block Body) : Stmt;

    internal sealed record ReturnStmt(Expr? Value) : Stmt;

    internal sealed record BreakStmt : Stmt;

    internal sealed record ContinueStmt : Stmt;

    /// <summary>A call statement to a void method with a pullback (it writes arrays or spans).</summary>
    internal sealed record CallStmt(UserCallExpr Call, string Source) : Stmt
    {
        /// <summary>The local, declared by this statement, that receives the call's value; null for a void call.</summary>
        public LocalTarget? Result { get; init; }
    }

    internal sealed record ParamModel(string Name, string TypeCode, ParamShape Shape, ScalarKind Element, bool Differentiable);

    /// <summary>A type enclosing the method, outermost first, re-declared as <c>partial</c> by the emitter.</summary>
    internal sealed record ContainingType(string Keyword, string NameWithTypeParameters);

    internal sealed record MethodModel(
        string HintName,
        string? Namespace,
        EquatableArray<ContainingType> ContainingTypes,
        EquatableArray<string> Usings,
        string Name,
        string Accessibility,
        bool IsStatic,
        ScalarKind ReturnKind,
        EquatableArray<ParamModel> Parameters,
        Block Body,
        EquatableArray<string> Identifiers,
        LocationInfo? Location);

    /// <summary>A user-written derivative registered with [DerivativeOf].</summary>
    internal sealed record DerivativeRegistration(string TargetKey, string AdjointMethod);
}
