using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Diff.Internal
{
    /// <summary>
    /// 2 tangents of one value in one 128-bit vector: the lanes a generated <c>…Jacobian</c> runs in when it has
    /// one or two seeds per run, so that each step costs one vector operation instead of the four of <see cref="TangentLanes"/>.
    /// </summary>
    /// <remarks>
    /// <see cref="TangentLanes4"/> is the same struct over <c>Vector256</c>: each is written out for its vector type, so
    /// that every operator is one intrinsic of that type, which the JIT inlines in the longest sweeps.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct TangentLanes2 : ITangentLanes<TangentLanes2>
    {
        /// <summary>How many directions one value carries.</summary>
        public const int Width = 2;

        private readonly Vector128<double> _lanes;

        private TangentLanes2(Vector128<double> lanes) => _lanes = lanes;

        /// <inheritdoc/>
        static int ITangentLanes<TangentLanes2>.Width => Width;

        /// <inheritdoc/>
        public double this[int lane] => _lanes.GetElement(lane);

        /// <inheritdoc cref="TangentLanes.Unit(int)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes2 Unit(int lane)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)lane, (uint)Width, nameof(lane));
            return new(Vector128.ConditionalSelect(Vector128.Equals(Vector128<double>.Indices, Vector128.Create((double)lane)), Vector128<double>.One, Vector128<double>.Zero));
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Scatter(ref double destination, int stride, int count)
        {
            destination = _lanes.GetElement(0);
            if (count > 1)
            {
                Unsafe.Add(ref destination, stride) = _lanes.GetElement(1);
            }

            return (Vector128.ExtractMostSignificantBits(~Vector128.Equals(_lanes, _lanes)) & ((1u << count) - 1)) != 0;
        }

        /// <summary>The same tangent in every direction.</summary>
        /// <param name="value">The tangent.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static implicit operator TangentLanes2(double value) => new(Vector128.Create(value));

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes2 operator +(TangentLanes2 left, TangentLanes2 right) => new(left._lanes + right._lanes);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes2 operator -(TangentLanes2 left, TangentLanes2 right) => new(left._lanes - right._lanes);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes2 operator -(TangentLanes2 value) => new(-value._lanes);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes2 operator +(TangentLanes2 value) => value;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes2 operator *(TangentLanes2 left, double right) => new(left._lanes * right);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes2 operator *(double left, TangentLanes2 right) => new(right._lanes * left);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes2 operator /(TangentLanes2 left, double right) => new(left._lanes / Vector128.Create(right));

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddScaled(ref TangentLanes2 target, TangentLanes2 seed, double scale) =>
            target = new(Vector128.FusedMultiplyAdd(seed._lanes, Vector128.Create(scale), target._lanes));

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool operator ==(TangentLanes2 left, double right) => Vector128.EqualsAll(left._lanes, Vector128.Create(right));

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool operator !=(TangentLanes2 left, double right) => !(left == right);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is TangentLanes2 other && _lanes.Equals(other._lanes);

        /// <inheritdoc/>
        public override int GetHashCode() => _lanes.GetHashCode();

        /// <inheritdoc/>
        public override string ToString() => _lanes.ToString();
    }
}
