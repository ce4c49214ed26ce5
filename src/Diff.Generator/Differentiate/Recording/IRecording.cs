using Diff.Generator.Emit;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate.Recording
{
    /// <summary>
    /// How the forward sweep keeps what the reverse sweep needs (partials, branch choices, trip
    /// counts, overwritten values), and how the reverse sweep reads it back, last in first out. The
    /// adjoint writers call only this; the backend chooses the strategy for each mode
    /// (<see cref="TapeRecording"/> for scalar methods, <see cref="ValueStackRecording"/> for tensor
    /// methods).
    /// </summary>
    internal interface IRecording
    {
        /// <summary>Whether the storage must be released after the reverse sweep (in a <c>finally</c>).</summary>
        bool NeedsRelease { get; }

        /// <summary>Emits the code that records <paramref name="value"/>, a value of <paramref name="kind"/>.</summary>
        void Push(CodeBuilder forward, ScalarKind kind, string value);

        /// <summary>The expression that reads back the last value of <paramref name="kind"/> recorded and not yet read.</summary>
        string Pop(ScalarKind kind);

        /// <summary>Emits the declarations of the storage, before the forward sweep.</summary>
        void Open(CodeBuilder body);

        /// <summary>Emits the release of the storage, after the reverse sweep.</summary>
        void Release(CodeBuilder body);
    }
}
