using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Diff.Internal
{
    /// <summary>The argument checks of generated <c>MGradient</c> and <c>MPullback</c> methods.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class AdjointChecks
    {
        /// <summary>An adjoint tensor must be null (not wanted) or have its parameter's shape.</summary>
        /// <param name="value">The parameter.</param>
        /// <param name="adjoint">Its adjoint, or null.</param>
        /// <param name="adjointName">The adjoint parameter's name, for the message.</param>
        public static void CheckAdjoint(Tensor? value, Tensor? adjoint, string adjointName)
        {
            if (adjoint is null || value is null)
            {
                return;
            }

            if (!SameShape(value.Shape, adjoint.Shape))
            {
                throw new ArgumentException(
                    $"The adjoint has shape {Format(adjoint.Shape)} but its parameter has shape {Format(value.Shape)}; pass a tensor of the parameter's shape (for example Tensor.ZerosLike), or null.",
                    adjointName);
            }
        }

        /// <summary>An adjoint buffer must have its parameter's length.</summary>
        /// <param name="length">The parameter's length.</param>
        /// <param name="adjointLength">The adjoint's length.</param>
        /// <param name="adjointName">The adjoint parameter's name, for the message.</param>
        /// <param name="parameterName">The parameter's name, for the message.</param>
        /// <remarks>Inlined, with the message built out of line: a pullback called once per observation checks every buffer.</remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void CheckLength(int length, int adjointLength, string adjointName, string parameterName)
        {
            if (length != adjointLength)
            {
                ThrowLengthMismatch(length, adjointLength, adjointName, parameterName);
            }
        }

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowLengthMismatch(int length, int adjointLength, string adjointName, string parameterName) =>
            throw new ArgumentException(
                $"{adjointName} has length {adjointLength} but {parameterName} has length {length}; pass an adjoint buffer of the parameter's length.",
                adjointName);

        /// <summary>
        /// Two slices of one buffer given to a call that writes one of them must not overlap: the generated code gives the
        /// callee a copy of each, which means what the two views mean only where neither sees the other's writes.
        /// </summary>
        /// <param name="start">The first slice's start.</param>
        /// <param name="length">The first slice's length.</param>
        /// <param name="otherStart">The second slice's start.</param>
        /// <param name="otherLength">The second slice's length.</param>
        /// <param name="slice">The first slice as written, for the message.</param>
        /// <param name="otherSlice">The second slice as written, for the message.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void CheckSlicesApart(int start, int length, int otherStart, int otherLength, string slice, string otherSlice)
        {
            if (length > 0 && otherLength > 0 && start < otherStart + otherLength && otherStart < start + length)
            {
                ThrowSlicesOverlap(start, length, otherStart, otherLength, slice, otherSlice);
            }
        }

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowSlicesOverlap(int start, int length, int otherStart, int otherLength, string slice, string otherSlice) =>
            throw new InvalidOperationException(
                $"The slices {slice} (elements {start} to {start + length - 1}) and {otherSlice} (elements {otherStart} to {otherStart + otherLength - 1}) "
                + "of one buffer overlap, and the call writes one of them. The derivative gives the callee a copy of each slice, so it would not see "
                + "one slice's writes through the other as the method does; pass slices that do not overlap, or copy one into an array of its own.");

        /// <summary><c>MJacobian</c> fills a dense rows × columns matrix: its buffer must hold exactly that many elements.</summary>
        /// <param name="length">The length of the Jacobian buffer passed.</param>
        /// <param name="rows">The number of outputs (elements of the buffers the method writes).</param>
        /// <param name="columns">The number of inputs (the differentiable scalars and elements of the buffers it only reads).</param>
        /// <param name="name">The Jacobian parameter's name.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void CheckJacobian(int length, int rows, int columns, string name)
        {
            if ((long)rows * columns != length)
            {
                ThrowJacobianMismatch(length, rows, columns, name);
            }
        }

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowJacobianMismatch(int length, int rows, int columns, string name) =>
            throw new ArgumentException(
                $"{name} has length {length} but the Jacobian is {rows} × {columns} (outputs × inputs) = {(long)rows * columns}; pass a buffer of that length, row-major.",
                name);

        /// <summary><c>MGradient</c> seeds the result with 1, which only makes sense for one element (PyTorch's rule for <c>backward()</c>).</summary>
        /// <param name="result">The method's result.</param>
        /// <param name="method">The method's name, for the message.</param>
        public static void CheckOneElement(Tensor result, string method)
        {
            if (result.Count != 1)
            {
                throw new InvalidOperationException(
                    $"{method}Gradient needs {method} to return one element, but it returned shape {Format(result.Shape)}; call {method}Pullback with the result's gradient instead.");
            }
        }

        /// <summary>The gradient given to <c>MPullback</c> must have the result's shape.</summary>
        /// <param name="result">The method's result.</param>
        /// <param name="resultGradient">The gradient of the result.</param>
        /// <param name="method">The method's name, for the message.</param>
        public static void CheckResultGradient(Tensor result, Tensor resultGradient, string method)
        {
            if (resultGradient is null)
            {
                throw new ArgumentNullException("dResult");
            }

            if (!SameShape(result.Shape, resultGradient.Shape))
            {
                throw new ArgumentException(
                    $"{method} returned shape {Format(result.Shape)} but dResult has shape {Format(resultGradient.Shape)}.",
                    "dResult");
            }
        }

        private static bool SameShape(int[] left, int[] right) => left.AsSpan().SequenceEqual(right);

        private static string Format(int[] shape) => "[" + string.Join(", ", shape) + "]";
    }
}
