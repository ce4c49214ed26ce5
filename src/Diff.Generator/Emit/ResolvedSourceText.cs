using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Diff.Generator.Emit
{
    /// <summary>
    /// A generated file as the compiler reads it: the emitted text, cached by the pipeline, with its line placeholders
    /// replaced (<see cref="LineDirectives"/>), read through in place rather than copied into a new string. At 500
    /// methods the copy was 8 million characters in every build, made only for the compiler to read once.
    /// </summary>
    /// <remarks>
    /// The text is a run of pieces, each a stretch of one string: the emitted text between two placeholders, or a
    /// directive. The compiler's reader asks for stretches of a few thousand characters (<see cref="CopyTo"/>), so a
    /// binary search per request costs nothing measurable. Immutable, so safe to read from any thread.
    /// </remarks>
    internal sealed class ResolvedSourceText : SourceText
    {
        private readonly string[] _sources;
        private readonly int[] _sourceStarts;

        // Where each piece begins in this text; one more entry than pieces, the last being the length.
        private readonly int[] _starts;

        private ResolvedSourceText(string[] sources, int[] sourceStarts, int[] starts)
            : base(checksumAlgorithm: SourceHashAlgorithm.Sha1)
        {
            _sources = sources;
            _sourceStarts = sourceStarts;
            _starts = starts;
        }

        /// <summary>UTF-8, as <c>AddSource</c> gives a generated file written as a string.</summary>
        public override Encoding Encoding => Encoding.UTF8;

        /// <inheritdoc/>
        public override int Length => _starts[_starts.Length - 1];

        /// <inheritdoc/>
        public override char this[int position]
        {
            get
            {
                if ((uint)position >= (uint)Length)
                {
                    throw new System.ArgumentOutOfRangeException(nameof(position));
                }

                int piece = PieceAt(position);
                return _sources[piece][_sourceStarts[piece] + position - _starts[piece]];
            }
        }

        /// <inheritdoc/>
        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
        {
            if (sourceIndex < 0 || count < 0 || sourceIndex > Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(sourceIndex));
            }

            if (count == 0)
            {
                return;
            }

            int piece = PieceAt(sourceIndex);
            int offset = sourceIndex - _starts[piece];
            while (count > 0)
            {
                int run = System.Math.Min(count, _starts[piece + 1] - _starts[piece] - offset);
                _sources[piece].CopyTo(_sourceStarts[piece] + offset, destination, destinationIndex, run);
                destinationIndex += run;
                count -= run;
                offset = 0;
                piece++;
            }
        }

        /// <summary>The piece holding <paramref name="position"/>, which is within the text: the last piece starting at or before it.</summary>
        private int PieceAt(int position)
        {
            int low = 0, high = _starts.Length - 2;
            while (low < high)
            {
                int middle = (low + high + 1) >> 1;
                if (_starts[middle] <= position)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return low;
        }

        /// <summary>Collects the pieces of one text, in order.</summary>
        internal sealed class Builder
        {
            private readonly List<string> _sources;
            private readonly List<int> _sourceStarts;
            private readonly List<int> _starts;
            private int _length;

            public Builder(int expectedPieces)
            {
                _sources = new List<string>(expectedPieces);
                _sourceStarts = new List<int>(expectedPieces);
                _starts = new List<int>(expectedPieces + 1);
            }

            /// <summary>Adds <paramref name="length"/> characters of <paramref name="source"/> from <paramref name="start"/>.</summary>
            public Builder Add(string source, int start, int length)
            {
                if (length > 0)
                {
                    _sources.Add(source);
                    _sourceStarts.Add(start);
                    _starts.Add(_length);
                    _length += length;
                }

                return this;
            }

            /// <summary>Adds the whole of <paramref name="source"/>.</summary>
            public Builder Add(string source) => Add(source, 0, source.Length);

            public ResolvedSourceText ToText()
            {
                _starts.Add(_length);
                return new ResolvedSourceText(_sources.ToArray(), _sourceStarts.ToArray(), _starts.ToArray());
            }
        }
    }
}
