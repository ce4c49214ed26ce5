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

        /// <summary>
        /// SGD's step from PyTorch's documented algorithm, in double, as an update of (step from 1, values, gradient); the
        /// momentum buffer lives in the returned closure.
        /// </summary>
        public static Action<int, double[], double[]> SgdFormula(double lr, double momentum, double dampening, double weightDecay, bool nesterov)
        {
            double[]? buffer = null;
            return (step, p, g) =>
            {
                buffer ??= new double[p.Length];
                for (int i = 0; i < p.Length; i++)
                {
                    double gi = g[i] + weightDecay * p[i];
                    if (momentum == 0)
                    {
                        p[i] -= lr * gi;
                        continue;
                    }

                    buffer[i] = step == 1 ? gi : momentum * buffer[i] + (1 - dampening) * gi;
                    p[i] -= lr * (nesterov ? gi + momentum * buffer[i] : buffer[i]);
                }
            };
        }

        /// <summary>Adam's step (AdamW's with <paramref name="decoupled"/>), as <see cref="SgdFormula"/>.</summary>
        public static Action<int, double[], double[]> AdamFormula(double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
        {
            double[]? m = null, v = null;
            return (step, p, g) =>
            {
                m ??= new double[p.Length];
                v ??= new double[p.Length];
                for (int i = 0; i < p.Length; i++)
                {
                    double gi = g[i];
                    if (decoupled)
                    {
                        p[i] -= lr * weightDecay * p[i];
                    }
                    else
                    {
                        gi += weightDecay * p[i];
                    }

                    m[i] = beta1 * m[i] + (1 - beta1) * gi;
                    v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                    double mHat = m[i] / (1 - Math.Pow(beta1, step));
                    double vHat = v[i] / (1 - Math.Pow(beta2, step));
                    p[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
                }
            };
        }

        /// <summary>RMSprop's step, as <see cref="SgdFormula"/>.</summary>
        public static Action<int, double[], double[]> RmspropFormula(double lr, double alpha, double eps, double weightDecay, double momentum, bool centered)
        {
            double[]? square = null, mean = null, buffer = null;
            return (step, p, g) =>
            {
                square ??= new double[p.Length];
                mean ??= new double[p.Length];
                buffer ??= new double[p.Length];
                for (int i = 0; i < p.Length; i++)
                {
                    double gi = g[i] + weightDecay * p[i];
                    square[i] = alpha * square[i] + (1 - alpha) * gi * gi;
                    double variance = square[i];
                    if (centered)
                    {
                        mean[i] = alpha * mean[i] + (1 - alpha) * gi;
                        variance -= mean[i] * mean[i];
                    }

                    double scaled = gi / (Math.Sqrt(variance) + eps);
                    buffer[i] = momentum > 0 ? momentum * buffer[i] + scaled : scaled;
                    p[i] -= lr * buffer[i];
                }
            };
        }

        public static IEnumerable<Parameter> One(Parameter parameter) => new[] { parameter };
    }
}
