namespace Diff.Runtime.Tests.NN
{
    /// <summary>
    /// Central differences of a scalar function of a tensor's elements, for checking generated
    /// gradients. The tensors are float32, so the step is large and the tolerance loose.
    /// </summary>
    internal static class FiniteDifferences
    {
        private const float Step = 1e-2f;

        /// <summary>∂f/∂x for every element of <paramref name="x"/>, perturbing it in place and restoring it.</summary>
        public static double[] Gradient(Func<double> f, Tensor x)
        {
            double[] gradient = new double[x.Count];
            for (int i = 0; i < gradient.Length; i++)
            {
                float saved = x.AsSpan()[i];
                x.AsSpan()[i] = saved + Step;
                double plus = f();
                x.AsSpan()[i] = saved - Step;
                double minus = f();
                x.AsSpan()[i] = saved;
                gradient[i] = (plus - minus) / (2.0 * Step);
            }

            return gradient;
        }

        /// <summary>Σ weights ⊙ tensor in double: turns a tensor output into the scalar a pullback's seed describes.</summary>
        public static double Dot(Tensor tensor, Tensor weights)
        {
            float[] values = tensor.ToArray();
            float[] w = weights.ToArray();
            Assert.Equal(w.Length, values.Length);
            double sum = 0;
            for (int i = 0; i < values.Length; i++)
            {
                sum += (double)values[i] * w[i];
            }

            return sum;
        }

        public static void AssertClose(double[] expected, Tensor? actual, string what)
        {
            Assert.True(actual is not null, what + ": no gradient");
            float[] values = actual!.ToArray();
            Assert.Equal(expected.Length, values.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(
                    Math.Abs(expected[i] - values[i]) <= 2e-3 + 2e-2 * Math.Abs(expected[i]),
                    $"{what}[{i}]: finite differences give {expected[i]}, the generated gradient {values[i]}");
            }
        }
    }
}
