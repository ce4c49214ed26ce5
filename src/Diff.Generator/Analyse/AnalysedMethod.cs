using Diff.Generator.Model;

namespace Diff.Generator.Analyse
{
    /// <summary>
    /// A method ready to differentiate: its lowered body, the flags lowering introduced, which
    /// variables are active (depend on a differentiable input) and which integer values are stable
    /// (the reverse sweep can recompute them instead of recording them), and which integer counters
    /// the reverse sweep can run backwards, and which local arrays it restores as it goes.
    /// </summary>
    internal sealed record AnalysedMethod(
        MethodModel Method,
        EquatableArray<string> Flags,
        EquatableArray<string> Active,
        EquatableArray<string> Stable,
        EquatableArray<string> WrittenBuffers,
        EquatableArray<string> Invertible,
        EquatableArray<string> Restored);
}
