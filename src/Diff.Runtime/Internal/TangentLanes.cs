using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Diff.Internal
{
    /// <summary>
    /// <see cref="Width"/> tangents of one value, one per direction: the widest number type of the generated
    /// <c>…TangentLanes</c> and <c>…PullbackLanes</c> companions, which <c>…Jacobian</c> runs to get that many
    /// columns (or rows) from one run of the method instead of one run per column. It uses
    /// <see cref="TangentLanes2"/> and <see cref="TangentLanes4"/> when it has no more seeds than they hold.
    /// </summary>
    /// <remarks>
    /// A tangent is linear in the inputs' tangents, so the generated code only adds lanes, scales them by a
    /// value, and negates them: the operators here are all it needs, and the same tangent code compiles for
    /// one direction (<c>double</c>) or eight (this type). A number converts to every lane, so a zero tangent
    /// is written <c>0</c> as in scalar code. The lanes are two 256-bit halves, so each operation is two vector
    /// instructions on every x64 processor since AVX2. One <c>Vector512</c> would be one instruction with AVX-512, but
    /// without it .NET's software path rebuilds the vector through calls and makes every operator a large inlinee: in a
    /// long reverse sweep the JIT stops inlining them once the method's budget is spent, and a Jacobian in lanes ran
    /// several times slower. Float methods carry their tangents in double lanes too.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct TangentLanes : ITangentLanes<TangentLanes>
    {
        /// <summary>How many directions one value carries.</summary>
        public const int Width = 8;

        /// <inheritdoc/>
        static int ITangentLanes<TangentLanes>.Width => Width;

        private readonly Vector256<double> _lower;
        private readonly Vector256<double> _upper;

        private TangentLanes(Vector256<double> lower, Vector256<double> upper)
        {
            _lower = lower;
            _upper = upper;
        }

        /// <summary>The tangent in direction <paramref name="lane"/> (0 to <see cref="Width"/> − 1).</summary>
        public double this[int lane] => lane < 4 ? _lower.GetElement(lane) : _upper.GetElement(lane - 4);

        /// <summary>One in direction <paramref name="lane"/>, zero in the others: the seed of an input's column.</summary>
        /// <remarks>
        /// Built by comparing the lane numbers, in registers: setting one element at a variable index goes through memory,
        /// and reading the vector back stalls on the narrower store, which cost a short Jacobian a tenth of its time.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes Unit(int lane)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)lane, (uint)Width, nameof(lane));
            Vector256<double> wanted = Vector256.Create((double)lane);
            return new(
                Vector256.ConditionalSelect(Vector256.Equals(Vector256<double>.Indices, wanted), Vector256<double>.One, Vector256<double>.Zero),
                Vector256.ConditionalSelect(Vector256.Equals(Vector256<double>.Indices + Vector256.Create(4.0), wanted), Vector256<double>.One, Vector256<double>.Zero));
        }

        /// <summary>The same tangent in every direction.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static implicit operator TangentLanes(double value)
        {
            Vector256<double> lanes = Vector256.Create(value);
            return new(lanes, lanes);
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Scatter(ref double destination, int stride, int count)
        {
            TangentLanes4.Scatter(_lower, ref destination, stride, Math.Min(count, 4));
            if (count > 4)
            {
                TangentLanes4.Scatter(_upper, ref Unsafe.Add(ref destination, 4 * stride), stride, count - 4);
            }

            uint nan = Vector256.ExtractMostSignificantBits(~Vector256.Equals(_lower, _lower))
                | (Vector256.ExtractMostSignificantBits(~Vector256.Equals(_upper, _upper)) << 4);
            return (nan & ((1u << count) - 1)) != 0;
        }

        /// <summary>Lane-wise sum.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator +(TangentLanes left, TangentLanes right) => new(left._lower + right._lower, left._upper + right._upper);

        /// <summary>Lane-wise difference.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator -(TangentLanes left, TangentLanes right) => new(left._lower - right._lower, left._upper - right._upper);

        /// <summary>Every lane negated.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator -(TangentLanes value) => new(-value._lower, -value._upper);

        /// <summary>Every lane unchanged.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator +(TangentLanes value) => value;

        /// <summary>Every lane times a value.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator *(TangentLanes left, double right) => new(left._lower * right, left._upper * right);

        /// <summary>A value times every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator *(double left, TangentLanes right) => new(right._lower * left, right._upper * left);

        /// <summary><c>target += seed · scale</c>, one fused multiply-add per half: the increment of a reverse sweep in lanes.</summary>
        /// <param name="target">The adjoint added into.</param>
        /// <param name="seed">The seed, one per lane.</param>
        /// <param name="scale">The partial the seed is scaled by, the same in every lane.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddScaled(ref TangentLanes target, TangentLanes seed, double scale)
        {
            Vector256<double> factor = Vector256.Create(scale);
            target = new(Vector256.FusedMultiplyAdd(seed._lower, factor, target._lower), Vector256.FusedMultiplyAdd(seed._upper, factor, target._upper));
        }

        /// <summary>Every lane divided by a value.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator /(TangentLanes left, double right)
        {
            Vector256<double> divisor = Vector256.Create(right);
            return new(left._lower / divisor, left._upper / divisor);
        }

        /// <summary>
        /// Whether some lane differs from <paramref name="right"/>. A reverse sweep in lanes skips an adjoint's step
        /// only when every lane of the adjoint is zero (<c>if (a != 0)</c>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool operator !=(TangentLanes left, double right) => !(left == right);

        /// <summary>Whether every lane equals <paramref name="right"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool operator ==(TangentLanes left, double right)
        {
            Vector256<double> value = Vector256.Create(right);
            return Vector256.EqualsAll(left._lower, value) & Vector256.EqualsAll(left._upper, value);
        }

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is TangentLanes other && _lower.Equals(other._lower) && _upper.Equals(other._upper);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(_lower, _upper);

        /// <inheritdoc/>
        public override string ToString()
        {
            var lanes = new string[Width];
            for (int lane = 0; lane < Width; lane++)
            {
                lanes[lane] = this[lane].ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return "<" + string.Join(", ", lanes) + ">";
        }
    }
}
