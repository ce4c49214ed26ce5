namespace Diff.CodeFixes
{
    /// <summary>The IDs the code fixes handle, taken from the generator's descriptors so the two cannot drift apart.</summary>
    internal static class DiagnosticIds
    {
        public static readonly string NoDerivative = Diff.Generator.Diagnostics.DiagnosticDescriptors.NoDerivative.Id;

        public static readonly string TypeNotPartial = Diff.Generator.Diagnostics.DiagnosticDescriptors.TypeNotPartial.Id;

        public static readonly string ModuleNotDifferentiable = Diff.Generator.Diagnostics.DiagnosticDescriptors.ModuleNotDifferentiable.Id;
    }
}
