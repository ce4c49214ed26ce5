using System.Collections.Generic;
using Diff.Generator.Emit;
using Diff.Generator.Lowering;
using Diff.Generator.Model;

namespace Diff.Generator.Differentiate.Recording
{
    /// <summary>
    /// Scalar mode's recording: one tape per element type (<c>double</c>, <c>float</c>, <c>int</c>
    /// for branches and trip counts, <c>long</c> for wide integers), each a local array with a local
    /// top index, so both stay in registers. Tapes are rented from <c>ArrayPool</c> through
    /// <c>Diff.Internal.TapeArrays</c> and returned in a <c>finally</c>: gradients are reentrant,
    /// thread-safe and allocation-free once the pool is warm. A counted loop reserves its pushes
    /// before it starts (<see cref="Reserve"/>), so the growth check in <see cref="Push"/> almost
    /// never fires.
    /// </summary>
    internal sealed class TapeRecording : IRecording
    {
        private const string TapeArrays = "global::Diff.Internal.TapeArrays";

        private readonly NameSource _names;
        private readonly SortedDictionary<ScalarKind, string> _tapes = new();

        public TapeRecording(NameSource names) => _names = names;

        /// <summary>
        /// A recording in this one's state (its tapes, how it shares and pools) that takes its names from
        /// <paramref name="names"/>, a copy of this one's: a companion prints its own copy of a shared transform.
        /// </summary>
        public TapeRecording CopyWith(NameSource names)
        {
            var copy = new TapeRecording(names) { Shared = Shared, PoolsScratch = PoolsScratch, PoolsLocalArrays = PoolsLocalArrays };
            foreach (KeyValuePair<ScalarKind, string> tape in _tapes)
            {
                copy._tapes.Add(tape.Key, tape.Value);
            }

            return copy;
        }

        /// <inheritdoc/>
        public bool NeedsRelease => _tapes.Count > 0 && Shared is null;

        /// <summary>
        /// The local or parameter holding the shared tapes (a <c>Diff.Internal.CallTape</c>) when the method records a
        /// callee once (its Record/Reverse pair) or is itself such a half; null when its tapes are its own.
        /// </summary>
        public string? Shared { get; private set; }

        /// <summary>
        /// Whether the method-level scratch and adjoint arrays come from <c>Diff.Internal.ScratchArrays</c> (and go back
        /// there at the end of the reverse half) rather than from <c>new</c>: set for the Record/Reverse halves.
        /// </summary>
        public bool PoolsScratch { get; set; }

        /// <summary>
        /// Whether the user's local arrays that no reference outlives (<see cref="Model.DeclareArrayStmt.Pool"/>) take their
        /// storage from <c>Diff.Internal.ScratchArrays</c> too: set for bodies that run both sweeps, which give the arrays
        /// back at their end. A Record half keeps <c>new</c>: its Reverse half may read the arrays after it returns.
        /// </summary>
        public bool PoolsLocalArrays { get; set; }

        /// <summary>A fresh name for the local that holds the shared tapes.</summary>
        public string SharedName() => _names.Readable("__callTape");

        /// <summary>Takes the tapes from <paramref name="callTape"/>: every tape is then in use, so that a hand-over around a call covers all of them.</summary>
        public void Share(string callTape)
        {
            Shared = callTape;
            foreach (ScalarKind kind in new[] { ScalarKind.Double, ScalarKind.Float, ScalarKind.Integer, ScalarKind.Other })
            {
                Tape(kind);
            }
        }

        /// <summary>Hands the tapes in the locals back to the shared set, before a callee's half or a return uses them.</summary>
        public void Store(CodeBuilder code)
        {
            foreach (KeyValuePair<ScalarKind, string> tape in _tapes)
            {
                code.Line($"{Shared}.{SharedField(tape.Key)}s = {tape.Value}; {Shared}.{SharedField(tape.Key)}Count = {Top(tape.Value)};");
            }
        }

        /// <summary>Takes the tapes back from the shared set into the locals, after a callee's half may have grown them.</summary>
        public void Load(CodeBuilder code)
        {
            foreach (KeyValuePair<ScalarKind, string> tape in _tapes)
            {
                code.Line($"{tape.Value} = {Shared}.{SharedField(tape.Key)}s; {Top(tape.Value)} = {Shared}.{SharedField(tape.Key)}Count;");
            }
        }

