namespace Diff.Generator.Model
{
    /// <summary>How a [Differentiable] method is differentiated, decided once, by the binder.</summary>
    internal enum MethodMode
    {
        /// <summary>Floating-point scalars, arrays and spans: statement-level preaccumulation over tapes.</summary>
        Scalar,

        /// <summary>Tensors, modules and parameters: ops recorded on a value stack and reversed through their registered backwards.</summary>
        Tensor,

        /// <summary>
        /// A [Kernel] method: scalar mode's IR and reverse transform over ILGPU views, printed as an adjoint
        /// kernel (no recording inside loops: a GPU thread has no tape), a host twin and a launcher.
        /// </summary>
        Kernel,
    }

    /// <summary>
    /// What the binder makes of one [Differentiable] method: its mode and the IR of that mode.
    /// Exactly one of <paramref name="Scalar"/> and <paramref name="Tensor"/> is set, the one that
    /// <paramref name="Mode"/> names. Equatable, so the incremental pipeline caches it.
    /// </summary>
    internal sealed record BoundMethod(MethodMode Mode, MethodModel? Scalar, TensorMethodModel? Tensor)
    {
        /// <summary>The generator's copy: no locations (see <see cref="LocationFreeModels"/>).</summary>
        public BoundMethod WithoutLocations() => new(Mode, Scalar?.WithoutLocations(), Tensor?.WithoutLocations());
    }
}
