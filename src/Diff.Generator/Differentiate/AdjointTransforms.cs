using Diff.Generator.Analyse;
using Diff.Generator.Differentiate.Recording;
using Diff.Generator.Lowering;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate
{
    /// <summary>
    /// The reverse transform of one method, taken at most once for each way of treating value calls (once for both, where
    /// the method's sweeps do not depend on it) and shared by every companion that prints it. The gradient, the seeded pullback, the Record/Reverse halves, the lanes pullback and the
    /// Hessian-vector products read the same adjoint IR; they differ only in the result's seed, which the transform
    /// merely carries into <see cref="ScalarReverseMethod.Seed"/>, and in how they print it. Each companion gets its own
    /// copy of the recording and the names as the transform left them, because printing draws names and takes tapes into
    /// use: the output is what a transform of its own would have printed.
    /// </summary>
    internal sealed class AdjointTransforms
    {
        private (ScalarAdjointMethod Method, TapeRecording Recording, NameSource Names)? _recordingValueCalls;
        private (ScalarAdjointMethod Method, TapeRecording Recording, NameSource Names)? _notRecordingValueCalls;

        public AdjointTransforms(AnalysedMethod analysed) => Analysed = analysed;

        /// <summary>The method the transforms are of.</summary>
        public AnalysedMethod Analysed { get; }

        /// <summary>
        /// The adjoint seeded with <paramref name="seed"/> (1 for a gradient, the result adjoint's name for a seeded
        /// pullback), with a recording and names of its own to print it with.
        /// </summary>
        /// <param name="recordValueCalls">False for the adjoint the Hessian-vector transform reads, which differentiates
        /// value calls through their own Hessian-vector companions instead of recording them.</param>
        public (ScalarAdjointMethod Method, TapeRecording Recording, NameSource Names) Take(string seed, bool recordValueCalls = true)
        {
            if (_recordingValueCalls is null)
            {
                // A method whose sweeps do not depend on how calls are recorded gets both adjoints from one transform.
                (_recordingValueCalls, _notRecordingValueCalls) = AdjointWriter.TransformBoth(Analysed);
            }

            (ScalarAdjointMethod Method, TapeRecording Recording, NameSource Names) transformed = recordValueCalls
                ? _recordingValueCalls.Value
                : _notRecordingValueCalls ??= AdjointWriter.TransformOnce(Analysed, recordValueCalls: false);
            NameSource names = transformed.Names.Copy();
            ScalarAdjointMethod method = transformed.Method.Reverse.Seed == seed
                ? transformed.Method
                : transformed.Method with { Reverse = transformed.Method.Reverse with { Seed = seed } };
            return (method, transformed.Recording.CopyWith(names), names);
        }
    }
}
