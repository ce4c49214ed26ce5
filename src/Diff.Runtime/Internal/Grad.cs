using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Diff.Internal
{
    /// <summary>
    /// Helpers for the registered backward of tensor ops and for generated tensor-mode adjoints:
    /// whether a gradient slot is wanted, and how a contribution is added to it.
    /// </summary>
    /// <remarks>
    /// A slot is a <c>ref Tensor?</c>. Generated code passes <c>ref Unsafe.NullRef&lt;Tensor?&gt;()</c>
    /// for a gradient nobody needs; a null tensor in a real slot means "zero so far". Adjoint tensors
    /// are treated as values: one tensor may sit in several slots, so nothing here ever writes into a
    /// tensor already stored in a slot.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Grad
    {
        /// <summary>Whether the caller wants the gradient that goes into <paramref name="slot"/>.</summary>
        /// <param name="slot">The gradient slot, possibly a null reference.</param>
        /// <returns>False when <paramref name="slot"/> is a null reference, so the backward can skip that work.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Wanted(ref Tensor? slot) => !Unsafe.IsNullRef(ref slot);

        /// <summary>
        /// Adds <paramref name="contribution"/> to the gradient in <paramref name="slot"/>: stores it
        /// when the slot is empty, otherwise stores a new tensor holding the sum.
        /// </summary>
        /// <param name="slot">The gradient slot; nothing happens when it is a null reference.</param>
        /// <param name="contribution">The contribution, with the slot's shape; it may be stored as is, so it must not be mutated later.</param>
        public static void Accumulate(ref Tensor? slot, Tensor contribution)
        {
            if (Unsafe.IsNullRef(ref slot))
            {
                return;
            }

            slot = slot is null ? contribution : Tensor.AddSameShape(slot, contribution, nameof(contribution));
        }
    }
}
