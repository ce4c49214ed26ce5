using System.Collections.Generic;
using Diff.NN;
using Diff.Optim;

namespace Diff.Runtime.Tests.Optim
{
    /// <summary>
    /// Drives an optimizer for a few steps with known gradients, and the same steps computed
    /// independently in double from PyTorch's documented algorithm, then compares.
    /// </summary>
    internal static class OptimizerReference
    {
        // 11 elements: more than one SIMD vector of floats on common hardware, plus a scalar tail.
        public static readonly double[] Initial = { 0.5, -1.25, 2.0, 0.1, -0.3, 1.7, -2.2, 0.05, 0.9, -0.6, 3.1 };

        /// <summary>The gradient at step <paramref name="step"/> (from 1): deterministic and varied in sign and size.</summary>
        public static double[] Gradient(int step, double[] value)
        {
            double[] gradient = new double[value.Length];
            for (int i = 0; i < value.Length; i++)
            {
                // Depends on the current value too, as a real loss's gradient does.
                gradient[i] = Math.Sin(1.3 * i + step) * (1 + 0.25 * step) + 0.2 * value[i];
            }

            return gradient;
        }

        public static Parameter NewParameter() => new Parameter(Tensor.FromArray(ToFloats(Initial), Initial.Length));

        /// <summary>Runs <paramref name="steps"/> steps of <paramref name="optimizer"/> on <paramref name="parameter"/>.</summary>
        public static void Run(Optimizer optimizer, Parameter parameter, int steps)
        {
            for (int step = 1; step <= steps; step++)
            {
                optimizer.ZeroGrad();
                parameter.AccumulateGrad(Tensor.FromArray(ToFloats(Gradient(step, ToDoubles(parameter.Value.ToArray()))), Initial.Length));
                optimizer.Step();
            }
        }

        /// <summary>Runs <paramref name="steps"/> steps of <paramref name="update"/> in double.</summary>
        public static double[] Expected(int steps, Action<int, double[], double[]> update)
        {
            double[] value = (double[])Initial.Clone();
            for (int step = 1; step <= steps; step++)
            {
                update(step, value, Gradient(step, value));
            }

            return value;
        }

        public static void AssertClose(double[] expected, Parameter parameter)
        {
            float[] actual = parameter.Value.ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(
                    Math.Abs(expected[i] - actual[i]) <= 2e-5 * Math.Max(1, Math.Abs(expected[i])),
                    $"element {i}: expected {expected[i]}, got {actual[i]}");
            }
        }

        public static float[] ToFloats(double[] values)
        {
            float[] result = new float[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                result[i] = (float)values[i];
            }

            return result;
        }

        public static double[] ToDoubles(float[] values)
        {
            double[] result = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                result[i] = values[i];
            }

            return result;
        }

        /// <summary>A per-element state buffer for the reference updates.</summary>
        public static double[] Zeros() => new double[Initial.Length];

        public static IEnumerable<Parameter> One(Parameter parameter) => new[] { parameter };
    }
}
