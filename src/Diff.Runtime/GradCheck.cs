using System;
using System.Globalization;

namespace Diff
{
    /// <summary>
    /// Checks a gradient against central finite differences, like PyTorch's <c>gradcheck</c>: use it
    /// in tests of <c>[Differentiable]</c> tensor code (its generated <c>…Gradient</c> method) or of a
    /// hand-written <c>[DerivativeOf]</c> registration.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Tensors are float32, so the check is tuned for single precision rather than PyTorch's double:
    /// </para>
    /// <list type="bullet">
    /// <item>Each element x is moved by h = <c>epsilon</c> · max(1, |x|) both ways (default
    /// <see cref="DefaultEpsilon"/> = 1e-2). The step actually taken is measured after rounding to
    /// float, and differences are formed in double. Truncation error grows like h², float rounding
    /// of the output like 1e-7 · |f| / h; 1e-2 balances the two for well-scaled functions.</item>
    /// <item>An element passes when |analytic − numeric| ≤ <c>tolerance</c> · max(1, |numeric|): a
    /// relative test for large derivatives and an absolute one below 1 (default
    /// <see cref="DefaultTolerance"/> = 1e-2). Non-finite values always fail.</item>
    /// </list>
    /// <para>
    /// Keep inputs away from kinks (0 for Relu and Abs, ties for Max, Clamp's bounds): a step across
    /// one measures a different derivative. The function is evaluated 2·n + 1 times for n input
    /// elements, so keep inputs small. Inputs are perturbed in place and restored exactly. They may be
    /// on any device: there each step copies one element to it.
    /// </para>
    /// </remarks>
    public static class GradCheck
    {
        /// <summary>The default step, relative to max(1, |x|).</summary>
        public const double DefaultEpsilon = 1e-2;

        /// <summary>The default tolerance: relative above 1, absolute below.</summary>
        public const double DefaultTolerance = 1e-2;

