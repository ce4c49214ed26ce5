namespace Diff.Generator.Model
{
    // The IR of a tensor-mode method: three-address statements over hoisted locals. Tensors are
    // immutable values, so the adjoint only needs each local's value at each program point, which
    // the forward sweep saves when it overwrites a local and the reverse sweep restores.

    /// <summary>How a local is saved on the value stack.</summary>
    internal enum SavedAs
    {
        Reference,
        Integer,
        Boolean,
        Floating,
    }

    /// <summary>A parameter of a tensor-mode method.</summary>
    /// <param name="Differentiable">A Tensor not marked [NoDiff]: it gets an adjoint.</param>
    /// <param name="LocalCopy">The local that stands for it when the body reassigns it; null otherwise.</param>
    internal sealed record TensorParam(string Name, string TypeCode, bool Differentiable, string? LocalCopy);

    /// <summary>A local of the method (declared anywhere in the body; hoisted).</summary>
    /// <param name="SavedOnWrite">
    /// Whether an assignment saves the old value. A local written once, outside loops, never
    /// needs it: nothing before that assignment can read it.
    /// </param>
    internal sealed record TensorLocal(string Name, string TypeCode, SavedAs Saved, bool Active, bool SavedOnWrite = true);

    /// <summary>An argument of an op or a call: its value, and where its gradient goes.</summary>
    /// <param name="Value">The active local or parameter (a <see cref="NameValue"/>), or a constant value.</param>
    /// <param name="ActiveName">The active local or parameter it names; null when the argument is constant.</param>
    /// <param name="HasSlot">Whether the callee's adjoint signature has a slot for it.</param>
    internal sealed record TensorArg(Value Value, string? ActiveName, bool HasSlot)
    {
        /// <summary>The argument as C#, for an argument list.</summary>
        public string Code => ValuePrinter.Print(Value);
    }

    internal abstract record TensorValue;

    /// <summary>A value without a derivative (shapes, constants, [NoDiff] data), as a typed value tree (<c>Model/ValueIr.cs</c>).</summary>
    internal sealed record InactiveValue(Value Value) : TensorValue;

    /// <summary>A copy of another active local or parameter.</summary>
    internal sealed record CopyValue(string Source) : TensorValue;

    /// <summary><c>P.Value</c> of a module parameter: its gradient goes to <c>P.AccumulateGrad</c>.</summary>
    internal sealed record ParameterValue(string ParameterCode) : TensorValue;

    /// <summary>An op with a registered backward.</summary>
    internal sealed record OpValue(string ForwardCode, string Backward, EquatableArray<TensorArg> Args) : TensorValue;

    /// <summary>A call of a [Differentiable] method, recorded and reversed through its companions.</summary>
    /// <param name="Receiver">"Type." or "expression." or empty for an implicit this.</param>
    internal sealed record CallValue(string Receiver, string Method, EquatableArray<TensorArg> Args) : TensorValue;

    internal abstract record TensorStmt
    {
        /// <summary>The statement's line, counted from the line of the method's name (-1: none); see <see cref="Stmt.LineOffset"/>.</summary>
        public int LineOffset { get; init; } = -1;
    }

    /// <summary>
    /// A statement without a derivative, run in the forward sweep only; the locals it writes are
    /// saved before it and restored in the reverse sweep. <paramref name="Effect"/> is evaluated for
    /// what it assigns (<c>i++;</c>, <c>k += 2;</c>, a break flag's <c>f = true;</c>: an
    /// <see cref="UpdateValue"/>), or is host code (a call of an ordinary method: a <see cref="HostValue"/>);
    /// with <paramref name="Throws"/> it is the exception of <c>throw Effect;</c>.
    /// <paramref name="Writes"/> are the method's locals among <see cref="ValueTree.Writes"/> of the effect.
    /// </summary>
    internal sealed record PlainStmt(Value Effect, bool Throws, EquatableArray<string> Writes) : TensorStmt
    {
        /// <summary><c>name = value;</c> (a break flag).</summary>
        public static PlainStmt Assign(string name, Value value) =>
            new(new UpdateValue(name, UpdateOperator.Assign, value, Postfix: false, value.Type), Throws: false, new[] { name }.ToEquatableArray());

        /// <summary>The statement as C#.</summary>
        public string Code => (Throws ? "throw " : string.Empty) + ValuePrinter.Print(Effect) + ";";
    }

    internal sealed record AssignTensorStmt(string Target, TensorValue Value, bool Active) : TensorStmt;

    /// <summary>A branch; <paramref name="Condition"/> is a typed value (<c>Model/ValueIr.cs</c>), evaluated once, in the forward sweep.</summary>
    internal sealed record IfTensorStmt(Value Condition, EquatableArray<TensorStmt> Then, EquatableArray<TensorStmt> Else) : TensorStmt;

    /// <summary>Every loop form arrives as this one; <paramref name="Condition"/> is a typed value.</summary>
    internal sealed record WhileTensorStmt(Value Condition, EquatableArray<TensorStmt> Body) : TensorStmt;

    /// <summary><c>foreach (ElementType Variable in Collection) Body</c>; <paramref name="Collection"/> is a typed value, evaluated once.</summary>
    internal sealed record ForEachTensorStmt(string ElementType, string Variable, Value Collection, EquatableArray<TensorStmt> Body) : TensorStmt;

    /// <summary>Which companions a tensor-mode method gets, and with which modifiers.</summary>
    internal enum CompanionKind
    {
        /// <summary>Static or non-virtual instance: all four companions.</summary>
        Plain,

        /// <summary>Abstract: abstract Record/Reverse, concrete Gradient/Pullback.</summary>
        Abstract,

        /// <summary>Virtual: virtual Record/Reverse, concrete Gradient/Pullback.</summary>
        Virtual,

        /// <summary>Override of a [Differentiable] method: Record/Reverse overrides only.</summary>
        Override,

        /// <summary>Sealed override of a [Differentiable] method.</summary>
        SealedOverride,
    }

    internal sealed record TensorMethodModel(
        string HintName,
        string? Namespace,
        EquatableArray<ContainingType> ContainingTypes,
        EquatableArray<string> Usings,
        string Name,
        string Accessibility,
        bool IsStatic,
        CompanionKind Kind,
        EquatableArray<TensorParam> Parameters,
        EquatableArray<TensorLocal> Locals,
        EquatableArray<TensorStmt> Body,
        string ResultLocal,
        string StackName,
        LocationInfo? Location)
    {
        /// <summary>The using directives of the namespace declarations around the method, which the generated file puts inside its namespace.</summary>
        public EquatableArray<string> NamespaceUsings { get; init; } = EquatableArray<string>.Empty;
    }
}
