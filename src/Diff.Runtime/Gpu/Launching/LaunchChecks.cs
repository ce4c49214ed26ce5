using System;
using System.Globalization;

namespace Diff.Gpu
{
    /// <summary>
    /// The argument checks of generated kernel launchers, run before a launch: a kernel that reads past
    /// a view's end does not throw on a GPU, it reads or corrupts other memory.
    /// </summary>
    public static class LaunchChecks
    {
        /// <summary>Two views that a kernel indexes alike must have the same length.</summary>
        /// <param name="actual">The length of <paramref name="argument"/>.</param>
        /// <param name="expected">The length of <paramref name="relatedArgument"/>.</param>
        /// <param name="argument">The checked argument's name (an adjoint view, say), for the exception.</param>
        /// <param name="relatedArgument">The name of the argument it must match (its primal view, say).</param>
        /// <exception cref="ArgumentException">The lengths differ; <see cref="ArgumentException.ParamName"/> is <paramref name="argument"/>.</exception>
        public static void CheckLength(long actual, long expected, string argument, string relatedArgument)
        {
            if (actual != expected)
            {
                throw new ArgumentException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{argument} has length {actual} but {relatedArgument} has length {expected}; {argument} must be as long as {relatedArgument}, as an adjoint view must be as long as its primal view."),
                    argument);
            }
        }

        /// <summary>A view must hold at least as many elements as the launch reads or writes.</summary>
        /// <param name="actual">The length of <paramref name="argument"/>.</param>
        /// <param name="required">The number of elements the launch needs.</param>
        /// <param name="argument">The checked argument's name, for the exception.</param>
        /// <param name="extentDescription">What requires that many, for the message: "the launch extent n = 4096", say.</param>
        /// <exception cref="ArgumentException">The view is too short; <see cref="ArgumentException.ParamName"/> is <paramref name="argument"/>.</exception>
        public static void CheckAtLeast(long actual, long required, string argument, string extentDescription)
        {
            if (actual < required)
            {
                throw new ArgumentException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{argument} has length {actual} but must have at least {required} elements for {extentDescription}."),
                    argument);
            }
        }

        /// <summary>The adjoint of a scalar kernel argument is a view of exactly one element.</summary>
        /// <param name="actual">The length of <paramref name="argument"/>.</param>
        /// <param name="argument">The adjoint view's name, for the exception.</param>
        /// <exception cref="ArgumentException">The length is not 1; <see cref="ArgumentException.ParamName"/> is <paramref name="argument"/>.</exception>
        public static void CheckScalarAdjoint(long actual, string argument)
        {
            if (actual != 1)
            {
                throw new ArgumentException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{argument} has length {actual} but must have length 1: the adjoint of a scalar argument is a view of one element, into which the kernel accumulates."),
                    argument);
            }
        }
    }
}