        /// <summary>Compares <paramref name="gradient"/> with central differences of <paramref name="function"/>.</summary>
        /// <param name="function">Computes a one-element tensor from the inputs; it must not change them.</param>
        /// <param name="gradient">
        /// Adds d(output)/d(input i) into <c>adjoints[i]</c> (zeroed tensors of the inputs' shapes),
        /// for example by calling a generated <c>…Gradient</c> method.
        /// </param>
        /// <param name="inputs">The point to check at; perturbed during the check and restored.</param>
        /// <param name="epsilon">The step, relative to max(1, |x|); must be positive.</param>
        /// <param name="tolerance">The allowed error, relative to max(1, |numeric|); must be positive.</param>
        /// <returns>The errors, the worst element, and a readable message.</returns>
        /// <exception cref="ArgumentException">An argument is missing or out of range, or the function's result does not have exactly one element.</exception>
        public static GradCheckResult Check(
            Func<Tensor[], Tensor> function,
            Action<Tensor[], Tensor[]> gradient,
            Tensor[] inputs,
            double epsilon = DefaultEpsilon,
            double tolerance = DefaultTolerance)
        {
            ArgumentNullException.ThrowIfNull(function);
            ArgumentNullException.ThrowIfNull(gradient);
            ArgumentNullException.ThrowIfNull(inputs);
            if (inputs.Length == 0)
            {
                throw new ArgumentException("GradCheck needs at least one input.", nameof(inputs));
            }

            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i] is null)
                {
                    throw new ArgumentException($"inputs[{i}] is null.", nameof(inputs));
                }
            }

            if (!(epsilon > 0) || !double.IsFinite(epsilon))
            {
                throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The step must be positive and finite.");
            }

            if (!(tolerance > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be positive.");
            }

            Evaluate(function, inputs);
            var adjoints = new Tensor[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                adjoints[i] = Tensor.ZerosLike(inputs[i]);
            }

            gradient(inputs, adjoints);
            for (int i = 0; i < inputs.Length; i++)
            {
                if (!Tensor.SameShape(adjoints[i].ShapeView, inputs[i].ShapeView))
                {
                    throw new ArgumentException(
                        $"The gradient callback left adjoints[{i}] with shape {Tensor.ShapeText(adjoints[i].ShapeView)}, but input {i} has shape {Tensor.ShapeText(inputs[i].ShapeView)}.",
                        nameof(gradient));
                }
            }

            double maxAbsolute = 0, maxRelative = 0;
            int worstInput = -1, worstIndex = -1, failures = 0, elements = 0;
            double worstAnalytic = 0, worstNumeric = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                // Host copies, so that inputs and adjoints on a device are read once, not element by element.
                float[] x = inputs[i].ToArray();
                float[] analytics = adjoints[i].ToArray();
                for (int j = 0; j < x.Length; j++)
                {
                    elements++;
                    double numeric = CentralDifference(function, inputs, i, j, x[j], epsilon);
                    double analytic = analytics[j];
                    double absolute = Math.Abs(analytic - numeric);
                    double relative = absolute / Math.Max(1.0, Math.Abs(numeric));
                    bool finite = double.IsFinite(analytic) && double.IsFinite(numeric);
                    if (!finite)
                    {
                        absolute = relative = double.PositiveInfinity;
                    }

                    if (relative > tolerance || !finite)
                    {
                        failures++;
                    }

                    if (worstInput < 0 || relative > maxRelative)
                    {
                        worstInput = i;
                        worstIndex = j;
                        worstAnalytic = analytic;
                        worstNumeric = numeric;
                    }

                    maxAbsolute = Math.Max(maxAbsolute, absolute);
                    maxRelative = Math.Max(maxRelative, relative);
                }
            }

            bool passed = failures == 0;
            string message = passed
                ? string.Format(
                    CultureInfo.InvariantCulture,
                    "Gradient check passed: {0} elements of {1} inputs, max absolute error {2:G3}, max relative error {3:G3} (tolerance {4:G3}).",
                    elements, inputs.Length, maxAbsolute, maxRelative, tolerance)
                : string.Format(
                    CultureInfo.InvariantCulture,
                    "Gradient check failed: {0} of {1} elements outside tolerance {2:G3}. Worst: input {3}, element {4} {5}: analytic {6:G6}, numeric {7:G6} (max absolute error {8:G3}, max relative error {9:G3}).",
                    failures, elements, tolerance, worstInput, worstIndex, IndexText(inputs[worstInput].ShapeView, worstIndex),
                    worstAnalytic, worstNumeric, maxAbsolute, maxRelative);
            return new GradCheckResult(passed, maxAbsolute, maxRelative, worstInput, worstIndex, worstAnalytic, worstNumeric, message);
        }

        /// <summary>Like <see cref="Check"/>, but throws when the check fails.</summary>
        /// <param name="function">Computes a one-element tensor from the inputs; it must not change them.</param>
        /// <param name="gradient">Adds d(output)/d(input i) into <c>adjoints[i]</c> (zeroed by the check).</param>
        /// <param name="inputs">The point to check at; perturbed during the check and restored.</param>
        /// <param name="epsilon">The step, relative to max(1, |x|).</param>
        /// <param name="tolerance">The allowed error, relative to max(1, |numeric|).</param>
        /// <exception cref="GradCheckException">The gradient disagrees with finite differences; the message says where.</exception>
        public static void Assert(
            Func<Tensor[], Tensor> function,
            Action<Tensor[], Tensor[]> gradient,
            Tensor[] inputs,
            double epsilon = DefaultEpsilon,
            double tolerance = DefaultTolerance)
        {
            GradCheckResult result = Check(function, gradient, inputs, epsilon, tolerance);
            if (!result.Passed)
            {
                throw new GradCheckException(result);
            }
        }

        private static double CentralDifference(Func<Tensor[], Tensor> function, Tensor[] inputs, int input, int index, float original, double epsilon)
        {
            double h = epsilon * Math.Max(1.0, Math.Abs((double)original));
            float plus = (float)(original + h);
            float minus = (float)(original - h);
            try
            {
                inputs[input].SetElement(index, plus);
                double up = Evaluate(function, inputs);
                inputs[input].SetElement(index, minus);
                double down = Evaluate(function, inputs);

                // Divide by the step actually taken after rounding to float.
                return (up - down) / ((double)plus - minus);
            }
            finally
            {
                inputs[input].SetElement(index, original);
            }
        }

        private static double Evaluate(Func<Tensor[], Tensor> function, Tensor[] inputs)
        {
            Tensor output = function(inputs) ?? throw new ArgumentException("The function returned null.", nameof(function));
            if (output.Count != 1)
            {
                throw new ArgumentException(
                    $"GradCheck needs a function with a one-element result (a loss), but it returned shape {Tensor.ShapeText(output.ShapeView)}.", nameof(function));
            }

            return output.Item();
        }

        private static string IndexText(int[] shape, int flat)
        {
            var index = new int[shape.Length];
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = shape[d] == 0 ? 0 : flat % shape[d];
                flat = shape[d] == 0 ? 0 : flat / shape[d];
            }

            return Tensor.ShapeText(index);
        }
    }

    /// <summary>The outcome of <see cref="GradCheck.Check"/>.</summary>
    /// <param name="Passed">Whether every element was within tolerance.</param>
    /// <param name="MaxAbsoluteError">The largest |analytic − numeric|.</param>
    /// <param name="MaxRelativeError">The largest |analytic − numeric| / max(1, |numeric|), the quantity compared with the tolerance.</param>
    /// <param name="WorstInput">The input holding the element with the largest relative error.</param>
    /// <param name="WorstIndex">That element's row-major index within its input.</param>
    /// <param name="WorstAnalytic">The gradient's value there.</param>
    /// <param name="WorstNumeric">The finite-difference value there.</param>
    /// <param name="Message">A readable summary, naming the worst element when the check failed.</param>
    public sealed record GradCheckResult(
        bool Passed,
        double MaxAbsoluteError,
        double MaxRelativeError,
        int WorstInput,
        int WorstIndex,
        double WorstAnalytic,
        double WorstNumeric,
        string Message)
    {
        /// <summary>The message.</summary>
        /// <returns><see cref="Message"/>.</returns>
        public override string ToString() => Message;
    }

    /// <summary>Thrown by <see cref="GradCheck.Assert"/> when a gradient disagrees with finite differences.</summary>
    public sealed class GradCheckException : Exception
    {
        /// <summary>Creates the exception for a failed check.</summary>
        /// <param name="result">The failed check's result; its message becomes this exception's.</param>
        public GradCheckException(GradCheckResult result)
            : base(result?.Message)
        {
            Result = result!;
        }

        /// <summary>The failed check's result.</summary>
        public GradCheckResult Result { get; }
    }
}
