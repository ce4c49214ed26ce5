using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Diff.Internal
{
    /// <summary>
    /// <see cref="Width"/> tangents of one value, one per direction: the number type of the generated
    /// <c>…TangentLanes</c> companions (vector forward mode), which <c>…Jacobian</c> runs to get that many
    /// columns from one run of the method instead of one run per column.
    /// </summary>
    /// <remarks>
    /// A tangent is linear in the inputs' tangents, so the generated code only adds lanes, scales them by a
    /// value, and negates them: the operators here are all it needs, and the same tangent code compiles for
    /// one direction (<c>double</c>) or eight (this type). A number converts to every lane, so a zero tangent
    /// is written <c>0</c> as in scalar code. The lanes are one <see cref="Vector512{T}"/>: one instruction per
    /// operation where the processor has 512-bit vectors, two 256-bit halves otherwise. Float methods carry
    /// their tangents in double lanes too.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct TangentLanes
    {
        /// <summary>How many directions one value carries.</summary>
        public const int Width = 8;

        private readonly Vector512<double> _lanes;

        private TangentLanes(Vector512<double> lanes) => _lanes = lanes;

        /// <summary>The tangent in direction <paramref name="lane"/> (0 to <see cref="Width"/> − 1).</summary>
        public double this[int lane] => _lanes.GetElement(lane);

        /// <summary>One in direction <paramref name="lane"/>, zero in the others: the seed of an input's column.</summary>
        /// <remarks>
        /// Built by comparing the lane numbers, in registers: setting one element at a variable index goes through memory,
        /// and reading the vector back stalls on the narrower store, which cost a short Jacobian a tenth of its time.
        /// </remarks>
        public static TangentLanes Unit(int lane)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)lane, (uint)Width, nameof(lane));
            var isLane = Vector512.Equals(Vector512<double>.Indices, Vector512.Create((double)lane));
            return new(Vector512.ConditionalSelect(isLane, Vector512<double>.One, Vector512<double>.Zero));
        }

        /// <summary>The same tangent in every direction.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static implicit operator TangentLanes(double value) => new(Vector512.Create(value));

        /// <summary>Lane-wise sum.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator +(TangentLanes left, TangentLanes right) => new(left._lanes + right._lanes);

        /// <summary>Lane-wise difference.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator -(TangentLanes left, TangentLanes right) => new(left._lanes - right._lanes);

        /// <summary>Every lane negated.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator -(TangentLanes value) => new(-value._lanes);

        /// <summary>Every lane unchanged.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator +(TangentLanes value) => value;

        /// <summary>Every lane times a value.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator *(TangentLanes left, double right) => new(left._lanes * right);

        /// <summary>A value times every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator *(double left, TangentLanes right) => new(right._lanes * left);

        /// <summary><c>target += seed · scale</c>, one fused multiply-add per lane: the increment of a reverse sweep in lanes.</summary>
        /// <param name="target">The adjoint added into.</param>
        /// <param name="seed">The seed, one per lane.</param>
        /// <param name="scale">The partial the seed is scaled by, the same in every lane.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddScaled(ref TangentLanes target, TangentLanes seed, double scale) =>
            target = new(Vector512.FusedMultiplyAdd(seed._lanes, Vector512.Create(scale), target._lanes));

        /// <summary>Every lane divided by a value.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TangentLanes operator /(TangentLanes left, double right) => new(left._lanes / Vector512.Create(right));

        /// <summary>
        /// Whether some lane differs from <paramref name="right"/>. A reverse sweep in lanes skips an adjoint's step
        /// only when every lane of the adjoint is zero (<c>if (a != 0)</c>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool operator !=(TangentLanes left, double right) => !Vector512.EqualsAll(left._lanes, Vector512.Create(right));

        /// <summary>Whether every lane equals <paramref name="right"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool operator ==(TangentLanes left, double right) => Vector512.EqualsAll(left._lanes, Vector512.Create(right));

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is TangentLanes other && _lanes.Equals(other._lanes);

        /// <inheritdoc/>
        public override int GetHashCode() => _lanes.GetHashCode();

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
