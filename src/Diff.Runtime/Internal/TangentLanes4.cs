using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Diff.Internal
{
    /// <summary>
    /// 4 tangents of one value in one 256-bit vector: the lanes a generated <c>…Jacobian</c> runs in when it has
    /// three or four seeds per run, so that each step costs one vector operation instead of the two of <see cref="TangentLanes"/>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct TangentLanes4 : ITangentLanes<TangentLanes4>
    {
        /// <summary>How many directions one value carries.</summary>
        public const int Width = 4;

        private readonly Vector256<double> _lanes;

        private TangentLanes4(Vector256<double> lanes) => _lanes = lanes;

        /// <inheritdoc/>
        static int ITangentLanes<TangentLanes4>.Width => Width;

        /// <inheritdoc/>
        public double this[int lane] => _lanes.GetElement(lane);

        /// <inheritdoc cref="TangentLanes.Unit(int)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes4 Unit(int lane)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)lane, (uint)Width, nameof(lane));
            return new(Vector256.ConditionalSelect(Vector256.Equals(Vector256<double>.Indices, Vector256.Create((double)lane)), Vector256<double>.One, Vector256<double>.Zero));
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Scatter(ref double destination, int stride, int count)
        {
            Scatter(_lanes, ref destination, stride, count);
            return (Vector256.ExtractMostSignificantBits(~Vector256.Equals(_lanes, _lanes)) & ((1u << count) - 1)) != 0;
        }

        /// <summary>Writes lanes 0 to <paramref name="count"/> − 1 (1 to 4) of <paramref name="lanes"/>, <paramref name="stride"/> apart.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Scatter(Vector256<double> lanes, ref double destination, int stride, int count)
        {
            Vector128<double> lower = lanes.GetLower();
            destination = lower.GetElement(0);
            if (count > 1)
            {
                Unsafe.Add(ref destination, stride) = lower.GetElement(1);
                if (count > 2)
                {
                    Vector128<double> upper = lanes.GetUpper();
                    Unsafe.Add(ref destination, 2 * stride) = upper.GetElement(0);
                    if (count > 3)
                    {
                        Unsafe.Add(ref destination, 3 * stride) = upper.GetElement(1);
                    }
                }
            }
        }

        /// <summary>The same tangent in every direction.</summary>
        /// <param name="value">The tangent.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static implicit operator TangentLanes4(double value) => new(Vector256.Create(value));

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes4 operator +(TangentLanes4 left, TangentLanes4 right) => new(left._lanes + right._lanes);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes4 operator -(TangentLanes4 left, TangentLanes4 right) => new(left._lanes - right._lanes);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes4 operator -(TangentLanes4 value) => new(-value._lanes);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes4 operator +(TangentLanes4 value) => value;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes4 operator *(TangentLanes4 left, double right) => new(left._lanes * right);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes4 operator *(double left, TangentLanes4 right) => new(right._lanes * left);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes4 operator /(TangentLanes4 left, double right) => new(left._lanes / Vector256.Create(right));

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddScaled(ref TangentLanes4 target, TangentLanes4 seed, double scale) =>
            target = new(Vector256.FusedMultiplyAdd(seed._lanes, Vector256.Create(scale), target._lanes));

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool operator ==(TangentLanes4 left, double right) => Vector256.EqualsAll(left._lanes, Vector256.Create(right));

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool operator !=(TangentLanes4 left, double right) => !(left == right);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is TangentLanes4 other && _lanes.Equals(other._lanes);

        /// <inheritdoc/>
        public override int GetHashCode() => _lanes.GetHashCode();

        /// <inheritdoc/>
        public override string ToString() => _lanes.ToString();
    }
}
