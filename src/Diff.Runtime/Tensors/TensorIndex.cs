using System;

namespace Diff
{
    /// <summary>
    /// One entry of a tensor indexer: a single position (an <see cref="int"/> or an
    /// <see cref="System.Index"/> such as <c>^1</c>), which removes its dimension, or a
    /// <see cref="System.Range"/> such as <c>1..3</c> or <c>..</c>, which keeps it. Built implicitly,
    /// so <c>t[0]</c>, <c>t[^1]</c> and <c>t[.., 1..3]</c> read as in NumPy and PyTorch.
    /// </summary>
    public readonly struct TensorIndex : IEquatable<TensorIndex>
    {
        private readonly Index _index;
        private readonly Range _range;

        private TensorIndex(Index index, Range range, bool isRange)
        {
            _index = index;
            _range = range;
            IsRange = isRange;
        }

        /// <summary>Whether this entry is a range (keeps its dimension) rather than a single position.</summary>
        public bool IsRange { get; }

        /// <summary>The position, when <see cref="IsRange"/> is false.</summary>
        public Index Index => _index;

        /// <summary>The range, when <see cref="IsRange"/> is true.</summary>
        public Range Range => _range;

        /// <summary>A single position counted from the start; negative values count from the end, as in PyTorch.</summary>
        /// <param name="position">The position.</param>
        public static implicit operator TensorIndex(int position) =>
            new(position < 0 ? Index.FromEnd(-position) : Index.FromStart(position), default, false);

        /// <summary>A single position, possibly from the end (<c>^1</c>).</summary>
        /// <param name="index">The position.</param>
        public static implicit operator TensorIndex(Index index) => new(index, default, false);

        /// <summary>A range of positions (<c>1..3</c>, <c>..</c>, <c>^2..</c>).</summary>
        /// <param name="range">The range.</param>
        public static implicit operator TensorIndex(Range range) => new(default, range, true);

        /// <inheritdoc/>
        public bool Equals(TensorIndex other) => IsRange == other.IsRange && _index.Equals(other._index) && _range.Equals(other._range);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is TensorIndex other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(IsRange, _index, _range);

        /// <inheritdoc/>
        public override string ToString() => IsRange ? _range.ToString() : _index.ToString();

        /// <summary>Equality.</summary>
        public static bool operator ==(TensorIndex left, TensorIndex right) => left.Equals(right);

        /// <summary>Inequality.</summary>
        public static bool operator !=(TensorIndex left, TensorIndex right) => !left.Equals(right);
    }
}
