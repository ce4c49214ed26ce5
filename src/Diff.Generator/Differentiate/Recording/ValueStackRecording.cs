using Diff.Generator.Emit;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate.Recording
{
    /// <summary>
    /// Tensor mode's recording: one <c>Diff.Internal.ValueStack</c> per call chain, passed from a
    /// method's <c>…Record</c> half to its callees' and read back by the <c>…Reverse</c> halves. It
    /// holds numbers (branch choices, trip counts, integers, floating values) and references (the
    /// tensors a local held before it was overwritten). The caller owns the stack, so there is
    /// nothing to declare or release.
    /// </summary>
    internal sealed class ValueStackRecording : IRecording
    {
        private readonly string _stack;

        /// <param name="stack">The name of the stack parameter in the generated halves.</param>
        public ValueStackRecording(string stack) => _stack = stack;

        /// <inheritdoc/>
        public bool NeedsRelease => false;

        /// <inheritdoc/>
        /// <remarks><see cref="ScalarKind.Other"/> records a reference.</remarks>
        public void Push(CodeBuilder forward, ScalarKind kind, string value) => forward.Line(PushCode(kind, value) + ";");

        /// <summary>The expression that records a value: integers and booleans as <c>long</c>, floating values as <c>double</c>, anything else as a reference.</summary>
        public string PushCode(ScalarKind kind, string value) => kind switch
        {
            ScalarKind.Integer => _stack + ".PushNumber((long)" + value + ")",
            ScalarKind.Boolean => _stack + ".PushNumber(" + value + " ? 1L : 0L)",
            ScalarKind.Double or ScalarKind.Float => _stack + ".PushNumber((double)" + value + ")",
            _ => _stack + ".Push(" + value + ")",
        };

        /// <summary>Records a branch choice or a trip count that is already a <c>long</c>.</summary>
        public string PushCount(string value) => _stack + ".PushNumber(" + value + ")";

        /// <summary>Reads back a branch choice or a trip count.</summary>
        public string PopCount() => _stack + ".PopNumber()";

        /// <summary>How a tensor-mode local of the given kind is recorded.</summary>
        public static ScalarKind KindOf(SavedAs saved) => saved switch
        {
            SavedAs.Integer => ScalarKind.Integer,
            SavedAs.Boolean => ScalarKind.Boolean,
            SavedAs.Floating => ScalarKind.Double,
            _ => ScalarKind.Other,
        };

        /// <inheritdoc/>
        public string Pop(ScalarKind kind) => kind switch
        {
            ScalarKind.Integer => _stack + ".PopNumber()",
            ScalarKind.Boolean => _stack + ".PopNumber() != 0",
            _ => _stack + ".PopDouble()",
        };

        /// <summary>Reads back a value of the given C# type: numbers are converted back, references cast.</summary>
        public string Pop(ScalarKind kind, string type) => kind switch
        {
            ScalarKind.Integer => "(" + type + ")" + _stack + ".PopNumber()",
            ScalarKind.Boolean => _stack + ".PopNumber() != 0",
            ScalarKind.Double or ScalarKind.Float => "(" + type + ")" + _stack + ".PopDouble()",
            _ => _stack + ".Pop<" + type + ">()",
        };

        /// <inheritdoc/>
        public void Open(CodeBuilder body)
        {
        }

        /// <inheritdoc/>
        public void Release(CodeBuilder body)
        {
        }
    }
}
