namespace Diff.Generator.Model
{
    /// <summary>
    /// A [Differentiable] method that DiffGen refused for an error in its body: its bound model without the body
    /// (what the signatures of its companions need) and the IDs of its errors, in order. Its companions are still
    /// written, as stand-ins that throw (<see cref="Emit.RefusedEmitter"/>), so that the code calling them compiles
    /// and the DIFF errors are all the build reports.
    /// </summary>
    internal sealed record RefusedMethod(BoundMethod Method, EquatableArray<string> ErrorIds)
    {
        /// <summary>The name of the method's file, without <c>.g.cs</c>: the same whether it is refused or not.</summary>
        public string HintName => Method.Scalar?.HintName ?? Method.Tensor?.HintName ?? string.Empty;

        /// <summary>The method's name.</summary>
        public string Name => Method.Scalar?.Name ?? Method.Tensor?.Name ?? string.Empty;
    }
}
