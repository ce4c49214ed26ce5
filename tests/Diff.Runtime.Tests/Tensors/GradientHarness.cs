using System.Linq;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>
    /// Checks a registered backward against central finite differences of a double-precision
    /// reference of the op, so the comparison is limited by the float32 backward, not by the check.
    /// </summary>
    internal static class GradientHarness
    {
        /// <summary>Calls a backward with one gradient slot per tensor input.</summary>
        public delegate void Backward(Tensor[] inputs, Tensor result, Tensor dResult, Tensor?[] gradients);

        /// <summary>
        /// Draws inputs, checks the forward against <paramref name="reference"/>, then checks every
        /// input's gradient of Σ u·f(x), for a random output direction u, element by element.
        /// </summary>
        public static void Check(
            int[][] shapes,
            Func<Tensor[], Tensor> forward,
            Func<double[][], double[]> reference,
            Backward backward,
            int seed = 7,
            Func<double, bool>? allowed = null,
            double low = -2,
            double high = 2)
        {
            var random = new System.Random(seed);
            double[][] x = shapes.Select(s => Draw(random, Reference.Count(s), allowed, low, high)).ToArray();
            Tensor[] inputs = x.Select((values, i) => Tensor.FromArray(values.Select(v => (float)v).ToArray(), shapes[i])).ToArray();
            float[][] inputsBefore = inputs.Select(t => t.ToArray()).ToArray();

            Tensor result = forward(inputs);
            double[] expected = reference(x);
            Assert.Equal(expected.Length, result.Count);
            float[] actual = result.ToArray();
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(
                    Math.Abs(actual[i] - expected[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])),
                    $"forward element {i}: got {actual[i]}, expected {expected[i]}");
            }

            double[] u = Draw(random, result.Count, null, -1, 1);
            Tensor dResult = Tensor.FromArray(u.Select(v => (float)v).ToArray(), result.Shape);
            var gradients = new Tensor?[shapes.Length];
            backward(inputs, result, dResult, gradients);

            Assert.Equal(u.Select(v => (float)v).ToArray(), dResult.ToArray());
            for (int i = 0; i < inputs.Length; i++)
            {
                Assert.Equal(inputsBefore[i], inputs[i].ToArray());
            }

            for (int input = 0; input < shapes.Length; input++)
            {
                Tensor? gradient = gradients[input];
                Assert.NotNull(gradient);
                Assert.Equal(shapes[input], gradient!.Shape);
                float[] g = gradient.ToArray();
                for (int j = 0; j < g.Length; j++)
                {
                    double numeric = CentralDifference(reference, x, u, input, j);
                    Assert.True(
                        Math.Abs(g[j] - numeric) <= 1e-4 * Math.Max(1, Math.Abs(numeric)),
                        $"gradient of input {input} at {j}: got {g[j]}, finite differences give {numeric}");
                }
            }
        }

        private static double CentralDifference(Func<double[][], double[]> reference, double[][] x, double[] u, int input, int j)
        {
            double original = x[input][j];
            double h = 1e-6 * Math.Max(1, Math.Abs(original));
            x[input][j] = original + h;
            double plus = Dot(u, reference(x));
            x[input][j] = original - h;
            double minus = Dot(u, reference(x));
            x[input][j] = original;
            return (plus - minus) / (2 * h);
        }

        private static double Dot(double[] u, double[] v)
        {
            double sum = 0;
            for (int i = 0; i < u.Length; i++)
            {
                sum += u[i] * v[i];
            }

            return sum;
        }

        /// <summary>Float-representable values in [low, high), so the reference sees exactly the float inputs.</summary>
        private static double[] Draw(System.Random random, int count, Func<double, bool>? allowed, double low, double high)
        {
            var values = new double[count];
            for (int i = 0; i < count; i++)
            {
                double value;
                do
                {
                    value = (float)(low + (high - low) * random.NextDouble());
                }
                while (allowed is not null && !allowed(value));
                values[i] = value;
            }

            return values;
        }
    }
}
