namespace Diff.Generator.Model
{
    // What tensor mode adds to the one IR of Model/Ir.cs: the frame of a method whose locals are
    // hoisted to method scope. Its statements are the statements of Model/Ir.cs, three-address
    // form for the tensor values (each op its own assignment, TensorOpExpr and TensorCallExpr).
    // Tensors are immutable values, so the adjoint only needs each local's value at each program
    // point, which the forward sweep saves when it overwrites a local and the reverse sweep restores
    // (the value-stack recording).

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
        Block Body,
        string ResultLocal,
        string StackName,
        LocationInfo? Location)
    {
        /// <summary>Every identifier of the method and every name the binder made up: lowering's fresh names avoid them.</summary>
        public EquatableArray<string> Identifiers { get; init; } = EquatableArray<string>.Empty;

        /// <summary>The local an assignment writes: its own, or the result local for a return that lowering made an assignment.</summary>
        public string LocalOf(Target target) => target is LocalTarget local ? local.Name : ResultLocal;

        /// <summary>The using directives of the namespace declarations around the method, which the generated file puts inside its namespace.</summary>
        public EquatableArray<string> NamespaceUsings { get; init; } = EquatableArray<string>.Empty;
    }
}
