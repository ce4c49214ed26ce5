using System;
using System.Linq;
using System.Runtime.CompilerServices;

namespace Diff.Generator.Model
{
    // The intermediate representation of one [Differentiable] method. Every node is an equatable
    // record over strings, enums and EquatableArray, so the incremental pipeline can cache it.
    // Values that are never differentiated (integer and boolean arithmetic, conditions, constants)
    // are typed trees (ValueExpr over Model/ValueIr.cs): they are replayed, never differentiated.

    /// <summary>The numeric kind of a value, as far as differentiation cares.</summary>
    internal enum ScalarKind
    {
        Other,
        Double,
        Float,
        Integer,
        Boolean,
        Void,

        /// <summary>A <c>Diff.Tensor</c> (tensor mode): differentiated through the registered backwards of its ops.</summary>
        Tensor,
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

        /// <summary>C#'s <c>%</c> on floating values (truncated division, like C's <c>fmod</c>).</summary>
        Remainder,
    }

    internal enum LoopKind
    {
        For,
        While,
        Do,
    }

    internal abstract record Expr(ScalarKind Kind);

    /// <summary>
    /// A value that is never differentiated, used where the expression language of the IR needs one:
    /// an integer or a boolean (an index, a bound, a condition), or a floating-point constant of the
    /// differentiation (a literal, a field, a <c>[NoDiff]</c> parameter). <paramref name="Tree"/>
    /// is typed and structured (<c>Model/ValueIr.cs</c>); <see cref="Expr.Kind"/> is the kind the
    /// value is used as, after any implicit conversion (<c>Double</c> for <c>N</c> in <c>s / N</c>).
    /// </summary>
    internal sealed record ValueExpr : Expr
    {
        private Value _tree = null!;
        // Caches, each published in one write of a reference or an int: the generator's helper thread and the analyzer
        // may read one expression at once, and a nullable struct is written in two parts that a reader could see apart.
        private string? _code;
        private StrongBox<EquatableArray<string>>? _reads;
        private StrongBox<EquatableArray<string>>? _writes;
        private int _pure; // 0: not yet known, 1: not pure, 2: pure

        public ValueExpr(Value tree, ScalarKind kind)
            : base(kind)
        {
            Tree = tree;
        }

        /// <summary>The typed tree. Setting it (also through <c>with</c>) clears what was derived from the old one.</summary>
        public Value Tree
        {
            get => _tree;
            init
            {
                _tree = value;
                _code = null;
                _reads = null;
                _writes = null;
                _pure = 0;
            }
        }

        /// <summary>A literal, typed by the kind it is used as.</summary>
        public static ValueExpr Literal(string code, ScalarKind kind) => new(new ConstantValue(code, IrType.Of(kind), true), kind);

        /// <summary>A read of a local of the given type.</summary>
        public static ValueExpr Name(string name, IrType type, ScalarKind kind) => new(new NameValue(name, type), kind);

        /// <summary>The value printed as C#.</summary>
        public string Code => _code ??= ValuePrinter.Print(Tree);

        /// <summary>The locals and parameters it reads.</summary>
        public EquatableArray<string> Reads => (_reads ??= new StrongBox<EquatableArray<string>>(ValueTree.Reads(Tree))).Value;

        /// <summary>
        /// The locals and parameters it assigns (<c>i</c> in <c>Step(i++, u)</c>): they count as
        /// written for stability, so nothing that reads them is ever recomputed in the reverse sweep.
        /// </summary>
        public EquatableArray<string> Writes => (_writes ??= new StrongBox<EquatableArray<string>>(ValueTree.Writes(Tree))).Value;

        /// <summary>Whether evaluating it twice gives the same value and changes nothing.</summary>
        public bool Pure
        {
            get
            {
                if (_pure == 0)
                {
                    _pure = ValueTree.IsPure(Tree) ? 2 : 1;
                }

                return _pure == 2;
            }
        }

        /// <summary>
        /// The C# type the value has on its own, before any implicit conversion (<c>int</c> for
        /// <c>N</c> in <c>s / N</c>); empty when unknown. A value whose <see cref="Expr.Kind"/> is
        /// floating but whose natural type is not is converted explicitly wherever it is printed, so
        /// partials never use integer arithmetic.
        /// </summary>
        public string NaturalType => Tree.Type.Name;

        /// <summary>Whether the natural type is one of C#'s integral types.</summary>
        public bool IsIntegral => Tree.Type.IsIntegral;

