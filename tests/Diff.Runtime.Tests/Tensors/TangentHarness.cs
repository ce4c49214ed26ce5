using System.Linq;

namespace Diff.Runtime.Tests.Tensors
{
    /// <summary>
    /// Checks a registered tangent rule two ways: against central finite differences of the op itself (float32,
    /// so at smooth, well-conditioned points with a loose tolerance), and against the registered backward through the
    /// identity ⟨backward(u), v⟩ = ⟨u, tangent(v)⟩, which holds at kinks and ties too when both use one convention.
    /// </summary>
    internal static class TangentHarness
    {
        /// <summary>Calls a tangent rule with one tangent per tensor input (null for zero).</summary>
        public delegate Tensor Tangent(Tensor[] inputs, Tensor result, Tensor?[] tangents);

        /// <summary>Values in [low, high) that <paramref name="allowed"/> accepts, in <paramref name="shape"/>.</summary>
        public static Tensor Draw(System.Random random, int[] shape, double low = -2, double high = 2, Func<double, bool>? allowed = null)
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                double value;
                do
                {
                    value = low + (high - low) * random.NextDouble();
                }
                while (allowed is not null && !allowed(value));
                values[i] = (float)value;
            }

            return Tensor.FromArray(values, shape);
        }

        /// <summary>
        /// Checks <paramref name="tangent"/> at <paramref name="inputs"/>. Inputs listed in <paramref name="constant"/>
        /// (masks, conditions, indices) get no direction. With <paramref name="finiteDifferences"/> false (at a kink),
        /// only the identity with the backward is checked.
        /// </summary>
        public static void Check(
            Tensor[] inputs,
            Func<Tensor[], Tensor> forward,
            Tangent tangent,
            GradientHarness.Backward backward,
            int seed = 11,
            bool finiteDifferences = true,
            int[]? constant = null,
            double epsilon = 1e-2,
            double tolerance = 3e-3)
        {
            var random = new System.Random(seed);
            Tensor result = forward(inputs);
            Tensor?[] directions = inputs.Select((x, i) => constant?.Contains(i) == true ? null : Draw(random, x.Shape, -1, 1)).ToArray();
            float[][] before = inputs.Select(x => x.ToArray()).ToArray();

            Tensor jv = tangent(inputs, result, directions);
            Assert.Equal(result.Shape, jv.Shape);
            for (int i = 0; i < inputs.Length; i++)
            {
                Assert.Equal(before[i], inputs[i].ToArray());
            }

            // Null tangents are zeros, and the rule is linear in the tangents: one input at a time adds up to all of them.
            Tensor zero = tangent(inputs, result, new Tensor?[inputs.Length]);
            Assert.Equal(result.Shape, zero.Shape);
            Assert.All(zero.ToArray(), value => Assert.Equal(0f, value));
            double[] sum = new double[result.Count];
            for (int i = 0; i < inputs.Length; i++)
            {
                if (directions[i] is null)
                {
                    continue;
                }

                var only = new Tensor?[inputs.Length];
                only[i] = directions[i];
                float[] part = tangent(inputs, result, only).ToArray();
                for (int j = 0; j < part.Length; j++)
                {
                    sum[j] += part[j];
                }
            }

            float[] all = jv.ToArray();
            for (int j = 0; j < all.Length; j++)
            {
                Assert.True(Math.Abs(sum[j] - all[j]) <= 1e-5 * (1 + Math.Abs(all[j])), $"linearity at {j}: {sum[j]} against {all[j]}");
            }

            // ⟨backward(u), v⟩ = ⟨u, J v⟩.
            Tensor u = Draw(random, result.Shape, -1, 1);
            var gradients = new Tensor?[inputs.Length];
            backward(inputs, result, u, gradients);
            double left = 0, scale = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                if (directions[i] is null || gradients[i] is null)
                {
                    continue;
                }

                float[] g = gradients[i]!.ToArray(), v = directions[i]!.ToArray();
                for (int j = 0; j < g.Length; j++)
                {
                    left += (double)g[j] * v[j];
                    scale += Math.Abs((double)g[j] * v[j]);
                }
            }

            double right = 0;
            float[] uu = u.ToArray();
            for (int j = 0; j < all.Length; j++)
            {
                right += (double)uu[j] * all[j];
                scale += Math.Abs((double)uu[j] * all[j]);
            }

            Assert.True(Math.Abs(left - right) <= 1e-5 * scale + 1e-6, $"⟨backward(u), v⟩ = {left} but ⟨u, tangent(v)⟩ = {right}");

            if (!finiteDifferences)
            {
                return;
            }

            Tensor[] plus = inputs.Select((x, i) => directions[i] is null ? x : x + directions[i]! * (float)epsilon).ToArray();
            Tensor[] minus = inputs.Select((x, i) => directions[i] is null ? x : x - directions[i]! * (float)epsilon).ToArray();
            float[] up = forward(plus).ToArray(), down = forward(minus).ToArray();
            for (int j = 0; j < all.Length; j++)
            {
                double numeric = ((double)up[j] - down[j]) / (2 * epsilon);
                Assert.True(
                    Math.Abs(numeric - all[j]) <= tolerance * (1 + Math.Abs(numeric)),
                    $"tangent element {j}: got {all[j]}, finite differences give {numeric}");
            }
        }
    }
}