        private static string SharedField(ScalarKind key) => key switch
        {
            ScalarKind.Float => "Float",
            ScalarKind.Integer => "Integer",
            ScalarKind.Other => "Long",
            _ => "Double",
        };

        /// <summary>The tapes in use, by name.</summary>
        public IEnumerable<string> Tapes => _tapes.Values;

        /// <summary>A tape's element type: <see cref="ScalarKind.Other"/> keys the tape of integers wider than <c>int</c>.</summary>
        public static string Element(ScalarKind kind) => kind switch
        {
            ScalarKind.Float => "float",
            ScalarKind.Integer or ScalarKind.Boolean => "int",
            ScalarKind.Other => "long",
            _ => "double",
        };

        /// <summary>The kind whose tape holds values of <paramref name="kind"/>: booleans share the <c>int</c> tape.</summary>
        public static ScalarKind KeyOf(ScalarKind kind) => kind is ScalarKind.Boolean ? ScalarKind.Integer : kind;

        /// <summary>The tape that holds values of <paramref name="kind"/>; created on first use.</summary>
        public string Tape(ScalarKind kind)
        {
            ScalarKind key = KeyOf(kind);
            if (!_tapes.TryGetValue(key, out string? tape))
            {
                tape = _names.Readable(key switch
                {
                    ScalarKind.Float => "__tapeF",
                    ScalarKind.Integer => "__tapeI",
                    ScalarKind.Other => "__tapeL",
                    _ => "__tapeD",
                });
                _tapes[key] = tape;
            }

            return tape;
        }

        /// <inheritdoc/>
        public void Push(CodeBuilder forward, ScalarKind kind, string value) => PushOn(forward, Tape(kind), value);

        /// <summary>Pushes on a given tape.</summary>
        public void PushOn(CodeBuilder forward, string tape, string value)
        {
            forward.Line($"if ({Top(tape)} == {tape}.Length) {tape} = {TapeArrays}.Grow({tape});");
            forward.Line($"{tape}[{Top(tape)}++] = {value};");
        }

        /// <summary>A push onto a tape that already has room for it (after <see cref="Reserve"/>).</summary>
        public string PushReserved(ScalarKind kind, string value)
        {
            string tape = Tape(kind);
            return $"{tape}[{Top(tape)}++] = {value};";
        }

        /// <inheritdoc/>
        public string Pop(ScalarKind kind) => PopFrom(Tape(kind));

        /// <summary>Pops from a given tape.</summary>
        public static string PopFrom(string tape) => $"{tape}[--{Top(tape)}]";

        /// <summary>Pushes every element of a buffer, after reserving room for them; <paramref name="index"/> names the loop's counter.</summary>
        public void PushAll(CodeBuilder forward, ScalarKind kind, string buffer, string index)
        {
            string tape = Tape(kind);
            forward.Line($"{tape} = {TapeArrays}.Reserve({tape}, {Top(tape)}, {buffer}.Length);");
            forward.Line($"for (int {index} = 0; {index} < {buffer}.Length; {index}++) {tape}[{Top(tape)}++] = {buffer}[{index}];");
        }

        /// <summary>The statement that makes room for <paramref name="count"/> more pushes on the tape of <paramref name="kind"/>.</summary>
        public string Reserve(ScalarKind kind, string count)
        {
            string tape = Tape(kind);
            return $"{tape} = {TapeArrays}.Reserve({tape}, {Top(tape)}, {count});";
        }

        /// <inheritdoc/>
        public void Open(CodeBuilder body)
        {
            foreach (KeyValuePair<ScalarKind, string> tape in _tapes)
            {
                if (Shared is not null)
                {
                    body.Line($"var {tape.Value} = {Shared}.{SharedField(tape.Key)}s;");
                    body.Line($"int {Top(tape.Value)} = {Shared}.{SharedField(tape.Key)}Count;");
                    continue;
                }

                body.Line($"var {tape.Value} = {TapeArrays}.Rent<{Element(tape.Key)}>(16);");
                body.Line($"int {Top(tape.Value)} = 0;");
            }
        }

        /// <inheritdoc/>
        public void Release(CodeBuilder body)
        {
            foreach (string tape in _tapes.Values)
            {
                body.Line($"{TapeArrays}.Return({tape});");
            }
        }

        /// <summary>The index of the next free slot of a tape, kept in a local so that it lives in a register.</summary>
        private static string Top(string tape) => tape.Replace("__tape", "__top");
    }
}