        // The caches are derived from the tree: equality is the tree's and the kind's.
        public bool Equals(ValueExpr? other) => other is not null && Kind == other.Kind && Tree.Equals(other.Tree);

        public override int GetHashCode() => (Tree.GetHashCode() * 397) ^ (int)Kind;
    }

    /// <summary>A floating-point local or parameter.</summary>
    internal sealed record VarExpr(string Name, ScalarKind Kind) : Expr(Kind);

    /// <summary>An element of a floating-point array or span: <c>Array[Index]</c>.</summary>
    internal sealed record ElemExpr(string Array, ValueExpr Index, ScalarKind Kind) : Expr(Kind);

    internal sealed record NegateExpr(Expr Operand, ScalarKind Kind) : Expr(Kind);

    internal sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, ScalarKind Kind) : Expr(Kind);

    /// <summary>A conversion between float and double.</summary>
    internal sealed record ConvertExpr(Expr Operand, ScalarKind Kind) : Expr(Kind);

    /// <summary>A call with a built-in derivative rule (see <c>Rules/DerivativeTable</c>).</summary>
    /// <summary><paramref name="Owner"/> is the class the call names (<c>System.Math</c>, <c>System.MathF</c>, <c>System.Double</c> or <c>System.Single</c>).</summary>
    internal sealed record IntrinsicCallExpr(string Rule, string Owner, EquatableArray<Expr> Args, ScalarKind Kind) : Expr(Kind);

    internal sealed record ConditionalExpr(ValueExpr Condition, Expr WhenTrue, Expr WhenFalse, ScalarKind Kind) : Expr(Kind);

    /// <summary>
    /// <c>throw Exception</c> where a value of <see cref="Expr.Kind"/> is expected (a branch of a
    /// conditional, an arm of a switch expression): it never gives a value, so it has no derivative,
    /// and lowering makes it a <c>throw</c> statement.
    /// </summary>
    internal sealed record ThrowExpr(Value Exception, ScalarKind Kind) : Expr(Kind);

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

        /// <summary>
        /// A buffer this method never differentiates (a field) passed where the callee differentiates
        /// one: the callee's adjoint for it is a scratch array of <see cref="CallArg.Element"/>.
        /// </summary>
        ConstantBuffer,
    }

    internal sealed record CallArg(Expr Value, ArgRole Role, string? BufferName)
    {
        /// <summary>The element type of a <see cref="ArgRole.ConstantBuffer"/>.</summary>
        public ScalarKind Element { get; init; }

        /// <summary>
        /// Whether the callee may write this buffer (<c>SymbolFacts.MayWriteParameter</c>, conservative). A buffer
        /// it only reads is neither written by the call nor recorded for the callee's pullback.
        /// </summary>
        public bool CalleeWrites { get; init; } = true;
    }

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
        /// Set when the callee is [Differentiable]: it has every generated companion (…Gradient or
        /// …Pullback, …Tangent, and …HessianVector when it returns a value and writes no buffer), not
        /// only the reverse rule a [DerivativeOf] registration gives.
        /// </summary>
        public bool CalleeIsDifferentiable { get; init; }

        /// <summary>Set when the callee is declared in this compilation's source, where [Differentiable] can be added to it.</summary>
        public bool CalleeIsInSource { get; init; }

        /// <summary>
        /// Why the callee, though [Differentiable], gets no companions (its type is not partial, it is generic, …);
        /// empty otherwise. The call then has no derivative, and is refused where an argument is active.
        /// </summary>
        public string WithoutCompanions { get; init; } = string.Empty;

        /// <summary>
        /// Set when the callee returns a value and writes its buffers: its adjoint is the seeded
        /// <c>…Pullback(…, dResult, …)</c>, and lowering makes the call a statement of its own.
        /// </summary>
        public bool WritesBuffers { get; init; }

        /// <summary>
        /// Set when the callee's pullback has a <c>…Record</c>/<c>…Reverse</c> pair (every [Differentiable] method with a
        /// pullback in this compilation, and one from another assembly that was generated with them): the call is then
        /// recorded once, in the caller's forward sweep, instead of being run again by its pullback.
        /// </summary>
        public bool HasRecordReverse { get; init; }

        /// <summary>
        /// Set when the callee has a <c>…TangentLanes</c> companion (vector forward mode): every [Differentiable] method in
        /// this compilation, and one from another assembly generated with them.
        /// </summary>
        public bool HasTangentLanes { get; init; }

        /// <summary>
        /// Set when the callee's pullback has a <c>…PullbackHessianVector</c> companion (forward over reverse of the
        /// pullback): every [Differentiable] method with a pullback in this compilation, and one from another assembly
        /// generated with them.
        /// </summary>
        public bool HasPullbackHessianVector { get; init; }

        /// <summary>
        /// The callee's own parsed body, when it is small enough and simple enough to be inlined into the caller before
        /// the transforms (see <c>Lowering/InlineLowering</c>); null otherwise. Inlining saves the call's bookkeeping
        /// (the tapes handed over, the frame recorded, the adjoint buffers of its locals) where the callee does little work.
        /// </summary>
        public InlineCallee? Inline { get; init; }

        /// <summary>
        /// A value-returning call that writes no buffer but takes a differentiable one: made a statement of its own
        /// (CallResultLowering) and recorded once through the callee's halves, so that its buffer arguments' partials
        /// are not gathered into a vector as long as the whole buffer on every call.
        /// </summary>
        public bool RecordsValueCall =>
            HasRecordReverse && !WritesBuffers && Kind is ScalarKind.Double or ScalarKind.Float
            && Args.Any(a => a.Role is ArgRole.Array or ArgRole.Span && a.BufferName is not null);
    }

    /// <summary>
    /// A [Differentiable] callee's parameters and body as its own parser bound them (before any lowering), carried by the
    /// call so that the caller's analysis can inline it with its names made fresh.
    /// </summary>
    internal sealed record InlineCallee(string Name, ScalarKind ReturnKind, EquatableArray<ParamModel> Parameters, Block Body, EquatableArray<string> Identifiers);

    /// <summary>An argument of a tensor op or call: its value, and where its gradient goes.</summary>
    /// <param name="Value">The active local or parameter (a <see cref="NameValue"/>), or a constant value.</param>
    /// <param name="ActiveName">The active local or parameter it names; null when the argument is constant.</param>
    /// <param name="HasSlot">Whether the callee's adjoint signature has a slot for it.</param>
    internal sealed record TensorArg(Value Value, string? ActiveName, bool HasSlot)
    {
        /// <summary>The argument as C#, for an argument list.</summary>
        public string Code => ValuePrinter.Print(Value);
    }

    /// <summary>
    /// A tensor op (an operator, method or property of <c>Tensor</c> or <c>Functional</c>) whose
    /// derivative is the backward registered in the op's own type with <c>[DerivativeOf]</c>, found
    /// by symbol: the tensor entries of the derivative catalog. <paramref name="ForwardCode"/> is the
    /// op applied to its arguments. <paramref name="Tangent"/> is its forward-mode rule, registered beside the
    /// backward with <c>[TangentOf]</c>; null when it has none (DIFF019), and the method's tangent then throws.
    /// <paramref name="Curvature"/> is the rule the Hessian-vector companions add to the tangent of the backward
    /// (<c>[CurvatureOf]</c>); empty for an op whose backward is marked <c>[PiecewiseLinear]</c>, which needs none; null
    /// when it has neither, and the method's Hessian-vector product then throws.
    /// </summary>
    internal sealed record TensorOpExpr(string ForwardCode, string Backward, EquatableArray<TensorArg> Args, string? Tangent = null, string? Curvature = null) : Expr(ScalarKind.Tensor);

    /// <summary>
    /// A call of a [Differentiable] method over tensors, recorded and reversed through its
    /// <c>…Record</c>/<c>…Reverse</c> companions. <paramref name="Receiver"/> is <c>"Type."</c>,
    /// <c>"expression."</c>, or empty for an implicit <c>this</c>.
    /// </summary>
    internal sealed record TensorCallExpr(string Receiver, string Method, EquatableArray<TensorArg> Args) : Expr(ScalarKind.Tensor);

    /// <summary><c>P.Value</c> of a module parameter: its gradient goes to <c>P.AccumulateGrad</c>.</summary>
    internal sealed record ParameterValueExpr(string ParameterCode) : Expr(ScalarKind.Tensor);

    internal abstract record Target(ScalarKind Kind);

    /// <summary>A floating-point local; <paramref name="DeclaredType"/> is set where the statement declares it.</summary>
    internal sealed record LocalTarget(string Name, ScalarKind Kind, string? DeclaredType) : Target(Kind);

    internal sealed record ElemTarget(string Array, ValueExpr Index, ScalarKind Kind) : Target(Kind);

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
    internal sealed record AssignStmt(Target Target, Expr Value, string Source) : Stmt
    {
        /// <summary>
        /// A kernel's <c>Atomic.Add(ref Target, increment)</c>: <see cref="Value"/> is <c>Target + increment</c>,
        /// differentiated as such, and the forward replay adds the increment atomically again.
        /// </summary>
        public bool Atomic { get; init; }
    }

    /// <summary>One variable of a declaration that is never differentiated; <paramref name="Initializer"/> is null for <c>int k;</c>.</summary>
    internal sealed record Declarator(string Name, Value? Initializer);

    /// <summary>
    /// A statement replayed in the forward sweep only: integer bookkeeping, flags, throws. It is
    /// one of three forms, each made by a factory: a declaration (<see cref="Declare"/>), an
    /// expression evaluated for its effect (<see cref="Evaluate"/>: <c>i++;</c>, <c>k = k * 2;</c>),
    /// or host code the IR does not model (<see cref="Host"/>: <c>throw …;</c>, a call of an
    /// ordinary method). <paramref name="Code"/> is the statement printed as C#;
    /// <paramref name="Assigned"/> names the locals it writes.
    /// </summary>
    internal sealed record InactiveStmt(string Code, EquatableArray<string> Assigned) : Stmt
    {
        /// <summary>Set on a local declaration: the names it declares, the names its initialisers read, and whether they are pure.</summary>
        public bool Declares { get; init; }

        public EquatableArray<string> Reads { get; init; } = EquatableArray<string>.Empty;

        public bool Pure { get; init; }

        /// <summary>The declared type of a declaration; null for the other forms.</summary>
        public IrType? DeclaredType { get; init; }

        /// <summary>The variables of a declaration.</summary>
        public EquatableArray<Declarator> Declarators { get; init; } = EquatableArray<Declarator>.Empty;

        /// <summary>The expression of an <see cref="Evaluate"/> statement; null for the other forms.</summary>
        public Value? Effect { get; init; }

        /// <summary><c>type a = x, b;</c> (with <c>const</c> in front when <paramref name="isConst"/>).</summary>
        public static InactiveStmt Declare(IrType type, EquatableArray<Declarator> variables, bool isConst)
        {
            string code = (isConst ? "const " : string.Empty) + type.Name + " "
                          + string.Join(", ", variables.Select(v => v.Initializer is null ? v.Name : v.Name + " = " + ValuePrinter.Print(v.Initializer))) + ";";
            Value[] initializers = variables.Where(v => v.Initializer is not null).Select(v => v.Initializer!).ToArray();
            // Assigned names the declared variables only; what an initialiser writes (`int k = i++;`) is
            // in the initialiser's tree, where the analyses count it as written more than once.
            return new InactiveStmt(code, variables.Select(v => v.Name).ToEquatableArray())
            {
                Declares = true,
                DeclaredType = type,
                Declarators = variables,
                Reads = initializers.SelectMany(i => ValueTree.Reads(i)).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray(),
                Pure = !isConst && variables.All(v => v.Initializer is not null && ValueTree.IsPure(v.Initializer) && ValueTree.Writes(v.Initializer).Count == 0),
            };
        }

        /// <summary>A one-variable declaration.</summary>
        public static InactiveStmt Declare(IrType type, string name, Value? initializer) =>
            Declare(type, new[] { new Declarator(name, initializer) }.ToEquatableArray(), isConst: false);

        /// <summary><c>effect;</c> for an expression evaluated for what it assigns.</summary>
        public static InactiveStmt Evaluate(Value effect) =>
            new(ValuePrinter.Print(effect) + ";", ValueTree.Writes(effect)) { Effect = effect, Reads = ValueTree.Reads(effect), Pure = ValueTree.IsPure(effect) };

        /// <summary><c>name = value;</c></summary>
        public static InactiveStmt Assign(string name, Value value) =>
            Evaluate(new UpdateValue(name, UpdateOperator.Assign, value, Postfix: false, value.Type));

        /// <summary>Host code the IR does not model, replayed as written.</summary>
        public static InactiveStmt Host(string code, EquatableArray<string> assigned) => new(code, assigned);

        /// <summary>
        /// Set on a local function of the method, copied as written: its name. A half of the method that runs apart from
        /// the forward sweep (<c>MReverse</c>) declares it again where it calls it.
        /// </summary>
        public string? LocalFunction { get; init; }

        /// <summary>
        /// Set on a kernel's <c>Group.Barrier();</c> at the top level of its body: every thread of the group waits
        /// there, in the forward sweep and again at the mirrored place of the reverse sweep.
        /// </summary>
        public bool Barrier { get; init; }
    }

    /// <summary>
    /// <c>T[] Name = new T[Length];</c> for a floating-point element type; with <see cref="SharedMemory"/>, a kernel's
    /// <c>var Name = SharedMemory.Allocate&lt;T&gt;(Length);</c>, one array per group, of a constant length.
    /// </summary>
    internal sealed record ArrayDeclStmt(string Name, ScalarKind Element, ValueExpr Length, string Source) : Stmt
    {
        /// <summary>Whether the array is a kernel's group-shared memory.</summary>
        public bool SharedMemory { get; init; }

        /// <summary>
        /// Whether no reference to the array outlives the method (<see cref="Parse.LocalArrayUses"/>): an adjoint that
        /// runs the method then takes its storage from the per-thread scratch arrays instead of allocating it.
        /// </summary>
        public bool StaysLocal { get; init; }
    }

    internal sealed record IfStmt(ValueExpr Condition, Block Then, Block Else) : Stmt;

    /// <summary>
    /// A counted loop <c>for (int Var = From; Var &lt; To; Var++)</c> (or its <c>&lt;=</c> and descending
    /// forms) whose body never writes <c>Var</c>: the reverse sweep can run it backwards without a tape.
    /// </summary>
    /// <remarks><paramref name="VarType"/> is the counter's declared signed integral type (<c>int</c> or <c>long</c>).</remarks>
    internal sealed record CountedLoop(string Var, ValueExpr From, ValueExpr To, bool Ascending, bool Inclusive)
    {
        public string VarType { get; init; } = "int";

        /// <summary>
        /// The stride of <c>Var += Step</c> (or <c>-=</c>), a positive integer the loop does not change: a CUDA
        /// grid-stride loop's <c>i += Grid.Dimension.X * Group.Dimension.X</c>. Null for a step of one.
        /// </summary>
        public ValueExpr? Step { get; init; }
    }

    internal sealed record LoopStmt(
        LoopKind Kind,
        EquatableArray<Stmt> Init,
        ValueExpr? Condition,
        EquatableArray<Stmt> Step,
        Block Body,
        CountedLoop? Counted) : Stmt;

    /// <summary>
    /// <c>foreach (ElementType Variable in Collection) Body</c> over a collection that is never
    /// differentiated (the layers of a model). Scalar mode binds <c>foreach</c> over arrays and spans
    /// as a counted loop; this form is for any other collection.
    /// </summary>
    internal sealed record ForEachStmt(string ElementType, string Variable, ValueExpr Collection, Block Body) : Stmt;

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
        LocationInfo? Location)
    {
        /// <summary>The using directives of the namespace declarations around the method, which the generated file puts inside its namespace.</summary>
        public EquatableArray<string> NamespaceUsings { get; init; } = EquatableArray<string>.Empty;

        /// <summary>For a [Kernel] method: its thread index; null for a [Differentiable] method.</summary>
        public KernelIndex? Kernel { get; init; }

        /// <summary>
        /// Whether the reverse sweep computes partials again instead of recording them wherever it can (see
        /// Analyse/FinalValueAnalysis): always for kernels, which have no tape; for other methods only when a
        /// test harness asks, to check that policy on every program it generates.
        /// </summary>
        public bool RecomputesPartials { get; init; }

        /// <summary>
        /// For a method that returns a value: whether its callers differentiate a call of it through its seeded pullback
        /// (<c>SymbolFacts.WritesBufferParameters</c>), so that it has one even where its own analysis finds no write.
        /// </summary>
        public bool CallersUsePullback { get; init; }

        /// <summary>For an explicitly grouped kernel: the key its registered backward names it by.</summary>
        public string? RegistrationKey { get; init; }
    }

    /// <summary>
    /// A kernel's thread-index parameter: its name and ILGPU type (<c>Index1D</c>, <c>Index2D</c> or <c>Index3D</c>);
    /// for an explicitly grouped kernel, which has none, the type <see cref="Explicit"/> or <see cref="Grid"/> and an empty name.
    /// </summary>
    internal sealed record KernelIndex(string Name, string Type)
    {
        /// <summary>The type of an explicitly grouped kernel's "index": it has none, and its body is not differentiated.</summary>
        public const string Explicit = "Explicit";

        /// <summary>
        /// The type of an explicitly grouped kernel that only reads its grid position (<c>Grid.GlobalIndex</c>): its body
        /// is differentiated, and its adjoint and tangent kernels are explicitly grouped too, launched with its configuration.
        /// </summary>
        public const string Grid = "Grid";
    }

    /// <summary>A user-written derivative registered with [DerivativeOf].</summary>
    internal sealed record DerivativeRegistration(string TargetKey, string AdjointMethod);
}
