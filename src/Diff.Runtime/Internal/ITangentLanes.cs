using System.ComponentModel;

namespace Diff.Internal
{
    /// <summary>
    /// A fixed number of tangents (or adjoints) of one value, one per direction: what the generated
    /// <c>…TangentLanes</c> and <c>…PullbackLanes</c> companions are generic over.
    /// </summary>
    /// <remarks>
    /// The companions are written once and the JIT compiles them once per width, with every operator inlined. A
    /// Jacobian of two rows (bundle adjustment's 2 × 15 blocks) then runs in <see cref="TangentLanes2"/>, one 128-bit
    /// operation per step, instead of paying for eight lanes of which six are zero. The operators are all that
    /// linear tangent and adjoint code needs: lanes are added, scaled by a value and negated, and a number converts
    /// to every lane, so a zero is written <c>0</c> as in scalar code.
    /// </remarks>
    /// <typeparam name="TSelf">The lanes type itself.</typeparam>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface ITangentLanes<TSelf>
        where TSelf : unmanaged, ITangentLanes<TSelf>
    {
        /// <summary>How many directions one value carries.</summary>
        static abstract int Width { get; }

        /// <summary>The tangent in direction <paramref name="lane"/> (0 to <see cref="Width"/> − 1).</summary>
        /// <param name="lane">The direction.</param>
        double this[int lane] { get; }

        /// <summary>One in direction <paramref name="lane"/>, zero in the others: the seed of one row or column.</summary>
        /// <param name="lane">The direction, 0 to <see cref="Width"/> − 1.</param>
        /// <returns>The unit lanes.</returns>
        static abstract TSelf Unit(int lane);

        /// <summary>The same tangent in every direction.</summary>
        /// <param name="value">The tangent.</param>
        static abstract implicit operator TSelf(double value);

        /// <summary>Lane-wise sum.</summary>
        /// <param name="left">The first addend.</param>
        /// <param name="right">The second addend.</param>
        static abstract TSelf operator +(TSelf left, TSelf right);

        /// <summary>Lane-wise difference.</summary>
        /// <param name="left">The minuend.</param>
        /// <param name="right">The subtrahend.</param>
        static abstract TSelf operator -(TSelf left, TSelf right);

        /// <summary>Every lane negated.</summary>
        /// <param name="value">The lanes.</param>
        static abstract TSelf operator -(TSelf value);

        /// <summary>Every lane unchanged.</summary>
        /// <param name="value">The lanes.</param>
        static abstract TSelf operator +(TSelf value);

        /// <summary>Every lane times a value.</summary>
        /// <param name="left">The lanes.</param>
        /// <param name="right">The factor.</param>
        static abstract TSelf operator *(TSelf left, double right);

        /// <summary>A value times every lane.</summary>
        /// <param name="left">The factor.</param>
        /// <param name="right">The lanes.</param>
        static abstract TSelf operator *(double left, TSelf right);

        /// <summary>Every lane divided by a value.</summary>
        /// <param name="left">The lanes.</param>
        /// <param name="right">The divisor.</param>
        static abstract TSelf operator /(TSelf left, double right);

        /// <summary>Whether every lane equals <paramref name="right"/>.</summary>
        /// <param name="left">The lanes.</param>
        /// <param name="right">The number.</param>
        static abstract bool operator ==(TSelf left, double right);

        /// <summary>
        /// Whether some lane differs from <paramref name="right"/>. A reverse sweep in lanes skips an adjoint's step
        /// only when every lane of the adjoint is zero (<c>if (a != 0)</c>).
        /// </summary>
        /// <param name="left">The lanes.</param>
        /// <param name="right">The number.</param>
        static abstract bool operator !=(TSelf left, double right);

        /// <summary>
        /// Writes lanes 0 to <paramref name="count"/> − 1 to <paramref name="destination"/>, <paramref name="stride"/>
        /// numbers apart: one element's entries in that many rows of a Jacobian.
        /// </summary>
        /// <param name="destination">Where lane 0 goes.</param>
        /// <param name="stride">How many numbers apart the lanes go.</param>
        /// <param name="count">How many lanes, 1 to <see cref="Width"/>; the caller checks it.</param>
        /// <returns>Whether one of the lanes written is NaN (the others, unseeded, may be NaN without harm).</returns>
        /// <remarks>
        /// The lanes are taken out of a register, not read back from memory one number at a time: a number loaded from
        /// the upper half of a vector just stored waits for the store, which made reading a Jacobian out of its lanes
        /// cost a third of the pullback that filled them.
        /// </remarks>
        bool Scatter(ref double destination, int stride, int count);

        /// <summary><c>target += seed · scale</c> with fused multiply-adds: the increment of a reverse sweep in lanes.</summary>
        /// <param name="target">The adjoint added into.</param>
        /// <param name="seed">The seed, one per lane.</param>
        /// <param name="scale">The partial the seed is scaled by, the same in every lane.</param>
        static abstract void AddScaled(ref TSelf target, TSelf seed, double scale);
    }
}
